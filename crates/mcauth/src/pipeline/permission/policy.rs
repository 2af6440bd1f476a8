//! Policy statements in the permission stage (`spec/acl-policy.md` §3, §11.2 steps 6–7b): the
//! project policy's statements that name the principal (or `*`), and the role policies and
//! GRANT-form entries of the roles the principal holds. A statement applies when its effect,
//! action, resource, expiry and condition all match.

use super::access::Ask;
use super::{Caller, Env};
use crate::action::ObjectType;
use crate::condition::Unmet;
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{OriginStatement, Project};
use crate::pipeline::Trace;
use crate::policy::arn::object_path;
use crate::policy::PolicyStatement;
use jiff::Timestamp;
use std::fmt;

/// What a policy statement is asked about: an action on an object, whose `columns` are those
/// a table read touches (requested, or all), lower case; or management resource paths.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'a> {
    /// The action and object.
    pub ask: Ask<'a>,
    /// Management resource paths to match instead of the object's, when not empty.
    pub resources: &'a [String],
}

/// Every statement that could apply to `caller` in `project`, with where it comes from: the
/// project policy's statements that name it, and those of the roles it holds. Gathered once
/// per check for both the Deny and the Allow lookup; nothing is looked up in a project
/// without statements.
pub(crate) fn candidates<'p>(
    project: &'p Project,
    caller: Caller<'p>,
    env: &Env<'_>,
) -> Vec<OriginStatement<'p>> {
    let present = match env.policies {
        Some(p) => p.holds(project),
        None => project.has_policies(),
    };
    if !present {
        return Vec::new();
    }
    let key = &caller.principal.key;
    let project_policy = project
        .policy_statements()
        .filter(|(s, _)| s.matches_principal(key));
    let roles = caller
        .member
        .into_iter()
        .flat_map(|m| m.roles.keys())
        .filter_map(|k| project.roles.get_key_value(k))
        .flat_map(|(k, role)| role.statements(k));
    project_policy.chain(roles).collect()
}

/// Why a statement does not apply.
enum Skip<'s> {
    /// It does not name the effect, action or resource: not worth a note.
    Silent,
    /// It expired at this time (or the request has no time).
    Expired(Timestamp),
    /// Its condition does not hold.
    Unmet(Unmet<'s>),
}

impl fmt::Display for Skip<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::Silent => Ok(()),
            Skip::Expired(exp) => write!(f, "expired at {exp}"),
            Skip::Unmet(unmet) => write!(f, "condition not met: {unmet}"),
        }
    }
}

/// The resource paths of one request, built once for all statements and only when a
/// statement needs them.
#[derive(Default)]
struct Paths {
    /// The object's normal-form path.
    object: Option<String>,
    /// Scratch space for `<object>/<column>`.
    column: String,
}

fn applies<'s>(
    s: &'s PolicyStatement,
    project: &Project,
    t: &Target<'_>,
    effect: Effect,
    env: &Env<'_>,
    paths: &mut Paths,
    trace: &mut Trace,
) -> Result<(), Skip<'s>> {
    let ask = &t.ask;
    if s.effect != effect || !s.matches_action(ask.action) {
        return Err(Skip::Silent);
    }
    let resource = if !t.resources.is_empty() {
        t.resources.iter().any(|r| s.matches_resource(r))
    } else {
        let object = paths
            .object
            .get_or_insert_with(|| object_path(&project.name, ask.object_type, ask.name));
        if s.matches_resource(object) {
            true
        } else if ask.object_type == ObjectType::Table && !ask.columns.is_empty() {
            // A Deny on any touched column applies; an Allow must cover every touched column.
            let scratch = &mut paths.column;
            let mut column = |c: &str| {
                scratch.clear();
                scratch.push_str(object);
                scratch.push('/');
                scratch.push_str(c);
                s.matches_resource(scratch)
            };
            match effect {
                Effect::Deny => ask.columns.iter().any(|c| column(c)),
                Effect::Allow => ask.columns.iter().all(|c| column(c)),
            }
        } else {
            false
        }
    };
    if !resource {
        return Err(Skip::Silent);
    }
    if let Some(exp) = s.expires {
        if env.time.is_none_or(|now| now >= exp) {
            return Err(Skip::Expired(exp));
        }
    }
    if let Some(c) = &s.condition {
        trace.evaluate(c, &env.conditions).map_err(Skip::Unmet)?;
    }
    Ok(())
}

/// The first statement of `candidates` (in `project`) of `effect` that applies, as a reason.
pub(crate) fn find(
    project: &Project,
    candidates: &[OriginStatement<'_>],
    effect: Effect,
    t: Target<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Option<Reason> {
    let mut paths = Paths::default();
    for &(s, origin) in candidates {
        match applies(s, project, &t, effect, env, &mut paths, trace) {
            Ok(()) => {
                trace.note(|| (format!("policy: {s} ({origin}): applies"), Some(&s.source)));
                return Some(Reason::new(
                    ReasonKind::Policy,
                    effect,
                    Some(&s.source),
                    format!("{s} ({origin})"),
                ));
            }
            Err(Skip::Silent) => {}
            Err(why) => trace.note(|| (format!("policy: {s} ({origin}): {why}"), Some(&s.source))),
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::compile::PolicyProjects;
    use crate::{Engine, Model, Request};

    /// Projects `p` (a role with a GRANT-form Deny) and `q` (none), each with a table `t` and
    /// bob holding role `r` with Select on it.
    fn model() -> Model {
        let project = |name: &str, deny: bool| {
            format!(
                "create project {name} owner ALIYUN$o@x.com;\nuse {name};\n\
                 create table t (id bigint);\nadd user ALIYUN$bob@x.com;\ncreate role r;\n\
                 grant r to ALIYUN$bob@x.com;\ngrant CreateInstance on project {name} to role r;\n\
                 grant Select on table t to role r;\n{}",
                if deny {
                    "grant Select on table t to role r \
                     privilegeproperties(\"policy\"=\"true\", \"allow\"=\"false\");\n"
                } else {
                    ""
                }
            )
        };
        let script = project("p", true) + &project("Q", false);
        Model::from_script_str("t.mcauth", &script).unwrap()
    }

    #[test]
    fn only_projects_with_statements_are_searched_and_decisions_do_not_change() {
        let m = model();
        let compiled = PolicyProjects::of(&m);
        assert!(compiled.holds(&m.projects["p"]) && !compiled.holds(&m.projects["q"]));
        assert!(m.projects["p"].has_policies() && !m.projects["q"].has_policies());
        let bob = crate::principal::Principal::resolve(
            &crate::principal::PrincipalName::parse("ALIYUN$bob@x.com").unwrap(),
            "",
            str::to_string,
        );
        for (key, found) in [("p", 1), ("q", 0)] {
            let project = &m.projects[key];
            let caller = Caller::of(project, &bob);
            let compiled_env = Env {
                policies: Some(&compiled),
                ..Env::default()
            };
            assert_eq!(candidates(project, caller, &compiled_env).len(), found);
            // Without the engine's list, the project itself is looked at: the same answer.
            assert_eq!(candidates(project, caller, &Env::default()).len(), found);
        }
        let engine = Engine::new(m).unwrap();
        let check = |project: &str| {
            let r = Request::from_json(&format!(
                r#"{{"principal":"ALIYUN$bob@x.com","project":"{project}","action":"Select",
                "object":{{"type":"table","name":"t"}}}}"#
            ))
            .unwrap();
            engine.check(&r)
        };
        assert_eq!(check("p").code.as_deref(), Some("4011"));
        assert!(check("q").is_allowed());
    }
}
