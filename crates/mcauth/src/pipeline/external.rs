//! External data sources (seed 002): may project P's external table reach OSS, Tablestore,
//! Hologres or DLF through RAM role R? MaxCompute of P's owner account assumes R — R's trust
//! policy must name `odps.aliyuncs.com` (same account) or `<owner uid>@odps.aliyuncs.com` —
//! then R's policies decide the action on the resource.
//!
//! MaxCompute's service-linked roles are not reached this way: MaxCompute uses them itself,
//! passing the task executor's identity to Hologres or DLF, "so both services restrict the
//! current task executor to their respective permission scopes" (seed 002). That executor's
//! permissions in the target service are outside the model, so such a request is refused with
//! that reason (docs/semantics.md I13) rather than decided by the role's policy alone.

use super::authentication::ram_identity::{role_by_name, uid_of};
use super::authentication::trust::trusts;
use super::ram::{context_of, denial, judge, no_permission};
use super::{finish, Denial, Trace};
use crate::decision::{Decision, Effect, Reason, ReasonKind, Stage};
use crate::model::{Model, RamRole};
use crate::ram::system::service_linked_role;
use crate::ram::{Caller, RamOutcome};
use crate::request::ExternalRequest;

/// MaxCompute's service principal.
pub const MAXCOMPUTE_SERVICE: &str = "odps.aliyuncs.com";

/// Run an external-data-source request.
pub(crate) fn run(model: &Model, req: &ExternalRequest, trace: &mut Trace) -> Decision {
    let mut reached = 0;
    let outcome = (|| {
        trace.enter(Stage::Authentication);
        let Some(project) = model.project(&req.project) else {
            return Err(Denial::new(
                "NoSuchProject",
                format!("project `{}` does not exist", req.project),
            ));
        };
        let owner_uid = uid_of(model, &project.owner.account)?;
        let role = role_by_name(model, &req.role)?;
        if role.service_linked {
            return Err(service_linked(role));
        }
        let caller = Caller::Service {
            service: MAXCOMPUTE_SERVICE.to_string(),
            account_uid: owner_uid.clone(),
        };
        let context = context_of(model, None, None, req.time, &req.context);
        trace.note(|| {
            (
                format!(
                    "MaxCompute of account {owner_uid} (owner of project {}) assumes {}",
                    project.name, role.principal
                ),
                Some(&project.source),
            )
        });
        let role_uid = uid_of(model, &role.principal.account)?;
        trusts(role, &role_uid, &caller, &context, trace)?;
        reached += 1;
        trace.enter(Stage::Ram);
        let j = judge(
            &role.policies,
            &role.principal.display,
            &req.action,
            &req.resource,
            &context,
            trace,
        );
        match j.outcome {
            RamOutcome::Allow => {
                let mut reasons = vec![Reason::new(
                    ReasonKind::Sts,
                    Effect::Allow,
                    Some(&role.source),
                    format!(
                        "the trust policy of {} lets MaxCompute of account {owner_uid} assume \
                         it",
                        role.principal
                    ),
                )];
                reasons.extend(j.reasons);
                Ok(reasons)
            }
            RamOutcome::ExplicitDeny => Err(denial(
                j,
                &format!(
                    "a Deny statement of {}'s policies refuses {} on {}",
                    role.principal, req.action, req.resource
                ),
            )),
            RamOutcome::ImplicitDeny => Err(denial(
                j,
                &format!(
                    "none of {}'s policies allows {} on {}",
                    role.principal, req.action, req.resource
                ),
            )),
        }
    })();
    finish(&Stage::RAM_PATH, reached, outcome, trace)
}

/// The refusal of an external request naming a service-linked role, with what it is for.
fn service_linked(role: &RamRole) -> Denial {
    let linked = service_linked_role(role.name());
    let purpose = linked
        .as_ref()
        .map(|l| format!(" ({}, trusted service {})", l.purpose, l.service))
        .unwrap_or_default();
    no_permission(&format!(
        "{} is a service-linked role{purpose}: MaxCompute uses it itself and passes the task \
         executor's identity, whose permissions in the target service mcauth does not model; an \
         external table reaches a data source by assuming a regular RAM role that trusts \
         odps.aliyuncs.com (docs/semantics.md I13)",
        role.principal
    ))
    .because(Reason::new(
        ReasonKind::Sts,
        Effect::Deny,
        Some(&role.source),
        format!("{} is a service-linked role", role.principal),
    ))
}
