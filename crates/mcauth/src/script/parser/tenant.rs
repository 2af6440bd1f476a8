//! Tenant-level users and roles (PLP §8), run inside any project of the tenant:
//! `add|remove tenant user`, `create|drop tenant role`, `grant|revoke tenant role ... to|from
//! user`, `put policy <file> on tenant role <r>`
//! (<https://www.alibabacloud.com/help/en/maxcompute/user-guide/perform-access-control-based-on-tenant-level-roles>).
//!
//! `add|remove tenant role <r> to|from project <p>` is rejected before it gets here, as a
//! statement a later version implements.

use super::cursor::Cursor;
use crate::error::LoadError;
use crate::script::lexer::{Token, TokenKind};
use crate::script::statement::{Spanned, StatementKind};

/// How the errors name a tenant user.
const USER: &str = "a principal such as `RAM$owner@example.com:bob`";

/// How the errors name a tenant role.
const ROLE: &str = "a tenant role name";

/// Whether the statement's tokens after `grant` / `revoke` (`rest`) are the tenant form,
/// `tenant <word> ...`, rather than a project role named `tenant` (`grant tenant to ...`,
/// `grant tenant, r to ...`) or an ACL grant (`... on ...`).
pub(super) fn grant_form(rest: &[Token<'_>]) -> bool {
    match rest {
        [first, second, ..] => {
            first.is_keyword("tenant")
                && second.kind == TokenKind::Word
                && !["to", "from", "on"].iter().any(|k| second.is_keyword(k))
        }
        _ => false,
    }
}

/// Whether the statement's tokens after `put` (`rest`) are `policy <file> on tenant ...`, or
/// `policy on tenant ...` without the file.
pub(super) fn put_form(rest: &[Token<'_>]) -> bool {
    let at = |i: usize, k: &str| rest.get(i).is_some_and(|t| t.is_keyword(k));
    at(0, "policy") && ((at(1, "on") && at(2, "tenant")) || (at(2, "on") && at(3, "tenant")))
}

/// `add|remove tenant user <principal>`, after `tenant`.
pub(super) fn add_or_remove(c: &mut Cursor<'_, '_>, add: bool) -> Result<StatementKind, LoadError> {
    c.expect_keyword("user")?;
    let user = c.expect_name(USER)?;
    Ok(if add {
        StatementKind::AddTenantUser(user)
    } else {
        StatementKind::RemoveTenantUser(user)
    })
}

/// `create tenant role <r>`, after `tenant`.
pub(super) fn create_role(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    c.expect_keyword("role")?;
    Ok(StatementKind::CreateTenantRole(c.expect_word(ROLE)?))
}

/// `drop tenant role <r>`, after `tenant`.
pub(super) fn drop_role(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    c.expect_keyword("role")?;
    Ok(StatementKind::DropTenantRole(c.expect_word(ROLE)?))
}

/// `grant tenant role <r> to user <principal>` or `revoke tenant role <r> from user
/// <principal>`, after the verb (at `tenant`).
pub(super) fn grant_or_revoke(
    c: &mut Cursor<'_, '_>,
    grant: bool,
) -> Result<StatementKind, LoadError> {
    c.expect_keyword("tenant")?;
    c.expect_keyword("role")?;
    let role = c.expect_word(ROLE)?;
    c.expect_keyword(if grant { "to" } else { "from" })?;
    c.expect_keyword("user")?;
    let user = c.expect_name(USER)?;
    Ok(if grant {
        StatementKind::GrantTenantRole { role, user }
    } else {
        StatementKind::RevokeTenantRole { role, user }
    })
}

/// `put policy <file> on tenant role <r>`, after `put` (the file name quoted or not, as for
/// `put policy`).
pub(super) fn put_policy(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    c.expect_keyword("policy")?;
    let file = match c.peek() {
        Some(t) if t.is_string() || (t.kind == TokenKind::Word && !t.is_keyword("on")) => {
            c.bump();
            Spanned::new(t.text.to_string(), c.source(t.start))
        }
        _ => return Err(c.expected("a policy file name")),
    };
    c.expect_keyword("on")?;
    c.expect_keyword("tenant")?;
    c.expect_keyword("role")?;
    let role = c.expect_word(ROLE)?;
    Ok(StatementKind::PutTenantPolicy { file, role })
}
