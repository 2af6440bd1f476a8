//! `show grants [for ...]` and `describe role` (`spec/acl-policy.md` §5, E8, E9, E11).

use crate::action::ObjectType;
use crate::decision::Effect;
use crate::model::{AclGrant, GranteeKind, Project};
use crate::policy::arn::object_path;
use crate::policy::{action_display, PolicyStatement};
use crate::principal::Principal;
use indexmap::IndexMap;

/// One output line being built: flags, path and expiry identify it; actions accumulate.
type Lines = IndexMap<(String, String, String), Vec<String>>;

fn push(lines: &mut Lines, flags: &str, path: String, expires: String, action: String) {
    let actions = lines.entry((flags.to_string(), path, expires)).or_default();
    if !actions.contains(&action) {
        actions.push(action);
    }
}

fn render(lines: &Lines) -> String {
    lines
        .iter()
        .map(|((flags, path, expires), actions)| {
            let tail = if expires.is_empty() {
                String::new()
            } else {
                format!("\tExpires:{expires}")
            };
            format!("{flags}\t{path}: {}{tail}\n", actions.join(" | "))
        })
        .collect()
}

/// The relative path of a grant's object (and column).
pub(super) fn grant_path(p: &Project, g: &AclGrant) -> String {
    let base = object_path(&p.name, g.object_type, &g.object);
    match &g.column {
        Some(c) => format!("{base}/{c}"),
        None => base,
    }
}

/// The ACL lines of one grantee.
fn acl_lines(p: &Project, kind: GranteeKind, key: &str) -> String {
    let mut lines = Lines::new();
    for g in p
        .acl
        .iter()
        .filter(|g| g.grantee.kind == kind && g.grantee.key == key)
    {
        let flags = if g.conditions.is_some() { "AC" } else { "A" };
        let expires = g.expires.map(|e| e.to_string()).unwrap_or_default();
        push(
            &mut lines,
            flags,
            grant_path(p, g),
            expires,
            g.action.to_string(),
        );
    }
    render(&lines)
}

fn statement_lines(lines: &mut Lines, s: &PolicyStatement) {
    let mut flags = match s.effect {
        Effect::Allow => "A".to_string(),
        Effect::Deny => "D".to_string(),
    };
    if s.condition.is_some() {
        flags.push('C');
    }
    let expires = s.expires.map(|e| e.to_string()).unwrap_or_default();
    for r in &s.resources {
        for a in &s.actions {
            push(lines, &flags, r.clone(), expires.clone(), action_display(a));
        }
    }
}

/// The policy lines of one role: its policy document, then its GRANT-form entries.
fn role_policy_lines(p: &Project, role: &str) -> String {
    let mut lines = Lines::new();
    if let Some(r) = p.roles.get(role) {
        for s in r.policy.iter().flat_map(|d| &d.statements) {
            statement_lines(&mut lines, s);
        }
        for g in &r.policy_grants {
            statement_lines(&mut lines, &g.statement);
        }
    }
    render(&lines)
}

fn section(out: &mut String, title: &str, blocks: &[(String, String)]) {
    let blocks: Vec<&(String, String)> = blocks.iter().filter(|(_, b)| !b.is_empty()).collect();
    if blocks.is_empty() {
        return;
    }
    out.push_str(&format!("Authorization Type: {title}\n"));
    for (header, body) in blocks {
        out.push_str(&format!("{header}\n{body}"));
    }
}

/// `show grants for <user>`.
pub(super) fn for_user(p: &Project, who: &Principal) -> String {
    if p.owner.key == who.key {
        return format!(
            "[{}]\nprojects/{}: Project Owner\n",
            p.owner.display,
            p.name.to_ascii_lowercase()
        );
    }
    let roles: Vec<&String> = p
        .users
        .get(&who.key)
        .map(|m| m.roles.keys().collect())
        .unwrap_or_default();
    let mut out = String::new();
    if !roles.is_empty() {
        let names: Vec<&str> = roles
            .iter()
            .map(|k| p.roles.get(*k).map_or(k.as_str(), |r| r.name.as_str()))
            .collect();
        out.push_str(&format!("[roles]\n{}\n\n", names.join(", ")));
    }
    let role_name = |k: &str| p.roles.get(k).map_or(k.to_string(), |r| r.name.clone());
    let mut acl: Vec<(String, String)> = roles
        .iter()
        .map(|k| {
            (
                format!("[role/{}]", role_name(k)),
                acl_lines(p, GranteeKind::Role, k),
            )
        })
        .collect();
    acl.push((
        format!("[user/{}]", who.display),
        acl_lines(p, GranteeKind::User, &who.key),
    ));
    section(&mut out, "ACL", &acl);
    let mut policy: Vec<(String, String)> = roles
        .iter()
        .map(|k| (format!("[role/{}]", role_name(k)), role_policy_lines(p, k)))
        .collect();
    let mut mine = Lines::new();
    for s in p
        .policy
        .iter()
        .flat_map(|d| &d.statements)
        .filter(|s| s.matches_principal(&who.key))
    {
        statement_lines(&mut mine, s);
    }
    policy.push((format!("[user/{}]", who.display), render(&mine)));
    section(&mut out, "Policy", &policy);
    let mut created = Lines::new();
    let flags = super::creator_flags(p);
    if !flags.is_empty() {
        let objects = p
            .tables
            .iter()
            .filter(|(_, t)| t.creator.key == who.key)
            .map(|(k, _)| (ObjectType::Table, &**k))
            .chain(
                p.functions
                    .iter()
                    .filter(|(_, f)| f.creator.key == who.key)
                    .map(|(k, _)| (ObjectType::Function, k.as_str())),
            )
            .chain(
                p.resources
                    .iter()
                    .filter(|(_, r)| r.creator.key == who.key)
                    .map(|(k, _)| (ObjectType::Resource, k.as_str())),
            );
        for (ty, k) in objects {
            push(
                &mut created,
                &flags,
                object_path(&p.name, ty, k),
                String::new(),
                "All".into(),
            );
        }
    }
    section(
        &mut out,
        "ObjectCreator",
        &[(String::new(), render(&created))],
    );
    out.replace("\n\n\n", "\n\n")
        .replace("ObjectCreator\n\n", "ObjectCreator\n")
}

/// `show grants for role <r>` and, with `users`, `describe role <r>`.
pub(super) fn for_role(p: &Project, role: &str, users: bool) -> String {
    let name = p
        .roles
        .get(role)
        .map_or(role.to_string(), |r| r.name.clone());
    let mut out = String::new();
    if users {
        out.push_str("[users]\n");
        for m in p.users.values().filter(|m| m.roles.contains_key(role)) {
            out.push_str(&format!("{}\n", m.principal.display));
        }
        out.push('\n');
    }
    section(
        &mut out,
        "ACL",
        &[(
            format!("[role/{name}]"),
            acl_lines(p, GranteeKind::Role, role),
        )],
    );
    section(
        &mut out,
        "Policy",
        &[(format!("[role/{name}]"), role_policy_lines(p, role))],
    );
    out
}
