//! End-to-end tests of the `mcauth` binary on `fixtures/external-data/` (seed 002): may project
//! `lake`'s external tables reach OSS, Tablestore, Hologres and DLF through RAM roles of the
//! same account and of another account? The expected decision of each request is in
//! `fixtures/external-data/external-data.suite.json` (from seed 002's trust and access policies,
//! not from the engine's output).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;

const SCRIPT: &str = "fixtures/external-data/lake.mcauth";
const REQUESTS: &str = "fixtures/external-data/requests.jsonl";

// The expected decision of every request is in
// `fixtures/external-data/external-data.suite.json` (run by `tests/suite.rs`); the test below
// checks what holds for all of them.

#[test]
fn every_answer_comes_from_ram_and_every_allow_names_the_trust_and_the_statement() {
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
    let decisions = json_lines(&run.stdout);
    assert!(
        decisions.iter().any(|d| d["decision"] == "allow"),
        "{}",
        run.stdout
    );
    for d in &decisions {
        let stage_names: Vec<String> = stages(d).into_iter().map(|(s, _)| s).collect();
        assert_eq!(stage_names, ["authentication", "ram"], "{d:#}");
        if d["decision"] == "allow" {
            // The trust policy's role and the access-policy statement, with their sources.
            let reasons = d["reasons"].as_array().unwrap();
            assert!(
                reasons.iter().any(|r| r["kind"] == "sts"),
                "the trust is named: {d:#}"
            );
            assert!(
                reasons
                    .iter()
                    .any(|r| r["kind"] == "ram_policy" && r["source"].is_string()),
                "the access statement is named with its source: {d:#}"
            );
        }
    }
}

#[test]
fn explain_names_the_trust_statement_and_the_access_statement() {
    let req = r#"{"project":"lake","assume_role":"RAM$data@example.com:role/oss-admin",
        "action":"oss:GetObject","resource":"acs:oss:*:2000000000000002:data-bucket/x",
        "time":"2026-03-01T10:00:00Z"}"#;
    let run = mcauth_in(
        &workspace_root(),
        &["explain", "--script", SCRIPT, "--request", req],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stdout.contains("1. authentication"), "{}", run.stdout);
    assert!(run.stdout.contains("2. ram"), "{}", run.stdout);
    assert!(
        run.stdout.contains("trust-odps-cross-account.json:"),
        "the trust statement with its file:line: {}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("odps.aliyuncs.com acting for 1000000000000001"),
        "{}",
        run.stdout
    );
}
