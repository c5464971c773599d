//! The rest of the read API on a QuerySet: `in_bulk`, `dates`/`datetimes`, `iterator`,
//! `explain`. Each is built from the core methods, as Django builds them.

use std::rc::Rc;

use crate::interp::{ArgSpec, Args, Interp, Object, PyResult, Value};
use crate::models::FieldKind;
use crate::query::expr::{Expr, FuncCall};
use crate::query::ir::{GroupBy, OrderItem, SelectKind, ValueCol};
use crate::query::{FilterValue, QNode};

use super::pyutil;
use super::queryset::{Iterable, QuerySet};

/// Methods this file answers.
pub const MORE_METHODS: &[&str] = &[
    "in_bulk",
    "dates",
    "datetimes",
    "iterator",
    "explain",
    "contains",
    "select_for_update",
];

impl QuerySet {
    pub(crate) fn call_more(&self, it: &mut Interp, name: &str, args: Args) -> PyResult<Value> {
        match name {
            "in_bulk" => self.in_bulk(it, args),
            "dates" => self.dates(it, args, false),
            "datetimes" => self.dates(it, args, true),
            "iterator" => self.iterator(it, args),
            "contains" => self.contains(it, args),
            "select_for_update" => self.select_for_update(it, args),
            _ => self.explain(it, args),
        }
    }

    /// Mirrors `QuerySet.contains`: the result cache if filled, else `filter(pk=...).exists()`.
    fn contains(&self, it: &mut Interp, args: Args) -> PyResult<Value> {
        let b = ArgSpec::simple("contains", &["obj"], 1).bind(it, args)?;
        let obj = b.get(0).cloned().unwrap_or(Value::None);
        if let Some(c) = &self.query.combinator {
            let msg = format!(
                "Calling QuerySet.contains() after {}() is not supported.",
                c.name
            );
            return Err(it.new_exception(self.ctx.exc.not_supported.clone(), msg));
        }
        if !matches!(self.iterable, Iterable::Model) {
            return Err(
                it.type_error("Cannot call QuerySet.contains() after .values() or .values_list().")
            );
        }
        let Some(inst) = obj.downcast::<super::instance::Instance>() else {
            return Err(it.type_error("'obj' must be a model instance."));
        };
        let reg = self.ctx.reg.clone();
        if reg.get(inst.model).concrete != reg.get(self.model).concrete {
            return Ok(Value::Bool(false));
        }
        let pk = inst.pk_value();
        if matches!(pk, Value::None) {
            return Err(it.value_error("QuerySet.contains() cannot be used on unsaved objects."));
        }
        if let Some(cache) = self.result_cache.borrow().as_ref() {
            for v in cache {
                if it.py_eq(v, &obj)? {
                    return Ok(Value::Bool(true));
                }
            }
            return Ok(Value::Bool(false));
        }
        let filter_args = Args {
            keywords: vec![("pk".into(), pk)],
            ..Args::default()
        };
        let filtered = QuerySet::filter_or_exclude(
            super::queryset::Receiver::Shared(self),
            it,
            false,
            filter_args,
        )?;
        match filtered.downcast::<QuerySet>() {
            Some(qs) => qs.exists(it),
            None => Err(it.runtime_error("contains() lost its QuerySet")),
        }
    }

    /// `select_for_update()`: SQLite has no row locks, so Django adds nothing to the SQL.
    fn select_for_update(&self, it: &mut Interp, args: Args) -> PyResult<Value> {
        let spec = ArgSpec {
            func: "select_for_update",
            params: &[],
            required: 0,
            kwonly: &["nowait", "skip_locked", "of", "no_key"],
            varargs: false,
            varkw: false,
        };
        let b = spec.bind(it, args)?;
        let flag = |v: &Option<Value>| matches!(v, Some(Value::Bool(true)));
        if flag(&b.kwonly[0]) && flag(&b.kwonly[1]) {
            return Err(it.value_error("The nowait option cannot be used with skip_locked."));
        }
        Ok(Value::object(self.chain()))
    }

    /// Mirrors `QuerySet.in_bulk`.
    fn in_bulk(&self, it: &mut Interp, args: Args) -> PyResult<Value> {
        let spec = ArgSpec {
            func: "in_bulk",
            params: &["id_list"],
            required: 0,
            kwonly: &["field_name"],
            varargs: false,
            varkw: false,
        };
        let b = spec.bind(it, args)?;
        if self.query.is_sliced() {
            return Err(it.type_error("Cannot use 'limit' or 'offset' with in_bulk()."));
        }
        if !matches!(self.iterable, Iterable::Model) {
            return Err(it.type_error("in_bulk() cannot be used with values() or values_list()."));
        }
        let field_name = match &b.kwonly[0] {
            Some(Value::Str(s)) => s.to_string(),
            _ => "pk".to_string(),
        };
        let reg = self.ctx.reg.clone();
        let m = reg.get(reg.get(self.model).concrete);
        if field_name != "pk" {
            let unique = m.field(&field_name).map(|f| f.is_unique()).unwrap_or(false)
                || m.meta.constraints.iter().any(|c| matches!(c, crate::models::ConstraintDef::Unique { fields, .. } if fields.len() == 1 && fields[0] == field_name));
            if m.field(&field_name).is_none() {
                return Err(it.new_exception(
                    self.ctx.exc.field_does_not_exist.clone(),
                    format!("{} has no field named '{field_name}'", m.name),
                ));
            }
            if !unique {
                return Err(it.value_error(format!(
                    "in_bulk()'s field_name must be a unique field but '{field_name}' isn't."
                )));
            }
        }
        let qs = match b.get(0) {
            Some(Value::None) | None => self.chain(),
            Some(list) => {
                let items = it.iterate(list)?;
                if items.is_empty() {
                    return pyutil::str_dict(it, Vec::<(String, Value)>::new());
                }
                let mut values = Vec::new();
                for v in &items {
                    values.push(super::convert::to_filter_value(it, v)?);
                }
                let mut c = self.chain();
                c.add_q(
                    it,
                    QNode::from_parts(
                        Vec::new(),
                        vec![(format!("{field_name}__in"), FilterValue::List(values))],
                    ),
                    &[],
                )?;
                c
            }
        };
        let objs = qs.fetch_all(it)?;
        let key_attr = if field_name == "pk" {
            "pk".to_string()
        } else {
            field_name
        };
        let mut d = crate::interp::Dict::default();
        for o in objs {
            let k = it.get_attr(&o, &key_attr)?;
            let h = it.hash_value(&k)?;
            d.index.entry(h).or_default().push(d.entries.len());
            d.entries.push((k, o));
        }
        Ok(Value::Dict(Rc::new(std::cell::RefCell::new(d))))
    }

    /// Mirrors `QuerySet.dates` / `datetimes`: the distinct truncated values, non-null, ordered.
    fn dates(&self, it: &mut Interp, args: Args, datetimes: bool) -> PyResult<Value> {
        let func = if datetimes { "datetimes" } else { "dates" };
        let spec = ArgSpec {
            func,
            params: &["field_name", "kind", "order"],
            required: 2,
            kwonly: &["tzinfo"],
            varargs: false,
            varkw: false,
        };
        let b = spec.bind(it, args)?;
        let field = match b.get(0) {
            Some(Value::Str(s)) => s.to_string(),
            _ => return Err(it.type_error("field_name must be a string")),
        };
        let kind = match b.get(1) {
            Some(Value::Str(s)) => s.to_string(),
            _ => String::new(),
        };
        let kinds: &[&str] = if datetimes {
            &["year", "month", "week", "day", "hour", "minute", "second"]
        } else {
            &["year", "month", "week", "day"]
        };
        let Some(kind) = kinds.iter().find(|k| **k == kind).copied() else {
            let msg = if datetimes {
                "'kind' must be one of 'year', 'month', 'week', 'day', 'hour', 'minute', or 'second'."
            } else {
                "'kind' must be one of 'year', 'month', 'week', or 'day'."
            };
            return Err(it.value_error(msg));
        };
        let order = match b.get(2) {
            Some(Value::Str(s)) => s.to_string(),
            _ => "ASC".to_string(),
        };
        if order != "ASC" && order != "DESC" {
            return Err(it.value_error("'order' must be either 'ASC' or 'DESC'."));
        }
        let alias = if datetimes {
            "datetimefield"
        } else {
            "datefield"
        };
        let output = if datetimes {
            FieldKind::DateTimeField
        } else {
            FieldKind::DateField
        };
        let trunc = Expr::Func(FuncCall {
            class: "Trunc",
            function: kind,
            args: vec![Expr::F(field.clone())],
            output: Some(output),
        });
        let mut c = self.chain();
        let reg = c.ctx.reg.clone();
        let resolved = crate::query::expr::resolve(&mut c.query, &reg, &trunc, true)
            .map_err(|e| c.query_error(it, e))?;
        std::rc::Rc::make_mut(&mut c.query.annotations).push((alias.to_string(), resolved));
        c.query.annotation_select = vec![alias.to_string()];
        c.query.select = SelectKind::Values {
            cols: vec![(alias.to_string(), ValueCol::Annotation)],
            aliased: true,
        };
        c.iterable = Iterable::ValuesList {
            flat: true,
            named: false,
        };
        c.query.distinct = true;
        c.query.group_by = GroupBy::None;
        c.add_q(
            it,
            QNode::from_parts(
                Vec::new(),
                vec![(format!("{field}__isnull"), FilterValue::Bool(false))],
            ),
            &[],
        )?;
        c.query.clear_ordering(true, false);
        c.query.order_by = std::rc::Rc::new(vec![OrderItem::Name(if order == "DESC" {
            format!("-{alias}")
        } else {
            alias.to_string()
        })]);
        Ok(Value::object(c))
    }

    /// `iterator()`: the rows without filling the result cache. ormlab returns them as a list
    /// (Django returns a generator; the queries are the same).
    fn iterator(&self, it: &mut Interp, args: Args) -> PyResult<Value> {
        let b = ArgSpec::simple("iterator", &["chunk_size"], 0).bind(it, args)?;
        if !self.prefetch.is_empty() && matches!(b.get(0), None | Some(Value::None)) {
            return Err(it.value_error("chunk_size must be provided when using QuerySet.iterator() after prefetch_related()."));
        }
        if let Some(Value::Int(n)) = b.get(0)
            && *n <= 0
        {
            return Err(it.value_error("Chunk size must be strictly positive."));
        }
        // A generator: nothing runs until the first item is asked for.
        Ok(Value::object(QuerySetIterator {
            qs: self.chain(),
            items: std::cell::RefCell::new(None),
            pos: std::cell::Cell::new(0),
        }))
    }

    /// `explain()`: SQLite's `EXPLAIN QUERY PLAN`, each row's columns joined by spaces.
    fn explain(&self, it: &mut Interp, args: Args) -> PyResult<Value> {
        let b = ArgSpec {
            func: "explain",
            params: &[],
            required: 0,
            kwonly: &["format"],
            varargs: false,
            varkw: true,
        }
        .bind(it, args)?;
        if let Some(f) = &b.kwonly[0]
            && !matches!(f, Value::None)
        {
            let r = it.str(f)?;
            return Err(it.value_error(format!(
                "{} is not a recognized format. SQLite does not support any formats.",
                r.to_uppercase()
            )));
        }
        if let Some((k, _)) = b.varkw.first() {
            return Err(it.value_error(format!("Unknown options: {k}")));
        }
        let Some(c) = self.compile(it)? else {
            return Err(it.new_exception(self.ctx.exc.empty_result_set.clone(), ""));
        };
        let params: Vec<_> = c.params.iter().map(super::convert::param_to_sql).collect();
        let sql = format!("EXPLAIN QUERY PLAN {}", c.sql);
        let rows = self
            .ctx
            .run_query_for(None, &sql, &params)
            .map_err(|e| self.ctx.db_exception(it, &e))?;
        let lines: Vec<String> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| match v {
                        crate::db::SqlValue::Integer(i) => i.to_string(),
                        crate::db::SqlValue::Text(s) => s.clone(),
                        crate::db::SqlValue::Real(x) => x.to_string(),
                        crate::db::SqlValue::Null => "None".into(),
                        crate::db::SqlValue::Blob(_) => "<blob>".into(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        Ok(Value::str(&lines.join("\n")))
    }
}

/// What `QuerySet.iterator()` returns: a generator over the rows, which runs the query when the
/// first row is asked for.
pub struct QuerySetIterator {
    qs: QuerySet,
    items: std::cell::RefCell<Option<Vec<Value>>>,
    pos: std::cell::Cell<usize>,
}

impl QuerySetIterator {
    fn ensure(&self, it: &mut Interp) -> PyResult<()> {
        if self.items.borrow().is_none() {
            let items = self.qs.fetch_all(it)?;
            *self.items.borrow_mut() = Some(items);
        }
        Ok(())
    }
}

impl Object for QuerySetIterator {
    fn type_name(&self) -> String {
        "generator".into()
    }

    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<generator object QuerySet._iterator>".into())
    }

    fn has_method(&self, name: &str) -> bool {
        name == "__next__"
    }

    fn call_method(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        if name != "__next__" {
            return Err(it.attribute_error("generator", name));
        }
        ArgSpec::simple("__next__", &[], 0).bind(it, args)?;
        self.ensure(it)?;
        let pos = self.pos.get();
        let next = self
            .items
            .borrow()
            .as_ref()
            .and_then(|v| v.get(pos).cloned());
        match next {
            Some(v) => {
                self.pos.set(pos + 1);
                Ok(v)
            }
            None => Err(it.new_exception(it.exc_class("StopIteration"), "")),
        }
    }

    fn iter(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<Vec<Value>> {
        self.ensure(it)?;
        let pos = self.pos.get();
        let rest: Vec<Value> = self
            .items
            .borrow()
            .as_ref()
            .map(|v| v[pos.min(v.len())..].to_vec())
            .unwrap_or_default();
        self.pos.set(pos + rest.len());
        Ok(rest)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
