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
    /// List the lessons, or step through one (NAME: its slug or number).
    Lesson {
        name: Option<String>,
        /// Run every demonstration and reference answer of every lesson (the embedded ones, or
        /// those in DIR); exit 1 listing each problem.
        #[arg(long, value_name = "DIR", num_args = 0..=1)]
        check: Option<Option<PathBuf>>,
        /// Forget the saved progress.
        #[arg(long)]
        reset: bool,
        /// Take the lessons from DIR instead of the built-in ones.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Practise: interview questions, query counts, exercises, N+1 fixes and which-SQL drills,
    /// weighted towards past mistakes.
    Practice {
        /// Only questions of this topic (part of a section header of the question bank, or of a
        /// kind's name such as "N+1" or "which SQL").
        #[arg(long)]
        topic: Option<String>,
        /// Only drills of this kind: concept, query_count, exercise, n_plus_one, which_sql.
        #[arg(long)]
        kind: Option<String>,
        /// How many questions.
        #[arg(long, default_value_t = 5)]
        count: usize,
        /// Make the draw repeatable.
        #[arg(long)]
        seed: Option<u64>,
        /// Print the summary as JSON (the questions go to stderr).
        #[arg(long)]
        json: bool,
    },
    /// Print what `python manage.py sqlmigrate bookstore 0001` prints for the sample app's
    /// initial migration (from ormlab's own DDL generator).
    Sqlmigrate,
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
        Some(Command::Lesson {
            name,
            check,
            reset,
            dir,
        }) => lesson_cmd(name.as_deref(), check, *reset, dir.as_deref()),
        Some(Command::Practice {
            topic,
            kind,
            count,
            seed,
            json,
        }) => practice_cmd(topic.clone(), kind.clone(), *count, *seed, *json),
        Some(Command::Sqlmigrate) => {
            let reg = ormlab::session::sample_registry()?;
            let sql = ormlab::models::ddl::try_sqlmigrate(&reg).map_err(|e| e.to_string())?;
            print!("{sql}");
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

fn lesson_cmd(
    name: Option<&str>,
    check: &Option<Option<PathBuf>>,
    reset: bool,
    dir: Option<&std::path::Path>,
) -> Result<ExitCode, String> {
    use ormlab::lesson::{self, progress::Progress};
    if reset {
        Progress::reset()?;
        println!("progress forgotten");
        return Ok(ExitCode::SUCCESS);
    }
    let reg = std::rc::Rc::new(ormlab::session::sample_registry()?);
    let dir_opt = dir.map(std::path::Path::to_path_buf);
    if let Some(dir) = check {
        let (lessons, prefix) = match dir.as_ref().or(dir_opt.as_ref()) {
            Some(d) => (lesson::lessons_in(d)?, format!("{}/", d.display())),
            None => (lesson::embedded_lessons(), "lessons/".to_string()),
        };
        let bank = ormlab::practice::bank::bank_questions();
        let r = lesson::check::check_lessons(&lessons, &reg, &prefix, &bank);
        // The drill files: DIR/drills/ when checking a directory, else the embedded ones.
        use ormlab::practice::drillfile;
        let (drills, drill_prefix) = match dir.as_ref().or(dir_opt.as_ref()) {
            Some(d) if d.join("drills").is_dir() => (
                drillfile::drills_in(&d.join("drills"))?,
                format!("{}/drills/", d.display()),
            ),
            Some(_) => (Vec::new(), String::new()),
            None => (drillfile::embedded_drills(), "lessons/drills/".to_string()),
        };
        let (drill_count, drill_problems) =
            ormlab::practice::check::check_drills(&drills, &reg, &drill_prefix);
        for p in r.problems.iter().chain(&drill_problems) {
            println!("{p}");
        }
        let problems = r.problems.len() + drill_problems.len();
        println!(
            "{} lessons, {} inputs, {} exercises, {drill_count} drills: {}",
            r.lessons,
            r.inputs,
            r.exercises,
            match problems {
                0 => "ok".to_string(),
                n => format!("{n} problems"),
            }
        );
        return Ok(ExitCode::from(u8::from(problems > 0)));
    }
    let lessons = match dir {
        Some(d) => lesson::lessons_in(d)?,
        None => lesson::embedded_lessons(),
    };
    let mut progress = Progress::load();
    match name {
        None => print!("{}", lesson::listing(&lessons, &progress)),
        Some(name) => {
            let l = lesson::find(&lessons, name)?;
            let width = if std::io::stdout().is_terminal() {
                None
            } else {
                Some(120)
            };
            let stdin = std::io::stdin();
            let stdout = std::io::stdout();
            lesson::run::run_lesson(
                l,
                &reg,
                &mut progress,
                &mut stdin.lock(),
                &mut stdout.lock(),
                width,
                !stdin.is_terminal(),
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn practice_cmd(
    topic: Option<String>,
    kind: Option<String>,
    count: usize,
    seed: Option<u64>,
    as_json: bool,
) -> Result<ExitCode, String> {
    use ormlab::lesson::progress::Progress;
    let reg = std::rc::Rc::new(ormlab::session::sample_registry()?);
    let lessons = ormlab::lesson::embedded_lessons();
    let files = ormlab::practice::drillfile::embedded_drills();
    let mut progress = Progress::load();
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
    });
    let stdin = std::io::stdin();
    let opts = ormlab::practice::PracticeOptions {
        topic,
        kind,
        count,
        seed,
        echo: !stdin.is_terminal(),
    };
    let summary = if as_json {
        let mut err = std::io::stderr().lock();
        ormlab::practice::practice(
            &lessons,
            &files,
            &reg,
            &mut progress,
            &opts,
            &mut stdin.lock(),
            &mut err,
        )?
    } else {
        let mut out = std::io::stdout().lock();
        ormlab::practice::practice(
            &lessons,
            &files,
            &reg,
            &mut progress,
            &opts,
            &mut stdin.lock(),
            &mut out,
        )?
    };
    if as_json {
        println!("{summary}");
    } else {
        println!("{}", ormlab::practice::summary_text(&summary));
    }
    Ok(ExitCode::SUCCESS)
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
    let width = if std::io::stdout().is_terminal() {
        None
    } else {
        Some(120)
    };
    let open = || session(cli);
    let raised = ormlab::repl::run_piped(stdin.lock(), &open, width)?;
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
