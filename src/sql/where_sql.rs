//! The WHERE tree and lookups as SQL (Mirrors WhereNode.as_sql and each lookup's as_sql with the
//! SQLite backend's `operators` and `pattern_ops` tables).

use crate::models::Registry;
use crate::query::error::{Degenerate, QueryError};
use crate::query::ir::{
    Col, Connector, Lhs, Lookup, Query, Rhs, TemporalKind, Transform, WhereChild, WhereNode,
};
use crate::query::value::Param;

use super::expr_sql::expr_sql;
use super::push_quoted;

/// Quotes a table alias unless it is a generated alias (`T3`, `U0`), as Django's
/// `quote_name_unless_alias` does.
pub fn qn_alias(q: &Query, alias: &str) -> String {
    let mut out = String::with_capacity(alias.len() + 2);
    push_qn_alias(&mut out, q, alias);
    out
}

/// Appends `alias` as [`qn_alias`] returns it.
pub fn push_qn_alias(out: &mut String, q: &Query, alias: &str) {
    // The names mostly come from the alias map itself (shared `Rc<str>`s), so a pointer
    // comparison settles most checks before any bytes are compared.
    let same = |name: &str| {
        name.len() == alias.len() && (std::ptr::eq(name.as_ptr(), alias.as_ptr()) || name == alias)
    };
    let generated = q.alias_map.iter().any(|j| same(&j.alias))
        && !q.alias_map.iter().any(|j| same(&j.table_name));
    if generated {
        out.push_str(alias);
    } else {
        push_quoted(out, alias);
    }
}

/// `"alias"."column"`, built in one buffer (the compiler writes one per selected column).
pub fn col_sql(q: &Query, c: &Col) -> String {
    let mut out = String::with_capacity(c.alias.len() + c.column.len() + 5);
    push_qn_alias(&mut out, q, &c.alias);
    out.push('.');
    push_quoted(&mut out, &c.column);
    out
}

/// The SQLite operator of a lookup (`DatabaseWrapper.operators`).
fn operator(name: &str) -> &'static str {
    match name {
        "exact" => "= %s",
        "iexact" | "contains" | "icontains" | "startswith" | "endswith" | "istartswith"
        | "iendswith" => "LIKE %s ESCAPE '\\'",
        "regex" => "REGEXP %s",
        "iregex" => "REGEXP '(?i)' || %s",
        "gt" => "> %s",
        "gte" => ">= %s",
        "lt" => "< %s",
        "lte" => "<= %s",
        _ => "= %s",
    }
}

/// LIKE lookups against an expression (Mirrors `pattern_ops` formatted with `pattern_esc`).
fn pattern_sql(name: &str, rhs: &str) -> String {
    let esc = format!(r"REPLACE(REPLACE(REPLACE({rhs}, '\', '\\'), '%%', '\%%'), '_', '\_')");
    match name {
        "contains" => format!(r"LIKE '%%' || {esc} || '%%' ESCAPE '\'"),
        "icontains" => format!(r"LIKE '%%' || UPPER({esc}) || '%%' ESCAPE '\'"),
        "startswith" => format!(r"LIKE {esc} || '%%' ESCAPE '\'"),
        "istartswith" => format!(r"LIKE UPPER({esc}) || '%%' ESCAPE '\'"),
        "endswith" => format!(r"LIKE '%%' || {esc} ESCAPE '\'"),
        "iendswith" => format!(r"LIKE '%%' || UPPER({esc}) ESCAPE '\'"),
        "in" => format!("IN {rhs}"),
        other => operator(other).replace("%s", rhs),
    }
}

/// A transformed column (Mirrors `date_extract_sql`, `datetime_extract_sql`, ... of the SQLite
/// backend; time zone names are Django's current zone and the connection's, both UTC here).
fn lhs_sql(
    q: &Query,
    reg: &Registry,
    lhs: &Lhs,
    transforms: &[Transform],
    params: &mut Vec<Param>,
) -> Result<String, QueryError> {
    let Some((last, inner)) = transforms.split_last() else {
        if matches!(lhs.expr, crate::query::expr::Expr::Case { .. }) {
            return super::expr_sql::case_sql(q, reg, &lhs.expr, params, true);
        }
        return expr_sql(q, reg, &lhs.expr, params);
    };
    let utc = || Param::Text("UTC".into());
    Ok(match last {
        Transform::Extract { name, source } => {
            params.push(Param::Text((*name).into()));
            let inner_sql = lhs_sql(q, reg, lhs, inner, params)?;
            match source {
                TemporalKind::Date => format!("django_date_extract(%s, {inner_sql})"),
                TemporalKind::Time => format!("django_time_extract(%s, {inner_sql})"),
                TemporalKind::DateTime => {
                    params.push(utc());
                    params.push(utc());
                    format!("django_datetime_extract(%s, {inner_sql}, %s, %s)")
                }
            }
        }
        Transform::TruncDate | Transform::TruncTime => {
            let inner_sql = lhs_sql(q, reg, lhs, inner, params)?;
            params.push(utc());
            params.push(utc());
            let f = if *last == Transform::TruncDate {
                "django_datetime_cast_date"
            } else {
                "django_datetime_cast_time"
            };
            format!("{f}({inner_sql}, %s, %s)")
        }
    })
}

fn lookup_sql(
    q: &Query,
    reg: &Registry,
    l: &Lookup,
    params: &mut Vec<Param>,
) -> Result<String, QueryError> {
    if let Rhs::YearBounds(bounds) = &l.rhs {
        // The year transform itself is skipped so an index on the column can be used.
        let inner = &l.lhs.transforms[..l.lhs.transforms.len().saturating_sub(1)];
        let lhs = lhs_sql(q, reg, &l.lhs, inner, params)?;
        params.extend(bounds.iter().cloned());
        return Ok(if l.name == "exact" {
            format!("{lhs} BETWEEN %s AND %s")
        } else {
            format!("{lhs} {}", operator(l.name))
        });
    }
    // The condition is written after the left side, in its buffer.
    let mut lhs = lhs_sql(q, reg, &l.lhs, &l.lhs.transforms, params)?;
    Ok(match &l.rhs {
        Rhs::YearBounds(_) => lhs,
        Rhs::IsNull(true) => {
            lhs.push_str(" IS NULL");
            lhs
        }
        Rhs::IsNull(false) => {
            lhs.push_str(" IS NOT NULL");
            lhs
        }
        Rhs::Conditional(true) => lhs,
        Rhs::Conditional(false) => format!("NOT {lhs}"),
        Rhs::Expr(e) => {
            // Mirrors Lookup.process_rhs: an expression is parenthesised unless it already is.
            let rhs = expr_sql(q, reg, e, params)?;
            let rhs = if rhs.starts_with('(') {
                rhs
            } else {
                format!("({rhs})")
            };
            format!("{lhs} {}", pattern_sql(l.name, &rhs))
        }
        Rhs::Many(items) => {
            params.extend(items.iter().cloned());
            lhs.push_str(" IN (");
            for i in 0..items.len() {
                lhs.push_str(if i == 0 { "%s" } else { ", %s" });
            }
            lhs.push(')');
            lhs
        }
        Rhs::Pair(a, b) => {
            params.push(a.clone());
            params.push(b.clone());
            lhs.push_str(" BETWEEN %s AND %s");
            lhs
        }
        Rhs::One(p) => {
            params.push(p.clone());
            lhs.push(' ');
            lhs.push_str(operator(l.name));
            lhs
        }
    })
}

/// Mirrors `WhereNode.as_sql`. The inner `Err` is Django's EmptyResultSet / FullResultSet; the
/// outer one a query error found while compiling.
pub fn where_sql(
    q: &Query,
    reg: &Registry,
    node: &WhereNode,
    params: &mut Vec<Param>,
) -> Result<Result<String, Degenerate>, QueryError> {
    let n = node.children.len();
    let (mut full_needed, mut empty_needed) = match node.connector {
        Connector::And => (n, 1),
        Connector::Or => (1, n),
    };
    let mut parts: Vec<String> = Vec::new();
    let mut local: Vec<Param> = Vec::new();
    for child in &node.children {
        let r = match child {
            WhereChild::Nothing => Err(Degenerate::Empty),
            WhereChild::Everything => Err(Degenerate::Full),
            WhereChild::Lookup(l) => Ok(lookup_sql(q, reg, l, &mut local)?),
            WhereChild::Node(inner) => where_sql(q, reg, inner, &mut local)?,
        };
        match r {
            Err(Degenerate::Empty) => empty_needed -= 1,
            Err(Degenerate::Full) => full_needed -= 1,
            Ok(s) if s.is_empty() => full_needed -= 1,
            Ok(s) => parts.push(s),
        }
        if empty_needed == 0 {
            return Ok(Err(if node.negated {
                Degenerate::Full
            } else {
                Degenerate::Empty
            }));
        }
        if full_needed == 0 {
            return Ok(Err(if node.negated {
                Degenerate::Empty
            } else {
                Degenerate::Full
            }));
        }
    }
    let joined = parts.join(match node.connector {
        Connector::And => " AND ",
        Connector::Or => " OR ",
    });
    if joined.is_empty() {
        return Ok(Err(Degenerate::Full));
    }
    params.extend(local);
    Ok(Ok(if node.negated {
        ["NOT (", &joined, ")"].concat()
    } else if parts.len() > 1 {
        ["(", &joined, ")"].concat()
    } else {
        joined
    }))
}
