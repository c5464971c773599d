//! The `transaction` module a Django shell user imports from `django.db`: `atomic()` as a
//! context manager, `set_rollback`/`get_rollback`, `savepoint()` and friends, `get_autocommit`.

use std::rc::Rc;

use crate::interp::{ArgSpec, Args, Builtin, Interp, Object, PyException, PyResult, Value};

use super::super::ctx::Ctx;
use super::tx;

/// What `transaction.atomic(...)` returns; entering it opens the block.
struct Atomic {
    ctx: Ctx,
    savepoint: bool,
    durable: bool,
}

impl Atomic {
    fn open(&self, it: &mut Interp) -> PyResult<()> {
        // Django checks `connection.atomic_blocks`: any open block, ormlab's own included.
        if self.durable && self.ctx.tx.in_atomic_block.get() {
            return Err(it.runtime_error(
                "A durable atomic block cannot be nested within another atomic block.",
            ));
        }
        tx::enter(&self.ctx, it, self.savepoint)
    }
}

impl Object for Atomic {
    fn type_name(&self) -> String {
        "Atomic".into()
    }

    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<django.db.transaction.Atomic object>".into())
    }

    fn enter(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<Value> {
        self.open(it)?;
        Ok(Value::None)
    }

    fn has_method(&self, name: &str) -> bool {
        matches!(name, "__enter__" | "__exit__")
    }

    /// `a.__enter__()` / `a.__exit__(None, None, None)` called by hand, as a one-line shell
    /// input has to when it catches an error inside the block.
    fn call_method(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        if name == "__enter__" {
            ArgSpec::simple("__enter__", &[], 0).bind(it, args)?;
            self.open(it)?;
            return Ok(Value::None);
        }
        let b = ArgSpec::simple("__exit__", &["exc_type", "exc_value", "traceback"], 3)
            .bind(it, args)?;
        let failed = !matches!(b.get(0), Some(Value::None) | None);
        tx::exit(&self.ctx, it, failed)?;
        Ok(Value::None)
    }

    fn exit(
        &self,
        _me: &Rc<dyn Object>,
        exc: Option<&Rc<PyException>>,
        it: &mut Interp,
    ) -> PyResult<bool> {
        tx::exit(&self.ctx, it, exc.is_some())?;
        Ok(false)
    }

    /// `atomic(savepoint=False)(func)`: the decorator form.
    fn call(&self, _me: &Rc<dyn Object>, args: Args, it: &mut Interp) -> PyResult<Value> {
        let b = ArgSpec::simple("__call__", &["func"], 1).bind(it, args)?;
        Ok(Value::object(AtomicFunc {
            atomic: Atomic {
                ctx: self.ctx.clone(),
                savepoint: self.savepoint,
                durable: self.durable,
            },
            func: b.get(0).cloned().unwrap_or(Value::None),
        }))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A function decorated with `atomic`: each call runs inside its own block.
struct AtomicFunc {
    atomic: Atomic,
    func: Value,
}

impl Object for AtomicFunc {
    fn type_name(&self) -> String {
        "function".into()
    }

    fn repr(&self, it: &mut Interp) -> PyResult<String> {
        it.repr(&self.func)
    }

    fn call(&self, _me: &Rc<dyn Object>, args: Args, it: &mut Interp) -> PyResult<Value> {
        self.atomic.open(it)?;
        match it.call(&self.func, args) {
            Ok(v) => {
                tx::exit(&self.atomic.ctx, it, false)?;
                Ok(v)
            }
            Err(e) => {
                tx::exit(&self.atomic.ctx, it, true)?;
                Err(e)
            }
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn builtin(name: &str, f: impl Fn(&mut Interp, Args) -> PyResult<Value> + 'static) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: Rc::from(name),
        qualname: Rc::from(name),
        is_class: false,
        func: Box::new(f),
    }))
}

fn not_in_atomic(ctx: &Ctx, it: &Interp, msg: &str) -> Rc<PyException> {
    it.new_exception(ctx.exc.transaction_management.clone(), msg)
}

fn sid_arg(it: &mut Interp, args: Args, func: &'static str) -> PyResult<Option<String>> {
    let b = ArgSpec::simple(func, &["sid", "using"], 1).bind(it, args)?;
    match b.get(0) {
        Some(Value::None) | None => Ok(None),
        Some(v) => Ok(Some(it.str(v)?)),
    }
}

/// The module's attributes, by name.
pub fn transaction_attrs(ctx: &Ctx) -> Vec<(String, Value)> {
    let c = ctx.clone();
    let atomic = builtin("atomic", move |it, args| {
        let spec = ArgSpec::simple("atomic", &["using", "savepoint", "durable"], 0);
        let b = spec.bind(it, args)?;
        // `atomic(func)`: the decorator form, with the default options.
        if let Some(f @ (Value::Function(_) | Value::Builtin(_) | Value::BoundMethod(_))) = b.get(0)
        {
            return Ok(Value::object(AtomicFunc {
                atomic: Atomic {
                    ctx: c.clone(),
                    savepoint: true,
                    durable: false,
                },
                func: f.clone(),
            }));
        }
        let savepoint = match b.get(1) {
            None => true,
            Some(v) => it.truthy(v)?,
        };
        let durable = match b.get(2) {
            None => false,
            Some(v) => it.truthy(v)?,
        };
        Ok(Value::object(Atomic {
            ctx: c.clone(),
            savepoint,
            durable,
        }))
    });
    let c = ctx.clone();
    let set_rollback = builtin("set_rollback", move |it, args| {
        let b = ArgSpec::simple("set_rollback", &["rollback", "using"], 1).bind(it, args)?;
        if !c.tx.in_atomic_block.get() {
            return Err(not_in_atomic(
                &c,
                it,
                "The rollback flag doesn't work outside of an 'atomic' block.",
            ));
        }
        let flag = match b.get(0) {
            Some(v) => it.truthy(v)?,
            None => false,
        };
        c.tx.needs_rollback.set(flag);
        Ok(Value::None)
    });
    let c = ctx.clone();
    let get_rollback = builtin("get_rollback", move |it, args| {
        ArgSpec::simple("get_rollback", &["using"], 0).bind(it, args)?;
        if !c.tx.in_atomic_block.get() {
            return Err(not_in_atomic(
                &c,
                it,
                "The rollback flag doesn't work outside of an 'atomic' block.",
            ));
        }
        Ok(Value::Bool(c.tx.needs_rollback.get()))
    });
    let c = ctx.clone();
    let get_autocommit = builtin("get_autocommit", move |it, args| {
        ArgSpec::simple("get_autocommit", &["using"], 0).bind(it, args)?;
        Ok(Value::Bool(!c.tx.in_atomic_block.get()))
    });
    let c = ctx.clone();
    let savepoint = builtin("savepoint", move |it, args| {
        ArgSpec::simple("savepoint", &["using"], 0).bind(it, args)?;
        Ok(tx::savepoint(&c, it)?.map_or(Value::None, |s| Value::str(&s)))
    });
    let c = ctx.clone();
    let savepoint_commit = builtin("savepoint_commit", move |it, args| {
        if let Some(sid) = sid_arg(it, args, "savepoint_commit")? {
            tx::savepoint_commit(&c, it, &sid)?;
        }
        Ok(Value::None)
    });
    let c = ctx.clone();
    let savepoint_rollback = builtin("savepoint_rollback", move |it, args| {
        if let Some(sid) = sid_arg(it, args, "savepoint_rollback")? {
            tx::savepoint_rollback(&c, it, &sid)?;
        }
        Ok(Value::None)
    });
    let c = ctx.clone();
    let on_commit = builtin("on_commit", move |it, args| {
        let b = ArgSpec::simple("on_commit", &["func", "using", "robust"], 1).bind(it, args)?;
        let func = b.get(0).cloned().unwrap_or(Value::None);
        let robust = match b.get(2) {
            Some(v) => it.truthy(v)?,
            None => false,
        };
        if !matches!(
            func,
            Value::Function(_) | Value::Builtin(_) | Value::BoundMethod(_) | Value::Object(_)
        ) {
            return Err(it.type_error("on_commit()'s callback must be a callable."));
        }
        tx::on_commit(&c, it, func, robust)?;
        Ok(Value::None)
    });
    vec![
        ("atomic".into(), atomic),
        ("on_commit".into(), on_commit),
        (
            "TransactionManagementError".into(),
            Value::ExcClass(ctx.exc.transaction_management.clone()),
        ),
        ("set_rollback".into(), set_rollback),
        ("get_rollback".into(), get_rollback),
        ("get_autocommit".into(), get_autocommit),
        ("savepoint".into(), savepoint),
        ("savepoint_commit".into(), savepoint_commit),
        ("savepoint_rollback".into(), savepoint_rollback),
    ]
}
