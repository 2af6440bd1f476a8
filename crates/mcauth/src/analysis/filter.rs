//! Narrowing a question to one principal, project, object or action (`--principal`,
//! `--project`, `--object`, `--action`).

use super::space::{Subject, Target};
use crate::action::{Action, ObjectType};

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
    /// A principal, by its name as written or its key (without regard to case).
    pub principal: Option<String>,
    /// The project requests run in.
    pub project: Option<String>,
    /// The object.
    pub object: Option<ObjectFilter>,
    /// The action.
    pub action: Option<Action>,
}

impl Filter {
    pub(crate) fn subject(&self, s: &Subject) -> bool {
        self.principal
            .as_ref()
            .is_none_or(|p| p.eq_ignore_ascii_case(&s.key) || p.eq_ignore_ascii_case(&s.display))
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
