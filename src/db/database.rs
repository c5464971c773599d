//! `Database`: one SQLite connection with Django's functions registered, running Django-style SQL.

use crate::util::FastMap;
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{Connection, OpenFlags};

use super::functions;
use super::sql_text::convert_query_cow;
use super::statements::StatementCache;
use super::{DbError, DbErrorKind, SqlRef, SqlValue};

/// The bundled sample database (`ormlab build-db` writes it; it must not be in WAL mode).
static SAMPLE_IMAGE: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-db/bookstore.sqlite3"
));

/// Prepared statements kept per connection for queries and writes, as many as Python's
/// sqlite3 keeps (`cached_statements=128`).
const STATEMENT_CACHE_CAPACITY: usize = 128;
/// rusqlite's own cache, left for the column-metadata lookups (its default size).
const METADATA_CACHE_CAPACITY: usize = 16;
/// Converted SQL texts kept per connection before the cache is cleared.
const CONVERSION_CACHE_CAPACITY: usize = 1024;

/// One row of `EXPLAIN QUERY PLAN`.
/// The outcome of [`Database::cursor_execute`].
#[derive(Debug, Clone, PartialEq)]
pub struct CursorResult {
    /// Column names and declared types (`bool`, `date`, `datetime`, ... or `None` for expressions).
    pub columns: Vec<(String, Option<String>)>,
    pub rows: Vec<Vec<SqlValue>>,
    /// Rows changed by a write; -1 for a query, as sqlite3's `rowcount`.
    pub rowcount: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRow {
    pub id: i64,
    pub parent: i64,
    pub notused: i64,
    pub detail: String,
}

/// A SQLite connection set up like Django's (`get_new_connection`: its functions registered,
/// `PRAGMA foreign_keys = ON`, `PRAGMA legacy_alter_table = OFF`), in autocommit mode.
///
/// SQL passed to [`Database::query`], [`Database::execute`] and
/// [`Database::explain_query_plan`] is Django's, with `%s` placeholders; it is converted as
/// [`super::convert_query`] does (always, also without params, as Django's cursor does when the
/// ORM passes an empty params tuple).
pub struct Database {
    /// Shared with the prepared statements in `statements`, which outlive any one borrow.
    conn: Rc<Connection>,
    pub(super) statements: StatementCache,
    /// Django SQL → SQLite SQL, for texts that contain `%` (looked up once per query, so with
    /// a fast non-cryptographic hash: keys are our own SQL, not attacker input).
    converted: RefCell<FastMap<String, String>>,
}

/// One result row of [`Database::query_map`].
pub struct DbRow<'r> {
    row: &'r rusqlite::Row<'r>,
    len: usize,
}

impl DbRow<'_> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Cell `i` (NULL past the end).
    pub fn get(&self, i: usize) -> SqlRef<'_> {
        self.row
            .get_ref(i)
            .map_or(SqlRef::Null, SqlRef::from_value_ref)
    }
}

impl Database {
    /// A fresh writable in-memory copy of the bundled sample database.
    pub fn open_sample() -> Result<Database, DbError> {
        Database::open_image(SAMPLE_IMAGE)
    }

    /// A fresh writable in-memory copy of any database image (the bytes of a `.sqlite3` file).
    /// An empty slice gives an empty database. An image saved in WAL mode is refused (SQLite
    /// could not read it from memory).
    pub fn open_image(bytes: &[u8]) -> Result<Database, DbError> {
        // File format bytes 18/19 (read/write version) are 2 in WAL mode.
        if bytes.len() >= 20
            && bytes.starts_with(b"SQLite format 3\0")
            && (bytes[18] == 2 || bytes[19] == 2)
        {
            return Err(DbError::new(
                DbErrorKind::OperationalError,
                "the database image is in WAL mode; save it with PRAGMA journal_mode=DELETE",
            ));
        }
        crate::util::alloc::route_sqlite_allocations();
        let mut conn = Connection::open_in_memory()?;
        if !bytes.is_empty() {
            conn.deserialize_read_exact(rusqlite::MAIN_DB, bytes, bytes.len(), false)?;
        }
        Database::setup(conn)
    }

    /// Opens a database file. With `writable == false` it is opened with
    /// `SQLITE_OPEN_READ_ONLY`: every write fails with an error whose
    /// [`DbError::is_readonly_error`] is true.
    pub fn open_file(path: &Path, writable: bool) -> Result<Database, DbError> {
        let flags = if writable {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        crate::util::alloc::route_sqlite_allocations();
        let conn = Connection::open_with_flags(path, flags)?;
        Database::setup(conn)
    }

    fn setup(conn: Connection) -> Result<Database, DbError> {
        functions::register(&conn)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA legacy_alter_table = OFF;")?;
        conn.set_prepared_statement_cache_capacity(METADATA_CACHE_CAPACITY);
        // Surface a missing/unreadable/WAL image now rather than at the first query.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(Database {
            conn: Rc::new(conn),
            statements: StatementCache::new(STATEMENT_CACHE_CAPACITY),
            converted: RefCell::new(FastMap::default()),
        })
    }

    /// Runs `f` with the SQLite text for Django's `sql`, converting at most once per text.
    fn with_sqlite_sql<T>(&self, sql: &str, f: impl FnOnce(&str) -> T) -> T {
        if !sql.contains('%') {
            return f(sql);
        }
        if let Some(converted) = self.converted.borrow().get(sql) {
            return f(converted);
        }
        let converted = convert_query_cow(sql).into_owned();
        let result = f(&converted);
        let mut cache = self.converted.borrow_mut();
        if cache.len() >= CONVERSION_CACHE_CAPACITY {
            cache.clear();
        }
        cache.insert(sql.to_string(), converted);
        result
    }

    /// Runs a query (Django SQL) and returns its rows.
    pub fn query(&self, sql: &str, params: &[SqlValue]) -> Result<Vec<Vec<SqlValue>>, DbError> {
        self.with_sqlite_sql(sql, |sql| self.query_raw(sql, params))
    }

    /// What `cursor.execute()` does: the SQL runs `%s`-converted when parameters are given and
    /// exactly as written when `params` is `None` (Django's SQLiteCursorWrapper); returns the
    /// columns with their declared types (for sqlite3's converters), the rows and the changes.
    pub fn cursor_execute(
        &self,
        sql: &str,
        params: Option<&[SqlValue]>,
    ) -> Result<CursorResult, DbError> {
        let run = |sql: &str, params: &[SqlValue]| -> Result<CursorResult, DbError> {
            let columns: Vec<(String, Option<String>)> = {
                let stmt = self.conn.prepare_cached(sql)?;
                stmt.columns()
                    .map(|c| (c.name().to_string(), c.decl_type().map(str::to_string)))
                    .collect()
            };
            let before = self.conn.total_changes();
            let rows = self.query_raw(sql, params)?;
            let changed = self.conn.total_changes() - before;
            let rowcount = if columns.is_empty() {
                changed as i64
            } else {
                -1
            };
            Ok(CursorResult {
                columns,
                rows,
                rowcount,
            })
        };
        match params {
            None => run(sql, &[]),
            Some(p) => self.with_sqlite_sql(sql, |converted| run(converted, p)),
        }
    }

    /// Runs a query (Django SQL) and maps each row, its cells still borrowed from SQLite, with
    /// `f` (so text is copied once, into whatever `f` makes of it).
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: &[SqlValue],
        mut f: impl FnMut(&DbRow<'_>) -> T,
    ) -> Result<Vec<T>, DbError> {
        self.with_sqlite_sql(sql, |sql| self.map_raw(sql, params, &mut f))
    }

    /// [`Database::query_map`] for a query already in SQLite's `?` form.
    fn map_raw<T>(
        &self,
        sql: &str,
        params: &[SqlValue],
        mut f: impl FnMut(&DbRow<'_>) -> T,
    ) -> Result<Vec<T>, DbError> {
        let (key, mut prepared) = self.statements.take(&self.conn, sql)?;
        let result = prepared.run(params, |stmt| {
            let len = stmt.column_count();
            let mut rows = stmt.raw_query();
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                out.push(f(&DbRow { row, len }));
            }
            Ok(out)
        });
        self.statements.give_back(key, prepared);
        Ok(result?)
    }

    /// Runs a query already in SQLite's `?` form.
    pub(crate) fn query_raw(
        &self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<Vec<Vec<SqlValue>>, DbError> {
        self.map_raw(sql, params, |row| {
            (0..row.len()).map(|i| SqlValue::from(row.get(i))).collect()
        })
    }

    /// Like [`Database::query`], also returning the column names.
    pub fn query_with_columns(
        &self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<(Vec<String>, Vec<Vec<SqlValue>>), DbError> {
        self.with_sqlite_sql(sql, |sql| {
            let names = {
                let stmt = self.conn.prepare_cached(sql)?;
                stmt.column_names().map(str::to_string).collect()
            };
            Ok((names, self.query_raw(sql, params)?))
        })
    }

    /// Runs a statement (Django SQL) and returns the number of rows it changed: `sqlite3_changes`
    /// for an INSERT/UPDATE/DELETE (rows changed by triggers not counted, as in Python's
    /// `cursor.rowcount`), 0 for statements that change no rows (DDL, SELECT, ...).
    pub fn execute(&self, sql: &str, params: &[SqlValue]) -> Result<usize, DbError> {
        self.with_sqlite_sql(sql, |sql| {
            let (key, mut prepared) = self.statements.take(&self.conn, sql)?;
            let before = self.conn.total_changes();
            let result = prepared.run(params, |stmt| {
                let mut rows = stmt.raw_query();
                // Step to the end: a statement with RETURNING or a SELECT is run whole.
                while rows.next()?.is_some() {}
                drop(rows);
                Ok(stmt.readonly())
            });
            self.statements.give_back(key, prepared);
            if result? || self.conn.total_changes() == before {
                return Ok(0);
            }
            Ok(usize::try_from(self.conn.changes()).unwrap_or(usize::MAX))
        })
    }

    /// The rowid of the last successful INSERT on this connection.
    pub fn last_insert_rowid(&self) -> i64 {
        self.conn.last_insert_rowid()
    }

    /// `EXPLAIN QUERY PLAN` for Django SQL.
    pub fn explain_query_plan(
        &self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<Vec<PlanRow>, DbError> {
        let rows = self.with_sqlite_sql(sql, |sql| {
            self.query_raw(&format!("EXPLAIN QUERY PLAN {sql}"), params)
        })?;
        let int = |v: &SqlValue| match v {
            SqlValue::Integer(i) => *i,
            _ => 0,
        };
        Ok(rows
            .iter()
            .map(|r| PlanRow {
                id: r.first().map_or(0, int),
                parent: r.get(1).map_or(0, int),
                notused: r.get(2).map_or(0, int),
                detail: match r.get(3) {
                    Some(SqlValue::Text(s)) => s.clone(),
                    _ => String::new(),
                },
            })
            .collect())
    }

    /// The bundled sample database image, byte for byte as committed.
    pub fn sample_image() -> &'static [u8] {
        SAMPLE_IMAGE
    }

    /// Runs a script of `;`-separated statements (no parameters), as `sqlite3` would.
    pub fn execute_script(&self, sql: &str) -> Result<(), DbError> {
        self.conn.execute_batch(sql).map_err(DbError::from)
    }

    /// Writes the current database to a new file with `VACUUM INTO` (the file must not exist).
    pub fn export_to(&self, path: &Path) -> Result<(), DbError> {
        let target = path.to_str().ok_or_else(|| {
            DbError::new(
                DbErrorKind::InterfaceError,
                format!("path is not valid UTF-8: {}", path.display()),
            )
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [target])
            .map(|_| ())
            .map_err(DbError::from)
    }

    /// The database as a `.sqlite3` file image. `sqlite3_serialize` needs `&mut Connection`, so
    /// the image is made with `VACUUM INTO` a private in-memory (`memdb`) database that a second
    /// connection serializes: a compacted but equivalent image.
    pub fn serialize(&self) -> Result<Vec<u8>, DbError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let uri = format!(
            "file:/ormlab-serialize-{}-{n}?vfs=memdb",
            std::process::id()
        );
        // Open the target first so the memdb database lives until we are done with it.
        let mut target = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        self.conn.execute("VACUUM INTO ?1", [&uri])?;
        let data = target.serialize(rusqlite::MAIN_DB)?;
        Ok(data.to_vec())
    }

    /// A handle that can stop the running statement from another thread.
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// The bundled SQLite library's version (`sqlite3_libversion`).
    pub fn sqlite_version() -> &'static str {
        rusqlite::version()
    }

    /// The underlying connection (for `build-db`); SQL given to it is not converted.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
