//! End-to-end tests of `mcauth show` for packages, trusted projects and label grants
//! (`spec/principals-labels-packages.md` §3.2, §4.1, §5; worked examples E9 and E10).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;
#[path = "../../mcauth/tests/common/e10.rs"]
mod e10;

use common::*;
use e10::*;

/// E10 with E9's label grants: prj1 shares `datamining`, prj2 installs it.
fn script() -> String {
    [
        E10_PROJECTS,
        E10_OBJECTS,
        "set LabelSecurity=true;\n\
         set label 2 to table sampletable(phone);\n\
         add user ALIYUN$alice@aliyun.com;\n\
         grant Label 2 on table sampletable to user ALIYUN$alice@aliyun.com with exp 7;\n",
        E10_PACKAGE,
        "add trustedproject prj2;\n",
        E10_INSTALL,
    ]
    .concat()
}

// --------------------------------------------------------------------------------- tests

#[test]
fn describe_package_from_the_installing_project_and_its_errors() {
    let dir = TempDir::new("describe");
    let script = dir.write("e10.mcauth", &script());
    let out = shown(&script, "prj2", None, "describe package prj1.datamining;");
    assert_eq!(out, E10_DESCRIBE);
    let run = show(&script, "prj2", None, "describe package prj1.nosuch;");
    assert_bad_input(&run, &["package `prj1.nosuch` does not exist"]);
    // Bob holds Read on the package, which is not DescribePackage.
    let bob = Some("ALIYUN$bob@aliyun.com");
    show_denied(
        &script,
        "prj2",
        bob,
        "describe package prj1.datamining;",
        "DescribePackage",
    );
    let query = "show acl for prj1.datamining on type package;";
    let out = shown(&script, "prj2", None, query);
    assert!(
        out.ends_with(
            "Authorization Type: ACL\n\
             A\tuser/ALIYUN$bob@aliyun.com(acs:odps:*:projects/prj2/packages/prj1.datamining): Read\n"
        ),
        "{out}"
    );
}

#[test]
fn trusted_projects_label_grants_and_help() {
    let dir = TempDir::new("labels");
    let script = dir.write("e10.mcauth", &script());
    let out = shown(&script, "prj1", None, "list trustedprojects;");
    assert_eq!(out, "prj2\n");
    let alice = Some("ALIYUN$alice@aliyun.com");
    assert_eq!(
        shown(&script, "prj1", alice, "show label grants;"),
        "User Label: 0\n\
         +-------------+--------------+----------------------+\n\
         | TableName   | GrantedLabel | Expires              |\n\
         +-------------+--------------+----------------------+\n\
         | sampletable | 2            | 2026-03-08T00:00:00Z |\n\
         +-------------+--------------+----------------------+\n"
    );
    let out = shown(
        &script,
        "prj1",
        None,
        "show label grants on table sampletable;",
    );
    assert!(out.starts_with("Sensitive Label Range: [0, 2]\n"), "{out}");
    let run = show(&script, "prj1", None, "show label 10 grants;");
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.stderr.contains("`10`"), "{run:#?}");
    let help = mcauth(["show", "--help"]);
    assert_eq!(help.code, 0, "{help:#?}");
    for form in [
        "show packages;",
        "describe package [<project>.]<package>;",
        "list trustedprojects;",
        "show label [<level>] grants on table <table> [for [user] <principal>];",
        "describe <table>;",
    ] {
        assert!(help.stdout.contains(form), "{form}: {help:#?}");
    }
}
