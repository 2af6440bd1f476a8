//! Packages (`spec/principals-labels-packages.md` §4): what a project shares, with whom, and
//! what another project installed; and the trusted projects of ProjectProtection (§5).

use super::acl::AclTable;
use super::label::LabelGrants;
use crate::action::{Action, ObjectType};
use crate::location::Source;
use crate::principal::Principal;
use indexmap::IndexMap;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

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
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub objects: IndexMap<String, PackageObject>,
    /// The projects allowed to install it, by lower-case name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub allowed: IndexMap<String, AllowedProject>,
}

impl PackageObject {
    /// The key of an object in a package: `<type>/<lower-case name>`.
    pub fn key(object_type: ObjectType, name: &str) -> String {
        format!("{object_type}/{}", name.to_ascii_lowercase())
    }
}

impl Package {
    /// The entry for an object (lower-case name), if the package holds it.
    pub fn object(&self, object_type: ObjectType, name: &str) -> Option<&PackageObject> {
        self.objects.get(&PackageObject::key(object_type, name))
    }
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
    #[serde(default, skip_serializing_if = "AclTable::is_empty")]
    pub acl: AclTable,
    /// `grant label ... privilegeproperties("refobject"="true", ...)`, by table.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub labels: LabelGrants,
}

impl Installation {
    /// The key of an installation: `<source project>.<package>`, lower case.
    pub fn key(project: &str, package: &str) -> String {
        format!("{project}.{package}").to_ascii_lowercase()
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
