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
    describe_exercise(ex, out)?;
    writeln!(
        out,
        "Type Python as in Django's shell (a block or an open bracket continues on `...` lines); \
         `hint`, `answer` to see the answer, `skip` or an empty line to move on."
    )
    .map_err(io)?;
    let mut aio = AnswerIo {
        input,
        out,
        echo,
        multiline: true,
    };
    let show = |o: &crate::session::Outcome| human::outcome_text(o, width);
    let attempt = answer_exercise(ex, reg, &mut aio, &show)?;
    if attempt.ended == Ended::Right {
        progress.mark_done(&lesson.slug, &ex.id);
        progress.save()?;
    }
    Ok(attempt.ended != Ended::EndOfInput)
}

/// The task of an exercise, its rules and its setup lines.
pub fn describe_exercise(ex: &Exercise, out: &mut dyn Write) -> Result<(), String> {
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
    Ok(())
}

/// Where answers come from and go to. Shared by lessons and `ormlab practice`.
pub struct AnswerIo<'a> {
    pub input: &'a mut dyn BufRead,
    pub out: &'a mut dyn Write,
    /// Write each line read after its prompt (a pipe is not echoed by a terminal).
    pub echo: bool,
    /// Whether an answer may span lines as in Python's REPL: a line ending in `:` opens a block
    /// that an empty line ends; open brackets continue on the next line.
    pub multiline: bool,
}

/// What the learner typed at an answer prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Skip,
    Hint,
    Reveal,
    /// Python: one or more inputs (a multi-line block is one input).
    Code(Vec<String>),
}

/// Reads one answer; `None` at the end of the input. A command word (`skip`, `hint`/`?`,
/// `answer`/`reveal`) or an empty line counts only as the first line of an answer, so an empty
/// line inside a block ends the block rather than skipping.
pub fn read_answer(aio: &mut AnswerIo, prompt: &str) -> Result<Option<Typed>, String> {
    write!(aio.out, "{prompt}").map_err(io)?;
    aio.out.flush().map_err(io)?;
    let Some(first) = read_line(aio.input) else {
        return Ok(None);
    };
    if aio.echo {
        writeln!(aio.out, "{first}").map_err(io)?;
    }
    match first.trim() {
        "" | "skip" => return Ok(Some(Typed::Skip)),
        "hint" | "?" => return Ok(Some(Typed::Hint)),
        "answer" | "reveal" => return Ok(Some(Typed::Reveal)),
        _ => {}
    }
    if !aio.multiline {
        return Ok(Some(Typed::Code(vec![first])));
    }
    // Python's interactive grouping (the shell's own), so an answer reads as it would there.
    let mut blocks = crate::repl::input::Blocks::new();
    let mut inputs = blocks.push(&first);
    while blocks.pending() {
        write!(aio.out, "... ").map_err(io)?;
        aio.out.flush().map_err(io)?;
        let Some(line) = read_line(aio.input) else {
            inputs.extend(blocks.take());
            break;
        };
        if aio.echo {
            writeln!(aio.out, "{line}").map_err(io)?;
        }
        inputs.extend(blocks.push(&line));
    }
    Ok(Some(Typed::Code(inputs)))
}

/// How answering an exercise ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Right,
    Revealed,
    Skipped,
    EndOfInput,
}

/// The whole exchange over one exercise.
#[derive(Debug, Clone, Copy)]
pub struct Attempt {
    pub ended: Ended,
    /// Answers graded (right or wrong).
    pub tries: usize,
    /// Hints shown.
    pub hints: usize,
}

/// Asks for answers to `ex` until one is right, the learner skips or asks for the answer, or the
/// input ends: hints one at a time, each answer graded by [`grade`] and shown with `show`, what
/// is wrong listed after a wrong one.
pub fn answer_exercise(
    ex: &Exercise,
    reg: &Rc<Registry>,
    aio: &mut AnswerIo,
    show: &dyn Fn(&crate::session::Outcome) -> String,
) -> Result<Attempt, String> {
    let mut hints = ex.hints.iter();
    let mut attempt = Attempt {
        ended: Ended::EndOfInput,
        tries: 0,
        hints: 0,
    };
    loop {
        let Some(typed) = read_answer(aio, "answer> ")? else {
            return Ok(attempt);
        };
        let out = &mut *aio.out;
        match typed {
            Typed::Skip => {
                writeln!(out, "Skipped.\n").map_err(io)?;
                attempt.ended = Ended::Skipped;
                return Ok(attempt);
            }
            Typed::Hint => match hints.next() {
                Some(h) => {
                    attempt.hints += 1;
                    writeln!(out, "Hint: {h}").map_err(io)?
                }
                None => writeln!(out, "No more hints.").map_err(io)?,
            },
            Typed::Reveal => {
                writeln!(out, "The reference answer:").map_err(io)?;
                for l in &ex.answer {
                    for part in l.text.lines() {
                        writeln!(out, "    {part}").map_err(io)?;
                    }
                }
                writeln!(out).map_err(io)?;
                attempt.ended = Ended::Revealed;
                return Ok(attempt);
            }
            Typed::Code(lines) => {
                attempt.tries += 1;
                let verdict = grade(ex, reg, &lines);
                for o in &verdict.shown {
                    write!(out, "{}", show(o)).map_err(io)?;
                }
                if verdict.ok {
                    writeln!(out, "✓ Right!\n").map_err(io)?;
                    attempt.ended = Ended::Right;
                    return Ok(attempt);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What `read_answer` makes of `input`, answer after answer, until the input ends.
    fn answers(input: &str, multiline: bool) -> Vec<Typed> {
        let mut inp = input.as_bytes();
        let mut out = Vec::new();
        let mut aio = AnswerIo {
            input: &mut inp,
            out: &mut out,
            echo: false,
            multiline,
        };
        let mut got = Vec::new();
        while let Some(t) = read_answer(&mut aio, "> ").unwrap() {
            got.push(t);
        }
        got
    }

    fn code(lines: &[&str]) -> Typed {
        Typed::Code(lines.iter().map(|l| l.to_string()).collect())
    }

    #[test]
    fn answers_span_lines_as_in_pythons_repl() {
        assert_eq!(
            answers(
                "f(1,\n  2)\n?\n\nfor b in x:\n    print(b)\n\nanswer\n",
                true
            ),
            [
                code(&["f(1,\n  2)"]),
                Typed::Hint,
                Typed::Skip,
                code(&["for b in x:\n    print(b)"]),
                Typed::Reveal,
            ]
        );
        // A one-line block waits for its empty line too; the input ending closes a block.
        assert_eq!(
            answers("for b in x: print(b)\n\nif x:\n  1", true),
            [code(&["for b in x: print(b)"]), code(&["if x:\n  1"])]
        );
        // Lessons read one line per answer.
        assert_eq!(
            answers("for b in x:\n    print(b)\n", false),
            [code(&["for b in x:"]), code(&["    print(b)"])]
        );
    }
}
