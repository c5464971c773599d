//! Parameter lists of `def` and `lambda` (`a, b=1, /, *args, c, d=2, **kw`), with CPython's
//! messages for misplaced defaults, stars and slashes.

use nom::Parser;
use nom::combinator::opt;
use nom::sequence::preceded;

use super::ast::{Expr, Param, Params, Span};
use super::error::{PErr, backtrack};
use super::expr::{expression, star_expression};
use super::lexer::{Op, TokKind, Token};
use super::tokens::*;

/// Parameters of a `def`, up to (not including) the closing `)`.
pub fn def_params(i: In<'_>) -> PResult<'_, Params> {
    params(i, true)
}

/// Parameters of a `lambda`, up to (not including) the `:`.
pub fn lambda_params(i: In<'_>) -> PResult<'_, Params> {
    params(i, false)
}

fn annotation(i: In<'_>, allowed: bool, star: bool) -> PResult<'_, Option<Expr>> {
    if !allowed {
        return Ok((i, None));
    }
    if star {
        // `*args: *Ts` (PEP 646) is allowed in 3.11.
        opt(preceded(op(Op::Colon), star_expression)).parse(i)
    } else {
        opt(preceded(op(Op::Colon), expression)).parse(i)
    }
}

fn params(i: In<'_>, is_def: bool) -> PResult<'_, Params> {
    let end_op = if is_def { Op::RPar } else { Op::Colon };
    let mut p = Params::default();
    let mut i = i;
    let mut seen_default = false;
    let mut seen_slash = false;
    // The bare or named `*`, once seen.
    let mut star: Option<Token> = None;
    let mut kwarg_seen = false;
    let mut count = 0usize;
    let mut names: Vec<Token> = Vec::new();
    loop {
        let t = i.peek()?;
        if t.kind == TokKind::Op(end_op) {
            break;
        }
        if kwarg_seen {
            if matches!(
                t.kind,
                TokKind::Name | TokKind::Op(Op::Star | Op::DoubleStar | Op::Slash)
            ) {
                return fatal_at(i, "arguments cannot follow var-keyword argument", t.span());
            }
            return backtrack();
        }
        match t.kind {
            TokKind::Op(Op::Slash) => {
                if count == 0 {
                    return fatal_at(i, "at least one argument must precede /", t.span());
                }
                if seen_slash {
                    return fatal_at(i, "/ may appear only once", t.span());
                }
                if star.is_some() {
                    return fatal_at(i, "/ must be ahead of *", t.span());
                }
                seen_slash = true;
                i = i.advance();
            }
            TokKind::Op(Op::Star) => {
                if star.is_some() {
                    if matches!(i.peek2()?.kind, TokKind::Name | TokKind::Op(Op::Comma)) {
                        return fatal_at(i, "* argument may appear only once", t.span());
                    }
                    return backtrack();
                }
                star = Some(t);
                let j = i.advance();
                let n = j.peek()?;
                if n.kind == TokKind::Name {
                    let (k, ann) = annotation(j.advance(), is_def, true)?;
                    if k.is_op(Op::Equal)? {
                        let eq = k.peek()?;
                        return fatal_at(
                            i,
                            "var-positional argument cannot have default value",
                            eq.span(),
                        );
                    }
                    p.vararg = Some(j.text(&n).to_string());
                    names.push(n);
                    let _ = ann;
                    i = k;
                } else if n.kind == TokKind::Op(Op::Comma) || n.kind == TokKind::Op(end_op) {
                    // A bare `*`: keyword-only parameters must follow (checked at the end).
                    i = j;
                } else {
                    return backtrack();
                }
            }
            TokKind::Op(Op::DoubleStar) => {
                let (j, n) = preceded(op(Op::DoubleStar), name).parse(i)?;
                let (j, _ann) = annotation(j, is_def, false)?;
                if j.is_op(Op::Equal)? {
                    let eq = j.peek()?;
                    return fatal_at(
                        i,
                        "var-keyword argument cannot have default value",
                        eq.span(),
                    );
                }
                p.kwarg = Some(i.text(&n).to_string());
                names.push(n);
                kwarg_seen = true;
                i = j;
            }
            TokKind::Op(Op::LPar) if i.cx.invalid_pass.get() => {
                let close = if is_def {
                    "Function parameters cannot be parenthesized"
                } else {
                    "Lambda expression parameters cannot be parenthesized"
                };
                if let Some(span) = parenthesized_params(i)? {
                    return fatal_at(i, close, span);
                }
                return backtrack();
            }
            TokKind::Name => {
                let (j, ann) = annotation(i.advance(), is_def, false)?;
                let (j, default) = if j.is_op(Op::Equal)? {
                    let eq = j.peek()?;
                    let k = j.advance();
                    if matches!(k.kind()?, TokKind::Op(o) if o == end_op || o == Op::Comma) {
                        return fatal_at(i, "expected default value expression", eq.span());
                    }
                    let (k, d) = expression(k)?;
                    (k, Some(d))
                } else {
                    (j, None)
                };
                let param = Param {
                    name: i.text(&t).to_string(),
                    annotation: ann,
                    default,
                };
                names.push(t);
                if star.is_some() {
                    p.kwonly.push(param);
                } else {
                    if param.default.is_some() {
                        seen_default = true;
                    } else if seen_default {
                        let end = param.annotation.as_ref().map_or(t.end, |a| a.span.end);
                        return fatal_at(
                            i,
                            "non-default argument follows default argument",
                            Span::new(t.start, end),
                        );
                    }
                    p.args.push(param);
                }
                i = j;
            }
            _ => return backtrack(),
        }
        count += 1;
        if !i.is_op(Op::Comma)? {
            break;
        }
        i = i.advance();
    }
    if !i.is_op(end_op)? {
        if seen_slash && i.is_op(Op::Star)? {
            let t = i.peek()?;
            return fatal_at(i, "expected comma between / and *", t.span());
        }
        return backtrack();
    }
    if let Some(star) = star
        && p.vararg.is_none()
        && p.kwonly.is_empty()
    {
        return fatal_at(i, "named arguments must follow bare *", star.span());
    }
    for (n, t) in names.iter().enumerate() {
        let text = i.text(t);
        if names[..n].iter().any(|u| i.text(u) == text) {
            let e = i.cx.error(
                format!("duplicate argument '{text}' in function definition"),
                t.span(),
            );
            i.cx.deferred.borrow_mut().push(e);
            break;
        }
    }
    Ok((i, p))
}

/// `def f((a, b))`: the span from `(` to `)` if the parenthesised names look like parameters.
fn parenthesized_params(i: In<'_>) -> Result<Option<Span>, nom::Err<PErr>> {
    let open = i.peek()?;
    let mut j = i.advance();
    let mut any = false;
    loop {
        let t = j.peek()?;
        match t.kind {
            TokKind::Name => {
                any = true;
                j = j.advance();
                if j.is_op(Op::Comma)? {
                    j = j.advance();
                }
            }
            TokKind::Op(Op::RPar) if any => return Ok(Some(Span::new(open.start, t.end))),
            _ => return Ok(None),
        }
    }
}
