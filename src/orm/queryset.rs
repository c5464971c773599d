//! `QuerySet`: lazy and chainable; every chained method clones and changes its Query, as
//! django/db/models/query.py does. Evaluation fills a result cache once.

use std::cell::RefCell;
use std::rc::Rc;

use crate::db::SqlValue;
use crate::interp::{ArgSpec, Args, Interp, Object, PyException, PyResult, Subscript, Value};
use crate::models::ModelId;
use crate::query::ir::{GroupBy, OrderItem, SelectKind, ValueCol};
use crate::query::{Col, Connector, QNode, Query, QueryError};
use crate::sql::why::Origin;
use crate::sql::{Compiled, compile_select};

use super::convert::{convert_column, param_to_sql};
use super::ctx::Ctx;
use super::expressions::{ExprObj, OrderByObj, to_expr};
use super::instance::Instance;
use super::pyutil;
use super::q::{QObj, q_from_args};

/// Django's `REPR_OUTPUT_SIZE` and `MAX_GET_RESULTS`.
pub const REPR_OUTPUT_SIZE: usize = 20;
const MAX_GET_RESULTS: u64 = 21;

/// What one row becomes (Django's ModelIterable, ValuesIterable, ValuesListIterable, ...).
#[derive(Debug, Clone, PartialEq)]
pub enum Iterable {
    Model,
    Values,
    ValuesList { flat: bool, named: bool },
}

pub struct QuerySet {
    pub ctx: Ctx,
    /// The model the QuerySet was made for (a proxy stays a proxy: its rows are its instances).
    pub model: ModelId,
    /// Boxed: a QuerySet moves through every chained call (and into its `Rc`), and the query is
    /// most of its size.
    pub query: Box<Query>,
    pub iterable: Iterable,
    pub result_cache: RefCell<Option<Vec<Value>>>,
    /// Set on a related manager's QuerySet (`Publisher.books`): the relation whose lazy load
    /// its queries are, for the N+1 detector.
    pub cause: Option<Rc<str>>,
    /// `prefetch_related()` lookups, run after the main query.
    pub prefetch: Vec<super::prefetch::PrefetchSpec>,
    /// Django's `_known_related_objects`: a reverse manager's rows get their ForeignKey back to
    /// the owner cached (`for b in p.books.all(): b.publisher` runs no query).
    pub known_related: Option<(String, Value)>,
}

/// The QuerySet a chained call (`filter()`, `order_by()`, ...) starts from. Django's `_chain`
/// copies it. When the caller held the only reference, as with the temporaries of
/// `Book.objects.filter(...).order_by(...)`, nothing can see the original again, so it is moved
/// instead of copied ([`Object::call_method_owned`]).
// Boxing the owned QuerySet would spend the allocation that moving it saves.
#[allow(clippy::large_enum_variant)]
pub enum Receiver<'a> {
    Shared(&'a QuerySet),
    Owned(QuerySet),
}

impl std::ops::Deref for Receiver<'_> {
    type Target = QuerySet;
    fn deref(&self) -> &QuerySet {
        match self {
            Receiver::Shared(q) => q,
            Receiver::Owned(q) => q,
        }
    }
}

impl Receiver<'_> {
    /// Mirrors `QuerySet._chain`; the receiver is gone afterwards, so reading it after the
    /// copy was taken does not compile.
    pub fn chain(self) -> QuerySet {
        match self {
            Receiver::Shared(q) => q.chain(),
            Receiver::Owned(q) => q.rechained(),
        }
    }
}

impl QuerySet {
    pub fn new(ctx: Ctx, model: ModelId) -> QuerySet {
        QuerySet {
            ctx,
            model,
            query: Box::new(Query::new(model)),
            iterable: Iterable::Model,
            result_cache: RefCell::new(None),
            cause: None,
            prefetch: Vec::new(),
            known_related: None,
        }
    }

    /// Mirrors `QuerySet._chain`: a copy without the result cache, with fresh reusable joins.
    pub fn chain(&self) -> QuerySet {
        let mut query = self.query.clone();
        query.used_aliases.clear();
        QuerySet {
            ctx: self.ctx.clone(),
            model: self.model,
            query,
            iterable: self.iterable.clone(),
            result_cache: RefCell::new(None),
            cause: self.cause.clone(),
            prefetch: self.prefetch.clone(),
            known_related: self.known_related.clone(),
        }
    }

    /// `chain()` for a QuerySet nothing else refers to: the copy is the original.
    fn rechained(mut self) -> QuerySet {
        self.query.used_aliases.clear();
        *self.result_cache.get_mut() = None;
        self
    }

    fn model_name(&self) -> String {
        self.ctx.reg.get(self.model).name.clone()
    }

    pub fn query_error(&self, it: &Interp, e: QueryError) -> Rc<PyException> {
        let exc = match e.class {
            "FieldError" => it.new_exception(self.ctx.exc.field_error.clone(), e.message),
            "ValueError" => it.value_error(e.message),
            "TypeError" => it.type_error(e.message),
            "IndexError" => it.index_error(e.message),
            // The query layer writes `['message']`, as str() of Django's error shows it.
            "ValidationError" => match e
                .message
                .strip_prefix("['")
                .and_then(|m| m.strip_suffix("']"))
            {
                Some(m) => {
                    super::validation_error::from_message(&self.ctx.exc.validation_error, it, m)
                }
                None => it.new_exception(self.ctx.exc.validation_error.clone(), e.message),
            },
            "NotSupportedError" => it.new_exception(self.ctx.exc.not_supported.clone(), e.message),
            "NotImplementedError" => it.not_implemented(e.message),
            "DatabaseError" => it.new_exception(self.ctx.exc.database_error.clone(), e.message),
            "OutputFieldIsNoneError" => {
                it.new_exception(self.ctx.exc.output_field_is_none.clone(), e.message)
            }
            "FieldDoesNotExist" => {
                it.new_exception(self.ctx.exc.field_does_not_exist.clone(), e.message)
            }
            _ => it.new_exception(self.ctx.exc.field_error.clone(), e.message),
        };
        if let Some((choices, bad)) = e.choices {
            let close = crate::util::difflib::get_close_matches(
                &bad,
                choices.iter().map(String::as_str),
                1,
                0.6,
            );
            if let Some(best) = close.first() {
                *exc.hint.borrow_mut() = Some(format!("did you mean '{best}'?"));
            }
        }
        exc
    }

    /// Compiles this QuerySet's SELECT (`None`: it can match nothing, so no query runs).
    pub fn compile(&self, it: &Interp) -> PyResult<Option<Compiled>> {
        if self.ctx.why_on() {
            return self.compile_explained(it);
        }
        compile_select(&self.query, &self.ctx.reg).map_err(|e| self.query_error(it, e))
    }

    /// `.why on`: compiles and keeps the notes for when the statement runs.
    fn compile_explained(&self, it: &Interp) -> PyResult<Option<Compiled>> {
        let reg = &self.ctx.reg;
        let origin = self.ctx.take_why_origin();
        let compiled = crate::sql::compile_select_explained(&self.query, reg, false)
            .map_err(|e| self.query_error(it, e))?;
        Ok(compiled.map(|(c, q)| {
            let params: Vec<_> = c.params.iter().map(param_to_sql).collect();
            let text = crate::db::last_executed_query(&self.ctx.db.borrow(), &c.sql, &params);
            let notes = crate::sql::why::explain(&q, reg, origin, &text);
            self.ctx.set_why_notes(&c.sql, notes);
            c
        }))
    }

    /// Runs a compiled SELECT and converts each row with its fields' converters.
    fn run(&self, it: &Interp, c: &Compiled) -> PyResult<Vec<Vec<Value>>> {
        let params: Vec<_> = c.params.iter().map(param_to_sql).collect();
        self.run_with(it, c, &params)
    }

    /// [`QuerySet::run`] with other values for the compiled SQL's parameters.
    fn run_with(
        &self,
        it: &Interp,
        c: &Compiled,
        params: &[SqlValue],
    ) -> PyResult<Vec<Vec<Value>>> {
        let reg = &self.ctx.reg;
        self.ctx
            .run_query_map_for(self.cause.as_ref(), &c.sql, params, |row| {
                c.cols
                    .iter()
                    .enumerate()
                    .take(row.len())
                    .map(|(i, col)| convert_column(reg, &col.converter, &row.get(i)))
                    .collect()
            })
            .map_err(|e| self.ctx.db_exception(it, &e))
    }

    /// Mirrors `QuerySet._fetch_all`.
    pub fn fetch_all(&self, it: &mut Interp) -> PyResult<Vec<Value>> {
        if let Some(cache) = self.result_cache.borrow().as_ref() {
            return Ok(cache.clone());
        }
        let items = match self.compile(it)? {
            None => Vec::new(),
            Some(c) => {
                let rows = self.run(it, &c)?;
                self.build_items(it, &c, rows)
            }
        };
        if !self.prefetch.is_empty()
            && matches!(self.iterable, Iterable::Model)
            && !items.is_empty()
        {
            super::prefetch::prefetch_related_objects(&self.ctx, it, &items, &self.prefetch)?;
        }
        *self.result_cache.borrow_mut() = Some(items.clone());
        Ok(items)
    }

    /// Runs `c` (compiled from this QuerySet) with `params` in place of its own, and builds
    /// the rows; no result cache, no prefetch. For SQL compiled once and run many times.
    pub(crate) fn fetch_compiled(
        &self,
        it: &mut Interp,
        c: &Compiled,
        params: &[SqlValue],
    ) -> PyResult<Vec<Value>> {
        let rows = self.run_with(it, c, params)?;
        Ok(self.build_items(it, c, rows))
    }

    fn build_items(&self, it: &mut Interp, c: &Compiled, rows: Vec<Vec<Value>>) -> Vec<Value> {
        if self.iterable == Iterable::Model {
            let loaded = self.loaded_fields();
            return rows
                .into_iter()
                .map(|row| self.model_from_row(c, &loaded, row))
                .collect();
        }
        let names: Vec<crate::models::Name> = c.cols.iter().map(|c| c.name.clone()).collect();
        match &self.iterable {
            Iterable::Model => Vec::new(),
            Iterable::Values => rows
                .into_iter()
                .map(|row| {
                    let pairs = names.iter().cloned().zip(row).collect();
                    pyutil::str_dict(it, pairs).unwrap_or(Value::None)
                })
                .collect(),
            Iterable::ValuesList { flat: true, .. } => rows
                .into_iter()
                .map(|row| row.into_iter().next().unwrap_or(Value::None))
                .collect(),
            Iterable::ValuesList { named: true, .. } => rows
                .into_iter()
                .map(|row| {
                    let names = names.iter().map(|n| n.to_string()).collect();
                    Value::object(super::row::Row::new(names, row))
                })
                .collect(),
            Iterable::ValuesList { .. } => rows
                .into_iter()
                .map(|row| Value::Tuple(row.into()))
                .collect(),
        }
    }

    /// The concrete fields a row holds, by index: only()/defer() leave some out.
    fn loaded_fields(&self) -> Vec<usize> {
        self.ctx
            .reg
            .concrete_fields(self.model)
            .iter()
            .enumerate()
            .filter(|(_, f)| self.query.deferred.loads("", &f.name, f.primary_key))
            .map(|(i, _)| i)
            .collect()
    }

    /// One row as an instance: the model's columns, then annotations as attributes, then each
    /// `select_related()` object cached on its parent (None for a LEFT OUTER JOIN miss).
    fn model_from_row(&self, c: &Compiled, loaded: &[usize], mut row: Vec<Value>) -> Value {
        let n_all = self.ctx.reg.concrete_fields(self.model).len();
        let plain = self.query.extra_select.is_empty()
            && c.related.is_empty()
            && self.known_related.is_none()
            && loaded.len() == n_all
            && row.len() == n_all;
        if plain {
            // Every field and nothing else (the usual row): its cells become the slots as they are.
            return Instance::with_values(
                self.ctx.clone(),
                self.model,
                row.into_iter().map(Some).collect(),
            );
        }
        // Extra select columns come first and become attributes too.
        let n_extra = self.query.extra_select.len().min(row.len());
        let extra_values: Vec<Value> = row.drain(..n_extra).collect();
        let cols = &c.cols[n_extra.min(c.cols.len())..];
        // The row holds the loaded fields, in field order.
        let n_fields = loaded.len();
        let ann_end = c
            .related
            .first()
            .map(|r| r.start - n_extra)
            .unwrap_or(row.len())
            .min(row.len());
        let mut rest = row.split_off(n_fields.min(row.len()));
        let related_cols = rest.split_off((ann_end - n_fields.min(ann_end)).min(rest.len()));
        let mut slots: Vec<Option<Value>> = vec![None; n_all];
        for (i, v) in loaded.iter().zip(row) {
            slots[*i] = Some(v);
        }
        let inst = Instance::with_values(self.ctx.clone(), self.model, slots);
        if let (Some((field, owner)), Some(i)) = (&self.known_related, inst.downcast::<Instance>())
        {
            i.rel_cache
                .borrow_mut()
                .push((field.clone(), owner.clone()));
        }
        if let Some(i) = inst.downcast::<Instance>() {
            let mut attrs = i.extra.borrow_mut();
            for ((name, _), v) in self.query.extra_select.iter().zip(extra_values) {
                attrs.push((name.clone(), v));
            }
            for (v, col) in rest.into_iter().zip(cols.iter().skip(n_fields)) {
                attrs.push((str::to_owned(&col.name), v));
            }
        }
        let mut built: Vec<Value> = Vec::with_capacity(c.related.len());
        for r in &c.related {
            let from = r.start - n_extra - ann_end;
            let values: Vec<Value> = related_cols
                .get(from..from + r.len)
                .map(|s| s.to_vec())
                .unwrap_or_default();
            let m = self.ctx.reg.get(self.ctx.reg.get(r.model).concrete);
            let pk = m.fields.iter().position(|f| f.primary_key).unwrap_or(0);
            let pk_pos = r.fields.iter().position(|i| *i == pk).unwrap_or(0);
            let obj = if matches!(values.get(pk_pos), None | Some(Value::None)) {
                Value::None
            } else {
                {
                    let n = self.ctx.reg.concrete_fields(r.model).len();
                    let mut slots: Vec<Option<Value>> = vec![None; n];
                    for (i, v) in r.fields.iter().zip(values) {
                        slots[*i] = Some(v);
                    }
                    Instance::with_values(self.ctx.clone(), r.model, slots)
                }
            };
            let parent = match r.parent {
                Some(p) => built.get(p).cloned().unwrap_or(Value::None),
                None => inst.clone(),
            };
            if let Some(p) = parent.downcast::<Instance>() {
                p.rel_cache.borrow_mut().push((r.attr.clone(), obj.clone()));
            }
            if let (Some(back), Some(o)) = (&r.back_attr, obj.downcast::<Instance>()) {
                o.rel_cache
                    .borrow_mut()
                    .push((back.clone(), parent.clone()));
            }
            built.push(obj);
        }
        inst
    }

    /// The items the shell shows: `list(qs[:21])` (from the cache when evaluated) and whether
    /// there were more than 20.
    pub fn display_items(&self, it: &mut Interp) -> PyResult<(Vec<Value>, bool)> {
        let items = match self.result_cache.borrow().as_ref() {
            Some(cache) => cache
                .iter()
                .take(REPR_OUTPUT_SIZE + 1)
                .cloned()
                .collect::<Vec<_>>(),
            None => Vec::new(),
        };
        let items = if self.result_cache.borrow().is_some() {
            items
        } else {
            let mut qs = self.chain();
            qs.query
                .set_limits(Some(0), Some(REPR_OUTPUT_SIZE as u64 + 1));
            self.ctx.why_origin(|| Origin::Repr {
                low: self.query.low_mark,
                high: self.query.high_mark,
            });
            qs.fetch_all(it)?
        };
        let truncated = items.len() > REPR_OUTPUT_SIZE;
        Ok((
            items.into_iter().take(REPR_OUTPUT_SIZE).collect(),
            truncated,
        ))
    }

    fn wrap(self) -> Value {
        Value::object(self)
    }

    // ----- chainable methods -----

    /// Django's `_not_support_combined_queries` guards these after union()/intersection()/...
    fn check_combinator(&self, name: &str, it: &mut Interp) -> PyResult<()> {
        if let Some(c) = &self.query.combinator
            && NOT_AFTER_COMBINATOR.contains(&name)
        {
            let msg = format!(
                "Calling QuerySet.{name}() after {}() is not supported.",
                c.name
            );
            return Err(it.new_exception(self.ctx.exc.not_supported.clone(), msg));
        }
        Ok(())
    }

    /// The methods that return a new QuerySet made from this one ([`CHAINING`]).
    fn call_chaining(
        this: Receiver<'_>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        match name {
            "all" => {
                no_args(it, name, &args)?;
                Ok(this.chain().wrap())
            }
            "filter" => Self::filter_or_exclude(this, it, false, args),
            "exclude" => Self::filter_or_exclude(this, it, true, args),
            "order_by" => Self::order_by(this, it, args),
            "reverse" => {
                no_args(it, name, &args)?;
                if this.query.is_sliced() {
                    return Err(
                        it.type_error("Cannot reverse a query once a slice has been taken.")
                    );
                }
                let mut c = this.chain();
                c.query.standard_ordering = !c.query.standard_ordering;
                Ok(c.wrap())
            }
            "distinct" => {
                if !args.positional.is_empty() {
                    return Err(it.new_exception(
                        this.ctx.exc.not_supported.clone(),
                        "DISTINCT ON fields is not supported by this database backend",
                    ));
                }
                if this.query.is_sliced() {
                    return Err(
                        it.type_error("Cannot create distinct fields once a slice has been taken.")
                    );
                }
                let mut c = this.chain();
                c.query.distinct = true;
                Ok(c.wrap())
            }
            "none" => {
                no_args(it, name, &args)?;
                let mut c = this.chain();
                c.query.set_empty();
                Ok(c.wrap())
            }
            "values" => Self::values(this, it, args),
            "select_related" => {
                if !matches!(this.iterable, Iterable::Model) {
                    return Err(it.type_error(
                        "Cannot call select_related() after .values() or .values_list()",
                    ));
                }
                let mut c = this.chain();
                if args.positional.len() == 1 && matches!(args.positional[0], Value::None) {
                    c.query.select_related = crate::query::ir::SelectRelated::None;
                } else if args.positional.is_empty() {
                    c.query.select_related = crate::query::ir::SelectRelated::All;
                } else {
                    for name in str_args(it, &args.positional)? {
                        c.query.select_related.add(&name);
                    }
                }
                Ok(c.wrap())
            }
            "prefetch_related" => {
                let mut c = this.chain();
                for a in &args.positional {
                    match a {
                        Value::None => c.prefetch.clear(),
                        Value::Str(s) => c.prefetch.push(super::prefetch::PrefetchSpec {
                            path: str::to_owned(s),
                            queryset: None,
                            to_attr: None,
                        }),
                        other => match other.downcast::<super::prefetch::PrefetchObj>() {
                            Some(p) => c.prefetch.push(p.spec.clone()),
                            None => {
                                let r = it.repr(other)?;
                                return Err(it.type_error(format!(
                                    "'{r}' is not a string or a Prefetch object"
                                )));
                            }
                        },
                    }
                }
                Ok(c.wrap())
            }
            "only" | "defer" => {
                if !matches!(this.iterable, Iterable::Model) {
                    return Err(it.type_error(format!(
                        "Cannot call {name}() after .values() or .values_list()"
                    )));
                }
                let mut c = this.chain();
                if name == "only" && args.positional.iter().any(|a| matches!(a, Value::None)) {
                    return Err(it.type_error("Cannot pass None as an argument to only()."));
                }
                if name == "defer"
                    && args.positional.len() == 1
                    && matches!(args.positional[0], Value::None)
                {
                    c.query.deferred = crate::query::ir::Deferred::None;
                    return Ok(c.wrap());
                }
                let fields = str_args(it, &args.positional)?;
                let reg = c.ctx.reg.clone();
                let m = reg.get(reg.get(c.model).concrete);
                // Mirrors the select mask's get_field() calls: each name along a path must be a
                // field of the model the previous relation leads to.
                for f in &fields {
                    let parts: Vec<&str> = f.split("__").collect();
                    let mut model = m;
                    for (i, part) in parts.iter().enumerate() {
                        let part = if *part == "pk" {
                            model.pk().name.as_str()
                        } else {
                            part
                        };
                        let related = if let Some(x) = model
                            .fields
                            .iter()
                            .find(|x| x.name == part || &*x.attname == part)
                        {
                            Some(x.relation.as_ref().map(|r| r.to))
                        } else if let Some(x) = model.many_to_many.iter().find(|x| x.name == part) {
                            Some(Some(x.to))
                        } else {
                            model
                                .reverse
                                .iter()
                                .find(|x| x.query_name == part)
                                .map(|x| Some(x.model))
                        };
                        let Some(related) = related else {
                            return Err(it.new_exception(
                                c.ctx.exc.field_does_not_exist.clone(),
                                format!("{} has no field named '{part}'", model.name),
                            ));
                        };
                        let Some(next) = parts.get(i + 1) else {
                            break;
                        };
                        match related {
                            Some(to) => model = reg.get(reg.get(to).concrete),
                            None => {
                                return Err(c.ctx.field_error(it, next.to_string()));
                            }
                        }
                    }
                }
                let map_pk = |f: &String| {
                    if f == "pk" {
                        m.pk().name.clone()
                    } else {
                        f.clone()
                    }
                };
                let fields: Vec<String> = fields.iter().map(map_pk).collect();
                c.query.deferred = match (name, std::mem::take(&mut c.query.deferred)) {
                    ("only", _) => crate::query::ir::Deferred::Only(fields),
                    ("defer", crate::query::ir::Deferred::Defer(mut old)) => {
                        old.extend(fields);
                        crate::query::ir::Deferred::Defer(old)
                    }
                    ("defer", crate::query::ir::Deferred::Only(old)) => {
                        crate::query::ir::Deferred::Only(
                            old.into_iter().filter(|f| !fields.contains(f)).collect(),
                        )
                    }
                    _ => crate::query::ir::Deferred::Defer(fields),
                };
                Ok(c.wrap())
            }
            "annotate" => Self::annotate(this, it, args, true),
            "alias" => Self::annotate(this, it, args, false),
            "values_list" => Self::values_list(this, it, args),
            _ => Err(it.attribute_error("QuerySet", name)),
        }
    }

    pub(crate) fn filter_or_exclude(
        this: Receiver<'_>,
        it: &mut Interp,
        negate: bool,
        args: Args,
    ) -> PyResult<Value> {
        if let Some(c) = &this.query.combinator
            && (!args.positional.is_empty() || !args.keywords.is_empty() || negate)
        {
            let method = if negate { "exclude" } else { "filter" };
            let msg = format!(
                "Calling QuerySet.{method}() after {}() is not supported.",
                c.name
            );
            return Err(it.new_exception(this.ctx.exc.not_supported.clone(), msg));
        }
        if (!args.positional.is_empty() || !args.keywords.is_empty()) && this.query.is_sliced() {
            return Err(it.type_error("Cannot filter a query once a slice has been taken."));
        }
        let spans = args.keyword_spans.clone();
        let q = q_from_args(it, args)?;
        let mut clone = this.chain();
        clone.add_q(it, if negate { q.negate() } else { q }, &spans)?;
        Ok(clone.wrap())
    }

    pub fn add_q(&mut self, it: &Interp, q: QNode, spans: &[crate::syntax::Span]) -> PyResult<()> {
        if q.is_empty() {
            return Ok(());
        }
        let reg = self.ctx.reg.clone();
        self.query.add_q(&reg, &q).map_err(|e| {
            let exc = self.query_error(it, e);
            if let Some(s) = spans.first() {
                *exc.span.borrow_mut() = Some(*s);
            }
            exc
        })
    }

    fn order_by(this: Receiver<'_>, it: &mut Interp, args: Args) -> PyResult<Value> {
        if this.query.is_sliced() {
            return Err(it.type_error("Cannot reorder a query once a slice has been taken."));
        }
        let mut clone = this.chain();
        clone.query.clear_ordering(true, false);
        let mut names = Vec::new();
        let mut items: Vec<OrderItem> = Vec::new();
        for a in &args.positional {
            if let Value::Str(s) = a {
                names.push(str::to_owned(s));
                items.push(OrderItem::Name(str::to_owned(s)));
            } else if let Some(o) = a.downcast::<OrderByObj>() {
                items.push(OrderItem::Expr(o.order.clone()));
            } else if let Some(e) = a.downcast::<ExprObj>() {
                if e.expr.contains_aggregate() {
                    let msg = format!(
                        "Using an aggregate in order_by() without also including it in annotate() is not allowed: {}",
                        e.expr.repr()
                    );
                    return Err(clone.ctx.field_error(it, msg));
                }
                items.push(OrderItem::Expr(crate::query::expr::OrderBy {
                    expr: e.expr.clone(),
                    descending: false,
                    nulls_first: false,
                    nulls_last: false,
                }));
            } else {
                let r = it.repr(a)?;
                return Err(clone
                    .ctx
                    .field_error(it, format!("Invalid order_by arguments: [{r}]")));
            }
        }
        for n in &names {
            let bare = n.strip_prefix('-').unwrap_or(n);
            if bare == "?" || clone.query.annotations.iter().any(|(a, _)| a == bare) {
                continue;
            }
            let parts: Vec<&str> = crate::query::path::lookup_parts(bare).collect();
            crate::query::path::names_to_path(&clone.ctx.reg, &parts, clone.model, false, &[])
                .map_err(|e| clone.query_error(it, e))?;
        }
        if names.is_empty() {
            clone.query.default_ordering = false;
        }
        std::rc::Rc::make_mut(&mut clone.query.order_by).extend(items);
        Ok(clone.wrap())
    }

    /// Mirrors `QuerySet.values(*fields, **expressions)`: the expressions are annotated first
    /// and selected after the named fields.
    fn values(this: Receiver<'_>, it: &mut Interp, args: Args) -> PyResult<Value> {
        let mut fields = str_args(it, &args.positional)?;
        if args.keywords.is_empty() {
            return Self::set_values(this, it, fields, Iterable::Values);
        }
        fields.extend(args.keywords.iter().map(|(k, _)| str::to_owned(k)));
        let annotated = Self::annotate(
            this,
            it,
            Args {
                positional: Vec::new(),
                keywords: args.keywords,
                positional_spans: Vec::new(),
                keyword_spans: Vec::new(),
            },
            true,
        )?;
        match annotated.downcast::<QuerySet>() {
            Some(qs) => Self::set_values(Receiver::Shared(qs), it, fields, Iterable::Values),
            None => Ok(annotated),
        }
    }

    fn values_list(this: Receiver<'_>, it: &mut Interp, args: Args) -> PyResult<Value> {
        const SPEC: ArgSpec = ArgSpec {
            func: "values_list",
            params: &[],
            required: 0,
            kwonly: &["flat", "named"],
            varargs: true,
            varkw: false,
        };
        let b = SPEC.bind(it, args)?;
        let flat = match b.kwonly[0].as_ref() {
            Some(v) => it.truthy(v)?,
            None => false,
        };
        let named = match b.kwonly[1].as_ref() {
            Some(v) => it.truthy(v)?,
            None => false,
        };
        if flat && named {
            return Err(it.type_error("'flat' and 'named' can't be used together."));
        }
        if flat && b.varargs.len() > 1 {
            return Err(it.type_error(
                "'flat' is not valid when values_list is called with more than one field.",
            ));
        }
        // Expressions, and a field name given again, are annotated under a numbered name
        // (`lower1`, `title1`), as Django's values_list() does.
        let mut field_names: Vec<(String, bool)> = Vec::new();
        for v in &b.varargs {
            if let Value::Str(s) = v
                && !field_names.iter().any(|(n, _)| n.as_str() == &**s)
            {
                field_names.push((str::to_owned(s), false));
            }
        }
        let mut fields: Vec<String> = Vec::new();
        let mut expressions: Vec<(Rc<str>, Value)> = Vec::new();
        let mut counter = 1;
        for v in &b.varargs {
            let (mut name, mut expression, seen) = match v {
                Value::Str(s) => {
                    let seen = field_names
                        .iter()
                        .any(|(n, seen)| n.as_str() == &**s && *seen);
                    (str::to_owned(s), None, seen)
                }
                other => match other.downcast::<ExprObj>() {
                    Some(e) => {
                        let name = match &e.expr {
                            crate::query::Expr::Aggregate { .. } => match e.expr.default_alias() {
                                Some(a) => a,
                                None => {
                                    return Err(
                                        it.type_error("Complex expressions require an alias")
                                    );
                                }
                            },
                            _ => other.type_name().to_lowercase(),
                        };
                        (name, Some(other.clone()), true)
                    }
                    None => {
                        let t = other.type_name();
                        return Err(it.type_error(format!("expected str, got {t}")));
                    }
                },
            };
            if seen && expression.is_none() {
                expression = Some(super::expressions::expr_value(crate::query::Expr::F(
                    name.clone(),
                )));
            }
            if seen {
                let prefix = name.clone();
                loop {
                    name = format!("{prefix}{counter}");
                    if !field_names.iter().any(|(n, _)| *n == name) {
                        break;
                    }
                    counter += 1;
                }
            }
            if let Some(e) = expression {
                expressions.push((name.as_str().into(), e));
            }
            match field_names.iter_mut().find(|(n, _)| *n == name) {
                Some(entry) => entry.1 = true,
                None => field_names.push((name.clone(), true)),
            }
            fields.push(name);
        }
        let iterable = Iterable::ValuesList { flat, named };
        if expressions.is_empty() {
            return Self::set_values(this, it, fields, iterable);
        }
        let annotated = Self::annotate(
            this,
            it,
            Args {
                positional: Vec::new(),
                keywords: expressions,
                positional_spans: Vec::new(),
                keyword_spans: Vec::new(),
            },
            true,
        )?;
        match annotated.downcast::<QuerySet>() {
            Some(qs) => Self::set_values(Receiver::Shared(qs), it, fields, iterable),
            None => Ok(annotated),
        }
    }

    /// Mirrors `QuerySet.annotate` / `alias`: each expression is resolved now (its joins
    /// join the query); an aggregate makes the query grouped.
    fn annotate(this: Receiver<'_>, it: &mut Interp, args: Args, select: bool) -> PyResult<Value> {
        let method = if select { "annotate" } else { "alias" };
        let mut anns: Vec<(String, crate::query::Expr)> = Vec::new();
        for a in &args.positional {
            let Some(e) = a.downcast::<ExprObj>() else {
                let r = it.str(a)?;
                return Err(it.type_error(format!(
                    "QuerySet.{method}() received non-expression(s): {r}."
                )));
            };
            match e.expr.default_alias() {
                Some(alias) => anns.push((alias, e.expr.clone())),
                None => return Err(it.type_error("Complex annotations require an alias")),
            }
        }
        for (k, v) in &args.keywords {
            match v.downcast::<ExprObj>() {
                Some(e) => anns.push((str::to_owned(k), e.expr.clone())),
                None => {
                    let r = it.str(v)?;
                    return Err(it.type_error(format!(
                        "QuerySet.{method}() received non-expression(s): {r}."
                    )));
                }
            }
        }
        let mut clone = this.chain();
        let reg = clone.ctx.reg.clone();
        for (alias, e) in anns {
            if reg.is_lookup_choice(clone.model, &alias) {
                return Err(it.value_error(format!(
                    "The annotation '{alias}' conflicts with a field on the model."
                )));
            }
            let resolved = crate::query::expr::resolve(&mut clone.query, &reg, &e, true)
                .map_err(|err| clone.query_error(it, err))?;
            if resolved.contains_aggregate() {
                clone.query.group_by = match &clone.query.select {
                    // After values(), Django's set_group_by() fixes the grouping to the selected
                    // columns now, so a later values() that drops them still groups by them.
                    SelectKind::Values { cols, .. } => GroupBy::Exprs(
                        cols.iter()
                            .filter_map(|(_, c)| match c {
                                ValueCol::Col(c) => Some(crate::query::Expr::Col(c.clone())),
                                ValueCol::Annotation => None,
                            })
                            // set_group_by() groups by a selected window by its alias, not by
                            // what it partitions and orders by.
                            .chain(clone.query.annotations.iter().filter_map(|(n, e)| match e {
                                crate::query::Expr::Window(w)
                                    if w.has_group_by_cols()
                                        && clone.query.annotation_select.contains(n) =>
                                {
                                    Some(e.clone())
                                }
                                _ => None,
                            }))
                            .collect(),
                    ),
                    _ => GroupBy::All,
                };
            }
            std::rc::Rc::make_mut(&mut clone.query.annotations).retain(|(n, _)| *n != alias);
            std::rc::Rc::make_mut(&mut clone.query.annotations).push((alias.clone(), resolved));
            clone.query.annotation_select.retain(|n| *n != alias);
            if select {
                clone.query.annotation_select.push(alias);
            }
        }
        Ok(clone.wrap())
    }

    /// Mirrors `QuerySet.aggregate` / `Query.get_aggregation` (the plain case: no slicing,
    /// distinct or existing aggregate annotations).
    fn aggregate(&self, it: &mut Interp, args: Args) -> PyResult<Value> {
        // `_validate_values_are_expressions`: plain values are named, sorted, in one message.
        let mut invalid = Vec::new();
        for v in args
            .positional
            .iter()
            .chain(args.keywords.iter().map(|(_, v)| v))
        {
            if v.downcast::<ExprObj>().is_none() && v.downcast::<super::q::QObj>().is_none() {
                invalid.push(it.str(v)?.to_string());
            }
        }
        if !invalid.is_empty() {
            invalid.sort();
            return Err(it.type_error(format!(
                "QuerySet.aggregate() received non-expression(s): {}.",
                invalid.join(", ")
            )));
        }
        if args.positional.is_empty() && args.keywords.is_empty() {
            return pyutil::str_dict(it, Vec::<(String, Value)>::new());
        }
        let mut aggs: Vec<(String, crate::query::Expr)> = Vec::new();
        for a in &args.positional {
            let e = to_expr(it, a)?;
            match e.default_alias() {
                Some(alias) => aggs.push((alias, e)),
                None => return Err(it.type_error("Complex aggregates require an alias")),
            }
        }
        for (k, v) in &args.keywords {
            aggs.push((str::to_owned(k), to_expr(it, v)?));
        }
        for (alias, e) in &aggs {
            if !e.contains_aggregate() {
                return Err(it.type_error(format!("{alias} is not an aggregate expression")));
            }
        }
        let mut q = self.query.clone();
        let reg = self.ctx.reg.clone();
        // Django's `refs_window`: an aggregate over a window annotation (`Max("rn")`).
        let refs_window = aggs.iter().any(|(_, e)| {
            let mut names = Vec::new();
            crate::query::expr::referenced_names(e, &mut names);
            names.iter().any(|n| {
                q.annotations
                    .iter()
                    .any(|(a, ann)| a == n && ann.contains_over_clause())
            })
        });
        if q.is_sliced()
            || q.distinct
            || q.combinator.is_some()
            || q.annotations.iter().any(|(_, e)| e.contains_aggregate())
            || q.where_.contains_aggregate()
            || q.where_.contains_over_clause()
            || refs_window
        {
            return self.aggregate_via_subquery(it, aggs);
        }
        let mut empty: Vec<Value> = Vec::new();
        let mut summary: Vec<&str> = Vec::new();
        let before_select = q.annotation_select.clone();
        for (alias, e) in &aggs {
            // Summarized aggregates cannot refer to summarized aggregates.
            let mut refs = Vec::new();
            crate::query::expr::referenced_names(e, &mut refs);
            if let (Some(r), crate::query::Expr::Aggregate { func, .. }) =
                (refs.iter().find(|r| summary.contains(&r.as_str())), e)
            {
                let msg = format!(
                    "Cannot compute {}('{r}'): '{r}' is an aggregate",
                    func.name()
                );
                return Err(self.query_error(it, QueryError::field_error(msg)));
            }
            q.annotation_select = before_select.clone();
            q.annotation_select
                .extend(summary.iter().map(|s| s.to_string()));
            let mut resolved = crate::query::expr::resolve_summary(&mut q, &reg, e, true, true)
                .map_err(|err| self.query_error(it, err))?;
            crate::query::expr::inline_refs(&mut resolved);
            summary.push(alias);
            std::rc::Rc::make_mut(&mut q.annotations).retain(|(n, _)| n != alias);
            std::rc::Rc::make_mut(&mut q.annotations).push((alias.clone(), resolved));
            empty.push(match e {
                crate::query::Expr::Aggregate {
                    func: crate::query::expr::AggFunc::Count,
                    ..
                } => Value::Int(0),
                crate::query::Expr::Aggregate {
                    default: Some(d), ..
                } => match d.as_ref() {
                    crate::query::Expr::Value(v) => super::convert::filter_value_to_value(v),
                    _ => Value::None,
                },
                _ => Value::None,
            });
        }
        q.annotation_select = aggs.iter().map(|(a, _)| a.clone()).collect();
        q.select = SelectKind::Annotations;
        q.clear_ordering(true, true);
        q.low_mark = 0;
        q.high_mark = None;
        let qs = QuerySet {
            query: q,
            ..self.chain()
        };
        let row = match qs.compile(it)? {
            None => empty,
            Some(c) => qs.run(it, &c)?.into_iter().next().unwrap_or_default(),
        };
        let pairs: Vec<(String, Value)> = aggs.into_iter().map(|(a, _)| a).zip(row).collect();
        pyutil::str_dict(it, pairs)
    }

    /// Mirrors `Query.get_aggregation`'s subquery branch: the inner query selects what the
    /// aggregates read (`__col1`, or the annotations they name), the outer one aggregates it.
    fn aggregate_via_subquery(
        &self,
        it: &mut Interp,
        aggs: Vec<(String, crate::query::Expr)>,
    ) -> PyResult<Value> {
        let pairs = self.aggregate_row_via_subquery(it, aggs)?;
        pyutil::str_dict(it, pairs)
    }

    fn aggregate_row_via_subquery(
        &self,
        it: &mut Interp,
        aggs: Vec<(String, crate::query::Expr)>,
    ) -> PyResult<Vec<(String, Value)>> {
        use crate::query::Expr;
        let reg = self.ctx.reg.clone();
        let mut inner = self.query.clone();
        inner.clear_ordering(false, true);
        // Django's `has_existing_aggregation`: aggregate annotations, or a HAVING condition.
        let existing = inner
            .annotations
            .iter()
            .any(|(_, e)| e.contains_aggregate())
            || inner.where_.contains_aggregate();
        if !inner.distinct
            && inner.combinator.is_none()
            && matches!(inner.select, SelectKind::Model)
        {
            let m = reg.get(reg.get(self.model).concrete);
            if existing {
                let alias = inner.get_initial_alias(&m.db_table);
                let pk = m.fields.iter().position(|f| f.primary_key).unwrap_or(0);
                inner.group_by = GroupBy::Exprs(vec![Expr::Col(Col {
                    alias,
                    column: m.fields[pk].column.clone(),
                    model: m.concrete,
                    field: pk,
                })]);
            }
            inner.select = SelectKind::Annotations;
        }
        // Filtering against a window keeps every selected annotation (no re-aliasing).
        let qualify = inner.where_.contains_over_clause();
        if !inner.distinct && inner.combinator.is_none() && !qualify {
            // Keep the annotations that shape the grouping (those with columns); aggregates only
            // when an outer aggregate refers to them (added below).
            inner.annotation_select.retain(|n| {
                inner
                    .annotations
                    .iter()
                    .any(|(a, e)| a == n && !e.contains_aggregate() && !matches!(e, Expr::Value(_)))
            });
        }
        let mut outer = Vec::new();
        let mut n = 0;
        for (alias, e) in aggs {
            let Expr::Aggregate {
                func,
                arg,
                distinct,
                filter,
                filter_where,
                default,
            } = e
            else {
                continue;
            };
            let new_arg = match arg.as_ref() {
                Expr::Star => Expr::Star,
                Expr::F(name) if inner.annotations.iter().any(|(a, _)| a == name) => {
                    let ann = inner
                        .annotations
                        .iter()
                        .find(|(a, _)| a == name)
                        .map(|(_, e)| e.clone())
                        .unwrap_or(Expr::Star);
                    if !inner.annotation_select.contains(name) {
                        inner.annotation_select.push(name.clone());
                    }
                    Expr::Ref(name.clone(), Box::new(ann))
                }
                other => {
                    let resolved = crate::query::expr::resolve(&mut inner, &reg, other, true)
                        .map_err(|err| self.query_error(it, err))?;
                    n += 1;
                    let col_alias = format!("__col{n}");
                    std::rc::Rc::make_mut(&mut inner.annotations)
                        .push((col_alias.clone(), resolved.clone()));
                    inner.annotation_select.push(col_alias.clone());
                    Expr::Ref(col_alias, Box::new(resolved))
                }
            };
            outer.push((
                alias,
                Expr::Aggregate {
                    func,
                    arg: Box::new(new_arg),
                    distinct,
                    filter,
                    filter_where,
                    default,
                },
            ));
        }
        if matches!(inner.select, SelectKind::Annotations) && inner.annotation_select.is_empty() {
            let m = reg.get(reg.get(self.model).concrete);
            let alias = inner.get_initial_alias(&m.db_table);
            let pk = m.fields.iter().position(|f| f.primary_key).unwrap_or(0);
            let col = Col {
                alias,
                column: m.fields[pk].column.clone(),
                model: m.concrete,
                field: pk,
            };
            inner.select = SelectKind::Values {
                cols: vec![("pk".into(), ValueCol::Col(col))],
                aliased: false,
            };
        }
        let compiled = crate::sql::compiler::compile_aggregate_subquery(&inner, &outer, &reg)
            .map_err(|err| self.query_error(it, err))?;
        let row: Vec<Value> = match compiled {
            None => outer
                .iter()
                .map(|(_, e)| {
                    if matches!(
                        e,
                        Expr::Aggregate {
                            func: crate::query::expr::AggFunc::Count,
                            ..
                        }
                    ) {
                        Value::Int(0)
                    } else {
                        Value::None
                    }
                })
                .collect(),
            Some(c) => self.run(it, &c)?.into_iter().next().unwrap_or_default(),
        };
        Ok(outer.into_iter().map(|(a, _)| a).zip(row).collect())
    }

    /// Mirrors `QuerySet.union` / `intersection` / `difference` and `_combinator_query`.
    fn combine(&self, it: &mut Interp, name: &str, args: Args) -> PyResult<Value> {
        let spec = ArgSpec {
            func: name,
            params: &[],
            required: 0,
            kwonly: &["all"],
            varargs: true,
            varkw: false,
        };
        let b = spec.bind(it, args)?;
        let all = match &b.kwonly[0] {
            Some(v) => it.truthy(v)?,
            None => false,
        };
        let mut others: Vec<&QuerySet> = Vec::new();
        for v in &b.varargs {
            match v.downcast::<QuerySet>() {
                Some(q) => others.push(q),
                None => {
                    let t = v.type_name();
                    return Err(it.attribute_error(&t, "query"));
                }
            }
        }
        let name: &'static str = match name {
            "union" => "union",
            "intersection" => "intersection",
            _ => "difference",
        };
        if self.query.is_empty() {
            match name {
                "union" => {
                    let rest: Vec<&QuerySet> = others
                        .iter()
                        .copied()
                        .filter(|q| !q.query.is_empty())
                        .collect();
                    return Ok(match rest.split_first() {
                        None => self.chain().wrap(),
                        Some((first, [])) => first.chain().wrap(),
                        Some((first, tail)) => first.combinator_query(name, tail, all).wrap(),
                    });
                }
                _ => return Ok(self.chain().wrap()),
            }
        }
        if name == "intersection"
            && let Some(empty) = others.iter().find(|q| q.query.is_empty())
        {
            return Ok(empty.chain().wrap());
        }
        Ok(self.combinator_query(name, &others, all).wrap())
    }

    fn combinator_query(&self, name: &'static str, others: &[&QuerySet], all: bool) -> QuerySet {
        let mut clone = self.chain();
        clone.query.clear_ordering(true, true);
        clone.query.low_mark = 0;
        clone.query.high_mark = None;
        let mut parts = vec![Query::clone(&self.query)];
        parts.extend(others.iter().map(|q| Query::clone(&q.query)));
        clone.query.combinator = Some(Box::new(crate::query::ir::Combinator { name, all, parts }));
        clone
    }

    // ----- methods that run queries -----

    fn count(&self, it: &mut Interp) -> PyResult<Value> {
        if let Some(cache) = self.result_cache.borrow().as_ref() {
            return Ok(Value::Int(cache.len() as i64));
        }
        let mut q = self.query.clone();
        if q.is_sliced() || q.distinct || q.combinator.is_some() {
            return self.count_subquery(it);
        }
        // `get_count` is `get_aggregation({"__count": Count("*")})`: over existing aggregate
        // annotations (or a values().annotate() grouping) it counts the grouped rows.
        if q.annotations.iter().any(|(_, e)| e.contains_aggregate())
            || q.where_.contains_aggregate()
            || q.where_.contains_over_clause()
        {
            let count_star = crate::query::Expr::Aggregate {
                func: crate::query::expr::AggFunc::Count,
                arg: Box::new(crate::query::Expr::Star),
                distinct: false,
                filter: None,
                filter_where: None,
                default: None,
            };
            let row = self.aggregate_row_via_subquery(it, vec![("__count".into(), count_star)])?;
            return Ok(row
                .into_iter()
                .next()
                .map(|(_, v)| v)
                .unwrap_or(Value::Int(0)));
        }
        q.select = SelectKind::Count;
        q.clear_ordering(true, true);
        let qs = QuerySet {
            query: q,
            ..self.chain()
        };
        match qs.compile(it)? {
            None => Ok(Value::Int(0)),
            Some(c) => {
                let params: Vec<_> = c.params.iter().map(param_to_sql).collect();
                let rows = self
                    .ctx
                    .run_query_for(self.cause.as_ref(), &c.sql, &params)
                    .map_err(|e| self.ctx.db_exception(it, &e))?;
                Ok(match rows.first().and_then(|r| r.first()) {
                    Some(crate::db::SqlValue::Integer(n)) => Value::Int(*n),
                    _ => Value::Int(0),
                })
            }
        }
    }

    /// Mirrors `Query.get_aggregation`'s subquery branch for `Count("*")`.
    fn count_subquery(&self, it: &mut Interp) -> PyResult<Value> {
        let mut inner = self.query.clone();
        inner.clear_ordering(false, true);
        if !inner.distinct
            && inner.combinator.is_none()
            && matches!(inner.select, SelectKind::Model)
        {
            let reg = self.ctx.reg.clone();
            let m = reg.get(reg.get(self.model).concrete);
            let alias = inner.get_initial_alias(&m.db_table);
            let pk = m.fields.iter().position(|f| f.primary_key).unwrap_or(0);
            let col = Col {
                alias,
                column: m.fields[pk].column.clone(),
                model: m.concrete,
                field: pk,
            };
            inner.select = SelectKind::Values {
                cols: vec![("pk".into(), ValueCol::Col(col))],
                aliased: false,
            };
        }
        let compiled = crate::sql::compile_count_subquery(&inner, &self.ctx.reg)
            .map_err(|e| self.query_error(it, e))?;
        match compiled {
            None => Ok(Value::Int(0)),
            Some(c) => {
                if self.ctx.why_on() {
                    let note = crate::sql::why::count_subquery_note();
                    self.ctx.set_why_notes(&c.sql, vec![note]);
                }
                let params: Vec<_> = c.params.iter().map(param_to_sql).collect();
                let rows = self
                    .ctx
                    .run_query_for(self.cause.as_ref(), &c.sql, &params)
                    .map_err(|e| self.ctx.db_exception(it, &e))?;
                Ok(match rows.first().and_then(|r| r.first()) {
                    Some(crate::db::SqlValue::Integer(n)) => Value::Int(*n),
                    _ => Value::Int(0),
                })
            }
        }
    }

    pub(crate) fn exists(&self, it: &mut Interp) -> PyResult<Value> {
        if let Some(cache) = self.result_cache.borrow().as_ref() {
            return Ok(Value::Bool(!cache.is_empty()));
        }
        let mut q = self.query.clone();
        if q.group_by == GroupBy::All {
            self.group_by_concrete_fields(&mut q);
        }
        q.select = SelectKind::Exists;
        q.clear_ordering(true, true);
        q.set_limits(None, Some(1));
        let qs = QuerySet {
            query: q,
            ..self.chain()
        };
        match qs.compile(it)? {
            None => Ok(Value::Bool(false)),
            Some(c) => Ok(Value::Bool(!qs.run(it, &c)?.is_empty())),
        }
    }

    /// `Query.exists()` on an aggregated model query: the SELECT list is about to be cleared,
    /// so the implicit GROUP BY becomes explicit — every concrete column, then the
    /// non-aggregate annotations.
    fn group_by_concrete_fields(&self, q: &mut crate::query::ir::Query) {
        use crate::query::Expr;
        let reg = self.ctx.reg.clone();
        let m = reg.get(reg.get(self.model).concrete);
        let alias = q.get_initial_alias(&m.db_table);
        let mut exprs: Vec<Expr> = m
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                Expr::Col(Col {
                    alias: alias.clone(),
                    column: f.column.clone(),
                    model: m.concrete,
                    field: i,
                })
            })
            .collect();
        for (name, e) in q.annotations.iter() {
            if q.annotation_select.contains(name)
                && !e.contains_aggregate()
                && !matches!(e, Expr::Value(_))
            {
                exprs.push(e.clone());
            }
        }
        q.group_by = GroupBy::Exprs(exprs);
    }

    fn get(&self, it: &mut Interp, args: Args) -> PyResult<Value> {
        if let Some(c) = &self.query.combinator
            && (!args.positional.is_empty() || !args.keywords.is_empty())
        {
            let msg = format!(
                "Calling QuerySet.get(...) with filters after {}() is not supported.",
                c.name
            );
            return Err(it.new_exception(self.ctx.exc.not_supported.clone(), msg));
        }
        let filtered = Self::filter_or_exclude(Receiver::Shared(self), it, false, args)?;
        let Some(qs) = filtered.downcast::<QuerySet>() else {
            return Err(it.runtime_error("get() lost its QuerySet"));
        };
        let clone = qs.for_get();
        self.ctx.why_origin(|| Origin::Get);
        let items = clone.fetch_all(it)?;
        self.the_one(it, items)
    }

    /// The QuerySet `get()` runs once filtered: unordered (unless sliced), at most
    /// `MAX_GET_RESULTS` rows.
    pub(crate) fn for_get(&self) -> QuerySet {
        let mut clone = self.chain();
        if !clone.query.is_sliced() {
            clone.query.clear_ordering(true, false);
            clone.query.default_ordering = false;
        }
        clone.query.set_limits(None, Some(MAX_GET_RESULTS));
        clone
    }

    /// `get()`'s answer for the rows it fetched: the one object, or DoesNotExist /
    /// MultipleObjectsReturned.
    pub(crate) fn the_one(&self, it: &mut Interp, items: Vec<Value>) -> PyResult<Value> {
        let name = self.model_name();
        match items.len() {
            1 => Ok(items.into_iter().next().unwrap_or(Value::None)),
            0 => Err(it.new_exception(
                self.ctx.exc.does_not_exist[self.model].clone(),
                format!("{name} matching query does not exist."),
            )),
            n => {
                let shown = if (n as u64) < MAX_GET_RESULTS {
                    n.to_string()
                } else {
                    format!("more than {}", MAX_GET_RESULTS - 1)
                };
                Err(it.new_exception(
                    self.ctx.exc.multiple_returned[self.model].clone(),
                    format!("get() returned more than one {name} -- it returned {shown}!"),
                ))
            }
        }
    }

    /// Mirrors `QuerySet.latest` / `earliest` (`_earliest`): order by the fields (or
    /// `Meta.get_latest_by`), take one row with `get()`.
    fn earliest_or_latest(&self, it: &mut Interp, args: Args, latest: bool) -> PyResult<Value> {
        if self.query.is_sliced() {
            return Err(it.type_error("Cannot change a query once a slice has been taken."));
        }
        let mut fields = str_args(it, &args.positional)?;
        if fields.is_empty() {
            fields = self.ctx.reg.get(self.model).meta.get_latest_by.clone();
        }
        if fields.is_empty() {
            return Err(it.value_error(
                "earliest() and latest() require either fields as positional arguments or 'get_latest_by' in the model's Meta.",
            ));
        }
        let mut obj = self.chain();
        if latest {
            obj.query.standard_ordering = !obj.query.standard_ordering;
        }
        obj.query.set_limits(None, Some(1));
        obj.query.clear_ordering(true, true);
        obj.query.default_ordering = true;
        obj.query.order_by = std::rc::Rc::new(fields.into_iter().map(OrderItem::Name).collect());
        obj.get(it, Args::default())
    }

    /// Mirrors `QuerySet.ordered`.
    pub fn is_ordered(&self) -> bool {
        self.query.is_empty()
            || !self.query.order_by.is_empty()
            || (self.query.default_ordering
                && !self.ctx.reg.get(self.model).meta.ordering.is_empty())
    }

    fn first_or_last(&self, it: &mut Interp, last: bool) -> PyResult<Value> {
        let ordered = self.is_ordered();
        let qs = if ordered {
            let mut c = self.chain();
            if last {
                c.query.standard_ordering = !c.query.standard_ordering;
            }
            c
        } else {
            let mut c = self.chain();
            c.query.clear_ordering(true, false);
            std::rc::Rc::make_mut(&mut c.query.order_by).push(OrderItem::Name(if last {
                "-pk".into()
            } else {
                "pk".into()
            }));
            c
        };
        let mut qs = qs;
        if last && qs.query.is_sliced() {
            return Err(it.type_error("Cannot reverse a query once a slice has been taken."));
        }
        qs.query.set_limits(Some(0), Some(1));
        self.ctx.why_origin(|| {
            if last {
                Origin::Last { ordered }
            } else {
                Origin::First { ordered }
            }
        });
        Ok(qs.fetch_all(it)?.into_iter().next().unwrap_or(Value::None))
    }

    fn getitem(this: Receiver<'_>, it: &mut Interp, key: Subscript) -> PyResult<Value> {
        match key {
            Subscript::Index(Value::Int(k)) => {
                if k < 0 {
                    return Err(it.value_error("Negative indexing is not supported."));
                }
                if let Some(cache) = this.result_cache.borrow().as_ref() {
                    return cache
                        .get(k as usize)
                        .cloned()
                        .ok_or_else(|| it.index_error("list index out of range"));
                }
                let mut qs = this.chain();
                qs.query.set_limits(Some(k as u64), Some(k as u64 + 1));
                qs.ctx.why_origin(|| Origin::Index(k as u64));
                let items = qs.fetch_all(it)?;
                items
                    .into_iter()
                    .next()
                    .ok_or_else(|| it.index_error("list index out of range"))
            }
            Subscript::Index(Value::Bool(b)) => {
                Self::getitem(this, it, Subscript::Index(Value::Int(b as i64)))
            }
            Subscript::Index(other) => Err(it.type_error(format!(
                "QuerySet indices must be integers or slices, not {}.",
                other.type_name()
            ))),
            Subscript::Slice(start, stop, step) => {
                let as_int = |it: &mut Interp, v: &Option<Value>| -> PyResult<Option<i64>> {
                    match v {
                        None | Some(Value::None) => Ok(None),
                        Some(Value::Int(i)) => Ok(Some(*i)),
                        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
                        Some(_) => Err(it.type_error(
                            "slice indices must be integers or None or have an __index__ method",
                        )),
                    }
                };
                let (start, stop, step) =
                    (as_int(it, &start)?, as_int(it, &stop)?, as_int(it, &step)?);
                if start.is_some_and(|s| s < 0) || stop.is_some_and(|s| s < 0) {
                    return Err(it.value_error("Negative indexing is not supported."));
                }
                if let Some(cache) = this.result_cache.borrow().as_ref() {
                    return Ok(pyutil::list(pyutil::slice_vec(cache, start, stop, step)));
                }
                let mut qs = this.chain();
                qs.query
                    .set_limits(start.map(|s| s as u64), stop.map(|s| s as u64));
                if let Some(step) = step {
                    let items = qs.fetch_all(it)?;
                    return Ok(pyutil::list(pyutil::slice_vec(
                        &items,
                        None,
                        None,
                        Some(step),
                    )));
                }
                Ok(qs.wrap())
            }
        }
    }

    /// Django's `QuerySet.__repr__`.
    pub fn repr_text(&self, it: &mut Interp) -> PyResult<String> {
        let (items, truncated) = self.display_items(it)?;
        let mut parts = Vec::with_capacity(items.len() + 1);
        for v in &items {
            parts.push(it.repr(v)?);
        }
        if truncated {
            parts.push("'...(remaining elements truncated)...'".into());
        }
        Ok(format!("<QuerySet [{}]>", parts.join(", ")))
    }

    /// `str(qs.query)`: the SQL with parameters substituted Python's `%` way (no quoting).
    pub fn query_text(&self, it: &mut Interp) -> PyResult<String> {
        match self.compile(it)? {
            None => Err(it.new_exception(self.ctx.exc.empty_result_set.clone(), "")),
            Some(c) => {
                let args: Vec<String> = c.params.iter().map(super::display::param_str).collect();
                crate::db::python_percent_format(&c.sql, &args).map_err(|e| it.type_error(e))
            }
        }
    }
}

fn str_args(it: &mut Interp, vals: &[Value]) -> PyResult<Vec<String>> {
    let mut out = Vec::new();
    for v in vals {
        match v {
            Value::Str(s) => out.push(str::to_owned(s)),
            other => {
                let t = other.type_name();
                return Err(it.type_error(format!("expected str, got {t}")));
            }
        }
    }
    Ok(out)
}

/// Whether `name` is a QuerySet method ([`QUERYSET_METHODS`], the read methods of
/// `queryset_more` and the write methods): asked on every call through a manager or a QuerySet,
/// so answered from a set made once.
pub fn is_queryset_method(name: &str) -> bool {
    type Names = std::collections::HashSet<&'static str, foldhash::fast::FixedState>;
    static NAMES: std::sync::OnceLock<Names> = std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            QUERYSET_METHODS
                .iter()
                .chain(super::queryset_more::MORE_METHODS)
                .chain(super::write::QS_METHODS)
                .copied()
                .collect()
        })
        .contains(name)
}

/// QuerySet methods the shell completes and managers forward.
pub const QUERYSET_METHODS: &[&str] = &[
    "all",
    "filter",
    "exclude",
    "get",
    "first",
    "last",
    "latest",
    "earliest",
    "count",
    "exists",
    "order_by",
    "reverse",
    "distinct",
    "none",
    "values",
    "values_list",
    "annotate",
    "alias",
    "aggregate",
    "select_related",
    "prefetch_related",
    "only",
    "defer",
    "union",
    "intersection",
    "difference",
    "in_bulk",
    "dates",
    "datetimes",
    "iterator",
    "explain",
];

/// A method that takes no arguments, such as `all()` or `count()`: Python's TypeError otherwise.
fn no_args(it: &mut Interp, name: &str, args: &Args) -> PyResult<()> {
    ArgSpec::simple(name, &[], 0)
        .bind(it, args.clone())
        .map(|_| ())
}

/// The methods that make a new QuerySet from this one ([`QuerySet::call_chaining`]): they can
/// take over a receiver nothing else refers to instead of copying it.
const CHAINING: &[&str] = &[
    "all",
    "filter",
    "exclude",
    "order_by",
    "reverse",
    "distinct",
    "none",
    "values",
    "values_list",
    "annotate",
    "alias",
    "select_related",
    "prefetch_related",
    "only",
    "defer",
];

/// Methods Django refuses on a combined (union/intersection/difference) QuerySet.
const NOT_AFTER_COMBINATOR: &[&str] = &[
    "annotate",
    "alias",
    "distinct",
    "only",
    "defer",
    "select_related",
    "extra",
    "update",
    "delete",
];

impl Object for QuerySet {
    fn type_name(&self) -> String {
        "QuerySet".into()
    }

    fn repr(&self, it: &mut Interp) -> PyResult<String> {
        self.repr_text(it)
    }

    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(match name {
            "query" => Some(Value::object(QueryRepr { qs: self.chain() })),
            "model" => Some(self.ctx.class_of(self.model)),
            "ordered" => Some(Value::Bool(self.is_ordered())),
            _ => {
                let _ = it;
                None
            }
        })
    }

    fn has_method(&self, name: &str) -> bool {
        name == "raw" || is_queryset_method(name)
    }

    fn consumed_by(&self, name: &str) -> bool {
        name == "__getitem__" || CHAINING.contains(&name)
    }

    fn call_method_owned(
        self: Rc<Self>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        match Rc::try_unwrap(self) {
            Ok(qs) => {
                qs.check_combinator(name, it)?;
                Self::call_chaining(Receiver::Owned(qs), name, args, it)
            }
            Err(shared) => {
                let me: Rc<dyn Object> = shared.clone();
                shared.call_method(&me, name, args, it)
            }
        }
    }

    fn call_method(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        self.check_combinator(name, it)?;
        if CHAINING.contains(&name) {
            return Self::call_chaining(Receiver::Shared(self), name, args, it);
        }
        match name {
            "get" => self.get(it, args),
            "first" => {
                no_args(it, name, &args)?;
                self.first_or_last(it, false)
            }
            "latest" => self.earliest_or_latest(it, args, true),
            "earliest" => self.earliest_or_latest(it, args, false),
            "last" => {
                no_args(it, name, &args)?;
                self.first_or_last(it, true)
            }
            "count" => {
                no_args(it, name, &args)?;
                self.count(it)
            }
            "exists" => {
                no_args(it, name, &args)?;
                self.exists(it)
            }
            "union" | "intersection" | "difference" => self.combine(it, name, args),
            // QuerySet.raw(): a RawQuerySet of the model; the QuerySet's filters do not apply.
            "raw" => super::raw::new_raw(self.ctx.clone(), self.model, it, args),
            "aggregate" => self.aggregate(it, args),
            n if super::queryset_more::MORE_METHODS.contains(&n) => self.call_more(it, n, args),
            n if super::write::QS_METHODS.contains(&n) => {
                super::write::call_queryset(self, it, n, args)
            }
            _ => Err(it.attribute_error("QuerySet", name)),
        }
    }

    fn iter(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<Vec<Value>> {
        self.fetch_all(it)
    }

    fn len(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<usize> {
        Ok(self.fetch_all(it)?.len())
    }

    fn truthy(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<bool> {
        Ok(!self.fetch_all(it)?.is_empty())
    }

    fn get_item(&self, _me: &Rc<dyn Object>, key: Subscript, it: &mut Interp) -> PyResult<Value> {
        Self::getitem(Receiver::Shared(self), it, key)
    }

    fn get_item_owned(self: Rc<Self>, key: Subscript, it: &mut Interp) -> PyResult<Value> {
        match Rc::try_unwrap(self) {
            Ok(qs) => Self::getitem(Receiver::Owned(qs), it, key),
            Err(shared) => Self::getitem(Receiver::Shared(&shared), it, key),
        }
    }

    fn binop(
        &self,
        _me: &Rc<dyn Object>,
        op: crate::syntax::BinOp,
        other: &Value,
        _reflected: bool,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        let _ = (op, other, it, Connector::And);
        Ok(None)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `qs.query`: prints as its SQL.
pub struct QueryRepr {
    pub qs: QuerySet,
}

impl Object for QueryRepr {
    fn type_name(&self) -> String {
        "Query".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<django.db.models.sql.query.Query object>".into())
    }
    fn str(&self, it: &mut Interp) -> PyResult<String> {
        self.qs.query_text(it)
    }
    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(match name {
            "model" => self.qs.ctx.classes.borrow().get(self.qs.model).cloned(),
            _ => None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "__str__" | "sql_with_params")
    }
    fn call_method(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        ArgSpec::simple(name, &[], 0).bind(it, args)?;
        match name {
            "__str__" => Ok(Value::Str(self.qs.query_text(it)?.into())),
            "sql_with_params" => {
                // The compiler's SQL with its placeholders, and the parameters as a tuple.
                let Some(c) = self.qs.compile(it)? else {
                    let exc = it.new_exception(self.qs.ctx.exc.empty_result_set.clone(), "");
                    return Err(exc);
                };
                let params: Vec<Value> = c
                    .params
                    .iter()
                    .map(|p| match p {
                        crate::query::value::Param::Null => Value::None,
                        crate::query::value::Param::Int(i) => Value::Int(*i),
                        crate::query::value::Param::Real(x) => Value::Float(*x),
                        crate::query::value::Param::Text(s) => Value::Str(s.as_str().into()),
                    })
                    .collect();
                Ok(Value::Tuple(
                    vec![Value::Str(c.sql.into()), Value::Tuple(params.into())].into(),
                ))
            }
            _ => Err(it.attribute_error("Query", name)),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl QObj {
    pub fn node(&self) -> &QNode {
        &self.node
    }
}
