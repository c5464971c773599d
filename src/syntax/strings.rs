//! String literals: prefixes, escape sequences, adjacent-literal concatenation and f-strings
//! (CPython 3.11's `Parser/string_parser.c`, whose f-string scanner we follow closely so that its
//! error messages come out the same).

use super::ast::{Expr, ExprKind, FStringPart, Span, SyntaxError};
use super::error::syntax_error;
use super::lexer::Token;

/// What the prefix letters of one STRING token say.
struct Literal {
    bytes: bool,
    raw: bool,
    fstring: bool,
    /// Byte range of the text between the quotes.
    body: (usize, usize),
    span: Span,
}

fn split_literal(src: &str, t: &Token) -> Literal {
    let text = src.get(t.start..t.end).unwrap_or("");
    let plen = text.find(['\'', '"']).unwrap_or(0);
    let prefix = &text.as_bytes()[..plen];
    let has = |c: u8| prefix.iter().any(|p| p.to_ascii_lowercase() == c);
    let q = text.as_bytes().get(plen).copied().unwrap_or(b'"');
    let rest = &text.as_bytes()[plen..];
    let triple = rest.len() >= 6 && rest[1] == q && rest[2] == q;
    let qlen = if triple { 3 } else { 1 };
    let body_start = (t.start + plen + qlen).min(t.end);
    let body_end = t.end.saturating_sub(qlen).max(body_start);
    Literal {
        bytes: has(b'b'),
        raw: has(b'r'),
        fstring: has(b'f'),
        body: (body_start, body_end),
        span: t.span(),
    }
}

/// Parses one replacement-field expression `src[start..end]`; supplied by the parser so that
/// this module does not depend on the grammar.
pub type FieldParser<'f> = dyn Fn(usize, usize) -> Result<Expr, SyntaxError> + 'f;

/// Decodes the adjacent STRING tokens `toks` into one literal. Errors found while decoding are
/// placed, as CPython places them, on `after`: the token that follows the literals.
pub fn concat_strings(
    src: &str,
    toks: &[Token],
    after: Span,
    field: &FieldParser<'_>,
) -> Result<ExprKind, SyntaxError> {
    let err = |msg: String| syntax_error(src, msg, after);
    if let [t] = toks {
        let lit = split_literal(src, t);
        if !lit.bytes && !lit.fstring {
            // The common case: one plain string.
            let body = src.get(lit.body.0..lit.body.1).unwrap_or("");
            let s = if lit.raw {
                normalize_newlines(body)
            } else {
                decode_str(body).map_err(err)?
            };
            return Ok(ExprKind::Str(s));
        }
    }
    let mut bytes_mode = false;
    let mut bytes: Vec<u8> = Vec::new();
    let mut parts: Vec<FStringPart> = Vec::new();
    let mut any_f = false;
    for (n, t) in toks.iter().enumerate() {
        let lit = split_literal(src, t);
        let body = src.get(lit.body.0..lit.body.1).unwrap_or("");
        if lit.bytes && !body.is_ascii() {
            return Err(syntax_error(
                src,
                "bytes can only contain ASCII literal characters",
                lit.span,
            ));
        }
        if n != 0 && bytes_mode != lit.bytes {
            return Err(err("cannot mix bytes and nonbytes literals".into()));
        }
        bytes_mode = lit.bytes;
        if lit.bytes {
            if lit.raw {
                bytes.extend(normalize_newlines(body).bytes());
            } else {
                bytes.extend(decode_bytes(body).map_err(err)?);
            }
        } else if lit.fstring {
            any_f = true;
            let scanner = FScanner {
                src,
                raw: lit.raw,
                after,
                field,
            };
            scanner.parse(lit.body.0, lit.body.1, 0, &mut parts)?;
        } else {
            let s = if lit.raw {
                normalize_newlines(body)
            } else {
                decode_str(body).map_err(err)?
            };
            push_literal(&mut parts, s);
        }
    }
    if bytes_mode {
        return Ok(ExprKind::Bytes(bytes));
    }
    if any_f {
        return Ok(ExprKind::FString(parts));
    }
    Ok(match parts.pop() {
        Some(FStringPart::Literal(s)) => ExprKind::Str(s),
        _ => ExprKind::Str(String::new()),
    })
}

fn push_literal(parts: &mut Vec<FStringPart>, s: String) {
    if s.is_empty() {
        return;
    }
    if let Some(FStringPart::Literal(last)) = parts.last_mut() {
        last.push_str(&s);
    } else {
        parts.push(FStringPart::Literal(s));
    }
}

/// CPython reads source with universal newlines: `\r\n` and `\r` inside literals become `\n`.
fn normalize_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn hex_val(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

/// Processes the escapes of a (non-raw) str literal body. Error positions count bytes the way
/// CPython's `decode_unicode_with_escapes` buffer does: each non-ASCII character occupies the
/// ten bytes of a `\UXXXXXXXX` escape.
pub fn decode_str(body: &str) -> Result<String, String> {
    if !body.contains(['\\', '\r']) {
        return Ok(body.to_string());
    }
    let b = body.as_bytes();
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    let mut vpos = 0usize;
    let unicode_error = |start: usize, end: usize, reason: &str| {
        format!(
            "(unicode error) 'unicodeescape' codec can't decode bytes in position {start}-{}: {reason}",
            end - 1
        )
    };
    while i < b.len() {
        let c = b[i];
        if c == b'\r' {
            out.push('\n');
            i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            vpos += 1;
            continue;
        }
        if c >= 0x80 {
            let ch = body[i..].chars().next().unwrap_or('\u{FFFD}');
            out.push(ch);
            i += ch.len_utf8();
            vpos += 10;
            continue;
        }
        if c != b'\\' {
            out.push(c as char);
            i += 1;
            vpos += 1;
            continue;
        }
        let start_v = vpos;
        let Some(&n) = b.get(i + 1) else {
            out.push('\\');
            i += 1;
            vpos += 6;
            continue;
        };
        if n >= 0x80 {
            // A backslash before a non-ASCII character stays a backslash.
            out.push('\\');
            i += 1;
            vpos += 6;
            continue;
        }
        i += 2;
        vpos += 2;
        let simple = match n {
            b'\n' => Some(None),
            b'\r' => {
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
                Some(None)
            }
            b'\\' => Some(Some('\\')),
            b'\'' => Some(Some('\'')),
            b'"' => Some(Some('"')),
            b'b' => Some(Some('\x08')),
            b'f' => Some(Some('\x0c')),
            b't' => Some(Some('\t')),
            b'n' => Some(Some('\n')),
            b'r' => Some(Some('\r')),
            b'v' => Some(Some('\x0b')),
            b'a' => Some(Some('\x07')),
            _ => None,
        };
        if let Some(ch) = simple {
            if let Some(ch) = ch {
                out.push(ch);
            }
            continue;
        }
        match n {
            b'0'..=b'7' => {
                let mut v = (n - b'0') as u32;
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + (d - b'0') as u32;
                            i += 1;
                            vpos += 1;
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
            }
            b'x' | b'u' | b'U' => {
                let (count, reason) = match n {
                    b'x' => (2, "truncated \\xXX escape"),
                    b'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut v: u32 = 0;
                for _ in 0..count {
                    match b.get(i).and_then(|&d| hex_val(d)) {
                        Some(d) => {
                            v = v * 16 + d;
                            i += 1;
                            vpos += 1;
                        }
                        None => return Err(unicode_error(start_v, vpos, reason)),
                    }
                }
                if v > 0x10FFFF {
                    return Err(unicode_error(start_v, vpos, "illegal Unicode character"));
                }
                // Lone surrogates are valid in Python str but not in Rust's; they become U+FFFD.
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
            }
            b'N' => {
                if b.get(i) != Some(&b'{') {
                    return Err(unicode_error(
                        start_v,
                        vpos,
                        "malformed \\N character escape",
                    ));
                }
                let close = body[i..].find('}');
                return Err(match close {
                    None => unicode_error(start_v, vpos + (b.len() - i), "malformed \\N character escape"),
                    Some(_) => "(unicode error) \\N{...} escapes are not supported by ormlab; write the character \
                                itself or use a \\u or \\U escape"
                        .to_string(),
                });
            }
            _ => {
                // Unknown escapes keep their backslash (CPython only warns).
                out.push('\\');
                i -= 1;
                vpos -= 1;
            }
        }
    }
    Ok(out)
}

/// Processes the escapes of a (non-raw, all-ASCII) bytes literal body.
pub fn decode_bytes(body: &str) -> Result<Vec<u8>, String> {
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\r' {
            out.push(b'\n');
            i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            continue;
        }
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let Some(&n) = b.get(i + 1) else {
            out.push(b'\\');
            i += 1;
            continue;
        };
        let bs = i;
        i += 2;
        match n {
            b'\n' => {}
            b'\r' => {
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(11),
            b'a' => out.push(7),
            b'0'..=b'7' => {
                let mut v = (n - b'0') as u32;
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + (d - b'0') as u32;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                // CPython keeps the low byte of values above 0o377 (with a warning).
                out.push((v & 0xff) as u8);
            }
            b'x' => match (
                b.get(i).and_then(|&d| hex_val(d)),
                b.get(i + 1).and_then(|&d| hex_val(d)),
            ) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => return Err(format!("(value error) invalid \\x escape at position {bs}")),
            },
            _ => {
                out.push(b'\\');
                i -= 1;
            }
        }
    }
    Ok(out)
}

/// The f-string scanner: literal text, `{{`/`}}`, and replacement fields with `=`, `!conv` and
/// `:spec` (which may itself hold fields, one level deep).
struct FScanner<'s, 'f> {
    src: &'s str,
    raw: bool,
    after: Span,
    field: &'f FieldParser<'f>,
}

impl FScanner<'_, '_> {
    fn err(&self, msg: impl Into<String>) -> SyntaxError {
        syntax_error(self.src, msg, self.after)
    }

    fn byte(&self, p: usize) -> u8 {
        self.src.as_bytes().get(p).copied().unwrap_or(0)
    }

    /// Parses `src[pos..end]` into `parts`; returns where it stopped (at `end`, or at the `}`
    /// closing a format spec when `lvl > 0`).
    fn parse(
        &self,
        mut pos: usize,
        end: usize,
        lvl: u32,
        parts: &mut Vec<FStringPart>,
    ) -> Result<usize, SyntaxError> {
        loop {
            let (lit, next, doubled) = self.literal(pos, end, lvl)?;
            if let Some(lit) = lit {
                push_literal(parts, lit);
            }
            pos = next;
            if doubled {
                continue;
            }
            if pos >= end || self.byte(pos) == b'}' {
                break;
            }
            pos = self.field(pos, end, lvl, parts)?;
        }
        if lvl > 0 && (pos >= end || self.byte(pos) != b'}') {
            return Err(self.err("f-string: expecting '}'"));
        }
        Ok(pos)
    }

    /// Literal text up to the next unescaped `{` or `}`. `doubled`: it ended at `{{` or `}}`,
    /// whose first brace is part of the literal.
    fn literal(
        &self,
        pos: usize,
        end: usize,
        lvl: u32,
    ) -> Result<(Option<String>, usize, bool), SyntaxError> {
        let mut s = pos;
        let mut stop = None;
        while s < end {
            let mut ch = self.byte(s);
            s += 1;
            if !self.raw && ch == b'\\' && s < end {
                ch = self.byte(s);
                s += 1;
                if ch == b'N' {
                    // Skip "\N{NAME}" so its brace does not start a field.
                    if s < end {
                        let c = self.byte(s);
                        s += 1;
                        if c == b'{' {
                            while s < end {
                                let c = self.byte(s);
                                s += 1;
                                if c == b'}' {
                                    break;
                                }
                            }
                        }
                    }
                    continue;
                }
            }
            if ch == b'{' || ch == b'}' {
                if lvl == 0 {
                    if s < end && self.byte(s) == ch {
                        stop = Some((s, s + 1, true));
                        break;
                    }
                    if ch == b'}' {
                        return Err(self.err("f-string: single '}' is not allowed"));
                    }
                }
                s -= 1;
                break;
            }
        }
        let (lit_end, next, doubled) = stop.unwrap_or((s, s, false));
        let lit_end = floor_boundary(self.src, lit_end);
        if lit_end <= pos {
            return Ok((None, next, doubled));
        }
        let text = self.src.get(pos..lit_end).unwrap_or("");
        let decoded = if self.raw {
            normalize_newlines(text)
        } else {
            decode_str(text).map_err(|m| self.err(m))?
        };
        Ok((Some(decoded), next, doubled))
    }

    /// A replacement field starting at the `{` at `pos`; returns the position after its `}`.
    fn field(
        &self,
        pos: usize,
        end: usize,
        lvl: u32,
        parts: &mut Vec<FStringPart>,
    ) -> Result<usize, SyntaxError> {
        if lvl >= 2 {
            return Err(self.err("f-string: expressions nested too deeply"));
        }
        let expr_start = pos + 1;
        let mut s = expr_start;
        let mut quote: u8 = 0;
        let mut triple = false;
        let mut stack: Vec<u8> = Vec::new();
        while s < end {
            let ch = self.byte(s);
            if ch == b'\\' {
                return Err(self.err("f-string expression part cannot include a backslash"));
            }
            if quote != 0 {
                if ch == quote {
                    if triple {
                        if s + 2 < end && self.byte(s + 1) == ch && self.byte(s + 2) == ch {
                            s += 3;
                            quote = 0;
                            triple = false;
                            continue;
                        }
                    } else {
                        quote = 0;
                        s += 1;
                        continue;
                    }
                }
            } else if ch == b'\'' || ch == b'"' {
                if s + 2 < end && self.byte(s + 1) == ch && self.byte(s + 2) == ch {
                    triple = true;
                    s += 2;
                } else {
                    triple = false;
                }
                quote = ch;
            } else if matches!(ch, b'[' | b'{' | b'(') {
                if stack.len() >= super::lexer::MAX_BRACKET_DEPTH {
                    return Err(self.err("f-string: too many nested parenthesis"));
                }
                stack.push(ch);
            } else if ch == b'#' {
                return Err(self.err("f-string expression part cannot include '#'"));
            } else if stack.is_empty() && matches!(ch, b'!' | b':' | b'}' | b'=' | b'>' | b'<') {
                if s + 1 < end {
                    let next = self.byte(s + 1);
                    if next == b'=' && matches!(ch, b'!' | b'=' | b'<' | b'>') {
                        s += 2;
                        continue;
                    }
                }
                if ch == b'>' || ch == b'<' {
                    s += 1;
                    continue;
                }
                break;
            } else if matches!(ch, b']' | b'}' | b')') {
                let Some(open) = stack.pop() else {
                    return Err(self.err(format!("f-string: unmatched '{}'", ch as char)));
                };
                if !matches!((open, ch), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                    return Err(self.err(format!(
                        "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                        ch as char, open as char
                    )));
                }
            }
            s += 1;
        }
        let expr_end = s;
        if quote != 0 {
            return Err(self.err("f-string: unterminated string"));
        }
        if let Some(&open) = stack.last() {
            return Err(self.err(format!("f-string: unmatched '{}'", open as char)));
        }
        if s >= end {
            return Err(self.err("f-string: expecting '}'"));
        }
        let text = self.src.get(expr_start..expr_end).unwrap_or("");
        if text
            .bytes()
            .all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'))
        {
            let stop = self.byte(expr_end);
            if matches!(stop, b'!' | b':' | b'=') {
                return Err(self.err(format!(
                    "f-string: expression required before '{}'",
                    stop as char
                )));
            }
            return Err(self.err("f-string: empty expression not allowed"));
        }
        let expr = (self.field)(expr_start, expr_end)?;
        let mut debug_text = None;
        if self.byte(s) == b'=' {
            s += 1;
            while s < end
                && matches!(
                    self.byte(s),
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c'
                )
            {
                s += 1;
            }
            if s >= end {
                return Err(self.err("f-string: expecting '}'"));
            }
            debug_text = Some(normalize_newlines(
                self.src.get(expr_start..s).unwrap_or(""),
            ));
        }
        let mut conversion = None;
        if self.byte(s) == b'!' {
            s += 1;
            if s >= end {
                return Err(self.err("f-string: expecting '}'"));
            }
            let c = self.byte(s);
            s += 1;
            if !matches!(c, b's' | b'r' | b'a') {
                return Err(
                    self.err("f-string: invalid conversion character: expected 's', 'r', or 'a'")
                );
            }
            conversion = Some(c as char);
        }
        let mut format_spec = None;
        if s < end && self.byte(s) == b':' {
            s += 1;
            if s >= end {
                return Err(self.err("f-string: expecting '}'"));
            }
            let mut spec = Vec::new();
            s = self.parse(s, end, lvl + 1, &mut spec)?;
            format_spec = Some(spec);
        }
        if s >= end || self.byte(s) != b'}' {
            return Err(self.err("f-string: expecting '}'"));
        }
        s += 1;
        // `{x=}` shows the repr unless a conversion or format spec says otherwise (as CPython).
        if debug_text.is_some() && format_spec.is_none() && conversion.is_none() {
            conversion = Some('r');
        }
        parts.push(FStringPart::Expr {
            expr: Box::new(expr),
            conversion,
            format_spec,
            debug_text,
        });
        Ok(s)
    }
}

fn floor_boundary(src: &str, mut p: usize) -> usize {
    p = p.min(src.len());
    while p > 0 && !src.is_char_boundary(p) {
        p -= 1;
    }
    p
}
