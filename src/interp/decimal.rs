//! `decimal.Decimal` on rust_decimal: construction as Python does it (from str, int, float),
//! Python's `str()` (scientific form for small exponents), arithmetic with ints and the
//! ideal-exponent rule for exact division, 28-significant-digit rounding, `quantize` with the
//! `ROUND_*` modes, comparisons and `round()`.
//!
//! Limits (rust_decimal's 96-bit coefficient, scale 0..=28): positive exponents
//! (`Decimal('1E+2')`) are stored as plain integers and print as `100`; `Decimal(0.1)` keeps
//! 28 digits rather than CPython's exact 55; NaN and Infinity are rejected.

use std::cmp::Ordering;
use std::rc::Rc;

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};

use super::Interp;
use super::numbers::{is_int, to_big};
use super::value::{Args, PyException, PyResult, Value};
use crate::syntax::BinOp;

pub(crate) const DECIMAL_METHODS: &[&str] = &[
    "quantize",
    "normalize",
    "to_integral_value",
    "to_integral",
    "copy_abs",
    "copy_negate",
    "is_zero",
    "is_signed",
    "is_finite",
    "is_nan",
    "adjusted",
    "sqrt",
    "as_integer_ratio",
];

/// The digits of the coefficient and the exponent, as Python's Decimal sees them.
fn parts(d: &Decimal) -> (bool, String, i64) {
    let m = d.mantissa();
    (
        d.is_sign_negative(),
        m.unsigned_abs().to_string(),
        -(d.scale() as i64),
    )
}

/// `str(Decimal)`: CPython's to-sci-string rule. (Built with pushes rather than `format!`:
/// every Decimal column of every row shown goes through here.)
pub(crate) fn decimal_str(d: &Decimal) -> String {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(d.mantissa().unsigned_abs());
    let exp = -i64::from(d.scale());
    let adjusted = exp + digits.len() as i64 - 1;
    let mut s = String::with_capacity(digits.len() + 8);
    if d.is_sign_negative() {
        s.push('-');
    }
    if exp <= 0 && adjusted >= -6 {
        let point = digits.len() as i64 + exp;
        if exp == 0 {
            s.push_str(digits);
        } else if point > 0 {
            let (a, b) = digits.split_at(point as usize);
            s.push_str(a);
            s.push('.');
            s.push_str(b);
        } else {
            s.push_str("0.");
            s.extend(std::iter::repeat_n('0', (-point) as usize));
            s.push_str(digits);
        }
    } else {
        let (first, rest) = digits.split_at(1);
        s.push_str(first);
        if !rest.is_empty() {
            s.push('.');
            s.push_str(rest);
        }
        s.push('E');
        s.push(if adjusted < 0 { '-' } else { '+' });
        s.push_str(itoa::Buffer::new().format(adjusted.unsigned_abs()));
    }
    s
}

/// Plain (never scientific) text of a Decimal.
pub(crate) fn decimal_plain(d: &Decimal) -> String {
    d.to_string()
}

fn digits_count(d: &Decimal) -> u32 {
    let m = d.mantissa().unsigned_abs();
    if m == 0 { 1 } else { m.ilog10() + 1 }
}

/// Rounds to 28 significant digits (the default context precision), half-even.
fn to_context(d: Decimal) -> Decimal {
    let n = digits_count(&d);
    if n > 28 && d.scale() > 0 {
        let drop = (n - 28).min(d.scale());
        return d.round_dp_with_strategy(d.scale() - drop, RoundingStrategy::MidpointNearestEven);
    }
    d
}

fn strategy(name: &str) -> Option<RoundingStrategy> {
    Some(match name {
        "ROUND_HALF_EVEN" => RoundingStrategy::MidpointNearestEven,
        "ROUND_HALF_UP" => RoundingStrategy::MidpointAwayFromZero,
        "ROUND_HALF_DOWN" => RoundingStrategy::MidpointTowardZero,
        "ROUND_DOWN" | "ROUND_05UP" => RoundingStrategy::ToZero,
        "ROUND_UP" => RoundingStrategy::AwayFromZero,
        "ROUND_FLOOR" => RoundingStrategy::ToNegativeInfinity,
        "ROUND_CEILING" => RoundingStrategy::ToPositiveInfinity,
        _ => return None,
    })
}

impl Interp {
    fn decimal_exc(&self, class: &str, signal: &str) -> Rc<PyException> {
        self.new_exception(
            self.exc_class(&format!("decimal.{class}")),
            format!("[<class 'decimal.{signal}'>]"),
        )
    }

    fn decimal_overflow(&self) -> Rc<PyException> {
        self.overflow_error("decimal value out of range (ormlab's Decimal holds 28 digits)")
    }

    /// An int/bool/Decimal as Decimal; `None` for other types.
    pub(crate) fn as_decimal(&self, v: &Value) -> PyResult<Option<Decimal>> {
        Ok(match v {
            Value::Decimal(d) => Some(*d),
            Value::Int(i) => Some(Decimal::from(*i)),
            Value::Bool(b) => Some(Decimal::from(*b as i64)),
            Value::BigInt(b) => match b
                .to_i128()
                .and_then(|i| Decimal::try_from_i128_with_scale(i, 0).ok())
            {
                Some(d) => Some(d),
                None => return Err(self.decimal_overflow()),
            },
            _ => None,
        })
    }

    /// `Decimal(...)`.
    pub(crate) fn construct_decimal(&mut self, mut args: Args) -> PyResult<Value> {
        let kw = self.take_kwargs(&mut args, "Decimal", &["value", "context"])?;
        if args.positional.len() > 2 {
            return Err(self.type_error(format!(
                "Decimal() takes at most 2 arguments ({} given)",
                args.positional.len()
            )));
        }
        let v = kw[0]
            .clone()
            .or_else(|| args.positional.first().cloned())
            .unwrap_or(Value::Int(0));
        match &v {
            Value::Str(s) => self.parse_decimal(s).map(Value::Decimal),
            Value::Float(f) => {
                if !f.is_finite() {
                    return Err(self.not_implemented("Decimal NaN/Infinity are not supported"));
                }
                match Decimal::from_f64_retain(*f) {
                    Some(d) => Ok(Value::Decimal(d)),
                    None => Err(self.decimal_overflow()),
                }
            }
            Value::Tuple(_) => Err(self.not_implemented("Decimal from a tuple is not supported")),
            other => match self.as_decimal(other)? {
                Some(d) => Ok(Value::Decimal(d)),
                None => Err(self.type_error(format!(
                    "conversion from {} to Decimal is not supported",
                    other.tp_name()
                ))),
            },
        }
    }

    fn parse_decimal(&self, s: &str) -> PyResult<Decimal> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        let bare = lower.trim_start_matches(['+', '-']);
        if matches!(bare, "nan" | "snan" | "inf" | "infinity") {
            return Err(self.not_implemented("Decimal NaN/Infinity are not supported"));
        }
        let ok_chars = !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'))
            && t.chars().any(|c| c.is_ascii_digit());
        if !ok_chars || t.contains("__") || t.starts_with('_') || t.ends_with('_') {
            return Err(self.decimal_exc("InvalidOperation", "ConversionSyntax"));
        }
        let cleaned: String = t.chars().filter(|c| *c != '_').collect();
        let parsed = if cleaned.contains(['e', 'E']) {
            Decimal::from_scientific(&cleaned)
        } else {
            Decimal::from_str_exact(&cleaned)
        };
        match parsed {
            Ok(mut d) => {
                if cleaned.starts_with('-') && d.is_zero() {
                    d.set_sign_negative(true);
                }
                Ok(d)
            }
            Err(_) => {
                // Valid syntax but too many digits: round like a 28-digit context would.
                if cleaned.len() > 28 && cleaned.parse::<f64>().is_ok() {
                    let lossy = if cleaned.contains(['e', 'E']) {
                        Decimal::from_scientific_lossy(&cleaned).ok()
                    } else {
                        cleaned.parse::<Decimal>().ok()
                    };
                    return lossy.ok_or_else(|| self.decimal_overflow());
                }
                Err(self.decimal_exc("InvalidOperation", "ConversionSyntax"))
            }
        }
    }

    /// Decimal arithmetic; `None` when neither side is a Decimal (or the other side is not an int).
    pub(crate) fn decimal_op(
        &mut self,
        op: BinOp,
        a: &Value,
        b: &Value,
    ) -> Option<PyResult<Value>> {
        if !matches!(a, Value::Decimal(_)) && !matches!(b, Value::Decimal(_)) {
            return None;
        }
        let x = match self.as_decimal(a) {
            Ok(Some(x)) => x,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        let y = match self.as_decimal(b) {
            Ok(Some(y)) => y,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        Some(self.decimal_arith(op, x, y))
    }

    fn decimal_arith(&mut self, op: BinOp, x: Decimal, y: Decimal) -> PyResult<Value> {
        let ovf = |it: &Interp| it.decimal_overflow();
        let r = match op {
            BinOp::Add => x.checked_add(y).ok_or_else(|| ovf(self))?,
            BinOp::Sub => x.checked_sub(y).ok_or_else(|| ovf(self))?,
            BinOp::Mul => to_context(x.checked_mul(y).ok_or_else(|| ovf(self))?),
            BinOp::Div => {
                if y.is_zero() {
                    return Err(if x.is_zero() {
                        self.decimal_exc("InvalidOperation", "DivisionUndefined")
                    } else {
                        self.decimal_exc("DivisionByZero", "DivisionByZero")
                    });
                }
                let q = x.checked_div(y).ok_or_else(|| ovf(self))?;
                // rust_decimal fills an inexact quotient to its full precision, and its product
                // check can round back to `x`, so an exact result is one with spare digits.
                let exact = digits_count(&q) < 28 && q.checked_mul(y) == Some(x);
                if exact {
                    let ideal = x.scale() as i64 - y.scale() as i64;
                    let mut n = q.normalize();
                    if ideal > n.scale() as i64 {
                        n.rescale(ideal.min(28) as u32);
                    }
                    n
                } else {
                    to_context(q)
                }
            }
            BinOp::FloorDiv | BinOp::Mod => {
                if y.is_zero() {
                    return Err(if x.is_zero() {
                        self.decimal_exc("InvalidOperation", "DivisionUndefined")
                    } else if op == BinOp::Mod {
                        self.decimal_exc("InvalidOperation", "InvalidOperation")
                    } else {
                        self.decimal_exc("DivisionByZero", "DivisionByZero")
                    });
                }
                if op == BinOp::Mod {
                    x.checked_rem(y).ok_or_else(|| ovf(self))?
                } else {
                    x.checked_div(y).ok_or_else(|| ovf(self))?.trunc()
                }
            }
            BinOp::Pow => {
                if y.is_integer() {
                    let n = y.to_i64().unwrap_or(0);
                    if n.unsigned_abs() > 10_000 {
                        return Err(self.decimal_overflow());
                    }
                    let mut acc = Decimal::ONE;
                    for _ in 0..n.unsigned_abs() {
                        acc = acc.checked_mul(x).ok_or_else(|| ovf(self))?;
                    }
                    if n < 0 {
                        if acc.is_zero() {
                            return Err(self.decimal_exc("DivisionByZero", "DivisionByZero"));
                        }
                        acc = to_context(Decimal::ONE.checked_div(acc).ok_or_else(|| ovf(self))?);
                    }
                    to_context(acc)
                } else {
                    let f = x.to_f64().unwrap_or(0.0).powf(y.to_f64().unwrap_or(0.0));
                    if !f.is_finite() {
                        return Err(self.decimal_exc("InvalidOperation", "InvalidOperation"));
                    }
                    to_context(Decimal::from_f64(f).ok_or_else(|| ovf(self))?)
                }
            }
            _ => {
                return Err(self.unsupported_operands(op, &Value::Decimal(x), &Value::Decimal(y)));
            }
        };
        Ok(Value::Decimal(r))
    }

    /// Compares a Decimal with a number; `None` when not comparable, `Some(None)` for NaN.
    pub(crate) fn decimal_cmp(&self, a: &Value, b: &Value) -> Option<Option<Ordering>> {
        let conv = |v: &Value| -> Option<Result<Decimal, f64>> {
            match v {
                Value::Decimal(d) => Some(Ok(*d)),
                Value::Float(f) => Some(Err(*f)),
                v if is_int(v) => {
                    let b = to_big(v)?;
                    match b
                        .to_i128()
                        .and_then(|i| Decimal::try_from_i128_with_scale(i, 0).ok())
                    {
                        Some(d) => Some(Ok(d)),
                        None => Some(Err(b.to_f64().unwrap_or(f64::INFINITY))),
                    }
                }
                _ => None,
            }
        };
        let x = conv(a)?;
        let y = conv(b)?;
        Some(match (x, y) {
            (Ok(x), Ok(y)) => Some(x.cmp(&y)),
            (Ok(x), Err(f)) => match Decimal::from_f64_retain(f) {
                Some(y) if f.is_finite() => Some(x.cmp(&y)),
                _ => x.to_f64().unwrap_or(0.0).partial_cmp(&f),
            },
            (Err(f), Ok(y)) => match Decimal::from_f64_retain(f) {
                Some(x) if f.is_finite() => Some(x.cmp(&y)),
                _ => f.partial_cmp(&y.to_f64().unwrap_or(0.0)),
            },
            (Err(f), Err(g)) => f.partial_cmp(&g),
        })
    }

    /// `round(Decimal[, n])`.
    pub(crate) fn round_decimal(&mut self, x: &Value, nd: Option<i64>) -> PyResult<Value> {
        let Value::Decimal(d) = x else {
            return Err(self.type_error("expected Decimal"));
        };
        match nd {
            None => {
                let r = d.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven);
                self.int_of(&Value::Decimal(r))
            }
            Some(n) if n >= 0 => {
                let n = n.min(28) as u32;
                let mut r = d.round_dp_with_strategy(n, RoundingStrategy::MidpointNearestEven);
                r.rescale(n);
                Ok(Value::Decimal(r))
            }
            Some(n) => {
                let p = Decimal::from_i128_with_scale(10i128.pow(((-n) as u32).min(28)), 0);
                let q = d
                    .checked_div(p)
                    .unwrap_or_default()
                    .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven);
                q.checked_mul(p)
                    .map(Value::Decimal)
                    .ok_or_else(|| self.decimal_overflow())
            }
        }
    }

    pub(crate) fn decimal_method(
        &mut self,
        d: &Decimal,
        name: &str,
        mut args: Args,
    ) -> PyResult<Value> {
        match name {
            "quantize" => {
                let kw =
                    self.take_kwargs(&mut args, "quantize", &["exp", "rounding", "context"])?;
                let exp = kw[0].clone().or_else(|| args.positional.first().cloned());
                let rounding = kw[1].clone().or_else(|| args.positional.get(1).cloned());
                let Some(exp) = exp else {
                    return Err(
                        self.type_error("quantize() missing required argument 'exp' (pos 1)")
                    );
                };
                let Some(e) = self.as_decimal(&exp)? else {
                    return Err(self.type_error(format!(
                        "conversion from {} to Decimal is not supported",
                        exp.tp_name()
                    )));
                };
                let strat = match &rounding {
                    None | Some(Value::None) => RoundingStrategy::MidpointNearestEven,
                    Some(Value::Str(s)) => match strategy(s) {
                        Some(s) => s,
                        None => return Err(self.type_error("valid values for rounding are: [ROUND_CEILING, ROUND_FLOOR, ROUND_UP, ROUND_DOWN, ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_05UP]")),
                    },
                    Some(v) => return Err(self.type_error(format!("rounding must be str, not {}", v.tp_name()))),
                };
                let scale = e.scale();
                let mut r = d.round_dp_with_strategy(scale, strat);
                r.rescale(scale);
                if r.scale() != scale {
                    return Err(self.decimal_exc("InvalidOperation", "InvalidOperation"));
                }
                Ok(Value::Decimal(r))
            }
            "normalize" => Ok(Value::Decimal(d.normalize())),
            "to_integral_value" | "to_integral" => Ok(Value::Decimal(
                d.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven),
            )),
            "copy_abs" => Ok(Value::Decimal(d.abs())),
            "copy_negate" => Ok(Value::Decimal(-*d)),
            "is_zero" => Ok(Value::Bool(d.is_zero())),
            "is_signed" => Ok(Value::Bool(d.is_sign_negative())),
            "is_finite" => Ok(Value::Bool(true)),
            "is_nan" => Ok(Value::Bool(false)),
            "adjusted" => {
                let (_, digits, exp) = parts(d);
                Ok(Value::Int(exp + digits.len() as i64 - 1))
            }
            "sqrt" => {
                if d.is_sign_negative() && !d.is_zero() {
                    return Err(self.decimal_exc("InvalidOperation", "InvalidOperation"));
                }
                let f = d.to_f64().unwrap_or(0.0).sqrt();
                Ok(Value::Decimal(Decimal::from_f64(f).unwrap_or_default()))
            }
            "as_integer_ratio" => {
                let n = d.normalize();
                let num = num_bigint::BigInt::from(n.mantissa());
                let den = num_traits::pow(num_bigint::BigInt::from(10), n.scale() as usize);
                let g = num_integer::Integer::gcd(&num, &den);
                Ok(Value::tuple(vec![
                    Value::from_bigint(num / &g),
                    Value::from_bigint(den / &g),
                ]))
            }
            _ => Err(self.attribute_error("decimal.Decimal", name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_follows_cpythons_to_sci_string() {
        // (value as written for rust_decimal, CPython's str(Decimal(...)))
        for (text, python) in [
            ("0", "0"),
            ("12.99", "12.99"),
            ("-12.50", "-12.50"),
            ("0.000001", "0.000001"),
            ("0.0000001", "1E-7"),
            ("0.00000012", "1.2E-7"),
            (
                "123456789012345678901234.5678",
                "123456789012345678901234.5678",
            ),
            ("0.05", "0.05"),
        ] {
            let d: Decimal = text.parse().unwrap();
            assert_eq!(decimal_str(&d), python, "{text}");
        }
    }
}
