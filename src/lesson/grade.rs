//! Checking an answer to an exercise: setup + the reference answer on one fresh copy of the
//! database, setup + the learner's answer on another, results compared, the query rules applied;
//! then the same again on the differently filled copy ([`super::altdb`]).

use std::rc::Rc;

use super::altdb::{self, Copy};
use super::compare::{diff_stdout, diff_values};
use super::parse::Exercise;
use crate::models::Registry;
use crate::orm::display::Shown;
use crate::session::findings::{Finding, detect};
use crate::session::{ErrorInfo, Outcome};

/// What running setup + one answer did.
pub struct Run {
    /// The answer lines' outcomes (setup not included).
    pub outcomes: Vec<Outcome>,
    pub result: Option<Shown>,
    pub stdout: String,
    pub queries: usize,
    pub n_plus_one: Vec<String>,
    pub error: Option<ErrorInfo>,
}

/// Runs `setup` then `answer` in one session on a fresh `copy`. `Err` when the setup failed.
pub fn run(
    copy: Copy,
    reg: &Rc<Registry>,
    setup: &[String],
    answer: &[String],
) -> Result<Run, String> {
    let mut s = altdb::session(copy, reg)?;
    for line in setup {
        let o = s.eval(line);
        if let Some(e) = o.error {
            return Err(format!("setup `{line}` raised {}: {}", e.class, e.message));
        }
    }
    let mut run = Run {
        outcomes: Vec::new(),
        result: None,
        stdout: String::new(),
        queries: 0,
        n_plus_one: Vec::new(),
        error: None,
    };
    let mut log = Vec::new();
    for line in answer {
        let o = s.eval(line);
        log.extend(o.queries.iter().cloned());
        run.queries += o.queries.len();
        run.stdout.push_str(&o.stdout);
        run.result = o.result.clone();
        run.error = o.error.clone();
        run.outcomes.push(o);
        if run.error.is_some() {
            break;
        }
    }
    if run.error.is_none()
        && let Some(Shown::QuerySet {
            truncated: true, ..
        }) = run.result
        && let Some(full) = all_rows(copy, reg, setup, answer)
    {
        run.result = Some(full);
    }
    run.n_plus_one = detect(&s.ctx.reg, &log)
        .into_iter()
        .filter(|f| matches!(f, Finding::NPlusOne { .. }))
        .map(|f| f.message())
        .collect();
    Ok(run)
}

/// The whole of a QuerySet the shell showed only 20 rows of: the answer run again, on another
/// fresh copy, with its last line wrapped in `list(...)` (its queries are not counted).
fn all_rows(copy: Copy, reg: &Rc<Registry>, setup: &[String], answer: &[String]) -> Option<Shown> {
    let (last, before) = answer.split_last()?;
    let mut s = altdb::session(copy, reg).ok()?;
    for line in setup.iter().chain(before) {
        s.eval(line).error.is_none().then_some(())?;
    }
    match s.eval(&format!("list({last})")).result? {
        Shown::List(items) => Some(Shown::QuerySet {
            items,
            truncated: false,
        }),
        _ => None,
    }
}

/// The verdict on one answer.
pub struct Verdict {
    pub ok: bool,
    /// What is wrong (empty when `ok`).
    pub problems: Vec<String>,
    /// The learner's answer as it ran on the sample database (for showing its SQL and result).
    pub shown: Vec<Outcome>,
}

/// Grades `answer` (input lines) against the exercise's reference answer.
pub fn grade(ex: &Exercise, reg: &Rc<Registry>, answer: &[String]) -> Verdict {
    let setup: Vec<String> = ex.setup.iter().map(|l| l.text.clone()).collect();
    let reference: Vec<String> = ex.answer.iter().map(|l| l.text.clone()).collect();
    let mut verdict = Verdict {
        ok: true,
        problems: Vec::new(),
        shown: Vec::new(),
    };
    for copy in [Copy::Sample, Copy::Alt] {
        let on = |m: String| match copy {
            Copy::Sample => m,
            Copy::Alt => format!("on {}: {m}", copy.name()),
        };
        let want = match run(copy, reg, &setup, &reference) {
            Ok(r) => r,
            Err(e) => {
                verdict.problems.push(on(e));
                break;
            }
        };
        if let Some(e) = &want.error {
            verdict.problems.push(on(format!(
                "the reference answer raised {}: {}",
                e.class, e.message
            )));
            break;
        }
        let got = match run(copy, reg, &setup, answer) {
            Ok(r) => r,
            Err(e) => {
                verdict.problems.push(on(e));
                break;
            }
        };
        if copy == Copy::Sample {
            verdict.shown = got.outcomes.clone();
        }
        let mut problems = Vec::new();
        if let Some(e) = &got.error {
            problems.push(format!("your answer raised {}: {}", e.class, e.message));
        } else {
            match (&want.result, &got.result) {
                (Some(w), Some(g)) => problems.extend(diff_values(w, g, ex.ordered)),
                (Some(w), None) => problems.push(format!(
                    "your answer has no value (it ran as a statement); expected {}",
                    crate::render::human::repr(w)
                )),
                (None, _) => problems.extend(diff_stdout(&want.stdout, &got.stdout, ex.ordered)),
            }
        }
        if let Some(max) = ex.max_queries
            && got.queries > max
        {
            problems.push(format!(
                "too many queries: {} sent, at most {max} allowed",
                got.queries
            ));
        }
        if ex.no_n_plus_one {
            problems.extend(
                got.n_plus_one
                    .iter()
                    .map(|m| format!("{m} (this exercise allows no N+1)")),
            );
        }
        if !problems.is_empty() {
            verdict.problems.extend(problems.into_iter().map(on));
            if copy == Copy::Alt {
                verdict.problems.push(
                    "(right on the sample data but not on other data: does your answer hard-code an id, a count or a value?)"
                        .into(),
                );
            }
            break;
        }
    }
    verdict.ok = verdict.problems.is_empty();
    verdict
}
