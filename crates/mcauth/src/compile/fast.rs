//! Building the [`FastPath`] index from a [`Model`].
//!
//! Which projects, members and tables the fast path may decide is settled here, by running the
//! pipeline's own stage code on probe requests (authentication, membership, whitelist, status,
//! the `CreateInstance` prerequisite) and by leaving out whatever another rule could decide:
//! the actions a policy statement names on a table, labelled tables under LabelSecurity, ACL
//! off, the owner, built-in roles, the object's creator, views, column grants, grants that
//! expire or carry conditions.

use super::names::Names;
use super::PolicyProjects;
use crate::action::{Action, ObjectType};
use crate::engine::EngineOptions;
use crate::glob::glob;
use crate::hash::FastMap;
use crate::model::{BuiltinRole, GranteeKind, Model, Project, Table};
use crate::pipeline::authentication::{self, access_key};
use crate::pipeline::permission::access::Ask;
use crate::pipeline::permission::{prerequisite, Caller, Env};
use crate::pipeline::{ip_whitelist, membership, project_status, Trace};
use crate::policy::arn::object_path;
use crate::policy::PolicyStatement;
use crate::request::{Identity, Request};

/// The bit of `action` in a table grant mask, if it is a table action: the actions in the
/// order of [`ObjectType::grantable_actions`].
pub(super) fn bit(action: Action) -> Option<u16> {
    let i = ObjectType::Table
        .grantable_actions()
        .iter()
        .position(|a| *a == action)?;
    u16::try_from(i)
        .ok()
        .and_then(|i| 1u16.checked_shl(u32::from(i)))
}

/// A user of a project the index answers for. Its words in [`FastProject::members`] are the
/// grantee numbers of its roles, sorted.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct FastMember {
    /// Its grantee number: its index among the project's users (roles are numbered after the
    /// users).
    pub grantee: u32,
    /// Whether it holds `CreateInstance` on the project (the prerequisite of table jobs).
    pub create_instance: bool,
}

/// A table. Its words in [`FastProject::tables`] are its grants: `grantee, action mask`
/// pairs, one per grantee, sorted by grantee.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct FastTable {
    /// The member number of its creator, if the creator is a user of the project.
    pub creator: Option<u32>,
    /// Some grant on it needs the pipeline (a column grant, an expiry, conditions), it is a
    /// view, or it carries a label in a LabelSecurity project.
    pub slow: bool,
    /// The table actions for which some policy statement of the project (or of one of its
    /// roles) names this table or one of its columns: policies indexed by action and object.
    /// A request for one of these goes through the pipeline.
    pub policy_actions: u16,
}

/// One project's index.
#[derive(Debug, Clone, Default)]
pub(super) struct FastProject {
    /// The members it decides for, by principal text (as a request writes it).
    pub members: Names<FastMember>,
    /// The members it decides for, by AccessKey ID.
    pub access_keys: Names<FastMember>,
    /// Tables by lower-case name.
    pub tables: Names<FastTable>,
    /// The table actions the project's status lets through.
    pub status_allows: u16,
}

/// The compiled fast path: the projects it decides in, by key.
#[derive(Debug, Clone, Default)]
pub(crate) struct FastPath {
    /// The projects it decides in.
    pub(super) projects: FastMap<Box<str>, FastProject>,
}

impl FastPath {
    /// Compile `model`.
    pub(crate) fn of(model: &Model, options: EngineOptions, policies: &PolicyProjects) -> FastPath {
        // A key's owner at the configuration's clock (a plain request carries no time); the
        // project's account provider is then checked by the owner's own probe.
        let mut keys: FastMap<String, Vec<&str>> = FastMap::default();
        for id in model.access_keys.keys() {
            if let Ok(owner) = access_key::check(model, id, None, &mut Trace::off()) {
                keys.entry(owner.key).or_default().push(id);
            }
        }
        // Projects compile independently: one share of them per core.
        let projects: Vec<(&String, &Project)> = model.projects.iter().collect();
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let share = projects.len().div_ceil(cores).max(1);
        let compile = |chunk: &[(&String, &Project)]| -> Vec<(Box<str>, FastProject)> {
            chunk
                .iter()
                .filter_map(|&(key, project)| {
                    let p = compile_project(model, options, policies, &keys, key, project)?;
                    Some((key.as_str().into(), p))
                })
                .collect()
        };
        let compiled: Vec<(Box<str>, FastProject)> = if projects.len() < 2 || cores < 2 {
            compile(&projects)
        } else {
            std::thread::scope(|scope| {
                let workers: Vec<_> = projects
                    .chunks(share)
                    .map(|chunk| scope.spawn(move || compile(chunk)))
                    .collect();
                // A worker that panicked (a bug) leaves its projects to the pipeline.
                workers
                    .into_iter()
                    .flat_map(|w| w.join().unwrap_or_default())
                    .collect()
            })
        };
        FastPath {
            projects: compiled.into_iter().collect(),
        }
    }
}

/// Whether the permission stage of `project` can come down to ACL grants and the
/// `CreateInstance` prerequisite for a member's plain table request.
fn plain(model: &Model, key: &str, project: &Project) -> bool {
    let flags = &project.flags;
    let probe = Request::probe(Identity::Principal(String::new()), key);
    flags.check_permission_using_acl.value
        && ip_whitelist::check(model, project, &probe, &mut Trace::off()).is_ok()
}

fn compile_project(
    model: &Model,
    options: EngineOptions,
    policies: &PolicyProjects,
    access_keys: &FastMap<String, Vec<&str>>,
    key: &str,
    project: &Project,
) -> Option<FastProject> {
    if !plain(model, key, project) {
        return None;
    }
    let mut fast = FastProject::default();
    for (i, a) in ObjectType::Table.grantable_actions().iter().enumerate() {
        if project_status::allows(project, *a, &mut Trace::off()).is_ok() {
            fast.status_allows |= 1 << i;
        }
    }
    // Grantee numbers: users by their index, roles after them by first sight.
    let users = u32::try_from(project.users.len()).ok()?;
    let mut roles: FastMap<&str, u32> = FastMap::default();
    // A plain request's facts: the configuration's clock, no address, task type or context.
    let plain = Request::probe(Identity::Principal(String::new()), key);
    let env = Env::of(model, &plain, options, Some(policies));
    let mut members: Vec<(&str, FastMember, Vec<u32>)> = Vec::with_capacity(project.users.len());
    let mut keys: Vec<(&str, FastMember, Vec<u32>)> = Vec::new();
    for (index, (user_key, member)) in project.users.iter().enumerate() {
        let grantee = u32::try_from(index).ok()?;
        // The owner and the built-in roles are decided by the pipeline; so is any spelling of
        // the member other than the one the stages themselves are shown to accept here.
        let special = project.owner.key == *user_key
            || [BuiltinRole::Admin, BuiltinRole::SuperAdministrator]
                .iter()
                .any(|r| member.roles.contains_key(r.key()));
        let text = member.principal.display.as_str();
        if special || !names(model, key, text, user_key) {
            continue;
        }
        let mut held = Vec::with_capacity(member.roles.len());
        for r in member.roles.keys() {
            held.push(role(&mut roles, users, r)?);
        }
        held.sort_unstable();
        let caller = Caller {
            principal: &member.principal,
            member: Some(member),
        };
        let job = Ask {
            action: Action::Select,
            object_type: ObjectType::Table,
            name: "",
            columns: &[],
        };
        let create_instance =
            prerequisite::create_instance(project, caller, job, &env, &mut Trace::off()).is_ok();
        let fast_member = FastMember {
            grantee,
            create_instance,
        };
        for id in access_keys.get(user_key.as_str()).into_iter().flatten() {
            keys.push((id, fast_member, held.clone()));
        }
        members.push((text, fast_member, held));
    }
    fast.members = Names::build(members)?;
    fast.access_keys = Names::build(keys)?;
    let statements = table_statements(project);
    let mut tables: Vec<FastTable> = Vec::with_capacity(project.tables.len());
    for (name, table) in project.tables.iter() {
        tables.push(FastTable {
            creator: project
                .users
                .get_index_of(&table.creator.key)
                .and_then(|i| u32::try_from(i).ok()),
            slow: table.view.is_some() || labelled(project, name),
            policy_actions: policy_actions(&statements, project, name, table),
        });
    }
    // (table, grantee, mask) of every grant that counts as written, then grouped by table.
    let mut entries: Vec<(u32, u32, u16)> = Vec::with_capacity(project.acl.len());
    for g in project.acl.iter() {
        if g.object_type != ObjectType::Table {
            continue;
        }
        let grantee = match g.grantee.kind {
            GranteeKind::User => match project.users.get_index_of(&g.grantee.key) {
                Some(i) => u32::try_from(i).ok()?,
                None => continue,
            },
            GranteeKind::Role => role(&mut roles, users, &g.grantee.key)?,
        };
        let exact = g.column.is_none() && g.expires.is_none() && g.conditions.is_none();
        let mask = bit(g.action).unwrap_or(0);
        let mut add = |t: usize| -> Option<()> {
            if exact {
                entries.push((u32::try_from(t).ok()?, grantee, mask));
            } else if let Some(info) = tables.get_mut(t) {
                info.slow = true;
            }
            Some(())
        };
        if g.grantee.kind == GranteeKind::Role && g.is_pattern() {
            for (t, name) in project.tables.keys().enumerate() {
                if glob(&g.object, name) {
                    add(t)?;
                }
            }
        } else if let Some(t) = project.tables.get_index_of(&*g.object) {
            add(t)?;
        }
    }
    entries.sort_unstable();
    let mut rest = entries.as_slice();
    let mut runs: Vec<Vec<u32>> = Vec::with_capacity(tables.len());
    for t in 0..tables.len() {
        let t = u32::try_from(t).ok()?;
        let n = rest.iter().take_while(|e| e.0 == t).count();
        let (mine, after) = rest.split_at(n);
        rest = after;
        // One `grantee, mask` pair per grantee: its masks joined.
        let mut run: Vec<u32> = Vec::with_capacity(2 * mine.len());
        for &(_, grantee, mask) in mine {
            match run.as_mut_slice() {
                [.., last, joined] if *last == grantee => *joined |= u32::from(mask),
                _ => run.extend([grantee, u32::from(mask)]),
            }
        }
        runs.push(run);
    }
    let keys = project.tables.keys().map(|k| &**k);
    fast.tables = Names::build(keys.zip(tables).zip(runs).map(|((k, t), r)| (k, t, r)))?;
    Some(fast)
}

/// Whether LabelSecurity is on in `project` and table `name` carries a label above 0 (a
/// table without one passes the label check whoever reads it).
fn labelled(project: &Project, name: &str) -> bool {
    project.flags.label_security.value
        && project.labels.tables.get(name).is_some_and(|l| l.max() > 0)
}

/// The policy statements of `project` (and of its roles) that name a table action, each with
/// the mask of the table actions it names.
fn table_statements(project: &Project) -> Vec<(&PolicyStatement, u16)> {
    project
        .statements()
        .filter(|(_, origin)| origin.decides())
        .filter_map(|(s, _)| {
            let actions = ObjectType::Table
                .grantable_actions()
                .iter()
                .enumerate()
                .filter(|(_, a)| s.matches_action(**a))
                .fold(0u16, |m, (i, _)| m | 1 << i);
            (actions != 0).then_some((s, actions))
        })
        .collect()
}

/// The table actions for which one of `statements` (whoever it names as principal) names
/// table `name` of `project` or one of its columns.
fn policy_actions(
    statements: &[(&PolicyStatement, u16)],
    project: &Project,
    name: &str,
    table: &Table,
) -> u16 {
    if statements.is_empty() {
        return 0;
    }
    let path = object_path(&project.name, ObjectType::Table, name);
    let mut column = String::with_capacity(path.len() + 16);
    let mut mask = 0;
    for &(s, actions) in statements {
        if actions & !mask == 0 {
            continue;
        }
        let named = s.matches_resource(&path)
            || table.all_columns().any(|c| {
                column.clear();
                column.push_str(&path);
                column.push('/');
                column.extend(c.name.chars().map(|ch| ch.to_ascii_lowercase()));
                s.matches_resource(&column)
            });
        if named {
            mask |= actions;
        }
    }
    mask
}

/// The grantee number of role `name`: numbered after the `users` users, by first sight.
fn role<'a>(roles: &mut FastMap<&'a str, u32>, users: u32, name: &'a str) -> Option<u32> {
    let next = users.checked_add(u32::try_from(roles.len()).ok()?)?;
    Some(*roles.entry(name).or_insert(next))
}

/// Whether a request from `text` in project `key` passes authentication and membership as the
/// user whose key is `user_key`.
fn names(model: &Model, key: &str, text: &str, user_key: &str) -> bool {
    let probe = Request::probe(Identity::Principal(text.to_string()), key);
    let mut trace = Trace::off();
    let Ok(principal) = authentication::check(model, &probe, &mut trace) else {
        return false;
    };
    principal.key == user_key
        && membership::check(model, &probe, &principal, &mut trace).is_ok_and(|(_, m)| m.is_some())
}
