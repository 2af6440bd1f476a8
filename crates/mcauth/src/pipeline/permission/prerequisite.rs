//! Composite prerequisites (`spec/acl-policy.md` §1.2 "Implied prerequisites", §11.2 step 8a):
//! `CreateTable` on a project and `Select`, `Alter`, `Update`, `Drop` on a table need
//! `CreateInstance` on the project where the job runs.

use super::access::{self, Ask};
use super::{Caller, Env};
use crate::action::{Action, ObjectType};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::Project;
use crate::pipeline::{Denial, Trace};

/// Whether `ask` runs a job and so needs `CreateInstance`.
pub(crate) fn needs_create_instance(ask: &Ask<'_>) -> bool {
    match ask.object_type {
        ObjectType::Table => matches!(
            ask.action,
            Action::Select | Action::Alter | Action::Update | Action::Drop
        ),
        ObjectType::Project => ask.action == Action::CreateTable,
        _ => false,
    }
}

/// Check `CreateInstance` on `job_project` for `caller` (as a user of it) when `ask` needs it;
/// the reasons that allow it.
pub(crate) fn create_instance(
    job_project: &Project,
    caller: Caller<'_>,
    ask: Ask<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    if !needs_create_instance(&ask) {
        return Ok(Vec::new());
    }
    trace.note(|| {
        (
            format!(
                "{} on a {} needs CreateInstance on project {}",
                ask.action, ask.object_type, job_project.name
            ),
            None,
        )
    });
    // The project's name as an object name: lower case.
    let name = job_project.key();
    let need = Ask {
        action: Action::CreateInstance,
        object_type: ObjectType::Project,
        name: &name,
        columns: &[],
    };
    access::allow(job_project, caller, need, env, trace).map_err(|d| {
        d.because(Reason::new(
            ReasonKind::Prerequisite,
            Effect::Deny,
            None,
            format!(
                "{} on a {} needs CreateInstance on project {}",
                ask.action, ask.object_type, job_project.name
            ),
        ))
    })
}
