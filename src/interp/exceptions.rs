//! Python's built-in exception classes (with their real `base` chains), exception constructors
//! for Rust code, `str()`/`repr()` of exceptions, and CPython 3.11's "Did you mean" suggestions.

use std::cell::RefCell;
use std::rc::Rc;

use super::Interp;
use super::value::{ExcClass, PyException, Value};

/// (name, base) in an order where each base comes before its subclasses.
const BUILTIN_CLASSES: &[(&str, Option<&str>)] = &[
    ("BaseException", None),
    ("SystemExit", Some("BaseException")),
    ("KeyboardInterrupt", Some("BaseException")),
    ("GeneratorExit", Some("BaseException")),
    ("Exception", Some("BaseException")),
    ("ArithmeticError", Some("Exception")),
    ("FloatingPointError", Some("ArithmeticError")),
    ("OverflowError", Some("ArithmeticError")),
    ("ZeroDivisionError", Some("ArithmeticError")),
    ("AssertionError", Some("Exception")),
    ("AttributeError", Some("Exception")),
    ("BufferError", Some("Exception")),
    ("EOFError", Some("Exception")),
    ("ImportError", Some("Exception")),
    ("ModuleNotFoundError", Some("ImportError")),
    ("LookupError", Some("Exception")),
    ("IndexError", Some("LookupError")),
    ("KeyError", Some("LookupError")),
    ("MemoryError", Some("Exception")),
    ("NameError", Some("Exception")),
    ("UnboundLocalError", Some("NameError")),
    ("OSError", Some("Exception")),
    ("FileNotFoundError", Some("OSError")),
    ("PermissionError", Some("OSError")),
    ("TimeoutError", Some("OSError")),
    ("ReferenceError", Some("Exception")),
    ("RuntimeError", Some("Exception")),
    ("NotImplementedError", Some("RuntimeError")),
    ("RecursionError", Some("RuntimeError")),
    ("StopIteration", Some("Exception")),
    ("SyntaxError", Some("Exception")),
    ("IndentationError", Some("SyntaxError")),
    ("SystemError", Some("Exception")),
    ("TypeError", Some("Exception")),
    ("ValueError", Some("Exception")),
    ("UnicodeError", Some("ValueError")),
    ("UnicodeDecodeError", Some("UnicodeError")),
    ("UnicodeEncodeError", Some("UnicodeError")),
    ("Warning", Some("Exception")),
    ("UserWarning", Some("Warning")),
    ("DeprecationWarning", Some("Warning")),
    ("RuntimeWarning", Some("Warning")),
];

pub(crate) fn install(it: &mut Interp) {
    for (name, base) in BUILTIN_CLASSES {
        let base = base.and_then(|b| it.exc_classes.get(b).cloned());
        let cls = Rc::new(ExcClass {
            qualname: Rc::from(*name),
            module: Rc::from("builtins"),
            base,
            other_bases: Vec::new(),
        });
        it.exc_classes.insert(name, cls.clone());
        it.builtins.insert(Rc::from(*name), Value::ExcClass(cls));
    }
}

impl Interp {
    /// A built-in exception class by name (`"KeyError"`). An unknown name gets a fresh class
    /// deriving from `Exception` rather than a panic.
    pub fn exc_class(&self, qualname: &str) -> Rc<ExcClass> {
        if let Some(c) = self.exc_classes.get(qualname) {
            return c.clone();
        }
        Rc::new(ExcClass {
            qualname: Rc::from(qualname),
            module: Rc::from("builtins"),
            base: self.exc_classes.get("Exception").cloned(),
            other_bases: Vec::new(),
        })
    }

    /// A new exception class (what `class MyError(ValueError): pass` makes, or the ORM's
    /// `Book.DoesNotExist`).
    pub fn new_exc_class(&self, qualname: &str, module: &str, base: Rc<ExcClass>) -> Rc<ExcClass> {
        Rc::new(ExcClass {
            qualname: Rc::from(qualname),
            module: Rc::from(module),
            base: Some(base),
            other_bases: Vec::new(),
        })
    }

    /// An exception of `class` whose single argument is `message` (no argument when empty,
    /// so `str(e)` is `''` either way).
    pub fn new_exception(
        &self,
        class: Rc<ExcClass>,
        message: impl Into<String>,
    ) -> Rc<PyException> {
        let m: String = message.into();
        let args = if m.is_empty() {
            Vec::new()
        } else {
            vec![Value::Str(Rc::from(m.as_str()))]
        };
        new_exc_with_args(class, args)
    }

    /// An exception with explicit args (`KeyError(key)` keeps the key itself).
    pub fn new_exception_args(&self, class: Rc<ExcClass>, args: Vec<Value>) -> Rc<PyException> {
        new_exc_with_args(class, args)
    }

    pub fn type_error(&self, msg: impl Into<String>) -> Rc<PyException> {
        self.new_exception(self.exc_class("TypeError"), msg)
    }

    pub fn value_error(&self, msg: impl Into<String>) -> Rc<PyException> {
        self.new_exception(self.exc_class("ValueError"), msg)
    }

    pub fn index_error(&self, msg: impl Into<String>) -> Rc<PyException> {
        self.new_exception(self.exc_class("IndexError"), msg)
    }

    pub fn overflow_error(&self, msg: impl Into<String>) -> Rc<PyException> {
        self.new_exception(self.exc_class("OverflowError"), msg)
    }

    pub fn zero_division(&self, msg: impl Into<String>) -> Rc<PyException> {
        self.new_exception(self.exc_class("ZeroDivisionError"), msg)
    }

    pub fn runtime_error(&self, msg: impl Into<String>) -> Rc<PyException> {
        self.new_exception(self.exc_class("RuntimeError"), msg)
    }

    pub fn not_implemented(&self, msg: impl Into<String>) -> Rc<PyException> {
        self.new_exception(self.exc_class("NotImplementedError"), msg)
    }

    /// `MemoryError` with no message, what CPython raises for an allocation it cannot make.
    pub fn memory_error(&self) -> Rc<PyException> {
        self.new_exception(self.exc_class("MemoryError"), "")
    }

    /// `KeyError(key)`: `str()` shows the key's repr.
    pub fn key_error(&self, key: Value) -> Rc<PyException> {
        new_exc_with_args(self.exc_class("KeyError"), vec![key])
    }

    /// `AttributeError: 'int' object has no attribute 'foo'`.
    pub fn attribute_error(&self, type_name: &str, attr: &str) -> Rc<PyException> {
        self.new_exception(
            self.exc_class("AttributeError"),
            format!("'{type_name}' object has no attribute '{attr}'"),
        )
    }

    /// Like [`Interp::attribute_error`], with CPython 3.11's "Did you mean" hint chosen from
    /// `candidates` (the object's attribute names).
    pub fn attribute_error_with_hint(
        &self,
        type_name: &str,
        attr: &str,
        candidates: Vec<String>,
    ) -> Rc<PyException> {
        let e = self.attribute_error(type_name, attr);
        if let Some(s) = suggest(attr, candidates) {
            *e.hint.borrow_mut() = Some(format!("Did you mean: '{s}'?"));
        }
        e
    }

    /// `str(e)`: no args → `''`, one → `str(arg)` (`repr` for KeyError), several → `repr(args)`.
    pub fn exception_str(&mut self, e: &PyException) -> super::PyResult<String> {
        match e.args.len() {
            0 => Ok(String::new()),
            1 => {
                let key_error = e.class.is_subclass_of(&self.exc_class("KeyError"));
                if key_error {
                    self.repr_value(&e.args[0])
                } else {
                    self.str_value(&e.args[0])
                }
            }
            _ => self.repr_value(&Value::Tuple(Rc::from(e.args.clone()))),
        }
    }

    /// `repr(e)`: `ValueError('x')`, `KeyError('x')`, `ValueError()`, `ValueError(1, 2)`.
    pub fn exception_repr(&mut self, e: &PyException) -> super::PyResult<String> {
        let mut parts = Vec::with_capacity(e.args.len());
        for a in &e.args {
            parts.push(self.repr_value(a)?);
        }
        Ok(format!("{}({})", e.type_name(), parts.join(", ")))
    }

    /// The name a traceback prints for the class: bare for `builtins` and `__main__`, otherwise
    /// module-qualified (`decimal.InvalidOperation`, `bookstore.models.Book.DoesNotExist`).
    pub fn exception_type_display(&self, e: &PyException) -> String {
        let m = &*e.class.module;
        if m == "builtins" || m == "__main__" || m.is_empty() {
            e.class.qualname.to_string()
        } else {
            format!("{m}.{}", e.class.qualname)
        }
    }

    /// The last line of a traceback: `KeyError: 'x'`, or just `StopIteration` when `str(e)` is empty.
    pub fn format_exception(&mut self, e: &PyException) -> String {
        let name = self.exception_type_display(e);
        let msg = match self.exception_str(e) {
            Ok(m) => m,
            Err(_) => "<exception str() failed>".to_string(),
        };
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }
}

pub(crate) fn new_exc_with_args(class: Rc<ExcClass>, args: Vec<Value>) -> Rc<PyException> {
    Rc::new(PyException {
        class,
        args,
        span: RefCell::new(None),
        hint: RefCell::new(None),
    })
}

const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;
const MAX_STRING_SIZE: usize = 40;
const MAX_CANDIDATE_ITEMS: usize = 750;

fn substitution_cost(a: u8, b: u8) -> usize {
    if (a & 31) != (b & 31) {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// CPython 3.11's `levenshtein_distance` (Python/suggestions.c), on bytes.
fn levenshtein(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    let (mut a, mut b) = (a, b);
    while !a.is_empty() && !b.is_empty() && a[0] == b[0] {
        a = &a[1..];
        b = &b[1..];
    }
    while !a.is_empty() && !b.is_empty() && a[a.len() - 1] == b[b.len() - 1] {
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut buffer: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (b_index, &code) in b.iter().enumerate() {
        let mut distance = b_index * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (index, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, ac);
            distance = buffer[index];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[index] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// CPython 3.11's `calculate_suggestions`: the closest candidate (sorted as `dir()` sorts),
/// if close enough.
pub(crate) fn suggest(name: &str, mut candidates: Vec<String>) -> Option<String> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    candidates.sort();
    candidates.dedup();
    let mut best: Option<String> = None;
    let mut best_distance = usize::MAX;
    for c in candidates {
        if c == name {
            continue;
        }
        let mut max_distance = (name.len() + c.len() + 3) * MOVE_COST / 6;
        max_distance = max_distance.min(best_distance.saturating_sub(1));
        let d = levenshtein(name.as_bytes(), c.as_bytes(), max_distance);
        if d > max_distance {
            continue;
        }
        if best.is_none() || d < best_distance {
            best = Some(c);
            best_distance = d;
        }
    }
    best
}
