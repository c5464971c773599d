//! Expressions: `F`, `Value`, arithmetic (`CombinedExpression`), database functions,
//! aggregates, `OrderBy`. Mirrors django/db/models/expressions.py, aggregates.py and
//! functions/: the same tree is built by the ORM objects (unresolved, with `F` names) and,
//! once resolved against a query, holds columns and annotation references.

use crate::models::{FieldKind, Registry};

use super::error::QueryError;
use super::filter::QNode;
use super::ir::{Col, Query};
use super::path::{setup_joins, trim_joins};
use super::value::FilterValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
}

impl ArithOp {
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
            ArithOp::Mod => "%%",
            ArithOp::Pow => "^",
        }
    }
}

/// An aggregate function (Django's `Aggregate` subclasses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggFunc {
    Count,
    Sum,
    Avg,
    Max,
    Min,
    StdDev { sample: bool },
    Variance { sample: bool },
}

impl AggFunc {
    /// The class name (`Count(F(authors))`) and the default alias suffix (`authors__count`).
    pub fn name(self) -> &'static str {
        match self {
            AggFunc::Count => "Count",
            AggFunc::Sum => "Sum",
            AggFunc::Avg => "Avg",
            AggFunc::Max => "Max",
            AggFunc::Min => "Min",
            AggFunc::StdDev { .. } => "StdDev",
            AggFunc::Variance { .. } => "Variance",
        }
    }

    pub fn sql_function(self) -> &'static str {
        match self {
            AggFunc::Count => "COUNT",
            AggFunc::Sum => "SUM",
            AggFunc::Avg => "AVG",
            AggFunc::Max => "MAX",
            AggFunc::Min => "MIN",
            AggFunc::StdDev { sample: false } => "STDDEV_POP",
            AggFunc::StdDev { sample: true } => "STDDEV_SAMP",
            AggFunc::Variance { sample: false } => "VAR_POP",
            AggFunc::Variance { sample: true } => "VAR_SAMP",
        }
    }
}

/// A database function with a fixed SQL shape.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncCall {
    /// The Python class name (`Lower`), for repr and messages.
    pub class: &'static str,
    /// The SQL function name (`LOWER`).
    pub function: &'static str,
    pub args: Vec<Expr>,
    /// An explicit `output_field=` (`Cast`, `Coalesce(..., output_field=...)`).
    pub output: Option<FieldKind>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `F("publisher__name")`, before resolution.
    F(String),
    /// `*` inside `Count("*")`.
    Star,
    Col(Col),
    /// `Value(...)` or a literal combined with an expression.
    Value(FilterValue),
    /// A reference to an annotation already on the query (by alias).
    Ref(String, Box<Expr>),
    Combined {
        lhs: Box<Expr>,
        op: ArithOp,
        rhs: Box<Expr>,
    },
    Func(FuncCall),
    Aggregate {
        func: AggFunc,
        arg: Box<Expr>,
        distinct: bool,
        /// `filter=Q(...)` as given, and (once resolved) the where tree it compiles to.
        filter: Option<QNode>,
        filter_where: Option<Box<super::ir::WhereNode>>,
        default: Option<Box<Expr>>,
    },
    /// `ExpressionWrapper(expr, output_field=...)`.
    Wrapper {
        expr: Box<Expr>,
        output: FieldKind,
    },
    /// `Case(When(...), ..., default=..., output_field=...)`.
    Case {
        whens: Vec<When>,
        default: Box<Expr>,
        output: Option<FieldKind>,
    },
    /// `OuterRef("pk")` inside a subquery, before the outer query resolves it.
    OuterRef(String),
    /// A resolved outer reference: a column of the enclosing query.
    OuterCol(Col),
    /// `Subquery(qs)`, `Exists(qs)`, or a QuerySet given to `__in`.
    Subquery(Box<super::subquery::SubqueryExpr>),
    /// A `Q` object used as an expression (`ExpressionWrapper(Q(...))`, `When(then=Q(...))`):
    /// as given and, once resolved, its where tree.
    Q {
        node: QNode,
        resolved: Option<Box<super::ir::WhereNode>>,
    },
    /// `Window(expression, partition_by=..., order_by=..., frame=...)`.
    Window(Box<super::window::WindowExpr>),
}

/// `When(condition, then=...)`: the condition as given and, once resolved, its where tree.
#[derive(Debug, Clone, PartialEq)]
pub struct When {
    pub condition: QNode,
    pub condition_where: Option<Box<super::ir::WhereNode>>,
    pub then: Expr,
}

impl When {
    /// Django's `When.__str__`: `WHEN <Q: ...> THEN Value(1)`.
    pub fn str(&self) -> String {
        let cond = match &self.condition {
            QNode::Expr(e) => e.repr(),
            other => format!("<Q: {}>", other.repr()),
        };
        format!("WHEN {cond} THEN {}", self.then.repr())
    }
}

/// `expr.asc()` / `expr.desc()` (Django's OrderBy).
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy {
    pub expr: Expr,
    pub descending: bool,
    pub nulls_first: bool,
    pub nulls_last: bool,
}

impl Expr {
    pub fn contains_aggregate(&self) -> bool {
        match self {
            Expr::Aggregate { .. } => true,
            Expr::Ref(_, e) | Expr::Wrapper { expr: e, .. } => e.contains_aggregate(),
            Expr::Combined { lhs, rhs, .. } => lhs.contains_aggregate() || rhs.contains_aggregate(),
            Expr::Func(f) => f.args.iter().any(Expr::contains_aggregate),
            Expr::Case { whens, default, .. } => {
                default.contains_aggregate() || whens.iter().any(|w| w.then.contains_aggregate())
            }
            // A window over an aggregate does not make the query grouped (Window's
            // `contains_aggregate = False`).
            _ => false,
        }
    }

    /// Django's `contains_over_clause`: a window expression anywhere inside. A condition on one
    /// is filtered after the windows are computed (QUALIFY).
    pub fn contains_over_clause(&self) -> bool {
        match self {
            Expr::Window(_) => true,
            Expr::Ref(_, e) | Expr::Wrapper { expr: e, .. } => e.contains_over_clause(),
            Expr::Combined { lhs, rhs, .. } => {
                lhs.contains_over_clause() || rhs.contains_over_clause()
            }
            Expr::Func(f) => f.args.iter().any(Expr::contains_over_clause),
            Expr::Aggregate { arg, default, .. } => {
                arg.contains_over_clause()
                    || default.as_ref().is_some_and(|d| d.contains_over_clause())
            }
            Expr::Case { whens, default, .. } => {
                default.contains_over_clause()
                    || whens.iter().any(|w| w.then.contains_over_clause())
            }
            _ => false,
        }
    }

    /// Django's repr: `F(price)`, `Value(2)`, `Count(F(authors))`, `Lower(F(title))`.
    pub fn repr(&self) -> String {
        match self {
            Expr::F(name) => format!("F({name})"),
            Expr::Star => "Star()".into(),
            Expr::Col(c) => format!("Col({}, {})", c.alias, c.column),
            Expr::Value(v) => format!("Value({})", v.describe()),
            Expr::Ref(name, _) => format!("Ref({name})"),
            Expr::Combined { lhs, op, rhs } => {
                format!(
                    "{} {} {}",
                    lhs.repr(),
                    op.symbol().replace("%%", "%"),
                    rhs.repr()
                )
            }
            Expr::Func(f) => format!(
                "{}({})",
                f.class,
                f.args.iter().map(Expr::repr).collect::<Vec<_>>().join(", ")
            ),
            Expr::Aggregate {
                func,
                arg,
                distinct,
                filter,
                default,
                ..
            } => {
                let mut extra = String::new();
                if *distinct {
                    extra.push_str(", distinct=True");
                }
                if filter.is_some() {
                    extra.push_str(", filter=(...)");
                }
                // Aggregate's repr options are distinct and filter only, never default.
                let _ = default;
                let inner = match arg.as_ref() {
                    Expr::Star => "'*'".to_string(),
                    other => other.repr(),
                };
                format!("{}({inner}{extra})", func.name())
            }
            Expr::Wrapper { expr, .. } => format!("ExpressionWrapper({})", expr.repr()),
            Expr::OuterRef(n) => format!("OuterRef({n})"),
            Expr::OuterCol(c) => format!("Col({}, {})", c.alias, c.column),
            Expr::Subquery(s) if s.exists => "<Exists: (...)>".into(),
            Expr::Subquery(_) => "<Subquery: (...)>".into(),
            Expr::Q { node, .. } => format!("<Q: {}>", node.repr()),
            Expr::Case { whens, default, .. } => {
                let ws: Vec<String> = whens.iter().map(When::str).collect();
                format!("<Case: CASE {}, ELSE {}>", ws.join(", "), default.repr())
            }
            Expr::Window(w) => w.str(),
        }
    }

    /// The `default_alias` of an aggregate over a plain field (`authors__count`), used when
    /// `aggregate()`/`annotate()` gets it positionally.
    pub fn default_alias(&self) -> Option<String> {
        match self {
            Expr::Aggregate { func, arg, .. } => match arg.as_ref() {
                Expr::F(name) => Some(format!("{name}__{}", func.name().to_lowercase())),
                // An aggregate's `name` is its class name (`Sum(Count("authors"))`).
                Expr::Aggregate { func: inner, .. } => {
                    Some(format!("{}__{}", inner.name(), func.name().to_lowercase()))
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// Django's `conditional` (`getattr(expr, "conditional", False)`): the output field is a
/// BooleanField. F() has no such attribute, and a Case whose result is a bare Q has no output
/// field to resolve (the AttributeError counts as False).
pub fn is_conditional(e: &Expr, reg: &Registry) -> bool {
    match e {
        Expr::F(_) => false,
        Expr::Q { .. } => true,
        Expr::Case {
            whens,
            default,
            output: None,
        } if whens.iter().any(|w| matches!(w.then, Expr::Q { .. }))
            || matches!(default.as_ref(), Expr::Q { .. }) =>
        {
            false
        }
        _ => matches!(output_field(e, reg), Ok(Some(FieldKind::BooleanField))),
    }
}

/// The field kind a resolved expression produces (Django's `output_field`); `None` = unknown
/// (`NULL` literal).
pub fn output_field(e: &Expr, reg: &Registry) -> Result<Option<FieldKind>, QueryError> {
    Ok(match e {
        Expr::F(_) | Expr::Star => None,
        Expr::Col(c) => Some(reg.get(c.model).fields[c.field].kind.clone()),
        Expr::Value(v) => value_kind(v),
        Expr::Ref(_, inner) => output_field(inner, reg)?,
        Expr::Wrapper { output, .. } => Some(output.clone()),
        Expr::OuterRef(_) => None,
        Expr::OuterCol(c) => Some(reg.get(c.model).fields[c.field].kind.clone()),
        Expr::Subquery(s) if s.exists => Some(FieldKind::BooleanField),
        Expr::Q { .. } => Some(FieldKind::BooleanField),
        Expr::Subquery(s) => match &s.query.select {
            // Query.output_field: no single selected column, no type.
            super::ir::SelectKind::Values { cols, .. } if cols.len() > 1 => {
                return Err(QueryError::new(
                    "OutputFieldIsNoneError",
                    "Cannot resolve expression type, unknown output_field",
                ));
            }
            super::ir::SelectKind::Values { cols, .. } => match cols.first() {
                Some((_, super::ir::ValueCol::Col(c))) => {
                    Some(reg.get(c.model).fields[c.field].kind.clone())
                }
                Some((name, super::ir::ValueCol::Annotation)) => {
                    match s.query.annotations.iter().find(|(n, _)| n == name) {
                        Some((_, e)) => output_field(e, reg)?,
                        None => None,
                    }
                }
                None => None,
            },
            _ => None,
        },
        Expr::Case {
            whens,
            default,
            output,
        } => match output {
            Some(k) => Some(k.clone()),
            None => {
                // The sources' common type, as Django resolves it.
                let mut first: Option<FieldKind> = None;
                for e in whens
                    .iter()
                    .map(|w| &w.then)
                    .chain(std::iter::once(default.as_ref()))
                {
                    let Some(k) = output_field(e, reg)? else {
                        continue;
                    };
                    match &first {
                        None => first = Some(k),
                        Some(fk) if kind_is_a(fk, &k) => {}
                        Some(fk) => {
                            return Err(QueryError::field_error(format!(
                                "Expression contains mixed types: {}, {}. You must set output_field.",
                                fk.class_name(),
                                k.class_name()
                            )));
                        }
                    }
                }
                first
            }
        },
        Expr::Combined { lhs, op, rhs } => {
            combined_type(*op, output_field(lhs, reg)?, output_field(rhs, reg)?)?
        }
        Expr::Func(f) => match (&f.output, f.class) {
            (Some(k), _) => Some(k.clone()),
            (None, "Length" | "StrIndex" | "Ord") => Some(FieldKind::IntegerField),
            (None, "Chr") => Some(FieldKind::CharField),
            (None, c) if c.starts_with("Extract") => Some(FieldKind::IntegerField),
            (
                None,
                "Ln" | "Exp" | "Log" | "Sqrt" | "Sin" | "Cos" | "Cot" | "Degrees" | "Radians"
                | "Pi" | "Power" | "Mod" | "ACos" | "ASin" | "ATan" | "ATan2" | "Tan",
            ) => {
                // NumericOutputFieldMixin: decimal in, decimal out; otherwise a float.
                let mut out = FieldKind::FloatField;
                for a in &f.args {
                    if let Some(k @ FieldKind::DecimalField { .. }) = output_field(a, reg)? {
                        out = k;
                    }
                }
                Some(out)
            }
            (
                None,
                "Substr" | "Left" | "Right" | "LPad" | "RPad" | "Replace" | "Lower" | "Upper"
                | "Trim" | "LTrim" | "RTrim" | "Reverse" | "NullIf",
            ) => match f.args.first() {
                Some(a) => output_field(a, reg)?,
                None => None,
            },
            (None, "Coalesce" | "Greatest" | "Least" | "Concat") => {
                // Mirrors BaseExpression._resolve_output_field: every source must be of the
                // first source's class (or a subclass).
                let mut first: Option<FieldKind> = None;
                for a in &f.args {
                    let Some(k) = output_field(a, reg)? else {
                        continue;
                    };
                    match &first {
                        None => first = Some(k),
                        Some(fk) if kind_is_a(fk, &k) => {}
                        Some(fk) => {
                            return Err(QueryError::field_error(format!(
                                "Expression contains mixed types: {}, {}. You must set output_field.",
                                fk.class_name(),
                                k.class_name()
                            )));
                        }
                    }
                }
                first
            }
            (None, "TruncDate") => Some(FieldKind::DateField),
            (None, "Now") => Some(FieldKind::DateTimeField),
            (None, "TruncTime") => Some(FieldKind::TimeField),
            (None, "ConcatPair") => Some(FieldKind::TextField),
            (None, _) => match f.args.first() {
                Some(a) => output_field(a, reg)?,
                None => None,
            },
        },
        Expr::Window(w) => w.output_field(reg)?,
        Expr::Aggregate { func, arg, .. } => match func {
            AggFunc::Count => Some(FieldKind::IntegerField),
            AggFunc::StdDev { .. } | AggFunc::Variance { .. } => Some(FieldKind::FloatField),
            AggFunc::Avg => match output_field(arg, reg)? {
                Some(k) if k.is_integer() => Some(FieldKind::FloatField),
                other => other,
            },
            _ => output_field(arg, reg)?,
        },
    })
}

pub fn value_kind(v: &FilterValue) -> Option<FieldKind> {
    Some(match v {
        FilterValue::Null => return None,
        FilterValue::Bool(_) => FieldKind::BooleanField,
        FilterValue::Int(_) | FilterValue::BigInt(_) => FieldKind::IntegerField,
        FilterValue::Float(_) => FieldKind::FloatField,
        FilterValue::Str(_) => FieldKind::CharField,
        FilterValue::Decimal(d) => FieldKind::DecimalField {
            max_digits: 0,
            decimal_places: d.scale(),
        },
        FilterValue::Date(_) => FieldKind::DateField,
        FilterValue::DateTime(..) => FieldKind::DateTimeField,
        FilterValue::Time(_) => FieldKind::TimeField,
        FilterValue::Duration(_) => FieldKind::DurationField,
        FilterValue::List(_) | FilterValue::Instance { .. } | FilterValue::Expr(_) => return None,
    })
}

/// Which Django field class a kind is, as far as `_resolve_combined_type` cares.
fn numeric_family(k: &FieldKind) -> Option<&'static str> {
    Some(match k {
        FieldKind::PositiveIntegerField => "PositiveIntegerField",
        k if k.is_integer() => "IntegerField",
        FieldKind::FloatField => "FloatField",
        FieldKind::DecimalField { .. } => "DecimalField",
        _ => return None,
    })
}

/// Mirrors `_resolve_combined_type` for numeric operands (dates and durations are not yet
/// combined by ormlab).
fn combined_type(
    op: ArithOp,
    l: Option<FieldKind>,
    r: Option<FieldKind>,
) -> Result<Option<FieldKind>, QueryError> {
    let (l, r) = match (l, r) {
        (None, None) => return Ok(None),
        (Some(k), None) | (None, Some(k)) => return Ok(Some(k)),
        (Some(l), Some(r)) => (l, r),
    };
    // _connector_combinations for dates, times and durations (DateTimeField is a DateField).
    {
        use FieldKind::*;
        let date = |k: &FieldKind| matches!(k, DateField | DateTimeField);
        let temporal = match (op, &l, &r) {
            (ArithOp::Add | ArithOp::Sub, a, DurationField) if date(a) => Some(DateTimeField),
            (ArithOp::Add | ArithOp::Sub, TimeField, DurationField) => Some(TimeField),
            (ArithOp::Add, DurationField, b) if date(b) => Some(DateTimeField),
            (ArithOp::Add, DurationField, TimeField) => Some(TimeField),
            (ArithOp::Sub, a, b) if date(a) && date(b) => Some(DurationField),
            (ArithOp::Sub, TimeField, TimeField) => Some(DurationField),
            _ => None,
        };
        if temporal.is_some() {
            return Ok(temporal);
        }
    }
    let (fl, fr) = (numeric_family(&l), numeric_family(&r));
    let result = match (fl, fr) {
        (Some("PositiveIntegerField"), Some("PositiveIntegerField")) if op != ArithOp::Sub => {
            Some(l.clone())
        }
        (Some(a), Some(b))
            if a == b || (a.ends_with("IntegerField") && b.ends_with("IntegerField")) =>
        {
            if a.ends_with("IntegerField") {
                Some(FieldKind::IntegerField)
            } else if a == "DecimalField" {
                Some(fresh_decimal_field())
            } else {
                Some(l.clone())
            }
        }
        (Some(a), Some("DecimalField")) if a.ends_with("IntegerField") && op != ArithOp::Pow => {
            Some(fresh_decimal_field())
        }
        (Some("DecimalField"), Some(b)) if b.ends_with("IntegerField") && op != ArithOp::Pow => {
            Some(fresh_decimal_field())
        }
        (Some(a), Some("FloatField")) if a.ends_with("IntegerField") && op != ArithOp::Pow => {
            Some(FieldKind::FloatField)
        }
        (Some("FloatField"), Some(b)) if b.ends_with("IntegerField") && op != ArithOp::Pow => {
            Some(FieldKind::FloatField)
        }
        _ => None,
    };
    match result {
        Some(k) => Ok(Some(k)),
        None => Err(QueryError::field_error(format!(
            "Cannot infer type of '{}' expression involving these types: {}, {}. You must set output_field.",
            op.symbol().replace("%%", "%"),
            l.class_name(),
            r.class_name()
        ))),
    }
}

/// Mirrors `resolve_expression` for a query: `F` paths become columns (adding joins that any
/// later lookup may reuse), annotation names become references.
pub fn resolve(
    q: &mut Query,
    reg: &Registry,
    e: &Expr,
    allow_joins: bool,
) -> Result<Expr, QueryError> {
    resolve_summary(q, reg, e, allow_joins, false)
}

/// [`resolve`] with Django's `summarize` flag: an `aggregate()` expression refers to the
/// query's annotations by reference (`Ref`), and only to selected ones; otherwise an annotation
/// name resolves to the annotation's expression itself.
pub fn resolve_summary(
    q: &mut Query,
    reg: &Registry,
    e: &Expr,
    allow_joins: bool,
    summarize: bool,
) -> Result<Expr, QueryError> {
    let resolve = |q: &mut Query, reg: &Registry, e: &Expr, allow_joins: bool| {
        resolve_summary(q, reg, e, allow_joins, summarize)
    };
    Ok(match e {
        Expr::F(name) => resolve_ref(q, reg, name, allow_joins, summarize)?,
        Expr::Star
        | Expr::Col(_)
        | Expr::Value(_)
        | Expr::Ref(..)
        | Expr::OuterRef(_)
        | Expr::OuterCol(_) => e.clone(),
        Expr::Subquery(s) => {
            Expr::Subquery(Box::new(super::subquery::resolve_subquery(q, reg, s)?))
        }
        Expr::Q { node, .. } => Expr::Q {
            node: node.clone(),
            resolved: Some(Box::new(q.resolve_q(reg, node)?)),
        },
        Expr::Combined { lhs, op, rhs } => Expr::Combined {
            lhs: Box::new(resolve(q, reg, lhs, allow_joins)?),
            op: *op,
            rhs: Box::new(resolve(q, reg, rhs, allow_joins)?),
        },
        Expr::Func(f) => {
            let mut args = Vec::with_capacity(f.args.len());
            for a in &f.args {
                args.push(resolve(q, reg, a, allow_joins)?);
            }
            let call = FuncCall { args, ..f.clone() };
            super::temporal_check::check(&call, reg)?;
            Expr::Func(call)
        }
        Expr::Aggregate {
            func,
            arg,
            distinct,
            filter,
            default,
            ..
        } => {
            let resolved_arg = resolve(q, reg, arg, allow_joins)?;
            // Aggregate.resolve_expression checks the resolved source: `Avg("n")` over an
            // aggregate annotation `n` is refused too.
            if !summarize && resolved_arg.contains_aggregate() {
                return Err(QueryError::field_error(format!(
                    "Cannot compute {}('{}'): '{}' is an aggregate",
                    func.name(),
                    agg_ref_name(arg),
                    agg_ref_name(arg)
                )));
            }
            let arg = resolved_arg;
            let default = match default {
                Some(d) => Some(Box::new(resolve(q, reg, d, allow_joins)?)),
                None => None,
            };
            // Mirrors Q.resolve_expression: the filter's joins are promoted to LEFT OUTER.
            let filter_where = match filter {
                Some(f) => Some(Box::new(q.resolve_q(reg, f)?)),
                None => None,
            };
            Expr::Aggregate {
                func: *func,
                arg: Box::new(arg),
                distinct: *distinct,
                filter: filter.clone(),
                filter_where,
                default,
            }
        }
        Expr::Case {
            whens,
            default,
            output,
        } => {
            let mut out = Vec::with_capacity(whens.len());
            for w in whens {
                let cond = q.resolve_q(reg, &w.condition)?;
                let then = resolve(q, reg, &w.then, allow_joins)?;
                out.push(When {
                    condition: w.condition.clone(),
                    condition_where: Some(Box::new(cond)),
                    then,
                });
            }
            Expr::Case {
                whens: out,
                default: Box::new(resolve(q, reg, default, allow_joins)?),
                output: output.clone(),
            }
        }
        Expr::Wrapper { expr, output } => Expr::Wrapper {
            expr: Box::new(resolve(q, reg, expr, allow_joins)?),
            output: output.clone(),
        },
        Expr::Window(w) => Expr::Window(Box::new(w.resolve(q, reg, allow_joins)?)),
    })
}

fn agg_ref_name(e: &Expr) -> String {
    match e {
        Expr::Ref(name, _) => name.clone(),
        Expr::F(name) => name.clone(),
        other => other.repr(),
    }
}

/// Mirrors `Query.resolve_ref`.
fn resolve_ref(
    q: &mut Query,
    reg: &Registry,
    name: &str,
    allow_joins: bool,
    summarize: bool,
) -> Result<Expr, QueryError> {
    if let Some((_, ann)) = q.annotations.iter().find(|(n, _)| n == name) {
        if !summarize {
            return Ok(ann.clone());
        }
        if !q.annotation_select.iter().any(|n| n == name) {
            return Err(QueryError::field_error(format!(
                "Cannot aggregate over the '{name}' alias. Use annotate() to promote it."
            )));
        }
        return Ok(Expr::Ref(name.to_string(), Box::new(ann.clone())));
    }
    let parts: Vec<&str> = super::path::lookup_parts(name).collect();
    if !allow_joins && parts.len() > 1 {
        return Err(QueryError::field_error(
            "Joined field references are not permitted in this query",
        ));
    }
    let table = reg.get(reg.get(q.model).concrete).db_table.clone();
    let alias = q.get_initial_alias(&table);
    // Shared, so that only an error pays for the names.
    let annotations = q.annotations.clone();
    let info = setup_joins(q, reg, q.model, &parts, alias, None, true)
        .map_err(|e| with_annotations(e, &annotations))?;
    let transforms = info.transforms.clone();
    let last_field_error = info.last_field_error.clone();
    let (targets, alias, _) = trim_joins(q, reg, info.targets, info.joins, &info.path);
    let (m, i) = targets[0];
    let col = Expr::Col(Col {
        alias,
        column: reg.get(m).fields[i].column.clone(),
        model: m,
        field: i,
    });
    if transforms.is_empty() {
        return Ok(col);
    }
    let kind = reg.get(m).fields[i].kind.clone();
    Ok(super::lookups::apply_transforms(col, &kind, &transforms, last_field_error)?.0)
}

/// "Choices are: ..." lists the query's annotations too.
fn with_annotations(mut e: QueryError, annotations: &[(String, Expr)]) -> QueryError {
    if annotations.is_empty() {
        return e;
    }
    if let Some((choices, bad)) = e.choices.take() {
        let mut all = choices;
        all.extend(annotations.iter().map(|(n, _)| n.clone()));
        all.sort();
        e.message = format!(
            "Cannot resolve keyword '{bad}' into field. Choices are: {}",
            all.join(", ")
        );
        e.choices = Some((all, bad));
    }
    e
}

/// Whether a field of kind `a` is an instance of `b`'s class (Django's field class tree).
pub fn kind_is_a(a: &FieldKind, b: &FieldKind) -> bool {
    use FieldKind::*;
    if std::mem::discriminant(a) == std::mem::discriminant(b) {
        return true;
    }
    match b {
        CharField => matches!(a, EmailField | UrlField | SlugField),
        IntegerField => a.is_integer(),
        BigIntegerField => matches!(a, BigAutoField | PositiveBigIntegerField),
        SmallIntegerField => matches!(a, PositiveSmallIntegerField | SmallAutoField),
        DateField => matches!(a, DateTimeField),
        _ => false,
    }
}

/// `CombinedExpression` instantiates its output class afresh: `DecimalField()` has no
/// `max_digits` (0 here), so a float compared with it keeps Python's 28 default digits.
fn fresh_decimal_field() -> FieldKind {
    FieldKind::DecimalField {
        max_digits: 0,
        decimal_places: 0,
    }
}

/// Replaces every `Ref` with the annotation it names, as `get_aggregation` inlines references
/// to existing annotations when it does not need a subquery.
pub fn inline_refs(e: &mut Expr) {
    match e {
        Expr::Ref(_, inner) => {
            let mut inner = std::mem::replace(inner.as_mut(), Expr::Star);
            inline_refs(&mut inner);
            *e = inner;
        }
        Expr::Wrapper { expr, .. } => inline_refs(expr),
        Expr::Combined { lhs, rhs, .. } => {
            inline_refs(lhs);
            inline_refs(rhs);
        }
        Expr::Func(f) => f.args.iter_mut().for_each(inline_refs),
        Expr::Aggregate { arg, default, .. } => {
            inline_refs(arg);
            if let Some(d) = default {
                inline_refs(d);
            }
        }
        Expr::Case { whens, default, .. } => {
            whens.iter_mut().for_each(|w| inline_refs(&mut w.then));
            inline_refs(default);
        }
        Expr::Window(w) => inline_refs(&mut w.source),
        _ => {}
    }
}

/// The names an unresolved expression refers to (`F` names and, in `filter=`/`When` conditions,
/// the first part of each lookup path), in order: what Django's `get_refs()` finds once resolved.
/// The first name of a lookup path (`publisher` of `publisher__name`).
fn first_part(path: &str) -> &str {
    super::path::lookup_parts(path).next().unwrap_or_default()
}

pub fn referenced_names(e: &Expr, out: &mut Vec<String>) {
    fn q_names(q: &QNode, out: &mut Vec<String>) {
        match q {
            QNode::Leaf { path, value } => {
                out.push(first_part(path).to_owned());
                if let FilterValue::Expr(e) = value {
                    referenced_names(e, out);
                }
            }
            QNode::Expr(e) => referenced_names(e, out),
            QNode::Node { children, .. } => children.iter().for_each(|c| q_names(c, out)),
        }
    }
    match e {
        Expr::F(name) => out.push(first_part(name).to_owned()),
        Expr::Ref(_, inner) | Expr::Wrapper { expr: inner, .. } => referenced_names(inner, out),
        Expr::Combined { lhs, rhs, .. } => {
            referenced_names(lhs, out);
            referenced_names(rhs, out);
        }
        Expr::Func(f) => f.args.iter().for_each(|a| referenced_names(a, out)),
        Expr::Aggregate {
            arg,
            filter,
            default,
            ..
        } => {
            referenced_names(arg, out);
            if let Some(f) = filter {
                q_names(f, out);
            }
            if let Some(d) = default {
                referenced_names(d, out);
            }
        }
        Expr::Case { whens, default, .. } => {
            for w in whens {
                q_names(&w.condition, out);
                referenced_names(&w.then, out);
            }
            referenced_names(default, out);
        }
        Expr::Window(w) => {
            referenced_names(&w.source, out);
            for e in w.group_by_sources() {
                referenced_names(e, out);
            }
        }
        _ => {}
    }
}
