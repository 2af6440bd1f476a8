//! `--script` / `--snapshot`: which configuration a command loads.

use crate::CliError;
use clap::Args;
use mcauth::{Engine, EngineOptions, Input, Model};
use std::path::PathBuf;

/// The configuration options every command shares.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Script files, applied in order as one script; repeat the flag or list several files.
    #[arg(long, value_name = "FILE", num_args = 1.., required_unless_present = "snapshot")]
    pub script: Vec<PathBuf>,
    /// Snapshots written by `mcauth export`; with scripts, inputs apply in the order given
    /// (several snapshots combine where they agree).
    #[arg(long, value_name = "FILE.json", num_args = 1..)]
    pub snapshot: Vec<PathBuf>,
    /// Exempt super_administrator from policy Deny statements (the documentation contradicts
    /// itself, K1; by default a Deny binds super_administrator too).
    #[arg(long)]
    pub super_admin_bypasses_project_policy: bool,
    /// `--script` and `--snapshot` values in command-line order (filled in by `main`).
    #[arg(skip)]
    pub inputs: Vec<Input>,
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

    /// Load and compile the model.
    pub fn engine(&self) -> Result<Engine, CliError> {
        let options = EngineOptions {
            super_admin_bypasses_project_policy: self.super_admin_bypasses_project_policy,
        };
        Ok(Engine::with_options(self.model()?, options)?)
    }
}
