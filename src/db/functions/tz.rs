//! Time zones as Python's `zoneinfo.ZoneInfo` resolves them: TZif files from the same search path
//! (`/usr/share/zoneinfo`, ...), the same transition logic (a port of `zoneinfo/_zoneinfo.py`),
//! POSIX TZ strings for times after the last transition.
//!
//! Differences: the `tzdata` Python package is not consulted; when no TZif file named `UTC`
//! exists, `UTC` is still known (as a fixed zero offset). Zones are cached for the whole process
//! (lookups that failed too).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::datetime::{datetime_add_micros, toordinal};
use super::{PyErr, PyExc};

/// Python's default `zoneinfo.TZPATH`.
const TZPATH: [&str; 4] = [
    "/usr/share/zoneinfo",
    "/usr/lib/zoneinfo",
    "/usr/share/lib/zoneinfo",
    "/etc/zoneinfo",
];
/// `datetime(1970, 1, 1).toordinal()`.
const EPOCHORDINAL: i64 = 719_163;

/// A `ZoneInfo`.
#[derive(Debug)]
pub(crate) struct Zone {
    pub key: String,
    kind: ZoneKind,
}

#[derive(Debug)]
enum ZoneKind {
    Fixed(i64),
    Tzif(Box<TzifZone>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct TtInfo {
    utcoff: i64,
}

#[derive(Debug)]
enum After {
    Fixed(TtInfo),
    Rule(TzStr),
}

#[derive(Debug)]
struct TzifZone {
    trans_utc: Vec<i64>,
    trans_local: [Vec<i64>; 2],
    ttinfos: Vec<TtInfo>,
    tti_before: Option<TtInfo>,
    tz_after: After,
}

#[derive(Debug)]
struct TzStr {
    std: TtInfo,
    dst: TtInfo,
    dst_diff: i64,
    start: RuleDate,
    end: RuleDate,
}

#[derive(Debug)]
enum RuleDate {
    Day { d: i64, julian: bool, time: i64 },
    Calendar { m: u32, w: i64, d: i64, time: i64 },
}

fn zone_error(message: &'static str) -> PyErr {
    PyErr::new(PyExc::ValueError, message)
}

type Cache = Mutex<HashMap<String, Option<Arc<Zone>>>>;

/// `zoneinfo.ZoneInfo(key)`; errors as Python raises them (all surface the same way).
pub(crate) fn zoneinfo(key: &str) -> Result<Arc<Zone>, PyErr> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Ok(map) = cache.lock()
        && let Some(found) = map.get(key)
    {
        return found
            .clone()
            .ok_or_else(|| PyErr::new(PyExc::KeyError, "No time zone found with key"));
    }
    let loaded = load_zone(key).map(Arc::new);
    if let Ok(mut map) = cache.lock() {
        if map.len() > 256 {
            map.clear();
        }
        map.insert(key.to_string(), loaded.as_ref().ok().cloned());
    }
    loaded
}

fn load_zone(key: &str) -> Result<Zone, PyErr> {
    if key.starts_with('/') {
        return Err(zone_error("ZoneInfo keys may not be absolute paths"));
    }
    if key.is_empty()
        || key.contains('\0')
        || key
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return Err(zone_error(
            "ZoneInfo keys must be normalized relative paths",
        ));
    }
    for dir in TZPATH {
        let path = Path::new(dir).join(key);
        if path.is_file() {
            let bytes = std::fs::read(&path).map_err(|_| zone_error("cannot read TZif file"))?;
            return Ok(Zone {
                key: key.to_string(),
                kind: ZoneKind::Tzif(Box::new(parse_tzif(&bytes)?)),
            });
        }
    }
    if key == "UTC" {
        return Ok(Zone {
            key: key.to_string(),
            kind: ZoneKind::Fixed(0),
        });
    }
    Err(PyErr::new(PyExc::KeyError, "No time zone found with key"))
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], PyErr> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.b.len());
        let end = end.ok_or_else(|| zone_error("Invalid TZif file: truncated"))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn be_i32(&mut self) -> Result<i64, PyErr> {
        let s = self.take(4)?;
        Ok(i64::from(i32::from_be_bytes([s[0], s[1], s[2], s[3]])))
    }
    fn be_i64(&mut self) -> Result<i64, PyErr> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(i64::from_be_bytes(a))
    }
    fn count(&mut self) -> Result<usize, PyErr> {
        usize::try_from(self.be_i32()?).map_err(|_| zone_error("Invalid TZif file: count"))
    }
}

struct Header {
    version: u8,
    isutcnt: usize,
    isstdcnt: usize,
    leapcnt: usize,
    timecnt: usize,
    typecnt: usize,
    charcnt: usize,
}

fn read_header(r: &mut Reader<'_>) -> Result<Header, PyErr> {
    if r.take(4)? != b"TZif" {
        return Err(zone_error("Invalid TZif file: magic not found"));
    }
    let v = r.take(1)?[0];
    let version = match v {
        0 => 1,
        b'1'..=b'9' => v - b'0',
        _ => return Err(zone_error("Invalid TZif file: version")),
    };
    r.take(15)?;
    Ok(Header {
        version,
        isutcnt: r.count()?,
        isstdcnt: r.count()?,
        leapcnt: r.count()?,
        timecnt: r.count()?,
        typecnt: r.count()?,
        charcnt: r.count()?,
    })
}

/// `_common.load_data` + `ZoneInfo._load_file`.
fn parse_tzif(bytes: &[u8]) -> Result<TzifZone, PyErr> {
    let mut r = Reader { b: bytes, pos: 0 };
    let mut h = read_header(&mut r)?;
    let v64 = h.version >= 2;
    if v64 {
        let skip =
            h.timecnt * 5 + h.typecnt * 6 + h.charcnt + h.leapcnt * 8 + h.isstdcnt + h.isutcnt;
        r.take(skip)?;
        h = read_header(&mut r)?;
    }
    let mut trans_utc = Vec::with_capacity(h.timecnt);
    for _ in 0..h.timecnt {
        trans_utc.push(if v64 { r.be_i64()? } else { r.be_i32()? });
    }
    let trans_idx: Vec<usize> = r.take(h.timecnt)?.iter().map(|&i| usize::from(i)).collect();
    let mut utcoff = Vec::with_capacity(h.typecnt);
    let mut isdst = Vec::with_capacity(h.typecnt);
    for _ in 0..h.typecnt {
        utcoff.push(r.be_i32()?);
        let rest = r.take(2)?;
        isdst.push(rest[0] != 0);
    }
    r.take(h.charcnt)?;
    let mut tz_str: Option<&[u8]> = None;
    if v64 {
        r.take(h.isutcnt + h.isstdcnt + h.leapcnt * 12)?;
        if r.take(1)? != b"\n" {
            return Err(zone_error("Invalid TZif file: footer"));
        }
        let rest = &bytes[r.pos..];
        let end = rest
            .iter()
            .position(|&c| c == b'\n')
            .ok_or_else(|| zone_error("Invalid TZif file: footer"))?;
        tz_str = Some(&rest[..end]);
    }
    let index_error = || PyErr::new(PyExc::IndexError, "TZif type index out of range");
    let ttinfo_list: Vec<TtInfo> = utcoff.iter().map(|&u| TtInfo { utcoff: u }).collect();
    let mut ttinfos = Vec::with_capacity(trans_idx.len());
    for &i in &trans_idx {
        ttinfos.push(*ttinfo_list.get(i).ok_or_else(index_error)?);
    }
    let trans_local = ts_to_local(&trans_idx, &trans_utc, &utcoff)?;
    let tti_before = match isdst.iter().position(|d| !d) {
        Some(i) => Some(ttinfo_list[i]),
        None => ttinfos.first().copied(),
    };
    let tz_after = match tz_str {
        Some(s) if !s.is_empty() => {
            let s = std::str::from_utf8(s).map_err(|_| zone_error("invalid TZ string"))?;
            parse_tz_str(s)?
        }
        _ => After::Fixed(
            *ttinfos
                .last()
                .or(ttinfo_list.last())
                .ok_or_else(|| zone_error("No time zone information found."))?,
        ),
    };
    Ok(TzifZone {
        trans_utc,
        trans_local,
        ttinfos,
        tti_before,
        tz_after,
    })
}

/// `ZoneInfo._ts_to_local`: transition times in local time, for fold 0 and fold 1.
fn ts_to_local(
    trans_idx: &[usize],
    trans_utc: &[i64],
    utcoffsets: &[i64],
) -> Result<[Vec<i64>; 2], PyErr> {
    if trans_utc.is_empty() {
        return Ok([Vec::new(), Vec::new()]);
    }
    let off = |i: usize| {
        utcoffsets
            .get(i)
            .copied()
            .ok_or_else(|| PyErr::new(PyExc::IndexError, "TZif type index out of range"))
    };
    let mut wall = [trans_utc.to_vec(), trans_utc.to_vec()];
    let (mut o0, mut o1) = if utcoffsets.len() > 1 {
        (off(0)?, off(trans_idx[0])?)
    } else {
        let o = off(0)?;
        (o, o)
    };
    if o1 > o0 {
        std::mem::swap(&mut o0, &mut o1);
    }
    wall[0][0] += o0;
    wall[1][0] += o1;
    for i in 1..trans_idx.len() {
        let (mut o0, mut o1) = (off(trans_idx[i - 1])?, off(trans_idx[i])?);
        if o1 > o0 {
            std::mem::swap(&mut o0, &mut o1);
        }
        wall[0][i] += o0;
        wall[1][i] += o1;
    }
    Ok(wall)
}

fn digits(s: &str, min: usize, max: usize) -> Option<(i64, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n < min {
        return None;
    }
    let n = n.min(max);
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// `[+-]?\d{1,3}(?::\d{2}(?::\d{2})?)?` → (negative, h, m, s, rest).
fn hms(s: &str) -> Option<(bool, i64, i64, i64, &str)> {
    let (neg, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (h, mut s) = digits(s, 1, 3)?;
    let (mut m, mut sec) = (0, 0);
    if let Some(rest) = s.strip_prefix(':')
        && let Some((mm, rest)) = digits(rest, 2, 2)
    {
        m = mm;
        s = rest;
        if let Some(rest) = s.strip_prefix(':')
            && let Some((ss, rest)) = digits(rest, 2, 2)
        {
            sec = ss;
            s = rest;
        }
    }
    Some((neg, h, m, sec, s))
}

/// A TZ designation: `<[a-zA-Z0-9+-]+>` or a run of characters other than `excluded`.
fn tz_name<'a>(s: &'a str, excluded: &str) -> Option<&'a str> {
    if let Some(rest) = s.strip_prefix('<') {
        let n = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'-')
            .count();
        if n > 0 && rest[n..].starts_with('>') {
            return Some(&rest[n + 1..]);
        }
        if excluded.contains('<') {
            return None;
        }
    }
    let n: usize = s
        .chars()
        .take_while(|c| !c.is_ascii_digit() && !excluded.contains(*c))
        .map(char::len_utf8)
        .sum();
    (n > 0).then(|| &s[n..])
}

/// `_parse_tz_str`.
fn parse_tz_str(tz_str: &str) -> Result<After, PyErr> {
    let invalid = || zone_error("not a valid TZ string");
    let (offset_str, start_end) = match tz_str.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (tz_str, None),
    };
    let rest = tz_name(offset_str, "<:.+-").ok_or_else(invalid)?;
    let mut std_offset = 0;
    let mut dst: Option<Option<i64>> = None;
    if !rest.is_empty() {
        let (neg, h, m, s, rest) = hms(rest).ok_or_else(invalid)?;
        std_offset = tz_delta(neg, h, m, s)?;
        if !rest.is_empty() {
            let rest = tz_name(rest, ":.+-").ok_or_else(invalid)?;
            if rest.is_empty() {
                dst = Some(None);
            } else {
                let (neg, h, m, s, rest) = hms(rest).ok_or_else(invalid)?;
                if !rest.is_empty() {
                    return Err(invalid());
                }
                dst = Some(Some(tz_delta(neg, h, m, s)?));
            }
        }
    }
    match (dst, start_end) {
        (Some(dst_offset), Some(rules)) => {
            let dst_offset = dst_offset.unwrap_or(std_offset + 3600);
            let (a, b) = rules.split_once(',').ok_or_else(invalid)?;
            Ok(After::Rule(TzStr {
                std: TtInfo { utcoff: std_offset },
                dst: TtInfo { utcoff: dst_offset },
                dst_diff: dst_offset - std_offset,
                start: parse_rule(a)?,
                end: parse_rule(b)?,
            }))
        }
        (Some(_), None) => Err(zone_error("Missing transition rules")),
        (None, Some(_)) => Err(zone_error("Transition rule present without DST")),
        (None, None) => Ok(After::Fixed(TtInfo { utcoff: std_offset })),
    }
}

/// `_parse_tz_delta`: POSIX offsets are positive west of Greenwich.
fn tz_delta(neg: bool, h: i64, m: i64, s: i64) -> Result<i64, PyErr> {
    if h > 24 {
        return Err(zone_error("Offset hours must be in [0, 24]"));
    }
    let total = h * 3600 + m * 60 + s;
    Ok(if neg { total } else { -total })
}

/// `_parse_dst_start_end`.
fn parse_rule(s: &str) -> Result<RuleDate, PyErr> {
    let invalid = || zone_error("Invalid dst start/end date");
    let (date, time) = match s.split_once('/') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let time = match time {
        None => 2 * 3600,
        Some(t) => {
            let (neg, h, m, sec, rest) = hms(t).ok_or_else(invalid)?;
            if !rest.is_empty() || h > 167 {
                return Err(invalid());
            }
            let total = h * 3600 + m * 60 + sec;
            if neg { -total } else { total }
        }
    };
    if let Some(rest) = date.strip_prefix('M') {
        let (m, rest) = digits(rest, 1, 2).ok_or_else(invalid)?;
        let rest = rest.strip_prefix('.').ok_or_else(invalid)?;
        let (w, rest) = digits(rest, 1, 1).ok_or_else(invalid)?;
        let mut it = rest.chars();
        it.next().ok_or_else(invalid)?; // `.` in the pattern matches any character
        let (d, rest) = digits(it.as_str(), 1, 1).ok_or_else(invalid)?;
        if !rest.is_empty() || !(1..=12).contains(&m) || !(1..=5).contains(&w) || d > 6 {
            return Err(invalid());
        }
        return Ok(RuleDate::Calendar {
            m: m as u32,
            w,
            d,
            time,
        });
    }
    let (julian, num) = match date.strip_prefix('J') {
        Some(n) => (true, n),
        None => (false, date),
    };
    let d: i64 = num.trim().parse().map_err(|_| invalid())?;
    if d < i64::from(julian) || d > 365 {
        return Err(invalid());
    }
    Ok(RuleDate::Day { d, julian, time })
}

fn is_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// `_post_epoch_days_before_year`.
fn days_before_year(year: i32) -> i64 {
    let y = i64::from(year) - 1;
    y * 365 + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) - EPOCHORDINAL
}

impl RuleDate {
    fn year_to_epoch(&self, year: i32) -> i64 {
        match *self {
            RuleDate::Day { d, julian, time } => {
                let d = if julian && d >= 59 && is_leap(year) {
                    d + 1
                } else {
                    d
                };
                (days_before_year(year) + d) * 86400 + time
            }
            RuleDate::Calendar { m, w, d, time } => {
                const DAYS_BEFORE_MONTH: [i64; 13] =
                    [-1, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
                let first = NaiveDate::from_ymd_opt(year, m, 1);
                let first_day = first.map_or(0, |f| i64::from(f.weekday().num_days_from_monday()));
                let days_in_month = match m {
                    2 if is_leap(year) => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                let mut month_day = (d - (first_day + 1)).rem_euclid(7) + 1;
                month_day += (w - 1) * 7;
                if month_day > days_in_month {
                    month_day -= 7;
                }
                let ordinal = days_before_year(year)
                    + DAYS_BEFORE_MONTH[m as usize]
                    + i64::from(m > 2 && is_leap(year))
                    + month_day;
                ordinal * 86400 + time
            }
        }
    }
}

impl TzStr {
    fn transitions(&self, year: i32) -> (i64, i64) {
        (self.start.year_to_epoch(year), self.end.year_to_epoch(year))
    }

    fn trans_info(&self, ts: i64, year: i32, fold: bool) -> TtInfo {
        let (mut start, mut end) = self.transitions(year);
        if fold == (self.dst_diff >= 0) {
            end -= self.dst_diff;
        } else {
            start += self.dst_diff;
        }
        let isdst = if start < end {
            start <= ts && ts < end
        } else {
            !(end <= ts && ts < start)
        };
        if isdst { self.dst } else { self.std }
    }

    fn trans_info_fromutc(&self, ts: i64, year: i32) -> (TtInfo, bool) {
        let (mut start, mut end) = self.transitions(year);
        start -= self.std.utcoff;
        end -= self.dst.utcoff;
        let isdst = if start < end {
            start <= ts && ts < end
        } else {
            !(end <= ts && ts < start)
        };
        let (ambig_start, ambig_end) = if self.dst_diff > 0 {
            (end, end + self.dst_diff)
        } else {
            (start, start - self.dst_diff)
        };
        let fold = ambig_start <= ts && ts < ambig_end;
        (if isdst { self.dst } else { self.std }, fold)
    }
}

/// `ZoneInfo._get_local_timestamp`.
fn local_timestamp(dt: &NaiveDateTime) -> i64 {
    (toordinal(dt.date()) - EPOCHORDINAL) * 86400
        + i64::from(dt.hour()) * 3600
        + i64::from(dt.minute()) * 60
        + i64::from(dt.second())
}

fn bisect_right(v: &[i64], x: i64) -> usize {
    v.partition_point(|&e| e <= x)
}

impl Zone {
    /// `utcoffset(dt)` in seconds for a local (wall) time with the given `fold`.
    pub fn utcoffset(&self, local: &NaiveDateTime, fold: bool) -> i64 {
        let z = match &self.kind {
            ZoneKind::Fixed(o) => return *o,
            ZoneKind::Tzif(z) => z,
        };
        let ts = local_timestamp(local);
        let lt = &z.trans_local[usize::from(fold)];
        let tti = match (lt.first(), lt.last()) {
            (Some(&first), _) if ts < first => z.tti_before,
            (None, _) => Some(z.after_info(ts, local.year(), fold)),
            (_, Some(&last)) if ts > last => Some(z.after_info(ts, local.year(), fold)),
            _ => z
                .ttinfos
                .get(bisect_right(lt, ts).saturating_sub(1))
                .copied(),
        };
        tti.map_or(0, |t| t.utcoff)
    }

    /// `fromutc(dt)`: the local time (and its fold) for a UTC time.
    pub fn fromutc(&self, utc: &NaiveDateTime) -> Result<(NaiveDateTime, bool), PyErr> {
        let z = match &self.kind {
            ZoneKind::Fixed(o) => {
                return Ok((
                    datetime_add_micros(*utc, i128::from(*o) * 1_000_000)?,
                    false,
                ));
            }
            ZoneKind::Tzif(z) => z,
        };
        let ts = local_timestamp(utc);
        let n = z.trans_utc.len();
        let (tti, fold) = if n >= 1 && ts < z.trans_utc[0] {
            (z.tti_before.unwrap_or(TtInfo { utcoff: 0 }), false)
        } else if (n == 0 || ts > z.trans_utc[n - 1]) && matches!(z.tz_after, After::Rule(_)) {
            match &z.tz_after {
                After::Rule(r) => r.trans_info_fromutc(ts, utc.year()),
                After::Fixed(t) => (*t, false),
            }
        } else if n == 0 {
            (z.after_fixed(), false)
        } else {
            let idx = bisect_right(&z.trans_utc, ts);
            let (prev, tti) = if n > 1 && ts >= z.trans_utc[1] {
                (z.ttinfos[idx - 2], z.ttinfos[idx - 1])
            } else if ts > z.trans_utc[n - 1] {
                (z.ttinfos[n - 1], z.after_fixed())
            } else {
                (z.tti_before.unwrap_or(z.ttinfos[0]), z.ttinfos[0])
            };
            let shift = prev.utcoff - tti.utcoff;
            (tti, shift > ts - z.trans_utc[idx - 1])
        };
        Ok((
            datetime_add_micros(*utc, i128::from(tti.utcoff) * 1_000_000)?,
            fold,
        ))
    }
}

impl TzifZone {
    fn after_info(&self, ts: i64, year: i32, fold: bool) -> TtInfo {
        match &self.tz_after {
            After::Rule(r) => r.trans_info(ts, year, fold),
            After::Fixed(t) => *t,
        }
    }
    fn after_fixed(&self) -> TtInfo {
        match &self.tz_after {
            After::Fixed(t) => *t,
            After::Rule(r) => r.std,
        }
    }
}
