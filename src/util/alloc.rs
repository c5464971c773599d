//! The global allocator: mimalloc, entered through its plain `mi_malloc` for ordinary layouts.
//!
//! Evaluating an input allocates many small, short-lived values (AST nodes, IR, SQL text, rows),
//! so the allocator's fast path is a large share of the pipeline's time. The `mimalloc` crate's
//! allocator sends every request through `mi_malloc_aligned`, which in mimalloc 3 often falls
//! back to its generic path; like Rust's own `System` allocator, this one asks for alignment only
//! when the layout needs more than the allocator guarantees anyway.
//!
//! The crate's only `unsafe` code: implementing `GlobalAlloc` is unsafe by definition.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

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
