//! ProjectProtection (`spec/principals-labels-packages.md` §5): data may flow into a protected
//! project but not out. Reading its data from a job in another project, or downloading it
//! through Tunnel, is an outflow and is refused with `[4021]`; the owner is not exempt.
//! Trusted projects, exception policies and packages come in a later version.

use super::access::Ask;
use super::arn;
use crate::action::Action;
use crate::decision::{DenyKind, Effect, Reason, ReasonKind};
use crate::model::Project;
use crate::pipeline::{Denial, Trace};

/// Refuse `ask` on an object of `home` if it moves data out of a protected `home`.
pub(crate) fn outflow(
    home: &Project,
    job_project: &Project,
    ask: Ask<'_>,
    trace: &mut Trace,
) -> Result<(), Denial> {
    let flag = &home.flags.project_protection;
    if !flag.value {
        return Ok(());
    }
    let leaves = match ask.action {
        Action::Download => true,
        Action::Select => !std::ptr::eq(home, job_project),
        _ => false,
    };
    if !leaves {
        trace.note(|| {
            (
                format!(
                    "project {} is protected, but {} here moves no data out",
                    home.name, ask.action
                ),
                flag.source.as_ref(),
            )
        });
        return Ok(());
    }
    let how = if ask.action == Action::Download {
        "a Tunnel download".to_string()
    } else {
        format!("a job in project {}", job_project.name)
    };
    Err(Denial::new(
        "4021",
        format!(
            "Authorization Failed [4021], You have NO privilege 'odps:{}' on {{{}}}. project '{}' \
             is protected.",
            ask.action,
            arn(home, ask.object_type, ask.name),
            home.name
        ),
    )
    .kind(DenyKind::Explicit)
    .because(Reason::new(
        ReasonKind::Flag,
        Effect::Deny,
        flag.source.as_ref(),
        format!(
            "ProjectProtection=true on project {}: data may not leave it through {how}",
            home.name
        ),
    )))
}
