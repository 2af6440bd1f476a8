//! One shared copy of each repeated value (object names, grantees, principals, file names)
//! while a configuration loads.
//!
//! A million grants name a few hundred thousand objects and grantees: a copy of those strings
//! in every grant would cost more than the rest of the grant. Inside [`scope`] (a script or a
//! snapshot being loaded), [`share`] and [`share_grantee`] return the same `Arc` for equal
//! values. Snapshots reach them from `Deserialize` (the `deserialize_*` functions, named in
//! `#[serde(deserialize_with)]`) through a thread-local, because serde's derived
//! `Deserialize` cannot hand state down to nested values. Outside a scope, a fresh `Arc` is
//! made: sharing saves memory and never changes a result, since shared values compare by
//! content, not by address. (One reader here shares nothing: [`deserialize_exact`] keeps a
//! list read from JSON from holding spare room.)
//!
//! Why a thread-local: `DeserializeSeed` could hand the pools down, but only through
//! hand-written `Deserialize` impls for every type between `Model` and the values shared, and
//! sharing after the load would hold every copy at once first, while the peak memory of a
//! load is what sharing is for. Scripts use the same scope, so there is one mechanism. It is
//! sound however loads run: each thread has its own pools (loads on several threads neither
//! share nor wait), a scope inside a scope continues the outer one, and the outermost scope
//! drops its pools when its closure returns or unwinds.

use super::acl::{Grantee, GranteeKind};
use crate::hash::FastHash;
use crate::principal::Principal;
use indexmap::{Equivalent, IndexSet};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;
use std::sync::Arc;

/// The values shared so far in the current scope, one set per type.
#[derive(Default)]
pub(crate) struct Pools {
    strs: HashSet<Arc<str>, FastHash>,
    /// The file name of the last source read: the next source nearly always names it too.
    file: Option<Arc<str>>,
    /// Looked up by borrowed parts ([`GranteeParts`]), hence an `IndexSet`.
    grantees: IndexSet<Arc<Grantee>, FastHash>,
    principals: HashSet<Arc<Principal>, FastHash>,
}

thread_local! {
    /// `Some` inside a [`scope`].
    static POOLS: RefCell<Option<Pools>> = const { RefCell::new(None) };
}

/// A type whose values [`share`] can share.
pub(crate) trait Shared: Hash + Eq {
    /// This type's set of shared values.
    fn pool(pools: &mut Pools) -> &mut HashSet<Arc<Self>, FastHash>;
    /// A new `Arc` holding a copy of `self`.
    fn to_arc(&self) -> Arc<Self>;
}

impl Shared for str {
    fn pool(pools: &mut Pools) -> &mut HashSet<Arc<Self>, FastHash> {
        &mut pools.strs
    }
    fn to_arc(&self) -> Arc<Self> {
        Arc::from(self)
    }
}

impl Shared for Principal {
    fn pool(pools: &mut Pools) -> &mut HashSet<Arc<Self>, FastHash> {
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

/// A grantee's parts, borrowed: finds a shared grantee without building a [`Grantee`]. Its
/// derived `Hash` hashes what `Grantee`'s does (the same fields in the same order, `&str` for
/// `String`), as `Equivalent` requires.
#[derive(Hash)]
struct GranteeParts<'a> {
    kind: GranteeKind,
    key: &'a str,
    name: &'a str,
}

impl Equivalent<Arc<Grantee>> for GranteeParts<'_> {
    fn equivalent(&self, g: &Arc<Grantee>) -> bool {
        self.kind == g.kind && self.key == g.key && self.name == g.name
    }
}

/// The shared grantee of `kind`, `key` and `name`, as [`share`] would share it.
pub(crate) fn share_grantee(kind: GranteeKind, key: &str, name: &str) -> Arc<Grantee> {
    let parts = GranteeParts { kind, key, name };
    let new = || {
        Arc::new(Grantee {
            kind,
            key: key.to_string(),
            name: name.to_string(),
        })
    };
    POOLS.with(|p| match p.borrow_mut().as_mut() {
        Some(pools) => {
            if let Some(shared) = pools.grantees.get(&parts) {
                return shared.clone();
            }
            let arc = new();
            pools.grantees.insert(arc.clone());
            arc
        }
        None => new(),
    })
}

/// `deserialize_with` for a grant's grantee: shared, read from the input in place.
pub(crate) fn deserialize_grantee<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Arc<Grantee>, D::Error> {
    /// A grantee as written: what `Grantee`'s derived `Deserialize` reads, the same name in
    /// messages, but borrowing its strings where the input has no escapes.
    #[derive(Deserialize)]
    #[serde(expecting = "struct Grantee")]
    struct Written<'a> {
        kind: GranteeKind,
        #[serde(borrow)]
        key: Cow<'a, str>,
        #[serde(borrow)]
        name: Cow<'a, str>,
    }
    let g = Written::deserialize(d)?;
    Ok(share_grantee(g.kind, &g.key, &g.name))
}

/// `deserialize_with` for an `Arc<T>` field: the value, shared.
pub(crate) fn deserialize<'de, D, T>(d: D) -> Result<Arc<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Shared + Deserialize<'de>,
{
    Ok(share(&T::deserialize(d)?))
}

/// A source's file name, shared: as [`share`], checking first the file name shared last.
fn share_file(name: &str) -> Arc<str> {
    let last = POOLS.with(|p| {
        let pools = p.borrow();
        let file = pools.as_ref()?.file.as_ref()?;
        (**file == *name).then(|| file.clone())
    });
    last.unwrap_or_else(|| {
        let file = share(name);
        POOLS.with(|p| {
            if let Some(pools) = p.borrow_mut().as_mut() {
                pools.file = Some(file.clone());
            }
        });
        file
    })
}

/// Visits a string without copying it first, and shares it with `share`.
struct SharedStr(fn(&str) -> Arc<str>);

impl Visitor<'_> for SharedStr {
    type Value = Arc<str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Arc<str>, E> {
        Ok(self.0(text))
    }
}

/// `deserialize_with` for an `Arc<str>` field: the string, shared (read from the input in
/// place, so a name seen before costs no allocation).
pub(crate) fn deserialize_str<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    d.deserialize_str(SharedStr(share))
}

/// `deserialize_with` for a source's file name: as [`deserialize_str`], faster for the name
/// that every source of a file repeats.
pub(crate) fn deserialize_file<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    d.deserialize_str(SharedStr(share_file))
}

/// `deserialize_with` for a list kept by each of many values (a table's columns): the list
/// with no spare capacity, which a list read from JSON grows (two columns take the room of
/// four).
pub(crate) fn deserialize_exact<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut list = Vec::deserialize(d)?;
    list.shrink_to_fit();
    Ok(list)
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

    #[test]
    fn grantees_are_found_by_their_parts() {
        let (a, b, c) = scope(|| {
            (
                share_grantee(GranteeKind::User, "ram$a:b", "RAM$a:b"),
                share_grantee(GranteeKind::User, "ram$a:b", "RAM$a:b"),
                share_grantee(GranteeKind::Role, "ram$a:b", "RAM$a:b"),
            )
        });
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(
            (a.kind, a.key.as_str(), a.name.as_str()),
            (GranteeKind::User, "ram$a:b", "RAM$a:b")
        );
    }

    /// A grantee read in place says what `Grantee`'s own `Deserialize` says about bad input.
    #[test]
    fn grantees_read_in_place_fail_as_grantee_does() {
        let inputs = [
            r#"{"kind":"user","key":"k","name":"n"}"#,
            r#"{"kind":"user","key":"k\u0041","name":"n","extra":1}"#,
            r#"{"kind":"user","key":"k"}"#,
            r#"{"kind":"group","key":"k","name":"n"}"#,
            r#"{"kind":"user","key":"k","key":"k","name":"n"}"#,
            r#"{"kind":"user","key":5,"name":"n"}"#,
            r#"["user","k","n"]"#,
            r#""user""#,
        ];
        for input in inputs {
            let own = serde_json::from_str::<Grantee>(input).map_err(|e| e.to_string());
            let mut de = serde_json::Deserializer::from_str(input);
            let shared = deserialize_grantee(&mut de)
                .map(|g| Grantee::clone(&g))
                .map_err(|e| e.to_string());
            assert_eq!(shared, own, "{input}");
        }
    }

    /// Names read in place say what `String` says.
    #[test]
    fn names_read_in_place_fail_as_strings_do() {
        for input in [
            r#""t1""#,
            r#""t\n1""#,
            "5",
            "null",
            r#"{"a":1}"#,
            r#"["a"]"#,
        ] {
            let own = serde_json::from_str::<String>(input).map_err(|e| e.to_string());
            let mut de = serde_json::Deserializer::from_str(input);
            let shared = deserialize_str(&mut de)
                .map(|s| s.to_string())
                .map_err(|e| e.to_string());
            assert_eq!(shared, own, "{input}");
        }
    }
}
