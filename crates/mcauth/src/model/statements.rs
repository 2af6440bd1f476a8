//! The policy statements of a project, each with where it comes from (`spec/acl-policy.md`
//! §3): the project policy (its statements name principals), each role's policy document and
//! GRANT-form entries (they bind the role's holders), and the ProjectProtection exception
//! policy (it waives protection only). The permission stage, lint and analysis read this one
//! list.

use super::project::{PolicyGrant, Project, Role};
use crate::policy::PolicyStatement;
use std::fmt;

/// Where a policy statement of a project is, and so whom it binds. Written out as
/// `project policy <file>`, `role policy of role <r>`, `policy grant to role <r>` or
/// `exception policy <file>`.
#[derive(Debug, Clone, Copy)]
pub enum StatementOrigin<'p> {
    /// The project policy, put from this file: it binds the principals each statement names.
    Project(&'p str),
    /// The policy document of a role (its key, the role): it binds the role's holders.
    RolePolicy(&'p str, &'p Role),
    /// A GRANT-form entry of a role (its key, the role): it binds the role's holders.
    RoleGrant(&'p str, &'p Role),
    /// The ProjectProtection exception policy, put from this file: it waives protection only,
    /// and takes part in no allow or deny of its own.
    Exception(&'p str),
}

impl fmt::Display for StatementOrigin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatementOrigin::Project(file) => write!(f, "project policy {file}"),
            StatementOrigin::RolePolicy(_, r) => write!(f, "role policy of role {}", r.name),
            StatementOrigin::RoleGrant(_, r) => write!(f, "policy grant to role {}", r.name),
            StatementOrigin::Exception(file) => write!(f, "exception policy {file}"),
        }
    }
}

impl<'p> StatementOrigin<'p> {
    /// The key of the role whose holders a role's statement binds; `None` for the project and
    /// exception policies.
    pub fn role(self) -> Option<&'p str> {
        match self {
            StatementOrigin::RolePolicy(key, _) | StatementOrigin::RoleGrant(key, _) => Some(key),
            StatementOrigin::Project(_) | StatementOrigin::Exception(_) => None,
        }
    }

    /// Whether statements from here take part in the permission stage's allow and deny: every
    /// origin but the exception policy.
    pub fn decides(self) -> bool {
        !matches!(self, StatementOrigin::Exception(_))
    }
}

/// A statement and where it comes from.
pub type OriginStatement<'p> = (&'p PolicyStatement, StatementOrigin<'p>);

impl Role {
    /// The statements of this role (whose key in its project is `key`): its policy document's,
    /// then its GRANT-form entries.
    pub fn statements<'r>(&'r self, key: &'r str) -> impl Iterator<Item = OriginStatement<'r>> {
        let document = self.policy.iter().flat_map(move |d| {
            d.statements
                .iter()
                .map(move |s| (s, StatementOrigin::RolePolicy(key, self)))
        });
        let grants = self
            .policy_grants
            .iter()
            .map(move |g| (&g.statement, StatementOrigin::RoleGrant(key, self)));
        document.chain(grants)
    }
}

impl Project {
    /// The statements of the project policy (`put policy <file>`).
    pub fn policy_statements(&self) -> impl Iterator<Item = OriginStatement<'_>> {
        self.policy.iter().flat_map(|d| {
            d.statements
                .iter()
                .map(move |s| (s, StatementOrigin::Project(&d.file)))
        })
    }

    /// Every policy statement of the project: the project policy's, then each role's
    /// ([`Role::statements`]), then the exception policy's.
    ///
    /// ```
    /// let m = mcauth::Model::from_script_str("p.mcauth", "
    ///     create project sales owner ALIYUN$owner@example.com; use sales;
    ///     create table orders (id bigint); create role analyst;
    ///     grant Select on table orders to role analyst
    ///         privilegeproperties(\"policy\"=\"true\", \"allow\"=\"false\");
    /// ").unwrap();
    /// let origins: Vec<String> = m.projects["sales"]
    ///     .statements()
    ///     .map(|(_, origin)| origin.to_string())
    ///     .collect();
    /// assert_eq!(origins, ["policy grant to role analyst"]);
    /// ```
    pub fn statements(&self) -> impl Iterator<Item = OriginStatement<'_>> {
        let roles = self.roles.iter().flat_map(|(key, r)| r.statements(key));
        let exception = self.protection_exception.iter().flat_map(|d| {
            d.statements
                .iter()
                .map(move |s| (s, StatementOrigin::Exception(&d.file)))
        });
        self.policy_statements().chain(roles).chain(exception)
    }

    /// Whether the permission stage can meet a policy statement here: a project policy, a
    /// role policy or a GRANT-form entry with at least one statement (the exception policy
    /// does not count: it waives protection only).
    pub fn has_policies(&self) -> bool {
        self.statements().any(|(_, origin)| origin.decides())
    }
}

impl fmt::Display for PolicyGrant {
    /// `policy grant of <action> on <type> <object>`; the role it belongs to is the caller's to
    /// add.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "policy grant of {} on {} {}",
            self.action, self.object_type, self.object
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use crate::Model;

    #[test]
    fn statements_come_in_one_order_with_their_origins() {
        let dir = std::env::temp_dir().join(format!("mcauth-statements-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        let policy = |effect: &str, principal: &str| {
            format!(
                r#"{{"Version":"1","Statement":[{{"Effect":"{effect}",{principal}"Action":"odps:Select","Resource":"acs:odps:*:projects/p/tables/t"}}]}}"#
            )
        };
        let named = r#""Principal":"*","#;
        write("project.json", &policy("Deny", named));
        write("role.json", &policy("Allow", ""));
        write("exception.json", &policy("Allow", named));
        let path = dir.join("p.mcauth");
        std::fs::write(
            &path,
            "create project p owner ALIYUN$o@x.com;\nuse p;\ncreate table t (id bigint);\n\
             create role Reader;\nput policy project.json;\nput policy role.json on role reader;\n\
             grant Describe on table t to role reader privilegeproperties(\"policy\"=\"true\", \
             \"allow\"=\"true\");\nset ProjectProtection=true with exception exception.json;\n",
        )
        .unwrap();
        let m = Model::from_scripts(&[&path]).unwrap();
        let p = &m.projects["p"];
        let file = |name: &str| dir.join(name).display().to_string();
        let seen: Vec<(String, Option<&str>, bool, u32)> = p
            .statements()
            .map(|(s, o)| (o.to_string(), o.role(), o.decides(), s.source.line))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    format!("project policy {}", file("project.json")),
                    None,
                    true,
                    1
                ),
                (
                    "role policy of role Reader".to_string(),
                    Some("reader"),
                    true,
                    1
                ),
                (
                    "policy grant to role Reader".to_string(),
                    Some("reader"),
                    true,
                    7
                ),
                (
                    format!("exception policy {}", file("exception.json")),
                    None,
                    false,
                    1
                ),
            ]
        );
        assert_eq!(p.policy_statements().count(), 1);
        assert!(p.has_policies());
        // The exception policy alone is no policy the permission stage meets.
        let q = dir.join("q.mcauth");
        std::fs::write(
            &q,
            "create project q owner ALIYUN$o@x.com;\nuse q;\n\
             set ProjectProtection=true with exception exception.json;\n",
        )
        .unwrap();
        let m2 = Model::from_scripts(&[&q]).unwrap();
        assert_eq!(m2.projects["q"].statements().count(), 1);
        assert!(!m2.projects["q"].has_policies());
        let grant = &p.roles["reader"].policy_grants[0];
        assert_eq!(grant.to_string(), "policy grant of Describe on table t");
    }
}
