//! DataWorks individual development environments (seed 004, `docs/semantics.md` I14 and I16):
//! who owns one, whether it is public, and its one associated role.
//!
//! In a snapshot, `role` keeps the form it had before the default role existed: a custom role
//! is its principal object; the DataWorks default role is the string `"dataworks_default"`; no
//! role omits the field.

use crate::location::Source;
use crate::principal::Principal;
use serde::{Deserialize, Serialize};

/// The snapshot word for [`EnvironmentRole::Default`].
const DEFAULT_ROLE_WORD: &str = "dataworks_default";

/// The role associated with an environment (seed 004: "Each individual development environment
/// supports only one associated RAM role").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RoleRepr", into = "RoleRepr")]
pub enum EnvironmentRole {
    /// A custom RAM role of the owner's account (`role <RAM role>`): the credential is a session
    /// of that role.
    Custom(Principal),
    /// The DataWorks default role (`default role`): "grants the permissions of the individual
    /// development environment owner"; no role is declared for it.
    Default,
}

/// The snapshot form of [`EnvironmentRole`].
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum RoleRepr {
    Custom(Principal),
    Word(String),
}

impl From<EnvironmentRole> for RoleRepr {
    fn from(r: EnvironmentRole) -> Self {
        match r {
            EnvironmentRole::Custom(p) => RoleRepr::Custom(p),
            EnvironmentRole::Default => RoleRepr::Word(DEFAULT_ROLE_WORD.to_string()),
        }
    }
}

impl TryFrom<RoleRepr> for EnvironmentRole {
    type Error = String;
    fn try_from(r: RoleRepr) -> Result<Self, String> {
        match r {
            RoleRepr::Custom(p) => Ok(EnvironmentRole::Custom(p)),
            RoleRepr::Word(w) if w == DEFAULT_ROLE_WORD => Ok(EnvironmentRole::Default),
            RoleRepr::Word(w) => Err(format!(
                "unknown environment role `{w}`: expected `{DEFAULT_ROLE_WORD}` or a role \
                 principal object"
            )),
        }
    }
}

/// A DataWorks individual development environment (seed 004).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevEnvironment {
    /// The name as written.
    pub name: String,
    /// The member it belongs to.
    pub owner: Principal,
    /// Whether it is public in the workspace.
    #[serde(default)]
    pub public: bool,
    /// Its one associated role, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<EnvironmentRole>,
    /// The declaration.
    pub source: Source,
}
