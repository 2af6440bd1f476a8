//! The options that narrow `diff`, `who-can` and `what-can` to a principal, project, object or
//! action.

use crate::CliError;
use clap::Args;
use mcauth::analysis::{Filter, ObjectFilter};
use mcauth::Action;

/// `--principal`, `--project`, `--object`, `--action`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this principal (as written in the configuration, e.g. `RAM$corp@example.com:bob`).
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

/// Read an action name.
pub fn action_arg(text: Option<&str>) -> Result<Option<Action>, CliError> {
    text.map(|t| {
        Action::from_name(t)
            .ok_or_else(|| CliError::Input(format!("--action: unknown action `{t}`")))
    })
    .transpose()
}

impl FilterArgs {
    /// The filter, with `action` already read.
    pub fn filter(&self, action: Option<Action>) -> Result<Filter, CliError> {
        let object = self
            .object
            .as_deref()
            .map(ObjectFilter::parse)
            .transpose()
            .map_err(|e| CliError::Input(format!("--object: {e}")))?;
        Ok(Filter {
            principal: self.principal.clone(),
            project: self.project.as_ref().map(|p| p.to_ascii_lowercase()),
            object,
            action,
        })
    }
}
