//! Small built-in objects implemented through the [`Object`] trait: iterators (what `iter`,
//! `zip`, `map`, `enumerate`, generator expressions return, evaluated eagerly), dict views,
//! the zero-argument `super()` proxy, and `Ellipsis`.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::Interp;
use super::value::{Args, Dict, Object, PyResult, Value};
use crate::syntax::CmpOp;

/// An iterator over precomputed items. `kind` is what its repr shows: `list_iterator`, `zip`,
/// `map`, `generator` ...
pub struct PyIter {
    pub kind: &'static str,
    pub items: RefCell<Vec<Value>>,
    pub pos: Cell<usize>,
}

impl PyIter {
    pub fn new(kind: &'static str, items: Vec<Value>) -> PyIter {
        PyIter {
            kind,
            items: RefCell::new(items),
            pos: Cell::new(0),
        }
    }

    /// The next item, if any.
    pub fn next_item(&self) -> Option<Value> {
        let i = self.pos.get();
        let v = self.items.borrow().get(i).cloned();
        if v.is_some() {
            self.pos.set(i + 1);
        }
        v
    }
}

impl Object for PyIter {
    fn type_name(&self) -> String {
        self.kind.to_string()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        let name = if self.kind == "generator" {
            "generator object <genexpr>"
        } else {
            self.kind
        };
        let article = if self.kind == "generator" {
            ""
        } else {
            " object"
        };
        Ok(format!(
            "<{name}{article} at {:#x}>",
            self as *const PyIter as usize
        ))
    }
    fn iter(&self, _me: &Rc<dyn Object>, _it: &mut Interp) -> PyResult<Vec<Value>> {
        let i = self.pos.get();
        let items = self.items.borrow();
        let rest = items.get(i..).map(|s| s.to_vec()).unwrap_or_default();
        self.pos.set(items.len());
        Ok(rest)
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
        if name == "__next__" {
            it.check_no_args(&args, "__next__")?;
            return match self.next_item() {
                Some(v) => Ok(v),
                None => Err(it.new_exception(it.exc_class("StopIteration"), "")),
            };
        }
        Err(it.attribute_error(self.kind, name))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ViewKind {
    Keys,
    Values,
    Items,
}

/// `d.keys()` / `d.values()` / `d.items()`: live views of the dict.
pub(crate) struct DictView {
    pub dict: Rc<RefCell<Dict>>,
    pub kind: ViewKind,
}

impl DictView {
    fn items(&self) -> Vec<Value> {
        let d = self.dict.borrow();
        d.entries
            .iter()
            .map(|(k, v)| match self.kind {
                ViewKind::Keys => k.clone(),
                ViewKind::Values => v.clone(),
                ViewKind::Items => Value::tuple(vec![k.clone(), v.clone()]),
            })
            .collect()
    }
}

impl Object for DictView {
    fn type_name(&self) -> String {
        match self.kind {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
        .to_string()
    }
    fn repr(&self, it: &mut Interp) -> PyResult<String> {
        let list = Value::list(self.items());
        Ok(format!("{}({})", self.type_name(), it.repr_value(&list)?))
    }
    fn iter(&self, _me: &Rc<dyn Object>, _it: &mut Interp) -> PyResult<Vec<Value>> {
        Ok(self.items())
    }
    fn len(&self, _me: &Rc<dyn Object>, _it: &mut Interp) -> PyResult<usize> {
        Ok(self.dict.borrow().entries.len())
    }
    fn truthy(&self, _me: &Rc<dyn Object>, _it: &mut Interp) -> PyResult<bool> {
        Ok(!self.dict.borrow().entries.is_empty())
    }
    fn contains(
        &self,
        _me: &Rc<dyn Object>,
        item: &Value,
        it: &mut Interp,
    ) -> PyResult<Option<bool>> {
        match self.kind {
            ViewKind::Keys => Ok(Some(it.dict_get(&self.dict, item)?.is_some())),
            ViewKind::Items => {
                if let Value::Tuple(t) = item
                    && t.len() == 2
                {
                    return Ok(Some(match it.dict_get(&self.dict, &t[0])? {
                        Some(v) => it.eq_values(&v, &t[1])?,
                        None => false,
                    }));
                }
                Ok(Some(false))
            }
            ViewKind::Values => Ok(None),
        }
    }
    fn compare(
        &self,
        _me: &Rc<dyn Object>,
        op: CmpOp,
        other: &Value,
        it: &mut Interp,
    ) -> PyResult<Option<bool>> {
        if op != CmpOp::Eq || self.kind == ViewKind::Values {
            return Ok(None);
        }
        let mine = it.new_set(self.items())?;
        let theirs = match other {
            Value::Set(_) => other.clone(),
            Value::Object(o) if o.as_any().is::<DictView>() => {
                let items = o.iter(o, it)?;
                it.new_set(items)?
            }
            _ => return Ok(Some(false)),
        };
        Ok(Some(it.eq_values(&mine, &theirs)?))
    }
    fn hash(&self, _me: &Rc<dyn Object>) -> Option<u64> {
        None
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What zero-argument `super()` returns inside a method defined on `owner`: calling a method on
/// it runs [`Object::call_super_method`] on the instance.
pub(crate) struct Super {
    pub instance: Value,
    pub owner: Rc<str>,
}

impl Object for Super {
    fn type_name(&self) -> String {
        "super".into()
    }
    fn repr(&self, it: &mut Interp) -> PyResult<String> {
        let t = it.repr_value(&self.instance)?;
        Ok(format!("<super: <class '{}'>, {}>", self.owner, t))
    }
    fn has_method(&self, _name: &str) -> bool {
        true
    }
    fn call_method(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        match &self.instance {
            Value::Object(o) => o.call_super_method(o, &self.owner, name, args, it),
            _ => Err(it.attribute_error("super", name)),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The `...` constant.
pub(crate) struct EllipsisObj;

impl Object for EllipsisObj {
    fn type_name(&self) -> String {
        "ellipsis".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("Ellipsis".into())
    }
    fn compare(
        &self,
        _me: &Rc<dyn Object>,
        op: CmpOp,
        other: &Value,
        _it: &mut Interp,
    ) -> PyResult<Option<bool>> {
        let same = matches!(other, Value::Object(o) if o.as_any().is::<EllipsisObj>());
        Ok(match op {
            CmpOp::Eq => Some(same),
            CmpOp::NotEq => Some(!same),
            _ => None,
        })
    }
    fn hash(&self, _me: &Rc<dyn Object>) -> Option<u64> {
        Some(0x0e11_1b5e)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The `NotImplemented` constant.
pub(crate) struct NotImplementedObj;

impl Object for NotImplementedObj {
    fn type_name(&self) -> String {
        "NotImplementedType".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("NotImplemented".into())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
