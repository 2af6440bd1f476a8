//! A decision (design §4): allow or deny, the stage that decided, and why.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The five stages of the pipeline, in order (design §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The identity.
    Authentication,
    /// Project membership.
    Membership,
    /// IP and VPC whitelists.
    IpWhitelist,
    /// Project status.
    ProjectStatus,
    /// Grants, roles, owner, creator, prerequisites.
    Permission,
    /// Console, tenant-level and external-data-source requests: RAM policies (and tenant
    /// roles), never project ACLs.
    Ram,
}

impl Stage {
    /// The stages of a console or external-data-source request.
    pub const RAM_PATH: [Stage; 2] = [Stage::Authentication, Stage::Ram];

    /// The stages of a project-level request, in pipeline order.
    pub const ALL: [Stage; 5] = [
        Stage::Authentication,
        Stage::Membership,
        Stage::IpWhitelist,
        Stage::ProjectStatus,
        Stage::Permission,
    ];

    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Authentication => "authentication",
            Stage::Membership => "membership",
            Stage::IpWhitelist => "ip_whitelist",
            Stage::ProjectStatus => "project_status",
            Stage::Permission => "permission",
            Stage::Ram => "ram",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Allow or deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Allowed.
    Allow,
    /// Denied.
    Deny,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Effect::Allow => "allow",
            Effect::Deny => "deny",
        })
    }
}

/// Why a permission-stage deny happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DenyKind {
    /// A rule refused it (a Deny statement, project protection, ...).
    Explicit,
    /// Nothing allowed it.
    Implicit,
}

/// What a reason names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// An ACL grant.
    Grant,
    /// A policy statement (project policy, role policy or GRANT-form policy entry).
    Policy,
    /// The project owner.
    Owner,
    /// The object's creator (`ObjectCreatorHasAccessPermission`).
    Creator,
    /// A built-in role (`admin`, `super_administrator`).
    BuiltinRole,
    /// A principal declaration or its absence.
    Account,
    /// An account provider setting.
    AccountProvider,
    /// Project membership (`add user` / `remove user`).
    Membership,
    /// A whitelist setting.
    Whitelist,
    /// The project status.
    Status,
    /// A security flag.
    Flag,
    /// A missing prerequisite (`CreateInstance`).
    Prerequisite,
    /// The object itself (missing, or the project holding it).
    Object,
    /// A LabelSecurity label: a sensitivity, an access level or a label grant.
    Label,
    /// A package: its object privileges, the installation, Read on it.
    Package,
    /// ProjectProtection: the switch, a trusted project.
    Protection,
    /// An AccessKey and its state.
    AccessKey,
    /// A RAM role session: the role, its trust policy, the token.
    Sts,
    /// A RAM policy statement (console, STS, external data sources).
    RamPolicy,
    /// A tenant-level role.
    TenantRole,
}

/// One thing that decided: a grant, a role, a setting; with the script line it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// What it is.
    pub kind: ReasonKind,
    /// Whether it allowed or refused.
    pub effect: Effect,
    /// `file:line:column` of the statement, when there is one.
    pub source: Option<String>,
    /// A readable account of it.
    pub text: String,
}

/// The outcome of one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageOutcome {
    /// Passed.
    Pass,
    /// Refused the request.
    Fail,
    /// Not evaluated: an earlier stage refused.
    NotReached,
}

/// One entry of `stages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageResult {
    /// The stage.
    pub stage: Stage,
    /// Its outcome.
    pub result: StageOutcome,
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// `allow` or `deny`.
    pub decision: Effect,
    /// The stage that decided (`permission` for an allow).
    pub stage: Stage,
    /// For a permission deny: explicit or implicit.
    pub deny_kind: Option<DenyKind>,
    /// MaxCompute's error code where it documents one (`4019`, `4093`, ...), else a short
    /// name; `null` for an allow.
    pub code: Option<String>,
    /// A message in MaxCompute's words.
    pub message: String,
    /// What decided.
    pub reasons: Vec<Reason>,
    /// Every stage with its outcome.
    pub stages: Vec<StageResult>,
    /// Condition keys that a grant or policy statement tested and the request did not carry
    /// (so the statement did not apply), like the IAM simulator's `MissingContextValues`.
    #[serde(default)]
    pub missing_context: Vec<String>,
}

impl Decision {
    /// Whether the request is allowed.
    pub fn is_allowed(&self) -> bool {
        self.decision == Effect::Allow
    }
}

impl fmt::Display for Decision {
    /// One line: `allow|deny <stage> [code]: message [(source)]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.decision, self.stage)?;
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        write!(f, ": {}", self.message)
    }
}
