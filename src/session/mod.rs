//! One ormlab session: the evaluator with the ORM's names bound, over one database. Runs one
//! input at a time the way Django's shell does and reports what it sent, printed and returned.

mod bindings;
mod django_modules;
pub mod findings;
pub mod sample_db;

use crate::util::FastMap;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::db::Database;
use crate::interp::{Interp, PyException};
use crate::models::{Registry, load_models};
use crate::orm::ctx::{LoggedQuery, OrmCtx, OrmExceptions};
use crate::orm::display::{Shown, snapshot};
use crate::syntax::{Span, SyntaxErrorKind, parse_expression, parse_module};

/// The bundled app's models.py, read once per process.
pub const SAMPLE_MODELS_PY: &str = include_str!("../../sample-db/models.py");

/// An input's error as the user sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorInfo {
    /// The exception's qualified class name (`FieldError`, `Book.DoesNotExist`).
    pub class: String,
    /// `str(exception)`.
    pub message: String,
    /// Where in the input, when known.
    pub span: Option<Span>,
    /// A short "did you mean" line.
    pub hint: Option<String>,
}

/// Everything one input did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub input: String,
    pub queries: Vec<LoggedQuery>,
    /// `None` for a statement (or when the input raised).
    pub result: Option<Shown>,
    pub stdout: String,
    pub error: Option<ErrorInfo>,
    /// N+1 loads and duplicate queries found in `queries`.
    pub findings: Vec<findings::Finding>,
}

pub struct Session {
    pub it: Interp,
    pub ctx: Rc<OrmCtx>,
    /// This session's entry in [`LIVE`].
    id: u64,
}

/// The interrupters of every session alive in the process, by session id. Ctrl-C stops them all:
/// whichever is running (the shell's own session, or one a `.lesson` or `.practice` opened to run
/// the learner's code) stops, and an idle one is unaffected (its flag is cleared when its next
/// input starts, and SQLite clears its own when the connection's next statement starts).
static LIVE: Mutex<Vec<(u64, Interrupter)>> = Mutex::new(Vec::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// Interrupts every live session (what the shell's Ctrl-C handler calls).
pub fn interrupt_all() {
    if let Ok(live) = LIVE.lock() {
        for (_, i) in live.iter() {
            i.interrupt();
        }
    }
}

/// The context holds values that hold the context (model classes, models.py methods, compiled
/// lazy loads): emptied here so that a dropped session (`.reset`) frees its database.
impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE.lock() {
            live.retain(|(id, _)| *id != self.id);
        }
        self.ctx.classes.borrow_mut().clear();
        self.ctx.methods.borrow_mut().clear();
        self.ctx.lazy_gets.borrow_mut().clear();
        self.ctx.managers.borrow_mut().clear();
    }
}

/// Stops what a session is running, from another thread (the shell's Ctrl-C handler): the
/// interpreter's loops and calls raise KeyboardInterrupt, and the running SQLite statement ends
/// with "interrupted" (which the ORM raises as KeyboardInterrupt too).
pub struct Interrupter {
    flag: Arc<AtomicBool>,
    db: crate::db::InterruptHandle,
}

impl Interrupter {
    pub fn interrupt(&self) {
        self.flag.store(true, Ordering::Relaxed);
        self.db.interrupt();
    }
}

/// Parses and loads the bundled models.py.
pub fn sample_registry() -> Result<Registry, String> {
    let module = parse_module(SAMPLE_MODELS_PY).map_err(|e| format!("models.py: {}", e.message))?;
    load_models("bookstore", &module).map_err(|e| format!("models.py: {}", e.message))
}

impl Session {
    /// A session on `db` with the bundled app's models.
    pub fn new(db: Database) -> Result<Session, String> {
        Session::with_registry(db, Rc::new(sample_registry()?))
    }

    pub fn with_registry(db: Database, reg: Rc<Registry>) -> Result<Session, String> {
        let mut it = Interp::new();
        let exc = OrmExceptions::new(&it, &reg);
        let ctx = Rc::new(OrmCtx {
            reg: reg.clone(),
            db: RefCell::new(db),
            log: RefCell::new(Vec::new()),
            exc,
            classes: RefCell::new(Vec::new()),
            pending_cause: RefCell::new(None),
            lazy_gets: RefCell::new(FastMap::default()),
            managers: RefCell::default(),
            methods: RefCell::default(),
            related_dne: RefCell::new(FastMap::default()),
            log_reset: std::cell::Cell::new(0),
            tx: Default::default(),
            why: RefCell::new(None),
        });
        bindings::install(&mut it, &ctx).map_err(|e| e.args.len().to_string())?;
        crate::orm::methods::build_methods(&ctx, &mut it, &reg)
            .map_err(|e| format!("models.py methods: {}", it.format_exception(&e)))?;
        let session = Session {
            it,
            ctx,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        };
        if let Ok(mut live) = LIVE.lock() {
            live.push((session.id, session.interrupter()));
        }
        Ok(session)
    }

    /// `.why on|off`: whether each query carries notes on where its parts came from.
    pub fn set_why(&self, on: bool) {
        *self.ctx.why.borrow_mut() = on.then(crate::orm::ctx::WhyState::default);
    }

    /// The handle that interrupts this session (see [`Interrupter`]).
    pub fn interrupter(&self) -> Interrupter {
        Interrupter {
            flag: self.it.interrupt_flag(),
            db: self.ctx.db.borrow().interrupt_handle(),
        }
    }

    /// Runs one input: an expression is evaluated and displayed; anything else runs as statements.
    pub fn eval(&mut self, input: &str) -> Outcome {
        // A Ctrl-C that came after the previous input had finished must not stop this one.
        self.it.interrupt_flag().store(false, Ordering::Relaxed);
        let start = self.ctx.log.borrow().len();
        let _ = self.it.take_stdout();
        // compile(..., "eval") refuses leading indentation, so such a line goes the statement way
        // (and gets Python's IndentationError there).
        let indented = input.starts_with([' ', '\t', '\x0c']);
        let parsed = if indented {
            Err(())
        } else {
            parse_expression(input).map_err(|_| ())
        };
        let (result, error) = match parsed {
            Ok(expr) => match self
                .it
                .eval_expr(&expr)
                .and_then(|v| snapshot(&mut self.it, &v))
            {
                Ok(shown) => (Some(shown), None),
                Err(e) => (None, Some(self.error_info(&e))),
            },
            Err(_) => match parse_module(input) {
                Ok(stmts) => match self.it.exec_module(&stmts) {
                    Ok(()) => (None, None),
                    Err(e) => (None, Some(self.error_info(&e))),
                },
                Err(e) => {
                    let message = format!("{} (<console>, line {})", e.message, e.line);
                    let class = match e.kind {
                        SyntaxErrorKind::SyntaxError => "SyntaxError",
                        SyntaxErrorKind::IndentationError => "IndentationError",
                    };
                    (
                        None,
                        Some(ErrorInfo {
                            class: class.into(),
                            message,
                            span: Some(e.span),
                            hint: None,
                        }),
                    )
                }
            },
        };
        let queries = self.ctx.log.borrow()[start..].to_vec();
        self.ctx.trim_log();
        let findings = findings::detect(&self.ctx.reg, &queries);
        Outcome {
            input: input.to_string(),
            queries,
            result,
            stdout: self.it.take_stdout(),
            error,
            findings,
        }
    }

    /// Text → SQL without running anything: the SQL of an input whose value is a QuerySet.
    /// (Evaluating a QuerySet expression runs no query; Django builds it lazily too.)
    pub fn sql_of(&mut self, input: &str) -> Option<String> {
        let expr = parse_expression(input).ok()?;
        let v = self.it.eval_expr(&expr).ok()?;
        let qs = v.downcast::<crate::orm::queryset::QuerySet>()?;
        qs.compile(&self.it).ok()?.map(|c| c.sql)
    }

    fn error_info(&mut self, e: &Rc<PyException>) -> ErrorInfo {
        let message = self.it.exception_str(e).unwrap_or_default();
        ErrorInfo {
            class: e.class.qualname.to_string(),
            message,
            span: *e.span.borrow(),
            hint: e.hint.borrow().clone(),
        }
    }
}
