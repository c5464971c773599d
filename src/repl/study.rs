//! `.lesson [NAME]` and `.practice [N] [TOPIC]` inside the shell: the same runners as
//! `ormlab lesson NAME` and `ormlab practice`, reading answers from the shell's input, so a
//! learner never has to leave. Progress is the same file the subcommands keep.

use std::io::{BufRead, Write};
use std::rc::Rc;

use crate::lesson::{self, progress::Progress};
use crate::models::Registry;

/// `.lesson` with no name: the lessons and the progress made.
pub fn listing() -> String {
    let lessons = lesson::embedded_lessons();
    lesson::listing(&lessons, &Progress::load())
        .trim_end()
        .to_string()
}

/// Steps through lesson `name`; `echo` repeats each answer read (input from a pipe).
pub fn run_lesson(
    name: &str,
    reg: &Rc<Registry>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    width: Option<u16>,
    echo: bool,
) -> Result<(), String> {
    let lessons = lesson::embedded_lessons();
    let l = lesson::find(&lessons, name)?;
    let mut progress = Progress::load();
    lesson::run::run_lesson(l, reg, &mut progress, input, out, width, echo)
}

/// A practice round of `count` questions (of `topic`, if given); returns the summary line.
pub fn run_practice(
    count: usize,
    topic: Option<String>,
    reg: &Rc<Registry>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    echo: bool,
) -> Result<String, String> {
    let lessons = lesson::embedded_lessons();
    let mut progress = Progress::load();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let opts = crate::practice::PracticeOptions {
        topic,
        kind: None,
        count,
        seed,
        echo,
    };
    let files = crate::practice::drillfile::embedded_drills();
    let summary =
        crate::practice::practice(&lessons, &files, reg, &mut progress, &opts, input, out)?;
    Ok(crate::practice::summary_text(&summary))
}
