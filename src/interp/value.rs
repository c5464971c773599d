//! Runtime values of the evaluator. Python's own types are variants here; everything Django
//! (querysets, managers, model classes and instances, Q/F/aggregates, ...) is an [`Object`]
//! implemented outside this module, so the evaluator knows nothing of Django.

use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use num_bigint::BigInt;
use rust_decimal::Decimal;

use crate::syntax::{BinOp, CmpOp, Expr, Params, Span, Stmt, UnaryOp};

/// A namespace (globals, a call's locals, a class's or module's attributes): looked up on
/// every name an input mentions, with keys we make ourselves, so hashed with foldhash rather
/// than SipHash.
pub type NameMap = crate::util::FastMap<Rc<str>, Value>;

/// A Python value.
#[derive(Clone)]
pub enum Value {
    None,
    Bool(bool),
    /// Ints that fit in 64 bits; arithmetic overflows into [`Value::BigInt`], and a `BigInt`
    /// result that fits comes back as `Int`, so each number has one representation.
    Int(i64),
    BigInt(Rc<BigInt>),
    Float(f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<[Value]>),
    Dict(Rc<RefCell<Dict>>),
    Set(Rc<RefCell<Set>>),
    /// `decimal.Decimal`; rust_decimal keeps the scale, so `str()` gives Python's text (`12.50`).
    Decimal(Decimal),
    /// `datetime.date`
    Date(NaiveDate),
    /// `datetime.datetime`: `tz` is `None` for a naive datetime, the UTC offset for an aware one.
    DateTime(NaiveDateTime, Option<FixedOffset>),
    /// `datetime.time` (naive)
    Time(NaiveTime),
    /// `datetime.timedelta`
    TimeDelta(TimeDelta),
    /// A `range(...)` object: start, stop, step.
    Range(i64, i64, i64),
    /// A function defined with `def` or `lambda`.
    Function(Rc<Function>),
    /// A function implemented in Rust (`len`, `print`, but also `Q`, `Count`, ... registered by the ORM).
    Builtin(Rc<Builtin>),
    /// `obj.method` looked up but not yet called.
    BoundMethod(Rc<BoundMethod>),
    /// A built-in type such as `int` or `str` (callable, usable with `isinstance`).
    Type(BuiltinType),
    /// An exception class, built in (`ValueError`) or made by the ORM (`Book.DoesNotExist`).
    ExcClass(Rc<ExcClass>),
    /// A raised or constructed exception.
    Exception(Rc<PyException>),
    /// An imported module (`datetime`, `django.db.models`).
    Module(Rc<Module>),
    /// Anything implemented outside the evaluator.
    Object(Rc<dyn Object>),
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::BigInt(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Object(o) => write!(f, "<{} object>", o.type_name()),
            other => write!(f, "<{}>", other.type_name()),
        }
    }
}

/// Insertion-ordered dict. Keys are compared with Python's `==` and `hash()` rules
/// (`1 == 1.0 == True` are one key).
#[derive(Clone, Default)]
pub struct Dict {
    pub entries: Vec<(Value, Value)>,
    /// Hash of each key → indexes into `entries` (the evaluator maintains it).
    pub index: crate::util::FastMap<u64, Vec<usize>>,
}

/// Insertion-ordered set (iteration order differs from CPython's hash order; documented).
#[derive(Clone, Default)]
pub struct Set {
    pub items: Dict,
}

/// A user-defined function or lambda.
pub struct Function {
    pub name: Rc<str>,
    pub params: Params,
    /// Defaults evaluated when the `def` ran, aligned with `params.args` / `params.kwonly` (None = no default).
    pub defaults: Vec<Option<Value>>,
    pub kw_defaults: Vec<Option<Value>>,
    pub body: FunctionBody,
    /// The enclosing function's scope, for closures; `None` at module level.
    pub closure: Option<Rc<RefCell<Scope>>>,
    /// The class whose body defined this function (what zero-argument `super()` needs).
    pub owner_class: Option<Rc<str>>,
}

pub enum FunctionBody {
    Block(Rc<Vec<Stmt>>),
    Lambda(Rc<Expr>),
}

/// Local variables of one function call.
#[derive(Default)]
pub struct Scope {
    pub vars: crate::interp::value::NameMap,
    pub parent: Option<Rc<RefCell<Scope>>>,
}

pub type BuiltinFn = dyn Fn(&mut super::Interp, Args) -> PyResult<Value>;

pub struct Builtin {
    /// As `repr` shows it: `len` → `<built-in function len>`; a class-like builtin such as `Q`
    /// sets `is_class` and shows `<class 'django.db.models.query_utils.Q'>`.
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub is_class: bool,
    pub func: Box<BuiltinFn>,
}

pub struct BoundMethod {
    pub receiver: Value,
    pub name: Rc<str>,
}

/// Python's built-in types that learners name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BuiltinType {
    Object,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    Bytes,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Range,
    Type,
    Decimal,
    Date,
    DateTime,
    Time,
    TimeDelta,
    Function,
    Module,
    /// `type(len)`: `<class 'builtin_function_or_method'>` (added by the evaluator).
    BuiltinFunction,
    /// `type(obj.method)`: `<class 'method'>` (added by the evaluator).
    Method,
}

/// An exception class. `base` links to the parent so `except LookupError` catches `KeyError`
/// and `except ObjectDoesNotExist` catches `Book.DoesNotExist`.
pub struct ExcClass {
    /// `__qualname__` as the JSON `error.type` shows it: `ValueError`, `Book.DoesNotExist`.
    pub qualname: Rc<str>,
    /// `__module__`, for `repr` of the class (`builtins`, `django.core.exceptions`, `bookstore.models`).
    pub module: Rc<str>,
    pub base: Option<Rc<ExcClass>>,
    /// Further bases of a class with several (Django's `RelatedObjectDoesNotExist` derives from
    /// both `X.DoesNotExist` and `AttributeError`, so `hasattr()` is False).
    pub other_bases: Vec<Rc<ExcClass>>,
}

impl ExcClass {
    /// True when `self` is `other` or derives from it.
    pub fn is_subclass_of(&self, other: &ExcClass) -> bool {
        if std::ptr::eq(self, other)
            || self.qualname == other.qualname && self.module == other.module
        {
            return true;
        }
        self.base
            .iter()
            .chain(self.other_bases.iter())
            .any(|b| b.is_subclass_of(other))
    }
}

/// A Python exception value. `str(e)` follows Python: no args → `''`, one → `str(arg)`
/// (`repr` for `KeyError`), several → `repr(args)`.
pub struct PyException {
    pub class: Rc<ExcClass>,
    pub args: Vec<Value>,
    /// Where in the input it was raised: the evaluator fills it with the innermost expression
    /// that raised, unless the raiser set a more precise span (e.g. the keyword `titel=`).
    pub span: RefCell<Option<Span>>,
    /// A short "did you mean ..." shown under the error; never part of `str(e)`.
    pub hint: RefCell<Option<String>>,
}

impl fmt::Debug for PyException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:?}", self.class.qualname, self.args)
    }
}

impl fmt::Debug for ExcClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<class '{}.{}'>", self.module, self.qualname)
    }
}

/// The error side of every evaluation step.
pub type PyResult<T> = Result<T, Rc<PyException>>;

/// Call arguments in source order. Keyword order matters: Django builds `filter(a=1, b=2)`'s
/// WHERE clause in that order.
#[derive(Default, Clone)]
pub struct Args {
    pub positional: Vec<Value>,
    pub keywords: Vec<(Rc<str>, Value)>,
    /// Source spans of each positional argument and each keyword's name, when known
    /// (empty when the call came from Rust rather than from parsed text).
    pub positional_spans: Vec<Span>,
    pub keyword_spans: Vec<Span>,
}

/// An imported module: a name and its attributes.
pub struct Module {
    pub name: Rc<str>,
    pub attrs: RefCell<crate::interp::value::NameMap>,
}

impl Module {
    /// An empty module named `name` (dotted).
    pub fn new(name: &str) -> Module {
        Module {
            name: Rc::from(name),
            attrs: RefCell::new(Default::default()),
        }
    }
    /// Sets attribute `name`.
    pub fn set(&self, name: &str, v: Value) {
        self.attrs.borrow_mut().insert(Rc::from(name), v);
    }
    /// Attribute `name`, if set.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.attrs.borrow().get(name).cloned()
    }
}

impl Args {
    /// Positional arguments only.
    pub fn new(positional: Vec<Value>) -> Args {
        Args {
            positional,
            ..Default::default()
        }
    }
    /// Positional and keyword arguments.
    pub fn with_keywords(positional: Vec<Value>, keywords: Vec<(&str, Value)>) -> Args {
        Args {
            positional,
            keywords: keywords
                .into_iter()
                .map(|(k, v)| (Rc::from(k), v))
                .collect(),
            ..Default::default()
        }
    }
    /// Number of positional plus keyword arguments.
    pub fn len(&self) -> usize {
        self.positional.len() + self.keywords.len()
    }
    pub fn is_empty(&self) -> bool {
        self.positional.is_empty() && self.keywords.is_empty()
    }
    /// The keyword argument `name`, if given.
    pub fn keyword(&self, name: &str) -> Option<&Value> {
        self.keywords
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v)
    }
    /// The span of positional argument `i`, when known.
    pub fn positional_span(&self, i: usize) -> Option<Span> {
        self.positional_spans.get(i).copied()
    }
    /// The span of keyword argument `name`'s name, when known.
    pub fn keyword_span(&self, name: &str) -> Option<Span> {
        let i = self.keywords.iter().position(|(k, _)| &**k == name)?;
        self.keyword_spans.get(i).copied()
    }
}

impl Builtin {
    /// A built-in function named `name` (also its qualname).
    pub fn new(
        name: &str,
        func: impl Fn(&mut super::Interp, Args) -> PyResult<Value> + 'static,
    ) -> Builtin {
        Builtin {
            name: Rc::from(name),
            qualname: Rc::from(name),
            is_class: false,
            func: Box::new(func),
        }
    }
    /// As a `Value`.
    pub fn value(
        name: &str,
        func: impl Fn(&mut super::Interp, Args) -> PyResult<Value> + 'static,
    ) -> Value {
        Value::Builtin(Rc::new(Builtin::new(name, func)))
    }
}

impl PyException {
    /// The class's `__name__` (last part of the qualname).
    pub fn type_name(&self) -> &str {
        self.class
            .qualname
            .rsplit('.')
            .next()
            .unwrap_or("Exception")
    }
    /// True when this exception is an instance of `cls` or of a subclass.
    pub fn is_instance(&self, cls: &ExcClass) -> bool {
        self.class.is_subclass_of(cls)
    }
    /// Sets the span unless one is already set (the innermost raiser wins).
    pub fn set_span_if_unset(&self, span: Span) {
        let mut s = self.span.borrow_mut();
        if s.is_none() {
            *s = Some(span);
        }
    }
}

/// `Ok(o)` when nothing but `o` refers to the object and it can take itself apart for `name`
/// ([`Object::consumed_by`]); `Err(o)` otherwise.
pub fn sole_object(o: Rc<dyn Object>, name: &str) -> Result<Rc<dyn Object>, Rc<dyn Object>> {
    if Rc::strong_count(&o) == 1 && Rc::weak_count(&o) == 0 && o.consumed_by(name) {
        Ok(o)
    } else {
        Err(o)
    }
}

/// What the ORM (or any other host code) implements to put its values into the evaluator.
/// Every method has a default that raises Python's usual error for an unsupported operation,
/// so an implementation only writes what its Python counterpart supports.
pub trait Object: Any {
    /// `type(obj).__name__`, used in messages such as `'QuerySet' object has no attribute 'x'`.
    fn type_name(&self) -> String;
    /// `repr(obj)`; may run queries (a QuerySet's repr does).
    fn repr(&self, it: &mut super::Interp) -> PyResult<String>;
    /// `str(obj)`; defaults to `repr`.
    fn str(&self, it: &mut super::Interp) -> PyResult<String> {
        self.repr(it)
    }
    /// `obj.name` for data attributes. `Ok(None)` means "not a data attribute": the evaluator then
    /// checks [`Object::has_method`] and otherwise raises AttributeError.
    fn get_attr(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        it: &mut super::Interp,
    ) -> PyResult<Option<Value>> {
        let _ = (me, name, it);
        Ok(None)
    }
    /// Whether `obj.name(...)` is a method call this object answers.
    fn has_method(&self, name: &str) -> bool {
        let _ = name;
        false
    }
    /// Whether `obj.name(...)` can take `obj` apart instead of copying it when the caller holds
    /// the only reference (see [`Object::call_method_owned`]).
    fn consumed_by(&self, name: &str) -> bool {
        let _ = name;
        false
    }
    /// `obj.name(*args)` on an object nothing else refers to, such as the temporary between two
    /// chained calls: the method may reuse it for its result. Only called when
    /// [`Object::consumed_by`] says so.
    fn call_method_owned(
        self: Rc<Self>,
        name: &str,
        args: Args,
        it: &mut super::Interp,
    ) -> PyResult<Value> {
        let _ = args;
        Err(it.runtime_error(format!(
            "{}.{name}() cannot take over its receiver",
            self.type_name()
        )))
    }
    /// `obj.name(*args)`. `me` is the same object as `self`, as an `Rc`, so methods can return it.
    fn call_method(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut super::Interp,
    ) -> PyResult<Value> {
        let _ = (me, args);
        Err(it.attribute_error(&self.type_name(), name))
    }
    /// `super().name(*args)` inside a method defined in models.py on class `owner`.
    fn call_super_method(
        &self,
        me: &Rc<dyn Object>,
        owner: &str,
        name: &str,
        args: Args,
        it: &mut super::Interp,
    ) -> PyResult<Value> {
        let _ = (me, owner, args);
        Err(it.attribute_error("super", name))
    }
    /// `obj.name = value`
    fn set_attr(&self, name: &str, value: Value, it: &mut super::Interp) -> PyResult<()> {
        let _ = value;
        Err(it.attribute_error(&self.type_name(), name))
    }
    /// `obj(*args)`
    fn call(&self, me: &Rc<dyn Object>, args: Args, it: &mut super::Interp) -> PyResult<Value> {
        let _ = (me, args);
        Err(it.type_error(format!("'{}' object is not callable", self.type_name())))
    }
    /// `iter(obj)`: the items, all at once (Django fills a QuerySet's result cache before the loop body runs).
    fn iter(&self, me: &Rc<dyn Object>, it: &mut super::Interp) -> PyResult<Vec<Value>> {
        let _ = me;
        Err(it.type_error(format!("'{}' object is not iterable", self.type_name())))
    }
    /// `len(obj)`
    fn len(&self, me: &Rc<dyn Object>, it: &mut super::Interp) -> PyResult<usize> {
        let _ = me;
        Err(it.type_error(format!(
            "object of type '{}' has no len()",
            self.type_name()
        )))
    }
    /// `bool(obj)`; defaults to true, as for any Python object without `__bool__`/`__len__`.
    fn truthy(&self, me: &Rc<dyn Object>, it: &mut super::Interp) -> PyResult<bool> {
        let _ = (me, it);
        Ok(true)
    }
    /// `obj[key]`; a slice arrives as [`Subscript::Slice`].
    fn get_item(
        &self,
        me: &Rc<dyn Object>,
        key: Subscript,
        it: &mut super::Interp,
    ) -> PyResult<Value> {
        let _ = (me, key);
        Err(it.type_error(format!(
            "'{}' object is not subscriptable",
            self.type_name()
        )))
    }
    /// `obj[key]` on an object nothing else refers to (see [`Object::call_method_owned`]); only
    /// called when [`Object::consumed_by`] answers true for `"__getitem__"`.
    fn get_item_owned(self: Rc<Self>, key: Subscript, it: &mut super::Interp) -> PyResult<Value> {
        let _ = key;
        Err(it.runtime_error(format!(
            "{}[...] cannot take over its receiver",
            self.type_name()
        )))
    }
    /// `obj[key] = value` (added by the evaluator; the default is Python's TypeError).
    fn set_item(
        &self,
        me: &Rc<dyn Object>,
        key: Subscript,
        value: Value,
        it: &mut super::Interp,
    ) -> PyResult<()> {
        let _ = (me, key, value);
        Err(it.type_error(format!(
            "'{}' object does not support item assignment",
            self.type_name()
        )))
    }
    /// `del obj[key]` (added by the evaluator; the default is Python's TypeError).
    fn del_item(
        &self,
        me: &Rc<dyn Object>,
        key: Subscript,
        it: &mut super::Interp,
    ) -> PyResult<()> {
        let _ = key;
        let _ = me;
        Err(it.type_error(format!(
            "'{}' object doesn't support item deletion",
            self.type_name()
        )))
    }
    /// `x in obj` (added by the evaluator). `Ok(None)` = no `__contains__`: the evaluator then
    /// iterates the object and compares each item with `==`, as Python does.
    fn contains(
        &self,
        me: &Rc<dyn Object>,
        item: &Value,
        it: &mut super::Interp,
    ) -> PyResult<Option<bool>> {
        let _ = (me, item, it);
        Ok(None)
    }
    /// `obj OP other` (or `other OP obj` when `reflected`). `Ok(None)` = NotImplemented.
    fn binop(
        &self,
        me: &Rc<dyn Object>,
        op: BinOp,
        other: &Value,
        reflected: bool,
        it: &mut super::Interp,
    ) -> PyResult<Option<Value>> {
        let _ = (me, op, other, reflected, it);
        Ok(None)
    }
    /// `-obj`, `~obj`, ... `Ok(None)` = unsupported.
    fn unary(
        &self,
        me: &Rc<dyn Object>,
        op: UnaryOp,
        it: &mut super::Interp,
    ) -> PyResult<Option<Value>> {
        let _ = (me, op, it);
        Ok(None)
    }
    /// `obj OP other` for comparisons. `Ok(None)` = NotImplemented (the evaluator then falls back
    /// to identity for `==`/`!=` and raises TypeError for ordering).
    fn compare(
        &self,
        me: &Rc<dyn Object>,
        op: CmpOp,
        other: &Value,
        it: &mut super::Interp,
    ) -> PyResult<Option<bool>> {
        let _ = (me, op, other, it);
        Ok(None)
    }
    /// `hash(obj)`; `None` = unhashable.
    fn hash(&self, me: &Rc<dyn Object>) -> Option<u64> {
        Some(Rc::as_ptr(me) as *const () as usize as u64)
    }
    /// `isinstance(obj, cls)` where `cls` is an Object (a model class): answered by the object.
    fn is_instance_of(&self, cls: &Value) -> bool {
        let _ = cls;
        false
    }
    /// Enter/exit for `with obj:` (e.g. `transaction.atomic()`); `exit` gets the pending exception
    /// and returns true to swallow it.
    fn enter(&self, me: &Rc<dyn Object>, it: &mut super::Interp) -> PyResult<Value> {
        let _ = me;
        Err(it.type_error(format!(
            "'{}' object does not support the context manager protocol",
            self.type_name()
        )))
    }
    fn exit(
        &self,
        me: &Rc<dyn Object>,
        exc: Option<&Rc<PyException>>,
        it: &mut super::Interp,
    ) -> PyResult<bool> {
        let _ = (me, exc, it);
        Ok(false)
    }
    /// For downcasting to the concrete type.
    fn as_any(&self) -> &dyn Any;
}

/// The key of `obj[key]` as the evaluator hands it to an [`Object`].
pub enum Subscript {
    Index(Value),
    /// `lower:upper:step` with each part evaluated (None when omitted or `None`).
    Slice(Option<Value>, Option<Value>, Option<Value>),
}

impl Value {
    /// The type's name as CPython's messages print it (`tp_name`): like [`Value::type_name`] but
    /// module-qualified for the C types that live in a module (`'decimal.Decimal'`,
    /// `'datetime.date'`), as in `unsupported operand type(s) for +: 'datetime.date' and 'int'`.
    pub fn tp_name(&self) -> String {
        match self {
            Value::Decimal(_) => "decimal.Decimal".into(),
            Value::Date(_) => "datetime.date".into(),
            Value::DateTime(..) => "datetime.datetime".into(),
            Value::Time(_) => "datetime.time".into(),
            Value::TimeDelta(_) => "datetime.timedelta".into(),
            other => other.type_name(),
        }
    }

    /// `type(v).__name__`
    pub fn type_name(&self) -> String {
        match self {
            Value::None => "NoneType".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) | Value::BigInt(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) => "str".into(),
            Value::Bytes(_) => "bytes".into(),
            Value::List(_) => "list".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Dict(_) => "dict".into(),
            Value::Set(_) => "set".into(),
            Value::Decimal(_) => "Decimal".into(),
            Value::Date(_) => "date".into(),
            Value::DateTime(..) => "datetime".into(),
            Value::Time(_) => "time".into(),
            Value::TimeDelta(_) => "timedelta".into(),
            Value::Range(..) => "range".into(),
            Value::Function(_) => "function".into(),
            Value::Builtin(b) if b.is_class => "type".into(),
            Value::Builtin(_) => "builtin_function_or_method".into(),
            Value::BoundMethod(_) => "method".into(),
            Value::Type(_) | Value::ExcClass(_) => "type".into(),
            Value::Exception(e) => e
                .class
                .qualname
                .rsplit('.')
                .next()
                .unwrap_or("Exception")
                .into(),
            Value::Module(_) => "module".into(),
            Value::Object(o) => o.type_name(),
        }
    }

    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    /// A tuple value.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::from(items))
    }

    /// An int from a BigInt, as `Value::Int` when it fits (the one-representation rule).
    pub fn from_bigint(b: BigInt) -> Value {
        use num_traits::ToPrimitive;
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::BigInt(Rc::new(b)),
        }
    }

    /// The `&str` of a `Value::Str`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a `Value::Int` (or `Bool`, which is an int in Python).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        }
    }

    /// True for `None`.
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    pub fn object<T: Object>(o: T) -> Value {
        Value::Object(Rc::new(o))
    }

    /// The object as `T`, when it is one.
    pub fn downcast<T: Object>(&self) -> Option<&T> {
        match self {
            Value::Object(o) => o.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }
}
