//! The drill files, `lessons/drills/*.md` (embedded by `build.rs`): Markdown prose around fenced
//! blocks of two kinds.
//!
//! ```` ```nplus1 id=SLUG [topic="..."] ```` — "spot the N+1 and fix it": `task:` (what the code
//! is for), `setup:`, `code:` (the code with the N+1), `hint:`, `fix:` (the reference fix) and
//! `why:` (the point, shown after answering).
//!
//! ```` ```whichsql id=SLUG [topic="..."] ```` — "which SQL does this QuerySet produce?": `setup:`,
//! `code:` (one input whose evaluation sends one query), `mistakes:` (names of the wrong
//! variants always offered, the point of the drill) and `why:`.
//!
//! A keyed line starts at column 0; an indented line continues the key above it: for `code`,
//! `fix` and `setup` it is one more source line (less the width of `key: `, so a line written
//! under the value keeps its Python indentation), for the prose keys more words. Source lines are grouped into inputs as the shell
//! groups them (a block ends at the next unindented line). Parsing never fails: what it cannot
//! read becomes a [`Problem`] that `ormlab lesson --check` reports with its line.

use crate::lesson::parse::{Problem, options};
use crate::repl::input::Blocks;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NPlusOneDrill {
    /// The file's name and the line of the opening fence.
    pub file: String,
    pub line: usize,
    pub id: String,
    pub topic: String,
    pub task: String,
    pub setup: Vec<String>,
    /// The inputs of the code with the N+1.
    pub code: Vec<String>,
    pub hints: Vec<String>,
    /// The inputs of the reference fix.
    pub fix: Vec<String>,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SqlDrill {
    pub file: String,
    pub line: usize,
    pub id: String,
    pub topic: String,
    pub setup: Vec<String>,
    /// The one input whose SQL is asked for.
    pub code: String,
    /// Names of the mistakes (see `mutate.rs`) always among the wrong candidates.
    pub mistakes: Vec<String>,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DrillFile {
    pub file: String,
    pub n_plus_one: Vec<NPlusOneDrill>,
    pub which_sql: Vec<SqlDrill>,
    pub problems: Vec<Problem>,
}

/// The topic drills get when their block names none: the bank section they belong to.
const DEFAULT_NPLUS1_TOPIC: &str = "Performance Questions";
const DEFAULT_SQL_TOPIC: &str = "Intermediate Questions";

/// A block's keyed values, in order: (key, line, text); continuation lines already joined.
fn keyed(
    body: &[(usize, &str)],
    keys: &[&str],
    problems: &mut Vec<Problem>,
) -> Vec<(String, usize, Vec<String>)> {
    let mut out: Vec<(String, usize, Vec<String>)> = Vec::new();
    for &(line, text) in body {
        if text.trim().is_empty() {
            continue;
        }
        if text.starts_with([' ', '\t']) {
            match out.last_mut() {
                // Written under the value (`code: for ...` / `          print(...)`), a line is
                // dedented by the width of `key: ` so that Python sees its real indentation.
                Some((key, _, lines)) => {
                    let pad = " ".repeat(key.len() + 2);
                    lines.push(text.strip_prefix(pad.as_str()).unwrap_or(text).to_string())
                }
                None => problems.push(Problem {
                    line,
                    message: "an indented line continues a key, but no key came before".into(),
                }),
            }
            continue;
        }
        match text.split_once(':') {
            Some((k, v)) if keys.contains(&k) => {
                out.push((
                    k.to_string(),
                    line,
                    vec![v.strip_prefix(' ').unwrap_or(v).into()],
                ));
            }
            _ => problems.push(Problem {
                line,
                message: format!(
                    "lines here are {} (an indented line continues the one above)",
                    keys.iter()
                        .map(|k| format!("`{k}:`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
    }
    out
}

/// Source lines → shell inputs (a `for` block with its body is one input).
fn inputs(lines: &[String]) -> Vec<String> {
    let mut b = Blocks::new();
    let mut out = Vec::new();
    for l in lines {
        out.extend(b.push(l));
    }
    out.extend(b.take());
    out
}

/// Prose lines → one line of text.
fn words(lines: &[String]) -> String {
    lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")
}

/// Parses one drill file (`file` is its name).
pub fn parse_drills(file: &str, text: &str) -> DrillFile {
    let mut df = DrillFile {
        file: file.to_string(),
        ..Default::default()
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let Some(info) = lines[i].strip_prefix("```") else {
            i += 1;
            continue;
        };
        let start = i + 1;
        let word = info.split_whitespace().next().unwrap_or("");
        let mut body = Vec::new();
        let mut j = i + 1;
        while j < lines.len() && lines[j].trim_end() != "```" {
            body.push((j + 1, lines[j]));
            j += 1;
        }
        if j == lines.len() {
            df.problems.push(Problem {
                line: start,
                message: "this fenced block is never closed".into(),
            });
        }
        i = j + 1;
        let (mut id, mut topic) = (String::new(), String::new());
        if matches!(word, "nplus1" | "whichsql") {
            for (k, v) in options(info[word.len()..].trim()) {
                match (k.as_str(), v) {
                    ("id", Some(v)) => id = v,
                    ("topic", Some(v)) => topic = v,
                    (other, _) => df.problems.push(Problem {
                        line: start,
                        message: format!("unknown {word} option `{other}`"),
                    }),
                }
            }
            if id.is_empty() {
                df.problems.push(Problem {
                    line: start,
                    message: format!("a {word} block needs `id=SLUG`"),
                });
            }
        }
        match word {
            "nplus1" => {
                let mut d = NPlusOneDrill {
                    file: file.into(),
                    line: start,
                    id,
                    topic: if topic.is_empty() {
                        DEFAULT_NPLUS1_TOPIC.into()
                    } else {
                        topic
                    },
                    ..Default::default()
                };
                let (mut code, mut fix, mut setup) = (Vec::new(), Vec::new(), Vec::new());
                let keys = ["task", "setup", "code", "hint", "fix", "why"];
                for (k, _, v) in keyed(&body, &keys, &mut df.problems) {
                    match k.as_str() {
                        "task" => d.task = words(&v),
                        "setup" => setup.extend(v),
                        "code" => code.extend(v),
                        "hint" => d.hints.push(words(&v)),
                        "fix" => fix.extend(v),
                        _ => d.why = words(&v),
                    }
                }
                (d.setup, d.code, d.fix) = (inputs(&setup), inputs(&code), inputs(&fix));
                for (missing, what) in [
                    (d.task.is_empty(), "task"),
                    (d.code.is_empty(), "code"),
                    (d.fix.is_empty(), "fix"),
                ] {
                    if missing {
                        df.problems.push(Problem {
                            line: start,
                            message: format!("nplus1 `{}` has no `{what}:`", d.id),
                        });
                    }
                }
                df.n_plus_one.push(d);
            }
            "whichsql" => {
                let mut d = SqlDrill {
                    file: file.into(),
                    line: start,
                    id,
                    topic: if topic.is_empty() {
                        DEFAULT_SQL_TOPIC.into()
                    } else {
                        topic
                    },
                    ..Default::default()
                };
                let mut code = Vec::new();
                let keys = ["setup", "code", "mistakes", "why"];
                for (k, _, v) in keyed(&body, &keys, &mut df.problems) {
                    match k.as_str() {
                        "setup" => d.setup.extend(inputs(&v)),
                        "mistakes" => d.mistakes.extend(
                            words(&v)
                                .split([',', ' '])
                                .filter(|w| !w.is_empty())
                                .map(String::from),
                        ),
                        "code" => code.extend(v),
                        _ => d.why = words(&v),
                    }
                }
                let code = inputs(&code);
                match code.as_slice() {
                    [one] => d.code = one.clone(),
                    _ => df.problems.push(Problem {
                        line: start,
                        message: format!("whichsql `{}` needs exactly one `code:` input", d.id),
                    }),
                }
                if d.why.is_empty() {
                    df.problems.push(Problem {
                        line: start,
                        message: format!("whichsql `{}` has no `why:`", d.id),
                    });
                }
                df.which_sql.push(d);
            }
            // Any other fenced block is prose.
            _ => {}
        }
    }
    df
}

/// The drill files built into the binary.
pub fn embedded_drills() -> Vec<DrillFile> {
    crate::lesson::embedded_drill_files()
        .iter()
        .map(|(name, text)| parse_drills(name, text))
        .collect()
}

/// The drill files of a directory (`*.md` except README.md), in file-name order.
pub fn drills_in(dir: &std::path::Path) -> Result<Vec<DrillFile>, String> {
    crate::lesson::markdown_files_in(dir, parse_drills)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keys_and_continuations() {
        let text = "# Drills\n\nProse.\n\n```nplus1 id=pub topic=\"Basic Questions\"\ntask: Print the\n  publisher names.\ncode: for b in Book.objects.all()[:3]:\n          print(b.publisher.name)\nhint: One.\nfix: for b in Book.objects.select_related(\"publisher\")[:3]:\n         print(b.publisher.name)\nwhy: Because.\n```\n\n```whichsql id=q\ncode: Book.objects.filter(\n          pages__gt=3)\nwhy: Joins.\n```\n\n```whichsql\nnope: x\n```\n";
        let df = parse_drills("d.md", text);
        let n = &df.n_plus_one[0];
        assert_eq!(n.id, "pub");
        assert_eq!(n.topic, "Basic Questions");
        assert_eq!(n.task, "Print the publisher names.");
        assert_eq!(
            n.code,
            ["for b in Book.objects.all()[:3]:\n    print(b.publisher.name)"]
        );
        assert_eq!(
            n.fix,
            [
                "for b in Book.objects.select_related(\"publisher\")[:3]:\n    print(b.publisher.name)"
            ]
        );
        assert_eq!(n.hints, ["One."]);
        assert_eq!(
            df.which_sql[0].code,
            "Book.objects.filter(\n    pages__gt=3)"
        );
        assert_eq!(df.which_sql[0].topic, DEFAULT_SQL_TOPIC);
        let msgs: Vec<&str> = df.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs[0].contains("needs `id=SLUG`"), "{msgs:?}");
    }
}
