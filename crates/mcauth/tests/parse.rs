//! The script parser: every statement form, error positions and messages, and robustness.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::parse::*;
use mcauth::action::{Action, ObjectType};
use mcauth::script::parse;
use mcauth::script::statement::*;

fn acl(kind: StatementKind) -> AclStatement {
    match kind {
        StatementKind::GrantAcl(a) | StatementKind::RevokeAcl(a) => a,
        other => panic!("not an ACL statement: {other:?}"),
    }
}

// ---------------------------------------------------------------- statements and positions

#[test]
fn set_protection_with_exception() {
    assert_eq!(
        one("set ProjectProtection=true with exception 'e.json';"),
        StatementKind::SetProtectionException(sp("e.json", 1, 43))
    );
    assert!(syntax("set LabelSecurity=true with exception e.json;")
        .contains("`with exception` goes with `set ProjectProtection=true`"));
    assert!(syntax("set ProjectProtection=false with exception e.json;").contains("goes with"));
}

#[test]
fn put_policy_with_and_without_role() {
    assert_eq!(
        one("put policy policy.json;"),
        StatementKind::PutPolicy {
            file: sp("policy.json", 1, 12),
            role: None
        }
    );
    assert_eq!(
        one("PUT POLICY '/tmp/p.json' ON ROLE r;"),
        StatementKind::PutPolicy {
            file: sp("/tmp/p.json", 1, 12),
            role: Some(sp("r", 1, 34))
        }
    );
    assert!(syntax("put policy;").contains("expected a policy file name"));
}

#[test]
fn statements_carry_their_start_and_comments_are_skipped() {
    let text = "-- setup\nuse sales; -- the project\n\n  login ALIYUN$a@b.com ;;\n";
    let statements = parse(FILE, text).unwrap();
    assert_eq!(statements.len(), 2);
    assert_eq!(statements[0].source, src(2, 1));
    assert_eq!(statements[0].kind, StatementKind::Use(sp("sales", 2, 5)));
    assert_eq!(statements[1].source, src(4, 3));
    assert_eq!(
        statements[1].kind,
        StatementKind::Login(sp("ALIYUN$a@b.com", 4, 9))
    );
}

#[test]
fn empty_text_and_empty_statements_give_nothing() {
    assert!(parse(FILE, "").unwrap().is_empty());
    assert!(parse(FILE, " ;; ;\n-- only a comment\n")
        .unwrap()
        .is_empty());
}

#[test]
fn keywords_are_case_insensitive() {
    assert_eq!(one("USE Sales;"), StatementKind::Use(sp("Sales", 1, 5)));
    assert_eq!(
        one("ClEaR ExPiReD GRANTS;"),
        StatementKind::ClearExpiredGrants
    );
}

// ---------------------------------------------------------------- declarations

#[test]
fn at_parses_an_rfc3339_timestamp() {
    let StatementKind::At(t) = one("at '2026-03-01T00:00:00Z';") else {
        panic!()
    };
    assert_eq!(t.value, "2026-03-01T00:00:00Z".parse().unwrap());
    assert_eq!(t.source, src(1, 4));
    let StatementKind::At(t) = one("at \"2026-03-01T08:00:00+08:00\";") else {
        panic!()
    };
    assert_eq!(t.value, "2026-03-01T00:00:00Z".parse().unwrap());
}

#[test]
fn at_rejects_bad_timestamps_at_the_string() {
    let e = syntax("use p;\nat 'yesterday';");
    assert!(
        e.starts_with("t.mcauth:2:4: invalid timestamp `yesterday`: expected RFC 3339"),
        "{e}"
    );
    assert_eq!(
        syntax("at 2026;"),
        "t.mcauth:1:4: expected a quoted RFC 3339 timestamp such as `'2026-03-01T00:00:00Z'`, \
         found `2026`"
    );
}

#[test]
fn create_account_with_and_without_uid() {
    assert_eq!(
        one("create account ALIYUN$owner@example.com uid 1000000000000001;"),
        StatementKind::CreateAccount {
            name: sp("ALIYUN$owner@example.com", 1, 16),
            uid: Some(sp("1000000000000001", 1, 45)),
        }
    );
    assert_eq!(
        one("create account ALIYUN$x;"),
        StatementKind::CreateAccount {
            name: sp("ALIYUN$x", 1, 16),
            uid: None,
        }
    );
    assert_eq!(
        syntax("create account ALIYUN$x uid 12a;"),
        "t.mcauth:1:29: expected a numeric uid, found `12a`"
    );
}

#[test]
fn create_ram_user_with_display_name() {
    assert_eq!(
        one("create ram user RAM$owner@example.com:bob display 'Bob B';"),
        StatementKind::CreateRamUser {
            name: sp("RAM$owner@example.com:bob", 1, 17),
            display: Some("Bob B".to_string()),
        }
    );
    assert_eq!(
        one("create ram user RAM$o:bob;"),
        StatementKind::CreateRamUser {
            name: sp("RAM$o:bob", 1, 17),
            display: None,
        }
    );
}

#[test]
fn create_and_alter_project() {
    assert_eq!(
        one("create project sales owner ALIYUN$owner@example.com;"),
        StatementKind::CreateProject {
            name: sp("sales", 1, 16),
            owner: sp("ALIYUN$owner@example.com", 1, 28),
        }
    );
    for (word, status) in [
        ("available", StatusWord::Available),
        ("READONLY", StatusWord::ReadOnly),
        ("frozen", StatusWord::Frozen),
        ("deleting", StatusWord::Deleting),
    ] {
        assert_eq!(
            one(&format!("alter project sales status {word};")),
            StatementKind::AlterProjectStatus {
                project: sp("sales", 1, 15),
                status,
            }
        );
    }
    assert_eq!(
        syntax("alter project sales status gone;"),
        "t.mcauth:1:28: expected `available`, `readonly`, `frozen` or `deleting`, found `gone`"
    );
}

#[test]
fn use_and_login_accept_backticked_principals() {
    assert_eq!(
        one("login `RAM$owner@example.com:role/etl`;"),
        StatementKind::Login(sp("RAM$owner@example.com:role/etl", 1, 7))
    );
    assert_eq!(
        syntax("use `p`;"),
        "t.mcauth:1:5: expected a project name, found `p`"
    );
}

// ---------------------------------------------------------------- tables and views

#[test]
fn create_table_with_types_comments_partitions_and_lifecycle() {
    let text = "create table if not exists orders (\n  id bigint comment 'key',\n  \
                amount decimal(10, 2),\n  tags array<string>,\n  m map<string, array<int>>,\n  \
                s struct<a:int, b:string>\n) comment 'orders' partitioned by (ds string comment \
                'day', hh string) lifecycle 30;";
    let StatementKind::CreateTable {
        if_not_exists,
        name,
        columns,
        partition_columns,
    } = one(text)
    else {
        panic!()
    };
    assert!(if_not_exists);
    assert_eq!(name, sp("orders", 1, 28));
    let cols: Vec<(&str, &str)> = columns
        .iter()
        .map(|c| (c.name.value.as_str(), c.data_type.as_str()))
        .collect();
    assert_eq!(
        cols,
        vec![
            ("id", "bigint"),
            ("amount", "decimal(10,2)"),
            ("tags", "array<string>"),
            ("m", "map<string,array<int>>"),
            ("s", "struct<a:int,b:string>"),
        ]
    );
    assert_eq!(columns[1].name.source, src(3, 3));
    let parts: Vec<(&str, &str)> = partition_columns
        .iter()
        .map(|c| (c.name.value.as_str(), c.data_type.as_str()))
        .collect();
    assert_eq!(parts, vec![("ds", "string"), ("hh", "string")]);
}

#[test]
fn create_table_minimal() {
    assert_eq!(
        one("create table t (id bigint);"),
        StatementKind::CreateTable {
            if_not_exists: false,
            name: sp("t", 1, 14),
            columns: vec![ColumnDef {
                name: sp("id", 1, 17),
                data_type: "bigint".to_string(),
            }],
            partition_columns: vec![],
        }
    );
}

#[test]
fn create_table_errors() {
    assert_eq!(
        syntax("create table t (id bigint, ID string);"),
        "t.mcauth:1:28: duplicate column `ID`"
    );
    assert_eq!(
        syntax("create table t (id bigint) partitioned by (Id string);"),
        "t.mcauth:1:44: duplicate column `Id`"
    );
    assert_eq!(
        syntax("create table t ();"),
        "t.mcauth:1:17: expected a column name, found `)`"
    );
    assert_eq!(
        syntax("create table t (id);"),
        "t.mcauth:1:19: expected a column type, found `)`"
    );
    assert_eq!(
        syntax("create table t (id bigint;"),
        "t.mcauth:1:26: expected `,` or `)`, found end of statement"
    );
    assert_eq!(
        syntax("create table t (a array<int);"),
        "t.mcauth:1:28: unbalanced `)` in column type `array<int`"
    );
    assert_eq!(
        syntax("create table;"),
        "t.mcauth:1:13: expected a table name, found end of statement"
    );
    assert_eq!(
        syntax("create table t (a int) lifecycle soon;"),
        "t.mcauth:1:34: expected a number of days after `lifecycle`, found `soon`"
    );
}

#[test]
fn create_view_reads_base_tables_and_select_columns() {
    let text = "create view if not exists v_orders as\n  select o.id, sum(o.amount) as total, \
                c.name cname, count(*)\n  from sales.orders o join customers c on o.cid = c.id\n  \
                where o.id in (select id from vip) group by o.id, c.name;";
    let StatementKind::CreateView {
        if_not_exists,
        name,
        columns,
        query,
        base_tables,
        select_columns,
    } = one(text)
    else {
        panic!()
    };
    assert!(if_not_exists);
    assert_eq!(name, sp("v_orders", 1, 27));
    assert!(columns.is_empty());
    assert!(query.starts_with("select o.id, sum(o.amount)"));
    assert!(query.ends_with("group by o.id, c.name"));
    assert_eq!(
        base_tables,
        vec![
            sp("sales.orders", 3, 8),
            sp("customers", 3, 28),
            sp("vip", 4, 33),
        ]
    );
    assert_eq!(
        select_columns,
        Some(vec![
            "id".to_string(),
            "total".to_string(),
            "cname".to_string(),
            "_c3".to_string(),
        ])
    );
}

#[test]
fn create_view_with_columns_star_and_comma_joins() {
    let StatementKind::CreateView {
        if_not_exists,
        columns,
        query,
        base_tables,
        select_columns,
        ..
    } = one(
        "create view v (a comment 'x', b) comment 'v' as select * from t1 a, (select 1 \
             from t2) b, t3;",
    )
    else {
        panic!()
    };
    assert!(!if_not_exists);
    assert_eq!(columns, vec![sp("a", 1, 16), sp("b", 1, 31)]);
    assert_eq!(query, "select * from t1 a, (select 1 from t2) b, t3");
    let names: Vec<&str> = base_tables.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(names, vec!["t1", "t2", "t3"]);
    assert_eq!(select_columns, None);

    let StatementKind::CreateView { select_columns, .. } =
        one("create view v as select distinct a, t.* from t;")
    else {
        panic!()
    };
    assert_eq!(select_columns, None);
    let StatementKind::CreateView { select_columns, .. } =
        one("create view v as select distinct a, cast(b as bigint), `c` from t;")
    else {
        panic!()
    };
    assert_eq!(
        select_columns,
        Some(vec!["a".to_string(), "_c1".to_string(), "c".to_string()])
    );
    assert_eq!(
        syntax("create view v as ;"),
        "t.mcauth:1:18: expected a query, found end of statement"
    );
    assert_eq!(
        syntax("create view v select 1;"),
        "t.mcauth:1:15: expected `as`, found `select`"
    );
}

// ---------------------------------------------------------------- functions and resources

#[test]
fn add_resources() {
    for (word, kind) in [
        ("jar", ResourceKindWord::Jar),
        ("FILE", ResourceKindWord::File),
        ("py", ResourceKindWord::Py),
        ("archive", ResourceKindWord::Archive),
    ] {
        let text = format!("add {word} udf.x;");
        assert_eq!(
            one(&text),
            StatementKind::AddResource {
                kind,
                name: sp("udf.x", 1, 6 + u32::try_from(word.len()).unwrap()),
            }
        );
    }
    assert_eq!(
        one("add jar lib/v1/udf.jar comment 'udf';"),
        StatementKind::AddResource {
            kind: ResourceKindWord::Jar,
            name: sp("udf.jar", 1, 16),
        }
    );
    assert_eq!(
        one("add file 'data/x.txt' as x.txt;"),
        StatementKind::AddResource {
            kind: ResourceKindWord::File,
            name: sp("x.txt", 1, 26),
        }
    );
    assert!(unsupported("add jar udf.jar -f;").contains("t.mcauth:1:17: `add ... -f`"));
    assert_eq!(
        syntax("add jar lib/;"),
        "t.mcauth:1:9: expected a file name, found `lib/`"
    );
    assert_eq!(
        syntax("add model m;"),
        "t.mcauth:1:5: expected `table`, `resource`, `function`, `instance`, `jar`, `file`, `py`, \
         `archive`, `accountprovider`, `user`, `trustedproject` or `tenant`, found `model`"
    );
}

#[test]
fn create_function_with_quoted_and_unquoted_resources() {
    assert_eq!(
        one("create function my_udf as 'com.example.MyUdf' using 'udf.jar, dep.jar';"),
        StatementKind::CreateFunction {
            name: sp("my_udf", 1, 17),
            class: "com.example.MyUdf".to_string(),
            resources: vec![sp("udf.jar", 1, 54), sp("dep.jar", 1, 63)],
        }
    );
    assert_eq!(
        one("create function f as \"C\" using udf.jar, dep.py;"),
        StatementKind::CreateFunction {
            name: sp("f", 1, 17),
            class: "C".to_string(),
            resources: vec![sp("udf.jar", 1, 32), sp("dep.py", 1, 41)],
        }
    );
    assert_eq!(
        syntax("create function f as 'C' using 'a.jar,';"),
        "t.mcauth:1:39: expected a resource name, found an empty item in the `using` list"
    );
    assert_eq!(
        syntax("create function f as C using a.jar;"),
        "t.mcauth:1:22: expected a quoted class name such as `'com.example.MyUdf'`, found `C`"
    );
}

#[test]
fn drop_statements() {
    for (word, target) in [
        ("table", DropTarget::Table),
        ("VIEW", DropTarget::View),
        ("function", DropTarget::Function),
        ("resource", DropTarget::Resource),
    ] {
        assert_eq!(
            one(&format!("drop {word} if exists x;")),
            StatementKind::Drop {
                target,
                if_exists: true,
                name: sp("x", 1, 17 + u32::try_from(word.len()).unwrap()),
            }
        );
    }
    assert_eq!(
        one("drop table prj.t;"),
        StatementKind::Drop {
            target: DropTarget::Table,
            if_exists: false,
            name: sp("prj.t", 1, 12),
        }
    );
    assert_eq!(one("drop role r;"), StatementKind::DropRole(sp("r", 1, 11)));
}

// ---------------------------------------------------------------- users, roles, providers

#[test]
fn account_providers_and_users() {
    assert_eq!(
        one("add accountprovider ram;"),
        StatementKind::AccountProvider {
            add: true,
            provider: ProviderWord::Ram,
        }
    );
    assert_eq!(
        one("remove accountprovider ALIYUN;"),
        StatementKind::AccountProvider {
            add: false,
            provider: ProviderWord::Aliyun,
        }
    );
    assert_eq!(
        one("add user `RAM$o@e.com:role/etl`;"),
        StatementKind::AddUser(sp("RAM$o@e.com:role/etl", 1, 10))
    );
    assert_eq!(
        one("remove user RAM$o:bob;"),
        StatementKind::RemoveUser(sp("RAM$o:bob", 1, 13))
    );
}

#[test]
fn roles() {
    assert_eq!(
        one("create role worker;"),
        StatementKind::CreateRole {
            name: sp("worker", 1, 13),
            admin: false,
        }
    );
    assert_eq!(
        one("create role boss privilegeproperties(\"type\" = \"admin\");"),
        StatementKind::CreateRole {
            name: sp("boss", 1, 13),
            admin: true,
        }
    );
    assert_eq!(
        one("create role r privilegeproperties('TYPE'='Resource');"),
        StatementKind::CreateRole {
            name: sp("r", 1, 13),
            admin: false,
        }
    );
    assert_eq!(
        syntax("create role r privilegeproperties(\"type\"=\"super\");"),
        "t.mcauth:1:42: expected `admin` or `resource`, found `\"super\"`"
    );
    assert_eq!(
        syntax("create role r privilegeproperties(\"kind\"=\"admin\");"),
        "t.mcauth:1:35: unknown privilegeproperties key `kind`: expected `type`"
    );
    assert_eq!(
        one("purge privs from role old;"),
        StatementKind::PurgeRole(sp("old", 1, 23))
    );
}

#[test]
fn role_grants_and_revokes() {
    assert_eq!(
        one("grant worker, reader to RAM$o:bob;"),
        StatementKind::GrantRoles {
            roles: vec![sp("worker", 1, 7), sp("reader", 1, 15)],
            principal: sp("RAM$o:bob", 1, 25),
        }
    );
    assert_eq!(
        one("revoke worker from `RAM$o:role/etl`;"),
        StatementKind::RevokeRoles {
            roles: vec![sp("worker", 1, 8)],
            principal: sp("RAM$o:role/etl", 1, 20),
        }
    );
    assert_eq!(
        syntax("grant worker into x;"),
        "t.mcauth:1:14: expected `,` or `to`, found `into`"
    );
    assert_eq!(
        syntax("revoke worker to x;"),
        "t.mcauth:1:15: expected `,` or `from`, found `to`"
    );
}

// ---------------------------------------------------------------- ACL

#[test]
fn acl_grant_with_everything() {
    let text = "grant Select, describe on table sales.orders (id, amount) to user RAM$o:bob \
                privilegeproperties(\"conditions\" = \"acs:SourceIp in ('1.2.3.4/32')\", \
                \"EXPIRES\"=\"30\");";
    let kind = one(text);
    assert!(matches!(kind, StatementKind::GrantAcl(_)));
    let a = acl(kind);
    assert_eq!(
        a.actions,
        vec![
            Spanned::new(Action::Select, src(1, 7)),
            Spanned::new(Action::Describe, src(1, 15)),
        ]
    );
    assert_eq!(a.object_type, Spanned::new(ObjectType::Table, src(1, 27)));
    assert_eq!(a.object, sp("sales.orders", 1, 33));
    assert_eq!(a.columns, vec![sp("id", 1, 47), sp("amount", 1, 51)]);
    assert_eq!(a.grantee, GranteeWord::User(sp("RAM$o:bob", 1, 67)));
    let conditions = a.conditions.unwrap();
    assert_eq!(conditions.value, "acs:SourceIp in ('1.2.3.4/32')");
    // The first character inside the quotes.
    let column = text.find("acs:").unwrap() + 1;
    assert_eq!(conditions.source, src(1, u32::try_from(column).unwrap()));
    assert_eq!(a.expires_days.unwrap().value, 30);
}

#[test]
fn acl_revoke_to_role_with_wildcard() {
    let kind = one("revoke All on TABLE tb_* from role worker;");
    assert!(matches!(kind, StatementKind::RevokeAcl(_)));
    let a = acl(kind);
    assert_eq!(a.actions, vec![Spanned::new(Action::All, src(1, 8))]);
    assert_eq!(a.object, sp("tb_*", 1, 21));
    assert!(a.columns.is_empty());
    assert_eq!(a.grantee, GranteeWord::Role(sp("worker", 1, 36)));
    assert_eq!(a.expires_days, None);
    assert_eq!(a.conditions, None);
}

#[test]
fn acl_errors() {
    assert_eq!(
        syntax("grant Frobnicate on table t to user u;"),
        "t.mcauth:1:7: unknown action `Frobnicate`: expected one \
         of Read, Write, List, CreateTable, CreateModel, CreateInstance, CreateFunction, \
         CreateResource, All, Describe, Select, Alter, Update, Drop, ShowHistory, Execute, Delete, \
         Download"
    );
    assert_eq!(
        syntax("grant select on schema t to user u;"),
        "t.mcauth:1:17: expected an object type (project, table, model, function, resource, \
         instance, package), found `schema`"
    );
    assert_eq!(
        syntax("grant select on table t to u;"),
        "t.mcauth:1:28: expected `user` or `role`, found `u`"
    );
    assert_eq!(
        syntax("grant select on table t from user u;"),
        "t.mcauth:1:25: expected `to`, found `from`"
    );
    assert_eq!(
        syntax("grant select on table;"),
        "t.mcauth:1:22: expected a table name, found end of statement"
    );
    assert_eq!(
        syntax("grant select on table t to user u privilegeproperties(\"expires\"=\"-1\");"),
        "t.mcauth:1:65: expected a whole number of days for `expires`, found `\"-1\"`"
    );
    assert_eq!(
        syntax("grant select on table t to user u privilegeproperties(\"owner\"=\"x\");"),
        "t.mcauth:1:55: unknown privilegeproperties key `owner`: expected `expires`, \
         `conditions`, `policy`, `allow`, `refobject`, `refproject` or `package`"
    );
    let e = syntax("grant select on table t to user u with grant option;");
    assert!(e.starts_with("t.mcauth:1:35: MaxCompute ACL does not support `with grant option`"));
}

#[test]
fn policy_grants_parse() {
    let a = acl(one(
        "grant drop on table tb_* to role r privilegeproperties(\"policy\" = \"true\", \"allow\"=\"false\");",
    ));
    assert_eq!(a.policy, Some(Spanned::new(false, src(1, 56))));
    let a = acl(one(
        "revoke select on table * from role r privilegeproperties(\"policy\"=\"true\", \"deny\"=\"false\");",
    ));
    assert_eq!(a.policy.map(|p| p.value), Some(true));
    assert_eq!(acl(one("grant select on table t to role r;")).policy, None);
    assert!(
        syntax("grant select on table t to role r privilegeproperties(\"policy\"=\"true\");")
            .contains("needs `\"allow\"=\"true\"`")
    );
    assert!(
        syntax("grant select on table t to role r privilegeproperties(\"allow\"=\"true\");")
            .contains("go with `\"policy\"=\"true\"`")
    );
}

// ---------------------------------------------------------------- labels

/// The 1-based column of the first `needle` in the one-line ASCII `text`.
fn col(text: &str, needle: &str) -> u32 {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    u32::try_from(at + 1).unwrap()
}

fn lvl(level: u8, column: u32) -> Spanned<u8> {
    Spanned::new(level, src(1, column))
}

fn table(name: Spanned<String>, columns: Vec<Spanned<String>>) -> LabelTarget {
    LabelTarget {
        table: name,
        columns,
    }
}

#[test]
fn set_label_forms() {
    assert_eq!(
        one("set label 2 to table t;"),
        StatementKind::SetTableLabel {
            level: lvl(2, 11),
            target: table(sp("t", 1, 22), vec![]),
        }
    );
    assert_eq!(
        one("SET LABEL 3 TO TABLE sales.orders(id, `amount`);"),
        StatementKind::SetTableLabel {
            level: lvl(3, 11),
            target: table(
                sp("sales.orders", 1, 22),
                vec![sp("id", 1, 35), sp("amount", 1, 39)]
            ),
        }
    );
    assert_eq!(
        one("set label 9 to user `RAM$o:role/etl`;"),
        StatementKind::SetPrincipalLabel {
            level: lvl(9, 11),
            grantee: GranteeWord::User(sp("RAM$o:role/etl", 1, 21)),
        }
    );
    assert_eq!(
        one("Set Label 0 To ROLE worker;"),
        StatementKind::SetPrincipalLabel {
            level: lvl(0, 11),
            grantee: GranteeWord::Role(sp("worker", 1, 21)),
        }
    );
    // `set LabelSecurity` is still a flag.
    assert_eq!(
        one("set LabelSecurity=true;"),
        StatementKind::SetFlag {
            flag: FlagWord::LabelSecurity,
            value: true
        }
    );
}

#[test]
fn set_label_errors() {
    for bad in ["10", "x", "-1", "2.5", "300"] {
        assert_eq!(
            syntax(&format!("set label {bad} to user u;")),
            format!("t.mcauth:1:11: expected a label level from 0 to 9, found `{bad}`")
        );
    }
    assert_eq!(
        syntax("set label;"),
        "t.mcauth:1:10: expected a label level from 0 to 9, found end of statement"
    );
    assert_eq!(
        syntax("set label 2 table t;"),
        "t.mcauth:1:13: expected `to`, found `table`"
    );
    assert_eq!(
        syntax("set label 2 to project p;"),
        "t.mcauth:1:16: expected `table`, `user` or `role`, found `project`"
    );
    assert_eq!(
        syntax("set label 2 to table t();"),
        "t.mcauth:1:24: expected a column name, found `)`"
    );
    assert_eq!(
        syntax("set label 2 to table t(a b);"),
        "t.mcauth:1:26: expected `,` or `)`, found `b`"
    );
}

#[test]
fn grant_label_forms() {
    let text = "grant label 3 on table t(c1, c2) to user RAM$o:bob with exp 30;";
    assert_eq!(
        one(text),
        StatementKind::GrantLabel {
            level: lvl(3, 13),
            target: table(sp("t", 1, 24), vec![sp("c1", 1, 26), sp("c2", 1, 30)]),
            grantee: GranteeWord::User(sp("RAM$o:bob", 1, 42)),
            expires_days: Some(Spanned::new(30, src(1, 61))),
            package: None,
        }
    );
    // Defaults: no columns, no expiry (180 days, applied by the loader), no package.
    assert_eq!(
        one("GRANT LABEL 0 ON TABLE t TO ROLE r;"),
        StatementKind::GrantLabel {
            level: lvl(0, 13),
            target: table(sp("t", 1, 24), vec![]),
            grantee: GranteeWord::Role(sp("r", 1, 34)),
            expires_days: None,
            package: None,
        }
    );
    let text = "grant label 2 on table t to user `RAM$o:bob` With Exp 9223372036854775807;";
    let StatementKind::GrantLabel {
        grantee,
        expires_days,
        ..
    } = one(text)
    else {
        panic!()
    };
    assert_eq!(grantee, GranteeWord::User(sp("RAM$o:bob", 1, 34)));
    assert_eq!(expires_days.unwrap().value, 9_223_372_036_854_775_807);
    assert_eq!(
        one("grant label 1 on table t to user u with exp 0;"),
        StatementKind::GrantLabel {
            level: lvl(1, 13),
            target: table(sp("t", 1, 24), vec![]),
            grantee: GranteeWord::User(sp("u", 1, 34)),
            expires_days: Some(Spanned::new(0, src(1, 45))),
            package: None,
        }
    );
    let text = "grant label 4 on table sale_detail(shop) to role r with exp 7 \
                privilegeproperties(\"refobject\"=\"true\", \"refproject\"=\"prj1\", \
                \"package\"=\"datashare\");";
    assert_eq!(
        one(text),
        StatementKind::GrantLabel {
            level: lvl(4, 13),
            target: table(sp("sale_detail", 1, 24), vec![sp("shop", 1, 36)]),
            grantee: GranteeWord::Role(sp("r", 1, 50)),
            expires_days: Some(Spanned::new(7, src(1, 61))),
            package: Some(PackageRef {
                project: sp("prj1", 1, col(text, "prj1")),
                package: sp("datashare", 1, col(text, "datashare")),
            }),
        }
    );
}

#[test]
fn revoke_label_forms() {
    assert_eq!(
        one("revoke label on table t(c) from role r;"),
        StatementKind::RevokeLabel {
            target: table(sp("t", 1, 23), vec![sp("c", 1, 25)]),
            grantee: GranteeWord::Role(sp("r", 1, 38)),
            package: None,
        }
    );
    let text = "REVOKE LABEL ON TABLE t FROM USER `RAM$o:bob` \
                PRIVILEGEPROPERTIES(\"PACKAGE\"=\"pk\", \"refobject\"=\"TRUE\", \"refproject\"=\"p1\");";
    assert_eq!(
        one(text),
        StatementKind::RevokeLabel {
            target: table(sp("t", 1, 23), vec![]),
            grantee: GranteeWord::User(sp("RAM$o:bob", 1, 35)),
            package: Some(PackageRef {
                project: sp("p1", 1, col(text, "p1\"")),
                package: sp("pk", 1, col(text, "pk\"")),
            }),
        }
    );
}

#[test]
fn label_grant_errors() {
    assert_eq!(
        syntax("grant label 10 on table t to user u;"),
        "t.mcauth:1:13: expected a label level from 0 to 9, found `10`"
    );
    assert_eq!(
        syntax("grant label x on table t to user u;"),
        "t.mcauth:1:13: expected a label level from 0 to 9, found `x`"
    );
    assert_eq!(
        syntax("grant label on table t to user u;"),
        "t.mcauth:1:13: expected a label level from 0 to 9, found `on`"
    );
    assert_eq!(
        syntax("grant label 2 on t to user u;"),
        "t.mcauth:1:18: expected `table`, found `t`"
    );
    assert_eq!(
        syntax("grant label 2 on table t to u;"),
        "t.mcauth:1:29: expected `user` or `role`, found `u`"
    );
    assert_eq!(
        syntax("grant label 2 on table t to user u with exp 9223372036854775808;"),
        "t.mcauth:1:45: expected a whole number of days from 0 to 9223372036854775807 after \
         `with exp`, found `9223372036854775808`"
    );
    assert_eq!(
        syntax("grant label 2 on table t to user u with exp -1;"),
        "t.mcauth:1:45: expected a whole number of days from 0 to 9223372036854775807 after \
         `with exp`, found `-1`"
    );
    assert_eq!(
        syntax("grant label 2 on table t to user u with exp;"),
        "t.mcauth:1:44: expected a whole number of days from 0 to 9223372036854775807 after \
         `with exp`, found end of statement"
    );
    assert_eq!(
        syntax("grant label 2 on table t to user u with grant option;"),
        "t.mcauth:1:41: expected `exp`, found `grant`"
    );
    assert_eq!(
        syntax("grant label 2 on table t to user u privilegeproperties(\"expires\"=\"3\");"),
        "t.mcauth:1:56: unknown privilegeproperties key `expires`: expected `refobject`, \
         `refproject` or `package`"
    );
    assert_eq!(
        syntax(
            "grant label 2 on table t to user u privilegeproperties(\"refobject\"=\"true\", \
             \"refproject\"=\"p\");"
        ),
        "t.mcauth:1:56: a package object grant (`\"refobject\"=\"true\"`) needs \
         `\"package\"=\"<package>\"`"
    );
    assert_eq!(
        syntax("revoke label 2 on table t from user u;"),
        "t.mcauth:1:14: expected `on`, found `2`"
    );
    assert_eq!(
        syntax("revoke label on table t to user u;"),
        "t.mcauth:1:25: expected `from`, found `to`"
    );
}

#[test]
fn a_role_named_label_is_still_granted_and_revoked() {
    assert_eq!(
        one("grant label to x;"),
        StatementKind::GrantRoles {
            roles: vec![sp("label", 1, 7)],
            principal: sp("x", 1, 16),
        }
    );
    assert_eq!(
        one("grant label, admin to x;"),
        StatementKind::GrantRoles {
            roles: vec![sp("label", 1, 7), sp("admin", 1, 14)],
            principal: sp("x", 1, 23),
        }
    );
    assert_eq!(
        one("GRANT LABEL TO `RAM$o:bob`;"),
        StatementKind::GrantRoles {
            roles: vec![sp("LABEL", 1, 7)],
            principal: sp("RAM$o:bob", 1, 16),
        }
    );
    assert_eq!(
        one("revoke label from x;"),
        StatementKind::RevokeRoles {
            roles: vec![sp("label", 1, 8)],
            principal: sp("x", 1, 19),
        }
    );
    assert_eq!(
        one("revoke label, r from x;"),
        StatementKind::RevokeRoles {
            roles: vec![sp("label", 1, 8), sp("r", 1, 15)],
            principal: sp("x", 1, 22),
        }
    );
    assert_eq!(
        syntax("grant label;"),
        "t.mcauth:1:12: expected `,` or `to`, found end of statement"
    );
    // `label` is not an action: the ACL form does not apply.
    assert_eq!(
        syntax("grant select, label on table t to user u;"),
        "t.mcauth:1:15: unknown action `label`: expected one \
         of Read, Write, List, CreateTable, CreateModel, CreateInstance, CreateFunction, \
         CreateResource, All, Describe, Select, Alter, Update, Drop, ShowHistory, Execute, Delete, \
         Download"
    );
}

// ---------------------------------------------------------------- packages

#[test]
fn create_and_drop_package() {
    assert_eq!(
        one("create package datashare;"),
        StatementKind::CreatePackage(sp("datashare", 1, 16))
    );
    assert_eq!(
        one("DELETE PACKAGE pk;"),
        StatementKind::DropPackage(sp("pk", 1, 16))
    );
    assert_eq!(
        one("drop Package pk;"),
        StatementKind::DropPackage(sp("pk", 1, 14))
    );
    assert_eq!(
        syntax("create package;"),
        "t.mcauth:1:15: expected a package name, found end of statement"
    );
    assert_eq!(
        syntax("delete from t;"),
        "t.mcauth:1:8: expected `package` or `accesskey`, found `from`"
    );
}

#[test]
fn add_to_and_remove_from_package() {
    for (word, object_type) in [
        ("table", ObjectType::Table),
        ("RESOURCE", ObjectType::Resource),
        ("function", ObjectType::Function),
        ("Instance", ObjectType::Instance),
    ] {
        let len = u32::try_from(word.len()).unwrap();
        assert_eq!(
            one(&format!("add {word} x to package pk;")),
            StatementKind::AddToPackage {
                object_type: Spanned::new(object_type, src(1, 5)),
                name: sp("x", 1, 6 + len),
                package: sp("pk", 1, 19 + len),
                privileges: vec![],
            }
        );
        assert_eq!(
            one(&format!("remove {word} x from package pk;")),
            StatementKind::RemoveFromPackage {
                object_type: Spanned::new(object_type, src(1, 8)),
                name: sp("x", 1, 9 + len),
                package: sp("pk", 1, 24 + len),
            }
        );
    }
    assert_eq!(
        one("ADD TABLE * TO PACKAGE pk WITH PRIVILEGES Describe, select;"),
        StatementKind::AddToPackage {
            object_type: Spanned::new(ObjectType::Table, src(1, 5)),
            name: sp("*", 1, 11),
            package: sp("pk", 1, 24),
            privileges: vec![
                Spanned::new(Action::Describe, src(1, 43)),
                Spanned::new(Action::Select, src(1, 53)),
            ],
        }
    );
    assert_eq!(
        one("remove resource udf.jar from package pk;"),
        StatementKind::RemoveFromPackage {
            object_type: Spanned::new(ObjectType::Resource, src(1, 8)),
            name: sp("udf.jar", 1, 17),
            package: sp("pk", 1, 38),
        }
    );
}

#[test]
fn package_object_errors() {
    let types = "a package holds only tables (and views), resources, functions and instances: \
                 expected `table`, `resource`, `function` or `instance`";
    assert_eq!(
        syntax("add model m to package p;"),
        format!("t.mcauth:1:5: {types}, found `model`")
    );
    assert_eq!(
        syntax("add project p1 to package p;"),
        format!("t.mcauth:1:5: {types}, found `project`")
    );
    assert_eq!(
        syntax("remove MODEL m from package p;"),
        format!("t.mcauth:1:8: {types}, found `MODEL`")
    );
    assert_eq!(
        syntax("add table t to package pk with privileges Frobnicate;"),
        "t.mcauth:1:43: unknown action `Frobnicate`: expected one \
         of Read, Write, List, CreateTable, CreateModel, CreateInstance, CreateFunction, \
         CreateResource, All, Describe, Select, Alter, Update, Drop, ShowHistory, Execute, Delete, \
         Download"
    );
    assert_eq!(
        syntax("add table t to package pk with privileges;"),
        "t.mcauth:1:42: expected an action such as `Select`, found end of statement"
    );
    assert_eq!(
        syntax("add table t to package pk with select;"),
        "t.mcauth:1:32: expected `privileges`, found `select`"
    );
    assert_eq!(
        syntax("add table t to package pk with privileges select describe;"),
        "t.mcauth:1:50: expected `;`, found `describe`"
    );
    assert_eq!(
        syntax("add table t into package pk;"),
        "t.mcauth:1:13: expected `to`, found `into`"
    );
    assert_eq!(
        syntax("remove table t to package pk;"),
        "t.mcauth:1:16: expected `from`, found `to`"
    );
    assert_eq!(
        syntax("remove table t from package pk with privileges read;"),
        "t.mcauth:1:32: expected `;`, found `with`"
    );
    assert_eq!(
        syntax("add table to package pk;"),
        "t.mcauth:1:14: expected `to`, found `package`"
    );
}

#[test]
fn other_add_and_remove_statements_still_parse() {
    assert_eq!(
        one("add user RAM$o:bob;"),
        StatementKind::AddUser(sp("RAM$o:bob", 1, 10))
    );
    assert_eq!(
        one("remove user RAM$o:bob;"),
        StatementKind::RemoveUser(sp("RAM$o:bob", 1, 13))
    );
    assert_eq!(
        one("add accountprovider ram;"),
        StatementKind::AccountProvider {
            add: true,
            provider: ProviderWord::Ram
        }
    );
    assert_eq!(
        one("add jar package.jar;"),
        StatementKind::AddResource {
            kind: ResourceKindWord::Jar,
            name: sp("package.jar", 1, 9),
        }
    );
    assert_eq!(
        syntax("remove jar x;"),
        "t.mcauth:1:8: expected `table`, `resource`, `function`, `instance`, `accountprovider`, \
         `user`, `trustedproject` or `tenant`, found `jar`"
    );
}

#[test]
fn allow_and_disallow_install() {
    assert_eq!(
        one("allow project p2 to install package pk;"),
        StatementKind::AllowInstall {
            project: sp("p2", 1, 15),
            package: sp("pk", 1, 37),
            label: None,
        }
    );
    assert_eq!(
        one("ALLOW PROJECT p2 TO INSTALL PACKAGE pk USING LABEL 3;"),
        StatementKind::AllowInstall {
            project: sp("p2", 1, 15),
            package: sp("pk", 1, 37),
            label: Some(lvl(3, 52)),
        }
    );
    assert_eq!(
        one("disallow project p2 to install package pk;"),
        StatementKind::DisallowInstall {
            project: sp("p2", 1, 18),
            package: sp("pk", 1, 40),
        }
    );
    assert_eq!(
        syntax("allow project p2 to install package pk using label 12;"),
        "t.mcauth:1:52: expected a label level from 0 to 9, found `12`"
    );
    assert_eq!(
        syntax("allow project p2 to install package pk using 3;"),
        "t.mcauth:1:46: expected `label`, found `3`"
    );
    assert_eq!(
        syntax("allow project p2 install package pk;"),
        "t.mcauth:1:18: expected `to`, found `install`"
    );
    assert_eq!(
        syntax("disallow project p2 to install package pk using label 3;"),
        "t.mcauth:1:43: expected `;`, found `using`"
    );
    assert_eq!(
        syntax("allow user u to install package pk;"),
        "t.mcauth:1:7: expected `project`, found `user`"
    );
}

#[test]
fn install_and_uninstall_package() {
    assert_eq!(
        one("install package prj1.datashare;"),
        StatementKind::InstallPackage(PackageRef {
            project: sp("prj1", 1, 17),
            package: sp("datashare", 1, 22),
        })
    );
    assert_eq!(
        one("UNINSTALL PACKAGE a.b;"),
        StatementKind::UninstallPackage(PackageRef {
            project: sp("a", 1, 19),
            package: sp("b", 1, 21),
        })
    );
    // Columns count characters.
    assert_eq!(
        one("install package 项目.pk;"),
        StatementKind::InstallPackage(PackageRef {
            project: sp("项目", 1, 17),
            package: sp("pk", 1, 20),
        })
    );
    for bad in ["nodot", "p.", ".pk", "a.b.c"] {
        assert_eq!(
            syntax(&format!("install package {bad};")),
            format!("t.mcauth:1:17: expected `<project>.<package>`, found `{bad}`")
        );
    }
    assert_eq!(
        syntax("uninstall package;"),
        "t.mcauth:1:18: expected `<project>.<package>`, found end of statement"
    );
    assert_eq!(
        syntax("install p.pk;"),
        "t.mcauth:1:9: expected `package`, found `p.pk`"
    );
    assert_eq!(
        syntax("install package 'p.pk';"),
        "t.mcauth:1:17: expected `<project>.<package>`, found `'p.pk'`"
    );
}

#[test]
fn trusted_projects() {
    assert_eq!(
        one("add trustedproject p2;"),
        StatementKind::AddTrustedProject(sp("p2", 1, 20))
    );
    assert_eq!(
        one("REMOVE TrustedProject p2;"),
        StatementKind::RemoveTrustedProject(sp("p2", 1, 23))
    );
    assert_eq!(
        syntax("add trustedproject;"),
        "t.mcauth:1:19: expected a project name, found end of statement"
    );
}

#[test]
fn package_object_acl_grants() {
    let text = "grant Select on table t(c1) to user u privilegeproperties(\"refobject\"=\"true\",\
                \"refproject\"=\"prj1\",\"package\"=\"datashare\");";
    let kind = one(text);
    assert!(matches!(kind, StatementKind::GrantAcl(_)));
    let a = acl(kind);
    assert_eq!(a.columns, vec![sp("c1", 1, 25)]);
    assert_eq!(a.policy, None);
    assert_eq!(
        a.package,
        Some(PackageRef {
            project: sp("prj1", 1, col(text, "prj1")),
            package: sp("datashare", 1, col(text, "datashare")),
        })
    );
    // Keys in any order and case, with other keys.
    let text = "revoke describe on table t from role r privilegeproperties(\"Package\"=\"pk\", \
                \"REFOBJECT\"=\"TRUE\", \"expires\"=\"3\", \"refproject\"=p1);";
    let kind = one(text);
    assert!(matches!(kind, StatementKind::RevokeAcl(_)));
    let a = acl(kind);
    assert_eq!(a.expires_days.map(|d| d.value), Some(3));
    assert_eq!(
        a.package,
        Some(PackageRef {
            project: sp("p1", 1, col(text, "p1)")),
            package: sp("pk", 1, col(text, "pk\"")),
        })
    );
    assert_eq!(acl(one("grant select on table t to user u;")).package, None);
}

#[test]
fn package_object_acl_grant_errors() {
    let grant = "grant select on table t to role r privilegeproperties";
    let e = |props: &str| syntax(&format!("{grant}({props});"));
    // The first key starts at column 55.
    assert_eq!(
        e("\"refobject\"=\"true\", \"refproject\"=\"p1\""),
        "t.mcauth:1:55: a package object grant (`\"refobject\"=\"true\"`) needs \
         `\"package\"=\"<package>\"`"
    );
    assert_eq!(
        e("\"package\"=\"pk\", \"refobject\"=\"true\""),
        "t.mcauth:1:71: a package object grant (`\"refobject\"=\"true\"`) needs \
         `\"refproject\"=\"<project>\"`"
    );
    assert_eq!(
        e("\"refobject\"=\"false\", \"refproject\"=\"p1\", \"package\"=\"pk\""),
        "t.mcauth:1:67: expected `\"true\"` for `refobject`, found `\"false\"`"
    );
    assert_eq!(
        e("\"refproject\"=\"p1\", \"package\"=\"pk\""),
        "t.mcauth:1:55: `refproject` goes with `\"refobject\"=\"true\"`"
    );
    assert_eq!(
        e("\"expires\"=\"1\", \"package\"=\"pk\""),
        "t.mcauth:1:70: `package` goes with `\"refobject\"=\"true\"`"
    );
    assert_eq!(
        e("\"refobject\"=\"true\", \"refproject\"=\"p1\", \"package\"=\"\""),
        "t.mcauth:1:104: expected a package name for `package`, found `\"\"`"
    );
    assert_eq!(
        e("\"policy\"=\"true\", \"allow\"=\"true\", \"refobject\"=\"true\", \"refproject\"=\"p\", \
           \"package\"=\"k\""),
        "t.mcauth:1:55: a policy grant (`\"policy\"=\"true\"`) cannot name a package object \
         (`\"refobject\"=\"true\"`)"
    );
    assert_eq!(
        syntax(
            "grant read on package p.pk to role r privilegeproperties(\"refobject\"=\"true\", \
             \"refproject\"=\"p\", \"package\"=\"pk\");"
        ),
        "t.mcauth:1:15: a package object grant (`\"refobject\"=\"true\"`) names a table, \
         resource, function or instance inside the package, not a package"
    );
}

// ---------------------------------------------------------------- flags and setproject

#[test]
fn set_flags() {
    for (name, flag) in [
        ("CheckPermissionUsingACL", FlagWord::CheckPermissionUsingAcl),
        (
            "checkpermissionusingpolicy",
            FlagWord::CheckPermissionUsingPolicy,
        ),
        (
            "ObjectCreatorHasAccessPermission",
            FlagWord::ObjectCreatorHasAccessPermission,
        ),
        (
            "ObjectCreatorHasGrantPermission",
            FlagWord::ObjectCreatorHasGrantPermission,
        ),
        ("LabelSecurity", FlagWord::LabelSecurity),
        ("ProjectProtection", FlagWord::ProjectProtection),
    ] {
        assert_eq!(
            one(&format!("set {name}=true;")),
            StatementKind::SetFlag { flag, value: true }
        );
        assert_eq!(
            one(&format!("set {name} = FALSE;")),
            StatementKind::SetFlag { flag, value: false }
        );
    }
    assert!(syntax("set odps.sql.allow.fullscan=true;").starts_with(
        "t.mcauth:1:5: unknown security flag `odps.sql.allow.fullscan`: expected one of \
         CheckPermissionUsingACL, CheckPermissionUsingPolicy,"
    ));
    assert_eq!(
        syntax("set LabelSecurity=yes;"),
        "t.mcauth:1:19: expected `true` or `false`, found `yes`"
    );
}

#[test]
fn setproject_keeps_raw_values_and_their_positions() {
    let text =
        "setproject odps.security.ip.whitelist=101.132.236.134,100.116.0.0/16,1.2.3.4-1.2.3.9\n  \
                ODPS.SECURITY.VPC.WHITELIST=cn-beijing_vpc-xxx[192.168.0.10,192.168.0.20] \
                odps.security.enabledownloadprivilege=true;";
    let StatementKind::SetProject(settings) = one(text) else {
        panic!()
    };
    assert_eq!(settings.len(), 3);
    assert_eq!(
        settings[0].key,
        Spanned::new(ProjectKey::IpWhitelist, src(1, 12))
    );
    assert_eq!(
        settings[0].value,
        sp("101.132.236.134,100.116.0.0/16,1.2.3.4-1.2.3.9", 1, 39)
    );
    assert_eq!(
        settings[1].key,
        Spanned::new(ProjectKey::VpcWhitelist, src(2, 3))
    );
    assert_eq!(
        settings[1].value,
        sp("cn-beijing_vpc-xxx[192.168.0.10,192.168.0.20]", 2, 31)
    );
    assert_eq!(settings[2].key.value, ProjectKey::EnableDownloadPrivilege);
    assert_eq!(settings[2].value.value, "true");
}

#[test]
fn setproject_empty_values() {
    let StatementKind::SetProject(settings) =
        one("setproject odps.security.ip.whitelist= odps.security.vpc.whitelist= ;")
    else {
        panic!()
    };
    assert_eq!(settings.len(), 2);
    assert_eq!(settings[0].value, sp("", 1, 39));
    assert_eq!(settings[1].key.source, src(1, 40));
    assert_eq!(settings[1].value, sp("", 1, 68));
}

#[test]
fn setproject_errors() {
    assert_eq!(
        syntax("setproject odps.security.ip.whitelist= 1.2.3.4;"),
        "t.mcauth:1:40: expected `key=value`, found `1.2.3.4` (write a value right after its \
         `=`, without spaces)"
    );
    assert_eq!(
        syntax("setproject odps.security.ip.whitelist;"),
        "t.mcauth:1:12: expected `key=value`, found `odps.security.ip.whitelist`"
    );
    assert_eq!(
        syntax("setproject ;"),
        "t.mcauth:1:12: expected `key=value`, found end of statement"
    );
    assert_eq!(
        unsupported("setproject odps.sql.timezone=UTC;"),
        "t.mcauth:1:12: setproject key `odps.sql.timezone` is not supported: expected \
         odps.security.ip.whitelist, odps.security.vpc.whitelist or \
         odps.security.enabledownloadprivilege"
    );
}

// ---------------------------------------------------------------- rejected statements

#[test]
fn later_statements_are_unsupported_at_their_start() {
    for (text, words) in [
        ("purge privs from user RAM$o:bob", "purge privs from user"),
        (
            "add tenant role t1 to project p",
            "add tenant role ... to project",
        ),
        (
            "REMOVE TENANT ROLE t1 FROM PROJECT p",
            "remove tenant role ... from project",
        ),
    ] {
        let e = unsupported(&format!("use p;\n  {text};"));
        assert_eq!(
            e,
            format!("t.mcauth:2:3: `{words}` is not supported yet"),
            "{text}"
        );
    }
}

#[test]
fn query_statements_are_not_configuration() {
    for (text, word) in [
        ("show grants", "show"),
        ("list users", "list"),
        ("describe role r", "describe"),
        ("DESC role r", "desc"),
        ("get policy", "get policy"),
        ("whoami", "whoami"),
    ] {
        assert_eq!(
            syntax(&format!("\n{text};")),
            format!(
                "t.mcauth:2:1: query statement `{word}` is not configuration: run queries with \
                 `mcauth show`"
            )
        );
    }
}

#[test]
fn unknown_statements_and_trailing_tokens() {
    assert_eq!(
        syntax("use p;\n\n  -- next\n    frobnicate now;"),
        "t.mcauth:4:5: unknown statement `frobnicate`"
    );
    assert_eq!(
        syntax("'quoted';"),
        "t.mcauth:1:1: unknown statement `'quoted'`"
    );
    assert_eq!(syntax("use p q;"), "t.mcauth:1:7: expected `;`, found `q`");
    assert_eq!(
        syntax("create model m;"),
        "t.mcauth:1:8: expected `account`, `ram`, `project`, `table`, `view`, `function`, \
         `role`, `package`, `accesskey`, `service`, `dataworks` or `tenant`, found `model`"
    );
}

#[test]
fn lexical_errors() {
    assert_eq!(
        syntax("use p;\nuse q"),
        "t.mcauth:2:6: expected `;` at end of statement"
    );
    assert_eq!(
        syntax("use p;\ncreate ram user RAM$o:b display 'Bob;\nuse q;"),
        "t.mcauth:2:33: unterminated string: missing closing `'`"
    );
    assert_eq!(
        syntax("add user `RAM$o:role/x;"),
        "t.mcauth:1:10: unterminated string: missing closing backtick"
    );
    // A `;` or `--` inside quotes is text.
    assert_eq!(
        one("create ram user RAM$o:b display 'a;b -- c';"),
        StatementKind::CreateRamUser {
            name: sp("RAM$o:b", 1, 17),
            display: Some("a;b -- c".to_string()),
        }
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_eq!(
        syntax("create ram user RAM$o:b display '名字' x;"),
        "t.mcauth:1:38: expected `;`, found `x`"
    );
}

// ---------------------------------------------------------------- robustness

mod robustness {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "grant",
        "revoke",
        "on",
        "to",
        "from",
        "user",
        "role",
        "table",
        "project",
        "select",
        "all",
        "create",
        "drop",
        "view",
        "as",
        "function",
        "using",
        "add",
        "remove",
        "jar",
        "set",
        "setproject",
        "at",
        "use",
        "login",
        "purge",
        "privs",
        "privilegeproperties",
        "\"expires\"",
        "\"conditions\"",
        "\"policy\"",
        "\"refobject\"",
        "\"refproject\"",
        "\"package\"",
        "\"true\"",
        "install",
        "uninstall",
        "allow",
        "disallow",
        "delete",
        "trustedproject",
        "privileges",
        "exp",
        "using",
        "resource",
        "instance",
        "model",
        "p.pk",
        "*",
        "9",
        "10",
        "'2026-03-01T00:00:00Z'",
        "if",
        "not",
        "exists",
        "partitioned",
        "by",
        "comment",
        "lifecycle",
        "with",
        "exception",
        "package",
        "label",
        "tenant",
        "account",
        "ram",
        "uid",
        "owner",
        "status",
        "frozen",
        "alter",
        "accountprovider",
        "clear",
        "expired",
        "grants",
        "show",
        "t",
        "p.t",
        "tb_*",
        "RAM$o:bob",
        "`RAM$o:role/x`",
        "array",
        "map",
        "decimal",
        "bigint",
        "(",
        ")",
        ",",
        "=",
        "<",
        ">",
        ";",
        "'",
        "\"",
        "`",
        "--",
        "\n",
        "[",
        "]",
        "1",
        "odps.security.ip.whitelist=",
        "ProjectProtection",
        "true",
        "false",
        "表",
        "-f",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn never_panics_on_arbitrary_text(text in "\\PC*") {
            let _ = parse(FILE, &text);
        }

        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = parse(FILE, &String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn never_panics_on_keyword_soup(
            words in proptest::collection::vec(proptest::sample::select(WORDS), 0..40),
            seps in proptest::collection::vec(proptest::sample::select(&[" ", "", "\n", "  "][..]), 40),
        ) {
            let mut text = String::new();
            for (w, s) in words.iter().zip(seps.iter()) {
                text.push_str(w);
                text.push_str(s);
            }
            match parse(FILE, &text) {
                Ok(_) => {}
                Err(e) => {
                    let at = e.source_position().expect("parse errors name a position");
                    prop_assert!(at.line >= 1 && at.column >= 1);
                }
            }
        }
    }
}
