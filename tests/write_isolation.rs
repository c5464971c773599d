//! Writes never touch the bundled files: after every `tests/golden/write_*.txt` input has run,
//! the files under sample-db/ hash as they did before (each session works on an in-memory copy).

use std::collections::BTreeMap;
use std::path::Path;

use ormlab::db::Database;
use ormlab::session::Session;
use sha2::{Digest, Sha256};

fn hash_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("sample-db") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            let bytes = std::fs::read(&path).expect("read");
            out.insert(path.display().to_string(), Sha256::digest(&bytes).to_vec());
        }
    }
    out
}

#[test]
fn write_inputs_leave_sample_db_untouched() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("sample-db");
    let before = hash_dir(&sample);
    let golden = root.join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&golden)
        .expect("golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("write_") && n.ends_with(".txt"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no write_*.txt corpora");
    for f in files {
        let text = std::fs::read_to_string(&f).expect("corpus");
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || {
                let mut s =
                    Session::new(Database::open_sample().expect("sample db")).expect("session");
                for line in text.lines() {
                    if line.trim().is_empty() || line.starts_with('#') {
                        continue;
                    }
                    let _ = s.eval(line);
                }
            })
            .expect("thread")
            .join()
            .expect("write inputs panicked");
    }
    assert_eq!(
        before,
        hash_dir(&sample),
        "a write changed a file under sample-db/"
    );
}
