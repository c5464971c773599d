//! The second, differently filled copy of the sample database that exercise answers are also
//! checked on: the bundled image with `sample-db/alt-data.sql` applied, built once per process.

use std::rc::Rc;
use std::sync::OnceLock;

use crate::db::Database;
use crate::models::Registry;
use crate::session::Session;

/// The perturbation script (deletes, shifts and reassigns rows; keeps every constraint valid).
pub const ALT_DATA_SQL: &str = include_str!("../../sample-db/alt-data.sql");

static ALT_IMAGE: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();

fn alt_image() -> Result<&'static [u8], String> {
    ALT_IMAGE
        .get_or_init(|| {
            let db = Database::open_sample().map_err(|e| e.to_string())?;
            db.execute_script(&format!("BEGIN;\n{ALT_DATA_SQL}\nCOMMIT;"))
                .map_err(|e| format!("sample-db/alt-data.sql: {e}"))?;
            db.serialize().map_err(|e| e.to_string())
        })
        .as_ref()
        .map(|v| v.as_slice())
        .map_err(Clone::clone)
}

/// Which copy of the sample database a check runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    Sample,
    Alt,
}

impl Copy {
    pub fn name(self) -> &'static str {
        match self {
            Copy::Sample => "the sample database",
            Copy::Alt => "a differently filled copy of the database",
        }
    }
}

/// A fresh session on a fresh copy.
pub fn session(copy: Copy, reg: &Rc<Registry>) -> Result<Session, String> {
    let db = match copy {
        Copy::Sample => Database::open_sample().map_err(|e| e.to_string())?,
        Copy::Alt => Database::open_image(alt_image()?).map_err(|e| e.to_string())?,
    };
    Session::with_registry(db, reg.clone())
}
