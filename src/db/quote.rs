//! SQLite's `QUOTE()` as the SQLite of Django's reference setup (3.51, via pysqlite3) prints it,
//! computed in Rust: the `connection.queries` text must not depend on the bundled SQLite's
//! version (3.54 prints REAL values differently: `1000000000000000.0` instead of `1.0e+15`,
//! 17 significant digits instead of `%!.20e`), and needs no extra query per logged statement.
//!
//! REAL: `%!0.15g`, and if that text does not read back (with SQLite's own `sqlite3AtoF`) as the
//! same double, `%!0.20e`; both with SQLite's Dekker double-double decimal conversion
//! (`sqlite3FpDecode`). Infinity prints as `9.0e+999`. TEXT stops at a NUL character, as `%Q`
//! does. BLOB is `X'..'` in upper-case hex.

use super::SqlValue;

/// `QUOTE(value)` as SQLite 3.51 computes it.
pub fn sqlite_quote(v: &SqlValue) -> String {
    match v {
        SqlValue::Null => "NULL".to_string(),
        SqlValue::Integer(i) => i.to_string(),
        SqlValue::Real(r) => quote_real(*r),
        SqlValue::Text(s) => {
            let s = s.split('\0').next().unwrap_or("");
            let mut out = String::with_capacity(s.len() + 2);
            out.push('\'');
            for c in s.chars() {
                if c == '\'' {
                    out.push('\'');
                }
                out.push(c);
            }
            out.push('\'');
            out
        }
        SqlValue::Blob(b) => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            let mut out = String::with_capacity(3 + 2 * b.len());
            out.push_str("X'");
            for byte in b {
                out.push(HEX[usize::from(byte >> 4)] as char);
                out.push(HEX[usize::from(byte & 15)] as char);
            }
            out.push('\'');
            out
        }
    }
}

fn quote_real(r: f64) -> String {
    if r.is_nan() {
        return "NULL".to_string(); // SQLite stores NaN as NULL
    }
    let text = printf_float(r, 15, true);
    if sqlite_atof(&text) == r {
        text
    } else {
        printf_float(r, 20, false)
    }
}

/// Dekker double-double multiplication `(x[0], x[1]) *= (y, yy)` (SQLite's `dekkerMul2`).
fn dekker_mul2(x: &mut [f64; 2], y: f64, yy: f64) {
    const MASK: u64 = 0xffff_ffff_fc00_0000;
    let hx = f64::from_bits(x[0].to_bits() & MASK);
    let tx = x[0] - hx;
    let hy = f64::from_bits(y.to_bits() & MASK);
    let ty = y - hy;
    let p = hx * hy;
    let q = hx * ty + tx * hy;
    let c = p + q;
    let mut cc = p - c + q + tx * ty;
    #[allow(clippy::assign_op_pattern)] // keep the C expression order
    {
        cc = x[0] * yy + x[1] * y + cc;
    }
    x[0] = c + cc;
    x[1] = c - x[0];
    x[1] += cc;
}

/// `sqlite3FpDecode` (Dekker version): significant digits (trailing zeros removed) and the
/// position of the decimal point, rounded to `round` digits (at most `max_round`).
fn fp_decode(r: f64, round: usize, max_round: usize) -> (Vec<u8>, i32) {
    debug_assert!(r > 0.0 && r.is_finite());
    let mut rr = [r, 0.0];
    let mut exp: i32 = 0;
    if rr[0] > 9.223_372_036_854_775e18 {
        while rr[0] > 9.223_372_036_854_774e118 {
            exp += 100;
            dekker_mul2(&mut rr, 1.0e-100, -1.999_189_980_260_288_3e-117);
        }
        while rr[0] > 9.223_372_036_854_774e28 {
            exp += 10;
            dekker_mul2(&mut rr, 1.0e-10, -3.643_219_731_549_774e-27);
        }
        while rr[0] > 9.223_372_036_854_775e18 {
            exp += 1;
            dekker_mul2(&mut rr, 1.0e-01, -5.551_115_123_125_783e-18);
        }
    } else {
        while rr[0] < 9.223_372_036_854_775e-83 {
            exp -= 100;
            dekker_mul2(&mut rr, 1.0e100, -1.590_289_110_975_991_8e83);
        }
        while rr[0] < 9.223_372_036_854_775e7 {
            exp -= 10;
            dekker_mul2(&mut rr, 1.0e10, 0.0);
        }
        while rr[0] < 9.223_372_036_854_775e17 {
            exp -= 1;
            dekker_mul2(&mut rr, 1.0e1, 0.0);
        }
    }
    let v: u64 = if rr[1] < 0.0 {
        (rr[0] as u64).wrapping_sub((-rr[1]) as u64)
    } else {
        (rr[0] as u64).wrapping_add(rr[1] as u64)
    };
    let mut digits: Vec<u8> = v.to_string().into_bytes();
    let mut idp = digits.len() as i32 + exp;
    if round > 0 && (round < digits.len() || digits.len() > max_round) {
        let round = round.min(max_round);
        let up = digits.get(round).is_some_and(|&d| d >= b'5');
        digits.truncate(round);
        if up {
            let mut j = round;
            loop {
                if j == 0 {
                    digits.insert(0, b'1');
                    idp += 1;
                    break;
                }
                j -= 1;
                if digits[j] == b'9' {
                    digits[j] = b'0';
                } else {
                    digits[j] += 1;
                    break;
                }
            }
        }
    }
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, idp)
}

/// SQLite's `%!0.<precision>g` (`generic`) or `%!0.<precision>e` for a non-NaN double.
fn printf_float(r: f64, precision: usize, generic: bool) -> String {
    let negative = r < 0.0;
    let a = r.abs();
    let (digits, idp) = if a == 0.0 {
        (vec![b'0'], 1)
    } else if a.is_infinite() {
        (vec![b'9'], 1000) // the '0' (zero-pad) flag prints infinity as 9.0e+999
    } else {
        let round = if generic { precision } else { precision + 1 };
        fp_decode(a, round, 26)
    };
    let exp10 = idp - 1;
    let mut precision = precision as i32;
    if generic && precision > 0 {
        precision -= 1;
    }
    let use_exp = !generic || exp10 < -4 || exp10 > precision;
    if generic && !use_exp {
        precision -= exp10;
    }
    let mut e2 = if use_exp { 0 } else { idp - 1 };
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    let mut j = 0usize;
    let mut next_digit = || {
        let d = digits.get(j).map_or('0', |&d| d as char);
        j += 1;
        d
    };
    if e2 < 0 {
        out.push('0');
    } else {
        while e2 >= 0 {
            out.push(next_digit());
            e2 -= 1;
        }
    }
    out.push('.');
    e2 += 1;
    while e2 < 0 && precision > 0 {
        out.push('0');
        precision -= 1;
        e2 += 1;
    }
    while precision > 0 {
        out.push(next_digit());
        precision -= 1;
    }
    // Remove trailing zeros, keeping one digit after the point ('!' flag).
    while out.ends_with('0') {
        out.pop();
    }
    if out.ends_with('.') {
        out.push('0');
    }
    if use_exp {
        let mut e = idp - 1;
        out.push('e');
        if e < 0 {
            out.push('-');
            e = -e;
        } else {
            out.push('+');
        }
        if e >= 100 {
            out.push(char::from(b'0' + (e / 100) as u8));
            e %= 100;
        }
        out.push(char::from(b'0' + (e / 10) as u8));
        out.push(char::from(b'0' + (e % 10) as u8));
    }
    out
}

/// SQLite's `sqlite3AtoF` (Dekker version) for the texts `printf_float` produces.
fn sqlite_atof(z: &str) -> f64 {
    let b = z.as_bytes();
    let mut i = 0;
    let mut sign = 1.0;
    if b.first() == Some(&b'-') {
        sign = -1.0;
        i += 1;
    }
    let mut s: u64 = 0;
    let mut d: i32 = 0;
    const LIMIT: u64 = (u64::MAX - 9) / 10;
    while i < b.len() && b[i].is_ascii_digit() {
        s = s * 10 + u64::from(b[i] - b'0');
        i += 1;
        if s >= LIMIT {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
                d += 1;
            }
        }
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            if s < LIMIT {
                s = s * 10 + u64::from(b[i] - b'0');
                d -= 1;
            }
            i += 1;
        }
    }
    let mut e: i32 = 0;
    let mut esign = 1;
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && b[i] == b'-' {
            esign = -1;
            i += 1;
        } else if i < b.len() && b[i] == b'+' {
            i += 1;
        }
        while i < b.len() && b[i].is_ascii_digit() {
            e = if e < 10000 {
                e * 10 + i32::from(b[i] - b'0')
            } else {
                10000
            };
            i += 1;
        }
    }
    if s == 0 {
        return if sign < 0.0 { -0.0 } else { 0.0 };
    }
    e = e * esign + d;
    while e > 0 && s < (u64::MAX - 0x7ff) / 10 {
        s *= 10;
        e -= 1;
    }
    while e < 0 && s.is_multiple_of(10) {
        s /= 10;
        e += 1;
    }
    let mut rr = [s as f64, 0.0];
    if rr[0] <= 18_446_744_073_709_549_568.0 {
        let s2 = rr[0] as u64;
        rr[1] = if s >= s2 {
            (s - s2) as f64
        } else {
            -((s2 - s) as f64)
        };
    }
    if e > 0 {
        while e >= 100 {
            e -= 100;
            dekker_mul2(&mut rr, 1.0e100, -1.590_289_110_975_991_8e83);
        }
        while e >= 10 {
            e -= 10;
            dekker_mul2(&mut rr, 1.0e10, 0.0);
        }
        while e >= 1 {
            e -= 1;
            dekker_mul2(&mut rr, 1.0e1, 0.0);
        }
    } else {
        while e <= -100 {
            e += 100;
            dekker_mul2(&mut rr, 1.0e-100, -1.999_189_980_260_288_3e-117);
        }
        while e <= -10 {
            e += 10;
            dekker_mul2(&mut rr, 1.0e-10, -3.643_219_731_549_774e-27);
        }
        while e <= -1 {
            e += 1;
            dekker_mul2(&mut rr, 1.0e-1, -5.551_115_123_125_783e-18);
        }
    }
    let mut result = rr[0] + rr[1];
    if result.is_nan() {
        result = f64::INFINITY;
    }
    sign * result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_matches_sqlite_3_51() {
        let q = |r: f64| sqlite_quote(&SqlValue::Real(r));
        assert_eq!(q(1.5), "1.5");
        assert_eq!(q(1e100), "1.0e+100");
        assert_eq!(q(0.1), "0.1");
        assert_eq!(q(1e-300), "1.000000000000000025e-300");
        assert_eq!(q(100.0), "100.0");
        assert_eq!(q(-0.0), "0.0");
        assert_eq!(q(1e15), "1.0e+15");
        assert_eq!(q(1e14), "100000000000000.0");
        assert_eq!(q(12345678901234567890.0), "1.234567890123456717e+19");
        assert_eq!(q(0.30000000000000004), "3.000000000000000445e-01");
        assert_eq!(q(f64::INFINITY), "9.0e+999");
        assert_eq!(q(f64::NEG_INFINITY), "-9.0e+999");
        assert_eq!(q(1e-5), "1.0e-05");
        assert_eq!(q(0.0001), "0.0001");
        assert_eq!(q(5e-324), "4.94065645841247e-324");
        assert_eq!(q(f64::MAX), "1.797693134862315692e+308");
        assert_eq!(q(123456789012345.6), "1.234567890123455938e+14");
    }
}
