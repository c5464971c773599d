//! Small helpers shared by several stages.
pub mod alloc;
pub mod difflib;
pub mod pystr;
