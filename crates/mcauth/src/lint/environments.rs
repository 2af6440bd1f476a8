//! DataWorks individual development environments (seed 004): a public environment with a RAM
//! role. `docs/semantics.md` LT19.

use super::{Code, Finding};
use crate::model::{EnvironmentRole, Model};

/// `public-environment-role`: seed 004, "If the individual development environment is set to
/// public in the workspace, do not associate a RAM role. This prevents unintended permission
/// leaks". The loader accepts it, as DataWorks does (`docs/semantics.md` I14): everyone who may
/// use the public environment gets its credential, the role's session (or, with the default
/// role, its owner's permissions).
pub(super) fn lint(model: &Model, out: &mut Vec<Finding>) {
    for env in model.dev_environments.values().filter(|e| e.public) {
        let role = match &env.role {
            None => continue,
            Some(EnvironmentRole::Custom(r)) => format!("the RAM role {r}"),
            Some(EnvironmentRole::Default) => format!(
                "the DataWorks default role, which acts as its owner {}",
                env.owner
            ),
        };
        out.push(Finding::new(
            Code::PublicEnvironmentRole,
            Some(&env.source),
            format!(
                "development environment `{}` is public and associated with {role}: everyone \
                 who uses it gets that credential",
                env.name
            ),
        ));
    }
}
