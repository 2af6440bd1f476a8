//! Trust policies (`docs/semantics.md` RA7–RA10, I8): whether a role's trust policy lets a
//! caller assume it. STS tokens, external data sources and the loader (an environment's custom
//! role, I14) all judge a trust policy with [`judge_trust`].

use super::super::ram::no_permission;
use super::super::{Denial, Trace};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::RamRole;
use crate::ram::{evaluate, Caller, RamContext, RamOutcome, RamRequest, RamVerdict};

/// `role`'s trust policy judged for `caller` (`role_uid`: the numeric ID of the role's
/// account): the verdict and, unless it allows, why not — "the trust policy of … does not let …
/// assume it". The runtime ([`trusts`]) and the loader (an environment's custom role,
/// `docs/semantics.md` I14) judge a trust policy with this one function.
pub(crate) fn judge_trust<'r>(
    role: &'r RamRole,
    role_uid: &str,
    caller: &Caller,
    context: &RamContext,
) -> (RamVerdict<'r>, Option<String>) {
    let req = RamRequest {
        action: "sts:AssumeRole",
        resource: None,
        caller: Some(caller),
        resource_account: Some(role_uid),
        context,
    };
    let v = evaluate(&[&role.trust], &req);
    let refusal = (v.outcome != RamOutcome::Allow).then(|| {
        format!(
            "the trust policy of {} does not let {} assume it{}",
            role.principal,
            caller_text(caller),
            if v.outcome == RamOutcome::ExplicitDeny {
                " (a Deny statement matches)"
            } else if v.missing.is_empty() {
                ""
            } else {
                " (a condition tests a key the request does not carry)"
            }
        )
    });
    (v, refusal)
}

/// Whether `role`'s trust policy lets `caller` assume it; `role_uid` is the numeric ID of the
/// role's account.
pub(crate) fn trusts(
    role: &RamRole,
    role_uid: &str,
    caller: &Caller,
    context: &RamContext,
    trace: &mut Trace,
) -> Result<(), Denial> {
    let (v, refusal) = judge_trust(role, role_uid, caller, context);
    for k in &v.missing {
        trace.missing_key(k);
    }
    let trust_at = |s: &crate::ram::RamStatement| -> Option<crate::location::Source> {
        if role.service_linked {
            Some(role.source.clone())
        } else {
            Some(s.source.clone())
        }
    };
    if let Some(why) = refusal {
        let mut d = no_permission(&why).because(Reason::new(
            ReasonKind::Sts,
            Effect::Deny,
            Some(&role.source),
            format!(
                "trust policy of {} ({})",
                role.principal,
                role.trust_file.as_deref().unwrap_or("fixed by the service")
            ),
        ));
        for (_, s) in &v.deciding {
            d = d.because(Reason::new(
                ReasonKind::Sts,
                Effect::Deny,
                trust_at(s).as_ref(),
                s.to_string(),
            ));
        }
        return Err(d);
    }
    for (_, s) in &v.deciding {
        let at = trust_at(s);
        trace.note(|| {
            (
                format!(
                    "the trust policy of {} lets {} assume it: {s}",
                    role.principal,
                    caller_text(caller)
                ),
                at.as_ref(),
            )
        });
    }
    Ok(())
}

/// The caller in words.
pub(crate) fn caller_text(c: &Caller) -> String {
    match c {
        Caller::RamUser { account_uid, name } => format!("RAM user {name} of {account_uid}"),
        Caller::RamRole { account_uid, name } => format!("RAM role {name} of {account_uid}"),
        Caller::Account { account_uid } => format!("account {account_uid}"),
        Caller::Service {
            service,
            account_uid,
        } => format!("{service} acting for {account_uid}"),
        Caller::Federated { provider } => format!("identity provider {provider}"),
    }
}
