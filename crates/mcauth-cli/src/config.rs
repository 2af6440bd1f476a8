//! `--script` / `--snapshot`: which configuration a command loads; and the engine options of
//! the commands that decide requests.

use crate::CliError;
use clap::Args;
use mcauth::{Engine, EngineOptions, Input, Model};
use std::path::PathBuf;

/// The configuration options every command shares. At least one `--script` or `--snapshot`
/// is required; the group makes clap name both alternatives when neither is given.
#[derive(Debug, Args)]
#[group(id = "config", required = true, multiple = true)]
pub struct ConfigArgs {
    /// Script files, applied in order as one script; repeat the flag or list several files.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub script: Vec<PathBuf>,
    /// Snapshots written by `mcauth export`; with scripts, inputs apply in the order given
    /// (several snapshots combine where they agree).
    #[arg(long, value_name = "FILE.json", num_args = 1..)]
    pub snapshot: Vec<PathBuf>,
    /// `--script` and `--snapshot` values in command-line order (filled in by `main`).
    #[arg(skip)]
    pub inputs: Vec<Input>,
}

/// The options of the commands that decide requests (`check`, `explain`, `diff`, `who-can`,
/// `what-can`).
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Exempt super_administrator from policy Deny statements (docs/semantics.md Y2; by
    /// default a Deny binds super_administrator too).
    #[arg(long)]
    pub super_admin_bypasses_project_policy: bool,
}

impl From<&EngineArgs> for EngineOptions {
    fn from(args: &EngineArgs) -> EngineOptions {
        EngineOptions {
            super_admin_bypasses_project_policy: args.super_admin_bypasses_project_policy,
        }
    }
}

/// The `--script` and `--snapshot` values of a subcommand's matches, in command-line order.
pub fn ordered_inputs(matches: &clap::ArgMatches) -> Vec<Input> {
    let mut all: Vec<(usize, Input)> = Vec::new();
    for (id, make) in [
        ("script", Input::Script as fn(PathBuf) -> Input),
        ("snapshot", Input::Snapshot as fn(PathBuf) -> Input),
    ] {
        if let (Some(indices), Some(values)) =
            (matches.indices_of(id), matches.get_many::<PathBuf>(id))
        {
            all.extend(indices.zip(values).map(|(i, p)| (i, make(p.clone()))));
        }
    }
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, input)| input).collect()
}

impl ConfigArgs {
    /// Load the model.
    pub fn model(&self) -> Result<Model, CliError> {
        if !self.inputs.is_empty() {
            return Ok(Model::load(&self.inputs)?);
        }
        let mut inputs: Vec<Input> = self.snapshot.iter().cloned().map(Input::Snapshot).collect();
        inputs.extend(self.script.iter().cloned().map(Input::Script));
        Ok(Model::load(&inputs)?)
    }

    /// Load and compile the model with the engine options.
    pub fn engine(&self, options: &EngineArgs) -> Result<Engine, CliError> {
        Ok(Engine::with_options(self.model()?, options.into())?)
    }
}
