//! Evaluating RAM policies against one request: explicit Deny wins over Allow, Allow wins over
//! nothing, nothing is an implicit deny ("If a permission policy contains both Allow and Deny
//! effects, Deny takes precedence", <https://www.alibabacloud.com/help/en/ram/policy-elements>).
//!
//! A statement applies when its action, resource, principal (trust policies) and every
//! condition clause match. A clause whose key the request context lacks does not hold, so the
//! statement applies neither as an Allow nor as a Deny; the key is reported as missing (the
//! rule MaxCompute conditions follow, `spec/acl-policy.md` §3.5).

use super::{RamPolicy, RamStatement};
use crate::decision::Effect;
use indexmap::IndexMap;

/// The global condition keys a request context may carry (any service key, such as
/// `saml:recipient` or `oss:Prefix`, may be set as well). Sources: RAM policy elements
/// (<https://www.alibabacloud.com/help/en/ram/policy-elements>) and the universal keys listed by
/// KMS (<https://www.alibabacloud.com/help/en/kms/security-and-compliance/condition-key>).
pub mod keys {
    /// `acs:SourceIp`: the caller's IP address (IP operators).
    pub const SOURCE_IP: &str = "acs:SourceIp";
    /// `acs:CurrentTime`: the request time, RFC 3339 (date operators).
    pub const CURRENT_TIME: &str = "acs:CurrentTime";
    /// `acs:SecureTransport`: `true` over HTTPS (`Bool`).
    pub const SECURE_TRANSPORT: &str = "acs:SecureTransport";
    /// `acs:MFAPresent`: `true` when the caller logged on with MFA (`Bool`).
    pub const MFA_PRESENT: &str = "acs:MFAPresent";
    /// `acs:AccessId`: the AccessKey ID the request was signed with (string operators).
    pub const ACCESS_ID: &str = "acs:AccessId";
    /// `acs:UserAgent`: the client's User-Agent (string operators).
    pub const USER_AGENT: &str = "acs:UserAgent";
    /// `acs:SourceVpc`: the VPC ID the request came from (string operators).
    pub const SOURCE_VPC: &str = "acs:SourceVpc";
    /// All of them.
    pub const GLOBAL: [&str; 7] = [
        SOURCE_IP,
        CURRENT_TIME,
        SECURE_TRANSPORT,
        MFA_PRESENT,
        ACCESS_ID,
        USER_AGENT,
        SOURCE_VPC,
    ];
}

/// Who asks, for the `Principal` of trust policies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A RAM user of the account with numeric ID `account_uid`: named by
    /// `acs:ram::<uid>:root` and `acs:ram::<uid>:user/<name>`.
    RamUser {
        /// The account's numeric ID.
        account_uid: String,
        /// The RAM user's name.
        name: String,
    },
    /// A RAM role session (role chaining): named by `acs:ram::<uid>:root` and
    /// `acs:ram::<uid>:role/<name>`.
    RamRole {
        /// The account's numeric ID.
        account_uid: String,
        /// The role's name.
        name: String,
    },
    /// An Alibaba Cloud account itself: named by `acs:ram::<uid>:root`.
    Account {
        /// The account's numeric ID.
        account_uid: String,
    },
    /// A cloud service acting for an account, e.g. MaxCompute (`odps.aliyuncs.com`) of the
    /// account that owns the project: named by `<uid>@<service>`, and by a bare `<service>`
    /// when `account_uid` is the role's own account ([`RamRequest::resource_account`]).
    Service {
        /// The service principal, e.g. `odps.aliyuncs.com`.
        service: String,
        /// The account the service acts for.
        account_uid: String,
    },
    /// An identity provider, e.g. `acs:ram::<uid>:saml-provider/IDP`: named by its ARN in
    /// `"Federated"`.
    Federated {
        /// The provider's ARN.
        provider: String,
    },
}

/// The request context that `Condition` keys test: key (lower case; keys match without regard
/// to case) -> values. See [`keys`] for the global keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RamContext {
    values: IndexMap<String, Vec<String>>,
}

impl RamContext {
    /// An empty context.
    pub fn new() -> RamContext {
        RamContext::default()
    }

    /// Set `key` (any case) to one value.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.values
            .insert(key.to_ascii_lowercase(), vec![value.into()]);
    }

    /// Set `key` (any case) to several values (a multi-valued key).
    pub fn set_all(&mut self, key: &str, values: Vec<String>) {
        self.values.insert(key.to_ascii_lowercase(), values);
    }

    /// [`RamContext::set`], by value: `RamContext::new().with("acs:SourceIp", "10.0.0.1")`.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> RamContext {
        self.set(key, value);
        self
    }

    /// Remove `key` (any case).
    pub fn remove(&mut self, key: &str) {
        self.values.shift_remove(&key.to_ascii_lowercase());
    }

    /// The keys the context carries (lower case), in the order they were set.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    /// The values of `key` (any case), if the request carries it.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.values
            .get(&key.to_ascii_lowercase())
            .map(Vec::as_slice)
    }
}

/// One RAM authorization question.
#[derive(Debug, Clone, Copy)]
pub struct RamRequest<'a> {
    /// `<ram-code>:<action>`, e.g. `sts:AssumeRole`, `oss:GetObject`, `odps:CreateProject`.
    pub action: &'a str,
    /// The resource ARN; `None` for trust policies, which name no resource.
    pub resource: Option<&'a str>,
    /// The caller, matched against trust policies' `Principal`.
    pub caller: Option<&'a Caller>,
    /// For trust policies: the numeric ID of the account that owns the role (a bare
    /// `odps.aliyuncs.com` trusts MaxCompute of that account only).
    pub resource_account: Option<&'a str>,
    /// The condition keys.
    pub context: &'a RamContext,
}

/// The result of a RAM evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RamOutcome {
    /// An Allow statement matched and no Deny did.
    Allow,
    /// A Deny statement matched.
    ExplicitDeny,
    /// No statement matched.
    ImplicitDeny,
}

/// The outcome and the statements that decided it.
#[derive(Debug, Clone)]
pub struct RamVerdict<'p> {
    /// Allow, explicit deny or implicit deny.
    pub outcome: RamOutcome,
    /// The statements that decided: every matching Deny for an explicit deny, every matching
    /// Allow for an allow, none for an implicit deny.
    pub deciding: Vec<(&'p RamPolicy, &'p RamStatement)>,
    /// Condition keys the request did not carry, for statements that would otherwise have
    /// matched (lower case, each once).
    pub missing: Vec<String>,
}

/// Evaluate `policies` against `req`: every matching Deny makes an explicit deny; otherwise every
/// matching Allow makes an allow; otherwise an implicit deny.
pub fn evaluate<'p>(policies: &[&'p RamPolicy], req: &RamRequest<'_>) -> RamVerdict<'p> {
    let mut allows = Vec::new();
    let mut denies = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for &policy in policies {
        for statement in &policy.statements {
            if !statement.matches_action(req.action)
                || !statement.matches_resource(req.resource)
                || !statement.matches_caller(req.caller, req.resource_account)
            {
                continue;
            }
            match conditions(statement, req.context) {
                Conditions::Hold => match statement.effect {
                    Effect::Allow => allows.push((policy, statement)),
                    Effect::Deny => denies.push((policy, statement)),
                },
                Conditions::Fail => {}
                Conditions::Missing(keys) => {
                    for k in keys {
                        if !missing.contains(&k) {
                            missing.push(k);
                        }
                    }
                }
            }
        }
    }
    let (outcome, deciding) = if !denies.is_empty() {
        (RamOutcome::ExplicitDeny, denies)
    } else if !allows.is_empty() {
        (RamOutcome::Allow, allows)
    } else {
        (RamOutcome::ImplicitDeny, Vec::new())
    };
    RamVerdict {
        outcome,
        deciding,
        missing,
    }
}

enum Conditions {
    Hold,
    Fail,
    /// Every clause whose key is present holds; these keys are absent.
    Missing(Vec<String>),
}

fn conditions(statement: &RamStatement, ctx: &RamContext) -> Conditions {
    let mut missing = Vec::new();
    for clause in &statement.condition {
        match clause.holds(ctx) {
            Some(true) => {}
            Some(false) => return Conditions::Fail,
            None => missing.push(clause.key.to_ascii_lowercase()),
        }
    }
    if missing.is_empty() {
        Conditions::Hold
    } else {
        Conditions::Missing(missing)
    }
}
