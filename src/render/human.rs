//! The human output of `ormlab eval`/`batch` and the shell: each query's SQL, the count line,
//! print() output, then the result as a table (rows) or as Django's repr.

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use crate::orm::display::Shown;
use crate::session::Outcome;

/// Python's `repr(str)` (the interpreter's own).
pub fn py_str_repr(s: &str) -> String {
    crate::interp::str_repr(s)
}

/// Django's repr of a displayed value.
pub fn repr(s: &Shown) -> String {
    match s {
        Shown::Null => "None".into(),
        Shown::Bool(b) => if *b { "True" } else { "False" }.into(),
        Shown::Int(t) | Shown::Float(t) => t.clone(),
        Shown::Str(t) => py_str_repr(t),
        Shown::List(items) => format!(
            "[{}]",
            items.iter().map(repr).collect::<Vec<_>>().join(", ")
        ),
        Shown::Dict(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", py_str_repr(k), repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Shown::Decimal(t) => format!("Decimal('{t}')"),
        Shown::Date(t) => t.clone(),
        Shown::DateTime(t) => t.clone(),
        Shown::Time(t) => t.clone(),
        Shown::TimeDelta(x) => crate::interp::td_repr(&timedelta(*x)),
        Shown::Model { label, str, .. } => {
            format!("<{}: {str}>", label.rsplit('.').next().unwrap_or(label))
        }
        Shown::QuerySet { items, truncated } => {
            let mut parts: Vec<String> = items.iter().map(repr).collect();
            if *truncated {
                parts.push("'...(remaining elements truncated)...'".into());
            }
            format!("<QuerySet [{}]>", parts.join(", "))
        }
        Shown::Repr(t) => t.clone(),
    }
}

/// A cell's plain text (numbers and dates without quotes or wrappers).
fn cell(s: &Shown) -> String {
    match s {
        Shown::Null => "None".into(),
        Shown::Str(t)
        | Shown::Decimal(t)
        | Shown::Date(t)
        | Shown::DateTime(t)
        | Shown::Time(t) => t.clone(),
        // As print() shows it: `0:00:00.000127`, `3 days, 4:00:00`.
        Shown::TimeDelta(x) => crate::interp::td_str(&timedelta(*x)),
        other => repr(other),
    }
}

/// A snapshot's seconds (microsecond precision, as Python keeps them) as a timedelta.
fn timedelta(seconds: f64) -> chrono::TimeDelta {
    chrono::TimeDelta::microseconds((seconds * 1e6).round() as i64)
}

/// Rows of a QuerySet as a table, when its items have columns (instances, dicts, tuples).
pub fn table(items: &[Shown], width: Option<u16>) -> Option<String> {
    let header: Vec<String> = match items.first()? {
        Shown::Model { fields, .. } => fields.iter().map(|(k, _)| k.to_string()).collect(),
        Shown::Dict(entries) => entries.iter().map(|(k, _)| k.clone()).collect(),
        Shown::List(cols) => (0..cols.len()).map(|i| i.to_string()).collect(),
        _ => return None,
    };
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        t.set_width(w);
    }
    t.set_header(header);
    for item in items {
        let row: Vec<String> = match item {
            Shown::Model { fields, .. } => fields.iter().map(|(_, v)| cell(v)).collect(),
            Shown::Dict(entries) => entries.iter().map(|(_, v)| cell(v)).collect(),
            Shown::List(cols) => cols.iter().map(cell).collect(),
            other => vec![cell(other)],
        };
        t.add_row(row);
    }
    Some(t.to_string())
}

/// `ValueError: message`, or the bare class when the message is empty (`KeyboardInterrupt`,
/// `raise ValueError()`), as Python prints the last line of a traceback.
pub fn error_line(class: &str, message: &str) -> String {
    if message.is_empty() {
        class.to_string()
    } else {
        format!("{class}: {message}")
    }
}

/// `1 query` / `3 queries`.
pub fn count_line(n: usize) -> String {
    if n == 1 {
        "1 query".into()
    } else {
        format!("{n} queries")
    }
}

/// The whole human report of one input.
pub fn outcome_text(o: &Outcome, width: Option<u16>) -> String {
    outcome_text_with(o, width, true)
}

/// `why:` and one `  part ← reason` line per note of a query (`.why on`).
pub fn why_lines(q: &crate::orm::ctx::LoggedQuery) -> String {
    if q.why.is_empty() {
        return String::new();
    }
    let mut out = String::from("why:\n");
    for n in &q.why {
        out.push_str(&format!("  {} ← {}\n", n.part, n.reason));
    }
    out
}

/// [`outcome_text`], without the statements when `show_sql` is false (the piped shell's
/// `.sql off`); a query's `.why` notes follow its statement.
pub fn outcome_text_with(o: &Outcome, width: Option<u16>, show_sql: bool) -> String {
    outcome_text_with_plans(o, width, show_sql, &[], QuerySetView::default())
}

/// [`outcome_text_with`], with each statement's query plan lines (`.plan on`) after it.
/// How a QuerySet result is shown: a table of at most `rows` rows, or Django's repr (the
/// shell's `.mode repr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuerySetView {
    pub repr: bool,
    pub rows: usize,
}

impl Default for QuerySetView {
    /// A table of every row a display fetches (Django's repr fetches 21 and shows 20).
    fn default() -> QuerySetView {
        QuerySetView {
            repr: false,
            rows: 20,
        }
    }
}

/// The note under a table that leaves rows out: the QuerySet had more than a display fetches,
/// or `.rows` asked for fewer than were fetched.
pub fn rows_note(shown: usize, fetched: usize, truncated: bool) -> Option<String> {
    if truncated {
        Some(format!("(first {shown} rows shown; the QuerySet has more)"))
    } else if shown < fetched {
        Some(format!("({shown} of {fetched} rows shown)"))
    } else {
        None
    }
}

pub fn outcome_text_with_plans(
    o: &Outcome,
    width: Option<u16>,
    show_sql: bool,
    plans: &[Option<Vec<String>>],
    view: QuerySetView,
) -> String {
    let mut out = String::new();
    for (i, q) in o.queries.iter().enumerate().filter(|_| show_sql) {
        if o.queries.len() > 1 {
            out.push_str(&format!("-- query {}\n", i + 1));
        }
        out.push_str(&q.sql);
        out.push('\n');
        out.push_str(&why_lines(q));
        for line in plans.get(i).and_then(Option::as_ref).into_iter().flatten() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str(&count_line(o.queries.len()));
    out.push('\n');
    for f in &o.findings {
        out.push_str(&f.message());
        out.push('\n');
    }
    if !o.stdout.is_empty() {
        out.push_str(&o.stdout);
        if !o.stdout.ends_with('\n') {
            out.push('\n');
        }
    }
    if let Some(e) = &o.error {
        out.push_str(&error_line(&e.class, &e.message));
        out.push('\n');
        if let Some(h) = &e.hint {
            out.push_str(&format!("  {h}\n"));
        }
        return out;
    }
    match &o.result {
        Some(result @ Shown::QuerySet { items, truncated }) if !view.repr => {
            let shown = &items[..items.len().min(view.rows)];
            match table(shown, width) {
                Some(t) => {
                    out.push_str(&t);
                    out.push('\n');
                    if let Some(note) = rows_note(shown.len(), items.len(), *truncated) {
                        out.push_str(&note);
                        out.push('\n');
                    }
                }
                None => {
                    out.push_str(&repr(result));
                    out.push('\n');
                }
            }
        }
        // Python's REPL echoes no None (`print(...)` shows only what it printed).
        Some(Shown::Null) | None => {}
        Some(other) => {
            out.push_str(&repr(other));
            out.push('\n');
        }
    }
    out
}
