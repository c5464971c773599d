//! Python subset → AST with spans. Knows nothing of Django, SQL or the database.
//!
//! Entry points: [`parse_module`] for statements (a shell input or a whole `models.py`) and
//! [`parse_expression`] for text that must be one expression (Python's `eval` mode).
pub mod ast;

pub use ast::*;

/// Parses `src` as a sequence of statements (Python's `exec` mode).
pub fn parse_module(src: &str) -> Result<Vec<Stmt>, SyntaxError> {
    todo!("{src}")
}

/// Parses `src` as exactly one expression, surrounding whitespace and newlines allowed
/// (Python's `eval` mode).
pub fn parse_expression(src: &str) -> Result<Expr, SyntaxError> {
    todo!("{src}")
}
