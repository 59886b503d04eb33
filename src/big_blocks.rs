//! The program's allocator: large blocks on huge pages where the system allows (Linux).
//!
//! Loading a 100 MB hearing touches about 150 MB of blocks — the text, the paragraphs, the
//! quotes, the export — each filled once and then read again and again. In 4 KiB pages
//! that is some 47,000 page faults and a TLB that misses on every page the scans cross.
//! Blocks of [`FROM`] bytes or more are therefore mapped by this allocator itself and
//! marked `MADV_HUGEPAGE`, so the kernel may back them with 2 MiB pages (measured on the
//! 100 MB hearing: half the page faults and ~5% less time). Everything smaller, and every
//! block on other systems, is the system allocator's.
//!
//! The block is one mapping of its own, so growing or shrinking it is one `mremap` that
//! keeps the pages and their advice: through `malloc` the advice would split the mapping
//! into parts and make `realloc` copy the whole block (seen: the 100 MB text copied).

use std::alloc::{GlobalAlloc, Layout, System};

/// The allocator: set as `#[global_allocator]` by the program.
pub struct BigBlocks;

/// Blocks from this size on get mappings of their own (a few huge pages' worth: below
/// that the TLB gains little and a partly used huge page costs memory).
pub const FROM: usize = 4 << 20;

// SAFETY: every block is either the system allocator's (and given back to it) or one
// anonymous mapping of exactly `mapping_len(layout.size())` bytes made here, told apart
// by the layout alone, which the caller passes unchanged to `dealloc` and `realloc`.
unsafe impl GlobalAlloc for BigBlocks {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_big(layout) {
            return map::new(layout.size());
        }
        // SAFETY: forwarded unchanged under the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_big(layout) {
            // A fresh anonymous mapping reads as zeros.
            return map::new(layout.size());
        }
        // SAFETY: forwarded unchanged under the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if is_big(layout) {
            // SAFETY: a big layout's block is a mapping made by `map::new` or `map::resize`
            // for this size (the caller passes the layout it was allocated with).
            unsafe { map::free(ptr, layout.size()) };
            return;
        }
        // SAFETY: a small layout's block came from the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size` with `layout.align()` is a valid layout.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (is_big(layout), is_big(new)) {
            // SAFETY: a big block is this allocator's mapping of `layout.size()` bytes.
            (true, true) => unsafe { map::resize(ptr, layout.size(), new_size) },
            // SAFETY: a small block is the system allocator's, under the caller's guarantees.
            (false, false) => unsafe { System.realloc(ptr, layout, new_size) },
            _ => {
                // Crossing the threshold: a new block, the contents moved, the old freed.
                // SAFETY: `new` is a valid layout (above); the copy stays within both blocks.
                unsafe {
                    let moved = self.alloc(new);
                    if !moved.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    moved
                }
            }
        }
    }
}

/// Whether a block is mapped here: large, and aligned no finer than a page.
fn is_big(layout: Layout) -> bool {
    cfg!(target_os = "linux") && layout.size() >= FROM && layout.align() <= PAGE
}

/// The smallest page: every mapping's start is aligned to it.
const PAGE: usize = 4096;

/// The length of the mapping that holds `size` bytes.
fn mapping_len(size: usize) -> usize {
    size.next_multiple_of(PAGE)
}

#[cfg(target_os = "linux")]
mod map {
    use super::mapping_len;

    /// A new anonymous mapping of `size` bytes advised for huge pages, or null.
    pub(super) fn new(size: usize) -> *mut u8 {
        let len = mapping_len(size);
        // SAFETY: an anonymous private mapping at an address the kernel picks touches no
        // existing memory; failure is MAP_FAILED, turned into null (out of memory).
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        advise_huge_pages(p, len);
        p.cast()
    }

    /// Grow or shrink a mapping made by [`new`], moving it if it must; null on failure
    /// (the old mapping then stays as it was, as `realloc` requires).
    ///
    /// # Safety
    /// `ptr` is a live mapping made here for `size` bytes.
    pub(super) unsafe fn resize(ptr: *mut u8, size: usize, new_size: usize) -> *mut u8 {
        let (old_len, new_len) = (mapping_len(size), mapping_len(new_size));
        if old_len == new_len {
            return ptr;
        }
        // SAFETY: `ptr..ptr + old_len` is one whole mapping of ours (the caller's promise).
        let p = unsafe { libc::mremap(ptr.cast(), old_len, new_len, libc::MREMAP_MAYMOVE) };
        if p == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        p.cast()
    }

    /// Give a mapping made here back.
    ///
    /// # Safety
    /// `ptr` is a live mapping made here for `size` bytes, not used after this.
    pub(super) unsafe fn free(ptr: *mut u8, size: usize) {
        // SAFETY: the caller's promise; nothing refers to the block any more.
        unsafe {
            libc::munmap(ptr.cast(), mapping_len(size));
        }
    }

    /// Ask for 2 MiB pages: a hint the kernel may ignore (huge pages off, none free).
    fn advise_huge_pages(p: *mut libc::c_void, len: usize) {
        // SAFETY: advice on a whole mapping just made here changes no contents.
        unsafe {
            libc::madvise(p, len, libc::MADV_HUGEPAGE);
        }
    }
}

/// Elsewhere no block is big ([`is_big`]): these are never called.
#[cfg(not(target_os = "linux"))]
mod map {
    pub(super) fn new(_: usize) -> *mut u8 {
        std::ptr::null_mut()
    }
    pub(super) unsafe fn resize(_: *mut u8, _: usize, _: usize) -> *mut u8 {
        std::ptr::null_mut()
    }
    pub(super) unsafe fn free(_: *mut u8, _: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block of `len` bytes from [`BigBlocks`], written with a pattern.
    fn filled(len: usize) -> (*mut u8, Layout) {
        let layout = Layout::from_size_align(len, 8).expect("layout");
        // SAFETY: a non-zero layout; the block is checked for null before it is written.
        let p = unsafe { BigBlocks.alloc(layout) };
        assert!(!p.is_null());
        for i in (0..len).step_by(4093) {
            // SAFETY: `i < len`, inside the block.
            unsafe { p.add(i).write(i as u8) };
        }
        (p, layout)
    }

    fn holds_pattern(p: *const u8, len: usize) -> bool {
        // SAFETY: every index read is below `len`, inside the block.
        (0..len)
            .step_by(4093)
            .all(|i| unsafe { p.add(i).read() } == i as u8)
    }

    #[test]
    fn a_big_block_keeps_its_contents_as_it_grows_and_shrinks() {
        let (p, layout) = filled(FROM + 123);
        // SAFETY: `p` came from `BigBlocks` with `layout`; each result replaces it.
        unsafe {
            let grown = BigBlocks.realloc(p, layout, 3 * FROM);
            assert!(!grown.is_null());
            assert!(holds_pattern(grown, layout.size()));
            grown.add(3 * FROM - 1).write(7);
            let big = Layout::from_size_align(3 * FROM, 8).expect("layout");
            let shrunk = BigBlocks.realloc(grown, big, FROM + 5);
            assert!(!shrunk.is_null());
            assert!(holds_pattern(shrunk, FROM + 5));
            BigBlocks.dealloc(shrunk, Layout::from_size_align(FROM + 5, 8).expect("layout"));
        }
    }

    #[test]
    fn contents_survive_crossing_the_threshold_both_ways() {
        let (p, layout) = filled(FROM - 1);
        // SAFETY: each block is used with the layout it was last given.
        unsafe {
            let big = BigBlocks.realloc(p, layout, 2 * FROM);
            assert!(!big.is_null());
            assert!(holds_pattern(big, FROM - 1));
            let big_layout = Layout::from_size_align(2 * FROM, 8).expect("layout");
            let small = BigBlocks.realloc(big, big_layout, 4096);
            assert!(!small.is_null());
            assert!(holds_pattern(small, 4096));
            BigBlocks.dealloc(small, Layout::from_size_align(4096, 8).expect("layout"));
        }
    }

    /// The `VmFlags` line of the mapping holding `p`, from `/proc/self/smaps`.
    #[cfg(target_os = "linux")]
    fn flags_of_mapping_at(p: *const u8) -> Option<String> {
        let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
        let at = p as usize;
        let mut inside = false;
        for line in smaps.lines() {
            let range = line.split_whitespace().next().and_then(|r| r.split_once('-'));
            if let Some((a, b)) = range
                && let (Ok(a), Ok(b)) = (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16))
            {
                inside = (a..b).contains(&at);
            } else if inside && let Some(flags) = line.strip_prefix("VmFlags:") {
                return Some(flags.to_string());
            }
        }
        None
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_big_block_asks_for_huge_pages_and_a_small_one_does_not() {
        let (p, layout) = filled(FROM);
        let flags = flags_of_mapping_at(p).expect("the block's mapping");
        assert!(flags.split_whitespace().any(|f| f == "hg"), "{flags}");
        // SAFETY: `p` came from `BigBlocks` with `layout`.
        unsafe { BigBlocks.dealloc(p, layout) };
        let (small, layout) = filled(64 << 10);
        let flags = flags_of_mapping_at(small).expect("the block's mapping");
        assert!(!flags.split_whitespace().any(|f| f == "hg"), "{flags}");
        // SAFETY: `small` came from `BigBlocks` with `layout`.
        unsafe { BigBlocks.dealloc(small, layout) };
    }

    #[test]
    fn a_zeroed_big_block_reads_as_zeros() {
        let layout = Layout::from_size_align(FROM, 8).expect("layout");
        // SAFETY: a non-zero layout; the block is read within its size, then freed with it.
        unsafe {
            let p = BigBlocks.alloc_zeroed(layout);
            assert!(!p.is_null());
            assert!((0..FROM).step_by(4096).all(|i| p.add(i).read() == 0));
            BigBlocks.dealloc(p, layout);
        }
    }
}
