//! Console requests (`spec/principals-labels-packages.md` §8; docs/semantics.md I11): what the
//! `ram` stage reads from the resource ARN, and what a project says about its own console
//! operations when a RAM identity's RAM policies say nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::{allow_ram, check_cases, deny, line_of, Dir};
use mcauth::request::AnyRequest;
use mcauth::{DenyKind, ReasonKind, Stage};
use serde_json::{json, Value};

/// Account owner (…01) with project `sales` (RAM provider on) and `legacy` (RAM provider
/// removed). RAM users, none with a RAM policy unless said: jo joined `sales`; pa holds its
/// `admin`, sa its `super_administrator`; nm joined nothing; dj joined `sales` but a RAM Deny
/// covers `GetProject` and the IP whitelist; lj joined `legacy` only.
const SCRIPT: &str = "\
at '2026-03-01T00:00:00Z';
create account ALIYUN$owner@example.com uid 1000000000000001;
create ram user RAM$owner@example.com:jo;
create ram user RAM$owner@example.com:pa;
create ram user RAM$owner@example.com:sa;
create ram user RAM$owner@example.com:nm;
create ram user RAM$owner@example.com:dj;
create ram user RAM$owner@example.com:lj;
attach policy 'deny-project.json' to ram user RAM$owner@example.com:dj;
create project sales owner ALIYUN$owner@example.com;
use sales;
add accountprovider ram;
add user RAM$owner@example.com:jo;
grant List on project sales to user RAM$owner@example.com:jo;
add user RAM$owner@example.com:pa;
grant admin to RAM$owner@example.com:pa;
add user RAM$owner@example.com:sa;
grant super_administrator to RAM$owner@example.com:sa;
add user RAM$owner@example.com:dj;
grant admin to RAM$owner@example.com:dj;
create project legacy owner ALIYUN$owner@example.com;
use legacy;
add accountprovider ram;
add user RAM$owner@example.com:lj;
remove accountprovider ram;
";

const DENY_PROJECT: &str = r#"{"Version":"1","Statement":[{"Effect":"Deny",
  "Action":["odps:GetProject","odps:UpdateProjectIpWhiteList"],"Resource":"*"}]}"#;

const SALES: &str = "acs:odps:cn-hangzhou:1000000000000001:projects/sales";

fn setting() -> (Dir, mcauth::Engine) {
    let dir = Dir::new("console-rules");
    dir.write("deny-project.json", DENY_PROJECT);
    let engine = dir.engine("console.mcauth", SCRIPT);
    (dir, engine)
}

fn user(name: &str) -> String {
    format!("RAM$owner@example.com:{name}")
}

fn console(principal: &str, action: &str, resource: &str) -> Value {
    json!({"principal": principal, "action": action, "resource": resource,
           "time": "2026-03-01T10:00:00Z"})
}

/// Resources that are not full ARNs: the MaxCompute project-policy form, an account segment
/// that is no account ID, a bare `*`.
const NOT_ARNS: [&str; 3] = [
    "acs:odps:*:projects/sales",
    "acs:odps:cn-hangzhou:projects:sales",
    "*",
];

fn not_an_arn(resource: &str) -> String {
    format!(
        "invalid request: invalid `resource` `{resource}`: {}expected an ARN \
         `acs:<service>:<region>:<account>:<relative-id>`, e.g. \
         `acs:odps:cn-hangzhou:1000000000000001:projects/sales`",
        if resource.contains("projects:sales") {
            "its account segment `projects` is not a 16-digit account ID, `*` or empty; "
        } else {
            ""
        }
    )
}

/// Review S10 (item 2): a console resource that is not a full ARN is malformed input, refused
/// when the request is read (the CLI exits 1); a `ConsoleRequest` built by hand with one is
/// refused at `ram` with the same text, never with a false "belongs to account projects/sales".
#[test]
fn a_console_resource_must_be_a_full_arn() {
    let (_d, engine) = setting();
    for principal in ["ALIYUN$owner@example.com", "RAM$owner@example.com:jo"] {
        for resource in NOT_ARNS {
            let e = AnyRequest::from_value(console(principal, "odps:GetProject", resource))
                .unwrap_err()
                .to_string();
            assert_eq!(e, not_an_arn(resource));
        }
    }
    let AnyRequest::Console(mut by_hand) = AnyRequest::from_value(console(
        "ALIYUN$owner@example.com",
        "odps:GetProject",
        "acs:odps:cn-hangzhou:1000000000000001:projects/sales",
    ))
    .unwrap() else {
        panic!("a console request")
    };
    assert!(engine
        .decide(&AnyRequest::Console(by_hand.clone()))
        .is_allowed());
    by_hand.resource = NOT_ARNS[0].to_string();
    let d = engine.decide(&AnyRequest::Console(by_hand));
    assert!(!d.is_allowed());
    assert_eq!(d.stage, Stage::Ram);
    assert_eq!(d.code.as_deref(), Some("InvalidParameter.Resource"));
    assert_eq!(d.message, not_an_arn(NOT_ARNS[0]));
}

/// Review S3: "`ListProjects` / `GetProject`: with Allow, all projects in the region are
/// visible; with Deny, none, even joined ones; with no policy, only joined projects", and
/// "Configure permission properties / IP whitelist: Requires RAM permissions verification, or
/// an administrative role (Admin) for the project" (PLP §8).
#[test]
fn a_project_speaks_for_its_own_console_operations_when_ram_says_nothing() {
    let (_d, engine) = setting();
    let on = |who: &str, action: &str, resource: &str| console(&user(who), action, resource);
    let ram = Stage::Ram;
    let refused = |name, request| deny(name, request, ram, Some("NoPermission"));
    let whitelist = "odps:UpdateProjectIpWhiteList";
    check_cases(
        &engine,
        &[
            allow_ram(
                "no policy: jo may get the project he joined",
                on("jo", "odps:GetProject", SALES),
            )
            .detail("has joined project sales"),
            allow_ram(
                "no policy: and list it",
                on("jo", "odps:ListProjects", SALES),
            ),
            refused(
                "no policy: nm joined nothing",
                on("nm", "odps:GetProject", SALES),
            ),
            refused(
                "ListProjects on projects/* asks for every project: a RAM Allow's",
                on(
                    "jo",
                    "odps:ListProjects",
                    "acs:odps:cn-hangzhou:1000000000000001:projects/*",
                ),
            ),
            refused(
                "with a RAM Deny, not even a joined project",
                on("dj", "odps:GetProject", SALES),
            )
            .detail("deny-project.json"),
            refused(
                "a member of a project without the RAM provider has not joined it (A6)",
                on(
                    "lj",
                    "odps:GetProject",
                    "acs:odps:cn-hangzhou:1000000000000001:projects/legacy",
                ),
            ),
            refused(
                "a project that does not exist",
                on(
                    "jo",
                    "odps:GetProject",
                    "acs:odps:cn-hangzhou:1000000000000001:projects/nope",
                ),
            ),
            allow_ram(
                "the project's admin configures its IP whitelist",
                on("pa", whitelist, SALES),
            )
            .detail("holds the role `admin` of project sales"),
            allow_ram("and its super_administrator", on("sa", whitelist, SALES))
                .detail("`super_administrator`"),
            refused(
                "a member without an admin role may not",
                on("jo", whitelist, SALES),
            ),
            refused(
                "an explicit RAM Deny wins over the admin role",
                on("dj", whitelist, SALES),
            )
            .detail("deny-project.json"),
            refused(
                "the admin role covers the IP whitelist, not other project operations",
                on("pa", "odps:UpdateProjectStatus", SALES),
            ),
        ],
    );
    // The reasons name the statement that made them true.
    let decide = |v: Value| engine.decide(&AnyRequest::from_value(v).unwrap());
    let d = decide(on("jo", "odps:GetProject", SALES));
    assert_eq!(d.reasons[0].kind, ReasonKind::Membership);
    let add_jo = line_of(SCRIPT, "add user RAM$owner@example.com:jo;");
    assert!(
        d.reasons[0]
            .source
            .as_deref()
            .is_some_and(|s| s.ends_with(&format!("console.mcauth:{add_jo}:1"))),
        "{:?}",
        d.reasons
    );
    let d = decide(on("pa", whitelist, SALES));
    assert_eq!(d.reasons[0].kind, ReasonKind::BuiltinRole);
    let grant = line_of(SCRIPT, "grant admin to RAM$owner@example.com:pa;");
    assert!(
        d.reasons[0]
            .source
            .as_deref()
            .is_some_and(|s| s.ends_with(&format!("console.mcauth:{grant}:1"))),
        "{:?}",
        d.reasons
    );
    let d = decide(on("dj", "odps:GetProject", SALES));
    assert_eq!(d.deny_kind, Some(DenyKind::Explicit));
}
