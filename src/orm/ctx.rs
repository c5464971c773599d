//! What every ORM object shares in one session: the registry, the database, the query log and
//! the exception classes Django defines.

use crate::util::FastMap;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::db::{Database, DbError, DbRow, SqlValue, last_executed_query};
use crate::interp::{ExcClass, Interp, PyException, Value};
use crate::models::{ModelId, Registry};
use crate::sql::why::{Origin, WhyNote};

/// Django's `BaseDatabaseWrapper.queries_limit`: `connection.queries` keeps this many.
pub const QUERIES_LIMIT: usize = 9000;

/// What `validate_no_broken_transaction()` says when a query is sent inside an atomic block
/// marked for rollback (after a database error the user caught).
pub const BROKEN_TRANSACTION: &str = "An error occurred in the current transaction. You can't execute queries until the end of the 'atomic' block.";

/// One statement sent to the database, as Django's `connection.queries` shows it.
#[derive(Debug, Clone)]
pub struct LoggedQuery {
    /// Shared: the log and each input's outcome hold the same text.
    pub sql: Rc<str>,
    pub elapsed: Duration,
    /// The lazy relation load that caused it (`Book.publisher`), for the N+1 detector.
    pub cause: Option<Rc<str>>,
    /// `.why on`: where each part of the statement came from (empty when off).
    pub why: Vec<WhyNote>,
}

/// A result row copied out of SQLite, cell by cell.
fn owned_row(row: &DbRow<'_>) -> Vec<SqlValue> {
    (0..row.len()).map(|i| SqlValue::from(row.get(i))).collect()
}

/// Django's exception classes the ORM raises.
pub struct OrmExceptions {
    pub field_error: Rc<ExcClass>,
    /// `_meta.get_field()`'s error (only(), defer(), in_bulk() with an unknown name).
    pub field_does_not_exist: Rc<ExcClass>,
    /// `django.db.models.expressions.OutputFieldIsNoneError`, a FieldError.
    pub output_field_is_none: Rc<ExcClass>,
    pub object_does_not_exist: Rc<ExcClass>,
    pub multiple_objects_returned: Rc<ExcClass>,
    pub validation_error: Rc<ExcClass>,
    pub empty_result_set: Rc<ExcClass>,
    pub database_error: Rc<ExcClass>,
    pub db_errors: FastMap<&'static str, Rc<ExcClass>>,
    pub not_supported: Rc<ExcClass>,
    /// `django.db.transaction.TransactionManagementError` (a ProgrammingError).
    pub transaction_management: Rc<ExcClass>,
    /// Per model: `Book.DoesNotExist`, `Book.MultipleObjectsReturned`.
    pub does_not_exist: Vec<Rc<ExcClass>>,
    pub multiple_returned: Vec<Rc<ExcClass>>,
}

impl OrmExceptions {
    pub fn new(it: &Interp, reg: &Registry) -> OrmExceptions {
        let exception = it.exc_class("Exception");
        let core = "django.core.exceptions";
        let mk = |name: &str, module: &str, base: &Rc<ExcClass>| {
            it.new_exc_class(name, module, base.clone())
        };
        let field_error = mk("FieldError", core, &exception);
        let field_does_not_exist = mk("FieldDoesNotExist", core, &exception);
        let output_field_is_none = mk(
            "OutputFieldIsNoneError",
            "django.db.models.expressions",
            &field_error,
        );
        let odne = mk("ObjectDoesNotExist", core, &exception);
        let mor = mk("MultipleObjectsReturned", core, &exception);
        let validation_error = mk("ValidationError", core, &exception);
        let empty_result_set = mk("EmptyResultSet", core, &exception);
        let utils = "django.db.utils";
        let error = mk("Error", utils, &exception);
        let interface = mk("InterfaceError", utils, &error);
        let database_error = mk("DatabaseError", utils, &error);
        let mut db_errors = FastMap::default();
        db_errors.insert("Error", error.clone());
        db_errors.insert("InterfaceError", interface);
        db_errors.insert("DatabaseError", database_error.clone());
        for name in [
            "DataError",
            "OperationalError",
            "IntegrityError",
            "InternalError",
            "ProgrammingError",
            "NotSupportedError",
        ] {
            db_errors.insert(name, mk(name, utils, &database_error));
        }
        let not_supported = db_errors["NotSupportedError"].clone();
        let transaction_management = mk(
            "TransactionManagementError",
            "django.db.transaction",
            &db_errors["ProgrammingError"],
        );
        let models = format!("{}.models", reg.app_label);
        let mut does_not_exist = Vec::new();
        let mut multiple_returned = Vec::new();
        for m in &reg.models {
            does_not_exist.push(mk(&format!("{}.DoesNotExist", m.name), &models, &odne));
            multiple_returned.push(mk(
                &format!("{}.MultipleObjectsReturned", m.name),
                &models,
                &mor,
            ));
        }
        OrmExceptions {
            field_error,
            field_does_not_exist,
            output_field_is_none,
            object_does_not_exist: odne,
            multiple_objects_returned: mor,
            validation_error,
            empty_result_set,
            database_error,
            db_errors,
            not_supported,
            transaction_management,
            does_not_exist,
            multiple_returned,
        }
    }
}

/// Shared state of the ORM in one session.
/// Methods by name, for one class.
pub type ClassMethods = FastMap<String, Value>;
/// [`ClassMethods`] by class name.
pub type MethodMap = FastMap<String, ClassMethods>;

pub struct OrmCtx {
    pub reg: Rc<Registry>,
    pub db: RefCell<Database>,
    pub log: RefCell<Vec<LoggedQuery>>,
    pub exc: OrmExceptions,
    /// Model class values, by model id (filled once when the session starts).
    pub classes: RefCell<Vec<Value>>,
    /// `Book.objects` and the other declared managers, by (model, declaration index): made on
    /// first use and then the same object, as Django's ManagerDescriptor returns.
    pub managers: RefCell<FastMap<(ModelId, usize), Value>>,
    /// Lazy forward-relation queries compiled once, by (model, field index).
    pub lazy_gets: RefCell<FastMap<(ModelId, usize), Rc<super::lazy_get::LazyGet>>>,
    /// What caused the next query (set around lazy relation loads).
    pub pending_cause: RefCell<Option<Rc<str>>>,
    /// Functions of models.py classes as callable values, by (class name, method name).
    /// Model and manager methods by class name, then method name (looked up on every manager
    /// call, so hashed with foldhash).
    pub methods: RefCell<MethodMap>,
    /// `reset_queries()` hides the log before this index from `connection.queries`.
    pub log_reset: std::cell::Cell<usize>,
    /// `Author.profile.RelatedObjectDoesNotExist` and the like, made on first use.
    pub related_dne: RefCell<FastMap<String, Rc<ExcClass>>>,
    /// Transaction state of the connection (atomic blocks, savepoints).
    pub tx: super::write::TxState,
    /// `.why`: the explanation state; `None` while off, so queries pay one check.
    pub why: RefCell<Option<WhyState>>,
}

/// While `.why` is on: what the ORM is doing (for the next compile) and the notes of the
/// statement compiled last, keyed by its SQL so that a compiled-but-not-run query (`str(qs.query)`)
/// never lends its notes to another.
#[derive(Default)]
pub struct WhyState {
    pub origin: Option<Origin>,
    pub pending: Option<(String, Vec<WhyNote>)>,
}

pub type Ctx = Rc<OrmCtx>;

impl OrmCtx {
    pub fn why_on(&self) -> bool {
        self.why.borrow().is_some()
    }

    /// Tells `.why` what the next compiled query is for (`get()`, the shell's repr, ...).
    /// (A closure, so that nothing is built while `.why` is off.)
    pub fn why_origin(&self, origin: impl FnOnce() -> Origin) {
        if let Some(w) = self.why.borrow_mut().as_mut() {
            w.origin = Some(origin());
        }
    }

    /// The origin set for the query being compiled now (spent by it).
    pub fn take_why_origin(&self) -> Option<Origin> {
        self.why.borrow_mut().as_mut().and_then(|w| w.origin.take())
    }

    /// Keeps the notes of the statement `sql` for when it runs.
    pub fn set_why_notes(&self, sql: &str, notes: Vec<WhyNote>) {
        if let Some(w) = self.why.borrow_mut().as_mut() {
            w.pending = Some((sql.to_string(), notes));
        }
    }

    fn take_why_notes(&self, sql: &str, cause: Option<&str>) -> Vec<WhyNote> {
        let mut guard = self.why.borrow_mut();
        let Some(w) = guard.as_mut() else {
            return Vec::new();
        };
        // An origin no compile took (a cached result) must not reach a later query.
        w.origin = None;
        let mut notes = match w.pending.take() {
            Some((s, n)) if s == sql => n,
            _ => Vec::new(),
        };
        if let Some(c) = cause {
            notes.insert(0, crate::sql::why::lazy_load_note(c));
        }
        notes
    }

    pub fn class_of(&self, model: ModelId) -> Value {
        self.classes
            .borrow()
            .get(model)
            .cloned()
            .unwrap_or(Value::None)
    }

    /// Like [`OrmCtx::run_query`], recording `cause` as the lazy load behind it.
    pub fn run_query_for(
        &self,
        cause: Option<&Rc<str>>,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<Vec<Vec<SqlValue>>, DbError> {
        self.run_query_map_for(cause, sql, params, owned_row)
    }

    /// [`OrmCtx::run_query_map`], recording `cause` as the lazy load behind it.
    pub fn run_query_map_for<T>(
        &self,
        cause: Option<&Rc<str>>,
        sql: &str,
        params: &[SqlValue],
        f: impl FnMut(&DbRow<'_>) -> T,
    ) -> Result<Vec<T>, DbError> {
        let Some(cause) = cause else {
            return self.run_query_map(sql, params, f);
        };
        let previous = self.pending_cause.replace(Some(cause.clone()));
        let result = self.run_query_map(sql, params, f);
        *self.pending_cause.borrow_mut() = previous;
        result
    }

    /// Keeps a long session's log bounded: `connection.queries` shows the last
    /// [`QUERIES_LIMIT`] entries, as Django's `queries_log` deque does, so older ones can go
    /// (in batches, so that each input does not shift the whole log).
    pub fn trim_log(&self) {
        let mut log = self.log.borrow_mut();
        if log.len() > 2 * QUERIES_LIMIT {
            let excess = log.len() - QUERIES_LIMIT;
            log.drain(..excess);
            self.log_reset
                .set(self.log_reset.get().saturating_sub(excess));
        }
    }

    /// Runs a SELECT and logs it as Django does (before the error, if it fails).
    pub fn run_query(&self, sql: &str, params: &[SqlValue]) -> Result<Vec<Vec<SqlValue>>, DbError> {
        self.run_query_map(sql, params, owned_row)
    }

    /// [`OrmCtx::run_query`] mapping each row (borrowed from SQLite) with `f`.
    pub fn run_query_map<T>(
        &self,
        sql: &str,
        params: &[SqlValue],
        f: impl FnMut(&DbRow<'_>) -> T,
    ) -> Result<Vec<T>, DbError> {
        let db = self.db.borrow();
        let start = Instant::now();
        let result = match self.broken_transaction() {
            Some(e) => Err(e),
            None => db.query_map(sql, params, f),
        };
        let elapsed = start.elapsed();
        let text = last_executed_query(&db, sql, params);
        let cause = self.pending_cause.borrow().clone();
        let why = self.take_why_notes(sql, cause.as_deref());
        self.log.borrow_mut().push(LoggedQuery {
            sql: text.into(),
            elapsed,
            cause,
            why,
        });
        result
    }

    /// Django's `validate_no_broken_transaction()`, checked before each statement: the refusal
    /// is still logged with the statement, as Django's debug cursor logs it.
    pub fn broken_transaction(&self) -> Option<DbError> {
        (self.tx.in_atomic_block.get() && self.tx.needs_rollback.get())
            .then(|| DbError::new(crate::db::DbErrorKind::ProgrammingError, BROKEN_TRANSACTION))
    }

    /// A Django database exception (`OperationalError: no such table: x`).
    pub fn db_exception(&self, it: &Interp, e: &DbError) -> Rc<PyException> {
        if e.message == BROKEN_TRANSACTION {
            return it.new_exception(self.exc.transaction_management.clone(), BROKEN_TRANSACTION);
        }
        // A statement stopped by Ctrl-C (the shell's SIGINT handler interrupts SQLite and sets the
        // interpreter's flag): Python would raise KeyboardInterrupt, once, so the flag is spent.
        if e.is_interrupted() {
            it.interrupt_flag()
                .store(false, std::sync::atomic::Ordering::Relaxed);
            return it.new_exception(it.exc_class("KeyboardInterrupt"), "");
        }
        let class = self
            .exc
            .db_errors
            .get(e.kind.name())
            .cloned()
            .unwrap_or_else(|| self.exc.database_error.clone());
        // Django never meets a read-only file, so the message says why (a documented difference).
        let message = if e.is_readonly_error() {
            format!(
                "{} (the database is read-only: ormlab opens --db files read-only unless you pass --write)",
                e.message
            )
        } else {
            e.message.clone()
        };
        it.new_exception(class, message)
    }

    /// The exception a one-to-one accessor raises when there is no related row
    /// (`Author.profile.RelatedObjectDoesNotExist`, a subclass of `AuthorProfile.DoesNotExist`).
    pub fn related_does_not_exist(
        &self,
        it: &Interp,
        owner: &str,
        accessor: &str,
        related: ModelId,
    ) -> Rc<ExcClass> {
        let qualname = format!("{owner}.{accessor}.RelatedObjectDoesNotExist");
        if let Some(c) = self.related_dne.borrow().get(&qualname) {
            return c.clone();
        }
        let module = "django.db.models.fields.related_descriptors";
        let class = Rc::new(ExcClass {
            qualname: Rc::from(qualname.as_str()),
            module: Rc::from(module),
            base: Some(self.exc.does_not_exist[related].clone()),
            other_bases: vec![it.exc_class("AttributeError")],
        });
        self.related_dne
            .borrow_mut()
            .insert(qualname, class.clone());
        class
    }

    pub fn field_error(&self, it: &Interp, msg: impl Into<String>) -> Rc<PyException> {
        it.new_exception(self.exc.field_error.clone(), msg)
    }
}
