//! Cross-project packages: one provider project `s<j>` per ten core projects creates package
//! `pkg` with tables `st0`–`st5` (and keeps `st6`, `st7` out of it) and allows its ten consumers
//! to install it; each consumer installs it and grants Read on it to a role and two users, who
//! then Select or Describe the package's tables from their own project.

// Generator code: every index is a user, role or table number made below its count.
#![allow(clippy::indexing_slicing)]

use crate::acl::{Action, Core};
use crate::case::Case;
use crate::extra::Extra;
use crate::rng::Rng;
use std::fmt::Write;

/// Core projects per provider.
const CONSUMERS: usize = 10;
/// Tables in a provider project.
const TABLES: u32 = 8;
/// Of which the package holds the first six.
const PACKAGED: u32 = 6;

/// The package part of a workload.
#[derive(Debug, Clone, Default)]
pub struct Packages {
    /// The consumers' statements and the package reads.
    pub extra: Extra,
    /// The provider projects' names.
    pub providers: Vec<String>,
    /// The providers' statements, to run after every project is created and before the core
    /// projects' own statements.
    pub statements: String,
}

/// Provider `j`'s name.
fn provider(j: usize) -> String {
    format!("s{j}")
}

/// The package part of a workload.
pub fn generate(core: &Core, holders: &[Vec<Vec<u32>>], rng: &mut Rng) -> Packages {
    let consumers = core.projects.len();
    let mut out = Packages {
        extra: Extra::new(consumers),
        providers: (0..consumers.div_ceil(CONSUMERS)).map(provider).collect(),
        statements: String::new(),
    };
    for (j, name) in out.providers.iter().enumerate() {
        let s = &mut out.statements;
        let _ = writeln!(s, "use {name};");
        for k in 0..TABLES {
            let _ = writeln!(s, "create table st{k} (id bigint, v string);");
        }
        s.push_str("create package pkg;\n");
        for k in 0..PACKAGED {
            let _ = writeln!(s, "add table st{k} to package pkg;");
        }
        for p in (j * CONSUMERS..(j + 1) * CONSUMERS).take_while(|&p| p < consumers) {
            let _ = writeln!(
                s,
                "allow project {} to install package pkg;",
                Core::project_name(p as u32)
            );
        }
    }
    for (p, project) in core.projects.iter().enumerate() {
        let from = provider(p / CONSUMERS);
        let s = &mut out.extra.statements[p];
        let _ = writeln!(s, "install package {from}.pkg;");
        let role = rng.below32(project.roles);
        let _ = writeln!(
            s,
            "grant Read on package {from}.pkg to role {};",
            Core::role_name(role)
        );
        let mut readers: Vec<u32> = (0..2).map(|_| project.random_user(rng)).collect();
        for &u in &readers {
            let _ = writeln!(
                s,
                "grant Read on package {from}.pkg to user {};",
                Core::user_name(u)
            );
        }
        let held = &holders[p][role as usize];
        readers.extend((0..3.min(held.len())).filter_map(|_| rng.pick(held)));
        for user in readers {
            let action = [Action::Select, Action::Describe][rng.below(2)];
            let case = Case {
                user,
                project: p as u32,
                object_project: Some(from.clone()),
                table: format!("st{}", rng.below32(PACKAGED)),
                action,
                columns: &[],
            };
            out.extra.cases.push((case, true));
        }
    }
    out
}
