//! SELECT statements. Mirrors `SQLCompiler.as_sql` and its phases (`get_select`,
//! `get_order_by`/`find_ordering_name`, `get_group_by`, `get_from_clause`) for SQLite.

use std::fmt::Write as _;

use crate::models::{FieldKind, ModelId, Name, Registry};
use crate::query::error::{Degenerate, QueryError};
use crate::query::expr::{Expr, OrderBy, output_field, resolve};
use crate::query::ir::{
    Col, GroupBy, OrderItem, Query, SelectKind, ValueCol, WhereChild, WhereNode,
};
use crate::query::path::{setup_joins, trim_joins};
use crate::query::value::Param;

use super::expr_sql::expr_sql;
use super::push_quoted;
use super::where_sql::{col_sql, push_qn_alias, where_sql};

/// How a result column is converted back into a Python value.
#[derive(Debug, Clone, PartialEq)]
pub enum Converter {
    /// A model field's converter (`from_db_value`, Decimal quantised to its places).
    Field(ModelId, usize),
    /// An expression's output field (Decimal not quantised), `None` = as SQLite returns it.
    Expr(Option<FieldKind>),
}

/// One column of the result.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputCol {
    /// Shared with the field's attname for a model column (one per column of every compile).
    pub name: Name,
    pub converter: Converter,
}

/// A compiled statement: Django-style SQL (`%s` placeholders) and its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub sql: String,
    pub params: Vec<Param>,
    pub cols: Vec<OutputCol>,
    /// `select_related()` objects, their columns after the main model's and annotations.
    pub related: Vec<super::select_related::RelatedSelection>,
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
        related: Vec::new(),
    }))
}

/// One selected item: its SQL and parameters, its alias, and the expression (for GROUP BY and
/// ORDER BY by position).
struct Selected {
    sql: String,
    params: Vec<Param>,
    alias: Option<String>,
    expr: Expr,
}

/// Mirrors `WhereNode.get_group_by_cols` for HAVING: what each condition's sides group by.
fn having_group_by_cols(w: &WhereNode, out: &mut Vec<Expr>) {
    for c in &w.children {
        match c {
            WhereChild::Node(n) => having_group_by_cols(n, out),
            WhereChild::Lookup(l) => {
                group_by_cols(&l.lhs.expr, out);
                if let crate::query::ir::Rhs::Expr(e) = &l.rhs {
                    group_by_cols(e, out);
                }
            }
            _ => {}
        }
    }
}

/// Mirrors `BaseExpression.get_group_by_cols`: an expression without an aggregate groups by
/// itself (a plain value by nothing); one with an aggregate by its sources' columns.
fn group_by_cols(e: &Expr, out: &mut Vec<Expr>) {
    // Window.get_group_by_cols: what it partitions and orders by, never the window itself.
    if let Expr::Window(w) = e {
        for source in w.group_by_sources() {
            group_by_cols(source, out);
        }
        return;
    }
    if !e.contains_aggregate() {
        if !matches!(e, Expr::Value(_)) {
            out.push(e.clone());
        }
        return;
    }
    match e {
        Expr::Combined { lhs, rhs, .. } => {
            group_by_cols(lhs, out);
            group_by_cols(rhs, out);
        }
        Expr::Func(f) => f.args.iter().for_each(|a| group_by_cols(a, out)),
        Expr::Wrapper { expr, .. } => group_by_cols(expr, out),
        _ => {}
    }
}

/// `with_col_aliases` adds `AS "col1"`, ... to each unaliased column, as Django does for a
/// query used as a subquery of an aggregate.
pub fn compile_select_with(
    query: &Query,
    reg: &Registry,
    with_col_aliases: bool,
) -> Result<Option<Compiled>, QueryError> {
    compile_select_keep(query, reg, with_col_aliases, None)
}

/// Like [`compile_select`], also handing back the query as compiled: with the joins that
/// select_related() and ordering added, which `.why` explains (see `why.rs`). Only called when
/// `.why` is on, so the ordinary path moves nothing.
pub fn compile_select_explained(
    query: &Query,
    reg: &Registry,
    with_col_aliases: bool,
) -> Result<Option<(Compiled, Query)>, QueryError> {
    let mut kept = None;
    let c = compile_select_keep(query, reg, with_col_aliases, Some(&mut kept))?;
    Ok(c.map(|c| (c, kept.unwrap_or_else(|| query.clone()))))
}

fn compile_select_keep(
    query: &Query,
    reg: &Registry,
    with_col_aliases: bool,
    keep: Option<&mut Option<Query>>,
) -> Result<Option<Compiled>, QueryError> {
    if query.combinator.is_some() {
        return super::combinator::compile_combinator(query, reg);
    }
    let mut q = query.clone();
    let model = reg.get(q.model);
    let concrete = reg.get(model.concrete);
    // Django refs the base table when it selects columns from it (or when nothing else is
    // joined); an EXISTS subquery whose leading joins were trimmed starts at its first join.
    let base = if matches!(q.select, SelectKind::Model) || q.alias_map.is_empty() {
        q.get_initial_alias(&concrete.db_table)
    } else {
        q.alias_map
            .first()
            .map(|j| j.alias.clone())
            .unwrap_or_default()
    };
    let width = concrete.fields.len() + q.annotation_select.len();
    let mut cols: Vec<OutputCol> = Vec::with_capacity(width);
    let mut select: Vec<Selected> = Vec::with_capacity(width);
    let plain = |q: &Query, c: Col, alias: Option<String>| Selected {
        sql: col_sql(q, &c),
        params: Vec::new(),
        alias,
        expr: Expr::Col(c),
    };
    if matches!(q.select, SelectKind::Model) {
        for (alias, sql) in &query.extra_select {
            cols.push(OutputCol {
                name: alias.as_str().into(),
                converter: Converter::Expr(None),
            });
            select.push(Selected {
                sql: format!("({sql})"),
                params: Vec::new(),
                alias: Some(alias.clone()),
                expr: Expr::Star,
            });
        }
    }
    // The select list, annotations and select_related() tree are read from `query`: compiling
    // changes only the copy's joins, so they need no copies of their own.
    match &query.select {
        SelectKind::Model => {
            for (i, f) in concrete.fields.iter().enumerate() {
                // only()/defer(); a ForeignKey stays when only() names a path through it.
                if !q.deferred.loads("", &f.name, f.primary_key) {
                    continue;
                }
                let c = Col {
                    alias: base.clone(),
                    column: f.column.clone(),
                    model: model.concrete,
                    field: i,
                };
                select.push(plain(&q, c, None));
                cols.push(OutputCol {
                    name: f.attname.clone(),
                    converter: Converter::Field(model.concrete, i),
                });
            }
        }
        SelectKind::Values {
            cols: items,
            aliased,
        } => {
            for (name, c) in items {
                match c {
                    ValueCol::Col(c) => {
                        cols.push(OutputCol {
                            name: name.as_str().into(),
                            converter: Converter::Field(c.model, c.field),
                        });
                        select.push(plain(&q, c.clone(), aliased.then(|| name.clone())));
                    }
                    ValueCol::Annotation => {
                        let Some((_, e)) = q.annotations.iter().find(|(n, _)| n == name).cloned()
                        else {
                            continue;
                        };
                        let mut params = Vec::new();
                        let sql = expr_sql(&q, reg, &e, &mut params)?;
                        cols.push(OutputCol {
                            name: name.as_str().into(),
                            converter: Converter::Expr(output_field(&e, reg)?),
                        });
                        select.push(Selected {
                            sql,
                            params,
                            alias: Some(name.clone()),
                            expr: e,
                        });
                    }
                }
            }
        }
        SelectKind::Count => select.push(Selected {
            sql: "COUNT(*)".into(),
            params: Vec::new(),
            alias: Some("__count".into()),
            expr: Expr::Star,
        }),
        // `Value(1)` is a parameter: with it, `connection.queries` formats the SQL with
        // `sql % params`, which also turns a function's `%%` into `%`.
        SelectKind::Exists => select.push(Selected {
            sql: "%s".into(),
            params: vec![Param::Int(1)],
            alias: Some("a".into()),
            expr: Expr::Star,
        }),
        SelectKind::Annotations => {}
    }
    if !matches!(q.select, SelectKind::Count | SelectKind::Exists) {
        for name in &query.annotation_select {
            if select
                .iter()
                .any(|s| s.alias.as_deref() == Some(name.as_str()))
            {
                continue;
            }
            let Some((_, e)) = q.annotations.iter().find(|(n, _)| n == name).cloned() else {
                continue;
            };
            let mut params = Vec::new();
            let sql = expr_sql(&q, reg, &e, &mut params)?;
            cols.push(OutputCol {
                name: name.as_str().into(),
                converter: Converter::Expr(output_field(&e, reg)?),
            });
            select.push(Selected {
                sql,
                params,
                alias: Some(name.clone()),
                expr: e,
            });
        }
    }
    let mut related = Vec::new();
    if matches!(q.select, SelectKind::Model)
        && q.select_related != crate::query::ir::SelectRelated::None
    {
        let mut rel_cols = Vec::new();
        super::select_related::related_selections(
            &mut q,
            reg,
            model.concrete,
            &base,
            &query.select_related,
            1,
            None,
            &mut rel_cols,
            &mut related,
            "",
        )?;
        let offset = cols.len();
        for r in &mut related {
            r.start += offset;
        }
        for c in rel_cols {
            cols.push(OutputCol {
                name: c.column.clone(),
                converter: Converter::Field(c.model, c.field),
            });
            select.push(plain(&q, c, None));
        }
    }
    let (order_by, meta_ordering) = if matches!(q.select, SelectKind::Count | SelectKind::Exists) {
        (Vec::new(), false)
    } else {
        get_order_by(&mut q, reg, &select)?
    };
    // get_extra_select: with DISTINCT, an ordering expression not already selected is selected
    // too (after the columns, unaliased), so SQLite can order the distinct rows by it.
    let mut extra_select: Vec<Selected> = Vec::new();
    if q.distinct {
        for o in &order_by {
            let Some(e) = &o.expr else { continue };
            let without = o
                .sql
                .rsplit_once(" ASC")
                .or_else(|| o.sql.rsplit_once(" DESC"))
                .map(|(c, _)| c.to_string())
                .unwrap_or_else(|| o.sql.clone());
            let known = select
                .iter()
                .chain(&extra_select)
                .any(|s| s.sql == without && s.params == o.params);
            if !known {
                extra_select.push(Selected {
                    sql: without,
                    params: o.params.clone(),
                    alias: None,
                    expr: e.clone(),
                });
            }
        }
    }
    let (where_node, having_node, qualify_node) = super::qualify::split_having_qualify(
        &q.where_,
        false,
        !matches!(q.group_by, GroupBy::None),
    )?;
    if let Some(qualify) = qualify_node {
        // Filtering against a window: the query becomes a subquery (see qualify.rs).
        let mut col_idx = 0;
        let selected = select
            .iter()
            .map(|s| {
                let alias = s.alias.clone().unwrap_or_else(|| {
                    col_idx += 1;
                    format!("col{col_idx}")
                });
                (s.expr.clone(), alias)
            })
            .collect();
        let input = super::qualify::QualifyInput {
            query: &q,
            select: selected,
            order_by: order_by
                .into_iter()
                .map(|o| (o.expr, o.sql, o.params))
                .collect(),
            where_: where_node,
            having: having_node,
            qualify,
        };
        let Some((sql, params)) = super::qualify::compile_qualify(input, reg)? else {
            return Ok(None);
        };
        if let Some(slot) = keep {
            *slot = Some(q);
        }
        return Ok(Some(Compiled {
            sql,
            params,
            cols,
            related,
        }));
    }
    let where_node = where_node.unwrap_or_default();
    let having_node = having_node.unwrap_or_default();
    let mut where_params = Vec::new();
    let where_part = match where_sql(&q, reg, &where_node, &mut where_params)? {
        Ok(s) => Some(s),
        Err(Degenerate::Full) => None,
        Err(Degenerate::Empty) => return Ok(None),
    };
    let mut having_params = Vec::new();
    let having_part = match where_sql(&q, reg, &having_node, &mut having_params)? {
        Ok(s) => Some(s),
        Err(Degenerate::Full) => None,
        Err(Degenerate::Empty) => return Ok(None),
    };
    let mut having_cols = Vec::new();
    having_group_by_cols(&having_node, &mut having_cols);
    let group_by = get_group_by(
        &q,
        reg,
        &select,
        with_col_aliases,
        &order_by,
        meta_ordering,
        &having_cols,
    )?;
    // The statement is written into one buffer, part by part.
    let mut params: Vec<Param> = Vec::new();
    let mut sql = String::with_capacity(256);
    sql.push_str("SELECT ");
    if q.distinct {
        sql.push_str("DISTINCT ");
    }
    // Django numbers only the columns that had no alias: `col1`, `col2`, ...
    let mut col_idx = 0;
    for (i, s) in select.iter().chain(&extra_select).enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        params.extend(s.params.iter().cloned());
        sql.push_str(&s.sql);
        match (&s.alias, with_col_aliases) {
            (Some(a), _) => {
                sql.push_str(" AS ");
                push_quoted(&mut sql, a);
            }
            (None, true) => {
                col_idx += 1;
                let _ = write!(sql, " AS \"col{col_idx}\"");
            }
            (None, false) => {}
        }
    }
    sql.push_str(" FROM ");
    write_from_clause(&q, &mut sql);
    if let Some(w) = where_part {
        sql.push_str(" WHERE ");
        sql.push_str(&w);
        params.extend(where_params);
    }
    let grouped = !group_by.is_empty();
    if grouped {
        sql.push_str(" GROUP BY ");
        for (i, (s, p)) in group_by.into_iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&s);
            params.extend(p);
        }
    }
    if let Some(h) = having_part {
        sql.push_str(" HAVING ");
        sql.push_str(&h);
        params.extend(having_params);
    }
    // With GROUP BY, Meta.ordering no longer applies (Django 3.1+).
    let order_by = if grouped && meta_ordering {
        Vec::new()
    } else {
        order_by
    };
    if !order_by.is_empty() {
        sql.push_str(" ORDER BY ");
        for (i, o) in order_by.into_iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&o.sql);
            params.extend(o.params);
        }
    }
    write_limit_offset(q.low_mark, q.high_mark, &mut sql);
    if let Some(slot) = keep {
        *slot = Some(q);
    }
    Ok(Some(Compiled {
        sql,
        params,
        cols,
        related,
    }))
}

/// Mirrors `DatabaseOperations.limit_offset_sql` (SQLite's "no limit" is -1).
pub fn limit_offset_sql(low: u64, high: Option<u64>) -> Option<String> {
    let mut out = String::new();
    write_limit_offset(low, high, &mut out);
    out.strip_prefix(' ').map(str::to_string)
}

/// Appends ` LIMIT n OFFSET m` (each part only when needed) to `sql`.
fn write_limit_offset(low: u64, high: Option<u64>, sql: &mut String) {
    let mut digits = itoa::Buffer::new();
    match high {
        Some(h) => {
            sql.push_str(" LIMIT ");
            sql.push_str(digits.format(h - low));
        }
        None if low > 0 => sql.push_str(" LIMIT -1"),
        None => {}
    }
    if low > 0 {
        sql.push_str(" OFFSET ");
        sql.push_str(digits.format(low));
    }
}

/// Mirrors `SQLCompiler.get_from_clause`: every alias still referenced, in creation order.
fn write_from_clause(q: &Query, sql: &mut String) {
    let mut first = true;
    for j in &q.alias_map {
        if j.refcount == 0 {
            continue;
        }
        // Django separates the base table and joins with spaces (a join is not a list item).
        if !first {
            sql.push(' ');
        }
        // The first table still referenced is the FROM table, even if it was joined (a
        // subquery whose leading joins were trimmed).
        match (if first { None } else { j.join_type }, &j.parent_alias) {
            (Some(t), Some(parent)) => {
                sql.push_str(t.sql());
                sql.push(' ');
                push_quoted(sql, &j.table_name);
                push_table_alias(sql, j);
                sql.push_str(" ON (");
                push_qn_alias(sql, q, parent);
                sql.push('.');
                push_quoted(sql, &j.join_cols.0);
                sql.push_str(" = ");
                push_qn_alias(sql, q, &j.alias);
                sql.push('.');
                push_quoted(sql, &j.join_cols.1);
                sql.push(')');
            }
            _ => {
                push_qn_alias(sql, q, &j.table_name);
                push_table_alias(sql, j);
            }
        }
        first = false;
    }
}

/// ` T3` after a table joined under an alias other than its own name.
fn push_table_alias(sql: &mut String, j: &crate::query::ir::Join) {
    if j.alias != j.table_name {
        sql.push(' ');
        sql.push_str(&j.alias);
    }
}

/// One compiled ORDER BY item.
struct Ordered {
    sql: String,
    params: Vec<Param>,
    /// The expression it orders by, unless it refers to a select position.
    expr: Option<Expr>,
}

fn ordering_sql(expr_sql_text: String, desc: bool, nulls_first: bool, nulls_last: bool) -> String {
    let mut s = expr_sql_text;
    s.push_str(if desc { " DESC" } else { " ASC" });
    if nulls_last {
        s.push_str(" NULLS LAST");
    } else if nulls_first {
        s.push_str(" NULLS FIRST");
    }
    s
}

/// Mirrors `SQLCompiler.get_order_by` and `_order_by_pairs` (explicit ordering, else
/// Meta.ordering; `reverse()` flips; selected names and expressions order by position).
/// Returns the items and whether they came from Meta.ordering.
fn get_order_by(
    q: &mut Query,
    reg: &Registry,
    select: &[Selected],
) -> Result<(Vec<Ordered>, bool), QueryError> {
    let model = reg.get(q.model);
    // Shared with the query (the loop below adds joins to `q` while it reads them).
    let (items, meta): (std::rc::Rc<Vec<OrderItem>>, bool) =
        if !q.default_ordering || !q.order_by.is_empty() {
            (q.order_by.clone(), false)
        } else if !model.meta.ordering.is_empty() {
            let names = model.meta.ordering.iter().cloned().map(OrderItem::Name);
            (std::rc::Rc::new(names.collect()), true)
        } else {
            (std::rc::Rc::default(), false)
        };
    let default_desc = !q.standard_ordering;
    let mut out: Vec<Ordered> = Vec::new();
    // An item whose expression is already ordered by (in either direction) is dropped.
    let undirected =
        |sql: &str| -> Option<usize> { sql.rfind(" ASC").or_else(|| sql.rfind(" DESC")) };
    let push = |out: &mut Vec<Ordered>, o: Ordered| {
        let key = undirected(&o.sql).map(|at| &o.sql[..at]);
        let same =
            |x: &Ordered| undirected(&x.sql).map(|at| &x.sql[..at]) == key && x.params == o.params;
        if !out.iter().any(same) {
            out.push(o);
        }
    };
    for item in items.iter() {
        match item {
            OrderItem::Expr(ob) => {
                let (desc, nf, nl) = if q.standard_ordering {
                    (ob.descending, ob.nulls_first, ob.nulls_last)
                } else {
                    (!ob.descending, ob.nulls_last, ob.nulls_first)
                };
                // Django orders by position only when an F() names a selected alias.
                let by_alias = match &ob.expr {
                    Expr::F(name) => select
                        .iter()
                        .position(|s| s.alias.as_deref() == Some(name.as_str())),
                    _ => None,
                };
                let resolved = resolve(q, reg, &ob.expr, true)?;
                if let Some(pos) = by_alias {
                    push(
                        &mut out,
                        Ordered {
                            sql: ordering_sql((pos + 1).to_string(), desc, nf, nl),
                            params: Vec::new(),
                            expr: None,
                        },
                    );
                    continue;
                }
                let mut params = Vec::new();
                let sql = expr_sql(q, reg, &resolved, &mut params)?;
                push(
                    &mut out,
                    Ordered {
                        sql: ordering_sql(sql, desc, nf, nl),
                        params,
                        expr: Some(resolved),
                    },
                );
            }
            OrderItem::Name(item) => {
                if item == "?" {
                    push(
                        &mut out,
                        Ordered {
                            sql: "RANDOM() ASC".into(),
                            params: Vec::new(),
                            expr: None,
                        },
                    );
                    continue;
                }
                let (bare, desc) = match item.strip_prefix('-') {
                    Some(rest) => (rest, !default_desc),
                    None => (item.as_str(), default_desc),
                };
                if let Some(pos) = select.iter().position(|s| s.alias.as_deref() == Some(bare)) {
                    push(
                        &mut out,
                        Ordered {
                            sql: ordering_sql((pos + 1).to_string(), desc, false, false),
                            params: Vec::new(),
                            expr: None,
                        },
                    );
                    continue;
                }
                if let Some((_, e)) = q.annotations.iter().find(|(n, _)| n == bare).cloned() {
                    let mut params = Vec::new();
                    let sql = expr_sql(q, reg, &e, &mut params)?;
                    push(
                        &mut out,
                        Ordered {
                            sql: ordering_sql(sql, desc, false, false),
                            params,
                            expr: Some(e),
                        },
                    );
                    continue;
                }
                for (e, d) in find_ordering_name(q, reg, item, q.model, None, default_desc, 0)? {
                    let mut params = Vec::new();
                    let sql = ordering_sql(expr_sql(q, reg, &e, &mut params)?, d, false, false);
                    push(
                        &mut out,
                        Ordered {
                            sql,
                            params,
                            expr: Some(e),
                        },
                    );
                }
            }
        }
    }
    Ok((out, meta))
}

/// Mirrors `SQLCompiler.get_group_by` for SQLite (no primary-key collapsing): the explicit
/// group-by expressions, every non-aggregate selected column (by position when aliased), and
/// ordering and HAVING columns; deduplicated by SQL text.
fn get_group_by(
    q: &Query,
    reg: &Registry,
    select: &[Selected],
    with_col_aliases: bool,
    order_by: &[Ordered],
    meta_ordering: bool,
    having_cols: &[Expr],
) -> Result<Vec<(String, Vec<Param>)>, QueryError> {
    // A subquery's columns all get aliases (`col1`, ...), so they group by position too.
    let aliased = |s: &Selected| s.alias.is_some() || with_col_aliases;
    let explicit: Vec<Expr> = match &q.group_by {
        GroupBy::None => return Ok(Vec::new()),
        GroupBy::All => Vec::new(),
        GroupBy::Exprs(e) => e.clone(),
    };
    let mut out: Vec<(String, Vec<Param>)> = Vec::new();
    let mut add = |sql: String, params: Vec<Param>| {
        if !out.iter().any(|(s, p)| *s == sql && *p == params) {
            out.push((sql, params));
        }
    };
    let position = |e: &Expr| select.iter().position(|s| aliased(s) && s.expr == *e);
    // A selected expression groups by its position, anything else by its SQL.
    let position_or_sql = |e: &Expr| -> Result<(String, Vec<Param>), QueryError> {
        if let Some(p) = position(e) {
            return Ok(((p + 1).to_string(), Vec::new()));
        }
        let mut params = Vec::new();
        let sql = expr_sql(q, reg, e, &mut params)?;
        Ok((sql, params))
    };
    for e in &explicit {
        let (sql, params) = position_or_sql(e)?;
        add(sql, params);
    }
    for (i, s) in select.iter().enumerate() {
        if s.expr.contains_aggregate() || matches!(s.expr, Expr::Star) {
            continue;
        }
        if explicit.contains(&s.expr) {
            continue;
        }
        if matches!(s.expr, Expr::Window(_)) {
            let mut cols = Vec::new();
            group_by_cols(&s.expr, &mut cols);
            for e in &cols {
                let (sql, params) = position_or_sql(e)?;
                add(sql, params);
            }
            continue;
        }
        if aliased(s) {
            add((i + 1).to_string(), Vec::new());
        } else {
            add(s.sql.clone(), s.params.clone());
        }
    }
    if !meta_ordering {
        for o in order_by {
            if let Some(e) = &o.expr {
                if e.contains_aggregate() {
                    continue;
                }
                let mut params = Vec::new();
                let sql = expr_sql(q, reg, e, &mut params)?;
                add(sql, params);
            }
        }
    }
    for e in having_cols {
        let (sql, params) = position_or_sql(e)?;
        add(sql, params);
    }
    Ok(out)
}

/// Mirrors `SQLCompiler.find_ordering_name`: a relation orders by its model's Meta.ordering.
fn find_ordering_name(
    q: &mut Query,
    reg: &Registry,
    name: &str,
    start: ModelId,
    alias: Option<Name>,
    default_desc: bool,
    depth: usize,
) -> Result<Vec<(Expr, bool)>, QueryError> {
    if depth > 20 {
        return Err(QueryError::field_error("Infinite loop caused by ordering."));
    }
    let (bare, desc) = match name.strip_prefix('-') {
        Some(rest) => (rest, !default_desc),
        None => (name, default_desc),
    };
    let pieces: Vec<&str> = crate::query::path::lookup_parts(bare).collect();
    let base = match alias {
        Some(a) => a,
        None => {
            let table = reg.get(reg.get(q.model).concrete).db_table.clone();
            q.get_initial_alias(&table)
        }
    };
    let info = setup_joins(q, reg, start, &pieces, base, None, true)?;
    let transforms = info.transforms.clone();
    let last_field_error = info.last_field_error.clone();
    let last_alias = info.joins.last().cloned().unwrap_or_default();
    if info.final_is_relation && transforms.is_empty() {
        let target_model = info.targets[0].0;
        let (fm, fi) = info.final_field;
        let attname = &reg.get(fm).fields[fi].attname;
        let ordering = reg.get(target_model).meta.ordering.clone();
        let last_piece = pieces.last().copied().unwrap_or("");
        if !ordering.is_empty() && &**attname != last_piece && bare != "pk" {
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
    let mut out = Vec::new();
    for (m, i) in targets {
        let f = &reg.get(m).fields[i];
        let col = Expr::Col(Col {
            alias: alias.clone(),
            column: f.column.clone(),
            model: m,
            field: i,
        });
        let e = if transforms.is_empty() {
            col
        } else {
            crate::query::lookups::apply_transforms(
                col,
                &f.kind,
                &transforms,
                last_field_error.clone(),
            )?
            .0
        };
        out.push((e, desc));
    }
    Ok(out)
}

/// Keeps `OrderBy` reachable for callers building ordering items.
pub fn order_by_expr(expr: Expr, descending: bool) -> OrderItem {
    OrderItem::Expr(OrderBy {
        expr,
        descending,
        nulls_first: false,
        nulls_last: false,
    })
}

/// `aggregate()` over a sliced, distinct, combined or already aggregated query: Django's
/// AggregateQuery, `SELECT SUM("__col1") FROM (<inner>) subquery`. The outer aggregates
/// reference the inner query's columns by alias and carry no alias themselves.
pub fn compile_aggregate_subquery(
    inner: &Query,
    aggs: &[(String, Expr)],
    reg: &Registry,
) -> Result<Option<Compiled>, QueryError> {
    let Some(c) = compile_select_with(inner, reg, true)? else {
        return Ok(None);
    };
    let dummy = Query::new(inner.model);
    let mut params = Vec::new();
    let mut parts = Vec::new();
    let mut cols = Vec::new();
    for (alias, e) in aggs {
        parts.push(expr_sql(&dummy, reg, e, &mut params)?);
        cols.push(OutputCol {
            name: alias.as_str().into(),
            converter: Converter::Expr(output_field(e, reg)?),
        });
    }
    params.extend(c.params);
    Ok(Some(Compiled {
        sql: format!("SELECT {} FROM ({}) subquery", parts.join(", "), c.sql),
        params,
        cols,
        related: Vec::new(),
    }))
}

/// The query's ORDER BY as resolved expressions with their directions (what
/// `[expr for expr, _ in compiler.get_order_by()]` gives): a sliced prefetch numbers each
/// relation's rows in this order. Resolving may add the joins the ordering needs.
pub fn ordering_exprs(q: &mut Query, reg: &Registry) -> Result<Vec<OrderBy>, QueryError> {
    let (items, _) = get_order_by(q, reg, &[])?;
    Ok(items
        .into_iter()
        .filter_map(|o| {
            let expr = o.expr?;
            // The direction is the item's last ` ASC`/` DESC`, NULLS FIRST/LAST after it.
            let asc = o.sql.rfind(" ASC");
            let desc = o.sql.rfind(" DESC");
            Some(OrderBy {
                expr,
                descending: desc > asc,
                nulls_first: o.sql.ends_with(" NULLS FIRST"),
                nulls_last: o.sql.ends_with(" NULLS LAST"),
            })
        })
        .collect())
}
