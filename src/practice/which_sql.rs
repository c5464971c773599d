//! "Which SQL does this QuerySet produce?": the input is run on a fresh copy of the sample
//! database, the one statement it sends is the right answer, and [`super::mutate`] makes the
//! wrong candidates from it. The learner answers with a letter; then every wrong candidate's
//! mistake is named, with the drill's one-line point.

use std::rc::Rc;

use super::draw::Rng;
use super::drillfile::SqlDrill;
use super::mutate::{Candidate, candidates, mutation_names, wrong_candidates};
use super::{Answered, Mark};
use crate::lesson::altdb::{self, Copy};
use crate::lesson::run::AnswerIo;
use crate::models::Registry;

/// The SQL the drill's input sends (exactly one statement, or an error saying why not).
pub fn right_sql(d: &SqlDrill, reg: &Rc<Registry>) -> Result<String, String> {
    let mut s = altdb::session(Copy::Sample, reg)?;
    for line in &d.setup {
        if let Some(e) = s.eval(line).error {
            return Err(format!("setup `{line}` raised {}: {}", e.class, e.message));
        }
    }
    let o = s.eval(&d.code);
    if let Some(e) = o.error {
        return Err(format!("`{}` raised {}: {}", d.code, e.class, e.message));
    }
    match o.queries.as_slice() {
        [q] => Ok(q.sql.to_string()),
        qs => Err(format!(
            "`{}` sends {} statements; a which-SQL drill needs exactly one",
            d.code,
            qs.len()
        )),
    }
}

/// What `lesson --check` finds wrong with a drill.
pub fn check(d: &SqlDrill, reg: &Rc<Registry>) -> Vec<String> {
    match right_sql(d, reg) {
        Err(e) => vec![e],
        Ok(sql) if wrong_candidates(&sql).len() < 2 => vec![format!(
            "only {} wrong candidate(s) can be made from its SQL; it needs at least 2",
            wrong_candidates(&sql).len()
        )],
        Ok(sql) => {
            let pool = wrong_candidates(&sql);
            d.mistakes
                .iter()
                .filter(|m| !pool.iter().any(|c| &c.name == m))
                .map(|m| {
                    if mutation_names().contains(&m.as_str()) {
                        format!("the mistake `{m}` does not apply to its SQL")
                    } else {
                        format!(
                            "no mistake is called `{m}`; they are: {}",
                            mutation_names().join(", ")
                        )
                    }
                })
                .collect()
        }
    }
}

fn letter(i: usize) -> char {
    (b'A' + i as u8) as char
}

/// Asks the drill; `None` at the end of the input.
pub fn drill(
    d: &SqlDrill,
    reg: &Rc<Registry>,
    rng: &mut Rng,
    aio: &mut AnswerIo,
) -> Result<Option<Answered>, String> {
    let io = |e: std::io::Error| e.to_string();
    let right = right_sql(d, reg)?;
    let Some(cands) = candidates(&right, &d.mistakes, rng) else {
        return Err(format!("which-SQL drill `{}`: too few candidates", d.id));
    };
    let out = &mut *aio.out;
    writeln!(
        out,
        "Which SQL does this send when you type it in Django's shell (SQLite)?"
    )
    .map_err(io)?;
    for l in &d.setup {
        writeln!(out, "    >>> {l}").map_err(io)?;
    }
    for (i, l) in d.code.lines().enumerate() {
        let p = if i == 0 { ">>>" } else { "..." };
        writeln!(out, "    {p} {l}").map_err(io)?;
    }
    for (i, c) in cands.iter().enumerate() {
        writeln!(out, "  {}) {}", letter(i), c.sql).map_err(io)?;
    }
    let last = letter(cands.len() - 1);
    let right_at = cands.iter().position(|c| c.wrong.is_none()).unwrap_or(0);
    let pick = loop {
        write!(aio.out, "letter (A–{last}, or `skip`)> ").map_err(io)?;
        aio.out.flush().map_err(io)?;
        let Some(line) = read_line(aio.input) else {
            return Ok(None);
        };
        if aio.echo {
            writeln!(aio.out, "{line}").map_err(io)?;
        }
        let t = line.trim().to_uppercase();
        if t.is_empty() || t == "SKIP" {
            break None;
        }
        match t.chars().next().filter(|_| t.len() == 1) {
            Some(c) if ('A'..=last).contains(&c) => break Some((c as u8 - b'A') as usize),
            _ => writeln!(aio.out, "Answer with one letter, A to {last}.").map_err(io)?,
        }
    };
    let out = &mut *aio.out;
    let mark = match pick {
        None => {
            writeln!(out, "Skipped: it is {}.", letter(right_at)).map_err(io)?;
            Mark::Skipped
        }
        Some(p) if p == right_at => {
            writeln!(out, "✓ Right: {}.", letter(p)).map_err(io)?;
            Mark::Right
        }
        Some(p) => {
            writeln!(out, "✗ Not {}: it is {}.", letter(p), letter(right_at)).map_err(io)?;
            Mark::Wrong
        }
    };
    explain(&cands, &d.why, out).map_err(io)?;
    let mut extra = serde_json::Map::new();
    extra.insert("answer".into(), pick.map(letter).map(String::from).into());
    extra.insert("correct".into(), letter(right_at).to_string().into());
    Ok(Some(Answered { mark, extra }))
}

/// What each wrong candidate got wrong, then the point of the drill.
fn explain(cands: &[Candidate], why: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for (i, c) in cands.iter().enumerate() {
        match c.wrong {
            None => writeln!(out, "  {} is what ormlab and Django send.", letter(i))?,
            Some(w) => writeln!(out, "  {} {w}.", letter(i))?,
        }
    }
    writeln!(out, "Why: {why}\n")
}

fn read_line(input: &mut dyn std::io::BufRead) -> Option<String> {
    let mut s = String::new();
    match input.read_line(&mut s) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(s.trim_end_matches(['\n', '\r']).to_string()),
    }
}
