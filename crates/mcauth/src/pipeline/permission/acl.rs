//! ACL grants (`spec/acl-policy.md` §2, §11.2 step 7a): a non-expired grant whose conditions
//! hold, to the user or one of its roles, on the object (role grants may use `*` patterns),
//! for the action or `All`. A column request is covered by a table-level grant or by grants on
//! every requested column.

use super::Env;
use crate::action::{Action, ObjectType};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::glob::glob;
use crate::model::{AclGrant, AclProbe, AclTable, GranteeKind, Member, Project, Table};
use crate::pipeline::Trace;
use crate::principal::Principal;

/// Whether `All` on an object of type `ty` covers `action` (`Download` is a separate
/// behaviour permission, not part of `All`).
pub(crate) fn all_covers(ty: ObjectType, action: Action) -> bool {
    action != Action::Download && action != Action::All && ty.grantable_actions().contains(&action)
}

/// Why a grant that names the request does not count now, if it does not.
fn invalid(grant: &AclGrant, env: &Env<'_>) -> Option<String> {
    if let Some(exp) = grant.expires {
        match env.time {
            Some(now) if now < exp => {}
            Some(_) => return Some(format!("expired at {exp}")),
            None => return Some("expires, and the request has no time".into()),
        }
    }
    if let Some(c) = &grant.conditions {
        if let Err(why) = c.evaluate(&env.conditions) {
            return Some(format!("condition not met: {why}"));
        }
    }
    None
}

fn reason(grant: &AclGrant) -> Reason {
    Reason::new(
        ReasonKind::Grant,
        Effect::Allow,
        Some(&grant.source),
        grant.to_string(),
    )
}

/// The grant that lets `principal` do `action` on `name`, if one does.
#[allow(clippy::too_many_arguments)]
pub(crate) fn find(
    project: &Project,
    principal: &Principal,
    action: Action,
    ty: ObjectType,
    name: &str,
    columns: &[String],
    env: &Env<'_>,
    trace: &mut Trace,
) -> Option<Vec<Reason>> {
    let Some(member) = project.users.get(&principal.key) else {
        trace.note(|| {
            (
                format!(
                    "ACL: {principal} is not a current user of {}, so no ACL grant applies",
                    project.name
                ),
                None,
            )
        });
        return None;
    };
    let grantees = grantees(principal, member);
    let scope = Scope {
        acl: &project.acl,
        table: project.tables.get(name),
        grantees: &grantees,
    };
    find_in(scope, action, ty, name, columns, env, trace)
}

/// The user and its roles, as ACL grantees.
pub(crate) fn grantees<'a>(
    principal: &'a Principal,
    member: &'a Member,
) -> Vec<(GranteeKind, &'a str)> {
    std::iter::once((GranteeKind::User, principal.key.as_str()))
        .chain(member.roles.keys().map(|r| (GranteeKind::Role, r.as_str())))
        .collect()
}

/// Where grants are looked up: an ACL table, the object's table definition (for column
/// requests) and the grantees that count.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    /// The grants.
    pub acl: &'a AclTable,
    /// The table the request names, when it is one.
    pub table: Option<&'a Table>,
    /// The user and its roles.
    pub grantees: &'a [(GranteeKind, &'a str)],
}

/// The grant in `scope` that covers `action` on `name`, if one does.
pub(crate) fn find_in(
    scope: Scope<'_>,
    action: Action,
    ty: ObjectType,
    name: &str,
    columns: &[String],
    env: &Env<'_>,
    trace: &mut Trace,
) -> Option<Vec<Reason>> {
    let grantees = scope.grantees;
    let acl = scope.acl;
    let mut actions = vec![action];
    if all_covers(ty, action) {
        actions.push(Action::All);
    }
    let object_grant = |column: Option<&str>, trace: &mut Trace| -> Option<&AclGrant> {
        for &(kind, grantee) in grantees {
            for &a in &actions {
                let probe = AclProbe {
                    kind,
                    grantee,
                    object_type: ty,
                    object: name,
                    column,
                    action: a,
                };
                if let Some(g) = acl.get(&probe) {
                    match invalid(g, env) {
                        None => {
                            trace.note(|| (format!("ACL: {g}: matches"), Some(&g.source)));
                            return Some(g);
                        }
                        Some(why) => trace.note(|| (format!("ACL: {g}: {why}"), Some(&g.source))),
                    }
                }
            }
            if kind == GranteeKind::Role && column.is_none() {
                for g in acl.patterns(grantee, ty) {
                    if !actions.contains(&g.action) || g.column.is_some() {
                        continue;
                    }
                    if !glob(&g.object, name) {
                        continue;
                    }
                    match invalid(g, env) {
                        None => {
                            trace.note(|| (format!("ACL: {g}: pattern matches"), Some(&g.source)));
                            return Some(g);
                        }
                        Some(why) => trace.note(|| (format!("ACL: {g}: {why}"), Some(&g.source))),
                    }
                }
            }
        }
        None
    };
    if let Some(g) = object_grant(None, trace) {
        return Some(vec![reason(g)]);
    }
    let column_actions = matches!(action, Action::Select | Action::Describe);
    if ty == ObjectType::Table && column_actions {
        if let Some(table) = scope.table {
            let wanted: Vec<String> = if columns.is_empty() {
                table
                    .all_columns()
                    .map(|c| c.name.to_ascii_lowercase())
                    .collect()
            } else {
                columns.to_vec()
            };
            let mut reasons = Vec::new();
            for col in &wanted {
                match object_grant(Some(col), trace) {
                    Some(g) => reasons.push(reason(g)),
                    None => {
                        trace.note(|| {
                            (
                                format!(
                                    "ACL: no table-level grant, and no column grant of {action} \
                                     on {name}({col})"
                                ),
                                None,
                            )
                        });
                        return None;
                    }
                }
            }
            if !reasons.is_empty() {
                return Some(reasons);
            }
        }
    }
    trace.note(|| {
        let roles: Vec<&str> = grantees
            .iter()
            .filter(|(k, _)| *k == GranteeKind::Role)
            .map(|(_, r)| *r)
            .collect();
        let principal = grantees.first().map_or("", |(_, p)| *p);
        (
            format!(
                "ACL: no grant of {action}{} on {ty} {name} to {principal} or its roles [{}]",
                if actions.len() > 1 { " or All" } else { "" },
                roles.join(", ")
            ),
            None,
        )
    });
    None
}
