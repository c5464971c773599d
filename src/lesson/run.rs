//! Stepping a learner through a lesson: prose, demonstrations run with their SQL and results,
//! and exercises answered from the input (a terminal or a pipe), with hints, the reference answer
//! on request, a diff for a wrong answer and retries. Progress is saved after each right answer.

use std::io::{BufRead, Write};
use std::rc::Rc;

use super::altdb::{self, Copy};
use super::grade::grade;
use super::parse::{Exercise, Item, Lesson};
use super::progress::Progress;
use crate::models::Registry;
use crate::render::human;

/// Reads one line; `None` at end of input.
fn read_line(input: &mut dyn BufRead) -> Option<String> {
    let mut s = String::new();
    match input.read_line(&mut s) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(s.trim_end_matches(['\n', '\r']).to_string()),
    }
}

fn io(e: std::io::Error) -> String {
    e.to_string()
}

/// Runs `lesson` interactively. Returns at the end of the lesson or of the input.
pub fn run_lesson(
    lesson: &Lesson,
    reg: &Rc<Registry>,
    progress: &mut Progress,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    width: Option<u16>,
    echo: bool,
) -> Result<(), String> {
    writeln!(out, "# {}\n", lesson.title).map_err(io)?;
    let mut session = altdb::session(Copy::Sample, reg)?;
    let total = lesson.exercises().count();
    for item in &lesson.items {
        match item {
            Item::Prose(text) => {
                writeln!(out, "{}\n", text.trim()).map_err(io)?;
            }
            Item::Demo(demo) => {
                for line in &demo.inputs {
                    let o = session.eval(&line.text);
                    writeln!(out, ">>> {}", line.text).map_err(io)?;
                    write!(out, "{}", human::outcome_text(&o, width)).map_err(io)?;
                }
                writeln!(out).map_err(io)?;
            }
            Item::Answer(a) => {
                writeln!(out, "Q: {}\nA: {}", a.question, a.text).map_err(io)?;
                if let Some(code) = &a.example {
                    // On a fresh copy, so the lesson's own session is not disturbed.
                    let mut s = altdb::session(Copy::Sample, reg)?;
                    let o = s.eval(code);
                    writeln!(out, ">>> {code}").map_err(io)?;
                    write!(out, "{}", human::outcome_text(&o, width)).map_err(io)?;
                }
                writeln!(out).map_err(io)?;
            }
            Item::Exercise(ex) => {
                if !exercise(lesson, ex, reg, progress, input, out, width, echo)? {
                    writeln!(out, "\n(end of input; progress saved)").map_err(io)?;
                    return Ok(());
                }
            }
        }
    }
    let done = lesson
        .exercises()
        .filter(|e| progress.is_done(&lesson.slug, &e.id))
        .count();
    writeln!(
        out,
        "End of lesson {}: {done}/{total} exercises done.",
        lesson.slug
    )
    .map_err(io)?;
    Ok(())
}

/// One exercise; `false` when the input ended.
#[allow(clippy::too_many_arguments)]
fn exercise(
    lesson: &Lesson,
    ex: &Exercise,
    reg: &Rc<Registry>,
    progress: &mut Progress,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    width: Option<u16>,
    echo: bool,
) -> Result<bool, String> {
    let before = if progress.is_done(&lesson.slug, &ex.id) {
        " (done before)"
    } else {
        ""
    };
    writeln!(out, "== Exercise {}{before}", ex.id).map_err(io)?;
    writeln!(out, "{}", ex.task).map_err(io)?;
    let mut rules = Vec::new();
    if let Some(n) = ex.max_queries {
        rules.push(format!("at most {}", human::count_line(n)));
    }
    if ex.no_n_plus_one {
        rules.push("no N+1".to_string());
    }
    if ex.ordered {
        rules.push("in order".to_string());
    }
    if !rules.is_empty() {
        writeln!(out, "({})", rules.join("; ")).map_err(io)?;
    }
    if !ex.setup.is_empty() {
        writeln!(out, "Already run before your answer:").map_err(io)?;
        for l in &ex.setup {
            writeln!(out, "    {}", l.text).map_err(io)?;
        }
    }
    writeln!(
        out,
        "Type one line of Python; `hint`, `answer` to see the answer, `skip` or an empty line to move on."
    )
    .map_err(io)?;
    let mut hints = ex.hints.iter();
    loop {
        write!(out, "answer> ").map_err(io)?;
        out.flush().map_err(io)?;
        let Some(line) = read_line(input) else {
            return Ok(false);
        };
        // A terminal has echoed what was typed; from a pipe, show it.
        if echo {
            writeln!(out, "{line}").map_err(io)?;
        }
        match line.trim() {
            "" | "skip" => {
                writeln!(out, "Skipped.\n").map_err(io)?;
                return Ok(true);
            }
            "hint" => match hints.next() {
                Some(h) => writeln!(out, "Hint: {h}").map_err(io)?,
                None => writeln!(out, "No more hints.").map_err(io)?,
            },
            "answer" | "reveal" => {
                writeln!(out, "The reference answer:").map_err(io)?;
                for l in &ex.answer {
                    writeln!(out, "    {}", l.text).map_err(io)?;
                }
                writeln!(out).map_err(io)?;
                return Ok(true);
            }
            _ => {
                let verdict = grade(ex, reg, std::slice::from_ref(&line));
                for o in &verdict.shown {
                    write!(out, "{}", human::outcome_text(o, width)).map_err(io)?;
                }
                if verdict.ok {
                    writeln!(out, "✓ Right!\n").map_err(io)?;
                    progress.mark_done(&lesson.slug, &ex.id);
                    progress.save()?;
                    return Ok(true);
                }
                writeln!(out, "✗ Not yet:").map_err(io)?;
                for p in &verdict.problems {
                    writeln!(out, "  - {p}").map_err(io)?;
                }
                writeln!(out, "Try again (or `hint`, `answer`, `skip`).").map_err(io)?;
            }
        }
    }
}
