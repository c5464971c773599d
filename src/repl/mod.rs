//! The interactive shell: line editing with history, completion, hints and highlighting
//! (rustyline), multi-line blocks as Python's REPL reads them, dot-commands, and each input's
//! SQL, query count, findings and result shown for the terminal. Also the piped-input reader.

pub mod commands;
pub mod complete;
pub mod helper;
pub mod highlight;
pub mod input;
pub mod show;

use std::io::{BufRead, Write};
use std::path::PathBuf;

use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{CompletionType, Config, Editor};

use crate::orm::instance::Instance;
use crate::orm::manager::Manager;
use crate::orm::queryset::QuerySet;
use crate::session::{Outcome, Session};

use commands::Action;
use complete::VarTy;
use helper::ShellHelper;
use input::Blocks;
use show::Settings;

/// How the shell opens (and `.reset` reopens) its session.
pub struct ShellOptions {
    /// The first banner line (database and versions).
    pub title: String,
    pub color: bool,
    pub open: Box<dyn Fn() -> Result<Session, String>>,
}

/// Where the history lives: `$ORMLAB_HISTORY`, else `$XDG_DATA_HOME/ormlab/history`, else
/// `~/.local/share/ormlab/history`.
pub fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ORMLAB_HISTORY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("share"))
        })?;
    Some(data.join("ormlab").join("history"))
}

/// Whether colour is wanted: not with `NO_COLOR` set (to anything non-empty) or `--no-color`.
pub fn want_color(no_color_flag: bool) -> bool {
    !no_color_flag && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Reads a script from `r`, grouping lines into inputs as Python's REPL does, and calls `run`
/// on each.
pub fn piped_inputs<R: BufRead>(mut r: R, mut run: impl FnMut(&str)) {
    let mut blocks = Blocks::new();
    loop {
        let mut line = String::new();
        match r.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\n', '\r']);
        for input in blocks.push(line) {
            run(&input);
        }
    }
    if let Some(input) = blocks.take() {
        run(&input);
    }
}

fn banner(opts: &ShellOptions, session: &Session, s: &Settings) -> String {
    let models: Vec<String> = session
        .ctx
        .reg
        .user_models()
        .map(|(_, m)| m.name.clone())
        .collect();
    format!(
        "{}\nModels: {}\nThe models and Django's usual names (Q, F, Count, Sum, Avg, Prefetch, \
         timezone, datetime, ...) are already imported.\nType {} for commands and examples; \
         Tab completes; Ctrl-D leaves.\n",
        s.paint(&opts.title, "1"),
        models.join(", "),
        s.paint(".help", "1")
    )
}

/// The session's variables that hold QuerySets, managers or model instances.
fn var_types(session: &Session) -> Vec<(String, VarTy)> {
    let mut out = Vec::new();
    for name in session.it.global_names() {
        let Some(v) = session.it.get_global(&name) else {
            continue;
        };
        let ty = if let Some(qs) = v.downcast::<QuerySet>() {
            VarTy::QuerySet(qs.model)
        } else if let Some(m) = v.downcast::<Manager>() {
            VarTy::QuerySet(m.model)
        } else if let Some(i) = v.downcast::<Instance>() {
            VarTy::Instance(i.model)
        } else {
            continue;
        };
        out.push((name, ty));
    }
    out
}

/// `EXPLAIN QUERY PLAN` of each SELECT, as indented lines.
fn plans(session: &Session, o: &Outcome) -> Vec<Option<Vec<String>>> {
    o.queries
        .iter()
        .map(|q| {
            let sql = q.sql.trim_start();
            if !sql.starts_with("SELECT") {
                return None;
            }
            // The logged SQL has its params inlined; `%` is doubled so that nothing in it is
            // read as a placeholder.
            let rows = session
                .ctx
                .db
                .borrow()
                .explain_query_plan(&sql.replace('%', "%%"), &[])
                .ok()?;
            let mut depth: Vec<(i64, usize)> = Vec::new();
            let mut lines = vec!["QUERY PLAN".to_string()];
            for r in rows {
                let d = depth
                    .iter()
                    .find(|(id, _)| *id == r.parent)
                    .map_or(0, |(_, d)| d + 1);
                depth.push((r.id, d));
                lines.push(format!("{}└─ {}", "   ".repeat(d), r.detail));
            }
            Some(lines)
        })
        .collect()
}

fn run_input(session: &mut Session, input: &str, settings: &Settings) {
    let o = session.eval(input);
    let p = if settings.plan {
        plans(session, &o)
    } else {
        vec![]
    };
    print!("{}", show::outcome(&o, settings, &p));
    let _ = std::io::stdout().flush();
}

/// The interactive shell; returns when the user leaves.
pub fn run_shell(opts: ShellOptions) -> Result<(), String> {
    let mut session = (opts.open)()?;
    let mut settings = Settings {
        color: opts.color,
        ..Settings::default()
    };
    colored::control::set_override(opts.color);
    print!("{}", banner(&opts, &session, &settings));
    let config = Config::builder()
        .auto_add_history(false)
        .completion_type(CompletionType::List)
        .max_history_size(10_000)
        .map_err(|e| e.to_string())?
        .history_ignore_dups(true)
        .map_err(|e| e.to_string())?
        .build();
    let mut ed: Editor<ShellHelper, FileHistory> =
        Editor::with_config(config).map_err(|e| e.to_string())?;
    ed.set_helper(Some(ShellHelper::new(
        session.ctx.reg.clone(),
        session.it.global_names(),
        opts.color,
    )));
    let hist = history_path();
    if let Some(p) = &hist {
        if let Some(dir) = p.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = ed.load_history(p);
    }
    let mut blocks = Blocks::new();
    loop {
        let prompt = if blocks.pending() { "... " } else { ">>> " };
        let line = match ed.readline(prompt) {
            Ok(l) => l,
            Err(ReadlineError::Interrupted) => {
                blocks.cancel();
                println!("KeyboardInterrupt");
                continue;
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.to_string()),
        };
        if !line.trim().is_empty() {
            let _ = ed.add_history_entry(line.as_str());
            if let Some(p) = &hist {
                let _ = ed.append_history(p);
            }
        }
        let is_command = line.trim_start().starts_with('.')
            && !line.trim_start()[1..].starts_with(|c: char| c.is_ascii_digit());
        if !blocks.pending() && is_command {
            let history: Vec<String> = ed.history().iter().cloned().collect();
            let (text, action) = commands::run(&line, &session, &mut settings, &history);
            if !text.is_empty() {
                println!("{text}");
            }
            match action {
                Action::Continue => {}
                Action::Quit => break,
                Action::Reset => match (opts.open)() {
                    Ok(s) => session = s,
                    Err(e) => println!("cannot reset: {e}"),
                },
            }
        } else {
            for input in blocks.push(&line) {
                run_input(&mut session, &input, &settings);
            }
        }
        if let Some(h) = ed.helper_mut() {
            h.globals = session.it.global_names();
            h.vars = var_types(&session);
            h.reg = session.ctx.reg.clone();
        }
    }
    if let Some(p) = &hist {
        let _ = ed.append_history(p);
    }
    Ok(())
}
