//! Console and tenant-level requests (seed 003 "RAM authentication", "Tenant-level operation
//! authentication"; `spec/principals-labels-packages.md` §8): authentication, then the `ram`
//! stage. Project ACLs and policies are never consulted; project membership and built-in roles
//! are, for a project's own console operations.
//!
//! The `ram` stage: the Alibaba Cloud account may do anything on its own resources. For a RAM
//! identity, "If a RAM policy is configured with Allow, authentication succeeds. If no RAM
//! policy is defined, the tenant-level role permissions take effect. If a RAM policy is
//! configured with Deny, authentication fails." With no RAM policy either way, a project also
//! speaks for itself first (`console/project.rs`): its members may get and list it, its
//! administrators may configure its IP whitelist.

mod project;

use super::authentication::{self, ram_identity::caller_policies, Facts};
use super::ram::{context_of, denial, judge, no_permission};
use super::{finish, Denial, Trace};
use crate::decision::{Decision, DenyKind, Effect, Reason, ReasonKind, Stage};
use crate::glob::glob_ignore_case;
use crate::model::{Model, TenantRole};
use crate::principal::ShortForm;
use crate::principal::{Principal, PrincipalKind};
use crate::ram::{RamContext, RamOutcome};
use crate::request::{ConsoleRequest, ResourceArn};

/// What the built-in tenant role `super_administrator` may not do: "all the permissions that an
/// Alibaba Cloud account has on MaxCompute, except for the permissions to create a project,
/// delete a project, and activate the MaxCompute service".
const SUPER_ADMIN_EXCEPT: [&str; 2] = ["odps:CreateProject", "odps:DeleteProject"];

/// Run a console request.
pub(crate) fn run(model: &Model, req: &ConsoleRequest, trace: &mut Trace) -> Decision {
    let mut reached = 0;
    let outcome = (|| {
        trace.enter(Stage::Authentication);
        let context = context_of(
            model,
            Some(&req.identity),
            req.source_ip,
            req.time,
            &req.context,
        );
        let facts = Facts {
            time: req.time,
            context: &context,
        };
        let short_form = ShortForm::Refused(
            "a console request names RAM users in the long form RAM$<account>:<user>",
        );
        let principal = authentication::identify(model, &req.identity, &short_form, &facts, trace)?;
        reached += 1;
        trace.enter(Stage::Ram);
        decide(model, req, &principal, &context, trace)
    })();
    finish(&Stage::RAM_PATH, reached, outcome, trace)
}

fn decide(
    model: &Model,
    req: &ConsoleRequest,
    principal: &Principal,
    context: &RamContext,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    // Requests read from JSON have a well-formed resource; a `ConsoleRequest` built by hand
    // may not, and is refused saying why.
    let arn = ResourceArn::parse(&req.resource)
        .map_err(|e| Denial::new("InvalidParameter.Resource", format!("invalid request: {e}")))?;
    let uid = model.account_uid(&principal.account);
    let own = arn.any_account() || uid.as_deref() == Some(arn.account);
    if !own {
        return Err(Denial::new(
            "NoPermission",
            format!(
                "{} belongs to account {}, and {} is an identity of account {}: RAM policies \
                 grant on the account's own resources; reach another account's resources \
                 through a RAM role it trusts you to assume",
                req.resource,
                arn.account,
                principal,
                uid.as_deref().unwrap_or(principal.account.as_str())
            ),
        )
        .kind(DenyKind::Implicit));
    }
    if principal.kind == PrincipalKind::Account {
        let account = model.accounts.get(&principal.account);
        return Ok(vec![Reason::new(
            ReasonKind::Account,
            Effect::Allow,
            account.map(|a| &a.source),
            format!(
                "{principal} is the Alibaba Cloud account, which has unrestricted control over \
                 its own resources (docs/semantics.md I11)"
            ),
        )]);
    }
    let attached = caller_policies(model, principal).unwrap_or_default();
    let j = judge(
        attached,
        &principal.display,
        &req.action,
        &req.resource,
        context,
        trace,
    );
    match j.outcome {
        RamOutcome::Allow => return Ok(j.reasons),
        RamOutcome::ExplicitDeny => {
            return Err(denial(
                j,
                &format!(
                    "a Deny statement of {}'s RAM policies refuses {} on {}",
                    principal, req.action, req.resource
                ),
            ))
        }
        RamOutcome::ImplicitDeny => trace.note(|| {
            (
                format!(
                    "no RAM policy of {principal} mentions {} on {}: the project's members and \
                     administrators (for its own operations), then the tenant-level roles \
                     decide",
                    req.action, req.resource
                ),
                None,
            )
        }),
    }
    if let Some(reasons) = project::project_allows(model, &req.action, &arn, principal, trace) {
        return Ok(reasons);
    }
    tenant(model, req, principal, context, trace)
}

/// The tenant-level roles of the principal's account.
fn tenant(
    model: &Model,
    req: &ConsoleRequest,
    principal: &Principal,
    context: &RamContext,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    let none = || {
        no_permission(&format!(
            "neither a RAM policy nor a tenant-level role of {principal} allows {} on {}",
            req.action, req.resource
        ))
        .kind(DenyKind::Implicit)
    };
    let Some(t) = model.tenants.get(&principal.account) else {
        return Err(none());
    };
    let Some(user) = t.users.get(&principal.key) else {
        trace.note(|| (format!("{principal} is not a tenant user"), None));
        return Err(none());
    };
    let held: Vec<&TenantRole> = t
        .roles
        .values()
        .filter(|r| r.members.contains_key(&principal.key))
        .collect();
    let mut allows = Vec::new();
    for r in held {
        let granted_at = r.members.get(&principal.key);
        if r.builtin {
            let excluded = SUPER_ADMIN_EXCEPT
                .iter()
                .any(|a| glob_ignore_case(a, &req.action));
            let odps = req
                .action
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("odps:"));
            if odps && !excluded {
                allows.push(Reason::new(
                    ReasonKind::TenantRole,
                    Effect::Allow,
                    granted_at,
                    format!(
                        "{principal} holds the built-in tenant role {}, which has the \
                         account's MaxCompute permissions except creating and deleting \
                         projects",
                        r.name
                    ),
                ));
            } else {
                trace.note(|| {
                    (
                        format!(
                            "built-in tenant role {} does not cover {} (only odps: actions, \
                             not CreateProject or DeleteProject)",
                            r.name, req.action
                        ),
                        granted_at,
                    )
                });
            }
            continue;
        }
        let whose = format!("tenant role {}", r.name);
        let j = judge(
            &r.policies,
            &whose,
            &req.action,
            &req.resource,
            context,
            trace,
        );
        match j.outcome {
            RamOutcome::ExplicitDeny => {
                return Err(denial(
                    j,
                    &format!(
                        "a Deny statement of tenant role {} refuses {} on {}",
                        r.name, req.action, req.resource
                    ),
                ))
            }
            RamOutcome::Allow => allows.extend(j.reasons),
            RamOutcome::ImplicitDeny => {}
        }
    }
    if allows.is_empty() {
        trace.note(|| {
            (
                format!("{principal} is a tenant user, but no tenant role allows it"),
                Some(&user.source),
            )
        });
        Err(none())
    } else {
        Ok(allows)
    }
}
