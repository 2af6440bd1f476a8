//! LabelSecurity (`spec/principals-labels-packages.md` §3.3; `spec/acl-policy.md` §11.2 step 9):
//! with the project's `LabelSecurity` on, reading a column needs its sensitivity to be at most
//! the reader's effective level (No-ReadUp), and so does writing it (Trusted-User, the current
//! docs' side of CONTRADICTION C1).
//!
//! ```text
//! sens(c)    = column label, else table label, else 0
//! base(U)    = max(label(U), label(R) for each role R of U)
//! grant(U,c) = per grantee (U and each role): its unexpired column grant on c, else its
//!              unexpired table grant; the max over grantees
//! eff(U,c)   = max(base(U), grant(U,c))
//! ```
//! Through a package the base is the `using label` cap of the installing project, and the
//! grants are the installing project's label grants on the package's table (§4.2 (e)).
//! The owner, `super_administrator` and `admin` of the table's project are exempt (§3.3,
//! Recommended), on the direct path only.

use super::access::Ask;
use super::acl::Grantees;
use super::management;
use super::{Caller, Env};
use crate::action::{Action, ObjectType};
use crate::decision::{DenyKind, Effect, Reason, ReasonKind};
use crate::location::Source;
use crate::model::{AllowedProject, BuiltinRole, Installation, LabelGrant, Project, Table};
use crate::pipeline::{Denial, Trace};
use std::borrow::Cow;

/// Whose levels and grants count.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Clearance<'a> {
    /// A user of the table's project: its own and its roles' levels, and label grants there.
    Member,
    /// Through a package installed in another project: the `using label` cap, and the
    /// installing project's label grants on the package's table to the user and its roles
    /// there.
    Package {
        /// The installation.
        installation: &'a Installation,
        /// The source project's `allow project ... using label` entry.
        cap: &'a AllowedProject,
    },
}

/// A level and what set it.
#[derive(Debug, Clone)]
struct Lift<'a> {
    level: u8,
    why: String,
    source: Option<&'a Source>,
}

/// Whether `ask` reads (`true`) or writes (`false`) labelled column data; `None` when labels
/// do not apply to it.
fn direction(ask: &Ask<'_>) -> Option<bool> {
    if ask.object_type != ObjectType::Table {
        return None;
    }
    match ask.action {
        Action::Select | Action::Download => Some(true),
        Action::Update => Some(false),
        _ => None,
    }
}

/// Check `ask` on a table of `home` against `home`'s labels for `caller`: the reasons (labels
/// compared above level 0), or the denial naming the column and both levels. `caller` is the
/// caller in the project whose label grants count: `home` for [`Clearance::Member`], the
/// installing project for [`Clearance::Package`].
pub(crate) fn check(
    home: &Project,
    caller: Caller<'_>,
    ask: Ask<'_>,
    clearance: Clearance<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    let principal = caller.principal;
    let Some(read) = direction(&ask) else {
        return Ok(Vec::new());
    };
    let flag = &home.flags.label_security;
    if !flag.value {
        trace.note(|| {
            (
                format!(
                    "LabelSecurity is off in project {}: labels do not apply",
                    home.name
                ),
                flag.source.as_ref(),
            )
        });
        return Ok(Vec::new());
    }
    let Some(table) = home.tables.get(ask.name) else {
        return Ok(Vec::new());
    };
    if let Clearance::Member = clearance {
        if let Some(r) = exempt(home, caller) {
            trace.note(|| {
                (
                    format!("LabelSecurity: {} is exempt from No-ReadUp", r.text),
                    None,
                )
            });
            return Ok(Vec::new());
        }
    }
    let labels = match home.labels.tables.get(ask.name) {
        Some(l) if l.max() > 0 => l,
        _ => {
            trace.note(|| {
                (
                    format!(
                        "LabelSecurity: {} {} carries no label above 0",
                        table.kind_word(),
                        table.name
                    ),
                    None,
                )
            });
            return Ok(Vec::new());
        }
    };
    // A table without declared columns is checked at its table label.
    let mut columns = table.touched_data(ask.columns);
    if columns.is_empty() {
        columns = Cow::Owned(vec![String::new()]);
    }
    let base = base(home, caller, clearance);
    let grants = match clearance {
        Clearance::Member => home.labels.grants.get(ask.name),
        Clearance::Package { installation, .. } => installation.labels.get(ask.name),
    };
    let grantees = caller.grantees();
    let mut reasons = Vec::new();
    for column in columns.iter() {
        let Some(sens) = labels.of(column) else {
            continue;
        };
        if sens.level == 0 {
            continue;
        }
        let granted = grants.and_then(|g| granted(g, grantees, column, env));
        let eff = match granted {
            Some(g) if g.level > base.level => g,
            _ => base.clone(),
        };
        let compared = format!(
            "column {column} of {}.{} has sensitivity {} (set at {}); the effective level is {} ({})",
            home.name, table.name, sens.level, sens.source, eff.level, eff.why
        );
        trace.note(|| (format!("LabelSecurity: {compared}"), Some(&sens.source)));
        if sens.level > eff.level {
            let rule = if read {
                "No-ReadUp"
            } else {
                "Trusted-User: writing needs the same level as reading"
            };
            let mut d = Denial::new(
                "label",
                format!(
                    "The sensitive label of column '{column}' is {}, but your effective label is {} \
                     (table {}.{}, {rule})",
                    sens.level, eff.level, home.name, table.name
                ),
            )
            .kind(DenyKind::Implicit)
            .because(Reason::new(
                ReasonKind::Label,
                Effect::Deny,
                Some(&sens.source),
                format!(
                    "column {column} of {}.{} has sensitivity {}",
                    home.name, table.name, sens.level
                ),
            ));
            d = d.because(Reason::new(
                ReasonKind::Label,
                Effect::Deny,
                eff.source,
                format!(
                    "{principal}'s effective label is {} ({})",
                    eff.level, eff.why
                ),
            ));
            return Err(d);
        }
        reasons.push(Reason::new(
            ReasonKind::Label,
            Effect::Allow,
            eff.source,
            compared,
        ));
    }
    Ok(reasons)
}

/// The owner, `super_administrator` or `admin` of `home` (`caller` is a user there), as a
/// reason.
fn exempt(home: &Project, caller: Caller<'_>) -> Option<Reason> {
    if home.owner.key == caller.principal.key {
        return Some(management::owner_reason(home));
    }
    management::holds(caller, BuiltinRole::SuperAdministrator)
        .or_else(|| management::holds(caller, BuiltinRole::Admin))
}

/// The base level: the user's and its roles' access levels (max), or the package cap.
fn base<'a>(home: &'a Project, caller: Caller<'_>, clearance: Clearance<'a>) -> Lift<'a> {
    let principal = caller.principal;
    if let Clearance::Package { installation, cap } = clearance {
        return Lift {
            level: cap.label,
            why: format!(
                "the package {} was allowed using label {}",
                installation.name(),
                cap.label
            ),
            source: Some(&cap.source),
        };
    }
    let mut best = Lift {
        level: 0,
        why: format!("{principal} has the default access level 0"),
        source: None,
    };
    if let Some(l) = home.labels.users.get(&principal.key) {
        best = Lift {
            level: l.level,
            why: format!("set label {} to user {principal}", l.level),
            source: Some(&l.source),
        };
    }
    if let Some(m) = caller.member {
        for role in m.roles.keys() {
            if let Some(l) = home.labels.roles.get(role) {
                if l.level > best.level {
                    best = Lift {
                        level: l.level,
                        why: format!("set label {} to role {role}", l.level),
                        source: Some(&l.source),
                    };
                }
            }
        }
    }
    best
}

/// The highest unexpired grant on `column` across `grantees`: per grantee its column grant,
/// else its table grant ("a column-level label grant overrides any table-level label grant").
fn granted<'a>(
    grants: &'a [LabelGrant],
    grantees: Grantees<'_>,
    column: &str,
    env: &Env<'_>,
) -> Option<Lift<'a>> {
    let live = |g: &&LabelGrant| env.time.is_some_and(|now| now < g.expires);
    let mut best: Option<Lift<'a>> = None;
    for (kind, key) in grantees.iter() {
        let mine = |g: &&LabelGrant| g.grantee.kind == kind && g.grantee.key == key;
        let column_grant = grants
            .iter()
            .filter(mine)
            .filter(live)
            .find(|g| g.column.as_deref() == Some(column));
        let grant = column_grant.or_else(|| {
            grants
                .iter()
                .filter(mine)
                .filter(live)
                .find(|g| g.column.is_none())
        });
        if let Some(g) = grant {
            if best.as_ref().is_none_or(|b| g.level > b.level) {
                best = Some(Lift {
                    level: g.level,
                    why: format!(
                        "grant label {} to {} until {}",
                        g.level, g.grantee, g.expires
                    ),
                    source: Some(&g.source),
                });
            }
        }
    }
    best
}

/// The columns of `table` that a view's query text names (every data column when the query
/// has a `*`): what the view's owner reads of a base table.
pub(crate) fn view_columns(query: &str, table: &Table) -> Vec<String> {
    if query.contains('*') {
        return Vec::new();
    }
    let words: Vec<String> = query
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let named: Vec<String> = table
        .columns
        .iter()
        .map(|c| c.name.to_ascii_lowercase())
        .filter(|c| words.contains(c))
        .collect();
    if named.is_empty() {
        // Nothing recognisable: check every column rather than none.
        Vec::new()
    } else {
        named
    }
}
