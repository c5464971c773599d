//! Comparing two displayed results the way an exercise does: a QuerySet or list at the top level
//! compares its items (as a multiset unless the exercise is `ordered`); numbers compare by value;
//! model instances by model, pk and the fields both sides loaded.

use crate::orm::display::Shown;
use crate::render::human::repr;

fn num(t: &str) -> Option<f64> {
    t.parse::<f64>().ok()
}

/// Equality as a learner would expect it (`1 == 1.0`, `Decimal('2.50') == Decimal('2.5')`).
pub fn same(a: &Shown, b: &Shown) -> bool {
    use Shown::*;
    match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Int(x) | Float(x) | Decimal(x), Int(y) | Float(y) | Decimal(y)) => {
            matches!((num(x), num(y)), (Some(p), Some(q)) if p == q)
        }
        (List(x), List(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (QuerySet { items: x, .. } | List(x), QuerySet { items: y, .. } | List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Dict(x), Dict(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && same(v, v2)))
        }
        (
            Model {
                label: l1,
                pk: p1,
                fields: f1,
                ..
            },
            Model {
                label: l2,
                pk: p2,
                fields: f2,
                ..
            },
        ) => {
            l1 == l2
                && same(p1, p2)
                && f1.iter().all(|(k, v)| {
                    f2.iter()
                        .find(|(k2, _)| k2 == k)
                        .is_none_or(|(_, v2)| same(v, v2))
                })
        }
        _ => a == b,
    }
}

/// The items of a top-level collection result.
fn items(s: &Shown) -> Option<&[Shown]> {
    match s {
        Shown::QuerySet { items, .. } | Shown::List(items) => Some(items),
        _ => None,
    }
}

fn show_rows(label: &str, rows: &[&Shown]) -> String {
    const MAX: usize = 8;
    let mut parts: Vec<String> = rows.iter().take(MAX).map(|r| repr(r)).collect();
    if rows.len() > MAX {
        parts.push(format!("… and {} more", rows.len() - MAX));
    }
    format!("{label} ({}): {}", rows.len(), parts.join(", "))
}

/// Multiset difference: (expected rows not found, rows found that were not expected).
fn multiset_diff<'a>(want: &'a [Shown], got: &'a [Shown]) -> (Vec<&'a Shown>, Vec<&'a Shown>) {
    let mut used = vec![false; got.len()];
    let mut missing = Vec::new();
    for w in want {
        match (0..got.len()).find(|&i| !used[i] && same(w, &got[i])) {
            Some(i) => used[i] = true,
            None => missing.push(w),
        }
    }
    let extra = got
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(g, _)| g)
        .collect();
    (missing, extra)
}

/// What differs between the expected rows and the learner's (empty when they match).
pub fn diff_rows(want: &[Shown], got: &[Shown], ordered: bool) -> Vec<String> {
    let (missing, extra) = multiset_diff(want, got);
    let mut out = Vec::new();
    if !missing.is_empty() {
        out.push(show_rows("missing rows", &missing));
    }
    if !extra.is_empty() {
        out.push(show_rows("extra rows", &extra));
    }
    if out.is_empty()
        && ordered
        && let Some(i) = (0..want.len()).find(|&i| !same(&want[i], &got[i]))
    {
        out.push(format!(
            "the right rows in the wrong order: row {} should be {}, not {}",
            i + 1,
            repr(&want[i]),
            repr(&got[i])
        ));
    }
    out
}

/// What differs between an expected value and the learner's.
pub fn diff_values(want: &Shown, got: &Shown, ordered: bool) -> Vec<String> {
    match (items(want), items(got)) {
        (Some(w), Some(g)) => diff_rows(w, g, ordered),
        _ if same(want, got) => Vec::new(),
        _ => vec![format!("expected {}, got {}", repr(want), repr(got))],
    }
}

/// Printed output compared line by line (as a multiset unless `ordered`).
pub fn diff_stdout(want: &str, got: &str, ordered: bool) -> Vec<String> {
    let lines = |s: &str| -> Vec<Shown> { s.lines().map(|l| Shown::Str(l.to_string())).collect() };
    let (w, g) = (lines(want), lines(got));
    diff_rows(&w, &g, ordered)
        .into_iter()
        .map(|m| m.replacen("rows", "printed lines", 1))
        .collect()
}
