//! `sts`: a RAM role session. The token passes only when the role exists, the caller may assume
//! it, and the token is still valid (`spec/principals-labels-packages.md` §8.1):
//!
//! 1. the caller is a RAM user or role (by name or ARN), a trusted service, or an identity
//!    provider — never an Alibaba Cloud account ("The AssumeRole API operation cannot be called
//!    by an Alibaba Cloud account"), whether named `ALIYUN$…` or `acs:ram::<uid>:root`;
//! 2. a RAM user or role caller's own policies allow `sts:AssumeRole` on the role's ARN;
//! 3. the role's trust policy names the caller;
//! 4. the duration is 900 seconds to the role's maximum session (default 3600), and the request
//!    falls between the issue time and the expiry ([`validity`]).
//!
//! An environment's credential ([`environment`]) is a session of its custom role, checked the
//! same way, or, with the DataWorks default role, its owner after step 4 alone.

use super::super::ram::{denial, judge, no_permission};
use super::super::{Denial, Trace};
use super::environment::{self, dataworks_caller, Session};
use super::ram_identity::{caller_policies, role_arn, role_by_name, uid_of};
use super::trust::trusts;
use super::validity::{self, Holder};
use crate::model::Model;
use crate::principal::ShortForm;
use crate::principal::{Principal, PrincipalKind, PrincipalName};
use crate::ram::{Caller, RamContext, RamOutcome};
use crate::request::{ArnPrincipal, RamArn, StsCaller, StsToken};
use jiff::Timestamp;

/// The caller as the trust policy sees it, and the principal whose own RAM policies must allow
/// `sts:AssumeRole` (RAM users and roles only). `role_uid` is the role's account: a bare service
/// name and an environment's DataWorks act for it. `short_form` says what `RAM$<user>` stands
/// for.
fn caller_of(
    model: &Model,
    caller: &StsCaller,
    role_uid: &str,
    short_form: &ShortForm<'_>,
    trace: &mut Trace,
) -> Result<(Caller, Option<Principal>), Denial> {
    Ok(match caller {
        StsCaller::Principal(text) => {
            let p = model
                .resolve_text(text, *short_form)
                .map_err(|why| super::invalid_name(text, why))?;
            principal_caller(model, text, p)?
        }
        StsCaller::Arn(arn) => {
            let p = arn_principal(model, arn)?;
            trace.note(|| (format!("caller `{}` is {}", arn.text, p.display), None));
            principal_caller(model, &arn.text, p)?
        }
        StsCaller::Service(s) => {
            let (account_uid, service) = match s.split_once('@') {
                Some((uid, svc)) => (uid.to_string(), svc.to_string()),
                None => (role_uid.to_string(), s.clone()),
            };
            (
                Caller::Service {
                    service,
                    account_uid,
                },
                None,
            )
        }
        StsCaller::Federated(arn) => (
            Caller::Federated {
                provider: arn.clone(),
            },
            None,
        ),
        StsCaller::Environment(_) => (dataworks_caller(role_uid), None),
    })
}

/// The principal a caller ARN names (`docs/semantics.md` I9): its account ID must be a declared
/// account's; the user or role is then named in that account, as `RAM$<account>:<user>` would.
fn arn_principal(model: &Model, arn: &RamArn) -> Result<Principal, Denial> {
    let key = model.canonical_account(&arn.uid);
    let Some(account) = model.accounts.get(&key) else {
        return Err(Denial::new(
            "invalid_account",
            format!(
                "Invalid account Name `{}`: no declared account has the ID `{}` (expected \
                 `create account ALIYUN$<name> uid {};`)",
                arn.text, arn.uid, arn.uid
            ),
        ));
    };
    let account_name = account
        .name
        .split_once('$')
        .map_or(account.name.as_str(), |(_, n)| n);
    let text = match &arn.principal {
        ArnPrincipal::Root => format!("ALIYUN${account_name}"),
        ArnPrincipal::User(n) => format!("RAM${account_name}:{n}"),
        ArnPrincipal::Role(n) => format!("RAM${account_name}:role/{n}"),
    };
    let name = PrincipalName::parse(&text).map_err(|e| {
        Denial::new(
            "invalid_account",
            format!("Invalid account Name `{}`: {e}", arn.text),
        )
    })?;
    Ok(model.resolve(&name, &key))
}

/// A principal caller (written `text`): a RAM user or role, whose own policies are checked
/// next; an Alibaba Cloud account is refused (PLP §8.1 condition 1).
fn principal_caller(
    model: &Model,
    text: &str,
    p: Principal,
) -> Result<(Caller, Option<Principal>), Denial> {
    let account_uid = uid_of(model, &p.account)?;
    let name = p
        .key
        .rsplit(['/', ':'])
        .next()
        .unwrap_or_default()
        .to_string();
    let caller = match p.kind {
        PrincipalKind::Account => {
            return Err(no_permission(&format!(
                "`{text}` is an Alibaba Cloud account: the AssumeRole API operation cannot be \
                 called by an Alibaba Cloud account (docs/semantics.md I8)"
            )))
        }
        PrincipalKind::RamUser => Caller::RamUser { account_uid, name },
        PrincipalKind::RamRole => Caller::RamRole { account_uid, name },
    };
    Ok((caller, Some(p)))
}

/// Authenticate an STS token at `now`: the role session's principal (the role), or the owner
/// of an environment with the DataWorks default role. `short_form` says what a caller
/// `RAM$<user>` stands for.
pub(crate) fn check(
    model: &Model,
    token: &StsToken,
    short_form: &ShortForm<'_>,
    now: Option<Timestamp>,
    context: &RamContext,
    trace: &mut Trace,
) -> Result<Principal, Denial> {
    let role = match &token.caller {
        StsCaller::Environment(env) => {
            match environment::session(model, env, token.role.as_deref(), trace)? {
                Session::Role(role) => role,
                Session::Owner(env) => {
                    validity::check(token, Holder::DefaultRole(env), now.or(model.clock), trace)?;
                    return Ok(env.owner.clone());
                }
            }
        }
        _ => role_by_name(model, token.role.as_deref().unwrap_or_default())?,
    };
    let role_uid = uid_of(model, &role.principal.account)?;
    let (caller, who) = caller_of(model, &token.caller, &role_uid, short_form, trace)?;
    let role_arn = role_arn(&role_uid, role);

    // 2. The caller's own permission to assume the role.
    if let Some(p) = &who {
        let policies = caller_policies(model, p).ok_or_else(|| {
            Denial::new(
                "EntityNotExist.User",
                format!(
                    "Invalid account Name {}: the caller is not a declared RAM user or role",
                    p.display
                ),
            )
        })?;
        let j = judge(
            policies,
            &p.display,
            "sts:AssumeRole",
            &role_arn,
            context,
            trace,
        );
        if j.outcome != RamOutcome::Allow {
            let why = if j.outcome == RamOutcome::ExplicitDeny {
                "a Deny statement of its RAM policies refuses it"
            } else {
                "none of its RAM policies allows it"
            };
            let message = format!(
                "`{}` may not call sts:AssumeRole on {role_arn}: {why} (attach \
                 AliyunSTSAssumeRoleAccess or a custom policy allowing it)",
                p.display
            );
            return Err(denial(j, &message));
        }
    }

    // 3. The trust policy.
    trusts(role, &role_uid, &caller, context, trace)?;

    // 4. Duration and expiry.
    validity::check(token, Holder::Role(role), now.or(model.clock), trace)?;
    Ok(role.principal.clone())
}
