//! Python values as Django's SQLite schema editor writes them into DDL: `quote_value`
//! (`'text'`, `1` for True, `NULL`), `str(float)` and `str(Decimal)` as Python prints them.

use num_bigint::BigInt;

/// A value after the field's `get_db_prep_value`, ready for `quote_value`.
#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// A `decimal.Decimal`, as `str()` prints it; SQLite's adapter turns it into a string.
    Decimal(String),
}

/// `DatabaseSchemaEditor.quote_value` of the SQLite backend (after `sqlite3.adapt`).
pub fn quote_value(v: &PyValue) -> String {
    match v {
        PyValue::None => "NULL".into(),
        PyValue::Bool(b) => if *b { "1" } else { "0" }.into(),
        PyValue::Int(i) => i.to_string(),
        PyValue::Float(f) => py_float_str(*f),
        PyValue::Str(s) | PyValue::Decimal(s) => format!("'{}'", s.replace('\'', "''")),
    }
}

/// Python's `str(float)` (the shortest repr, scientific below 1e-4 and from 1e16).
pub fn py_float_str(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1;
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let rest = if digits.len() > 1 {
            format!(".{}", &digits[1..])
        } else {
            String::new()
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{}{rest}e{esign}{:02}", &digits[..1], exp.abs())
    }
}

/// A decimal number as `decimal.Decimal` holds it: sign, coefficient digits, exponent.
#[derive(Debug, Clone, PartialEq)]
pub struct Decimal {
    negative: bool,
    digits: String,
    exp: i64,
}

impl Decimal {
    pub fn from_int(i: i64) -> Decimal {
        Decimal {
            negative: i < 0,
            digits: i.unsigned_abs().to_string(),
            exp: 0,
        }
    }

    /// `Decimal(str)`; `None` for text Python would reject.
    pub fn parse(s: &str) -> Option<Decimal> {
        let s = s.trim();
        let (negative, s) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (mant, exp) = match s.find(['e', 'E']) {
            Some(i) => (&s[..i], s[i + 1..].parse::<i64>().ok()?),
            None => (s, 0),
        };
        let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let all = format!("{int}{frac}");
        let trimmed = all.trim_start_matches('0');
        let digits = if trimmed.is_empty() {
            "0".to_string()
        } else {
            trimmed.to_string()
        };
        Some(Decimal {
            negative,
            digits,
            exp: exp - frac.len() as i64,
        })
    }

    /// `decimal.Context(prec=prec).create_decimal_from_float(f)`.
    pub fn from_float(f: f64, prec: u32) -> Option<Decimal> {
        if !f.is_finite() {
            return None;
        }
        let negative = f.is_sign_negative();
        let (mut digits, exp) = exact_float_digits(f.abs());
        let mut exp = exp;
        let prec = prec.max(1) as usize;
        if digits.len() > prec {
            let drop = digits.len() - prec;
            let (keep, rest) = digits.split_at(prec);
            let mut keep: Vec<u8> = keep.bytes().collect();
            let first = rest.as_bytes()[0];
            let tail_nonzero = rest.bytes().skip(1).any(|b| b != b'0');
            let last_odd = (keep[prec - 1] - b'0') % 2 == 1;
            let round_up = first > b'5' || (first == b'5' && (tail_nonzero || last_odd));
            if round_up {
                let mut i = prec;
                loop {
                    if i == 0 {
                        keep.insert(0, b'1');
                        keep.pop();
                        exp += 1;
                        break;
                    }
                    i -= 1;
                    if keep[i] == b'9' {
                        keep[i] = b'0';
                    } else {
                        keep[i] += 1;
                        break;
                    }
                }
            }
            digits = String::from_utf8(keep).unwrap_or_default();
            exp += drop as i64;
        }
        Some(Decimal {
            negative,
            digits,
            exp,
        })
    }
}

impl std::fmt::Display for Decimal {
    /// `str(Decimal)`: Python's `to_sci_string`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.negative { "-" } else { "" };
        let n = self.digits.len() as i64;
        let adjusted = self.exp + n - 1;
        if self.exp <= 0 && adjusted >= -6 {
            if self.exp == 0 {
                return write!(f, "{sign}{}", self.digits);
            }
            let point = n + self.exp;
            if point > 0 {
                let (a, b) = self.digits.split_at(point as usize);
                write!(f, "{sign}{a}.{b}")
            } else {
                write!(
                    f,
                    "{sign}0.{}{}",
                    "0".repeat((-point) as usize),
                    self.digits
                )
            }
        } else {
            let (a, b) = self.digits.split_at(1);
            let rest = if b.is_empty() {
                String::new()
            } else {
                format!(".{b}")
            };
            let esign = if adjusted < 0 { "-" } else { "+" };
            write!(f, "{sign}{a}{rest}E{esign}{}", adjusted.abs())
        }
    }
}

/// The exact decimal expansion of a finite non-negative float: (digits, exponent), as
/// `Decimal.from_float` builds it from `as_integer_ratio()`.
fn exact_float_digits(f: f64) -> (String, i64) {
    if f == 0.0 {
        return ("0".into(), 0);
    }
    let bits = f.to_bits();
    let raw_exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut m, mut e) = if raw_exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), raw_exp - 1075)
    };
    while m % 2 == 0 && e < 0 {
        m /= 2;
        e += 1;
    }
    if e >= 0 {
        let v = BigInt::from(m) << (e as usize);
        (v.to_string(), 0)
    } else {
        let k = (-e) as u32;
        let v = BigInt::from(m) * BigInt::from(5).pow(k);
        (v.to_string(), e)
    }
}

/// Python's `int(x)` for a float (truncation), or `None` when out of range.
pub fn float_to_int(f: f64) -> Option<i64> {
    let t = f.trunc();
    if t.is_finite() && t.abs() < 9.2e18 {
        Some(t as i64)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_python() {
        assert_eq!(py_float_str(1.5), "1.5");
        assert_eq!(py_float_str(2.0), "2.0");
        assert_eq!(py_float_str(1e16), "1e+16");
        assert_eq!(py_float_str(1e-5), "1e-05");
        assert_eq!(py_float_str(0.0001), "0.0001");
        assert_eq!(py_float_str(-12345.678), "-12345.678");
        assert_eq!(py_float_str(123456789012345.0), "123456789012345.0");
    }

    #[test]
    fn decimals_print_like_python() {
        assert_eq!(Decimal::parse("1.50").unwrap().to_string(), "1.50");
        assert_eq!(Decimal::parse("0.00").unwrap().to_string(), "0.00");
        assert_eq!(Decimal::parse("1e3").unwrap().to_string(), "1E+3");
        assert_eq!(Decimal::parse("0.0000001").unwrap().to_string(), "1E-7");
        assert_eq!(Decimal::from_int(0).to_string(), "0");
        assert_eq!(Decimal::from_float(1.5, 6).unwrap().to_string(), "1.5");
        assert_eq!(Decimal::from_float(0.1, 6).unwrap().to_string(), "0.100000");
        assert_eq!(Decimal::from_float(2.0, 6).unwrap().to_string(), "2");
        assert_eq!(
            Decimal::from_float(9.9999999, 3).unwrap().to_string(),
            "10.0"
        );
    }
}
