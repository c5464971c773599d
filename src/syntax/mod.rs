//! Python subset → AST with spans. Knows nothing of Django, SQL or the database.
//!
//! Entry points: [`parse_module`] for statements (a shell input or a whole `models.py`) and
//! [`parse_expression`] for text that must be one expression (Python's `eval` mode).
//!
//! The pipeline mirrors CPython 3.11 so that errors read the same: a hand-written tokenizer
//! (`lexer`) produces tokens including INDENT/DEDENT; a nom grammar over those tokens (`expr`,
//! `stmt`, `params`) builds the AST; if that first pass fails, a second pass with CPython's
//! `invalid_*` rules enabled looks for a specific message, falling back to `invalid syntax` at
//! the furthest token the first pass reached; finally `check` reports the errors CPython's
//! compiler raises for parseable code (`'return' outside function`, ...).
//!
//! Deeply nested input is parsed on a helper thread with a large stack (see
//! `with_enough_stack`); everything people type is parsed on the caller's thread.
//!
//! Known differences from CPython 3.11:
//! * identifiers are not NFKC-normalised, and the Unicode identifier tables are approximated
//!   with `char::is_alphabetic`/`is_numeric` plus common combining marks;
//! * `\N{...}` escapes are rejected with a message saying so; lone surrogates from `\ud800`
//!   escapes become U+FFFD;
//! * `yield`, `await`, `async`, `match` and `except*` are not supported (our AST has no nodes
//!   for them): `yield`/`await` parse and are then reported as CPython's compiler reports them
//!   outside a function, or as unsupported inside one; type comments are ignored;
//! * compile-time checks cover `return`/`break`/`continue` placement, starred targets and
//!   expressions, repeated keyword arguments, duplicate parameters and module-level
//!   `nonlocal`, not the rest of CPython's symbol table (`no binding for nonlocal`, ...);
//! * `TabError` is reported as an `IndentationError` (its base class);
//! * errors inside f-string replacement fields point at the real source position, where 3.11
//!   reports a position relative to the field;
//! * where CPython's parser would raise `MemoryError` or its compiler `RecursionError` (a few
//!   thousand levels), we give a `SyntaxError` earlier: "too many nested parentheses" past 200
//!   brackets (exactly as CPython), "expression too deeply nested" past `MAX_NESTING` recursive
//!   rules or an expression tree taller than about `MAX_EXPR_HEIGHT`, "too many 'elif'
//!   branches" past 200 `elif`s;
//! * source containing a NUL character gives CPython's message, located at the NUL (CPython
//!   gives no location).
pub mod ast;
mod check;
mod error;
mod expr;
mod lexer;
mod number;
mod params;
mod stmt;
mod strings;
mod targets;
mod tokens;

pub use ast::*;

use error::PErr;
use lexer::{LexErrorKind, Lexed, TokKind, Token};
use tokens::{Ctx, In, PResult};

/// Parses `src` as a sequence of statements (Python's `exec` mode).
pub fn parse_module(src: &str) -> Result<Vec<Stmt>, SyntaxError> {
    reject_nul(src)?;
    let lexed = lexer::tokenize(src);
    with_enough_stack(src, &lexed, || {
        let (body, deferred) = run(src, &lexed, &Opts::default(), stmt::file)?;
        check::check_module(src, &body, deferred)?;
        Ok(body)
    })
}

/// Parses `src` as exactly one expression, surrounding whitespace and newlines allowed
/// (Python's `eval` mode).
pub fn parse_expression(src: &str) -> Result<Expr, SyntaxError> {
    reject_nul(src)?;
    let lexed = lexer::tokenize(src);
    let (e, deferred) = with_enough_stack(src, &lexed, || {
        run(src, &lexed, &Opts::default(), eval_rule)
    })?;
    if let Some(d) = deferred.into_iter().next() {
        return Err(d);
    }
    check::check_expression(src, &e)?;
    Ok(e)
}

/// `eval`: like CPython's `eval()` builtin, leading blanks are not an indentation error.
fn eval_rule(i: In<'_>) -> PResult<'_, Expr> {
    let i = if i.kind()? == TokKind::Indent {
        i.advance()
    } else {
        i
    };
    let (mut i, e) = expr::star_expressions(i)?;
    while matches!(i.kind()?, TokKind::Newline | TokKind::Dedent) {
        i = i.advance();
    }
    let (i, _) = tokens::tok(TokKind::EndMarker)(i)?;
    Ok((i, e))
}

/// A replacement field of an f-string: `src[start..end]`, parsed as CPython 3.11 parses
/// `(expr)`. `depth`/`func_depth` carry the enclosing parser's nesting over.
fn parse_fstring_field(
    src: &str,
    start: usize,
    end: usize,
    depth: usize,
    func_depth: usize,
) -> Result<Expr, SyntaxError> {
    let lexed = lexer::tokenize_fstring_expr(src, start, end);
    let opts = Opts {
        fstring: true,
        depth,
        func_depth,
    };
    let (e, deferred) = run(src, &lexed, &opts, fstring_rule)?;
    match deferred.into_iter().next() {
        Some(d) => Err(d),
        None => Ok(e),
    }
}

fn fstring_rule(i: In<'_>) -> PResult<'_, Expr> {
    let (j, e) = expr::eval_input(i)?;
    if let ExprKind::Starred(_) = e.kind {
        if i.cx.invalid_pass.get() {
            return tokens::fatal_at(i, "cannot use starred expression here", e.span);
        }
        return error::backtrack();
    }
    Ok((j, e))
}

fn reject_nul(src: &str) -> Result<(), SyntaxError> {
    match src.find('\0') {
        Some(p) => Err(error::syntax_error(
            src,
            "source code string cannot contain null bytes",
            Span::new(p, p + 1),
        )),
        None => Ok(()),
    }
}

/// Nesting (brackets, lambdas, conditional expressions, f-string fields, indented blocks) up to
/// which we parse on the caller's thread. Each level costs the recursive-descent parser some
/// tens of KiB of stack in a debug build, and callers may run on 2 MiB threads.
const INLINE_NESTING: usize = 16;
/// Stack for parsing anything deeper: enough for every limit (200 brackets, `MAX_NESTING`
/// recursive rules, 100 indentation levels) in a debug build. Only address space is reserved;
/// the pages are touched as far as the parse goes.
const DEEP_STACK: usize = 256 << 20;

/// Runs `parse` on the current thread when `lexed` is shallow (every input people really type),
/// on a thread with a [`DEEP_STACK`] otherwise, so that no nesting the limits allow can
/// overflow the caller's stack.
fn with_enough_stack<T: Send>(src: &str, lexed: &Lexed, parse: impl Fn() -> T + Sync) -> T {
    if nesting_estimate(src, &lexed.tokens) <= INLINE_NESTING {
        return parse();
    }
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .stack_size(DEEP_STACK)
            .spawn_scoped(scope, &parse);
        match worker {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: parse here and hope the caller's stack is large enough.
            Err(_) => parse(),
        }
    })
}

/// An upper bound for the parser's recursion depth: per logical line, the bracket depth plus
/// what else may recurse (each `lambda`, each `if`, each `{` in a string, as f-string fields
/// are parsed recursively), plus the indentation depth.
fn nesting_estimate(src: &str, toks: &[Token]) -> usize {
    let (mut indent, mut max_indent) = (0usize, 0usize);
    let (mut line, mut best) = (0usize, 0usize);
    for t in toks {
        match t.kind {
            TokKind::Indent => {
                indent += 1;
                max_indent = max_indent.max(indent);
            }
            TokKind::Dedent => indent = indent.saturating_sub(1),
            TokKind::Newline => line = 0,
            TokKind::Kw(lexer::Kw::Lambda | lexer::Kw::If) => line += 1,
            TokKind::Str => {
                line += src
                    .as_bytes()
                    .get(t.start..t.end)
                    .map_or(0, |s| s.iter().filter(|&&b| b == b'{').count())
            }
            _ => {}
        }
        best = best.max(line + t.level as usize);
    }
    best + max_indent
}

#[derive(Default)]
struct Opts {
    fstring: bool,
    depth: usize,
    func_depth: usize,
}

/// Runs `rule` over the tokens the way CPython runs its parser: a fast first pass, and on
/// failure a second pass with the `invalid_*` rules, then the choice of the reported error.
/// Also returns the errors CPython's symbol table would raise for the parsed code.
fn run<T>(
    src: &str,
    lexed: &Lexed,
    opts: &Opts,
    rule: for<'a> fn(In<'a>) -> PResult<'a, T>,
) -> Result<(T, Vec<SyntaxError>), SyntaxError> {
    let toks = &lexed.tokens[..];
    let pending = lexed.pending.as_ref().map(|(e, _)| e);
    let make = |invalid_pass| {
        let cx = Ctx::new(src, toks, pending, invalid_pass);
        cx.depth.set(opts.depth);
        cx.func_depth.set(opts.func_depth);
        Ctx {
            fstring: opts.fstring,
            ..cx
        }
    };
    let cx1 = make(false);
    let first = rule(In { toks, cx: &cx1 });
    let mut furthest = cx1.furthest.get();
    let mut unexpected_indent = false;
    let err = match first {
        Ok((_, v)) => return Ok((v, cx1.deferred.take())),
        Err(nom::Err::Failure(PErr::Fatal(e))) => *e,
        Err(_) => {
            let cx2 = make(true);
            let second = rule(In { toks, cx: &cx2 });
            furthest = furthest.max(cx2.furthest.get());
            match second {
                Err(nom::Err::Failure(PErr::Fatal(e))) => *e,
                _ => {
                    let e = generic_error(&cx1);
                    unexpected_indent = e.kind == SyntaxErrorKind::IndentationError;
                    e
                }
            }
        }
    };
    let Some((lex_err, lex_kind)) = &lexed.pending else {
        return Err(err);
    };
    if *lex_err == err || unexpected_indent {
        return Err(err);
    }
    // CPython tokenizes the rest of the input after a parser error: an error its tokenizer
    // raises right away wins, and so does a bracket left open at the end if it was opened on an
    // earlier line than the one the parser stopped on.
    match *lex_kind {
        LexErrorKind::Immediate => Err(lex_err.clone()),
        LexErrorKind::Unclosed(c, pos) => {
            let stop = toks.get(furthest).map_or(src.len(), |t| t.start);
            if error::line_of(src, pos) < error::line_of(src, stop) {
                Err(lexer::unclosed_bracket_error(src, c, pos))
            } else {
                Err(err)
            }
        }
        LexErrorKind::Deferred => Err(err),
    }
}

/// `invalid syntax` at the furthest token of the first pass, or CPython's indentation variants
/// when that token is an INDENT or DEDENT.
fn generic_error(cx: &Ctx<'_>) -> SyntaxError {
    let t = cx.furthest_token();
    let (kind, msg) = match t.kind {
        TokKind::Indent => (SyntaxErrorKind::IndentationError, "unexpected indent"),
        TokKind::Dedent => (SyntaxErrorKind::IndentationError, "unexpected unindent"),
        _ => (SyntaxErrorKind::SyntaxError, "invalid syntax"),
    };
    let mut e = cx.error(msg, t.span());
    e.kind = kind;
    adjust_indent_token_column(cx.src, &t, &mut e);
    if t.kind == TokKind::EndMarker {
        // CPython has no column for ENDMARKER and reports 0 here.
        e.column = 0;
    }
    e
}

/// CPython locates INDENT/DEDENT tokens by its tokenizer's read position, which is one column
/// left of where it puts other tokens (except at end of input).
fn adjust_indent_token_column(src: &str, t: &Token, e: &mut SyntaxError) {
    if matches!(t.kind, TokKind::Indent | TokKind::Dedent) && t.start < lexer::eof_pos(src) {
        e.column = e.column.saturating_sub(1);
    }
}
