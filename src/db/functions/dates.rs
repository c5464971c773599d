//! Django's date/time functions: `django_date_extract`, `django_date_trunc`,
//! `django_datetime_*`, `django_time_*`, `django_timestamp_diff`, `django_format_dtdelta`
//! (ports of `_sqlite_*` in django/db/backends/sqlite3/_functions.py).

use chrono::{Datelike, NaiveDateTime};

use super::datetime::{
    DateOrDateTime, DateTime, MICROS_PER_DAY, Stamp, Time, date_add_days, datetime_add_micros,
    datetime_micros, fmt_date, fmt_datetime, fmt_time, fmt_timedelta, time_of, toordinal,
    typecast_time, typecast_timestamp,
};
use super::pyobj::{py_int, py_mul, py_strip, py_truediv};
use super::tz::zoneinfo;
use super::{Arg, Out, PyErr, PyResult};

fn unsupported_lookup() -> PyErr {
    PyErr::value("Unsupported lookup type")
}

/// Python truthiness for the `conn_tzname` check.
fn truthy(a: &Arg<'_>) -> bool {
    match a {
        Arg::None => false,
        Arg::Int(i) => *i != 0,
        Arg::Float(f) => *f != 0.0,
        Arg::Str(s) => !s.is_empty(),
        Arg::Bytes(b) => !b.is_empty(),
    }
}

/// `ZoneInfo(key)` for an argument.
fn zone_arg(key: &Arg<'_>) -> PyResult<std::sync::Arc<super::tz::Zone>> {
    match key {
        Arg::Str(s) => zoneinfo(s),
        _ => Err(PyErr::type_error(
            "expected str, bytes or os.PathLike object",
        )),
    }
}

/// Python `==` between two arguments (only used for `tzname != conn_tzname`).
fn py_eq(a: &Arg<'_>, b: &Arg<'_>) -> bool {
    match (a, b) {
        (Arg::Int(x), Arg::Float(y)) | (Arg::Float(y), Arg::Int(x)) => (*x as f64) == *y,
        _ => a == b,
    }
}

/// `django.utils.dateparse.parse_time(value)` reduced to what `split_tzname_delta` needs:
/// `Ok(true)` for a time, `Ok(false)` for None, ValueError for a well-formed but invalid time.
fn parse_time_ok(value: &str) -> PyResult<bool> {
    if time_fromisoformat_ok(value) {
        return Ok(true);
    }
    // time_re = (?P<hour>\d{1,2}):(?P<minute>\d{1,2})(?::(?P<second>\d{1,2})(?:[.,](?P<microsecond>\d{1,6})\d{0,6})?)?$
    let b = value.as_bytes();
    let run = |i: usize, max: usize| {
        b[i.min(b.len())..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut i = 0;
    let h = run(i, 2);
    if h == 0 {
        return Ok(false);
    }
    let hour: u32 = value[..h].parse().unwrap_or(99);
    i += h;
    if b.get(i) != Some(&b':') {
        return Ok(false);
    }
    i += 1;
    let m = run(i, 2);
    if m == 0 {
        return Ok(false);
    }
    let minute: u32 = value[i..i + m].parse().unwrap_or(99);
    i += m;
    let mut second = 0;
    if b.get(i) == Some(&b':') && run(i + 1, 2) > 0 {
        let s = run(i + 1, 2);
        second = value[i + 1..i + 1 + s].parse().unwrap_or(99);
        i += 1 + s;
        if matches!(b.get(i), Some(b'.' | b',')) && run(i + 1, 6) > 0 {
            let f = run(i + 1, 6);
            i += 1 + f;
            i += run(i, 6);
        }
    }
    // `$` also matches before a final newline.
    let rest = &value[i..];
    if !(rest.is_empty() || rest == "\n") {
        return Ok(false);
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(PyErr::value("hour/minute/second out of range"));
    }
    Ok(true)
}

/// Whether Python 3.11's `datetime.time.fromisoformat(value)` accepts `value`:
/// `HH[:MM[:SS[.f+]]]` or `HH[MM[SS[.f+]]]`, optionally followed by `Z` or `±HH[:MM...]`.
fn time_fromisoformat_ok(value: &str) -> bool {
    let b = value.as_bytes();
    let tz_pos = b
        .iter()
        .position(|&c| c == b'-')
        .or_else(|| b.iter().position(|&c| c == b'+'))
        .or_else(|| b.iter().position(|&c| c == b'Z'));
    let (time, tz) = match tz_pos {
        Some(p) => (&b[..p], Some(&b[p + 1..])),
        None => (b, None),
    };
    fn hhmmss(t: &[u8], range_check: bool) -> bool {
        let mut comps = [0u32; 3];
        let mut pos = 0;
        let mut has_sep = false;
        for (comp, slot) in comps.iter_mut().enumerate() {
            if t.len() - pos < 2 || !t[pos].is_ascii_digit() || !t[pos + 1].is_ascii_digit() {
                return false;
            }
            *slot = u32::from(t[pos] - b'0') * 10 + u32::from(t[pos + 1] - b'0');
            pos += 2;
            let next = t.get(pos);
            if comp == 0 {
                has_sep = next == Some(&b':');
            }
            if next.is_none() || comp >= 2 {
                break;
            }
            if has_sep && next != Some(&b':') {
                return false;
            }
            if has_sep {
                pos += 1;
            }
        }
        if pos < t.len() {
            if !matches!(t[pos], b'.' | b',') {
                return false;
            }
            let frac = &t[pos + 1..];
            if frac.is_empty() || !frac.iter().all(u8::is_ascii_digit) {
                return false;
            }
        }
        !range_check || (comps[0] <= 23 && comps[1] <= 59 && comps[2] <= 59)
    }
    if time.len() < 2 || !hhmmss(time, true) {
        return false;
    }
    match tz {
        None => true,
        Some(tz) if value.ends_with('Z') && tz.is_empty() => true,
        Some(tz) => !matches!(tz.len(), 0 | 1 | 3) && hhmmss(tz, false),
    }
}

/// `split_tzname_delta(tzname)` → (name, sign, "HH:MM" offset).
fn split_tzname_delta(tzname: &str) -> PyResult<(&str, Option<(char, String)>)> {
    for sign in ['+', '-'] {
        if let Some((name, offset)) = tzname.rsplit_once(sign)
            && !offset.is_empty()
            && parse_time_ok(offset)?
        {
            let offset = if offset.contains(':') {
                offset.to_string()
            } else {
                format!("{offset}:00")
            };
            return Ok((name, Some((sign, offset))));
        }
    }
    Ok((tzname, None))
}

/// `_sqlite_datetime_parse(dt, tzname, conn_tzname)`.
fn datetime_parse(
    dt: &Arg<'_>,
    tzname: &Arg<'_>,
    conn_tzname: &Arg<'_>,
) -> PyResult<Option<DateOrDateTime>> {
    if *dt == Arg::None {
        return Ok(None);
    }
    let parsed = match typecast_timestamp(dt) {
        Ok(p) => p,
        Err(e) if e.is_value_or_type() => return Ok(None),
        Err(e) => return Err(e),
    };
    // A falsy text ("") gives None without an exception, and Django's code goes on with it.
    let Some(parsed) = parsed else {
        return parse_none(tzname, conn_tzname);
    };
    let mut value = match parsed {
        Stamp::Date(d) => DateOrDateTime::Date(d),
        Stamp::DateTime(naive) => DateOrDateTime::DateTime(DateTime {
            naive,
            fold: false,
            tz: None,
        }),
    };
    if truthy(conn_tzname) {
        let zone = zone_arg(conn_tzname)?;
        match &mut value {
            DateOrDateTime::Date(_) => {
                return Err(PyErr::type_error("'tzinfo' is an invalid keyword argument"));
            }
            DateOrDateTime::DateTime(d) => d.tz = Some(zone),
        }
    }
    if *tzname != Arg::None && !py_eq(tzname, conn_tzname) {
        let Arg::Str(tzname) = tzname else {
            return Err(PyErr::type_error(
                "'in <string>' requires string as left operand",
            ));
        };
        let (name, delta) = split_tzname_delta(tzname)?;
        if let Some((sign, offset)) = delta {
            let (hours, minutes) = match offset.split(':').collect::<Vec<_>>().as_slice() {
                [h, m] => (py_int(h)?, py_int(m)?),
                _ => return Err(PyErr::value("too many values to unpack")),
            };
            let as_i128 = |v: super::pyobj::PyInt| match v {
                super::pyobj::PyInt::Small(v) => Ok(i128::from(v)),
                super::pyobj::PyInt::Big { .. } => Err(PyErr::overflow("offset too large")),
            };
            let micros = (as_i128(hours)? * 3600 + as_i128(minutes)? * 60) * 1_000_000;
            let micros = if sign == '+' { micros } else { -micros };
            value = match value {
                DateOrDateTime::Date(d) => {
                    let days = micros.div_euclid(MICROS_PER_DAY);
                    let days = i64::try_from(days)
                        .map_err(|_| PyErr::overflow("date value out of range"))?;
                    DateOrDateTime::Date(date_add_days(d, days)?)
                }
                DateOrDateTime::DateTime(d) => DateOrDateTime::DateTime(DateTime {
                    naive: datetime_add_micros(d.naive, micros)?,
                    fold: false,
                    tz: d.tz,
                }),
            };
        }
        let zone = if name.is_empty() {
            zone_arg(conn_tzname)?
        } else {
            zoneinfo(name)?
        };
        // timezone.localtime(dt, zone) → dt.astimezone(zone), refused for naive datetimes.
        let DateOrDateTime::DateTime(d) = value else {
            return Err(PyErr::attribute(
                "'datetime.date' object has no attribute 'utcoffset'",
            ));
        };
        let Some(src) = d.tz.clone() else {
            return Err(PyErr::value(
                "localtime() cannot be applied to a naive datetime",
            ));
        };
        value = DateOrDateTime::DateTime(if src.key == zone.key {
            d
        } else {
            let offset = src.utcoffset(&d.naive, d.fold);
            let utc = datetime_add_micros(d.naive, -i128::from(offset) * 1_000_000)?;
            let (local, fold) = zone.fromutc(&utc)?;
            DateTime {
                naive: local,
                fold,
                tz: Some(zone),
            }
        });
    }
    Ok(Some(value))
}

/// The rest of `_sqlite_datetime_parse` when `typecast_timestamp` returned None: `None.replace`
/// fails, `None + offset` fails, and `timezone.localtime(None, zone)` is the current time.
fn parse_none(tzname: &Arg<'_>, conn_tzname: &Arg<'_>) -> PyResult<Option<DateOrDateTime>> {
    if truthy(conn_tzname) {
        return Err(PyErr::attribute(
            "'NoneType' object has no attribute 'replace'",
        ));
    }
    if *tzname == Arg::None || py_eq(tzname, conn_tzname) {
        return Ok(None);
    }
    let Arg::Str(tzname) = tzname else {
        return Err(PyErr::type_error(
            "'in <string>' requires string as left operand",
        ));
    };
    let (name, delta) = split_tzname_delta(tzname)?;
    if delta.is_some() {
        return Err(PyErr::type_error(
            "unsupported operand type(s) for +=: 'NoneType'",
        ));
    }
    let zone = if name.is_empty() {
        zone_arg(conn_tzname)?
    } else {
        zoneinfo(name)?
    };
    let now = chrono::Utc::now().naive_utc();
    let (local, fold) = zone.fromutc(&now)?;
    Ok(Some(DateOrDateTime::DateTime(DateTime {
        naive: local,
        fold,
        tz: Some(zone),
    })))
}

fn lookup<'a>(a: &Arg<'a>) -> PyResult<&'a str> {
    match a {
        Arg::Str(s) => Ok(s),
        _ => Err(PyErr::type_error("attribute name must be string")),
    }
}

/// `getattr(obj, name)` for the int-valued attributes of `date`/`datetime`/`time`.
fn int_attribute(
    date: Option<chrono::NaiveDate>,
    time: Option<Time>,
    fold: bool,
    aware: bool,
    name: &str,
) -> PyResult<Out> {
    let no_attr = || PyErr::attribute("object has no attribute");
    let v = match (name, date, time) {
        ("year", Some(d), _) => i64::from(d.year()),
        ("month", Some(d), _) => i64::from(d.month()),
        ("day", Some(d), _) => i64::from(d.day()),
        ("hour", _, Some(t)) => i64::from(t.hour),
        ("minute", _, Some(t)) => i64::from(t.minute),
        ("second", _, Some(t)) => i64::from(t.second),
        ("microsecond", _, Some(t)) => i64::from(t.micro),
        ("fold", _, Some(_)) => i64::from(fold),
        ("tzinfo", _, Some(_)) if !aware => return Ok(Out::Null),
        ("tzinfo", _, Some(_)) => return Err(PyErr::type_error("unsupported result type")),
        _ => return Err(no_attr()),
    };
    Ok(Out::Int(v))
}

/// `_sqlite_datetime_extract(lookup_type, dt, tzname, conn_tzname)`.
fn datetime_extract_impl(
    lookup_type: &Arg<'_>,
    dt: &Arg<'_>,
    tzname: &Arg<'_>,
    conn_tzname: &Arg<'_>,
) -> PyResult<Out> {
    let Some(dt) = datetime_parse(dt, tzname, conn_tzname)? else {
        return Ok(Out::Null);
    };
    let d = dt.date();
    let isoweekday = i64::from(d.weekday().number_from_monday());
    let name = lookup(lookup_type)?;
    Ok(Out::Int(match name {
        "week_day" => (isoweekday % 7) + 1,
        "iso_week_day" => isoweekday,
        "week" => i64::from(d.iso_week().week()),
        "quarter" => (i64::from(d.month()) + 2) / 3,
        "iso_year" => i64::from(d.iso_week().year()),
        _ => {
            return match &dt {
                DateOrDateTime::Date(d) => int_attribute(Some(*d), None, false, false, name),
                DateOrDateTime::DateTime(x) => int_attribute(
                    Some(x.naive.date()),
                    Some(time_of(&x.naive)),
                    x.fold,
                    x.tz.is_some(),
                    name,
                ),
            };
        }
    }))
}

pub(crate) fn date_extract(a: &[Arg<'_>; 2]) -> PyResult<Out> {
    datetime_extract_impl(&a[0], &a[1], &Arg::None, &Arg::None)
}

pub(crate) fn datetime_extract(a: &[Arg<'_>; 4]) -> PyResult<Out> {
    datetime_extract_impl(&a[0], &a[1], &a[2], &a[3])
}

/// Python's `lookup_type == "..."` chain: a non-str lookup matches nothing.
fn lookup_name<'a>(a: &Arg<'a>) -> &'a str {
    match a {
        Arg::Str(s) => s,
        _ => "",
    }
}

fn ymd(dt: &DateOrDateTime) -> (i32, u32, u32) {
    let d = dt.date();
    (d.year(), d.month(), d.day())
}

/// `_sqlite_date_trunc(lookup_type, dt, tzname, conn_tzname)`.
pub(crate) fn date_trunc(a: &[Arg<'_>; 4]) -> PyResult<Out> {
    let Some(dt) = datetime_parse(&a[1], &a[2], &a[3])? else {
        return Ok(Out::Null);
    };
    let (y, m, d) = ymd(&dt);
    Ok(Out::Text(match lookup_name(&a[0]) {
        "year" => format!("{y:04}-01-01"),
        "quarter" => format!("{y:04}-{:02}-01", m - (m - 1) % 3),
        "month" => format!("{y:04}-{m:02}-01"),
        "week" => {
            let wd = i64::from(dt.date().weekday().num_days_from_monday());
            let (y, m, d) = ymd(&dt.minus_days(wd)?);
            format!("{y:04}-{m:02}-{d:02}")
        }
        "day" => format!("{y:04}-{m:02}-{d:02}"),
        _ => return Err(unsupported_lookup()),
    }))
}

/// `_sqlite_time_trunc(lookup_type, dt, tzname, conn_tzname)`.
pub(crate) fn time_trunc(a: &[Arg<'_>; 4]) -> PyResult<Out> {
    if a[1] == Arg::None {
        return Ok(Out::Null);
    }
    let t: Option<Time> = match datetime_parse(&a[1], &a[2], &a[3])? {
        Some(parsed) => Some(time_of(&parsed.datetime()?.naive)),
        None => match typecast_time(&a[1]) {
            Ok(t) => t,
            Err(e) if e.is_value_or_type() => return Ok(Out::Null),
            Err(e) => return Err(e),
        },
    };
    let lookup = lookup_name(&a[0]);
    if !matches!(lookup, "hour" | "minute" | "second") {
        // `dt.hour` is evaluated only inside a matching branch.
        return Err(unsupported_lookup());
    }
    let t = t.ok_or_else(|| PyErr::attribute("'NoneType' object has no attribute 'hour'"))?;
    Ok(Out::Text(match lookup {
        "hour" => format!("{:02}:00:00", t.hour),
        "minute" => format!("{:02}:{:02}:00", t.hour, t.minute),
        _ => format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second),
    }))
}

/// `_sqlite_datetime_cast_date(dt, tzname, conn_tzname)`.
pub(crate) fn datetime_cast_date(a: &[Arg<'_>; 3]) -> PyResult<Out> {
    match datetime_parse(&a[0], &a[1], &a[2])? {
        None => Ok(Out::Null),
        Some(dt) => Ok(Out::Text(fmt_date(dt.datetime()?.naive.date()))),
    }
}

/// `_sqlite_datetime_cast_time(dt, tzname, conn_tzname)`.
pub(crate) fn datetime_cast_time(a: &[Arg<'_>; 3]) -> PyResult<Out> {
    match datetime_parse(&a[0], &a[1], &a[2])? {
        None => Ok(Out::Null),
        Some(dt) => Ok(Out::Text(fmt_time(time_of(&dt.datetime()?.naive)))),
    }
}

/// `_sqlite_datetime_trunc(lookup_type, dt, tzname, conn_tzname)`.
pub(crate) fn datetime_trunc(a: &[Arg<'_>; 4]) -> PyResult<Out> {
    let Some(dt) = datetime_parse(&a[1], &a[2], &a[3])? else {
        return Ok(Out::Null);
    };
    let (y, m, d) = ymd(&dt);
    let time = || dt.datetime().map(|x| time_of(&x.naive));
    Ok(Out::Text(match lookup_name(&a[0]) {
        "year" => format!("{y:04}-01-01 00:00:00"),
        "quarter" => format!("{y:04}-{:02}-01 00:00:00", m - (m - 1) % 3),
        "month" => format!("{y:04}-{m:02}-01 00:00:00"),
        "week" => {
            let wd = i64::from(dt.date().weekday().num_days_from_monday());
            let (y, m, d) = ymd(&dt.minus_days(wd)?);
            format!("{y:04}-{m:02}-{d:02} 00:00:00")
        }
        "day" => format!("{y:04}-{m:02}-{d:02} 00:00:00"),
        "hour" => format!("{y:04}-{m:02}-{d:02} {:02}:00:00", time()?.hour),
        "minute" => {
            let t = time()?;
            format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:00", t.hour, t.minute)
        }
        "second" => {
            let t = time()?;
            format!(
                "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
                t.hour, t.minute, t.second
            )
        }
        _ => return Err(unsupported_lookup()),
    }))
}

/// `_sqlite_time_extract(lookup_type, dt)`.
pub(crate) fn time_extract(a: &[Arg<'_>; 2]) -> PyResult<Out> {
    if a[1] == Arg::None {
        return Ok(Out::Null);
    }
    let t = match typecast_time(&a[1]) {
        Ok(t) => t,
        Err(e) if e.is_value_or_type() => return Ok(Out::Null),
        Err(e) => return Err(e),
    };
    let name = lookup(&a[0])?;
    match t {
        Some(t) => int_attribute(None, Some(t), false, false, name),
        None => Err(PyErr::attribute("'NoneType' object has no attribute")),
    }
}

/// `_sqlite_time_diff(lhs, rhs)`.
pub(crate) fn time_diff(a: &[Arg<'_>; 2]) -> PyResult<Out> {
    if a[0] == Arg::None || a[1] == Arg::None {
        return Ok(Out::Null);
    }
    let none = || PyErr::attribute("'NoneType' object has no attribute 'hour'");
    let left = typecast_time(&a[0])?.ok_or_else(none)?;
    let right = typecast_time(&a[1])?.ok_or_else(none)?;
    let micros = |t: Time| {
        i64::from(t.hour) * 3_600_000_000
            + i64::from(t.minute) * 60_000_000
            + i64::from(t.second) * 1_000_000
            + i64::from(t.micro)
    };
    Ok(Out::Int(micros(left) - micros(right)))
}

/// `_sqlite_timestamp_diff(lhs, rhs)`.
pub(crate) fn timestamp_diff(a: &[Arg<'_>; 2]) -> PyResult<Out> {
    if a[0] == Arg::None || a[1] == Arg::None {
        return Ok(Out::Null);
    }
    let left = typecast_timestamp(&a[0])?;
    let right = typecast_timestamp(&a[1])?;
    let micros = match (left, right) {
        (Some(Stamp::DateTime(l)), Some(Stamp::DateTime(r))) => {
            datetime_micros(&l) - datetime_micros(&r)
        }
        (Some(Stamp::Date(l)), Some(Stamp::Date(r))) => {
            i128::from(toordinal(l) - toordinal(r)) * MICROS_PER_DAY
        }
        _ => return Err(PyErr::type_error("unsupported operand type(s) for -")),
    };
    i64::try_from(micros)
        .map(Out::Int)
        .map_err(|_| PyErr::overflow("int too large"))
}

/// A `+`/`-` operand of `django_format_dtdelta` after `_sqlite_prepare_dtdelta_param`.
enum DeltaOperand {
    None,
    Date(chrono::NaiveDate),
    DateTime(NaiveDateTime),
    /// A `timedelta`, in microseconds.
    Delta(i128),
}

fn prepare_dtdelta_param(param: &Arg<'_>) -> PyResult<DeltaOperand> {
    Ok(match param {
        Arg::Int(us) => DeltaOperand::Delta(i128::from(*us)),
        other => match typecast_timestamp(other)? {
            None => DeltaOperand::None,
            Some(Stamp::Date(d)) => DeltaOperand::Date(d),
            Some(Stamp::DateTime(dt)) => DeltaOperand::DateTime(dt),
        },
    })
}

/// `date + timedelta` uses only the timedelta's days.
fn delta_days(us: i128) -> PyResult<i64> {
    i64::try_from(us.div_euclid(MICROS_PER_DAY))
        .map_err(|_| PyErr::overflow("date value out of range"))
}

/// `_sqlite_format_dtdelta(connector, lhs, rhs)`.
pub(crate) fn format_dtdelta(a: &[Arg<'_>; 3]) -> PyResult<Out> {
    let (connector, lhs, rhs) = (&a[0], &a[1], &a[2]);
    if *connector == Arg::None || *lhs == Arg::None || *rhs == Arg::None {
        return Ok(Out::Null);
    }
    let connector = match connector {
        Arg::Str(s) => *s,
        // bytes.strip() works, but b"+" != "+": the operands are divided.
        Arg::Bytes(_) => return py_truediv(lhs, rhs),
        _ => return Err(PyErr::attribute("object has no attribute 'strip'")),
    };
    let connector = py_strip(connector);
    if connector != "+" && connector != "-" {
        return if connector == "*" {
            py_mul(lhs, rhs)
        } else {
            py_truediv(lhs, rhs)
        };
    }
    let prepared = prepare_dtdelta_param(lhs).and_then(|l| Ok((l, prepare_dtdelta_param(rhs)?)));
    let (l, r) = match prepared {
        Ok(lr) => lr,
        Err(e) if e.is_value_or_type() => return Ok(Out::Null),
        Err(e) => return Err(e),
    };
    use DeltaOperand as D;
    let type_error = || PyErr::type_error("unsupported operand type(s)");
    let text = if connector == "+" {
        match (l, r) {
            (D::DateTime(dt), D::Delta(us)) | (D::Delta(us), D::DateTime(dt)) => {
                fmt_datetime(&datetime_add_micros(dt, us)?)
            }
            (D::Date(d), D::Delta(us)) | (D::Delta(us), D::Date(d)) => {
                fmt_date(date_add_days(d, delta_days(us)?)?)
            }
            (D::Delta(x), D::Delta(y)) => fmt_timedelta(x + y)?,
            _ => return Err(type_error()),
        }
    } else {
        match (l, r) {
            (D::DateTime(x), D::DateTime(y)) => {
                fmt_timedelta(datetime_micros(&x) - datetime_micros(&y))?
            }
            (D::Date(x), D::Date(y)) => {
                fmt_timedelta(i128::from(toordinal(x) - toordinal(y)) * MICROS_PER_DAY)?
            }
            (D::DateTime(dt), D::Delta(us)) => fmt_datetime(&datetime_add_micros(dt, -us)?),
            // date - timedelta is date + timedelta(-td.days).
            (D::Date(d), D::Delta(us)) => fmt_date(date_add_days(d, -delta_days(us)?)?),
            (D::Delta(x), D::Delta(y)) => fmt_timedelta(x - y)?,
            _ => return Err(type_error()),
        }
    };
    Ok(Out::Text(text))
}
