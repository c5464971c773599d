//! The interactive shell: line editing with history, completion, hints and highlighting
//! (rustyline), multi-line blocks as Python's REPL reads them, dot-commands, and each input's
//! SQL, query count, findings and result shown for the terminal. Also the piped-input reader.

pub mod commands;
pub mod complete;
pub mod helper;
pub mod highlight;
pub mod input;
pub mod show;
pub mod study;

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

/// Where a lesson or a practice round started by a dot-command reads and writes.
struct Io<'a> {
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    width: Option<u16>,
    /// Repeat each answer read (input from a pipe is not echoed by a terminal).
    echo: bool,
}

/// Carries out what a dot-command asked for, in the shell and in piped mode alike; true to leave.
fn act(
    action: Action,
    session: &mut Session,
    settings: &Settings,
    open: &dyn Fn() -> Result<Session, String>,
    io: Io,
) -> bool {
    let result = match action {
        Action::Continue => Ok(()),
        Action::Quit => return true,
        Action::Reset => open().map(|s| {
            *session = s;
            session.set_why(settings.why);
        }),
        Action::Lesson(name) => {
            study::run_lesson(&name, &session.ctx.reg, io.input, io.out, io.width, io.echo)
        }
        Action::Practice { count, topic } => {
            study::run_practice(count, topic, &session.ctx.reg, io.input, io.out, io.echo)
                .and_then(|s| writeln!(io.out, "{s}").map_err(|e| e.to_string()))
        }
    };
    if let Err(e) = result {
        let _ = writeln!(io.out, "{e}");
    }
    let _ = io.out.flush();
    false
}

/// Piped stdin (no terminal): inputs grouped into blocks as Python's REPL reads a script,
/// dot-commands run as in the shell (a `.lesson` reads its answers from the same input), each
/// outcome printed in the plain `human` format. Returns whether an input raised.
pub fn run_piped<R: BufRead>(
    mut r: R,
    open: &dyn Fn() -> Result<Session, String>,
    width: Option<u16>,
) -> Result<bool, String> {
    let mut session = open()?;
    let mut settings = Settings {
        color: false,
        ..Settings::default()
    };
    let mut history: Vec<String> = Vec::new();
    let mut blocks = Blocks::new();
    let mut raised = false;
    let run = |session: &mut Session, settings: &Settings, input: &str| -> bool {
        let o = session.eval(input);
        let p = if settings.plan {
            plans(session, &o)
        } else {
            vec![]
        };
        print!(
            "{}",
            crate::render::human::outcome_text_with_plans(
                &o,
                width,
                settings.show_sql,
                &p,
                crate::render::human::QuerySetView {
                    repr: settings.repr_mode,
                    rows: settings.rows,
                },
            )
        );
        let _ = std::io::stdout().flush();
        o.error.is_some()
    };
    loop {
        let mut line = String::new();
        match r.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\n', '\r']);
        if !line.trim().is_empty() {
            history.push(line.to_string());
        }
        // A script's block ends at a dedented line, a dot-command included.
        if !line.starts_with([' ', '\t']) && commands::is_command(line) {
            if let Some(input) = blocks.take() {
                raised |= run(&mut session, &settings, &input);
            }
            let (text, action) = commands::run(line, &session, &mut settings, &history);
            if !text.is_empty() {
                println!("{text}");
            }
            let io = Io {
                input: &mut r,
                out: &mut std::io::stdout(),
                width,
                echo: true,
            };
            if act(action, &mut session, &settings, open, io) {
                return Ok(raised);
            }
            continue;
        }
        for input in blocks.push(line) {
            raised |= run(&mut session, &settings, &input);
        }
    }
    if let Some(input) = blocks.take() {
        raised |= run(&mut session, &settings, &input);
    }
    Ok(raised)
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

/// What the shell shows for one input (evaluated in `session`), as text for the terminal.
pub fn render_input(session: &mut Session, input: &str, settings: &Settings) -> String {
    let o = session.eval(input);
    let p = if settings.plan {
        plans(session, &o)
    } else {
        vec![]
    };
    show::outcome(&o, settings, &p)
}

fn run_input(session: &mut Session, input: &str, settings: &Settings) {
    print!("{}", render_input(session, input, settings));
    let _ = std::io::stdout().flush();
}

/// Installs the SIGINT handler once per process. While rustyline reads a line the terminal is
/// in raw mode, so Ctrl-C there is a key (rustyline's `Interrupted`), not a signal; while an
/// input runs it is SIGINT, and the handler interrupts the running session's loop and query
/// (the shell's own, or the one a `.lesson` or `.practice` runs the learner's code in).
fn install_interrupt() {
    // Fails only when a handler is already set (a second shell in one process): keep that one.
    let _ = ctrlc::set_handler(crate::session::interrupt_all);
}

/// The interactive shell; returns when the user leaves.
pub fn run_shell(opts: ShellOptions) -> Result<(), String> {
    let mut session = (opts.open)()?;
    install_interrupt();
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
        if !blocks.pending() && commands::is_command(&line) {
            let history: Vec<String> = ed.history().iter().cloned().collect();
            let (text, action) = commands::run(&line, &session, &mut settings, &history);
            if !text.is_empty() {
                println!("{text}");
            }
            // A lesson or a practice round reads its answers from the terminal (in cooked mode,
            // between two rustyline reads).
            let stdin = std::io::stdin();
            let io = Io {
                input: &mut stdin.lock(),
                out: &mut std::io::stdout(),
                width: None,
                echo: false,
            };
            if act(action, &mut session, &settings, opts.open.as_ref(), io) {
                break;
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
