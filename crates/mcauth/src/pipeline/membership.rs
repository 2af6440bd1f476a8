//! Stage 2, `membership`: is the principal a user of the request's project? The owner always
//! is (design §1; `spec/acl-policy.md` §11.2 step 1).

use super::{Denial, Trace};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{Member, Model, Project};
use crate::principal::Principal;
use crate::request::Request;

/// Find the request's project and check that `principal` belongs to it: the project and the
/// principal's member record there (`None` for an owner who was never added as a user).
pub(crate) fn check<'m>(
    model: &'m Model,
    req: &Request,
    principal: &Principal,
    trace: &mut Trace,
) -> Result<(&'m Project, Option<&'m Member>), Denial> {
    let project = model.project(req.project()).ok_or_else(|| {
        Denial::new(
            "0420095",
            format!("Access Denied - project `{}` does not exist", req.project()),
        )
    })?;
    let member = is_member(project, principal, trace)?;
    Ok((project, member))
}

/// Whether `principal` is the owner or a current user of `project` (no trace, no denial).
pub(crate) fn listed(project: &Project, principal: &Principal) -> bool {
    project.owner.key == principal.key || project.users.contains_key(&principal.key)
}

/// Whether `principal` is the owner or a current user of `project`: its member record there
/// (`None` for an owner who was never added as a user). The denial says
/// `You don't exist in project <p>` and names the `remove user` statement if there was one.
pub(crate) fn is_member<'p>(
    project: &'p Project,
    principal: &Principal,
    trace: &mut Trace,
) -> Result<Option<&'p Member>, Denial> {
    let member = project.users.get(&principal.key);
    if project.owner.key == principal.key {
        trace.note(|| {
            (
                format!("{} owns project {}", principal, project.name),
                Some(&project.source),
            )
        });
        return Ok(member);
    }
    if let Some(m) = member {
        trace.note(|| {
            (
                format!("{} was added to project {}", principal, project.name),
                Some(&m.source),
            )
        });
        return Ok(member);
    }
    let mut denial = Denial::new(
        "0420095",
        format!(
            "Access Denied - You don't exist in project {}.",
            project.name
        ),
    );
    if let Some(src) = project.removed_users.get(&principal.key) {
        denial = denial.because(Reason::new(
            ReasonKind::Membership,
            Effect::Deny,
            Some(src),
            format!("{principal} was removed from project {}", project.name),
        ));
    }
    Err(denial)
}
