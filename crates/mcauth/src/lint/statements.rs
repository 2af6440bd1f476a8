//! Every policy statement of a project, with whom it binds: the project policy (its statements
//! name principals), each role's policy document and GRANT-form entries (they bind the role's
//! holders), and the ProjectProtection exception policy (`spec/acl-policy.md` §3.1,
//! `docs/semantics.md` Y3, X3).

use crate::model::Project;
use crate::policy::PolicyStatement;

/// Where a statement is, and so whom it binds ([`StatementOrigin`](crate::model::StatementOrigin)).
pub(super) use crate::model::StatementOrigin as Scope;

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
        self.scope.role()
    }

    /// Whether the statement takes part in the permission stage's allow and deny (every scope
    /// but the exception policy).
    pub fn decides(&self) -> bool {
        self.scope.decides()
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

/// Every statement of `project` ([`Project::statements`]): the project policy, then each role's
/// document and GRANT-form entries, then the exception policy.
pub(super) fn of(project: &Project) -> Vec<Stmt<'_>> {
    project
        .statements()
        .map(|(s, scope)| Stmt { s, scope })
        .collect()
}
