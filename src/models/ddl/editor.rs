//! The SQLite `DatabaseSchemaEditor`: `create_model` (table, deferred indexes, automatic
//! through tables), `add_field` (`ALTER TABLE ADD COLUMN` or a table remake),
//! `add_index`, `add_constraint` (a remake), `alter_unique_together`, and `_remake_table`
//! with its `new__` table, copy, drop, rename and deferred SQL flush.

use super::DdlError;
use super::check::check_sql;
use super::columns::{add_column_sql, effective_default, table_column_sql};
use super::names::{create_index_name, quote_name};
use super::operations::StateField;
use super::state::RenderedModel;
use super::values::{PyValue, quote_value};
use crate::models::field::Field;
use crate::models::model::{ConstraintDef, IndexDef, Registry};

/// How a deferred index statement gets its name.
#[derive(Debug, Clone)]
enum IndexNaming {
    /// `Meta.indexes` (named, or named by `set_name_with_model`).
    Fixed(String),
    /// `_create_index_name(table, columns, suffix)`, computed when the SQL is written, so a
    /// table rename (`new__x` → `x`) is reflected.
    Generated { suffix: &'static str },
}

/// A deferred `Statement` (`CREATE [UNIQUE] INDEX`) with its table reference.
#[derive(Debug, Clone)]
struct IndexStatement {
    unique: bool,
    table: String,
    columns: Vec<String>,
    /// `DESC` or empty, per column.
    suffixes: Vec<String>,
    naming: IndexNaming,
}

impl IndexStatement {
    fn sql(&self) -> String {
        let name = match &self.naming {
            IndexNaming::Fixed(n) => n.clone(),
            IndexNaming::Generated { suffix } => {
                create_index_name(&self.table, &self.columns, suffix)
            }
        };
        let cols: Vec<String> = self
            .columns
            .iter()
            .zip(
                self.suffixes
                    .iter()
                    .chain(std::iter::repeat(&String::new())),
            )
            .map(|(c, s)| {
                if s.is_empty() {
                    quote_name(c)
                } else {
                    format!("{} {s}", quote_name(c))
                }
            })
            .collect();
        format!(
            "CREATE {}INDEX {} ON {} ({})",
            if self.unique { "UNIQUE " } else { "" },
            quote_name(&name),
            quote_name(&self.table),
            cols.join(", ")
        )
    }
}

pub struct SchemaEditor<'a> {
    reg: &'a Registry,
    /// Every statement executed (or collected), in order.
    pub statements: Vec<String>,
    deferred: Vec<IndexStatement>,
}

impl<'a> SchemaEditor<'a> {
    pub fn new(reg: &'a Registry) -> SchemaEditor<'a> {
        SchemaEditor {
            reg,
            statements: Vec::new(),
            deferred: Vec::new(),
        }
    }

    fn execute(&mut self, sql: String) {
        self.statements.push(sql);
    }

    /// `__exit__`: run what is still deferred.
    pub fn flush_deferred(&mut self) {
        for s in std::mem::take(&mut self.deferred) {
            self.execute(s.sql());
        }
    }

    /// The columns of the named fields, for an index or a unique constraint.
    fn columns_of(&self, model: &RenderedModel, names: &[String]) -> Result<Vec<String>, DdlError> {
        if names.is_empty() {
            return Err(DdlError {
                message: format!(
                    "{}: ormlab supports indexes and unique constraints on fields only (not expressions)",
                    model.db_table
                ),
                span: None,
            });
        }
        names
            .iter()
            .map(|n| {
                model
                    .field(n)
                    .map(|f| f.column.to_string())
                    .ok_or_else(|| DdlError {
                        message: format!("{}: no field named {n:?}", model.db_table),
                        span: None,
                    })
            })
            .collect()
    }

    /// `_create_unique_sql` for a `unique_together` entry.
    fn unique_together_sql(
        &self,
        model: &RenderedModel,
        names: &[String],
    ) -> Result<IndexStatement, DdlError> {
        Ok(IndexStatement {
            unique: true,
            table: model.db_table.clone(),
            columns: self.columns_of(model, names)?,
            suffixes: Vec::new(),
            naming: IndexNaming::Generated { suffix: "_uniq" },
        })
    }

    /// `Index.create_sql`.
    fn index_sql(
        &self,
        model: &RenderedModel,
        index: &IndexDef,
    ) -> Result<IndexStatement, DdlError> {
        let mut names = Vec::new();
        let mut suffixes = Vec::new();
        for f in &index.fields {
            match f.strip_prefix('-') {
                Some(n) => {
                    names.push(n.to_string());
                    suffixes.push("DESC".to_string());
                }
                None => {
                    names.push(f.clone());
                    suffixes.push(String::new());
                }
            }
        }
        Ok(IndexStatement {
            unique: false,
            table: model.db_table.clone(),
            columns: self.columns_of(model, &names)?,
            suffixes,
            naming: IndexNaming::Fixed(index.name.clone()),
        })
    }

    /// `_field_indexes_sql`: `db_index=True` on a field that is not unique.
    fn field_index_sql(model: &RenderedModel, field: &Field) -> Option<IndexStatement> {
        (field.db_index && !field.is_unique()).then(|| IndexStatement {
            unique: false,
            table: model.db_table.clone(),
            columns: vec![field.column.to_string()],
            suffixes: Vec::new(),
            naming: IndexNaming::Generated { suffix: "" },
        })
    }

    /// `_model_indexes_sql`.
    fn model_indexes_sql(&self, model: &RenderedModel) -> Result<Vec<IndexStatement>, DdlError> {
        if !model.migrates() {
            return Ok(Vec::new());
        }
        let mut out: Vec<IndexStatement> = model
            .fields
            .iter()
            .filter_map(|f| Self::field_index_sql(model, f))
            .collect();
        for index in &model.options.indexes {
            out.push(self.index_sql(model, index)?);
        }
        Ok(out)
    }

    /// `constraint.constraint_sql(model, schema_editor)`.
    fn constraint_sql(&self, model: &RenderedModel, c: &ConstraintDef) -> Result<String, DdlError> {
        Ok(match c {
            ConstraintDef::Check { name, condition } => {
                let check = check_sql(condition, &model.fields, self.reg)?;
                format!("CONSTRAINT {} CHECK ({check})", quote_name(name))
            }
            ConstraintDef::Unique { name, fields } => {
                let cols: Vec<String> = self
                    .columns_of(model, fields)?
                    .iter()
                    .map(|c| quote_name(c))
                    .collect();
                format!(
                    "CONSTRAINT {} UNIQUE ({})",
                    quote_name(name),
                    cols.join(", ")
                )
            }
        })
    }

    /// `create_model(model)`.
    pub fn create_model(&mut self, model: &RenderedModel) -> Result<(), DdlError> {
        for names in &model.options.unique_together {
            let s = self.unique_together_sql(model, names)?;
            self.deferred.push(s);
        }
        let mut defs: Vec<String> = model
            .fields
            .iter()
            .map(|f| table_column_sql(f, self.reg))
            .collect();
        for c in &model.options.constraints {
            defs.push(self.constraint_sql(model, c)?);
        }
        self.execute(format!(
            "CREATE TABLE {} ({})",
            quote_name(&model.db_table),
            defs.join(", ")
        ));
        let indexes = self.model_indexes_sql(model)?;
        self.deferred.extend(indexes);
        for m2m in &model.many_to_many {
            if m2m.auto_through {
                self.create_model(&RenderedModel::auto_through(m2m, self.reg))?;
            }
        }
        Ok(())
    }

    /// `add_field(model, field)` of the SQLite editor; `model` is the model before the field.
    pub fn add_field(&mut self, model: &RenderedModel, field: &StateField) -> Result<(), DdlError> {
        match field {
            StateField::ManyToMany(m2m) if m2m.auto_through => {
                self.create_model(&RenderedModel::auto_through(m2m, self.reg))
            }
            // An explicit-through many-to-many field is `null=False`: SQLite remakes the table.
            StateField::ManyToMany(_) => self.remake_table(model, Some(field)),
            StateField::Column(f) => {
                if f.primary_key
                    || f.is_unique()
                    || !f.null
                    || effective_default(f, self.reg).is_some()
                {
                    return self.remake_table(model, Some(field));
                }
                self.execute(format!(
                    "ALTER TABLE {} ADD COLUMN {} {}",
                    quote_name(&model.db_table),
                    quote_name(&f.column),
                    add_column_sql(f, self.reg)
                ));
                self.deferred.extend(Self::field_index_sql(model, f));
                Ok(())
            }
        }
    }

    /// `add_index(model, index)`: executed at once.
    pub fn add_index(&mut self, model: &RenderedModel, index: &IndexDef) -> Result<(), DdlError> {
        let s = self.index_sql(model, index)?;
        self.execute(s.sql());
        Ok(())
    }

    /// `add_constraint(model, constraint)`: SQLite remakes the table for check and plain
    /// unique constraints.
    pub fn add_constraint(&mut self, model: &RenderedModel) -> Result<(), DdlError> {
        self.remake_table(model, None)
    }

    /// `alter_unique_together(model, old, new)` for the entries not in `old`.
    pub fn alter_unique_together(
        &mut self,
        model: &RenderedModel,
        old: &[Vec<String>],
        new: &[Vec<String>],
    ) -> Result<(), DdlError> {
        for names in new.iter().filter(|n| !old.contains(n)) {
            let s = self.unique_together_sql(model, names)?;
            self.execute(s.sql());
        }
        Ok(())
    }

    /// `_remake_table(model, create_field=...)`.
    fn remake_table(
        &mut self,
        model: &RenderedModel,
        create_field: Option<&StateField>,
    ) -> Result<(), DdlError> {
        // Self-referential fields are cloned, which gives them the newest creation counter:
        // they move after every other field of the new table.
        let is_self = |f: &Field| f.relation.as_ref().is_some_and(|r| Some(r.to) == model.id);
        let mut body: Vec<Field> = model
            .fields
            .iter()
            .filter(|f| !is_self(f))
            .cloned()
            .collect();
        let mut mapping: Vec<(String, String)> = model
            .fields
            .iter()
            .map(|f| (quote_name(&f.column), quote_name(&f.column)))
            .collect();
        let mut many_to_many = Vec::new();
        match create_field {
            Some(StateField::Column(f)) => {
                body.push(f.clone());
                let default = effective_default(f, self.reg).unwrap_or(PyValue::None);
                mapping.push((quote_name(&f.column), quote_value(&default)));
            }
            Some(StateField::ManyToMany(m)) => many_to_many.push(m.clone()),
            None => {}
        }
        body.extend(model.fields.iter().filter(|f| is_self(f)).cloned());
        let table = model.db_table.clone();
        let new_table = format!("new__{table}");
        let new_model = RenderedModel {
            id: model.id,
            db_table: new_table.clone(),
            fields: body,
            many_to_many,
            options: model.options.clone(),
        };
        self.create_model(&new_model)?;
        let (cols, values): (Vec<String>, Vec<String>) = mapping.into_iter().unzip();
        self.execute(format!(
            "INSERT INTO {} ({}) SELECT {} FROM {}",
            quote_name(&new_table),
            cols.join(", "),
            values.join(", "),
            quote_name(&table)
        ));
        // delete_model(model, handle_autom2m=False)
        self.execute(format!("DROP TABLE {}", quote_name(&table)));
        self.deferred.retain(|s| s.table != table);
        // alter_db_table(new_model, "new__x", "x")
        self.execute(format!(
            "ALTER TABLE {} RENAME TO {}",
            quote_name(&new_table),
            quote_name(&table)
        ));
        for s in &mut self.deferred {
            if s.table == new_table {
                s.table = table.clone();
            }
        }
        self.flush_deferred();
        Ok(())
    }
}
