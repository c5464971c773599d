//! `ormlab practice`: drills of five kinds, drawn with a seeded generator and weighted towards
//! what was answered wrong before (Leitner boxes kept with the lesson progress):
//! questions of the interview-question bank (conceptual, self-graded against a model answer);
//! "how many queries does this send?" made from lessons' demonstration blocks; the lessons'
//! exercises, graded by running the answer with the lesson grader; "spot the N+1 and fix it"
//! (`nplus1`); and "which SQL does this QuerySet produce?" (`which_sql`), the last two from the
//! drill files (`drillfile`).

pub mod bank;
pub mod check;
mod draw;
pub mod drillfile;
pub mod mutate;
pub mod nplus1;
mod quick;
pub mod which_sql;

use std::io::{BufRead, Write};
use std::rc::Rc;

use serde_json::{Value as J, json};

use crate::lesson::parse::{Exercise, Item, Lesson, ModelAnswer};
use crate::lesson::progress::Progress;
use crate::lesson::run::{AnswerIo, Ended, answer_exercise, describe_exercise};
use crate::models::Registry;
use crate::render::human;
use bank::BankQuestion;
use drillfile::{DrillFile, NPlusOneDrill, SqlDrill};

pub use draw::Rng;

#[derive(Debug, Clone)]
pub enum DrillKind {
    Concept {
        q: BankQuestion,
        model: Option<ModelAnswer>,
    },
    QueryCount {
        code: Vec<String>,
        queries: usize,
    },
    /// A lesson's exercise (the lesson's slug and the exercise).
    Exercise {
        lesson: String,
        ex: Exercise,
    },
    NPlusOne(NPlusOneDrill),
    WhichSql(SqlDrill),
}

impl DrillKind {
    /// The name in `--json` output and for `--kind`.
    pub fn name(&self) -> &'static str {
        match self {
            DrillKind::Concept { .. } => "concept",
            DrillKind::QueryCount { .. } => "query_count",
            DrillKind::Exercise { .. } => "exercise",
            DrillKind::NPlusOne(_) => "n_plus_one",
            DrillKind::WhichSql(_) => "which_sql",
        }
    }

    /// The name a learner reads.
    pub fn label(&self) -> &'static str {
        match self {
            DrillKind::Concept { .. } => "interview question",
            DrillKind::QueryCount { .. } => "how many queries?",
            DrillKind::Exercise { .. } => "exercise",
            DrillKind::NPlusOne(_) => "spot the N+1",
            DrillKind::WhichSql(_) => "which SQL?",
        }
    }
}

/// The kinds, in the order the summary lists them.
pub const KINDS: [&str; 5] = [
    "concept",
    "query_count",
    "exercise",
    "n_plus_one",
    "which_sql",
];

#[derive(Debug, Clone)]
pub struct Drill {
    /// The key its Leitner box is saved under.
    pub key: String,
    pub topic: String,
    pub kind: DrillKind,
}

/// Every drill of the bank, the lessons and the drill files, for `topic` (a case-insensitive part
/// of a section header or of a kind's name, or exactly a drill's key such as `p:fk-publisher`)
/// when given.
pub fn drills(lessons: &[Lesson], files: &[DrillFile], topic_filter: Option<&str>) -> Vec<Drill> {
    let bank = bank::bank();
    let matches =
        |t: &str| topic_filter.is_none_or(|want| t.to_lowercase().contains(&want.to_lowercase()));
    let mut out = Vec::new();
    let mut push = |d: Drill| {
        let exact_key = topic_filter.is_some_and(|t| t == d.key);
        if matches(&d.topic) || matches(d.kind.label()) || matches(d.kind.name()) || exact_key {
            out.push(d);
        }
    };
    for q in &bank {
        let model = lessons
            .iter()
            .flat_map(|l| l.answers.iter())
            .find(|a| a.question == q.question)
            .cloned();
        push(Drill {
            key: format!("q:{}", q.question),
            topic: q.topic.clone(),
            kind: DrillKind::Concept {
                q: q.clone(),
                model,
            },
        });
    }
    for l in lessons {
        let topic = l
            .questions
            .iter()
            .find_map(|lq| bank.iter().find(|b| b.question == lq.text))
            .map(|b| b.topic.clone())
            .unwrap_or_default();
        for item in &l.items {
            let kind = match item {
                Item::Demo(d) => match d.queries {
                    Some(n) if !d.expect_error && !d.inputs.is_empty() => DrillKind::QueryCount {
                        code: d.inputs.iter().map(|i| i.text.clone()).collect(),
                        queries: n,
                    },
                    _ => continue,
                },
                Item::Exercise(ex) if !ex.answer.is_empty() => DrillKind::Exercise {
                    lesson: l.slug.clone(),
                    ex: ex.clone(),
                },
                _ => continue,
            };
            let key = match (&kind, item) {
                (DrillKind::Exercise { ex, .. }, _) => format!("x:{}:{}", l.slug, ex.id),
                (_, Item::Demo(d)) => format!("n:{}:{}", l.slug, d.line),
                _ => continue,
            };
            let d = Drill {
                key,
                topic: topic.clone(),
                kind,
            };
            // A lesson without bank questions has no topic: drawn only when no topic was asked
            // for, or its kind was.
            push(d);
        }
    }
    for f in files {
        for n in &f.n_plus_one {
            push(Drill {
                key: format!("p:{}", n.id),
                topic: n.topic.clone(),
                kind: DrillKind::NPlusOne(n.clone()),
            });
        }
        for q in &f.which_sql {
            push(Drill {
                key: format!("s:{}", q.id),
                topic: q.topic.clone(),
                kind: DrillKind::WhichSql(q.clone()),
            });
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Right,
    Wrong,
    Skipped,
}

impl Mark {
    fn name(self) -> &'static str {
        match self {
            Mark::Right => "right",
            Mark::Wrong => "wrong",
            Mark::Skipped => "skipped",
        }
    }
}

pub struct PracticeOptions {
    pub topic: Option<String>,
    /// Only drills of this kind (one of [`KINDS`]; `-` for `_` and any case accepted).
    pub kind: Option<String>,
    pub count: usize,
    pub seed: u64,
    /// Write each answer after its prompt (input from a pipe is not echoed by a terminal).
    pub echo: bool,
}

/// How a drill was answered: its mark and what else the JSON summary says about it.
pub struct Answered {
    pub mark: Mark,
    pub extra: serde_json::Map<String, J>,
}

impl From<Mark> for Answered {
    fn from(mark: Mark) -> Answered {
        Answered {
            mark,
            extra: serde_json::Map::new(),
        }
    }
}

/// A drill's own generator, from the session's seed and its key: its candidates do not depend
/// on what was drawn before it.
fn drill_rng(seed: u64, key: &str) -> Rng {
    // FNV-1a: stable across platforms and Rust versions (std's hasher is not).
    let h = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    Rng::new(seed ^ h)
}

/// Runs a practice session; returns the summary as JSON (`{"asked", "right", ...}`).
pub fn practice(
    lessons: &[Lesson],
    files: &[DrillFile],
    reg: &Rc<Registry>,
    progress: &mut Progress,
    opts: &PracticeOptions,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<J, String> {
    let mut all = drills(lessons, files, opts.topic.as_deref());
    if let Some(k) = &opts.kind {
        let want = k.to_lowercase().replace('-', "_");
        if !KINDS.contains(&want.as_str()) {
            return Err(format!("no drill kind `{k}`; kinds: {}", KINDS.join(", ")));
        }
        all.retain(|d| d.kind.name() == want);
    }
    if all.is_empty() {
        return Err(match &opts.topic {
            Some(t) => format!(
                "no questions for topic `{t}`; topics: {}; or a kind: {}",
                bank::topics().join(", "),
                KINDS.join(", ")
            ),
            None => "no questions".into(),
        });
    }
    let mut rng = Rng::new(opts.seed);
    // Each kind gets the same share of the draw however many drills it has (there are many more
    // query-count drills than N+1 ones); within a kind, the Leitner box decides.
    let per_kind = |name: &str| all.iter().filter(|d| d.kind.name() == name).count() as f64;
    let weights: Vec<f64> = all
        .iter()
        .map(|d| {
            let w = draw::weight(progress.boxes.get(&d.key).copied().unwrap_or(0));
            w / per_kind(d.kind.name())
        })
        .collect();
    let picked = draw::weighted_sample(&mut rng, &weights, opts.count);
    let mut items = Vec::new();
    let total = picked.len();
    for (n, &i) in picked.iter().enumerate() {
        let d = &all[i];
        let _ = writeln!(
            out,
            "[{}/{total}] {} — {}",
            n + 1,
            if d.topic.is_empty() {
                "Lessons"
            } else {
                &d.topic
            },
            d.kind.label()
        );
        let mut aio = AnswerIo {
            input: &mut *input,
            out: &mut *out,
            echo: opts.echo,
            multiline: true,
        };
        let answered = match &d.kind {
            DrillKind::Concept { q, model } => {
                quick::concept(q, model.as_ref(), reg, aio.input, aio.out, opts.echo)
                    .map(Answered::from)
            }
            DrillKind::QueryCount { code, queries } => {
                quick::query_count(code, *queries, aio.input, aio.out, opts.echo)
                    .map(Answered::from)
            }
            DrillKind::Exercise { lesson, ex } => {
                let a = exercise(lesson, ex, reg, &mut aio)?;
                if a.as_ref().is_some_and(|a| a.mark == Mark::Right) {
                    progress.mark_done(lesson, &ex.id);
                }
                a
            }
            DrillKind::NPlusOne(p) => nplus1::drill(p, reg, &mut aio)?,
            DrillKind::WhichSql(q) => {
                which_sql::drill(q, reg, &mut drill_rng(opts.seed, &d.key), &mut aio)?
            }
        };
        let Some(answered) = answered else {
            // The input ended at a prompt: end its line before the summary.
            let _ = writeln!(out);
            break;
        };
        match answered.mark {
            Mark::Right => {
                let b = progress.boxes.entry(d.key.clone()).or_insert(0);
                *b = (*b).max(1) + 1;
            }
            Mark::Wrong => {
                progress.boxes.insert(d.key.clone(), 1);
            }
            Mark::Skipped => {}
        }
        let prompt = match &d.kind {
            DrillKind::Concept { q, .. } => q.question.clone(),
            DrillKind::QueryCount { code, .. } => code.join("\n"),
            DrillKind::Exercise { ex, .. } => ex.task.clone(),
            DrillKind::NPlusOne(p) => p.code.join("\n"),
            DrillKind::WhichSql(q) => q.code.clone(),
        };
        let mut item = json!({
            "kind": d.kind.name(),
            "key": d.key,
            "topic": d.topic,
            "prompt": prompt,
            "mark": answered.mark.name(),
        });
        if let J::Object(m) = &mut item {
            m.extend(answered.extra);
        }
        items.push(item);
    }
    progress.save()?;
    let count = |kind: Option<&str>, m: &str| {
        items
            .iter()
            .filter(|i| i["mark"] == m && kind.is_none_or(|k| i["kind"] == k))
            .count()
    };
    let mut by_kind = serde_json::Map::new();
    for k in KINDS {
        let asked = items.iter().filter(|i| i["kind"] == k).count();
        if asked > 0 {
            by_kind.insert(
                k.to_string(),
                json!({"asked": asked, "right": count(Some(k), "right"), "wrong": count(Some(k), "wrong"), "skipped": count(Some(k), "skipped")}),
            );
        }
    }
    Ok(json!({
        "asked": items.len(),
        "right": count(None, "right"),
        "wrong": count(None, "wrong"),
        "skipped": count(None, "skipped"),
        "seed": opts.seed,
        "by_kind": by_kind,
        "items": items,
    }))
}

/// The summary of a practice session: the totals, then one line per kind asked.
pub fn summary_text(s: &J) -> String {
    let mut out = format!(
        "Practice: {} asked — {} right, {} wrong, {} skipped.",
        s["asked"], s["right"], s["wrong"], s["skipped"]
    );
    if let Some(by) = s["by_kind"].as_object() {
        for (k, v) in by {
            out.push_str(&format!(
                "\n  {k}: {} asked — {} right, {} wrong, {} skipped",
                v["asked"], v["right"], v["wrong"], v["skipped"]
            ));
        }
    }
    out
}

/// A lesson's exercise, asked as in the lesson (hints, `answer`, retries) but with multi-line
/// answers. Revealing the answer, or skipping after a wrong try, counts as wrong.
fn exercise(
    lesson: &str,
    ex: &Exercise,
    reg: &Rc<Registry>,
    aio: &mut AnswerIo,
) -> Result<Option<Answered>, String> {
    let _ = writeln!(aio.out, "Exercise {} (lesson {lesson}):", ex.id);
    describe_exercise(ex, aio.out)?;
    let _ = writeln!(aio.out, "{}", CODE_HELP);
    let attempt = answer_exercise(ex, reg, aio, &compact)?;
    Ok(graded(attempt))
}

/// The prompt's help for answers that are code.
pub(crate) const CODE_HELP: &str = "Type Python (a block ends with an empty line); `hint` or `?` for a hint, `answer` to see the answer, `skip` or an empty line to move on.";

/// The mark of an exercise-like drill, with its tries and hints.
pub(crate) fn graded(a: crate::lesson::run::Attempt) -> Option<Answered> {
    let mark = match a.ended {
        Ended::EndOfInput => return None,
        Ended::Right => Mark::Right,
        Ended::Revealed => Mark::Wrong,
        Ended::Skipped if a.tries > 0 => Mark::Wrong,
        Ended::Skipped => Mark::Skipped,
    };
    let mut extra = serde_json::Map::new();
    extra.insert("tries".into(), json!(a.tries));
    extra.insert("hints".into(), json!(a.hints));
    extra.insert("revealed".into(), json!(a.ended == Ended::Revealed));
    Some(Answered { mark, extra })
}

/// An outcome as practice shows it: whole when short; otherwise the first two statements, the
/// count, the findings and the first printed lines, so a 250-query loop does not flood the
/// screen.
pub(crate) fn compact(o: &crate::session::Outcome) -> String {
    const LINES: usize = 6;
    let printed = o.stdout.lines().count();
    if o.queries.len() <= 3 && printed <= LINES {
        return human::outcome_text(o, Some(120));
    }
    let mut out = String::new();
    for q in o.queries.iter().take(2) {
        out.push_str(&q.sql);
        out.push('\n');
    }
    if o.queries.len() > 2 {
        out.push_str(&format!("-- … and {} more\n", o.queries.len() - 2));
    }
    out.push_str(&human::count_line(o.queries.len()));
    out.push('\n');
    for f in &o.findings {
        out.push_str(&f.message());
        out.push('\n');
    }
    for l in o.stdout.lines().take(LINES) {
        out.push_str(l);
        out.push('\n');
    }
    if printed > LINES {
        out.push_str(&format!("… ({} more printed lines)\n", printed - LINES));
    }
    // The error or value as the shell shows it: the whole report of the same outcome without
    // queries, findings and output, less its leading "0 queries" line.
    let rest = crate::session::Outcome {
        queries: Vec::new(),
        findings: Vec::new(),
        stdout: String::new(),
        ..o.clone()
    };
    let text = human::outcome_text(&rest, Some(120));
    out.push_str(text.split_once('\n').map_or("", |(_, r)| r));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_drawn_from_the_embedded_material() {
        let lessons = crate::lesson::embedded_lessons();
        let files = drillfile::embedded_drills();
        let all = drills(&lessons, &files, None);
        let count = |k: &str| all.iter().filter(|d| d.kind.name() == k).count();
        let exercises: usize = lessons.iter().map(|l| l.exercises().count()).sum();
        assert_eq!(count("exercise"), exercises);
        assert!(count("n_plus_one") >= 8);
        assert!(count("which_sql") >= 10);
        assert!(count("concept") > 0 && count("query_count") > 0);
        // Keys are unique: they name Leitner boxes.
        let keys: std::collections::HashSet<&str> = all.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys.len(), all.len());
        // A key picks its drill; a kind's name its kind.
        let one = drills(&lessons, &files, Some("p:fk-publisher"));
        assert_eq!(one.len(), 1);
        let sql = drills(&lessons, &files, Some("which sql"));
        assert!(sql.iter().all(|d| d.kind.name() == "which_sql") && sql.len() >= 10);
    }
}
