//! Where a MaxCompute configuration grants more or less than a workspace's DataWorks roles
//! imply (seed 003: "If a user obtains permissions through a DataWorks role and is then granted
//! additional MaxCompute permissions by using commands, the user's actual permissions in
//! MaxCompute may differ from those displayed in DataWorks"), grant by grant.
//!
//! In each project of the workspace it compares:
//! - the grants of each `role_project_*` role with seed 003's table (`All` counts as every
//!   action it covers, so `grant Select, Describe` against an expected `All` is "less");
//! - each member's (and the scheduling identity's) users and roles with the workspace;
//! - anything else that reaches a member: direct ACL grants, other roles and their grants, role
//!   policies and project-policy Allow statements that name the member;
//! - users of the project who are not members of the workspace.
//!
//! Labels, packages and download control are outside the role table and are not compared.

use crate::render::{column, permissions, project_roles};
use crate::roles::{action_list, RoleRow};
use crate::workspace::{Environment, Mode, Workspace};
use mcauth::decision::Effect;
use mcauth::location::Source;
use mcauth::model::{GranteeKind, Project};
use mcauth::principal::ShortForm;
use mcauth::{Action, Model, ObjectType};
use std::collections::BTreeSet;
use std::fmt;

/// Whether the configuration grants more or less than the workspace implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    /// The configuration grants something the DataWorks roles do not imply.
    More,
    /// The configuration lacks something the DataWorks roles imply.
    Less,
}

impl Direction {
    /// `more` or `less`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::More => "more",
            Direction::Less => "less",
        }
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// More or less.
    pub direction: Direction,
    /// The MaxCompute project.
    pub project: String,
    /// Who it concerns: a user (`user RAM$...`) or a role (`role role_project_dev`).
    pub subject: String,
    /// What differs, e.g. `grant Select on table salaries to user RAM$...:dev`.
    pub what: String,
    /// Why it is drift: what the workspace implies.
    pub why: String,
    /// The statement of the configuration (for "more"), when there is one.
    pub source: Option<Source>,
    /// Where the workspace implies the opposite (for "less", and for a member's "more").
    pub workspace_at: Option<Source>,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<5} {}  {}: {}",
            self.direction.as_str(),
            self.project,
            self.subject,
            self.what
        )?;
        if let Some(s) = &self.source {
            write!(f, "  ({s})")?;
        }
        write!(f, "\n      {}", self.why)?;
        if let Some(w) = &self.workspace_at {
            write!(f, "  ({w})")?;
        }
        Ok(())
    }
}

/// One action on one object (or column), as both sides are compared.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Permission {
    object_type: ObjectType,
    object: String,
    column: Option<String>,
    action: Action,
}

/// `action` on a type, with `All` spelled out as the actions it covers.
fn expand(ty: ObjectType, action: Action) -> Vec<Action> {
    if action == Action::All {
        ty.grantable_actions()
            .iter()
            .copied()
            .filter(|a| ty.all_covers(*a))
            .collect()
    } else {
        vec![action]
    }
}

/// Compare the configuration `model` with the workspace.
///
/// ```
/// use mcauth_dataworks::{drift, render, Workspace};
/// let ws = Workspace::parse("ws.json", r#"{"name": "sales", "mode": "basic",
///     "owner": "ALIYUN$corp@example.com",
///     "members": [{"user": "RAM$corp@example.com:ann", "roles": ["Data Analyst"]}]}"#)
///     .unwrap();
/// let script = render(&ws) + "use sales; create table pay (x bigint);\n\
///     grant Select on table pay to user RAM$corp@example.com:ann;\n";
/// let model = mcauth::Model::from_script_str("actual.mcauth", &script).unwrap();
/// let found = drift::drift(&ws, &model);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].what, "grant Select on table pay to user RAM$corp@example.com:ann");
/// ```
pub fn drift(ws: &Workspace, model: &Model) -> Vec<Drift> {
    let mut out = Vec::new();
    for (name, env) in ws.projects() {
        match model.project(&name) {
            None => out.push(Drift {
                direction: Direction::Less,
                project: name.clone(),
                subject: format!("project {name}"),
                what: "the project does not exist".to_string(),
                why: format!("the workspace binds it ({} environment)", env.as_str()),
                source: None,
                workspace_at: Some(ws.name.at.clone()),
            }),
            Some(p) => Comparison { ws, model, p, env }.run(&mut out),
        }
    }
    out
}

/// One project's comparison.
struct Comparison<'a> {
    ws: &'a Workspace,
    model: &'a Model,
    p: &'a Project,
    env: Environment,
}

/// A principal the workspace puts in the project, with its expected roles.
struct Expected<'a> {
    key: String,
    display: &'a str,
    at: &'a Source,
    roles: Vec<(&'static RoleRow, &'a Source)>,
}

impl<'a> Comparison<'a> {
    fn drift(&self, direction: Direction, subject: String, what: String, why: String) -> Drift {
        Drift {
            direction,
            project: self.p.name.clone(),
            subject,
            what,
            why,
            source: None,
            workspace_at: None,
        }
    }

    fn run(&self, out: &mut Vec<Drift>) {
        let expected = self.expected();
        for row in project_roles() {
            self.compare_role(row, out);
        }
        for e in &expected {
            self.compare_member(e, out);
        }
        self.other_users(&expected, out);
    }

    /// The members and, in production, the scheduling identity.
    fn expected(&self) -> Vec<Expected<'a>> {
        let mut list: Vec<Expected<'a>> = Vec::new();
        for m in &self.ws.members {
            list.push(Expected {
                key: self.key_of(&m.user.value),
                display: &m.user.value,
                at: &m.user.at,
                roles: m.roles.iter().map(|r| (r.value.row(), &r.at)).collect(),
            });
        }
        if let (Some(s), Environment::Production) = (&self.ws.scheduler, self.env) {
            let key = self.key_of(&s.value);
            let scheduler = (&crate::roles::SCHEDULER, &s.at);
            match list.iter_mut().find(|e| e.key == key) {
                Some(member) => member.roles.push(scheduler),
                None => list.push(Expected {
                    key,
                    display: &s.value,
                    at: &s.at,
                    roles: vec![scheduler],
                }),
            }
        }
        list
    }

    /// The canonical key of a principal of the workspace in the configuration's model.
    fn key_of(&self, text: &str) -> String {
        let full = ShortForm::Refused("a workspace names principals in full");
        match self.model.resolve_text(text, full) {
            Ok(p) => p.key,
            // The workspace checked every name; a name that does not resolve matches nothing.
            Err(_) => text.to_ascii_lowercase(),
        }
    }

    fn compare_role(&self, row: &'static RoleRow, out: &mut Vec<Drift>) {
        let role = row.script_name();
        let subject = format!("role {role}");
        let perms = permissions(row, self.ws.mode.value, self.env);
        let mut want: BTreeSet<Permission> = BTreeSet::new();
        for g in perms.grants() {
            for &a in g.actions {
                for action in expand(g.object, a) {
                    want.insert(Permission {
                        object_type: g.object,
                        object: g.object_name(&self.p.name).to_ascii_lowercase(),
                        column: None,
                        action,
                    });
                }
            }
        }
        let Some(r) = self.p.roles.get(&role) else {
            let mut d = self.drift(
                Direction::Less,
                subject,
                "the role does not exist".to_string(),
                format!("DataWorks maps {} onto it (seed 003)", row.dataworks),
            );
            d.workspace_at = Some(self.ws.name.at.clone());
            out.push(d);
            return;
        };
        let mut have: BTreeSet<Permission> = BTreeSet::new();
        for g in self.p.acl.iter() {
            if g.grantee.kind != GranteeKind::Role || g.grantee.key != role {
                continue;
            }
            let mut beyond = Vec::new();
            for action in expand(g.object_type, g.action) {
                let p = Permission {
                    object_type: g.object_type,
                    object: g.object.to_string(),
                    column: g.column.clone(),
                    action,
                };
                if !want.contains(&p) {
                    beyond.push(action);
                }
                have.insert(p);
            }
            if !beyond.is_empty() || g.expires.is_some() || g.conditions.is_some() {
                let mut d = self.drift(
                    Direction::More,
                    subject.clone(),
                    g.to_string(),
                    format!(
                        "{} implies {} (seed 003: \"{}\")",
                        row.dataworks,
                        describe(&perms_text(row, self.ws.mode.value, self.env)),
                        row.seed_cell(column(row, self.ws.mode.value, self.env))
                    ),
                );
                d.source = Some(g.source.clone());
                out.push(d);
            }
        }
        for pg in &r.policy_grants {
            let mut d = self.drift(
                Direction::More,
                subject.clone(),
                format!("policy {}", pg.statement),
                format!("{} implies ACL grants only (seed 003)", row.dataworks),
            );
            d.source = Some(pg.statement.source.clone());
            out.push(d);
        }
        if let Some(doc) = &r.policy {
            let mut d = self.drift(
                Direction::More,
                subject.clone(),
                format!("role policy {}", doc.file),
                format!("{} implies ACL grants only (seed 003)", row.dataworks),
            );
            d.source = Some(doc.put_at.clone());
            out.push(d);
        }
        // What is missing, one line per object.
        let mut missing: Vec<(ObjectType, String, Vec<Action>)> = Vec::new();
        for w in want.difference(&have) {
            match missing
                .iter_mut()
                .find(|(t, o, _)| *t == w.object_type && *o == w.object)
            {
                Some((_, _, actions)) => actions.push(w.action),
                None => missing.push((w.object_type, w.object.clone(), vec![w.action])),
            }
        }
        for (ty, object, actions) in missing {
            let names = action_list(&actions);
            let mut d = self.drift(
                Direction::Less,
                subject.clone(),
                format!("no grant of {names} on {ty} {object}"),
                format!(
                    "{} implies {} (seed 003)",
                    row.dataworks,
                    describe(&perms_text(row, self.ws.mode.value, self.env))
                ),
            );
            d.source = Some(r.source.clone());
            out.push(d);
        }
    }

    fn compare_member(&self, e: &Expected<'_>, out: &mut Vec<Drift>) {
        let subject = format!("user {}", e.display);
        let roles_text = || {
            e.roles
                .iter()
                .map(|(r, _)| r.dataworks)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some(member) = self.p.users.get(&e.key) else {
            let mut d = self.drift(
                Direction::Less,
                subject,
                "not a user of the project".to_string(),
                format!("a member of the workspace ({})", roles_text()),
            );
            d.workspace_at = Some(e.at.clone());
            out.push(d);
            return;
        };
        for (row, at) in &e.roles {
            if !member.roles.contains_key(&row.script_name()) {
                let mut d = self.drift(
                    Direction::Less,
                    subject.clone(),
                    format!("does not hold role {}", row.script_name()),
                    format!("the workspace gives {}", row.dataworks),
                );
                d.workspace_at = Some((*at).clone());
                out.push(d);
            }
        }
        for (role, granted_at) in &member.roles {
            if e.roles.iter().any(|(r, _)| r.script_name() == *role) {
                continue;
            }
            let mut d = self.drift(
                Direction::More,
                subject.clone(),
                format!("holds role {role}"),
                format!(
                    "not implied by the workspace's roles for this member ({}){}",
                    roles_text(),
                    self.role_summary(role)
                ),
            );
            d.source = Some(granted_at.clone());
            d.workspace_at = Some(e.at.clone());
            out.push(d);
        }
        for g in self.p.acl.iter() {
            if g.grantee.kind == GranteeKind::User && g.grantee.key == e.key {
                let mut d = self.drift(
                    Direction::More,
                    subject.clone(),
                    g.to_string(),
                    format!(
                        "a direct grant: DataWorks grants through roles only ({})",
                        roles_text()
                    ),
                );
                d.source = Some(g.source.clone());
                d.workspace_at = Some(e.at.clone());
                out.push(d);
            }
        }
        if let Some(policy) = &self.p.policy {
            for s in &policy.statements {
                if s.effect == Effect::Allow && s.matches_principal(&e.key) {
                    let mut d = self.drift(
                        Direction::More,
                        subject.clone(),
                        format!("project policy: {s}"),
                        format!(
                            "an Allow statement naming the member: DataWorks grants through \
                             roles only ({})",
                            roles_text()
                        ),
                    );
                    d.source = Some(s.source.clone());
                    d.workspace_at = Some(e.at.clone());
                    out.push(d);
                }
            }
        }
    }

    /// What a role other than the expected ones brings, for the "holds role" line.
    fn role_summary(&self, role: &str) -> String {
        let Some(r) = self.p.roles.get(role) else {
            return String::new();
        };
        if r.builtin.is_some() {
            return format!("; {role} is a MaxCompute built-in administrator role");
        }
        let grants: Vec<String> = self
            .p
            .acl
            .iter()
            .filter(|g| g.grantee.kind == GranteeKind::Role && g.grantee.key == role)
            .map(|g| format!("{g} ({})", g.source))
            .collect();
        if grants.is_empty() {
            String::new()
        } else {
            format!("; it brings {}", grants.join(", "))
        }
    }

    fn other_users(&self, expected: &[Expected<'_>], out: &mut Vec<Drift>) {
        for (key, m) in &self.p.users {
            if expected.iter().any(|e| e.key == *key) || m.principal.key == self.p.owner.key {
                continue;
            }
            let mut d = self.drift(
                Direction::More,
                format!("user {}", m.principal.display),
                "is a user of the project".to_string(),
                "not a member of the workspace: DataWorks does not show this user".to_string(),
            );
            d.source = Some(m.source.clone());
            out.push(d);
        }
    }
}

/// A role's permissions in words, for messages.
fn perms_text(row: &RoleRow, mode: Mode, env: Environment) -> Vec<String> {
    permissions(row, mode, env)
        .grants()
        .iter()
        .map(|g| {
            let actions = action_list(g.actions);
            let object = if g.object == ObjectType::Project {
                "the project".to_string()
            } else {
                format!("every {}", g.object)
            };
            format!("{actions} on {object}")
        })
        .collect()
}

fn describe(parts: &[String]) -> String {
    if parts.is_empty() {
        "no permissions".to_string()
    } else {
        parts.join("; ")
    }
}
