//! The `ormlab` command line: flags are validated here and turned into a session; no ORM logic.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use ormlab::db::Database;
use ormlab::render::{human, json};
use ormlab::session::{Outcome, Session};

/// The Django version whose behaviour ormlab follows.
const DJANGO_VERSION: &str = "5.2.19";

#[derive(Parser)]
#[command(
    name = "ormlab",
    about = "See the SQL Django's ORM sends to SQLite, how many queries it costs, and the rows."
)]
#[command(disable_version_flag = true)]
struct Cli {
    /// Work on this SQLite file instead of the bundled sample database (read-only unless --write).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Allow writes to the file given with --db.
    #[arg(long, global = true)]
    write: bool,
    /// Print the Django and SQLite versions ormlab follows.
    #[arg(long, short = 'V')]
    version: bool,
    /// No colours in the interactive shell (as does a non-empty NO_COLOR).
    #[arg(long, global = true)]
    no_color: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate one input as Django's shell would.
    Eval {
        /// Print one JSON object (shared/spec/json-output.md).
        #[arg(long)]
        json: bool,
        input: String,
    },
    /// Evaluate every line of FILE in one run.
    Batch {
        #[arg(long)]
        json: bool,
        file: PathBuf,
    },
    /// Write the bundled sample database to PATH.
    ExportDb { path: PathBuf },
    /// (For ormlab's developers) rebuild the sample database image from sample-db/'s models.py,
    /// data.sql and view, with ormlab's own DDL generator.
    BuildDb {
        /// Where to write the image (default: sample-db/bookstore.sqlite3 of this checkout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn open_db(cli: &Cli) -> Result<Database, String> {
    match &cli.db {
        Some(path) => {
            if !path.exists() {
                return Err(format!("no such database file: {}", path.display()));
            }
            Database::open_file(path, cli.write).map_err(|e| e.to_string())
        }
        None => Database::open_sample().map_err(|e| e.to_string()),
    }
}

fn session(cli: &Cli) -> Result<Session, String> {
    Session::new(open_db(cli)?)
}

fn print_outcome(o: &Outcome, as_json: bool) {
    if as_json {
        println!("{}", json::outcome_line(o));
    } else {
        let width = if std::io::stdout().is_terminal() {
            None
        } else {
            Some(120)
        };
        print!("{}", human::outcome_text(o, width));
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    if cli.version {
        println!(
            "ormlab {} — follows Django {DJANGO_VERSION} on SQLite {}",
            env!("CARGO_PKG_VERSION"),
            Database::sqlite_version()
        );
        return Ok(ExitCode::SUCCESS);
    }
    match &cli.command {
        Some(Command::Eval { json, input }) => {
            let mut s = session(&cli)?;
            let o = s.eval(input);
            print_outcome(&o, *json);
            Ok(if o.error.is_some() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Some(Command::Batch { json, file }) => {
            let text =
                std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let text = String::from_utf8_lossy(&text);
            let mut s = session(&cli)?;
            for line in text.split('\n') {
                let line = line.strip_suffix('\r').unwrap_or(line);
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                print_outcome(&s.eval(line), *json);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::ExportDb { path }) => {
            std::fs::write(path, Database::sample_image())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::BuildDb { out }) => {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-db");
            let out = out.clone().unwrap_or_else(|| dir.join("bookstore.sqlite3"));
            ormlab::session::sample_db::build_sample_file(&dir, &out)?;
            println!("wrote {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        None => line_loop(&cli),
    }
}

/// Without a subcommand: the interactive shell on a terminal; otherwise read inputs from stdin
/// (indented blocks end with a blank line, as in Python's REPL) and print each outcome.
fn line_loop(cli: &Cli) -> Result<ExitCode, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() && std::io::stdout().is_terminal() {
        let db = cli.db.clone();
        let write = cli.write;
        let place = match &db {
            Some(p) => format!("{}{}", p.display(), if write { "" } else { " (read-only)" }),
            None => "the bundled bookstore database (an in-memory copy)".to_string(),
        };
        let opts = ormlab::repl::ShellOptions {
            title: format!(
                "ormlab {} — Django {DJANGO_VERSION}'s ORM on SQLite {}, {place}",
                env!("CARGO_PKG_VERSION"),
                Database::sqlite_version()
            ),
            color: ormlab::repl::want_color(cli.no_color),
            open: Box::new(move || {
                let db = match &db {
                    Some(path) => Database::open_file(path, write).map_err(|e| e.to_string())?,
                    None => Database::open_sample().map_err(|e| e.to_string())?,
                };
                Session::new(db)
            }),
        };
        if let Some(path) = &cli.db
            && !path.exists()
        {
            return Err(format!("no such database file: {}", path.display()));
        }
        ormlab::repl::run_shell(opts)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = session(cli)?;
    let mut raised = false;
    ormlab::repl::piped_inputs(stdin.lock(), |input| {
        let o = s.eval(input);
        raised |= o.error.is_some();
        print_outcome(&o, false);
    });
    Ok(if raised {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("ormlab: {msg}");
            ExitCode::from(2)
        }
    }
}
