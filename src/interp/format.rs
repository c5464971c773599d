//! Formatting: the format-spec mini-language (`format()`, f-strings, `str.format`) for int,
//! float, str, Decimal and dates; printf-style `str % args`; and `str.format` field parsing.

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::Signed;

use super::Interp;
use super::numbers::to_big;
use super::repr::shortest_digits;
use super::value::{Args, PyResult, Value};

/// A parsed `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub z: bool,
    pub alt: bool,
    pub zero: bool,
    pub width: usize,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

impl Interp {
    pub(crate) fn parse_spec(&self, spec: &str, type_name: &str) -> PyResult<Spec> {
        let chars: Vec<char> = spec.chars().collect();
        let mut s = Spec::default();
        let mut i = 0;
        let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
        if chars.len() >= 2 && is_align(chars[1]) {
            s.fill = Some(chars[0]);
            s.align = Some(chars[1]);
            i = 2;
        } else if !chars.is_empty() && is_align(chars[0]) {
            s.align = Some(chars[0]);
            i = 1;
        }
        if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
            s.sign = Some(chars[i]);
            i += 1;
        }
        if i < chars.len() && chars[i] == 'z' {
            s.z = true;
            i += 1;
        }
        if i < chars.len() && chars[i] == '#' {
            s.alt = true;
            i += 1;
        }
        if i < chars.len() && chars[i] == '0' {
            s.zero = true;
            i += 1;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i > start {
            let w: String = chars[start..i].iter().collect();
            s.width = w
                .parse()
                .map_err(|_| self.value_error("Too many decimal digits in format string"))?;
        }
        if i < chars.len() && matches!(chars[i], ',' | '_') {
            s.grouping = Some(chars[i]);
            i += 1;
            if i < chars.len() && matches!(chars[i], ',' | '_') {
                return Err(self.value_error("Cannot specify both ',' and '_'."));
            }
        }
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return Err(self.value_error("Format specifier missing precision"));
            }
            let p: String = chars[start..i].iter().collect();
            s.precision = Some(
                p.parse()
                    .map_err(|_| self.value_error("Too many decimal digits in format string"))?,
            );
        }
        // Widths and precisions beyond what can be built raise rather than abort on allocation.
        if s.width as u64 > super::numbers::MAX_SEQ_BYTES
            || s.precision.is_some_and(|p| p > 1 << 24)
        {
            return Err(self.memory_error());
        }
        if i < chars.len() {
            if i + 1 < chars.len() {
                return Err(self.value_error(format!(
                    "Invalid format specifier '{spec}' for object of type '{type_name}'"
                )));
            }
            s.ty = Some(chars[i]);
        }
        // The `0` flag: zero fill, and for numbers (not strings) padding after the sign.
        if s.zero && s.fill.is_none() {
            s.fill = Some('0');
        }
        Ok(s)
    }

    /// `format(v, spec)`.
    pub(crate) fn format_with_spec(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        match v {
            Value::Str(s) => {
                if spec.is_empty() {
                    return Ok(s.to_string());
                }
                let sp = self.parse_spec(spec, "str")?;
                self.format_str(s, &sp)
            }
            Value::Int(_) | Value::BigInt(_) => {
                if spec.is_empty() {
                    return self.repr_value(v);
                }
                let sp = self.parse_spec(spec, "int")?;
                self.format_int(&to_big(v).unwrap_or_default(), &sp)
            }
            Value::Bool(b) => {
                if spec.is_empty() {
                    return Ok(if *b { "True" } else { "False" }.into());
                }
                let sp = self.parse_spec(spec, "bool")?;
                self.format_int(&BigInt::from(*b as i64), &sp)
            }
            Value::Float(f) => {
                if spec.is_empty() {
                    return Ok(super::repr::float_repr(*f));
                }
                let sp = self.parse_spec(spec, "float")?;
                self.format_float(*f, &sp, "float")
            }
            Value::Decimal(d) => {
                if spec.is_empty() {
                    return Ok(super::decimal::decimal_str(d));
                }
                let sp = self.parse_spec(spec, "decimal.Decimal")?;
                self.format_decimal(d, &sp)
            }
            Value::Date(_) | Value::DateTime(..) | Value::Time(_) => {
                if spec.is_empty() {
                    return self.str_value(v);
                }
                self.strftime(v, spec)
            }
            Value::Object(o) if o.has_method("__format__") => {
                let r = o.call_method(o, "__format__", Args::new(vec![Value::str(spec)]), self)?;
                self.str_value(&r)
            }
            _ => {
                if spec.is_empty() {
                    return self.str_value(v);
                }
                Err(self.type_error(format!(
                    "unsupported format string passed to {}.__format__",
                    v.type_name()
                )))
            }
        }
    }

    fn format_str(&self, s: &str, sp: &Spec) -> PyResult<String> {
        match sp.ty {
            None | Some('s') => {}
            Some(c) => {
                return Err(self.value_error(format!(
                    "Unknown format code '{c}' for object of type 'str'"
                )));
            }
        }
        if sp.sign.is_some() {
            return Err(self.value_error("Sign not allowed in string format specifier"));
        }
        if sp.alt {
            return Err(
                self.value_error("Alternate form (#) not allowed in string format specifier")
            );
        }
        if let Some(g) = sp.grouping {
            return Err(self.value_error(format!("Cannot specify '{g}' with 's'.")));
        }
        if sp.align == Some('=') {
            return Err(self.value_error("'=' alignment not allowed in string format specifier"));
        }
        let body: String = match sp.precision {
            Some(p) => s.chars().take(p).collect(),
            None => s.to_string(),
        };
        Ok(pad(&body, "", sp, '<'))
    }

    fn format_int(&mut self, n: &BigInt, sp: &Spec) -> PyResult<String> {
        let ty = sp.ty.unwrap_or('d');
        match ty {
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
                let f = match super::numbers::big_to_f64(n) {
                    Some(f) => f,
                    None => return Err(self.overflow_error("int too large to convert to float")),
                };
                return self.format_float(f, sp, "int");
            }
            'd' | 'n' | 'b' | 'o' | 'x' | 'X' | 'c' => {}
            c => {
                return Err(self.value_error(format!(
                    "Unknown format code '{c}' for object of type 'int'"
                )));
            }
        }
        if sp.precision.is_some() {
            return Err(self.value_error("Precision not allowed in integer format specifier"));
        }
        if ty == 'c' {
            if sp.sign.is_some() {
                return Err(self.value_error("Sign not allowed with integer format specifier 'c'"));
            }
            let c = n.try_into().ok().and_then(|u: u32| char::from_u32(u));
            let Some(c) = c else {
                return Err(self.overflow_error("%c arg not in range(0x110000)"));
            };
            return Ok(pad(&c.to_string(), "", sp, '>'));
        }
        if let Some(g) = sp.grouping
            && ty == 'n'
        {
            return Err(self.value_error(format!("Cannot specify '{g}' with 'n'.")));
        }
        let mag = n.abs();
        let (digits, prefix) = match ty {
            'b' => (mag.to_str_radix(2), "0b"),
            'o' => (mag.to_str_radix(8), "0o"),
            'x' => (mag.to_str_radix(16), "0x"),
            'X' => (mag.to_str_radix(16).to_uppercase(), "0X"),
            _ => (self.big_to_string(&mag)?, ""),
        };
        let digits = match sp.grouping {
            Some(g) => {
                let every = if matches!(ty, 'b' | 'o' | 'x' | 'X') {
                    4
                } else {
                    3
                };
                if g == ',' && every == 4 {
                    return Err(self.value_error(format!("Cannot specify ',' with '{ty}'.")));
                }
                group(&digits, g, every)
            }
            None => digits,
        };
        let sign = sign_str(n.is_negative(), sp.sign);
        let prefix = if sp.alt { prefix } else { "" };
        Ok(pad_number(&format!("{sign}{prefix}"), &digits, sp))
    }

    pub(crate) fn format_float(&self, f: f64, sp: &Spec, type_name: &str) -> PyResult<String> {
        let ty = sp.ty;
        if let Some(c) = ty
            && !matches!(c, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n')
        {
            return Err(self.value_error(format!(
                "Unknown format code '{c}' for object of type '{type_name}'"
            )));
        }
        let mut f = f;
        if sp.z && f == 0.0 {
            f = 0.0;
        }
        let neg = f.is_sign_negative() && !(sp.z && f == 0.0) && !f.is_nan();
        let a = f.abs();
        let mut body = if !a.is_finite() {
            let s = if a.is_nan() { "nan" } else { "inf" };
            if matches!(ty, Some('E' | 'F' | 'G')) {
                s.to_uppercase()
            } else {
                s.to_string()
            }
        } else {
            match ty {
                Some('f' | 'F') => format!("{:.*}", sp.precision.unwrap_or(6), a),
                Some('%') => format!("{:.*}%", sp.precision.unwrap_or(6), a * 100.0),
                Some('e' | 'E') => {
                    let s = sci(a, sp.precision.unwrap_or(6), sp.alt);
                    if ty == Some('E') { s.to_uppercase() } else { s }
                }
                Some('g' | 'G' | 'n') => {
                    let s = general(a, sp.precision.unwrap_or(6), sp.alt, false);
                    if ty == Some('G') { s.to_uppercase() } else { s }
                }
                None => match sp.precision {
                    None => {
                        let r = super::repr::float_repr(a);
                        r.trim_start_matches('-').to_string()
                    }
                    Some(p) => general(a, p, sp.alt, true),
                },
                Some(_) => String::new(),
            }
        };
        if sp.alt && matches!(ty, Some('f' | 'F' | '%')) && !body.contains('.') && a.is_finite() {
            if let Some(stripped) = body.strip_suffix('%') {
                body = format!("{stripped}.%");
            } else {
                body.push('.');
            }
        }
        if let Some(g) = sp.grouping {
            // Group the integer part only.
            let end = body
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(body.len());
            let (int_part, rest) = body.split_at(end);
            body = format!("{}{}", group(int_part, g, 3), rest);
        }
        let sign = sign_str(neg, sp.sign);
        Ok(pad_number(sign, &body, sp))
    }

    fn format_decimal(&mut self, d: &rust_decimal::Decimal, sp: &Spec) -> PyResult<String> {
        match sp.ty {
            Some('f' | 'F') | None if sp.ty.is_some() || sp.precision.is_none() => {
                let text = match sp.ty {
                    Some(_) => {
                        let p = sp.precision.unwrap_or(d.scale() as usize).min(28);
                        let r = d.round_dp_with_strategy(
                            p as u32,
                            rust_decimal::RoundingStrategy::MidpointNearestEven,
                        );
                        let mut s = super::decimal::decimal_plain(&r.abs());
                        let cur = s.split_once('.').map(|(_, f)| f.len()).unwrap_or(0);
                        if p > cur {
                            if cur == 0 {
                                s.push('.');
                            }
                            for _ in cur..p {
                                s.push('0');
                            }
                        }
                        s
                    }
                    None => super::decimal::decimal_str(&d.abs()),
                };
                let mut body = text;
                if let Some(g) = sp.grouping {
                    let end = body
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(body.len());
                    let (int_part, rest) = body.split_at(end);
                    body = format!("{}{}", group(int_part, g, 3), rest);
                }
                let neg = d.is_sign_negative() && !(sp.z && d.is_zero());
                let sign = sign_str(neg, sp.sign);
                let mut sp2 = sp.clone();
                if sp2.align.is_none() {
                    sp2.align = Some('>');
                }
                Ok(pad_number(sign, &body, &sp2))
            }
            _ => {
                use rust_decimal::prelude::ToPrimitive;
                let f = d.to_f64().unwrap_or(0.0);
                self.format_float(f, sp, "decimal.Decimal")
            }
        }
    }

    // ------------------------------------------------------------ printf-style

    /// `fmt % args`.
    pub(crate) fn percent_format(&mut self, fmt: &str, args: &Value) -> PyResult<Value> {
        let (items, mapping): (Vec<Value>, Option<Value>) = match args {
            Value::Tuple(t) => (t.to_vec(), None),
            Value::Dict(_) => (vec![args.clone()], Some(args.clone())),
            Value::Object(_) => (vec![args.clone()], Some(args.clone())),
            other => (vec![other.clone()], None),
        };
        let is_tuple = matches!(args, Value::Tuple(_));
        let chars: Vec<char> = fmt.chars().collect();
        let mut out = String::new();
        let mut next = 0usize;
        let mut used_mapping = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            if i >= chars.len() {
                return Err(self.value_error("incomplete format"));
            }
            let mut key: Option<String> = None;
            if chars[i] == '(' {
                let mut depth = 1;
                let ks = i + 1;
                i += 1;
                while i < chars.len() && depth > 0 {
                    match chars[i] {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                if depth > 0 {
                    return Err(self.value_error("incomplete format key"));
                }
                key = Some(chars[ks..i - 1].iter().collect());
            }
            let mut sp = Spec::default();
            let mut left = false;
            while i < chars.len() && matches!(chars[i], '-' | '+' | ' ' | '#' | '0') {
                match chars[i] {
                    '-' => left = true,
                    '+' => sp.sign = Some('+'),
                    ' ' => {
                        if sp.sign.is_none() {
                            sp.sign = Some(' ')
                        }
                    }
                    '#' => sp.alt = true,
                    _ => sp.zero = true,
                }
                i += 1;
            }
            let mut take_arg = |it: &mut Interp, next: &mut usize| -> PyResult<Value> {
                if let Some(k) = &key {
                    let Some(m) = &mapping else {
                        return Err(it.type_error("format requires a mapping"));
                    };
                    used_mapping = true;
                    return it.get_item(m, &Value::str(k));
                }
                match items.get(*next) {
                    Some(v) => {
                        *next += 1;
                        Ok(v.clone())
                    }
                    None => Err(it.type_error("not enough arguments for format string")),
                }
            };
            if i < chars.len() && chars[i] == '*' {
                let w = take_arg(self, &mut next)?;
                let w = self
                    .int_arg(&w)
                    .map_err(|_| self.type_error("* wants int"))?;
                if w < 0 {
                    left = true;
                }
                sp.width = w.unsigned_abs() as usize;
                i += 1;
            } else {
                let ws = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                if i > ws {
                    sp.width = chars[ws..i].iter().collect::<String>().parse().unwrap_or(0);
                }
            }
            if i < chars.len() && chars[i] == '.' {
                i += 1;
                if i < chars.len() && chars[i] == '*' {
                    let p = take_arg(self, &mut next)?;
                    sp.precision = Some(self.int_arg(&p)?.max(0) as usize);
                    i += 1;
                } else {
                    let ps = i;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                    sp.precision =
                        Some(chars[ps..i].iter().collect::<String>().parse().unwrap_or(0));
                }
            }
            if sp.width as u64 > super::numbers::MAX_SEQ_BYTES
                || sp.precision.is_some_and(|p| p > 1 << 24)
            {
                return Err(self.memory_error());
            }
            while i < chars.len() && matches!(chars[i], 'h' | 'l' | 'L') {
                i += 1;
            }
            if i >= chars.len() {
                return Err(self.value_error("incomplete format"));
            }
            let conv = chars[i];
            i += 1;
            if conv == '%' {
                out.push('%');
                continue;
            }
            sp.align = Some(if left { '<' } else { '>' });
            if sp.zero && !left {
                sp.fill = Some('0');
                sp.align = Some('=');
            }
            let arg = take_arg(self, &mut next)?;
            let piece = match conv {
                's' | 'r' | 'a' => {
                    let s = match conv {
                        's' => self.str_value(&arg)?,
                        'r' => self.repr_value(&arg)?,
                        _ => self.ascii_value(&arg)?,
                    };
                    let s: String = match sp.precision {
                        Some(p) => s.chars().take(p).collect(),
                        None => s,
                    };
                    let mut sp2 = sp.clone();
                    sp2.fill = None;
                    if sp2.align == Some('=') {
                        sp2.align = Some('>');
                    }
                    pad(&s, "", &sp2, '>')
                }
                'd' | 'i' | 'u' => {
                    let n = match &arg {
                        Value::Float(f) => {
                            if !f.is_finite() {
                                return Err(
                                    self.overflow_error("cannot convert float infinity to integer")
                                );
                            }
                            to_big(&super::numbers::float_to_int_value(f.trunc()))
                                .unwrap_or_default()
                        }
                        Value::Decimal(d) => {
                            use rust_decimal::prelude::ToPrimitive;
                            BigInt::from(d.trunc().to_i128().unwrap_or(0))
                        }
                        v => match to_big(v) {
                            Some(b) => b,
                            None => {
                                return Err(self.type_error(format!(
                                    "%{conv} format: a real number is required, not {}",
                                    v.tp_name()
                                )));
                            }
                        },
                    };
                    let mut sp2 = sp.clone();
                    sp2.ty = Some('d');
                    let prec = sp2.precision.take();
                    let mut digits = self.big_to_string(&n.abs())?;
                    if let Some(p) = prec {
                        while digits.len() < p {
                            digits.insert(0, '0');
                        }
                    }
                    pad_number(sign_str(n.is_negative(), sp2.sign), &digits, &sp2)
                }
                'x' | 'X' | 'o' => {
                    let Some(n) = to_big(&arg) else {
                        return Err(self.type_error(format!(
                            "%{conv} format: an integer is required, not {}",
                            arg.tp_name()
                        )));
                    };
                    let mut digits = n.abs().to_str_radix(if conv == 'o' { 8 } else { 16 });
                    if conv == 'X' {
                        digits = digits.to_uppercase();
                    }
                    if let Some(p) = sp.precision {
                        while digits.len() < p {
                            digits.insert(0, '0');
                        }
                    }
                    let prefix = if sp.alt {
                        match conv {
                            'o' => "0o",
                            'x' => "0x",
                            _ => "0X",
                        }
                    } else {
                        ""
                    };
                    pad_number(
                        &format!("{}{prefix}", sign_str(n.is_negative(), sp.sign)),
                        &digits,
                        &sp,
                    )
                }
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                    let f = match &arg {
                        Value::Decimal(d) => {
                            use rust_decimal::prelude::ToPrimitive;
                            d.to_f64().unwrap_or(0.0)
                        }
                        v => match self.to_f64(v)? {
                            Some(f) => f,
                            None => {
                                return Err(self.type_error(format!(
                                    "must be real number, not {}",
                                    v.tp_name()
                                )));
                            }
                        },
                    };
                    let mut sp2 = sp.clone();
                    sp2.ty = Some(conv);
                    if sp2.precision.is_none() {
                        sp2.precision = Some(6);
                    }
                    self.format_float(f, &sp2, "float")?
                }
                'c' => {
                    let c = match &arg {
                        Value::Str(s) if s.chars().count() == 1 => s.to_string(),
                        Value::Str(_) => return Err(self.type_error("%c requires int or char")),
                        v => match v
                            .as_i64()
                            .and_then(|i| u32::try_from(i).ok())
                            .and_then(char::from_u32)
                        {
                            Some(c) => c.to_string(),
                            None if is_int_like(v) => {
                                return Err(self.overflow_error("%c arg not in range(0x110000)"));
                            }
                            None => return Err(self.type_error("%c requires int or char")),
                        },
                    };
                    let mut sp2 = sp.clone();
                    sp2.fill = None;
                    pad(&c, "", &sp2, '>')
                }
                other => {
                    return Err(self.value_error(format!(
                        "unsupported format character '{other}' ({:#x}) at index {}",
                        other as u32,
                        i - 1
                    )));
                }
            };
            let _ = start;
            out.push_str(&piece);
        }
        if is_tuple && next < items.len() {
            return Err(self.type_error("not all arguments converted during string formatting"));
        }
        if !is_tuple && mapping.is_none() && next == 0 && !items.is_empty() {
            return Err(self.type_error("not all arguments converted during string formatting"));
        }
        if mapping.is_some()
            && !used_mapping
            && next == 0
            && !matches!(args, Value::Dict(_) | Value::Object(_))
        {
            return Err(self.type_error("not all arguments converted during string formatting"));
        }
        Ok(Value::Str(Rc::from(out.as_str())))
    }

    // ------------------------------------------------------------ str.format

    /// `fmt.format(*args, **kwargs)`.
    pub(crate) fn str_format(&mut self, fmt: &str, args: &Args) -> PyResult<String> {
        let mut auto = 0usize;
        let mut mode: Option<bool> = None; // Some(true) = automatic numbering
        self.str_format_inner(fmt, args, &mut auto, &mut mode, 0)
    }

    fn str_format_inner(
        &mut self,
        fmt: &str,
        args: &Args,
        auto: &mut usize,
        mode: &mut Option<bool>,
        depth: usize,
    ) -> PyResult<String> {
        if depth > 2 {
            return Err(self.value_error("Max string recursion exceeded"));
        }
        let chars: Vec<char> = fmt.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '}' {
                if i + 1 < chars.len() && chars[i + 1] == '}' {
                    out.push('}');
                    i += 2;
                    continue;
                }
                return Err(self.value_error("Single '}' encountered in format string"));
            }
            if c != '{' {
                out.push(c);
                i += 1;
                continue;
            }
            if i + 1 < chars.len() && chars[i + 1] == '{' {
                out.push('{');
                i += 2;
                continue;
            }
            // Find the matching '}' (nested braces allowed in the spec).
            let mut depth_b = 1;
            let mut j = i + 1;
            while j < chars.len() {
                match chars[j] {
                    '{' => depth_b += 1,
                    '}' => {
                        depth_b -= 1;
                        if depth_b == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err(self.value_error(if i + 1 >= chars.len() {
                    "Single '{' encountered in format string"
                } else {
                    "expected '}' before end of string"
                }));
            }
            let field: String = chars[i + 1..j].iter().collect();
            i = j + 1;
            // Split field name, conversion and spec.
            let (name_conv, spec) = match find_top_level(&field, ':') {
                Some(k) => (&field[..k], &field[k + 1..]),
                None => (field.as_str(), ""),
            };
            let (name, conv) = match name_conv.find('!') {
                Some(k) => {
                    let conv = &name_conv[k + 1..];
                    if conv.chars().count() != 1 {
                        return Err(self.value_error("expected ':' after conversion specifier"));
                    }
                    (&name_conv[..k], conv.chars().next())
                }
                None => (name_conv, None),
            };
            let value = self.format_field(name, args, auto, mode)?;
            let value = match conv {
                None => value,
                Some('r') => Value::Str(Rc::from(self.repr_value(&value)?.as_str())),
                Some('s') => Value::Str(Rc::from(self.str_value(&value)?.as_str())),
                Some('a') => Value::Str(Rc::from(self.ascii_value(&value)?.as_str())),
                Some(c) => {
                    return Err(self.value_error(format!("Unknown conversion specifier {c}")));
                }
            };
            let spec = if spec.contains('{') {
                self.str_format_inner(spec, args, auto, mode, depth + 1)?
            } else {
                spec.to_string()
            };
            out.push_str(&self.format_with_spec(&value, &spec)?);
        }
        Ok(out)
    }

    fn format_field(
        &mut self,
        name: &str,
        args: &Args,
        auto: &mut usize,
        mode: &mut Option<bool>,
    ) -> PyResult<Value> {
        // First part up to '.' or '['.
        let end = name.find(['.', '[']).unwrap_or(name.len());
        let (first, mut rest) = name.split_at(end);
        let mut value = if first.is_empty() {
            if *mode == Some(false) {
                return Err(self.value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                ));
            }
            *mode = Some(true);
            let k = *auto;
            *auto += 1;
            match args.positional.get(k) {
                Some(v) => v.clone(),
                None => {
                    return Err(self.index_error(format!(
                        "Replacement index {k} out of range for positional args tuple"
                    )));
                }
            }
        } else if let Ok(k) = first.parse::<usize>() {
            if *mode == Some(true) {
                return Err(self.value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
            *mode = Some(false);
            match args.positional.get(k) {
                Some(v) => v.clone(),
                None => {
                    return Err(self.index_error(format!(
                        "Replacement index {k} out of range for positional args tuple"
                    )));
                }
            }
        } else {
            match args.keyword(first) {
                Some(v) => v.clone(),
                None => return Err(self.key_error(Value::str(first))),
            }
        };
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                let attr = &r[..end];
                if attr.is_empty() {
                    return Err(self.value_error("Empty attribute in format string"));
                }
                value = self.get_attribute(&value, attr)?;
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let Some(close) = r.find(']') else {
                    return Err(self.value_error("Missing ']' in format string"));
                };
                let key = &r[..close];
                let k = match key.parse::<i64>() {
                    Ok(n) => Value::Int(n),
                    Err(_) => Value::str(key),
                };
                value = self.get_item(&value, &k)?;
                rest = &r[close + 1..];
            } else {
                return Err(
                    self.value_error("Only '.' or '[' may follow ']' in format field specifier")
                );
            }
        }
        Ok(value)
    }
}

fn is_int_like(v: &Value) -> bool {
    super::numbers::is_int(v)
}

fn find_top_level(s: &str, target: char) -> Option<usize> {
    let mut depth = 0;
    let mut in_bracket = false;
    for (i, c) in s.char_indices() {
        match c {
            '[' => in_bracket = true,
            ']' => in_bracket = false,
            '{' => depth += 1,
            '}' => depth -= 1,
            c if c == target && depth == 0 && !in_bracket => return Some(i),
            _ => {}
        }
    }
    None
}

fn sign_str(neg: bool, sign: Option<char>) -> &'static str {
    if neg {
        "-"
    } else {
        match sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    }
}

/// Inserts `sep` every `every` digits from the right.
pub(crate) fn group(digits: &str, sep: char, every: usize) -> String {
    let chars: Vec<char> = digits.chars().collect();
    let mut out = String::with_capacity(chars.len() + chars.len() / every);
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && (chars.len() - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(*c);
    }
    out
}

/// Pads `prefix + body` to the spec's width with its fill and alignment.
fn pad(body: &str, prefix: &str, sp: &Spec, default_align: char) -> String {
    let len = body.chars().count() + prefix.chars().count();
    if sp.width <= len {
        return format!("{prefix}{body}");
    }
    let fill = sp.fill.unwrap_or(' ');
    let n = sp.width - len;
    let fills = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    match sp.align.unwrap_or(default_align) {
        '<' => format!("{prefix}{body}{}", fills(n)),
        '^' => format!("{}{prefix}{body}{}", fills(n / 2), fills(n - n / 2)),
        '=' => format!("{prefix}{}{body}", fills(n)),
        _ => format!("{}{prefix}{body}", fills(n)),
    }
}

/// Pads a number; `=` alignment (and the `0` flag) puts the padding after the sign. With the
/// `0` flag and a grouping separator, CPython also groups the zero padding.
fn pad_number(sign_prefix: &str, body: &str, sp: &Spec) -> String {
    let mut owned;
    let mut sp = sp;
    if sp.zero && sp.align.is_none() {
        owned = sp.clone();
        owned.align = Some('=');
        sp = &owned;
    }
    if sp.zero && sp.fill == Some('0') && sp.align == Some('=') && sp.grouping.is_some() {
        let sep = sp.grouping.unwrap_or(',');
        let int_end = body
            .find(|c: char| !(c.is_ascii_digit() || c == sep))
            .unwrap_or(body.len());
        let (int_part, rest) = body.split_at(int_end);
        let mut digits: String = int_part.chars().filter(|c| *c != sep).collect();
        loop {
            let grouped = group(&digits, sep, 3);
            if grouped.chars().count() + rest.chars().count() + sign_prefix.chars().count()
                >= sp.width
            {
                return format!("{sign_prefix}{grouped}{rest}");
            }
            digits.insert(0, '0');
        }
    }
    pad(body, sign_prefix, sp, '>')
}

/// `%e` text with `prec` digits after the point and a 2+ digit exponent.
pub(crate) fn sci(a: f64, prec: usize, alt: bool) -> String {
    let s = format!("{:.*e}", prec, a);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mant = if alt && !mant.contains('.') {
        format!("{mant}.")
    } else {
        mant.to_string()
    };
    format!("{mant}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}

/// `%g` (and the no-type float format with a precision when `repr_like`).
pub(crate) fn general(a: f64, prec: usize, alt: bool, repr_like: bool) -> String {
    let p = prec.max(1);
    if a == 0.0 {
        return if alt {
            format!("0.{}", "0".repeat(p - 1))
        } else if repr_like {
            "0.0".into()
        } else {
            "0".into()
        };
    }
    // Round to p significant digits to learn the exponent.
    let s = format!("{:.*e}", p - 1, a);
    let exp: i32 = s
        .split_once('e')
        .map(|(_, e)| e.parse().unwrap_or(0))
        .unwrap_or(0);
    let use_sci = if repr_like {
        exp < -4 || exp >= p as i32 - 1
    } else {
        exp < -4 || exp >= p as i32
    };
    let mut out = if use_sci {
        sci(a, p - 1, alt)
    } else {
        format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, a)
    };
    if !alt {
        // Strip trailing zeros in the mantissa.
        let (mant, exp_part) = match out.find('e') {
            Some(k) => (out[..k].to_string(), out[k..].to_string()),
            None => (out.clone(), String::new()),
        };
        let mant = if mant.contains('.') {
            mant.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            mant
        };
        let mant = if repr_like && !use_sci && !mant.contains('.') {
            format!("{mant}.0")
        } else {
            mant
        };
        out = format!("{mant}{exp_part}");
    }
    let _ = shortest_digits;
    out
}
