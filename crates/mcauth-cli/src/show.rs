//! `mcauth show`: MaxCompute query statements against the configuration.

use crate::config::ConfigArgs;
use crate::output::Out;
use crate::CliError;
use clap::Args;
use mcauth::show::{show, ShowError};
use std::process::ExitCode;

/// Run a MaxCompute query statement: `show grants [for ...]`, `show grants for role`,
/// `show acl for ... [on type ...]`, `describe role`, `list users`, `list roles`,
/// `list accountproviders`, `show SecurityConfiguration`, `get policy [on role ...]`, `whoami`,
/// `show packages`, `describe package`, `list trustedprojects`, `show label grants`,
/// `describe <table>`.
#[derive(Debug, Args)]
#[command(
    // The statement first: `--script` and `--snapshot` take every following value as a file.
    override_usage = "mcauth show <STATEMENT> <--script <FILE>...|--snapshot <FILE.json>...> \
                      [OPTIONS]",
    after_help = "Examples:\n  mcauth show 'show grants for RAM$owner@example.com:bob' \\\n      \
    --script fixtures/quickstart/sales.mcauth --project sales\n  \
    mcauth show 'show acl for orders' --script fixtures/quickstart/sales.mcauth --project sales\n\n\
    Put the statement before --script or --snapshot, which take every following value as a \
    file, or after `--`.\n\n\
    Statements:\n  \
    show grants [for [user] <principal> | for role <role>];   describe role <role>;\n  \
    show acl for <object> [on type <type>];   (a package: <project>.<package> on type package)\n  \
    list users;  list roles;  list accountproviders;  list trustedprojects;  whoami;\n  \
    show SecurityConfiguration;   get policy [on role <role>];\n  \
    show packages;   (created here, then installed here)\n  \
    describe package [<project>.]<package>;   (created here, or installed here)\n  \
    show label [<level>] grants [for [user] <principal>];\n  \
    show label [<level>] grants on table <table> [for [user] <principal>];\n  \
    describe <table>;\n\n\
    `show label <level> grants` keeps the grants of exactly that level; expired grants are \
    listed until `clear expired grants`. `describe <table>` always prints TableLabel, \
    MaxLabel and each data column's Label (0 where nothing is set), whether LabelSecurity is \
    on or not; partition columns have no label.\n\n\
    The query runs in --project (default: the scripts' last `use`) as --as (default: the \
    project owner), and needs what MaxCompute requires of it: `show grants` and `show label \
    grants` for oneself need nothing, `describe <table>` needs Describe on the table, the \
    others their management action (ShowPackages, DescribePackage, ListTrustedProjects, \
    ShowLabelGrants, ...).\n\n\
    Exit codes: 0 shown, 2 the principal may not run the query, 1 bad input or usage."
)]
pub struct ShowArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    /// The project to run the query in (default: the scripts' last `use`).
    #[arg(long, value_name = "PROJECT")]
    project: Option<String>,
    /// The principal that runs the query (default: the project owner).
    #[arg(long = "as", value_name = "PRINCIPAL")]
    principal: Option<String>,
    /// The query statement, e.g. 'show grants for role worker;'; put it before --script.
    #[arg(value_name = "STATEMENT")]
    pub(crate) statement: String,
}

/// Run `show`.
pub fn run(args: &ShowArgs) -> Result<ExitCode, CliError> {
    let query = mcauth::script::parse_query(&args.statement)?;
    let model = args.config.model()?;
    match show(
        &model,
        args.project.as_deref(),
        args.principal.as_deref(),
        &query,
    ) {
        Ok(text) => {
            let mut out = Out::stdout();
            out.write(&text)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ ShowError::Denied(..)) => {
            eprintln!("denied: {e}");
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(CliError::Input(e.to_string())),
    }
}
