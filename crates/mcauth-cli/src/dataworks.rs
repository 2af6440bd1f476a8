//! `mcauth dataworks render|drift`: a DataWorks workspace file as the MaxCompute configuration
//! it implies, and where a configuration has drifted from it (seed 003).

use crate::config::ConfigArgs;
use crate::output::Format;
use crate::output::Out;
use crate::CliError;
use clap::{Args, Subcommand};
use mcauth_dataworks::{drift, render, Drift, Workspace};
use std::path::PathBuf;
use std::process::ExitCode;

/// DataWorks workspaces: render the MaxCompute configuration, find drift.
#[derive(Debug, Subcommand)]
pub enum DataWorksCommand {
    Render(RenderArgs),
    Drift(DriftArgs),
}

/// Print the mcauth script a workspace file implies: projects, role_project_* roles with
/// seed 003's grants, members and their roles, the scheduling identity, environments.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  mcauth dataworks render fixtures/dataworks/standard.json \
    > fixtures/dataworks/standard.mcauth\n\n\
    Trust-policy files are named relative to the workspace file: save the script beside it.\n\n\
    Exit codes: 0 written, 1 bad input or usage."
)]
pub struct RenderArgs {
    /// The workspace file (docs/formats.md, "DataWorks workspaces").
    #[arg(value_name = "WORKSPACE.json")]
    workspace: PathBuf,
}

/// List, grant by grant, where a MaxCompute configuration grants more or less than the
/// workspace's DataWorks roles imply.
#[derive(Debug, Args)]
#[command(
    // The workspace first: `--script` and `--snapshot` take every following value as a file.
    override_usage = "mcauth dataworks drift <WORKSPACE.json> \
                      <--script <FILE>...|--snapshot <FILE.json>...> [OPTIONS]",
    after_help = "Example:\n  mcauth dataworks drift fixtures/dataworks/standard.json \\\n      \
    --script fixtures/dataworks/standard.mcauth fixtures/dataworks/tables.mcauth \
    fixtures/dataworks/drifted.mcauth\n\n\
    Put the workspace before --script or --snapshot, which take every following value as a \
    file, or after `--`.\n\n\
    Exit codes: 0 no drift, 2 drift found, 1 bad input or usage."
)]
pub struct DriftArgs {
    /// The workspace file; put it before --script.
    #[arg(value_name = "WORKSPACE.json")]
    workspace: PathBuf,
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    /// Output format: text, or one JSON object per difference.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

impl DataWorksCommand {
    /// The configuration options, for the commands that load one.
    pub fn config_mut(&mut self) -> Option<&mut ConfigArgs> {
        match self {
            DataWorksCommand::Render(_) => None,
            DataWorksCommand::Drift(a) => Some(&mut a.config),
        }
    }
}

fn workspace(path: &std::path::Path) -> Result<Workspace, CliError> {
    Workspace::from_file(&path.to_string_lossy()).map_err(|e| CliError::Input(e.to_string()))
}

/// Run a `dataworks` subcommand.
pub fn run(cmd: &DataWorksCommand) -> Result<ExitCode, CliError> {
    let mut out = Out::stdout();
    let code = match cmd {
        DataWorksCommand::Render(a) => {
            out.write(&render(&workspace(&a.workspace)?))?;
            ExitCode::SUCCESS
        }
        DataWorksCommand::Drift(a) => {
            let ws = workspace(&a.workspace)?;
            let found = drift::drift(&ws, &a.config.model()?);
            for d in &found {
                match a.format {
                    Format::Text => out.write(&format!("{d}\n"))?,
                    Format::Json => out.write(&format!("{}\n", json(d)))?,
                }
            }
            if a.format == Format::Text {
                let more = found
                    .iter()
                    .filter(|d| d.direction == drift::Direction::More)
                    .count();
                out.write(&format!(
                    "{} differences: {more} more, {} less than the DataWorks roles imply\n",
                    found.len(),
                    found.len() - more
                ))?;
            }
            if found.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
    };
    out.flush()?;
    Ok(code)
}

/// One difference as JSON (`docs/formats.md`, "Drift").
fn json(d: &Drift) -> serde_json::Value {
    serde_json::json!({
        "direction": d.direction.as_str(),
        "project": d.project,
        "subject": d.subject,
        "what": d.what,
        "why": d.why,
        "source": d.source.as_ref().map(ToString::to_string),
        "workspace": d.workspace_at.as_ref().map(ToString::to_string),
    })
}
