//! Worked example E10 of `spec/principals-labels-packages.md` (prj1 shares a jar and a table
//! through package `datamining`; prj2 installs it and grants Read on it to Bob), in pieces that
//! `spec_show.rs` and the CLI's `show_packages.rs` assemble with their own additions. Constants
//! only: the CLI test crate includes this file through `#[path]`.

/// The clock and the two projects.
pub const E10_PROJECTS: &str = "at '2026-03-01T00:00:00Z';
create project prj1 owner ALIYUN$jack@aliyun.com;
create project prj2 owner ALIYUN$john@aliyun.com;
";

/// In prj1: the jar and the table the package will hold.
pub const E10_OBJECTS: &str = "use prj1;
add jar datamining.jar;
create table sampletable (id bigint, phone string);
";

/// In prj1: the package, its objects, and prj2 allowed to install it.
pub const E10_PACKAGE: &str = "create package datamining;
add resource datamining.jar to package datamining;
add table sampletable to package datamining;
allow project prj2 to install package datamining;
";

/// In prj2: Bob, the installed package, and Read on it for Bob.
pub const E10_INSTALL: &str = "use prj2;
add user ALIYUN$bob@aliyun.com;
install package prj1.datamining;
grant Read on package prj1.datamining to user ALIYUN$bob@aliyun.com;
";

/// `describe package prj1.datamining;` when prj2 is the only project allowed to install it
/// (a further allowed project adds its row and rule at the end).
pub const E10_DESCRIBE: &str = "CreateTime:         2026-03-01T00:00:00Z
PackageName:        datamining
SourceProject:      prj1

Object List
+------------+----------------+------------------+
| ObjectType | ObjectName     | ObjectPrivileges |
+------------+----------------+------------------+
| RESOURCE   | datamining.jar | Read             |
+------------+----------------+------------------+
| TABLE      | sampletable    | Describe,Select  |
+------------+----------------+------------------+

Allowed Project List
+-------------+-----------+
| ProjectName | UserLabel |
+-------------+-----------+
| prj2        | 0         |
+-------------+-----------+
";
