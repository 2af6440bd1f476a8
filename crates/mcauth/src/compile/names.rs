//! [`Names`]: the fast path's string-keyed tables (a project's members, AccessKeys and
//! tables), laid out so that a lookup touches as few cache lines as it can: one slot array,
//! each slot holding the key's hash, where the key's record lies and the value itself, and the
//! records end to end in one block, each the key's text followed by the key's words (a
//! member's roles, a table's grants). A hit costs a slot (and maybe its neighbour) and the
//! record, whose words mostly share the line the key was compared on; a general hash map with
//! boxed keys, values and lists each apart costs about three times as many lines, and at a
//! million grants, where the index no longer fits in the caches, each line is a trip to
//! memory.
//!
//! Open addressing with linear probing; the table is built once and never changes, at most
//! three quarters full.

use crate::hash::FastHash;
use std::hash::BuildHasher;

/// A slot's `at` when no key is in it.
const EMPTY: u32 = u32::MAX;

/// One slot: a key (by its hash's high half and its record) and its value.
#[derive(Debug, Clone, Copy)]
struct Slot<V> {
    /// The high 32 bits of the key's hash (the low bits picked the slot).
    tag: u32,
    /// Where the key's record starts in [`Names::records`]; [`EMPTY`] for an empty slot.
    at: u32,
    /// The key's length in bytes.
    len: u32,
    /// How many words follow the key (from the next multiple of 4).
    words: u32,
    /// The value.
    value: V,
}

/// An immutable map from names to small `Copy` values, each with a list of words.
#[derive(Debug, Clone)]
pub(super) struct Names<V> {
    /// A power of two of slots.
    slots: Box<[Slot<V>]>,
    /// The records, end to end: a key's bytes, padding to a multiple of 4, its words
    /// (little-endian).
    records: Box<[u8]>,
}

/// A key's words, as [`Names::get`] gives them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Words<'a>(&'a [u8]);

impl Words<'_> {
    /// No words.
    #[cfg(test)]
    pub(super) fn empty() -> Words<'static> {
        Words(&[])
    }

    /// How many words.
    pub(super) fn len(self) -> usize {
        self.0.len() / 4
    }

    /// Word `i`.
    pub(super) fn get(self, i: usize) -> Option<u32> {
        let from = i.checked_mul(4)?;
        let bytes = self.0.get(from..from.checked_add(4)?)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    }
}

impl<V: Copy + Default> Default for Names<V> {
    fn default() -> Self {
        Names {
            slots: Box::new([]),
            records: Box::new([]),
        }
    }
}

/// The slot index mask and the tag of `key` in a table of `mask + 1` slots.
fn place(key: &str, mask: usize) -> (usize, u32) {
    let h = FastHash.hash_one(key);
    // The low bits pick the slot, the high half is the tag: independent bits of the hash.
    ((h as usize) & mask, (h >> 32) as u32)
}

impl<V: Copy + Default> Names<V> {
    /// The table of `entries` (key, value, words); a later entry with an earlier one's key
    /// replaces it. `None` if the records pass 4 GiB (the index then leaves the project to
    /// the pipeline).
    pub(super) fn build<'a>(
        entries: impl IntoIterator<Item = (&'a str, V, Vec<u32>)>,
    ) -> Option<Names<V>> {
        let entries: Vec<(&str, V, Vec<u32>)> = entries.into_iter().collect();
        if entries.is_empty() {
            return Some(Names::default());
        }
        let wanted = entries.len().checked_mul(4)?.div_ceil(3);
        let size = wanted.checked_next_power_of_two()?;
        let mask = size - 1;
        let empty = Slot {
            tag: 0,
            at: EMPTY,
            len: 0,
            words: 0,
            value: V::default(),
        };
        let mut slots = vec![empty; size];
        let bytes = entries
            .iter()
            .map(|(k, _, w)| k.len() + 3 + 4 * w.len())
            .sum();
        let mut records: Vec<u8> = Vec::with_capacity(bytes);
        for (key, value, words) in entries {
            let (mut i, tag) = place(key, mask);
            let slot = loop {
                let slot = slots.get_mut(i)?;
                if slot.at == EMPTY
                    || (slot.tag == tag && key_of(&records, slot) == Some(key.as_bytes()))
                {
                    break slot;
                }
                i = (i + 1) & mask;
            };
            let at = u32::try_from(records.len()).ok()?;
            records.extend_from_slice(key.as_bytes());
            records.resize(records.len().next_multiple_of(4), 0);
            for w in &words {
                records.extend_from_slice(&w.to_le_bytes());
            }
            // Every offset fits in 32 bits, and none can be mistaken for EMPTY.
            if u32::try_from(records.len()).ok()? == EMPTY {
                return None;
            }
            *slot = Slot {
                tag,
                at,
                len: u32::try_from(key.len()).ok()?,
                words: u32::try_from(words.len()).ok()?,
                value,
            };
        }
        Some(Names {
            slots: slots.into_boxed_slice(),
            records: records.into_boxed_slice(),
        })
    }

    /// The value and the words of `key`, if it has them.
    pub(super) fn get(&self, key: &str) -> Option<(&V, Words<'_>)> {
        let mask = self.slots.len().checked_sub(1)?;
        let (mut i, tag) = place(key, mask);
        // At most three quarters of the slots are full, so the probe meets an empty one.
        loop {
            let slot = self.slots.get(i)?;
            if slot.at == EMPTY {
                return None;
            }
            if slot.tag == tag && key_of(&self.records, slot) == Some(key.as_bytes()) {
                return Some((&slot.value, words_of(&self.records, slot)?));
            }
            i = (i + 1) & mask;
        }
    }

    /// How many keys it holds.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.at != EMPTY).count()
    }
}

/// The key of a full `slot` in `records`, as bytes.
fn key_of<'r, V>(records: &'r [u8], slot: &Slot<V>) -> Option<&'r [u8]> {
    let from = usize::try_from(slot.at).ok()?;
    let to = from.checked_add(usize::try_from(slot.len).ok()?)?;
    records.get(from..to)
}

/// The words of a full `slot` in `records`.
fn words_of<'r, V>(records: &'r [u8], slot: &Slot<V>) -> Option<Words<'r>> {
    let key_end = usize::try_from(slot.at)
        .ok()?
        .checked_add(usize::try_from(slot.len).ok()?)?;
    let from = key_end.next_multiple_of(4);
    let to = from.checked_add(usize::try_from(slot.words).ok()?.checked_mul(4)?)?;
    Some(Words(records.get(from..to)?))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// The value and words of `key`, as plain data.
    fn entry(names: &Names<u32>, key: &str) -> Option<(u32, Vec<u32>)> {
        let (v, w) = names.get(key)?;
        Some((*v, (0..w.len()).filter_map(|i| w.get(i)).collect()))
    }

    #[test]
    fn finds_what_it_holds_and_nothing_else() {
        let names = Names::build([
            ("t1", 1u32, vec![7, 8]),
            ("t2", 2, vec![]),
            ("", 3, vec![u32::MAX]),
            ("t1", 4, vec![9]),
        ])
        .unwrap();
        assert_eq!(names.len(), 3);
        assert_eq!(
            entry(&names, "t1"),
            Some((4, vec![9])),
            "the later entry replaces"
        );
        assert_eq!(entry(&names, "t2"), Some((2, vec![])));
        assert_eq!(entry(&names, ""), Some((3, vec![u32::MAX])));
        assert_eq!(entry(&names, "t"), None);
        assert_eq!(entry(&names, "t12"), None);
        let none: Names<u32> = Names::build([]).unwrap();
        assert!(none.get("").is_none());
    }

    #[test]
    fn similar_names_at_scale() {
        let keys: Vec<String> = (0..50_000).map(|i| format!("t{i}")).collect();
        let names = Names::build(keys.iter().enumerate().map(|(i, k)| {
            let i = u32::try_from(i).unwrap();
            (k.as_str(), i, vec![i; k.len() % 4])
        }))
        .unwrap();
        for (i, k) in keys.iter().enumerate() {
            let i = u32::try_from(i).unwrap();
            assert_eq!(entry(&names, k), Some((i, vec![i; k.len() % 4])));
        }
        assert_eq!(entry(&names, "t50000"), None);
        assert_eq!(entry(&names, "T1"), None, "keys are exact, case included");
    }

    proptest! {
        /// The table answers as a hash map built from the same entries does, words included.
        #[test]
        fn agrees_with_a_hash_map(
            entries in prop::collection::vec(
                ("[a-c]{0,5}", any::<u32>(), prop::collection::vec(any::<u32>(), 0..5)),
                0..60,
            ),
            probes in prop::collection::vec("[a-d]{0,6}", 0..30),
        ) {
            let map: HashMap<&str, (u32, Vec<u32>)> =
                entries.iter().map(|(k, v, w)| (k.as_str(), (*v, w.clone()))).collect();
            let names =
                Names::build(entries.iter().map(|(k, v, w)| (k.as_str(), *v, w.clone()))).unwrap();
            prop_assert_eq!(names.len(), map.len());
            for key in entries.iter().map(|(k, _, _)| k).chain(&probes) {
                prop_assert_eq!(entry(&names, key), map.get(key.as_str()).cloned());
            }
        }
    }
}
