//! Tab completion from the model registry and the session's names: models and variables,
//! managers after `Model.`, QuerySet methods after a manager or a QuerySet call, field paths
//! and lookups inside `filter(`, field names inside `order_by("`, and dot-commands.

use crate::models::{ModelId, Registry};
use crate::orm::queryset::QUERYSET_METHODS;
use crate::orm::queryset_more::MORE_METHODS;
use crate::query::lookups::lookup_names;

use super::commands::COMMANDS;

/// What completion knows besides the line: the registry and the names bound in the session.
pub struct Names<'a> {
    pub reg: &'a Registry,
    pub globals: &'a [String],
    /// Variables whose value completion can describe (`qs = Book.objects.all()`).
    pub vars: &'a [(String, VarTy)],
}

/// What a variable holds, for completion after `name.`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VarTy {
    QuerySet(ModelId),
    Instance(ModelId),
}

/// Methods whose keyword arguments are field lookups.
const LOOKUP_CALLS: &[&str] = &[
    "filter",
    "exclude",
    "get",
    "get_or_create",
    "update_or_create",
    "Q",
];
/// Methods whose string arguments are field paths.
const PATH_CALLS: &[&str] = &[
    "order_by",
    "values",
    "values_list",
    "select_related",
    "prefetch_related",
    "only",
    "defer",
    "F",
    "Count",
    "Sum",
    "Avg",
    "Min",
    "Max",
    "latest",
    "earliest",
];
/// QuerySet methods that return another QuerySet of the same model.
const CHAINING: &[&str] = &[
    "all",
    "filter",
    "exclude",
    "order_by",
    "reverse",
    "distinct",
    "none",
    "annotate",
    "alias",
    "select_related",
    "prefetch_related",
    "only",
    "defer",
    "union",
    "intersection",
    "difference",
    "using",
    "select_for_update",
];

/// The kind of value an expression denotes, as far as completion can tell.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ty {
    Model(ModelId),
    QuerySet(ModelId),
    Instance(ModelId),
    Unknown,
}

/// Completes `line` at byte offset `pos`: the start of the replaced text and the candidates.
pub fn complete(names: &Names, line: &str, pos: usize) -> (usize, Vec<String>) {
    let pos = pos.min(line.len());
    if !line.is_char_boundary(pos) {
        return (pos, vec![]);
    }
    let line = &line[..pos];
    if let Some(rest) = line.strip_prefix('.') {
        return dot_command(names, rest);
    }
    let scan = Scan::new(line);
    if let Some(qstart) = scan.string_start {
        // Inside a string: field paths for order_by("...") and friends.
        let Some(call) = scan.calls.last() else {
            return (pos, vec![]);
        };
        let (model, method) = callee(names, &line[..call.open]);
        if !PATH_CALLS.contains(&method.as_str()) {
            return (pos, vec![]);
        }
        let Some(model) = model else {
            return (pos, vec![]);
        };
        let text = &line[qstart..];
        let text_start = qstart + usize::from(text.starts_with('-'));
        return field_path(names.reg, model, &line[text_start..], text_start, false);
    }
    let word_start = line
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map_or(pos, |(i, _)| i);
    let word = &line[word_start..];
    if line[..word_start].ends_with('.') {
        let recv = receiver(&line[..word_start - 1]);
        let ty = type_of(names, recv);
        return (word_start, filter_prefix(attributes(names.reg, ty), word));
    }
    // A keyword argument of filter(), exclude(), get(), Q() ...
    let before = line[..word_start].trim_end();
    let at_keyword = before.ends_with('(') || before.ends_with(',');
    if at_keyword {
        for call in scan.calls.iter().rev() {
            let (model, method) = callee(names, &line[..call.open]);
            if method == "Q" {
                continue;
            }
            if let (Some(m), true) = (model, LOOKUP_CALLS.contains(&method.as_str())) {
                let (start, mut c) = field_path(names.reg, m, word, word_start, true);
                if !word.contains("__") && !word.is_empty() {
                    c.extend(filter_prefix(plain_names(names), word));
                }
                return (start, c);
            }
            break;
        }
    }
    if word.is_empty() {
        return (pos, vec![]);
    }
    (word_start, filter_prefix(plain_names(names), word))
}

fn plain_names(names: &Names) -> Vec<String> {
    let mut v: Vec<String> = names.globals.to_vec();
    for (_, m) in names.reg.user_models() {
        if !v.contains(&m.name) {
            v.push(m.name.clone());
        }
    }
    for k in [
        "for", "in", "if", "else", "elif", "while", "print", "len", "list", "True", "False",
        "None", "import", "from", "lambda", "not", "and", "or", "def", "return",
    ] {
        v.push(k.to_string());
    }
    v
}

fn filter_prefix(mut cands: Vec<String>, prefix: &str) -> Vec<String> {
    cands.retain(|c| c.starts_with(prefix));
    cands.sort();
    cands.dedup();
    cands
}

fn dot_command(names: &Names, rest: &str) -> (usize, Vec<String>) {
    if let Some(arg) = rest.strip_prefix("schema ") {
        let models = names
            .reg
            .user_models()
            .map(|(_, m)| m.name.clone())
            .collect();
        return (1 + "schema ".len(), filter_prefix(models, arg.trim_start()));
    }
    let cmds = COMMANDS.iter().map(|(c, _)| c.to_string()).collect();
    (1, filter_prefix(cmds, rest))
}

/// An open call: where its `(` is.
struct Call {
    open: usize,
}

/// Brackets and strings of the text before the cursor.
struct Scan {
    calls: Vec<Call>,
    /// When the cursor is inside a string: where its text starts.
    string_start: Option<usize>,
}

impl Scan {
    fn new(line: &str) -> Scan {
        let b = line.as_bytes();
        let mut stack: Vec<(u8, usize)> = Vec::new();
        let mut i = 0;
        let mut string_start = None;
        while i < b.len() {
            match b[i] {
                q @ (b'\'' | b'"') => {
                    let start = i + 1;
                    i += 1;
                    let mut closed = false;
                    while i < b.len() {
                        if b[i] == b'\\' {
                            i += 2;
                            continue;
                        }
                        if b[i] == q {
                            closed = true;
                            break;
                        }
                        i += 1;
                    }
                    if !closed {
                        string_start = Some(start.min(b.len()));
                        break;
                    }
                }
                c @ (b'(' | b'[' | b'{') => stack.push((c, i)),
                b')' | b']' | b'}' => {
                    stack.pop();
                }
                _ => {}
            }
            i += 1;
        }
        let calls = stack
            .into_iter()
            .filter(|(c, _)| *c == b'(')
            .map(|(_, open)| Call { open })
            .collect();
        Scan {
            calls,
            string_start,
        }
    }
}

/// The dotted expression ending at the end of `text` (`Book.objects.filter(x=1)`), skipping
/// balanced brackets.
fn receiver(text: &str) -> &str {
    let b = text.as_bytes();
    let mut i = b.len();
    let mut depth = 0i32;
    while i > 0 {
        let c = b[i - 1];
        match c {
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            _ if depth > 0 => {}
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c >= 0x80 => {}
            _ => break,
        }
        i -= 1;
    }
    &text[i..]
}

/// Splits `a.b(x).c` into `["a", "b(x)", "c"]` at dots outside brackets.
fn segments(expr: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in expr.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '.' if depth == 0 => {
                out.push(&expr[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&expr[start..]);
    out
}

fn managers(reg: &Registry, m: ModelId) -> Vec<String> {
    let decls = &reg.get(m).managers;
    if decls.is_empty() {
        vec!["objects".into()]
    } else {
        decls.iter().map(|d| d.name.clone()).collect()
    }
}

fn type_of(names: &Names, expr: &str) -> Ty {
    let reg = names.reg;
    let segs = segments(expr);
    let var = names
        .vars
        .iter()
        .find(|(n, _)| n == segs[0])
        .map(|(_, t)| *t);
    let mut ty = match (reg.by_name(segs[0]), var) {
        (_, Some(VarTy::QuerySet(m))) => Ty::QuerySet(m),
        (_, Some(VarTy::Instance(m))) => Ty::Instance(m),
        (Some(id), None) => Ty::Model(id),
        (None, None) => return Ty::Unknown,
    };
    for seg in &segs[1..] {
        let name = seg.split('(').next().unwrap_or("");
        let called = seg.contains('(');
        ty = match ty {
            Ty::Model(m) if !called && managers(reg, m).iter().any(|x| x == name) => {
                Ty::QuerySet(m)
            }
            Ty::QuerySet(m) if called && (CHAINING.contains(&name) || custom(reg, m, name)) => {
                Ty::QuerySet(m)
            }
            Ty::QuerySet(m)
                if called && matches!(name, "get" | "first" | "last" | "latest" | "earliest") =>
            {
                Ty::Instance(m)
            }
            Ty::Instance(m) if !called => instance_attr(reg, m, name),
            Ty::QuerySet(m) if !called && seg.starts_with('[') => Ty::Instance(m),
            _ => Ty::Unknown,
        };
        if ty == Ty::Unknown {
            break;
        }
    }
    ty
}

/// Custom manager methods of `m` (they return QuerySets in the sample app).
fn custom(reg: &Registry, m: ModelId, name: &str) -> bool {
    custom_methods(reg, m).iter().any(|x| x == name)
}

fn custom_methods(reg: &Registry, m: ModelId) -> Vec<String> {
    let mut out = Vec::new();
    for d in &reg.get(m).managers {
        let mut class = d.class.clone();
        while let Some(c) = class.and_then(|c| reg.manager_class(&c)) {
            out.extend(c.methods.iter().map(|x| x.name.clone()));
            class = c.base.clone();
        }
    }
    out.retain(|n| !n.starts_with('_'));
    out
}

fn instance_attr(reg: &Registry, m: ModelId, name: &str) -> Ty {
    let model = reg.get(m);
    if let Some(f) = model.field(name) {
        return match &f.relation {
            Some(r) => Ty::Instance(r.to),
            None => Ty::Unknown,
        };
    }
    if let Some(x) = model.many_to_many.iter().find(|x| x.name == name) {
        return Ty::QuerySet(x.to);
    }
    if let Some(r) = model.reverse.iter().find(|r| r.accessor == name) {
        return Ty::QuerySet(r.model);
    }
    Ty::Unknown
}

fn attributes(reg: &Registry, ty: Ty) -> Vec<String> {
    match ty {
        Ty::Model(m) => {
            let mut v = managers(reg, m);
            v.extend(["DoesNotExist", "MultipleObjectsReturned"].map(String::from));
            v
        }
        Ty::QuerySet(m) => {
            let mut v: Vec<String> = QUERYSET_METHODS.iter().map(|s| s.to_string()).collect();
            v.extend(MORE_METHODS.iter().map(|s| s.to_string()));
            v.extend(custom_methods(reg, m));
            v
        }
        Ty::Instance(m) => {
            let model = reg.get(m);
            let mut v: Vec<String> = Vec::new();
            for f in reg.concrete_fields(m) {
                v.push(f.name.clone());
                if *f.attname != *f.name {
                    v.push(str::to_owned(&f.attname));
                }
            }
            v.extend(model.many_to_many.iter().map(|x| x.name.clone()));
            v.extend(model.reverse.iter().map(|r| r.accessor.clone()));
            v.extend(model.methods.iter().map(|x| x.name.clone()));
            v.extend(["pk", "save", "delete", "refresh_from_db"].map(String::from));
            v.retain(|n| !n.starts_with('_'));
            v
        }
        Ty::Unknown => vec![],
    }
}

/// The model of the call whose `(` ends `text` and the called name:
/// `Book.objects.filter` → (Book, "filter").
fn callee(names: &Names, text: &str) -> (Option<ModelId>, String) {
    let expr = receiver(text);
    let segs = segments(expr);
    let method = segs.last().copied().unwrap_or("").to_string();
    if segs.len() < 2 {
        return (None, method);
    }
    let recv = &expr[..expr.len() - method.len() - 1];
    let model = match type_of(names, recv) {
        Ty::QuerySet(m) | Ty::Model(m) => Some(m),
        _ => None,
    };
    (model, method)
}

/// Completes a `__`-separated path from `model`: fields and relations, then after a plain field
/// its lookups and transforms. `kwarg` adds `=` after a field or lookup and `__` after a relation.
fn field_path(
    reg: &Registry,
    model: ModelId,
    text: &str,
    text_start: usize,
    kwarg: bool,
) -> (usize, Vec<String>) {
    let parts: Vec<&str> = text.split("__").collect();
    let (last, path) = parts.split_last().unwrap_or((&"", &[]));
    let mut current = model;
    let mut lookups: Option<Vec<&'static str>> = None;
    for p in path {
        if let Some(l) = &lookups {
            if !l.contains(p) {
                return (text_start, vec![]);
            }
            continue;
        }
        let m = reg.get(current);
        if let Some(f) = reg.concrete_fields(current).iter().find(|f| f.name == *p) {
            match &f.relation {
                Some(r) => current = r.to,
                None => lookups = Some(lookup_names(&f.kind)),
            }
        } else if let Some(x) = m.many_to_many.iter().find(|x| x.name == *p) {
            current = x.to;
        } else if let Some(r) = m.reverse.iter().find(|r| r.query_name == *p) {
            current = r.model;
        } else {
            return (text_start, vec![]);
        }
    }
    let start = text_start + text.len() - last.len();
    let eq = if kwarg { "=" } else { "" };
    let cands: Vec<String> = match lookups {
        Some(l) => l.iter().map(|s| format!("{s}{eq}")).collect(),
        None => {
            let m = reg.get(current);
            let mut v = Vec::new();
            let rel = if kwarg { "__" } else { "" };
            for f in reg.concrete_fields(current) {
                if f.relation.is_some() {
                    v.push(format!("{}{rel}", f.name));
                    if kwarg {
                        v.push(format!("{}{eq}", f.attname));
                    }
                } else {
                    v.push(format!("{}{eq}", f.name));
                }
            }
            v.extend(m.many_to_many.iter().map(|x| format!("{}{rel}", x.name)));
            v.extend(m.reverse.iter().map(|r| format!("{}{rel}", r.query_name)));
            if kwarg && !path.is_empty() {
                v.extend(
                    ["exact", "in", "isnull", "gt", "gte", "lt", "lte"]
                        .iter()
                        .map(|s| format!("{s}{eq}")),
                );
            }
            v
        }
    };
    (start, filter_prefix(cands, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::sample_registry;

    fn run(line: &str) -> (usize, Vec<String>) {
        let reg = sample_registry().unwrap();
        let globals = vec!["Book".to_string(), "Q".to_string(), "books".to_string()];
        let vars = vec![(
            "books".to_string(),
            VarTy::QuerySet(reg.by_name("Book").unwrap()),
        )];
        let names = Names {
            reg: &reg,
            globals: &globals,
            vars: &vars,
        };
        complete(&names, line, line.len())
    }

    #[test]
    fn never_panics() {
        let reg = sample_registry().unwrap();
        let globals = vec!["Book".to_string()];
        let names = Names {
            reg: &reg,
            globals: &globals,
            vars: &[],
        };
        let inputs = [
            "Book.objects.filter(publisher__name__in=['é', \"x\"]).order_by('-ti",
            "é.ü(ß__",
            ")))...((('\\",
            ".schema Bo",
            "x = Book.objects.get(pk=1).publisher.",
            "Book.objects.values(\"publisher__na",
            "f'{x}'.",
            "Book.objects.filter(Q(title__",
            "Book.objects.filter(price__gt=1).first().review_set.",
        ];
        for line in inputs {
            for pos in 0..=line.len() + 1 {
                let _ = complete(&names, line, pos);
                if line.is_char_boundary(pos.min(line.len())) {
                    let _ = super::super::highlight::python(line, pos, &globals);
                }
            }
            let _ = super::super::highlight::pretty_sql(line);
            let _ = super::super::highlight::sql(line);
        }
        let (_, c) = complete(&names, "Book.objects.filter(Q(title__ic", 31);
        assert_eq!(c, ["icontains="]);
        let (_, c) = complete(&names, "Book.objects.first().review_set.", 32);
        assert!(c.contains(&"filter".to_string()), "{c:?}");
    }

    #[test]
    fn contexts() {
        let (_, c) = run("Book.");
        assert!(c.contains(&"objects".to_string()), "{c:?}");
        assert!(c.contains(&"DoesNotExist".to_string()));
        let (_, c) = run("Book.objects.fil");
        assert_eq!(c, ["filter"]);
        let (_, c) = run("Book.objects.filter(x=1).ord");
        assert_eq!(c, ["order_by"]);
        let (s, c) = run("Book.objects.filter(title__ic");
        assert_eq!(c, ["icontains="]);
        assert_eq!(s, "Book.objects.filter(title__".len());
        let (_, c) = run("Book.objects.filter(publisher__");
        assert!(c.contains(&"name=".to_string()), "{c:?}");
        let (_, c) = run("Book.objects.order_by('-pub");
        assert!(c.iter().any(|x| x.starts_with("pub")), "{c:?}");
        let (_, c) = run(".sch");
        assert_eq!(c, ["schema"]);
        let (_, c) = run("boo");
        assert_eq!(c, ["books"]);
        let (_, c) = run("books.filter(pages__gt=1).exi");
        assert_eq!(c, ["exists"]);
        let (_, c) = run("books.filter(");
        assert!(!c.contains(&"Q".to_string()), "{c:?}");
    }
}
