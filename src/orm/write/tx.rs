//! Django's transaction state on the connection (`in_atomic_block`, `savepoint_ids`,
//! `needs_rollback`, `savepoint_state`) and `Atomic.__enter__`/`__exit__` on top of it. The
//! session runs in autocommit, so the outermost block sends BEGIN and COMMIT/ROLLBACK, inner
//! ones SAVEPOINT / RELEASE SAVEPOINT / ROLLBACK TO SAVEPOINT.

use std::cell::{Cell, RefCell};

use crate::interp::{Interp, PyResult};

use super::super::ctx::OrmCtx;
use super::write;

#[derive(Default)]
pub struct TxState {
    pub in_atomic_block: Cell<bool>,
    pub needs_rollback: Cell<bool>,
    /// One entry per open inner block: its savepoint, `None` when it made none.
    pub savepoint_ids: RefCell<Vec<Option<String>>>,
    /// The per-connection counter in savepoint names; it never goes back.
    pub savepoint_state: Cell<u32>,
}

/// `connection.savepoint()`: `None` outside a transaction (autocommit: savepoints not allowed).
pub fn savepoint(ctx: &OrmCtx, it: &Interp) -> PyResult<Option<String>> {
    if !ctx.tx.in_atomic_block.get() {
        return Ok(None);
    }
    let n = ctx.tx.savepoint_state.get() + 1;
    ctx.tx.savepoint_state.set(n);
    // Django's name is "s<thread id>_x<n>"; the output normalises the thread id away.
    let sid = format!("s_x{n}");
    write(ctx, it, &format!("SAVEPOINT \"{sid}\""), &[])?;
    Ok(Some(sid))
}

pub fn savepoint_commit(ctx: &OrmCtx, it: &Interp, sid: &str) -> PyResult<()> {
    if !ctx.tx.in_atomic_block.get() {
        return Ok(());
    }
    write(ctx, it, &format!("RELEASE SAVEPOINT \"{sid}\""), &[]).map(|_| ())
}

pub fn savepoint_rollback(ctx: &OrmCtx, it: &Interp, sid: &str) -> PyResult<()> {
    if !ctx.tx.in_atomic_block.get() {
        return Ok(());
    }
    write(ctx, it, &format!("ROLLBACK TO SAVEPOINT \"{sid}\""), &[]).map(|_| ())
}

/// `Atomic.__enter__`.
pub fn enter(ctx: &OrmCtx, it: &Interp, with_savepoint: bool) -> PyResult<()> {
    let tx = &ctx.tx;
    if tx.in_atomic_block.get() {
        let sid = if with_savepoint && !tx.needs_rollback.get() {
            savepoint(ctx, it)?
        } else {
            None
        };
        tx.savepoint_ids.borrow_mut().push(sid);
    } else {
        tx.needs_rollback.set(false);
        write(ctx, it, "BEGIN", &[])?;
        tx.in_atomic_block.set(true);
    }
    Ok(())
}

/// `Atomic.__exit__`; `failed` when the block raised.
pub fn exit(ctx: &OrmCtx, it: &Interp, failed: bool) -> PyResult<()> {
    let tx = &ctx.tx;
    let popped = tx.savepoint_ids.borrow_mut().pop();
    let outermost = popped.is_none();
    let sid = popped.flatten();
    if outermost {
        tx.in_atomic_block.set(false);
    }
    let result = if !failed && !tx.needs_rollback.get() {
        match (outermost, sid) {
            (false, Some(s)) => savepoint_commit(ctx, it, &s),
            (false, None) => Ok(()),
            // A failed COMMIT (a deferred foreign key check) is rolled back, then raised.
            (true, _) => write(ctx, it, "COMMIT", &[]).map(|_| ()).inspect_err(|_| {
                let _ = write(ctx, it, "ROLLBACK", &[]);
            }),
        }
    } else {
        tx.needs_rollback.set(false);
        match (outermost, sid) {
            (false, None) => {
                tx.needs_rollback.set(true);
                Ok(())
            }
            (false, Some(s)) => {
                savepoint_rollback(ctx, it, &s)?;
                savepoint_commit(ctx, it, &s)
            }
            (true, _) => write(ctx, it, "ROLLBACK", &[]).map(|_| ()),
        }
    };
    if outermost {
        tx.needs_rollback.set(false);
    }
    result
}

/// Runs `body` inside `transaction.atomic(savepoint=...)`.
pub fn atomic<T>(
    ctx: &OrmCtx,
    it: &mut Interp,
    with_savepoint: bool,
    body: impl FnOnce(&mut Interp) -> PyResult<T>,
) -> PyResult<T> {
    enter(ctx, it, with_savepoint)?;
    match body(it) {
        Ok(v) => {
            exit(ctx, it, false)?;
            Ok(v)
        }
        Err(e) => {
            exit(ctx, it, true)?;
            Err(e)
        }
    }
}
