//! The named tuple `values_list(named=True)` yields (`Row(title='Dracula', pages=418)`).

use std::rc::Rc;

use crate::interp::{Interp, Object, PyResult, Subscript, Value};

pub struct Row {
    pub names: Vec<String>,
    pub values: Vec<Value>,
}

impl Row {
    pub fn new(names: Vec<String>, values: Vec<Value>) -> Row {
        Row { names, values }
    }
}

impl Object for Row {
    fn type_name(&self) -> String {
        "Row".into()
    }
    fn repr(&self, it: &mut Interp) -> PyResult<String> {
        let mut parts = Vec::new();
        for (n, v) in self.names.iter().zip(&self.values) {
            parts.push(format!("{n}={}", it.repr(v)?));
        }
        Ok(format!("Row({})", parts.join(", ")))
    }
    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(self
            .names
            .iter()
            .position(|n| n == name)
            .map(|i| self.values[i].clone()))
    }
    fn iter(&self, _me: &Rc<dyn Object>, _it: &mut Interp) -> PyResult<Vec<Value>> {
        Ok(self.values.clone())
    }
    fn len(&self, _me: &Rc<dyn Object>, _it: &mut Interp) -> PyResult<usize> {
        Ok(self.values.len())
    }
    fn get_item(&self, _me: &Rc<dyn Object>, key: Subscript, it: &mut Interp) -> PyResult<Value> {
        let tuple = Value::Tuple(self.values.clone().into());
        match key {
            Subscript::Index(Value::Int(i)) => {
                let n = self.values.len() as i64;
                let i = if i < 0 { i + n } else { i };
                self.values
                    .get(i as usize)
                    .cloned()
                    .filter(|_| i >= 0)
                    .ok_or_else(|| it.index_error("tuple index out of range"))
            }
            _ => {
                let _ = tuple;
                Err(it.type_error("tuple indices must be integers or slices, not str"))
            }
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
