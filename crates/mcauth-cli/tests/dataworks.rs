//! End-to-end tests of `mcauth dataworks` and of the DataWorks fixtures (`fixtures/dataworks/`):
//! the rendered scripts are what `render` prints; in the standard-mode workspace every DataWorks
//! role may do what seed 003's table gives it and nothing more, in development and production;
//! `drift` reports command-line grants beyond a member's roles.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;

const STANDARD: &str = "fixtures/dataworks/standard.json";
const BASIC: &str = "fixtures/dataworks/basic.json";

fn run(args: &[&str]) -> Run {
    mcauth_in(&workspace_root(), args)
}

#[test]
fn the_rendered_fixtures_are_what_render_prints() {
    for (workspace, script) in [
        (STANDARD, "fixtures/dataworks/standard.mcauth"),
        (BASIC, "fixtures/dataworks/basic.mcauth"),
    ] {
        let out = run(&["dataworks", "render", workspace]);
        assert_eq!(out.code, 0, "{out:#?}");
        let committed = std::fs::read_to_string(workspace_root().join(script)).unwrap();
        assert_eq!(
            out.stdout, committed,
            "{script} is stale: run `mcauth dataworks render {workspace} > {script}`"
        );
    }
}

/// The decision of every request of `fixtures/dataworks/requests.jsonl`, from seed 003's table
/// (D1–D4) and seed 004, is in this suite (run by `tests/suite.rs`).
const SUITE: &str = "fixtures/dataworks/dataworks.suite.json";

#[test]
fn every_case_name_says_what_its_expected_decision_says() {
    let cases = suite_cases(SUITE);
    assert!(cases.iter().any(|c| c.decision() == "allow"));
    for c in &cases {
        let what = c.name.as_str();
        let says_allow = what.contains(": may ") && !what.contains("may not");
        assert_eq!(
            says_allow || what.contains("acts as its owner") || what.starts_with("owner"),
            c.decision() == "allow",
            "{what}"
        );
    }
}

#[test]
fn a_freshly_rendered_configuration_has_no_drift() {
    for (workspace, script) in [
        (STANDARD, "fixtures/dataworks/standard.mcauth"),
        (BASIC, "fixtures/dataworks/basic.mcauth"),
    ] {
        let out = run(&["dataworks", "drift", workspace, "--script", script]);
        assert_eq!(out.code, 0, "{out:#?}");
        assert!(out.stdout.contains("0 differences"), "{}", out.stdout);
    }
}

#[test]
fn drift_reports_a_command_line_grant_beyond_a_members_role() {
    let args = [
        "dataworks",
        "drift",
        STANDARD,
        "--script",
        "fixtures/dataworks/standard.mcauth",
        "fixtures/dataworks/tables.mcauth",
        "fixtures/dataworks/drifted.mcauth",
        "--format",
        "json",
    ];
    let out = run(&args);
    assert_eq!(out.code, 2, "{out:#?}");
    let found = json_lines(&out.stdout);
    assert_eq!(found.len(), 2, "{}", out.stdout);
    // Projects in order: development first.
    let less = &found[0];
    assert_eq!(less["direction"], "less");
    assert_eq!(less["project"], "sales_dev");
    assert_eq!(less["subject"], "role role_project_pe");
    assert_eq!(less["what"], "no grant of Select on table *");
    let more = &found[1];
    assert_eq!(more["direction"], "more");
    assert_eq!(more["project"], "sales");
    assert_eq!(more["subject"], "user RAM$corp@example.com:ann");
    assert_eq!(
        more["what"],
        "grant Select on table orders to user RAM$corp@example.com:ann"
    );
    assert_eq!(more["source"], "fixtures/dataworks/drifted.mcauth:8:1");
    assert!(str_of(more, "workspace").starts_with("fixtures/dataworks/standard.json:13:"));

    let text = run(&args[..7]);
    assert_eq!(text.code, 2);
    assert!(
        text.stdout.contains("2 differences: 1 more, 1 less"),
        "{}",
        text.stdout
    );
}

#[test]
fn basic_mode_gives_the_development_column_in_its_one_project() {
    let ask = |who: &str, action: &str| {
        let req = format!(
            r#"{{"principal":"RAM$corp@example.com:{who}","project":"adhoc","action":"{action}"}}"#
        );
        run(&[
            "check",
            "--script",
            "fixtures/dataworks/basic.mcauth",
            "--request",
            &req,
        ])
        .code
    };
    assert_eq!(
        ask("dev", "CreateFunction"),
        0,
        "Development: all on the project"
    );
    assert_eq!(ask("ann", "CreateTable"), 0, "Data Analyst");
    assert_eq!(
        ask("ann", "CreateFunction"),
        2,
        "Data Analyst: nothing else"
    );
    assert_eq!(
        ask("etl", "CreateFunction"),
        0,
        "the scheduler: the production column"
    );
}

#[test]
fn a_broken_workspace_is_refused_with_its_position() {
    let dir = TempDir::new("dataworks-bad");
    let path = dir.0.join("ws.json");
    std::fs::write(
        &path,
        r#"{"name": "w", "mode": "basic", "owner": "ALIYUN$corp@example.com",
  "members": [{"user": "RAM$other@example.com:eve", "roles": ["Development"]}]}"#,
    )
    .unwrap();
    let out = run(&["dataworks", "render", path_str(&path)]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(
        out.stderr.contains(
            "ws.json:2:24: `RAM$other@example.com:eve` is not a RAM user of the owner's account"
        ),
        "{}",
        out.stderr
    );
    let out = run(&["dataworks", "drift", path_str(&path)]);
    assert_eq!(out.code, 1, "--script or --snapshot is required: {out:#?}");
}

/// The command lines of the "Example:" section of `help`, continuation lines (`\`) joined,
/// without the leading `mcauth`.
fn help_examples(help: &str) -> Vec<Vec<String>> {
    let section = help.split("Example:\n").nth(1).unwrap_or_default();
    let mut commands = Vec::new();
    let mut current = String::new();
    for line in section.lines() {
        if line.trim().is_empty() {
            break;
        }
        match line.trim().strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(line.trim());
                commands.push(
                    current
                        .split_whitespace()
                        .skip(1)
                        .map(String::from)
                        .collect(),
                );
                current.clear();
            }
        }
    }
    commands
}

#[test]
fn the_drift_help_example_runs() {
    let help = run(&["dataworks", "drift", "--help"]);
    assert_eq!(help.code, 0, "{help:#?}");
    assert!(help.stdout.contains(
        "Usage: mcauth dataworks drift <WORKSPACE.json> <--script <FILE>...|--snapshot \
         <FILE.json>...> [OPTIONS]"
    ));
    let examples = help_examples(&help.stdout);
    assert_eq!(examples.len(), 1, "{}", help.stdout);
    let args: Vec<&str> = examples[0].iter().map(String::as_str).collect();
    assert_eq!(args[..2], ["dataworks", "drift"]);
    let out = run(&args);
    // The example shows drift: exit 2, and a summary line.
    assert_eq!(out.code, 2, "{args:?}: {out:#?}");
    assert!(
        out.stdout.contains("2 differences: 1 more, 1 less"),
        "{out:#?}"
    );
}

/// `--script` takes every following value as a file: a workspace written after it is read as
/// a script, and the error says so, with the way out (as for `show`'s statement).
#[test]
fn a_workspace_after_the_scripts_is_named_with_the_way_out() {
    let scripts = [
        "fixtures/dataworks/standard.mcauth",
        "fixtures/dataworks/tables.mcauth",
    ];
    let mut args = vec!["dataworks", "drift", "--script"];
    args.extend(scripts);
    args.push(STANDARD);
    let run_after = run(&args);
    assert_bad_input(
        &run_after,
        &[
            &format!(
                "missing <WORKSPACE.json>: --script takes every following value as a file, so \
                 `{STANDARD}` was read as one; put the workspace before --script, or after `--`"
            ),
            "Usage: mcauth dataworks drift <WORKSPACE.json>",
        ],
    );
    // The ways out: before --script, or after `--`.
    let mut before = vec!["dataworks", "drift", STANDARD, "--script"];
    before.extend(scripts);
    let mut dashes = vec!["dataworks", "drift", "--script"];
    dashes.extend(scripts);
    dashes.extend(["--", STANDARD]);
    for args in [before, dashes] {
        let out = run(&args);
        assert_eq!(out.code, 0, "{args:?}: {out:#?}");
        assert!(out.stdout.contains("0 differences"), "{out:#?}");
    }
    // A workspace simply forgotten after one script: clap's own message.
    let out = run(&["dataworks", "drift", "--script", scripts[0]]);
    assert_bad_input(
        &out,
        &["required arguments were not provided", "<WORKSPACE.json>"],
    );
}
