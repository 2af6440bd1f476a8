//! End-to-end tests of the `mcauth` binary on `fixtures/data-sharing/` (a source project
//! `finance` sharing labelled, protected data with a consumer project `marketing` through a
//! package). Every expectation below comes from `spec/principals-labels-packages.md` (cited as
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
use serde_json::Value;

const SOURCE: &str = "fixtures/data-sharing/source.mcauth";
const CONSUMER: &str = "fixtures/data-sharing/consumer.mcauth";
const REQUESTS: &str = "fixtures/data-sharing/requests.jsonl";

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

/// One expected decision: a line of `requests.jsonl`.
struct Expect {
    /// What the line exercises.
    what: &'static str,
    decision: &'static str,
    stage: &'static str,
    /// `code` of a deny.
    code: Option<&'static str>,
    /// `deny_kind` of a deny.
    deny_kind: Option<&'static str>,
    /// Fragments the message must contain (deny).
    message: &'static [&'static str],
    /// (reason kind, text fragment, source fragment or "") that must be among the reasons.
    reasons: &'static [(&'static str, &'static str, &'static str)],
}

const fn allow(
    what: &'static str,
    reasons: &'static [(&'static str, &'static str, &'static str)],
) -> Expect {
    Expect {
        what,
        decision: "allow",
        stage: "permission",
        code: None,
        deny_kind: None,
        message: &[],
        reasons,
    }
}

const fn deny(
    what: &'static str,
    code: &'static str,
    deny_kind: &'static str,
    message: &'static [&'static str],
    reasons: &'static [(&'static str, &'static str, &'static str)],
) -> Expect {
    Expect {
        what,
        decision: "deny",
        stage: "permission",
        code: Some(code),
        deny_kind: Some(deny_kind),
        message,
        reasons,
    }
}

/// The expected decision of each line of `fixtures/data-sharing/requests.jsonl`, in order.
const EXPECTED: [Expect; 16] = [
    // 1. alice (role accountant, level 2 by `set label 2 to role accountant`) reads
    //    customers(customer_id=1, email=2) in finance: Select by ACL and 2 <= 2 (PLP §3.3:
    //    allow_read = SELECT ∧ sens(c) <= eff; base = max of user and role labels).
    allow(
        "direct member read",
        &[
            (
                "grant",
                "grant Select on table * to role accountant",
                "source.mcauth",
            ),
            (
                "label",
                "column email of finance.customers has sensitivity 2",
                "source.mcauth",
            ),
        ],
    ),
    // 2. alice reads credit_limit (3): No-ReadUp, 3 > 2 (PLP §3.1, §3.3).
    deny(
        "label deny (No-ReadUp)",
        "label",
        "implicit",
        &["credit_limit", "is 3", "effective label is 2", "No-ReadUp"],
        &[
            (
                "label",
                "column credit_limit of finance.customers has sensitivity 3",
                "source.mcauth",
            ),
            ("label", "effective label is 2", "source.mcauth"),
        ],
    ),
    // 3. bob (level 1) holds `grant label 3 on table customers(credit_limit) ... with exp 30`
    //    from 2026-03-01: on 2026-03-15 the grant lifts him to 3 on that column (PLP §3.2,
    //    §3.3 grant(U,T,c); E8).
    allow(
        "label grant lifts",
        &[(
            "label",
            "the effective level is 3 (grant label 3",
            "source.mcauth",
        )],
    ),
    // 4. the same on 2026-04-15: the grant expired on 2026-03-31, bob is back at 1 (PLP §3.3:
    //    "Expired grants no longer count").
    deny(
        "expired label grant",
        "label",
        "implicit",
        &["credit_limit", "is 3", "effective label is 1"],
        &[("label", "effective label is 1", "source.mcauth")],
    ),
    // 5. carol holds the built-in admin role: all resource operations, and exempt from
    //    No-ReadUp (PLP §2.2, §3.3 Recommended), so every column of customers is readable.
    allow(
        "admin exempt from labels",
        &[("builtin_role", "admin", "source.mcauth")],
    ),
    // 6. mia, user of marketing only, reads finance.revenue(region, amount) (sensitivity 1)
    //    through the installed package: Select in the package, Read on the package via role
    //    analyst, 1 <= using label 1, CreateInstance in marketing (PLP §4.2 step 3).
    allow(
        "package path",
        &[
            ("package", "package finance.finance_share", "source.mcauth"),
            (
                "grant",
                "grant Read on package finance.finance_share to role analyst",
                "consumer.mcauth",
            ),
            (
                "grant",
                "CreateInstance on project marketing",
                "consumer.mcauth",
            ),
        ],
    ),
    // 7. forecast is in the package `with privileges Describe`: no Select through it (PLP §4.2
    //    (a); E12). mia is no user of finance, so the package refusal decides.
    deny(
        "package Describe-only object",
        "4019",
        "implicit",
        &[
            "odps:Select",
            "through package finance.finance_share",
            "Describe",
        ],
        &[(
            "package",
            "table forecast is in package finance.finance_share with Describe",
            "source.mcauth:",
        )],
    ),
    // 8. mia reads customers.email (2) through the package: the cap `using label 1` applies to
    //    every user of marketing (PLP §4.1 allow project, §4.2 (e); E11).
    deny(
        "package label cap",
        "label",
        "implicit",
        &["email", "is 2", "effective label is 1"],
        &[
            (
                "label",
                "column email of finance.customers has sensitivity 2",
                "source.mcauth",
            ),
            ("label", "allowed using label 1", "source.mcauth"),
        ],
    ),
    // 9. noah holds, in marketing, a label grant of 2 on the package table's email column:
    //    eff = max(cap 1, grant 2) = 2 (PLP §4.2 (e); C10 reconciled with max).
    allow(
        "consumer label grant lifts past the cap",
        &[
            ("package", "package finance.finance_share", "source.mcauth"),
            (
                "grant",
                "grant Select on table customers to role crm",
                "consumer.mcauth",
            ),
            (
                "label",
                "the effective level is 2 (grant label 2",
                "consumer.mcauth",
            ),
        ],
    ),
    // 10. omar has Read on the package (role analyst) but customers carries a refobject ACL in
    //     marketing for role crm only: it narrows (PLP §4.2 (d), Recommended).
    deny(
        "refobject ACL narrows",
        "4019",
        "implicit",
        &["through package finance.finance_share", "refobject"],
        &[(
            "package",
            "refobject ACL grants on table customers in marketing",
            "consumer.mcauth",
        )],
    ),
    // 11. pat is a user of marketing with CreateInstance but no Read on the package (PLP §4.1
    //     "you must have the Read permission on the package"; E10).
    deny(
        "no Read on the package",
        "4019",
        "implicit",
        &[
            "through package finance.finance_share",
            "no Read on package",
        ],
        &[(
            "package",
            "has no Read on package finance.finance_share in project marketing",
            "consumer.mcauth:37",
        )],
    ),
    // 12. dan, a user of finance with Select on ledger (not in the package), reads it from a
    //     job in marketing: outflow from protected finance (PLP §5; E13, E15).
    deny(
        "ProjectProtection outflow",
        "4021",
        "explicit",
        &[
            "odps:Select",
            "projects/finance/tables/ledger",
            "project 'finance' is protected",
        ],
        &[
            (
                "protection",
                "ProjectProtection=true on project finance",
                "source.mcauth",
            ),
            ("protection", "not a trusted project of finance", ""),
            ("protection", "exception policy", "source.mcauth"),
            ("protection", "not through a package", ""),
        ],
    ),
    // 13. the same read from a job in audit, which finance trusts (PLP §5 trusted projects).
    allow(
        "trusted project",
        &[("protection", "trusts project audit", "source.mcauth")],
    ),
    // 14. erin downloads ledger through Tunnel (TaskType DT): the exception policy names her,
    //     odps:Select, the table and TaskType DT (PLP §5 exception policy; E14). She also has
    //     Select (the exception policy is not a grant).
    allow(
        "exception policy, DT",
        &[
            (
                "grant",
                "grant Select on table * to role accountant",
                "source.mcauth",
            ),
            ("policy", "exception policy", "finance-exception.json"),
        ],
    ),
    // 15. erin's MapReduce job in marketing reading ledger: MapReduce is not in the
    //     condition's TaskType list (E14 "MapReduce job exporting ... -> denied").
    deny(
        "exception policy, MapReduce",
        "4021",
        "explicit",
        &["project 'finance' is protected"],
        &[(
            "protection",
            "no statement of the exception policy",
            "source.mcauth",
        )],
    ),
    // 16. alice (level 2, Update granted) writes customers, which has a column at 3:
    //     Trusted-User, current docs (PLP §3.1 write rule, C1).
    deny(
        "write above level",
        "label",
        "implicit",
        &["credit_limit", "is 3", "effective label is 2"],
        &[(
            "label",
            "column credit_limit of finance.customers has sensitivity 3",
            "source.mcauth",
        )],
    ),
];

fn assert_expected(n: usize, d: &Value, e: &Expect) {
    let ctx = format!("line {n} ({}): {d}", e.what);
    assert_eq!(str_of(d, "decision"), e.decision, "{ctx}");
    assert_eq!(str_of(d, "stage"), e.stage, "{ctx}");
    assert_stages_consistent(d);
    if let Some(code) = e.code {
        assert_eq!(str_of(d, "code"), code, "{ctx}");
    }
    if let Some(kind) = e.deny_kind {
        assert_eq!(str_of(d, "deny_kind"), kind, "{ctx}");
    }
    let message = d["message"].as_str().unwrap_or_default();
    for m in e.message {
        assert!(message.contains(m), "message should contain {m:?}: {ctx}");
    }
    let reasons = d["reasons"].as_array().unwrap();
    let effect = if e.decision == "allow" {
        "allow"
    } else {
        "deny"
    };
    for (kind, text, source) in e.reasons {
        let found = reasons.iter().any(|r| {
            r["kind"] == *kind
                && r["effect"] == effect
                && r["text"].as_str().unwrap_or_default().contains(text)
                && (source.is_empty() || r["source"].as_str().unwrap_or_default().contains(source))
        });
        assert!(
            found,
            "no {effect} reason of kind {kind:?} with {text:?} from {source:?}: {ctx}"
        );
    }
}

// ------------------------------------------------------------------------------- check

#[test]
fn check_decides_every_request_as_the_spec_says() {
    let run = with_scripts("check", &["--requests", REQUESTS, "--format", "json"]);
    assert_eq!(run.code, 2, "some requests are denied: {run:#?}");
    assert!(run.stderr.is_empty(), "{run:#?}");
    let decisions = json_lines(&run.stdout);
    assert_eq!(decisions.len(), EXPECTED.len(), "{}", run.stdout);
    let mut failures = Vec::new();
    for (i, (d, e)) in decisions.iter().zip(EXPECTED.iter()).enumerate() {
        let r = std::panic::catch_unwind(|| assert_expected(i + 1, d, e));
        if let Err(p) = r {
            let text = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_default();
            failures.push(text);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
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
    assert_eq!(heads.len(), EXPECTED.len(), "{}", run.stdout);
    for (head, e) in heads.iter().zip(EXPECTED.iter()) {
        assert!(head.starts_with(e.decision), "{head} ({})", e.what);
    }
    assert!(run.stdout.contains("[4021]"), "{}", run.stdout);
    assert!(run.stdout.contains("[label]"), "{}", run.stdout);
}

#[test]
fn single_requests_exit_0_when_allowed_and_2_when_denied() {
    for (i, e) in EXPECTED.iter().enumerate() {
        let req = request(i + 1);
        let run = with_scripts("check", &["--request", &req, "--format", "json"]);
        let want = if e.decision == "allow" { 0 } else { 2 };
        assert_eq!(run.code, want, "line {} ({}): {run:#?}", i + 1, e.what);
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
