//! `bulk_create()` and `bulk_update()` (Django 5.2 on SQLite): one transaction, objects with a
//! pk inserted before those without, batches bounded by SQLite's 999 parameters, the new pks
//! read back with RETURNING.

use crate::db::SqlValue;
use crate::interp::{ArgSpec, Args, Interp, PyResult, Value};
use crate::models::FieldKind;
use crate::sql::quote_name;

use super::super::instance::Instance;
use super::super::queryset::QuerySet;
use super::save::prep_save;
use super::{atomic, write};

/// `features.max_query_params` of the SQLite backend.
const MAX_QUERY_PARAMS: usize = 999;

/// `DatabaseOperations.bulk_batch_size` (SQLite).
fn max_batch(nfields: usize) -> usize {
    match nfields {
        0 => 1,
        1 => 500,
        n => MAX_QUERY_PARAMS / n,
    }
}

fn batch_size(it: &mut Interp, v: Option<&Value>, max: usize) -> PyResult<usize> {
    match v {
        None | Some(Value::None) => Ok(max),
        Some(Value::Int(n)) if *n > 0 => Ok((*n as usize).min(max)),
        Some(_) => Err(it.value_error("Batch size must be a positive integer.")),
    }
}

/// The names of a `unique_fields=` / `update_fields=` argument as fields (`_meta.get_field`).
fn field_list<'m>(
    qs: &QuerySet,
    it: &mut Interp,
    m: &'m crate::models::Model,
    v: Option<&Value>,
) -> PyResult<Vec<&'m crate::models::Field>> {
    let Some(v) = v.filter(|v| !matches!(v, Value::None)) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for item in it.iterate(v)? {
        let name = it.str(&item)?;
        let name = if name == "pk" {
            m.pk().name.clone()
        } else {
            name
        };
        match m
            .fields
            .iter()
            .find(|f| f.name == name || *f.attname == *name)
        {
            Some(f) => out.push(f),
            None if m.many_to_many.iter().any(|mm| mm.name == name) => {
                return Err(it.value_error(
                    "bulk_create() can only be used with concrete fields in update_fields.",
                ));
            }
            None => {
                return Err(it.new_exception(
                    qs.ctx.exc.field_does_not_exist.clone(),
                    format!("{} has no field named '{name}'", m.name),
                ));
            }
        }
    }
    Ok(out)
}

/// `_check_bulk_create_options`, and for `update_conflicts=True` SQLite's
/// ` ON CONFLICT("a", "b") DO UPDATE SET "c" = EXCLUDED."c"` (empty otherwise).
fn upsert_clause(
    qs: &QuerySet,
    it: &mut Interp,
    m: &crate::models::Model,
    ignore: bool,
    update: bool,
    update_fields: Option<&Value>,
    unique_fields: Option<&Value>,
) -> PyResult<String> {
    let unique = field_list(qs, it, m, unique_fields)?;
    let updates = field_list(qs, it, m, update_fields)?;
    if ignore && update {
        return Err(it.value_error("ignore_conflicts and update_conflicts are mutually exclusive."));
    }
    if !update {
        return Ok(String::new());
    }
    if updates.is_empty() {
        return Err(it.value_error(
            "Fields that will be updated when a row insertion fails on conflicts must be provided.",
        ));
    }
    if unique.is_empty() {
        return Err(it.value_error("Unique fields that can trigger the upsert must be provided."));
    }
    if updates.iter().any(|f| f.primary_key) {
        return Err(
            it.value_error("bulk_create() cannot be used with primary keys in update_fields.")
        );
    }
    let on: Vec<&str> = unique.iter().map(|f| &*f.column).collect();
    let sets: Vec<&str> = updates.iter().map(|f| &*f.column).collect();
    Ok(crate::sql::write::on_conflict_update_sql(&on, &sets))
}

pub fn bulk_create(qs: &QuerySet, it: &mut Interp, args: Args) -> PyResult<Value> {
    let spec = ArgSpec::simple(
        "bulk_create",
        &[
            "objs",
            "batch_size",
            "ignore_conflicts",
            "update_conflicts",
            "update_fields",
            "unique_fields",
        ],
        1,
    );
    let b = spec.bind(it, args)?;
    let objs = it.iterate(b.get(0).unwrap_or(&Value::None))?;
    let ignore = match b.get(2) {
        Some(v) => it.truthy(v)?,
        None => false,
    };
    batch_size(it, b.get(1), 1)?;
    if objs.is_empty() {
        return Ok(super::super::pyutil::list(objs));
    }
    let ctx = qs.ctx.clone();
    let reg = ctx.reg.clone();
    let m = reg.get(reg.get(qs.model).concrete).clone();
    let update = match b.get(3) {
        Some(v) => it.truthy(v)?,
        None => false,
    };
    let upsert = upsert_clause(qs, it, &m, ignore, update, b.get(4), b.get(5))?;
    let pk_idx = m.fields.iter().position(|f| f.primary_key).unwrap_or(0);
    let mut insts: Vec<&Instance> = Vec::new();
    for o in &objs {
        match o.downcast::<Instance>() {
            Some(i) => insts.push(i),
            None => return Err(it.type_error("bulk_create() expects model instances")),
        }
    }
    let (with_pk, without_pk): (Vec<&Instance>, Vec<&Instance>) = insts
        .iter()
        .partition(|i| !matches!(i.pk_value(), Value::None));
    let bs_arg = b.get(1).cloned();
    atomic(&ctx, it, |it| {
        for (group, include_pk) in [(with_pk, true), (without_pk, false)] {
            if group.is_empty() {
                continue;
            }
            let fields: Vec<usize> = (0..m.fields.len())
                .filter(|&i| include_pk || i != pk_idx || !m.fields[i].kind.is_auto())
                .collect();
            let size = batch_size(it, bs_arg.as_ref(), max_batch(fields.len()))?;
            let cols: Vec<String> = fields
                .iter()
                .map(|&i| quote_name(&m.fields[i].column))
                .collect();
            for chunk in group.chunks(size) {
                let mut params: Vec<SqlValue> = Vec::new();
                for inst in chunk {
                    for &i in &fields {
                        let v = inst.values.borrow()[i].clone().unwrap_or(Value::None);
                        params.push(prep_save(qs, it, &m.fields[i], &v)?);
                    }
                }
                let row = format!("({})", vec!["%s"; fields.len()].join(", "));
                let rows = vec![row; chunk.len()].join(", ");
                let verb = if ignore { "INSERT OR IGNORE" } else { "INSERT" };
                let mut sql = format!(
                    "{verb} INTO {} ({}) VALUES {rows}{upsert}",
                    quote_name(&m.db_table),
                    cols.join(", ")
                );
                if !ignore {
                    sql.push_str(&format!(
                        " RETURNING {}.{}",
                        quote_name(&m.db_table),
                        quote_name(&m.fields[pk_idx].column)
                    ));
                }
                let (returned, _) = write(&ctx, it, &sql, &params)?;
                // Saved now: a later full_clean() excludes their own rows (`_state.adding`).
                for inst in chunk {
                    inst.adding.set(false);
                }
                if !ignore {
                    for (inst, row) in chunk.iter().zip(returned) {
                        if let Some(SqlValue::Integer(id)) = row.first() {
                            inst.values.borrow_mut()[pk_idx] = Some(Value::Int(*id));
                        }
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(super::super::pyutil::list(objs))
}

pub fn bulk_update(qs: &QuerySet, it: &mut Interp, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple("bulk_update", &["objs", "fields", "batch_size"], 2).bind(it, args)?;
    let objs = it.iterate(b.get(0).unwrap_or(&Value::None))?;
    let mut names = Vec::new();
    for f in it.iterate(b.get(1).unwrap_or(&Value::None))? {
        names.push(it.str(&f)?);
    }
    if names.is_empty() {
        return Err(it.value_error("Field names must be given to bulk_update()."));
    }
    let ctx = qs.ctx.clone();
    let reg = ctx.reg.clone();
    let m = reg.get(reg.get(qs.model).concrete).clone();
    let mut fidx = Vec::new();
    for n in &names {
        match m
            .fields
            .iter()
            .position(|f| f.name == *n || *f.attname == **n)
        {
            Some(i) if m.fields[i].primary_key => {
                return Err(it.value_error("bulk_update() cannot be used with primary key fields."));
            }
            Some(i) => fidx.push(i),
            None => {
                return Err(it.value_error("bulk_update() can only be used with concrete fields."));
            }
        }
    }
    if objs.is_empty() {
        return Ok(Value::Int(0));
    }
    let mut insts: Vec<&Instance> = Vec::new();
    for o in &objs {
        match o.downcast::<Instance>() {
            Some(i) if !matches!(i.pk_value(), Value::None) => insts.push(i),
            _ => {
                return Err(
                    it.value_error("All bulk_update() objects must have a primary key set.")
                );
            }
        }
    }
    let pk = m.pk().clone();
    let size = batch_size(it, b.get(2), max_batch(2 + fidx.len()))?;
    let t = quote_name(&m.db_table);
    let pkc = format!("{t}.{}", quote_name(&pk.column));
    atomic(&ctx, it, |it| {
        let mut total = 0i64;
        for chunk in insts.chunks(size) {
            let mut sets = Vec::new();
            let mut params = Vec::new();
            for &i in &fidx {
                let f = &m.fields[i];
                // Decimal values and the Case itself are cast back to NUMERIC on SQLite.
                let decimal = matches!(f.kind, FieldKind::DecimalField { .. });
                let then = if decimal {
                    "(CAST(%s AS NUMERIC))"
                } else {
                    "%s"
                };
                let mut whens = Vec::new();
                for inst in chunk {
                    params.push(prep_save(qs, it, &pk, &inst.pk_value())?);
                    let v = inst.values.borrow()[i].clone().unwrap_or(Value::None);
                    if matches!(v, Value::None) {
                        whens.push(format!("WHEN ({pkc} = %s) THEN NULL"));
                    } else {
                        whens.push(format!("WHEN ({pkc} = %s) THEN {then}"));
                        params.push(prep_save(qs, it, f, &v)?);
                    }
                }
                let mut case = format!("CASE {} ELSE NULL END", whens.join(" "));
                if decimal {
                    case = format!("(CAST({case} AS NUMERIC))");
                }
                sets.push(format!("{} = {case}", quote_name(&f.column)));
            }
            let marks = vec!["%s"; chunk.len()].join(", ");
            for inst in chunk {
                params.push(prep_save(qs, it, &pk, &inst.pk_value())?);
            }
            let sql = format!(
                "UPDATE {t} SET {} WHERE {pkc} IN ({marks})",
                sets.join(", ")
            );
            total += write(&ctx, it, &sql, &params)?.1 as i64;
        }
        Ok(Value::Int(total))
    })
}
