//! A `Q(...)` condition from models.py, read from its syntax tree into Django's `Q` tree:
//! keyword children sorted by name (as `Q(**kwargs)` does), `("name", value)` tuples, `&`, `|`
//! and `~` combined with `tree.Node.add`'s squashing. Values are literals, `F("field")`,
//! `Decimal("...")` and `date(y, m, d)`.

use super::DdlError;
use crate::models::literal::{Literal, literal};
use crate::syntax::{Arg, BinOp, Expr, ExprKind, Span, UnaryOp};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Connector {
    And,
    Or,
}

impl Connector {
    pub(super) fn sql(self) -> &'static str {
        match self {
            Connector::And => " AND ",
            Connector::Or => " OR ",
        }
    }
}

/// A right-hand side as written in models.py.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RawValue {
    Lit(Literal),
    F(String),
    Decimal(String),
    Date(i64, i64, i64),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum QChild {
    Lookup {
        path: String,
        value: RawValue,
        span: Span,
    },
    Node(QNode),
}

/// `django.db.models.Q` (a `tree.Node`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct QNode {
    pub(super) connector: Connector,
    pub(super) negated: bool,
    pub(super) children: Vec<QChild>,
}

impl QNode {
    fn new(connector: Connector) -> QNode {
        QNode {
            connector,
            negated: false,
            children: Vec::new(),
        }
    }

    /// `tree.Node.add` when the connectors agree: squash `data` into self when possible.
    fn add(&mut self, data: QNode) {
        if !data.negated && (data.connector == self.connector || data.children.len() == 1) {
            self.children.extend(data.children);
        } else {
            self.children.push(QChild::Node(data));
        }
    }

    /// `Q._combine`.
    fn combine(self, other: QNode, conn: Connector) -> QNode {
        if self.children.is_empty() {
            return other;
        }
        if other.children.is_empty() {
            return self;
        }
        let mut obj = QNode::new(conn);
        obj.add(self);
        obj.add(other);
        obj
    }
}

pub(super) fn unsupported(span: Span, what: &str) -> DdlError {
    DdlError {
        message: format!("ormlab cannot compile this check constraint: {what}"),
        span: Some(span),
    }
}

fn callee_name(func: &Expr) -> Option<&str> {
    match &func.kind {
        ExprKind::Name(n) => Some(n),
        ExprKind::Attribute { attr, .. } => Some(attr),
        _ => None,
    }
}

pub(super) fn parse_q(e: &Expr) -> Result<QNode, DdlError> {
    match &e.kind {
        ExprKind::Call { func, args } if callee_name(func) == Some("Q") => {
            let mut node = QNode::new(Connector::And);
            let mut kwargs: Vec<(String, RawValue, Span)> = Vec::new();
            for a in args {
                match a {
                    Arg::Positional(p) => match &p.kind {
                        ExprKind::Tuple(items) if items.len() == 2 => {
                            let ExprKind::Str(path) = &items[0].kind else {
                                return Err(unsupported(
                                    p.span,
                                    "a Q child tuple needs a string name",
                                ));
                            };
                            node.children.push(QChild::Lookup {
                                path: path.clone(),
                                value: parse_value(&items[1])?,
                                span: p.span,
                            });
                        }
                        _ => node.children.push(QChild::Node(parse_q(p)?)),
                    },
                    Arg::Keyword { name, value, .. } if name == "_negated" => {
                        node.negated = matches!(literal(value), Literal::Bool(true));
                    }
                    Arg::Keyword { name, value, .. } if name == "_connector" => {
                        node.connector = match literal(value) {
                            Literal::Str(s) if s == "OR" => Connector::Or,
                            Literal::Name(n) if n.ends_with("OR") => Connector::Or,
                            Literal::Str(s) if s == "AND" => Connector::And,
                            Literal::Name(n) if n.ends_with("AND") => Connector::And,
                            Literal::None => Connector::And,
                            _ => return Err(unsupported(value.span, "this _connector")),
                        };
                    }
                    Arg::Keyword { name, value, .. } => {
                        kwargs.push((name.clone(), parse_value(value)?, value.span))
                    }
                    _ => return Err(unsupported(e.span, "*args or **kwargs in Q()")),
                }
            }
            // Q(**kwargs) sorts its keyword children by name.
            kwargs.sort_by(|a, b| a.0.cmp(&b.0));
            for (path, value, span) in kwargs {
                node.children.push(QChild::Lookup { path, value, span });
            }
            Ok(node)
        }
        ExprKind::BinOp { left, op, right } => {
            let conn = match op {
                BinOp::BitAnd => Connector::And,
                BinOp::BitOr => Connector::Or,
                _ => return Err(unsupported(e.span, "only &, | and ~ combine Q objects")),
            };
            Ok(parse_q(left)?.combine(parse_q(right)?, conn))
        }
        ExprKind::UnaryOp {
            op: UnaryOp::Invert,
            operand,
        } => {
            let mut q = parse_q(operand)?;
            q.negated = !q.negated;
            Ok(q)
        }
        _ => Err(unsupported(
            e.span,
            "the condition must be built from Q objects",
        )),
    }
}

fn parse_value(e: &Expr) -> Result<RawValue, DdlError> {
    if let ExprKind::Call { func, args } = &e.kind {
        let positional: Vec<&Expr> = args
            .iter()
            .filter_map(|a| match a {
                Arg::Positional(p) => Some(p),
                _ => None,
            })
            .collect();
        match (callee_name(func), positional.as_slice()) {
            (Some("F"), [p]) => {
                if let ExprKind::Str(s) = &p.kind {
                    return Ok(RawValue::F(s.clone()));
                }
            }
            (Some("Decimal"), [p]) => match literal(p) {
                Literal::Str(s) => return Ok(RawValue::Decimal(s)),
                Literal::Int(i) => return Ok(RawValue::Decimal(i.to_string())),
                _ => {}
            },
            (Some("date"), [y, m, d]) => {
                if let (Literal::Int(y), Literal::Int(m), Literal::Int(d)) =
                    (literal(y), literal(m), literal(d))
                {
                    return Ok(RawValue::Date(y, m, d));
                }
            }
            _ => {}
        }
        return Err(unsupported(e.span, "this value"));
    }
    match literal(e) {
        Literal::Other | Literal::Name(_) => Err(unsupported(e.span, "this value")),
        lit => Ok(RawValue::Lit(lit)),
    }
}
