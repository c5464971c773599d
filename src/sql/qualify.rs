//! Filtering against window expressions. Django splits the where tree three ways
//! (`WhereNode.split_having_qualify`: WHERE, HAVING, QUALIFY) and, on a backend without
//! QUALIFY such as SQLite, filters in an outer query over the windowed one
//! (`SQLCompiler.get_qualify_sql`):
//!
//! ```text
//! SELECT "col1", ... FROM (                      -- "qualify_mask", only when qualN were added
//!   SELECT * FROM ( <inner, every column aliased, no LIMIT> ) "qualify" WHERE <qualify>
//! ) "qualify_mask" ORDER BY ...
//! ```
//!
//! Window expressions the condition needs but the query does not select are selected by the
//! inner query as `qual0`, `qual1`, ... and masked out again by `qualify_mask`.

use crate::models::Registry;
use crate::query::error::{Degenerate, QueryError};
use crate::query::expr::Expr;
use crate::query::ir::{Connector, Lookup, Query, Rhs, SelectKind, WhereChild, WhereNode};
use crate::query::value::{FilterValue, Param};

use super::quote_name;
use super::where_sql::where_sql;

/// The three parts of a where tree; `None` where nothing goes.
pub type Split = (Option<WhereNode>, Option<WhereNode>, Option<WhereNode>);

/// Mirrors `WhereNode.split_having_qualify`. `must_group_by` is `Query.group_by is not None`.
pub fn split_having_qualify(
    node: &WhereNode,
    negated: bool,
    must_group_by: bool,
) -> Result<Split, QueryError> {
    let aggregate = node.contains_aggregate();
    let over = node.contains_over_clause();
    if !aggregate && !over {
        return Ok((Some(node.clone()), None, None));
    }
    let in_negated = negated ^ node.negated;
    // Children that must stay in one clause to keep the condition's meaning.
    let must_remain_connected = (in_negated && node.connector == Connector::And)
        || (!in_negated && node.connector == Connector::Or);
    if must_remain_connected && aggregate && !over {
        return Ok((None, Some(node.clone()), None));
    }
    let (mut where_parts, mut having_parts, mut qualify_parts) =
        (Vec::new(), Vec::new(), Vec::new());
    for c in &node.children {
        match c {
            WhereChild::Node(n) => {
                let (w, h, q) = split_having_qualify(n, in_negated, must_group_by)?;
                where_parts.extend(w.map(WhereChild::Node));
                having_parts.extend(h.map(WhereChild::Node));
                qualify_parts.extend(q.map(WhereChild::Node));
            }
            WhereChild::Lookup(l) if l.contains_over_clause() => qualify_parts.push(c.clone()),
            WhereChild::Lookup(l) if l.contains_aggregate() => having_parts.push(c.clone()),
            other => where_parts.push(other.clone()),
        }
    }
    if must_remain_connected && !qualify_parts.is_empty() {
        // A disjunction mixing plain and window conditions goes to QUALIFY whole, unless the
        // query is grouped (the plain part could change what is aggregated).
        if where_parts.is_empty() || !must_group_by {
            return Ok((None, None, Some(node.clone())));
        }
        return Err(QueryError::new(
            "NotImplementedError",
            "Heterogeneous disjunctive predicates against window functions are not implemented when performing conditional aggregation.",
        ));
    }
    let make = |children: Vec<WhereChild>| {
        (!children.is_empty()).then_some(WhereNode {
            connector: node.connector,
            negated: node.negated,
            children,
        })
    };
    Ok((make(where_parts), make(having_parts), make(qualify_parts)))
}

/// What the compiler hands over once it has the query's select list and ordering.
pub struct QualifyInput<'a> {
    /// The query as compiled so far (with the joins its ordering added).
    pub query: &'a Query,
    /// Each selected expression with its alias as `get_select(with_col_aliases=True)` gives it
    /// (its own name, else `col1`, `col2`, ...).
    pub select: Vec<(Expr, String)>,
    /// The ORDER BY items: the expression (`None` for a select position such as `2 ASC`) and
    /// the item's SQL and parameters.
    pub order_by: Vec<(Option<Expr>, String, Vec<Param>)>,
    pub where_: Option<WhereNode>,
    pub having: Option<WhereNode>,
    pub qualify: WhereNode,
}

/// An entry of `collect_replacements`' work list.
enum Pending {
    Lookup(Lookup),
    Expr(Expr),
}

/// Mirrors `get_qualify_sql`'s `collect_replacements`: each expression the outer query needs
/// becomes a reference to a column of the inner one — a selected one, or a `qualN` added.
struct Replacements<'a> {
    select: &'a [(Expr, String)],
    found: Vec<(Expr, String)>,
    added: Vec<(String, Expr)>,
}

impl Replacements<'_> {
    /// Django pops from the end of its list, so later items are numbered first.
    fn collect(&mut self, mut pending: Vec<Pending>) {
        while let Some(item) = pending.pop() {
            let e = match item {
                Pending::Lookup(l) => {
                    pending.push(Pending::Expr(l.lhs.expr));
                    if let Rhs::Expr(r) = l.rhs {
                        pending.push(Pending::Expr(r));
                    }
                    continue;
                }
                Pending::Expr(e) => e,
            };
            if self.found.iter().any(|(x, _)| *x == e) {
                continue;
            }
            if let Some((_, alias)) = self.select.iter().find(|(x, _)| *x == e) {
                self.found.push((e, alias.clone()));
            } else if let Expr::Ref(name, inner) = &e {
                if !self.select.iter().any(|(_, a)| a == name) {
                    pending.push(Pending::Expr((**inner).clone()));
                }
            } else {
                let alias = format!("qual{}", self.added.len());
                self.added.push((alias.clone(), e.clone()));
                self.found.push((e, alias));
            }
        }
    }

    fn alias_of(&self, e: &Expr) -> Option<&str> {
        self.found
            .iter()
            .find(|(x, _)| x == e)
            .map(|(_, a)| a.as_str())
    }

    /// `replace_expressions`: each collected expression becomes a `Ref` to its alias.
    fn replace(&self, e: &Expr) -> Expr {
        match self.alias_of(e) {
            Some(alias) => Expr::Ref(alias.to_string(), Box::new(e.clone())),
            None => e.clone(),
        }
    }

    fn replace_node(&self, node: &WhereNode) -> WhereNode {
        let children = node
            .children
            .iter()
            .map(|c| match c {
                WhereChild::Node(n) => WhereChild::Node(self.replace_node(n)),
                WhereChild::Lookup(l) => {
                    let mut l = l.clone();
                    l.lhs.expr = self.replace(&l.lhs.expr);
                    if let Rhs::Expr(r) = &l.rhs {
                        l.rhs = Rhs::Expr(self.replace(r));
                    }
                    WhereChild::Lookup(l)
                }
                other => other.clone(),
            })
            .collect();
        WhereNode {
            children,
            ..node.clone()
        }
    }
}

fn leaves(node: &WhereNode, out: &mut Vec<Pending>) {
    for c in &node.children {
        match c {
            WhereChild::Node(n) => leaves(n, out),
            WhereChild::Lookup(l) => out.push(Pending::Lookup(l.clone())),
            _ => {}
        }
    }
}

/// The ordering direction part of a compiled ORDER BY item (` DESC NULLS LAST`).
fn direction_suffix(sql: &str) -> &str {
    let at = [sql.rfind(" ASC"), sql.rfind(" DESC")]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(sql.len());
    &sql[at..]
}

/// Mirrors `SQLCompiler.get_qualify_sql` (and the LIMIT `as_sql` adds after it). `Ok(None)` is
/// Django's EmptyResultSet.
pub fn compile_qualify(
    input: QualifyInput,
    reg: &Registry,
) -> Result<Option<(String, Vec<Param>)>, QueryError> {
    let query = input.query;
    let mut inner = query.clone();
    inner.where_ = std::rc::Rc::new(WhereNode {
        connector: Connector::And,
        negated: false,
        children: [input.where_, input.having]
            .into_iter()
            .flatten()
            .map(WhereChild::Node)
            .collect(),
    });
    // The limits apply to the outer query, so rows are not pruned before filtering.
    inner.low_mark = 0;
    inner.high_mark = None;
    if matches!(inner.select, SelectKind::Exists) {
        // exists() selects `1 AS "a"` in place of the select list; the qualN follow it.
        inner.select = SelectKind::Annotations;
        std::rc::Rc::make_mut(&mut inner.annotations)
            .push(("a".into(), Expr::Value(FilterValue::Int(1))));
        inner.annotation_select = vec!["a".into()];
    }
    let mut rep = Replacements {
        select: &input.select,
        found: Vec::new(),
        added: Vec::new(),
    };
    let mut pending = Vec::new();
    leaves(&input.qualify, &mut pending);
    rep.collect(pending);
    let qualify = rep.replace_node(&input.qualify);
    let mut order_sqls: Vec<(String, Vec<Param>)> = Vec::new();
    for (expr, sql, params) in input.order_by {
        let Some(e) = expr else {
            order_sqls.push((sql, params));
            continue;
        };
        rep.collect(vec![Pending::Expr(e.clone())]);
        match rep.alias_of(&e) {
            Some(alias) => {
                order_sqls.push((
                    format!("{}{}", quote_name(alias), direction_suffix(&sql)),
                    Vec::new(),
                ));
            }
            None => order_sqls.push((sql, params)),
        }
    }
    for (alias, e) in &rep.added {
        std::rc::Rc::make_mut(&mut inner.annotations).push((alias.clone(), e.clone()));
        inner.annotation_select.push(alias.clone());
    }
    let Some(compiled) = super::compiler::compile_select_with(&inner, reg, true)? else {
        return Ok(None);
    };
    let mut params = compiled.params;
    let condition = match where_sql(query, reg, &qualify, &mut params)? {
        Ok(s) => Some(s),
        Err(Degenerate::Full) => None,
        Err(Degenerate::Empty) => return Ok(None),
    };
    let mut sql = format!(
        "SELECT * FROM ( {} ) {}",
        compiled.sql,
        quote_name("qualify")
    );
    if let Some(c) = condition {
        sql.push_str(" WHERE ");
        sql.push_str(&c);
    }
    if !rep.added.is_empty() {
        let cols: Vec<String> = input.select.iter().map(|(_, a)| quote_name(a)).collect();
        sql = format!(
            "SELECT {} FROM ( {sql} ) {}",
            cols.join(", "),
            quote_name("qualify_mask")
        );
    }
    if !order_sqls.is_empty() {
        let parts: Vec<&str> = order_sqls.iter().map(|(s, _)| s.as_str()).collect();
        sql.push_str(" ORDER BY ");
        sql.push_str(&parts.join(", "));
        for (_, p) in order_sqls {
            params.extend(p);
        }
    }
    if let Some(limit) = super::compiler::limit_offset_sql(query.low_mark, query.high_mark) {
        sql.push(' ');
        sql.push_str(&limit);
    }
    Ok(Some((sql, params)))
}
