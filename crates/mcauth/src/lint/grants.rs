//! Grants that no request can use: to a user who is no longer a user of the project, on an
//! object that does not exist, or expired. `docs/semantics.md` LT10–LT12.

use super::statements::{Scope, Stmt};
use super::{by_statement, describe, Code, Finding};
use crate::action::ObjectType;
use crate::decision::Effect;
use crate::model::{AclGrant, GranteeKind, LabelGrant, Model, Project};
use crate::policy::arn::object_path;
use jiff::Timestamp;

/// The grant lints of one project.
pub(super) fn lint(
    model: &Model,
    project: &Project,
    statements: &[Stmt<'_>],
    out: &mut Vec<Finding>,
) {
    removed_users(project, out);
    missing_objects(project, statements, out);
    if let Some(clock) = model.clock {
        expired(project, clock, out);
    }
}

/// Whether a user grantee (by key) is not a user of `project` now.
fn gone(project: &Project, kind: GranteeKind, key: &str) -> bool {
    kind == GranteeKind::User && !project.users.contains_key(key) && project.owner.key != key
}

/// Why a user is not a user of `project`: removed (where), or never added.
fn why_gone(project: &Project, key: &str, name: &str) -> String {
    match project.removed_users.get(key) {
        Some(src) => format!(
            "{name} is no longer a user of project {} (removed at {src})",
            project.name
        ),
        None => format!("{name} is not a user of project {}", project.name),
    }
}

/// `grant-to-removed-user`: ACL and label grants whose user grantee is not a user of the project
/// (M1: `remove user` keeps them; they count again if the user is added back).
fn removed_users(project: &Project, out: &mut Vec<Finding>) {
    let acl = project
        .acl
        .iter()
        .filter(|g| gone(project, g.grantee.kind, &g.grantee.key));
    for (src, grants) in by_statement(acl) {
        let Some(g) = grants.first() else { continue };
        out.push(Finding::new(
            Code::GrantToRemovedUser,
            Some(src),
            format!(
                "{}: {}",
                describe(&grants),
                why_gone(project, &g.grantee.key, &g.grantee.name)
            ),
        ));
    }
    for (table, g) in label_grants(project) {
        if gone(project, g.grantee.kind, &g.grantee.key) {
            out.push(Finding::new(
                Code::GrantToRemovedUser,
                Some(&g.source),
                format!(
                    "{}: {}",
                    label_text(table, g),
                    why_gone(project, &g.grantee.key, &g.grantee.name)
                ),
            ));
        }
    }
}

/// The project's own label grants, by table.
fn label_grants(project: &Project) -> impl Iterator<Item = (&str, &LabelGrant)> {
    project
        .labels
        .grants
        .iter()
        .flat_map(|(t, list)| list.iter().map(move |g| (t.as_str(), g)))
}

/// A label grant as written back: `grant label 2 on table t(c) to user x`.
fn label_text(table: &str, g: &LabelGrant) -> String {
    let column = g
        .column
        .as_ref()
        .map_or(String::new(), |c| format!("({c})"));
    format!(
        "grant label {} on table {table}{column} to {}",
        g.level, g.grantee
    )
}

/// What is missing for `name` (lower case) of type `ty` in `project`, and its column: `None`
/// when it exists. Models are never declared (`docs/semantics.md` G1) and instances always
/// exist, so neither is judged.
fn missing(project: &Project, ty: ObjectType, name: &str, column: Option<&str>) -> Option<String> {
    if ty == ObjectType::Model || name.contains('*') {
        return None;
    }
    if !project.object_exists(ty, name) {
        let what = match ty {
            ObjectType::Package => format!("package `{name}` is not installed in project"),
            _ => format!("{ty} `{name}` does not exist in project"),
        };
        return Some(format!("{what} {}", project.name));
    }
    let table = project
        .tables
        .get(name)
        .filter(|_| ty == ObjectType::Table)?;
    let c = column.filter(|c| !table.has_column(c))?;
    Some(format!(
        "column `{c}` does not exist in {} {}.{}",
        table.kind_word(),
        project.name,
        table.name
    ))
}

/// The object a normal-form resource path names in `project`, when it names exactly one table
/// (or column), function or resource there: `projects/<p>/tables/<t>[/<c>]`,
/// `projects/<p>/registration/functions/<f>`, `projects/<p>/resources/<r>`.
fn named_object<'r>(
    project: &Project,
    resource: &'r str,
) -> Option<(ObjectType, &'r str, Option<&'r str>)> {
    if resource.contains(['*', '?']) {
        return None;
    }
    let base = object_path(&project.name, ObjectType::Project, "");
    let rest = resource.strip_prefix(&base)?.strip_prefix('/')?;
    for ty in [
        ObjectType::Table,
        ObjectType::Function,
        ObjectType::Resource,
    ] {
        let Some(tail) = rest
            .strip_prefix(ty.arn_segment())
            .and_then(|t| t.strip_prefix('/'))
        else {
            continue;
        };
        let mut parts = tail.split('/');
        let name = parts.next().filter(|n| !n.is_empty())?;
        let column = parts.next();
        let whole = parts.next().is_none();
        return match (ty, column) {
            (_, None) => Some((ty, name, None)),
            (ObjectType::Table, Some(c)) if whole && !c.is_empty() => Some((ty, name, Some(c))),
            _ => None,
        };
    }
    None
}

/// `grant-on-missing-object`: ACL grants and GRANT-form entries naming (not a pattern) an
/// object or column that does not exist, and Allow statements of policy documents whose
/// resource names exactly one table, column, function or resource of the project that does not
/// exist.
fn missing_objects(project: &Project, statements: &[Stmt<'_>], out: &mut Vec<Finding>) {
    let acl: Vec<(&AclGrant, String)> = project
        .acl
        .iter()
        .filter_map(|g| {
            missing(project, g.object_type, &g.object, g.column.as_deref()).map(|why| (g, why))
        })
        .collect();
    for (src, grants) in by_statement(acl.iter().map(|(g, _)| *g)) {
        let why = acl
            .iter()
            .find(|(g, _)| g.source == *src)
            .map_or("", |(_, w)| w.as_str());
        out.push(Finding::new(
            Code::GrantOnMissingObject,
            Some(src),
            format!("{}: {why}", describe(&grants)),
        ));
    }
    for role in project.roles.values() {
        for g in &role.policy_grants {
            if let Some(why) = missing(project, g.object_type, &g.object, None) {
                out.push(Finding::new(
                    Code::GrantOnMissingObject,
                    Some(&g.statement.source),
                    format!("{g} to role {}: {why}", role.name),
                ));
            }
        }
    }
    let documents = statements
        .iter()
        .filter(|st| st.s.effect == Effect::Allow && !matches!(st.scope, Scope::RoleGrant(..)));
    for st in documents {
        let why = st.s.resources.iter().find_map(|r| {
            let (ty, name, column) = named_object(project, r)?;
            missing(project, ty, name, column).map(|why| format!("`{r}`: {why}"))
        });
        if let Some(why) = why {
            out.push(Finding::new(
                Code::GrantOnMissingObject,
                Some(&st.s.source),
                format!("{} statement `{}` allows on {why}", st.scope, st.s),
            ));
        }
    }
}

/// `expired-grant`: ACL grants (the project's and refobject grants of its installations), label
/// grants and GRANT-form entries whose expiry is not after the configuration's clock (the last
/// `at`). They count as absent already; `clear expired grants` deletes them.
fn expired(project: &Project, clock: Timestamp, out: &mut Vec<Finding>) {
    let over = |e: &Timestamp| *e <= clock;
    let acl = project
        .acl
        .iter()
        .chain(project.installed.values().flat_map(|i| i.acl.iter()))
        .filter(|g| g.expires.as_ref().is_some_and(over));
    for (src, grants) in by_statement(acl) {
        let at = grants
            .first()
            .and_then(|g| g.expires)
            .map_or(String::new(), |e| e.to_string());
        out.push(Finding::new(
            Code::ExpiredGrant,
            Some(src),
            format!(
                "{} expired at {at}, before the configuration's clock {clock}",
                describe(&grants)
            ),
        ));
    }
    let installed = project
        .installed
        .values()
        .flat_map(|i| i.labels.iter())
        .flat_map(|(t, list)| list.iter().map(move |g| (t.as_str(), g)));
    for (table, g) in label_grants(project).chain(installed) {
        if over(&g.expires) {
            out.push(Finding::new(
                Code::ExpiredGrant,
                Some(&g.source),
                format!(
                    "{} expired at {}, before the configuration's clock {clock}",
                    label_text(table, g),
                    g.expires
                ),
            ));
        }
    }
    for role in project.roles.values() {
        for g in &role.policy_grants {
            if let Some(e) = g.statement.expires.filter(over) {
                out.push(Finding::new(
                    Code::ExpiredGrant,
                    Some(&g.statement.source),
                    format!(
                        "{g} to role {} expired at {e}, before the configuration's clock {clock}",
                        role.name
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::lint::lint;

    fn model(more: &str) -> Model {
        let script = format!(
            "at '2026-03-01T00:00:00Z';\ncreate account ALIYUN$o@x.com;\n\
             create ram user RAM$o@x.com:bob;\ncreate project p owner ALIYUN$o@x.com;\nuse p;\n\
             add accountprovider ram;\ncreate table orders (id bigint, phone string);\n\
             add user RAM$o@x.com:bob;\n{more}"
        );
        Model::from_script_str("t.mcauth", &script).unwrap()
    }

    fn codes(m: &Model) -> Vec<(Code, u32)> {
        lint(m)
            .into_iter()
            .map(|f| (f.code, f.source.unwrap().line))
            .collect()
    }

    #[test]
    fn resource_paths_name_one_object_or_none() {
        let m = model("");
        let p = &m.projects["p"];
        assert_eq!(
            named_object(p, "projects/p/tables/t"),
            Some((ObjectType::Table, "t", None))
        );
        assert_eq!(
            named_object(p, "projects/p/tables/t/c"),
            Some((ObjectType::Table, "t", Some("c")))
        );
        assert_eq!(
            named_object(p, "projects/p/registration/functions/f"),
            Some((ObjectType::Function, "f", None))
        );
        assert_eq!(
            named_object(p, "projects/p/resources/r.jar"),
            Some((ObjectType::Resource, "r.jar", None))
        );
        for other in [
            "projects/p/tables/t_*",
            "projects/q/tables/t",
            "projects/p",
            "projects/p/tables/t/c/x",
            "projects/p/resources/r/x",
            "projects/p/instances/i",
            "projects/pp/tables/t",
        ] {
            assert_eq!(named_object(p, other), None, "{other}");
        }
        assert_eq!(missing(p, ObjectType::Table, "orders", Some("phone")), None);
        assert!(missing(p, ObjectType::Table, "orders", Some("email"))
            .unwrap()
            .contains("column `email` does not exist in table p.orders"));
        assert!(missing(p, ObjectType::Function, "f", None)
            .unwrap()
            .contains("function `f` does not exist in project p"));
        assert_eq!(missing(p, ObjectType::Instance, "any", None), None);
        assert_eq!(missing(p, ObjectType::Model, "m", None), None);
    }

    #[test]
    fn label_grants_to_removed_users_and_expired_label_grants() {
        let m = model(
            "set LabelSecurity=true;\nset ProjectProtection=true;\n\
             set label 2 to table orders(phone);\n\
             grant label 2 on table orders(phone) to user RAM$o@x.com:bob with exp 7;\n\
             remove user RAM$o@x.com:bob;\nat '2026-04-01T00:00:00Z';\n",
        );
        assert_eq!(
            codes(&m),
            [(Code::ExpiredGrant, 12), (Code::GrantToRemovedUser, 12)]
        );
    }

    #[test]
    fn expiry_counts_from_the_last_clock() {
        let grant = "grant Select on table orders to user RAM$o@x.com:bob \
                     privilegeproperties(\"expires\"=\"1\");\n";
        // One day later the grant has expired (the expiry itself is not before it).
        let m = model(&format!("{grant}at '2026-03-02T00:00:00Z';\n"));
        assert_eq!(codes(&m), [(Code::ExpiredGrant, 9)]);
        let m = model(&format!("{grant}at '2026-03-01T23:59:59Z';\n"));
        assert!(codes(&m).is_empty());
    }
}
