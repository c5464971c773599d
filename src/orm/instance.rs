//! Model instances as Django builds them (`Model.from_db`): field values by attname, the
//! `__str__` and other methods from models.py, forward relations loaded lazily and cached.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::interp::{ArgSpec, Args, Interp, Object, PyResult, Value};
use crate::models::{FieldKind, ModelId, RelationKind};
use crate::syntax::CmpOp;

use super::ctx::Ctx;
use super::queryset::QuerySet;
use super::related::RelatedManager;

pub struct Instance {
    pub ctx: Ctx,
    /// The class the row was loaded as (a proxy stays a proxy).
    pub model: ModelId,
    /// One slot per concrete field, in field order; `None` = deferred (not loaded).
    pub values: RefCell<Vec<Option<Value>>>,
    /// Other attributes in the order they were set (annotations, user assignments).
    pub extra: RefCell<Vec<(String, Value)>>,
    /// Related objects already loaded (`fields_cache`), by field name.
    pub rel_cache: RefCell<Vec<(String, Value)>>,
    /// `prefetch_related()` results by accessor (`books`, `authors`): QuerySets with their
    /// result cache filled.
    pub prefetched: RefCell<Vec<(String, Value)>>,
    /// Django's `_state.adding`: made by the class and not saved yet (unique checks then do not
    /// exclude its own primary key).
    pub adding: std::cell::Cell<bool>,
    /// This instance's own `Rc`, so `str()`/`repr()` can pass it to `__str__` as `self`.
    me: Weak<Instance>,
}

impl Instance {
    /// A loaded row as an instance value.
    pub fn from_row(ctx: Ctx, model: ModelId, row: Vec<Value>) -> Value {
        Self::with_values(ctx, model, row.into_iter().map(Some).collect())
    }

    pub fn with_values(ctx: Ctx, model: ModelId, values: Vec<Option<Value>>) -> Value {
        let rc: Rc<Instance> = Rc::new_cyclic(|me| Instance {
            ctx,
            model,
            values: RefCell::new(values),
            extra: RefCell::new(Vec::new()),
            rel_cache: RefCell::new(Vec::new()),
            prefetched: RefCell::new(Vec::new()),
            adding: std::cell::Cell::new(false),
            me: me.clone(),
        });
        Value::Object(rc)
    }

    /// This instance as a Python value.
    pub fn self_value(&self) -> Value {
        match self.me.upgrade() {
            Some(rc) => Value::Object(rc),
            None => Value::None,
        }
    }

    fn concrete(&self) -> &crate::models::Model {
        let reg = &self.ctx.reg;
        reg.get(reg.get(self.model).concrete)
    }

    pub fn pk_value(&self) -> Value {
        let m = self.concrete();
        let idx = m.fields.iter().position(|f| f.primary_key).unwrap_or(0);
        self.values
            .borrow()
            .get(idx)
            .cloned()
            .flatten()
            .unwrap_or(Value::None)
    }

    /// Loaded fields by attname, in field order (what `{"$model": ...}` lists).
    pub fn loaded_fields(&self) -> Vec<(crate::models::Name, Value)> {
        let m = self.concrete();
        let vals = self.values.borrow();
        m.fields
            .iter()
            .zip(vals.iter())
            .filter_map(|(f, v)| v.clone().map(|v| (f.attname.clone(), v)))
            .collect()
    }

    pub fn extra_attrs(&self) -> Vec<(String, Value)> {
        self.extra.borrow().clone()
    }

    /// `str(obj)`: the model's `__str__`, else Django's `Book object (1)`.
    pub fn str_text(&self, me: &Value, it: &mut Interp) -> PyResult<String> {
        if let Some(f) = super::methods::model_method(&self.ctx, self.model, "__str__") {
            let v = it.call(
                &f,
                Args {
                    positional: vec![me.clone()],
                    ..Args::default()
                },
            )?;
            return match v {
                Value::Str(s) => Ok(str::to_owned(&s)),
                other => Err(it.type_error(format!(
                    "__str__ returned non-string (type {})",
                    other.type_name()
                ))),
            };
        }
        let pk = self.pk_value();
        let pk = it.str(&pk)?;
        let name = &self.ctx.reg.get(self.model).name;
        Ok(format!("{name} object ({pk})"))
    }

    /// A forward ForeignKey/OneToOne: cached, else one query through the related model's
    /// base manager (`Publisher._base_manager.get(pk=...)`).
    fn related_object(&self, it: &mut Interp, field_idx: usize) -> PyResult<Value> {
        let m = self.concrete();
        let f = &m.fields[field_idx];
        if let Some((_, v)) = self.rel_cache.borrow().iter().find(|(n, _)| *n == f.name) {
            return Ok(v.clone());
        }
        let Some(rel) = f.relation.clone() else {
            return Ok(Value::None);
        };
        self.field_value(it, field_idx)?;
        let id = self
            .values
            .borrow()
            .get(field_idx)
            .cloned()
            .flatten()
            .unwrap_or(Value::None);
        if matches!(id, Value::None) {
            return Ok(Value::None);
        }
        let cause = || Rc::from(format!("{}.{}", self.ctx.reg.get(self.model).name, f.name));
        let key = (self.model, field_idx);
        let obj = super::lazy_get::load(&self.ctx, it, key, rel.to, cause, id)?;
        self.rel_cache
            .borrow_mut()
            .push((f.name.clone(), obj.clone()));
        // A one-to-one also fills the reverse side on the loaded object (Django's remote setter).
        if f.kind == FieldKind::OneToOneField {
            let reg = &self.ctx.reg;
            let back = reg
                .get(reg.get(rel.to).concrete)
                .reverse
                .iter()
                .find(|r| r.field == f.name && r.kind == RelationKind::OneToOne)
                .map(|r| r.accessor.clone());
            if let (Some(back), Some(o)) = (back, obj.downcast::<Instance>()) {
                o.rel_cache.borrow_mut().push((back, self.self_value()));
            }
        }
        Ok(obj)
    }
}

impl Instance {
    /// Reverse and many-to-many accessors: `author.profile` (one query, cached, or
    /// `Author.profile.RelatedObjectDoesNotExist`), `publisher.books`, `book.authors`, ...
    fn reverse_relation(&self, it: &mut Interp, name: &str) -> PyResult<Option<Value>> {
        let reg = self.ctx.reg.clone();
        let model_name = reg.get(self.model).name.clone();
        let me = self.self_value();
        let concrete = self.concrete();
        if let Some(mm) = concrete.many_to_many.iter().find(|m| m.name == name) {
            // Forward many-to-many: the target's rows whose reverse query name leads back here.
            let query_name = reg
                .get(mm.to)
                .reverse
                .iter()
                .find(|r| {
                    r.kind == RelationKind::ManyToMany
                        && r.field == mm.name
                        && reg.get(r.model).concrete == concrete.concrete
                })
                .map(|r| r.query_name.clone())
                .unwrap_or_else(|| model_name.to_lowercase());
            let pk_name = concrete.pk().name.clone();
            let constrained = if mm.auto_through {
                reg.get(mm.through)
                    .fields
                    .iter()
                    .find(|f| {
                        f.relation
                            .as_ref()
                            .is_some_and(|r| reg.get(r.to).concrete == concrete.concrete)
                    })
                    .map(|f| (mm.through, f.name.clone(), self.pk_value()))
            } else {
                None
            };
            return Ok(Some(Value::object(RelatedManager {
                ctx: self.ctx.clone(),
                model: mm.to,
                core_filters: vec![(
                    Rc::from(format!("{query_name}__{pk_name}").as_str()),
                    self.pk_value(),
                )],
                label: format!("{model_name}.{name}"),
                prefetched: self.prefetched_for(name),
                constrained,
                known_related: None,
            })));
        }
        let Some(rev) = concrete
            .reverse
            .iter()
            .find(|r| r.accessor == name)
            .cloned()
        else {
            return Ok(None);
        };
        let label = format!("{model_name}.{name}");
        match rev.kind {
            RelationKind::ForeignKey => Ok(Some(Value::object(RelatedManager {
                ctx: self.ctx.clone(),
                model: rev.model,
                core_filters: vec![(Rc::from(rev.field.as_str()), me)],
                label,
                prefetched: self.prefetched_for(name),
                constrained: None,
                known_related: Some((rev.field.clone(), self.self_value())),
            }))),
            RelationKind::ManyToMany => {
                let pk_name = reg.get(rev.model).pk().name.clone();
                let _ = pk_name;
                let own_pk = concrete.pk().name.clone();
                Ok(Some(Value::object(RelatedManager {
                    ctx: self.ctx.clone(),
                    model: rev.model,
                    core_filters: vec![(
                        Rc::from(format!("{}__{own_pk}", rev.field).as_str()),
                        self.pk_value(),
                    )],
                    label,
                    prefetched: self.prefetched_for(name),
                    constrained: None,
                    known_related: None,
                })))
            }
            RelationKind::OneToOne => {
                let cached = self
                    .rel_cache
                    .borrow()
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone());
                match cached {
                    // select_related/prefetch_related found no row: Django raises, as on a miss.
                    Some(Value::None) => {
                        let class =
                            self.ctx
                                .related_does_not_exist(it, &model_name, name, rev.model);
                        return Err(it.new_exception(class, format!("{model_name} has no {name}.")));
                    }
                    Some(v) => return Ok(Some(v)),
                    None => {}
                }
                let mut qs = QuerySet::new(self.ctx.clone(), rev.model);
                let q = super::q::q_from_args(
                    it,
                    Args {
                        keywords: vec![(Rc::from(rev.field.as_str()), me)],
                        ..Args::default()
                    },
                )?;
                qs.add_q(it, q, &[])?;
                *self.ctx.pending_cause.borrow_mut() = Some(Rc::from(label.as_str()));
                let result = it.call_method(&Value::object(qs), "get", Args::default());
                *self.ctx.pending_cause.borrow_mut() = None;
                match result {
                    Ok(obj) => {
                        self.rel_cache
                            .borrow_mut()
                            .push((name.to_string(), obj.clone()));
                        // The loaded object's forward side points back here (Django's
                        // ReverseOneToOneDescriptor sets it), so `a.profile.author is a`.
                        if let Some(o) = obj.downcast::<Instance>() {
                            o.rel_cache
                                .borrow_mut()
                                .push((rev.field.clone(), self.self_value()));
                        }
                        Ok(Some(obj))
                    }
                    Err(e) if e.class.is_subclass_of(&self.ctx.exc.object_does_not_exist) => {
                        let class =
                            self.ctx
                                .related_does_not_exist(it, &model_name, name, rev.model);
                        Err(it.new_exception(class, format!("{model_name} has no {name}.")))
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }
}

impl Instance {
    fn deferred_attnames(&self) -> Vec<String> {
        let m = self.concrete();
        let vals = self.values.borrow();
        m.fields
            .iter()
            .zip(vals.iter())
            .filter(|(_, v)| v.is_none())
            .map(|(f, _)| str::to_owned(&f.attname))
            .collect()
    }

    /// Mirrors `Model.refresh_from_db`: reload the loaded fields (or `fields=`) through the
    /// base manager, drop cached relations and, when reloading everything, prefetches.
    fn refresh_from_db(&self, it: &mut Interp, args: Args) -> PyResult<Value> {
        let spec = ArgSpec {
            func: "refresh_from_db",
            params: &["using", "fields"],
            required: 0,
            kwonly: &["from_queryset"],
            varargs: false,
            varkw: false,
        };
        let b = spec.bind(it, args)?;
        let m = self.concrete().clone();
        let fields: Option<Vec<String>> = match b.get(1) {
            None | Some(Value::None) => None,
            Some(v) => {
                let items = it.iterate(v)?;
                let mut out = Vec::new();
                for i in &items {
                    out.push(it.str(i)?);
                }
                Some(out)
            }
        };
        let deferred = self.deferred_attnames();
        let only: Option<Vec<String>> = match &fields {
            Some(f) => Some(f.clone()),
            None if !deferred.is_empty() => Some(
                m.fields
                    .iter()
                    .filter(|f| !deferred.iter().any(|d| **d == *f.attname))
                    .map(|f| f.name.clone())
                    .collect(),
            ),
            None => None,
        };
        let mut qs = QuerySet::new(self.ctx.clone(), self.model);
        let pk = m.pk().name.clone();
        let q = super::q::q_from_args(
            it,
            Args {
                keywords: vec![(Rc::from(pk.as_str()), self.pk_value())],
                ..Args::default()
            },
        )?;
        qs.add_q(it, q, &[])?;
        if let Some(o) = only {
            qs.query.deferred = crate::query::ir::Deferred::Only(o);
        }
        let fresh = it.call_method(&Value::object(qs), "get", Args::default())?;
        let Some(f) = fresh.downcast::<Instance>() else {
            return Ok(Value::None);
        };
        let new_vals = f.values.borrow().clone();
        {
            let mut vals = self.values.borrow_mut();
            for (i, v) in new_vals.into_iter().enumerate() {
                if let (Some(v), Some(slot)) = (v, vals.get_mut(i)) {
                    *slot = Some(v);
                }
            }
        }
        self.rel_cache.borrow_mut().clear();
        if fields.is_none() {
            self.prefetched.borrow_mut().clear();
        }
        Ok(Value::None)
    }

    /// A field's value, loading it first when `only()`/`defer()` left it out: one query, as
    /// Django's DeferredAttribute runs `refresh_from_db(fields=[name])`.
    pub fn field_value(&self, it: &mut Interp, idx: usize) -> PyResult<Value> {
        if let Some(v) = self.values.borrow().get(idx).cloned().flatten() {
            return Ok(v);
        }
        let m = self.concrete();
        let Some(f) = m.fields.get(idx) else {
            return Ok(Value::None);
        };
        let mut qs = QuerySet::new(self.ctx.clone(), self.model);
        let pk = m.pk().name.clone();
        let q = super::q::q_from_args(
            it,
            Args {
                keywords: vec![(Rc::from(pk.as_str()), self.pk_value())],
                ..Args::default()
            },
        )?;
        qs.add_q(it, q, &[])?;
        qs.query.deferred = crate::query::ir::Deferred::Only(vec![f.name.clone()]);
        let loaded = it.call_method(&Value::object(qs), "get", Args::default())?;
        let v = loaded
            .downcast::<Instance>()
            .and_then(|i| i.values.borrow().get(idx).cloned().flatten())
            .unwrap_or(Value::None);
        if let Some(slot) = self.values.borrow_mut().get_mut(idx) {
            *slot = Some(v.clone());
        }
        Ok(v)
    }

    fn prefetched_for(&self, accessor: &str) -> Option<Value> {
        self.prefetched
            .borrow()
            .iter()
            .find(|(n, _)| n == accessor)
            .map(|(_, v)| v.clone())
    }
}

impl Object for Instance {
    fn type_name(&self) -> String {
        self.ctx.reg.get(self.model).name.clone()
    }

    fn repr(&self, it: &mut Interp) -> PyResult<String> {
        let me = self.self_value();
        let s = self.str_text(&me, it)?;
        Ok(format!("<{}: {s}>", self.type_name()))
    }

    fn str(&self, it: &mut Interp) -> PyResult<String> {
        let me = self.self_value();
        self.str_text(&me, it)
    }

    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        if let Some((_, v)) = self.extra.borrow().iter().rev().find(|(n, _)| n == name) {
            return Ok(Some(v.clone()));
        }
        if name == "pk" {
            return Ok(Some(self.pk_value()));
        }
        if name == "_meta" {
            return Ok(Some(Value::object(super::model_class::MetaObj {
                ctx: self.ctx.clone(),
                model: self.model,
            })));
        }
        if name == "__class__" {
            return Ok(Some(self.ctx.class_of(self.model)));
        }
        let m = self.concrete();
        if let Some(idx) = m.fields.iter().position(|f| &*f.attname == name) {
            return self.field_value(it, idx).map(Some);
        }
        if let Some(idx) = m
            .fields
            .iter()
            .position(|f| f.name == name && f.kind.is_relation())
        {
            return self.related_object(it, idx).map(Some);
        }
        if let Some(v) = self.reverse_relation(it, name)? {
            return Ok(Some(v));
        }
        if self
            .ctx
            .reg
            .get(self.model)
            .managers
            .iter()
            .any(|mg| mg.name == name)
        {
            let msg = format!(
                "Manager isn't accessible via {} instances",
                self.ctx.reg.get(self.model).name
            );
            return Err(it.new_exception(it.exc_class("AttributeError"), msg));
        }
        Ok(None)
    }

    fn has_method(&self, name: &str) -> bool {
        matches!(name, "refresh_from_db" | "get_deferred_fields")
            || super::write::INSTANCE_METHODS.contains(&name)
            || super::methods::model_method(&self.ctx, self.model, name).is_some()
    }

    fn call_method(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        mut args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        match super::methods::model_method(&self.ctx, self.model, name) {
            Some(f) => {
                args.positional.insert(0, Value::Object(me.clone()));
                if !args.positional_spans.is_empty() {
                    args.positional_spans.insert(0, Default::default());
                }
                it.call(&f, args)
            }
            None if name == "refresh_from_db" => self.refresh_from_db(it, args),
            None if name == "get_deferred_fields" => {
                ArgSpec::simple("get_deferred_fields", &[], 0).bind(it, args)?;
                let names: Vec<Value> = self
                    .deferred_attnames()
                    .iter()
                    .map(|n| Value::str(n))
                    .collect();
                let set = it.get_builtin("set").unwrap_or(Value::None);
                it.call(
                    &set,
                    Args {
                        positional: vec![super::pyutil::list(names)],
                        ..Args::default()
                    },
                )
            }
            None if super::write::INSTANCE_METHODS.contains(&name) => {
                super::write::call_instance(self, it, name, args)
            }
            None => Err(it.attribute_error(&self.type_name(), name)),
        }
    }

    fn set_attr(&self, name: &str, value: Value, _it: &mut Interp) -> PyResult<()> {
        let m = self.concrete();
        // `obj.pk = 5` (and `Model(pk=5)`) sets the primary key field itself.
        let pk_attname;
        let name = if name == "pk" {
            pk_attname = m.pk().attname.clone();
            &*pk_attname
        } else {
            name
        };
        if let Some(idx) = m
            .fields
            .iter()
            .position(|f| &*f.attname == name || (f.name == name && !f.kind.is_relation()))
        {
            // A new ForeignKey id makes the cached related object stale (Django drops it).
            if m.fields[idx].kind.is_relation() {
                let fname = m.fields[idx].name.clone();
                self.rel_cache.borrow_mut().retain(|(n, _)| *n != fname);
            }
            self.values.borrow_mut()[idx] = Some(value);
            return Ok(());
        }
        if let Some(idx) = m.fields.iter().position(|f| {
            f.name == name && matches!(f.kind, FieldKind::ForeignKey | FieldKind::OneToOneField)
        }) {
            let pk = value
                .downcast::<Instance>()
                .map(|i| i.pk_value())
                .unwrap_or(Value::None);
            self.values.borrow_mut()[idx] = Some(pk);
            let mut cache = self.rel_cache.borrow_mut();
            cache.retain(|(n, _)| n != name);
            cache.push((name.to_string(), value));
            return Ok(());
        }
        let mut extra = self.extra.borrow_mut();
        extra.retain(|(n, _)| n != name);
        extra.push((name.to_string(), value));
        Ok(())
    }

    fn compare(
        &self,
        me: &Rc<dyn Object>,
        op: CmpOp,
        other: &Value,
        it: &mut Interp,
    ) -> PyResult<Option<bool>> {
        let eq = match other.downcast::<Instance>() {
            Some(o) => {
                let reg = &self.ctx.reg;
                let same_model = reg.get(self.model).concrete == reg.get(o.model).concrete;
                let (a, b) = (self.pk_value(), o.pk_value());
                if matches!(a, Value::None) {
                    match other {
                        Value::Object(orc) => Rc::ptr_eq(me, orc),
                        _ => false,
                    }
                } else {
                    same_model && it.py_eq(&a, &b)?
                }
            }
            None => false,
        };
        Ok(match op {
            CmpOp::Eq => Some(eq),
            CmpOp::NotEq => Some(!eq),
            _ => None,
        })
    }

    fn hash(&self, me: &Rc<dyn Object>) -> Option<u64> {
        match self.pk_value() {
            Value::Int(i) => Some(i as u64),
            Value::None => None,
            _ => Some(Rc::as_ptr(me) as *const () as usize as u64),
        }
    }

    fn is_instance_of(&self, cls: &Value) -> bool {
        match cls.downcast::<super::model_class::ModelClass>() {
            Some(c) => c.model == self.model || self.ctx.reg.get(self.model).concrete == c.model,
            None => false,
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
