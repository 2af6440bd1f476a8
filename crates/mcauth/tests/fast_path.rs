//! `Engine::is_allowed` answers plain requests from the compiled index and everything else
//! through the pipeline; either way it must say what `Engine::check` says. Here: the boundary
//! of the fast path case by case, and every project-level case of every fixture suite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use mcauth::request::AnyRequest;
use mcauth::suite::Suite;
use mcauth::{Effect, Engine, Model, Request};
use serde_json::json;
use std::path::Path;

const SCRIPT: &str = "
at '2026-03-01T00:00:00Z';
create account ALIYUN$alice@example.com;
create project p owner ALIYUN$owner@example.com;
use p;
add accountprovider ram;
add user ALIYUN$alice@example.com;
add user ALIYUN$bob@example.com;
add user ALIYUN$carol@example.com;
add user ALIYUN$dave@example.com;
add user RAM$owner@example.com:erin;
create role reader;
grant reader to ALIYUN$bob@example.com;
grant admin to ALIYUN$dave@example.com;
create table x1 (a bigint, b string);
create table t1 (a bigint);
create table t2 (a bigint, c string);
create table t3 (a bigint);
grant CreateInstance on project p to user ALIYUN$alice@example.com;
grant CreateInstance on project p to role reader;
grant Select on table x1 to user ALIYUN$alice@example.com;
grant All on table t1 to user ALIYUN$alice@example.com;
grant Select on table t* to role reader;
grant Select on table t2(c) to user ALIYUN$alice@example.com;
grant Describe on table t3 to user ALIYUN$alice@example.com privilegeproperties(\"expires\"=\"1\");
grant Select, Describe on table x1 to user RAM$owner@example.com:erin;
grant Update on table x1 to user ALIYUN$bob@example.com;
grant Update on table x1 to role reader privilegeproperties(\"policy\"=\"true\", \"allow\"=\"false\");
grant CreateTable, CreateInstance on project p to user ALIYUN$carol@example.com;
login ALIYUN$carol@example.com;
create table mine (a bigint);
create accesskey AK_ALICE for ALIYUN$alice@example.com;
at '2026-03-02T00:00:00Z';
";

fn request(identity: (&str, &str), action: &str, table: &str) -> Request {
    let mut v = json!({"project": "p", "action": action,
        "object": {"type": "table", "name": table}});
    v[identity.0] = json!(identity.1);
    Request::from_value(v).unwrap()
}

/// An identity field and its value.
type Who = (&'static str, String);

fn who(name: &str) -> Who {
    ("principal", name.to_string())
}

#[test]
fn the_fast_path_and_the_pipeline_agree_at_its_boundary() {
    let engine = Engine::new(Model::from_script_str("fast.mcauth", SCRIPT).unwrap()).unwrap();
    let alice = who("ALIYUN$alice@example.com");
    let bob = who("ALIYUN$bob@example.com");
    let erin = who("RAM$owner@example.com:erin");
    // (what, identity, action, table, allowed), the answer worked out from the script.
    let cases: Vec<(&str, Who, &str, &str, bool)> = vec![
        ("user grant", alice.clone(), "Select", "x1", true),
        ("action not granted", alice.clone(), "Update", "x1", false),
        ("All covers Drop", alice.clone(), "Drop", "t1", true),
        ("role pattern grant", bob.clone(), "Select", "t2", true),
        (
            "role pattern, other action",
            bob.clone(),
            "Drop",
            "t1",
            false,
        ),
        ("pattern does not match", bob.clone(), "Select", "x1", false),
        (
            "a policy Deny beats the ACL",
            bob.clone(),
            "Update",
            "x1",
            false,
        ),
        (
            "a policy on another action",
            bob.clone(),
            "Select",
            "t1",
            true,
        ),
        ("column grant only", alice.clone(), "Describe", "t2", false),
        ("expired grant", alice.clone(), "Describe", "t3", false),
        (
            "no CreateInstance for a job",
            erin.clone(),
            "Select",
            "x1",
            false,
        ),
        ("Describe runs no job", erin.clone(), "Describe", "x1", true),
        (
            "the creator",
            who("ALIYUN$carol@example.com"),
            "Drop",
            "mine",
            true,
        ),
        ("not the creator", alice.clone(), "Describe", "mine", false),
        (
            "admin role",
            who("ALIYUN$dave@example.com"),
            "Describe",
            "x1",
            true,
        ),
        (
            "the owner",
            who("ALIYUN$owner@example.com"),
            "Drop",
            "x1",
            true,
        ),
        (
            "not a member",
            who("ALIYUN$eve@example.com"),
            "Select",
            "x1",
            false,
        ),
        ("unknown table", alice.clone(), "Select", "nope", false),
        (
            "Download is a read while download control is off",
            alice.clone(),
            "Download",
            "x1",
            true,
        ),
        (
            "AccessKey",
            ("access_key_id", "AK_ALICE".into()),
            "Select",
            "x1",
            true,
        ),
        (
            "AccessKey, no grant",
            ("access_key_id", "AK_ALICE".into()),
            "Update",
            "x1",
            false,
        ),
        (
            "unknown AccessKey",
            ("access_key_id", "AK_NONE".into()),
            "Select",
            "x1",
            false,
        ),
    ];
    for (what, identity, action, table, allowed) in cases {
        let req = request((identity.0, &identity.1), action, table);
        let d = engine.check(&req);
        assert_eq!(d.is_allowed(), allowed, "{what}: check says {}", d.message);
        assert_eq!(
            engine.is_allowed(&req),
            allowed,
            "{what}: is_allowed disagrees"
        );
    }
}

#[test]
fn requests_with_facts_or_other_spellings_get_the_pipelines_answer() {
    let engine = Engine::new(Model::from_script_str("fast.mcauth", SCRIPT).unwrap()).unwrap();
    let plain = json!({"principal": "ALIYUN$alice@example.com", "project": "p",
        "action": "Select", "object": {"type": "table", "name": "x1"}});
    let variants = [
        ("principal", json!("aliyun$ALICE@example.com")),
        ("source_ip", json!("10.0.0.1")),
        ("time", json!("2026-03-01T00:00:00Z")),
        ("task_type", json!("SQL")),
        ("context", json!({"acs:SourceIp": "10.0.0.1"})),
        (
            "object",
            json!({"type": "table", "name": "x1", "columns": ["a"]}),
        ),
        ("object", json!({"type": "table", "name": "X1"})),
    ];
    for (field, value) in variants {
        let mut v = plain.clone();
        v[field] = value.clone();
        let Ok(req) = Request::from_value(v) else {
            panic!("{field} = {value}: not a request");
        };
        assert_eq!(
            engine.is_allowed(&req),
            engine.check(&req).is_allowed(),
            "{field} = {value}"
        );
    }
}

/// Every project-level case of every shipped suite: `is_allowed` gives the expected answer.
#[test]
fn every_suite_case_gets_its_expected_answer_from_is_allowed() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut seen = 0;
    for dir in std::fs::read_dir(&fixtures).unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if !path.to_string_lossy().ends_with(".suite.json") {
                continue;
            }
            let suite = Suite::from_file(&path).unwrap();
            let engine = suite.load().unwrap();
            for case in &suite.cases {
                let AnyRequest::Project(req) = &case.request else {
                    continue;
                };
                seen += 1;
                assert_eq!(
                    engine.is_allowed(req),
                    case.expect.decision == Effect::Allow,
                    "{}: case {}",
                    path.display(),
                    case.name
                );
            }
        }
    }
    assert!(seen > 80, "only {seen} project-level cases");
}
