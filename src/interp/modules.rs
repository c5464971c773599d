//! The standard-library modules the shell offers: `datetime`, `decimal` and `math`.

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::Interp;
use super::datetime::TimezoneClass;
use super::numbers::{float_to_int_value, is_int, to_big};
use std::any::Any;

use super::value::{Args, Builtin, BuiltinType, Module, Object, PyException, PyResult, Value};

/// Modules whose repr says `(built-in)`.
pub(crate) const BUILTIN_MODULES: &[&str] = &["math", "datetime", "decimal", "contextlib"];

/// `contextlib.suppress(*exceptions)`: swallows the listed exception classes.
struct Suppress(Vec<Value>);

impl Object for Suppress {
    fn type_name(&self) -> String {
        "suppress".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!(
            "<contextlib.suppress object at {:#x}>",
            self as *const Suppress as usize
        ))
    }
    fn enter(&self, _me: &Rc<dyn Object>, _it: &mut Interp) -> PyResult<Value> {
        Ok(Value::None)
    }
    fn exit(
        &self,
        _me: &Rc<dyn Object>,
        exc: Option<&Rc<PyException>>,
        it: &mut Interp,
    ) -> PyResult<bool> {
        let Some(e) = exc else { return Ok(false) };
        for c in &self.0 {
            if it.exc_matches(e, c)? {
                return Ok(true);
            }
        }
        Ok(false)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `contextlib.nullcontext(enter_result=None)`.
struct NullContext(Value);

impl Object for NullContext {
    fn type_name(&self) -> String {
        "nullcontext".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!(
            "<contextlib.nullcontext object at {:#x}>",
            self as *const NullContext as usize
        ))
    }
    fn enter(&self, _me: &Rc<dyn Object>, _it: &mut Interp) -> PyResult<Value> {
        Ok(self.0.clone())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub(crate) fn install(it: &mut Interp) {
    // datetime
    let dt = Module::new("datetime");
    dt.set("date", Value::Type(BuiltinType::Date));
    dt.set("datetime", Value::Type(BuiltinType::DateTime));
    dt.set("time", Value::Type(BuiltinType::Time));
    dt.set("timedelta", Value::Type(BuiltinType::TimeDelta));
    dt.set("timezone", Value::object(TimezoneClass));
    dt.set("MINYEAR", Value::Int(1));
    dt.set("MAXYEAR", Value::Int(9999));
    it.register_module("datetime", Rc::new(dt));

    // decimal
    let dec = Module::new("decimal");
    dec.set("Decimal", Value::Type(BuiltinType::Decimal));
    for mode in [
        "ROUND_HALF_EVEN",
        "ROUND_HALF_UP",
        "ROUND_HALF_DOWN",
        "ROUND_DOWN",
        "ROUND_UP",
        "ROUND_FLOOR",
        "ROUND_CEILING",
        "ROUND_05UP",
    ] {
        dec.set(mode, Value::str(mode));
    }
    let arith = it.exc_class("ArithmeticError");
    let dexc = it.new_exc_class("DecimalException", "decimal", arith);
    let invalid = it.new_exc_class("InvalidOperation", "decimal", dexc.clone());
    // CPython's DivisionByZero derives from both DecimalException and ZeroDivisionError; with
    // single inheritance here, ZeroDivisionError is the one `except` clauses are likelier to name.
    let divzero = it.new_exc_class(
        "DivisionByZero",
        "decimal",
        it.exc_class("ZeroDivisionError"),
    );
    for (name, cls) in [
        ("DecimalException", dexc),
        ("InvalidOperation", invalid),
        ("DivisionByZero", divzero),
    ] {
        dec.set(name, Value::ExcClass(cls.clone()));
        let key: &'static str = match name {
            "DecimalException" => "decimal.DecimalException",
            "InvalidOperation" => "decimal.InvalidOperation",
            _ => "decimal.DivisionByZero",
        };
        it.exc_classes.insert(key, cls);
    }
    it.register_module("decimal", Rc::new(dec));

    // contextlib
    let cl = Module::new("contextlib");
    cl.set(
        "suppress",
        Builtin::value("suppress", |it, a| {
            it.check_no_kwargs(&a, "suppress")?;
            Ok(Value::object(Suppress(a.positional)))
        }),
    );
    cl.set(
        "nullcontext",
        Builtin::value("nullcontext", |it, a| {
            it.check_positional(&a, "nullcontext", 0, 1)?;
            Ok(Value::object(NullContext(
                a.positional.first().cloned().unwrap_or(Value::None),
            )))
        }),
    );
    it.register_module("contextlib", Rc::new(cl));

    // math
    let m = Module::new("math");
    m.set("pi", Value::Float(std::f64::consts::PI));
    m.set("e", Value::Float(std::f64::consts::E));
    m.set("tau", Value::Float(std::f64::consts::TAU));
    m.set("inf", Value::Float(f64::INFINITY));
    m.set("nan", Value::Float(f64::NAN));
    type F1 = fn(f64) -> f64;
    let unary: &[(&str, F1)] = &[
        ("sqrt", f64::sqrt),
        ("exp", f64::exp),
        ("sin", f64::sin),
        ("cos", f64::cos),
        ("tan", f64::tan),
        ("asin", f64::asin),
        ("acos", f64::acos),
        ("atan", f64::atan),
        ("fabs", f64::abs),
        ("degrees", f64::to_degrees),
        ("radians", f64::to_radians),
        ("log10", f64::log10),
        ("log2", f64::log2),
    ];
    for (name, f) in unary {
        let f = *f;
        let n: &'static str = name;
        m.set(
            name,
            Builtin::value(name, move |it, args| {
                let x = it.exactly_one(args, n)?;
                let x = real_arg(it, &x)?;
                let domain_ok = match n {
                    "sqrt" => x >= 0.0 || x.is_nan(),
                    "log10" | "log2" => x > 0.0 || x.is_nan(),
                    "asin" | "acos" => (-1.0..=1.0).contains(&x) || x.is_nan(),
                    _ => true,
                };
                if !domain_ok {
                    return Err(it.value_error("math domain error"));
                }
                let r = f(x);
                if r.is_infinite() && x.is_finite() {
                    return Err(it.overflow_error("math range error"));
                }
                Ok(Value::Float(r))
            }),
        );
    }
    m.set(
        "floor",
        Builtin::value("floor", |it, a| round_fn(it, a, "floor")),
    );
    m.set(
        "ceil",
        Builtin::value("ceil", |it, a| round_fn(it, a, "ceil")),
    );
    m.set(
        "trunc",
        Builtin::value("trunc", |it, a| round_fn(it, a, "trunc")),
    );
    m.set(
        "isnan",
        Builtin::value("isnan", |it, a| {
            let x = it.exactly_one(a, "isnan")?;
            Ok(Value::Bool(real_arg(it, &x)?.is_nan()))
        }),
    );
    m.set(
        "isinf",
        Builtin::value("isinf", |it, a| {
            let x = it.exactly_one(a, "isinf")?;
            Ok(Value::Bool(real_arg(it, &x)?.is_infinite()))
        }),
    );
    m.set(
        "isfinite",
        Builtin::value("isfinite", |it, a| {
            let x = it.exactly_one(a, "isfinite")?;
            Ok(Value::Bool(real_arg(it, &x)?.is_finite()))
        }),
    );
    m.set(
        "log",
        Builtin::value("log", |it, a| {
            it.check_no_kwargs(&a, "log")?;
            it.check_positional(&a, "log", 1, 2)?;
            let x = &a.positional[0];
            let lx = ln_of(it, x)?;
            match a.positional.get(1) {
                None => Ok(Value::Float(lx)),
                Some(b) => {
                    let lb = ln_of(it, b)?;
                    if lb == 0.0 {
                        return Err(it.zero_division("float division by zero"));
                    }
                    Ok(Value::Float(lx / lb))
                }
            }
        }),
    );
    m.set(
        "pow",
        Builtin::value("pow", |it, a| {
            it.check_positional(&a, "pow", 2, 2)?;
            let x = real_arg(it, &a.positional[0])?;
            let y = real_arg(it, &a.positional[1])?;
            if x == 0.0 && y < 0.0 || x < 0.0 && y.is_finite() && y.fract() != 0.0 {
                return Err(it.value_error("math domain error"));
            }
            let r = x.powf(y);
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(it.overflow_error("math range error"));
            }
            Ok(Value::Float(r))
        }),
    );
    m.set(
        "atan2",
        Builtin::value("atan2", |it, a| {
            it.check_positional(&a, "atan2", 2, 2)?;
            Ok(Value::Float(
                real_arg(it, &a.positional[0])?.atan2(real_arg(it, &a.positional[1])?),
            ))
        }),
    );
    m.set(
        "copysign",
        Builtin::value("copysign", |it, a| {
            it.check_positional(&a, "copysign", 2, 2)?;
            Ok(Value::Float(
                real_arg(it, &a.positional[0])?.copysign(real_arg(it, &a.positional[1])?),
            ))
        }),
    );
    m.set(
        "fmod",
        Builtin::value("fmod", |it, a| {
            it.check_positional(&a, "fmod", 2, 2)?;
            let (x, y) = (
                real_arg(it, &a.positional[0])?,
                real_arg(it, &a.positional[1])?,
            );
            if y == 0.0 || x.is_infinite() {
                return Err(it.value_error("math domain error"));
            }
            Ok(Value::Float(x % y))
        }),
    );
    m.set(
        "hypot",
        Builtin::value("hypot", |it, a| {
            let mut acc = 0.0f64;
            for x in &a.positional {
                let v = real_arg(it, x)?;
                acc = acc.hypot(v);
            }
            Ok(Value::Float(acc))
        }),
    );
    m.set(
        "isclose",
        Builtin::value("isclose", |it, mut a| {
            let kw = it.take_kwargs(&mut a, "isclose", &["rel_tol", "abs_tol"])?;
            it.check_positional(&a, "isclose", 2, 2)?;
            let (x, y) = (
                real_arg(it, &a.positional[0])?,
                real_arg(it, &a.positional[1])?,
            );
            let rel = match &kw[0] {
                Some(v) => real_arg(it, v)?,
                None => 1e-9,
            };
            let abs = match &kw[1] {
                Some(v) => real_arg(it, v)?,
                None => 0.0,
            };
            if rel < 0.0 || abs < 0.0 {
                return Err(it.value_error("tolerances must be non-negative"));
            }
            if x == y {
                return Ok(Value::Bool(true));
            }
            if x.is_infinite() || y.is_infinite() {
                return Ok(Value::Bool(false));
            }
            let diff = (x - y).abs();
            Ok(Value::Bool(
                diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs,
            ))
        }),
    );
    m.set(
        "factorial",
        Builtin::value("factorial", |it, a| {
            let x = it.exactly_one(a, "factorial")?;
            if !is_int(&x) {
                return Err(it.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    x.tp_name()
                )));
            }
            let n = to_big(&x).unwrap_or_default();
            if n.is_negative() {
                return Err(it.value_error("factorial() not defined for negative values"));
            }
            let n = match n.to_u64() {
                Some(n) if n <= 20_000 => n,
                _ => return Err(it.memory_error()),
            };
            let mut acc = BigInt::one();
            for k in 2..=n {
                acc *= k;
            }
            Ok(Value::from_bigint(acc))
        }),
    );
    m.set("gcd", Builtin::value("gcd", |it, a| gcd_lcm(it, a, true)));
    m.set("lcm", Builtin::value("lcm", |it, a| gcd_lcm(it, a, false)));
    m.set(
        "isqrt",
        Builtin::value("isqrt", |it, a| {
            let x = it.exactly_one(a, "isqrt")?;
            let Some(n) = to_big(&x) else {
                return Err(it.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    x.tp_name()
                )));
            };
            if n.is_negative() {
                return Err(it.value_error("isqrt() argument must be nonnegative"));
            }
            Ok(Value::from_bigint(n.sqrt()))
        }),
    );
    m.set(
        "prod",
        Builtin::value("prod", |it, mut a| {
            let kw = it.take_kwargs(&mut a, "prod", &["start"])?;
            it.check_positional(&a, "prod", 1, 1)?;
            let mut acc = kw[0].clone().unwrap_or(Value::Int(1));
            for x in it.iter_values(&a.positional[0])? {
                acc = it.binary_op(crate::syntax::BinOp::Mul, &acc, &x)?;
            }
            Ok(acc)
        }),
    );
    m.set(
        "fsum",
        Builtin::value("fsum", |it, a| {
            let x = it.exactly_one(a, "fsum")?;
            // Neumaier summation: close to CPython's exact fsum for ordinary inputs.
            let (mut sum, mut c) = (0.0f64, 0.0f64);
            for v in it.iter_values(&x)? {
                let f = real_arg(it, &v)?;
                let t = sum + f;
                if sum.abs() >= f.abs() {
                    c += (sum - t) + f;
                } else {
                    c += (f - t) + sum;
                }
                sum = t;
            }
            Ok(Value::Float(sum + c))
        }),
    );
    m.set(
        "comb",
        Builtin::value("comb", |it, a| {
            it.check_positional(&a, "comb", 2, 2)?;
            let (n, k) = (it.int_arg(&a.positional[0])?, it.int_arg(&a.positional[1])?);
            if n < 0 || k < 0 {
                return Err(it.value_error("n must be a non-negative integer"));
            }
            if k > n {
                return Ok(Value::Int(0));
            }
            let k = k.min(n - k);
            if k > 20_000 {
                return Err(it.memory_error());
            }
            let mut acc = BigInt::one();
            for i in 0..k {
                acc = acc * BigInt::from(n - i) / BigInt::from(i + 1);
            }
            Ok(Value::from_bigint(acc))
        }),
    );
    it.register_module("math", Rc::new(m));
}

fn real_arg(it: &Interp, v: &Value) -> PyResult<f64> {
    match v {
        Value::Decimal(d) => Ok(d.to_f64().unwrap_or(0.0)),
        _ => match it.to_f64(v)? {
            Some(f) => Ok(f),
            None => Err(it.type_error(format!("must be real number, not {}", v.tp_name()))),
        },
    }
}

fn ln_of(it: &Interp, v: &Value) -> PyResult<f64> {
    if let Some(b) = to_big(v)
        && b.is_positive()
        && b.bits() > 1000
    {
        // Huge ints: log via the bit length so no float overflow.
        let shift = b.bits() - 64;
        let top = (&b >> shift).to_f64().unwrap_or(1.0);
        return Ok(top.ln() + shift as f64 * std::f64::consts::LN_2);
    }
    let x = real_arg(it, v)?;
    if x <= 0.0 {
        return Err(it.value_error("math domain error"));
    }
    Ok(x.ln())
}

fn round_fn(it: &mut Interp, a: Args, name: &str) -> PyResult<Value> {
    let x = it.exactly_one(a, name)?;
    match &x {
        v if is_int(v) => Ok(Value::from_bigint(to_big(v).unwrap_or_default())),
        Value::Decimal(d) => {
            let r = match name {
                "floor" => d.floor(),
                "ceil" => d.ceil(),
                _ => d.trunc(),
            };
            it.int_of(&Value::Decimal(r))
        }
        _ => {
            let f = real_arg(it, &x)?;
            if f.is_nan() {
                return Err(it.value_error("cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(it.overflow_error("cannot convert float infinity to integer"));
            }
            let r = match name {
                "floor" => f.floor(),
                "ceil" => f.ceil(),
                _ => f.trunc(),
            };
            Ok(float_to_int_value(r))
        }
    }
}

fn gcd_lcm(it: &mut Interp, a: Args, gcd: bool) -> PyResult<Value> {
    let mut acc: BigInt = if gcd { BigInt::zero() } else { BigInt::one() };
    for x in &a.positional {
        let Some(n) = to_big(x) else {
            return Err(it.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                x.tp_name()
            )));
        };
        acc = if gcd {
            num_integer::Integer::gcd(&acc, &n)
        } else if acc.is_zero() || n.is_zero() {
            BigInt::zero()
        } else {
            num_integer::Integer::lcm(&acc, &n)
        };
    }
    Ok(Value::from_bigint(acc))
}
