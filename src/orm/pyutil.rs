//! Small builders for Python containers that ORM code returns (values() dicts, slices of a
//! result cache), through the evaluator's public API.

use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::{Dict, Interp, PyResult, Value};

/// A dict with string keys, in the given order.
pub fn str_dict<K: Into<Rc<str>>>(it: &mut Interp, pairs: Vec<(K, Value)>) -> PyResult<Value> {
    let mut d = Dict::default();
    for (k, v) in pairs {
        // A shared key (a column name) becomes the dict's key without a copy.
        let k: Rc<str> = k.into();
        let key = Value::Str(k.clone());
        let h = it.hash_value(&key)?;
        match d.index.get(&h).and_then(|ix| {
            ix.iter()
                .copied()
                .find(|&i| matches!(&d.entries[i].0, Value::Str(s) if **s == *k))
        }) {
            Some(i) => d.entries[i].1 = v,
            None => {
                d.index.entry(h).or_default().push(d.entries.len());
                d.entries.push((key, v));
            }
        }
    }
    Ok(Value::Dict(Rc::new(RefCell::new(d))))
}

/// `items[start:stop:step]` for non-negative bounds (QuerySets reject negative ones earlier).
pub fn slice_vec(
    items: &[Value],
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Vec<Value> {
    let len = items.len() as i64;
    let step = match step.unwrap_or(1) {
        0 => 1,
        s => s,
    };
    // Python's slice.indices(): negative bounds count from the end; a negative step walks
    // backwards from the last item.
    let norm = |v: i64, lo: i64, hi: i64| {
        let v = if v < 0 { v + len } else { v };
        v.clamp(lo, hi)
    };
    let mut out = Vec::new();
    if step > 0 {
        let start = start.map_or(0, |s| norm(s, 0, len));
        let stop = stop.map_or(len, |s| norm(s, 0, len));
        let mut i = start;
        while i < stop {
            out.push(items[i as usize].clone());
            i += step;
        }
    } else {
        let start = start.map_or(len - 1, |s| norm(s, -1, len - 1));
        let stop = stop.map_or(-1, |s| norm(s, -1, len - 1));
        let mut i = start;
        while i > stop {
            out.push(items[i as usize].clone());
            i += step;
        }
    }
    out
}

pub fn list(items: Vec<Value>) -> Value {
    Value::List(Rc::new(RefCell::new(items)))
}
