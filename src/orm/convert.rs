//! Values crossing the ORM boundary: evaluator values → lookup values, database values →
//! Python values with Django's converters (`from_db_value`, the SQLite backend's converters).

use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime};
use num_traits::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::db::{SqlRef, SqlValue};
use crate::interp::{Interp, PyResult, Value};
use crate::models::{Field, FieldKind};
use crate::query::{FilterValue, Param};

use super::instance::Instance;

/// Converts a Python value given to `filter()` into a lookup value.
pub fn to_filter_value(it: &mut Interp, v: &Value) -> PyResult<FilterValue> {
    Ok(match v {
        Value::None => FilterValue::Null,
        Value::Bool(b) => FilterValue::Bool(*b),
        Value::Int(i) => FilterValue::Int(*i),
        Value::BigInt(b) => match b.to_i64() {
            Some(i) => FilterValue::Int(i),
            None => FilterValue::BigInt(b.to_string()),
        },
        Value::Float(x) => FilterValue::Float(*x),
        Value::Str(s) => FilterValue::Str(str::to_owned(s)),
        Value::Decimal(d) => FilterValue::Decimal(*d),
        Value::Date(d) => FilterValue::Date(*d),
        Value::DateTime(dt, tz) => FilterValue::DateTime(*dt, *tz),
        Value::Time(t) => FilterValue::Time(*t),
        Value::TimeDelta(td) => match td.num_microseconds() {
            Some(us) => FilterValue::Duration(us),
            None => FilterValue::Str(it.str(v)?.to_string()),
        },
        Value::List(_) | Value::Tuple(_) | Value::Set(_) | Value::Range(..) | Value::Dict(_) => {
            let items = it.iterate(v)?;
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                out.push(to_filter_value(it, item)?);
            }
            FilterValue::List(out)
        }
        Value::Object(_) => {
            if let Some(e) = v.downcast::<super::expressions::ExprObj>() {
                return Ok(FilterValue::Expr(Box::new(e.expr.clone())));
            }
            // A QuerySet as a value is a subquery (`pk__in=Publisher.objects.filter(...)`).
            if let Some(qs) = v.downcast::<super::queryset::QuerySet>() {
                return Ok(FilterValue::Expr(Box::new(
                    super::expressions::subquery_of(qs, false, true),
                )));
            }
            if let Some(inst) = v.downcast::<Instance>() {
                let model = inst.ctx.reg.get(inst.model);
                FilterValue::Instance {
                    model: model.concrete,
                    pk: Box::new(to_filter_value(it, &inst.pk_value())?),
                    names: Box::new(crate::query::value::InstanceNames {
                        model_name: model.name.clone(),
                        display: it.str(v)?.to_string(),
                    }),
                }
            } else {
                let items = it.iterate(v)?;
                let mut out = Vec::with_capacity(items.len());
                for item in &items {
                    out.push(to_filter_value(it, item)?);
                }
                FilterValue::List(out)
            }
        }
        other => FilterValue::Str(it.str(other)?),
    })
}

/// A query parameter as bound to SQLite.
pub fn param_to_sql(p: &Param) -> SqlValue {
    match p {
        Param::Null => SqlValue::Null,
        Param::Int(i) => SqlValue::Integer(*i),
        Param::Real(x) => SqlValue::Real(*x),
        Param::Text(s) => SqlValue::Text(s.clone()),
    }
}

/// Converts one result cell as its column says (a model field's converter, or an
/// expression's output field).
pub fn convert_column(
    reg: &crate::models::Registry,
    conv: &crate::sql::Converter,
    v: &SqlRef<'_>,
) -> Value {
    match conv {
        crate::sql::Converter::Field(m, i) => from_db_kind(&reg.get(*m).fields[*i].kind, v),
        crate::sql::Converter::Expr(kind) => expression_from_db(kind.as_ref(), v),
    }
}

/// Converters for expression columns: like a field's, except that a Decimal is not quantised
/// (Django's `get_decimalfield_converter` for non-column expressions: 15 significant digits).
fn expression_from_db(kind: Option<&FieldKind>, v: &SqlRef<'_>) -> Value {
    match (kind, v) {
        (_, SqlRef::Null) => Value::None,
        (Some(FieldKind::DecimalField { .. }), v) => decimal_15_digits(v),
        (Some(k), SqlRef::Real(x)) if k.is_integer() => Value::Int(*x as i64),
        // convert_durationfield_value: microseconds.
        (Some(FieldKind::DurationField), SqlRef::Integer(us)) => {
            Value::TimeDelta(chrono::TimeDelta::microseconds(*us))
        }
        // BaseExpression.convert_value: int() / float() of what SQLite returned (`LOWER(41)`
        // is the text '41').
        (Some(k), SqlRef::Text(s)) if k.is_integer() => match s.trim().parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => plain(v),
        },
        (Some(FieldKind::FloatField), SqlRef::Text(s)) => match s.trim().parse::<f64>() {
            Ok(x) => Value::Float(x),
            Err(_) => plain(v),
        },
        (Some(k), v) => from_db_kind(k, v),
        (None, v) => plain(v),
    }
}

/// `Context(prec=15).create_decimal_from_float(value)`: the float's exact value rounded to 15
/// significant digits (short values stay short: 12.5 → `12.5`).
fn decimal_15_digits(v: &SqlRef<'_>) -> Value {
    match v {
        SqlRef::Integer(i) => Value::Decimal(Decimal::from(*i)),
        SqlRef::Real(x) => {
            let exact = Decimal::from_f64_retain(*x);
            let rounded = Decimal::from_scientific(&format!("{:.14e}", x)).ok();
            match (exact, rounded) {
                // Keep the exact value when it has at most 15 significant digits.
                (Some(e), _) if e.normalize().mantissa().unsigned_abs().to_string().len() <= 15 => {
                    Value::Decimal(e.normalize())
                }
                (_, Some(r)) => Value::Decimal(r),
                _ => Value::Float(*x),
            }
        }
        SqlRef::Text(s) => Decimal::from_str(s)
            .map(Value::Decimal)
            .unwrap_or_else(|_| Value::str(s)),
        _ => Value::None,
    }
}

/// Mirrors the SQLite backend's converters plus each field's `from_db_value`.
pub fn from_db(field: &Field, v: &SqlValue) -> Value {
    from_db_kind(&field.kind, &v.as_ref())
}

/// [`from_db`] for a cell still borrowed from SQLite, by the field's kind.
pub fn from_db_kind(kind: &FieldKind, v: &SqlRef<'_>) -> Value {
    if let SqlRef::Null = v {
        return Value::None;
    }
    match kind {
        FieldKind::BooleanField => match v {
            SqlRef::Integer(i) => Value::Bool(*i != 0),
            SqlRef::Real(x) => Value::Bool(*x != 0.0),
            SqlRef::Text(s) => Value::Bool(s != "0"),
            _ => Value::None,
        },
        FieldKind::DecimalField { decimal_places, .. } => decimal_from_db_ref(v, *decimal_places),
        FieldKind::FloatField => match v {
            SqlRef::Integer(i) => Value::Float(*i as f64),
            SqlRef::Real(x) => Value::Float(*x),
            SqlRef::Text(s) => s.parse().map(Value::Float).unwrap_or(Value::None),
            _ => Value::None,
        },
        FieldKind::DateField => match v {
            SqlRef::Text(s) => parse_date(s)
                .map(Value::Date)
                .unwrap_or_else(|| Value::str(s)),
            other => plain(other),
        },
        // The SQLite backend's time converter (`parse_time`).
        FieldKind::TimeField => match v {
            SqlRef::Text(s) => chrono::NaiveTime::parse_from_str(s, "%H:%M:%S%.f")
                .map(Value::Time)
                .unwrap_or_else(|_| Value::str(s)),
            other => plain(other),
        },
        FieldKind::DateTimeField => match v {
            SqlRef::Text(s) => parse_datetime(s)
                .map(|dt| Value::DateTime(dt, FixedOffset::east_opt(0)))
                .unwrap_or_else(|| Value::str(s)),
            other => plain(other),
        },
        _ => plain(v),
    }
}

fn plain(v: &SqlRef<'_>) -> Value {
    match v {
        SqlRef::Null => Value::None,
        SqlRef::Integer(i) => Value::Int(*i),
        SqlRef::Real(x) => Value::Float(*x),
        SqlRef::Text(s) => Value::str(s),
        SqlRef::Blob(b) => Value::Bytes(b.to_vec().into()),
    }
}

/// `Context(prec=15).create_decimal_from_float(value).quantize(Decimal(1).scaleb(-places))`.
pub fn decimal_from_db(v: &SqlValue, places: u32) -> Value {
    decimal_from_db_ref(&v.as_ref(), places)
}

fn decimal_from_db_ref(v: &SqlRef<'_>, places: u32) -> Value {
    let d = match v {
        SqlRef::Integer(i) => Some(Decimal::from(*i)),
        SqlRef::Real(x) => {
            if let Some(d) = near_decimal(*x, places) {
                return Value::Decimal(d);
            }
            Decimal::from_scientific(&format!("{:.14e}", x))
                .ok()
                .or_else(|| Decimal::from_f64_retain(*x))
        }
        SqlRef::Text(s) => Decimal::from_str(s).ok(),
        _ => None,
    };
    match d {
        Some(d) => {
            let mut q = d.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
            q.rescale(places);
            Value::Decimal(q)
        }
        None => Value::None,
    }
}

/// A stored float within a millionth of a unit of the last decimal place of `n / 10^places`
/// (a price such as 12.99): its 15-digit rounding quantised to `places` is that value, so the
/// text round trip of the general case is skipped.
fn near_decimal(x: f64, places: u32) -> Option<Decimal> {
    let scaled = x * 10f64.powi(i32::try_from(places).ok()?);
    let n = scaled.round();
    // -0.0 stays Decimal('-0.00') in Python; the general path keeps the sign.
    if (scaled - n).abs() < 1e-6 && n.abs() < 1e9 && !(n == 0.0 && x.is_sign_negative()) {
        return Some(Decimal::new(n as i64, places));
    }
    None
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let head = s.get(..10)?;
    // `YYYY-MM-DD`, as every stored date is, without chrono's format-string parser.
    let b = head.as_bytes();
    if b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            head.get(r.clone())?
                .bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| head[r].parse().ok())?
        };
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) {
            return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
        }
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim_end_matches("+00:00");
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
        .ok()
        .or_else(|| parse_date(s).and_then(|d| d.and_hms_opt(0, 0, 0)))
}

/// A lookup value back as a Python value (a `default=` literal returned for an empty result).
pub fn filter_value_to_value(v: &FilterValue) -> Value {
    match v {
        FilterValue::Null => Value::None,
        FilterValue::Bool(b) => Value::Bool(*b),
        FilterValue::Int(i) => Value::Int(*i),
        FilterValue::Float(x) => Value::Float(*x),
        FilterValue::Str(s) | FilterValue::BigInt(s) => Value::str(s),
        FilterValue::Decimal(d) => Value::Decimal(*d),
        FilterValue::Date(d) => Value::Date(*d),
        FilterValue::DateTime(d, tz) => Value::DateTime(*d, *tz),
        FilterValue::Time(t) => Value::Time(*t),
        FilterValue::Duration(us) => Value::TimeDelta(chrono::TimeDelta::microseconds(*us)),
        _ => Value::None,
    }
}
