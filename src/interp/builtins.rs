//! Python's built-in functions and the constructors of the built-in types (`int("12", 16)`,
//! `list(x)`, `range(...)`, ...), with CPython's argument errors.

use std::any::Any;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Num, Signed, ToPrimitive, Zero};

use super::Interp;
use super::collections::{range_arg, range_len, str_len};
use super::iterators::{PyIter, Super};
use super::numbers::{big_to_f64, float_to_int_value, is_int, is_number, to_big};
use super::repr::INT_MAX_STR_DIGITS;
use super::value::{Args, Builtin, BuiltinType, Object, PyResult, Value};
use crate::syntax::{BinOp, CmpOp, UnaryOp};

type BuiltinFnPtr = fn(&mut Interp, Args) -> PyResult<Value>;

pub(crate) fn install(it: &mut Interp) {
    let funcs: &[(&str, BuiltinFnPtr)] = &[
        ("print", b_print),
        ("len", b_len),
        ("repr", b_repr),
        ("ascii", b_ascii),
        ("sum", b_sum),
        ("min", |it, a| b_minmax(it, a, "min")),
        ("max", |it, a| b_minmax(it, a, "max")),
        ("sorted", b_sorted),
        ("reversed", b_reversed),
        ("enumerate", b_enumerate),
        ("zip", b_zip),
        ("any", |it, a| b_anyall(it, a, "any")),
        ("all", |it, a| b_anyall(it, a, "all")),
        ("isinstance", b_isinstance),
        ("issubclass", b_issubclass),
        ("round", b_round),
        ("abs", b_abs),
        ("getattr", b_getattr),
        ("setattr", b_setattr),
        ("hasattr", b_hasattr),
        ("divmod", b_divmod),
        ("pow", b_pow),
        ("hash", b_hash),
        ("id", b_id),
        ("iter", b_iter),
        ("next", b_next),
        ("map", b_map),
        ("filter", b_filter),
        ("chr", b_chr),
        ("ord", b_ord),
        ("format", b_format),
        ("callable", b_callable),
        ("dir", b_dir),
        ("input", b_input),
        ("exit", b_exit),
        ("quit", b_exit),
        ("super", b_super),
        ("bin", |it, a| b_radix(it, a, "bin")),
        ("oct", |it, a| b_radix(it, a, "oct")),
        ("hex", |it, a| b_radix(it, a, "hex")),
        ("property", b_identity),
        ("staticmethod", b_identity),
        ("classmethod", b_identity),
    ];
    for (name, f) in funcs {
        let f = *f;
        it.builtins.insert(Rc::from(*name), Builtin::value(name, f));
    }
    let types: &[(&str, BuiltinType)] = &[
        ("int", BuiltinType::Int),
        ("float", BuiltinType::Float),
        ("str", BuiltinType::Str),
        ("bool", BuiltinType::Bool),
        ("list", BuiltinType::List),
        ("tuple", BuiltinType::Tuple),
        ("dict", BuiltinType::Dict),
        ("set", BuiltinType::Set),
        ("frozenset", BuiltinType::FrozenSet),
        ("range", BuiltinType::Range),
        ("type", BuiltinType::Type),
        ("object", BuiltinType::Object),
        ("bytes", BuiltinType::Bytes),
    ];
    for (name, t) in types {
        it.builtins.insert(Rc::from(*name), Value::Type(*t));
    }
    it.builtins.insert(
        Rc::from("Ellipsis"),
        Value::object(super::iterators::EllipsisObj),
    );
    it.builtins.insert(
        Rc::from("NotImplemented"),
        Value::object(super::iterators::NotImplementedObj),
    );
}

fn b_identity(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.exactly_one(args, "decorator")
}

fn b_print(it: &mut Interp, mut args: Args) -> PyResult<Value> {
    let kw = it.take_kwargs(&mut args, "print", &["sep", "end", "file", "flush"])?;
    let text_arg = |it: &Interp, v: &Option<Value>, what: &str, dflt: &str| -> PyResult<String> {
        match v {
            None | Some(Value::None) => Ok(dflt.to_string()),
            Some(Value::Str(s)) => Ok(s.to_string()),
            Some(v) => Err(it.type_error(format!(
                "{what} must be None or a string, not {}",
                v.tp_name()
            ))),
        }
    };
    let sep = text_arg(it, &kw[0], "sep", " ")?;
    let end = text_arg(it, &kw[1], "end", "\n")?;
    let mut out = String::new();
    for (i, v) in args.positional.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&it.str_value(v)?);
    }
    out.push_str(&end);
    it.stdout.push_str(&out);
    Ok(Value::None)
}

/// `len(v)` as a usize.
pub(crate) fn len_of(it: &mut Interp, v: &Value) -> PyResult<usize> {
    Ok(match v {
        Value::Str(s) => str_len(s),
        Value::Bytes(b) => b.len(),
        Value::List(l) => l.borrow().len(),
        Value::Tuple(t) => t.len(),
        Value::Dict(d) => d.borrow().entries.len(),
        Value::Set(s) => s.borrow().items.entries.len(),
        Value::Range(..) => {
            let n = range_len(v);
            if n > i64::MAX as u64 {
                return Err(it.overflow_error("Python int too large to convert to C ssize_t"));
            }
            n as usize
        }
        Value::Object(o) => {
            let o = o.clone();
            o.len(&o, it)?
        }
        _ => return Err(it.type_error(format!("object of type '{}' has no len()", v.tp_name()))),
    })
}

fn b_len(it: &mut Interp, args: Args) -> PyResult<Value> {
    let v = it.exactly_one(args, "len")?;
    Ok(Value::Int(len_of(it, &v)? as i64))
}

fn b_repr(it: &mut Interp, args: Args) -> PyResult<Value> {
    let v = it.exactly_one(args, "repr")?;
    Ok(Value::str(&it.repr_value(&v)?))
}

fn b_ascii(it: &mut Interp, args: Args) -> PyResult<Value> {
    let v = it.exactly_one(args, "ascii")?;
    Ok(Value::str(&it.ascii_value(&v)?))
}

fn b_sum(it: &mut Interp, mut args: Args) -> PyResult<Value> {
    let kw = it.take_kwargs(&mut args, "sum", &["start"])?;
    if args.positional.is_empty() {
        return Err(it.type_error("sum() takes at least 1 positional argument (0 given)"));
    }
    if args.positional.len() > 2 || (args.positional.len() == 2 && kw[0].is_some()) {
        return Err(it.type_error(format!(
            "sum() takes at most 2 arguments ({} given)",
            args.positional.len() + kw[0].is_some() as usize
        )));
    }
    let start = kw[0]
        .clone()
        .or_else(|| args.positional.get(1).cloned())
        .unwrap_or(Value::Int(0));
    match &start {
        Value::Str(_) => {
            return Err(it.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
        }
        Value::Bytes(_) => {
            return Err(it.type_error("sum() can't sum bytes [use b''.join(seq) instead]"));
        }
        _ => {}
    }
    let mut acc = start;
    let iterable = args.positional[0].clone();
    let mut err = None;
    it.for_each(&iterable, &mut |it: &mut Interp, x: Value| {
        match it.binary_op(BinOp::Add, &acc, &x) {
            Ok(v) => acc = v,
            Err(e) => {
                err = Some(e);
                return Ok(true);
            }
        }
        Ok(false)
    })?;
    match err {
        Some(e) => Err(e),
        None => Ok(acc),
    }
}

fn b_minmax(it: &mut Interp, mut args: Args, name: &str) -> PyResult<Value> {
    for (k, _) in &args.keywords {
        if &**k != "key" && &**k != "default" {
            return Err(it.type_error(format!("'{k}' is an invalid keyword argument for {name}()")));
        }
    }
    let kw = it.take_kwargs(&mut args, name, &["key", "default"])?;
    let items = match args.positional.len() {
        0 => return Err(it.type_error(format!("{name} expected at least 1 argument, got 0"))),
        1 => it.iter_values(&args.positional[0])?,
        _ => {
            if kw[1].is_some() {
                return Err(it.type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            args.positional
        }
    };
    let key = kw[0].clone().filter(|k| !k.is_none());
    let op = if name == "min" { CmpOp::Lt } else { CmpOp::Gt };
    let mut best: Option<(Value, Value)> = None;
    for x in items {
        let k = match &key {
            Some(f) => it.call_value(f, Args::new(vec![x.clone()]))?,
            None => x.clone(),
        };
        best = match best {
            None => Some((k, x)),
            Some((bk, bx)) => {
                if it.compare_values(op, &k, &bk)? {
                    Some((k, x))
                } else {
                    Some((bk, bx))
                }
            }
        };
    }
    match best {
        Some((_, x)) => Ok(x),
        None => match &kw[1] {
            Some(d) => Ok(d.clone()),
            None => Err(it.value_error(format!("{name}() arg is an empty sequence"))),
        },
    }
}

fn b_sorted(it: &mut Interp, mut args: Args) -> PyResult<Value> {
    let kw = it.take_kwargs(&mut args, "sort", &["key", "reverse"])?;
    it.check_positional(&args, "sorted", 1, 1)?;
    let items = it.iter_values(&args.positional[0])?;
    let reverse = match &kw[1] {
        Some(v) => it.truth(v)?,
        None => false,
    };
    Ok(Value::list(it.sort_values(
        items,
        kw[0].as_ref(),
        reverse,
    )?))
}

fn b_reversed(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "reversed")?;
    it.check_positional(&args, "reversed", 1, 1)?;
    let v = &args.positional[0];
    let kind = match v {
        Value::List(_) => "list_reverseiterator",
        Value::Range(..) => "range_iterator",
        Value::Dict(_) => "dict_reversekeyiterator",
        Value::Str(_) | Value::Tuple(_) | Value::Bytes(_) | Value::Object(_) => "reversed",
        _ => return Err(it.type_error(format!("'{}' object is not reversible", v.tp_name()))),
    };
    let mut items = it.iter_values(v)?;
    items.reverse();
    Ok(Value::object(PyIter::new(kind, items)))
}

fn b_enumerate(it: &mut Interp, mut args: Args) -> PyResult<Value> {
    let kw = it.take_kwargs(&mut args, "enumerate", &["iterable", "start"])?;
    let n = args.positional.len() + kw.iter().filter(|k| k.is_some()).count();
    if n > 2 {
        return Err(it.type_error(format!("enumerate() takes at most 2 arguments ({n} given)")));
    }
    let iterable = match kw[0].clone().or_else(|| args.positional.first().cloned()) {
        Some(v) => v,
        None => {
            return Err(it.type_error("enumerate() missing required argument 'iterable' (pos 1)"));
        }
    };
    let start = kw[1]
        .clone()
        .or_else(|| args.positional.get(1).cloned())
        .unwrap_or(Value::Int(0));
    if !is_int(&start) {
        return Err(it.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            start.tp_name()
        )));
    }
    let items = it.iter_values(&iterable)?;
    let mut out = Vec::with_capacity(items.len());
    let mut i = start;
    for x in items {
        out.push(Value::tuple(vec![i.clone(), x]));
        i = it.binary_op(BinOp::Add, &i, &Value::Int(1))?;
    }
    Ok(Value::object(PyIter::new("enumerate", out)))
}

fn b_zip(it: &mut Interp, mut args: Args) -> PyResult<Value> {
    let kw = it.take_kwargs(&mut args, "zip", &["strict"])?;
    let strict = match &kw[0] {
        Some(v) => it.truth(v)?,
        None => false,
    };
    let mut lists = Vec::with_capacity(args.positional.len());
    for v in &args.positional {
        lists.push(it.iter_values(v)?);
    }
    let n = lists.iter().map(|l| l.len()).min().unwrap_or(0);
    if strict && let Some(first) = lists.first() {
        for (i, l) in lists.iter().enumerate().skip(1) {
            if l.len() != first.len() {
                let rel = if l.len() < first.len() {
                    "shorter"
                } else {
                    "longer"
                };
                if i == 1 || l.len() < first.len() {
                    return Err(it.value_error(format!(
                        "zip() argument {} is {rel} than argument{} 1{}",
                        i + 1,
                        if i > 1 { "s" } else { "" },
                        if i > 1 {
                            format!("-{i}")
                        } else {
                            String::new()
                        }
                    )));
                }
                return Err(it.value_error(format!(
                    "zip() argument {} is {rel} than arguments 1-{i}",
                    i + 1
                )));
            }
        }
    }
    let out: Vec<Value> = (0..n)
        .map(|i| Value::tuple(lists.iter().map(|l| l[i].clone()).collect()))
        .collect();
    Ok(Value::object(PyIter::new("zip", out)))
}

fn b_map(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "map")?;
    if args.positional.len() < 2 {
        return Err(it.type_error("map() must have at least two arguments."));
    }
    let f = args.positional[0].clone();
    let mut lists = Vec::new();
    for v in &args.positional[1..] {
        lists.push(it.iter_values(v)?);
    }
    let n = lists.iter().map(|l| l.len()).min().unwrap_or(0);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let a: Vec<Value> = lists.iter().map(|l| l[i].clone()).collect();
        out.push(it.call_value(&f, Args::new(a))?);
    }
    Ok(Value::object(PyIter::new("map", out)))
}

fn b_filter(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "filter")?;
    it.check_positional(&args, "filter", 2, 2)?;
    let f = args.positional[0].clone();
    let items = it.iter_values(&args.positional[1])?;
    let mut out = Vec::new();
    for x in items {
        let keep = if f.is_none() {
            it.truth(&x)?
        } else {
            let r = it.call_value(&f, Args::new(vec![x.clone()]))?;
            it.truth(&r)?
        };
        if keep {
            out.push(x);
        }
    }
    Ok(Value::object(PyIter::new("filter", out)))
}

fn b_anyall(it: &mut Interp, args: Args, name: &str) -> PyResult<Value> {
    let v = it.exactly_one(args, name)?;
    let want = name == "any";
    let mut result = !want;
    let mut err = None;
    it.for_each(&v, &mut |it: &mut Interp, x: Value| match it.truth(&x) {
        Ok(t) if t == want => {
            result = want;
            Ok(true)
        }
        Ok(_) => Ok(false),
        Err(e) => {
            err = Some(e);
            Ok(true)
        }
    })?;
    match err {
        Some(e) => Err(e),
        None => Ok(Value::Bool(result)),
    }
}

/// Whether `v` is an instance of built-in type `t`.
pub(crate) fn is_instance_of_type(v: &Value, t: BuiltinType) -> bool {
    match t {
        BuiltinType::Object => true,
        BuiltinType::Int => matches!(v, Value::Int(_) | Value::BigInt(_) | Value::Bool(_)),
        BuiltinType::Bool => matches!(v, Value::Bool(_)),
        BuiltinType::Float => matches!(v, Value::Float(_)),
        BuiltinType::Str => matches!(v, Value::Str(_)),
        BuiltinType::Bytes => matches!(v, Value::Bytes(_)),
        BuiltinType::List => matches!(v, Value::List(_)),
        BuiltinType::Tuple => matches!(v, Value::Tuple(_)),
        BuiltinType::Dict => matches!(v, Value::Dict(_)),
        BuiltinType::Set => matches!(v, Value::Set(_)),
        BuiltinType::FrozenSet => false,
        BuiltinType::Range => matches!(v, Value::Range(..)),
        BuiltinType::NoneType => matches!(v, Value::None),
        BuiltinType::Type => {
            matches!(v, Value::Type(_) | Value::ExcClass(_))
                || matches!(v, Value::Builtin(b) if b.is_class)
        }
        BuiltinType::Decimal => matches!(v, Value::Decimal(_)),
        BuiltinType::Date => matches!(v, Value::Date(_) | Value::DateTime(..)),
        BuiltinType::DateTime => matches!(v, Value::DateTime(..)),
        BuiltinType::Time => matches!(v, Value::Time(_)),
        BuiltinType::TimeDelta => matches!(v, Value::TimeDelta(_)),
        BuiltinType::Function => matches!(v, Value::Function(_)),
        BuiltinType::Module => matches!(v, Value::Module(_)),
        BuiltinType::BuiltinFunction => {
            matches!(v, Value::Builtin(b) if !b.is_class)
                || matches!(v, Value::BoundMethod(m) if !matches!(m.receiver, Value::Object(_)))
        }
        BuiltinType::Method => {
            matches!(v, Value::BoundMethod(m) if matches!(m.receiver, Value::Object(_)))
        }
    }
}

impl Interp {
    /// `isinstance(v, cls)`.
    pub fn is_instance(&mut self, v: &Value, cls: &Value) -> PyResult<bool> {
        match cls {
            Value::Tuple(t) => {
                for c in t.iter() {
                    if self.is_instance(v, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Type(t) => {
                if is_instance_of_type(v, *t) {
                    return Ok(true);
                }
                if let Value::Object(o) = v {
                    return Ok(o.is_instance_of(cls));
                }
                Ok(false)
            }
            Value::ExcClass(c) => Ok(match v {
                Value::Exception(e) => e.class.is_subclass_of(c),
                Value::Object(o) => o.is_instance_of(cls),
                _ => false,
            }),
            Value::Builtin(b) if b.is_class => Ok(match v {
                Value::Object(o) => o.is_instance_of(cls),
                _ => false,
            }),
            Value::Object(_) => Ok(match v {
                Value::Object(o) => o.is_instance_of(cls),
                _ => false,
            }),
            _ => {
                Err(self
                    .type_error("isinstance() arg 2 must be a type, a tuple of types, or a union"))
            }
        }
    }
}

fn b_isinstance(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "isinstance")?;
    it.check_positional(&args, "isinstance", 2, 2)?;
    Ok(Value::Bool(
        it.is_instance(&args.positional[0], &args.positional[1])?,
    ))
}

fn b_issubclass(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "issubclass")?;
    it.check_positional(&args, "issubclass", 2, 2)?;
    fn sub(it: &mut Interp, a: &Value, b: &Value) -> PyResult<bool> {
        Ok(match (a, b) {
            (_, Value::Tuple(t)) => {
                for c in t.iter() {
                    if sub(it, a, c)? {
                        return Ok(true);
                    }
                }
                false
            }
            (Value::ExcClass(x), Value::ExcClass(y)) => x.is_subclass_of(y),
            (Value::Type(_) | Value::ExcClass(_), Value::Type(BuiltinType::Object)) => true,
            (Value::Type(x), Value::Type(y)) => {
                x == y
                    || matches!(
                        (x, y),
                        (BuiltinType::Bool, BuiltinType::Int)
                            | (BuiltinType::DateTime, BuiltinType::Date)
                    )
            }
            (Value::Type(_) | Value::ExcClass(_) | Value::Builtin(_) | Value::Object(_), _) => {
                false
            }
            _ => return Err(it.type_error("issubclass() arg 1 must be a class")),
        })
    }
    Ok(Value::Bool(sub(
        it,
        &args.positional[0],
        &args.positional[1],
    )?))
}

fn b_round(it: &mut Interp, mut args: Args) -> PyResult<Value> {
    let kw = it.take_kwargs(&mut args, "round", &["number", "ndigits"])?;
    let n = args.positional.len() + kw.iter().filter(|k| k.is_some()).count();
    if n > 2 {
        return Err(it.type_error(format!("round() takes at most 2 arguments ({n} given)")));
    }
    let number = match kw[0].clone().or_else(|| args.positional.first().cloned()) {
        Some(v) => v,
        None => return Err(it.type_error("round() missing required argument 'number' (pos 1)")),
    };
    let nd = kw[1].clone().or_else(|| args.positional.get(1).cloned());
    it.round_number(&number, nd.as_ref())
}

fn b_abs(it: &mut Interp, args: Args) -> PyResult<Value> {
    let v = it.exactly_one(args, "abs")?;
    match &v {
        Value::Int(i) => Ok(match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => Value::from_bigint(BigInt::from(*i).abs()),
        }),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::BigInt(b) => Ok(Value::from_bigint(b.abs())),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        Value::Decimal(d) => Ok(Value::Decimal(d.abs())),
        Value::TimeDelta(t) => it.timedelta_value(t.abs()),
        Value::Object(o) if o.has_method("__abs__") => {
            let o = o.clone();
            o.call_method(&o, "__abs__", Args::default(), it)
        }
        _ => Err(it.type_error(format!("bad operand type for abs(): '{}'", v.tp_name()))),
    }
}

fn attr_name(it: &Interp, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(str::to_owned(s)),
        _ => Err(it.type_error(format!(
            "attribute name must be string, not '{}'",
            v.tp_name()
        ))),
    }
}

fn b_getattr(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "getattr")?;
    it.check_positional(&args, "getattr", 2, 3)?;
    let name = attr_name(it, &args.positional[1])?;
    match it.get_attribute(&args.positional[0], &name) {
        Ok(v) => Ok(v),
        Err(e) => match args.positional.get(2) {
            Some(d) if e.class.is_subclass_of(&it.exc_class("AttributeError")) => Ok(d.clone()),
            _ => Err(e),
        },
    }
}

fn b_setattr(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "setattr")?;
    it.check_positional(&args, "setattr", 3, 3)?;
    let name = attr_name(it, &args.positional[1])?;
    it.set_attribute(&args.positional[0], &name, args.positional[2].clone())?;
    Ok(Value::None)
}

fn b_hasattr(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "hasattr")?;
    it.check_positional(&args, "hasattr", 2, 2)?;
    let name = attr_name(it, &args.positional[1])?;
    match it.get_attribute(&args.positional[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.class.is_subclass_of(&it.exc_class("AttributeError")) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn b_divmod(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "divmod")?;
    it.check_positional(&args, "divmod", 2, 2)?;
    it.divmod(&args.positional[0], &args.positional[1])
}

fn b_pow(it: &mut Interp, mut args: Args) -> PyResult<Value> {
    let kw = it.take_kwargs(&mut args, "pow", &["base", "exp", "mod"])?;
    let mut p: Vec<Option<Value>> = args.positional.into_iter().map(Some).collect();
    p.resize(3, None);
    for (i, k) in kw.into_iter().enumerate() {
        if k.is_some() {
            p[i] = k;
        }
    }
    let (Some(b), Some(e)) = (p[0].clone(), p[1].clone()) else {
        return Err(it.type_error("pow() missing required argument 'exp' (pos 2)"));
    };
    match &p[2] {
        None | Some(Value::None) => it.binary_op(BinOp::Pow, &b, &e),
        Some(m) => it.pow3(&b, &e, m),
    }
}

fn b_hash(it: &mut Interp, args: Args) -> PyResult<Value> {
    let v = it.exactly_one(args, "hash")?;
    Ok(Value::Int(it.hash_signed(&v)?))
}

fn b_id(it: &mut Interp, args: Args) -> PyResult<Value> {
    let v = it.exactly_one(args, "id")?;
    let p = match &v {
        Value::List(r) => Rc::as_ptr(r) as *const () as usize,
        Value::Dict(r) => Rc::as_ptr(r) as *const () as usize,
        Value::Set(r) => Rc::as_ptr(r) as *const () as usize,
        Value::Tuple(r) => Rc::as_ptr(r) as *const () as usize,
        Value::Str(r) => Rc::as_ptr(r) as *const () as usize,
        Value::Function(r) => Rc::as_ptr(r) as *const () as usize,
        Value::Object(r) => Rc::as_ptr(r) as *const () as usize,
        Value::Exception(r) => Rc::as_ptr(r) as *const () as usize,
        Value::Module(r) => Rc::as_ptr(r) as *const () as usize,
        other => {
            (it.hash_signed(other).unwrap_or(0) as u64 as usize).wrapping_mul(16) | 0x7f00_0000_0000
        }
    };
    Ok(Value::Int((p & 0x7fff_ffff_ffff_ffff) as i64))
}

fn b_iter(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "iter")?;
    it.check_positional(&args, "iter", 1, 1)?;
    let v = &args.positional[0];
    if let Value::Object(o) = v
        && o.as_any().is::<PyIter>()
    {
        return Ok(v.clone());
    }
    let kind = match v {
        Value::List(_) => "list_iterator",
        Value::Tuple(_) => "tuple_iterator",
        Value::Str(_) => "str_ascii_iterator",
        Value::Dict(_) => "dict_keyiterator",
        Value::Set(_) => "set_iterator",
        Value::Range(..) => "range_iterator",
        Value::Bytes(_) => "bytes_iterator",
        _ => "iterator",
    };
    let items = it.iter_values(v)?;
    Ok(Value::object(PyIter::new(kind, items)))
}

fn b_next(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "next")?;
    it.check_positional(&args, "next", 1, 2)?;
    let v = &args.positional[0];
    if let Value::Object(o) = v {
        if let Some(i) = o.as_any().downcast_ref::<PyIter>() {
            return match i.next_item() {
                Some(x) => Ok(x),
                None => match args.positional.get(1) {
                    Some(d) => Ok(d.clone()),
                    None => Err(it.new_exception(it.exc_class("StopIteration"), "")),
                },
            };
        }
        if o.has_method("__next__") {
            let o = o.clone();
            return match o.call_method(&o, "__next__", Args::default(), it) {
                Err(e)
                    if e.class.qualname.as_ref() == "StopIteration"
                        && args.positional.len() > 1 =>
                {
                    Ok(args.positional[1].clone())
                }
                r => r,
            };
        }
    }
    Err(it.type_error(format!("'{}' object is not an iterator", v.tp_name())))
}

fn b_chr(it: &mut Interp, args: Args) -> PyResult<Value> {
    let v = it.exactly_one(args, "chr")?;
    if !is_int(&v) {
        return Err(it.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.tp_name()
        )));
    }
    let c = v
        .as_i64()
        .and_then(|i| u32::try_from(i).ok())
        .and_then(char::from_u32);
    match c {
        Some(c) => Ok(Value::str(c.encode_utf8(&mut [0; 4]))),
        None if matches!(v, Value::BigInt(_)) => {
            Err(it.overflow_error("Python int too large to convert to C int"))
        }
        None => Err(it.value_error("chr() arg not in range(0x110000)")),
    }
}

fn b_ord(it: &mut Interp, args: Args) -> PyResult<Value> {
    let v = it.exactly_one(args, "ord")?;
    match &v {
        Value::Str(s) => {
            let n = str_len(s);
            if n != 1 {
                return Err(it.type_error(format!(
                    "ord() expected a character, but string of length {n} found"
                )));
            }
            Ok(Value::Int(s.chars().next().map(|c| c as i64).unwrap_or(0)))
        }
        Value::Bytes(b) if b.len() == 1 => Ok(Value::Int(b[0] as i64)),
        _ => Err(it.type_error(format!(
            "ord() expected string of length 1, but {} found",
            v.tp_name()
        ))),
    }
}

fn b_format(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "format")?;
    it.check_positional(&args, "format", 1, 2)?;
    let spec = match args.positional.get(1) {
        None => String::new(),
        Some(Value::Str(s)) => s.to_string(),
        Some(v) => {
            return Err(it.type_error(format!(
                "format() argument 2 must be str, not {}",
                v.tp_name()
            )));
        }
    };
    Ok(Value::str(
        &it.format_with_spec(&args.positional[0], &spec)?,
    ))
}

fn b_callable(it: &mut Interp, args: Args) -> PyResult<Value> {
    let v = it.exactly_one(args, "callable")?;
    Ok(Value::Bool(match &v {
        Value::Function(_)
        | Value::Builtin(_)
        | Value::BoundMethod(_)
        | Value::Type(_)
        | Value::ExcClass(_) => true,
        Value::Object(o) => {
            o.has_method("__call__") || {
                // An Object that implements `call` is callable; probing would run it, so ask for
                // `__call__` only when the implementation exposes it.
                false
            }
        }
        _ => false,
    }))
}

fn b_dir(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_no_kwargs(&args, "dir")?;
    it.check_positional(&args, "dir", 0, 1)?;
    let mut names: Vec<String> = match args.positional.first() {
        None => match it.current_function() {
            Some((_, scope)) => scope.borrow().vars.keys().map(|k| k.to_string()).collect(),
            None => it.globals.keys().map(|k| k.to_string()).collect(),
        },
        Some(Value::Module(m)) => m.attrs.borrow().keys().map(|k| k.to_string()).collect(),
        Some(v) => {
            let list: &[&str] = match v {
                Value::Str(_) => super::str_methods::STR_METHODS,
                Value::List(_) => super::collections::LIST_METHODS,
                Value::Dict(_) => super::collections::DICT_METHODS,
                Value::Set(_) => super::collections::SET_METHODS,
                Value::Tuple(_) => super::collections::TUPLE_METHODS,
                _ => &[],
            };
            list.iter().map(|s| s.to_string()).collect()
        }
    };
    names.sort();
    Ok(Value::list(
        names.into_iter().map(|n| Value::str(&n)).collect(),
    ))
}

fn b_input(it: &mut Interp, args: Args) -> PyResult<Value> {
    it.check_positional(&args, "input", 0, 1)?;
    if let Some(p) = args.positional.first() {
        let s = it.str_value(p)?;
        it.stdout.push_str(&s);
    }
    Err(it.new_exception(it.exc_class("EOFError"), "EOF when reading a line"))
}

fn b_exit(it: &mut Interp, args: Args) -> PyResult<Value> {
    let code = args.positional.first().cloned().unwrap_or(Value::None);
    Err(it.new_exception_args(it.exc_class("SystemExit"), vec![code]))
}

fn b_super(it: &mut Interp, args: Args) -> PyResult<Value> {
    if !args.is_empty() {
        return Err(it.not_implemented(
            "super() with arguments is not supported; use super() inside a method",
        ));
    }
    let Some((f, scope)) = it.current_function() else {
        return Err(it.runtime_error("super(): no arguments"));
    };
    let Some(owner) = f.owner_class.clone() else {
        return Err(it.runtime_error("super(): __class__ cell not found"));
    };
    let Some(first) = f.params.args.first() else {
        return Err(it.runtime_error("super(): no arguments"));
    };
    let instance = match scope.borrow().vars.get(first.name.as_str()) {
        Some(v) => v.clone(),
        None => return Err(it.runtime_error("super(): arg[0] deleted")),
    };
    Ok(Value::object(Super { instance, owner }))
}

fn b_radix(it: &mut Interp, args: Args, name: &str) -> PyResult<Value> {
    let v = it.exactly_one(args, name)?;
    let Some(n) = to_big(&v) else {
        return Err(it.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.tp_name()
        )));
    };
    let (radix, prefix) = match name {
        "bin" => (2, "0b"),
        "oct" => (8, "0o"),
        _ => (16, "0x"),
    };
    let sign = if n.is_negative() { "-" } else { "" };
    Ok(Value::str(&format!(
        "{sign}{prefix}{}",
        n.abs().to_str_radix(radix)
    )))
}

/// `object()`.
struct PlainObject;

impl Object for PlainObject {
    fn type_name(&self) -> String {
        "object".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!(
            "<object object at {:#x}>",
            self as *const PlainObject as usize
        ))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Parses `int(s, base)` text the way CPython does (sign, prefix, underscores, whitespace).
pub(crate) fn parse_int(it: &Interp, text: &str, base: u32) -> PyResult<Value> {
    let ascii;
    let text_for_parse = if text.is_ascii() {
        text
    } else {
        ascii = ascii_digits(text);
        ascii.as_str()
    };
    let original = text;
    let text = text_for_parse;
    let err = || {
        it.value_error(format!(
            "invalid literal for int() with base {base}: {}",
            super::repr::str_repr(original)
        ))
    };
    let s = text.trim_matches(|c: char| c.is_whitespace());
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = s.to_ascii_lowercase();
    let (mut base, mut body) = (base, s);
    let prefixes = [("0x", 16), ("0o", 8), ("0b", 2)];
    for (p, b) in prefixes {
        if lower.starts_with(p) && (base == b || base == 0) {
            base = b;
            body = &s[2..];
            // CPython allows an underscore right after the prefix.
            body = body.strip_prefix('_').unwrap_or(body);
            break;
        }
    }
    if base == 0 {
        base = 10;
        // "010" is not valid with base 0 (only zeros).
        if body.len() > 1 && body.starts_with('0') && body.chars().any(|c| c != '0' && c != '_') {
            return Err(err());
        }
    }
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return Err(err());
    }
    let digits: String = body.chars().filter(|c| *c != '_').collect();
    if !digits.chars().all(|c| c.is_digit(base)) {
        // Non-ASCII decimal digits (e.g. Arabic-Indic) are valid in CPython; map them.
        let mapped: Option<String> = digits
            .chars()
            .map(|c| {
                c.to_digit(base)
                    .and_then(|d| std::char::from_digit(d, base))
            })
            .collect();
        if mapped.is_none() {
            return Err(err());
        }
    }
    if base == 10 && digits.len() > INT_MAX_STR_DIGITS {
        return Err(it.value_error(format!(
            "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
            digits.len()
        )));
    }
    let n = BigInt::from_str_radix(&digits, base).map_err(|_| err())?;
    let _ = original;
    Ok(Value::from_bigint(if neg { -n } else { n }))
}

/// The first code point of each run of Unicode decimal digits (category Nd) that CPython's
/// `int()`/`float()` accept, besides ASCII.
const UNICODE_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x11066, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
];

/// The value of a non-ASCII Unicode decimal digit.
pub(crate) fn unicode_decimal(c: char) -> Option<u32> {
    let n = c as u32;
    UNICODE_ZEROS
        .iter()
        .find(|z| (**z..**z + 10).contains(&n))
        .map(|z| n - z)
}

/// Maps Unicode decimal digits (and Unicode spaces) to ASCII, as CPython does before parsing numbers.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            let n = c as u32;
            for z in UNICODE_ZEROS {
                if (*z..*z + 10).contains(&n) {
                    return char::from_digit(n - z, 10).unwrap_or(c);
                }
            }
            if c.is_whitespace() { ' ' } else { c }
        })
        .collect()
}

/// Parses `float(s)` text (underscores between digits, `inf`, `nan`, whitespace).
pub(crate) fn parse_float(it: &Interp, text: &str) -> PyResult<f64> {
    let err = || {
        it.value_error(format!(
            "could not convert string to float: {}",
            super::repr::str_repr(text)
        ))
    };
    let converted;
    let text = if text.is_ascii() {
        text
    } else {
        converted = ascii_digits(text);
        converted.as_str()
    };
    let s = text.trim_matches(|c: char| c.is_whitespace());
    if s.is_empty() {
        return Err(err());
    }
    let lower = s.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if matches!(unsigned, "inf" | "infinity" | "nan") {
        let neg = lower.starts_with('-');
        let v = if unsigned == "nan" {
            f64::NAN
        } else {
            f64::INFINITY
        };
        return Ok(if neg { -v } else { v });
    }
    // Underscores only between digits.
    let b = s.as_bytes();
    for (i, c) in b.iter().enumerate() {
        if *c == b'_' {
            let ok =
                i > 0 && i + 1 < b.len() && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit();
            if !ok {
                return Err(err());
            }
        } else if !(c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')) {
            return Err(err());
        }
    }
    let cleaned: String = s.chars().filter(|c| *c != '_').collect();
    cleaned.parse::<f64>().map_err(|_| err())
}

impl Interp {
    /// Calls a built-in type: `int(x)`, `list(x)`, `range(...)`, ...
    pub(crate) fn construct(&mut self, t: BuiltinType, mut args: Args) -> PyResult<Value> {
        let name = t.name();
        match t {
            BuiltinType::Int => {
                let kw = self.take_kwargs(&mut args, "int", &["base"])?;
                let p = &args.positional;
                if p.len() > 2 {
                    return Err(self.type_error(format!(
                        "int() takes at most 2 arguments ({} given)",
                        p.len()
                    )));
                }
                let base = kw[0].clone().or_else(|| p.get(1).cloned());
                let Some(x) = p.first() else {
                    if base.is_some() {
                        return Err(self.type_error("int() missing string argument"));
                    }
                    return Ok(Value::Int(0));
                };
                if let Some(b) = base {
                    let b = self.int_arg(&b)?;
                    if b != 0 && !(2..=36).contains(&b) {
                        return Err(self.value_error("int() base must be >= 2 and <= 36, or 0"));
                    }
                    return match x {
                        Value::Str(s) => parse_int(self, s, b as u32),
                        _ => {
                            Err(self
                                .type_error("int() can't convert non-string with explicit base"))
                        }
                    };
                }
                self.int_of(x)
            }
            BuiltinType::Float => {
                self.check_no_kwargs(&args, "float")?;
                self.check_positional(&args, "float", 0, 1)?;
                match args.positional.first() {
                    None => Ok(Value::Float(0.0)),
                    Some(Value::Float(f)) => Ok(Value::Float(*f)),
                    Some(Value::Str(s)) => Ok(Value::Float(parse_float(self, s)?)),
                    Some(Value::Decimal(d)) => Ok(Value::Float(d.to_f64().unwrap_or(0.0))),
                    Some(v) if is_number(v) => Ok(Value::Float(self.to_f64(v)?.unwrap_or(0.0))),
                    Some(Value::Object(o)) if o.has_method("__float__") => {
                        let o = o.clone();
                        o.call_method(&o, "__float__", Args::default(), self)
                    }
                    Some(v) => Err(self.type_error(format!(
                        "float() argument must be a string or a real number, not '{}'",
                        v.tp_name()
                    ))),
                }
            }
            BuiltinType::Str => {
                let kw = self.take_kwargs(&mut args, "str", &["object", "encoding", "errors"])?;
                let obj = kw[0].clone().or_else(|| args.positional.first().cloned());
                let enc = kw[1].clone().or_else(|| args.positional.get(1).cloned());
                if args.positional.len() > 3 {
                    return Err(self.type_error(format!(
                        "str() takes at most 3 arguments ({} given)",
                        args.positional.len()
                    )));
                }
                match (obj, enc) {
                    (None, _) => Ok(Value::str("")),
                    (Some(o), None) => Ok(Value::str(&self.str_value(&o)?)),
                    (Some(Value::Bytes(b)), Some(e)) => {
                        if !matches!(e, Value::Str(_)) {
                            return Err(self.type_error(format!(
                                "str() argument 'encoding' must be str, not {}",
                                e.tp_name()
                            )));
                        }
                        self.call_method_value(&Value::Bytes(b), "decode", Args::new(vec![e]))
                    }
                    (Some(o), Some(e)) => {
                        if !matches!(e, Value::Str(_)) {
                            return Err(self.type_error(format!(
                                "str() argument 'encoding' must be str, not {}",
                                e.tp_name()
                            )));
                        }
                        Err(self.type_error(format!(
                            "decoding to str: need a bytes-like object, {} found",
                            o.tp_name()
                        )))
                    }
                }
            }
            BuiltinType::Bool => {
                self.check_no_kwargs(&args, "bool")?;
                self.check_positional(&args, "bool", 0, 1)?;
                match args.positional.first() {
                    None => Ok(Value::Bool(false)),
                    Some(v) => Ok(Value::Bool(self.truth(v)?)),
                }
            }
            BuiltinType::List | BuiltinType::Tuple | BuiltinType::Set | BuiltinType::FrozenSet => {
                self.check_no_kwargs(&args, name)?;
                self.check_positional(&args, name, 0, 1)?;
                let items = match args.positional.first() {
                    None => Vec::new(),
                    Some(v) => self.iter_values(v)?,
                };
                match t {
                    BuiltinType::List => Ok(Value::list(items)),
                    BuiltinType::Tuple => Ok(Value::tuple(items)),
                    _ => self.new_set(items),
                }
            }
            BuiltinType::Dict => {
                self.check_positional(&args, "dict", 0, 1)?;
                let d = match self.new_dict(vec![])? {
                    Value::Dict(d) => d,
                    _ => return Err(self.type_error("dict")),
                };
                if let Some(v) = args.positional.first() {
                    self.dict_update_from(&d, v)?;
                }
                for (k, v) in args.keywords {
                    self.dict_set(&d, Value::Str(k), v)?;
                }
                Ok(Value::Dict(d))
            }
            BuiltinType::Range => {
                self.check_no_kwargs(&args, "range")?;
                self.check_positional(&args, "range", 1, 3)?;
                let p = &args.positional;
                let (start, stop, step) = match p.len() {
                    1 => (0, range_arg(self, &p[0])?, 1),
                    2 => (range_arg(self, &p[0])?, range_arg(self, &p[1])?, 1),
                    _ => (
                        range_arg(self, &p[0])?,
                        range_arg(self, &p[1])?,
                        range_arg(self, &p[2])?,
                    ),
                };
                if step == 0 {
                    return Err(self.value_error("range() arg 3 must not be zero"));
                }
                Ok(Value::Range(start, stop, step))
            }
            BuiltinType::Type => {
                self.check_no_kwargs(&args, "type")?;
                match args.positional.len() {
                    1 => self.type_of(&args.positional[0]),
                    3 => Err(self.not_implemented("type() with three arguments is not supported")),
                    _ => Err(self.type_error("type() takes 1 or 3 arguments")),
                }
            }
            BuiltinType::Object => {
                if !args.is_empty() {
                    return Err(self.type_error("object() takes no arguments"));
                }
                Ok(Value::object(PlainObject))
            }
            BuiltinType::NoneType => Ok(Value::None),
            BuiltinType::Bytes => {
                self.check_positional(&args, "bytes", 0, 3)?;
                match args.positional.first() {
                    None => Ok(Value::Bytes(Rc::from(Vec::new()))),
                    Some(Value::Str(s)) => {
                        if args.positional.len() < 2 && args.keywords.is_empty() {
                            return Err(self.type_error("string argument without an encoding"));
                        }
                        let enc = args
                            .positional
                            .get(1)
                            .cloned()
                            .or_else(|| args.keyword("encoding").cloned());
                        self.call_method_value(
                            &Value::Str(s.clone()),
                            "encode",
                            Args::new(enc.into_iter().collect()),
                        )
                    }
                    Some(v @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_))) => {
                        let n = self.int_arg(v)?;
                        if n < 0 {
                            return Err(self.value_error("negative count"));
                        }
                        if n as u64 > super::numbers::MAX_SEQ_BYTES {
                            return Err(self.memory_error());
                        }
                        Ok(Value::Bytes(Rc::from(vec![0u8; n as usize])))
                    }
                    Some(v) => {
                        let items = self.iter_values(v)?;
                        let mut out = Vec::with_capacity(items.len());
                        for x in items {
                            match x.as_i64() {
                                Some(b @ 0..=255) => out.push(b as u8),
                                Some(_) => {
                                    return Err(self.value_error("bytes must be in range(0, 256)"));
                                }
                                None => {
                                    return Err(self.type_error(format!(
                                        "'{}' object cannot be interpreted as an integer",
                                        x.tp_name()
                                    )));
                                }
                            }
                        }
                        Ok(Value::Bytes(Rc::from(out)))
                    }
                }
            }
            BuiltinType::Decimal => self.construct_decimal(args),
            BuiltinType::Date
            | BuiltinType::DateTime
            | BuiltinType::Time
            | BuiltinType::TimeDelta => self.construct_datetime(t, args),
            BuiltinType::Function
            | BuiltinType::Module
            | BuiltinType::BuiltinFunction
            | BuiltinType::Method => {
                Err(self.type_error(format!("cannot create '{name}' instances")))
            }
        }
    }

    /// `int(x)` for one argument.
    pub(crate) fn int_of(&mut self, x: &Value) -> PyResult<Value> {
        match x {
            Value::Int(_) | Value::BigInt(_) => Ok(x.clone()),
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            Value::Float(f) => {
                if f.is_nan() {
                    return Err(self.value_error("cannot convert float NaN to integer"));
                }
                if f.is_infinite() {
                    return Err(self.overflow_error("cannot convert float infinity to integer"));
                }
                Ok(float_to_int_value(f.trunc()))
            }
            Value::Str(s) => parse_int(self, s, 10),
            Value::Bytes(b) => {
                let s = String::from_utf8_lossy(b).to_string();
                parse_int(self, &s, 10)
            }
            Value::Decimal(d) => {
                let t = d.trunc();
                Ok(match t.to_i64() {
                    Some(i) => Value::Int(i),
                    None => Value::from_bigint(BigInt::from(t.to_i128().unwrap_or(0))),
                })
            }
            Value::Object(o) if o.has_method("__int__") => {
                let o = o.clone();
                o.call_method(&o, "__int__", Args::default(), self)
            }
            _ => Err(self.type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                x.tp_name()
            ))),
        }
    }
}

#[allow(dead_code)]
fn _unused(_: UnaryOp, _: BigInt) -> bool {
    let _ = big_to_f64;
    BigInt::zero().is_zero()
}
