//! The names a Django shell user has before typing anything (see shared/spec/json-output.md):
//! the models, `Q`, `models`, `Decimal`, the date types, ...; and the modules imports reach.

use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::{Args, Builtin, Interp, Module, PyResult, Value};
use crate::orm::ctx::OrmCtx;
use crate::orm::model_class::ModelClass;
use crate::orm::q::{QObj, q_from_args};

pub fn module(name: &str, attrs: Vec<(String, Value)>) -> Rc<Module> {
    let map: crate::interp::value::NameMap = attrs
        .into_iter()
        .map(|(k, v)| (Rc::from(k.as_str()), v))
        .collect();
    Rc::new(Module {
        name: Rc::from(name),
        attrs: RefCell::new(map),
    })
}

pub fn class_builtin(
    name: &str,
    qualname: &str,
    f: impl Fn(&mut Interp, Args) -> PyResult<Value> + 'static,
) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: Rc::from(name),
        qualname: Rc::from(qualname),
        is_class: true,
        func: Box::new(f),
    }))
}

pub fn builtin_fn(name: &str, f: impl Fn(&mut Interp, Args) -> PyResult<Value> + 'static) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: Rc::from(name),
        qualname: Rc::from(name),
        is_class: false,
        func: Box::new(f),
    }))
}

pub fn install(it: &mut Interp, ctx: &Rc<OrmCtx>) -> PyResult<()> {
    let mut classes = Vec::new();
    let mut model_attrs: Vec<(String, Value)> = Vec::new();
    for (id, m) in ctx.reg.models.iter().enumerate() {
        let class = Value::object(ModelClass {
            ctx: ctx.clone(),
            model: id,
        });
        classes.push(class.clone());
        if !m.auto_created {
            model_attrs.push((m.name.clone(), class));
        }
    }
    *ctx.classes.borrow_mut() = classes;
    let q = class_builtin("Q", "django.db.models.query_utils.Q", |it, args| {
        let node = q_from_args(it, args)?;
        Ok(Value::object(QObj { node }))
    });
    let mut db_models: Vec<(String, Value)> = vec![("Q".into(), q.clone())];
    let prefetch_ctx = ctx.clone();
    db_models.push((
        "prefetch_related_objects".into(),
        builtin_fn("prefetch_related_objects", move |it, args| {
            crate::orm::prefetch::prefetch_related_objects_fn(&prefetch_ctx, it, args)
        }),
    ));
    let exprs = expression_names();
    db_models.extend(exprs.iter().cloned());
    db_models.extend(model_attrs.iter().cloned());
    let models_mod = module("django.db.models", db_models.clone());
    it.register_module("django.db.models", models_mod.clone());
    it.register_module(
        &format!("{}.models", ctx.reg.app_label),
        module("bookstore.models", model_attrs.clone()),
    );
    let connection = Value::object(crate::orm::raw::Connection { ctx: ctx.clone() });
    let reset_ctx = ctx.clone();
    let reset_queries = builtin_fn("reset_queries", move |it, args| {
        crate::interp::ArgSpec::simple("reset_queries", &[], 0).bind(it, args)?;
        reset_ctx.log_reset.set(reset_ctx.log.borrow().len());
        Ok(Value::None)
    });
    it.set_global("connection", connection.clone());
    let transaction = module(
        "django.db.transaction",
        crate::orm::write::transaction::transaction_attrs(ctx),
    );
    it.register_module("django.db.transaction", transaction.clone());
    it.set_global("transaction", Value::Module(transaction.clone()));
    let mut db_attrs: Vec<(String, Value)> = vec![
        ("models".into(), Value::Module(models_mod.clone())),
        ("connection".into(), connection),
        ("transaction".into(), Value::Module(transaction)),
        ("reset_queries".into(), reset_queries),
        ("DEFAULT_DB_ALIAS".into(), Value::str("default")),
    ];
    // `from django.db import IntegrityError`: django.db re-exports the database errors.
    let mut errors: Vec<(&str, _)> = ctx.exc.db_errors.iter().map(|(k, v)| (*k, v)).collect();
    errors.sort_by_key(|(k, _)| *k);
    db_attrs.extend(
        errors
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value::ExcClass(v.clone()))),
    );
    it.register_module("django.db", module("django.db", db_attrs));
    for (name, v) in &model_attrs {
        it.set_global(name, v.clone());
    }
    it.set_global("Q", q);
    for (name, v) in &exprs {
        it.set_global(name, v.clone());
    }
    let functions: Vec<(String, Value)> = exprs
        .iter()
        .filter(|(n, _)| {
            FUNCTIONS.iter().any(|f| f.0 == n)
                || crate::query::window::WINDOW_FUNCTIONS
                    .iter()
                    .any(|f| f.0 == n)
                || n.starts_with("Extract")
                || n.starts_with("Trunc")
        })
        .cloned()
        .collect();
    it.register_module(
        "django.db.models.functions",
        module("django.db.models.functions", functions),
    );
    let (timezone, paginator) = super::django_modules::install(it, ctx);
    it.set_global("timezone", timezone);
    it.set_global("Paginator", paginator);
    it.set_global("models", Value::Module(models_mod));
    let datetime = it.get_module("datetime");
    if let Some(dt) = datetime {
        for name in ["date", "datetime", "time", "timedelta"] {
            if let Some(v) = dt.attrs.borrow().get(name) {
                it.set_global(name, v.clone());
            }
        }
    }
    if let Some(dec) = it.get_module("decimal")
        && let Some(v) = dec.attrs.borrow().get("Decimal")
    {
        it.set_global("Decimal", v.clone());
    }
    Ok(())
}

/// Database functions with a plain `NAME(args)` shape on SQLite: (class, SQL name, min args, max).
const FUNCTIONS: &[(&str, &str, usize, Option<usize>)] = &[
    ("Lower", "LOWER", 1, Some(1)),
    ("Upper", "UPPER", 1, Some(1)),
    ("Length", "LENGTH", 1, Some(1)),
    ("Abs", "ABS", 1, Some(1)),
    ("Ceil", "CEILING", 1, Some(1)),
    ("Floor", "FLOOR", 1, Some(1)),
    ("Sqrt", "SQRT", 1, Some(1)),
    ("Exp", "EXP", 1, Some(1)),
    ("Ln", "LN", 1, Some(1)),
    ("Sign", "SIGN", 1, Some(1)),
    ("Trim", "TRIM", 1, Some(1)),
    ("LTrim", "LTRIM", 1, Some(1)),
    ("RTrim", "RTRIM", 1, Some(1)),
    ("Reverse", "REVERSE", 1, Some(1)),
    ("Power", "POWER", 2, Some(2)),
    ("Mod", "MOD", 2, Some(2)),
    ("StrIndex", "INSTR", 2, Some(2)),
    ("Coalesce", "COALESCE", 2, None),
    ("Greatest", "MAX", 2, None),
    ("Least", "MIN", 2, None),
    ("Concat", "CONCAT", 2, None),
    ("Substr", "SUBSTR", 2, Some(3)),
    ("Left", "LEFT", 2, Some(2)),
    ("Right", "RIGHT", 2, Some(2)),
    ("Replace", "REPLACE", 2, Some(3)),
    ("LPad", "LPAD", 2, Some(3)),
    ("RPad", "RPAD", 2, Some(3)),
    ("Repeat", "REPEAT", 2, Some(2)),
    ("Round", "ROUND", 1, Some(2)),
    ("Now", "NOW", 0, Some(0)),
    ("MD5", "MD5", 1, Some(1)),
    ("Cot", "COT", 1, Some(1)),
    ("Sin", "SIN", 1, Some(1)),
    ("Cos", "COS", 1, Some(1)),
    ("Degrees", "DEGREES", 1, Some(1)),
    ("Radians", "RADIANS", 1, Some(1)),
    ("Log", "LOG", 2, Some(2)),
    ("Pi", "PI", 0, Some(0)),
    ("Chr", "CHAR", 1, Some(1)),
    ("Ord", "UNICODE", 1, Some(1)),
    ("NullIf", "NULLIF", 2, Some(2)),
];

/// `F`, `Value`, the aggregates, the functions and the field classes, as
/// `from django.db.models import *` and `from django.db.models.functions import *` give them.
fn expression_names() -> Vec<(String, Value)> {
    use crate::orm::expressions as ex;
    use crate::query::expr::AggFunc;
    let mut out: Vec<(String, Value)> = vec![
        (
            "F".into(),
            class_builtin("F", "django.db.models.expressions.F", ex::f),
        ),
        (
            "Prefetch".into(),
            class_builtin(
                "Prefetch",
                "django.db.models.query.Prefetch",
                crate::orm::prefetch::new_prefetch,
            ),
        ),
        (
            "Value".into(),
            class_builtin("Value", "django.db.models.expressions.Value", ex::value),
        ),
        (
            "ExpressionWrapper".into(),
            class_builtin(
                "ExpressionWrapper",
                "django.db.models.expressions.ExpressionWrapper",
                ex::wrapper,
            ),
        ),
    ];
    let aggs = [
        ("Count", AggFunc::Count),
        ("Sum", AggFunc::Sum),
        ("Avg", AggFunc::Avg),
        ("Max", AggFunc::Max),
        ("Min", AggFunc::Min),
        ("StdDev", AggFunc::StdDev { sample: false }),
        ("Variance", AggFunc::Variance { sample: false }),
    ];
    for (name, func) in aggs {
        out.push((
            name.into(),
            class_builtin(
                name,
                &format!("django.db.models.aggregates.{name}"),
                move |it, args| ex::aggregate(it, func, args),
            ),
        ));
    }
    out.push((
        "OuterRef".into(),
        class_builtin(
            "OuterRef",
            "django.db.models.expressions.OuterRef",
            ex::outer_ref,
        ),
    ));
    out.push((
        "Subquery".into(),
        class_builtin(
            "Subquery",
            "django.db.models.expressions.Subquery",
            |it, a| ex::subquery(it, false, a),
        ),
    ));
    out.push((
        "Exists".into(),
        class_builtin("Exists", "django.db.models.expressions.Exists", |it, a| {
            ex::subquery(it, true, a)
        }),
    ));
    out.push((
        "Case".into(),
        class_builtin("Case", "django.db.models.expressions.Case", ex::case),
    ));
    out.push((
        "When".into(),
        class_builtin("When", "django.db.models.expressions.When", ex::when),
    ));
    out.push((
        "Cast".into(),
        class_builtin("Cast", "django.db.models.functions.Cast", |it, args| {
            ex::cast(it, args)
        }),
    ));
    for &(class, sql, min, max) in FUNCTIONS {
        out.push((
            class.into(),
            class_builtin(
                class,
                &format!("django.db.models.functions.{class}"),
                move |it, args| ex::function(it, class, sql, min, max, args),
            ),
        ));
    }
    const TEMPORAL: &[(&str, &str)] = &[
        ("ExtractYear", "year"),
        ("ExtractIsoYear", "iso_year"),
        ("ExtractQuarter", "quarter"),
        ("ExtractMonth", "month"),
        ("ExtractWeek", "week"),
        ("ExtractWeekDay", "week_day"),
        ("ExtractIsoWeekDay", "iso_week_day"),
        ("ExtractDay", "day"),
        ("ExtractHour", "hour"),
        ("ExtractMinute", "minute"),
        ("ExtractSecond", "second"),
        ("TruncYear", "year"),
        ("TruncQuarter", "quarter"),
        ("TruncMonth", "month"),
        ("TruncWeek", "week"),
        ("TruncDay", "day"),
        ("TruncHour", "hour"),
        ("TruncMinute", "minute"),
        ("TruncSecond", "second"),
        ("TruncDate", "date"),
        ("TruncTime", "time"),
    ];
    for &(class, kind) in TEMPORAL {
        out.push((
            class.into(),
            class_builtin(
                class,
                &format!("django.db.models.functions.{class}"),
                move |it, args| ex::temporal(it, class, kind, args),
            ),
        ));
    }
    out.push((
        "Extract".into(),
        class_builtin(
            "Extract",
            "django.db.models.functions.Extract",
            |it, args| ex::temporal_by_name(it, false, args),
        ),
    ));
    out.push((
        "Trunc".into(),
        class_builtin("Trunc", "django.db.models.functions.Trunc", |it, args| {
            ex::temporal_by_name(it, true, args)
        }),
    ));
    window_names(&mut out);
    for kind_name in [
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "FloatField",
        "DecimalField",
        "CharField",
        "TextField",
        "BooleanField",
        "DateField",
        "DateTimeField",
        "TimeField",
        "DurationField",
    ] {
        if let Some(kind) = crate::models::FieldKind::from_class_name(kind_name) {
            out.push((
                kind_name.into(),
                class_builtin(
                    kind_name,
                    &format!("django.db.models.{kind_name}"),
                    move |it, args| ex::field_class(it, kind.clone(), args),
                ),
            ));
        }
    }
    out
}

/// `Window`, the window functions, `RowRange`/`ValueRange` and `WindowFrameExclusion`.
fn window_names(out: &mut Vec<(String, Value)>) {
    use crate::orm::window as w;
    out.push((
        "Window".into(),
        class_builtin("Window", "django.db.models.expressions.Window", w::window),
    ));
    for &(class, function) in crate::query::window::WINDOW_FUNCTIONS {
        let qualname = format!("django.db.models.functions.window.{class}");
        let v = match class {
            "Lag" | "Lead" => {
                class_builtin(class, &qualname, move |it, a| w::lag_lead(it, class, a))
            }
            "NthValue" => class_builtin(class, &qualname, w::nth_value),
            "Ntile" => class_builtin(class, &qualname, w::ntile),
            // FirstValue and LastValue take exactly one expression, typed as it is.
            "FirstValue" | "LastValue" => class_builtin(class, &qualname, move |it, a| {
                crate::orm::expressions::function(it, class, function, 1, Some(1), a)
            }),
            _ => class_builtin(class, &qualname, move |it, a| {
                w::ranking(it, class, function, a)
            }),
        };
        out.push((class.into(), v));
    }
    out.push((
        "RowRange".into(),
        class_builtin(
            "RowRange",
            "django.db.models.expressions.RowRange",
            |it, a| w::frame(it, true, a),
        ),
    ));
    out.push((
        "ValueRange".into(),
        class_builtin(
            "ValueRange",
            "django.db.models.expressions.ValueRange",
            |it, a| w::frame(it, false, a),
        ),
    ));
    let members: Vec<(String, Value)> = w::EXCLUSIONS
        .iter()
        .map(|&(name, value)| {
            (
                name.to_string(),
                Value::object(w::ExclusionObj { name, value }),
            )
        })
        .collect();
    out.push((
        "WindowFrameExclusion".into(),
        Value::Module(module("WindowFrameExclusion", members)),
    ));
}
