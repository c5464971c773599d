//! Small helpers shared by several stages.
pub mod alloc;
pub mod difflib;
pub mod pystr;

/// Hash maps and sets with foldhash rather than std's SipHash: their keys are names, pointers
/// and hashes the program makes itself, never input an attacker shapes to collide, and SipHash
/// was a visible share of name lookups and dict operations. Still seeded per process, so no
/// code can come to depend on an iteration order.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
