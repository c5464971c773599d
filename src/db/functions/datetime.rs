//! Python `datetime` objects as Django's SQLite functions use them, and Django's
//! `typecast_date`/`typecast_time`/`typecast_timestamp` (django/db/backends/utils.py).

use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};

use super::pyobj::{PyInt, py_int, py_split_whitespace};
use super::tz::Zone;
use super::{Arg, PyErr, PyExc};

const OUT_OF_RANGE: &str = "date value out of range";

/// A `datetime.time` (naive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Time {
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub micro: u32,
}

/// A `datetime.datetime`, possibly aware (a `ZoneInfo`), with its `fold`.
#[derive(Clone, Debug)]
pub(crate) struct DateTime {
    pub naive: NaiveDateTime,
    pub fold: bool,
    pub tz: Option<Arc<Zone>>,
}

/// What `typecast_timestamp` returns: a `date` (no space in the text) or a naive `datetime`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stamp {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

/// A `date` or a `datetime` (the result of `_sqlite_datetime_parse`).
#[derive(Clone, Debug)]
pub(crate) enum DateOrDateTime {
    Date(NaiveDate),
    DateTime(DateTime),
}

impl DateOrDateTime {
    pub fn date(&self) -> NaiveDate {
        match self {
            DateOrDateTime::Date(d) => *d,
            DateOrDateTime::DateTime(dt) => dt.naive.date(),
        }
    }

    /// The `datetime`, or AttributeError for a `date` (e.g. `date.hour`).
    pub fn datetime(&self) -> Result<&DateTime, PyErr> {
        match self {
            DateOrDateTime::Date(_) => {
                Err(PyErr::attribute("'datetime.date' object has no attribute"))
            }
            DateOrDateTime::DateTime(dt) => Ok(dt),
        }
    }

    /// `self - timedelta(days=n)`; OverflowError out of range.
    pub fn minus_days(&self, days: i64) -> Result<DateOrDateTime, PyErr> {
        Ok(match self {
            DateOrDateTime::Date(d) => DateOrDateTime::Date(date_add_days(*d, -days)?),
            DateOrDateTime::DateTime(dt) => DateOrDateTime::DateTime(DateTime {
                naive: datetime_add_micros(dt.naive, -i128::from(days) * MICROS_PER_DAY)?,
                fold: false,
                tz: dt.tz.clone(),
            }),
        })
    }
}

pub(crate) const MICROS_PER_DAY: i128 = 86_400_000_000;

fn in_python_range(year: i32) -> bool {
    (1..=9999).contains(&year)
}

/// `datetime.date(year, month, day)`: OverflowError beyond a C int, ValueError out of range.
pub(crate) fn make_date(year: PyInt, month: PyInt, day: PyInt) -> Result<NaiveDate, PyErr> {
    let (y, m, d) = (year.to_c_int()?, month.to_c_int()?, day.to_c_int()?);
    checked_date(y, m, d)
}

fn checked_date(y: i32, m: i32, d: i32) -> Result<NaiveDate, PyErr> {
    if !in_python_range(y) {
        return Err(PyErr::value("year is out of range"));
    }
    if !(1..=12).contains(&m) {
        return Err(PyErr::value("month must be in 1..12"));
    }
    u32::try_from(d)
        .ok()
        .and_then(|d| NaiveDate::from_ymd_opt(y, m as u32, d))
        .ok_or_else(|| PyErr::value("day is out of range for month"))
}

/// `datetime.time(hour, minute, second, microsecond)` (values already C ints).
fn checked_time(h: i32, mi: i32, s: i32, us: i32) -> Result<Time, PyErr> {
    if !(0..=23).contains(&h) {
        return Err(PyErr::value("hour must be in 0..23"));
    }
    if !(0..=59).contains(&mi) {
        return Err(PyErr::value("minute must be in 0..59"));
    }
    if !(0..=59).contains(&s) {
        return Err(PyErr::value("second must be in 0..59"));
    }
    if !(0..=999_999).contains(&us) {
        return Err(PyErr::value("microsecond must be in 0..999999"));
    }
    Ok(Time {
        hour: h as u32,
        minute: mi as u32,
        second: s as u32,
        micro: us as u32,
    })
}

/// `datetime.datetime(y, mo, d, h, mi, s, us)`.
#[allow(clippy::too_many_arguments)]
fn make_datetime(
    y: PyInt,
    mo: PyInt,
    d: PyInt,
    h: PyInt,
    mi: PyInt,
    s: PyInt,
    us: PyInt,
) -> Result<NaiveDateTime, PyErr> {
    let args = [y, mo, d, h, mi, s, us].map(PyInt::to_c_int);
    let mut v = [0i32; 7];
    for (slot, a) in v.iter_mut().zip(args) {
        *slot = a?;
    }
    let date = checked_date(v[0], v[1], v[2])?;
    let t = checked_time(v[3], v[4], v[5], v[6])?;
    Ok(date.and_time(naive_time(t)))
}

pub(crate) fn naive_time(t: Time) -> NaiveTime {
    NaiveTime::from_hms_micro_opt(t.hour, t.minute, t.second, t.micro).unwrap_or(NaiveTime::MIN)
}

pub(crate) fn time_of(dt: &NaiveDateTime) -> Time {
    Time {
        hour: dt.hour(),
        minute: dt.minute(),
        second: dt.second(),
        micro: dt.nanosecond() / 1000,
    }
}

/// `date + timedelta(days=n)`.
pub(crate) fn date_add_days(d: NaiveDate, days: i64) -> Result<NaiveDate, PyErr> {
    TimeDelta::try_days(days)
        .and_then(|delta| d.checked_add_signed(delta))
        .filter(|r| in_python_range(r.year()))
        .ok_or_else(|| PyErr::overflow(OUT_OF_RANGE))
}

/// `datetime + timedelta(microseconds=n)`.
pub(crate) fn datetime_add_micros(dt: NaiveDateTime, micros: i128) -> Result<NaiveDateTime, PyErr> {
    i64::try_from(micros)
        .ok()
        .map(TimeDelta::microseconds)
        .and_then(|delta| dt.checked_add_signed(delta))
        .filter(|r| in_python_range(r.year()))
        .ok_or_else(|| PyErr::overflow(OUT_OF_RANGE))
}

/// Microseconds from 0001-01-01 00:00 (for differences).
pub(crate) fn datetime_micros(dt: &NaiveDateTime) -> i128 {
    i128::from(dt.date().num_days_from_ce()) * MICROS_PER_DAY
        + i128::from(dt.num_seconds_from_midnight()) * 1_000_000
        + i128::from(dt.nanosecond() / 1000)
}

/// Python's truthiness of an argument (`not s`).
fn is_falsy(a: &Arg<'_>) -> bool {
    match a {
        Arg::None => true,
        Arg::Int(i) => *i == 0,
        Arg::Float(f) => *f == 0.0,
        Arg::Str(s) => s.is_empty(),
        Arg::Bytes(b) => b.is_empty(),
    }
}

/// Splits `s` on `sep` into exactly N parts (`a, b = s.split(sep)`), else ValueError.
fn unpack<const N: usize>(s: &str, sep: char) -> Result<[&str; N], PyErr> {
    let mut out = [""; N];
    let mut parts = s.split(sep);
    for slot in out.iter_mut() {
        *slot = parts
            .next()
            .ok_or_else(|| PyErr::value("not enough values to unpack"))?;
    }
    if parts.next().is_some() {
        return Err(PyErr::value("too many values to unpack"));
    }
    Ok(out)
}

/// `int((microseconds + "000000")[:6])`.
fn micro_int(fraction: &str) -> Result<PyInt, PyErr> {
    let padded: String = fraction.chars().chain("000000".chars()).take(6).collect();
    py_int(&padded)
}

/// `typecast_date(s)` for a `str`.
pub(crate) fn typecast_date(s: &str) -> Result<Option<NaiveDate>, PyErr> {
    // What the sample data and Django store: `YYYY-MM-DD`, read without the general split.
    if let Some([y, m, d]) = canonical_date(s) {
        return make_date(PyInt::Small(y), PyInt::Small(m), PyInt::Small(d)).map(Some);
    }
    typecast_date_text(s)
}

/// `typecast_date` step by step as Django's Python does it.
fn typecast_date_text(s: &str) -> Result<Option<NaiveDate>, PyErr> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut ints = Vec::with_capacity(3);
    for part in s.split('-') {
        ints.push(py_int(part)?);
    }
    match ints.as_slice() {
        [y, m, d] => make_date(*y, *m, *d).map(Some),
        [] | [_] | [_, _] => Err(PyErr::type_error("function missing required argument")),
        _ => Err(PyErr::type_error("function takes at most 3 arguments")),
    }
}

/// `typecast_time(s)` (django/db/backends/utils.py).
pub(crate) fn typecast_time(s: &Arg<'_>) -> Result<Option<Time>, PyErr> {
    if is_falsy(s) {
        return Ok(None);
    }
    let s = match s {
        Arg::Str(s) => *s,
        Arg::Bytes(_) => {
            return Err(PyErr::type_error(
                "a bytes-like object is required, not 'str'",
            ));
        }
        _ => return Err(PyErr::attribute("object has no attribute 'split'")),
    };
    let [hour, minutes, seconds] = unpack::<3>(s, ':')?;
    let (seconds, micro) = if seconds.contains('.') {
        let [a, b] = unpack::<2>(seconds, '.')?;
        (a, b)
    } else {
        (seconds, "0")
    };
    let (h, mi, sec, us) = (
        py_int(hour)?,
        py_int(minutes)?,
        py_int(seconds)?,
        micro_int(micro)?,
    );
    let t = checked_time(
        h.to_c_int()?,
        mi.to_c_int()?,
        sec.to_c_int()?,
        us.to_c_int()?,
    )?;
    Ok(Some(t))
}

/// `typecast_timestamp(s)` (django/db/backends/utils.py): a `date` when there is no space.
pub(crate) fn typecast_timestamp(s: &Arg<'_>) -> Result<Option<Stamp>, PyErr> {
    if is_falsy(s) {
        return Ok(None);
    }
    let s = match s {
        Arg::Str(s) => *s,
        Arg::Bytes(_) => {
            return Err(PyErr::type_error(
                "a bytes-like object is required, not 'str'",
            ));
        }
        _ => return Err(PyErr::type_error("argument of type is not iterable")),
    };
    if let Some(fields) = canonical_timestamp(s) {
        let [y, mo, d, h, mi, sec, us] = fields.map(PyInt::Small);
        return Ok(Some(Stamp::DateTime(make_datetime(
            y, mo, d, h, mi, sec, us,
        )?)));
    }
    typecast_timestamp_text(s)
}

/// `typecast_timestamp` for a non-empty `str`, step by step as Django's Python does it.
fn typecast_timestamp_text(s: &str) -> Result<Option<Stamp>, PyErr> {
    if !s.contains(' ') {
        return Ok(typecast_date(s)?.map(Stamp::Date));
    }
    let mut words = py_split_whitespace(s);
    let (Some(d), Some(t), None) = (words.next(), words.next(), words.next()) else {
        return Err(PyErr::value("wrong number of values to unpack"));
    };
    // Remove timezone information.
    let t = if let Some((t, _)) = t.split_once('-') {
        t
    } else if let Some((t, _)) = t.split_once('+') {
        t
    } else {
        t
    };
    let dates: Vec<&str> = d.split('-').collect();
    let times: Vec<&str> = t.split(':').collect();
    let index_error = || PyErr::new(PyExc::IndexError, "list index out of range");
    let seconds = *times.get(2).ok_or_else(index_error)?;
    let (seconds, micro) = if seconds.contains('.') {
        let [a, b] = unpack::<2>(seconds, '.')?;
        (a, b)
    } else {
        (seconds, "0")
    };
    let y = py_int(dates[0])?;
    let mo = py_int(dates.get(1).ok_or_else(index_error)?)?;
    let day = py_int(dates.get(2).ok_or_else(index_error)?)?;
    let h = py_int(times[0])?;
    let mi = py_int(times[1])?;
    let sec = py_int(seconds)?;
    let us = micro_int(micro)?;
    Ok(Some(Stamp::DateTime(make_datetime(
        y, mo, day, h, mi, sec, us,
    )?)))
}

/// The fields of a timestamp in the form Django stores (`YYYY-MM-DD HH:MM:SS[.f…]`, ASCII
/// digits, up to six fraction digits), read directly; `None` for anything else, which then
/// takes `typecast_timestamp`'s general (Python-faithful) path. The date functions run once per
/// row, so this is most of their cost.
/// The fields of a date written exactly `YYYY-MM-DD` (ASCII digits), else `None`.
fn canonical_date(s: &str) -> Option<[i64; 3]> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        b[range].iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    Some([num(0..4)?, num(5..7)?, num(8..10)?])
}

fn canonical_timestamp(s: &str) -> Option<[i64; 7]> {
    let b = s.as_bytes();
    if b.len() < 19 || b.len() == 20 || b.len() > 26 {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        b[range].iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let seps = [(4, b'-'), (7, b'-'), (10, b' '), (13, b':'), (16, b':')];
    if seps.iter().any(|&(at, c)| b[at] != c) {
        return None;
    }
    let micro = if b.len() > 19 {
        if b[19] != b'.' {
            return None;
        }
        let digits = b.len() - 20;
        num(20..b.len())? * 10i64.pow(6 - digits as u32)
    } else {
        0
    };
    Some([
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
        micro,
    ])
}

/// `date.isoformat()`.
pub(crate) fn fmt_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `time.isoformat()`.
pub(crate) fn fmt_time(t: Time) -> String {
    if t.micro != 0 {
        format!(
            "{:02}:{:02}:{:02}.{:06}",
            t.hour, t.minute, t.second, t.micro
        )
    } else {
        format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second)
    }
}

/// `str(datetime)` for a naive datetime.
pub(crate) fn fmt_datetime(dt: &NaiveDateTime) -> String {
    format!("{} {}", fmt_date(dt.date()), fmt_time(time_of(dt)))
}

/// `str(timedelta)`: `[-]D day[s], H:MM:SS[.ffffff]`; OverflowError beyond ±999999999 days.
pub(crate) fn fmt_timedelta(micros: i128) -> Result<String, PyErr> {
    let days = micros.div_euclid(MICROS_PER_DAY);
    if days.abs() > 999_999_999 {
        return Err(PyErr::overflow("days must have magnitude <= 999999999"));
    }
    let rest = micros.rem_euclid(MICROS_PER_DAY);
    let (secs, us) = (rest / 1_000_000, rest % 1_000_000);
    let mut s = format!("{}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60);
    if days != 0 {
        let plural = if days.abs() != 1 { "s" } else { "" };
        s = format!("{days} day{plural}, {s}");
    }
    if us != 0 {
        s.push_str(&format!(".{us:06}"));
    }
    Ok(s)
}

/// Days since 0001-01-01 as Python's `toordinal()` (0001-01-01 is 1).
pub(crate) fn toordinal(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_timestamps_read_as_the_general_path_reads_them() {
        for s in [
            "2021-03-04 05:06:07",
            "2021-03-04 05:06:07.5",
            "2021-03-04 05:06:07.123456",
            "1999-12-31 23:59:59.000001",
            "2021-02-30 05:06:07",
            "2021-03-04 25:06:07",
        ] {
            let fast = canonical_timestamp(s).map(|f| {
                let [y, mo, d, h, mi, sec, us] = f.map(PyInt::Small);
                make_datetime(y, mo, d, h, mi, sec, us)
                    .map(Stamp::DateTime)
                    .ok()
            });
            let general = typecast_timestamp_text(s).ok().flatten();
            assert_eq!(fast, Some(general), "{s}");
        }
        for s in [
            "2021-03-04",
            "2021-03-04 05:06:07.",
            "2021-03-04T05:06:07",
            "2021-03-04 05:06:07+01:00",
        ] {
            assert_eq!(canonical_timestamp(s), None, "{s}");
        }
    }

    #[test]
    fn canonical_dates_read_as_the_general_path_reads_them() {
        for s in [
            "2021-03-04",
            "0001-01-01",
            "9999-12-31",
            "2021-02-30",
            "2021-13-01",
        ] {
            let fast = canonical_date(s)
                .map(|[y, m, d]| make_date(PyInt::Small(y), PyInt::Small(m), PyInt::Small(d)).ok());
            let general = typecast_date_text(s).ok().flatten();
            assert_eq!(fast, Some(general), "{s}");
        }
        for s in [
            "2021-3-04",
            "2021-03-4",
            " 2021-03-04",
            "2021-03-04 ",
            "2021_03-04",
            "+021-03-04",
        ] {
            assert_eq!(canonical_date(s), None, "{s}");
        }
    }
}
