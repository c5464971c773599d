//! Django turns a float given to a DecimalField into a Decimal with
//! `Context(prec=max_digits).create_decimal_from_float(x)` and SQLite's adapter binds `str()` of
//! it. So `price__gt=0.15` sends `'0.150000'` (6 significant digits for `max_digits=6`) and an
//! expression's DecimalField (no max_digits, the default 28 digits) sends
//! `'0.1499999999999999944488848769'`. This module reproduces that text exactly.

use num_bigint::BigUint;

/// Python's default decimal context precision, used when the field has no `max_digits`.
const DEFAULT_PRECISION: usize = 28;

/// `str(Context(prec=max_digits or 28).create_decimal_from_float(x))`.
pub fn float_to_decimal_text(x: f64, max_digits: u32) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let prec = if max_digits == 0 {
        DEFAULT_PRECISION
    } else {
        max_digits as usize
    };
    let (digits, exp) = exact_digits(x.abs());
    let (digits, exp) = round_half_even(digits, exp, prec);
    let sign = if x.is_sign_negative() { "-" } else { "" };
    format!("{sign}{}", python_decimal_str(&digits, exp))
}

/// The exact value of a non-negative finite float as (coefficient digits, base-10 exponent),
/// as `Decimal.from_float` builds it from the reduced ratio n / 2**k: n·5**k × 10**-k.
fn exact_digits(x: f64) -> (String, i64) {
    if x == 0.0 {
        return ("0".into(), 0);
    }
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1u64 << 52) - 1);
    let (mut mantissa, mut exp2) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), exponent - 1075)
    };
    while mantissa % 2 == 0 && exp2 < 0 {
        mantissa /= 2;
        exp2 += 1;
    }
    if exp2 >= 0 {
        let n = BigUint::from(mantissa) << (exp2 as usize);
        (n.to_string(), 0)
    } else {
        let k = (-exp2) as u32;
        let n = BigUint::from(mantissa) * BigUint::from(5u32).pow(k);
        (n.to_string(), -(k as i64))
    }
}

/// Rounds the coefficient to `prec` significant digits (ROUND_HALF_EVEN, the context default).
fn round_half_even(digits: String, exp: i64, prec: usize) -> (String, i64) {
    if digits.len() <= prec {
        return (digits, exp);
    }
    let dropped = digits.len() - prec;
    let (keep, rest) = digits.split_at(prec);
    let first = rest.as_bytes()[0];
    let tail_nonzero = rest[1..].bytes().any(|b| b != b'0');
    let last_odd = (keep.as_bytes()[prec - 1] - b'0') % 2 == 1;
    let up = first > b'5' || (first == b'5' && (tail_nonzero || last_odd));
    let mut out = keep.as_bytes().to_vec();
    let mut exp = exp + dropped as i64;
    if up {
        let mut i = out.len();
        loop {
            if i == 0 {
                out.insert(0, b'1');
                break;
            }
            i -= 1;
            if out[i] == b'9' {
                out[i] = b'0';
            } else {
                out[i] += 1;
                break;
            }
        }
        if out.len() > prec {
            out.pop();
            exp += 1;
        }
    }
    (String::from_utf8(out).unwrap_or_default(), exp)
}

/// `Decimal.__str__`: plain notation unless the exponent is positive or the value is tiny.
fn python_decimal_str(digits: &str, exp: i64) -> String {
    let left_digits = exp + digits.len() as i64;
    let dot_place = if exp <= 0 && left_digits > -6 {
        left_digits
    } else {
        1
    };
    let (int_part, frac_part) = if dot_place <= 0 {
        (
            "0".to_string(),
            format!(".{}{digits}", "0".repeat((-dot_place) as usize)),
        )
    } else if dot_place as usize >= digits.len() {
        (
            format!("{digits}{}", "0".repeat(dot_place as usize - digits.len())),
            String::new(),
        )
    } else {
        let (a, b) = digits.split_at(dot_place as usize);
        (a.to_string(), format!(".{b}"))
    };
    let exp_part = if left_digits == dot_place {
        String::new()
    } else {
        format!("E{:+}", left_digits - dot_place)
    };
    format!("{int_part}{frac_part}{exp_part}")
}

#[cfg(test)]
mod tests {
    use super::float_to_decimal_text as t;

    #[test]
    fn matches_python() {
        assert_eq!(t(12.5, 6), "12.5");
        assert_eq!(t(0.15, 6), "0.150000");
        assert_eq!(t(9.999, 6), "9.99900");
        assert_eq!(t(1234567.5, 6), "1.23457E+6");
        assert_eq!(t(20.1, 0), "20.10000000000000142108547152");
        assert_eq!(t(0.15, 0), "0.1499999999999999944488848769");
        assert_eq!(t(100.0, 6), "100");
        assert_eq!(t(-2.5, 6), "-2.5");
        assert_eq!(t(0.0, 6), "0");
        assert_eq!(t(1e-7, 6), "1.00000E-7");
        assert_eq!(t(99.9999999, 6), "100.000");
    }
}
