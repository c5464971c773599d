//! `Model.save()` as Django 5.2's `save_base` / `_save_table` run it for a single-table model,
//! and `QuerySet.create()`.

use crate::db::SqlValue;
use crate::interp::{ArgSpec, Args, Interp, PyResult, Value};
use crate::models::{Field, Model};
use crate::query::QueryError;
use crate::query::value::prep_value;
use crate::sql::quote_name;
use crate::sql::write::{insert_sql, pk_equals, update_sets_sql};

use super::super::convert::{param_to_sql, to_filter_value};
use super::super::instance::Instance;
use super::super::queryset::QuerySet;
use super::write;

/// `get_db_prep_save`: the value as sqlite3 is given it.
pub(crate) fn prep_save(
    qs_err: &QuerySet,
    it: &mut Interp,
    f: &Field,
    v: &Value,
) -> PyResult<SqlValue> {
    let fv = to_filter_value(it, v)?;
    match prep_value(&f.kind, &f.name, &fv) {
        Ok(p) => Ok(param_to_sql(&p)),
        Err(e) => Err(qs_err.query_error(
            it,
            QueryError {
                class: e.class,
                message: e.message,
                choices: None,
                multi_join: None,
            },
        )),
    }
}

/// An expression assigned to a field (`F("pages") + 1`), compiled against the model's table;
/// `None` for a plain value.
fn expression_sql(
    qs: &QuerySet,
    it: &mut Interp,
    v: &Value,
) -> PyResult<Option<(String, Vec<SqlValue>)>> {
    if v.downcast::<super::super::expressions::ExprObj>().is_none() {
        return Ok(None);
    }
    let crate::query::FilterValue::Expr(e) = to_filter_value(it, v)? else {
        return Ok(None);
    };
    let reg = qs.ctx.reg.clone();
    let mut query = qs.query.clone();
    let resolved = crate::query::expr::resolve(&mut query, &reg, &e, false)
        .map_err(|err| qs.query_error(it, err))?;
    let mut ps = Vec::new();
    let sql = crate::sql::expr_sql::expr_sql(&query, &reg, &resolved, &mut ps)
        .map_err(|err| qs.query_error(it, err))?;
    Ok(Some((sql, ps.iter().map(param_to_sql).collect())))
}

fn truthy(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Bool(true))) || matches!(v, Some(Value::Int(i)) if *i != 0)
}

/// Django's `_prepare_related_fields_for_save`: an unsaved related object refuses the save; a
/// related object saved after it was assigned gives its new pk to the ForeignKey column.
fn prepare_related(inst: &Instance, it: &mut Interp, m: &Model) -> PyResult<()> {
    for (idx, f) in m.fields.iter().enumerate() {
        if !f.kind.is_relation() {
            continue;
        }
        let cached = inst
            .rel_cache
            .borrow()
            .iter()
            .find(|(n, _)| *n == f.name)
            .map(|(_, v)| v.clone());
        let Some(obj) = cached.as_ref().and_then(|v| v.downcast::<Instance>()) else {
            continue;
        };
        let pk = obj.pk_value();
        if matches!(pk, Value::None) {
            return Err(it.value_error(format!(
                "save() prohibited to prevent data loss due to unsaved related object '{}'.",
                f.name
            )));
        }
        let mut vals = inst.values.borrow_mut();
        if matches!(vals[idx], Some(Value::None) | None) {
            vals[idx] = Some(pk);
        }
    }
    Ok(())
}

pub fn save(inst: &Instance, it: &mut Interp, args: Args) -> PyResult<Value> {
    let spec = ArgSpec {
        func: "save",
        params: &[],
        required: 0,
        kwonly: &["force_insert", "force_update", "using", "update_fields"],
        varargs: false,
        varkw: false,
    };
    let b = spec.bind(it, args)?;
    let force_insert = truthy(b.kwonly[0].as_ref());
    let force_update = truthy(b.kwonly[1].as_ref());
    let update_fields = match b.kwonly[3].as_ref() {
        None | Some(Value::None) => None,
        Some(v) => {
            let mut names = Vec::new();
            for item in it.iterate(v)? {
                names.push(it.str(&item)?);
            }
            Some(names)
        }
    };
    save_with(inst, it, force_insert, force_update, update_fields)
}

pub(crate) fn save_with(
    inst: &Instance,
    it: &mut Interp,
    force_insert: bool,
    force_update: bool,
    mut update_fields: Option<Vec<String>>,
) -> PyResult<Value> {
    let ctx = inst.ctx.clone();
    let reg = ctx.reg.clone();
    let m = reg.get(reg.get(inst.model).concrete).clone();
    prepare_related(inst, it, &m)?;
    if force_insert && (force_update || update_fields.is_some()) {
        return Err(it.value_error("Cannot force both insert and updating in model saving."));
    }
    if let Some(names) = &update_fields {
        if names.is_empty() {
            return Ok(Value::None);
        }
        let bad: Vec<&String> = names
            .iter()
            .filter(|n| {
                !m.fields
                    .iter()
                    .any(|f| (f.name == **n || *f.attname == ***n) && !f.primary_key)
            })
            .collect();
        if !bad.is_empty() {
            let list: Vec<&str> = bad.iter().map(|s| s.as_str()).collect();
            return Err(it.value_error(format!(
                "The following fields do not exist in this model, are m2m fields, primary keys, or are non-concrete fields: {}",
                list.join(", ")
            )));
        }
    }
    let pk_idx = m.fields.iter().position(|f| f.primary_key).unwrap_or(0);
    let pk_val = inst.pk_value();
    let pk_set = !matches!(pk_val, Value::None);
    // A deferred instance saves only what it loaded (Django's "loaded_fields" rule).
    let loaded: Vec<bool> = inst.values.borrow().iter().map(Option::is_some).collect();
    if update_fields.is_none() && pk_set && !force_insert && loaded.iter().any(|l| !l) {
        update_fields = Some(
            m.fields
                .iter()
                .zip(&loaded)
                .filter(|(f, l)| **l && !f.primary_key)
                .map(|(f, _)| f.name.clone())
                .collect(),
        );
    }
    if !pk_set && (force_update || update_fields.is_some()) {
        return Err(it.value_error("Cannot force an update in save() with no primary key."));
    }
    // `save_base` runs the table writes under `mark_for_rollback_on_error`.
    super::tx::mark_for_rollback_on_error(&ctx, it, |it| {
        let qs = QuerySet::new(ctx.clone(), inst.model);
        let value_of = |idx: usize| -> Value {
            inst.values
                .borrow()
                .get(idx)
                .cloned()
                .flatten()
                .unwrap_or(Value::None)
        };
        if pk_set && !force_insert {
            let mut cols = Vec::new();
            let mut params = Vec::new();
            for (idx, f) in m.fields.iter().enumerate() {
                if f.primary_key {
                    continue;
                }
                if let Some(names) = &update_fields
                    && !names.iter().any(|n| *n == f.name || **n == *f.attname)
                {
                    continue;
                }
                let v = value_of(idx);
                match expression_sql(&qs, it, &v)? {
                    // `b.pages = F("pages") + 1; b.save()`: the expression is computed by the
                    // database (`SET "pages" = ("bookstore_book"."pages" + 1)`).
                    Some((sql, ps)) => {
                        cols.push(format!("{} = {sql}", quote_name(&f.column)));
                        params.extend(ps);
                    }
                    None => {
                        cols.push(format!("{} = %s", quote_name(&f.column)));
                        params.push(prep_save(&qs, it, f, &v)?);
                    }
                }
            }
            let pk_field = &m.fields[pk_idx];
            params.push(prep_save(&qs, it, pk_field, &pk_val)?);
            let updated = if cols.is_empty() {
                // Nothing to update: Django checks the row exists instead.
                false
            } else {
                let sql = update_sets_sql(
                    &m.db_table,
                    &cols,
                    &pk_equals(&m.db_table, &pk_field.column),
                );
                write(&ctx, it, &sql, &params)?.1 > 0
            };
            if updated {
                inst.adding.set(false);
                return Ok(Value::None);
            }
            if force_update {
                return Err(it.new_exception(
                    ctx.exc.database_error.clone(),
                    "Forced update did not affect any rows.",
                ));
            }
            if update_fields.is_some() {
                return Err(it.new_exception(
                    ctx.exc.database_error.clone(),
                    "Save with update_fields did not affect any rows.",
                ));
            }
        }
        // INSERT: every concrete field, the auto primary key only when it was given.
        let mut cols = Vec::new();
        let mut params = Vec::new();
        for (idx, f) in m.fields.iter().enumerate() {
            if f.primary_key && f.kind.is_auto() && !pk_set {
                continue;
            }
            cols.push(&*f.column);
            params.push(prep_save(&qs, it, f, &value_of(idx))?);
        }
        let pk_field = &m.fields[pk_idx];
        let returning = pk_field.kind.is_auto().then_some(&*pk_field.column);
        let sql = insert_sql(&m.db_table, &cols, returning);
        let (rows, _) = write(&ctx, it, &sql, &params)?;
        if let Some(SqlValue::Integer(id)) = rows.first().and_then(|r| r.first()) {
            inst.values.borrow_mut()[pk_idx] = Some(Value::Int(*id));
        }
        inst.adding.set(false);
        Ok(Value::None)
    })
}

/// `QuerySet.create(**kwargs)`: `obj = self.model(**kwargs); obj.save(force_insert=True)`.
pub fn create(qs: &QuerySet, it: &mut Interp, args: Args) -> PyResult<Value> {
    if !args.positional.is_empty() {
        return Err(it.type_error(format!(
            "QuerySet.create() takes 1 positional argument but {} were given",
            args.positional.len() + 1
        )));
    }
    let class = qs.ctx.class_of(qs.model);
    let obj = it.call(&class, args)?;
    if let Some(inst) = obj.downcast::<Instance>() {
        save_with(inst, it, true, false, None)?;
    }
    Ok(obj)
}
