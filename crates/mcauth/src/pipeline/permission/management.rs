//! Project management actions (`spec/acl-policy.md` §9; `spec/principals-labels-packages.md`
//! §2.2, the table "Permissions of project-level administrator roles"): which of the owner,
//! `super_administrator` and `admin` may perform each one.

use super::access::Ask;
use super::{policy, Caller, Env};
use crate::action::{Action, ObjectType};
use crate::condition::ConditionContext;
use crate::decision::{DenyKind, Effect, Reason, ReasonKind};
use crate::model::{BuiltinRole, Project};
use crate::pipeline::{Denial, Trace};
use crate::policy::arn::object_path;
use crate::principal::Principal;

/// Who holds a management action by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holders {
    /// The project owner only.
    Owner,
    /// The owner and `super_administrator`.
    OwnerSuperAdmin,
    /// The owner, `super_administrator` and `admin`.
    OwnerSuperAdminAdmin,
}

/// The built-in holders of a management action.
pub(crate) fn holders(action: Action) -> Holders {
    use Action::*;
    match action {
        AddAccountProvider | RemoveAccountProvider | ListAccountProviders => Holders::Owner,
        SetSecurityConfiguration
        | SetProperty
        | AddTrustedProject
        | RemoveTrustedProject
        | CreatePackage
        | ShowPackages
        | DropPackage
        | AllowInstallPackage
        | DisallowInstallPackage
        | AddPackageResource
        | RemovePackageResource => Holders::OwnerSuperAdmin,
        _ => Holders::OwnerSuperAdminAdmin,
    }
}

/// Whether `caller` holds `role` in its project: the reason naming the role grant.
pub(crate) fn holds(caller: Caller<'_>, role: BuiltinRole) -> Option<Reason> {
    let src = caller.role(role.key())?;
    Some(Reason::new(
        ReasonKind::BuiltinRole,
        Effect::Allow,
        Some(src),
        format!(
            "{} holds the built-in role {}",
            caller.principal,
            role.key()
        ),
    ))
}

/// The owner's reason.
pub(crate) fn owner_reason(project: &Project) -> Reason {
    Reason::new(
        ReasonKind::Owner,
        Effect::Allow,
        Some(&project.source),
        crate::pipeline::text_of(
            format_args!("{} owns project {}", project.owner, project.name),
            project.owner.display.len() + project.name.len() + 16,
        ),
    )
}

/// What a management action acts on: the normal-form resource paths of
/// `spec/acl-policy.md` §9.2 (relative to `projects/<p>/`), and for `GrantPrivs` /
/// `RevokePrivs` the actions handed out (`acs:Privileges`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Target {
    /// Resource paths; a statement naming any of them applies.
    pub resources: Vec<String>,
    /// The actions granted or revoked.
    pub privileges: Option<Vec<String>>,
}

impl Target {
    /// The resource of `action` when nothing more specific is known (a request on the project
    /// object).
    pub(crate) fn of(project: &Project, action: Action) -> Target {
        use Action::*;
        let tail = match action {
            SetSecurityConfiguration | GetSecurityConfiguration => {
                "authorization/configurations/security_configuration"
            }
            PutPolicy | GetPolicy | AddPolicyStatments | RemovePolicyStatments => {
                "authorization/configurations/policy"
            }
            AddUser | RemoveUser | ListUsers | ListUserRoles => "authorization/users",
            ListRoles => "authorization/roles",
            CreateRole => "authorization/roles/resource",
            ListPrincipalRoles => "authorization/principals/users",
            CreatePackage | ShowPackages => "authorization/packages",
            GrantPrivs | RevokePrivs | ShowAclGrants => "authorization/acl",
            _ => "authorization",
        };
        Target::at(project, &[tail.to_string()])
    }

    /// Resources `tails` under the project's path.
    pub(crate) fn at(project: &Project, tails: &[String]) -> Target {
        let p = project.key();
        Target {
            resources: tails.iter().map(|t| format!("projects/{p}/{t}")).collect(),
            privileges: None,
        }
    }

    /// `GrantPrivs` / `RevokePrivs` on an object: both the documented
    /// `authorization/<resource_relative_id>` form and the `authorization/acl/...` form of the
    /// documentation's own example (CONTRADICTION K10).
    pub(crate) fn acl(project: &Project, ty: ObjectType, name: &str, actions: &[Action]) -> Target {
        let rel = object_path(&project.name, ty, name);
        // The object's path below `projects/<p>/`: empty for the project itself.
        let short = match ty {
            ObjectType::Project => String::new(),
            _ => format!("{}/{}", ty.arn_segment(), name.to_ascii_lowercase()),
        };
        let mut t = Target::at(
            project,
            &[
                format!("authorization/{rel}"),
                format!("authorization/acl/{short}"),
            ],
        );
        t.privileges = Some(actions.iter().map(|a| a.as_str().to_string()).collect());
        t
    }

    /// Roles' management resources (`authorization/roles/<type>/<r>`); a statement naming any
    /// of them applies.
    pub(crate) fn roles<'r>(project: &Project, roles: impl IntoIterator<Item = &'r str>) -> Target {
        let tails: Vec<String> = roles
            .into_iter()
            .map(|role| {
                let kind = match project.roles.get(role) {
                    Some(r) if r.builtin == Some(BuiltinRole::SuperAdministrator) => {
                        "super_administrator"
                    }
                    Some(r) if r.admin_type => "administrator",
                    _ => "resource",
                };
                format!("authorization/roles/{kind}/{role}")
            })
            .collect();
        Target::at(project, &tails)
    }
}

/// Authorize management action `action` on `target` for `principal` in `project`: the owner;
/// then a policy Deny refuses (`[4011]`); then the built-in holders of the action; then an
/// Allow in an administrator-type role's policy; otherwise `[4019]`.
pub(crate) fn authorize(
    project: &Project,
    principal: &Principal,
    action: Action,
    target: &Target,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    let caller = Caller::of(project, principal);
    let who = holders(action);
    if project.owner.key == principal.key {
        trace.note(|| {
            (
                format!("{principal} owns the project: {action} allowed"),
                Some(&project.source),
            )
        });
        return Ok(vec![owner_reason(project)]);
    }
    // Written out only in a denial.
    let arn = || {
        target
            .resources
            .first()
            .map(|r| format!("acs:odps:*:{r}"))
            .unwrap_or_else(|| format!("acs:odps:*:projects/{}", project.name))
    };
    let env = &Env {
        conditions: ConditionContext {
            privileges: target.privileges.as_deref(),
            ..env.conditions
        },
        ..*env
    };
    let ask = policy::Target {
        ask: Ask {
            action,
            object_type: ObjectType::Project,
            name: &project.name,
            columns: &[],
        },
        resources: &target.resources,
    };
    let mut super_admin = holds(caller, BuiltinRole::SuperAdministrator);
    let policy_on = project.flags.check_permission_using_policy.value;
    let candidates = if policy_on {
        policy::candidates(project, caller, env)
    } else {
        Vec::new()
    };
    let exempt = super_admin.is_some() && env.options.super_admin_bypasses_project_policy;
    if policy_on && !exempt {
        if let Some(r) = policy::find(project, &candidates, Effect::Deny, ask, env, trace) {
            return Err(Denial::new(
                "4011",
                format!(
                    "Authorization Failed [4011], You have NO privilege 'odps:{action}' on \
                     {{{}}}. Explicitly denied by policy.",
                    arn()
                ),
            )
            .kind(DenyKind::Explicit)
            .because(r));
        }
    }
    let roles: &[BuiltinRole] = match who {
        Holders::Owner => &[],
        Holders::OwnerSuperAdmin => &[BuiltinRole::SuperAdministrator],
        Holders::OwnerSuperAdminAdmin => &[BuiltinRole::SuperAdministrator, BuiltinRole::Admin],
    };
    for &role in roles {
        let held = match role {
            BuiltinRole::SuperAdministrator => super_admin.take(),
            _ => holds(caller, role),
        };
        if let Some(r) = held {
            trace.note(|| (format!("{}: {action} allowed", r.text), None));
            return Ok(vec![r]);
        }
    }
    if policy_on && who != Holders::Owner {
        if let Some(r) = policy::find(project, &candidates, Effect::Allow, ask, env, trace) {
            return Ok(vec![r]);
        }
    }
    let holders_text = match who {
        Holders::Owner => "the project owner",
        Holders::OwnerSuperAdmin => "the project owner, super_administrator",
        Holders::OwnerSuperAdminAdmin => "the project owner, super_administrator, admin",
    };
    let extra = if who == Holders::Owner {
        ""
    } else {
        " and administrator roles whose policy allows it"
    };
    trace.note(|| {
        (
            format!("{action} is held by {holders_text}{extra}; {principal} is none of them"),
            None,
        )
    });
    Err(Denial::new(
        "4019",
        format!(
            "Authorization Failed [4019], You have NO privilege 'odps:{action}' on {{{}}}: \
             only {holders_text}{extra} may do this",
            arn()
        ),
    ))
}
