//! The names a Django shell user has before typing anything (see shared/spec/json-output.md):
//! the models, `Q`, `models`, `Decimal`, the date types, ...; and the modules imports reach.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::interp::{Args, Builtin, Interp, Module, PyResult, Value};
use crate::orm::ctx::OrmCtx;
use crate::orm::model_class::ModelClass;
use crate::orm::q::{QObj, q_from_args};

pub fn module(name: &str, attrs: Vec<(String, Value)>) -> Rc<Module> {
    let map: HashMap<Rc<str>, Value> = attrs
        .into_iter()
        .map(|(k, v)| (Rc::from(k.as_str()), v))
        .collect();
    Rc::new(Module {
        name: Rc::from(name),
        attrs: RefCell::new(map),
    })
}

pub fn class_builtin(
    name: &str,
    qualname: &str,
    f: impl Fn(&mut Interp, Args) -> PyResult<Value> + 'static,
) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: Rc::from(name),
        qualname: Rc::from(qualname),
        is_class: true,
        func: Box::new(f),
    }))
}

pub fn builtin_fn(name: &str, f: impl Fn(&mut Interp, Args) -> PyResult<Value> + 'static) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: Rc::from(name),
        qualname: Rc::from(name),
        is_class: false,
        func: Box::new(f),
    }))
}

pub fn install(it: &mut Interp, ctx: &Rc<OrmCtx>) -> PyResult<()> {
    let mut classes = Vec::new();
    let mut model_attrs: Vec<(String, Value)> = Vec::new();
    for (id, m) in ctx.reg.models.iter().enumerate() {
        let class = Value::object(ModelClass {
            ctx: ctx.clone(),
            model: id,
        });
        classes.push(class.clone());
        if !m.auto_created {
            model_attrs.push((m.name.clone(), class));
        }
    }
    *ctx.classes.borrow_mut() = classes;
    let q = class_builtin("Q", "django.db.models.query_utils.Q", |it, args| {
        let node = q_from_args(it, args)?;
        Ok(Value::object(QObj { node }))
    });
    let mut db_models: Vec<(String, Value)> = vec![("Q".into(), q.clone())];
    db_models.extend(model_attrs.iter().cloned());
    let models_mod = module("django.db.models", db_models.clone());
    it.register_module("django.db.models", models_mod.clone());
    it.register_module(
        &format!("{}.models", ctx.reg.app_label),
        module("bookstore.models", model_attrs.clone()),
    );
    it.register_module(
        "django.db",
        module(
            "django.db",
            vec![("models".into(), Value::Module(models_mod.clone()))],
        ),
    );
    for (name, v) in &model_attrs {
        it.set_global(name, v.clone());
    }
    it.set_global("Q", q);
    let (timezone, paginator) = super::django_modules::install(it, ctx);
    it.set_global("timezone", timezone);
    it.set_global("Paginator", paginator);
    it.set_global("models", Value::Module(models_mod));
    let datetime = it.get_module("datetime");
    if let Some(dt) = datetime {
        for name in ["date", "datetime", "time", "timedelta"] {
            if let Some(v) = dt.attrs.borrow().get(name) {
                it.set_global(name, v.clone());
            }
        }
    }
    if let Some(dec) = it.get_module("decimal") {
        if let Some(v) = dec.attrs.borrow().get("Decimal") {
            it.set_global("Decimal", v.clone());
        }
    }
    Ok(())
}
