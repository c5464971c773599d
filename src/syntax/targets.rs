//! What may stand left of `=`, after `for`, after `as` or `del`, and the wording CPython uses
//! when something else does (`cannot assign to function call`, `cannot delete literal`, ...).

use super::ast::{Expr, ExprKind};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// Assignment, `with ... as`.
    Store,
    /// `for` loops and comprehensions (where `a in b` is parsed as a comparison first).
    For,
    Del,
}

/// `_PyPegen_get_expr_name`: how CPython names an expression in error messages.
pub fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::Name(_) => "name",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::None => "None",
        ExprKind::Bool(false) => "False",
        ExprKind::Bool(true) => "True",
        ExprKind::Ellipsis => "ellipsis",
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Imaginary(_)
        | ExprKind::Str(_)
        | ExprKind::Bytes(_) => "literal",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// `_PyPegen_get_invalid_target`: the first sub-expression that cannot be a target, if any.
pub fn invalid_target(e: &Expr, kind: TargetKind) -> Option<&Expr> {
    match &e.kind {
        ExprKind::List(elts) | ExprKind::Tuple(elts) => {
            elts.iter().find_map(|x| invalid_target(x, kind))
        }
        ExprKind::Starred(inner) => {
            if kind == TargetKind::Del {
                Some(e)
            } else {
                invalid_target(inner, kind)
            }
        }
        ExprKind::Compare { left, ops } => {
            if kind == TargetKind::For {
                if matches!(ops.first(), Some((super::ast::CmpOp::In, _))) {
                    invalid_target(left, kind)
                } else {
                    None
                }
            } else {
                Some(e)
            }
        }
        ExprKind::Name(_) | ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => None,
        _ => Some(e),
    }
}

/// Whether `e` is a valid target as CPython's `star_targets` / `del_targets` grammar would have
/// parsed it. Stricter than [`invalid_target`] finding nothing: a `Compare` is never a target.
pub fn is_target(e: &Expr, kind: TargetKind) -> bool {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => true,
        ExprKind::List(elts) | ExprKind::Tuple(elts) => elts.iter().all(|x| is_target(x, kind)),
        ExprKind::Starred(inner) => {
            kind != TargetKind::Del
                && !matches!(inner.kind, ExprKind::Starred(_))
                && is_target(inner, kind)
        }
        _ => false,
    }
}

/// `single_target` (augmented assignment, annotated assignment): no tuples, lists or stars.
pub fn is_single_target(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Name(_) | ExprKind::Subscript { .. } | ExprKind::Attribute { .. }
    )
}
