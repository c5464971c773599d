//! Methods of `str` (and the few of `bytes`), with CPython's argument errors and edge cases
//! (`split()` vs `split(' ')`, `center`'s odd-padding rule, `title()` after apostrophes).

use std::rc::Rc;

use super::Interp;
use super::collections::str_len;
use super::value::{Args, PyResult, Value};

pub(crate) const STR_METHODS: &[&str] = &[
    "capitalize",
    "casefold",
    "center",
    "count",
    "encode",
    "endswith",
    "expandtabs",
    "find",
    "format",
    "format_map",
    "index",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isidentifier",
    "islower",
    "isnumeric",
    "isprintable",
    "isspace",
    "istitle",
    "isupper",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "partition",
    "removeprefix",
    "removesuffix",
    "replace",
    "rfind",
    "rindex",
    "rjust",
    "rpartition",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "swapcase",
    "title",
    "upper",
    "zfill",
];

pub(crate) const BYTES_METHODS: &[&str] = &["decode", "hex", "upper", "lower"];

fn sv(s: &str) -> Value {
    Value::Str(Rc::from(s))
}

/// Python's `str.isspace` characters.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\x1c'..='\x1f')
}

impl Interp {
    fn str_arg<'a>(&self, v: &'a Value, method: &str) -> PyResult<&'a str> {
        match v {
            Value::Str(s) => Ok(s),
            _ => Err(self.type_error(format!("{method} arg must be None or str"))),
        }
    }

    fn opt_str_arg<'a>(&self, v: Option<&'a Value>, method: &str) -> PyResult<Option<&'a str>> {
        match v {
            None | Some(Value::None) => Ok(None),
            Some(v) => self.str_arg(v, method).map(Some),
        }
    }

    /// Resolves `start`/`end` arguments (code point indexes, slice-clamped) to byte offsets.
    fn sub_range(
        &self,
        s: &str,
        start: Option<&Value>,
        end: Option<&Value>,
    ) -> PyResult<(usize, usize)> {
        let n = str_len(s) as i64;
        let clamp = |v: i64| -> i64 { if v < 0 { (v + n).max(0) } else { v.min(n) } };
        let get = |v: Option<&Value>, dflt: i64| -> PyResult<i64> {
            match v {
                None | Some(Value::None) => Ok(dflt),
                Some(x) => Ok(clamp(self.int_arg(x).map_err(|_| {
                    self.type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    )
                })?)),
            }
        };
        let a = get(start, 0)?;
        let b = get(end, n)?;
        let to_byte = |ci: i64| -> usize {
            if s.is_ascii() {
                ci as usize
            } else {
                s.char_indices()
                    .nth(ci as usize)
                    .map(|(b, _)| b)
                    .unwrap_or(s.len())
            }
        };
        if a > b {
            return Ok((usize::MAX, usize::MAX));
        }
        Ok((to_byte(a), to_byte(b)))
    }

    fn char_index(s: &str, byte: usize) -> i64 {
        if s.is_ascii() {
            byte as i64
        } else {
            s[..byte].chars().count() as i64
        }
    }

    pub(crate) fn str_method(
        &mut self,
        s: &Rc<str>,
        name: &str,
        args: Args,
    ) -> Option<PyResult<Value>> {
        if !STR_METHODS.contains(&name) {
            return None;
        }
        Some(self.str_method_inner(s, name, args))
    }

    fn str_method_inner(&mut self, s: &Rc<str>, name: &str, args: Args) -> PyResult<Value> {
        let p = &args.positional;
        let no_args = |it: &Interp| it.check_no_args(&args, &format!("str.{name}"));
        match name {
            "upper" => {
                no_args(self)?;
                Ok(sv(&s.to_uppercase()))
            }
            "lower" => {
                no_args(self)?;
                Ok(sv(&s.to_lowercase()))
            }
            "casefold" => {
                no_args(self)?;
                Ok(sv(&s.to_lowercase()))
            }
            "swapcase" => {
                no_args(self)?;
                let out: String = s
                    .chars()
                    .flat_map(|c| {
                        if c.is_uppercase() {
                            c.to_lowercase().collect::<Vec<_>>()
                        } else {
                            c.to_uppercase().collect::<Vec<_>>()
                        }
                    })
                    .collect();
                Ok(sv(&out))
            }
            "title" => {
                no_args(self)?;
                let mut out = String::with_capacity(s.len());
                let mut prev_cased = false;
                for c in s.chars() {
                    if prev_cased {
                        out.extend(c.to_lowercase());
                    } else {
                        out.extend(c.to_uppercase());
                    }
                    prev_cased = c.is_alphabetic();
                }
                Ok(sv(&out))
            }
            "capitalize" => {
                no_args(self)?;
                let mut cs = s.chars();
                let out: String = match cs.next() {
                    Some(f) => f
                        .to_uppercase()
                        .chain(cs.flat_map(|c| c.to_lowercase()))
                        .collect(),
                    None => String::new(),
                };
                Ok(sv(&out))
            }
            "strip" | "lstrip" | "rstrip" => {
                self.check_no_kwargs(&args, name)?;
                self.check_positional(&args, name, 0, 1)?;
                let chars = match p.first() {
                    None | Some(Value::None) => None,
                    Some(Value::Str(c)) => Some(c.clone()),
                    Some(v) => {
                        return Err(self.type_error(format!(
                            "{name} arg must be None or str, not {}",
                            v.tp_name()
                        )));
                    }
                };
                let pred = |c: char| match &chars {
                    None => is_py_space(c),
                    Some(set) => set.contains(c),
                };
                let r = match name {
                    "strip" => s.trim_matches(pred),
                    "lstrip" => s.trim_start_matches(pred),
                    _ => s.trim_end_matches(pred),
                };
                Ok(sv(r))
            }
            "split" | "rsplit" => {
                let mut a = args.clone();
                let kw = self.take_kwargs(&mut a, name, &["sep", "maxsplit"])?;
                if a.positional.len() > 2 {
                    return Err(self.type_error(format!(
                        "{name}() takes at most 2 arguments ({} given)",
                        a.positional.len()
                    )));
                }
                let sep = kw[0].clone().or_else(|| a.positional.first().cloned());
                let maxsplit = kw[1].clone().or_else(|| a.positional.get(1).cloned());
                let maxsplit = match &maxsplit {
                    None => -1,
                    Some(v) => self.int_arg(v)?,
                };
                let sep = match &sep {
                    None | Some(Value::None) => None,
                    Some(Value::Str(x)) => Some(x.clone()),
                    Some(v) => {
                        return Err(
                            self.type_error(format!("must be str or None, not {}", v.tp_name()))
                        );
                    }
                };
                let parts = match &sep {
                    Some(x) if x.is_empty() => return Err(self.value_error("empty separator")),
                    Some(x) => split_sep(s, x, maxsplit, name == "rsplit"),
                    None => split_ws(s, maxsplit, name == "rsplit"),
                };
                Ok(Value::list(parts.into_iter().map(|x| sv(&x)).collect()))
            }
            "splitlines" => {
                let mut a = args.clone();
                let kw = self.take_kwargs(&mut a, name, &["keepends"])?;
                let keep = match kw[0].clone().or_else(|| a.positional.first().cloned()) {
                    Some(v) => self.truth(&v)?,
                    None => false,
                };
                let mut out = Vec::new();
                let mut cur = String::new();
                let mut chars = s.chars().peekable();
                while let Some(c) = chars.next() {
                    let is_break = matches!(
                        c,
                        '\n' | '\r'
                            | '\x0b'
                            | '\x0c'
                            | '\x1c'
                            | '\x1d'
                            | '\x1e'
                            | '\u{85}'
                            | '\u{2028}'
                            | '\u{2029}'
                    );
                    if is_break {
                        let mut end = c.to_string();
                        if c == '\r' && chars.peek() == Some(&'\n') {
                            chars.next();
                            end.push('\n');
                        }
                        if keep {
                            cur.push_str(&end);
                        }
                        out.push(sv(&cur));
                        cur.clear();
                    } else {
                        cur.push(c);
                    }
                }
                if !cur.is_empty() {
                    out.push(sv(&cur));
                }
                Ok(Value::list(out))
            }
            "join" => {
                let x = self.exactly_one(args.clone(), "str.join")?;
                let items = match &x {
                    Value::List(_)
                    | Value::Tuple(_)
                    | Value::Str(_)
                    | Value::Dict(_)
                    | Value::Set(_)
                    | Value::Range(..)
                    | Value::Object(_) => self.iter_values(&x)?,
                    _ => return Err(self.type_error("can only join an iterable")),
                };
                let mut out = String::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(s);
                    }
                    match item {
                        Value::Str(t) => out.push_str(t),
                        v => {
                            return Err(self.type_error(format!(
                                "sequence item {i}: expected str instance, {} found",
                                v.tp_name()
                            )));
                        }
                    }
                }
                Ok(sv(&out))
            }
            "replace" => {
                self.check_no_kwargs(&args, "replace")?;
                self.check_positional(&args, "replace", 2, 3)?;
                let old = self.str_arg(&p[0], "replace")?;
                let new = self.str_arg(&p[1], "replace")?;
                let count = match p.get(2) {
                    Some(v) => self.int_arg(v)?,
                    None => -1,
                };
                let hits = if old.is_empty() {
                    str_len(s) + 1
                } else {
                    s.matches(old).count()
                };
                let hits = if count < 0 {
                    hits
                } else {
                    hits.min(count as usize)
                };
                if (s.len() as u64).saturating_add((hits as u64).saturating_mul(new.len() as u64))
                    > super::numbers::MAX_SEQ_BYTES
                {
                    return Err(self.memory_error());
                }
                let r = if count < 0 {
                    s.replace(old, new)
                } else {
                    s.replacen(old, new, count as usize)
                };
                Ok(sv(&r))
            }
            "startswith" | "endswith" => {
                self.check_no_kwargs(&args, name)?;
                self.check_positional(&args, name, 1, 3)?;
                let (a, b) = self.sub_range(s, p.get(1), p.get(2))?;
                if a == usize::MAX {
                    return Ok(Value::Bool(false));
                }
                let hay = &s[a..b];
                let test = |x: &str| {
                    if name == "startswith" {
                        hay.starts_with(x)
                    } else {
                        hay.ends_with(x)
                    }
                };
                match &p[0] {
                    Value::Str(x) => Ok(Value::Bool(test(x))),
                    Value::Tuple(t) => {
                        for x in t.iter() {
                            match x {
                                Value::Str(x) => {
                                    if test(x) {
                                        return Ok(Value::Bool(true));
                                    }
                                }
                                v => {
                                    return Err(self.type_error(format!(
                                        "tuple for {name} must only contain str, not {}",
                                        v.tp_name()
                                    )));
                                }
                            }
                        }
                        Ok(Value::Bool(false))
                    }
                    v => Err(self.type_error(format!(
                        "{name} first arg must be str or a tuple of str, not {}",
                        v.tp_name()
                    ))),
                }
            }
            "find" | "rfind" | "index" | "rindex" | "count" => {
                self.check_no_kwargs(&args, name)?;
                self.check_clinic(&args, name, 1, 3)?;
                let sub = match &p[0] {
                    Value::Str(x) => x.clone(),
                    v => {
                        return Err(self.type_error(format!("must be str, not {}", v.tp_name())));
                    }
                };
                let (a, b) = self.sub_range(s, p.get(1), p.get(2))?;
                if name == "count" {
                    if a == usize::MAX {
                        return Ok(Value::Int(0));
                    }
                    let hay = &s[a..b];
                    let n = if sub.is_empty() {
                        str_len(hay) + 1
                    } else {
                        hay.matches(&*sub).count()
                    };
                    return Ok(Value::Int(n as i64));
                }
                let found = if a == usize::MAX {
                    None
                } else {
                    let hay = &s[a..b];
                    let r = if name.starts_with('r') {
                        hay.rfind(&*sub)
                    } else {
                        hay.find(&*sub)
                    };
                    r.map(|i| Self::char_index(s, a + i))
                };
                match found {
                    Some(i) => Ok(Value::Int(i)),
                    None if name.ends_with("index") => Err(self.value_error("substring not found")),
                    None => Ok(Value::Int(-1)),
                }
            }
            "format" => Ok(sv(&self.str_format(s, &args)?)),
            "format_map" => {
                let m = self.exactly_one(args.clone(), "str.format_map")?;
                let mut kw = Args::default();
                if let Value::Dict(d) = &m {
                    for (k, v) in d.borrow().entries.iter() {
                        if let Value::Str(k) = k {
                            kw.keywords.push((k.clone(), v.clone()));
                        }
                    }
                }
                Ok(sv(&self.str_format(s, &kw)?))
            }
            "isdigit" | "isdecimal" | "isnumeric" | "isalpha" | "isalnum" | "isspace"
            | "isascii" | "isprintable" | "isidentifier" => {
                no_args(self)?;
                let all = |f: &dyn Fn(char) -> bool| !s.is_empty() && s.chars().all(f);
                let r = match name {
                    "isdigit" | "isdecimal" => all(&|c: char| {
                        c.is_ascii_digit() || super::builtins::unicode_decimal(c).is_some()
                    }),
                    "isnumeric" => all(&|c: char| c.is_numeric()),
                    "isalpha" => all(&|c: char| c.is_alphabetic()),
                    "isalnum" => all(&|c: char| c.is_alphanumeric()),
                    "isspace" => all(&is_py_space),
                    "isascii" => s.is_ascii(),
                    "isprintable" => s.chars().all(|c| {
                        if (c as u32) < 0x7f {
                            c >= ' '
                        } else {
                            super::repr::is_printable(c)
                        }
                    }),
                    _ => {
                        let mut cs = s.chars();
                        match cs.next() {
                            Some(f) => {
                                (f == '_' || f.is_alphabetic())
                                    && cs.all(|c| c == '_' || c.is_alphanumeric())
                            }
                            None => false,
                        }
                    }
                };
                Ok(Value::Bool(r))
            }
            "isupper" | "islower" => {
                no_args(self)?;
                let mut cased = false;
                for c in s.chars() {
                    if c.is_uppercase() {
                        if name == "islower" {
                            return Ok(Value::Bool(false));
                        }
                        cased = true;
                    } else if c.is_lowercase() {
                        if name == "isupper" {
                            return Ok(Value::Bool(false));
                        }
                        cased = true;
                    }
                }
                Ok(Value::Bool(cased))
            }
            "istitle" => {
                no_args(self)?;
                let title = match self.str_method_inner(s, "title", Args::default())? {
                    Value::Str(t) => t,
                    _ => return Ok(Value::Bool(false)),
                };
                Ok(Value::Bool(
                    s.chars().any(|c| c.is_alphabetic()) && *title == **s,
                ))
            }
            "zfill" => {
                let w = self.exactly_one(args.clone(), "str.zfill")?;
                let w = self.int_arg(&w)?;
                let n = str_len(s) as i64;
                if w <= n {
                    return Ok(Value::Str(s.clone()));
                }
                if w as u64 > super::numbers::MAX_SEQ_BYTES {
                    return Err(self.memory_error());
                }
                let fill = "0".repeat((w - n) as usize);
                let r = match s.chars().next() {
                    Some(c @ ('+' | '-')) => format!("{c}{fill}{}", &s[1..]),
                    _ => format!("{fill}{s}"),
                };
                Ok(sv(&r))
            }
            "center" | "ljust" | "rjust" => {
                self.check_no_kwargs(&args, name)?;
                self.check_positional(&args, name, 1, 2)?;
                let w = self.int_arg(&p[0])?;
                let fill = match p.get(1) {
                    None => ' ',
                    Some(Value::Str(f)) if f.chars().count() == 1 => {
                        f.chars().next().unwrap_or(' ')
                    }
                    Some(Value::Str(_)) => {
                        return Err(self
                            .type_error("The fill character must be exactly one character long"));
                    }
                    Some(v) => {
                        return Err(self.type_error(format!(
                            "{name}() argument 2 must be str of length 1, not {}",
                            v.tp_name()
                        )));
                    }
                };
                let n = str_len(s) as i64;
                if w <= n {
                    return Ok(Value::Str(s.clone()));
                }
                if (w as u64) > super::numbers::MAX_SEQ_BYTES {
                    return Err(self.memory_error());
                }
                let marg = w - n;
                let left = match name {
                    "ljust" => 0,
                    "rjust" => marg,
                    _ => marg / 2 + (marg & w & 1),
                };
                let f = |k: i64| std::iter::repeat_n(fill, k as usize).collect::<String>();
                Ok(sv(&format!("{}{s}{}", f(left), f(marg - left))))
            }
            "partition" | "rpartition" => {
                let sep = self.exactly_one(args.clone(), &format!("str.{name}"))?;
                let sep = match &sep {
                    Value::Str(x) => x.clone(),
                    v => return Err(self.type_error(format!("must be str, not {}", v.tp_name()))),
                };
                if sep.is_empty() {
                    return Err(self.value_error("empty separator"));
                }
                let found = if name == "partition" {
                    s.find(&*sep)
                } else {
                    s.rfind(&*sep)
                };
                let t = match found {
                    Some(i) => vec![
                        sv(&s[..i]),
                        Value::Str(sep.clone()),
                        sv(&s[i + sep.len()..]),
                    ],
                    None if name == "partition" => vec![Value::Str(s.clone()), sv(""), sv("")],
                    None => vec![sv(""), sv(""), Value::Str(s.clone())],
                };
                Ok(Value::tuple(t))
            }
            "removeprefix" | "removesuffix" => {
                let x = self.exactly_one(args.clone(), &format!("str.{name}"))?;
                let x = match &x {
                    Value::Str(x) => x.clone(),
                    v => {
                        return Err(self.type_error(format!(
                            "{name}() argument must be str, not {}",
                            v.tp_name()
                        )));
                    }
                };
                let r = if name == "removeprefix" {
                    s.strip_prefix(&*x)
                } else {
                    s.strip_suffix(&*x)
                };
                Ok(sv(r.unwrap_or(s)))
            }
            "expandtabs" => {
                let size = match p.first() {
                    Some(v) => self.int_arg(v)?,
                    None => 8,
                };
                let tabs = s.matches('\t').count() as u64;
                if tabs.saturating_mul(size.max(0) as u64) > super::numbers::MAX_SEQ_BYTES {
                    return Err(self.memory_error());
                }
                let mut out = String::new();
                let mut col = 0i64;
                for c in s.chars() {
                    match c {
                        '\t' => {
                            if size > 0 {
                                let k = size - col % size;
                                out.extend(std::iter::repeat_n(' ', k as usize));
                                col += k;
                            }
                        }
                        '\n' | '\r' => {
                            out.push(c);
                            col = 0;
                        }
                        c => {
                            out.push(c);
                            col += 1;
                        }
                    }
                }
                Ok(sv(&out))
            }
            "encode" => {
                let mut a = args.clone();
                let kw = self.take_kwargs(&mut a, "encode", &["encoding", "errors"])?;
                let enc = kw[0].clone().or_else(|| a.positional.first().cloned());
                let enc = self
                    .opt_str_arg(enc.as_ref(), "encode")?
                    .unwrap_or("utf-8")
                    .to_lowercase()
                    .replace('_', "-");
                match enc.as_str() {
                    "utf-8" | "utf8" => Ok(Value::Bytes(Rc::from(s.as_bytes()))),
                    "ascii" | "latin-1" | "latin1" | "iso-8859-1" => {
                        let limit = if enc == "ascii" { 0x80 } else { 0x100 };
                        let mut out = Vec::with_capacity(s.len());
                        for (i, c) in s.chars().enumerate() {
                            if (c as u32) < limit {
                                out.push(c as u32 as u8);
                            } else {
                                return Err(self.new_exception(
                                    self.exc_class("UnicodeEncodeError"),
                                    format!(
                                        "'{}' codec can't encode character '\\x{:02x}' in position {i}: ordinal not in range({limit})",
                                        if enc == "ascii" { "ascii" } else { "latin-1" },
                                        c as u32
                                    ),
                                ));
                            }
                        }
                        Ok(Value::Bytes(Rc::from(out)))
                    }
                    "rot13" | "rot-13" | "base64" | "hex" | "zlib" | "bz2" | "quopri" | "uu" => Err(self.new_exception(
                        self.exc_class("LookupError"),
                        format!("'{other}' is not a text encoding; use codecs.encode() to handle arbitrary codecs", other = enc.replace('-', "_")),
                    )),
                    other => Err(self.new_exception(self.exc_class("LookupError"), format!("unknown encoding: {other}"))),
                }
            }
            _ => Err(self.attribute_error("str", name)),
        }
    }

    pub(crate) fn bytes_method(
        &mut self,
        b: &Rc<[u8]>,
        name: &str,
        args: Args,
    ) -> Option<PyResult<Value>> {
        match name {
            "decode" => Some((|| {
                let mut a = args.clone();
                let kw = self.take_kwargs(&mut a, "decode", &["encoding", "errors"])?;
                let enc = kw[0].clone().or_else(|| a.positional.first().cloned());
                let enc = self
                    .opt_str_arg(enc.as_ref(), "decode")?
                    .unwrap_or("utf-8")
                    .to_lowercase();
                match enc.as_str() {
                    "latin-1" | "latin1" | "iso-8859-1" => {
                        Ok(sv(&b.iter().map(|&x| x as char).collect::<String>()))
                    }
                    _ => match std::str::from_utf8(b) {
                        Ok(s) => Ok(sv(s)),
                        Err(e) => {
                            let pos = e.valid_up_to();
                            Err(self.new_exception(
                                self.exc_class("UnicodeDecodeError"),
                                format!(
                                    "'utf-8' codec can't decode byte 0x{:02x} in position {pos}: invalid start byte",
                                    b.get(pos).copied().unwrap_or(0)
                                ),
                            ))
                        }
                    },
                }
            })()),
            "hex" => Some(Ok(sv(&b
                .iter()
                .map(|x| format!("{x:02x}"))
                .collect::<String>()))),
            "upper" => Some(Ok(Value::Bytes(Rc::from(b.to_ascii_uppercase())))),
            "lower" => Some(Ok(Value::Bytes(Rc::from(b.to_ascii_lowercase())))),
            _ => None,
        }
    }
}

fn split_sep(s: &str, sep: &str, maxsplit: i64, from_right: bool) -> Vec<String> {
    if maxsplit < 0 {
        return s.split(sep).map(String::from).collect();
    }
    if from_right {
        let mut v: Vec<String> = s
            .rsplitn(maxsplit as usize + 1, sep)
            .map(String::from)
            .collect();
        v.reverse();
        v
    } else {
        s.splitn(maxsplit as usize + 1, sep)
            .map(String::from)
            .collect()
    }
}

fn split_ws(s: &str, maxsplit: i64, from_right: bool) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    if !from_right {
        let mut i = 0;
        let mut splits = 0;
        while i < chars.len() {
            while i < chars.len() && is_py_space(chars[i]) {
                i += 1;
            }
            if i >= chars.len() {
                break;
            }
            if maxsplit >= 0 && splits >= maxsplit {
                let rest: String = chars[i..].iter().collect();
                out.push(rest.trim_end_matches(is_py_space).to_string());
                break;
            }
            let start = i;
            while i < chars.len() && !is_py_space(chars[i]) {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
            splits += 1;
        }
    } else {
        let mut i = chars.len();
        let mut splits = 0;
        while i > 0 {
            while i > 0 && is_py_space(chars[i - 1]) {
                i -= 1;
            }
            if i == 0 {
                break;
            }
            if maxsplit >= 0 && splits >= maxsplit {
                let rest: String = chars[..i].iter().collect();
                out.push(rest.trim_start_matches(is_py_space).to_string());
                break;
            }
            let end = i;
            while i > 0 && !is_py_space(chars[i - 1]) {
                i -= 1;
            }
            out.push(chars[i..end].iter().collect());
            splits += 1;
        }
        out.reverse();
    }
    out
}
