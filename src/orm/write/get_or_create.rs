//! `get_or_create()` and `update_or_create()` as Django 5.2 writes them: the create runs in
//! `transaction.atomic()` (a savepoint when already in a transaction), an IntegrityError makes
//! it look the row up once more.

use std::rc::Rc;

use crate::interp::{Args, Interp, PyResult, Value};

use super::super::instance::Instance;
use super::super::queryset::QuerySet;
use super::tx;

/// The keyword pairs of a `defaults=` dict.
fn dict_pairs(it: &mut Interp, v: Option<&Value>) -> PyResult<Vec<(Rc<str>, Value)>> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    if matches!(v, Value::None) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for k in it.iterate(v)? {
        let val = it.get_item(v, &k)?;
        out.push((Rc::from(it.str(&k)?.as_str()), val));
    }
    Ok(out)
}

/// Keyword arguments as the evaluator passes them.
type Keywords = Vec<(Rc<str>, Value)>;

/// Splits off `defaults=` (and `create_defaults=`) from the lookup keywords.
fn split(args: &Args, names: &[&str]) -> (Keywords, Vec<Option<Value>>) {
    let mut lookups = Vec::new();
    let mut named = vec![None; names.len()];
    for (k, v) in &args.keywords {
        match names.iter().position(|n| **n == **k) {
            Some(i) => named[i] = Some(v.clone()),
            None => lookups.push((k.clone(), v.clone())),
        }
    }
    (lookups, named)
}

fn get(qs: &QuerySet, it: &mut Interp, kw: &[(Rc<str>, Value)]) -> PyResult<Option<Value>> {
    let r = it.call_method(
        &Value::object(qs.chain()),
        "get",
        Args {
            keywords: kw.to_vec(),
            ..Args::default()
        },
    );
    let dne = qs.ctx.exc.does_not_exist[qs.ctx.reg.get(qs.model).concrete].clone();
    let own = qs.ctx.exc.does_not_exist[qs.model].clone();
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.class.is_subclass_of(&own) || e.class.is_subclass_of(&dne) => Ok(None),
        Err(e) => Err(e),
    }
}

fn tuple(a: Value, created: bool) -> Value {
    Value::Tuple(Rc::from(vec![a, Value::Bool(created)]))
}

fn get_or_create_with(
    qs: &QuerySet,
    it: &mut Interp,
    lookups: &[(Rc<str>, Value)],
    defaults: Vec<(Rc<str>, Value)>,
) -> PyResult<Value> {
    if let Some(obj) = get(qs, it, lookups)? {
        return Ok(tuple(obj, false));
    }
    // `_extract_model_params`: the plain lookups plus the defaults.
    let mut params: Vec<(Rc<str>, Value)> = lookups
        .iter()
        .filter(|(k, _)| !k.contains("__"))
        .cloned()
        .collect();
    for (k, v) in defaults {
        params.retain(|(p, _)| *p != k);
        params.push((k, v));
    }
    let ctx = qs.ctx.clone();
    let created = tx::atomic(&ctx, it, true, |it| {
        super::save::create(
            qs,
            it,
            Args {
                keywords: params,
                ..Args::default()
            },
        )
    });
    match created {
        Ok(obj) => Ok(tuple(obj, true)),
        Err(e) if e.class.is_subclass_of(&ctx.exc.db_errors["IntegrityError"]) => {
            match get(qs, it, lookups)? {
                Some(obj) => Ok(tuple(obj, false)),
                None => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

pub fn get_or_create(qs: &QuerySet, it: &mut Interp, args: Args) -> PyResult<Value> {
    let (lookups, named) = split(&args, &["defaults"]);
    let defaults = dict_pairs(it, named[0].as_ref())?;
    get_or_create_with(qs, it, &lookups, defaults)
}

pub fn update_or_create(qs: &QuerySet, it: &mut Interp, args: Args) -> PyResult<Value> {
    let (lookups, named) = split(&args, &["defaults", "create_defaults"]);
    let update_defaults = dict_pairs(it, named[0].as_ref())?;
    let create_defaults = match &named[1] {
        Some(v) if !matches!(v, Value::None) => dict_pairs(it, Some(v))?,
        _ => update_defaults.clone(),
    };
    let ctx = qs.ctx.clone();
    tx::atomic(&ctx, it, true, |it| {
        let r = get_or_create_with(qs, it, &lookups, create_defaults)?;
        let Value::Tuple(items) = &r else {
            return Ok(r);
        };
        if matches!(items.get(1), Some(Value::Bool(true))) {
            return Ok(r);
        }
        let obj = items[0].clone();
        for (k, v) in &update_defaults {
            it.set_attr(&obj, k, v.clone())?;
        }
        if let Some(inst) = obj.downcast::<Instance>() {
            let names: Vec<String> = update_defaults.iter().map(|(k, _)| k.to_string()).collect();
            let m = ctx.reg.get(ctx.reg.get(qs.model).concrete);
            let concrete = names.iter().all(|n| {
                m.fields
                    .iter()
                    .any(|f| (f.name == *n || *f.attname == **n) && !f.primary_key)
            });
            let fields = if concrete { Some(names) } else { None };
            super::save::save_with(inst, it, false, false, fields)?;
        }
        Ok(tuple(obj, false))
    })
}
