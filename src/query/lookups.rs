//! Lookups (`exact`, `icontains`, `in`, ...): which ones each field kind has and how a lookup's
//! value is prepared. Mirrors django/db/models/lookups.py; the SQL operators live in the compiler.

use crate::models::FieldKind;
use crate::util::difflib::get_close_matches;

use super::error::{Degenerate, QueryError};
use super::ir::{Lhs, Lookup, Rhs, TemporalKind, Transform};
use super::value::{FilterValue, Param, prep_value};

/// Lookups Django registers on every `Field`.
const FIELD_LOOKUPS: &[&str] = &[
    "exact",
    "iexact",
    "gt",
    "gte",
    "lt",
    "lte",
    "in",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "range",
    "isnull",
    "regex",
    "iregex",
];

/// Lookups of a ForeignKey / OneToOneField (`RelatedExact`, `RelatedIn`, ...).
const RELATED_LOOKUPS: &[&str] = &["exact", "in", "gt", "gte", "lt", "lte", "isnull"];

const DATE_TRANSFORMS: &[&str] = &[
    "year",
    "iso_year",
    "month",
    "day",
    "week",
    "week_day",
    "iso_week_day",
    "quarter",
];
const DATETIME_TRANSFORMS: &[&str] = &["date", "time", "hour", "minute", "second"];

/// Every lookup and transform name `get_lookups()` lists for a field kind.
pub fn lookup_names(kind: &FieldKind) -> Vec<&'static str> {
    if kind.is_relation() {
        return RELATED_LOOKUPS.to_vec();
    }
    let mut names = FIELD_LOOKUPS.to_vec();
    match kind {
        FieldKind::DateField => names.extend(DATE_TRANSFORMS),
        FieldKind::DateTimeField => {
            names.extend(DATE_TRANSFORMS);
            names.extend(DATETIME_TRANSFORMS);
        }
        FieldKind::TimeField => names.extend(["hour", "minute", "second"]),
        _ => {}
    }
    names
}

/// Escapes `\`, `%` and `_` for a LIKE pattern (Mirrors `DatabaseOperations.prep_for_like_query`).
pub fn prep_for_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// `Unsupported lookup 'x' for CharField or join on the field not permitted, perhaps you meant ...?`
/// Mirrors `Query.try_transform`'s error; `shown` is the name and the lookups after it
/// (`foo__bar`), `name` the one that failed.
pub fn unsupported_lookup(name: &str, shown: &str, kind: &FieldKind) -> QueryError {
    let names = lookup_names(kind);
    let close = get_close_matches(name, names.iter().copied(), 3, 0.6);
    let suggestion = if close.is_empty() {
        ".".to_string()
    } else {
        format!(", perhaps you meant {}?", close.join(" or "))
    };
    QueryError::field_error(format!(
        "Unsupported lookup '{shown}' for {} or join on the field not permitted{suggestion}",
        kind.class_name()
    ))
}

/// Python's text of a value inside a LIKE pattern (`str(value)`).
fn like_text(v: &FilterValue) -> String {
    match v {
        FilterValue::Str(s) => s.clone(),
        FilterValue::Bool(b) => if *b { "True" } else { "False" }.into(),
        FilterValue::Int(i) => i.to_string(),
        FilterValue::BigInt(s) => s.clone(),
        FilterValue::Float(x) => x.to_string(),
        FilterValue::Decimal(d) => d.to_string(),
        FilterValue::Date(d) => d.to_string(),
        other => other.describe(),
    }
}

/// The result of building a lookup: a condition, or a condition that is always false/true.
pub enum Built {
    Lookup(Box<Lookup>),
    Degenerate(Degenerate),
}

/// Mirrors `Query.try_transform`: the transform named `name` on a column of `kind`, and the
/// kind of its output.
fn try_transform(
    kind: &FieldKind,
    name: &str,
    shown: &str,
) -> Result<(Transform, FieldKind), QueryError> {
    let source = match kind {
        FieldKind::DateField => Some(TemporalKind::Date),
        FieldKind::DateTimeField => Some(TemporalKind::DateTime),
        FieldKind::TimeField => Some(TemporalKind::Time),
        _ => None,
    };
    let allowed = lookup_names(kind);
    let is_transform = DATE_TRANSFORMS.contains(&name) || DATETIME_TRANSFORMS.contains(&name);
    match (source, allowed.iter().find(|n| **n == name && is_transform)) {
        (Some(TemporalKind::DateTime), Some(&"date")) => {
            Ok((Transform::TruncDate, FieldKind::DateField))
        }
        (Some(TemporalKind::DateTime), Some(&"time")) => {
            Ok((Transform::TruncTime, FieldKind::TimeField))
        }
        (Some(source), Some(&n)) => Ok((
            Transform::Extract { name: n, source },
            FieldKind::IntegerField,
        )),
        _ => Err(unsupported_lookup(name, shown, kind)),
    }
}

/// Mirrors `setup_joins`' `transform_function`: the names left after the fields (`month` of
/// `F("book__pubdate__month")`) wrap the column in their transforms; one that does not exist
/// raises why the longer path did not resolve (`last_field_error`), as Django does for a field.
pub fn apply_transforms(
    mut expr: super::expr::Expr,
    kind: &FieldKind,
    names: &[String],
    last_field_error: Option<QueryError>,
) -> Result<(super::expr::Expr, FieldKind), QueryError> {
    use super::expr::{Expr, FuncCall};
    let mut kind = kind.clone();
    for name in names {
        let (tr, out) = match try_transform(&kind, name, name) {
            Ok(t) => t,
            Err(e) => return Err(last_field_error.unwrap_or(e)),
        };
        let (class, function) = match tr {
            Transform::Extract { name, .. } => (extract_class(name), name),
            Transform::TruncDate => ("TruncDate", "date"),
            Transform::TruncTime => ("TruncTime", "time"),
        };
        expr = Expr::Func(FuncCall {
            class,
            function,
            args: vec![expr],
            output: None,
        });
        kind = out;
    }
    Ok((expr, kind))
}

/// The `Extract` subclass Django registers as the transform `name` (`year` → `ExtractYear`).
fn extract_class(name: &str) -> &'static str {
    match name {
        "year" => "ExtractYear",
        "iso_year" => "ExtractIsoYear",
        "quarter" => "ExtractQuarter",
        "month" => "ExtractMonth",
        "week" => "ExtractWeek",
        "week_day" => "ExtractWeekDay",
        "iso_week_day" => "ExtractIsoWeekDay",
        "day" => "ExtractDay",
        "hour" => "ExtractHour",
        "minute" => "ExtractMinute",
        "second" => "ExtractSecond",
        _ => "Extract",
    }
}

/// Mirrors `Query.build_lookup` plus each lookup's `get_prep_lookup`/`process_rhs`.
/// `field_name` and `kind` describe the column `lhs` reads.
pub fn build_lookup<S: AsRef<str> + std::borrow::Borrow<str>>(
    lookups: &[S],
    lhs_expr: super::expr::Expr,
    field_name: &str,
    kind: &FieldKind,
    is_relation: bool,
    value: &FilterValue,
) -> Result<Built, QueryError> {
    let (transform_names, last) = match lookups.split_last() {
        Some((last, rest)) => (rest, last.as_ref()),
        None => (&[][..], "exact"),
    };
    let mut kind = kind.clone();
    let mut transforms = Vec::new();
    for (i, t) in transform_names.iter().enumerate() {
        let (tr, out) = try_transform(&kind, t.as_ref(), &lookups[i..].join("__"))?;
        transforms.push(tr);
        kind = out;
    }
    let relation = is_relation && transforms.is_empty();
    let allowed = if relation {
        RELATED_LOOKUPS
    } else {
        FIELD_LOOKUPS
    };
    let name: &'static str = match allowed.iter().find(|n| **n == last) {
        Some(n) => n,
        None => {
            // Not a lookup: try it as a transform compared with `exact`.
            let (tr, out) = try_transform(&kind, last, last)?;
            transforms.push(tr);
            kind = out;
            "exact"
        }
    };
    let lhs = Lhs {
        expr: lhs_expr,
        transforms,
    };
    if let FilterValue::Expr(e) = value {
        // In.get_prep_lookup: a QuerySet value selects one column for one left-hand column.
        if let ("in", super::expr::Expr::Subquery(s)) = (name, e.as_ref())
            && !s.exists
            && let crate::query::ir::SelectKind::Values { cols, .. } = &s.query.select
            && cols.len() != 1
        {
            return Err(QueryError::value_error(format!(
                "The QuerySet value for the 'in' lookup must have 1 selected fields (received {})",
                cols.len()
            )));
        }
        // Already resolved by build_filter (Mirrors resolve_lookup_value).
        return Ok(Built::Lookup(Box::new(Lookup {
            lhs,
            name,
            rhs: Rhs::Expr((**e).clone()),
        })));
    }
    if matches!(value, FilterValue::Null) && name != "isnull" {
        if name != "exact" && name != "iexact" {
            return Err(QueryError::value_error("Cannot use None as a query value"));
        }
        return Ok(Built::Lookup(Box::new(Lookup {
            lhs,
            name: "isnull",
            rhs: Rhs::IsNull(true),
        })));
    }
    let kind = &kind;
    // A transform's output field is unnamed: Django's messages say 'None'.
    let field_name = if lhs.transforms.is_empty() {
        field_name
    } else {
        "None"
    };
    let prep = |v: &FilterValue| -> Result<Param, QueryError> {
        prep_value(kind, field_name, v).map_err(|e| QueryError::new(e.class, e.message))
    };
    let integer = kind.is_integer() && !relation;
    let rhs = match name {
        "isnull" => match value {
            FilterValue::Bool(b) => Rhs::IsNull(*b),
            _ => {
                return Err(QueryError::value_error(
                    "The QuerySet value for an isnull lookup must be True or False.",
                ));
            }
        },
        "in" => {
            // A string is an iterable of its characters.
            let chars: FilterValue;
            let value = match value {
                FilterValue::Str(s) => {
                    chars = FilterValue::List(
                        s.chars().map(|c| FilterValue::Str(c.to_string())).collect(),
                    );
                    &chars
                }
                other => other,
            };
            let FilterValue::List(items) = value else {
                return Err(QueryError::type_error(format!(
                    "'{}' object is not iterable",
                    type_name(value)
                )));
            };
            let mut params: Vec<Param> = Vec::new();
            for item in items {
                if matches!(item, FilterValue::Null) {
                    continue;
                }
                let p = prep(item)?;
                if !params.contains(&p) {
                    params.push(p);
                }
            }
            if params.is_empty() {
                return Ok(Built::Degenerate(Degenerate::Empty));
            }
            Rhs::Many(params)
        }
        "range" => match value {
            FilterValue::List(items) if items.len() == 2 => {
                Rhs::Pair(prep(&items[0])?, prep(&items[1])?)
            }
            // Django indexes the pair and formats `BETWEEN %s AND %s` with all of it.
            FilterValue::List(items) if items.len() > 2 => {
                return Err(QueryError::new(
                    "TypeError",
                    "not all arguments converted during string formatting",
                ));
            }
            FilterValue::List(_) => {
                return Err(QueryError::new("IndexError", "tuple index out of range"));
            }
            other => {
                let type_name = match other {
                    FilterValue::Int(_) | FilterValue::BigInt(_) => "int",
                    FilterValue::Float(_) => "float",
                    FilterValue::Bool(_) => "bool",
                    FilterValue::Decimal(_) => "decimal.Decimal",
                    FilterValue::Date(_) => "datetime.date",
                    FilterValue::DateTime(..) => "datetime.datetime",
                    FilterValue::Time(_) => "datetime.time",
                    FilterValue::Null => "NoneType",
                    _ => "object",
                };
                return Err(QueryError::new(
                    "TypeError",
                    format!("'{type_name}' object is not iterable"),
                ));
            }
        },
        "contains" | "icontains" => Rhs::One(Param::Text(
            ["%", &prep_for_like(&like_text(value)), "%"].concat(),
        )),
        "startswith" | "istartswith" => Rhs::One(Param::Text(
            [&prep_for_like(&like_text(value)), "%"].concat(),
        )),
        "endswith" | "iendswith" => Rhs::One(Param::Text(
            ["%", &prep_for_like(&like_text(value))].concat(),
        )),
        "iexact" => Rhs::One(Param::Text(prep_for_like(&like_text(value)))),
        "regex" | "iregex" => Rhs::One(Param::Text(like_text(value))),
        "exact" if *kind == FieldKind::BooleanField => Rhs::Conditional(
            super::value::to_bool(value).map_err(|e| QueryError::new(e.class, e.message))?,
        ),
        _ => {
            if integer && let Some(d) = integer_overflow(name, kind, value) {
                return Ok(Built::Degenerate(d));
            }
            let value = match (integer, name, value) {
                // IntegerFieldFloatRounding: gte and lt round a float up.
                (true, "gte" | "lt", FilterValue::Float(x)) => FilterValue::Int(x.ceil() as i64),
                _ => value.clone(),
            };
            let p = prep(&value)?;
            match (lhs.transforms.last(), &p) {
                (
                    Some(Transform::Extract {
                        name: y @ ("year" | "iso_year"),
                        source,
                    }),
                    Param::Int(year),
                ) => {
                    let inner_kind = match source {
                        TemporalKind::DateTime => FieldKind::DateTimeField,
                        _ => FieldKind::DateField,
                    };
                    let bounds = year_bounds(*year, *y == "iso_year", &inner_kind);
                    let params = match name {
                        "exact" => bounds.to_vec(),
                        "gt" | "lte" => vec![bounds[1].clone()],
                        _ => vec![bounds[0].clone()],
                    };
                    Rhs::YearBounds(params)
                }
                _ => Rhs::One(p),
            }
        }
    };
    Ok(Built::Lookup(Box::new(Lookup { lhs, name, rhs })))
}

/// Mirrors `year_lookup_bounds_for_date_field` / `_for_datetime_field` (UTC, so no shift).
fn year_bounds(year: i64, iso: bool, kind: &FieldKind) -> [Param; 2] {
    use chrono::{Datelike, NaiveDate, Weekday};
    let y = year as i32;
    let (first, last) = if iso {
        let f = NaiveDate::from_isoywd_opt(y, 1, Weekday::Mon);
        let n = NaiveDate::from_isoywd_opt(y + 1, 1, Weekday::Mon).and_then(|d| d.pred_opt());
        (f, n)
    } else {
        (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y, 12, 31),
        )
    };
    let fmt = |d: Option<NaiveDate>, end: bool| -> Param {
        let Some(d) = d else {
            return Param::Text(String::new());
        };
        let date = format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
        Param::Text(match (kind, end) {
            (FieldKind::DateTimeField, false) => format!("{date} 00:00:00"),
            (FieldKind::DateTimeField, true) => format!("{date} 23:59:59.999999"),
            _ => date,
        })
    };
    [fmt(first, false), fmt(last, true)]
}

/// Mirrors `IntegerFieldOverflow`: out-of-range ints make the condition never (or always) true.
fn integer_overflow(name: &str, kind: &FieldKind, value: &FilterValue) -> Option<Degenerate> {
    let min: i128 = match kind {
        FieldKind::PositiveIntegerField
        | FieldKind::PositiveSmallIntegerField
        | FieldKind::PositiveBigIntegerField => 0,
        _ => i64::MIN as i128,
    };
    let v: i128 = match value {
        FilterValue::Int(i) => *i as i128,
        FilterValue::BigInt(s) => {
            if s.starts_with('-') {
                i128::MIN
            } else {
                i128::MAX
            }
        }
        _ => return None,
    };
    let (under, over) = match name {
        "exact" => (Degenerate::Empty, Degenerate::Empty),
        "gt" | "gte" => (Degenerate::Full, Degenerate::Empty),
        "lt" | "lte" => (Degenerate::Empty, Degenerate::Full),
        _ => return None,
    };
    if v < min {
        Some(under)
    } else if v > i64::MAX as i128 {
        Some(over)
    } else {
        None
    }
}

fn type_name(v: &FilterValue) -> &'static str {
    match v {
        FilterValue::Null => "NoneType",
        FilterValue::Bool(_) => "bool",
        FilterValue::Int(_) | FilterValue::BigInt(_) => "int",
        FilterValue::Float(_) => "float",
        FilterValue::Str(_) => "str",
        FilterValue::Decimal(_) => "Decimal",
        FilterValue::Date(_) => "date",
        FilterValue::DateTime(..) => "datetime",
        FilterValue::Time(_) => "time",
        FilterValue::Duration(_) => "timedelta",
        FilterValue::List(_) => "list",
        FilterValue::Instance { .. } => "Model",
        FilterValue::Expr(_) => "Expression",
    }
}
