//! `Q` objects: `Q(title="x") | ~Q(pages__gt=300)`.

use std::rc::Rc;

use crate::interp::{Args, Interp, Object, PyResult, Value};
use crate::query::{Connector, FilterValue, QNode};
use crate::syntax::{BinOp, UnaryOp};

use super::convert::to_filter_value;

pub struct QObj {
    pub node: QNode,
}

/// `Q(*args, **kwargs)` / `filter(*args, **kwargs)`: positional Q objects, then keywords.
pub fn q_from_args(it: &mut Interp, args: Args) -> PyResult<QNode> {
    let mut children = Vec::new();
    for a in &args.positional {
        if let Some(e) = a.downcast::<super::expressions::ExprObj>() {
            children.push(QNode::Expr(Box::new(e.expr.clone())));
            continue;
        }
        match a.downcast::<QObj>() {
            Some(q) => children.push(q.node.clone()),
            None => {
                let t = a.type_name();
                return Err(it.type_error(format!(
                    "Cannot filter against a non-conditional expression. Got {t}."
                )));
            }
        }
    }
    let mut kwargs: Vec<(String, FilterValue)> = Vec::new();
    for (k, v) in &args.keywords {
        kwargs.push((k.to_string(), to_filter_value(it, v)?));
    }
    Ok(QNode::from_parts(children, kwargs))
}

fn repr_node(n: &QNode) -> String {
    match n {
        QNode::Leaf { path, value } => format!("('{path}', {})", value.describe()),
        QNode::Expr(e) => e.repr(),
        QNode::Node {
            connector,
            negated,
            children,
        } => {
            let inner: Vec<String> = children.iter().map(repr_node).collect();
            let body = format!("({}: {})", connector.sql(), inner.join(", "));
            if *negated {
                format!("(NOT {body})")
            } else {
                body
            }
        }
    }
}

impl Object for QObj {
    fn type_name(&self) -> String {
        "Q".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!("<Q: {}>", repr_node(&self.node)))
    }
    fn str(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(repr_node(&self.node))
    }
    fn binop(
        &self,
        _me: &Rc<dyn Object>,
        op: BinOp,
        other: &Value,
        reflected: bool,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        let conn = match op {
            BinOp::BitAnd => Connector::And,
            BinOp::BitOr => Connector::Or,
            _ => return Ok(None),
        };
        let Some(o) = other.downcast::<QObj>() else {
            let _ = it;
            return Ok(None);
        };
        let (a, b) = if reflected {
            (o.node.clone(), self.node.clone())
        } else {
            (self.node.clone(), o.node.clone())
        };
        Ok(Some(Value::object(QObj {
            node: a.combine(b, conn),
        })))
    }
    fn unary(
        &self,
        _me: &Rc<dyn Object>,
        op: UnaryOp,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        match op {
            UnaryOp::Invert => Ok(Some(Value::object(QObj {
                node: self.node.clone().negate(),
            }))),
            _ => Ok(None),
        }
    }
    fn truthy(&self, _me: &Rc<dyn Object>, _it: &mut Interp) -> PyResult<bool> {
        Ok(!self.node.is_empty())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
