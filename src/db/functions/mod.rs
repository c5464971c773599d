//! The SQL functions Django registers on every SQLite connection
//! (`register()` in django/db/backends/sqlite3/_functions.py), with the same semantics.
//!
//! Each function mirrors its Python original closely enough to give the same result for the same
//! SQLite arguments, including Python's dynamic typing (e.g. `REPEAT(3, 4)` is `12`), its `None`
//! handling, and its errors: where Django's Python code raises, the statement fails with
//! `OperationalError: user-defined function raised exception` (aggregates:
//! `user-defined aggregate's 'finalize' method raised error`), as with Python's `sqlite3`.
//! tests/data/db_functions.jsonl holds ~17,000 results of Django's own code (pysqlite3, SQLite
//! 3.51) that tests/db.rs checks.
//!
//! The math functions (`ACOS` .. `TAN`) are Django's only when SQLite lacks its own
//! (`sqlite_compileoption_used('ENABLE_MATH_FUNCTIONS')`), as in Django; the bundled SQLite lacks
//! them, while the reference pysqlite3 build has them, so `CEILING(1.5)` is `2` here and `2.0`
//! there, and `SQRT(-1)` an error here and NULL there, unless ormlab's SQLite is built with
//! `-DSQLITE_ENABLE_MATH_FUNCTIONS`.
//!
//! Known differences from Python:
//! - Text arguments stop at a NUL character and must be UTF-8 (as with pysqlite3).
//! - A result longer than SQLite's 1,000,000,000-byte limit fails with DataError "string or blob
//!   too big" (Python builds it, then SQLite refuses it) when Python could build it (up to
//!   16 GiB assumed); larger ones are an OperationalError (Python's MemoryError).
//! - `django_*_extract` with a lookup name that is not a lookup: the int attributes of
//!   `date`/`datetime`/`time` (`year` .. `microsecond`, `fold`) and `tzinfo` (NULL when naive)
//!   work as `getattr` does; any other name is an error (in Python a few, like `__doc__`, would
//!   return text).
//! - `int()` of text accepts ASCII and other Unicode decimal digits (Unicode 14, as Python 3.11);
//!   Python's `str.isspace()` is approximated by Unicode `White_Space` plus U+001C..U+001F.
//! - Time zones: see [`tz`]; regular expressions: see [`regexp`].
//! - `timezone.localtime(None, zone)` (reached for an empty datetime text with a zone name and no
//!   connection zone) is the current time, in both.

mod dates;
mod datetime;
mod math;
mod pyobj;
pub mod regexp;
mod stats;
mod text;
pub mod tz;

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::{ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, ffi};

pub(crate) use pyobj::{Arg, Out, PyErr, PyExc};

/// The message Python's `sqlite3` sets when a user-defined function raises.
pub const FUNCTION_ERROR: &str = "user-defined function raised exception";
/// The message Python's `sqlite3` sets when an aggregate's `finalize` raises.
pub const FINALIZE_ERROR: &str = "user-defined aggregate's 'finalize' method raised error";

/// Result of one of Django's functions: a value, or the Python exception Django's code raises.
pub(crate) type PyResult<T> = Result<T, PyErr>;

fn sqlite_error(message: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        ffi::Error::new(ffi::SQLITE_ERROR),
        Some(message.to_string()),
    )
}

/// What SQLite reports when a function raised `e`.
fn function_error(e: &PyErr) -> rusqlite::Error {
    if e.kind == PyExc::TooBig {
        // No message: SQLite then uses its own ("string or blob too big") and keeps the code
        // (a message would reset the code to SQLITE_ERROR).
        return rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_TOOBIG), None);
    }
    sqlite_error(FUNCTION_ERROR)
}

/// The SQLite argument `i` as Python's `sqlite3` hands it to a function.
fn arg<'a>(v: ValueRef<'a>) -> PyResult<Arg<'a>> {
    Ok(match v {
        ValueRef::Null => Arg::None,
        ValueRef::Integer(i) => Arg::Int(i),
        ValueRef::Real(f) => Arg::Float(f),
        // pysqlite3 builds the str from the NUL-terminated text: it stops at a NUL.
        ValueRef::Text(t) => {
            let t = t.iter().position(|&b| b == 0).map_or(t, |n| &t[..n]);
            Arg::Str(
                std::str::from_utf8(t)
                    .map_err(|_| PyErr::new(PyExc::UnicodeDecodeError, "invalid UTF-8"))?,
            )
        }
        ValueRef::Blob(b) => Arg::Bytes(b),
    })
}

impl ToSql for Out {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Out::Null => ValueRef::Null,
            Out::Int(i) => ValueRef::Integer(*i),
            Out::Float(f) => ValueRef::Real(*f),
            Out::Text(s) => ValueRef::Text(s.as_bytes()),
            Out::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

/// Registers a scalar function taking `N` arguments, implemented on Python-like values.
fn scalar<const N: usize>(
    conn: &Connection,
    name: &str,
    deterministic: bool,
    f: fn(&[Arg<'_>; N]) -> PyResult<Out>,
) -> rusqlite::Result<()> {
    let mut flags = FunctionFlags::SQLITE_UTF8;
    if deterministic {
        flags |= FunctionFlags::SQLITE_DETERMINISTIC;
    }
    let n_arg = i32::try_from(N).unwrap_or(i32::MAX);
    conn.create_scalar_function(name, n_arg, flags, move |ctx: &mut Context<'_>| {
        let mut args = [Arg::None; N];
        for (i, slot) in args.iter_mut().enumerate() {
            *slot = arg(ctx.get_raw(i)).map_err(|_| sqlite_error(FUNCTION_ERROR))?;
        }
        f(&args).map_err(|e| function_error(&e))
    })
}

/// Registers Django's functions on `conn` (what `register(connection)` does in Django).
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    scalar(conn, "django_date_extract", true, dates::date_extract)?;
    scalar(conn, "django_date_trunc", true, dates::date_trunc)?;
    scalar(
        conn,
        "django_datetime_cast_date",
        true,
        dates::datetime_cast_date,
    )?;
    scalar(
        conn,
        "django_datetime_cast_time",
        true,
        dates::datetime_cast_time,
    )?;
    scalar(
        conn,
        "django_datetime_extract",
        true,
        dates::datetime_extract,
    )?;
    scalar(conn, "django_datetime_trunc", true, dates::datetime_trunc)?;
    scalar(conn, "django_time_extract", true, dates::time_extract)?;
    scalar(conn, "django_time_trunc", true, dates::time_trunc)?;
    scalar(conn, "django_time_diff", true, dates::time_diff)?;
    scalar(conn, "django_timestamp_diff", true, dates::timestamp_diff)?;
    scalar(conn, "django_format_dtdelta", true, dates::format_dtdelta)?;
    scalar(conn, "regexp", true, regexp::regexp)?;
    scalar(conn, "BITXOR", true, math::bitxor)?;
    scalar(conn, "COT", true, math::cot)?;
    scalar(conn, "LPAD", true, text::lpad)?;
    scalar(conn, "MD5", true, text::md5)?;
    scalar(conn, "REPEAT", true, text::repeat)?;
    scalar(conn, "REVERSE", true, text::reverse)?;
    scalar(conn, "RPAD", true, text::rpad)?;
    scalar(conn, "SHA1", true, text::sha1)?;
    scalar(conn, "SHA224", true, text::sha224)?;
    scalar(conn, "SHA256", true, text::sha256)?;
    scalar(conn, "SHA384", true, text::sha384)?;
    scalar(conn, "SHA512", true, text::sha512)?;
    scalar(conn, "SIGN", true, math::sign)?;
    scalar(conn, "RAND", false, math::rand)?;
    stats::register(conn)?;
    // Some math functions are built into SQLite when compiled with SQLITE_ENABLE_MATH_FUNCTIONS.
    let has_math: bool = conn.query_row(
        "select sqlite_compileoption_used('ENABLE_MATH_FUNCTIONS')",
        [],
        |r| r.get(0),
    )?;
    if !has_math {
        scalar(conn, "ACOS", true, math::acos)?;
        scalar(conn, "ASIN", true, math::asin)?;
        scalar(conn, "ATAN", true, math::atan)?;
        scalar(conn, "ATAN2", true, math::atan2)?;
        scalar(conn, "CEILING", true, math::ceiling)?;
        scalar(conn, "COS", true, math::cos)?;
        scalar(conn, "DEGREES", true, math::degrees)?;
        scalar(conn, "EXP", true, math::exp)?;
        scalar(conn, "FLOOR", true, math::floor)?;
        scalar(conn, "LN", true, math::ln)?;
        scalar(conn, "LOG", true, math::log)?;
        scalar(conn, "MOD", true, math::modulo)?;
        scalar(conn, "PI", true, math::pi)?;
        scalar(conn, "POWER", true, math::power)?;
        scalar(conn, "RADIANS", true, math::radians)?;
        scalar(conn, "SIN", true, math::sin)?;
        scalar(conn, "SQRT", true, math::sqrt)?;
        scalar(conn, "TAN", true, math::tan)?;
    }
    Ok(())
}

/// Whether the bundled SQLite has its own math functions (if not, Django's are registered).
pub fn sqlite_has_math_functions(conn: &Connection) -> bool {
    conn.query_row(
        "select sqlite_compileoption_used('ENABLE_MATH_FUNCTIONS')",
        [],
        |r| r.get::<_, bool>(0),
    )
    .unwrap_or(false)
}
