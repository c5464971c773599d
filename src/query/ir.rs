//! The Query IR: what a QuerySet has asked for, before SQL text exists. Mirrors the state of
//! Django's `sql.Query` (django/db/models/sql/query.py, 5.2): the alias map with its joins and
//! reference counts, the where tree, ordering, limits, the select list.

pub use crate::models::Name;

use crate::models::ModelId;

pub use super::expr::{Expr, OrderBy};

pub use super::value::{FilterValue, Param};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinType {
    Inner,
    LeftOuter,
}

impl JoinType {
    pub fn sql(self) -> &'static str {
        match self {
            JoinType::Inner => "INNER JOIN",
            JoinType::LeftOuter => "LEFT OUTER JOIN",
        }
    }
}

/// One entry of the alias map: the base table (no `join_type`) or a join to it.
/// Two joins are "equal" (reusable) when table, parent alias and join columns match — as
/// Django's `Join.__eq__` ignores the alias and join type.
///
/// The entry also carries its alias's reference count (Django's `alias_refcount[alias]`), and
/// the alias map in creation order stands for Django's `table_map`: a query has a handful of
/// aliases, and keeping them in one vector keeps cloning a query (every chained call) cheap.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    pub table_name: Name,
    pub alias: Name,
    pub join_type: Option<JoinType>,
    pub parent_alias: Option<Name>,
    /// `(parent column, this table's column)` for the ON clause.
    pub join_cols: (Name, Name),
    pub nullable: bool,
    /// How many parts of the query use this alias; 0 leaves it out of FROM.
    pub refcount: usize,
}

impl Join {
    pub fn same_join(&self, other: &Join) -> bool {
        self.table_name == other.table_name
            && self.parent_alias == other.parent_alias
            && self.join_cols == other.join_cols
    }
}

/// A column reference: `"alias"."column"`, with the field it reads for conversions.
#[derive(Debug, Clone, PartialEq)]
pub struct Col {
    pub alias: Name,
    pub column: Name,
    pub model: ModelId,
    pub field: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

impl Connector {
    pub fn sql(self) -> &'static str {
        match self {
            Connector::And => "AND",
            Connector::Or => "OR",
        }
    }
}

/// A transform applied to a column before the lookup (`pubdate__month`, `created__date`).
#[derive(Debug, Clone, PartialEq)]
pub enum Transform {
    /// `Extract*`: `django_date_extract('month', col)`, or the datetime/time variant.
    Extract {
        name: &'static str,
        source: TemporalKind,
    },
    /// `TruncDate` (`__date` on a DateTimeField).
    TruncDate,
    /// `TruncTime` (`__time` on a DateTimeField).
    TruncTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemporalKind {
    Date,
    DateTime,
    Time,
}

/// The left side of a lookup: a column or an annotation's expression, possibly transformed.
#[derive(Debug, Clone, PartialEq)]
pub struct Lhs {
    pub expr: Expr,
    pub transforms: Vec<Transform>,
}

impl Lhs {
    pub fn col(col: Col) -> Lhs {
        Lhs {
            expr: Expr::Col(col),
            transforms: Vec::new(),
        }
    }
}

/// A compiled lookup (`exact`, `icontains`, ...), ready for the SQL compiler.
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup {
    pub lhs: Lhs,
    pub name: &'static str,
    pub rhs: Rhs,
}

impl Lookup {
    pub fn contains_aggregate(&self) -> bool {
        self.lhs.expr.contains_aggregate()
            || matches!(&self.rhs, Rhs::Expr(e) if e.contains_aggregate())
    }

    pub fn contains_over_clause(&self) -> bool {
        self.lhs.expr.contains_over_clause()
            || matches!(&self.rhs, Rhs::Expr(e) if e.contains_over_clause())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rhs {
    One(Param),
    /// `IN (...)`, already de-duplicated, None removed.
    Many(Vec<Param>),
    /// `BETWEEN a AND b`
    Pair(Param, Param),
    /// `IS NULL` (true) / `IS NOT NULL` (false)
    IsNull(bool),
    /// `boolfield=True` written as the bare column (false: `NOT col`), as Django's Exact does.
    Conditional(bool),
    /// An expression (`F("pages") / 300`, another column), resolved against the query.
    Expr(Expr),
    /// A YearLookup on a direct value: the untransformed column against date bounds
    /// (`BETWEEN '1897-01-01' AND '1897-12-31'` for exact, one bound for the others).
    YearBounds(Vec<Param>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum WhereChild {
    Node(WhereNode),
    Lookup(Lookup),
    /// Django's NothingNode / EmptyResultSet: matches nothing (`none()`, `__in=[]`).
    Nothing,
    /// Django's FullResultSet: always true, so it drops out of the SQL (`pages__gt=-1` on a
    /// PositiveIntegerField).
    Everything,
}

/// Mirrors django.db.models.sql.where.WhereNode.
#[derive(Debug, Clone, PartialEq)]
pub struct WhereNode {
    pub connector: Connector,
    pub negated: bool,
    pub children: Vec<WhereChild>,
}

impl Default for WhereNode {
    fn default() -> Self {
        WhereNode {
            connector: Connector::And,
            negated: false,
            children: Vec::new(),
        }
    }
}

impl WhereNode {
    /// Django's `WhereNode.contains_aggregate`: a condition with an aggregate on either side
    /// (`n__gt=5` on `n=Count(...)`, `rating__gte=Avg("rating")`), which belongs in HAVING.
    pub fn contains_aggregate(&self) -> bool {
        self.children.iter().any(|c| match c {
            WhereChild::Node(n) => n.contains_aggregate(),
            WhereChild::Lookup(l) => l.contains_aggregate(),
            _ => false,
        })
    }

    /// Django's `WhereNode.contains_over_clause`: a condition on a window expression.
    pub fn contains_over_clause(&self) -> bool {
        self.children.iter().any(|c| match c {
            WhereChild::Node(n) => n.contains_over_clause(),
            WhereChild::Lookup(l) => l.contains_over_clause(),
            _ => false,
        })
    }

    /// Mirrors `tree.Node.add`: same-connector, un-negated nodes are squashed into this one.
    pub fn add(&mut self, data: WhereChild, conn: Connector) {
        if self.connector != conn {
            let copy = std::mem::take(self);
            self.connector = conn;
            self.children = vec![WhereChild::Node(copy), data];
            return;
        }
        match data {
            WhereChild::Node(n) if !n.negated && (n.connector == conn || n.children.len() == 1) => {
                self.children.extend(n.children)
            }
            other => self.children.push(other),
        }
    }
}

/// One ORDER BY item as the user wrote it: a name (`"-pubdate"`, `"publisher__name"`) or an
/// expression (`F("genre_id").asc(nulls_last=True)`, `Lower("title").desc()`).
#[derive(Debug, Clone, PartialEq)]
pub enum OrderItem {
    Name(String),
    Expr(OrderBy),
}

/// Mirrors `Query.group_by`: none, every selected column (`True`), or explicit expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupBy {
    None,
    All,
    Exprs(Vec<Expr>),
}

/// `select_related()`: nothing, every non-null forward relation (`select_related()`), or the
/// named paths as a tree (`select_related("publisher", "genre__parent")`).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SelectRelated {
    #[default]
    None,
    All,
    Fields(Vec<(String, SelectRelated)>),
}

impl SelectRelated {
    /// Mirrors `Query.add_select_related`.
    pub fn add(&mut self, path: &str) {
        if !matches!(self, SelectRelated::Fields(_)) {
            *self = SelectRelated::Fields(Vec::new());
        }
        let mut node = self;
        for part in super::path::lookup_parts(path) {
            let SelectRelated::Fields(children) = node else {
                return;
            };
            let idx = match children.iter().position(|(n, _)| n == part) {
                Some(i) => i,
                None => {
                    children.push((part.to_string(), SelectRelated::Fields(Vec::new())));
                    children.len() - 1
                }
            };
            node = &mut children[idx].1;
        }
    }
}

/// One name of `values()`: a column, or an annotation selected under its own name.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueCol {
    Col(Col),
    Annotation,
}

/// What the SELECT list holds.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectKind {
    /// Model instances: every concrete field of the model.
    Model,
    /// `values()` / `values_list()`: these names and the columns they read, resolved when
    /// `values()` was called (its joins are already in the alias map).
    /// `aliased` is true when the names were given (`values("title")` selects
    /// `"title" AS "title"`); `values()` with no names selects plain columns.
    Values {
        cols: Vec<(String, ValueCol)>,
        aliased: bool,
    },
    /// `aggregate()`: only the selected annotations.
    Annotations,
    /// `count()`: `COUNT(*) AS "__count"`.
    Count,
    /// `exists()`: `1 AS "a"`.
    Exists,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub model: ModelId,
    pub alias_map: Vec<Join>,
    /// `T` normally, `U` inside a subquery, as Django's bump_prefix makes it.
    pub alias_prefix: char,
    /// Shared until changed (`Rc::make_mut`): most chained calls (`order_by()`, `values()`,
    /// slicing) and every compile leave it as it is, so they need not copy it.
    pub where_: std::rc::Rc<WhereNode>,
    /// Shared until changed (`Rc::make_mut`), like the where tree.
    pub order_by: std::rc::Rc<Vec<OrderItem>>,
    pub default_ordering: bool,
    pub standard_ordering: bool,
    pub distinct: bool,
    pub low_mark: u64,
    pub high_mark: Option<u64>,
    pub select: SelectKind,
    /// Joins of the current `filter()` call that a multi-valued lookup may reuse.
    pub used_aliases: Vec<Name>,
    /// `annotate()`/`alias()` expressions, resolved, in the order they were added.
    /// Shared until changed (`Rc::make_mut`), like the where tree.
    pub annotations: std::rc::Rc<Vec<(String, Expr)>>,
    /// The annotations that are selected (`alias()` ones are not).
    pub annotation_select: Vec<String>,
    pub group_by: GroupBy,
    pub select_related: SelectRelated,
    /// Raw `(alias, sql)` columns selected before everything else (Django's `extra(select=)`,
    /// which prefetch_related uses for `_prefetch_related_val_book_id`).
    pub extra_select: Vec<(String, String)>,
    /// `only()` / `defer()` field paths (Django's `deferred_loading`).
    pub deferred: Deferred,
    /// `union()` / `intersection()` / `difference()`: the combined queries (this query's own
    /// state first) and how they are combined.
    pub combinator: Option<Box<Combinator>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Combinator {
    /// `union`, `intersection` or `difference`.
    pub name: &'static str,
    pub all: bool,
    pub parts: Vec<Query>,
}

/// Mirrors `Query.deferred_loading`: which fields `only()`/`defer()` leave out.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Deferred {
    #[default]
    None,
    Only(Vec<String>),
    Defer(Vec<String>),
}

impl Deferred {
    /// Whether field `name` of the model reached by `prefix` (`""` for the main model,
    /// `"publisher"` for a select_related one) is loaded.
    pub fn loads(&self, prefix: &str, name: &str, is_pk: bool) -> bool {
        if matches!(self, Deferred::None) {
            return true;
        }
        let path = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}__{name}")
        };
        let under = |p: &String| p == &path || p.starts_with(&format!("{path}__"));
        match self {
            Deferred::None => true,
            Deferred::Only(fields) if fields.is_empty() => true,
            _ if is_pk => true,
            // A related model that only() names without naming its fields loads them all (its
            // part of the select mask is empty).
            Deferred::Only(fields)
                if !prefix.is_empty()
                    && !fields.iter().any(|p| p.starts_with(&format!("{prefix}__"))) =>
            {
                true
            }
            Deferred::Only(fields) => fields.iter().any(under),
            Deferred::Defer(fields) => !fields.iter().any(|p| p == &path),
        }
    }
}

/// The empty where tree, ordering and annotations every new query starts from: shared, as
/// `Rc::make_mut` copies them on the first change anyway, and many queries never change some
/// of them.
#[derive(Default, Clone)]
struct EmptyParts {
    where_: std::rc::Rc<WhereNode>,
    order_by: std::rc::Rc<Vec<OrderItem>>,
    annotations: std::rc::Rc<Vec<(String, Expr)>>,
}

thread_local! {
    static EMPTY_PARTS: EmptyParts = EmptyParts::default();
}

impl Query {
    pub fn new(model: ModelId) -> Query {
        let EmptyParts {
            where_,
            order_by,
            annotations,
        } = EMPTY_PARTS.with(EmptyParts::clone);
        Query {
            model,
            alias_map: Vec::new(),
            alias_prefix: 'T',
            where_,
            order_by,
            default_ordering: true,
            standard_ordering: true,
            distinct: false,
            low_mark: 0,
            high_mark: None,
            select: SelectKind::Model,
            used_aliases: Vec::new(),
            annotations,
            annotation_select: Vec::new(),
            group_by: GroupBy::None,
            select_related: SelectRelated::None,
            extra_select: Vec::new(),
            deferred: Deferred::None,
            combinator: None,
        }
    }

    pub fn join_by_alias(&self, alias: &str) -> Option<&Join> {
        self.alias_map.iter().find(|j| &*j.alias == alias)
    }

    fn join_mut(&mut self, alias: &str) -> Option<&mut Join> {
        self.alias_map.iter_mut().find(|j| &*j.alias == alias)
    }

    pub fn is_sliced(&self) -> bool {
        self.low_mark != 0 || self.high_mark.is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.where_
            .children
            .iter()
            .any(|c| matches!(c, WhereChild::Nothing))
    }

    pub fn set_empty(&mut self) {
        std::rc::Rc::make_mut(&mut self.where_).add(WhereChild::Nothing, Connector::And);
    }

    /// Mirrors `Query.set_limits`: new limits apply relative to existing ones.
    pub fn set_limits(&mut self, low: Option<u64>, high: Option<u64>) {
        if let Some(high) = high {
            self.high_mark = Some(match self.high_mark {
                Some(h) => h.min(self.low_mark + high),
                None => self.low_mark + high,
            });
        }
        if let Some(low) = low {
            self.low_mark = match self.high_mark {
                Some(h) => h.min(self.low_mark + low),
                None => self.low_mark + low,
            };
        }
        if Some(self.low_mark) == self.high_mark {
            self.set_empty();
        }
    }

    pub fn clear_ordering(&mut self, force: bool, clear_default: bool) {
        if !force && self.is_sliced() {
            return;
        }
        self.order_by = std::rc::Rc::default();
        if clear_default {
            self.default_ordering = false;
        }
    }

    /// Mirrors `Query.table_alias` for a new alias: the first use of a table is its own
    /// name, later ones `T<n>`.
    pub fn table_alias(&self, table: &Name) -> Name {
        if self.is_table_name(table) {
            format!("{}{}", self.alias_prefix, self.alias_map.len() + 1).into()
        } else {
            table.clone()
        }
    }

    /// Whether `name` is the table of some alias (a key of Django's `table_map`).
    pub fn is_table_name(&self, name: &str) -> bool {
        self.alias_map.iter().any(|j| &*j.table_name == name)
    }

    /// Django's `alias_refcount[alias]` (0 for an unknown alias).
    pub fn refcount(&self, alias: &str) -> usize {
        self.join_by_alias(alias).map_or(0, |j| j.refcount)
    }

    /// Every alias's reference count, in alias-map order: compared with [`Query::aliases_used_since`]
    /// to find the aliases a step used.
    pub fn refcounts(&self) -> Vec<usize> {
        self.alias_map.iter().map(|j| j.refcount).collect()
    }

    /// The aliases whose reference count rose since `before` was taken (new aliases included).
    pub fn aliases_used_since(&self, before: &[usize]) -> Vec<Name> {
        self.alias_map
            .iter()
            .enumerate()
            .filter(|(i, j)| j.refcount > before.get(*i).copied().unwrap_or(0))
            .map(|(_, j)| j.alias.clone())
            .collect()
    }

    pub fn ref_alias(&mut self, alias: &str) {
        if let Some(j) = self.join_mut(alias) {
            j.refcount += 1;
        }
    }

    pub fn unref_alias(&mut self, alias: &str, amount: usize) {
        if let Some(j) = self.join_mut(alias) {
            j.refcount = j.refcount.saturating_sub(amount);
        }
    }

    /// Mirrors `Query.join`: reuse an equal join when allowed, else add one (LEFT OUTER when
    /// nullable or when its parent is LEFT OUTER).
    pub fn join(&mut self, mut join: Join, reuse: Option<&[Name]>) -> Name {
        let reusable = self
            .alias_map
            .iter()
            .rev()
            .find(|j| reuse.is_none_or(|r| r.contains(&j.alias)) && j.same_join(&join))
            .map(|j| j.alias.clone());
        if let Some(alias) = reusable {
            self.ref_alias(&alias);
            return alias;
        }
        let alias = self.table_alias(&join.table_name);
        if join.join_type.is_some() {
            let parent_louter = join
                .parent_alias
                .as_deref()
                .and_then(|p| self.join_by_alias(p))
                .is_some_and(|p| p.join_type == Some(JoinType::LeftOuter));
            join.join_type = Some(if parent_louter || join.nullable {
                JoinType::LeftOuter
            } else {
                JoinType::Inner
            });
        }
        join.alias = alias.clone();
        join.refcount = 1;
        self.alias_map.push(join);
        alias
    }

    /// Mirrors `Query.get_initial_alias`.
    pub fn get_initial_alias(&mut self, db_table: &Name) -> Name {
        if let Some(base) = self.alias_map.first().map(|j| j.alias.clone()) {
            self.ref_alias(&base);
            base
        } else {
            // The base table has no ON clause: its join columns are never read (they repeat the
            // table name only to share it rather than allocate empty names). `join` sets the alias.
            self.join(
                Join {
                    table_name: db_table.clone(),
                    alias: db_table.clone(),
                    join_type: None,
                    parent_alias: None,
                    join_cols: (db_table.clone(), db_table.clone()),
                    nullable: false,
                    refcount: 0,
                },
                None,
            )
        }
    }

    /// Mirrors `Query.promote_joins`.
    pub fn promote_joins(&mut self, aliases: Vec<Name>) {
        let mut queue: std::collections::VecDeque<Name> = aliases.into();
        while let Some(alias) = queue.pop_front() {
            let Some(j) = self.join_by_alias(&alias).cloned() else {
                continue;
            };
            if j.join_type.is_none() {
                continue;
            }
            let parent_louter = j
                .parent_alias
                .as_deref()
                .and_then(|p| self.join_by_alias(p))
                .is_some_and(|p| p.join_type == Some(JoinType::LeftOuter));
            let already = j.join_type == Some(JoinType::LeftOuter);
            if (j.nullable || parent_louter) && !already {
                if let Some(m) = self.join_mut(&alias) {
                    m.join_type = Some(JoinType::LeftOuter);
                }
                for child in &self.alias_map {
                    if child.parent_alias.as_deref() == Some(&*alias)
                        && !queue.contains(&child.alias)
                    {
                        queue.push_back(child.alias.clone());
                    }
                }
            }
        }
    }

    /// Mirrors `Query.demote_joins`.
    pub fn demote_joins(&mut self, aliases: Vec<Name>) {
        let mut queue: std::collections::VecDeque<Name> = aliases.into();
        while let Some(alias) = queue.pop_front() {
            let Some(j) = self.join_mut(&alias) else {
                continue;
            };
            if j.join_type == Some(JoinType::LeftOuter) {
                j.join_type = Some(JoinType::Inner);
                let parent = j.parent_alias.clone();
                if let Some(p) = parent
                    && self
                        .join_by_alias(&p)
                        .is_some_and(|pj| pj.join_type == Some(JoinType::Inner))
                {
                    queue.push_back(p);
                }
            }
        }
    }
}
