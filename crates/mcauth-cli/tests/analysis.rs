//! End-to-end tests of `mcauth diff`, `who-can` and `what-can` on `fixtures/quickstart/` and the
//! changes in `fixtures/diff/`. Expectations are read off the scripts: which grants the role
//! brings, which grants exist already, the whitelist, the role policy's Deny on `phone`, the
//! contractor's expiring column grant.
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
use std::collections::BTreeSet;

const SALES: &str = "fixtures/quickstart/sales.mcauth";
const DAVE: &str = "RAM$owner@example.com:dave";

fn diff_json(after: &[&str], extra: &[&str]) -> (Run, Value) {
    let mut args = vec!["diff", "--before", SALES, "--after", SALES];
    args.extend(after);
    args.extend(["--format", "json"]);
    args.extend(extra);
    let run = mcauth_in(&workspace_root(), &args);
    let v = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:#?}"));
    (run, v)
}

/// `(action, object name, column or "")` of each entry.
fn shapes(entries: &Value) -> BTreeSet<(String, String, String)> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                str_of(e, "action").to_string(),
                format!(
                    "{} {}",
                    e["object"]["type"].as_str().unwrap(),
                    e["object"]["name"].as_str().unwrap()
                ),
                e["object"]["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_role_grant_gains_exactly_what_the_role_brings() {
    let (run, v) = diff_json(&["fixtures/diff/grant-role.mcauth"], &[]);
    assert_eq!(run.code, 2, "access gained: {run:#?}");
    assert!(v["lost"].as_array().unwrap().is_empty());
    let gained = v["gained"].as_array().unwrap();
    assert!(
        gained.iter().all(|e| str_of(e, "principal") == DAVE),
        "only dave gains"
    );
    // engineer: CreateInstance, List, CreateTable on the project (dave had CreateInstance), and
    // All on every table: the table actions All covers, plus Download, which needs only Select
    // while download control is off.
    let mut want = BTreeSet::new();
    for a in ["List", "CreateTable"] {
        want.insert((a.to_string(), "project sales".to_string(), String::new()));
    }
    for t in ["orders", "customers", "v_orders", "carol_scratch"] {
        for a in [
            "Describe",
            "Select",
            "Alter",
            "Update",
            "Drop",
            "ShowHistory",
            "Download",
        ] {
            want.insert((a.to_string(), format!("table {t}"), String::new()));
        }
    }
    // Dave already reads customers(id, city) until his grant expires on 2026-03-31: for those
    // two columns he gains Select and Download only from then on.
    for c in ["id", "city"] {
        for a in ["Select", "Download"] {
            want.insert((a.to_string(), "table customers".to_string(), c.to_string()));
        }
    }
    assert_eq!(shapes(&v["gained"]), want);
    for e in gained {
        let expiring = e["object"]["column"].is_string();
        assert_eq!(
            e["context"]["depends_on"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d == "time"),
            expiring,
            "only the expiring columns depend on time: {e}"
        );
        let after = serde_json::to_string(&e["after"]["reasons"]).unwrap();
        assert!(
            after.contains("role engineer"),
            "the after side names the role's grant: {e}"
        );
        assert_eq!(e["before"]["decision"], "deny");
    }
    let select_customers = gained
        .iter()
        .find(|e| {
            e["action"] == "Select"
                && e["object"]["name"] == "customers"
                && e["object"]["column"].is_null()
        })
        .unwrap();
    let cols: BTreeSet<&str> = select_customers["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        cols,
        BTreeSet::from(["name", "phone"]),
        "columns that gain as the whole table does"
    );
}

#[test]
fn identical_configurations_report_nothing() {
    let run = mcauth_in(
        &workspace_root(),
        &["diff", "--before", SALES, "--after", SALES],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stdout.starts_with("0 gained, 0 lost"), "{run:#?}");
}

#[test]
fn a_revoke_loses_access_and_passes_the_gate() {
    let (run, v) = diff_json(&["fixtures/diff/revoke.mcauth"], &[]);
    assert_eq!(run.code, 0, "no access gained: {run:#?}");
    assert!(v["gained"].as_array().unwrap().is_empty());
    let lost = v["lost"].as_array().unwrap();
    // Bob is the only analyst: he loses Select on the view and Download (which needs Select).
    let want: BTreeSet<(String, String, String)> = ["Select", "Download"]
        .iter()
        .map(|a| (a.to_string(), "table v_orders".to_string(), String::new()))
        .collect();
    assert_eq!(shapes(&v["lost"]), want);
    assert!(lost
        .iter()
        .all(|e| str_of(e, "principal") == "RAM$owner@example.com:bob"));
    let before = serde_json::to_string(&lost[0]["before"]).unwrap();
    assert!(
        before.contains("sales.mcauth:36:1"),
        "the revoked grant is named: {before}"
    );
    assert_eq!(v["summary"]["lost"], 2);
}

#[test]
fn a_wider_whitelist_gains_depending_on_source_ip_only() {
    let (run, v) = diff_json(&["fixtures/diff/widen-whitelist.mcauth"], &[]);
    assert_eq!(run.code, 2, "{run:#?}");
    let gained = v["gained"].as_array().unwrap();
    assert!(!gained.is_empty());
    for e in gained {
        // Dave's column grant expires: what it gives is gained only until then.
        let expiring = str_of(e, "principal") == DAVE && e["object"]["name"] == "customers";
        let (on, when) = if expiring {
            (
                serde_json::json!(["source_ip", "vpc", "time"]),
                serde_json::json!([{"source_ip": ["172.16.0.0-172.31.255.255"], "vpc": ["not given"],
                    "time": ["not given", "before 2026-03-31T00:00:00Z"]}]),
            )
        } else {
            (
                serde_json::json!(["source_ip", "vpc"]),
                serde_json::json!([{"source_ip": ["172.16.0.0-172.31.255.255"], "vpc": ["not given"]}]),
            )
        };
        assert_eq!(e["context"]["depends_on"], on, "{e}");
        assert_eq!(e["context"]["when"], when, "{e}");
        assert_eq!(e["before"]["stage"], "ip_whitelist", "{e}");
    }
    // What each user gains from the new block is what it may do from 10.0.0.0/8.
    let dave: BTreeSet<_> = gained
        .iter()
        .filter(|e| str_of(e, "principal") == DAVE)
        .map(|e| {
            (
                str_of(e, "action").to_string(),
                e["object"]["name"].as_str().unwrap().to_string(),
                e["object"]["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let inside = mcauth_in(
        &workspace_root(),
        &[
            "what-can",
            "--script",
            SALES,
            "--principal",
            DAVE,
            "--format",
            "json",
        ],
    );
    let allowed: Vec<Value> = serde_json::from_str(&inside.stdout).unwrap();
    let from_ten: BTreeSet<_> = allowed
        .iter()
        .map(|e| {
            (
                str_of(e, "action").to_string(),
                e["object"]["name"].as_str().unwrap().to_string(),
                e["object"]["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(dave, from_ten);
}

#[test]
fn filters_narrow_the_report() {
    let (run, v) = diff_json(
        &["fixtures/diff/grant-role.mcauth"],
        &["--object", "table:sales.orders", "--action", "Select"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(shapes(&v["gained"]).len(), 1, "{v}");
    let (run, v) = diff_json(
        &["fixtures/diff/grant-role.mcauth"],
        &["--principal", "RAM$owner@example.com:bob"],
    );
    assert_eq!(run.code, 0, "bob gains nothing: {run:#?}");
    assert!(v["gained"].as_array().unwrap().is_empty());
}

#[test]
fn bad_filters_and_files_are_bad_input() {
    let root = workspace_root();
    let run = mcauth_in(
        &root,
        &[
            "diff", "--before", SALES, "--after", SALES, "--object", "orders",
        ],
    );
    assert_bad_input(&run, &["--object", "`orders`", "TYPE:NAME"]);
    let run = mcauth_in(
        &root,
        &[
            "diff", "--before", SALES, "--after", SALES, "--action", "Selekt",
        ],
    );
    assert_bad_input(
        &run,
        &[
            "--action",
            "unknown action `Selekt`",
            "did you mean `Select`?",
        ],
    );
    let run = mcauth_in(
        &root,
        &[
            "diff",
            "--before",
            SALES,
            "--after",
            "fixtures/diff/none.mcauth",
        ],
    );
    assert_bad_input(&run, &["fixtures/diff/none.mcauth"]);
    let run = who_can(SALES, "nosuch", "Select", &[]);
    assert_bad_input(&run, &["no project `nosuch`"]);
}

#[test]
fn who_can_select_orders() {
    let run = who_can(
        SALES,
        "sales",
        "Select",
        &["--object", "table:orders", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let found: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let mut who: Vec<(String, String, String)> = found
        .iter()
        .map(|e| {
            let via: Vec<&str> = e["paths"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["via"].as_str().unwrap())
                .collect();
            (
                str_of(e, "principal").to_string(),
                e["object"]["column"].as_str().unwrap_or("").to_string(),
                via.join(","),
            )
        })
        .collect();
    who.sort();
    // The owner; carol through engineer's All on every table; bob through analyst's Select,
    // column by column except `phone`, which the analyst role policy denies (so not the whole
    // table either). Erin was removed; dave has no grant on orders.
    assert_eq!(
        who,
        [
            (
                "ALIYUN$owner@example.com".to_string(),
                String::new(),
                "owner".to_string()
            ),
            (
                "RAM$owner@example.com:bob".to_string(),
                "amount".to_string(),
                "role,role".to_string()
            ),
            (
                "RAM$owner@example.com:bob".to_string(),
                "ds".to_string(),
                "role,role".to_string()
            ),
            (
                "RAM$owner@example.com:bob".to_string(),
                "id".to_string(),
                "role,role".to_string()
            ),
            (
                "RAM$owner@example.com:carol".to_string(),
                String::new(),
                "role,role".to_string()
            ),
        ]
    );
    // Everyone is inside the whitelist (or the VPC) only.
    assert!(found.iter().all(|e| e["context"]["depends_on"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d == "source_ip")));
}

#[test]
fn what_can_lists_the_contractor_until_expiry() {
    let run = mcauth_in(
        &workspace_root(),
        &["what-can", "--script", SALES, "--principal", DAVE],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stdout
            .contains(&format!("{DAVE}  CreateInstance  project sales")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("{DAVE}  Select  table sales.customers.id")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("before 2026-03-31T00:00:00Z"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("acl: grant Select on table customers(id)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("5 allowed\n"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("orders"),
        "no access to orders: {}",
        run.stdout
    );
}

/// A configuration with one project `p` owned by `ALIYUN$o@example.com`, plus `extra`.
fn scratch(dir: &TempDir, extra: &str) -> String {
    let text = format!(
        "at '2026-03-01T00:00:00Z';\ncreate account ALIYUN$o@example.com;\n\
         create project p owner ALIYUN$o@example.com;\nuse p;\n{extra}"
    );
    path_str(&dir.write("p.mcauth", &text)).to_string()
}

/// The decision `check` gives the owner's `List` on `p` over `vpc` from `10.0.0.1`.
fn owner_lists_over(dir: &TempDir, script: &str, vpc: &str) -> i32 {
    let request = format!(
        r#"{{"principal": "ALIYUN$o@example.com", "project": "p", "action": "List", "vpc": "{vpc}", "source_ip": "10.0.0.1"}}"#
    );
    check_in(&dir.0, &["--script", script], &request, &[]).code
}

/// `who-can --script <script> --project <project> --action <action>` and `extra`, run in the
/// workspace root (fixture paths are relative to it).
fn who_can(script: &str, project: &str, action: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "who-can",
        "--script",
        script,
        "--project",
        project,
        "--action",
        action,
    ];
    args.extend_from_slice(extra);
    mcauth_in(&workspace_root(), &args)
}

/// `who-can --project p --action List --format json` on `script`.
fn who_can_list(script: &str) -> Run {
    who_can(script, "p", "List", &["--format", "json"])
}

#[test]
fn a_bare_vpc_id_admits_its_vpc_in_every_region() {
    let dir = TempDir::new("bare-vpc");
    let script = scratch(&dir, "setproject odps.security.vpc.whitelist=vpc-abc;\n");
    // The whitelist stage matches a bare ID against the VPC ID part of `Region_VPC`.
    assert_eq!(owner_lists_over(&dir, &script, "cn-hangzhou_vpc-abc"), 0);
    assert_eq!(owner_lists_over(&dir, &script, "cn-hangzhou_vpc-xyz"), 2);
    let run = who_can_list(&script);
    assert_eq!(run.code, 0, "{run:#?}");
    let found: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(found.len(), 1, "the owner: {run:#?}");
    assert_eq!(str_of(&found[0], "principal"), "ALIYUN$o@example.com");
    assert_eq!(
        found[0]["context"]["when"],
        serde_json::json!([{"source_ip": ["any address"], "vpc": ["vpc-abc (bare or any region)"]}]),
        "{run:#?}"
    );
}

#[test]
fn an_ip_whitelist_alone_refuses_vpc_requests() {
    let dir = TempDir::new("ip-only");
    let script = scratch(&dir, "setproject odps.security.ip.whitelist=*;\n");
    assert_eq!(owner_lists_over(&dir, &script, "cn-hangzhou_vpc-abc"), 2);
    let run = who_can_list(&script);
    let found: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        found[0]["context"]["when"],
        serde_json::json!([{"source_ip": ["any address"], "vpc": ["not given"]}]),
        "{run:#?}"
    );
}

/// `what-can` for `principal` on the quickstart, as JSON.
fn what_can(principal: &str) -> Run {
    mcauth_in(
        &workspace_root(),
        &[
            "what-can",
            "--script",
            SALES,
            "--principal",
            principal,
            "--format",
            "json",
        ],
    )
}

#[test]
fn a_principal_is_read_as_requests_name_it() {
    let full = what_can("RAM$owner@example.com:bob");
    assert_eq!(full.code, 0, "{full:#?}");
    let found: Vec<Value> = serde_json::from_str(&full.stdout).unwrap();
    assert!(!found.is_empty(), "bob is an analyst: {full:#?}");
    // The account's numeric ID (declared with `uid`), the short form of the owner's account
    // and another case name the same principal, as they do in a request.
    for name in [
        "RAM$1000000000000001:bob",
        "RAM$bob",
        "ram$OWNER@example.com:Bob",
    ] {
        let run = what_can(name);
        assert_eq!(run.code, 0, "{run:#?}");
        assert_eq!(run.stdout, full.stdout, "{name}");
    }
}

#[test]
fn filters_that_name_nothing_are_bad_input() {
    let root = workspace_root();
    // A RAM user the account does not declare, and an account nobody declared or added.
    for (name, why) in [
        ("RAM$owner@example.com:bbo", "is not declared"),
        ("ALIYUN$other@example.com", "is not known"),
        ("typo", "invalid account name"),
    ] {
        assert_bad_input(&what_can(name), &["--principal", &format!("`{name}`"), why]);
    }
    let diff = |extra: &[&str]| {
        let mut args = vec!["diff", "--before", SALES, "--after", SALES];
        args.extend(extra);
        mcauth_in(&root, &args)
    };
    assert_bad_input(&diff(&["--principal", "typo"]), &["--principal", "`typo`"]);
    assert_bad_input(&diff(&["--project", "nosuch"]), &["--project", "`nosuch`"]);
    assert_bad_input(
        &diff(&["--object", "table:sales.ordrs"]),
        &["--object", "no table `ordrs` in project `sales`"],
    );
    assert_bad_input(
        &diff(&["--object", "function:nosuch.f"]),
        &["--object", "no project `nosuch`"],
    );
    assert_bad_input(
        &diff(&["--object", "resource:nosuch.jar"]),
        &["--object", "no project `nosuch`"],
    );
    assert_bad_input(
        &diff(&["--object", "package:archive.p"]),
        &["--object", "no package `archive.p` in any project"],
    );
    let who = who_can(SALES, "sales", "Select", &["--object", "table:ordrs"]);
    assert_bad_input(&who, &["--object", "no table `ordrs` in project `sales`"]);
    // A table of another project, named in full, exists.
    let run = diff(&["--object", "table:sales.orders", "--principal", "RAM$bob"]);
    assert_eq!(run.code, 0, "{run:#?}");
}

#[test]
fn an_instance_named_in_a_filter_is_decided_directly() {
    let root = workspace_root();
    // The owner may read any instance of its project; `check` agrees for `job1`.
    let request = r#"{"principal": "ALIYUN$owner@example.com", "project": "sales", "action": "Read", "object": {"type": "instance", "name": "job1"}, "source_ip": "10.0.0.1"}"#;
    assert_eq!(check_in(&root, &["--script", SALES], request, &[]).code, 0);
    let run = who_can(
        SALES,
        "sales",
        "Read",
        &["--object", "instance:job1", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let found: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let who: Vec<&str> = found.iter().map(|e| str_of(e, "principal")).collect();
    assert!(who.contains(&"ALIYUN$owner@example.com"), "{run:#?}");
    assert!(
        found.iter().all(|e| e["object"]["name"] == "job1"),
        "{run:#?}"
    );
}

#[test]
fn what_can_help_quotes_the_principal() {
    let run = mcauth(["what-can", "--help"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stdout
            .contains("--principal 'RAM$owner@example.com:bob'"),
        "the shell would expand an unquoted `$owner`: {}",
        run.stdout
    );
}

#[test]
fn ram_policy_conditions_do_not_cut_the_context() {
    // RAM policies decide authentication and console requests, outside the space (AN1): their
    // address conditions must not multiply the classes every point is decided in.
    let dir = TempDir::new("ram-policy");
    dir.write(
        "ram.json",
        r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "odps:*", "Resource": "*",
            "Condition": {"IpAddress": {"acs:SourceIp": ["1.0.0.0/8", "2.0.0.0/8", "3.0.0.0/8"]}}}]}"#,
    );
    let base = "setproject odps.security.ip.whitelist=10.0.0.0/8;\n";
    let plain = scratch(&dir, base);
    let decided = |script: &str| {
        let run = mcauth([
            "diff", "--before", script, "--after", script, "--format", "json",
        ]);
        assert_eq!(run.code, 0, "{run:#?}");
        let v: Value = serde_json::from_str(&run.stdout).unwrap();
        v["summary"]["decided"].as_u64().unwrap()
    };
    let without = decided(&plain);
    let with_policy = dir.write(
        "q.mcauth",
        &format!(
            "{}create ram user RAM$o@example.com:bob;\nattach policy 'ram.json' to ram user RAM$o@example.com:bob;\n",
            std::fs::read_to_string(&plain).unwrap()
        ),
    );
    assert_eq!(decided(path_str(&with_policy)), without);
}
