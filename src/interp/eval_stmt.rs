//! Statement execution: assignment and unpacking, augmented assignment, loops (lazy over
//! ranges and live over lists, interruptible), `if`, `with`, `try`, `raise`, `assert`, `del`,
//! imports, `def` with decorators, and the small `class` subset the shell accepts
//! (exception subclasses).

use std::cell::RefCell;
use std::rc::Rc;

use super::Interp;
use super::collections::range_len;
use super::iterators::PyIter;
use super::value::{Args, Function, FunctionBody, PyException, PyResult, Value};
use crate::syntax::{Alias, Arg, ExceptHandler, Expr, ExprKind, Params, Stmt, StmtKind, WithItem};

/// How a block finished.
pub(crate) enum Flow {
    Normal,
    Break,
    Continue,
    Return(Value),
}

impl Interp {
    /// Runs statements at the current level; stray `return`/`break`/`continue` are errors.
    pub(crate) fn exec_top(&mut self, stmts: &[Stmt]) -> PyResult<()> {
        match self.exec_block(stmts)? {
            Flow::Normal => Ok(()),
            Flow::Return(_) => Err(self.syntax_error("'return' outside function")),
            Flow::Break => Err(self.syntax_error("'break' outside loop")),
            Flow::Continue => Err(self.syntax_error("'continue' not properly in loop")),
        }
    }

    fn syntax_error(&self, msg: &str) -> Rc<PyException> {
        self.new_exception(self.exc_class("SyntaxError"), msg)
    }

    pub(crate) fn exec_block(&mut self, stmts: &[Stmt]) -> PyResult<Flow> {
        for s in stmts {
            match self.exec_stmt(s)? {
                Flow::Normal => {}
                f => return Ok(f),
            }
        }
        Ok(Flow::Normal)
    }

    fn exec_stmt(&mut self, s: &Stmt) -> PyResult<Flow> {
        match self.exec_stmt_inner(s) {
            Ok(f) => Ok(f),
            Err(e) => {
                e.set_span_if_unset(s.span);
                Err(e)
            }
        }
    }

    /// Small dispatcher for the statements on the recursive path of a call (see `eval_inner`).
    fn exec_stmt_inner(&mut self, s: &Stmt) -> PyResult<Flow> {
        match &s.kind {
            StmtKind::Return(Some(e)) => Ok(Flow::Return(self.eval(e)?)),
            StmtKind::Expr(e) => {
                self.eval(e)?;
                Ok(Flow::Normal)
            }
            StmtKind::If { test, body, orelse } => self.exec_if(test, body, orelse),
            _ => self.exec_stmt_other(s),
        }
    }

    #[inline(never)]
    fn exec_if(&mut self, test: &Expr, body: &[Stmt], orelse: &[Stmt]) -> PyResult<Flow> {
        let t = self.eval(test)?;
        if self.truth(&t)? {
            self.exec_block(body)
        } else {
            self.exec_block(orelse)
        }
    }

    #[inline(never)]
    fn exec_stmt_other(&mut self, s: &Stmt) -> PyResult<Flow> {
        match &s.kind {
            StmtKind::Expr(e) => {
                self.eval(e)?;
            }
            StmtKind::Assign { targets, value } => {
                let v = self.eval(value)?;
                if let [t] = targets.as_slice() {
                    self.assign_target(t, v)?;
                } else {
                    for t in targets {
                        self.assign_target(t, v.clone())?;
                    }
                }
            }
            StmtKind::AugAssign { target, op, value } => {
                self.exec_aug_assign(target, *op, value)?
            }
            StmtKind::AnnAssign { target, value, .. } => {
                if let Some(v) = value {
                    let v = self.eval(v)?;
                    self.assign_target(target, v)?;
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                let iterable = self.eval(iter)?;
                let mut flow = Flow::Normal;
                let mut broke = false;
                let mut err = None;
                self.for_each(&iterable, &mut |it: &mut Interp, item: Value| {
                    if let Err(e) = it.assign_target(target, item) {
                        err = Some(e);
                        return Ok(true);
                    }
                    match it.exec_block(body) {
                        Ok(Flow::Normal | Flow::Continue) => Ok(false),
                        Ok(Flow::Break) => {
                            broke = true;
                            Ok(true)
                        }
                        Ok(Flow::Return(v)) => {
                            flow = Flow::Return(v);
                            broke = true;
                            Ok(true)
                        }
                        Err(e) => {
                            err = Some(e);
                            Ok(true)
                        }
                    }
                })?;
                if let Some(e) = err {
                    return Err(e);
                }
                if let Flow::Return(_) = flow {
                    return Ok(flow);
                }
                if !broke {
                    return self.exec_block(orelse);
                }
            }
            StmtKind::While { test, body, orelse } => loop {
                self.check_interrupt()?;
                let t = self.eval(test)?;
                if !self.truth(&t)? {
                    return self.exec_block(orelse);
                }
                match self.exec_block(body)? {
                    Flow::Normal | Flow::Continue => {}
                    Flow::Break => break,
                    f @ Flow::Return(_) => return Ok(f),
                }
            },
            StmtKind::If { test, body, orelse } => {
                let t = self.eval(test)?;
                return if self.truth(&t)? {
                    self.exec_block(body)
                } else {
                    self.exec_block(orelse)
                };
            }
            StmtKind::With { items, body } => return self.exec_with(items, body),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                return self.exec_try(body, handlers, orelse, finalbody);
            }
            StmtKind::Raise { exc, cause } => {
                return Err(self.exec_raise(exc.as_ref(), cause.as_ref(), s)?);
            }
            StmtKind::Assert { test, msg } => {
                let t = self.eval(test)?;
                if !self.truth(&t)? {
                    let args = match msg {
                        Some(m) => vec![self.eval(m)?],
                        None => vec![],
                    };
                    return Err(self.new_exception_args(self.exc_class("AssertionError"), args));
                }
            }
            StmtKind::Del(targets) => {
                for t in targets {
                    self.delete_target(t)?;
                }
            }
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Return(v) => {
                let v = match v {
                    Some(e) => self.eval(e)?,
                    None => Value::None,
                };
                return Ok(Flow::Return(v));
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    self.exec_import(a)?;
                }
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.exec_import_from(module.as_deref(), names, *level)?,
            StmtKind::ClassDef {
                name,
                bases,
                body,
                decorators,
            } => self.exec_class(name, bases, body, decorators)?,
            StmtKind::FunctionDef {
                name,
                params,
                body,
                decorators,
                ..
            } => {
                self.exec_def(name, params, body, decorators)?;
            }
        }
        Ok(Flow::Normal)
    }

    /// Calls `f` with each item of `v` until it returns `Ok(true)`. Ranges are produced lazily,
    /// lists are read live (so mutating a list while looping behaves as in CPython), dicts and
    /// sets raise if their size changes, iterators are consumed one item at a time. Checks the
    /// interrupt flag before each item.
    pub(crate) fn for_each(
        &mut self,
        v: &Value,
        f: &mut dyn FnMut(&mut Interp, Value) -> PyResult<bool>,
    ) -> PyResult<()> {
        match v {
            Value::Range(start, _, step) => {
                let n = range_len(v);
                let (start, step) = (*start as i128, *step as i128);
                for k in 0..n as i128 {
                    self.check_interrupt()?;
                    let x = (start + k * step) as i64;
                    if f(self, Value::Int(x))? {
                        break;
                    }
                }
            }
            Value::List(l) => {
                let mut i = 0;
                loop {
                    self.check_interrupt()?;
                    let x = match l.borrow().get(i) {
                        Some(x) => x.clone(),
                        None => break,
                    };
                    if f(self, x)? {
                        break;
                    }
                    i += 1;
                }
            }
            Value::Dict(d) => {
                let keys: Vec<Value> = d.borrow().entries.iter().map(|(k, _)| k.clone()).collect();
                let n = keys.len();
                for k in keys {
                    self.check_interrupt()?;
                    if d.borrow().entries.len() != n {
                        return Err(self.runtime_error("dictionary changed size during iteration"));
                    }
                    if f(self, k)? {
                        break;
                    }
                }
                if d.borrow().entries.len() != n {
                    return Err(self.runtime_error("dictionary changed size during iteration"));
                }
            }
            Value::Set(s) => {
                let items: Vec<Value> = super::collections::set_order(&s.borrow());
                let n = items.len();
                for k in items {
                    self.check_interrupt()?;
                    if s.borrow().items.entries.len() != n {
                        return Err(self.runtime_error("Set changed size during iteration"));
                    }
                    if f(self, k)? {
                        break;
                    }
                }
            }
            Value::Object(o) if o.as_any().is::<PyIter>() => {
                let o = o.clone();
                if let Some(iter) = o.as_any().downcast_ref::<PyIter>() {
                    while let Some(x) = iter.next_item() {
                        self.check_interrupt()?;
                        if f(self, x)? {
                            break;
                        }
                    }
                }
            }
            _ => {
                let items = self.iter_values(v)?;
                for x in items {
                    self.check_interrupt()?;
                    if f(self, x)? {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// Binds `v` to an assignment target (name, attribute, subscript, or a tuple/list pattern
    /// with at most one starred name).
    pub(crate) fn assign_target(&mut self, t: &Expr, v: Value) -> PyResult<()> {
        match &t.kind {
            ExprKind::Name(n) => {
                self.store_name(n, v);
                Ok(())
            }
            ExprKind::Attribute { value, attr, .. } => {
                let obj = self.eval(value)?;
                self.set_attribute(&obj, attr, v)
            }
            ExprKind::Subscript { value, index } => {
                let obj = self.eval(value)?;
                match &index.kind {
                    ExprKind::Slice { lower, upper, step } => {
                        let part = |it: &mut Interp, e: &Option<Box<Expr>>| -> PyResult<Value> {
                            match e {
                                Some(e) => it.eval(e),
                                None => Ok(Value::None),
                            }
                        };
                        let l = part(self, lower)?;
                        let u = part(self, upper)?;
                        let s = part(self, step)?;
                        self.set_slice(&obj, &l, &u, &s, v)
                    }
                    _ => {
                        let i = self.eval(index)?;
                        self.set_item(&obj, &i, v)
                    }
                }
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => self.unpack(items, v),
            ExprKind::Starred(_) => {
                Err(self.syntax_error("starred assignment target must be in a list or tuple"))
            }
            _ => Err(self.syntax_error("cannot assign to expression")),
        }
        .inspect_err(|e| e.set_span_if_unset(t.span))
    }

    fn unpack(&mut self, targets: &[Expr], v: Value) -> PyResult<()> {
        let items = match &v {
            Value::Tuple(t) => t.to_vec(),
            Value::List(l) => l.borrow().clone(),
            _ => self.iter_values(&v).map_err(|e| {
                if e.class.qualname.as_ref() == "TypeError" && !matches!(v, Value::Object(_)) {
                    self.type_error(format!("cannot unpack non-iterable {} object", v.tp_name()))
                } else {
                    e
                }
            })?,
        };
        let star = targets
            .iter()
            .position(|t| matches!(t.kind, ExprKind::Starred(_)));
        match star {
            None => {
                if items.len() > targets.len() {
                    return Err(self.value_error(format!(
                        "too many values to unpack (expected {})",
                        targets.len()
                    )));
                }
                if items.len() < targets.len() {
                    return Err(self.value_error(format!(
                        "not enough values to unpack (expected {}, got {})",
                        targets.len(),
                        items.len()
                    )));
                }
                for (t, x) in targets.iter().zip(items) {
                    self.assign_target(t, x)?;
                }
            }
            Some(si) => {
                let after = targets.len() - si - 1;
                if items.len() < targets.len() - 1 {
                    return Err(self.value_error(format!(
                        "not enough values to unpack (expected at least {}, got {})",
                        targets.len() - 1,
                        items.len()
                    )));
                }
                let mut items = items;
                let tail = items.split_off(items.len() - after);
                let middle = items.split_off(si);
                for (t, x) in targets[..si].iter().zip(items) {
                    self.assign_target(t, x)?;
                }
                if let ExprKind::Starred(inner) = &targets[si].kind {
                    self.assign_target(inner, Value::list(middle))?;
                }
                for (t, x) in targets[si + 1..].iter().zip(tail) {
                    self.assign_target(t, x)?;
                }
            }
        }
        Ok(())
    }

    fn exec_aug_assign(
        &mut self,
        target: &Expr,
        op: crate::syntax::BinOp,
        value: &Expr,
    ) -> PyResult<()> {
        match &target.kind {
            ExprKind::Name(n) => {
                let cur = self
                    .load_name(n)
                    .inspect_err(|e| e.set_span_if_unset(target.span))?;
                let rhs = self.eval(value)?;
                let r = self.inplace_op(op, &cur, &rhs)?;
                self.store_name(n, r);
                Ok(())
            }
            ExprKind::Attribute {
                value: obj_e, attr, ..
            } => {
                let obj = self.eval(obj_e)?;
                let cur = self.get_attribute(&obj, attr)?;
                let rhs = self.eval(value)?;
                let r = self.inplace_op(op, &cur, &rhs)?;
                self.set_attribute(&obj, attr, r)
            }
            ExprKind::Subscript {
                value: obj_e,
                index,
            } => {
                let obj = self.eval(obj_e)?;
                if let ExprKind::Slice { lower, upper, step } = &index.kind {
                    let part = |it: &mut Interp, e: &Option<Box<Expr>>| -> PyResult<Value> {
                        match e {
                            Some(e) => it.eval(e),
                            None => Ok(Value::None),
                        }
                    };
                    let l = part(self, lower)?;
                    let u = part(self, upper)?;
                    let s = part(self, step)?;
                    let cur = self.get_slice(&obj, &l, &u, &s)?;
                    let rhs = self.eval(value)?;
                    let r = self.inplace_op(op, &cur, &rhs)?;
                    return self.set_slice(&obj, &l, &u, &s, r);
                }
                let i = self.eval(index)?;
                let cur = self.get_item(&obj, &i)?;
                let rhs = self.eval(value)?;
                let r = self.inplace_op(op, &cur, &rhs)?;
                self.set_item(&obj, &i, r)
            }
            _ => {
                Err(self
                    .syntax_error("'expression' is an illegal expression for augmented assignment"))
            }
        }
    }

    fn delete_target(&mut self, t: &Expr) -> PyResult<()> {
        match &t.kind {
            ExprKind::Name(n) => self.delete_name(n),
            ExprKind::Subscript { value, index } => {
                let obj = self.eval(value)?;
                if let ExprKind::Slice { lower, upper, step } = &index.kind {
                    let part = |it: &mut Interp, e: &Option<Box<Expr>>| -> PyResult<Value> {
                        match e {
                            Some(e) => it.eval(e),
                            None => Ok(Value::None),
                        }
                    };
                    let l = part(self, lower)?;
                    let u = part(self, upper)?;
                    let s = part(self, step)?;
                    return self.del_slice(&obj, &l, &u, &s);
                }
                let i = self.eval(index)?;
                self.del_item(&obj, &i)
            }
            ExprKind::Attribute { value, attr, .. } => {
                let obj = self.eval(value)?;
                match &obj {
                    Value::Module(m) => {
                        if m.attrs.borrow_mut().remove(attr.as_str()).is_none() {
                            return Err(self.new_exception(
                                self.exc_class("AttributeError"),
                                format!("module '{}' has no attribute '{attr}'", m.name),
                            ));
                        }
                        Ok(())
                    }
                    _ => Err(self.attribute_error(&obj.tp_name(), attr)),
                }
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.delete_target(i)?;
                }
                Ok(())
            }
            _ => Err(self.syntax_error("cannot delete expression")),
        }
        .inspect_err(|e| e.set_span_if_unset(t.span))
    }

    fn exec_with(&mut self, items: &[WithItem], body: &[Stmt]) -> PyResult<Flow> {
        let Some((first, rest)) = items.split_first() else {
            return self.exec_block(body);
        };
        let cm = self.eval(&first.context)?;
        let Value::Object(o) = &cm else {
            return Err(self.type_error(format!(
                "'{}' object does not support the context manager protocol",
                cm.tp_name()
            )))
            .inspect_err(|e: &Rc<PyException>| e.set_span_if_unset(first.context.span));
        };
        let o = o.clone();
        let entered = o.enter(&o, self)?;
        let r = match &first.target {
            Some(t) => self
                .assign_target(t, entered)
                .and_then(|_| self.exec_with(rest, body)),
            None => self.exec_with(rest, body),
        };
        match r {
            Ok(flow) => {
                o.exit(&o, None, self)?;
                Ok(flow)
            }
            Err(e) => {
                if o.exit(&o, Some(&e), self)? {
                    Ok(Flow::Normal)
                } else {
                    Err(e)
                }
            }
        }
    }

    fn exec_try(
        &mut self,
        body: &[Stmt],
        handlers: &[ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
    ) -> PyResult<Flow> {
        let r = match self.exec_block(body) {
            Ok(Flow::Normal) => self.exec_block(orelse),
            Ok(flow) => Ok(flow),
            Err(e) => self.handle_exception(e, handlers),
        };
        if finalbody.is_empty() {
            return r;
        }
        match self.exec_block(finalbody)? {
            Flow::Normal => r,
            other => Ok(other),
        }
    }

    fn handle_exception(
        &mut self,
        e: Rc<PyException>,
        handlers: &[ExceptHandler],
    ) -> PyResult<Flow> {
        for h in handlers {
            let matches = match &h.typ {
                None => true,
                Some(t) => {
                    let tv = self.eval(t)?;
                    self.exc_matches(&e, &tv)
                        .inspect_err(|err| err.set_span_if_unset(t.span))?
                }
            };
            if !matches {
                continue;
            }
            if let Some(n) = &h.name {
                self.store_name(n, Value::Exception(e.clone()));
            }
            self.handling.push(e.clone());
            let r = self.exec_block(&h.body);
            self.handling.pop();
            if let Some(n) = &h.name {
                let _ = self.delete_name(n);
            }
            return r;
        }
        Err(e)
    }

    /// Whether `e` matches an `except` clause's class (or tuple of classes).
    pub(crate) fn exc_matches(&mut self, e: &PyException, typ: &Value) -> PyResult<bool> {
        match typ {
            Value::ExcClass(c) => Ok(e.class.is_subclass_of(c)),
            Value::Tuple(t) => {
                for x in t.iter() {
                    if self.exc_matches(e, x)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// Builds the exception a `raise` statement raises.
    fn exec_raise(
        &mut self,
        exc: Option<&Expr>,
        cause: Option<&Expr>,
        s: &Stmt,
    ) -> PyResult<Rc<PyException>> {
        let Some(exc) = exc else {
            return match self.handling.last() {
                Some(e) => Ok(e.clone()),
                None => Err(self.runtime_error("No active exception to reraise")),
            };
        };
        let v = self.eval(exc)?;
        let e = self.exception_from(&v)?;
        if let Some(c) = cause {
            let cv = self.eval(c)?;
            match cv {
                Value::None | Value::Exception(_) | Value::ExcClass(_) => {}
                _ => return Err(self.type_error("exception causes must derive from BaseException")),
            }
        }
        // A re-raised exception object is reported where this statement raised it.
        *e.span.borrow_mut() = Some(s.span);
        Ok(e)
    }

    /// An exception instance from a raised value (a class is instantiated without arguments).
    pub(crate) fn exception_from(&mut self, v: &Value) -> PyResult<Rc<PyException>> {
        match v {
            Value::Exception(e) => Ok(e.clone()),
            Value::ExcClass(c) => Ok(super::exceptions::new_exc_with_args(c.clone(), vec![])),
            _ => Err(self.type_error("exceptions must derive from BaseException")),
        }
    }

    fn exec_import(&mut self, a: &Alias) -> PyResult<()> {
        let Some(m) = self.modules.get(&a.name).cloned() else {
            return Err(self.module_not_found(&a.name));
        };
        match &a.asname {
            Some(n) => self.store_name(n, Value::Module(m)),
            None => {
                let top = a.name.split('.').next().unwrap_or(&a.name);
                let tm = self.modules.get(top).cloned().unwrap_or(m);
                self.store_name(top, Value::Module(tm));
            }
        }
        Ok(())
    }

    fn module_not_found(&self, dotted: &str) -> Rc<PyException> {
        // Report the first missing package on the path, as CPython does.
        let mut prefix = String::new();
        for part in dotted.split('.') {
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(part);
            if !self.modules.contains_key(&prefix) {
                break;
            }
        }
        self.new_exception(
            self.exc_class("ModuleNotFoundError"),
            format!("No module named '{prefix}'"),
        )
    }

    fn exec_import_from(
        &mut self,
        module: Option<&str>,
        names: &[Alias],
        level: usize,
    ) -> PyResult<()> {
        if level > 0 {
            return Err(self.new_exception(
                self.exc_class("ImportError"),
                "attempted relative import with no known parent package",
            ));
        }
        let modname = module.unwrap_or("");
        let Some(m) = self.modules.get(modname).cloned() else {
            return Err(self.module_not_found(modname));
        };
        for a in names {
            if a.name == "*" {
                let public: Option<Vec<String>> = match m.get("__all__") {
                    Some(v) => Some(
                        self.iter_values(&v)?
                            .into_iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect(),
                    ),
                    None => None,
                };
                let mut pairs: Vec<(String, Value)> = match public {
                    Some(names) => names
                        .into_iter()
                        .filter_map(|n| m.get(&n).map(|v| (n, v)))
                        .collect(),
                    None => m
                        .attrs
                        .borrow()
                        .iter()
                        .filter(|(k, _)| !k.starts_with('_'))
                        .map(|(k, v)| (k.to_string(), v.clone()))
                        .collect(),
                };
                pairs.sort_by(|x, y| x.0.cmp(&y.0));
                for (k, v) in pairs {
                    self.store_name(&k, v);
                }
                continue;
            }
            let v = match m.get(&a.name) {
                Some(v) => v,
                None => {
                    match self.modules.get(&format!("{modname}.{}", a.name)) {
                        Some(sub) => Value::Module(sub.clone()),
                        None => {
                            return Err(self
                            .new_exception(
                                self.exc_class("ImportError"),
                                format!("cannot import name '{}' from '{modname}' (unknown location)", a.name),
                            )
                            .tap_span(a.span));
                        }
                    }
                }
            };
            self.store_name(a.asname.as_deref().unwrap_or(&a.name), v);
        }
        Ok(())
    }

    /// Makes a function value the way `def` does (defaults evaluated now). The ORM can use this
    /// for methods in models.py: pass the class name as `owner_class` (for `super()`) and the
    /// module namespace scope as `closure` (see [`Interp::exec_in_scope`]).
    pub fn make_function(
        &mut self,
        name: &str,
        params: &Params,
        body: Rc<Vec<Stmt>>,
        owner_class: Option<Rc<str>>,
        closure: Option<Rc<RefCell<super::value::Scope>>>,
    ) -> PyResult<Value> {
        self.entry(|it| {
            let (defaults, kw_defaults) = it.eval_defaults(params)?;
            Ok(Value::Function(Rc::new(Function {
                name: Rc::from(name),
                params: params.clone(),
                defaults,
                kw_defaults,
                body: FunctionBody::Block(body),
                closure,
                owner_class,
            })))
        })
    }

    fn exec_def(
        &mut self,
        name: &str,
        params: &Params,
        body: &Vec<Stmt>,
        decorators: &[Expr],
    ) -> PyResult<()> {
        // Decorators are evaluated before the function is made, applied innermost first.
        let mut decos = Vec::with_capacity(decorators.len());
        for d in decorators {
            decos.push(self.eval(d)?);
        }
        let (defaults, kw_defaults) = self.eval_defaults(params)?;
        let key = body as *const Vec<Stmt> as usize;
        let body_rc = match self.body_cache.get(&key) {
            Some(b) => b.clone(),
            None => {
                let b = Rc::new(body.clone());
                self.body_cache.insert(key, b.clone());
                b
            }
        };
        let in_class = self.current_class();
        let owner_class = match &in_class {
            Some(c) => Some(c.clone()),
            None => self
                .current_function()
                .and_then(|(f, _)| f.owner_class.clone()),
        };
        let mut f = Value::Function(Rc::new(Function {
            name: self.qualname_for(name),
            params: params.clone(),
            defaults,
            kw_defaults,
            body: FunctionBody::Block(body_rc),
            closure: self.current_closure(),
            owner_class,
        }));
        for d in decos.into_iter().rev() {
            // `@property`, `@staticmethod` and `@classmethod` wrap the function inside a class
            // body; outside one they leave it as is.
            if let Value::Builtin(b) = &d
                && matches!(&*b.name, "property" | "staticmethod" | "classmethod")
            {
                if in_class.is_some() {
                    f = match &*b.name {
                        "property" => Value::object(super::classes::PropertyObj(f)),
                        "staticmethod" => Value::object(super::classes::StaticMethodObj(f)),
                        _ => Value::object(super::classes::ClassMethodObj(f)),
                    };
                }
                continue;
            }
            f = self.call_value(&d, Args::new(vec![f]))?;
        }
        self.store_name(name, f);
        Ok(())
    }

    /// `class X: ...`: a shell class (see `classes.rs`), or an exception class when the base is
    /// one and the body is trivial. Model classes live in models.py, which the ORM reads itself.
    fn exec_class(
        &mut self,
        name: &str,
        bases: &[Arg],
        body: &[Stmt],
        decorators: &[Expr],
    ) -> PyResult<()> {
        let mut decos = Vec::with_capacity(decorators.len());
        for d in decorators {
            decos.push(self.eval(d)?);
        }
        let mut base_vals = Vec::new();
        for b in bases {
            match b {
                Arg::Positional(e) => base_vals.push(self.eval(e)?),
                _ => {
                    return Err(self.not_implemented(
                        "class keyword arguments (metaclass=...) are not supported",
                    ));
                }
            }
        }
        if base_vals.len() > 1 {
            return Err(self.not_implemented("multiple inheritance is not supported in the shell"));
        }
        let qualname = self.qualname_for(name);
        if let [Value::ExcClass(base)] = base_vals.as_slice() {
            let trivial_body = body.iter().all(|s| match &s.kind {
                StmtKind::Pass => true,
                StmtKind::Expr(e) => matches!(e.kind, ExprKind::Str(_) | ExprKind::Ellipsis),
                _ => false,
            });
            if !trivial_body {
                return Err(self.class_not_supported());
            }
            let mut cls = Value::ExcClass(self.new_exc_class(&qualname, "__main__", base.clone()));
            for d in decos.into_iter().rev() {
                cls = self.call_value(&d, Args::new(vec![cls]))?;
            }
            self.store_name(name, cls);
            return Ok(());
        }
        let scope = Rc::new(RefCell::new(super::value::Scope {
            vars: Default::default(),
            parent: self.current_closure(),
        }));
        self.frames.push(super::scope::Frame {
            scope: scope.clone(),
            kind: super::scope::FrameKind::Class {
                qualname: qualname.clone(),
            },
        });
        let r = self.exec_block(body);
        self.frames.pop();
        match r? {
            Flow::Normal => {}
            Flow::Return(_) => return Err(self.syntax_error("'return' outside function")),
            _ => return Err(self.syntax_error("'break' outside loop")),
        }
        let ns: Vec<(Rc<str>, Value)> = scope
            .borrow()
            .vars
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut cls = self.make_class(&qualname, base_vals.into_iter().next(), ns)?;
        for d in decos.into_iter().rev() {
            cls = self.call_value(&d, Args::new(vec![cls]))?;
        }
        self.store_name(name, cls);
        Ok(())
    }

    fn class_not_supported(&self) -> Rc<PyException> {
        self.not_implemented(
            "exception classes with a body are not supported in the shell (only `class MyError(Exception): pass`)",
        )
    }
}

trait TapSpan {
    fn tap_span(self, span: crate::syntax::Span) -> Self;
}

impl TapSpan for Rc<PyException> {
    fn tap_span(self, span: crate::syntax::Span) -> Self {
        self.set_span_if_unset(span);
        self
    }
}
