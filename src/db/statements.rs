//! Prepared statements kept for reuse as Python's `sqlite3` module keeps them (the module
//! Django runs on): after a run a statement is only reset, and its parameters stay bound.
//!
//! That matters to SQLite's planner. When a bound value may change the best plan (a LIKE
//! pattern, an integer compared with a column, ...), SQLite marks the statement so that binding
//! a *different* value re-prepares it before the next step; binding the same integer again does
//! not. rusqlite's own statement cache clears every binding when a statement goes back to it,
//! so each reuse counted as a new value and re-prepared: a few percent of every query's time,
//! which Python's sqlite3 does not pay. Plans and results are unchanged either way: SQLite
//! re-prepares exactly when a new value could change the plan.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rusqlite::{Connection, Statement, ToSql};

use crate::util::FastMap;

self_cell::self_cell!(
    /// A prepared statement with the connection it belongs to (so it can outlive a borrow).
    pub(super) struct Prepared {
        owner: Rc<Connection>,

        #[not_covariant]
        dependent: Statement,
    }
);

impl Prepared {
    /// Binds `params` in order, as rusqlite's `Statement::query` does (and with its error when
    /// the count does not match), then runs `f` on the statement.
    pub(super) fn run<P: ToSql, T>(
        &mut self,
        params: &[P],
        f: impl FnOnce(&mut Statement<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.with_dependent_mut(|_, stmt| {
            let expected = stmt.parameter_count();
            let mut index = 0;
            for p in params {
                index += 1; // SQL parameters count from 1.
                if index > expected {
                    break;
                }
                stmt.raw_bind_parameter(index, p)?;
            }
            if index != expected {
                return Err(rusqlite::Error::InvalidParameterCount(index, expected));
            }
            f(stmt)
        })
    }
}

/// A least-recently-used set of prepared statements, by SQL text.
pub(super) struct StatementCache {
    capacity: usize,
    clock: Cell<u64>,
    /// SQL → (last use, statement). A statement in use is taken out and put back after.
    entries: RefCell<FastMap<Box<str>, (u64, Prepared)>>,
}

impl StatementCache {
    pub(super) fn new(capacity: usize) -> StatementCache {
        StatementCache {
            capacity,
            clock: Cell::new(0),
            entries: RefCell::new(FastMap::default()),
        }
    }

    /// The cached statement for `sql` (taken out of the cache), else a newly prepared one.
    pub(super) fn take(
        &self,
        conn: &Rc<Connection>,
        sql: &str,
    ) -> rusqlite::Result<(Box<str>, Prepared)> {
        if let Some((key, (_, prepared))) = self.entries.borrow_mut().remove_entry(sql) {
            return Ok((key, prepared));
        }
        let prepared = Prepared::try_new(conn.clone(), |c| c.prepare(sql))?;
        Ok((sql.into(), prepared))
    }

    /// Keeps a statement for the next run of its SQL, dropping the least recently used one
    /// when full. (A statement run re-entrantly while its twin was out replaces the twin.)
    pub(super) fn give_back(&self, sql: Box<str>, prepared: Prepared) {
        let now = self.clock.get() + 1;
        self.clock.set(now);
        let mut entries = self.entries.borrow_mut();
        if entries.len() >= self.capacity && !entries.contains_key(&sql) {
            let oldest = entries
                .iter()
                .min_by_key(|(_, (used, _))| *used)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        entries.insert(sql, (now, prepared));
    }
}

#[cfg(test)]
mod tests {
    use crate::db::{Database, SqlValue};

    /// Runs `sql` with `param` and returns (rows, how often its kept statement was re-prepared).
    fn run(db: &Database, sql: &str, param: SqlValue) -> (Vec<Vec<SqlValue>>, i32) {
        let rows = db.query(sql, &[param]).unwrap();
        let converted = crate::db::convert_query(sql);
        let mut entries = db.statements.entries.borrow_mut();
        let (_, prepared) = entries.get_mut(converted.as_str()).expect("statement kept");
        let reprepared = prepared
            .with_dependent_mut(|_, stmt| stmt.get_status(rusqlite::StatementStatus::RePrepare));
        (rows, reprepared)
    }

    #[test]
    fn the_same_integer_bound_again_keeps_the_plan_as_python_sqlite3_does() {
        let db = Database::open_sample().unwrap();
        // `pages` has no index: the planner weighs the bound integer (0 or 1 versus others).
        let sql = "SELECT id FROM bookstore_book WHERE pages = %s ORDER BY id";
        let (first, before) = run(&db, sql, SqlValue::Integer(328));
        let (again, after) = run(&db, sql, SqlValue::Integer(328));
        assert_eq!(first, again);
        assert_eq!(before, after, "re-binding 328 must not re-prepare");
        // Crossing into 0/1 can change the plan: SQLite re-prepares, and the rows follow.
        let (zero, crossed) = run(&db, sql, SqlValue::Integer(0));
        assert!(crossed > after, "binding 0 after 328 re-prepares");
        assert!(zero.is_empty());
    }

    #[test]
    fn a_like_pattern_bound_again_is_re_prepared_as_in_python_sqlite3() {
        let db = Database::open_sample().unwrap();
        let sql = "SELECT id FROM bookstore_book WHERE title LIKE %s ESCAPE '\\' ORDER BY id";
        let (first, before) = run(&db, sql, SqlValue::Text("%Dracula%".into()));
        let (again, after) = run(&db, sql, SqlValue::Text("%Dracula%".into()));
        assert_eq!(first, again);
        assert!(!first.is_empty());
        assert_eq!(after, before + 1, "text bindings always re-prepare a LIKE");
    }
}
