//! Roles, grants and policy files: `create|drop role`, `purge privs from role`, role
//! `grant|revoke`, ACL `grant|revoke ... on ...` and `put policy <file> [on [tenant] role <r>]`.

use super::cursor::{describe, shorten, Cursor};
use super::{label, tenant};
use crate::action::{unknown_action_hint, Action, ObjectType};
use crate::error::LoadError;
use crate::script::lexer::{Token, TokenKind};
use crate::script::statement::{AclStatement, GranteeWord, PackageRef, Spanned, StatementKind};

/// One `"key" = "value"` of `privilegeproperties(...)`.
pub(super) struct Property<'t, 'a> {
    /// The key token.
    pub key: &'t Token<'a>,
    /// The value token.
    pub value: &'t Token<'a>,
}

impl Property<'_, '_> {
    /// The key, lower-cased.
    pub fn key(&self) -> String {
        self.key.text.to_ascii_lowercase()
    }
}

/// A key or value of `privilegeproperties`: a quoted string or a word.
fn property_part<'t, 'a>(c: &mut Cursor<'t, 'a>, what: &str) -> Result<&'t Token<'a>, LoadError> {
    match c.peek() {
        Some(t) if t.is_string() || t.kind == TokenKind::Word => {
            c.bump();
            Ok(t)
        }
        _ => Err(c.expected(what)),
    }
}

/// `( "key" = "value" [, ...] )`, after `privilegeproperties`.
pub(super) fn properties<'t, 'a>(
    c: &mut Cursor<'t, 'a>,
) -> Result<Vec<Property<'t, 'a>>, LoadError> {
    c.expect_punct('(')?;
    let mut properties: Vec<Property<'t, 'a>> = Vec::new();
    loop {
        let key = property_part(c, "a quoted key such as `\"expires\"`")?;
        let lower = key.text.to_ascii_lowercase();
        if properties.iter().any(|p| p.key() == lower) {
            return Err(c.error_at(
                key.start,
                format!("duplicate privilegeproperties key `{}`", shorten(key.text)),
            ));
        }
        c.expect_punct('=')?;
        let value = property_part(c, "a quoted value")?;
        properties.push(Property { key, value });
        if c.eat_punct(')') {
            return Ok(properties);
        }
        if !c.eat_punct(',') {
            return Err(c.expected("`,` or `)`"));
        }
    }
}

/// `create role <r> [privilegeproperties("type"="admin|resource")]`, after `role`.
pub(super) fn create_role(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    let name = c.expect_word("a role name")?;
    let mut admin = false;
    if c.eat_keyword("privilegeproperties") {
        for property in properties(c)? {
            if property.key() != "type" {
                return Err(c.error_at(
                    property.key.start,
                    format!(
                        "unknown privilegeproperties key `{}`: expected `type`",
                        shorten(property.key.text)
                    ),
                ));
            }
            let value = property.value.text;
            if value.eq_ignore_ascii_case("admin") {
                admin = true;
            } else if value.eq_ignore_ascii_case("resource") {
                admin = false;
            } else {
                return Err(c.error_at(
                    property.value.start,
                    format!(
                        "expected `admin` or `resource`, found {}",
                        describe(Some(property.value))
                    ),
                ));
            }
        }
    }
    Ok(StatementKind::CreateRole { name, admin })
}

/// `drop role <r>`, after `role`.
pub(super) fn drop_role(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    Ok(StatementKind::DropRole(c.expect_word("a role name")?))
}

/// `purge privs from role <r>`, after `purge`.
pub(super) fn purge(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    c.expect_keyword("privs")?;
    c.expect_keyword("from")?;
    c.expect_keyword("role")?;
    Ok(StatementKind::PurgeRole(c.expect_word("a role name")?))
}

/// `grant ...` or `revoke ...`, after the verb: the ACL form when the statement has an `on`,
/// the role form otherwise.
pub(super) fn grant_or_revoke(
    c: &mut Cursor<'_, '_>,
    grant: bool,
) -> Result<StatementKind, LoadError> {
    let direction = if grant { "to" } else { "from" };
    if label_form(c.remaining(), direction) {
        c.bump();
        return if grant {
            label::grant_label(c)
        } else {
            label::revoke_label(c)
        };
    }
    if c.remaining().iter().any(|t| t.is_keyword("on")) {
        let acl = acl(c, direction)?;
        return Ok(if grant {
            StatementKind::GrantAcl(acl)
        } else {
            StatementKind::RevokeAcl(acl)
        });
    }
    let mut roles = Vec::new();
    loop {
        roles.push(c.expect_word("a role name")?);
        if !c.eat_punct(',') {
            break;
        }
    }
    if !c.eat_keyword(direction) {
        return Err(c.expected(format_args!("`,` or `{direction}`")));
    }
    let principal = c.expect_name("a principal")?;
    Ok(if grant {
        StatementKind::GrantRoles { roles, principal }
    } else {
        StatementKind::RevokeRoles { roles, principal }
    })
}

/// The ACL form after `grant`/`revoke`:
/// `<actions> on <type> <name> [(<cols>)] to|from user|role <name> [privilegeproperties(...)]`.
fn acl(c: &mut Cursor<'_, '_>, direction: &str) -> Result<AclStatement, LoadError> {
    let actions = actions(c)?;
    if !c.eat_keyword("on") {
        return Err(c.expected("`,` or `on`"));
    }
    let object_type = match c.peek() {
        Some(t) if t.kind == TokenKind::Word => ObjectType::from_name(t.text),
        _ => None,
    };
    let Some(object_type) = object_type else {
        return Err(c.expected(
            "an object type (project, table, model, function, resource, instance, package)",
        ));
    };
    let object_type = Spanned::new(object_type, c.source(c.offset()));
    c.bump();
    let object = c.expect_word(format_args!("a {} name", object_type.value))?;
    let columns = columns(c)?;
    c.expect_keyword(direction)?;
    let grantee = grantee(c)?;
    reject_grant_option(c)?;
    let mut expires_days = None;
    let mut conditions = None;
    let mut policy = None;
    let mut allow = None;
    let mut package = None;
    if c.eat_keyword("privilegeproperties") {
        let properties = properties(c)?;
        package = package_ref(c, &properties)?;
        for property in properties {
            match property.key().as_str() {
                "refobject" | "refproject" | "package" => {}
                "policy" => {
                    let on = boolean(c, property.value)?;
                    policy = on.then(|| c.source(property.key.start));
                }
                "allow" | "deny" if allow.is_some() => {
                    return Err(
                        c.error_at(property.key.start, "give one of `allow` and `deny`, once")
                    )
                }
                "allow" => allow = Some((boolean(c, property.value)?, property.key.start)),
                "deny" => allow = Some((!boolean(c, property.value)?, property.key.start)),
                "expires" => expires_days = Some(expires(c, property.value)?),
                "conditions" => {
                    conditions = Some(Spanned::new(
                        property.value.text.to_string(),
                        c.source(property.value.content_start()),
                    ));
                }
                _ => {
                    return Err(c.error_at(
                        property.key.start,
                        format!(
                            "unknown privilegeproperties key `{}`: expected `expires`, \
                             `conditions`, `policy`, `allow`, `refobject`, `refproject` or \
                             `package`",
                            shorten(property.key.text)
                        ),
                    ))
                }
            }
        }
        reject_grant_option(c)?;
    }
    let policy = match (policy, allow) {
        (Some(at), Some((allow, _))) => Some(Spanned::new(allow, at)),
        (Some(at), None) => {
            return Err(LoadError::syntax(
                &at,
                "a policy grant needs `\"allow\"=\"true\"` or `\"allow\"=\"false\"`",
            ))
        }
        (None, Some((_, at))) => {
            return Err(c.error_at(at, "`allow` / `deny` go with `\"policy\"=\"true\"`"))
        }
        (None, None) => None,
    };
    if let (Some(at), Some(_)) = (&policy, &package) {
        return Err(LoadError::syntax(
            &at.source,
            "a policy grant (`\"policy\"=\"true\"`) cannot name a package object \
             (`\"refobject\"=\"true\"`)",
        ));
    }
    if package.is_some()
        && !matches!(
            object_type.value,
            ObjectType::Table | ObjectType::Resource | ObjectType::Function | ObjectType::Instance
        )
    {
        return Err(LoadError::syntax(
            &object_type.source,
            format!(
                "a package object grant (`\"refobject\"=\"true\"`) names a table, resource, \
                 function or instance inside the package, not a {}",
                object_type.value
            ),
        ));
    }
    Ok(AclStatement {
        actions,
        object_type,
        object,
        columns,
        grantee,
        expires_days,
        conditions,
        policy,
        package,
    })
}

/// `put policy <file> [on role <r>]` or `put policy <file> on tenant role <r>`, after `put`.
/// The file name is quoted or a word other than `on`, so `put policy on role r;` says the file
/// name is missing.
pub(super) fn put_policy(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    c.expect_keyword("policy")?;
    let file = match c.peek() {
        Some(t) if t.is_string() || (t.kind == TokenKind::Word && !t.is_keyword("on")) => {
            c.bump();
            Spanned::new(t.text.to_string(), c.source(t.start))
        }
        _ => return Err(c.expected("a policy file name")),
    };
    if !c.eat_keyword("on") {
        return Ok(StatementKind::PutPolicy { file, role: None });
    }
    let tenant = c.expect_one_of(&[("role", false), ("tenant", true)])?;
    if tenant {
        c.expect_keyword("role")?;
        let role = c.expect_word(tenant::ROLE)?;
        return Ok(StatementKind::PutTenantPolicy { file, role });
    }
    let role = Some(c.expect_word("a role name")?);
    Ok(StatementKind::PutPolicy { file, role })
}

/// A `"true"` / `"false"` property value.
fn boolean(c: &Cursor<'_, '_>, value: &Token<'_>) -> Result<bool, LoadError> {
    if value.text.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if value.text.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(c.error_at(
            value.start,
            format!(
                "expected `\"true\"` or `\"false\"`, found {}",
                describe(Some(value))
            ),
        ))
    }
}

/// Fail at a `with` (as in `with grant option`).
fn reject_grant_option(c: &Cursor<'_, '_>) -> Result<(), LoadError> {
    if c.at_keyword("with") {
        return Err(c.error_at(
            c.offset(),
            "MaxCompute ACL does not support `with grant option`: a grantee cannot pass a \
             permission on",
        ));
    }
    Ok(())
}

/// Whether the tokens after `grant` / `revoke` are a label grant or revoke: `label` followed by
/// something other than `direction` (`to` / `from`) or `,`, which grant or revoke a role named
/// `label`.
fn label_form(tokens: &[Token<'_>], direction: &str) -> bool {
    match tokens {
        [first, second, ..] => {
            first.is_keyword("label") && !second.is_keyword(direction) && !second.is_punct(',')
        }
        _ => false,
    }
}

/// `<action>[, <action>...]`.
pub(super) fn actions(c: &mut Cursor<'_, '_>) -> Result<Vec<Spanned<Action>>, LoadError> {
    let mut actions = Vec::new();
    loop {
        let Some(token) = c.peek().filter(|t| t.kind == TokenKind::Word) else {
            return Err(c.expected("an action such as `Select`"));
        };
        let Some(action) = Action::from_name(token.text) else {
            return Err(c.error_at(
                token.start,
                format!(
                    "unknown action `{}`: {}",
                    shorten(token.text),
                    unknown_action_hint(token.text, "", Action::object_actions())
                ),
            ));
        };
        actions.push(Spanned::new(action, c.source(token.start)));
        c.bump();
        if !c.eat_punct(',') {
            return Ok(actions);
        }
    }
}

/// An optional column list `(<col>[, <col>...])`; empty when absent.
pub(super) fn columns(c: &mut Cursor<'_, '_>) -> Result<Vec<Spanned<String>>, LoadError> {
    let mut columns = Vec::new();
    if c.eat_punct('(') {
        loop {
            columns.push(c.expect_name("a column name")?);
            if c.eat_punct(')') {
                break;
            }
            if !c.eat_punct(',') {
                return Err(c.expected("`,` or `)`"));
            }
        }
    }
    Ok(columns)
}

/// `user <principal>` or `role <role>`.
pub(super) fn grantee(c: &mut Cursor<'_, '_>) -> Result<GranteeWord, LoadError> {
    Ok(match c.expect_one_of(&[("user", false), ("role", true)])? {
        false => GranteeWord::User(c.expect_name("a principal")?),
        true => GranteeWord::Role(c.expect_word("a role name")?),
    })
}

/// The package object of `"refobject"="true", "refproject"="<p>", "package"="<pkg>"`, or
/// `None` when none of the three keys is given. Other keys are left to the caller.
pub(super) fn package_ref(
    c: &Cursor<'_, '_>,
    properties: &[Property<'_, '_>],
) -> Result<Option<PackageRef>, LoadError> {
    let find = |key: &str| properties.iter().find(|p| p.key() == key);
    let (refobject, refproject, package) = (find("refobject"), find("refproject"), find("package"));
    let Some(refobject) = refobject else {
        return match refproject.or(package) {
            Some(p) => Err(c.error_at(
                p.key.start,
                format!(
                    "`{}` goes with `\"refobject\"=\"true\"`",
                    shorten(p.key.text)
                ),
            )),
            None => Ok(None),
        };
    };
    if !refobject.value.text.eq_ignore_ascii_case("true") {
        return Err(c.error_at(
            refobject.value.start,
            format!(
                "expected `\"true\"` for `refobject`, found {}",
                describe(Some(refobject.value))
            ),
        ));
    }
    let value = |property: Option<&Property<'_, '_>>, key: &str, what: &str| match property {
        None => Err(c.error_at(
            refobject.key.start,
            format!(
                "a package object grant (`\"refobject\"=\"true\"`) needs \
                 `\"{key}\"=\"<{what}>\"`"
            ),
        )),
        Some(p) if p.value.text.trim().is_empty() || p.value.text.contains(char::is_whitespace) => {
            Err(c.error_at(
                p.value.start,
                format!(
                    "expected a {what} name for `{key}`, found {}",
                    describe(Some(p.value))
                ),
            ))
        }
        Some(p) => Ok(Spanned::new(
            p.value.text.to_string(),
            c.source(p.value.content_start()),
        )),
    };
    Ok(Some(PackageRef {
        project: value(refproject, "refproject", "project")?,
        package: value(package, "package", "package")?,
    }))
}

/// The value of `"expires"`: a whole number of days.
fn expires(c: &Cursor<'_, '_>, value: &Token<'_>) -> Result<Spanned<u64>, LoadError> {
    let days = Some(value.text)
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<u64>().ok());
    match days {
        Some(days) => Ok(Spanned::new(days, c.source(value.content_start()))),
        None => Err(c.error_at(
            value.start,
            format!(
                "expected a whole number of days for `expires`, found {}",
                describe(Some(value))
            ),
        )),
    }
}
