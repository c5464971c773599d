//! `QuerySet.update(**kwargs)` (Django's `UpdateQuery` + `SQLUpdateCompiler`) and
//! `QuerySet.delete()` (a Collector over the QuerySet: rows of a model nothing points at are
//! deleted by one `DELETE ... WHERE`, others are fetched first).

use std::rc::Rc;

use crate::db::SqlValue;
use crate::interp::{Args, Interp, PyResult, Value};
use crate::query::{Degenerate, Expr, FilterValue, Param, Query};
use crate::sql::quote_name;
use crate::sql::where_sql::where_sql;

use super::super::convert::{param_to_sql, to_filter_value};
use super::super::instance::Instance;
use super::super::queryset::{Iterable, QuerySet};
use super::{atomic, write};

/// The WHERE of a write statement on `qs`'s table: its own WHERE when the query uses one table,
/// else `"t"."id" IN (SELECT U0."id" ...)` (SQLite can select from the table it updates).
/// `None`: the filter can match nothing (Django's EmptyResultSet: no statement is sent).
fn write_where(qs: &QuerySet, it: &mut Interp) -> PyResult<Option<(Query, String, Vec<Param>)>> {
    let reg = qs.ctx.reg.clone();
    let q = &qs.query;
    let active = q.alias_map.iter().filter(|j| j.refcount > 0).count();
    let outer = if active <= 1 {
        Query::clone(q)
    } else {
        let mut inner = qs.chain();
        inner.query.clear_ordering(true, true);
        let mut outer = QuerySet::new(qs.ctx.clone(), qs.model);
        let pk = reg.get(reg.get(qs.model).concrete).pk().name.clone();
        let qn = super::super::q::q_from_args(
            it,
            Args {
                keywords: vec![(Rc::from(format!("{pk}__in").as_str()), Value::object(inner))],
                ..Args::default()
            },
        )?;
        outer.add_q(it, qn, &[])?;
        *outer.query
    };
    let mut params = Vec::new();
    match where_sql(&outer, &reg, &outer.where_, &mut params).map_err(|e| qs.query_error(it, e))? {
        Ok(s) => Ok(Some((outer, s, params))),
        Err(Degenerate::Full) => Ok(Some((outer, String::new(), Vec::new()))),
        Err(Degenerate::Empty) => Ok(None),
    }
}

fn with_where(sql: String, w: &str) -> String {
    if w.is_empty() {
        sql
    } else {
        format!("{sql} WHERE {w}")
    }
}

pub fn update(qs: &QuerySet, it: &mut Interp, args: Args) -> PyResult<Value> {
    if !args.positional.is_empty() {
        return Err(it.type_error(format!(
            "QuerySet.update() takes 1 positional argument but {} were given",
            args.positional.len() + 1
        )));
    }
    if qs.query.is_sliced() {
        return Err(it.type_error("Cannot update a query once a slice has been taken."));
    }
    let reg = qs.ctx.reg.clone();
    let model = reg.get(reg.get(qs.model).concrete).clone();
    // Resolve the values first (Django's add_update_values), then the WHERE.
    let mut query = qs.query.clone();
    let mut sets: Vec<(String, Result<Expr, Value>, usize)> = Vec::new();
    for (k, v) in &args.keywords {
        let fidx = model
            .fields
            .iter()
            .position(|f| f.name == **k || *f.attname == **k);
        let Some(fidx) = fidx else {
            if let Some(mm) = model.many_to_many.iter().find(|m| m.name == **k) {
                let _ = mm;
                return Err(qs.ctx.field_error(
                    it,
                    format!(
                        "Cannot update model field <django.db.models.fields.related.ManyToManyField: {k}> (only non-relations and foreign keys permitted)."
                    ),
                ));
            }
            return Err(it.new_exception(
                qs.ctx.exc.field_does_not_exist.clone(),
                format!("{} has no field named '{k}'", model.name),
            ));
        };
        let col = model.fields[fidx].column.clone();
        let is_expr = v.downcast::<super::super::expressions::ExprObj>().is_some()
            || v.downcast::<QuerySet>().is_some();
        if is_expr {
            let e = match to_filter_value(it, v)? {
                FilterValue::Expr(e) => *e,
                _ => return Err(it.type_error("not an expression")),
            };
            let resolved = crate::query::expr::resolve(&mut query, &reg, &e, false)
                .map_err(|e| qs.query_error(it, e))?;
            if resolved.contains_over_clause() && !resolved.contains_aggregate() {
                // SQLUpdateCompiler.as_sql refuses a window (its repr is that of the value
                // as given).
                let shown = match &e {
                    Expr::Window(w) => format!("<Window: {}>", w.str()),
                    other => other.repr(),
                };
                return Err(qs.ctx.field_error(
                    it,
                    format!("Window expressions are not allowed in this query ({k}={shown})."),
                ));
            }
            sets.push((col.to_string(), Ok(resolved), fidx));
        } else {
            sets.push((col.to_string(), Err(v.clone()), fidx));
        }
    }
    let mut base = qs.chain();
    base.query = query;
    let Some((outer, where_text, where_params)) = write_where(&base, it)? else {
        return Ok(Value::Int(0));
    };
    let mut parts = Vec::new();
    let mut params: Vec<SqlValue> = Vec::new();
    for (col, val, fidx) in &sets {
        let _ = fidx;
        match val {
            Ok(e) => {
                let mut ps = Vec::new();
                // Django resolves update values twice, so a When's condition comes out
                // parenthesised, as in a WHERE clause.
                let sql = crate::sql::expr_sql::case_sql(&outer, &reg, e, &mut ps, true)
                    .map_err(|e| qs.query_error(it, e))?;
                parts.push(format!("{} = {sql}", quote_name(col)));
                params.extend(ps.iter().map(param_to_sql));
            }
            Err(Value::None) => parts.push(format!("{} = NULL", quote_name(col))),
            Err(v) => {
                let f = &model.fields[*fidx];
                parts.push(format!("{} = %s", quote_name(col)));
                params.push(super::save::prep_save(qs, it, f, v)?);
            }
        }
    }
    params.extend(where_params.iter().map(param_to_sql));
    let sql = with_where(
        format!(
            "UPDATE {} SET {}",
            quote_name(&model.db_table),
            parts.join(", ")
        ),
        &where_text,
    );
    // Django runs the UPDATE under `mark_for_rollback_on_error`.
    let (_, n) =
        super::tx::mark_for_rollback_on_error(&qs.ctx, it, |it| write(&qs.ctx, it, &sql, &params))?;
    *qs.result_cache.borrow_mut() = None;
    Ok(Value::Int(n as i64))
}

pub fn delete(qs: &QuerySet, it: &mut Interp, args: Args) -> PyResult<Value> {
    crate::interp::ArgSpec::simple("delete", &[], 0).bind(it, args)?;
    if qs.query.is_sliced() {
        return Err(it.type_error("Cannot use 'limit' or 'offset' with delete()."));
    }
    if qs.query.distinct {
        return Err(it.type_error("Cannot call delete() after .distinct()."));
    }
    if !matches!(qs.iterable, Iterable::Model) {
        return Err(it.type_error("Cannot call delete() after .values() or .values_list()"));
    }
    let ctx = qs.ctx.clone();
    let reg = ctx.reg.clone();
    let concrete = reg.get(qs.model).concrete;
    let mut del = qs.chain();
    del.query.clear_ordering(true, true);
    del.query.select_related = Default::default();
    if super::delete::model_is_leaf(&reg, concrete) {
        // A fast delete: one DELETE inside the Collector's transaction.
        let found = write_where(&del, it)?;
        let label = reg.get(qs.model).label();
        let table = reg.get(concrete).db_table.clone();
        let n = atomic(&ctx, it, |it| {
            let Some((_, w, ps)) = found else {
                return Ok(0);
            };
            let params: Vec<SqlValue> = ps.iter().map(param_to_sql).collect();
            let sql = with_where(format!("DELETE FROM {}", quote_name(&table)), &w);
            Ok(write(&ctx, it, &sql, &params)?.1 as i64)
        })?;
        let pairs = if n > 0 {
            vec![(label, Value::Int(n))]
        } else {
            vec![]
        };
        let d = super::super::pyutil::str_dict(it, pairs)?;
        return Ok(Value::Tuple(Rc::from(vec![Value::Int(n), d])));
    }
    let rows = del.fetch_all(it)?;
    let pk_field = reg.get(concrete).pk().clone();
    let mut pks = Vec::new();
    for r in &rows {
        if let Some(inst) = r.downcast::<Instance>() {
            pks.push(super::save::prep_save(qs, it, &pk_field, &inst.pk_value())?);
        }
    }
    *qs.result_cache.borrow_mut() = None;
    super::delete::collect_and_delete(&ctx, it, qs.model, pks)
}
