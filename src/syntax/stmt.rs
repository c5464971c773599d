//! Statement grammar (CPython 3.11's statement rules) as nom parsers over tokens: simple
//! statements separated by `;`, compound statements with indented or same-line bodies, and the
//! `invalid_*` rules behind `expected ':'`, `expected an indented block ...` and the
//! `cannot assign to ...` family.

use nom::Parser;
use nom::branch::alt;
use nom::combinator::{map, opt};
use nom::multi::{fold_many0, fold_many1, separated_list1};
use nom::sequence::preceded;

use super::ast::*;
use super::error::{PErr, backtrack, error_at, fatal};
use super::expr::{
    call_args, expression, invalid_for_target, named_expression, star_expressions,
    star_named_expression, star_targets, yield_expr,
};
use super::lexer::{Kw, Op, TokKind, Token};
use super::params::def_params;
use super::targets::{TargetKind, expr_name, invalid_target, is_single_target, is_target};
use super::tokens::*;

fn stmt(kind: StmtKind, start: usize, end: usize) -> Stmt {
    Stmt {
        kind,
        span: Span::new(start, end),
    }
}

/// `file: [statements] ENDMARKER`
pub fn file(i: In<'_>) -> PResult<'_, Vec<Stmt>> {
    let (i, body) = fold_many0(statement, Vec::new, extend).parse(i)?;
    let (i, _) = tok(TokKind::EndMarker)(i)?;
    Ok((i, body))
}

fn extend(mut acc: Vec<Stmt>, v: Vec<Stmt>) -> Vec<Stmt> {
    acc.extend(v);
    acc
}

fn statement(i: In<'_>) -> PResult<'_, Vec<Stmt>> {
    let t = i.peek()?;
    match t.kind {
        TokKind::Kw(
            Kw::Def | Kw::If | Kw::Class | Kw::With | Kw::For | Kw::Try | Kw::While | Kw::Async,
        )
        | TokKind::Op(Op::At) => map(compound_stmt, |s| vec![s]).parse(i),
        TokKind::Indent => backtrack(),
        _ => simple_stmts(i),
    }
}

/// `simple_stmt (';' simple_stmt)* [';'] NEWLINE`
fn simple_stmts(i: In<'_>) -> PResult<'_, Vec<Stmt>> {
    let (i, stmts) = separated_list1(op(Op::Semi), simple_stmt).parse(i)?;
    let (i, _) = opt(op(Op::Semi)).parse(i)?;
    let (i, _) = newline(i)?;
    Ok((i, stmts))
}

fn simple_stmt(i: In<'_>) -> PResult<'_, Stmt> {
    let t = i.peek()?;
    let one = |kind: StmtKind| Ok((i.advance(), stmt(kind, t.start, t.end)));
    match t.kind {
        TokKind::Kw(Kw::Pass) => one(StmtKind::Pass),
        TokKind::Kw(Kw::Break) => one(StmtKind::Break),
        TokKind::Kw(Kw::Continue) => one(StmtKind::Continue),
        TokKind::Kw(Kw::Return) => {
            let (j, value) = opt(star_expressions).parse(i.advance())?;
            let end = j.prev_end();
            Ok((j, stmt(StmtKind::Return(value), t.start, end)))
        }
        TokKind::Kw(Kw::Import) => import_name(i),
        TokKind::Kw(Kw::From) => import_from(i),
        TokKind::Kw(Kw::Raise) => raise_stmt(i),
        TokKind::Kw(Kw::Del) => del_stmt(i),
        TokKind::Kw(Kw::Assert) => {
            let (j, (_, test, msg)) = (
                kw(Kw::Assert),
                expression,
                opt(preceded(op(Op::Comma), expression)),
            )
                .parse(i)?;
            let end = j.prev_end();
            Ok((j, stmt(StmtKind::Assert { test, msg }, t.start, end)))
        }
        TokKind::Kw(k @ (Kw::Global | Kw::Nonlocal)) => {
            let (j, names) = separated_list1(op(Op::Comma), name).parse(i.advance())?;
            let end = names.last().map_or(t.end, |n| n.end);
            let names: Vec<String> = names.iter().map(|n| i.text(n).to_string()).collect();
            let kind = if k == Kw::Global {
                StmtKind::Global(names)
            } else {
                StmtKind::Nonlocal(names)
            };
            Ok((j, stmt(kind, t.start, end)))
        }
        TokKind::Kw(Kw::Yield) => {
            let (j, e) = yield_expr(i)?;
            let end = j.prev_end();
            Ok((j, stmt(StmtKind::Expr(e), t.start, end)))
        }
        _ => {
            let r = assignment_or_expression(i);
            if !i.cx.invalid_pass.get() {
                return r;
            }
            // CPython tries `invalid_assignment` before the expression-statement alternative.
            match r {
                Err(nom::Err::Error(_)) => invalid_assignment(i),
                Ok((j, s)) if matches!(s.kind, StmtKind::Expr(_)) => match invalid_assignment(i) {
                    Err(nom::Err::Error(_)) => Ok((j, s)),
                    other => other,
                },
                r => r,
            }
        }
    }
}

fn aug_op(t: TokKind) -> Option<BinOp> {
    let TokKind::Op(o) = t else { return None };
    Some(match o {
        Op::PlusEqual => BinOp::Add,
        Op::MinEqual => BinOp::Sub,
        Op::StarEqual => BinOp::Mul,
        Op::AtEqual => BinOp::MatMul,
        Op::SlashEqual => BinOp::Div,
        Op::PercentEqual => BinOp::Mod,
        Op::AmperEqual => BinOp::BitAnd,
        Op::VBarEqual => BinOp::BitOr,
        Op::CircumflexEqual => BinOp::BitXor,
        Op::LeftShiftEqual => BinOp::LShift,
        Op::RightShiftEqual => BinOp::RShift,
        Op::DoubleStarEqual => BinOp::Pow,
        Op::DoubleSlashEqual => BinOp::FloorDiv,
        _ => return None,
    })
}

/// The right-hand side of `=` or an augmented assignment.
fn assigned_value(i: In<'_>) -> PResult<'_, Expr> {
    if i.is_kw(Kw::Yield)? {
        return yield_expr(i);
    }
    star_expressions(i)
}

/// Assignments (plain, chained, augmented, annotated) and expression statements: one parse of
/// the leading expression, then the next token decides.
fn assignment_or_expression(i: In<'_>) -> PResult<'_, Stmt> {
    let start = i.peek()?.start;
    let (j, first) = star_expressions(i)?;
    let t = j.peek()?;
    match t.kind {
        TokKind::Op(Op::Colon) => {
            if !is_single_target(&first) {
                return backtrack();
            }
            let (k, annotation) = expression(j.advance())?;
            let (k, value) = opt(preceded(op(Op::Equal), assigned_value)).parse(k)?;
            let end = k.prev_end();
            Ok((
                k,
                stmt(
                    StmtKind::AnnAssign {
                        target: first,
                        annotation,
                        value,
                    },
                    start,
                    end,
                ),
            ))
        }
        TokKind::Op(Op::Equal) => {
            // Each target is checked before what follows its `=` is parsed: CPython's grammar
            // stops at the first one that is not a target.
            let mut exprs = vec![first];
            let mut k = j;
            while k.is_op(Op::Equal)? {
                if !exprs
                    .last()
                    .is_some_and(|e| is_target(e, TargetKind::Store))
                {
                    return backtrack();
                }
                let (k2, e) = assigned_value(k.advance())?;
                exprs.push(e);
                k = k2;
            }
            let Some(value) = exprs.pop() else {
                return backtrack();
            };
            let end = k.prev_end();
            Ok((
                k,
                stmt(
                    StmtKind::Assign {
                        targets: exprs,
                        value,
                    },
                    start,
                    end,
                ),
            ))
        }
        kind => {
            if let Some(o) = aug_op(kind) {
                if !is_single_target(&first) {
                    return backtrack();
                }
                let (k, value) = assigned_value(j.advance())?;
                let end = k.prev_end();
                return Ok((
                    k,
                    stmt(
                        StmtKind::AugAssign {
                            target: first,
                            op: o,
                            value,
                        },
                        start,
                        end,
                    ),
                ));
            }
            let end = j.prev_end();
            Ok((j, stmt(StmtKind::Expr(first), start, end)))
        }
    }
}

/// Second pass: CPython's `invalid_assignment`, tried in its order.
fn invalid_assignment(i: In<'_>) -> PResult<'_, Stmt> {
    let first = i.peek()?;
    // `[a, b]: int` / `(a, b): int`
    if matches!(first.kind, TokKind::Op(Op::LSqb | Op::LPar))
        && let Some((j, e)) = attempt(super::expr::primary(i))?
    {
        let display = matches!(e.kind, ExprKind::List(_) | ExprKind::Tuple(_));
        if display && j.is_op(Op::Colon)? && succeeds(expression(j.advance()))? {
            return fatal_at(
                i,
                format!(
                    "only single target (not {}) can be annotated",
                    expr_name(&e)
                ),
                e.span,
            );
        }
    }
    // `a, b: int` (and, on the way, `cannot assign to ... here` from named expressions)
    if let Some((j, a)) = attempt(star_named_expression(i))?
        && j.is_op(Op::Comma)?
    {
        // `',' star_named_expressions*`: any number of comma lists, back to back.
        let mut k = j.advance();
        while let Some((k2, _)) = attempt(star_named_expression(k))? {
            k = k2;
            if k.is_op(Op::Comma)? {
                k = k.advance();
            }
        }
        if k.is_op(Op::Colon)? && succeeds(expression(k.advance()))? {
            return fatal_at(i, "only single target (not tuple) can be annotated", a.span);
        }
    }
    // `f(): int`
    if let Some((j, a)) = attempt(expression(i))?
        && j.is_op(Op::Colon)?
        && succeeds(expression(j.advance()))?
    {
        return fatal_at(i, "illegal target for annotation", a.span);
    }
    // `x = f() = 1`: skip the valid targets, report the first invalid one.
    let mut k = i;
    loop {
        if let Some((k2, _)) = attempt(star_targets(k, TargetKind::Store))?
            && k2.is_op(Op::Equal)?
        {
            k = k2.advance();
            continue;
        }
        break;
    }
    if let Some((k2, a)) = attempt(star_expressions(k))?
        && k2.is_op(Op::Equal)?
        && let Some(bad) = invalid_target(&a, TargetKind::Store)
    {
        return fatal_at(i, format!("cannot assign to {}", expr_name(bad)), bad.span);
    }
    // `f() += 1`
    if let Some((j, a)) = attempt(star_expressions(i))?
        && aug_op(j.kind()?).is_some()
        && succeeds(star_expressions(j.advance()))?
    {
        return fatal_at(
            i,
            format!(
                "'{}' is an illegal expression for augmented assignment",
                expr_name(&a)
            ),
            a.span,
        );
    }
    backtrack()
}

fn del_stmt(i: In<'_>) -> PResult<'_, Stmt> {
    let (j, del) = kw(Kw::Del)(i)?;
    let parsed = del_targets(j).and_then(|(k, targets)| {
        if matches!(k.kind()?, TokKind::Op(Op::Semi) | TokKind::Newline) {
            Ok((k, targets))
        } else {
            backtrack()
        }
    });
    match parsed {
        Ok((k, targets)) => {
            let end = k.prev_end();
            Ok((k, stmt(StmtKind::Del(targets), del.start, end)))
        }
        Err(nom::Err::Error(_)) => {
            if i.cx.invalid_pass.get()
                && let Some((_, e)) = attempt(star_expressions(j))?
                && let Some(bad) = invalid_target(&e, TargetKind::Del)
            {
                return fatal_at(i, format!("cannot delete {}", expr_name(bad)), bad.span);
            }
            backtrack()
        }
        Err(e) => Err(e),
    }
}

fn del_targets(i: In<'_>) -> PResult<'_, Vec<Expr>> {
    let (mut i, first) = super::expr::bitwise_or(i)?;
    let mut v = vec![first];
    while i.is_op(Op::Comma)? {
        let j = i.advance();
        match super::expr::bitwise_or(j) {
            Ok((k, e)) => {
                v.push(e);
                i = k;
            }
            Err(nom::Err::Error(_)) => {
                i = j;
                break;
            }
            Err(e) => return Err(e),
        }
    }
    if !v.iter().all(|e| is_target(e, TargetKind::Del)) {
        return backtrack();
    }
    Ok((i, v))
}

fn raise_stmt(i: In<'_>) -> PResult<'_, Stmt> {
    let (j, r) = kw(Kw::Raise)(i)?;
    let (j, exc) = opt(expression).parse(j)?;
    let (j, cause) = if exc.is_some() {
        opt(preceded(kw(Kw::From), expression)).parse(j)?
    } else {
        (j, None)
    };
    let end = j.prev_end();
    Ok((j, stmt(StmtKind::Raise { exc, cause }, r.start, end)))
}

fn dotted_name(i: In<'_>) -> PResult<'_, (String, Span)> {
    let (j, names) = separated_list1(op(Op::Dot), name).parse(i)?;
    let text = names
        .iter()
        .map(|n| i.text(n))
        .collect::<Vec<_>>()
        .join(".");
    let span = Span::new(
        names.first().map_or(0, |n| n.start),
        names.last().map_or(0, |n| n.end),
    );
    Ok((j, (text, span)))
}

fn as_name(i: In<'_>) -> PResult<'_, Option<Token>> {
    opt(preceded(kw(Kw::As), name)).parse(i)
}

fn import_name(i: In<'_>) -> PResult<'_, Stmt> {
    let (j, imp) = kw(Kw::Import)(i)?;
    let alias = |i| {
        let (j, (name, span)) = dotted_name(i)?;
        let (j, asname) = as_name(j)?;
        let end = asname.map_or(span.end, |t| t.end);
        Ok((
            j,
            Alias {
                name,
                asname: asname.map(|t| i.text(&t).to_string()),
                span: Span::new(span.start, end),
            },
        ))
    };
    let (j, names) = separated_list1(op(Op::Comma), alias).parse(j)?;
    let end = names.last().map_or(imp.end, |a| a.span.end);
    Ok((j, stmt(StmtKind::Import(names), imp.start, end)))
}

fn import_from(i: In<'_>) -> PResult<'_, Stmt> {
    let (mut j, from) = kw(Kw::From)(i)?;
    let mut level = 0;
    loop {
        match j.kind()? {
            TokKind::Op(Op::Dot) => level += 1,
            TokKind::Op(Op::Ellipsis) => level += 3,
            _ => break,
        }
        j = j.advance();
    }
    let (j, module) = if level > 0 {
        opt(dotted_name).parse(j)?
    } else {
        map(dotted_name, Some).parse(j)?
    };
    let (j, _) = kw(Kw::Import)(j)?;
    let from_alias = |i| {
        let (j, n) = name(i)?;
        let (j, asname) = as_name(j)?;
        let end = asname.map_or(n.end, |t| t.end);
        Ok((
            j,
            Alias {
                name: i.text(&n).to_string(),
                asname: asname.map(|t| i.text(&t).to_string()),
                span: Span::new(n.start, end),
            },
        ))
    };
    let t = j.peek()?;
    let (k, names) = match t.kind {
        TokKind::Op(Op::Star) => (
            j.advance(),
            vec![Alias {
                name: "*".into(),
                asname: None,
                span: t.span(),
            }],
        ),
        TokKind::Op(Op::LPar) => {
            let (k, names) =
                preceded(op(Op::LPar), separated_list1(op(Op::Comma), from_alias)).parse(j)?;
            let (k, _) = opt(op(Op::Comma)).parse(k)?;
            let (k, _) = op(Op::RPar)(k)?;
            (k, names)
        }
        _ => {
            let (k, names) = separated_list1(op(Op::Comma), from_alias).parse(j)?;
            if k.is_op(Op::Comma)? {
                if k.peek2()?.kind == TokKind::Newline {
                    return fatal_at_furthest(
                        k.advance().advance(),
                        "trailing comma not allowed without surrounding parentheses",
                    );
                }
                return backtrack();
            }
            (k, names)
        }
    };
    let end = k.prev_end();
    let module = module.map(|(m, _)| m);
    Ok((
        k,
        stmt(
            StmtKind::ImportFrom {
                module,
                names,
                level,
            },
            from.start,
            end,
        ),
    ))
}

// ---------------------------------------------------------------------------------------------
// Compound statements

/// A body after `:`: an indented block, or simple statements on the same line. `what` names the
/// header for CPython's `expected an indented block after ... on line N`.
fn block<'a>(i: In<'a>, header: Token, what: &str) -> PResult<'a, Vec<Stmt>> {
    if !i.is_kw_newline()? {
        return simple_stmts(i);
    }
    let j = i.advance();
    let t = j.peek()?;
    if t.kind != TokKind::Indent {
        let cx = j.cx;
        let line = super::error::line_of(cx.src, header.start);
        let mut e = error_at(
            cx.src,
            SyntaxErrorKind::IndentationError,
            format!("expected an indented block after {what} on line {line}"),
            t.span(),
        );
        super::adjust_indent_token_column(cx.src, &t, &mut e);
        return fatal(e);
    }
    let (j, body) = fold_many1(statement, Vec::new, extend).parse(j.advance())?;
    let (j, _) = tok(TokKind::Dedent)(j)?;
    Ok((j, body))
}

impl In<'_> {
    fn is_kw_newline(&self) -> Result<bool, nom::Err<PErr>> {
        Ok(self.kind()? == TokKind::Newline)
    }
}

fn body_end(body: &[Stmt], default: usize) -> usize {
    body.last().map_or(default, |s| s.span.end)
}

/// `':'` after a header that CPython only diagnoses when a NEWLINE follows (`if x` + newline is
/// `expected ':'`, `if x pass` is plain `invalid syntax`).
fn colon<'a>(i: In<'a>) -> PResult<'a, Token> {
    let t = i.peek()?;
    if t.kind == TokKind::Op(Op::Colon) {
        return Ok((i.advance(), t));
    }
    if t.kind == TokKind::Newline {
        return fatal_at(i, "expected ':'", t.span());
    }
    backtrack()
}

fn compound_stmt(i: In<'_>) -> PResult<'_, Stmt> {
    let t = i.peek()?;
    match t.kind {
        TokKind::Kw(Kw::If) => if_stmt(i),
        TokKind::Kw(Kw::While) => while_stmt(i),
        TokKind::Kw(Kw::For) => for_stmt(i),
        TokKind::Kw(Kw::With) => with_stmt(i),
        TokKind::Kw(Kw::Try) => try_stmt(i),
        TokKind::Kw(Kw::Def) => function_def(i, Vec::new()),
        TokKind::Kw(Kw::Class) => class_def(i, Vec::new()),
        TokKind::Op(Op::At) => decorated(i),
        TokKind::Kw(Kw::Async) => fatal_at(
            i,
            "'async' statements are not supported by ormlab",
            t.span(),
        ),
        _ => backtrack(),
    }
}

/// `if` with its `elif`s, parsed in a loop (a chain of thousands must not recurse) and nested
/// as CPython nests them: each `elif` is an `If` alone in the previous one's `orelse`.
fn if_stmt(i: In<'_>) -> PResult<'_, Stmt> {
    let mut arms: Vec<(Token, Expr, Vec<Stmt>)> = Vec::new();
    let mut j = i;
    loop {
        let which = if arms.is_empty() { Kw::If } else { Kw::Elif };
        let (k, head) = kw(which)(j)?;
        if arms.len() >= MAX_ELIF {
            return fatal_at(k, TOO_MANY_ELIFS, head.span());
        }
        let (k, test) = named_expression(k)?;
        let (k, _) = colon(k)?;
        let what = if which == Kw::If {
            "'if' statement"
        } else {
            "'elif' statement"
        };
        let (k, body) = block(k, head, what)?;
        arms.push((head, test, body));
        j = k;
        if !j.is_kw(Kw::Elif)? {
            break;
        }
    }
    let (j, mut orelse) = if j.is_kw(Kw::Else)? {
        else_block(j)?
    } else {
        (j, Vec::new())
    };
    while let Some((head, test, body)) = arms.pop() {
        let end = body_end(&orelse, body_end(&body, head.end));
        orelse = vec![stmt(StmtKind::If { test, body, orelse }, head.start, end)];
    }
    match orelse.pop() {
        Some(s) => Ok((j, s)),
        None => backtrack(),
    }
}

/// CPython's compiler gives `RecursionError` from a few thousand `elif`s. The nested `If`s make
/// every consumer of the tree recurse once per `elif` (the derived `Clone` already needs about
/// 4 KiB per level in a debug build), so we stop much earlier.
const MAX_ELIF: usize = 200;
const TOO_MANY_ELIFS: &str = "too many 'elif' branches";

fn else_block(i: In<'_>) -> PResult<'_, Vec<Stmt>> {
    let (j, head) = kw(Kw::Else)(i)?;
    let (j, _) = forced(Op::Colon, ":")(j)?;
    block(j, head, "'else' statement")
}

fn opt_else(i: In<'_>) -> PResult<'_, Vec<Stmt>> {
    if i.is_kw(Kw::Else)? {
        else_block(i)
    } else {
        Ok((i, Vec::new()))
    }
}

fn while_stmt(i: In<'_>) -> PResult<'_, Stmt> {
    let (j, head) = kw(Kw::While)(i)?;
    let (j, test) = named_expression(j)?;
    let (j, _) = colon(j)?;
    let (j, body) = block(j, head, "'while' statement")?;
    let (j, orelse) = opt_else(j)?;
    let end = body_end(&orelse, body_end(&body, head.end));
    Ok((
        j,
        stmt(StmtKind::While { test, body, orelse }, head.start, end),
    ))
}

fn for_stmt(i: In<'_>) -> PResult<'_, Stmt> {
    let (j, head) = kw(Kw::For)(i)?;
    let target_in = match attempt(star_targets(j, TargetKind::For))? {
        Some((k, target)) => attempt(kw(Kw::In)(k))?.map(|(k, _)| (k, target)),
        None => None,
    };
    let Some((j, target)) = target_in else {
        return invalid_for_target(j);
    };
    let (j, iter) = star_expressions(j)?;
    let (j, _) = colon(j)?;
    let (j, body) = block(j, head, "'for' statement")?;
    let (j, orelse) = opt_else(j)?;
    let end = body_end(&orelse, body_end(&body, head.end));
    Ok((
        j,
        stmt(
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            },
            head.start,
            end,
        ),
    ))
}

fn with_item(i: In<'_>) -> PResult<'_, WithItem> {
    let (j, context) = expression(i)?;
    if !j.is_kw(Kw::As)? {
        return Ok((
            j,
            WithItem {
                context,
                target: None,
            },
        ));
    }
    let k = j.advance();
    let follows = |k: In<'_>| -> Result<bool, nom::Err<PErr>> {
        Ok(matches!(
            k.kind()?,
            TokKind::Op(Op::Comma | Op::RPar | Op::Colon)
        ))
    };
    if let Some((k2, target)) = attempt(super::expr::star_targets_single(k))?
        && follows(k2)?
    {
        return Ok((
            k2,
            WithItem {
                context,
                target: Some(target),
            },
        ));
    }
    if k.cx.invalid_pass.get()
        && let Some((k2, a)) = attempt(expression(k))?
        && follows(k2)?
        && let Some(bad) = invalid_target(&a, TargetKind::Store)
    {
        return fatal_at(k, format!("cannot assign to {}", expr_name(bad)), bad.span);
    }
    backtrack()
}

fn with_stmt(i: In<'_>) -> PResult<'_, Stmt> {
    let (j, head) = kw(Kw::With)(i)?;
    let parenthesized = |j| {
        let (k, _) = op(Op::LPar)(j)?;
        let (k, items) = separated_list1(op(Op::Comma), with_item).parse(k)?;
        let (k, _) = opt(op(Op::Comma)).parse(k)?;
        let (k, _) = op(Op::RPar)(k)?;
        let (k, _) = colon(k)?;
        Ok((k, items))
    };
    let plain = |j| {
        let (k, items) = separated_list1(op(Op::Comma), with_item).parse(j)?;
        let (k, _) = colon(k)?;
        Ok((k, items))
    };
    let (j, items) = alt((parenthesized, plain)).parse(j)?;
    let (j, body) = block(j, head, "'with' statement")?;
    let end = body_end(&body, head.end);
    Ok((j, stmt(StmtKind::With { items, body }, head.start, end)))
}

fn try_stmt(i: In<'_>) -> PResult<'_, Stmt> {
    let (j, head) = kw(Kw::Try)(i)?;
    let (j, _) = forced(Op::Colon, ":")(j)?;
    let (j, body) = block(j, head, "'try' statement")?;
    let (mut j, mut handlers) = (j, Vec::new());
    while j.is_kw(Kw::Except)? {
        let (k, h) = except_block(j)?;
        handlers.push(h);
        j = k;
    }
    let (j, orelse) = if handlers.is_empty() {
        (j, Vec::new())
    } else {
        opt_else(j)?
    };
    let (j, finalbody) = if j.is_kw(Kw::Finally)? {
        let (k, fin) = kw(Kw::Finally)(j)?;
        let (k, _) = forced(Op::Colon, ":")(k)?;
        block(k, fin, "'finally' statement")?
    } else {
        (j, Vec::new())
    };
    if handlers.is_empty() && finalbody.is_empty() {
        return fatal_at_furthest(j, "expected 'except' or 'finally' block");
    }
    let end = body_end(
        &finalbody,
        body_end(
            &orelse,
            handlers
                .last()
                .map_or(body_end(&body, head.end), |h| h.span.end),
        ),
    );
    Ok((
        j,
        stmt(
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            },
            head.start,
            end,
        ),
    ))
}

fn except_block(i: In<'_>) -> PResult<'_, ExceptHandler> {
    let (j, head) = kw(Kw::Except)(i)?;
    if j.is_op(Op::Star)? {
        return fatal_at(j, "'except*' is not supported by ormlab", j.peek()?.span());
    }
    let (j, typ) = opt(expression).parse(j)?;
    if let Some(t) = &typ
        && j.is_op(Op::Comma)?
    {
        // `except A, B:` (Python 2 spelling)
        if let Some((k, _)) = attempt(super::expr::expressions(j.advance()))? {
            let (k, _) = as_name(k)?;
            if k.is_op(Op::Colon)? {
                return fatal_at(
                    i,
                    "multiple exception types must be parenthesized",
                    Span::new(t.span.start, t.span.end),
                );
            }
        }
    }
    let (j, name_tok) = if typ.is_some() {
        as_name(j)?
    } else {
        (j, None)
    };
    let (j, _) = colon(j)?;
    let (j, body) = block(j, head, "'except' statement")?;
    let end = body_end(&body, head.end);
    Ok((
        j,
        ExceptHandler {
            typ,
            name: name_tok.map(|t| i.text(&t).to_string()),
            body,
            span: Span::new(head.start, end),
        },
    ))
}

fn decorated(i: In<'_>) -> PResult<'_, Stmt> {
    let mut decorators = Vec::new();
    let mut j = i;
    while j.is_op(Op::At)? {
        let (k, d) = preceded(op(Op::At), named_expression).parse(j)?;
        let (k, _) = newline(k)?;
        decorators.push(d);
        j = k;
    }
    match j.kind()? {
        TokKind::Kw(Kw::Def) => function_def(j, decorators),
        TokKind::Kw(Kw::Class) => class_def(j, decorators),
        TokKind::Kw(Kw::Async) => {
            let t = j.peek()?;
            fatal_at(
                j,
                "'async' statements are not supported by ormlab",
                t.span(),
            )
        }
        _ => backtrack(),
    }
}

fn function_def(i: In<'_>, decorators: Vec<Expr>) -> PResult<'_, Stmt> {
    let (j, head) = kw(Kw::Def)(i)?;
    let (j, n) = name(j)?;
    let (j, _) = forced(Op::LPar, "(")(j)?;
    let (j, params) = def_params(j)?;
    let (j, _) = op(Op::RPar)(j)?;
    let (j, returns) = opt(preceded(op(Op::RArrow), expression)).parse(j)?;
    let (j, _) = forced(Op::Colon, ":")(j)?;
    let cx = j.cx;
    cx.func_depth.set(cx.func_depth.get() + 1);
    let body = block(j, head, "function definition");
    cx.func_depth.set(cx.func_depth.get() - 1);
    let (j, body) = body?;
    let end = body_end(&body, head.end);
    let kind = StmtKind::FunctionDef {
        name: i.text(&n).to_string(),
        params,
        body,
        decorators,
        returns,
    };
    Ok((j, stmt(kind, head.start, end)))
}

fn class_def(i: In<'_>, decorators: Vec<Expr>) -> PResult<'_, Stmt> {
    let (j, head) = kw(Kw::Class)(i)?;
    let (j, n) = name(j)?;
    let (j, bases) = if j.is_op(Op::LPar)? {
        let (k, (args, _)) = call_args(j, false)?;
        (k, args)
    } else {
        (j, Vec::new())
    };
    let (j, _) = colon(j)?;
    let (j, body) = block(j, head, "class definition")?;
    let end = body_end(&body, head.end);
    let kind = StmtKind::ClassDef {
        name: i.text(&n).to_string(),
        bases,
        body,
        decorators,
    };
    Ok((j, stmt(kind, head.start, end)))
}
