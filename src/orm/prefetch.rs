//! `prefetch_related()`: after the main query, one query per relation (and per level of a
//! `books__authors` path) fetching the related rows of all instances at once, then each
//! instance's cache filled (Mirrors `prefetch_related_objects` and the descriptors'
//! `get_prefetch_querysets`).

use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::{ArgSpec, Args, Interp, Object, PyResult, Value};
use crate::models::{ModelId, RelationKind};
use crate::query::{Connector, FilterValue, QNode};
use crate::sql::why::Origin;

use super::convert::to_filter_value;
use super::ctx::Ctx;
use super::instance::Instance;
use super::queryset::QuerySet;

/// One lookup given to `prefetch_related()`.
#[derive(Clone)]
pub struct PrefetchSpec {
    pub path: String,
    /// `Prefetch(..., queryset=...)`
    pub queryset: Option<Value>,
    pub to_attr: Option<String>,
}

/// `Prefetch(lookup, queryset=None, to_attr=None)` as a value.
pub struct PrefetchObj {
    pub spec: PrefetchSpec,
}

impl Object for PrefetchObj {
    fn type_name(&self) -> String {
        "Prefetch".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<django.db.models.query.Prefetch object>".into())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn new_prefetch(it: &mut Interp, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple("Prefetch", &["lookup", "queryset", "to_attr"], 1).bind(it, args)?;
    let path = match b.get(0) {
        Some(Value::Str(s)) => s.to_string(),
        _ => return Err(it.type_error("Prefetch lookup must be a string")),
    };
    let queryset = match b.get(1) {
        None | Some(Value::None) => None,
        Some(v)
            if v.downcast::<QuerySet>()
                .is_some_and(|q| matches!(q.iterable, super::queryset::Iterable::Model)) =>
        {
            Some(v.clone())
        }
        Some(_) => {
            return Err(
                it.value_error("Prefetch querysets cannot use raw(), values(), and values_list().")
            );
        }
    };
    let to_attr = match b.get(2) {
        Some(Value::Str(s)) => Some(s.to_string()),
        _ => None,
    };
    Ok(Value::object(PrefetchObj {
        spec: PrefetchSpec {
            path,
            queryset,
            to_attr,
        },
    }))
}

/// `django.db.models.prefetch_related_objects(model_instances, *related_lookups)`.
pub fn prefetch_related_objects_fn(ctx: &Ctx, it: &mut Interp, args: Args) -> PyResult<Value> {
    let Some((first, lookups)) = args.positional.split_first() else {
        return Err(it.type_error(
            "prefetch_related_objects() missing 1 required positional argument: 'model_instances'",
        ));
    };
    let instances = it.iterate(first)?;
    let mut specs = Vec::new();
    for a in lookups {
        match a {
            Value::Str(s) => specs.push(PrefetchSpec {
                path: s.to_string(),
                queryset: None,
                to_attr: None,
            }),
            other => match other.downcast::<PrefetchObj>() {
                Some(p) => specs.push(p.spec.clone()),
                None => {
                    let t = other.type_name();
                    return Err(it.attribute_error(&t, "split"));
                }
            },
        }
    }
    if !instances.is_empty() {
        prefetch_related_objects(ctx, it, &instances, &specs)?;
    }
    Ok(Value::None)
}

/// The relation `name` of `model` as prefetching sees it.
enum Rel {
    Forward {
        field: usize,
        to: ModelId,
    },
    ReverseFk {
        model: ModelId,
        field: String,
    },
    ReverseOne {
        model: ModelId,
        field: String,
    },
    /// Many-to-many either way: the target model, the lookup back to us, the through table and
    /// the through column holding our pk.
    Many {
        to: ModelId,
        back: String,
        through_table: String,
        through_col: String,
    },
}

fn find_rel(ctx: &Ctx, model: ModelId, name: &str) -> Option<Result<Rel, ()>> {
    let reg = &ctx.reg;
    let m = reg.get(reg.get(model).concrete);
    if let Some(i) = m.fields.iter().position(|f| f.name == name) {
        return Some(match &m.fields[i].relation {
            Some(r) => Ok(Rel::Forward { field: i, to: r.to }),
            None => Err(()),
        });
    }
    if let Some(mm) = m.m2m(name) {
        let t = reg.get(mm.through);
        let col = t
            .fields
            .iter()
            .find(|f| {
                f.relation
                    .as_ref()
                    .is_some_and(|r| reg.get(r.to).concrete == m.concrete)
            })
            .map(|f| f.column.clone())?;
        let back = reg
            .get(mm.to)
            .reverse
            .iter()
            .find(|r| {
                r.kind == RelationKind::ManyToMany
                    && r.field == mm.name
                    && reg.get(r.model).concrete == m.concrete
            })?
            .query_name
            .clone();
        return Some(Ok(Rel::Many {
            to: mm.to,
            back,
            through_table: t.db_table.to_string(),
            through_col: col.to_string(),
        }));
    }
    let r = m.reverse.iter().find(|r| r.accessor == name)?;
    Some(Ok(match r.kind {
        RelationKind::ForeignKey => Rel::ReverseFk {
            model: r.model,
            field: r.field.clone(),
        },
        RelationKind::OneToOne => Rel::ReverseOne {
            model: r.model,
            field: r.field.clone(),
        },
        RelationKind::ManyToMany => {
            let src = reg.get(r.model);
            let mm = src.m2m(&r.field)?;
            let t = reg.get(mm.through);
            let col = t
                .fields
                .iter()
                .find(|f| {
                    f.relation
                        .as_ref()
                        .is_some_and(|rel| reg.get(rel.to).concrete == m.concrete)
                })
                .map(|f| f.column.clone())?;
            Rel::Many {
                to: r.model,
                back: r.field.clone(),
                through_table: t.db_table.to_string(),
                through_col: col.to_string(),
            }
        }
    }))
}

fn inst(v: &Value) -> Option<&Instance> {
    v.downcast::<Instance>()
}

/// The default manager's QuerySet of `model` (custom `get_queryset` included), or the
/// `Prefetch(queryset=...)` given.
fn base_queryset(
    ctx: &Ctx,
    it: &mut Interp,
    model: ModelId,
    given: &Option<Value>,
    plain: bool,
) -> PyResult<QuerySet> {
    if let Some(q) = given.as_ref().and_then(|v| v.downcast::<QuerySet>()) {
        return Ok(q.chain());
    }
    if plain {
        return Ok(QuerySet::new(ctx.clone(), model));
    }
    super::manager::default_queryset(ctx, model, it)
}

fn unique_first_seen(
    values: impl Iterator<Item = Value>,
    it: &mut Interp,
) -> PyResult<Vec<FilterValue>> {
    let mut out: Vec<FilterValue> = Vec::new();
    for v in values {
        if matches!(v, Value::None) {
            continue;
        }
        let f = to_filter_value(it, &v)?;
        if !out.contains(&f) {
            out.push(f);
        }
    }
    Ok(out)
}

/// A QuerySet value whose result cache is `items` (what a prefetched relation manager returns).
/// What the instance's related manager returns once prefetched: its own QuerySet (the
/// per-instance filter, so `.filter()` on it queries for this instance alone) with the result
/// cache filled (Mirrors `_prefetched_objects_cache[name] = manager.get_queryset()` + cache).
fn cached_queryset(
    it: &mut Interp,
    owner: &Instance,
    accessor: &str,
    items: Vec<Value>,
) -> PyResult<Value> {
    let manager = it.get_attr(&owner.self_value(), accessor)?;
    let qs = it.call_method(&manager, "get_queryset", Args::default())?;
    let Some(q) = qs.downcast::<QuerySet>() else {
        return Ok(qs);
    };
    let c = q.chain();
    *c.result_cache.borrow_mut() = Some(items);
    Ok(Value::object(c))
}

/// Runs every lookup over `instances`.
pub fn prefetch_related_objects(
    ctx: &Ctx,
    it: &mut Interp,
    instances: &[Value],
    specs: &[PrefetchSpec],
) -> PyResult<()> {
    // Django's done_queries: a lookup whose prefetch_to was already fetched is skipped (with a
    // queryset, it is an error).
    let mut done_queries: Vec<String> = Vec::new();
    for spec in specs {
        let parts: Vec<&str> = spec.path.split("__").collect();
        let prefetch_to = match &spec.to_attr {
            Some(a) => {
                let mut p: Vec<&str> = parts[..parts.len() - 1].to_vec();
                p.push(a);
                p.join("__")
            }
            None => spec.path.clone(),
        };
        if done_queries.contains(&prefetch_to) {
            if spec.queryset.is_some() {
                return Err(it.value_error(format!(
                    "'{prefetch_to}' lookup was already seen with a different queryset. You may need to adjust the ordering of your lookups."
                )));
            }
            continue;
        }
        for level in 0..parts.len() {
            let mut p: Vec<&str> = prefetch_to.split("__").take(level + 1).collect();
            if level + 1 < parts.len() {
                p = parts[..=level].to_vec();
            }
            let key = p.join("__");
            if !done_queries.contains(&key) {
                done_queries.push(key);
            }
        }
        let mut objs: Vec<Value> = instances.to_vec();
        for (level, part) in parts.iter().enumerate() {
            let Some(first) = objs.iter().find_map(|o| inst(o).map(|i| i.model)) else {
                break;
            };
            let last = level + 1 == parts.len();
            let model_name = ctx.reg.get(first).name.clone();
            let rel = match find_rel(ctx, first, part) {
                Some(Ok(r)) => r,
                Some(Err(())) => {
                    return Err(it.value_error(format!(
                        "'{part}' does not resolve to an item that supports prefetching - this is an invalid parameter to prefetch_related()."
                    )));
                }
                None => {
                    let exc = it.new_exception(
                        it.exc_class("AttributeError"),
                        format!("Cannot find '{part}' on {model_name} object, '{}' is an invalid parameter to prefetch_related()", spec.path),
                    );
                    return Err(exc);
                }
            };
            // A level an earlier lookup already fetched is reused (Django's "already prefetched").
            let done = !last
                && objs.iter().filter_map(inst).all(|i| {
                    i.prefetched.borrow().iter().any(|(n, _)| n == part)
                        || i.rel_cache.borrow().iter().any(|(n, _)| n == part)
                });
            let (given, to_attr) = if last {
                (spec.queryset.clone(), spec.to_attr.clone())
            } else {
                (None, None)
            };
            objs = if done {
                already(it, &objs, part)?
            } else {
                let fetched = one_level(ctx, it, &objs, part, rel, &given, &to_attr)?;
                // prefetch_one_level: a to_attr may not be one of the model's fields.
                if let Some(a) = &to_attr {
                    let m = ctx.reg.get(ctx.reg.get(first).concrete);
                    if m.fields.iter().any(|f| f.name == *a || *f.attname == **a)
                        || m.many_to_many.iter().any(|f| f.name == *a)
                        || m.reverse.iter().any(|r| r.query_name == *a)
                    {
                        return Err(it.value_error(format!(
                            "to_attr={a} conflicts with a field on the {model_name} model."
                        )));
                    }
                }
                fetched
            };
        }
    }
    Ok(())
}

fn already(it: &mut Interp, objs: &[Value], part: &str) -> PyResult<Vec<Value>> {
    let mut next = Vec::new();
    for o in objs.iter().filter_map(inst) {
        if let Some((_, v)) = o.rel_cache.borrow().iter().find(|(n, _)| n == part) {
            next.push(v.clone());
        } else if let Some((_, v)) = o.prefetched.borrow().iter().find(|(n, _)| n == part) {
            next.extend(it.iterate(v)?);
        }
    }
    Ok(next)
}

fn one_level(
    ctx: &Ctx,
    it: &mut Interp,
    objs: &[Value],
    part: &str,
    rel: Rel,
    given: &Option<Value>,
    to_attr: &Option<String>,
) -> PyResult<Vec<Value>> {
    let reg = ctx.reg.clone();
    let pk_of = |v: &Value| inst(v).map(|i| i.pk_value()).unwrap_or(Value::None);
    match rel {
        Rel::Forward { field, to } => {
            let ids = unique_first_seen(
                objs.iter().map(|o| {
                    inst(o)
                        .and_then(|i| i.values.borrow().get(field).cloned().flatten())
                        .unwrap_or(Value::None)
                }),
                it,
            )?;
            let mut qs = base_queryset(ctx, it, to, given, true)?;
            refuse_sliced_filter(it, &qs)?;
            let pk = reg.get(reg.get(to).concrete).pk().name.clone();
            let leaves: Vec<QNode> = ids
                .iter()
                .map(|id| QNode::Leaf {
                    path: pk.clone(),
                    value: id.clone(),
                })
                .collect();
            qs.query.default_ordering = false;
            if !leaves.is_empty() {
                qs.add_q(
                    it,
                    QNode::Node {
                        connector: Connector::Or,
                        negated: false,
                        children: leaves,
                    },
                    &[],
                )?;
            }
            let related = if ids.is_empty() {
                Vec::new()
            } else {
                ctx.why_origin(|| Origin::Prefetch(part.to_string()));
                qs.fetch_all(it)?
            };
            for o in objs.iter().filter_map(inst) {
                let id = o
                    .values
                    .borrow()
                    .get(field)
                    .cloned()
                    .flatten()
                    .unwrap_or(Value::None);
                let mut found = Value::None;
                for r in &related {
                    if it.py_eq(&pk_of(r), &id)? {
                        found = r.clone();
                        break;
                    }
                }
                match to_attr {
                    Some(a) => o.extra.borrow_mut().push((a.clone(), found)),
                    None => o.rel_cache.borrow_mut().push((part.to_string(), found)),
                }
            }
            Ok(related)
        }
        Rel::ReverseFk { model, field } | Rel::ReverseOne { model, field } if true => {
            let one = reg
                .get(
                    reg.get(
                        objs.iter()
                            .find_map(|o| inst(o).map(|i| i.model))
                            .unwrap_or(0),
                    )
                    .concrete,
                )
                .reverse
                .iter()
                .any(|r| r.accessor == part && r.kind == RelationKind::OneToOne);
            let pks = unique_first_seen(objs.iter().map(pk_of), it)?;
            let mut qs = base_queryset(ctx, it, model, given, one)?;
            let ordering = sliced_ordering(&mut qs, it, one)?;
            let q = QNode::from_parts(
                Vec::new(),
                vec![(format!("{field}__in"), FilterValue::List(pks))],
            );
            qs.add_q(it, q, &[])?;
            let sliced = ordering.is_some();
            slice_per_relation(&mut qs, it, &field, ordering)?;
            ctx.why_origin(|| Origin::Prefetch(part.to_string()));
            let related = qs.fetch_all(it)?;
            refuse_sliced_cache(it, sliced && !one, to_attr, objs)?;
            let fk = reg
                .get(reg.get(model).concrete)
                .field(&field)
                .map(|f| f.attname.clone())
                .unwrap_or_default();
            for o in objs.iter().filter_map(inst) {
                let own = o.pk_value();
                let mut mine = Vec::new();
                for r in &related {
                    let Some(ri) = inst(r) else { continue };
                    let key = ri
                        .values
                        .borrow()
                        .get(
                            reg.get(reg.get(model).concrete)
                                .field_index(&field)
                                .unwrap_or(0),
                        )
                        .cloned()
                        .flatten()
                        .unwrap_or(Value::None);
                    if it.py_eq(&key, &own)? {
                        ri.rel_cache
                            .borrow_mut()
                            .push((field.clone(), o.self_value()));
                        mine.push(r.clone());
                    }
                }
                let _ = &fk;
                if one {
                    o.rel_cache.borrow_mut().push((
                        part.to_string(),
                        mine.into_iter().next().unwrap_or(Value::None),
                    ));
                } else {
                    match to_attr {
                        Some(a) => o
                            .extra
                            .borrow_mut()
                            .push((a.clone(), Value::List(Rc::new(RefCell::new(mine))))),
                        None => {
                            let cached = cached_queryset(it, o, part, mine)?;
                            o.prefetched.borrow_mut().push((part.to_string(), cached));
                        }
                    }
                }
            }
            Ok(related)
        }
        Rel::Many {
            to,
            back,
            through_table,
            through_col,
        } => {
            let pks = unique_first_seen(objs.iter().map(pk_of), it)?;
            let mut qs = base_queryset(ctx, it, to, given, false)?;
            let ordering = sliced_ordering(&mut qs, it, false)?;
            let q = QNode::from_parts(
                Vec::new(),
                vec![(format!("{back}__in"), FilterValue::List(pks))],
            );
            qs.add_q(it, q, &[])?;
            let sliced = ordering.is_some();
            slice_per_relation(&mut qs, it, &back, ordering)?;
            let val = format!("_prefetch_related_val_{through_col}");
            qs.query.extra_select.push((
                val.clone(),
                format!("\"{through_table}\".\"{through_col}\""),
            ));
            ctx.why_origin(|| Origin::Prefetch(part.to_string()));
            let related = qs.fetch_all(it)?;
            refuse_sliced_cache(it, sliced, to_attr, objs)?;
            for o in objs.iter().filter_map(inst) {
                let own = o.pk_value();
                let mut mine = Vec::new();
                for r in &related {
                    let Some(ri) = inst(r) else { continue };
                    let key = ri
                        .extra
                        .borrow()
                        .iter()
                        .find(|(n, _)| *n == val)
                        .map(|(_, v)| v.clone())
                        .unwrap_or(Value::None);
                    if it.py_eq(&key, &own)? {
                        mine.push(r.clone());
                    }
                }
                match to_attr {
                    Some(a) => o
                        .extra
                        .borrow_mut()
                        .push((a.clone(), Value::List(Rc::new(RefCell::new(mine))))),
                    None => {
                        let cached = cached_queryset(it, o, part, mine)?;
                        o.prefetched.borrow_mut().push((part.to_string(), cached));
                    }
                }
            }
            Ok(related)
        }
        _ => Ok(Vec::new()),
    }
}

/// A sliced `Prefetch` queryset of a reverse foreign key or many-to-many relation: its ordering,
/// taken before the relation's filter is added (Django reads `get_order_by()` first). `None`
/// when not sliced (or for a one-to-one, which filters as usual).
fn sliced_ordering(
    qs: &mut QuerySet,
    it: &mut Interp,
    one: bool,
) -> PyResult<Option<Vec<crate::query::expr::OrderBy>>> {
    if one {
        refuse_sliced_filter(it, qs)?;
    }
    if one || !qs.query.is_sliced() {
        return Ok(None);
    }
    let reg = qs.ctx.reg.clone();
    match crate::sql::compiler::ordering_exprs(&mut qs.query, &reg) {
        Ok(o) => Ok(Some(o)),
        Err(e) => Err(qs.query_error(it, e)),
    }
}

/// `_filter_prefetch_queryset`'s window: each related object gets its own slice.
fn slice_per_relation(
    qs: &mut QuerySet,
    it: &mut Interp,
    field_name: &str,
    ordering: Option<Vec<crate::query::expr::OrderBy>>,
) -> PyResult<()> {
    let Some(ordering) = ordering else {
        return Ok(());
    };
    let reg = qs.ctx.reg.clone();
    crate::query::window::filter_sliced_prefetch(&mut qs.query, &reg, field_name, ordering)
        .map_err(|e| qs.query_error(it, e))
}

/// Without `to_attr`, `prefetch_one_level` caches the results on each instance's manager through
/// `_apply_rel_filters(lookup.queryset)`, which filters the sliced queryset: Django raises once
/// the prefetch query has run.
fn refuse_sliced_cache(
    it: &mut Interp,
    sliced: bool,
    to_attr: &Option<String>,
    objs: &[Value],
) -> PyResult<()> {
    if sliced && to_attr.is_none() && objs.iter().any(|o| inst(o).is_some()) {
        return Err(it.type_error("Cannot filter a query once a slice has been taken."));
    }
    Ok(())
}

/// A forward or one-to-one prefetch filters the `Prefetch` queryset as it is
/// (`queryset.filter(**query)`): a sliced one is refused before any query.
fn refuse_sliced_filter(it: &mut Interp, qs: &QuerySet) -> PyResult<()> {
    if qs.query.is_sliced() {
        return Err(it.type_error("Cannot filter a query once a slice has been taken."));
    }
    Ok(())
}
