//! SELECT statements. Mirrors `SQLCompiler.as_sql` and its phases (`get_select`,
//! `get_order_by`/`find_ordering_name`, `get_from_clause`) for SQLite.

use crate::models::{ModelId, Registry};
use crate::query::error::{Degenerate, QueryError};
use crate::query::ir::{Col, Query, SelectKind};
use crate::query::path::{setup_joins, trim_joins};
use crate::query::value::Param;

use super::quote_name;
use super::where_sql::{col_sql, qn_alias, where_sql};

/// One column of the result and the field whose converter reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputCol {
    pub name: String,
    pub model: ModelId,
    pub field: usize,
}

/// A compiled statement: Django-style SQL (`%s` placeholders) and its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub sql: String,
    pub params: Vec<Param>,
    pub cols: Vec<OutputCol>,
}

/// Compiles a SELECT. `Ok(None)` is Django's EmptyResultSet: the query can return no rows,
/// so nothing is sent to the database.
pub fn compile_select(query: &Query, reg: &Registry) -> Result<Option<Compiled>, QueryError> {
    compile_select_with(query, reg, false)
}

/// `count()` over a sliced or distinct QuerySet: Django's AggregateQuery,
/// `SELECT COUNT(*) FROM (<inner with col aliases>) subquery`.
pub fn compile_count_subquery(
    inner: &Query,
    reg: &Registry,
) -> Result<Option<Compiled>, QueryError> {
    Ok(compile_select_with(inner, reg, true)?.map(|c| Compiled {
        sql: format!("SELECT COUNT(*) FROM ({}) subquery", c.sql),
        params: c.params,
        cols: Vec::new(),
    }))
}

/// `with_col_aliases` adds `AS "col1"`, ... to each selected column, as Django does for a
/// query used as a subquery of an aggregate.
pub fn compile_select_with(
    query: &Query,
    reg: &Registry,
    with_col_aliases: bool,
) -> Result<Option<Compiled>, QueryError> {
    let mut q = query.clone();
    let model = reg.get(q.model);
    let concrete = reg.get(model.concrete);
    let base = q.get_initial_alias(&concrete.db_table);
    let mut cols: Vec<OutputCol> = Vec::new();
    let mut select: Vec<String> = Vec::new();
    match &q.select {
        SelectKind::Model => {
            for (i, f) in concrete.fields.iter().enumerate() {
                select.push(col_sql(
                    &q,
                    &Col {
                        alias: base.clone(),
                        column: f.column.clone(),
                        model: model.concrete,
                        field: i,
                    },
                ));
                cols.push(OutputCol {
                    name: f.attname.clone(),
                    model: model.concrete,
                    field: i,
                });
            }
        }
        SelectKind::Values {
            cols: items,
            aliased,
        } => {
            for (name, c) in items {
                let sql = col_sql(&q, c);
                select.push(if *aliased {
                    format!("{sql} AS {}", quote_name(name))
                } else {
                    sql
                });
                cols.push(OutputCol {
                    name: name.clone(),
                    model: c.model,
                    field: c.field,
                });
            }
        }
        SelectKind::Count => select.push("COUNT(*) AS \"__count\"".into()),
        SelectKind::Exists => select.push("1 AS \"a\"".into()),
    }
    let order_by = if matches!(q.select, SelectKind::Count | SelectKind::Exists) {
        Vec::new()
    } else {
        get_order_by(&mut q, reg)?
    };
    let mut params = Vec::new();
    let where_part = match where_sql(&q, &q.where_, &mut params) {
        Ok(s) => Some(s),
        Err(Degenerate::Full) => None,
        Err(Degenerate::Empty) => return Ok(None),
    };
    if with_col_aliases && !matches!(q.select, SelectKind::Values { aliased: true, .. }) {
        for (i, s) in select.iter_mut().enumerate() {
            *s = format!("{s} AS \"col{}\"", i + 1);
        }
    }
    let mut sql = String::from("SELECT ");
    if q.distinct {
        sql.push_str("DISTINCT ");
    }
    sql.push_str(&select.join(", "));
    sql.push_str(" FROM ");
    sql.push_str(&from_clause(&q));
    if let Some(w) = where_part {
        sql.push_str(" WHERE ");
        sql.push_str(&w);
    }
    if !order_by.is_empty() {
        sql.push_str(" ORDER BY ");
        sql.push_str(&order_by.join(", "));
    }
    if let Some(limit) = limit_offset_sql(q.low_mark, q.high_mark) {
        sql.push(' ');
        sql.push_str(&limit);
    }
    Ok(Some(Compiled { sql, params, cols }))
}

/// Mirrors `DatabaseOperations.limit_offset_sql` (SQLite's "no limit" is -1).
pub fn limit_offset_sql(low: u64, high: Option<u64>) -> Option<String> {
    let limit = match high {
        Some(h) => Some(format!("LIMIT {}", h - low)),
        None if low > 0 => Some("LIMIT -1".to_string()),
        None => None,
    };
    let offset = (low > 0).then(|| format!("OFFSET {low}"));
    match (limit, offset) {
        (None, None) => None,
        (l, o) => Some([l, o].into_iter().flatten().collect::<Vec<_>>().join(" ")),
    }
}

/// Mirrors `SQLCompiler.get_from_clause`: every alias still referenced, in creation order.
fn from_clause(q: &Query) -> String {
    let mut parts: Vec<String> = Vec::new();
    for j in &q.alias_map {
        if q.alias_refcount.get(&j.alias).copied().unwrap_or(0) == 0 {
            continue;
        }
        let alias_str = if j.alias == j.table_name {
            String::new()
        } else {
            format!(" {}", j.alias)
        };
        match (j.join_type, &j.parent_alias) {
            (Some(t), Some(parent)) => parts.push(format!(
                "{} {}{} ON ({}.{} = {}.{})",
                t.sql(),
                quote_name(&j.table_name),
                alias_str,
                qn_alias(q, parent),
                quote_name(&j.join_cols.0),
                qn_alias(q, &j.alias),
                quote_name(&j.join_cols.1),
            )),
            _ => parts.push(format!("{}{alias_str}", qn_alias(q, &j.table_name))),
        }
    }
    // Django separates the base table and joins with spaces (a join is not a list item).
    parts.join(" ")
}

/// Mirrors `SQLCompiler.get_order_by` (explicit ordering, else Meta.ordering; `reverse()` flips).
fn get_order_by(q: &mut Query, reg: &Registry) -> Result<Vec<String>, QueryError> {
    let model = reg.get(q.model);
    let items: Vec<String> = if !q.default_ordering || !q.order_by.is_empty() {
        q.order_by.iter().map(|o| o.name.clone()).collect()
    } else {
        model.meta.ordering.clone()
    };
    let default_desc = !q.standard_ordering;
    // Names selected with an alias are ordered by position (`ORDER BY 2 DESC`).
    let selected: Vec<String> = match &q.select {
        SelectKind::Values {
            cols,
            aliased: true,
        } => cols.iter().map(|(n, _)| n.clone()).collect(),
        _ => Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if item == "?" {
            push_unique(&mut out, "RANDOM() ASC".into());
            continue;
        }
        let (bare, desc) = match item.strip_prefix('-') {
            Some(rest) => (rest, !default_desc),
            None => (item.as_str(), default_desc),
        };
        if let Some(pos) = selected.iter().position(|n| n == bare) {
            push_unique(
                &mut out,
                format!("{} {}", pos + 1, if desc { "DESC" } else { "ASC" }),
            );
            continue;
        }
        for (col, desc) in find_ordering_name(q, reg, &item, q.model, None, default_desc, 0)? {
            let dir = if desc { "DESC" } else { "ASC" };
            push_unique(&mut out, format!("{} {dir}", col_sql(q, &col)));
        }
    }
    Ok(out)
}

fn push_unique(out: &mut Vec<String>, s: String) {
    let key = s
        .rsplit_once(' ')
        .map(|(c, _)| c.to_string())
        .unwrap_or_else(|| s.clone());
    if !out
        .iter()
        .any(|o| o.rsplit_once(' ').map(|(c, _)| c) == Some(key.as_str()))
    {
        out.push(s);
    }
}

/// Mirrors `SQLCompiler.find_ordering_name`: a relation orders by its model's Meta.ordering.
fn find_ordering_name(
    q: &mut Query,
    reg: &Registry,
    name: &str,
    start: ModelId,
    alias: Option<String>,
    default_desc: bool,
    depth: usize,
) -> Result<Vec<(Col, bool)>, QueryError> {
    if depth > 20 {
        return Err(QueryError::field_error("Infinite loop caused by ordering."));
    }
    let (bare, desc) = match name.strip_prefix('-') {
        Some(rest) => (rest, !default_desc),
        None => (name, default_desc),
    };
    let pieces: Vec<String> = bare.split("__").map(str::to_string).collect();
    let base = match alias {
        Some(a) => a,
        None => {
            let table = reg.get(reg.get(q.model).concrete).db_table.clone();
            q.get_initial_alias(&table)
        }
    };
    let info = setup_joins(q, reg, start, &pieces, base, None, true)?;
    if let Some(t) = info.transforms.first() {
        return Err(QueryError::field_error(format!(
            "Cannot resolve keyword '{t}' into field. Join on '{}' not permitted.",
            pieces[pieces.len() - info.transforms.len() - 1]
        )));
    }
    let last_alias = info.joins.last().cloned().unwrap_or_default();
    if info.final_is_relation {
        let target_model = info.targets[0].0;
        let (fm, fi) = info.final_field;
        let attname = &reg.get(fm).fields[fi].attname;
        let ordering = reg.get(target_model).meta.ordering.clone();
        let last_piece = pieces.last().map(String::as_str).unwrap_or("");
        if !ordering.is_empty() && attname != last_piece && bare != "pk" {
            let mut results = Vec::new();
            for item in ordering {
                results.extend(find_ordering_name(
                    q,
                    reg,
                    &item,
                    target_model,
                    Some(last_alias.clone()),
                    desc,
                    depth + 1,
                )?);
            }
            return Ok(results);
        }
    }
    let (targets, alias, _) = trim_joins(q, reg, info.targets, info.joins, &info.path);
    Ok(targets
        .into_iter()
        .map(|(m, i)| {
            let column = reg.get(m).fields[i].column.clone();
            (
                Col {
                    alias: alias.clone(),
                    column,
                    model: m,
                    field: i,
                },
                desc,
            )
        })
        .collect())
}
