//! `ormlab lesson --check`: every demonstration input must run without error (unless its block
//! says `expect_error`) and send the `queries=N` it declares; every reference answer must pass
//! its own exercise on both copies of the database; the `questions` and `answer q=` blocks must
//! quote the interview-question bank verbatim.

use std::rc::Rc;

use super::altdb::{self, Copy};
use super::grade::grade;
use super::parse::{Item, Lesson};
use crate::models::Registry;

/// One problem, `file:line: message`.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckProblem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for CheckProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// What the check counted.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub lessons: usize,
    pub inputs: usize,
    pub exercises: usize,
    pub problems: Vec<CheckProblem>,
}

/// Checks `lessons`; `prefix` is put before file names in the report (`lessons/`).
pub fn check_lessons(
    lessons: &[Lesson],
    reg: &Rc<Registry>,
    prefix: &str,
    bank: &[String],
) -> CheckReport {
    let mut report = CheckReport {
        lessons: lessons.len(),
        ..Default::default()
    };
    for lesson in lessons {
        let file = format!("{prefix}{}", lesson.file);
        let mut problem = |line: usize, message: String| {
            report.problems.push(CheckProblem {
                file: file.clone(),
                line,
                message,
            })
        };
        for p in &lesson.problems {
            problem(p.line, p.message.clone());
        }
        for q in &lesson.questions {
            if !bank.contains(&q.text) {
                problem(
                    q.line,
                    format!("not a question of the bank (verbatim): {}", q.text),
                );
            }
        }
        for a in &lesson.answers {
            if !bank.contains(&a.question) {
                problem(
                    a.line,
                    format!("answer for a question not in the bank: {}", a.question),
                );
            }
            if let Some(code) = &a.example {
                match altdb::session(Copy::Sample, reg) {
                    Ok(mut s) => {
                        report.inputs += 1;
                        if let Some(e) = s.eval(code).error {
                            problem(
                                a.line,
                                format!("example `{code}` raised {}: {}", e.class, e.message),
                            );
                        }
                    }
                    Err(e) => problem(a.line, e),
                }
            }
        }
        let mut session = match altdb::session(Copy::Sample, reg) {
            Ok(s) => s,
            Err(e) => {
                problem(1, e);
                continue;
            }
        };
        for item in &lesson.items {
            match item {
                Item::Demo(demo) => {
                    let mut sent = 0;
                    for line in &demo.inputs {
                        report.inputs += 1;
                        let o = session.eval(&line.text);
                        sent += o.queries.len();
                        if let Some(e) = &o.error
                            && !demo.expect_error
                        {
                            problem(
                                line.line,
                                format!("`{}` raised {}: {}", line.text, e.class, e.message),
                            );
                        }
                    }
                    if let Some(n) = demo.queries
                        && n != sent
                    {
                        problem(
                            demo.line,
                            format!("the block says queries={n} but sends {sent}"),
                        );
                    }
                }
                Item::Exercise(ex) => {
                    report.exercises += 1;
                    if ex.answer.is_empty() {
                        continue;
                    }
                    let answer: Vec<String> = ex.answer.iter().map(|l| l.text.clone()).collect();
                    let setup: Vec<String> = ex.setup.iter().map(|l| l.text.clone()).collect();
                    if let Ok(r) = super::grade::run(Copy::Sample, reg, &setup, &answer)
                        && r.error.is_none()
                        && r.result.is_none()
                        && r.stdout.is_empty()
                    {
                        problem(
                            ex.line,
                            format!(
                                "exercise `{}`: the reference answer has no value and prints nothing, so any answer would pass",
                                ex.id
                            ),
                        );
                    }
                    let v = grade(ex, reg, &answer);
                    for p in v.problems {
                        problem(
                            ex.line,
                            format!("exercise `{}`: the reference answer fails: {p}", ex.id),
                        );
                    }
                }
                Item::Prose(_) | Item::Answer(_) => {}
            }
        }
    }
    report
}
