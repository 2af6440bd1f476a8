//! Statements: the tokens of one `;`-terminated statement -> a [`Statement`].
//!
//! This file recognises the statement by its leading keywords and hands the rest to
//! [`project`] (declarations, users, flags), [`objects`] (tables, views, functions, resources)
//! or [`acl`] (roles and grants). Statements a later version implements and query statements
//! are recognised here and rejected before any other check.

mod acl;
mod cursor;
mod objects;
mod project;
mod view;

use crate::error::LoadError;
use crate::location::LineIndex;
use crate::script::lexer::{Token, TokenKind};
use crate::script::statement::{Statement, StatementKind};
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
        "purge" => acl::purge(&mut c)?,
        "grant" => acl::grant_or_revoke(&mut c, true)?,
        "revoke" => acl::grant_or_revoke(&mut c, false)?,
        "set" => project::set_flag(&mut c)?,
        "setproject" => project::setproject(&mut c)?,
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
        "account", "ram", "project", "table", "view", "function", "role",
    ];
    match c.expect_one_of(WHAT)? {
        0 => project::create_account(c),
        1 => project::create_ram_user(c),
        2 => project::create_project(c),
        3 => objects::create_table(c),
        4 => objects::create_view(c),
        5 => objects::create_function(c),
        _ => acl::create_role(c),
    }
}

/// `add ...` or `remove ...`, after the verb.
fn add_or_remove(c: &mut Cursor<'_, '_>, add: bool) -> Result<StatementKind, LoadError> {
    if add {
        const WHAT: &[&str] = &["jar", "file", "py", "archive", "accountprovider", "user"];
        match c.expect_one_of(WHAT)? {
            i @ 0..=3 => objects::add_resource(c, i),
            4 => project::account_provider(c, true),
            _ => project::user(c, true),
        }
    } else {
        match c.expect_one_of(&["accountprovider", "user"])? {
            0 => project::account_provider(c, false),
            _ => project::user(c, false),
        }
    }
}

/// `drop ...`, after `drop`.
fn drop(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    const WHAT: &[&str] = &["table", "view", "function", "resource", "role"];
    match c.expect_one_of(WHAT)? {
        i @ 0..=3 => objects::drop(c, i),
        _ => acl::drop_role(c),
    }
}

/// The lower-case word of a token, or "" when it is not a word.
fn word(token: Option<&Token<'_>>) -> String {
    match token {
        Some(t) if t.kind == TokenKind::Word => t.text.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// Whether `tokens` contain the word `a` directly followed by the word `b`.
fn has_pair(tokens: &[Token<'_>], a: &str, b: &str) -> bool {
    tokens
        .windows(2)
        .any(|w| matches!(w, [x, y] if x.is_keyword(a) && y.is_keyword(b)))
}

/// The words naming a statement that a later version implements, e.g. `put policy`.
fn unsupported(tokens: &[Token<'_>]) -> Option<String> {
    let [w0, w1, w2, w3] = [0, 1, 2, 3].map(|i| word(tokens.get(i)));
    let (w0, w1, w2, w3) = (w0.as_str(), w1.as_str(), w2.as_str(), w3.as_str());
    let third_is_punct = |c: char| tokens.get(2).is_some_and(|t| t.is_punct(c));
    let pair = || Some(format!("{w0} {w1}"));
    match (w0, w1) {
        ("set", "label")
        | ("create", "package")
        | ("delete", "package")
        | ("drop", "package")
        | ("allow", "project")
        | ("disallow", "project")
        | ("install", "package")
        | ("uninstall", "package")
        | ("add", "trustedproject")
        | ("remove", "trustedproject")
        | ("create", "accesskey")
        | ("disable", "accesskey")
        | ("delete", "accesskey")
        | ("attach", "policy") => pair(),
        // `grant label, r to u` grants a role named `label`.
        ("grant", "label") if w2 != "to" && !third_is_punct(',') && tokens.len() > 2 => pair(),
        ("revoke", "label") if w2 != "from" && !third_is_punct(',') && tokens.len() > 2 => pair(),
        ("create", "ram") if w2 == "role" => Some("create ram role".to_string()),
        ("purge", "privs") if w2 == "from" && w3 == "user" => {
            Some("purge privs from user".to_string())
        }
        ("add" | "remove" | "create" | "drop" | "grant" | "revoke" | "alter", "tenant")
            if matches!(w2, "user" | "role") =>
        {
            Some(format!("{w0} tenant {w2}"))
        }
        ("add", "table" | "resource" | "function" | "instance" | "model")
            if has_pair(tokens, "to", "package") =>
        {
            Some(format!("add {w1} ... to package"))
        }
        ("remove", "table" | "resource" | "function" | "instance" | "model")
            if has_pair(tokens, "from", "package") =>
        {
            Some(format!("remove {w1} ... from package"))
        }
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
