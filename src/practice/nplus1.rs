//! "Spot the N+1 and fix it": the drill's code runs on a fresh copy of the sample database and
//! is shown with its query count and the N+1 detector's finding (without the detector's fix,
//! which is kept for the last hint); the learner types fixed code, graded by the lesson grader as
//! an exercise whose reference answer is the drill's fix: the same printed output or value, in
//! order, on both copies of the database, no N+1, and at most as many queries as the fix sends.

use std::rc::Rc;

use super::drillfile::NPlusOneDrill;
use super::{Answered, CODE_HELP, compact, graded};
use crate::lesson::altdb::Copy;
use crate::lesson::compare::{diff_stdout, diff_values};
use crate::lesson::grade::{Run, grade, run};
use crate::lesson::parse::{Exercise, Line};
use crate::lesson::run::{AnswerIo, answer_exercise, describe_exercise};
use crate::models::Registry;
use crate::render::human;
use crate::session::findings::Finding;

fn lines(inputs: &[String]) -> Vec<Line> {
    inputs
        .iter()
        .map(|t| Line {
            line: 0,
            text: t.clone(),
        })
        .collect()
}

/// The N+1 findings of a run, without the detector's fix: `Book.publisher loaded lazily 20 times`.
fn findings(r: &Run) -> Vec<(String, String)> {
    r.outcomes
        .iter()
        .flat_map(|o| o.findings.iter())
        .filter_map(|f| match f {
            Finding::NPlusOne {
                relation,
                queries,
                fix,
            } => Some((
                format!("N+1: {relation} loaded lazily {queries} times"),
                fix.clone(),
            )),
            Finding::Duplicate { .. } => None,
        })
        .collect()
}

/// The drill as an exercise for the lesson grader, and the run of its N+1 code.
pub fn exercise(d: &NPlusOneDrill, reg: &Rc<Registry>) -> Result<(Exercise, Run), String> {
    let original = run(Copy::Sample, reg, &d.setup, &d.code)?;
    let fix = run(Copy::Sample, reg, &d.setup, &d.fix)?;
    let mut hints = d.hints.clone();
    for (_, fix) in findings(&original) {
        hints.push(format!("The N+1 detector says: {fix}."));
    }
    let ex = Exercise {
        line: d.line,
        id: d.id.clone(),
        ordered: true,
        max_queries: Some(fix.queries),
        no_n_plus_one: true,
        task: d.task.clone(),
        hints,
        setup: lines(&d.setup),
        answer: lines(&d.fix),
    };
    Ok((ex, original))
}

/// What `lesson --check` finds wrong with a drill: the code must run and trigger the N+1
/// finding, the fix must print (or return) the same and pass its own drill on both copies.
pub fn check(d: &NPlusOneDrill, reg: &Rc<Registry>) -> Vec<String> {
    let (ex, original) = match exercise(d, reg) {
        Ok(x) => x,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    if let Some(e) = &original.error {
        problems.push(format!("the code raised {}: {}", e.class, e.message));
    }
    if original.n_plus_one.is_empty() {
        problems.push("the code triggers no N+1 finding".into());
    }
    match run(Copy::Sample, reg, &d.setup, &d.fix) {
        Ok(fix) => {
            let differs = match (&original.result, &fix.result) {
                (Some(w), Some(g)) => diff_values(w, g, true),
                (None, None) => diff_stdout(&original.stdout, &fix.stdout, true),
                _ => vec!["one has a value and the other not".into()],
            };
            for p in differs {
                problems.push(format!("the fix does not do what the code does: {p}"));
            }
        }
        Err(e) => problems.push(e),
    }
    for p in grade(&ex, reg, &d.fix).problems {
        problems.push(format!("the fix fails: {p}"));
    }
    if grade(&ex, reg, &d.code).ok {
        problems.push("the unfixed code passes the drill".into());
    }
    problems
}

/// Asks the drill; `None` at the end of the input.
pub fn drill(
    d: &NPlusOneDrill,
    reg: &Rc<Registry>,
    aio: &mut AnswerIo,
) -> Result<Option<Answered>, String> {
    let io = |e: std::io::Error| e.to_string();
    let (ex, original) = exercise(d, reg)?;
    let out = &mut *aio.out;
    writeln!(out, "Spot the N+1 and fix it. {}", d.task).map_err(io)?;
    for l in d.setup.iter().chain(&d.code) {
        for part in l.lines() {
            writeln!(out, "    {part}").map_err(io)?;
        }
    }
    writeln!(
        out,
        "On the sample database it sends {}:",
        human::count_line(original.queries)
    )
    .map_err(io)?;
    for (finding, _) in findings(&original) {
        writeln!(out, "{finding}").map_err(io)?;
    }
    for o in &original.outcomes {
        let quiet = crate::session::Outcome {
            findings: Vec::new(),
            ..o.clone()
        };
        write!(out, "{}", compact(&quiet)).map_err(io)?;
    }
    let mut rules = ex.clone();
    rules.task = "Type the code fixed: the same output, with no N+1.".into();
    rules.setup.clear();
    rules.ordered = false;
    describe_exercise(&rules, out)?;
    writeln!(out, "{CODE_HELP}").map_err(io)?;
    let attempt = answer_exercise(&ex, reg, aio, &compact)?;
    let answered = graded(attempt);
    if answered.is_some() && !d.why.is_empty() {
        writeln!(aio.out, "Why: {}\n", d.why).map_err(io)?;
    }
    Ok(answered)
}
