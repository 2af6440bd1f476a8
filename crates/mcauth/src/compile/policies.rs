//! The projects where the permission stage looks for policy statements.

use crate::model::{Model, Project};
use indexmap::IndexSet;

/// The projects of a model where the permission stage can meet a policy statement (a project
/// policy, a role policy or a GRANT-form entry), by key. The compile stage works them out once, so
/// that a request in any other project looks for no statement at all.
#[derive(Debug, Clone, Default)]
pub(crate) struct PolicyProjects {
    keys: IndexSet<String>,
}

impl PolicyProjects {
    /// The projects of `model` with a policy statement ([`Project::has_policies`]).
    pub(crate) fn of(model: &Model) -> PolicyProjects {
        PolicyProjects {
            keys: model
                .projects
                .iter()
                .filter(|(_, p)| p.has_policies())
                .map(|(k, _)| k.clone())
                .collect(),
        }
    }

    /// Whether `project` is one of them.
    pub(crate) fn holds(&self, project: &Project) -> bool {
        !self.keys.is_empty() && self.keys.contains(project.key().as_ref())
    }
}
