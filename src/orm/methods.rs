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
            map.insert(
                (m.name.clone(), def.name.clone()),
                make_function(it, &m.name, def)?,
            );
        }
    }
    for mc in &reg.manager_classes {
        for def in &mc.methods {
            map.insert(
                (mc.name.clone(), def.name.clone()),
                make_function(it, &mc.name, def)?,
            );
        }
    }
    Ok(())
}

/// A method of a model class (proxies already carry their parent's methods).
pub fn model_method(ctx: &OrmCtx, model: ModelId, name: &str) -> Option<Value> {
    let class = ctx.reg.get(model).name.clone();
    ctx.methods
        .borrow()
        .get(&(class, name.to_string()))
        .cloned()
}

/// A method of a manager class or of its manager base classes; `Err(())`-free lookup that
/// returns the class that defines it too.
pub fn manager_method(ctx: &OrmCtx, class: Option<&str>, name: &str) -> Option<(String, Value)> {
    let mut cur = class.map(str::to_string);
    while let Some(c) = cur {
        if let Some(f) = ctx.methods.borrow().get(&(c.clone(), name.to_string())) {
            return Some((c, f.clone()));
        }
        cur = ctx.reg.manager_class(&c).and_then(|mc| mc.base.clone());
    }
    None
}
