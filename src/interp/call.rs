//! Calls and attributes: calling every kind of callable, binding arguments to a Python
//! function's parameters, method dispatch on built-in types and Objects, and attribute get/set.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::Signed;

use super::Interp;
use super::args::bind_generic;
use super::collections::{DICT_METHODS, LIST_METHODS, SET_METHODS, TUPLE_METHODS};
use super::eval_stmt::Flow;
use super::numbers::to_big;
use super::scope::{Frame, FrameKind};
use super::str_methods::{BYTES_METHODS, STR_METHODS};
use super::value::{
    Args, BoundMethod, BuiltinType, Function, FunctionBody, PyResult, Scope, Value,
};

const INT_METHODS: &[&str] = &[
    "bit_length",
    "conjugate",
    "bit_count",
    "is_integer",
    "as_integer_ratio",
];
const FLOAT_METHODS: &[&str] = &["is_integer", "conjugate", "as_integer_ratio", "hex"];
const EXC_METHODS: &[&str] = &["with_traceback", "add_note"];

impl Interp {
    /// Calls any callable value.
    pub(crate) fn call_value(&mut self, f: &Value, args: Args) -> PyResult<Value> {
        match f {
            Value::Function(func) => self.call_function(func, args),
            Value::Builtin(b) => {
                let b = b.clone();
                (b.func)(self, args)
            }
            Value::BoundMethod(m) => {
                let m = m.clone();
                if let Value::Type(t) = &m.receiver {
                    return self.call_unbound(*t, &m.name, args);
                }
                self.call_method_value(&m.receiver, &m.name, args)
            }
            Value::Type(t) => self.construct(*t, args),
            Value::ExcClass(c) => self.instantiate_exception(c, args),
            Value::Object(o) => {
                let o = o.clone();
                o.call(&o, args, self)
            }
            _ => Err(self.not_callable(f)),
        }
    }

    #[inline(never)]
    fn not_callable(&self, f: &Value) -> Rc<super::PyException> {
        self.type_error(format!("'{}' object is not callable", f.tp_name()))
    }

    #[inline(never)]
    fn instantiate_exception(
        &mut self,
        c: &Rc<super::value::ExcClass>,
        args: Args,
    ) -> PyResult<Value> {
        if let Some(r) = self.exception_host_init(c, &args) {
            return r;
        }
        if !args.keywords.is_empty() {
            return Err(self.type_error(format!(
                "{}() takes no keyword arguments",
                c.qualname.rsplit('.').next().unwrap_or("")
            )));
        }
        Ok(Value::Exception(super::exceptions::new_exc_with_args(
            c.clone(),
            args.positional,
        )))
    }

    /// Calls a `def`/`lambda` function: binds parameters, pushes a frame, runs the body.
    pub(crate) fn call_function(&mut self, f: &Rc<Function>, args: Args) -> PyResult<Value> {
        self.check_interrupt()?;
        self.enter_level()?;
        let r = self.call_function_inner(f, args);
        self.leave_level();
        r
    }

    #[inline(never)]
    fn call_function_inner(&mut self, f: &Rc<Function>, args: Args) -> PyResult<Value> {
        let info = self.fn_info(f);
        let vars = self.bind_params(f, &info, args)?;
        let scope = Rc::new(RefCell::new(Scope {
            vars,
            parent: f.closure.clone(),
        }));
        self.frames.push(Frame {
            scope,
            kind: FrameKind::Function {
                info,
                func: f.clone(),
            },
        });
        let r = match &f.body {
            FunctionBody::Block(body) => match self.exec_block(body) {
                Ok(Flow::Return(v)) => Ok(v),
                Ok(Flow::Normal) => Ok(Value::None),
                Ok(_) => Err(self.stray_loop_control()),
                Err(e) => Err(e),
            },
            FunctionBody::Lambda(e) => self.eval(e),
        };
        if let Some(frame) = self.frames.pop()
            && let Ok(cell) = Rc::try_unwrap(frame.scope)
        {
            super::dispose::dispose_map(cell.into_inner().vars);
        }
        r
    }

    #[inline(never)]
    fn stray_loop_control(&self) -> Rc<super::PyException> {
        self.new_exception(self.exc_class("SyntaxError"), "'break' outside loop")
    }

    /// The name CPython's argument errors show: `f`, `outer.<locals>.f`, `Book.save`.
    fn func_display_name(f: &Function) -> String {
        match &f.owner_class {
            Some(c) if !f.name.contains('.') => format!("{c}.{}", f.name),
            _ => f.name.to_string(),
        }
    }

    #[inline(never)]
    fn bind_params(
        &mut self,
        f: &Function,
        info: &super::scope::FnInfo,
        args: Args,
    ) -> PyResult<crate::interp::value::NameMap> {
        let p = &f.params;
        let mut vars = crate::interp::value::NameMap::with_capacity_and_hasher(
            p.args.len() + 2,
            Default::default(),
        );
        // Fast path: exactly the positional parameters, nothing else.
        if args.keywords.is_empty()
            && p.vararg.is_none()
            && p.kwarg.is_none()
            && p.kwonly.is_empty()
            && args.positional.len() == p.args.len()
        {
            for (name, v) in info.positional.iter().zip(args.positional) {
                vars.insert(name.clone(), v);
            }
            return Ok(vars);
        }
        let names: Vec<&str> = p.args.iter().map(|x| x.name.as_str()).collect();
        let has_default = |i: usize| f.defaults.get(i).is_some_and(|d| d.is_some());
        let kwonly: Vec<&str> = p.kwonly.iter().map(|x| x.name.as_str()).collect();
        let kw_has_default = |i: usize| f.kw_defaults.get(i).is_some_and(|d| d.is_some());
        let display = Self::func_display_name(f);
        let bound = bind_generic(
            self,
            &display,
            &names,
            &has_default,
            &kwonly,
            &kw_has_default,
            p.vararg.is_some(),
            p.kwarg.is_some(),
            args,
        )?;
        for (i, v) in bound.values.into_iter().enumerate() {
            let v = match v {
                Some(v) => v,
                None => f.defaults.get(i).cloned().flatten().unwrap_or(Value::None),
            };
            vars.insert(Rc::from(names[i]), v);
        }
        for (i, v) in bound.kwonly.into_iter().enumerate() {
            let v = match v {
                Some(v) => v,
                None => f
                    .kw_defaults
                    .get(i)
                    .cloned()
                    .flatten()
                    .unwrap_or(Value::None),
            };
            vars.insert(Rc::from(kwonly[i]), v);
        }
        if let Some(va) = &p.vararg {
            vars.insert(Rc::from(va.as_str()), Value::tuple(bound.varargs));
        }
        if let Some(kw) = &p.kwarg {
            let d = self.new_dict(
                bound
                    .varkw
                    .into_iter()
                    .map(|(k, v)| (Value::Str(k), v))
                    .collect(),
            )?;
            vars.insert(Rc::from(kw.as_str()), d);
        }
        Ok(vars)
    }

    /// Whether `v.name` is a method of a built-in (non-Object) value.
    pub(crate) fn has_builtin_method(&self, v: &Value, name: &str) -> bool {
        match v {
            Value::Str(_) => STR_METHODS.contains(&name),
            Value::List(_) => LIST_METHODS.contains(&name),
            Value::Dict(_) => DICT_METHODS.contains(&name),
            Value::Set(_) => SET_METHODS.contains(&name),
            Value::Tuple(_) | Value::Range(..) => TUPLE_METHODS.contains(&name),
            Value::Bytes(_) => BYTES_METHODS.contains(&name),
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => INT_METHODS.contains(&name),
            Value::Float(_) => FLOAT_METHODS.contains(&name),
            Value::Decimal(_) => super::decimal::DECIMAL_METHODS.contains(&name),
            Value::Date(_) | Value::DateTime(..) | Value::Time(_) | Value::TimeDelta(_) => {
                super::datetime::has_method(v, name)
            }
            Value::Exception(_) => EXC_METHODS.contains(&name),
            _ => false,
        }
    }

    /// `o.name(*args)` for an object. When `o` is the only reference left (a temporary, such
    /// as the QuerySet between two chained calls), a method that makes a new object from its
    /// receiver may take it over instead of copying it.
    pub(crate) fn call_object_method(
        &mut self,
        o: Rc<dyn super::Object>,
        name: &str,
        args: Args,
    ) -> PyResult<Value> {
        if let Some(f) = o.get_attr(&o, name, self)? {
            return self.call_value(&f, args);
        }
        if !o.has_method(name) {
            return Err(self.attribute_error(&o.type_name(), name));
        }
        match super::value::sole_object(o, name) {
            Ok(o) => o.call_method_owned(name, args, self),
            Err(o) => o.call_method(&o, name, args, self),
        }
    }

    /// `recv.name(*args)`.
    pub(crate) fn call_method_value(
        &mut self,
        recv: &Value,
        name: &str,
        args: Args,
    ) -> PyResult<Value> {
        let r = match recv {
            Value::Object(o) => return self.call_object_method(o.clone(), name, args),
            Value::Str(s) if STR_METHODS.contains(&name) => {
                let r = self.str_method(s, name, args);
                return self.or_missing(r, recv, name);
            }
            Value::List(l) if LIST_METHODS.contains(&name) => {
                let r = self.list_method(l, name, args);
                return self.or_missing(r, recv, name);
            }
            Value::Dict(d) if DICT_METHODS.contains(&name) => {
                let r = self.dict_method(d, name, args);
                return self.or_missing(r, recv, name);
            }
            Value::Set(s) if SET_METHODS.contains(&name) => {
                let r = self.set_method(s, name, args);
                return self.or_missing(r, recv, name);
            }
            Value::Tuple(t) if TUPLE_METHODS.contains(&name) => {
                {
                    let r = self.tuple_method(t, "tuple", name, args);
                    return self.or_missing(r, recv, name);
                };
            }
            Value::Range(..) if TUPLE_METHODS.contains(&name) => {
                {
                    let r = self.range_method(recv, name, args);
                    return self.or_missing(r, recv, name);
                };
            }
            Value::Bytes(b) if BYTES_METHODS.contains(&name) => {
                let r = self.bytes_method(b, name, args);
                return self.or_missing(r, recv, name);
            }
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_)
                if self.has_builtin_method(recv, name) =>
            {
                return self.number_method(recv, name, args);
            }
            Value::Decimal(d) if super::decimal::DECIMAL_METHODS.contains(&name) => {
                return self.decimal_method(d, name, args);
            }
            Value::Date(_) | Value::DateTime(..) | Value::Time(_) | Value::TimeDelta(_)
                if super::datetime::has_method(recv, name) =>
            {
                return self.datetime_method(recv, name, args);
            }
            Value::Exception(_) if EXC_METHODS.contains(&name) => Some(Ok(recv.clone())),
            _ => None,
        };
        match r {
            Some(r) => r,
            None => {
                let f = self.get_attribute(recv, name)?;
                self.call_value(&f, args)
            }
        }
    }

    fn or_missing(&self, r: Option<PyResult<Value>>, recv: &Value, name: &str) -> PyResult<Value> {
        r.unwrap_or_else(|| Err(self.attribute_error(&recv.tp_name(), name)))
    }

    fn number_method(&mut self, v: &Value, name: &str, args: Args) -> PyResult<Value> {
        match (name, v) {
            ("bit_length", _) => {
                self.check_no_args(&args, "int.bit_length")?;
                Ok(Value::Int(to_big(v).unwrap_or_default().bits() as i64))
            }
            ("bit_count", _) => {
                self.check_no_args(&args, "int.bit_count")?;
                let b = to_big(v).unwrap_or_default().abs();
                Ok(Value::Int(
                    b.to_u64_digits()
                        .1
                        .iter()
                        .map(|d| d.count_ones() as i64)
                        .sum(),
                ))
            }
            ("conjugate", Value::Bool(b)) => Ok(Value::Int(*b as i64)),
            ("conjugate", _) => Ok(v.clone()),
            ("is_integer", Value::Float(f)) => {
                self.check_no_args(&args, "float.is_integer")?;
                Ok(Value::Bool(f.is_finite() && f.fract() == 0.0))
            }
            ("is_integer", _) => Ok(Value::Bool(true)),
            ("as_integer_ratio", Value::Float(f)) => {
                if !f.is_finite() {
                    return Err(self.overflow_error("cannot convert Infinity to integer ratio"));
                }
                let (mut num, mut den) = (BigInt::from(0), BigInt::from(1));
                if *f != 0.0 {
                    let bits = f.to_bits();
                    let exp = ((bits >> 52) & 0x7ff) as i64;
                    let mant = if exp == 0 {
                        (bits & ((1 << 52) - 1)) << 1
                    } else {
                        (bits & ((1 << 52) - 1)) | (1 << 52)
                    };
                    let e = exp - 1075;
                    num = BigInt::from(mant);
                    if e >= 0 {
                        num <<= e as u64;
                    } else {
                        den <<= (-e) as u64;
                    }
                    let g = num_integer::Integer::gcd(&num, &den);
                    num /= &g;
                    den /= &g;
                    if *f < 0.0 {
                        num = -num;
                    }
                }
                Ok(Value::tuple(vec![
                    Value::from_bigint(num),
                    Value::from_bigint(den),
                ]))
            }
            ("as_integer_ratio", _) => Ok(Value::tuple(vec![
                Value::from_bigint(to_big(v).unwrap_or_default()),
                Value::Int(1),
            ])),
            ("hex", Value::Float(f)) => Ok(Value::str(&format!("{f:e}"))),
            _ => Err(self.attribute_error(&v.tp_name(), name)),
        }
    }

    /// `v.name`.
    pub(crate) fn get_attribute(&mut self, v: &Value, name: &str) -> PyResult<Value> {
        if let Value::Object(o) = v {
            let o = o.clone();
            if let Some(x) = o.get_attr(&o, name, self)? {
                return Ok(x);
            }
            if o.has_method(name) {
                return Ok(Value::BoundMethod(Rc::new(BoundMethod {
                    receiver: v.clone(),
                    name: Rc::from(name),
                })));
            }
            if name == "__class__" {
                return self.type_of(v);
            }
            return Err(self.attribute_error(&o.type_name(), name));
        }
        if let Some(x) = self.data_attribute(v, name)? {
            return Ok(x);
        }
        if let Value::Exception(e) = v
            && let Some(r) = self.exception_host_attr(e, name)
        {
            return r;
        }
        if self.has_builtin_method(v, name) {
            return Ok(Value::BoundMethod(Rc::new(BoundMethod {
                receiver: v.clone(),
                name: Rc::from(name),
            })));
        }
        Err(self.no_attribute(v, name))
    }

    fn no_attribute(&self, v: &Value, name: &str) -> Rc<super::PyException> {
        let cls = self.exc_class("AttributeError");
        match v {
            Value::Module(m) => self.new_exception(
                cls,
                format!("module '{}' has no attribute '{name}'", m.name),
            ),
            Value::Type(t) => self.new_exception(
                cls,
                format!("type object '{}' has no attribute '{name}'", t.name()),
            ),
            Value::ExcClass(c) => self.new_exception(
                cls,
                format!(
                    "type object '{}' has no attribute '{name}'",
                    c.qualname.rsplit('.').next().unwrap_or("")
                ),
            ),
            _ => {
                let candidates: Vec<String> = match v {
                    Value::Str(_) => STR_METHODS.iter().map(|s| s.to_string()).collect(),
                    Value::List(_) => LIST_METHODS.iter().map(|s| s.to_string()).collect(),
                    Value::Dict(_) => DICT_METHODS.iter().map(|s| s.to_string()).collect(),
                    Value::Set(_) => SET_METHODS.iter().map(|s| s.to_string()).collect(),
                    Value::Tuple(_) => TUPLE_METHODS.iter().map(|s| s.to_string()).collect(),
                    _ => Vec::new(),
                };
                self.attribute_error_with_hint(&v.tp_name(), name, candidates)
            }
        }
    }

    /// Non-method attributes of built-in values, and class-level attributes of types.
    fn data_attribute(&mut self, v: &Value, name: &str) -> PyResult<Option<Value>> {
        if name == "__class__" {
            return self.type_of(v).map(Some);
        }
        if name == "__doc__" {
            return Ok(Some(Value::None));
        }
        Ok(match v {
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => match name {
                "real" | "numerator" => Some(match v {
                    Value::Bool(b) => Value::Int(*b as i64),
                    _ => v.clone(),
                }),
                "imag" => Some(Value::Int(0)),
                "denominator" => Some(Value::Int(1)),
                _ => None,
            },
            Value::Float(_) => match name {
                "real" => Some(v.clone()),
                "imag" => Some(Value::Float(0.0)),
                _ => None,
            },
            Value::Range(a, b, c) => match name {
                "start" => Some(Value::Int(*a)),
                "stop" => Some(Value::Int(*b)),
                "step" => Some(Value::Int(*c)),
                _ => None,
            },
            Value::Date(_) | Value::DateTime(..) | Value::Time(_) | Value::TimeDelta(_) => {
                self.datetime_attr(v, name)?
            }
            Value::Decimal(_) => None,
            Value::Exception(e) => match name {
                "args" => Some(Value::tuple(e.args.clone())),
                "code" if e.class.qualname.as_ref() == "SystemExit" => Some(match e.args.len() {
                    0 => Value::None,
                    1 => e.args[0].clone(),
                    _ => Value::tuple(e.args.clone()),
                }),
                "value" if e.class.qualname.as_ref() == "StopIteration" => {
                    Some(e.args.first().cloned().unwrap_or(Value::None))
                }
                "__cause__" | "__context__" | "__traceback__" => Some(Value::None),
                _ => None,
            },
            Value::Function(f) => match name {
                "__name__" => Some(Value::str(f.name.rsplit('.').next().unwrap_or(&f.name))),
                "__qualname__" => Some(Value::Str(f.name.clone())),
                "__module__" => Some(Value::str("__main__")),
                "__defaults__" => {
                    let d: Vec<Value> = f.defaults.iter().flatten().cloned().collect();
                    Some(if d.is_empty() {
                        Value::None
                    } else {
                        Value::tuple(d)
                    })
                }
                _ => None,
            },
            Value::Builtin(b) => match name {
                "__name__" => Some(Value::Str(b.name.clone())),
                "__qualname__" => Some(Value::Str(b.qualname.clone())),
                "__module__" => Some(Value::str("builtins")),
                _ => None,
            },
            Value::BoundMethod(m) => match name {
                "__self__" => Some(m.receiver.clone()),
                "__name__" => Some(Value::Str(m.name.clone())),
                _ => None,
            },
            Value::Module(m) => match m.get(name) {
                Some(x) => Some(x),
                None if name == "__name__" => Some(Value::Str(m.name.clone())),
                None => None,
            },
            Value::ExcClass(c) => match name {
                "__name__" => Some(Value::str(c.qualname.rsplit('.').next().unwrap_or(""))),
                "__qualname__" => Some(Value::Str(c.qualname.clone())),
                "__module__" => Some(Value::Str(c.module.clone())),
                "__base__" => Some(
                    c.base
                        .clone()
                        .map(Value::ExcClass)
                        .unwrap_or(Value::Type(BuiltinType::Object)),
                ),
                _ => None,
            },
            Value::Type(t) => match name {
                "__name__" | "__qualname__" => Some(Value::str(t.name())),
                "__module__" => Some(Value::str(match t {
                    BuiltinType::Decimal => "decimal",
                    BuiltinType::Date
                    | BuiltinType::DateTime
                    | BuiltinType::Time
                    | BuiltinType::TimeDelta => "datetime",
                    _ => "builtins",
                })),
                _ => self.type_attribute(*t, name)?,
            },
            _ => None,
        })
    }

    /// Class-level attributes: `date.today`, `str.upper` (unbound), `dict.fromkeys`, ...
    fn type_attribute(&mut self, t: BuiltinType, name: &str) -> PyResult<Option<Value>> {
        if let Some(v) = self.datetime_type_attr(t, name)? {
            return Ok(Some(v));
        }
        if t == BuiltinType::Dict && name == "fromkeys" {
            return Ok(Some(super::value::Builtin::value(
                "fromkeys",
                |it, args| it.dict_fromkeys(args),
            )));
        }
        let sample = match t {
            BuiltinType::Str => Value::str(""),
            BuiltinType::List => Value::list(vec![]),
            BuiltinType::Dict => Value::Dict(Default::default()),
            BuiltinType::Set => Value::Set(Default::default()),
            BuiltinType::Tuple => Value::tuple(vec![]),
            BuiltinType::Int => Value::Int(0),
            BuiltinType::Float => Value::Float(0.0),
            BuiltinType::Decimal => Value::Decimal(Default::default()),
            _ => return Ok(None),
        };
        if !self.has_builtin_method(&sample, name) {
            return Ok(None);
        }
        // An unbound method (`str.upper`): calling it calls the method on the first argument.
        Ok(Some(Value::BoundMethod(Rc::new(BoundMethod {
            receiver: Value::Type(t),
            name: Rc::from(name),
        }))))
    }

    /// `str.upper("x")`: `"x".upper()`, after CPython's descriptor type check.
    fn call_unbound(&mut self, t: BuiltinType, method: &str, mut args: Args) -> PyResult<Value> {
        let type_name = t.name();
        if args.positional.is_empty() {
            return Err(self.type_error(format!(
                "unbound method {type_name}.{method}() needs an argument"
            )));
        }
        let recv = args.positional.remove(0);
        if !args.positional_spans.is_empty() {
            args.positional_spans.remove(0);
        }
        let ok = match (t, &recv) {
            (BuiltinType::Int, Value::Bool(_)) => true,
            _ => self
                .type_of(&recv)
                .is_ok_and(|c| matches!(c, Value::Type(x) if x == t)),
        };
        if !ok {
            return Err(self.type_error(format!(
                "descriptor '{method}' for '{type_name}' objects doesn't apply to a '{}' object",
                recv.tp_name()
            )));
        }
        self.call_method_value(&recv, method, args)
    }

    /// `v.name = value`.
    pub(crate) fn set_attribute(&mut self, v: &Value, name: &str, value: Value) -> PyResult<()> {
        match v {
            Value::Object(o) => {
                let o = o.clone();
                o.set_attr(name, value, self)
            }
            Value::Module(m) => {
                m.set(name, value);
                Ok(())
            }
            _ => {
                if self.data_attribute(v, name)?.is_some() || self.has_builtin_method(v, name) {
                    if matches!(v, Value::Type(_) | Value::ExcClass(_)) {
                        return Err(self.type_error(format!(
                            "cannot set '{name}' attribute of immutable type '{}'",
                            match v {
                                Value::Type(t) => t.name().to_string(),
                                _ => v.type_name(),
                            }
                        )));
                    }
                    return Err(self.new_exception(
                        self.exc_class("AttributeError"),
                        format!(
                            "attribute '{name}' of '{}' objects is not writable",
                            v.tp_name()
                        ),
                    ));
                }
                Err(self.attribute_error(&v.tp_name(), name))
            }
        }
    }

    /// `type(v)`.
    pub(crate) fn type_of(&mut self, v: &Value) -> PyResult<Value> {
        Ok(Value::Type(match v {
            Value::None => BuiltinType::NoneType,
            Value::Bool(_) => BuiltinType::Bool,
            Value::Int(_) | Value::BigInt(_) => BuiltinType::Int,
            Value::Float(_) => BuiltinType::Float,
            Value::Str(_) => BuiltinType::Str,
            Value::Bytes(_) => BuiltinType::Bytes,
            Value::List(_) => BuiltinType::List,
            Value::Tuple(_) => BuiltinType::Tuple,
            Value::Dict(_) => BuiltinType::Dict,
            Value::Set(_) => BuiltinType::Set,
            Value::Decimal(_) => BuiltinType::Decimal,
            Value::Date(_) => BuiltinType::Date,
            Value::DateTime(..) => BuiltinType::DateTime,
            Value::Time(_) => BuiltinType::Time,
            Value::TimeDelta(_) => BuiltinType::TimeDelta,
            Value::Range(..) => BuiltinType::Range,
            Value::Function(_) => BuiltinType::Function,
            Value::Builtin(b) if b.is_class => BuiltinType::Type,
            Value::Builtin(_) => BuiltinType::BuiltinFunction,
            Value::BoundMethod(m) => {
                if matches!(m.receiver, Value::Object(_)) {
                    BuiltinType::Method
                } else {
                    BuiltinType::BuiltinFunction
                }
            }
            Value::Type(_) | Value::ExcClass(_) => BuiltinType::Type,
            Value::Exception(e) => return Ok(Value::ExcClass(e.class.clone())),
            Value::Module(_) => BuiltinType::Module,
            Value::Object(o) => {
                let o = o.clone();
                if let Some(c) = o.get_attr(&o, "__class__", self)? {
                    return Ok(c);
                }
                let name = o.type_name();
                let msg_name = name.clone();
                let mut b = super::value::Builtin::new(&name, move |it, _| {
                    Err(it.type_error(format!("cannot create '{msg_name}' instances")))
                });
                b.is_class = true;
                return Ok(Value::Builtin(Rc::new(b)));
            }
        }))
    }
}
