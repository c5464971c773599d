//! Speed of the pipeline over the golden inputs: text → SQL (parse, evaluate to a QuerySet,
//! compile; nothing runs) and full evaluation (including the query and the display).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ormlab::db::Database;
use ormlab::session::Session;

/// Golden inputs that evaluate to a QuerySet without side effects.
fn queryset_inputs() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut s = Session::new(Database::open_sample().expect("db")).expect("session");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("golden dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    for p in files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
    {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        for line in text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            if line.contains('=') && !line.contains('(') {
                continue;
            }
            if s.sql_of(line).is_some() {
                out.push(line.to_string());
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let inputs = queryset_inputs();
    assert!(!inputs.is_empty(), "no QuerySet inputs in the goldens");
    let mut s = Session::new(Database::open_sample().expect("db")).expect("session");
    let mut i = 0;
    c.bench_function("text_to_sql", |b| {
        b.iter(|| {
            i = (i + 1) % inputs.len();
            s.sql_of(&inputs[i])
        })
    });
    let mut j = 0;
    c.bench_function("full_evaluation", |b| {
        b.iter(|| {
            j = (j + 1) % inputs.len();
            s.eval(&inputs[j]).queries.len()
        })
    });
    c.bench_function("session_start", |b| {
        b.iter(|| {
            Session::new(Database::open_sample().expect("db"))
                .expect("session")
                .ctx
                .reg
                .models
                .len()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
