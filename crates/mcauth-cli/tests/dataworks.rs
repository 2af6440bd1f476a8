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
