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

/// A table, alias or column name as the query IR holds it. Shared rather than owned: a
/// QuerySet's query is cloned on every chained call and compile, and these names (which start
/// as a model's `db_table` and its fields' columns) are most of what it holds.
pub type Name = std::rc::Rc<str>;
