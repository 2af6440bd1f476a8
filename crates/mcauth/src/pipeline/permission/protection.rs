//! ProjectProtection (`spec/principals-labels-packages.md` §5): data may flow into a protected
//! project but not out. Reading its data from a job in another project, or downloading it
//! through Tunnel, is an outflow and is refused with `[4021]`; the owner is not exempt.
//! An exception policy (`set ProjectProtection=true with exception <file>`) lets through what
//! one of its statements names: principal, action, resource and condition (typically
//! `odps:TaskType`). It waives protection only; the access itself was checked before.
//! A job in a project that the protected project trusts (`add trustedproject`) may take its
//! data; trust is not transitive: only the source project's list counts. Reads through a
//! package never come here ([`package`](super::package): sharing takes precedence).

use super::access::Ask;
use super::{arn, Env};
use crate::action::Action;
use crate::decision::{DenyKind, Effect, Reason, ReasonKind};
use crate::model::Project;
use crate::pipeline::{Denial, Trace};
use crate::policy::arn::object_path;
use crate::principal::Principal;

/// Refuse `ask` on an object of `home` if it moves data out of a protected `home`; the
/// exemption that let it out, if one did.
pub(crate) fn outflow(
    home: &Project,
    job_project: &Project,
    principal: &Principal,
    ask: Ask<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Result<Option<Reason>, Denial> {
    let flag = &home.flags.project_protection;
    if !flag.value {
        return Ok(None);
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
        return Ok(None);
    }
    let to_project = ask.action != Action::Download;
    let trusted = home
        .trusted_projects
        .get(job_project.key().as_ref())
        .filter(|_| to_project);
    if let Some(t) = trusted {
        let text = format!(
            "project {} is protected, but trusts project {}: data may flow there",
            home.name, t.name
        );
        trace.note(|| (text.clone(), Some(&t.source)));
        return Ok(Some(Reason::new(
            ReasonKind::Protection,
            Effect::Allow,
            Some(&t.source),
            text,
        )));
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
        return Ok(Some(r));
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
        ReasonKind::Protection,
        Effect::Deny,
        flag.source.as_ref(),
        format!(
            "ProjectProtection=true on project {}: data may not leave it through {how}",
            home.name
        ),
    ))
    .because(Reason::new(
        ReasonKind::Protection,
        Effect::Deny,
        None,
        tried_trusted(home, job_project, to_project),
    ))
    .because(Reason::new(
        ReasonKind::Protection,
        Effect::Deny,
        home.protection_exception.as_ref().map(|d| &d.put_at),
        match &home.protection_exception {
            Some(d) => format!(
                "no statement of the exception policy {} lets it through",
                d.file
            ),
            None => format!("project {} has no exception policy", home.name),
        },
    ))
    .because(Reason::new(
        ReasonKind::Protection,
        Effect::Deny,
        None,
        format!(
            "not through a package: the request reached the object as a user of {}, not \
             through a package installed in {}",
            home.name, job_project.name
        ),
    )))
}

/// What the trusted-project exemption found.
fn tried_trusted(home: &Project, job_project: &Project, to_project: bool) -> String {
    if !to_project {
        return "a Tunnel download leaves for a client, not a project: trusted projects do not \
                apply"
            .into();
    }
    let list: Vec<&str> = home
        .trusted_projects
        .values()
        .map(|t| t.name.as_str())
        .collect();
    format!(
        "project {} is not a trusted project of {} (trusted: {})",
        job_project.name,
        home.name,
        if list.is_empty() {
            "none".to_string()
        } else {
            list.join(", ")
        }
    )
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
    let read = (ask.action == Action::Download).then(|| super::download_read(ask.object_type));
    for s in &doc.statements {
        let action = s.matches_action(ask.action) || read.is_some_and(|a| s.matches_action(a));
        if !(s.matches_principal(&principal.key) && action && s.matches_resource(&path)) {
            continue;
        }
        if let Some(c) = &s.condition {
            if let Err(unmet) = trace.evaluate(c, &env.conditions) {
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
