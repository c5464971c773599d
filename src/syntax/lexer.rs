//! Tokenizer: source text → NAME/NUMBER/STRING/OP/NEWLINE/INDENT/DEDENT tokens, following
//! CPython 3.11's `Parser/tokenizer.c` closely enough to reproduce its error messages and
//! positions (unterminated strings, bad number literals, unmatched brackets, indentation).
//!
//! CPython's tokenizer is lazy: the parser sees a tokenizer error when it fetches the token
//! where it occurs. We tokenize eagerly, end the stream with an [`TokKind::Error`] token at the
//! first error and keep the error in [`Lexed::pending`]; the parser raises it when it looks at
//! that token. When the parser fails before, CPython still tokenizes the rest of the input, and
//! some tokenizer errors then win over the parser's (see [`LexErrorKind`]).

use super::ast::{Span, SyntaxError, SyntaxErrorKind};
use super::error::{error_at, error_on_char, syntax_error};

/// CPython's `MAXLEVEL`: deeper bracket nesting is "too many nested parentheses".
pub const MAX_BRACKET_DEPTH: usize = 200;
/// CPython's `MAXINDENT`.
const MAX_INDENT: usize = 100;
const TAB_SIZE: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kw {
    False,
    None,
    True,
    And,
    As,
    Assert,
    Async,
    Await,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    Try,
    While,
    With,
    Yield,
}

impl Kw {
    pub fn lookup(s: &str) -> Option<Kw> {
        Some(match s {
            "False" => Kw::False,
            "None" => Kw::None,
            "True" => Kw::True,
            "and" => Kw::And,
            "as" => Kw::As,
            "assert" => Kw::Assert,
            "async" => Kw::Async,
            "await" => Kw::Await,
            "break" => Kw::Break,
            "class" => Kw::Class,
            "continue" => Kw::Continue,
            "def" => Kw::Def,
            "del" => Kw::Del,
            "elif" => Kw::Elif,
            "else" => Kw::Else,
            "except" => Kw::Except,
            "finally" => Kw::Finally,
            "for" => Kw::For,
            "from" => Kw::From,
            "global" => Kw::Global,
            "if" => Kw::If,
            "import" => Kw::Import,
            "in" => Kw::In,
            "is" => Kw::Is,
            "lambda" => Kw::Lambda,
            "nonlocal" => Kw::Nonlocal,
            "not" => Kw::Not,
            "or" => Kw::Or,
            "pass" => Kw::Pass,
            "raise" => Kw::Raise,
            "return" => Kw::Return,
            "try" => Kw::Try,
            "while" => Kw::While,
            "with" => Kw::With,
            "yield" => Kw::Yield,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    LPar,
    RPar,
    LSqb,
    RSqb,
    LBrace,
    RBrace,
    Colon,
    Comma,
    Semi,
    Plus,
    Minus,
    Star,
    Slash,
    VBar,
    Amper,
    Less,
    Greater,
    Equal,
    Dot,
    Percent,
    EqEqual,
    NotEqual,
    LessEqual,
    GreaterEqual,
    Tilde,
    Circumflex,
    LeftShift,
    RightShift,
    DoubleStar,
    PlusEqual,
    MinEqual,
    StarEqual,
    SlashEqual,
    PercentEqual,
    AmperEqual,
    VBarEqual,
    CircumflexEqual,
    LeftShiftEqual,
    RightShiftEqual,
    DoubleStarEqual,
    DoubleSlash,
    DoubleSlashEqual,
    At,
    AtEqual,
    RArrow,
    Ellipsis,
    ColonEqual,
    /// `<>`: a token to CPython's tokenizer that its parser rejects outside "Barry as FLUFL" mode.
    LtGt,
    /// `!`, `$`, `?`, `` ` ``: single characters that are no Python operator.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Name,
    Number,
    Str,
    Kw(Kw),
    Op(Op),
    Newline,
    Indent,
    Dedent,
    EndMarker,
    /// The deferred tokenizer error in [`Lexed::pending`]; always the last token.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
    /// Bracket depth after this token, as CPython records it (used by the "forgot a comma" hint).
    pub level: u32,
}

impl Token {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// How CPython would surface the tokenizer error that ends the token stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexErrorKind {
    /// Raised as soon as it is tokenized: also reported when the parser failed earlier.
    Immediate,
    /// Only reported when the parser reaches it.
    Deferred,
    /// End of input inside brackets (the innermost open one: char, byte offset); also reported
    /// when the parser failed on a later line than that bracket.
    Unclosed(u8, usize),
}

#[derive(Debug)]
pub struct Lexed {
    pub tokens: Vec<Token>,
    /// The tokenizer error behind the final `Error` token, if any.
    pub pending: Option<(SyntaxError, LexErrorKind)>,
}

/// Where CPython puts ENDMARKER and the DEDENTs at end of input: on the last line read, one past
/// its last character (its newline, or the end of text when there is none).
pub fn eof_pos(src: &str) -> usize {
    let b = src.as_bytes();
    match b.last() {
        Some(b'\n') if b.len() >= 2 && b[b.len() - 2] == b'\r' => b.len() - 2,
        Some(b'\n') | Some(b'\r') => b.len() - 1,
        _ => b.len(),
    }
}

/// Bytes that may continue an identifier (ASCII letters, digits, `_`, and every non-ASCII byte,
/// checked properly in `verify_identifier`), as a table: the identifier loop is the lexer's
/// hottest.
const ID_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_' || b >= 128;
        c += 1;
    }
    t
};

fn is_id_start_byte(c: u8) -> bool {
    ID_BYTES[c as usize] && !c.is_ascii_digit()
}

fn is_id_byte(c: u8) -> bool {
    ID_BYTES[c as usize]
}

/// Approximates Unicode XID_Start (std has no property tables; close enough for identifiers
/// people actually type — see the module docs of `syntax` for what differs).
fn is_xid_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_xid_continue(c: char) -> bool {
    is_xid_start(c)
        || c.is_numeric()
        || matches!(c,
            '\u{00B7}' | '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0487}' | '\u{0591}'..='\u{05C7}'
            | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}'
            | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{0951}'..='\u{0957}'
            | '\u{0962}'..='\u{0963}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
            | '\u{200C}' | '\u{200D}' | '\u{203F}' | '\u{2040}' | '\u{2054}' | '\u{20D0}'..='\u{20F0}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}' | '\u{FE33}' | '\u{FE34}'
            | '\u{FE4D}'..='\u{FE4F}' | '\u{FF3F}' | '\u{E0100}'..='\u{E01EF}')
}

pub use crate::util::pystr::is_printable;

/// `invalid character '€' (U+20AC)` / `invalid non-printable character U+00A0`.
pub fn invalid_char_message(c: char) -> String {
    if is_printable(c) {
        format!("invalid character '{c}' (U+{:04X})", c as u32)
    } else {
        format!("invalid non-printable character U+{:04X}", c as u32)
    }
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    end: usize,
    toks: Vec<Token>,
    /// (column with tabs to 8, column with tabs to 1): CPython checks both to detect
    /// inconsistent tab/space mixes.
    indents: Vec<(usize, usize)>,
    /// Open brackets: (char, byte offset).
    parens: Vec<(u8, usize)>,
    atbol: bool,
    /// The current line holds only blanks and a comment.
    blankline: bool,
    /// Inside an f-string replacement field: behaves as if within one pair of brackets.
    base_level: usize,
}

enum Stop {
    Immediate(SyntaxError),
    Deferred(SyntaxError),
    /// End of input inside brackets (deferred too).
    Unclosed(SyntaxError),
}

impl<'a> Lexer<'a> {
    fn level(&self) -> usize {
        self.parens.len() + self.base_level
    }

    fn peek(&self, off: usize) -> u8 {
        let p = self.pos + off;
        if p < self.end { self.b[p] } else { 0 }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    fn push(&mut self, kind: TokKind, start: usize, end: usize) {
        let level = self.level() as u32;
        self.toks.push(Token {
            kind,
            start,
            end,
            level,
        });
    }

    fn is_newline_at(&self, p: usize) -> bool {
        p < self.end && (self.b[p] == b'\n' || self.b[p] == b'\r')
    }

    /// Length of the line break at `p` (0 if none).
    fn newline_len(&self, p: usize) -> usize {
        if p >= self.end {
            return 0;
        }
        match self.b[p] {
            b'\n' => 1,
            b'\r' if p + 1 < self.end && self.b[p + 1] == b'\n' => 2,
            b'\r' => 1,
            _ => 0,
        }
    }

    fn immediate(&self, message: impl Into<String>, last: usize, span: Span) -> Stop {
        Stop::Immediate(error_on_char(
            self.src,
            SyntaxErrorKind::SyntaxError,
            message,
            last,
            span,
        ))
    }

    fn run(&mut self) -> Result<(), Stop> {
        loop {
            if self.atbol {
                self.atbol = false;
                self.blankline = false;
                if self.base_level == 0 && self.parens.is_empty() {
                    self.indentation()?;
                }
            }
            // Skip blanks between tokens.
            let rest = &self.b[self.pos.min(self.end)..self.end];
            self.pos += rest
                .iter()
                .position(|c| !matches!(c, b' ' | b'\t' | b'\x0c'))
                .unwrap_or(rest.len());
            let start = self.pos;
            if !self.at_end() && self.b[self.pos] == b'#' {
                while !self.at_end() && !self.is_newline_at(self.pos) {
                    self.pos += 1;
                }
            }
            if self.at_end() {
                if self.level() > 0 {
                    if self.base_level > 0 && self.parens.is_empty() {
                        self.push(TokKind::EndMarker, self.end, self.end);
                        return Ok(());
                    }
                    return Err(self.unclosed_error());
                }
                // CPython appends a newline to source lacking one: the last logical line still
                // gets its NEWLINE token, then DEDENTs and ENDMARKER at the end.
                if self
                    .toks
                    .last()
                    .is_some_and(|t| !matches!(t.kind, TokKind::Newline | TokKind::Dedent))
                {
                    self.push(TokKind::Newline, start, self.end);
                }
                let eof = eof_pos(self.src).min(self.end);
                while self.indents.len() > 1 {
                    self.indents.pop();
                    self.push(TokKind::Dedent, eof, eof);
                }
                self.push(TokKind::EndMarker, eof, eof);
                return Ok(());
            }
            let c = self.b[self.pos];
            if c == b'\n' || c == b'\r' {
                let nl = self.newline_len(self.pos);
                self.pos += nl;
                self.atbol = true;
                if self.level() == 0 && !self.blankline {
                    let end = self.pos;
                    self.push(TokKind::Newline, start, end);
                }
                continue;
            }
            if is_id_start_byte(c) {
                self.name_or_string()?;
                continue;
            }
            if c == b'.' {
                if self.peek(1).is_ascii_digit() {
                    self.number()?;
                } else if self.peek(1) == b'.' && self.peek(2) == b'.' {
                    self.pos += 3;
                    self.push(TokKind::Op(Op::Ellipsis), start, self.pos);
                } else {
                    self.pos += 1;
                    self.push(TokKind::Op(Op::Dot), start, self.pos);
                }
                continue;
            }
            if c.is_ascii_digit() {
                self.number()?;
                continue;
            }
            if c == b'\'' || c == b'"' {
                self.string(start)?;
                continue;
            }
            if c == b'\\' {
                self.continuation(self.pos)?;
                continue;
            }
            self.operator()?;
        }
    }

    /// Reads the indentation of a new line and emits INDENT/DEDENT; blank and comment-only lines
    /// only set `blankline` (they neither change the indentation nor produce a NEWLINE).
    fn indentation(&mut self) -> Result<(), Stop> {
        let line_start = self.pos;
        let (mut col, mut altcol) = (0usize, 0usize);
        let mut cont_line_col: Option<(usize, usize)> = None;
        loop {
            match self.peek(0) {
                b' ' if !self.at_end() => {
                    col += 1;
                    altcol += 1;
                    self.pos += 1;
                }
                b'\t' if !self.at_end() => {
                    col = (col / TAB_SIZE + 1) * TAB_SIZE;
                    altcol += 1;
                    self.pos += 1;
                }
                b'\x0c' if !self.at_end() => {
                    col = 0;
                    altcol = 0;
                    self.pos += 1;
                }
                b'\\' if !self.at_end() => {
                    // The first backslash continuation decides the indentation of what follows.
                    cont_line_col.get_or_insert((col, altcol));
                    let bs = self.pos;
                    self.continuation(bs)?;
                }
                _ => break,
            }
        }
        let c = self.peek(0);
        let blank = !self.at_end() && (c == b'#' || c == b'\n' || c == b'\r');
        if blank {
            self.blankline = true;
            return Ok(());
        }
        if let Some((c, a)) = cont_line_col {
            col = c;
            altcol = a;
        }
        let (top, alttop) = self.indents.last().copied().unwrap_or((0, 0));
        let here = self.pos;
        if self.at_end() {
            // End of input: the EOF handling in `run` emits the DEDENTs.
            return Ok(());
        }
        if col == top {
            if altcol != alttop {
                return Err(self.tab_error(line_start));
            }
        } else if col > top {
            if self.indents.len() >= MAX_INDENT {
                return Err(Stop::Deferred(error_at(
                    self.src,
                    SyntaxErrorKind::IndentationError,
                    "too many levels of indentation",
                    Span::new(line_start, here),
                )));
            }
            if altcol <= alttop {
                return Err(self.tab_error(line_start));
            }
            self.indents.push((col, altcol));
            self.push(TokKind::Indent, here, here);
        } else {
            let mut dedents = 0;
            while self.indents.len() > 1 && col < self.indents.last().map_or(0, |t| t.0) {
                self.indents.pop();
                dedents += 1;
            }
            let (top, alttop) = self.indents.last().copied().unwrap_or((0, 0));
            if col != top {
                // CPython reports this one at the end of the offending line.
                let mut eol = here;
                while eol < self.end && !self.is_newline_at(eol) {
                    eol += 1;
                }
                return Err(Stop::Deferred(error_on_char(
                    self.src,
                    SyntaxErrorKind::IndentationError,
                    "unindent does not match any outer indentation level",
                    eol,
                    Span::new(line_start, here),
                )));
            }
            if altcol != alttop {
                return Err(self.tab_error(line_start));
            }
            for _ in 0..dedents {
                self.push(TokKind::Dedent, here, here);
            }
        }
        Ok(())
    }

    /// CPython raises `TabError` (a subclass of `IndentationError`, which is the closest kind we
    /// have) at column 1 of the line.
    fn tab_error(&self, line_start: usize) -> Stop {
        Stop::Deferred(error_at(
            self.src,
            SyntaxErrorKind::IndentationError,
            "inconsistent use of tabs and spaces in indentation",
            Span::new(line_start, line_start),
        ))
    }

    fn unclosed_error(&self) -> Stop {
        match self.parens.last() {
            Some(&(c, pos)) => Stop::Unclosed(unclosed_bracket_error(self.src, c, pos)),
            None => Stop::Deferred(syntax_error(
                self.src,
                "unexpected EOF while parsing",
                Span::new(self.end, self.end),
            )),
        }
    }

    /// A backslash outside a string at `bs`: must be followed by a line break.
    fn continuation(&mut self, bs: usize) -> Result<(), Stop> {
        let nl = self.newline_len(bs + 1);
        if nl == 0 {
            if bs + 1 >= self.end {
                // "x = 1 \" at the very end: CPython appended a newline, then hit EOF.
                return Err(Stop::Deferred(error_on_char(
                    self.src,
                    SyntaxErrorKind::SyntaxError,
                    "unexpected EOF while parsing",
                    self.end,
                    Span::new(bs, self.end),
                )));
            }
            return Err(Stop::Deferred(error_on_char(
                self.src,
                SyntaxErrorKind::SyntaxError,
                "unexpected character after line continuation character",
                bs + 1,
                Span::new(bs, bs + 1),
            )));
        }
        self.pos = bs + 1 + nl;
        if self.at_end() {
            return Err(Stop::Deferred(error_on_char(
                self.src,
                SyntaxErrorKind::SyntaxError,
                "unexpected EOF while parsing",
                bs + 1,
                Span::new(bs, self.end),
            )));
        }
        Ok(())
    }

    fn name_or_string(&mut self) -> Result<(), Stop> {
        let start = self.pos;
        // String prefixes: b, r, u, f in the combinations Python allows.
        let (mut saw_b, mut saw_r, mut saw_u, mut saw_f) = (false, false, false, false);
        let mut p = self.pos;
        loop {
            let c = if p < self.end { self.b[p] } else { 0 };
            match c {
                b'b' | b'B' if !(saw_b || saw_u || saw_f) => saw_b = true,
                b'u' | b'U' if !(saw_b || saw_u || saw_r || saw_f) => saw_u = true,
                b'r' | b'R' if !(saw_r || saw_u) => saw_r = true,
                b'f' | b'F' if !(saw_f || saw_b || saw_u) => saw_f = true,
                _ => break,
            }
            p += 1;
            if p < self.end && (self.b[p] == b'"' || self.b[p] == b'\'') {
                self.pos = p;
                return self.string(start);
            }
        }
        // Over a slice, so the loop runs without bounds checks (it is the lexer's hottest).
        let rest = &self.b[self.pos..self.end];
        let len = rest
            .iter()
            .position(|&c| !is_id_byte(c))
            .unwrap_or(rest.len());
        let nonascii = !rest[..len].is_ascii();
        let p = self.pos + len;
        self.pos = p;
        let text = &self.src[start..p];
        if nonascii {
            self.verify_identifier(start, text)?;
        }
        let kind = match Kw::lookup(text) {
            Some(k) => TokKind::Kw(k),
            None => TokKind::Name,
        };
        self.push(kind, start, p);
        Ok(())
    }

    fn verify_identifier(&self, start: usize, text: &str) -> Result<(), Stop> {
        for (n, (off, ch)) in text.char_indices().enumerate() {
            let ok = if n == 0 {
                is_xid_start(ch)
            } else {
                is_xid_continue(ch)
            };
            if !ok {
                let at = start + off;
                return Err(self.immediate(
                    invalid_char_message(ch),
                    at,
                    Span::new(at, at + ch.len_utf8()),
                ));
            }
        }
        Ok(())
    }

    /// Scans a string literal whose prefix starts at `start` and whose opening quote is at
    /// `self.pos`. Only finds its end; decoding happens in `strings.rs`.
    fn string(&mut self, start: usize) -> Result<(), Stop> {
        let quote = self.b[self.pos];
        let triple = self.peek(1) == quote && self.peek(2) == quote;
        let qlen = if triple { 3 } else { 1 };
        let mut p = self.pos + qlen;
        if !triple && self.peek(1) == quote {
            // Empty string.
            self.pos += 2;
            self.push(TokKind::Str, start, self.pos);
            return Ok(());
        }
        loop {
            if p >= self.end || (!triple && self.is_newline_at(p)) {
                let detected =
                    super::error::line_of(self.src, p.min(eof_pos(self.src)).min(self.end));
                let msg = if triple {
                    format!(
                        "unterminated triple-quoted string literal (detected at line {detected})"
                    )
                } else {
                    format!("unterminated string literal (detected at line {detected})")
                };
                return Err(self.immediate(msg, start, Span::new(start, p)));
            }
            let c = self.b[p];
            if c == quote {
                if !triple {
                    p += 1;
                    break;
                }
                if p + 2 < self.end && self.b[p + 1] == quote && self.b[p + 2] == quote {
                    p += 3;
                    break;
                }
                p += 1;
            } else if c == b'\\' {
                p += 1;
                if p < self.end {
                    // An escaped \r\n counts as one character.
                    p += self.newline_len(p).max(1);
                }
            } else {
                p += 1;
            }
        }
        // Non-ASCII content can end mid-character only if the quote search ran off a char
        // boundary, which it cannot: quotes and backslashes are ASCII.
        self.pos = p;
        self.push(TokKind::Str, start, p);
        Ok(())
    }

    fn number(&mut self) -> Result<(), Stop> {
        let start = self.pos;
        let src_end = self.end;
        let b = self.b;
        let at = |p: usize| if p < src_end { b[p] } else { 0 };
        let mut p = self.pos;
        let c0 = at(p);
        let radix_digits = |c: u8, radix: u32| (c as char).is_digit(radix);
        if c0 == b'0' && matches!(at(p + 1), b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
            let (radix, kind) = match at(p + 1) {
                b'x' | b'X' => (16, "hexadecimal"),
                b'o' | b'O' => (8, "octal"),
                _ => (2, "binary"),
            };
            p += 2;
            loop {
                if at(p) == b'_' {
                    p += 1;
                }
                let c = at(p);
                if !radix_digits(c, radix) {
                    if radix != 16 && c.is_ascii_digit() {
                        return Err(self.immediate(
                            format!("invalid digit '{}' in {kind} literal", c as char),
                            p,
                            Span::new(p, p + 1),
                        ));
                    }
                    return Err(self.immediate(
                        format!("invalid {kind} literal"),
                        p - 1,
                        Span::new(start, p),
                    ));
                }
                while radix_digits(at(p), radix) {
                    p += 1;
                }
                if at(p) != b'_' {
                    break;
                }
            }
            if radix != 16 && at(p).is_ascii_digit() {
                return Err(self.immediate(
                    format!("invalid digit '{}' in {kind} literal", at(p) as char),
                    p,
                    Span::new(p, p + 1),
                ));
            }
            p = self.end_of_number(start, p, kind)?;
            self.pos = p;
            self.push(TokKind::Number, start, p);
            return Ok(());
        }
        let mut c;
        if c0 == b'.' {
            // ".5": fraction right away.
            p += 1;
            p = self.decimal_tail(start, p)?;
            c = at(p);
        } else {
            let leading_zero = c0 == b'0';
            p = self.decimal_tail(start, p)?;
            c = at(p);
            let digits_nonzero =
                leading_zero && self.src[start..p].bytes().any(|d| d != b'0' && d != b'_');
            if c == b'.' {
                p += 1;
                if at(p).is_ascii_digit() {
                    p = self.decimal_tail(start, p)?;
                }
                c = at(p);
            } else if leading_zero && digits_nonzero && !matches!(c, b'e' | b'E' | b'j' | b'J') {
                let zeros_end = start
                    + self.src[start..p]
                        .bytes()
                        .take_while(|&d| d == b'0' || d == b'_')
                        .count();
                return Err(Stop::Immediate(SyntaxError {
                    kind: SyntaxErrorKind::SyntaxError,
                    message: "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers".into(),
                    span: Span::new(start, zeros_end.max(start + 1)),
                    line: super::error::line_of(self.src, start),
                    column: super::error::chars_before(self.src, start) + 1,
                }));
            }
        }
        if c == b'e' || c == b'E' {
            let e_at = p;
            let mut q = p + 1;
            if at(q) == b'+' || at(q) == b'-' {
                q += 1;
                if !at(q).is_ascii_digit() {
                    return Err(self.immediate(
                        "invalid decimal literal",
                        q - 1,
                        Span::new(start, q),
                    ));
                }
            } else if !at(q).is_ascii_digit() {
                // "1e" / "1else": the number ends before the 'e'.
                let p2 = self.end_of_number(start, e_at, "decimal")?;
                self.pos = p2;
                self.push(TokKind::Number, start, p2);
                return Ok(());
            }
            p = self.decimal_tail(start, q)?;
            c = at(p);
        }
        if c == b'j' || c == b'J' {
            p += 1;
            p = self.end_of_number(start, p, "imaginary")?;
        } else {
            p = self.end_of_number(start, p, "decimal")?;
        }
        self.pos = p;
        self.push(TokKind::Number, start, p);
        Ok(())
    }

    /// Digits with single underscores between them, from `p`; returns the end.
    fn decimal_tail(&self, start: usize, mut p: usize) -> Result<usize, Stop> {
        let at = |p: usize| if p < self.end { self.b[p] } else { 0 };
        loop {
            while at(p).is_ascii_digit() {
                p += 1;
            }
            if at(p) != b'_' {
                return Ok(p);
            }
            p += 1;
            if !at(p).is_ascii_digit() {
                return Err(self.immediate("invalid decimal literal", p - 1, Span::new(start, p)));
            }
        }
    }

    /// CPython's `verify_end_of_number`: a number running straight into letters is an error,
    /// except before the keywords that may legally follow a number (`1if x else 2`).
    fn end_of_number(&self, start: usize, p: usize, kind: &str) -> Result<usize, Stop> {
        let rest = &self.b[p.min(self.end)..self.end];
        // As CPython's `lookahead()`: the whole keyword, except after `i` where one letter is
        // enough.
        let keyword_follows = rest.len() >= 2
            && rest[0] == b'i'
            && matches!(rest[1], b'f' | b'n' | b's')
            || ["and", "else", "for", "or", "not"].iter().any(|k| {
                rest.starts_with(k.as_bytes()) && !rest.get(k.len()).is_some_and(|&c| is_id_byte(c))
            });
        if keyword_follows {
            return Ok(p);
        }
        if p < self.end && is_id_byte(self.b[p]) {
            let last = p.saturating_sub(1).max(start);
            return Err(self.immediate(
                format!("invalid {kind} literal"),
                last,
                Span::new(start, p + 1),
            ));
        }
        Ok(p)
    }

    fn operator(&mut self) -> Result<(), Stop> {
        let start = self.pos;
        let c = self.b[self.pos];
        let c2 = self.peek(1);
        let c3 = self.peek(2);
        let three = match (c, c2, c3) {
            (b'*', b'*', b'=') => Some(Op::DoubleStarEqual),
            (b'/', b'/', b'=') => Some(Op::DoubleSlashEqual),
            (b'<', b'<', b'=') => Some(Op::LeftShiftEqual),
            (b'>', b'>', b'=') => Some(Op::RightShiftEqual),
            _ => None,
        };
        if let Some(op) = three {
            self.pos += 3;
            self.push(TokKind::Op(op), start, self.pos);
            return Ok(());
        }
        let two = match (c, c2) {
            (b'!', b'=') => Some(Op::NotEqual),
            (b'%', b'=') => Some(Op::PercentEqual),
            (b'&', b'=') => Some(Op::AmperEqual),
            (b'*', b'*') => Some(Op::DoubleStar),
            (b'*', b'=') => Some(Op::StarEqual),
            (b'+', b'=') => Some(Op::PlusEqual),
            (b'-', b'=') => Some(Op::MinEqual),
            (b'-', b'>') => Some(Op::RArrow),
            (b'/', b'/') => Some(Op::DoubleSlash),
            (b'/', b'=') => Some(Op::SlashEqual),
            (b':', b'=') => Some(Op::ColonEqual),
            (b'<', b'<') => Some(Op::LeftShift),
            (b'<', b'=') => Some(Op::LessEqual),
            (b'<', b'>') => Some(Op::LtGt),
            (b'=', b'=') => Some(Op::EqEqual),
            (b'>', b'=') => Some(Op::GreaterEqual),
            (b'>', b'>') => Some(Op::RightShift),
            (b'@', b'=') => Some(Op::AtEqual),
            (b'^', b'=') => Some(Op::CircumflexEqual),
            (b'|', b'=') => Some(Op::VBarEqual),
            _ => None,
        };
        if let Some(op) = two {
            self.pos += 2;
            self.push(TokKind::Op(op), start, self.pos);
            return Ok(());
        }
        let op = match c {
            b'(' | b'[' | b'{' => {
                if self.level() >= MAX_BRACKET_DEPTH {
                    return Err(self.immediate(
                        "too many nested parentheses",
                        start,
                        Span::new(start, start + 1),
                    ));
                }
                self.parens.push((c, start));
                match c {
                    b'(' => Op::LPar,
                    b'[' => Op::LSqb,
                    _ => Op::LBrace,
                }
            }
            b')' | b']' | b'}' => {
                let Some((open, open_pos)) = self.parens.pop() else {
                    return Err(self.immediate(
                        format!("unmatched '{}'", c as char),
                        start,
                        Span::new(start, start + 1),
                    ));
                };
                let matches = matches!((open, c), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
                if !matches {
                    let open_line = super::error::line_of(self.src, open_pos);
                    let msg = if open_line != super::error::line_of(self.src, start) {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}' on line {open_line}",
                            c as char, open as char
                        )
                    } else {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}'",
                            c as char, open as char
                        )
                    };
                    return Err(self.immediate(msg, start, Span::new(start, start + 1)));
                }
                match c {
                    b')' => Op::RPar,
                    b']' => Op::RSqb,
                    _ => Op::RBrace,
                }
            }
            b':' => Op::Colon,
            b',' => Op::Comma,
            b';' => Op::Semi,
            b'+' => Op::Plus,
            b'-' => Op::Minus,
            b'*' => Op::Star,
            b'/' => Op::Slash,
            b'|' => Op::VBar,
            b'&' => Op::Amper,
            b'<' => Op::Less,
            b'>' => Op::Greater,
            b'=' => Op::Equal,
            b'%' => Op::Percent,
            b'~' => Op::Tilde,
            b'^' => Op::Circumflex,
            b'@' => Op::At,
            c if c < 0x20 || c == 0x7f => {
                return Err(self.immediate(
                    invalid_char_message(c as char),
                    start,
                    Span::new(start, start + 1),
                ));
            }
            _ => Op::Unknown,
        };
        self.pos += 1;
        self.push(TokKind::Op(op), start, self.pos);
        Ok(())
    }
}

pub fn unclosed_bracket_error(src: &str, c: u8, pos: usize) -> SyntaxError {
    syntax_error(
        src,
        format!("'{}' was never closed", c as char),
        Span::new(pos, pos + 1),
    )
}

/// Tokenizes a whole module. A tokenizer error ends the stream with an `Error` token.
pub fn tokenize(src: &str) -> Lexed {
    run_lexer(src, 0, src.len(), 0)
}

/// Tokenizes the replacement-field expression `src[start..end]` of an f-string: no NEWLINE or
/// indentation tokens, as if it were wrapped in parentheses (which is what CPython 3.11 does).
pub fn tokenize_fstring_expr(src: &str, start: usize, end: usize) -> Lexed {
    run_lexer(src, start, end, 1)
}

fn run_lexer(src: &str, start: usize, end: usize, base_level: usize) -> Lexed {
    let mut lx = Lexer {
        src,
        b: src.as_bytes(),
        pos: start,
        end,
        toks: Vec::with_capacity((end - start) / 3 + 4),
        indents: vec![(0, 0)],
        parens: Vec::new(),
        atbol: base_level == 0,
        blankline: false,
        base_level,
    };
    let stop = lx.run();
    let pending = match stop {
        Ok(()) => {
            return Lexed {
                tokens: lx.toks,
                pending: None,
            };
        }
        Err(Stop::Immediate(e)) => (e, LexErrorKind::Immediate),
        Err(Stop::Deferred(e)) => (e, LexErrorKind::Deferred),
        Err(Stop::Unclosed(e)) => {
            let (c, pos) = lx.parens.last().copied().unwrap_or((b'(', 0));
            (e, LexErrorKind::Unclosed(c, pos))
        }
    };
    let at = lx.pos.min(end);
    lx.push(TokKind::Error, at, at);
    Lexed {
        tokens: lx.toks,
        pending: Some(pending),
    }
}
