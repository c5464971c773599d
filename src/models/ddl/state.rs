//! The migration `ProjectState` while a migration applies (`state_forwards` of each
//! operation) and the models the schema editor gets from it (`state.apps.get_model`).

use super::operations::{ModelOptions, Operation, StateField};
use crate::models::field::Field;
use crate::models::model::{ManyToMany, ModelId, Registry};

/// `ModelState`: a model as the migration state knows it.
#[derive(Debug, Clone)]
pub struct ModelState {
    pub name: String,
    pub fields: Vec<StateField>,
    pub options: ModelOptions,
}

/// A model rendered from the state, as the schema editor uses it.
#[derive(Debug, Clone)]
pub struct RenderedModel {
    /// The registry model it stands for (`None` for none), to recognise self-references.
    pub id: Option<ModelId>,
    pub db_table: String,
    /// `_meta.local_concrete_fields`, in order.
    pub fields: Vec<Field>,
    /// `_meta.local_many_to_many`.
    pub many_to_many: Vec<ManyToMany>,
    pub options: ModelOptions,
}

impl RenderedModel {
    /// Whether `allow_migrate_model` lets the schema editor touch it.
    pub fn migrates(&self) -> bool {
        self.options.managed && !self.options.proxy
    }

    /// `_meta.get_field(name)` among the columns: by name, or by attname (`publisher_id`).
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .or_else(|| self.fields.iter().find(|f| &*f.attname == name))
    }

    /// The automatic through model of a many-to-many field (`bookstore_book_authors`):
    /// `id`, the two foreign keys and `unique_together` on them.
    pub fn auto_through(m2m: &ManyToMany, reg: &Registry) -> RenderedModel {
        let through = reg.get(m2m.through);
        let unique: Vec<String> = through
            .fields
            .iter()
            .filter(|f| f.relation.is_some())
            .map(|f| f.name.clone())
            .collect();
        RenderedModel {
            id: Some(m2m.through),
            db_table: through.db_table.to_string(),
            fields: through.fields.clone(),
            many_to_many: Vec::new(),
            options: ModelOptions {
                db_table: through.db_table.to_string(),
                managed: true,
                proxy: false,
                indexes: Vec::new(),
                constraints: Vec::new(),
                unique_together: vec![unique],
            },
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ProjectState {
    pub models: Vec<ModelState>,
}

impl ProjectState {
    fn model_mut(&mut self, name_lower: &str) -> Option<&mut ModelState> {
        self.models
            .iter_mut()
            .find(|m| m.name.to_lowercase() == name_lower)
    }

    pub fn model(&self, name_lower: &str) -> Option<&ModelState> {
        self.models
            .iter()
            .find(|m| m.name.to_lowercase() == name_lower)
    }

    /// `operation.state_forwards(app_label, state)`.
    pub fn apply(&mut self, op: &Operation) {
        match op {
            Operation::CreateModel {
                name,
                fields,
                options,
                ..
            } => self.models.push(ModelState {
                name: name.clone(),
                fields: fields.clone(),
                options: options.clone(),
            }),
            Operation::AddField { model_name, field } => {
                if let Some(m) = self.model_mut(&model_name.to_lowercase()) {
                    m.fields.push(field.clone());
                }
            }
            Operation::AddIndex { model_name, index } => {
                if let Some(m) = self.model_mut(&model_name.to_lowercase()) {
                    m.options.indexes.push(index.clone());
                }
            }
            Operation::AddConstraint {
                model_name,
                constraint,
            } => {
                if let Some(m) = self.model_mut(&model_name.to_lowercase()) {
                    m.options.constraints.push(constraint.clone());
                }
            }
            Operation::AlterUniqueTogether {
                name,
                unique_together,
            } => {
                if let Some(m) = self.model_mut(&name.to_lowercase()) {
                    m.options.unique_together = unique_together.clone();
                }
            }
        }
    }

    /// `state.apps.get_model(app_label, name)`.
    pub fn render(&self, name_lower: &str, reg: &Registry) -> Option<RenderedModel> {
        let m = self.model(name_lower)?;
        let mut fields = Vec::new();
        let mut many_to_many = Vec::new();
        for f in &m.fields {
            match f {
                StateField::Column(c) => fields.push(c.clone()),
                StateField::ManyToMany(mm) => many_to_many.push(mm.clone()),
            }
        }
        Some(RenderedModel {
            id: reg.by_name(&m.name),
            db_table: m.options.db_table.clone(),
            fields,
            many_to_many,
            options: m.options.clone(),
        })
    }
}
