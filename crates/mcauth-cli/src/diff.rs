//! `mcauth diff`: the access a change gains and loses.

use crate::config::EngineArgs;
use crate::output::{Format, Out};
use crate::query::FilterArgs;
use crate::CliError;
use clap::Args;
use mcauth::analysis::{diff, DiffEntry};
use mcauth::{Engine, Input, Model};
use std::path::PathBuf;
use std::process::ExitCode;

/// Compare two configurations: every request whose decision differs, as access gained or lost.
#[derive(Debug, Args)]
#[command(
    after_help = "Each file is a script, or a snapshot when its name ends in `.json`; the \
    files of one side apply in order.\n\nExample:\n  mcauth diff --before \
    fixtures/quickstart/sales.mcauth \\\n      --after fixtures/quickstart/sales.mcauth \
    fixtures/diff/grant-role.mcauth\n\nExit codes: 0 no access gained, 2 access gained, 1 bad \
    input or usage."
)]
pub struct DiffArgs {
    /// The configuration before the change.
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    before: Vec<PathBuf>,
    /// The configuration after the change.
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    after: Vec<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    engine: EngineArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Load one side: scripts, and snapshots (`.json`), in order.
fn side(files: &[PathBuf], options: &EngineArgs) -> Result<Engine, CliError> {
    let inputs: Vec<Input> = files
        .iter()
        .map(|f| match f.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Input::Snapshot(f.clone()),
            _ => Input::Script(f.clone()),
        })
        .collect();
    Ok(Engine::with_options(Model::load(&inputs)?, options.into())?)
}

/// The text form of entries: grouped by the context they depend on (a heading per group),
/// each with its two decisions.
fn entries_text(change: &str, entries: &[DiffEntry]) -> String {
    let mut groups: Vec<(&mcauth::analysis::Dependence, Vec<&DiffEntry>)> = Vec::new();
    for e in entries {
        match groups.iter_mut().find(|(c, _)| **c == e.context) {
            Some((_, list)) => list.push(e),
            None => groups.push((&e.context, vec![e])),
        }
    }
    let mut s = String::new();
    for (context, list) in groups {
        s.push_str(&format!("{change} {context}:\n"));
        for e in list {
            s.push_str(&format!("  {}\n", e.ask.headline_with(&e.columns)));
            s.push_str(&format!("      before: {}\n", e.before.summary()));
            s.push_str(&format!("      after:  {}\n", e.after.summary()));
        }
    }
    s
}

/// Run `diff`.
pub fn run(args: &DiffArgs) -> Result<ExitCode, CliError> {
    let before = side(&args.before, &args.engine)?;
    let after = side(&args.after, &args.engine)?;
    let filter = args.filter.filter(&[after.model(), before.model()])?;
    let d = diff(&before, &after, &filter);
    let mut out = Out::stdout();
    match args.format {
        Format::Json => {
            let json = serde_json::json!({
                "gained": d.gained,
                "lost": d.lost,
                "summary": {"gained": d.gained.len(), "lost": d.lost.len(), "decided": d.decided},
            });
            out.write(&format!("{json}\n"))?;
        }
        Format::Text => {
            out.write(&entries_text("gained", &d.gained))?;
            out.write(&entries_text("lost", &d.lost))?;
            out.write(&format!(
                "{} gained, {} lost ({} requests decided)\n",
                d.gained.len(),
                d.lost.len(),
                d.decided
            ))?;
        }
    }
    out.flush()?;
    Ok(if d.gained.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
