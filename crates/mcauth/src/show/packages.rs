//! `show packages`, `describe package` and `list trustedprojects`
//! (`spec/principals-labels-packages.md` §4.1, §4.3, §5).

use super::table::BoxTable;
use super::ShowError;
use crate::model::{Installation, Model, Package, Project};
use jiff::Timestamp;

/// A package's creation time, `-` when the scripts set no clock.
fn time(t: Option<Timestamp>) -> String {
    t.map_or_else(|| "-".to_string(), |t| t.to_string())
}

/// `show packages`: the packages `p` created, then those installed in it.
pub(super) fn show_packages(p: &Project) -> String {
    let mut created = BoxTable::new(&["PackageName", "CreateTime"]);
    for pkg in p.packages.values() {
        created.row(vec![pkg.name.clone(), time(pkg.created_at)]);
    }
    let mut installed = BoxTable::new(&["PackageName", "SourceProject"]);
    for i in p.installed.values() {
        installed.row(vec![i.package.clone(), i.project.clone()]);
    }
    format!(
        "Created Packages\n{}\nInstalled Packages\n{}",
        created.render(),
        installed.render()
    )
}

/// The package `<project>.<package>` as seen from `p`: one `p` created, or one installed in
/// `p` whose source project still has it.
fn find<'m>(
    model: &'m Model,
    p: &'m Project,
    project: Option<&str>,
    package: &str,
) -> Result<(&'m Project, &'m Package), ShowError> {
    let source = project.unwrap_or(&p.name);
    let full = format!("{source}.{package}");
    let unknown = || ShowError::UnknownPackage(full.clone());
    let key = package.to_ascii_lowercase();
    if source.eq_ignore_ascii_case(&p.name) {
        return p.packages.get(&key).map(|k| (p, k)).ok_or_else(unknown);
    }
    let home = model.project(source).ok_or_else(unknown)?;
    let pkg = home.packages.get(&key).ok_or_else(unknown)?;
    if p.installed
        .contains_key(&Installation::key(source, package))
    {
        Ok((home, pkg))
    } else {
        Err(ShowError::NotInstalled(full, p.name.clone()))
    }
}

/// `describe package [<project>.]<package>` run in `p`.
pub(super) fn describe_package(
    model: &Model,
    p: &Project,
    project: Option<&str>,
    package: &str,
) -> Result<String, ShowError> {
    let (home, pkg) = find(model, p, project, package)?;
    let mut objects = BoxTable::new(&["ObjectType", "ObjectName", "ObjectPrivileges"]).ruled();
    for o in pkg.objects.values() {
        let privileges: Vec<String> = o.privileges.iter().map(|a| a.to_string()).collect();
        objects.row(vec![
            o.object_type.to_string().to_ascii_uppercase(),
            o.name.clone(),
            privileges.join(","),
        ]);
    }
    let mut allowed = BoxTable::new(&["ProjectName", "UserLabel"]).ruled();
    for a in pkg.allowed.values() {
        allowed.row(vec![a.project.clone(), a.label.to_string()]);
    }
    Ok(format!(
        "{:<20}{}\n{:<20}{}\n{:<20}{}\n\nObject List\n{}\nAllowed Project List\n{}",
        "CreateTime:",
        time(pkg.created_at),
        "PackageName:",
        pkg.name,
        "SourceProject:",
        home.name,
        objects.render(),
        allowed.render()
    ))
}

/// `list trustedprojects`: one project a line, as added.
pub(super) fn trusted_projects(p: &Project) -> String {
    p.trusted_projects
        .values()
        .map(|t| format!("{}\n", t.name))
        .collect()
}
