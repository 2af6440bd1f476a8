//! Identities end to end (issue 6; seeds 000, 001, 002, 004; PLP §1, §8): AccessKeys with
//! their 15-minute delay, STS tokens for RAM roles, bare principals, the account provider,
//! console and tenant-level requests decided by RAM alone, and DataWorks development
//! environments.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::{
    allow, allow_ram, check_cases, deny, deny_permission, on_project, with, Dir, TRUST_ROOT,
};
use mcauth::request::AnyRequest;
use mcauth::{LoadError, Stage};
use serde_json::{json, Value};

const TRUST_ODPS: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
  "Principal":{"Service":["odps.aliyuncs.com"]}}]}"#;
const TRUST_OTHER: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
  "Principal":{"RAM":["acs:ram::2000000000000002:root"]}}]}"#;
const TRUST_DATAWORKS: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
  "Principal":{"Service":["dataworks.aliyuncs.com"]}}]}"#;
const DENY_ASSUME: &str = r#"{"Version":"1","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole",
  "Resource":"acs:ram:*:1000000000000001:role/etl"}]}"#;
const QUOTA_POLICY: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"odps:*",
  "Resource":"acs:odps:*:1000000000000001:quotas/*"},{"Effect":"Deny","Action":"odps:DeleteQuota",
  "Resource":"*"}]}"#;

/// The setting: account owner (uid ...01) with project `sales`, RAM users bob (two keys),
/// carol (no STS permission) and dave (denied), roles `etl` (trusts the account) and `other`
/// (trusts another account), DataWorks environments with a custom role (`dev_bob`), public
/// (`shared_env`) and with the DataWorks default role (`nb_bob`; `nb_dave`, whose owner is no
/// member of `sales`).
const SCRIPT: &str = "\
at '2026-03-01T00:00:00Z';
create account ALIYUN$owner@example.com uid 1000000000000001;
create account ALIYUN$other@example.com uid 2000000000000002;
create ram user RAM$owner@example.com:bob display 'Bob';
create ram user RAM$owner@example.com:carol;
create ram user RAM$owner@example.com:dave;
create accesskey AK_BOB_1 for RAM$owner@example.com:bob;
create accesskey AK_OWNER for ALIYUN$owner@example.com;
create accesskey AK_CAROL for RAM$owner@example.com:carol;
create ram role `RAM$owner@example.com:role/etl` trust 'trust-root.json' max session 7200;
create ram role `RAM$owner@example.com:role/other` trust 'trust-other.json';
create ram role `RAM$owner@example.com:role/dw` trust 'trust-dw.json';
attach policy AliyunSTSAssumeRoleAccess to ram user RAM$owner@example.com:bob;
attach policy AliyunSTSAssumeRoleAccess to ram user RAM$owner@example.com:dave;
attach policy 'deny-assume.json' to ram user RAM$owner@example.com:dave;
attach policy AliyunMaxComputeFullAccess to ram user RAM$owner@example.com:bob;
attach policy AdministratorAccess to ram user RAM$owner@example.com:carol;
create dataworks environment dev_bob for RAM$owner@example.com:bob role `RAM$owner@example.com:role/dw`;
create dataworks environment shared_env for RAM$owner@example.com:carol public;
create dataworks environment nb_bob for RAM$owner@example.com:bob default role;
create dataworks environment nb_dave for RAM$owner@example.com:dave default role;
create project sales owner ALIYUN$owner@example.com;
use sales;
add accountprovider ram;
add user RAM$owner@example.com:bob;
add user RAM$owner@example.com:carol;
add user `RAM$owner@example.com:role/etl`;
add user `RAM$owner@example.com:role/dw`;
grant CreateInstance, List on project sales to user RAM$owner@example.com:bob;
grant List on project sales to user `RAM$owner@example.com:role/etl`;
grant List on project sales to user `RAM$owner@example.com:role/dw`;
create project bare owner ALIYUN$owner@example.com;
use bare;
add accountprovider ram;
add user `RAM$owner@example.com:role/etl`;
remove accountprovider ram;
at '2026-03-01T01:00:00Z';
create accesskey AK_BOB_2 for RAM$owner@example.com:bob;
disable accesskey AK_BOB_1;
at '2026-03-01T02:00:00Z';
delete accesskey AK_BOB_2;
enable accesskey AK_BOB_1;
create tenant role quota_admin;
add tenant user RAM$owner@example.com:carol;
add tenant user RAM$owner@example.com:dave;
grant tenant role quota_admin to user RAM$owner@example.com:dave;
put policy 'quota.json' on tenant role quota_admin;
grant tenant role super_administrator to user RAM$owner@example.com:carol;
";

/// The trust and RAM policy files `SCRIPT` names, written into `dir`.
fn write_policies(dir: &Dir) {
    dir.write("trust-root.json", TRUST_ROOT);
    dir.write("trust-odps.json", TRUST_ODPS);
    dir.write("trust-other.json", TRUST_OTHER);
    dir.write("trust-dw.json", TRUST_DATAWORKS);
    dir.write("deny-assume.json", DENY_ASSUME);
    dir.write("quota.json", QUOTA_POLICY);
}

fn setting() -> (Dir, mcauth::Engine) {
    let dir = Dir::new("identities");
    write_policies(&dir);
    let engine = dir.engine("identities.mcauth", SCRIPT);
    (dir, engine)
}

fn key(id: &str, time: &str) -> Value {
    json!({"access_key_id": id, "project": "sales", "action": "List", "time": time})
}

fn sts(role: &str, caller: &str, issued: &str, secs: u64, time: &str) -> Value {
    json!({"sts": {"role": role, "caller": caller, "issued_at": issued, "duration_seconds": secs},
           "project": "sales", "action": "List", "time": time})
}

fn console(who: Value, action: &str, resource: &str) -> Value {
    let mut v = who;
    v["action"] = json!(action);
    v["resource"] = json!(resource);
    v
}

const ETL: &str = "RAM$owner@example.com:role/etl";
const BOB: &str = "RAM$owner@example.com:bob";

#[test]
fn access_keys_resolve_to_their_owner_after_the_delay() {
    let (_d, engine) = setting();
    let auth = Stage::Authentication;
    check_cases(
        &engine,
        &[
            deny(
                "seed 000: a key takes effect about 15 minutes after it is created",
                key("AK_BOB_1", "2026-03-01T00:10:00Z"),
                auth,
                Some("InvalidAccessKeyId.NotYetEffective"),
            )
            .detail("too new"),
            allow(
                "seed 000: after 15 minutes the key is its owner's",
                key("AK_BOB_1", "2026-03-01T00:15:00Z"),
            ),
            deny(
                "the key of the owner account: ALIYUN needs no RAM provider, but the owner \
                  is always a member and may List",
                key("AK_NOPE", "2026-03-01T00:20:00Z"),
                auth,
                Some("InvalidAccessKeyId.NotFound"),
            )
            .detail("no AccessKey `AK_NOPE`"),
            allow(
                "the owner account's own key",
                key("AK_OWNER", "2026-03-01T00:20:00Z"),
            ),
            deny(
                "a disabled key fails at once",
                key("AK_BOB_1", "2026-03-01T01:05:00Z"),
                auth,
                Some("InvalidAccessKeyId.Inactive"),
            )
            .detail("disabled"),
            deny(
                "a deleted key is gone",
                key("AK_BOB_2", "2026-03-01T02:30:00Z"),
                auth,
                Some("InvalidAccessKeyId.NotFound"),
            )
            .detail("deleted"),
            allow(
                "the second key between its delay and its deletion",
                key("AK_BOB_2", "2026-03-01T01:20:00Z"),
            ),
            deny(
                "re-enabling waits 15 minutes again",
                key("AK_BOB_1", "2026-03-01T02:05:00Z"),
                auth,
                Some("InvalidAccessKeyId.NotYetEffective"),
            )
            .detail("enabled"),
            allow(
                "re-enabled and in effect",
                key("AK_BOB_1", "2026-03-01T02:15:00Z"),
            ),
            deny(
                "a request before the key existed",
                key("AK_BOB_2", "2026-03-01T00:30:00Z"),
                auth,
                Some("InvalidAccessKeyId.NotFound"),
            )
            .detail("does not exist yet"),
            deny_permission(
                "carol's key works, but carol has no List grant: RAM's AdministratorAccess \
                  is not consulted for a project request (seed 000)",
                key("AK_CAROL", "2026-03-01T00:20:00Z"),
                "4019",
            ),
        ],
    );
}

#[test]
fn sts_tokens_need_the_role_the_callers_permission_the_trust_policy_and_time() {
    let (_d, engine) = setting();
    let auth = Stage::Authentication;
    let t = "2026-03-01T03:00:00Z";
    // A one-hour token issued at 02:30, used at 03:00: only the role and the caller vary.
    let sts_230 = |role: &str, caller: &str| sts(role, caller, "2026-03-01T02:30:00Z", 3600, t);
    check_cases(
        &engine,
        &[
            allow(
                "PLP §8.1: bob may assume etl, which trusts the account",
                sts_230(ETL, BOB),
            ),
            deny(
                "an expired token",
                sts(ETL, BOB, "2026-03-01T01:00:00Z", 3600, t),
                auth,
                Some("InvalidSecurityToken.Expired"),
            )
            .detail("expired at 2026-03-01T02:00:00Z"),
            deny(
                "a duration beyond the role's maximum session",
                sts(ETL, BOB, "2026-03-01T02:30:00Z", 7201, t),
                auth,
                Some("InvalidParameter.DurationSeconds"),
            ),
            deny(
                "a duration under 900 seconds",
                sts(ETL, BOB, "2026-03-01T02:59:00Z", 600, t),
                auth,
                Some("InvalidParameter.DurationSeconds"),
            ),
            allow(
                "the role's maximum session is 7200 seconds",
                sts(ETL, BOB, "2026-03-01T01:00:01Z", 7200, t),
            ),
            deny(
                "PLP §8.1 (1): an Alibaba Cloud account cannot call AssumeRole",
                sts_230(ETL, "ALIYUN$owner@example.com"),
                auth,
                Some("NoPermission"),
            )
            .detail("cannot be called by an Alibaba Cloud account"),
            deny(
                "carol's AdministratorAccess lets her call AssumeRole, but the trust policy of \
                  `other` names another account",
                sts_230(
                    "RAM$owner@example.com:role/other",
                    "RAM$owner@example.com:carol",
                ),
                auth,
                Some("NoPermission"),
            )
            .detail("trust policy"),
            deny(
                "PLP §8.1 (2): dave's Deny on sts:AssumeRole wins",
                sts_230(ETL, "RAM$owner@example.com:dave"),
                auth,
                Some("NoPermission"),
            )
            .detail("deny-assume.json"),
            deny(
                "PLP §8.1 (3): the trust policy of `other` names another account",
                sts_230("RAM$owner@example.com:role/other", BOB),
                auth,
                Some("NoPermission"),
            )
            .detail("trust policy"),
            deny(
                "a role that does not exist",
                sts_230("RAM$owner@example.com:role/ghost", BOB),
                auth,
                Some("EntityNotExist.Role"),
            ),
            allow(
                "the role by ARN",
                sts_230("acs:ram::1000000000000001:role/etl", BOB),
            ),
            deny(
                "the role session in a project without the ram provider",
                with(sts_230(ETL, BOB), json!({"project": "bare"})),
                auth,
                Some("lack_of_account_provider"),
            ),
            deny(
                "a token used before its issue time",
                sts(ETL, BOB, "2026-03-01T03:30:00Z", 3600, t),
                auth,
                Some("InvalidSecurityToken.NotYetValid"),
            ),
        ],
    );
}

#[test]
fn role_sessions_are_members_when_the_role_was_added() {
    let (_d, engine) = setting();
    let t = "2026-03-01T03:00:00Z";
    let mut no_grant = sts(ETL, BOB, "2026-03-01T02:30:00Z", 3600, t);
    no_grant["action"] = json!("CreateInstance");
    check_cases(
        &engine,
        &[
            deny_permission(
                "the session acts as the role: etl has List only",
                no_grant,
                "4019",
            ),
            allow(
                "bare principal: a declared RAM role",
                on_project(ETL, "sales", "List"),
            ),
            deny(
                "bare principal: an undeclared role of a declared account",
                on_project("RAM$owner@example.com:role/ghost", "sales", "List"),
                Stage::Authentication,
                Some("invalid_account"),
            ),
        ],
    );
}

#[test]
fn dataworks_environments_use_their_roles_sts_credential() {
    let (_d, engine) = setting();
    let env = |name: &str, exp: &str| {
        json!({"sts": {"environment": name, "issued_at": "2026-03-01T02:30:00Z",
                       "expiration": exp},
               "project": "sales", "action": "List", "time": "2026-03-01T03:00:00Z"})
    };
    check_cases(
        &engine,
        &[
            allow(
                "seed 004: the environment's role session",
                env("dev_bob", "2026-03-01T03:30:00Z"),
            ),
            deny(
                "seed 004: the credential's Expiration has passed",
                env("dev_bob", "2026-03-01T02:59:00Z"),
                Stage::Authentication,
                Some("InvalidSecurityToken.Expired"),
            ),
            deny(
                "seed 004: an Expiration beyond the role's maximum session",
                env("dev_bob", "2026-03-01T04:00:00Z"),
                Stage::Authentication,
                Some("InvalidParameter.DurationSeconds"),
            ),
            deny(
                "seed 004: a public environment has no role",
                env("shared_env", "2026-03-01T03:30:00Z"),
                Stage::Authentication,
                Some("EntityNotExist.Role"),
            )
            .detail("public"),
        ],
    );
}

/// Seed 004: "The DataWorks default role grants the permissions of the individual development
/// environment owner"; its credential follows I7 with RAM's default maximum session of 3600 s
/// Seed 004's "If the individual development environment is set to public in the workspace, do
/// not associate a RAM role" is advice about a configuration DataWorks allows (semantics I14):
/// a public environment with a role loads, and its credential acts as the role (or, with the
/// default role, as the owner) exactly as a private environment's does. That is the leak the
/// advice is about; `mcauth lint` reports it (`public-environment-role`).
#[test]
fn a_public_environment_with_a_role_loads_and_its_credential_works() {
    let dir = Dir::new("public-env-role");
    write_policies(&dir);
    let script = format!(
        "{SCRIPT}\
         create dataworks environment team_dw for RAM$owner@example.com:carol public role `RAM$owner@example.com:role/dw`;\n\
         create dataworks environment team_nb for RAM$owner@example.com:bob public default role;\n"
    );
    let model = dir.model("public.mcauth", &script);
    assert!(model.dev_environments["team_dw"].public);
    let engine = mcauth::Engine::new(model).unwrap();
    let env = |name: &str, action: &str| {
        json!({"sts": {"environment": name, "issued_at": "2026-03-01T02:30:00Z",
                       "expiration": "2026-03-01T03:30:00Z"},
               "project": "sales", "action": action, "time": "2026-03-01T03:00:00Z"})
    };
    check_cases(
        &engine,
        &[
            allow(
                "the public environment's role session: dw may List in sales",
                env("team_dw", "List"),
            )
            .detail("to user RAM$owner@example.com:role/dw"),
            allow(
                "the public environment's default role acts as its owner bob",
                env("team_nb", "CreateInstance"),
            )
            .detail("to user RAM$owner@example.com:bob"),
        ],
    );
}

/// (semantics I16).
#[test]
fn the_dataworks_default_role_acts_as_the_environment_owner() {
    let (_d, engine) = setting();
    let env = |name: &str, action: &str, exp: &str, time: &str| {
        json!({"sts": {"environment": name, "issued_at": "2026-03-01T02:30:00Z",
                       "expiration": exp},
               "project": "sales", "action": action, "time": time})
    };
    let (exp, t) = ("2026-03-01T03:30:00Z", "2026-03-01T03:00:00Z");
    let auth = Stage::Authentication;
    check_cases(
        &engine,
        &[
            allow(
                "seed 004: the owner's grant (bob's CreateInstance) applies",
                env("nb_bob", "CreateInstance", exp, t),
            )
            .detail("to user RAM$owner@example.com:bob"),
            deny_permission(
                "the custom role dw of dev_bob has no CreateInstance: the default role differs",
                env("dev_bob", "CreateInstance", exp, t),
                "4019",
            ),
            deny_permission(
                "what the owner may not do is refused",
                env("nb_bob", "CreateTable", exp, t),
                "4019",
            ),
            deny(
                "the owner dave is no member of sales",
                env("nb_dave", "List", exp, t),
                Stage::Membership,
                Some("0420095"),
            )
            .detail("You don't exist in project sales"),
            deny(
                "the project's ram account provider is still needed for the owner",
                with(env("nb_bob", "List", exp, t), json!({"project": "bare"})),
                auth,
                Some("lack_of_account_provider"),
            )
            .detail("RAM$owner@example.com:bob"),
            deny(
                "I7: the credential's Expiration has passed",
                env("nb_bob", "List", "2026-03-01T02:59:00Z", t),
                auth,
                Some("InvalidSecurityToken.Expired"),
            )
            .detail("the DataWorks default role of environment nb_bob"),
            deny(
                "I7: a credential used before it is issued",
                env("nb_bob", "List", exp, "2026-03-01T02:00:00Z"),
                auth,
                Some("InvalidSecurityToken.NotYetValid"),
            ),
            deny(
                "I16: an Expiration beyond RAM's default maximum session of 3600 s",
                env("nb_bob", "List", "2026-03-01T03:30:01Z", t),
                auth,
                Some("InvalidParameter.DurationSeconds"),
            )
            .detail("RAM's default of 3600 seconds"),
            deny(
                "I7: shorter than 900 s",
                env(
                    "nb_bob",
                    "List",
                    "2026-03-01T02:44:59Z",
                    "2026-03-01T02:40:00Z",
                ),
                auth,
                Some("InvalidParameter.DurationSeconds"),
            ),
            deny(
                "a token naming a role: the environment's role is the default role",
                with(
                    env("nb_bob", "List", exp, t),
                    json!({"sts": {"environment": "nb_bob", "role": ETL,
                        "issued_at": "2026-03-01T02:30:00Z", "expiration": exp}}),
                ),
                auth,
                Some("NoPermission"),
            )
            .detail(
                "associated with the DataWorks default role, not `RAM$owner@example.com:role/etl`",
            ),
            deny(
                "a token naming an undeclared role",
                with(
                    env("nb_bob", "List", exp, t),
                    json!({"sts": {"environment": "nb_bob",
                        "role": "RAM$owner@example.com:role/ghost",
                        "issued_at": "2026-03-01T02:30:00Z", "expiration": exp}}),
                ),
                auth,
                Some("EntityNotExist.Role"),
            ),
            allow_ram(
                "the console path: the owner's RAM policies (AliyunMaxComputeFullAccess)",
                console(
                    json!({"sts": {"environment": "nb_bob", "issued_at": "2026-03-01T02:30:00Z",
                                   "expiration": exp}, "time": t}),
                    "odps:CreateProject",
                    "acs:odps:cn-hangzhou:1000000000000001:projects/newp",
                ),
            ),
        ],
    );
    // The trace says which role the environment uses and whose permissions it acts with.
    let request = AnyRequest::from_value(env("nb_bob", "CreateInstance", exp, t)).unwrap();
    let explained = engine.explain_any(&request);
    let texts: Vec<&str> = explained.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        texts[0],
        "development environment nb_bob uses the DataWorks default role: its credential acts as \
         its owner RAM$owner@example.com:bob, with the owner's permissions (docs/semantics.md I16)",
        "{texts:#?}"
    );
    assert_eq!(
        texts[1],
        "the token for the DataWorks default role of environment nb_bob is valid from \
         2026-03-01T02:30:00Z to 2026-03-01T03:30:00Z (3600 s, at most 3600 s)",
        "{texts:#?}"
    );
    assert!(
        explained.notes[0]
            .source
            .as_deref()
            .is_some_and(|s| s.ends_with(&format!(
                "identities.mcauth:{}:1",
                common::line_of(SCRIPT, "environment nb_bob")
            ))),
        "{:?}",
        explained.notes[0]
    );
    assert!(
        !explained.to_string().contains("trust policy"),
        "the default role has no trust policy to consult:\n{explained}"
    );
}

#[test]
fn console_and_tenant_requests_are_decided_by_ram_alone() {
    let (_d, engine) = setting();
    let who = |p: &str| json!({"principal": p, "time": "2026-03-01T03:00:00Z"});
    let project_arn = "acs:odps:cn-hangzhou:1000000000000001:projects/newp";
    let quota = "acs:odps:cn-hangzhou:1000000000000001:quotas/q1";
    let ram = Stage::Ram;
    check_cases(
        &engine,
        &[
            allow_ram(
                "seed 001: AliyunMaxComputeFullAccess lets bob create projects",
                console(who(BOB), "odps:CreateProject", project_arn),
            ),
            allow_ram(
                "seed 000: the account has unrestricted control",
                console(
                    who("ALIYUN$owner@example.com"),
                    "odps:CreateProject",
                    project_arn,
                ),
            ),
            deny(
                "no RAM policy and no tenant role: denied",
                console(
                    who("RAM$owner@example.com:dave"),
                    "odps:CreateProject",
                    project_arn,
                ),
                ram,
                Some("NoPermission"),
            ),
            allow_ram(
                "PLP §8: no RAM policy, so dave's tenant role decides",
                console(who("RAM$owner@example.com:dave"), "odps:UpdateQuota", quota),
            ),
            deny(
                "PLP §8: a Deny of the tenant role wins",
                console(who("RAM$owner@example.com:dave"), "odps:DeleteQuota", quota),
                ram,
                Some("NoPermission"),
            )
            .detail("quota.json"),
            allow_ram(
                "carol's AdministratorAccess allows console actions",
                console(
                    who("RAM$owner@example.com:carol"),
                    "odps:CreateProject",
                    project_arn,
                ),
            ),
            deny(
                "another account's resource is not reachable with RAM policies",
                console(
                    who(BOB),
                    "odps:CreateProject",
                    "acs:odps:cn-hangzhou:2000000000000002:projects/x",
                ),
                ram,
                Some("NoPermission"),
            ),
            allow_ram(
                "an AccessKey identity on the console path",
                console(
                    json!({"access_key_id": "AK_OWNER", "time": "2026-03-01T03:00:00Z"}),
                    "odps:CreateProject",
                    project_arn,
                ),
            ),
        ],
    );
}

#[test]
fn declarations_are_validated() {
    let dir = Dir::new("identity-errors");
    dir.write("trust.json", TRUST_ROOT);
    let base =
        "at '2026-03-01T00:00:00Z';\ncreate account ALIYUN$o@example.com uid 1000000000000001;\n\
                create ram user RAM$o@example.com:bob;\n";
    let cases: &[(&str, &str, &str)] = &[
        ("uid of 15 digits", "create account ALIYUN$x@example.com uid 100000000000000;", "exactly 16 digits"),
        ("logon name rule: letters, digits, . _ -", "create ram user RAM$o@example.com:b@b;", "`@` is not allowed"),
        ("a third key", "create accesskey K1 for RAM$o@example.com:bob;\ncreate accesskey K2 for RAM$o@example.com:bob;\ncreate accesskey K3 for RAM$o@example.com:bob;", "at most two"),
        ("a role has no key", "create ram role `RAM$o@example.com:role/r` trust 'trust.json';\ncreate accesskey K1 for `RAM$o@example.com:role/r`;", "roles have no AccessKey"),
        ("max session out of range", "create ram role `RAM$o@example.com:role/r` trust 'trust.json' max session 100;", "3600 to 43200"),
        // Review S7: RAM CreateRole's RoleName rule.
        ("role name of 65 characters", "create ram role `RAM$o@example.com:role/rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr` trust 'trust.json';", "it has 65 characters, expected 1 to 64"),
        ("role name with `_`", "create ram role `RAM$o@example.com:role/a_b` trust 'trust.json';", "invalid RAM role name `a_b`: `_` is not allowed, expected letters, digits, `.` or `-`"),
        ("role name with `@`", "create ram role `RAM$o@example.com:role/a@b` trust 'trust.json';", "`@` is not allowed"),
        ("unknown system policy", "attach policy AliyunNoSuchPolicy to ram user RAM$o@example.com:bob;", "unknown system policy"),
        ("detach what is not attached", "detach policy AdministratorAccess from ram user RAM$o@example.com:bob;", "nothing to detach"),
        ("disable twice", "create accesskey K1 for RAM$o@example.com:bob;\ndisable accesskey K1;\ndisable accesskey K1;", "already disabled"),
        ("environment role that trusts no service", "create ram role `RAM$o@example.com:role/r` trust 'trust.json';\ncreate dataworks environment e for RAM$o@example.com:bob role `RAM$o@example.com:role/r`;", "trusts no Alibaba Cloud service"),
    ];
    for (name, stmt, fragment) in cases {
        let script = format!("{base}{stmt}\n");
        let e = dir.load_error("bad.mcauth", &script);
        let text = e.to_string();
        assert!(
            text.to_lowercase().contains(&fragment.to_lowercase()),
            "{name}: expected `{fragment}` in: {text}"
        );
        assert!(
            text.contains("bad.mcauth:"),
            "{name}: no position in: {text}"
        );
        assert!(
            !matches!(e, LoadError::Unsupported { .. }),
            "{name}: {text}"
        );
    }
    // The clock is needed for keys.
    let e = dir.load_error(
        "noclock.mcauth",
        "create account ALIYUN$o@example.com uid 1000000000000001;\n\
         create accesskey K1 for ALIYUN$o@example.com;\n",
    );
    assert!(
        e.to_string()
            .starts_with(&format!("{}:2:", dir.0.join("noclock.mcauth").display())),
        "{e}"
    );
}

/// The short form `RAM$<user>` of an STS caller follows the request's rule: the project
/// owner's account in a project request, refused (with the reason) in a console request, as
/// for a bare principal.
#[test]
fn short_form_sts_callers_follow_the_requests_rule() {
    let (_d, engine) = setting();
    let t = "2026-03-01T03:00:00Z";
    let project_arn = "acs:odps:cn-hangzhou:1000000000000001:projects/newp";
    let short_caller = json!({"sts": {"role": ETL, "caller": "RAM$bob", "issued_at": "2026-03-01T02:30:00Z"},
               "time": t});
    check_cases(
        &engine,
        &[
            allow(
                "a project request: RAM$bob is the owner's bob, who may assume etl",
                sts(ETL, "RAM$bob", "2026-03-01T02:30:00Z", 3600, t),
            ),
            deny(
                "a console request: the short form is refused",
                console(short_caller.clone(), "odps:CreateProject", project_arn),
                Stage::Authentication,
                Some("invalid_account"),
            ),
        ],
    );
    let request =
        AnyRequest::from_value(console(short_caller, "odps:CreateProject", project_arn)).unwrap();
    assert_eq!(
        engine.decide(&request).message,
        "Invalid account Name RAM$bob: a console request names RAM users in the long form \
         RAM$<account>:<user>"
    );
}

/// How RAM's refusals, reasons and the trace read.
#[test]
fn ram_refusals_and_reasons_read_well() {
    let (_d, engine) = setting();
    let t = "2026-03-01T03:00:00Z";
    let decide = |v: Value| engine.decide(&AnyRequest::from_value(v).unwrap());
    // The trust policy's refusal is a sentence of its own after RAM's boilerplate.
    let d = decide(sts(
        "RAM$owner@example.com:role/other",
        BOB,
        "2026-03-01T02:30:00Z",
        3600,
        t,
    ));
    assert!(
        d.message.starts_with(
            "You are not authorized to do this action. You should be authorized by RAM. The \
             trust policy of RAM$owner@example.com:role/other does not let"
        ),
        "{}",
        d.message
    );
    // A system policy's reason cites its attach statement once: as the reason's source.
    let who = |p: &str| json!({"principal": p, "time": t});
    let project_arn = "acs:odps:cn-hangzhou:1000000000000001:projects/newp";
    let d = decide(console(who(BOB), "odps:CreateProject", project_arn));
    assert!(d.is_allowed(), "{d}");
    let r = &d.reasons[0];
    assert!(
        r.text.starts_with(
            "RAM$owner@example.com:bob's system policy AliyunMaxComputeFullAccess: Allow odps:*"
        ),
        "{}",
        r.text
    );
    assert!(
        r.source
            .as_deref()
            .is_some_and(|s| s.ends_with("identities.mcauth:16:1")),
        "{r:?}"
    );
    // The account's allow cites the semantics row, not a seed.
    let d = decide(console(
        who("ALIYUN$owner@example.com"),
        "odps:CreateProject",
        project_arn,
    ));
    assert!(
        d.reasons[0]
            .text
            .ends_with("unrestricted control over its own resources (docs/semantics.md I11)"),
        "{:?}",
        d.reasons
    );
    // The trace names the identity by its kind and display name, not its lookup key, and a
    // note without a statement says so (`"source": null`, as a reason).
    let request = AnyRequest::from_value(json!({"principal": "RAM$Bob", "project": "sales",
        "action": "List", "time": t}))
    .unwrap();
    let explained = engine.explain_any(&request);
    let first = &explained.notes[0];
    assert_eq!(
        first.text,
        "identity `RAM$Bob` names RAM user Bob of account owner@example.com"
    );
    let json = serde_json::to_value(&explained).unwrap();
    assert_eq!(json["notes"][0]["source"], Value::Null);
    // An environment's token without a role names the environment.
    let env_token = AnyRequest::from_value(json!({"sts": {"environment": "dev_bob",
        "issued_at": "2026-03-01T02:30:00Z", "expiration": "2026-03-01T03:30:00Z"},
        "project": "sales", "action": "List"}))
    .unwrap();
    assert_eq!(
        env_token.to_string(),
        "STS token of environment dev_bob List project sales"
    );
}
