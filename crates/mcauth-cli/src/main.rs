//! `mcauth`: check, explain and export MaxCompute authorization configurations.
//!
//! Exit codes: 0 allowed, 2 denied (any request denied), 1 bad input or usage.

mod access;
mod batch;
mod check;
mod config;
mod dataworks;
mod diff;
mod explain;
mod export;
mod lint;
mod output;
mod query;
mod requests;
mod show;
mod suite;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use mcauth::Input;
use std::ffi::OsString;
use std::process::ExitCode;

/// An error that ends the command with exit code 1, printed on stderr.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The configuration did not load.
    #[error("{0}")]
    Load(#[from] mcauth::LoadError),
    /// Input other than the configuration is not valid: a request, a requests file, a suite, a
    /// workspace file, a query statement, an option's value.
    #[error("{0}")]
    Input(String),
    /// Output could not be written.
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Debug, Parser)]
#[command(
    name = "mcauth",
    version,
    about = "Decide MaxCompute (ODPS) requests against odpscmd security scripts, and say why",
    long_about = "mcauth models the MaxCompute authorization flow: authentication, project \
                  membership, IP whitelist, project status and the permission check. It loads \
                  configuration written as odpscmd security statements and decides requests, \
                  naming the stage and the script line that decided.",
    after_help = "Example:\n  mcauth check --script fixtures/quickstart/sales.mcauth \\\n      \
                  --requests fixtures/quickstart/requests.jsonl\n\nExit codes: 0 allowed, 2 \
                  denied, 1 bad input or usage."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Check(check::CheckArgs),
    Explain(explain::ExplainArgs),
    Export(export::ExportArgs),
    Lint(lint::LintArgs),
    Show(show::ShowArgs),
    Diff(diff::DiffArgs),
    WhoCan(access::WhoCanArgs),
    WhatCan(access::WhatCanArgs),
    Test(suite::TestArgs),
    /// DataWorks workspaces: render the MaxCompute configuration they imply, find drift.
    #[command(subcommand)]
    Dataworks(dataworks::DataWorksCommand),
}

impl Command {
    /// The configuration options of the command, if it loads a configuration.
    fn config_mut(&mut self) -> Option<&mut config::ConfigArgs> {
        match self {
            Command::Check(a) => Some(&mut a.config),
            Command::Explain(a) => Some(&mut a.config),
            Command::Export(a) => Some(&mut a.config),
            Command::Lint(a) => Some(&mut a.config),
            Command::Show(a) => Some(&mut a.config),
            Command::Diff(_) => None,
            Command::WhoCan(a) => Some(&mut a.config),
            Command::WhatCan(a) => Some(&mut a.config),
            Command::Test(_) => None,
            Command::Dataworks(c) => c.config_mut(),
        }
    }
}

/// The matches of the innermost subcommand (`dataworks drift` has two levels).
fn innermost(matches: &clap::ArgMatches) -> Option<&clap::ArgMatches> {
    let (_, sub) = matches.subcommand()?;
    Some(innermost(sub).unwrap_or(sub))
}

/// `cmd` with every positional of the commands that take `--script` made optional, so that a
/// command line whose positional went to the file list still parses.
fn relaxed(cmd: clap::Command) -> clap::Command {
    let cmd = if takes_files(&cmd) {
        cmd.mut_args(|a| {
            if a.is_positional() {
                a.required(false)
            } else {
                a
            }
        })
    } else {
        cmd
    };
    cmd.mut_subcommands(relaxed)
}

/// Whether `cmd` takes `--script` and `--snapshot` (flattened [`config::ConfigArgs`]).
fn takes_files(cmd: &clap::Command) -> bool {
    cmd.get_arguments().any(|a| a.get_id() == "script")
}

/// `mcauth show --script F 'whoami'`, `mcauth dataworks drift --script F W.json`: `--script`
/// and `--snapshot` take every following value as a file, so a positional written after them
/// (the statement, the workspace) went to the file list and clap reports it missing. When the
/// innermost subcommand misses a required positional and the last file value is not a file,
/// or is one of several, say so, with the way out, instead of clap's bare "required arguments
/// were not provided".
fn swallowed_positional(args: &[OsString]) -> Option<clap::Error> {
    let matches = relaxed(Cli::command()).try_get_matches_from(args).ok()?;
    let mut path = Vec::new();
    let mut sub = &matches;
    while let Some((name, inner)) = sub.subcommand() {
        path.push(name.to_string());
        sub = inner;
    }
    let mut cmd = Cli::command();
    cmd.build();
    let mut inner = &mut cmd;
    for name in &path {
        inner = inner.find_subcommand_mut(name)?;
    }
    if !takes_files(inner) {
        return None;
    }
    let (id, value_name) = inner
        .get_positionals()
        .filter(|a| a.is_required_set() && !sub.contains_id(a.get_id().as_str()))
        .map(|a| {
            let id = a.get_id().to_string();
            let value_name = a
                .get_value_names()
                .and_then(|n| n.first())
                .map_or_else(|| id.to_uppercase(), ToString::to_string);
            (id, value_name)
        })
        .next()?;
    let inputs = config::ordered_inputs(sub);
    let count = inputs.len();
    let (flag, last) = match inputs.into_iter().next_back()? {
        Input::Script(p) => ("--script", p),
        Input::Snapshot(p) => ("--snapshot", p),
    };
    let way_out = format!("put the {id} before {flag}, or after `--`");
    let message = if !last.exists() {
        format!(
            "missing <{value_name}>, and `{}` is not a file: {flag} takes every following \
             value as a file; {way_out}",
            last.display()
        )
    } else if count > 1 {
        format!(
            "missing <{value_name}>: {flag} takes every following value as a file, so `{}` \
             was read as one; {way_out}",
            last.display()
        )
    } else {
        return None;
    };
    Some(inner.error(ErrorKind::MissingRequiredArgument, message))
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let parsed = Cli::command()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let cli = match parsed {
        Ok((mut cli, matches)) => {
            if let (Some(sub), Some(config)) = (innermost(&matches), cli.command.config_mut()) {
                config.inputs = config::ordered_inputs(sub);
            }
            cli
        }
        Err(e) => {
            // `--help` and `--version` are not errors; every usage error exits 1 (design §5),
            // never clap's 2, which means "denied" here.
            let code = if e.use_stderr() { 1 } else { 0 };
            let e = match e.kind() {
                ErrorKind::MissingRequiredArgument => swallowed_positional(&args).unwrap_or(e),
                _ => e,
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Check(a) => check::run(&a),
        Command::Explain(a) => explain::run(&a),
        Command::Export(a) => export::run(&a),
        Command::Lint(a) => lint::run(&a),
        Command::Show(a) => show::run(&a),
        Command::Diff(a) => diff::run(&a),
        Command::WhoCan(a) => access::who_can(&a),
        Command::WhatCan(a) => access::what_can(&a),
        Command::Test(a) => suite::run(&a),
        Command::Dataworks(c) => dataworks::run(&c),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
