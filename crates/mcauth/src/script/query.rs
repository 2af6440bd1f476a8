//! MaxCompute query statements (`spec/acl-policy.md` §5), for `mcauth show`: they read the
//! configuration and change nothing.

use super::lexer::{Lexer, Token, TokenKind};
use crate::action::ObjectType;
use crate::error::LoadError;
use crate::location::LineIndex;
use crate::model::MAX_LEVEL;

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
    /// `show packages;`: the packages the project created and those installed in it.
    ShowPackages,
    /// `describe package [<project>.]<package>;` (default project: the current one).
    DescribePackage {
        /// The project that created the package; `None`: the current project.
        project: Option<String>,
        /// The package's name.
        package: String,
    },
    /// `list trustedprojects;`
    ListTrustedProjects,
    /// `show label [<level>] grants [on table <t>] [for [user] <principal>];`
    ShowLabelGrants(LabelGrantsQuery),
    /// `describe <table>;` (also `desc`): columns, types and labels.
    DescribeTable(String),
}

/// The parts of a `show label grants` query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelGrantsQuery {
    /// `show label <level> grants`: only grants of exactly this level.
    pub level: Option<u8>,
    /// `on table <t>`.
    pub table: Option<String>,
    /// `for [user] <principal>`.
    pub user: Option<String>,
}

const FORMS: &str = "expected one of: show grants [for [user] <principal> | for role <role>]; \
                     show acl for <object> [on type <type>]; describe role <role>; list users; \
                     list roles; list accountproviders; show SecurityConfiguration; get policy \
                     [on role <role>]; whoami; show packages; describe package \
                     [<project>.]<package>; list trustedprojects; show label [<level>] grants \
                     [on table <table>] [for [user] <principal>]; describe <table>";

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
        ["show", "packages"] => Ok(Query::ShowPackages),
        ["describe" | "desc", "package", ..] => {
            let full = name(2)?;
            let q = match full.split_once('.') {
                Some((project, package)) if !project.is_empty() && !package.is_empty() => {
                    Query::DescribePackage {
                        project: Some(project.to_string()),
                        package: package.to_string(),
                    }
                }
                Some(_) => {
                    return Err(LoadError::syntax(
                        &index.source(tokens.get(2).map_or(0, |t| t.start)),
                        format!("expected <project>.<package>, found `{full}`"),
                    ))
                }
                None => Query::DescribePackage {
                    project: None,
                    package: full,
                },
            };
            end(3, q)
        }
        ["list", "trustedprojects"] => Ok(Query::ListTrustedProjects),
        ["show", "label", rest @ ..] => {
            let (level, at) = match rest {
                ["grants", ..] => (None, 3),
                [n, "grants", ..] => match n.parse::<u8>() {
                    Ok(l) if l <= MAX_LEVEL && n.bytes().all(|b| b.is_ascii_digit()) => {
                        (Some(l), 4)
                    }
                    _ => {
                        return Err(LoadError::syntax(
                            &index.source(tokens.get(2).map_or(0, |t| t.start)),
                            format!("expected a label level from 0 to {MAX_LEVEL}, found `{n}`"),
                        ))
                    }
                },
                _ => return Err(bad(tokens.first().map_or(0, |t| t.start))),
            };
            let mut q = LabelGrantsQuery {
                level,
                ..LabelGrantsQuery::default()
            };
            let mut i = at;
            if let (Some(&"on"), Some(&"table")) = (w.get(i), w.get(i + 1)) {
                q.table = Some(name(i + 2)?);
                i += 3;
            }
            match (w.get(i), w.get(i + 1)) {
                (Some(&"for"), Some(&"user")) => {
                    q.user = Some(name(i + 2)?);
                    i += 3;
                }
                (Some(&"for"), _) => {
                    q.user = Some(name(i + 1)?);
                    i += 2;
                }
                _ => {}
            }
            end(i, Query::ShowLabelGrants(q))
        }
        ["describe" | "desc", _] => Ok(Query::DescribeTable(name(1)?)),
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
        assert_eq!(q("show packages;"), Query::ShowPackages);
        assert_eq!(
            q("DESCRIBE PACKAGE prj1.DataMining;"),
            Query::DescribePackage {
                project: Some("prj1".into()),
                package: "DataMining".into()
            }
        );
        assert_eq!(
            q("desc package datamining"),
            Query::DescribePackage {
                project: None,
                package: "datamining".into()
            }
        );
        assert_eq!(q("list trustedprojects;"), Query::ListTrustedProjects);
        assert_eq!(
            q("show label grants;"),
            Query::ShowLabelGrants(LabelGrantsQuery::default())
        );
        assert_eq!(
            q("show label 3 grants for user RAM$Bob@aliyun.com:Allen;"),
            Query::ShowLabelGrants(LabelGrantsQuery {
                level: Some(3),
                table: None,
                user: Some("RAM$Bob@aliyun.com:Allen".into())
            })
        );
        assert_eq!(
            q("SHOW LABEL GRANTS ON TABLE sale_detail FOR USER RAM$Bob@aliyun.com:Allen"),
            Query::ShowLabelGrants(LabelGrantsQuery {
                level: None,
                table: Some("sale_detail".into()),
                user: Some("RAM$Bob@aliyun.com:Allen".into())
            })
        );
        assert_eq!(
            q("show label grants on table sale_detail;"),
            Query::ShowLabelGrants(LabelGrantsQuery {
                level: None,
                table: Some("sale_detail".into()),
                user: None
            })
        );
        assert_eq!(
            q("describe sale_detail;"),
            Query::DescribeTable("sale_detail".into())
        );
        assert_eq!(q("desc role r;"), Query::DescribeRole("r".into()));
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
        assert!(parse_query("show label 12 grants;")
            .unwrap_err()
            .to_string()
            .contains("`12`"));
        assert!(parse_query("show label grants on table t extra;").is_err());
        assert!(parse_query("show label grants on view t;").is_err());
        assert!(parse_query("describe package .p;")
            .unwrap_err()
            .to_string()
            .contains("`.p`"));
        assert!(parse_query("describe t extra;").is_err());
    }
}
