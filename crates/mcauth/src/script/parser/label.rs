//! Label security: `set label <n> to table|user|role ...`, `grant label <n> on table ...`,
//! `revoke label on table ...`.

use super::acl::{columns, grantee, package_ref, properties};
use super::cursor::{describe, shorten, Cursor};
use crate::error::LoadError;
use crate::script::lexer::TokenKind;
use crate::script::statement::{LabelTarget, PackageRef, Spanned, StatementKind};

/// `table <t>[(<cols>)]`.
fn target(c: &mut Cursor<'_, '_>) -> Result<LabelTarget, LoadError> {
    c.expect_keyword("table")?;
    let table = c.expect_word("a table name")?;
    let columns = columns(c)?;
    Ok(LabelTarget { table, columns })
}

/// `set label <n> to table <t>[(<cols>)]` or `set label <n> to user|role <x>`, after `label`.
pub(super) fn set_label(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let level = c.expect_label_level()?;
    c.expect_keyword("to")?;
    if c.at_keyword("table") {
        let target = target(c)?;
        return Ok(StatementKind::SetTableLabel { level, target });
    }
    if !(c.at_keyword("user") || c.at_keyword("role")) {
        return Err(c.expected("`table`, `user` or `role`"));
    }
    let grantee = grantee(c)?;
    Ok(StatementKind::SetPrincipalLabel { level, grantee })
}

/// `grant label <n> on table <t>[(<cols>)] to user|role <x> [with exp <days>]
/// [privilegeproperties(...)]`, after `label`.
pub(super) fn grant_label(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let level = c.expect_label_level()?;
    c.expect_keyword("on")?;
    let target = target(c)?;
    c.expect_keyword("to")?;
    let grantee = grantee(c)?;
    let expires_days = if c.eat_keyword("with") {
        c.expect_keyword("exp")?;
        Some(days(c)?)
    } else {
        None
    };
    let package = package_properties(c)?;
    Ok(StatementKind::GrantLabel {
        level,
        target,
        grantee,
        expires_days,
        package,
    })
}

/// `revoke label on table <t>[(<cols>)] from user|role <x> [privilegeproperties(...)]`, after
/// `label`.
pub(super) fn revoke_label(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    c.expect_keyword("on")?;
    let target = target(c)?;
    c.expect_keyword("from")?;
    let grantee = grantee(c)?;
    let package = package_properties(c)?;
    Ok(StatementKind::RevokeLabel {
        target,
        grantee,
        package,
    })
}

/// The days of `with exp <days>`: a whole number from 0 to 2^63-1.
fn days(c: &mut Cursor<'_, '_>) -> Result<Spanned<u64>, LoadError> {
    let days = c
        .peek()
        .filter(|t| t.kind == TokenKind::Word && t.text.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| Some((t, t.text.parse::<i64>().ok()?)))
        .and_then(|(t, n)| Some((t, u64::try_from(n).ok()?)));
    match days {
        Some((token, n)) => {
            c.bump();
            Ok(Spanned::new(n, c.source(token.start)))
        }
        None => Err(c.error_at(
            c.offset(),
            format!(
                "expected a whole number of days from 0 to {} after `with exp`, found {}",
                i64::MAX,
                describe(c.peek())
            ),
        )),
    }
}

/// An optional `privilegeproperties("refobject"="true", "refproject"="<p>", "package"="<pkg>")`
/// of a label grant or revoke.
fn package_properties(c: &mut Cursor<'_, '_>) -> Result<Option<PackageRef>, LoadError> {
    if !c.eat_keyword("privilegeproperties") {
        return Ok(None);
    }
    let properties = properties(c)?;
    if let Some(p) = properties
        .iter()
        .find(|p| !matches!(p.key().as_str(), "refobject" | "refproject" | "package"))
    {
        return Err(c.error_at(
            p.key.start,
            format!(
                "unknown privilegeproperties key `{}`: expected `refobject`, `refproject` or \
                 `package`",
                shorten(p.key.text)
            ),
        ));
    }
    package_ref(c, &properties)
}
