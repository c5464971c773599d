//! IR → SQL text and parameters. The only module that writes SQL. Mirrors Django's
//! `SQLCompiler` (django/db/models/sql/compiler.py, 5.2) and the SQLite backend's operators.
pub mod check;
pub mod combinator;
pub mod compiler;
pub mod expr_sql;
pub mod qualify;
pub mod select_related;
pub mod where_sql;
pub mod why;
pub mod window_sql;
pub mod write;

pub use compiler::{
    Compiled, Converter, OutputCol, compile_count_subquery, compile_select,
    compile_select_explained,
};

/// Mirrors `DatabaseOperations.quote_name` (SQLite): `"name"` unless already quoted.
pub fn quote_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    push_quoted(&mut out, name);
    out
}

/// Appends `name` as [`quote_name`] returns it (for SQL written into one buffer).
pub(crate) fn push_quoted(out: &mut String, name: &str) {
    if name.starts_with('"') && name.ends_with('"') && name.len() > 1 {
        out.push_str(name);
    } else {
        out.push('"');
        out.push_str(name);
        out.push('"');
    }
}
