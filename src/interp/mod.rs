//! The evaluator: runs parsed statements and expressions with Python's semantics for what shell
//! code and models.py use. Knows nothing of Django: ORM values come in as [`value::Object`]s and
//! modules registered by the host.
//!
//! Layout: [`Interp`] (this file) owns the global namespace, the module registry, the call stack
//! and the print buffer; the other files add `impl Interp` blocks or free helpers per topic
//! (expressions, statements, calls, numbers, containers, strings, formatting, dates, decimals).
//!
//! Stack: the evaluator recurses on the Rust stack. It raises `RecursionError` when Python-level
//! nesting passes [`Interp::max_depth`] (1000, as CPython) *or* when the Rust stack it has used
//! since the outermost entry passes [`Interp::stack_limit`] bytes (6 MiB by default). The host
//! must therefore run the evaluator on a thread with at least 8 MiB of stack (Linux gives the
//! main thread 8 MiB; spawned threads get 2 MiB unless told otherwise).

pub mod args;
mod builtins;
mod call;
mod classes;
mod collections;
mod compare;
mod datetime;
pub(crate) use datetime::str_datetime_value;
pub use datetime::{td_repr, td_str};
pub(crate) use decimal::decimal_str;
mod decimal;
mod dispose;
mod eval_expr;
mod eval_stmt;
mod exceptions;
mod format;
mod hash;
mod iterators;
mod modules;
mod numbers;
mod repr;
pub use repr::str_repr;
mod scope;
mod str_methods;
pub mod value;

use crate::util::FastMap;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub use args::ArgSpec;
pub use args::BoundArgs;
pub use iterators::PyIter;
pub use value::*;

use crate::syntax::{Expr, Stmt};
use scope::{FnInfo, Frame};

/// The Python evaluator. One per shell session; not `Send` (values use `Rc`).
pub struct Interp {
    globals: crate::interp::value::NameMap,
    builtins: crate::interp::value::NameMap,
    modules: FastMap<String, Rc<Module>>,
    exc_classes: FastMap<&'static str, Rc<ExcClass>>,
    stdout: String,
    interrupt: Arc<AtomicBool>,
    /// Function and comprehension frames; empty at module level.
    frames: Vec<Frame>,
    /// Python-level nesting (calls, container reprs and comparisons), checked against `max_depth`.
    depth: usize,
    /// CPython's default recursion limit.
    pub max_depth: usize,
    /// Bytes of Rust stack the evaluator may use below the outermost entry point.
    pub stack_limit: usize,
    /// Address of a local in the outermost entry point (see `stack_limit`).
    stack_base: usize,
    /// How many public entry points are active (nested when Object code calls back in).
    entries: usize,
    /// Exceptions being handled by `except` blocks, innermost last (bare `raise` re-raises the last).
    handling: Vec<Rc<PyException>>,
    /// Scope analysis of each function body, keyed by the body's `Rc` address; the entry keeps
    /// the body alive so the address cannot be reused by another body.
    fn_infos: FastMap<usize, (FnBodyKeep, Rc<FnInfo>)>,
    fn_infos_prune_at: usize,
    /// `def`/`lambda` bodies of the AST being run, shared as `Rc` so a `def` inside a loop or a
    /// function does not clone its body each time. Keyed by the address of the borrowed AST node,
    /// which is only stable while the call that borrowed it runs, so every `exec_module`,
    /// `exec_in_scope` and `eval_expr` clears it when it returns.
    body_cache: FastMap<usize, Rc<Vec<Stmt>>>,
    lambda_cache: FastMap<usize, Rc<Expr>>,
    /// Addresses of containers whose repr is being built (self-reference shows as `[...]`).
    repr_stack: Vec<usize>,
    /// Objects whose `repr`/`str` is running (a shell class's `__repr__` needs its instance).
    display_stack: Vec<Value>,
    /// Attributes a host adds to its own exception classes (`e.message_dict`); the evaluator
    /// only asks it when an exception has no built-in attribute of that name.
    exc_attr_hook: Option<ExcAttrHook>,
    /// How a host builds its own exception classes' instances (`ValidationError({...})`).
    exc_init_hook: Option<ExcInitHook>,
}

/// See [`Interp::set_exception_init_hook`].
pub type ExcInitHook = Rc<dyn Fn(&mut Interp, &Rc<ExcClass>, &Args) -> Option<PyResult<Value>>>;

/// See [`Interp::set_exception_attr_hook`].
pub type ExcAttrHook = Rc<dyn Fn(&mut Interp, &Rc<PyException>, &str) -> Option<PyResult<Value>>>;

enum FnBodyKeep {
    Block(#[allow(dead_code)] Rc<Vec<Stmt>>),
    Lambda(#[allow(dead_code)] Rc<Expr>),
}

impl Drop for Interp {
    fn drop(&mut self) {
        dispose::dispose_map(std::mem::take(&mut self.globals));
        for f in std::mem::take(&mut self.frames) {
            if let Ok(cell) = Rc::try_unwrap(f.scope) {
                dispose::dispose_map(cell.into_inner().vars);
            }
        }
    }
}

impl Default for Interp {
    fn default() -> Self {
        Interp::new()
    }
}

impl Interp {
    /// A fresh evaluator: builtins installed, `datetime`, `decimal` and `math` registered,
    /// empty globals.
    pub fn new() -> Interp {
        let mut it = Interp {
            globals: Default::default(),
            builtins: Default::default(),
            modules: FastMap::default(),
            exc_classes: FastMap::default(),
            stdout: String::new(),
            interrupt: Arc::new(AtomicBool::new(false)),
            frames: Vec::new(),
            depth: 0,
            max_depth: 1000,
            stack_limit: 6 << 20,
            stack_base: 0,
            entries: 0,
            handling: Vec::new(),
            fn_infos: FastMap::default(),
            fn_infos_prune_at: 256,
            body_cache: FastMap::default(),
            lambda_cache: FastMap::default(),
            repr_stack: Vec::new(),
            display_stack: Vec::new(),
            exc_attr_hook: None,
            exc_init_hook: None,
        };
        exceptions::install(&mut it);
        builtins::install(&mut it);
        modules::install(&mut it);
        it
    }

    /// Binds a module-level (global) name.
    pub fn set_global(&mut self, name: &str, v: Value) {
        self.globals.insert(Rc::from(name), v);
    }

    /// A module-level (global) name's value.
    pub fn get_global(&self, name: &str) -> Option<Value> {
        self.globals.get(name).cloned()
    }

    /// Removes a global; returns its value.
    pub fn remove_global(&mut self, name: &str) -> Option<Value> {
        // (The caller owns the value; it is not disposed here.)
        self.globals.remove(name)
    }

    /// The names bound at module level, sorted.
    pub fn global_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.globals.keys().map(|k| k.to_string()).collect();
        v.sort();
        v
    }

    /// A built-in name's value (`len`, `ValueError`, ...).
    pub fn get_builtin(&self, name: &str) -> Option<Value> {
        self.builtins.get(name).cloned()
    }

    /// Adds or replaces a built-in name (visible from every scope unless shadowed).
    pub fn set_builtin(&mut self, name: &str, v: Value) {
        self.builtins.insert(Rc::from(name), v);
    }

    /// Makes `import dotted` / `from dotted import x` find `m`. Missing parent packages are
    /// synthesised as empty modules, and each parent gets the child as an attribute, so
    /// `import a.b` can bind `a` and `a.b` resolves.
    pub fn register_module(&mut self, dotted: &str, m: Rc<Module>) {
        // A parent synthesised earlier may hold child modules: keep them on the real module.
        if let Some(old) = self.modules.get(dotted)
            && !Rc::ptr_eq(old, &m)
        {
            let old_attrs: Vec<(Rc<str>, Value)> = old
                .attrs
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut attrs = m.attrs.borrow_mut();
            for (k, v) in old_attrs {
                if matches!(v, Value::Module(_)) && !attrs.contains_key(&k) {
                    attrs.insert(k, v);
                }
            }
        }
        self.modules.insert(dotted.to_string(), m.clone());
        let mut child = m;
        let mut name = dotted.to_string();
        while let Some(dot) = name.rfind('.') {
            let parent_name = name[..dot].to_string();
            let last = &name[dot + 1..];
            let parent = match self.modules.get(&parent_name) {
                Some(p) => p.clone(),
                None => {
                    let p = Rc::new(Module::new(&parent_name));
                    self.modules.insert(parent_name.clone(), p.clone());
                    p
                }
            };
            parent.set(last, Value::Module(child));
            child = parent;
            name = parent_name;
        }
    }

    /// The module registered (or synthesised) under `dotted`.
    pub fn get_module(&self, dotted: &str) -> Option<Rc<Module>> {
        self.modules.get(dotted).cloned()
    }

    /// Runs statements at module level (a shell input, or a module's body).
    pub fn exec_module(&mut self, stmts: &[Stmt]) -> PyResult<()> {
        let r = self.entry(|it| it.exec_top(stmts));
        self.forget_ast();
        r
    }

    /// Drops the `def`/`lambda` body cache, whose keys are addresses in an AST that the caller
    /// may free once its call returns (see `body_cache`). Functions keep their own `Rc`s.
    fn forget_ast(&mut self) {
        self.body_cache.clear();
        self.lambda_cache.clear();
    }

    /// Runs statements with `ns` as their namespace: reads look in `ns`, then globals and
    /// builtins; writes go to `ns`, and functions defined there see `ns` as their enclosing scope.
    /// This is how a models.py body can run in its own namespace: the ORM keeps `ns` and passes
    /// it as the `closure` of the functions it makes with [`Interp::make_function`].
    pub fn exec_in_scope(&mut self, stmts: &[Stmt], ns: Rc<RefCell<Scope>>) -> PyResult<()> {
        let r = self.entry(|it| {
            it.frames.push(Frame::namespace(ns));
            let r = it.exec_top(stmts);
            it.frames.pop();
            r
        });
        self.forget_ast();
        r
    }

    /// Lets the host answer attributes of exceptions it defines (Django's
    /// `ValidationError.message_dict`): called with the exception and the attribute name,
    /// `None` when the host has no such attribute.
    pub fn set_exception_attr_hook(&mut self, hook: ExcAttrHook) {
        self.exc_attr_hook = Some(hook);
    }

    /// Lets the host construct instances of exception classes it defines (Django's
    /// `ValidationError(message, code=None, params=None)` normalises its message); `None` leaves
    /// the class to the evaluator's plain `Exception(*args)`.
    pub fn set_exception_init_hook(&mut self, hook: ExcInitHook) {
        self.exc_init_hook = Some(hook);
    }

    pub(crate) fn exception_host_init(
        &mut self,
        c: &Rc<ExcClass>,
        args: &Args,
    ) -> Option<PyResult<Value>> {
        let hook = self.exc_init_hook.clone()?;
        hook(self, c, args)
    }

    /// `fmt % args` for str (printf-style formatting).
    pub fn py_percent(&mut self, fmt: &str, args: &Value) -> PyResult<Value> {
        self.entry(|it| it.percent_format(fmt, args))
    }

    pub(crate) fn exception_host_attr(
        &mut self,
        e: &Rc<PyException>,
        name: &str,
    ) -> Option<PyResult<Value>> {
        let hook = self.exc_attr_hook.clone()?;
        hook(self, e, name)
    }

    /// Evaluates an expression at module level.
    pub fn eval_expr(&mut self, e: &Expr) -> PyResult<Value> {
        let r = self.entry(|it| it.eval(e));
        self.forget_ast();
        r
    }

    /// Calls any callable value.
    pub fn call(&mut self, f: &Value, args: Args) -> PyResult<Value> {
        self.entry(|it| it.call_value(f, args))
    }

    /// `recv.name(*args)`.
    pub fn call_method(&mut self, recv: &Value, name: &str, args: Args) -> PyResult<Value> {
        self.entry(|it| it.call_method_value(recv, name, args))
    }

    /// `recv.name(*args)`, taking `recv`: see [`Interp::call_object_method`].
    pub fn call_method_consuming(
        &mut self,
        recv: Value,
        name: &str,
        args: Args,
    ) -> PyResult<Value> {
        match recv {
            Value::Object(o) => self.entry(|it| it.call_object_method(o, name, args)),
            other => self.call_method(&other, name, args),
        }
    }

    /// `v.name`.
    pub fn get_attr(&mut self, v: &Value, name: &str) -> PyResult<Value> {
        self.entry(|it| it.get_attribute(v, name))
    }

    /// `v.name = value`.
    pub fn set_attr(&mut self, v: &Value, name: &str, value: Value) -> PyResult<()> {
        self.entry(|it| it.set_attribute(v, name, value))
    }

    /// `repr(v)`.
    pub fn repr(&mut self, v: &Value) -> PyResult<String> {
        self.entry(|it| it.repr_value(v))
    }

    /// `str(v)`.
    pub fn str(&mut self, v: &Value) -> PyResult<String> {
        self.entry(|it| it.str_value(v))
    }

    /// `bool(v)`.
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        self.entry(|it| it.truth(v))
    }

    /// All items of an iterable (`list(v)`); a huge `range` raises MemoryError rather than
    /// exhausting memory.
    pub fn iterate(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        self.entry(|it| it.iter_values(v))
    }

    /// `a == b`.
    pub fn py_eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        self.entry(|it| it.eq_values(a, b))
    }

    /// `a < b` (TypeError when the types cannot be ordered).
    pub fn py_lt(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        self.entry(|it| it.lt_values(a, b))
    }

    /// `hash(v)` (TypeError: unhashable type: 'list').
    pub fn hash_value(&mut self, v: &Value) -> PyResult<u64> {
        self.entry(|it| it.hash_of(v))
    }

    /// `format(v, spec)`.
    pub fn format_value(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        self.entry(|it| it.format_with_spec(v, spec))
    }

    /// What `print()` wrote since the last call.
    pub fn take_stdout(&mut self) -> String {
        std::mem::take(&mut self.stdout)
    }

    /// Appends to the print buffer (for host code that prints on the user's behalf).
    pub fn write_stdout(&mut self, s: &str) {
        self.stdout.push_str(s);
    }

    /// The flag a Ctrl-C handler sets; loops and calls check it and raise KeyboardInterrupt.
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// Raises KeyboardInterrupt (and clears the flag) when the interrupt flag is set.
    #[inline]
    pub(crate) fn check_interrupt(&mut self) -> PyResult<()> {
        if self.interrupt.load(Ordering::Relaxed) {
            self.interrupt.store(false, Ordering::Relaxed);
            return Err(self.new_exception(self.exc_class("KeyboardInterrupt"), ""));
        }
        Ok(())
    }

    /// Wraps a public entry point: records the stack base for the outermost one and drops the
    /// per-run AST caches when it returns.
    fn entry<T>(&mut self, f: impl FnOnce(&mut Self) -> PyResult<T>) -> PyResult<T> {
        if self.entries == 0 {
            let marker = 0u8;
            self.stack_base = &marker as *const u8 as usize;
        }
        self.entries += 1;
        let r = f(self);
        self.entries -= 1;
        if self.entries == 0 {
            self.body_cache.clear();
            self.lambda_cache.clear();
            self.frames.clear();
            self.depth = 0;
            self.repr_stack.clear();
            self.display_stack.clear();
        }
        r
    }

    /// Enters one level of Python-level nesting; RecursionError past `max_depth` or when the
    /// Rust stack used so far passes `stack_limit`.
    #[inline]
    pub(crate) fn enter_level(&mut self) -> PyResult<()> {
        let marker = 0u8;
        let here = &marker as *const u8 as usize;
        let used = self.stack_base.saturating_sub(here);
        if self.depth >= self.max_depth || (self.stack_base != 0 && used > self.stack_limit) {
            return Err(self.new_exception(
                self.exc_class("RecursionError"),
                "maximum recursion depth exceeded",
            ));
        }
        self.depth += 1;
        Ok(())
    }

    #[inline]
    pub(crate) fn leave_level(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Runs `f` one nesting level deeper (see [`Interp::enter_level`]).
    pub(crate) fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PyResult<T>) -> PyResult<T> {
        self.enter_level()?;
        let r = f(self);
        self.leave_level();
        r
    }
}
