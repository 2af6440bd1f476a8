//! The options that narrow `diff`, `who-can` and `what-can` to a principal, project, object or
//! action, read and checked against the configuration: a name it does not have is bad input
//! naming the option (`docs/semantics.md` AN8).

use crate::CliError;
use clap::Args;
use mcauth::action::unknown_action_hint;
use mcauth::analysis::{Filter, FilterError, ObjectFilter};
use mcauth::{Action, Model};

/// `--principal`, `--project`, `--object`, `--action`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this principal, named as a request names it (`RAM$corp@example.com:bob`, an
    /// account ID, or `RAM$bob` for a user of the owner's account).
    #[arg(long, value_name = "NAME")]
    pub principal: Option<String>,
    /// Only requests that run in this project.
    #[arg(long, value_name = "PROJECT")]
    pub project: Option<String>,
    /// Only this object: `TYPE:NAME` or `TYPE:PROJECT.NAME` (`table:sales.orders`).
    #[arg(long, value_name = "TYPE:NAME")]
    pub object: Option<String>,
    /// Only this action (`Select`, `CreateInstance`, ...).
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,
}

/// Read an action name; the error says which action was meant ("did you mean `Select`?").
pub fn action_arg(text: Option<&str>) -> Result<Option<Action>, CliError> {
    text.map(|t| {
        Action::from_name(t).ok_or_else(|| {
            let hint = unknown_action_hint(t, "", Action::EVERY.iter().copied());
            CliError::Input(format!("--action: unknown action `{t}`: {hint}"))
        })
    })
    .transpose()
}

/// Read `--object`.
pub fn object_arg(text: &str) -> Result<ObjectFilter, CliError> {
    ObjectFilter::parse(text).map_err(|e| CliError::Input(format!("--object: {e}")))
}

/// The parts of a filter as given on the command line.
#[derive(Debug, Default)]
pub struct Query<'a> {
    /// `--principal`.
    pub principal: Option<&'a str>,
    /// `--project`.
    pub project: Option<&'a str>,
    /// `--object`, read.
    pub object: Option<ObjectFilter>,
    /// `--action`, read.
    pub action: Option<Action>,
}

impl Query<'_> {
    /// The filter over `models` (for a diff, the configuration after the change first): the
    /// principal resolved to its key, and every name checked to exist.
    pub fn filter(self, models: &[&Model]) -> Result<Filter, CliError> {
        let bad = |e: FilterError| CliError::Input(format!("--{}: {e}", e.field()));
        let principal = self
            .principal
            .map(|p| Filter::principal_key(models, p, self.project))
            .transpose()
            .map_err(bad)?;
        let filter = Filter {
            principal,
            project: self.project.map(str::to_ascii_lowercase),
            object: self.object,
            action: self.action,
        };
        filter.check(models).map_err(bad)?;
        Ok(filter)
    }
}

impl FilterArgs {
    /// The filter over `models` (the configuration after the change first).
    pub fn filter(&self, models: &[&Model]) -> Result<Filter, CliError> {
        Query {
            principal: self.principal.as_deref(),
            project: self.project.as_deref(),
            object: self.object.as_deref().map(object_arg).transpose()?,
            action: action_arg(self.action.as_deref())?,
        }
        .filter(models)
    }
}
