//! ormlab: a teaching REPL for Django's ORM. Text → [`syntax`] → [`interp`] with the
//! [`orm`]'s objects, which build [`query`] IR that [`sql`] compiles and [`db`] runs; [`render`]
//! shows it and [`session`] ties one input's run together. See ARCHITECTURE.md.
#![forbid(unsafe_code)]
pub mod db;
pub mod interp;
pub mod models;
pub mod orm;
pub mod query;
pub mod render;
pub mod session;
pub mod sql;
pub mod syntax;
pub mod util;
