//! Statements: the tokens of one `;`-terminated statement -> a [`Statement`].
//!
//! This file recognises the statement by its leading keywords and hands the rest to
//! [`project`] (declarations, users, flags), [`objects`] (tables, views, functions, resources),
//! [`acl`] (roles and grants), [`label`] (label security), [`package`] (packages and trusted
//! projects), [`identity`] (AccessKeys, RAM roles and policies, DataWorks environments) or
//! [`tenant`] (tenant users and roles). Statements a later version implements and query
//! statements are recognised here and rejected before any other check.

mod acl;
mod cursor;
mod identity;
mod label;
mod objects;
mod package;
mod project;
mod tenant;
mod view;

use crate::error::LoadError;
use crate::location::LineIndex;
use crate::script::lexer::{Token, TokenKind};
use crate::script::statement::{KeyChange, Statement, StatementKind};
use cursor::{describe, Cursor};

/// Parse the tokens of one statement. `tokens` is non-empty and does not include the `;`,
/// which is at byte offset `end`.
pub(crate) fn statement(
    index: &LineIndex,
    text: &str,
    tokens: &[Token<'_>],
    end: usize,
) -> Result<Statement, LoadError> {
    let mut c = Cursor::new(index, text, tokens, end);
    let Some(first) = c.peek() else {
        return Err(c.expected("a statement"));
    };
    let source = c.source(first.start);
    if let Some(words) = unsupported(tokens) {
        return Err(c.unsupported_at(first.start, format!("`{words}` is not supported yet")));
    }
    if let Some(words) = query(tokens) {
        return Err(c.error_at(
            first.start,
            format!(
                "query statement `{words}` is not configuration: run queries with `mcauth show`"
            ),
        ));
    }
    let verb = if first.kind == TokenKind::Word {
        first.text.to_ascii_lowercase()
    } else {
        String::new()
    };
    c.bump();
    let kind = match verb.as_str() {
        "at" => project::at(&mut c)?,
        "create" => create(&mut c)?,
        "alter" => project::alter_project(&mut c)?,
        "use" => StatementKind::Use(c.expect_word("a project name")?),
        "login" => StatementKind::Login(c.expect_name("a principal")?),
        "add" => add_or_remove(&mut c, true)?,
        "remove" => add_or_remove(&mut c, false)?,
        "drop" => drop(&mut c)?,
        "delete" => match c.expect_one_of(&["package", "accesskey"])? {
            0 => package::drop(&mut c)?,
            _ => identity::set_access_key(&mut c, KeyChange::Delete)?,
        },
        "enable" | "disable" => {
            c.expect_keyword("accesskey")?;
            let change = if verb == "enable" {
                KeyChange::Enable
            } else {
                KeyChange::Disable
            };
            identity::set_access_key(&mut c, change)?
        }
        "attach" => identity::attach_or_detach(&mut c, true)?,
        "detach" => identity::attach_or_detach(&mut c, false)?,
        "allow" => package::allow(&mut c, true)?,
        "disallow" => package::allow(&mut c, false)?,
        "install" => package::install(&mut c, true)?,
        "uninstall" => package::install(&mut c, false)?,
        "purge" => acl::purge(&mut c)?,
        "grant" if tenant::grant_form(c.remaining()) => tenant::grant_or_revoke(&mut c, true)?,
        "revoke" if tenant::grant_form(c.remaining()) => tenant::grant_or_revoke(&mut c, false)?,
        "grant" => acl::grant_or_revoke(&mut c, true)?,
        "revoke" => acl::grant_or_revoke(&mut c, false)?,
        "set" if c.eat_keyword("label") => label::set_label(&mut c)?,
        "set" => project::set_flag(&mut c)?,
        "setproject" => project::setproject(&mut c)?,
        "put" if tenant::put_form(c.remaining()) => tenant::put_policy(&mut c)?,
        "put" => acl::put_policy(&mut c)?,
        "clear" => {
            c.expect_keyword("expired")?;
            c.expect_keyword("grants")?;
            StatementKind::ClearExpiredGrants
        }
        _ => {
            return Err(c.error_at(
                first.start,
                format!("unknown statement {}", describe(Some(first))),
            ))
        }
    };
    c.expect_end()?;
    Ok(Statement { kind, source })
}

/// `create ...`, after `create`.
fn create(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    const WHAT: &[&str] = &[
        "account",
        "ram",
        "project",
        "table",
        "view",
        "function",
        "role",
        "package",
        "accesskey",
        "service",
        "dataworks",
        "tenant",
    ];
    match c.expect_one_of(WHAT)? {
        0 => project::create_account(c),
        1 if c.eat_keyword("role") => identity::create_ram_role(c),
        1 if c.at_keyword("user") => project::create_ram_user(c),
        1 => Err(c.expected("`user` or `role`")),
        2 => project::create_project(c),
        3 => objects::create_table(c),
        4 => objects::create_view(c),
        5 => objects::create_function(c),
        6 => acl::create_role(c),
        7 => package::create(c),
        8 => identity::create_access_key(c),
        9 => identity::create_service_linked_role(c),
        10 => identity::create_dev_environment(c),
        _ => tenant::create_role(c),
    }
}

/// `add ...` or `remove ...`, after the verb.
fn add_or_remove(c: &mut Cursor<'_, '_>, add: bool) -> Result<StatementKind, LoadError> {
    package::reject_type(c)?;
    let at = c.offset();
    if add {
        const WHAT: &[&str] = &[
            "table",
            "resource",
            "function",
            "instance",
            "jar",
            "file",
            "py",
            "archive",
            "accountprovider",
            "user",
            "trustedproject",
            "tenant",
        ];
        match c.expect_one_of(WHAT)? {
            i @ 0..=3 => package::add_or_remove(c, true, i, at),
            i @ 4..=7 => objects::add_resource(c, i - 4),
            8 => project::account_provider(c, true),
            9 => project::user(c, true),
            10 => package::trusted_project(c, true),
            _ => tenant::add_or_remove(c, true),
        }
    } else {
        const WHAT: &[&str] = &[
            "table",
            "resource",
            "function",
            "instance",
            "accountprovider",
            "user",
            "trustedproject",
            "tenant",
        ];
        match c.expect_one_of(WHAT)? {
            i @ 0..=3 => package::add_or_remove(c, false, i, at),
            4 => project::account_provider(c, false),
            5 => project::user(c, false),
            6 => package::trusted_project(c, false),
            _ => tenant::add_or_remove(c, false),
        }
    }
}

/// `drop ...`, after `drop`.
fn drop(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    const WHAT: &[&str] = &[
        "table", "view", "function", "resource", "role", "package", "tenant",
    ];
    match c.expect_one_of(WHAT)? {
        i @ 0..=3 => objects::drop(c, i),
        4 => acl::drop_role(c),
        5 => package::drop(c),
        _ => tenant::drop_role(c),
    }
}

/// The lower-case word of a token, or "" when it is not a word.
fn word(token: Option<&Token<'_>>) -> String {
    match token {
        Some(t) if t.kind == TokenKind::Word => t.text.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// The words naming a statement that a later version implements, e.g. `purge privs from user`.
fn unsupported(tokens: &[Token<'_>]) -> Option<String> {
    let [w0, w1, w2, w3] = [0, 1, 2, 3].map(|i| word(tokens.get(i)));
    let (w0, w1, w2, w3) = (w0.as_str(), w1.as_str(), w2.as_str(), w3.as_str());
    match (w0, w1) {
        ("purge", "privs") if w2 == "from" && w3 == "user" => {
            Some("purge privs from user".to_string())
        }
        ("add", "tenant") if w2 == "role" => Some("add tenant role ... to project".to_string()),
        ("remove", "tenant") if w2 == "role" => {
            Some("remove tenant role ... from project".to_string())
        }
        ("alter", "tenant") if matches!(w2, "user" | "role") => Some(format!("alter tenant {w2}")),
        _ => None,
    }
}

/// The words naming a query statement (`show`, `get policy`, ...).
fn query(tokens: &[Token<'_>]) -> Option<String> {
    let w0 = word(tokens.first());
    match w0.as_str() {
        "show" | "list" | "describe" | "desc" | "whoami" => Some(w0),
        "get" if word(tokens.get(1)) == "policy" => Some("get policy".to_string()),
        _ => None,
    }
}
