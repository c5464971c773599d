//! What the learner has done, kept in the user data dir as JSON: exercises done per lesson and
//! the Leitner box of each practice question. `$ORMLAB_DATA_DIR`, else `$XDG_DATA_HOME/ormlab`,
//! else `~/.local/share/ormlab`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::{Map, Value as J, json};

pub fn data_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("ORMLAB_DATA_DIR")
        .or_else(|| var("XDG_DATA_HOME").map(|d| d.join("ormlab")))
        .or_else(|| var("HOME").map(|h| h.join(".local/share/ormlab")))
}

fn progress_file() -> Option<PathBuf> {
    data_dir().map(|d| d.join("progress.json"))
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Progress {
    /// Lesson slug → ids of the exercises answered right.
    pub done: BTreeMap<String, BTreeSet<String>>,
    /// Practice item key → Leitner box (1 = just answered wrong; higher = known better).
    pub boxes: BTreeMap<String, u32>,
}

impl Progress {
    /// Loads the saved progress (empty when there is none or it cannot be read).
    pub fn load() -> Progress {
        let Some(text) = progress_file().and_then(|p| std::fs::read_to_string(p).ok()) else {
            return Progress::default();
        };
        let Ok(v) = serde_json::from_str::<J>(&text) else {
            return Progress::default();
        };
        let mut p = Progress::default();
        if let Some(lessons) = v.get("lessons").and_then(J::as_object) {
            for (slug, ids) in lessons {
                let set = ids
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                p.done.insert(slug.clone(), set);
            }
        }
        if let Some(boxes) = v.get("practice_boxes").and_then(J::as_object) {
            for (k, b) in boxes {
                if let Some(n) = b.as_u64() {
                    p.boxes.insert(k.clone(), n as u32);
                }
            }
        }
        p
    }

    /// Writes it back (creating the data dir).
    pub fn save(&self) -> Result<(), String> {
        let path = progress_file().ok_or("no data directory (set ORMLAB_DATA_DIR or HOME)")?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let lessons: Map<String, J> = self
            .done
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    J::Array(v.iter().map(|s| J::String(s.clone())).collect()),
                )
            })
            .collect();
        let boxes: Map<String, J> = self
            .boxes
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        let v = json!({"version": 1, "lessons": lessons, "practice_boxes": boxes});
        let text = serde_json::to_string_pretty(&v).unwrap_or_default();
        std::fs::write(&path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Forgets everything.
    pub fn reset() -> Result<(), String> {
        match progress_file() {
            Some(p) if p.exists() => {
                std::fs::remove_file(&p).map_err(|e| format!("{}: {e}", p.display()))
            }
            _ => Ok(()),
        }
    }

    pub fn is_done(&self, slug: &str, id: &str) -> bool {
        self.done.get(slug).is_some_and(|s| s.contains(id))
    }

    pub fn mark_done(&mut self, slug: &str, id: &str) {
        self.done
            .entry(slug.to_string())
            .or_default()
            .insert(id.to_string());
    }
}
