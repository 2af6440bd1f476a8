//! The workload as one mcauth script (design §2).

use crate::acl::{Core, ACCOUNT};
use crate::case::access_key;
use crate::extra::Extra;
use crate::package::Packages;
use std::fmt::Write;

/// The clock while the configuration is written (AccessKeys are created then).
pub const START: &str = "2026-01-01T00:00:00Z";
/// The clock at the end, an hour later: every AccessKey has taken effect, every label grant
/// is current. Requests carry no `time`, so they are decided at this clock.
pub const LATER: &str = "2026-01-01T01:00:00Z";

/// Column types of the core tables, in order: table `t<k>` has the first `2 + k % 5`.
const COLUMN_TYPES: [&str; 6] = ["bigint", "string", "double", "string", "bigint", "string"];

/// The script: the account and its RAM users, every project, the providers' packages, each
/// core project's users, roles, tables and grants followed by what `extras` add to it, and
/// the AccessKeys of `keys`.
pub fn write(core: &Core, extras: &[&Extra], packages: &Packages, keys: &[u32]) -> String {
    let mut s = String::with_capacity(core.grants.len() * 64 + core.user_roles.len() * 160);
    let _ = writeln!(s, "at '{START}';");
    let _ = writeln!(s, "create account {ACCOUNT} uid 1000000000000001;");
    for u in 0..core.users() {
        let _ = writeln!(s, "create ram user {};", Core::user_name(u));
    }
    for p in 0..core.projects.len() as u32 {
        let _ = writeln!(
            s,
            "create project {} owner {ACCOUNT};",
            Core::project_name(p)
        );
    }
    for name in &packages.providers {
        let _ = writeln!(s, "create project {name} owner {ACCOUNT};");
    }
    s.push_str(&packages.statements);
    for (p, project) in core.projects.iter().enumerate() {
        let name = Core::project_name(p as u32);
        let _ = writeln!(s, "use {name};\nadd accountprovider ram;");
        for t in 0..project.tables {
            let n = 2 + t as usize % 5;
            let columns: Vec<String> = COLUMN_TYPES
                .iter()
                .take(n)
                .enumerate()
                .map(|(i, ty)| format!("c{i} {ty}"))
                .collect();
            let _ = writeln!(
                s,
                "create table {} ({});",
                Core::table_name(t),
                columns.join(", ")
            );
        }
        for r in 0..project.roles {
            let role = Core::role_name(r);
            let _ = writeln!(
                s,
                "create role {role};\ngrant CreateInstance on project {name} to role {role};"
            );
        }
        for u in project.users.clone() {
            let user = Core::user_name(u);
            let _ = writeln!(
                s,
                "add user {user};\ngrant CreateInstance on project {name} to user {user};"
            );
            for &r in core.user_roles.get(u as usize).into_iter().flatten() {
                let _ = writeln!(s, "grant {} to {user};", Core::role_name(r));
            }
        }
        for g in core.grants_of(project) {
            let _ = writeln!(
                s,
                "grant {} on table {} to {};",
                g.action.as_str(),
                Core::table_name(g.table),
                g.grantee
            );
        }
        for extra in extras {
            if let Some(more) = extra.statements.get(p) {
                s.push_str(more);
            }
        }
    }
    for &u in keys {
        let _ = writeln!(
            s,
            "create accesskey {} for {};",
            access_key(u),
            Core::user_name(u)
        );
    }
    let _ = writeln!(s, "at '{LATER}';");
    s
}
