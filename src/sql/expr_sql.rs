//! Expressions as SQL (Mirrors each expression's `as_sql`/`as_sqlite`): columns, values,
//! `(a + b)`, functions, aggregates with `DISTINCT`/`FILTER (WHERE ...)`, and the SQLite
//! backend's `CAST(... AS NUMERIC)` around decimal-valued expressions.

use crate::models::{FieldKind, Registry};
use crate::query::error::QueryError;
use crate::query::expr::{AggFunc, ArithOp, Expr, FuncCall, output_field, value_kind};
use crate::query::ir::Query;
use crate::query::value::{FilterValue, Param, prep_value};

use super::quote_name;
use super::where_sql::col_sql;

/// SQLiteNumericMixin: decimal-valued expressions are cast so SQLite compares them as numbers.
fn numeric_cast(sql: String, kind: &Option<FieldKind>) -> String {
    match kind {
        Some(FieldKind::DecimalField { .. }) => format!("(CAST({sql} AS NUMERIC))"),
        _ => sql,
    }
}

/// A Python value bound as a parameter, prepared by the field its type implies.
pub fn value_param(v: &FilterValue) -> Result<Param, QueryError> {
    match value_kind(v) {
        None => Ok(Param::Null),
        Some(FieldKind::BooleanField) => {
            Ok(Param::Int(matches!(v, FilterValue::Bool(true)) as i64))
        }
        Some(k) => prep_value(&k, "value", v).map_err(|e| QueryError::new(e.class, e.message)),
    }
}

/// Compiles `e` (already resolved) and appends its parameters.
pub fn expr_sql(
    q: &Query,
    reg: &Registry,
    e: &Expr,
    params: &mut Vec<Param>,
) -> Result<String, QueryError> {
    Ok(match e {
        Expr::Col(c) => col_sql(q, c),
        Expr::Star => "*".into(),
        Expr::F(name) => {
            return Err(QueryError::field_error(format!(
                "F({name}) was not resolved"
            )));
        }
        Expr::Value(v) => {
            params.push(value_param(v)?);
            numeric_cast("%s".into(), &value_kind(v))
        }
        Expr::Ref(name, _) => quote_name(name),
        // ExpressionWrapper is itself SQLite-numeric: it casts when its output is a decimal.
        // `Value(v, output_field=...)` is a wrapped value too: one cast, by the named type.
        Expr::Wrapper { expr, output } => match expr.as_ref() {
            Expr::Value(v) => {
                params.push(value_param(v)?);
                numeric_cast("%s".into(), &Some(output.clone()))
            }
            inner => numeric_cast(expr_sql(q, reg, inner, params)?, &Some(output.clone())),
        },
        Expr::Combined { lhs, op, rhs } => {
            // CombinedExpression.resolve_expression: a duration with another type is a
            // DurationExpression (SQLite: django_format_dtdelta), two equal temporal types
            // subtracted a TemporalSubtraction (django_timestamp_diff / django_time_diff).
            let kind = |e: &Expr| output_field(e, reg).ok().flatten();
            let (lt, rt) = (kind(lhs), kind(rhs));
            let is_duration = |k: &Option<FieldKind>| matches!(k, Some(FieldKind::DurationField));
            if (is_duration(&lt) || is_duration(&rt)) && lt != rt {
                let connector = match op {
                    ArithOp::Add => "+",
                    ArithOp::Sub => "-",
                    ArithOp::Mul => "*",
                    ArithOp::Div => "/",
                    other => {
                        return Err(QueryError::new(
                            "DatabaseError",
                            format!(
                                "Invalid connector for timedelta: {}.",
                                other.symbol().replace("%%", "%")
                            ),
                        ));
                    }
                };
                let l = expr_sql(q, reg, lhs, params)?;
                let r = expr_sql(q, reg, rhs, params)?;
                return Ok(format!("(django_format_dtdelta('{connector}', {l}, {r}))"));
            }
            if *op == ArithOp::Sub
                && lt == rt
                && matches!(
                    lt,
                    Some(FieldKind::DateField | FieldKind::DateTimeField | FieldKind::TimeField)
                )
            {
                let l = expr_sql(q, reg, lhs, params)?;
                let r = expr_sql(q, reg, rhs, params)?;
                let f = if lt == Some(FieldKind::TimeField) {
                    "django_time_diff"
                } else {
                    "django_timestamp_diff"
                };
                return Ok(format!("{f}({l}, {r})"));
            }
            let l = expr_sql(q, reg, lhs, params)?;
            let r = expr_sql(q, reg, rhs, params)?;
            let inner = match op {
                ArithOp::Pow => format!("POWER({l},{r})"),
                other => format!("{l} {} {r}", other.symbol()),
            };
            // as_sqlite swallows the FieldError of an output type it cannot infer (the
            // expression may sit in an ExpressionWrapper that names it); no cast then.
            numeric_cast(format!("({inner})"), &output_field(e, reg).unwrap_or(None))
        }
        Expr::Case { .. } => case_sql(q, reg, e, params, false)?,
        Expr::Q { resolved, .. } => {
            let Some(w) = resolved else {
                return Err(QueryError::type_error("Q object is not resolved"));
            };
            match super::where_sql::where_sql(q, reg, w, params)? {
                Ok(s) => s,
                Err(crate::query::error::Degenerate::Full) => "1".into(),
                Err(crate::query::error::Degenerate::Empty) => "0".into(),
            }
        }
        Expr::OuterRef(_) => {
            return Err(QueryError::value_error(
                "This queryset contains a reference to an outer query and may only be used in a subquery.",
            ));
        }
        Expr::OuterCol(c) => col_sql(q, c),
        Expr::Subquery(s) => {
            let Some(c) = super::compiler::compile_select(&s.query, reg)? else {
                return Err(QueryError::new("EmptyResultSet", ""));
            };
            params.extend(c.params);
            match (s.exists, s.negated) {
                (true, false) => format!("EXISTS({})", c.sql),
                (true, true) => format!("NOT EXISTS({})", c.sql),
                _ => format!("({})", c.sql),
            }
        }
        // Cast writes its own type; every other function gets SQLite's numeric cast.
        Expr::Func(f) if f.class == "Cast" => func_sql(q, reg, f, params)?,
        Expr::Func(f) => numeric_cast(func_sql(q, reg, f, params)?, &output_field(e, reg)?),
        Expr::Aggregate { .. } => aggregate_sql(q, reg, e, params, true)?,
        Expr::Window(w) => super::window_sql::window_sql(q, reg, w, params)?,
    })
}

/// An aggregate's SQL: `SUM(...)`, `COUNT(DISTINCT ...)`, `FILTER (WHERE ...)`, `COALESCE` for
/// `default=`. `cast` is false inside a window, whose `as_sqlite` casts outside the OVER clause
/// instead (it sets the source's output field to a FloatField).
pub(super) fn aggregate_sql(
    q: &Query,
    reg: &Registry,
    e: &Expr,
    params: &mut Vec<Param>,
    cast: bool,
) -> Result<String, QueryError> {
    let Expr::Aggregate {
        func,
        arg,
        distinct,
        filter_where,
        default,
        ..
    } = e
    else {
        return expr_sql(q, reg, e, params);
    };
    let numeric_cast = |sql: String, kind: &Option<FieldKind>| {
        if cast { numeric_cast(sql, kind) } else { sql }
    };
    check_aggregate_support(*func, arg, reg)?;
    let mut inner = expr_sql(q, reg, arg, params)?;
    if *distinct {
        inner.insert_str(0, "DISTINCT ");
    }
    let mut sql = [func.sql_function(), "(", &inner, ")"].concat();
    if let Some(w) = filter_where {
        match super::where_sql::where_sql(q, reg, w, params)? {
            Ok(cond) => {
                sql.push_str(" FILTER (WHERE ");
                sql.push_str(&cond);
                sql.push(')');
            }
            Err(crate::query::error::Degenerate::Full) => {}
            Err(crate::query::error::Degenerate::Empty) => sql.push_str(" FILTER (WHERE 0 = 1)"),
        }
    }
    let kind = output_field(e, reg)?;
    sql = numeric_cast(sql, &kind);
    if let Some(d) = default {
        // `default=` is Coalesce(aggregate, Value(default, output_field=aggregate's)).
        let d_sql = match d.as_ref() {
            Expr::Value(v) => {
                params.push(match &kind {
                    Some(k) => prep_value(k, "default", v)
                        .map_err(|e| QueryError::new(e.class, e.message))?,
                    None => value_param(v)?,
                });
                numeric_cast("%s".into(), &kind)
            }
            other => expr_sql(q, reg, other, params)?,
        };
        sql = numeric_cast(["COALESCE(", &sql, ", ", &d_sql, ")"].concat(), &kind);
    }
    Ok(sql)
}

pub(super) fn func_sql(
    q: &Query,
    reg: &Registry,
    f: &FuncCall,
    params: &mut Vec<Param>,
) -> Result<String, QueryError> {
    if f.class.starts_with("Extract") || f.class.starts_with("Trunc") {
        return temporal_sql(q, reg, f, params);
    }
    match f.class {
        "Concat" => return concat_sql(q, reg, &f.args, params),
        "Left" => {
            let x = arg_sql(q, reg, f, 0, params)?;
            params.push(Param::Int(1));
            let n = arg_sql(q, reg, f, 1, params)?;
            return Ok(format!("SUBSTR({x}, %s, {n})"));
        }
        "Right" => {
            let x = arg_sql(q, reg, f, 0, params)?;
            let n = arg_sql(q, reg, f, 1, params)?;
            params.push(Param::Int(-1));
            let n2 = arg_sql(q, reg, f, 1, params)?;
            return Ok(format!("SUBSTR({x}, ({n} * %s), {n2})"));
        }
        "Replace" if f.args.len() == 2 => {
            let x = arg_sql(q, reg, f, 0, params)?;
            let t = arg_sql(q, reg, f, 1, params)?;
            params.push(Param::Text(String::new()));
            return Ok(format!("REPLACE({x}, {t}, %s)"));
        }
        "Cast" => {
            let x = arg_sql(q, reg, f, 0, params)?;
            return Ok(match &f.output {
                Some(FieldKind::DateField) => format!("date({x})"),
                Some(FieldKind::DateTimeField) => format!("datetime({x})"),
                Some(FieldKind::TimeField) => format!("time({x})"),
                Some(k) => format!("CAST({x} AS {})", cast_type(k)),
                None => x,
            });
        }
        "Now" => return Ok("STRFTIME('%%Y-%%m-%%d %%H:%%M:%%f', 'NOW')".into()),
        // Round.as_sqlite refuses a literal negative precision.
        "Round"
            if matches!(
                f.args.get(1),
                Some(Expr::Value(FilterValue::Int(n))) if *n < 0
            ) =>
        {
            return Err(QueryError::value_error(
                "SQLite does not support negative precision.",
            ));
        }
        "Round" if f.args.len() == 1 => {
            let x = arg_sql(q, reg, f, 0, params)?;
            params.push(Param::Int(0));
            return Ok(format!("ROUND({x}, %s)"));
        }
        _ => {}
    }
    let mut args = Vec::with_capacity(f.args.len());
    for a in &f.args {
        args.push(expr_sql(q, reg, a, params)?);
    }
    Ok([f.function, "(", &args.join(", "), ")"].concat())
}

/// `Extract*` / `Trunc*` (Mirrors the SQLite backend's `date_extract_sql`, `datetime_trunc_sql`,
/// ... : Django's registered functions, with the time zone names for datetimes; `function`
/// holds the lookup name such as `year`).
fn temporal_sql(
    q: &Query,
    reg: &Registry,
    f: &FuncCall,
    params: &mut Vec<Param>,
) -> Result<String, QueryError> {
    let Some(arg) = f.args.first() else {
        return Err(QueryError::type_error(format!(
            "{} needs an expression",
            f.class
        )));
    };
    let source = output_field(arg, reg)?;
    let utc = || Param::Text("UTC".into());
    let kind = Param::Text(f.function.to_string());
    let extract = f.class.starts_with("Extract");
    Ok(match (extract, f.class, &source) {
        (_, "TruncDate" | "TruncTime", _) => {
            let x = expr_sql(q, reg, arg, params)?;
            params.push(utc());
            params.push(utc());
            let func = if f.class == "TruncDate" {
                "django_datetime_cast_date"
            } else {
                "django_datetime_cast_time"
            };
            format!("{func}({x}, %s, %s)")
        }
        (true, _, Some(FieldKind::DateTimeField)) => {
            params.push(kind);
            let x = expr_sql(q, reg, arg, params)?;
            params.push(utc());
            params.push(utc());
            format!("django_datetime_extract(%s, {x}, %s, %s)")
        }
        (true, _, Some(FieldKind::TimeField)) => {
            params.push(kind);
            let x = expr_sql(q, reg, arg, params)?;
            format!("django_time_extract(%s, {x})")
        }
        (true, _, _) => {
            params.push(kind);
            let x = expr_sql(q, reg, arg, params)?;
            format!("django_date_extract(%s, {x})")
        }
        (false, _, _) => {
            // TruncBase.as_sql: the SQL function follows the output field; the time zone names
            // are there when the source is a datetime.
            let tz = matches!(source, Some(FieldKind::DateTimeField));
            let out = f.output.clone().or(source.clone());
            let func = match out {
                Some(FieldKind::DateTimeField) => "django_datetime_trunc",
                Some(FieldKind::TimeField) => "django_time_trunc",
                _ => "django_date_trunc",
            };
            params.push(kind);
            let x = expr_sql(q, reg, arg, params)?;
            params.push(if tz { utc() } else { Param::Null });
            params.push(if tz { utc() } else { Param::Null });
            format!("{func}(%s, {x}, %s, %s)")
        }
    })
}

fn arg_sql(
    q: &Query,
    reg: &Registry,
    f: &FuncCall,
    i: usize,
    params: &mut Vec<Param>,
) -> Result<String, QueryError> {
    match f.args.get(i) {
        Some(a) => expr_sql(q, reg, a, params),
        None => Err(QueryError::type_error(format!(
            "{} is missing an argument",
            f.class
        ))),
    }
}

/// Mirrors ConcatPair.as_sqlite, nested from the right: `COALESCE(a, '') || COALESCE(rest, '')`.
fn concat_sql(
    q: &Query,
    reg: &Registry,
    args: &[Expr],
    params: &mut Vec<Param>,
) -> Result<String, QueryError> {
    let Some((first, rest)) = args.split_first() else {
        return Ok(String::new());
    };
    let a = expr_sql(q, reg, first, params)?;
    params.push(Param::Text(String::new()));
    let b = if rest.len() == 1 {
        expr_sql(q, reg, &rest[0], params)?
    } else {
        concat_sql(q, reg, rest, params)?
    };
    params.push(Param::Text(String::new()));
    Ok(format!("(COALESCE({a}, %s) || COALESCE({b}, %s))"))
}

/// `Field.cast_db_type` on SQLite.
fn cast_type(k: &FieldKind) -> &'static str {
    match k {
        FieldKind::CharField
        | FieldKind::TextField
        | FieldKind::EmailField
        | FieldKind::UrlField
        | FieldKind::SlugField => "text",
        FieldKind::FloatField => "real",
        FieldKind::DecimalField { .. } => "decimal",
        FieldKind::BooleanField => "bool",
        FieldKind::BigIntegerField | FieldKind::BigAutoField => "bigint",
        FieldKind::SmallIntegerField => "smallint",
        FieldKind::PositiveIntegerField => "integer unsigned",
        FieldKind::PositiveSmallIntegerField => "smallint unsigned",
        _ => "integer",
    }
}

/// `CASE WHEN cond THEN value ... ELSE default END` (numeric cast for decimals). Inside a WHERE
/// clause Django wraps each condition in parentheses (its where tree is re-resolved there).
pub fn case_sql(
    q: &Query,
    reg: &Registry,
    e: &Expr,
    params: &mut Vec<Param>,
    in_where: bool,
) -> Result<String, QueryError> {
    let Expr::Case { whens, default, .. } = e else {
        return expr_sql(q, reg, e, params);
    };
    let mut parts = vec!["CASE".to_string()];
    for w in whens {
        let Some(cond) = &w.condition_where else {
            continue;
        };
        let c = match super::where_sql::where_sql(q, reg, cond, params)? {
            Ok(s) => s,
            Err(crate::query::error::Degenerate::Full) => "1 = 1".into(),
            Err(crate::query::error::Degenerate::Empty) => continue,
        };
        let c = if in_where && !c.starts_with('(') {
            format!("({c})")
        } else {
            c
        };
        let then = expr_sql(q, reg, &w.then, params)?;
        parts.push(format!("WHEN {c} THEN {then}"));
    }
    let d = match default.as_ref() {
        Expr::Value(FilterValue::Null) => "NULL".to_string(),
        other => expr_sql(q, reg, other, params)?,
    };
    parts.push(format!("ELSE {d} END"));
    Ok(numeric_cast(parts.join(" "), &output_field(e, reg)?))
}

/// The SQLite backend's `check_expression_support`: dates and times are stored as text, so
/// summing or averaging them is refused.
fn check_aggregate_support(func: AggFunc, arg: &Expr, reg: &Registry) -> Result<(), QueryError> {
    let numeric_only = matches!(
        func,
        AggFunc::Sum | AggFunc::Avg | AggFunc::StdDev { .. } | AggFunc::Variance { .. }
    );
    let temporal = matches!(
        output_field(arg, reg),
        Ok(Some(
            FieldKind::DateField | FieldKind::DateTimeField | FieldKind::TimeField
        ))
    );
    if numeric_only && temporal {
        return Err(QueryError::new(
            "NotSupportedError",
            "You cannot use Sum, Avg, StdDev, and Variance aggregations on date/time fields in sqlite3 since date/time is saved as text.",
        ));
    }
    Ok(())
}
