//! End-to-end tests of the `mcauth` binary on `fixtures/identities/` (seeds 000, 001, 002, 004;
//! PLP §8): each identity form (AccessKey, STS token, DataWorks environment credential, bare
//! principal), each way authentication refuses, and console and tenant-level requests decided
//! by RAM alone. Expectations come from the seeds and `docs/semantics.md` I3–I16, not from the
//! engine's output.
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

/// One request of the fixture: what it shows, and the decision the documentation gives it.
struct Case {
    what: &'static str,
    decision: &'static str,
    stage: &'static str,
    /// The decision's `code` (`None` for an allow).
    code: Option<&'static str>,
    /// A fragment of the message or of a reason.
    says: &'static str,
}

const fn case(
    what: &'static str,
    decision: &'static str,
    stage: &'static str,
    code: Option<&'static str>,
    says: &'static str,
) -> Case {
    Case {
        what,
        decision,
        stage,
        code,
        says,
    }
}

/// In file order.
const EXPECTED: &[Case] = &[
    case(
        "access key",
        "allow",
        "permission",
        None,
        "grant Select on table orders to user RAM$corp@example.com:alice",
    ),
    case(
        "unknown key",
        "deny",
        "authentication",
        Some("InvalidAccessKeyId.NotFound"),
        "`AK_NOBODY`",
    ),
    case(
        "disabled key (I3: at once)",
        "deny",
        "authentication",
        Some("InvalidAccessKeyId.Inactive"),
        "disabled at 2026-03-01T09:00:00Z",
    ),
    case(
        "key too new (I3: 15 minutes)",
        "deny",
        "authentication",
        Some("InvalidAccessKeyId.NotYetEffective"),
        "at 2026-03-01T09:15:00Z",
    ),
    case(
        "key after the delay",
        "allow",
        "permission",
        None,
        "grant CreateInstance on project warehouse to user RAM$corp@example.com:bob",
    ),
    case(
        "RAM AdministratorAccess gives nothing in a project (I15)",
        "deny",
        "permission",
        Some("4019"),
        "odps:Select",
    ),
    case(
        "sts session",
        "allow",
        "permission",
        None,
        "to user RAM$corp@example.com:role/etl",
    ),
    case(
        "sts expired (I8: expiry excluded)",
        "deny",
        "authentication",
        Some("InvalidSecurityToken.Expired"),
        "expired at 2026-03-01T12:00:00Z",
    ),
    case(
        "sts longer than the role's maximum (I7)",
        "deny",
        "authentication",
        Some("InvalidParameter.DurationSeconds"),
        "900 to 7200",
    ),
    case(
        "sts caller without sts:AssumeRole (I8)",
        "deny",
        "authentication",
        Some("NoPermission"),
        "may not call sts:AssumeRole",
    ),
    case(
        "sts cross-account caller",
        "allow",
        "permission",
        None,
        "grant Describe on table orders to user RAM$corp@example.com:role/auditor",
    ),
    case(
        "sts session has the role's grants only",
        "deny",
        "permission",
        Some("4019"),
        "odps:Select",
    ),
    case(
        "sts caller not in the trust policy",
        "deny",
        "authentication",
        Some("NoPermission"),
        "trust-partner.json",
    ),
    case(
        "sts undeclared role",
        "deny",
        "authentication",
        Some("EntityNotExist.Role"),
        "role/ghost",
    ),
    case(
        "environment credential (I14)",
        "allow",
        "permission",
        None,
        "to user RAM$corp@example.com:role/dataworks-dev",
    ),
    case(
        "environment credential expired",
        "deny",
        "authentication",
        Some("InvalidSecurityToken.Expired"),
        "expired at 2026-03-01T11:00:00Z",
    ),
    case(
        "environment with the DataWorks default role acts as its owner (I16)",
        "allow",
        "permission",
        None,
        "grant Describe on table orders to user RAM$corp@example.com:alice",
    ),
    case(
        "public environment has no credential (seed 004)",
        "deny",
        "authentication",
        Some("EntityNotExist.Role"),
        "public",
    ),
    case(
        "missing ram account provider",
        "deny",
        "authentication",
        Some("lack_of_account_provider"),
        "lack of account provider",
    ),
    case(
        "account owner",
        "allow",
        "permission",
        None,
        "owns project legacy",
    ),
    case(
        "console allowed by a system policy",
        "allow",
        "ram",
        None,
        "AliyunMaxComputeFullAccess",
    ),
    case(
        "console explicit Deny beats AdministratorAccess",
        "deny",
        "ram",
        Some("NoPermission"),
        "deny-project-admin.json",
    ),
    case(
        "console nothing allows",
        "deny",
        "ram",
        Some("NoPermission"),
        "Neither a RAM policy nor a tenant-level role",
    ),
    case(
        "console account on its own resource (I11)",
        "allow",
        "ram",
        None,
        "Alibaba Cloud account",
    ),
    case(
        "tenant role allows (I12)",
        "allow",
        "ram",
        None,
        "quota-admin.json",
    ),
    case(
        "tenant role Deny",
        "deny",
        "ram",
        Some("NoPermission"),
        "Deny odps:DeleteQuota",
    ),
];

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

#[test]
fn every_identity_form_and_every_refusal_reaches_its_documented_decision() {
    let decisions = decisions();
    assert_eq!(decisions.len(), EXPECTED.len(), "one decision per request");
    for (d, c) in decisions.iter().zip(EXPECTED) {
        let what = c.what;
        assert_eq!(d["decision"], c.decision, "{what}: {d:#}");
        assert_eq!(d["stage"], c.stage, "{what}: {d:#}");
        match c.code {
            Some(code) => assert_eq!(d["code"], code, "{what}: {d:#}"),
            None => assert!(d["code"].is_null(), "{what}: an allow has no code: {d:#}"),
        }
        assert!(
            d.to_string().contains(c.says),
            "{what}: expected `{}` in {d:#}",
            c.says
        );
        if c.stage != "ram" {
            assert_stages_consistent(d);
        }
    }
}

#[test]
fn authentication_refusals_stop_the_pipeline_and_ram_decides_console_requests_alone() {
    for (d, c) in decisions().iter().zip(EXPECTED) {
        let names: Vec<String> = stages(d)
            .into_iter()
            .filter(|(_, result)| result != "not_reached")
            .map(|(s, _)| s)
            .collect();
        let what = c.what;
        match c.stage {
            // Nothing after a refused identity is consulted.
            "authentication" => assert_eq!(names, ["authentication"], "{what}"),
            // Console and tenant requests never reach project stages (seed 003).
            "ram" => assert_eq!(names, ["authentication", "ram"], "{what}"),
            // Project requests never consult RAM policies (seed 000).
            _ => assert!(!names.iter().any(|s| s == "ram"), "{what}: {names:?}"),
        }
    }
}

#[test]
fn every_ram_refusal_carries_rams_message() {
    for (d, c) in decisions().iter().zip(EXPECTED) {
        if c.code == Some("NoPermission") {
            assert!(
                str_of(d, "message").starts_with(
                    "You are not authorized to do this action. You should be authorized by RAM. "
                ),
                "{}: {d:#}",
                c.what
            );
        }
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
    assert_bad_input(&run, &[&format!("--request: {form}")]);
    let dir = TempDir::new("console-arn");
    let path = dir.write("r.jsonl", &format!("{bad}\n"));
    let column = bad.find(r#""acs:odps:*"#).unwrap() + 1;
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
