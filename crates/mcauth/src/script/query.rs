//! MaxCompute query statements (`spec/acl-policy.md` §5), for `mcauth show`: they read the
//! configuration and change nothing.

use super::lexer::{Lexer, Token, TokenKind};
use super::parser::cursor::{shorten, Cursor};
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
    let mut end = text.len();
    if let Some(last) = tokens.last().filter(|t| t.is_punct(';')) {
        end = last.start;
        tokens.pop();
    }
    if let Some(t) = tokens.iter().find(|t| t.is_punct(';')) {
        return Err(LoadError::syntax(
            &index.source(t.start),
            "one query at a time",
        ));
    }
    let mut c = Cursor::new(&index, text, &tokens, end);
    let q = query(&mut c)?;
    if c.peek().is_some() {
        return Err(c.expected("the end of the query"));
    }
    Ok(q)
}

/// The next token's word, lower-cased, consumed; "" (and nothing consumed) when it is not a
/// word.
fn next_word(c: &mut Cursor<'_, '_>) -> String {
    match c.peek() {
        Some(t) if t.kind == TokenKind::Word => {
            c.bump();
            t.text.to_ascii_lowercase()
        }
        _ => String::new(),
    }
}

/// The query, up to its end.
fn query(c: &mut Cursor<'_, '_>) -> Result<Query, LoadError> {
    let forms = c.error_at(c.offset(), FORMS);
    let verb = next_word(c);
    match verb.as_str() {
        "show" => match next_word(c).as_str() {
            "grants" => show_grants(c),
            "acl" => show_acl(c),
            "securityconfiguration" => Ok(Query::ShowSecurityConfiguration),
            "packages" => Ok(Query::ShowPackages),
            "label" => show_label_grants(c),
            _ => Err(forms),
        },
        "describe" | "desc" => {
            if c.eat_keyword("role") {
                return Ok(Query::DescribeRole(name(c, "a role name")?));
            }
            if c.eat_keyword("package") {
                return describe_package(c);
            }
            Ok(Query::DescribeTable(name(
                c,
                "a table name, `role <role>` or `package <package>`",
            )?))
        }
        "list" => c.expect_one_of(&[
            ("users", Query::ListUsers),
            ("roles", Query::ListRoles),
            ("accountproviders", Query::ListAccountProviders),
            ("trustedprojects", Query::ListTrustedProjects),
        ]),
        "get" => {
            c.expect_keyword("policy")?;
            if !c.eat_keyword("on") {
                return Ok(Query::GetPolicy(None));
            }
            c.expect_keyword("role")?;
            Ok(Query::GetPolicy(Some(name(c, "a role name")?)))
        }
        "whoami" => Ok(Query::Whoami),
        _ => Err(forms),
    }
}

/// A word or backticked name; `what` names it in the error.
fn name(c: &mut Cursor<'_, '_>, what: &str) -> Result<String, LoadError> {
    Ok(c.expect_name(what)?.value)
}

/// `show grants [for [user] <principal> | for role <role>]`, after `grants`.
fn show_grants(c: &mut Cursor<'_, '_>) -> Result<Query, LoadError> {
    if c.peek().is_none() {
        return Ok(Query::ShowGrants(None));
    }
    c.expect_keyword("for")?;
    if c.eat_keyword("role") {
        return Ok(Query::ShowRoleGrants(name(c, "a role name")?));
    }
    c.eat_keyword("user");
    Ok(Query::ShowGrants(Some(name(c, "a principal")?)))
}

/// `show acl for <object> [on type <type>]`, after `acl`.
fn show_acl(c: &mut Cursor<'_, '_>) -> Result<Query, LoadError> {
    c.expect_keyword("for")?;
    let object = name(c, "an object name")?;
    let mut object_type = ObjectType::Table;
    if c.eat_keyword("on") {
        c.expect_keyword("type")?;
        let types: Vec<(&str, ObjectType)> =
            ObjectType::ALL.iter().map(|t| (t.as_str(), *t)).collect();
        object_type = c.expect_one_of(&types)?;
    }
    Ok(Query::ShowAcl {
        object,
        object_type,
    })
}

/// `describe package [<project>.]<package>`, after `package`.
fn describe_package(c: &mut Cursor<'_, '_>) -> Result<Query, LoadError> {
    let at = c.offset();
    let full = name(c, "`[<project>.]<package>`")?;
    Ok(match full.split_once('.') {
        Some((project, package)) if !project.is_empty() && !package.is_empty() => {
            Query::DescribePackage {
                project: Some(project.to_string()),
                package: package.to_string(),
            }
        }
        Some(_) => {
            return Err(c.error_at(
                at,
                format!("expected `<project>.<package>`, found `{}`", shorten(&full)),
            ))
        }
        None => Query::DescribePackage {
            project: None,
            package: full,
        },
    })
}

/// `show label [<level>] grants [on table <t>] [for [user] <principal>]`, after `label`.
fn show_label_grants(c: &mut Cursor<'_, '_>) -> Result<Query, LoadError> {
    let level = if c.at_keyword("grants") {
        None
    } else {
        Some(c.expect_label_level()?.value)
    };
    c.expect_keyword("grants")?;
    let mut q = LabelGrantsQuery {
        level,
        ..LabelGrantsQuery::default()
    };
    if c.eat_keyword("on") {
        c.expect_keyword("table")?;
        q.table = Some(name(c, "a table name")?);
    }
    if c.eat_keyword("for") {
        c.eat_keyword("user");
        q.user = Some(name(c, "a principal")?);
    }
    Ok(Query::ShowLabelGrants(q))
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

    /// The errors say what was found (load.md #13): queries use the statement cursor.
    #[test]
    fn errors_name_what_was_found() {
        let e = |s| parse_query(s).unwrap_err().to_string();
        assert_eq!(
            e("show grants for role;"),
            "<query>:1:21: expected a role name, found end of statement"
        );
        assert_eq!(
            e("show grants for role r extra;"),
            "<query>:1:24: expected the end of the query, found `extra`"
        );
        assert_eq!(
            e("describe t extra"),
            "<query>:1:12: expected the end of the query, found `extra`"
        );
        assert_eq!(
            e("show label 12 grants;"),
            "<query>:1:12: expected a label level from 0 to 9, found `12`"
        );
        assert_eq!(
            e("show label grants on view t;"),
            "<query>:1:22: expected `table`, found `view`"
        );
        assert_eq!(
            e("show acl for t on type frob;"),
            "<query>:1:24: expected `project`, `table`, `model`, `function`, `resource`, \
             `instance` or `package`, found `frob`"
        );
        assert_eq!(
            e("list tables;"),
            "<query>:1:6: expected `users`, `roles`, `accountproviders` or `trustedprojects`, \
             found `tables`"
        );
        assert_eq!(
            e("describe package .p;"),
            "<query>:1:18: expected `<project>.<package>`, found `.p`"
        );
        assert_eq!(
            e("list users; list roles;"),
            "<query>:1:11: one query at a time"
        );
        assert!(e("frobnicate;").starts_with("<query>:1:1: expected one of: show grants"));
    }
}
