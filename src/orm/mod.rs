//! The Django side of the evaluator: model classes, managers, QuerySets, instances, `Q`, as
//! [`crate::interp::Object`]s over the query IR, the SQL compiler and the database.
//!
//! Talks to the database only through `db`; writes no SQL text itself (that is `sql`'s job).
pub mod convert;
pub mod ctx;
pub mod defaults;
pub mod display;
pub mod expressions;
pub mod instance;
pub mod lazy_get;
pub mod manager;
pub mod methods;
pub mod model_class;
pub mod paginator;
pub mod prefetch;
pub mod pyutil;
pub mod q;
pub mod queryset;
pub mod queryset_more;
pub mod raw;
pub mod related;
pub mod row;
pub mod validation_error;
pub mod values;
pub mod window;
pub mod write;
