//! `.why on`: which part of a SELECT came from where, and why. Each note pairs a fragment of the
//! statement (`INNER JOIN "bookstore_publisher"`, `LIMIT 21`) with its reason (the lookup that
//! needed the join and why it is INNER, the `Meta.ordering` behind an ORDER BY, the shell's repr
//! behind a LIMIT 21). The reasons are read from the query IR as compiled (the joins that
//! select_related() and ordering added included) and the registry — never guessed from SQL text;
//! the text only supplies the fragments to show, and a note whose fragment is not in the SQL is
//! dropped. Nothing here runs unless `.why` is on: the ORM asks for notes only then.

use crate::models::{ModelId, Name, Registry};
use crate::query::expr::Expr;
use crate::query::ir::{
    Connector, GroupBy, JoinType, OrderItem, Query, Rhs, SelectKind, SelectRelated, Transform,
    ValueCol, WhereChild, WhereNode,
};

use super::quote_name;
use super::where_sql::col_sql;

/// One line of `.why`: a fragment of the statement and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct WhyNote {
    pub part: String,
    pub reason: String,
}

impl WhyNote {
    fn new(part: impl Into<String>, reason: impl Into<String>) -> WhyNote {
        WhyNote {
            part: part.into(),
            reason: reason.into(),
        }
    }
}

/// What the ORM was doing when it built the query: the IR alone cannot tell a LIMIT 21 of
/// `get()` from the shell's repr, nor `first()`'s ORDER BY from the user's.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// The shell displays a QuerySet (`repr` fetches `qs[:21]`); the user's own slice, if any.
    Repr {
        low: u64,
        high: Option<u64>,
    },
    Get,
    First {
        ordered: bool,
    },
    Last {
        ordered: bool,
    },
    Index(u64),
    /// `prefetch_related()`'s query for this relation name.
    Prefetch(String),
}

/// The notes for one SELECT. `q` is the query as compiled, `sql` the statement as logged.
pub fn explain(q: &Query, reg: &Registry, origin: Option<Origin>, sql: &str) -> Vec<WhyNote> {
    if let Some(c) = &q.combinator {
        let op = match c.name {
            "union" => "UNION",
            "intersection" => "INTERSECT",
            _ => "EXCEPT",
        };
        let all = if c.all { " ALL" } else { "" };
        let keeps = if c.all {
            "duplicates kept"
        } else {
            "duplicates removed"
        };
        let note = WhyNote::new(
            format!("{op}{all}"),
            format!(
                "{}(): one statement for the combined QuerySets ({keeps})",
                c.name
            ),
        );
        return vec![note];
    }
    let mut notes = Vec::new();
    let aliases = AliasInfo::new(q, reg);
    select_notes(q, reg, &aliases, &mut notes);
    join_notes(q, reg, &aliases, &mut notes);
    let mut wn = Vec::new();
    where_notes(q, reg, &aliases, &q.where_, &mut wn);
    if matches!(origin, Some(Origin::Prefetch(_))) {
        // The prefetch's own filter, not a Q the user wrote.
        wn.retain(|n| n.part != "OR");
    }
    notes.extend(wn);
    if let Some(Origin::Prefetch(name)) = &origin {
        notes.push(WhyNote::new(
            "WHERE",
            format!(
                "prefetch_related('{name}'): one query for the related rows of all the \
                 instances just fetched (their keys in IN (...)), not one per instance"
            ),
        ));
    }
    group_notes(q, reg, sql, &mut notes);
    order_notes(q, reg, origin.as_ref(), sql, &mut notes);
    limit_notes(q, origin.as_ref(), &mut notes);
    // A fragment that is not in the statement would mislead: keep only what the SQL shows,
    // in the statement's order.
    let at = |n: &WhyNote| {
        let anchor = n.part.split('…').next().unwrap_or("").trim_end();
        // A bare keyword is looked for as a word (`OR` is not the start of `ORDER BY`).
        if anchor != "SELECT" && anchor.chars().all(|c| c.is_ascii_uppercase()) {
            sql.find(&format!(" {anchor} ")).map(|i| i + 1)
        } else {
            sql.find(anchor)
        }
    };
    notes.retain(|n| at(n).is_some());
    notes.sort_by_key(|n| at(n));
    for n in &mut notes {
        n.part = shorten(&n.part);
    }
    notes
}

/// A long clause (GROUP BY every column) is cut: the note is about where it came from.
fn shorten(part: &str) -> String {
    const MAX: usize = 60;
    if part.chars().count() <= MAX {
        return part.to_string();
    }
    let cut: String = part.chars().take(MAX - 2).collect();
    match cut.rsplit_once(", ") {
        Some((head, _)) => format!("{head}, …"),
        None => format!("{cut}…"),
    }
}

/// `count()` of a sliced, distinct or combined QuerySet: Django counts the inner query's rows.
pub fn count_subquery_note() -> WhyNote {
    WhyNote::new(
        "SELECT COUNT(*) FROM (…) subquery",
        "count() of a sliced, distinct or combined QuerySet: the inner query's rows are counted",
    )
}

/// The note of SQL the user wrote (`raw()`, `connection.cursor().execute()`).
pub fn raw_sql_note() -> WhyNote {
    WhyNote::new(
        "the whole query",
        "your own SQL (raw() or cursor.execute()), sent as written: the ORM built none of it",
    )
}

/// The note of a query a lazy relation load sent (`cause` is `Book.publisher`).
pub fn lazy_load_note(cause: &str) -> WhyNote {
    let field = cause.rsplit('.').next().unwrap_or(cause);
    WhyNote::new(
        "the whole query",
        format!(
            "{cause} was read on an instance that had not loaded it: one query per instance \
             (select_related('{field}') or prefetch_related('{field}') loads them up front)"
        ),
    )
}

/// Per alias of the query: the model it reads and the relation path that reached it.
struct AliasInfo {
    /// `(alias, model, path from the base model, relation description)`.
    entries: Vec<(String, Option<ModelId>, String, String)>,
}

impl AliasInfo {
    fn new(q: &Query, reg: &Registry) -> AliasInfo {
        let mut entries: Vec<(String, Option<ModelId>, String, String)> = Vec::new();
        for j in &q.alias_map {
            let model = model_of_table(reg, &j.table_name);
            let parent = j
                .parent_alias
                .as_ref()
                .and_then(|p| entries.iter().find(|e| *e.0 == **p).cloned());
            let Some((_, pmodel, ppath, _)) = parent else {
                entries.push((j.alias.to_string(), model, String::new(), String::new()));
                continue;
            };
            let (step, desc) = match (pmodel, model) {
                (Some(p), Some(c)) => relation_step(reg, p, c, &j.join_cols),
                _ => (None, String::new()),
            };
            let path = match step {
                None => ppath,
                Some(s) if ppath.is_empty() => s,
                Some(s) => format!("{ppath}__{s}"),
            };
            entries.push((j.alias.to_string(), model, path, desc));
        }
        AliasInfo { entries }
    }

    fn get(&self, alias: &str) -> Option<&(String, Option<ModelId>, String, String)> {
        self.entries.iter().find(|e| e.0 == alias)
    }

    /// `publisher__name` for a column of the `publisher` join.
    fn field_path(&self, reg: &Registry, c: &crate::query::ir::Col) -> String {
        let name = reg
            .get(c.model)
            .fields
            .get(c.field)
            .map_or(&*c.column, |f| f.name.as_str());
        let path = self.get(&c.alias).map(|e| e.2.as_str());
        // A column of a many-to-many's join table stands for the relation itself (the join
        // to the far table was trimmed): `authors`, not `authors__author`.
        if reg.get(c.model).auto_created
            && let Some(p) = path.filter(|p| !p.is_empty())
        {
            return p.to_string();
        }
        match path {
            Some(p) if !p.is_empty() => format!("{p}__{name}"),
            _ => name.to_string(),
        }
    }
}

fn model_of_table(reg: &Registry, table: &str) -> Option<ModelId> {
    reg.models
        .iter()
        .position(|m| &*m.db_table == table && !m.meta.proxy && m.parent.is_none())
        .or_else(|| reg.models.iter().position(|m| &*m.db_table == table))
}

/// The name a lookup path uses for the join from `p` to `c` (`None`: the second half of a
/// many-to-many, which adds no name), and a description of the relation.
fn relation_step(
    reg: &Registry,
    p: ModelId,
    c: ModelId,
    cols: &(Name, Name),
) -> (Option<String>, String) {
    let pm = reg.get(p);
    let cm = reg.get(c);
    if pm.auto_created {
        // through table → target: the second hop of a many-to-many.
        return (None, String::new());
    }
    if cm.auto_created {
        if let Some(m) = pm.many_to_many.iter().find(|m| m.through == c) {
            let desc = format!(
                "{}.{}, a ManyToManyField (through its join table)",
                pm.name, m.name
            );
            return (Some(m.name.clone()), desc);
        }
        for (mid, owner) in reg.models.iter().enumerate() {
            if let Some(m) = owner
                .many_to_many
                .iter()
                .find(|m| m.through == c && m.to == p)
                && let Some(r) = pm
                    .reverse
                    .iter()
                    .find(|r| r.model == mid && r.field == m.name)
            {
                let desc = format!("the reverse of {}.{} (many-to-many)", owner.name, m.name);
                return (Some(r.query_name.clone()), desc);
            }
        }
    }
    if let Some(f) = pm
        .fields
        .iter()
        .find(|f| f.column == cols.0 && f.relation.is_some())
    {
        let null = if f.null { "null=True" } else { "not null" };
        let desc = format!("{}.{}, a {} ({null})", pm.name, f.name, f.kind.class_name());
        return (Some(f.name.clone()), desc);
    }
    if let Some(f) = cm
        .fields
        .iter()
        .find(|f| f.column == cols.1 && f.relation.is_some())
        && let Some(r) = pm
            .reverse
            .iter()
            .find(|r| r.model == c && r.field == f.name)
    {
        let desc = format!(
            "the reverse of {}.{}: one row per {} (a {} can repeat)",
            cm.name, f.name, cm.name, pm.name
        );
        return (Some(r.query_name.clone()), desc);
    }
    (None, String::new())
}

fn select_notes(q: &Query, reg: &Registry, aliases: &AliasInfo, notes: &mut Vec<WhyNote>) {
    match &q.select {
        SelectKind::Count => notes.push(WhyNote::new(
            "COUNT(*) AS \"__count\"",
            "count(): the database counts; no rows are fetched",
        )),
        SelectKind::Exists => notes.push(WhyNote::new(
            "SELECT 1 AS \"a\"",
            "exists(): any one row answers, so nothing of it is read",
        )),
        SelectKind::Annotations => notes.push(WhyNote::new(
            "SELECT",
            "aggregate(): one row of totals over the whole QuerySet, no instances",
        )),
        SelectKind::Values { cols, .. } => {
            let names: Vec<String> = cols
                .iter()
                .map(|(n, c)| match c {
                    ValueCol::Col(c) => {
                        let p = aliases.field_path(reg, c);
                        if &p == n { p } else { format!("{n}={p}") }
                    }
                    ValueCol::Annotation => n.clone(),
                })
                .collect();
            notes.push(WhyNote::new(
                "SELECT",
                format!(
                    "values()/values_list(): only {} — dicts or tuples, not instances",
                    names.join(", ")
                ),
            ));
        }
        SelectKind::Model => {
            if q.deferred != crate::query::ir::Deferred::None {
                notes.push(WhyNote::new(
                    "SELECT",
                    "only()/defer(): the other columns are left out; reading one later costs a \
                     query per instance",
                ));
            }
            for (alias, sql) in &q.extra_select {
                if alias.starts_with("_prefetch_related_val_") {
                    notes.push(WhyNote::new(
                        format!("({sql}) AS {}", quote_name(alias)),
                        "prefetch_related(): tells which instance each fetched row belongs to",
                    ));
                }
            }
        }
    }
    if q.distinct {
        notes.push(WhyNote::new(
            "SELECT DISTINCT",
            "distinct(): duplicate rows (often from a multi-valued join) are removed",
        ));
    }
    for (name, e) in q.annotations.iter() {
        if !q.annotation_select.contains(name) || matches!(q.select, SelectKind::Count) {
            continue;
        }
        let part = format!("AS {}", quote_name(name));
        if e.contains_aggregate() {
            let per = if matches!(q.select, SelectKind::Annotations) {
                "over the whole QuerySet"
            } else {
                "per row of the result (so the query is grouped)"
            };
            notes.push(WhyNote::new(
                part,
                format!("the aggregate {name}, computed {per}"),
            ));
        } else if has_subquery(e) {
            notes.push(WhyNote::new(
                part,
                format!("{name}: a Subquery, evaluated by the database for each row"),
            ));
        }
    }
}

fn join_notes(q: &Query, reg: &Registry, aliases: &AliasInfo, notes: &mut Vec<WhyNote>) {
    for j in q.alias_map.iter().skip(1) {
        let Some(t) = j.join_type else { continue };
        if j.refcount == 0 {
            continue;
        }
        let Some((_, _, path, desc)) = aliases.get(&j.alias) else {
            continue;
        };
        let alias = if j.alias == j.table_name {
            String::new()
        } else {
            format!(" {}", j.alias)
        };
        let part = format!("{} {}{alias}", t.sql(), quote_name(&j.table_name));
        let parent_louter = j
            .parent_alias
            .as_deref()
            .and_then(|p| q.join_by_alias(p))
            .is_some_and(|p| p.join_type == Some(JoinType::LeftOuter));
        let kind = match (t, j.nullable) {
            (JoinType::Inner, false) => "INNER: there is always a row to join".to_string(),
            (JoinType::Inner, true) => {
                "INNER although it may find no row: a condition on it needs one, so rows \
                 without it could not match anyway"
                    .to_string()
            }
            (JoinType::LeftOuter, _) if parent_louter => {
                "LEFT OUTER: it hangs off a LEFT OUTER JOIN".to_string()
            }
            (JoinType::LeftOuter, true) => {
                "LEFT OUTER: it may find no row, and such rows must stay".to_string()
            }
            (JoinType::LeftOuter, false) => {
                "LEFT OUTER: promoted, as a row may match through another branch of an OR"
                    .to_string()
            }
        };
        let used = uses_of(q, reg, aliases, &j.alias, path);
        let used = if used.is_empty() {
            String::new()
        } else {
            format!("{} → ", used.join(", "))
        };
        let desc = if desc.is_empty() {
            String::new()
        } else {
            format!("{desc}; ")
        };
        notes.push(WhyNote::new(part, format!("{used}{desc}{kind}")));
    }
}

/// What in the QuerySet refers to `alias`: `filter publisher__name`, `order_by`, ...
fn uses_of(q: &Query, reg: &Registry, aliases: &AliasInfo, alias: &str, path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s)
        }
    };
    let mut lookups = Vec::new();
    collect_lookups(&q.where_, &mut lookups);
    for l in lookups.iter().filter(|l| !l.lhs.expr.contains_aggregate()) {
        let mut cols = Vec::new();
        expr_cols(&l.lhs.expr, &mut cols);
        if let Rhs::Expr(e) = &l.rhs {
            expr_cols(e, &mut cols);
        }
        if let Some(c) = cols.iter().find(|c| &*c.alias == alias) {
            push(format!("filter {}", lookup_path(aliases, reg, c, l)));
        }
    }
    if let SelectKind::Values { cols, .. } = &q.select {
        for (_, c) in cols {
            if let ValueCol::Col(c) = c
                && &*c.alias == alias
            {
                push(format!("values {}", aliases.field_path(reg, c)));
            }
        }
    }
    for (name, e) in q.annotations.iter() {
        let mut cols = Vec::new();
        expr_cols(e, &mut cols);
        if cols.iter().any(|c| &*c.alias == alias) {
            push(format!("annotate {name}"));
        }
    }
    for o in q.order_by.iter() {
        if let OrderItem::Name(n) = o {
            let n = n.trim_start_matches('-');
            if !path.is_empty() && (n == path || n.starts_with(&format!("{path}__"))) {
                push(format!("order_by {n}"));
            }
        }
    }
    if select_related_has(&q.select_related, path) {
        push(format!("select_related {path}"));
    }
    out
}

fn select_related_has(sr: &SelectRelated, path: &str) -> bool {
    if path.is_empty() {
        return false;
    }
    match sr {
        SelectRelated::None => false,
        SelectRelated::All => true,
        SelectRelated::Fields(children) => {
            let (head, rest) = path.split_once("__").unwrap_or((path, ""));
            children
                .iter()
                .any(|(n, sub)| n == head && (rest.is_empty() || select_related_has(sub, rest)))
        }
    }
}

fn collect_lookups<'a>(w: &'a WhereNode, out: &mut Vec<&'a crate::query::ir::Lookup>) {
    for c in &w.children {
        match c {
            WhereChild::Node(n) => collect_lookups(n, out),
            WhereChild::Lookup(l) => out.push(l),
            _ => {}
        }
    }
}

fn expr_cols<'a>(e: &'a Expr, out: &mut Vec<&'a crate::query::ir::Col>) {
    match e {
        Expr::Col(c) => out.push(c),
        Expr::Ref(_, e) | Expr::Wrapper { expr: e, .. } => expr_cols(e, out),
        Expr::Combined { lhs, rhs, .. } => {
            expr_cols(lhs, out);
            expr_cols(rhs, out);
        }
        Expr::Func(f) => f.args.iter().for_each(|a| expr_cols(a, out)),
        Expr::Aggregate { arg, .. } => expr_cols(arg, out),
        Expr::Case { whens, default, .. } => {
            whens.iter().for_each(|w| expr_cols(&w.then, out));
            expr_cols(default, out);
        }
        _ => {}
    }
}

fn has_subquery(e: &Expr) -> bool {
    match e {
        Expr::Subquery(_) => true,
        Expr::Ref(_, e) | Expr::Wrapper { expr: e, .. } => has_subquery(e),
        Expr::Combined { lhs, rhs, .. } => has_subquery(lhs) || has_subquery(rhs),
        Expr::Func(f) => f.args.iter().any(has_subquery),
        Expr::Aggregate { arg, .. } => has_subquery(arg),
        Expr::Case { whens, default, .. } => {
            has_subquery(default) || whens.iter().any(|w| has_subquery(&w.then))
        }
        _ => false,
    }
}

/// `publisher__name__icontains`, as the user wrote the lookup.
fn lookup_path(
    aliases: &AliasInfo,
    reg: &Registry,
    c: &crate::query::ir::Col,
    l: &crate::query::ir::Lookup,
) -> String {
    let mut p = aliases.field_path(reg, c);
    for t in &l.lhs.transforms {
        p.push_str("__");
        p.push_str(match t {
            Transform::Extract { name, .. } => name,
            Transform::TruncDate => "date",
            Transform::TruncTime => "time",
        });
    }
    if matches!(l.rhs, Rhs::YearBounds(_)) {
        p.push_str("__year");
    }
    if l.name != "exact" {
        p.push_str("__");
        p.push_str(l.name);
    }
    p
}

fn where_notes(
    q: &Query,
    reg: &Registry,
    aliases: &AliasInfo,
    w: &WhereNode,
    notes: &mut Vec<WhyNote>,
) {
    if w.negated {
        notes.push(WhyNote::new(
            "NOT (",
            "exclude() or ~Q(...): the condition is negated",
        ));
    }
    if w.connector == Connector::Or && w.children.len() > 1 {
        let note = WhyNote::new("OR", "Q(...) | Q(...): either condition may match");
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    for c in &w.children {
        match c {
            WhereChild::Node(n) => where_notes(q, reg, aliases, n, notes),
            WhereChild::Lookup(l) => lookup_note(q, reg, aliases, l, notes),
            _ => {}
        }
    }
}

fn lookup_note(
    q: &Query,
    reg: &Registry,
    aliases: &AliasInfo,
    l: &crate::query::ir::Lookup,
    notes: &mut Vec<WhyNote>,
) {
    if l.lhs.expr.contains_aggregate()
        || matches!(&l.lhs.expr, Expr::Ref(_, e) if e.contains_aggregate())
    {
        notes.push(WhyNote::new(
            "HAVING",
            "a filter() on an aggregate annotation: it applies to the groups, after GROUP BY",
        ));
        return;
    }
    let Expr::Col(c) = &l.lhs.expr else {
        if let Expr::Subquery(s) = &l.lhs.expr
            && s.exists
        {
            notes.push(WhyNote::new(
                "EXISTS(SELECT",
                "Exists(...), or exclude() through a multi-valued relation: a correlated \
                 subquery, so a row is kept or dropped as a whole",
            ));
        }
        return;
    };
    let path = lookup_path(aliases, reg, c, l);
    let col = col_sql(q, c);
    for t in &l.lhs.transforms {
        if let Transform::Extract { name, .. } = t {
            notes.push(WhyNote::new(
                format!("django_date_extract('{name}', {col})"),
                format!(
                    "{path}: SQLite has no EXTRACT, so Django registers its own SQL function on \
                     each connection"
                ),
            ));
        }
    }
    let (part, reason) = match (l.name, &l.rhs) {
        (_, Rhs::YearBounds(_)) => (
            format!("{col} BETWEEN"),
            format!("{path}: a range on the column itself (an index can serve it), not an extract"),
        ),
        ("contains" | "startswith" | "endswith", _) => (
            format!("{col} LIKE … ESCAPE '\\'"),
            format!(
                "{path}: SQLite has no case-sensitive LIKE, so on SQLite this ignores ASCII case \
                 like i{}; % and _ in the value are escaped",
                l.name
            ),
        ),
        ("iexact" | "icontains" | "istartswith" | "iendswith", _) => (
            format!("{col} LIKE … ESCAPE '\\'"),
            format!(
                "{path}: SQLite's LIKE ignores ASCII case; % and _ in the value are escaped \
                 (ESCAPE '\\')"
            ),
        ),
        ("regex" | "iregex", _) => (
            format!("{col} REGEXP"),
            format!("{path}: Django registers Python's re.search as SQLite's REGEXP"),
        ),
        (_, Rhs::IsNull(true)) => (
            format!("{col} IS NULL"),
            format!("{path}: filter(x=None) and x__isnull=True both become IS NULL"),
        ),
        ("in", Rhs::Many(_)) => (
            format!("{col} IN ("),
            format!("{path}: the values, duplicates and None removed"),
        ),
        (_, Rhs::Expr(e)) if has_subquery(e) => (
            format!("{col} IN (SELECT"),
            format!("{path} given a QuerySet: it becomes a subquery in the same statement"),
        ),
        _ => return,
    };
    notes.push(WhyNote::new(part, reason));
}

/// The clause `kw` of the top-level statement (outside parentheses and quotes), up to the next
/// top-level keyword: the fragment shown next to the reason.
fn clause(sql: &str, kw: &str, ends: &[&str]) -> Option<String> {
    let bytes = sql.as_bytes();
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(qc) if b == qc => quote = None,
            Some(_) => {}
            None => match b {
                b'\'' | b'"' => quote = Some(b),
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ if depth == 0 => {
                    let rest = &sql[i..];
                    match start {
                        None if rest.starts_with(kw) => start = Some(i),
                        Some(s) if ends.iter().any(|e| rest.starts_with(e)) => {
                            return Some(sql[s..i].trim_end().to_string());
                        }
                        _ => {}
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    start.map(|s| sql[s..].trim_end().to_string())
}

fn group_notes(q: &Query, reg: &Registry, sql: &str, notes: &mut Vec<WhyNote>) {
    let Some(part) = clause(sql, " GROUP BY ", &[" HAVING ", " ORDER BY ", " LIMIT "]) else {
        return;
    };
    let model = &reg.get(q.model).name;
    let reason = match (&q.group_by, &q.select) {
        (_, SelectKind::Values { .. }) => {
            "values(...).annotate(<aggregate>): one row per distinct value of the values() \
             columns"
                .to_string()
        }
        (GroupBy::All, _) => {
            format!("annotate(<aggregate>): one row per {model}, grouped by every selected column")
        }
        _ => "the aggregate annotations are computed per group".to_string(),
    };
    notes.push(WhyNote::new(part.trim_start(), reason));
}

fn order_notes(
    q: &Query,
    reg: &Registry,
    origin: Option<&Origin>,
    sql: &str,
    notes: &mut Vec<WhyNote>,
) {
    let Some(part) = clause(sql, " ORDER BY ", &[" LIMIT "]) else {
        return;
    };
    let part = part.trim_start().to_string();
    let model = reg.get(q.model);
    let reversed = if q.standard_ordering {
        ""
    } else {
        " (reversed by reverse() or last())"
    };
    let reason = match origin {
        Some(Origin::First { ordered: false }) => {
            "first() on an unordered QuerySet orders by the primary key".to_string()
        }
        Some(Origin::Last { ordered: false }) => {
            "last() on an unordered QuerySet orders by the primary key, descending".to_string()
        }
        _ if !q.order_by.is_empty() => {
            let names: Vec<String> = q
                .order_by
                .iter()
                .map(|o| match o {
                    OrderItem::Name(n) => format!("'{n}'"),
                    OrderItem::Expr(e) => e.expr.repr(),
                })
                .collect();
            let related = q.order_by.iter().any(|o| match o {
                OrderItem::Name(n) => {
                    let n = n.trim_start_matches(['-', '?']);
                    model
                        .fields
                        .iter()
                        .any(|f| f.name == n && f.relation.is_some())
                }
                _ => false,
            });
            let via = if related {
                "; ordering by a relation uses the related model's Meta.ordering"
            } else {
                ""
            };
            format!("order_by({}){via}{reversed}", names.join(", "))
        }
        _ if q.default_ordering && !model.meta.ordering.is_empty() => {
            let names: Vec<String> = model
                .meta
                .ordering
                .iter()
                .map(|n| format!("'{n}'"))
                .collect();
            format!(
                "{}.Meta.ordering = [{}]: the model's default order (order_by() removes it){reversed}",
                model.name,
                names.join(", ")
            )
        }
        _ => return,
    };
    notes.push(WhyNote::new(part, reason));
}

fn limit_notes(q: &Query, origin: Option<&Origin>, notes: &mut Vec<WhyNote>) {
    let Some(part) = super::compiler::limit_offset_sql(q.low_mark, q.high_mark) else {
        return;
    };
    let slice = |low: u64, high: Option<u64>| match (low, high) {
        (0, Some(h)) => format!("[:{h}]"),
        (l, Some(h)) => format!("[{l}:{h}]"),
        (l, None) => format!("[{l}:]"),
    };
    let reason = match origin {
        Some(&Origin::Repr { low, high }) => {
            let user = low != 0 || high.is_some();
            if user && q.high_mark == high && q.low_mark == low {
                format!("the slice {} in the input", slice(low, high))
            } else {
                "the shell shows a QuerySet as its repr, which fetches at most 21 rows: 20 to \
                 show and one to know there are more"
                    .to_string()
            }
        }
        Some(Origin::Get) => "get() fetches at most 21 rows: it expects one, and can say \
                              'more than 20' when there are many"
            .to_string(),
        Some(Origin::First { .. }) => "first(): one row".to_string(),
        Some(Origin::Last { .. }) => "last(): one row, of the reversed order".to_string(),
        Some(Origin::Index(k)) => format!("qs[{k}]: one row"),
        Some(Origin::Prefetch(_)) | None if matches!(q.select, SelectKind::Exists) => {
            "exists(): one row is enough".into()
        }
        _ => format!("the slice {} in the input", slice(q.low_mark, q.high_mark)),
    };
    notes.push(WhyNote::new(part, reason));
}
