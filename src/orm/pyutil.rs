//! Small builders for Python containers that ORM code returns (values() dicts, slices of a
//! result cache), through the evaluator's public API.

use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::{Dict, Interp, PyResult, Value};

/// A dict with string keys, in the given order.
pub fn str_dict(it: &mut Interp, pairs: Vec<(String, Value)>) -> PyResult<Value> {
    let mut d = Dict::default();
    for (k, v) in pairs {
        let key = Value::str(&k);
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
    let start = start.unwrap_or(0).clamp(0, len) as usize;
    let stop = stop.unwrap_or(len).clamp(0, len) as usize;
    let step = step.unwrap_or(1).max(1) as usize;
    if start >= stop {
        return Vec::new();
    }
    items[start..stop].iter().step_by(step).cloned().collect()
}

pub fn list(items: Vec<Value>) -> Value {
    Value::List(Rc::new(RefCell::new(items)))
}
