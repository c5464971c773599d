//! Model validation as Django 5.2's `Model` runs it: `full_clean()` = `clean_fields()` +
//! `clean()` + `validate_unique()` + `validate_constraints()`, each raising `ValidationError`
//! with a dict of messages by field (`__all__` for the model as a whole). The uniqueness checks
//! and constraints are queries (`SELECT 1 AS "a" ... LIMIT 1`, `SELECT 1 AS "_check" WHERE ...`),
//! logged like every other.
//!
//! The ValidationError raised here is built by `orm::validation_error` (str, repr, message_dict).

use std::rc::Rc;

use crate::interp::{ArgSpec, Args, Interp, PyResult, Value};
use crate::models::{ConstraintDef, Model};
use crate::sql::check::{Against, CheckSkip, check_sql};

use super::super::convert::param_to_sql;
use super::super::instance::Instance;
use super::super::q::{QObj, q_from_args};
use super::super::queryset::QuerySet;
use super::super::validation_error;
use super::clean::{Cleaned, capfirst, clean, field_verbose_name, is_empty, model_verbose_name};

/// Django's `NON_FIELD_ERRORS`.
const ALL: &str = "__all__";

/// Messages by field, in the order the fields first failed (`error_dict`).
#[derive(Default)]
struct Errors(Vec<(String, Vec<String>)>);

impl Errors {
    /// `update_error_dict`: messages for a key already present are appended to it.
    fn add(&mut self, key: &str, msgs: Vec<String>) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => v.extend(msgs),
            None => self.0.push((key.to_string(), msgs)),
        }
    }

    fn merge(&mut self, other: Errors) {
        for (k, v) in other.0 {
            self.add(&k, v);
        }
    }

    fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    fn raise(self, inst: &Instance, it: &mut Interp) -> PyResult<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let class = inst.ctx.exc.validation_error.clone();
        Err(validation_error::from_pairs(&class, it, self.0))
    }
}

pub const METHODS: &[&str] = &[
    "full_clean",
    "clean_fields",
    "clean",
    "validate_unique",
    "validate_constraints",
];

pub fn call(inst: &Instance, it: &mut Interp, name: &str, args: Args) -> PyResult<Value> {
    let params: &[&str] = match name {
        "full_clean" => &["exclude", "validate_unique", "validate_constraints"],
        "clean" => &[],
        _ => &["exclude"],
    };
    let b = ArgSpec::simple(name, params, 0).bind(it, args)?;
    let mut exclude = Vec::new();
    if let Some(v) = b.get(0).filter(|v| !matches!(v, Value::None)) {
        for item in it.iterate(v)? {
            exclude.push(it.str(&item)?);
        }
    }
    let flag = |it: &mut Interp, i: usize| match b.get(i) {
        Some(v) => it.truthy(v),
        None => Ok(true),
    };
    let errors = match name {
        "full_clean" => {
            let (unique, constraints) = (flag(it, 1)?, flag(it, 2)?);
            full_clean(inst, it, exclude, unique, constraints)?
        }
        "clean_fields" => clean_fields(inst, it, &exclude)?,
        "clean" => user_clean(inst, it)?,
        "validate_unique" => validate_unique(inst, it, &exclude)?,
        _ => validate_constraints(inst, it, &exclude)?,
    };
    errors.raise(inst, it)?;
    Ok(Value::None)
}

fn model(inst: &Instance) -> &Model {
    let reg = &inst.ctx.reg;
    reg.get(reg.get(inst.model).concrete)
}

fn full_clean(
    inst: &Instance,
    it: &mut Interp,
    mut exclude: Vec<String>,
    unique: bool,
    constraints: bool,
) -> PyResult<Errors> {
    let mut errors = clean_fields(inst, it, &exclude)?;
    // Model.clean() runs even when fields failed, as Form.clean() does.
    errors.merge(user_clean(inst, it)?);
    // Uniqueness and constraints only look at the fields that passed.
    let failed = |errors: &Errors, exclude: &mut Vec<String>| {
        for k in errors.keys() {
            if k != ALL && !exclude.iter().any(|e| e == k) {
                exclude.push(k.to_string());
            }
        }
    };
    if unique {
        failed(&errors, &mut exclude);
        errors.merge(validate_unique(inst, it, &exclude)?);
    }
    if constraints {
        failed(&errors, &mut exclude);
        errors.merge(validate_constraints(inst, it, &exclude)?);
    }
    Ok(errors)
}

fn clean_fields(inst: &Instance, it: &mut Interp, exclude: &[String]) -> PyResult<Errors> {
    let ctx = inst.ctx.clone();
    let reg = ctx.reg.clone();
    let m = reg.get(reg.get(inst.model).concrete);
    let mut errors = Errors::default();
    for (idx, f) in m.fields.iter().enumerate() {
        if exclude.contains(&f.name) {
            continue;
        }
        let raw = inst.field_value(it, idx)?;
        // Empty values of blank=True fields are the developer's business.
        if super::clean::blank(f) && is_empty(&raw) {
            continue;
        }
        match clean(&ctx, it, f, &raw)? {
            Cleaned::Ok(v) => inst.values.borrow_mut()[idx] = Some(v),
            Cleaned::Err(msgs) => errors.add(&f.name, msgs),
        }
    }
    Ok(errors)
}

/// `Model.clean()`: models.py's own, if it defines one; a ValidationError it raises goes under
/// its fields (a dict) or `__all__`.
fn user_clean(inst: &Instance, it: &mut Interp) -> PyResult<Errors> {
    let mut errors = Errors::default();
    let Some(f) = super::super::methods::model_method(&inst.ctx, inst.model, "clean") else {
        return Ok(errors);
    };
    let args = Args {
        positional: vec![inst.self_value()],
        ..Args::default()
    };
    match it.call(&f, args) {
        Ok(_) => Ok(errors),
        Err(e) if e.class.is_subclass_of(&inst.ctx.exc.validation_error) => {
            for (k, v) in validation_error::pairs_of(&e) {
                errors.add(&k, v);
            }
            Ok(errors)
        }
        Err(e) => Err(e),
    }
}

/// `_default_manager.filter(**lookups)` (of the concrete model, as for a proxy), excluding the instance itself once saved, `.exists()`.
fn exists_other(inst: &Instance, it: &mut Interp, lookups: Vec<(String, Value)>) -> PyResult<bool> {
    let concrete = inst.ctx.reg.get(inst.model).concrete;
    let mut qs = super::super::manager::default_queryset(&inst.ctx, concrete, it)?;
    let q = q_from_args(
        it,
        Args {
            keywords: lookups
                .into_iter()
                .map(|(k, v)| (Rc::from(k.as_str()), v))
                .collect(),
            ..Args::default()
        },
    )?;
    qs.add_q(it, q, &[])?;
    let pk = inst.pk_value();
    if !inst.adding.get() && !matches!(pk, Value::None) {
        let q = q_from_args(
            it,
            Args {
                keywords: vec![(Rc::from("pk"), pk)],
                ..Args::default()
            },
        )?;
        qs.add_q(it, q.negate(), &[])?;
    }
    let found = qs.exists(it)?;
    it.truthy(&found)
}

/// The values of `names` by field name; `None` when one is missing (NULL), which skips a check.
fn lookup_values(
    inst: &Instance,
    it: &mut Interp,
    names: &[String],
    skip_saved_pk: bool,
) -> PyResult<Option<Vec<(String, Value)>>> {
    let m = model(inst);
    let mut out = Vec::new();
    for n in names {
        let Some(idx) = m.fields.iter().position(|f| f.name == *n) else {
            return Ok(None);
        };
        if skip_saved_pk && m.fields[idx].primary_key && !inst.adding.get() {
            return Ok(None);
        }
        let v = inst.field_value(it, idx)?;
        if matches!(v, Value::None) {
            return Ok(None);
        }
        out.push((n.clone(), v));
    }
    Ok(Some(out))
}

/// `unique_error_message`: one field, or several joined by `get_text_list(..., "and")`.
fn unique_message(m: &Model, names: &[String]) -> String {
    let labels: Vec<String> = names
        .iter()
        .map(|n| {
            m.field(n)
                .map(|f| capfirst(&field_verbose_name(f)))
                .unwrap_or_else(|| capfirst(n))
        })
        .collect();
    let text = match labels.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => labels.concat(),
    };
    format!(
        "{} with this {text} already exists.",
        capfirst(&model_verbose_name(m))
    )
}

fn validate_unique(inst: &Instance, it: &mut Interp, exclude: &[String]) -> PyResult<Errors> {
    let m = model(inst);
    let excluded = |n: &String| exclude.contains(n);
    // `_get_unique_checks`: unique_together first, then each unique field in order.
    let mut checks: Vec<Vec<String>> = m
        .meta
        .unique_together
        .iter()
        .filter(|c| !c.iter().any(excluded))
        .cloned()
        .collect();
    for f in &m.fields {
        if f.is_unique() && !excluded(&f.name) {
            checks.push(vec![f.name.clone()]);
        }
    }
    let mut errors = Errors::default();
    for check in checks {
        let Some(lookups) = lookup_values(inst, it, &check, true)? else {
            continue;
        };
        if exists_other(inst, it, lookups)? {
            let key = if check.len() == 1 {
                check[0].as_str()
            } else {
                ALL
            };
            errors.add(key, vec![unique_message(m, &check)]);
        }
    }
    Ok(errors)
}

fn validate_constraints(inst: &Instance, it: &mut Interp, exclude: &[String]) -> PyResult<Errors> {
    let m = model(inst);
    let mut errors = Errors::default();
    for c in &m.meta.constraints {
        match c {
            ConstraintDef::Unique { fields, .. } => {
                if fields.iter().any(|f| exclude.contains(f)) {
                    continue;
                }
                let Some(lookups) = lookup_values(inst, it, fields, false)? else {
                    continue;
                };
                if exists_other(inst, it, lookups)? {
                    // A one-field constraint's error goes under the field (code "unique").
                    let key = if fields.len() == 1 {
                        fields[0].as_str()
                    } else {
                        ALL
                    };
                    errors.add(key, vec![unique_message(m, fields)]);
                }
            }
            ConstraintDef::Check { name, condition } => {
                if !check_passes(inst, it, condition, exclude)? {
                    errors.add(ALL, vec![format!("Constraint “{name}” is violated.")]);
                }
            }
        }
    }
    Ok(errors)
}

/// `Q(condition).check(instance values)`: one query (inside a savepoint when a transaction is
/// open); a condition naming an excluded field is skipped, as Django's FieldError skips it.
fn check_passes(
    inst: &Instance,
    it: &mut Interp,
    condition: &crate::syntax::Expr,
    exclude: &[String],
) -> PyResult<bool> {
    let q = it.eval_expr(condition)?;
    let Some(node) = q.downcast::<QObj>().map(|q| q.node.clone()) else {
        return Ok(true);
    };
    let ctx = inst.ctx.clone();
    let reg = ctx.reg.clone();
    let m = reg.get(reg.get(inst.model).concrete);
    let mut values = Vec::new();
    for (idx, f) in m.fields.iter().enumerate() {
        if !exclude.contains(&f.name) {
            values.push((f, inst.field_value(it, idx)?));
        }
    }
    let mut against = Vec::new();
    let qs = QuerySet::new(ctx.clone(), inst.model);
    for (f, v) in &values {
        let param = super::save::prep_save(&qs, it, f, v)?;
        against.push((f.name.as_str(), &f.kind, param));
    }
    if !exclude.iter().any(|e| e == "pk") {
        let pk = m.pk();
        let v = inst.pk_value();
        let param = super::save::prep_save(&qs, it, pk, &v)?;
        against.push(("pk", &pk.kind, param));
    }
    let against: Vec<Against<'_>> = against
        .into_iter()
        .map(|(name, kind, param)| Against {
            name,
            kind,
            param: to_param(param),
        })
        .collect();
    let (sql, params) = match check_sql(&node, &against) {
        Ok(x) => x,
        Err(CheckSkip::MissingField | CheckSkip::Unsupported) => return Ok(true),
    };
    let params: Vec<_> = params.iter().map(param_to_sql).collect();
    let run = |it: &mut Interp| -> PyResult<bool> {
        match ctx.run_query(&sql, &params) {
            Ok(rows) => Ok(!rows.is_empty()),
            // Django logs a database error here and lets the instance pass.
            Err(e) if e.is_interrupted() => Err(ctx.db_exception(it, &e)),
            Err(_) => Ok(true),
        }
    };
    if ctx.tx.in_atomic_block.get() {
        super::tx::atomic(&ctx, it, true, run)
    } else {
        run(it)
    }
}

fn to_param(v: crate::db::SqlValue) -> crate::query::Param {
    use crate::db::SqlValue as S;
    use crate::query::Param;
    match v {
        S::Null => Param::Null,
        S::Integer(i) => Param::Int(i),
        S::Real(x) => Param::Real(x),
        S::Text(s) => Param::Text(s),
        _ => Param::Null,
    }
}
