//! Project management actions (`spec/acl-policy.md` §9; `spec/principals-labels-packages.md`
//! §2.2, the table "Permissions of project-level administrator roles"): which of the owner,
//! `super_administrator` and `admin` may perform each one.

use crate::action::Action;
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{BuiltinRole, Project};
use crate::pipeline::{Denial, Trace};
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

/// Whether `principal` holds `role` in `project`: the reason naming the role grant.
pub(crate) fn holds(project: &Project, principal: &Principal, role: BuiltinRole) -> Option<Reason> {
    let m = project.users.get(&principal.key)?;
    let src = m.roles.get(role.key())?;
    Some(Reason::new(
        ReasonKind::BuiltinRole,
        Effect::Allow,
        Some(src),
        format!("{principal} holds the built-in role {}", role.key()),
    ))
}

/// The owner's reason.
pub(crate) fn owner_reason(project: &Project) -> Reason {
    Reason::new(
        ReasonKind::Owner,
        Effect::Allow,
        Some(&project.source),
        format!("{} owns project {}", project.owner, project.name),
    )
}

/// Authorize management action `action` for `principal` in `project`.
pub(crate) fn authorize(
    project: &Project,
    principal: &Principal,
    action: Action,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
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
    let roles: &[BuiltinRole] = match who {
        Holders::Owner => &[],
        Holders::OwnerSuperAdmin => &[BuiltinRole::SuperAdministrator],
        Holders::OwnerSuperAdminAdmin => &[BuiltinRole::SuperAdministrator, BuiltinRole::Admin],
    };
    for &role in roles {
        if let Some(r) = holds(project, principal, role) {
            trace.note(|| (format!("{}: {action} allowed", r.text), None));
            return Ok(vec![r]);
        }
    }
    let holders_text = match who {
        Holders::Owner => "the project owner",
        Holders::OwnerSuperAdmin => "the project owner and super_administrator",
        Holders::OwnerSuperAdminAdmin => "the project owner, super_administrator and admin",
    };
    trace.note(|| {
        (
            format!("{action} is held by {holders_text}; {principal} is none of them"),
            None,
        )
    });
    Err(Denial::new(
        "4019",
        format!(
            "Authorization Failed [4019], You have NO privilege 'odps:{action}' on \
             {{acs:odps:*:projects/{}}}: only {holders_text} may do this",
            project.name
        ),
    ))
}
