//! The bundled database: it is what ormlab's own DDL generator builds from models.py plus
//! data.sql and the view (so the committed image cannot drift from its sources), and nothing a
//! session does reaches the committed file.

use std::path::Path;

use ormlab::db::{Database, SqlValue};
use ormlab::session::Session;
use ormlab::session::sample_db::build_sample;

fn sample_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-db")
}

/// Every schema row and every table row, in a stable order.
fn dump(db: &Database) -> Vec<Vec<SqlValue>> {
    let mut out = db
        .query(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name",
            &[],
        )
        .expect("schema");
    let tables = db
        .query(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
            &[],
        )
        .expect("tables");
    for t in tables {
        let SqlValue::Text(name) = &t[0] else {
            continue;
        };
        let mut rows = db
            .query(
                &format!("SELECT '{name}', * FROM \"{name}\" ORDER BY rowid"),
                &[],
            )
            .expect("rows");
        out.append(&mut rows);
    }
    out
}

#[test]
fn committed_image_is_what_build_db_makes_from_the_sources() {
    let dir = sample_dir();
    let data = std::fs::read_to_string(dir.join("data.sql")).expect("data.sql");
    let view = std::fs::read_to_string(dir.join("publisher_stats_view.sql")).expect("view");
    let built = build_sample(&data, &view).expect("build");
    let embedded = Database::open_sample().expect("sample");
    let (a, b) = (dump(&built), dump(&embedded));
    assert!(
        a.len() > 3000,
        "the sample database should hold thousands of rows, got {}",
        a.len()
    );
    assert_eq!(
        a, b,
        "sample-db/bookstore.sqlite3 differs from `ormlab build-db`: rebuild it"
    );
}

#[test]
fn sessions_never_touch_the_committed_image() {
    let path = sample_dir().join("bookstore.sqlite3");
    let before = std::fs::read(&path).expect("image");
    assert_eq!(
        before,
        Database::sample_image(),
        "the binary embeds the committed image"
    );
    let mut s = Session::new(Database::open_sample().expect("db")).expect("session");
    for input in [
        "Book.objects.count()",
        "list(Publisher.objects.all())",
        "x = Book.objects.filter(pages__gt=100)[:3]; len(x)",
    ] {
        let _ = s.eval(input);
    }
    assert_eq!(std::fs::read(&path).expect("image"), before);
}

#[test]
fn each_session_starts_from_a_fresh_copy() {
    let a = Database::open_sample().expect("a");
    a.execute("DELETE FROM bookstore_review", &[])
        .expect("delete in the copy");
    let b = Database::open_sample().expect("b");
    let n = b
        .query("SELECT COUNT(*) FROM bookstore_review", &[])
        .expect("count");
    assert_eq!(n[0][0], SqlValue::Integer(1500));
}
