//! The `Model`: the whole configuration as plain data (serde), the output of loading scripts
//! and the input of [`Engine::new`](crate::Engine::new).

pub mod acl;
pub mod environment;
pub mod identity;
pub(crate) mod intern;
pub mod label;
pub mod objects;
pub mod package;
pub mod project;
pub mod statements;
mod validate;

use crate::error::LoadError;
use crate::hash::FastHash;
use crate::location::Source;
use crate::principal::{Principal, PrincipalKind, PrincipalName, ShortForm};
use indexmap::IndexMap;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use acl::{AclGrant, AclProbe, AclTable, Grantee, GranteeKind};
pub use environment::{DevEnvironment, EnvironmentRole};
pub use identity::{
    AccessKey, Attachment, KeyEvent, KeyState, RamRole, Tenant, TenantRole, TenantUser,
    KEY_DELAY_SECONDS,
};
pub use label::{LabelGrant, LabelGrants, Labels, Level, TableLabels, MAX_LEVEL};
pub use objects::{Column, Function, Resource, ResourceKind, Table, ViewDef};
pub use package::{AllowedProject, Installation, Package, PackageObject, TrustedProject};
pub use project::{
    AccountProviders, BuiltinRole, Member, PolicyGrant, Project, ProjectStatus, Role,
    SecurityFlags, Setting,
};
pub use statements::{OriginStatement, StatementOrigin};

/// The model's keyed collections: an insertion-ordered map (the order statements declared
/// things in, which listings and snapshots keep) hashed with [`FastHash`], the crate's hash
/// for names from a trusted configuration.
pub type Map<K, V> = IndexMap<K, V, FastHash>;

/// The snapshot format version written by `mcauth export`.
pub const SNAPSHOT_FORMAT: u32 = 1;

/// A declared Alibaba Cloud account (`create account`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// `ALIYUN$<name>` as written.
    pub name: String,
    /// The numeric account ID, an alias of the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// The declaration.
    pub source: Source,
}

/// A declared RAM user (`create ram user`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RamUser {
    /// The principal.
    pub principal: Principal,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// The policies attached to the user (`attach policy`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Attachment>,
    /// The declaration.
    pub source: Source,
}

/// Where the scripts left off: the current project (`use`) and the issuer (`login`), so that
/// scripts applied on top of a snapshot continue as they would after the script itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The current project's key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// The `login` principal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<Principal>,
}

impl Session {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.project.is_none() && self.login.is_none()
    }
}

/// The whole configuration: accounts, RAM users and projects, plus the clock.
///
/// ```
/// let model = mcauth::Model::from_script_str(
///     "demo.mcauth",
///     "create project sales owner ALIYUN$owner@example.com; use sales; \
///      create table orders (id bigint);",
/// ).unwrap();
/// assert!(model.projects["sales"].tables.contains_key("orders"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Snapshot format version ([`SNAPSHOT_FORMAT`]).
    #[serde(rename = "mcauth_snapshot")]
    pub format: u32,
    /// The clock at the end of the scripts (`at`); requests without `time` use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<Timestamp>,
    /// Where the scripts left off (`use`, `login`).
    #[serde(default, skip_serializing_if = "Session::is_empty")]
    pub session: Session,
    /// Declared accounts by lower-case name.
    pub accounts: Map<String, Account>,
    /// Account ID -> account key.
    pub account_ids: Map<String, String>,
    /// Declared RAM users by principal key.
    pub ram_users: Map<String, RamUser>,
    /// Declared RAM roles by principal key.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub ram_roles: Map<String, RamRole>,
    /// AccessKeys by ID (case-sensitive).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub access_keys: Map<String, AccessKey>,
    /// Tenants by account key.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub tenants: Map<String, Tenant>,
    /// DataWorks individual development environments by lower-case name.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub dev_environments: Map<String, DevEnvironment>,
    /// Projects by lower-case name.
    pub projects: Map<String, Project>,
}

impl Model {
    /// An empty model.
    pub fn new() -> Model {
        Model {
            format: SNAPSHOT_FORMAT,
            ..Model::default()
        }
    }

    /// The canonical key of an account (lower case): a declared account's ID maps to its name.
    pub fn canonical_account(&self, account: &str) -> String {
        let lower = account.to_ascii_lowercase();
        match self.account_ids.get(&lower) {
            Some(key) => key.clone(),
            None => lower,
        }
    }

    /// Resolve a principal name; the short form `RAM$<user>` takes `default_account`.
    pub fn resolve(&self, name: &PrincipalName, default_account: &str) -> Principal {
        Principal::resolve(name, default_account, |a| self.canonical_account(a))
    }

    /// Add the accounts, RAM users and projects of `other` (a snapshot read from `path`).
    /// What both define must be equal; the later clock and session win where set.
    pub fn merge(&mut self, other: Model, path: &str) -> Result<(), LoadError> {
        fn join<V: PartialEq>(
            mine: &mut Map<String, V>,
            theirs: Map<String, V>,
            what: &str,
            path: &str,
        ) -> Result<(), LoadError> {
            for (k, v) in theirs {
                match mine.get(&k) {
                    Some(existing) if *existing != v => {
                        return Err(LoadError::Snapshot {
                            path: path.to_string(),
                            message: format!(
                                "{what} `{k}` is also defined, differently, by an earlier input"
                            ),
                        })
                    }
                    Some(_) => {}
                    None => {
                        mine.insert(k, v);
                    }
                }
            }
            Ok(())
        }
        join(&mut self.accounts, other.accounts, "account", path)?;
        join(&mut self.account_ids, other.account_ids, "account ID", path)?;
        join(&mut self.ram_users, other.ram_users, "RAM user", path)?;
        join(&mut self.ram_roles, other.ram_roles, "RAM role", path)?;
        join(&mut self.access_keys, other.access_keys, "AccessKey", path)?;
        join(&mut self.tenants, other.tenants, "tenant", path)?;
        join(
            &mut self.dev_environments,
            other.dev_environments,
            "development environment",
            path,
        )?;
        join(&mut self.projects, other.projects, "project", path)?;
        if other.clock.is_some() {
            self.clock = other.clock;
        }
        if !other.session.is_empty() {
            self.session = other.session;
        }
        Ok(())
    }

    /// The numeric ID of the account with key `account`: its declared `uid`, or the name itself
    /// when the name is the ID (`ALIYUN$5527000000005788`).
    pub fn account_uid(&self, account: &str) -> Option<String> {
        if let Some(uid) = self.accounts.get(account).and_then(|a| a.uid.clone()) {
            return Some(uid);
        }
        let numeric = !account.is_empty() && account.bytes().all(|b| b.is_ascii_digit());
        numeric.then(|| account.to_string())
    }

    /// Read a principal name as written: parse it, complete the short form `RAM$<user>` as
    /// `short` says, and map account IDs to declared names. The error says which form was
    /// expected, or why the short form is refused. Whether the identity is declared is not
    /// checked: see [`Model::principal`].
    pub fn resolve_text(&self, text: &str, short: ShortForm<'_>) -> Result<Principal, String> {
        let name = PrincipalName::parse(text)?;
        self.resolve_name(&name, short).map_err(str::to_string)
    }

    /// Resolve a parsed principal name as [`Model::resolve_text`] does: the short form
    /// `RAM$<user>` completes as `short` says, account IDs map to declared names. The error is
    /// why the short form is refused.
    pub fn resolve_name<'s>(
        &self,
        name: &PrincipalName,
        short: ShortForm<'s>,
    ) -> Result<Principal, &'s str> {
        let default_account = short.default_for(name)?;
        Ok(self.resolve(name, default_account))
    }

    /// Read a principal name as [`Model::resolve_text`] does, and check it: a RAM user or role
    /// of a declared account must be declared itself (`create ram user`, `create ram role`;
    /// `docs/semantics.md` A5). An identity of an undeclared account is checked for its form
    /// only.
    ///
    /// ```
    /// use mcauth::principal::ShortForm;
    /// let m = mcauth::Model::from_script_str("a.mcauth",
    ///     "create account ALIYUN$o@example.com; create ram user RAM$o@example.com:bob;").unwrap();
    /// let short = ShortForm::Account("o@example.com");
    /// assert_eq!(m.principal("RAM$bob", short).unwrap().key, "ram$o@example.com:bob");
    /// assert!(m.principal("RAM$o@example.com:typo", short).is_err());
    /// assert!(m.principal("RAM$other@example.com:anyone", short).is_ok());
    /// ```
    pub fn principal(&self, text: &str, short: ShortForm<'_>) -> Result<Principal, String> {
        let principal = self.resolve_text(text, short)?;
        match self.accounts.get(&principal.account) {
            Some(account) if !self.declares(&principal) => Err(format!(
                "`{text}` is not declared: account `{}` (declared at {}) declares no such RAM {}",
                account.name,
                account.source,
                ram_word(principal.kind)
            )),
            _ => Ok(principal),
        }
    }

    /// The declaration of a RAM user or role (`create ram user`, `create ram role`): the
    /// principal as declared and the statement. `None` for an account, or an identity that is
    /// not declared.
    pub fn declaration(&self, p: &Principal) -> Option<(&Principal, &Source)> {
        match p.kind {
            PrincipalKind::Account => None,
            PrincipalKind::RamUser => self
                .ram_users
                .get(&p.key)
                .map(|u| (&u.principal, &u.source)),
            PrincipalKind::RamRole => self
                .ram_roles
                .get(&p.key)
                .map(|r| (&r.principal, &r.source)),
        }
    }

    /// Whether a RAM user or role is declared (`create ram user`, `create ram role`); an
    /// account is always "declared" here.
    pub fn declares(&self, p: &Principal) -> bool {
        p.kind == PrincipalKind::Account || self.declaration(p).is_some()
    }

    /// A project by name, any case.
    pub fn project(&self, name: &str) -> Option<&Project> {
        self.projects
            .get(name)
            .or_else(|| self.projects.get(&name.to_ascii_lowercase()))
    }
}

/// `user` or `role`: the word for a RAM identity of `kind` in messages.
pub(crate) fn ram_word(kind: PrincipalKind) -> &'static str {
    match kind {
        PrincipalKind::RamRole => "role",
        PrincipalKind::RamUser | PrincipalKind::Account => "user",
    }
}
