//! `Field.clean(value, instance)` as Django 5.2 runs it for `Model.clean_fields()`: `to_python`
//! (the value converted, or "“x” value must be an integer."), `validate` (null, blank, and for a
//! ForeignKey the query that the target row exists), then every validator (max_length, the
//! integer range SQLite allows, DecimalField's digits, email and URL syntax), whose messages are
//! all collected. Messages are Django's English text.

use rust_decimal::Decimal;

use crate::interp::{Interp, PyResult, Value};
use crate::models::{Field, FieldKind, Model};

use super::super::ctx::Ctx;
use super::super::queryset::QuerySet;

/// The outcome of cleaning one field: the converted value, or its messages.
pub enum Cleaned {
    Ok(Value),
    Err(Vec<String>),
}

/// `value in field.empty_values` (None, "", [], (), {}).
pub fn is_empty(v: &Value) -> bool {
    match v {
        Value::None => true,
        Value::Str(s) => s.is_empty(),
        Value::List(l) => l.borrow().is_empty(),
        Value::Tuple(t) => t.is_empty(),
        Value::Dict(d) => d.borrow().entries.is_empty(),
        _ => false,
    }
}

/// `Field.blank`: auto fields are always blank=True (AutoFieldMixin).
pub fn blank(f: &Field) -> bool {
    f.blank || f.kind.is_auto()
}

/// `capfirst(opts.verbose_name)`: Meta.verbose_name, else the class name split at capitals.
pub fn model_verbose_name(m: &Model) -> String {
    if let Some(v) = &m.meta.verbose_name {
        return v.clone();
    }
    let mut out = String::new();
    for (i, c) in m.name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// A field's `verbose_name`: `ID` for the automatic primary key, else the name with spaces.
pub fn field_verbose_name(f: &Field) -> String {
    if f.auto_created && f.primary_key {
        return "ID".into();
    }
    f.name.replace('_', " ")
}

pub fn capfirst(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn clean(ctx: &Ctx, it: &mut Interp, f: &Field, raw: &Value) -> PyResult<Cleaned> {
    let value = match to_python(it, &f.kind, raw)? {
        Ok(v) => v,
        Err(msg) => return Ok(Cleaned::Err(vec![msg])),
    };
    if let Some(msg) = validate(ctx, it, f, &value)? {
        return Ok(Cleaned::Err(vec![msg]));
    }
    let errors = run_validators(it, f, &value)?;
    Ok(if errors.is_empty() {
        Cleaned::Ok(value)
    } else {
        Cleaned::Err(errors)
    })
}

/// `“x” value must be ...`: the value as `str()` shows it between typographic quotes.
fn invalid(it: &mut Interp, v: &Value, tail: &str) -> PyResult<Result<Value, String>> {
    let s = it.str(v)?;
    Ok(Err(format!("“{s}” value {tail}")))
}

fn to_python(it: &mut Interp, kind: &FieldKind, v: &Value) -> PyResult<Result<Value, String>> {
    use FieldKind as K;
    if matches!(v, Value::None) {
        return Ok(Ok(Value::None));
    }
    match kind {
        K::CharField | K::TextField | K::EmailField | K::UrlField | K::SlugField => match v {
            Value::Str(_) => Ok(Ok(v.clone())),
            _ => Ok(Ok(Value::str(&it.str(v)?))),
        },
        k if k.is_auto() || is_integer(k) || k.is_relation() => match v {
            Value::Int(_) | Value::BigInt(_) => Ok(Ok(v.clone())),
            Value::Bool(b) => Ok(Ok(Value::Int(*b as i64))),
            Value::Float(x) if x.is_finite() => Ok(Ok(Value::Int(x.trunc() as i64))),
            Value::Decimal(d) => {
                use rust_decimal::prelude::ToPrimitive;
                Ok(Ok(Value::Int(d.trunc().to_i64().unwrap_or(0))))
            }
            Value::Str(s) => match s.trim().replace('_', "").parse::<i64>() {
                Ok(n) => Ok(Ok(Value::Int(n))),
                Err(_) => invalid(it, v, "must be an integer."),
            },
            _ => invalid(it, v, "must be an integer."),
        },
        K::FloatField => match v {
            Value::Float(_) => Ok(Ok(v.clone())),
            Value::Int(i) => Ok(Ok(Value::Float(*i as f64))),
            Value::Bool(b) => Ok(Ok(Value::Float(*b as i64 as f64))),
            Value::Str(s) => match s.trim().parse::<f64>() {
                Ok(x) => Ok(Ok(Value::Float(x))),
                Err(_) => invalid(it, v, "must be a float."),
            },
            _ => invalid(it, v, "must be a float."),
        },
        K::DecimalField { .. } => match v {
            Value::Decimal(_) => Ok(Ok(v.clone())),
            Value::Int(i) => Ok(Ok(Value::Decimal(Decimal::from(*i)))),
            Value::Float(x) => match Decimal::try_from(*x) {
                Ok(d) => Ok(Ok(Value::Decimal(d))),
                Err(_) => invalid(it, v, "must be a decimal number."),
            },
            Value::Str(s) => match s.trim().parse::<Decimal>() {
                Ok(d) => Ok(Ok(Value::Decimal(d))),
                Err(_) => invalid(it, v, "must be a decimal number."),
            },
            _ => invalid(it, v, "must be a decimal number."),
        },
        K::BooleanField => match v {
            Value::Bool(_) => Ok(Ok(v.clone())),
            Value::Int(0) => Ok(Ok(Value::Bool(false))),
            Value::Int(1) => Ok(Ok(Value::Bool(true))),
            Value::Str(s) if matches!(&**s, "t" | "True" | "1") => Ok(Ok(Value::Bool(true))),
            Value::Str(s) if matches!(&**s, "f" | "False" | "0") => Ok(Ok(Value::Bool(false))),
            _ => invalid(it, v, "must be either True or False."),
        },
        K::DateField => match v {
            Value::Date(_) => Ok(Ok(v.clone())),
            Value::DateTime(dt, _) => Ok(Ok(Value::Date(dt.date()))),
            Value::Str(s) => Ok(parse_date(s).map(Value::Date).map_err(|bad_date| {
                if bad_date {
                    format!(
                        "“{s}” value has the correct format (YYYY-MM-DD) but it is an invalid date."
                    )
                } else {
                    format!(
                        "“{s}” value has an invalid date format. It must be in YYYY-MM-DD format."
                    )
                }
            })),
            _ => invalid(
                it,
                v,
                "has an invalid date format. It must be in YYYY-MM-DD format.",
            ),
        },
        K::DateTimeField => match v {
            Value::DateTime(..) => Ok(Ok(v.clone())),
            Value::Str(s) => Ok(parse_datetime(s).map_err(|e| {
                let tail = match e {
                    DtError::Date => "has the correct format (YYYY-MM-DD) but it is an invalid date.",
                    DtError::DateTime => "has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time.",
                    DtError::Format => "has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.",
                };
                format!("“{s}” value {tail}")
            })),
            // A date becomes midnight, made aware in the default time zone (UTC).
            Value::Date(d) => Ok(Ok(Value::DateTime(
                d.and_hms_opt(0, 0, 0).unwrap_or_default(),
                chrono::FixedOffset::east_opt(0),
            ))),
            _ => Ok(Ok(v.clone())),
        },
        _ => Ok(Ok(v.clone())),
    }
}

fn is_integer(k: &FieldKind) -> bool {
    use FieldKind as K;
    matches!(
        k,
        K::IntegerField
            | K::BigIntegerField
            | K::SmallIntegerField
            | K::PositiveIntegerField
            | K::PositiveBigIntegerField
            | K::PositiveSmallIntegerField
    )
}

/// `parse_date`: `Err(true)` for the right shape but no such day, `Err(false)` for a bad shape.
fn parse_date(s: &str) -> Result<chrono::NaiveDate, bool> {
    let parts: Vec<&str> = s.split('-').collect();
    let shape = parts.len() == 3
        && parts[0].len() == 4
        && (1..=2).contains(&parts[1].len())
        && (1..=2).contains(&parts[2].len())
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shape {
        return Err(false);
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    chrono::NaiveDate::from_ymd_opt(n[0] as i32, n[1], n[2]).ok_or(true)
}

enum DtError {
    Format,
    Date,
    DateTime,
}

/// `DateTimeField.to_python` for a string: `parse_datetime` (a naive result stays naive), else
/// `parse_date` (midnight).
fn parse_datetime(s: &str) -> Result<Value, DtError> {
    let (date_part, rest) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let Some(rest) = rest else {
        return match parse_date(s) {
            Ok(d) => Ok(Value::DateTime(
                d.and_hms_opt(0, 0, 0).unwrap_or_default(),
                None,
            )),
            Err(true) => Err(DtError::Date),
            Err(false) => Err(DtError::Format),
        };
    };
    // The time, then an optional `Z` or `±HH[:MM]` offset.
    let (time_part, tz) = match rest.find(['Z', '+', '-']) {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    let shape_ok = |t: &str| {
        let (hms, frac) = t.split_once('.').unwrap_or((t, ""));
        let parts: Vec<&str> = hms.split(':').collect();
        (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            && frac.len() <= 6
            && frac.bytes().all(|b| b.is_ascii_digit())
    };
    let tz_ok = |z: &str| {
        z == "Z" || (z.len() >= 3 && z[1..].replace(':', "").bytes().all(|b| b.is_ascii_digit()))
    };
    if !shape_ok(time_part) || !tz.is_none_or(tz_ok) {
        return Err(DtError::Format);
    }
    let date = match parse_date(date_part) {
        Ok(d) => d,
        Err(true) => return Err(DtError::DateTime),
        Err(false) => return Err(DtError::Format),
    };
    let (hms, frac) = time_part.split_once('.').unwrap_or((time_part, ""));
    let n: Vec<u32> = hms.split(':').map(|p| p.parse().unwrap_or(99)).collect();
    let micros: u32 = format!("{frac:0<6}").parse().unwrap_or(0);
    let time = chrono::NaiveTime::from_hms_micro_opt(n[0], n[1], *n.get(2).unwrap_or(&0), micros)
        .ok_or(DtError::DateTime)?;
    let offset = match tz {
        None => None,
        Some("Z") => chrono::FixedOffset::east_opt(0),
        Some(z) => {
            let digits = z[1..].replace(':', "");
            let h: i32 = digits.get(..2).and_then(|x| x.parse().ok()).unwrap_or(0);
            let m: i32 = digits.get(2..4).and_then(|x| x.parse().ok()).unwrap_or(0);
            let secs = (h * 3600 + m * 60) * if z.starts_with('-') { -1 } else { 1 };
            Some(chrono::FixedOffset::east_opt(secs).ok_or(DtError::DateTime)?)
        }
    };
    Ok(Value::DateTime(date.and_time(time), offset))
}

/// `Field.validate`; for a ForeignKey also `ForeignKey.validate`'s existence query.
fn validate(ctx: &Ctx, it: &mut Interp, f: &Field, v: &Value) -> PyResult<Option<String>> {
    if matches!(v, Value::None) && !f.null {
        return Ok(Some("This field cannot be null.".into()));
    }
    if !blank(f) && is_empty(v) {
        return Ok(Some("This field cannot be blank.".into()));
    }
    let (Some(rel), false) = (&f.relation, matches!(v, Value::None)) else {
        return Ok(None);
    };
    // `_base_manager.filter(<target field>=value).exists()`.
    let reg = ctx.reg.clone();
    let target = reg.get(rel.to);
    let to_field = rel
        .to_field
        .clone()
        .unwrap_or_else(|| target.pk().name.clone());
    let mut qs = QuerySet::new(ctx.clone(), rel.to);
    let q = super::super::q::q_from_args(
        it,
        crate::interp::Args {
            keywords: vec![(std::rc::Rc::from(to_field.as_str()), v.clone())],
            ..Default::default()
        },
    )?;
    qs.add_q(it, q, &[])?;
    let found = qs.exists(it)?;
    if it.truthy(&found)? {
        return Ok(None);
    }
    let shown = it.repr(v)?;
    Ok(Some(format!(
        "{} instance with {to_field} {shown} is not a valid choice.",
        model_verbose_name(target)
    )))
}

fn run_validators(it: &mut Interp, f: &Field, v: &Value) -> PyResult<Vec<String>> {
    use FieldKind as K;
    let mut errors = Vec::new();
    if is_empty(v) {
        return Ok(errors);
    }
    match &f.kind {
        K::EmailField => {
            if let Value::Str(s) = v
                && !valid_email(s)
            {
                errors.push("Enter a valid email address.".into());
            }
        }
        K::UrlField => {
            if let Value::Str(s) = v
                && !valid_url(s)
            {
                errors.push("Enter a valid URL.".into());
            }
        }
        K::SlugField => {
            if let Value::Str(s) = v
                && !s
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                errors.push(
                    "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."
                        .into(),
                );
            }
        }
        _ => {}
    }
    if let (Some(max), Value::Str(s)) = (f.max_length, v) {
        let n = s.chars().count();
        if n > max as usize {
            let unit = if max == 1 { "character" } else { "characters" };
            errors.push(format!(
                "Ensure this value has at most {max} {unit} (it has {n})."
            ));
        }
    }
    if is_integer(&f.kind) || f.kind.is_auto() {
        let positive = matches!(
            f.kind,
            K::PositiveIntegerField | K::PositiveBigIntegerField | K::PositiveSmallIntegerField
        );
        // SQLite's `integer_field_range`: 64-bit, from 0 for the positive kinds.
        let min = if positive { 0 } else { i64::MIN };
        let below = match v {
            Value::Int(i) => *i < min,
            Value::BigInt(_) => it.py_lt(v, &Value::Int(min))?,
            _ => false,
        };
        if below {
            errors.push(format!(
                "Ensure this value is greater than or equal to {min}."
            ));
        }
        if let Value::BigInt(_) = v
            && it.py_lt(&Value::Int(i64::MAX), v)?
        {
            errors.push(format!(
                "Ensure this value is less than or equal to {}.",
                i64::MAX
            ));
        }
    }
    if let (
        K::DecimalField {
            max_digits,
            decimal_places,
        },
        Value::Decimal(d),
    ) = (&f.kind, v)
        && let Some(msg) = decimal_error(d, *max_digits, *decimal_places)
    {
        errors.push(msg);
    }
    Ok(errors)
}

/// `DecimalValidator`: digits in total, decimal places, digits before the point.
fn decimal_error(d: &Decimal, max_digits: u32, decimal_places: u32) -> Option<String> {
    let mantissa = d.mantissa().unsigned_abs();
    let ndigits = if mantissa == 0 {
        1
    } else {
        mantissa.to_string().len() as u32
    };
    let exp = d.scale();
    let (digits, decimals) = if exp == 0 {
        (ndigits, 0)
    } else if exp > ndigits {
        (exp, exp)
    } else {
        (ndigits, exp)
    };
    let plural = |n: u32, one: &str, many: &str| if n == 1 { one } else { many }.to_string();
    if digits > max_digits {
        return Some(format!(
            "Ensure that there are no more than {max_digits} {} in total.",
            plural(max_digits, "digit", "digits")
        ));
    }
    if decimals > decimal_places {
        return Some(format!(
            "Ensure that there are no more than {decimal_places} {}.",
            plural(decimal_places, "decimal place", "decimal places")
        ));
    }
    let whole = max_digits.saturating_sub(decimal_places);
    if digits - decimals > whole {
        return Some(format!(
            "Ensure that there are no more than {whole} {} before the decimal point.",
            plural(whole, "digit", "digits")
        ));
    }
    None
}

/// `EmailValidator`: a dot-atom or quoted user part; a host name, `localhost` or an address
/// literal (`[127.0.0.1]`).
fn valid_email(s: &str) -> bool {
    if s.len() > 320 {
        return false;
    }
    let Some((user, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let atom_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{}|~-".contains(c);
    let dot_atom = !user.is_empty()
        && user
            .split('.')
            .all(|a| !a.is_empty() && a.chars().all(atom_char));
    let quoted = user.len() >= 2
        && user.starts_with('"')
        && user.ends_with('"')
        && quoted_ok(&user[1..user.len() - 1]);
    if !(dot_atom || quoted) {
        return false;
    }
    if domain == "localhost" || valid_host(domain, false) {
        return true;
    }
    match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some(ip) => ip.parse::<std::net::IpAddr>().is_ok(),
        None => false,
    }
}

/// The inside of a quoted-string user part (RFC 5322 qtext or a backslash pair), as Django's
/// `user_regex` allows: no space, `"` or `\` unescaped, no CR/LF.
fn quoted_ok(q: &str) -> bool {
    let mut chars = q.chars();
    while let Some(c) = chars.next() {
        let ok = match c {
            '\\' => {
                matches!(chars.next(), Some(n) if matches!(n as u32, 1..=9 | 11 | 12 | 14..=127))
            }
            _ => matches!(c as u32, 1..=8 | 11 | 12 | 14..=31 | 33 | 35..=91 | 93..=127),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// `DomainNameValidator`'s `hostname_re + domain_re + tld_re`: labels of letters (any non-ASCII
/// character counts as one), digits and inner hyphens; a top-level label of letters (2–63) or
/// `xn--` punycode; `trailing_dot` allows the final `.` URLs may have.
fn valid_host(d: &str, trailing_dot: bool) -> bool {
    let d = if trailing_dot {
        d.strip_suffix('.').unwrap_or(d)
    } else {
        d
    };
    let labels: Vec<&str> = d.split('.').collect();
    let Some((tld, rest)) = labels.split_last() else {
        return false;
    };
    if rest.is_empty() {
        return false;
    }
    let letter = |c: char| c.is_ascii_alphabetic() || !c.is_ascii();
    let label_ok = |l: &str| {
        (1..=63).contains(&l.chars().count())
            && l.chars()
                .all(|c| letter(c) || c.is_ascii_digit() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let tld_lower = tld.to_ascii_lowercase();
    let tld_ok = match tld_lower.strip_prefix("xn--") {
        Some(p) => (1..=59).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()),
        None => {
            (2..=63).contains(&tld.chars().count())
                && tld.chars().all(|c| letter(c) || c == '-')
                && !tld.starts_with('-')
                && !tld.ends_with('-')
        }
    };
    rest.iter().all(|l| label_ok(l)) && tld_ok
}

/// `URLValidator`, for the common shapes: http(s)/ftp(s) scheme, optional user:password@, a
/// host name, `localhost`, an IPv4 address or an `[IPv6]` literal, optional port, then a path,
/// query or fragment; no whitespace.
fn valid_url(s: &str) -> bool {
    if s.chars().any(char::is_whitespace) || s.len() > 2048 {
        return false;
    }
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    if !matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "ftp" | "ftps"
    ) {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_port.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || !h.is_empty() => {
            if !(1..=5).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
                if host_port.starts_with('[') && host_port.ends_with(']') {
                    host_port
                } else {
                    return false;
                }
            } else {
                h
            }
        }
        _ => host_port,
    };
    if let Some(ip6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return ip6.parse::<std::net::Ipv6Addr>().is_ok();
    }
    let ipv4 = host.split('.').count() == 4 && host.parse::<std::net::Ipv4Addr>().is_ok();
    ipv4 || host.eq_ignore_ascii_case("localhost") || valid_host(host, true)
}
