//! Python-like values and operations (`int()`, `repr(float)`, `*`, `/`, ...) that Django's SQLite
//! functions rely on.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

/// A function argument as Python's `sqlite3` converts it: `None`, `int`, `float`, `str`, `bytes`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Arg<'a> {
    None,
    Int(i64),
    Float(f64),
    Str(&'a str),
    Bytes(&'a [u8]),
}

/// A function result (Python `None`/`bool`/`int`/`float`/`str`/`bytes`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Out {
    Null,
    Int(i64),
    Float(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// The Python exception classes the functions can raise (what matters is which ones Django's
/// code catches).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PyExc {
    ValueError,
    TypeError,
    IndexError,
    OverflowError,
    AttributeError,
    ZeroDivisionError,
    KeyError,
    StatisticsError,
    ReError,
    MemoryError,
    UnicodeDecodeError,
    /// Not a Python exception: the result exceeds SQLite's length limit, so SQLite refuses it
    /// with `SQLITE_TOOBIG` ("string or blob too big", a DataError).
    TooBig,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PyErr {
    pub kind: PyExc,
    pub message: &'static str,
}

impl PyErr {
    pub fn new(kind: PyExc, message: &'static str) -> PyErr {
        PyErr { kind, message }
    }
    pub fn value(message: &'static str) -> PyErr {
        PyErr::new(PyExc::ValueError, message)
    }
    pub fn type_error(message: &'static str) -> PyErr {
        PyErr::new(PyExc::TypeError, message)
    }
    pub fn overflow(message: &'static str) -> PyErr {
        PyErr::new(PyExc::OverflowError, message)
    }
    pub fn attribute(message: &'static str) -> PyErr {
        PyErr::new(PyExc::AttributeError, message)
    }
    /// True for the exceptions Django's `except (ValueError, TypeError)` blocks catch.
    pub fn is_value_or_type(&self) -> bool {
        matches!(self.kind, PyExc::ValueError | PyExc::TypeError)
    }
}

/// Python's `str.isspace()` (approximated with Unicode `White_Space` plus U+001C..U+001F).
pub(crate) fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()` without arguments.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(py_isspace)
}

/// Python's `str.split()` without arguments.
pub(crate) fn py_split_whitespace(s: &str) -> impl Iterator<Item = &str> {
    s.split(py_isspace).filter(|p| !p.is_empty())
}

/// A Python `int` parsed from text: small enough for `i64`, or not (then only its sign is kept;
/// the callers only need to know it overflows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PyInt {
    Small(i64),
    Big { negative: bool },
}

impl PyInt {
    /// The value as a C `int` (what `datetime`'s constructors accept), or OverflowError.
    pub fn to_c_int(self) -> Result<i32, PyErr> {
        match self {
            PyInt::Small(v) => i32::try_from(v).map_err(|_| {
                PyErr::overflow("signed integer is greater than maximum / less than minimum")
            }),
            PyInt::Big { .. } => Err(PyErr::overflow("Python int too large to convert to C int")),
        }
    }
}

/// The first code point (digit zero) of each run of ten Unicode decimal digits (category Nd,
/// Unicode 14 as in Python 3.11's `unicodedata`).
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of a Unicode decimal digit (what `int()` accepts as a digit).
pub(crate) fn decimal_digit(c: char) -> Option<u32> {
    let v = c as u32;
    if c.is_ascii() {
        return c.to_digit(10);
    }
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= v);
    let zero = *DECIMAL_ZEROS.get(i.checked_sub(1)?)?;
    (v - zero < 10).then_some(v - zero)
}

/// Python's `int(s)` for a `str` in base 10: surrounding whitespace, a sign, single underscores
/// between digits, and any Unicode decimal digits are accepted. More than 4300 digits is a
/// ValueError, as in Python 3.11.
pub(crate) fn py_int(s: &str) -> Result<PyInt, PyErr> {
    const INVALID: &str = "invalid literal for int() with base 10";
    let t = py_strip(s);
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() {
        return Err(PyErr::value(INVALID));
    }
    let mut value: Option<i64> = Some(0);
    let mut prev_underscore = true; // no leading underscore
    let mut count = 0usize;
    for c in digits.chars() {
        if let Some(d) = decimal_digit(c) {
            count += 1;
            let d = i64::from(d);
            value = value.and_then(|v| v.checked_mul(10)).and_then(|v| {
                if negative {
                    v.checked_sub(d)
                } else {
                    v.checked_add(d)
                }
            });
            prev_underscore = false;
        } else if c == '_' && !prev_underscore {
            prev_underscore = true;
        } else {
            return Err(PyErr::value(INVALID));
        }
    }
    if prev_underscore {
        return Err(PyErr::value(INVALID));
    }
    if count > 4300 {
        return Err(PyErr::value(
            "Exceeds the limit (4300 digits) for integer string conversion",
        ));
    }
    Ok(match value {
        Some(v) => PyInt::Small(v),
        None => PyInt::Big { negative },
    })
}

/// Python's `repr(float)` / `str(float)`: the shortest round-tripping digits, in positional form
/// for decimal exponents -4..16 and scientific (`1e+16`, `1.5e-05`) otherwise.
pub(crate) fn py_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let sci = format!("{:e}", x.abs()); // e.g. "1.2345e-5", "1e100"
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if x < 0.0 { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let body = if exp < 0 {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        } else if exp + 1 >= n {
            format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
        } else {
            let (a, b) = digits.split_at((exp + 1) as usize);
            format!("{a}.{b}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{frac}e{esign}{:02}", exp.abs())
    }
}

/// Python's `repr(bytes)`.
pub(crate) fn py_bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}

/// Python's `str(value)` for an argument.
pub(crate) fn py_str(a: &Arg<'_>) -> String {
    match a {
        Arg::None => "None".to_string(),
        Arg::Int(i) => i.to_string(),
        Arg::Float(f) => py_float_repr(*f),
        Arg::Str(s) => (*s).to_string(),
        Arg::Bytes(b) => py_bytes_repr(b),
    }
}

/// SQLite's default maximum string/blob length (`SQLITE_LIMIT_LENGTH`).
pub(crate) const MAX_RESULT_LEN: usize = 1_000_000_000;
/// Products beyond this many bytes are taken to fail in Python itself (MemoryError/OverflowError);
/// smaller ones Python builds, and then SQLite refuses them as too big.
const PYTHON_ALLOCATABLE: usize = 1 << 34;

/// Checks the size of a Python `seq * n` result of `len * n` bytes.
pub(crate) fn check_product_size(len: usize, n: i64) -> Result<(), PyErr> {
    if n <= 0 || len == 0 {
        return Ok(());
    }
    let total = usize::try_from(n).ok().and_then(|n| len.checked_mul(n));
    match total {
        Some(t) if t <= MAX_RESULT_LEN => Ok(()),
        Some(t) if t <= PYTHON_ALLOCATABLE => {
            Err(PyErr::new(PyExc::TooBig, "string or blob too big"))
        }
        _ => Err(PyErr::new(
            PyExc::MemoryError,
            "repeated sequence is too long",
        )),
    }
}

/// Python's `seq * n` for a sequence of `len` bytes: the repeat count.
fn repeat_count(len: usize, n: i64) -> Result<usize, PyErr> {
    check_product_size(len, n)?;
    Ok(usize::try_from(n.max(0)).unwrap_or(0))
}

/// Python's `a * b` on argument values (`int`, `float`, `str * int`, `bytes * int`, ...).
pub(crate) fn py_mul(a: &Arg<'_>, b: &Arg<'_>) -> Result<Out, PyErr> {
    const UNSUPPORTED: &str = "unsupported operand type(s) for *";
    Ok(match (a, b) {
        (Arg::Int(x), Arg::Int(y)) => {
            Out::Int(x.checked_mul(*y).ok_or_else(|| {
                PyErr::overflow("Python int too large to convert to SQLite INTEGER")
            })?)
        }
        (Arg::Int(x), Arg::Float(y)) => Out::Float(*x as f64 * y),
        (Arg::Float(x), Arg::Int(y)) => Out::Float(x * *y as f64),
        (Arg::Float(x), Arg::Float(y)) => Out::Float(x * y),
        (Arg::Str(s), Arg::Int(n)) | (Arg::Int(n), Arg::Str(s)) => {
            Out::Text(s.repeat(repeat_count(s.len(), *n)?))
        }
        (Arg::Bytes(s), Arg::Int(n)) | (Arg::Int(n), Arg::Bytes(s)) => {
            Out::Blob(s.repeat(repeat_count(s.len(), *n)?))
        }
        _ => return Err(PyErr::type_error(UNSUPPORTED)),
    })
}

/// Python's `a / b` (true division) on argument values.
pub(crate) fn py_truediv(a: &Arg<'_>, b: &Arg<'_>) -> Result<Out, PyErr> {
    const ZERO: &str = "division by zero";
    Ok(Out::Float(match (a, b) {
        (Arg::Int(x), Arg::Int(y)) => {
            if *y == 0 {
                return Err(PyErr::new(PyExc::ZeroDivisionError, ZERO));
            }
            int_true_divide(*x, *y)?
        }
        (Arg::Int(_) | Arg::Float(_), Arg::Int(_) | Arg::Float(_)) => {
            let x = as_float(a)?;
            let y = as_float(b)?;
            if y == 0.0 {
                return Err(PyErr::new(PyExc::ZeroDivisionError, ZERO));
            }
            x / y
        }
        _ => return Err(PyErr::type_error("unsupported operand type(s) for /")),
    }))
}

/// `float(x)` for an `int` or `float` argument (TypeError otherwise, as `math` functions do).
pub(crate) fn as_float(a: &Arg<'_>) -> Result<f64, PyErr> {
    match a {
        Arg::Int(i) => Ok(*i as f64),
        Arg::Float(f) => Ok(*f),
        _ => Err(PyErr::type_error("must be real number")),
    }
}

/// Python's `int / int`: correctly rounded.
pub(crate) fn int_true_divide(x: i64, y: i64) -> Result<f64, PyErr> {
    const EXACT: i64 = 1 << 53;
    if (-EXACT..=EXACT).contains(&x) && (-EXACT..=EXACT).contains(&y) {
        return Ok(x as f64 / y as f64);
    }
    big_ratio_to_f64(&BigInt::from(x), &BigInt::from(y))
}

/// `n / d` for Python ints, correctly rounded (round-half-even, subnormals included);
/// OverflowError when too large for a float. `d` must not be zero.
pub(crate) fn big_ratio_to_f64(n: &BigInt, d: &BigInt) -> Result<f64, PyErr> {
    if d.is_zero() {
        return Err(PyErr::new(PyExc::ZeroDivisionError, "division by zero"));
    }
    let negative = n.is_negative() != d.is_negative();
    let a = n.abs();
    let b = d.abs();
    if a.is_zero() {
        return Ok(if negative { -0.0 } else { 0.0 });
    }
    // x = floor(a * 2^s / b) with 55..=57 bits; value = (x + sticky) * 2^-s.
    let s: i64 = 55 - (a.bits() as i64 - b.bits() as i64);
    let (num, den) = if s >= 0 {
        (a << (s as usize), b)
    } else {
        (a, b << ((-s) as usize))
    };
    let x = &num / &den;
    let sticky = !(&num % &den).is_zero();
    let xbits = x.bits() as i64;
    let e = xbits - 1 - s; // value in [2^e, 2^(e+1))
    let lsb_exp = (e - 52).max(-1074); // weight of the last kept bit
    let drop = lsb_exp + s; // bits of x to drop (>= 1)
    let (mut m, round_up) = if drop <= 0 {
        (x.to_u64().unwrap_or(0) << ((-drop) as u32), false)
    } else {
        let dropu = drop as usize;
        let kept: BigInt = &x >> dropu;
        let rem: BigInt = &x - (&kept << dropu);
        let half: BigInt = BigInt::from(1u8) << (dropu - 1);
        let kept = kept.to_u64().unwrap_or(0);
        let up = rem > half || (rem == half && (sticky || kept & 1 == 1));
        (kept, up)
    };
    if round_up {
        m += 1;
    }
    let value = ldexp(m, lsb_exp); // m's last bit weighs 2^lsb_exp

    if value.is_infinite() {
        return Err(PyErr::overflow(
            "integer division result too large for a float",
        ));
    }
    Ok(if negative { -value } else { value })
}

/// `m * 2^exp`, exact whenever the result is representable (m < 2^54).
fn ldexp(m: u64, exp: i64) -> f64 {
    let mut v = m as f64;
    let mut e = exp;
    while e > 0 {
        let step = e.min(1000);
        v *= f64::powi(2.0, step as i32);
        e -= step;
        if v.is_infinite() {
            return v;
        }
    }
    while e < 0 {
        // Go down in two steps at the end so that only the last multiplication can round
        // (and it is exact because m was already rounded to the subnormal grid).
        let step = (-e).min(1000);
        v *= f64::powi(2.0, -(step as i32));
        e += step;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_python() {
        assert_eq!(py_float_repr(1.5), "1.5");
        assert_eq!(py_float_repr(1e16), "1e+16");
        assert_eq!(py_float_repr(1e15), "1000000000000000.0");
        assert_eq!(py_float_repr(0.0001), "0.0001");
        assert_eq!(py_float_repr(0.00001), "1e-05");
        assert_eq!(py_float_repr(-2.5e-7), "-2.5e-07");
        assert_eq!(
            py_float_repr(123456789012345678.0),
            "1.2345678901234568e+17"
        );
        assert_eq!(py_float_repr(100.0), "100.0");
        assert_eq!(py_float_repr(0.1), "0.1");
    }

    #[test]
    fn ratio_is_correctly_rounded() {
        let r = |a: i64, b: i64| big_ratio_to_f64(&BigInt::from(a), &BigInt::from(b)).unwrap();
        assert_eq!(r(1, 3), 1.0 / 3.0);
        assert_eq!(r(2, 3), 2.0 / 3.0);
        assert_eq!(r(-7, 2), -3.5);
        assert_eq!(r(i64::MAX, 1), i64::MAX as f64);
        assert_eq!(r(i64::MAX, 3), 3074457345618258602.0);
        let tiny = big_ratio_to_f64(&BigInt::from(1), &(BigInt::from(1) << 1074usize)).unwrap();
        assert_eq!(tiny, f64::from_bits(1));
        let huge = big_ratio_to_f64(&(BigInt::from(1) << 1024usize), &BigInt::from(1));
        assert!(huge.is_err());
    }

    #[test]
    fn int_parsing() {
        assert_eq!(py_int(" 12 "), Ok(PyInt::Small(12)));
        assert_eq!(py_int("1_000"), Ok(PyInt::Small(1000)));
        assert!(py_int("1__0").is_err());
        assert!(py_int("_1").is_err());
        assert!(py_int("").is_err());
        assert_eq!(py_int("-0"), Ok(PyInt::Small(0)));
        assert_eq!(
            py_int("99999999999999999999"),
            Ok(PyInt::Big { negative: false })
        );
    }
}
