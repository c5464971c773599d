//! Reverse ForeignKey managers (`publisher.books`, `genre.books`): `add()` moves rows to the
//! owner with one UPDATE; `remove()`/`set()` exist only for a nullable ForeignKey and set it to
//! NULL (Django's `RelatedManager` with `bulk=True`).

use std::rc::Rc;

use crate::interp::{Args, Interp, PyResult, Value};

use super::super::instance::Instance;
use super::super::queryset::QuerySet;
use super::super::related::RelatedManager;
use super::atomic;
use super::pyset::set_order;

pub const FK_METHODS: &[&str] = &["add", "remove", "set"];

fn kw(name: &str, v: Value) -> Args {
    Args {
        keywords: vec![(Rc::from(name), v)],
        ..Args::default()
    }
}

/// The related instances' pks, checking each is of the manager's model.
fn instances(rm: &RelatedManager, it: &mut Interp, objs: &[Value]) -> PyResult<Vec<Value>> {
    let reg = &rm.ctx.reg;
    let want = reg.get(rm.model).concrete;
    let mut out = Vec::new();
    for o in objs {
        match o.downcast::<Instance>() {
            Some(i) if reg.get(i.model).concrete == want => out.push(o.clone()),
            _ => {
                let got = it.repr(o)?;
                return Err(it.type_error(format!(
                    "'{}' instance expected, got {got}",
                    reg.get(rm.model).name
                )));
            }
        }
    }
    Ok(out)
}

fn pk_ints(objs: &[Value]) -> Vec<i64> {
    objs.iter()
        .filter_map(|o| match o.downcast::<Instance>().map(|i| i.pk_value()) {
            Some(Value::Int(i)) => Some(i),
            _ => None,
        })
        .collect()
}

fn add(rm: &RelatedManager, it: &mut Interp, objs: &[Value]) -> PyResult<()> {
    let (field, owner) = rm.known_related.clone().unwrap_or_default_pair();
    let objs = instances(rm, it, objs)?;
    for o in &objs {
        it.set_attr(o, &field, owner.clone())?;
    }
    let pks: Vec<Value> = objs
        .iter()
        .filter_map(|o| o.downcast::<Instance>().map(|i| i.pk_value()))
        .collect();
    let qs = Value::object(QuerySet::new(rm.ctx.clone(), rm.model));
    let qs = it.call_method(&qs, "filter", kw("pk__in", super::super::pyutil::list(pks)))?;
    it.call_method(&qs, "update", kw(&field, owner))?;
    Ok(())
}

fn remove(rm: &RelatedManager, it: &mut Interp, objs: &[Value]) -> PyResult<()> {
    if objs.is_empty() {
        return Ok(());
    }
    let (field, owner) = rm.known_related.clone().unwrap_or_default_pair();
    let objs = instances(rm, it, objs)?;
    let owner_pk = owner
        .downcast::<Instance>()
        .map(|i| i.pk_value())
        .unwrap_or(Value::None);
    let attname = format!("{field}_id");
    for o in &objs {
        let v = it.get_attr(o, &attname)?;
        if !it.py_eq(&v, &owner_pk)? {
            let (ro, rw) = (it.repr(o)?, it.repr(&owner)?);
            let owner_model = owner.downcast::<Instance>().map(|i| i.model).unwrap_or(0);
            let class = rm.ctx.exc.does_not_exist[owner_model].clone();
            return Err(it.new_exception(class, format!("{ro} is not related to {rw}.")));
        }
    }
    let ids: Vec<Value> = set_order(&pk_ints(&objs))
        .into_iter()
        .map(Value::Int)
        .collect();
    let qs = rm.get_queryset(it)?;
    let qs = it.call_method(&qs, "filter", kw("pk__in", super::super::pyutil::list(ids)))?;
    it.call_method(&qs, "update", kw(&field, Value::None))?;
    Ok(())
}

trait PairDefault {
    fn unwrap_or_default_pair(self) -> (String, Value);
}

impl PairDefault for Option<(String, Value)> {
    fn unwrap_or_default_pair(self) -> (String, Value) {
        self.unwrap_or_else(|| (String::new(), Value::None))
    }
}

pub fn call(
    rm: &RelatedManager,
    it: &mut Interp,
    name: &str,
    args: Args,
    nullable: bool,
) -> PyResult<Value> {
    match name {
        "add" => add(rm, it, &args.positional)?,
        "remove" => remove(rm, it, &args.positional)?,
        _ => {
            let objs = match args.positional.first() {
                Some(v) => it.iterate(v)?,
                None => Vec::new(),
            };
            if !nullable {
                add(rm, it, &objs)?;
                return Ok(Value::None);
            }
            let ctx = rm.ctx.clone();
            atomic(&ctx, it, |it| {
                let qs = rm.get_queryset(it)?;
                let old = it.iterate(&qs)?;
                // `set(self.all())`: iterated in the order of a set of their pks.
                let order = set_order(&pk_ints(&old));
                let mut old_ids: Vec<i64> = order;
                let mut new_objs = Vec::new();
                for o in &objs {
                    let pk = pk_ints(std::slice::from_ref(o));
                    match pk.first().and_then(|p| old_ids.iter().position(|x| x == p)) {
                        Some(i) => {
                            old_ids.remove(i);
                        }
                        None => new_objs.push(o.clone()),
                    }
                }
                let old_objs: Vec<Value> = old_ids
                    .iter()
                    .filter_map(|id| {
                        old.iter()
                            .find(|o| pk_ints(std::slice::from_ref(o)).first() == Some(id))
                            .cloned()
                    })
                    .collect();
                remove(rm, it, &old_objs)?;
                add(rm, it, &new_objs)
            })?;
        }
    }
    Ok(Value::None)
}
