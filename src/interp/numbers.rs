//! Numbers and binary operators: the i64 fast path with BigInt overflow, Python's floor
//! division and modulo, true division, float specials, int/float mixing, bool-as-int, unary
//! operators, and the `binary_op` dispatcher that routes the other types to their own modules.

use std::cmp::Ordering;
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::Interp;
use super::value::{PyResult, Value};
use crate::syntax::{BinOp, UnaryOp};

/// Ints whose result would pass this many bits raise MemoryError instead of tying up the
/// machine (CPython would try and take minutes or exhaust memory).
pub(crate) const MAX_INT_BITS: u64 = 1 << 26;
/// Largest str/bytes a repetition may build.
pub(crate) const MAX_SEQ_BYTES: u64 = 1 << 30;
/// Largest list/tuple a repetition or `list(range(...))` may build.
pub(crate) const MAX_SEQ_ITEMS: u64 = 1 << 25;

pub(crate) fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::BigInt(_) | Value::Bool(_))
}

pub(crate) fn is_number(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_)
    )
}

/// An int-like value as a BigInt.
pub(crate) fn to_big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

/// A BigInt to f64, `None` when it overflows (CPython: `int too large to convert to float`).
pub(crate) fn big_to_f64(b: &BigInt) -> Option<f64> {
    let f = b.to_f64()?;
    if f.is_finite() { Some(f) } else { None }
}

impl Interp {
    /// A number as f64 (`OverflowError: int too large to convert to float`).
    pub(crate) fn to_f64(&self, v: &Value) -> PyResult<Option<f64>> {
        Ok(match v {
            Value::Float(f) => Some(*f),
            Value::Int(i) => Some(*i as f64),
            Value::Bool(b) => Some(*b as i64 as f64),
            Value::BigInt(b) => match big_to_f64(b) {
                Some(f) => Some(f),
                None => return Err(self.overflow_error("int too large to convert to float")),
            },
            _ => None,
        })
    }

    /// `a OP b` for every operand type the evaluator knows; Objects get first say either side.
    pub(crate) fn binary_op(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => return self.int_op(op, *x, *y),
            (Value::Float(x), Value::Float(y)) => return self.float_op(op, *x, *y),
            _ => {}
        }
        if is_int(a) && is_int(b) {
            if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
                match op {
                    BinOp::BitAnd => return Ok(Value::Bool(*x & *y)),
                    BinOp::BitOr => return Ok(Value::Bool(*x | *y)),
                    BinOp::BitXor => return Ok(Value::Bool(*x ^ *y)),
                    _ => {}
                }
            }
            if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
                return self.int_op(op, x, y);
            }
            let (x, y) = (to_big(a).unwrap_or_default(), to_big(b).unwrap_or_default());
            return self.big_op(op, &x, &y);
        }
        if is_number(a) && is_number(b) {
            let x = self.to_f64(a)?.unwrap_or(0.0);
            let y = self.to_f64(b)?.unwrap_or(0.0);
            return self.float_op(op, x, y);
        }
        if let Value::Object(o) = a
            && let Some(v) = o.binop(o, op, b, false, self)?
        {
            return Ok(v);
        }
        if let Value::Object(o) = b
            && let Some(v) = o.binop(o, op, a, true, self)?
        {
            return Ok(v);
        }
        if let Some(r) = self.sequence_op(op, a, b) {
            return r;
        }
        if let Some(r) = self.collection_op(op, a, b) {
            return r;
        }
        if let Some(r) = self.decimal_op(op, a, b) {
            return r;
        }
        if let Some(r) = self.datetime_op(op, a, b) {
            return r;
        }
        Err(self.unsupported_operands(op, a, b))
    }

    pub(crate) fn unsupported_operands(
        &self,
        op: BinOp,
        a: &Value,
        b: &Value,
    ) -> Rc<super::PyException> {
        self.type_error(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            a.tp_name(),
            b.tp_name()
        ))
    }

    /// In-place `a OP= b`: lists, dicts and sets mutate (so aliases see it); the rest rebind.
    pub(crate) fn inplace_op(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        match (op, a) {
            (BinOp::Add, Value::List(l)) => {
                let items = self.iter_values(b)?;
                l.borrow_mut().extend(items);
                return Ok(a.clone());
            }
            (BinOp::Mul, Value::List(l)) => {
                let n = self.repeat_count(b).ok_or_else(|| {
                    self.type_error(format!(
                        "can't multiply sequence by non-int of type '{}'",
                        b.tp_name()
                    ))
                })??;
                let items = l.borrow().clone();
                let rep = self.repeat_vec(&items, n)?;
                *l.borrow_mut() = rep;
                return Ok(a.clone());
            }
            (BinOp::BitOr, Value::Dict(d)) => {
                if let Value::Dict(other) = b {
                    let entries = other.borrow().entries.clone();
                    for (k, v) in entries {
                        self.dict_set(d, k, v)?;
                    }
                    return Ok(a.clone());
                }
            }
            (BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor, Value::Set(s)) => {
                if let Value::Set(_) = b {
                    let r = self.binary_op(op, a, b)?;
                    if let Value::Set(new) = r {
                        let items = new.borrow().clone();
                        *s.borrow_mut() = items;
                    }
                    return Ok(a.clone());
                }
            }
            _ => {}
        }
        self.binary_op(op, a, b)
    }

    /// `OP v` for `-`, `+`, `~` and `not`.
    pub(crate) fn unary_op(&mut self, op: UnaryOp, v: &Value) -> PyResult<Value> {
        if op == UnaryOp::Not {
            return Ok(Value::Bool(!self.truth(v)?));
        }
        let r = match (op, v) {
            (UnaryOp::Neg, Value::Int(i)) => match i.checked_neg() {
                Some(n) => Value::Int(n),
                None => Value::from_bigint(-BigInt::from(*i)),
            },
            (UnaryOp::Neg, Value::Bool(b)) => Value::Int(-(*b as i64)),
            (UnaryOp::Neg, Value::BigInt(b)) => Value::from_bigint(-(**b).clone()),
            (UnaryOp::Neg, Value::Float(f)) => Value::Float(-f),
            (UnaryOp::Pos, Value::Int(_) | Value::BigInt(_) | Value::Float(_)) => v.clone(),
            (UnaryOp::Pos, Value::Bool(b)) => Value::Int(*b as i64),
            (UnaryOp::Invert, Value::Int(i)) => Value::Int(!i),
            (UnaryOp::Invert, Value::Bool(b)) => Value::Int(!(*b as i64)),
            (UnaryOp::Invert, Value::BigInt(b)) => Value::from_bigint(-(**b).clone() - 1),
            (UnaryOp::Neg, Value::Decimal(d)) => Value::Decimal(-*d),
            (UnaryOp::Pos, Value::Decimal(d)) => Value::Decimal(*d),
            (UnaryOp::Neg, Value::TimeDelta(t)) => return self.timedelta_value(-*t),
            (UnaryOp::Pos, Value::TimeDelta(_)) => v.clone(),
            (_, Value::Object(o)) => match o.unary(o, op, self)? {
                Some(r) => r,
                None => return Err(self.bad_unary(op, v)),
            },
            _ => return Err(self.bad_unary(op, v)),
        };
        Ok(r)
    }

    fn bad_unary(&self, op: UnaryOp, v: &Value) -> Rc<super::PyException> {
        let sym = match op {
            UnaryOp::Neg => "-",
            UnaryOp::Pos => "+",
            UnaryOp::Invert => "~",
            UnaryOp::Not => "not",
        };
        self.type_error(format!(
            "bad operand type for unary {sym}: '{}'",
            v.tp_name()
        ))
    }

    /// Both operands i64: overflow goes to BigInt.
    pub(crate) fn int_op(&mut self, op: BinOp, a: i64, b: i64) -> PyResult<Value> {
        let small = match op {
            BinOp::Add => a.checked_add(b),
            BinOp::Sub => a.checked_sub(b),
            BinOp::Mul => a.checked_mul(b),
            BinOp::FloorDiv => {
                if b == 0 {
                    return Err(self.zero_division("integer division or modulo by zero"));
                }
                a.checked_div_euclid(b).map(|_| {
                    let q = a / b;
                    if (a % b != 0) && ((a < 0) != (b < 0)) {
                        q - 1
                    } else {
                        q
                    }
                })
            }
            BinOp::Mod => {
                if b == 0 {
                    return Err(self.zero_division("integer modulo by zero"));
                }
                a.checked_rem(b).map(|r| {
                    if r != 0 && ((r < 0) != (b < 0)) {
                        r + b
                    } else {
                        r
                    }
                })
            }
            BinOp::Div => {
                if b == 0 {
                    return Err(self.zero_division("division by zero"));
                }
                const EXACT: i64 = 1 << 53;
                if a.unsigned_abs() <= EXACT as u64 && b.unsigned_abs() <= EXACT as u64 {
                    return Ok(Value::Float(a as f64 / b as f64));
                }
                return self.big_op(op, &BigInt::from(a), &BigInt::from(b));
            }
            BinOp::Pow => {
                if b < 0 {
                    return self.float_op(op, a as f64, b as f64);
                }
                u32::try_from(b).ok().and_then(|e| a.checked_pow(e))
            }
            BinOp::LShift => {
                if b < 0 {
                    return Err(self.value_error("negative shift count"));
                }
                if a == 0 {
                    Some(0)
                } else if b < 63 {
                    let r = a << b;
                    if r >> b == a { Some(r) } else { None }
                } else {
                    None
                }
            }
            BinOp::RShift => {
                if b < 0 {
                    return Err(self.value_error("negative shift count"));
                }
                Some(if b >= 64 {
                    if a < 0 { -1 } else { 0 }
                } else {
                    a >> b
                })
            }
            BinOp::BitAnd => Some(a & b),
            BinOp::BitOr => Some(a | b),
            BinOp::BitXor => Some(a ^ b),
            BinOp::MatMul => {
                return Err(self.unsupported_operands(op, &Value::Int(a), &Value::Int(b)));
            }
        };
        match small {
            Some(v) => Ok(Value::Int(v)),
            None => self.big_op(op, &BigInt::from(a), &BigInt::from(b)),
        }
    }

    /// Int operations on BigInts.
    pub(crate) fn big_op(&mut self, op: BinOp, a: &BigInt, b: &BigInt) -> PyResult<Value> {
        let r = match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => {
                if a.bits() + b.bits() > MAX_INT_BITS {
                    return Err(self.memory_error());
                }
                a * b
            }
            BinOp::FloorDiv => {
                if b.is_zero() {
                    return Err(self.zero_division("integer division or modulo by zero"));
                }
                a.div_floor(b)
            }
            BinOp::Mod => {
                if b.is_zero() {
                    return Err(self.zero_division("integer modulo by zero"));
                }
                a.mod_floor(b)
            }
            BinOp::Div => {
                if b.is_zero() {
                    return Err(self.zero_division("division by zero"));
                }
                return Ok(Value::Float(self.big_true_div(a, b)?));
            }
            BinOp::Pow => {
                if b.is_negative() {
                    let x = self.to_f64(&Value::from_bigint(a.clone()))?.unwrap_or(0.0);
                    let y = b.to_f64().unwrap_or(f64::NEG_INFINITY);
                    return self.float_op(op, x, y);
                }
                if a.is_zero() || a.is_one() {
                    return Ok(Value::from_bigint(a.clone()));
                }
                if *a == BigInt::from(-1) {
                    return Ok(Value::Int(if b.is_even() { 1 } else { -1 }));
                }
                let e = match b.to_u64() {
                    Some(e) if a.bits().saturating_mul(e) <= MAX_INT_BITS => e,
                    _ => return Err(self.memory_error()),
                };
                num_traits::pow(a.clone(), e as usize)
            }
            BinOp::LShift => {
                if b.is_negative() {
                    return Err(self.value_error("negative shift count"));
                }
                if a.is_zero() {
                    return Ok(Value::Int(0));
                }
                match b.to_u64() {
                    Some(s) if a.bits() + s <= MAX_INT_BITS => a << s,
                    _ => return Err(self.memory_error()),
                }
            }
            BinOp::RShift => {
                if b.is_negative() {
                    return Err(self.value_error("negative shift count"));
                }
                match b.to_u64() {
                    Some(s) if s < a.bits() + 1 => a >> s,
                    _ => BigInt::from(if a.is_negative() { -1 } else { 0 }),
                }
            }
            BinOp::BitAnd => a & b,
            BinOp::BitOr => a | b,
            BinOp::BitXor => a ^ b,
            BinOp::MatMul => {
                return Err(self.unsupported_operands(
                    op,
                    &Value::from_bigint(a.clone()),
                    &Value::from_bigint(b.clone()),
                ));
            }
        };
        Ok(Value::from_bigint(r))
    }

    /// `a / b` for big ints, correctly scaled so huge operands with a modest quotient work.
    fn big_true_div(&self, a: &BigInt, b: &BigInt) -> PyResult<f64> {
        if let (Some(x), Some(y)) = (big_to_f64(a), big_to_f64(b))
            && x.abs() < 9.007_199_254_740_992e15
            && y.abs() < 9.007_199_254_740_992e15
        {
            return Ok(x / y);
        }
        // Scale so the quotient carries 64+ significant bits, then convert.
        let shift = b.bits() as i64 - a.bits() as i64 + 70;
        let q = if shift >= 0 {
            (a << shift as u64) / b
        } else {
            a / (b << (-shift) as u64)
        };
        let qf = q.to_f64().unwrap_or(f64::INFINITY);
        let r = qf * 2f64.powi((-shift).clamp(-2000, 2000) as i32);
        let r = if shift.abs() > 2000 {
            // Exponent beyond f64 range either way.
            if shift < 0 { f64::INFINITY } else { 0.0 }
        } else {
            r
        };
        if !r.is_finite() {
            return Err(self.overflow_error("integer division result too large for a float"));
        }
        Ok(r)
    }

    /// Float operations with CPython's special cases and messages.
    pub(crate) fn float_op(&mut self, op: BinOp, x: f64, y: f64) -> PyResult<Value> {
        let r = match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::Div => {
                if y == 0.0 {
                    return Err(self.zero_division("float division by zero"));
                }
                x / y
            }
            BinOp::FloorDiv => {
                if y == 0.0 {
                    return Err(self.zero_division("float floor division by zero"));
                }
                float_divmod(x, y).0
            }
            BinOp::Mod => {
                if y == 0.0 {
                    return Err(self.zero_division("float modulo"));
                }
                float_mod(x, y)
            }
            BinOp::Pow => return self.float_pow(x, y),
            _ => return Err(self.unsupported_operands(op, &Value::Float(x), &Value::Float(y))),
        };
        Ok(Value::Float(r))
    }

    fn float_pow(&self, x: f64, y: f64) -> PyResult<Value> {
        if y == 0.0 {
            return Ok(Value::Float(1.0));
        }
        if x == 0.0 && y < 0.0 {
            return Err(self.zero_division("0.0 cannot be raised to a negative power"));
        }
        if x < 0.0 && x.is_finite() && y.is_finite() && y.fract() != 0.0 {
            return Err(self.value_error("negative number cannot be raised to a fractional power (complex results are not supported)"));
        }
        let r = x.powf(y);
        if r.is_infinite() && x.is_finite() && y.is_finite() {
            return Err(self.overflow_error_tuple());
        }
        Ok(Value::Float(r))
    }

    /// CPython's float overflow: `OverflowError: (34, 'Numerical result out of range')`.
    pub(crate) fn overflow_error_tuple(&self) -> Rc<super::PyException> {
        self.new_exception_args(
            self.exc_class("OverflowError"),
            vec![Value::Int(34), Value::str("Numerical result out of range")],
        )
    }

    /// `divmod(a, b)`.
    pub(crate) fn divmod(&mut self, a: &Value, b: &Value) -> PyResult<Value> {
        if is_int(a) && is_int(b) {
            let q = self.binary_op(BinOp::FloorDiv, a, b).map_err(|e| {
                if e.class.qualname.as_ref() == "ZeroDivisionError" {
                    self.zero_division("integer division or modulo by zero")
                } else {
                    e
                }
            })?;
            let r = self.binary_op(BinOp::Mod, a, b)?;
            return Ok(Value::tuple(vec![q, r]));
        }
        if is_number(a) && is_number(b) {
            let x = self.to_f64(a)?.unwrap_or(0.0);
            let y = self.to_f64(b)?.unwrap_or(0.0);
            if y == 0.0 {
                return Err(self.zero_division("float divmod()"));
            }
            let (q, r) = float_divmod(x, y);
            return Ok(Value::tuple(vec![Value::Float(q), Value::Float(r)]));
        }
        let q = self.binary_op(BinOp::FloorDiv, a, b)?;
        let r = self.binary_op(BinOp::Mod, a, b)?;
        Ok(Value::tuple(vec![q, r]))
    }

    /// `pow(a, b, m)`.
    pub(crate) fn pow3(&mut self, a: &Value, b: &Value, m: &Value) -> PyResult<Value> {
        let (Some(a), Some(b), Some(m)) = (to_big(a), to_big(b), to_big(m)) else {
            return Err(
                self.type_error("pow() 3rd argument not allowed unless all arguments are integers")
            );
        };
        if m.is_zero() {
            return Err(self.value_error("pow() 3rd argument cannot be 0"));
        }
        let mut base = a.mod_floor(&m);
        let mut exp = b.clone();
        if exp.is_negative() {
            // Modular inverse via the extended Euclidean algorithm.
            let g = base.extended_gcd(&m);
            if !g.gcd.is_one() {
                return Err(self.value_error("base is not invertible for the given modulus"));
            }
            base = g.x.mod_floor(&m);
            exp = -exp;
        }
        let r = base.modpow(&exp, &m.abs());
        let r = if m.is_negative() && !r.is_zero() {
            r + &m
        } else {
            r
        };
        Ok(Value::from_bigint(r))
    }

    /// A repetition count for `seq * n`: `None` when `n` is not an int (the caller raises
    /// "can't multiply sequence"), OverflowError for a count beyond isize.
    pub(crate) fn repeat_count(&self, n: &Value) -> Option<PyResult<i64>> {
        match n {
            Value::Int(i) => Some(Ok(*i)),
            Value::Bool(b) => Some(Ok(*b as i64)),
            Value::BigInt(_) => Some(Err(
                self.overflow_error("cannot fit 'int' into an index-sized integer")
            )),
            _ => None,
        }
    }

    /// `items * n` with a size guard.
    pub(crate) fn repeat_vec(&self, items: &[Value], n: i64) -> PyResult<Vec<Value>> {
        if n <= 0 || items.is_empty() {
            return Ok(Vec::new());
        }
        if (items.len() as u64).saturating_mul(n as u64) > MAX_SEQ_ITEMS {
            return Err(self.memory_error());
        }
        let mut out = Vec::with_capacity(items.len() * n as usize);
        for _ in 0..n {
            out.extend_from_slice(items);
        }
        Ok(out)
    }

    /// `round(x[, ndigits])` for ints and floats.
    pub(crate) fn round_number(&mut self, x: &Value, nd: Option<&Value>) -> PyResult<Value> {
        let nd = match nd {
            None | Some(Value::None) => None,
            Some(v) if is_int(v) => Some(match v.as_i64() {
                Some(i) => i,
                None => {
                    if to_big(v).is_some_and(|b| b.is_negative()) {
                        i64::MIN
                    } else {
                        i64::MAX
                    }
                }
            }),
            Some(v) => {
                return Err(self.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.tp_name()
                )));
            }
        };
        match x {
            Value::Float(f) => {
                let f = *f;
                match nd {
                    None => {
                        if f.is_nan() {
                            return Err(self.value_error("cannot convert float NaN to integer"));
                        }
                        if f.is_infinite() {
                            return Err(
                                self.overflow_error("cannot convert float infinity to integer")
                            );
                        }
                        let r = round_half_even(f);
                        Ok(float_to_int_value(r))
                    }
                    Some(n) => Ok(Value::Float(round_float_digits(f, n))),
                }
            }
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
                let n = match nd {
                    None => return Ok(Value::from_bigint(to_big(x).unwrap_or_default())),
                    Some(n) if n >= 0 => {
                        return Ok(Value::from_bigint(to_big(x).unwrap_or_default()));
                    }
                    Some(n) => n,
                };
                let v = to_big(x).unwrap_or_default();
                if n < -4400 {
                    return Ok(Value::Int(0));
                }
                let p = num_traits::pow(BigInt::from(10), (-n) as usize);
                let (q, r) = v.div_mod_floor(&p);
                let twice = &r * BigInt::from(2);
                let q = match twice.cmp(&p) {
                    Ordering::Greater => q + 1,
                    Ordering::Equal if q.is_odd() => q + 1,
                    _ => q,
                };
                Ok(Value::from_bigint(q * p))
            }
            Value::Decimal(_) => self.round_decimal(x, nd),
            Value::Object(o) => {
                let mut args = vec![];
                if let Some(n) = nd {
                    args.push(Value::Int(n));
                }
                if o.has_method("__round__") {
                    o.call_method(o, "__round__", super::Args::new(args), self)
                } else {
                    Err(self.type_error(format!(
                        "type {} doesn't define __round__ method",
                        x.type_name()
                    )))
                }
            }
            _ => Err(self.type_error(format!(
                "type {} doesn't define __round__ method",
                x.tp_name()
            ))),
        }
    }
}

/// Python's float `divmod` (floatobject.c `float_divmod`).
pub(crate) fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

pub(crate) fn float_mod(vx: f64, wx: f64) -> f64 {
    let m = vx % wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) { m + wx } else { m }
    } else {
        0f64.copysign(wx)
    }
}

pub(crate) fn round_half_even(f: f64) -> f64 {
    f.round_ties_even()
}

/// An integral finite float as an int value.
pub(crate) fn float_to_int_value(f: f64) -> Value {
    if f.abs() < 9.2e18 {
        Value::Int(f as i64)
    } else {
        use num_traits::FromPrimitive;
        Value::from_bigint(BigInt::from_f64(f).unwrap_or_default())
    }
}

/// `round(f, n)`: CPython rounds the exact binary value half-to-even at `n` decimal digits,
/// which is what correctly rounded formatting with `n` digits does.
pub(crate) fn round_float_digits(f: f64, n: i64) -> f64 {
    if !f.is_finite() || f == 0.0 {
        return f;
    }
    if n > 323 {
        return f;
    }
    if n < -308 {
        return 0.0f64.copysign(f);
    }
    if n >= 0 {
        let s = format!("{:.*}", n as usize, f);
        s.parse::<f64>().unwrap_or(f)
    } else {
        // Round at a power of ten above the decimal point: scale through the exact text.
        let p = 10f64.powi((-n) as i32);
        let scaled = f / p;
        let s = format!("{:.0}", scaled);
        let r = s.parse::<f64>().unwrap_or(0.0) * p;
        if r.is_finite() { r } else { f }
    }
}

/// Compares an int with a float exactly, as CPython does (`None` when the float is NaN).
pub(crate) fn cmp_int_float(i: &Value, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if let Some(x) = i.as_i64()
        && x.unsigned_abs() < (1u64 << 53)
    {
        return (x as f64).partial_cmp(&f);
    }
    use num_traits::FromPrimitive;
    let big = to_big(i).unwrap_or_default();
    let t = f.trunc();
    let ft = BigInt::from_f64(t).unwrap_or_default();
    match big.cmp(&ft) {
        Ordering::Equal => {
            if f > t {
                Some(Ordering::Less)
            } else if f < t {
                Some(Ordering::Greater)
            } else {
                Some(Ordering::Equal)
            }
        }
        o => Some(o),
    }
}
