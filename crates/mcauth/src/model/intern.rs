//! One shared copy of each repeated value (object names, grantees, principals, file names)
//! while a configuration loads.
//!
//! A million grants name a few hundred thousand objects and grantees: a copy of those strings
//! in every grant would cost more than the rest of the grant. Inside [`scope`] (a script or a
//! snapshot being loaded), [`share`] returns the same `Arc` for equal values. Snapshots reach
//! it from `Deserialize` ([`deserialize`], [`deserialize_str`]) through a thread-local,
//! because serde's derived `Deserialize` cannot hand state down to nested values. Outside a
//! scope, `share` makes a fresh `Arc`: sharing saves memory and never changes a result, since
//! shared values compare by content, not by address.

use super::acl::Grantee;
use crate::principal::Principal;
use indexmap::IndexMap;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;
use std::marker::PhantomData;
use std::sync::Arc;

/// The values shared so far in the current scope, one set per type.
#[derive(Default)]
pub(crate) struct Pools {
    strs: HashSet<Arc<str>>,
    grantees: HashSet<Arc<Grantee>>,
    principals: HashSet<Arc<Principal>>,
}

thread_local! {
    /// `Some` inside a [`scope`].
    static POOLS: RefCell<Option<Pools>> = const { RefCell::new(None) };
}

/// A type whose values [`share`] can share.
pub(crate) trait Shared: Hash + Eq {
    /// This type's set of shared values.
    fn pool(pools: &mut Pools) -> &mut HashSet<Arc<Self>>;
    /// A new `Arc` holding a copy of `self`.
    fn to_arc(&self) -> Arc<Self>;
}

impl Shared for str {
    fn pool(pools: &mut Pools) -> &mut HashSet<Arc<Self>> {
        &mut pools.strs
    }
    fn to_arc(&self) -> Arc<Self> {
        Arc::from(self)
    }
}

impl Shared for Grantee {
    fn pool(pools: &mut Pools) -> &mut HashSet<Arc<Self>> {
        &mut pools.grantees
    }
    fn to_arc(&self) -> Arc<Self> {
        Arc::new(self.clone())
    }
}

impl Shared for Principal {
    fn pool(pools: &mut Pools) -> &mut HashSet<Arc<Self>> {
        &mut pools.principals
    }
    fn to_arc(&self) -> Arc<Self> {
        Arc::new(self.clone())
    }
}

/// Run `load` with sharing on; a scope inside a scope continues the outer one.
pub(crate) fn scope<R>(load: impl FnOnce() -> R) -> R {
    /// Ends the scope even if `load` unwinds.
    struct End;
    impl Drop for End {
        fn drop(&mut self) {
            POOLS.with(|p| p.replace(None));
        }
    }
    let outer = POOLS.with(|p| p.borrow().is_some());
    if outer {
        return load();
    }
    POOLS.with(|p| p.replace(Some(Pools::default())));
    let _end = End;
    load()
}

/// The shared `Arc` equal to `value`, inside a [`scope`]; a fresh one outside.
pub(crate) fn share<T: Shared + ?Sized>(value: &T) -> Arc<T> {
    POOLS.with(|p| match p.borrow_mut().as_mut() {
        Some(pools) => {
            let pool = T::pool(pools);
            if let Some(shared) = pool.get(value) {
                return shared.clone();
            }
            let arc = value.to_arc();
            pool.insert(arc.clone());
            arc
        }
        None => value.to_arc(),
    })
}

/// `deserialize_with` for an `Arc<T>` field: the value, shared.
pub(crate) fn deserialize<'de, D, T>(d: D) -> Result<Arc<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Shared + Deserialize<'de>,
{
    Ok(share(&T::deserialize(d)?))
}

/// `deserialize_with` for an `Arc<str>` field: the string, shared (read from the input in
/// place, so a name seen before costs no allocation).
pub(crate) fn deserialize_str<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    /// Visits a string without copying it first.
    struct SharedStr;
    impl Visitor<'_> for SharedStr {
        type Value = Arc<str>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Arc<str>, E> {
            Ok(share(text))
        }
    }
    d.deserialize_str(SharedStr)
}

/// `deserialize_with` for a map keyed by names (`Arc<str>`): each key shared, so the grants
/// on a table share the name the table is keyed by. Otherwise as `IndexMap`'s own
/// `Deserialize` (a later duplicate key replaces the value).
pub(crate) fn deserialize_keys<'de, D, V>(d: D) -> Result<IndexMap<Arc<str>, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    /// A key read through [`deserialize_str`].
    struct Key(Arc<str>);
    impl<'de> Deserialize<'de> for Key {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize_str(d).map(Key)
        }
    }
    /// Visits the map, as `IndexMap`'s visitor does.
    struct Entries<V>(PhantomData<V>);
    impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
        type Value = IndexMap<Arc<str>, V>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
            let mut map = IndexMap::new();
            while let Some((Key(key), value)) = access.next_entry::<Key, V>()? {
                map.insert(key, value);
            }
            Ok(map)
        }
    }
    d.deserialize_map(Entries(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_one_arc_inside_a_scope_only() {
        let (a, b) = scope(|| (share("orders"), share("orders")));
        assert!(Arc::ptr_eq(&a, &b));
        let (c, d) = (share("orders"), share("orders"));
        assert!(!Arc::ptr_eq(&c, &d));
        assert_eq!(c, a);
        let nested = scope(|| {
            let outer = share("t");
            let inner = scope(|| share("t"));
            Arc::ptr_eq(&outer, &inner)
        });
        assert!(nested);
    }
}
