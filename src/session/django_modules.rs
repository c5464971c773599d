//! The parts of Django outside the ORM that shell users import: `django.utils.timezone`
//! (USE_TZ=True, TIME_ZONE="UTC"), `django.core.exceptions`, `django.core.paginator`,
//! `django.db.utils`.

use std::rc::Rc;

use chrono::FixedOffset;

use crate::interp::{ArgSpec, Args, Interp, PyResult, Value};
use crate::orm::ctx::OrmCtx;
use crate::orm::paginator::{PaginatorErrors, new_paginator};

use super::bindings::{builtin_fn, module};

fn utc() -> Option<FixedOffset> {
    FixedOffset::east_opt(0)
}

/// `datetime.timezone.utc` from the evaluator's datetime module (ormlab's stand-in for
/// `zoneinfo.ZoneInfo("UTC")`).
fn utc_tzinfo(it: &mut Interp) -> PyResult<Value> {
    let Some(dt) = it.get_module("datetime") else {
        return Ok(Value::None);
    };
    let tz = dt
        .attrs
        .borrow()
        .get("timezone")
        .cloned()
        .unwrap_or(Value::None);
    it.get_attr(&tz, "utc")
}

fn one_datetime(it: &mut Interp, name: &str, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple(name, &["value", "timezone"], 1).bind(it, args)?;
    Ok(b.get(0).cloned().unwrap_or(Value::None))
}

fn timezone_module() -> Vec<(String, Value)> {
    vec![
        (
            "now".into(),
            builtin_fn("now", |it, args| {
                ArgSpec::simple("now", &[], 0).bind(it, args)?;
                Ok(Value::DateTime(chrono::Utc::now().naive_utc(), utc()))
            }),
        ),
        (
            "make_aware".into(),
            builtin_fn("make_aware", |it, args| {
                match one_datetime(it, "make_aware", args)? {
                    Value::DateTime(dt, None) => Ok(Value::DateTime(dt, utc())),
                    Value::DateTime(_, Some(_)) => {
                        Err(it.value_error("Not naive datetime (tzinfo is already set)"))
                    }
                    other => {
                        let t = other.type_name();
                        Err(it.attribute_error(&t, "utcoffset"))
                    }
                }
            }),
        ),
        (
            "make_naive".into(),
            builtin_fn("make_naive", |it, args| {
                match one_datetime(it, "make_naive", args)? {
                    Value::DateTime(dt, Some(off)) => Ok(Value::DateTime(
                        dt - chrono::Duration::seconds(off.local_minus_utc() as i64),
                        None,
                    )),
                    _ => Err(it.value_error("make_naive() cannot be applied to a naive datetime")),
                }
            }),
        ),
        (
            "localtime".into(),
            builtin_fn("localtime", |it, args| {
                match one_datetime(it, "localtime", args)? {
                    Value::None => Ok(Value::DateTime(chrono::Utc::now().naive_utc(), utc())),
                    Value::DateTime(dt, Some(off)) => Ok(Value::DateTime(
                        dt - chrono::Duration::seconds(off.local_minus_utc() as i64),
                        utc(),
                    )),
                    _ => Err(it.value_error("localtime() cannot be applied to a naive datetime")),
                }
            }),
        ),
        (
            "is_aware".into(),
            builtin_fn("is_aware", |it, args| {
                Ok(Value::Bool(matches!(
                    one_datetime(it, "is_aware", args)?,
                    Value::DateTime(_, Some(_))
                )))
            }),
        ),
        (
            "is_naive".into(),
            builtin_fn("is_naive", |it, args| {
                Ok(Value::Bool(matches!(
                    one_datetime(it, "is_naive", args)?,
                    Value::DateTime(_, None)
                )))
            }),
        ),
        (
            "get_current_timezone".into(),
            builtin_fn("get_current_timezone", |it, args| {
                ArgSpec::simple("get_current_timezone", &[], 0).bind(it, args)?;
                utc_tzinfo(it)
            }),
        ),
        (
            "get_default_timezone".into(),
            builtin_fn("get_default_timezone", |it, args| {
                ArgSpec::simple("get_default_timezone", &[], 0).bind(it, args)?;
                utc_tzinfo(it)
            }),
        ),
        (
            "get_current_timezone_name".into(),
            builtin_fn("get_current_timezone_name", |it, args| {
                ArgSpec::simple("get_current_timezone_name", &[], 0).bind(it, args)?;
                Ok(Value::str("UTC"))
            }),
        ),
    ]
}

/// Registers the modules and returns `(timezone module, Paginator class)` for the globals.
pub fn install(it: &mut Interp, ctx: &Rc<OrmCtx>) -> (Value, Value) {
    let tz = module("django.utils.timezone", timezone_module());
    it.register_module("django.utils.timezone", tz.clone());
    it.register_module(
        "django.utils",
        module(
            "django.utils",
            vec![("timezone".into(), Value::Module(tz.clone()))],
        ),
    );
    let e = &ctx.exc;
    // ValidationError's own `__init__` and attributes (message_dict, messages, ...).
    let ve = e.validation_error.clone();
    it.set_exception_attr_hook(Rc::new(move |it, exc, name| {
        crate::orm::validation_error::attr(&ve, it, exc, name)
    }));
    let ve = e.validation_error.clone();
    it.set_exception_init_hook(Rc::new(move |it, class, args| {
        class
            .is_subclass_of(&ve)
            .then(|| crate::orm::validation_error::construct(class, it, args))
    }));
    let exceptions = module(
        "django.core.exceptions",
        vec![
            (
                "ObjectDoesNotExist".into(),
                Value::ExcClass(e.object_does_not_exist.clone()),
            ),
            (
                "MultipleObjectsReturned".into(),
                Value::ExcClass(e.multiple_objects_returned.clone()),
            ),
            ("FieldError".into(), Value::ExcClass(e.field_error.clone())),
            (
                "FieldDoesNotExist".into(),
                Value::ExcClass(e.field_does_not_exist.clone()),
            ),
            (
                "ValidationError".into(),
                Value::ExcClass(e.validation_error.clone()),
            ),
            (
                "EmptyResultSet".into(),
                Value::ExcClass(e.empty_result_set.clone()),
            ),
        ],
    );
    it.register_module("django.core.exceptions", exceptions.clone());
    let errors = Rc::new(PaginatorErrors::new(it));
    let paginator_errors = errors.clone();
    let paginator = super::bindings::class_builtin(
        "Paginator",
        "django.core.paginator.Paginator",
        move |it, args| new_paginator(it, args, paginator_errors.clone()),
    );
    let paginator_mod = module(
        "django.core.paginator",
        vec![
            ("Paginator".into(), paginator.clone()),
            (
                "EmptyPage".into(),
                Value::ExcClass(errors.empty_page.clone()),
            ),
            (
                "PageNotAnInteger".into(),
                Value::ExcClass(errors.not_an_integer.clone()),
            ),
        ],
    );
    it.register_module("django.core.paginator", paginator_mod.clone());
    it.register_module(
        "django.core",
        module(
            "django.core",
            vec![
                ("exceptions".into(), Value::Module(exceptions)),
                ("paginator".into(), Value::Module(paginator_mod)),
            ],
        ),
    );
    let utils: Vec<(String, Value)> = e
        .db_errors
        .iter()
        .map(|(k, v)| (k.to_string(), Value::ExcClass(v.clone())))
        .collect();
    it.register_module("django.db.utils", module("django.db.utils", utils));
    (Value::Module(tz), paginator)
}
