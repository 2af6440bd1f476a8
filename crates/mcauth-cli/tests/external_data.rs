//! End-to-end tests of the `mcauth` binary on `fixtures/external-data/` (seed 002): may project
//! `lake`'s external tables reach OSS, Tablestore, Hologres and DLF through RAM roles of the
//! same account and of another account? Expectations come from seed 002's trust and access
//! policies, not from the engine's output.
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

/// (comment, decision, stage, a fragment of the message or a reason) per request, in file order.
const EXPECTED: &[(&str, &str, &str, &str)] = &[
    ("oss same-account", "allow", "ram", "oss-access.json"),
    ("oss cross-account", "allow", "ram", "oss-access.json"),
    ("oss PutBucketAcl", "deny", "ram", "None of"),
    (
        "oss misconfigured trust",
        "deny",
        "authentication",
        "trust policy",
    ),
    ("tablestore same-account", "allow", "ram", "ots-access.json"),
    (
        "tablestore cross-account",
        "allow",
        "ram",
        "ots-access.json",
    ),
    ("tablestore DeleteTable", "deny", "ram", "None of"),
    ("hologres account", "allow", "ram", "hologres-access.json"),
    ("hologres idp", "allow", "ram", "hologres-access.json"),
    (
        "hologres cross-account",
        "allow",
        "ram",
        "hologres-access.json",
    ),
    ("hologres other instance", "deny", "ram", "None of"),
    ("dlf same-account", "allow", "ram", "dlf-oss-access.json"),
    ("dlf cross-account", "allow", "ram", "dlf-oss-access.json"),
    ("dlf GrantPermissions", "deny", "ram", "None of"),
    (
        "undeclared role",
        "deny",
        "authentication",
        "does not exist",
    ),
    // Review S5: MaxCompute's service-linked roles are not assumed for an external table.
    (
        "dlf through the Lakehouse service-linked role",
        "deny",
        "authentication",
        "aliyunserviceroleformaxcomputelakehouse is a service-linked role (MaxCompute access \
         to Paimon_DLF (DLF catalogs) as the task's executor, trusted service \
         lakehouse.odps.aliyuncs.com): MaxCompute uses it itself and passes the task \
         executor's identity",
    ),
    (
        "hologres through the IdentityMgmt service-linked role",
        "deny",
        "authentication",
        "aliyunserviceroleformaxcomputeidentitymgmt is a service-linked role (MaxCompute \
         access to Hologres",
    ),
];

#[test]
fn every_data_source_is_answered_allowed_and_denied_with_the_statements_named() {
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
    assert_eq!(decisions.len(), EXPECTED.len(), "{}", run.stdout);
    for (d, (name, decision, stage, fragment)) in decisions.iter().zip(EXPECTED) {
        assert_eq!(d["decision"], *decision, "{name}: {d:#}");
        assert_eq!(d["stage"], *stage, "{name}: {d:#}");
        let stage_names: Vec<String> = stages(d).into_iter().map(|(s, _)| s).collect();
        assert_eq!(stage_names, ["authentication", "ram"], "{name}");
        let text = d.to_string();
        assert!(
            text.contains(fragment),
            "{name}: expected `{fragment}` in {d:#}"
        );
        if *decision == "allow" {
            // The trust policy's role and the access-policy statement, with their sources.
            let reasons = d["reasons"].as_array().unwrap();
            assert!(
                reasons.iter().any(|r| r["kind"] == "sts"),
                "{name}: the trust is named: {d:#}"
            );
            assert!(
                reasons
                    .iter()
                    .any(|r| r["kind"] == "ram_policy" && r["source"].is_string()),
                "{name}: the access statement is named with its source: {d:#}"
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
