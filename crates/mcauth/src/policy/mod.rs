//! Policies (`spec/acl-policy.md` §3): project policies (statements name a `Principal`), role
//! policies (they must not), the GRANT form `privilegeproperties("policy"="true", ...)` on
//! roles, and the ProjectProtection exception policy. A statement applies to a request when
//! its action, resource, principal and condition all match; a matching Deny overrides every
//! Allow, ACL grants included.

pub mod arn;
pub mod json;
mod parse;

use crate::action::Action;
use crate::condition::Condition;
use crate::decision::Effect;
use crate::glob::{glob, glob_ignore_case};
use crate::location::Source;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use parse::{parse_document, PolicyKind};

/// Who a project-policy statement names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyPrincipal {
    /// As written.
    pub name: String,
    /// Canonical principal key, or `*` for everyone.
    pub key: String,
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyStatement {
    /// Allow or Deny.
    pub effect: Effect,
    /// Project and exception policies: who it applies to. Empty in role policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub principals: Vec<PolicyPrincipal>,
    /// Action patterns as written (`odps:Select`, `odps:Create*`, `*`), matched without regard
    /// to case.
    pub actions: Vec<String>,
    /// Resource patterns in normal form (`projects/p/tables/t_*`, `*`).
    pub resources: Vec<String>,
    /// The condition, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// For a GRANT-form entry with `"expires"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Timestamp>,
    /// The statement's position: in the policy file, or the `grant` statement.
    pub source: Source,
}

impl PolicyStatement {
    /// Whether the statement names `action` (with globs; `odps:` prefix).
    pub fn matches_action(&self, action: Action) -> bool {
        let name = action.as_str();
        self.actions
            .iter()
            .any(|p| p == "*" || odps_action(p).is_some_and(|rest| glob_ignore_case(rest, name)))
    }

    /// Whether the statement names the normal-form resource path `path`.
    pub fn matches_resource(&self, path: &str) -> bool {
        self.resources.iter().any(|p| glob(p, path))
    }

    /// Whether a project-policy statement names the principal with key `key`.
    pub fn matches_principal(&self, key: &str) -> bool {
        self.principals.iter().any(|p| p.key == "*" || p.key == key)
    }
}

impl fmt::Display for PolicyStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} on {}",
            effect_name(self.effect),
            self.actions.join(", "),
            self.resources.join(", ")
        )?;
        if !self.principals.is_empty() {
            let p: Vec<&str> = self.principals.iter().map(|p| p.name.as_str()).collect();
            write!(f, " for {}", p.join(", "))?;
        }
        if let Some(c) = &self.condition {
            write!(f, " when {}", c.text())?;
        }
        if let Some(e) = &self.expires {
            write!(f, " expiring {e}")?;
        }
        Ok(())
    }
}

/// How policy documents (MaxCompute and RAM alike) write an effect: `Allow` or `Deny`.
pub(crate) fn effect_name(e: Effect) -> &'static str {
    match e {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    }
}

/// The action part of an `odps:` action pattern, the prefix in any case: `odps:Select` ->
/// `Select`, `ODPS:Create*` -> `Create*`; `None` without the prefix.
pub(crate) fn odps_action(pattern: &str) -> Option<&str> {
    pattern
        .get(..5)
        .filter(|pre| pre.eq_ignore_ascii_case("odps:"))
        .and_then(|_| pattern.get(5..))
}

/// A policy document and where it was put.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyDocument {
    /// The file as read: the name in the `put policy` statement, resolved beside the script
    /// (the path that errors and decisions name).
    pub file: String,
    /// The `put policy` (or `set ProjectProtection ... with exception`) statement.
    pub put_at: Source,
    /// The statements, in order.
    pub statements: Vec<PolicyStatement>,
    /// The document as put (`get policy` prints it).
    pub text: String,
}

/// The display name of an action pattern: `odps:select` -> `Select`, `odps:Create*` ->
/// `Create*`, `*` -> `*`.
pub fn action_display(pattern: &str) -> String {
    let name = odps_action(pattern).unwrap_or(pattern);
    match Action::from_name(name) {
        Some(a) => a.as_str().to_string(),
        None => name.to_string(),
    }
}
