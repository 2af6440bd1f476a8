//! `mcauth test`: run test suites (design §5; `docs/formats.md`, "Test suites").

use crate::output::{Format, Out};
use crate::CliError;
use clap::Args;
use mcauth::suite::{CaseOutcome, Suite};
use mcauth::Engine;
use std::path::PathBuf;
use std::process::ExitCode;

/// Run test suites: decide each case's request against the suite's configuration and compare
/// the decision with what the case expects. Prints each failure (what differed, then the
/// explain trace) and `N passed, M failed`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  mcauth test fixtures/quickstart/quickstart.suite.json \
    --filter frozen\n\nThe suite format is in docs/formats.md (\"Test suites\").\n\n\
    Exit codes: 0 every case passed, 2 a case failed, 1 bad input or usage."
)]
pub struct TestArgs {
    /// Suite files; each names its scripts (relative to the suite file) and its cases.
    #[arg(required = true, value_name = "SUITE.json")]
    suites: Vec<PathBuf>,
    /// Run only the cases whose name, or `<suite name>/<case name>`, contains this text
    /// (case-sensitive); selecting no case is an error.
    #[arg(long, value_name = "TEXT")]
    filter: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Run `test`. Every suite is read and loaded before any case runs, so bad input produces no
/// partial output.
pub fn run(args: &TestArgs) -> Result<ExitCode, CliError> {
    let mut suites: Vec<(Suite, Engine)> = Vec::new();
    for path in &args.suites {
        let suite = Suite::from_file(path).map_err(|e| CliError::Input(e.to_string()))?;
        let engine = suite.load().map_err(|e| CliError::Input(e.to_string()))?;
        suites.push((suite, engine));
    }
    let filter = args.filter.as_deref();
    if let Some(f) = filter {
        if !suites
            .iter()
            .any(|(s, _)| s.cases.iter().any(|c| s.selects(c, f)))
        {
            return Err(CliError::Input(format!(
                "--filter `{f}` selects no case: it is matched against case names and \
                 `<suite name>/<case name>`, case-sensitively"
            )));
        }
    }
    let mut out = Out::stdout();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut per_suite = Vec::new();
    for (suite, engine) in &suites {
        let outcomes = suite.run(engine, filter);
        if outcomes.is_empty() {
            continue;
        }
        let ok = outcomes.iter().filter(|o| o.passed()).count();
        let not_ok = outcomes.len() - ok;
        for o in &outcomes {
            match args.format {
                Format::Text if !o.passed() => out.write(&failure(suite, o))?,
                Format::Text => {}
                Format::Json => {
                    let line = case_json(suite, o).map_err(|e| CliError::Input(e.to_string()))?;
                    out.write(&format!("{line}\n"))?;
                }
            }
        }
        per_suite.push(format!("{}: {ok} passed, {not_ok} failed\n", suite.name));
        passed += ok;
        failed += not_ok;
    }
    match args.format {
        Format::Text => {
            if per_suite.len() > 1 {
                out.write(&per_suite.concat())?;
            }
            out.write(&format!("{passed} passed, {failed} failed\n"))?;
        }
        Format::Json => {
            out.write(&format!(
                "{{\"summary\":{{\"passed\":{passed},\"failed\":{failed}}}}}\n"
            ))?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// A failed case: a header naming the suite, the case and where it is, its `why`, one line
/// per mismatch, then the explain trace as `mcauth explain` prints it.
fn failure(suite: &Suite, o: &CaseOutcome) -> String {
    let mut s = format!("FAILED  {} / {}  ({})\n", suite.name, o.name, o.at);
    if let Some(why) = &o.why {
        s.push_str(&format!("  why: {why}\n"));
    }
    for m in &o.mismatches {
        s.push_str(&format!(
            "  {}: expected {}, got {}\n",
            m.field, m.expected, m.actual
        ));
    }
    s.push('\n');
    s.push_str(&o.explanation.to_string());
    s.push('\n');
    s
}

/// One case as a JSON object (`docs/formats.md`, "Test suites"), members in the documented
/// order.
fn case_json(suite: &Suite, o: &CaseOutcome) -> Result<String, serde_json::Error> {
    use serde_json::to_string as json;
    Ok(format!(
        "{{\"suite\":{},\"name\":{},\"source\":{},\"why\":{},\"passed\":{},\"mismatches\":{},\
         \"decision\":{}}}",
        json(&suite.name)?,
        json(&o.name)?,
        json(&o.at.to_string())?,
        json(&o.why)?,
        o.passed(),
        json(&o.mismatches)?,
        json(&o.explanation.decision)?,
    ))
}
