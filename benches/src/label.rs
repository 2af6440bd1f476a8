//! LabelSecurity in every other project (`p0`, `p2`, ...): label tables `l<k>` whose `phone`
//! column is at level 2 and `email` at 3; one user per table granted Select on it, cleared
//! (or not) for `phone` in one of four ways, asking for `id` with `phone` and with `email`.

// Generator code: every index is a user, role or table number made below its count.
#![allow(clippy::indexing_slicing)]

use crate::acl::{Action, Core, Grantee};
use crate::case::Case;
use crate::extra::{tables_for, Extra};
use crate::rng::Rng;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// The level of the `phone` column, and the clearance that reads it.
const PHONE: u8 = 2;
/// The level of the `email` column: no user is cleared for it.
const EMAIL: u8 = 3;

/// A read of the `phone` column.
const READ_PHONE: &[&str] = &["id", "phone"];
/// A read of the `email` column.
const READ_EMAIL: &[&str] = &["id", "email"];

/// Whether project `p` turns LabelSecurity on.
pub fn on(p: u32) -> bool {
    p % 2 == 0
}

/// The label part of a workload.
pub fn generate(core: &Core, holders: &[Vec<Vec<u32>>], rng: &mut Rng) -> Extra {
    let mut extra = Extra::new(core.projects.len());
    for (p, project) in core.projects.iter().enumerate() {
        let p = p as u32;
        if !on(p) {
            continue;
        }
        let s = &mut extra.statements[p as usize];
        s.push_str("set LabelSecurity=true;\n");
        let mut user_level: HashMap<u32, u8> = HashMap::new();
        let mut role_level: HashMap<u32, u8> = HashMap::new();
        let mut column_grants: HashSet<(u32, u32)> = HashSet::new();
        let mut askers = Vec::new();
        for k in 0..tables_for(project.grants.len()) {
            let _ = writeln!(
                s,
                "create table l{k} (id bigint, name string, phone string, email string);\n\
                 set label {PHONE} to table l{k}(phone);\nset label {EMAIL} to table l{k}(email);"
            );
            let mut asker = project.random_user(rng);
            let mut grantee = Grantee::User(asker);
            match k % 4 {
                0 => {
                    user_level.insert(asker, PHONE);
                    let _ = writeln!(s, "set label {PHONE} to {grantee};");
                }
                1 => {
                    column_grants.insert((asker, k));
                    let _ = writeln!(s, "grant label {PHONE} on table l{k}(phone) to {grantee};");
                }
                2 => {}
                _ => {
                    let r = rng.below32(project.roles);
                    if let Some(holder) = rng.pick(&holders[p as usize][r as usize]) {
                        asker = holder;
                        grantee = Grantee::Role(r);
                        role_level.insert(r, PHONE);
                        let _ = writeln!(s, "set label {PHONE} to {grantee};");
                    }
                }
            }
            let _ = writeln!(s, "grant Select on table l{k} to {grantee};");
            askers.push((asker, k));
        }
        for (asker, k) in askers {
            let roles = &core.user_roles[asker as usize];
            let level = roles
                .iter()
                .filter_map(|r| role_level.get(r))
                .chain(user_level.get(&asker))
                .copied()
                .max()
                .unwrap_or(0);
            let cleared = level >= PHONE || column_grants.contains(&(asker, k));
            for (columns, allowed) in [(READ_PHONE, cleared), (READ_EMAIL, false)] {
                extra.cases.push((
                    Case {
                        user: asker,
                        project: p,
                        object_project: None,
                        table: format!("l{k}"),
                        action: Action::Select,
                        columns,
                    },
                    allowed,
                ));
            }
        }
    }
    extra
}
