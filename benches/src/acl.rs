//! The ACL/role core of the workload (`shared/perf-anchors.md`), as plain data: projects of
//! about [`GRANTS_PER_PROJECT`] grants; per project, users = grants / 10, up to 100 roles,
//! tables = grants / 4; each user holds 0–3 roles of its project; 60 % of grants go to a role
//! and 40 % to a user; each grant gives Select, Describe, Update, Drop or All on one table.
//!
//! The mcauth script ([`crate::script`]) and the Cedar encoding of the side-by-side bench are
//! both written from this data, so the two engines see exactly the same grants.

// Generator code: every index is a user, role or table number made below its count.
#![allow(clippy::indexing_slicing)]

use crate::rng::Rng;
use std::collections::HashSet;
use std::ops::Range;

/// About how many core grants one project holds (perf-anchors: "about 10k grants per project").
pub const GRANTS_PER_PROJECT: usize = 10_000;

/// The Alibaba Cloud account that owns every project and every RAM user.
pub const ACCOUNT: &str = "ALIYUN$owner@example.com";

/// The prefix of every RAM user's name (`RAM$owner@example.com:u17`).
pub const RAM_PREFIX: &str = "RAM$owner@example.com:";

/// An action a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read rows.
    Select,
    /// Read metadata.
    Describe,
    /// Write rows.
    Update,
    /// Drop the table.
    Drop,
}

impl Action {
    /// Every action a request asks for, in a fixed order.
    pub const ALL: [Action; 4] = [
        Action::Select,
        Action::Describe,
        Action::Update,
        Action::Drop,
    ];

    /// The name in scripts and requests.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Select => "Select",
            Action::Describe => "Describe",
            Action::Update => "Update",
            Action::Drop => "Drop",
        }
    }
}

/// What a grant gives: one action, or `All` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Granted {
    /// One action.
    One(Action),
    /// Every action.
    All,
}

impl Granted {
    /// The five grant forms, in the generator's order.
    pub const FORMS: [Granted; 5] = [
        Granted::One(Action::Select),
        Granted::One(Action::Describe),
        Granted::One(Action::Update),
        Granted::One(Action::Drop),
        Granted::All,
    ];

    /// Whether the grant gives `action`.
    pub fn covers(self, action: Action) -> bool {
        match self {
            Granted::One(a) => a == action,
            Granted::All => true,
        }
    }

    /// The name in scripts.
    pub fn as_str(self) -> &'static str {
        match self {
            Granted::One(a) => a.as_str(),
            Granted::All => "All",
        }
    }
}

/// Who a grant goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grantee {
    /// A user, by its global number.
    User(u32),
    /// A role, by its number within the grant's project.
    Role(u32),
}

impl std::fmt::Display for Grantee {
    /// As a statement names it: `user <name>` or `role <name>`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Grantee::User(u) => write!(f, "user {}", Core::user_name(u)),
            Grantee::Role(r) => write!(f, "role {}", Core::role_name(r)),
        }
    }
}

/// One ACL grant: `grant <action> on table t<table> to user|role ...` in project `p<project>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Grant {
    /// The project's number.
    pub project: u32,
    /// Who gets it.
    pub grantee: Grantee,
    /// The table's number within the project.
    pub table: u32,
    /// What it gives.
    pub action: Granted,
}

/// One project of the core.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// Its users' global numbers (each user belongs to exactly one project).
    pub users: Range<u32>,
    /// How many roles: `r0` ...
    pub roles: u32,
    /// How many tables: `t0` ...
    pub tables: u32,
    /// Its grants' positions in [`Core::grants`].
    pub grants: Range<usize>,
}

impl Project {
    /// One of its users at random.
    pub fn random_user(&self, rng: &mut Rng) -> u32 {
        self.users.start + rng.below32(self.users.end - self.users.start)
    }
}

/// The core: projects, users with their roles, and grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Core {
    /// The projects, `p0` ...
    pub projects: Vec<Project>,
    /// Per user (global number): its project's number.
    pub user_project: Vec<u32>,
    /// Per user: the roles it holds in its project, ascending.
    pub user_roles: Vec<Vec<u32>>,
    /// Every grant, project by project.
    pub grants: Vec<Grant>,
}

/// A core request in plain data: `user` asks for `action` on table `t<table>` of its own
/// project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ask {
    /// The user's global number.
    pub user: u32,
    /// Its project's number.
    pub project: u32,
    /// The table's number within the project.
    pub table: u32,
    /// The action.
    pub action: Action,
}

impl Core {
    /// The core of about `grants` grants, drawn from `rng`.
    pub fn generate(grants: usize, rng: &mut Rng) -> Core {
        let projects = (grants.saturating_add(GRANTS_PER_PROJECT / 2) / GRANTS_PER_PROJECT).max(1);
        let mut core = Core {
            projects: Vec::with_capacity(projects),
            user_project: Vec::with_capacity(grants / 10 + projects),
            user_roles: Vec::with_capacity(grants / 10 + projects),
            grants: Vec::with_capacity(grants),
        };
        for p in 0..projects {
            let n = grants / projects + usize::from(p < grants % projects);
            core.add_project(p as u32, n, rng);
        }
        core
    }

    fn add_project(&mut self, p: u32, grants: usize, rng: &mut Rng) {
        let users = (grants / 10).max(1) as u32;
        let roles = (grants / 100).clamp(1, 100) as u32;
        let tables = (grants / 4).max(1) as u32;
        let first = self.user_project.len() as u32;
        for _ in 0..users {
            let n = rng.below(4);
            let mut held: Vec<u32> = (0..n).map(|_| rng.below32(roles)).collect();
            held.sort_unstable();
            held.dedup();
            self.user_project.push(p);
            self.user_roles.push(held);
        }
        let start = self.grants.len();
        for _ in 0..grants {
            let table = rng.below32(tables);
            let action = Granted::FORMS[rng.below(Granted::FORMS.len())];
            let grantee = if rng.below(10) < 6 {
                Grantee::Role(rng.below32(roles))
            } else {
                Grantee::User(first + rng.below32(users))
            };
            self.grants.push(Grant {
                project: p,
                grantee,
                table,
                action,
            });
        }
        self.projects.push(Project {
            users: first..first + users,
            roles,
            tables,
            grants: start..self.grants.len(),
        });
    }

    /// Project `project`'s grants.
    pub fn grants_of(&self, project: &Project) -> &[Grant] {
        self.grants.get(project.grants.clone()).unwrap_or(&[])
    }

    /// The number of users.
    pub fn users(&self) -> u32 {
        self.user_project.len() as u32
    }

    /// Project `p`'s name.
    pub fn project_name(p: u32) -> String {
        format!("p{p}")
    }

    /// User `u`'s name.
    pub fn user_name(u: u32) -> String {
        format!("{RAM_PREFIX}u{u}")
    }

    /// Role `r`'s name (within its project).
    pub fn role_name(r: u32) -> String {
        format!("r{r}")
    }

    /// Table `t`'s name (within its project).
    pub fn table_name(t: u32) -> String {
        format!("t{t}")
    }

    /// Per project, per role: the users holding it, ascending.
    pub fn holders(&self) -> Vec<Vec<Vec<u32>>> {
        let mut out: Vec<Vec<Vec<u32>>> = self
            .projects
            .iter()
            .map(|p| vec![Vec::new(); p.roles as usize])
            .collect();
        for (u, roles) in self.user_roles.iter().enumerate() {
            let p = self.user_project[u] as usize;
            for &r in roles {
                out[p][r as usize].push(u as u32);
            }
        }
        out
    }

    /// A brute-force reference decision for core requests.
    pub fn reference(&self) -> Reference<'_> {
        let grants = self
            .grants
            .iter()
            .map(|g| (g.project, g.table, g.grantee, g.action))
            .collect();
        Reference { core: self, grants }
    }
}

/// Every grant in a set, to decide core requests without mcauth: `user` may do `action` on a
/// table of its project when it, or a role it holds, was granted that action or `All` there.
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    core: &'a Core,
    grants: HashSet<(u32, u32, Grantee, Granted)>,
}

impl Reference<'_> {
    /// Whether `ask` is allowed by the grants alone.
    pub fn allows(&self, ask: &Ask) -> bool {
        let roles = self.core.user_roles.get(ask.user as usize);
        let mut grantees = std::iter::once(Grantee::User(ask.user))
            .chain(roles.into_iter().flatten().map(|&r| Grantee::Role(r)));
        grantees.any(|who| {
            [Granted::One(ask.action), Granted::All]
                .iter()
                .any(|&g| self.grants.contains(&(ask.project, ask.table, who, g)))
        })
    }
}
