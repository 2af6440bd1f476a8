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
    let e = load_error("issuer provider", "p.mcauth", &script).to_string();
    assert!(
        e.starts_with("p.mcauth:15:1:") && e.contains("lack of account provider"),
        "{e}"
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
    let e = load_error("role provider", "p.mcauth", &script).to_string();
    assert!(
        e.starts_with("p.mcauth:13:18:") && e.contains("lack of account provider"),
        "{e}"
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
        let e = load_error(stmt, "p.mcauth", &script).to_string();
        assert!(
            e.starts_with("p.mcauth:13:1:") && e.contains("may not"),
            "{stmt}: {e}"
        );
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
