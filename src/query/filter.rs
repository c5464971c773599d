//! Turning `filter()`/`exclude()` arguments into the where tree: Django's `Q`, `add_q`,
//! `_add_q`, `build_filter` and `JoinPromoter` (django/db/models/sql/query.py, 5.2).

use crate::models::{FieldKind, ModelId, Name, Registry};

use super::error::{Degenerate, QueryError};
use super::ir::{Col, Connector, JoinType, Lhs, Lookup, Query, Rhs, WhereChild, WhereNode};
use super::lookups::{Built, build_lookup};
use super::path::{setup_joins, trim_joins};
use super::value::FilterValue;

/// A `Q` object: a tree of `(lookup path, value)` leaves.
#[derive(Debug, Clone, PartialEq)]
pub enum QNode {
    Leaf {
        path: String,
        value: FilterValue,
    },
    /// A conditional expression given positionally (`filter(Exists(...))`).
    Expr(Box<super::expr::Expr>),
    Node {
        connector: Connector,
        negated: bool,
        children: Vec<QNode>,
    },
}

impl QNode {
    /// `Q(*args, **kwargs)`: positional Q objects first, then the keywords sorted by name.
    pub fn from_parts(args: Vec<QNode>, mut kwargs: Vec<(String, FilterValue)>) -> QNode {
        kwargs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut children = args;
        children.extend(
            kwargs
                .into_iter()
                .map(|(path, value)| QNode::Leaf { path, value }),
        );
        QNode::Node {
            connector: Connector::And,
            negated: false,
            children,
        }
    }

    /// Django's `str(Q)`: `(AND: ('pages__lt', 200))`.
    pub fn repr(&self) -> String {
        match self {
            QNode::Leaf { path, value } => format!("('{path}', {})", value.describe()),
            QNode::Expr(e) => e.repr(),
            QNode::Node {
                connector,
                negated,
                children,
            } => {
                let inner: Vec<String> = children.iter().map(QNode::repr).collect();
                let body = format!("({}: {})", connector.sql(), inner.join(", "));
                if *negated {
                    format!("(NOT {body})")
                } else {
                    body
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, QNode::Node { children, .. } if children.is_empty())
    }

    /// Mirrors `tree.Node.add` on Q objects.
    fn add(&mut self, data: QNode, conn: Connector) {
        let QNode::Node {
            connector,
            children,
            ..
        } = self
        else {
            return;
        };
        if *connector != conn {
            let copy = self.clone();
            *self = QNode::Node {
                connector: conn,
                negated: false,
                children: vec![copy, data],
            };
            return;
        }
        match data {
            QNode::Node {
                connector: c,
                negated: false,
                children: kids,
            } if c == conn || kids.len() == 1 => children.extend(kids),
            other => children.push(other),
        }
    }

    /// `self & other` / `self | other` (Mirrors `Q._combine`).
    pub fn combine(self, other: QNode, conn: Connector) -> QNode {
        if other.is_empty() {
            return self;
        }
        if self.is_empty() {
            return other;
        }
        let mut obj = QNode::Node {
            connector: conn,
            negated: false,
            children: Vec::new(),
        };
        obj.add(self, conn);
        obj.add(other, conn);
        obj
    }

    /// `~self`
    pub fn negate(self) -> QNode {
        match self {
            QNode::Node {
                connector,
                negated,
                children,
            } => QNode::Node {
                connector,
                negated: !negated,
                children,
            },
            leaf => QNode::Node {
                connector: Connector::And,
                negated: true,
                children: vec![leaf],
            },
        }
    }
}

/// Mirrors JoinPromoter.
struct JoinPromoter {
    effective: Connector,
    num_children: usize,
    votes: Vec<(Name, usize)>,
}

impl JoinPromoter {
    fn new(connector: Connector, num_children: usize, negated: bool) -> JoinPromoter {
        let effective = match (negated, connector) {
            (true, Connector::And) => Connector::Or,
            (true, Connector::Or) => Connector::And,
            (false, c) => c,
        };
        JoinPromoter {
            effective,
            num_children,
            votes: Vec::new(),
        }
    }

    fn add_votes(&mut self, aliases: &[Name]) {
        for a in aliases {
            match self.votes.iter_mut().find(|(x, _)| x == a) {
                Some((_, n)) => *n += 1,
                None => self.votes.push((a.clone(), 1)),
            }
        }
    }

    fn update_join_types(self, q: &mut Query) -> Vec<Name> {
        let mut promote = Vec::new();
        let mut demote = Vec::new();
        for (table, votes) in self.votes {
            if self.effective == Connector::Or && votes < self.num_children {
                promote.push(table.clone());
            }
            if self.effective == Connector::And || votes == self.num_children {
                demote.push(table);
            }
        }
        q.promote_joins(promote);
        q.demote_joins(demote.clone());
        demote
    }
}

/// Context of one `add_q` call.
pub struct FilterCtx<'a> {
    pub reg: &'a Registry,
    /// Joins of this `filter()` call that multi-valued lookups may reuse.
    pub can_reuse: Vec<Name>,
}

impl Query {
    /// Mirrors `Query.add_q`: adds a Q tree to the where clause with join promotion.
    pub fn add_q(&mut self, reg: &Registry, q: &QNode) -> Result<(), QueryError> {
        let existing_inner: Vec<Name> = self
            .alias_map
            .iter()
            .filter(|j| j.join_type == Some(JoinType::Inner))
            .map(|j| j.alias.clone())
            .collect();
        let mut ctx = FilterCtx {
            reg,
            can_reuse: std::mem::take(&mut self.used_aliases),
        };
        let result = self.add_q_inner(&mut ctx, q, false, false);
        self.used_aliases = ctx.can_reuse;
        let (clause, _) = result?;
        if !clause.children.is_empty() {
            std::rc::Rc::make_mut(&mut self.where_).add(WhereChild::Node(clause), Connector::And);
        }
        self.demote_joins(existing_inner);
        Ok(())
    }

    /// Mirrors `Q.resolve_expression`: the where tree of `q` for use inside an expression,
    /// with the joins it needed promoted.
    pub fn resolve_q(&mut self, reg: &Registry, q: &QNode) -> Result<WhereNode, QueryError> {
        let all: Vec<Name> = self.alias_map.iter().map(|j| j.alias.clone()).collect();
        let mut ctx = FilterCtx {
            reg,
            can_reuse: all,
        };
        let (clause, needed) = self.add_q_inner(&mut ctx, q, false, false)?;
        self.promote_joins(needed);
        Ok(clause)
    }

    fn add_q_inner(
        &mut self,
        ctx: &mut FilterCtx,
        q: &QNode,
        branch_negated: bool,
        current_negated: bool,
    ) -> Result<(WhereNode, Vec<Name>), QueryError> {
        let (connector, negated, children) = match q {
            QNode::Node {
                connector,
                negated,
                children,
            } => (*connector, *negated, children.as_slice()),
            leaf => (Connector::And, false, std::slice::from_ref(leaf)),
        };
        let current_negated = current_negated ^ negated;
        let branch_negated = branch_negated || negated;
        let mut target = WhereNode {
            connector,
            negated,
            children: Vec::new(),
        };
        let mut promoter = JoinPromoter::new(connector, children.len(), current_negated);
        for child in children {
            let (clause, needed_inner) = match child {
                QNode::Node { .. } => {
                    let (node, inner) =
                        self.add_q_inner(ctx, child, branch_negated, current_negated)?;
                    (WhereChild::Node(node), inner)
                }
                QNode::Leaf { path, value } => {
                    self.build_filter(ctx, path, value, branch_negated, current_negated)?
                }
                QNode::Expr(e) => {
                    // A conditional expression (`Exists(...)`) filters by itself.
                    if !super::expr::is_conditional(e, ctx.reg) {
                        return Err(QueryError::type_error(
                            "Cannot filter against a non-conditional expression.",
                        ));
                    }
                    let resolved = super::expr::resolve(self, ctx.reg, e, true)?;
                    let lookup = Lookup {
                        lhs: Lhs {
                            expr: resolved,
                            transforms: Vec::new(),
                        },
                        name: "exact",
                        rhs: Rhs::Conditional(true),
                    };
                    (WhereChild::Lookup(lookup), Vec::new())
                }
            };
            promoter.add_votes(&needed_inner);
            let non_empty = match &clause {
                WhereChild::Node(n) => !n.children.is_empty(),
                _ => true,
            };
            if non_empty {
                target.add(clause, connector);
            }
        }
        let needed_inner = promoter.update_join_types(self);
        Ok((target, needed_inner))
    }

    /// Mirrors `Query.build_filter` for one `path=value` leaf.
    fn build_filter(
        &mut self,
        ctx: &mut FilterCtx,
        path: &str,
        value: &FilterValue,
        branch_negated: bool,
        current_negated: bool,
    ) -> Result<(WhereChild, Vec<Name>), QueryError> {
        let reg = ctx.reg;
        if path.is_empty() {
            return Err(QueryError::field_error("Cannot parse keyword query ''"));
        }
        let names: Vec<&str> = super::path::lookup_parts(path).collect();
        // Mirrors resolve_lookup_value: an expression value is resolved first (its joins count
        // as used by this filter).
        let pre_value = self.refcounts();
        let value = match value {
            FilterValue::Expr(e) => {
                FilterValue::Expr(Box::new(super::expr::resolve(self, reg, e, true)?))
            }
            other => other.clone(),
        };
        let value_joins = self.aliases_used_since(&pre_value);
        let value = &value;
        // A lookup on an annotation (`annotate(n=Count(...)).filter(n__gt=2)`), found as
        // Django's refs_expression does: the shortest leading run of names that is one
        // (`books__count` of `annotate(Count("books"))`).
        let annotated = !self.annotations.is_empty();
        let annotation = (1..=names.len()).filter(|_| annotated).find_map(|n| {
            let prefix = names[..n].join("__");
            self.annotations
                .iter()
                .find(|(a, _)| *a == prefix)
                .map(|(_, e)| (n, e.clone()))
        });
        if let Some((used_names, ann)) = annotation {
            let names: Vec<String> = std::iter::once(String::new())
                .chain(names[used_names..].iter().map(|s| str::to_owned(s)))
                .collect();
            let kind = super::expr::output_field(&ann, reg)?
                .unwrap_or(crate::models::FieldKind::IntegerField);
            // The output field of a computed annotation is unnamed: Django's messages say 'None'.
            let field_name = match &ann {
                super::expr::Expr::Col(c) => reg.get(c.model).fields[c.field].name.clone(),
                _ => "None".to_string(),
            };
            // ExtractYear/ExtractIsoYear register the year lookups: their own column against
            // the year's bounds when compared with a plain value.
            let year_source = match &ann {
                super::expr::Expr::Func(f)
                    if matches!(f.class, "ExtractYear" | "ExtractIsoYear")
                        && f.args.len() == 1
                        && !matches!(value, FilterValue::Expr(_)) =>
                {
                    match super::expr::output_field(&f.args[0], reg)? {
                        Some(k @ (FieldKind::DateField | FieldKind::DateTimeField)) => {
                            Some((f.args[0].clone(), k, f.function))
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            let built = match year_source {
                Some((inner, inner_kind, transform)) => {
                    let mut lookups = vec![transform.to_string()];
                    lookups.extend(names[1..].iter().cloned());
                    build_lookup(&lookups, inner, &field_name, &inner_kind, false, value)?
                }
                None => build_lookup(&names[1..], ann, &field_name, &kind, false, value)?,
            };
            return Ok((
                match built {
                    Built::Lookup(l) => WhereChild::Lookup(*l),
                    Built::Degenerate(Degenerate::Empty) => WhereChild::Nothing,
                    Built::Degenerate(Degenerate::Full) => WhereChild::Everything,
                },
                value_joins,
            ));
        }
        let resolved = super::path::names_to_path(reg, &names, self.model, false, &[])?;
        let lookups = resolved.rest.clone();
        let parts = &names[..names.len() - lookups.len()];
        let db_table = reg.get(reg.get(self.model).concrete).db_table.clone();
        let alias = self.get_initial_alias(&db_table);
        let allow_many = !branch_negated;
        let pre = self.refcounts();
        let model = self.model;
        let info = match setup_joins(
            self,
            reg,
            model,
            parts,
            alias.clone(),
            Some(&ctx.can_reuse.clone()),
            allow_many,
        ) {
            Ok(info) => info,
            Err(e) if e.multi_join.is_some() => {
                // A negated lookup across a multi-valued relation: Django's subquery form.
                self.unref_alias(&alias, 1);
                let clause = super::subquery::split_exclude(self, reg, path, value)?;
                return Ok((clause, Vec::new()));
            }
            Err(e) => return Err(e),
        };
        let mut used = self.aliases_used_since(&pre);
        // The value's joins (`F("mentor__age")`) are used by this filter too.
        for j in value_joins.iter().chain(&info.joins) {
            if !used.contains(j) {
                used.push(j.clone());
            }
        }
        let mut lookups_all = info.transforms.clone();
        lookups_all.extend(lookups);
        let (targets, alias, join_list) = trim_joins(
            self,
            reg,
            info.targets.clone(),
            info.joins.clone(),
            &info.path,
        );
        for j in &join_list {
            if !ctx.can_reuse.contains(j) {
                ctx.can_reuse.push(j.clone());
            }
        }
        let target = targets[0];
        let tf = &reg.get(target.0).fields[target.1];
        let col = Col {
            alias: alias.clone(),
            column: tf.column.clone(),
            model: target.0,
            field: target.1,
        };
        let (fm, fi) = info.final_field;
        let final_field = &reg.get(fm).fields[fi];
        // A ForeignKey's value is prepared as the primary key it points at (RelatedLookupMixin).
        let kind = if info.final_is_relation {
            &final_field.kind
        } else {
            &tf.kind
        };
        if info.final_is_relation {
            check_related_objects(reg, &info, value)?;
        }
        let value = normalize_related(value, info.final_is_relation);
        // RelatedLookupMixin prepares the value with the field the relation points at, so its
        // messages name that field (`Field 'id' expected a number ...`).
        let prep_name = match (info.final_is_relation, info.targets.first()) {
            (true, Some(&(m, f))) => reg.get(m).fields[f].name.clone(),
            _ => final_field.name.clone(),
        };
        let built = build_lookup(
            &lookups_all,
            super::expr::Expr::Col(col.clone()),
            &prep_name,
            kind,
            info.final_is_relation,
            &value,
        )?;
        let lookup = match built {
            Built::Lookup(l) => l,
            Built::Degenerate(Degenerate::Empty) => return Ok((WhereChild::Nothing, used)),
            Built::Degenerate(Degenerate::Full) => return Ok((WhereChild::Everything, used)),
        };
        let is_isnull = lookup.name == "isnull";
        let rhs_true = matches!(lookup.rhs, Rhs::IsNull(true));
        let mut clause = WhereNode::default();
        let require_outer_base = is_isnull && rhs_true && !current_negated;
        let mut require_outer = require_outer_base;
        let rhs_is_none = false;
        let needs_not_null = current_negated && (!is_isnull || !rhs_true) && !rhs_is_none;
        clause.children.push(WhereChild::Lookup(*lookup));
        if needs_not_null {
            require_outer = true;
            if !is_isnull {
                let last_louter = join_list
                    .last()
                    .and_then(|a| self.join_by_alias(a))
                    .is_some_and(|j| j.join_type == Some(JoinType::LeftOuter));
                if tf.null || last_louter {
                    clause.children.push(WhereChild::Lookup(Lookup {
                        lhs: Lhs::col(col),
                        name: "isnull",
                        rhs: Rhs::IsNull(false),
                    }));
                }
            }
        }
        let used = if require_outer { Vec::new() } else { used };
        Ok((WhereChild::Node(clause), used))
    }
}

/// Mirrors `Query.check_related_objects`: an instance given to a relation lookup must be of the
/// model the relation points at (or, for a primary-key relation, of the model that holds it).
fn check_related_objects(
    reg: &Registry,
    info: &super::path::JoinInfo,
    value: &FilterValue,
) -> Result<(), QueryError> {
    let Some(last) = info.path.last() else {
        return Ok(());
    };
    let target = reg.get(last.to_model);
    let (fm, fi) = info.final_field;
    let holder_ok = |m: ModelId| reg.get(fm).fields[fi].primary_key && m == reg.get(fm).concrete;
    let check = |v: &FilterValue| match v {
        FilterValue::Instance { model, names, .. }
            if *model != target.concrete && !holder_ok(*model) =>
        {
            Err(QueryError::value_error(format!(
                "Cannot query \"{}\": Must be \"{}\" instance.",
                names.display, target.name
            )))
        }
        _ => Ok(()),
    };
    match value {
        FilterValue::List(items) => items.iter().try_for_each(check),
        v => check(v),
    }
}

/// A model instance given to a relation lookup stands for its primary key.
fn normalize_related(value: &FilterValue, is_relation: bool) -> FilterValue {
    match (value, is_relation) {
        (FilterValue::Instance { pk, .. }, true) => (**pk).clone(),
        (FilterValue::List(items), true) => {
            FilterValue::List(items.iter().map(|v| normalize_related(v, true)).collect())
        }
        (v, _) => v.clone(),
    }
}
