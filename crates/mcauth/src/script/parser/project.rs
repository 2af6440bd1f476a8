//! Declarations and project-level statements: `at`, `create account|ram user|project`,
//! `alter project`, `add|remove accountprovider|user`, `set <flag>`, `setproject`.

use super::cursor::{shorten, Cursor};
use crate::error::LoadError;
use crate::script::lexer::TokenKind;
use crate::script::statement::{
    FlagWord, ProjectKey, ProjectSetting, ProviderWord, Spanned, StatementKind, StatusWord,
};
use jiff::Timestamp;

/// `at '<timestamp>'`, after `at`.
pub(super) fn at(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let token = c.expect_string("a quoted RFC 3339 timestamp such as `'2026-03-01T00:00:00Z'`")?;
    match token.text.parse::<Timestamp>() {
        Ok(time) => Ok(StatementKind::At(Spanned::new(time, c.source(token.start)))),
        Err(e) => Err(c.error_at(
            token.start,
            format!(
                "invalid timestamp `{}`: expected RFC 3339 such as `2026-03-01T00:00:00Z` ({e})",
                shorten(token.text)
            ),
        )),
    }
}

/// `create account <name> [uid <digits>]`, after `account`.
pub(super) fn create_account(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let name = c.expect_name("an account name such as `ALIYUN$owner@example.com`")?;
    let uid = if c.eat_keyword("uid") {
        let uid = c.expect_word("a numeric uid")?;
        if uid.value.is_empty() || !uid.value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(LoadError::syntax(
                &uid.source,
                format!("expected a numeric uid, found `{}`", shorten(&uid.value)),
            ));
        }
        Some(uid)
    } else {
        None
    };
    Ok(StatementKind::CreateAccount { name, uid })
}

/// `create ram user <name> [display '<text>']`, after `ram`.
pub(super) fn create_ram_user(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    c.expect_keyword("user")?;
    let name = c.expect_name("a RAM user name such as `RAM$owner@example.com:bob`")?;
    let display = if c.eat_keyword("display") {
        Some(c.expect_string("a quoted display name")?.text.to_string())
    } else {
        None
    };
    Ok(StatementKind::CreateRamUser { name, display })
}

/// `create project <name> owner <principal>`, after `project`.
pub(super) fn create_project(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let name = c.expect_word("a project name")?;
    c.expect_keyword("owner")?;
    let owner = c.expect_name("an owner account such as `ALIYUN$owner@example.com`")?;
    Ok(StatementKind::CreateProject { name, owner })
}

/// `alter project <name> status <status>`, after `alter`.
pub(super) fn alter_project(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    c.expect_keyword("project")?;
    let project = c.expect_word("a project name")?;
    c.expect_keyword("status")?;
    let status = c.expect_one_of(&[
        ("available", StatusWord::Available),
        ("readonly", StatusWord::ReadOnly),
        ("frozen", StatusWord::Frozen),
        ("deleting", StatusWord::Deleting),
    ])?;
    Ok(StatementKind::AlterProjectStatus { project, status })
}

/// `add|remove accountprovider aliyun|ram`, after `accountprovider`.
pub(super) fn account_provider(
    c: &mut Cursor<'_, '_>,
    add: bool,
) -> Result<StatementKind, LoadError> {
    let provider =
        c.expect_one_of(&[("aliyun", ProviderWord::Aliyun), ("ram", ProviderWord::Ram)])?;
    Ok(StatementKind::AccountProvider { add, provider })
}

/// `add|remove user <principal>`, after `user`.
pub(super) fn user(c: &mut Cursor<'_, '_>, add: bool) -> Result<StatementKind, LoadError> {
    let principal = c.expect_name("a principal such as `RAM$owner@example.com:bob`")?;
    Ok(if add {
        StatementKind::AddUser(principal)
    } else {
        StatementKind::RemoveUser(principal)
    })
}

/// The security flags, as documented.
const FLAGS: [(&str, FlagWord); 6] = [
    ("CheckPermissionUsingACL", FlagWord::CheckPermissionUsingAcl),
    (
        "CheckPermissionUsingPolicy",
        FlagWord::CheckPermissionUsingPolicy,
    ),
    (
        "ObjectCreatorHasAccessPermission",
        FlagWord::ObjectCreatorHasAccessPermission,
    ),
    (
        "ObjectCreatorHasGrantPermission",
        FlagWord::ObjectCreatorHasGrantPermission,
    ),
    ("LabelSecurity", FlagWord::LabelSecurity),
    ("ProjectProtection", FlagWord::ProjectProtection),
];

/// `set <flag>=true|false`, after `set`.
pub(super) fn set_flag(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let name = c.expect_word("a security flag such as `CheckPermissionUsingACL`")?;
    let Some((_, flag)) = FLAGS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(&name.value))
    else {
        let names: Vec<&str> = FLAGS.iter().map(|(n, _)| *n).collect();
        return Err(LoadError::syntax(
            &name.source,
            format!(
                "unknown security flag `{}`: expected one of {}",
                shorten(&name.value),
                names.join(", ")
            ),
        ));
    };
    c.expect_punct('=')?;
    let value_at = c.offset();
    let value = c.expect_one_of(&[("true", true), ("false", false)])?;
    if c.eat_keyword("with") {
        c.expect_keyword("exception")?;
        if *flag != FlagWord::ProjectProtection || !value {
            return Err(c.error_at(
                value_at,
                "`with exception` goes with `set ProjectProtection=true`",
            ));
        }
        let file = match c.peek() {
            Some(t) if t.kind == TokenKind::Word || t.is_string() => {
                c.bump();
                Spanned::new(t.text.to_string(), c.source(t.start))
            }
            _ => return Err(c.expected("an exception policy file name")),
        };
        return Ok(StatementKind::SetProtectionException(file));
    }
    Ok(StatementKind::SetFlag { flag: *flag, value })
}

/// The `setproject` keys this version understands.
const PROJECT_KEYS: [(&str, ProjectKey); 3] = [
    ("odps.security.ip.whitelist", ProjectKey::IpWhitelist),
    ("odps.security.vpc.whitelist", ProjectKey::VpcWhitelist),
    (
        "odps.security.enabledownloadprivilege",
        ProjectKey::EnableDownloadPrivilege,
    ),
];

/// `setproject <key>=<value> ...`, after `setproject`.
///
/// The rest of the statement is read as text: an item is a run of characters without
/// whitespace (or a comment) in it, so values such as `vpc-x[192.168.0.10,192.168.0.20]` pass
/// unchanged. Each item is `key=value`, split at its first `=`; the value may be empty.
pub(super) fn setproject(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let mut items: Vec<(usize, usize)> = Vec::new();
    for token in c.remaining() {
        match items.last_mut() {
            Some((_, end)) if *end == token.start => *end = token.end,
            _ => items.push((token.start, token.end)),
        }
    }
    if items.is_empty() {
        return Err(c.expected("`key=value`"));
    }
    c.bump_all();
    let mut settings = Vec::new();
    let mut after_empty_value = false;
    for (start, end) in items {
        let item = c.text().get(start..end).unwrap_or("");
        let (key, value) = match item.split_once('=') {
            Some((key, value)) if !key.is_empty() => (key, value),
            _ => {
                let hint = if after_empty_value {
                    " (write a value right after its `=`, without spaces)"
                } else {
                    ""
                };
                return Err(c.error_at(
                    start,
                    format!("expected `key=value`, found `{}`{hint}", shorten(item)),
                ));
            }
        };
        let Some((_, project_key)) = PROJECT_KEYS
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
        else {
            return Err(c.unsupported_at(
                start,
                format!(
                    "setproject key `{}` is not supported: expected odps.security.ip.whitelist, \
                     odps.security.vpc.whitelist or odps.security.enabledownloadprivilege",
                    shorten(key)
                ),
            ));
        };
        settings.push(ProjectSetting {
            key: Spanned::new(*project_key, c.source(start)),
            value: Spanned::new(value.to_string(), c.source(start + key.len() + 1)),
        });
        after_empty_value = value.is_empty();
    }
    Ok(StatementKind::SetProject(settings))
}
