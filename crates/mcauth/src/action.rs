//! Object types and action names (`spec/acl-policy.md` §1.2 and §9.1).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of object a request or grant names (design §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectType {
    /// The project itself (project-level and management actions).
    Project,
    /// A table or a view.
    Table,
    /// A machine-learning model.
    Model,
    /// A user-defined function.
    Function,
    /// A resource (jar, file, py, archive).
    Resource,
    /// A job instance, named by its ID.
    Instance,
    /// An installed package.
    Package,
}

impl ObjectType {
    /// All object types, in declaration order.
    pub const ALL: [ObjectType; 7] = [
        ObjectType::Project,
        ObjectType::Table,
        ObjectType::Model,
        ObjectType::Function,
        ObjectType::Resource,
        ObjectType::Instance,
        ObjectType::Package,
    ];

    /// Parse a type name, case-insensitively (`table`, `PROJECT`, ...).
    pub fn from_name(name: &str) -> Option<ObjectType> {
        ObjectType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(name))
    }

    /// The lower-case name used in JSON and scripts.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectType::Project => "project",
            ObjectType::Table => "table",
            ObjectType::Model => "model",
            ObjectType::Function => "function",
            ObjectType::Resource => "resource",
            ObjectType::Instance => "instance",
            ObjectType::Package => "package",
        }
    }

    /// The ARN path segment of objects of this type inside a project, e.g. `tables`.
    pub fn arn_segment(self) -> &'static str {
        match self {
            ObjectType::Project => "",
            ObjectType::Table => "tables",
            ObjectType::Model => "models",
            ObjectType::Function => "registration/functions",
            ObjectType::Resource => "resources",
            ObjectType::Instance => "instances",
            ObjectType::Package => "packages",
        }
    }

    /// The actions an ACL grant on this object type may name (the permissions page's
    /// "Supported permissions", `spec/acl-policy.md` §1.2), `All` and `Download` included where
    /// they apply. Project `Read` and `Write` are not grantable (CONTRADICTION K6, see
    /// `docs/semantics.md`).
    pub fn grantable_actions(self) -> &'static [Action] {
        use Action::*;
        match self {
            ObjectType::Project => &[
                List,
                CreateTable,
                CreateModel,
                CreateInstance,
                CreateFunction,
                CreateResource,
                All,
            ],
            ObjectType::Table => &[
                Describe,
                Select,
                Alter,
                Update,
                Drop,
                ShowHistory,
                All,
                Download,
            ],
            ObjectType::Model => &[Describe, Execute, Alter, Drop, All],
            ObjectType::Function => &[Read, Write, Delete, Execute, All],
            ObjectType::Resource => &[Read, Write, Delete, All],
            ObjectType::Instance => &[Read, Write, All, Download],
            ObjectType::Package => &[Read],
        }
    }

    /// Whether a grant of `All` on this object type covers `action`: every grantable action
    /// but `Download`, a separate behaviour permission (`spec/acl-policy.md` §1.2).
    ///
    /// ```
    /// use mcauth::{Action, ObjectType};
    /// assert!(ObjectType::Table.all_covers(Action::Select));
    /// assert!(!ObjectType::Table.all_covers(Action::Download));
    /// ```
    pub fn all_covers(self, action: Action) -> bool {
        action != Action::Download
            && action != Action::All
            && self.grantable_actions().contains(&action)
    }

    /// The actions a request may name on this object type: the grantable ones (but `All`), plus
    /// project `Read`/`Write` (owner only) and, on a project, every management action.
    pub fn accepts_request_action(self, action: Action) -> bool {
        if action == Action::All {
            return false;
        }
        if self == ObjectType::Project
            && (action.is_management() || matches!(action, Action::Read | Action::Write))
        {
            return true;
        }
        self.grantable_actions().contains(&action)
    }
}

impl fmt::Display for ObjectType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! actions {
    ($( $(#[$doc:meta])* $name:ident $(| $alias:literal)* ; )*) => {
        /// An action name, as in `spec/acl-policy.md` §1.2 (object actions) and §9.1
        /// (management actions). Names are case-insensitive.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Action {
            $( $(#[$doc])* $name, )*
        }

        impl Action {
            /// Every action, in declaration order.
            pub const EVERY: &'static [Action] = &[$(Action::$name,)*];

            /// Every accepted spelling: each canonical name, then its aliases.
            const SPELLINGS: &'static [(&'static str, Action)] =
                &[$((stringify!($name), Action::$name), $(($alias, Action::$name),)*)*];

            /// The canonical spelling.
            pub fn as_str(self) -> &'static str {
                match self { $(Action::$name => stringify!($name),)* }
            }

            /// Parse an action name, case-insensitively, accepting the documented aliases
            /// (`SetSecurityConfig`, the old function action `Run`, the plural account-provider
            /// and trusted-project spellings of CONTRADICTION K13).
            pub fn from_name(name: &str) -> Option<Action> {
                let name = name.strip_prefix("odps:").unwrap_or(name);
                Action::SPELLINGS
                    .iter()
                    .find(|(s, _)| s.eq_ignore_ascii_case(name))
                    .map(|(_, a)| *a)
            }
        }
    };
}

actions! {
    /// Read an object (function program, resource, instance; project info: owner only).
    Read;
    /// Update an object.
    Write;
    /// List the objects of a project.
    List;
    /// `CREATE TABLE`.
    CreateTable;
    /// `CREATE MODEL`.
    CreateModel;
    /// Run a job: the prerequisite of table reads and writes and of `CreateTable`.
    CreateInstance;
    /// `CREATE FUNCTION`.
    CreateFunction;
    /// `add jar|file|py|archive`.
    CreateResource;
    /// Every action of the object type.
    All;
    /// Read metadata.
    Describe;
    /// Query data.
    Select;
    /// Change metadata.
    Alter;
    /// Write data.
    Update;
    /// Drop the object.
    Drop;
    /// `SHOW HISTORY FOR TABLE`.
    ShowHistory;
    /// Call a function or model.
    Execute | "Run";
    /// Drop a function or resource.
    Delete;
    /// Download through Tunnel.
    Download;
    /// Change the project security configuration.
    SetSecurityConfiguration | "SetSecurityConfig";
    /// Read the project security configuration.
    GetSecurityConfiguration | "GetSecurityConfig";
    /// Set a project property (`setproject`, e.g. the IP whitelist).
    SetProperty;
    /// Put a policy document.
    PutPolicy;
    /// Read a policy document.
    GetPolicy;
    /// Add policy statements.
    AddPolicyStatments | "AddPolicyStatements";
    /// Remove policy statements.
    RemovePolicyStatments | "RemovePolicyStatements";
    /// `add accountprovider`.
    AddAccountProvider | "AddAccountProviders";
    /// `remove accountprovider`.
    RemoveAccountProvider | "RemoveAccountProviders";
    /// `list accountproviders`.
    ListAccountProviders;
    /// `add trustedproject`.
    AddTrustedProject | "AddTrustedProjects";
    /// `remove trustedproject`.
    RemoveTrustedProject | "RemoveTrustedProjects";
    /// `list trustedprojects`.
    ListTrustedProjects;
    /// `add user`.
    AddUser;
    /// `remove user`.
    RemoveUser;
    /// `list users`.
    ListUsers;
    /// List a user's roles.
    ListUserRoles;
    /// `create role`.
    CreateRole;
    /// `describe role`.
    DescribeRole;
    /// Alter a role.
    AlterRole;
    /// `drop role`.
    DropRole;
    /// `list roles`.
    ListRoles;
    /// `grant <role> to <user>`.
    GrantRole;
    /// `revoke <role> from <user>`.
    RevokeRole;
    /// List the principals of a role.
    ListRolePrincipals;
    /// List the roles of a principal.
    ListPrincipalRoles;
    /// `create package`.
    CreatePackage;
    /// `describe package`.
    DescribePackage;
    /// `delete package`.
    DropPackage;
    /// `show packages`.
    ShowPackages;
    /// `install package`.
    InstallPackage;
    /// `uninstall package`.
    UninstallPackage;
    /// `allow project ... to install package`.
    AllowInstallPackage;
    /// `disallow project ... to install package`.
    DisallowInstallPackage;
    /// `add ... to package`.
    AddPackageResource;
    /// `remove ... from package`.
    RemovePackageResource;
    /// `grant label`.
    GrantLabel;
    /// `revoke label`.
    RevokeLabel;
    /// `show label grants`.
    ShowLabelGrants;
    /// `set label`.
    SetDataLabel;
    /// ACL `grant`.
    GrantPrivs;
    /// ACL `revoke`.
    RevokePrivs;
    /// `show grants`, `show acl`.
    ShowAclGrants;
    /// `clear expired grants`.
    ClearExpiredGrants;
}

impl Action {
    /// Whether this is a project management action (`spec/acl-policy.md` §9.1).
    pub fn is_management(self) -> bool {
        self >= Action::SetSecurityConfiguration
    }

    /// Whether the action only reads (allowed in a READONLY project, `docs/semantics.md`).
    pub fn is_read(self) -> bool {
        use Action::*;
        matches!(
            self,
            Read | List
                | CreateInstance
                | Describe
                | Select
                | ShowHistory
                | Execute
                | Download
                | GetSecurityConfiguration
                | GetPolicy
                | ListAccountProviders
                | ListTrustedProjects
                | ListUsers
                | ListUserRoles
                | DescribeRole
                | ListRoles
                | ListRolePrincipals
                | ListPrincipalRoles
                | DescribePackage
                | ShowPackages
                | ShowLabelGrants
                | ShowAclGrants
        )
    }
}

impl Action {
    /// The canonical names of every action, in declaration order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Action::EVERY.iter().map(|a| a.as_str())
    }

    /// The object actions: every action but the management ones, i.e. what an ACL grant may
    /// name on some object type.
    pub fn object_actions() -> impl Iterator<Item = Action> {
        Action::EVERY.iter().copied().filter(|a| !a.is_management())
    }

    /// The action whose name or alias is closest to the unknown name `name`, ignoring case:
    /// at most 2 edits away (1 for names of up to 4 characters, so that `Fly` suggests
    /// nothing rather than `All`). Ties go to the action declared first.
    pub fn suggest(name: &str) -> Option<Action> {
        let name = name.to_ascii_lowercase();
        let limit = if name.chars().count() <= 4 { 1 } else { 2 };
        Action::SPELLINGS
            .iter()
            .map(|(s, a)| (edit_distance(&name, &s.to_ascii_lowercase()), *a))
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d)
            .map(|(_, a)| a)
    }
}

/// What an error about the unknown action name `name` says was expected: "did you mean
/// `odps:Select`?" (with `prefix` = `odps:`) when [`Action::suggest`] finds one, else "expected
/// one of Read, Write, ..." listing `candidates` (bare names: the caller's message says where a
/// prefix goes).
pub fn unknown_action_hint(
    name: &str,
    prefix: &str,
    candidates: impl Iterator<Item = Action>,
) -> String {
    match Action::suggest(name) {
        Some(a) => format!("did you mean `{prefix}{a}`?"),
        None => {
            let names: Vec<&str> = candidates.map(Action::as_str).collect();
            format!("expected one of {}", names.join(", "))
        }
    }
}

/// The Levenshtein distance between `a` and `b`, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let at = |row: &[usize], k: usize| row.get(k).copied().unwrap_or(usize::MAX);
            let substitute = at(&prev, j).saturating_add(usize::from(ca != *cb));
            let delete = at(&prev, j + 1).saturating_add(1);
            let insert = at(&cur, j).saturating_add(1);
            cur.push(substitute.min(delete).min(insert));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_parse_case_insensitively() {
        assert_eq!(Action::from_name("select"), Some(Action::Select));
        assert_eq!(
            Action::from_name("odps:CreateInstance"),
            Some(Action::CreateInstance)
        );
        assert_eq!(
            Action::from_name("SetSecurityConfig"),
            Some(Action::SetSecurityConfiguration)
        );
        assert_eq!(Action::from_name("run"), Some(Action::Execute));
        assert_eq!(
            Action::from_name("AddAccountProviders"),
            Some(Action::AddAccountProvider)
        );
        assert_eq!(Action::from_name("Frobnicate"), None);
    }

    #[test]
    fn unknown_names_suggest_the_closest_action() {
        assert_eq!(Action::suggest("Selec"), Some(Action::Select));
        assert_eq!(Action::suggest("SELCT"), Some(Action::Select));
        assert_eq!(Action::suggest("Lst"), Some(Action::List));
        assert_eq!(Action::suggest("CreateTabel"), Some(Action::CreateTable));
        assert_eq!(
            Action::suggest("SetSecurityConfg"),
            Some(Action::SetSecurityConfiguration)
        );
        assert_eq!(Action::suggest("Fly"), None);
        assert_eq!(Action::suggest("Frobnicate"), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(Action::names().count(), Action::EVERY.len());
        assert!(Action::object_actions().all(|a| !a.is_management()));
        assert_eq!(
            unknown_action_hint("Selec", "odps:", Action::object_actions()),
            "did you mean `odps:Select`?"
        );
        assert!(unknown_action_hint("Fly", "", Action::object_actions())
            .starts_with("expected one of Read, Write, List, "));
    }

    #[test]
    fn management_and_read_classes() {
        assert!(Action::GrantPrivs.is_management());
        assert!(!Action::Download.is_management());
        assert!(Action::Select.is_read());
        assert!(!Action::Update.is_read());
        assert!(ObjectType::Project.accepts_request_action(Action::AddUser));
        assert!(!ObjectType::Table.accepts_request_action(Action::AddUser));
        assert!(!ObjectType::Table.accepts_request_action(Action::All));
        assert!(ObjectType::Project.accepts_request_action(Action::Read));
    }
}
