//! The schema ormlab creates must be the one Django's `makemigrations` + `migrate` create on
//! SQLite, and `sqlmigrate` must print Django's text byte for byte.
//!
//! Goldens: `tests/golden/schema.txt` and `tests/golden/sqlmigrate.sql` for
//! `sample-db/models.py` (from `tools/django-oracle/schema.py`), and one directory per extra
//! model shape under `tests/golden/ddl/` (`models.py`, `schema.txt`, `sqlmigrate.sql`), made by
//! `/work/.venv-oracle/bin/python tests/golden/ddl/generate.py`.

use std::path::{Path, PathBuf};

use ormlab::models::ddl::{migrate_statements, sqlmigrate, try_migrate_statements, try_sqlmigrate};
use ormlab::models::{Registry, load_models};
use rusqlite::Connection;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn registry(models_py: &Path) -> Registry {
    let src = std::fs::read_to_string(models_py)
        .unwrap_or_else(|e| panic!("{}: {e}", models_py.display()));
    registry_from(&src)
}

fn registry_from(src: &str) -> Registry {
    let module = ormlab::syntax::parse_module(src).unwrap_or_else(|e| panic!("{e:?}\n{src}"));
    load_models("bookstore", &module).unwrap_or_else(|e| panic!("{e:?}\n{src}"))
}

/// Runs `migrate_statements` on an empty in-memory database and reads back `sqlite_master`
/// the way the golden was written: `type|name|tbl_name|sql` for the `bookstore_` tables'
/// tables and indexes, sorted by name.
fn migrated_schema(reg: &Registry) -> String {
    let conn = Connection::open_in_memory().expect("in-memory database");
    let statements = try_migrate_statements(reg).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(statements, migrate_statements(reg));
    for s in &statements {
        conn.execute_batch(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    }
    let mut q = conn
        .prepare(
            "SELECT type, name, tbl_name, sql FROM sqlite_master \
             WHERE type IN ('table', 'index') AND tbl_name LIKE 'bookstore\\_%' ESCAPE '\\' ORDER BY name",
        )
        .expect("query");
    let rows = q
        .query_map([], |r| {
            Ok(format!(
                "{}|{}|{}|{}\n",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?.unwrap_or_default()
            ))
        })
        .expect("rows");
    rows.map(|r| r.expect("row")).collect()
}

/// Line-by-line comparison with a readable report of the first differences.
fn assert_same_lines(what: &str, actual: &str, expected: &str) {
    if actual == expected {
        return;
    }
    let a: Vec<&str> = actual.lines().collect();
    let e: Vec<&str> = expected.lines().collect();
    let mut report = String::new();
    for i in 0..a.len().max(e.len()) {
        let (x, y) = (a.get(i).copied(), e.get(i).copied());
        if x != y {
            report.push_str(&format!(
                "line {}:\n  ormlab: {x:?}\n  django: {y:?}\n",
                i + 1
            ));
        }
    }
    if report.is_empty() {
        report = "(only line endings differ)".into();
    }
    panic!("{what} differs from Django's:\n{report}");
}

fn golden(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn bookstore_schema_is_djangos() {
    let reg = registry(&root().join("sample-db/models.py"));
    assert_same_lines(
        "schema",
        &migrated_schema(&reg),
        &golden(&root().join("tests/golden/schema.txt")),
    );
}

#[test]
fn bookstore_sqlmigrate_is_djangos() {
    let reg = registry(&root().join("sample-db/models.py"));
    assert_same_lines(
        "sqlmigrate",
        &sqlmigrate(&reg),
        &golden(&root().join("tests/golden/sqlmigrate.sql")),
    );
}

/// Every directory of tests/golden/ddl/ with a models.py.
fn shapes() -> Vec<PathBuf> {
    let dir = root().join("tests/golden/ddl");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("models.py").is_file())
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no shapes in {}", dir.display());
    out
}

#[test]
fn other_shapes_schema_is_djangos() {
    for shape in shapes() {
        let reg = registry(&shape.join("models.py"));
        assert_same_lines(
            &format!("{}: schema", shape.display()),
            &migrated_schema(&reg),
            &golden(&shape.join("schema.txt")),
        );
    }
}

#[test]
fn other_shapes_sqlmigrate_is_djangos() {
    for shape in shapes() {
        let reg = registry(&shape.join("models.py"));
        assert_same_lines(
            &format!("{}: sqlmigrate", shape.display()),
            &sqlmigrate(&reg),
            &golden(&shape.join("sqlmigrate.sql")),
        );
    }
}

/// A condition Django could not compile either (a join in a check constraint) is an error of
/// the `try_` functions; the plain ones show it as a comment or run nothing.
#[test]
fn uncompilable_check_constraint_is_an_error() {
    let reg = registry_from(
        "from django.db import models\n\
         from django.db.models import Q\n\
         class Author(models.Model):\n    name = models.CharField(max_length=10)\n\
         class Book(models.Model):\n    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n\
         \x20   class Meta:\n\
         \x20       constraints = [models.CheckConstraint(condition=Q(author__name=\"x\"), name=\"c\")]\n",
    );
    let err = try_sqlmigrate(&reg).expect_err("a join in a check constraint");
    assert!(err.message.contains("author__name"), "{}", err.message);
    assert!(try_migrate_statements(&reg).is_err());
    assert_eq!(sqlmigrate(&reg), format!("-- ormlab: {err}\n"));
    assert!(migrate_statements(&reg).is_empty());
}
