//! `add|remove trustedproject <p>` (`spec/principals-labels-packages.md` §5): run in the
//! protected project; data may then flow from it to `<p>`.

use super::Loader;
use crate::action::Action;
use crate::error::LoadError;
use crate::location::Source;
use crate::model::TrustedProject;
use crate::script::Spanned;

impl Loader {
    /// `add trustedproject <p>` (`AddTrustedProject`: owner, `super_administrator`).
    pub(super) fn add_trusted(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        self.authorize_management(&key, src, Action::AddTrustedProject, "add trusted projects")?;
        let written = self.other_project(&key, name)?;
        let lower = written.to_ascii_lowercase();
        let project = self.project_mut(&key, src)?;
        if let Some(old) = project.trusted_projects.get(&lower) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "project `{}` already trusts `{}` (added at {})",
                    project.name, name.value, old.source
                ),
            ));
        }
        project.trusted_projects.insert(
            lower,
            TrustedProject {
                name: written,
                source: src.clone(),
            },
        );
        Ok(())
    }

    /// `remove trustedproject <p>` (`RemoveTrustedProject`: owner, `super_administrator`).
    pub(super) fn remove_trusted(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        self.authorize_management(
            &key,
            src,
            Action::RemoveTrustedProject,
            "remove trusted projects",
        )?;
        let project = self.project_mut(&key, src)?;
        if project
            .trusted_projects
            .shift_remove(&name.value.to_ascii_lowercase())
            .is_none()
        {
            return Err(LoadError::rejected(
                &name.source,
                format!("project `{}` does not trust `{}`", project.name, name.value),
            ));
        }
        Ok(())
    }
}
