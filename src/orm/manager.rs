//! Managers: `Book.objects`, custom manager classes from models.py with their methods and
//! `get_queryset` overrides (and `super().get_queryset()` inside them).

use std::rc::Rc;

use crate::interp::{Args, Interp, Object, PyResult, Value};
use crate::models::ModelId;

use super::ctx::Ctx;
use super::methods::manager_method;
use super::queryset::QuerySet;

pub struct Manager {
    pub ctx: Ctx,
    pub model: ModelId,
    pub name: String,
    /// The manager class from models.py; `None` for a plain `models.Manager()`.
    pub class: Option<String>,
}

/// `Model._default_manager.get_queryset()` (a models.py manager's filter included), as Django's
/// unique checks start from it.
pub fn default_queryset(ctx: &Ctx, model: ModelId, it: &mut Interp) -> PyResult<QuerySet> {
    let decl = ctx.reg.get(model).default_manager().cloned();
    let mgr: Rc<dyn Object> = Rc::new(Manager {
        ctx: ctx.clone(),
        model,
        name: decl
            .as_ref()
            .map(|d| d.name.clone())
            .unwrap_or_else(|| "objects".into()),
        class: decl.and_then(|d| d.class),
    });
    let qs = match mgr.as_any().downcast_ref::<Manager>() {
        Some(m) => m.get_queryset(&mgr, it)?,
        None => return Ok(QuerySet::new(ctx.clone(), model)),
    };
    Ok(match qs.downcast::<QuerySet>() {
        Some(q) => q.chain(),
        None => QuerySet::new(ctx.clone(), model),
    })
}

impl Manager {
    /// `get_queryset()` as the class chain starting at `class` defines it.
    fn queryset_from(
        &self,
        me: &Rc<dyn Object>,
        class: Option<&str>,
        it: &mut Interp,
    ) -> PyResult<Value> {
        match manager_method(&self.ctx, class, "get_queryset") {
            Some((_, f)) => {
                let qs = it.call(
                    &f,
                    Args {
                        positional: vec![Value::Object(me.clone())],
                        ..Args::default()
                    },
                )?;
                if qs.downcast::<QuerySet>().is_none() {
                    return Err(it.type_error("get_queryset() must return a QuerySet"));
                }
                Ok(qs)
            }
            None => Ok(Value::object(QuerySet::new(self.ctx.clone(), self.model))),
        }
    }

    pub fn get_queryset(&self, me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<Value> {
        self.queryset_from(me, self.class.as_deref(), it)
    }

    /// Method lookup starting at `class`: a Python method of the class chain, or a QuerySet
    /// method on `get_queryset()`.
    fn call_from(
        &self,
        me: &Rc<dyn Object>,
        class: Option<&str>,
        name: &str,
        mut args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        if name == "get_queryset" {
            return self.queryset_from(me, class, it);
        }
        if name == "raw" {
            return super::raw::new_raw(self.ctx.clone(), self.model, it, args);
        }
        if let Some((_, f)) = manager_method(&self.ctx, class, name) {
            args.positional.insert(0, Value::Object(me.clone()));
            return it.call(&f, args);
        }
        if super::queryset::is_queryset_method(name) {
            let qs = self.queryset_from(me, class, it)?;
            return it.call_method_consuming(qs, name, args);
        }
        Err(it.attribute_error(&self.type_name(), name))
    }
}

impl Object for Manager {
    fn type_name(&self) -> String {
        self.class.clone().unwrap_or_else(|| "Manager".into())
    }

    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        let module = if self.class.is_some() {
            format!("{}.models", self.ctx.reg.app_label)
        } else {
            "django.db.models.manager".into()
        };
        Ok(format!("<{module}.{} object>", self.type_name()))
    }

    fn str(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!(
            "{}.{}",
            self.ctx.reg.get(self.model).label(),
            self.name
        ))
    }

    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(match name {
            "model" => Some(self.ctx.class_of(self.model)),
            "name" => Some(Value::str(&self.name)),
            // The database alias the manager reads (ormlab has the one connection).
            "db" => Some(Value::str("default")),
            _ => None,
        })
    }

    fn has_method(&self, name: &str) -> bool {
        name == "get_queryset"
            || name == "raw"
            || super::queryset::is_queryset_method(name)
            || manager_method(&self.ctx, self.class.as_deref(), name).is_some()
    }

    fn call_method(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        self.call_from(me, self.class.as_deref(), name, args, it)
    }

    fn call_super_method(
        &self,
        me: &Rc<dyn Object>,
        owner: &str,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        let base = self
            .ctx
            .reg
            .manager_class(owner)
            .and_then(|c| c.base.clone());
        self.call_from(me, base.as_deref(), name, args, it)
    }

    fn iter(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<Vec<Value>> {
        Err(it.type_error(format!("'{}' object is not iterable", self.type_name())))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
