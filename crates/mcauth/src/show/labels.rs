//! `show label [<level>] grants ...` (`spec/principals-labels-packages.md` §3.2, E9).
//!
//! Every recorded grant is listed, expired or not (`clear expired grants` removes the records);
//! a `<level>` keeps the grants of exactly that level.

use super::table::BoxTable;
use crate::model::{GranteeKind, LabelGrant, Project};
use crate::principal::Principal;

/// A user's own access level (`set label <n> to user`), 0 when never set.
fn user_label(p: &Project, who: &Principal) -> u8 {
    p.labels.users.get(&who.key).map_or(0, |l| l.level)
}

fn is_user(g: &LabelGrant, who: &Principal) -> bool {
    g.grantee.kind == GranteeKind::User && g.grantee.key == who.key
}

fn keeps(level: Option<u8>, g: &LabelGrant) -> bool {
    level.is_none_or(|l| l == g.level)
}

/// A table's name as created, or its key when it is gone.
fn table_name(p: &Project, key: &str) -> String {
    p.tables
        .get(key)
        .map_or(key.to_string(), |t| t.name.clone())
}

/// `show label grants [for user <u>]`: the user's label, then its grants, one row each
/// (`<table>` for a table grant, `<table>(<column>)` for a column grant).
pub(super) fn for_user(p: &Project, who: &Principal, level: Option<u8>) -> String {
    let mut t = BoxTable::new(&["TableName", "GrantedLabel", "Expires"]);
    for (table, grants) in &p.labels.grants {
        for g in grants.iter().filter(|g| is_user(g, who) && keeps(level, g)) {
            let name = table_name(p, table);
            let name = match &g.column {
                Some(c) => format!("{name}({c})"),
                None => name,
            };
            t.row(vec![name, g.level.to_string(), g.expires.to_string()]);
        }
    }
    format!("User Label: {}\n{}", user_label(p, who), t.render())
}

/// `show label grants on table <t>` (`table`: its key): the range of its columns' sensitivity,
/// then one row per grantee (user or role): its table grant, or with column grants only, its
/// highest column grant.
pub(super) fn on_table(p: &Project, table: &str, level: Option<u8>) -> String {
    let labels = p.labels.tables.get(table);
    let sens = |c: &str| labels.and_then(|l| l.of(c)).map_or(0, |l| l.level);
    let columns = p.tables.get(table).map(|t| &t.columns);
    let levels: Vec<u8> = columns
        .into_iter()
        .flatten()
        .map(|c| sens(&c.name.to_ascii_lowercase()))
        .collect();
    let whole = labels.and_then(|l| l.table.as_ref()).map_or(0, |l| l.level);
    let lo = levels.iter().copied().min().unwrap_or(whole);
    let hi = levels.iter().copied().max().unwrap_or(whole);
    let mut best: indexmap::IndexMap<(GranteeKind, &str), &LabelGrant> = indexmap::IndexMap::new();
    for g in p.labels.grants.get(table).into_iter().flatten() {
        let slot = best
            .entry((g.grantee.kind, g.grantee.key.as_str()))
            .or_insert(g);
        let better = match (slot.column.is_some(), g.column.is_some()) {
            (true, false) => true,
            (true, true) => (g.level, g.expires) > (slot.level, slot.expires),
            _ => false,
        };
        if better {
            *slot = g;
        }
    }
    let mut t = BoxTable::new(&["UserName", "GrantedLabel", "Expires"]);
    for g in best.values().filter(|g| keeps(level, g)) {
        let name = match g.grantee.kind {
            GranteeKind::User => p
                .users
                .get(&g.grantee.key)
                .map_or(g.grantee.name.clone(), |m| m.principal.display.clone()),
            GranteeKind::Role => p
                .roles
                .get(&g.grantee.key)
                .map_or(g.grantee.name.clone(), |r| r.name.clone()),
        };
        t.row(vec![name, g.level.to_string(), g.expires.to_string()]);
    }
    format!("Sensitive Label Range: [{lo}, {hi}]\n{}", t.render())
}

/// `show label grants on table <t> for user <u>`: the user's label, then per data column the
/// grant to the user that covers it (a column grant overrides the table grant); columns with
/// neither are left out.
pub(super) fn on_table_for_user(
    p: &Project,
    table: &str,
    who: &Principal,
    level: Option<u8>,
) -> String {
    let grants: Vec<&LabelGrant> = p
        .labels
        .grants
        .get(table)
        .into_iter()
        .flatten()
        .filter(|g| is_user(g, who))
        .collect();
    let whole = grants.iter().find(|g| g.column.is_none());
    let mut t = BoxTable::new(&["Column", "GrantedLabel", "Expires"]);
    for c in p
        .tables
        .get(table)
        .map(|t| &t.columns)
        .into_iter()
        .flatten()
    {
        let key = c.name.to_ascii_lowercase();
        let own = grants
            .iter()
            .find(|g| g.column.as_deref() == Some(key.as_str()));
        if let Some(g) = own.or(whole).filter(|g| keeps(level, g)) {
            t.row(vec![
                c.name.to_string(),
                g.level.to_string(),
                g.expires.to_string(),
            ]);
        }
    }
    format!("User Label: {}\n{}", user_label(p, who), t.render())
}
