//! The one fast hash of the crate's tables: the model's keyed collections
//! ([`Map`](crate::model::Map)), its ACL table and intern pools, and the compiled indices of
//! the fast path.
//!
//! std's `RandomState` (SipHash-1-3) resists keys chosen to collide, at about three times the
//! cost of this hash for the short names that grants are made of. The keys of these tables
//! come from the configuration itself, whose authors are trusted, and a lookup with a
//! request's names cannot add keys, so the flooding attack SipHash defends against does not
//! apply: a request can only miss. It is the multiply-rotate of rustc's FxHash over 8-byte
//! words, with MurmurHash3's finalizer so that the low bits (which pick a bucket) depend on
//! every input bit: plain Fx leaves them to the first bytes of a word, so names that differ
//! only at their end (`t1` ... `t99999`) would crowd into a few buckets.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// A map of an internal table.
pub(crate) type FastMap<K, V> = HashMap<K, V, FastHash>;

/// Builds [`FastHasher`]s.
#[derive(Debug, Clone, Copy, Default)]
pub struct FastHash;

impl BuildHasher for FastHash {
    type Hasher = FastHasher;

    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// FxHash's state: one word.
#[derive(Debug, Clone, Copy)]
pub struct FastHasher(u64);

impl FastHasher {
    /// Mix one word into the state (FxHash's step).
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FastHasher {
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
            for (w, b) in word.iter_mut().zip(rest) {
                *w = *b;
            }
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // MurmurHash3's fmix64.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Names as a large configuration has them (`t0` ... `t99999`) spread over the low bits
    /// that pick a bucket: no bucket of 4096 gets more than a few times its share.
    #[test]
    fn similar_names_spread_over_buckets() {
        let mut counts = vec![0u32; 4096];
        for i in 0..100_000 {
            let h = FastHash.hash_one(format!("t{i}"));
            if let Some(c) = counts.get_mut((h & 4095) as usize) {
                *c += 1;
            }
        }
        let share = 100_000 / 4096;
        assert!(counts.iter().all(|&c| c < share * 3), "{counts:?}");
        let distinct: HashSet<u64> = (0..100_000).map(|i| FastHash.hash_one(i)).collect();
        assert_eq!(distinct.len(), 100_000);
        assert_ne!(FastHash.hash_one("a"), FastHash.hash_one("a\0"));
    }

    #[test]
    fn equal_strings_hash_equal_and_neighbours_differ() {
        assert_eq!(
            FastHash.hash_one("ram$owner@example.com:u17"),
            FastHash.hash_one("ram$owner@example.com:u17")
        );
        // The tail of a name longer than eight bytes counts too.
        assert_ne!(
            FastHash.hash_one("abcdefgh1"),
            FastHash.hash_one("abcdefgh2")
        );
    }
}
