//! What one input shows in the terminal: the SQL pretty-printed and coloured (numbered when
//! several, with the query plan on request), a `3 queries · 0.8 ms` line, the N+1/duplicate
//! findings, print() output, then the result or the error with a caret under its span.

use crate::orm::display::Shown;
use crate::render::human;
use crate::session::Outcome;

use super::highlight::{self, DIM, paint};

/// The shell's display settings (changed with dot-commands).
#[derive(Debug, Clone)]
pub struct Settings {
    pub color: bool,
    pub show_sql: bool,
    pub plan: bool,
    /// `.why on`: each statement's parts with where they came from.
    pub why: bool,
    /// Timings shown as `… ms` (stable output for snapshot tests).
    pub mask_times: bool,
    /// Tables fit this width (`None`: the terminal's), fixed in snapshot tests.
    pub table_width: Option<u16>,
    /// `.mode repr`: QuerySets as Django's repr instead of a table.
    pub repr_mode: bool,
    /// At most this many rows in a table.
    pub rows: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            color: true,
            show_sql: true,
            plan: false,
            why: false,
            mask_times: false,
            table_width: None,
            repr_mode: false,
            rows: 20,
        }
    }
}

impl Settings {
    pub fn paint(&self, text: &str, code: &str) -> String {
        if self.color {
            paint(text, code)
        } else {
            text.to_string()
        }
    }
}

/// `1 query · 0.3 ms` (`1 query · … ms` with `mask_times`).
pub fn summary(o: &Outcome, s: &Settings) -> String {
    let total: f64 = o.queries.iter().map(|q| q.elapsed.as_secs_f64()).sum();
    if o.queries.is_empty() {
        return human::count_line(0);
    }
    let ms = (total * 1000.0).max(0.0);
    let time = if s.mask_times {
        "… ms".to_string()
    } else if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.1} ms")
    };
    format!("{} · {time}", human::count_line(o.queries.len()))
}

/// The caret line under `start..end` of the input's line that holds `start`.
pub fn caret(input: &str, start: usize, end: usize) -> Option<(String, String)> {
    let start = start.min(input.len());
    if !input.is_char_boundary(start) {
        return None;
    }
    let line_start = input[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = input[start..].find('\n').map_or(input.len(), |i| start + i);
    let line = &input[line_start..line_end];
    let col = input[line_start..start].chars().count();
    let end = end.clamp(start, line_end);
    let width = input
        .get(start..end)
        .map_or(1, |s| s.chars().count())
        .max(1);
    Some((
        line.to_string(),
        format!("{}{}", " ".repeat(col), "^".repeat(width)),
    ))
}

/// Renders one outcome. `plans[i]` is the query plan of query `i` when `.plan on`.
pub fn outcome(o: &Outcome, s: &Settings, plans: &[Option<Vec<String>>]) -> String {
    let mut out = String::new();
    if s.show_sql {
        let many = o.queries.len() > 1;
        for (i, q) in o.queries.iter().enumerate() {
            if many {
                out.push_str(&s.paint(&format!("-- [{}]", i + 1), DIM));
                out.push('\n');
            }
            let pretty = highlight::pretty_sql(&q.sql);
            if s.color {
                out.push_str(&highlight::sql(&pretty));
            } else {
                out.push_str(&pretty);
            }
            out.push('\n');
            if let Some(Some(plan)) = plans.get(i) {
                for line in plan {
                    out.push_str(&s.paint(&format!("   {line}"), "36"));
                    out.push('\n');
                }
            }
            if s.why && !q.why.is_empty() {
                if s.color {
                    out.push_str(&paint("why:", "35"));
                    out.push('\n');
                    for n in &q.why {
                        out.push_str(&format!("  {} ← {}\n", paint(&n.part, "35"), n.reason));
                    }
                } else {
                    out.push_str(&human::why_lines(q));
                }
            }
        }
    }
    out.push_str(&s.paint(&summary(o, s), DIM));
    out.push('\n');
    for f in &o.findings {
        out.push_str(&s.paint(&format!("⚠ {}", f.message()), "33"));
        out.push('\n');
    }
    if !o.stdout.is_empty() {
        out.push_str(&o.stdout);
        if !o.stdout.ends_with('\n') {
            out.push('\n');
        }
    }
    if let Some(e) = &o.error {
        // Ctrl-C is no mistake in the input: no caret, just `KeyboardInterrupt` as Python prints.
        let caret_line = e
            .span
            .filter(|_| e.class != "KeyboardInterrupt")
            .and_then(|sp| caret(&o.input, sp.start, sp.end));
        if let Some((line, marks)) = caret_line {
            out.push_str(&format!("    {line}\n    {}\n", s.paint(&marks, "1;31")));
        }
        out.push_str(&s.paint(&human::error_line(&e.class, &e.message), "1;31"));
        out.push('\n');
        if let Some(h) = &e.hint {
            out.push_str(&s.paint(&format!("  {h}"), "36"));
            out.push('\n');
        }
        return out;
    }
    match &o.result {
        Some(Shown::QuerySet { items, truncated }) if !s.repr_mode => {
            let shown = &items[..items.len().min(s.rows)];
            match human::table(shown, s.table_width) {
                Some(t) => {
                    out.push_str(&t);
                    out.push('\n');
                    if let Some(note) = human::rows_note(shown.len(), items.len(), *truncated) {
                        out.push_str(&s.paint(&note, DIM));
                        out.push('\n');
                    }
                }
                None => {
                    out.push_str(&human::repr(o.result.as_ref().unwrap_or(&Shown::Null)));
                    out.push('\n');
                }
            }
        }
        // As Python's REPL: a None value is not echoed.
        Some(Shown::Null) | None => {}
        Some(other) => {
            out.push_str(&human::repr(other));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_under_span() {
        let (l, c) = caret("a = 1\nBook.objects.x()", 19, 20).unwrap();
        assert_eq!(l, "Book.objects.x()");
        assert_eq!(c, "             ^");
    }
}
