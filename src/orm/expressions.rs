//! Expression objects as shell values: `F`, `Value`, arithmetic on them, database functions,
//! aggregates, `ExpressionWrapper`, `.asc()`/`.desc()`, and the field classes used as
//! `output_field=`. They only build [`Expr`] trees; the query resolves and compiles them.

use std::rc::Rc;

use crate::interp::{ArgSpec, Args, Interp, Object, PyResult, Value};
use crate::models::FieldKind;
use crate::query::expr::{AggFunc, ArithOp, Expr, FuncCall, OrderBy};
use crate::query::{FilterValue, QNode};
use crate::syntax::{BinOp, UnaryOp};

use super::convert::to_filter_value;
use super::q::QObj;

/// Any expression (`F(price)`, `Count(F(authors))`, a CombinedExpression, ...).
pub struct ExprObj {
    pub expr: Expr,
}

/// `expr.asc()` / `expr.desc()`.
pub struct OrderByObj {
    pub order: OrderBy,
}

/// A field class instance given as `output_field=` (`DecimalField()`).
pub struct FieldObj {
    pub kind: FieldKind,
}

/// Django's `conditional`: whether an expression's output field is a BooleanField, so it can
/// be combined with Q objects and given to filter().
pub fn is_conditional(e: &Expr) -> bool {
    match e {
        Expr::Subquery(s) => s.exists,
        Expr::Wrapper { output, .. } => *output == FieldKind::BooleanField,
        Expr::Case {
            output: Some(k), ..
        } => *k == FieldKind::BooleanField,
        Expr::Value(crate::query::FilterValue::Bool(_)) => true,
        _ => false,
    }
}

pub fn expr_value(e: Expr) -> Value {
    Value::object(ExprObj { expr: e })
}

/// What an expression argument means: a string names a field (`F`), an expression is itself,
/// anything else is a `Value`.
pub fn to_expr(it: &mut Interp, v: &Value) -> PyResult<Expr> {
    if let Value::Str(s) = v {
        return Ok(Expr::F(str::to_owned(s)));
    }
    if let Some(e) = v.downcast::<ExprObj>() {
        return Ok(e.expr.clone());
    }
    // A Q object is an expression too: its condition, as a boolean.
    if let Some(q) = v.downcast::<QObj>() {
        return Ok(Expr::Q {
            node: q.node.clone(),
            resolved: None,
        });
    }
    Ok(Expr::Value(to_filter_value(it, v)?))
}

/// Like [`to_expr`], but a non-expression operand of `+`, `*`, ... is always a `Value`.
fn operand(it: &mut Interp, v: &Value) -> PyResult<Option<Expr>> {
    if let Some(e) = v.downcast::<ExprObj>() {
        return Ok(Some(e.expr.clone()));
    }
    Ok(match v {
        Value::Int(_)
        | Value::BigInt(_)
        | Value::Float(_)
        | Value::Decimal(_)
        | Value::Str(_)
        | Value::None
        | Value::Date(_)
        | Value::DateTime(..)
        | Value::TimeDelta(_)
        | Value::Bool(_) => Some(Expr::Value(to_filter_value(it, v)?)),
        _ => None,
    })
}

pub(crate) fn output_kind(v: Option<&Value>) -> Option<FieldKind> {
    v.and_then(|v| v.downcast::<FieldObj>().map(|f| f.kind.clone()))
}

impl Object for ExprObj {
    fn type_name(&self) -> String {
        match &self.expr {
            Expr::F(_) => "F",
            Expr::Value(_) => "Value",
            Expr::Combined { .. } => "CombinedExpression",
            Expr::Func(f) => f.class,
            Expr::Aggregate { func, .. } => func.name(),
            Expr::Wrapper { .. } => "ExpressionWrapper",
            Expr::Window(_) => "Window",
            _ => "Expression",
        }
        .into()
    }

    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(match &self.expr {
            Expr::Combined { .. } => format!("<CombinedExpression: {}>", self.expr.repr()),
            Expr::Wrapper { expr, .. } => format!("ExpressionWrapper({})", expr.repr()),
            Expr::Window(w) => format!("<Window: {}>", w.str()),
            other => other.repr(),
        })
    }

    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(match (name, &self.expr) {
            ("name", Expr::F(n)) => Some(Value::str(n)),
            ("contains_aggregate", e) => Some(Value::Bool(e.contains_aggregate())),
            ("default_alias", e) => e.default_alias().map(|a| Value::str(&a)),
            _ => None,
        })
    }

    fn has_method(&self, name: &str) -> bool {
        matches!(name, "asc" | "desc")
    }

    fn call_method(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        let spec = ArgSpec {
            func: name,
            params: &[],
            required: 0,
            kwonly: &["nulls_first", "nulls_last"],
            varargs: false,
            varkw: false,
        };
        let b = spec.bind(it, args)?;
        let flag = |it: &mut Interp, v: &Option<Value>| -> PyResult<bool> {
            match v {
                Some(v) => it.truthy(v),
                None => Ok(false),
            }
        };
        let nulls_first = flag(it, &b.kwonly[0])?;
        let nulls_last = flag(it, &b.kwonly[1])?;
        if nulls_first && nulls_last {
            return Err(it.value_error("nulls_first and nulls_last are mutually exclusive"));
        }
        Ok(Value::object(OrderByObj {
            order: OrderBy {
                expr: self.expr.clone(),
                descending: name == "desc",
                nulls_first,
                nulls_last,
            },
        }))
    }

    fn binop(
        &self,
        _me: &Rc<dyn Object>,
        op: BinOp,
        other: &Value,
        reflected: bool,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        let arith = match op {
            BinOp::Add => ArithOp::Add,
            BinOp::Sub => ArithOp::Sub,
            BinOp::Mul => ArithOp::Mul,
            BinOp::Div => ArithOp::Div,
            BinOp::Mod => ArithOp::Mod,
            BinOp::Pow => ArithOp::Pow,
            BinOp::BitAnd | BinOp::BitOr => {
                // Conditional expressions combine like Q objects (Combinable.__or__:
                // `Q(self) | Q(other)`); others raise as Django does.
                let other_conditional =
                    other
                        .downcast::<QObj>()
                        .map(|q| q.node.clone())
                        .or_else(|| {
                            other
                                .downcast::<ExprObj>()
                                .filter(|e| is_conditional(&e.expr))
                                .map(|e| QNode::Expr(Box::new(e.expr.clone())))
                        });
                if is_conditional(&self.expr)
                    && let Some(o) = other_conditional
                {
                    let conn = if op == BinOp::BitAnd {
                        crate::query::Connector::And
                    } else {
                        crate::query::Connector::Or
                    };
                    let me = QNode::from_parts(
                        vec![QNode::Expr(Box::new(self.expr.clone()))],
                        Vec::new(),
                    );
                    let o = QNode::from_parts(vec![o], Vec::new());
                    let (a, b) = if reflected { (o, me) } else { (me, o) };
                    return Ok(Some(Value::object(QObj {
                        node: a.combine(b, conn),
                    })));
                }
                return Err(it.not_implemented(
                    "Use .bitand(), .bitor(), and .bitxor() for bitwise logical operations.",
                ));
            }
            _ => return Ok(None),
        };
        let Some(o) = operand(it, other)? else {
            return Ok(None);
        };
        let (lhs, rhs) = if reflected {
            (o, self.expr.clone())
        } else {
            (self.expr.clone(), o)
        };
        Ok(Some(expr_value(Expr::Combined {
            lhs: Box::new(lhs),
            op: arith,
            rhs: Box::new(rhs),
        })))
    }

    fn unary(
        &self,
        _me: &Rc<dyn Object>,
        op: UnaryOp,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        if let (UnaryOp::Invert, Expr::Subquery(s)) = (op, &self.expr)
            && s.exists
        {
            let mut n = (**s).clone();
            n.negated = !n.negated;
            return Ok(Some(expr_value(Expr::Subquery(Box::new(n)))));
        }
        Ok(match op {
            UnaryOp::Neg => Some(expr_value(Expr::Combined {
                lhs: Box::new(self.expr.clone()),
                op: ArithOp::Mul,
                rhs: Box::new(Expr::Value(FilterValue::Int(-1))),
            })),
            _ => None,
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Object for OrderByObj {
    fn type_name(&self) -> String {
        "OrderBy".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!(
            "OrderBy({}, descending={})",
            self.order.expr.repr(),
            if self.order.descending {
                "True"
            } else {
                "False"
            }
        ))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Object for FieldObj {
    fn type_name(&self) -> String {
        self.kind.class_name().into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!(
            "<django.db.models.fields.{}>",
            self.kind.class_name()
        ))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `Count(expr, distinct=False, filter=None, default=None)` and its siblings.
pub fn aggregate(it: &mut Interp, func: AggFunc, args: Args) -> PyResult<Value> {
    let name = func.name();
    let spec = ArgSpec {
        func: name,
        params: &["expression"],
        required: 1,
        kwonly: &["distinct", "filter", "default", "sample", "output_field"],
        varargs: false,
        varkw: false,
    };
    let b = spec.bind(it, args)?;
    let arg = match b.get(0) {
        Some(Value::Str(s)) if &**s == "*" => {
            if func != AggFunc::Count {
                return Err(it.type_error(format!("{name} does not allow '*'")));
            }
            Expr::Star
        }
        Some(v) => to_expr(it, v)?,
        None => Expr::Star,
    };
    let truthy = |it: &mut Interp, v: &Option<Value>| -> PyResult<bool> {
        match v {
            Some(v) => it.truthy(v),
            None => Ok(false),
        }
    };
    let distinct = truthy(it, &b.kwonly[0])?;
    if distinct && !matches!(func, AggFunc::Count) {
        return Err(it.type_error(format!("{name} does not allow distinct.")));
    }
    let filter = match &b.kwonly[1] {
        Some(v) => match v.downcast::<QObj>() {
            Some(q) => Some(q.node.clone()),
            None => return Err(it.type_error("filter argument must be a Q object")),
        },
        None => None,
    };
    let default = match &b.kwonly[2] {
        Some(Value::None) | None => None,
        Some(v) => {
            if func == AggFunc::Count {
                return Err(it.type_error("Count does not allow default."));
            }
            Some(Box::new(to_expr(it, v)?))
        }
    };
    let sample = truthy(it, &b.kwonly[3])?;
    let func = match func {
        AggFunc::StdDev { .. } => AggFunc::StdDev { sample },
        AggFunc::Variance { .. } => AggFunc::Variance { sample },
        f => f,
    };
    Ok(expr_value(Expr::Aggregate {
        func,
        arg: Box::new(arg),
        distinct,
        filter,
        filter_where: None,
        default,
    }))
}

/// A database function of fixed arity (`Lower("title")`, `Coalesce("a", "b")`).
pub fn function(
    it: &mut Interp,
    class: &'static str,
    sql: &'static str,
    min: usize,
    max: Option<usize>,
    args: Args,
) -> PyResult<Value> {
    let args = keywords_to_positions(it, class, args)?;
    let spec = ArgSpec {
        func: class,
        params: &[],
        required: 0,
        kwonly: &["output_field"],
        varargs: true,
        varkw: false,
    };
    let b = spec.bind(it, args)?;
    check_literal_bounds(it, class, &b.varargs)?;
    let n = b.varargs.len();
    if n < min || max.is_some_and(|m| n > m) {
        let msg = match (class, max) {
            ("Coalesce", _) => "Coalesce must take at least two expressions".to_string(),
            ("Concat", _) => "Concat must take at least two expressions".to_string(),
            ("Greatest", _) => "Greatest must take at least two expressions".to_string(),
            ("Least", _) => "Least must take at least two expressions".to_string(),
            (_, Some(m)) if m == min => format!(
                "'{class}' takes exactly {min} argument{} ({n} given)",
                if min == 1 { "" } else { "s" }
            ),
            _ => format!("'{class}' takes at least {min} arguments ({n} given)"),
        };
        return Err(
            if matches!(class, "Coalesce" | "Greatest" | "Least" | "Concat") {
                it.value_error(msg)
            } else {
                it.type_error(msg)
            },
        );
    }
    let mut exprs = Vec::with_capacity(n);
    for a in &b.varargs {
        exprs.push(to_expr(it, a)?);
    }
    Ok(expr_value(Expr::Func(FuncCall {
        class,
        function: sql,
        args: exprs,
        output: output_kind(b.kwonly[0].as_ref()),
    })))
}

/// The named parameters of the functions whose Python signature has them
/// (`Round(expression, precision=0)`, `Substr(expression, pos, length=None)`, ...).
fn named_params(class: &str) -> &'static [&'static str] {
    match class {
        "Round" => &["expression", "precision"],
        "Substr" => &["expression", "pos", "length"],
        "Left" | "Right" => &["expression", "length"],
        "LPad" | "RPad" => &["expression", "length", "fill_text"],
        "Replace" => &["expression", "text", "replacement"],
        "Repeat" => &["expression", "number"],
        "StrIndex" => &["string", "substring"],
        _ => &[],
    }
}

/// Moves keyword arguments that name a positional parameter into their position, so
/// `Round("price", precision=0)` is `Round("price", 0)`; `LPad`'s `fill_text` defaults to `" "`.
fn keywords_to_positions(it: &mut Interp, class: &str, mut args: Args) -> PyResult<Args> {
    let names = named_params(class);
    let mut slots: Vec<Option<Value>> = args.positional.drain(..).map(Some).collect();
    let mut rest = Vec::new();
    for (k, v) in args.keywords.drain(..) {
        match names.iter().position(|n| **n == *k) {
            Some(i) => {
                if slots.len() <= i {
                    slots.resize(i + 1, None);
                }
                if slots[i].is_some() {
                    return Err(it.type_error(format!(
                        "{class}.__init__() got multiple values for argument '{k}'"
                    )));
                }
                slots[i] = Some(v);
            }
            None => rest.push((k, v)),
        }
    }
    if matches!(class, "LPad" | "RPad") && slots.len() == 2 {
        slots.push(Some(expr_value(Expr::Value(FilterValue::Str(" ".into())))));
    }
    let mut positional = Vec::with_capacity(slots.len());
    for (i, s) in slots.into_iter().enumerate() {
        match s {
            Some(v) => positional.push(v),
            None => {
                return Err(it.type_error(format!(
                    "{class}.__init__() missing 1 required positional argument: '{}'",
                    names.get(i).copied().unwrap_or("expression")
                )));
            }
        }
    }
    args.positional = positional;
    args.positional_spans.clear();
    args.keywords = rest;
    args.keyword_spans.clear();
    Ok(args)
}

/// Django checks literal positions and lengths when the function is built.
fn check_literal_bounds(it: &mut Interp, class: &str, args: &[Value]) -> PyResult<()> {
    let literal = |i: usize| match args.get(i) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    };
    match class {
        "Left" | "Right" if literal(1).is_some_and(|n| n < 1) => {
            Err(it.value_error("'length' must be greater than 0."))
        }
        "Substr" if literal(1).is_some_and(|n| n < 1) => {
            Err(it.value_error("'pos' must be greater than 0"))
        }
        _ => Ok(()),
    }
}

/// `F("name")`
pub fn f(it: &mut Interp, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple("F", &["name"], 1).bind(it, args)?;
    match b.get(0) {
        Some(Value::Str(s)) => Ok(expr_value(Expr::F(str::to_owned(s)))),
        Some(other) => {
            let r = it.repr(other)?;
            Err(it.type_error(format!("F() name must be a string, got {r}")))
        }
        None => Err(it.type_error("F.__init__() missing 1 required positional argument: 'name'")),
    }
}

/// `Value(value, output_field=None)`
pub fn value(it: &mut Interp, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple("Value", &["value", "output_field"], 1).bind(it, args)?;
    let v = b.get(0).cloned().unwrap_or(Value::None);
    let e = Expr::Value(to_filter_value(it, &v)?);
    Ok(match output_kind(b.get(1)) {
        Some(output) => expr_value(Expr::Wrapper {
            expr: Box::new(e),
            output,
        }),
        None => expr_value(e),
    })
}

/// `ExpressionWrapper(expression, output_field)`
pub fn wrapper(it: &mut Interp, args: Args) -> PyResult<Value> {
    let b =
        ArgSpec::simple("ExpressionWrapper", &["expression", "output_field"], 2).bind(it, args)?;
    let e = to_expr(it, b.get(0).unwrap_or(&Value::None))?;
    match output_kind(b.get(1)) {
        Some(output) => Ok(expr_value(Expr::Wrapper {
            expr: Box::new(e),
            output,
        })),
        None => Err(it.type_error("ExpressionWrapper() output_field must be a field instance")),
    }
}

/// A field class called as `DecimalField(max_digits=6, decimal_places=2)`.
pub fn field_class(it: &mut Interp, kind: FieldKind, args: Args) -> PyResult<Value> {
    let kind = match kind {
        FieldKind::DecimalField { .. } => {
            let mut digits = 0;
            let mut places = 0;
            for (k, v) in &args.keywords {
                if let Value::Int(i) = v {
                    match &**k {
                        "max_digits" => digits = *i as u32,
                        "decimal_places" => places = *i as u32,
                        _ => {}
                    }
                }
            }
            FieldKind::DecimalField {
                max_digits: digits,
                decimal_places: places,
            }
        }
        k => k,
    };
    let _ = it;
    Ok(Value::object(FieldObj { kind }))
}

/// `ExtractYear("pubdate")`, `TruncMonth("created")`, `TruncDate("created")`: the lookup name
/// travels in `FuncCall::function`; the SQL depends on the source field (see expr_sql).
pub fn temporal(
    it: &mut Interp,
    class: &'static str,
    kind: &'static str,
    args: Args,
) -> PyResult<Value> {
    let spec = ArgSpec {
        func: class,
        params: &["expression"],
        required: 1,
        kwonly: &["output_field", "tzinfo"],
        varargs: false,
        varkw: false,
    };
    let b = spec.bind(it, args)?;
    let e = to_expr(it, b.get(0).unwrap_or(&Value::None))?;
    Ok(expr_value(Expr::Func(FuncCall {
        class,
        function: kind,
        args: vec![e],
        output: output_kind(b.kwonly[0].as_ref()),
    })))
}

/// `Extract(expr, "year")` / `Trunc(expr, "month")`.
pub fn temporal_by_name(it: &mut Interp, trunc: bool, args: Args) -> PyResult<Value> {
    let class = if trunc { "Trunc" } else { "Extract" };
    let spec = ArgSpec {
        func: class,
        params: &["expression", "kind"],
        required: 2,
        kwonly: &["output_field", "tzinfo"],
        varargs: false,
        varkw: false,
    };
    let b = spec.bind(it, args)?;
    let e = to_expr(it, b.get(0).unwrap_or(&Value::None))?;
    let kind = match b.get(1) {
        Some(Value::Str(s)) => str::to_owned(s),
        _ => return Err(it.value_error(format!("{class} requires a kind"))),
    };
    const KINDS: &[&str] = &[
        "year",
        "iso_year",
        "quarter",
        "month",
        "week",
        "week_day",
        "iso_week_day",
        "day",
        "hour",
        "minute",
        "second",
    ];
    // Extract takes any lookup name (the database function refuses the ones it does not know:
    // `Extract("pubdate", "century")` fails when the query runs).
    let known = KINDS.iter().find(|k| **k == kind).copied();
    let k = match known {
        Some(k) => k,
        None if !trunc
            && !kind.is_empty()
            && kind
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '(' | ')')) =>
        {
            intern(&kind)
        }
        None => return Err(it.value_error(format!("{class} kind '{kind}' is not supported"))),
    };
    Ok(expr_value(Expr::Func(FuncCall {
        class,
        function: k,
        args: vec![e],
        output: output_kind(b.kwonly[0].as_ref()),
    })))
}

/// `Cast(expression, output_field)`.
pub fn cast(it: &mut Interp, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple("Cast", &["expression", "output_field"], 2).bind(it, args)?;
    let e = to_expr(it, b.get(0).unwrap_or(&Value::None))?;
    match output_kind(b.get(1)) {
        Some(k) => Ok(expr_value(Expr::Func(FuncCall {
            class: "Cast",
            function: "CAST",
            args: vec![e],
            output: Some(k),
        }))),
        None => Err(it.type_error("Cast() output_field must be a field instance")),
    }
}

/// `When(condition, then=...)` as a value (only meaningful inside `Case`).
pub struct WhenObj {
    pub when: crate::query::expr::When,
}

impl Object for WhenObj {
    fn type_name(&self) -> String {
        "When".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!("<When: {}>", self.when.str()))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `When(Q(...) or lookups, then=value)`.
pub fn when(it: &mut Interp, mut args: Args) -> PyResult<Value> {
    let then = match args.keywords.iter().position(|(k, _)| &**k == "then") {
        Some(i) => args.keywords.remove(i).1,
        None => Value::None,
    };
    if args.positional.is_empty() && args.keywords.is_empty() {
        return Err(it.type_error(
            "When() supports a Q object, a boolean expression, or lookups as a condition.",
        ));
    }
    // A single Q (or boolean expression) is the condition itself; lookups make a Q of them.
    let single = match (args.positional.as_slice(), args.keywords.is_empty()) {
        ([one], true) => match (one.downcast::<QObj>(), one.downcast::<ExprObj>()) {
            (Some(q), _) => Some(q.node.clone()),
            (None, Some(e)) => Some(QNode::Expr(Box::new(e.expr.clone()))),
            _ => None,
        },
        _ => None,
    };
    let condition = match single {
        Some(c) => c,
        None => super::q::q_from_args(it, args)?,
    };
    let then = to_expr(it, &then)?;
    Ok(Value::object(WhenObj {
        when: crate::query::expr::When {
            condition,
            condition_where: None,
            then,
        },
    }))
}

/// `Case(*whens, default=None, output_field=None)`.
pub fn case(it: &mut Interp, args: Args) -> PyResult<Value> {
    let spec = ArgSpec {
        func: "Case",
        params: &[],
        required: 0,
        kwonly: &["default", "output_field"],
        varargs: true,
        varkw: false,
    };
    let b = spec.bind(it, args)?;
    let mut whens = Vec::new();
    for w in &b.varargs {
        match w.downcast::<WhenObj>() {
            Some(w) => whens.push(w.when.clone()),
            None => return Err(it.type_error("Positional arguments must all be When objects.")),
        }
    }
    let default = match &b.kwonly[0] {
        Some(v) => to_expr(it, v)?,
        None => Expr::Value(FilterValue::Null),
    };
    Ok(expr_value(Expr::Case {
        whens,
        default: Box::new(default),
        output: output_kind(b.kwonly[1].as_ref()),
    }))
}

/// `OuterRef("pk")`.
pub fn outer_ref(it: &mut Interp, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple("OuterRef", &["name"], 1).bind(it, args)?;
    match b.get(0) {
        Some(Value::Str(s)) => Ok(expr_value(Expr::OuterRef(str::to_owned(s)))),
        _ => Err(it.type_error("OuterRef() name must be a string")),
    }
}

/// The query of a QuerySet used inside another one.
pub fn subquery_of(qs: &super::queryset::QuerySet, exists: bool, as_in_value: bool) -> Expr {
    let mut query = crate::query::Query::clone(&qs.query);
    if !exists {
        crate::query::subquery::select_pk_if_model(&mut query, &qs.ctx.reg);
    }
    if as_in_value {
        // In.get_prep_lookup: a QuerySet given to `__in` loses its ordering (unless sliced).
        query.clear_ordering(false, true);
    }
    Expr::Subquery(Box::new(crate::query::subquery::SubqueryExpr {
        query,
        exists,
        negated: false,
    }))
}

/// `Subquery(qs)` / `Exists(qs)`.
pub fn subquery(it: &mut Interp, exists: bool, args: Args) -> PyResult<Value> {
    let name = if exists { "Exists" } else { "Subquery" };
    let spec = ArgSpec {
        func: name,
        params: &["queryset"],
        required: 1,
        kwonly: &["output_field"],
        varargs: false,
        varkw: false,
    };
    let b = spec.bind(it, args)?;
    let Some(qs) = b
        .get(0)
        .and_then(|v| v.downcast::<super::queryset::QuerySet>())
    else {
        return Err(it.type_error(format!("{name}() needs a QuerySet")));
    };
    Ok(expr_value(subquery_of(qs, exists, false)))
}

/// A lookup name that is not one of Django's, kept for the life of the process (each distinct
/// name once).
fn intern(name: &str) -> &'static str {
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<Vec<&'static str>>> = OnceLock::new();
    let names = NAMES.get_or_init(|| Mutex::new(Vec::new()));
    let mut names = match names.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(n) = names.iter().find(|n| **n == name) {
        return n;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.push(leaked);
    leaked
}
