//! ormlab: a teaching REPL for Django's ORM.
#![forbid(unsafe_code)]
pub mod syntax;
