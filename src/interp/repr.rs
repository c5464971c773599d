//! `repr()` and `str()` exactly as CPython prints them: shortest float repr with Python's
//! exponent rules, string quoting and escapes, containers (`(1,)`, `set()`, `{}`), functions,
//! classes and modules, and the 4300-digit limit on int-to-str conversion.

use std::rc::Rc;

use num_bigint::BigInt;

use super::Interp;
use super::value::{BuiltinType, PyResult, Value};

/// CPython 3.11's default `sys.get_int_max_str_digits()`.
pub(crate) const INT_MAX_STR_DIGITS: usize = 4300;

/// `repr(float)`: the shortest digits that round-trip, in fixed notation when the decimal
/// exponent is in -4..16, otherwise `1e+16` style (CPython's `float_repr_style = 'short'`).
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let (neg, digits, exp) = shortest_digits(f);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    // `exp` is the exponent of the first digit: value = 0.d1d2... * 10^(exp+1).
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                for _ in digits.len()..int_len {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}

/// The shortest round-trip digits of `f` (no trailing zeros) and the decimal exponent of the
/// first digit, taken from Rust's `{:e}` formatting (which is shortest round-trip).
pub(crate) fn shortest_digits(f: f64) -> (bool, String, i32) {
    let s = format!("{:e}", f);
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.as_str()),
    };
    let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let digits = digits.trim_end_matches('0').to_string();
    let digits = if digits.is_empty() {
        "0".to_string()
    } else {
        digits
    };
    (neg, digits, exp.parse().unwrap_or(0))
}

/// `repr(str)`: CPython's quote choice and escapes.
pub fn str_repr(s: &str) -> String {
    crate::util::pystr::str_repr(s, false)
}

pub(crate) use crate::util::pystr::is_printable;

/// `repr(bytes)`.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

impl BuiltinType {
    /// `__name__`.
    pub fn name(self) -> &'static str {
        match self {
            BuiltinType::Object => "object",
            BuiltinType::NoneType => "NoneType",
            BuiltinType::Bool => "bool",
            BuiltinType::Int => "int",
            BuiltinType::Float => "float",
            BuiltinType::Str => "str",
            BuiltinType::Bytes => "bytes",
            BuiltinType::List => "list",
            BuiltinType::Tuple => "tuple",
            BuiltinType::Dict => "dict",
            BuiltinType::Set => "set",
            BuiltinType::FrozenSet => "frozenset",
            BuiltinType::Range => "range",
            BuiltinType::Type => "type",
            BuiltinType::Decimal => "Decimal",
            BuiltinType::Date => "date",
            BuiltinType::DateTime => "datetime",
            BuiltinType::Time => "time",
            BuiltinType::TimeDelta => "timedelta",
            BuiltinType::Function => "function",
            BuiltinType::Module => "module",
            BuiltinType::BuiltinFunction => "builtin_function_or_method",
            BuiltinType::Method => "method",
        }
    }

    /// The qualified name in `<class '...'>`.
    pub fn full_name(self) -> &'static str {
        match self {
            BuiltinType::Decimal => "decimal.Decimal",
            BuiltinType::Date => "datetime.date",
            BuiltinType::DateTime => "datetime.datetime",
            BuiltinType::Time => "datetime.time",
            BuiltinType::TimeDelta => "datetime.timedelta",
            other => other.name(),
        }
    }
}

fn addr<T: ?Sized>(r: &Rc<T>) -> usize {
    Rc::as_ptr(r) as *const () as usize
}

impl Interp {
    /// Decimal text of an int, with CPython 3.11's digit limit.
    pub(crate) fn big_to_string(&self, b: &BigInt) -> PyResult<String> {
        // 14 290 bits always make more than 4300 digits: refuse before the (quadratic)
        // conversion of a huge number.
        if b.bits() > 14_290 {
            return Err(self.value_error(format!(
                "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
            )));
        }
        if b.bits() > 14_200 {
            let s = b.to_string();
            let digits = s.trim_start_matches('-').len();
            if digits > INT_MAX_STR_DIGITS {
                return Err(self.value_error(format!(
                    "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
                )));
            }
            return Ok(s);
        }
        Ok(b.to_string())
    }

    /// `repr(v)`.
    pub(crate) fn repr_value(&mut self, v: &Value) -> PyResult<String> {
        Ok(match v {
            Value::None => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => self.big_to_string(b)?,
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => str_repr(s),
            Value::Bytes(b) => bytes_repr(b),
            Value::List(l) => {
                let key = addr(l);
                if self.repr_stack.contains(&key) {
                    return Ok("[...]".into());
                }
                let items = l.borrow().clone();
                self.repr_stack.push(key);
                let r = self.repr_items(&items);
                self.repr_stack.pop();
                format!("[{}]", r?)
            }
            Value::Tuple(t) => {
                let inner = self.repr_items(t)?;
                if t.len() == 1 {
                    format!("({inner},)")
                } else {
                    format!("({inner})")
                }
            }
            Value::Dict(d) => {
                let key = addr(d);
                if self.repr_stack.contains(&key) {
                    return Ok("{...}".into());
                }
                let entries = d.borrow().entries.clone();
                self.repr_stack.push(key);
                let r = self.nested(|it| {
                    let mut parts = Vec::with_capacity(entries.len());
                    for (k, v) in &entries {
                        parts.push(format!("{}: {}", it.repr_value(k)?, it.repr_value(v)?));
                    }
                    Ok(parts.join(", "))
                });
                self.repr_stack.pop();
                format!("{{{}}}", r?)
            }
            Value::Set(s) => {
                let items: Vec<Value> = super::collections::set_order(&s.borrow());
                if items.is_empty() {
                    "set()".into()
                } else {
                    format!("{{{}}}", self.repr_items(&items)?)
                }
            }
            Value::Decimal(d) => format!("Decimal('{}')", super::decimal::decimal_str(d)),
            Value::Date(_) | Value::DateTime(..) | Value::Time(_) | Value::TimeDelta(_) => {
                super::datetime::repr_datetime_value(v)
            }
            Value::Range(a, b, c) => {
                if *c == 1 {
                    format!("range({a}, {b})")
                } else {
                    format!("range({a}, {b}, {c})")
                }
            }
            Value::Function(f) => format!("<function {} at {:#x}>", f.name, addr(f)),
            Value::Builtin(b) => {
                if b.is_class {
                    format!("<class '{}'>", b.qualname)
                } else {
                    format!("<built-in function {}>", b.name)
                }
            }
            Value::BoundMethod(m) => match &m.receiver {
                Value::Object(o) => {
                    let r = self.nested(|it| it.repr_value(&m.receiver))?;
                    format!("<bound method {}.{} of {}>", o.type_name(), m.name, r)
                }
                Value::Type(t) => format!("<method '{}' of '{}' objects>", m.name, t.name()),
                Value::Module(md) => format!("<built-in function {}>", {
                    let _ = md;
                    &m.name
                }),
                r => format!(
                    "<built-in method {} of {} object at {:#x}>",
                    m.name,
                    r.type_name(),
                    addr(m)
                ),
            },
            Value::Type(t) => format!("<class '{}'>", t.full_name()),
            Value::ExcClass(c) => {
                if &*c.module == "builtins" {
                    format!("<class '{}'>", c.qualname)
                } else {
                    format!("<class '{}.{}'>", c.module, c.qualname)
                }
            }
            Value::Exception(e) => self.exception_repr(e)?,
            Value::Module(m) => {
                if super::modules::BUILTIN_MODULES.contains(&&*m.name) {
                    format!("<module '{}' (built-in)>", m.name)
                } else {
                    format!("<module '{}'>", m.name)
                }
            }
            Value::Object(o) => {
                self.display_stack.push(v.clone());
                let r = self.nested(|it| o.repr(it));
                self.display_stack.pop();
                r?
            }
        })
    }

    fn repr_items(&mut self, items: &[Value]) -> PyResult<String> {
        self.nested(|it| {
            let mut parts = Vec::with_capacity(items.len());
            for x in items {
                parts.push(it.repr_value(x)?);
            }
            Ok(parts.join(", "))
        })
    }

    /// `str(v)`.
    pub(crate) fn str_value(&mut self, v: &Value) -> PyResult<String> {
        Ok(match v {
            Value::Str(s) => str::to_owned(s),
            Value::Decimal(d) => super::decimal::decimal_str(d),
            Value::Date(_) | Value::DateTime(..) | Value::Time(_) | Value::TimeDelta(_) => {
                super::datetime::str_datetime_value(v)
            }
            Value::Exception(e) => self.exception_str(e)?,
            Value::Object(o) => {
                self.display_stack.push(v.clone());
                let r = self.nested(|it| o.str(it));
                self.display_stack.pop();
                r?
            }
            _ => self.repr_value(v)?,
        })
    }

    /// `ascii(v)`: `repr` with non-ASCII escaped.
    pub(crate) fn ascii_value(&mut self, v: &Value) -> PyResult<String> {
        let r = self.repr_value(v)?;
        let mut out = String::with_capacity(r.len());
        for c in r.chars() {
            let n = c as u32;
            if n < 0x80 {
                out.push(c);
            } else if n <= 0xff {
                out.push_str(&format!("\\x{n:02x}"));
            } else if n <= 0xffff {
                out.push_str(&format!("\\u{n:04x}"));
            } else {
                out.push_str(&format!("\\U{n:08x}"));
            }
        }
        Ok(out)
    }
}
