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

use common::*;
use std::ffi::OsStr;
use std::path::Path;

/// E10 with E9's label grants: prj1 shares `datamining`, prj2 installs it.
const SCRIPT: &str = "at '2026-03-01T00:00:00Z';
create project prj1 owner ALIYUN$jack@aliyun.com;
create project prj2 owner ALIYUN$john@aliyun.com;
use prj1;
add jar datamining.jar;
create table sampletable (id bigint, phone string);
set LabelSecurity=true;
set label 2 to table sampletable(phone);
add user ALIYUN$alice@aliyun.com;
grant Label 2 on table sampletable to user ALIYUN$alice@aliyun.com with exp 7;
create package datamining;
add resource datamining.jar to package datamining;
add table sampletable to package datamining;
allow project prj2 to install package datamining;
add trustedproject prj2;
use prj2;
add user ALIYUN$bob@aliyun.com;
install package prj1.datamining;
grant Read on package prj1.datamining to user ALIYUN$bob@aliyun.com;
";

// ------------------------------------------------------------------------------- helpers

/// `mcauth show --script <script> --project <project> [--as <who>] <query>`.
fn show(script: &Path, project: &str, who: Option<&str>, query: &str) -> Run {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("show"),
        OsStr::new("--script"),
        script.as_os_str(),
        OsStr::new("--project"),
        OsStr::new(project),
    ];
    if let Some(w) = who {
        args.push(OsStr::new("--as"));
        args.push(OsStr::new(w));
    }
    args.push(OsStr::new(query));
    mcauth(args)
}

// --------------------------------------------------------------------------------- tests

#[test]
fn describe_package_from_the_installing_project_and_its_errors() {
    let dir = TempDir::new("describe");
    let script = dir.write("e10.mcauth", SCRIPT);
    let run = show(&script, "prj2", None, "describe package prj1.datamining;");
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        run.stdout,
        "CreateTime:         2026-03-01T00:00:00Z\n\
         PackageName:        datamining\n\
         SourceProject:      prj1\n\
         \n\
         Object List\n\
         +------------+----------------+------------------+\n\
         | ObjectType | ObjectName     | ObjectPrivileges |\n\
         +------------+----------------+------------------+\n\
         | RESOURCE   | datamining.jar | Read             |\n\
         +------------+----------------+------------------+\n\
         | TABLE      | sampletable    | Describe,Select  |\n\
         +------------+----------------+------------------+\n\
         \n\
         Allowed Project List\n\
         +-------------+-----------+\n\
         | ProjectName | UserLabel |\n\
         +-------------+-----------+\n\
         | prj2        | 0         |\n\
         +-------------+-----------+\n"
    );
    let run = show(&script, "prj2", None, "describe package prj1.nosuch;");
    assert_bad_input(&run, &["package `prj1.nosuch` does not exist"]);
    // Bob holds Read on the package, which is not DescribePackage.
    let run = show(
        &script,
        "prj2",
        Some("ALIYUN$bob@aliyun.com"),
        "describe package prj1.datamining;",
    );
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.stderr.contains("DescribePackage"), "{run:#?}");
    let run = show(
        &script,
        "prj2",
        None,
        "show acl for prj1.datamining on type package;",
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stdout.ends_with(
            "Authorization Type: ACL\n\
             A\tuser/ALIYUN$bob@aliyun.com(acs:odps:*:projects/prj2/packages/prj1.datamining): Read\n"
        ),
        "{run:#?}"
    );
}

#[test]
fn trusted_projects_label_grants_and_help() {
    let dir = TempDir::new("labels");
    let script = dir.write("e10.mcauth", SCRIPT);
    let run = show(&script, "prj1", None, "list trustedprojects;");
    assert_eq!((run.code, run.stdout.as_str()), (0, "prj2\n"), "{run:#?}");
    let run = show(
        &script,
        "prj1",
        Some("ALIYUN$alice@aliyun.com"),
        "show label grants;",
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        run.stdout,
        "User Label: 0\n\
         +-------------+--------------+----------------------+\n\
         | TableName   | GrantedLabel | Expires              |\n\
         +-------------+--------------+----------------------+\n\
         | sampletable | 2            | 2026-03-08T00:00:00Z |\n\
         +-------------+--------------+----------------------+\n"
    );
    let run = show(
        &script,
        "prj1",
        None,
        "show label grants on table sampletable;",
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stdout.starts_with("Sensitive Label Range: [0, 2]\n"),
        "{run:#?}"
    );
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
