//! What the RAM-decided paths share: the condition context of a request (the global keys of
//! RAM: `acs:SourceIp`, `acs:CurrentTime`, `acs:AccessId`, plus the request's `context`), and
//! reasons naming the RAM statements that decided.

use super::{Denial, Trace};
use crate::decision::{DenyKind, Effect, Reason, ReasonKind};
use crate::model::{Attachment, Model};
use crate::ram::{evaluate, RamContext, RamOutcome, RamRequest};
use crate::request::Identity;
use jiff::Timestamp;
use std::net::IpAddr;

/// The condition keys of a request; `identity` is `None` when MaxCompute itself asks.
pub(crate) fn context_of(
    model: &Model,
    identity: Option<&Identity>,
    source_ip: Option<IpAddr>,
    time: Option<Timestamp>,
    extra: &[(String, String)],
) -> RamContext {
    let mut ctx = RamContext::new();
    if let Some(ip) = source_ip {
        ctx.set("acs:SourceIp", ip.to_string());
    }
    if let Some(t) = time.or(model.clock) {
        ctx.set("acs:CurrentTime", t.to_string());
    }
    if let Some(Identity::AccessKey(id)) = identity {
        ctx.set("acs:AccessId", id.clone());
    }
    for (k, v) in extra {
        ctx.set(k, v.clone());
    }
    ctx
}

/// The outcome of evaluating attached policies, with reasons naming each deciding statement
/// and the statement that attached its policy.
pub(crate) struct Judged {
    /// Allow, explicit or implicit deny.
    pub outcome: RamOutcome,
    /// One reason per deciding statement.
    pub reasons: Vec<Reason>,
}

/// Evaluate `attached` for `action` on `resource`; `whose` names the holder in reasons.
pub(crate) fn judge(
    attached: &[Attachment],
    whose: &str,
    action: &str,
    resource: &str,
    context: &RamContext,
    trace: &mut Trace,
) -> Judged {
    let docs: Vec<&crate::ram::RamPolicy> = attached.iter().map(|a| &a.policy).collect();
    let v = evaluate(
        &docs,
        &RamRequest {
            action,
            resource: Some(resource),
            caller: None,
            resource_account: None,
            context,
        },
    );
    for k in &v.missing {
        trace.missing_key(k);
    }
    let effect = if v.outcome == RamOutcome::Allow {
        Effect::Allow
    } else {
        Effect::Deny
    };
    let reasons = v
        .deciding
        .iter()
        .map(|(pol, s)| {
            let attached_at = attached
                .iter()
                .find(|a| std::ptr::eq(&a.policy, *pol))
                .map(|a| &a.source);
            if pol.system {
                // A system policy has no file: the reason's source is the attach statement.
                Reason::new(
                    ReasonKind::RamPolicy,
                    effect,
                    attached_at,
                    format!("{whose}'s system policy {}: {s}", pol.name),
                )
            } else {
                let attached = attached_at
                    .map(|a| format!(" (attached at {a})"))
                    .unwrap_or_default();
                Reason::new(
                    ReasonKind::RamPolicy,
                    effect,
                    Some(&s.source),
                    format!("{whose}'s custom policy {}{attached}: {s}", pol.name),
                )
            }
        })
        .collect::<Vec<_>>();
    for r in &reasons {
        trace.note(|| (format!("{}: {}", r.effect, r.text), None));
    }
    Judged {
        outcome: v.outcome,
        reasons,
    }
}

/// RAM's refusal, which every RAM-decided denial starts with.
const NOT_AUTHORIZED: &str = "You are not authorized to do this action. You should be authorized \
                              by RAM.";

/// RAM's `NoPermission` refusal, then why: `why` starts a sentence of its own.
pub(crate) fn no_permission(why: &str) -> Denial {
    let mut chars = why.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    Denial::new(
        "NoPermission",
        format!(
            "{NOT_AUTHORIZED} {}{}",
            first.unwrap_or_default(),
            chars.as_str()
        ),
    )
}

/// RAM's refusal after a judged evaluation: explicit when a Deny matched, with the reasons.
pub(crate) fn denial(j: Judged, why: &str) -> Denial {
    let kind = if j.outcome == RamOutcome::ExplicitDeny {
        DenyKind::Explicit
    } else {
        DenyKind::Implicit
    };
    let mut d = no_permission(why).kind(kind);
    d.reasons = j.reasons;
    d
}
