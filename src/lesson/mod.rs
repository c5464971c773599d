//! Lessons: Markdown files (`lessons/NN-slug.md`, embedded in the binary at build time) with
//! prose, demonstration blocks that run in one session, exercises checked on two differently
//! filled copies of the sample database, and model answers for the interview-question bank.
//! See `parse` for the format; `run` steps a learner through a lesson; `check` verifies them.

pub mod altdb;
pub mod check;
pub mod compare;
pub mod grade;
pub mod parse;
pub mod progress;
pub mod run;

use std::path::Path;

pub use parse::{Lesson, parse_lesson};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/lessons.rs"));
}

/// The lessons built into this binary, in file-name order.
pub fn embedded_lessons() -> Vec<Lesson> {
    embedded::EMBEDDED
        .iter()
        .map(|(name, text)| parse_lesson(name, text))
        .collect()
}

/// The practice drill files built into this binary (`lessons/drills/*.md`): (file name, text).
pub fn embedded_drill_files() -> &'static [(&'static str, &'static str)] {
    embedded::EMBEDDED_DRILLS
}

/// The lessons of a directory (`*.md` except README.md), in file-name order.
pub fn lessons_in(dir: &Path) -> Result<Vec<Lesson>, String> {
    markdown_files_in(dir, parse_lesson)
}

/// Each `*.md` file of `dir` except README.md, in file-name order, parsed by `parse(name, text)`
/// (lessons, and practice's drill files).
pub fn markdown_files_in<T>(dir: &Path, parse: impl Fn(&str, &str) -> T) -> Result<Vec<T>, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files: Vec<_> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "README.md")
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(parse(&name, &text))
        })
        .collect()
}

/// The lesson called `name`: its slug, its number (`3` or `03`), or a unique prefix of its slug
/// or of the slug after the number.
pub fn find<'a>(lessons: &'a [Lesson], name: &str) -> Result<&'a Lesson, String> {
    let name = name.strip_suffix(".md").unwrap_or(name);
    if let Some(l) = lessons.iter().find(|l| l.slug == name) {
        return Ok(l);
    }
    if let Ok(n) = name.parse::<u32>()
        && let Some(l) = lessons.iter().find(|l| l.number == Some(n))
    {
        return Ok(l);
    }
    let hits: Vec<&Lesson> = lessons
        .iter()
        .filter(|l| {
            let bare = l
                .slug
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
            l.slug.starts_with(name) || bare.starts_with(name)
        })
        .collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "no lesson called `{name}` (`ormlab lesson` lists them)"
        )),
        many => Err(format!(
            "`{name}` could be {}",
            many.iter()
                .map(|l| l.slug.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// One line per lesson with its progress.
pub fn listing(lessons: &[Lesson], progress: &progress::Progress) -> String {
    let w = lessons
        .iter()
        .map(|l| l.slug.chars().count())
        .max()
        .unwrap_or(0);
    let tw = lessons
        .iter()
        .map(|l| l.title.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for l in lessons {
        let total = l.exercises().count();
        let done = l
            .exercises()
            .filter(|e| progress.is_done(&l.slug, &e.id))
            .count();
        out.push_str(&format!(
            "{:<w$}  {:<tw$}  {done}/{total} exercises done\n",
            l.slug, l.title
        ));
    }
    if lessons.is_empty() {
        out.push_str("no lessons\n");
    }
    out
}
