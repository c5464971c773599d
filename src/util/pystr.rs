//! Python's text rules that several stages need: `str.isprintable()` (the lexer's messages,
//! `repr()`, the `%r` of logged SQL) and `repr(str)` / `ascii(str)`.

/// `str.isprintable()` for one character. Exact for every assigned character of Python 3.11's
/// Unicode 14 (checked against CPython); unassigned code points count as printable, as std has
/// no category table for them.
pub fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    // The format (Cf), private-use (Co) and noncharacter code points.
    !matches!(c as u32,
        0xad | 0x0600..=0x0605 | 0x061c | 0x06dd | 0x070f | 0x0890..=0x0891 | 0x08e2 | 0x180e
        | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x206f | 0xe000..=0xf8ff | 0xfeff
        | 0xfff0..=0xfffb | 0xfffe..=0xffff | 0x110bd | 0x110cd | 0x13430..=0x1343f
        | 0x1bca0..=0x1bca3 | 0x1d173..=0x1d17a | 0xe0000..=0xe00ff | 0xe01f0..=0x10ffff)
}

/// `repr(s)`, or `ascii(s)` when `ascii_only`: CPython's quote choice and escapes.
pub fn str_repr(s: &str, ascii_only: bool) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (' '..'\u{7f}').contains(&c) => out.push(c),
            c if ascii_only || !is_printable(c) => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_as_cpython() {
        assert_eq!(str_repr("it's", false), "\"it's\"");
        assert_eq!(str_repr("a\"b'c", false), "'a\"b\\'c'");
        assert_eq!(
            str_repr("tab\there\x7f\u{0}", false),
            "'tab\\there\\x7f\\x00'"
        );
        assert_eq!(
            str_repr("café \u{a0}\u{2028}😀", false),
            "'café \\xa0\\u2028😀'"
        );
        assert_eq!(str_repr("café 😀", true), "'caf\\xe9 \\U0001f600'");
    }

    #[test]
    fn printability_as_cpython() {
        for c in ['a', ' ', 'é', '\u{34f}', '\u{115f}', '\u{e0100}', '😀'] {
            assert!(is_printable(c), "{c:?}");
        }
        for c in [
            '\n', '\u{a0}', '\u{ad}', '\u{200b}', '\u{2028}', '\u{3000}', '\u{feff}', '\u{e000}',
        ] {
            assert!(!is_printable(c), "{c:?}");
        }
    }
}
