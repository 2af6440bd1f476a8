//! One action on one object for one principal (`spec/acl-policy.md` §11.2 steps 4–7): the
//! owner, `super_administrator`, ACL grants, the object creator, `admin`; otherwise `[4019]`.

use super::{acl, arn, management, policy, Caller, Env};
use crate::action::{Action, ObjectType};
use crate::decision::{DenyKind, Effect, Reason, ReasonKind};
use crate::model::{BuiltinRole, Project};
use crate::pipeline::{Denial, Trace};
use std::borrow::Cow;

/// What is asked: an action on an object of `project`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ask<'a> {
    /// The action.
    pub action: Action,
    /// Object type.
    pub object_type: ObjectType,
    /// Object name, lower case.
    pub name: &'a str,
    /// Requested columns, lower case.
    pub columns: &'a [String],
}

/// Allow `ask` in `project` for `caller` (as a user of `project`), with the reasons; or the
/// `[4019]` denial.
pub(crate) fn allow(
    project: &Project,
    caller: Caller<'_>,
    ask: Ask<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    let principal = caller.principal;
    let Ask {
        action,
        object_type: ty,
        name,
        columns,
    } = ask;
    if project.owner.key == principal.key {
        trace.note(|| {
            (
                format!(
                    "{principal} owns project {}: {action} allowed",
                    project.name
                ),
                Some(&project.source),
            )
        });
        return Ok(vec![management::owner_reason(project)]);
    }
    trace.note(|| {
        (
            format!("owner: {principal} is not the owner ({})", project.owner),
            None,
        )
    });
    let super_admin = management::holds(caller, BuiltinRole::SuperAdministrator);
    let policy_on = &project.flags.check_permission_using_policy;
    let candidates = if policy_on.value {
        policy::candidates(project, caller, env)
    } else {
        Vec::new()
    };
    // The touched columns matter only to policy statements; skip the work when none can apply.
    let policies = !candidates.is_empty();
    let touched = if policies {
        touched_columns(project, ty, action, name, columns)
    } else {
        Cow::Borrowed(&[][..])
    };
    let target = policy::Target {
        ask: Ask {
            columns: &touched,
            ..ask
        },
        resources: &[],
    };
    let env = &Env {
        conditions: crate::condition::ConditionContext {
            columns: (!touched.is_empty()).then_some(&*touched),
            ..env.conditions
        },
        ..*env
    };
    if !policies {
        trace.note(|| {
            (
                if policy_on.value {
                    "policy: no policy statement can apply".into()
                } else {
                    "policy: CheckPermissionUsingPolicy=false, policies are not consulted".into()
                },
                policy_on.source.as_ref(),
            )
        });
    } else if super_admin.is_some() && env.options.super_admin_bypasses_project_policy {
        trace.note(|| {
            (
                "policy: super_administrator is exempt from policy Deny (engine option, \
                 docs/semantics.md Y2)"
                    .into(),
                None,
            )
        });
    } else if let Some(r) = policy::find(project, &candidates, Effect::Deny, target, env, trace) {
        return Err(Denial::new(
            "4011",
            format!(
                "Authorization Failed [4011], You have NO privilege 'odps:{action}' on {{{}}}. \
                 Explicitly denied by policy.",
                arn(project, ty, name)
            ),
        )
        .kind(DenyKind::Explicit)
        .because(r));
    }
    if let Some(r) = super_admin {
        trace.note(|| (format!("{}: {action} allowed", r.text), None));
        return Ok(vec![r]);
    }
    let refuse = || {
        Denial::new(
            "4019",
            format!(
                "Authorization Failed [4019], You have NO privilege 'odps:{action}' on {{{}}}",
                arn(project, ty, name)
            ),
        )
    };
    if ty == ObjectType::Project && matches!(action, Action::Read | Action::Write) {
        trace.note(|| {
            (
                format!("project {action} is the owner's alone and cannot be granted"),
                None,
            )
        });
        return Err(refuse());
    }
    let acl_on = &project.flags.check_permission_using_acl;
    if acl_on.value {
        // The touched columns, when worked out for policies, are those the ACL lookup needs too.
        let columns = if touched.is_empty() {
            columns
        } else {
            &touched
        };
        if let Some(reasons) = acl::find(project, caller, Ask { columns, ..ask }, env, trace) {
            return Ok(reasons);
        }
    } else {
        trace.note(|| {
            (
                "ACL: CheckPermissionUsingACL=false, ACL grants are not consulted".into(),
                acl_on.source.as_ref(),
            )
        });
    }
    if policies {
        if let Some(r) = policy::find(project, &candidates, Effect::Allow, target, env, trace) {
            return Ok(vec![r]);
        }
    }
    if action == Action::Download {
        trace.note(|| {
            (
                "Download needs an explicit Download grant, the owner or super_administrator"
                    .into(),
                None,
            )
        });
        return Err(refuse());
    }
    let creator_flag = &project.flags.object_creator_has_access_permission;
    if let Some(creator) = project.creator_of(ty, name) {
        if creator.key != principal.key {
            trace.note(|| {
                (
                    format!("creator: {ty} {name} was created by {creator}"),
                    None,
                )
            });
        } else {
            if creator_flag.value {
                let src = project_object_source(project, ty, name);
                trace.note(|| {
                    (
                        format!("{principal} created {ty} {name}: {action} allowed"),
                        src,
                    )
                });
                return Ok(vec![Reason::new(
                    ReasonKind::Creator,
                    Effect::Allow,
                    src,
                    format!("{principal} created {ty} {name} (ObjectCreatorHasAccessPermission)"),
                )]);
            }
            trace.note(|| {
                (
                    format!(
                        "{principal} created {ty} {name}, but ObjectCreatorHasAccessPermission=false"
                    ),
                    creator_flag.source.as_ref(),
                )
            });
        }
    }
    if let Some(r) = management::holds(caller, BuiltinRole::Admin) {
        trace.note(|| (format!("{}: object action {action} allowed", r.text), None));
        return Ok(vec![r]);
    }
    trace.note(|| {
        (
            format!("built-in roles: {principal} holds neither admin nor super_administrator"),
            None,
        )
    });
    Err(refuse())
}

/// The columns a table read touches ([`Table::touched`](crate::model::Table::touched)); none
/// for other requests.
fn touched_columns<'a>(
    project: &Project,
    ty: ObjectType,
    action: Action,
    name: &str,
    columns: &'a [String],
) -> Cow<'a, [String]> {
    if ty != ObjectType::Table
        || !matches!(action, Action::Select | Action::Describe | Action::Download)
    {
        return Cow::Borrowed(&[]);
    }
    match project.tables.get(name) {
        Some(t) => t.touched(columns),
        None => Cow::Borrowed(columns),
    }
}

fn project_object_source<'p>(
    project: &'p Project,
    ty: ObjectType,
    name: &str,
) -> Option<&'p crate::location::Source> {
    match ty {
        ObjectType::Table => project.tables.get(name).map(|t| &t.source),
        ObjectType::Function => project.functions.get(name).map(|f| &f.source),
        ObjectType::Resource => project.resources.get(name).map(|r| &r.source),
        _ => None,
    }
}
