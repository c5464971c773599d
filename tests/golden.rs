//! The differential suite: every input of tests/golden/*.txt runs through ormlab and must give
//! what real Django 5.2.19 gave (tests/golden/*.jsonl, made by `tools/django-oracle/regen`):
//! the same SQL (whitespace collapsed), query count, result, printed output and error.
//!
//! Where ormlab still differs, the case stays in the suite: tests/golden/fixme.jsonl records
//! ormlab's output for it today, and this test asserts exactly that output (FIXME), so a change
//! either way is noticed. `ORMLAB_BLESS_FIXME=1 cargo test --test golden` rewrites that file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ormlab::db::Database;
use ormlab::render::json::outcome_to_json;
use ormlab::session::Session;
use serde_json::Value as J;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What is compared: the spec's keys only (programs may add their own, such as ormlab's N+1
/// `findings`), queries with whitespace collapsed, the rest as JSON values.
fn normalise(mut v: J) -> J {
    if let Some(obj) = v.as_object_mut() {
        obj.retain(|k, _| {
            matches!(
                k.as_str(),
                "input" | "queries" | "result" | "stdout" | "error"
            )
        });
    }
    if let Some(qs) = v.get_mut("queries").and_then(J::as_array_mut) {
        for q in qs.iter_mut() {
            if let J::String(s) = q {
                *q = J::String(collapse(s));
            }
        }
    }
    v
}

/// Runs one batch file through ormlab, in a thread with room for deep Python recursion.
fn run_file(lines: Vec<String>) -> Vec<J> {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let mut s = Session::new(Database::open_sample().expect("sample db")).expect("session");
            lines
                .iter()
                .map(|l| normalise(outcome_to_json(&s.eval(l))))
                .collect::<Vec<_>>()
        })
        .expect("thread")
        .join()
        .expect("ormlab panicked on a golden input")
}

/// The first key whose value differs, for a one-line summary.
fn first_difference(want: &J, have: &J) -> String {
    for k in ["queries", "error", "result", "stdout"] {
        if want[k] != have[k] {
            let short = |v: &J| {
                let s = v.to_string();
                if s.chars().count() > 300 {
                    format!("{}…", s.chars().take(300).collect::<String>())
                } else {
                    s
                }
            };
            return format!(
                "{k}\n    django: {}\n    ormlab: {}",
                short(&want[k]),
                short(&have[k])
            );
        }
    }
    "identical".into()
}

/// A FIXME record's key: the file, the input and which occurrence of it (a file may repeat a line).
fn key(file: &str, input: &str, occurrence: usize) -> String {
    if occurrence == 0 {
        format!("{file}\t{input}")
    } else {
        format!("{file}\t{input}\t#{occurrence}")
    }
}

#[test]
fn golden_inputs_match_django() {
    let dir = golden_dir();
    let fixme_path = dir.join("fixme.jsonl");
    let bless = std::env::var_os("ORMLAB_BLESS_FIXME").is_some();
    let mut fixme: BTreeMap<String, J> = BTreeMap::new();
    if let Ok(text) = std::fs::read_to_string(&fixme_path) {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: J = serde_json::from_str(line).expect("fixme.jsonl line");
            let k = v["key"].as_str().unwrap_or_default().to_string();
            fixme.insert(k, v["ormlab"].clone());
        }
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/golden")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "jsonl")
                && p.file_name().is_some_and(|n| n != "fixme.jsonl")
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no golden files under {}", dir.display());
    let (mut total, mut same) = (0, 0);
    let mut failures = Vec::new();
    let mut new_fixme: BTreeMap<String, J> = BTreeMap::new();
    for path in &files {
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let expected: Vec<J> = std::fs::read_to_string(path)
            .expect("golden")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| normalise(serde_json::from_str(l).expect("golden json")))
            .collect();
        let inputs: Vec<String> = expected
            .iter()
            .map(|e| e["input"].as_str().unwrap_or_default().to_string())
            .collect();
        let got = run_file(inputs.clone());
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for ((input, want), have) in inputs.iter().zip(&expected).zip(&got) {
            total += 1;
            let n = seen.entry(input.as_str()).or_default();
            let k = key(&name, input, *n);
            *n += 1;
            if want == have {
                same += 1;
                continue;
            }
            new_fixme.insert(k.clone(), have.clone());
            match fixme.get(&k) {
                Some(recorded) if recorded == have => {}
                _ if bless => {}
                Some(_) => failures.push(format!(
                    "{name}: {input}\n  (differs from Django and from its FIXME record) {}",
                    first_difference(want, have)
                )),
                None => failures.push(format!(
                    "{name}: {input}\n  {}",
                    first_difference(want, have)
                )),
            }
        }
    }
    if bless {
        let text: String = new_fixme
            .iter()
            .map(|(k, v)| format!("{}\n", serde_json::json!({"key": k, "ormlab": v})))
            .collect();
        std::fs::write(&fixme_path, text).expect("write fixme.jsonl");
    }
    let stale: Vec<&String> = fixme
        .keys()
        .filter(|k| !new_fixme.contains_key(*k))
        .collect();
    println!(
        "golden: {same} of {total} inputs identical to Django; {} recorded as FIXME",
        new_fixme.len()
    );
    assert!(
        failures.is_empty(),
        "{} inputs differ from Django:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        bless || stale.is_empty(),
        "these FIXME records now match Django; rerun with ORMLAB_BLESS_FIXME=1: {stale:?}"
    );
}
