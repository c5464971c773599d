//! `ormlab practice`: questions drawn from the interview-question bank (conceptual, self-graded
//! against a model answer) and "how many queries does this send?" drills made from lessons'
//! demonstration blocks (graded exactly), weighted towards what was answered wrong before
//! (Leitner boxes kept with the lesson progress).

pub mod bank;
mod draw;

use std::io::{BufRead, Write};
use std::rc::Rc;

use serde_json::{Value as J, json};

use crate::lesson::altdb::{self, Copy};
use crate::lesson::parse::{Item, Lesson, ModelAnswer};
use crate::lesson::progress::Progress;
use crate::models::Registry;
use crate::render::human;
use bank::BankQuestion;

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
}

#[derive(Debug, Clone)]
pub struct Drill {
    /// The key its Leitner box is saved under.
    pub key: String,
    pub topic: String,
    pub kind: DrillKind,
}

/// Every drill of the bank and the lessons, for `topic` (a case-insensitive part of a section
/// header) when given.
pub fn drills(lessons: &[Lesson], topic_filter: Option<&str>) -> Vec<Drill> {
    let bank = bank::bank();
    let matches =
        |t: &str| topic_filter.is_none_or(|want| t.to_lowercase().contains(&want.to_lowercase()));
    let mut out = Vec::new();
    for q in &bank {
        if !matches(&q.topic) {
            continue;
        }
        let model = lessons
            .iter()
            .flat_map(|l| l.answers.iter())
            .find(|a| a.question == q.question)
            .cloned();
        out.push(Drill {
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
        // A lesson without bank questions has no topic: drawn only when no topic was asked for.
        let in_topic = if topic.is_empty() {
            topic_filter.is_none()
        } else {
            matches(&topic)
        };
        if !in_topic {
            continue;
        }
        for item in &l.items {
            if let Item::Demo(d) = item
                && let Some(n) = d.queries
                && !d.expect_error
                && !d.inputs.is_empty()
            {
                out.push(Drill {
                    key: format!("n:{}:{}", l.slug, d.line),
                    topic: topic.clone(),
                    kind: DrillKind::QueryCount {
                        code: d.inputs.iter().map(|i| i.text.clone()).collect(),
                        queries: n,
                    },
                });
            }
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
    pub count: usize,
    pub seed: u64,
    /// Write each answer after its prompt (input from a pipe is not echoed by a terminal).
    pub echo: bool,
}

fn read_line(input: &mut dyn BufRead) -> Option<String> {
    let mut s = String::new();
    match input.read_line(&mut s) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(s.trim_end_matches(['\n', '\r']).to_string()),
    }
}

fn ask(out: &mut dyn Write, input: &mut dyn BufRead, prompt: &str, echo: bool) -> Option<String> {
    let _ = write!(out, "{prompt}");
    let _ = out.flush();
    let line = read_line(input);
    if echo {
        let _ = writeln!(out, "{}", line.as_deref().unwrap_or(""));
    }
    line
}

/// Runs a practice session; returns the summary as JSON (`{"asked", "right", ...}`).
pub fn practice(
    lessons: &[Lesson],
    reg: &Rc<Registry>,
    progress: &mut Progress,
    opts: &PracticeOptions,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<J, String> {
    let all = drills(lessons, opts.topic.as_deref());
    if all.is_empty() {
        return Err(match &opts.topic {
            Some(t) => format!(
                "no questions for topic `{t}`; topics: {}",
                bank::topics().join(", ")
            ),
            None => "no questions".into(),
        });
    }
    let mut rng = Rng::new(opts.seed);
    // Query-count drills are many (one per demonstration block): together they weigh no more
    // than the conceptual questions do.
    let concepts = all
        .iter()
        .filter(|d| matches!(d.kind, DrillKind::Concept { .. }))
        .count();
    let counts = all.len() - concepts;
    let count_scale = if counts > concepts && concepts > 0 {
        concepts as f64 / counts as f64
    } else {
        1.0
    };
    let weights: Vec<f64> = all
        .iter()
        .map(|d| {
            let w = draw::weight(progress.boxes.get(&d.key).copied().unwrap_or(0));
            match d.kind {
                DrillKind::Concept { .. } => w,
                DrillKind::QueryCount { .. } => w * count_scale,
            }
        })
        .collect();
    let picked = draw::weighted_sample(&mut rng, &weights, opts.count);
    let mut items = Vec::new();
    let total = picked.len();
    for (n, &i) in picked.iter().enumerate() {
        let d = &all[i];
        let _ = writeln!(out, "[{}/{total}] {}", n + 1, d.topic);
        let mark = match &d.kind {
            DrillKind::Concept { q, model } => {
                concept(q, model.as_ref(), reg, input, out, opts.echo)
            }
            DrillKind::QueryCount { code, queries } => {
                query_count(code, *queries, input, out, opts.echo)
            }
        };
        let Some(mark) = mark else { break };
        match mark {
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
        };
        let kind = match d.kind {
            DrillKind::Concept { .. } => "concept",
            DrillKind::QueryCount { .. } => "query_count",
        };
        items.push(json!({"kind": kind, "topic": d.topic, "prompt": prompt, "mark": mark.name()}));
    }
    progress.save()?;
    let count = |m: &str| items.iter().filter(|i| i["mark"] == m).count();
    Ok(json!({
        "asked": items.len(),
        "right": count("right"),
        "wrong": count("wrong"),
        "skipped": count("skipped"),
        "seed": opts.seed,
        "items": items,
    }))
}

/// The summary line of a practice session.
pub fn summary_text(s: &J) -> String {
    format!(
        "Practice: {} asked — {} right, {} wrong, {} skipped.",
        s["asked"], s["right"], s["wrong"], s["skipped"]
    )
}

fn concept(
    q: &BankQuestion,
    model: Option<&ModelAnswer>,
    reg: &Rc<Registry>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    echo: bool,
) -> Option<Mark> {
    let _ = writeln!(out, "Q: {}", q.question);
    let answer = ask(out, input, "your answer> ", echo)?;
    if answer.trim().is_empty() || answer.trim() == "skip" {
        let _ = writeln!(out, "Skipped. A short answer: {}\n", q.answer);
        return Some(Mark::Skipped);
    }
    match model {
        Some(m) => {
            let _ = writeln!(out, "Model answer: {}", m.text);
            if let Some(code) = &m.example
                && let Ok(mut s) = altdb::session(Copy::Sample, reg)
            {
                let o = s.eval(code);
                let _ = writeln!(out, ">>> {code}");
                let _ = write!(out, "{}", human::outcome_text(&o, Some(120)));
            }
        }
        None => {
            let _ = writeln!(out, "Model answer: {}", q.answer);
        }
    }
    let yn = ask(out, input, "Did you get it? [y/n] ", echo)?;
    let mark = if matches!(yn.trim().to_lowercase().as_str(), "y" | "yes") {
        Mark::Right
    } else if yn.trim().is_empty() {
        Mark::Skipped
    } else {
        Mark::Wrong
    };
    let _ = writeln!(out);
    Some(mark)
}

fn query_count(
    code: &[String],
    queries: usize,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    echo: bool,
) -> Option<Mark> {
    let _ = writeln!(
        out,
        "How many SQL queries does this code send (run after the lesson's earlier lines)?"
    );
    for l in code {
        let _ = writeln!(out, "    {l}");
    }
    let answer = ask(out, input, "queries> ", echo)?;
    let a = answer.trim();
    if a.is_empty() || a == "skip" {
        let _ = writeln!(out, "Skipped: it sends {}.\n", human::count_line(queries));
        return Some(Mark::Skipped);
    }
    let mark = match a.parse::<usize>() {
        Ok(n) if n == queries => {
            let _ = writeln!(out, "✓ Right: {}.\n", human::count_line(queries));
            Mark::Right
        }
        _ => {
            let _ = writeln!(out, "✗ It sends {}.\n", human::count_line(queries));
            Mark::Wrong
        }
    };
    Some(mark)
}
