//! Applying statements to a [`Model`]: the mutation rules of `spec/acl-policy.md` §11.3 and
//! the issuer's authorization (design §2: after `login`, each statement is authorized as that
//! principal would be in MaxCompute; before it, the current project's owner issues them).
//!
//! A script that fails yields no model: [`Model::from_scripts`] returns the first error.

mod acl;
mod authorize;
mod declarations;
pub use declarations::{logon_name, role_name};
mod environments;
mod identities;
mod labels;
mod objects;
mod packages;
mod policy;
mod refobject;
mod settings;
mod tenant;
mod trusted;
mod users;

use crate::error::LoadError;
use crate::location::Source;
use crate::model::{intern, Model, Project};
use crate::principal::Principal;
use crate::script::{self, Statement, StatementKind};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One input of a configuration: a script file or an exported snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A script file.
    Script(PathBuf),
    /// A snapshot (`mcauth export` output). Several snapshots combine when what they share is
    /// equal.
    Snapshot(PathBuf),
}

/// Applies statements, in order, to a model under construction. Crate-private: a loader that
/// met an error holds part of a script (statements apply as they are parsed), and the public
/// entry points ([`Model::from_scripts`], [`Model::from_script_str`], [`Model::load`]) drop
/// it, so a script that fails yields no model.
#[derive(Debug)]
pub(crate) struct Loader {
    model: Model,
    current: Option<String>,
    issuer: Option<Arc<Principal>>,
    /// The owner of the project last asked for, shared by the statements it issues (most of
    /// a script's), so that naming the issuer copies no strings.
    owner: RefCell<Option<Arc<Principal>>>,
}

impl Default for Loader {
    fn default() -> Self {
        Loader::new()
    }
}

impl Loader {
    /// An empty configuration.
    pub(crate) fn new() -> Loader {
        Loader {
            model: Model::new(),
            current: None,
            issuer: None,
            owner: RefCell::new(None),
        }
    }

    /// Continue from an existing model (a snapshot): scripts apply on top of it, in the
    /// project and as the issuer where its scripts left off.
    pub(crate) fn from_model(model: Model) -> Loader {
        Loader {
            current: model.session.project.clone(),
            issuer: model.session.login.clone().map(Arc::new),
            owner: RefCell::new(None),
            model,
        }
    }

    /// Parse and apply one script's text, statement by statement. The errors are those of
    /// parsing the whole text first (a syntax error anywhere wins), then applying it; after an
    /// error the loader holds part of the script and is dropped.
    pub(crate) fn apply_text(&mut self, file: &str, text: &str) -> Result<(), LoadError> {
        intern::scope(|| script::parse_each(file, text, |stmt| self.apply(&stmt)))
    }

    /// Read, parse and apply one script file.
    pub(crate) fn apply_file(&mut self, path: &Path) -> Result<(), LoadError> {
        let text = read_text(path)?;
        self.apply_text(&path.display().to_string(), &text)
    }

    /// Apply one statement.
    pub(crate) fn apply(&mut self, stmt: &Statement) -> Result<(), LoadError> {
        let src = &stmt.source;
        match &stmt.kind {
            StatementKind::At(t) => {
                self.model.clock = Some(t.value);
                Ok(())
            }
            StatementKind::CreateAccount { name, uid } => {
                self.create_account(src, name, uid.as_ref())
            }
            StatementKind::CreateRamUser { name, display } => {
                self.create_ram_user(src, name, display.as_deref())
            }
            StatementKind::CreateProject { name, owner } => self.create_project(src, name, owner),
            StatementKind::AlterProjectStatus { project, status } => {
                self.alter_status(src, project, *status)
            }
            StatementKind::Use(p) => self.use_project(p),
            StatementKind::Login(p) => self.login(p),
            StatementKind::CreateTable {
                if_not_exists,
                name,
                columns,
                partition_columns,
            } => self.create_table(src, *if_not_exists, name, columns, partition_columns),
            StatementKind::CreateView {
                if_not_exists,
                name,
                columns,
                query,
                base_tables,
                select_columns,
            } => self.create_view(
                src,
                *if_not_exists,
                name,
                columns,
                query,
                base_tables,
                select_columns.as_deref(),
            ),
            StatementKind::AddResource { kind, name } => self.add_resource(src, *kind, name),
            StatementKind::CreateFunction {
                name,
                class,
                resources,
            } => self.create_function(src, name, class, resources),
            StatementKind::Drop {
                target,
                if_exists,
                name,
            } => self.drop_object(src, *target, *if_exists, name),
            StatementKind::AccountProvider { add, provider } => {
                self.account_provider(src, *add, *provider)
            }
            StatementKind::AddUser(p) => self.add_user(src, p),
            StatementKind::RemoveUser(p) => self.remove_user(src, p),
            StatementKind::CreateRole { name, admin } => self.create_role(src, name, *admin),
            StatementKind::DropRole(r) => self.drop_role(src, r),
            StatementKind::PurgeRole(r) => self.purge_role(src, r),
            StatementKind::GrantRoles { roles, principal } => {
                self.grant_roles(src, roles, principal, true)
            }
            StatementKind::RevokeRoles { roles, principal } => {
                self.grant_roles(src, roles, principal, false)
            }
            StatementKind::GrantAcl(a) => self.grant_acl(src, a),
            StatementKind::RevokeAcl(a) => self.revoke_acl(src, a),
            StatementKind::SetFlag { flag, value } => self.set_flag(src, *flag, *value),
            StatementKind::SetProject(settings) => self.set_project(src, settings),
            StatementKind::ClearExpiredGrants => self.clear_expired(src),
            StatementKind::PutPolicy { file, role } => self.put_policy(src, file, role.as_ref()),
            StatementKind::SetProtectionException(file) => self.set_protection_exception(src, file),
            StatementKind::SetTableLabel { level, target } => {
                self.set_table_label(src, level, target)
            }
            StatementKind::SetPrincipalLabel { level, grantee } => {
                self.set_principal_label(src, level, grantee)
            }
            StatementKind::GrantLabel {
                level,
                target,
                grantee,
                expires_days,
                package,
            } => self.grant_label(
                src,
                level,
                target,
                grantee,
                expires_days.as_ref(),
                package.as_ref(),
            ),
            StatementKind::RevokeLabel {
                target,
                grantee,
                package,
            } => self.revoke_label(src, target, grantee, package.as_ref()),
            StatementKind::CreatePackage(name) => self.create_package(src, name),
            StatementKind::DropPackage(name) => self.drop_package(src, name),
            StatementKind::AddToPackage {
                object_type,
                name,
                package,
                privileges,
            } => self.add_to_package(src, object_type, name, package, privileges),
            StatementKind::RemoveFromPackage {
                object_type,
                name,
                package,
            } => self.remove_from_package(src, object_type, name, package),
            StatementKind::AllowInstall {
                project,
                package,
                label,
            } => self.allow_install(src, project, package, label.as_ref()),
            StatementKind::DisallowInstall { project, package } => {
                self.disallow_install(src, project, package)
            }
            StatementKind::InstallPackage(p) => self.install_package(src, p),
            StatementKind::UninstallPackage(p) => self.uninstall_package(src, p),
            StatementKind::AddTrustedProject(p) => self.add_trusted(src, p),
            StatementKind::RemoveTrustedProject(p) => self.remove_trusted(src, p),
            StatementKind::CreateAccessKey { id, owner } => self.create_access_key(src, id, owner),
            StatementKind::SetAccessKey { id, change } => self.set_access_key(src, id, *change),
            StatementKind::CreateRamRole {
                name,
                trust,
                max_session,
            } => self.create_ram_role(src, name, trust, max_session.as_ref()),
            StatementKind::CreateServiceLinkedRole { name, account } => {
                self.create_service_linked_role(src, name, account)
            }
            StatementKind::AttachPolicy { policy, target } => {
                self.attach_policy(src, policy, target, true)
            }
            StatementKind::DetachPolicy { policy, target } => {
                self.attach_policy(src, policy, target, false)
            }
            StatementKind::CreateDevEnvironment {
                name,
                owner,
                public,
                role,
            } => self.create_dev_environment(src, name, owner, public.as_ref(), role.as_ref()),
            StatementKind::AddTenantUser(p) => self.add_tenant_user(src, p, true),
            StatementKind::RemoveTenantUser(p) => self.add_tenant_user(src, p, false),
            StatementKind::CreateTenantRole(r) => self.create_tenant_role(src, r, true),
            StatementKind::DropTenantRole(r) => self.create_tenant_role(src, r, false),
            StatementKind::GrantTenantRole { role, user } => {
                self.grant_tenant_role(src, role, user, true)
            }
            StatementKind::RevokeTenantRole { role, user } => {
                self.grant_tenant_role(src, role, user, false)
            }
            StatementKind::PutTenantPolicy { file, role } => {
                self.put_tenant_policy(src, file, role)
            }
        }
    }

    /// The model built so far, with where the statements left off.
    pub(crate) fn finish(mut self) -> Model {
        self.model.session = crate::model::Session {
            project: self.current,
            login: self.issuer.map(Arc::unwrap_or_clone),
        };
        self.model
    }

    /// The current project's key, or an error saying `use` is missing.
    fn current_key(&self, src: &Source) -> Result<String, LoadError> {
        self.current.clone().ok_or_else(|| {
            LoadError::rejected(
                src,
                "no current project: expected `use <project>;` before this statement",
            )
        })
    }

    fn project(&self, key: &str, src: &Source) -> Result<&Project, LoadError> {
        self.model
            .projects
            .get(key)
            .ok_or_else(|| LoadError::rejected(src, format!("project `{key}` does not exist")))
    }

    fn project_mut(&mut self, key: &str, src: &Source) -> Result<&mut Project, LoadError> {
        self.model
            .projects
            .get_mut(key)
            .ok_or_else(|| LoadError::rejected(src, format!("project `{key}` does not exist")))
    }

    /// Who issues statements now: the `login` principal, or the current project's owner.
    fn issuer(&self, key: &str, src: &Source) -> Result<Arc<Principal>, LoadError> {
        if let Some(p) = &self.issuer {
            return Ok(p.clone());
        }
        let owner = &self.project(key, src)?.owner;
        let mut last = self.owner.borrow_mut();
        match &*last {
            Some(shared) if **shared == *owner => Ok(shared.clone()),
            _ => {
                let shared = intern::share(owner);
                *last = Some(shared.clone());
                Ok(shared)
            }
        }
    }
}

/// Read an input file (a script or a snapshot) as text.
pub(crate) fn read_text(path: &Path) -> Result<String, LoadError> {
    std::fs::read_to_string(path).map_err(|e| LoadError::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

impl Model {
    /// Load scripts, applied in order as one script.
    ///
    /// ```no_run
    /// let model = mcauth::Model::from_scripts(&["sales.mcauth"]).unwrap();
    /// ```
    pub fn from_scripts<P: AsRef<Path>>(paths: &[P]) -> Result<Model, LoadError> {
        let inputs: Vec<Input> = paths
            .iter()
            .map(|p| Input::Script(p.as_ref().to_path_buf()))
            .collect();
        Model::load(&inputs)
    }

    /// Load one script from text; `file` names it in error messages and sources.
    pub fn from_script_str(file: &str, text: &str) -> Result<Model, LoadError> {
        let mut loader = Loader::new();
        loader.apply_text(file, text)?;
        Ok(loader.finish())
    }

    /// Load snapshots and scripts, in order. A snapshot combines with what came before it
    /// (what both define must be equal); scripts continue where the inputs left off.
    pub fn load(inputs: &[Input]) -> Result<Model, LoadError> {
        let mut loader = Loader::new();
        for input in inputs {
            match input {
                Input::Script(p) => loader.apply_file(p)?,
                Input::Snapshot(p) => {
                    let mut model = loader.finish();
                    model.merge(Model::from_snapshot(p)?, &p.display().to_string())?;
                    loader = Loader::from_model(model);
                }
            }
        }
        Ok(loader.finish())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::Model;

    /// Statements are applied while the text is read, yet the errors are those of parsing the
    /// whole text first: a syntax error anywhere wins over an earlier rejected statement, and
    /// with no syntax error the first rejected statement is named.
    #[test]
    fn a_syntax_error_anywhere_wins_over_an_earlier_rejected_statement() {
        let rejected = "use nowhere;\ncreate table t (a bigint);\n";
        let e = Model::from_script_str("s.mcauth", rejected).unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.mcauth:1:5: project `nowhere` does not exist: \
             expected `create project nowhere owner ...;` first"
        );
        let e =
            Model::from_script_str("s.mcauth", &format!("{rejected}frobnicate;\n")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.mcauth:3:1: unknown statement `frobnicate`"
        );
        let e = Model::from_script_str("s.mcauth", &format!("{rejected}use p")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.mcauth:3:6: expected `;` at end of statement"
        );
    }
}
