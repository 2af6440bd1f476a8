//! ACL grants (`spec/acl-policy.md` §2, §11.2 step 7a): a non-expired grant whose conditions
//! hold, to the user or one of its roles, on the object (role grants may use `*` patterns),
//! for the action or `All`. A column request is covered by a table-level grant or by grants on
//! every requested column.

use super::access::Ask;
use super::{Caller, Env};
use crate::action::{Action, ObjectType};
use crate::condition::Unmet;
use crate::decision::{Effect, Reason, ReasonKind};
use crate::glob::glob;
use crate::model::{AclGrant, AclProbe, AclTable, GranteeKind, Member, Project, Table};
use crate::pipeline::Trace;
use crate::principal::Principal;
use jiff::Timestamp;
use std::fmt;

/// Why a grant that names the request does not count now.
enum Invalid<'g> {
    /// It expired at this time.
    Expired(Timestamp),
    /// It expires, and the request has no time to compare.
    NoTime,
    /// Its conditions do not hold.
    Unmet(Unmet<'g>),
}

impl fmt::Display for Invalid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::Expired(exp) => write!(f, "expired at {exp}"),
            Invalid::NoTime => f.write_str("expires, and the request has no time"),
            Invalid::Unmet(why) => write!(f, "condition not met: {why}"),
        }
    }
}

/// Why a grant that names the request does not count now, if it does not. A condition key the
/// request lacks is recorded for `missing_context`.
fn invalid<'g>(grant: &'g AclGrant, env: &Env<'_>, trace: &mut Trace) -> Option<Invalid<'g>> {
    if let Some(exp) = grant.expires {
        match env.time {
            Some(now) if now < exp => {}
            Some(_) => return Some(Invalid::Expired(exp)),
            None => return Some(Invalid::NoTime),
        }
    }
    if let Some(c) = &grant.conditions {
        if let Err(why) = trace.evaluate(c, &env.conditions) {
            return Some(Invalid::Unmet(why));
        }
    }
    None
}

fn reason(grant: &AclGrant) -> Reason {
    // `grant <action> on <type> <object>(<column>) to user|role <name>`, and more with an
    // expiry or conditions.
    let capacity = 48
        + grant.object.len()
        + grant.column.as_ref().map_or(0, String::len)
        + grant.grantee.name.len();
    Reason::new(
        ReasonKind::Grant,
        Effect::Allow,
        Some(&grant.source),
        crate::pipeline::text_of(grant, capacity),
    )
}

/// The grant that lets `caller` (a user of `project`) do `ask` in `project`, if one does.
pub(crate) fn find(
    project: &Project,
    caller: Caller<'_>,
    ask: Ask<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Option<Vec<Reason>> {
    let principal = caller.principal;
    let Some(member) = caller.member else {
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
    let scope = Scope {
        acl: &project.acl,
        table: project.tables.get(ask.name),
        grantees: Grantees::of(principal, Some(member)),
    };
    find_in(scope, ask, env, trace)
}

/// Who a grant must name to count: a user and the roles it holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grantees<'a> {
    /// The user's principal key; `None` for nobody.
    user: Option<&'a str>,
    /// The user's member record in the project, whose roles count.
    member: Option<&'a Member>,
}

impl<'a> Grantees<'a> {
    /// `principal`, and the roles of `member` (its record in the project), if it has one.
    pub(crate) fn of(principal: &'a Principal, member: Option<&'a Member>) -> Grantees<'a> {
        Grantees {
            user: Some(&principal.key),
            member,
        }
    }

    /// Nobody: no grant counts.
    pub(crate) fn none() -> Grantees<'a> {
        Grantees {
            user: None,
            member: None,
        }
    }

    /// The roles, by key.
    pub(crate) fn roles(self) -> impl Iterator<Item = &'a str> + 'a {
        self.member
            .into_iter()
            .flat_map(|m| m.roles.keys())
            .map(String::as_str)
    }

    /// The user, then its roles.
    pub(crate) fn iter(self) -> impl Iterator<Item = (GranteeKind, &'a str)> + 'a {
        self.user
            .map(|u| (GranteeKind::User, u))
            .into_iter()
            .chain(self.roles().map(|r| (GranteeKind::Role, r)))
    }
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
    pub grantees: Grantees<'a>,
}

/// The grant in `scope` that covers `ask`, if one does.
pub(crate) fn find_in(
    scope: Scope<'_>,
    ask: Ask<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Option<Vec<Reason>> {
    let Ask {
        action,
        object_type: ty,
        name,
        columns,
    } = ask;
    let grantees = scope.grantees;
    let acl = scope.acl;
    let with_all = [action, Action::All];
    let actions: &[Action] = if ty.all_covers(action) {
        &with_all
    } else {
        std::slice::from_ref(&action)
    };
    let object_grant = |column: Option<&str>, trace: &mut Trace| -> Option<&AclGrant> {
        for (kind, grantee) in grantees.iter() {
            for &a in actions {
                let probe = AclProbe {
                    kind,
                    grantee,
                    object_type: ty,
                    object: name,
                    column,
                    action: a,
                };
                if let Some(g) = acl.get(&probe) {
                    match invalid(g, env, trace) {
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
                    match invalid(g, env, trace) {
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
            let mut reasons = Vec::new();
            for col in table.touched(columns).iter() {
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
        let roles: Vec<&str> = grantees.roles().collect();
        let principal = grantees.user.unwrap_or_default();
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
