//! ormlab: a teaching REPL for Django's ORM. Text → [`syntax`] → [`interp`] with the
//! [`orm`]'s objects, which build [`query`] IR that [`sql`] compiles and [`db`] runs; [`render`]
//! shows it and [`session`] ties one input's run together. See ARCHITECTURE.md.
//!
//! The whole pipeline in one call: a session on a fresh in-memory copy of the bundled
//! database runs an input and reports the SQL Django would send, and the result.
//!
//! ```
//! use ormlab::db::Database;
//! use ormlab::session::Session;
//!
//! let mut session = Session::new(Database::open_sample().unwrap()).unwrap();
//! let outcome = session.eval("Publisher.objects.filter(name='Penguin').count()");
//! assert_eq!(
//!     &*outcome.queries[0].sql,
//!     r#"SELECT COUNT(*) AS "__count" FROM "bookstore_publisher" WHERE "bookstore_publisher"."name" = 'Penguin'"#
//! );
//! assert_eq!(ormlab::render::human::repr(outcome.result.as_ref().unwrap()), "1");
//! ```
// No unsafe code, except the allocators' (util/alloc.rs: Rust's global one and SQLite's).
#![deny(unsafe_code)]

/// mimalloc rather than the system allocator: evaluating an input allocates many small,
/// short-lived values (rows, instances, SQL text), where it is markedly faster than glibc's.
#[global_allocator]
static ALLOCATOR: util::alloc::MiMalloc = util::alloc::MiMalloc;

pub mod db;
pub mod interp;
pub mod lesson;
pub mod models;
pub mod orm;
pub mod practice;
pub mod query;
pub mod render;
pub mod repl;
pub mod session;
pub mod sql;
pub mod syntax;
pub mod util;
