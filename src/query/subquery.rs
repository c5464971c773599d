//! Queries inside queries: `Subquery(...)`, `Exists(...)`, `__in=<QuerySet>`, and the
//! `NOT EXISTS` that `exclude()` writes across a multi-valued relation (Mirrors
//! `Query.bump_prefix`/`change_aliases`, `ResolvedOuterRef`, `Query.split_exclude` and
//! `trim_start`).

use crate::util::FastMap;

use crate::models::{Name, Registry};

use super::error::QueryError;
use super::expr::{Expr, When, resolve};
use super::filter::QNode;
use super::ir::{
    Col, GroupBy, Join, JoinType, Lhs, Lookup, Query, Rhs, SelectKind, ValueCol, WhereChild,
    WhereNode,
};
use super::path::setup_joins;
use super::value::FilterValue;

/// A query used inside another, already relabelled (`U0`, `U1`, ...) and with its outer
/// references resolved against the outer query.
#[derive(Debug, Clone, PartialEq)]
pub struct SubqueryExpr {
    pub query: Query,
    /// `EXISTS(...)` rather than a scalar/row subquery.
    pub exists: bool,
    /// `~Exists(...)`.
    pub negated: bool,
}

fn map_col(c: &mut Col, map: &FastMap<Name, Name>) {
    if let Some(n) = map.get(&c.alias) {
        c.alias = n.clone();
    }
}

fn map_expr(e: &mut Expr, map: &FastMap<Name, Name>) {
    match e {
        Expr::Col(c) => map_col(c, map),
        Expr::Ref(_, inner) | Expr::Wrapper { expr: inner, .. } => map_expr(inner, map),
        Expr::Q {
            resolved: Some(w), ..
        } => map_where(w, map),
        Expr::Combined { lhs, rhs, .. } => {
            map_expr(lhs, map);
            map_expr(rhs, map);
        }
        Expr::Func(f) => f.args.iter_mut().for_each(|a| map_expr(a, map)),
        Expr::Aggregate {
            arg,
            filter_where,
            default,
            ..
        } => {
            map_expr(arg, map);
            if let Some(w) = filter_where {
                map_where(w, map);
            }
            if let Some(d) = default {
                map_expr(d, map);
            }
        }
        Expr::Case { whens, default, .. } => {
            for When {
                condition_where,
                then,
                ..
            } in whens.iter_mut()
            {
                if let Some(w) = condition_where {
                    map_where(w, map);
                }
                map_expr(then, map);
            }
            map_expr(default, map);
        }
        _ => {}
    }
}

fn map_where(w: &mut WhereNode, map: &FastMap<Name, Name>) {
    for c in &mut w.children {
        match c {
            WhereChild::Node(n) => map_where(n, map),
            WhereChild::Lookup(l) => {
                map_expr(&mut l.lhs.expr, map);
                if let Rhs::Expr(e) = &mut l.rhs {
                    map_expr(e, map);
                }
            }
            _ => {}
        }
    }
}

/// Mirrors `Query.bump_prefix` + `change_aliases`: every alias becomes `U<position>`.
pub fn relabel(q: &mut Query, prefix: char) {
    let map: FastMap<Name, Name> = q
        .alias_map
        .iter()
        .enumerate()
        .map(|(i, j)| (j.alias.clone(), Name::from(format!("{prefix}{i}"))))
        .collect();
    q.alias_prefix = prefix;
    for j in &mut q.alias_map {
        if let Some(n) = map.get(&j.alias) {
            j.alias = n.clone();
        }
        if let Some(p) = j.parent_alias.as_ref().and_then(|p| map.get(p)) {
            j.parent_alias = Some(p.clone());
        }
    }
    map_where(std::rc::Rc::make_mut(&mut q.where_), &map);
    if let SelectKind::Values { cols, .. } = &mut q.select {
        for (_, c) in cols.iter_mut() {
            if let ValueCol::Col(c) = c {
                map_col(c, &map);
            }
        }
    }
    for (_, e) in std::rc::Rc::make_mut(&mut q.annotations).iter_mut() {
        map_expr(e, &map);
    }
    if let GroupBy::Exprs(es) = &mut q.group_by {
        es.iter_mut().for_each(|e| map_expr(e, &map));
    }
    q.used_aliases = q
        .used_aliases
        .iter()
        .map(|a| map.get(a).cloned().unwrap_or_else(|| a.clone()))
        .collect();
}

/// Replaces `OuterRef(name)` in `e` with the outer query's column for `name`.
fn resolve_outer_expr(e: &mut Expr, outer: &mut Query, reg: &Registry) -> Result<(), QueryError> {
    match e {
        Expr::OuterRef(name) => {
            let resolved = resolve(outer, reg, &Expr::F(name.clone()), true)?;
            *e = match resolved {
                Expr::Col(c) => Expr::OuterCol(c),
                other => other,
            };
        }
        Expr::Combined { lhs, rhs, .. } => {
            resolve_outer_expr(lhs, outer, reg)?;
            resolve_outer_expr(rhs, outer, reg)?;
        }
        Expr::Func(f) => {
            for a in &mut f.args {
                resolve_outer_expr(a, outer, reg)?;
            }
        }
        Expr::Aggregate {
            arg, filter_where, ..
        } => {
            resolve_outer_expr(arg, outer, reg)?;
            if let Some(w) = filter_where {
                resolve_outer_where(w, outer, reg)?;
            }
        }
        Expr::Ref(_, inner) | Expr::Wrapper { expr: inner, .. } => {
            resolve_outer_expr(inner, outer, reg)?
        }
        Expr::Q {
            resolved: Some(w), ..
        } => resolve_outer_where(w, outer, reg)?,
        _ => {}
    }
    Ok(())
}

fn resolve_outer_where(
    w: &mut WhereNode,
    outer: &mut Query,
    reg: &Registry,
) -> Result<(), QueryError> {
    for c in &mut w.children {
        match c {
            WhereChild::Node(n) => resolve_outer_where(n, outer, reg)?,
            WhereChild::Lookup(l) => {
                resolve_outer_expr(&mut l.lhs.expr, outer, reg)?;
                if let Rhs::Expr(e) = &mut l.rhs {
                    resolve_outer_expr(e, outer, reg)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Prepares `inner` for use inside `outer`: `U` aliases, outer references resolved.
pub fn resolve_subquery(
    outer: &mut Query,
    reg: &Registry,
    sub: &SubqueryExpr,
) -> Result<SubqueryExpr, QueryError> {
    let mut q = sub.query.clone();
    if q.alias_prefix != 'U' {
        relabel(&mut q, 'U');
    }
    resolve_outer_where(std::rc::Rc::make_mut(&mut q.where_), outer, reg)?;
    for (_, e) in std::rc::Rc::make_mut(&mut q.annotations).iter_mut() {
        resolve_outer_expr(e, outer, reg)?;
    }
    if sub.exists {
        q.select = SelectKind::Exists;
        q.clear_ordering(true, true);
        q.set_limits(None, Some(1));
    }
    Ok(SubqueryExpr {
        query: q,
        exists: sub.exists,
        negated: sub.negated,
    })
}

/// A model QuerySet used as `__in` selects its primary key (Mirrors `Query.has_select_fields`).
pub fn select_pk_if_model(q: &mut Query, reg: &Registry) {
    if matches!(q.select, SelectKind::Model) {
        let m = reg.get(reg.get(q.model).concrete);
        let alias = q.get_initial_alias(&m.db_table);
        let pk = m.fields.iter().position(|f| f.primary_key).unwrap_or(0);
        let col = Col {
            alias,
            column: m.fields[pk].column.clone(),
            model: m.concrete,
            field: pk,
        };
        q.select = SelectKind::Values {
            cols: vec![(m.fields[pk].name.clone(), ValueCol::Col(col))],
            aliased: false,
        };
    }
}

/// Mirrors `Query.split_exclude` + `trim_start`: `exclude(authors__name="x")` as
/// `NOT EXISTS(SELECT 1 FROM through JOIN author WHERE name = 'x' AND book_id = outer.id)`.
pub fn split_exclude(
    outer: &mut Query,
    reg: &Registry,
    path: &str,
    value: &FilterValue,
) -> Result<WhereChild, QueryError> {
    let mut inner = Query::new(outer.model);
    inner.add_q(
        reg,
        &QNode::from_parts(Vec::new(), vec![(path.to_string(), value.clone())]),
    )?;
    inner.clear_ordering(true, true);
    // The joins of the lookup path: find the first multi-valued hop.
    let names: Vec<String> = path.split("__").map(str::to_string).collect();
    let resolved = super::path::names_to_path(reg, &names, inner.model, false, &[])?;
    let parts = &names[..names.len() - resolved.rest.len()];
    let table = reg.get(reg.get(inner.model).concrete).db_table.clone();
    let base = inner
        .alias_map
        .first()
        .map(|j| j.alias.clone())
        .unwrap_or(table);
    let model = inner.model;
    let info = setup_joins(&mut inner, reg, model, parts, base.clone(), None, true)?;
    // setup_joins reused the filter's joins and added references: undo those references.
    for a in &info.joins {
        inner.unref_alias(a, 1);
    }
    let first_m2m = info.path.iter().position(|p| p.m2m).unwrap_or(0);
    let trimmed = first_m2m; // direct hops before the first multi-valued one
    let hop = &info.path[trimmed];
    // The outer column the subquery correlates with: the path up to the hop, then the hop's
    // source column (Django's trimmed_prefix).
    let start_alias = info.joins[trimmed].clone();
    let next_alias = info.joins[trimmed + 1].clone();
    let next_join_louter = inner
        .join_by_alias(&next_alias)
        .is_some_and(|j| j.join_type == Some(JoinType::LeftOuter));
    for a in &info.joins[..trimmed] {
        inner.unref_alias(a, 1);
    }
    let (select_alias, select_col) = if !next_join_louter {
        inner.unref_alias(&start_alias, usize::MAX);
        (next_alias.clone(), hop.join_cols.1.clone())
    } else {
        // A LEFT JOIN can't be trimmed (rows with nothing on the far side would vanish): the
        // subquery keeps its start table and selects from it, so it must stay in FROM.
        if inner.refcount(&start_alias) == 0 {
            inner.ref_alias(&start_alias);
        }
        (start_alias.clone(), hop.join_cols.0.clone())
    };
    // The outer side: the same path prefix resolved in the outer query.
    let outer_path: Vec<String> = parts[..trimmed].to_vec();
    let outer_target = if outer_path.is_empty() {
        let m = reg.get(reg.get(outer.model).concrete);
        let alias = outer.get_initial_alias(&m.db_table);
        let col = m
            .fields
            .iter()
            .find(|f| f.column == hop.join_cols.0)
            .map(|f| f.column.clone())
            .unwrap_or_else(|| hop.join_cols.0.clone());
        Col {
            alias,
            column: col,
            model: m.concrete,
            field: 0,
        }
    } else {
        let e = resolve(outer, reg, &Expr::F(outer_path.join("__")), true)?;
        match e {
            Expr::Col(c) => c,
            _ => {
                return Err(QueryError::field_error(
                    "cannot correlate the excluded relation",
                ));
            }
        }
    };
    let (sel_model, sel_field) = {
        let j = inner.join_by_alias(&select_alias);
        let t = j.map(|j| j.table_name.clone()).unwrap_or_default();
        let model = reg.models.iter().position(|m| m.db_table == t).unwrap_or(0);
        let field = reg
            .get(model)
            .fields
            .iter()
            .position(|f| f.column == select_col)
            .unwrap_or(0);
        (model, field)
    };
    let col = Col {
        alias: select_alias.clone(),
        column: select_col,
        model: sel_model,
        field: sel_field,
    };
    std::rc::Rc::make_mut(&mut inner.where_).add(
        WhereChild::Lookup(Lookup {
            lhs: Lhs::col(col),
            name: "exact",
            rhs: Rhs::Expr(Expr::OuterCol(outer_target)),
        }),
        super::ir::Connector::And,
    );
    relabel(&mut inner, 'U');
    inner.select = SelectKind::Exists;
    inner.set_limits(None, Some(1));
    let exists = Expr::Subquery(Box::new(SubqueryExpr {
        query: inner,
        exists: true,
        negated: false,
    }));
    Ok(WhereChild::Lookup(Lookup {
        lhs: Lhs {
            expr: exists,
            transforms: Vec::new(),
        },
        name: "exact",
        rhs: Rhs::Conditional(true),
    }))
}

/// Joins that are in the alias map but no longer referenced are dropped from FROM; the first
/// referenced one is then printed as the base table.
pub fn first_referenced(q: &Query) -> Option<&Join> {
    q.alias_map.iter().find(|j| j.refcount > 0)
}
