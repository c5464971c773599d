//! One column as the SQLite schema editor writes it: `DatabaseWrapper.data_types`,
//! `data_type_check_constraints` and `data_types_suffix` of the SQLite backend, the
//! `NOT NULL` / `PRIMARY KEY` / `UNIQUE` parts of `_iter_column_sql`, the inline
//! `REFERENCES ... DEFERRABLE INITIALLY DEFERRED` and `effective_default`.

use super::names::quote_name;
use super::values::{Decimal, PyValue, float_to_int, py_float_str};
use crate::models::field::{DefaultValue, Field, FieldKind};
use crate::models::model::Registry;

/// The field a relation points at (`target_field`): `to_field=` or the target's primary key.
pub fn target_field<'a>(field: &Field, reg: &'a Registry) -> Option<&'a Field> {
    let rel = field.relation.as_ref()?;
    let target = reg.get(reg.get(rel.to).concrete);
    match &rel.to_field {
        Some(name) => target.field(name),
        None => Some(target.pk()),
    }
}

/// `field.db_type(connection)`.
pub fn db_type(field: &Field, reg: &Registry) -> String {
    if field.relation.is_some() {
        // `ForeignKey.db_type`: the target field's `rel_db_type`.
        return match target_field(field, reg) {
            Some(t) => rel_db_type(t, reg),
            None => "bigint".into(),
        };
    }
    let varchar = || match field.max_length {
        Some(n) => format!("varchar({n})"),
        None => "varchar".into(),
    };
    match field.kind {
        FieldKind::AutoField | FieldKind::BigAutoField | FieldKind::SmallAutoField => {
            "integer".into()
        }
        FieldKind::CharField
        | FieldKind::EmailField
        | FieldKind::UrlField
        | FieldKind::SlugField => varchar(),
        FieldKind::TextField => "text".into(),
        FieldKind::IntegerField => "integer".into(),
        FieldKind::BigIntegerField => "bigint".into(),
        FieldKind::SmallIntegerField => "smallint".into(),
        FieldKind::PositiveIntegerField => "integer unsigned".into(),
        FieldKind::PositiveBigIntegerField => "bigint unsigned".into(),
        FieldKind::PositiveSmallIntegerField => "smallint unsigned".into(),
        FieldKind::FloatField => "real".into(),
        FieldKind::DecimalField { .. } => "decimal".into(),
        FieldKind::BooleanField => "bool".into(),
        FieldKind::DateField => "date".into(),
        FieldKind::DateTimeField => "datetime".into(),
        FieldKind::TimeField => "time".into(),
        FieldKind::DurationField => "bigint".into(),
        FieldKind::UuidField => "char(32)".into(),
        FieldKind::JsonField => "text".into(),
        // A relation without a resolvable target: handled above.
        FieldKind::ForeignKey | FieldKind::OneToOneField => "bigint".into(),
    }
}

/// `field.rel_db_type(connection)`: the type of a column pointing at `field`.
fn rel_db_type(field: &Field, reg: &Registry) -> String {
    match field.kind {
        FieldKind::AutoField | FieldKind::PositiveIntegerField => "integer".into(),
        FieldKind::BigAutoField | FieldKind::PositiveBigIntegerField => "bigint".into(),
        FieldKind::SmallAutoField | FieldKind::PositiveSmallIntegerField => "smallint".into(),
        _ => db_type(field, reg),
    }
}

/// `data_type_check_constraints` (relations have none).
pub fn check(field: &Field) -> Option<String> {
    let c = &field.column;
    match field.kind {
        FieldKind::PositiveIntegerField
        | FieldKind::PositiveBigIntegerField
        | FieldKind::PositiveSmallIntegerField => Some(format!("\"{c}\" >= 0")),
        FieldKind::JsonField => Some(format!("(JSON_VALID(\"{c}\") OR \"{c}\" IS NULL)")),
        _ => None,
    }
}

/// `data_types_suffix`.
pub fn type_suffix(field: &Field) -> Option<&'static str> {
    field.kind.is_auto().then_some("AUTOINCREMENT")
}

/// `column_sql`'s definition: type, nullability, `PRIMARY KEY` or `UNIQUE`.
pub fn definition(field: &Field, reg: &Registry) -> String {
    let mut parts = vec![db_type(field, reg)];
    parts.push(if field.null { "NULL" } else { "NOT NULL" }.into());
    if field.primary_key {
        parts.push("PRIMARY KEY".into());
    } else if field.is_unique() {
        parts.push("UNIQUE".into());
    }
    parts.join(" ")
}

/// The inline foreign key clause (`sql_create_inline_fk`).
pub fn references(field: &Field, reg: &Registry) -> Option<String> {
    let rel = field.relation.as_ref()?;
    let to = reg.get(reg.get(rel.to).concrete);
    let column = target_field(field, reg)
        .map(|t| t.column.clone())
        .unwrap_or_else(|| "id".into());
    Some(format!(
        "REFERENCES {} ({}) DEFERRABLE INITIALLY DEFERRED",
        quote_name(&to.db_table),
        quote_name(&column)
    ))
}

/// The column definition inside `CREATE TABLE` (`table_sql`): definition, CHECK, suffix, FK.
pub fn table_column_sql(field: &Field, reg: &Registry) -> String {
    let mut def = definition(field, reg);
    if let Some(c) = check(field) {
        def = format!("{def} CHECK ({c})");
    }
    if let Some(s) = type_suffix(field) {
        def = format!("{def} {s}");
    }
    if let Some(r) = references(field, reg) {
        def = format!("{def} {r}");
    }
    format!("{} {def}", quote_name(&field.column))
}

/// The column definition of `ALTER TABLE ... ADD COLUMN` (`add_field`): definition, suffix,
/// CHECK, FK — in that order.
pub fn add_column_sql(field: &Field, reg: &Registry) -> String {
    let mut def = definition(field, reg);
    if let Some(s) = type_suffix(field) {
        def = format!("{def} {s}");
    }
    if let Some(c) = check(field) {
        def = format!("{def} CHECK ({c})");
    }
    if let Some(r) = references(field, reg) {
        def = format!("{def} {r}");
    }
    def
}

/// `BaseDatabaseSchemaEditor.effective_default(field)`, prepared for the database; `None`
/// when there is none. Callable defaults (`timezone.now`) and `auto_now` cannot be evaluated
/// here: they give a placeholder text (only `sqlmigrate` would show it).
pub fn effective_default(field: &Field, reg: &Registry) -> Option<PyValue> {
    let kind = prep_kind(field, reg);
    match &field.default {
        Some(DefaultValue::None) => None,
        Some(DefaultValue::Callable(name)) => Some(callable_default(name, &kind)),
        Some(d) => Some(prep_default(d, &kind)),
        None if !field.null && field.blank && field.kind.is_text() => {
            Some(PyValue::Str(String::new()))
        }
        None if field.auto_now || field.auto_now_add => Some(PyValue::Str("now()".into())),
        None => None,
    }
}

/// The kind whose `get_db_prep_save` applies (a relation saves values as its target field).
fn prep_kind(field: &Field, reg: &Registry) -> FieldKind {
    let mut f = field;
    for _ in 0..8 {
        match target_field(f, reg) {
            Some(t) if f.relation.is_some() => f = t,
            _ => break,
        }
    }
    f.kind.clone()
}

fn callable_default(name: &str, kind: &FieldKind) -> PyValue {
    match (name, kind) {
        ("dict", FieldKind::JsonField) => PyValue::Str("{}".into()),
        ("list", FieldKind::JsonField) => PyValue::Str("[]".into()),
        ("str", _) => PyValue::Str(String::new()),
        ("int", _) => PyValue::Int(0),
        ("float", _) => PyValue::Float(0.0),
        ("bool", _) => PyValue::Bool(false),
        _ => PyValue::Str(format!("{name}()")),
    }
}

/// `field.get_db_prep_save(default)` for a literal default.
fn prep_default(d: &DefaultValue, kind: &FieldKind) -> PyValue {
    let text = match d {
        DefaultValue::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        DefaultValue::Int(i) => i.to_string(),
        DefaultValue::Float(f) => py_float_str(*f),
        DefaultValue::Str(s) => s.clone(),
        DefaultValue::None | DefaultValue::Callable(_) => return PyValue::None,
    };
    if kind.is_integer() {
        return match d {
            DefaultValue::Int(i) => PyValue::Int(*i),
            DefaultValue::Bool(b) => PyValue::Int(*b as i64),
            DefaultValue::Float(f) => float_to_int(*f)
                .map(PyValue::Int)
                .unwrap_or(PyValue::Float(*f)),
            _ => text
                .trim()
                .parse()
                .map(PyValue::Int)
                .unwrap_or(PyValue::Str(text)),
        };
    }
    match kind {
        FieldKind::BooleanField => match d {
            DefaultValue::Bool(b) => PyValue::Bool(*b),
            DefaultValue::Int(i) => PyValue::Bool(*i != 0),
            _ => PyValue::Str(text),
        },
        FieldKind::FloatField => match d {
            DefaultValue::Int(i) => PyValue::Float(*i as f64),
            DefaultValue::Float(f) => PyValue::Float(*f),
            _ => text
                .trim()
                .parse()
                .map(PyValue::Float)
                .unwrap_or(PyValue::Str(text)),
        },
        FieldKind::DecimalField { max_digits, .. } => {
            let dec = match d {
                DefaultValue::Int(i) => Some(Decimal::from_int(*i)),
                DefaultValue::Bool(b) => Some(Decimal::from_int(*b as i64)),
                DefaultValue::Float(f) => Decimal::from_float(*f, *max_digits),
                _ => Decimal::parse(&text),
            };
            dec.map(|x| PyValue::Decimal(x.to_string()))
                .unwrap_or(PyValue::Str(text))
        }
        FieldKind::JsonField => PyValue::Str(match d {
            DefaultValue::Bool(b) => if *b { "true" } else { "false" }.into(),
            DefaultValue::Str(s) => serde_json::Value::String(s.clone()).to_string(),
            _ => text,
        }),
        _ => PyValue::Str(text),
    }
}
