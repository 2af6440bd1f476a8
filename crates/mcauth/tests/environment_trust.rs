//! A DataWorks environment's custom role must let DataWorks assume it (seed 004;
//! `docs/semantics.md` I14): the loader judges the role's trust policy for
//! `dataworks.aliyuncs.com` acting for the owner's account with the runtime's own trust
//! evaluation, and refuses a role no credential could ever pass, with the runtime's reason.
//! Regressions of review S6 (`/tmp/s14/exp/env.mcauth`: a role trusting `ecs.aliyuncs.com`
//! loaded, and every token of the environment then failed).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::{allow, check_cases, decide, deny, line_of, with, Dir, TRUST_ROOT};
use mcauth::Stage;
use serde_json::{json, Value};

/// A trust policy naming `principal` (a JSON object such as `{"Service": [...]}`), with the
/// statement's extra members `extra` (`, "Condition": ...`), and further statements `more`.
fn trust(principal: &str, extra: &str, more: &str) -> String {
    format!(
        r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole",
  "Principal":{principal}{extra}}}{more}]}}"#
    )
}

const BASE: &str = "\
at '2026-03-01T00:00:00Z';
create account ALIYUN$o@example.com uid 1000000000000001;
create account ALIYUN$other@example.com uid 2000000000000002;
create ram user RAM$o@example.com:bob;
create ram role `RAM$o@example.com:role/r` trust 'trust.json';
";

const ENV: &str =
    "create dataworks environment e for RAM$o@example.com:bob role `RAM$o@example.com:role/r`;";

/// The script: [`BASE`], then the environment with role `r`, then `after`.
fn script(after: &str) -> String {
    format!("{BASE}{ENV}\n{after}")
}

/// Load [`script`] with `trust` as the role's trust policy.
fn load(dir: &Dir, trust_json: &str, after: &str) -> Result<mcauth::Model, mcauth::LoadError> {
    dir.write("trust.json", trust_json);
    let p = dir.write("env.mcauth", &script(after));
    mcauth::Model::from_scripts(&[&p])
}

/// The load error, which must point at the role in the environment statement.
#[track_caller]
fn refused(dir: &Dir, trust_json: &str) -> String {
    let e = load(dir, trust_json, "").expect_err("the environment should be refused");
    let text = e.to_string();
    let s = script("");
    let column = ENV.find("role `").unwrap() + "role ".len() + 1;
    let at = format!(
        "{}:{}:{column}: ",
        dir.0.join("env.mcauth").display(),
        line_of(&s, "create dataworks environment")
    );
    assert!(text.starts_with(&at), "expected {at}..., got: {text}");
    text
}

const REASON: &str = "the trust policy of RAM$o@example.com:role/r does not let \
                      dataworks.aliyuncs.com acting for 1000000000000001 assume it";

#[test]
fn a_role_that_trusts_another_service_is_refused_at_load() {
    let dir = Dir::new("env-trust-ecs");
    let text = refused(&dir, &trust(r#"{"Service":["ecs.aliyuncs.com"]}"#, "", ""));
    assert!(
        text.contains(&format!(
            "RAM role `RAM$o@example.com:role/r` does not trust DataWorks: {REASON}, so every \
             credential of the environment would be refused; an environment's custom role \
             must be \"a RAM role whose trusted entity is an Alibaba Cloud service\", assumed \
             by `dataworks.aliyuncs.com` (docs/semantics.md I14)"
        )),
        "{text}"
    );
}

#[test]
fn a_role_that_trusts_no_service_is_refused_with_the_runtime_reason() {
    let dir = Dir::new("env-trust-root");
    let text = refused(&dir, TRUST_ROOT);
    assert!(
        text.contains(&format!(
            "RAM role `RAM$o@example.com:role/r` trusts no Alibaba Cloud service: {REASON}"
        )),
        "{text}"
    );
}

#[test]
fn other_accounts_dataworks_and_a_matching_deny_are_refused() {
    let dir = Dir::new("env-trust-other");
    let text = refused(
        &dir,
        &trust(
            r#"{"Service":["2000000000000002@dataworks.aliyuncs.com"]}"#,
            "",
            "",
        ),
    );
    assert!(text.contains(REASON), "{text}");
    let deny = r#",{"Effect":"Deny","Action":"sts:AssumeRole",
  "Principal":{"Service":["dataworks.aliyuncs.com"]}}"#;
    let text = refused(
        &dir,
        &trust(r#"{"Service":["dataworks.aliyuncs.com"]}"#, "", deny),
    );
    assert!(
        text.contains(&format!("{REASON} (a Deny statement matches)")),
        "{text}"
    );
}

/// The loader's reason is the runtime's: the same sentence a token of the role gets when
/// DataWorks presents it (here through the service form of `caller`, since the environment
/// itself cannot load).
#[test]
fn the_load_reason_is_the_runtimes() {
    let dir = Dir::new("env-trust-same");
    let ecs = trust(r#"{"Service":["ecs.aliyuncs.com"]}"#, "", "");
    let text = refused(&dir, &ecs);
    dir.write("trust.json", &ecs);
    let engine = dir.engine(
        "runtime.mcauth",
        &format!(
            "{BASE}create project p owner ALIYUN$o@example.com;\nuse p;\nadd accountprovider \
             ram;\nadd user `RAM$o@example.com:role/r`;\n"
        ),
    );
    let d = decide(
        &engine,
        &json!({"sts": {"role": "RAM$o@example.com:role/r", "caller": "dataworks.aliyuncs.com",
                        "issued_at": "2026-03-01T10:00:00Z"},
                "project": "p", "action": "List", "time": "2026-03-01T10:05:00Z"}),
    );
    let runtime = d
        .message
        .split_once("by RAM. The ")
        .map(|(_, why)| format!("the {why}"))
        .unwrap_or_else(|| panic!("{}", d.message));
    assert_eq!(runtime, REASON);
    assert!(text.contains(&runtime), "{text}");
}

/// Roles DataWorks may assume load: the bare service, the owner's account's explicit form, and
/// a trust whose condition only a request can settle — which the runtime then decides.
#[test]
fn roles_dataworks_may_assume_load_and_conditions_are_left_to_the_request() {
    let dir = Dir::new("env-trust-ok");
    for principal in [
        r#"{"Service":["dataworks.aliyuncs.com"]}"#,
        r#"{"Service":["1000000000000001@dataworks.aliyuncs.com"]}"#,
        r#"{"Service":["DataWorks.aliyuncs.com","ecs.aliyuncs.com"]}"#,
    ] {
        load(&dir, &trust(principal, "", ""), "").unwrap_or_else(|e| panic!("{principal}: {e}"));
    }
    let condition = r#","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}"#;
    dir.write(
        "trust.json",
        &trust(r#"{"Service":["dataworks.aliyuncs.com"]}"#, condition, ""),
    );
    let engine = dir.engine(
        "cond.mcauth",
        &script(
            "create project p owner ALIYUN$o@example.com;\nuse p;\nadd accountprovider ram;\n\
             add user `RAM$o@example.com:role/r`;\n\
             grant List on project p to user `RAM$o@example.com:role/r`;\n",
        ),
    );
    let token = json!({"sts": {"environment": "e", "issued_at": "2026-03-01T10:00:00Z",
                               "expiration": "2026-03-01T11:00:00Z"},
                       "project": "p", "action": "List", "time": "2026-03-01T10:05:00Z"});
    let from = |ip: &str| -> Value { with(token.clone(), json!({"source_ip": ip})) };
    check_cases(
        &engine,
        &[
            allow("the trust's condition holds", from("10.1.2.3")),
            deny(
                "the trust's condition fails",
                from("192.168.1.1"),
                Stage::Authentication,
                Some("NoPermission"),
            )
            .detail("does not let dataworks.aliyuncs.com acting for 1000000000000001 assume it"),
            deny(
                "no source address: the condition's key is missing",
                token.clone(),
                Stage::Authentication,
                Some("NoPermission"),
            )
            .detail("(a condition tests a key the request does not carry)"),
        ],
    );
}
