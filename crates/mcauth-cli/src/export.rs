//! `mcauth export`: the loaded model as a JSON snapshot.

use crate::config::ConfigArgs;
use crate::output::Out;
use crate::CliError;
use clap::Args;
use std::process::ExitCode;

/// Write the model as JSON to stdout; read it back anywhere with `--snapshot`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  mcauth export --script fixtures/quickstart/sales.mcauth > sales.json\n  \
    mcauth check --snapshot sales.json --requests fixtures/quickstart/requests.jsonl\n\n\
    The snapshot is written to stdout.\n\n\
    Exit codes: 0 written, 1 bad input or usage."
)]
pub struct ExportArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
}

/// Run `export`.
pub fn run(args: &ExportArgs) -> Result<ExitCode, CliError> {
    let model = args.config.model()?;
    let mut out = Out::stdout();
    out.write(&format!("{}\n", model.to_snapshot_json()))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
