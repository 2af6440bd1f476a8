//! `mcauth explain`: every stage, and every rule consulted, for one request.

use crate::config::{ConfigArgs, EngineArgs};
use crate::output::Format;
use crate::output::Out;
use crate::{requests, CliError};
use clap::Args;
use std::process::ExitCode;

/// Explain one decision: each stage of the pipeline and, within each, the rules consulted and
/// whether they matched.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  mcauth explain --script fixtures/quickstart/sales.mcauth \\\n      \
    --request '{\"principal\":\"RAM$owner@example.com:bob\",\"project\":\"sales\",\"action\":\"Select\",\
    \"object\":{\"type\":\"table\",\"name\":\"orders\"},\"source_ip\":\"10.1.2.3\"}'\n\n\
    Exit codes: 0 allowed, 2 denied, 1 bad input or usage."
)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    #[command(flatten)]
    engine: EngineArgs,
    /// The request: inline JSON or a file holding one JSON object.
    #[arg(long, value_name = "JSON")]
    request: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Run `explain`.
pub fn run(args: &ExplainArgs) -> Result<ExitCode, CliError> {
    let req = requests::one(&args.request)?;
    let engine = args.config.engine(&args.engine)?;
    let ex = engine.explain_any(&req);
    let mut out = Out::stdout();
    match args.format {
        Format::Text => out.write(&ex.to_string())?,
        Format::Json => {
            let s =
                serde_json::to_string_pretty(&ex).map_err(|e| CliError::Input(e.to_string()))?;
            out.write(&format!("{s}\n"))?;
        }
    }
    out.flush()?;
    Ok(if ex.decision.is_allowed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
