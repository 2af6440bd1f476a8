//! `mcauth check`: decide requests.

use crate::config::{ConfigArgs, EngineArgs};
use crate::output::Out;
use crate::{requests, CliError};
use clap::{ArgGroup, Args, ValueEnum};
use mcauth::request::AnyRequest as Request;
use mcauth::Decision;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One readable block per decision.
    Text,
    /// One decision JSON object per line (docs/formats.md, "Decisions").
    Json,
}

/// Decide one request or a file of requests.
#[derive(Debug, Args)]
#[command(
    // Exactly one of the two; the group makes clap name both when neither is given.
    group(ArgGroup::new("input").required(true).multiple(false).args(["request", "requests"])),
    after_help = "Examples:\n  mcauth check --script fixtures/quickstart/sales.mcauth \\\n      \
    --request '{\"principal\":\"ALIYUN$owner@example.com\",\"project\":\"sales\",\"action\":\"List\"}'\n  \
    mcauth check --script fixtures/quickstart/sales.mcauth \\\n      \
    --requests fixtures/quickstart/requests.jsonl --format json\n\n\
    Exit codes: 0 every request allowed, 2 any request denied, 1 bad input or usage."
)]
pub struct CheckArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    #[command(flatten)]
    engine: EngineArgs,
    /// One request: inline JSON or a file holding one JSON object.
    #[arg(long, value_name = "JSON")]
    request: Option<String>,
    /// A JSON Lines file of requests; decisions come out one per line, in input order.
    #[arg(long, value_name = "FILE.jsonl")]
    requests: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// The text form of one decision: a headline and the reasons.
pub fn text(req: &Request, d: &Decision) -> String {
    let mut s = format!(
        "{:<5}  {:<14}  {req}\n",
        d.decision.to_string(),
        d.stage.as_str()
    );
    if let Some(code) = &d.code {
        s.push_str(&format!("       [{code}] {}\n", d.message));
    }
    for r in &d.reasons {
        match &r.source {
            Some(src) => s.push_str(&format!("       {}: {}  ({src})\n", r.effect, r.text)),
            None => s.push_str(&format!("       {}: {}\n", r.effect, r.text)),
        }
    }
    s
}

/// Run `check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let requests = match (&args.request, &args.requests) {
        (Some(r), _) => vec![requests::one(r)?],
        (None, Some(path)) => requests::lines(path)?,
        (None, None) => Vec::new(),
    };
    let engine = args.config.engine(&args.engine)?;
    let mut out = Out::stdout();
    let mut denied = false;
    for req in &requests {
        let d = engine.decide(req);
        denied |= !d.is_allowed();
        match args.format {
            Format::Text => out.write(&text(req, &d))?,
            Format::Json => {
                let line =
                    serde_json::to_string(&d).map_err(|e| CliError::Request(e.to_string()))?;
                out.write(&format!("{line}\n"))?;
            }
        }
    }
    out.flush()?;
    Ok(if denied {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
