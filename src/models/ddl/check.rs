//! `CheckConstraint(condition=Q(...))` compiled to SQL the way Django does for DDL:
//! `Query.build_where` (Q trees squashed into `WhereNode`s), lookups rendered with SQLite's
//! operators, Django's `EmptyResultSet` / `FullResultSet` bookkeeping, and parameters inlined
//! with the schema editor's `quote_value`.
//!
//! Supported lookups: exact, iexact, gt, gte, lt, lte, in, range, isnull, (i)contains,
//! (i)startswith, (i)endswith, on concrete fields of the model (no joins, no transforms).

use super::DdlError;
use super::names::quote_name;
use super::q::{Connector, QChild, QNode, RawValue, parse_q, unsupported};
use super::values::{Decimal, PyValue, float_to_int, quote_value};
use crate::models::field::{Field, FieldKind};
use crate::models::literal::Literal;
use crate::models::model::Registry;
use crate::syntax::{Expr, Span};

/// What compiling a condition gives: SQL, or Django's `EmptyResultSet` (matches nothing) /
/// `FullResultSet` (matches everything), which a lookup raises for an integer beyond the
/// column's range or an empty `__in`.
#[derive(Debug, Clone, PartialEq)]
enum Compiled {
    Sql(String),
    Empty,
    Full,
}

/// A compiled condition node (`WhereNode`); leaves are compiled lookups.
enum WChild {
    Leaf(Compiled),
    Node(WNode),
}

struct WNode {
    connector: Connector,
    negated: bool,
    children: Vec<WChild>,
}

impl WNode {
    fn add(&mut self, data: WNode) {
        if !data.negated && (data.connector == self.connector || data.children.len() == 1) {
            self.children.extend(data.children);
        } else {
            self.children.push(WChild::Node(data));
        }
    }

    /// `WhereNode.as_sql`, with its full/empty bookkeeping.
    fn compile(&self) -> Compiled {
        let n = self.children.len();
        let (mut full_needed, mut empty_needed) = match self.connector {
            Connector::And => (n, 1),
            Connector::Or => (1, n),
        };
        let mut parts: Vec<String> = Vec::new();
        for child in &self.children {
            let c = match child {
                WChild::Leaf(c) => c.clone(),
                WChild::Node(node) => node.compile(),
            };
            match c {
                Compiled::Empty => empty_needed -= 1,
                Compiled::Full => full_needed -= 1,
                Compiled::Sql(s) if s.is_empty() => full_needed -= 1,
                Compiled::Sql(s) => parts.push(s),
            }
            if empty_needed == 0 {
                return if self.negated {
                    Compiled::Full
                } else {
                    Compiled::Empty
                };
            }
            if full_needed == 0 {
                return if self.negated {
                    Compiled::Empty
                } else {
                    Compiled::Full
                };
            }
        }
        let s = parts.join(self.connector.sql());
        if s.is_empty() {
            Compiled::Full
        } else if self.negated {
            Compiled::Sql(format!("NOT ({s})"))
        } else if parts.len() > 1 {
            Compiled::Sql(format!("({s})"))
        } else {
            Compiled::Sql(s)
        }
    }
}

/// Compiles `condition` against the model whose concrete fields are `fields`.
pub fn check_sql(condition: &Expr, fields: &[Field], reg: &Registry) -> Result<String, DdlError> {
    let q = parse_q(condition)?;
    let ctx = Ctx { fields, reg };
    match ctx.add_q(&q, false)?.compile() {
        Compiled::Sql(sql) => Ok(sql),
        // Django lets the exception escape: the migration cannot be applied.
        Compiled::Empty => Err(unsupported(
            condition.span,
            "it matches no row (Django raises EmptyResultSet)",
        )),
        Compiled::Full => Err(unsupported(
            condition.span,
            "it matches every row (Django raises FullResultSet)",
        )),
    }
}

struct Ctx<'a> {
    fields: &'a [Field],
    reg: &'a Registry,
}

const LOOKUPS: &[&str] = &[
    "exact",
    "iexact",
    "gt",
    "gte",
    "lt",
    "lte",
    "in",
    "range",
    "isnull",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
];

impl Ctx<'_> {
    /// `Query._add_q`.
    fn add_q(&self, q: &QNode, current_negated: bool) -> Result<WNode, DdlError> {
        let current_negated = current_negated ^ q.negated;
        let mut target = WNode {
            connector: q.connector,
            negated: q.negated,
            children: Vec::new(),
        };
        for child in &q.children {
            let clause = match child {
                QChild::Node(n) => self.add_q(n, current_negated)?,
                QChild::Lookup { path, value, span } => {
                    self.build_filter(path, value, *span, current_negated)?
                }
            };
            if !clause.children.is_empty() {
                target.add(clause);
            }
        }
        Ok(target)
    }

    /// The field a lookup or `F()` names: by name, attname, or `pk`.
    fn field(&self, name: &str, span: Span) -> Result<&Field, DdlError> {
        self.fields
            .iter()
            .find(|f| f.name == name || &*f.attname == name || (name == "pk" && f.primary_key))
            .ok_or_else(|| {
                unsupported(
                    span,
                    &format!("no field {name:?} on this model (joins are not allowed)"),
                )
            })
    }

    /// `Query.build_filter` for one `name__lookup=value` child.
    fn build_filter(
        &self,
        path: &str,
        value: &RawValue,
        span: Span,
        negated: bool,
    ) -> Result<WNode, DdlError> {
        let mut parts: Vec<&str> = path.split("__").collect();
        let mut lookup = "exact";
        if parts.len() > 1 && LOOKUPS.contains(parts.last().unwrap_or(&"")) {
            lookup = parts.pop().unwrap_or("exact");
        }
        if parts.len() != 1 {
            return Err(unsupported(
                span,
                &format!("{path:?} (joins and transforms are not supported)"),
            ));
        }
        let field = self.field(parts[0], span)?;
        let col = quote_name(&field.column);
        let mut clause = WNode {
            connector: Connector::And,
            negated: false,
            children: Vec::new(),
        };
        // `exact=None` becomes `isnull=True`.
        let (lookup, value) = match (lookup, value) {
            ("exact" | "iexact", RawValue::Lit(Literal::None)) => {
                ("isnull", RawValue::Lit(Literal::Bool(true)))
            }
            (l, v) => (l, v.clone()),
        };
        let compiled = self.lookup_sql(field, &col, lookup, &value, span)?;
        clause.children.push(WChild::Leaf(compiled));
        // A negated lookup on a nullable column also requires the column to be non-null.
        if negated && lookup != "isnull" {
            if field.null {
                clause
                    .children
                    .push(WChild::Leaf(Compiled::Sql(format!("{col} IS NOT NULL"))));
            }
            if let RawValue::F(other) = &value {
                let other = self.field(other, span)?;
                if other.null {
                    let other = quote_name(&other.column);
                    clause
                        .children
                        .push(WChild::Leaf(Compiled::Sql(format!("{other} IS NOT NULL"))));
                }
            }
        }
        Ok(clause)
    }

    fn lookup_sql(
        &self,
        field: &Field,
        col: &str,
        lookup: &str,
        value: &RawValue,
        span: Span,
    ) -> Result<Compiled, DdlError> {
        if let RawValue::F(other) = value {
            let rhs = format!("({})", quote_name(&self.field(other, span)?.column));
            // A column on the right: SQLite's `operators`, or `pattern_ops` with `pattern_esc`.
            let esc = format!(r"REPLACE(REPLACE(REPLACE({rhs}, '\', '\\'), '%', '\%'), '_', '\_')");
            let op = match lookup {
                "exact" => format!("= {rhs}"),
                "gt" => format!("> {rhs}"),
                "gte" => format!(">= {rhs}"),
                "lt" => format!("< {rhs}"),
                "lte" => format!("<= {rhs}"),
                "iexact" => format!(r"LIKE {rhs} ESCAPE '\'"),
                "contains" => format!(r"LIKE '%' || {esc} || '%' ESCAPE '\'"),
                "icontains" => format!(r"LIKE '%' || UPPER({esc}) || '%' ESCAPE '\'"),
                "startswith" => format!(r"LIKE {esc} || '%' ESCAPE '\'"),
                "istartswith" => format!(r"LIKE UPPER({esc}) || '%' ESCAPE '\'"),
                "endswith" => format!(r"LIKE '%' || {esc} ESCAPE '\'"),
                "iendswith" => format!(r"LIKE '%' || UPPER({esc}) ESCAPE '\'"),
                _ => return Err(unsupported(span, &format!("F() with the {lookup} lookup"))),
            };
            return Ok(Compiled::Sql(format!("{col} {op}")));
        }
        if matches!(value, RawValue::Lit(Literal::None)) && lookup != "isnull" {
            return Err(unsupported(
                span,
                "None as a query value (Django raises ValueError)",
            ));
        }
        if let Some(outcome) = self.integer_overflow(field, lookup, value, span)? {
            return Ok(outcome);
        }
        let prep = |v: &RawValue| self.prep(field, v, lookup, span).map(|p| quote_value(&p));
        Ok(Compiled::Sql(match lookup {
            "isnull" => match value {
                RawValue::Lit(Literal::Bool(true)) => format!("{col} IS NULL"),
                RawValue::Lit(Literal::Bool(false)) => format!("{col} IS NOT NULL"),
                _ => return Err(unsupported(span, "isnull needs True or False")),
            },
            "exact" => match value {
                RawValue::Lit(Literal::Bool(b)) if field.kind == FieldKind::BooleanField => {
                    if *b {
                        col.to_string()
                    } else {
                        format!("NOT {col}")
                    }
                }
                _ => format!("{col} = {}", prep(value)?),
            },
            "gt" => format!("{col} > {}", prep(value)?),
            "gte" => format!("{col} >= {}", prep(value)?),
            "lt" => format!("{col} < {}", prep(value)?),
            "lte" => format!("{col} <= {}", prep(value)?),
            "in" | "range" => {
                let RawValue::Lit(Literal::List(items)) = value else {
                    return Err(unsupported(
                        span,
                        &format!("{lookup} needs a list or tuple"),
                    ));
                };
                let mut quoted: Vec<String> = Vec::new();
                for item in items {
                    if lookup == "in" && *item == Literal::None {
                        continue;
                    }
                    let q = prep(&RawValue::Lit(item.clone()))?;
                    if lookup == "range" || !quoted.contains(&q) {
                        quoted.push(q);
                    }
                }
                if lookup == "range" {
                    if quoted.len() != 2 {
                        return Err(unsupported(span, "range needs two values"));
                    }
                    format!("{col} BETWEEN {} AND {}", quoted[0], quoted[1])
                } else {
                    if quoted.is_empty() {
                        return Ok(Compiled::Empty);
                    }
                    format!("{col} IN ({})", quoted.join(", "))
                }
            }
            _ => {
                // iexact and the pattern lookups: LIKE with Django's escaping.
                let text = match self.prep(field, value, "exact", span)? {
                    PyValue::Str(s) | PyValue::Decimal(s) => s,
                    PyValue::Int(i) => i.to_string(),
                    other => return Err(unsupported(span, &format!("{lookup} with {other:?}"))),
                };
                let esc = text
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                let pattern = match lookup {
                    "iexact" => esc,
                    "contains" | "icontains" => format!("%{esc}%"),
                    "startswith" | "istartswith" => format!("{esc}%"),
                    _ => format!("%{esc}"),
                };
                format!(
                    "{col} LIKE {} ESCAPE '\\'",
                    quote_value(&PyValue::Str(pattern))
                )
            }
        }))
    }

    /// `IntegerFieldOverflow`: on an integer field (not a relation), a value beyond the
    /// backend's range makes the lookup match nothing or everything.
    fn integer_overflow(
        &self,
        field: &Field,
        lookup: &str,
        value: &RawValue,
        span: Span,
    ) -> Result<Option<Compiled>, DdlError> {
        if field.relation.is_some()
            || !field.kind.is_integer()
            || !matches!(lookup, "exact" | "gt" | "gte" | "lt" | "lte")
        {
            return Ok(None);
        }
        let PyValue::Int(v) = self.prep(field, value, lookup, span)? else {
            return Ok(None);
        };
        let positive = matches!(
            field.kind,
            FieldKind::PositiveIntegerField
                | FieldKind::PositiveBigIntegerField
                | FieldKind::PositiveSmallIntegerField
        );
        // SQLite's `integer_field_range`: 64-bit, from 0 for the positive fields.
        if !(positive && v < 0) {
            return Ok(None);
        }
        Ok(Some(match lookup {
            "gt" | "gte" => Compiled::Full,
            _ => Compiled::Empty,
        }))
    }

    /// The field's `get_db_prep_value(get_prep_value(value))` for a lookup's right-hand side.
    fn prep(
        &self,
        field: &Field,
        value: &RawValue,
        lookup: &str,
        span: Span,
    ) -> Result<PyValue, DdlError> {
        let kind = self.target_kind(field);
        let bad = || unsupported(span, &format!("this value for a {}", kind.class_name()));
        if let RawValue::Lit(Literal::None) = value {
            return Ok(PyValue::None);
        }
        if kind.is_integer() {
            return Ok(PyValue::Int(match value {
                RawValue::Lit(Literal::Int(i)) => *i,
                RawValue::Lit(Literal::Bool(b)) => *b as i64,
                // IntegerFieldFloatRounding: gte and lt round floats up.
                RawValue::Lit(Literal::Float(f)) if matches!(lookup, "gte" | "lt") => {
                    float_to_int(f.ceil()).ok_or_else(bad)?
                }
                RawValue::Lit(Literal::Float(f)) => float_to_int(*f).ok_or_else(bad)?,
                RawValue::Lit(Literal::Str(s)) => s.trim().parse().map_err(|_| bad())?,
                _ => return Err(bad()),
            }));
        }
        match &kind {
            FieldKind::FloatField => Ok(PyValue::Float(match value {
                RawValue::Lit(Literal::Int(i)) => *i as f64,
                RawValue::Lit(Literal::Float(f)) => *f,
                RawValue::Lit(Literal::Bool(b)) => *b as i64 as f64,
                RawValue::Lit(Literal::Str(s)) => s.trim().parse().map_err(|_| bad())?,
                _ => return Err(bad()),
            })),
            FieldKind::DecimalField { max_digits, .. } => {
                let d = match value {
                    RawValue::Lit(Literal::Int(i)) => Decimal::from_int(*i),
                    RawValue::Lit(Literal::Bool(b)) => Decimal::from_int(*b as i64),
                    RawValue::Lit(Literal::Float(f)) => {
                        Decimal::from_float(*f, *max_digits).ok_or_else(bad)?
                    }
                    RawValue::Lit(Literal::Str(s)) | RawValue::Decimal(s) => {
                        Decimal::parse(s).ok_or_else(bad)?
                    }
                    _ => return Err(bad()),
                };
                Ok(PyValue::Decimal(d.to_string()))
            }
            FieldKind::BooleanField => match value {
                RawValue::Lit(Literal::Bool(b)) => Ok(PyValue::Bool(*b)),
                RawValue::Lit(Literal::Int(i)) if *i == 0 || *i == 1 => Ok(PyValue::Bool(*i == 1)),
                RawValue::Lit(Literal::Str(s)) => match s.as_str() {
                    "t" | "True" | "1" => Ok(PyValue::Bool(true)),
                    "f" | "False" | "0" => Ok(PyValue::Bool(false)),
                    _ => Err(bad()),
                },
                _ => Err(bad()),
            },
            k if k.is_text() => Ok(PyValue::Str(match value {
                RawValue::Lit(Literal::Str(s)) => s.clone(),
                RawValue::Lit(Literal::Int(i)) => i.to_string(),
                RawValue::Lit(Literal::Float(f)) => super::values::py_float_str(*f),
                RawValue::Lit(Literal::Bool(b)) => if *b { "True" } else { "False" }.to_string(),
                _ => return Err(bad()),
            })),
            FieldKind::DateField => match value {
                RawValue::Date(y, m, d) => Ok(PyValue::Str(format!("{y:04}-{m:02}-{d:02}"))),
                RawValue::Lit(Literal::Str(s)) if is_iso_date(s) => Ok(PyValue::Str(s.clone())),
                _ => Err(bad()),
            },
            _ => Err(bad()),
        }
    }

    /// The kind whose preparation applies: a relation prepares values as its target field.
    fn target_kind(&self, field: &Field) -> FieldKind {
        let mut f = field.clone();
        for _ in 0..8 {
            let Some(rel) = &f.relation else { break };
            let target = self.reg.get(self.reg.get(rel.to).concrete);
            let next = match &rel.to_field {
                Some(name) => target.field(name),
                None => Some(target.pk()),
            };
            match next {
                Some(n) => f = n.clone(),
                None => break,
            }
        }
        f.kind
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}
