//! RAM identities and what hangs on them: `create accesskey`, `enable|disable|delete
//! accesskey`, `create ram role`, `create service linked role`, `attach|detach policy` and
//! `create dataworks environment`.

use super::cursor::{alternatives, describe, shorten, Cursor};
use crate::error::LoadError;
use crate::location::Source;
use crate::script::lexer::TokenKind;
use crate::script::statement::{
    EnvironmentRoleClause, KeyChange, PolicyName, RamTarget, Spanned, StatementKind,
};

/// How the errors name a RAM user.
const RAM_USER: &str = "a RAM user such as `RAM$owner@example.com:bob`";

/// How the errors name a RAM role.
const RAM_ROLE: &str = "a RAM role such as `RAM$owner@example.com:role/etl` (in backticks)";

/// The longest RAM policy name: "1 to 128 characters in length and can contain letters,
/// digits, and hyphens (-)"
/// (<https://www.alibabacloud.com/help/en/resource-management/api-createpolicy>).
const MAX_POLICY_NAME: usize = 128;

/// Fail with "expected `what`" when the next token is the keyword `keyword` that should follow
/// the missing name (`create accesskey for ...`): otherwise the keyword would be taken for the
/// name and the error would point past it.
fn name_before(c: &Cursor<'_, '_>, keyword: &str, what: &str) -> Result<(), LoadError> {
    let rest = c.remaining();
    let missing = rest.first().is_some_and(|t| t.is_keyword(keyword))
        && !rest.get(1).is_some_and(|t| t.is_keyword(keyword));
    if missing {
        return Err(c.expected(what));
    }
    Ok(())
}

/// An AccessKey ID: a word of ASCII letters, digits, `_`, `-` and `.`, kept as written (IDs are
/// case-sensitive), e.g. `LTAI5tExample` or `AK_BOB_1`.
fn access_key_id(c: &mut Cursor<'_, '_>) -> Result<Spanned<String>, LoadError> {
    const WHAT: &str = "an AccessKey ID such as `AK_BOB_1`";
    name_before(c, "for", WHAT)?;
    let id = c.expect_word(WHAT)?;
    let valid = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    if !id.value.bytes().all(valid) {
        return Err(LoadError::syntax(
            &id.source,
            format!(
                "invalid AccessKey ID `{}`: expected letters, digits, `_`, `-` and `.`",
                shorten(&id.value)
            ),
        ));
    }
    Ok(id)
}

/// `create accesskey <id> for <principal>`, after `accesskey`.
pub(super) fn create_access_key(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let id = access_key_id(c)?;
    c.expect_keyword("for")?;
    let owner = c.expect_name(
        "an Alibaba Cloud account or RAM user such as `ALIYUN$owner@example.com` or \
         `RAM$owner@example.com:bob`",
    )?;
    Ok(StatementKind::CreateAccessKey { id, owner })
}

/// `enable|disable|delete accesskey <id>`, after `accesskey`.
pub(super) fn set_access_key(
    c: &mut Cursor<'_, '_>,
    change: KeyChange,
) -> Result<StatementKind, LoadError> {
    let id = access_key_id(c)?;
    Ok(StatementKind::SetAccessKey { id, change })
}

/// `` create ram role `<principal>` trust '<file>' [max session <seconds>] ``, after `role`.
pub(super) fn create_ram_role(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let name = c.expect_name(RAM_ROLE)?;
    c.expect_keyword("trust")?;
    let trust = c.expect_string("a quoted trust-policy file name such as `'etl-trust.json'`")?;
    let trust = c.spanned(trust);
    let max_session = if c.eat_keyword("max") {
        c.expect_keyword("session")?;
        Some(seconds(c)?)
    } else {
        None
    };
    Ok(StatementKind::CreateRamRole {
        name,
        trust,
        max_session,
    })
}

/// The `<seconds>` of `max session`: a whole number (the loader checks its range).
fn seconds(c: &mut Cursor<'_, '_>) -> Result<Spanned<u64>, LoadError> {
    const WHAT: &str = "a whole number of seconds for `max session`";
    let parsed = match c.peek() {
        Some(t) if t.kind == TokenKind::Word && t.text.bytes().all(|b| b.is_ascii_digit()) => {
            t.text.parse::<u64>().ok().map(|n| (n, t.start))
        }
        _ => None,
    };
    match parsed {
        Some((n, start)) => {
            c.bump();
            Ok(Spanned::new(n, c.source(start)))
        }
        None => Err(c.expected(WHAT)),
    }
}

/// `create service linked role <name> for <account>`, after `service`.
pub(super) fn create_service_linked_role(
    c: &mut Cursor<'_, '_>,
) -> Result<StatementKind, LoadError> {
    c.expect_keyword("linked")?;
    c.expect_keyword("role")?;
    const WHAT: &str =
        "a service-linked role name such as `AliyunServiceRoleForMaxComputeLakehouse`";
    name_before(c, "for", WHAT)?;
    let name = c.expect_word(WHAT)?;
    c.expect_keyword("for")?;
    let account = c.expect_name("an Alibaba Cloud account such as `ALIYUN$owner@example.com`")?;
    Ok(StatementKind::CreateServiceLinkedRole { name, account })
}

/// `attach policy <policy> to ram user|role <principal>` or `detach policy <policy> from ...`,
/// after the verb.
pub(super) fn attach_or_detach(
    c: &mut Cursor<'_, '_>,
    attach: bool,
) -> Result<StatementKind, LoadError> {
    c.expect_keyword("policy")?;
    let policy = policy_name(c)?;
    c.expect_keyword(if attach { "to" } else { "from" })?;
    c.expect_keyword("ram")?;
    let role = c.expect_one_of(&[("user", false), ("role", true)])?;
    let name = c.expect_name(if role { RAM_ROLE } else { RAM_USER })?;
    let target = RamTarget { role, name };
    Ok(if attach {
        StatementKind::AttachPolicy { policy, target }
    } else {
        StatementKind::DetachPolicy { policy, target }
    })
}

/// A system policy, written bare (`AliyunMaxComputeFullAccess`: letters, digits and `-`), or a
/// custom policy file, quoted (`'custom.json'`).
fn policy_name(c: &mut Cursor<'_, '_>) -> Result<PolicyName, LoadError> {
    const WHAT: &str = "a system policy name such as `AliyunMaxComputeFullAccess` or a quoted \
                        policy file name such as `'custom.json'`";
    name_before(c, "to", WHAT)?;
    name_before(c, "from", WHAT)?;
    let Some(token) = c.peek() else {
        return Err(c.expected(WHAT));
    };
    if token.is_string() {
        c.bump();
        return Ok(PolicyName::File(c.spanned(token)));
    }
    if token.kind != TokenKind::Word {
        return Err(c.expected(WHAT));
    }
    let name = token.text;
    let valid = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !valid {
        return Err(c.error_at(
            token.start,
            format!(
                "expected a system policy name (letters, digits and `-`) or a quoted policy \
                 file name, found {}: quote a custom policy file, as in `'{}'`",
                describe(Some(token)),
                shorten(name)
            ),
        ));
    }
    if name.len() > MAX_POLICY_NAME {
        return Err(c.error_at(
            token.start,
            format!(
                "policy name `{}` is longer than {MAX_POLICY_NAME} characters",
                shorten(name)
            ),
        ));
    }
    c.bump();
    Ok(PolicyName::System(c.spanned(token)))
}

/// `create dataworks environment <name> for <RAM user> [public] [role <RAM role> | default
/// role]`, after `dataworks`; `public` and the role clause in either order, each at most once.
pub(super) fn create_dev_environment(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    c.expect_keyword("environment")?;
    name_before(c, "for", "an environment name")?;
    let name = c.expect_word("an environment name")?;
    c.expect_keyword("for")?;
    let owner = c.expect_name(RAM_USER)?;
    let mut public: Option<Source> = None;
    let mut role: Option<EnvironmentRoleClause> = None;
    while let Some(token) = c.peek() {
        if token.is_keyword("public") {
            if public.is_some() {
                return Err(c.error_at(token.start, "`public` is given twice"));
            }
            c.bump();
            public = Some(c.source(token.start));
        } else if token.is_keyword("role") || token.is_keyword("default") {
            if role.is_some() {
                return Err(one_role(c, token.start));
            }
            c.bump();
            role = Some(if token.is_keyword("default") {
                c.expect_keyword("role")?;
                EnvironmentRoleClause::Default(c.source(token.start))
            } else {
                EnvironmentRoleClause::Custom(c.expect_name(RAM_ROLE)?)
            });
            if c.at_punct(',') {
                return Err(one_role(c, c.offset()));
            }
        } else {
            let mut allowed = Vec::new();
            if public.is_none() {
                allowed.push("public");
            }
            if role.is_none() {
                allowed.extend(["role", "default role"]);
            }
            allowed.push(";");
            return Err(c.expected(alternatives(&allowed)));
        }
    }
    Ok(StatementKind::CreateDevEnvironment {
        name,
        owner,
        public,
        role,
    })
}

/// A second associated role (seed 004: "Each individual development environment supports only
/// one associated RAM role.").
fn one_role(c: &Cursor<'_, '_>, at: usize) -> LoadError {
    c.error_at(
        at,
        "an individual development environment supports only one associated RAM role (docs/semantics.md I14)",
    )
}
