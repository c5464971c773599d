//! Turning outcomes into text: the JSON Lines format of shared/spec/json-output.md, and the
//! human output (SQL, the query count, tables). No I/O and no evaluation here.
pub mod human;
pub mod json;
pub mod pyfloat;
