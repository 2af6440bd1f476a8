//! The query statements of `spec/acl-policy.md` §5 against the worked examples E8 (a role with
//! ACL, Policy, Download and Expires), E9 (owner and non-owner `show grants`) and E10
//! (`show acl` on several object types), compared line by line; and those of
//! `spec/principals-labels-packages.md` against E9 (label grants, `describe <table>`) and E10
//! (`show packages`, `describe package`, `show acl` on an installed package,
//! `list trustedprojects`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::e10::*;
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
    run(m, "test_project_a", None, query).unwrap()
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
    let out = run(&m, "test_project", None, &format!("show grants for {u};")).unwrap();
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

// ------------------------------------------------------------------ labels (E7, E9) and E10

/// E9: Allen at level 1, a table grant for 4 days, then column grants for 180 days; a role as a
/// label grantee; E7's column labels over a table label.
fn e9() -> Model {
    let script = format!(
        "at '2026-03-01T00:00:00Z';\n\
         create project test_project_a owner ALIYUN$Bob@aliyun.com;\nuse test_project_a;\n\
         add accountprovider ram;\nadd user {ALLEN};\nadd user RAM$Bob@aliyun.com:Amy;\ncreate role worker;\n\
         create table sale_detail (shop_name string, customer_id string, total_price double) partitioned by (ds string);\n\
         set LabelSecurity=true;\nset label 3 to table sale_detail;\nset label 4 to table sale_detail(customer_id);\n\
         set label 1 to user {ALLEN};\n\
         grant Label 3 on table sale_detail to USER {ALLEN} with exp 4;\n\
         grant Label 4 on table sale_detail(shop_name, customer_id) to USER {ALLEN};\n\
         grant Label 4 on table sale_detail to role worker with exp 30;\n"
    );
    Model::from_script_str("e9.mcauth", &script).unwrap()
}

fn run(m: &Model, project: &str, who: Option<&str>, query: &str) -> Result<String, ShowError> {
    show(m, Some(project), who, &parse_query(query).unwrap())
}

/// `result` is a refusal naming `privilege`.
fn assert_denied(result: &Result<String, ShowError>, privilege: &str) {
    assert!(
        matches!(result, Err(ShowError::Denied(_, msg)) if msg.contains(privilege)),
        "{result:?}"
    );
}

#[test]
fn plp_e9_show_label_grants_for_a_user() {
    let m = e9();
    assert_eq!(
        run(
            &m,
            "test_project_a",
            None,
            &format!("show label grants for user {ALLEN};")
        )
        .unwrap(),
        "User Label: 1\n\
         +--------------------------+--------------+----------------------+\n\
         | TableName                | GrantedLabel | Expires              |\n\
         +--------------------------+--------------+----------------------+\n\
         | sale_detail              | 3            | 2026-03-05T00:00:00Z |\n\
         | sale_detail(shop_name)   | 4            | 2026-08-28T00:00:00Z |\n\
         | sale_detail(customer_id) | 4            | 2026-08-28T00:00:00Z |\n\
         +--------------------------+--------------+----------------------+\n"
    );
    // One's own grants need no management permission; the level keeps exactly that level.
    assert_eq!(
        run(&m, "test_project_a", Some(ALLEN), "show label 3 grants;").unwrap(),
        "User Label: 1\n\
         +-------------+--------------+----------------------+\n\
         | TableName   | GrantedLabel | Expires              |\n\
         +-------------+--------------+----------------------+\n\
         | sale_detail | 3            | 2026-03-05T00:00:00Z |\n\
         +-------------+--------------+----------------------+\n"
    );
    assert_eq!(
        run(&m, "test_project_a", None, "show label grants;").unwrap(),
        "User Label: 0\n\
         +-----------+--------------+---------+\n\
         | TableName | GrantedLabel | Expires |\n\
         +-----------+--------------+---------+\n"
    );
}

#[test]
fn plp_e9_show_label_grants_on_a_table() {
    let m = e9();
    assert_eq!(
        run(
            &m,
            "test_project_a",
            None,
            "show label grants on table sale_detail;"
        )
        .unwrap(),
        "Sensitive Label Range: [3, 4]\n\
         +--------------------------+--------------+----------------------+\n\
         | UserName                 | GrantedLabel | Expires              |\n\
         +--------------------------+--------------+----------------------+\n\
         | RAM$Bob@aliyun.com:Allen | 3            | 2026-03-05T00:00:00Z |\n\
         | worker                   | 4            | 2026-03-31T00:00:00Z |\n\
         +--------------------------+--------------+----------------------+\n"
    );
    assert_eq!(
        run(
            &m,
            "test_project_a",
            None,
            &format!("show label grants on table SALE_DETAIL for USER {ALLEN};")
        )
        .unwrap(),
        "User Label: 1\n\
         +-------------+--------------+----------------------+\n\
         | Column      | GrantedLabel | Expires              |\n\
         +-------------+--------------+----------------------+\n\
         | shop_name   | 4            | 2026-08-28T00:00:00Z |\n\
         | customer_id | 4            | 2026-08-28T00:00:00Z |\n\
         | total_price | 3            | 2026-03-05T00:00:00Z |\n\
         +-------------+--------------+----------------------+\n"
    );
    let e = run(
        &m,
        "test_project_a",
        None,
        "show label grants on table nosuch;",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "table `nosuch` does not exist in project `test_project_a`"
    );
    // Another user's grants need ShowLabelGrants: owner, super_administrator, admin.
    assert_denied(
        &run(
            &m,
            "test_project_a",
            Some("RAM$Bob@aliyun.com:Amy"),
            "show label grants on table sale_detail;",
        ),
        "ShowLabelGrants",
    );
}

#[test]
fn plp_e7_describe_table_shows_labels() {
    let m = e9();
    assert_eq!(
        run(&m, "test_project_a", None, "describe sale_detail;").unwrap(),
        "Owner: ALIYUN$Bob@aliyun.com\nProject: test_project_a\nTableName: sale_detail\nType: table\n\
         TableLabel: 3\nMaxLabel: L4\nNative Columns:\n\
         +-------------+--------+-------+\n\
         | Field       | Type   | Label |\n\
         +-------------+--------+-------+\n\
         | shop_name   | string | 3     |\n\
         | customer_id | string | 4     |\n\
         | total_price | double | 3     |\n\
         +-------------+--------+-------+\n\
         Partition Columns:\n\
         +-------+--------+\n\
         | Field | Type   |\n\
         +-------+--------+\n\
         | ds    | string |\n\
         +-------+--------+\n"
    );
    // Describe on the table is what it takes.
    assert_denied(
        &run(&m, "test_project_a", Some(ALLEN), "desc sale_detail;"),
        "odps:Describe",
    );
    assert_eq!(
        run(&m, "test_project_a", None, "describe nosuch;").unwrap_err(),
        ShowError::UnknownTable("nosuch".into(), "test_project_a".into())
    );
}

/// E10: prj1 (Jack) shares a jar and a table through `datamining`; prj2 (John) installs it and
/// grants Read on it to Bob.
fn e10() -> Model {
    // prj3 is allowed too (using label 2), and trusted, but installs nothing.
    let script = [
        E10_PROJECTS,
        "create project prj3 owner ALIYUN$jack@aliyun.com;\n",
        E10_OBJECTS,
        E10_PACKAGE,
        "allow project prj3 to install package datamining using label 2;\n\
         add trustedproject prj2;\nadd trustedproject prj3;\n",
        E10_INSTALL,
    ]
    .concat();
    Model::from_script_str("e10.mcauth", &script).unwrap()
}

/// `describe package prj1.datamining;`: [`E10_DESCRIBE`] with prj3's row.
fn e10_describe() -> String {
    format!("{E10_DESCRIBE}| prj3        | 2         |\n+-------------+-----------+\n")
}

#[test]
fn plp_e10_show_and_describe_packages() {
    let m = e10();
    assert_eq!(
        run(&m, "prj1", None, "show packages;").unwrap(),
        "Created Packages\n\
         +-------------+----------------------+\n\
         | PackageName | CreateTime           |\n\
         +-------------+----------------------+\n\
         | datamining  | 2026-03-01T00:00:00Z |\n\
         +-------------+----------------------+\n\
         \n\
         Installed Packages\n\
         +-------------+---------------+\n\
         | PackageName | SourceProject |\n\
         +-------------+---------------+\n"
    );
    assert_eq!(
        run(&m, "prj2", None, "show packages;").unwrap(),
        "Created Packages\n\
         +-------------+------------+\n\
         | PackageName | CreateTime |\n\
         +-------------+------------+\n\
         \n\
         Installed Packages\n\
         +-------------+---------------+\n\
         | PackageName | SourceProject |\n\
         +-------------+---------------+\n\
         | datamining  | prj1          |\n\
         +-------------+---------------+\n"
    );
    // From the creating project (with or without the project) and from an installing one.
    assert_eq!(
        run(&m, "prj1", None, "describe package prj1.datamining;").unwrap(),
        e10_describe()
    );
    assert_eq!(
        run(&m, "prj1", None, "desc package DataMining;").unwrap(),
        e10_describe()
    );
    assert_eq!(
        run(&m, "prj2", None, "describe package prj1.datamining;").unwrap(),
        e10_describe()
    );
    // prj3 is allowed but has not installed it; prj2 has no package of that name.
    assert_eq!(
        run(&m, "prj3", None, "describe package prj1.datamining;")
            .unwrap_err()
            .to_string(),
        "package `prj1.datamining` is not installed in project `prj3`"
    );
    assert_eq!(
        run(&m, "prj2", None, "describe package prj2.datamining;")
            .unwrap_err()
            .to_string(),
        "package `prj2.datamining` does not exist"
    );
    assert_eq!(
        run(&m, "prj2", None, "describe package nosuch.datamining;")
            .unwrap_err()
            .to_string(),
        "package `nosuch.datamining` does not exist"
    );
    // Bob is a plain user of prj2: Read on the package is no DescribePackage.
    for q in ["describe package prj1.datamining;", "show packages;"] {
        let e = run(&m, "prj2", Some("ALIYUN$bob@aliyun.com"), q);
        assert!(matches!(e, Err(ShowError::Denied(..))), "{q}: {e:?}");
    }
}

#[test]
fn plp_e10_show_acl_on_the_installed_package_and_trusted_projects() {
    let m = e10();
    assert_eq!(
        run(
            &m,
            "prj2",
            None,
            "show acl for prj1.datamining on type package;"
        )
        .unwrap(),
        "Authorization Type: Implicit\n\
         AG\tproject_owner/ALIYUN$john@aliyun.com: All\n\
         AG\tadmin/ALIYUN$john@aliyun.com: All\n\
         Authorization Type: ACL\n\
         A\tuser/ALIYUN$bob@aliyun.com(acs:odps:*:projects/prj2/packages/prj1.datamining): Read\n"
    );
    assert_eq!(
        run(&m, "prj1", None, "list trustedprojects;").unwrap(),
        "prj2\nprj3\n"
    );
    assert_eq!(run(&m, "prj2", None, "list trustedprojects;").unwrap(), "");
    assert_denied(
        &run(
            &m,
            "prj2",
            Some("ALIYUN$bob@aliyun.com"),
            "list trustedprojects;",
        ),
        "ListTrustedProjects",
    );
}
