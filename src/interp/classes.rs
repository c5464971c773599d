//! Classes defined at the shell (`class Point: ...`): single inheritance, instance attributes,
//! methods, `__init__`, `super()`, `@property`/`@staticmethod`/`@classmethod`, and the common
//! special methods (`__repr__`, `__str__`, `__eq__` and ordering, `__len__`, `__bool__`,
//! `__iter__`, `__contains__`, `__getitem__`/`__setitem__`, `__call__`, arithmetic,
//! `__enter__`/`__exit__`). Model classes are not these: the ORM reads models.py itself.
//!
//! Differences from CPython: no metaclasses, multiple inheritance, descriptors other than the
//! three decorators, `__slots__`, `__getattr__`, or `__hash__` written in Python (a class that
//! defines `__eq__` is unhashable, as in CPython; otherwise instances hash by identity).

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use super::Interp;
use super::value::{Args, Object, PyException, PyResult, Subscript, Value};
use crate::syntax::{BinOp, CmpOp, UnaryOp};

/// A class made by a `class` statement.
pub(crate) struct PyClass {
    pub qualname: Rc<str>,
    pub base: Option<Rc<PyClass>>,
    pub attrs: RefCell<crate::interp::value::NameMap>,
}

/// An instance of a [`PyClass`].
pub(crate) struct PyInstance {
    pub class: Rc<PyClass>,
    pub dict: RefCell<Vec<(Rc<str>, Value)>>,
}

/// `@property` on a function in a class body.
pub(crate) struct PropertyObj(pub Value);
/// `@staticmethod`.
pub(crate) struct StaticMethodObj(pub Value);
/// `@classmethod`.
pub(crate) struct ClassMethodObj(pub Value);

macro_rules! wrapper_object {
    ($t:ty, $name:literal) => {
        impl Object for $t {
            fn type_name(&self) -> String {
                $name.into()
            }
            fn repr(&self, _it: &mut Interp) -> PyResult<String> {
                Ok(format!(
                    "<{} object at {:#x}>",
                    $name, self as *const $t as usize
                ))
            }
            fn as_any(&self) -> &dyn Any {
                self
            }
        }
    };
}
wrapper_object!(PropertyObj, "property");
wrapper_object!(StaticMethodObj, "staticmethod");
wrapper_object!(ClassMethodObj, "classmethod");

impl PyClass {
    fn name(&self) -> &str {
        self.qualname.rsplit('.').next().unwrap_or(&self.qualname)
    }

    /// Looks `name` up in this class and its bases; also returns the class that defines it.
    pub fn lookup(self: &Rc<Self>, name: &str) -> Option<(Value, Rc<PyClass>)> {
        let mut c = Some(self.clone());
        while let Some(k) = c {
            if let Some(v) = k.attrs.borrow().get(name) {
                return Some((v.clone(), k.clone()));
            }
            c = k.base.clone();
        }
        None
    }

    fn is_subclass_of(self: &Rc<Self>, other: &PyClass) -> bool {
        let mut c = Some(self.clone());
        while let Some(k) = c {
            if std::ptr::eq(&*k, other) {
                return true;
            }
            c = k.base.clone();
        }
        false
    }

    fn as_value(self: &Rc<Self>) -> Value {
        let o: Rc<dyn Object> = self.clone();
        Value::Object(o)
    }
}

fn downcast_class(v: &Value) -> Option<Rc<PyClass>> {
    match v {
        Value::Object(o) if o.as_any().is::<PyClass>() => {
            // Rebuild the typed Rc from the trait object (same allocation).
            let any: Rc<dyn Any> = o.clone().into_any_rc();
            any.downcast::<PyClass>().ok()
        }
        _ => None,
    }
}

/// `Rc<dyn Object>` → `Rc<dyn Any>` for downcasting to a concrete `Rc<T>`.
trait IntoAnyRc {
    fn into_any_rc(self) -> Rc<dyn Any>;
}

impl IntoAnyRc for Rc<dyn Object> {
    fn into_any_rc(self) -> Rc<dyn Any> {
        // Object: Any, so the trait object upcasts.
        self
    }
}

impl Object for PyClass {
    fn type_name(&self) -> String {
        "type".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!("<class '__main__.{}'>", self.qualname))
    }
    fn get_attr(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        let Some(cls) = downcast_class(&Value::Object(me.clone())) else {
            return Ok(None);
        };
        match name {
            "__name__" => return Ok(Some(Value::str(self.name()))),
            "__qualname__" => return Ok(Some(Value::Str(self.qualname.clone()))),
            "__module__" => return Ok(Some(Value::str("__main__"))),
            "__doc__" => return Ok(Some(Value::None)),
            "__base__" => {
                return Ok(Some(match &self.base {
                    Some(b) => b.as_value(),
                    None => Value::Type(super::value::BuiltinType::Object),
                }));
            }
            _ => {}
        }
        match cls.lookup(name) {
            Some((v, _)) => Ok(Some(match &v {
                Value::Object(o) if o.as_any().is::<StaticMethodObj>() => o
                    .as_any()
                    .downcast_ref::<StaticMethodObj>()
                    .map(|s| s.0.clone())
                    .unwrap_or(v),
                Value::Object(o) if o.as_any().is::<ClassMethodObj>() => {
                    let f = o
                        .as_any()
                        .downcast_ref::<ClassMethodObj>()
                        .map(|s| s.0.clone())
                        .unwrap_or(Value::None);
                    bound_callable(f, cls.as_value())
                }
                _ => v,
            })),
            None => {
                let _ = it;
                Ok(None)
            }
        }
    }
    fn set_attr(&self, name: &str, value: Value, _it: &mut Interp) -> PyResult<()> {
        self.attrs.borrow_mut().insert(Rc::from(name), value);
        Ok(())
    }
    fn call(&self, me: &Rc<dyn Object>, args: Args, it: &mut Interp) -> PyResult<Value> {
        let Some(cls) = downcast_class(&Value::Object(me.clone())) else {
            return Err(it.type_error("not a class"));
        };
        let inst: Rc<dyn Object> = Rc::new(PyInstance {
            class: cls.clone(),
            dict: RefCell::new(Vec::new()),
        });
        let inst_v = Value::Object(inst);
        match cls.lookup("__init__") {
            Some((init, _)) => {
                let mut a = args;
                a.positional.insert(0, inst_v.clone());
                if !a.positional_spans.is_empty() {
                    a.positional_spans.insert(0, crate::syntax::Span::default());
                }
                let r = it.call_value(&init, a)?;
                if !r.is_none() {
                    return Err(it.type_error(format!(
                        "__init__() should return None, not '{}'",
                        r.tp_name()
                    )));
                }
            }
            None => {
                if !args.is_empty() {
                    return Err(it.type_error(format!("{}() takes no arguments", self.name())));
                }
            }
        }
        Ok(inst_v)
    }
    fn is_instance_of(&self, cls: &Value) -> bool {
        matches!(
            cls,
            Value::Type(super::value::BuiltinType::Type | super::value::BuiltinType::Object)
        )
    }
    fn compare(
        &self,
        me: &Rc<dyn Object>,
        op: CmpOp,
        other: &Value,
        _it: &mut Interp,
    ) -> PyResult<Option<bool>> {
        let same = matches!(other, Value::Object(o) if Rc::as_ptr(o) as *const () == Rc::as_ptr(me) as *const ());
        Ok(match op {
            CmpOp::Eq => Some(same),
            CmpOp::NotEq => Some(!same),
            _ => None,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A function bound to a first argument (what `obj.method` gives for classmethods).
struct BoundCallable {
    func: Value,
    first: Value,
}

impl Object for BoundCallable {
    fn type_name(&self) -> String {
        "method".into()
    }
    fn repr(&self, it: &mut Interp) -> PyResult<String> {
        let r = it.repr_value(&self.first)?;
        let name = match &self.func {
            Value::Function(f) => f.name.to_string(),
            _ => "?".into(),
        };
        Ok(format!("<bound method {name} of {r}>"))
    }
    fn call(&self, _me: &Rc<dyn Object>, mut args: Args, it: &mut Interp) -> PyResult<Value> {
        args.positional.insert(0, self.first.clone());
        if !args.positional_spans.is_empty() {
            args.positional_spans
                .insert(0, crate::syntax::Span::default());
        }
        it.call_value(&self.func, args)
    }
    fn has_method(&self, name: &str) -> bool {
        name == "__call__"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn bound_callable(func: Value, first: Value) -> Value {
    Value::object(BoundCallable { func, first })
}

fn dunder_for(op: BinOp, reflected: bool) -> &'static str {
    match (op, reflected) {
        (BinOp::Add, false) => "__add__",
        (BinOp::Add, true) => "__radd__",
        (BinOp::Sub, false) => "__sub__",
        (BinOp::Sub, true) => "__rsub__",
        (BinOp::Mul, false) => "__mul__",
        (BinOp::Mul, true) => "__rmul__",
        (BinOp::MatMul, false) => "__matmul__",
        (BinOp::MatMul, true) => "__rmatmul__",
        (BinOp::Div, false) => "__truediv__",
        (BinOp::Div, true) => "__rtruediv__",
        (BinOp::FloorDiv, false) => "__floordiv__",
        (BinOp::FloorDiv, true) => "__rfloordiv__",
        (BinOp::Mod, false) => "__mod__",
        (BinOp::Mod, true) => "__rmod__",
        (BinOp::Pow, false) => "__pow__",
        (BinOp::Pow, true) => "__rpow__",
        (BinOp::LShift, false) => "__lshift__",
        (BinOp::LShift, true) => "__rlshift__",
        (BinOp::RShift, false) => "__rshift__",
        (BinOp::RShift, true) => "__rrshift__",
        (BinOp::BitOr, false) => "__or__",
        (BinOp::BitOr, true) => "__ror__",
        (BinOp::BitXor, false) => "__xor__",
        (BinOp::BitXor, true) => "__rxor__",
        (BinOp::BitAnd, false) => "__and__",
        (BinOp::BitAnd, true) => "__rand__",
    }
}

fn is_not_implemented(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.as_any().is::<super::iterators::NotImplementedObj>())
}

impl PyInstance {
    fn get_own(&self, name: &str) -> Option<Value> {
        self.dict
            .borrow()
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v.clone())
    }

    /// Calls special method `name` if the class defines it.
    fn call_special(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        match self.class.lookup(name) {
            Some((f, _)) => {
                let mut a = vec![Value::Object(me.clone())];
                a.extend(args);
                Ok(Some(it.call_value(&f, Args::new(a))?))
            }
            None => Ok(None),
        }
    }

    fn type_label(&self) -> String {
        self.class.name().to_string()
    }
}

impl Object for PyInstance {
    fn type_name(&self) -> String {
        self.type_label()
    }
    fn repr(&self, it: &mut Interp) -> PyResult<String> {
        // `repr` has no `me`; find the special method without binding through an Rc.
        if let Some((f, _)) = self.class.lookup("__repr__") {
            let me = it.current_instance_hint(self);
            let r = it.call_value(&f, Args::new(vec![me]))?;
            return match r {
                Value::Str(s) => Ok(str::to_owned(&s)),
                other => Err(it.type_error(format!(
                    "__repr__ returned non-string (type {})",
                    other.tp_name()
                ))),
            };
        }
        Ok(format!(
            "<__main__.{} object at {:#x}>",
            self.class.qualname, self as *const PyInstance as usize
        ))
    }
    fn str(&self, it: &mut Interp) -> PyResult<String> {
        if let Some((f, _)) = self.class.lookup("__str__") {
            let me = it.current_instance_hint(self);
            let r = it.call_value(&f, Args::new(vec![me]))?;
            return match r {
                Value::Str(s) => Ok(str::to_owned(&s)),
                other => Err(it.type_error(format!(
                    "__str__ returned non-string (type {})",
                    other.tp_name()
                ))),
            };
        }
        self.repr(it)
    }
    fn get_attr(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        if let Some(v) = self.get_own(name) {
            return Ok(Some(v));
        }
        match name {
            "__class__" => return Ok(Some(self.class.as_value())),
            "__dict__" => {
                let pairs: Vec<(Value, Value)> = self
                    .dict
                    .borrow()
                    .iter()
                    .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
                    .collect();
                return it.new_dict(pairs).map(Some);
            }
            _ => {}
        }
        match self.class.lookup(name) {
            Some((Value::Object(o), _)) if o.as_any().is::<PropertyObj>() => {
                let getter = o
                    .as_any()
                    .downcast_ref::<PropertyObj>()
                    .map(|p| p.0.clone())
                    .unwrap_or(Value::None);
                Ok(Some(it.call_value(
                    &getter,
                    Args::new(vec![Value::Object(me.clone())]),
                )?))
            }
            Some((Value::Object(o), _)) if o.as_any().is::<StaticMethodObj>() => Ok(o
                .as_any()
                .downcast_ref::<StaticMethodObj>()
                .map(|s| s.0.clone())),
            Some((Value::Object(o), _)) if o.as_any().is::<ClassMethodObj>() => {
                let f = o
                    .as_any()
                    .downcast_ref::<ClassMethodObj>()
                    .map(|s| s.0.clone())
                    .unwrap_or(Value::None);
                Ok(Some(bound_callable(f, self.class.as_value())))
            }
            // Functions become bound methods through `has_method`/`call_method`.
            Some((Value::Function(_), _)) => Ok(None),
            Some((v, _)) => Ok(Some(v)),
            None => Ok(None),
        }
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(self.class.lookup(name), Some((Value::Function(_), _)))
    }
    fn call_method(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        mut args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        match self.class.lookup(name) {
            Some((f @ Value::Function(_), _)) => {
                args.positional.insert(0, Value::Object(me.clone()));
                if !args.positional_spans.is_empty() {
                    args.positional_spans
                        .insert(0, crate::syntax::Span::default());
                }
                it.call_value(&f, args)
            }
            _ => Err(it.attribute_error(&self.type_label(), name)),
        }
    }
    fn call_super_method(
        &self,
        me: &Rc<dyn Object>,
        owner: &str,
        name: &str,
        mut args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        // Start the lookup after `owner` in the instance's class chain.
        let mut c = Some(self.class.clone());
        while let Some(k) = c.clone() {
            if &*k.qualname == owner || k.name() == owner {
                break;
            }
            c = k.base.clone();
        }
        let start = c.and_then(|k| k.base.clone());
        let found = start.and_then(|b| b.lookup(name));
        match found {
            Some((f, _)) => {
                args.positional.insert(0, Value::Object(me.clone()));
                if !args.positional_spans.is_empty() {
                    args.positional_spans
                        .insert(0, crate::syntax::Span::default());
                }
                it.call_value(&f, args)
            }
            None if name == "__init__" => Ok(Value::None),
            None if name == "__str__" || name == "__repr__" => Ok(Value::str(&format!(
                "<__main__.{} object at {:#x}>",
                self.class.qualname, self as *const PyInstance as usize
            ))),
            None => Err(it.attribute_error("super", name)),
        }
    }
    fn set_attr(&self, name: &str, value: Value, it: &mut Interp) -> PyResult<()> {
        if let Some((Value::Object(o), _)) = self.class.lookup(name)
            && o.as_any().is::<PropertyObj>()
        {
            return Err(it.new_exception(
                it.exc_class("AttributeError"),
                format!(
                    "property '{name}' of '{}' object has no setter",
                    self.type_label()
                ),
            ));
        }
        let mut d = self.dict.borrow_mut();
        match d.iter_mut().find(|(k, _)| &**k == name) {
            Some(slot) => slot.1 = value,
            None => d.push((Rc::from(name), value)),
        }
        Ok(())
    }
    fn call(&self, me: &Rc<dyn Object>, args: Args, it: &mut Interp) -> PyResult<Value> {
        match self.class.lookup("__call__") {
            Some(_) => self.call_method(me, "__call__", args, it),
            None => Err(it.type_error(format!("'{}' object is not callable", self.type_label()))),
        }
    }
    fn iter(&self, me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<Vec<Value>> {
        match self.call_special(me, "__iter__", vec![], it)? {
            Some(v) => it.iter_values(&v),
            None => Err(it.type_error(format!("'{}' object is not iterable", self.type_label()))),
        }
    }
    fn len(&self, me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<usize> {
        match self.call_special(me, "__len__", vec![], it)? {
            Some(Value::Int(n)) if n >= 0 => Ok(n as usize),
            Some(Value::Int(_)) => Err(it.value_error("__len__() should return >= 0")),
            Some(other) => Err(it.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                other.tp_name()
            ))),
            None => Err(it.type_error(format!(
                "object of type '{}' has no len()",
                self.type_label()
            ))),
        }
    }
    fn truthy(&self, me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<bool> {
        if let Some(v) = self.call_special(me, "__bool__", vec![], it)? {
            return match v {
                Value::Bool(b) => Ok(b),
                other => Err(it.type_error(format!(
                    "__bool__ should return bool, returned {}",
                    other.tp_name()
                ))),
            };
        }
        if self.class.lookup("__len__").is_some() {
            return Ok(self.len(me, it)? > 0);
        }
        Ok(true)
    }
    fn contains(
        &self,
        me: &Rc<dyn Object>,
        item: &Value,
        it: &mut Interp,
    ) -> PyResult<Option<bool>> {
        match self.call_special(me, "__contains__", vec![item.clone()], it)? {
            Some(v) => Ok(Some(it.truth(&v)?)),
            None => Ok(None),
        }
    }
    fn get_item(&self, me: &Rc<dyn Object>, key: Subscript, it: &mut Interp) -> PyResult<Value> {
        let k = subscript_value(key);
        match self.call_special(me, "__getitem__", vec![k], it)? {
            Some(v) => Ok(v),
            None => Err(it.type_error(format!(
                "'{}' object is not subscriptable",
                self.type_label()
            ))),
        }
    }
    fn set_item(
        &self,
        me: &Rc<dyn Object>,
        key: Subscript,
        value: Value,
        it: &mut Interp,
    ) -> PyResult<()> {
        let k = subscript_value(key);
        match self.call_special(me, "__setitem__", vec![k, value], it)? {
            Some(_) => Ok(()),
            None => Err(it.type_error(format!(
                "'{}' object does not support item assignment",
                self.type_label()
            ))),
        }
    }
    fn del_item(&self, me: &Rc<dyn Object>, key: Subscript, it: &mut Interp) -> PyResult<()> {
        let k = subscript_value(key);
        match self.call_special(me, "__delitem__", vec![k], it)? {
            Some(_) => Ok(()),
            None => Err(it.type_error(format!(
                "'{}' object doesn't support item deletion",
                self.type_label()
            ))),
        }
    }
    fn binop(
        &self,
        me: &Rc<dyn Object>,
        op: BinOp,
        other: &Value,
        reflected: bool,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        match self.call_special(me, dunder_for(op, reflected), vec![other.clone()], it)? {
            Some(v) if is_not_implemented(&v) => Ok(None),
            r => Ok(r),
        }
    }
    fn unary(&self, me: &Rc<dyn Object>, op: UnaryOp, it: &mut Interp) -> PyResult<Option<Value>> {
        let name = match op {
            UnaryOp::Neg => "__neg__",
            UnaryOp::Pos => "__pos__",
            UnaryOp::Invert => "__invert__",
            UnaryOp::Not => return Ok(None),
        };
        self.call_special(me, name, vec![], it)
    }
    fn compare(
        &self,
        me: &Rc<dyn Object>,
        op: CmpOp,
        other: &Value,
        it: &mut Interp,
    ) -> PyResult<Option<bool>> {
        let name = match op {
            CmpOp::Eq => "__eq__",
            CmpOp::NotEq => "__ne__",
            CmpOp::Lt => "__lt__",
            CmpOp::LtE => "__le__",
            CmpOp::Gt => "__gt__",
            CmpOp::GtE => "__ge__",
            _ => return Ok(None),
        };
        match self.call_special(me, name, vec![other.clone()], it)? {
            Some(v) if is_not_implemented(&v) => Ok(None),
            Some(v) => Ok(Some(it.truth(&v)?)),
            None if op == CmpOp::NotEq && self.class.lookup("__eq__").is_some() => {
                match self.call_special(me, "__eq__", vec![other.clone()], it)? {
                    Some(v) if is_not_implemented(&v) => Ok(None),
                    Some(v) => Ok(Some(!it.truth(&v)?)),
                    None => Ok(None),
                }
            }
            None => Ok(None),
        }
    }
    fn hash(&self, me: &Rc<dyn Object>) -> Option<u64> {
        if self.class.lookup("__eq__").is_some() && self.class.lookup("__hash__").is_none() {
            return None;
        }
        Some(Rc::as_ptr(me) as *const () as usize as u64 >> 4)
    }
    fn is_instance_of(&self, cls: &Value) -> bool {
        match downcast_class(cls) {
            Some(c) => self.class.is_subclass_of(&c),
            None => false,
        }
    }
    fn enter(&self, me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<Value> {
        match self.call_special(me, "__enter__", vec![], it)? {
            Some(v) => Ok(v),
            None => Err(it.type_error(format!(
                "'{}' object does not support the context manager protocol",
                self.type_label()
            ))),
        }
    }
    fn exit(
        &self,
        me: &Rc<dyn Object>,
        exc: Option<&Rc<PyException>>,
        it: &mut Interp,
    ) -> PyResult<bool> {
        let args = match exc {
            Some(e) => vec![
                Value::ExcClass(e.class.clone()),
                Value::Exception(e.clone()),
                Value::None,
            ],
            None => vec![Value::None, Value::None, Value::None],
        };
        match self.call_special(me, "__exit__", args, it)? {
            Some(v) => it.truth(&v),
            None => Ok(false),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn subscript_value(key: Subscript) -> Value {
    match key {
        Subscript::Index(v) => v,
        Subscript::Slice(a, b, c) => Value::tuple(vec![
            a.unwrap_or(Value::None),
            b.unwrap_or(Value::None),
            c.unwrap_or(Value::None),
        ]),
    }
}

impl Interp {
    /// The instance value for `repr`/`str`, which the trait calls without the `Rc`: found among
    /// the values being displayed (the innermost frame's `self` or a value on the repr stack).
    pub(crate) fn current_instance_hint(&mut self, inst: &PyInstance) -> Value {
        let target = inst as *const PyInstance as usize;
        if let Some(v) = self.display_stack.iter().rev().find(|v| match v {
            Value::Object(o) => Rc::as_ptr(o) as *const () as usize == target,
            _ => false,
        }) {
            return v.clone();
        }
        Value::None
    }

    /// Runs a `class` statement's body and makes the class (or an exception class).
    pub(crate) fn make_class(
        &mut self,
        qualname: &str,
        base: Option<Value>,
        ns: Vec<(Rc<str>, Value)>,
    ) -> PyResult<Value> {
        let base_class = match &base {
            None | Some(Value::Type(super::value::BuiltinType::Object)) => None,
            Some(v) => match downcast_class(v) {
                Some(c) => Some(c),
                None => {
                    let r = self.repr_value(v)?;
                    return Err(self.not_implemented(format!(
                        "classes deriving from {r} are not supported in the shell"
                    )));
                }
            },
        };
        let attrs: crate::interp::value::NameMap = ns.into_iter().collect();
        let cls = Rc::new(PyClass {
            qualname: Rc::from(qualname),
            base: base_class,
            attrs: RefCell::new(attrs),
        });
        Ok(cls.as_value())
    }
}
