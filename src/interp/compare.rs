//! Comparisons: `==` across the numeric tower and containers, ordering with CPython's
//! TypeErrors, identity (`is`), membership (`in`), and truthiness.

use std::cmp::Ordering;
use std::rc::Rc;

use super::Interp;
use super::numbers::{cmp_int_float, is_int, to_big};
use super::value::{PyResult, Value};
use crate::syntax::CmpOp;

fn thin<T: ?Sized>(r: &Rc<T>) -> usize {
    Rc::as_ptr(r) as *const () as usize
}

/// `a is b`. Small values (numbers, strings, None, bools) compare by value, which matches
/// CPython for the cached small ints, interned strings and constants learners test with `is`.
pub(crate) fn is_same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || x == y,
        (Value::BigInt(x), Value::BigInt(y)) => Rc::ptr_eq(x, y),
        (Value::Bytes(x), Value::Bytes(y)) => Rc::ptr_eq(x, y),
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        (Value::Tuple(x), Value::Tuple(y)) => Rc::ptr_eq(x, y) || (x.is_empty() && y.is_empty()),
        (Value::Dict(x), Value::Dict(y)) => Rc::ptr_eq(x, y),
        (Value::Set(x), Value::Set(y)) => Rc::ptr_eq(x, y),
        (Value::Decimal(x), Value::Decimal(y)) => x == y && x.scale() == y.scale(),
        (Value::Range(a1, b1, c1), Value::Range(a2, b2, c2)) => (a1, b1, c1) == (a2, b2, c2),
        (Value::Function(x), Value::Function(y)) => Rc::ptr_eq(x, y),
        (Value::Builtin(x), Value::Builtin(y)) => Rc::ptr_eq(x, y),
        (Value::BoundMethod(x), Value::BoundMethod(y)) => Rc::ptr_eq(x, y),
        (Value::Type(x), Value::Type(y)) => x == y,
        (Value::ExcClass(x), Value::ExcClass(y)) => Rc::ptr_eq(x, y),
        (Value::Exception(x), Value::Exception(y)) => Rc::ptr_eq(x, y),
        (Value::Module(x), Value::Module(y)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => thin(x) == thin(y),
        _ => false,
    }
}

fn reflect(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::LtE => CmpOp::GtE,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::GtE => CmpOp::LtE,
        o => o,
    }
}

fn ord_matches(op: CmpOp, o: Ordering) -> bool {
    match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::LtE => o != Ordering::Greater,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::GtE => o != Ordering::Less,
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::NotEq => o != Ordering::Equal,
        _ => false,
    }
}

impl Interp {
    /// `bool(v)`.
    pub(crate) fn truth(&mut self, v: &Value) -> PyResult<bool> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::BigInt(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) => !d.borrow().entries.is_empty(),
            Value::Set(s) => !s.borrow().items.entries.is_empty(),
            Value::Decimal(d) => !d.is_zero(),
            Value::TimeDelta(t) => !t.is_zero(),
            Value::Range(..) => super::collections::range_len(v) != 0,
            Value::Object(o) => o.truthy(o, self)?,
            _ => true,
        })
    }

    /// `a == b`.
    pub(crate) fn eq_values(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => return Ok(x == y),
            (Value::Str(x), Value::Str(y)) => return Ok(x == y),
            (Value::None, Value::None) => return Ok(true),
            _ => {}
        }
        if is_int(a) && is_int(b) {
            return Ok(to_big(a) == to_big(b));
        }
        match (a, b) {
            (Value::Float(x), Value::Float(y)) => return Ok(x == y),
            (Value::Float(f), i) | (i, Value::Float(f)) if is_int(i) => {
                return Ok(cmp_int_float(i, *f) == Some(Ordering::Equal));
            }
            _ => {}
        }
        if (matches!(a, Value::Decimal(_)) || matches!(b, Value::Decimal(_)))
            && let Some(o) = self.decimal_cmp(a, b)
        {
            return Ok(o == Some(Ordering::Equal));
        }
        if let Value::Object(o) = a {
            if let Some(r) = o.compare(o, CmpOp::Eq, b, self)? {
                return Ok(r);
            }
            if let Value::Object(p) = b
                && let Some(r) = p.compare(p, CmpOp::Eq, a, self)?
            {
                return Ok(r);
            }
            return Ok(is_same(a, b));
        }
        if let Value::Object(o) = b {
            if let Some(r) = o.compare(o, CmpOp::Eq, a, self)? {
                return Ok(r);
            }
            return Ok(is_same(a, b));
        }
        Ok(match (a, b) {
            (Value::Bytes(x), Value::Bytes(y)) => x == y,
            (Value::List(x), Value::List(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let (xs, ys) = (x.borrow().clone(), y.borrow().clone());
                self.seq_eq(&xs, &ys)?
            }
            (Value::Tuple(x), Value::Tuple(y)) => self.seq_eq(x, y)?,
            (Value::Dict(x), Value::Dict(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let xe = x.borrow().entries.clone();
                if xe.len() != y.borrow().entries.len() {
                    return Ok(false);
                }
                for (k, v) in xe {
                    match self.dict_get(y, &k)? {
                        Some(w) => {
                            if !self.nested(|it| it.eq_values(&v, &w))? {
                                return Ok(false);
                            }
                        }
                        None => return Ok(false),
                    }
                }
                true
            }
            (Value::Set(x), Value::Set(y)) => {
                let xe: Vec<Value> = x
                    .borrow()
                    .items
                    .entries
                    .iter()
                    .map(|(k, _)| k.clone())
                    .collect();
                if xe.len() != y.borrow().items.entries.len() {
                    return Ok(false);
                }
                for k in xe {
                    if !self.set_contains(y, &k)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Range(..), Value::Range(..)) => {
                let (la, lb) = (
                    super::collections::range_len(a),
                    super::collections::range_len(b),
                );
                match (a, b) {
                    (Value::Range(s1, _, st1), Value::Range(s2, _, st2)) => {
                        la == lb && (la == 0 || (s1 == s2 && (la == 1 || st1 == st2)))
                    }
                    _ => false,
                }
            }
            (Value::Date(x), Value::Date(y)) => x == y,
            (Value::Time(x), Value::Time(y)) => x == y,
            (Value::TimeDelta(x), Value::TimeDelta(y)) => x == y,
            (Value::DateTime(x, tx), Value::DateTime(y, ty)) => match (tx, ty) {
                (None, None) => x == y,
                (Some(ox), Some(oy)) => {
                    super::datetime::to_utc(x, ox) == super::datetime::to_utc(y, oy)
                }
                _ => false,
            },
            (Value::BoundMethod(x), Value::BoundMethod(y)) => {
                x.name == y.name && is_same(&x.receiver, &y.receiver)
            }
            _ => is_same(a, b),
        })
    }

    fn seq_eq(&mut self, xs: &[Value], ys: &[Value]) -> PyResult<bool> {
        if xs.len() != ys.len() {
            return Ok(false);
        }
        self.nested(|it| {
            for (x, y) in xs.iter().zip(ys.iter()) {
                if !(is_same(x, y) || it.eq_values(x, y)?) {
                    return Ok(false);
                }
            }
            Ok(true)
        })
    }

    /// `a < b`.
    pub(crate) fn lt_values(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        self.compare_values(CmpOp::Lt, a, b)
    }

    /// Evaluates one comparison operator.
    pub(crate) fn compare_values(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
        match op {
            CmpOp::Eq => self.eq_values(a, b),
            CmpOp::NotEq => {
                if let Value::Object(o) = a
                    && let Some(r) = o.compare(o, CmpOp::NotEq, b, self)?
                {
                    return Ok(r);
                }
                Ok(!self.eq_values(a, b)?)
            }
            CmpOp::Is => Ok(is_same(a, b)),
            CmpOp::IsNot => Ok(!is_same(a, b)),
            CmpOp::In => self.contains(b, a),
            CmpOp::NotIn => Ok(!self.contains(b, a)?),
            CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => self.order(op, a, b),
        }
    }

    fn order(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => return Ok(ord_matches(op, x.cmp(y))),
            (Value::Float(x), Value::Float(y)) => {
                return Ok(x.partial_cmp(y).is_some_and(|o| ord_matches(op, o)));
            }
            (Value::Str(x), Value::Str(y)) => {
                return Ok(ord_matches(op, x.as_ref().cmp(y.as_ref())));
            }
            _ => {}
        }
        if is_int(a) && is_int(b) {
            return Ok(ord_matches(op, to_big(a).cmp(&to_big(b))));
        }
        match (a, b) {
            (Value::Float(f), i) if is_int(i) => {
                return Ok(cmp_int_float(i, *f).is_some_and(|o| ord_matches(op, o.reverse())));
            }
            (i, Value::Float(f)) if is_int(i) => {
                return Ok(cmp_int_float(i, *f).is_some_and(|o| ord_matches(op, o)));
            }
            _ => {}
        }
        if (matches!(a, Value::Decimal(_)) || matches!(b, Value::Decimal(_)))
            && let Some(o) = self.decimal_cmp(a, b)
        {
            return Ok(o.is_some_and(|o| ord_matches(op, o)));
        }
        if let Value::Object(o) = a
            && let Some(r) = o.compare(o, op, b, self)?
        {
            return Ok(r);
        }
        if let Value::Object(o) = b
            && let Some(r) = o.compare(o, reflect(op), a, self)?
        {
            return Ok(r);
        }
        let ord = match (a, b) {
            (Value::Bytes(x), Value::Bytes(y)) => Some(x.cmp(y)),
            (Value::List(x), Value::List(y)) => {
                let (xs, ys) = (x.borrow().clone(), y.borrow().clone());
                return self.seq_order(op, &xs, &ys);
            }
            (Value::Tuple(x), Value::Tuple(y)) => {
                return self.seq_order(op, &x.clone(), &y.clone());
            }
            (Value::Set(x), Value::Set(y)) => {
                let (lx, ly) = (
                    x.borrow().items.entries.len(),
                    y.borrow().items.entries.len(),
                );
                let sub = |it: &mut Interp,
                           p: &Rc<std::cell::RefCell<super::value::Set>>,
                           q|
                 -> PyResult<bool> {
                    let items: Vec<Value> = p
                        .borrow()
                        .items
                        .entries
                        .iter()
                        .map(|(k, _)| k.clone())
                        .collect();
                    for k in items {
                        if !it.set_contains(q, &k)? {
                            return Ok(false);
                        }
                    }
                    Ok(true)
                };
                return Ok(match op {
                    CmpOp::Lt => lx < ly && sub(self, x, y)?,
                    CmpOp::LtE => lx <= ly && sub(self, x, y)?,
                    CmpOp::Gt => lx > ly && sub(self, y, x)?,
                    _ => lx >= ly && sub(self, y, x)?,
                });
            }
            (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
            (Value::Time(x), Value::Time(y)) => Some(x.cmp(y)),
            (Value::TimeDelta(x), Value::TimeDelta(y)) => Some(x.cmp(y)),
            (Value::DateTime(x, tx), Value::DateTime(y, ty)) => match (tx, ty) {
                (None, None) => Some(x.cmp(y)),
                (Some(ox), Some(oy)) => {
                    Some(super::datetime::to_utc(x, ox).cmp(&super::datetime::to_utc(y, oy)))
                }
                _ => {
                    return Err(
                        self.type_error("can't compare offset-naive and offset-aware datetimes")
                    );
                }
            },
            (Value::DateTime(..), Value::Date(_)) | (Value::Date(_), Value::DateTime(..)) => {
                return Err(self.type_error("can't compare datetime.datetime to datetime.date"));
            }
            _ => None,
        };
        match ord {
            Some(o) => Ok(ord_matches(op, o)),
            None => Err(self.type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                a.tp_name(),
                b.tp_name()
            ))),
        }
    }

    fn seq_order(&mut self, op: CmpOp, xs: &[Value], ys: &[Value]) -> PyResult<bool> {
        self.nested(|it| {
            for (x, y) in xs.iter().zip(ys.iter()) {
                if !(is_same(x, y) || it.eq_values(x, y)?) {
                    return it.compare_values(op, x, y);
                }
            }
            Ok(ord_matches(op, xs.len().cmp(&ys.len())))
        })
    }

    /// `item in container`.
    pub(crate) fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        match container {
            Value::Str(s) => match item {
                Value::Str(sub) => Ok(s.contains(sub.as_ref())),
                _ => Err(self.type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    item.tp_name()
                ))),
            },
            Value::Bytes(b) => match item {
                Value::Bytes(sub) => {
                    Ok(sub.is_empty() || b.windows(sub.len()).any(|w| w == sub.as_ref()))
                }
                Value::Int(i) => Ok(b.iter().any(|x| *x as i64 == *i)),
                _ => Err(self.type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    item.tp_name()
                ))),
            },
            Value::List(l) => {
                let mut i = 0;
                loop {
                    let x = match l.borrow().get(i) {
                        Some(x) => x.clone(),
                        None => return Ok(false),
                    };
                    if is_same(&x, item) || self.eq_values(item, &x)? {
                        return Ok(true);
                    }
                    i += 1;
                }
            }
            Value::Tuple(t) => {
                for x in t.iter() {
                    if is_same(x, item) || self.eq_values(item, x)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Dict(d) => Ok(self.dict_get(d, item)?.is_some()),
            Value::Set(s) => self.set_contains(s, item),
            Value::Range(start, _, step) => {
                let Some(x) = (match item {
                    Value::Int(i) => Some(*i as i128),
                    Value::Bool(b) => Some(*b as i128),
                    Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e18 => Some(*f as i128),
                    _ => None,
                }) else {
                    return Ok(false);
                };
                let len = super::collections::range_len(container) as i128;
                if len == 0 {
                    return Ok(false);
                }
                let (start, step) = (*start as i128, *step as i128);
                let off = x - start;
                if off % step != 0 {
                    return Ok(false);
                }
                let k = off / step;
                Ok(k >= 0 && k < len)
            }
            Value::Object(o) => {
                if let Some(r) = o.contains(o, item, self)? {
                    return Ok(r);
                }
                let items = o.iter(o, self).map_err(|e| {
                    if e.class.qualname.as_ref() == "TypeError" {
                        self.type_error(format!(
                            "argument of type '{}' is not iterable",
                            container.tp_name()
                        ))
                    } else {
                        e
                    }
                })?;
                for x in items {
                    if is_same(&x, item) || self.eq_values(item, &x)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(self.type_error(format!(
                "argument of type '{}' is not iterable",
                container.tp_name()
            ))),
        }
    }
}
