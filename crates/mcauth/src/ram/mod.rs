//! RAM policies (Alibaba Cloud Resource Access Management): the permission policies attached to
//! RAM users and roles, the trust policies of RAM roles, and their evaluation (seed 001, seed
//! 002, `spec/principals-labels-packages.md` §8).
//!
//! RAM decides console and tenant-level requests, whether a caller may assume a role (STS), and
//! what a role assumed by MaxCompute may do in OSS, Tablestore, Hologres and DLF. It never
//! decides project-level requests: MaxCompute recognises RAM identities but not RAM permissions
//! (seed 000). MaxCompute's own policies live in [`crate::policy`]; where the two languages
//! differ (`NotAction`/`NotResource`, action namespaces, whole-ARN resources, open condition
//! keys) they are kept apart, and `docs/semantics.md` says where. They share the JSON reader
//! ([`crate::policy::json`]), the `*`/`?` matcher ([`crate::glob`]) and the condition operators
//! ([`crate::condition::Matcher`]).
//!
//! - [`document`]: reading a policy file, with errors at `file:line:column`;
//! - [`evaluate`](mod@evaluate): explicit Deny wins, then Allow, else an implicit deny;
//! - [`system`]: the system policies by name and the fixed policies of service-linked roles.

mod clause;
mod condition_block;
mod display;
pub mod document;
pub mod evaluate;
mod principal;
pub mod system;

use crate::decision::Effect;
use crate::glob::{glob, glob_ignore_case};
use crate::location::Source;
use serde::{Deserialize, Serialize};

pub use clause::RamClause;
pub use document::{parse_ram_policy, parse_ram_policy_named, RamPolicyKind};
pub use evaluate::{evaluate, Caller, RamContext, RamOutcome, RamRequest, RamVerdict};
pub use system::{is_high_risk, service_linked_role, system_policy, ServiceLinkedRole};

/// A RAM policy document: a system policy or a custom policy file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RamPolicy {
    /// The system policy's name (`AliyunMaxComputeFullAccess`) or the file as named.
    pub name: String,
    /// Whether it is a system policy (its statements are built in).
    pub system: bool,
    /// The statements, in order.
    pub statements: Vec<RamStatement>,
    /// The document as written.
    pub text: String,
}

/// `Action` or `NotAction`, `Resource` or `NotResource`: a list of patterns, or everything
/// except a list of patterns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Patterns {
    /// `Action` / `Resource`: the listed patterns.
    Only(Vec<String>),
    /// `NotAction` / `NotResource`: everything except the listed patterns.
    Except(Vec<String>),
}

impl Patterns {
    /// The patterns as written.
    pub fn patterns(&self) -> &[String] {
        match self {
            Patterns::Only(p) | Patterns::Except(p) => p,
        }
    }

    /// Whether the list is a `NotAction` / `NotResource`.
    pub fn is_except(&self) -> bool {
        matches!(self, Patterns::Except(_))
    }

    /// Whether `action` (`<ram-code>:<action>`) is covered: for `Only`, some pattern globs it
    /// without regard to case ("Values in Action and NotAction are generally not
    /// case-sensitive", <https://www.alibabacloud.com/help/en/ram/policy-elements>); for
    /// `Except`, none does.
    pub fn matches_action(&self, action: &str) -> bool {
        self.covers(|p| glob_ignore_case(p, action))
    }

    /// Whether the resource ARN `arn` is covered: for `Only`, some pattern globs the whole ARN
    /// (`*` and `?`, `*` crossing `:` and `/`), case-sensitively; for `Except`, none does.
    pub fn matches_resource(&self, arn: &str) -> bool {
        self.covers(|p| glob(p, arn))
    }

    fn covers(&self, hit: impl Fn(&str) -> bool) -> bool {
        let any = self.patterns().iter().any(|p| hit(p));
        any != self.is_except()
    }
}

/// The `Principal` block of a trust-policy statement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustPrincipals {
    /// `"RAM"`: `acs:ram::<uid>:root`, `acs:ram::<uid>:user/<name>`, `acs:ram::<uid>:role/<name>`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ram: Vec<String>,
    /// `"Service"`: `odps.aliyuncs.com`, `<uid>@odps.aliyuncs.com`, ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service: Vec<String>,
    /// `"Federated"`: `acs:ram::<uid>:saml-provider/<name>`, ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub federated: Vec<String>,
}

impl TrustPrincipals {
    /// Whether `caller` is named. A bare service name (`odps.aliyuncs.com`) names the service
    /// acting for `resource_account` only (the account that owns the role); see
    /// [`Caller`] for the other forms.
    pub fn matches(&self, caller: &Caller, resource_account: Option<&str>) -> bool {
        principal::matches(self, caller, resource_account)
    }
}

/// One statement of a RAM policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RamStatement {
    /// Allow or Deny.
    pub effect: Effect,
    /// `Action` or `NotAction`: `<ram-code>:<action>` patterns, matched without regard to case.
    pub actions: Patterns,
    /// `Resource` or `NotResource`: ARN patterns. `None` in trust policies, which have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Patterns>,
    /// Trust policies: who may assume the role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principals: Option<TrustPrincipals>,
    /// The `Condition` clauses, all of which must hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub condition: Vec<RamClause>,
    /// Where the statement starts (in the policy file; for system policies, the pseudo file
    /// `<system:NAME>`, line 1).
    pub source: Source,
}

impl RamStatement {
    /// Whether the statement covers `action` ([`Patterns::matches_action`]).
    pub fn matches_action(&self, action: &str) -> bool {
        self.actions.matches_action(action)
    }

    /// Whether the statement covers the resource: always when the statement names none (trust
    /// policies) or the request names none (the question is whether a role may be assumed).
    pub fn matches_resource(&self, resource: Option<&str>) -> bool {
        match (&self.resources, resource) {
            (Some(p), Some(arn)) => p.matches_resource(arn),
            _ => true,
        }
    }

    /// Whether the statement names the caller: always when it has no `Principal` (permission
    /// policies); never for a trust statement and a request without a caller.
    pub fn matches_caller(&self, caller: Option<&Caller>, resource_account: Option<&str>) -> bool {
        match (&self.principals, caller) {
            (None, _) => true,
            (Some(p), Some(c)) => p.matches(c, resource_account),
            (Some(_), None) => false,
        }
    }
}
