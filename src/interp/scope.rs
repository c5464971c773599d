//! Name resolution: call frames, the per-function scope analysis (which names are local,
//! `global` or `nonlocal`, as CPython's compiler decides them), and loading/storing names.

use std::cell::RefCell;
use std::rc::Rc;

use super::value::{Function, FunctionBody, PyException, PyResult, Scope, Value};
use super::{FnBodyKeep, Interp};
use crate::syntax::{Arg, Expr, ExprKind, FStringPart, Params, Stmt, StmtKind};
use crate::util::FastSet;

/// What the compiler would know about a function body: the names it binds (its locals) and the
/// names declared `global` / `nonlocal`.
#[derive(Default, Debug)]
pub(crate) struct FnInfo {
    pub locals: FastSet<Rc<str>>,
    pub globals: FastSet<Rc<str>>,
    pub nonlocals: FastSet<Rc<str>>,
    /// The positional parameters' names, in order: a call binds them without allocating.
    pub positional: Vec<Rc<str>>,
}

pub(crate) enum FrameKind {
    /// A call of a `def`/`lambda`: names follow `info`.
    Function {
        info: Rc<FnInfo>,
        func: Rc<Function>,
    },
    /// A comprehension: its loop targets live in its scope; everything else resolves outward.
    Comprehension,
    /// `exec_in_scope`: reads and writes go to the scope, like a module namespace.
    Namespace,
    /// A `class` body: like a namespace, but functions defined in it close over the scope
    /// around the class (a class body is not an enclosing scope in Python).
    Class { qualname: Rc<str> },
}

pub(crate) struct Frame {
    pub scope: Rc<RefCell<Scope>>,
    pub kind: FrameKind,
}

impl Frame {
    pub fn namespace(scope: Rc<RefCell<Scope>>) -> Frame {
        Frame {
            scope,
            kind: FrameKind::Namespace,
        }
    }
}

impl FnInfo {
    pub fn analyse_block(params: &Params, body: &[Stmt]) -> FnInfo {
        let mut info = FnInfo::default();
        add_params(&mut info, params);
        for s in body {
            scan_stmt(&mut info, s);
        }
        info.finish()
    }

    pub fn analyse_lambda(params: &Params, body: &Expr) -> FnInfo {
        let mut info = FnInfo::default();
        add_params(&mut info, params);
        scan_expr(&mut info, body);
        info.finish()
    }

    fn finish(mut self) -> FnInfo {
        for g in self.globals.iter().chain(self.nonlocals.iter()) {
            self.locals.remove(g);
        }
        self
    }

    fn bind(&mut self, name: &str) {
        if !self.locals.contains(name) {
            self.locals.insert(Rc::from(name));
        }
    }
}

fn add_params(info: &mut FnInfo, params: &Params) {
    info.positional = params
        .args
        .iter()
        .map(|p| Rc::from(p.name.as_str()))
        .collect();
    for p in params.args.iter().chain(params.kwonly.iter()) {
        info.bind(&p.name);
    }
    if let Some(v) = &params.vararg {
        info.bind(v);
    }
    if let Some(v) = &params.kwarg {
        info.bind(v);
    }
}

fn scan_target(info: &mut FnInfo, t: &Expr) {
    match &t.kind {
        ExprKind::Name(n) => info.bind(n),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            items.iter().for_each(|i| scan_target(info, i))
        }
        ExprKind::Starred(inner) => scan_target(info, inner),
        _ => scan_expr(info, t),
    }
}

fn scan_stmts(info: &mut FnInfo, body: &[Stmt]) {
    for s in body {
        scan_stmt(info, s);
    }
}

fn scan_stmt(info: &mut FnInfo, s: &Stmt) {
    match &s.kind {
        StmtKind::Expr(e) => scan_expr(info, e),
        StmtKind::Assign { targets, value } => {
            targets.iter().for_each(|t| scan_target(info, t));
            scan_expr(info, value);
        }
        StmtKind::AugAssign { target, value, .. } => {
            scan_target(info, target);
            scan_expr(info, value);
        }
        StmtKind::AnnAssign { target, value, .. } => {
            scan_target(info, target);
            if let Some(v) = value {
                scan_expr(info, v);
            }
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
        } => {
            scan_target(info, target);
            scan_expr(info, iter);
            scan_stmts(info, body);
            scan_stmts(info, orelse);
        }
        StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
            scan_expr(info, test);
            scan_stmts(info, body);
            scan_stmts(info, orelse);
        }
        StmtKind::With { items, body } => {
            for i in items {
                scan_expr(info, &i.context);
                if let Some(t) = &i.target {
                    scan_target(info, t);
                }
            }
            scan_stmts(info, body);
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            scan_stmts(info, body);
            for h in handlers {
                if let Some(t) = &h.typ {
                    scan_expr(info, t);
                }
                if let Some(n) = &h.name {
                    info.bind(n);
                }
                scan_stmts(info, &h.body);
            }
            scan_stmts(info, orelse);
            scan_stmts(info, finalbody);
        }
        StmtKind::Raise { exc, cause } => {
            exc.iter()
                .chain(cause.iter())
                .for_each(|e| scan_expr(info, e));
        }
        StmtKind::Assert { test, msg } => {
            scan_expr(info, test);
            if let Some(m) = msg {
                scan_expr(info, m);
            }
        }
        StmtKind::Del(targets) => targets.iter().for_each(|t| scan_target(info, t)),
        StmtKind::Return(Some(e)) => scan_expr(info, e),
        StmtKind::Global(names) => names.iter().for_each(|n| {
            info.globals.insert(Rc::from(n.as_str()));
        }),
        StmtKind::Nonlocal(names) => names.iter().for_each(|n| {
            info.nonlocals.insert(Rc::from(n.as_str()));
        }),
        StmtKind::Import(aliases) => {
            for a in aliases {
                match &a.asname {
                    Some(n) => info.bind(n),
                    None => info.bind(a.name.split('.').next().unwrap_or(&a.name)),
                }
            }
        }
        StmtKind::ImportFrom { names, .. } => {
            for a in names {
                if a.name != "*" {
                    info.bind(a.asname.as_deref().unwrap_or(&a.name));
                }
            }
        }
        StmtKind::ClassDef {
            name,
            bases,
            decorators,
            ..
        } => {
            info.bind(name);
            bases.iter().for_each(|a| scan_expr(info, a.value()));
            decorators.iter().for_each(|d| scan_expr(info, d));
        }
        StmtKind::FunctionDef {
            name,
            params,
            decorators,
            ..
        } => {
            info.bind(name);
            decorators.iter().for_each(|d| scan_expr(info, d));
            scan_param_defaults(info, params);
        }
        StmtKind::Return(None) | StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
    }
}

fn scan_param_defaults(info: &mut FnInfo, params: &Params) {
    for p in params.args.iter().chain(params.kwonly.iter()) {
        if let Some(d) = &p.default {
            scan_expr(info, d);
        }
    }
}

/// Only walrus targets bind names inside expressions; lambda bodies are their own scope, while
/// a walrus inside a comprehension binds in the enclosing function (PEP 572).
fn scan_expr(info: &mut FnInfo, e: &Expr) {
    match &e.kind {
        ExprKind::NamedExpr { target, value } => {
            scan_target(info, target);
            scan_expr(info, value);
        }
        ExprKind::Lambda { params, .. } => scan_param_defaults(info, params),
        ExprKind::Attribute { value, .. } => scan_expr(info, value),
        ExprKind::Call { func, args } => {
            scan_expr(info, func);
            args.iter().for_each(|a: &Arg| scan_expr(info, a.value()));
        }
        ExprKind::Subscript { value, index } => {
            scan_expr(info, value);
            scan_expr(info, index);
        }
        ExprKind::Slice { lower, upper, step } => {
            [lower, upper, step]
                .into_iter()
                .flatten()
                .for_each(|x| scan_expr(info, x));
        }
        ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) => {
            items.iter().for_each(|i| scan_expr(info, i))
        }
        ExprKind::Dict(items) => {
            for (k, v) in items {
                if let Some(k) = k {
                    scan_expr(info, k);
                }
                scan_expr(info, v);
            }
        }
        ExprKind::Starred(x) => scan_expr(info, x),
        ExprKind::UnaryOp { operand, .. } => scan_expr(info, operand),
        ExprKind::BinOp { left, right, .. } => {
            scan_expr(info, left);
            scan_expr(info, right);
        }
        ExprKind::BoolOp { values, .. } => values.iter().for_each(|v| scan_expr(info, v)),
        ExprKind::Compare { left, ops } => {
            scan_expr(info, left);
            ops.iter().for_each(|(_, r)| scan_expr(info, r));
        }
        ExprKind::IfExp { test, body, orelse } => {
            scan_expr(info, test);
            scan_expr(info, body);
            scan_expr(info, orelse);
        }
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            scan_expr(info, elt);
            for g in generators {
                scan_expr(info, &g.iter);
                g.ifs.iter().for_each(|i| scan_expr(info, i));
            }
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            scan_expr(info, key);
            scan_expr(info, value);
            for g in generators {
                scan_expr(info, &g.iter);
                g.ifs.iter().for_each(|i| scan_expr(info, i));
            }
        }
        ExprKind::FString(parts) => scan_fstring(info, parts),
        _ => {}
    }
}

fn scan_fstring(info: &mut FnInfo, parts: &[FStringPart]) {
    for p in parts {
        if let FStringPart::Expr {
            expr, format_spec, ..
        } = p
        {
            scan_expr(info, expr);
            if let Some(spec) = format_spec {
                scan_fstring(info, spec);
            }
        }
    }
}

impl Interp {
    /// The scope analysis of `f`'s body (computed once per body).
    pub(crate) fn fn_info(&mut self, f: &Function) -> Rc<FnInfo> {
        let key = match &f.body {
            FunctionBody::Block(b) => Rc::as_ptr(b) as *const () as usize,
            FunctionBody::Lambda(e) => Rc::as_ptr(e) as *const () as usize,
        };
        if let Some((_, info)) = self.fn_infos.get(&key) {
            return info.clone();
        }
        let (keep, info) = match &f.body {
            FunctionBody::Block(b) => (
                FnBodyKeep::Block(b.clone()),
                FnInfo::analyse_block(&f.params, b),
            ),
            FunctionBody::Lambda(e) => (
                FnBodyKeep::Lambda(e.clone()),
                FnInfo::analyse_lambda(&f.params, e),
            ),
        };
        let info = Rc::new(info);
        if self.fn_infos.len() >= self.fn_infos_prune_at {
            // Drop the analyses of bodies that only this table still holds.
            self.fn_infos.retain(|_, (keep, _)| match keep {
                FnBodyKeep::Block(b) => Rc::strong_count(b) > 1,
                FnBodyKeep::Lambda(e) => Rc::strong_count(e) > 1,
            });
            self.fn_infos_prune_at = (self.fn_infos.len() * 2).max(256);
        }
        self.fn_infos.insert(key, (keep, info.clone()));
        info
    }

    /// Reads a name from the current scope chain, then globals, then builtins.
    pub(crate) fn load_name(&mut self, name: &str) -> PyResult<Value> {
        if let Some(frame) = self.frames.last() {
            match &frame.kind {
                FrameKind::Function { info, .. } => {
                    if !info.globals.contains(name) {
                        if info.locals.contains(name) {
                            if let Some(v) = frame.scope.borrow().vars.get(name) {
                                return Ok(v.clone());
                            }
                            return Err(self.new_exception(
                                self.exc_class("UnboundLocalError"),
                                format!("cannot access local variable '{name}' where it is not associated with a value"),
                            ));
                        }
                        if let Some(v) = lookup_parents(&frame.scope, name) {
                            return Ok(v);
                        }
                    }
                }
                FrameKind::Comprehension | FrameKind::Namespace | FrameKind::Class { .. } => {
                    if let Some(v) = frame.scope.borrow().vars.get(name) {
                        return Ok(v.clone());
                    }
                    if let Some(v) = lookup_parents(&frame.scope, name) {
                        return Ok(v);
                    }
                }
            }
        }
        if let Some(v) = self.globals.get(name) {
            return Ok(v.clone());
        }
        if let Some(v) = self.builtins.get(name) {
            return Ok(v.clone());
        }
        Err(self.name_error(name))
    }

    /// `NameError: name 'x' is not defined`, with CPython 3.11's "Did you mean" in `hint`.
    pub(crate) fn name_error(&self, name: &str) -> Rc<PyException> {
        let e = self.new_exception(
            self.exc_class("NameError"),
            format!("name '{name}' is not defined"),
        );
        let mut candidates: Vec<String> = Vec::new();
        if let Some(frame) = self.frames.last() {
            let mut s = Some(frame.scope.clone());
            while let Some(sc) = s {
                candidates.extend(sc.borrow().vars.keys().map(|k| k.to_string()));
                s = sc.borrow().parent.clone();
            }
        }
        let mut suggestion = None;
        if !candidates.is_empty() {
            suggestion = super::exceptions::suggest(name, candidates);
        }
        if suggestion.is_none() {
            suggestion = super::exceptions::suggest(
                name,
                self.globals.keys().map(|k| k.to_string()).collect(),
            );
        }
        if suggestion.is_none() {
            suggestion = super::exceptions::suggest(
                name,
                self.builtins.keys().map(|k| k.to_string()).collect(),
            );
        }
        if let Some(s) = suggestion {
            *e.hint.borrow_mut() = Some(format!("Did you mean: '{s}'?"));
        }
        e
    }

    /// Binds a name in the current scope (module globals at top level).
    pub(crate) fn store_name(&mut self, name: &str, v: Value) {
        if let Some(frame) = self.frames.last() {
            if let FrameKind::Function { info, .. } = &frame.kind {
                if info.globals.contains(name) {
                    set_var(&mut self.globals, name, v);
                    return;
                }
                if info.nonlocals.contains(name) {
                    let mut p = frame.scope.borrow().parent.clone();
                    while let Some(s) = p {
                        if s.borrow().vars.contains_key(name) {
                            set_var(&mut s.borrow_mut().vars, name, v);
                            return;
                        }
                        p = s.borrow().parent.clone();
                    }
                }
            }
            set_var(&mut frame.scope.borrow_mut().vars, name, v);
            return;
        }
        set_var(&mut self.globals, name, v);
    }

    /// A walrus target: binds in the nearest enclosing non-comprehension scope.
    pub(crate) fn store_name_walrus(&mut self, name: &str, v: Value) {
        let idx = self
            .frames
            .iter()
            .rposition(|f| !matches!(f.kind, FrameKind::Comprehension));
        match idx {
            None => set_var(&mut self.globals, name, v),
            Some(i) => {
                let top = self.frames.len();
                // Temporarily treat frame i as current so `global`/`nonlocal` apply.
                let saved: Vec<Frame> = self.frames.drain(i + 1..top).collect();
                self.store_name(name, v);
                self.frames.extend(saved);
            }
        }
    }

    /// `del name`.
    pub(crate) fn delete_name(&mut self, name: &str) -> PyResult<()> {
        let removed = match self.frames.last() {
            Some(frame) => match &frame.kind {
                FrameKind::Function { info, .. } if info.globals.contains(name) => {
                    self.globals.remove(name)
                }
                _ => frame.scope.borrow_mut().vars.remove(name),
            },
            None => self.globals.remove(name),
        };
        match removed {
            Some(v) => {
                super::dispose::dispose(v);
                Ok(())
            }
            None => Err(self.name_error(name)),
        }
    }

    /// The scope a `def`/`lambda` defined here closes over (`None` at module level).
    pub(crate) fn current_closure(&self) -> Option<Rc<RefCell<Scope>>> {
        self.frames.last().and_then(|f| match f.kind {
            FrameKind::Class { .. } => f.scope.borrow().parent.clone(),
            _ => Some(f.scope.clone()),
        })
    }

    /// The qualname of the class whose body is running, if the current frame is a class body.
    pub(crate) fn current_class(&self) -> Option<Rc<str>> {
        match self.frames.last().map(|f| &f.kind) {
            Some(FrameKind::Class { qualname }) => Some(qualname.clone()),
            _ => None,
        }
    }

    /// The innermost function frame's function (for `super()` and qualnames).
    pub(crate) fn current_function(&self) -> Option<(Rc<Function>, Rc<RefCell<Scope>>)> {
        self.frames.iter().rev().find_map(|f| match &f.kind {
            FrameKind::Function { func, .. } => Some((func.clone(), f.scope.clone())),
            _ => None,
        })
    }
}

fn lookup_parents(scope: &Rc<RefCell<Scope>>, name: &str) -> Option<Value> {
    let mut p = scope.borrow().parent.clone();
    while let Some(s) = p {
        if let Some(v) = s.borrow().vars.get(name) {
            return Some(v.clone());
        }
        p = s.borrow().parent.clone();
    }
    None
}

/// Inserts without allocating a new key when the name is already bound.
/// The replaced value is disposed without recursion (see `dispose.rs`).
pub(crate) fn set_var(map: &mut crate::interp::value::NameMap, name: &str, v: Value) {
    if let Some(slot) = map.get_mut(name) {
        let old = std::mem::replace(slot, v);
        super::dispose::dispose(old);
    } else {
        map.insert(Rc::from(name), v);
    }
}
