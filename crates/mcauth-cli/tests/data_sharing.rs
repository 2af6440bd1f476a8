//! End-to-end tests of the `mcauth` binary on `fixtures/data-sharing/` (a source project
//! `finance` sharing labelled, protected data with a consumer project `marketing` through a
//! package). Every expectation, here and in `fixtures/data-sharing/data-sharing.suite.json`
//! (the decision of each request), comes from `spec/principals-labels-packages.md` (cited as
//! PLP §n) and design §3–§5, not from the engine's output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;

const SOURCE: &str = "fixtures/data-sharing/source.mcauth";
const CONSUMER: &str = "fixtures/data-sharing/consumer.mcauth";
const REQUESTS: &str = "fixtures/data-sharing/requests.jsonl";
const SUITE: &str = "fixtures/data-sharing/data-sharing.suite.json";

// ------------------------------------------------------------------------------- helpers

/// `mcauth <cmd> --script source --script consumer <rest...>`.
fn with_scripts(cmd: &str, rest: &[&str]) -> Run {
    let mut args = vec![cmd, "--script", SOURCE, "--script", CONSUMER];
    args.extend_from_slice(rest);
    mcauth_in(&workspace_root(), &args)
}

/// The request on line `n` (1-based) of the fixture's requests file.
fn request(n: usize) -> String {
    let text = std::fs::read_to_string(workspace_root().join(REQUESTS)).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .nth(n - 1)
        .unwrap()
        .to_string()
}

// ------------------------------------------------------------------------------- check

// The expected decision of every request is in `fixtures/data-sharing/data-sharing.suite.json`
// (run by `tests/suite.rs`), each with the passage of the spec it comes from; the tests below
// check what holds for all of them, and the text output.

#[test]
fn every_decision_lists_its_stages_consistently() {
    let run = with_scripts("check", &["--requests", REQUESTS, "--format", "json"]);
    assert_eq!(run.code, 2, "some requests are denied: {run:#?}");
    assert!(run.stderr.is_empty(), "{run:#?}");
    for d in json_lines(&run.stdout) {
        assert_stages_consistent(&d);
    }
}

#[test]
fn label_package_and_protection_denials_name_their_sources() {
    // design §4: reasons name the labels, packages and rules that decided, with
    // `file:line[:column]`. (Line 11, no Read on the package, is decided by the absence of a
    // grant: like any implicit [4019] it has nothing to point at.)
    let run = with_scripts("check", &["--requests", REQUESTS, "--format", "json"]);
    for (i, d) in json_lines(&run.stdout).iter().enumerate() {
        if str_of(d, "decision") != "deny" || i + 1 == 11 {
            continue;
        }
        let reasons = d["reasons"].as_array().unwrap();
        assert!(
            reasons.iter().any(|r| r["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("fixtures/data-sharing/"))),
            "line {}: no reason names a fixture line: {d}",
            i + 1
        );
    }
}

#[test]
fn check_text_format_shows_one_block_per_request() {
    let run = with_scripts("check", &["--requests", REQUESTS]);
    assert_eq!(run.code, 2, "{run:#?}");
    let heads: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("allow ") || l.starts_with("deny "))
        .collect();
    let cases = suite_cases(SUITE);
    assert_eq!(heads.len(), cases.len(), "{}", run.stdout);
    for (head, c) in heads.iter().zip(&cases) {
        let want = format!("{:<5}  {:<14}  ", c.decision(), c.stage().unwrap());
        assert!(head.starts_with(&want), "{head} ({})", c.name);
    }
    assert!(run.stdout.contains("[4021]"), "{}", run.stdout);
    assert!(run.stdout.contains("[label]"), "{}", run.stdout);
}

#[test]
fn single_requests_exit_0_when_allowed_and_2_when_denied() {
    for c in suite_cases(SUITE) {
        let req = c.request.to_string();
        let run = with_scripts("check", &["--request", &req, "--format", "json"]);
        let want = if c.decision() == "allow" { 0 } else { 2 };
        assert_eq!(run.code, want, "{}: {run:#?}", c.name);
    }
}

// ------------------------------------------------------------------------------- explain

#[test]
fn explain_a_label_deny_shows_the_labels_compared() {
    let run = with_scripts("explain", &["--request", &request(2)]);
    assert_eq!(run.code, 2, "{run:#?}");
    let out = &run.stdout;
    assert!(out.contains("DENY"), "{out}");
    assert!(out.contains("5. permission"), "{out}");
    // Both columns were compared: customer_id (table label 1) passed, credit_limit (3) failed.
    for want in [
        "column customer_id of finance.customers has sensitivity 1",
        "column credit_limit of finance.customers has sensitivity 3",
        "the effective level is 2 (set label 2 to role accountant)",
        "No-ReadUp",
        "source.mcauth:70:1", // set label 3 to table customers(credit_limit)
        "source.mcauth:74:1", // set label 2 to role accountant
    ] {
        assert!(out.contains(want), "explain should show {want:?}:\n{out}");
    }
}

#[test]
fn explain_a_package_label_deny_shows_the_cap() {
    let run = with_scripts("explain", &["--request", &request(8)]);
    assert_eq!(run.code, 2, "{run:#?}");
    let out = &run.stdout;
    for want in [
        "column email of finance.customers has sensitivity 2",
        "allowed using label 1",
        "source.mcauth:90:1", // allow project marketing ... using label 1
    ] {
        assert!(out.contains(want), "explain should show {want:?}:\n{out}");
    }
}

#[test]
fn explain_a_package_allow_shows_the_package_consulted() {
    let run = with_scripts("explain", &["--request", &request(6)]);
    assert_eq!(run.code, 0, "{run:#?}");
    let out = &run.stdout;
    assert!(out.contains("ALLOW"), "{out}");
    for want in [
        "package finance.finance_share",
        "installed in marketing",
        "gives Describe, Select on table revenue",
        "grant Read on package finance.finance_share to role analyst",
        "allowed using label 1",
        "CreateInstance on project marketing",
        "consumer.mcauth:38:1", // grant Read on package
    ] {
        assert!(out.contains(want), "explain should show {want:?}:\n{out}");
    }
}

#[test]
fn explain_a_4021_shows_the_protection_rule_and_the_exemptions_tried() {
    let run = with_scripts("explain", &["--request", &request(12)]);
    assert_eq!(run.code, 2, "{run:#?}");
    let out = &run.stdout;
    for want in [
        "[4021]",
        "project 'finance' is protected",
        "ProjectProtection=true on project finance",
        "source.mcauth:96:1", // set ProjectProtection=true with exception ...
        "not a trusted project of finance (trusted: audit)",
        "exception policy fixtures/data-sharing/finance-exception.json",
        "not through a package",
        // the package path was tried first and had nothing for ledger
        "holds no table ledger",
    ] {
        assert!(out.contains(want), "explain should show {want:?}:\n{out}");
    }
}
