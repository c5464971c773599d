//! The two quick kinds: a bank question answered in words and self-graded against the model
//! answer (with its runnable example), and "how many queries does this send?", graded exactly.

use std::io::{BufRead, Write};
use std::rc::Rc;

use super::Mark;
use super::bank::BankQuestion;
use crate::lesson::altdb::{self, Copy};
use crate::lesson::parse::ModelAnswer;
use crate::models::Registry;
use crate::render::human;

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

pub(crate) fn concept(
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

pub(crate) fn query_count(
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
