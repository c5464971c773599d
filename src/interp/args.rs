//! Argument binding with CPython's exact TypeErrors: [`ArgSpec`] binds like a Python `def`
//! (what Django's own methods are), and the `Interp::check_*` helpers give the messages of
//! C built-ins (`len() takes exactly one argument (2 given)`, `sorted expected 1 argument, got 2`).

use std::rc::Rc;

use super::Interp;
use super::value::{Args, PyException, PyResult, Value};

/// The signature of a function written in Rust that should bind and complain like a Python
/// `def`: `def name(p0, p1=..., *varargs, k0, **varkw)`.
///
/// ```text
/// const SPEC: ArgSpec = ArgSpec { func: "QuerySet.get_or_create", params: &["defaults"], required: 0,
///                                 kwonly: &[], varargs: false, varkw: true };
/// let b = SPEC.bind(it, args)?;   // b.values[0]: Option<Value>, b.varkw: the other keywords
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ArgSpec<'a> {
    /// The name messages show before `()`: `"len"`, `"QuerySet.filter"`.
    pub func: &'a str,
    /// Positional-or-keyword parameters.
    pub params: &'a [&'a str],
    /// How many leading `params` have no default.
    pub required: usize,
    /// Keyword-only parameters (all optional here; check `None` yourself for required ones, or
    /// use `required_kwonly`).
    pub kwonly: &'a [&'a str],
    /// Accepts `*args`.
    pub varargs: bool,
    /// Accepts `**kwargs`.
    pub varkw: bool,
}

/// The result of [`ArgSpec::bind`].
#[derive(Default, Debug, Clone)]
pub struct BoundArgs {
    /// One slot per `params` entry, `None` when not given (so the default applies).
    pub values: Vec<Option<Value>>,
    /// One slot per `kwonly` entry.
    pub kwonly: Vec<Option<Value>>,
    /// Extra positionals (only with `varargs`).
    pub varargs: Vec<Value>,
    /// Extra keywords in call order (only with `varkw`).
    pub varkw: Vec<(Rc<str>, Value)>,
}

impl BoundArgs {
    /// Slot `i`'s value or `None` when not given.
    pub fn get(&self, i: usize) -> Option<&Value> {
        self.values.get(i).and_then(|v| v.as_ref())
    }
}

impl<'a> ArgSpec<'a> {
    /// A spec with only positional-or-keyword parameters, the first `required` of them required.
    pub const fn simple(func: &'a str, params: &'a [&'a str], required: usize) -> ArgSpec<'a> {
        ArgSpec {
            func,
            params,
            required,
            kwonly: &[],
            varargs: false,
            varkw: false,
        }
    }

    /// Binds `args` like CPython binds a call to a `def`.
    pub fn bind(&self, it: &Interp, args: Args) -> PyResult<BoundArgs> {
        bind_generic(
            it,
            self.func,
            self.params,
            &|i| i >= self.required,
            self.kwonly,
            &|_| true,
            self.varargs,
            self.varkw,
            args,
        )
    }
}

/// The binding algorithm shared by [`ArgSpec`] and calls of Python functions, following
/// CPython's `initialize_locals`: positionals, then keywords (unexpected / multiple values),
/// then too many positionals, then missing positionals, then missing keyword-only arguments.
#[allow(clippy::too_many_arguments)]
pub(crate) fn bind_generic(
    it: &Interp,
    func: &str,
    names: &[&str],
    has_default: &dyn Fn(usize) -> bool,
    kwonly: &[&str],
    kw_has_default: &dyn Fn(usize) -> bool,
    varargs: bool,
    varkw: bool,
    args: Args,
) -> PyResult<BoundArgs> {
    let mut out = BoundArgs {
        values: vec![None; names.len()],
        kwonly: vec![None; kwonly.len()],
        ..Default::default()
    };
    let given = args.positional.len();
    for (i, v) in args.positional.into_iter().enumerate() {
        if i < names.len() {
            out.values[i] = Some(v);
        } else if varargs {
            out.varargs.push(v);
        }
    }
    for (k, v) in args.keywords {
        if let Some(j) = names.iter().position(|n| **n == *k) {
            if out.values[j].is_some() {
                return Err(
                    it.type_error(format!("{func}() got multiple values for argument '{k}'"))
                );
            }
            out.values[j] = Some(v);
        } else if let Some(j) = kwonly.iter().position(|n| **n == *k) {
            out.kwonly[j] = Some(v);
        } else if varkw {
            if out.varkw.iter().any(|(n, _)| *n == k) {
                return Err(it.type_error(format!(
                    "{func}() got multiple values for keyword argument '{k}'"
                )));
            }
            out.varkw.push((k, v));
        } else {
            return Err(it.type_error(format!("{func}() got an unexpected keyword argument '{k}'")));
        }
    }
    if given > names.len() && !varargs {
        return Err(too_many_positional(
            it,
            func,
            names.len(),
            has_default,
            &out,
            given,
        ));
    }
    let missing: Vec<&str> = (0..names.len())
        .filter(|&i| out.values[i].is_none() && !has_default(i))
        .map(|i| names[i])
        .collect();
    if !missing.is_empty() {
        return Err(missing_arguments(it, func, "positional", &missing));
    }
    let missing_kw: Vec<&str> = (0..kwonly.len())
        .filter(|&i| out.kwonly[i].is_none() && !kw_has_default(i))
        .map(|i| kwonly[i])
        .collect();
    if !missing_kw.is_empty() {
        return Err(missing_arguments(it, func, "keyword-only", &missing_kw));
    }
    Ok(out)
}

fn too_many_positional(
    it: &Interp,
    func: &str,
    argcount: usize,
    has_default: &dyn Fn(usize) -> bool,
    out: &BoundArgs,
    given: usize,
) -> Rc<PyException> {
    let kwonly_given = out.kwonly.iter().filter(|v| v.is_some()).count();
    let defcount = (0..argcount).filter(|&i| has_default(i)).count();
    let (sig, plural) = if defcount > 0 {
        (
            format!("from {} to {}", argcount - defcount, argcount),
            true,
        )
    } else {
        (argcount.to_string(), argcount != 1)
    };
    let kwonly_sig = if kwonly_given > 0 {
        format!(
            " positional argument{} (and {} keyword-only argument{})",
            if given != 1 { "s" } else { "" },
            kwonly_given,
            if kwonly_given != 1 { "s" } else { "" }
        )
    } else {
        String::new()
    };
    it.type_error(format!(
        "{func}() takes {sig} positional argument{} but {given}{kwonly_sig} {} given",
        if plural { "s" } else { "" },
        if given == 1 && kwonly_given == 0 {
            "was"
        } else {
            "were"
        }
    ))
}

fn missing_arguments(it: &Interp, func: &str, kind: &str, names: &[&str]) -> Rc<PyException> {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!(
            "{}, {}, and {}",
            quoted[..n - 2].join(", "),
            quoted[n - 2],
            quoted[n - 1]
        ),
    };
    it.type_error(format!(
        "{func}() missing {} required {kind} argument{}: {list}",
        names.len(),
        if names.len() == 1 { "" } else { "s" }
    ))
}

impl Interp {
    /// `name() takes no keyword arguments` unless `args` has none.
    pub fn check_no_kwargs(&self, args: &Args, name: &str) -> PyResult<()> {
        if args.keywords.is_empty() {
            Ok(())
        } else {
            Err(self.type_error(format!("{name}() takes no keyword arguments")))
        }
    }

    /// The single positional argument of a C function taking exactly one
    /// (`len() takes exactly one argument (2 given)`).
    pub fn exactly_one(&self, args: Args, name: &str) -> PyResult<Value> {
        self.check_no_kwargs(&args, name)?;
        if args.positional.len() != 1 {
            return Err(self.type_error(format!(
                "{name}() takes exactly one argument ({} given)",
                args.positional.len()
            )));
        }
        Ok(args.positional.into_iter().next().unwrap_or(Value::None))
    }

    /// `name() takes no arguments (1 given)`.
    pub fn check_no_args(&self, args: &Args, name: &str) -> PyResult<()> {
        self.check_no_kwargs(args, name)?;
        if !args.positional.is_empty() {
            return Err(self.type_error(format!(
                "{name}() takes no arguments ({} given)",
                args.positional.len()
            )));
        }
        Ok(())
    }

    /// CPython's `_PyArg_CheckPositional`: `sorted expected 1 argument, got 2`,
    /// `getattr expected at least 2 arguments, got 1`, `range expected at most 3 arguments, got 4`.
    pub fn check_positional(
        &self,
        args: &Args,
        name: &str,
        min: usize,
        max: usize,
    ) -> PyResult<()> {
        let n = args.positional.len();
        if n < min {
            return Err(self.type_error(format!(
                "{name} expected {}{min} argument{}, got {n}",
                if min == max { "" } else { "at least " },
                if min == 1 { "" } else { "s" }
            )));
        }
        if n > max {
            return Err(self.type_error(format!(
                "{name} expected {}{max} argument{}, got {n}",
                if min == max { "" } else { "at most " },
                if max == 1 { "" } else { "s" }
            )));
        }
        Ok(())
    }

    /// Argument Clinic's wording: `round() takes at most 2 arguments (3 given)`,
    /// `count() takes at least 1 argument (0 given)`.
    pub fn check_clinic(&self, args: &Args, name: &str, min: usize, max: usize) -> PyResult<()> {
        let n = args.positional.len();
        if n < min {
            return Err(self.type_error(format!(
                "{name}() takes at least {min} argument{} ({n} given)",
                if min == 1 { "" } else { "s" }
            )));
        }
        if n > max {
            return Err(self.type_error(format!(
                "{name}() takes at most {max} argument{} ({n} given)",
                if max == 1 { "" } else { "s" }
            )));
        }
        Ok(())
    }

    /// Splits keyword arguments out of `args` by name, raising `name() got an unexpected keyword
    /// argument 'x'` for any other. Returns one slot per allowed name.
    pub fn take_kwargs(
        &self,
        args: &mut Args,
        name: &str,
        allowed: &[&str],
    ) -> PyResult<Vec<Option<Value>>> {
        let mut out = vec![None; allowed.len()];
        for (k, v) in std::mem::take(&mut args.keywords) {
            match allowed.iter().position(|a| **a == *k) {
                Some(i) => out[i] = Some(v),
                None => {
                    return Err(self
                        .type_error(format!("{name}() got an unexpected keyword argument '{k}'")));
                }
            }
        }
        args.keyword_spans.clear();
        Ok(out)
    }
}
