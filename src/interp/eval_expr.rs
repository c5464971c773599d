//! Expression evaluation: literals, names, calls (with a fast path for `obj.method(...)`),
//! subscripts and slices, displays, operators, f-strings, lambdas, comprehensions (own scope,
//! eager generator expressions) and the walrus.

use std::cell::RefCell;
use std::rc::Rc;

use num_traits::ToPrimitive;

use super::Interp;
use super::iterators::{EllipsisObj, PyIter};
use super::scope::{Frame, FrameKind};
use super::value::{Args, Function, FunctionBody, PyResult, Scope, Value};
use crate::syntax::{Arg, BoolOp, Comprehension, Expr, ExprKind, FStringPart, Params};

/// Evaluated defaults of positional and keyword-only parameters.
type Defaults = (Vec<Option<Value>>, Vec<Option<Value>>);

/// Where a comprehension's elements go.
enum CompSink<'a> {
    Items(&'a Expr, Vec<Value>),
    Pairs(&'a Expr, &'a Expr, Vec<(Value, Value)>),
}

impl Interp {
    /// Evaluates `e`; an error without a span gets `e`'s (so the innermost failing expression
    /// is the one underlined).
    pub(crate) fn eval(&mut self, e: &Expr) -> PyResult<Value> {
        match self.eval_inner(e) {
            Ok(v) => Ok(v),
            Err(err) => {
                err.set_span_if_unset(e.span);
                Err(err)
            }
        }
    }

    /// The dispatcher is kept small (each arm calls a separate function) because in debug
    /// builds every local of every arm takes stack space in each recursive frame.
    fn eval_inner(&mut self, e: &Expr) -> PyResult<Value> {
        match &e.kind {
            ExprKind::Int(b) => Ok(match b.to_i64() {
                Some(i) => Value::Int(i),
                None => Value::BigInt(Rc::new(b.clone())),
            }),
            ExprKind::Float(f) => Ok(Value::Float(*f)),
            ExprKind::Str(s) => Ok(Value::Str(Rc::from(s.as_str()))),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::None => Ok(Value::None),
            ExprKind::Name(n) => self.load_name(n),
            ExprKind::Call { func, args } => self.eval_call(func, args),
            ExprKind::BinOp { left, op, right } => self.eval_binop(left, *op, right),
            ExprKind::Attribute { value, attr, .. } => self.eval_attribute(value, attr),
            ExprKind::Compare { left, ops } => self.eval_compare(left, ops),
            ExprKind::IfExp { test, body, orelse } => self.eval_ifexp(test, body, orelse),
            _ => self.eval_other(e),
        }
    }

    #[inline(never)]
    fn eval_binop(
        &mut self,
        left: &Expr,
        op: crate::syntax::BinOp,
        right: &Expr,
    ) -> PyResult<Value> {
        let l = self.eval(left)?;
        let r = self.eval(right)?;
        self.binary_op(op, &l, &r)
    }

    #[inline(never)]
    fn eval_attribute(&mut self, value: &Expr, attr: &str) -> PyResult<Value> {
        let v = self.eval(value)?;
        self.get_attribute(&v, attr)
    }

    #[inline(never)]
    fn eval_compare(
        &mut self,
        left: &Expr,
        ops: &[(crate::syntax::CmpOp, Expr)],
    ) -> PyResult<Value> {
        let mut l = self.eval(left)?;
        for (op, right) in ops {
            let r = self.eval(right)?;
            if !self.compare_values(*op, &l, &r)? {
                return Ok(Value::Bool(false));
            }
            l = r;
        }
        Ok(Value::Bool(true))
    }

    #[inline(never)]
    fn eval_ifexp(&mut self, test: &Expr, body: &Expr, orelse: &Expr) -> PyResult<Value> {
        let t = self.eval(test)?;
        if self.truth(&t)? {
            self.eval(body)
        } else {
            self.eval(orelse)
        }
    }

    #[inline(never)]
    fn eval_other(&mut self, e: &Expr) -> PyResult<Value> {
        match &e.kind {
            ExprKind::Imaginary(_) => {
                Err(self.not_implemented("complex numbers are not supported"))
            }
            ExprKind::Bytes(b) => Ok(Value::Bytes(Rc::from(b.as_slice()))),
            ExprKind::Ellipsis => Ok(Value::object(EllipsisObj)),
            ExprKind::FString(parts) => {
                let s = self.eval_fstring(parts)?;
                Ok(Value::Str(Rc::from(s.as_str())))
            }
            ExprKind::Subscript { value, index } => {
                let v = self.eval(value)?;
                match &index.kind {
                    ExprKind::Slice { lower, upper, step } => {
                        let (l, u, s) = self.eval_slice_parts(lower, upper, step)?;
                        // `Book.objects.filter(...)[:5]`: a temporary can be sliced in place.
                        let o = match v {
                            Value::Object(o) => super::value::sole_object(o, "__getitem__"),
                            other => return self.get_slice(&other, &l, &u, &s),
                        };
                        match o {
                            Ok(o) => {
                                let part = |x: Value| if x.is_none() { None } else { Some(x) };
                                let key = super::value::Subscript::Slice(part(l), part(u), part(s));
                                o.get_item_owned(key, self)
                            }
                            Err(o) => self.get_slice(&Value::Object(o), &l, &u, &s),
                        }
                    }
                    _ => {
                        let i = self.eval(index)?;
                        self.get_item(&v, &i)
                    }
                }
            }
            ExprKind::Slice { .. } => Err(self.type_error("a slice is only valid inside []")),
            ExprKind::List(items) => Ok(Value::list(self.eval_items(items)?)),
            ExprKind::Tuple(items) => Ok(Value::tuple(self.eval_items(items)?)),
            ExprKind::Set(items) => {
                let v = self.eval_items(items)?;
                self.new_set(v)
            }
            ExprKind::Dict(items) => self.eval_dict(items),
            ExprKind::Starred(_) => Err(self.new_exception(
                self.exc_class("SyntaxError"),
                "can't use starred expression here",
            )),
            ExprKind::UnaryOp { op, operand } => {
                let v = self.eval(operand)?;
                self.unary_op(*op, &v)
            }
            ExprKind::BoolOp { op, values } => {
                let mut last = Value::None;
                for (i, v) in values.iter().enumerate() {
                    last = self.eval(v)?;
                    if i + 1 == values.len() {
                        break;
                    }
                    let t = self.truth(&last)?;
                    match op {
                        BoolOp::And if !t => return Ok(last),
                        BoolOp::Or if t => return Ok(last),
                        _ => {}
                    }
                }
                Ok(last)
            }
            ExprKind::Lambda { params, body } => self.make_lambda(params, body),
            ExprKind::ListComp { elt, generators } => {
                let mut sink = CompSink::Items(elt, Vec::new());
                self.eval_comprehension(generators, &mut sink)?;
                match sink {
                    CompSink::Items(_, v) => Ok(Value::list(v)),
                    CompSink::Pairs(..) => Ok(Value::None),
                }
            }
            ExprKind::SetComp { elt, generators } => {
                let mut sink = CompSink::Items(elt, Vec::new());
                self.eval_comprehension(generators, &mut sink)?;
                match sink {
                    CompSink::Items(_, v) => self.new_set(v),
                    CompSink::Pairs(..) => Ok(Value::None),
                }
            }
            ExprKind::GeneratorExp { elt, generators } => {
                let mut sink = CompSink::Items(elt, Vec::new());
                self.eval_comprehension(generators, &mut sink)?;
                match sink {
                    CompSink::Items(_, v) => Ok(Value::object(PyIter::new("generator", v))),
                    CompSink::Pairs(..) => Ok(Value::None),
                }
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                let mut sink = CompSink::Pairs(key, value, Vec::new());
                self.eval_comprehension(generators, &mut sink)?;
                match sink {
                    CompSink::Pairs(_, _, v) => self.new_dict(v),
                    CompSink::Items(..) => Ok(Value::None),
                }
            }
            ExprKind::NamedExpr { target, value } => {
                let v = self.eval(value)?;
                match &target.kind {
                    ExprKind::Name(n) => {
                        let in_comp = matches!(
                            self.frames.last().map(|f| &f.kind),
                            Some(FrameKind::Comprehension)
                        );
                        if in_comp {
                            self.store_name_walrus(n, v.clone());
                        } else {
                            self.store_name(n, v.clone());
                        }
                        Ok(v)
                    }
                    _ => Err(self.new_exception(
                        self.exc_class("SyntaxError"),
                        "cannot use assignment expressions with this target",
                    )),
                }
            }
            // The common kinds are handled by `eval_inner`.
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::None
            | ExprKind::Name(_)
            | ExprKind::Call { .. }
            | ExprKind::BinOp { .. }
            | ExprKind::Attribute { .. }
            | ExprKind::Compare { .. }
            | ExprKind::IfExp { .. } => self.eval_inner(e),
        }
    }

    fn eval_slice_parts(
        &mut self,
        lower: &Option<Box<Expr>>,
        upper: &Option<Box<Expr>>,
        step: &Option<Box<Expr>>,
    ) -> PyResult<(Value, Value, Value)> {
        let part = |it: &mut Interp, e: &Option<Box<Expr>>| -> PyResult<Value> {
            match e {
                Some(e) => it.eval(e),
                None => Ok(Value::None),
            }
        };
        let l = part(self, lower)?;
        let u = part(self, upper)?;
        let s = part(self, step)?;
        Ok((l, u, s))
    }

    /// Items of a list/tuple/set display, with `*x` spread.
    pub(crate) fn eval_items(&mut self, items: &[Expr]) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for x in items {
            if let ExprKind::Starred(inner) = &x.kind {
                let v = self.eval(inner)?;
                out.extend(self.iter_values(&v)?);
            } else {
                out.push(self.eval(x)?);
            }
        }
        Ok(out)
    }

    fn eval_dict(&mut self, items: &[(Option<Expr>, Expr)]) -> PyResult<Value> {
        let d = Rc::new(RefCell::new(super::value::Dict::default()));
        for (k, v) in items {
            match k {
                Some(k) => {
                    let kv = self.eval(k)?;
                    let vv = self.eval(v)?;
                    self.dict_set(&d, kv, vv)?;
                }
                None => {
                    let other = self.eval(v)?;
                    match &other {
                        Value::Dict(_) => self.dict_update_from(&d, &other)?,
                        _ => {
                            let err = self.type_error(format!(
                                "'{}' object is not a mapping",
                                other.tp_name()
                            ));
                            err.set_span_if_unset(v.span);
                            return Err(err);
                        }
                    }
                }
            }
        }
        Ok(Value::Dict(d))
    }

    /// `f(args)`. `obj.m(args)` looks the method up before evaluating the arguments (as Python
    /// does) without allocating a bound method.
    fn eval_call(&mut self, func: &Expr, args: &[Arg]) -> PyResult<Value> {
        if let ExprKind::Attribute { value, attr, .. } = &func.kind {
            return self.eval_method_call(func, value, attr, args);
        }
        let f = self.eval(func)?;
        let a = self.eval_args_for(args, &f)?;
        self.call_value(&f, a)
    }

    #[inline(never)]
    fn eval_method_call(
        &mut self,
        func: &Expr,
        value: &Expr,
        attr: &str,
        args: &[Arg],
    ) -> PyResult<Value> {
        {
            let recv = self.eval(value)?;
            if let Value::Object(o) = recv {
                if let Some(f) = o.get_attr(&o, attr, self)? {
                    let a = self.eval_args_for(args, &f)?;
                    return self.call_value(&f, a);
                }
                if o.has_method(attr) {
                    let a = self.eval_args(args, true).map_err(|e| {
                        self.prefix_callee(e, &format!("{}.{attr}()", o.type_name()))
                    })?;
                    // A temporary receiver (`Book.objects.filter(...)` in `....order_by("x")`)
                    // is referred to only from here: its method may take it over.
                    return match super::value::sole_object(o, attr) {
                        Ok(o) => o.call_method_owned(attr, a, self),
                        Err(o) => o.call_method(&o, attr, a, self),
                    };
                }
                let recv = Value::Object(o);
                let f = self
                    .get_attribute(&recv, attr)
                    .inspect_err(|e| e.set_span_if_unset(func.span))?;
                let a = self.eval_args_for(args, &f)?;
                return self.call_value(&f, a);
            }
            match &recv {
                Value::Object(_) | Value::Module(_) | Value::Type(_) | Value::ExcClass(_) => {}
                _ => {
                    if self.has_builtin_method(&recv, attr) {
                        let a = self.eval_args(args, false).map_err(|e| {
                            self.prefix_callee(e, &format!("{}.{attr}()", recv.tp_name()))
                        })?;
                        return self.call_method_value(&recv, attr, a);
                    }
                }
            }
            let f = self
                .get_attribute(&recv, attr)
                .inspect_err(|e| e.set_span_if_unset(func.span))?;
            let a = self.eval_args_for(args, &f)?;
            self.call_value(&f, a)
        }
    }

    fn eval_args_for(&mut self, args: &[Arg], f: &Value) -> PyResult<Args> {
        self.eval_args(args, !matches!(f, Value::Function(_)))
            .map_err(|e| self.callee_error(e, f))
    }

    #[inline(never)]
    fn callee_error(&self, e: Rc<super::PyException>, f: &Value) -> Rc<super::PyException> {
        {
            let desc = match f {
                Value::Function(func) => format!("__main__.{}()", func.name),
                Value::Builtin(b) => format!("{}()", b.name),
                Value::BoundMethod(m) => format!("{}.{}()", m.receiver.type_name(), m.name),
                Value::Type(t) => format!("{}()", t.name()),
                other => format!("{}()", other.type_name()),
            };
            self.prefix_callee(e, &desc)
        }
    }

    /// CPython names the callee in `f() argument after * must be an iterable, not int`.
    fn prefix_callee(&self, e: Rc<super::PyException>, desc: &str) -> Rc<super::PyException> {
        let is_call_error = e.class.qualname.as_ref() == "TypeError"
            && e.args.len() == 1
            && e.args[0].as_str().is_some_and(|m| {
                m.starts_with("argument after ")
                    || m.starts_with("got multiple values for keyword argument")
            });
        if !is_call_error {
            return e;
        }
        let msg = e.args[0].as_str().unwrap_or_default();
        let new = self.type_error(format!("{desc} {msg}"));
        *new.span.borrow_mut() = *e.span.borrow();
        new
    }

    /// Evaluates call arguments; `spans` records their source spans for Object/Builtin callees.
    pub(crate) fn eval_args(&mut self, args: &[Arg], spans: bool) -> PyResult<Args> {
        let mut out = Args::default();
        if args.is_empty() {
            return Ok(out);
        }
        // Exact capacities: a call's arguments are mostly one kind, and most calls are short,
        // so growing from empty would allocate twice for the same vectors.
        let keywords = args
            .iter()
            .filter(|a| matches!(a, Arg::Keyword { .. }))
            .count();
        let positional = args.len() - keywords;
        out.positional.reserve_exact(positional);
        out.keywords.reserve_exact(keywords);
        if spans {
            out.positional_spans.reserve_exact(positional);
            out.keyword_spans.reserve_exact(keywords);
        }
        for a in args {
            match a {
                Arg::Positional(e) => {
                    out.positional.push(self.eval(e)?);
                    if spans {
                        out.positional_spans.push(e.span);
                    }
                }
                Arg::Starred(e) => {
                    let v = self.eval(e)?;
                    let items = self.iter_values(&v).map_err(|err| {
                        if err.class.qualname.as_ref() == "TypeError"
                            && !matches!(v, Value::Object(_))
                        {
                            self.type_error(format!(
                                "argument after * must be an iterable, not {}",
                                v.tp_name()
                            ))
                        } else {
                            err
                        }
                    })?;
                    if spans {
                        out.positional_spans
                            .extend(std::iter::repeat_n(e.span, items.len()));
                    }
                    out.positional.extend(items);
                }
                Arg::Keyword {
                    name,
                    name_span,
                    value,
                } => {
                    let v = self.eval(value)?;
                    out.keywords.push((Rc::from(name.as_str()), v));
                    if spans {
                        out.keyword_spans.push(*name_span);
                    }
                }
                Arg::DoubleStarred(e) => {
                    let v = self.eval(e)?;
                    let entries = match &v {
                        Value::Dict(d) => d.borrow().entries.clone(),
                        _ => {
                            return Err(self.type_error(format!(
                                "argument after ** must be a mapping, not {}",
                                v.tp_name()
                            )));
                        }
                    };
                    for (k, val) in entries {
                        let Value::Str(k) = k else {
                            return Err(self.type_error("keywords must be strings"));
                        };
                        if out.keywords.iter().any(|(n, _)| *n == k) {
                            return Err(self.type_error(format!(
                                "got multiple values for keyword argument '{k}'"
                            )));
                        }
                        out.keywords.push((k, val));
                        if spans {
                            out.keyword_spans.push(e.span);
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    fn eval_fstring(&mut self, parts: &[FStringPart]) -> PyResult<String> {
        let mut out = String::new();
        for p in parts {
            match p {
                FStringPart::Literal(s) => out.push_str(s),
                FStringPart::Expr {
                    expr,
                    conversion,
                    format_spec,
                    debug_text,
                } => {
                    let v = self.eval(expr)?;
                    if let Some(d) = debug_text {
                        out.push_str(d);
                    }
                    let conv = conversion.or(if debug_text.is_some() && format_spec.is_none() {
                        Some('r')
                    } else {
                        None
                    });
                    let v = match conv {
                        None => v,
                        Some('r') => Value::Str(Rc::from(self.repr_value(&v)?.as_str())),
                        Some('s') => Value::Str(Rc::from(self.str_value(&v)?.as_str())),
                        Some('a') => Value::Str(Rc::from(self.ascii_value(&v)?.as_str())),
                        Some(c) => {
                            return Err(
                                self.value_error(format!("Unknown conversion specifier {c}"))
                            );
                        }
                    };
                    let spec = match format_spec {
                        Some(sp) => self.eval_fstring(sp)?,
                        None => String::new(),
                    };
                    if spec.is_empty()
                        && let Value::Str(s) = &v
                    {
                        out.push_str(s);
                        continue;
                    }
                    let s = self
                        .format_with_spec(&v, &spec)
                        .inspect_err(|e| e.set_span_if_unset(expr.span))?;
                    out.push_str(&s);
                }
            }
        }
        Ok(out)
    }

    /// The qualname a function defined here gets (`outer.<locals>.inner`).
    pub(crate) fn qualname_for(&self, name: &str) -> Rc<str> {
        if let Some(c) = self.current_class() {
            return Rc::from(format!("{c}.{name}").as_str());
        }
        match self.current_function() {
            Some((f, _)) => Rc::from(format!("{}.<locals>.{name}", f.name).as_str()),
            None => Rc::from(name),
        }
    }

    /// Evaluates parameter defaults (at definition time, as Python does).
    pub(crate) fn eval_defaults(&mut self, params: &Params) -> PyResult<Defaults> {
        let mut d = Vec::with_capacity(params.args.len());
        for p in &params.args {
            d.push(match &p.default {
                Some(e) => Some(self.eval(e)?),
                None => None,
            });
        }
        let mut k = Vec::with_capacity(params.kwonly.len());
        for p in &params.kwonly {
            k.push(match &p.default {
                Some(e) => Some(self.eval(e)?),
                None => None,
            });
        }
        Ok((d, k))
    }

    fn make_lambda(&mut self, params: &Params, body: &Expr) -> PyResult<Value> {
        let (defaults, kw_defaults) = self.eval_defaults(params)?;
        let key = body as *const Expr as usize;
        let body_rc = match self.lambda_cache.get(&key) {
            Some(b) => b.clone(),
            None => {
                let b = Rc::new(body.clone());
                self.lambda_cache.insert(key, b.clone());
                b
            }
        };
        Ok(Value::Function(Rc::new(Function {
            name: self.qualname_for("<lambda>"),
            params: params.clone(),
            defaults,
            kw_defaults,
            body: FunctionBody::Lambda(body_rc),
            closure: self.current_closure(),
            owner_class: None,
        })))
    }

    fn eval_comprehension(
        &mut self,
        generators: &[Comprehension],
        sink: &mut CompSink,
    ) -> PyResult<()> {
        let Some(first) = generators.first() else {
            return Ok(());
        };
        // The first iterable is evaluated in the enclosing scope.
        let iterable = self.eval(&first.iter)?;
        let scope = Rc::new(RefCell::new(Scope {
            vars: Default::default(),
            parent: self.current_closure(),
        }));
        self.frames.push(Frame {
            scope,
            kind: FrameKind::Comprehension,
        });
        let r = self.comp_level(generators, 0, iterable, sink);
        self.frames.pop();
        r
    }

    fn comp_level(
        &mut self,
        gens: &[Comprehension],
        idx: usize,
        iterable: Value,
        sink: &mut CompSink,
    ) -> PyResult<()> {
        let g = &gens[idx];
        let mut err = None;
        self.for_each(&iterable, &mut |it: &mut Interp, item: Value| {
            let r = (|| -> PyResult<()> {
                it.assign_target(&g.target, item)?;
                for cond in &g.ifs {
                    let c = it.eval(cond)?;
                    if !it.truth(&c)? {
                        return Ok(());
                    }
                }
                if idx + 1 < gens.len() {
                    let next = it.eval(&gens[idx + 1].iter)?;
                    it.comp_level(gens, idx + 1, next, sink)
                } else {
                    match sink {
                        CompSink::Items(elt, out) => {
                            let v = it.eval(elt)?;
                            if out.len() as u64 >= super::numbers::MAX_SEQ_ITEMS {
                                return Err(it.memory_error());
                            }
                            out.push(v);
                        }
                        CompSink::Pairs(k, v, out) => {
                            if out.len() as u64 >= super::numbers::MAX_SEQ_ITEMS {
                                return Err(it.memory_error());
                            }
                            let kv = it.eval(k)?;
                            let vv = it.eval(v)?;
                            out.push((kv, vv));
                        }
                    }
                    Ok(())
                }
            })();
            match r {
                Ok(()) => Ok(false),
                Err(e) => {
                    err = Some(e);
                    Ok(true)
                }
            }
        })?;
        match err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}
