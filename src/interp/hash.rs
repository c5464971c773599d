//! `hash()`: CPython's numeric hash (so `1`, `1.0`, `True` and `Decimal('1')` are one dict key
//! and `hash(1.5)` prints what CPython prints), its tuple hash, and stable hashes for the rest.

use std::hash::{Hash, Hasher};

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use super::Interp;
use super::value::{PyResult, Value};

const MODULUS: u64 = (1 << 61) - 1;
const HASH_BITS: u32 = 61;
const HASH_INF: i64 = 314_159;

fn fix(h: i64) -> i64 {
    if h == -1 { -2 } else { h }
}

pub(crate) fn hash_i64(i: i64) -> i64 {
    let m = (i.unsigned_abs() % MODULUS) as i64;
    fix(if i < 0 { -m } else { m })
}

pub(crate) fn hash_big(b: &BigInt) -> i64 {
    let m = (b.abs() % BigInt::from(MODULUS)).to_i64().unwrap_or(0);
    fix(if b.is_negative() { -m } else { m })
}

/// `_Py_HashDouble`.
pub(crate) fn hash_f64(v: f64) -> i64 {
    if !v.is_finite() {
        return if v.is_infinite() {
            if v > 0.0 { HASH_INF } else { -HASH_INF }
        } else {
            0
        };
    }
    let (mut m, mut e) = frexp(v);
    let mut sign = 1i64;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (HASH_BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % HASH_BITS as i32
    } else {
        HASH_BITS as i32 - 1 - ((-1 - e) % HASH_BITS as i32)
    };
    let e = e as u32;
    x = ((x << e) & MODULUS) | (x >> (HASH_BITS - e));
    fix((x as i64).wrapping_mul(sign))
}

/// `frexp`: v = m * 2^e with 0.5 <= |m| < 1.
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m_bits = (bits & !(0x7ffu64 << 52)) | (1022u64 << 52);
    (f64::from_bits(m_bits), e)
}

fn mulmod(a: u64, b: u64) -> u64 {
    ((a as u128 * b as u128) % MODULUS as u128) as u64
}

fn powmod(mut b: u64, mut e: u64) -> u64 {
    let mut r = 1u64;
    b %= MODULUS;
    while e > 0 {
        if e & 1 == 1 {
            r = mulmod(r, b);
        }
        b = mulmod(b, b);
        e >>= 1;
    }
    r
}

/// `Decimal.__hash__`: the hash of the exact rational value.
pub(crate) fn hash_decimal(d: &rust_decimal::Decimal) -> i64 {
    let mant = d.mantissa();
    let scale = d.scale() as u64;
    let inv10 = powmod(10, MODULUS - 2);
    let exp_hash = powmod(inv10, scale);
    let m = (mant.unsigned_abs() % MODULUS as u128) as u64;
    let h = mulmod(m, exp_hash) as i64;
    fix(if mant < 0 { -h } else { h })
}

fn hash_str(s: &str) -> i64 {
    // FNV-1a: deterministic (CPython randomises str hashes per process, so no value is "right").
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    fix(h as i64)
}

fn hash_std<T: Hash>(t: &T) -> i64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    t.hash(&mut h);
    fix(h.finish() as i64)
}

/// CPython's tuple hash (xxHash-based, 3.8+).
pub(crate) fn hash_tuple(items: &[i64]) -> i64 {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let mut acc = P5;
    for &lane in items {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

impl Interp {
    /// `hash(v)` as CPython's signed value.
    pub(crate) fn hash_signed(&mut self, v: &Value) -> PyResult<i64> {
        Ok(match v {
            Value::None => 0x5f3_7a0b,
            Value::Bool(b) => *b as i64,
            Value::Int(i) => hash_i64(*i),
            Value::BigInt(b) => hash_big(b),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.2e18 {
                    hash_i64(*f as i64)
                } else {
                    hash_f64(*f)
                }
            }
            Value::Decimal(d) => {
                if d.is_zero() {
                    0
                } else {
                    hash_decimal(d)
                }
            }
            Value::Str(s) => hash_str(s),
            Value::Bytes(b) => hash_std(&b.as_ref()),
            Value::Tuple(t) => {
                let mut hs = Vec::with_capacity(t.len());
                for x in t.iter() {
                    hs.push(self.nested(|it| it.hash_signed(x))?);
                }
                hash_tuple(&hs)
            }
            Value::Range(a, _, c) => {
                let n = super::collections::range_len(v);
                if n == 0 {
                    hash_tuple(&[0, 0, 0])
                } else {
                    hash_tuple(&[n as i64, *a, if n == 1 { 0 } else { *c }])
                }
            }
            Value::Date(d) => hash_std(d),
            Value::Time(t) => hash_std(t),
            Value::TimeDelta(t) => hash_std(t),
            Value::DateTime(dt, off) => match off {
                None => hash_std(dt),
                Some(o) => hash_std(&super::datetime::to_utc(dt, o)),
            },
            Value::Type(t) => hash_std(t),
            Value::ExcClass(c) => (std::rc::Rc::as_ptr(c) as usize >> 4) as i64,
            Value::Exception(e) => (std::rc::Rc::as_ptr(e) as usize >> 4) as i64,
            Value::Function(f) => (std::rc::Rc::as_ptr(f) as usize >> 4) as i64,
            Value::Builtin(f) => (std::rc::Rc::as_ptr(f) as *const () as usize >> 4) as i64,
            Value::BoundMethod(m) => hash_str(&m.name) ^ self.hash_signed(&m.receiver)?,
            Value::Module(m) => (std::rc::Rc::as_ptr(m) as usize >> 4) as i64,
            Value::Object(o) => match o.hash(o) {
                Some(h) => h as i64,
                None => {
                    return Err(self.type_error(format!("unhashable type: '{}'", o.type_name())));
                }
            },
            Value::List(_) | Value::Dict(_) | Value::Set(_) => {
                return Err(self.type_error(format!("unhashable type: '{}'", v.type_name())));
            }
        })
    }

    /// `hash(v)` as the dict index uses it.
    pub(crate) fn hash_of(&mut self, v: &Value) -> PyResult<u64> {
        Ok(self.hash_signed(v)? as u64)
    }
}

/// The hash CPython computes for `v` when it is the same in every CPython process (numbers and
/// tuples of numbers); `None` for values whose CPython hash is randomised or address-based.
pub(crate) fn deterministic_hash(v: &Value) -> Option<i64> {
    Some(match v {
        Value::Bool(b) => *b as i64,
        Value::Int(i) => hash_i64(*i),
        Value::BigInt(b) => hash_big(b),
        Value::Float(f) => {
            if f.is_nan() {
                return None;
            }
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                hash_i64(*f as i64)
            } else {
                hash_f64(*f)
            }
        }
        Value::Decimal(d) => {
            if d.is_zero() {
                0
            } else {
                hash_decimal(d)
            }
        }
        Value::Tuple(t) => {
            let mut hs = Vec::with_capacity(t.len());
            for x in t.iter() {
                hs.push(deterministic_hash(x)?);
            }
            hash_tuple(&hs)
        }
        _ => return None,
    })
}

/// The order CPython 3.11 iterates a set built by adding `hashes` one by one to an empty set
/// (setobject.c: `set_add_entry` with linear probing and perturbation, resizing to 4x the used
/// count when 3/5 full). Returns positions into `hashes`.
pub(crate) fn cpython_set_order(hashes: &[i64]) -> Vec<usize> {
    const MINSIZE: usize = 8;
    const LINEAR_PROBES: usize = 9;
    let mut table: Vec<Option<(usize, i64)>> = vec![None; MINSIZE];
    let mut mask = MINSIZE - 1;
    let mut used = 0usize;
    fn insert_clean(table: &mut [Option<(usize, i64)>], mask: usize, item: (usize, i64)) {
        let mut perturb = item.1 as u64;
        let mut i = (item.1 as u64 as usize) & mask;
        loop {
            if table[i].is_none() {
                table[i] = Some(item);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    if table[i + j].is_none() {
                        table[i + j] = Some(item);
                        return;
                    }
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }
    for (idx, &h) in hashes.iter().enumerate() {
        insert_clean(&mut table, mask, (idx, h));
        used += 1;
        if used * 5 >= mask * 3 {
            let minused = if used > 50_000 { used * 2 } else { used * 4 };
            let mut newsize = MINSIZE;
            while newsize <= minused {
                newsize <<= 1;
            }
            let old = std::mem::replace(&mut table, vec![None; newsize]);
            mask = newsize - 1;
            for item in old.into_iter().flatten() {
                insert_clean(&mut table, mask, item);
            }
        }
    }
    table.into_iter().flatten().map(|(i, _)| i).collect()
}
