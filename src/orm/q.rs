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
        if let Some(q) = a.downcast::<QObj>() {
            children.push(q.node.clone());
            continue;
        }
        // Anything else is unpacked as a `(lookup, value)` pair, as build_filter does.
        let items: Vec<Value> = match a {
            Value::Str(s) => s
                .chars()
                .map(|c| Value::Str(c.to_string().into()))
                .collect(),
            Value::Tuple(t) => t.to_vec(),
            Value::List(l) => l.borrow().clone(),
            Value::Dict(_) => {
                let t = a.type_name();
                return Err(it.type_error(format!(
                    "Cannot filter against a non-conditional expression. Got {t}."
                )));
            }
            other => {
                let t = other.type_name();
                return Err(it.type_error(format!("cannot unpack non-iterable {t} object")));
            }
        };
        match items.as_slice() {
            [Value::Str(path), value] => children.push(QNode::Leaf {
                path: path.to_string(),
                value: to_filter_value(it, value)?,
            }),
            [path, _] => {
                let t = path.type_name();
                return Err(it.attribute_error(&t, "split"));
            }
            many if many.len() > 2 => {
                return Err(it.value_error("too many values to unpack (expected 2)"));
            }
            few => {
                return Err(it.value_error(format!(
                    "not enough values to unpack (expected 2, got {})",
                    few.len()
                )));
            }
        }
    }
    let mut kwargs: Vec<(String, FilterValue)> = Vec::new();
    for (k, v) in &args.keywords {
        kwargs.push((str::to_owned(k), to_filter_value(it, v)?));
    }
    Ok(QNode::from_parts(children, kwargs))
}

fn repr_node(n: &QNode) -> String {
    n.repr()
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
        // Mirrors Q._combine: the other operand must be conditional (a Q, Exists, ...);
        // anything else raises TypeError(other).
        let other_node = match (
            other.downcast::<QObj>(),
            other.downcast::<super::expressions::ExprObj>(),
        ) {
            (Some(o), _) => o.node.clone(),
            (None, Some(e)) if super::expressions::is_conditional(&e.expr) => {
                QNode::Expr(Box::new(e.expr.clone()))
            }
            _ if reflected => return Ok(None),
            _ => {
                let msg = it.str(other)?;
                return Err(it.type_error(msg.to_string()));
            }
        };
        let (a, b) = if reflected {
            (other_node, self.node.clone())
        } else {
            (self.node.clone(), other_node)
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
