//! `mcauth who-can` and `mcauth what-can`: every principal that may do something, and
//! everything a principal may do, each with the paths that allow it.

use crate::config::{ConfigArgs, EngineArgs};
use crate::output::{Format, Out};
use crate::query::{action_arg, object_arg, Query};
use crate::CliError;
use clap::Args;
use mcauth::analysis::{allowed, Access};
use std::process::ExitCode;

/// Every principal that may perform an action on an object, and how.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  mcauth who-can --script fixtures/quickstart/sales.mcauth \
    --project sales \\\n      --action Select --object table:orders\n\nExit codes: 0 answered, \
    1 bad input or usage."
)]
pub struct WhoCanArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    #[command(flatten)]
    engine: EngineArgs,
    /// The project the request runs in.
    #[arg(long, value_name = "PROJECT")]
    project: String,
    /// The action (`Select`, `CreateInstance`, ...).
    #[arg(long, value_name = "ACTION")]
    action: String,
    /// The object: `TYPE:NAME` (in the project) or `TYPE:PROJECT.NAME`; the project itself
    /// when omitted.
    #[arg(long, value_name = "TYPE:NAME")]
    object: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Every object and action a principal may use, and how.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  mcauth what-can --script fixtures/quickstart/sales.mcauth \
    \\\n      --principal 'RAM$owner@example.com:bob'\n\nExit codes: 0 answered, 1 bad input or \
    usage."
)]
pub struct WhatCanArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    #[command(flatten)]
    engine: EngineArgs,
    /// The principal, named as a request names it (`RAM$corp@example.com:bob`, an account
    /// ID, or `RAM$bob` for a user of the owner's account).
    #[arg(long, value_name = "NAME")]
    principal: String,
    /// Only requests that run in this project.
    #[arg(long, value_name = "PROJECT")]
    project: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// The text form of one allowed point: `lead`, the paths, and the context it depends on.
fn access_text(lead: &str, a: &Access) -> String {
    let mut s = format!("{lead}\n");
    if !a.context.is_any() {
        s.push_str(&format!("        {}\n", a.context));
    }
    for p in &a.paths {
        match &p.source {
            Some(src) => s.push_str(&format!("        {}: {}  ({src})\n", p.via, p.text)),
            None => s.push_str(&format!("        {}: {}\n", p.via, p.text)),
        }
    }
    s
}

/// Print `found` as text (`lead` per entry, then `total`) or as a JSON array.
fn print(
    found: &[Access],
    format: Format,
    lead: impl Fn(&Access) -> String,
    total: String,
) -> Result<ExitCode, CliError> {
    let mut out = Out::stdout();
    match format {
        Format::Json => {
            let json = serde_json::to_string(found).map_err(|e| CliError::Input(e.to_string()))?;
            out.write(&format!("{json}\n"))?;
        }
        Format::Text => {
            for a in found {
                out.write(&access_text(&lead(a), a))?;
            }
            out.write(&format!("{total}\n"))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Run `who-can`.
pub fn who_can(args: &WhoCanArgs) -> Result<ExitCode, CliError> {
    let action = action_arg(Some(&args.action))?;
    let project = args.project.to_ascii_lowercase();
    let mut object = match &args.object {
        None => object_arg(&format!("project:{project}"))?,
        Some(o) => object_arg(o)?,
    };
    object.project.get_or_insert_with(|| project.clone());
    let engine = args.config.engine(&args.engine)?;
    let filter = Query {
        project: Some(&args.project),
        object: Some(object),
        action,
        ..Query::default()
    }
    .filter(&[engine.model()])?;
    let found = allowed(&engine, &filter);
    let lead = |a: &Access| match (&a.ask.object.column, a.columns.as_slice()) {
        (Some(c), _) => format!("{}  (column {c} only)", a.ask.principal),
        (None, []) => a.ask.principal.clone(),
        (None, cols) => format!("{}  (and columns {})", a.ask.principal, cols.join(", ")),
    };
    let total = format!("{} allowed", found.len());
    print(&found, args.format, lead, total)
}

/// Run `what-can`.
pub fn what_can(args: &WhatCanArgs) -> Result<ExitCode, CliError> {
    let engine = args.config.engine(&args.engine)?;
    let filter = Query {
        principal: Some(&args.principal),
        project: args.project.as_deref(),
        ..Query::default()
    }
    .filter(&[engine.model()])?;
    let found = allowed(&engine, &filter);
    let total = format!("{} allowed", found.len());
    print(
        &found,
        args.format,
        |a| a.ask.headline_with(&a.columns),
        total,
    )
}
