//! One model field as Django's `_meta` describes it: its kind, column, options and relation.

use super::{ModelId, Name};

/// The field classes the sample schema (and typical learner models) use.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    AutoField,
    BigAutoField,
    SmallAutoField,
    CharField,
    TextField,
    EmailField,
    UrlField,
    SlugField,
    IntegerField,
    BigIntegerField,
    SmallIntegerField,
    PositiveIntegerField,
    PositiveBigIntegerField,
    PositiveSmallIntegerField,
    FloatField,
    DecimalField {
        max_digits: u32,
        decimal_places: u32,
    },
    BooleanField,
    DateField,
    DateTimeField,
    TimeField,
    DurationField,
    UuidField,
    JsonField,
    ForeignKey,
    OneToOneField,
}

impl FieldKind {
    /// The class name Django's messages use (`Unsupported lookup 'x' for CharField ...`).
    pub fn class_name(&self) -> &'static str {
        match self {
            FieldKind::AutoField => "AutoField",
            FieldKind::BigAutoField => "BigAutoField",
            FieldKind::SmallAutoField => "SmallAutoField",
            FieldKind::CharField => "CharField",
            FieldKind::TextField => "TextField",
            FieldKind::EmailField => "EmailField",
            FieldKind::UrlField => "URLField",
            FieldKind::SlugField => "SlugField",
            FieldKind::IntegerField => "IntegerField",
            FieldKind::BigIntegerField => "BigIntegerField",
            FieldKind::SmallIntegerField => "SmallIntegerField",
            FieldKind::PositiveIntegerField => "PositiveIntegerField",
            FieldKind::PositiveBigIntegerField => "PositiveBigIntegerField",
            FieldKind::PositiveSmallIntegerField => "PositiveSmallIntegerField",
            FieldKind::FloatField => "FloatField",
            FieldKind::DecimalField { .. } => "DecimalField",
            FieldKind::BooleanField => "BooleanField",
            FieldKind::DateField => "DateField",
            FieldKind::DateTimeField => "DateTimeField",
            FieldKind::TimeField => "TimeField",
            FieldKind::DurationField => "DurationField",
            FieldKind::UuidField => "UUIDField",
            FieldKind::JsonField => "JSONField",
            FieldKind::ForeignKey => "ForeignKey",
            FieldKind::OneToOneField => "OneToOneField",
        }
    }

    pub fn from_class_name(name: &str) -> Option<FieldKind> {
        Some(match name {
            "AutoField" => FieldKind::AutoField,
            "BigAutoField" => FieldKind::BigAutoField,
            "SmallAutoField" => FieldKind::SmallAutoField,
            "CharField" => FieldKind::CharField,
            "TextField" => FieldKind::TextField,
            "EmailField" => FieldKind::EmailField,
            "URLField" => FieldKind::UrlField,
            "SlugField" => FieldKind::SlugField,
            "IntegerField" => FieldKind::IntegerField,
            "BigIntegerField" => FieldKind::BigIntegerField,
            "SmallIntegerField" => FieldKind::SmallIntegerField,
            "PositiveIntegerField" => FieldKind::PositiveIntegerField,
            "PositiveBigIntegerField" => FieldKind::PositiveBigIntegerField,
            "PositiveSmallIntegerField" => FieldKind::PositiveSmallIntegerField,
            "FloatField" => FieldKind::FloatField,
            "DecimalField" => FieldKind::DecimalField {
                max_digits: 0,
                decimal_places: 0,
            },
            "BooleanField" => FieldKind::BooleanField,
            "DateField" => FieldKind::DateField,
            "DateTimeField" => FieldKind::DateTimeField,
            "TimeField" => FieldKind::TimeField,
            "DurationField" => FieldKind::DurationField,
            "UUIDField" => FieldKind::UuidField,
            "JSONField" => FieldKind::JsonField,
            "ForeignKey" => FieldKind::ForeignKey,
            "OneToOneField" => FieldKind::OneToOneField,
            _ => return None,
        })
    }

    pub fn is_relation(&self) -> bool {
        matches!(self, FieldKind::ForeignKey | FieldKind::OneToOneField)
    }

    pub fn is_auto(&self) -> bool {
        matches!(
            self,
            FieldKind::AutoField | FieldKind::BigAutoField | FieldKind::SmallAutoField
        )
    }

    /// Django's `get_internal_type()`, which decides converters and lookups.
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            FieldKind::CharField
                | FieldKind::TextField
                | FieldKind::EmailField
                | FieldKind::UrlField
                | FieldKind::SlugField
        )
    }

    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            FieldKind::AutoField
                | FieldKind::BigAutoField
                | FieldKind::SmallAutoField
                | FieldKind::IntegerField
                | FieldKind::BigIntegerField
                | FieldKind::SmallIntegerField
                | FieldKind::PositiveIntegerField
                | FieldKind::PositiveBigIntegerField
                | FieldKind::PositiveSmallIntegerField
        )
    }
}

/// What `on_delete=` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDelete {
    Cascade,
    Protect,
    Restrict,
    SetNull,
    SetDefault,
    DoNothing,
}

impl OnDelete {
    pub fn from_name(name: &str) -> Option<OnDelete> {
        Some(match name {
            "CASCADE" => OnDelete::Cascade,
            "PROTECT" => OnDelete::Protect,
            "RESTRICT" => OnDelete::Restrict,
            "SET_NULL" => OnDelete::SetNull,
            "SET_DEFAULT" => OnDelete::SetDefault,
            "DO_NOTHING" => OnDelete::DoNothing,
            _ => return None,
        })
    }
}

/// A field's `default=`, kept as the literal models.py wrote.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    None,
    /// A callable such as `timezone.now`, named by its dotted path.
    Callable(String),
}

/// The forward side of a ForeignKey or OneToOneField.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Resolved after all models are read (`"self"` and forward references).
    pub to: ModelId,
    pub on_delete: OnDelete,
    /// `related_name=`; `None` means Django's default (`review_set` / `profile`).
    pub related_name: Option<String>,
    pub related_query_name: Option<String>,
    /// `to_field=`; `None` is the target's primary key.
    pub to_field: Option<String>,
}

/// A concrete field (it has a column). Many-to-many fields are [`super::ManyToMany`].
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    /// `publisher_id` for a ForeignKey named `publisher`; otherwise the name.
    pub attname: Name,
    pub column: Name,
    pub kind: FieldKind,
    pub null: bool,
    pub blank: bool,
    pub unique: bool,
    pub primary_key: bool,
    pub db_index: bool,
    pub max_length: Option<u32>,
    pub default: Option<DefaultValue>,
    pub auto_created: bool,
    pub relation: Option<Relation>,
    pub auto_now: bool,
    pub auto_now_add: bool,
}

impl Field {
    pub fn new(name: &str, kind: FieldKind) -> Field {
        Field {
            name: name.to_string(),
            attname: name.into(),
            column: name.into(),
            kind,
            null: false,
            blank: false,
            unique: false,
            primary_key: false,
            db_index: false,
            max_length: None,
            default: None,
            auto_created: false,
            relation: None,
            auto_now: false,
            auto_now_add: false,
        }
    }

    /// Unique in the database: `primary_key` implies it, and so does a OneToOneField.
    pub fn is_unique(&self) -> bool {
        self.unique || self.primary_key || self.kind == FieldKind::OneToOneField
    }
}
