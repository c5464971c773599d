//! The `SyntaxError`s CPython's compiler (not its parser) raises for code that parses:
//! `'return' outside function`, `'break' outside loop`, `keyword argument repeated`, misplaced
//! starred expressions, `nonlocal` at module level. The REPL compiles what it runs, so a learner
//! sees these exactly as `python -c` would show them.

use super::ast::*;
use super::error::syntax_error;
use super::expr::for_each_child;

/// Where a statement sits, for `return`/`break`/`continue`.
#[derive(Clone, Copy)]
struct Scope {
    in_function: bool,
    in_loop: bool,
}

type Res = Result<(), SyntaxError>;

/// `symtable`: errors the parser found that CPython's symbol table reports (duplicate
/// parameters); they come before code-generation errors, whatever their position.
pub fn check_module(src: &str, body: &[Stmt], mut symtable: Vec<SyntaxError>) -> Res {
    for s in body {
        if let StmtKind::Nonlocal(_) = s.kind {
            symtable.push(syntax_error(
                src,
                "nonlocal declaration not allowed at module level",
                s.span,
            ));
        }
    }
    if let Some(first) = symtable.into_iter().min_by_key(|e| e.span.start) {
        return Err(first);
    }
    let c = Checker { src };
    c.stmts(
        body,
        Scope {
            in_function: false,
            in_loop: false,
        },
    )
}

pub fn check_expression(src: &str, e: &Expr) -> Res {
    Checker { src }.expr(e)
}

struct Checker<'a> {
    src: &'a str,
}

impl Checker<'_> {
    fn err(&self, msg: impl Into<String>, span: Span) -> Res {
        Err(syntax_error(self.src, msg, span))
    }

    fn stmts(&self, body: &[Stmt], scope: Scope) -> Res {
        body.iter().try_for_each(|s| self.stmt(s, scope))
    }

    fn stmt(&self, s: &Stmt, scope: Scope) -> Res {
        let in_loop = Scope {
            in_loop: true,
            ..scope
        };
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                targets.iter().try_for_each(|t| self.target(t))
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target)?;
                self.expr(value)
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
            } => {
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.target(target)?;
                self.expr(annotation)
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.expr(iter)?;
                self.target(target)?;
                self.stmts(body, in_loop)?;
                self.stmts(orelse, scope)
            }
            StmtKind::While { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body, in_loop)?;
                self.stmts(orelse, scope)
            }
            StmtKind::If { test, body, orelse } => {
                // An `elif` chain is a nest of `If`s: walk it in a loop.
                let (mut test, mut body, mut orelse) = (test, body, orelse);
                loop {
                    self.expr(test)?;
                    self.stmts(body, scope)?;
                    match orelse.as_slice() {
                        [
                            Stmt {
                                kind:
                                    StmtKind::If {
                                        test: t,
                                        body: b,
                                        orelse: o,
                                    },
                                ..
                            },
                        ] => {
                            (test, body, orelse) = (t, b, o);
                        }
                        _ => return self.stmts(orelse, scope),
                    }
                }
            }
            StmtKind::With { items, body } => {
                for item in items {
                    self.expr(&item.context)?;
                    if let Some(t) = &item.target {
                        self.target(t)?;
                    }
                }
                self.stmts(body, scope)
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body, scope)?;
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(t)?;
                    }
                    self.stmts(&h.body, scope)?;
                }
                self.stmts(orelse, scope)?;
                self.stmts(finalbody, scope)
            }
            StmtKind::Raise { exc, cause } => exc
                .iter()
                .chain(cause.iter())
                .try_for_each(|e| self.expr(e)),
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                msg.iter().try_for_each(|e| self.expr(e))
            }
            StmtKind::Del(targets) => targets.iter().try_for_each(|t| self.expr(t)),
            StmtKind::Return(value) => {
                if !scope.in_function {
                    return self.err("'return' outside function", s.span);
                }
                value.iter().try_for_each(|e| self.expr(e))
            }
            StmtKind::Break if !scope.in_loop => self.err("'break' outside loop", s.span),
            StmtKind::Continue if !scope.in_loop => {
                self.err("'continue' not properly in loop", s.span)
            }
            StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Global(_)
            | StmtKind::Nonlocal(_)
            | StmtKind::Import(_)
            | StmtKind::ImportFrom { .. } => Ok(()),
            StmtKind::ClassDef {
                bases,
                body,
                decorators,
                ..
            } => {
                decorators.iter().try_for_each(|d| self.expr(d))?;
                self.args(bases)?;
                self.stmts(
                    body,
                    Scope {
                        in_function: false,
                        in_loop: false,
                    },
                )
            }
            StmtKind::FunctionDef {
                params,
                body,
                decorators,
                returns,
                ..
            } => {
                decorators.iter().try_for_each(|d| self.expr(d))?;
                self.params(params)?;
                if let Some(r) = returns {
                    self.expr(r)?;
                }
                self.stmts(
                    body,
                    Scope {
                        in_function: true,
                        in_loop: false,
                    },
                )
            }
        }
    }

    fn params(&self, p: &Params) -> Res {
        for param in p.args.iter().chain(p.kwonly.iter()) {
            if let Some(d) = &param.default {
                self.expr(d)?;
            }
            if let Some(a) = &param.annotation {
                self.expr(a)?;
            }
        }
        Ok(())
    }

    /// An assignment target: stars only inside a list or tuple, at most one per level.
    fn target(&self, t: &Expr) -> Res {
        match &t.kind {
            ExprKind::Starred(_) => self.err(
                "starred assignment target must be in a list or tuple",
                t.span,
            ),
            ExprKind::List(elts) | ExprKind::Tuple(elts) => {
                if elts
                    .iter()
                    .filter(|e| matches!(e.kind, ExprKind::Starred(_)))
                    .count()
                    > 1
                {
                    return self.err("multiple starred expressions in assignment", t.span);
                }
                for e in elts {
                    match &e.kind {
                        ExprKind::Starred(inner) => self.target(inner)?,
                        _ => self.target(e)?,
                    }
                }
                Ok(())
            }
            _ => self.expr(t),
        }
    }

    fn args(&self, args: &[Arg]) -> Res {
        self.repeated_keywords(args)?;
        args.iter().try_for_each(|a| self.expr(a.value()))
    }

    fn repeated_keywords(&self, args: &[Arg]) -> Res {
        // Calls have a handful of keywords: compare each with those before it, allocating nothing.
        for (i, a) in args.iter().enumerate() {
            if let Arg::Keyword {
                name,
                name_span,
                value,
            } = a
                && args[..i]
                    .iter()
                    .any(|b| matches!(b, Arg::Keyword { name: n, .. } if n == name))
            {
                return self.err(
                    format!("keyword argument repeated: {name}"),
                    Span::new(name_span.start, value.span.end),
                );
            }
        }
        Ok(())
    }

    /// Walks an expression in evaluation order with an explicit stack (trees can be a thousand
    /// levels deep). `true` in the stack marks a place where `*x` is allowed.
    fn expr(&self, e: &Expr) -> Res {
        let mut stack: Vec<(&Expr, bool)> = vec![(e, false)];
        while let Some((e, star_ok)) = stack.pop() {
            // Children go on the stack reversed, so that they are visited in source order.
            let first_child = stack.len();
            match &e.kind {
                ExprKind::Starred(inner) => {
                    if !star_ok {
                        return self.err("can't use starred expression here", e.span);
                    }
                    stack.push((inner, false));
                }
                ExprKind::List(elts) | ExprKind::Tuple(elts) | ExprKind::Set(elts) => {
                    stack.extend(elts.iter().map(|x| (x, true)));
                }
                ExprKind::Call { func, args } => {
                    stack.push((func, false));
                    self.repeated_keywords(args)?;
                    stack.extend(args.iter().map(|a| (a.value(), false)));
                }
                _ => for_each_child(e, &mut |c| stack.push((c, false))),
            }
            stack[first_child..].reverse();
        }
        Ok(())
    }
}
