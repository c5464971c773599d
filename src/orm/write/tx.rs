//! Django's transaction state on the connection (`in_atomic_block`, `savepoint_ids`,
//! `needs_rollback`, `savepoint_state`) and `Atomic.__enter__`/`__exit__` on top of it. The
//! session runs in autocommit, so the outermost block sends BEGIN and COMMIT/ROLLBACK, inner
//! ones SAVEPOINT / RELEASE SAVEPOINT / ROLLBACK TO SAVEPOINT.

use std::cell::{Cell, RefCell};

use crate::interp::{Args, Interp, PyResult, Value};

use super::super::ctx::OrmCtx;
use super::write;

/// One `on_commit` registration: the savepoints open then, the function, `robust`.
pub type CommitHook = (Vec<Option<String>>, Value, bool);

#[derive(Default)]
pub struct TxState {
    pub in_atomic_block: Cell<bool>,
    pub needs_rollback: Cell<bool>,
    /// One entry per open inner block: its savepoint, `None` when it made none.
    pub savepoint_ids: RefCell<Vec<Option<String>>>,
    /// The per-connection counter in savepoint names; it never goes back.
    pub savepoint_state: Cell<u32>,
    /// `transaction.on_commit()` functions waiting for the outermost COMMIT, each with the
    /// savepoints open when it was registered (rolling one back drops the function).
    pub run_on_commit: RefCell<Vec<CommitHook>>,
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
    write(ctx, it, &format!("ROLLBACK TO SAVEPOINT \"{sid}\""), &[])?;
    // The on_commit functions registered since that savepoint are forgotten with it.
    ctx.tx
        .run_on_commit
        .borrow_mut()
        .retain(|(sids, _, _)| !sids.iter().any(|s| s.as_deref() == Some(sid)));
    Ok(())
}

/// `transaction.on_commit(func, robust=False)`: kept until the outermost block commits, or run
/// now when no transaction is open (autocommit). A robust function's error is only logged by
/// Django, so it is dropped here.
pub fn on_commit(ctx: &OrmCtx, it: &mut Interp, func: Value, robust: bool) -> PyResult<()> {
    if ctx.tx.in_atomic_block.get() {
        let sids = ctx.tx.savepoint_ids.borrow().clone();
        ctx.tx.run_on_commit.borrow_mut().push((sids, func, robust));
        return Ok(());
    }
    run_hook(it, &func, robust)
}

fn run_hook(it: &mut Interp, func: &Value, robust: bool) -> PyResult<()> {
    match it.call(func, Args::default()) {
        Err(e) if !robust => Err(e),
        _ => Ok(()),
    }
}

/// `run_and_clear_commit_hooks`: after the COMMIT, in registration order; one that raises (not
/// robust) stops the rest, and its error leaves the `with` block.
fn run_commit_hooks(ctx: &OrmCtx, it: &mut Interp) -> PyResult<()> {
    let hooks = std::mem::take(&mut *ctx.tx.run_on_commit.borrow_mut());
    for (_, f, robust) in hooks {
        run_hook(it, &f, robust)?;
    }
    Ok(())
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
pub fn exit(ctx: &OrmCtx, it: &mut Interp, failed: bool) -> PyResult<()> {
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
            (true, _) => match write(ctx, it, "COMMIT", &[]) {
                Ok(_) => run_commit_hooks(ctx, it),
                Err(e) => {
                    let _ = write(ctx, it, "ROLLBACK", &[]);
                    ctx.tx.run_on_commit.borrow_mut().clear();
                    Err(e)
                }
            },
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
            (true, _) => {
                ctx.tx.run_on_commit.borrow_mut().clear();
                write(ctx, it, "ROLLBACK", &[]).map(|_| ())
            }
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

/// `transaction.mark_for_rollback_on_error()`: an error inside an atomic block marks it for
/// rollback, so the block's next query raises TransactionManagementError (`save()` and
/// `update()` run their statements under it).
pub fn mark_for_rollback_on_error<T>(
    ctx: &OrmCtx,
    it: &mut Interp,
    body: impl FnOnce(&mut Interp) -> PyResult<T>,
) -> PyResult<T> {
    let r = body(it);
    if r.is_err() && ctx.tx.in_atomic_block.get() {
        ctx.tx.needs_rollback.set(true);
    }
    r
}
