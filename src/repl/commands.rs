//! Dot-commands: `.help`, `.models`, `.schema MODEL`, `.tables`, `.migrations`, `.sql`, `.plan`, `.why`, `.mode`,
//! `.rows`, `.reset`, `.lesson`, `.practice`, `.history`, `.quit`; an unknown one gets a "did you
//! mean".

use crate::db::SqlValue;
use crate::models::Registry;
use crate::session::Session;
use crate::util::difflib::get_close_matches;

use super::show::Settings;

/// The dot-commands and their one-line help.
pub const COMMANDS: &[(&str, &str)] = &[
    ("help", "this text"),
    ("models", "the models, with their row counts"),
    (
        "schema",
        "MODEL: fields, relations, managers, ordering and the CREATE TABLE",
    ),
    ("tables", "the database's tables and views"),
    (
        "migrations",
        "makemigrations and migrate explained, with the SQL of the initial migration",
    ),
    (
        "sql",
        "on|off: show each statement's SQL (the count line stays)",
    ),
    (
        "plan",
        "on|off: show SQLite's EXPLAIN QUERY PLAN under each SELECT",
    ),
    (
        "why",
        "on|off: under each statement, where each part came from and why",
    ),
    (
        "mode",
        "table|repr: QuerySets as a table or as Django's repr",
    ),
    ("rows", "N: show at most N rows of a QuerySet table"),
    ("reset", "start again on a fresh copy of the database"),
    (
        "lesson",
        "[NAME]: the lessons and your progress; with NAME (slug or number) step through one",
    ),
    (
        "practice",
        "[N] [TOPIC]: N interview questions and query-count drills (default 5)",
    ),
    ("history", "the inputs of this and earlier sessions"),
    ("quit", "leave (Ctrl-D does too)"),
];

/// What the loop does after a command.
#[derive(Debug, PartialEq)]
pub enum Action {
    Continue,
    Reset,
    Quit,
    /// Step through this lesson (the loop owns the input it reads answers from).
    Lesson(String),
    Practice {
        count: usize,
        topic: Option<String>,
    },
}

/// Whether a line (outside a block) is a dot-command: `.models`, not `.5` (a float).
pub fn is_command(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('.') && !t[1..].starts_with(|c: char| c.is_ascii_digit())
}

const EXAMPLES: &str = "\
Examples:
  Book.objects.count()
  Book.objects.filter(title__icontains='war').order_by('-pubdate')
  Book.objects.select_related('publisher')[:5]
  for b in Book.objects.all()[:3]:
      print(b.title, b.publisher.name)        (a blank line ends the block)
  Publisher.objects.annotate(n=Count('books')).values('name', 'n')
Tab completes names, managers, QuerySet methods, fields and lookups (title__ic → icontains).
Ctrl-R searches the history; Ctrl-C cancels the line, or stops a running input; Ctrl-D leaves.";

/// Runs `.name args`; returns the text to print and what to do next.
pub fn run(
    line: &str,
    session: &Session,
    settings: &mut Settings,
    history: &[String],
) -> (String, Action) {
    let line = line.trim().trim_start_matches('.');
    let mut words = line.split_whitespace();
    let name = words.next().unwrap_or("");
    let arg = words.next();
    let on_off = |v: &mut bool, what: &str| -> String {
        match arg {
            Some("on") => {
                *v = true;
                format!("{what}: on")
            }
            Some("off") => {
                *v = false;
                format!("{what}: off")
            }
            None => format!("{what}: {}", if *v { "on" } else { "off" }),
            Some(x) => format!("usage: .{name} on|off (not {x:?})"),
        }
    };
    let text = match name {
        "help" | "h" | "?" => {
            let mut t = String::from("Type Python as in `python manage.py shell`. Commands:\n");
            for (c, h) in COMMANDS {
                t.push_str(&format!("  .{c:<10} {h}\n"));
            }
            t.push_str(EXAMPLES);
            t
        }
        "models" => models(session),
        "migrations" => crate::models::ddl::migrations_text(&session.ctx.reg)
            .trim_end()
            .to_string(),
        "schema" => match arg {
            Some(m) => schema(session, m),
            None => "usage: .schema MODEL".into(),
        },
        "tables" => {
            let sql = "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') \
                       AND name NOT LIKE 'sqlite%%' ORDER BY name";
            match session.ctx.db.borrow().query(sql, &[]) {
                Ok(rows) => rows
                    .iter()
                    .map(|r| match (r.first(), r.get(1)) {
                        (Some(SqlValue::Text(n)), Some(SqlValue::Text(t))) if t == "view" => {
                            format!("{n} (view)")
                        }
                        (Some(SqlValue::Text(n)), _) => n.clone(),
                        _ => String::new(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                Err(e) => e.to_string(),
            }
        }
        "sql" => on_off(&mut settings.show_sql, "SQL"),
        "plan" => on_off(&mut settings.plan, "query plans"),
        "why" => {
            let t = on_off(&mut settings.why, "why");
            session.set_why(settings.why);
            t
        }
        "mode" => match arg {
            Some("table") => {
                settings.repr_mode = false;
                "QuerySets are shown as tables".into()
            }
            Some("repr") => {
                settings.repr_mode = true;
                "QuerySets are shown as Django's repr".into()
            }
            _ => "usage: .mode table|repr".into(),
        },
        "rows" => match arg.and_then(|a| a.parse::<usize>().ok()) {
            Some(n) if n > 0 => {
                settings.rows = n;
                format!("tables show at most {n} rows")
            }
            _ => format!("usage: .rows N (now {})", settings.rows),
        },
        "lesson" => match arg {
            Some(n) => return (String::new(), Action::Lesson(n.to_string())),
            None => super::study::listing(),
        },
        "practice" => {
            let mut count = 5;
            let mut topic: Vec<&str> = Vec::new();
            for w in line.split_whitespace().skip(1) {
                match w.parse::<usize>() {
                    Ok(n) if n > 0 && topic.is_empty() => count = n,
                    _ => topic.push(w),
                }
            }
            let topic = (!topic.is_empty()).then(|| topic.join(" "));
            return (String::new(), Action::Practice { count, topic });
        }
        "reset" => {
            return (
                "a fresh copy of the database; names reset".into(),
                Action::Reset,
            );
        }
        "history" => {
            let start = history.len().saturating_sub(50);
            history[start..]
                .iter()
                .enumerate()
                .map(|(i, h)| format!("{:>5}  {h}", start + i + 1))
                .collect::<Vec<_>>()
                .join("\n")
        }
        "quit" | "exit" | "q" => return (String::new(), Action::Quit),
        _ => {
            let names = COMMANDS.iter().map(|(c, _)| *c);
            let close = get_close_matches(name, names, 3, 0.6);
            match close.first() {
                Some(c) => format!("unknown command .{name}; did you mean .{c}?"),
                None => format!("unknown command .{name}; .help lists the commands"),
            }
        }
    };
    (text, Action::Continue)
}

fn count_rows(session: &Session, table: &str) -> Option<i64> {
    let sql = format!("SELECT COUNT(*) FROM \"{}\"", table.replace('"', "\"\""));
    match session
        .ctx
        .db
        .borrow()
        .query(&sql, &[])
        .ok()?
        .first()?
        .first()?
    {
        SqlValue::Integer(n) => Some(*n),
        _ => None,
    }
}

fn models(session: &Session) -> String {
    let reg = &session.ctx.reg;
    let width = reg
        .user_models()
        .map(|(_, m)| m.name.len())
        .max()
        .unwrap_or(0);
    reg.user_models()
        .map(|(id, m)| {
            let table = &reg.get(reg.get(id).concrete).db_table;
            let n = count_rows(session, table).map_or("?".into(), |n| n.to_string());
            let proxy = if m.meta.proxy { "  (proxy)" } else { "" };
            format!("{:<width$}  {n:>6} rows  {table}{proxy}", m.name)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn schema(session: &Session, name: &str) -> String {
    let reg: &Registry = &session.ctx.reg;
    let Some(id) = reg.by_name(name) else {
        let names: Vec<&str> = reg.user_models().map(|(_, m)| m.name.as_str()).collect();
        let close = get_close_matches(name, names, 3, 0.6);
        return match close.first() {
            Some(c) => format!("no model {name}; did you mean {c}?"),
            None => format!("no model {name}; .models lists them"),
        };
    };
    let m = reg.get(id);
    let mut t = format!("{} (table {})\n", m.name, reg.get(m.concrete).db_table);
    t.push_str("Fields:\n");
    for f in reg.concrete_fields(id) {
        let mut opts = Vec::new();
        if f.primary_key {
            opts.push("primary_key".to_string());
        }
        if let Some(n) = f.max_length {
            opts.push(format!("max_length={n}"));
        }
        if f.null {
            opts.push("null".into());
        }
        if f.blank {
            opts.push("blank".into());
        }
        if f.unique && !f.primary_key {
            opts.push("unique".into());
        }
        if f.db_index {
            opts.push("db_index".into());
        }
        if f.default.is_some() {
            opts.push("default".into());
        }
        if f.auto_now {
            opts.push("auto_now".into());
        }
        if f.auto_now_add {
            opts.push("auto_now_add".into());
        }
        let mut kind = f.kind.class_name().to_string();
        if let Some(r) = &f.relation {
            kind = format!("{kind} → {} ({:?})", reg.get(r.to).name, r.on_delete);
        }
        let opts = if opts.is_empty() {
            String::new()
        } else {
            format!("  [{}]", opts.join(", "))
        };
        t.push_str(&format!(
            "  {:<14} {kind}{opts}  column {}\n",
            f.name, f.column
        ));
    }
    if !m.many_to_many.is_empty() {
        t.push_str("Many-to-many:\n");
        for x in &m.many_to_many {
            t.push_str(&format!(
                "  {:<14} ManyToManyField → {} (through {})\n",
                x.name,
                reg.get(x.to).name,
                reg.get(x.through).db_table
            ));
        }
    }
    if !m.reverse.is_empty() {
        t.push_str("Reverse relations:\n");
        for r in &m.reverse {
            t.push_str(&format!(
                "  {:<14} from {}.{} ({:?}; filter with {}__)\n",
                r.accessor,
                reg.get(r.model).name,
                r.field,
                r.kind,
                r.query_name
            ));
        }
    }
    t.push_str("Managers:\n");
    if m.managers.is_empty() {
        t.push_str("  objects        Manager\n");
    }
    for d in &m.managers {
        t.push_str(&format!(
            "  {:<14} {}\n",
            d.name,
            d.class.as_deref().unwrap_or("Manager")
        ));
    }
    if !m.meta.ordering.is_empty() {
        t.push_str(&format!("Meta.ordering: {:?}\n", m.meta.ordering));
    }
    let table = &reg.get(m.concrete).db_table;
    let rows = session.ctx.db.borrow().query(
        "SELECT sql FROM sqlite_master WHERE name = %s",
        &[SqlValue::Text(table.to_string())],
    );
    if let Ok(rows) = rows
        && let Some(Some(SqlValue::Text(sql))) = rows.first().map(|r| r.first())
    {
        t.push_str(sql);
    }
    t
}
