//! The interactive shell driven through a real pseudo-terminal (tmux), and the piped mode.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ormlab");
const TIMEOUT: Duration = Duration::from_secs(60);

/// One tmux server (own socket) running the shell in a 200x100 terminal.
struct Term {
    sock: String,
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Term {
    /// Starts the shell; `None` when tmux is not installed (the test is then skipped).
    fn start(name: &str, history: &std::path::Path) -> Option<Term> {
        if !tmux_available() {
            // CI installs tmux (.ci/run), so there a missing tmux is a failure, not a skip.
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is required to drive the shell through a pseudo-terminal"
            );
            eprintln!("tmux not found: skipping {name}");
            return None;
        }
        let sock = std::env::temp_dir()
            .join(format!("ormlab-tmux-{}-{name}", std::process::id()))
            .display()
            .to_string();
        let cmd = format!(
            "env NO_COLOR=1 ORMLAB_HISTORY='{}' '{BIN}'; echo EXITED $?; sleep 120",
            history.display()
        );
        let status = Command::new("tmux")
            .args(["-S", &sock, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", "200", "-y", "100", &cmd])
            .env_remove("TMUX")
            .status()
            .expect("tmux runs");
        assert!(status.success());
        let t = Term { sock };
        t.wait_for(">>> ");
        Some(t)
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-S", &self.sock])
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types `text` literally.
    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
    }

    /// Sends named keys (`Enter`, `Tab`, `C-d`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// The screen and its scrollback, wrapped lines joined.
    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-S", "-2000"])
    }

    /// Waits until `pred` holds for the screen; panics with the screen on timeout.
    fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |s| s.contains(needle))
    }

    /// Waits for the `n`th `>>> ` prompt.
    fn wait_prompts(&self, n: usize) -> String {
        self.wait_until(&format!("{n} prompts"), |s| {
            s.lines().filter(|l| l.starts_with(">>> ")).count() >= n
                || s.lines().filter(|l| l.starts_with(">>>")).count() >= n
        })
    }

    /// Types a line, presses Enter and waits for the next prompt (the `n`th).
    fn run(&self, line: &str, n: usize) -> String {
        self.type_text(line);
        self.keys(&["Enter"]);
        self.wait_prompts(n)
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
        let _ = std::fs::remove_file(&self.sock);
    }
}

fn temp_history(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ormlab-shell-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("sub").join("history")
}

#[test]
fn count_shows_sql_query_count_and_value() {
    let Some(t) = Term::start("count", &temp_history("count")) else {
        return;
    };
    let s = t.run("Book.objects.count()", 2);
    assert!(s.contains("SELECT COUNT(*) AS \"__count\""), "{s}");
    assert!(s.contains("FROM \"bookstore_book\""), "{s}");
    assert!(s.contains("1 query"), "{s}");
    assert!(s.lines().any(|l| l.trim() == "250"), "{s}");
    t.keys(&["C-d"]);
    t.wait_for("EXITED 0");
}

#[test]
fn tab_completes_related_fields_and_lookups() {
    let Some(t) = Term::start("tab", &temp_history("tab")) else {
        return;
    };
    t.type_text("Book.objects.filter(publisher__");
    t.keys(&["Tab", "Tab"]);
    let s = t.wait_for("founded=");
    assert!(s.contains("country="), "{s}");
    assert!(s.contains("name="), "{s}");
    t.keys(&["C-c"]);
    t.wait_prompts(2);
    t.type_text("Book.objects.filter(title__ic");
    t.keys(&["Tab"]);
    t.wait_for("Book.objects.filter(title__icontains=");
    t.type_text("'war').count()");
    t.keys(&["Enter"]);
    // (Counting prompts would race: rustyline redraws the line after listing completions.)
    let s = t.wait_for("1 query");
    assert!(s.contains("LIKE '%war%'"), "{s}");
}

#[test]
fn multi_line_for_loop_runs() {
    let Some(t) = Term::start("for", &temp_history("for")) else {
        return;
    };
    t.type_text("for i in range(3):");
    t.keys(&["Enter"]);
    t.wait_for("... ");
    t.type_text("    print(i * 10)");
    t.keys(&["Enter"]);
    t.wait_until("second ... prompt", |s| s.matches("... ").count() >= 2);
    t.keys(&["Enter"]);
    let s = t.wait_prompts(2);
    assert!(s.lines().any(|l| l == "20"), "{s}");
    assert!(s.lines().any(|l| l == "10"), "{s}");
}

#[test]
fn dot_commands_models_and_reset() {
    let Some(t) = Term::start("dot", &temp_history("dot")) else {
        return;
    };
    let s = t.run(".models", 2);
    assert!(
        s.lines()
            .any(|l| l.starts_with("Book ") && l.contains("250 rows")),
        "{s}"
    );
    t.run("answer = 42", 3);
    let s = t.run("answer", 4);
    assert!(s.lines().any(|l| l.trim() == "42"), "{s}");
    let s = t.run(".reset", 5);
    assert!(s.contains("fresh copy"), "{s}");
    let s = t.run("answer", 6);
    assert!(s.contains("NameError: name 'answer' is not defined"), "{s}");
    let s = t.run(".modles", 7);
    assert!(s.contains("did you mean .models?"), "{s}");
    let s = t.run(".schema Book", 8);
    assert!(s.contains("CREATE TABLE \"bookstore_book\""), "{s}");
    assert!(s.contains("publisher") && s.contains("ForeignKey"), "{s}");
    let s = t.run(".help", 9);
    assert!(s.contains(".schema") && s.contains("Examples:"), "{s}");
    let s = t.run("Book.objects.filter(titel='x')", 10);
    assert!(
        s.contains("FieldError: Cannot resolve keyword 'titel'"),
        "{s}"
    );
    assert!(s.contains("\n                        ^^^^^\n"), "{s}");
}

#[test]
fn history_survives_a_restart() {
    let hist = temp_history("hist");
    {
        let Some(t) = Term::start("hist1", &hist) else {
            return;
        };
        t.run("Publisher.objects.count()", 2);
        t.keys(&["C-d"]);
        t.wait_for("EXITED 0");
    }
    let saved = std::fs::read_to_string(&hist).expect("history file written");
    assert!(saved.contains("Publisher.objects.count()"), "{saved}");
    let Some(t) = Term::start("hist2", &hist) else {
        return;
    };
    t.keys(&["Up"]);
    t.wait_for(">>> Publisher.objects.count()");
    t.keys(&["Enter"]);
    let s = t.wait_prompts(2);
    assert!(s.lines().any(|l| l.trim() == "12"), "{s}");
}

#[test]
fn ctrl_c_cancels_and_ctrl_d_leaves() {
    let Some(t) = Term::start("keys", &temp_history("keys")) else {
        return;
    };
    t.type_text("Book.objects.");
    t.keys(&["C-c"]);
    t.wait_for("KeyboardInterrupt");
    t.wait_prompts(2);
    t.keys(&["C-d"]);
    t.wait_for("EXITED 0");
}

/// An input that would run forever: SQLite counts an endless recursive CTE.
const ENDLESS_QUERY: &str = "list(Book.objects.raw(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL \
     SELECT x+1 FROM c) SELECT count(*) AS id FROM c\"))";

#[test]
fn ctrl_c_stops_a_running_query_and_a_loop() {
    let Some(t) = Term::start("sigint", &temp_history("sigint")) else {
        return;
    };
    t.type_text(ENDLESS_QUERY);
    t.keys(&["Enter"]);
    // Let the statement start: a Ctrl-C before the input runs is (rightly) forgotten.
    std::thread::sleep(Duration::from_millis(1500));
    t.keys(&["C-c"]);
    let s = t.wait_prompts(2);
    assert!(s.lines().any(|l| l == "KeyboardInterrupt"), "{s}");
    assert!(
        !s.contains("Traceback") && !s.contains("OperationalError"),
        "{s}"
    );
    let s = t.run("Book.objects.count()", 3);
    assert!(s.lines().any(|l| l.trim() == "250"), "{s}");

    t.type_text("while True: pass");
    t.keys(&["Enter"]);
    t.wait_for("... ");
    t.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(1500));
    t.keys(&["C-c"]);
    let s = t.wait_prompts(4);
    assert_eq!(
        s.lines().filter(|l| *l == "KeyboardInterrupt").count(),
        2,
        "{s}"
    );
    // The flag was spent: the next inputs run to the end.
    let s = t.run("sum(i for i in range(1000))", 5);
    assert!(s.lines().any(|l| l.trim() == "499500"), "{s}");
    let s = t.run("Publisher.objects.count()", 6);
    assert!(s.lines().any(|l| l.trim() == "12"), "{s}");
}

fn piped(input: &str) -> (String, i32) {
    // Lessons and practice keep their progress here, not in the user's data dir.
    let data = std::env::temp_dir().join(format!("ormlab-shell-data-{}", std::process::id()));
    let mut child = Command::new(BIN)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .env("NO_COLOR", "1")
        .env("ORMLAB_DATA_DIR", &data)
        .spawn()
        .expect("ormlab runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("output");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn piped_lines_and_blocks() {
    let (out, code) = piped(
        "Book.objects.count()\n\
         for b in Book.objects.order_by('id')[:2]:\n    print('>', b.id)\n\n\
         if True:\n    x = 7\nx * 6\n",
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 query\n250\n"), "{out}");
    assert!(out.contains("> 1\n> 2\n"), "{out}");
    assert!(out.contains("\n42\n"), "{out}");
    let (out, code) = piped("Book.objects.get(pk=0)\n");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("DoesNotExist"), "{out}");
}

#[test]
fn piped_plan_on_shows_each_statements_plan() {
    let (out, code) = piped(
        ".plan on\nBook.objects.filter(pages__gt=500).count()\n.plan off\nBook.objects.count()\n",
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("\"pages\" > 500\nQUERY PLAN\n└─ SCAN bookstore_book\n1 query\n"),
        "{out}"
    );
    assert_eq!(out.matches("QUERY PLAN").count(), 1, "{out}");
}

#[test]
fn piped_dot_commands_run_as_in_the_shell() {
    let (out, code) = piped(".models\nBook.objects.count()\n.sql off\nPublisher.objects.count()\n");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("Book ") && l.contains("250 rows")),
        "{out}"
    );
    assert!(out.contains("1 query\n250\n"), "{out}");
    assert!(out.contains("SQL: off\n1 query\n12\n"), "{out}");
    // A block ends at a dot-command, which then runs.
    let (out, _) =
        piped("for i in range(2):\n    print(i)\n.schema Genre\n.quit\nBook.objects.count()\n");
    assert!(out.contains("0\n1\n"), "{out}");
    assert!(out.contains("Genre (table bookstore_genre)"), "{out}");
    assert!(!out.contains("250"), "{out}");
    let (out, _) = piped(".why on\nPublisher.objects.all()[:2]\n");
    assert!(
        out.contains(
            "why:\n  ORDER BY \"bookstore_publisher\".\"name\" ASC ← Publisher.Meta.ordering"
        ),
        "{out}"
    );
}

#[test]
fn lessons_and_practice_from_the_shell() {
    let (out, code) =
        piped(".lesson\n.lesson 1\nskip\nskip\nskip\n.practice 1\nskip\nBook.objects.count()\n");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("01-the-orm-and-models"), "{out}");
    assert!(out.contains("End of lesson 01-the-orm-and-models"), "{out}");
    assert!(out.contains("Practice: 1 asked"), "{out}");
    assert!(out.ends_with("1 query\n250\n"), "{out}");
    let (out, _) = piped(".lesson nosuchlesson\n");
    assert!(out.contains("nosuchlesson"), "{out}");
}

#[test]
fn why_on_in_the_shell() {
    let Some(t) = Term::start("why", &temp_history("why")) else {
        return;
    };
    let s = t.run(".why on", 2);
    assert!(s.contains("why: on"), "{s}");
    let s = t.run(
        "Book.objects.filter(publisher__name__icontains='a').select_related('genre')",
        3,
    );
    assert!(s.lines().any(|l| l == "why:"), "{s}");
    assert!(
        s.contains("  INNER JOIN \"bookstore_publisher\" ← filter publisher__name__icontains"),
        "{s}"
    );
    assert!(
        s.contains("  LEFT OUTER JOIN \"bookstore_genre\" ← select_related genre"),
        "{s}"
    );
    assert!(
        s.contains("  LIMIT 21 ← the shell shows a QuerySet as its repr"),
        "{s}"
    );
    // .reset keeps the setting for the new session.
    t.run(".reset", 4);
    let s = t.run("Book.objects.count()", 5);
    assert!(s.contains("  COUNT(*) AS \"__count\" ← count()"), "{s}");
    let s = t.run(".why off", 6);
    assert!(s.contains("why: off"), "{s}");
}
