//! `mcauth check`: decide requests.

use crate::batch::{self, Jobs};
use crate::config::{ConfigArgs, EngineArgs};
use crate::output::{Format, Out};
use crate::{requests, CliError};
use clap::{ArgGroup, Args};
use mcauth::request::AnyRequest as Request;
use mcauth::Decision;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Decide one request or a file of requests.
#[derive(Debug, Args)]
#[command(
    // Exactly one of the two; the group makes clap name both when neither is given.
    group(ArgGroup::new("input").required(true).multiple(false).args(["request", "requests"])),
    after_help = "Examples:\n  mcauth check --script fixtures/quickstart/sales.mcauth \\\n      \
    --request '{\"principal\":\"ALIYUN$owner@example.com\",\"project\":\"sales\",\"action\":\"List\"}'\n  \
    mcauth check --script fixtures/quickstart/sales.mcauth \\\n      \
    --requests fixtures/quickstart/requests.jsonl --format json --jobs all\n\n\
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
    /// A JSON Lines file of requests (`-`: standard input); decisions come out in input
    /// order. Read in chunks, in constant memory; a bad line in a regular file stops the
    /// command before any decision is written (docs/semantics.md B1, B2).
    #[arg(long, value_name = "FILE.jsonl")]
    requests: Option<PathBuf>,
    /// Threads deciding `--requests` (`0` or `all`: one per core; at most 4 per core, a larger
    /// number counts as that); the output is the same for every value.
    #[arg(long, value_name = "N", default_value = "1", value_parser = Jobs::parse,
          conflicts_with = "request")]
    jobs: Jobs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// What `check` decides: one request, or a file of them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RequestInput<'a> {
    /// `--request`: inline JSON or a file holding one JSON object.
    One(&'a str),
    /// `--requests`: a JSON Lines file, `-` for standard input.
    Many(&'a Path),
}

impl CheckArgs {
    /// `--request` or `--requests`: clap's required group lets exactly one through.
    fn input(&self) -> Result<RequestInput<'_>, CliError> {
        match (&self.request, &self.requests) {
            (Some(r), _) => Ok(RequestInput::One(r)),
            (None, Some(p)) => Ok(RequestInput::Many(p)),
            (None, None) => Err(CliError::Input(
                "expected --request or --requests".to_string(),
            )),
        }
    }
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

/// One decision in `format`, ending with a newline.
fn render(format: Format, req: &Request, d: &Decision) -> Result<String, CliError> {
    match format {
        Format::Text => Ok(text(req, d)),
        Format::Json => serde_json::to_string(d)
            .map(|line| line + "\n")
            .map_err(|e| CliError::Input(e.to_string())),
    }
}

/// Run `check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let mut out = Out::stdout();
    let format = args.format;
    let show = |req: &Request, d: &Decision| render(format, req, d);
    let denied = match args.input()? {
        RequestInput::One(r) => {
            let req = requests::one(r)?;
            let d = args.config.engine(&args.engine)?.decide(&req);
            out.write(&show(&req, &d)?)?;
            out.flush()?;
            !d.is_allowed()
        }
        RequestInput::Many(path) => batch::run(
            path,
            args.jobs,
            || args.config.engine(&args.engine),
            show,
            &mut out,
        )?,
    };
    Ok(if denied {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
