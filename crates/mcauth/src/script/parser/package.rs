//! Packages and trusted projects: `create|delete|drop package`, `add|remove <type> <name>
//! to|from package`, `allow|disallow project ... to install package`, `install|uninstall
//! package`, `add|remove trustedproject`.

use super::acl::actions;
use super::cursor::{alternatives, describe, Cursor};
use crate::action::ObjectType;
use crate::error::LoadError;
use crate::script::lexer::TokenKind;
use crate::script::statement::{PackageRef, Spanned, StatementKind};

/// The object types a package holds, as written after `add` / `remove`.
pub(super) const PACKAGE_TYPES: [(&str, ObjectType); 4] = [
    ("table", ObjectType::Table),
    ("resource", ObjectType::Resource),
    ("function", ObjectType::Function),
    ("instance", ObjectType::Instance),
];

/// Object types that exist but cannot go into a package.
pub(super) const NOT_PACKAGE_TYPES: [&str; 2] = ["model", "project"];

/// `create package <pkg>`, after `package`.
pub(super) fn create(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    Ok(StatementKind::CreatePackage(
        c.expect_word("a package name")?,
    ))
}

/// `delete package <pkg>` or `drop package <pkg>`, after `package`.
pub(super) fn drop(c: &mut Cursor<'_, '_>) -> Result<StatementKind, LoadError> {
    Ok(StatementKind::DropPackage(c.expect_word("a package name")?))
}

/// Fail at a `model` / `project` after `add` / `remove` in a statement naming a `package`: a
/// package does not hold them.
pub(super) fn reject_type(c: &Cursor<'_, '_>) -> Result<(), LoadError> {
    if !c.remaining().iter().any(|t| t.is_keyword("package")) {
        return Ok(());
    }
    if let Some(t) = c
        .peek()
        .filter(|t| NOT_PACKAGE_TYPES.iter().any(|k| t.is_keyword(k)))
    {
        let types: Vec<&str> = PACKAGE_TYPES.iter().map(|(n, _)| *n).collect();
        return Err(c.error_at(
            t.start,
            format!(
                "a package holds only tables (and views), resources, functions and instances: \
                 expected {}, found {}",
                alternatives(&types),
                describe(Some(t))
            ),
        ));
    }
    Ok(())
}

/// `add <type> <name> to package <pkg> [with privileges <p>, ...]` or
/// `remove <type> <name> from package <pkg>`, after the type (one of [`PACKAGE_TYPES`],
/// written at byte offset `at`).
pub(super) fn add_or_remove(
    c: &mut Cursor<'_, '_>,
    add: bool,
    object_type: ObjectType,
    at: usize,
) -> Result<StatementKind, LoadError> {
    let object_type = Spanned::new(object_type, c.source(at));
    let name = c.expect_word(format_args!("a {} name or `*`", object_type.value))?;
    c.expect_keyword(if add { "to" } else { "from" })?;
    c.expect_keyword("package")?;
    let package = c.expect_word("a package name")?;
    if !add {
        return Ok(StatementKind::RemoveFromPackage {
            object_type,
            name,
            package,
        });
    }
    let privileges = if c.eat_keyword("with") {
        c.expect_keyword("privileges")?;
        actions(c)?
    } else {
        Vec::new()
    };
    Ok(StatementKind::AddToPackage {
        object_type,
        name,
        package,
        privileges,
    })
}

/// `allow project <p> to install package <pkg> [using label <n>]` or
/// `disallow project <p> to install package <pkg>`, after the verb.
pub(super) fn allow(c: &mut Cursor<'_, '_>, allow: bool) -> Result<StatementKind, LoadError> {
    c.expect_keyword("project")?;
    let project = c.expect_word("a project name")?;
    c.expect_keyword("to")?;
    c.expect_keyword("install")?;
    c.expect_keyword("package")?;
    let package = c.expect_word("a package name")?;
    if !allow {
        return Ok(StatementKind::DisallowInstall { project, package });
    }
    let label = if c.eat_keyword("using") {
        c.expect_keyword("label")?;
        Some(c.expect_label_level()?)
    } else {
        None
    };
    Ok(StatementKind::AllowInstall {
        project,
        package,
        label,
    })
}

/// `install package <project>.<pkg>` or `uninstall package <project>.<pkg>`, after the verb.
pub(super) fn install(c: &mut Cursor<'_, '_>, install: bool) -> Result<StatementKind, LoadError> {
    c.expect_keyword("package")?;
    let what = "`<project>.<package>`";
    let Some(token) = c.peek().filter(|t| t.kind == TokenKind::Word) else {
        return Err(c.expected(what));
    };
    let split = token
        .text
        .split_once('.')
        .filter(|(p, k)| !p.is_empty() && !k.is_empty() && !k.contains('.'));
    let Some((project, package)) = split else {
        return Err(c.error_at(
            token.start,
            format!("expected {what}, found {}", describe(Some(token))),
        ));
    };
    c.bump();
    let package = PackageRef {
        project: Spanned::new(project.to_string(), c.source(token.start)),
        package: Spanned::new(
            package.to_string(),
            c.source(token.start + project.len() + 1),
        ),
    };
    Ok(if install {
        StatementKind::InstallPackage(package)
    } else {
        StatementKind::UninstallPackage(package)
    })
}

/// `add|remove trustedproject <p>`, after `trustedproject`.
pub(super) fn trusted_project(
    c: &mut Cursor<'_, '_>,
    add: bool,
) -> Result<StatementKind, LoadError> {
    let project = c.expect_word("a project name")?;
    Ok(if add {
        StatementKind::AddTrustedProject(project)
    } else {
        StatementKind::RemoveTrustedProject(project)
    })
}
