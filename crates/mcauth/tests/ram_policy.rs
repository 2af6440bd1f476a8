//! RAM policies: every trust policy and access policy of seed 002 (STS-based authorization for
//! OSS, Tablestore, Hologres and DLF), same-account and cross-account, evaluated with the callers
//! they are written for; `NotAction`/`NotResource`; conditions on the global keys; case rules;
//! parse errors with positions; system policies and service-linked roles.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use mcauth::ram::{
    evaluate, is_high_risk, parse_ram_policy, service_linked_role, system_policy, Caller,
    RamContext, RamOutcome, RamPolicy, RamPolicyKind, RamRequest, RamVerdict,
};
use RamOutcome::{Allow, ExplicitDeny, ImplicitDeny};

/// The account that owns the roles and the storage (OSS, Tablestore, DLF, Hologres).
const OWNER: &str = "1000000000000001";
/// The account that owns the MaxCompute project, in the cross-account cases.
const MC: &str = "2000000000000002";
/// Some third account.
const OTHER: &str = "3000000000000003";

fn permission(text: &str) -> RamPolicy {
    parse_ram_policy("access.json", text, RamPolicyKind::Permission)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn trust(text: &str) -> RamPolicy {
    parse_ram_policy("trust.json", text, RamPolicyKind::Trust)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn odps(account: &str) -> Caller {
    Caller::Service {
        service: "odps.aliyuncs.com".into(),
        account_uid: account.into(),
    }
}

fn user(account: &str, name: &str) -> Caller {
    Caller::RamUser {
        account_uid: account.into(),
        name: name.into(),
    }
}

fn role(account: &str, name: &str) -> Caller {
    Caller::RamRole {
        account_uid: account.into(),
        name: name.into(),
    }
}

/// May `caller` assume a role of `OWNER` under `policy`?
fn assume<'p>(policy: &'p RamPolicy, caller: &Caller, ctx: &RamContext) -> RamVerdict<'p> {
    evaluate(
        &[policy],
        &RamRequest {
            action: "sts:AssumeRole",
            resource: None,
            caller: Some(caller),
            resource_account: Some(OWNER),
            context: ctx,
        },
    )
}

/// May the holder of `policies` perform `action` on `resource`?
fn access<'p>(
    policies: &[&'p RamPolicy],
    action: &str,
    resource: &str,
    ctx: &RamContext,
) -> RamVerdict<'p> {
    evaluate(
        policies,
        &RamRequest {
            action,
            resource: Some(resource),
            caller: None,
            resource_account: None,
            context: ctx,
        },
    )
}

fn none() -> RamContext {
    RamContext::new()
}

/// A context with one key.
fn keyed(key: &str, value: &str) -> RamContext {
    RamContext::new().with(key, value)
}

/// Each `(action, outcome)`: the holder of `policies` gets `outcome` for `action` on `resource`.
#[track_caller]
fn expect_access(
    policies: &[&RamPolicy],
    ctx: &RamContext,
    resource: &str,
    cases: &[(&str, RamOutcome)],
) {
    for (action, want) in cases {
        assert_eq!(
            access(policies, action, resource, ctx).outcome,
            *want,
            "{action} on {resource} in {ctx:?}"
        );
    }
}

/// Each `(caller, outcome)`: `caller` gets `outcome` assuming a role of `OWNER` under `policy`.
#[track_caller]
fn expect_assume(policy: &RamPolicy, ctx: &RamContext, cases: &[(Caller, RamOutcome)]) {
    for (caller, want) in cases {
        assert_eq!(
            assume(policy, caller, ctx).outcome,
            *want,
            "{caller:?} in {ctx:?}"
        );
    }
}

// ---------------------------------------------------------------- seed 002: trust policies

const SAME_ACCOUNT_TRUST: &str = r#"{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {
        "Service": [
          "odps.aliyuncs.com"
        ]
      }
    }
  ],
  "Version": "1"
}"#;

/// OSS, Tablestore and DLF "different accounts": `<MaxCompute owner's ID>@odps.aliyuncs.com`.
fn cross_account_trust(mc: &str) -> String {
    format!(
        r#"{{
  "Statement": [
    {{
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {{
        "Service": [
          "{mc}@odps.aliyuncs.com"
        ]
      }}
    }}
  ],
  "Version": "1"
}}"#
    )
}

/// Hologres, trusted entity "Alibaba Cloud account".
fn hologres_account_trust(uid: &str) -> String {
    format!(
        r#"{{
  "Statement": [
    {{
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {{
        "RAM": [
          "acs:ram::{uid}:root"
        ]
      }}
    }},
    {{
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {{
        "Service": [
          "{uid}@odps.aliyuncs.com"
        ]
      }}
    }}
  ],
  "Version": "1"
}}"#
    )
}

/// Hologres, trusted entity "identity provider".
fn hologres_idp_trust(uid: &str) -> String {
    format!(
        r#"{{
  "Statement": [
    {{
      "Action": "sts:AssumeRole",
      "Condition": {{
        "StringEquals": {{
          "saml:recipient": "https://signin.aliyun.com/saml-role/sso"
        }}
      }},
      "Effect": "Allow",
      "Principal": {{
        "Federated": [
          "acs:ram::{uid}:saml-provider/IDP"
        ]
      }}
    }},
    {{
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {{
        "Service": [
          "{uid}@odps.aliyuncs.com"
        ]
      }}
    }}
  ],
  "Version": "1"
}}"#
    )
}

#[test]
fn seed_002_same_account_trust_admits_maxcompute_of_the_roles_account_only() {
    let t = trust(SAME_ACCOUNT_TRUST);
    let v = assume(&t, &odps(OWNER), &none());
    assert_eq!(v.outcome, Allow);
    assert_eq!(v.deciding.len(), 1);
    assert_eq!(v.deciding[0].1.source.to_string(), "trust.json:3:5");
    let service = |name: &str| Caller::Service {
        service: name.into(),
        account_uid: OWNER.into(),
    };
    expect_assume(
        &t,
        &none(),
        &[
            // MaxCompute of another account needs `<uid>@odps.aliyuncs.com`.
            (odps(MC), ImplicitDeny),
            // Not a RAM identity, not another service.
            (user(OWNER, "bob"), ImplicitDeny),
            (service("oss.aliyuncs.com"), ImplicitDeny),
            // Service names compare without regard to case.
            (service("ODPS.aliyuncs.com"), Allow),
        ],
    );
    // Without the role's account, a bare service name cannot be checked: no match.
    let ctx = none();
    let unknown_account = RamRequest {
        action: "sts:AssumeRole",
        resource: None,
        caller: Some(&odps(OWNER)),
        resource_account: None,
        context: &ctx,
    };
    assert_eq!(evaluate(&[&t], &unknown_account).outcome, ImplicitDeny);
    // Without a caller no trust statement applies.
    let no_caller = RamRequest {
        caller: None,
        ..unknown_account
    };
    assert_eq!(evaluate(&[&t], &no_caller).outcome, ImplicitDeny);
    // A trust statement is about sts:AssumeRole only.
    let other_action = RamRequest {
        action: "sts:GetCallerIdentity",
        resource_account: Some(OWNER),
        caller: Some(&odps(OWNER)),
        ..no_caller
    };
    assert_eq!(evaluate(&[&t], &other_action).outcome, ImplicitDeny);
}

#[test]
fn seed_002_cross_account_trust_admits_maxcompute_of_the_named_account() {
    // OSS, Tablestore and DLF print the same cross-account trust policy.
    let t = trust(&cross_account_trust(MC));
    expect_assume(
        &t,
        &none(),
        &[
            (odps(MC), Allow),
            (odps(OTHER), ImplicitDeny),
            // The entry names account MC only, so MaxCompute of the role's own account is not
            // named.
            (odps(OWNER), ImplicitDeny),
            // A RAM user of account MC is not MaxCompute.
            (user(MC, "bob"), ImplicitDeny),
        ],
    );
    // `<uid>@service` with the role's own account works for the same account too.
    let own = trust(&cross_account_trust(OWNER));
    expect_assume(&own, &none(), &[(odps(OWNER), Allow)]);
}

#[test]
fn seed_002_hologres_account_trust_admits_the_account_and_its_maxcompute() {
    let t = trust(&hologres_account_trust(OWNER));
    let account = Caller::Account {
        account_uid: OWNER.into(),
    };
    expect_assume(
        &t,
        &none(),
        &[
            (user(OWNER, "bob"), Allow),
            (role(OWNER, "etl"), Allow),
            (account, Allow),
            (odps(OWNER), Allow),
            (user(OTHER, "bob"), ImplicitDeny),
            (role(OTHER, "etl"), ImplicitDeny),
            (odps(OTHER), ImplicitDeny),
        ],
    );
    let v = assume(&t, &user(OWNER, "bob"), &none());
    assert_eq!(v.deciding[0].1.source.to_string(), "trust.json:3:5");
    let v = assume(&t, &odps(OWNER), &none());
    assert_eq!(v.deciding[0].1.source.to_string(), "trust.json:12:5");
    // Cross-account: the role's account trusts account MC (root) and MC's MaxCompute.
    let t = trust(&hologres_account_trust(MC));
    expect_assume(
        &t,
        &none(),
        &[
            (user(MC, "alice"), Allow),
            (odps(MC), Allow),
            (user(OWNER, "bob"), ImplicitDeny),
        ],
    );
}

#[test]
fn seed_002_hologres_idp_trust_needs_the_saml_recipient() {
    let t = trust(&hologres_idp_trust(OWNER));
    let idp = Caller::Federated {
        provider: format!("acs:ram::{OWNER}:saml-provider/IDP"),
    };
    let good = RamContext::new().with("saml:recipient", "https://signin.aliyun.com/saml-role/sso");
    let v = assume(&t, &idp, &good);
    assert_eq!(v.outcome, Allow);
    assert!(v.missing.is_empty());
    // Provider ARNs compare without regard to case; condition keys too.
    let lower = Caller::Federated {
        provider: format!("acs:ram::{OWNER}:saml-provider/idp"),
    };
    let upper_key =
        RamContext::new().with("SAML:Recipient", "https://signin.aliyun.com/saml-role/sso");
    assert_eq!(assume(&t, &lower, &upper_key).outcome, Allow);
    // Another recipient: the condition fails, nothing applies.
    let bad = RamContext::new().with("saml:recipient", "https://example.com/sso");
    let v = assume(&t, &idp, &bad);
    assert_eq!(v.outcome, ImplicitDeny);
    assert!(v.missing.is_empty());
    // Without the key: the statement does not apply, and the key is reported.
    let v = assume(&t, &idp, &none());
    assert_eq!(v.outcome, ImplicitDeny);
    assert_eq!(v.missing, vec!["saml:recipient".to_string()]);
    // Another provider, or a provider of another account.
    let other = Caller::Federated {
        provider: format!("acs:ram::{OTHER}:saml-provider/IDP"),
    };
    assert_eq!(assume(&t, &other, &good).outcome, ImplicitDeny);
    // The second statement still admits MaxCompute of the account, without the key.
    assert_eq!(assume(&t, &odps(OWNER), &none()).outcome, Allow);
    // Cross-account form.
    let t = trust(&hologres_idp_trust(MC));
    let idp_mc = Caller::Federated {
        provider: format!("acs:ram::{MC}:saml-provider/IDP"),
    };
    assert_eq!(assume(&t, &idp_mc, &good).outcome, Allow);
    assert_eq!(assume(&t, &odps(MC), &none()).outcome, Allow);
}

// ---------------------------------------------------------------- seed 002: access policies

const OSS_ACCESS: &str = r#"{
  "Version": "1",
  "Statement": [
    {
      "Action": [
        "oss:ListBuckets",
        "oss:GetObject",
        "oss:ListObjects",
        "oss:PutObject",
        "oss:DeleteObject",
        "oss:AbortMultipartUpload",
        "oss:ListParts"
      ],
      "Resource": "*",
      "Effect": "Allow"
    }
  ]
}"#;

const OTS_ACCESS: &str = r#"{
  "Version": "1",
  "Statement": [
    {
      "Action": [
        "ots:ListTable",
        "ots:DescribeTable",
        "ots:GetRow",
        "ots:PutRow",
        "ots:UpdateRow",
        "ots:DeleteRow",
        "ots:GetRange",
        "ots:BatchGetRow",
        "ots:BatchWriteRow",
        "ots:ComputeSplitPointsBySize"
      ],
      "Resource": "*",
      "Effect": "Allow"
    }
  ]
}"#;

const DLF_ACTIONS: [&str; 49] = [
    "dlf:CreateFunction",
    "dlf:BatchGetPartitions",
    "dlf:ListDatabases",
    "dlf:CreateLock",
    "dlf:UpdateFunction",
    "dlf:BatchUpdateTables",
    "dlf:DeleteTableVersion",
    "dlf:UpdatePartitionColumnStatistics",
    "dlf:ListPartitions",
    "dlf:DeletePartitionColumnStatistics",
    "dlf:BatchUpdatePartitions",
    "dlf:GetPartition",
    "dlf:BatchDeleteTableVersions",
    "dlf:ListFunctions",
    "dlf:DeleteTable",
    "dlf:GetTableVersion",
    "dlf:AbortLock",
    "dlf:GetTable",
    "dlf:BatchDeleteTables",
    "dlf:RenameTable",
    "dlf:RefreshLock",
    "dlf:DeletePartition",
    "dlf:UnLock",
    "dlf:GetLock",
    "dlf:GetDatabase",
    "dlf:GetFunction",
    "dlf:BatchCreatePartitions",
    "dlf:ListPartitionNames",
    "dlf:RenamePartition",
    "dlf:CreateTable",
    "dlf:BatchCreateTables",
    "dlf:UpdateTableColumnStatistics",
    "dlf:ListTableNames",
    "dlf:UpdateDatabase",
    "dlf:GetTableColumnStatistics",
    "dlf:ListFunctionNames",
    "dlf:ListPartitionsByFilter",
    "dlf:GetPartitionColumnStatistics",
    "dlf:CreatePartition",
    "dlf:CreateDatabase",
    "dlf:DeleteTableColumnStatistics",
    "dlf:ListTableVersions",
    "dlf:BatchDeletePartitions",
    "dlf:ListCatalogs",
    "dlf:UpdateTable",
    "dlf:ListTables",
    "dlf:DeleteDatabase",
    "dlf:BatchGetTables",
    "dlf:DeleteFunction",
];

fn dlf_oss_access() -> String {
    let dlf: Vec<String> = DLF_ACTIONS.iter().map(|a| format!("\"{a}\"")).collect();
    format!(
        r#"{{
  "Version": "1",
  "Statement": [
    {{
      "Action": [
        "oss:ListBuckets",
        "oss:GetObject",
        "oss:ListObjects",
        "oss:PutObject",
        "oss:DeleteObject",
        "oss:AbortMultipartUpload",
        "oss:ListParts"
      ],
      "Resource": "*",
      "Effect": "Allow"
    }},
    {{
      "Action": [
        {}
      ],
      "Resource": "*",
      "Effect": "Allow"
    }}
  ]
}}"#,
        dlf.join(",\n        ")
    )
}

#[test]
fn seed_002_oss_access_policy() {
    let p = permission(OSS_ACCESS);
    let obj = format!("acs:oss:*:{OWNER}:lake/data/part-0.orc");
    for a in [
        "oss:ListBuckets",
        "oss:GetObject",
        "oss:ListObjects",
        "oss:PutObject",
        "oss:DeleteObject",
        "oss:AbortMultipartUpload",
        "oss:ListParts",
    ] {
        let v = access(&[&p], a, &obj, &none());
        assert_eq!(v.outcome, Allow, "{a}");
        assert_eq!(v.deciding[0].1.source.to_string(), "access.json:4:5");
    }
    expect_access(
        &[&p],
        &none(),
        &obj,
        &[
            // Actions compare without regard to case.
            ("OSS:getobject", Allow),
            ("oss:PutBucket", ImplicitDeny),
            ("oss:DeleteBucket", ImplicitDeny),
            ("ots:GetRow", ImplicitDeny),
            ("oss:GetObjectAcl", ImplicitDeny),
        ],
    );
    let v = access(&[&p], "oss:GetObject", &obj, &none());
    assert_eq!(
        v.deciding[0].1.to_string(),
        "Allow oss:ListBuckets, oss:GetObject, oss:ListObjects, oss:PutObject, oss:DeleteObject, \
         oss:AbortMultipartUpload, oss:ListParts on *"
    );
}

#[test]
fn seed_002_tablestore_access_policy() {
    let p = permission(OTS_ACCESS);
    let table = format!("acs:ots:cn-hangzhou:{OWNER}:instance/inst/table/orders");
    expect_access(
        &[&p],
        &none(),
        &table,
        &[
            ("ots:GetRow", Allow),
            ("ots:GetRange", Allow),
            ("ots:BatchWriteRow", Allow),
            ("ots:ComputeSplitPointsBySize", Allow),
            ("ots:CreateTable", ImplicitDeny),
            ("ots:DeleteTable", ImplicitDeny),
            ("ots:CreateInstance", ImplicitDeny),
        ],
    );
}

#[test]
fn seed_002_dlf_and_oss_access_policy() {
    let text = dlf_oss_access();
    let p = permission(&text);
    let catalog = format!("acs:dlf:cn-hangzhou:{OWNER}:catalog/default");
    for a in DLF_ACTIONS {
        let v = access(&[&p], a, &catalog, &none());
        assert_eq!(v.outcome, Allow, "{a}");
        assert_eq!(v.deciding[0].1.source.to_string(), "access.json:17:5");
    }
    let v = access(&[&p], "oss:GetObject", "acs:oss:*:*:lake/x", &none());
    assert_eq!(v.deciding[0].1.source.to_string(), "access.json:4:5");
    expect_access(
        &[&p],
        &none(),
        &catalog,
        &[
            ("dlf:CreateCatalog", ImplicitDeny),
            ("dlf:DeleteCatalog", ImplicitDeny),
            ("dlf:GrantPermissions", ImplicitDeny),
        ],
    );
}

#[test]
fn seed_002_roles_end_to_end_trust_then_access() {
    // The role `oss-admin` of OWNER: MaxCompute of MC assumes it, then reads OSS with it.
    let t = trust(&cross_account_trust(MC));
    let p = permission(OSS_ACCESS);
    expect_assume(&t, &none(), &[(odps(MC), Allow)]);
    let obj = format!("acs:oss:*:{OWNER}:bucket/key");
    expect_access(&[&p], &none(), &obj, &[("oss:GetObject", Allow)]);
}

// ---------------------------------------------------------------- NotAction / NotResource

#[test]
fn not_action_allows_everything_but_the_listed_actions() {
    let p = permission(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","NotAction":"ram:*","Resource":"*"}]}"#,
    );
    expect_access(
        &[&p],
        &none(),
        "acs:oss:*:*:b/k",
        &[("oss:GetObject", Allow)],
    );
    expect_access(
        &[&p],
        &none(),
        "*",
        &[
            ("odps:CreateProject", Allow),
            ("ram:CreateUser", ImplicitDeny),
            ("RAM:createuser", ImplicitDeny),
            ("ram:AttachPolicyToUser", ImplicitDeny),
        ],
    );
    assert_eq!(
        p.statements[0].to_string(),
        "Allow all actions except ram:* on *"
    );
}

#[test]
fn not_resource_deny_protects_everything_outside_one_bucket() {
    let p = permission(
        r#"{"Version":"1","Statement":[
  {"Effect":"Allow","Action":"oss:*","Resource":"*"},
  {"Effect":"Deny","Action":"oss:DeleteObject","NotResource":["acs:oss:*:*:scratch","acs:oss:*:*:scratch/*"]}]}"#,
    );
    let v = access(&[&p], "oss:DeleteObject", "acs:oss:*:*:prod/k", &none());
    assert_eq!(v.outcome, ExplicitDeny);
    assert_eq!(v.deciding.len(), 1);
    assert_eq!(v.deciding[0].1.source.to_string(), "access.json:3:3");
    assert_eq!(
        v.deciding[0].1.to_string(),
        "Deny oss:DeleteObject on all resources except acs:oss:*:*:scratch, acs:oss:*:*:scratch/*"
    );
    let v = access(&[&p], "oss:DeleteObject", "acs:oss:*:*:scratch/k", &none());
    assert_eq!(v.outcome, Allow);
    expect_access(
        &[&p],
        &none(),
        "acs:oss:*:*:prod/k",
        &[("oss:GetObject", Allow)],
    );
}

#[test]
fn deny_wins_and_every_decider_is_named() {
    let a = permission(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:Get*","Resource":"*"},{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*"}]}"#,
    );
    let v = access(&[&a], "oss:GetObject", "acs:oss:*:*:b/k", &none());
    assert_eq!(v.outcome, Allow);
    assert_eq!(v.deciding.len(), 2);
    let d = parse_ram_policy(
        "deny.json",
        r#"{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:*","Resource":"acs:oss:*:*:b/*"}]}"#,
        RamPolicyKind::Permission,
    )
    .unwrap();
    let v = access(&[&a, &d], "oss:GetObject", "acs:oss:*:*:b/k", &none());
    assert_eq!(v.outcome, ExplicitDeny);
    assert_eq!(v.deciding.len(), 1);
    assert_eq!(v.deciding[0].0.name, "deny.json");
    assert_eq!(
        access(&[], "oss:GetObject", "*", &none()).outcome,
        ImplicitDeny
    );
}

// ---------------------------------------------------------------- case rules

#[test]
fn resources_are_case_sensitive_actions_are_not() {
    let p = permission(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"OSS:GETOBJECT","Resource":"acs:oss:*:*:Bucket/Data/*"}]}"#,
    );
    expect_access(
        &[&p],
        &none(),
        "acs:oss:*:*:Bucket/Data/x",
        &[("oss:GetObject", Allow), ("oss:getobject", Allow)],
    );
    expect_access(
        &[&p],
        &none(),
        "acs:oss:*:*:bucket/data/x",
        &[("oss:GetObject", ImplicitDeny)],
    );
    // `?` is one character, `*` any run including `/` and `:`.
    let q = permission(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:Get?bject","Resource":"acs:oss:*:*:b?/*"}]}"#,
    );
    expect_access(
        &[&q],
        &none(),
        "acs:oss:cn-hangzhou:1:b1/x/y",
        &[("oss:GetObject", Allow)],
    );
    expect_access(
        &[&q],
        &none(),
        "acs:oss:*:*:b12/x",
        &[("oss:GetObject", ImplicitDeny)],
    );
}

#[test]
fn element_names_effects_and_operators_are_case_sensitive() {
    let e = parse_ram_policy(
        "p.json",
        r#"{"Version":"1","Statement":[{"Effect":"allow","Action":"oss:*","Resource":"*"}]}"#,
        RamPolicyKind::Permission,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "p.json:1:39: invalid Effect `allow`: values are case-sensitive, expected `\"Allow\"` or `\"Deny\"`"
    );
    let e = parse_ram_policy(
        "p.json",
        r#"{"version":"1","Statement":[]}"#,
        RamPolicyKind::Permission,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "p.json:1:2: unknown member `version`: names are case-sensitive, expected `Version`"
    );
    let e = parse_ram_policy(
        "p.json",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","action":"oss:*","Resource":"*"}]}"#,
        RamPolicyKind::Permission,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("p.json:1:47: unknown statement member `action`"),
        "{e}"
    );
    assert!(e.contains("expected `Action`"), "{e}");
    let e = parse_ram_policy(
        "p.json",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*","Condition":{"stringequals":{"acs:AccessId":"x"}}}]}"#,
        RamPolicyKind::Permission,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("p.json:1:92: unknown condition operator `stringequals`"),
        "{e}"
    );
    assert!(e.contains("expected `StringEquals`"), "{e}");
}

// ---------------------------------------------------------------- conditions

fn with_condition(effect: &str, condition: &str) -> RamPolicy {
    permission(&format!(
        r#"{{"Version":"1","Statement":[{{"Effect":"{effect}","Action":"oss:*","Resource":"*","Condition":{condition}}}]}}"#
    ))
}

fn get(policies: &[&RamPolicy], ctx: &RamContext) -> RamOutcome {
    access(policies, "oss:GetObject", "acs:oss:*:*:b/k", ctx).outcome
}

/// Each `(context, outcome)`: [`get`] under `policies` gives `outcome` in that context.
#[track_caller]
fn expect_get(policies: &[&RamPolicy], cases: &[(RamContext, RamOutcome)]) {
    for (ctx, want) in cases {
        assert_eq!(get(policies, ctx), *want, "{ctx:?}");
    }
}

#[test]
fn source_ip_conditions() {
    let p = with_condition(
        "Allow",
        r#"{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","192.168.1.7"]}}"#,
    );
    expect_get(
        &[&p],
        &[
            (keyed("acs:SourceIp", "10.1.2.3"), Allow),
            (keyed("acs:SourceIp", "192.168.1.7"), Allow),
            (keyed("acs:SourceIp", "192.168.1.8"), ImplicitDeny),
            (keyed("acs:SourceIp", "not-an-ip"), ImplicitDeny),
        ],
    );
    let v = access(&[&p], "oss:GetObject", "*", &none());
    assert_eq!(v.outcome, ImplicitDeny);
    assert_eq!(v.missing, vec!["acs:sourceip".to_string()]);
    // A Deny from outside the office network.
    let allow = permission(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    );
    let deny = with_condition("Deny", r#"{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8"}}"#);
    expect_get(
        &[&allow, &deny],
        &[
            (keyed("acs:SourceIp", "8.8.8.8"), ExplicitDeny),
            (keyed("acs:SourceIp", "10.0.0.1"), Allow),
        ],
    );
    // A Deny whose key is missing does not apply; the key is reported.
    let v = access(&[&allow, &deny], "oss:GetObject", "*", &none());
    assert_eq!(v.outcome, Allow);
    assert_eq!(v.missing, vec!["acs:sourceip".to_string()]);
    assert_eq!(
        deny.statements[0].to_string(),
        "Deny oss:* on * when NotIpAddress acs:SourceIp ['10.0.0.0/8']"
    );
}

#[test]
fn current_time_conditions() {
    // RAM's example: ECS access only before 17:00 on 2019-08-12 (UTC+8).
    let p = with_condition(
        "Allow",
        r#"{"DateLessThan":{"acs:CurrentTime":"2019-08-12T17:00:00+08:00"}}"#,
    );
    expect_get(
        &[&p],
        &[
            (keyed("acs:CurrentTime", "2019-08-12T08:59:59Z"), Allow),
            (
                keyed("acs:CurrentTime", "2019-08-12T09:00:00Z"),
                ImplicitDeny,
            ),
        ],
    );
    let window = with_condition(
        "Allow",
        r#"{"DateGreaterThanEquals":{"acs:CurrentTime":"2026-03-01T00:00:00Z"},"DateLessThan":{"acs:CurrentTime":"2026-04-01T00:00:00Z"}}"#,
    );
    expect_get(
        &[&window],
        &[
            (keyed("acs:CurrentTime", "2026-03-01T00:00:00Z"), Allow),
            (
                keyed("acs:CurrentTime", "2026-04-01T00:00:00Z"),
                ImplicitDeny,
            ),
            (
                keyed("acs:CurrentTime", "2026-02-28T23:59:59Z"),
                ImplicitDeny,
            ),
        ],
    );
}

#[test]
fn secure_transport_and_mfa_conditions() {
    let https = with_condition("Allow", r#"{"Bool":{"acs:SecureTransport":"true"}}"#);
    expect_get(
        &[&https],
        &[
            (keyed("acs:SecureTransport", "true"), Allow),
            (keyed("acs:SecureTransport", "TRUE"), Allow),
            (keyed("acs:SecureTransport", "false"), ImplicitDeny),
        ],
    );
    // JSON booleans are accepted as values.
    let allow = permission(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}"#,
    );
    let no_mfa = with_condition("Deny", r#"{"Bool":{"acs:MFAPresent":false}}"#);
    expect_get(
        &[&allow, &no_mfa],
        &[
            (keyed("acs:MFAPresent", "false"), ExplicitDeny),
            (keyed("acs:MFAPresent", "true"), Allow),
        ],
    );
    let v = access(&[&allow, &no_mfa], "oss:GetObject", "*", &none());
    assert_eq!(
        (v.outcome, v.missing),
        (Allow, vec!["acs:mfapresent".to_string()])
    );
}

#[test]
fn access_id_user_agent_vpc_and_service_keys() {
    let ak = with_condition(
        "Allow",
        r#"{"StringEquals":{"acs:AccessId":["AK_BOB_1","AK_BOB_2"]}}"#,
    );
    expect_get(
        &[&ak],
        &[
            (keyed("acs:AccessId", "AK_BOB_2"), Allow),
            // StringEquals is case-sensitive; the IgnoreCase variant is not.
            (keyed("acs:AccessId", "ak_bob_1"), ImplicitDeny),
        ],
    );
    let ic = with_condition(
        "Allow",
        r#"{"StringEqualsIgnoreCase":{"acs:AccessId":"AK_BOB_1"}}"#,
    );
    expect_get(&[&ic], &[(keyed("acs:AccessId", "ak_bob_1"), Allow)]);
    let ua = with_condition(
        "Allow",
        r#"{"StringLike":{"acs:UserAgent":"aliyun-cli/*"}}"#,
    );
    // StringLike is case-sensitive (review S1: this case pinned `Aliyun-CLI/3.0` as a match).
    expect_get(
        &[&ua],
        &[
            (keyed("acs:UserAgent", "aliyun-cli/3.0"), Allow),
            (keyed("acs:UserAgent", "Aliyun-CLI/3.0"), ImplicitDeny),
        ],
    );
    let not_vpc = with_condition("Deny", r#"{"StringNotEquals":{"acs:SourceVpc":"vpc-abc"}}"#);
    let allow = permission(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}"#,
    );
    expect_get(
        &[&allow, &not_vpc],
        &[
            (keyed("acs:SourceVpc", "vpc-xyz"), ExplicitDeny),
            (keyed("acs:SourceVpc", "vpc-abc"), Allow),
        ],
    );
    // Any service key.
    let prefix = with_condition(
        "Allow",
        r#"{"StringLike":{"oss:Prefix":"logs/*"},"NumericLessThanEquals":{"oss:MaxKeys":100}}"#,
    );
    let mut ctx = keyed("oss:Prefix", "logs/2026");
    ctx.set("oss:MaxKeys", "100");
    assert_eq!(get(&[&prefix], &ctx), Allow);
    ctx.set("oss:MaxKeys", "101");
    assert_eq!(get(&[&prefix], &ctx), ImplicitDeny);
    ctx.remove("oss:MaxKeys");
    let v = access(&[&prefix], "oss:ListObjects", "*", &ctx);
    assert_eq!(
        (v.outcome, v.missing),
        (ImplicitDeny, vec!["oss:maxkeys".to_string()])
    );
    // A multi-valued key: a positive operator needs one value, a negated one every value.
    let mut many = RamContext::new();
    many.set_all("acs:SourceVpc", vec!["vpc-abc".into(), "vpc-xyz".into()]);
    let in_vpc = with_condition("Allow", r#"{"StringEquals":{"acs:SourceVpc":"vpc-abc"}}"#);
    assert_eq!(get(&[&in_vpc], &many), Allow);
    assert_eq!(get(&[&allow, &not_vpc], &many), Allow);
}

/// Review S1: `StringLike` / `StringNotLike` are case-sensitive ("Matches a string pattern
/// (case-sensitive, supports asterisks [*] and question marks [?] as wildcard characters)",
/// https://www.alibabacloud.com/help/en/ram/conditional-operator), so a Deny guarded by
/// `StringNotLike` cannot be dodged by changing the case of the value.
#[test]
fn string_like_and_not_like_are_case_sensitive() {
    // RAM's own example: list `myphotos` under the prefix `hangzhou/2015/` only.
    let like = permission(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:ListObjects",
            "Resource":"acs:oss:*:*:myphotos","Condition":{"StringLike":{"oss:Prefix":"hangzhou/2015/*"}}}]}"#,
    );
    let list = |prefix: &str| {
        access(
            &[&like],
            "oss:ListObjects",
            "acs:oss:*:*:myphotos",
            &keyed("oss:Prefix", prefix),
        )
        .outcome
    };
    assert_eq!(list("hangzhou/2015/x"), Allow);
    assert_eq!(list("HANGZHOU/2015/x"), ImplicitDeny);
    // Allow odps:*, but Deny every caller whose user agent is not `AllowedTool*`.
    let guarded = permission(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"odps:*","Resource":"*"},
            {"Effect":"Deny","Action":"odps:*","Resource":"*",
             "Condition":{"StringNotLike":{"acs:UserAgent":"AllowedTool*"}}}]}"#,
    );
    let project = "acs:odps:cn-hangzhou:1000000000000001:projects/newp";
    let create = |agent: &str| {
        access(
            &[&guarded],
            "odps:CreateProject",
            project,
            &keyed("acs:UserAgent", agent),
        )
        .outcome
    };
    assert_eq!(create("AllowedTool/1.0"), Allow);
    assert_eq!(create("allowedtool/1.0"), ExplicitDeny);
}

#[test]
fn all_clauses_must_hold() {
    let p = with_condition(
        "Allow",
        r#"{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"},"Bool":{"acs:SecureTransport":"true"}}"#,
    );
    let mut ctx = RamContext::new().with("acs:SourceIp", "10.0.0.1");
    let v = access(&[&p], "oss:GetObject", "*", &ctx);
    assert_eq!(v.missing, vec!["acs:securetransport".to_string()]);
    ctx.set("acs:SecureTransport", "true");
    assert_eq!(get(&[&p], &ctx), Allow);
    ctx.set("acs:SourceIp", "11.0.0.1");
    assert_eq!(get(&[&p], &ctx), ImplicitDeny);
    // A failing clause with a present key makes the statement fail: nothing is reported missing.
    ctx.remove("acs:SecureTransport");
    assert!(access(&[&p], "oss:GetObject", "*", &ctx).missing.is_empty());
}

// ---------------------------------------------------------------- parse errors

/// `file:line:column` of the first `marker` in `text` (columns in characters).
fn at(file: &str, text: &str, marker: &str) -> String {
    let off = text
        .find(marker)
        .unwrap_or_else(|| panic!("no `{marker}` in {text}"));
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{file}:{line}:{column}")
}

/// Each `(text, marker, message)`: parsing `text` as `kind` fails at the first `marker` with an
/// error starting with `message`.
fn expect_errors(kind: RamPolicyKind, cases: &[(&str, &str, &str)]) {
    let file = match kind {
        RamPolicyKind::Permission => "p.json",
        RamPolicyKind::Trust => "t.json",
    };
    for (text, marker, message) in cases {
        let got = parse_ram_policy(file, text, kind)
            .map(|_| "parsed".to_string())
            .unwrap_or_else(|e| e.to_string());
        let want = format!("{}: {message}", at(file, text, marker));
        assert!(
            got.starts_with(&want),
            "want `{want}`\n got `{got}`\n in {text}"
        );
    }
}

#[test]
fn parse_errors_name_the_position_and_what_was_expected() {
    let cond = |c: &str| {
        format!(
            r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"oss:*","Resource":"*","Condition":{c}}}]}}"#
        )
    };
    let c_ip = cond(r#"{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","bad"]}}"#);
    let c_range = cond(r#"{"IpAddress":{"acs:SourceIp":"10.0.0.1-10.0.0.9"}}"#);
    let c_star = cond(r#"{"NotIpAddress":{"acs:SourceIp":"*"}}"#);
    let c_date = cond(r#"{"DateLessThan":{"acs:CurrentTime":"tomorrow"}}"#);
    let c_num = cond(r#"{"NumericLessThan":{"oss:MaxKeys":"many"}}"#);
    let c_bool = cond(r#"{"Bool":{"acs:MFAPresent":"yes"}}"#);
    let c_set = cond(r#"{"StringSubSet":{"acs:Privileges":"Select"}}"#);
    let c_if = cond(r#"{"StringEqualsIfExists":{"acs:AccessId":"x"}}"#);
    let c_empty = cond(r#"{"StringEquals":{"acs:AccessId":[]}}"#);
    let c_null = cond(r#"{"StringEquals":{"acs:AccessId":null}}"#);
    let c_nokey = cond(r#"{"StringEquals":{}}"#);
    let c_badkey = cond(r#"{"StringEquals":{"acs: AccessId":"x"}}"#);
    let c_shape = cond(r#"["acs:SourceIp"]"#);
    let cases: &[(&str, &str, &str)] = &[
        ("{\"Version\":\"1\",\n \"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"GetObject\",\"Resource\":\"*\"}]}",
         "\"GetObject\"", "invalid action `GetObject`: expected `<ram-code>:<action>`"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\n  \"Resource\":\"bucket/*\"}]}",
         "\"bucket/*\"", "invalid resource `bucket/*`: expected `acs:<service>:<region>:<account>:<relative-id>`"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"acs:odps:*:projects/p\"}]}",
         "\"acs:odps", "invalid resource `acs:odps:*:projects/p`"),
        ("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"*\"}]}",
         "{", "the policy has no `Version`"),
        ("{\"Version\":\"2\",\"Statement\":[]}", "\"2\"", "expected `\"Version\": \"1\"`"),
        ("{\"Version\":1,\"Statement\":[]}", "1", "expected `\"Version\": \"1\"`"),
        ("{\"Version\":\"1\"}", "{", "the policy has no `Statement`"),
        ("{\"Version\":\"1\",\"Statement\":[]}", "[", "expected at least one statement"),
        ("{\"Version\":\"1\",\"Statement\":\"x\"}", "\"x\"", "expected an array of statements, found a string"),
        ("[]", "[", "expected a policy object, found an array"),
        ("{\"Version\":\"1\",\"Statment\":[]}", "\"Statment\"", "unknown member `Statment`: expected Version, Statement"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Action\":\"oss:*\",\"Resource\":\"*\"}]}",
         "{\"Action\"", "the statement has no `Effect`"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Permit\",\"Action\":\"oss:*\",\"Resource\":\"*\"}]}",
         "\"Permit\"", "expected `\"Allow\"` or `\"Deny\"`"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}",
         "{\"Effect\"", "the statement has no `Action` or `NotAction`"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\"}]}",
         "{\"Effect\"", "the statement has no `Resource` or `NotResource`"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"a:b\",\"NotAction\":\"c:d\",\"Resource\":\"*\"}]}",
         "\"NotAction\"", "a statement has `Action` or `NotAction`, not both"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"a:b\",\"Resource\":\"*\",\"NotResource\":\"*\"}]}",
         "\"NotResource\"", "a statement has `Resource` or `NotResource`, not both"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}]}",
         "[]", "expected at least one action"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"oss:*\",3],\"Resource\":\"*\"}]}",
         "3]", "expected each action as a string, found a number"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"*\",\"Principal\":{\"RAM\":\"acs:ram::1:root\"}}]}",
         "\"Principal\"", "a permission policy statement must not name a `Principal`"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"*\",\"NotPrincipal\":\"x\"}]}",
         "\"NotPrincipal\"", "unknown statement member `NotPrincipal`: expected Effect, Action, NotAction"),
        (&c_ip, "\"bad\"", "invalid IP value `bad`: expected an address or a CIDR block"),
        (&c_range, "\"10.0.0.1-", "invalid IP value `10.0.0.1-10.0.0.9`: expected an address or a CIDR block"),
        (&c_star, "\"*\"}}", "invalid IP value `*`: expected an address or a CIDR block"),
        (&c_date, "\"tomorrow\"", "invalid time `tomorrow`: expected RFC 3339"),
        (&c_num, "\"many\"", "invalid number `many`"),
        (&c_bool, "\"yes\"", "expected `true` or `false`, found `yes`"),
        (&c_set, "\"StringSubSet\"", "`StringSubSet` is a MaxCompute management-policy operator, not a RAM one"),
        (&c_if, "\"StringEqualsIfExists\"", "unknown condition operator `StringEqualsIfExists`: expected one of StringEquals, StringNotEquals"),
        (&c_empty, "[]", "expected at least one condition value"),
        (&c_null, "null", "expected a condition value (string, number or boolean), found null"),
        (&c_nokey, "\"StringEquals\"", "`StringEquals` names no condition key"),
        (&c_badkey, "\"acs: AccessId\"", "invalid condition key `acs: AccessId`"),
        (&c_shape, "[\"acs:SourceIp\"]", "expected `{ \"<Operator>\": { \"<key>\": <values> } }`"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"*\",\"Effect\":\"Deny\"}]}",
         "\"Effect\":\"Deny\"", "duplicate member `Effect`"),
        ("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"*\",}]}",
         "}]", "expected a quoted member name"),
    ];
    expect_errors(RamPolicyKind::Permission, cases);
}

#[test]
fn trust_policy_errors() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#,
            r#"{"Effect""#,
            "a trust policy statement must name a `Principal`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Principal":{"Service":"odps.aliyuncs.com"}}]}"#,
            r#""Resource""#,
            "a trust policy statement has no `Resource`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:GetCallerIdentity"],"Principal":{"Service":"odps.aliyuncs.com"}}]}"#,
            r#""sts:GetCallerIdentity""#,
            "invalid trust policy action `sts:GetCallerIdentity`: expected `sts:AssumeRole`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:*","Principal":{"Service":"odps.aliyuncs.com"}}]}"#,
            r#""sts:*""#,
            "invalid trust policy action `sts:*`: expected `sts:AssumeRole`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","NotAction":"oss:*","Principal":{"Service":"odps.aliyuncs.com"}}]}"#,
            r#""NotAction""#,
            "a trust policy statement takes `\"Action\": \"sts:AssumeRole\"`, not `NotAction`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{}}]}"#,
            "{}",
            "expected at least one of `RAM`, `Service`, `Federated`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*"}]}"#,
            r#""*""#,
            "expected `{\"RAM\" | \"Service\" | \"Federated\": <principals>}`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"service":"odps.aliyuncs.com"}}]}"#,
            r#""service""#,
            "unknown principal type `service`: names are case-sensitive, expected `Service`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"odps aliyuncs"}}]}"#,
            r#""odps aliyuncs""#,
            "invalid service principal `odps aliyuncs`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"abc@odps.aliyuncs.com"}}]}"#,
            r#""abc@"#,
            "invalid service principal `abc@odps.aliyuncs.com`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1000000000000001:group/dev"]}}]}"#,
            r#""acs:ram"#,
            "invalid RAM principal `acs:ram::1000000000000001:group/dev`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"1000000000000001"}}]}"#,
            r#""1000"#,
            "invalid RAM principal `1000000000000001`: expected `acs:ram::<uid>:root`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Federated":"IDP"}}]}"#,
            r#""IDP""#,
            "invalid federated principal `IDP`",
        ),
    ];
    expect_errors(RamPolicyKind::Trust, cases);
    // Action values are not case-sensitive, in trust policies too.
    let t = trust(
        r#"{"Version":"1","Statement":{"Effect":"Allow","Action":"STS:assumerole","Principal":{"RAM":"acs:ram::1000000000000001:role/*"}}}"#,
    );
    expect_assume(
        &t,
        &none(),
        &[
            (role(OWNER, "etl"), Allow),
            (user(OWNER, "bob"), ImplicitDeny),
        ],
    );
    assert_eq!(
        t.statements[0].to_string(),
        "Allow STS:assumerole for RAM acs:ram::1000000000000001:role/*"
    );
}

#[test]
fn trust_principals_by_user_and_role_name() {
    let t = trust(&format!(
        r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{{"RAM":["acs:ram::{OWNER}:user/Bob","acs:ram::{MC}:role/etl-*"]}}}},
{{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{{"RAM":"acs:ram::{MC}:role/etl-test"}}}}]}}"#
    ));
    expect_assume(
        &t,
        &none(),
        &[
            (user(OWNER, "bob"), Allow),
            (user(OWNER, "alice"), ImplicitDeny),
            (role(OWNER, "bob"), ImplicitDeny),
            (role(MC, "ETL-prod"), Allow),
            (role(MC, "etl-test"), ExplicitDeny),
            // `user/...` does not name the account itself.
            (
                Caller::Account {
                    account_uid: OWNER.into(),
                },
                ImplicitDeny,
            ),
        ],
    );
}

// ---------------------------------------------------------------- system policies

#[test]
fn system_policies_by_name() {
    let sts = system_policy("aliyunstsassumeroleaccess").unwrap();
    assert_eq!(sts.name, "AliyunSTSAssumeRoleAccess");
    assert!(sts.system);
    let v = access(
        &[&sts],
        "sts:AssumeRole",
        &format!("acs:ram::{OWNER}:role/oss-admin"),
        &none(),
    );
    assert_eq!(v.outcome, Allow);
    assert_eq!(
        v.deciding[0].1.source.to_string(),
        "<system:AliyunSTSAssumeRoleAccess>:1:1"
    );
    assert_eq!(v.deciding[0].1.to_string(), "Allow sts:AssumeRole on *");

    let admin = system_policy("AdministratorAccess").unwrap();
    expect_access(
        &[&admin],
        &none(),
        "*",
        &[
            ("ram:CreateUser", Allow),
            ("odps:CreateProject", Allow),
            ("oss:DeleteBucket", Allow),
        ],
    );
    let ro = system_policy("AliyunMaxComputeReadOnlyAccess").unwrap();
    let project = format!("acs:odps:cn-hangzhou:{OWNER}:projects/p");
    expect_access(
        &[&ro],
        &none(),
        &project,
        &[
            ("odps:ListProjects", Allow),
            ("odps:GetProject", Allow),
            ("odps:CreateProject", ImplicitDeny),
        ],
    );
    let full = system_policy("AliyunMaxComputeFullAccess").unwrap();
    expect_access(
        &[&full],
        &none(),
        &project,
        &[("odps:CreateProject", Allow)],
    );
    let slr = keyed("ram:ServiceName", "identity.odps.aliyuncs.com");
    expect_access(
        &[&full],
        &slr,
        "*",
        &[("ram:CreateServiceLinkedRole", Allow)],
    );
    let ram_ro = system_policy("AliyunRAMReadOnlyAccess").unwrap();
    expect_access(
        &[&ram_ro],
        &none(),
        "*",
        &[("ram:ListUsers", Allow), ("ram:CreateUser", ImplicitDeny)],
    );
    let ram_full = system_policy("AliyunRAMFullAccess").unwrap();
    expect_access(&[&ram_full], &none(), "*", &[("ram:CreateUser", Allow)]);
    let oss_ro = system_policy("AliyunOSSReadOnlyAccess").unwrap();
    expect_access(
        &[&oss_ro],
        &none(),
        "acs:oss:*:*:b/k",
        &[("oss:GetObject", Allow), ("oss:PutObject", ImplicitDeny)],
    );
    let oss = system_policy("AliyunOSSFullAccess").unwrap();
    expect_access(
        &[&oss],
        &none(),
        "acs:oss:*:*:b/k",
        &[("oss:PutObject", Allow)],
    );
    let ots_ro = system_policy("AliyunOTSReadOnlyAccess").unwrap();
    expect_access(
        &[&ots_ro],
        &none(),
        "*",
        &[("ots:GetRange", Allow), ("ots:PutRow", ImplicitDeny)],
    );
    let ots = system_policy("AliyunOTSFullAccess").unwrap();
    expect_access(&[&ots], &none(), "*", &[("ots:PutRow", Allow)]);
    let dlf = system_policy("AliyunDLFFullAccess").unwrap();
    expect_access(
        &[&dlf],
        &none(),
        "*",
        &[("dlf:CreateCatalog", Allow), ("ram:PassRole", ImplicitDeny)],
    );
    let pass = keyed("acs:Service", "dlf.aliyuncs.com");
    expect_access(&[&dlf], &pass, "*", &[("ram:PassRole", Allow)]);
    let dw = system_policy("AliyunDataWorksFullAccess").unwrap();
    expect_access(&[&dw], &none(), "*", &[("dataworks:CreateProject", Allow)]);
    let bss = system_policy("AliyunBSSOrderAccess").unwrap();
    expect_access(&[&bss], &none(), "*", &[("bss:PayOrder", Allow)]);
    assert!(system_policy("NoSuchPolicy").is_none());

    assert!(is_high_risk("AdministratorAccess"));
    assert!(is_high_risk("aliyunramfullaccess"));
    assert!(!is_high_risk("AliyunRAMReadOnlyAccess"));
    assert!(!is_high_risk("AliyunMaxComputeFullAccess"));
}

#[test]
fn seed_002_service_linked_roles() {
    let holo = service_linked_role("aliyunserviceroleformaxcomputeidentitymgmt").unwrap();
    assert_eq!(holo.name, "AliyunServiceRoleForMaxComputeIdentityMgmt");
    assert_eq!(holo.service, "identity.odps.aliyuncs.com");
    let identity = |account: &str| Caller::Service {
        service: "identity.odps.aliyuncs.com".into(),
        account_uid: account.into(),
    };
    expect_assume(
        &holo.trust,
        &none(),
        &[
            (identity(OWNER), Allow),
            (identity(OTHER), ImplicitDeny),
            (odps(OWNER), ImplicitDeny),
        ],
    );
    assert_eq!(
        holo.policy.name,
        "AliyunServiceRolePolicyForMaxComputeIdentityMgmt"
    );
    let users = format!("acs:odps:cn-hangzhou:{OWNER}:users/bob");
    expect_access(
        &[&holo.policy],
        &none(),
        &users,
        &[("odps:ActOnBehalfOfAUser", Allow)],
    );
    expect_access(
        &[&holo.policy],
        &none(),
        &format!("acs:odps:*:{OWNER}:projects/p"),
        &[("odps:ActOnBehalfOfAUser", ImplicitDeny)],
    );
    expect_access(
        &[&holo.policy],
        &none(),
        "*",
        &[("dlf:GetTable", ImplicitDeny)],
    );

    let lake = service_linked_role("AliyunServiceRoleForMaxComputeLakehouse").unwrap();
    assert_eq!(
        lake.policy.name,
        "AliyunServiceRolePolicyForMaxComputeLakehouse"
    );
    expect_access(
        &[&lake.policy],
        &none(),
        "*",
        &[
            ("dlf:GetTable", Allow),
            ("dlf:CreateTable", Allow),
            ("dlf:ListCatalogs", Allow),
            ("oss:GetObject", ImplicitDeny),
        ],
    );
    assert!(service_linked_role("AliyunServiceRoleForNothing").is_none());
}

#[test]
fn policies_round_trip_through_serde() {
    let text = hologres_idp_trust(OWNER);
    let t = trust(&text);
    let json = serde_json::to_string(&t).unwrap();
    let back: RamPolicy = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t);
    // The compiled condition survives: the round-tripped policy evaluates alike.
    let idp = Caller::Federated {
        provider: format!("acs:ram::{OWNER}:saml-provider/IDP"),
    };
    let good = RamContext::new().with("saml:recipient", "https://signin.aliyun.com/saml-role/sso");
    assert_eq!(assume(&back, &idp, &good).outcome, Allow);
    let p = with_condition("Allow", r#"{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}"#);
    let back: RamPolicy = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
    expect_get(&[&back], &[(keyed("acs:SourceIp", "10.9.9.9"), Allow)]);
    // A snapshot with a bad condition value is refused.
    let bad = json
        .replace("https://signin.aliyun.com/saml-role/sso", "x")
        .replace("StringEquals", "DateEquals");
    assert!(serde_json::from_str::<RamPolicy>(&bad).is_err());
    let admin = system_policy("AdministratorAccess").unwrap();
    let back: RamPolicy = serde_json::from_str(&serde_json::to_string(&admin).unwrap()).unwrap();
    assert_eq!(back, admin);
}
