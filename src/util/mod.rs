//! Small helpers shared by several stages.
pub mod difflib;
