//! Database layer: SQLite through rusqlite, with the SQL functions Django registers on its connections.
//!
//! [`Database`] runs Django-style SQL (`%s` placeholders) on an in-memory copy of the bundled sample
//! image or on a file, and [`last_executed_query`] renders the text Django puts in
//! `connection.queries`.

mod database;
mod error;
pub mod functions;
mod quote;
mod sql_text;
mod statements;
mod value;

pub use database::{CursorResult, Database, DbRow, PlanRow};
pub use error::{DbError, DbErrorKind};
pub use quote::sqlite_quote;
/// Stops a running statement from another thread (what Ctrl-C in the shell uses).
pub use rusqlite::InterruptHandle;
pub use sql_text::{convert_query, last_executed_query, python_percent_format};
pub use value::{SqlRef, SqlValue};
