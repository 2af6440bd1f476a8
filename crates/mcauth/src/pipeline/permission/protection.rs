//! ProjectProtection (`spec/principals-labels-packages.md` §5): data may flow into a protected
//! project but not out. Reading its data from a job in another project, or downloading it
//! through Tunnel, is an outflow and is refused with `[4021]`; the owner is not exempt.
//! An exception policy (`set ProjectProtection=true with exception <file>`) lets through what
//! one of its statements names: principal, action, resource and condition (typically
//! `odps:TaskType`). It waives protection only; the access itself was checked before.
//! Trusted projects and packages come in a later version.

use super::access::Ask;
use super::{arn, Env};
use crate::action::Action;
use crate::decision::{DenyKind, Effect, Reason, ReasonKind};
use crate::model::Project;
use crate::pipeline::{Denial, Trace};
use crate::policy::arn::object_path;
use crate::principal::Principal;

/// Refuse `ask` on an object of `home` if it moves data out of a protected `home`.
pub(crate) fn outflow(
    home: &Project,
    job_project: &Project,
    principal: &Principal,
    ask: Ask<'_>,
    env: &Env<'_>,
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
    if let Some(r) = exception(home, principal, ask, env, trace) {
        trace.note(|| {
            (
                format!(
                    "project {} is protected, but its exception policy lets this through: {}",
                    home.name, r.text
                ),
                None,
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

/// The exception-policy statement that lets `ask` through, as a reason.
fn exception(
    home: &Project,
    principal: &Principal,
    ask: Ask<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Option<Reason> {
    let doc = home.protection_exception.as_ref()?;
    let path = object_path(&home.name, ask.object_type, ask.name);
    // A Tunnel download moves what a read returns: the documented exception names
    // `odps:Select` and lets a DT task through.
    let read = match (ask.action, ask.object_type) {
        (Action::Download, crate::action::ObjectType::Table) => Some(Action::Select),
        (Action::Download, _) => Some(Action::Read),
        _ => None,
    };
    for s in &doc.statements {
        let action = s.matches_action(ask.action) || read.is_some_and(|a| s.matches_action(a));
        if !(s.matches_principal(&principal.key) && action && s.matches_resource(&path)) {
            continue;
        }
        if let Some(c) = &s.condition {
            if let Err(unmet) = c.evaluate(&env.conditions) {
                if let crate::condition::Unmet::Missing(k) = unmet {
                    trace.missing(k);
                }
                trace.note(|| (format!("exception policy: {s}: {unmet}"), Some(&s.source)));
                continue;
            }
        }
        return Some(Reason::new(
            ReasonKind::Policy,
            Effect::Allow,
            Some(&s.source),
            format!("{s} (exception policy)"),
        ));
    }
    None
}
