//! What an input's value looks like once the shell has displayed it: a plain snapshot
//! ([`Shown`]) taken the way Django's shell prints (a QuerySet shows `list(qs[:21])`, an
//! instance's fields are read before `str()` runs). Renderers turn it into JSON or tables.

use crate::interp::{Interp, PyResult, Value};
use crate::query::Param;

use super::instance::Instance;
use super::queryset::QuerySet;
use super::row::Row;

/// A displayed value, with no link back to the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    Null,
    Bool(bool),
    /// Decimal digits of an int of any size.
    Int(String),
    /// Python's `repr(float)` text.
    Float(String),
    Str(String),
    List(Vec<Shown>),
    Dict(Vec<(String, Shown)>),
    Decimal(String),
    Date(String),
    DateTime(String),
    Time(String),
    TimeDelta(f64),
    Model {
        label: String,
        pk: Box<Shown>,
        str: String,
        /// By attname; shared with the model's field names (a snapshot lists every field of
        /// every row shown).
        fields: Vec<(std::rc::Rc<str>, Shown)>,
    },
    QuerySet {
        items: Vec<Shown>,
        truncated: bool,
    },
    Repr(String),
}

/// Python's `str()` of a bound parameter, as `str(qs.query)` substitutes it.
pub fn param_str(p: &Param) -> String {
    match p {
        Param::Null => "None".into(),
        Param::Int(i) => i.to_string(),
        Param::Real(x) => crate::render::pyfloat::float_repr(*x),
        Param::Text(s) => s.clone(),
    }
}

/// Takes the snapshot of `v` (may run queries: a QuerySet's display fetch, lazy fields in `__str__`).
pub fn snapshot(it: &mut Interp, v: &Value) -> PyResult<Shown> {
    Ok(match v {
        Value::None => Shown::Null,
        Value::Bool(b) => Shown::Bool(*b),
        Value::Int(i) => Shown::Int(itoa::Buffer::new().format(*i).to_owned()),
        Value::BigInt(b) => Shown::Int(b.to_string()),
        Value::Float(x) => Shown::Float(crate::render::pyfloat::float_repr(*x)),
        Value::Str(s) => Shown::Str(str::to_owned(s)),
        Value::List(items) => {
            let items = items.borrow().clone();
            Shown::List(
                items
                    .iter()
                    .map(|i| snapshot(it, i))
                    .collect::<PyResult<_>>()?,
            )
        }
        Value::Tuple(items) => Shown::List(
            items
                .iter()
                .map(|i| snapshot(it, i))
                .collect::<PyResult<_>>()?,
        ),
        Value::Dict(d) => {
            let entries = d.borrow().entries.clone();
            let mut out = Vec::with_capacity(entries.len());
            for (k, v) in &entries {
                out.push((it.str(k)?, snapshot(it, v)?));
            }
            Shown::Dict(out)
        }
        // str() of these, without the interpreter's entry (they run no Python code).
        Value::Decimal(d) => Shown::Decimal(crate::interp::decimal_str(d)),
        Value::Date(_) => Shown::Date(crate::interp::str_datetime_value(v)),
        Value::Time(_) => Shown::Time(crate::interp::str_datetime_value(v)),
        Value::DateTime(..) => Shown::DateTime(
            it.call_method(v, "isoformat", Default::default())
                .and_then(|s| it.str(&s))?,
        ),
        Value::TimeDelta(d) => {
            Shown::TimeDelta(d.num_microseconds().map(|m| m as f64 / 1e6).unwrap_or(0.0))
        }
        Value::Object(_) => {
            if let Some(qs) = v.downcast::<QuerySet>() {
                let (items, truncated) = qs.display_items(it)?;
                Shown::QuerySet {
                    items: items
                        .iter()
                        .map(|i| snapshot(it, i))
                        .collect::<PyResult<_>>()?,
                    truncated,
                }
            } else if let Some(inst) = v.downcast::<Instance>() {
                let loaded = inst.loaded_fields();
                let mut fields = Vec::with_capacity(loaded.len());
                for (k, val) in loaded {
                    fields.push((k, snapshot(it, &val)?));
                }
                for (k, val) in inst
                    .extra_attrs()
                    .into_iter()
                    .filter(|(k, _)| !k.starts_with('_'))
                {
                    fields.push((k.into(), snapshot(it, &val)?));
                }
                let pk = Box::new(snapshot(it, &inst.pk_value())?);
                let str = inst.str_text(v, it)?;
                let label = inst.ctx.reg.get(inst.model).label();
                Shown::Model {
                    label,
                    pk,
                    str,
                    fields,
                }
            } else if let Some(row) = v.downcast::<Row>() {
                Shown::List(
                    row.values
                        .iter()
                        .map(|i| snapshot(it, i))
                        .collect::<PyResult<_>>()?,
                )
            } else {
                Shown::Repr(it.repr(v)?)
            }
        }
        other => Shown::Repr(it.repr(other)?),
    })
}
