//! Expression grammar (CPython 3.11's `expression` family of rules) as nom parsers over tokens:
//! precedence, atoms and trailers, displays and comprehensions, calls, slices and lambdas; plus
//! the second-pass `invalid_*` rules that turn a failure into CPython's specific message.
//!
//! Left-recursive rules and operator chains are loops, never recursion per operator, and every
//! loop that deepens the tree checks [`MAX_EXPR_HEIGHT`]; recursion happens only through brackets,
//! lambdas and conditional expressions, and [`In::enter`] bounds it.

use nom::Parser;
use nom::branch::alt;
use nom::combinator::{map, not, opt};
use nom::sequence::{preceded, terminated};

use super::ast::*;
use super::error::{PErr, backtrack, fatal};
use super::lexer::{Kw, Op, TokKind, Token};
use super::params::lambda_params;
use super::strings::concat_strings;
use super::targets::{TargetKind, expr_name, invalid_target, is_target};
use super::tokens::*;

pub type R<'a> = PResult<'a, Expr>;

pub fn mk(kind: ExprKind, start: usize, end: usize) -> Expr {
    Expr {
        kind,
        span: Span::new(start, end),
    }
}

/// Calls `f` on each direct sub-expression of `e`.
pub fn for_each_child<'e>(e: &'e Expr, f: &mut dyn FnMut(&'e Expr)) {
    match &e.kind {
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Imaginary(_)
        | ExprKind::Str(_)
        | ExprKind::Bytes(_)
        | ExprKind::Bool(_)
        | ExprKind::None
        | ExprKind::Ellipsis
        | ExprKind::Name(_) => {}
        ExprKind::FString(parts) => fstring_children(parts, f),
        ExprKind::Attribute { value, .. } => f(value),
        ExprKind::Call { func, args } => {
            f(func);
            args.iter().for_each(|a| f(a.value()));
        }
        ExprKind::Subscript { value, index } => {
            f(value);
            f(index);
        }
        ExprKind::Slice { lower, upper, step } => {
            [lower, upper, step]
                .into_iter()
                .flatten()
                .for_each(|x| f(x));
        }
        ExprKind::List(v) | ExprKind::Tuple(v) | ExprKind::Set(v) => {
            for x in v {
                f(x);
            }
        }
        ExprKind::BoolOp { values, .. } => {
            for x in values {
                f(x);
            }
        }
        ExprKind::Dict(items) => {
            for (k, v) in items {
                if let Some(k) = k {
                    f(k);
                }
                f(v);
            }
        }
        ExprKind::Starred(v) => f(v),
        ExprKind::UnaryOp { operand, .. } => f(operand),
        ExprKind::BinOp { left, right, .. } => {
            f(left);
            f(right);
        }
        ExprKind::Compare { left, ops } => {
            f(left);
            ops.iter().for_each(|(_, x)| f(x));
        }
        ExprKind::IfExp { test, body, orelse } => {
            f(test);
            f(body);
            f(orelse);
        }
        ExprKind::Lambda { params, body } => {
            for p in params.args.iter().chain(params.kwonly.iter()) {
                if let Some(d) = &p.default {
                    f(d);
                }
            }
            f(body);
        }
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            f(elt);
            comp_children(generators, f);
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            f(key);
            f(value);
            comp_children(generators, f);
        }
        ExprKind::NamedExpr { target, value } => {
            f(target);
            f(value);
        }
    }
}

fn fstring_children<'e>(parts: &'e [FStringPart], f: &mut dyn FnMut(&'e Expr)) {
    for p in parts {
        if let FStringPart::Expr {
            expr, format_spec, ..
        } = p
        {
            f(expr);
            if let Some(spec) = format_spec {
                fstring_children(spec, f);
            }
        }
    }
}

fn comp_children<'e>(gens: &'e [Comprehension], f: &mut dyn FnMut(&'e Expr)) {
    for g in gens {
        f(&g.target);
        f(&g.iter);
        for x in &g.ifs {
            f(x);
        }
    }
}

/// Height of an expression tree (a leaf is 1). One small frame per level: the trees we build
/// are at most [`MAX_EXPR_HEIGHT`] plus the bracket nesting deep.
pub fn height(e: &Expr) -> usize {
    fn max_of<'e>(it: impl Iterator<Item = &'e Expr>) -> usize {
        it.map(height).max().unwrap_or(0)
    }
    fn boxed(b: &Option<Box<Expr>>) -> usize {
        b.as_deref().map_or(0, height)
    }
    fn gens(g: &[Comprehension]) -> usize {
        g.iter()
            .map(|c| {
                height(&c.target)
                    .max(height(&c.iter))
                    .max(max_of(c.ifs.iter()))
            })
            .max()
            .unwrap_or(0)
    }
    fn parts(p: &[FStringPart]) -> usize {
        p.iter()
            .map(|p| match p {
                FStringPart::Literal(_) => 0,
                FStringPart::Expr {
                    expr, format_spec, ..
                } => height(expr).max(format_spec.as_deref().map_or(0, parts)),
            })
            .max()
            .unwrap_or(0)
    }
    1 + match &e.kind {
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Imaginary(_)
        | ExprKind::Str(_)
        | ExprKind::Bytes(_)
        | ExprKind::Bool(_)
        | ExprKind::None
        | ExprKind::Ellipsis
        | ExprKind::Name(_) => 0,
        ExprKind::FString(p) => parts(p),
        ExprKind::Attribute { value, .. } | ExprKind::Starred(value) => height(value),
        ExprKind::UnaryOp { operand, .. } => height(operand),
        ExprKind::Call { func, args } => height(func).max(max_of(args.iter().map(Arg::value))),
        ExprKind::Subscript { value, index } => height(value).max(height(index)),
        ExprKind::Slice { lower, upper, step } => boxed(lower).max(boxed(upper)).max(boxed(step)),
        ExprKind::List(v)
        | ExprKind::Tuple(v)
        | ExprKind::Set(v)
        | ExprKind::BoolOp { values: v, .. } => max_of(v.iter()),
        ExprKind::Dict(items) => items
            .iter()
            .map(|(k, v)| k.as_ref().map_or(0, height).max(height(v)))
            .max()
            .unwrap_or(0),
        ExprKind::BinOp { left, right, .. } => height(left).max(height(right)),
        ExprKind::Compare { left, ops } => height(left).max(max_of(ops.iter().map(|(_, x)| x))),
        ExprKind::IfExp { test, body, orelse } => {
            height(test).max(height(body)).max(height(orelse))
        }
        ExprKind::Lambda { params, body } => {
            let defaults = params
                .args
                .iter()
                .chain(params.kwonly.iter())
                .filter_map(|p| p.default.as_ref());
            height(body).max(max_of(defaults))
        }
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => height(elt).max(gens(generators)),
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => height(key).max(height(value)).max(gens(generators)),
        ExprKind::NamedExpr { target, value } => height(target).max(height(value)),
    }
}

fn check_height<'a>(i: In<'a>, h: usize, at: Span) -> Result<(), nom::Err<PErr>> {
    if h > MAX_EXPR_HEIGHT {
        return fatal(i.cx.error(TOO_COMPLEX, at));
    }
    let _ = i;
    Ok(())
}

/// `'*' operand`; like every node, its span runs from its first token to its last one (so a
/// parenthesised operand's `)` is included, as in CPython).
fn starred<'a>(operand: fn(In<'a>) -> R<'a>) -> impl Fn(In<'a>) -> R<'a> {
    move |i: In<'a>| {
        let (j, star) = op(Op::Star)(i)?;
        let (j, e) = operand(j)?;
        let end = j.prev_end();
        Ok((j, mk(ExprKind::Starred(Box::new(e)), star.start, end)))
    }
}

// ---------------------------------------------------------------------------------------------
// Comma lists

/// `first (',' elem)* [',']`: a tuple without parentheses when there is a comma.
fn comma_tail<'a>(i: In<'a>, start: usize, first: Expr, elem: fn(In<'a>) -> R<'a>) -> R<'a> {
    if !i.is_op(Op::Comma)? {
        return Ok((i, first));
    }
    let mut elts = vec![first];
    let mut i = i;
    let mut end;
    loop {
        let (j, comma) = op(Op::Comma)(i)?;
        i = j;
        end = comma.end;
        let (j, e) = opt(elem).parse(i)?;
        match e {
            Some(e) => {
                end = j.prev_end();
                elts.push(e);
                i = j;
                if !i.is_op(Op::Comma)? {
                    break;
                }
            }
            None => break,
        }
    }
    Ok((i, mk(ExprKind::Tuple(elts), start, end)))
}

/// `star_expressions`: what follows `return`, `=`, `in` of a `for`, or stands as a statement.
pub fn star_expressions(i: In<'_>) -> R<'_> {
    let start = i.peek()?.start;
    let (i, first) = star_expression(i)?;
    comma_tail(i, start, first, star_expression)
}

pub fn star_expression(i: In<'_>) -> R<'_> {
    if i.is_op(Op::Star)? {
        starred(bitwise_or)(i)
    } else {
        expression(i)
    }
}

pub fn star_named_expression(i: In<'_>) -> R<'_> {
    if i.is_op(Op::Star)? {
        starred(bitwise_or)(i)
    } else {
        named_expression(i)
    }
}

/// `expressions`: `expression (',' expression)* [',']`.
pub fn expressions(i: In<'_>) -> R<'_> {
    let start = i.peek()?.start;
    let (i, first) = expression(i)?;
    comma_tail(i, start, first, expression)
}

// ---------------------------------------------------------------------------------------------
// named_expression / expression

fn assignment_expression(i: In<'_>) -> R<'_> {
    let (j, (n, _, value)) = (name, op(Op::ColonEqual), expression).parse(i)?;
    let target = mk(ExprKind::Name(i.text(&n).to_string()), n.start, n.end);
    let end = j.prev_end();
    Ok((
        j,
        mk(
            ExprKind::NamedExpr {
                target: Box::new(target),
                value: Box::new(value),
            },
            n.start,
            end,
        ),
    ))
}

pub fn named_expression(i: In<'_>) -> R<'_> {
    if i.kind()? == TokKind::Name && i.peek2()?.kind == TokKind::Op(Op::ColonEqual) {
        match assignment_expression(i) {
            Err(nom::Err::Error(_)) => {}
            r => return r,
        }
    }
    if i.cx.invalid_pass.get() {
        return invalid_named_expression(i);
    }
    terminated(expression, not(op(Op::ColonEqual))).parse(i)
}

/// Second pass of `named_expression`, with CPython's `invalid_named_expression` checks folded
/// into one parse of the left-hand side (re-parsing it per alternative would be exponential in
/// the bracket depth without CPython's memoization).
fn invalid_named_expression(i: In<'_>) -> R<'_> {
    let first = i.peek()?;
    let (j, e) = expression(i)?;
    let next = j.peek()?;
    if next.kind == TokKind::Op(Op::ColonEqual) {
        if let Some((_, _)) = attempt(expression(j.advance()))? {
            return fatal_at(
                i,
                format!("cannot use assignment expressions with {}", expr_name(&e)),
                e.span,
            );
        }
        return backtrack();
    }
    let is_name = first.kind == TokKind::Name && e.span == first.span();
    // Check the lookaheads before parsing the right side, as CPython does (it must not read
    // further than CPython would, or it could run into a tokenizer error CPython never sees).
    if next.kind == TokKind::Op(Op::Equal)
        && is_bitwise_or_level(&e)
        && (is_name || !starts_with_display(i, &e)?)
        && let Some((k, b)) = attempt(bitwise_or(j.advance()))?
    {
        let after = k.peek()?;
        if !matches!(
            after.kind,
            TokKind::Op(Op::Equal) | TokKind::Op(Op::ColonEqual)
        ) {
            if is_name {
                return fatal_at(
                    i,
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                    Span::new(e.span.start, b.span.end),
                );
            }
            return fatal_at(
                i,
                format!(
                    "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                    expr_name(&e)
                ),
                e.span,
            );
        }
    }
    Ok((j, e))
}

/// Whether `e` is something `bitwise_or` alone would have parsed (no comparison, `not`, `and`,
/// `or`, `if`-`else` or lambda at the top).
fn is_bitwise_or_level(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::Compare { .. }
            | ExprKind::BoolOp { .. }
            | ExprKind::IfExp { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::UnaryOp {
                op: UnaryOp::Not,
                ..
            }
    )
}

/// CPython's `!(list|tuple|genexp|'True'|'None'|'False')` in front of `invalid_named_expression`.
fn starts_with_display(i: In<'_>, e: &Expr) -> Result<bool, nom::Err<PErr>> {
    let t = i.peek()?;
    match t.kind {
        TokKind::Kw(Kw::True | Kw::False | Kw::None) => Ok(true),
        TokKind::Op(Op::LSqb | Op::LPar) => {
            let mut first_atom = e;
            loop {
                let next = match &first_atom.kind {
                    ExprKind::Attribute { value, .. } => value,
                    ExprKind::Call { func, .. } => func,
                    ExprKind::Subscript { value, .. } => value,
                    ExprKind::BinOp { left, .. } => left,
                    _ => break,
                };
                first_atom = next;
            }
            Ok(first_atom.span.start == t.start
                && matches!(
                    first_atom.kind,
                    ExprKind::List(_) | ExprKind::Tuple(_) | ExprKind::GeneratorExp { .. }
                ))
        }
        _ => Ok(false),
    }
}

pub fn expression(i: In<'_>) -> R<'_> {
    let _guard = i.enter()?;
    let first = i.peek()?;
    if first.kind == TokKind::Kw(Kw::Lambda) {
        return lambdef(i);
    }
    let (j, a) = disjunction(i)?;
    let pass2 = i.cx.invalid_pass.get();
    if pass2 {
        invalid_expression(i, j, first, &a)?;
    }
    if !j.is_kw(Kw::If)? {
        // The operator loops below checked their own nodes; this catches growth through
        // brackets. A tree spanning few tokens cannot be tall, so skip the walk then.
        if j.pos() - i.pos() >= 64 {
            check_height(j, height(&a), a.span)?;
        }
        return Ok((j, a));
    }
    let (k, test) = match preceded(kw(Kw::If), disjunction).parse(j) {
        Ok(r) => r,
        Err(nom::Err::Error(_)) => return Ok((j, a)),
        Err(e) => return Err(e),
    };
    let after = k.peek()?;
    if after.kind != TokKind::Kw(Kw::Else) {
        if pass2 && after.kind != TokKind::Op(Op::Colon) {
            return fatal_at(
                i,
                "expected 'else' after 'if' expression",
                Span::new(a.span.start, test.span.end),
            );
        }
        return Ok((j, a));
    }
    let (k, orelse) = match expression(k.advance()) {
        Ok(r) => r,
        Err(nom::Err::Error(_)) => return Ok((j, a)),
        Err(e) => return Err(e),
    };
    let (start, end) = (first.start, k.prev_end());
    let e = mk(
        ExprKind::IfExp {
            test: Box::new(test),
            body: Box::new(a),
            orelse: Box::new(orelse),
        },
        start,
        end,
    );
    check_height(k, height(&e), e.span)?;
    Ok((k, e))
}

/// `invalid_expression` and `invalid_legacy_expression` (second pass): "Perhaps you forgot a
/// comma?" inside brackets, and `print "x"`.
fn invalid_expression<'a>(
    i: In<'a>,
    j: In<'a>,
    first: Token,
    a: &Expr,
) -> Result<(), nom::Err<PErr>> {
    // Look at the second token only when CPython's lookaheads would.
    let second = if first.kind == TokKind::Name {
        i.peek2()?
    } else {
        first
    };
    let is_soft_kw =
        first.kind == TokKind::Name && matches!(i.text(&first), "_" | "match" | "case");
    let name_string = first.kind == TokKind::Name && second.kind == TokKind::Str;
    let legacy = matches!(&a.kind, ExprKind::Name(n) if n == "print" || n == "exec");
    if !is_soft_kw && !name_string && !j.is_kw(Kw::If)? {
        let cx = i.cx;
        cx.invalid_pass.set(false);
        let b = expression(j);
        cx.invalid_pass.set(true);
        match b {
            Ok((k, b)) => {
                let last_level = k
                    .pos()
                    .checked_sub(1)
                    .and_then(|p| cx.toks.get(p))
                    .map_or(0, |t| t.level);
                if !legacy && last_level > 0 {
                    return fatal_at(
                        i,
                        "invalid syntax. Perhaps you forgot a comma?",
                        Span::new(a.span.start, b.span.end),
                    );
                }
            }
            Err(nom::Err::Error(_)) => {}
            Err(e) => return Err(e),
        }
    }
    // `invalid_legacy_expression: NAME !'(' star_expressions`. CPython parses what follows any
    // name this way (with its `invalid_*` rules on), so errors found there surface too.
    let cx = i.cx;
    if first.kind == TokKind::Name
        && second.kind != TokKind::Op(Op::LPar)
        && !cx.in_legacy_check.get()
    {
        cx.in_legacy_check.set(true);
        let b = attempt(star_expressions(i.advance()));
        cx.in_legacy_check.set(false);
        if let Some((_, b)) = b? {
            let n = i.text(&first);
            if n == "print" || n == "exec" {
                return fatal_at(
                    i,
                    format!("Missing parentheses in call to '{n}'. Did you mean {n}(...)?"),
                    Span::new(first.start, b.span.end),
                );
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Operators: `or`, `and`, `not`, comparisons and binary operators, by precedence climbing

/// Precedence levels, loosest first, as in CPython's grammar (`disjunction` ... `term`).
const OR: u8 = 0;
const AND: u8 = 1;
const NOT: u8 = 2;
const CMP: u8 = 3;
const BITOR: u8 = 4;

/// Binary operators with their precedence level (`|` is [`BITOR`], `* / // % @` the tightest).
fn bin_op(t: TokKind) -> Option<(BinOp, u8)> {
    let TokKind::Op(o) = t else { return None };
    Some(match o {
        Op::VBar => (BinOp::BitOr, 4),
        Op::Circumflex => (BinOp::BitXor, 5),
        Op::Amper => (BinOp::BitAnd, 6),
        Op::LeftShift => (BinOp::LShift, 7),
        Op::RightShift => (BinOp::RShift, 7),
        Op::Plus => (BinOp::Add, 8),
        Op::Minus => (BinOp::Sub, 8),
        Op::Star => (BinOp::Mul, 9),
        Op::Slash => (BinOp::Div, 9),
        Op::DoubleSlash => (BinOp::FloorDiv, 9),
        Op::Percent => (BinOp::Mod, 9),
        Op::At => (BinOp::MatMul, 9),
        _ => return None,
    })
}

fn disjunction(i: In<'_>) -> R<'_> {
    climb(i, OR)
}

/// CPython's `bitwise_or`: an operand of comparisons, `*x` and targets.
pub fn bitwise_or(i: In<'_>) -> R<'_> {
    climb(i, BITOR)
}

/// Everything from `or` down to `* / // % @` in one precedence-climbing loop: an operand costs
/// one look at the following token rather than one per grammar level, and recursion only goes
/// as deep as the number of levels. `and`/`or` chains become one `BoolOp` and comparison chains
/// one `Compare`, as in CPython. As in CPython's PEG rules, an operator whose right operand does
/// not parse ends the chain (the caller then fails on the operator).
fn climb(i: In<'_>, min: u8) -> R<'_> {
    let first = i.peek()?;
    let start = first.start;
    let (mut i, mut left) = if min <= NOT && first.kind == TokKind::Kw(Kw::Not) {
        inversion(i)?
    } else {
        factor(i)?
    };
    let mut h = 0;
    loop {
        let t = i.peek()?;
        let (j, e, hj) = match t.kind {
            TokKind::Kw(k @ (Kw::Or | Kw::And)) => {
                let (op_, level) = if k == Kw::Or {
                    (BoolOp::Or, OR)
                } else {
                    (BoolOp::And, AND)
                };
                if level < min {
                    break;
                }
                let mut hv = height(&left);
                let mut values = vec![left];
                let mut j = i;
                while j.is_kw(k)? {
                    let Some((j2, v)) = attempt(climb(j.advance(), level + 1))? else {
                        break;
                    };
                    hv = hv.max(height(&v));
                    values.push(v);
                    j = j2;
                }
                if values.len() == 1 {
                    left = values
                        .pop()
                        .unwrap_or_else(|| mk(ExprKind::None, start, start));
                    break;
                }
                (j, ExprKind::BoolOp { op: op_, values }, hv + 1)
            }
            TokKind::Kw(Kw::Not | Kw::In | Kw::Is)
            | TokKind::Op(
                Op::EqEqual
                | Op::NotEqual
                | Op::Less
                | Op::LessEqual
                | Op::Greater
                | Op::GreaterEqual,
            ) => {
                if CMP < min {
                    break;
                }
                let mut hv = height(&left);
                let mut ops = Vec::new();
                let mut j = i;
                while let Some((j2, (o, right))) = attempt((comp_op, |i| climb(i, BITOR)).parse(j))?
                {
                    hv = hv.max(height(&right));
                    ops.push((o, right));
                    j = j2;
                }
                if ops.is_empty() {
                    break;
                }
                (
                    j,
                    ExprKind::Compare {
                        left: Box::new(left),
                        ops,
                    },
                    hv + 1,
                )
            }
            kind => {
                let Some((o, level)) = bin_op(kind) else {
                    break;
                };
                if level < min {
                    break;
                }
                let Some((j, right)) = attempt(climb(i.advance(), level + 1))? else {
                    break;
                };
                if h == 0 {
                    h = height(&left);
                }
                let hv = h.max(height(&right)) + 1;
                (
                    j,
                    ExprKind::BinOp {
                        left: Box::new(left),
                        op: o,
                        right: Box::new(right),
                    },
                    hv,
                )
            }
        };
        let end = j.prev_end();
        check_height(j, hj, Span::new(start, end))?;
        h = hj;
        left = mk(e, start, end);
        i = j;
    }
    Ok((i, left))
}

/// `'not'+ comparison`, iteratively.
fn inversion(i: In<'_>) -> R<'_> {
    let mut nots: Vec<usize> = Vec::new();
    let mut i = i;
    while i.is_kw(Kw::Not)? {
        nots.push(i.peek()?.start);
        i = i.advance();
    }
    let (i, mut e) = climb(i, CMP)?;
    check_height(i, height(&e) + nots.len(), e.span)?;
    let end = i.prev_end();
    while let Some(start) = nots.pop() {
        e = mk(
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand: Box::new(e),
            },
            start,
            end,
        );
    }
    Ok((i, e))
}

fn comp_op(i: In<'_>) -> PResult<'_, CmpOp> {
    let t = i.peek()?;
    let simple = match t.kind {
        TokKind::Op(Op::EqEqual) => Some(CmpOp::Eq),
        TokKind::Op(Op::NotEqual) => Some(CmpOp::NotEq),
        TokKind::Op(Op::LessEqual) => Some(CmpOp::LtE),
        TokKind::Op(Op::Less) => Some(CmpOp::Lt),
        TokKind::Op(Op::GreaterEqual) => Some(CmpOp::GtE),
        TokKind::Op(Op::Greater) => Some(CmpOp::Gt),
        TokKind::Kw(Kw::In) => Some(CmpOp::In),
        _ => None,
    };
    if let Some(o) = simple {
        return Ok((i.advance(), o));
    }
    if !matches!(t.kind, TokKind::Kw(Kw::Not | Kw::Is)) {
        return backtrack();
    }
    alt((
        map((kw(Kw::Not), kw(Kw::In)), |_| CmpOp::NotIn),
        map((kw(Kw::Is), kw(Kw::Not)), |_| CmpOp::IsNot),
        map(kw(Kw::Is), |_| CmpOp::Is),
    ))
    .parse(i)
}

fn unary_op(t: TokKind) -> Option<UnaryOp> {
    match t {
        TokKind::Op(Op::Minus) => Some(UnaryOp::Neg),
        TokKind::Op(Op::Plus) => Some(UnaryOp::Pos),
        TokKind::Op(Op::Tilde) => Some(UnaryOp::Invert),
        _ => None,
    }
}

/// Prefix operators in front of an operand, collected iteratively.
fn prefixes<'a>(mut i: In<'a>) -> PResult<'a, Vec<(UnaryOp, usize)>> {
    let mut v = Vec::new();
    loop {
        let t = i.peek()?;
        let Some(o) = unary_op(t.kind) else { break };
        v.push((o, t.start));
        i = i.advance();
    }
    Ok((i, v))
}

fn apply_prefixes<'a>(
    i: In<'a>,
    mut pre: Vec<(UnaryOp, usize)>,
    mut e: Expr,
) -> Result<Expr, nom::Err<PErr>> {
    if pre.is_empty() {
        return Ok(e);
    }
    check_height(i, height(&e) + pre.len(), e.span)?;
    let end = i.prev_end();
    while let Some((o, start)) = pre.pop() {
        e = mk(
            ExprKind::UnaryOp {
                op: o,
                operand: Box::new(e),
            },
            start,
            end,
        );
    }
    Ok(e)
}

/// `factor`: `('+'|'-'|'~')* power`.
fn factor(i: In<'_>) -> R<'_> {
    if unary_op(i.kind()?).is_none() {
        return power(i);
    }
    let (i, pre) = prefixes(i)?;
    let (i, e) = power(i)?;
    let e = apply_prefixes(i, pre, e)?;
    Ok((i, e))
}

/// `power`: `primary ['**' factor]`, right-associative, built from a flat list so that long
/// `a ** b ** c ...` chains do not recurse.
fn power(i: In<'_>) -> R<'_> {
    let start = i.peek()?.start;
    let (mut i, base) = primary(i)?;
    if !i.is_op(Op::DoubleStar)? {
        return Ok((i, base));
    }
    let mut bases = vec![(start, base)];
    let mut pres = Vec::new();
    while i.is_op(Op::DoubleStar)? {
        let (j, pre) = prefixes(i.advance())?;
        let bstart = j.peek()?.start;
        let Some((j, b)) = attempt(primary(j))? else {
            break;
        };
        pres.push(pre);
        bases.push((bstart, b));
        i = j;
    }
    let mut acc = match bases.pop() {
        Some((_, e)) => e,
        None => return backtrack(),
    };
    let mut h = height(&acc);
    let end = i.prev_end();
    while let (Some((start, left)), Some(pre)) = (bases.pop(), pres.pop()) {
        h += pre.len();
        acc = apply_prefixes(i, pre, acc)?;
        h = h.max(height(&left)) + 1;
        check_height(i, h, Span::new(start, end))?;
        acc = mk(
            ExprKind::BinOp {
                left: Box::new(left),
                op: BinOp::Pow,
                right: Box::new(acc),
            },
            start,
            end,
        );
    }
    Ok((i, acc))
}

// ---------------------------------------------------------------------------------------------
// Primaries

/// `primary`: an atom and its trailers (`.name`, `(args)`, `[index]`), in a loop.
pub fn primary(i: In<'_>) -> R<'_> {
    let first = i.peek()?;
    if first.kind == TokKind::Kw(Kw::Await) {
        // Parses, but our AST has no `Await`: CPython's compiler rejects it outside `async def`
        // (which we do not support), so we report that once the whole input has parsed.
        // `await await x` is not Python (and must not recurse once per `await`).
        if i.advance().is_kw(Kw::Await)? {
            return backtrack();
        }
        let (j, e) = primary(i.advance())?;
        let msg = if i.cx.func_depth.get() > 0 {
            "'await' outside async function"
        } else {
            "'await' outside function"
        };
        let span = Span::new(first.start, j.prev_end());
        i.cx.deferred.borrow_mut().push(i.cx.error(msg, span));
        return Ok((j, e));
    }
    let start = first.start;
    let (mut i, mut e) = atom(i)?;
    let mut h = 0;
    loop {
        let t = i.peek()?;
        match t.kind {
            TokKind::Op(Op::Dot) => {
                let Some((j, n)) = attempt(preceded(op(Op::Dot), name).parse(i))? else {
                    break;
                };
                e = mk(
                    ExprKind::Attribute {
                        value: Box::new(e),
                        attr: i.text(&n).to_string(),
                        attr_span: n.span(),
                    },
                    start,
                    n.end,
                );
                h = if h == 0 { height(&e) } else { h + 1 };
                i = j;
            }
            TokKind::Op(Op::LPar) => {
                let Some((j, (args, close))) = attempt(call_args(i, true))? else {
                    break;
                };
                let mut ch = if h == 0 { height(&e) } else { h };
                for a in &args {
                    ch = ch.max(height(a.value()));
                }
                h = ch + 1;
                e = mk(
                    ExprKind::Call {
                        func: Box::new(e),
                        args,
                    },
                    start,
                    close,
                );
                i = j;
            }
            TokKind::Op(Op::LSqb) => {
                let Some((j, (index, close))) = attempt(subscript(i))? else {
                    break;
                };
                h = (if h == 0 { height(&e) } else { h }).max(height(&index)) + 1;
                e = mk(
                    ExprKind::Subscript {
                        value: Box::new(e),
                        index: Box::new(index),
                    },
                    start,
                    close,
                );
                i = j;
            }
            _ => break,
        }
        check_height(i, h, e.span)?;
    }
    Ok((i, e))
}

fn atom(i: In<'_>) -> R<'_> {
    let t = i.peek()?;
    let j = i.advance();
    let leaf = |k: ExprKind| Ok((j, mk(k, t.start, t.end)));
    match t.kind {
        TokKind::Name => leaf(ExprKind::Name(i.text(&t).to_string())),
        TokKind::Kw(Kw::True) => leaf(ExprKind::Bool(true)),
        TokKind::Kw(Kw::False) => leaf(ExprKind::Bool(false)),
        TokKind::Kw(Kw::None) => leaf(ExprKind::None),
        TokKind::Op(Op::Ellipsis) => leaf(ExprKind::Ellipsis),
        TokKind::Number => match super::number::number_value(i.text(&t)) {
            Ok(k) => leaf(k),
            Err(msg) => fatal_at(i, msg, t.span()),
        },
        TokKind::Str => strings(i),
        TokKind::Op(Op::LPar) => paren_atom(i),
        TokKind::Op(Op::LSqb) => list_atom(i),
        TokKind::Op(Op::LBrace) => brace_atom(i),
        _ => backtrack(),
    }
}

/// `yield [from] ...` where CPython allows it (statement, right of `=`, parentheses). It parses,
/// but our AST has no `Yield`: outside a function it is CPython's compile error, inside one we
/// say it is not supported; either is reported once the whole input has parsed. The returned
/// placeholder is never seen.
pub fn yield_expr(i: In<'_>) -> R<'_> {
    let (j, t) = kw(Kw::Yield)(i)?;
    let (j, _) = if j.is_kw(Kw::From)? {
        map(preceded(kw(Kw::From), expression), Some).parse(j)?
    } else {
        opt(star_expressions).parse(j)?
    };
    let span = Span::new(t.start, j.prev_end());
    let msg = if i.cx.func_depth.get() == 0 {
        "'yield' outside function"
    } else {
        "'yield' is not supported by ormlab"
    };
    i.cx.deferred.borrow_mut().push(i.cx.error(msg, span));
    Ok((
        j,
        Expr {
            kind: ExprKind::None,
            span,
        },
    ))
}

/// Adjacent string literals, concatenated.
fn strings(i: In<'_>) -> R<'_> {
    let mut j = i;
    while j.kind()? == TokKind::Str {
        j = j.advance();
    }
    let n = i.toks.len() - j.toks.len();
    let toks = &i.toks[..n];
    let after = j.peek()?;
    let (start, end) = (
        toks.first().map_or(0, |t| t.start),
        toks.last().map_or(0, |t| t.end),
    );
    let cx = i.cx;
    let field = |s: usize, e: usize| {
        super::parse_fstring_field(cx.src, s, e, cx.depth.get(), cx.func_depth.get())
    };
    match concat_strings(cx.src, toks, after.span(), &field) {
        Ok(kind) => Ok((j, mk(kind, start, end))),
        Err(e) => fatal(e),
    }
}

/// `(`: empty tuple, parenthesised expression, tuple or generator expression.
fn paren_atom(i: In<'_>) -> R<'_> {
    let (j, open) = op(Op::LPar)(i)?;
    if let Some((k, close)) = attempt(op(Op::RPar)(j))? {
        return Ok((k, mk(ExprKind::Tuple(Vec::new()), open.start, close.end)));
    }
    if j.is_kw(Kw::Yield)? {
        let (k, e) = yield_expr(j)?;
        let (k, _) = op(Op::RPar)(k)?;
        return Ok((k, e));
    }
    if i.cx.invalid_pass.get() && j.is_op(Op::DoubleStar)? {
        let star = j.peek()?;
        if let Some((k, _)) = attempt(expression(j.advance()))?
            && k.is_op(Op::RPar)?
        {
            return fatal_at(i, "cannot use double starred expression here", star.span());
        }
    }
    let (j, first) = star_named_expression(j)?;
    let next = j.peek()?;
    match next.kind {
        TokKind::Op(Op::RPar) => {
            if matches!(first.kind, ExprKind::Starred(_)) {
                if i.cx.invalid_pass.get() {
                    return fatal_at(i, "cannot use starred expression here", first.span);
                }
                return backtrack();
            }
            Ok((j.advance(), first))
        }
        TokKind::Op(Op::Comma) => {
            let (j, elts) = display_rest(j, first)?;
            let (j, close) = op(Op::RPar)(j)?;
            Ok((j, mk(ExprKind::Tuple(elts), open.start, close.end)))
        }
        TokKind::Kw(Kw::For) => {
            comprehension_elt_check(j, &first)?;
            let (j, generators) = for_if_clauses(j)?;
            let (j, close) = op(Op::RPar)(j)?;
            let e = ExprKind::GeneratorExp {
                elt: Box::new(first),
                generators,
            };
            Ok((j, mk(e, open.start, close.end)))
        }
        _ => backtrack(),
    }
}

/// The remaining `, elem` items of a display after its first element, trailing comma allowed.
fn display_rest(mut i: In<'_>, first: Expr) -> PResult<'_, Vec<Expr>> {
    let mut elts = vec![first];
    while i.is_op(Op::Comma)? {
        i = i.advance();
        match opt(star_named_expression).parse(i)? {
            (j, Some(e)) => {
                elts.push(e);
                i = j;
            }
            (_, None) => break,
        }
    }
    Ok((i, elts))
}

/// `[*a for a in b]` (message in the second pass); `after` is positioned at the `for`.
fn comprehension_elt_check(after: In<'_>, elt: &Expr) -> Result<(), nom::Err<PErr>> {
    if matches!(elt.kind, ExprKind::Starred(_)) {
        if after.cx.invalid_pass.get() && succeeds(for_if_clauses(after))? {
            return fatal_at(
                after,
                "iterable unpacking cannot be used in comprehension",
                elt.span,
            );
        }
        return backtrack();
    }
    Ok(())
}

/// Second pass, for `[a, b for ...]`: the elements were parsed and a `for` follows.
fn forgotten_parens<T>(i: In<'_>, elts: &[Expr], after: In<'_>) -> Result<T, nom::Err<PErr>> {
    if i.cx.invalid_pass.get() && after.is_kw(Kw::For)? && succeeds(for_if_clauses(after))? {
        let (first, last) = (
            elts.first().map_or(0, |e| e.span.start),
            elts.last().map_or(0, |e| e.span.end),
        );
        let end = if elts.len() == 1 {
            after.prev_end()
        } else {
            last
        };
        return fatal_at(
            i,
            "did you forget parentheses around the comprehension target?",
            Span::new(first, end),
        );
    }
    backtrack()
}

fn list_atom(i: In<'_>) -> R<'_> {
    let (j, open) = op(Op::LSqb)(i)?;
    if let Some((k, close)) = attempt(op(Op::RSqb)(j))? {
        return Ok((k, mk(ExprKind::List(Vec::new()), open.start, close.end)));
    }
    let (j, first) = star_named_expression(j)?;
    if j.is_kw(Kw::For)? {
        comprehension_elt_check(j, &first)?;
        let (j, generators) = for_if_clauses(j)?;
        let (j, close) = op(Op::RSqb)(j)?;
        return Ok((
            j,
            mk(
                ExprKind::ListComp {
                    elt: Box::new(first),
                    generators,
                },
                open.start,
                close.end,
            ),
        ));
    }
    let (k, elts) = display_rest(j, first)?;
    match op(Op::RSqb)(k) {
        Ok((k, close)) => Ok((k, mk(ExprKind::List(elts), open.start, close.end))),
        Err(nom::Err::Error(_)) => forgotten_parens(i, &elts, k),
        Err(e) => Err(e),
    }
}

/// `{`: dict, set, dict or set comprehension.
fn brace_atom(i: In<'_>) -> R<'_> {
    let (j, open) = op(Op::LBrace)(i)?;
    if let Some((k, close)) = attempt(op(Op::RBrace)(j))? {
        return Ok((k, mk(ExprKind::Dict(Vec::new()), open.start, close.end)));
    }
    let pass2 = i.cx.invalid_pass.get();
    if j.is_op(Op::DoubleStar)? {
        let (k, first) = preceded(op(Op::DoubleStar), bitwise_or).parse(j)?;
        if k.is_kw(Kw::For)? {
            if pass2 && succeeds(for_if_clauses(k))? {
                let star = j.peek()?;
                return fatal_at(
                    i,
                    "dict unpacking cannot be used in dict comprehension",
                    star.span(),
                );
            }
            return backtrack();
        }
        return dict_rest(i, open, k, (None, first));
    }
    let (k, first) = star_named_expression(j)?;
    let next = k.peek()?;
    match next.kind {
        TokKind::Op(Op::Colon) if !matches!(first.kind, ExprKind::Starred(_)) => {
            let (k2, value) = dict_value(i, k.advance())?;
            if k2.is_kw(Kw::For)? {
                let (k2, generators) = for_if_clauses(k2)?;
                let (k2, close) = op(Op::RBrace)(k2)?;
                let e = ExprKind::DictComp {
                    key: Box::new(first),
                    value: Box::new(value),
                    generators,
                };
                return Ok((k2, mk(e, open.start, close.end)));
            }
            dict_rest(i, open, k2, (Some(first), value))
        }
        TokKind::Kw(Kw::For) => {
            comprehension_elt_check(k, &first)?;
            let (k, generators) = for_if_clauses(k)?;
            let (k, close) = op(Op::RBrace)(k)?;
            Ok((
                k,
                mk(
                    ExprKind::SetComp {
                        elt: Box::new(first),
                        generators,
                    },
                    open.start,
                    close.end,
                ),
            ))
        }
        _ => {
            let (k, elts) = display_rest(k, first)?;
            match op(Op::RBrace)(k) {
                Ok((k, close)) => Ok((k, mk(ExprKind::Set(elts), open.start, close.end))),
                Err(nom::Err::Error(_)) => forgotten_parens(i, &elts, k),
                Err(e) => Err(e),
            }
        }
    }
}

/// A dict value after `key :`, with the second-pass messages for `{k: *v}` and `{k:}`.
fn dict_value<'a>(i: In<'a>, j: In<'a>) -> R<'a> {
    if i.cx.invalid_pass.get() {
        let t = j.peek()?;
        if t.kind == TokKind::Op(Op::Star) && succeeds(bitwise_or(j.advance()))? {
            return fatal_at(
                i,
                "cannot use a starred expression in a dictionary value",
                t.span(),
            );
        }
        if matches!(t.kind, TokKind::Op(Op::RBrace) | TokKind::Op(Op::Comma)) {
            let colon =
                i.cx.toks
                    .get(j.pos().wrapping_sub(1))
                    .map_or(t.span(), |c| c.span());
            return fatal_at(i, "expression expected after dictionary key and ':'", colon);
        }
    }
    expression(j)
}

fn dict_rest<'a>(i: In<'a>, open: Token, mut k: In<'a>, first: (Option<Expr>, Expr)) -> R<'a> {
    let mut items = vec![first];
    while k.is_op(Op::Comma)? {
        let j = k.advance();
        if j.is_op(Op::DoubleStar)? {
            let (j2, v) = preceded(op(Op::DoubleStar), bitwise_or).parse(j)?;
            items.push((None, v));
            k = j2;
            continue;
        }
        let (j2, key) = match expression(j) {
            Ok(r) => r,
            Err(nom::Err::Error(_)) => {
                k = j;
                break;
            }
            Err(e) => return Err(e),
        };
        if !j2.is_op(Op::Colon)? {
            if i.cx.invalid_pass.get() {
                // CPython points one character before the end of the key.
                let at = key.span.end.saturating_sub(1);
                return fatal_at(
                    i,
                    "':' expected after dictionary key",
                    Span::new(at, key.span.end),
                );
            }
            return backtrack();
        }
        let (j3, value) = dict_value(i, j2.advance())?;
        items.push((Some(key), value));
        k = j3;
    }
    let (k, close) = op(Op::RBrace)(k)?;
    Ok((k, mk(ExprKind::Dict(items), open.start, close.end)))
}

// ---------------------------------------------------------------------------------------------
// Comprehensions and targets

/// `('for' star_targets 'in' disjunction ('if' disjunction)*)+`. As in CPython's PEG rules a
/// clause that does not parse ends the list (and an `if` whose condition does not parse ends the
/// clause), leaving the caller to fail on the unparsed token.
pub fn for_if_clauses(mut i: In<'_>) -> PResult<'_, Vec<Comprehension>> {
    let mut gens = Vec::new();
    while i.is_kw(Kw::For)? {
        let (j, _) = kw(Kw::For)(i)?;
        if j.is_kw(Kw::Async)? {
            return fatal_at(
                j,
                "asynchronous comprehensions are not supported by ormlab",
                j.peek()?.span(),
            );
        }
        let head = match attempt(star_targets(j, TargetKind::For))? {
            Some((k, target)) => attempt(kw(Kw::In)(k))?.map(|(k, _)| (k, target)),
            None => None,
        };
        let Some((j, target)) = head else {
            invalid_for_target::<()>(j)?;
            break;
        };
        let Some((mut j, iter)) = attempt(disjunction(j))? else {
            break;
        };
        let mut ifs = Vec::new();
        while j.is_kw(Kw::If)? {
            let Some((k, cond)) = attempt(preceded(kw(Kw::If), disjunction).parse(j))? else {
                break;
            };
            ifs.push(cond);
            j = k;
        }
        gens.push(Comprehension { target, iter, ifs });
        i = j;
    }
    if gens.is_empty() {
        return backtrack();
    }
    Ok((i, gens))
}

/// Second pass of a `for` whose `target in` does not parse: `cannot assign to ...` (parsing
/// what follows `for` as expressions may also raise errors of its own, as in CPython).
pub fn invalid_for_target<T>(i: In<'_>) -> Result<T, nom::Err<PErr>> {
    if i.cx.invalid_pass.get()
        && let Some((_, e)) = attempt(star_expressions(i))?
        && let Some(bad) = invalid_target(&e, TargetKind::For)
    {
        return fatal_at(i, format!("cannot assign to {}", expr_name(bad)), bad.span);
    }
    backtrack()
}

fn star_target(i: In<'_>) -> R<'_> {
    alt((starred(bitwise_or), bitwise_or)).parse(i)
}

/// `star_targets`: parsed like the expressions they look like (without comparisons, so that the
/// `in` of a `for` is left alone), then checked.
pub fn star_targets(i: In<'_>, kind: TargetKind) -> R<'_> {
    let start = i.peek()?.start;
    let (j, first) = star_target(i)?;
    let (j, e) = comma_tail(j, start, first, star_target)?;
    if !is_target(&e, kind) {
        return backtrack();
    }
    Ok((j, e))
}

/// One `star_target` (after `as` in a `with`): no unparenthesised tuple.
pub fn star_targets_single(i: In<'_>) -> R<'_> {
    let (j, e) = star_target(i)?;
    if !is_target(&e, TargetKind::Store) {
        return backtrack();
    }
    Ok((j, e))
}

// ---------------------------------------------------------------------------------------------
// Calls and subscripts

/// `'(' [arguments] ')'` after a callee; returns the arguments and the end of `)`.
/// A call argument that is one name, number, plain string literal or constant followed by `,`
/// or `)` is an expression as it stands: it is read as that atom, without the descent through
/// every operator level that would find nothing more. First pass only (the second runs
/// CPython's `invalid_*` rules), and only where entering an expression could not hit the
/// nesting limit, so errors stay what the full rule gives.
fn leaf_argument(i: In<'_>) -> Result<Option<(In<'_>, Expr)>, nom::Err<PErr>> {
    if i.cx.invalid_pass.get() || i.cx.depth.get() + 1 > MAX_NESTING {
        return Ok(None);
    }
    let t = i.peek()?;
    let leaf = match t.kind {
        TokKind::Name | TokKind::Number | TokKind::Kw(Kw::True | Kw::False | Kw::None) => true,
        // No prefix: an f-string parses its fields, a bytes literal has rules of its own.
        TokKind::Str => matches!(i.text(&t).as_bytes().first(), Some(b'"' | b'\'')),
        _ => false,
    };
    if !leaf || !matches!(i.peek2()?.kind, TokKind::Op(Op::Comma | Op::RPar)) {
        return Ok(None);
    }
    atom(i).map(Some)
}

pub fn call_args(i: In<'_>, allow_genexp: bool) -> PResult<'_, (Vec<Arg>, usize)> {
    let (mut i, open) = op(Op::LPar)(i)?;
    let pass2 = i.cx.invalid_pass.get();
    let mut args: Vec<Arg> = Vec::new();
    let mut seen_keyword = false;
    let mut seen_kw_unpack = false;
    // (kind of violation, whether a `**` came before it)
    let mut misplaced_positional: Option<bool> = None;
    while !i.is_op(Op::RPar)? {
        if pass2 {
            invalid_kwarg(i)?;
        }
        let t = i.peek()?;
        let (j, arg) = match t.kind {
            TokKind::Op(Op::Star) => {
                let (j, e) = preceded(op(Op::Star), expression).parse(i)?;
                if seen_kw_unpack {
                    if pass2 {
                        return fatal_at(
                            i,
                            "iterable argument unpacking follows keyword argument unpacking",
                            t.span(),
                        );
                    }
                    return backtrack();
                }
                (j, Arg::Starred(e))
            }
            TokKind::Op(Op::DoubleStar) => {
                let (j, e) = preceded(op(Op::DoubleStar), expression).parse(i)?;
                seen_kw_unpack = true;
                seen_keyword = true;
                (j, Arg::DoubleStarred(e))
            }
            TokKind::Name if i.peek2()?.kind == TokKind::Op(Op::Equal) => {
                let k = i.advance().advance();
                let (j, value) = match leaf_argument(k)? {
                    Some(r) => r,
                    None => expression(k)?,
                };
                seen_keyword = true;
                (
                    j,
                    Arg::Keyword {
                        name: i.text(&t).to_string(),
                        name_span: t.span(),
                        value,
                    },
                )
            }
            _ => {
                let (j, e) = match leaf_argument(i)? {
                    Some(r) => r,
                    None => alt((
                        assignment_expression,
                        terminated(expression, not(op(Op::ColonEqual))),
                    ))
                    .parse(i)?,
                };
                if j.is_kw(Kw::For)? {
                    // Only `f(x for x in y)` takes an unparenthesised generator; CPython's first
                    // pass stops right at the `for` otherwise.
                    if !(pass2 || allow_genexp && args.is_empty()) {
                        return backtrack();
                    }
                    let (k, generators) = for_if_clauses(j)?;
                    let sole = allow_genexp && args.is_empty() && k.is_op(Op::RPar)?;
                    if !sole {
                        if pass2 && (!args.is_empty() || k.is_op(Op::Comma)?) {
                            let last = generators.last().map_or(e.span.end, last_comprehension_end);
                            return fatal_at(
                                i,
                                "Generator expression must be parenthesized",
                                Span::new(e.span.start, last),
                            );
                        }
                        return backtrack();
                    }
                    let (k, close) = op(Op::RPar)(k)?;
                    let g = mk(
                        ExprKind::GeneratorExp {
                            elt: Box::new(e),
                            generators,
                        },
                        open.start,
                        close.end,
                    );
                    return Ok((k, (vec![Arg::Positional(g)], close.end)));
                }
                if j.is_op(Op::Equal)? {
                    return backtrack();
                }
                if seen_keyword && misplaced_positional.is_none() {
                    if !pass2 {
                        return backtrack();
                    }
                    misplaced_positional = Some(seen_kw_unpack);
                }
                (j, Arg::Positional(e))
            }
        };
        args.push(arg);
        i = j;
        if !i.is_op(Op::Comma)? {
            break;
        }
        i = i.advance();
    }
    if let Some(after_unpack) = misplaced_positional {
        let msg = if after_unpack {
            "positional argument follows keyword argument unpacking"
        } else {
            "positional argument follows keyword argument"
        };
        return fatal_at_furthest(i, msg);
    }
    let (i, close) = op(Op::RPar)(i)?;
    Ok((i, (args, close.end)))
}

fn last_comprehension_end(c: &Comprehension) -> usize {
    c.ifs.last().map_or(c.iter.span.end, |e| e.span.end)
}

/// Second pass, before each call argument: CPython's `invalid_kwarg`.
fn invalid_kwarg(i: In<'_>) -> Result<(), nom::Err<PErr>> {
    let t = i.peek()?;
    let named = matches!(
        t.kind,
        TokKind::Name | TokKind::Kw(Kw::True | Kw::False | Kw::None)
    );
    let t2 = if named { i.peek2()? } else { t };
    let eq = named && t2.kind == TokKind::Op(Op::Equal);
    if eq && matches!(t.kind, TokKind::Kw(Kw::True | Kw::False | Kw::None)) {
        return fatal_at(
            i,
            format!("cannot assign to {}", i.text(&t)),
            Span::new(t.start, t2.end),
        );
    }
    if eq && t.kind == TokKind::Name {
        if let Some((j, _)) = attempt(expression(i.advance().advance()))?
            && j.is_kw(Kw::For)?
            && succeeds(for_if_clauses(j))?
        {
            return fatal_at(
                i,
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                Span::new(t.start, t2.end),
            );
        }
        return Ok(());
    }
    if matches!(t.kind, TokKind::Op(Op::Star | Op::DoubleStar)) {
        return Ok(());
    }
    let cx = i.cx;
    cx.invalid_pass.set(false);
    let r = expression(i);
    cx.invalid_pass.set(true);
    if let Some((j, a)) = attempt(r)? {
        let t = j.peek()?;
        if t.kind == TokKind::Op(Op::Equal) {
            return fatal_at(
                i,
                "expression cannot contain assignment, perhaps you meant \"==\"?",
                Span::new(a.span.start, t.end),
            );
        }
    }
    Ok(())
}

/// `'[' slices ']'`; returns the index expression and the end of `]`.
fn subscript(i: In<'_>) -> PResult<'_, (Expr, usize)> {
    let (j, _) = op(Op::LSqb)(i)?;
    let first_start = j.peek()?.start;
    let (j, first) = slice_or_starred(j)?;
    let (j, index) = if j.is_op(Op::Comma)? {
        comma_tail(j, first_start, first, slice_or_starred)?
    } else if matches!(first.kind, ExprKind::Starred(_)) {
        // `a[*b]` is a one-element tuple index, as in CPython.
        let span = first.span;
        (
            j,
            Expr {
                kind: ExprKind::Tuple(vec![first]),
                span,
            },
        )
    } else {
        (j, first)
    };
    let (j, close) = op(Op::RSqb)(j)?;
    Ok((j, (index, close.end)))
}

fn slice_or_starred(i: In<'_>) -> R<'_> {
    alt((starred(expression), slice)).parse(i)
}

/// `[expression] ':' [expression] [':' [expression]]` or a plain (named) expression.
fn slice(i: In<'_>) -> R<'_> {
    let first = i.peek()?;
    let (j, lower) = if first.kind == TokKind::Op(Op::Colon) {
        (i, None)
    } else {
        let (j, e) = named_expression(i)?;
        if !j.is_op(Op::Colon)? {
            return Ok((j, e));
        }
        if matches!(e.kind, ExprKind::NamedExpr { .. }) {
            return backtrack();
        }
        (j, Some(e))
    };
    let (j, colon) = op(Op::Colon)(j)?;
    let mut end = colon.end;
    let (j, upper) = opt(expression).parse(j)?;
    if upper.is_some() {
        end = j.prev_end();
    }
    let (j, step) = match opt(op(Op::Colon)).parse(j)? {
        (j, Some(c)) => {
            end = c.end;
            let (j, s) = opt(expression).parse(j)?;
            if s.is_some() {
                end = j.prev_end();
            }
            (j, s)
        }
        (j, None) => (j, None),
    };
    let start = first.start;
    let kind = ExprKind::Slice {
        lower: lower.map(Box::new),
        upper: upper.map(Box::new),
        step: step.map(Box::new),
    };
    Ok((j, mk(kind, start, end)))
}

// ---------------------------------------------------------------------------------------------
// Lambda

fn lambdef(i: In<'_>) -> R<'_> {
    let (j, lam) = kw(Kw::Lambda)(i)?;
    let (j, params) = lambda_params(j)?;
    let (j, _) = op(Op::Colon)(j)?;
    let cx = i.cx;
    cx.func_depth.set(cx.func_depth.get() + 1);
    let body = expression(j);
    cx.func_depth.set(cx.func_depth.get() - 1);
    let (j, body) = body?;
    let end = j.prev_end();
    Ok((
        j,
        mk(
            ExprKind::Lambda {
                params: Box::new(params),
                body: Box::new(body),
            },
            lam.start,
            end,
        ),
    ))
}

/// A parse of `star_expressions` that must consume every token up to ENDMARKER (eval mode and
/// f-string fields).
pub fn eval_input(i: In<'_>) -> R<'_> {
    let (mut i, e) = star_expressions(i)?;
    while i.kind()? == TokKind::Newline {
        i = i.advance();
    }
    let (i, _) = tok(TokKind::EndMarker)(i)?;
    Ok((i, e))
}
