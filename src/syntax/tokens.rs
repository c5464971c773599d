//! nom's view of the token stream: [`In`] implements `nom::Input` over a token slice and carries
//! the shared parse state ([`Ctx`]); the primitive parsers (`op`, `kw`, `name`, ...) that every
//! grammar rule is built from also record how far the parser looked ahead, which is where
//! CPython reports a generic `invalid syntax`.

use std::cell::{Cell, RefCell};

use nom::{IResult, Needed};

use super::ast::{Span, SyntaxError};
use super::error::{PErr, backtrack, fatal, syntax_error};
use super::lexer::{Kw, Op, TokKind, Token};

/// Nesting of recursive grammar rules (brackets, lambdas, conditional expressions...). Brackets
/// alone stop at 200 in the tokenizer, as in CPython; this bounds the rest so the parser's own
/// recursion stays within the stack `with_enough_stack` provides. CPython gives
/// `MemoryError`/`RecursionError` from about two thousand levels; we give a `SyntaxError`.
pub const MAX_NESTING: usize = 1000;
pub const MAX_EXPR_HEIGHT: usize = 1000;
pub const TOO_COMPLEX: &str = "expression too deeply nested";

pub struct Ctx<'a> {
    pub src: &'a str,
    pub toks: &'a [Token],
    /// The deferred tokenizer error behind the final `Error` token, if any.
    pub pending: Option<&'a SyntaxError>,
    /// Index of the furthest token any rule looked at.
    pub furthest: Cell<usize>,
    /// CPython's second pass: run the `invalid_*` rules that produce specific messages.
    pub invalid_pass: Cell<bool>,
    /// Parsing an f-string replacement field (errors get the `f-string: ` prefix).
    pub fstring: bool,
    pub depth: Cell<usize>,
    /// How many `def`s and lambdas enclose the current position (for `yield`/`await` messages).
    pub func_depth: Cell<usize>,
    /// Inside the speculative parse of CPython's `invalid_legacy_expression` (which we do not
    /// nest: CPython recurses once per juxtaposed name and runs out of stack).
    pub in_legacy_check: Cell<bool>,
    /// Errors CPython's symbol table would raise once parsing succeeded (duplicate parameters).
    pub deferred: RefCell<Vec<SyntaxError>>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        src: &'a str,
        toks: &'a [Token],
        pending: Option<&'a SyntaxError>,
        invalid_pass: bool,
    ) -> Self {
        Ctx {
            src,
            toks,
            pending,
            furthest: Cell::new(0),
            invalid_pass: Cell::new(invalid_pass),
            fstring: false,
            depth: Cell::new(0),
            func_depth: Cell::new(0),
            in_legacy_check: Cell::new(false),
            deferred: RefCell::new(Vec::new()),
        }
    }

    pub fn furthest_token(&self) -> Token {
        let idx = self.furthest.get().min(self.toks.len().saturating_sub(1));
        self.toks.get(idx).copied().unwrap_or(Token {
            kind: TokKind::EndMarker,
            start: 0,
            end: 0,
            level: 0,
        })
    }

    pub fn error(&self, message: impl Into<String>, span: Span) -> SyntaxError {
        let message = message.into();
        let message = if self.fstring {
            format!("f-string: {message}")
        } else {
            message
        };
        syntax_error(self.src, message, span)
    }
}

/// Decrements the nesting counter when a recursive rule returns.
pub struct DepthGuard<'a>(&'a Cell<usize>);

impl Drop for DepthGuard<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

#[derive(Clone, Copy)]
pub struct In<'a> {
    pub toks: &'a [Token],
    pub cx: &'a Ctx<'a>,
}

pub type PResult<'a, O> = IResult<In<'a>, O, PErr>;

impl<'a> In<'a> {
    /// Index of the next token in the whole stream.
    #[inline]
    pub fn pos(&self) -> usize {
        self.cx.toks.len() - self.toks.len()
    }

    /// The next token, without consuming it. Looking at the deferred tokenizer error token
    /// raises that error, as CPython does when its parser fetches it.
    #[inline]
    pub fn peek(&self) -> Result<Token, nom::Err<PErr>> {
        let pos = self.pos();
        if pos > self.cx.furthest.get() {
            self.cx.furthest.set(pos);
        }
        match self.toks.first() {
            Some(t) if t.kind != TokKind::Error => Ok(*t),
            _ => self.peek_end(),
        }
    }

    /// `peek` at the end of the stream, or at the tokenizer error that ends it.
    #[cold]
    fn peek_end(&self) -> Result<Token, nom::Err<PErr>> {
        match self.toks.first() {
            Some(t) if t.kind == TokKind::Error => match self.cx.pending {
                Some(e) => fatal(e.clone()),
                None => backtrack(),
            },
            Some(t) => Ok(*t),
            None => {
                let end = self.cx.src.len();
                Ok(Token {
                    kind: TokKind::EndMarker,
                    start: end,
                    end,
                    level: 0,
                })
            }
        }
    }

    /// The token after the next one (for two-token lookaheads such as `NAME '='`).
    #[inline]
    pub fn peek2(&self) -> Result<Token, nom::Err<PErr>> {
        self.advance().peek()
    }

    #[inline]
    pub fn kind(&self) -> Result<TokKind, nom::Err<PErr>> {
        Ok(self.peek()?.kind)
    }

    #[inline]
    pub fn is_op(&self, o: Op) -> Result<bool, nom::Err<PErr>> {
        Ok(self.kind()? == TokKind::Op(o))
    }

    #[inline]
    pub fn is_kw(&self, k: Kw) -> Result<bool, nom::Err<PErr>> {
        Ok(self.kind()? == TokKind::Kw(k))
    }

    #[inline]
    pub fn advance(self) -> In<'a> {
        In {
            toks: self.toks.get(1..).unwrap_or(&[]),
            cx: self.cx,
        }
    }

    #[inline]
    pub fn text(&self, t: &Token) -> &'a str {
        self.cx.src.get(t.start..t.end).unwrap_or("")
    }

    /// Enters a recursive rule; fails with a `SyntaxError` past [`MAX_NESTING`].
    pub fn enter(&self) -> Result<DepthGuard<'a>, nom::Err<PErr>> {
        let d = self.cx.depth.get() + 1;
        if d > MAX_NESTING {
            let t = self.peek()?;
            return fatal(self.cx.error(TOO_COMPLEX, t.span()));
        }
        self.cx.depth.set(d);
        Ok(DepthGuard(&self.cx.depth))
    }

    /// End offset of the token before the next one (the last consumed token).
    #[inline]
    pub fn prev_end(&self) -> usize {
        let p = self.pos();
        if p == 0 {
            0
        } else {
            self.cx.toks.get(p - 1).map_or(0, |t| t.end)
        }
    }
}

impl<'a> nom::Input for In<'a> {
    type Item = Token;
    type Iter = std::iter::Copied<std::slice::Iter<'a, Token>>;
    type IterIndices = std::iter::Enumerate<Self::Iter>;

    fn input_len(&self) -> usize {
        self.toks.len()
    }
    fn take(&self, index: usize) -> Self {
        In {
            toks: &self.toks[..index],
            cx: self.cx,
        }
    }
    fn take_from(&self, index: usize) -> Self {
        In {
            toks: &self.toks[index..],
            cx: self.cx,
        }
    }
    fn take_split(&self, index: usize) -> (Self, Self) {
        let (a, b) = self.toks.split_at(index);
        (
            In {
                toks: b,
                cx: self.cx,
            },
            In {
                toks: a,
                cx: self.cx,
            },
        )
    }
    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.toks.iter().position(|t| predicate(*t))
    }
    fn iter_elements(&self) -> Self::Iter {
        self.toks.iter().copied()
    }
    fn iter_indices(&self) -> Self::IterIndices {
        self.iter_elements().enumerate()
    }
    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.toks.len() >= count {
            Ok(count)
        } else {
            Err(Needed::new(count - self.toks.len()))
        }
    }
}

/// One token of the given kind.
pub fn tok<'a>(kind: TokKind) -> impl Fn(In<'a>) -> PResult<'a, Token> {
    move |i: In<'a>| {
        let t = i.peek()?;
        if t.kind == kind {
            Ok((i.advance(), t))
        } else {
            backtrack()
        }
    }
}

pub fn op<'a>(o: Op) -> impl Fn(In<'a>) -> PResult<'a, Token> {
    tok(TokKind::Op(o))
}

pub fn kw<'a>(k: Kw) -> impl Fn(In<'a>) -> PResult<'a, Token> {
    tok(TokKind::Kw(k))
}

pub fn name(i: In<'_>) -> PResult<'_, Token> {
    tok(TokKind::Name)(i)
}

pub fn newline(i: In<'_>) -> PResult<'_, Token> {
    tok(TokKind::Newline)(i)
}

/// CPython's forced token (`&&':'` in its grammar): anything else is `expected ':'` right there,
/// in the first pass already.
pub fn forced<'a>(o: Op, what: &'static str) -> impl Fn(In<'a>) -> PResult<'a, Token> {
    move |i: In<'a>| {
        let t = i.peek()?;
        if t.kind == TokKind::Op(o) {
            Ok((i.advance(), t))
        } else {
            fatal(i.cx.error(format!("expected '{what}'"), t.span()))
        }
    }
}

/// A `Fatal` error at the token following the furthest one looked at (CPython's
/// `RAISE_SYNTAX_ERROR` without a location uses the last token it fetched).
pub fn fatal_at_furthest<T>(i: In<'_>, message: impl Into<String>) -> Result<T, nom::Err<PErr>> {
    let t = i.cx.furthest_token();
    fatal(i.cx.error(message, t.span()))
}

pub fn fatal_at<T>(i: In<'_>, message: impl Into<String>, span: Span) -> Result<T, nom::Err<PErr>> {
    fatal(i.cx.error(message, span))
}

/// Result of a speculative parse: `None` when it does not match; final errors propagate (as in
/// CPython, where an error raised anywhere stops the whole parse).
pub fn attempt<T>(r: PResult<'_, T>) -> Result<Option<(In<'_>, T)>, nom::Err<PErr>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(nom::Err::Error(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether a speculative parse matches (final errors propagate).
pub fn succeeds<T>(r: PResult<'_, T>) -> Result<bool, nom::Err<PErr>> {
    Ok(attempt(r)?.is_some())
}
