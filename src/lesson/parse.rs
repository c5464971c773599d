//! The lesson file format: `lessons/NN-slug.md`, Markdown with a `# Title` first line, a
//! ```` ```questions ```` block, ```` ```ormlab [queries=N] [expect_error] ```` demonstration
//! blocks, ```` ```exercise id=SLUG [ordered] [max_queries=N] [no_n_plus_one] ```` exercises and
//! ```` ```answer q="<question>" ```` model answers. Parsing never fails: what it cannot read
//! becomes a [`Problem`] that `ormlab lesson --check` reports with its line.

/// One input line of a block, with its 1-based line number in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Demo {
    /// Line of the opening fence.
    pub line: usize,
    pub queries: Option<usize>,
    pub expect_error: bool,
    pub inputs: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Exercise {
    pub line: usize,
    pub id: String,
    pub ordered: bool,
    pub max_queries: Option<usize>,
    pub no_n_plus_one: bool,
    pub task: String,
    pub hints: Vec<String>,
    pub setup: Vec<Line>,
    pub answer: Vec<Line>,
}

/// A model answer for a bank question (```` ```answer q="..." ````).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelAnswer {
    pub line: usize,
    pub question: String,
    pub text: String,
    /// The runnable example (a body line starting `>>> `), without the prompt.
    pub example: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Prose(String),
    Demo(Demo),
    Exercise(Exercise),
    /// A model answer, where the lesson has it (also in [`Lesson::answers`]).
    Answer(ModelAnswer),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// The file name (`03-filtering.md`).
    pub file: String,
    /// The file stem (`03-filtering`).
    pub slug: String,
    /// The number prefix (`3`), when the name has one.
    pub number: Option<u32>,
    pub title: String,
    pub questions: Vec<Line>,
    pub items: Vec<Item>,
    pub answers: Vec<ModelAnswer>,
    pub problems: Vec<Problem>,
}

impl Lesson {
    pub fn exercises(&self) -> impl Iterator<Item = &Exercise> {
        self.items.iter().filter_map(|i| match i {
            Item::Exercise(e) => Some(e),
            _ => None,
        })
    }

    pub fn demos(&self) -> impl Iterator<Item = &Demo> {
        self.items.iter().filter_map(|i| match i {
            Item::Demo(d) => Some(d),
            _ => None,
        })
    }
}

/// `key=value` options and bare flags of an info string, after its first word.
pub(crate) fn options(info: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = info.trim();
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let eq = rest[..end].find('=');
        match eq {
            Some(i) if rest[i + 1..].starts_with('"') => {
                let key = rest[..i].to_string();
                let after = &rest[i + 2..];
                let close = after.find('"').unwrap_or(after.len());
                out.push((key, Some(after[..close].to_string())));
                rest = after.get(close + 1..).unwrap_or("").trim_start();
            }
            Some(i) => {
                out.push((rest[..i].to_string(), Some(rest[i + 1..end].to_string())));
                rest = rest[end..].trim_start();
            }
            None => {
                out.push((rest[..end].to_string(), None));
                rest = rest[end..].trim_start();
            }
        }
    }
    out
}

fn number_opt(
    v: &Option<String>,
    key: &str,
    line: usize,
    problems: &mut Vec<Problem>,
) -> Option<usize> {
    match v.as_deref().map(str::parse::<usize>) {
        Some(Ok(n)) => Some(n),
        _ => {
            problems.push(Problem {
                line,
                message: format!("`{key}=` needs a number"),
            });
            None
        }
    }
}

/// The inputs of a demo or setup: non-empty lines not starting with `#`.
fn inputs(body: &[Line]) -> Vec<Line> {
    body.iter()
        .filter(|l| !l.text.trim().is_empty() && !l.text.starts_with('#'))
        .cloned()
        .collect()
}

fn parse_exercise(line: usize, info: &str, body: &[Line], problems: &mut Vec<Problem>) -> Exercise {
    let mut ex = Exercise {
        line,
        ..Default::default()
    };
    for (k, v) in options(info) {
        match k.as_str() {
            "id" => ex.id = v.unwrap_or_default(),
            "ordered" => ex.ordered = true,
            "no_n_plus_one" => ex.no_n_plus_one = true,
            "max_queries" => ex.max_queries = number_opt(&v, "max_queries", line, problems),
            other => problems.push(Problem {
                line,
                message: format!("unknown exercise option `{other}`"),
            }),
        }
    }
    if ex.id.is_empty() {
        problems.push(Problem {
            line,
            message: "an exercise needs `id=SLUG`".into(),
        });
    }
    let mut task: Vec<String> = Vec::new();
    let mut last_key = "";
    for l in body {
        if l.text.trim().is_empty() {
            continue;
        }
        let keyed = match l.text.split_once(':') {
            Some((k, v)) if ["task", "hint", "setup", "answer"].contains(&k.trim()) => {
                Some((k.trim(), v.strip_prefix(' ').unwrap_or(v).to_string()))
            }
            _ => None,
        };
        match keyed {
            None if last_key == "task" => task.push(l.text.trim().to_string()),
            None if last_key == "hint" => {
                if let Some(h) = ex.hints.last_mut() {
                    h.push(' ');
                    h.push_str(l.text.trim());
                }
            }
            None => problems.push(Problem {
                line: l.line,
                message: "exercise lines are `task:`, `hint:`, `setup:` or `answer:`".into(),
            }),
            Some(("task", v)) => {
                last_key = "task";
                task.push(v);
            }
            Some(("hint", v)) => {
                last_key = "hint";
                ex.hints.push(v);
            }
            Some(("setup", v)) => {
                last_key = "setup";
                ex.setup.push(Line {
                    line: l.line,
                    text: v,
                });
            }
            Some((_, v)) => {
                last_key = "answer";
                ex.answer.push(Line {
                    line: l.line,
                    text: v,
                });
            }
        }
    }
    ex.task = task.join("\n");
    if ex.task.trim().is_empty() {
        problems.push(Problem {
            line,
            message: format!("exercise `{}` has no `task:`", ex.id),
        });
    }
    if ex.answer.is_empty() {
        problems.push(Problem {
            line,
            message: format!("exercise `{}` has no `answer:`", ex.id),
        });
    }
    ex
}

fn parse_answer(
    line: usize,
    info: &str,
    body: &[Line],
    problems: &mut Vec<Problem>,
) -> Option<ModelAnswer> {
    let q = options(info)
        .into_iter()
        .find(|(k, _)| k == "q")
        .and_then(|(_, v)| v);
    let Some(question) = q else {
        problems.push(Problem {
            line,
            message: "an answer block needs `q=\"<question>\"`".into(),
        });
        return None;
    };
    let mut text = Vec::new();
    let mut example = None;
    for l in body {
        match l.text.strip_prefix(">>> ") {
            Some(code) if example.is_none() => example = Some(code.trim().to_string()),
            _ => text.push(l.text.clone()),
        }
    }
    Some(ModelAnswer {
        line,
        question,
        text: text.join("\n").trim().to_string(),
        example,
    })
}

/// Parses one lesson file (`file` is its name, e.g. `03-filtering.md`).
pub fn parse_lesson(file: &str, text: &str) -> Lesson {
    let slug = file.strip_suffix(".md").unwrap_or(file).to_string();
    let number = slug
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .filter(|d| !d.is_empty())
        .and_then(|d| d.parse().ok());
    let mut lesson = Lesson {
        file: file.to_string(),
        slug,
        number,
        title: String::new(),
        questions: Vec::new(),
        items: Vec::new(),
        answers: Vec::new(),
        problems: Vec::new(),
    };
    let lines: Vec<&str> = text.lines().collect();
    match lines.first().and_then(|l| l.strip_prefix("# ")) {
        Some(t) => lesson.title = t.trim().to_string(),
        None => lesson.problems.push(Problem {
            line: 1,
            message: "the first line must be `# Title`".into(),
        }),
    }
    let mut prose = String::new();
    let mut i = usize::from(!lesson.title.is_empty());
    while i < lines.len() {
        let raw = lines[i];
        let trimmed = raw.trim_start();
        let fence = if trimmed.starts_with("```") {
            "```"
        } else if trimmed.starts_with("~~~") {
            "~~~"
        } else {
            ""
        };
        if fence.is_empty() {
            prose.push_str(raw);
            prose.push('\n');
            i += 1;
            continue;
        }
        let start = i + 1;
        let info = trimmed
            .trim_start_matches(fence.chars().next().unwrap_or('`'))
            .trim();
        let word = info.split_whitespace().next().unwrap_or("");
        let mut body = Vec::new();
        let mut j = i + 1;
        let mut closed = false;
        while j < lines.len() {
            if lines[j].trim_start().starts_with(fence)
                && lines[j]
                    .trim()
                    .trim_start_matches(fence.chars().next().unwrap_or('`'))
                    .is_empty()
            {
                closed = true;
                break;
            }
            body.push(Line {
                line: j + 1,
                text: lines[j].to_string(),
            });
            j += 1;
        }
        if !closed {
            lesson.problems.push(Problem {
                line: start,
                message: "this fenced block is never closed".into(),
            });
        }
        i = j + 1;
        let rest = info[word.len()..].trim();
        let known = ["questions", "ormlab", "exercise", "answer"];
        if !known.contains(&word) {
            // Any other code block is prose.
            for l in lines.iter().take(i.min(lines.len())).skip(start - 1) {
                prose.push_str(l);
                prose.push('\n');
            }
            continue;
        }
        if !prose.trim().is_empty() {
            lesson.items.push(Item::Prose(std::mem::take(&mut prose)));
        }
        prose.clear();
        match word {
            "questions" => {
                lesson
                    .questions
                    .extend(
                        body.into_iter()
                            .filter(|l| !l.text.trim().is_empty())
                            .map(|l| Line {
                                line: l.line,
                                text: l.text.trim().to_string(),
                            }),
                    )
            }
            "ormlab" => {
                let mut demo = Demo {
                    line: start,
                    queries: None,
                    expect_error: false,
                    inputs: inputs(&body),
                };
                for (k, v) in options(rest) {
                    match k.as_str() {
                        "queries" => {
                            demo.queries = number_opt(&v, "queries", start, &mut lesson.problems)
                        }
                        "expect_error" => demo.expect_error = true,
                        other => lesson.problems.push(Problem {
                            line: start,
                            message: format!("unknown ormlab block option `{other}`"),
                        }),
                    }
                }
                lesson.items.push(Item::Demo(demo));
            }
            "exercise" => {
                let ex = parse_exercise(start, rest, &body, &mut lesson.problems);
                lesson.items.push(Item::Exercise(ex));
            }
            _ => {
                if let Some(a) = parse_answer(start, rest, &body, &mut lesson.problems) {
                    lesson.items.push(Item::Answer(a.clone()));
                    lesson.answers.push(a);
                }
            }
        }
    }
    if !prose.trim().is_empty() {
        lesson.items.push(Item::Prose(prose));
    }
    let mut seen = std::collections::HashSet::new();
    let mut dups = Vec::new();
    for e in lesson.exercises() {
        if !e.id.is_empty() && !seen.insert(e.id.clone()) {
            dups.push(Problem {
                line: e.line,
                message: format!("exercise id `{}` is used twice", e.id),
            });
        }
    }
    lesson.problems.extend(dups);
    lesson
}
