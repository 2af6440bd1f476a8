//! Identities: the Alibaba Cloud account used for routine work (seed 000: "Do not use your
//! Alibaba Cloud account for routine MaxCompute operations"), high-risk RAM policies and
//! AccessKeys (seed 001). `docs/semantics.md` LT1–LT6.

use super::{by_statement, describe, Code, Finding};
use crate::location::Source;
use crate::model::{GranteeKind, KeyState, Model, Project};
use crate::principal::{PrincipalKind, PrincipalName};
use crate::ram::is_high_risk;
use crate::request::{AnyRequest, Identity};
use indexmap::IndexMap;

/// The identity lints of the model.
pub(super) fn lint(model: &Model, out: &mut Vec<Finding>) {
    high_risk_policies(model, out);
    access_keys(model, out);
    for project in model.projects.values() {
        root_in_project(project, out);
    }
}

/// `high-risk-policy`: AdministratorAccess or AliyunRAMFullAccess attached to a RAM user or
/// role (`crate::ram::is_high_risk`, seed 001).
fn high_risk_policies(model: &Model, out: &mut Vec<Finding>) {
    let users = model
        .ram_users
        .values()
        .map(|u| ("RAM user", &u.principal, &u.policies));
    let roles = model
        .ram_roles
        .values()
        .map(|r| ("RAM role", &r.principal, &r.policies));
    for (what, who, policies) in users.chain(roles) {
        for a in policies
            .iter()
            .filter(|a| a.policy.system && is_high_risk(&a.policy.name))
        {
            out.push(Finding::new(
                Code::HighRiskPolicy,
                Some(&a.source),
                format!(
                    "{what} {who} has the high-risk system policy {} attached",
                    a.policy.name
                ),
            ));
        }
    }
}

/// `two-access-keys` (a RAM user with two enabled keys) and `root-access-key` (an enabled key
/// of an Alibaba Cloud account). A key's state is its latest one, at the end of the scripts.
fn access_keys(model: &Model, out: &mut Vec<Finding>) {
    let mut by_user: IndexMap<&str, Vec<&crate::model::AccessKey>> = IndexMap::new();
    for key in model
        .access_keys
        .values()
        .filter(|k| k.state() == KeyState::Enabled)
    {
        let at = key.last().map(|e| &e.source);
        match key.owner.kind {
            PrincipalKind::Account => out.push(Finding::new(
                Code::RootAccessKey,
                at,
                format!(
                    "AccessKey `{}` of the Alibaba Cloud account {} is enabled",
                    key.id, key.owner
                ),
            )),
            PrincipalKind::RamUser => by_user.entry(&key.owner.key).or_default().push(key),
            PrincipalKind::RamRole => {}
        }
    }
    for keys in by_user.values().filter(|k| k.len() >= 2) {
        let (Some(first), Some(last)) = (keys.first(), keys.last()) else {
            continue;
        };
        let ids: Vec<String> = keys.iter().map(|k| format!("`{}`", k.id)).collect();
        out.push(Finding::new(
            Code::TwoAccessKeys,
            last.last().map(|e| &e.source),
            format!(
                "RAM user {} has {} enabled AccessKeys ({}): the rotation that created `{}` has \
                 not disabled the older one",
                first.owner,
                keys.len(),
                ids.join(", "),
                last.id
            ),
        ));
    }
}

/// Whether a principal name as written is an Alibaba Cloud account.
fn is_account(name: &str) -> bool {
    PrincipalName::parse(name).is_ok_and(|n| n.kind == PrincipalKind::Account)
}

/// `root-account-member` and `root-account-grant` in one project: an Alibaba Cloud account
/// added as a user (it never owns the project: the owner is not added, M4), holding roles, or
/// holding ACL grants.
fn root_in_project(project: &Project, out: &mut Vec<Finding>) {
    for m in project
        .users
        .values()
        .filter(|m| m.principal.kind == PrincipalKind::Account)
    {
        out.push(Finding::new(
            Code::RootAccountMember,
            Some(&m.source),
            format!(
                "the Alibaba Cloud account {} is a user of project {}, which {} owns",
                m.principal, project.name, project.owner
            ),
        ));
        for (role, src) in &m.roles {
            let name = project.roles.get(role).map_or(role.as_str(), |r| &r.name);
            out.push(Finding::new(
                Code::RootAccountGrant,
                Some(src),
                format!(
                    "the Alibaba Cloud account {} holds role {name} in project {}",
                    m.principal, project.name
                ),
            ));
        }
    }
    let to_accounts = project
        .acl
        .iter()
        .filter(|g| g.grantee.kind == GranteeKind::User && is_account(&g.grantee.name));
    for (src, grants) in by_statement(to_accounts) {
        out.push(Finding::new(
            Code::RootAccountGrant,
            Some(src),
            format!(
                "{} in project {}: the grantee is an Alibaba Cloud account",
                describe(&grants),
                project.name
            ),
        ));
    }
}

/// `root-account-request`: a request made as an Alibaba Cloud account — by name, or signed with
/// one of its AccessKeys — read at `at` (a line of a requests file). External-data-source
/// requests (MaxCompute itself assumes a role) name no identity, and an STS token is never an
/// account's (authentication refuses an account as a caller), so neither is reported.
///
/// ```
/// use mcauth::lint::{lint_request, Code};
/// use mcauth::location::Source;
/// use mcauth::request::AnyRequest;
/// let model = mcauth::Model::from_script_str("a.mcauth",
///     "create project p owner ALIYUN$o@example.com;").unwrap();
/// let req = AnyRequest::from_json(
///     r#"{"principal":"ALIYUN$o@example.com","project":"p","action":"List"}"#).unwrap();
/// let f = lint_request(&model, &req, &Source::new("r.jsonl", 3, 1)).unwrap();
/// assert_eq!(f.code, Code::RootAccountRequest);
/// assert_eq!(f.source.unwrap().to_string(), "r.jsonl:3:1");
/// ```
pub fn lint_request(model: &Model, request: &AnyRequest, at: &Source) -> Option<Finding> {
    let identity = match request {
        AnyRequest::Project(r) => r.identity(),
        AnyRequest::Console(c) => &c.identity,
        AnyRequest::External(_) => return None,
    };
    let message = match identity {
        Identity::Principal(name) if is_account(name) => {
            format!("the request is made as the Alibaba Cloud account {name}")
        }
        Identity::AccessKey(id) => {
            let key = model.access_keys.get(id)?;
            if key.owner.kind != PrincipalKind::Account {
                return None;
            }
            format!(
                "the request is signed with AccessKey `{id}` of the Alibaba Cloud account {}",
                key.owner
            )
        }
        Identity::Principal(_) | Identity::Sts(_) => return None,
    };
    Some(Finding::new(Code::RootAccountRequest, Some(at), message))
}
