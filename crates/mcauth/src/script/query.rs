//! MaxCompute query statements (`spec/acl-policy.md` §5), for `mcauth show`: they read the
//! configuration and change nothing.

use super::lexer::{Lexer, Token, TokenKind};
use crate::action::ObjectType;
use crate::error::LoadError;
use crate::location::LineIndex;

/// A query statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// `show grants;` (the current user) or `show grants for [user] <principal>;`
    ShowGrants(Option<String>),
    /// `show grants for role <r>;`
    ShowRoleGrants(String),
    /// `describe role <r>;`
    DescribeRole(String),
    /// `show acl for <object> [on type <type>];` (default type: table)
    ShowAcl {
        /// The object's name.
        object: String,
        /// Its type.
        object_type: ObjectType,
    },
    /// `list users;`
    ListUsers,
    /// `list roles;`
    ListRoles,
    /// `list accountproviders;`
    ListAccountProviders,
    /// `show SecurityConfiguration;`
    ShowSecurityConfiguration,
    /// `get policy [on role <r>];`
    GetPolicy(Option<String>),
    /// `whoami;`
    Whoami,
}

const FORMS: &str = "expected one of: show grants [for [user] <principal> | for role <role>]; \
                     show acl for <object> [on type <type>]; describe role <role>; list users; \
                     list roles; list accountproviders; show SecurityConfiguration; get policy \
                     [on role <role>]; whoami";

/// Parse one query statement (the trailing `;` is optional).
///
/// ```
/// use mcauth::script::{parse_query, Query};
/// assert_eq!(parse_query("show grants for role worker;").unwrap(),
///            Query::ShowRoleGrants("worker".into()));
/// ```
pub fn parse_query(text: &str) -> Result<Query, LoadError> {
    let index = LineIndex::new("<query>", text);
    let mut lexer = Lexer::new(text);
    let mut tokens: Vec<Token<'_>> = Vec::new();
    while let Some(t) = lexer
        .next_token()
        .map_err(|e| LoadError::syntax(&index.source(e.offset), e.message))?
    {
        tokens.push(t);
    }
    if tokens.last().is_some_and(|t| t.is_punct(';')) {
        tokens.pop();
    }
    let bad = |at: usize| LoadError::syntax(&index.source(at), FORMS);
    if let Some(t) = tokens.iter().find(|t| t.is_punct(';')) {
        return Err(LoadError::syntax(
            &index.source(t.start),
            "one query at a time",
        ));
    }
    let words: Vec<String> = tokens
        .iter()
        .map(|t| {
            if t.kind == TokenKind::Word {
                t.text.to_ascii_lowercase()
            } else {
                String::new()
            }
        })
        .collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let name = |i: usize| -> Result<String, LoadError> {
        match tokens.get(i) {
            Some(t) if t.is_name() => Ok(t.text.to_string()),
            Some(t) => Err(LoadError::syntax(&index.source(t.start), "expected a name")),
            None => Err(LoadError::syntax(
                &index.source(text.len()),
                "expected a name",
            )),
        }
    };
    let end = |n: usize, q: Query| match tokens.get(n) {
        None => Ok(q),
        Some(t) => Err(LoadError::syntax(
            &index.source(t.start),
            "expected the end of the query",
        )),
    };
    match w.as_slice() {
        ["show", "grants"] => Ok(Query::ShowGrants(None)),
        ["show", "grants", "for", "role", _] => end(5, Query::ShowRoleGrants(name(4)?)),
        ["show", "grants", "for", "user", ..] => end(5, Query::ShowGrants(Some(name(4)?))),
        ["show", "grants", "for", ..] => end(4, Query::ShowGrants(Some(name(3)?))),
        ["describe" | "desc", "role", ..] => end(3, Query::DescribeRole(name(2)?)),
        ["show", "acl", "for", _, "on", "type", ty, ..] => {
            let object_type = ObjectType::from_name(ty).ok_or_else(|| {
                LoadError::syntax(
                    &index.source(tokens.get(6).map_or(0, |t| t.start)),
                    format!("unknown object type `{ty}`"),
                )
            })?;
            end(
                7,
                Query::ShowAcl {
                    object: name(3)?,
                    object_type,
                },
            )
        }
        ["show", "acl", "for", ..] => end(
            4,
            Query::ShowAcl {
                object: name(3)?,
                object_type: ObjectType::Table,
            },
        ),
        ["list", "users"] => Ok(Query::ListUsers),
        ["list", "roles"] => Ok(Query::ListRoles),
        ["list", "accountproviders"] => Ok(Query::ListAccountProviders),
        ["show", "securityconfiguration"] => Ok(Query::ShowSecurityConfiguration),
        ["get", "policy"] => Ok(Query::GetPolicy(None)),
        ["get", "policy", "on", "role", ..] => end(5, Query::GetPolicy(Some(name(4)?))),
        ["whoami"] => Ok(Query::Whoami),
        _ => Err(bad(tokens.first().map_or(0, |t| t.start))),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let q = |s| parse_query(s).unwrap();
        assert_eq!(q("show grants;"), Query::ShowGrants(None));
        assert_eq!(
            q("SHOW GRANTS FOR RAM$Bob@aliyun.com:Allen"),
            Query::ShowGrants(Some("RAM$Bob@aliyun.com:Allen".into()))
        );
        assert_eq!(
            q("show grants for user `RAM$b:role/r`;"),
            Query::ShowGrants(Some("RAM$b:role/r".into()))
        );
        assert_eq!(
            q("describe role worker;"),
            Query::DescribeRole("worker".into())
        );
        assert_eq!(
            q("show acl for sale_detail;"),
            Query::ShowAcl {
                object: "sale_detail".into(),
                object_type: ObjectType::Table
            }
        );
        assert_eq!(
            q("show acl for test_project_a on type project;"),
            Query::ShowAcl {
                object: "test_project_a".into(),
                object_type: ObjectType::Project
            }
        );
        assert_eq!(
            q("get policy on role r"),
            Query::GetPolicy(Some("r".into()))
        );
        assert_eq!(q("whoami;"), Query::Whoami);
    }

    #[test]
    fn bad_queries() {
        assert!(parse_query("show tables;")
            .unwrap_err()
            .to_string()
            .contains("expected one of"));
        assert!(parse_query("show grants for role r extra;").is_err());
        assert!(parse_query("show acl for t on type frob;")
            .unwrap_err()
            .to_string()
            .contains("`frob`"));
        assert!(parse_query("list users; list roles;").is_err());
    }
}
