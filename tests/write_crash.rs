//! Nothing a learner does can damage a database file: a refused write leaves the file
//! byte-identical, and ormlab killed (SIGKILL) in the middle of a large `bulk_create` inside
//! `transaction.atomic()` leaves it as SQLite's atomic commit does — intact, and as it was
//! before the transaction.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_ormlab")
}

fn fresh_copy(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("ormlab-crash-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("db.sqlite3");
    let st = Command::new(bin())
        .args(["export-db", db.to_str().expect("path")])
        .status()
        .expect("export-db");
    assert!(st.success());
    (dir, db)
}

/// Every row of every table, in a stable order: the database's content, as text.
fn content(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("query")
        .map(|r| r.expect("name"))
        .collect();
    tables.retain(|t| !t.starts_with("sqlite_"));
    let mut out = String::new();
    for t in tables {
        let sql = format!("SELECT * FROM \"{t}\" ORDER BY 1");
        let mut stmt = conn.prepare(&sql).expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            out.push_str(&t);
            for i in 0..n {
                let v: rusqlite::types::Value = row.get(i).expect("value");
                out.push_str(&format!("|{v:?}"));
            }
            out.push('\n');
        }
    }
    out
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

#[test]
fn a_refused_write_leaves_the_file_byte_identical() {
    let (dir, db) = fresh_copy("refused");
    let before = std::fs::read(&db).expect("read");
    let out = Command::new(bin())
        .args([
            "eval",
            "--db",
            db.to_str().expect("path"),
            "--json",
            r#"Book.objects.filter(pk__lt=10).delete()"#,
        ])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--write"), "{text}");
    assert_eq!(std::fs::read(&db).expect("read"), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigkill_inside_atomic_bulk_create_leaves_the_file_as_before() {
    let (dir, db) = fresh_copy("kill");
    let before = content(&db);
    // A large bulk_create, then a long tail of reads, all inside one transaction: the kill
    // lands after the first INSERT batches were written to the file and before COMMIT.
    let script = dir.join("script.txt");
    std::fs::write(
        &script,
        "with transaction.atomic(): Publisher.objects.bulk_create([Publisher(name=f\"Crash {i}\", country=\"GB\") for i in range(20000)]); [Book.objects.count() for _ in range(10000000)]\n",
    )
    .expect("script");
    let mut child = Command::new(bin())
        .args([
            "--db",
            db.to_str().expect("path"),
            "--write",
            "batch",
            script.to_str().expect("path"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // SQLite's rollback journal exists while a write transaction has changed pages.
    let journal = dir.join("db.sqlite3-journal");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !journal.exists() {
        assert!(
            Instant::now() < deadline,
            "the transaction never started writing"
        );
        assert!(
            child.try_wait().expect("try_wait").is_none(),
            "ormlab finished before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    assert_eq!(integrity(&db), "ok");
    assert_eq!(
        content(&db),
        before,
        "the killed transaction left rows behind"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
