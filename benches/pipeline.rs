//! Speed of the pipeline over the golden inputs: text → SQL (parse, evaluate to a QuerySet,
//! compile; nothing runs) and full evaluation (including the query and the display).

use std::path::Path;
use std::time::{Duration, Instant};

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

/// Per-input time of `run` (the mean of `reps` runs after a warm-up), sorted, with its input.
fn per_input_times(
    inputs: &[String],
    reps: u32,
    mut run: impl FnMut(&str),
) -> Vec<(Duration, &str)> {
    let mut times: Vec<(Duration, &str)> = inputs
        .iter()
        .map(|input| {
            for _ in 0..reps / 10 + 1 {
                run(input);
            }
            let start = Instant::now();
            for _ in 0..reps {
                run(input);
            }
            (start.elapsed() / reps, input.as_str())
        })
        .collect();
    times.sort();
    times
}

fn report(name: &str, times: &[(Duration, &str)]) {
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].0;
    let mean = times.iter().map(|t| t.0).sum::<Duration>() / times.len() as u32;
    println!(
        "{name}: median {:.2?}, p90 {:.2?}, mean {:.2?} over {} inputs; slowest:",
        at(0.5),
        at(0.9),
        mean,
        times.len()
    );
    for (t, input) in times.iter().rev().take(3) {
        println!("  {t:.2?}  {input}");
    }
}

fn bench(c: &mut Criterion) {
    let inputs = queryset_inputs();
    assert!(!inputs.is_empty(), "no QuerySet inputs in the goldens");
    let mut s = Session::new(Database::open_sample().expect("db")).expect("session");
    // The targets are per input (the median input), which the criterion means below, taken
    // over all inputs in turn, do not show.
    let t = per_input_times(&inputs, 200, |i| {
        s.sql_of(i);
    });
    report("text_to_sql per input", &t);
    // Django's side (tools/django-oracle/timing.py) times only the inputs that evaluate without
    // raising (an error ends early in both), so this side does too.
    let evaluating: Vec<String> = inputs
        .iter()
        .filter(|i| s.eval(i).error.is_none())
        .cloned()
        .collect();
    let t = per_input_times(&evaluating, 50, |i| {
        s.eval(i);
    });
    report("full_evaluation per input", &t);
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
