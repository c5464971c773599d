//! `DbError`: rusqlite/SQLite errors classified the way Python's `sqlite3` module (and so Django's
//! `django.db.utils`) classifies them.

use std::fmt;

use rusqlite::ffi;

/// The `django.db.utils` exception class an error would surface as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DbErrorKind {
    OperationalError,
    IntegrityError,
    DataError,
    ProgrammingError,
    NotSupportedError,
    InterfaceError,
    InternalError,
    DatabaseError,
}

impl DbErrorKind {
    /// The class name as Django prints it (`OperationalError`, ...).
    pub fn name(self) -> &'static str {
        match self {
            DbErrorKind::OperationalError => "OperationalError",
            DbErrorKind::IntegrityError => "IntegrityError",
            DbErrorKind::DataError => "DataError",
            DbErrorKind::ProgrammingError => "ProgrammingError",
            DbErrorKind::NotSupportedError => "NotSupportedError",
            DbErrorKind::InterfaceError => "InterfaceError",
            DbErrorKind::InternalError => "InternalError",
            DbErrorKind::DatabaseError => "DatabaseError",
        }
    }

    /// Python's `sqlite3` module's choice for a (possibly extended) SQLite result code
    /// (`Modules/_sqlite/util.c`); `SQLITE_NOMEM` (a `MemoryError` there) maps to `OperationalError`.
    pub fn from_sqlite_code(code: i32) -> DbErrorKind {
        match code & 0xff {
            ffi::SQLITE_INTERNAL | ffi::SQLITE_NOTFOUND => DbErrorKind::InternalError,
            ffi::SQLITE_ERROR
            | ffi::SQLITE_PERM
            | ffi::SQLITE_ABORT
            | ffi::SQLITE_BUSY
            | ffi::SQLITE_LOCKED
            | ffi::SQLITE_READONLY
            | ffi::SQLITE_INTERRUPT
            | ffi::SQLITE_IOERR
            | ffi::SQLITE_FULL
            | ffi::SQLITE_CANTOPEN
            | ffi::SQLITE_PROTOCOL
            | ffi::SQLITE_EMPTY
            | ffi::SQLITE_SCHEMA
            | ffi::SQLITE_NOMEM => DbErrorKind::OperationalError,
            ffi::SQLITE_CORRUPT => DbErrorKind::DatabaseError,
            ffi::SQLITE_TOOBIG => DbErrorKind::DataError,
            ffi::SQLITE_CONSTRAINT | ffi::SQLITE_MISMATCH => DbErrorKind::IntegrityError,
            ffi::SQLITE_MISUSE | ffi::SQLITE_RANGE => DbErrorKind::InterfaceError,
            _ => DbErrorKind::DatabaseError,
        }
    }
}

impl fmt::Display for DbErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An error from the database, with the message Python's `sqlite3` would give
/// (`str(exc)` of the Django exception). `Display` prints the message only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbError {
    pub kind: DbErrorKind,
    pub message: String,
}

/// SQLite's message for `SQLITE_READONLY` (`sqlite3_errstr`), the same for every extended code.
const READONLY_MESSAGE: &str = "attempt to write a readonly database";

impl DbError {
    pub fn new(kind: DbErrorKind, message: impl Into<String>) -> DbError {
        DbError {
            kind,
            message: message.into(),
        }
    }

    /// True for a write refused because the database was opened read-only
    /// (`Database::open_file(path, false)`): the CLI can then suggest `--write`.
    pub fn is_readonly_error(&self) -> bool {
        self.kind == DbErrorKind::OperationalError && self.message.starts_with(READONLY_MESSAGE)
    }

    /// True when the statement was stopped through an `InterruptHandle`.
    pub fn is_interrupted(&self) -> bool {
        self.kind == DbErrorKind::OperationalError && self.message == "interrupted"
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        use rusqlite::Error as E;
        match e {
            E::SqliteFailure(err, msg) => {
                let message = msg.unwrap_or_else(|| sqlite_errstr(err.extended_code));
                DbError::new(DbErrorKind::from_sqlite_code(err.extended_code), message)
            }
            E::SqlInputError { error, msg, .. } => {
                DbError::new(DbErrorKind::from_sqlite_code(error.extended_code), msg)
            }
            E::MultipleStatement => DbError::new(
                // Python's sqlite3 raises its `Warning` class here (not wrapped by Django).
                DbErrorKind::ProgrammingError,
                "You can only execute one statement at a time.",
            ),
            E::InvalidParameterCount(given, expected) => DbError::new(
                DbErrorKind::ProgrammingError,
                format!(
                    "Incorrect number of bindings supplied. The current statement uses {expected}, and there are {given} supplied."
                ),
            ),
            E::SqliteSingleThreadedMode | E::InvalidPath(_) | E::NulError(_) => {
                DbError::new(DbErrorKind::InterfaceError, e.to_string())
            }
            E::ToSqlConversionFailure(_) | E::InvalidParameterName(_) => {
                DbError::new(DbErrorKind::ProgrammingError, e.to_string())
            }
            other => DbError::new(DbErrorKind::DatabaseError, other.to_string()),
        }
    }
}

/// SQLite's English text for a result code.
fn sqlite_errstr(code: i32) -> String {
    rusqlite::ffi::Error::new(code).to_string()
}
