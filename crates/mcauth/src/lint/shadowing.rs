//! Shadowing: an Allow statement that an unconditional Deny refuses whatever is asked
//! (`shadowed-allow`), and a Deny that takes nothing away because nothing gives what it denies
//! (`dead-deny`). Both report only what is certain: where the analysis cannot tell, it stays
//! silent. `docs/semantics.md` LT8, LT9.

use super::patterns::{covers, overlap};
use super::statements::{Scope, Stmt};
use super::{Code, Finding};
use crate::action::{Action, ObjectType};
use crate::decision::Effect;
use crate::model::{AclGrant, BuiltinRole, GranteeKind, Member, Project};
use crate::policy::arn::object_path;
use crate::principal::Principal;
use indexmap::IndexMap;

/// The shadowing lints of one project's statements. The exception policy takes no part: it
/// waives ProjectProtection only.
pub(super) fn lint(project: &Project, statements: &[Stmt<'_>], out: &mut Vec<Finding>) {
    let deciding: Vec<&Stmt<'_>> = statements.iter().filter(|s| s.decides()).collect();
    let acl = Holdings::of(project);
    for a in deciding.iter().filter(|s| s.s.effect == Effect::Allow) {
        if let Some(d) = deciding.iter().find(|d| shadows(project, d, a)) {
            out.push(Finding::new(
                Code::ShadowedAllow,
                Some(&a.s.source),
                format!(
                    "{} statement `{}` allows nothing: {} statement `{}` ({}) denies, without \
                     condition, every action on every resource it allows, to everyone it binds",
                    a.scope, a.s, d.scope, d.s, d.s.source
                ),
            ));
        }
    }
    for d in deciding.iter().filter(|s| s.s.effect == Effect::Deny) {
        if let Some(why) = dead(project, d, &deciding, &acl) {
            out.push(Finding::new(
                Code::DeadDeny,
                Some(&d.s.source),
                format!("{} statement `{}` takes nothing away: {why}", d.scope, d.s),
            ));
        }
    }
}

/// Whether the Deny `d` refuses every request the Allow `a` could allow: `d` has no condition
/// and no expiry, binds everyone `a` binds, names every action `a` names, and covers every
/// resource pattern of `a`.
fn shadows(project: &Project, d: &Stmt<'_>, a: &Stmt<'_>) -> bool {
    d.s.effect == Effect::Deny
        && d.s.condition.is_none()
        && d.s.expires.is_none()
        && binds_all(project, d, a)
        && covers_actions(d, a)
        && a.s
            .resources
            .iter()
            .all(|ra| d.s.resources.iter().any(|rd| covers(rd, ra)))
}

/// Whether `d` binds everyone `a` binds: a project-policy `d` naming `*`; the same role's
/// statements; a project-policy `a` naming principals (not `*`) each of which `d` binds now.
fn binds_all(project: &Project, d: &Stmt<'_>, a: &Stmt<'_>) -> bool {
    if matches!(d.scope, Scope::Project(_)) && d.names_everyone() {
        return true;
    }
    match (a.role(), a.scope) {
        (Some(role), _) => d.role() == Some(role),
        (None, Scope::Project(_)) => {
            !a.names_everyone() && a.s.principals.iter().all(|p| d.binds(project, &p.key))
        }
        (None, _) => false,
    }
}

/// Whether `d` names every action `a` names (and `a` names at least one).
fn covers_actions(d: &Stmt<'_>, a: &Stmt<'_>) -> bool {
    let mut named = Action::EVERY
        .iter()
        .filter(|x| a.s.matches_action(**x))
        .peekable();
    named.peek().is_some() && named.all(|x| d.s.matches_action(*x))
}

/// Why the Deny `d` takes nothing away, or `None` when something (may) give what it denies to
/// someone it binds.
fn dead(
    project: &Project,
    d: &Stmt<'_>,
    deciding: &[&Stmt<'_>],
    acl: &Holdings<'_>,
) -> Option<String> {
    // A project's statements are matched against its own objects and management resources
    // only, all under `projects/<p>`.
    let own = object_path(&project.name, ObjectType::Project, "");
    if !meets(d, &own, true) {
        return Some(format!(
            "none of its resources is in project {}, and a project's policies only meet \
             requests for its own objects",
            project.name
        ));
    }
    let subjects: Vec<&Member> = project
        .users
        .values()
        .filter(|m| d.binds(project, &m.principal.key))
        .collect();
    if subjects.is_empty() {
        return Some(match d.scope {
            Scope::RolePolicy(_, r) | Scope::RoleGrant(_, r) => {
                format!("no user of project {} holds role {}", project.name, r.name)
            }
            Scope::Project(_) | Scope::Exception(_) => format!(
                "it names no user of project {} (the project owner is never bound by policies)",
                project.name
            ),
        });
    }
    if subjects.iter().any(|m| gives(project, m, d, deciding, acl)) {
        return None;
    }
    let names: Vec<&str> = subjects
        .iter()
        .map(|m| m.principal.display.as_str())
        .collect();
    Some(format!(
        "no ACL grant, Allow statement, built-in role or object they created gives {} any of \
         the actions it denies on the resources it names",
        names.join(", ")
    ))
}

/// The actions a grant of `action` on an object of type `ty` gives: `All` expanded
/// ([`ObjectType::all_covers`]), and `Download` beside a read, since with download control off
/// a read is all a Tunnel download needs (design §3).
fn given(ty: ObjectType, actions: impl Iterator<Item = Action>) -> Vec<Action> {
    let mut out = Vec::new();
    for a in actions {
        if a == Action::All {
            out.extend(Action::EVERY.iter().copied().filter(|x| ty.all_covers(*x)));
        } else {
            out.push(a);
        }
    }
    if out
        .iter()
        .any(|a| matches!(a, Action::Select | Action::Read))
    {
        out.push(Action::Download);
    }
    out
}

/// Whether `d`'s resources meet the object path `path`, or (for a table) one of its column
/// paths `<path>/<column>` (a Deny on a column applies to a read that touches it).
fn meets(d: &Stmt<'_>, path: &str, columns: bool) -> bool {
    let under = format!("{path}/*");
    d.s.resources
        .iter()
        .any(|r| overlap(r, path) || (columns && overlap(r, &under)))
}

/// A project's ACL grants by grantee, so that a user's grants and its roles' are found without
/// a scan per user.
struct Holdings<'p> {
    users: IndexMap<&'p str, Vec<&'p AclGrant>>,
    roles: IndexMap<&'p str, Vec<&'p AclGrant>>,
}

impl<'p> Holdings<'p> {
    fn of(project: &'p Project) -> Holdings<'p> {
        let mut h = Holdings {
            users: IndexMap::new(),
            roles: IndexMap::new(),
        };
        for g in project.acl.iter() {
            let by = match g.grantee.kind {
                GranteeKind::User => &mut h.users,
                GranteeKind::Role => &mut h.roles,
            };
            by.entry(g.grantee.key.as_str()).or_default().push(g);
        }
        h
    }

    /// The grants `m` holds: its own and its roles'.
    fn of_member<'a>(&'a self, m: &'a Member) -> impl Iterator<Item = &'p AclGrant> + 'a {
        let own = self.users.get(m.principal.key.as_str()).into_iter();
        let roles = m.roles.keys().filter_map(|r| self.roles.get(r.as_str()));
        own.chain(roles).flatten().copied()
    }
}

/// Whether anything gives `m` something `d` denies: a built-in role (which gives every object
/// action and management actions), an ACL grant to it or its roles, an Allow statement binding
/// it, or an object it created (the creator's access, and its right to grant).
fn gives(
    project: &Project,
    m: &Member,
    d: &Stmt<'_>,
    deciding: &[&Stmt<'_>],
    holdings: &Holdings<'_>,
) -> bool {
    let builtin = [BuiltinRole::Admin, BuiltinRole::SuperAdministrator];
    if builtin.iter().any(|r| m.roles.contains_key(r.key())) {
        return true;
    }
    let key = m.principal.key.as_str();
    let acl = holdings.of_member(m).any(|g| {
        let actions = given(g.object_type, std::iter::once(g.action));
        let path = object_path(&project.name, g.object_type, &g.object);
        let path = match &g.column {
            Some(c) => format!("{path}/{c}"),
            None => path,
        };
        actions.iter().any(|x| d.s.matches_action(*x))
            && meets(d, &path, g.object_type == ObjectType::Table)
    });
    if acl {
        return true;
    }
    let statements = deciding
        .iter()
        .filter(|a| a.s.effect == Effect::Allow && a.binds(project, key))
        .any(|a| {
            let actions = given(
                ObjectType::Table,
                // A request never names `All`: a statement's `odps:All` matches nothing.
                Action::EVERY
                    .iter()
                    .copied()
                    .filter(|x| *x != Action::All && a.s.matches_action(*x)),
            );
            actions.iter().any(|x| d.s.matches_action(*x))
                && a.s.resources.iter().any(|r| meets(d, r, true))
        });
    statements || created(project, &m.principal, d)
}

/// Whether `p` created an object `d` takes something from: every action of the object's type
/// on it ([`ObjectType::all_covers`]), and granting (`GrantPrivs`, `RevokePrivs`) on anything
/// it created (`docs/semantics.md` R9, Y16).
fn created(project: &Project, p: &Principal, d: &Stmt<'_>) -> bool {
    let mine = |c: &Principal| c.key == p.key;
    let objects = project
        .tables
        .iter()
        .filter(|(_, t)| mine(&t.creator))
        .map(|(k, _)| (ObjectType::Table, &**k))
        .chain(
            project
                .functions
                .iter()
                .filter(|(_, f)| mine(&f.creator))
                .map(|(k, _)| (ObjectType::Function, k.as_str())),
        )
        .chain(
            project
                .resources
                .iter()
                .filter(|(_, r)| mine(&r.creator))
                .map(|(k, _)| (ObjectType::Resource, k.as_str())),
        );
    let grants = d.s.matches_action(Action::GrantPrivs) || d.s.matches_action(Action::RevokePrivs);
    let mut any = false;
    for (ty, name) in objects {
        any = true;
        let actions = given(ty, std::iter::once(Action::All));
        if actions.iter().any(|x| d.s.matches_action(*x))
            && meets(
                d,
                &object_path(&project.name, ty, name),
                ty == ObjectType::Table,
            )
        {
            return true;
        }
    }
    any && grants
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use crate::lint::{lint, Code, Finding};
    use crate::{Engine, Model, Request};
    use proptest::prelude::*;

    /// Project `p` (owner `o`), tables `orders` and `tb_x`, users bob and carol with
    /// CreateInstance, roles r1 (bob) and r2 (nobody), then `more`.
    fn model(more: &str) -> Model {
        let script = format!(
            "at '2026-03-01T00:00:00Z';\n\
             create account ALIYUN$o@x.com;\n\
             create ram user RAM$o@x.com:bob;\ncreate ram user RAM$o@x.com:carol;\n\
             create project p owner ALIYUN$o@x.com;\nuse p;\nadd accountprovider ram;\n\
             create table orders (id bigint, phone string);\ncreate table tb_x (id bigint);\n\
             add user RAM$o@x.com:bob;\nadd user RAM$o@x.com:carol;\n\
             grant CreateInstance on project p to user RAM$o@x.com:bob;\n\
             grant CreateInstance on project p to user RAM$o@x.com:carol;\n\
             create role r1;\ncreate role r2;\ngrant r1 to RAM$o@x.com:bob;\n{more}"
        );
        Model::from_script_str("t.mcauth", &script).unwrap()
    }

    /// A GRANT-form entry of `action` on `object` to `role`, allowed or denied.
    fn entry(role: &str, action: &str, object: &str, allow: bool, extra: &str) -> String {
        format!(
            "grant {action} on {object} to role {role} privilegeproperties(\"policy\"=\"true\", \
             \"allow\"=\"{allow}\"{extra});\n"
        )
    }

    fn found(m: &Model, code: Code) -> Vec<Finding> {
        lint(m).into_iter().filter(|f| f.code == code).collect()
    }

    fn lines(findings: &[Finding]) -> Vec<u32> {
        findings
            .iter()
            .map(|f| f.source.as_ref().unwrap().line)
            .collect()
    }

    #[test]
    fn an_allow_under_an_unconditional_deny_of_the_same_role_is_shadowed() {
        let m = model(&format!(
            "{}{}",
            entry("r1", "Select", "table orders", true, ""),
            entry("r1", "Select", "table *", false, "")
        ));
        assert_eq!(lines(&found(&m, Code::ShadowedAllow)), [17]);
        // The Deny takes the Allow's Select away: it is not dead.
        assert!(found(&m, Code::DeadDeny).is_empty());
    }

    #[test]
    fn a_conditional_expiring_or_other_roles_deny_shadows_nothing() {
        for deny in [
            entry(
                "r1",
                "Select",
                "table *",
                false,
                ", \"conditions\"=\"acs:SourceIp in ('10.0.0.0/8')\"",
            ),
            entry("r1", "Select", "table *", false, ", \"expires\"=\"30\""),
            entry("r2", "Select", "table *", false, ""),
            // A narrower resource, or fewer actions, leave something allowed.
            entry("r1", "Select", "table tb_*", false, ""),
        ] {
            let m = model(&format!(
                "{}{deny}",
                entry("r1", "Select", "table orders", true, "")
            ));
            assert!(found(&m, Code::ShadowedAllow).is_empty(), "{deny}");
        }
    }

    #[test]
    fn a_deny_is_dead_when_nothing_gives_what_it_denies() {
        // bob may read orders; a Deny of Drop takes nothing from him.
        let m = model(&format!(
            "grant Select on table orders to role r1;\n{}",
            entry("r1", "Drop", "table orders", false, "")
        ));
        let dead = found(&m, Code::DeadDeny);
        assert_eq!(lines(&dead), [18]);
        assert!(
            dead[0].message.contains("RAM$o@x.com:bob"),
            "{}",
            dead[0].message
        );
        // A role nobody holds binds nobody.
        let m = model(&entry("r2", "Select", "table orders", false, ""));
        let dead = found(&m, Code::DeadDeny);
        assert!(dead[0]
            .message
            .contains("no user of project p holds role r2"));
    }

    #[test]
    fn a_deny_is_alive_when_something_gives_what_it_denies() {
        let deny = |action: &str, object: &str| entry("r1", action, object, false, "");
        for (why, more) in [
            (
                "an ACL grant to the role",
                format!(
                    "grant Drop on table orders to role r1;\n{}",
                    deny("Drop", "table orders")
                ),
            ),
            (
                "All covers Drop",
                format!(
                    "grant All on table orders to user RAM$o@x.com:bob;\n{}",
                    deny("Drop", "table *")
                ),
            ),
            (
                "a read is what a download needs while download control is off",
                format!(
                    "grant Select on table orders to user RAM$o@x.com:bob;\n{}",
                    deny("Download", "table orders")
                ),
            ),
            (
                "a pattern grant meets the Deny's table",
                format!(
                    "grant Select on table tb_* to role r1;\n{}",
                    deny("Select", "table tb_x")
                ),
            ),
            (
                "a built-in role gives every object action",
                format!(
                    "grant admin to RAM$o@x.com:bob;\n{}",
                    deny("Drop", "table orders")
                ),
            ),
            (
                "a policy Allow of another role bob holds",
                format!(
                    "grant r2 to RAM$o@x.com:bob;\n{}{}",
                    entry("r2", "Alter", "table *", true, ""),
                    deny("Alter", "table orders")
                ),
            ),
            (
                "the creator may use its table",
                format!(
                    "grant CreateTable on project p to user RAM$o@x.com:bob;\n\
                     login RAM$o@x.com:bob;\ncreate table mine (id bigint);\n\
                     login ALIYUN$o@x.com;\n{}",
                    deny("Drop", "table mine")
                ),
            ),
        ] {
            let m = model(&more);
            assert!(
                found(&m, Code::DeadDeny).is_empty(),
                "{why}: {:?}",
                lint(&m)
            );
        }
    }

    #[test]
    fn a_project_policy_naming_only_the_owner_or_another_project_is_dead() {
        let dir = std::env::temp_dir().join(format!("mcauth-lint-shadow-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        write(
            "owner.json",
            r#"{"Version":"1","Statement":[
{"Effect":"Deny","Principal":"ALIYUN$o@x.com","Action":"odps:*","Resource":"*"}]}"#,
        );
        write(
            "everyone.json",
            r#"{"Version":"1","Statement":[
{"Effect":"Deny","Principal":"*","Action":"odps:Select","Resource":"acs:odps:*:projects/q/tables/*"},
{"Effect":"Deny","Principal":"*","Action":"odps:Drop","Resource":"acs:odps:*:projects/p/tables/*"}]}"#,
        );
        let script = |policy: &str| {
            format!(
                "create account ALIYUN$o@x.com;\ncreate ram user RAM$o@x.com:bob;\n\
                 create project p owner ALIYUN$o@x.com;\nuse p;\nadd accountprovider ram;\n\
                 create table t (id bigint);\nadd user RAM$o@x.com:bob;\n\
                 create role r1;\ngrant r1 to RAM$o@x.com:bob;\n\
                 grant Select on table t to role r1;\n\
                 grant Drop on table t to user RAM$o@x.com:bob;\nput policy {policy};\n"
            )
        };
        let path = dir.join("p.mcauth");
        std::fs::write(&path, script("owner.json")).unwrap();
        let m = Model::from_scripts(&[&path]).unwrap();
        let dead = found(&m, Code::DeadDeny);
        assert_eq!(dead.len(), 1);
        assert!(
            dead[0].message.contains("never bound by policies"),
            "{}",
            dead[0].message
        );
        std::fs::write(&path, script("everyone.json")).unwrap();
        let m = Model::from_scripts(&[&path]).unwrap();
        // Project q's tables are never asked for in p; bob's Drop is taken by the second.
        let dead = found(&m, Code::DeadDeny);
        assert_eq!(lines(&dead), [2]);
        assert!(dead[0]
            .message
            .contains("none of its resources is in project p"));
        // A project-policy Deny of `*` binds the role's holders too: the role's Allow on a
        // table the Deny covers, for every action it names, is shadowed.
        write(
            "role.json",
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"odps:Drop","Resource":"acs:odps:*:projects/p/tables/t"}]}"#,
        );
        let with_role = format!(
            "{}put policy role.json on role r1;\n",
            script("everyone.json")
        );
        std::fs::write(&path, with_role).unwrap();
        let m = Model::from_scripts(&[&path]).unwrap();
        let shadowed = found(&m, Code::ShadowedAllow);
        assert_eq!(shadowed.len(), 1, "{:?}", lint(&m));
        assert!(shadowed[0]
            .source
            .as_ref()
            .unwrap()
            .file
            .ends_with("role.json"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// One random configuration: ACL grants and GRANT-form entries over bob (r1), carol, r1,
    /// r2 (held by carol or nobody), maybe admin for carol, and a table carol created.
    fn config() -> impl Strategy<Value = String> {
        let actions = ["Select", "Describe", "Drop", "Download", "Alter"];
        let acl = (
            proptest::sample::select(vec![
                "user RAM$o@x.com:bob",
                "user RAM$o@x.com:carol",
                "role r1",
                "role r2",
            ]),
            proptest::sample::select(vec!["Select", "Describe", "Drop", "All", "Download"]),
            proptest::sample::select(vec!["orders", "tb_x", "tb_*"]),
        )
            .prop_map(|(who, action, object)| {
                if object.contains('*') && who.starts_with("user") {
                    String::new()
                } else {
                    format!("grant {action} on table {object} to {who};\n")
                }
            });
        let policy = (
            proptest::sample::select(vec!["r1", "r2"]),
            proptest::sample::select(actions.to_vec()),
            proptest::sample::select(vec!["table orders", "table tb_*", "table *", "table mine"]),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(role, action, object, allow, cond)| {
                let extra = if cond {
                    ", \"conditions\"=\"acs:SourceIp in ('10.0.0.0/8')\""
                } else {
                    ""
                };
                entry(role, action, object, allow, extra)
            });
        (
            proptest::collection::vec(acl, 0..4),
            proptest::collection::vec(policy, 1..5),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(acl, policy, carol_r2, carol_admin)| {
                let mut s = String::from(
                    "grant CreateTable on project p to user RAM$o@x.com:carol;\n\
                     login RAM$o@x.com:carol;\ncreate table mine (id bigint);\n\
                     login ALIYUN$o@x.com;\n",
                );
                if carol_r2 {
                    s.push_str("grant r2 to RAM$o@x.com:carol;\n");
                }
                if carol_admin {
                    s.push_str("grant admin to RAM$o@x.com:carol;\n");
                }
                s.extend(acl);
                s.extend(policy);
                s
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// A Deny reported dead takes nothing away, and an Allow reported shadowed allows
        /// nothing: without the statement, every user's every table action, from inside and
        /// outside the condition's network, is decided as before.
        #[test]
        fn reported_statements_change_no_decision(more in config()) {
            let m = model(&more);
            let base = Engine::new(m.clone()).unwrap();
            let requests: Vec<Request> = ["bob", "carol"].iter().flat_map(|who| {
                ["orders", "tb_x", "mine"].iter().flat_map(move |table| {
                    ["Describe", "Select", "Alter", "Update", "Drop", "ShowHistory", "Download"]
                        .iter().flat_map(move |action| {
                            ["10.1.2.3", "8.8.8.8"].iter().map(move |ip| {
                                Request::from_json(&format!(
                                    r#"{{"principal":"RAM$o@x.com:{who}","project":"p",
                                    "action":"{action}","object":{{"type":"table","name":"{table}"}},
                                    "source_ip":"{ip}"}}"#
                                )).unwrap()
                            })
                        })
                })
            }).collect();
            for f in lint(&m) {
                if !matches!(f.code, Code::DeadDeny | Code::ShadowedAllow) {
                    continue;
                }
                let src = f.source.clone().unwrap();
                let mut without = m.clone();
                for role in without.projects["p"].roles.values_mut() {
                    role.policy_grants.retain(|g| g.statement.source != src);
                }
                let other = Engine::new(without).unwrap();
                for req in &requests {
                    let (a, b) = (base.check(req), other.check(req));
                    prop_assert_eq!(a.is_allowed(), b.is_allowed(),
                        "{} {} decides {:?}:\n{}\n{}", f.code, src, req, a, more);
                }
            }
        }
    }
}
