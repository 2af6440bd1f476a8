//! Running MaxCompute query statements against a model (`mcauth show`), printing the layouts of
//! `spec/acl-policy.md` §5 and `spec/principals-labels-packages.md` §3.2, §4.1, §4.3 and §5. A
//! query runs in a project (by default the scripts' last `use`) as a principal (by default the
//! project's owner, who sees everything) and needs what MaxCompute requires of it: `show grants`
//! and `show label grants` for oneself need nothing; `describe <table>` needs `Describe` on the
//! table; the rest need the management actions `ShowAclGrants`, `DescribeRole`, `ListUsers`,
//! `ListRoles`, `ListAccountProviders`, `GetSecurityConfiguration`, `GetPolicy`,
//! `ShowPackages`, `DescribePackage`, `ListTrustedProjects` or `ShowLabelGrants`. A principal
//! named by `--as` or a `for` clause must be the project's owner or one of its users.

mod acl;
mod describe;
mod grants;
mod labels;
mod packages;
mod table;

use crate::action::{Action, ObjectType};
use crate::engine::EngineOptions;
use crate::model::{Model, Project, Table};
use crate::pipeline::permission::{self, management, Env};
use crate::pipeline::Trace;
use crate::principal::{Principal, ShortForm};
use crate::request::Request;
use crate::script::{LabelGrantsQuery, Query};

/// Why a query could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShowError {
    /// No project was named and the scripts left none current.
    #[error("no project: name one with `--project`")]
    NoProject,
    /// The project does not exist.
    #[error("project `{0}` does not exist")]
    UnknownProject(String),
    /// A principal name is malformed, or names a RAM identity its declared account does not
    /// declare.
    #[error("{0}")]
    BadPrincipal(String),
    /// A principal (as written) is neither the owner nor a user of the project.
    #[error("`{0}` is not a user of project `{1}`")]
    NotAUser(String, String),
    /// A role does not exist.
    #[error("role `{0}` does not exist in project `{1}`")]
    UnknownRole(String, String),
    /// A table does not exist.
    #[error("table `{0}` does not exist in project `{1}`")]
    UnknownTable(String, String),
    /// A package (`<project>.<package>`) does not exist.
    #[error("package `{0}` does not exist")]
    UnknownPackage(String),
    /// A package (`<project>.<package>`) exists but is not installed in the project.
    #[error("package `{0}` is not installed in project `{1}`")]
    NotInstalled(String, String),
    /// The principal may not run the query.
    #[error("`{0}` may not run this query: {1}")]
    Denied(String, String),
}

/// Run `query` in `project` (default: the scripts' last `use`) as `principal` (default: the
/// project's owner) and return MaxCompute's output.
///
/// ```
/// use mcauth::{script::parse_query, show::show, Model};
/// let m = Model::from_script_str("a.mcauth", "create project p owner ALIYUN$o@example.com;
///     use p; create role worker;").unwrap();
/// let out = show(&m, None, None, &parse_query("list roles;").unwrap()).unwrap();
/// assert!(out.contains("worker"));
/// ```
pub fn show(
    model: &Model,
    project: Option<&str>,
    principal: Option<&str>,
    query: &Query,
) -> Result<String, ShowError> {
    let name = project
        .map(str::to_string)
        .or_else(|| model.session.project.clone())
        .ok_or(ShowError::NoProject)?;
    let p = model
        .project(&name)
        .ok_or_else(|| ShowError::UnknownProject(name.clone()))?;
    let user = match principal {
        Some(text) => resolve(model, p, text)?,
        None => p.owner.clone(),
    };
    let needs = match query {
        Query::ShowGrants(None) | Query::Whoami => None,
        Query::ShowGrants(Some(_)) | Query::ShowAcl { .. } => Some(Action::ShowAclGrants),
        Query::ShowRoleGrants(_) | Query::DescribeRole(_) => Some(Action::DescribeRole),
        Query::ListUsers => Some(Action::ListUsers),
        Query::ListRoles => Some(Action::ListRoles),
        Query::ListAccountProviders => Some(Action::ListAccountProviders),
        Query::ShowSecurityConfiguration => Some(Action::GetSecurityConfiguration),
        Query::GetPolicy(_) => Some(Action::GetPolicy),
        Query::ShowPackages => Some(Action::ShowPackages),
        Query::DescribePackage { .. } => Some(Action::DescribePackage),
        Query::ListTrustedProjects => Some(Action::ListTrustedProjects),
        Query::ShowLabelGrants(LabelGrantsQuery {
            table: None,
            user: None,
            ..
        }) => None,
        Query::ShowLabelGrants(_) => Some(Action::ShowLabelGrants),
        Query::DescribeTable(t) => {
            describable(model, p, &user, t)?;
            None
        }
    };
    if let Some(action) = needs {
        let target = management::Target::of(p, action);
        let env = Env {
            time: model.clock,
            ..Env::default()
        };
        management::authorize(p, &user, action, &target, &env, &mut Trace::off())
            .map_err(|d| ShowError::Denied(user.display.clone(), d.message))?;
    }
    Ok(match query {
        Query::ShowGrants(who) => {
            let who = match who {
                Some(text) => resolve(model, p, text)?,
                None => user,
            };
            grants::for_user(p, &who)
        }
        Query::ShowRoleGrants(r) => grants::for_role(p, &role_key(p, r)?, false),
        Query::DescribeRole(r) => grants::for_role(p, &role_key(p, r)?, true),
        Query::ShowAcl {
            object,
            object_type,
        } => acl::show_acl(p, *object_type, &object.to_ascii_lowercase()),
        Query::ListUsers => lines(p.users.values().map(|m| m.principal.display.clone())),
        Query::ListRoles => lines(p.roles.values().map(|r| r.name.clone())),
        Query::ListAccountProviders => {
            let mut v = Vec::new();
            if p.account_providers.aliyun.value {
                v.push("ALIYUN".to_string());
            }
            if p.account_providers.ram.value {
                v.push("RAM".to_string());
            }
            lines(v.into_iter())
        }
        Query::ShowSecurityConfiguration => security_configuration(p),
        Query::GetPolicy(role) => get_policy(p, role.as_deref())?,
        Query::Whoami => format!("Name: {}\nProject: {}\n", user.display, p.name),
        Query::ShowPackages => packages::show_packages(p),
        Query::DescribePackage { project, package } => {
            packages::describe_package(model, p, project.as_deref(), package)?
        }
        Query::ListTrustedProjects => packages::trusted_projects(p),
        Query::ShowLabelGrants(q) => {
            let who = match &q.user {
                Some(text) => resolve(model, p, text)?,
                None => user,
            };
            match &q.table {
                None => labels::for_user(p, &who, q.level),
                Some(t) => {
                    let (key, _) = table(p, t)?;
                    if q.user.is_some() {
                        labels::on_table_for_user(p, &key, &who, q.level)
                    } else {
                        labels::on_table(p, &key, q.level)
                    }
                }
            }
        }
        Query::DescribeTable(t) => {
            let (key, table) = table(p, t)?;
            describe::describe_table(p, &key, table)
        }
    })
}

/// A table of `p` by name (any case): its key and definition.
fn table<'p>(p: &'p Project, name: &str) -> Result<(String, &'p Table), ShowError> {
    let key = name.to_ascii_lowercase();
    match p.tables.get(key.as_str()) {
        Some(t) => Ok((key, t)),
        None => Err(ShowError::UnknownTable(name.to_string(), p.name.clone())),
    }
}

/// `describe <table>` needs `Describe` on the table: the permission stage decides, as for a
/// request at the configuration's clock.
fn describable(model: &Model, p: &Project, user: &Principal, name: &str) -> Result<(), ShowError> {
    table(p, name)?;
    let req = Request::new(
        &user.display,
        &p.name,
        Action::Describe,
        Some((ObjectType::Table, name)),
    )
    .map_err(|e| ShowError::BadPrincipal(e.to_string()))?;
    permission::check(
        model,
        EngineOptions::default(),
        None,
        p,
        permission::Caller::of(p, user),
        &req,
        &mut Trace::off(),
    )
    .map(|_| ())
    .map_err(|d| ShowError::Denied(user.display.clone(), d.message))
}

/// The principal `--as` or a `for` clause names: resolved as a statement's would be (the short
/// form is a RAM user of the owner's account), declared when its account is, and the owner or
/// a current user of the project.
fn resolve(model: &Model, p: &Project, text: &str) -> Result<Principal, ShowError> {
    let who = model
        .principal(text, ShortForm::Account(&p.owner.account))
        .map_err(ShowError::BadPrincipal)?;
    if crate::pipeline::membership::listed(p, &who) {
        Ok(who)
    } else {
        Err(ShowError::NotAUser(text.to_string(), p.name.clone()))
    }
}

fn role_key(p: &Project, r: &str) -> Result<String, ShowError> {
    let k = r.to_ascii_lowercase();
    if p.roles.contains_key(&k) {
        Ok(k)
    } else {
        Err(ShowError::UnknownRole(r.to_string(), p.name.clone()))
    }
}

fn lines(items: impl Iterator<Item = String>) -> String {
    items.map(|s| s + "\n").collect()
}

fn security_configuration(p: &Project) -> String {
    let f = &p.flags;
    let mut out = String::new();
    for (k, v) in [
        (
            "CheckPermissionUsingACL",
            f.check_permission_using_acl.value,
        ),
        (
            "CheckPermissionUsingPolicy",
            f.check_permission_using_policy.value,
        ),
        (
            "ObjectCreatorHasAccessPermission",
            f.object_creator_has_access_permission.value,
        ),
        (
            "ObjectCreatorHasGrantPermission",
            f.object_creator_has_grant_permission.value,
        ),
        ("LabelSecurity", f.label_security.value),
        ("ProjectProtection", f.project_protection.value),
    ] {
        out.push_str(&format!("{k}={v}\n"));
    }
    out.push_str(&format!(
        "odps.security.enabledownloadprivilege={}\n",
        f.enable_download_privilege.value
    ));
    out
}

fn get_policy(p: &Project, role: Option<&str>) -> Result<String, ShowError> {
    let doc = match role {
        None => p.policy.as_ref(),
        Some(r) => p
            .roles
            .get(&role_key(p, r)?)
            .and_then(|r| r.policy.as_ref()),
    };
    Ok(match doc {
        Some(d) if d.text.ends_with('\n') => d.text.clone(),
        Some(d) => format!("{}\n", d.text),
        None => "{}\n".to_string(),
    })
}

/// The flags of the implicit creator grant: A with `ObjectCreatorHasAccessPermission`, G with
/// `ObjectCreatorHasGrantPermission` (`spec/acl-policy.md` §5, Recommended).
fn creator_flags(p: &Project) -> String {
    let mut flags = String::new();
    if p.flags.object_creator_has_access_permission.value {
        flags.push('A');
    }
    if p.flags.object_creator_has_grant_permission.value {
        flags.push('G');
    }
    flags
}
