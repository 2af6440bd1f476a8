//! RAM-side declarations (design §2, seeds 000–002): AccessKeys with their 15-minute delay, RAM
//! roles with trust policies and a maximum session, service-linked roles, and policies
//! attached to RAM users and roles. These are console operations: like the other
//! declarations they are not authorized as the `login` issuer (semantics S4).

use super::declarations::{parse_principal, role_name};
use super::policy::read_beside;
use super::Loader;
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{AccessKey, Attachment, KeyEvent, KeyState, RamRole};
use crate::principal::{PrincipalKind, PrincipalName};
use crate::ram::system::{
    service_linked_role, service_linked_role_names, system_policy, system_policy_names,
};
use crate::ram::{parse_ram_policy_named, RamPolicy, RamPolicyKind};
use crate::script::{KeyChange, PolicyName, RamTarget, Spanned};
use jiff::Timestamp;

/// "A RAM user can have a maximum of two AccessKeys" (seed 001).
pub const MAX_KEYS_PER_RAM_USER: usize = 2;
/// RAM role maximum session: "3600 to 43200 ... Default value: 3600" (RAM, "Specify the maximum
/// session duration for a RAM role").
pub const SESSION_RANGE: (u64, u64) = (3600, 43200);
/// RAM limits: system policies per user or role.
const MAX_SYSTEM_POLICIES: usize = 20;
/// RAM limits: custom policies per user, and per role ("The number of custom policies that can
/// be attached to a RAM role | 10", https://www.alibabacloud.com/help/en/ram/product-overview/limits;
/// older versions of the page said 5 for a role).
const MAX_CUSTOM_POLICIES: usize = 10;

/// "one of `a`, `b` or `c`" (or "`a`" alone) for the names of an "expected" clause.
fn one_of<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    match names.split_last() {
        None => "a known name".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("one of {} or {last}", rest.join(", ")),
    }
}

impl Loader {
    /// The clock a dated statement needs.
    fn clock(&self, src: &Source, what: &str) -> Result<Timestamp, LoadError> {
        self.model.clock.ok_or_else(|| {
            LoadError::rejected(
                src,
                format!(
                    "{what} needs the clock: expected `at '<RFC 3339 time>';` before it (an \
                     AccessKey takes effect about 15 minutes after it is created, enabled or \
                     disabled)"
                ),
            )
        })
    }

    pub(super) fn create_access_key(
        &mut self,
        src: &Source,
        id: &Spanned<String>,
        owner: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let at = self.clock(src, "`create accesskey`")?;
        if let Some(k) = self.model.access_keys.get(&id.value) {
            return Err(LoadError::rejected(
                &id.source,
                format!(
                    "AccessKey `{}` already exists (created at {})",
                    id.value,
                    k.history.first().map_or(src, |e| &e.source)
                ),
            ));
        }
        let principal = self.resolve_named(owner, self.owner_short_form())?;
        match principal.kind {
            PrincipalKind::RamRole => {
                return Err(LoadError::rejected(
                    &owner.source,
                    format!(
                        "`{}` is a RAM role: roles have no AccessKey pair, they authenticate \
                         with STS tokens",
                        owner.value
                    ),
                ))
            }
            PrincipalKind::Account => {
                if !self.model.accounts.contains_key(&principal.account) {
                    return Err(LoadError::rejected(
                        &owner.source,
                        format!(
                            "account `{}` is not declared: expected `create account {};` first",
                            owner.value, owner.value
                        ),
                    ));
                }
            }
            PrincipalKind::RamUser => {
                self.declared_ram(owner, PrincipalKind::RamUser)?;
                let live: Vec<&AccessKey> = self
                    .model
                    .access_keys
                    .values()
                    .filter(|k| k.owner.key == principal.key && k.state() != KeyState::Deleted)
                    .collect();
                if live.len() >= MAX_KEYS_PER_RAM_USER {
                    let ids: Vec<&str> = live.iter().map(|k| k.id.as_str()).collect();
                    return Err(LoadError::rejected(
                        &id.source,
                        format!(
                            "RAM user `{}` already has {} AccessKeys ({}): a RAM user can have \
                             at most two; delete one first",
                            principal.display,
                            live.len(),
                            ids.join(", ")
                        ),
                    ));
                }
            }
        }
        self.model.access_keys.insert(
            id.value.clone(),
            AccessKey {
                id: id.value.clone(),
                owner: principal,
                history: vec![KeyEvent {
                    state: KeyState::Enabled,
                    at,
                    source: src.clone(),
                }],
            },
        );
        Ok(())
    }

    pub(super) fn set_access_key(
        &mut self,
        src: &Source,
        id: &Spanned<String>,
        change: KeyChange,
    ) -> Result<(), LoadError> {
        let at = self.clock(src, "changing an AccessKey")?;
        let Some(key) = self.model.access_keys.get_mut(&id.value) else {
            return Err(LoadError::rejected(
                &id.source,
                format!(
                    "AccessKey `{}` does not exist (AccessKey IDs are case-sensitive)",
                    id.value
                ),
            ));
        };
        let state = match change {
            KeyChange::Enable => KeyState::Enabled,
            KeyChange::Disable => KeyState::Disabled,
            KeyChange::Delete => KeyState::Deleted,
        };
        let now = key.state();
        if now == KeyState::Deleted {
            return Err(LoadError::rejected(
                &id.source,
                format!(
                    "AccessKey `{}` is deleted{}: a deleted AccessKey cannot change",
                    id.value,
                    key.last()
                        .map(|e| format!(" (at {})", e.source))
                        .unwrap_or_default()
                ),
            ));
        }
        if now == state {
            return Err(LoadError::rejected(
                src,
                format!("AccessKey `{}` is already {}", id.value, state.as_str()),
            ));
        }
        key.history.push(KeyEvent {
            state,
            at,
            source: src.clone(),
        });
        Ok(())
    }

    /// The account's numeric ID, which a role's ARN needs.
    fn uid_for_arn(&self, at: &Source, account: &str) -> Result<String, LoadError> {
        if !self.model.accounts.contains_key(account) && self.model.account_uid(account).is_none() {
            return Err(LoadError::rejected(
                at,
                format!(
                    "account `{account}` is not declared: expected `create account \
                     ALIYUN${account} uid <16 digits>;` first"
                ),
            ));
        }
        self.model.account_uid(account).ok_or_else(|| {
            LoadError::rejected(
                at,
                format!(
                    "account `{account}` has no numeric ID: a RAM role's ARN \
                     `acs:ram::<uid>:role/<name>` needs it; expected `create account \
                     ALIYUN${account} uid <16 digits>;`"
                ),
            )
        })
    }

    pub(super) fn create_ram_role(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
        trust: &Spanned<String>,
        max_session: Option<&Spanned<u64>>,
    ) -> Result<(), LoadError> {
        let principal = self.resolve_named(name, self.owner_short_form())?;
        if principal.kind != PrincipalKind::RamRole {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` is not a RAM role: expected `RAM$<account>:role/<name>`",
                    name.value
                ),
            ));
        }
        role_name(&name.source, &parse_principal(name)?.name)?;
        self.uid_for_arn(&name.source, &principal.account)?;
        if let Some(r) = self.model.ram_roles.get(&principal.key) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "RAM role `{}` already exists (created at {})",
                    name.value, r.source
                ),
            ));
        }
        let max_session = match max_session {
            None => SESSION_RANGE.0,
            Some(s) if (SESSION_RANGE.0..=SESSION_RANGE.1).contains(&s.value) => s.value,
            Some(s) => {
                return Err(LoadError::rejected(
                    &s.source,
                    format!(
                        "max session {} is out of range: a RAM role's maximum session duration \
                         is 3600 to 43200 seconds (default 3600)",
                        s.value
                    ),
                ))
            }
        };
        let policy = self.read_ram_policy(src, trust, RamPolicyKind::Trust)?;
        self.model.ram_roles.insert(
            principal.key.clone(),
            RamRole {
                principal,
                trust: policy,
                trust_file: Some(trust.value.clone()),
                max_session,
                service_linked: false,
                policies: Vec::new(),
                source: src.clone(),
            },
        );
        Ok(())
    }

    pub(super) fn create_service_linked_role(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
        account: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let Some(linked) = service_linked_role(&name.value) else {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "unknown service-linked role `{}`: expected {}",
                    name.value,
                    one_of(service_linked_role_names())
                ),
            ));
        };
        let owner = parse_principal(account)?;
        let Some(written) = owner
            .account
            .filter(|_| owner.kind == PrincipalKind::Account)
        else {
            return Err(LoadError::rejected(
                &account.source,
                format!(
                    "`{}` is not an Alibaba Cloud account: expected `ALIYUN$<account>`",
                    account.value
                ),
            ));
        };
        let canonical = self.model.canonical_account(&written);
        self.uid_for_arn(&account.source, &canonical)?;
        // The role of the account as written: `RAM$<account>:role/<name>`.
        let role = linked.name.to_ascii_lowercase();
        let principal = self.model.resolve(
            &PrincipalName {
                kind: PrincipalKind::RamRole,
                text: format!("RAM${written}:role/{role}"),
                account: Some(written),
                name: role,
            },
            "",
        );
        if let Some(r) = self.model.ram_roles.get(&principal.key) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "service-linked role `{}` already exists (created at {})",
                    name.value, r.source
                ),
            ));
        }
        self.model.ram_roles.insert(
            principal.key.clone(),
            RamRole {
                principal,
                trust: linked.trust,
                trust_file: None,
                max_session: SESSION_RANGE.0,
                service_linked: true,
                policies: vec![Attachment {
                    policy: linked.policy,
                    source: src.clone(),
                }],
                source: src.clone(),
            },
        );
        Ok(())
    }

    /// Read and parse a RAM policy file named in a statement (relative to its script).
    pub(super) fn read_ram_policy(
        &self,
        src: &Source,
        file: &Spanned<String>,
        kind: RamPolicyKind,
    ) -> Result<RamPolicy, LoadError> {
        let (path, text) = read_beside(src, file)?;
        parse_ram_policy_named(&file.value, &path, &text, kind)
    }

    pub(super) fn attach_policy(
        &mut self,
        src: &Source,
        policy: &PolicyName,
        target: &RamTarget,
        attach: bool,
    ) -> Result<(), LoadError> {
        let kind = if target.role {
            PrincipalKind::RamRole
        } else {
            PrincipalKind::RamUser
        };
        let principal = self.declared_ram(&target.name, kind)?;
        let (name, at) = match policy {
            PolicyName::System(n) | PolicyName::File(n) => (n.value.clone(), &n.source),
        };
        let system = matches!(policy, PolicyName::System(_));
        let loaded = if !attach {
            None
        } else {
            Some(match policy {
                PolicyName::System(n) => system_policy(&n.value).ok_or_else(|| {
                    LoadError::rejected(
                        &n.source,
                        format!(
                            "unknown system policy `{}`: expected {}, or a custom policy file in \
                             quotes",
                            n.value,
                            one_of(system_policy_names())
                        ),
                    )
                })?,
                PolicyName::File(f) => self.read_ram_policy(src, f, RamPolicyKind::Permission)?,
            })
        };
        let declared = if target.role {
            self.model
                .ram_roles
                .get_mut(&principal.key)
                .map(|r| (&mut r.policies, r.service_linked))
        } else {
            self.model
                .ram_users
                .get_mut(&principal.key)
                .map(|u| (&mut u.policies, false))
        };
        let Some((attached, service_linked)) = declared else {
            // `declared_ram` has found it: this only borrows it for the change.
            return Err(LoadError::rejected(
                &target.name.source,
                format!("`{}` is not declared", target.name.value),
            ));
        };
        if service_linked {
            return Err(LoadError::rejected(
                src,
                format!(
                    "`{}` is a service-linked role: its policy is fixed by the service",
                    target.name.value
                ),
            ));
        }
        let same =
            |a: &Attachment| a.policy.system == system && a.policy.name.eq_ignore_ascii_case(&name);
        let existing = attached.iter().position(same);
        match (loaded, existing) {
            (Some(_), Some(i)) => Err(LoadError::rejected(
                at,
                format!(
                    "policy `{name}` is already attached to `{}` (at {})",
                    target.name.value,
                    attached.get(i).map_or(src, |a| &a.source)
                ),
            )),
            (Some(policy), None) => {
                let count = attached
                    .iter()
                    .filter(|a| a.policy.system == system)
                    .count();
                let max = if system {
                    MAX_SYSTEM_POLICIES
                } else {
                    MAX_CUSTOM_POLICIES
                };
                if count >= max {
                    return Err(LoadError::rejected(
                        at,
                        format!(
                            "`{}` already has {count} {} policies attached: RAM allows at most \
                             {max}",
                            target.name.value,
                            if system { "system" } else { "custom" }
                        ),
                    ));
                }
                attached.push(Attachment {
                    policy,
                    source: src.clone(),
                });
                Ok(())
            }
            (None, Some(i)) => {
                attached.remove(i);
                Ok(())
            }
            (None, None) => Err(LoadError::rejected(
                at,
                format!(
                    "policy `{name}` is not attached to `{}`: nothing to detach",
                    target.name.value
                ),
            )),
        }
    }
}
