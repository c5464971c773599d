//! Dropping deeply nested values without recursion. Rust drops `[[[...]]]` recursively, so a
//! list nested 100 000 deep (`for i in range(100000): x = [x]`) would overflow the stack when
//! its last reference goes. CPython avoids this with its "trashcan"; here, the places where the
//! evaluator lets go of user values (rebinding or deleting a name, leaving a call, dropping the
//! evaluator) hand them to [`dispose`], which takes containers apart iteratively.

use std::rc::Rc;

use super::value::{Dict, Value};

/// Drops `v`, emptying uniquely owned containers one level at a time.
pub(crate) fn dispose(v: Value) {
    // Only a container can nest; anything else drops as usual, without the work stack.
    if !matches!(
        v,
        Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_)
    ) {
        return drop(v);
    }
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::List(rc) => {
                if let Ok(cell) = Rc::try_unwrap(rc) {
                    stack.extend(cell.into_inner());
                }
            }
            Value::Tuple(mut rc) => {
                if let Some(items) = Rc::get_mut(&mut rc) {
                    for x in items.iter_mut() {
                        stack.push(std::mem::replace(x, Value::None));
                    }
                }
            }
            Value::Dict(rc) => {
                if let Ok(cell) = Rc::try_unwrap(rc) {
                    push_dict(&mut stack, cell.into_inner());
                }
            }
            Value::Set(rc) => {
                if let Ok(cell) = Rc::try_unwrap(rc) {
                    push_dict(&mut stack, cell.into_inner().items);
                }
            }
            other => drop(other),
        }
    }
}

fn push_dict(stack: &mut Vec<Value>, d: Dict) {
    for (k, v) in d.entries {
        stack.push(k);
        stack.push(v);
    }
}

/// Disposes every value of a name map.
pub(crate) fn dispose_map(map: crate::interp::value::NameMap) {
    for (_, v) in map {
        dispose(v);
    }
}
