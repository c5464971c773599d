//! The checks Django's `Extract` and `TruncBase` make when they are resolved: a date has no
//! hour, a time has no year, and only date/time fields can be truncated.

use super::error::QueryError;
use super::expr::{Expr, FuncCall};
use crate::models::{FieldKind, Registry};

/// The source field of a temporal function: its kind and, for a column, its name.
fn source(f: &FuncCall, reg: &Registry) -> Option<(FieldKind, String)> {
    match f.args.first()? {
        Expr::Col(c) => {
            let field = &reg.get(c.model).fields[c.field];
            Some((field.kind.clone(), field.name.clone()))
        }
        _ => None,
    }
}

pub fn check(f: &FuncCall, reg: &Registry) -> Result<(), QueryError> {
    let is_extract = f.class.starts_with("Extract");
    let is_trunc = f.class.starts_with("Trunc");
    if !is_extract && !is_trunc {
        return Ok(());
    }
    let Some((kind, name)) = source(f, reg) else {
        return Ok(());
    };
    let part = f.function;
    if is_extract {
        return match kind {
            FieldKind::DateField if matches!(part, "hour" | "minute" | "second") => {
                Err(QueryError::value_error(format!(
                    "Cannot extract time component '{part}' from DateField '{name}'."
                )))
            }
            FieldKind::DateField
            | FieldKind::DateTimeField
            | FieldKind::TimeField
            | FieldKind::DurationField => Ok(()),
            _ => Err(QueryError::value_error(
                "Extract input expression must be DateField, DateTimeField, TimeField, or DurationField.",
            )),
        };
    }
    if !matches!(
        kind,
        FieldKind::DateField | FieldKind::DateTimeField | FieldKind::TimeField
    ) {
        return Err(QueryError::new(
            "TypeError",
            format!("'{name}' isn't a DateField, TimeField, or DateTimeField."),
        ));
    }
    // The output the truncation produces: the function's own (TruncDate, TruncTime, dates(),
    // datetimes()) or else the source's.
    let output = f.output.clone().unwrap_or_else(|| kind.clone());
    let explicit = f.output.as_ref().is_some_and(|o| *o != kind);
    let target = if explicit {
        output.class_name()
    } else {
        "DateTimeField"
    };
    match kind {
        FieldKind::DateField
            if output == FieldKind::DateTimeField
                || matches!(part, "hour" | "minute" | "second" | "time") =>
        {
            Err(QueryError::value_error(format!(
                "Cannot truncate DateField '{name}' to {target}."
            )))
        }
        FieldKind::TimeField
            if output == FieldKind::DateTimeField
                || matches!(part, "year" | "quarter" | "month" | "week" | "day" | "date") =>
        {
            Err(QueryError::value_error(format!(
                "Cannot truncate TimeField '{name}' to {target}."
            )))
        }
        _ => Ok(()),
    }
}
