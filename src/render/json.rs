//! The machine-readable format (shared/spec/json-output.md), key for key.

use serde_json::{Map, Number, Value as J};

use crate::orm::display::Shown;
use crate::session::Outcome;

/// A number kept exactly as written (`arbitrary_precision`): Python's int and float text.
fn number(text: &str) -> J {
    match text.parse::<Number>() {
        Ok(n) => J::Number(n),
        Err(_) => J::String(text.to_string()),
    }
}

fn tagged(tag: &str, v: J) -> J {
    let mut m = Map::new();
    m.insert(tag.to_string(), v);
    J::Object(m)
}

pub fn shown_to_json(s: &Shown) -> J {
    match s {
        Shown::Null => J::Null,
        Shown::Bool(b) => J::Bool(*b),
        Shown::Int(t) => number(t),
        // JSON has no inf/nan; Python's json writes them bare, which is not JSON: keep the text.
        Shown::Float(t) => match t.as_str() {
            "inf" => J::String("Infinity".into()),
            "-inf" => J::String("-Infinity".into()),
            "nan" => J::String("NaN".into()),
            _ => number(t),
        },
        Shown::Str(t) => J::String(t.clone()),
        Shown::List(items) => J::Array(items.iter().map(shown_to_json).collect()),
        Shown::Dict(entries) => J::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), shown_to_json(v)))
                .collect(),
        ),
        Shown::Decimal(t) => tagged("$decimal", J::String(t.clone())),
        Shown::Date(t) => tagged("$date", J::String(t.clone())),
        Shown::DateTime(t) => tagged("$datetime", J::String(t.clone())),
        Shown::Time(t) => tagged("$time", J::String(t.clone())),
        Shown::TimeDelta(secs) => tagged(
            "$timedelta",
            number(&crate::render::pyfloat::float_repr(*secs)),
        ),
        Shown::Model {
            label,
            pk,
            str,
            fields,
        } => {
            let mut m = Map::new();
            m.insert("$model".into(), J::String(label.clone()));
            m.insert("pk".into(), shown_to_json(pk));
            m.insert("str".into(), J::String(str.clone()));
            m.insert(
                "fields".into(),
                J::Object(
                    fields
                        .iter()
                        .map(|(k, v)| (k.to_string(), shown_to_json(v)))
                        .collect(),
                ),
            );
            J::Object(m)
        }
        Shown::QuerySet { items, truncated } => {
            let mut m = Map::new();
            m.insert(
                "$queryset".into(),
                J::Array(items.iter().map(shown_to_json).collect()),
            );
            m.insert("truncated".into(), J::Bool(*truncated));
            J::Object(m)
        }
        Shown::Repr(t) => tagged("$repr", J::String(t.clone())),
    }
}

/// One JSON object for one input.
pub fn outcome_to_json(o: &Outcome) -> J {
    let mut m = Map::new();
    m.insert("input".into(), J::String(o.input.clone()));
    m.insert(
        "queries".into(),
        J::Array(
            o.queries
                .iter()
                .map(|q| J::String(q.sql.to_string()))
                .collect(),
        ),
    );
    m.insert(
        "result".into(),
        o.result.as_ref().map(shown_to_json).unwrap_or(J::Null),
    );
    m.insert("stdout".into(), J::String(o.stdout.clone()));
    m.insert(
        "error".into(),
        match &o.error {
            None => J::Null,
            Some(e) => {
                let mut em = Map::new();
                em.insert("type".into(), J::String(e.class.clone()));
                em.insert("message".into(), J::String(e.message.clone()));
                J::Object(em)
            }
        },
    );
    if !o.findings.is_empty() {
        // An extra key (the spec allows them): what the N+1 detector found.
        m.insert(
            "findings".into(),
            J::Array(o.findings.iter().map(|f| J::String(f.message())).collect()),
        );
    }
    J::Object(m)
}

/// The line `ormlab batch --json` prints.
pub fn outcome_line(o: &Outcome) -> String {
    serde_json::to_string(&outcome_to_json(o)).unwrap_or_default()
}
