//! Migration operations as `makemigrations` writes them for a new app (`CreateModel`,
//! `AddField`, `AddIndex`, `AddConstraint`, `AlterUniqueTogether`), with the parts of their
//! behaviour the optimizer relies on: `describe()`, `references_model`, `references_field`
//! and `reduce()`.

use crate::models::field::Field;
use crate::models::model::{ConstraintDef, IndexDef, ManyToMany, Registry};

/// A field in a migration state: a column (concrete field) or a many-to-many field.
#[derive(Debug, Clone, PartialEq)]
pub enum StateField {
    Column(Field),
    ManyToMany(ManyToMany),
}

impl StateField {
    pub fn name(&self) -> &str {
        match self {
            StateField::Column(f) => &f.name,
            StateField::ManyToMany(m) => &m.name,
        }
    }

    /// `field_references(model, field, reference_model, reference_field_name)`: does this field
    /// point at `model` (lowercased name), through its target or an explicit through model?
    fn references(&self, reg: &Registry, model: &str, field_name: Option<&str>) -> bool {
        match self {
            StateField::Column(f) => match &f.relation {
                Some(rel) if reg.get(rel.to).model_name() == model => {
                    match (&rel.to_field, field_name) {
                        (Some(to_field), Some(name)) => to_field == name,
                        _ => true,
                    }
                }
                _ => false,
            },
            StateField::ManyToMany(m) => {
                reg.get(m.to).model_name() == model
                    || (!m.auto_through && reg.get(m.through).model_name() == model)
            }
        }
    }
}

/// The `Meta` options a migration state keeps (the rest does not change the schema).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelOptions {
    pub db_table: String,
    pub managed: bool,
    pub proxy: bool,
    /// Every index named (`Index.set_name_with_model` names the unnamed ones).
    pub indexes: Vec<IndexDef>,
    pub constraints: Vec<ConstraintDef>,
    pub unique_together: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operation {
    CreateModel {
        /// The class name (`Book`).
        name: String,
        fields: Vec<StateField>,
        options: ModelOptions,
        /// For a proxy: the lowercased name of the model it extends (`bases=("bookstore.book",)`).
        base: Option<String>,
    },
    /// `model_name` is lowercased, as the autodetector writes it.
    AddField {
        model_name: String,
        field: StateField,
    },
    AddIndex {
        model_name: String,
        index: IndexDef,
    },
    AddConstraint {
        model_name: String,
        constraint: ConstraintDef,
    },
    AlterUniqueTogether {
        name: String,
        unique_together: Vec<Vec<String>>,
    },
}

/// What `Operation.reduce(other)` answers: a replacement list, or whether `other` may be
/// optimized across.
pub enum Reduction {
    Replace(Vec<Operation>),
    Through(bool),
}

impl ConstraintDef {
    pub fn name(&self) -> &str {
        match self {
            ConstraintDef::Check { name, .. } | ConstraintDef::Unique { name, .. } => name,
        }
    }
}

impl Operation {
    /// The text `sqlmigrate` prints in its `-- ...` comment.
    pub fn describe(&self) -> String {
        match self {
            Operation::CreateModel { name, options, .. } => {
                format!(
                    "Create {}model {name}",
                    if options.proxy { "proxy " } else { "" }
                )
            }
            Operation::AddField { model_name, field } => {
                format!("Add field {} to {model_name}", field.name())
            }
            Operation::AddIndex { model_name, index } => format!(
                "Create index {} on field(s) {} of model {model_name}",
                index.name,
                index.fields.join(", ")
            ),
            Operation::AddConstraint {
                model_name,
                constraint,
            } => {
                format!(
                    "Create constraint {} on model {model_name}",
                    constraint.name()
                )
            }
            Operation::AlterUniqueTogether {
                name,
                unique_together,
            } => {
                format!(
                    "Alter unique_together for {name} ({} constraint(s))",
                    unique_together.len()
                )
            }
        }
    }

    /// The lowercased name of the model the operation works on.
    pub fn model_name_lower(&self) -> String {
        match self {
            Operation::CreateModel { name, .. } | Operation::AlterUniqueTogether { name, .. } => {
                name.to_lowercase()
            }
            Operation::AddField { model_name, .. }
            | Operation::AddIndex { model_name, .. }
            | Operation::AddConstraint { model_name, .. } => model_name.to_lowercase(),
        }
    }

    /// `Operation.references_model(name)`; `name` is lowercased.
    pub fn references_model(&self, reg: &Registry, name: &str) -> bool {
        match self {
            Operation::CreateModel { fields, base, .. } => {
                self.model_name_lower() == name
                    || base.as_deref() == Some(name)
                    || fields.iter().any(|f| f.references(reg, name, None))
            }
            Operation::AddField { field, .. } => {
                self.model_name_lower() == name || field.references(reg, name, None)
            }
            Operation::AlterUniqueTogether { .. } => self.model_name_lower() == name,
            // IndexOperation keeps Operation's conservative default.
            Operation::AddIndex { .. } | Operation::AddConstraint { .. } => true,
        }
    }

    /// `Operation.references_field(model_name, name)`.
    pub fn references_field(&self, reg: &Registry, model: &str, field_name: &str) -> bool {
        match self {
            Operation::AddField { field, .. } => {
                (self.model_name_lower() == model && field.name() == field_name)
                    || field.references(reg, model, Some(field_name))
            }
            Operation::AlterUniqueTogether {
                unique_together, ..
            } => {
                self.references_model(reg, model)
                    && (unique_together.is_empty()
                        || unique_together
                            .iter()
                            .any(|t| t.iter().any(|f| f == field_name)))
            }
            _ => self.references_model(reg, model),
        }
    }

    /// `Operation.reduce(other)` for the operations an initial migration contains.
    pub fn reduce(&self, other: &Operation, reg: &Registry) -> Reduction {
        match self {
            Operation::CreateModel {
                name,
                fields,
                options,
                base,
            } => {
                let me = name.to_lowercase();
                let same = other.model_name_lower() == me;
                let with = |fields: Vec<StateField>, options: ModelOptions| {
                    Reduction::Replace(vec![Operation::CreateModel {
                        name: name.clone(),
                        fields,
                        options,
                        base: base.clone(),
                    }])
                };
                match other {
                    Operation::AlterUniqueTogether {
                        unique_together, ..
                    } if same => with(
                        fields.clone(),
                        ModelOptions {
                            unique_together: unique_together.clone(),
                            ..options.clone()
                        },
                    ),
                    Operation::AddField { field, .. } if same => {
                        let mut fields = fields.clone();
                        fields.push(field.clone());
                        with(fields, options.clone())
                    }
                    Operation::AddIndex { index, .. } if same => {
                        let mut options = options.clone();
                        options.indexes.push(index.clone());
                        with(fields.clone(), options)
                    }
                    Operation::AddConstraint { constraint, .. } if same => {
                        let mut options = options.clone();
                        options.constraints.push(constraint.clone());
                        with(fields.clone(), options)
                    }
                    _ => Reduction::Through(!other.references_model(reg, &me)),
                }
            }
            Operation::AddField { model_name, field } => Reduction::Through(
                !other.references_field(reg, &model_name.to_lowercase(), field.name()),
            ),
            Operation::AlterUniqueTogether { name, .. } => match other {
                Operation::AlterUniqueTogether {
                    name: other_name, ..
                } if other_name.to_lowercase() == name.to_lowercase() => {
                    Reduction::Replace(vec![other.clone()])
                }
                _ => Reduction::Through(!other.references_model(reg, &name.to_lowercase())),
            },
            Operation::AddIndex { .. } | Operation::AddConstraint { .. } => {
                Reduction::Through(false)
            }
        }
    }
}
