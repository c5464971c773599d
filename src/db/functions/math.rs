//! Django's numeric functions: `SIGN`, `BITXOR`, `COT`, `RAND`, and the math functions it
//! registers when SQLite lacks them (`ACOS` .. `TAN`), with Python's `math` module's errors
//! (domain error → ValueError, range error → OverflowError) and `**` semantics for `POWER`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::pyobj::as_float;
use super::{Arg, Out, PyErr, PyExc, PyResult};

/// `math_1` of CPython: NaN from a non-NaN → ValueError; ±inf from a finite → OverflowError
/// (if the function can overflow) or ValueError.
fn math_1(a: &Arg<'_>, f: fn(f64) -> f64, can_overflow: bool) -> PyResult<Out> {
    if *a == Arg::None {
        return Ok(Out::Null);
    }
    let x = as_float(a)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(PyErr::value("math domain error"));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            PyErr::overflow("math range error")
        } else {
            PyErr::value("math domain error")
        });
    }
    Ok(Out::Float(r))
}

pub(crate) fn acos(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    math_1(&a[0], f64::acos, false)
}
pub(crate) fn asin(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    math_1(&a[0], f64::asin, false)
}
pub(crate) fn atan(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    math_1(&a[0], f64::atan, false)
}
pub(crate) fn cos(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    math_1(&a[0], f64::cos, false)
}
pub(crate) fn sin(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    math_1(&a[0], f64::sin, false)
}
pub(crate) fn tan(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    math_1(&a[0], f64::tan, false)
}
pub(crate) fn sqrt(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    math_1(&a[0], f64::sqrt, false)
}
pub(crate) fn exp(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    math_1(&a[0], f64::exp, true)
}

pub(crate) fn atan2(a: &[Arg<'_>; 2]) -> PyResult<Out> {
    if a[0] == Arg::None || a[1] == Arg::None {
        return Ok(Out::Null);
    }
    Ok(Out::Float(as_float(&a[0])?.atan2(as_float(&a[1])?)))
}

pub(crate) fn degrees(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    if a[0] == Arg::None {
        return Ok(Out::Null);
    }
    Ok(Out::Float(
        as_float(&a[0])? * (180.0 / std::f64::consts::PI),
    ))
}

pub(crate) fn radians(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    if a[0] == Arg::None {
        return Ok(Out::Null);
    }
    Ok(Out::Float(
        as_float(&a[0])? * (std::f64::consts::PI / 180.0),
    ))
}

pub(crate) fn pi(_: &[Arg<'_>; 0]) -> PyResult<Out> {
    Ok(Out::Float(std::f64::consts::PI))
}

/// `math.ceil`/`math.floor`: an int stays as it is; a float becomes an int.
fn round_to_int(a: &Arg<'_>, f: fn(f64) -> f64) -> PyResult<Out> {
    match a {
        Arg::None => Ok(Out::Null),
        Arg::Int(i) => Ok(Out::Int(*i)),
        Arg::Float(x) => {
            if x.is_nan() {
                return Err(PyErr::value("cannot convert float NaN to integer"));
            }
            if x.is_infinite() {
                return Err(PyErr::overflow("cannot convert float infinity to integer"));
            }
            let r = f(*x);
            // Exactly representable i64 range: [-2^63, 2^63).
            if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&r) {
                Ok(Out::Int(r as i64))
            } else {
                Err(PyErr::overflow(
                    "Python int too large to convert to SQLite INTEGER",
                ))
            }
        }
        _ => Err(PyErr::type_error("must be real number")),
    }
}

pub(crate) fn ceiling(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    round_to_int(&a[0], f64::ceil)
}
pub(crate) fn floor(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    round_to_int(&a[0], f64::floor)
}

/// CPython's `m_log` (natural logarithm with ValueError for x <= 0).
fn py_log(x: f64) -> PyResult<f64> {
    if x.is_nan() || (x.is_infinite() && x > 0.0) {
        return Ok(x);
    }
    if x > 0.0 {
        Ok(x.ln())
    } else {
        Err(PyErr::value("math domain error"))
    }
}

pub(crate) fn ln(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    if a[0] == Arg::None {
        return Ok(Out::Null);
    }
    Ok(Out::Float(py_log(as_float(&a[0])?)?))
}

/// `_sqlite_log(base, x)` = `math.log(x, base)`.
pub(crate) fn log(a: &[Arg<'_>; 2]) -> PyResult<Out> {
    if a[0] == Arg::None || a[1] == Arg::None {
        return Ok(Out::Null);
    }
    let num = py_log(as_float(&a[1])?)?;
    let den = py_log(as_float(&a[0])?)?;
    if den == 0.0 {
        return Err(PyErr::new(
            PyExc::ZeroDivisionError,
            "float division by zero",
        ));
    }
    Ok(Out::Float(num / den))
}

/// `math.fmod(x, y)`.
pub(crate) fn modulo(a: &[Arg<'_>; 2]) -> PyResult<Out> {
    if a[0] == Arg::None || a[1] == Arg::None {
        return Ok(Out::Null);
    }
    let (x, y) = (as_float(&a[0])?, as_float(&a[1])?);
    if y.is_infinite() && x.is_finite() {
        return Ok(Out::Float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(PyErr::value("math domain error"));
    }
    Ok(Out::Float(r))
}

/// Python's `x ** y` for ints and floats.
pub(crate) fn power(a: &[Arg<'_>; 2]) -> PyResult<Out> {
    let (x, y) = (&a[0], &a[1]);
    if *x == Arg::None || *y == Arg::None {
        return Ok(Out::Null);
    }
    if let (Arg::Int(b), Arg::Int(e)) = (x, y)
        && *e >= 0
    {
        return int_pow(*b, *e).map(Out::Int);
    }
    let (fx, fy) = (as_float(x)?, as_float(y)?);
    float_pow(fx, fy).map(Out::Float)
}

fn int_pow(b: i64, e: i64) -> PyResult<i64> {
    let too_big = || PyErr::overflow("Python int too large to convert to SQLite INTEGER");
    match b {
        0 => Ok(if e == 0 { 1 } else { 0 }),
        1 => Ok(1),
        -1 => Ok(if e % 2 == 0 { 1 } else { -1 }),
        _ => u32::try_from(e)
            .ok()
            .and_then(|e| b.checked_pow(e))
            .ok_or_else(too_big),
    }
}

/// CPython's `float_pow`.
fn float_pow(x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Ok(1.0);
    }
    if x.is_nan() {
        return Ok(x);
    }
    if y.is_nan() {
        return Ok(if x == 1.0 { 1.0 } else { y });
    }
    if y.is_infinite() {
        let ax = x.abs();
        return Ok(if ax == 1.0 {
            1.0
        } else if (y > 0.0) == (ax > 1.0) {
            f64::INFINITY
        } else {
            0.0
        });
    }
    let y_is_odd_int = y.fract() == 0.0 && (y % 2.0).abs() == 1.0;
    if x.is_infinite() {
        return Ok(if y > 0.0 {
            if y_is_odd_int { x } else { x.abs() }
        } else if y_is_odd_int {
            0.0f64.copysign(x)
        } else {
            0.0
        });
    }
    if x == 0.0 {
        if y < 0.0 {
            return Err(PyErr::new(
                PyExc::ZeroDivisionError,
                "0.0 cannot be raised to a negative power",
            ));
        }
        return Ok(if y_is_odd_int { x } else { 0.0 });
    }
    if x < 0.0 && y.fract() != 0.0 {
        // Python returns a complex number, which SQLite cannot store.
        return Err(PyErr::type_error("complex result"));
    }
    let r = x.powf(y);
    if r.is_infinite() {
        return Err(PyErr::overflow("Numerical result out of range"));
    }
    Ok(r)
}

/// `_sqlite_sign(x)`: `(x > 0) - (x < 0)`.
pub(crate) fn sign(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    Ok(match a[0] {
        Arg::None => Out::Null,
        Arg::Int(i) => Out::Int(i.signum()),
        Arg::Float(f) => Out::Int(i64::from(f > 0.0) - i64::from(f < 0.0)),
        _ => return Err(PyErr::type_error("'>' not supported")),
    })
}

/// `_sqlite_bitxor(x, y)`: `x ^ y` on ints.
pub(crate) fn bitxor(a: &[Arg<'_>; 2]) -> PyResult<Out> {
    Ok(match (a[0], a[1]) {
        (Arg::None, _) | (_, Arg::None) => Out::Null,
        (Arg::Int(x), Arg::Int(y)) => Out::Int(x ^ y),
        _ => return Err(PyErr::type_error("unsupported operand type(s) for ^")),
    })
}

/// `_sqlite_cot(x)`: `1 / tan(x)`.
pub(crate) fn cot(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    let Out::Float(t) = math_1(&a[0], f64::tan, false)? else {
        return Ok(Out::Null);
    };
    if t == 0.0 {
        return Err(PyErr::new(
            PyExc::ZeroDivisionError,
            "float division by zero",
        ));
    }
    Ok(Out::Float(1.0 / t))
}

/// `random.random()`: a float in [0, 1) (xorshift64*, seeded from the process's hasher seed
/// and the clock; not reproducible, as in Python).
pub(crate) fn rand(_: &[Arg<'_>; 0]) -> PyResult<Out> {
    static STATE: Mutex<u64> = Mutex::new(0);
    static SEEDS: AtomicU64 = AtomicU64::new(0);
    let mut state = STATE
        .lock()
        .map_err(|_| PyErr::value("random state poisoned"))?;
    if *state == 0 {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(SEEDS.fetch_add(1, Ordering::Relaxed));
        if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            h.write_u128(t.as_nanos());
        }
        *state = h.finish() | 1;
    }
    let mut x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
    Ok(Out::Float((r >> 11) as f64 / (1u64 << 53) as f64))
}
