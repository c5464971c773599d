//! `Q.check(against)`, the statement Django 5.2 sends to validate a `CheckConstraint` against an
//! unsaved instance: a query without a table, whose annotations are the instance's values and
//! whose WHERE is the constraint's condition, wrapped in `COALESCE(..., True)` because SQLite can
//! compare boolean expressions (a NULL outcome passes, as in the database):
//!
//! `SELECT 1 AS "_check" WHERE COALESCE(((CAST('12.50' AS NUMERIC)) >= '0'), 1)`
//!
//! Only the shapes a constraint condition takes in models.py are compiled here: comparisons of a
//! field with a value (`exact`, `gt`, `gte`, `lt`, `lte`, `isnull`, `in`) under AND/OR/NOT.

use crate::models::FieldKind;
use crate::query::value::{FilterValue, Param, prep_value};
use crate::query::{Connector, QNode};

/// One value of the instance (`_get_field_expression_map`): a field name (or `pk`), the field's
/// kind (a Value's output field) and the value as the database is given it.
pub struct Against<'a> {
    pub name: &'a str,
    pub kind: &'a FieldKind,
    pub param: Param,
}

/// Why no statement was compiled.
pub enum CheckSkip {
    /// Django's FieldError: the condition names a field the map lacks (an excluded field), so
    /// `validate()` skips the constraint without a query.
    MissingField,
    /// A lookup this module does not compile (ormlab then skips the check; Django would run it).
    Unsupported,
}

/// The statement and its parameters (placeholders `%s`, as everywhere in `sql`).
pub fn check_sql(cond: &QNode, against: &[Against<'_>]) -> Result<(String, Vec<Param>), CheckSkip> {
    let mut params = vec![Param::Int(1)];
    let inner = node_sql(cond, against, &mut params, true)?;
    params.push(Param::Int(1));
    Ok((
        format!("SELECT %s AS \"_check\" WHERE COALESCE({inner}, %s)"),
        params,
    ))
}

/// A WhereNode: ` AND `-joined children, `NOT (...)` when negated, parenthesised when it has
/// several children or is the resolved Q itself (`resolved`).
fn node_sql(
    node: &QNode,
    against: &[Against<'_>],
    params: &mut Vec<Param>,
    resolved: bool,
) -> Result<String, CheckSkip> {
    match node {
        QNode::Leaf { path, value } => {
            let s = leaf_sql(path, value, against, params)?;
            Ok(if resolved { format!("({s})") } else { s })
        }
        QNode::Expr(_) => Err(CheckSkip::Unsupported),
        QNode::Node {
            connector,
            negated,
            children,
        } => {
            let mut parts = Vec::with_capacity(children.len());
            for c in children {
                parts.push(node_sql(c, against, params, false)?);
            }
            let conn = match connector {
                Connector::And => " AND ",
                _ => " OR ",
            };
            let s = parts.join(conn);
            Ok(if *negated {
                format!("NOT ({s})")
            } else if parts.len() > 1 || resolved {
                format!("({s})")
            } else {
                s
            })
        }
    }
}

fn leaf_sql(
    path: &str,
    value: &FilterValue,
    against: &[Against<'_>],
    params: &mut Vec<Param>,
) -> Result<String, CheckSkip> {
    let (name, lookup) = match path.split_once("__") {
        Some((n, l)) => (n, l),
        None => (path, "exact"),
    };
    let Some(a) = against.iter().find(|a| a.name == name) else {
        return Err(CheckSkip::MissingField);
    };
    // Value.as_sql: NULL inline; SQLite's numeric mixin casts a decimal.
    let lhs = match (&a.param, a.kind) {
        (Param::Null, FieldKind::DecimalField { .. }) => "(CAST(NULL AS NUMERIC))".to_string(),
        (Param::Null, _) => "NULL".to_string(),
        (p, FieldKind::DecimalField { .. }) => {
            params.push(p.clone());
            "(CAST(%s AS NUMERIC))".to_string()
        }
        (p, _) => {
            params.push(p.clone());
            "%s".to_string()
        }
    };
    let prep = |v: &FilterValue| prep_value(a.kind, name, v).map_err(|_| CheckSkip::Unsupported);
    let op = match lookup {
        "exact" if matches!(value, FilterValue::Null) => return Ok(format!("{lhs} IS NULL")),
        "isnull" => {
            let yes = matches!(value, FilterValue::Bool(true) | FilterValue::Int(1));
            return Ok(format!("{lhs} IS {}NULL", if yes { "" } else { "NOT " }));
        }
        "in" => {
            let FilterValue::List(items) = value else {
                return Err(CheckSkip::Unsupported);
            };
            let mut marks = Vec::new();
            for v in items {
                params.push(prep(v)?);
                marks.push("%s");
            }
            return Ok(format!("{lhs} IN ({})", marks.join(", ")));
        }
        "exact" => "=",
        "gt" => ">",
        "gte" => ">=",
        "lt" => "<",
        "lte" => "<=",
        _ => return Err(CheckSkip::Unsupported),
    };
    params.push(prep(value)?);
    Ok(format!("{lhs} {op} %s"))
}
