//! The drill files' part of `ormlab lesson --check`: every block parses; every N+1 drill's code
//! really triggers the N+1 finding and its fix really passes; every which-SQL drill sends one
//! statement from which at least two distinct wrong candidates can be made; ids are unique.

use std::rc::Rc;

use super::drillfile::DrillFile;
use crate::lesson::check::CheckProblem;
use crate::models::Registry;

/// Checks `files`; returns how many drills there are and the problems (`prefix` goes before file
/// names, e.g. `lessons/drills/`).
pub fn check_drills(
    files: &[DrillFile],
    reg: &Rc<Registry>,
    prefix: &str,
) -> (usize, Vec<CheckProblem>) {
    let mut problems = Vec::new();
    let mut count = 0;
    let mut ids = std::collections::HashSet::new();
    for f in files {
        let mut problem = |line: usize, message: String| {
            problems.push(CheckProblem {
                file: format!("{prefix}{}", f.file),
                line,
                message,
            })
        };
        for p in &f.problems {
            problem(p.line, p.message.clone());
        }
        for d in &f.n_plus_one {
            count += 1;
            if !ids.insert(format!("p:{}", d.id)) {
                problem(d.line, format!("drill id `{}` is used twice", d.id));
            }
            for p in super::nplus1::check(d, reg) {
                problem(d.line, format!("nplus1 `{}`: {p}", d.id));
            }
        }
        for d in &f.which_sql {
            count += 1;
            if !ids.insert(format!("s:{}", d.id)) {
                problem(d.line, format!("drill id `{}` is used twice", d.id));
            }
            for p in super::which_sql::check(d, reg) {
                problem(d.line, format!("whichsql `{}`: {p}", d.id));
            }
        }
    }
    (count, problems)
}
