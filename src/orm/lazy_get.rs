//! The query behind a lazy forward relation (`book.publisher`): Django runs
//! `Publisher._base_manager.get(pk=book.publisher_id)` on every first access. That SELECT is the
//! same for every row but for its one parameter, so it is built and compiled once per relation
//! and kept on the context; each later load costs only the query and the new instance. A loop
//! over 250 books is where this matters (the lazy-loads benchmark).

use std::rc::Rc;

use crate::interp::{Args, Interp, PyResult, Value};
use crate::models::{FieldKind, ModelId};
use crate::query::value::prep_value;
use crate::sql::Compiled;

use super::convert::{param_to_sql, to_filter_value};
use super::ctx::Ctx;
use super::q::q_from_args;
use super::queryset::QuerySet;

/// A relation's lazy-load query, ready to run with another primary key.
pub struct LazyGet {
    /// The filtered QuerySet `get()` runs (unordered, `LIMIT 21`).
    qs: QuerySet,
    compiled: Compiled,
    pk_name: String,
    pk_kind: FieldKind,
}

/// Loads the `target` object whose primary key is `id`, as the relation `cause`
/// (`"Book.publisher"`, made only when the plan is) does lazily. `key` names the relation (its
/// model and field index).
pub fn load(
    ctx: &Ctx,
    it: &mut Interp,
    key: (ModelId, usize),
    target: ModelId,
    cause: impl FnOnce() -> Rc<str>,
    id: Value,
) -> PyResult<Value> {
    // `.why` explains each statement as it is compiled, so it takes the ordinary path.
    if ctx.why_on() {
        let qs = filtered(ctx, it, target, &cause(), id)?;
        ctx.why_origin(|| crate::sql::why::Origin::Get);
        let items = qs.fetch_all(it)?;
        return qs.the_one(it, items);
    }
    let cached = ctx.lazy_gets.borrow().get(&key).cloned();
    let plan = match cached {
        Some(p) => p,
        None => {
            let cause = cause();
            let qs = filtered(ctx, it, target, &cause, id.clone())?;
            let Some(plan) = plan_for(ctx, it, qs, &id)? else {
                // No single-parameter SQL to reuse: run it the ordinary way.
                let qs = filtered(ctx, it, target, &cause, id)?;
                let items = qs.fetch_all(it)?;
                return qs.the_one(it, items);
            };
            let plan = Rc::new(plan);
            ctx.lazy_gets.borrow_mut().insert(key, plan.clone());
            plan
        }
    };
    let fv = to_filter_value(it, &id)?;
    let Ok(param) = prep_value(&plan.pk_kind, &plan.pk_name, &fv) else {
        // A value the field refuses: the ordinary path raises Django's error for it.
        let qs = filtered(ctx, it, target, &plan.cause(), id)?;
        let items = qs.fetch_all(it)?;
        return qs.the_one(it, items);
    };
    let items = plan
        .qs
        .fetch_compiled(it, &plan.compiled, &[param_to_sql(&param)])?;
    plan.qs.the_one(it, items)
}

/// `target._base_manager.filter(pk=id)`, prepared as `get()` runs it.
fn filtered(
    ctx: &Ctx,
    it: &mut Interp,
    target: ModelId,
    cause: &Rc<str>,
    id: Value,
) -> PyResult<QuerySet> {
    let mut qs = QuerySet::new(ctx.clone(), target);
    let pk_name = ctx.reg.get(target).pk().name.clone();
    let q = q_from_args(
        it,
        Args {
            keywords: vec![(Rc::from(pk_name.as_str()), id)],
            ..Args::default()
        },
    )?;
    qs.add_q(it, q, &[])?;
    let mut qs = qs.for_get();
    qs.cause = Some(cause.clone());
    Ok(qs)
}

impl LazyGet {
    fn cause(&self) -> Rc<str> {
        self.qs.cause.clone().unwrap_or_else(|| Rc::from(""))
    }
}

/// The reusable plan, when the compiled SQL has exactly one parameter and it is `id` as the
/// primary key prepares it (so that later ids can take its place).
fn plan_for(ctx: &Ctx, it: &mut Interp, qs: QuerySet, id: &Value) -> PyResult<Option<LazyGet>> {
    let Some(compiled) = qs.compile(it)? else {
        return Ok(None);
    };
    let pk = ctx.reg.get(ctx.reg.get(qs.model).concrete).pk();
    let fv = to_filter_value(it, id)?;
    let prepared = prep_value(&pk.kind, &pk.name, &fv).ok();
    if compiled.params.len() != 1 || prepared.as_ref() != compiled.params.first() {
        return Ok(None);
    }
    Ok(Some(LazyGet {
        pk_name: pk.name.clone(),
        pk_kind: pk.kind.clone(),
        qs,
        compiled,
    }))
}
