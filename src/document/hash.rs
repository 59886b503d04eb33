//! A fast hash for word lookups in the parser's hot loops.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the parser asks word sets about every word of every paragraph; words are short,
/// and nothing here is exposed to collision attacks that matter (a slow lookup at worst),
/// so SipHash's cost buys nothing.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type WordSet<T> = HashSet<T, BuildHasherDefault<Fnv>>;
pub type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
