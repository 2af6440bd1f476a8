//! Account providers, users and roles (`spec/principals-labels-packages.md` §1.2–§2.3).

use super::declarations::check_identifier;
use super::Loader;
use crate::action::Action;
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{BuiltinRole, GranteeKind, Map, Member, Role};
use crate::pipeline::permission::management::{self, Holders};
use crate::pipeline::{authentication, Trace};
use crate::principal::{Principal, PrincipalKind, ShortForm};
use crate::script::{ProviderWord, Spanned};

impl Loader {
    /// Resolve a principal named in a statement: the short form `RAM$<user>` takes the issuer's
    /// account (`spec/principals-labels-packages.md` E19); a RAM identity of a declared account
    /// must be declared.
    pub(super) fn statement_principal(
        &self,
        name: &Spanned<String>,
        issuer: &Principal,
    ) -> Result<Principal, LoadError> {
        self.principal(name, ShortForm::Account(&issuer.account))
    }

    /// A principal a statement grants to or adds needs the project's account provider for
    /// its kind: the authentication stage's rule ([`authentication::recognised`]), with a hint.
    pub(super) fn require_provider(
        &self,
        key: &str,
        src: &Source,
        principal: &Principal,
        at: &Source,
    ) -> Result<(), LoadError> {
        let project = self.project(key, src)?;
        authentication::recognised(project, principal, &mut Trace::off()).map_err(|d| {
            let word = if principal.kind == PrincipalKind::Account {
                "aliyun"
            } else {
                "ram"
            };
            LoadError::rejected(
                at,
                format!(
                    "{}: expected `add accountprovider {word};` first",
                    d.message
                ),
            )
        })
    }

    pub(super) fn account_provider(
        &mut self,
        src: &Source,
        add: bool,
        provider: ProviderWord,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let action = if add {
            Action::AddAccountProvider
        } else {
            Action::RemoveAccountProvider
        };
        self.authorize_management(&key, src, action, "change account providers")?;
        let project = self.project_mut(&key, src)?;
        let setting = match provider {
            ProviderWord::Aliyun => &mut project.account_providers.aliyun,
            ProviderWord::Ram => &mut project.account_providers.ram,
        };
        setting.set(add, src);
        Ok(())
    }

    pub(super) fn add_user(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let issuer = self.authorize_management(&key, src, Action::AddUser, "add users")?;
        let principal = self.statement_principal(name, &issuer)?;
        self.require_provider(&key, src, &principal, &name.source)?;
        if principal.kind != PrincipalKind::Account && principal.account != issuer.account {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` may not add `{}`: only RAM identities of the issuer's own Alibaba Cloud \
                     account (`{}`) can be added, and this one belongs to `{}`",
                    issuer, name.value, issuer.account, principal.account
                ),
            ));
        }
        let project = self.project_mut(&key, src)?;
        if project.owner.key == principal.key {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` owns project `{}` and is always a member",
                    name.value, project.name
                ),
            ));
        }
        if let Some(m) = project.users.get(&principal.key) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` is already a user of project `{}` (added at {})",
                    name.value, project.name, m.source
                ),
            ));
        }
        project.removed_users.shift_remove(&principal.key);
        project.users.insert(
            principal.key.clone(),
            Member {
                principal,
                roles: Map::default(),
                source: src.clone(),
            },
        );
        Ok(())
    }

    pub(super) fn remove_user(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let issuer = self.authorize_management(&key, src, Action::RemoveUser, "remove users")?;
        let principal = self.statement_principal(name, &issuer)?;
        let project = self.project_mut(&key, src)?;
        let Some(member) = project.users.get(&principal.key) else {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` is not a user of project `{}`",
                    name.value, project.name
                ),
            ));
        };
        if let Some((role, at)) = member.roles.iter().next() {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` still holds role `{role}` (granted at {at}): revoke its roles before \
                     removing it",
                    name.value
                ),
            ));
        }
        project.users.shift_remove(&principal.key);
        project.removed_users.insert(principal.key, src.clone());
        Ok(())
    }

    pub(super) fn create_role(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
        admin: bool,
    ) -> Result<(), LoadError> {
        check_identifier("role", name)?;
        if name.value.len() > 64 {
            return Err(LoadError::rejected(
                &name.source,
                format!("role name `{}` is longer than 64 characters", name.value),
            ));
        }
        let key = self.current_key(src)?;
        let issuer = self.authorize_management(&key, src, Action::CreateRole, "create roles")?;
        if admin {
            self.require_holders(
                &key,
                src,
                &issuer,
                Holders::OwnerSuperAdmin,
                "create an administrator role",
            )?;
        }
        let role_key = name.value.to_ascii_lowercase();
        let project = self.project_mut(&key, src)?;
        if let Some(r) = project.roles.get(&role_key) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "role `{}` already exists (created at {})",
                    name.value, r.source
                ),
            ));
        }
        project.roles.insert(
            role_key,
            Role {
                name: name.value.clone(),
                admin_type: admin,
                builtin: None,
                source: src.clone(),
                policy: None,
                policy_grants: Vec::new(),
            },
        );
        Ok(())
    }

    /// A role of project `key`, checked to exist: its key and definition.
    pub(super) fn existing_role(
        &self,
        key: &str,
        src: &Source,
        name: &Spanned<String>,
    ) -> Result<(String, &Role), LoadError> {
        let role_key = name.value.to_ascii_lowercase();
        let project = self.project(key, src)?;
        match project.roles.get(&role_key) {
            Some(role) => Ok((role_key, role)),
            None => Err(LoadError::rejected(
                &name.source,
                format!(
                    "role `{}` does not exist in project `{}`",
                    name.value, project.name
                ),
            )),
        }
    }

    pub(super) fn drop_role(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let (role_key, _) = self.existing_role(&key, src, name)?;
        let target = management::Target::roles(self.project(&key, src)?, [role_key.as_str()]);
        let issuer =
            self.authorize_management_on(&key, src, Action::DropRole, &target, "drop roles")?;
        let (_, role) = self.existing_role(&key, src, name)?;
        if role.builtin.is_some() {
            return Err(LoadError::rejected(
                &name.source,
                format!("`{}` is a built-in role and cannot be dropped", role.name),
            ));
        }
        if role.admin_type {
            self.require_holders(
                &key,
                src,
                &issuer,
                Holders::OwnerSuperAdmin,
                "drop an administrator role",
            )?;
        }
        let project = self.project(&key, src)?;
        if let Some(m) = project
            .users
            .values()
            .find(|m| m.roles.contains_key(&role_key))
        {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "role `{}` is still assigned to `{}`: revoke it from every user before dropping it",
                    name.value, m.principal
                ),
            ));
        }
        self.project_mut(&key, src)?.roles.shift_remove(&role_key);
        Ok(())
    }

    pub(super) fn purge_role(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let role_key = name.value.to_ascii_lowercase();
        self.authorize_management(&key, src, Action::DropRole, "purge role grants")?;
        let project = self.project_mut(&key, src)?;
        if project.roles.contains_key(&role_key) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "role `{}` still exists in project `{}`: drop the role before purging it",
                    name.value, project.name
                ),
            ));
        }
        let is_role = |g: &crate::model::Grantee| g.kind == GranteeKind::Role && g.key == role_key;
        project.labels.roles.shift_remove(&role_key);
        project.retain_grants(|g| !is_role(&g.grantee), |g| !is_role(&g.grantee));
        Ok(())
    }

    pub(super) fn grant_roles(
        &mut self,
        src: &Source,
        roles: &[Spanned<String>],
        name: &Spanned<String>,
        grant: bool,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let (action, verb) = if grant {
            (Action::GrantRole, "grant roles")
        } else {
            (Action::RevokeRole, "revoke roles")
        };
        let keys: Vec<String> = roles.iter().map(|r| r.value.to_ascii_lowercase()).collect();
        let target =
            management::Target::roles(self.project(&key, src)?, keys.iter().map(String::as_str));
        let issuer = self.authorize_management_on(&key, src, action, &target, verb)?;
        let principal = self.statement_principal(name, &issuer)?;
        self.require_provider(&key, src, &principal, &name.source)?;
        let mut keys = Vec::new();
        for r in roles {
            let (role_key, role) = self.existing_role(&key, src, r)?;
            let who = match role.builtin {
                Some(BuiltinRole::Admin) => Some(Holders::Owner),
                Some(BuiltinRole::SuperAdministrator) => Some(Holders::OwnerSuperAdmin),
                None => None,
            };
            if let Some(who) = who {
                let what = format!("{} `{}`", if grant { "grant" } else { "revoke" }, r.value);
                self.require_holders(&key, &r.source, &issuer, who, &what)?;
            }
            keys.push((role_key, r));
        }
        let project = self.project_mut(&key, src)?;
        if project.owner.key == principal.key {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` owns project `{}` and holds every permission already",
                    name.value, project.name
                ),
            ));
        }
        let project_name = project.name.clone();
        let Some(member) = project.users.get_mut(&principal.key) else {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` is not a user of project `{project_name}`: expected `add user {};` first",
                    name.value, name.value
                ),
            ));
        };
        for (role_key, r) in keys {
            if grant {
                member.roles.entry(role_key).or_insert_with(|| src.clone());
            } else if member.roles.shift_remove(&role_key).is_none() {
                return Err(LoadError::rejected(
                    &r.source,
                    format!("`{}` does not hold role `{}`", name.value, r.value),
                ));
            }
        }
        Ok(())
    }
}
