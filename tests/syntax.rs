//! Tests of `ormlab::syntax`: shapes of parsed code and error messages/positions checked
//! against CPython 3.11, spans, Django-style inputs, nesting limits and robustness.

use ormlab::syntax::*;

mod shape {
    //! Renders the AST as S-expressions, in the notation of the Python script that rendered
    //! CPython's `ast` for the expected strings below.
    use ormlab::syntax::*;

    pub struct Shaper {
        pub spans: bool,
    }

    fn q(s: &str) -> String {
        let mut out = String::from("\"");
        for ch in s.chars() {
            match ch {
                '"' | '\\' => {
                    out.push('\\');
                    out.push(ch);
                }
                ' '..='~' => out.push(ch),
                _ => out.push_str(&format!("\\u{{{:x}}}", ch as u32)),
            }
        }
        out.push('"');
        out
    }

    fn qb(b: &[u8]) -> String {
        let mut out = String::from("b\"");
        for &c in b {
            match c {
                b'"' | b'\\' => {
                    out.push('\\');
                    out.push(c as char);
                }
                32..=126 => out.push(c as char),
                _ => out.push_str(&format!("\\x{:02x}", c)),
            }
        }
        out.push('"');
        out
    }

    pub fn fmt_float(v: f64) -> String {
        if v.is_nan() {
            return "nan".into();
        }
        if v.is_infinite() {
            return if v > 0.0 { "inf".into() } else { "-inf".into() };
        }
        // Python's repr: shortest round-trip digits, exponent form outside [1e-4, 1e16).
        let a = v.abs();
        if a != 0.0 && !(1e-4..1e16).contains(&a) {
            let s = format!("{:e}", v);
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let exp: i32 = e.parse().unwrap_or(0);
            let sign = if exp < 0 { '-' } else { '+' };
            return format!("{m}e{sign}{:02}", exp.abs());
        }
        let s = format!("{}", v);
        if s.contains('.') { s } else { format!("{s}.0") }
    }

    fn bin(o: BinOp) -> &'static str {
        match o {
            BinOp::Pow => "**",
            o => o.symbol(),
        }
    }

    impl Shaper {
        fn sp(&self, s: Span) -> String {
            if self.spans {
                format!("@{}:{}", s.start, s.end)
            } else {
                String::new()
            }
        }
        fn opt(&self, e: &Option<Expr>) -> String {
            e.as_ref().map_or("_".into(), |e| self.e(e))
        }
        fn optb(&self, e: &Option<Box<Expr>>) -> String {
            e.as_ref().map_or("_".into(), |e| self.e(e))
        }
        fn list(&self, tag: &str, s: Span, v: &[Expr]) -> String {
            let mut out = format!("({tag}{}", self.sp(s));
            for x in v {
                out.push(' ');
                out.push_str(&self.e(x));
            }
            out + ")"
        }
        pub fn e(&self, e: &Expr) -> String {
            let s = self.sp(e.span);
            match &e.kind {
                ExprKind::Name(n) => format!("{n}{s}"),
                ExprKind::Int(i) => format!("{i}{s}"),
                ExprKind::Float(f) => format!("f:{}{s}", fmt_float(*f)),
                ExprKind::Imaginary(f) => format!("j:{}{s}", fmt_float(*f)),
                ExprKind::Str(v) => format!("{}{s}", q(v)),
                ExprKind::Bytes(b) => format!("{}{s}", qb(b)),
                ExprKind::Bool(true) => format!("True{s}"),
                ExprKind::Bool(false) => format!("False{s}"),
                ExprKind::None => format!("None{s}"),
                ExprKind::Ellipsis => format!("...{s}"),
                ExprKind::FString(parts) => format!("(f{s}{})", self.fparts(parts)),
                ExprKind::Attribute {
                    value,
                    attr,
                    attr_span,
                } => {
                    format!("(attr{s} {} {attr}{})", self.e(value), self.sp(*attr_span))
                }
                ExprKind::Call { func, args } => {
                    let mut parts = vec![self.e(func)];
                    for a in args {
                        match a {
                            Arg::Positional(x) => parts.push(self.e(x)),
                            Arg::Starred(x) => parts.push(format!("(star {})", self.e(x))),
                            _ => {}
                        }
                    }
                    for a in args {
                        match a {
                            Arg::Keyword {
                                name,
                                name_span,
                                value,
                            } => parts.push(format!(
                                "(kw{} {name} {})",
                                self.sp(Span::new(name_span.start, value.span.end)),
                                self.e(value)
                            )),
                            Arg::DoubleStarred(x) => parts.push(format!("(** {})", self.e(x))),
                            _ => {}
                        }
                    }
                    format!("(call{s} {})", parts.join(" "))
                }
                ExprKind::Subscript { value, index } => {
                    format!("(sub{s} {} {})", self.e(value), self.e(index))
                }
                ExprKind::Slice { lower, upper, step } => {
                    format!(
                        "(slice{s} {} {} {})",
                        self.optb(lower),
                        self.optb(upper),
                        self.optb(step)
                    )
                }
                ExprKind::List(v) => self.list("list", e.span, v),
                ExprKind::Tuple(v) => self.list("tuple", e.span, v),
                ExprKind::Set(v) => self.list("set", e.span, v),
                ExprKind::Dict(items) => {
                    let mut out = format!("(dict{s}");
                    for (k, v) in items {
                        match k {
                            None => out.push_str(&format!(" (** {})", self.e(v))),
                            Some(k) => out.push_str(&format!(" ({} {})", self.e(k), self.e(v))),
                        }
                    }
                    out + ")"
                }
                ExprKind::Starred(v) => format!("(star{s} {})", self.e(v)),
                ExprKind::UnaryOp { op, operand } => {
                    let o = match op {
                        UnaryOp::Not => "not",
                        UnaryOp::Neg => "neg",
                        UnaryOp::Pos => "pos",
                        UnaryOp::Invert => "inv",
                    };
                    format!("({o}{s} {})", self.e(operand))
                }
                ExprKind::BinOp { left, op, right } => {
                    format!("({}{s} {} {})", bin(*op), self.e(left), self.e(right))
                }
                ExprKind::BoolOp { op, values } => self.list(
                    if *op == BoolOp::And { "and" } else { "or" },
                    e.span,
                    values,
                ),
                ExprKind::Compare { left, ops } => {
                    let mut out = format!("(cmp{s} {}", self.e(left));
                    for (o, x) in ops {
                        out.push_str(&format!(" {} {}", o.symbol(), self.e(x)));
                    }
                    out + ")"
                }
                ExprKind::IfExp { test, body, orelse } => {
                    format!(
                        "(ifexp{s} {} {} {})",
                        self.e(test),
                        self.e(body),
                        self.e(orelse)
                    )
                }
                ExprKind::Lambda { params, body } => {
                    format!("(lambda{s} {} {})", self.params(params), self.e(body))
                }
                ExprKind::ListComp { elt, generators } => {
                    format!("(listcomp{s} {}{})", self.e(elt), self.gens(generators))
                }
                ExprKind::SetComp { elt, generators } => {
                    format!("(setcomp{s} {}{})", self.e(elt), self.gens(generators))
                }
                ExprKind::GeneratorExp { elt, generators } => {
                    format!("(generatorexp{s} {}{})", self.e(elt), self.gens(generators))
                }
                ExprKind::DictComp {
                    key,
                    value,
                    generators,
                } => {
                    format!(
                        "(dictcomp{s} {} {}{})",
                        self.e(key),
                        self.e(value),
                        self.gens(generators)
                    )
                }
                ExprKind::NamedExpr { target, value } => {
                    format!("(:={s} {} {})", self.e(target), self.e(value))
                }
            }
        }
        fn fparts(&self, parts: &[FStringPart]) -> String {
            // Literal text, with `{x=}` debug text folded in, merged as CPython merges it.
            let mut out = String::new();
            let mut lit = String::new();
            let inner = Shaper { spans: false };
            for p in parts {
                match p {
                    FStringPart::Literal(s) => lit.push_str(s),
                    FStringPart::Expr {
                        expr,
                        conversion,
                        format_spec,
                        debug_text,
                    } => {
                        if let Some(d) = debug_text {
                            lit.push_str(d);
                        }
                        if !lit.is_empty() {
                            out.push(' ');
                            out.push_str(&q(&lit));
                            lit.clear();
                        }
                        let conv = conversion.map_or("_".to_string(), |c| c.to_string());
                        let spec = format_spec
                            .as_ref()
                            .map_or("_".to_string(), |s| format!("(f{})", inner.fparts(s)));
                        out.push_str(&format!(" (fv {} {conv} {spec})", inner.e(expr)));
                    }
                }
            }
            if !lit.is_empty() {
                out.push(' ');
                out.push_str(&q(&lit));
            }
            out
        }
        fn gens(&self, gens: &[Comprehension]) -> String {
            let mut out = String::new();
            for g in gens {
                out.push_str(&format!(" (for {} {}", self.e(&g.target), self.e(&g.iter)));
                for c in &g.ifs {
                    out.push_str(&format!(" (if {})", self.e(c)));
                }
                out.push(')');
            }
            out
        }
        fn param(&self, p: &Param) -> String {
            if p.annotation.is_none() && p.default.is_none() {
                return p.name.clone();
            }
            format!(
                "({} {} {})",
                p.name,
                self.opt(&p.annotation),
                self.opt(&p.default)
            )
        }
        fn params(&self, p: &Params) -> String {
            let mut parts: Vec<String> = p.args.iter().map(|a| self.param(a)).collect();
            if let Some(v) = &p.vararg {
                parts.push(format!("*{v}"));
            } else if !p.kwonly.is_empty() {
                parts.push("*".into());
            }
            parts.extend(p.kwonly.iter().map(|a| self.param(a)));
            if let Some(k) = &p.kwarg {
                parts.push(format!("**{k}"));
            }
            let mut out = "(params".to_string();
            for x in parts {
                out.push(' ');
                out.push_str(&x);
            }
            out + ")"
        }
        fn body(&self, tag: &str, stmts: &[Stmt]) -> String {
            let mut out = format!("({tag}");
            for x in stmts {
                out.push(' ');
                out.push_str(&self.s(x));
            }
            out + ")"
        }
        fn args(&self, args: &[Arg]) -> String {
            let mut out = String::new();
            for a in args {
                match a {
                    Arg::Positional(x) => out.push_str(&format!(" {}", self.e(x))),
                    Arg::Starred(x) => out.push_str(&format!(" (star {})", self.e(x))),
                    _ => {}
                }
            }
            for a in args {
                match a {
                    Arg::Keyword {
                        name,
                        name_span,
                        value,
                    } => out.push_str(&format!(
                        " (kw{} {name} {})",
                        self.sp(Span::new(name_span.start, value.span.end)),
                        self.e(value)
                    )),
                    Arg::DoubleStarred(x) => out.push_str(&format!(" (** {})", self.e(x))),
                    _ => {}
                }
            }
            out
        }
        pub fn module(&self, stmts: &[Stmt]) -> String {
            stmts
                .iter()
                .map(|s| self.s(s))
                .collect::<Vec<_>>()
                .join(" ")
        }
        pub fn s(&self, st: &Stmt) -> String {
            let s = self.sp(st.span);
            match &st.kind {
                StmtKind::Expr(e) => format!("(expr{s} {})", self.e(e)),
                StmtKind::Assign { targets, value } => {
                    let t: Vec<String> = targets.iter().map(|t| self.e(t)).collect();
                    format!("(={s} {} {})", t.join(" "), self.e(value))
                }
                StmtKind::AugAssign { target, op, value } => {
                    format!("({}={s} {} {})", bin(*op), self.e(target), self.e(value))
                }
                StmtKind::AnnAssign {
                    target,
                    annotation,
                    value,
                } => {
                    format!(
                        "(ann{s} {} {} {})",
                        self.e(target),
                        self.e(annotation),
                        self.opt(value)
                    )
                }
                StmtKind::For {
                    target,
                    iter,
                    body,
                    orelse,
                } => format!(
                    "(for{s} {} {} {} {})",
                    self.e(target),
                    self.e(iter),
                    self.body("body", body),
                    self.body("else", orelse)
                ),
                StmtKind::While { test, body, orelse } => {
                    format!(
                        "(while{s} {} {} {})",
                        self.e(test),
                        self.body("body", body),
                        self.body("else", orelse)
                    )
                }
                StmtKind::If { test, body, orelse } => {
                    format!(
                        "(if{s} {} {} {})",
                        self.e(test),
                        self.body("body", body),
                        self.body("else", orelse)
                    )
                }
                StmtKind::With { items, body } => {
                    let items: Vec<String> = items
                        .iter()
                        .map(|i| format!("(item {} {})", self.e(&i.context), self.opt(&i.target)))
                        .collect();
                    format!(
                        "(with{s} ({}) {})",
                        items.join(" "),
                        self.body("body", body)
                    )
                }
                StmtKind::Try {
                    body,
                    handlers,
                    orelse,
                    finalbody,
                } => {
                    let hs: Vec<String> = handlers
                        .iter()
                        .map(|h| {
                            format!(
                                "(except{} {} {} {})",
                                self.sp(h.span),
                                self.opt(&h.typ),
                                h.name.as_deref().unwrap_or("_"),
                                self.body("body", &h.body)
                            )
                        })
                        .collect();
                    let hs = if hs.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", hs.join(" "))
                    };
                    format!(
                        "(try{s} {} (handlers{hs}) {} {})",
                        self.body("body", body),
                        self.body("else", orelse),
                        self.body("finally", finalbody)
                    )
                }
                StmtKind::Raise { exc, cause } => {
                    format!("(raise{s} {} {})", self.opt(exc), self.opt(cause))
                }
                StmtKind::Assert { test, msg } => {
                    format!("(assert{s} {} {})", self.e(test), self.opt(msg))
                }
                StmtKind::Del(t) => {
                    let t: Vec<String> = t.iter().map(|t| self.e(t)).collect();
                    format!("(del{s} {})", t.join(" "))
                }
                StmtKind::Pass => format!("pass{s}"),
                StmtKind::Break => format!("break{s}"),
                StmtKind::Continue => format!("continue{s}"),
                StmtKind::Return(v) => format!("(return{s} {})", self.opt(v)),
                StmtKind::Global(n) => format!("(global{s} {})", n.join(" ")),
                StmtKind::Nonlocal(n) => format!("(nonlocal{s} {})", n.join(" ")),
                StmtKind::Import(a) => format!("(import{s} {})", self.aliases(a)),
                StmtKind::ImportFrom {
                    module,
                    names,
                    level,
                } => {
                    format!(
                        "(from{s} {} {level} {})",
                        module.as_deref().unwrap_or("_"),
                        self.aliases(names)
                    )
                }
                StmtKind::ClassDef {
                    name,
                    bases,
                    body,
                    decorators,
                } => format!(
                    "(class{s} {name} (bases{}) {} {})",
                    self.args(bases),
                    self.list("decos", Span::default(), decorators)
                        .replace("(decos@0:0", "(decos"),
                    self.body("body", body)
                ),
                StmtKind::FunctionDef {
                    name,
                    params,
                    body,
                    decorators,
                    returns,
                } => format!(
                    "(def{s} {name} {} {} {} {})",
                    self.params(params),
                    self.opt(returns),
                    self.list("decos", Span::default(), decorators)
                        .replace("(decos@0:0", "(decos"),
                    self.body("body", body)
                ),
            }
        }
        fn aliases(&self, a: &[Alias]) -> String {
            a.iter()
                .map(|a| {
                    format!(
                        "(alias{} {} {})",
                        self.sp(a.span),
                        a.name,
                        a.asname.as_deref().unwrap_or("_")
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
    }
}

fn module_shape(src: &str) -> Result<String, SyntaxError> {
    parse_module(src).map(|m| shape::Shaper { spans: false }.module(&m))
}

fn expr_shape(e: &Expr) -> String {
    shape::Shaper { spans: false }.e(e)
}

fn spanned(src: &str) -> String {
    match parse_module(src) {
        Ok(m) => shape::Shaper { spans: true }.module(&m),
        Err(e) => panic!("{src:?}: {e:?}"),
    }
}

/// Learner inputs and grammar corners → the shape CPython 3.11's `ast.parse` gives (generated
/// with CPython and the renderer's Python twin).
const SHAPES: &[(&str, &str)] = &[
    (
        "Book.objects.filter(authors__name__icontains=\"dickens\").select_related(\"publisher\")",
        "(expr (call (attr (call (attr (attr Book objects) filter) (kw authors__name__icontains \"dickens\")) select_related) \"publisher\"))",
    ),
    (
        "Book.objects.filter(Q(pages__gt=300) | ~Q(title__startswith=\"The\"))[:5]",
        "(expr (sub (call (attr (attr Book objects) filter) (| (call Q (kw pages__gt 300)) (inv (call Q (kw title__startswith \"The\"))))) (slice _ 5 _)))",
    ),
    (
        "for b in Book.objects.all()[:3]: print(b.title, b.publisher.name)",
        "(for b (sub (call (attr (attr Book objects) all)) (slice _ 3 _)) (body (expr (call print (attr b title) (attr (attr b publisher) name)))) (else))",
    ),
    (
        "with transaction.atomic(): b.save(); a.save()",
        "(with ((item (call (attr transaction atomic)) _)) (body (expr (call (attr b save))) (expr (call (attr a save)))))",
    ),
    (
        "x = [b.title for b in qs if b.pages > 100]",
        "(= x (listcomp (attr b title) (for b qs (if (cmp (attr b pages) > 100)))))",
    ),
    (
        "print(f\"{b.title!r:>20} {n=}\")",
        "(expr (call print (f (fv (attr b title) r (f \">20\")) \" n=\" (fv n r _))))",
    ),
    (
        "Book.objects.count()",
        "(expr (call (attr (attr Book objects) count)))",
    ),
    (
        "Book.objects.get(pk=1)",
        "(expr (call (attr (attr Book objects) get) (kw pk 1)))",
    ),
    (
        "qs = Book.objects.annotate(n=Count(\"authors\")).filter(n__gt=1).order_by(\"-n\", \"title\")",
        "(= qs (call (attr (call (attr (call (attr (attr Book objects) annotate) (kw n (call Count \"authors\"))) filter) (kw n__gt 1)) order_by) \"-n\" \"title\"))",
    ),
    (
        "Book.objects.values(\"publisher__name\").annotate(total=Sum(\"pages\"))",
        "(expr (call (attr (call (attr (attr Book objects) values) \"publisher__name\") annotate) (kw total (call Sum \"pages\"))))",
    ),
    (
        "Book.objects.aggregate(Avg(\"price\"), Max(\"pages\"))",
        "(expr (call (attr (attr Book objects) aggregate) (call Avg \"price\") (call Max \"pages\")))",
    ),
    (
        "Book.objects.filter(price__range=(10, 20)).exclude(status=\"draft\")",
        "(expr (call (attr (call (attr (attr Book objects) filter) (kw price__range (tuple 10 20))) exclude) (kw status \"draft\")))",
    ),
    (
        "Author.objects.prefetch_related(\"books\").all()",
        "(expr (call (attr (call (attr (attr Author objects) prefetch_related) \"books\") all)))",
    ),
    (
        "b = Book(title=\"New\", pages=10, publisher=p); b.save()",
        "(= b (call Book (kw title \"New\") (kw pages 10) (kw publisher p))) (expr (call (attr b save)))",
    ),
    (
        "Book.objects.filter(pk__in=[1, 2, 3]).update(pages=F(\"pages\") + 1)",
        "(expr (call (attr (call (attr (attr Book objects) filter) (kw pk__in (list 1 2 3))) update) (kw pages (+ (call F \"pages\") 1))))",
    ),
    (
        "Book.objects.bulk_create([Book(title=t, publisher=p) for t in [\"A\", \"B\"]])",
        "(expr (call (attr (attr Book objects) bulk_create) (listcomp (call Book (kw title t) (kw publisher p)) (for t (list \"A\" \"B\")))))",
    ),
    (
        "list(Book.objects.values_list(\"title\", flat=True))",
        "(expr (call list (call (attr (attr Book objects) values_list) \"title\" (kw flat True))))",
    ),
    (
        "len(Book.objects.all())",
        "(expr (call len (call (attr (attr Book objects) all))))",
    ),
    (
        "Book.objects.filter(created__year=2024).dates(\"created\", \"month\")",
        "(expr (call (attr (call (attr (attr Book objects) filter) (kw created__year 2024)) dates) \"created\" \"month\"))",
    ),
    (
        "from django.db.models import Count, Sum, Avg, Max, Min",
        "(from django.db.models 0 (alias Count _) (alias Sum _) (alias Avg _) (alias Max _) (alias Min _))",
    ),
    (
        "from bookstore.models import *",
        "(from bookstore.models 0 (alias * _))",
    ),
    ("import datetime", "(import (alias datetime _))"),
    (
        "p = Publisher.objects.first()",
        "(= p (call (attr (attr Publisher objects) first)))",
    ),
    ("p.books.all()", "(expr (call (attr (attr p books) all)))"),
    (
        "Book.objects.filter(publisher=p).exists()",
        "(expr (call (attr (call (attr (attr Book objects) filter) (kw publisher p)) exists)))",
    ),
    (
        "Book.objects.raw(\"SELECT * FROM book\")",
        "(expr (call (attr (attr Book objects) raw) \"SELECT * FROM book\"))",
    ),
    (
        "for a in Author.objects.all():\n    print(a.name, a.books.count())",
        "(for a (call (attr (attr Author objects) all)) (body (expr (call print (attr a name) (call (attr (attr a books) count))))) (else))",
    ),
    (
        "qs = Book.objects.all()\nfor b in qs:\n    print(b)",
        "(= qs (call (attr (attr Book objects) all))) (for b qs (body (expr (call print b))) (else))",
    ),
    (
        "Book.objects.in_bulk([1, 2])",
        "(expr (call (attr (attr Book objects) in_bulk) (list 1 2)))",
    ),
    (
        "Book.objects.order_by(\"?\")[0]",
        "(expr (sub (call (attr (attr Book objects) order_by) \"?\") 0))",
    ),
    (
        "Book.objects.filter(title__regex=r\"^The\\s\")",
        "(expr (call (attr (attr Book objects) filter) (kw title__regex \"^The\\\\s\")))",
    ),
    (
        "Book.objects.select_for_update().filter(pk=1)",
        "(expr (call (attr (call (attr (attr Book objects) select_for_update)) filter) (kw pk 1)))",
    ),
    (
        "Book.objects.filter(Q(a=1) & Q(b=2) | Q(c=3))",
        "(expr (call (attr (attr Book objects) filter) (| (& (call Q (kw a 1)) (call Q (kw b 2))) (call Q (kw c 3)))))",
    ),
    (
        "x = Book.objects.latest(\"created\")",
        "(= x (call (attr (attr Book objects) latest) \"created\"))",
    ),
    (
        "Book.objects.get_or_create(title=\"X\", defaults={\"pages\": 1})",
        "(expr (call (attr (attr Book objects) get_or_create) (kw title \"X\") (kw defaults (dict (\"pages\" 1)))))",
    ),
    (
        "b.authors.add(a1, a2)",
        "(expr (call (attr (attr b authors) add) a1 a2))",
    ),
    ("b.delete()", "(expr (call (attr b delete)))"),
    (
        "Book.objects.filter(pages__gt=F(\"price\") * 2)",
        "(expr (call (attr (attr Book objects) filter) (kw pages__gt (* (call F \"price\") 2))))",
    ),
    (
        "Book.objects.annotate(title_len=Length(\"title\")).filter(title_len__gt=10)",
        "(expr (call (attr (call (attr (attr Book objects) annotate) (kw title_len (call Length \"title\"))) filter) (kw title_len__gt 10)))",
    ),
    (
        "sum(b.pages for b in Book.objects.all())",
        "(expr (call sum (generatorexp (attr b pages) (for b (call (attr (attr Book objects) all))))))",
    ),
    (
        "max(Book.objects.all(), key=lambda b: b.pages)",
        "(expr (call max (call (attr (attr Book objects) all)) (kw key (lambda (params b) (attr b pages)))))",
    ),
    (
        "sorted(qs, key=lambda b: (b.pages, b.title), reverse=True)",
        "(expr (call sorted qs (kw key (lambda (params b) (tuple (attr b pages) (attr b title)))) (kw reverse True)))",
    ),
    (
        "{b.pk: b.title for b in qs}",
        "(expr (dictcomp (attr b pk) (attr b title) (for b qs)))",
    ),
    (
        "Book.objects.filter(**{\"pages__gt\": 100})",
        "(expr (call (attr (attr Book objects) filter) (** (dict (\"pages__gt\" 100)))))",
    ),
    (
        "Book.objects.filter(*[Q(pages=1)])",
        "(expr (call (attr (attr Book objects) filter) (star (list (call Q (kw pages 1))))))",
    ),
    (
        "print(Book.objects.all().query)",
        "(expr (call print (attr (call (attr (attr Book objects) all)) query)))",
    ),
    (
        "str(Book.objects.filter(pk=1).query)",
        "(expr (call str (attr (call (attr (attr Book objects) filter) (kw pk 1)) query)))",
    ),
    (
        "if Book.objects.filter(pk=1).exists(): print(\"yes\")\nelse: print(\"no\")",
        "(if (call (attr (call (attr (attr Book objects) filter) (kw pk 1)) exists)) (body (expr (call print \"yes\"))) (else (expr (call print \"no\"))))",
    ),
    (
        "try:\n    Book.objects.get(pk=999)\nexcept Book.DoesNotExist:\n    print(\"missing\")",
        "(try (body (expr (call (attr (attr Book objects) get) (kw pk 999)))) (handlers (except (attr Book DoesNotExist) _ (body (expr (call print \"missing\"))))) (else) (finally))",
    ),
    (
        "try:\n    Book.objects.get(title__contains=\"a\")\nexcept (Book.DoesNotExist, Book.MultipleObjectsReturned) as e:\n    print(type(e).__name__)",
        "(try (body (expr (call (attr (attr Book objects) get) (kw title__contains \"a\")))) (handlers (except (tuple (attr Book DoesNotExist) (attr Book MultipleObjectsReturned)) e (body (expr (call print (attr (call type e) __name__)))))) (else) (finally))",
    ),
    (
        "n = Book.objects.count(); print(n)",
        "(= n (call (attr (attr Book objects) count))) (expr (call print n))",
    ),
    (
        "Book.objects.filter(pages__isnull=False).distinct()",
        "(expr (call (attr (call (attr (attr Book objects) filter) (kw pages__isnull False)) distinct)))",
    ),
    (
        "books = Book.objects.filter(\n    pages__gt=100,\n    status=\"published\",\n).order_by(\"title\")",
        "(= books (call (attr (call (attr (attr Book objects) filter) (kw pages__gt 100) (kw status \"published\")) order_by) \"title\"))",
    ),
    (
        "Book.objects.none()",
        "(expr (call (attr (attr Book objects) none)))",
    ),
    (
        "Book.objects.all().explain()",
        "(expr (call (attr (call (attr (attr Book objects) all)) explain)))",
    ),
    (
        "Book.objects.filter(created__lt=timezone.now() - timedelta(days=7))",
        "(expr (call (attr (attr Book objects) filter) (kw created__lt (- (call (attr timezone now)) (call timedelta (kw days 7))))))",
    ),
    (
        "Publisher.objects.annotate(num_books=Count(\"books\")).order_by(\"-num_books\")[:3]",
        "(expr (sub (call (attr (call (attr (attr Publisher objects) annotate) (kw num_books (call Count \"books\"))) order_by) \"-num_books\") (slice _ 3 _)))",
    ),
    (
        "Book.objects.all()[2:5]",
        "(expr (sub (call (attr (attr Book objects) all)) (slice 2 5 _)))",
    ),
    (
        "Book.objects.all()[::2]",
        "(expr (sub (call (attr (attr Book objects) all)) (slice _ _ 2)))",
    ),
    (
        "qs.filter(pages__gt=100).values(\"title\", \"pages\")[0][\"title\"]",
        "(expr (sub (sub (call (attr (call (attr qs filter) (kw pages__gt 100)) values) \"title\" \"pages\") 0) \"title\"))",
    ),
    (
        "Author.objects.filter(books__publisher__name__startswith=\"P\").distinct().count()",
        "(expr (call (attr (call (attr (call (attr (attr Author objects) filter) (kw books__publisher__name__startswith \"P\")) distinct)) count)))",
    ),
    ("x = 10 ** 3 // 7 % 4", "(= x (% (// (** 10 3) 7) 4))"),
    ("del b", "(del b)"),
    (
        "assert Book.objects.count() > 0, \"no books\"",
        "(assert (cmp (call (attr (attr Book objects) count)) > 0) \"no books\")",
    ),
    (
        "a, b = Book.objects.all()[:2]",
        "(= (tuple a b) (sub (call (attr (attr Book objects) all)) (slice _ 2 _)))",
    ),
    (
        "first, *rest = Book.objects.all()",
        "(= (tuple first (star rest)) (call (attr (attr Book objects) all)))",
    ),
    (
        "while n > 0: n -= 1",
        "(while (cmp n > 0) (body (-= n 1)) (else))",
    ),
    (
        "print(*Book.objects.values_list(\"title\", flat=True), sep=\"\\n\")",
        "(expr (call print (star (call (attr (attr Book objects) values_list) \"title\" (kw flat True))) (kw sep \"\\u{a}\")))",
    ),
    (
        "x = None if qs is None else qs.count()",
        "(= x (ifexp (cmp qs is None) None (call (attr qs count))))",
    ),
    (
        "not Book.objects.exists()",
        "(expr (not (call (attr (attr Book objects) exists))))",
    ),
    (
        "Book.objects.filter(title=\"It's\")",
        "(expr (call (attr (attr Book objects) filter) (kw title \"It's\")))",
    ),
    (
        "Book.objects.filter(title='say \"hi\"')",
        "(expr (call (attr (attr Book objects) filter) (kw title \"say \\\"hi\\\"\")))",
    ),
    (
        "Book.objects.filter(pages__in=range(10))",
        "(expr (call (attr (attr Book objects) filter) (kw pages__in (call range 10))))",
    ),
    (
        "b.title = \"x\"; b.save(update_fields=[\"title\"])",
        "(= (attr b title) \"x\") (expr (call (attr b save) (kw update_fields (list \"title\"))))",
    ),
    (
        "def show(qs):\n    for b in qs:\n        print(b)\n\nshow(Book.objects.all())",
        "(def show (params qs) _ (decos) (body (for b qs (body (expr (call print b))) (else)))) (expr (call show (call (attr (attr Book objects) all))))",
    ),
    ("-2**2", "(expr (neg (** 2 2)))"),
    ("2**-1", "(expr (** 2 (neg 1)))"),
    ("a ** -b ** c", "(expr (** a (neg (** b c))))"),
    ("not a == b", "(expr (not (cmp a == b)))"),
    ("a < b <= c", "(expr (cmp a < b <= c))"),
    ("a not in b is not c", "(expr (cmp a not in b is not c))"),
    ("a and b or c and d", "(expr (or (and a b) (and c d)))"),
    ("(a or b) or c", "(expr (or (or a b) c))"),
    (
        "a if b else c if d else e",
        "(expr (ifexp b a (ifexp d c e)))",
    ),
    (
        "lambda x, y=1, *a, z, **k: x",
        "(expr (lambda (params x (y _ 1) *a z **k) x))",
    ),
    ("x = 1, 2", "(= x (tuple 1 2))"),
    (
        "for a, b in c: pass",
        "(for (tuple a b) c (body pass) (else))",
    ),
    ("return_ = a, b", "(= return_ (tuple a b))"),
    ("a[1, 2]", "(expr (sub a (tuple 1 2)))"),
    (
        "a[1:2, ::3]",
        "(expr (sub a (tuple (slice 1 2 _) (slice _ _ 3))))",
    ),
    ("a[*b]", "(expr (sub a (tuple (star b))))"),
    ("a[x:=1]", "(expr (sub a (:= x 1)))"),
    (
        "{**a, 'b': 1, **c}",
        "(expr (dict (** a) (\"b\" 1) (** c)))",
    ),
    ("{*a, b}", "(expr (set (star a) b))"),
    ("[*a, *b]", "(expr (list (star a) (star b)))"),
    ("(1,)", "(expr (tuple 1))"),
    ("(1)", "(expr 1)"),
    ("()", "(expr (tuple))"),
    (
        "x = 1_000_000 + 0x_ff + 0o17 + 0b1010",
        "(= x (+ (+ (+ 1000000 255) 15) 10))",
    ),
    (
        "x = 123456789012345678901234567890",
        "(= x 123456789012345678901234567890)",
    ),
    (
        "x = (1.5, 1e3, .5, 1_000.0, 3j, 1.)",
        "(= x (tuple f:1.5 f:1000.0 f:0.5 f:1000.0 j:3.0 f:1.0))",
    ),
    (
        "x = 'a' 'b' f'{c}' \"d\"",
        "(= x (f \"ab\" (fv c _ _) \"d\"))",
    ),
    ("x = b'a' rb'\\x'", "(= x b\"a\\\\x\")"),
    (
        "x = '\\n\\t\\\\\\'\\\"\\x41\\u00e9\\U0001F600\\101'",
        "(= x \"\\u{a}\\u{9}\\\\'\\\"A\\u{e9}\\u{1f600}A\")",
    ),
    ("x = '''a\nb'''", "(= x \"a\\u{a}b\")"),
    (
        "x = u'x' + R'\\n' + Br'a' + F'{a}' + fR'{a}\\n' + Rf'{a}'",
        "(= x (+ (+ (+ (+ (+ \"x\" \"\\\\n\") b\"a\") (f (fv a _ _))) (f (fv a _ _) \"\\\\n\")) (f (fv a _ _))))",
    ),
    ("f'{x:{w}}'", "(expr (f (fv x _ (f (fv w _ _)))))"),
    ("f'{{}}'", "(expr (f \"{}\"))"),
    ("f'{x=}'", "(expr (f \"x=\" (fv x r _)))"),
    ("f'{x!s}'", "(expr (f (fv x s _)))"),
    ("f'{ x = }'", "(expr (f \" x = \" (fv x r _)))"),
    ("f'{x=:>10}'", "(expr (f \"x=\" (fv x _ (f \">10\"))))"),
    ("f''", "(expr (f))"),
    ("f'{x:}'", "(expr (f (fv x _ (f))))"),
    (
        "f'{x:{y}.{z}f}'",
        "(expr (f (fv x _ (f (fv y _ _) \".\" (fv z _ _) \"f\"))))",
    ),
    ("x = y = z = 0", "(= x y z 0)"),
    ("x, *y = z", "(= (tuple x (star y)) z)"),
    ("[a, b] = c", "(= (list a b) c)"),
    ("a.b.c = d", "(= (attr (attr a b) c) d)"),
    ("x //= 2", "(//= x 2)"),
    ("x **= 2", "(**= x 2)"),
    ("x @= m", "(@= x m)"),
    ("x: int = 5", "(ann x int 5)"),
    ("(x): int", "(ann x int _)"),
    ("a.b: str", "(ann (attr a b) str _)"),
    ("del a[0], b.c", "(del (sub a 0) (attr b c))"),
    ("raise X from Y", "(raise X Y)"),
    ("assert x, 'm'", "(assert x \"m\")"),
    ("import a.b as c, d", "(import (alias a.b c) (alias d _))"),
    (
        "from a.b import c as d, e",
        "(from a.b 0 (alias c d) (alias e _))",
    ),
    ("from x import *", "(from x 0 (alias * _))"),
    ("from . import y", "(from _ 1 (alias y _))"),
    (
        "from ...a import (b, c,)",
        "(from a 3 (alias b _) (alias c _))",
    ),
    ("global a, b", "(global a b)"),
    (
        "with a as x, b as y: pass",
        "(with ((item a x) (item b y)) (body pass))",
    ),
    (
        "with (a as x, b as y,): pass",
        "(with ((item a x) (item b y)) (body pass))",
    ),
    (
        "with (a, b) as c: pass",
        "(with ((item (tuple a b) c)) (body pass))",
    ),
    (
        "try:\n    pass\nexcept (A, B) as e:\n    pass\nexcept C:\n    pass\nelse:\n    pass\nfinally:\n    pass",
        "(try (body pass) (handlers (except (tuple A B) e (body pass)) (except C _ (body pass))) (else pass) (finally pass))",
    ),
    (
        "while x:\n    x -= 1\nelse:\n    pass",
        "(while x (body (-= x 1)) (else pass))",
    ),
    (
        "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass",
        "(if a (body pass) (else (if b (body pass) (else pass))))",
    ),
    (
        "@property\ndef f(self): return 1",
        "(def f (params self) _ (decos property) (body (return 1)))",
    ),
    (
        "@x.setter\ndef f(self, v): pass",
        "(def f (params self v) _ (decos (attr x setter)) (body pass))",
    ),
    (
        "class A(B, metaclass=M):\n    x = 1",
        "(class A (bases B (kw metaclass M)) (decos) (body (= x 1)))",
    ),
    (
        "def f(a, b=1, /, *args, c, d=2, **kw) -> T:\n    pass",
        "(def f (params a (b _ 1) *args c (d _ 2) **kw) T (decos) (body pass))",
    ),
    (
        "def f(*, a): pass",
        "(def f (params * a) _ (decos) (body pass))",
    ),
    ("if x: a; b", "(if x (body (expr a) (expr b)) (else))"),
    ("x = 1;", "(= x 1)"),
    (
        "sum(x for x in y)",
        "(expr (call sum (generatorexp x (for x y))))",
    ),
    (
        "f(a, *b, c=1, **d,)",
        "(expr (call f a (star b) (kw c 1) (** d)))",
    ),
    (
        "[x for x in y if x for z in w if z]",
        "(expr (listcomp x (for x y (if x)) (for z w (if z))))",
    ),
    (
        "{k: v for k, v in d.items()}",
        "(expr (dictcomp k v (for (tuple k v) (call (attr d items)))))",
    ),
    ("x = (y := 5)", "(= x (:= y 5))"),
    ("x = 1 if 2 else 3", "(= x (ifexp 2 1 3))"),
    ("~x + +y - -z", "(expr (- (+ (inv x) (pos y)) (neg z)))"),
    ("a @ b // c % d", "(expr (% (// (@ a b) c) d))"),
    (
        "a << b >> c & d ^ e | f",
        "(expr (| (^ (& (>> (<< a b) c) d) e) f))",
    ),
];

/// (source, class, message, line, column), as CPython 3.11 reports them.
const ERRORS: &[(&str, &str, &str, usize, usize)] = &[
    ("x = (", "SyntaxError", "'(' was never closed", 1, 5),
    ("x = [1, 2", "SyntaxError", "'[' was never closed", 1, 5),
    ("x = {1: 2", "SyntaxError", "'{' was never closed", 1, 5),
    (
        "foo(a,\n    b c",
        "SyntaxError",
        "'(' was never closed",
        1,
        4,
    ),
    ("x = 1)", "SyntaxError", "unmatched ')'", 1, 6),
    (
        "x = (1]",
        "SyntaxError",
        "closing parenthesis ']' does not match opening parenthesis '('",
        1,
        7,
    ),
    (
        "x = (1,\n 2]",
        "SyntaxError",
        "closing parenthesis ']' does not match opening parenthesis '(' on line 1",
        2,
        3,
    ),
    ("  x = 1", "IndentationError", "unexpected indent", 1, 2),
    (
        "for x in y:\nx",
        "IndentationError",
        "expected an indented block after 'for' statement on line 1",
        2,
        1,
    ),
    (
        "for x in y:",
        "IndentationError",
        "expected an indented block after 'for' statement on line 1",
        1,
        12,
    ),
    (
        "if x:\n    a\n  b",
        "IndentationError",
        "unindent does not match any outer indentation level",
        3,
        4,
    ),
    (
        "x = 'abc",
        "SyntaxError",
        "unterminated string literal (detected at line 1)",
        1,
        5,
    ),
    (
        "x = \"\"\"abc\ndef",
        "SyntaxError",
        "unterminated triple-quoted string literal (detected at line 2)",
        1,
        5,
    ),
    ("x = 1abc", "SyntaxError", "invalid decimal literal", 1, 5),
    ("x = 1_", "SyntaxError", "invalid decimal literal", 1, 6),
    ("x = 0x", "SyntaxError", "invalid hexadecimal literal", 1, 6),
    ("if x\n    pass", "SyntaxError", "expected ':'", 1, 5),
    (
        "f() = 1",
        "SyntaxError",
        "cannot assign to function call here. Maybe you meant '==' instead of '='?",
        1,
        1,
    ),
    (
        "1 = x",
        "SyntaxError",
        "cannot assign to literal here. Maybe you meant '==' instead of '='?",
        1,
        1,
    ),
    (
        "x + 1 = 2",
        "SyntaxError",
        "cannot assign to expression here. Maybe you meant '==' instead of '='?",
        1,
        1,
    ),
    (
        "f(a=1, 2)",
        "SyntaxError",
        "positional argument follows keyword argument",
        1,
        9,
    ),
    (
        "print(1 2)",
        "SyntaxError",
        "invalid syntax. Perhaps you forgot a comma?",
        1,
        7,
    ),
    (
        "[a b]",
        "SyntaxError",
        "invalid syntax. Perhaps you forgot a comma?",
        1,
        2,
    ),
    ("x = 1 2", "SyntaxError", "invalid syntax", 1, 7),
    (
        "print \"hello\"",
        "SyntaxError",
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
        1,
        1,
    ),
    ("x = ", "SyntaxError", "invalid syntax", 1, 5),
    ("x +", "SyntaxError", "invalid syntax", 1, 4),
    (
        "if x = 1: pass",
        "SyntaxError",
        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        1,
        4,
    ),
    (
        "f(**k, *a)",
        "SyntaxError",
        "iterable argument unpacking follows keyword argument unpacking",
        1,
        8,
    ),
    (
        "f(x for x in y, 1)",
        "SyntaxError",
        "Generator expression must be parenthesized",
        1,
        3,
    ),
    (
        "def f(a=1, b): pass",
        "SyntaxError",
        "non-default argument follows default argument",
        1,
        12,
    ),
    ("True = 1", "SyntaxError", "cannot assign to True", 1, 1),
    (
        "f() += 1",
        "SyntaxError",
        "'function call' is an illegal expression for augmented assignment",
        1,
        1,
    ),
    (
        "del f()",
        "SyntaxError",
        "cannot delete function call",
        1,
        5,
    ),
    (
        "for 1 in x: pass",
        "SyntaxError",
        "cannot assign to literal",
        1,
        5,
    ),
    ("return 1", "SyntaxError", "'return' outside function", 1, 1),
    ("break", "SyntaxError", "'break' outside loop", 1, 1),
    (
        "continue",
        "SyntaxError",
        "'continue' not properly in loop",
        1,
        1,
    ),
    (
        "x = f\"{x\"",
        "SyntaxError",
        "f-string: expecting '}'",
        1,
        10,
    ),
    (
        "x = f\"{}\"",
        "SyntaxError",
        "f-string: empty expression not allowed",
        1,
        10,
    ),
    (
        "x = f\"}\"",
        "SyntaxError",
        "f-string: single '}' is not allowed",
        1,
        9,
    ),
    (
        "x = f\"{x!z}\"",
        "SyntaxError",
        "f-string: invalid conversion character: expected 's', 'r', or 'a'",
        1,
        13,
    ),
    (
        "x = 1 \\ y",
        "SyntaxError",
        "unexpected character after line continuation character",
        1,
        8,
    ),
    (
        "x = 1 \\",
        "SyntaxError",
        "unexpected EOF while parsing",
        1,
        8,
    ),
    ("x = $", "SyntaxError", "invalid syntax", 1, 5),
    (
        "x = a \u{2026} b",
        "SyntaxError",
        "invalid character '\u{2026}' (U+2026)",
        1,
        7,
    ),
    (
        "x = a\u{20ac}",
        "SyntaxError",
        "invalid character '\u{20ac}' (U+20AC)",
        1,
        6,
    ),
    (
        "x = 01",
        "SyntaxError",
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        1,
        5,
    ),
    (
        "x = 0o8",
        "SyntaxError",
        "invalid digit '8' in octal literal",
        1,
        7,
    ),
    (
        "x = 0b2",
        "SyntaxError",
        "invalid digit '2' in binary literal",
        1,
        7,
    ),
    ("x = 1e", "SyntaxError", "invalid decimal literal", 1, 5),
    ("x = 1e+", "SyntaxError", "invalid decimal literal", 1, 7),
    (
        "class A:\npass",
        "IndentationError",
        "expected an indented block after class definition on line 1",
        2,
        1,
    ),
    (
        "def f():\npass",
        "IndentationError",
        "expected an indented block after function definition on line 1",
        2,
        1,
    ),
    (
        "try:\npass",
        "IndentationError",
        "expected an indented block after 'try' statement on line 1",
        2,
        1,
    ),
    (
        "with a:\npass",
        "IndentationError",
        "expected an indented block after 'with' statement on line 1",
        2,
        1,
    ),
    (
        "while x:\npass",
        "IndentationError",
        "expected an indented block after 'while' statement on line 1",
        2,
        1,
    ),
    (
        "if x:\n    pass\nelse:\npass",
        "IndentationError",
        "expected an indented block after 'else' statement on line 3",
        4,
        1,
    ),
    (
        "try:\n    pass\nexcept E:\npass",
        "IndentationError",
        "expected an indented block after 'except' statement on line 3",
        4,
        1,
    ),
    (
        "def f():\n    x = 1\n      y = 2",
        "IndentationError",
        "unexpected indent",
        3,
        6,
    ),
    ("x = (1,\n2 3", "SyntaxError", "'(' was never closed", 1, 5),
    ("(1 +\nx = 2", "SyntaxError", "'(' was never closed", 1, 1),
    (
        "x = 'abc\ny = (",
        "SyntaxError",
        "unterminated string literal (detected at line 1)",
        1,
        5,
    ),
    (
        "y = (\nx = 'abc",
        "SyntaxError",
        "unterminated string literal (detected at line 2)",
        2,
        5,
    ),
    (
        "if x:\n  a\n b\ny = 'abc",
        "IndentationError",
        "unindent does not match any outer indentation level",
        3,
        3,
    ),
    ("x = ((((", "SyntaxError", "'(' was never closed", 1, 8),
    (
        "x = 1\n    y = 2",
        "IndentationError",
        "unexpected indent",
        2,
        4,
    ),
    ("if x: pass\nelse pass", "SyntaxError", "expected ':'", 2, 6),
    ("def f() pass", "SyntaxError", "expected ':'", 1, 9),
    (
        "try:\n    pass",
        "SyntaxError",
        "expected 'except' or 'finally' block",
        2,
        9,
    ),
    (
        "try:\n    pass\nx = 1",
        "SyntaxError",
        "expected 'except' or 'finally' block",
        3,
        1,
    ),
    ("else: pass", "SyntaxError", "invalid syntax", 1, 1),
    (
        "x = f(\n    a=1,\n    2,\n)",
        "SyntaxError",
        "positional argument follows keyword argument",
        4,
        1,
    ),
    ("a.", "SyntaxError", "invalid syntax", 1, 3),
    ("a[]", "SyntaxError", "invalid syntax", 1, 3),
    ("(,)", "SyntaxError", "invalid syntax", 1, 2),
    (
        "x = {1: 2, 3}",
        "SyntaxError",
        "':' expected after dictionary key",
        1,
        12,
    ),
    (
        "x = 1 if y",
        "SyntaxError",
        "expected 'else' after 'if' expression",
        1,
        5,
    ),
    (
        "lambda x=1, y: 0",
        "SyntaxError",
        "non-default argument follows default argument",
        1,
        13,
    ),
    ("not", "SyntaxError", "invalid syntax", 1, 4),
    (
        "*a = 1",
        "SyntaxError",
        "starred assignment target must be in a list or tuple",
        1,
        1,
    ),
    (
        "a, *b, *c = 1",
        "SyntaxError",
        "multiple starred expressions in assignment",
        1,
        1,
    ),
    (
        "*a",
        "SyntaxError",
        "can't use starred expression here",
        1,
        1,
    ),
    (
        "x = *a",
        "SyntaxError",
        "can't use starred expression here",
        1,
        5,
    ),
    ("x = a ! b", "SyntaxError", "invalid syntax", 1, 7),
    (
        "x = [1, 2 3]",
        "SyntaxError",
        "invalid syntax. Perhaps you forgot a comma?",
        1,
        9,
    ),
    (
        "f(a, b for b in c)",
        "SyntaxError",
        "Generator expression must be parenthesized",
        1,
        6,
    ),
    (
        "f(a.b=1)",
        "SyntaxError",
        "expression cannot contain assignment, perhaps you meant \"==\"?",
        1,
        3,
    ),
    ("f(True=1)", "SyntaxError", "cannot assign to True", 1, 3),
    (
        "f(a=1 for a in b)",
        "SyntaxError",
        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        1,
        3,
    ),
    (
        "x = f(**a, b)",
        "SyntaxError",
        "positional argument follows keyword argument unpacking",
        1,
        13,
    ),
    (
        "x = y = f() = 3",
        "SyntaxError",
        "cannot assign to function call",
        1,
        9,
    ),
    (
        "a, f() = 1, 2",
        "SyntaxError",
        "cannot assign to function call here. Maybe you meant '==' instead of '='?",
        1,
        4,
    ),
    (
        "[a, f()] = 1",
        "SyntaxError",
        "cannot assign to function call",
        1,
        5,
    ),
    (
        "(a, b) += 1",
        "SyntaxError",
        "'tuple' is an illegal expression for augmented assignment",
        1,
        1,
    ),
    (
        "a, b: int",
        "SyntaxError",
        "only single target (not tuple) can be annotated",
        1,
        1,
    ),
    (
        "f(): int",
        "SyntaxError",
        "illegal target for annotation",
        1,
        1,
    ),
    (
        "if x.y = 1: pass",
        "SyntaxError",
        "cannot assign to attribute here. Maybe you meant '==' instead of '='?",
        1,
        4,
    ),
    ("del a, 1", "SyntaxError", "cannot delete literal", 1, 8),
    (
        "with a as f(): pass",
        "SyntaxError",
        "cannot assign to function call",
        1,
        11,
    ),
    (
        "try:\n    pass\nexcept E, F:\n    pass",
        "SyntaxError",
        "multiple exception types must be parenthesized",
        3,
        8,
    ),
    (
        "from x import a,",
        "SyntaxError",
        "trailing comma not allowed without surrounding parentheses",
        1,
        17,
    ),
    (
        "def f(*): pass",
        "SyntaxError",
        "named arguments must follow bare *",
        1,
        7,
    ),
    (
        "def f(**k, a): pass",
        "SyntaxError",
        "arguments cannot follow var-keyword argument",
        1,
        12,
    ),
    (
        "def f(*a=1): pass",
        "SyntaxError",
        "var-positional argument cannot have default value",
        1,
        9,
    ),
    (
        "x = [*a for a in b]",
        "SyntaxError",
        "iterable unpacking cannot be used in comprehension",
        1,
        6,
    ),
    (
        "x = (*a)",
        "SyntaxError",
        "cannot use starred expression here",
        1,
        6,
    ),
    (
        "def f(a, a): pass",
        "SyntaxError",
        "duplicate argument 'a' in function definition",
        1,
        10,
    ),
    (
        "f(a=1, a=2)",
        "SyntaxError",
        "keyword argument repeated: a",
        1,
        8,
    ),
    (
        "nonlocal x",
        "SyntaxError",
        "nonlocal declaration not allowed at module level",
        1,
        1,
    ),
    (
        "x = 0777",
        "SyntaxError",
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        1,
        5,
    ),
    (
        "x = 1.__class__",
        "SyntaxError",
        "invalid decimal literal",
        1,
        6,
    ),
    (
        "x = b'\\xe9' 'a'",
        "SyntaxError",
        "cannot mix bytes and nonbytes literals",
        1,
        16,
    ),
    (
        "x = b'\u{e9}'",
        "SyntaxError",
        "bytes can only contain ASCII literal characters",
        1,
        5,
    ),
    (
        "x = '\\x4'",
        "SyntaxError",
        "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape",
        1,
        10,
    ),
    ("x = 1 <> 2", "SyntaxError", "invalid syntax", 1, 7),
    (
        "class A:\n    @dec\nx = 1",
        "IndentationError",
        "unexpected unindent",
        3,
        0,
    ),
    (
        "\u{feff}x = 1",
        "SyntaxError",
        "invalid non-printable character U+FEFF",
        1,
        1,
    ),
    (
        "x\u{a0}= 1",
        "SyntaxError",
        "invalid non-printable character U+00A0",
        1,
        2,
    ),
    (
        "x = \u{1}",
        "SyntaxError",
        "invalid non-printable character U+0001",
        1,
        5,
    ),
    (
        "if x:\n\ta\n        b",
        "IndentationError",
        "inconsistent use of tabs and spaces in indentation",
        3,
        1,
    ),
    ("a = 1; ; b", "SyntaxError", "invalid syntax", 1, 8),
    (
        "if x: for y in z: pass",
        "SyntaxError",
        "invalid syntax",
        1,
        7,
    ),
    (
        "x = yield 1",
        "SyntaxError",
        "'yield' outside function",
        1,
        5,
    ),
    ("@dec\n", "SyntaxError", "invalid syntax", 1, 0),
    (
        "x = 1\0",
        "SyntaxError",
        "source code string cannot contain null bytes",
        1,
        6,
    ),
];

#[test]
fn shapes_match_cpython() {
    let mut failures = Vec::new();
    for (src, expected) in SHAPES {
        match module_shape(src) {
            Ok(got) if got == *expected => {}
            got => failures.push(format!(
                "{src:?}\n  expected {expected}\n  got      {got:?}"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn errors_match_cpython() {
    let mut failures = Vec::new();
    for &(src, class, message, line, column) in ERRORS {
        match parse_module(src) {
            Err(e)
                if e.kind.class_name() == class
                    && e.message == message
                    && e.line == line
                    && e.column == column =>
            {
                assert!(
                    e.span.start <= e.span.end && e.span.end <= src.len(),
                    "{src:?}: bad span {:?}",
                    e.span
                );
            }
            got => failures.push(format!(
                "{src:?}\n  expected {class}: {message} @{line}:{column}\n  got      {}",
                match got {
                    Ok(_) => "Ok".to_string(),
                    Err(e) => format!(
                        "{}: {} @{}:{}",
                        e.kind.class_name(),
                        e.message,
                        e.line,
                        e.column
                    ),
                }
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const MODELS_PY: &str = r##""""Models for the bookstore."""
from django.db import models
from django.db.models import Q, F, Count
from django.utils import timezone


class PublishedManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(status="published")


class Publisher(models.Model):
    name = models.CharField(max_length=200, unique=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "publishers"

    def __str__(self):
        return f"{self.name}"


class Author(models.Model):
    name = models.CharField(max_length=100)
    born = models.DateField(null=True, blank=True)  # may be unknown

    def __str__(self): return self.name


class Book(models.Model):
    STATUS_CHOICES = [
        ("draft", "Draft"),
        ("published", "Published"),
    ]
    title = models.CharField(max_length=300)
    pages = models.PositiveIntegerField(default=0)
    price = models.DecimalField(max_digits=6, decimal_places=2)
    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE, related_name="books")
    authors = models.ManyToManyField(Author, related_name='books')
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default="draft")
    created = models.DateTimeField(default=timezone.now)

    objects = models.Manager()
    published = PublishedManager()

    class Meta:
        ordering = ("-created",)
        indexes = [models.Index(fields=["title"])]
        constraints = [
            models.CheckConstraint(check=Q(pages__gte=0), name="pages_non_negative"),
        ]

    @property
    def is_long(self) -> bool:
        return self.pages > 300

    def discounted(self, pct=10, *, rounding=None):
        """Price after a discount."""
        value = self.price * (100 - pct) / 100
        if rounding is not None:
            value = round(value, rounding)
        elif value < 0:
            raise ValueError("negative")
        else:
            pass
        return value

    def __str__(self):
        return f"{self.title} ({self.pages} pages)"
"##;

#[test]
fn parses_a_django_models_file() {
    let body = parse_module(MODELS_PY).expect("models.py parses");
    let classes: Vec<&str> = body
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::ClassDef { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(classes, ["PublishedManager", "Publisher", "Author", "Book"]);
    let Some(StmtKind::ClassDef {
        body: book, bases, ..
    }) = body.last().map(|s| &s.kind)
    else {
        panic!()
    };
    assert!(
        matches!(&bases[0], Arg::Positional(Expr { kind: ExprKind::Attribute { attr, .. }, .. }) if attr == "Model")
    );
    let meta = book.iter().find_map(|s| match &s.kind {
        StmtKind::ClassDef { name, body, .. } if name == "Meta" => Some(body),
        _ => None,
    });
    assert_eq!(meta.expect("nested Meta").len(), 3);
    let str_method = book.iter().rev().find_map(|s| match &s.kind {
        StmtKind::FunctionDef { name, body, .. } if name == "__str__" => Some(body),
        _ => None,
    });
    let [
        Stmt {
            kind: StmtKind::Return(Some(ret)),
            ..
        },
    ] = str_method.expect("__str__").as_slice()
    else {
        panic!()
    };
    assert!(matches!(&ret.kind, ExprKind::FString(parts) if parts.len() == 4));
    let prop = book.iter().find_map(|s| match &s.kind {
        StmtKind::FunctionDef {
            name,
            decorators,
            returns,
            ..
        } if name == "is_long" => Some((decorators, returns)),
        _ => None,
    });
    let (decorators, returns) = prop.expect("is_long");
    assert_eq!(expr_shape(&decorators[0]), "property");
    assert_eq!(returns.as_ref().map(expr_shape).as_deref(), Some("bool"));
    // The manager's `super().get_queryset().filter(status="published")`.
    let StmtKind::ClassDef { body: mgr, .. } = &body[4].kind else {
        panic!("{:?}", body[4])
    };
    let StmtKind::FunctionDef { body: get_qs, .. } = &mgr[0].kind else {
        panic!()
    };
    assert_eq!(
        shape::Shaper { spans: false }.s(&get_qs[0]),
        r#"(return (call (attr (call (attr (call super) get_queryset)) filter) (kw status "published")))"#
    );
}

#[test]
fn spans_cover_the_source_text() {
    let cases = [
        (
            r#"Book.objects.filter(authors__name__icontains="dickens").select_related("publisher")"#,
            "(expr@0:83 (call@0:83 (attr@0:70 (call@0:55 (attr@0:19 (attr@0:12 Book@0:4 objects@5:12) filter@13:19) \
             (kw@20:54 authors__name__icontains \"dickens\"@45:54)) select_related@56:70) \"publisher\"@71:82))",
        ),
        (
            "(a or b) or c",
            "(expr@0:13 (or@0:13 (or@1:7 a@1:2 b@6:7) c@12:13))",
        ),
        ("x = (1 +\n 2)", "(=@0:12 x@0:1 (+@5:11 1@5:6 2@10:11))"),
        ("a . b", "(expr@0:5 (attr@0:5 a@0:1 b@4:5))"),
        (
            "f(x for x in y)",
            "(expr@0:15 (call@0:15 f@0:1 (generatorexp@1:15 x@2:3 (for x@8:9 y@13:14))))",
        ),
        (
            "a[1:2, ::3]",
            "(expr@0:11 (sub@0:11 a@0:1 (tuple@2:10 (slice@2:5 1@2:3 2@4:5 _) (slice@7:10 _ _ 3@9:10))))",
        ),
        (
            "x = 'é' + \"ü\"",
            "(=@0:15 x@0:1 (+@4:15 \"\\u{e9}\"@4:8 \"\\u{fc}\"@11:15))",
        ),
        (
            "for b in qs: print(b)",
            "(for@0:21 b@4:5 qs@9:11 (body (expr@13:21 (call@13:21 print@13:18 b@19:20))) (else))",
        ),
        (
            "@d\ndef f(): pass",
            "(def@3:16 f (params) _ (decos d@1:2) (body pass@12:16))",
        ),
        ("x = 1, 2,", "(=@0:9 x@0:1 (tuple@4:9 1@4:5 2@7:8))"),
    ];
    for (src, expected) in cases {
        assert_eq!(spanned(src), expected, "{src:?}");
    }
}

#[test]
fn attribute_and_keyword_name_spans() {
    let src = "obj . attr(key = 1)";
    let m = parse_module(src).unwrap();
    let StmtKind::Expr(Expr {
        kind: ExprKind::Call { func, args },
        ..
    }) = &m[0].kind
    else {
        panic!()
    };
    let ExprKind::Attribute { attr_span, .. } = &func.kind else {
        panic!()
    };
    assert_eq!(&src[attr_span.start..attr_span.end], "attr");
    let Arg::Keyword {
        name_span, value, ..
    } = &args[0]
    else {
        panic!()
    };
    assert_eq!(&src[name_span.start..name_span.end], "key");
    assert_eq!(&src[value.span.start..value.span.end], "1");
}

#[test]
fn literal_values() {
    let e =
        parse_expression("123456789012345678901234567890 + 0x_ff + 0o17 + 0b1010 + 1_000").unwrap();
    assert_eq!(
        expr_shape(&e),
        "(+ (+ (+ (+ 123456789012345678901234567890 255) 15) 10) 1000)"
    );
    let e = parse_expression("1.5, 1e3, .5, 1_000.0, 3j, 1e400").unwrap();
    let ExprKind::Tuple(v) = e.kind else { panic!() };
    let floats: Vec<f64> = v
        .iter()
        .map(|x| match x.kind {
            ExprKind::Float(f) | ExprKind::Imaginary(f) => f,
            _ => panic!(),
        })
        .collect();
    assert_eq!(floats, [1.5, 1000.0, 0.5, 1000.0, 3.0, f64::INFINITY]);
    let e = parse_expression("'\\n\\t\\\\\\'\\\"\\x41\\u00e9\\U0001F600\\101\\\nz' \"!\"").unwrap();
    assert_eq!(e.kind, ExprKind::Str("\n\t\\'\"Aé😀Az!".into()));
    let e = parse_expression(r"b'\x00\xff' rb'\x'").unwrap();
    assert_eq!(e.kind, ExprKind::Bytes(vec![0, 255, b'\\', b'x']));
    let e = parse_expression("'a\\\r\nb' \"\"\"c\rd\"\"\"").unwrap();
    assert_eq!(e.kind, ExprKind::Str("abc\nd".into()));
    let e = parse_expression(r"'\N{EM DASH}'").unwrap_err();
    assert!(
        e.message.contains("\\N{...} escapes are not supported"),
        "{}",
        e.message
    );
}

#[test]
fn fstring_parts() {
    let e = parse_expression(r#"f"{b.title!r:>20} {n=} {x:{w}.2f} {{lit}}" 'tail'"#).unwrap();
    let ExprKind::FString(parts) = &e.kind else {
        panic!("{e:?}")
    };
    let FStringPart::Expr {
        conversion,
        format_spec,
        debug_text,
        ..
    } = &parts[0]
    else {
        panic!()
    };
    assert_eq!(*conversion, Some('r'));
    assert_eq!(
        format_spec.as_deref(),
        Some(&[FStringPart::Literal(">20".into())][..])
    );
    assert_eq!(*debug_text, None);
    let FStringPart::Expr {
        expr,
        conversion,
        debug_text,
        ..
    } = &parts[2]
    else {
        panic!()
    };
    assert_eq!(expr.kind, ExprKind::Name("n".into()));
    // `{n=}` shows the repr, as in CPython.
    assert_eq!(
        (*conversion, debug_text.as_deref()),
        (Some('r'), Some("n="))
    );
    let FStringPart::Expr {
        format_spec: Some(spec),
        ..
    } = &parts[4]
    else {
        panic!()
    };
    assert!(
        matches!(&spec[0], FStringPart::Expr { expr, .. } if expr.kind == ExprKind::Name("w".into()))
    );
    assert_eq!(
        parts.last(),
        Some(&FStringPart::Literal(" {lit}tail".into()))
    );
    // Field expressions carry their real position in the source.
    let src = "f'{ab + cd}'";
    let e = parse_expression(src).unwrap();
    let ExprKind::FString(parts) = &e.kind else {
        panic!()
    };
    let FStringPart::Expr { expr, .. } = &parts[0] else {
        panic!()
    };
    assert_eq!(&src[expr.span.start..expr.span.end], "ab + cd");
}

#[test]
fn expression_mode() {
    assert!(parse_expression("  Book.objects.all()\n\n").is_ok());
    assert!(parse_expression("\n  a + b  # comment\n").is_ok());
    assert!(parse_expression("x for x in y").is_err());
    let e = parse_expression("x = 1").unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.line, e.column),
        ("invalid syntax", 1, 3)
    );
    let e = parse_expression("a; b").unwrap_err();
    assert_eq!((e.message.as_str(), e.column), ("invalid syntax", 2));
    let e = parse_expression("*a").unwrap_err();
    assert_eq!(e.message, "can't use starred expression here");
    assert!(parse_expression("").is_err());
}

#[test]
fn semicolons_comments_and_blank_lines() {
    let src = "# header\n\nif x:  # why\n\n    # inside\n    a = 1; b = 2;\n\n    c()\n# trailer";
    assert_eq!(
        module_shape(src).unwrap(),
        "(if x (body (= a 1) (= b 2) (expr (call c))) (else))"
    );
    assert_eq!(
        module_shape("x = 1\r\ny = 2\rz = 3").unwrap(),
        "(= x 1) (= y 2) (= z 3)"
    );
    assert_eq!(module_shape("").unwrap(), "");
    assert_eq!(module_shape("   \n\t\n# only a comment").unwrap(), "");
}

// ---------------------------------------------------------------------------------------------
// Limits: nothing may overflow the stack, whatever the input.

/// Runs `f` on a thread with the 2 MiB stack of the test harness's threads, whatever
/// `RUST_MIN_STACK` says.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn deep_brackets_are_rejected_like_cpython() {
    on_small_stack(|| {
        const N: usize = 100_000;
        for (open, close) in [("(", ")"), ("[", "]"), ("{", "}"), ("f(", ")"), ("a[", "]")] {
            let src = format!("{}{}", open.repeat(N), close.repeat(N));
            for r in [
                parse_module(&src).map(|_| ()),
                parse_expression(&src).map(|_| ()),
            ] {
                let e = r.expect_err(open);
                assert_eq!(e.message, "too many nested parentheses");
                // CPython stops at the 201st bracket.
                assert_eq!((e.line, e.column), (1, 201 * open.len()));
            }
        }
        // 200 levels are fine, in both modes, and the tree can be used.
        let src = format!("x = {}1{}", "(".repeat(199), ")".repeat(199));
        assert!(parse_module(&src).is_ok());
        let src = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let e = parse_expression(&src).unwrap();
        let copy = e.clone();
        assert_eq!(e, copy);
        assert!(format!("{e:?}").len() > 400);
        let src = format!("x = {}a{}", "f(".repeat(200), ")".repeat(200));
        assert!(parse_module(&src).is_ok());
    });
}

#[test]
fn long_operator_chains_do_not_overflow() {
    on_small_stack(|| {
        const N: usize = 100_000;
        let deep = [
            format!("{}x", "not ".repeat(N)),
            format!("{}x", "-".repeat(N)),
            format!("{}x", "~ +".repeat(N)),
            format!("a{}", ".b".repeat(N)),
            format!("1{}", "+1".repeat(N)),
            format!("1{}", " - 1 * 2".repeat(N)),
            format!("2{}", "**2".repeat(N)),
            format!("2{}", "**-2".repeat(N)),
            format!("f{}", "()".repeat(N)),
            format!("a{}", "[0]".repeat(N)),
            format!("{}1", "lambda: ".repeat(N)),
            format!("{}1", "1 if 1 else ".repeat(N)),
        ];
        for src in deep {
            for r in [
                parse_module(&src).map(|_| ()),
                parse_expression(&src).map(|_| ()),
            ] {
                let e = r.expect_err(&src[..20]);
                assert_eq!(
                    e.message,
                    "expression too deeply nested",
                    "{:?}",
                    &src[..20]
                );
            }
        }
        // Wide is fine: flat nodes and long statement lists.
        let wide = [
            format!("x = {}1", "1, ".repeat(N)),
            format!("x = {}a", "a or ".repeat(N)),
            format!("x = {}a", "a or not ".repeat(N)),
            format!("x = {}a", "a < ".repeat(N)),
            format!("x = [{}]", "1, ".repeat(N)),
            format!("x = {}", "'a' ".repeat(N)),
            "x = 1\n".repeat(N),
            format!("f({})", "a, ".repeat(N)),
        ];
        for src in wide {
            assert!(parse_module(&src).is_ok(), "{:?}", &src[..20]);
        }
        // Chains well within CPython's limits still parse.
        assert!(parse_module(&format!("a{}", ".b".repeat(500))).is_ok());
        assert!(parse_module(&format!("1{}", "+1".repeat(500))).is_ok());
        // Statement-level chains: `elif`s are parsed iteratively and limited (CPython's compiler
        // gives up at a few thousand), `await` cannot repeat.
        let elifs = |n: usize| format!("if x: pass\n{}", "elif x: pass\n".repeat(n));
        let chain = parse_module(&elifs(199)).unwrap();
        assert_eq!(chain.clone(), chain);
        let e = parse_module(&elifs(N)).map(|_| ()).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.line),
            ("too many 'elif' branches", 201)
        );
        let e = parse_module(&format!("{}x", "await ".repeat(N)))
            .map(|_| ())
            .unwrap_err();
        assert_eq!((e.message.as_str(), e.column), ("invalid syntax", 7));
        // CPython recurses once per juxtaposed name here (and runs out of memory at ~3000).
        let e = parse_module(&"a ".repeat(N)).map(|_| ()).unwrap_err();
        assert_eq!((e.message.as_str(), e.column), ("invalid syntax", 3));
    });
}

#[test]
fn deep_statement_nesting_is_limited_like_cpython() {
    on_small_stack(|| {
        let nested = |depth: usize| -> String {
            let mut src: String = (0..depth)
                .map(|d| format!("{}if x:\n", " ".repeat(d)))
                .collect();
            src.push_str(&" ".repeat(depth));
            src.push_str("pass\n");
            src
        };
        let e = parse_module(&nested(150)).map(|_| ()).unwrap_err();
        assert_eq!(
            (e.kind, e.message.as_str()),
            (
                SyntaxErrorKind::IndentationError,
                "too many levels of indentation"
            )
        );
        assert_eq!((e.line, e.column), (101, 1));
        assert!(parse_module(&nested(99)).is_ok());
    });
}

#[test]
fn deepest_accepted_tree_is_safe_for_consumers() {
    // The tallest expression the parser hands out can be cloned, compared, printed and dropped
    // by the derived impls on a 2 MiB stack in a debug build.
    on_small_stack(|| {
        let src = format!("x = {}1", "-".repeat(990));
        let m = parse_module(&src).unwrap();
        let copy = m.clone();
        assert_eq!(m, copy);
        assert!(format!("{m:?}").contains("Neg"));
        drop(m);
        drop(copy);
        let src = format!("x = {}1", "-".repeat(1001));
        assert_eq!(
            parse_module(&src).map(|_| ()).unwrap_err().message,
            "expression too deeply nested"
        );
    });
}

// ---------------------------------------------------------------------------------------------
// Robustness: no input may panic.

/// xorshift64*: deterministic, no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "=",
    "==",
    ".",
    "*",
    "**",
    "if",
    "else",
    "for",
    "in",
    "not",
    "lambda",
    "x",
    "1",
    "\"s\"",
    "f'{x}'",
    "f'{",
    "}",
    "\n",
    "    ",
    " ",
    ":=",
    "and",
    "is",
    "del",
    "return",
    "yield",
    "@",
    "->",
    ";",
    "#",
    "\\",
    "\t",
    "print",
    "None",
    "+=",
    "-",
    "~",
    "def",
    "class",
    "with",
    "as",
    "try:",
    "except",
    "import",
    "from",
    "0x",
    "1_",
    "1e",
    "'",
    "\"",
    "\"\"\"",
    "'''",
    "pass",
    "async",
    "await",
    "\r",
    "\r\n",
    "\0",
    "é",
    "😀",
    "e\u{301}",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{10ffff}",
    "…",
    "€",
    "\\N{DASH}",
    "\\x",
    "\\u12",
    "b'",
    "rb\"",
    "f\"{x!",
    "{x=}",
    "{x:{y}}",
    "!r",
    "!=",
    "<>",
    "$",
    "?",
    "`",
    "0o8",
    "09",
    ".5",
    "1j",
    "1__0",
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut s: Vec<char> = seed.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let p = rng.below(s.len() + 1);
        match rng.below(4) {
            0 if p < s.len() => {
                let n = (1 + rng.below(3)).min(s.len() - p);
                s.drain(p..p + n);
            }
            1 if !s.is_empty() => {
                let c = s[rng.below(s.len())];
                s.insert(p, c);
            }
            _ => {
                for (k, c) in rng.pick(FRAGMENTS).chars().enumerate() {
                    s.insert(p + k, c);
                }
            }
        }
    }
    s.into_iter().collect()
}

fn random_text(rng: &mut Rng) -> String {
    let len = rng.below(40);
    (0..len)
        .map(|_| match rng.below(6) {
            0 => char::from_u32(rng.below(0x80) as u32).unwrap_or('?'),
            1 => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}'),
            2 => [
                '\0', '\r', '\n', '\t', '\u{301}', '😀', '\u{a0}', '\u{2028}',
            ][rng.below(8)],
            _ => rng.pick(FRAGMENTS).chars().next().unwrap_or(' '),
        })
        .collect()
}

fn check_no_panic(src: &str) {
    for r in [
        parse_module(src).map(|_| ()),
        parse_expression(src).map(|_| ()),
    ] {
        if let Err(e) = r {
            assert!(
                e.span.start <= e.span.end && e.span.end <= src.len(),
                "{src:?}: span {:?}",
                e.span
            );
            assert!(e.line >= 1 && !e.message.is_empty(), "{src:?}: {e:?}");
        }
    }
}

#[test]
fn random_inputs_never_panic() {
    let mut seeds: Vec<&str> = SHAPES
        .iter()
        .map(|(s, _)| *s)
        .chain(ERRORS.iter().map(|e| e.0))
        .collect();
    seeds.push(MODELS_PY);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..6000 {
        let seed = seeds[rng.below(seeds.len())];
        check_no_panic(&mutate(&mut rng, seed));
    }
    for _ in 0..3000 {
        check_no_panic(&random_text(&mut rng));
    }
    let odd = [
        "\0",
        "\r",
        "\r\r\n",
        "\u{feff}",
        "e\u{301} = 1",
        "😀 = 1",
        "x = '😀",
        "f'{😀}'",
        "\\",
        "'\\",
        "f'{",
        "f'{x",
        "(\r",
        "if x:\r\tpass\r  y",
        "x = 'a\\\r\nb'",
        "\u{2028}",
        "é\0",
    ];
    for src in odd {
        check_no_panic(src);
    }
}
