//! `mcauth lint`: findings about a configuration (and, with `--requests`, about the identities
//! requests use), as a table or JSON (`docs/formats.md` "Lints").

use crate::config::ConfigArgs;
use crate::output::Out;
use crate::{batch, CliError};
use clap::{Args, ValueEnum};
use mcauth::lint::{lint, lint_request, sort, Finding, Severity};
use mcauth::location::Source;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns SEVERITY, CODE, FILE:LINE, MESSAGE; each hint on the next line; a
    /// summary line.
    Table,
    /// One JSON array of findings (docs/formats.md, "Lints").
    Json,
}

/// Report configuration that loads but is risky, useless or mistaken.
///
/// The Alibaba Cloud account used for routine work, high-risk RAM policies, `odps:*` on `*`,
/// shadowed or dead policy statements, grants no request can use, conditions that never hold,
/// a public DataWorks environment with a role, ... Each finding has a severity, a code (listed
/// in docs/formats.md, "Lints"), the file:line at fault and a hint.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mcauth lint --script fixtures/lint/dead-deny.mcauth\n  \
    mcauth lint --script fixtures/lint/root-account-request.mcauth \\\n      \
    --requests fixtures/lint/root-account-request.jsonl --format json\n\n\
    Exit codes: 0 no error-level finding, 2 an error-level finding, 1 bad input or usage."
)]
pub struct LintArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    /// A JSON Lines file of requests, as for `check --requests` (`-`: standard input): report
    /// those made as an Alibaba Cloud account (by name or with its AccessKey), at their line.
    #[arg(long, value_name = "FILE.jsonl")]
    requests: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Run `lint`.
pub fn run(args: &LintArgs) -> Result<ExitCode, CliError> {
    let model = args.config.model()?;
    let mut findings = lint(&model);
    if let Some(path) = &args.requests {
        batch::each(path, |name, line, request| {
            let at = Source::new(name, u32::try_from(line).unwrap_or(u32::MAX), 1);
            findings.extend(lint_request(&model, &request, &at));
        })?;
        sort(&mut findings);
    }
    let mut out = Out::stdout();
    match args.format {
        Format::Table => out.write(&table(&findings))?,
        Format::Json => {
            let text = serde_json::to_string_pretty(&findings)
                .map_err(|e| CliError::Input(e.to_string()))?;
            out.write(&format!("{text}\n"))?;
        }
    }
    out.flush()?;
    let error = findings.iter().any(|f| f.severity == Severity::Error);
    Ok(if error {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// `file:line` of a finding, or `-` without a source.
fn location(f: &Finding) -> String {
    f.source
        .as_ref()
        .map_or_else(|| "-".to_string(), |s| format!("{}:{}", s.file, s.line))
}

/// `N errors, M warnings, K info` (singular for one).
fn summary(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}, {} info",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        count(Severity::Info)
    )
}

/// The table: a header and one row per finding, columns as wide as their widest cell, the hint
/// on the next line under the code; then the summary.
fn table(findings: &[Finding]) -> String {
    let mut s = String::new();
    if !findings.is_empty() {
        let locations: Vec<String> = findings.iter().map(location).collect();
        let width = |head: &str, cells: &mut dyn Iterator<Item = usize>| {
            cells.max().unwrap_or(0).max(head.len())
        };
        let sev = width(
            "SEVERITY",
            &mut findings.iter().map(|f| f.severity.as_str().len()),
        );
        let code = width("CODE", &mut findings.iter().map(|f| f.code.as_str().len()));
        let loc = width(
            "FILE:LINE",
            &mut locations.iter().map(|l| l.chars().count()),
        );
        s.push_str(&format!(
            "{:<sev$}  {:<code$}  {:<loc$}  MESSAGE\n",
            "SEVERITY", "CODE", "FILE:LINE"
        ));
        for (f, l) in findings.iter().zip(&locations) {
            s.push_str(&format!(
                "{:<sev$}  {:<code$}  {:<loc$}  {}\n",
                f.severity.as_str(),
                f.code.as_str(),
                l,
                f.message
            ));
            s.push_str(&format!("{:sev$}  hint: {}\n", "", f.hint));
        }
    }
    s.push_str(&summary(findings));
    s.push('\n');
    s
}
