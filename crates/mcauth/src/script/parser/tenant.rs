//! Tenant-level users and roles (PLP §8), run inside any project of the tenant:
//! `add|remove tenant user`, `create|drop tenant role`, `grant|revoke tenant role ... to|from
//! user`
//! (<https://www.alibabacloud.com/help/en/maxcompute/user-guide/perform-access-control-based-on-tenant-level-roles>).
//! `put policy <file> on tenant role <r>` is read with the other `put policy` forms, in
//! [`super::acl`].
//!
//! `add|remove tenant role <r> to|from project <p>` is rejected before it gets here, as a
//! statement a later version implements.

use super::cursor::Cursor;
use crate::error::LoadError;
use crate::script::lexer::{Token, TokenKind};
use crate::script::statement::StatementKind;

/// How the errors name a tenant user.
const USER: &str = "a principal such as `RAM$owner@example.com:bob`";

/// How the errors name a tenant role.
pub(super) const ROLE: &str = "a tenant role name";

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
