//! The query statements of `spec/acl-policy.md` §5 against the worked examples E8 (a role with
//! ACL, Policy, Download and Expires), E9 (owner and non-owner `show grants`) and E10
//! (`show acl` on several object types), compared line by line.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use mcauth::script::parse_query;
use mcauth::show::{show, ShowError};
use mcauth::Model;

const ALLEN: &str = "RAM$Bob@aliyun.com:Allen";

fn model() -> Model {
    let script = format!(
        "at '2026-03-01T00:00:00Z';\n\
         create project test_project_a owner ALIYUN$Bob@aliyun.com;\nuse test_project_a;\nadd accountprovider ram;\n\
         add user {ALLEN};\ncreate table bank_data (id bigint);\ncreate table sale_detail (shop_name string, customer_id string, total_price double);\n\
         add jar udtf.jar;\ncreate function UDTFResource as 'x.Udtf' using 'udtf.jar';\n\
         create role Worker;\ncreate role worker1;\ngrant Worker to {ALLEN};\n\
         grant CreateTable, CreateResource, CreateInstance, CreateFunction, List on project test_project_a to role Worker;\n\
         grant CreateTable, CreateResource, CreateInstance, CreateFunction, List on project test_project_a to role worker1;\n\
         grant Download, Describe, Select on table bank_data to role Worker privilegeproperties(\"expires\"=\"30\");\n\
         grant Download on table bak* to role Worker privilegeproperties(\"policy\"=\"true\", \"allow\"=\"true\");\n\
         grant Update on table sale_detail to role Worker privilegeproperties(\"policy\"=\"true\", \"allow\"=\"true\");\n\
         grant Download, Drop on table tb_* to role Worker privilegeproperties(\"policy\"=\"true\", \"allow\"=\"true\");\n\
         grant Drop on table view_1 to role Worker privilegeproperties(\"policy\"=\"true\", \"allow\"=\"true\");\n\
         grant CreateTable, CreateResource, CreateInstance, CreateFunction, List on project test_project_a to user {ALLEN};\n\
         grant Describe, Select on table sale_detail (customer_id, shop_name) to user {ALLEN};\n\
         grant Read, Write on resource udtf.jar to user {ALLEN};\n\
         grant All on function UDTFResource to user {ALLEN};\n\
         grant All on instance 20220105031923461ghu to user {ALLEN};\n"
    );
    Model::from_script_str("e8.mcauth", &script).unwrap()
}

fn q(m: &Model, query: &str) -> String {
    show(
        m,
        Some("test_project_a"),
        None,
        &parse_query(query).unwrap(),
    )
    .unwrap()
}

#[test]
fn acl_e8_show_grants_for_role_worker() {
    assert_eq!(
        q(&model(), "show grants for role Worker;"),
        "Authorization Type: ACL\n[role/Worker]\n\
         A\tprojects/test_project_a: CreateTable | CreateResource | CreateInstance | CreateFunction | List\n\
         A\tprojects/test_project_a/tables/bank_data: Download | Describe | Select\tExpires:2026-03-31T00:00:00Z\n\
         Authorization Type: Policy\n[role/Worker]\n\
         A\tprojects/test_project_a/tables/bak*: Download\n\
         A\tprojects/test_project_a/tables/sale_detail: Update\n\
         A\tprojects/test_project_a/tables/tb_*: Download | Drop\n\
         A\tprojects/test_project_a/tables/view_1: Drop\n"
    );
    let d = q(&model(), "describe role Worker;");
    assert!(
        d.starts_with("[users]\nRAM$Bob@aliyun.com:Allen\n\nAuthorization Type: ACL\n"),
        "{d}"
    );
}

#[test]
fn acl_e9_owner_and_non_owner_show_grants() {
    let m = model();
    assert_eq!(
        q(&m, "show grants;"),
        "[ALIYUN$Bob@aliyun.com]\nprojects/test_project_a: Project Owner\n"
    );
    let allen = show(
        &m,
        Some("test_project_a"),
        Some(ALLEN),
        &parse_query("show grants;").unwrap(),
    )
    .unwrap();
    assert!(
        allen.starts_with("[roles]\nWorker\n\nAuthorization Type: ACL\n[role/Worker]\n"),
        "{allen}"
    );
    assert!(
        allen.contains(&format!(
            "[user/{ALLEN}]\n\
             A\tprojects/test_project_a: CreateTable | CreateResource | CreateInstance | CreateFunction | List\n"
        )),
        "{allen}"
    );
    assert!(allen.contains("Authorization Type: Policy\n[role/Worker]\nA\tprojects/test_project_a/tables/bak*: Download\n"), "{allen}");
    // Allen holds no admin role: other users' grants are not his to see.
    let e = show(
        &m,
        Some("test_project_a"),
        Some(ALLEN),
        &parse_query("show grants for role worker1;").unwrap(),
    );
    assert!(matches!(e, Err(ShowError::Denied(..))), "{e:?}");
}

#[test]
fn acl_e10_show_acl_on_types() {
    let m = model();
    assert_eq!(
        q(&m, "show acl for test_project_a on type project;"),
        format!(
            "Authorization Type: Implicit\nAG\tproject_owner/ALIYUN$Bob@aliyun.com: All\nAG\tadmin/ALIYUN$Bob@aliyun.com: All\n\
             Authorization Type: ACL\n\
             A\trole/Worker(projects/test_project_a): CreateTable | CreateResource | CreateInstance | CreateFunction | List\n\
             A\trole/worker1(projects/test_project_a): CreateTable | CreateResource | CreateInstance | CreateFunction | List\n\
             A\tuser/{ALLEN}(projects/test_project_a): CreateTable | CreateResource | CreateInstance | CreateFunction | List\n"
        )
    );
    let table = q(&m, "show acl for sale_detail;");
    assert!(
        table.contains("AG\tobject_creator/ALIYUN$Bob@aliyun.com: All\n"),
        "{table}"
    );
    assert!(table.contains(&format!(
        "A\tuser/{ALLEN}(acs:odps:*:projects/test_project_a/tables/sale_detail/customer_id): Describe | Select\n"
    )), "{table}");
    assert!(
        q(&m, "show acl for udtf.jar on type resource;").contains(&format!(
        "A\tuser/{ALLEN}(acs:odps:*:projects/test_project_a/resources/udtf.jar): Read | Write\n"
    ))
    );
    assert!(q(&m, "show acl for UDTFResource on type function;").contains(&format!(
        "A\tuser/{ALLEN}(acs:odps:*:projects/test_project_a/registration/functions/udtfresource): All\n"
    )));
    assert!(
        q(&m, "show acl for 20220105031923461ghu on type instance;").contains(&format!(
        "A\tuser/{ALLEN}(acs:odps:*:projects/test_project_a/instances/20220105031923461ghu): All\n"
    ))
    );
}

#[test]
fn e16_security_configuration_and_lists() {
    let m = model();
    let conf = q(&m, "show SecurityConfiguration;");
    assert!(conf.starts_with("CheckPermissionUsingACL=true\nCheckPermissionUsingPolicy=true\nObjectCreatorHasAccessPermission=true\nObjectCreatorHasGrantPermission=true\nLabelSecurity=false\nProjectProtection=false\n"), "{conf}");
    assert_eq!(
        q(&m, "list roles;"),
        "admin\nsuper_administrator\nWorker\nworker1\n"
    );
    assert_eq!(q(&m, "list users;"), format!("{ALLEN}\n"));
    assert_eq!(q(&m, "list accountproviders;"), "ALIYUN\nRAM\n");
    assert_eq!(
        q(&m, "whoami;"),
        "Name: ALIYUN$Bob@aliyun.com\nProject: test_project_a\n"
    );
}

#[test]
fn acl_e11_conditional_policy_display() {
    let dir = common::Dir::new("e11");
    let u = "ALIYUN$odpstest1@aliyun.com";
    dir.write(
        "project.json",
        &format!(
            r#"{{"Version":"1","Statement":[
 {{"Effect":"Allow","Principal":"{u}","Action":["odps:Create*","odps:List"],"Resource":"acs:odps:*:projects/test_project"}},
 {{"Effect":"Allow","Principal":"{u}","Action":["odps:Describe","odps:Select"],"Resource":"acs:odps:*:projects/test_project/tables/alipay_*",
   "Condition":{{"IpAddress":{{"acs:SourceIp":"10.0.0.0/8"}}}}}}]}}"#
        ),
    );
    let script = format!(
        "create project test_project owner ALIYUN$owner@aliyun.com;\nuse test_project;\nadd user {u};\n\
         create table t1 (a bigint);\ncreate role dev;\ngrant dev to {u};\ngrant Select on table t1 to role dev;\n\
         grant CreateTable, CreateInstance, CreateFunction, List on project test_project to user {u};\n\
         grant Describe, Select on table t1 to user {u};\n\
         grant Describe on table test_* to role dev privilegeproperties(\"policy\"=\"true\", \"allow\"=\"true\", \"conditions\"=\"acs:SourceIp in ('10.0.0.0/8')\");\n\
         grant Select on table alifinance_* to role dev privilegeproperties(\"policy\"=\"true\", \"allow\"=\"false\", \"conditions\"=\"odps:TaskType = 'SQL'\");\n\
         put policy project.json;\nlogin {u};\ncreate table t6 (a bigint);\ncreate table t7 (a bigint);\n"
    );
    let p = dir.write("e11.mcauth", &script);
    let m = Model::from_scripts(&[&p]).unwrap();
    let out = show(
        &m,
        Some("test_project"),
        None,
        &parse_query(&format!("show grants for {u};")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        out,
        format!(
            "[roles]\ndev\n\nAuthorization Type: ACL\n[role/dev]\nA\tprojects/test_project/tables/t1: Select\n\
             [user/{u}]\nA\tprojects/test_project: CreateTable | CreateInstance | CreateFunction | List\n\
             A\tprojects/test_project/tables/t1: Describe | Select\n\
             Authorization Type: Policy\n[role/dev]\nAC\tprojects/test_project/tables/test_*: Describe\n\
             DC\tprojects/test_project/tables/alifinance_*: Select\n\
             [user/{u}]\nA\tprojects/test_project: Create* | List\n\
             AC\tprojects/test_project/tables/alipay_*: Describe | Select\n\
             Authorization Type: ObjectCreator\nAG\tprojects/test_project/tables/t6: All\n\
             AG\tprojects/test_project/tables/t7: All\n"
        )
    );
}
