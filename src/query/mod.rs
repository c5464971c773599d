//! The Query IR and everything that builds it: path resolution and joins, Q trees and lookups,
//! ordering and limits. Knows the registry; knows nothing of SQL text, the evaluator or the
//! database.
pub mod error;
pub mod expr;
pub mod filter;
pub mod float_decimal;
pub mod ir;
pub mod lookups;
pub mod path;
pub mod subquery;
mod temporal_check;
pub mod value;
pub mod window;

pub use error::{Degenerate, QueryError};
pub use filter::QNode;
pub use ir::*;
pub use value::{FilterValue, Param};
