//! `django.core.exceptions.ValidationError` as Django 5.2 builds it: a message, a list of
//! messages or a dict of them by field, normalised in `__init__`, so that `str(e)` is
//! `['msg']` or `{'field': ['msg']}`, `repr(e)` is `ValidationError(['msg'])`, and
//! `message_dict`, `messages`, `message`, `code` and `params` answer as Django's do.
//!
//! The exception's one argument is a [`VeData`] holding the normalised messages (the
//! evaluator's `str(e)` is `str(args[0])`), made by [`construct`] for `ValidationError(...)`
//! typed by the user and by [`from_pairs`] for `full_clean()`.

use std::rc::Rc;

use crate::interp::{ExcClass, Interp, Object, PyException, PyResult, Value};

use super::pyutil::{list, str_dict};

/// `error_dict` (messages by field) or `error_list`.
#[derive(Clone)]
pub enum Messages {
    List(Vec<String>),
    Dict(Vec<(String, Vec<String>)>),
}

/// The normalised content of one ValidationError.
#[derive(Clone)]
pub struct VeData {
    pub messages: Messages,
    /// A single-message error's `message`, `code` and `params` (unformatted message).
    pub single: Option<(Value, Value, Value)>,
}

fn strs(v: &[String]) -> Value {
    list(v.iter().map(|m| Value::str(m)).collect())
}

impl VeData {
    /// `dict(e)` or `list(e)` as a Python value.
    fn as_value(&self, it: &mut Interp) -> PyResult<Value> {
        match &self.messages {
            Messages::List(v) => Ok(strs(v)),
            Messages::Dict(d) => {
                let pairs = d.iter().map(|(k, v)| (k.clone(), strs(v))).collect();
                str_dict(it, pairs)
            }
        }
    }

    fn flat(&self) -> Vec<String> {
        match &self.messages {
            Messages::List(v) => v.clone(),
            Messages::Dict(d) => d.iter().flat_map(|(_, v)| v.clone()).collect(),
        }
    }
}

impl Object for VeData {
    fn type_name(&self) -> String {
        match self.messages {
            Messages::List(_) => "list".into(),
            Messages::Dict(_) => "dict".into(),
        }
    }

    fn repr(&self, it: &mut Interp) -> PyResult<String> {
        let v = self.as_value(it)?;
        it.repr(&v)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The exception `full_clean()` raises: messages by field, in order.
pub fn from_pairs(
    class: &Rc<ExcClass>,
    it: &mut Interp,
    pairs: Vec<(String, Vec<String>)>,
) -> Rc<PyException> {
    let data = VeData {
        messages: Messages::Dict(pairs),
        single: None,
    };
    it.new_exception_args(class.clone(), vec![Value::object(data)])
}

/// `ValidationError(message)` raised by the ORM itself (a lookup value a field cannot take).
pub fn from_message(class: &Rc<ExcClass>, it: &Interp, message: &str) -> Rc<PyException> {
    let data = VeData {
        messages: Messages::List(vec![message.to_string()]),
        single: Some((Value::str(message), Value::str("invalid"), Value::None)),
    };
    it.new_exception_args(class.clone(), vec![Value::object(data)])
}

/// The messages of a ValidationError by key: a dict's, or its list under `__all__`.
pub fn pairs_of(e: &PyException) -> Vec<(String, Vec<String>)> {
    match e.args.first().and_then(|a| a.downcast::<VeData>()) {
        Some(d) => match &d.messages {
            Messages::Dict(p) => p.clone(),
            Messages::List(v) => vec![("__all__".into(), v.clone())],
        },
        None => Vec::new(),
    }
}

/// `ValidationError.__init__(message, code=None, params=None)`.
pub fn construct(
    class: &Rc<ExcClass>,
    it: &mut Interp,
    args: &crate::interp::Args,
) -> PyResult<Value> {
    let mut message = args.positional.first().cloned();
    let mut code = args.positional.get(1).cloned().unwrap_or(Value::None);
    let mut params = args.positional.get(2).cloned().unwrap_or(Value::None);
    for (k, v) in &args.keywords {
        match &**k {
            "message" => message = Some(v.clone()),
            "code" => code = v.clone(),
            "params" => params = v.clone(),
            other => {
                return Err(it.type_error(format!(
                    "ValidationError.__init__() got an unexpected keyword argument '{other}'"
                )));
            }
        }
    }
    let Some(message) = message else {
        return Err(it.type_error(
            "ValidationError.__init__() missing 1 required positional argument: 'message'",
        ));
    };
    let data = normalise(it, class, &message, code, params)?;
    Ok(Value::Exception(it.new_exception_args(
        class.clone(),
        vec![Value::object(data)],
    )))
}

fn normalise(
    it: &mut Interp,
    class: &Rc<ExcClass>,
    message: &Value,
    code: Value,
    params: Value,
) -> PyResult<VeData> {
    if let Value::Exception(e) = message
        && e.class.is_subclass_of(class)
        && let Some(d) = e.args.first().and_then(|a| a.downcast::<VeData>())
    {
        return Ok(d.clone());
    }
    match message {
        Value::Dict(d) => {
            let entries = d.borrow().entries.clone();
            let mut out = Vec::new();
            for (k, v) in entries {
                let sub = normalise(it, class, &v, Value::None, Value::None)?;
                out.push((it.str(&k)?, sub.flat()));
            }
            Ok(VeData {
                messages: Messages::Dict(out),
                single: None,
            })
        }
        Value::List(_) | Value::Tuple(_) => {
            let mut out = Vec::new();
            for item in it.iterate(message)? {
                out.extend(normalise(it, class, &item, Value::None, Value::None)?.flat());
            }
            Ok(VeData {
                messages: Messages::List(out),
                single: None,
            })
        }
        _ => {
            // `__iter__`: the message formatted with its params when there are any.
            let text = match message {
                Value::Str(s) if it.truthy(&params)? => {
                    let v = it.py_percent(s, &params)?;
                    it.str(&v)?
                }
                other => it.str(other)?,
            };
            Ok(VeData {
                messages: Messages::List(vec![text]),
                single: Some((message.clone(), code, params)),
            })
        }
    }
}

/// `message_dict`, `error_dict`, `messages`, `message`, `code`, `params`.
pub fn attr(
    class: &Rc<ExcClass>,
    it: &mut Interp,
    e: &Rc<PyException>,
    name: &str,
) -> Option<PyResult<Value>> {
    if !e.class.is_subclass_of(class) {
        return None;
    }
    let data = e.args.first().and_then(|a| a.downcast::<VeData>())?;
    let missing = |it: &mut Interp, what: &str| Err(it.attribute_error("ValidationError", what));
    Some(match (name, &data.messages) {
        ("message_dict" | "error_dict", Messages::Dict(_)) => data.as_value(it),
        ("message_dict" | "error_dict", Messages::List(_)) => missing(it, "error_dict"),
        ("messages", _) => Ok(strs(&data.flat())),
        ("message" | "code" | "params", _) => match &data.single {
            Some((m, c, p)) => Ok(match name {
                "message" => m.clone(),
                "code" => c.clone(),
                _ => p.clone(),
            }),
            None => missing(it, name),
        },
        _ => return None,
    })
}
