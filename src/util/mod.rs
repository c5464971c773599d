//! Small helpers shared by several stages.
pub mod difflib;
pub mod pystr;
