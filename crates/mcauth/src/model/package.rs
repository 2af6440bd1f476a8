//! Packages (`spec/principals-labels-packages.md` §4): what a project shares, with whom, and
//! what another project installed; and the trusted projects of ProjectProtection (§5).

use super::acl::{AclGrant, AclProbe, AclTable, GranteeKind};
use super::label::LabelGrants;
use super::Map;
use crate::action::{Action, ObjectType};
use crate::location::Source;
use crate::principal::Principal;
use indexmap::Equivalent;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// An object added to a package, with the privileges it gives (bound to it until removed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageObject {
    /// The object type.
    pub object_type: ObjectType,
    /// Name as written.
    pub name: String,
    /// The privileges it gives through the package.
    pub privileges: Vec<Action>,
    /// The `add ... to package` statement.
    pub source: Source,
}

/// A project allowed to install a package (`allow project <p> to install package <pkg>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowedProject {
    /// The project's name as written.
    pub project: String,
    /// `using label <n>` (default 0): the highest sensitivity its users read through the package.
    pub label: u8,
    /// The `allow` statement.
    pub source: Source,
}

/// A package a project created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Package {
    /// Name as written.
    pub name: String,
    /// Who created it.
    pub creator: Principal,
    /// The clock when it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// The `create package` statement.
    pub source: Source,
    /// Its objects, by [`PackageObject::key`].
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub objects: Map<String, PackageObject>,
    /// The projects allowed to install it, by lower-case name.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub allowed: Map<String, AllowedProject>,
}

impl PackageObject {
    /// The key of an object in a package: `<type>/<lower-case name>`.
    pub fn key(object_type: ObjectType, name: &str) -> String {
        format!("{object_type}/{}", name.to_ascii_lowercase())
    }
}

/// The longest [`PackageObject::key`] looked up without allocating.
const KEY_BUFFER: usize = 160;

impl Package {
    /// The entry for an object (lower-case name), if the package holds it. The key is written
    /// into a buffer on the stack (a heap `String` only for names longer than it).
    pub fn object(&self, object_type: ObjectType, name: &str) -> Option<&PackageObject> {
        let mut buffer = [0u8; KEY_BUFFER];
        match object_key_in(&mut buffer, object_type, name) {
            Some(key) => self.objects.get(key),
            None => self.objects.get(&PackageObject::key(object_type, name)),
        }
    }
}

/// [`PackageObject::key`] written into `buffer`; `None` when it does not fit.
fn object_key_in<'b>(buffer: &'b mut [u8], object_type: ObjectType, name: &str) -> Option<&'b str> {
    let ty = object_type.as_str().as_bytes();
    let len = ty.len() + 1 + name.len();
    let key = buffer.get_mut(..len)?;
    let (head, lower) = key.split_at_mut_checked(ty.len() + 1)?;
    let (ty_part, slash) = head.split_at_mut_checked(ty.len())?;
    ty_part.copy_from_slice(ty);
    slash.copy_from_slice(b"/");
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(key).ok()
}

/// A package installed in a project (`install package <src>.<pkg>`), with the grants the
/// installing project made on the package's objects: refobject ACLs and label grants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Installation {
    /// The source project's name as written.
    pub project: String,
    /// The package's name as written.
    pub package: String,
    /// The `install` statement.
    pub source: Source,
    /// `grant ... privilegeproperties("refobject"="true", ...)`: object names are those in the
    /// source project.
    #[serde(default, skip_serializing_if = "RefObjectAcl::is_empty")]
    pub acl: RefObjectAcl,
    /// `grant label ... privilegeproperties("refobject"="true", ...)`, by table.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub labels: LabelGrants,
}

impl Installation {
    /// The key of an installation: `<source project>.<package>`, lower case.
    pub fn key(project: &str, package: &str) -> String {
        format!("{project}.{package}").to_ascii_lowercase()
    }

    /// The package's key in its source project (its lower-case name), sliced out of `key`,
    /// this installation's [`Installation::key`]; `None` when `key` is not one.
    pub fn package_key<'k>(&self, key: &'k str) -> Option<&'k str> {
        key.get(self.project.len()..)?.strip_prefix('.')
    }

    /// `<project>.<package>` as written.
    pub fn name(&self) -> String {
        format!("{}.{}", self.project, self.package)
    }
}

/// A project that a protected project lets its data flow to (`add trustedproject <p>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedProject {
    /// Name as written.
    pub name: String,
    /// The `add trustedproject` statement.
    pub source: Source,
}

/// The refobject ACL grants of an installation: an [`AclTable`] that also knows, per object,
/// which grants name it, so a check finds whether grants narrow an object, and which, without a
/// scan. Serialized as the list of grants, like an [`AclTable`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "Vec<AclGrant>", into = "Vec<AclGrant>")]
pub struct RefObjectAcl {
    table: AclTable,
    /// Each object with grants, and its grants in the table's order.
    on_object: Map<ObjectKey, Vec<GrantKey>>,
}

/// An object that grants name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ObjectKey {
    object_type: ObjectType,
    object: Arc<str>,
}

/// A borrowed [`ObjectKey`]: hashes and compares equal to the key it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ObjectProbe<'a> {
    object_type: ObjectType,
    object: &'a str,
}

impl Equivalent<ObjectKey> for ObjectProbe<'_> {
    fn equivalent(&self, key: &ObjectKey) -> bool {
        self.object_type == key.object_type && self.object == &*key.object
    }
}

/// A grant's key within its object.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GrantKey {
    kind: GranteeKind,
    grantee: String,
    column: Option<String>,
    action: Action,
}

/// The object a grant names, and the grant's key within it.
fn keys_of(grant: &AclGrant) -> (ObjectKey, GrantKey) {
    (
        ObjectKey {
            object_type: grant.object_type,
            object: grant.object.clone(),
        },
        GrantKey {
            kind: grant.grantee.kind,
            grantee: grant.grantee.key.clone(),
            column: grant.column.clone(),
            action: grant.action,
        },
    )
}

impl RefObjectAcl {
    /// Add a grant, replacing (and returning) an earlier grant of the same key.
    pub fn insert(&mut self, grant: AclGrant) -> Option<AclGrant> {
        let (object, key) = keys_of(&grant);
        let old = self.table.insert(grant);
        // A replaced grant keeps its place; a new one comes last, as in the table.
        if old.is_none() {
            self.on_object.entry(object).or_default().push(key);
        }
        old
    }

    /// Remove the grant a probe names.
    pub fn remove(&mut self, probe: &AclProbe<'_>) -> Option<AclGrant> {
        let grant = self.table.remove(probe)?;
        // The table may reorder its grants when it removes one: follow its order.
        self.reindex();
        Some(grant)
    }

    /// Keep only the grants `keep` accepts; returns how many were removed.
    pub fn retain(&mut self, keep: impl FnMut(&AclGrant) -> bool) -> usize {
        let removed = self.table.retain(keep);
        if removed > 0 {
            self.reindex();
        }
        removed
    }

    fn reindex(&mut self) {
        let mut on_object: Map<ObjectKey, Vec<GrantKey>> = Map::default();
        for g in self.table.iter() {
            let (object, key) = keys_of(g);
            on_object.entry(object).or_default().push(key);
        }
        self.on_object = on_object;
    }

    /// The grants, as an ACL table.
    pub fn table(&self) -> &AclTable {
        &self.table
    }

    /// Whether any grant names the object `object` (lower case) of type `object_type`.
    pub fn names(&self, object_type: ObjectType, object: &str) -> bool {
        self.on_object.contains_key(&ObjectProbe {
            object_type,
            object,
        })
    }

    /// The grants that name the object `object` (lower case) of type `object_type`, in the
    /// table's order.
    pub fn on<'a>(
        &'a self,
        object_type: ObjectType,
        object: &'a str,
    ) -> impl Iterator<Item = &'a AclGrant> + 'a {
        self.on_object
            .get(&ObjectProbe {
                object_type,
                object,
            })
            .into_iter()
            .flatten()
            .filter_map(move |k| {
                self.table.get(&AclProbe {
                    kind: k.kind,
                    grantee: &k.grantee,
                    object_type,
                    object,
                    column: k.column.as_deref(),
                    action: k.action,
                })
            })
    }

    /// Every grant.
    pub fn iter(&self) -> impl Iterator<Item = &AclGrant> {
        self.table.iter()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

impl PartialEq for RefObjectAcl {
    fn eq(&self, other: &Self) -> bool {
        self.table == other.table
    }
}

impl From<Vec<AclGrant>> for RefObjectAcl {
    fn from(list: Vec<AclGrant>) -> Self {
        let mut t = RefObjectAcl::default();
        for g in list {
            t.insert(g);
        }
        t
    }
}

impl From<RefObjectAcl> for Vec<AclGrant> {
    fn from(t: RefObjectAcl) -> Self {
        t.table.into()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::Grantee;

    fn grant(who: &str, object: &str, action: Action) -> AclGrant {
        AclGrant {
            grantee: Arc::new(Grantee {
                kind: GranteeKind::User,
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

    fn on(acl: &RefObjectAcl, object: &str) -> Vec<String> {
        acl.on(ObjectType::Table, object)
            .map(|g| format!("{} {}", g.grantee.key, g.action))
            .collect()
    }

    #[test]
    fn refobject_grants_are_found_by_object_in_table_order() {
        let mut acl = RefObjectAcl::default();
        acl.insert(grant("a", "t1", Action::Select));
        acl.insert(grant("b", "t2", Action::Select));
        acl.insert(grant("c", "t1", Action::Select));
        acl.insert(grant("d", "t1", Action::Describe));
        assert!(acl.names(ObjectType::Table, "t1") && !acl.names(ObjectType::Function, "t1"));
        assert_eq!(on(&acl, "t1"), ["a Select", "c Select", "d Describe"]);
        // A removal may reorder the table: the index follows it.
        acl.remove(&AclProbe {
            kind: GranteeKind::User,
            grantee: "a",
            object_type: ObjectType::Table,
            object: "t1",
            column: None,
            action: Action::Select,
        });
        let table_order: Vec<String> = acl
            .iter()
            .filter(|g| &*g.object == "t1")
            .map(|g| format!("{} {}", g.grantee.key, g.action))
            .collect();
        assert_eq!(on(&acl, "t1"), table_order);
        assert_eq!(acl.retain(|g| &*g.object != "t2"), 1);
        assert!(!acl.names(ObjectType::Table, "t2"));
        let json = serde_json::to_string(&acl).unwrap();
        let back: RefObjectAcl = serde_json::from_str(&json).unwrap();
        assert_eq!(back, acl);
        assert_eq!(on(&back, "t1"), on(&acl, "t1"));
    }

    #[test]
    fn an_installation_key_holds_the_package_key() {
        let i = Installation {
            project: "Src".into(),
            package: "Pkg.V2".into(),
            source: Source::new("t", 1, 1),
            acl: RefObjectAcl::default(),
            labels: Map::default(),
        };
        let key = Installation::key(&i.project, &i.package);
        assert_eq!(key, "src.pkg.v2");
        assert_eq!(i.package_key(&key), Some("pkg.v2"));
        assert_eq!(i.package_key("src"), None);
        assert_eq!(i.package_key("srcxpkg"), None);
    }

    #[test]
    fn objects_are_found_by_type_and_name_without_regard_to_case() {
        let mut objects = Map::default();
        let object = |name: &str| PackageObject {
            object_type: ObjectType::Table,
            name: name.into(),
            privileges: vec![Action::Select],
            source: Source::new("t", 1, 1),
        };
        let long = "t".repeat(KEY_BUFFER + 10);
        for name in ["Orders", long.as_str()] {
            objects.insert(PackageObject::key(ObjectType::Table, name), object(name));
        }
        let p = Package {
            name: "p".into(),
            creator: Principal {
                kind: crate::principal::PrincipalKind::Account,
                account: "a".into(),
                key: "aliyun$a".into(),
                display: "ALIYUN$a".into(),
            },
            created_at: None,
            source: Source::new("t", 1, 1),
            objects,
            allowed: Map::default(),
        };
        assert_eq!(
            p.object(ObjectType::Table, "orders").unwrap().name,
            "Orders"
        );
        assert_eq!(
            p.object(ObjectType::Table, "ORDERS").unwrap().name,
            "Orders"
        );
        assert!(p.object(ObjectType::Function, "orders").is_none());
        assert!(p.object(ObjectType::Table, &long).is_some());
    }
}
