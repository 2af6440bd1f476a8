//! `mcauth export`: the loaded model as a JSON snapshot.

use crate::config::ConfigArgs;
use crate::CliError;
use clap::Args;
use std::io::Write;
use std::process::ExitCode;

/// Write the model as JSON; read it back anywhere with `--snapshot`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  mcauth export --script fixtures/quickstart/sales.mcauth > sales.json\n  \
    mcauth check --snapshot sales.json --requests fixtures/quickstart/requests.jsonl"
)]
pub struct ExportArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
}

/// Run `export`.
pub fn run(args: &ExportArgs) -> Result<ExitCode, CliError> {
    let model = args.config.model()?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", model.to_snapshot_json())?;
    Ok(ExitCode::SUCCESS)
}
