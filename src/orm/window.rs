//! Window expressions as shell values: `Window(...)`, the window functions (`RowNumber()`,
//! `Lag("price", offset=2, default=0)`, ...), the frames `RowRange`/`ValueRange` and
//! `WindowFrameExclusion`. They build [`WindowExpr`] trees, with Django's constructor checks;
//! the query resolves and compiles them.

use std::rc::Rc;

use crate::interp::{ArgSpec, Args, Interp, Object, PyResult, Value};
use crate::models::FieldKind;
use crate::query::expr::{Expr, FuncCall, OrderBy};
use crate::query::window::{Bound, Frame, WindowExpr, WindowOrder, window_compatible};

use super::expressions::{ExprObj, OrderByObj, expr_value, to_expr};

/// `RowRange(...)` / `ValueRange(...)`.
pub struct FrameObj {
    pub frame: Frame,
}

/// A member of `WindowFrameExclusion`.
pub struct ExclusionObj {
    pub name: &'static str,
    pub value: &'static str,
}

/// `WindowFrameExclusion`'s members: (name, SQL).
pub const EXCLUSIONS: &[(&str, &str)] = &[
    ("CURRENT_ROW", "CURRENT ROW"),
    ("GROUP", "GROUP"),
    ("TIES", "TIES"),
    ("NO_OTHERS", "NO OTHERS"),
];

impl Object for FrameObj {
    fn type_name(&self) -> String {
        if self.frame.rows {
            "RowRange"
        } else {
            "ValueRange"
        }
        .into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!("<{}: {}>", self.type_name(), self.frame.str()))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Object for ExclusionObj {
    fn type_name(&self) -> String {
        "WindowFrameExclusion".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!("WindowFrameExclusion.{}", self.name))
    }
    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(match name {
            "value" => Some(Value::str(self.value)),
            "name" => Some(Value::str(self.name)),
            _ => None,
        })
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The items of a `partition_by=`/`order_by=` argument: a list or tuple, else the one value.
fn items(v: &Value) -> Vec<Value> {
    match v {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    }
}

/// One `OrderByList` item: `"-name"` is `OrderBy(F(name), descending=True)`.
fn order_item(it: &mut Interp, v: &Value) -> PyResult<WindowOrder> {
    if let Value::Str(s) = v
        && let Some(rest) = s.strip_prefix('-')
    {
        return Ok(WindowOrder::Ordered(OrderBy {
            expr: Expr::F(rest.to_string()),
            descending: true,
            nulls_first: false,
            nulls_last: false,
        }));
    }
    if let Some(o) = v.downcast::<OrderByObj>() {
        return Ok(WindowOrder::Ordered(o.order.clone()));
    }
    Ok(WindowOrder::Plain(to_expr(it, v)?))
}

/// `Window(expression, partition_by=None, order_by=None, frame=None, output_field=None)`
pub fn window(it: &mut Interp, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple(
        "Window",
        &[
            "expression",
            "partition_by",
            "order_by",
            "frame",
            "output_field",
        ],
        1,
    )
    .bind(it, args)?;
    let given = |i: usize| b.get(i).filter(|v| !matches!(v, Value::None));
    let expression = b.get(0).cloned().unwrap_or(Value::None);
    let source = expression
        .downcast::<ExprObj>()
        .map(|e| e.expr.clone())
        .filter(window_compatible);
    let Some(source) = source else {
        return Err(it.value_error(format!(
            "Expression '{}' isn't compatible with OVER clauses.",
            expression.type_name()
        )));
    };
    let partition_by = match given(1) {
        Some(v) => {
            let mut out = Vec::new();
            for item in items(v) {
                out.push(to_expr(it, &item)?);
            }
            Some(out)
        }
        None => None,
    };
    let order_by = match given(2) {
        Some(v @ (Value::List(_) | Value::Tuple(_))) => {
            let mut out = Vec::new();
            for item in items(v) {
                out.push(order_item(it, &item)?);
            }
            Some(out)
        }
        Some(v)
            if matches!(v, Value::Str(_))
                || v.downcast::<ExprObj>().is_some()
                || v.downcast::<OrderByObj>().is_some() =>
        {
            Some(vec![order_item(it, v)?])
        }
        Some(_) => {
            return Err(it.value_error(
                "Window.order_by must be either a string reference to a field, an expression, or a list or tuple of them.",
            ));
        }
        None => None,
    };
    let frame = given(3)
        .and_then(|v| v.downcast::<FrameObj>())
        .map(|f| f.frame.clone());
    Ok(expr_value(Expr::Window(Box::new(WindowExpr {
        source,
        partition_by,
        order_by,
        frame,
        output: super::expressions::output_kind(given(4)),
    }))))
}

fn func(
    class: &'static str,
    function: &'static str,
    args: Vec<Expr>,
    out: Option<FieldKind>,
) -> Value {
    expr_value(Expr::Func(FuncCall {
        class,
        function,
        args,
        output: out,
    }))
}

/// `RowNumber()`, `Rank()`, `DenseRank()`, `PercentRank()`, `CumeDist()`: no arguments, a fixed
/// output type (integer ranks, float distributions).
pub fn ranking(
    it: &mut Interp,
    class: &'static str,
    function: &'static str,
    args: Args,
) -> PyResult<Value> {
    let spec = ArgSpec {
        func: class,
        params: &[],
        required: 0,
        kwonly: &["output_field"],
        varargs: true,
        varkw: false,
    };
    let b = spec.bind(it, args)?;
    let mut exprs = Vec::new();
    for a in &b.varargs {
        exprs.push(to_expr(it, a)?);
    }
    let out = if matches!(class, "PercentRank" | "CumeDist") {
        FieldKind::FloatField
    } else {
        FieldKind::IntegerField
    };
    Ok(func(class, function, exprs, Some(out)))
}

/// `Lag(expression, offset=1, default=None)` / `Lead(...)`: the source's type.
pub fn lag_lead(it: &mut Interp, class: &'static str, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple(class, &["expression", "offset", "default"], 1).bind(it, args)?;
    let expression = b.get(0).cloned().unwrap_or(Value::None);
    if matches!(expression, Value::None) {
        return Err(it.value_error(format!("{class} requires a non-null source expression.")));
    }
    let offset = b.get(1).cloned().unwrap_or(Value::Int(1));
    if !matches!(offset, Value::Int(n) if n > 0) {
        return Err(it.value_error(format!(
            "{class} requires a positive integer for the offset."
        )));
    }
    let mut exprs = vec![to_expr(it, &expression)?, to_expr(it, &offset)?];
    if let Some(d) = b.get(2).filter(|v| !matches!(v, Value::None)) {
        exprs.push(to_expr(it, d)?);
    }
    let function = if class == "Lag" { "LAG" } else { "LEAD" };
    Ok(func(class, function, exprs, None))
}

/// `NthValue(expression, nth=1)`: the source's type.
pub fn nth_value(it: &mut Interp, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple("NthValue", &["expression", "nth"], 1).bind(it, args)?;
    let expression = b.get(0).cloned().unwrap_or(Value::None);
    if matches!(expression, Value::None) {
        return Err(it.value_error("NthValue requires a non-null source expression."));
    }
    let nth = b.get(1).cloned().unwrap_or(Value::Int(1));
    if !matches!(nth, Value::Int(n) if n > 0) {
        return Err(it.value_error("NthValue requires a positive integer as for nth."));
    }
    let exprs = vec![to_expr(it, &expression)?, to_expr(it, &nth)?];
    Ok(func("NthValue", "NTH_VALUE", exprs, None))
}

/// `Ntile(num_buckets=1)`: an integer.
pub fn ntile(it: &mut Interp, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple("Ntile", &["num_buckets"], 0).bind(it, args)?;
    let n = b.get(0).cloned().unwrap_or(Value::Int(1));
    if matches!(n, Value::Int(k) if k <= 0) {
        return Err(it.value_error("num_buckets must be greater than 0."));
    }
    let exprs = vec![to_expr(it, &n)?];
    Ok(func("Ntile", "NTILE", exprs, Some(FieldKind::IntegerField)))
}

fn bound(it: &mut Interp, v: Option<&Value>) -> PyResult<Bound> {
    Ok(match v {
        None | Some(Value::None) => Bound::Unbounded,
        Some(Value::Int(n)) => Bound::Int(*n),
        Some(other) => Bound::Other(it.str(other)?),
    })
}

/// `RowRange(start=None, end=None, exclusion=None)` / `ValueRange(...)`. The bounds are checked
/// when the query is compiled, as Django does.
pub fn frame(it: &mut Interp, rows: bool, args: Args) -> PyResult<Value> {
    let class = if rows { "RowRange" } else { "ValueRange" };
    let b = ArgSpec::simple(class, &["start", "end", "exclusion"], 0).bind(it, args)?;
    let exclusion = match b.get(2) {
        None | Some(Value::None) => None,
        Some(v) => match v.downcast::<ExclusionObj>() {
            Some(e) => Some(e.value),
            None => {
                return Err(it.type_error(format!(
                    "{class}.exclusion must be a WindowFrameExclusion instance."
                )));
            }
        },
    };
    let start = bound(it, b.get(0))?;
    let end = bound(it, b.get(1))?;
    Ok(Value::object(FrameObj {
        frame: Frame {
            rows,
            start,
            end,
            exclusion,
        },
    }))
}
