//! The model registry: Django's `_meta` for every model of models.py, read from its source
//! (never hard-coded), and the DDL Django's `migrate` would run for it.
//!
//! Knows the syntax tree; knows nothing of the evaluator, SQL compilation or the database.
pub mod ddl;
pub mod field;
pub mod literal;
pub mod loader;
pub mod model;

pub use field::*;
pub use loader::{LoadError, load_models};
pub use model::*;
