//! Stage 5, `permission` (design §1; `spec/acl-policy.md` §11.2).
//!
//! In this order: management actions by the built-in role table ([`management`]); the
//! object's project and the object must exist, and a cross-project request needs membership
//! of the object's project; the action itself ([`access`]: owner, `super_administrator`,
//! ACL, creator, `admin`); a Tunnel `Download` needs what a read needs plus, with
//! `odps.security.enabledownloadprivilege`, a Download grant; table reads and writes and
//! `CreateTable` need `CreateInstance` in the project where the job runs ([`prerequisite`]);
//! a view's owner must be able to read its base tables ([`view`]);
//! data leaving a protected project is refused ([`protection`]).
//!
//! Policies, LabelSecurity and packages slot in here as further steps of [`check`].

pub(crate) mod access;
pub(crate) mod acl;
pub(crate) mod label;
pub(crate) mod management;
pub(crate) mod package;
pub(crate) mod policy;
pub(crate) mod prerequisite;
pub(crate) mod protection;
pub(crate) mod view;

use super::{membership, Denial, Trace};
use crate::action::{Action, ObjectType};
use crate::condition::ConditionContext;
use crate::decision::{Effect, Reason, ReasonKind};
use crate::engine::EngineOptions;
use crate::model::{Member, Model, Project};
use crate::policy::arn::object_path;
use crate::principal::Principal;
use crate::request::Request;
use access::Ask;
use jiff::Timestamp;

/// The request facts the permission rules read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Env<'a> {
    /// Request time, or the configuration's clock.
    pub time: Option<Timestamp>,
    /// What conditions test.
    pub conditions: ConditionContext<'a>,
    /// Engine options.
    pub options: EngineOptions,
    /// The projects with policy statements, when the engine has worked them out; `None`: each
    /// project is looked at when a check needs it.
    pub policies: Option<&'a crate::compile::PolicyProjects>,
}

/// The caller as one project sees it: the principal and its member record there, looked up
/// once per request and project and handed to every rule that reads the caller's roles.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caller<'a> {
    /// Who asks.
    pub principal: &'a Principal,
    /// Its record as a current user of the project (`None`: not a user, or an owner who was
    /// never added as one).
    pub member: Option<&'a Member>,
}

impl<'a> Env<'a> {
    /// The facts of `req`: its time (or the configuration's clock) and condition keys.
    pub(crate) fn of(
        model: &Model,
        req: &'a Request,
        options: EngineOptions,
        policies: Option<&'a crate::compile::PolicyProjects>,
    ) -> Env<'a> {
        let time = req.time().or(model.clock);
        Env {
            time,
            conditions: ConditionContext {
                source_ip: req.source_ip(),
                time,
                task_type: req.task_type(),
                columns: None,
                privileges: None,
            },
            options,
            policies,
        }
    }
}

impl<'a> Caller<'a> {
    /// `principal` in `project`: one lookup of its member record.
    pub(crate) fn of(project: &'a Project, principal: &'a Principal) -> Caller<'a> {
        Caller {
            principal,
            member: project.users.get(&principal.key),
        }
    }

    /// The principal and its roles, as ACL and label grants name them.
    pub(crate) fn grantees(self) -> acl::Grantees<'a> {
        acl::Grantees::of(self.principal, self.member)
    }

    /// Whether the caller holds the role with key `role`: the `grant` statement.
    pub(crate) fn role(self, role: &str) -> Option<&'a crate::location::Source> {
        self.member.and_then(|m| m.roles.get(role))
    }
}

/// The ARN of an object, as MaxCompute prints it in errors.
pub(crate) fn arn(project: &Project, ty: ObjectType, name: &str) -> String {
    format!("acs:odps:*:{}", object_path(&project.name, ty, name))
}

/// Keep the first of equal reasons, in order. Every allow of the permission stage passes
/// here, so the steps before it need not de-duplicate.
fn once(reasons: &mut Vec<Reason>) {
    let mut i = 1;
    while i < reasons.len() {
        let (before, rest) = reasons.split_at(i);
        if rest.first().is_some_and(|r| before.contains(r)) {
            reasons.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Run the permission stage for `caller` (as a user of the request's `project`); each reason
/// once. `policies` are the model's projects with policy statements, if known.
pub(crate) fn check(
    model: &Model,
    options: EngineOptions,
    policies: Option<&crate::compile::PolicyProjects>,
    project: &Project,
    caller: Caller<'_>,
    req: &Request,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    let mut reasons = decide(model, options, policies, project, caller, req, trace)?;
    once(&mut reasons);
    Ok(reasons)
}

fn decide(
    model: &Model,
    options: EngineOptions,
    policies: Option<&crate::compile::PolicyProjects>,
    project: &Project,
    caller: Caller<'_>,
    req: &Request,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    let principal = caller.principal;
    let env = Env::of(model, req, options, policies);
    let action = req.action();
    if action.is_management() {
        let target = management::Target::of(project, action);
        return management::authorize(project, principal, action, &target, &env, trace);
    }
    let object = req.object();
    let Some(home) = model.project(&object.project) else {
        return Err(Denial::new(
            "0420095",
            format!("project `{}` does not exist", object.project),
        )
        .kind(crate::decision::DenyKind::Implicit));
    };
    let cross = !std::ptr::eq(home, project);
    exists(home, object.object_type, &object.name, &object.columns)?;
    let ask = Ask {
        action,
        object_type: object.object_type,
        name: &object.name,
        columns: &object.columns,
    };
    let mut package_refusal = None;
    if cross {
        match package::reach(project, home, caller, ask, &env, trace) {
            package::Path::Allowed(mut reasons) => {
                // A shared view's base tables in the source project are shared with it;
                // others must let their data out to the job's project.
                if reads_table(ask) {
                    reasons.extend(view::definer_rights(
                        model,
                        project,
                        Some(home),
                        principal,
                        home,
                        ask.name,
                        &env,
                        trace,
                    )?);
                }
                reasons.extend(prerequisite::create_instance(
                    project, caller, ask, &env, trace,
                )?);
                return Ok(reasons);
            }
            package::Path::Denied(d) => {
                if !membership::listed(home, principal) {
                    return Err(d);
                }
                package_refusal = Some(d);
            }
            package::Path::None => {}
        }
        trace.note(|| {
            (
                format!(
                    "the object is in project {}, the job runs in {}: direct cross-project \
                     access needs membership of {}",
                    home.name, project.name, home.name
                ),
                None,
            )
        });
    }
    direct(model, project, home, caller, ask, &env, trace).map_err(|d| {
        let Some(p) = package_refusal else {
            return d;
        };
        // Report the path that got further: the package's refusal when the direct path found
        // no permission at all, the direct path's otherwise; the other one as a reason.
        let (mut first, other, path) = if matches!(d.code.as_str(), "4019" | "0420095") {
            (p, d, "direct")
        } else {
            (d, p, "package")
        };
        first.reasons.push(Reason::new(
            ReasonKind::Package,
            Effect::Deny,
            None,
            format!("the {path} path refused too: {}", other.message),
        ));
        first
    })
}

/// The read a Tunnel download of an object of type `ty` performs: `Select` on a table, `Read`
/// on an instance (design §3).
pub(crate) fn download_read(ty: ObjectType) -> Action {
    match ty {
        ObjectType::Table => Action::Select,
        _ => Action::Read,
    }
}

/// Whether `ask` reads a table's data.
fn reads_table(ask: Ask<'_>) -> bool {
    ask.object_type == ObjectType::Table && matches!(ask.action, Action::Select | Action::Download)
}

/// The direct path: the caller (`caller`, as a user of `project`) as a user of the object's
/// project `home`, for a job in `project`.
fn direct(
    model: &Model,
    project: &Project,
    home: &Project,
    caller: Caller<'_>,
    ask: Ask<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    let principal = caller.principal;
    let at_home = if std::ptr::eq(home, project) {
        caller
    } else {
        Caller {
            principal,
            member: membership::is_member(home, principal, trace)?,
        }
    };
    let mut reasons = if ask.action == Action::Download {
        download(home, at_home, ask, env, trace)?
    } else {
        access::allow(home, at_home, ask, env, trace)?
    };
    if reads_table(ask) {
        reasons.extend(view::definer_rights(
            model, project, None, principal, home, ask.name, env, trace,
        )?);
    }
    reasons.extend(prerequisite::create_instance(
        project, caller, ask, env, trace,
    )?);
    reasons.extend(label::check(
        home,
        at_home,
        ask,
        label::Clearance::Member,
        env,
        trace,
    )?);
    reasons.extend(protection::outflow(
        home, project, principal, ask, env, trace,
    )?);
    Ok(reasons)
}

/// A Tunnel download: what a read needs (`Select` on a table, `Read` on an instance) and, when
/// the project turns download control on, a Download grant as well (design §3).
fn download(
    home: &Project,
    caller: Caller<'_>,
    ask: Ask<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    let read = download_read(ask.object_type);
    trace.note(|| (format!("Download first needs {read}"), None));
    let mut reasons = access::allow(
        home,
        caller,
        Ask {
            action: read,
            ..ask
        },
        env,
        trace,
    )?;
    let flag = &home.flags.enable_download_privilege;
    if flag.value {
        trace.note(|| {
            (
                "odps.security.enabledownloadprivilege=true: a Download grant is needed too".into(),
                flag.source.as_ref(),
            )
        });
        let more = access::allow(home, caller, ask, env, trace).map_err(|d| {
            d.because(Reason::new(
                ReasonKind::Flag,
                Effect::Deny,
                flag.source.as_ref(),
                "download control is on (odps.security.enabledownloadprivilege=true)",
            ))
        })?;
        reasons.extend(more);
    } else {
        trace.note(|| {
            (
                "download control is off: no Download grant is needed".into(),
                None,
            )
        });
    }
    Ok(reasons)
}

/// The object (and its columns) must exist; instances and models are not declared by scripts
/// and are taken as existing.
fn exists(home: &Project, ty: ObjectType, name: &str, columns: &[String]) -> Result<(), Denial> {
    let missing = |what: String| {
        Err(Denial::new("object_not_found", what).kind(crate::decision::DenyKind::Implicit))
    };
    match ty {
        ObjectType::Table => match home.tables.get(name) {
            None => {
                return missing(format!(
                    "table `{name}` does not exist in project {}",
                    home.name
                ))
            }
            Some(t) => {
                if let Some(c) = columns.iter().find(|c| !t.has_column(c)) {
                    return missing(format!(
                        "column `{c}` does not exist in {} {}.{}",
                        t.kind_word(),
                        home.name,
                        t.name
                    ));
                }
            }
        },
        ObjectType::Package if !home.object_exists(ty, name) => {
            return missing(format!(
                "package `{name}` is not installed in project {}",
                home.name
            ))
        }
        ObjectType::Function | ObjectType::Resource if !home.object_exists(ty, name) => {
            return missing(format!(
                "{ty} `{name}` does not exist in project {}",
                home.name
            ))
        }
        _ => {}
    }
    Ok(())
}
