//! A DataWorks individual development environment's credential (seed 004, `docs/semantics.md`
//! I14 and I16): a session of its custom RAM role, assumed by DataWorks, or, with the DataWorks
//! default role, its owner.

use super::super::ram::no_permission;
use super::super::{Denial, Trace};
use super::ram_identity::role_by_name;
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{DevEnvironment, EnvironmentRole, Model, RamRole};
use crate::ram::Caller;

/// The service that assumes an individual development environment's role (seed 004).
pub const DATAWORKS_SERVICE: &str = "dataworks.aliyuncs.com";

/// DataWorks assuming an environment's custom role, acting for the role's account `role_uid`
/// (seed 004): the caller the runtime and the loader present to the role's trust policy.
pub(crate) fn dataworks_caller(role_uid: &str) -> Caller {
    Caller::Service {
        service: DATAWORKS_SERVICE.to_string(),
        account_uid: role_uid.to_string(),
    }
}

/// What an environment's credential is a session of.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Session<'m> {
    /// Its custom role: the token is then checked as any STS token of the role.
    Role(&'m RamRole),
    /// The DataWorks default role: the environment's owner, with the owner's permissions.
    Owner(&'m DevEnvironment),
}

/// The session of the credential of environment `env_name`; `named` is the token's own `role`,
/// which must be the environment's.
pub(crate) fn session<'m>(
    model: &'m Model,
    env_name: &str,
    named: Option<&str>,
    trace: &mut Trace,
) -> Result<Session<'m>, Denial> {
    let Some(env) = model.dev_environments.get(&env_name.to_ascii_lowercase()) else {
        return Err(Denial::new(
            "EntityNotExist.Environment",
            format!("no DataWorks development environment `{env_name}` is declared"),
        ));
    };
    let role_p = match &env.role {
        Some(EnvironmentRole::Custom(p)) => p,
        Some(EnvironmentRole::Default) => {
            if let Some(named) = named {
                role_by_name(model, named)?;
                return Err(no_permission(&format!(
                    "development environment `{}` is associated with the DataWorks default \
                     role, not `{named}`",
                    env.name
                )));
            }
            trace.note(|| {
                (
                    format!(
                        "development environment {} uses the DataWorks default role: its \
                         credential acts as its owner {}, with the owner's permissions \
                         (docs/semantics.md I16)",
                        env.name, env.owner
                    ),
                    Some(&env.source),
                )
            });
            return Ok(Session::Owner(env));
        }
        None => {
            return Err(Denial::new(
                "EntityNotExist.Role",
                format!(
                    "development environment `{}` has no associated RAM role{}: it has no STS \
                     credential (docs/semantics.md I14)",
                    env.name,
                    if env.public { " (it is public)" } else { "" }
                ),
            )
            .because(Reason::new(
                ReasonKind::Sts,
                Effect::Deny,
                Some(&env.source),
                format!("environment {} is declared here", env.name),
            )))
        }
    };
    let role = model.ram_roles.get(&role_p.key).ok_or_else(|| {
        Denial::new(
            "EntityNotExist.Role",
            format!(
                "the role `{role_p}` of environment `{}` does not exist",
                env.name
            ),
        )
    })?;
    if let Some(named) = named {
        let r = role_by_name(model, named)?;
        if r.principal.key != role.principal.key {
            return Err(no_permission(&format!(
                "development environment `{}` is associated with `{}`, not `{named}`",
                env.name, role.principal
            )));
        }
    }
    trace.note(|| {
        (
            format!(
                "development environment {} of {} is associated with {}",
                env.name, env.owner, role.principal
            ),
            Some(&env.source),
        )
    });
    Ok(Session::Role(role))
}
