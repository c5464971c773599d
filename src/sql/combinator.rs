//! `union()`, `intersection()`, `difference()` (Mirrors `SQLCompiler.get_combinator_sql`):
//! each part compiled with column aliases, joined by the set operator, then ordered by those
//! aliases and limited as a whole. SQLite allows no ORDER BY or LIMIT inside a part.

use crate::models::Registry;
use crate::query::error::QueryError;
use crate::query::ir::{OrderItem, Query, SelectKind};

use super::compiler::{Compiled, Converter, OutputCol, compile_select_with, limit_offset_sql};

fn part_has_ordering(q: &Query, reg: &Registry) -> bool {
    !q.order_by.is_empty() || (q.default_ordering && !reg.get(q.model).meta.ordering.is_empty())
}

pub fn compile_combinator(q: &Query, reg: &Registry) -> Result<Option<Compiled>, QueryError> {
    let Some(comb) = &q.combinator else {
        return Ok(None);
    };
    let Some((mut parts_sql, mut params, cols)) = compile_parts(q, reg, comb, &[])? else {
        return Ok(None);
    };
    let op = match (comb.name, comb.all) {
        ("union", true) => "UNION ALL",
        ("union", false) => "UNION",
        ("intersection", _) => "INTERSECT",
        _ => "EXCEPT",
    };
    let ordering: Vec<OrderItem> = q.order_by.to_vec();
    let mut order_sql = Vec::new();
    // Columns the ordering adds to every part (`"pages" AS "__orderbycol2"`): alias and path.
    let mut extra: Vec<(String, String)> = Vec::new();
    let desc_default = !q.standard_ordering;
    for item in ordering {
        let OrderItem::Name(name) = item else {
            return Err(QueryError::new(
                "DatabaseError",
                "ORDER BY term does not match any column in the result set.",
            ));
        };
        let (bare, desc) = match name.strip_prefix('-') {
            Some(r) => (r.to_string(), !desc_default),
            None => (name.clone(), desc_default),
        };
        let dir = if desc { "DESC" } else { "ASC" };
        let aliased = matches!(q.select, SelectKind::Values { aliased: true, .. });
        let model = reg.get(reg.get(q.model).concrete);
        let target = if bare == "pk" {
            model.pk().name.clone()
        } else {
            bare.clone()
        };
        let pos = cols.iter().position(|c| *c.name == *bare || *c.name == *target || matches!(c.converter, Converter::Field(m, f) if m == model.concrete && (model.fields[f].name == target)));
        match (pos, aliased) {
            (Some(p), true) => order_sql.push(format!("{} {dir}", p + 1)),
            (Some(p), false) => order_sql.push(format!("\"col{}\" {dir}", p + 1)),
            (None, _) => {
                // Mirrors get_order_by for combined queries: the name is resolved as F() against
                // the combined query, then added to the selected columns and to each part.
                let mut outer = q.clone();
                outer.combinator = None;
                crate::query::expr::resolve(
                    &mut outer,
                    reg,
                    &crate::query::Expr::F(bare.clone()),
                    true,
                )?;
                let SelectKind::Values { cols: selected, .. } = &q.select else {
                    // A model query has no `selected` mapping to add the column to.
                    return Err(QueryError::new(
                        "TypeError",
                        "'NoneType' object does not support item assignment",
                    ));
                };
                if comb
                    .parts
                    .iter()
                    .any(|p| !matches!(p.select, SelectKind::Model))
                {
                    return Err(QueryError::new(
                        "DatabaseError",
                        "ORDER BY term does not match any column in the result set.",
                    ));
                }
                let alias = format!("__orderbycol{}", selected.len() + extra.len() + 1);
                order_sql.push(format!("{} {dir}", super::quote_name(&alias)));
                extra.push((alias, bare.clone()));
            }
        }
    }
    if !extra.is_empty() {
        let Some((sql, p, _)) = compile_parts(q, reg, comb, &extra)? else {
            return Ok(None);
        };
        parts_sql = sql;
        params = p;
    }
    let mut sql = parts_sql.join(&format!(" {op} "));
    if !order_sql.is_empty() {
        sql.push_str(" ORDER BY ");
        sql.push_str(&order_sql.join(", "));
    }
    if let Some(limit) = limit_offset_sql(q.low_mark, q.high_mark) {
        sql.push(' ');
        sql.push_str(&limit);
    }
    Ok(Some(Compiled {
        sql,
        params,
        cols,
        related: Vec::new(),
    }))
}

/// The parts' SQL and parameters, and the first part's output columns (`None`: every part is
/// empty, or one that makes the whole empty). `extra` columns (alias, path) are selected after
/// the combined query's own.
#[allow(clippy::type_complexity)]
fn compile_parts(
    q: &Query,
    reg: &Registry,
    comb: &crate::query::ir::Combinator,
    extra: &[(String, String)],
) -> Result<Option<(Vec<String>, Vec<crate::query::value::Param>, Vec<OutputCol>)>, QueryError> {
    let mut parts_sql: Vec<String> = Vec::new();
    let mut params = Vec::new();
    let mut cols: Vec<OutputCol> = Vec::new();
    for (i, part) in comb.parts.iter().enumerate() {
        if part.is_sliced() {
            return Err(QueryError::new(
                "DatabaseError",
                "LIMIT/OFFSET not allowed in subqueries of compound statements.",
            ));
        }
        if part_has_ordering(part, reg) {
            return Err(QueryError::new(
                "DatabaseError",
                "ORDER BY not allowed in subqueries of compound statements.",
            ));
        }
        let mut p = part.clone();
        // The combined query's select (values(), exists()) applies to parts that chose none.
        if matches!(p.select, SelectKind::Model) {
            match &q.select {
                SelectKind::Values { cols, aliased } => {
                    let names: Vec<String> = cols.iter().map(|(n, _)| n.clone()).collect();
                    let mut resolved = values_for_part(&mut p, reg, &names)?;
                    for (alias, path) in extra {
                        for (_, c) in values_for_part(&mut p, reg, std::slice::from_ref(path))? {
                            resolved.push((alias.clone(), c));
                        }
                    }
                    p.select = SelectKind::Values {
                        cols: resolved,
                        aliased: *aliased,
                    };
                }
                SelectKind::Model => {}
                other => p.select = other.clone(),
            }
        }
        p.default_ordering = false;
        match compile_select_with(&p, reg, true)? {
            Some(c) => {
                if parts_sql.is_empty() {
                    cols = c.cols.clone();
                }
                parts_sql.push(c.sql);
                params.extend(c.params);
            }
            None if comb.name == "union" || (comb.name == "difference" && i > 0) => continue,
            None => return Ok(None),
        }
    }
    if parts_sql.is_empty() {
        return Ok(None);
    }
    Ok(Some((parts_sql, params, cols)))
}

/// Resolves `values()` names against one part of a combined query (its own joins).
fn values_for_part(
    p: &mut Query,
    reg: &Registry,
    names: &[String],
) -> Result<Vec<(String, crate::query::ir::ValueCol)>, QueryError> {
    let table = reg.get(reg.get(p.model).concrete).db_table.clone();
    let mut out = Vec::new();
    for name in names {
        let parts: Vec<String> = name.split("__").map(str::to_string).collect();
        let alias = p.get_initial_alias(&table);
        let info = crate::query::path::setup_joins(p, reg, p.model, &parts, alias, None, true)?;
        let (targets, alias, _) =
            crate::query::path::trim_joins(p, reg, info.targets, info.joins, &info.path);
        for (m, i) in targets {
            let column = reg.get(m).fields[i].column.clone();
            out.push((
                name.clone(),
                crate::query::ir::ValueCol::Col(crate::query::ir::Col {
                    alias: alias.clone(),
                    column,
                    model: m,
                    field: i,
                }),
            ));
        }
    }
    Ok(out)
}
