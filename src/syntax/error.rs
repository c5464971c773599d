//! Building [`SyntaxError`]s with CPython's line/column conventions, and the error type the nom
//! grammar threads through its combinators.

use super::ast::{Span, SyntaxError, SyntaxErrorKind};

/// 1-based line of byte offset `pos`; `\r\n`, `\r` and `\n` each end a line, as in CPython, which
/// translates all three to `\n` before tokenizing.
pub fn line_of(src: &str, pos: usize) -> usize {
    let b = src.as_bytes();
    let pos = pos.min(b.len());
    let mut line = 1;
    let mut i = 0;
    while i < pos {
        match b[i] {
            b'\n' => line += 1,
            b'\r' if b.get(i + 1) != Some(&b'\n') => line += 1,
            _ => {}
        }
        i += 1;
    }
    line
}

/// Byte offset where the line holding `pos` starts.
pub fn line_start_of(src: &str, pos: usize) -> usize {
    let b = src.as_bytes();
    let mut i = pos.min(b.len());
    while i > 0 && b[i - 1] != b'\n' && b[i - 1] != b'\r' {
        i -= 1;
    }
    i
}

/// Number of characters between the start of `pos`'s line and `pos`.
pub fn chars_before(src: &str, pos: usize) -> usize {
    let pos = floor_char_boundary(src, pos.min(src.len()));
    let start = line_start_of(src, pos);
    src[start..pos].chars().count()
}

fn floor_char_boundary(src: &str, mut pos: usize) -> usize {
    while pos > 0 && !src.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// An error whose caret sits on the character at byte `span.start` (CPython's usual case:
/// `offset` is the 1-based column of the offending token's first character).
pub fn error_at(
    src: &str,
    kind: SyntaxErrorKind,
    message: impl Into<String>,
    span: Span,
) -> SyntaxError {
    SyntaxError {
        kind,
        message: message.into(),
        span,
        line: line_of(src, span.start),
        column: chars_before(src, span.start) + 1,
    }
}

pub fn syntax_error(src: &str, message: impl Into<String>, span: Span) -> SyntaxError {
    error_at(src, SyntaxErrorKind::SyntaxError, message, span)
}

/// CPython's tokenizer reports most of its errors with `offset` = number of characters from the
/// start of the line up to its read position, i.e. the caret lands on the last character it
/// consumed, at byte `last`. `span` is what the caret should cover in our own rendering.
pub fn error_on_char(
    src: &str,
    kind: SyntaxErrorKind,
    message: impl Into<String>,
    last: usize,
    span: Span,
) -> SyntaxError {
    SyntaxError {
        kind,
        message: message.into(),
        span,
        line: line_of(src, last),
        column: chars_before(src, last) + 1,
    }
}

/// What a grammar rule returns on failure. `Backtrack` lets `alt` try the next alternative;
/// `Fatal` carries a finished error and is always raised as `nom::Err::Failure` so that no
/// alternative swallows it.
#[derive(Debug, Clone, PartialEq)]
pub enum PErr {
    Backtrack,
    Fatal(Box<SyntaxError>),
}

impl<I> nom::error::ParseError<I> for PErr {
    fn from_error_kind(_input: I, _kind: nom::error::ErrorKind) -> Self {
        PErr::Backtrack
    }
    fn append(_input: I, _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

pub fn fatal<T>(e: SyntaxError) -> Result<T, nom::Err<PErr>> {
    Err(nom::Err::Failure(PErr::Fatal(Box::new(e))))
}

pub fn backtrack<T>() -> Result<T, nom::Err<PErr>> {
    Err(nom::Err::Error(PErr::Backtrack))
}
