//! The project's own say on a console request about it, when a RAM identity's RAM policies say
//! nothing (`spec/principals-labels-packages.md` §8, docs/semantics.md I11):
//!
//! - "`ListProjects` / `GetProject`: … with no policy, only joined projects": a member of the
//!   project named by `projects/<p>` may get or list it;
//! - "Configure permission properties / IP whitelist: Requires RAM permissions verification,
//!   or an administrative role (Admin) for the project": a holder of the project's built-in
//!   `admin` or `super_administrator` may configure its IP whitelist.
//!
//! An explicit RAM Deny has refused before this is asked.

use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{BuiltinRole, Model, Project};
use crate::pipeline::Trace;
use crate::principal::Principal;
use crate::request::ResourceArn;

/// What a RAM identity may do on a project it has joined when no RAM policy mentions it.
const JOINED_ACTIONS: [&str; 2] = ["odps:GetProject", "odps:ListProjects"];

/// The project settings a holder of the project's built-in administrator roles may change
/// when no RAM policy mentions it: the IP whitelist (`odps:UpdateProjectIpWhiteList`, the
/// OpenAPI `UpdateProjectIpWhiteList` of §6). No `odps:` action for "permission properties" is
/// named by the spec or found in MaxCompute's RAM action list, so none is guessed.
const ADMIN_ACTIONS: [&str; 1] = ["odps:UpdateProjectIpWhiteList"];

/// The built-in project roles that count as "an administrative role (Admin) for the project".
const ADMIN_ROLES: [BuiltinRole; 2] = [BuiltinRole::SuperAdministrator, BuiltinRole::Admin];

fn one_of(list: &[&str], action: &str) -> bool {
    list.iter().any(|a| a.eq_ignore_ascii_case(action))
}

/// The project `projects/<p>` names, when it is one project of the principal's own account.
fn named_project<'m>(
    model: &'m Model,
    arn: &ResourceArn<'_>,
    principal: &Principal,
    trace: &mut Trace,
) -> Option<&'m Project> {
    let name = arn.relative.strip_prefix("projects/")?;
    if name.is_empty() || name.contains(['/', '*', '?']) {
        trace.note(|| {
            (
                format!(
                    "{} names no single project: a project's members and administrators speak \
                     for that project only",
                    arn.relative
                ),
                None,
            )
        });
        return None;
    }
    let project = model.project(name)?;
    (project.owner.account == principal.account).then_some(project)
}

/// Allow reasons when the project named by the resource lets `principal` do `action` itself:
/// membership for `GetProject`/`ListProjects`, a built-in administrator role for the IP
/// whitelist. `None`: the project has no say, the tenant-level roles decide.
pub(super) fn project_allows(
    model: &Model,
    action: &str,
    arn: &ResourceArn<'_>,
    principal: &Principal,
    trace: &mut Trace,
) -> Option<Vec<Reason>> {
    let joined = one_of(&JOINED_ACTIONS, action);
    let admin = one_of(&ADMIN_ACTIONS, action);
    if !(joined || admin) || !arn.service.eq_ignore_ascii_case("odps") {
        return None;
    }
    let project = named_project(model, arn, principal, trace)?;
    // A RAM identity of a project without the RAM account provider fails authentication there
    // (A6): it has not joined in any sense that lets it in.
    if !project.account_providers.ram.value {
        trace.note(|| {
            (
                format!(
                    "project {} does not accept RAM identities (no `add accountprovider ram`)",
                    project.name
                ),
                project.account_providers.ram.source.as_ref(),
            )
        });
        return None;
    }
    let Some(member) = project.users.get(&principal.key) else {
        trace.note(|| {
            (
                format!("{principal} has not joined project {}", project.name),
                None,
            )
        });
        return None;
    };
    if joined {
        return Some(vec![Reason::new(
            ReasonKind::Membership,
            Effect::Allow,
            Some(&member.source),
            format!(
                "{principal} has joined project {}: with no RAM policy either way, a RAM \
                 identity may get and list the projects it has joined (docs/semantics.md I11)",
                project.name
            ),
        )]);
    }
    let held = ADMIN_ROLES
        .iter()
        .find_map(|r| member.roles.get(r.key()).map(|src| (r.key(), src)));
    let Some((role, granted)) = held else {
        trace.note(|| {
            (
                format!(
                    "{principal} holds neither `super_administrator` nor `admin` in project {}",
                    project.name
                ),
                Some(&member.source),
            )
        });
        return None;
    };
    Some(vec![Reason::new(
        ReasonKind::BuiltinRole,
        Effect::Allow,
        Some(granted),
        format!(
            "{principal} holds the role `{role}` of project {}, an administrative role that may \
             configure the project's IP whitelist with no RAM policy either way \
             (docs/semantics.md I11)",
            project.name
        ),
    )])
}
