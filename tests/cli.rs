//! The command line as a user runs it: `eval` and `batch` (human and JSON), exit codes,
//! `export-db`, and `--db` files that stay untouched unless `--write` is given.

use std::path::PathBuf;
use std::process::Command;

fn ormlab() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ormlab"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ormlab-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn eval_prints_the_sql_the_count_and_the_result() {
    let out = ormlab()
        .args([
            "eval",
            "Book.objects.filter(authors__name__icontains='dickens').count()",
        ])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains(r#"INNER JOIN "bookstore_book_authors""#),
        "{text}"
    );
    assert!(text.contains("LIKE '%dickens%' ESCAPE '\\'"), "{text}");
    assert!(text.lines().any(|l| l == "1 query"), "{text}");
    assert!(text.lines().any(|l| l.trim() == "13"), "{text}");
}

#[test]
fn eval_exits_1_when_the_input_raised_and_shows_the_exception() {
    let out = ormlab()
        .args(["eval", "Book.objects.get(pk=99999)"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("Book.DoesNotExist: Book matching query does not exist.")
    );
}

#[test]
fn batch_json_is_one_object_per_input_with_the_spec_keys() {
    let dir = temp_dir("batch");
    let file = dir.join("inputs.txt");
    std::fs::write(&file, "# a comment\nx = Publisher.objects.filter(country='GB')\n\nx.count()\nfor b in Book.objects.all()[:3]: b.publisher.name\n").expect("write");
    let out = ormlab()
        .args(["batch", "--json"])
        .arg(&file)
        .output()
        .expect("run");
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 3);
    let keys: Vec<&str> = lines[0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["input", "queries", "result", "stdout", "error"]);
    assert_eq!(lines[1]["result"], serde_json::json!(5));
    assert!(
        lines[2]["findings"][0]
            .as_str()
            .expect("N+1 finding")
            .contains("N+1: Book.publisher")
    );
}

#[test]
fn export_db_writes_the_embedded_image() {
    let dir = temp_dir("export");
    let out_file = dir.join("bookstore.sqlite3");
    let out = ormlab()
        .args(["export-db"])
        .arg(&out_file)
        .output()
        .expect("run");
    assert!(out.status.success());
    let written = std::fs::read(&out_file).expect("image");
    let committed = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-db/bookstore.sqlite3"),
    )
    .expect("committed");
    assert_eq!(written, committed);
}

#[test]
fn a_db_file_is_read_only_unless_write_is_given() {
    let dir = temp_dir("readonly");
    let db = dir.join("mine.sqlite3");
    assert!(
        ormlab()
            .args(["export-db"])
            .arg(&db)
            .status()
            .expect("export")
            .success()
    );
    let before = std::fs::read(&db).expect("before");
    let delete = "connection.cursor().execute('DELETE FROM bookstore_review')";
    let out = ormlab()
        .arg("--db")
        .arg(&db)
        .args(["eval", delete])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("read-only") && text.contains("--write"),
        "{text}"
    );
    assert_eq!(
        std::fs::read(&db).expect("after"),
        before,
        "a read-only run changed the file"
    );
    // The flag may come after the subcommand too; with --write the change is kept.
    let out = ormlab()
        .args(["eval", delete, "--write"])
        .arg("--db")
        .arg(&db)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = ormlab()
        .arg("--db")
        .arg(&db)
        .args(["eval", "Review.all_objects.count()"])
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .any(|l| l.trim() == "0")
    );
}

#[test]
fn version_names_django_and_sqlite() {
    let out = ormlab().arg("--version").output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Django 5.2.19") && text.contains("SQLite 3."),
        "{text}"
    );
}

/// Runs the shell with `input` piped to it (no terminal); its exit status and output.
fn piped(input: &[u8]) -> (std::process::Output, String) {
    use std::io::Write;
    let mut child = ormlab()
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, text)
}

#[test]
fn piped_input_runs_line_by_line() {
    let (out, text) = piped(b"Book.objects.count()\nPublisher.objects.count()\n");
    assert!(out.status.success());
    assert!(
        text.lines().any(|l| l.trim() == "250") && text.lines().any(|l| l.trim() == "12"),
        "{text}"
    );
}

/// Piped input honours `.rows` and `.mode` as the terminal shell does.
#[test]
fn piped_rows_and_mode_change_how_querysets_are_shown() {
    let (out, text) = piped(
        b".rows 2\nPublisher.objects.order_by('pk')[:5]\n\
          .mode repr\nPublisher.objects.order_by('pk')[:2]\n",
    );
    assert!(out.status.success());
    assert!(text.contains("(2 of 5 rows shown)"), "{text}");
    assert!(text.contains("│ 2  ┆ Oxford University Press"), "{text}");
    assert!(!text.contains("│ 3  ┆"), "{text}");
    assert!(
        text.contains("<QuerySet [<Publisher: Penguin>, <Publisher: Oxford University Press>]>"),
        "{text}"
    );
}

/// `ormlab sqlmigrate` prints what Django's `sqlmigrate bookstore 0001` printed
/// (tests/golden/sqlmigrate.sql, written by tools/django-oracle/schema.py), byte for byte.
#[test]
fn sqlmigrate_prints_djangos_initial_migration_sql() {
    let out = ormlab().arg("sqlmigrate").output().expect("run");
    assert!(out.status.success());
    let golden = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/sqlmigrate.sql"),
    )
    .expect("golden");
    assert_eq!(String::from_utf8_lossy(&out.stdout), golden);
}

/// The shell's `.migrations` (piped): the explanation above the same SQL.
#[test]
fn dot_migrations_explains_then_shows_the_sql() {
    let (_, text) = piped(b".migrations\n");
    assert!(
        text.contains("python manage.py makemigrations bookstore"),
        "{text}"
    );
    assert!(text.contains("CREATE TABLE \"bookstore_book\""), "{text}");
    assert!(text.contains("COMMIT;"), "{text}");
}
