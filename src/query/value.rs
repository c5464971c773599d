//! Values as the query layer sees them: what a lookup was given ([`FilterValue`], converted from
//! the evaluator's values by the ORM) and what is bound to the SQL ([`Param`]), with Django's
//! `get_db_prep_value` rules in between.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

use super::float_decimal::float_to_decimal_text;
use crate::models::{FieldKind, ModelId};

/// A bound SQL parameter, as Django hands it to sqlite3: Decimal and dates become text, booleans 1/0.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// The right-hand side of a lookup, before it is prepared for its field.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    Null,
    Bool(bool),
    Int(i64),
    /// An int beyond 64 bits, as its decimal text (Django's IntegerField lookups then match nothing).
    BigInt(String),
    Float(f64),
    Str(String),
    Decimal(Decimal),
    Date(NaiveDate),
    DateTime(NaiveDateTime, Option<FixedOffset>),
    Time(NaiveTime),
    /// A `datetime.timedelta`, in microseconds (DurationField's database value).
    Duration(i64),
    List(Vec<FilterValue>),
    /// A model instance: its model and primary key.
    Instance {
        model: ModelId,
        pk: Box<FilterValue>,
        /// The instance's class name and `str(instance)`, for Django's messages (boxed: a
        /// lookup's value stays small).
        names: Box<InstanceNames>,
    },
    /// An expression (`F("pages") * 2`), resolved against the query when the filter is added.
    Expr(Box<super::expr::Expr>),
}

impl FilterValue {
    /// Python's `repr`-ish text for error messages.
    pub fn describe(&self) -> String {
        match self {
            FilterValue::Null => "None".into(),
            FilterValue::Bool(b) => if *b { "True" } else { "False" }.into(),
            FilterValue::Int(i) => i.to_string(),
            FilterValue::BigInt(s) => s.clone(),
            FilterValue::Float(x) => x.to_string(),
            FilterValue::Str(s) => format!("'{s}'"),
            FilterValue::Decimal(d) => format!("Decimal('{d}')"),
            FilterValue::Date(d) => d.to_string(),
            FilterValue::DateTime(d, _) => d.to_string(),
            FilterValue::Time(t) => t.to_string(),
            FilterValue::Duration(us) => {
                // repr(timedelta): only the non-zero parts, days normalised as Python does.
                let (days, rem) = (us.div_euclid(86_400_000_000), us.rem_euclid(86_400_000_000));
                let (secs, micros) = (rem / 1_000_000, rem % 1_000_000);
                let mut parts = Vec::new();
                if days != 0 {
                    parts.push(format!("days={days}"));
                }
                if secs != 0 {
                    parts.push(format!("seconds={secs}"));
                }
                if micros != 0 {
                    parts.push(format!("microseconds={micros}"));
                }
                if parts.is_empty() {
                    parts.push("0".into());
                }
                format!("datetime.timedelta({})", parts.join(", "))
            }
            FilterValue::List(_) => "[...]".into(),
            FilterValue::Instance { names, pk, .. } => {
                let model_name = &names.model_name;
                format!("{model_name} object ({})", pk.describe())
            }
            FilterValue::Expr(e) => e.repr(),
        }
    }
}

/// What Django's messages say about a model instance used as a value.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceNames {
    pub model_name: String,
    /// `str(instance)`.
    pub display: String,
}

/// Why a value can't be used for a field: Django's exception class and message.
#[derive(Debug, Clone, PartialEq)]
pub struct PrepError {
    pub class: &'static str,
    pub message: String,
}

/// Mirrors `Field.get_db_prep_value` for the field kinds of the registry (SQLite backend).
/// `field_name` is used in Django's messages: `Field 'pages' expected a number but got 'x'.`
pub fn prep_value(kind: &FieldKind, field_name: &str, v: &FilterValue) -> Result<Param, PrepError> {
    let expected_number = |got: &str| PrepError {
        class: "ValueError",
        message: format!("Field '{field_name}' expected a number but got {got}."),
    };
    Ok(match (kind, v) {
        (_, FilterValue::Null) => Param::Null,
        // DurationField.get_db_prep_value: the microseconds.
        (_, FilterValue::Duration(us)) => Param::Int(*us),
        (k, FilterValue::Instance { pk, .. }) if k.is_relation() => {
            return prep_value(kind, field_name, pk);
        }
        // `int(instance)` fails: Django re-raises the TypeError with the instance's repr.
        (k, FilterValue::Instance { names, .. }) if k.is_integer() => {
            return Err(PrepError {
                class: "TypeError",
                message: format!(
                    "Field '{field_name}' expected a number but got <{}: {}>.",
                    names.model_name, names.display
                ),
            });
        }
        (_, FilterValue::Instance { pk, .. }) => return prep_value(kind, field_name, pk),
        (k, v) if k.is_integer() || k.is_relation() => match v {
            FilterValue::Int(i) => Param::Int(*i),
            FilterValue::Bool(b) => Param::Int(*b as i64),
            FilterValue::Float(x) => Param::Int(x.trunc() as i64),
            FilterValue::Decimal(d) => Param::Int(d.trunc().try_into().unwrap_or(0)),
            FilterValue::BigInt(s) => Param::Text(s.clone()),
            FilterValue::Str(s) => match s.trim().parse::<i64>() {
                Ok(i) => Param::Int(i),
                Err(_) => return Err(expected_number(&format!("'{s}'"))),
            },
            other => return Err(expected_number(&other.describe())),
        },
        (FieldKind::FloatField, v) => match v {
            FilterValue::Int(i) => Param::Real(*i as f64),
            FilterValue::Float(x) => Param::Real(*x),
            FilterValue::Bool(b) => Param::Real(*b as i64 as f64),
            FilterValue::Decimal(d) => Param::Real(d.to_string().parse().unwrap_or(0.0)),
            FilterValue::Str(s) => match s.trim().parse::<f64>() {
                Ok(x) => Param::Real(x),
                Err(_) => return Err(expected_number(&format!("'{s}'"))),
            },
            other => return Err(expected_number(&other.describe())),
        },
        (FieldKind::DecimalField { max_digits, .. }, v) => match v {
            FilterValue::Decimal(d) => Param::Text(d.to_string()),
            FilterValue::Int(i) => Param::Text(i.to_string()),
            FilterValue::Float(x) => Param::Text(float_to_decimal_text(*x, *max_digits)),
            FilterValue::Str(s) => match s.trim().parse::<Decimal>() {
                Ok(d) => Param::Text(d.to_string()),
                Err(_) => {
                    return Err(PrepError {
                        class: "ValidationError",
                        message: format!("['“{s}” value must be a decimal number.']"),
                    });
                }
            },
            other => Param::Text(other.describe()),
        },
        (FieldKind::BooleanField, v) => Param::Int(to_bool(v)? as i64),
        (FieldKind::DateField, v) => match v {
            FilterValue::Date(d) => Param::Text(d.format("%Y-%m-%d").to_string()),
            FilterValue::DateTime(dt, _) => Param::Text(dt.date().format("%Y-%m-%d").to_string()),
            FilterValue::Str(s) => Param::Text(parse_date_text(s)?.format("%Y-%m-%d").to_string()),
            other => Param::Text(other.describe()),
        },
        (FieldKind::DateTimeField, v) => match v {
            FilterValue::DateTime(dt, tz) => Param::Text(datetime_param(dt, tz.as_ref())),
            FilterValue::Date(d) => Param::Text(format!("{} 00:00:00", d.format("%Y-%m-%d"))),
            FilterValue::Str(s) => {
                let (dt, tz) = parse_datetime_text(s)?;
                Param::Text(datetime_param(&dt, tz.as_ref()))
            }
            other => Param::Text(other.describe()),
        },
        (_, v) => match v {
            FilterValue::Str(s) => Param::Text(s.clone()),
            FilterValue::Int(i) => Param::Text(i.to_string()),
            FilterValue::BigInt(s) => Param::Text(s.clone()),
            FilterValue::Float(x) => Param::Text(x.to_string()),
            FilterValue::Bool(b) => Param::Text(if *b { "True" } else { "False" }.into()),
            FilterValue::Decimal(d) => Param::Text(d.to_string()),
            FilterValue::Date(d) => Param::Text(d.format("%Y-%m-%d").to_string()),
            FilterValue::DateTime(dt, tz) => Param::Text(datetime_param(dt, tz.as_ref())),
            FilterValue::Time(t) => Param::Text(t.to_string()),
            other => Param::Text(other.describe()),
        },
    })
}

fn validation_error(message: String) -> PrepError {
    PrepError {
        class: "ValidationError",
        message: format!("['{message}']"),
    }
}

/// Mirrors `BooleanField.to_python`.
pub fn to_bool(v: &FilterValue) -> Result<bool, PrepError> {
    match v {
        FilterValue::Bool(b) => Ok(*b),
        FilterValue::Int(1) => Ok(true),
        FilterValue::Int(0) => Ok(false),
        FilterValue::Str(s) if matches!(s.as_str(), "t" | "True" | "1") => Ok(true),
        FilterValue::Str(s) if matches!(s.as_str(), "f" | "False" | "0") => Ok(false),
        FilterValue::Str(s) => Err(validation_error(format!(
            "“{s}” value must be either True or False."
        ))),
        other => Err(validation_error(format!(
            "“{}” value must be either True or False.",
            other.describe()
        ))),
    }
}

/// `YYYY-M-D` as Django's `parse_date` reads it (exact field widths are not required).
fn ymd(s: &str) -> Option<(i32, u32, u32)> {
    let mut it = s.splitn(3, '-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    let digits = |t: &str, lo: usize, hi: usize| {
        t.len() >= lo && t.len() <= hi && t.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2)) {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// Mirrors `DateField.to_python` for text.
fn parse_date_text(s: &str) -> Result<NaiveDate, PrepError> {
    match ymd(s) {
        Some((y, m, d)) => NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
            validation_error(format!(
                "“{s}” value has the correct format (YYYY-MM-DD) but it is an invalid date."
            ))
        }),
        None => Err(validation_error(format!(
            "“{s}” value has an invalid date format. It must be in YYYY-MM-DD format."
        ))),
    }
}

/// Mirrors `DateTimeField.to_python` for text: a datetime (with an optional offset), or a date
/// at midnight; naive values are taken as UTC (the project's TIME_ZONE).
fn parse_datetime_text(s: &str) -> Result<(NaiveDateTime, Option<FixedOffset>), PrepError> {
    let invalid = || {
        validation_error(format!(
            "“{s}” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format."
        ))
    };
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok((dt.naive_local(), Some(*dt.offset())));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok((dt, None));
        }
    }
    match ymd(s) {
        Some(_) => parse_date_text(s)
            .map(|d| (d.and_hms_opt(0, 0, 0).unwrap_or_default(), None))
            .map_err(|_| invalid()),
        None => Err(invalid()),
    }
}

/// Django converts aware datetimes to UTC and binds them naive, as `YYYY-MM-DD HH:MM:SS[.ffffff]`.
pub fn datetime_param(dt: &NaiveDateTime, tz: Option<&FixedOffset>) -> String {
    let utc = match tz {
        Some(off) => *dt - chrono::Duration::seconds(off.local_minus_utc() as i64),
        None => *dt,
    };
    if utc.and_utc().timestamp_subsec_micros() == 0 {
        utc.format("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        utc.format("%Y-%m-%d %H:%M:%S%.6f").to_string()
    }
}
