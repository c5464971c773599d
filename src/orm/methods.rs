//! Methods written in models.py (`__str__`, manager methods, `get_queryset` overrides) as
//! callable values, built once per session.

use std::rc::Rc;

use crate::interp::{Function, FunctionBody, Interp, PyResult, Value};
use crate::models::{MethodDef, ModelId, Registry};

use super::ctx::OrmCtx;

fn make_function(it: &mut Interp, owner: &str, def: &MethodDef) -> PyResult<Value> {
    let mut defaults = Vec::new();
    for p in &def.params.args {
        defaults.push(match &p.default {
            Some(e) => Some(it.eval_expr(e)?),
            None => None,
        });
    }
    let mut kw_defaults = Vec::new();
    for p in &def.params.kwonly {
        kw_defaults.push(match &p.default {
            Some(e) => Some(it.eval_expr(e)?),
            None => None,
        });
    }
    Ok(Value::Function(Rc::new(Function {
        name: Rc::from(def.name.as_str()),
        params: def.params.clone(),
        defaults,
        kw_defaults,
        body: FunctionBody::Block(def.body.clone()),
        closure: None,
        owner_class: Some(Rc::from(owner)),
    })))
}

/// Builds the callable of every model and manager method of the registry.
pub fn build_methods(ctx: &OrmCtx, it: &mut Interp, reg: &Registry) -> PyResult<()> {
    let mut map = ctx.methods.borrow_mut();
    for m in &reg.models {
        for def in &m.methods {
            let f = make_function(it, &m.name, def)?;
            map.entry(m.name.clone())
                .or_default()
                .insert(def.name.clone(), f);
        }
    }
    for mc in &reg.manager_classes {
        for def in &mc.methods {
            let f = make_function(it, &mc.name, def)?;
            map.entry(mc.name.clone())
                .or_default()
                .insert(def.name.clone(), f);
        }
    }
    Ok(())
}

/// A method of a model class (proxies already carry their parent's methods).
pub fn model_method(ctx: &OrmCtx, model: ModelId, name: &str) -> Option<Value> {
    let class = &ctx.reg.get(model).name;
    ctx.methods.borrow().get(class)?.get(name).cloned()
}

/// A method of a manager class or of its manager base classes; `Err(())`-free lookup that
/// returns the class that defines it too.
pub fn manager_method(ctx: &OrmCtx, class: Option<&str>, name: &str) -> Option<(String, Value)> {
    let methods = ctx.methods.borrow();
    let mut cur = class;
    while let Some(c) = cur {
        if let Some(f) = methods.get(c).and_then(|m| m.get(name)) {
            return Some((c.to_string(), f.clone()));
        }
        cur = ctx.reg.manager_class(c).and_then(|mc| mc.base.as_deref());
    }
    None
}
