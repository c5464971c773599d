//! Window expressions as SQL: `FUNC(...) OVER (PARTITION BY ... ORDER BY ... frame)`. Mirrors
//! `Window.as_sql`/`as_sqlite`, `ExpressionList`/`OrderByList` and `WindowFrame.as_sql`.

use crate::models::{FieldKind, Registry};
use crate::query::error::QueryError;
use crate::query::expr::Expr;
use crate::query::ir::Query;
use crate::query::value::Param;
use crate::query::window::{WindowExpr, WindowOrder};

use super::expr_sql::{aggregate_sql, expr_sql, func_sql};

/// Compiles a resolved window and appends its parameters (the function's first, then the
/// partition's, the ordering's).
pub fn window_sql(
    q: &Query,
    reg: &Registry,
    w: &WindowExpr,
    params: &mut Vec<Param>,
) -> Result<String, QueryError> {
    // Window.as_sqlite: a decimal result is cast outside the OVER clause, so the function
    // itself is compiled without SQLite's numeric cast.
    let source = match &w.source {
        Expr::Aggregate { .. } => aggregate_sql(q, reg, &w.source, params, false)?,
        Expr::Func(f) => func_sql(q, reg, f, params)?,
        other => expr_sql(q, reg, other, params)?,
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(p) = &w.partition_by {
        let mut items = Vec::with_capacity(p.len());
        for e in p {
            items.push(expr_sql(q, reg, e, params)?);
        }
        // An empty ExpressionList compiles to nothing at all.
        if !items.is_empty() {
            parts.push(["PARTITION BY ", &items.join(", ")].concat());
        }
    }
    if let Some(o) = &w.order_by {
        let mut items = Vec::with_capacity(o.len());
        for item in o {
            items.push(match item {
                WindowOrder::Plain(e) => expr_sql(q, reg, e, params)?,
                WindowOrder::Ordered(ob) => {
                    let mut s = expr_sql(q, reg, &ob.expr, params)?;
                    s.push_str(if ob.descending { " DESC" } else { " ASC" });
                    if ob.nulls_last {
                        s.push_str(" NULLS LAST");
                    } else if ob.nulls_first {
                        s.push_str(" NULLS FIRST");
                    }
                    s
                }
            });
        }
        if !items.is_empty() {
            parts.push(["ORDER BY ", &items.join(", ")].concat());
        }
    }
    if let Some(f) = &w.frame {
        parts.push(f.sql()?);
    }
    let sql = [&source, " OVER (", &parts.join(" "), ")"].concat();
    Ok(match w.output_field(reg)? {
        Some(FieldKind::DecimalField { .. }) => ["(CAST(", &sql, " AS NUMERIC))"].concat(),
        _ => sql,
    })
}
