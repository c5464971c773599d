//! Django's aggregates `STDDEV_POP`, `STDDEV_SAMP`, `VAR_POP`, `VAR_SAMP`: Python's
//! `statistics.pstdev/stdev/pvariance/variance` (3.11) over every value the aggregate sees,
//! computed exactly with rationals and rounded once, as Python does. A NULL or text value among
//! the inputs is a TypeError in Python, so the query fails; no rows gives NULL.

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, ffi};

use super::pyobj::big_ratio_to_f64;
use super::{FINALIZE_ERROR, Out, PyErr, PyExc, PyResult};

#[derive(Clone, Copy, Debug)]
enum Item {
    Int(i64),
    Float(f64),
    /// None, str or bytes: `_exact_ratio` raises TypeError.
    NotANumber,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stat {
    StdDevPop,
    StdDevSamp,
    VarPop,
    VarSamp,
}

struct StatAggregate(Stat);

impl Aggregate<Vec<Item>, Out> for StatAggregate {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Vec<Item>> {
        Ok(Vec::new())
    }

    fn step(&self, ctx: &mut Context<'_>, acc: &mut Vec<Item>) -> rusqlite::Result<()> {
        acc.push(match ctx.get_raw(0) {
            ValueRef::Integer(i) => Item::Int(i),
            ValueRef::Real(f) => Item::Float(f),
            _ => Item::NotANumber,
        });
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, acc: Option<Vec<Item>>) -> rusqlite::Result<Out> {
        let Some(data) = acc else {
            return Ok(Out::Null); // no rows: Python's finalize is never called
        };
        compute(self.0, &data).map_err(|_| {
            rusqlite::Error::SqliteFailure(
                ffi::Error::new(ffi::SQLITE_ERROR),
                Some(FINALIZE_ERROR.to_string()),
            )
        })
    }
}

pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    for (name, stat) in [
        ("STDDEV_POP", Stat::StdDevPop),
        ("STDDEV_SAMP", Stat::StdDevSamp),
        ("VAR_POP", Stat::VarPop),
        ("VAR_SAMP", Stat::VarSamp),
    ] {
        conn.create_aggregate_function(name, 1, FunctionFlags::SQLITE_UTF8, StatAggregate(stat))?;
    }
    Ok(())
}

/// A float as an exact `(numerator, power of two in the denominator)`.
fn float_ratio(x: f64) -> (BigInt, u32) {
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (mantissa, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    let mut n = BigInt::from(mantissa);
    if negative {
        n = -n;
    }
    if e >= 0 {
        (n << (e as usize), 0)
    } else {
        (n, (-e) as u32)
    }
}

/// `_ss` + the final step of `pvariance`/`variance`/`pstdev`/`stdev`.
fn compute(stat: Stat, data: &[Item]) -> PyResult<Out> {
    let n = data.len();
    let mut any_float = false;
    let mut nonfinite: Option<f64> = None;
    let mut ratios: Vec<(BigInt, u32)> = Vec::with_capacity(n);
    for item in data {
        match *item {
            Item::NotANumber => {
                return Err(PyErr::type_error(
                    "can't convert type to numerator/denominator",
                ));
            }
            Item::Int(i) => ratios.push((BigInt::from(i), 0)),
            Item::Float(f) => {
                any_float = true;
                if f.is_finite() {
                    ratios.push(float_ratio(f));
                } else {
                    nonfinite = Some(nonfinite.unwrap_or(0.0) + f);
                }
            }
        }
    }
    let divisor = match stat {
        Stat::StdDevPop | Stat::VarPop => {
            if n < 1 {
                return Err(PyErr::new(
                    PyExc::StatisticsError,
                    "requires at least one data point",
                ));
            }
            n
        }
        Stat::StdDevSamp | Stat::VarSamp => {
            if n < 2 {
                return Err(PyErr::new(
                    PyExc::StatisticsError,
                    "requires at least two data points",
                ));
            }
            n - 1
        }
    };
    if let Some(total) = nonfinite {
        // ssd is the (float) sum of the non-finite values; stdev then fails on `.numerator`.
        return match stat {
            Stat::VarPop | Stat::VarSamp => Ok(Out::Float(total / divisor as f64)),
            _ => Err(PyErr::attribute(
                "'float' object has no attribute 'numerator'",
            )),
        };
    }
    let k = ratios.iter().map(|r| r.1).max().unwrap_or(0);
    let mut sx = BigInt::zero();
    let mut sxx = BigInt::zero();
    for (num, kk) in &ratios {
        let shift = (k - kk) as usize;
        sx += num << shift;
        sxx += (num * num) << (2 * shift);
    }
    let count = BigInt::from(n);
    // ssd = (count*sxx - sx*sx) / count, with sx over 2^k and sxx over 2^2k.
    let mut p = &count * &sxx - &sx * &sx;
    let mut q = (&count * BigInt::from(divisor)) << (2 * k as usize);
    let g = p.gcd(&q);
    if !g.is_zero() && !g.is_one() {
        p /= &g;
        q /= &g;
    }
    match stat {
        Stat::VarPop | Stat::VarSamp => {
            if !any_float && q.is_one() {
                return p.to_i64().map(Out::Int).ok_or_else(|| {
                    PyErr::overflow("Python int too large to convert to SQLite INTEGER")
                });
            }
            Ok(Out::Float(big_ratio_to_f64(&p, &q)?))
        }
        Stat::StdDevPop | Stat::StdDevSamp => {
            let p = p.abs().to_biguint().unwrap_or_default();
            let q = q.to_biguint().unwrap_or_else(BigUint::one);
            Ok(Out::Float(float_sqrt_of_frac(&p, &q)?))
        }
    }
}

/// `_integer_sqrt_of_frac_rto(n, m)`: sqrt(n/m) rounded to an integer with round-to-odd.
fn isqrt_frac_rto(n: &BigUint, m: &BigUint) -> BigUint {
    let a = (n / m).sqrt();
    let exact = &a * &a * m == *n;
    if exact { a } else { a | BigUint::one() }
}

/// `_float_sqrt_of_frac(n, m)`: sqrt(n/m) correctly rounded.
fn float_sqrt_of_frac(n: &BigUint, m: &BigUint) -> PyResult<f64> {
    const SQRT_BIT_WIDTH: i64 = 2 * 53 + 3;
    let q = (n.bits() as i64 - m.bits() as i64 - SQRT_BIT_WIDTH).div_euclid(2);
    let (numerator, denominator) = if q >= 0 {
        let q = q as usize;
        (isqrt_frac_rto(n, &(m << (2 * q))) << q, BigUint::one())
    } else {
        let q = (-q) as usize;
        (isqrt_frac_rto(&(n << (2 * q)), m), BigUint::one() << q)
    };
    big_ratio_to_f64(&BigInt::from(numerator), &BigInt::from(denominator))
}
