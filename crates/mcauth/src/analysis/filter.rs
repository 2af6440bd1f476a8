//! Narrowing a question to one principal, project, object or action (`--principal`,
//! `--project`, `--object`, `--action`), and checking that the names a filter gives exist
//! (`docs/semantics.md` AN8): a filter that names nothing would answer "nothing" silently.

use super::space::{Subject, Target};
use crate::action::{Action, ObjectType};
use crate::model::{Model, Project};
use crate::principal::ShortForm;
use thiserror::Error;

/// A name in a filter that the configurations do not have.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FilterError {
    /// The principal does not read as one, is not declared, or is nobody the configurations
    /// know.
    #[error("{0}")]
    Principal(String),
    /// No such project.
    #[error("no project `{0}`")]
    Project(String),
    /// No such project holds the object.
    #[error("no project `{0}`")]
    ObjectProject(String),
    /// No such table, function, resource or package.
    #[error("no {object_type} `{name}` in {place}")]
    Object {
        /// The object type.
        object_type: ObjectType,
        /// The name as the filter gives it.
        name: String,
        /// `project `p``, or `any project`.
        place: String,
    },
}

impl FilterError {
    /// The filter field the error is about: `principal`, `project` or `object`.
    pub fn field(&self) -> &'static str {
        match self {
            FilterError::Principal(_) => "principal",
            FilterError::Project(_) => "project",
            FilterError::ObjectProject(_) | FilterError::Object { .. } => "object",
        }
    }
}

/// An object as a filter names it: `TYPE:NAME` or `TYPE:PROJECT.NAME` (`table:orders`,
/// `table:sales.orders`, `project:sales`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectFilter {
    /// The object type.
    pub object_type: ObjectType,
    /// The project holding it, lower case; `None`: any.
    pub project: Option<String>,
    /// The name, lower case.
    pub name: String,
}

impl ObjectFilter {
    /// Read `TYPE:NAME` or `TYPE:PROJECT.NAME`; the error says what was expected.
    ///
    /// ```
    /// use mcauth::analysis::ObjectFilter;
    /// let f = ObjectFilter::parse("table:sales.Orders").unwrap();
    /// assert_eq!((f.project.as_deref(), f.name.as_str()), (Some("sales"), "orders"));
    /// assert!(ObjectFilter::parse("orders").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<ObjectFilter, String> {
        let expected = "expected `TYPE:NAME` or `TYPE:PROJECT.NAME`, e.g. `table:sales.orders`";
        let Some((ty, rest)) = text.split_once(':') else {
            return Err(format!("invalid object `{text}`: {expected}"));
        };
        let object_type = ObjectType::from_name(ty.trim()).ok_or_else(|| {
            format!(
                "invalid object `{text}`: unknown object type `{ty}` (project, table, model, \
                 function, resource, instance or package)"
            )
        })?;
        let rest = rest.trim().to_ascii_lowercase();
        if rest.is_empty() {
            return Err(format!("invalid object `{text}`: {expected}"));
        }
        // A package is named `<project>.<package>` itself; a project by its own name.
        let (project, name) = match (object_type, rest.split_once('.')) {
            (ObjectType::Project, _) => (Some(rest.clone()), rest),
            (ObjectType::Package, _) | (_, None) => (None, rest),
            (_, Some((p, n))) if !p.is_empty() && !n.is_empty() => {
                (Some(p.to_string()), n.to_string())
            }
            _ => return Err(format!("invalid object `{text}`: {expected}")),
        };
        Ok(ObjectFilter {
            object_type,
            project,
            name,
        })
    }

    fn matches(&self, t: &Target) -> bool {
        t.object_type == self.object_type
            && t.name == self.name
            && self.project.as_ref().is_none_or(|p| *p == t.object_project)
    }
}

/// Which points a question covers; `None` fields cover everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// A principal, by its canonical key ([`Filter::principal_key`] reads a name).
    pub principal: Option<String>,
    /// The project requests run in.
    pub project: Option<String>,
    /// The object.
    pub object: Option<ObjectFilter>,
    /// The action.
    pub action: Option<Action>,
}

impl Filter {
    /// The canonical key of the principal `text` names, read as a request's principal is: a
    /// full name, an account's numeric ID, or the short form `RAM$<user>` of the owner's account
    /// of `project` (without one: of the account that owns every project). `models` are tried
    /// in order (a diff passes the configuration after the change first) with
    /// [`Model::principal`]; a name none of them reads, or one of an undeclared account that no
    /// project has as owner or user, is an error naming it.
    ///
    /// ```
    /// use mcauth::{analysis::Filter, Model};
    /// let m = Model::from_script_str("a.mcauth", "create account ALIYUN$o@example.com uid 1000000000000042;
    ///     create ram user RAM$o@example.com:bob;
    ///     create project sales owner ALIYUN$o@example.com;").unwrap();
    /// for name in ["RAM$o@example.com:Bob", "RAM$1000000000000042:bob", "RAM$bob"] {
    ///     assert_eq!(Filter::principal_key(&[&m], name, None).unwrap(), "ram$o@example.com:bob");
    /// }
    /// let typo = Filter::principal_key(&[&m], "RAM$o@example.com:bbo", None).unwrap_err();
    /// assert!(typo.to_string().contains("`RAM$o@example.com:bbo`"));
    /// ```
    pub fn principal_key(
        models: &[&Model],
        text: &str,
        project: Option<&str>,
    ) -> Result<String, FilterError> {
        let mut first_error = None;
        for model in models {
            let owners = owner_accounts(model, project);
            let short = match owners.as_slice() {
                [one] => ShortForm::Account(one),
                _ => ShortForm::Refused(
                    "the short form `RAM$<user>` names a RAM user of the project owner's account,                      and the projects have different owners: give the full name or the project",
                ),
            };
            match model.principal(text, short) {
                Ok(p) => {
                    let known = model.accounts.contains_key(&p.account)
                        || models
                            .iter()
                            .any(|m| m.projects.values().any(|pr| holds(pr, &p.key)));
                    if known {
                        return Ok(p.key);
                    }
                    first_error.get_or_insert_with(|| {
                        format!(
                            "`{text}` is not known: its account is not declared and no project \
                             has it as owner or user"
                        )
                    });
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(FilterError::Principal(first_error.unwrap_or_else(|| {
            format!("`{text}` is not known: there is no configuration")
        })))
    }

    /// Check that what the filter names exists in one of `models`: the project; an object's
    /// project, and a table, function, resource or installed package itself (in its project,
    /// or in some project when the filter names none). Instance and model names are not
    /// declared, so any name is taken (and asked about directly).
    ///
    /// ```
    /// use mcauth::{analysis::{Filter, ObjectFilter}, Model};
    /// let m = Model::from_script_str("a.mcauth", "create account ALIYUN$o@example.com;
    ///     create project sales owner ALIYUN$o@example.com; use sales;
    ///     create table orders (id bigint);").unwrap();
    /// let mut f = Filter { object: Some(ObjectFilter::parse("table:orders").unwrap()),
    ///     ..Filter::default() };
    /// assert!(f.check(&[&m]).is_ok());
    /// f.object = Some(ObjectFilter::parse("table:sales.order").unwrap());
    /// assert_eq!(f.check(&[&m]).unwrap_err().to_string(),
    ///     "no table `order` in project `sales`");
    /// ```
    pub fn check(&self, models: &[&Model]) -> Result<(), FilterError> {
        let project = |name: &str| models.iter().find_map(|m| m.project(name));
        if let Some(p) = &self.project {
            project(p).ok_or_else(|| FilterError::Project(p.clone()))?;
        }
        let Some(o) = &self.object else {
            return Ok(());
        };
        if let Some(p) = &o.project {
            project(p).ok_or_else(|| FilterError::ObjectProject(p.clone()))?;
        }
        let declared = matches!(
            o.object_type,
            ObjectType::Table | ObjectType::Function | ObjectType::Resource | ObjectType::Package
        );
        let held = |p: &Project| {
            o.project
                .as_ref()
                .is_none_or(|name| p.name.eq_ignore_ascii_case(name))
                && p.object_exists(o.object_type, &o.name)
        };
        if declared && !models.iter().any(|m| m.projects.values().any(held)) {
            return Err(FilterError::Object {
                object_type: o.object_type,
                name: o.name.clone(),
                place: o
                    .project
                    .as_ref()
                    .map_or("any project".to_string(), |p| format!("project `{p}`")),
            });
        }
        Ok(())
    }

    pub(crate) fn subject(&self, s: &Subject) -> bool {
        self.principal.as_ref().is_none_or(|p| *p == s.key)
    }

    pub(crate) fn project(&self, name: &str) -> bool {
        self.project
            .as_ref()
            .is_none_or(|p| p.eq_ignore_ascii_case(name))
    }

    pub(crate) fn target(&self, t: &Target) -> bool {
        self.object.as_ref().is_none_or(|o| o.matches(t))
    }

    pub(crate) fn action(&self, a: Action) -> bool {
        self.action.is_none_or(|x| x == a)
    }
}

/// The owners' accounts of `project`, or of every project when it is `None` (or not there),
/// without repeats.
fn owner_accounts<'m>(model: &'m Model, project: Option<&str>) -> Vec<&'m str> {
    let mut out: Vec<&str> = Vec::new();
    let projects: Vec<&Project> = match project.and_then(|p| model.project(p)) {
        Some(p) => vec![p],
        None => model.projects.values().collect(),
    };
    for p in projects {
        if !out.contains(&p.owner.account.as_str()) {
            out.push(&p.owner.account);
        }
    }
    out
}

/// Whether `key` is the owner or a user of `p`.
fn holds(p: &Project, key: &str) -> bool {
    p.owner.key == key || p.users.contains_key(key)
}
