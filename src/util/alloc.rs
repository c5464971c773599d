//! The global allocator: mimalloc, entered through its plain `mi_malloc` for ordinary layouts.
//!
//! Evaluating an input allocates many small, short-lived values (AST nodes, IR, SQL text, rows),
//! so the allocator's fast path is a large share of the pipeline's time. The `mimalloc` crate's
//! allocator sends every request through `mi_malloc_aligned`, which in mimalloc 3 often falls
//! back to its generic path; like Rust's own `System` allocator, this one asks for alignment only
//! when the layout needs more than the allocator guarantees anyway.
//!
//! SQLite's own allocations go to mimalloc as well ([`route_sqlite_allocations`]): left to the
//! system malloc, they cost about 3% of a full evaluation, twice what mimalloc takes for them.
//!
//! The crate's only `unsafe` code: implementing `GlobalAlloc` and handing SQLite C callbacks are
//! unsafe by definition.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::{c_int, c_void};
use std::sync::OnceLock;

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_usable_size,
    mi_zalloc, mi_zalloc_aligned,
};
use rusqlite::ffi;

/// The alignment every mimalloc block of at least this size has (`MI_MAX_ALIGN_SIZE`).
const GUARANTEED_ALIGN: usize = 16;

/// Whether a plain (unaligned) request already satisfies `layout`, as `System` decides it.
fn plain(layout: &Layout) -> bool {
    layout.align() <= GUARANTEED_ALIGN && layout.align() <= layout.size()
}

pub struct MiMalloc;

// SAFETY: each method forwards to the mimalloc function with the same contract (a block of at
// least `size` bytes aligned as the layout asks, or null), and memory is always freed by
// mimalloc's `mi_free`, which accepts blocks from all of these.
unsafe impl GlobalAlloc for MiMalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if plain(&layout) {
                mi_malloc(layout.size()) as *mut u8
            } else {
                mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if plain(&layout) {
                mi_zalloc(layout.size()) as *mut u8
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { mi_free(ptr as *mut c_void) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            if layout.align() <= GUARANTEED_ALIGN && layout.align() <= new_size {
                mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

/// Makes SQLite allocate through mimalloc, and says whether SQLite took it. SQLite accepts this
/// only before it initializes, so it is called before every connection is opened; the first call
/// decides, and if SQLite was already initialized (by code outside [`crate::db`]) it keeps its
/// default allocator, which works just as well, only slower.
pub fn route_sqlite_allocations() -> bool {
    static ROUTED: OnceLock<bool> = OnceLock::new();
    *ROUTED.get_or_init(|| {
        let methods = ffi::sqlite3_mem_methods {
            xMalloc: Some(sqlite_malloc),
            xFree: Some(sqlite_free),
            xRealloc: Some(sqlite_realloc),
            xSize: Some(sqlite_size),
            xRoundup: Some(sqlite_roundup),
            xInit: Some(sqlite_init),
            xShutdown: Some(sqlite_shutdown),
            pAppData: std::ptr::null_mut(),
        };
        // SAFETY: `SQLITE_CONFIG_MALLOC` takes a pointer to a `sqlite3_mem_methods`, which SQLite
        // copies; the callbacks below keep SQLite's contract (8-byte aligned blocks, `xSize` the
        // usable size of a live block, `xRoundup` at least the request). A refusal
        // (SQLITE_MISUSE once initialized) leaves SQLite as it was.
        let rc = unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_MALLOC, &raw const methods) };
        rc == ffi::SQLITE_OK
    })
}

/// SQLite never asks for a negative size; a zero-size request still gets a block.
fn request(n: c_int) -> usize {
    usize::try_from(n).unwrap_or(0)
}

unsafe extern "C" fn sqlite_malloc(n: c_int) -> *mut c_void {
    unsafe { mi_malloc(request(n)) }
}

unsafe extern "C" fn sqlite_free(p: *mut c_void) {
    unsafe { mi_free(p) }
}

unsafe extern "C" fn sqlite_realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    unsafe { mi_realloc(p, request(n)) }
}

unsafe extern "C" fn sqlite_size(p: *mut c_void) -> c_int {
    let size = unsafe { mi_usable_size(p) };
    c_int::try_from(size).unwrap_or(c_int::MAX)
}

/// SQLite's default allocator rounds to 8 bytes; mimalloc's blocks are at least that large.
unsafe extern "C" fn sqlite_roundup(n: c_int) -> c_int {
    n.saturating_add(7) & !7
}

unsafe extern "C" fn sqlite_init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn sqlite_shutdown(_: *mut c_void) {}

#[cfg(test)]
mod tests {
    use crate::db::Database;

    #[test]
    fn sqlite_allocates_through_mimalloc() {
        let db = Database::open_sample().unwrap();
        assert!(super::route_sqlite_allocations());
        // A query that allocates (a sorter and rows) runs on the routed allocator.
        let rows = db
            .query("SELECT title FROM bookstore_book ORDER BY title DESC", &[])
            .unwrap();
        assert!(rows.len() > 10);
    }
}
