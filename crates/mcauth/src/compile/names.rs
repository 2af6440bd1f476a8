//! [`Names`]: the fast path's string-keyed tables (a project's members, AccessKeys and
//! tables), laid out so that a lookup touches as few cache lines as it can: one slot array,
//! each slot holding the key's hash, where the key's text lies and the value itself, and the
//! keys' texts end to end in one block. A hit costs a slot (and maybe its neighbour) and the
//! key's text; a general hash map with boxed keys and values kept apart costs about twice as
//! many lines, and at a million grants, where the index no longer fits in the caches, each
//! line is a trip to memory.
//!
//! Open addressing with linear probing; the table is built once and never changes, at most
//! three quarters full.

use crate::hash::FastHash;
use std::hash::BuildHasher;

/// A slot's `at` when no key is in it.
const EMPTY: u32 = u32::MAX;

/// One slot: a key (by its hash's high half and its place in the text block) and its value.
#[derive(Debug, Clone, Copy)]
struct Slot<V> {
    /// The high 32 bits of the key's hash (the low bits picked the slot).
    tag: u32,
    /// Where the key starts in [`Names::text`]; [`EMPTY`] for an empty slot.
    at: u32,
    /// The key's length in bytes.
    len: u32,
    /// The value.
    value: V,
}

/// An immutable map from names to small `Copy` values.
#[derive(Debug, Clone)]
pub(super) struct Names<V> {
    /// A power of two of slots.
    slots: Box<[Slot<V>]>,
    /// The keys, end to end.
    text: Box<str>,
}

impl<V: Copy + Default> Default for Names<V> {
    fn default() -> Self {
        Names {
            slots: Box::new([]),
            text: "".into(),
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
    /// The table of `entries`; a later entry with an earlier one's key replaces its value.
    /// `None` if the keys' text passes 4 GiB (the index then leaves the project to the
    /// pipeline).
    pub(super) fn build<'a>(entries: impl IntoIterator<Item = (&'a str, V)>) -> Option<Names<V>> {
        let entries: Vec<(&str, V)> = entries.into_iter().collect();
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
            value: V::default(),
        };
        let mut slots = vec![empty; size];
        let mut text = String::with_capacity(entries.iter().map(|(k, _)| k.len()).sum());
        for (key, value) in entries {
            let (mut i, tag) = place(key, mask);
            loop {
                let slot = slots.get_mut(i)?;
                if slot.at == EMPTY {
                    let at = u32::try_from(text.len()).ok()?;
                    let len = u32::try_from(key.len()).ok()?;
                    // The text's end fits in 32 bits, and `at` cannot be mistaken for EMPTY.
                    if at.checked_add(len).is_none() || at == EMPTY {
                        return None;
                    }
                    text.push_str(key);
                    *slot = Slot {
                        tag,
                        at,
                        len,
                        value,
                    };
                    break;
                }
                if slot.tag == tag && key_of(&text, slot) == Some(key) {
                    slot.value = value;
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        Some(Names {
            slots: slots.into_boxed_slice(),
            text: text.into_boxed_str(),
        })
    }

    /// The value of `key`, if it has one.
    pub(super) fn get(&self, key: &str) -> Option<&V> {
        let mask = self.slots.len().checked_sub(1)?;
        let (mut i, tag) = place(key, mask);
        // At most three quarters of the slots are full, so the probe meets an empty one.
        loop {
            let slot = self.slots.get(i)?;
            if slot.at == EMPTY {
                return None;
            }
            if slot.tag == tag && key_of(&self.text, slot) == Some(key) {
                return Some(&slot.value);
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

/// The key of a full `slot` in `text`.
fn key_of<'t, V>(text: &'t str, slot: &Slot<V>) -> Option<&'t str> {
    let from = usize::try_from(slot.at).ok()?;
    let to = from.checked_add(usize::try_from(slot.len).ok()?)?;
    text.get(from..to)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    #[test]
    fn finds_what_it_holds_and_nothing_else() {
        let names = Names::build([("t1", 1u32), ("t2", 2), ("", 3), ("t1", 4)]).unwrap();
        assert_eq!(names.len(), 3);
        assert_eq!(names.get("t1"), Some(&4), "the later entry replaces");
        assert_eq!(names.get("t2"), Some(&2));
        assert_eq!(names.get(""), Some(&3));
        assert_eq!(names.get("t"), None);
        assert_eq!(names.get("t12"), None);
        let none: Names<u32> = Names::build([]).unwrap();
        assert_eq!(none.get(""), None);
    }

    #[test]
    fn similar_names_at_scale() {
        let keys: Vec<String> = (0..50_000).map(|i| format!("t{i}")).collect();
        let names = Names::build(keys.iter().map(|k| (k.as_str(), k.len()))).unwrap();
        assert!(keys.iter().all(|k| names.get(k) == Some(&k.len())));
        assert_eq!(names.get("t50000"), None);
        assert_eq!(names.get("T1"), None, "keys are exact, case included");
    }

    proptest! {
        /// The table answers as a hash map built from the same entries does.
        #[test]
        fn agrees_with_a_hash_map(
            entries in prop::collection::vec(("[a-c]{0,4}", any::<u16>()), 0..60),
            probes in prop::collection::vec("[a-d]{0,5}", 0..30),
        ) {
            let map: HashMap<&str, u16> = entries.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            let names = Names::build(entries.iter().map(|(k, v)| (k.as_str(), *v))).unwrap();
            prop_assert_eq!(names.len(), map.len());
            for key in entries.iter().map(|(k, _)| k).chain(&probes) {
                prop_assert_eq!(names.get(key), map.get(key.as_str()));
            }
        }
    }
}
