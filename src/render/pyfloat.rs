//! Python's `repr(float)`: the shortest text that round-trips, in Python's spelling
//! (`1.0`, `1e+100`, `1e-05`, `inf`, `nan`).

pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Positional range (1e-4 <= |x| < 1e16, where Python's repr writes no exponent): Rust's
    // `Display` writes the same shortest round-trip digits positionally, without the `.0` of
    // a whole number.
    if (1e-4..1e16).contains(&x.abs()) {
        let mut s = x.to_string();
        if !s.contains('.') {
            s.push_str(".0");
        }
        return s;
    }
    from_scientific(x)
}

/// Python's repr of a finite, non-zero `x` from its shortest digits in scientific form: the
/// general path, which the positional fast path above must agree with (see the test).
fn from_scientific(x: f64) -> String {
    // Rust's `{:e}` gives the shortest round-trip digits: d.ddddde<exp>.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exp) {
        // Positional notation, as Python's repr uses for 1e-4 <= |x| < 1e16.
        let point = exp + 1;
        let body = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits.clone()
        };
        let esign = if exp < 0 { "-" } else { "+" };
        format!("{sign}{m}e{esign}{:02}", exp.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The positional fast path writes what the general path writes, across the range and at
    /// its edges; and both spell what CPython's repr spells.
    #[test]
    fn the_fast_path_agrees_with_the_general_one() {
        let mut xs = vec![
            1e-4,
            9_999_999_999_999_998.0,
            1e16,
            0.1,
            0.5,
            1.0,
            2.5,
            1e15,
            123456.789,
        ];
        let mut v = 1.234_567_891_234_5e-5_f64;
        while v < 1e17 {
            xs.push(v);
            xs.push(-v);
            xs.push(v.next_up());
            v *= 3.7;
        }
        for x in xs {
            assert_eq!(float_repr(x), from_scientific(x), "{x:e}");
        }
        for (x, py) in [
            (1e-4, "0.0001"),
            (9.999e-5, "9.999e-05"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (9_999_999_999_999_998.0, "9999999999999998.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (123456.789, "123456.789"),
        ] {
            assert_eq!(float_repr(x), py);
        }
    }
}
