//! `datetime.date`, `datetime.datetime`, `datetime.time`, `datetime.timedelta` and
//! `datetime.timezone` on chrono: constructors with CPython's validation messages, reprs
//! (`datetime.datetime(2020, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)`), `str`/`isoformat`,
//! arithmetic, attributes, methods, `strftime`/`strptime` and `fromisoformat`.
//!
//! Microsecond resolution and years 1..=9999 as in Python. Naive "now" is taken as UTC (the
//! evaluator has no notion of the local zone); timezones are fixed offsets only.

use std::any::Any;
use std::rc::Rc;

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};

use super::Interp;
use super::numbers::is_int;
use super::value::{Args, Builtin, BuiltinType, Object, PyException, PyResult, Value};
use crate::syntax::{BinOp, CmpOp};

const MAX_DAYS: i128 = 999_999_999;
const US_PER_DAY: i128 = 86_400_000_000;

const DATE_METHODS: &[&str] = &[
    "isoformat",
    "strftime",
    "weekday",
    "isoweekday",
    "replace",
    "toordinal",
    "isocalendar",
    "ctime",
    "timetuple",
];
const DATETIME_METHODS: &[&str] = &[
    "isoformat",
    "strftime",
    "weekday",
    "isoweekday",
    "replace",
    "toordinal",
    "isocalendar",
    "date",
    "time",
    "timestamp",
    "astimezone",
    "utcoffset",
    "tzname",
    "ctime",
    "timetz",
];
const TIME_METHODS: &[&str] = &["isoformat", "strftime", "replace", "utcoffset", "tzname"];
const TIMEDELTA_METHODS: &[&str] = &["total_seconds"];

pub(crate) fn has_method(v: &Value, name: &str) -> bool {
    match v {
        Value::Date(_) => DATE_METHODS.contains(&name),
        Value::DateTime(..) => DATETIME_METHODS.contains(&name),
        Value::Time(_) => TIME_METHODS.contains(&name),
        Value::TimeDelta(_) => TIMEDELTA_METHODS.contains(&name),
        _ => false,
    }
}

/// The UTC wall time of an aware datetime.
pub(crate) fn to_utc(dt: &NaiveDateTime, off: &FixedOffset) -> NaiveDateTime {
    *dt - TimeDelta::seconds(off.local_minus_utc() as i64)
}

/// Total microseconds of a timedelta.
pub(crate) fn td_micros(t: &TimeDelta) -> i128 {
    t.num_seconds() as i128 * 1_000_000 + (t.subsec_nanos() / 1000) as i128
}

fn td_from_micros(us: i128) -> Option<TimeDelta> {
    let secs = us.div_euclid(1_000_000);
    let micros = us.rem_euclid(1_000_000);
    TimeDelta::new(i64::try_from(secs).ok()?, (micros * 1000) as u32)
}

/// (days, seconds, microseconds) normalised as Python's timedelta stores them.
fn td_parts(t: &TimeDelta) -> (i128, i128, i128) {
    let us = td_micros(t);
    let days = us.div_euclid(US_PER_DAY);
    let rem = us.rem_euclid(US_PER_DAY);
    (days, rem / 1_000_000, rem % 1_000_000)
}

fn offset_text(off: &FixedOffset, colon: bool) -> String {
    let secs = off.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.abs();
    let (h, m, s) = (a / 3600, (a % 3600) / 60, a % 60);
    let sep = if colon { ":" } else { "" };
    if s != 0 {
        format!("{sign}{h:02}{sep}{m:02}{sep}{s:02}")
    } else {
        format!("{sign}{h:02}{sep}{m:02}")
    }
}

fn tz_repr(off: &FixedOffset) -> String {
    if off.local_minus_utc() == 0 {
        "datetime.timezone.utc".into()
    } else {
        let td = TimeDelta::seconds(off.local_minus_utc() as i64);
        format!("datetime.timezone({})", td_repr(&td))
    }
}

/// `repr(timedelta)`: `datetime.timedelta(days=1, seconds=5)`.
pub fn td_repr(t: &TimeDelta) -> String {
    let (d, s, us) = td_parts(t);
    let mut parts = Vec::new();
    if d != 0 {
        parts.push(format!("days={d}"));
    }
    if s != 0 {
        parts.push(format!("seconds={s}"));
    }
    if us != 0 {
        parts.push(format!("microseconds={us}"));
    }
    if parts.is_empty() {
        "datetime.timedelta(0)".into()
    } else {
        format!("datetime.timedelta({})", parts.join(", "))
    }
}

/// `str(timedelta)`: `1 day, 0:00:05`.
pub fn td_str(t: &TimeDelta) -> String {
    let (d, s, us) = td_parts(t);
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    let mut out = String::new();
    if d != 0 {
        out.push_str(&format!("{d} day{}, ", if d.abs() != 1 { "s" } else { "" }));
    }
    out.push_str(&format!("{h}:{m:02}:{sec:02}"));
    if us != 0 {
        out.push_str(&format!(".{us:06}"));
    }
    out
}

fn time_text(t: &NaiveTime, timespec: &str) -> String {
    let us = t.nanosecond() / 1000 % 1_000_000;
    let (h, m, s) = (t.hour(), t.minute(), t.second());
    match timespec {
        "hours" => format!("{h:02}"),
        "minutes" => format!("{h:02}:{m:02}"),
        "seconds" => format!("{h:02}:{m:02}:{s:02}"),
        "milliseconds" => format!("{h:02}:{m:02}:{s:02}.{:03}", us / 1000),
        "microseconds" => format!("{h:02}:{m:02}:{s:02}.{us:06}"),
        _ => {
            if us != 0 {
                format!("{h:02}:{m:02}:{s:02}.{us:06}")
            } else {
                format!("{h:02}:{m:02}:{s:02}")
            }
        }
    }
}

fn date_text(d: &NaiveDate) -> String {
    let mut s = String::with_capacity(10);
    match u32::try_from(d.year()) {
        Ok(year) => push_padded(&mut s, year, 4),
        Err(_) => s.push_str(&format!("{:04}", d.year())),
    }
    s.push('-');
    push_padded(&mut s, d.month(), 2);
    s.push('-');
    push_padded(&mut s, d.day(), 2);
    s
}

/// `n` zero-padded to `width` digits, as `{:0width$}` writes it (a date in every row shown
/// comes through here, so without the formatting machinery).
fn push_padded(s: &mut String, n: u32, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n);
    s.extend(std::iter::repeat_n('0', width.saturating_sub(digits.len())));
    s.push_str(digits);
}

fn datetime_text(
    dt: &NaiveDateTime,
    tz: &Option<FixedOffset>,
    sep: &str,
    timespec: &str,
) -> String {
    let mut s = format!(
        "{}{sep}{}",
        date_text(&dt.date()),
        time_text(&dt.time(), timespec)
    );
    if let Some(o) = tz {
        s.push_str(&offset_text(o, true));
    }
    s
}

fn time_fields_repr(t: &NaiveTime) -> String {
    let us = t.nanosecond() / 1000 % 1_000_000;
    let mut s = format!("{}, {}", t.hour(), t.minute());
    if t.second() != 0 || us != 0 {
        s.push_str(&format!(", {}", t.second()));
    }
    if us != 0 {
        s.push_str(&format!(", {us}"));
    }
    s
}

pub(crate) fn repr_datetime_value(v: &Value) -> String {
    match v {
        Value::Date(d) => format!("datetime.date({}, {}, {})", d.year(), d.month(), d.day()),
        Value::DateTime(dt, tz) => {
            let mut s = format!(
                "datetime.datetime({}, {}, {}, {}",
                dt.year(),
                dt.month(),
                dt.day(),
                time_fields_repr(&dt.time())
            );
            if let Some(o) = tz {
                s.push_str(&format!(", tzinfo={}", tz_repr(o)));
            }
            s.push(')');
            s
        }
        Value::Time(t) => format!("datetime.time({})", time_fields_repr(t)),
        Value::TimeDelta(t) => td_repr(t),
        _ => String::new(),
    }
}

pub(crate) fn str_datetime_value(v: &Value) -> String {
    match v {
        Value::Date(d) => date_text(d),
        Value::DateTime(dt, tz) => datetime_text(dt, tz, " ", "auto"),
        Value::Time(t) => time_text(t, "auto"),
        Value::TimeDelta(t) => td_str(t),
        _ => String::new(),
    }
}

const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A fixed-offset `datetime.timezone`.
pub(crate) struct TzInfo(pub FixedOffset);

impl Object for TzInfo {
    fn type_name(&self) -> String {
        "datetime.timezone".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(tz_repr(&self.0))
    }
    fn str(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(if self.0.local_minus_utc() == 0 {
            "UTC".into()
        } else {
            format!("UTC{}", offset_text(&self.0, true))
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "utcoffset" | "tzname" | "dst")
    }
    fn call_method(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        _args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        match name {
            "utcoffset" => it.timedelta_value(TimeDelta::seconds(self.0.local_minus_utc() as i64)),
            "tzname" => Ok(Value::str(&self.str(it)?)),
            "dst" => Ok(Value::None),
            _ => {
                let _ = me;
                Err(it.attribute_error("datetime.timezone", name))
            }
        }
    }
    fn compare(
        &self,
        _me: &Rc<dyn Object>,
        op: CmpOp,
        other: &Value,
        _it: &mut Interp,
    ) -> PyResult<Option<bool>> {
        let same = match other {
            Value::Object(o) => o
                .as_any()
                .downcast_ref::<TzInfo>()
                .is_some_and(|t| t.0 == self.0),
            _ => false,
        };
        Ok(match op {
            CmpOp::Eq => Some(same),
            CmpOp::NotEq => Some(!same),
            _ => None,
        })
    }
    fn hash(&self, _me: &Rc<dyn Object>) -> Option<u64> {
        Some(self.0.local_minus_utc() as u64)
    }
    fn is_instance_of(&self, cls: &Value) -> bool {
        matches!(cls, Value::Object(o) if o.as_any().is::<TimezoneClass>())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The `datetime.timezone` class: `timezone(timedelta(hours=1))`, `timezone.utc`.
pub(crate) struct TimezoneClass;

impl Object for TimezoneClass {
    fn type_name(&self) -> String {
        "type".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<class 'datetime.timezone'>".into())
    }
    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(match name {
            "utc" => Some(utc_value()),
            "__name__" => Some(Value::str("timezone")),
            _ => None,
        })
    }
    fn call(&self, _me: &Rc<dyn Object>, mut args: Args, it: &mut Interp) -> PyResult<Value> {
        let kw = it.take_kwargs(&mut args, "timezone", &["offset", "name"])?;
        let off = kw[0].clone().or_else(|| args.positional.first().cloned());
        let Some(Value::TimeDelta(td)) = off else {
            return Err(it.type_error("timezone() argument 1 must be datetime.timedelta"));
        };
        let us = td_micros(&td);
        if us.abs() >= US_PER_DAY {
            return Err(it.value_error(format!(
                "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not {}.",
                td_repr(&td)
            )));
        }
        match FixedOffset::east_opt((us / 1_000_000) as i32) {
            Some(o) => Ok(Value::object(TzInfo(o))),
            None => Err(it.value_error("invalid offset")),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub(crate) fn utc_value() -> Value {
    use chrono::Offset;
    Value::object(TzInfo(chrono::Utc.fix()))
}

fn now_utc() -> NaiveDateTime {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let micros = d.as_micros() as i64;
    chrono::DateTime::from_timestamp_micros(micros)
        .map(|x| x.naive_utc())
        .unwrap_or_default()
}

impl Interp {
    /// A timedelta value, range-checked like Python's.
    pub(crate) fn timedelta_value(&self, t: TimeDelta) -> PyResult<Value> {
        let (d, _, _) = td_parts(&t);
        if d.abs() > MAX_DAYS {
            return Err(self.overflow_error(format!("days={d}; must have magnitude <= 999999999")));
        }
        // Truncate to microseconds.
        match td_from_micros(td_micros(&t)) {
            Some(t) => Ok(Value::TimeDelta(t)),
            None => Err(self.overflow_error("timedelta out of range")),
        }
    }

    fn date_out_of_range(&self) -> Rc<PyException> {
        self.overflow_error("date value out of range")
    }

    fn check_date(&self, d: NaiveDate) -> PyResult<NaiveDate> {
        if (1..=9999).contains(&d.year()) {
            Ok(d)
        } else {
            Err(self.date_out_of_range())
        }
    }

    fn check_datetime(&self, d: NaiveDateTime) -> PyResult<NaiveDateTime> {
        if (1..=9999).contains(&d.year()) {
            Ok(d)
        } else {
            Err(self.date_out_of_range())
        }
    }

    /// Date/time arithmetic; `None` when no operand is a date/time type this handles.
    pub(crate) fn datetime_op(
        &mut self,
        op: BinOp,
        a: &Value,
        b: &Value,
    ) -> Option<PyResult<Value>> {
        use Value as V;
        let r = match (op, a, b) {
            (BinOp::Add, V::Date(d), V::TimeDelta(t))
            | (BinOp::Add, V::TimeDelta(t), V::Date(d)) => {
                let days = chrono::TimeDelta::days(td_parts(t).0 as i64);
                d.checked_add_signed(days)
                    .ok_or_else(|| self.date_out_of_range())
                    .and_then(|d| self.check_date(d))
                    .map(V::Date)
            }
            (BinOp::Sub, V::Date(d), V::TimeDelta(t)) => {
                let days = chrono::TimeDelta::days(-(td_parts(t).0 as i64));
                d.checked_add_signed(days)
                    .ok_or_else(|| self.date_out_of_range())
                    .and_then(|d| self.check_date(d))
                    .map(V::Date)
            }
            (BinOp::Sub, V::Date(x), V::Date(y)) => {
                self.timedelta_value(x.signed_duration_since(*y))
            }
            (BinOp::Add, V::DateTime(dt, tz), V::TimeDelta(t))
            | (BinOp::Add, V::TimeDelta(t), V::DateTime(dt, tz)) => dt
                .checked_add_signed(*t)
                .ok_or_else(|| self.date_out_of_range())
                .and_then(|d| self.check_datetime(d))
                .map(|d| V::DateTime(d, *tz)),
            (BinOp::Sub, V::DateTime(dt, tz), V::TimeDelta(t)) => dt
                .checked_add_signed(-*t)
                .ok_or_else(|| self.date_out_of_range())
                .and_then(|d| self.check_datetime(d))
                .map(|d| V::DateTime(d, *tz)),
            (BinOp::Sub, V::DateTime(x, tx), V::DateTime(y, ty)) => match (tx, ty) {
                (None, None) => self.timedelta_value(x.signed_duration_since(*y)),
                (Some(ox), Some(oy)) => {
                    self.timedelta_value(to_utc(x, ox).signed_duration_since(to_utc(y, oy)))
                }
                _ => Err(self.type_error("can't subtract offset-naive and offset-aware datetimes")),
            },
            (BinOp::Add | BinOp::Sub, V::TimeDelta(x), V::TimeDelta(y)) => {
                let us = if op == BinOp::Add {
                    td_micros(x) + td_micros(y)
                } else {
                    td_micros(x) - td_micros(y)
                };
                self.td_from_total(us)
            }
            (BinOp::Mul, V::TimeDelta(t), n) | (BinOp::Mul, n, V::TimeDelta(t)) if is_int(n) => {
                let k = match super::numbers::to_big(n)
                    .and_then(|b| num_traits::ToPrimitive::to_i128(&b))
                {
                    Some(k) => k,
                    None => {
                        return Some(Err(
                            self.overflow_error("Python int too large to convert to C int")
                        ));
                    }
                };
                match td_micros(t).checked_mul(k) {
                    Some(us) => self.td_from_total(us),
                    None => Err(self.overflow_error("date value out of range")),
                }
            }
            (BinOp::Mul, V::TimeDelta(t), V::Float(f))
            | (BinOp::Mul, V::Float(f), V::TimeDelta(t)) => {
                let us = td_micros(t) as f64 * f;
                if !us.is_finite() {
                    return Some(Err(
                        self.overflow_error("cannot convert float infinity to integer")
                    ));
                }
                self.td_from_total(us.round_ties_even() as i128)
            }
            (BinOp::Div, V::TimeDelta(x), V::TimeDelta(y)) => {
                let d = td_micros(y);
                if d == 0 {
                    return Some(Err(self.zero_division("division by zero")));
                }
                Ok(V::Float(td_micros(x) as f64 / d as f64))
            }
            (BinOp::Div, V::TimeDelta(t), n) if is_int(n) || matches!(n, V::Float(_)) => {
                let f = match n {
                    V::Float(f) => *f,
                    other => other.as_i64().map(|i| i as f64).unwrap_or(f64::INFINITY),
                };
                if f == 0.0 {
                    return Some(Err(if is_int(n) {
                        self.zero_division("integer division or modulo by zero")
                    } else {
                        self.zero_division("float division by zero")
                    }));
                }
                self.td_from_total((td_micros(t) as f64 / f).round_ties_even() as i128)
            }
            (BinOp::FloorDiv, V::TimeDelta(x), V::TimeDelta(y)) => {
                let d = td_micros(y);
                if d == 0 {
                    return Some(Err(self.zero_division("integer division or modulo by zero")));
                }
                Ok(Value::from_bigint(num_bigint::BigInt::from(
                    td_micros(x).div_euclid(d),
                )))
            }
            (BinOp::FloorDiv, V::TimeDelta(t), n) if is_int(n) => {
                let k = n.as_i64().unwrap_or(i64::MAX) as i128;
                if k == 0 {
                    return Some(Err(self.zero_division("integer division or modulo by zero")));
                }
                self.td_from_total(td_micros(t).div_euclid(k))
            }
            (BinOp::Mod, V::TimeDelta(x), V::TimeDelta(y)) => {
                let d = td_micros(y);
                if d == 0 {
                    return Some(Err(self.zero_division("integer division or modulo by zero")));
                }
                self.td_from_total(
                    td_micros(x).rem_euclid(d)
                        + if d < 0 && td_micros(x).rem_euclid(d) != 0 {
                            d
                        } else {
                            0
                        },
                )
            }
            (BinOp::Mul, V::TimeDelta(_), other) | (BinOp::Mul, other, V::TimeDelta(_))
                if matches!(other, V::Str(_) | V::List(_) | V::Tuple(_)) =>
            {
                Err(self
                    .type_error("can't multiply sequence by non-int of type 'datetime.timedelta'"))
            }
            _ => return None,
        };
        Some(r)
    }

    fn td_from_total(&self, us: i128) -> PyResult<Value> {
        let days = us.div_euclid(US_PER_DAY);
        if days.abs() > MAX_DAYS {
            return Err(
                self.overflow_error(format!("days={days}; must have magnitude <= 999999999"))
            );
        }
        match td_from_micros(us) {
            Some(t) => Ok(Value::TimeDelta(t)),
            None => Err(self.overflow_error("timedelta out of range")),
        }
    }

    /// Attributes of date/time values.
    pub(crate) fn datetime_attr(&mut self, v: &Value, name: &str) -> PyResult<Option<Value>> {
        let tz_value = |tz: &Option<FixedOffset>| match tz {
            Some(o) => Value::object(TzInfo(*o)),
            None => Value::None,
        };
        Ok(match v {
            Value::Date(d) => match name {
                "year" => Some(Value::Int(d.year() as i64)),
                "month" => Some(Value::Int(d.month() as i64)),
                "day" => Some(Value::Int(d.day() as i64)),
                _ => None,
            },
            Value::DateTime(dt, tz) => match name {
                "year" => Some(Value::Int(dt.year() as i64)),
                "month" => Some(Value::Int(dt.month() as i64)),
                "day" => Some(Value::Int(dt.day() as i64)),
                "hour" => Some(Value::Int(dt.hour() as i64)),
                "minute" => Some(Value::Int(dt.minute() as i64)),
                "second" => Some(Value::Int(dt.second() as i64)),
                "microsecond" => Some(Value::Int((dt.nanosecond() / 1000 % 1_000_000) as i64)),
                "tzinfo" => Some(tz_value(tz)),
                "fold" => Some(Value::Int(0)),
                _ => None,
            },
            Value::Time(t) => match name {
                "hour" => Some(Value::Int(t.hour() as i64)),
                "minute" => Some(Value::Int(t.minute() as i64)),
                "second" => Some(Value::Int(t.second() as i64)),
                "microsecond" => Some(Value::Int((t.nanosecond() / 1000 % 1_000_000) as i64)),
                "tzinfo" => Some(Value::None),
                "fold" => Some(Value::Int(0)),
                _ => None,
            },
            Value::TimeDelta(t) => {
                let (d, s, us) = td_parts(t);
                match name {
                    "days" => Some(Value::Int(d as i64)),
                    "seconds" => Some(Value::Int(s as i64)),
                    "microseconds" => Some(Value::Int(us as i64)),
                    _ => None,
                }
            }
            _ => None,
        })
    }

    /// Methods of date/time values.
    pub(crate) fn datetime_method(
        &mut self,
        v: &Value,
        name: &str,
        mut args: Args,
    ) -> PyResult<Value> {
        match (v, name) {
            (Value::TimeDelta(t), "total_seconds") => {
                self.check_no_args(&args, "timedelta.total_seconds")?;
                Ok(Value::Float(td_micros(t) as f64 / 1e6))
            }
            (_, "strftime") => {
                let f = self.exactly_one(args, "strftime")?;
                match &f {
                    Value::Str(fmt) => Ok(Value::str(&self.strftime(v, fmt)?)),
                    other => Err(self.type_error(format!(
                        "strftime() argument 1 must be str, not {}",
                        other.tp_name()
                    ))),
                }
            }
            (_, "isoformat") => {
                let kw = self.take_kwargs(&mut args, "isoformat", &["sep", "timespec"])?;
                let (sep_pos, ts_pos) = if matches!(v, Value::Time(_)) {
                    (None, 0)
                } else {
                    (Some(0), 1)
                };
                let sep = kw[0]
                    .clone()
                    .or_else(|| sep_pos.and_then(|i| args.positional.get(i).cloned()));
                let ts = kw[1]
                    .clone()
                    .or_else(|| args.positional.get(ts_pos).cloned());
                let sep = match &sep {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => "T".into(),
                };
                let ts = match &ts {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => "auto".into(),
                };
                if !matches!(
                    ts.as_str(),
                    "auto" | "hours" | "minutes" | "seconds" | "milliseconds" | "microseconds"
                ) {
                    return Err(self.value_error("Unknown timespec value"));
                }
                Ok(Value::str(&match v {
                    Value::Date(d) => date_text(d),
                    Value::DateTime(dt, tz) => datetime_text(dt, tz, &sep, &ts),
                    Value::Time(t) => time_text(t, &ts),
                    _ => String::new(),
                }))
            }
            (Value::Date(d), "weekday") => {
                Ok(Value::Int(d.weekday().num_days_from_monday() as i64))
            }
            (Value::DateTime(d, _), "weekday") => {
                Ok(Value::Int(d.weekday().num_days_from_monday() as i64))
            }
            (Value::Date(d), "isoweekday") => {
                Ok(Value::Int(d.weekday().number_from_monday() as i64))
            }
            (Value::DateTime(d, _), "isoweekday") => {
                Ok(Value::Int(d.weekday().number_from_monday() as i64))
            }
            (Value::Date(d), "toordinal") => Ok(Value::Int(d.num_days_from_ce() as i64)),
            (Value::DateTime(d, _), "toordinal") => {
                Ok(Value::Int(d.date().num_days_from_ce() as i64))
            }
            (Value::Date(_) | Value::DateTime(..), "isocalendar") => {
                let d = match v {
                    Value::Date(d) => *d,
                    Value::DateTime(dt, _) => dt.date(),
                    _ => NaiveDate::default(),
                };
                let w = d.iso_week();
                Ok(Value::tuple(vec![
                    Value::Int(w.year() as i64),
                    Value::Int(w.week() as i64),
                    Value::Int(d.weekday().number_from_monday() as i64),
                ]))
            }
            (Value::Date(_) | Value::DateTime(..), "ctime") => {
                Ok(Value::str(&self.strftime(v, "%a %b %e %H:%M:%S %Y")?))
            }
            (Value::DateTime(dt, _), "date") => Ok(Value::Date(dt.date())),
            (Value::DateTime(dt, _), "time" | "timetz") => Ok(Value::Time(dt.time())),
            (Value::DateTime(dt, tz), "timestamp") => {
                let utc = match tz {
                    Some(o) => to_utc(dt, o),
                    None => *dt,
                };
                let us = td_micros(&utc.signed_duration_since(NaiveDateTime::default()));
                Ok(Value::Float(us as f64 / 1e6))
            }
            (Value::DateTime(dt, tz), "astimezone") => {
                let target = args
                    .positional
                    .first()
                    .cloned()
                    .or_else(|| args.keyword("tz").cloned());
                let utc = match tz {
                    Some(o) => to_utc(dt, o),
                    None => *dt,
                };
                let off = match target {
                    None | Some(Value::None) => FixedOffset::east_opt(0),
                    Some(Value::Object(o)) => o.as_any().downcast_ref::<TzInfo>().map(|t| t.0),
                    Some(_) => None,
                };
                let Some(off) = off else {
                    return Err(
                        self.type_error("tzinfo argument must be None or of a tzinfo subclass")
                    );
                };
                let local = utc + TimeDelta::seconds(off.local_minus_utc() as i64);
                Ok(Value::DateTime(self.check_datetime(local)?, Some(off)))
            }
            (Value::DateTime(_, tz), "utcoffset") => match tz {
                Some(o) => self.timedelta_value(TimeDelta::seconds(o.local_minus_utc() as i64)),
                None => Ok(Value::None),
            },
            (Value::DateTime(_, tz), "tzname") => match tz {
                Some(o) => {
                    let t = TzInfo(*o);
                    Ok(Value::str(&t.str(self)?))
                }
                None => Ok(Value::None),
            },
            (Value::Time(_), "utcoffset" | "tzname") => Ok(Value::None),
            (_, "replace") => self.datetime_replace(v, args),
            (_, "timetuple") => Err(self.not_implemented("timetuple() is not supported")),
            _ => Err(self.attribute_error(&v.tp_name(), name)),
        }
    }

    fn datetime_replace(&mut self, v: &Value, mut args: Args) -> PyResult<Value> {
        let names = [
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "microsecond",
            "tzinfo",
        ];
        let kw = self.take_kwargs(&mut args, "replace", &names)?;
        let (mut y, mut mo, mut d, mut h, mut mi, mut s, mut us, mut tz): (
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            Option<FixedOffset>,
        ) = match v {
            Value::Date(x) => (
                x.year() as i64,
                x.month() as i64,
                x.day() as i64,
                0,
                0,
                0,
                0,
                None,
            ),
            Value::DateTime(x, t) => (
                x.year() as i64,
                x.month() as i64,
                x.day() as i64,
                x.hour() as i64,
                x.minute() as i64,
                x.second() as i64,
                (x.nanosecond() / 1000 % 1_000_000) as i64,
                *t,
            ),
            Value::Time(x) => (
                1,
                1,
                1,
                x.hour() as i64,
                x.minute() as i64,
                x.second() as i64,
                (x.nanosecond() / 1000 % 1_000_000) as i64,
                None,
            ),
            _ => return Err(self.type_error("replace")),
        };
        let order: &[usize] = match v {
            Value::Date(_) => &[0, 1, 2],
            Value::DateTime(..) => &[0, 1, 2, 3, 4, 5, 6, 7],
            _ => &[3, 4, 5, 6, 7],
        };
        let mut vals: Vec<Option<Value>> = kw;
        for (i, p) in args.positional.iter().enumerate() {
            match order.get(i) {
                Some(&slot) => vals[slot] = Some(p.clone()),
                None => {
                    return Err(self.type_error("replace() takes too many positional arguments"));
                }
            }
        }
        for (slot, val) in vals.iter().enumerate() {
            let Some(val) = val else { continue };
            if slot == 7 {
                tz = self.tz_arg(val)?;
                continue;
            }
            if !order.contains(&slot) {
                return Err(self.type_error(format!(
                    "'{}' is an invalid keyword argument for replace()",
                    names[slot]
                )));
            }
            let n = self.int_arg(val)?;
            match slot {
                0 => y = n,
                1 => mo = n,
                2 => d = n,
                3 => h = n,
                4 => mi = n,
                5 => s = n,
                _ => us = n,
            }
        }
        match v {
            Value::Date(_) => Ok(Value::Date(self.make_date(y, mo, d)?)),
            Value::DateTime(..) => {
                let date = self.make_date(y, mo, d)?;
                let time = self.make_time(h, mi, s, us)?;
                Ok(Value::DateTime(NaiveDateTime::new(date, time), tz))
            }
            _ => Ok(Value::Time(self.make_time(h, mi, s, us)?)),
        }
    }

    fn tz_arg(&self, v: &Value) -> PyResult<Option<FixedOffset>> {
        match v {
            Value::None => Ok(None),
            Value::Object(o) => match o.as_any().downcast_ref::<TzInfo>() {
                Some(t) => Ok(Some(t.0)),
                None => Err(self.type_error(format!(
                    "tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
                    o.type_name()
                ))),
            },
            other => Err(self.type_error(format!(
                "tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
                other.tp_name()
            ))),
        }
    }

    fn make_date(&self, y: i64, m: i64, d: i64) -> PyResult<NaiveDate> {
        if !(1..=9999).contains(&y) {
            return Err(self.value_error(format!("year {y} is out of range")));
        }
        if !(1..=12).contains(&m) {
            return Err(self.value_error("month must be in 1..12"));
        }
        NaiveDate::from_ymd_opt(y as i32, m as u32, d.clamp(0, 99) as u32)
            .filter(|_| d >= 1)
            .ok_or_else(|| self.value_error("day is out of range for month"))
    }

    fn make_time(&self, h: i64, mi: i64, s: i64, us: i64) -> PyResult<NaiveTime> {
        if !(0..=23).contains(&h) {
            return Err(self.value_error("hour must be in 0..23"));
        }
        if !(0..=59).contains(&mi) {
            return Err(self.value_error("minute must be in 0..59"));
        }
        if !(0..=59).contains(&s) {
            return Err(self.value_error("second must be in 0..59"));
        }
        if !(0..=999_999).contains(&us) {
            return Err(self.value_error("microsecond must be in 0..999999"));
        }
        NaiveTime::from_hms_micro_opt(h as u32, mi as u32, s as u32, us as u32)
            .ok_or_else(|| self.value_error("invalid time"))
    }

    /// An int argument of a date/time constructor (`'float' object cannot be interpreted as an integer`).
    fn dt_int(&self, v: &Value) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            Value::BigInt(_) => Err(self.overflow_error("signed integer is greater than maximum")),
            _ => Err(self.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.tp_name()
            ))),
        }
    }

    /// `date(...)`, `datetime(...)`, `time(...)`, `timedelta(...)`.
    pub(crate) fn construct_datetime(&mut self, t: BuiltinType, mut args: Args) -> PyResult<Value> {
        match t {
            BuiltinType::TimeDelta => {
                let names = [
                    "days",
                    "seconds",
                    "microseconds",
                    "milliseconds",
                    "minutes",
                    "hours",
                    "weeks",
                ];
                let kw = self.take_kwargs(&mut args, "__new__", &names)?;
                if args.positional.len() > 7 {
                    return Err(self.type_error("timedelta() takes at most 7 arguments"));
                }
                let mut vals = kw;
                for (i, p) in args.positional.iter().enumerate() {
                    vals[i] = Some(p.clone());
                }
                const SCALE: [f64; 7] = [86_400e6, 1e6, 1.0, 1e3, 60e6, 3600e6, 604_800e6];
                const ISCALE: [i128; 7] = [
                    86_400_000_000,
                    1_000_000,
                    1,
                    1000,
                    60_000_000,
                    3_600_000_000,
                    604_800_000_000,
                ];
                let mut total: i128 = 0;
                let mut frac: f64 = 0.0;
                for (i, v) in vals.iter().enumerate() {
                    let Some(v) = v else { continue };
                    match v {
                        Value::Float(f) => {
                            if !f.is_finite() {
                                return Err(
                                    self.overflow_error("cannot convert float infinity to integer")
                                );
                            }
                            frac += f * SCALE[i];
                        }
                        Value::Decimal(d) => {
                            use rust_decimal::prelude::ToPrimitive;
                            frac += d.to_f64().unwrap_or(0.0) * SCALE[i];
                        }
                        v if is_int(v) => {
                            let n = super::numbers::to_big(v)
                                .and_then(|b| num_traits::ToPrimitive::to_i128(&b));
                            let Some(n) = n.and_then(|n| n.checked_mul(ISCALE[i])) else {
                                return Err(
                                    self.overflow_error("Python int too large to convert to C int")
                                );
                            };
                            total = total.saturating_add(n);
                        }
                        other => {
                            return Err(self.type_error(format!(
                                "unsupported type for timedelta {} component: {}",
                                names[i],
                                other.tp_name()
                            )));
                        }
                    }
                }
                if frac.abs() > 1e30 {
                    return Err(
                        self.overflow_error("days=1000000000; must have magnitude <= 999999999")
                    );
                }
                total = total.saturating_add(frac.round_ties_even() as i128);
                self.td_from_total(total)
            }
            BuiltinType::Date => {
                let names = ["year", "month", "day"];
                let vals = self.dt_args(args, "date", &names)?;
                let y = self.dt_required(&vals, 0, "year", 1)?;
                let m = self.dt_required(&vals, 1, "month", 2)?;
                let d = self.dt_required(&vals, 2, "day", 3)?;
                Ok(Value::Date(self.make_date(y, m, d)?))
            }
            BuiltinType::DateTime => {
                let names = [
                    "year",
                    "month",
                    "day",
                    "hour",
                    "minute",
                    "second",
                    "microsecond",
                    "tzinfo",
                    "fold",
                ];
                let vals = self.dt_args(args, "datetime", &names)?;
                let y = self.dt_required(&vals, 0, "year", 1)?;
                let m = self.dt_required(&vals, 1, "month", 2)?;
                let d = self.dt_required(&vals, 2, "day", 3)?;
                let mut hms = [0i64; 4];
                for (k, slot) in hms.iter_mut().enumerate() {
                    if let Some(v) = &vals[3 + k] {
                        *slot = self.dt_int(v)?;
                    }
                }
                let tz = match &vals[7] {
                    Some(v) => self.tz_arg(v)?,
                    None => None,
                };
                let date = self.make_date(y, m, d)?;
                let time = self.make_time(hms[0], hms[1], hms[2], hms[3])?;
                Ok(Value::DateTime(NaiveDateTime::new(date, time), tz))
            }
            BuiltinType::Time => {
                let names = ["hour", "minute", "second", "microsecond", "tzinfo", "fold"];
                let vals = self.dt_args(args, "time", &names)?;
                let mut hms = [0i64; 4];
                for (k, slot) in hms.iter_mut().enumerate() {
                    if let Some(v) = &vals[k] {
                        *slot = self.dt_int(v)?;
                    }
                }
                if let Some(v) = &vals[4]
                    && self.tz_arg(v)?.is_some()
                {
                    return Err(self.not_implemented("aware time objects are not supported"));
                }
                Ok(Value::Time(self.make_time(hms[0], hms[1], hms[2], hms[3])?))
            }
            _ => Err(self.type_error("not a date/time type")),
        }
    }

    fn dt_args(&self, mut args: Args, func: &str, names: &[&str]) -> PyResult<Vec<Option<Value>>> {
        let kw = self.take_kwargs(&mut args, func, names)?;
        if args.positional.len() > names.len() {
            return Err(self.type_error(format!(
                "function takes at most {} arguments ({} given)",
                names.len(),
                args.positional.len()
            )));
        }
        let mut vals = kw;
        for (i, p) in args.positional.into_iter().enumerate() {
            if vals[i].is_some() {
                return Err(self.type_error(format!(
                    "argument for function given by name ('{}') and position ({})",
                    names[i],
                    i + 1
                )));
            }
            vals[i] = Some(p);
        }
        Ok(vals)
    }

    fn dt_required(
        &self,
        vals: &[Option<Value>],
        i: usize,
        name: &str,
        pos: usize,
    ) -> PyResult<i64> {
        match &vals[i] {
            Some(v) => self.dt_int(v),
            None => Err(self.type_error(format!(
                "function missing required argument '{name}' (pos {pos})"
            ))),
        }
    }

    /// Class attributes of the date/time types (`date.today`, `datetime.now`, `timedelta.max`, ...).
    pub(crate) fn datetime_type_attr(
        &mut self,
        t: BuiltinType,
        name: &str,
    ) -> PyResult<Option<Value>> {
        let f =
            |n: &str, func: fn(&mut Interp, Args) -> PyResult<Value>| Some(Builtin::value(n, func));
        Ok(match (t, name) {
            (BuiltinType::Date, "today") => f("today", |it, a| {
                it.check_no_args(&a, "today")?;
                Ok(Value::Date(now_utc().date()))
            }),
            (BuiltinType::DateTime, "today") => f("today", |it, a| {
                it.check_no_args(&a, "today")?;
                Ok(Value::DateTime(now_utc(), None))
            }),
            (BuiltinType::DateTime, "now") => f("now", |it, mut a| {
                let kw = it.take_kwargs(&mut a, "now", &["tz"])?;
                let tz = kw[0].clone().or_else(|| a.positional.first().cloned());
                let tz = match tz {
                    Some(v) => it.tz_arg(&v)?,
                    None => None,
                };
                let now = now_utc();
                Ok(match tz {
                    Some(o) => Value::DateTime(
                        now + TimeDelta::seconds(o.local_minus_utc() as i64),
                        Some(o),
                    ),
                    None => Value::DateTime(now, None),
                })
            }),
            (BuiltinType::DateTime, "utcnow") => {
                f("utcnow", |_, _| Ok(Value::DateTime(now_utc(), None)))
            }
            (BuiltinType::Date, "fromisoformat") => f("fromisoformat", |it, a| {
                let s = it.exactly_one(a, "fromisoformat")?;
                let Value::Str(s) = &s else {
                    return Err(it.type_error(format!(
                        "fromisoformat: argument must be str, not {}",
                        s.tp_name()
                    )));
                };
                it.parse_iso_date(s, s).map(Value::Date)
            }),
            (BuiltinType::DateTime, "fromisoformat") => f("fromisoformat", |it, a| {
                let s = it.exactly_one(a, "fromisoformat")?;
                let Value::Str(s) = &s else {
                    return Err(it.type_error(format!(
                        "fromisoformat: argument must be str, not {}",
                        s.tp_name()
                    )));
                };
                it.parse_iso_datetime(s)
            }),
            (BuiltinType::DateTime, "combine") => f("combine", |it, a| {
                it.check_positional(&a, "combine", 2, 3)?;
                match (&a.positional[0], &a.positional[1]) {
                    (Value::Date(d), Value::Time(t)) => {
                        let tz = match a.positional.get(2) {
                            Some(v) => it.tz_arg(v)?,
                            None => None,
                        };
                        Ok(Value::DateTime(NaiveDateTime::new(*d, *t), tz))
                    }
                    (Value::DateTime(dt, _), Value::Time(t)) => {
                        Ok(Value::DateTime(NaiveDateTime::new(dt.date(), *t), None))
                    }
                    _ => Err(it.type_error("combine() argument 1 must be datetime.date")),
                }
            }),
            (BuiltinType::DateTime, "strptime") => f("strptime", |it, a| {
                it.check_positional(&a, "strptime", 2, 2)?;
                match (&a.positional[0], &a.positional[1]) {
                    (Value::Str(s), Value::Str(fmt)) => it.strptime(s, fmt),
                    (x, _) => Err(it.type_error(format!(
                        "strptime() argument 1 must be str, not {}",
                        x.tp_name()
                    ))),
                }
            }),
            (BuiltinType::DateTime | BuiltinType::Date, "fromtimestamp") => {
                let is_date = t == BuiltinType::Date;
                let b = Builtin::new("fromtimestamp", move |it: &mut Interp, mut a: Args| {
                    let kw = it.take_kwargs(&mut a, "fromtimestamp", &["tz"])?;
                    let Some(ts) = a.positional.first() else {
                        return Err(it.type_error(
                            "fromtimestamp() missing required argument 'timestamp' (pos 1)",
                        ));
                    };
                    let secs = it
                        .to_f64(ts)?
                        .ok_or_else(|| it.type_error("an integer is required"))?;
                    let us = (secs * 1e6).round_ties_even();
                    if !us.is_finite() || us.abs() > 2.5e17 {
                        return Err(it.overflow_error("timestamp out of range for platform time_t"));
                    }
                    let dt = chrono::DateTime::from_timestamp_micros(us as i64)
                        .map(|x| x.naive_utc())
                        .ok_or_else(|| it.overflow_error("timestamp out of range"))?;
                    let tz = match kw[0].clone().or_else(|| a.positional.get(1).cloned()) {
                        Some(v) => it.tz_arg(&v)?,
                        None => None,
                    };
                    let local = match tz {
                        Some(o) => dt + TimeDelta::seconds(o.local_minus_utc() as i64),
                        None => dt,
                    };
                    Ok(if is_date {
                        Value::Date(local.date())
                    } else {
                        Value::DateTime(local, tz)
                    })
                });
                Some(Value::Builtin(Rc::new(b)))
            }
            (BuiltinType::Date, "min") => Some(Value::Date(
                NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default(),
            )),
            (BuiltinType::Date, "max") => Some(Value::Date(
                NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default(),
            )),
            (BuiltinType::DateTime, "min") => Some(Value::DateTime(
                NaiveDate::from_ymd_opt(1, 1, 1)
                    .unwrap_or_default()
                    .and_time(NaiveTime::MIN),
                None,
            )),
            (BuiltinType::DateTime, "max") => Some(Value::DateTime(
                NaiveDateTime::new(
                    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default(),
                    NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or_default(),
                ),
                None,
            )),
            (BuiltinType::TimeDelta, "max") => {
                Some(self.td_from_total((MAX_DAYS + 1) * US_PER_DAY - 1)?)
            }
            (BuiltinType::TimeDelta, "min") => Some(self.td_from_total(-MAX_DAYS * US_PER_DAY)?),
            (BuiltinType::TimeDelta, "resolution") => Some(self.td_from_total(1)?),
            (BuiltinType::Time, "min") => Some(Value::Time(NaiveTime::MIN)),
            (BuiltinType::Time, "max") => Some(Value::Time(
                NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or_default(),
            )),
            _ => None,
        })
    }

    fn parse_iso_date(&self, s: &str, whole: &str) -> PyResult<NaiveDate> {
        let bad = || {
            self.value_error(format!(
                "Invalid isoformat string: {}",
                super::repr::str_repr(whole)
            ))
        };
        let digits = |x: &str| -> Option<i64> {
            if !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()) {
                x.parse().ok()
            } else {
                None
            }
        };
        let (y, m, d) = if s.len() == 10
            && s.as_bytes().get(4) == Some(&b'-')
            && s.as_bytes().get(7) == Some(&b'-')
        {
            (digits(&s[0..4]), digits(&s[5..7]), digits(&s[8..10]))
        } else if s.len() == 8 && s.is_ascii() {
            (digits(&s[0..4]), digits(&s[4..6]), digits(&s[6..8]))
        } else {
            return Err(bad());
        };
        match (y, m, d) {
            (Some(y), Some(m), Some(d)) => self.make_date(y, m, d),
            _ => Err(bad()),
        }
    }

    fn parse_iso_datetime(&self, s: &str) -> PyResult<Value> {
        let bad = || {
            self.value_error(format!(
                "Invalid isoformat string: {}",
                super::repr::str_repr(s)
            ))
        };
        if !s.is_ascii() || s.len() < 8 {
            return Err(bad());
        }
        let date_len = if s.len() >= 10 && s.as_bytes()[4] == b'-' {
            10
        } else {
            8
        };
        if s.len() < date_len {
            return Err(bad());
        }
        let date = self.parse_iso_date(&s[..date_len], s)?;
        if s.len() == date_len {
            return Ok(Value::DateTime(date.and_time(NaiveTime::MIN), None));
        }
        let rest = &s[date_len + 1..];
        // Split off a UTC offset.
        let (time_part, tz) = if let Some(t) = rest.strip_suffix('Z') {
            (t, Some(0))
        } else if let Some(i) = rest.find(['+', '-']) {
            let (t, o) = rest.split_at(i);
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let o = &o[1..];
            let nums: Vec<&str> = if o.contains(':') {
                o.split(':').collect()
            } else {
                o.as_bytes()
                    .chunks(2)
                    .map(|c| std::str::from_utf8(c).unwrap_or("x"))
                    .collect()
            };
            let mut secs = 0i64;
            for (k, n) in nums.iter().enumerate() {
                let v: i64 = n
                    .split('.')
                    .next()
                    .unwrap_or("")
                    .parse()
                    .map_err(|_| bad())?;
                secs += v * [3600, 60, 1].get(k).copied().unwrap_or(0);
            }
            (t, Some(sign * secs))
        } else {
            (rest, None)
        };
        let (hms, frac) = match time_part.split_once(['.', ',']) {
            Some((a, b)) => (a, Some(b)),
            None => (time_part, None),
        };
        let nums: Vec<&str> = if hms.contains(':') {
            hms.split(':').collect()
        } else {
            hms.as_bytes()
                .chunks(2)
                .map(|c| std::str::from_utf8(c).unwrap_or("x"))
                .collect()
        };
        if nums.is_empty() || nums.len() > 3 {
            return Err(bad());
        }
        let mut hmsv = [0i64; 3];
        for (k, n) in nums.iter().enumerate() {
            if n.len() != 2 {
                return Err(bad());
            }
            hmsv[k] = n.parse().map_err(|_| bad())?;
        }
        let us = match frac {
            Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
                let padded = format!("{f:0<6}");
                padded[..6].parse::<i64>().map_err(|_| bad())?
            }
            Some(_) => return Err(bad()),
            None => 0,
        };
        let time = self.make_time(hmsv[0], hmsv[1], hmsv[2], us)?;
        let tz = match tz {
            Some(secs) => Some(FixedOffset::east_opt(secs as i32).ok_or_else(bad)?),
            None => None,
        };
        Ok(Value::DateTime(NaiveDateTime::new(date, time), tz))
    }

    /// `strftime` with the C library's common directives; unknown ones are copied as is.
    pub(crate) fn strftime(&mut self, v: &Value, fmt: &str) -> PyResult<String> {
        let (date, time, tz) = match v {
            Value::Date(d) => (*d, NaiveTime::MIN, None),
            Value::DateTime(dt, tz) => (dt.date(), dt.time(), *tz),
            Value::Time(t) => (
                NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default(),
                *t,
                None,
            ),
            _ => return Err(self.type_error("strftime")),
        };
        let mut out = String::new();
        let mut chars = fmt.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let Some(d) = chars.next() else {
                out.push('%');
                break;
            };
            let wd = date.weekday().num_days_from_monday() as usize;
            let us = time.nanosecond() / 1000 % 1_000_000;
            match d {
                'Y' => out.push_str(&date.year().to_string()),
                'y' => out.push_str(&format!("{:02}", date.year() % 100)),
                'm' => out.push_str(&format!("{:02}", date.month())),
                'd' => out.push_str(&format!("{:02}", date.day())),
                'e' => out.push_str(&format!("{:>2}", date.day())),
                'H' => out.push_str(&format!("{:02}", time.hour())),
                'I' => out.push_str(&format!("{:02}", (time.hour() + 11) % 12 + 1)),
                'M' => out.push_str(&format!("{:02}", time.minute())),
                'S' => out.push_str(&format!("{:02}", time.second())),
                'f' => out.push_str(&format!("{us:06}")),
                'p' => out.push_str(if time.hour() < 12 { "AM" } else { "PM" }),
                'a' => out.push_str(&DAY_NAMES[wd][..3]),
                'A' => out.push_str(DAY_NAMES[wd]),
                'b' | 'h' => out.push_str(&MONTH_NAMES[date.month0() as usize][..3]),
                'B' => out.push_str(MONTH_NAMES[date.month0() as usize]),
                'j' => out.push_str(&format!("{:03}", date.ordinal())),
                'w' => out.push_str(&((wd + 1) % 7).to_string()),
                'u' => out.push_str(&(wd + 1).to_string()),
                'U' => out.push_str(&format!(
                    "{:02}",
                    (date.ordinal() as i64 + 6 - ((wd as i64 + 1) % 7)) / 7
                )),
                'W' => out.push_str(&format!(
                    "{:02}",
                    (date.ordinal() as i64 + 6 - wd as i64) / 7
                )),
                'V' => out.push_str(&format!("{:02}", date.iso_week().week())),
                'G' => out.push_str(&date.iso_week().year().to_string()),
                'z' => {
                    if let Some(o) = tz {
                        out.push_str(&offset_text(&o, false));
                    }
                }
                'Z' => {
                    if let Some(o) = tz {
                        out.push_str(&TzInfo(o).str(self)?);
                    }
                }
                'c' => out.push_str(&format!(
                    "{} {} {:>2} {:02}:{:02}:{:02} {}",
                    &DAY_NAMES[wd][..3],
                    &MONTH_NAMES[date.month0() as usize][..3],
                    date.day(),
                    time.hour(),
                    time.minute(),
                    time.second(),
                    date.year()
                )),
                'x' => out.push_str(&format!(
                    "{:02}/{:02}/{:02}",
                    date.month(),
                    date.day(),
                    date.year() % 100
                )),
                'X' => out.push_str(&format!(
                    "{:02}:{:02}:{:02}",
                    time.hour(),
                    time.minute(),
                    time.second()
                )),
                'D' => out.push_str(&format!(
                    "{:02}/{:02}/{:02}",
                    date.month(),
                    date.day(),
                    date.year() % 100
                )),
                'F' => out.push_str(&format!(
                    "{:04}-{:02}-{:02}",
                    date.year(),
                    date.month(),
                    date.day()
                )),
                'T' => out.push_str(&format!(
                    "{:02}:{:02}:{:02}",
                    time.hour(),
                    time.minute(),
                    time.second()
                )),
                'R' => out.push_str(&format!("{:02}:{:02}", time.hour(), time.minute())),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '%' => out.push('%'),
                other => {
                    out.push('%');
                    out.push(other);
                }
            }
        }
        Ok(out)
    }

    /// `datetime.strptime(s, fmt)` for the common directives.
    fn strptime(&mut self, s: &str, fmt: &str) -> PyResult<Value> {
        let bad = || {
            self.value_error(format!(
                "time data {} does not match format {}",
                super::repr::str_repr(s),
                super::repr::str_repr(fmt)
            ))
        };
        let sc: Vec<char> = s.chars().collect();
        let mut i = 0;
        let (mut y, mut mo, mut d, mut h, mut mi, mut sec, mut us) =
            (1900i64, 1i64, 1i64, 0i64, 0i64, 0i64, 0i64);
        let mut pm: Option<bool> = None;
        let mut tz: Option<FixedOffset> = None;
        let mut fc = fmt.chars();
        let read_num = |i: &mut usize, max: usize| -> Option<i64> {
            let start = *i;
            while *i < sc.len() && *i - start < max && sc[*i].is_ascii_digit() {
                *i += 1;
            }
            if *i == start {
                None
            } else {
                sc[start..*i].iter().collect::<String>().parse().ok()
            }
        };
        let read_name = |i: &mut usize, names: &[&str], abbrev: bool| -> Option<i64> {
            for (k, n) in names.iter().enumerate() {
                let n = if abbrev { &n[..3] } else { n };
                let len = n.chars().count();
                if *i + len <= sc.len() {
                    let cand: String = sc[*i..*i + len].iter().collect();
                    if cand.eq_ignore_ascii_case(n) {
                        *i += len;
                        return Some(k as i64);
                    }
                }
            }
            None
        };
        while let Some(c) = fc.next() {
            if c != '%' {
                if c.is_whitespace() {
                    while i < sc.len() && sc[i].is_whitespace() {
                        i += 1;
                    }
                    continue;
                }
                if i < sc.len() && sc[i] == c {
                    i += 1;
                    continue;
                }
                return Err(bad());
            }
            let Some(dc) = fc.next() else {
                return Err(self.value_error("stray % in format"));
            };
            match dc {
                'Y' => y = read_num(&mut i, 4).ok_or_else(bad)?,
                'y' => {
                    let v = read_num(&mut i, 2).ok_or_else(bad)?;
                    y = if v < 69 { 2000 + v } else { 1900 + v };
                }
                'm' => mo = read_num(&mut i, 2).ok_or_else(bad)?,
                'd' => d = read_num(&mut i, 2).ok_or_else(bad)?,
                'H' | 'I' => h = read_num(&mut i, 2).ok_or_else(bad)?,
                'M' => mi = read_num(&mut i, 2).ok_or_else(bad)?,
                'S' => sec = read_num(&mut i, 2).ok_or_else(bad)?,
                'f' => {
                    let start = i;
                    let v = read_num(&mut i, 6).ok_or_else(bad)?;
                    us = v * 10i64.pow(6 - (i - start) as u32);
                }
                'p' => {
                    let r = read_name(&mut i, &["AM", "PM"], false).ok_or_else(bad)?;
                    pm = Some(r == 1);
                }
                'b' | 'h' => mo = read_name(&mut i, &MONTH_NAMES, true).ok_or_else(bad)? + 1,
                'B' => mo = read_name(&mut i, &MONTH_NAMES, false).ok_or_else(bad)? + 1,
                'a' => {
                    read_name(&mut i, &DAY_NAMES, true).ok_or_else(bad)?;
                }
                'A' => {
                    read_name(&mut i, &DAY_NAMES, false).ok_or_else(bad)?;
                }
                'z' => {
                    if i < sc.len() && sc[i] == 'Z' {
                        i += 1;
                        tz = FixedOffset::east_opt(0);
                    } else {
                        let sign = match sc.get(i) {
                            Some('+') => 1,
                            Some('-') => -1,
                            _ => return Err(bad()),
                        };
                        i += 1;
                        let hh = read_num(&mut i, 2).ok_or_else(bad)?;
                        if sc.get(i) == Some(&':') {
                            i += 1;
                        }
                        let mm = read_num(&mut i, 2).ok_or_else(bad)?;
                        tz = FixedOffset::east_opt((sign * (hh * 3600 + mm * 60)) as i32);
                    }
                }
                '%' => {
                    if sc.get(i) == Some(&'%') {
                        i += 1;
                    } else {
                        return Err(bad());
                    }
                }
                other => {
                    return Err(self.value_error(format!(
                        "'{other}' is a bad directive in format '%{other}'"
                    )));
                }
            }
        }
        if i != sc.len() {
            let rest: String = sc[i..].iter().collect();
            return Err(self.value_error(format!("unconverted data remains: {rest}")));
        }
        if let Some(p) = pm {
            h %= 12;
            if p {
                h += 12;
            }
        }
        let date = self.make_date(y, mo, d)?;
        let time = self.make_time(h, mi, sec, us)?;
        Ok(Value::DateTime(NaiveDateTime::new(date, time), tz))
    }
}

#[cfg(test)]
mod date_text_tests {
    use super::*;

    #[test]
    fn dates_are_iso_with_zero_padding() {
        for (y, m, d, text) in [
            (1, 1, 1, "0001-01-01"),
            (999, 12, 31, "0999-12-31"),
            (2024, 2, 29, "2024-02-29"),
            (9999, 12, 31, "9999-12-31"),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date_text(&date), text);
            assert_eq!(date_text(&date), date.format("%Y-%m-%d").to_string());
        }
    }
}
