//! Django's text functions: `LPAD`, `RPAD`, `REPEAT`, `REVERSE`, `MD5`, `SHA1`..`SHA512`
//! (Python semantics: lengths count code points; `bytes` work where Python's slicing does).

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

use super::pyobj::{check_product_size, py_mul};
use super::{Arg, Out, PyErr, PyExc, PyResult};

const MAX_RESULT_BYTES: usize = super::pyobj::MAX_RESULT_LEN;

/// A Python `str` (as code points) or `bytes`.
enum Seq {
    Str(Vec<char>),
    Bytes(Vec<u8>),
}

fn seq(a: &Arg<'_>) -> Option<Seq> {
    match a {
        Arg::Str(s) => Some(Seq::Str(s.chars().collect())),
        Arg::Bytes(b) => Some(Seq::Bytes(b.to_vec())),
        _ => None,
    }
}

/// How many items Python's `seq[:n]` keeps of a sequence of `len` items.
fn head_len(len: usize, n: i64) -> usize {
    if n >= 0 {
        usize::try_from(n).unwrap_or(usize::MAX).min(len)
    } else {
        len.saturating_sub(usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX))
    }
}

impl Seq {
    fn len(&self) -> usize {
        match self {
            Seq::Str(v) => v.len(),
            Seq::Bytes(v) => v.len(),
        }
    }
    fn truncate(&mut self, n: usize) {
        match self {
            Seq::Str(v) => v.truncate(n),
            Seq::Bytes(v) => v.truncate(n),
        }
    }
    fn into_out(self) -> Out {
        match self {
            Seq::Str(v) => Out::Text(v.into_iter().collect()),
            Seq::Bytes(v) => Out::Blob(v),
        }
    }
}

/// `(fill * count)[:keep] + text` or `text + (fill * count)[:keep]`: `fill` and `text` must both
/// be `str` or both `bytes`; a product longer than SQLite could store is refused.
fn pad(text: Seq, fill: &Arg<'_>, count: i64, keep: usize, left: bool) -> PyResult<Out> {
    let mismatch = || PyErr::type_error("can only concatenate str (not \"bytes\") to str");
    let fill_bytes = match fill {
        Arg::Str(s) => s.len(),
        Arg::Bytes(b) => b.len(),
        _ => 0,
    };
    let fill = seq(fill).ok_or_else(|| PyErr::type_error("object is not subscriptable"))?;
    let product = fill
        .len()
        .saturating_mul(usize::try_from(count.max(0)).unwrap_or(usize::MAX));
    // Python builds `fill * count` whole; SQLite then refuses a result over its limit.
    match check_product_size(fill_bytes, count) {
        Err(e) if e.kind == PyExc::TooBig => {}
        other => other?,
    }
    let keep = keep.min(product);
    let text_bytes = match &text {
        Seq::Str(t) => t.iter().map(|c| c.len_utf8()).sum::<usize>(),
        Seq::Bytes(b) => b.len(),
    };
    let pad_bytes = if fill.len() == 0 {
        0
    } else {
        keep / fill.len() * fill_bytes + fill_bytes
    };
    if text_bytes.saturating_add(pad_bytes) > MAX_RESULT_BYTES {
        return Err(PyErr::new(PyExc::TooBig, "string or blob too big"));
    }
    Ok(match (text, fill) {
        (Seq::Str(t), Seq::Str(f)) => {
            let padding = f.iter().copied().cycle().take(keep);
            if left {
                Out::Text(padding.chain(t).collect())
            } else {
                Out::Text(t.into_iter().chain(padding).collect())
            }
        }
        (Seq::Bytes(t), Seq::Bytes(f)) => {
            let padding = f.iter().copied().cycle().take(keep);
            if left {
                Out::Blob(padding.chain(t).collect())
            } else {
                Out::Blob(t.into_iter().chain(padding).collect())
            }
        }
        _ => return Err(mismatch()),
    })
}

/// `_sqlite_lpad(text, length, fill_text)`:
/// `text[:length]` if `length <= len(text)`, else `(fill_text * length)[:delta] + text`.
pub(crate) fn lpad(a: &[Arg<'_>; 3]) -> PyResult<Out> {
    if a.contains(&Arg::None) {
        return Ok(Out::Null);
    }
    let mut text = seq(&a[0]).ok_or_else(|| PyErr::type_error("object has no len()"))?;
    // A float length fails at the slice or the product; anything else at the subtraction.
    let Arg::Int(length) = a[1] else {
        return Err(PyErr::type_error("unsupported operand type(s) for -"));
    };
    let delta = length.saturating_sub(i64::try_from(text.len()).unwrap_or(i64::MAX));
    if delta <= 0 {
        let n = head_len(text.len(), length);
        text.truncate(n);
        return Ok(text.into_out());
    }
    pad(
        text,
        &a[2],
        length,
        usize::try_from(delta).unwrap_or(usize::MAX),
        true,
    )
}

/// `_sqlite_rpad(text, length, fill_text)`: `(text + fill_text * length)[:length]`.
pub(crate) fn rpad(a: &[Arg<'_>; 3]) -> PyResult<Out> {
    if a.contains(&Arg::None) {
        return Ok(Out::Null);
    }
    let mut text =
        seq(&a[0]).ok_or_else(|| PyErr::type_error("unsupported operand type(s) for +"))?;
    let Arg::Int(length) = a[1] else {
        return Err(PyErr::type_error("can't multiply sequence by non-int"));
    };
    if !same_kind(&text, &a[2]) {
        return Err(PyErr::type_error("unsupported operand type(s) for +"));
    }
    let total = head_len(usize::MAX, length);
    if length <= 0 || text.len() >= total {
        let fill_bytes = match a[2] {
            Arg::Str(s) => s.len(),
            Arg::Bytes(b) => b.len(),
            _ => 0,
        };
        match check_product_size(fill_bytes, length) {
            Err(e) if e.kind == PyExc::TooBig => {}
            other => other?,
        }
        let n = head_len(text.len(), length);
        text.truncate(n);
        return Ok(text.into_out());
    }
    let keep = total - text.len();
    pad(text, &a[2], length, keep, false)
}

fn same_kind(s: &Seq, a: &Arg<'_>) -> bool {
    matches!(
        (s, a),
        (Seq::Str(_), Arg::Str(_)) | (Seq::Bytes(_), Arg::Bytes(_))
    )
}

/// `_sqlite_repeat(text, count)`: Python's `text * count` (so `REPEAT(3, 4)` is `12`).
pub(crate) fn repeat(a: &[Arg<'_>; 2]) -> PyResult<Out> {
    if a.contains(&Arg::None) {
        return Ok(Out::Null);
    }
    py_mul(&a[0], &a[1])
}

/// `_sqlite_reverse(text)`: `text[::-1]`.
pub(crate) fn reverse(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    match a[0] {
        Arg::None => Ok(Out::Null),
        Arg::Str(s) => Ok(Out::Text(s.chars().rev().collect())),
        Arg::Bytes(b) => Ok(Out::Blob(b.iter().rev().copied().collect())),
        _ => Err(PyErr::type_error("object is not subscriptable")),
    }
}

fn hex_digest<D: Digest>(a: &Arg<'_>) -> PyResult<Out> {
    match a {
        Arg::None => Ok(Out::Null),
        Arg::Str(s) => {
            let digest = D::digest(s.as_bytes());
            let mut hex = String::with_capacity(digest.len() * 2);
            for b in digest.iter() {
                hex.push_str(&format!("{b:02x}"));
            }
            Ok(Out::Text(hex))
        }
        _ => Err(PyErr::attribute("object has no attribute 'encode'")),
    }
}

pub(crate) fn md5(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    hex_digest::<Md5>(&a[0])
}
pub(crate) fn sha1(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    hex_digest::<Sha1>(&a[0])
}
pub(crate) fn sha224(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    hex_digest::<Sha224>(&a[0])
}
pub(crate) fn sha256(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    hex_digest::<Sha256>(&a[0])
}
pub(crate) fn sha384(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    hex_digest::<Sha384>(&a[0])
}
pub(crate) fn sha512(a: &[Arg<'_>; 1]) -> PyResult<Out> {
    hex_digest::<Sha512>(&a[0])
}
