//! `django.core.paginator.Paginator` and `Page`: one COUNT query (cached), then each page is a
//! LIMIT/OFFSET slice of the QuerySet.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::interp::{ArgSpec, Args, ExcClass, Interp, Object, PyResult, Subscript, Value};

pub struct Paginator {
    object_list: Value,
    per_page: i64,
    orphans: i64,
    allow_empty_first_page: bool,
    count: Cell<Option<i64>>,
    errors: Rc<PaginatorErrors>,
}

/// `InvalidPage` and its two subclasses.
pub struct PaginatorErrors {
    pub not_an_integer: Rc<ExcClass>,
    pub empty_page: Rc<ExcClass>,
}

impl PaginatorErrors {
    pub fn new(it: &Interp) -> PaginatorErrors {
        let module = "django.core.paginator";
        let invalid = it.new_exc_class("InvalidPage", module, it.exc_class("Exception"));
        PaginatorErrors {
            not_an_integer: it.new_exc_class("PageNotAnInteger", module, invalid.clone()),
            empty_page: it.new_exc_class("EmptyPage", module, invalid),
        }
    }
}

const SPEC: ArgSpec = ArgSpec::simple(
    "Paginator.__init__",
    &[
        "object_list",
        "per_page",
        "orphans",
        "allow_empty_first_page",
    ],
    2,
);

/// `Paginator(object_list, per_page, orphans=0, allow_empty_first_page=True)`.
pub fn new_paginator(it: &mut Interp, args: Args, errors: Rc<PaginatorErrors>) -> PyResult<Value> {
    let b = SPEC.bind(it, args)?;
    let int = |it: &mut Interp, v: Option<&Value>, default: i64| -> PyResult<i64> {
        match v {
            None => Ok(default),
            Some(Value::Int(i)) => Ok(*i),
            Some(Value::Str(s)) => s.trim().parse().map_err(|_| {
                it.value_error(format!("invalid literal for int() with base 10: '{s}'"))
            }),
            Some(other) => {
                let t = other.type_name();
                Err(it.type_error(format!("int() argument must be a string, a bytes-like object or a real number, not '{t}'")))
            }
        }
    };
    let per_page = int(it, b.get(1), 0)?;
    let orphans = int(it, b.get(2), 0)?;
    let allow_empty_first_page = match b.get(3) {
        Some(v) => it.truthy(v)?,
        None => true,
    };
    Ok(Value::object(Paginator {
        object_list: b.get(0).cloned().unwrap_or(Value::None),
        per_page,
        orphans,
        allow_empty_first_page,
        count: Cell::new(None),
        errors,
    }))
}

impl Paginator {
    fn count(&self, it: &mut Interp) -> PyResult<i64> {
        if let Some(c) = self.count.get() {
            return Ok(c);
        }
        let c = match &self.object_list {
            Value::Object(_)
                if self
                    .object_list
                    .downcast::<super::queryset::QuerySet>()
                    .is_some() =>
            {
                match it.call_method(&self.object_list, "count", Args::default())? {
                    Value::Int(i) => i,
                    _ => 0,
                }
            }
            other => {
                let items = it.iterate(other)?;
                items.len() as i64
            }
        };
        self.count.set(Some(c));
        Ok(c)
    }

    fn num_pages(&self, it: &mut Interp) -> PyResult<i64> {
        let count = self.count(it)?;
        if count == 0 && !self.allow_empty_first_page {
            return Ok(0);
        }
        if self.per_page <= 0 {
            return Err(it.zero_division("division by zero"));
        }
        let hits = (count - self.orphans).max(1);
        Ok((hits + self.per_page - 1) / self.per_page)
    }

    /// Mirrors `Paginator.validate_number`.
    fn validate_number(&self, it: &mut Interp, number: &Value) -> PyResult<i64> {
        let n = match number {
            Value::Int(i) => *i,
            Value::Float(x) if x.fract() == 0.0 => *x as i64,
            Value::Str(s) => match s.trim().parse::<i64>() {
                Ok(i) => i,
                Err(_) => {
                    return Err(it.new_exception(
                        self.errors.not_an_integer.clone(),
                        "That page number is not an integer",
                    ));
                }
            },
            _ => {
                return Err(it.new_exception(
                    self.errors.not_an_integer.clone(),
                    "That page number is not an integer",
                ));
            }
        };
        if n < 1 {
            return Err(it.new_exception(
                self.errors.empty_page.clone(),
                "That page number is less than 1",
            ));
        }
        if n > self.num_pages(it)? && !(n == 1 && self.allow_empty_first_page) {
            return Err(it.new_exception(
                self.errors.empty_page.clone(),
                "That page contains no results",
            ));
        }
        Ok(n)
    }

    fn page(&self, me: &Rc<dyn Object>, it: &mut Interp, number: &Value) -> PyResult<Value> {
        let n = self.validate_number(it, number)?;
        let bottom = (n - 1) * self.per_page;
        let mut top = bottom + self.per_page;
        let count = self.count(it)?;
        if top + self.orphans >= count {
            top = count;
        }
        let object_list = match &self.object_list {
            Value::Object(o) => {
                let key = Subscript::Slice(Some(Value::Int(bottom)), Some(Value::Int(top)), None);
                o.get_item(o, key, it)?
            }
            other => {
                let items = it.iterate(other)?;
                super::pyutil::list(super::pyutil::slice_vec(
                    &items,
                    Some(bottom),
                    Some(top),
                    None,
                ))
            }
        };
        Ok(Value::object(Page {
            object_list,
            number: n,
            paginator: Value::Object(me.clone()),
            cached: RefCell::new(None),
        }))
    }
}

impl Object for Paginator {
    fn type_name(&self) -> String {
        "Paginator".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<django.core.paginator.Paginator object>".into())
    }
    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(match name {
            "count" => Some(Value::Int(self.count(it)?)),
            "num_pages" => Some(Value::Int(self.num_pages(it)?)),
            "page_range" => Some(Value::Range(1, self.num_pages(it)? + 1, 1)),
            "per_page" => Some(Value::Int(self.per_page)),
            "orphans" => Some(Value::Int(self.orphans)),
            "object_list" => Some(self.object_list.clone()),
            _ => None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "page" | "get_page" | "validate_number")
    }
    fn call_method(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        let b = ArgSpec::simple(name, &["number"], 1).bind(it, args)?;
        let number = b.get(0).cloned().unwrap_or(Value::None);
        match name {
            "page" => self.page(me, it, &number),
            "validate_number" => Ok(Value::Int(self.validate_number(it, &number)?)),
            _ => {
                // get_page: a bad number gives the first page, one past the end the last.
                let n = match self.validate_number(it, &number) {
                    Ok(n) => n,
                    Err(e) if e.class.is_subclass_of(&self.errors.not_an_integer) => 1,
                    Err(e) if e.class.is_subclass_of(&self.errors.empty_page) => {
                        self.num_pages(it)?.max(1)
                    }
                    Err(e) => return Err(e),
                };
                self.page(me, it, &Value::Int(n))
            }
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub struct Page {
    object_list: Value,
    number: i64,
    paginator: Value,
    cached: RefCell<Option<Vec<Value>>>,
}

impl Page {
    fn paginator(&self) -> Option<&Paginator> {
        self.paginator.downcast::<Paginator>()
    }
    fn items(&self, it: &mut Interp) -> PyResult<Vec<Value>> {
        if let Some(v) = self.cached.borrow().as_ref() {
            return Ok(v.clone());
        }
        let v = it.iterate(&self.object_list)?;
        *self.cached.borrow_mut() = Some(v.clone());
        Ok(v)
    }
}

impl Object for Page {
    fn type_name(&self) -> String {
        "Page".into()
    }
    fn repr(&self, it: &mut Interp) -> PyResult<String> {
        let pages = match self.paginator() {
            Some(p) => p.num_pages(it)?,
            None => 0,
        };
        Ok(format!("<Page {} of {pages}>", self.number))
    }
    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(match name {
            "object_list" => Some(self.object_list.clone()),
            "number" => Some(Value::Int(self.number)),
            "paginator" => Some(self.paginator.clone()),
            _ => None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "has_next"
                | "has_previous"
                | "has_other_pages"
                | "next_page_number"
                | "previous_page_number"
                | "start_index"
                | "end_index"
        )
    }
    fn call_method(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        ArgSpec::simple(name, &[], 0).bind(it, args)?;
        let Some(p) = self.paginator() else {
            return Err(it.runtime_error("page without paginator"));
        };
        let pages = p.num_pages(it)?;
        let n = self.number;
        Ok(match name {
            "has_next" => Value::Bool(n < pages),
            "has_previous" => Value::Bool(n > 1),
            "has_other_pages" => Value::Bool(n < pages || n > 1),
            "next_page_number" => Value::Int(p.validate_number(it, &Value::Int(n + 1))?),
            "previous_page_number" => Value::Int(p.validate_number(it, &Value::Int(n - 1))?),
            "start_index" => {
                if p.count(it)? == 0 {
                    Value::Int(0)
                } else {
                    Value::Int(p.per_page * (n - 1) + 1)
                }
            }
            _ => {
                if n == pages {
                    Value::Int(p.count(it)?)
                } else {
                    Value::Int(n * p.per_page)
                }
            }
        })
    }
    fn iter(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<Vec<Value>> {
        self.items(it)
    }
    fn len(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<usize> {
        Ok(self.items(it)?.len())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
