//! Stage 4, `project_status`: AVAILABLE passes, READONLY passes reads only, FROZEN and
//! DELETING refuse with `[4093]` (`spec/principals-labels-packages.md` §7).

use super::{Denial, Trace};
use crate::action::Action;
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{Model, Project, ProjectStatus};
use crate::request::Request;

/// Check the status of the request's project and, for a cross-project request, of the
/// project that holds the object.
pub(crate) fn check(
    model: &Model,
    project: &Project,
    req: &Request,
    trace: &mut Trace,
) -> Result<(), Denial> {
    allows(project, req.action(), trace)?;
    if let Some(other) = super::other_project(model, project, req) {
        allows(other, req.action(), trace)?;
    }
    Ok(())
}

/// Whether `project`'s status lets `action` through.
pub(crate) fn allows(project: &Project, action: Action, trace: &mut Trace) -> Result<(), Denial> {
    let status = project.status.value;
    let source = project.status.source.as_ref();
    let refuse = |why: &str| {
        Denial::new(
            "4093",
            format!(
                "Authorization Failed [4093], You have NO privilege to do the restricted \
                 operation on {{acs:odps:*:projects/{}}}. Access Mode is {why}.",
                project.name
            ),
        )
        .because(Reason::new(
            ReasonKind::Status,
            Effect::Deny,
            source,
            format!("project {} is {}", project.name, status.as_str()),
        ))
    };
    match status {
        ProjectStatus::Available => {}
        ProjectStatus::ReadOnly if action.is_read() => {}
        ProjectStatus::ReadOnly => return Err(refuse("ReadOnly")),
        ProjectStatus::Frozen | ProjectStatus::Deleting => return Err(refuse("AllDenied")),
    }
    trace.note(|| {
        (
            format!(
                "project {} is {}: {action} passes",
                project.name,
                status.as_str()
            ),
            source,
        )
    });
    Ok(())
}
