//! Reads the constant arguments models.py gives field classes and `Meta` (strings, numbers,
//! lists, dotted names such as `models.CASCADE`) without running Python.

use crate::syntax::{Expr, ExprKind, UnaryOp};
use num_traits::ToPrimitive;

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    List(Vec<Literal>),
    /// A name or dotted attribute path (`models.CASCADE`, `Publisher`).
    Name(String),
    /// Anything else (a call, an operator expression): models.py keeps such values as source.
    Other,
}

impl Literal {
    /// The strings of a list literal (`ordering = ["-created", "name"]`).
    pub fn strings(&self) -> Vec<String> {
        match self {
            Literal::List(items) => items
                .iter()
                .filter_map(|i| match i {
                    Literal::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            Literal::Str(s) => vec![s.clone()],
            _ => Vec::new(),
        }
    }
}

pub fn literal(e: &Expr) -> Literal {
    match &e.kind {
        ExprKind::Str(s) => Literal::Str(s.clone()),
        ExprKind::Int(i) => i.to_i64().map(Literal::Int).unwrap_or(Literal::Other),
        ExprKind::Float(x) => Literal::Float(*x),
        ExprKind::Bool(b) => Literal::Bool(*b),
        ExprKind::None => Literal::None,
        ExprKind::List(items) | ExprKind::Tuple(items) => {
            Literal::List(items.iter().map(literal).collect())
        }
        ExprKind::UnaryOp {
            op: UnaryOp::Neg,
            operand,
        } => match literal(operand) {
            Literal::Int(i) => Literal::Int(-i),
            Literal::Float(x) => Literal::Float(-x),
            _ => Literal::Other,
        },
        ExprKind::Name(n) => Literal::Name(n.clone()),
        ExprKind::Attribute { value, attr, .. } => match literal(value) {
            Literal::Name(n) => Literal::Name(format!("{n}.{attr}")),
            _ => Literal::Other,
        },
        _ => Literal::Other,
    }
}
