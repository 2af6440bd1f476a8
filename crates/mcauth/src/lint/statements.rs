//! Every policy statement of a project, with whom it binds: the project policy (its statements
//! name principals), each role's policy document and GRANT-form entries (they bind the role's
//! holders), and the ProjectProtection exception policy (`spec/acl-policy.md` §3.1,
//! `docs/semantics.md` Y3, X3).

use crate::model::{Project, Role};
use crate::policy::PolicyStatement;
use std::fmt;

/// Where a statement is, and so whom it binds.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scope<'p> {
    /// The project policy, put from this file: the principals the statement names.
    Project(&'p str),
    /// The policy document of a role (its key): the role's holders.
    RolePolicy(&'p str, &'p Role),
    /// A GRANT-form entry of a role (its key): the role's holders.
    RoleGrant(&'p str, &'p Role),
    /// The exception policy of ProjectProtection, put from this file: it waives protection
    /// only, and takes part in no allow or deny of its own.
    Exception(&'p str),
}

impl fmt::Display for Scope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Project(file) => write!(f, "project policy {file}"),
            Scope::RolePolicy(_, r) => write!(f, "role policy of role {}", r.name),
            Scope::RoleGrant(_, r) => write!(f, "policy grant to role {}", r.name),
            Scope::Exception(file) => write!(f, "exception policy {file}"),
        }
    }
}

/// One statement and its scope.
#[derive(Debug, Clone, Copy)]
pub(super) struct Stmt<'p> {
    /// The statement.
    pub s: &'p PolicyStatement,
    /// Where it is.
    pub scope: Scope<'p>,
}

impl Stmt<'_> {
    /// The role whose holders the statement binds, by key, for a role's statement.
    pub fn role(&self) -> Option<&str> {
        match self.scope {
            Scope::RolePolicy(key, _) | Scope::RoleGrant(key, _) => Some(key),
            Scope::Project(_) | Scope::Exception(_) => None,
        }
    }

    /// Whether the statement takes part in the permission stage's allow and deny (every scope
    /// but the exception policy).
    pub fn decides(&self) -> bool {
        !matches!(self.scope, Scope::Exception(_))
    }

    /// Whether it binds the user with principal key `key` in `project`: a project-policy
    /// statement naming it (or `*`), a role statement of a role it holds.
    pub fn binds(&self, project: &Project, key: &str) -> bool {
        match self.scope {
            Scope::Project(_) => self.s.matches_principal(key),
            Scope::RolePolicy(role, _) | Scope::RoleGrant(role, _) => project.has_role(key, role),
            Scope::Exception(_) => false,
        }
    }

    /// Whether a project or exception statement names every principal (`*`).
    pub fn names_everyone(&self) -> bool {
        !self.s.principals.is_empty() && self.s.principals.iter().any(|p| p.key == "*")
    }
}

/// Every statement of `project`: the project policy, then each role's document and GRANT-form
/// entries, then the exception policy.
pub(super) fn of(project: &Project) -> Vec<Stmt<'_>> {
    let mut out = Vec::new();
    if let Some(d) = &project.policy {
        out.extend(d.statements.iter().map(|s| Stmt {
            s,
            scope: Scope::Project(&d.file),
        }));
    }
    for (key, role) in &project.roles {
        if let Some(d) = &role.policy {
            out.extend(d.statements.iter().map(|s| Stmt {
                s,
                scope: Scope::RolePolicy(key, role),
            }));
        }
        out.extend(role.policy_grants.iter().map(|g| Stmt {
            s: &g.statement,
            scope: Scope::RoleGrant(key, role),
        }));
    }
    if let Some(d) = &project.protection_exception {
        out.extend(d.statements.iter().map(|s| Stmt {
            s,
            scope: Scope::Exception(&d.file),
        }));
    }
    out
}
