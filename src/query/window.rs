//! Window expressions: `Window(expression, partition_by=..., order_by=..., frame=...)` and its
//! frames (`RowRange`, `ValueRange`). Mirrors `Window`, `WindowFrame` and `OrderByList` of
//! django/db/models/expressions.py and the window functions of functions/window.py.

use crate::models::Registry;

use super::error::QueryError;
use super::expr::{Expr, OrderBy, resolve};
use super::ir::Query;

/// `Window(...)`: the function (a window function or an aggregate) and its OVER clause.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowExpr {
    pub source: Expr,
    /// `PARTITION BY`: `None` when not given, else the expressions (an ExpressionList).
    pub partition_by: Option<Vec<Expr>>,
    /// `ORDER BY`: `None` when not given, else the items (an OrderByList).
    pub order_by: Option<Vec<WindowOrder>>,
    pub frame: Option<Frame>,
    /// `output_field=`: the field the result is converted as; `None` takes the source's.
    pub output: Option<crate::models::FieldKind>,
}

/// One item of a window's ORDER BY: a bare expression (`"pages"`, `F("pages")`) orders without
/// a direction; `"-pages"` and `F("pages").desc()` are OrderBy expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum WindowOrder {
    Plain(Expr),
    Ordered(OrderBy),
}

/// A frame bound as given: `None`, an integer, or something else (refused when compiled, as
/// Django's `window_frame_start_end` refuses it).
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    Unbounded,
    Int(i64),
    Other(String),
}

/// `RowRange(start, end, exclusion)` (`ROWS`) or `ValueRange(...)` (`RANGE`).
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub rows: bool,
    pub start: Bound,
    pub end: Bound,
    /// `WindowFrameExclusion`'s value: `CURRENT ROW`, `GROUP`, `TIES`, `NO OTHERS`.
    pub exclusion: Option<&'static str>,
}

/// The window functions of django.db.models.functions.window: (class, SQL function).
pub const WINDOW_FUNCTIONS: &[(&str, &str)] = &[
    ("CumeDist", "CUME_DIST"),
    ("DenseRank", "DENSE_RANK"),
    ("FirstValue", "FIRST_VALUE"),
    ("Lag", "LAG"),
    ("LastValue", "LAST_VALUE"),
    ("Lead", "LEAD"),
    ("NthValue", "NTH_VALUE"),
    ("Ntile", "NTILE"),
    ("PercentRank", "PERCENT_RANK"),
    ("Rank", "RANK"),
    ("RowNumber", "ROW_NUMBER"),
];

/// Django's `window_compatible`: aggregates and the window functions.
pub fn window_compatible(e: &Expr) -> bool {
    match e {
        Expr::Aggregate { .. } => true,
        Expr::Func(f) => WINDOW_FUNCTIONS.iter().any(|(c, _)| *c == f.class),
        _ => false,
    }
}

impl Frame {
    fn frame_type(&self) -> &'static str {
        if self.rows { "ROWS" } else { "RANGE" }
    }

    fn exclude_sql(&self) -> String {
        self.exclusion
            .map(|e| format!(" EXCLUDE {e}"))
            .unwrap_or_default()
    }

    /// Mirrors `DatabaseOperations.window_frame_rows_start_end` /
    /// `window_frame_range_start_end`, then `WindowFrame.as_sql`.
    pub fn sql(&self) -> Result<String, QueryError> {
        let (start, end) = if self.rows {
            self.rows_bounds()?
        } else {
            self.range_bounds()?
        };
        Ok(format!(
            "{} BETWEEN {start} AND {end}{}",
            self.frame_type(),
            self.exclude_sql()
        ))
    }

    fn rows_bounds(&self) -> Result<(String, String), QueryError> {
        if let (Bound::Int(s), Bound::Int(e)) = (&self.start, &self.end)
            && s > e
        {
            return Err(QueryError::value_error("start cannot be greater than end."));
        }
        if let Bound::Other(s) = &self.start {
            return Err(QueryError::value_error(format!(
                "start argument must be an integer, zero, or None, but got '{s}'."
            )));
        }
        if let Bound::Other(e) = &self.end {
            return Err(QueryError::value_error(format!(
                "end argument must be an integer, zero, or None, but got '{e}'."
            )));
        }
        Ok((
            bound_sql(&self.start, "UNBOUNDED PRECEDING"),
            bound_sql(&self.end, "UNBOUNDED FOLLOWING"),
        ))
    }

    fn range_bounds(&self) -> Result<(String, String), QueryError> {
        match &self.start {
            Bound::Int(s) if *s > 0 => {
                return Err(QueryError::value_error(format!(
                    "start argument must be a negative integer, zero, or None, but got '{s}'."
                )));
            }
            Bound::Other(s) => {
                return Err(QueryError::value_error(format!(
                    "start argument must be a negative integer, zero, or None, but got '{s}'."
                )));
            }
            _ => {}
        }
        match &self.end {
            Bound::Int(e) if *e < 0 => {
                return Err(QueryError::value_error(format!(
                    "end argument must be a positive integer, zero, or None, but got '{e}'."
                )));
            }
            Bound::Other(e) => {
                return Err(QueryError::value_error(format!(
                    "end argument must be a positive integer, zero, or None, but got '{e}'."
                )));
            }
            _ => {}
        }
        Ok((
            bound_sql(&self.start, "UNBOUNDED PRECEDING"),
            bound_sql(&self.end, "UNBOUNDED FOLLOWING"),
        ))
    }

    /// Mirrors `WindowFrame.__str__` (no validation).
    pub fn str(&self) -> String {
        let start = match &self.start {
            Bound::Int(s) if *s < 0 => format!("{} PRECEDING", s.abs()),
            Bound::Int(0) => "CURRENT ROW".into(),
            Bound::Int(s) => format!("{s} FOLLOWING"),
            _ => "UNBOUNDED PRECEDING".into(),
        };
        let end = match &self.end {
            Bound::Int(e) if *e > 0 => format!("{e} FOLLOWING"),
            Bound::Int(0) => "CURRENT ROW".into(),
            Bound::Int(e) => format!("{} PRECEDING", e.abs()),
            _ => "UNBOUNDED FOLLOWING".into(),
        };
        format!(
            "{} BETWEEN {start} AND {end}{}",
            self.frame_type(),
            self.exclude_sql()
        )
    }
}

/// Mirrors `window_frame_value`: 0 is the current row, negative values precede, positive
/// ones follow; `None` is unbounded.
fn bound_sql(b: &Bound, unbounded: &str) -> String {
    match b {
        Bound::Int(0) => "CURRENT ROW".into(),
        Bound::Int(v) if *v < 0 => format!("{} PRECEDING", v.abs()),
        Bound::Int(v) => format!("{v} FOLLOWING"),
        _ => unbounded.into(),
    }
}

impl WindowOrder {
    fn str(&self) -> String {
        match self {
            WindowOrder::Plain(e) => e.repr(),
            WindowOrder::Ordered(o) => format!(
                "OrderBy({}, descending={})",
                o.expr.repr(),
                if o.descending { "True" } else { "False" }
            ),
        }
    }
}

impl WindowExpr {
    /// Mirrors `Window.__str__`: `RowNumber() OVER (PARTITION BY F(publisher)F(pk))` (Django
    /// joins the parts without a separator).
    pub fn str(&self) -> String {
        let partition = match &self.partition_by {
            Some(p) => format!(
                "PARTITION BY {}",
                p.iter().map(Expr::repr).collect::<Vec<_>>().join(", ")
            ),
            None => String::new(),
        };
        let order = match &self.order_by {
            Some(o) => o
                .iter()
                .map(WindowOrder::str)
                .collect::<Vec<_>>()
                .join(", "),
            None => String::new(),
        };
        let frame = self.frame.as_ref().map(Frame::str).unwrap_or_default();
        format!("{} OVER ({partition}{order}{frame})", self.source.repr())
    }

    /// Resolves the function, the partition and the ordering against the query.
    pub fn resolve(
        &self,
        q: &mut Query,
        reg: &Registry,
        allow_joins: bool,
    ) -> Result<WindowExpr, QueryError> {
        let source = resolve(q, reg, &self.source, allow_joins)?;
        let partition_by = match &self.partition_by {
            Some(p) => Some(
                p.iter()
                    .map(|e| resolve(q, reg, e, allow_joins))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            None => None,
        };
        let order_by = match &self.order_by {
            Some(o) => {
                let mut out = Vec::with_capacity(o.len());
                for item in o {
                    out.push(match item {
                        WindowOrder::Plain(e) => {
                            WindowOrder::Plain(resolve(q, reg, e, allow_joins)?)
                        }
                        WindowOrder::Ordered(ob) => WindowOrder::Ordered(OrderBy {
                            expr: resolve(q, reg, &ob.expr, allow_joins)?,
                            ..ob.clone()
                        }),
                    });
                }
                Some(out)
            }
            None => None,
        };
        Ok(WindowExpr {
            source,
            partition_by,
            order_by,
            frame: self.frame.clone(),
            output: self.output.clone(),
        })
    }

    /// Mirrors `Window._resolve_output_field`: the given `output_field`, else the source's.
    pub fn output_field(
        &self,
        reg: &Registry,
    ) -> Result<Option<crate::models::FieldKind>, QueryError> {
        match &self.output {
            Some(kind) => Ok(Some(kind.clone())),
            None => super::expr::output_field(&self.source, reg),
        }
    }

    /// Whether `get_group_by_cols()` is not empty: it partitions or orders by something that
    /// is neither an aggregate nor a constant.
    pub fn has_group_by_cols(&self) -> bool {
        self.group_by_sources()
            .iter()
            .any(|e| !e.contains_aggregate() && !matches!(e, Expr::Value(_)))
    }

    /// The expressions it reads, for `get_group_by_cols` (partition and ordering, not the
    /// function: a window is computed after grouping).
    pub fn group_by_sources(&self) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = Vec::new();
        if let Some(p) = &self.partition_by {
            out.extend(p.iter());
        }
        if let Some(o) = &self.order_by {
            out.extend(o.iter().map(|i| match i {
                WindowOrder::Plain(e) => e,
                WindowOrder::Ordered(ob) => &ob.expr,
            }));
        }
        out
    }
}

/// Mirrors `_filter_prefetch_queryset` for a sliced queryset: the slice becomes a condition on
/// `ROW_NUMBER() OVER (PARTITION BY <relation> ORDER BY <the queryset's ordering>)`, so each
/// related object gets its own slice; the limits are cleared. Called once the relation's
/// `__in` filter is in place (the partition reuses its join).
pub fn filter_sliced_prefetch(
    q: &mut Query,
    reg: &Registry,
    field_name: &str,
    ordering: Vec<OrderBy>,
) -> Result<(), QueryError> {
    use super::ir::{Connector, Lhs, Lookup, Rhs, WhereChild};
    use super::value::Param;
    let window = WindowExpr {
        source: Expr::Func(super::expr::FuncCall {
            class: "RowNumber",
            function: "ROW_NUMBER",
            args: Vec::new(),
            output: Some(crate::models::FieldKind::IntegerField),
        }),
        partition_by: Some(vec![Expr::F(field_name.to_string())]),
        order_by: Some(ordering.into_iter().map(WindowOrder::Ordered).collect()),
        frame: None,
        output: None,
    };
    let window = Expr::Window(Box::new(window.resolve(q, reg, true)?));
    let lookup = |name: &'static str, mark: u64| {
        WhereChild::Lookup(Lookup {
            lhs: Lhs {
                expr: window.clone(),
                transforms: Vec::new(),
            },
            name,
            rhs: Rhs::One(Param::Int(mark as i64)),
        })
    };
    let (low, high) = (q.low_mark, q.high_mark);
    std::rc::Rc::make_mut(&mut q.where_).add(lookup("gt", low), Connector::And);
    if let Some(high) = high {
        std::rc::Rc::make_mut(&mut q.where_).add(lookup("lte", high), Connector::And);
    }
    q.low_mark = 0;
    q.high_mark = None;
    Ok(())
}
