//! Raw SQL the way Django users write it: `Model.objects.raw(sql, params)` (a RawQuerySet
//! building instances from whatever columns come back) and `connection.cursor()`
//! (`execute`/`fetchone`/`fetchall`, sqlite3's converters by declared column type), plus
//! `connection.queries` as with DEBUG on.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::db::{CursorResult, SqlValue, python_percent_format};
use crate::interp::{ArgSpec, Args, Interp, Object, PyException, PyResult, Subscript, Value};
use crate::models::ModelId;

use super::convert::{from_db, param_to_sql, parse_date, parse_datetime, to_filter_value};
use super::ctx::{Ctx, LoggedQuery};
use super::instance::Instance;
use super::pyutil;

/// Parameters as Django's cursor takes them: a list/tuple (or None).
fn sql_params(
    ctx: &Ctx,
    it: &mut Interp,
    params: Option<&Value>,
) -> PyResult<Option<Vec<SqlValue>>> {
    let Some(p) = params else { return Ok(None) };
    match p {
        Value::None => Ok(None),
        Value::List(_) | Value::Tuple(_) => {
            let items = it.iterate(p)?;
            let mut out = Vec::with_capacity(items.len());
            for (i, v) in items.iter().enumerate() {
                // The driver binds numbers, text, bytes and None only.
                if matches!(
                    v,
                    Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_)
                ) {
                    let class = ctx.exc.db_errors["InterfaceError"].clone();
                    return Err(it.new_exception(
                        class,
                        format!("Error binding parameter {i} - probably unsupported type."),
                    ));
                }
                out.push(match v {
                    Value::Bool(b) => SqlValue::Integer(*b as i64),
                    Value::Decimal(d) => SqlValue::Text(d.to_string()),
                    other => {
                        let fv = to_filter_value(it, other)?;
                        let kind = crate::query::expr::value_kind(&fv);
                        match kind {
                            Some(k) => param_to_sql(
                                &crate::query::value::prep_value(&k, "param", &fv)
                                    .unwrap_or(crate::query::Param::Null),
                            ),
                            None => SqlValue::Null,
                        }
                    }
                });
            }
            Ok(Some(out))
        }
        other => {
            let t = other.type_name();
            Err(it.attribute_error(&t, "values"))
        }
    }
}

/// Python's `%` error classes for `sql % params`.
fn format_error(it: &Interp, msg: String) -> Rc<PyException> {
    if msg.starts_with("not all arguments") || msg.starts_with("not enough arguments") {
        it.type_error(msg)
    } else {
        it.value_error(msg)
    }
}

/// Runs SQL as Django's debug cursor does, logging it the way `connection.queries` shows it.
fn run_logged(
    ctx: &Ctx,
    it: &mut Interp,
    sql: &str,
    params: Option<Vec<SqlValue>>,
) -> PyResult<CursorResult> {
    let start = std::time::Instant::now();
    let result = match ctx.broken_transaction() {
        Some(e) => Err(e),
        None => {
            let db = ctx.db.borrow();
            db.cursor_execute(sql, params.as_deref())
        }
    };
    let elapsed = start.elapsed();
    let text = logged_text(it, sql, &params)?;
    log_raw(ctx, text, elapsed);
    result.map_err(|e| ctx.db_exception(it, &e))
}

/// Django formats the logged text after running; with no parameters it logs the SQL as is.
fn logged_text(it: &Interp, sql: &str, params: &Option<Vec<SqlValue>>) -> PyResult<String> {
    Ok(match params {
        Some(p) if !p.is_empty() => {
            let quoted: Vec<String> = p.iter().map(crate::db::sqlite_quote).collect();
            match python_percent_format(sql, &quoted) {
                Ok(t) => t,
                Err(msg) => return Err(format_error(it, msg)),
            }
        }
        _ => sql.to_string(),
    })
}

/// One entry of `connection.queries` for raw SQL (the debug cursor logs even when the
/// statement fails).
fn log_raw(ctx: &Ctx, text: String, elapsed: std::time::Duration) {
    ctx.log.borrow_mut().push(LoggedQuery {
        sql: text.into(),
        elapsed,
        cause: None,
        why: if ctx.why_on() {
            vec![crate::sql::why::raw_sql_note()]
        } else {
            Vec::new()
        },
    });
}

/// sqlite3's converters for the types Django registers (`bool`, `date`, `datetime`, `time`).
fn converted(v: &SqlValue, decl: Option<&str>) -> Value {
    match (decl.map(str::to_ascii_lowercase).as_deref(), v) {
        (_, SqlValue::Null) => Value::None,
        (Some("bool"), SqlValue::Integer(i)) => Value::Bool(*i == 1),
        (Some("date"), SqlValue::Text(s)) => parse_date(s)
            .map(Value::Date)
            .unwrap_or_else(|| Value::str(s)),
        (Some("datetime" | "timestamp"), SqlValue::Text(s)) => parse_datetime(s)
            .map(|d| Value::DateTime(d, None))
            .unwrap_or_else(|| Value::str(s)),
        (_, SqlValue::Integer(i)) => Value::Int(*i),
        (_, SqlValue::Real(x)) => Value::Float(*x),
        (_, SqlValue::Text(s)) => Value::str(s),
        (_, SqlValue::Blob(b)) => Value::Bytes(b.clone().into()),
    }
}

/// `connection.cursor()`.
pub struct Cursor {
    ctx: Ctx,
    result: RefCell<Option<CursorResult>>,
    pos: Cell<usize>,
    closed: Cell<bool>,
}

impl Cursor {
    fn check_open(&self, it: &Interp) -> PyResult<()> {
        if self.closed.get() {
            let class = self
                .ctx
                .exc
                .db_errors
                .get("ProgrammingError")
                .cloned()
                .unwrap_or_else(|| self.ctx.exc.database_error.clone());
            return Err(it.new_exception(class, "Cannot operate on a closed cursor."));
        }
        Ok(())
    }

    fn take(&self, n: Option<usize>) -> Vec<Value> {
        let r = self.result.borrow();
        let Some(r) = r.as_ref() else {
            return Vec::new();
        };
        let start = self.pos.get().min(r.rows.len());
        let end = n
            .map(|n| (start + n).min(r.rows.len()))
            .unwrap_or(r.rows.len());
        self.pos.set(end);
        r.rows[start..end]
            .iter()
            .map(|row| {
                Value::Tuple(
                    row.iter()
                        .zip(&r.columns)
                        .map(|(v, (_, d))| converted(v, d.as_deref()))
                        .collect::<Vec<_>>()
                        .into(),
                )
            })
            .collect()
    }
}

impl Object for Cursor {
    fn type_name(&self) -> String {
        "CursorDebugWrapper".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<django.db.backends.utils.CursorDebugWrapper object>".into())
    }
    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        let r = self.result.borrow();
        Ok(match name {
            "rowcount" => Some(Value::Int(r.as_ref().map(|r| r.rowcount).unwrap_or(-1))),
            "description" => Some(match r.as_ref() {
                Some(r) if !r.columns.is_empty() => pyutil::list(
                    r.columns
                        .iter()
                        .map(|(n, _)| {
                            Value::Tuple(
                                vec![
                                    Value::str(n),
                                    Value::None,
                                    Value::None,
                                    Value::None,
                                    Value::None,
                                    Value::None,
                                    Value::None,
                                ]
                                .into(),
                            )
                        })
                        .collect(),
                ),
                _ => Value::None,
            }),
            "lastrowid" => Some(Value::Int(self.ctx.db.borrow().last_insert_rowid())),
            _ => None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "execute" | "executemany" | "fetchone" | "fetchall" | "fetchmany" | "close"
        )
    }
    fn call_method(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        match name {
            "executemany" => {
                let b = ArgSpec::simple("executemany", &["sql", "param_list"], 2).bind(it, args)?;
                let sql = match b.get(0) {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => return Err(it.type_error("executemany() argument 1 must be str")),
                };
                let list = it.iterate(b.get(1).unwrap_or(&Value::None))?;
                // The debug cursor logs `N times: sql`, even when the driver refuses it.
                log_raw(
                    &self.ctx,
                    format!("{} times: {sql}", list.len()),
                    std::time::Duration::ZERO,
                );
                self.check_open(it)?;
                let head = sql.trim_start().to_ascii_uppercase();
                let dml = ["INSERT", "UPDATE", "DELETE", "REPLACE"]
                    .iter()
                    .any(|k| head.starts_with(k));
                let programming = self
                    .ctx
                    .exc
                    .db_errors
                    .get("ProgrammingError")
                    .cloned()
                    .unwrap_or_else(|| self.ctx.exc.database_error.clone());
                if !dml {
                    return Err(it.new_exception(
                        programming,
                        "executemany() can only execute DML statements.",
                    ));
                }
                let mut rowcount = 0;
                for p in &list {
                    let params = sql_params(&self.ctx, it, Some(p))?;
                    let r = {
                        let db = self.ctx.db.borrow();
                        db.cursor_execute(&sql, params.as_deref())
                    };
                    let r = r.map_err(|e| self.ctx.db_exception(it, &e))?;
                    rowcount += r.rowcount;
                }
                let _ = rowcount;
                Ok(Value::None)
            }
            "execute" => {
                let b = ArgSpec::simple("execute", &["sql", "params"], 1).bind(it, args)?;
                let sql = match b.get(0) {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => return Err(it.type_error("execute() argument 1 must be str")),
                };
                if self.closed.get() {
                    // Logged, then refused (Django's debug_sql logs in a finally block).
                    let params = sql_params(&self.ctx, it, b.get(1))?;
                    let text = logged_text(it, &sql, &params)?;
                    log_raw(&self.ctx, text, std::time::Duration::ZERO);
                    self.check_open(it)?;
                }
                let params = sql_params(&self.ctx, it, b.get(1))?;
                let r = run_logged(&self.ctx, it, &sql, params)?;
                *self.result.borrow_mut() = Some(r);
                self.pos.set(0);
                Ok(Value::Object(me.clone()))
            }
            "fetchone" => {
                ArgSpec::simple("fetchone", &[], 0).bind(it, args)?;
                self.check_open(it)?;
                Ok(self.take(Some(1)).into_iter().next().unwrap_or(Value::None))
            }
            "fetchall" => {
                ArgSpec::simple("fetchall", &[], 0).bind(it, args)?;
                self.check_open(it)?;
                Ok(pyutil::list(self.take(None)))
            }
            "fetchmany" => {
                let b = ArgSpec::simple("fetchmany", &["size"], 0).bind(it, args)?;
                self.check_open(it)?;
                let n = match b.get(0) {
                    Some(Value::Int(n)) => (*n).max(0) as usize,
                    _ => 1,
                };
                Ok(pyutil::list(self.take(Some(n))))
            }
            _ => {
                self.closed.set(true);
                Ok(Value::None)
            }
        }
    }
    fn enter(&self, me: &Rc<dyn Object>, _it: &mut Interp) -> PyResult<Value> {
        Ok(Value::Object(me.clone()))
    }
    fn exit(
        &self,
        _me: &Rc<dyn Object>,
        _exc: Option<&Rc<PyException>>,
        _it: &mut Interp,
    ) -> PyResult<bool> {
        self.closed.set(true);
        Ok(false)
    }
    fn iter(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<Vec<Value>> {
        self.check_open(it)?;
        Ok(self.take(None))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `django.db.connection`.
pub struct Connection {
    pub ctx: Ctx,
}

impl Object for Connection {
    fn type_name(&self) -> String {
        "DatabaseWrapper".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<DatabaseWrapper vendor='sqlite' alias='default'>".into())
    }
    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(match name {
            "vendor" => Some(Value::str("sqlite")),
            "alias" => Some(Value::str("default")),
            "ops" => Some(Value::object(Operations)),
            "introspection" => Some(Value::object(Introspection {
                ctx: self.ctx.clone(),
            })),
            "display_name" => Some(Value::str("SQLite")),
            "queries" => {
                let log = self.ctx.log.borrow().clone();
                let shown = log.len().saturating_sub(self.ctx.log_reset.get());
                let skip = log.len() - shown.min(super::ctx::QUERIES_LIMIT);
                let mut items = Vec::with_capacity(log.len() - skip);
                for q in log.iter().skip(skip) {
                    let time = format!("{:.3}", q.elapsed.as_secs_f64());
                    items.push(pyutil::str_dict(
                        it,
                        vec![
                            ("sql".to_string(), Value::str(&q.sql)),
                            ("time".to_string(), Value::str(&time)),
                        ],
                    )?);
                }
                Some(pyutil::list(items))
            }
            _ => None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        name == "cursor"
    }
    fn call_method(
        &self,
        _me: &Rc<dyn Object>,
        _name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        ArgSpec::simple("cursor", &[], 0).bind(it, args)?;
        Ok(Value::object(Cursor {
            ctx: self.ctx.clone(),
            result: RefCell::new(None),
            pos: Cell::new(0),
            closed: Cell::new(false),
        }))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `Model.objects.raw(sql, params)`.
pub struct RawQuerySet {
    ctx: Ctx,
    model: ModelId,
    sql: String,
    params: Option<Value>,
    /// `translations=`: result column name → model field name.
    translations: Vec<(String, String)>,
    cache: RefCell<Option<(Vec<String>, Vec<Value>)>>,
}

pub fn new_raw(ctx: Ctx, model: ModelId, it: &mut Interp, args: Args) -> PyResult<Value> {
    let b = ArgSpec::simple("raw", &["raw_query", "params", "translations", "using"], 1)
        .bind(it, args)?;
    let sql = match b.get(0) {
        Some(Value::Str(s)) => s.to_string(),
        _ => return Err(it.type_error("raw() query must be a string")),
    };
    // A mapping of parameters names them (`%(min)s`): the SQLite backend binds them by name;
    // here they become positional, in the order the SQL uses them.
    let (sql, params) = match b.get(1) {
        Some(Value::Dict(d)) => {
            let entries = d.borrow().entries.clone();
            let mut out = String::with_capacity(sql.len());
            let mut values = Vec::new();
            let mut rest = sql.as_str();
            while let Some(i) = rest.find('%') {
                out.push_str(&rest[..i]);
                let after = &rest[i + 1..];
                if let Some(tail) = after.strip_prefix('%') {
                    out.push_str("%%");
                    rest = tail;
                } else if let Some(named) = after.strip_prefix('(')
                    && let Some(close) = named.find(')')
                    && named[close + 1..].starts_with('s')
                {
                    let name = &named[..close];
                    let Some((_, v)) = entries
                        .iter()
                        .find(|(k, _)| matches!(k, Value::Str(s) if &**s == name))
                    else {
                        return Err(it.new_exception(it.exc_class("KeyError"), format!("'{name}'")));
                    };
                    values.push(v.clone());
                    out.push_str("%s");
                    rest = &named[close + 2..];
                } else {
                    out.push('%');
                    rest = after;
                }
            }
            out.push_str(rest);
            (out, Some(Value::Tuple(values.into())))
        }
        other => (sql, other.cloned()),
    };
    let mut translations = Vec::new();
    if let Some(t) = b.get(2)
        && !matches!(t, Value::None)
    {
        let Value::Dict(d) = t else {
            let ty = t.type_name();
            return Err(it.attribute_error(&ty, "items"));
        };
        for (k, v) in d.borrow().entries.iter() {
            translations.push((it.str(k)?.to_string(), it.str(v)?.to_string()));
        }
    }
    Ok(Value::object(RawQuerySet {
        ctx,
        model,
        sql,
        params,
        translations,
        cache: RefCell::new(None),
    }))
}

impl RawQuerySet {
    fn fetch(&self, it: &mut Interp) -> PyResult<(Vec<String>, Vec<Value>)> {
        if let Some(c) = self.cache.borrow().as_ref() {
            return Ok(c.clone());
        }
        let params = sql_params(&self.ctx, it, self.params.as_ref())?.or(Some(Vec::new()));
        let r = run_logged(&self.ctx, it, &self.sql, params)?;
        // RawQuerySet.columns: each column name translated to its field's name.
        let names: Vec<String> = r
            .columns
            .iter()
            .map(|(n, _)| {
                self.translations
                    .iter()
                    .find(|(from, _)| from == n)
                    .map(|(_, to)| to.clone())
                    .unwrap_or_else(|| n.clone())
            })
            .collect();
        let reg = self.ctx.reg.clone();
        let m = reg.get(reg.get(self.model).concrete);
        let pk = m.pk();
        if !names
            .iter()
            .any(|n| **n == *pk.attname || **n == *pk.column)
        {
            return Err(it.new_exception(
                self.ctx.exc.field_does_not_exist.clone(),
                "Raw query must include the primary key",
            ));
        }
        let mut items = Vec::with_capacity(r.rows.len());
        for row in &r.rows {
            let mut slots: Vec<Option<Value>> = vec![None; m.fields.len()];
            let mut extra = Vec::new();
            for (name, v) in names.iter().zip(row) {
                match m
                    .fields
                    .iter()
                    .position(|f| *f.column == **name || *f.attname == **name)
                {
                    Some(i) => slots[i] = Some(from_db(&m.fields[i], v)),
                    None => extra.push((name.clone(), converted(v, None))),
                }
            }
            let inst = Instance::with_values(self.ctx.clone(), self.model, slots);
            if let Some(i) = inst.downcast::<Instance>() {
                i.extra.borrow_mut().extend(extra);
            }
            items.push(inst);
        }
        *self.cache.borrow_mut() = Some((names.clone(), items.clone()));
        Ok((names, items))
    }

    /// `str(raw.query)`: the SQL with the parameters substituted Python's `%` way.
    fn query_text(&self, it: &mut Interp) -> PyResult<String> {
        let Some(p) = &self.params else {
            return Ok(self.sql.clone());
        };
        let items = it.iterate(p)?;
        let mut strs = Vec::with_capacity(items.len());
        for v in &items {
            strs.push(it.str(v)?);
        }
        python_percent_format(&self.sql, &strs).map_err(|m| format_error(it, m))
    }
}

impl Object for RawQuerySet {
    fn type_name(&self) -> String {
        "RawQuerySet".into()
    }
    fn repr(&self, it: &mut Interp) -> PyResult<String> {
        Ok(format!("<RawQuerySet: {}>", self.query_text(it)?))
    }
    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(match name {
            "columns" => {
                let (names, _) = self.fetch(it)?;
                Some(pyutil::list(names.iter().map(|n| Value::str(n)).collect()))
            }
            "model" => Some(self.ctx.class_of(self.model)),
            "raw_query" => Some(Value::str(&self.sql)),
            "params" => Some(self.params.clone().unwrap_or(Value::None)),
            _ => None,
        })
    }
    fn iter(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<Vec<Value>> {
        Ok(self.fetch(it)?.1)
    }
    fn len(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<usize> {
        Ok(self.fetch(it)?.1.len())
    }
    fn get_item(&self, _me: &Rc<dyn Object>, key: Subscript, it: &mut Interp) -> PyResult<Value> {
        let items = self.fetch(it)?.1;
        match key {
            Subscript::Index(Value::Int(i)) => {
                let n = items.len() as i64;
                let i = if i < 0 { i + n } else { i };
                items
                    .get(i as usize)
                    .cloned()
                    .filter(|_| i >= 0)
                    .ok_or_else(|| it.index_error("list index out of range"))
            }
            Subscript::Slice(a, b, c) => {
                let int = |v: Option<Value>| match v {
                    Some(Value::Int(i)) => Some(i),
                    _ => None,
                };
                Ok(pyutil::list(pyutil::slice_vec(
                    &items,
                    int(a),
                    int(b),
                    int(c),
                )))
            }
            Subscript::Index(other) => Err(it.type_error(format!(
                "list indices must be integers or slices, not {}",
                other.type_name()
            ))),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `connection.ops` (the SQLite backend's DatabaseOperations): `quote_name()`.
pub struct Operations;

impl Object for Operations {
    fn type_name(&self) -> String {
        "DatabaseOperations".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<django.db.backends.sqlite3.operations.DatabaseOperations object>".into())
    }
    fn has_method(&self, name: &str) -> bool {
        name == "quote_name"
    }
    fn call_method(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        if name != "quote_name" {
            return Err(it.attribute_error("DatabaseOperations", name));
        }
        let b = ArgSpec::simple("quote_name", &["name"], 1).bind(it, args)?;
        let n = match b.get(0) {
            Some(Value::Str(s)) => s.to_string(),
            Some(other) => {
                let t = other.type_name();
                return Err(it.attribute_error(&t, "startswith"));
            }
            None => String::new(),
        };
        Ok(Value::str(&crate::sql::quote_name(&n)))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `connection.introspection`: `table_names()`.
pub struct Introspection {
    ctx: Ctx,
}

impl Object for Introspection {
    fn type_name(&self) -> String {
        "DatabaseIntrospection".into()
    }
    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<django.db.backends.sqlite3.introspection.DatabaseIntrospection object>".into())
    }
    fn has_method(&self, name: &str) -> bool {
        name == "table_names"
    }
    fn call_method(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        if name != "table_names" {
            return Err(it.attribute_error("DatabaseIntrospection", name));
        }
        let b = ArgSpec::simple("table_names", &["cursor", "include_views"], 0).bind(it, args)?;
        let include_views = match b.get(1) {
            Some(v) => it.truthy(v)?,
            None => false,
        };
        // get_table_list's query; the names sorted, views only when asked for.
        let sql = "SELECT name, type FROM sqlite_master WHERE type in ('table', 'view') AND NOT name='sqlite_sequence' ORDER BY name";
        let r = run_logged(&self.ctx, it, sql, None)?;
        let mut names: Vec<String> = Vec::new();
        for row in &r.rows {
            let (Some(SqlValue::Text(n)), Some(SqlValue::Text(t))) = (row.first(), row.get(1))
            else {
                continue;
            };
            if include_views || t == "table" {
                names.push(n.clone());
            }
        }
        names.sort();
        Ok(pyutil::list(names.iter().map(|n| Value::str(n)).collect()))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
