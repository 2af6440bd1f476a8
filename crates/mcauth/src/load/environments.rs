//! DataWorks individual development environments (seed 004, `docs/semantics.md` I14 and I16):
//! each belongs to a member, has at most one associated role (a custom RAM role or the DataWorks
//! default role), and a public environment has none.

use super::Loader;
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{DevEnvironment, EnvironmentRole};
use crate::principal::{Principal, PrincipalKind};
use crate::script::{EnvironmentRoleClause, Spanned};

impl Loader {
    pub(super) fn create_dev_environment(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
        owner: &Spanned<String>,
        public: Option<&Source>,
        role: Option<&EnvironmentRoleClause>,
    ) -> Result<(), LoadError> {
        super::declarations::check_identifier("development environment", name)?;
        let key = name.value.to_ascii_lowercase();
        if let Some(e) = self.model.dev_environments.get(&key) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "development environment `{}` already exists (created at {})",
                    name.value, e.source
                ),
            ));
        }
        // An individual development environment belongs to a workspace member, a RAM user.
        let owner_p = self.declared_ram(owner, PrincipalKind::RamUser)?;
        if let (Some(at), Some(r)) = (public, role) {
            let which = match r {
                EnvironmentRoleClause::Custom(_) => "",
                EnvironmentRoleClause::Default(_) => " (not even the DataWorks default role)",
            };
            return Err(LoadError::rejected(
                at,
                format!(
                    "development environment `{}` is public, so it must not have a RAM \
                     role{which}: \"If the individual development environment is set to public \
                     in the workspace, do not associate a RAM role\"; use an AccessKey pair in \
                     code instead",
                    name.value
                ),
            ));
        }
        let role_p = match role {
            None => None,
            Some(EnvironmentRoleClause::Default(_)) => Some(EnvironmentRole::Default),
            Some(EnvironmentRoleClause::Custom(r)) => {
                Some(EnvironmentRole::Custom(self.custom_role(r, &owner_p)?))
            }
        };
        self.model.dev_environments.insert(
            key,
            DevEnvironment {
                name: name.value.clone(),
                owner: owner_p,
                public: public.is_some(),
                role: role_p,
                source: src.clone(),
            },
        );
        Ok(())
    }

    /// The custom role `r` of an environment owned by `owner`: a declared RAM role of the
    /// owner's account whose trust policy names some Alibaba Cloud service.
    fn custom_role(&self, r: &Spanned<String>, owner: &Principal) -> Result<Principal, LoadError> {
        let p = self.declared_ram(r, PrincipalKind::RamRole)?;
        if p.account != owner.account {
            return Err(LoadError::rejected(
                &r.source,
                format!(
                    "RAM role `{}` belongs to account `{}`, the environment's member to \
                     `{}`",
                    r.value, p.account, owner.account
                ),
            ));
        }
        let service_trusted = self.model.ram_roles.get(&p.key).is_some_and(|declared| {
            declared.trust.statements.iter().any(|s| {
                s.principals
                    .as_ref()
                    .is_some_and(|pr| !pr.service.is_empty())
            })
        });
        if !service_trusted {
            return Err(LoadError::rejected(
                &r.source,
                format!(
                    "RAM role `{}` trusts no Alibaba Cloud service: an environment's \
                     custom role must be \"a RAM role whose trusted entity is an \
                     Alibaba Cloud service\"",
                    r.value
                ),
            ));
        }
        Ok(p)
    }
}
