//! The write side of the ORM: `save()`, `Manager.create()`, `delete()` with Django's Collector.
//! Statements are logged exactly as the reads are (`connection.queries` text).

mod bulk;
mod clean;
mod delete;
mod fk_write;
mod get_or_create;
pub mod m2m_write;
mod pyset;
mod save;
pub mod transaction;
pub mod tx;
mod update;
pub mod validate;

use std::time::Instant;

use crate::db::{DbError, SqlValue, last_executed_query};
use crate::interp::{Args, Interp, PyResult, Value};

use super::ctx::OrmCtx;
use super::instance::Instance;
use super::queryset::QuerySet;

pub use tx::TxState;

/// Instance methods this module answers (models.py methods of the same name win).
pub const INSTANCE_METHODS: &[&str] = &[
    "save",
    "delete",
    "full_clean",
    "clean_fields",
    "clean",
    "validate_unique",
    "validate_constraints",
];

/// QuerySet (and so Manager) methods this module answers.
pub const QS_METHODS: &[&str] = &[
    "create",
    "update",
    "delete",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
];

pub fn call_instance(inst: &Instance, it: &mut Interp, name: &str, args: Args) -> PyResult<Value> {
    match name {
        "save" => save::save(inst, it, args),
        n if validate::METHODS.contains(&n) => validate::call(inst, it, n, args),
        _ => delete::delete_instance(inst, it, args),
    }
}

pub fn call_queryset(qs: &QuerySet, it: &mut Interp, name: &str, args: Args) -> PyResult<Value> {
    // Django's `_not_support_combined_queries` for the writes that check it.
    if let Some(c) = &qs.query.combinator
        && matches!(name, "update" | "delete")
    {
        let msg = format!(
            "Calling QuerySet.{name}() after {}() is not supported.",
            c.name
        );
        return Err(it.new_exception(qs.ctx.exc.not_supported.clone(), msg));
    }
    match name {
        "update" => update::update(qs, it, args),
        "delete" => update::delete(qs, it, args),
        "get_or_create" => get_or_create::get_or_create(qs, it, args),
        "update_or_create" => get_or_create::update_or_create(qs, it, args),
        "bulk_create" => bulk::bulk_create(qs, it, args),
        "bulk_update" => bulk::bulk_update(qs, it, args),
        _ => save::create(qs, it, args),
    }
}

/// Runs one write statement, logs it (before any error, as Django's debug cursor does) and
/// returns its rows (RETURNING) and the number of rows it changed.
pub(crate) fn run_write(
    ctx: &OrmCtx,
    sql: &str,
    params: &[SqlValue],
) -> Result<(Vec<Vec<SqlValue>>, usize), DbError> {
    let db = ctx.db.borrow();
    let start = Instant::now();
    let before = db.connection().total_changes();
    let result = match ctx.broken_transaction() {
        Some(e) => Err(e),
        None => db.query(sql, params),
    };
    let changed = if db.connection().total_changes() == before {
        0
    } else {
        usize::try_from(db.connection().changes()).unwrap_or(0)
    };
    let elapsed = start.elapsed();
    let text = last_executed_query(&db, sql, params);
    ctx.log.borrow_mut().push(super::ctx::LoggedQuery {
        sql: text.into(),
        elapsed,
        cause: None,
        why: Vec::new(),
    });
    result.map(|rows| (rows, changed))
}

/// `run_write` with the error turned into Django's exception.
pub(crate) fn write(
    ctx: &OrmCtx,
    it: &Interp,
    sql: &str,
    params: &[SqlValue],
) -> PyResult<(Vec<Vec<SqlValue>>, usize)> {
    run_write(ctx, sql, params).map_err(|e| ctx.db_exception(it, &e))
}

/// `transaction.atomic(savepoint=False)`, as the Collector and multi-table saves use it.
pub(crate) fn atomic<T>(
    ctx: &OrmCtx,
    it: &mut Interp,
    body: impl FnOnce(&mut Interp) -> PyResult<T>,
) -> PyResult<T> {
    tx::atomic(ctx, it, false, body)
}
