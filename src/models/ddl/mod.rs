//! The tables Django's `makemigrations` + `migrate` create for a models.py on SQLite, and the
//! text `sqlmigrate <app> 0001` prints — emulated from Django 5.2's own algorithms, not from a
//! fixed schema:
//!
//! * `autodetector`: the initial migration's operations (`MigrationAutodetector` for a new
//!   app: created models with their related fields split into `AddField`s, `AddIndex`,
//!   `AddConstraint`, the stable topological sort, then the `MigrationOptimizer`);
//! * `state`: the migration state the operations build up, rendered for the schema editor;
//! * `editor`: the SQLite schema editor (`CREATE TABLE`, deferred indexes, `ADD COLUMN`,
//!   table remakes through `new__<table>`), with `columns`, `check` (check constraints' `Q`
//!   conditions, read by `q`), `names` (index-name digests) and `values` (literal quoting).
//!
//! Entry points: [`sqlmigrate`], [`migrate_statements`] and [`initial_operations`];
//! `explain` adds the text the shell's `.migrations` shows above the SQL.
mod autodetector;
mod check;
mod columns;
mod editor;
mod explain;
mod names;
pub mod operations;
mod q;
mod state;
mod topo;
mod values;

pub use autodetector::initial_operations;
pub use explain::{migrations_explained, migrations_text};
pub use operations::{ModelOptions, Operation, StateField};

use crate::models::model::Registry;
use crate::syntax::Span;
use editor::SchemaEditor;
use state::ProjectState;

/// Why the DDL could not be produced (a check constraint ormlab cannot compile, an index on
/// an unknown field); `span` points into models.py when known.
#[derive(Debug, Clone, PartialEq)]
pub struct DdlError {
    pub message: String,
    pub span: Option<Span>,
}

impl std::fmt::Display for DdlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DdlError {}

/// The SQL of each operation of the migration, in order, then what is still deferred at the end.
struct Applied {
    operations: Vec<(Operation, Vec<String>)>,
    trailing: Vec<String>,
}

/// `Migration.apply` with one schema editor, as both `migrate` and `sqlmigrate` run it.
fn apply(reg: &Registry) -> Result<Applied, DdlError> {
    let ops = initial_operations(reg);
    let mut editor = SchemaEditor::new(reg);
    let mut state = ProjectState::default();
    let mut out = Vec::new();
    for op in ops {
        let before = editor.statements.len();
        let from_state = state.clone();
        state.apply(&op);
        let name = op.model_name_lower();
        if let Some(to_model) = state.render(&name, reg).filter(|m| m.migrates()) {
            match &op {
                Operation::CreateModel { .. } => editor.create_model(&to_model)?,
                Operation::AddField { field, .. } => {
                    if let Some(from_model) = from_state.render(&name, reg) {
                        editor.add_field(&from_model, field)?;
                    }
                }
                Operation::AddIndex { index, .. } => editor.add_index(&to_model, index)?,
                Operation::AddConstraint { .. } => editor.add_constraint(&to_model)?,
                Operation::AlterUniqueTogether { .. } => {
                    let old = from_state
                        .model(&name)
                        .map(|m| m.options.unique_together.clone())
                        .unwrap_or_default();
                    editor.alter_unique_together(
                        &to_model,
                        &old,
                        &to_model.options.unique_together.clone(),
                    )?;
                }
            }
        }
        let sql = editor.statements[before..].to_vec();
        out.push((op, sql));
    }
    let before = editor.statements.len();
    editor.flush_deferred();
    Ok(Applied {
        operations: out,
        trailing: editor.statements[before..].to_vec(),
    })
}

/// What `manage.py sqlmigrate <app> 0001` prints for the initial migration (with its final
/// newline), or the error that prevents it.
pub fn try_sqlmigrate(reg: &Registry) -> Result<String, DdlError> {
    let applied = apply(reg)?;
    if applied.operations.is_empty() {
        return Ok(String::new());
    }
    let mut lines = vec!["BEGIN;".to_string()];
    let stmt = |s: &String| {
        if s.trim_end().ends_with(';') {
            s.clone()
        } else {
            format!("{s};")
        }
    };
    for (op, sql) in &applied.operations {
        lines.push("--".into());
        lines.push(format!("-- {}", op.describe()));
        lines.push("--".into());
        if sql.is_empty() {
            lines.push("-- (no-op)".into());
        }
        lines.extend(sql.iter().map(stmt));
    }
    lines.extend(applied.trailing.iter().map(stmt));
    lines.push("COMMIT;".into());
    Ok(lines.join("\n") + "\n")
}

/// [`try_sqlmigrate`], with an error shown as an SQL comment instead of the migration.
pub fn sqlmigrate(reg: &Registry) -> String {
    try_sqlmigrate(reg).unwrap_or_else(|e| format!("-- ormlab: {e}\n"))
}

/// The statements `migrate` runs on an empty SQLite database for the app's initial migration:
/// the connection's `PRAGMA legacy_alter_table = OFF`, the schema editor's
/// `PRAGMA foreign_keys = OFF`, `BEGIN`, every DDL statement (table remakes included) and the
/// deferred indexes, `COMMIT`, `PRAGMA foreign_keys = ON`. Django's bookkeeping
/// (`django_migrations`) and its read-only `PRAGMA foreign_key_check` are left out.
pub fn try_migrate_statements(reg: &Registry) -> Result<Vec<String>, DdlError> {
    let applied = apply(reg)?;
    let mut out: Vec<String> = vec![
        "PRAGMA legacy_alter_table = OFF".into(),
        "PRAGMA foreign_keys = OFF".into(),
    ];
    out.push("BEGIN".into());
    for (_, sql) in applied.operations {
        out.extend(sql);
    }
    out.extend(applied.trailing);
    out.push("COMMIT".into());
    out.push("PRAGMA foreign_keys = ON".into());
    Ok(out)
}

/// [`try_migrate_statements`]; on an error, no statements (check with the `try_` variant).
pub fn migrate_statements(reg: &Registry) -> Vec<String> {
    try_migrate_statements(reg).unwrap_or_default()
}
