//! Console requests (`spec/principals-labels-packages.md` §8; docs/semantics.md I11): what the
//! `ram` stage reads from the resource ARN.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::{check_cases, deny, engine, Case};
use mcauth::pipeline::console::check_resource;
use mcauth::request::AnyRequest;
use mcauth::Stage;
use serde_json::{json, Value};

/// Account owner (…01) with project `sales`.
const SCRIPT: &str = "\
at '2026-03-01T00:00:00Z';
create account ALIYUN$owner@example.com uid 1000000000000001;
create ram user RAM$owner@example.com:jo;
create project sales owner ALIYUN$owner@example.com;
use sales;
add accountprovider ram;
add user RAM$owner@example.com:jo;
grant List on project sales to user RAM$owner@example.com:jo;
";

fn console(principal: &str, action: &str, resource: &str) -> Value {
    json!({"principal": principal, "action": action, "resource": resource,
           "time": "2026-03-01T10:00:00Z"})
}

fn cases_for(principal: &'static str) -> Vec<Case> {
    let bad = |name, resource| {
        deny(
            name,
            console(principal, "odps:GetProject", resource),
            Stage::Ram,
            Some("InvalidParameter.Resource"),
        )
        .detail("expected an ARN `acs:<service>:<region>:<account>:<relative-id>`")
    };
    vec![
        bad(
            "the MaxCompute project-policy form",
            "acs:odps:*:projects/sales",
        ),
        bad(
            "an account segment that is no account ID",
            "acs:odps:cn-hangzhou:projects:sales",
        ),
        bad("a bare `*`", "*"),
    ]
}

/// Review S10 (item 2): a console resource that is not a full ARN is malformed input. Readers
/// of requests refuse it with `check_resource` (the CLI exits 1); deciding it anyway refuses it
/// with the same text, never with a false "belongs to account projects/sales".
#[test]
fn a_console_resource_must_be_a_full_arn() {
    let engine = engine("console.mcauth", SCRIPT);
    check_cases(&engine, &cases_for("ALIYUN$owner@example.com"));
    check_cases(&engine, &cases_for("RAM$owner@example.com:jo"));
    let bad = AnyRequest::from_value(console(
        "ALIYUN$owner@example.com",
        "odps:GetProject",
        "acs:odps:*:projects/sales",
    ))
    .unwrap();
    let e = check_resource(&bad).unwrap_err().to_string();
    assert_eq!(
        e,
        "invalid request: invalid `resource` `acs:odps:*:projects/sales`: expected an ARN \
         `acs:<service>:<region>:<account>:<relative-id>`, e.g. \
         `acs:odps:cn-hangzhou:1000000000000001:projects/sales`"
    );
    assert_eq!(engine.decide(&bad).message, e);
    let good = AnyRequest::from_value(console(
        "ALIYUN$owner@example.com",
        "odps:GetProject",
        "acs:odps:cn-hangzhou:1000000000000001:projects/sales",
    ))
    .unwrap();
    assert!(check_resource(&good).is_ok());
    assert!(engine.decide(&good).is_allowed());
}
