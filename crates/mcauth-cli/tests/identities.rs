//! End-to-end tests of the `mcauth` binary on `fixtures/identities/` (seeds 000, 001, 002, 004;
//! PLP §8): each identity form (AccessKey, STS token, DataWorks environment credential, bare
//! principal), each way authentication refuses, and console and tenant-level requests decided
//! by RAM alone. The expected decision of each request is in
//! `fixtures/identities/identities.suite.json` (from the seeds and `docs/semantics.md` I3–I16,
//! not from the engine's output); this file checks what holds for every decision, and explain.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;

const SCRIPT: &str = "fixtures/identities/corp.mcauth";
const REQUESTS: &str = "fixtures/identities/requests.jsonl";

fn decisions() -> Vec<serde_json::Value> {
    let run = mcauth_in(
        &workspace_root(),
        &[
            "check",
            "--script",
            SCRIPT,
            "--requests",
            REQUESTS,
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 2, "some requests are denied: {run:#?}");
    json_lines(&run.stdout)
}

// The expected decision of every request is in `fixtures/identities/identities.suite.json`
// (run by `tests/suite.rs`); the tests below check what holds for all of them.

#[test]
fn every_decision_lists_its_stages_consistently_and_an_allow_has_no_code() {
    for d in decisions() {
        if str_of(&d, "stage") != "ram" {
            assert_stages_consistent(&d);
        }
        if str_of(&d, "decision") == "allow" {
            assert!(d["code"].is_null(), "an allow has no code: {d:#}");
        }
    }
}

#[test]
fn authentication_refusals_stop_the_pipeline_and_ram_decides_console_requests_alone() {
    for d in decisions() {
        let names: Vec<String> = stages(&d)
            .into_iter()
            .filter(|(_, result)| result != "not_reached")
            .map(|(s, _)| s)
            .collect();
        match str_of(&d, "stage") {
            // Nothing after a refused identity is consulted.
            "authentication" if str_of(&d, "decision") == "deny" => {
                assert_eq!(names, ["authentication"], "{d:#}")
            }
            // Console and tenant requests never reach project stages (seed 003).
            "ram" => assert_eq!(names, ["authentication", "ram"], "{d:#}"),
            // Project requests never consult RAM policies (seed 000).
            _ => assert!(!names.iter().any(|s| s == "ram"), "{d:#}"),
        }
    }
}

#[test]
fn every_ram_refusal_carries_rams_message() {
    let decisions = decisions();
    let refusals: Vec<&serde_json::Value> = decisions
        .iter()
        .filter(|d| d["code"] == "NoPermission")
        .collect();
    assert!(!refusals.is_empty(), "the fixture has RAM refusals");
    for d in refusals {
        assert!(
            str_of(d, "message").starts_with(
                "You are not authorized to do this action. You should be authorized by RAM. "
            ),
            "{d:#}"
        );
    }
}

#[test]
fn explain_names_the_key_event_and_the_trust_policy() {
    let too_new = r#"{"access_key_id":"AK_BOB_NEW","project":"warehouse","action":"List",
        "time":"2026-03-01T09:14:59Z"}"#;
    let run = mcauth_in(
        &workspace_root(),
        &["explain", "--script", SCRIPT, "--request", too_new],
    );
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.stdout.contains("1. authentication"), "{}", run.stdout);
    assert!(
        run.stdout.contains("fixtures/identities/corp.mcauth:74:1"),
        "the statement that created the key: {}",
        run.stdout
    );

    let cross = r#"{"sts":{"role":"acs:ram::1000000000000001:role/auditor",
        "caller":"RAM$partner@example.com:eve","issued_at":"2026-03-01T10:00:00Z"},
        "project":"warehouse","action":"List","time":"2026-03-01T10:30:00Z"}"#;
    let run = mcauth_in(
        &workspace_root(),
        &["explain", "--script", SCRIPT, "--request", cross],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stdout.contains("trust-partner.json:"),
        "the trust statement with its file:line: {}",
        run.stdout
    );
}

/// Review S10 (item 2): a console `resource` that is not `acs:<service>:<region>:<account>:
/// <relative-id>` (here the MaxCompute project-policy form) is bad input, exit 1, naming the
/// expected form and, in a requests file, the field and its position.
#[test]
fn a_console_resource_that_is_not_a_full_arn_is_a_request_error() {
    let bad = r#"{"principal":"ALIYUN$corp@example.com","action":"odps:GetProject","resource":"acs:odps:*:projects/warehouse"}"#;
    let form = "invalid request: invalid `resource` `acs:odps:*:projects/warehouse`: expected an \
                ARN `acs:<service>:<region>:<account>:<relative-id>`, e.g. \
                `acs:odps:cn-hangzhou:1000000000000001:projects/sales`";
    let run = mcauth_in(
        &workspace_root(),
        &["check", "--script", SCRIPT, "--request", bad],
    );
    // Inline JSON is named `--request`, at the same place as in a file.
    let column = bad.find(r#""acs:odps:*"#).unwrap() + 1;
    assert_bad_input(
        &run,
        &[&format!("--request:1:{column}: {form} (field `resource`)")],
    );
    let dir = TempDir::new("console-arn");
    let path = dir.write("r.jsonl", &format!("{bad}\n"));
    let run = mcauth_in(
        &workspace_root(),
        &["check", "--script", SCRIPT, "--requests", path_str(&path)],
    );
    let at = format!("{}:1:{column}: {form} (field `resource`)", path.display());
    assert_bad_input(&run, &[&at]);
}

/// An STS token that expires no later than it is issued is bad input (exit 1, semantics I7),
/// pointed at its `expiration` in a requests file.
#[test]
fn an_expiration_before_the_issue_time_is_bad_input_at_the_field() {
    let dir = TempDir::new("expiration");
    let bad = r#"{"sts":{"environment":"dev_alice","issued_at":"2026-03-01T10:00:00Z","expiration":"2026-03-01T09:00:00Z"},"project":"warehouse","action":"List"}"#;
    let column = bad.find(r#""2026-03-01T09"#).unwrap() + 1;
    let path = dir.write("r.jsonl", &format!("{bad}\n"));
    let run = mcauth_in(
        &workspace_root(),
        &["check", "--script", SCRIPT, "--requests", path_str(&path)],
    );
    assert_bad_input(
        &run,
        &[
            &format!("{}:1:{column}: ", path.display()),
            "invalid request: `sts.expiration` `2026-03-01T09:00:00Z` is not after \
             `sts.issued_at` `2026-03-01T10:00:00Z`: the token would expire 3600 seconds before \
             it is issued",
            "(field `sts.expiration`)",
        ],
    );
    assert!(!run.stderr.contains("0 seconds is outside"), "{run:#?}");
}
