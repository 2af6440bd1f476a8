//! Policy statements in the permission stage (`spec/acl-policy.md` §3, §11.2 steps 6–7b): the
//! project policy's statements that name the principal (or `*`), and the role policies and
//! GRANT-form entries of the roles the principal holds. A statement applies when its effect,
//! action, resource, expiry and condition all match.

use super::Env;
use crate::action::{Action, ObjectType};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::Project;
use crate::pipeline::Trace;
use crate::policy::arn::object_path;
use crate::policy::PolicyStatement;
use crate::principal::Principal;

/// What a policy statement is asked about.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'a> {
    /// The action.
    pub action: Action,
    /// Object type.
    pub object_type: ObjectType,
    /// Object name, lower case.
    pub name: &'a str,
    /// The columns a table read touches (requested, or all), lower case.
    pub columns: &'a [String],
    /// Management resource paths to match instead of the object's, when not empty.
    pub resources: &'a [String],
}

/// Every statement that could apply to `principal` in `project`, with where it comes from.
fn candidates<'p>(
    project: &'p Project,
    principal: &'p Principal,
) -> impl Iterator<Item = (&'p PolicyStatement, String)> + 'p {
    let project_policy = project
        .policy
        .iter()
        .flat_map(|d| {
            d.statements
                .iter()
                .map(move |s| (s, format!("project policy {}", d.file)))
        })
        .filter(|(s, _)| s.matches_principal(&principal.key));
    let roles = project
        .users
        .get(&principal.key)
        .into_iter()
        .flat_map(|m| m.roles.keys())
        .filter_map(|k| project.roles.get(k));
    let role_statements = roles.flat_map(|role| {
        let doc = role.policy.iter().flat_map(move |d| {
            d.statements
                .iter()
                .map(move |s| (s, format!("role policy of role {}", role.name)))
        });
        let grants = role
            .policy_grants
            .iter()
            .map(move |g| (&g.statement, format!("policy grant to role {}", role.name)));
        doc.chain(grants)
    });
    project_policy.chain(role_statements)
}

/// Whether any statement could apply to `principal` in `project`.
pub(crate) fn any(project: &Project, principal: &Principal) -> bool {
    candidates(project, principal).next().is_some()
}

fn applies(
    s: &PolicyStatement,
    project: &Project,
    t: &Target<'_>,
    effect: Effect,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Result<(), String> {
    if s.effect != effect || !s.matches_action(t.action) {
        return Err(String::new());
    }
    if !t.resources.is_empty() && !t.resources.iter().any(|r| s.matches_resource(r)) {
        return Err(String::new());
    }
    let object = object_path(&project.name, t.object_type, t.name);
    let column_paths = || t.columns.iter().map(|c| format!("{object}/{c}"));
    let resource = if !t.resources.is_empty() || s.matches_resource(&object) {
        true
    } else if t.object_type == ObjectType::Table && !t.columns.is_empty() {
        // A Deny on any touched column applies; an Allow must cover every touched column.
        match effect {
            Effect::Deny => column_paths().any(|p| s.matches_resource(&p)),
            Effect::Allow => column_paths().all(|p| s.matches_resource(&p)),
        }
    } else {
        false
    };
    if !resource {
        return Err(String::new());
    }
    if let Some(exp) = s.expires {
        if env.time.is_none_or(|now| now >= exp) {
            return Err(format!("expired at {exp}"));
        }
    }
    if let Some(c) = &s.condition {
        if let Err(unmet) = c.evaluate(&env.conditions) {
            if let crate::condition::Unmet::Missing(k) = unmet {
                trace.missing(k);
            }
            return Err(format!("condition not met: {unmet}"));
        }
    }
    Ok(())
}

/// The first statement of `effect` that applies, as a reason.
pub(crate) fn find(
    project: &Project,
    principal: &Principal,
    effect: Effect,
    t: Target<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Option<Reason> {
    for (s, origin) in candidates(project, principal) {
        match applies(s, project, &t, effect, env, trace) {
            Ok(()) => {
                trace.note(|| (format!("policy: {s} ({origin}): applies"), Some(&s.source)));
                return Some(Reason::new(
                    ReasonKind::Policy,
                    effect,
                    Some(&s.source),
                    format!("{s} ({origin})"),
                ));
            }
            Err(why) if !why.is_empty() => {
                trace.note(|| (format!("policy: {s} ({origin}): {why}"), Some(&s.source)))
            }
            Err(_) => {}
        }
    }
    None
}
