//! Colouring: the Python being typed (keywords, strings, numbers, model names, the bracket
//! matching the one at the cursor) and SQL (keywords, strings, numbers), plus SQL's line breaks.

/// ANSI styles used by the shell.
pub const KEYWORD: &str = "1;35";
pub const STRING: &str = "32";
pub const NUMBER: &str = "36";
pub const MODEL: &str = "1;33";
pub const BRACKET: &str = "1;4;34";
pub const SQL_KEYWORD: &str = "1;34";
pub const DIM: &str = "2";

/// `text` in the ANSI style `code`.
pub fn paint(text: &str, code: &str) -> String {
    format!("\x1b[{code}m{text}\x1b[0m")
}

const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "if", "import", "in", "is", "lambda",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// A token of a line of Python or SQL, for colouring.
#[derive(Debug, PartialEq)]
enum Tok {
    Word,
    Str,
    Num,
    Other,
}

/// Splits `text` into (kind, start, end) runs. `'` and `"` strings; in SQL `"..."` is an
/// identifier and is reported as Other.
fn tokens(text: &str, sql: bool) -> Vec<(Tok, usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c == b'\'' || c == b'"' {
            i += 1;
            while i < b.len() && b[i] != c {
                if b[i] == b'\\' && !sql {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
            let kind = if sql && c == b'"' {
                Tok::Other
            } else {
                Tok::Str
            };
            out.push((kind, start, i));
        } else if c == b'#' && !sql {
            out.push((Tok::Other, start, b.len()));
            break;
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80) {
                i += 1;
            }
            out.push((Tok::Word, start, i));
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                i += 1;
            }
            out.push((Tok::Num, start, i));
        } else {
            let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
            i += ch_len;
            out.push((Tok::Other, start, i));
        }
    }
    out
}

/// The bracket matching the one just before or at `pos`, and that one: byte offsets.
pub fn matching_bracket(line: &str, pos: usize) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let at = [pos.checked_sub(1), Some(pos)]
        .into_iter()
        .flatten()
        .find(|&i| i < b.len() && b"()[]{}".contains(&b[i]))?;
    // Positions of brackets outside strings, with their partners.
    let mut stack: Vec<usize> = Vec::new();
    for (kind, s, _) in tokens(line, false) {
        if kind != Tok::Other || !b"()[]{}".contains(&b[s]) {
            continue;
        }
        if b"([{".contains(&b[s]) {
            stack.push(s);
        } else if let Some(open) = stack.pop()
            && (open == at || s == at)
        {
            return Some((open, s));
        }
    }
    None
}

/// The Python input with ANSI colours; `models` are the names shown as model names.
pub fn python(line: &str, pos: usize, models: &[String]) -> String {
    let brackets = matching_bracket(line, pos);
    let mut out = String::with_capacity(line.len() * 2);
    for (kind, s, e) in tokens(line, false) {
        let t = &line[s..e];
        let code = match kind {
            Tok::Str => Some(STRING),
            Tok::Num => Some(NUMBER),
            Tok::Word if PY_KEYWORDS.contains(&t) => Some(KEYWORD),
            Tok::Word if models.iter().any(|m| m == t) => Some(MODEL),
            Tok::Other if t.starts_with('#') => Some(DIM),
            Tok::Other if brackets.is_some_and(|(a, b)| s == a || s == b) => Some(BRACKET),
            _ => None,
        };
        match code {
            Some(c) => out.push_str(&paint(t, c)),
            None => out.push_str(t),
        }
    }
    out
}

const SQL_KEYWORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "AND",
    "OR",
    "NOT",
    "AS",
    "INNER",
    "LEFT",
    "OUTER",
    "JOIN",
    "ON",
    "ORDER",
    "BY",
    "GROUP",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "ASC",
    "DESC",
    "IN",
    "IS",
    "NULL",
    "LIKE",
    "ESCAPE",
    "DISTINCT",
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "CAST",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "INSERT",
    "INTO",
    "VALUES",
    "UPDATE",
    "SET",
    "DELETE",
    "EXISTS",
    "UNION",
    "ALL",
    "INTERSECT",
    "EXCEPT",
    "BETWEEN",
    "COALESCE",
    "RETURNING",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
];

/// SQL with ANSI colours.
pub fn sql(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (kind, s, e) in tokens(text, true) {
        let t = &text[s..e];
        match kind {
            Tok::Word if SQL_KEYWORDS.contains(&t) => out.push_str(&paint(t, SQL_KEYWORD)),
            Tok::Str => out.push_str(&paint(t, STRING)),
            Tok::Num => out.push_str(&paint(t, NUMBER)),
            _ => out.push_str(t),
        }
    }
    out
}

/// Clauses that start a new line when they are outside parentheses.
const BREAKS: &[&str] = &[
    "FROM",
    "WHERE",
    "INNER JOIN",
    "LEFT OUTER JOIN",
    "GROUP BY",
    "HAVING",
    "ORDER BY",
    "LIMIT",
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "VALUES",
    "SET",
    "RETURNING",
];

/// Breaks SQL into lines before its main clauses (outside parentheses and strings), and before
/// a top-level `AND` of a WHERE clause, indented. Only whitespace changes.
pub fn pretty_sql(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 32);
    let mut depth = 0i32;
    let mut i = 0;
    let mut copied = 0;
    let mut in_where = false;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
            }
            b'(' => depth += 1,
            b')' => depth -= 1,
            b' ' if depth == 0 => {
                let rest = &text[i + 1..];
                let starts = |kw: &str| {
                    rest.starts_with(kw)
                        && rest[kw.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| !c.is_alphanumeric() && c != '_')
                };
                if let Some(kw) = BREAKS.iter().find(|k| starts(k)) {
                    in_where = *kw == "WHERE" || *kw == "HAVING";
                    out.push_str(&text[copied..i]);
                    out.push('\n');
                    copied = i + 1;
                } else if in_where && (starts("AND") || starts("OR")) {
                    out.push_str(&text[copied..i]);
                    out.push_str("\n  ");
                    copied = i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&text[copied.min(text.len())..]);
    out.lines()
        .map(|l| wrap_list(l, 100))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Wraps a long line at its top-level `, ` (outside strings and parentheses) to `width`,
/// continuing with an indent of 4.
fn wrap_list(line: &str, width: usize) -> String {
    if line.chars().count() <= width {
        return line.to_string();
    }
    let b = line.as_bytes();
    let mut cuts = Vec::new();
    let mut depth = 0i32;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
            }
            b'(' => depth += 1,
            b')' => depth -= 1,
            b',' if depth == 0 && b.get(i + 1) == Some(&b' ') => cuts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    let mut out = String::new();
    let mut start = 0;
    let mut col = 0;
    for end in cuts.into_iter().chain([line.len()]) {
        let piece = &line[start..end];
        let n = piece.chars().count();
        if col > 4 && col + n > width {
            out.push_str("\n   ");
            col = 3;
        }
        out.push_str(piece);
        col += n;
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_keeps_text() {
        let q = r#"SELECT "a"."id", (SELECT 1 FROM x WHERE y) AS "z" FROM "a" INNER JOIN "b" ON ("a"."b_id" = "b"."id") WHERE ("a"."t" = 'x FROM y' AND "b"."n" > 1) ORDER BY "a"."id" ASC LIMIT 21"#;
        let p = pretty_sql(q);
        assert_eq!(
            p.split_whitespace().collect::<Vec<_>>(),
            q.split_whitespace().collect::<Vec<_>>()
        );
        assert!(p.contains("\nFROM \"a\"\nINNER JOIN"), "{p}");
        assert!(p.contains("\nLIMIT 21"));
        assert!(!p.contains("\nFROM x"));
        let long = format!(
            "SELECT {} FROM t",
            [r#""bookstore_book"."title""#; 12].join(", ")
        );
        let p = pretty_sql(&long);
        assert!(p.lines().count() > 3, "{p}");
        assert!(p.lines().all(|l| l.len() <= 100), "{p}");
        assert_eq!(
            p.split_whitespace().collect::<Vec<_>>(),
            long.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn brackets() {
        assert_eq!(matching_bracket("f(a[1])", 7), Some((1, 6)));
        assert_eq!(matching_bracket("f('(')", 6), Some((1, 5)));
    }
}
