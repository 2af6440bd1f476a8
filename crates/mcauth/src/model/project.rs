//! A project: owner, status, security settings, users, roles, objects and grants.

use super::acl::{AclGrant, AclTable};
use super::label::{LabelGrant, Labels};
use super::objects::{Function, Resource, Table};
use super::package::{Installation, Package, TrustedProject};
use super::Map;
use crate::action::ObjectType;
use crate::location::Source;
use crate::network::{IpEntry, VpcEntry};
use crate::policy::{PolicyDocument, PolicyStatement};
use crate::principal::Principal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// A setting with the statement that last set it (`None`: the documented default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Setting<T> {
    /// Current value.
    pub value: T,
    /// The statement that set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

impl<T> Setting<T> {
    /// A default value.
    pub fn default_to(value: T) -> Self {
        Setting {
            value,
            source: None,
        }
    }

    /// Set it from a statement.
    pub fn set(&mut self, value: T, source: &Source) {
        self.value = value;
        self.source = Some(source.clone());
    }
}

/// Project status (`spec/principals-labels-packages.md` §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ProjectStatus {
    /// Works normally.
    Available,
    /// Reads only (UNDOCUMENTED semantics; `docs/semantics.md`).
    ReadOnly,
    /// Refuses all access.
    Frozen,
    /// Being reclaimed; refuses all access.
    Deleting,
}

impl ProjectStatus {
    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Available => "AVAILABLE",
            ProjectStatus::ReadOnly => "READONLY",
            ProjectStatus::Frozen => "FROZEN",
            ProjectStatus::Deleting => "DELETING",
        }
    }
}

/// The project security configuration (`spec/acl-policy.md` §4) with its documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecurityFlags {
    /// `CheckPermissionUsingACL` (default true).
    pub check_permission_using_acl: Setting<bool>,
    /// `CheckPermissionUsingPolicy` (default true).
    pub check_permission_using_policy: Setting<bool>,
    /// `ObjectCreatorHasAccessPermission` (default true).
    pub object_creator_has_access_permission: Setting<bool>,
    /// `ObjectCreatorHasGrantPermission` (default true).
    pub object_creator_has_grant_permission: Setting<bool>,
    /// `LabelSecurity` (default false).
    pub label_security: Setting<bool>,
    /// `ProjectProtection` (default false).
    pub project_protection: Setting<bool>,
    /// `odps.security.enabledownloadprivilege` (default false).
    pub enable_download_privilege: Setting<bool>,
}

impl Default for SecurityFlags {
    fn default() -> Self {
        SecurityFlags {
            check_permission_using_acl: Setting::default_to(true),
            check_permission_using_policy: Setting::default_to(true),
            object_creator_has_access_permission: Setting::default_to(true),
            object_creator_has_grant_permission: Setting::default_to(true),
            label_security: Setting::default_to(false),
            project_protection: Setting::default_to(false),
            enable_download_privilege: Setting::default_to(false),
        }
    }
}

/// Which account systems a project recognises (`spec/principals-labels-packages.md` §1.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountProviders {
    /// `ALIYUN` (default on).
    pub aliyun: Setting<bool>,
    /// `RAM` (default off).
    pub ram: Setting<bool>,
}

impl Default for AccountProviders {
    fn default() -> Self {
        AccountProviders {
            aliyun: Setting::default_to(true),
            ram: Setting::default_to(false),
        }
    }
}

/// A user of the project and the roles it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The principal.
    pub principal: Principal,
    /// Role key -> the `grant <role> to` statement.
    pub roles: Map<String, Source>,
    /// The `add user` statement.
    pub source: Source,
}

/// The built-in project roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BuiltinRole {
    /// `admin`: all object operations and a subset of management.
    Admin,
    /// `super_administrator`: everything but what is reserved to the owner.
    SuperAdministrator,
}

impl BuiltinRole {
    /// The role's key.
    pub fn key(self) -> &'static str {
        match self {
            BuiltinRole::Admin => "admin",
            BuiltinRole::SuperAdministrator => "super_administrator",
        }
    }
}

/// A project role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// Name as written.
    pub name: String,
    /// Created with `privilegeproperties("type"="admin")`: holds management permissions only.
    pub admin_type: bool,
    /// Set for `admin` and `super_administrator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builtin: Option<BuiltinRole>,
    /// The `create role` (or, for built-in roles, `create project`) statement.
    pub source: Source,
    /// The role policy (`put policy <file> on role <r>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyDocument>,
    /// GRANT-form policy entries (`grant ... privilegeproperties("policy"="true", ...)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_grants: Vec<PolicyGrant>,
}

/// A GRANT-form policy entry of a role: one action on one object (pattern), allowed or
/// denied. A revoke must name the same action, object and `allow` (`spec/acl-policy.md` §3.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyGrant {
    /// The action.
    pub action: crate::action::Action,
    /// The object type.
    pub object_type: ObjectType,
    /// The object name or pattern, lower case.
    pub object: String,
    /// The statement it amounts to.
    pub statement: PolicyStatement,
}

impl PolicyGrant {
    /// Whether this entry is the one of `action` on `object_type` `object` (lower case) with
    /// `effect`: a grant of the same key replaces it, and a revoke must name it.
    pub fn is(
        &self,
        action: crate::action::Action,
        object_type: ObjectType,
        object: &str,
        effect: crate::decision::Effect,
    ) -> bool {
        self.action == action
            && self.object_type == object_type
            && self.object == object
            && self.statement.effect == effect
    }
}

/// A MaxCompute project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Name as written.
    pub name: String,
    /// The owner (an Alibaba Cloud account).
    pub owner: Principal,
    /// The `create project` statement.
    pub source: Source,
    /// Status.
    pub status: Setting<ProjectStatus>,
    /// Account providers.
    pub account_providers: AccountProviders,
    /// Security flags.
    pub flags: SecurityFlags,
    /// `odps.security.ip.whitelist` (empty: not set).
    pub ip_whitelist: Setting<Vec<IpEntry>>,
    /// `odps.security.vpc.whitelist` (empty: not set).
    pub vpc_whitelist: Setting<Vec<VpcEntry>>,
    /// Current users, by principal key.
    pub users: Map<String, Member>,
    /// Users removed with `remove user` (their grants are kept), by principal key.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub removed_users: Map<String, Source>,
    /// Roles by lower-case name, built-in ones included.
    pub roles: Map<String, Role>,
    /// Tables and views by lower-case name (a script's grants on a table share the key).
    pub tables: Map<Arc<str>, Table>,
    /// Functions by lower-case name.
    pub functions: Map<String, Function>,
    /// Resources by lower-case name.
    pub resources: Map<String, Resource>,
    /// ACL grants.
    pub acl: AclTable,
    /// The project policy (`put policy <file>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyDocument>,
    /// The ProjectProtection exception policy (`set ProjectProtection=true with exception`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protection_exception: Option<PolicyDocument>,
    /// LabelSecurity: table and column sensitivity, access levels, label grants.
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub labels: Labels,
    /// Packages this project created, by lower-case name.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub packages: Map<String, Package>,
    /// Packages installed here, by [`Installation::key`].
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub installed: Map<String, Installation>,
    /// Projects this project's data may flow to under ProjectProtection, by lower-case name.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub trusted_projects: Map<String, TrustedProject>,
}

impl Project {
    /// The project's key in [`Model::projects`](super::Model::projects): its name in lower
    /// case, borrowed when the name is lower case already.
    ///
    /// ```
    /// let m = mcauth::Model::from_script_str("p.mcauth",
    ///     "create project Sales owner ALIYUN$o@example.com; create project hr owner ALIYUN$o@example.com;").unwrap();
    /// assert_eq!(m.projects["sales"].key(), "sales");
    /// assert!(matches!(m.projects["hr"].key(), std::borrow::Cow::Borrowed("hr")));
    /// ```
    pub fn key(&self) -> Cow<'_, str> {
        if self.name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(self.name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(&self.name)
        }
    }

    /// Whether an object of a type (by lower-case name) exists. Instances are runtime objects
    /// that scripts do not declare, so every instance name counts as existing; a package
    /// exists here once installed (`<project>.<package>`).
    pub fn object_exists(&self, ty: ObjectType, name: &str) -> bool {
        match ty {
            ObjectType::Project => self.name.eq_ignore_ascii_case(name),
            ObjectType::Table => self.tables.contains_key(name),
            ObjectType::Function => self.functions.contains_key(name),
            ObjectType::Resource => self.resources.contains_key(name),
            ObjectType::Instance => true,
            ObjectType::Package => self.installed.contains_key(name),
            ObjectType::Model => false,
        }
    }

    /// The creator of an object, if it has one (projects, instances, models and packages do not
    /// record one in this version).
    pub fn creator_of(&self, ty: ObjectType, name: &str) -> Option<&Principal> {
        match ty {
            ObjectType::Table => self.tables.get(name).map(|t| &*t.creator),
            ObjectType::Function => self.functions.get(name).map(|f| &f.creator),
            ObjectType::Resource => self.resources.get(name).map(|r| &r.creator),
            _ => None,
        }
    }

    /// Keep the ACL grants and label grants that `acl` and `labels` accept, in the project and
    /// in each installed package; a table left without label grants loses its entry.
    pub fn retain_grants(
        &mut self,
        mut acl: impl FnMut(&AclGrant) -> bool,
        mut labels: impl FnMut(&LabelGrant) -> bool,
    ) {
        self.acl.retain(&mut acl);
        for i in self.installed.values_mut() {
            i.acl.retain(&mut acl);
        }
        let label_grants = std::iter::once(&mut self.labels.grants)
            .chain(self.installed.values_mut().map(|i| &mut i.labels));
        for grants in label_grants {
            for list in grants.values_mut() {
                list.retain(&mut labels);
            }
            grants.retain(|_, list| !list.is_empty());
        }
    }

    /// Whether `key` holds the role `role` (by key) in this project.
    pub fn has_role(&self, key: &str, role: &str) -> bool {
        self.users
            .get(key)
            .is_some_and(|m| m.roles.contains_key(role))
    }
}
