//! Console-side declarations (design §2): accounts, RAM users, projects and their status, and
//! the statement context (`use`, `login`).

use super::Loader;
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{ram_word, Map};
use crate::model::{
    Account, AccountProviders, BuiltinRole, Project, ProjectStatus, RamUser, Role, SecurityFlags,
    Setting,
};
use crate::principal::{Principal, PrincipalKind, PrincipalName, ShortForm};
use crate::script::{Spanned, StatusWord};
use std::sync::Arc;

/// Parse a principal name, reporting a bad one at its position.
pub(super) fn parse_principal(name: &Spanned<String>) -> Result<PrincipalName, LoadError> {
    PrincipalName::parse(&name.value).map_err(|e| LoadError::rejected(&name.source, e))
}

/// Project, role, table and other object names: a letter, then letters, digits or `_`.
pub(super) fn check_identifier(what: &str, name: &Spanned<String>) -> Result<(), LoadError> {
    let ok = name
        .value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.value.len() <= 128;
    if ok {
        Ok(())
    } else {
        Err(LoadError::rejected(
            &name.source,
            format!(
                "invalid {what} name `{}`: expected a letter followed by letters, digits or `_`",
                name.value
            ),
        ))
    }
}

/// A RAM user's logon name (seed 001): "1–128 characters. Allowed: letters, numbers, periods
/// (.), underscores (_), hyphens (-)." The error says which rule broke.
pub fn logon_name(at: &Source, name: &str) -> Result<(), LoadError> {
    let n = name.chars().count();
    if n == 0 || n > 128 {
        return Err(LoadError::rejected(
            at,
            format!("invalid logon name `{name}`: it has {n} characters, expected 1 to 128"),
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(LoadError::rejected(
            at,
            format!(
                "invalid logon name `{name}`: `{c}` is not allowed, expected letters, digits, \
                 `.`, `_` or `-`"
            ),
        ));
    }
    Ok(())
}

/// A RAM role's name (RAM CreateRole, `RoleName`): "The name must be 1 to 64 characters in
/// length, and can contain letters, digits, periods (.), and hyphens (-)." The error says which
/// rule broke. Service-linked roles have fixed names and are not checked against it.
pub fn role_name(at: &Source, name: &str) -> Result<(), LoadError> {
    let n = name.chars().count();
    if n == 0 || n > 64 {
        return Err(LoadError::rejected(
            at,
            format!("invalid RAM role name `{name}`: it has {n} characters, expected 1 to 64"),
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
    {
        return Err(LoadError::rejected(
            at,
            format!(
                "invalid RAM role name `{name}`: `{c}` is not allowed, expected letters, digits, \
                 `.` or `-`"
            ),
        ));
    }
    Ok(())
}

impl Loader {
    pub(super) fn create_account(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
        uid: Option<&Spanned<String>>,
    ) -> Result<(), LoadError> {
        let p = parse_principal(name)?;
        if p.kind != PrincipalKind::Account {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` is not an Alibaba Cloud account: expected `ALIYUN$<account>`",
                    name.value
                ),
            ));
        }
        let key = p.account.unwrap_or_default().to_ascii_lowercase();
        if let Some(a) = self.model.accounts.get(&key) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "account `{}` is already declared at {}",
                    name.value, a.source
                ),
            ));
        }
        if let Some(uid) = uid {
            if uid.value.len() != 16 || !uid.value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(LoadError::rejected(
                    &uid.source,
                    format!(
                        "invalid account ID `{}`: an Alibaba Cloud account ID has exactly 16 \
                         digits",
                        uid.value
                    ),
                ));
            }
            let id = uid.value.to_ascii_lowercase();
            if let Some(other) = self.model.account_ids.get(&id) {
                return Err(LoadError::rejected(
                    &uid.source,
                    format!(
                        "account ID `{}` already belongs to account `{other}`",
                        uid.value
                    ),
                ));
            }
            if self.model.accounts.contains_key(&id) {
                return Err(LoadError::rejected(
                    &uid.source,
                    format!(
                        "account ID `{}` is already declared as an account",
                        uid.value
                    ),
                ));
            }
            let used = self.model.projects.values().any(|p| {
                p.owner.account == id || p.users.values().any(|m| m.principal.account == id)
            });
            if used {
                return Err(LoadError::rejected(
                    &uid.source,
                    format!(
                        "account ID `{}` is already used by a project or user: declare accounts \
                         before using them",
                        uid.value
                    ),
                ));
            }
            self.model.account_ids.insert(id, key.clone());
        }
        self.model.accounts.insert(
            key,
            Account {
                name: name.value.clone(),
                uid: uid.map(|u| u.value.clone()),
                source: src.clone(),
            },
        );
        Ok(())
    }

    pub(super) fn create_ram_user(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
        display: Option<&str>,
    ) -> Result<(), LoadError> {
        let p = parse_principal(name)?;
        if p.kind != PrincipalKind::RamUser || p.account.is_none() {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` is not a RAM user: expected `RAM$<account>:<user>`",
                    name.value
                ),
            ));
        }
        logon_name(&name.source, &p.name)?;
        if let Some(d) = display {
            if d.chars().count() > 128 {
                return Err(LoadError::rejected(
                    &name.source,
                    format!(
                        "display name of `{}` has {} characters: a RAM user's display name \
                         has at most 128",
                        name.value,
                        d.chars().count()
                    ),
                ));
            }
        }
        let principal = self.model.resolve(&p, "");
        if !self.model.accounts.contains_key(&principal.account) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "account `{}` is not declared: expected `create account ALIYUN${};` first",
                    principal.account,
                    p.account.unwrap_or_default()
                ),
            ));
        }
        if let Some(u) = self.model.ram_users.get(&principal.key) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "RAM user `{}` is already declared at {}",
                    name.value, u.source
                ),
            ));
        }
        self.model.ram_users.insert(
            principal.key.clone(),
            RamUser {
                principal,
                display: display.map(str::to_string),
                policies: Vec::new(),
                source: src.clone(),
            },
        );
        Ok(())
    }

    pub(super) fn create_project(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
        owner: &Spanned<String>,
    ) -> Result<(), LoadError> {
        check_identifier("project", name)?;
        let key = name.value.to_ascii_lowercase();
        if let Some(p) = self.model.projects.get(&key) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "project `{}` already exists (created at {})",
                    name.value, p.source
                ),
            ));
        }
        let p = parse_principal(owner)?;
        if p.kind != PrincipalKind::Account {
            return Err(LoadError::rejected(
                &owner.source,
                format!(
                    "`{}` cannot own a project: only Alibaba Cloud accounts (`ALIYUN$...`) own \
                     projects",
                    owner.value
                ),
            ));
        }
        let owner = self.model.resolve(&p, "");
        let mut roles = Map::default();
        for (b, n) in [
            (BuiltinRole::Admin, "admin"),
            (BuiltinRole::SuperAdministrator, "super_administrator"),
        ] {
            roles.insert(
                b.key().to_string(),
                Role {
                    name: n.to_string(),
                    admin_type: true,
                    builtin: Some(b),
                    source: src.clone(),
                    policy: None,
                    policy_grants: Vec::new(),
                },
            );
        }
        self.model.projects.insert(
            key,
            Project {
                name: name.value.clone(),
                owner,
                source: src.clone(),
                status: Setting::default_to(ProjectStatus::Available),
                account_providers: AccountProviders::default(),
                flags: SecurityFlags::default(),
                ip_whitelist: Setting::default_to(Vec::new()),
                vpc_whitelist: Setting::default_to(Vec::new()),
                users: Map::default(),
                removed_users: Map::default(),
                roles,
                tables: Map::default(),
                functions: Map::default(),
                resources: Map::default(),
                acl: Default::default(),
                policy: None,
                protection_exception: None,
                labels: Default::default(),
                packages: Map::default(),
                installed: Map::default(),
                trusted_projects: Map::default(),
            },
        );
        Ok(())
    }

    fn existing_project(&self, name: &Spanned<String>) -> Result<String, LoadError> {
        let key = name.value.to_ascii_lowercase();
        if self.model.projects.contains_key(&key) {
            Ok(key)
        } else {
            Err(LoadError::rejected(
                &name.source,
                format!(
                    "project `{}` does not exist: expected `create project {} owner ...;` first",
                    name.value, name.value
                ),
            ))
        }
    }

    pub(super) fn alter_status(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
        status: StatusWord,
    ) -> Result<(), LoadError> {
        let key = self.existing_project(name)?;
        let new = match status {
            StatusWord::Available => ProjectStatus::Available,
            StatusWord::ReadOnly => ProjectStatus::ReadOnly,
            StatusWord::Frozen => ProjectStatus::Frozen,
            StatusWord::Deleting => ProjectStatus::Deleting,
        };
        let project = self.project_mut(&key, src)?;
        if project.status.value == ProjectStatus::Deleting && new != ProjectStatus::Deleting {
            return Err(LoadError::rejected(
                src,
                format!(
                    "project `{}` is DELETING, which is final: it cannot become {}",
                    project.name,
                    new.as_str()
                ),
            ));
        }
        if new == ProjectStatus::Deleting
            && !matches!(
                project.status.value,
                ProjectStatus::Frozen | ProjectStatus::Deleting
            )
        {
            return Err(LoadError::rejected(
                src,
                format!(
                    "project `{}` is {}: only a FROZEN project can become DELETING",
                    project.name,
                    project.status.value.as_str()
                ),
            ));
        }
        project.status.set(new, src);
        Ok(())
    }

    pub(super) fn use_project(&mut self, name: &Spanned<String>) -> Result<(), LoadError> {
        self.current = Some(self.existing_project(name)?);
        Ok(())
    }

    /// What the short form `RAM$<user>` stands for outside grants: a RAM user of the current
    /// project's owner; refused before any `use`.
    pub(super) fn owner_short_form(&self) -> ShortForm<'_> {
        match self
            .current
            .as_ref()
            .and_then(|k| self.model.projects.get(k))
        {
            Some(p) => ShortForm::Account(&p.owner.account),
            None => ShortForm::Refused(
                "the short form `RAM$<user>` names a RAM user of the current project's owner: \
                 expected the long form `RAM$<account>:<user>`, or `use <project>;` first",
            ),
        }
    }

    /// Resolve a principal a statement names, with `short` for `RAM$<user>`, without checking
    /// that it is declared: for declarations, and for statements that check the kind first.
    pub(super) fn resolve_named(
        &self,
        name: &Spanned<String>,
        short: ShortForm<'_>,
    ) -> Result<Principal, LoadError> {
        self.model
            .resolve_text(&name.value, short)
            .map_err(|e| LoadError::rejected(&name.source, e))
    }

    /// The principal a statement names, with `short` for `RAM$<user>` (the issuer's account in
    /// a grant, E19; the current project owner's elsewhere), checked: a RAM identity of a
    /// declared account must be declared itself ([`Model::principal`](crate::Model::principal)).
    pub(super) fn principal(
        &self,
        name: &Spanned<String>,
        short: ShortForm<'_>,
    ) -> Result<Principal, LoadError> {
        self.model
            .principal(&name.value, short)
            .map_err(|e| LoadError::rejected(&name.source, e))
    }

    /// A declared RAM identity of `kind` named by a RAM-side statement (`attach policy`,
    /// `create accesskey`, DataWorks environments): unlike a statement principal, it must be
    /// declared even when its account is not.
    pub(super) fn declared_ram(
        &self,
        name: &Spanned<String>,
        kind: PrincipalKind,
    ) -> Result<Principal, LoadError> {
        let principal = self.resolve_named(name, self.owner_short_form())?;
        let word = ram_word(kind);
        if principal.kind != kind {
            let form = if kind == PrincipalKind::RamRole {
                "RAM$<account>:role/<role>"
            } else {
                "RAM$<account>:<user>"
            };
            return Err(LoadError::rejected(
                &name.source,
                format!("`{}` is not a RAM {word}: expected `{form}`", name.value),
            ));
        }
        if self.model.declaration(&principal).is_none() {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "RAM {word} `{}` is not declared: expected `create ram {word} {}{};` first",
                    name.value,
                    principal.display,
                    if kind == PrincipalKind::RamRole {
                        " trust '<file>'"
                    } else {
                        ""
                    }
                ),
            ));
        }
        Ok(principal)
    }

    pub(super) fn login(&mut self, name: &Spanned<String>) -> Result<(), LoadError> {
        self.issuer = Some(Arc::new(self.principal(name, self.owner_short_form())?));
        Ok(())
    }
}
