//! Writes through related managers: many-to-many `add/remove/clear/set/create` on an automatic
//! through table (Django's `ManyRelatedManager`), and `create()` on a reverse ForeignKey.

use std::rc::Rc;

use crate::db::SqlValue;
use crate::interp::{Args, Interp, PyResult, Value};
use crate::models::{ModelId, RelationKind};
use crate::sql::quote_name;

use super::super::instance::Instance;
use super::super::related::RelatedManager;
use super::pyset::set_order;
use super::{atomic, write};

/// The methods answered here.
pub const RELATED_METHODS: &[&str] = &["add", "remove", "clear", "set", "create"];

/// An automatic through table seen from one side.
struct Through {
    table: String,
    source_col: String,
    target_col: String,
    target: ModelId,
    owner_pk: Value,
    /// Seen from the declaring model: its column comes first in the through table.
    forward: bool,
    /// A through model from models.py (`through="Stock"`): no INSERT OR IGNORE, the missing
    /// rows are looked up first.
    explicit: Option<ExplicitThrough>,
}

struct ExplicitThrough {
    model: ModelId,
    source_name: String,
    target_name: String,
}

fn through_of(rm: &RelatedManager) -> Option<Through> {
    let reg = &rm.ctx.reg;
    let (owner, accessor) = rm.label.split_once('.')?;
    let owner_id = reg.by_name(owner)?;
    let owner_m = reg.get(reg.get(owner_id).concrete);
    let owner_pk = rm.core_filters.first()?.1.clone();
    let (through, target, forward) = if let Some(mm) = owner_m.m2m(accessor) {
        (mm.through, mm.to, true)
    } else {
        let rev = owner_m
            .reverse
            .iter()
            .find(|r| r.accessor == accessor && r.kind == RelationKind::ManyToMany)?;
        let mm = reg.get(rev.model).m2m(&rev.field)?;
        (mm.through, rev.model, false)
    };
    let tm = reg.get(through);
    let fks: Vec<&crate::models::Field> =
        tm.fields.iter().filter(|f| f.relation.is_some()).collect();
    if fks.len() != 2 {
        return None;
    }
    let declaring = if forward { owner_id } else { target };
    let declaring = reg.get(declaring).concrete;
    // The through model's two foreign keys: the one to the declaring model first.
    let first_is_declaring = fks[0]
        .relation
        .as_ref()
        .is_some_and(|r| reg.get(r.to).concrete == declaring);
    let (decl_fk, other_fk) = if first_is_declaring {
        (fks[0], fks[1])
    } else {
        (fks[1], fks[0])
    };
    let (src, tgt) = if forward {
        (decl_fk, other_fk)
    } else {
        (other_fk, decl_fk)
    };
    let explicit = (!tm.auto_created).then(|| ExplicitThrough {
        model: through,
        source_name: src.name.clone(),
        target_name: tgt.name.clone(),
    });
    // INSERT columns follow the through model's field order.
    let forward = tm.fields.iter().position(|f| f.name == src.name)
        < tm.fields.iter().position(|f| f.name == tgt.name);
    Some(Through {
        table: tm.db_table.to_string(),
        source_col: src.column.to_string(),
        target_col: tgt.column.to_string(),
        target,
        owner_pk,
        forward,
        explicit,
    })
}

/// A reverse ForeignKey that may be set to NULL (only those have `clear()`).
fn nullable_reverse_fk(rm: &RelatedManager) -> bool {
    let reg = &rm.ctx.reg;
    rm.known_related.as_ref().is_some_and(|(field, _)| {
        reg.get(reg.get(rm.model).concrete)
            .field(field)
            .is_some_and(|f| f.null)
    })
}

pub fn handles(rm: &RelatedManager, name: &str) -> bool {
    RELATED_METHODS.contains(&name)
        && (through_of(rm).is_some()
            || (name == "create" && rm.known_related.is_some())
            || (name == "add" && rm.known_related.is_some())
            || (matches!(name, "clear" | "remove" | "set") && nullable_reverse_fk(rm))
            || (name == "set" && rm.known_related.is_some()))
}

/// The target ids of `objs` (instances or pks), as ints.
fn target_ids(it: &mut Interp, objs: &[Value]) -> PyResult<Vec<i64>> {
    let mut out = Vec::new();
    for o in objs {
        let v = match o.downcast::<Instance>() {
            Some(i) => i.pk_value(),
            None => o.clone(),
        };
        match v {
            Value::Int(i) => out.push(i),
            Value::None => {
                let r = it.repr(o)?;
                return Err(it.value_error(format!(
                    "Cannot add \"{r}\": instance is on database \"default\", value is on database \"None\""
                )));
            }
            other => {
                let s = it.str(&other)?;
                match s.trim().parse::<i64>() {
                    Ok(i) => out.push(i),
                    Err(_) => {
                        return Err(
                            it.value_error(format!("Field 'id' expected a number but got '{s}'."))
                        );
                    }
                }
            }
        }
    }
    Ok(out)
}

fn owner(it: &mut Interp, t: &Through) -> PyResult<SqlValue> {
    Ok(match &t.owner_pk {
        Value::Int(i) => SqlValue::Integer(*i),
        other => SqlValue::Text(it.str(other)?),
    })
}

/// `INSERT OR IGNORE INTO through (source, target) VALUES ...` (SQLite's ignore_conflicts).
fn add_ids(
    rm: &RelatedManager,
    it: &mut Interp,
    t: &Through,
    ids: &[i64],
    defaults: &[(Rc<str>, Value)],
) -> PyResult<()> {
    let ids = set_order(ids);
    if ids.is_empty() {
        return Ok(());
    }
    if let Some(x) = &t.explicit {
        return add_explicit(rm, it, t, x, &ids, defaults);
    }
    let o = owner(it, t)?;
    let mut params = Vec::new();
    // Columns in the through model's field order, whichever side adds.
    for id in &ids {
        let pair = [o.clone(), SqlValue::Integer(*id)];
        if t.forward {
            params.extend(pair);
        } else {
            params.extend(pair.into_iter().rev());
        }
    }
    let (first, second) = if t.forward {
        (&t.source_col, &t.target_col)
    } else {
        (&t.target_col, &t.source_col)
    };
    let rows = vec!["(%s, %s)"; ids.len()].join(", ");
    let sql = format!(
        "INSERT OR IGNORE INTO {} ({}, {}) VALUES {rows}",
        quote_name(&t.table),
        quote_name(first),
        quote_name(second)
    );
    write(&rm.ctx, it, &sql, &params).map(|_| ())
}

fn remove_ids(rm: &RelatedManager, it: &mut Interp, t: &Through, ids: &[i64]) -> PyResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids = set_order(ids);
    let o = owner(it, t)?;
    let tq = quote_name(&t.table);
    let marks = vec!["%s"; ids.len()].join(", ");
    let sql = format!(
        "DELETE FROM {tq} WHERE ({tq}.{} = %s AND {tq}.{} IN ({marks}))",
        quote_name(&t.source_col),
        quote_name(&t.target_col)
    );
    let mut params = vec![o];
    params.extend(ids.iter().map(|i| SqlValue::Integer(*i)));
    atomic(&rm.ctx, it, |it| {
        write(&rm.ctx, it, &sql, &params).map(|_| ())
    })
}

pub fn call(rm: &RelatedManager, it: &mut Interp, name: &str, args: Args) -> PyResult<Value> {
    if through_of(rm).is_none() && super::fk_write::FK_METHODS.contains(&name) {
        let nullable = nullable_reverse_fk(rm);
        return super::fk_write::call(rm, it, name, args, nullable);
    }
    if through_of(rm).is_none() && name == "clear" {
        // Reverse ForeignKey `clear()`: `queryset.update(fk=None)` over the related rows.
        crate::interp::ArgSpec::simple("clear", &["bulk"], 0).bind(it, args)?;
        let field = rm
            .known_related
            .as_ref()
            .map(|(f, _)| f.clone())
            .unwrap_or_default();
        let qs = rm.get_queryset(it)?;
        it.call_method(
            &qs,
            "update",
            Args {
                keywords: vec![(Rc::from(field.as_str()), Value::None)],
                ..Args::default()
            },
        )?;
        return Ok(Value::None);
    }
    let Some(t) = through_of(rm) else {
        // `create()` on a reverse ForeignKey: the owner goes in as the ForeignKey.
        let mut args = args;
        if let Some((field, owner)) = &rm.known_related {
            args.keywords.retain(|(k, _)| **k != **field);
            args.keywords
                .push((Rc::from(field.as_str()), owner.clone()));
        }
        let qs = rm.get_queryset(it)?;
        return it.call_method(&qs, "create", args);
    };
    let ctx = rm.ctx.clone();
    // `through_defaults={...}`: extra fields of a models.py through model's new rows.
    let mut args = args;
    let mut defaults = Vec::new();
    if let Some(pos) = args
        .keywords
        .iter()
        .position(|(k, _)| &**k == "through_defaults")
    {
        let (_, v) = args.keywords.remove(pos);
        if let Value::Dict(d) = &v {
            for (k, v) in d.borrow().entries.clone() {
                defaults.push((Rc::from(it.str(&k)?.as_str()), v));
            }
        }
    }
    let defaults = defaults;
    match name {
        "add" => {
            atomic(&ctx, it, |it| {
                let ids = target_ids(it, &args.positional)?;
                add_ids(rm, it, &t, &ids, &defaults)
            })?;
            Ok(Value::None)
        }
        "remove" => {
            let ids = target_ids(it, &args.positional)?;
            atomic(&ctx, it, |it| remove_ids(rm, it, &t, &ids))?;
            Ok(Value::None)
        }
        "clear" => {
            let tq = quote_name(&t.table);
            let sql = format!(
                "DELETE FROM {tq} WHERE {tq}.{} = %s",
                quote_name(&t.source_col)
            );
            let o = owner(it, &t)?;
            atomic(&ctx, it, |it| {
                atomic(&ctx, it, |it| write(&ctx, it, &sql, &[o]).map(|_| ()))
            })?;
            Ok(Value::None)
        }
        "set" => {
            let objs = match args.positional.first() {
                Some(v) => it.iterate(v)?,
                None => {
                    return Err(
                        it.type_error("set() missing 1 required positional argument: 'objs'")
                    );
                }
            };
            let wanted = target_ids(it, &objs)?;
            atomic(&ctx, it, |it| {
                let reg = ctx.reg.clone();
                let target = reg.get(reg.get(t.target).concrete);
                let (tt, th) = (quote_name(&target.db_table), quote_name(&t.table));
                let pk = quote_name(&target.pk().column);
                let sql = format!(
                    "SELECT {tt}.{pk} AS {pk} FROM {tt} INNER JOIN {th} ON ({tt}.{pk} = {th}.{}) WHERE {th}.{} = %s",
                    quote_name(&t.target_col),
                    quote_name(&t.source_col)
                );
                let o = owner(it, &t)?;
                let rows = ctx
                    .run_query(&sql, &[o])
                    .map_err(|e| ctx.db_exception(it, &e))?;
                let old: Vec<i64> = rows
                    .iter()
                    .filter_map(|r| match r.first() {
                        Some(SqlValue::Integer(i)) => Some(*i),
                        _ => None,
                    })
                    .collect();
                let mut old_ids = set_order(&old);
                let mut new_ids = Vec::new();
                for id in wanted {
                    if let Some(p) = old_ids.iter().position(|x| *x == id) {
                        old_ids.remove(p);
                    } else {
                        new_ids.push(id);
                    }
                }
                remove_ids(rm, it, &t, &old_ids)?;
                add_ids(rm, it, &t, &new_ids, &defaults)
            })?;
            Ok(Value::None)
        }
        _ => {
            let class = ctx.class_of(t.target);
            let qs = Value::object(super::super::queryset::QuerySet::new(ctx.clone(), t.target));
            let _ = class;
            let obj = it.call_method(&qs, "create", args)?;
            let id = target_ids(it, std::slice::from_ref(&obj))?;
            atomic(&ctx, it, |it| add_ids(rm, it, &t, &id, &defaults))?;
            Ok(obj)
        }
    }
}

/// `_get_missing_target_ids` then `bulk_create` of the through rows, for a models.py through
/// model: `SELECT "t"."target_id" AS "target" ... WHERE (...)`, the two conditions in the
/// alphabetical order of their keyword names (Django builds them from sorted kwargs).
fn add_explicit(
    rm: &RelatedManager,
    it: &mut Interp,
    t: &Through,
    x: &ExplicitThrough,
    ids: &[i64],
    defaults: &[(Rc<str>, Value)],
) -> PyResult<()> {
    let ctx = rm.ctx.clone();
    let tq = quote_name(&t.table);
    let o = owner(it, t)?;
    let marks = vec!["%s"; ids.len()].join(", ");
    let src_cond = format!("{tq}.{} = %s", quote_name(&t.source_col));
    let tgt_cond = format!("{tq}.{} IN ({marks})", quote_name(&t.target_col));
    let id_params: Vec<SqlValue> = ids.iter().map(|i| SqlValue::Integer(*i)).collect();
    let (where_sql, params) = if x.source_name < format!("{}__in", x.target_name) {
        let mut p = vec![o.clone()];
        p.extend(id_params);
        (format!("({src_cond} AND {tgt_cond})"), p)
    } else {
        let mut p = id_params;
        p.push(o.clone());
        (format!("({tgt_cond} AND {src_cond})"), p)
    };
    let sql = format!(
        "SELECT {tq}.{} AS {} FROM {tq} WHERE {where_sql}",
        quote_name(&t.target_col),
        quote_name(&x.target_name)
    );
    let rows = ctx
        .run_query(&sql, &params)
        .map_err(|e| ctx.db_exception(it, &e))?;
    let existing: Vec<i64> = rows
        .iter()
        .filter_map(|r| match r.first() {
            Some(SqlValue::Integer(i)) => Some(*i),
            _ => None,
        })
        .collect();
    let missing: Vec<Value> = ids
        .iter()
        .filter(|i| !existing.contains(i))
        .map(|i| {
            let owner_v = t.owner_pk.clone();
            let class = ctx.class_of(x.model);
            (class, owner_v, *i)
        })
        .map(|(class, owner_v, i)| {
            it.call(
                &class,
                Args {
                    keywords: defaults
                        .iter()
                        .cloned()
                        .chain([
                            (Rc::from(format!("{}_id", x.source_name).as_str()), owner_v),
                            (
                                Rc::from(format!("{}_id", x.target_name).as_str()),
                                Value::Int(i),
                            ),
                        ])
                        .collect(),
                    ..Args::default()
                },
            )
        })
        .collect::<PyResult<Vec<Value>>>()?;
    if missing.is_empty() {
        return Ok(());
    }
    let qs = Value::object(super::super::queryset::QuerySet::new(ctx.clone(), x.model));
    it.call_method(
        &qs,
        "bulk_create",
        Args {
            positional: vec![super::super::pyutil::list(missing)],
            ..Args::default()
        },
    )?;
    Ok(())
}
