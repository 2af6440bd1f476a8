//! A project policy in every project (`put policy`, [`POLICY_FILE`]): Deny Select, Update and
//! Drop on the tables named `q*` to everyone. Policy tables `q<k>` are granted `All` to a user
//! and Select to a role; every such request is denied by the policy although an ACL grant
//! allows it (Deny wins).

// Generator code: every index is a user, role or table number made below its count.
#![allow(clippy::indexing_slicing)]

use crate::acl::{Action, Core};
use crate::case::Case;
use crate::extra::{tables_for, Extra};
use crate::rng::Rng;
use std::fmt::Write;

/// The policy document every project puts, named as a user would name it: beside the script
/// (the loader reads a relative path in the folder of the script's file name). The script
/// loaded from text as [`crate::SCRIPT_NAME`] finds it in the working directory, which is the
/// package root, where the file lies, for tests and benches; [`crate::Workload::write_to`]
/// writes the pair to any folder.
pub const POLICY_FILE: &str = "deny-policy.json";

/// The text of [`POLICY_FILE`].
pub const POLICY: &str = include_str!("../deny-policy.json");

/// The policy part of a workload.
pub fn generate(core: &Core, holders: &[Vec<Vec<u32>>], rng: &mut Rng) -> Extra {
    let mut extra = Extra::new(core.projects.len());
    for (p, project) in core.projects.iter().enumerate() {
        let s = &mut extra.statements[p];
        let p = p as u32;
        for k in 0..tables_for(project.grants.len()) {
            let user = project.random_user(rng);
            let role = rng.below32(project.roles);
            let _ = writeln!(
                s,
                "create table q{k} (id bigint, v string);\n\
                 grant All on table q{k} to user {};\n\
                 grant Select on table q{k} to role {};",
                Core::user_name(user),
                Core::role_name(role)
            );
            let case = |user: u32, action: Action| Case {
                user,
                project: p,
                object_project: None,
                table: format!("q{k}"),
                action,
                columns: &[],
            };
            for action in [Action::Select, Action::Update, Action::Drop] {
                extra.cases.push((case(user, action), false));
            }
            if let Some(holder) = rng.pick(&holders[p as usize][role as usize]) {
                extra.cases.push((case(holder, Action::Select), false));
            }
        }
        let _ = writeln!(s, "put policy '{POLICY_FILE}';");
    }
    extra
}
