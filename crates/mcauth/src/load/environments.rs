//! DataWorks individual development environments (seed 004, `docs/semantics.md` I14 and I16):
//! each belongs to a member, has at most one associated role (a custom RAM role that DataWorks
//! may assume, or the DataWorks default role). A public environment may have one too, as
//! DataWorks allows: seed 004's "do not associate a RAM role" is advice, which `mcauth lint`
//! checks (`public-environment-role`), not a rule of the service.

use super::Loader;
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{DevEnvironment, EnvironmentRole};
use crate::pipeline::authentication::environment::{dataworks_caller, DATAWORKS_SERVICE};
use crate::pipeline::authentication::trust::judge_trust;
use crate::principal::{Principal, PrincipalKind};
use crate::ram::{RamContext, RamOutcome};
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
    /// owner's account whose trust policy lets DataWorks, acting for that account, assume it,
    /// judged as the runtime judges a token of the environment (`docs/semantics.md` I14). A
    /// trust that holds only under condition keys a request may carry is left to the request.
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
        let (Some(role), Some(uid)) = (
            self.model.ram_roles.get(&p.key),
            self.model.account_uid(&p.account),
        ) else {
            return Err(LoadError::rejected(
                &r.source,
                format!(
                    "RAM role `{}` has no ARN: account `{}` has no numeric ID",
                    r.value, p.account
                ),
            ));
        };
        let caller = dataworks_caller(&uid);
        let (verdict, refusal) = judge_trust(role, &uid, &caller, &RamContext::new());
        // A deny no request can lift: a Deny that always applies, or no statement that could
        // name DataWorks whatever keys the request carries.
        let always = verdict.outcome == RamOutcome::ExplicitDeny || verdict.missing.is_empty();
        let Some(why) = refusal.filter(|_| always) else {
            return Ok(p);
        };
        let names_a_service = role.trust.statements.iter().any(|s| {
            s.principals
                .as_ref()
                .is_some_and(|pr| !pr.service.is_empty())
        });
        let what = if names_a_service {
            "does not trust DataWorks"
        } else {
            "trusts no Alibaba Cloud service"
        };
        Err(LoadError::rejected(
            &r.source,
            format!(
                "RAM role `{}` {what}: {why}, so every credential of the environment would be \
                 refused; an environment's custom role must be \"a RAM role whose trusted \
                 entity is an Alibaba Cloud service\", assumed by `{DATAWORKS_SERVICE}` \
                 (docs/semantics.md I14)",
                r.value
            ),
        ))
    }
}
