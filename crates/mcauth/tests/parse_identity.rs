//! The script parser's identity and tenant statements: AccessKeys, RAM roles, service-linked
//! roles, `attach|detach policy`, DataWorks development environments and tenant users, roles
//! and policies. Each form, its optional clauses, keyword case, and errors with their positions.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::parse::*;
use mcauth::location::Source;
use mcauth::script::statement::*;

const BOB: &str = "RAM$owner@example.com:bob";
const ETL: &str = "RAM$owner@example.com:role/etl";
const OWNER: &str = "ALIYUN$owner@example.com";

// ---------------------------------------------------------------- accesskeys

#[test]
fn create_accesskey_for_a_ram_user_or_an_account() {
    assert_eq!(
        one("create accesskey AK_BOB_1 for RAM$owner@example.com:bob;"),
        StatementKind::CreateAccessKey {
            id: sp("AK_BOB_1", 1, 18),
            owner: sp(BOB, 1, 31),
        }
    );
    assert_eq!(
        one("create accesskey LTAI5tAbC-x.9 for ALIYUN$owner@example.com;"),
        StatementKind::CreateAccessKey {
            id: sp("LTAI5tAbC-x.9", 1, 18),
            owner: sp(OWNER, 1, 36),
        }
    );
    // A backticked owner; the source of a backticked name is its opening backtick.
    assert_eq!(
        one("create accesskey ak1 for `RAM$owner@example.com:bob`;"),
        StatementKind::CreateAccessKey {
            id: sp("ak1", 1, 18),
            owner: sp(BOB, 1, 26),
        }
    );
}

#[test]
fn enable_disable_and_delete_accesskey() {
    for (text, change) in [
        ("enable accesskey AK_BOB_1;", KeyChange::Enable),
        ("disable accesskey AK_BOB_1;", KeyChange::Disable),
        ("delete accesskey AK_BOB_1;", KeyChange::Delete),
    ] {
        let column = text.find("AK_BOB_1").unwrap() as u32 + 1;
        assert_eq!(
            one(text),
            StatementKind::SetAccessKey {
                id: sp("AK_BOB_1", 1, column),
                change,
            },
            "{text}"
        );
    }
    // `delete package` is unchanged.
    assert_eq!(
        one("delete package pk;"),
        StatementKind::DropPackage(sp("pk", 1, 16))
    );
}

#[test]
fn accesskey_errors() {
    assert_eq!(
        syntax("create accesskey AK1 RAM$o:bob;"),
        "t.mcauth:1:22: expected `for`, found `RAM$o:bob`"
    );
    assert_eq!(
        syntax("create accesskey for RAM$o:bob;"),
        "t.mcauth:1:18: expected an AccessKey ID such as `AK_BOB_1`, found `for`"
    );
    assert_eq!(
        syntax("create accesskey AK1 for;"),
        "t.mcauth:1:25: expected an Alibaba Cloud account or RAM user such as \
         `ALIYUN$owner@example.com` or `RAM$owner@example.com:bob`, found end of statement"
    );
    assert_eq!(
        syntax("create accesskey 'AK1' for RAM$o:bob;"),
        "t.mcauth:1:18: expected an AccessKey ID such as `AK_BOB_1`, found `'AK1'`"
    );
    assert_eq!(
        syntax("create accesskey AK$1 for RAM$o:bob;"),
        "t.mcauth:1:18: invalid AccessKey ID `AK$1`: expected letters, digits, `_`, `-` and `.`"
    );
    assert_eq!(
        syntax("disable accesskey;"),
        "t.mcauth:1:18: expected an AccessKey ID such as `AK_BOB_1`, found end of statement"
    );
    assert_eq!(
        syntax("enable access AK1;"),
        "t.mcauth:1:8: expected `accesskey`, found `access`"
    );
    assert_eq!(
        syntax("delete accesskeys AK1;"),
        "t.mcauth:1:8: expected `package` or `accesskey`, found `accesskeys`"
    );
    assert_eq!(
        syntax("delete accesskey AK1 AK2;"),
        "t.mcauth:1:22: expected `;`, found `AK2`"
    );
}

// ---------------------------------------------------------------- RAM roles

#[test]
fn create_ram_role_with_and_without_max_session() {
    assert_eq!(
        one("create ram role `RAM$owner@example.com:role/etl` trust 'etl-trust.json';"),
        StatementKind::CreateRamRole {
            name: sp(ETL, 1, 17),
            trust: sp("etl-trust.json", 1, 56),
            max_session: None,
        }
    );
    assert_eq!(
        one(
            "create ram role `RAM$owner@example.com:role/etl` trust \"t.json\"\n  max session 3600;"
        ),
        StatementKind::CreateRamRole {
            name: sp(ETL, 1, 17),
            trust: sp("t.json", 1, 56),
            max_session: Some(Spanned::new(3600, src(2, 15))),
        }
    );
    // The range is the loader's business: 0 parses.
    let StatementKind::CreateRamRole { max_session, .. } =
        one("create ram role RAM$o:role/r trust 't.json' max session 0;")
    else {
        panic!()
    };
    assert_eq!(max_session.unwrap().value, 0);
    // `create ram user` is unchanged.
    assert!(matches!(
        one("create ram user RAM$o:bob;"),
        StatementKind::CreateRamUser { .. }
    ));
}

#[test]
fn create_ram_role_errors() {
    const SECONDS: &str = "expected a whole number of seconds for `max session`";
    for (text, column, found) in [
        ("... max session 1h;", 17, "`1h`"),
        ("... max session -1;", 17, "`-1`"),
        ("... max session 3.5;", 17, "`3.5`"),
        ("... max session '3600';", 17, "`'3600'`"),
        ("... max session;", 16, "end of statement"),
        (
            "... max session 99999999999999999999999;",
            17,
            "`99999999999999999999999`",
        ),
    ] {
        let prefix = "create ram role RAM$o:role/r trust 't.json'";
        let text = text.replacen("...", prefix, 1);
        let column = column + prefix.len() as u32 - 3;
        assert_eq!(
            syntax(&text),
            format!("t.mcauth:1:{column}: {SECONDS}, found {found}"),
            "{text}"
        );
    }
    assert_eq!(
        syntax("create ram role RAM$o:role/r trust 't.json' max 3600;"),
        "t.mcauth:1:49: expected `session`, found `3600`"
    );
    assert_eq!(
        syntax("create ram role RAM$o:role/r trust t.json;"),
        "t.mcauth:1:36: expected a quoted trust-policy file name such as `'etl-trust.json'`, \
         found `t.json`"
    );
    assert_eq!(
        syntax("create ram role RAM$o:role/r 't.json';"),
        "t.mcauth:1:30: expected `trust`, found `'t.json'`"
    );
    assert_eq!(
        syntax("create ram group g;"),
        "t.mcauth:1:12: expected `user` or `role`, found `group`"
    );
}

#[test]
fn create_service_linked_role() {
    assert_eq!(
        one(
            "create service linked role AliyunServiceRoleForMaxComputeLakehouse \
             for ALIYUN$owner@example.com;"
        ),
        StatementKind::CreateServiceLinkedRole {
            name: sp("AliyunServiceRoleForMaxComputeLakehouse", 1, 28),
            account: sp(OWNER, 1, 72),
        }
    );
    assert_eq!(
        syntax("create service role R for ALIYUN$o;"),
        "t.mcauth:1:16: expected `linked`, found `role`"
    );
    assert_eq!(
        syntax("create service linked role for ALIYUN$o;"),
        "t.mcauth:1:28: expected a service-linked role name such as \
         `AliyunServiceRoleForMaxComputeLakehouse`, found `for`"
    );
    assert_eq!(
        syntax("create service linked role R ALIYUN$o;"),
        "t.mcauth:1:30: expected `for`, found `ALIYUN$o`"
    );
}

// ---------------------------------------------------------------- attach and detach

#[test]
fn attach_a_system_policy_or_a_policy_file() {
    assert_eq!(
        one("attach policy AliyunMaxComputeFullAccess to ram user RAM$owner@example.com:bob;"),
        StatementKind::AttachPolicy {
            policy: PolicyName::System(sp("AliyunMaxComputeFullAccess", 1, 15)),
            target: RamTarget {
                role: false,
                name: sp(BOB, 1, 54),
            },
        }
    );
    assert_eq!(
        one("attach policy 'custom.json' to ram role `RAM$owner@example.com:role/etl`;"),
        StatementKind::AttachPolicy {
            policy: PolicyName::File(sp("custom.json", 1, 15)),
            target: RamTarget {
                role: true,
                name: sp(ETL, 1, 41),
            },
        }
    );
    // Double quotes make a file too; a quoted name is a file even if it looks like a system
    // policy, and a bare name with `-` is a system policy.
    assert_eq!(
        one("attach policy \"AliyunMaxComputeFullAccess\" to ram user RAM$o:bob;"),
        StatementKind::AttachPolicy {
            policy: PolicyName::File(sp("AliyunMaxComputeFullAccess", 1, 15)),
            target: RamTarget {
                role: false,
                name: sp("RAM$o:bob", 1, 56),
            },
        }
    );
    let StatementKind::AttachPolicy { policy, .. } =
        one("attach policy OSS-Administrator to ram user RAM$o:bob;")
    else {
        panic!()
    };
    assert_eq!(policy, PolicyName::System(sp("OSS-Administrator", 1, 15)));
}

#[test]
fn detach_a_system_policy_or_a_policy_file() {
    assert_eq!(
        one("detach policy AliyunMaxComputeFullAccess from ram user RAM$owner@example.com:bob;"),
        StatementKind::DetachPolicy {
            policy: PolicyName::System(sp("AliyunMaxComputeFullAccess", 1, 15)),
            target: RamTarget {
                role: false,
                name: sp(BOB, 1, 56),
            },
        }
    );
    assert_eq!(
        one("detach policy 'custom.json' from ram role RAM$o:role/etl;"),
        StatementKind::DetachPolicy {
            policy: PolicyName::File(sp("custom.json", 1, 15)),
            target: RamTarget {
                role: true,
                name: sp("RAM$o:role/etl", 1, 43),
            },
        }
    );
}

#[test]
fn attach_and_detach_errors() {
    assert_eq!(
        syntax("attach policy P ram user RAM$o:bob;"),
        "t.mcauth:1:17: expected `to`, found `ram`"
    );
    assert_eq!(
        syntax("attach policy P;"),
        "t.mcauth:1:16: expected `to`, found end of statement"
    );
    assert_eq!(
        syntax("detach policy P to ram user RAM$o:bob;"),
        "t.mcauth:1:17: expected `from`, found `to`"
    );
    assert_eq!(
        syntax("attach policy P to user RAM$o:bob;"),
        "t.mcauth:1:20: expected `ram`, found `user`"
    );
    assert_eq!(
        syntax("attach policy P to ram group g;"),
        "t.mcauth:1:24: expected `user` or `role`, found `group`"
    );
    assert_eq!(
        syntax("attach policy P to ram role;"),
        "t.mcauth:1:28: expected a RAM role such as `RAM$owner@example.com:role/etl` \
         (in backticks), found end of statement"
    );
    assert_eq!(
        syntax("attach P to ram user RAM$o:bob;"),
        "t.mcauth:1:8: expected `policy`, found `P`"
    );
    // A custom policy file is quoted; a bare name is a system policy's.
    assert_eq!(
        syntax("attach policy custom.json to ram user RAM$o:bob;"),
        "t.mcauth:1:15: expected a system policy name (letters, digits and `-`) or a quoted \
         policy file name, found `custom.json`: quote a custom policy file, as in \
         `'custom.json'`"
    );
    assert_eq!(
        syntax("attach policy `AliyunMaxComputeFullAccess` to ram user RAM$o:bob;"),
        "t.mcauth:1:15: expected a system policy name such as `AliyunMaxComputeFullAccess` or \
         a quoted policy file name such as `'custom.json'`, found `AliyunMaxComputeFullAccess`"
    );
    assert_eq!(
        syntax("attach policy to ram user RAM$o:bob;"),
        "t.mcauth:1:15: expected a system policy name such as `AliyunMaxComputeFullAccess` or \
         a quoted policy file name such as `'custom.json'`, found `to`"
    );
    assert_eq!(
        syntax("detach policy from ram user RAM$o:bob;"),
        "t.mcauth:1:15: expected a system policy name such as `AliyunMaxComputeFullAccess` or \
         a quoted policy file name such as `'custom.json'`, found `from`"
    );
    let long = "P".repeat(129);
    assert_eq!(
        syntax(&format!("attach policy {long} to ram user RAM$o:bob;")),
        format!(
            "t.mcauth:1:15: policy name `{}...` is longer than 128 characters",
            "P".repeat(40)
        )
    );
}

// ---------------------------------------------------------------- DataWorks environments

#[test]
fn create_dataworks_environment_with_its_optional_clauses() {
    let base = "create dataworks environment dev_bob for RAM$owner@example.com:bob";
    let after = base.len() as u32 + 2;
    let env = |public: Option<Source>, role: Option<Spanned<String>>| {
        StatementKind::CreateDevEnvironment {
            name: sp("dev_bob", 1, 30),
            owner: sp(BOB, 1, 42),
            public,
            role: role.map(EnvironmentRoleClause::Custom),
        }
    };
    assert_eq!(one(&format!("{base};")), env(None, None));
    assert_eq!(
        one(&format!("{base} public;")),
        env(Some(src(1, after)), None)
    );
    assert_eq!(
        one(&format!("{base} role `RAM$owner@example.com:role/dw`;")),
        env(
            None,
            Some(sp("RAM$owner@example.com:role/dw", 1, after + 5))
        )
    );
    assert_eq!(
        one(&format!("{base} public role RAM$o:role/dw;")),
        env(
            Some(src(1, after)),
            Some(sp("RAM$o:role/dw", 1, after + 12))
        )
    );
    assert_eq!(
        one(&format!("{base} role RAM$o:role/dw public;")),
        env(
            Some(src(1, after + 19)),
            Some(sp("RAM$o:role/dw", 1, after + 5))
        )
    );
}

/// `default role` associates the DataWorks default role (seed 004, semantics I16); it is a role
/// clause like `role <RAM role>`, so it combines with `public` (a public environment with a role
/// loads; `mcauth lint` reports it).
#[test]
fn create_dataworks_environment_with_the_default_role() {
    let base = "create dataworks environment dev_bob for RAM$owner@example.com:bob";
    let after = base.len() as u32 + 2;
    let env = |public: Option<Source>, default_at: u32| StatementKind::CreateDevEnvironment {
        name: sp("dev_bob", 1, 30),
        owner: sp(BOB, 1, 42),
        public,
        role: Some(EnvironmentRoleClause::Default(src(1, default_at))),
    };
    assert_eq!(one(&format!("{base} default role;")), env(None, after));
    assert_eq!(
        one(&format!("{base}   Default  Role ;")),
        env(None, after + 2)
    );
    assert_eq!(
        one(&format!("{base} public default role;")),
        env(Some(src(1, after)), after + 7)
    );
    assert_eq!(
        one(&format!("{base} default role public;")),
        env(Some(src(1, after + 13)), after)
    );
}

#[test]
fn create_dataworks_environment_errors() {
    const ONE_ROLE: &str =
        "an individual development environment supports only one associated RAM role (docs/semantics.md I14)";
    let base = "create dataworks environment dev for RAM$o:bob";
    let after = base.len() as u32 + 2;
    assert_eq!(
        syntax(&format!("{base} role RAM$o:role/a role RAM$o:role/b;")),
        format!("t.mcauth:1:{}: {ONE_ROLE}", after + 18)
    );
    assert_eq!(
        syntax(&format!(
            "{base} role RAM$o:role/a public role RAM$o:role/b;"
        )),
        format!("t.mcauth:1:{}: {ONE_ROLE}", after + 25)
    );
    assert_eq!(
        syntax(&format!("{base} role RAM$o:role/a, RAM$o:role/b;")),
        format!("t.mcauth:1:{}: {ONE_ROLE}", after + 17)
    );
    assert_eq!(
        syntax(&format!("{base} role RAM$o:role/a default role;")),
        format!("t.mcauth:1:{}: {ONE_ROLE}", after + 18)
    );
    assert_eq!(
        syntax(&format!("{base} default role role RAM$o:role/a;")),
        format!("t.mcauth:1:{}: {ONE_ROLE}", after + 13)
    );
    assert_eq!(
        syntax(&format!("{base} default role public default role;")),
        format!("t.mcauth:1:{}: {ONE_ROLE}", after + 20)
    );
    assert_eq!(
        syntax(&format!("{base} default role, RAM$o:role/b;")),
        format!("t.mcauth:1:{}: {ONE_ROLE}", after + 12)
    );
    assert_eq!(
        syntax(&format!("{base} default;")),
        format!(
            "t.mcauth:1:{}: expected `role`, found end of statement",
            after + 7
        )
    );
    assert_eq!(
        syntax(&format!("{base} default roles;")),
        format!("t.mcauth:1:{}: expected `role`, found `roles`", after + 8)
    );
    assert_eq!(
        syntax(&format!("{base} default role private;")),
        format!(
            "t.mcauth:1:{}: expected `public` or `;`, found `private`",
            after + 13
        )
    );
    assert_eq!(
        syntax(&format!("{base} public public;")),
        format!("t.mcauth:1:{}: `public` is given twice", after + 7)
    );
    assert_eq!(
        syntax(&format!("{base} private;")),
        format!(
            "t.mcauth:1:{after}: expected `public`, `role`, `default role` or `;`, found \
             `private`"
        )
    );
    assert_eq!(
        syntax(&format!("{base} public private;")),
        format!(
            "t.mcauth:1:{}: expected `role`, `default role` or `;`, found `private`",
            after + 7
        )
    );
    assert_eq!(
        syntax(&format!("{base} role;")),
        format!(
            "t.mcauth:1:{}: expected a RAM role such as `RAM$owner@example.com:role/etl` \
             (in backticks), found end of statement",
            after + 4
        )
    );
    assert_eq!(
        syntax("create dataworks env dev for RAM$o:bob;"),
        "t.mcauth:1:18: expected `environment`, found `env`"
    );
    assert_eq!(
        syntax("create dataworks environment dev RAM$o:bob;"),
        "t.mcauth:1:34: expected `for`, found `RAM$o:bob`"
    );
    assert_eq!(
        syntax("create dataworks environment for RAM$o:bob;"),
        "t.mcauth:1:30: expected an environment name, found `for`"
    );
}

// ---------------------------------------------------------------- tenant statements

#[test]
fn tenant_users_and_roles() {
    assert_eq!(
        one("add tenant user RAM$owner@example.com:bob;"),
        StatementKind::AddTenantUser(sp(BOB, 1, 17))
    );
    assert_eq!(
        one("remove tenant user RAM$owner@example.com:bob;"),
        StatementKind::RemoveTenantUser(sp(BOB, 1, 20))
    );
    assert_eq!(
        one("create tenant role quota_admin;"),
        StatementKind::CreateTenantRole(sp("quota_admin", 1, 20))
    );
    assert_eq!(
        one("drop tenant role quota_admin;"),
        StatementKind::DropTenantRole(sp("quota_admin", 1, 18))
    );
    assert_eq!(
        one("grant tenant role quota_admin to user RAM$owner@example.com:bob;"),
        StatementKind::GrantTenantRole {
            role: sp("quota_admin", 1, 19),
            user: sp(BOB, 1, 39),
        }
    );
    assert_eq!(
        one("revoke tenant role quota_admin from user `RAM$owner@example.com:bob`;"),
        StatementKind::RevokeTenantRole {
            role: sp("quota_admin", 1, 20),
            user: sp(BOB, 1, 42),
        }
    );
}

#[test]
fn put_policy_on_a_tenant_role() {
    assert_eq!(
        one("put policy 'quota.json' on tenant role quota_admin;"),
        StatementKind::PutTenantPolicy {
            file: sp("quota.json", 1, 12),
            role: sp("quota_admin", 1, 40),
        }
    );
    assert_eq!(
        one("put policy quota.json on tenant role quota_admin;"),
        StatementKind::PutTenantPolicy {
            file: sp("quota.json", 1, 12),
            role: sp("quota_admin", 1, 38),
        }
    );
    // The project forms are unchanged.
    assert_eq!(
        one("put policy 'p.json' on role r;"),
        StatementKind::PutPolicy {
            file: sp("p.json", 1, 12),
            role: Some(sp("r", 1, 29)),
        }
    );
    assert_eq!(
        one("put policy p.json;"),
        StatementKind::PutPolicy {
            file: sp("p.json", 1, 12),
            role: None,
        }
    );
}

#[test]
fn a_project_role_named_tenant_is_still_a_project_role() {
    assert_eq!(
        one("grant tenant to RAM$o:bob;"),
        StatementKind::GrantRoles {
            roles: vec![sp("tenant", 1, 7)],
            principal: sp("RAM$o:bob", 1, 17),
        }
    );
    assert_eq!(
        one("revoke tenant, r2 from RAM$o:bob;"),
        StatementKind::RevokeRoles {
            roles: vec![sp("tenant", 1, 8), sp("r2", 1, 16)],
            principal: sp("RAM$o:bob", 1, 24),
        }
    );
    assert!(matches!(
        one("drop role tenant;"),
        StatementKind::DropRole(_)
    ));
}

#[test]
fn tenant_errors() {
    assert_eq!(
        syntax("grant tenant role t1 to RAM$o:bob;"),
        "t.mcauth:1:25: expected `user`, found `RAM$o:bob`"
    );
    assert_eq!(
        syntax("revoke tenant role t1 to user RAM$o:bob;"),
        "t.mcauth:1:23: expected `from`, found `to`"
    );
    assert_eq!(
        syntax("grant tenant user t1 to user RAM$o:bob;"),
        "t.mcauth:1:14: expected `role`, found `user`"
    );
    assert_eq!(
        syntax("create tenant user RAM$o:bob;"),
        "t.mcauth:1:15: expected `role`, found `user`"
    );
    assert_eq!(
        syntax("drop tenant t1;"),
        "t.mcauth:1:13: expected `role`, found `t1`"
    );
    assert_eq!(
        syntax("add tenant users RAM$o:bob;"),
        "t.mcauth:1:12: expected `user`, found `users`"
    );
    assert_eq!(
        syntax("remove tenant user;"),
        "t.mcauth:1:19: expected a principal such as `RAM$owner@example.com:bob`, found end of \
         statement"
    );
    assert_eq!(
        syntax("create tenant role;"),
        "t.mcauth:1:19: expected a tenant role name, found end of statement"
    );
    assert_eq!(
        syntax("put policy on tenant role r;"),
        "t.mcauth:1:12: expected a policy file name, found `on`"
    );
    assert_eq!(
        syntax("put policy 'q.json' on tenant r;"),
        "t.mcauth:1:31: expected `role`, found `r`"
    );
    assert_eq!(
        syntax("put policy 'q.json' on tenant role r extra;"),
        "t.mcauth:1:38: expected `;`, found `extra`"
    );
}

// ---------------------------------------------------------------- case and rejected forms

#[test]
fn keywords_are_case_insensitive_and_names_keep_their_case() {
    assert_eq!(
        one("CREATE AccessKey Ak_Bob_1 FOR RAM$o:Bob;"),
        StatementKind::CreateAccessKey {
            id: sp("Ak_Bob_1", 1, 18),
            owner: sp("RAM$o:Bob", 1, 31),
        }
    );
    assert_eq!(
        one("DISABLE ACCESSKEY Ak1;"),
        StatementKind::SetAccessKey {
            id: sp("Ak1", 1, 19),
            change: KeyChange::Disable,
        }
    );
    assert_eq!(
        one("Create RAM Role RAM$o:role/Etl TRUST 't.json' MAX SESSION 900;"),
        StatementKind::CreateRamRole {
            name: sp("RAM$o:role/Etl", 1, 17),
            trust: sp("t.json", 1, 38),
            max_session: Some(Spanned::new(900, src(1, 59))),
        }
    );
    assert_eq!(
        one("CREATE SERVICE LINKED ROLE X FOR ALIYUN$o;"),
        StatementKind::CreateServiceLinkedRole {
            name: sp("X", 1, 28),
            account: sp("ALIYUN$o", 1, 34),
        }
    );
    assert_eq!(
        one("ATTACH POLICY P TO RAM ROLE RAM$o:role/r;"),
        StatementKind::AttachPolicy {
            policy: PolicyName::System(sp("P", 1, 15)),
            target: RamTarget {
                role: true,
                name: sp("RAM$o:role/r", 1, 29),
            },
        }
    );
    assert_eq!(
        one("Detach Policy 'f.json' From Ram User RAM$o:bob;"),
        StatementKind::DetachPolicy {
            policy: PolicyName::File(sp("f.json", 1, 15)),
            target: RamTarget {
                role: false,
                name: sp("RAM$o:bob", 1, 38),
            },
        }
    );
    assert_eq!(
        one("CREATE DATAWORKS ENVIRONMENT Dev FOR RAM$o:bob ROLE RAM$o:role/r PUBLIC;"),
        StatementKind::CreateDevEnvironment {
            name: sp("Dev", 1, 30),
            owner: sp("RAM$o:bob", 1, 38),
            public: Some(src(1, 66)),
            role: Some(EnvironmentRoleClause::Custom(sp("RAM$o:role/r", 1, 53))),
        }
    );
    assert_eq!(
        one("CREATE DATAWORKS ENVIRONMENT Dev FOR RAM$o:bob DEFAULT ROLE;"),
        StatementKind::CreateDevEnvironment {
            name: sp("Dev", 1, 30),
            owner: sp("RAM$o:bob", 1, 38),
            public: None,
            role: Some(EnvironmentRoleClause::Default(src(1, 48))),
        }
    );
    assert_eq!(
        one("ADD TENANT USER RAM$o:bob;"),
        StatementKind::AddTenantUser(sp("RAM$o:bob", 1, 17))
    );
    assert_eq!(
        one("GRANT TENANT ROLE Quota TO USER RAM$o:bob;"),
        StatementKind::GrantTenantRole {
            role: sp("Quota", 1, 19),
            user: sp("RAM$o:bob", 1, 33),
        }
    );
    assert_eq!(
        one("PUT POLICY 'q.json' ON TENANT ROLE Quota;"),
        StatementKind::PutTenantPolicy {
            file: sp("q.json", 1, 12),
            role: sp("Quota", 1, 36),
        }
    );
}

#[test]
fn tenant_roles_in_projects_and_purging_users_are_not_supported_yet() {
    for (text, words) in [
        (
            "add tenant role t1 to project p",
            "add tenant role ... to project",
        ),
        (
            "REMOVE TENANT ROLE t1 FROM PROJECT p",
            "remove tenant role ... from project",
        ),
        ("purge privs from user RAM$o:bob", "purge privs from user"),
    ] {
        assert_eq!(
            unsupported(&format!("use p;\n  {text};")),
            format!("t.mcauth:2:3: `{words}` is not supported yet"),
            "{text}"
        );
    }
}

#[test]
fn unknown_words_after_create_list_the_new_statements() {
    assert_eq!(
        syntax("create frob x;"),
        "t.mcauth:1:8: expected `account`, `ram`, `project`, `table`, `view`, `function`, \
         `role`, `package`, `accesskey`, `service`, `dataworks` or `tenant`, found `frob`"
    );
    assert_eq!(
        syntax("drop frob x;"),
        "t.mcauth:1:6: expected `table`, `view`, `function`, `resource`, `role`, `package` or \
         `tenant`, found `frob`"
    );
}
