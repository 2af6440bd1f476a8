//! Identities on the RAM side: AccessKeys, RAM roles, attached policies and tenants (design §2,
//! seeds 000–002); DataWorks environments are in [`super::environment`].

use super::Map;
use crate::location::Source;
use crate::principal::Principal;
use crate::ram::RamPolicy;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// How long an AccessKey change takes to take effect: "about 15 minutes after it is enabled or
/// disabled" (seed 000).
pub const KEY_DELAY_SECONDS: i64 = 15 * 60;

/// The state an AccessKey is put in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyState {
    /// Usable (once the delay has passed).
    Enabled,
    /// Not usable.
    Disabled,
    /// Gone for good.
    Deleted,
}

impl KeyState {
    /// The word used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Enabled => "enabled",
            KeyState::Disabled => "disabled",
            KeyState::Deleted => "deleted",
        }
    }
}

/// One change of an AccessKey's state, at the statement's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyEvent {
    /// The new state.
    pub state: KeyState,
    /// The clock of the statement (`at`).
    pub at: Timestamp,
    /// The statement.
    pub source: Source,
}

/// An AccessKey pair (`create accesskey`), with its history (`enable|disable|delete
/// accesskey`). The first event is its creation (enabled).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKey {
    /// The AccessKey ID as written (case-sensitive).
    pub id: String,
    /// The Alibaba Cloud account or RAM user it belongs to.
    pub owner: Principal,
    /// Every change, oldest first.
    pub history: Vec<KeyEvent>,
}

impl AccessKey {
    /// The latest state, whether or not it has taken effect.
    pub fn state(&self) -> KeyState {
        self.history.last().map_or(KeyState::Deleted, |e| e.state)
    }

    /// The latest event.
    pub fn last(&self) -> Option<&KeyEvent> {
        self.history.last()
    }
}

/// A policy attached to a RAM user or role (`attach policy`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// The policy.
    pub policy: RamPolicy,
    /// The `attach policy` statement.
    pub source: Source,
}

/// A RAM role (`create ram role`, or a service-linked role).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RamRole {
    /// The role principal (`RAM$<account>:role/<name>`).
    pub principal: Principal,
    /// The trust policy: who may assume the role.
    pub trust: RamPolicy,
    /// The trust-policy file as named in the statement (`None` for a service-linked role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_file: Option<String>,
    /// Maximum session duration in seconds.
    pub max_session: u64,
    /// Whether it is a service-linked role (its policies are fixed).
    #[serde(default)]
    pub service_linked: bool,
    /// The policies attached to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Attachment>,
    /// The declaration.
    pub source: Source,
}

impl RamRole {
    /// The role's name as written (`etl` of `RAM$<account>:role/etl`).
    pub fn name(&self) -> &str {
        self.principal
            .display
            .rsplit_once('/')
            .map_or(self.principal.display.as_str(), |(_, n)| n)
    }
}

/// A tenant-level role (`create tenant role`, or the built-in `super_administrator` and
/// `admin`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantRole {
    /// The name as written.
    pub name: String,
    /// Built-in roles have fixed rights.
    #[serde(default)]
    pub builtin: bool,
    /// Members by principal key, with the `grant tenant role` statement.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub members: Map<String, Source>,
    /// Policies put on the role (`put policy <file> on tenant role <r>`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Attachment>,
    /// The declaration.
    pub source: Source,
}

/// A tenant user (`add tenant user`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantUser {
    /// The principal.
    pub principal: Principal,
    /// The `add tenant user` statement.
    pub source: Source,
}

/// The tenant of one Alibaba Cloud account: its users and tenant-level roles (PLP §8).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tenant {
    /// Users by principal key.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub users: Map<String, TenantUser>,
    /// Roles by lower-case name.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub roles: Map<String, TenantRole>,
}
