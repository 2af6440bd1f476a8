//! Worked examples of `spec/acl-policy.md` §10 that involve policies: E3 (policy Deny on a
//! built-in-like role), E4 (the GRANT form), E5 (role policy with prefix wildcards), E6 (deny a
//! UDF, then a project policy for one user), E7 (project policy denying everyone but the
//! owner), plus Deny-over-ACL and condition cases.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use mcauth::DenyKind;
use serde_json::json;

const ALICE: &str = "RAM$bob@aliyun.com:Alice";

fn base(project: &str) -> String {
    format!(
        "create project {project} owner ALIYUN$bob@aliyun.com;\nuse {project};\nadd accountprovider ram;\n\
         add user {ALICE};\ncreate table tb_x (a bigint);\ncreate table local_t (a bigint);\n\
         grant CreateInstance on project {project} to user {ALICE};\n"
    )
}

#[test]
fn acl_e3_policy_deny_beats_a_role_policy_allow_until_revoked() {
    let dir = Dir::new("e3");
    dir.write(
        "admin_like.json",
        r#"{"Version":"1","Statement":[
  {"Effect":"Allow","Action":"odps:*","Resource":["acs:odps:*:projects/mcproject_name/tables/*"]}]}"#,
    );
    let setup = format!(
        "{}create role role_project_admin;\nput policy admin_like.json on role role_project_admin;\n\
         create role delete_test;\n\
         grant drop on table tb_* to role delete_test privilegeproperties(\"policy\" = \"true\", \"allow\"=\"false\");\n\
         grant role_project_admin, delete_test to {ALICE};\n",
        base("mcproject_name")
    );
    let drop_tb_x = on_object(ALICE, "mcproject_name", "Drop", "table", "tb_x");
    let engine = dir.engine("e3.mcauth", &setup);
    check_cases(
        &engine,
        &[
            deny_permission("acl E3: Deny beats Allow", drop_tb_x.clone(), "4011")
                .detail("e3.mcauth:11:1"),
            allow(
                "acl E3: the role policy still allows other tables",
                on_object(ALICE, "mcproject_name", "Drop", "table", "local_t"),
            )
            .detail("admin_like.json:2:3"),
        ],
    );
    let d = engine.check(&mcauth::Request::from_value(drop_tb_x.clone()).unwrap());
    assert_eq!(d.deny_kind, Some(DenyKind::Explicit));
    // A revoke with "allow"="true" does not name the deny: it fails to load.
    let wrong = format!(
        "{setup}revoke drop on table tb_* from role delete_test privilegeproperties(\"policy\" = \"true\", \"allow\"=\"true\");\n"
    );
    let e = dir.load_error("e3w.mcauth", &wrong).to_string();
    assert!(
        e.contains("e3w.mcauth:13:") && e.contains("same action, object and allow"),
        "{e}"
    );
    let revoked = format!(
        "{setup}revoke drop on table tb_* from role delete_test privilegeproperties(\"policy\" = \"true\", \"allow\"=\"false\");\n"
    );
    let engine = dir.engine("e3r.mcauth", &revoked);
    check_cases(
        &engine,
        &[allow(
            "acl E3: after the revoke, Alice may drop tb_x again",
            drop_tb_x,
        )],
    );
}

#[test]
fn acl_e4_grant_form_allow_deny_and_revoke() {
    let dir = Dir::new("e4");
    let setup = format!(
        "{}create role aliyun_test;\ngrant aliyun_test to {ALICE};\n\
         GRANT Select ON TABLE * to role aliyun_test privilegeproperties(\"policy\" = \"true\", \"allow\"=\"true\");\n\
         GRANT DROP ON TABLE * to role aliyun_test privilegeproperties(\"policy\" = \"true\", \"allow\"=\"false\");\n",
        base("dataworks_test")
    );
    let select = on_object(ALICE, "dataworks_test", "Select", "table", "tb_x");
    let drop = on_object(ALICE, "dataworks_test", "Drop", "table", "tb_x");
    let engine = dir.engine("e4.mcauth", &setup);
    check_cases(
        &engine,
        &[
            allow("acl E4: Select on every table", select.clone()).detail("e4.mcauth:10:1"),
            deny_permission("acl E4: Drop denied on every table", drop.clone(), "4011"),
        ],
    );
    // The documented first statement (project Read by policy) conflicts with K6: refused.
    let read = format!(
        "{setup}GRANT READ ON PROJECT dataworks_test to role aliyun_test privilegeproperties(\"policy\" = \"true\", \"allow\"=\"true\");\n"
    );
    assert!(dir
        .load_error("e4k6.mcauth", &read)
        .to_string()
        .contains("K6"));
    // Drop is allowed again after the revoke, if otherwise allowed (here: an ACL grant).
    let revoked = format!(
        "{setup}grant Drop on table tb_x to user {ALICE};\n\
         REVOKE DROP ON TABLE * from role aliyun_test privilegeproperties (\"policy\" = \"true\", \"allow\"=\"false\");\n"
    );
    check_cases(
        &dir.engine("e4r.mcauth", &revoked),
        &[allow("acl E4: revoke removes the deny", drop)],
    );
}

#[test]
fn acl_e5_role_policy_with_prefix_wildcards() {
    let dir = Dir::new("e5");
    dir.write(
        "policy_1.json",
        r#"{"Statement":[
 {"Action":["odps:List","odps:CreateTable","odps:CreateInstance","odps:CreateResource","odps:CreateFunction"],
  "Effect":"Allow","Resource":["acs:odps:*:projects/p"]},
 {"Action":["odps:*"],"Effect":"Allow","Resource":[
  "acs:odps:*:projects/p/tables/t_app_*",
  "acs:odps:*:projects/p/registration/functions/*",
  "acs:odps:*:projects/p/instances/*",
  "acs:odps:*:projects/p/resources/*"]}],
 "Version":"1"}"#,
    );
    let script = "create project p owner ALIYUN$bob@aliyun.com;\nuse p;\nadd accountprovider ram;\n\
        add user RAM$bob@aliyun.com:u;\ncreate table t_app_orders (a bigint);\ncreate table other_table (a bigint);\n\
        create role r;\nput policy policy_1.json on role r;\ngrant r to RAM$bob@aliyun.com:u;\n";
    let u = "RAM$bob@aliyun.com:u";
    run_dir(
        &dir,
        "e5.mcauth",
        script,
        &[
            allow("acl E5: create tables", on_project(u, "p", "CreateTable"))
                .detail("policy_1.json:2:2"),
            allow("acl E5: run jobs", on_project(u, "p", "CreateInstance")),
            allow(
                "acl E5: anything on t_app_*",
                on_object(u, "p", "Drop", "table", "t_app_orders"),
            ),
            allow(
                "acl E5: select on t_app_*",
                on_object(u, "p", "Select", "table", "t_app_orders"),
            ),
            deny_permission(
                "acl E5: select other_table",
                on_object(u, "p", "Select", "table", "other_table"),
                "4019",
            ),
            allow(
                "acl E5: instances",
                on_object(u, "p", "Read", "instance", "20220105031923461ghu"),
            ),
        ],
    );
}

fn run_dir(dir: &Dir, name: &str, script: &str, cases: &[Case]) {
    check_cases(&dir.engine(name, script), cases);
}

#[test]
fn acl_e6_deny_a_udf_then_allow_one_user_by_project_policy() {
    let dir = Dir::new("e6");
    dir.write(
        "dev.json",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"odps:*","Resource":[
 "acs:odps:*:projects/sz_mc/registration/functions/*","acs:odps:*:projects/sz_mc/resources/*"]}]}"#,
    );
    dir.write(
        "role_policy.json",
        r#"{"Version":"1","Statement":[
 {"Effect":"Deny","Action":["odps:Read","odps:List"],"Resource":"acs:odps:*:projects/sz_mc/resources/getaddr.jar"},
 {"Effect":"Deny","Action":["odps:Read","odps:List"],"Resource":"acs:odps:*:projects/sz_mc/registration/functions/getregion"}]}"#,
    );
    dir.write(
        "project_policy.json",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Principal":"RAM$xxxx.pt@aliyun-test.com:yangyitest",
 "Action":["odps:Read","odps:List","odps:Select"],
 "Resource":["acs:odps:*:projects/sz_mc/resources/getaddr.jar","acs:odps:*:projects/sz_mc/registration/functions/getregion"]}]}"#,
    );
    let ram = "RAM$xxxx.pt@aliyun-test.com:ramtest";
    let yang = "RAM$xxxx.pt@aliyun-test.com:yangyitest";
    let script = format!(
        "create project sz_mc owner ALIYUN$xxxx.pt@aliyun-test.com;\nuse sz_mc;\nadd accountprovider ram;\n\
         add user {ram};\nadd user {yang};\nadd jar getaddr.jar;\ncreate function getregion as 'x.GetRegion' using 'getaddr.jar';\n\
         create role role_project_dev;\nput policy dev.json on role role_project_dev;\ngrant role_project_dev to {ram};\n\
         create role denyudfrole;\nput policy role_policy.json on role denyudfrole;\ngrant denyudfrole to {ram};\n\
         put policy project_policy.json;\n"
    );
    run_dir(
        &dir,
        "e6.mcauth",
        &script,
        &[
            deny_permission(
                "acl E6: ramtest cannot read the UDF",
                on_object(ram, "sz_mc", "Read", "function", "getregion"),
                "4011",
            )
            .detail("role_policy.json:3:2"),
            deny_permission(
                "acl E6: nor its jar",
                on_object(ram, "sz_mc", "Read", "resource", "getaddr.jar"),
                "4011",
            ),
            allow(
                "acl E6: ramtest keeps the rest of role_project_dev",
                on_object(ram, "sz_mc", "Write", "function", "getregion"),
            ),
            allow(
                "acl E6: the project policy lets yangyitest read the UDF",
                on_object(yang, "sz_mc", "Read", "function", "getregion"),
            )
            .detail("project_policy.json:1:29"),
        ],
    );
}

#[test]
fn acl_e7_project_policy_denies_everyone_but_the_owner() {
    let dir = Dir::new("e7");
    dir.write(
        "policy.txt",
        r#"{"Version":"1","Statement":[{"Effect":"Deny","Principal":"*","Action":"odps:*","Resource":"acs:odps:*:projects/*"}]}"#,
    );
    let script = format!(
        "{}grant Select on table tb_x to user {ALICE};\nput policy policy.txt;\n",
        base("p")
    );
    run_dir(
        &dir,
        "e7.mcauth",
        &script,
        &[
            deny_permission(
                "acl E7: ACL Select is overridden by the Deny",
                on_object(ALICE, "p", "Select", "table", "tb_x"),
                "4011",
            )
            .detail("Explicitly denied by policy"),
            deny_permission(
                "acl E7: every action",
                on_project(ALICE, "p", "CreateInstance"),
                "4011",
            ),
            allow(
                "acl E7: the owner is unaffected",
                on_object("ALIYUN$bob@aliyun.com", "p", "Drop", "table", "tb_x"),
            ),
        ],
    );
    // The fix of the doc: the same policy with "Effect":"allow" (lower case) allows.
    dir.write(
        "policy.txt",
        r#"{"Version":"1","Statement":[{"Effect":"allow","Principal":"*","Action":"odps:*","Resource":"acs:odps:*:projects/*"}]}"#,
    );
    run_dir(
        &dir,
        "e7b.mcauth",
        &script,
        &[allow(
            "acl E7: after the fix",
            on_project(ALICE, "p", "CreateInstance"),
        )],
    );
}

#[test]
fn conditions_and_missing_context() {
    let dir = Dir::new("cond");
    dir.write(
        "sql_only.json",
        r#"{"Version":"1","Statement":[
 {"Effect":"Allow","Action":"odps:Select","Resource":"acs:odps:*:projects/p/tables/tb_x",
  "Condition":{"StringEquals":{"odps:TaskType":["SQL"]},"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}},
 {"Effect":"Deny","Action":"odps:Select","Resource":"acs:odps:*:projects/p/tables/tb_x/a",
  "Condition":{"DateGreaterThan":{"acs:CurrentTime":"2026-06-01T00:00:00Z"}}}]}"#,
    );
    let script = format!(
        "{}create role r;\nput policy sql_only.json on role r;\ngrant r to {ALICE};\n",
        base("p")
    );
    let sel = |extra| with(on_object(ALICE, "p", "Select", "table", "tb_x"), extra);
    let engine = dir.engine("cond.mcauth", &script);
    check_cases(
        &engine,
        &[
            allow(
                "SQL from 10/8 before June",
                sel(
                    json!({"task_type":"SQL","source_ip":"10.1.1.1","time":"2026-03-01T00:00:00Z"}),
                ),
            ),
            deny_permission(
                "a Tunnel task type",
                sel(json!({"task_type":"DT","source_ip":"10.1.1.1","time":"2026-03-01T00:00:00Z"})),
                "4019",
            ),
            deny_permission(
                "column a denied after June",
                sel(
                    json!({"task_type":"SQL","source_ip":"10.1.1.1","time":"2026-07-01T00:00:00Z"}),
                ),
                "4011",
            ),
        ],
    );
    let d = engine.check(
        &mcauth::Request::from_value(sel(
            json!({"source_ip":"10.1.1.1","time":"2026-03-01T00:00:00Z"}),
        ))
        .unwrap(),
    );
    assert!(!d.is_allowed());
    assert_eq!(d.missing_context, vec!["odps:TaskType".to_string()]);
}

/// Review S1: MaxCompute policies share RAM's operators (acl §3.5), so `StringNotLike` is
/// case-sensitive here too: a Deny unless the task type matches `SQL*` applies to `sql`.
#[test]
fn string_not_like_in_a_project_policy_is_case_sensitive() {
    let dir = Dir::new("notlike");
    dir.write(
        "sql_only.json",
        r#"{"Version":"1","Statement":[{"Effect":"Deny","Principal":"*","Action":"odps:Select",
 "Resource":"acs:odps:*:projects/p/tables/tb_x","Condition":{"StringNotLike":{"odps:TaskType":"SQL*"}}}]}"#,
    );
    let script = format!(
        "{}grant Select on table tb_x to user {ALICE};\nput policy sql_only.json;\n",
        base("p")
    );
    let sel = |task: &str| {
        with(
            on_object(ALICE, "p", "Select", "table", "tb_x"),
            json!({ "task_type": task }),
        )
    };
    run_dir(
        &dir,
        "notlike.mcauth",
        &script,
        &[
            allow("the task type matches SQL*", sel("SQL")),
            deny_permission(
                "`sql` does not match SQL* case-sensitively",
                sel("sql"),
                "4011",
            )
            .detail("sql_only.json"),
        ],
    );
}

#[test]
fn policy_files_report_errors_inside_the_file() {
    let dir = Dir::new("bad");
    dir.write(
        "bad.json",
        "{\"Version\":\"1\",\n \"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"odps:Select\"}]}",
    );
    let script = format!(
        "{}create role r;\nput policy bad.json on role r;\n",
        base("p")
    );
    let e = dir.load_error("bad.mcauth", &script).to_string();
    assert!(
        e.contains("bad.json:2:15: the statement has no `Resource`"),
        "{e}"
    );
    dir.write(
        "mgmt.json",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"odps:CreatePackage","Resource":"acs:odps:*:projects/p/authorization/packages"}]}"#,
    );
    let script = format!(
        "{}create role test_role;\nput policy mgmt.json on role test_role;\n",
        base("p")
    );
    let e = dir.load_error("mgmt.mcauth", &script).to_string();
    assert!(
        e.contains("invalid Action value - odps:CreatePackage"),
        "PLP E4: {e}"
    );
}

#[test]
fn acl_e15_deny_granting_download_or_select_but_not_describe() {
    let dir = Dir::new("e15");
    dir.write(
        "deny_grants.json",
        r#"{"Version":"1","Statement":[{"Action":["odps:GrantPrivs"],"Effect":"Deny","Principal":"aliyun$odpsxxxx@aliyun.com",
 "Resource":"acs:odps::projects/prj1/authorization/acl/tables/*",
 "Condition":{"IntersectionSetNotNull":{"acs:Privileges":["Download","Select"]}}}]}"#,
    );
    let setup = "create project prj1 owner ALIYUN$owner@aliyun.com;\nuse prj1;\n\
        add user aliyun$odpsxxxx@aliyun.com;\nadd user ALIYUN$v@aliyun.com;\ncreate table t (a bigint);\n\
        grant admin to aliyun$odpsxxxx@aliyun.com;\nput policy deny_grants.json;\nlogin aliyun$odpsxxxx@aliyun.com;\n";
    let ok = format!("{setup}grant Describe on table t to user ALIYUN$v@aliyun.com;\n");
    dir.engine("e15ok.mcauth", &ok);
    let e = dir
        .load_error(
            "e15.mcauth",
            &format!("{setup}grant Describe, Select on table t to user ALIYUN$v@aliyun.com;\n"),
        )
        .to_string();
    assert!(
        e.starts_with(&format!("{}", dir.0.join("e15.mcauth:9:1: ").display())),
        "{e}"
    );
    assert!(
        e.contains("[4011]") && e.contains("Explicitly denied by policy"),
        "{e}"
    );
    // Without the policy, admin may grant Select.
    let without = setup.replace("put policy deny_grants.json;\n", "");
    dir.engine(
        "e15b.mcauth",
        &format!("{without}grant Select on table t to user ALIYUN$v@aliyun.com;\n"),
    );
}

#[test]
fn administrator_roles_hold_management_permissions_by_policy() {
    let dir = Dir::new("admrole");
    dir.write(
        "users_admin.json",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["odps:AddUser","odps:RemoveUser"],
 "Resource":"acs:odps:*:projects/p/authorization/users"}]}"#,
    );
    let carol = "ALIYUN$carol@example.com";
    let setup = format!(
        "create project p owner ALIYUN$owner@example.com;\nuse p;\nadd user {carol};\nadd user ALIYUN$dan@example.com;\n\
         create role user_admins privilegeproperties(\"type\"=\"admin\");\nput policy users_admin.json on role user_admins;\n\
         grant user_admins to {carol};\nlogin {carol};\n"
    );
    dir.engine(
        "adm.mcauth",
        &format!("{setup}add user ALIYUN$erin@example.com;\n"),
    );
    let e = dir
        .load_error("adm2.mcauth", &format!("{setup}create role x;\n"))
        .to_string();
    assert!(
        e.contains("adm2.mcauth:9:1:")
            && e.contains("may not create roles")
            && e.contains("[4019]"),
        "{e}"
    );
    // A request for the management action sees the same answer.
    let engine = dir.engine("adm3.mcauth", &setup);
    check_cases(
        &engine,
        &[
            allow(
                "admin role policy: AddUser",
                on_project(carol, "p", "AddUser"),
            )
            .detail("users_admin.json:1:29"),
            deny_permission(
                "admin role policy: not CreateRole",
                on_project(carol, "p", "CreateRole"),
                "4019",
            ),
            deny_permission(
                "plain member: no GrantPrivs",
                on_project("ALIYUN$dan@example.com", "p", "GrantPrivs"),
                "4019",
            ),
        ],
    );
    // A project policy may not hand out management permissions.
    dir.write(
        "bad_project.json",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Principal":"*","Action":"odps:AddUser","Resource":"*"}]}"#,
    );
    let e = dir
        .load_error(
            "adm4.mcauth",
            "create project p owner ALIYUN$o@example.com;\nuse p;\nput policy bad_project.json;\n",
        )
        .to_string();
    assert!(
        e.contains("bad_project.json:1:") && e.contains("administrator roles"),
        "{e}"
    );
}

#[test]
fn a_plain_member_granting_fails_to_load_with_line_and_reason() {
    let script =
        "create project p owner ALIYUN$o@example.com;\nuse p;\nadd user ALIYUN$m@example.com;\n\
        add user ALIYUN$n@example.com;\ncreate table t (a bigint);\nlogin ALIYUN$m@example.com;\n\
        grant Select on table t to user ALIYUN$n@example.com;\n";
    let e = load_error("member grants", "member.mcauth", script).to_string();
    assert!(
        e.starts_with("member.mcauth:7:1: `ALIYUN$m@example.com` may not grant permissions"),
        "{e}"
    );
    assert!(e.contains("[4019]"), "{e}");
}

#[test]
fn plp_e18_a_view_needs_its_owner_to_read_the_base_tables() {
    let a = "ALIYUN$a@example.com";
    let b = "ALIYUN$b@example.com";
    let setup = format!(
        "create project p owner ALIYUN$o@example.com;\nuse p;\nadd user {a};\nadd user {b};\n\
         create table tableB (id bigint, v string);\n\
         grant CreateTable, CreateInstance on project p to user {b};\ngrant Select on table tableB to user {b};\n\
         login {b};\ncreate view viewA as select * from tableB;\nlogin ALIYUN$o@example.com;\n\
         grant CreateInstance on project p to user {a};\ngrant Select on table viewA to user {a};\n"
    );
    let read = on_object(a, "p", "Select", "table", "viewA");
    run(
        "e18.mcauth",
        &setup,
        &[
            allow("plp E18: B can read tableB, so A reads viewA", read.clone())
                .detail("e18.mcauth:7:1"),
            deny_permission(
                "plp E18: A still cannot read tableB itself",
                on_object(a, "p", "Select", "table", "tableB"),
                "4019",
            ),
        ],
    );
    let revoked = format!("{setup}revoke Select on table tableB from user {b};\n");
    run(
        "e18r.mcauth",
        &revoked,
        &[deny_permission(
            "plp E18: after the revoke the view is unavailable",
            read,
            "4019",
        )
        .detail("has no Select on base table `tableb`")],
    );
}

#[test]
fn k1_super_administrator_and_policy_deny() {
    let dir = Dir::new("k1");
    dir.write(
        "deny.json",
        r#"{"Version":"1","Statement":[{"Effect":"Deny","Principal":"*","Action":"odps:Drop","Resource":"acs:odps:*:projects/p/tables/*"}]}"#,
    );
    let sa = "ALIYUN$sa@example.com";
    let script = format!(
        "create project p owner ALIYUN$o@example.com;\nuse p;\nadd user {sa};\ngrant super_administrator to {sa};\n\
         create table t (a bigint);\nput policy deny.json;\n"
    );
    let p = dir.write("k1.mcauth", &script);
    let req = mcauth::Request::from_value(on_object(sa, "p", "Drop", "table", "t")).unwrap();
    let model = mcauth::Model::from_scripts(&[&p]).unwrap();
    let strict = mcauth::Engine::new(model.clone()).unwrap().check(&req);
    assert_eq!(
        strict.code.as_deref(),
        Some("4011"),
        "default: the Deny binds super_administrator"
    );
    let options = mcauth::EngineOptions {
        super_admin_bypasses_project_policy: true,
    };
    let lax = mcauth::Engine::with_options(model, options)
        .unwrap()
        .check(&req);
    assert!(lax.is_allowed(), "{lax:?}");
    assert_eq!(lax.reasons[0].kind, mcauth::ReasonKind::BuiltinRole);
}

#[test]
fn acl_e13_plp_e14_exception_policy_keyed_on_task_type() {
    let dir = Dir::new("e13");
    dir.write(
        "policy.txt",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Principal":"ALIYUN$Alice@aliyun.com",
 "Action":["odps:Select"],"Resource":"acs:odps:*:projects/alipay/tables/table_test",
 "Condition":{"StringEquals":{"odps:TaskType":["DT","SQL"]}}}]}"#,
    );
    let alice = "ALIYUN$Alice@aliyun.com";
    let bob = "ALIYUN$Bob@aliyun.com";
    let script = format!(
        "create project alipay owner ALIYUN$owner@aliyun.com;\ncreate project other owner ALIYUN$owner@aliyun.com;\n\
         use alipay;\nadd user {alice};\nadd user {bob};\ncreate table table_test (a bigint);\ncreate table no_select (a bigint);\n\
         grant Select on table table_test to user {alice};\ngrant Select on table table_test to user {bob};\n\
         grant CreateInstance on project alipay to user {alice};\n\
         use other;\nadd user {alice};\nadd user {bob};\ngrant CreateInstance on project other to user {alice};\n\
         grant CreateInstance on project other to user {bob};\n\
         use alipay;\nset ProjectProtection=true with exception policy.txt;\n"
    );
    let ctas = |who: &str, task: &str| {
        with(
            cross(who, "other", "Select", "alipay", "table", "table_test"),
            json!({"task_type": task}),
        )
    };
    let download = |who: &str, table: &str| {
        with(
            on_object(who, "alipay", "Download", "table", table),
            json!({"task_type": "DT"}),
        )
    };
    run_dir(
        &dir,
        "e13.mcauth",
        &script,
        &[
            allow(
                "acl E13: Alice downloads through Tunnel (DT)",
                download(alice, "table_test"),
            ),
            allow("acl E13: Alice copies it out with SQL", ctas(alice, "SQL")),
            deny_permission(
                "acl E13: not through MapReduce",
                ctas(alice, "MapReduce"),
                "4021",
            ),
            deny_permission(
                "plp E14: Bob is not named",
                download(bob, "table_test"),
                "4021",
            ),
            deny_permission(
                "plp E14: the exception grants nothing",
                download(alice, "no_select"),
                "4019",
            ),
            allow(
                "plp E13: reading in the protected project is not an outflow",
                on_object(alice, "alipay", "Select", "table", "table_test"),
            ),
        ],
    );
}

/// A condition on an ACL grant that tests a key the request lacks: the grant does not apply,
/// and the key is listed under `missing_context`, as for a policy statement's condition (the
/// ACL path used to drop it).
#[test]
fn acl_grant_conditions_list_the_keys_the_request_lacks() {
    let script = format!(
        "{}grant Select on table local_t to user {ALICE} \
         privilegeproperties(\"conditions\" = \"odps:TaskType = 'SQL'\");\n",
        base("p")
    );
    let engine = engine("acl_cond.mcauth", &script);
    let select = |extra| {
        let v = with(on_object(ALICE, "p", "Select", "table", "local_t"), extra);
        engine.check(&mcauth::Request::from_value(v).unwrap())
    };
    let d = select(json!({"time": "2026-03-01T00:00:00Z"}));
    assert!(!d.is_allowed(), "{d}");
    assert_eq!(d.code.as_deref(), Some("4019"));
    assert_eq!(d.missing_context, vec!["odps:TaskType".to_string()]);
    let d = select(json!({"task_type": "SQL"}));
    assert!(d.is_allowed(), "{d}");
    assert!(d.missing_context.is_empty(), "{:?}", d.missing_context);
    // A value that fails the condition is not a missing key.
    let d = select(json!({"task_type": "DT"}));
    assert!(!d.is_allowed(), "{d}");
    assert!(d.missing_context.is_empty(), "{:?}", d.missing_context);
    // The trace says why the grant did not count.
    let req =
        mcauth::Request::from_value(on_object(ALICE, "p", "Select", "table", "local_t")).unwrap();
    let notes: Vec<String> = engine
        .explain(&req)
        .notes
        .into_iter()
        .map(|n| n.text)
        .collect();
    assert!(
        notes.iter().any(|n| n.ends_with(
            "when odps:TaskType = 'SQL': condition not met: the request carries no odps:TaskType"
        )),
        "{notes:#?}"
    );
}
