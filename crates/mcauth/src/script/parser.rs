//! Statements: the tokens of one `;`-terminated statement -> a [`Statement`].
//!
//! This file recognises the statement by its leading keywords and hands the rest to
//! [`project`] (declarations, users, flags), [`objects`] (tables, views, functions, resources),
//! [`acl`] (roles and grants), [`label`] (label security), [`package`] (packages and trusted
//! projects), [`identity`] (AccessKeys, RAM roles and policies, DataWorks environments) or
//! [`tenant`] (tenant users and roles). Statements a later version implements and query
//! statements are recognised here and rejected before any other check.

mod acl;
pub(super) mod cursor;
mod identity;
mod label;
mod objects;
mod package;
mod project;
mod tenant;
mod view;

use crate::action::ObjectType;
use crate::error::LoadError;
use crate::location::LineIndex;
use crate::script::lexer::{Token, TokenKind};
use crate::script::statement::{DropTarget, KeyChange, ResourceKindWord, Statement, StatementKind};
use cursor::{describe, Cursor};
use package::PACKAGE_TYPES;

/// Parse the tokens of one statement. `tokens` is non-empty and does not include the `;`,
/// which is at byte offset `end`.
pub(crate) fn statement(
    index: &LineIndex<'_>,
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
    let mut buf = [0u8; 16];
    let verb = lower_word(first, &mut buf);
    c.bump();
    let kind = match verb {
        "at" => project::at(&mut c)?,
        "create" => create(&mut c)?,
        "alter" => project::alter_project(&mut c)?,
        "use" => StatementKind::Use(c.expect_word("a project name")?),
        "login" => StatementKind::Login(c.expect_name("a principal")?),
        "add" => add_or_remove(&mut c, true)?,
        "remove" => add_or_remove(&mut c, false)?,
        "drop" => drop(&mut c)?,
        "delete" => match c.expect_one_of(&[("package", false), ("accesskey", true)])? {
            false => package::drop(&mut c)?,
            true => identity::set_access_key(&mut c, KeyChange::Delete)?,
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

/// What `create` creates.
#[derive(Debug, Clone, Copy)]
enum Create {
    Account,
    Ram,
    Project,
    Table,
    View,
    Function,
    Role,
    Package,
    AccessKey,
    Service,
    DataWorks,
    Tenant,
}

/// `create ...`, after `create`.
fn create(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    const WHAT: &[(&str, Create)] = &[
        ("account", Create::Account),
        ("ram", Create::Ram),
        ("project", Create::Project),
        ("table", Create::Table),
        ("view", Create::View),
        ("function", Create::Function),
        ("role", Create::Role),
        ("package", Create::Package),
        ("accesskey", Create::AccessKey),
        ("service", Create::Service),
        ("dataworks", Create::DataWorks),
        ("tenant", Create::Tenant),
    ];
    match c.expect_one_of(WHAT)? {
        Create::Account => project::create_account(c),
        Create::Ram if c.eat_keyword("role") => identity::create_ram_role(c),
        Create::Ram if c.at_keyword("user") => project::create_ram_user(c),
        Create::Ram => Err(c.expected("`user` or `role`")),
        Create::Project => project::create_project(c),
        Create::Table => objects::create_table(c),
        Create::View => objects::create_view(c),
        Create::Function => objects::create_function(c),
        Create::Role => acl::create_role(c),
        Create::Package => package::create(c),
        Create::AccessKey => identity::create_access_key(c),
        Create::Service => identity::create_service_linked_role(c),
        Create::DataWorks => identity::create_dev_environment(c),
        Create::Tenant => tenant::create_role(c),
    }
}

/// What `add` adds or `remove` removes.
#[derive(Debug, Clone, Copy)]
enum AddWhat {
    /// An object of a package (`add table t to package p`).
    PackageObject(ObjectType),
    /// A resource file (`add jar ...`; `add` only).
    Resource(ResourceKindWord),
    AccountProvider,
    User,
    TrustedProject,
    Tenant,
}

/// `add ...` or `remove ...`, after the verb.
fn add_or_remove(c: &mut Cursor<'_, '_>, add: bool) -> Result<StatementKind, LoadError> {
    package::reject_type(c)?;
    let at = c.offset();
    let mut what: Vec<(&str, AddWhat)> = PACKAGE_TYPES
        .iter()
        .map(|(word, ty)| (*word, AddWhat::PackageObject(*ty)))
        .collect();
    if add {
        what.extend([
            ("jar", AddWhat::Resource(ResourceKindWord::Jar)),
            ("file", AddWhat::Resource(ResourceKindWord::File)),
            ("py", AddWhat::Resource(ResourceKindWord::Py)),
            ("archive", AddWhat::Resource(ResourceKindWord::Archive)),
        ]);
    }
    what.extend([
        ("accountprovider", AddWhat::AccountProvider),
        ("user", AddWhat::User),
        ("trustedproject", AddWhat::TrustedProject),
        ("tenant", AddWhat::Tenant),
    ]);
    match c.expect_one_of(&what)? {
        AddWhat::PackageObject(ty) => package::add_or_remove(c, add, ty, at),
        AddWhat::Resource(kind) => objects::add_resource(c, kind),
        AddWhat::AccountProvider => project::account_provider(c, add),
        AddWhat::User => project::user(c, add),
        AddWhat::TrustedProject => package::trusted_project(c, add),
        AddWhat::Tenant => tenant::add_or_remove(c, add),
    }
}

/// What `drop` drops.
#[derive(Debug, Clone, Copy)]
enum DropWhat {
    Object(DropTarget),
    Role,
    Package,
    Tenant,
}

/// `drop ...`, after `drop`.
fn drop(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    const WHAT: &[(&str, DropWhat)] = &[
        ("table", DropWhat::Object(DropTarget::Table)),
        ("view", DropWhat::Object(DropTarget::View)),
        ("function", DropWhat::Object(DropTarget::Function)),
        ("resource", DropWhat::Object(DropTarget::Resource)),
        ("role", DropWhat::Role),
        ("package", DropWhat::Package),
        ("tenant", DropWhat::Tenant),
    ];
    match c.expect_one_of(WHAT)? {
        DropWhat::Object(target) => objects::drop(c, target),
        DropWhat::Role => acl::drop_role(c),
        DropWhat::Package => package::drop(c),
        DropWhat::Tenant => tenant::drop_role(c),
    }
}

/// A word token in lower case, copied into `buf` (no allocation): `""` for a token that is
/// not a word or does not fit, as no statement's first word would.
fn lower_word<'b>(token: &Token<'_>, buf: &'b mut [u8; 16]) -> &'b str {
    let bytes = token.text.as_bytes();
    match buf.get_mut(..bytes.len()) {
        Some(out) if token.kind == TokenKind::Word => {
            for (o, b) in out.iter_mut().zip(bytes) {
                *o = b.to_ascii_lowercase();
            }
            std::str::from_utf8(out).unwrap_or("")
        }
        _ => "",
    }
}

/// The words naming a statement that a later version implements, e.g. `purge privs from user`.
fn unsupported(tokens: &[Token<'_>]) -> Option<String> {
    let at = |i: usize, word: &str| tokens.get(i).is_some_and(|t| t.is_keyword(word));
    if at(0, "purge") && at(1, "privs") && at(2, "from") && at(3, "user") {
        return Some("purge privs from user".to_string());
    }
    if at(0, "add") && at(1, "tenant") && at(2, "role") {
        return Some("add tenant role ... to project".to_string());
    }
    if at(0, "remove") && at(1, "tenant") && at(2, "role") {
        return Some("remove tenant role ... from project".to_string());
    }
    if at(0, "alter") && at(1, "tenant") {
        let kind = ["user", "role"].into_iter().find(|w| at(2, w))?;
        return Some(format!("alter tenant {kind}"));
    }
    None
}

/// The words naming a query statement (`show`, `get policy`, ...).
fn query(tokens: &[Token<'_>]) -> Option<String> {
    let at = |i: usize, word: &str| tokens.get(i).is_some_and(|t| t.is_keyword(word));
    if at(0, "get") && at(1, "policy") {
        return Some("get policy".to_string());
    }
    ["show", "list", "describe", "desc", "whoami"]
        .into_iter()
        .find(|w| at(0, w))
        .map(str::to_string)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use crate::action::ObjectType;
    use crate::script::parse;
    use crate::script::statement::{DropTarget, ResourceKindWord, StatementKind};

    fn kind(text: &str) -> StatementKind {
        parse("t.mcauth", text).unwrap().remove(0).kind
    }

    fn error(text: &str) -> String {
        parse("t.mcauth", text).unwrap_err().to_string()
    }

    /// One `put policy` parse for every form (load.md #11).
    #[test]
    fn put_policy_forms() {
        let StatementKind::PutPolicy { file, role } = kind("put policy p.json on role r;") else {
            panic!()
        };
        assert_eq!(
            (file.value.as_str(), role.unwrap().value.as_str()),
            ("p.json", "r")
        );
        let StatementKind::PutTenantPolicy { file, role } =
            kind("put policy 'q.json' on tenant role quota;")
        else {
            panic!()
        };
        assert_eq!(
            (file.value.as_str(), role.value.as_str()),
            ("q.json", "quota")
        );
        assert_eq!(
            error("put policy on role r;"),
            "t.mcauth:1:12: expected a policy file name, found `on`"
        );
        assert_eq!(
            error("put policy p.json on user r;"),
            "t.mcauth:1:22: expected `role` or `tenant`, found `user`"
        );
        assert_eq!(
            error("put policy p.json on tenant r;"),
            "t.mcauth:1:29: expected `role`, found `r`"
        );
        assert_eq!(
            error("put policy 'q.json' on tenant role;"),
            "t.mcauth:1:35: expected a tenant role name, found end of statement"
        );
    }

    /// Every package type word reaches its own type, and the other `add` / `remove` / `drop`
    /// words their statements (load.md #12: dispatch on values, not on list positions).
    #[test]
    fn keywords_dispatch_on_their_values() {
        for (word, ty) in super::PACKAGE_TYPES {
            for verb in ["add", "remove"] {
                let dir = if verb == "add" { "to" } else { "from" };
                let object_type = match kind(&format!("{verb} {word} x {dir} package p;")) {
                    StatementKind::AddToPackage { object_type, .. }
                    | StatementKind::RemoveFromPackage { object_type, .. } => object_type.value,
                    other => panic!("{other:?}"),
                };
                assert_eq!(object_type, ty);
            }
        }
        assert_eq!(super::PACKAGE_TYPES.len(), 4);
        assert!(super::PACKAGE_TYPES.contains(&("instance", ObjectType::Instance)));
        for (word, want) in [
            ("jar", ResourceKindWord::Jar),
            ("file", ResourceKindWord::File),
            ("py", ResourceKindWord::Py),
            ("archive", ResourceKindWord::Archive),
        ] {
            let StatementKind::AddResource { kind: got, .. } = kind(&format!("add {word} a.x;"))
            else {
                panic!()
            };
            assert_eq!(got, want);
        }
        for (word, want) in [
            ("table", DropTarget::Table),
            ("view", DropTarget::View),
            ("function", DropTarget::Function),
            ("resource", DropTarget::Resource),
        ] {
            let StatementKind::Drop { target, .. } = kind(&format!("drop {word} x;")) else {
                panic!()
            };
            assert_eq!(target, want);
        }
        for verb in ["add", "remove"] {
            assert!(matches!(
                kind(&format!("{verb} accountprovider ram;")),
                StatementKind::AccountProvider { add, .. } if add == (verb == "add")
            ));
            assert!(matches!(
                kind(&format!("{verb} trustedproject q;")),
                StatementKind::AddTrustedProject(_) | StatementKind::RemoveTrustedProject(_)
            ));
        }
        assert_eq!(
            error("remove jar a.x;"),
            "t.mcauth:1:8: expected `table`, `resource`, `function`, `instance`, \
             `accountprovider`, `user`, `trustedproject` or `tenant`, found `jar`"
        );
    }

    /// Every word that starts a statement reaches a statement of its own, in any case.
    #[test]
    fn every_verb_is_a_statement() {
        let verbs = [
            "at",
            "create",
            "alter",
            "use",
            "login",
            "add",
            "remove",
            "drop",
            "delete",
            "enable",
            "disable",
            "attach",
            "detach",
            "allow",
            "disallow",
            "install",
            "uninstall",
            "purge",
            "grant",
            "revoke",
            "set",
            "setproject",
            "put",
            "clear",
        ];
        for verb in verbs {
            let e = error(&format!("{verb};"));
            assert!(!e.contains("unknown statement"), "{verb}: {e}");
            let e = error(&format!("{};", verb.to_ascii_uppercase()));
            assert!(!e.contains("unknown statement"), "{verb}: {e}");
        }
        for unknown in ["frobnicate", "créate", "setprojectsetproject"] {
            assert_eq!(
                error(&format!("{unknown};")),
                format!("t.mcauth:1:1: unknown statement `{unknown}`")
            );
        }
    }

    /// Unknown actions name the closest action (user.md U4).
    #[test]
    fn unknown_actions_suggest_the_closest() {
        assert_eq!(
            error("grant Selec on table t to user u;"),
            "t.mcauth:1:7: unknown action `Selec`: did you mean `Select`?"
        );
        assert_eq!(
            error("add table t to package pk with privileges describ;"),
            "t.mcauth:1:43: unknown action `describ`: did you mean `Describe`?"
        );
    }
}
