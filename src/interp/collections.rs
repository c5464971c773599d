//! Containers: the insertion-ordered [`Dict`]/[`Set`] with Python's key rules, ranges,
//! indexing and slicing of str/list/tuple/range/bytes, item assignment and deletion, the `+`/`*`
//! of sequences and the set/dict operators, a stable fallible sort, and the methods of list,
//! dict, set, tuple and range.

use std::cell::RefCell;
use std::rc::Rc;

use num_traits::{Signed, ToPrimitive};

use super::Interp;
use super::compare::is_same;
use super::numbers::{MAX_SEQ_BYTES, MAX_SEQ_ITEMS};
use super::value::{Args, Dict, PyResult, Set, Value};
use crate::syntax::BinOp;

// ---------------------------------------------------------------- Dict / Set storage

impl Dict {
    /// A dict with string keys, built without an evaluator (string keys hash and compare
    /// without running Python code).
    pub fn from_str_pairs<S: AsRef<str>>(pairs: impl IntoIterator<Item = (S, Value)>) -> Dict {
        let mut d = Dict::default();
        for (k, v) in pairs {
            d.insert_str(k.as_ref(), v);
        }
        d
    }

    /// Sets a string key (no evaluator needed).
    pub fn insert_str(&mut self, key: &str, v: Value) {
        let h = str_key_hash(key);
        if let Some(ixs) = self.index.get(&h) {
            for &i in ixs {
                if let Some((Value::Str(k), slot)) = self.entries.get_mut(i)
                    && &**k == key
                {
                    *slot = v;
                    return;
                }
            }
        }
        self.index.entry(h).or_default().push(self.entries.len());
        self.entries.push((Value::str(key), v));
    }

    /// A string key's value (no evaluator needed).
    pub fn get_str(&self, key: &str) -> Option<&Value> {
        let ixs = self.index.get(&str_key_hash(key))?;
        ixs.iter().find_map(|&i| match self.entries.get(i) {
            Some((Value::Str(k), v)) if &**k == key => Some(v),
            _ => None,
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes entry `i` and shifts the index.
    fn remove_at(&mut self, i: usize) -> (Value, Value) {
        let e = self.entries.remove(i);
        self.index.retain(|_, ixs| {
            ixs.retain(|&j| j != i);
            for j in ixs.iter_mut() {
                if *j > i {
                    *j -= 1;
                }
            }
            !ixs.is_empty()
        });
        e
    }
}

fn str_key_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    (if h as i64 == -1 { -2i64 } else { h as i64 }) as u64
}

type DictRef = Rc<RefCell<Dict>>;
type SetRef = Rc<RefCell<Set>>;

/// Gives the dict helpers access to the `Dict` inside a dict value or a set value.
pub(crate) trait DictCell {
    fn with<R>(&self, f: impl FnOnce(&mut Dict) -> R) -> R;
}

impl DictCell for Rc<RefCell<Dict>> {
    fn with<R>(&self, f: impl FnOnce(&mut Dict) -> R) -> R {
        f(&mut self.borrow_mut())
    }
}

impl DictCell for Rc<RefCell<Set>> {
    fn with<R>(&self, f: impl FnOnce(&mut Dict) -> R) -> R {
        f(&mut self.borrow_mut().items)
    }
}

impl Interp {
    /// Rebuilds the hash index of a dict whose entries were filled directly.
    fn ensure_index<C: DictCell>(&mut self, d: &C) -> PyResult<()> {
        let keys: Option<Vec<Value>> = d.with(|b| {
            if b.index.is_empty() && !b.entries.is_empty() {
                Some(b.entries.iter().map(|(k, _)| k.clone()).collect())
            } else {
                None
            }
        });
        if let Some(keys) = keys {
            let mut index: crate::util::FastMap<u64, Vec<usize>> = Default::default();
            for (i, k) in keys.iter().enumerate() {
                let h = self.hash_of(k)?;
                index.entry(h).or_default().push(i);
            }
            d.with(|b| b.index = index);
        }
        Ok(())
    }

    /// Hashes `key` and finds its entry. The dict is not borrowed while `==` runs, so an
    /// Object's `compare` may use the evaluator freely.
    fn dict_find<C: DictCell>(&mut self, d: &C, key: &Value) -> PyResult<(u64, Option<usize>)> {
        self.ensure_index(d)?;
        let h = self.hash_of(key)?;
        let candidates: Vec<usize> = match d.with(|b| b.index.get(&h).cloned()) {
            Some(ixs) => ixs,
            None => return Ok((h, None)),
        };
        for i in candidates {
            let k = match d.with(|b| b.entries.get(i).map(|(k, _)| k.clone())) {
                Some(k) => k,
                None => continue,
            };
            let equal = match (&k, key) {
                (Value::Str(a), Value::Str(b)) => a == b,
                _ => is_same(&k, key) || self.eq_values(&k, key)?,
            };
            if equal {
                return Ok((h, Some(i)));
            }
        }
        Ok((h, None))
    }

    fn cell_get<C: DictCell>(&mut self, d: &C, key: &Value) -> PyResult<Option<Value>> {
        let (_, i) = self.dict_find(d, key)?;
        Ok(i.and_then(|i| d.with(|b| b.entries.get(i).map(|(_, v)| v.clone()))))
    }

    fn cell_set<C: DictCell>(&mut self, d: &C, key: Value, value: Value) -> PyResult<()> {
        let (h, i) = self.dict_find(d, &key)?;
        d.with(|b| match i {
            Some(i) => {
                if let Some(e) = b.entries.get_mut(i) {
                    e.1 = value;
                }
            }
            None => {
                let n = b.entries.len();
                b.index.entry(h).or_default().push(n);
                b.entries.push((key, value));
            }
        });
        Ok(())
    }

    fn cell_remove<C: DictCell>(&mut self, d: &C, key: &Value) -> PyResult<Option<Value>> {
        let (_, i) = self.dict_find(d, key)?;
        Ok(i.map(|i| d.with(|b| b.remove_at(i).1)))
    }

    /// `d.get(key)` without a default.
    pub fn dict_get(&mut self, d: &DictRef, key: &Value) -> PyResult<Option<Value>> {
        self.cell_get(d, key)
    }

    /// `d[key] = value` (keeps the first key object, as CPython does).
    pub fn dict_set(&mut self, d: &DictRef, key: Value, value: Value) -> PyResult<()> {
        self.cell_set(d, key, value)
    }

    /// Removes `key`; returns its value if it was there.
    pub fn dict_remove(&mut self, d: &DictRef, key: &Value) -> PyResult<Option<Value>> {
        self.cell_remove(d, key)
    }

    /// A new dict value from pairs.
    pub fn new_dict(&mut self, pairs: Vec<(Value, Value)>) -> PyResult<Value> {
        let d = Rc::new(RefCell::new(Dict::default()));
        for (k, v) in pairs {
            self.dict_set(&d, k, v)?;
        }
        Ok(Value::Dict(d))
    }

    /// A new set value from items.
    pub fn new_set(&mut self, items: Vec<Value>) -> PyResult<Value> {
        let s = Rc::new(RefCell::new(Set::default()));
        for x in items {
            self.set_add(&s, x)?;
        }
        Ok(Value::Set(s))
    }

    pub(crate) fn set_contains(&mut self, s: &SetRef, item: &Value) -> PyResult<bool> {
        Ok(self.dict_find(s, item)?.1.is_some())
    }

    pub(crate) fn set_add(&mut self, s: &SetRef, item: Value) -> PyResult<()> {
        self.cell_set(s, item, Value::None)
    }

    pub(crate) fn set_remove(&mut self, s: &SetRef, item: &Value) -> PyResult<bool> {
        Ok(self.cell_remove(s, item)?.is_some())
    }

    fn set_items(&self, s: &SetRef) -> Vec<Value> {
        set_order(&s.borrow())
    }

    /// All items of an iterable, materialised.
    pub(crate) fn iter_values(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        Ok(match v {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) => t.to_vec(),
            Value::Str(s) => s
                .chars()
                .map(|c| Value::Str(Rc::from(c.encode_utf8(&mut [0; 4]) as &str)))
                .collect(),
            Value::Bytes(b) => b.iter().map(|x| Value::Int(*x as i64)).collect(),
            Value::Dict(d) => d.borrow().entries.iter().map(|(k, _)| k.clone()).collect(),
            Value::Set(s) => self.set_items(s),
            Value::Range(start, _, step) => {
                let n = range_len(v);
                if n > MAX_SEQ_ITEMS {
                    return Err(self.memory_error());
                }
                let (start, step) = (*start as i128, *step as i128);
                (0..n as i128)
                    .map(|i| Value::Int((start + i * step) as i64))
                    .collect()
            }
            Value::Object(o) => o.iter(o, self)?,
            _ => return Err(self.type_error(format!("'{}' object is not iterable", v.tp_name()))),
        })
    }

    // ------------------------------------------------------------ indexing

    /// An index value as i64 (`list indices must be integers or slices, not str`).
    fn index_of(&self, v: &Value, what: &str) -> PyResult<Result<i64, ()>> {
        match v {
            Value::Int(i) => Ok(Ok(*i)),
            Value::Bool(b) => Ok(Ok(*b as i64)),
            Value::BigInt(_) => Ok(Err(())),
            _ => Err(self.type_error(format!(
                "{what} indices must be integers or slices, not {}",
                v.tp_name()
            ))),
        }
    }

    /// Normalises `i` against `len`; `None` when out of range.
    fn norm_index(i: Result<i64, ()>, len: usize) -> Option<usize> {
        let i = i.ok()?;
        let len = len as i64;
        let j = if i < 0 { i + len } else { i };
        if j < 0 || j >= len {
            None
        } else {
            Some(j as usize)
        }
    }

    /// `v[index]` for the built-in types.
    pub(crate) fn get_item(&mut self, v: &Value, index: &Value) -> PyResult<Value> {
        match v {
            Value::List(l) => {
                let i = self.index_of(index, "list")?;
                let l = l.borrow();
                match Self::norm_index(i, l.len()) {
                    Some(j) => Ok(l[j].clone()),
                    None => Err(self.index_error_for(i, "list index out of range")),
                }
            }
            Value::Tuple(t) => {
                let i = self.index_of(index, "tuple")?;
                match Self::norm_index(i, t.len()) {
                    Some(j) => Ok(t[j].clone()),
                    None => Err(self.index_error_for(i, "tuple index out of range")),
                }
            }
            Value::Str(s) => {
                let i = match index {
                    Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
                        self.index_of(index, "string")?
                    }
                    _ => {
                        return Err(self.type_error(format!(
                            "string indices must be integers, not '{}'",
                            index.tp_name()
                        )));
                    }
                };
                let n = str_len(s);
                match Self::norm_index(i, n) {
                    Some(j) => {
                        let c = if s.is_ascii() {
                            s.as_bytes()[j] as char
                        } else {
                            s.chars().nth(j).unwrap_or('\0')
                        };
                        Ok(Value::Str(Rc::from(c.encode_utf8(&mut [0; 4]) as &str)))
                    }
                    None => Err(self.index_error_for(i, "string index out of range")),
                }
            }
            Value::Bytes(b) => {
                let i = self.index_of(index, "byte")?;
                match Self::norm_index(i, b.len()) {
                    Some(j) => Ok(Value::Int(b[j] as i64)),
                    None => Err(self.index_error_for(i, "index out of range")),
                }
            }
            Value::Range(start, _, step) => {
                let i = self.index_of(index, "range")?;
                let n = range_len(v);
                if n > i64::MAX as u64 {
                    return Err(self.overflow_error("Python int too large to convert to C ssize_t"));
                }
                match Self::norm_index(i, n as usize) {
                    Some(j) => Ok(Value::Int(
                        (*start as i128 + j as i128 * *step as i128) as i64,
                    )),
                    None => Err(self.index_error_for(i, "range object index out of range")),
                }
            }
            Value::Dict(d) => match self.dict_get(d, index)? {
                Some(x) => Ok(x),
                None => Err(self.key_error(index.clone())),
            },
            Value::Object(o) => o.get_item(o, super::value::Subscript::Index(index.clone()), self),
            Value::Type(_) | Value::ExcClass(_) => {
                // `list[int]` style generic aliases: harmless in annotations, return the type.
                Ok(v.clone())
            }
            _ => Err(self.type_error(format!("'{}' object is not subscriptable", v.tp_name()))),
        }
    }

    fn index_error_for(&self, i: Result<i64, ()>, msg: &str) -> Rc<super::PyException> {
        match i {
            Ok(_) => self.index_error(msg),
            Err(()) => self.index_error("cannot fit 'int' into an index-sized integer"),
        }
    }

    /// Resolves a slice against `len`: (start, stop, step, count), CPython's `PySlice_AdjustIndices`.
    pub(crate) fn slice_indices(
        &self,
        lower: &Value,
        upper: &Value,
        step: &Value,
        len: usize,
    ) -> PyResult<(i64, i64, i64, usize)> {
        let step = match self.slice_part(step)? {
            None => 1,
            Some(0) => return Err(self.value_error("slice step cannot be zero")),
            Some(s) => s,
        };
        let len = len as i64;
        let adjust = |x: Option<i64>, default: i64| -> i64 {
            match x {
                None => default,
                Some(mut x) => {
                    if x < 0 {
                        x += len;
                        if x < 0 {
                            x = if step < 0 { -1 } else { 0 };
                        }
                    } else if x >= len {
                        x = if step < 0 { len - 1 } else { len };
                    }
                    x
                }
            }
        };
        let (start, stop) = if step > 0 {
            (
                adjust(self.slice_part(lower)?, 0),
                adjust(self.slice_part(upper)?, len),
            )
        } else {
            (
                adjust(self.slice_part(lower)?, len - 1),
                adjust(self.slice_part(upper)?, -1),
            )
        };
        let count = if step > 0 {
            if stop > start {
                ((stop - start - 1) / step + 1) as usize
            } else {
                0
            }
        } else if start > stop {
            ((start - stop - 1) / (-step) + 1) as usize
        } else {
            0
        };
        Ok((start, stop, step, count))
    }

    fn slice_part(&self, v: &Value) -> PyResult<Option<i64>> {
        match v {
            Value::None => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            Value::Bool(b) => Ok(Some(*b as i64)),
            Value::BigInt(b) => Ok(Some(if b.is_negative() {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            })),
            _ => Err(self
                .type_error("slice indices must be integers or None or have an __index__ method")),
        }
    }

    /// `v[lower:upper:step]`.
    pub(crate) fn get_slice(
        &mut self,
        v: &Value,
        lower: &Value,
        upper: &Value,
        step: &Value,
    ) -> PyResult<Value> {
        fn pick<T: Clone>(items: &[T], start: i64, step: i64, count: usize) -> Vec<T> {
            (0..count)
                .map(|k| items[(start + k as i64 * step) as usize].clone())
                .collect()
        }
        match v {
            Value::List(l) => {
                let items = l.borrow();
                let (start, _, step, count) =
                    self.slice_indices(lower, upper, step, items.len())?;
                Ok(Value::list(pick(&items, start, step, count)))
            }
            Value::Tuple(t) => {
                let (start, _, step, count) = self.slice_indices(lower, upper, step, t.len())?;
                Ok(Value::tuple(pick(t, start, step, count)))
            }
            Value::Str(s) => {
                if s.is_ascii() {
                    let (start, _, step, count) =
                        self.slice_indices(lower, upper, step, s.len())?;
                    let bytes = pick(s.as_bytes(), start, step, count);
                    Ok(Value::Str(Rc::from(
                        String::from_utf8(bytes).unwrap_or_default().as_str(),
                    )))
                } else {
                    let chars: Vec<char> = s.chars().collect();
                    let (start, _, step, count) =
                        self.slice_indices(lower, upper, step, chars.len())?;
                    let out: String = pick(&chars, start, step, count).into_iter().collect();
                    Ok(Value::Str(Rc::from(out.as_str())))
                }
            }
            Value::Bytes(b) => {
                let (start, _, step, count) = self.slice_indices(lower, upper, step, b.len())?;
                Ok(Value::Bytes(Rc::from(pick(b, start, step, count))))
            }
            Value::Range(rs, _, rstep) => {
                let n = range_len(v);
                if n > i64::MAX as u64 / 2 {
                    return Err(self.overflow_error("Python int too large to convert to C ssize_t"));
                }
                let (start, _, step, count) = self.slice_indices(lower, upper, step, n as usize)?;
                let new_start = *rs as i128 + start as i128 * *rstep as i128;
                let new_step = *rstep as i128 * step as i128;
                let new_stop = new_start + count as i128 * new_step;
                match (
                    i64::try_from(new_start),
                    i64::try_from(new_stop),
                    i64::try_from(new_step),
                ) {
                    (Ok(a), Ok(b), Ok(c)) => Ok(Value::Range(a, b, c)),
                    _ => Err(self.overflow_error("Python int too large to convert to C ssize_t")),
                }
            }
            Value::Object(o) => {
                let part = |x: &Value| if x.is_none() { None } else { Some(x.clone()) };
                o.get_item(
                    o,
                    super::value::Subscript::Slice(part(lower), part(upper), part(step)),
                    self,
                )
            }
            Value::Dict(_) => Err(self.type_error("unhashable type: 'slice'")),
            _ => Err(self.type_error(format!("'{}' object is not subscriptable", v.tp_name()))),
        }
    }

    /// `v[index] = value`.
    pub(crate) fn set_item(&mut self, v: &Value, index: &Value, value: Value) -> PyResult<()> {
        match v {
            Value::List(l) => {
                let i = self.index_of(index, "list")?;
                let mut l = l.borrow_mut();
                match Self::norm_index(i, l.len()) {
                    Some(j) => {
                        l[j] = value;
                        Ok(())
                    }
                    None => Err(self.index_error_for(i, "list assignment index out of range")),
                }
            }
            Value::Dict(d) => self.dict_set(d, index.clone(), value),
            Value::Object(o) => o.set_item(
                o,
                super::value::Subscript::Index(index.clone()),
                value,
                self,
            ),
            _ => Err(self.type_error(format!(
                "'{}' object does not support item assignment",
                v.tp_name()
            ))),
        }
    }

    /// `v[lower:upper:step] = value`.
    pub(crate) fn set_slice(
        &mut self,
        v: &Value,
        lower: &Value,
        upper: &Value,
        step: &Value,
        value: Value,
    ) -> PyResult<()> {
        match v {
            Value::List(l) => {
                let items = match &value {
                    Value::List(_)
                    | Value::Tuple(_)
                    | Value::Str(_)
                    | Value::Set(_)
                    | Value::Dict(_)
                    | Value::Range(..)
                    | Value::Bytes(_)
                    | Value::Object(_) => self.iter_values(&value)?,
                    _ => return Err(self.type_error("can only assign an iterable")),
                };
                let len = l.borrow().len();
                let (start, stop, st, count) = self.slice_indices(lower, upper, step, len)?;
                let mut list = l.borrow_mut();
                if st == 1 {
                    let start = start as usize;
                    let stop = (stop.max(start as i64)) as usize;
                    list.splice(start..stop, items);
                } else {
                    if items.len() != count {
                        return Err(self.value_error(format!(
                            "attempt to assign sequence of size {} to extended slice of size {count}",
                            items.len()
                        )));
                    }
                    for (k, x) in items.into_iter().enumerate() {
                        list[(start + k as i64 * st) as usize] = x;
                    }
                }
                Ok(())
            }
            Value::Object(o) => {
                let part = |x: &Value| if x.is_none() { None } else { Some(x.clone()) };
                o.set_item(
                    o,
                    super::value::Subscript::Slice(part(lower), part(upper), part(step)),
                    value,
                    self,
                )
            }
            _ => Err(self.type_error(format!(
                "'{}' object does not support item assignment",
                v.tp_name()
            ))),
        }
    }

    /// `del v[index]`.
    pub(crate) fn del_item(&mut self, v: &Value, index: &Value) -> PyResult<()> {
        match v {
            Value::List(l) => {
                let i = self.index_of(index, "list")?;
                let mut l = l.borrow_mut();
                match Self::norm_index(i, l.len()) {
                    Some(j) => {
                        l.remove(j);
                        Ok(())
                    }
                    None => Err(self.index_error_for(i, "list assignment index out of range")),
                }
            }
            Value::Dict(d) => match self.dict_remove(d, index)? {
                Some(_) => Ok(()),
                None => Err(self.key_error(index.clone())),
            },
            Value::Object(o) => o.del_item(o, super::value::Subscript::Index(index.clone()), self),
            _ => Err(self.type_error(format!(
                "'{}' object doesn't support item deletion",
                v.tp_name()
            ))),
        }
    }

    /// `del v[lower:upper:step]`.
    pub(crate) fn del_slice(
        &mut self,
        v: &Value,
        lower: &Value,
        upper: &Value,
        step: &Value,
    ) -> PyResult<()> {
        match v {
            Value::List(l) => {
                let len = l.borrow().len();
                let (start, _, st, count) = self.slice_indices(lower, upper, step, len)?;
                let mut idx: Vec<usize> = (0..count)
                    .map(|k| (start + k as i64 * st) as usize)
                    .collect();
                idx.sort_unstable();
                let mut list = l.borrow_mut();
                for i in idx.into_iter().rev() {
                    list.remove(i);
                }
                Ok(())
            }
            Value::Object(o) => {
                let part = |x: &Value| if x.is_none() { None } else { Some(x.clone()) };
                o.del_item(
                    o,
                    super::value::Subscript::Slice(part(lower), part(upper), part(step)),
                    self,
                )
            }
            _ => Err(self.type_error(format!(
                "'{}' object doesn't support item deletion",
                v.tp_name()
            ))),
        }
    }

    // ------------------------------------------------------------ operators

    /// `+`, `*` and `%` of str/list/tuple/bytes; `None` when not applicable.
    pub(crate) fn sequence_op(
        &mut self,
        op: BinOp,
        a: &Value,
        b: &Value,
    ) -> Option<PyResult<Value>> {
        match op {
            BinOp::Add => Some(match (a, b) {
                (Value::Str(x), Value::Str(y)) => {
                    let mut s = String::with_capacity(x.len() + y.len());
                    s.push_str(x);
                    s.push_str(y);
                    Ok(Value::Str(Rc::from(s.as_str())))
                }
                (Value::Str(_), _) => Err(self.type_error(format!(
                    "can only concatenate str (not \"{}\") to str",
                    b.tp_name()
                ))),
                (Value::List(x), Value::List(y)) => {
                    let mut v = x.borrow().clone();
                    v.extend(y.borrow().iter().cloned());
                    Ok(Value::list(v))
                }
                (Value::List(_), _) => Err(self.type_error(format!(
                    "can only concatenate list (not \"{}\") to list",
                    b.tp_name()
                ))),
                (Value::Tuple(x), Value::Tuple(y)) => {
                    let mut v = x.to_vec();
                    v.extend(y.iter().cloned());
                    Ok(Value::tuple(v))
                }
                (Value::Tuple(_), _) => Err(self.type_error(format!(
                    "can only concatenate tuple (not \"{}\") to tuple",
                    b.tp_name()
                ))),
                (Value::Bytes(x), Value::Bytes(y)) => {
                    let mut v = x.to_vec();
                    v.extend_from_slice(y);
                    Ok(Value::Bytes(Rc::from(v)))
                }
                (Value::Bytes(_), _) => {
                    Err(self.type_error(format!("can't concat {} to bytes", b.tp_name())))
                }
                _ => return None,
            }),
            BinOp::Mul => {
                let (seq, n) = match (a, b) {
                    (Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_), _) => {
                        (a, b)
                    }
                    (_, Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_)) => {
                        (b, a)
                    }
                    _ => return None,
                };
                let n = match self.repeat_count(n) {
                    Some(Ok(n)) => n,
                    Some(Err(e)) => return Some(Err(e)),
                    None => {
                        if matches!(n, Value::Object(_)) {
                            return None;
                        }
                        return Some(Err(self.type_error(format!(
                            "can't multiply sequence by non-int of type '{}'",
                            n.tp_name()
                        ))));
                    }
                };
                Some(self.repeat(seq, n))
            }
            BinOp::Mod => match a {
                Value::Str(s) => Some(self.percent_format(s, b)),
                _ => None,
            },
            _ => None,
        }
    }

    fn repeat(&mut self, seq: &Value, n: i64) -> PyResult<Value> {
        match seq {
            Value::Str(s) => {
                if n <= 0 || s.is_empty() {
                    return Ok(Value::str(""));
                }
                if (s.len() as u64).saturating_mul(n as u64) > MAX_SEQ_BYTES {
                    return Err(self.memory_error());
                }
                Ok(Value::Str(Rc::from(s.repeat(n as usize).as_str())))
            }
            Value::Bytes(b) => {
                if n <= 0 || b.is_empty() {
                    return Ok(Value::Bytes(Rc::from(Vec::new())));
                }
                if (b.len() as u64).saturating_mul(n as u64) > MAX_SEQ_BYTES {
                    return Err(self.memory_error());
                }
                Ok(Value::Bytes(Rc::from(b.repeat(n as usize))))
            }
            Value::List(l) => {
                let items = l.borrow().clone();
                Ok(Value::list(self.repeat_vec(&items, n)?))
            }
            Value::Tuple(t) => Ok(Value::tuple(self.repeat_vec(t, n)?)),
            _ => Err(self.type_error("can't multiply")),
        }
    }

    /// `|`, `&`, `-`, `^` of sets and `|` of dicts; `None` when not applicable.
    pub(crate) fn collection_op(
        &mut self,
        op: BinOp,
        a: &Value,
        b: &Value,
    ) -> Option<PyResult<Value>> {
        match (a, b) {
            (Value::Set(x), Value::Set(y)) => {
                let r = match op {
                    BinOp::BitOr => self.set_union(x, &[Value::Set(y.clone())]),
                    BinOp::BitAnd => self.set_filter(x, y, true),
                    BinOp::Sub => self.set_filter(x, y, false),
                    BinOp::BitXor => self.set_symdiff(x, y),
                    _ => return None,
                };
                Some(r)
            }
            (Value::Dict(x), Value::Dict(y)) if op == BinOp::BitOr => {
                let mut entries = x.borrow().entries.clone();
                entries.extend(y.borrow().entries.iter().cloned());
                Some(self.new_dict(entries))
            }
            _ => None,
        }
    }

    fn set_union(&mut self, x: &SetRef, others: &[Value]) -> PyResult<Value> {
        let mut items = self.set_items(x);
        for o in others {
            items.extend(self.iter_values(o)?);
        }
        self.new_set(items)
    }

    fn set_filter(&mut self, x: &SetRef, y: &SetRef, keep_common: bool) -> PyResult<Value> {
        let mut out = Vec::new();
        for k in self.set_items(x) {
            if self.set_contains(y, &k)? == keep_common {
                out.push(k);
            }
        }
        self.new_set(out)
    }

    fn set_symdiff(&mut self, x: &SetRef, y: &SetRef) -> PyResult<Value> {
        let mut out = Vec::new();
        for k in self.set_items(x) {
            if !self.set_contains(y, &k)? {
                out.push(k);
            }
        }
        for k in self.set_items(y) {
            if !self.set_contains(x, &k)? {
                out.push(k);
            }
        }
        self.new_set(out)
    }

    fn as_set_ref(&mut self, v: &Value) -> PyResult<SetRef> {
        match v {
            Value::Set(s) => Ok(s.clone()),
            _ => {
                let items = self.iter_values(v)?;
                match self.new_set(items)? {
                    Value::Set(s) => Ok(s),
                    _ => Err(self.type_error("set expected")),
                }
            }
        }
    }

    // ------------------------------------------------------------ sorting

    /// Stable merge sort that propagates errors from `<` (Rust's sort may panic on an
    /// inconsistent order, and Python code can raise mid-sort).
    pub(crate) fn sort_values(
        &mut self,
        items: Vec<Value>,
        key: Option<&Value>,
        reverse: bool,
    ) -> PyResult<Vec<Value>> {
        let keys = match key {
            Some(k) if !k.is_none() => {
                let mut ks = Vec::with_capacity(items.len());
                for x in &items {
                    ks.push(self.call_value(k, Args::new(vec![x.clone()]))?);
                }
                ks
            }
            _ => items.clone(),
        };
        let mut pairs: Vec<(Value, Value)> = keys.into_iter().zip(items).collect();
        if reverse {
            pairs.reverse();
        }
        let mut pairs = self.merge_sort(pairs)?;
        if reverse {
            pairs.reverse();
        }
        Ok(pairs.into_iter().map(|(_, v)| v).collect())
    }

    fn merge_sort(&mut self, mut v: Vec<(Value, Value)>) -> PyResult<Vec<(Value, Value)>> {
        if v.len() <= 1 {
            return Ok(v);
        }
        // Insertion sort for short runs.
        if v.len() <= 12 {
            for i in 1..v.len() {
                let mut j = i;
                while j > 0 && self.lt_values(&v[j].0, &v[j - 1].0)? {
                    v.swap(j, j - 1);
                    j -= 1;
                }
            }
            return Ok(v);
        }
        let right = v.split_off(v.len() / 2);
        let left = self.merge_sort(v)?;
        let right = self.merge_sort(right)?;
        let mut out = Vec::with_capacity(left.len() + right.len());
        let mut li = left.into_iter().peekable();
        let mut ri = right.into_iter().peekable();
        loop {
            match (li.peek(), ri.peek()) {
                (Some(l), Some(r)) => {
                    if self.lt_values(&r.0, &l.0)? {
                        out.extend(ri.next());
                    } else {
                        out.extend(li.next());
                    }
                }
                (Some(_), None) => out.extend(li.by_ref()),
                (None, Some(_)) => out.extend(ri.by_ref()),
                (None, None) => break,
            }
        }
        Ok(out)
    }

    // ------------------------------------------------------------ methods

    pub(crate) fn list_method(
        &mut self,
        l: &Rc<RefCell<Vec<Value>>>,
        name: &str,
        mut args: Args,
    ) -> Option<PyResult<Value>> {
        let r = (|| -> PyResult<Value> {
            match name {
                "append" => {
                    let x = self.exactly_one(args, "list.append")?;
                    l.borrow_mut().push(x);
                    Ok(Value::None)
                }
                "extend" => {
                    let x = self.exactly_one(args, "list.extend")?;
                    let items = self.iter_values(&x)?;
                    l.borrow_mut().extend(items);
                    Ok(Value::None)
                }
                "insert" => {
                    self.check_no_kwargs(&args, "insert")?;
                    self.check_positional(&args, "insert", 2, 2)?;
                    let i = self.int_arg(&args.positional[0])?;
                    let x = args.positional[1].clone();
                    let mut list = l.borrow_mut();
                    let n = list.len() as i64;
                    let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
                    list.insert(j as usize, x);
                    Ok(Value::None)
                }
                "pop" => {
                    self.check_no_kwargs(&args, "pop")?;
                    self.check_positional(&args, "pop", 0, 1)?;
                    let i = match args.positional.first() {
                        Some(v) => self.int_arg(v)?,
                        None => -1,
                    };
                    let mut list = l.borrow_mut();
                    if list.is_empty() {
                        return Err(self.index_error("pop from empty list"));
                    }
                    match Self::norm_index(Ok(i), list.len()) {
                        Some(j) => Ok(list.remove(j)),
                        None => Err(self.index_error("pop index out of range")),
                    }
                }
                "remove" => {
                    let x = self.exactly_one(args, "list.remove")?;
                    match self.list_position(l, &x, 0)? {
                        Some(i) => {
                            let mut list = l.borrow_mut();
                            if i < list.len() {
                                list.remove(i);
                            }
                            Ok(Value::None)
                        }
                        None => Err(self.value_error("list.remove(x): x not in list")),
                    }
                }
                "index" => {
                    self.check_no_kwargs(&args, "index")?;
                    self.check_positional(&args, "index", 1, 3)?;
                    let x = args.positional[0].clone();
                    let start = match args.positional.get(1) {
                        Some(v) => self.int_arg(v)?,
                        None => 0,
                    };
                    let n = l.borrow().len() as i64;
                    let start = if start < 0 { (start + n).max(0) } else { start } as usize;
                    let stop = match args.positional.get(2) {
                        Some(v) => {
                            let s = self.int_arg(v)?;
                            (if s < 0 { (s + n).max(0) } else { s.min(n) }) as usize
                        }
                        None => n as usize,
                    };
                    match self.list_position(l, &x, start)? {
                        Some(i) if i < stop => Ok(Value::Int(i as i64)),
                        _ => {
                            let r = self.repr_value(&x)?;
                            Err(self.value_error(format!("{r} is not in list")))
                        }
                    }
                }
                "count" => {
                    let x = self.exactly_one(args, "list.count")?;
                    let items = l.borrow().clone();
                    let mut n = 0;
                    for y in &items {
                        if is_same(y, &x) || self.eq_values(y, &x)? {
                            n += 1;
                        }
                    }
                    Ok(Value::Int(n))
                }
                "sort" => {
                    if !args.positional.is_empty() {
                        return Err(self.type_error("sort() takes no positional arguments"));
                    }
                    let kw = self.take_kwargs(&mut args, "sort", &["key", "reverse"])?;
                    let reverse = match &kw[1] {
                        Some(v) => self.truth(v)?,
                        None => false,
                    };
                    // CPython empties the list while sorting; sort a copy and store it back.
                    let items = std::mem::take(&mut *l.borrow_mut());
                    let sorted = self.sort_values(items.clone(), kw[0].as_ref(), reverse);
                    match sorted {
                        Ok(s) => {
                            *l.borrow_mut() = s;
                            Ok(Value::None)
                        }
                        Err(e) => {
                            *l.borrow_mut() = items;
                            Err(e)
                        }
                    }
                }
                "reverse" => {
                    self.check_no_args(&args, "list.reverse")?;
                    l.borrow_mut().reverse();
                    Ok(Value::None)
                }
                "copy" => {
                    self.check_no_args(&args, "list.copy")?;
                    Ok(Value::list(l.borrow().clone()))
                }
                "clear" => {
                    self.check_no_args(&args, "list.clear")?;
                    l.borrow_mut().clear();
                    Ok(Value::None)
                }
                _ => Err(self.attribute_error("list", name)),
            }
        })();
        if LIST_METHODS.contains(&name) {
            Some(r)
        } else {
            None
        }
    }

    fn list_position(
        &mut self,
        l: &Rc<RefCell<Vec<Value>>>,
        x: &Value,
        start: usize,
    ) -> PyResult<Option<usize>> {
        let mut i = start;
        loop {
            let y = match l.borrow().get(i) {
                Some(y) => y.clone(),
                None => return Ok(None),
            };
            if is_same(&y, x) || self.eq_values(&y, x)? {
                return Ok(Some(i));
            }
            i += 1;
        }
    }

    /// An int argument (`'str' object cannot be interpreted as an integer`).
    pub(crate) fn int_arg(&self, v: &Value) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            Value::BigInt(_) => {
                Err(self.overflow_error("Python int too large to convert to C ssize_t"))
            }
            _ => Err(self.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.tp_name()
            ))),
        }
    }

    pub(crate) fn tuple_method(
        &mut self,
        items: &[Value],
        type_name: &str,
        name: &str,
        args: Args,
    ) -> Option<PyResult<Value>> {
        match name {
            "count" => Some((|| {
                let x = self.exactly_one(args, &format!("{type_name}.count"))?;
                let mut n = 0;
                for y in items {
                    if is_same(y, &x) || self.eq_values(y, &x)? {
                        n += 1;
                    }
                }
                Ok(Value::Int(n))
            })()),
            "index" => Some((|| {
                self.check_positional(&args, "index", 1, 3)?;
                let x = args.positional[0].clone();
                for (i, y) in items.iter().enumerate() {
                    if is_same(y, &x) || self.eq_values(y, &x)? {
                        return Ok(Value::Int(i as i64));
                    }
                }
                Err(self.value_error(format!("{type_name}.index(x): x not in {type_name}")))
            })()),
            _ => None,
        }
    }

    pub(crate) fn range_method(
        &mut self,
        v: &Value,
        name: &str,
        args: Args,
    ) -> Option<PyResult<Value>> {
        match name {
            "count" => Some((|| {
                let x = self.exactly_one(args, "range.count")?;
                Ok(Value::Int(self.contains(v, &x)? as i64))
            })()),
            "index" => Some((|| {
                let x = self.exactly_one(args, "range.index")?;
                if let (Value::Range(start, _, step), true) = (v, self.contains(v, &x)?) {
                    let xi = x.as_i64().unwrap_or(0);
                    return Ok(Value::Int(
                        ((xi as i128 - *start as i128) / *step as i128) as i64,
                    ));
                }
                let r = self.repr_value(&x)?;
                Err(self.value_error(format!("{r} is not in range")))
            })()),
            _ => None,
        }
    }

    pub(crate) fn dict_method(
        &mut self,
        d: &DictRef,
        name: &str,
        args: Args,
    ) -> Option<PyResult<Value>> {
        if !DICT_METHODS.contains(&name) {
            return None;
        }
        Some((|| -> PyResult<Value> {
            match name {
                "keys" | "values" | "items" => {
                    self.check_no_args(&args, &format!("dict.{name}"))?;
                    let kind = match name {
                        "keys" => super::iterators::ViewKind::Keys,
                        "values" => super::iterators::ViewKind::Values,
                        _ => super::iterators::ViewKind::Items,
                    };
                    Ok(Value::object(super::iterators::DictView {
                        dict: d.clone(),
                        kind,
                    }))
                }
                "get" => {
                    self.check_no_kwargs(&args, "get")?;
                    self.check_positional(&args, "get", 1, 2)?;
                    Ok(self
                        .dict_get(d, &args.positional[0])?
                        .unwrap_or_else(|| args.positional.get(1).cloned().unwrap_or(Value::None)))
                }
                "pop" => {
                    self.check_no_kwargs(&args, "pop")?;
                    self.check_positional(&args, "pop", 1, 2)?;
                    match self.dict_remove(d, &args.positional[0])? {
                        Some(v) => Ok(v),
                        None => match args.positional.get(1) {
                            Some(dflt) => Ok(dflt.clone()),
                            None => Err(self.key_error(args.positional[0].clone())),
                        },
                    }
                }
                "popitem" => {
                    self.check_no_args(&args, "dict.popitem")?;
                    let last = d.borrow().entries.len();
                    if last == 0 {
                        return Err(self.key_error(Value::str("popitem(): dictionary is empty")));
                    }
                    let (k, v) = d.borrow_mut().remove_at(last - 1);
                    Ok(Value::tuple(vec![k, v]))
                }
                "setdefault" => {
                    self.check_no_kwargs(&args, "setdefault")?;
                    self.check_positional(&args, "setdefault", 1, 2)?;
                    let k = args.positional[0].clone();
                    match self.dict_get(d, &k)? {
                        Some(v) => Ok(v),
                        None => {
                            let v = args.positional.get(1).cloned().unwrap_or(Value::None);
                            self.dict_set(d, k, v.clone())?;
                            Ok(v)
                        }
                    }
                }
                "update" => {
                    self.check_positional(&args, "update", 0, 1)?;
                    if let Some(other) = args.positional.first() {
                        self.dict_update_from(d, other)?;
                    }
                    for (k, v) in args.keywords {
                        self.dict_set(d, Value::Str(k), v)?;
                    }
                    Ok(Value::None)
                }
                "copy" => {
                    self.check_no_args(&args, "dict.copy")?;
                    Ok(Value::Dict(Rc::new(RefCell::new(d.borrow().clone()))))
                }
                "clear" => {
                    self.check_no_args(&args, "dict.clear")?;
                    let mut b = d.borrow_mut();
                    b.entries.clear();
                    b.index.clear();
                    Ok(Value::None)
                }
                "fromkeys" => self.dict_fromkeys(args),
                _ => Err(self.attribute_error("dict", name)),
            }
        })())
    }

    pub(crate) fn dict_fromkeys(&mut self, args: Args) -> PyResult<Value> {
        self.check_no_kwargs(&args, "fromkeys")?;
        self.check_positional(&args, "fromkeys", 1, 2)?;
        let keys = self.iter_values(&args.positional[0])?;
        let v = args.positional.get(1).cloned().unwrap_or(Value::None);
        self.new_dict(keys.into_iter().map(|k| (k, v.clone())).collect())
    }

    /// `d.update(other)`: a dict, an Object with `keys()`, or an iterable of pairs.
    pub(crate) fn dict_update_from(&mut self, d: &DictRef, other: &Value) -> PyResult<()> {
        if let Value::Dict(o) = other {
            let entries = o.borrow().entries.clone();
            for (k, v) in entries {
                self.dict_set(d, k, v)?;
            }
            return Ok(());
        }
        let items = self.iter_values(other)?;
        for (n, item) in items.into_iter().enumerate() {
            let pair = match &item {
                Value::Tuple(_) | Value::List(_) | Value::Str(_) => self.iter_values(&item)?,
                _ => {
                    return Err(self.type_error(format!(
                        "cannot convert dictionary update sequence element #{n} to a sequence"
                    )));
                }
            };
            if pair.len() != 2 {
                return Err(self.value_error(format!(
                    "dictionary update sequence element #{n} has length {}; 2 is required",
                    pair.len()
                )));
            }
            let mut it = pair.into_iter();
            let (k, v) = (
                it.next().unwrap_or(Value::None),
                it.next().unwrap_or(Value::None),
            );
            self.dict_set(d, k, v)?;
        }
        Ok(())
    }

    pub(crate) fn set_method(
        &mut self,
        s: &SetRef,
        name: &str,
        args: Args,
    ) -> Option<PyResult<Value>> {
        if !SET_METHODS.contains(&name) {
            return None;
        }
        Some((|| -> PyResult<Value> {
            match name {
                "add" => {
                    let x = self.exactly_one(args, "set.add")?;
                    self.set_add(s, x)?;
                    Ok(Value::None)
                }
                "remove" => {
                    let x = self.exactly_one(args, "set.remove")?;
                    if self.set_remove(s, &x)? {
                        Ok(Value::None)
                    } else {
                        Err(self.key_error(x))
                    }
                }
                "discard" => {
                    let x = self.exactly_one(args, "set.discard")?;
                    self.set_remove(s, &x)?;
                    Ok(Value::None)
                }
                "pop" => {
                    self.check_no_args(&args, "set.pop")?;
                    let first = set_order(&s.borrow()).into_iter().next();
                    match first {
                        Some(k) => {
                            self.set_remove(s, &k)?;
                            Ok(k)
                        }
                        None => Err(self.key_error(Value::str("pop from an empty set"))),
                    }
                }
                "clear" => {
                    self.check_no_args(&args, "set.clear")?;
                    *s.borrow_mut() = Set::default();
                    Ok(Value::None)
                }
                "copy" => {
                    self.check_no_args(&args, "set.copy")?;
                    Ok(Value::Set(Rc::new(RefCell::new(s.borrow().clone()))))
                }
                "union" => {
                    self.check_no_kwargs(&args, "set.union")?;
                    self.set_union(s, &args.positional)
                }
                "update" => {
                    self.check_no_kwargs(&args, "set.update")?;
                    for o in &args.positional {
                        for x in self.iter_values(o)? {
                            self.set_add(s, x)?;
                        }
                    }
                    Ok(Value::None)
                }
                "intersection" | "difference" | "intersection_update" | "difference_update" => {
                    self.check_no_kwargs(&args, &format!("set.{name}"))?;
                    let keep = name.starts_with("intersection");
                    let mut cur = s.clone();
                    for o in &args.positional {
                        let other = self.as_set_ref(o)?;
                        match self.set_filter(&cur, &other, keep)? {
                            Value::Set(n) => cur = n,
                            _ => unreachable_set(),
                        }
                    }
                    if name.ends_with("_update") {
                        let items = cur.borrow().clone();
                        *s.borrow_mut() = items;
                        Ok(Value::None)
                    } else if Rc::ptr_eq(&cur, s) {
                        Ok(Value::Set(Rc::new(RefCell::new(s.borrow().clone()))))
                    } else {
                        Ok(Value::Set(cur))
                    }
                }
                "symmetric_difference" => {
                    let o = self.exactly_one(args, "set.symmetric_difference")?;
                    let other = self.as_set_ref(&o)?;
                    self.set_symdiff(s, &other)
                }
                "issubset" | "issuperset" | "isdisjoint" => {
                    let o = self.exactly_one(args, &format!("set.{name}"))?;
                    let other = self.as_set_ref(&o)?;
                    let (a, b) = if name == "issuperset" {
                        (&other, s)
                    } else {
                        (s, &other)
                    };
                    for k in self.set_items(a) {
                        let inside = self.set_contains(b, &k)?;
                        if name == "isdisjoint" && inside {
                            return Ok(Value::Bool(false));
                        }
                        if name != "isdisjoint" && !inside {
                            return Ok(Value::Bool(false));
                        }
                    }
                    Ok(Value::Bool(true))
                }
                _ => Err(self.attribute_error("set", name)),
            }
        })())
    }
}

fn unreachable_set() {}

pub(crate) const LIST_METHODS: &[&str] = &[
    "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse",
    "sort",
];
pub(crate) const DICT_METHODS: &[&str] = &[
    "clear",
    "copy",
    "fromkeys",
    "get",
    "items",
    "keys",
    "pop",
    "popitem",
    "setdefault",
    "update",
    "values",
];
pub(crate) const SET_METHODS: &[&str] = &[
    "add",
    "clear",
    "copy",
    "difference",
    "difference_update",
    "discard",
    "intersection",
    "intersection_update",
    "isdisjoint",
    "issubset",
    "issuperset",
    "pop",
    "remove",
    "symmetric_difference",
    "union",
    "update",
];
pub(crate) const TUPLE_METHODS: &[&str] = &["count", "index"];

/// Number of items in a range value.
pub(crate) fn range_len(v: &Value) -> u64 {
    match v {
        Value::Range(start, stop, step) => {
            let (start, stop, step) = (*start as i128, *stop as i128, *step as i128);
            let n = if step > 0 && start < stop {
                (stop - start - 1) / step + 1
            } else if step < 0 && start > stop {
                (start - stop - 1) / (-step) + 1
            } else {
                0
            };
            n as u64
        }
        _ => 0,
    }
}

/// Length of a str in code points.
pub(crate) fn str_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// A range argument as i64 (`range(10**20)` is beyond what this evaluator iterates).
pub(crate) fn range_arg(it: &Interp, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(b) => {
            let _ = b.to_i64();
            Err(it.overflow_error("Python int too large to convert to C ssize_t"))
        }
        _ => Err(it.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.tp_name()
        ))),
    }
}

/// A set's items in the order CPython would iterate them. Sets of numbers (whose hashes are the
/// same in every CPython process) follow CPython's hash-table order, so `{3, 1, 2}` shows as
/// `{1, 2, 3}`; other sets (CPython randomises str hashes) keep insertion order.
pub(crate) fn set_order(s: &Set) -> Vec<Value> {
    let entries = &s.items.entries;
    let hashes: Option<Vec<i64>> = entries
        .iter()
        .map(|(k, _)| super::hash::deterministic_hash(k))
        .collect();
    match hashes {
        Some(h) if entries.len() > 1 => super::hash::cpython_set_order(&h)
            .into_iter()
            .filter_map(|i| entries.get(i).map(|(k, _)| k.clone()))
            .collect(),
        _ => entries.iter().map(|(k, _)| k.clone()).collect(),
    }
}
