//! Package statements (`spec/principals-labels-packages.md` §4.1): the creator's side
//! (`create`, `delete|drop`, `add|remove ... package`, `allow|disallow project`) and the
//! installer's side (`install|uninstall package`), with the documented limits.

use super::Loader;
use crate::action::{Action, ObjectType};
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{AllowedProject, Installation, Map, Package, PackageObject, Project};
use crate::pipeline::permission::management::Target;
use crate::script::{PackageRef, Spanned};
use std::sync::Arc;

/// Longest package name (old package docs).
const MAX_NAME: usize = 128;
/// Most objects in one package.
const MAX_OBJECTS: usize = 1_000;
/// Most packages of one project installed in another.
const MAX_FROM_ONE_PROJECT: usize = 100;
/// Most installations of one package.
const MAX_INSTALLS: usize = 100_000;
/// Most packages created or installed in one project.
const MAX_PER_PROJECT: usize = 100_000;

/// The privileges an object gets when `with privileges` is absent: "Read, Describe, and
/// Select", those of them that apply to its type.
fn default_privileges(ty: ObjectType) -> Vec<Action> {
    [Action::Read, Action::Describe, Action::Select]
        .into_iter()
        .filter(|a| ty.grantable_actions().contains(a))
        .collect()
}

/// The management resource of a package: `authorization/packages/<project>.<package>`.
fn package_resource(project: &str, package: &str) -> String {
    format!(
        "authorization/packages/{}",
        Installation::key(project, package)
    )
}

/// The management resource of an object of an installed package:
/// `authorization/packageresources/<project>.<package>/<type>/<name>` (lower case).
pub(super) fn object_resource(pkg: &PackageRef, ty: ObjectType, name: &str) -> String {
    format!(
        "authorization/packageresources/{}/{ty}/{}",
        installed_key(pkg),
        name.to_ascii_lowercase()
    )
}

/// Check a package name: letters, digits and `_`, not starting with a digit, 1–128 long.
fn check_name(name: &Spanned<String>) -> Result<(), LoadError> {
    let n = &name.value;
    let why = if n.is_empty() || n.len() > MAX_NAME {
        Some(format!(
            "is {} characters long: expected 1 to {MAX_NAME}",
            n.chars().count()
        ))
    } else if n.starts_with(|c: char| c.is_ascii_digit()) {
        Some("starts with a digit".to_string())
    } else {
        n.chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
            .map(|c| format!("contains `{c}`: expected letters, digits and `_`"))
    };
    match why {
        Some(why) => Err(LoadError::rejected(
            &name.source,
            format!("package name `{n}` {why}"),
        )),
        None => Ok(()),
    }
}

/// The installation key of a package reference.
pub(super) fn installed_key(pkg: &PackageRef) -> String {
    Installation::key(&pkg.project.value, &pkg.package.value)
}

/// "package ... is not installed here".
pub(super) fn not_installed(pkg: &PackageRef) -> LoadError {
    LoadError::rejected(
        &pkg.project.source,
        format!(
            "package `{}.{}` is not installed in this project: expected `install package {}.{};` first",
            pkg.project.value, pkg.package.value, pkg.project.value, pkg.package.value
        ),
    )
}

/// The installation a package reference names in `project`, to change.
pub(super) fn installation_mut<'p>(
    project: &'p mut crate::model::Project,
    pkg: &PackageRef,
) -> Result<&'p mut Installation, LoadError> {
    project
        .installed
        .get_mut(&installed_key(pkg))
        .ok_or_else(|| not_installed(pkg))
}

impl Loader {
    /// `create package <pkg>`: `CreatePackage` (owner, `super_administrator`; C6).
    pub(super) fn create_package(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        check_name(name)?;
        let issuer =
            self.authorize_management(&key, src, Action::CreatePackage, "create packages")?;
        let project = self.project(&key, src)?;
        let lower = name.value.to_ascii_lowercase();
        if let Some(old) = project.packages.get(&lower) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "package `{}` already exists in project `{}` (created at {})",
                    name.value, project.name, old.source
                ),
            ));
        }
        if project.packages.len() + project.installed.len() >= MAX_PER_PROJECT {
            return Err(LoadError::rejected(
                src,
                format!(
                    "project `{}` already has {MAX_PER_PROJECT} packages created or installed",
                    project.name
                ),
            ));
        }
        let created_at = self.model.clock;
        self.project_mut(&key, src)?.packages.insert(
            lower,
            Package {
                name: name.value.clone(),
                creator: Arc::unwrap_or_clone(issuer),
                created_at,
                source: src.clone(),
                objects: Map::default(),
                allowed: Map::default(),
            },
        );
        Ok(())
    }

    /// The key of an existing package of project `key`, after authorizing `action` on it.
    fn own_package(
        &self,
        key: &str,
        src: &Source,
        name: &Spanned<String>,
        action: Action,
        what: &str,
    ) -> Result<String, LoadError> {
        let project = self.project(key, src)?;
        let lower = name.value.to_ascii_lowercase();
        let t = Target::at(project, &[package_resource(key, &lower)]);
        self.authorize_management_on(key, src, action, &t, what)?;
        let project = self.project(key, src)?;
        if project.packages.contains_key(&lower) {
            Ok(lower)
        } else {
            Err(LoadError::rejected(
                &name.source,
                format!(
                    "package `{}` does not exist in project `{}`",
                    name.value, project.name
                ),
            ))
        }
    }

    /// Package `pkg` (a key) of project `key`, to change.
    fn package_mut(
        &mut self,
        key: &str,
        pkg: &str,
        at: &Source,
    ) -> Result<&mut Package, LoadError> {
        self.project_mut(key, at)?
            .packages
            .get_mut(pkg)
            .ok_or_else(|| LoadError::rejected(at, format!("package `{pkg}` does not exist")))
    }

    /// `delete package <pkg>` / `drop package <pkg>`: installations elsewhere stop giving
    /// access.
    pub(super) fn drop_package(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let lower = self.own_package(&key, src, name, Action::DropPackage, "drop packages")?;
        self.project_mut(&key, src)?.packages.shift_remove(&lower);
        // Installations elsewhere go with it, with the grants made on them: a package created
        // again under the name starts afresh.
        let ikey = Installation::key(&key, &lower);
        for p in self.model.projects.values_mut() {
            if p.installed.shift_remove(&ikey).is_some() {
                p.acl
                    .retain(|g| !(g.object_type == ObjectType::Package && *g.object == *ikey));
            }
        }
        Ok(())
    }

    /// Forget what projects that installed a package of `source` (lower case; only `package`
    /// when given) granted on one of its objects: refobject ACLs and label grants.
    pub(super) fn forget_shared(
        &mut self,
        source: &str,
        package: Option<&str>,
        ty: ObjectType,
        name: &str,
    ) {
        for p in self.model.projects.values_mut() {
            for i in p.installed.values_mut() {
                let ours = i.project.eq_ignore_ascii_case(source)
                    && package.is_none_or(|k| i.package.eq_ignore_ascii_case(k));
                if ours {
                    i.acl
                        .retain(|g| !(g.object_type == ty && *g.object == *name));
                    if ty == ObjectType::Table {
                        i.labels.shift_remove(name);
                    }
                }
            }
        }
    }

    /// `add <type> <name> to package <pkg> [with privileges ...]`.
    pub(super) fn add_to_package(
        &mut self,
        src: &Source,
        ty: &Spanned<ObjectType>,
        name: &Spanned<String>,
        package: &Spanned<String>,
        privileges: &[Spanned<Action>],
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let pkg = self.own_package(
            &key,
            src,
            package,
            Action::AddPackageResource,
            "add objects to packages",
        )?;
        let t = ty.value;
        for p in privileges {
            if !t.grantable_actions().contains(&p.value) {
                let list: Vec<&str> = t.grantable_actions().iter().map(|a| a.as_str()).collect();
                return Err(LoadError::rejected(
                    &p.source,
                    format!(
                        "privilege `{}` does not apply to a {t}: expected one of {}",
                        p.value,
                        list.join(", ")
                    ),
                ));
            }
        }
        let privileges: Vec<Action> = if privileges.is_empty() {
            default_privileges(t)
        } else {
            let mut list: Vec<Action> = Vec::new();
            for p in privileges {
                if !list.contains(&p.value) {
                    list.push(p.value);
                }
            }
            list
        };
        let names = self.package_names(&key, src, t, name)?;
        let package_entry = self.package_mut(&key, &pkg, &package.source)?;
        for n in &names {
            if let Some(old) = package_entry.object(t, n) {
                return Err(LoadError::rejected(
                    &name.source,
                    format!(
                        "{t} `{n}` is already in package `{}` (added at {}): its privileges are bound to it; remove it from the package, then add it again",
                        package_entry.name, old.source
                    ),
                ));
            }
        }
        if package_entry.objects.len() + names.len() > MAX_OBJECTS {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "package `{}` would hold {} objects: at most {MAX_OBJECTS}",
                    package_entry.name,
                    package_entry.objects.len() + names.len()
                ),
            ));
        }
        for n in names {
            package_entry.objects.insert(
                PackageObject::key(t, &n),
                PackageObject {
                    object_type: t,
                    name: n,
                    privileges: privileges.clone(),
                    source: src.clone(),
                },
            );
        }
        Ok(())
    }

    /// The objects a package statement names: one existing object, or for `*` every object of
    /// the type that exists now.
    fn package_names(
        &self,
        key: &str,
        src: &Source,
        ty: ObjectType,
        name: &Spanned<String>,
    ) -> Result<Vec<String>, LoadError> {
        let project = self.project(key, src)?;
        let lower = name.value.to_ascii_lowercase();
        if ty != ObjectType::Resource && lower.contains('.') {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}`: name the object without its project; a package holds objects of its own project",
                    name.value
                ),
            ));
        }
        if lower == "*" {
            let names: Vec<String> = match ty {
                ObjectType::Table => project.tables.values().map(|t| t.name.clone()).collect(),
                ObjectType::Function => {
                    project.functions.values().map(|f| f.name.clone()).collect()
                }
                ObjectType::Resource => {
                    project.resources.values().map(|r| r.name.clone()).collect()
                }
                _ => Vec::new(),
            };
            if names.is_empty() {
                return Err(LoadError::rejected(
                    &name.source,
                    format!(
                        "`*` names every {ty} of project `{}`, and it has none",
                        project.name
                    ),
                ));
            }
            return Ok(names);
        }
        if lower.contains('*') || !project.object_exists(ty, &lower) {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "{ty} `{}` does not exist in project `{}`",
                    name.value, project.name
                ),
            ));
        }
        let written = match ty {
            ObjectType::Table => project.tables.get(lower.as_str()).map(|t| t.name.clone()),
            ObjectType::Function => project.functions.get(&lower).map(|f| f.name.clone()),
            ObjectType::Resource => project.resources.get(&lower).map(|r| r.name.clone()),
            _ => None,
        };
        Ok(vec![written.unwrap_or_else(|| name.value.clone())])
    }

    /// `remove <type> <name> from package <pkg>`.
    pub(super) fn remove_from_package(
        &mut self,
        src: &Source,
        ty: &Spanned<ObjectType>,
        name: &Spanned<String>,
        package: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let pkg = self.own_package(
            &key,
            src,
            package,
            Action::RemovePackageResource,
            "remove objects from packages",
        )?;
        let t = ty.value;
        let entry = self.package_mut(&key, &pkg, &package.source)?;
        let mut removed = Vec::new();
        entry.objects.retain(|_, o| {
            let gone = o.object_type == t
                && (name.value == "*" || o.name.eq_ignore_ascii_case(&name.value));
            if gone {
                removed.push(o.name.to_ascii_lowercase());
            }
            !gone
        });
        if removed.is_empty() {
            return Err(LoadError::rejected(
                &name.source,
                format!("package `{}` holds no {t} `{}`", entry.name, name.value),
            ));
        }
        // What installing projects granted on a removed object does not survive it.
        for object in removed {
            self.forget_shared(&key, Some(&pkg), t, &object);
        }
        Ok(())
    }

    /// `allow project <p> to install package <pkg> [using label <n>]`.
    pub(super) fn allow_install(
        &mut self,
        src: &Source,
        project: &Spanned<String>,
        package: &Spanned<String>,
        label: Option<&Spanned<u8>>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let pkg = self.own_package(
            &key,
            src,
            package,
            Action::AllowInstallPackage,
            "allow projects to install packages",
        )?;
        let other = project.value.to_ascii_lowercase();
        let written = self.other_project(&key, project)?;
        let level = label.map_or(0, |l| l.value);
        self.package_mut(&key, &pkg, &package.source)?
            .allowed
            .insert(
                other,
                AllowedProject {
                    project: written,
                    label: level,
                    source: src.clone(),
                },
            );
        Ok(())
    }

    /// `disallow project <p> to install package <pkg>`: the project's installation stops
    /// giving access.
    pub(super) fn disallow_install(
        &mut self,
        src: &Source,
        project: &Spanned<String>,
        package: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let pkg = self.own_package(
            &key,
            src,
            package,
            Action::DisallowInstallPackage,
            "disallow projects to install packages",
        )?;
        let other = project.value.to_ascii_lowercase();
        let entry = self.package_mut(&key, &pkg, &package.source)?;
        if entry.allowed.shift_remove(&other).is_none() {
            return Err(LoadError::rejected(
                &project.source,
                format!(
                    "project `{}` is not allowed to install package `{}`",
                    project.value, entry.name
                ),
            ));
        }
        Ok(())
    }

    /// An object of a package installed in project `key`: the installation exists, and the
    /// package still holds `name` (lower-cased) of type `ty`. Returns the package's source
    /// project and its entry for the object.
    pub(super) fn package_object(
        &self,
        key: &str,
        src: &Source,
        pkg: &PackageRef,
        ty: ObjectType,
        name: &Spanned<String>,
    ) -> Result<(&Project, &PackageObject), LoadError> {
        if !self
            .project(key, src)?
            .installed
            .contains_key(&installed_key(pkg))
        {
            return Err(not_installed(pkg));
        }
        let source = self.project(&pkg.project.value.to_ascii_lowercase(), &pkg.project.source)?;
        let held = source
            .packages
            .get(&pkg.package.value.to_ascii_lowercase())
            .and_then(|p| p.object(ty, &name.value.to_ascii_lowercase()));
        match held {
            Some(held) => Ok((source, held)),
            None => Err(LoadError::rejected(
                &name.source,
                format!(
                    "package `{}.{}` holds no {ty} `{}`",
                    pkg.project.value, pkg.package.value, name.value
                ),
            )),
        }
    }

    /// Another existing project's name as written (not the current one).
    pub(super) fn other_project(
        &self,
        key: &str,
        name: &Spanned<String>,
    ) -> Result<String, LoadError> {
        let lower = name.value.to_ascii_lowercase();
        if lower == key {
            return Err(LoadError::rejected(
                &name.source,
                format!("`{}` is the current project", name.value),
            ));
        }
        match self.model.projects.get(&lower) {
            Some(p) => Ok(p.name.clone()),
            None => Err(LoadError::rejected(
                &name.source,
                format!(
                    "project `{}` does not exist: expected `create project {} owner ...;` first",
                    name.value, name.value
                ),
            )),
        }
    }

    /// `install package <project>.<pkg>`: `InstallPackage` in the current project, which the
    /// source project must have allowed.
    pub(super) fn install_package(
        &mut self,
        src: &Source,
        pkg: &PackageRef,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let source_key = pkg.project.value.to_ascii_lowercase();
        let package_key = pkg.package.value.to_ascii_lowercase();
        let t = Target::at(
            self.project(&key, src)?,
            &[package_resource(&source_key, &package_key)],
        );
        self.authorize_management_on(&key, src, Action::InstallPackage, &t, "install packages")?;
        let source_name = self.other_project(&key, &pkg.project)?;
        let source = self.project(&source_key, src)?;
        let Some(package) = source.packages.get(&package_key) else {
            return Err(LoadError::rejected(
                &pkg.package.source,
                format!(
                    "package `{}` does not exist in project `{}`",
                    pkg.package.value, source.name
                ),
            ));
        };
        let here = self.project(&key, src)?;
        if !package.allowed.contains_key(&key) {
            return Err(LoadError::rejected(
                &pkg.package.source,
                format!(
                    "project `{}` is not allowed to install package `{}.{}`: expected `allow project {} to install package {};` in project `{}`",
                    here.name, source.name, package.name, here.name, package.name, source.name
                ),
            ));
        }
        let ikey = installed_key(pkg);
        if let Some(old) = here.installed.get(&ikey) {
            return Err(LoadError::rejected(
                src,
                format!(
                    "package `{}` is already installed (at {})",
                    old.name(),
                    old.source
                ),
            ));
        }
        let from_source = here
            .installed
            .values()
            .filter(|i| i.project.eq_ignore_ascii_case(&source_key))
            .count();
        if from_source >= MAX_FROM_ONE_PROJECT {
            return Err(LoadError::rejected(
                src,
                format!(
                    "project `{}` already has {MAX_FROM_ONE_PROJECT} packages of project `{}` installed",
                    here.name, source.name
                ),
            ));
        }
        if here.packages.len() + here.installed.len() >= MAX_PER_PROJECT {
            return Err(LoadError::rejected(
                src,
                format!(
                    "project `{}` already has {MAX_PER_PROJECT} packages created or installed",
                    here.name
                ),
            ));
        }
        let installs = self
            .model
            .projects
            .values()
            .filter(|p| p.installed.contains_key(&ikey))
            .count();
        if installs >= MAX_INSTALLS {
            return Err(LoadError::rejected(
                src,
                format!("package `{ikey}` is already installed in {MAX_INSTALLS} projects"),
            ));
        }
        let package_name = package.name.clone();
        self.project_mut(&key, src)?.installed.insert(
            ikey,
            Installation {
                project: source_name,
                package: package_name,
                source: src.clone(),
                acl: Default::default(),
                labels: Map::default(),
            },
        );
        Ok(())
    }

    /// `uninstall package <project>.<pkg>`: drops the installation with its grants.
    pub(super) fn uninstall_package(
        &mut self,
        src: &Source,
        pkg: &PackageRef,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let t = Target::at(
            self.project(&key, src)?,
            &[package_resource(&pkg.project.value, &pkg.package.value)],
        );
        self.authorize_management_on(
            &key,
            src,
            Action::UninstallPackage,
            &t,
            "uninstall packages",
        )?;
        let project = self.project_mut(&key, src)?;
        let ikey = installed_key(pkg);
        if project.installed.shift_remove(&ikey).is_none() {
            return Err(not_installed(pkg));
        }
        project
            .acl
            .retain(|g| !(g.object_type == ObjectType::Package && *g.object == *ikey));
        Ok(())
    }
}
