//! Scripts and requests agree; rules that were once missed stay enforced.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use mcauth::{Model, Request, Stage};
use serde_json::json;

const BASE: &str = "create account ALIYUN$owner@example.com;\n\
    create ram user RAM$owner@example.com:bob;\ncreate ram user RAM$owner@example.com:carol;\n\
    create project sales owner ALIYUN$owner@example.com;\ncreate project other owner ALIYUN$owner@example.com;\n\
    use sales;\nadd accountprovider ram;\ncreate table orders (id bigint, phone string);\n\
    add user RAM$owner@example.com:bob;\nadd user RAM$owner@example.com:carol;\ncreate role analyst;\n";
const BOB: &str = "RAM$owner@example.com:bob";
const CAROL: &str = "RAM$owner@example.com:carol";

#[test]
fn management_requests_act_on_their_own_project() {
    let e = Request::from_value(
        json!({"principal": BOB, "project": "other", "action": "AddUser",
        "object": {"type": "project", "name": "sales", "project": "sales"}}),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("acts on the project the request runs in"),
        "{e}"
    );
}

#[test]
fn the_issuer_must_be_recognised_by_the_account_providers() {
    let script = format!(
        "{BASE}grant admin to {BOB};\nremove accountprovider ram;\nlogin {BOB};\ncreate role r2;\n"
    );
    assert_load_error_at(
        "issuer provider",
        "p.mcauth",
        &script,
        (15, 1),
        "lack of account provider",
    );
    // ... and the request agrees.
    let ok = format!("{BASE}grant admin to {BOB};\nremove accountprovider ram;\n");
    run(
        "p.mcauth",
        &ok,
        &[deny(
            "request",
            on_project(BOB, "sales", "CreateRole"),
            Stage::Authentication,
            Some("lack_of_account_provider"),
        )],
    );
}

#[test]
fn granting_a_role_to_a_ram_user_needs_the_ram_provider() {
    let script = format!("{BASE}remove accountprovider ram;\ngrant analyst to {CAROL};\n");
    assert_load_error_at(
        "role provider",
        "p.mcauth",
        &script,
        (13, 18),
        "lack of account provider",
    );
}

#[test]
fn allow_and_deny_together_are_refused() {
    let script = format!(
        "{BASE}grant Select on table orders to role analyst privilegeproperties(\"policy\"=\"true\",\"allow\"=\"true\",\"deny\"=\"true\");\n"
    );
    let e = load_error("allow+deny", "p.mcauth", &script).to_string();
    assert!(e.contains("one of `allow` and `deny`"), "{e}");
}

#[test]
fn if_exists_and_if_not_exists_are_still_authorized() {
    for stmt in [
        "create table if not exists orders (x bigint);",
        "drop table if exists nonexist;",
    ] {
        let script = format!("{BASE}login {CAROL};\n{stmt}\n");
        assert_load_error_at(stmt, "p.mcauth", &script, (13, 1), "may not");
    }
}

#[test]
fn views_of_views_are_checked_once_per_table() {
    let mut script = format!("{BASE}grant CreateInstance on project sales to user {BOB};\ncreate view a0 as select * from orders;\ncreate view b0 as select * from orders;\n");
    for k in 1..=15 {
        script.push_str(&format!(
            "create view a{k} as select * from a{p} join b{p};\ncreate view b{k} as select * from a{p} join b{p};\n",
            p = k - 1
        ));
    }
    script.push_str(&format!("grant Select on table a15 to user {BOB};\n"));
    let engine = engine("views.mcauth", &script);
    let d = engine
        .check(&Request::from_value(on_object(BOB, "sales", "Select", "table", "a15")).unwrap());
    assert!(d.is_allowed(), "{d:?}");
    assert!(
        d.reasons.len() < 10,
        "reasons are deduplicated: {}",
        d.reasons.len()
    );
}

#[test]
fn a_view_does_not_carry_data_out_of_a_protected_project() {
    let script = format!(
        "{BASE}grant CreateInstance on project sales to user {BOB};\n\
         use other;\nadd accountprovider ram;\nadd user {BOB};\ncreate table secret (id bigint);\n\
         set ProjectProtection=true;\nuse sales;\ncreate view v as select * from other.secret;\n\
         grant Select on table v to user {BOB};\n"
    );
    run(
        "prot.mcauth",
        &script,
        &[deny(
            "view over a protected table",
            on_object(BOB, "sales", "Select", "table", "v"),
            Stage::Permission,
            Some("4021"),
        )],
    );
}

#[test]
fn an_administrator_role_may_set_project_properties_in_scripts_as_in_requests() {
    let dir = Dir::new("setprop");
    dir.write(
        "ops.json",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"odps:SetProperty","Resource":"acs:odps:*:projects/sales/*"}]}"#,
    );
    let script = format!(
        "{BASE}create role ops privilegeproperties(\"type\"=\"admin\");\nput policy ops.json on role ops;\ngrant ops to {CAROL};\n"
    );
    let engine = dir.engine("a.mcauth", &script);
    check_cases(
        &engine,
        &[allow("request", on_project(CAROL, "sales", "SetProperty"))],
    );
    dir.engine(
        "b.mcauth",
        &format!("{script}login {CAROL};\nsetproject odps.security.ip.whitelist=10.0.0.0/8;\n"),
    );
}

#[test]
fn snapshots_with_inconsistent_keys_are_refused() {
    let m = Model::from_script_str("a.mcauth", BASE).unwrap();
    let json = m.to_snapshot_json().replace("\"sales\": {", "\"Sales\": {");
    let e = Model::from_snapshot_str("s.json", &json)
        .unwrap_err()
        .to_string();
    assert!(e.contains("s.json") && e.contains("`Sales`"), "{e}");
}

/// A change to an exported snapshot.
type Edit = fn(&mut serde_json::Value);

/// Review of issue 5: a hand-edited snapshot must not smuggle in what the loader refuses.
#[test]
fn snapshots_with_inconsistent_labels_or_packages_are_refused() {
    let script = "at '2026-03-01T00:00:00Z';\n\
        create project a owner ALIYUN$owner@example.com;\n\
        create project b owner ALIYUN$owner@example.com;\n\
        use a;\ncreate table t (id bigint, secret string) partitioned by (ds string);\n\
        set LabelSecurity=true;\nset label 3 to table t(secret);\n\
        create package p;\nadd table t to package p;\nallow project b to install package p;\n\
        add trustedproject b;\nuse b;\ninstall package a.p;\n";
    let model = Model::from_script_str("snap.mcauth", script).unwrap();
    let text = serde_json::to_string(&model).unwrap();
    Model::from_snapshot_str("ok.json", &text).unwrap();
    let edits: [(&str, Edit, &str); 6] = [
        (
            "package cap above 9",
            |v| v["projects"]["a"]["packages"]["p"]["allowed"]["b"]["label"] = json!(12),
            "levels run from 0 to 9",
        ),
        (
            "column label key not lower case",
            |v| {
                let cols = &mut v["projects"]["a"]["labels"]["tables"]["t"]["columns"];
                let l = cols["secret"].take();
                cols.as_object_mut().unwrap().remove("secret");
                cols["SECRET"] = l;
            },
            "not one of its data columns",
        ),
        (
            "label on a partition column",
            |v| {
                let cols = &mut v["projects"]["a"]["labels"]["tables"]["t"]["columns"];
                cols["ds"] = cols["secret"].clone();
            },
            "partition columns carry no label",
        ),
        (
            "package object missing",
            |v| {
                let objects = &mut v["projects"]["a"]["packages"]["p"]["objects"];
                objects["table/t"]["name"] = json!("gone");
            },
            "does not match",
        ),
        (
            "trusted project undeclared",
            |v| {
                let t = &mut v["projects"]["a"]["trusted_projects"];
                t["zz"] = json!({"name": "zz", "source": {"file": "x", "line": 1, "column": 1}});
            },
            "trusted project `zz` does not exist",
        ),
        (
            "installation of a dropped package",
            |v| {
                v["projects"]["a"]["packages"]
                    .as_object_mut()
                    .unwrap()
                    .clear();
            },
            "does not exist in its source project",
        ),
    ];
    for (name, edit, want) in edits {
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        edit(&mut v);
        let err = Model::from_snapshot_str("edited.json", &v.to_string())
            .expect_err(name)
            .to_string();
        assert!(err.contains(want), "{name}: {err}");
    }
}

/// Semantics I16 in snapshots: the default role is the word `"dataworks_default"`, a custom role
/// keeps its principal object, a public environment may have a role (I14), and an edited
/// snapshot may not name an unknown role word.
#[test]
fn environment_roles_in_snapshots() {
    let dir = Dir::new("env-snapshot");
    dir.write(
        "dw.json",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
        "Principal":{"Service":["dataworks.aliyuncs.com"]}}]}"#,
    );
    let script = format!(
        "create account ALIYUN$owner@example.com uid 1000000000000001;\n\
         create ram user {BOB};\ncreate ram user {CAROL};\n\
         create ram role `RAM$owner@example.com:role/dw` trust 'dw.json';\n\
         create dataworks environment nb for {BOB} default role;\n\
         create dataworks environment dev for {BOB} role `RAM$owner@example.com:role/dw`;\n\
         create dataworks environment shared for {CAROL} public;\n"
    );
    let model = dir.model("env.mcauth", &script);
    let text = model.to_snapshot_json();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let envs = &v["dev_environments"];
    assert_eq!(envs["nb"]["role"], json!("dataworks_default"));
    assert_eq!(
        envs["dev"]["role"]["key"],
        json!("ram$owner@example.com:role/dw")
    );
    assert!(envs["shared"].get("role").is_none(), "{envs:#}");
    assert_eq!(Model::from_snapshot_str("ok.json", &text).unwrap(), model);

    // A public environment may have a role (semantics I14: DataWorks allows it; `mcauth lint`
    // reports it): a snapshot says so and reads back.
    let mut public = v.clone();
    public["dev_environments"]["nb"]["public"] = json!(true);
    let read = Model::from_snapshot_str("public.json", &public.to_string()).unwrap();
    assert!(read.dev_environments["nb"].public);
    assert_eq!(
        read.dev_environments["nb"].role,
        Some(mcauth::model::EnvironmentRole::Default)
    );

    let edits: [(&str, Edit, &str); 2] = [
        (
            "unknown role word",
            |v| v["dev_environments"]["nb"]["role"] = json!("default"),
            "unknown environment role `default`: expected `dataworks_default` or a role \
             principal object",
        ),
        (
            "environment key not its lower-case name",
            |v| v["dev_environments"]["nb"]["name"] = json!("other"),
            "development environment key `nb` does not match its name `other`",
        ),
    ];
    for (name, edit, want) in edits {
        let mut v = v.clone();
        edit(&mut v);
        let err = Model::from_snapshot_str("edited.json", &v.to_string())
            .expect_err(name)
            .to_string();
        assert!(err.contains(want), "{name}: {err}");
    }
}

/// Project `a` shares table `t` through package `p` installed in `b`; `v` reads it from `b`.
const SHARED: &str = "at '2026-03-01T00:00:00Z';\n\
    create account ALIYUN$o@x.com;\ncreate ram user RAM$o@x.com:v;\n\
    create project a owner ALIYUN$o@x.com;\ncreate project b owner ALIYUN$o@x.com;\n\
    create project c owner ALIYUN$o@x.com;\n\
    use c;\ncreate table tc (id bigint, phone string);\nset ProjectProtection=true;\n\
    add trustedproject a;\n\
    use a;\ncreate table t (id bigint, phone string);\n\
    create view va as select id, phone from c.tc;\ncreate package p;\n\
    add table t to package p;\nadd table va to package p;\nallow project b to install package p;\n\
    use b;\nadd accountprovider ram;\nadd user RAM$o@x.com:v;\n\
    grant CreateInstance on project b to user RAM$o@x.com:v;\ninstall package a.p;\n\
    grant Read on package a.p to user RAM$o@x.com:v;\n";
const V: &str = "RAM$o@x.com:v";

fn v_reads(table: &str, project: &str) -> serde_json::Value {
    json!({"principal": V, "project": "b", "action": "Select",
           "object": {"type": "table", "name": table, "project": project}})
}

/// Review of issue 5: a shared view does not carry a third project's protected data to a
/// project that third project does not trust (trust is not transitive).
#[test]
fn a_shared_view_keeps_its_base_tables_protection() {
    run(
        "shared.mcauth",
        SHARED,
        &[
            allow("v reads the shared table", v_reads("t", "a")),
            deny(
                "c trusts a, not b: the view's base table may not flow to b",
                v_reads("va", "a"),
                Stage::Permission,
                Some("4021"),
            )
            .detail("project 'c' is protected"),
        ],
    );
}

/// Review of issue 5: a view's owner reaches another project's table through a package.
#[test]
fn a_view_owner_reads_base_tables_through_a_package() {
    let script = format!(
        "{SHARED}grant CreateTable on project b to user {V};\nlogin {V};\n\
         create view vb as select id from a.t;\n"
    );
    run(
        "vb.mcauth",
        &script,
        &[allow("v's view over a.t", v_reads("vb", "b")).detail("package a.p")],
    );
}

/// Review of issue 5: dropping a package removes its installations, so a package created again
/// under the name gives nothing until it is installed again.
#[test]
fn a_dropped_package_takes_its_installations_along() {
    let script = format!(
        "{SHARED}use a;\ndrop package p;\ncreate package p;\nadd table t to package p;\n\
         allow project b to install package p;\n"
    );
    run(
        "dropped.mcauth",
        &script,
        &[deny(
            "no installation left in b",
            v_reads("t", "a"),
            Stage::Permission,
            Some("0420095"),
        )],
    );
    let again = format!("{script}use b;\ninstall package a.p;\n");
    run(
        "dropped2.mcauth",
        &again,
        &[deny(
            "installed again, the old Read grant is gone",
            v_reads("t", "a"),
            Stage::Permission,
            Some("4019"),
        )
        .detail("no Read on package a.p")],
    );
}

/// Review of issue 5: a policy Deny on the package's Read stays an explicit 4011.
#[test]
fn a_policy_deny_on_package_read_stays_explicit() {
    let dir = Dir::new("pkgdeny");
    dir.write(
        "deny.json",
        r#"{"Version":"1","Statement":[{"Effect":"Deny","Principal":"*","Action":["odps:Read"],"Resource":["acs:odps:*:projects/b/packages/a.p"]}]}"#,
    );
    let engine = dir.engine("s.mcauth", &format!("{SHARED}put policy deny.json;\n"));
    check_cases(
        &engine,
        &[deny(
            "policy Deny on Read of the package",
            v_reads("t", "a"),
            Stage::Permission,
            Some("4011"),
        )
        .detail("deny.json")],
    );
}

/// Review of issue 5: removing an object from a package forgets the refobject grants that
/// installing projects made on it; re-adding it starts without them.
#[test]
fn removing_an_object_from_a_package_forgets_its_refobject_grants() {
    let narrowed = format!(
        "{SHARED}create role crm;\ngrant Select on table t to role crm \
         privilegeproperties(\"refobject\"=\"true\",\"refproject\"=\"a\",\"package\"=\"p\");\n"
    );
    run(
        "narrowed.mcauth",
        &narrowed,
        &[deny(
            "v is not in crm: the refobject grant narrows",
            v_reads("t", "a"),
            Stage::Permission,
            Some("4019"),
        )
        .detail("refobject")],
    );
    let readded =
        format!("{narrowed}use a;\nremove table t from package p;\nadd table t to package p;\n");
    run(
        "readded.mcauth",
        &readded,
        &[allow(
            "the narrowing grant went with the removal",
            v_reads("t", "a"),
        )],
    );
}
