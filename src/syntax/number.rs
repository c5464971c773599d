//! Values of NUMBER tokens: arbitrary-size ints (decimal, hex, octal, binary, with underscores),
//! floats and imaginary literals. The tokenizer has already checked the spelling.

use num_bigint::BigInt;

use super::ast::ExprKind;

/// CPython 3.11's default `sys.get_int_max_str_digits()`: longer decimal literals are rejected
/// (conversion is quadratic in the number of digits).
const MAX_DECIMAL_DIGITS: usize = 4300;

pub fn number_value(text: &str) -> Result<ExprKind, String> {
    // The common case, a plain decimal int that fits in 64 bits, without the general path's
    // copies (`pk=1`, `[:5]`).
    if text.len() <= 18
        && text.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = text.parse::<u64>()
    {
        return Ok(ExprKind::Int(BigInt::from(n)));
    }
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    if let Some(imag) = lower.strip_suffix('j') {
        return Ok(ExprKind::Imaginary(parse_float(imag)));
    }
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.contains(['.', 'e']) {
        return Ok(ExprKind::Float(parse_float(&lower)));
    } else {
        (10, lower.as_str())
    };
    if radix == 10 && digits.len() > MAX_DECIMAL_DIGITS {
        return Err(format!(
            "Exceeds the limit ({MAX_DECIMAL_DIGITS} digits) for integer string conversion: value has {} digits; \
             use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals \
             to avoid decimal conversion limits.",
            digits.len()
        ));
    }
    BigInt::parse_bytes(digits.as_bytes(), radix)
        .map(ExprKind::Int)
        .ok_or_else(|| "invalid syntax".to_string())
}

fn parse_float(s: &str) -> f64 {
    // The tokenizer only lets through what Rust's float syntax also accepts ("1.", ".5", "1e-3").
    s.parse::<f64>().unwrap_or(f64::NAN)
}
