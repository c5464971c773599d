//! A model as Django's `_meta` (Options) describes it, and the registry of an app's models.

use std::rc::Rc;

use super::Name;
use super::field::{Field, FieldKind};
use crate::syntax::{Expr, Params, Stmt};

/// Index of a model in [`Registry::models`].
pub type ModelId = usize;

/// A `def` from models.py (a model or manager method), kept as source for the evaluator.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodDef {
    pub name: String,
    pub params: Params,
    pub body: Rc<Vec<Stmt>>,
    pub decorators: Vec<Expr>,
}

/// A manager class defined in models.py (`class BookManager(models.Manager)`).
#[derive(Debug, Clone, PartialEq)]
pub struct ManagerClass {
    pub name: String,
    /// The base class: another manager class of the module, or `None` for `models.Manager`.
    pub base: Option<String>,
    pub methods: Vec<Rc<MethodDef>>,
}

/// `objects = BookManager()` on a model.
#[derive(Debug, Clone, PartialEq)]
pub struct ManagerDecl {
    pub name: String,
    /// `None` for a plain `models.Manager()` (or Django's automatic `objects`).
    pub class: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndexDef {
    pub name: String,
    /// Field names; a leading `-` means descending.
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintDef {
    /// `CheckConstraint(condition=Q(...), name=...)`; the condition stays as source.
    Check {
        name: String,
        condition: Expr,
    },
    Unique {
        name: String,
        fields: Vec<String>,
    },
}

/// A ManyToManyField. Its `through` model (auto-created or explicit) is a model of the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct ManyToMany {
    pub name: String,
    pub to: ModelId,
    pub through: ModelId,
    /// Whether Django made the through model itself (`bookstore_book_authors`).
    pub auto_through: bool,
    pub related_name: Option<String>,
    pub related_query_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    ForeignKey,
    OneToOne,
    ManyToMany,
}

/// The other end of a relation, as seen from its target model (`Publisher.books`, `Book.review_set`).
#[derive(Debug, Clone, PartialEq)]
pub struct ReverseRelation {
    /// The model that declares the field.
    pub model: ModelId,
    /// The declaring field's name on that model.
    pub field: String,
    pub kind: RelationKind,
    /// Attribute on instances: `related_name`, else `review_set` (or `profile` for one-to-one).
    pub accessor: String,
    /// Name in lookups: `related_query_name`, else `related_name`, else the model name lowercased.
    pub query_name: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub ordering: Vec<String>,
    pub managed: bool,
    pub proxy: bool,
    pub get_latest_by: Vec<String>,
    pub indexes: Vec<IndexDef>,
    pub constraints: Vec<ConstraintDef>,
    /// `unique_together`, normalized to a list of field-name lists (as `normalize_together`).
    pub unique_together: Vec<Vec<String>>,
    pub default_manager_name: Option<String>,
    pub verbose_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The class name (`Book`).
    pub name: String,
    pub app_label: String,
    pub db_table: Name,
    /// Concrete fields in Django's order: the automatic `id` first, then as declared.
    pub fields: Vec<Field>,
    pub many_to_many: Vec<ManyToMany>,
    pub reverse: Vec<ReverseRelation>,
    pub meta: Meta,
    /// For a proxy model, the model whose table it uses; otherwise itself.
    pub concrete: ModelId,
    /// For a proxy model, the model class it extends (its `bases`), which may itself be a proxy.
    pub parent: Option<ModelId>,
    /// Managers in the order Django ranks them (own first, then inherited); the first is the default.
    pub managers: Vec<ManagerDecl>,
    pub methods: Vec<Rc<MethodDef>>,
    /// True for an automatic many-to-many through model.
    pub auto_created: bool,
    /// [`Model::label`], made on first use (every instance shown carries it).
    pub label_text: std::cell::OnceCell<String>,
}

impl Model {
    /// `model_name`: the lowercased class name.
    pub fn model_name(&self) -> String {
        self.name.to_lowercase()
    }

    /// `app_label.ModelName`, as `{"$model": ...}` and delete counters show it.
    pub fn label(&self) -> String {
        self.label_text
            .get_or_init(|| format!("{}.{}", self.app_label, self.name))
            .clone()
    }

    pub fn pk(&self) -> &Field {
        // Every model gets a primary key when it is loaded (an automatic `id` when none is declared).
        self.fields
            .iter()
            .find(|f| f.primary_key)
            .unwrap_or(&self.fields[0])
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn field_by_attname(&self, attname: &str) -> Option<&Field> {
        self.fields.iter().find(|f| &*f.attname == attname)
    }

    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    pub fn m2m(&self, name: &str) -> Option<&ManyToMany> {
        self.many_to_many.iter().find(|m| m.name == name)
    }

    pub fn method(&self, name: &str) -> Option<&Rc<MethodDef>> {
        self.methods.iter().find(|m| m.name == name)
    }

    pub fn default_manager(&self) -> Option<&ManagerDecl> {
        match &self.meta.default_manager_name {
            Some(n) => self.managers.iter().find(|m| &m.name == n),
            None => self.managers.first(),
        }
    }
}

/// All models of the app, plus the manager classes models.py defines.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub app_label: String,
    pub models: Vec<Model>,
    pub manager_classes: Vec<ManagerClass>,
    by_name: crate::util::FastMap<String, ModelId>,
}

impl Registry {
    pub fn new(app_label: &str) -> Registry {
        Registry {
            app_label: app_label.to_string(),
            ..Default::default()
        }
    }

    pub fn add(&mut self, model: Model) -> ModelId {
        let id = self.models.len();
        self.by_name.insert(model.name.clone(), id);
        self.models.push(model);
        id
    }

    pub fn get(&self, id: ModelId) -> &Model {
        &self.models[id]
    }

    pub fn by_name(&self, name: &str) -> Option<ModelId> {
        self.by_name.get(name).copied()
    }

    /// The models a user sees (not Django's automatic through models), in declaration order.
    pub fn user_models(&self) -> impl Iterator<Item = (ModelId, &Model)> {
        self.models
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.auto_created)
    }

    pub fn manager_class(&self, name: &str) -> Option<&ManagerClass> {
        self.manager_classes.iter().find(|m| m.name == name)
    }

    /// Concrete fields of the table behind `id` (a proxy shares its parent's).
    pub fn concrete_fields(&self, id: ModelId) -> &[Field] {
        &self.models[self.models[id].concrete].fields
    }

    /// Every name a lookup may start with on `id`: fields (and attnames that differ),
    /// many-to-many fields and reverse relations' query names, in declaration order.
    fn lookup_names(&self, id: ModelId) -> impl Iterator<Item = &str> {
        let m = &self.models[self.models[id].concrete];
        let fields = m.fields.iter().flat_map(|f| {
            let attname = (*f.attname != *f.name).then_some(&*f.attname);
            std::iter::once(f.name.as_str()).chain(attname)
        });
        fields
            .chain(m.many_to_many.iter().map(|x| x.name.as_str()))
            .chain(m.reverse.iter().map(|r| r.query_name.as_str()))
    }

    /// Whether `name` is one of [`Registry::lookup_choices`] (without building the list).
    pub fn is_lookup_choice(&self, id: ModelId, name: &str) -> bool {
        self.lookup_names(id).any(|n| n == name)
    }

    /// The names of [`Registry::lookup_names`] as Django's FieldError lists them: sorted.
    pub fn lookup_choices(&self, id: ModelId) -> Vec<String> {
        let mut names: Vec<String> = self.lookup_names(id).map(str::to_string).collect();
        names.sort();
        names
    }

    /// Whether this field kind is one of the integer families (for lookups and converters).
    pub fn is_integer_field(kind: &FieldKind) -> bool {
        kind.is_integer()
    }
}
