//! Django's SQL text handling: `%s` → `?` conversion and the `connection.queries` rendering.

use std::borrow::Cow;

use super::{Database, SqlValue, sqlite_quote};

/// Django's SQL with `%s` placeholders → the `?` form SQLite runs.
///
/// Mirrors `SQLiteCursorWrapper.convert_query` (django/db/backends/sqlite3/base.py):
/// `re.sub(r"(?<!%)%s", "?", sql).replace("%%", "%")`. So `%%s` becomes `%s` and `%%%s` becomes
/// `%%s` (the lookbehind sees the `%` before the `%s`), exactly as in Django.
pub fn convert_query(sql: &str) -> String {
    convert_query_cow(sql).into_owned()
}

/// [`convert_query`] without allocating when `sql` has no `%`.
pub(crate) fn convert_query_cow(sql: &str) -> Cow<'_, str> {
    if !sql.contains('%') {
        return Cow::Borrowed(sql);
    }
    let bytes = sql.as_bytes();
    let mut step1 = String::with_capacity(sql.len());
    let mut last = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'%' && bytes[i + 1] == b's' && (i == 0 || bytes[i - 1] != b'%') {
            step1.push_str(&sql[last..i]);
            step1.push('?');
            i += 2;
            last = i;
        } else {
            i += 1;
        }
    }
    step1.push_str(&sql[last..]);
    Cow::Owned(step1.replace("%%", "%"))
}

/// Django's `connection.queries` text for `sql` run with `params`.
///
/// Mirrors `DatabaseOperations.last_executed_query` (django/db/backends/sqlite3/operations.py):
/// without params the SQL is returned unchanged (`%%` stays `%%`); otherwise every param is quoted
/// as SQLite's `QUOTE()` does (Django runs `SELECT QUOTE(?), ...` in batches of 999; here
/// [`super::sqlite_quote`] computes the same text, as SQLite 3.51 prints it, without a query)
/// and substituted with Python's `sql % params`. Where Python would raise (a placeholder count
/// mismatch, `%d` with a quoted string, ...) the SQL is returned unchanged;
/// [`python_percent_format`] gives the error. `_db` is unused (kept for the API).
pub fn last_executed_query(_db: &Database, sql: &str, params: &[SqlValue]) -> String {
    if params.is_empty() {
        return sql.to_string();
    }
    let quoted: Vec<String> = params.iter().map(sqlite_quote).collect();
    python_percent_format(sql, &quoted).unwrap_or_else(|_| sql.to_string())
}

/// The common case of [`python_percent_format`], without decoding the format into chars: only
/// `%s` and `%%`, and as many arguments as `%s`. `None` for anything else.
fn plain_percent_format(format: &str, args: &[String]) -> Option<String> {
    let mut out = String::with_capacity(format.len() + args.iter().map(String::len).sum::<usize>());
    let bytes = format.as_bytes();
    let (mut last, mut next_arg) = (0, 0);
    while let Some(off) = format[last..].find('%') {
        let at = last + off;
        out.push_str(&format[last..at]);
        match bytes.get(at + 1) {
            Some(b's') => {
                out.push_str(args.get(next_arg)?);
                next_arg += 1;
            }
            Some(b'%') => out.push('%'),
            _ => return None,
        }
        last = at + 2;
    }
    out.push_str(&format[last..]);
    (next_arg == args.len()).then_some(out)
}

/// Python's `format % args` for a tuple of strings (`printf`-style formatting).
///
/// Supports `%%`, and `%s`/`%r`/`%a`/`%c` with flags, width and precision; numeric conversions of
/// a string raise TypeError in Python and give `Err` here, as do too few/too many arguments and
/// `%(name)s` (needs a mapping). The `Err` text is the Python exception's message (`not enough
/// arguments for format string`); it is a TypeError except for "incomplete format" and
/// "unsupported format character ..." (ValueError in Python).
pub fn python_percent_format(format: &str, args: &[String]) -> Result<String, String> {
    if let Some(out) = plain_percent_format(format, args) {
        return Ok(out);
    }
    let chars: Vec<char> = format.chars().collect();
    let mut out = String::with_capacity(format.len() + args.iter().map(String::len).sum::<usize>());
    let mut next_arg = 0usize;
    let mut i = 0usize;
    let take_arg = |next_arg: &mut usize| -> Result<&String, String> {
        let a = args
            .get(*next_arg)
            .ok_or_else(|| "not enough arguments for format string".to_string())?;
        *next_arg += 1;
        Ok(a)
    };
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if i >= chars.len() {
            return Err("incomplete format".to_string());
        }
        if chars[i] == '(' {
            return Err("format requires a mapping".to_string());
        }
        let mut left = false;
        while i < chars.len() && matches!(chars[i], '-' | '+' | ' ' | '#' | '0') {
            left |= chars[i] == '-';
            i += 1;
        }
        let mut width = 0usize;
        if i < chars.len() && chars[i] == '*' {
            return Err("* wants int".to_string());
        }
        while i < chars.len() && chars[i].is_ascii_digit() {
            width = width
                .saturating_mul(10)
                .saturating_add(chars[i] as usize - '0' as usize);
            i += 1;
        }
        let mut precision: Option<usize> = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            if i < chars.len() && chars[i] == '*' {
                return Err("* wants int".to_string());
            }
            let mut p = 0usize;
            while i < chars.len() && chars[i].is_ascii_digit() {
                p = p
                    .saturating_mul(10)
                    .saturating_add(chars[i] as usize - '0' as usize);
                i += 1;
            }
            precision = Some(p);
        }
        while i < chars.len() && matches!(chars[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        let Some(&conv) = chars.get(i) else {
            return Err("incomplete format".to_string());
        };
        i += 1;
        let text: String = match conv {
            '%' => {
                out.push('%');
                continue;
            }
            's' => take_arg(&mut next_arg)?.clone(),
            'r' => crate::util::pystr::str_repr(take_arg(&mut next_arg)?, false),
            'a' => crate::util::pystr::str_repr(take_arg(&mut next_arg)?, true),
            'c' => {
                let a = take_arg(&mut next_arg)?;
                if a.chars().count() != 1 {
                    return Err(
                        "%c requires an int or a unicode character, not a string of length != 1"
                            .to_string(),
                    );
                }
                a.clone()
            }
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                take_arg(&mut next_arg)?;
                return Err(format!(
                    "%{conv} format: a real number is required, not str"
                ));
            }
            other => {
                return Err(format!(
                    "unsupported format character '{other}' (0x{:x}) at index {}",
                    other as u32,
                    i - 1
                ));
            }
        };
        let text: String = match precision {
            Some(p) if conv != 'c' => text.chars().take(p).collect(),
            _ => text,
        };
        let len = text.chars().count();
        if len < width {
            let pad = " ".repeat(width - len);
            if left {
                out.push_str(&text);
                out.push_str(&pad);
            } else {
                out.push_str(&pad);
                out.push_str(&text);
            }
        } else {
            out.push_str(&text);
        }
    }
    if next_arg < args.len() {
        return Err("not all arguments converted during string formatting".to_string());
    }
    Ok(out)
}
