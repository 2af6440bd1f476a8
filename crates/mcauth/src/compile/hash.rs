//! The hasher of the compiled indices: the multiply-rotate hash of Firefox and rustc ("Fx"),
//! a few instructions per eight bytes where the standard SipHash takes a few dozen.
//!
//! The indices are built once from the configuration and only looked up afterwards, so the
//! flooding attack SipHash defends against (an attacker choosing many colliding keys to insert)
//! does not apply: a request can only miss.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map of the compiled indices.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The Fx hash state.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            for (to, from) in word.iter_mut().zip(rest) {
                *to = *from;
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    fn hash(s: &str) -> u64 {
        BuildHasherDefault::<FxHasher>::default().hash_one(s)
    }

    #[test]
    fn equal_strings_hash_equal_and_neighbours_differ() {
        assert_eq!(
            hash("ram$owner@example.com:u17"),
            hash("ram$owner@example.com:u17")
        );
        let names: Vec<u64> = (0..1000).map(|i| hash(&format!("t{i}"))).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        // The tail of a name longer than eight bytes counts too.
        assert_ne!(hash("abcdefgh1"), hash("abcdefgh2"));
    }
}
