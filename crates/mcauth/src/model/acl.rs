//! ACL grants and the table that holds them, keyed so that a check probes exact keys instead of
//! scanning (`spec/acl-policy.md` §2).

use super::intern;
use crate::action::{Action, ObjectType};
use crate::condition::Condition;
use crate::hash::FastHash;
use crate::location::Source;
use indexmap::{Equivalent, IndexSet};
use jiff::Timestamp;
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Who holds a grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GranteeKind {
    /// A user (principal) of the project.
    User,
    /// A project role.
    Role,
}

/// A grantee: kind, canonical key and display name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grantee {
    /// User or role.
    pub kind: GranteeKind,
    /// Canonical key: a principal key or a lower-case role name.
    pub key: String,
    /// The name as written.
    pub name: String,
}

impl fmt::Display for Grantee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            GranteeKind::User => write!(f, "user {}", self.name),
            GranteeKind::Role => write!(f, "role {}", self.name),
        }
    }
}

/// One ACL grant: one action on one object (or one column) to one grantee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AclGrant {
    /// Who holds it (one copy shared by the grants of a grantee).
    #[serde(deserialize_with = "intern::deserialize_grantee")]
    pub grantee: Arc<Grantee>,
    /// The object type.
    pub object_type: ObjectType,
    /// The object name, lower case; may contain `*` for role grants. Loaded from a script, the
    /// grants on a table share the table's key (a snapshot's import does not look the name
    /// up: that costs it more time than the copy costs memory).
    pub object: Arc<str>,
    /// The column, lower case, for a column-level grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The action (possibly `All`).
    pub action: Action,
    /// When the grant stops counting (`"expires"="<days>"` after the grant's clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Timestamp>,
    /// `"conditions"` (one copy shared by the grants of a statement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Arc<Condition>>,
    /// The `grant` statement.
    pub source: Source,
}

impl AclGrant {
    /// Whether the object name is a `*` pattern.
    pub fn is_pattern(&self) -> bool {
        self.object.contains('*')
    }

    /// The grant's identity in its table: grantee, object, column and action.
    fn probe(&self) -> AclProbe<'_> {
        AclProbe {
            kind: self.grantee.kind,
            grantee: &self.grantee.key,
            object_type: self.object_type,
            object: &self.object,
            column: self.column.as_deref(),
            action: self.action,
        }
    }
}

impl fmt::Display for AclGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "grant {} on {} {}",
            self.action, self.object_type, self.object
        )?;
        if let Some(c) = &self.column {
            write!(f, "({c})")?;
        }
        write!(f, " to {}", self.grantee)?;
        if let Some(e) = &self.expires {
            write!(f, " expiring {e}")?;
        }
        if let Some(c) = &self.conditions {
            write!(f, " when {}", c.text())?;
        }
        Ok(())
    }
}

/// The identity of a grant in its table, borrowed: a lookup allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AclProbe<'a> {
    /// User or role.
    pub kind: GranteeKind,
    /// The grantee key.
    pub grantee: &'a str,
    /// The object type.
    pub object_type: ObjectType,
    /// The object name (lower case).
    pub object: &'a str,
    /// The column (lower case), for a column grant.
    pub column: Option<&'a str>,
    /// The action.
    pub action: Action,
}

/// A grant as its table holds it: hashed and compared by its identity ([`AclGrant::probe`])
/// alone, so the grant is its own key and the table keeps no copy of its strings.
#[derive(Debug, Clone)]
struct Keyed(AclGrant);

impl Hash for Keyed {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // The same hash as the probe naming it: a lookup by probe finds the grant.
        self.0.probe().hash(state);
    }
}

impl PartialEq for Keyed {
    fn eq(&self, other: &Self) -> bool {
        self.0.probe() == other.0.probe()
    }
}

impl Eq for Keyed {}

impl Equivalent<Keyed> for AclProbe<'_> {
    fn equivalent(&self, key: &Keyed) -> bool {
        *self == key.0.probe()
    }
}

/// All ACL grants of a project. Exact grants are found by key; `*` patterns (role grants only)
/// by role and object type. Serialized as a list of grants, read back one grant at a time
/// (no list of them all in between).
#[derive(Debug, Clone, Default)]
pub struct AclTable {
    grants: IndexSet<Keyed, FastHash>,
    /// Role key -> its `*` pattern grants (all object types), as keys into `grants`.
    patterns: HashMap<String, Vec<Keyed>>,
}

impl AclTable {
    /// Add a grant, replacing (and returning) an earlier grant of the same key.
    pub fn insert(&mut self, grant: AclGrant) -> Option<AclGrant> {
        let grant = Keyed(grant);
        if grant.0.is_pattern() && !self.grants.contains(&grant) {
            self.patterns
                .entry(grant.0.grantee.key.clone())
                .or_default()
                .push(grant.clone());
        }
        // A replaced grant keeps its place, as `IndexMap::insert` would.
        self.grants.replace_full(grant).1.map(|old| old.0)
    }

    /// The grant a probe names.
    pub fn get(&self, probe: &AclProbe<'_>) -> Option<&AclGrant> {
        self.grants.get(probe).map(|k| &k.0)
    }

    /// Remove the grant a probe names.
    pub fn remove(&mut self, probe: &AclProbe<'_>) -> Option<AclGrant> {
        let grant = self.grants.swap_take(probe)?;
        if grant.0.is_pattern() {
            if let Some(list) = self.patterns.get_mut(&grant.0.grantee.key) {
                list.retain(|k| *k != grant);
            }
        }
        Some(grant.0)
    }

    /// The `*` pattern grants of a role on objects of one type.
    pub fn patterns<'a>(
        &'a self,
        role: &str,
        object_type: ObjectType,
    ) -> impl Iterator<Item = &'a AclGrant> + 'a {
        self.patterns
            .get(role)
            .into_iter()
            .flatten()
            .filter(move |k| k.0.object_type == object_type)
            .filter_map(|k| self.grants.get(k))
            .map(|k| &k.0)
    }

    /// Keep only the grants `keep` accepts; returns how many were removed.
    pub fn retain(&mut self, mut keep: impl FnMut(&AclGrant) -> bool) -> usize {
        let before = self.grants.len();
        self.grants.retain(|g| keep(&g.0));
        let grants = &self.grants;
        for list in self.patterns.values_mut() {
            list.retain(|k| grants.contains(k));
        }
        before - self.grants.len()
    }

    /// Every grant.
    pub fn iter(&self) -> impl Iterator<Item = &AclGrant> {
        self.grants.iter().map(|k| &k.0)
    }

    /// How many grants.
    pub fn len(&self) -> usize {
        self.grants.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.grants.is_empty()
    }
}

impl PartialEq for AclTable {
    fn eq(&self, other: &Self) -> bool {
        // The same grants, in any order (as `IndexMap` equality has it); grants compare whole.
        self.len() == other.len()
            && self
                .iter()
                .all(|g| other.get(&g.probe()).is_some_and(|o| o == g))
    }
}

impl Serialize for AclTable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for AclTable {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// Inserts each grant as it is read, as `From<Vec<AclGrant>>` would.
        struct Grants;
        impl<'de> Visitor<'de> for Grants {
            type Value = AclTable;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // What serde says for the `Vec<AclGrant>` the table is written as.
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AclTable, A::Error> {
                let mut table = AclTable::default();
                while let Some(grant) = seq.next_element::<AclGrant>()? {
                    table.insert(grant);
                }
                Ok(table)
            }
        }
        d.deserialize_seq(Grants)
    }
}

impl From<Vec<AclGrant>> for AclTable {
    fn from(list: Vec<AclGrant>) -> Self {
        let mut t = AclTable::default();
        for g in list {
            t.insert(g);
        }
        t
    }
}

impl From<AclTable> for Vec<AclGrant> {
    fn from(t: AclTable) -> Self {
        t.grants.into_iter().map(|k| k.0).collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn grant(kind: GranteeKind, who: &str, object: &str, action: Action) -> AclGrant {
        AclGrant {
            grantee: Arc::new(Grantee {
                kind,
                key: who.into(),
                name: who.into(),
            }),
            object_type: ObjectType::Table,
            object: object.into(),
            column: None,
            action,
            expires: None,
            conditions: None,
            source: Source::new("t", 1, 1),
        }
    }

    #[test]
    fn probes_find_exact_grants_and_patterns_by_role() {
        let mut t = AclTable::default();
        t.insert(grant(GranteeKind::Role, "worker", "tb_*", Action::Select));
        t.insert(grant(GranteeKind::User, "u", "orders", Action::Select));
        let probe = AclProbe {
            kind: GranteeKind::User,
            grantee: "u",
            object_type: ObjectType::Table,
            object: "orders",
            column: None,
            action: Action::Select,
        };
        assert!(t.get(&probe).is_some());
        assert_eq!(t.patterns("worker", ObjectType::Table).count(), 1);
        assert_eq!(t.patterns("worker", ObjectType::Function).count(), 0);
        assert!(t.remove(&probe).is_some());
        assert!(t.get(&probe).is_none());
        assert_eq!(t.retain(|g| !g.is_pattern()), 1);
        assert_eq!(t.patterns("worker", ObjectType::Table).count(), 0);
    }

    #[test]
    fn serializes_as_a_list_and_back() {
        let mut t = AclTable::default();
        t.insert(grant(GranteeKind::Role, "worker", "tb_*", Action::Select));
        let json = serde_json::to_string(&t).unwrap();
        let back: AclTable = serde_json::from_str(&json).unwrap();
        assert_eq!(back.patterns("worker", ObjectType::Table).count(), 1);
    }

    /// The table is read one grant at a time, and says what the list of grants it is
    /// written as would say about bad input.
    #[test]
    fn reads_back_as_its_list_would() {
        let mut t = AclTable::default();
        t.insert(grant(GranteeKind::Role, "worker", "tb_*", Action::Select));
        t.insert(grant(GranteeKind::User, "u", "orders", Action::Select));
        let json = serde_json::to_string(&t).unwrap();
        let list = serde_json::to_string(&Vec::from(t.clone())).unwrap();
        assert_eq!(json, list);
        // Each grant twice: the later one replaces the earlier, as in the list.
        let rest = json.strip_prefix('[').unwrap();
        let twice = json.replace("}]", &format!("}},{rest}"));
        for input in [json.as_str(), twice.as_str(), "[]", "{}", "[1]", "null"] {
            let table = serde_json::from_str::<AclTable>(input)
                .map(|t| t.iter().cloned().collect::<Vec<_>>())
                .map_err(|e| e.to_string());
            let list = serde_json::from_str::<Vec<AclGrant>>(input)
                .map(|l| Vec::from(AclTable::from(l)))
                .map_err(|e| e.to_string());
            assert_eq!(table, list, "{input}");
        }
    }

    /// A grant of a small space: two grantee keys each written two ways (`name` is not part
    /// of the identity), `*` patterns for roles only (as the loader has them), and a line that
    /// tells a replacing grant from the one it replaces.
    fn small_grant() -> impl proptest::strategy::Strategy<Value = AclGrant> {
        use proptest::prelude::*;
        (
            any::<bool>(),
            prop::sample::select(vec!["a", "b"]),
            any::<bool>(),
            prop::sample::select(vec!["t", "u", "t*"]),
            prop::option::of(Just("c")),
            prop::sample::select(vec![Action::Select, Action::Describe]),
            1u32..4,
        )
            .prop_map(|(role, key, upper, object, column, action, line)| {
                let kind = if role {
                    GranteeKind::Role
                } else {
                    GranteeKind::User
                };
                let object = if role {
                    object
                } else {
                    object.trim_end_matches('*')
                };
                let name = if upper {
                    key.to_uppercase()
                } else {
                    key.to_string()
                };
                AclGrant {
                    grantee: Arc::new(Grantee {
                        kind,
                        key: key.into(),
                        name,
                    }),
                    object_type: ObjectType::Table,
                    object: object.into(),
                    column: column.map(str::to_string),
                    action,
                    expires: None,
                    conditions: None,
                    source: Source::new("t", line, 1),
                }
            })
    }

    proptest::proptest! {
        /// The table is a map from a grant's identity (`AclProbe`) to the grant: after any
        /// inserts, removes and retains it holds what a plain list replaced and removed by
        /// identity holds, finds each of them by probe, and lists a role's patterns.
        #[test]
        fn the_table_is_a_map_by_identity(
            ops in proptest::collection::vec((0u8..4, small_grant()), 0..40)
        ) {
            let mut table = AclTable::default();
            let mut list: Vec<AclGrant> = Vec::new();
            for (op, g) in ops {
                let at = list.iter().position(|o| o.probe() == g.probe());
                match op {
                    0 | 1 => {
                        let old = table.insert(g.clone());
                        proptest::prop_assert_eq!(old.as_ref(), at.and_then(|i| list.get(i)));
                        match at.and_then(|i| list.get_mut(i)) {
                            Some(old) => *old = g,
                            None => list.push(g),
                        }
                    }
                    2 => {
                        let old = table.remove(&g.probe());
                        proptest::prop_assert_eq!(old, at.map(|i| list.remove(i)));
                    }
                    _ => {
                        let removed = table.retain(|k| k.action != g.action);
                        let before = list.len();
                        list.retain(|k| k.action != g.action);
                        proptest::prop_assert_eq!(removed, before - list.len());
                    }
                }
                proptest::prop_assert_eq!(table.len(), list.len());
                for g in &list {
                    proptest::prop_assert_eq!(table.get(&g.probe()), Some(g));
                }
                for role in ["a", "b"] {
                    let mut found: Vec<&AclGrant> =
                        table.patterns(role, ObjectType::Table).collect();
                    let mut want: Vec<&AclGrant> = list
                        .iter()
                        .filter(|g| g.is_pattern() && g.grantee.key == role)
                        .collect();
                    found.sort_by_key(|g| format!("{g:?}"));
                    want.sort_by_key(|g| format!("{g:?}"));
                    proptest::prop_assert_eq!(found, want);
                }
            }
            proptest::prop_assert_eq!(&table, &AclTable::from(list));
        }
    }
}
