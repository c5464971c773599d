//! Building the bundled sample database from its sources: the tables and indexes ormlab's DDL
//! generator makes from models.py (what Django's `migrate` makes), the rows of `data.sql`, and
//! the hand-written view for the unmanaged `PublisherStats` model.

use std::path::Path;

use crate::db::{Database, DbError};
use crate::models::ddl::try_migrate_statements;

use super::sample_registry;

/// Builds the sample database from `models.py` (already embedded), `data.sql` and the view SQL.
pub fn build_sample(data_sql: &str, view_sql: &str) -> Result<Database, String> {
    let reg = sample_registry()?;
    let statements =
        try_migrate_statements(&reg).map_err(|e| format!("models.py: {}", e.message))?;
    let db = Database::open_image(&[]).map_err(|e| e.to_string())?;
    let run = |sql: &str| -> Result<(), DbError> { db.execute_script(sql) };
    for s in &statements {
        run(s).map_err(|e| format!("{s}: {e}"))?;
    }
    run(&format!("BEGIN;\n{data_sql}\nCOMMIT;")).map_err(|e| format!("data.sql: {e}"))?;
    run(view_sql).map_err(|e| format!("publisher_stats_view.sql: {e}"))?;
    run("VACUUM").map_err(|e| e.to_string())?;
    Ok(db)
}

/// Reads the sources from `dir` (the repository's `sample-db/`) and writes the image to `out`.
pub fn build_sample_file(dir: &Path, out: &Path) -> Result<(), String> {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let db = build_sample(&read("data.sql")?, &read("publisher_stats_view.sql")?)?;
    if out.exists() {
        std::fs::remove_file(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    db.export_to(out).map_err(|e| e.to_string())?;
    // The image must not be in WAL mode (see shared/notes/rusqlite-facts.md); VACUUM INTO keeps
    // the default rollback journal.
    Ok(())
}
