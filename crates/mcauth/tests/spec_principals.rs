//! The worked examples of `spec/principals-labels-packages.md` §10 that this version can
//! express: E1 (RAM account provider), E2 (removed users keep their grants), E3 (drop role,
//! purge, re-create), E5 (admin limits), E13 (ProjectProtection), E16 (IP whitelist), E17
//! (frozen project), E19 (name forms), E20 (cross-account RAM user); and the five pipeline
//! stages (design §1).
//!
//! Skipped: E4 (role policy), E6–E12 and E14–E15 (labels, packages, exception policies), E18
//! (view owner rights need `revoke` of a view owner's Select, not in the spec's scope here),
//! E21 (tenant roles); and within examples: `list accountproviders` (E1, no query statements),
//! `create package` / `install package` / `grant label` (E5), `add trustedproject` /
//! `list trustedprojects` (E13), the 5-minute whitelist delay (E16), billing timelines (E17).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;
use mcauth::{Engine, Request, Stage, StageOutcome};
use serde_json::json;

// ------------------------------------------------------------------------------------- E1

const BOB_ACCOUNT: &str = "ALIYUN$bob@aliyun.com";
const ALLEN: &str = "RAM$bob@aliyun.com:allen";

#[test]
fn plp_e1_ram_principals_need_the_ram_account_provider() {
    let stmt = "grant CreateInstance on project P to user RAM$bob@aliyun.com:allen;";
    let script = lines(&[
        "create project P owner ALIYUN$bob@aliyun.com;",
        "use P;",
        stmt,
    ]);
    assert_rejected(
        "plp E1: grant to a RAM user before add accountprovider ram",
        "plp_e1a.mcauth",
        &script,
        stmt,
        "lack of account provider, principalName",
    );
    let stmt = "add user RAM$bob@aliyun.com:allen;";
    let script = lines(&[
        "create project P owner ALIYUN$bob@aliyun.com;",
        "use P;",
        stmt,
    ]);
    assert_rejected(
        "plp E1: add user of a RAM user before add accountprovider ram",
        "plp_e1b.mcauth",
        &script,
        stmt,
        "lack of account provider",
    );
}

const PLP_E1: &str = "\
create project P owner ALIYUN$bob@aliyun.com;
create project Q owner ALIYUN$bob@aliyun.com;
use P;
add user ALIYUN$carol@aliyun.com;
add accountprovider ram;
add user RAM$bob@aliyun.com:allen;
";

#[test]
fn plp_e1_after_add_accountprovider_ram_allen_is_a_user_without_permissions() {
    run(
        "plp_e1c.mcauth",
        PLP_E1,
        &[
            deny_permission(
                "plp E1: allen is added but still has no permissions",
                on_project(ALLEN, "P", "CreateInstance"),
                "4019",
            ),
            deny_permission(
                "plp E1: allen cannot list either",
                on_project(ALLEN, "P", "List"),
                "4019",
            ),
            allow(
                "plp E1: the owner (an ALIYUN account) is unaffected",
                on_project(BOB_ACCOUNT, "P", "CreateInstance"),
            ),
            deny(
                "plp E1: a RAM user calling a project without the RAM provider",
                on_project(ALLEN, "Q", "CreateInstance"),
                Stage::Authentication,
                Some("lack_of_account_provider"),
            )
            .detail("lack of account provider"),
        ],
    );
}

#[test]
fn plp_e1_remove_accountprovider_ram_fails_ram_members_at_authentication() {
    let script = format!(
        "{PLP_E1}grant CreateInstance on project P to user {ALLEN};\nremove accountprovider ram;\n"
    );
    run(
        "plp_e1d.mcauth",
        &script,
        &[
            deny(
                "plp E1 (§1.2 recommended): RAM member after remove accountprovider ram",
                on_project(ALLEN, "P", "CreateInstance"),
                Stage::Authentication,
                Some("lack_of_account_provider"),
            )
            .detail("plp_e1d.mcauth:8:1"),
            allow(
                "plp E1: ALIYUN accounts are unaffected by the RAM provider",
                on_project(BOB_ACCOUNT, "P", "CreateInstance"),
            ),
        ],
    );
}

#[test]
fn plp_e1_only_the_owner_manages_account_providers() {
    let stmt = "add accountprovider ram;";
    let script = lines(&[
        "create project P owner ALIYUN$bob@aliyun.com;",
        "use P;",
        "add user ALIYUN$carol@aliyun.com;",
        "grant super_administrator to ALIYUN$carol@aliyun.com;",
        "login ALIYUN$carol@aliyun.com;",
        stmt,
    ]);
    assert_rejected(
        "plp E1 (§1.2): super_administrator may not add an account provider",
        "plp_e1e.mcauth",
        &script,
        stmt,
        "may not",
    );
}

// ------------------------------------------------------------------------------------- E2

const PLP_E2: &str = "\
create project P owner ALIYUN$bob;
use P;
add accountprovider ram;
create table t (id bigint);
add user RAM$bob:allen;
grant CreateInstance on project P to user RAM$bob:allen;
grant Select on table t to user RAM$bob:allen;
";

const BOB_ALLEN: &str = "RAM$bob:allen";

#[test]
fn plp_e2_removed_users_keep_their_grants() {
    let select = || on_object(BOB_ALLEN, "P", "Select", "table", "t");
    run(
        "plp_e2a.mcauth",
        PLP_E2,
        &[allow("plp E2: allen reads t before removal", select())],
    );
    let removed = format!("{PLP_E2}remove user RAM$bob:allen;\n");
    run(
        "plp_e2b.mcauth",
        &removed,
        &[
            deny(
                "plp E2: after remove user, allen can no longer access t",
                select(),
                Stage::Membership,
                Some("0420095"),
            )
            .detail("plp_e2b.mcauth:8:1"),
            deny(
                "plp E2: after remove user, allen can no longer run anything in P",
                on_project(BOB_ALLEN, "P", "CreateInstance"),
                Stage::Membership,
                Some("0420095"),
            ),
        ],
    );
    let readded = format!("{removed}add user RAM$bob:allen;\n");
    run(
        "plp_e2c.mcauth",
        &readded,
        &[
            allow(
                "plp E2: after add user again, allen's Select on t is restored",
                select(),
            )
            .detail("plp_e2c.mcauth:7:1"),
            allow(
                "plp E2: after add user again, CreateInstance is restored",
                on_project(BOB_ALLEN, "P", "CreateInstance"),
            )
            .detail("plp_e2c.mcauth:6:1"),
        ],
    );
}

#[test]
fn plp_e2_a_user_holding_a_role_cannot_be_removed() {
    let stmt = "remove user RAM$bob:allen;";
    let script = format!("{PLP_E2}create role worker;\ngrant worker to RAM$bob:allen;\n{stmt}\n");
    assert_rejected(
        "plp E2 variant: remove user while the user holds a role",
        "plp_e2d.mcauth",
        &script,
        stmt,
        "revoke",
    );
    let ok = format!(
        "{PLP_E2}create role worker;\ngrant worker to RAM$bob:allen;\nrevoke worker from RAM$bob:allen;\n{stmt}\n"
    );
    run(
        "plp_e2e.mcauth",
        &ok,
        &[deny(
            "plp E2 variant: revoke the role first, then remove user",
            on_project(BOB_ALLEN, "P", "CreateInstance"),
            Stage::Membership,
            Some("0420095"),
        )],
    );
}

// ------------------------------------------------------------------------------------- E3

const PLP_E3: &str = "\
create project P owner ALIYUN$bob;
use P;
add accountprovider ram;
create table t (id bigint);
add user RAM$bob:allen;
add user RAM$bob:carol;
grant CreateInstance on project P to user RAM$bob:allen;
grant CreateInstance on project P to user RAM$bob:carol;
create role worker;
grant Select on table t to role worker;
grant worker to RAM$bob:allen;
";

const BOB_CAROL: &str = "RAM$bob:carol";

#[test]
fn plp_e3_drop_role_refused_while_assigned() {
    let stmt = "drop role worker;";
    assert_rejected(
        "plp E3: drop role while assigned to a user",
        "plp_e3a.mcauth",
        &format!("{PLP_E3}{stmt}\n"),
        stmt,
        "still assigned",
    );
}

#[test]
fn plp_e3_purge_refused_while_the_role_exists() {
    let stmt = "purge privs from role worker2;";
    assert_rejected(
        "plp E3: purge privs from an existing role",
        "plp_e3b.mcauth",
        &format!("{PLP_E3}create role worker2;\n{stmt}\n"),
        stmt,
        "role `worker2` still exists in project `P`",
    );
}

#[test]
fn plp_e3_a_recreated_role_inherits_the_dropped_roles_grants() {
    let script = format!(
        "{PLP_E3}revoke worker from RAM$bob:allen;\ndrop role worker;\ncreate role worker;\ngrant worker to RAM$bob:carol;\n"
    );
    run(
        "plp_e3c.mcauth",
        &script,
        &[
            allow(
                "plp E3: the NEW worker role inherits the old Select on t",
                on_object(BOB_CAROL, "P", "Select", "table", "t"),
            )
            .detail("plp_e3c.mcauth:10:1"),
            deny_permission(
                "plp E3: allen lost worker with the revoke",
                on_object(BOB_ALLEN, "P", "Select", "table", "t"),
                "4019",
            ),
        ],
    );
}

#[test]
fn plp_e3_drop_purge_create_gives_a_role_with_nothing() {
    let script = format!(
        "{PLP_E3}revoke worker from RAM$bob:allen;\ndrop role worker;\npurge privs from role worker;\ncreate role worker;\ngrant worker to RAM$bob:carol;\n"
    );
    run(
        "plp_e3d.mcauth",
        &script,
        &[deny_permission(
            "plp E3: drop, purge, create: the new role has nothing",
            on_object(BOB_CAROL, "P", "Select", "table", "t"),
            "4019",
        )],
    );
}

#[test]
fn plp_e3_admin_may_drop_and_purge_a_role() {
    let script = format!(
        "{PLP_E3}add user RAM$bob:adm;\ngrant admin to RAM$bob:adm;\nlogin RAM$bob:adm;\n\
         revoke worker from RAM$bob:allen;\ndrop role worker;\npurge privs from role worker;\n\
         create role worker;\ngrant worker to RAM$bob:carol;\n"
    );
    run(
        "plp_e3e.mcauth",
        &script,
        &[deny_permission(
            "plp E3 (§2.3): purge by admin: the re-created role has nothing",
            on_object(BOB_CAROL, "P", "Select", "table", "t"),
            "4019",
        )],
    );
}

#[test]
fn plp_e3_built_in_roles_cannot_be_dropped() {
    for stmt in ["drop role admin;", "drop role super_administrator;"] {
        assert_rejected(
            "plp E3 (§2.2 engine rule): built-in roles are immutable",
            "plp_e3f.mcauth",
            &format!("{PLP_E3}{stmt}\n"),
            stmt,
            "built-in",
        );
    }
}

// ------------------------------------------------------------------------------------- E5

const PLP_E5: &str = "\
create project P owner ALIYUN$bob@aliyun.com;
use P;
add accountprovider ram;
add user RAM$bob@aliyun.com:allen;
add user RAM$bob@aliyun.com:sam;
grant admin to RAM$bob@aliyun.com:allen;
grant super_administrator to RAM$bob@aliyun.com:sam;
create table t (id bigint);
create role worker;
login RAM$bob@aliyun.com:allen;
add user RAM$bob@aliyun.com:carol;
grant worker to RAM$bob@aliyun.com:carol;
";

const CAROL: &str = "RAM$bob@aliyun.com:carol";
const SAM: &str = "RAM$bob@aliyun.com:sam";

#[test]
fn plp_e5_admin_may_add_users_and_grant_custom_roles() {
    run(
        "plp_e5a.mcauth",
        PLP_E5,
        &[
            deny_permission(
                "plp E5: carol, added by admin allen, is a member (no permissions yet)",
                on_project(CAROL, "P", "CreateInstance"),
                "4019",
            ),
            allow(
                "plp E5: admin allen may AddUser",
                on_project(ALLEN, "P", "AddUser"),
            ),
            allow(
                "plp E5: admin allen may GrantRole",
                on_project(ALLEN, "P", "GrantRole"),
            ),
            deny_permission(
                "plp E5: admin allen may not SetSecurityConfiguration",
                on_project(ALLEN, "P", "SetSecurityConfiguration"),
                "4019",
            ),
            allow(
                "plp E5: admin has all resource operation permissions",
                on_object(ALLEN, "P", "Select", "table", "t"),
            ),
        ],
    );
}

#[test]
fn plp_e5_admin_may_not_grant_admin_or_change_security() {
    for (name, stmt, fragment) in [
        (
            "plp E5: as allen: grant admin to carol is denied",
            "grant admin to RAM$bob@aliyun.com:carol;",
            "only the project owner",
        ),
        (
            "plp E5 (§2.2): as allen: grant super_administrator is denied",
            "grant super_administrator to RAM$bob@aliyun.com:carol;",
            "may not",
        ),
        (
            "plp E5: as allen: set ProjectProtection=true is denied",
            "set ProjectProtection=true;",
            "may not",
        ),
        (
            "plp E5 (§2.2): as allen: set CheckPermissionUsingACL is denied",
            "set CheckPermissionUsingACL=false;",
            "may not",
        ),
        (
            "plp E5 (§6): as allen: setproject whitelist is denied",
            "setproject odps.security.ip.whitelist=10.0.0.0/8;",
            "may not",
        ),
    ] {
        assert_rejected(
            name,
            "plp_e5b.mcauth",
            &format!("{PLP_E5}{stmt}\n"),
            stmt,
            fragment,
        );
    }
}

#[test]
fn plp_e5_admin_grants_acl_only_to_ram_users_of_its_account() {
    let script = format!("{PLP_E5}grant Describe on table t to user RAM$bob@aliyun.com:carol;\n");
    run(
        "plp_e5e.mcauth",
        &script,
        &[allow(
            "plp E5 (acl §7): admin allen grants an ACL permission (GrantPrivs)",
            on_object(CAROL, "P", "Describe", "table", "t"),
        )
        .detail("plp_e5e.mcauth:13:1")],
    );
    let stmt = "grant Describe on table t to user ALIYUN$dora@aliyun.com;";
    let script = PLP_E5.replace(
        "login RAM$bob@aliyun.com:allen;",
        "add user ALIYUN$dora@aliyun.com;\nlogin RAM$bob@aliyun.com:allen;",
    );
    assert_rejected(
        "plp E5 (acl §1.1): a RAM user grants only to RAM users of its own account",
        "plp_e5f.mcauth",
        &format!("{script}{stmt}\n"),
        stmt,
        "RAM users of its own account",
    );
}

#[test]
fn plp_e5_super_administrator_grants_super_administrator_but_not_admin() {
    let script = format!(
        "{PLP_E5}login RAM$bob@aliyun.com:sam;\ngrant super_administrator to RAM$bob@aliyun.com:carol;\n"
    );
    run(
        "plp_e5c.mcauth",
        &script,
        &[
            allow(
                "plp E5 (§2.2): carol, made super_administrator by sam, sets security",
                on_project(CAROL, "P", "SetSecurityConfiguration"),
            ),
            allow(
                "plp E5 (§2.2): super_administrator sam may SetSecurityConfiguration",
                on_project(SAM, "P", "SetSecurityConfiguration"),
            ),
        ],
    );
    let stmt = "grant admin to RAM$bob@aliyun.com:carol;";
    assert_rejected(
        "plp E5 (§2.2): granting admin is owner-only, even for super_administrator",
        "plp_e5d.mcauth",
        &format!("{PLP_E5}login RAM$bob@aliyun.com:sam;\n{stmt}\n"),
        stmt,
        "only the project owner",
    );
}

// ------------------------------------------------------------------------------------ E13

const PLP_E13: &str = "\
create project project1 owner ALIYUN$owner1@aliyun.com;
create project project2 owner ALIYUN$owner2@aliyun.com;
use project1;
add user ALIYUN$alice@aliyun.com;
add user ALIYUN$bob@aliyun.com;
add user ALIYUN$sa@aliyun.com;
grant super_administrator to ALIYUN$sa@aliyun.com;
create table table1 (id bigint);
grant Select on table table1 to user ALIYUN$alice@aliyun.com;
grant CreateInstance on project project1 to user ALIYUN$alice@aliyun.com;
grant CreateInstance on project project1 to user ALIYUN$bob@aliyun.com;
use project2;
add user ALIYUN$alice@aliyun.com;
add user ALIYUN$bob@aliyun.com;
grant CreateTable, CreateInstance on project project2 to user ALIYUN$alice@aliyun.com;
grant CreateTable, CreateInstance on project project2 to user ALIYUN$bob@aliyun.com;
";

const ALICE: &str = "ALIYUN$alice@aliyun.com";

#[test]
fn plp_e13_protection_off_allows_the_cross_project_read() {
    run(
        "plp_e13a.mcauth",
        PLP_E13,
        &[
            allow(
                "plp E13: CTAS project2.table2 from project1.table1, protection off: the read",
                cross(ALICE, "project2", "Select", "project1", "table", "table1"),
            ),
            allow(
                "plp E13: CTAS project2.table2, protection off: the create",
                on_project(ALICE, "project2", "CreateTable"),
            ),
            allow(
                "plp E13: protection off: Tunnel download of project1.table1",
                on_object(ALICE, "project1", "Download", "table", "table1"),
            ),
        ],
    );
}

#[test]
fn plp_e13_protection_on_refuses_outflow_with_4021() {
    let script = format!("{PLP_E13}use project1;\nset ProjectProtection=true;\n");
    run(
        "plp_e13b.mcauth",
        &script,
        &[
            deny_permission(
                "plp E13: CTAS from protected project1 into project2 fails",
                cross(ALICE, "project2", "Select", "project1", "table", "table1"),
                "4021",
            )
            .detail("project 'project1' is protected"),
            allow(
                "plp E13: select count(*) run in project1 is allowed (flow control, not access)",
                on_object(ALICE, "project1", "Select", "table", "table1"),
            ),
            deny_permission(
                "plp E13: Tunnel download out of protected project1",
                on_object(ALICE, "project1", "Download", "table", "table1"),
                "4021",
            ),
            deny_permission(
                "plp E13 (§5): protection grants nothing: bob without Select is refused 4019",
                on_object(
                    "ALIYUN$bob@aliyun.com",
                    "project1",
                    "Select",
                    "table",
                    "table1",
                ),
                "4019",
            ),
            deny_permission(
                "plp E13 (§0, acl §11.2 step 4): the owner is not exempt from protection",
                on_object(
                    "ALIYUN$owner1@aliyun.com",
                    "project1",
                    "Download",
                    "table",
                    "table1",
                ),
                "4021",
            ),
            allow(
                "plp E13: creating a table in project2 is still allowed",
                on_project(ALICE, "project2", "CreateTable"),
            ),
        ],
    );
}

#[test]
fn plp_e13_super_administrator_may_set_project_protection() {
    let script = format!(
        "{PLP_E13}use project1;\nlogin ALIYUN$sa@aliyun.com;\nset ProjectProtection=true;\n"
    );
    run(
        "plp_e13c.mcauth",
        &script,
        &[deny_permission(
            "plp E13: ProjectProtection set by super_administrator",
            cross(ALICE, "project2", "Select", "project1", "table", "table1"),
            "4021",
        )],
    );
}

// ------------------------------------------------------------------------------------ E16

const PLP_E16: &str = "\
create project p owner ALIYUN$owner@aliyun.com;
use p;
add user ALIYUN$u@aliyun.com;
grant CreateInstance on project p to user ALIYUN$u@aliyun.com;
setproject odps.security.ip.whitelist=101.132.236.134,100.116.0.0/16,101.132.236.134-101.132.236.144;
";

const U: &str = "ALIYUN$u@aliyun.com";

fn job_from(ip: &str) -> serde_json::Value {
    with(
        on_project(U, "p", "CreateInstance"),
        json!({"source_ip": ip}),
    )
}

fn job_over_vpc(vpc: &str, ip: Option<&str>) -> serde_json::Value {
    let mut r = with(on_project(U, "p", "CreateInstance"), json!({"vpc": vpc}));
    if let Some(ip) = ip {
        r = with(r, json!({"source_ip": ip}));
    }
    r
}

fn job_without_address() -> serde_json::Value {
    on_project(U, "p", "CreateInstance")
}

#[test]
fn plp_e16_ip_whitelist_only() {
    let refused = |name, r| deny(name, r, Stage::IpWhitelist, None);
    run(
        "plp_e16a.mcauth",
        PLP_E16,
        &[
            allow(
                "plp E16: 100.116.3.7 (internet) is in 100.116.0.0/16",
                job_from("100.116.3.7"),
            ),
            allow(
                "plp E16: 101.132.236.140 is in the range",
                job_from("101.132.236.140"),
            ),
            allow(
                "plp E16: 101.132.236.134 is the single address",
                job_from("101.132.236.134"),
            ),
            allow(
                "plp E16: the range end 101.132.236.144 is included",
                job_from("101.132.236.144"),
            ),
            refused(
                "plp E16: 101.132.236.145 is past the range",
                job_from("101.132.236.145"),
            ),
            refused(
                "plp E16: 100.117.0.1 is outside 100.116.0.0/16",
                job_from("100.117.0.1"),
            ),
            refused("plp E16: 8.8.8.8 is denied", job_from("8.8.8.8"))
                .detail("plp_e16a.mcauth:5:1"),
            refused(
                "plp E16: any VPC request is denied (only the ip whitelist is set)",
                job_over_vpc("cn-hangzhou_vpc-abc", Some("100.116.3.7")),
            ),
            refused(
                "plp E16: a request without source_ip is refused when the whitelist applies",
                job_without_address(),
            ),
            refused(
                "plp E16: the owner is not exempt",
                with(
                    on_project("ALIYUN$owner@aliyun.com", "p", "CreateInstance"),
                    json!({"source_ip": "8.8.8.8"}),
                ),
            ),
        ],
    );
}

#[test]
fn plp_e16_vpc_whitelist_star_opens_vpc_again() {
    let script = format!("{PLP_E16}setproject odps.security.vpc.whitelist=*;\n");
    run(
        "plp_e16b.mcauth",
        &script,
        &[
            allow(
                "plp E16: vpc.whitelist=*: VPC open again",
                job_over_vpc("cn-hangzhou_vpc-abc", Some("192.168.0.7")),
            ),
            deny(
                "plp E16: vpc.whitelist=*: a VPC request without source_ip (design §1: refused when a whitelist applies)",
                job_over_vpc("cn-hangzhou_vpc-abc", None),
                Stage::IpWhitelist,
                Some("ip_not_in_whitelist"),
            ),
            deny(
                "plp E16: vpc.whitelist=*: 8.8.8.8 on the internet is still denied",
                job_from("8.8.8.8"),
                Stage::IpWhitelist,
                None,
            ),
            allow(
                "plp E16: vpc.whitelist=*: 100.116.3.7 still allowed",
                job_from("100.116.3.7"),
            ),
        ],
    );
}

#[test]
fn plp_e16_empty_whitelists_turn_the_feature_off() {
    let everything = |file: &str, script: &str| {
        run(
            file,
            script,
            &[
                allow("plp E16: feature off: 8.8.8.8 allowed", job_from("8.8.8.8")),
                allow(
                    "plp E16: feature off: IPv6 address allowed",
                    job_from("2001:db8::1"),
                ),
                allow(
                    "plp E16: feature off: VPC request allowed",
                    job_over_vpc("cn-hangzhou_vpc-abc", Some("192.168.0.7")),
                ),
                allow(
                    "plp E16: feature off: no source_ip needed",
                    job_without_address(),
                ),
            ],
        )
    };
    everything(
        "plp_e16c.mcauth",
        &format!(
            "{PLP_E16}setproject odps.security.vpc.whitelist=*;\n\
             setproject odps.security.ip.whitelist= odps.security.vpc.whitelist= ;\n"
        ),
    );
    everything(
        "plp_e16d.mcauth",
        &format!("{PLP_E16}setproject odps.security.ip.whitelist=;\n"),
    );
    everything(
        "plp_e16e.mcauth",
        "create project p owner ALIYUN$owner@aliyun.com;\nuse p;\nadd user ALIYUN$u@aliyun.com;\n\
         grant CreateInstance on project p to user ALIYUN$u@aliyun.com;\n",
    );
}

#[test]
fn plp_e16_every_documented_entry_form_ipv4_and_ipv6() {
    // (entry, admitted address, refused address): §6 "Entry formats".
    let forms: [(&str, &str, &str, &'static str, &'static str); 6] = [
        (
            "192.168.0.0",
            "192.168.0.0",
            "192.168.0.1",
            "plp E16 (§6): single IPv4 192.168.0.0 admits itself",
            "plp E16 (§6): single IPv4 192.168.0.0 refuses 192.168.0.1",
        ),
        (
            "2001:db8::",
            "2001:db8::",
            "2001:db8::1",
            "plp E16 (§6): single IPv6 2001:db8:: admits itself",
            "plp E16 (§6): single IPv6 2001:db8:: refuses 2001:db8::1",
        ),
        (
            "172.12.0.0/16",
            "172.12.200.1",
            "172.13.0.1",
            "plp E16 (§6): CIDR 172.12.0.0/16 admits 172.12.200.1",
            "plp E16 (§6): CIDR 172.12.0.0/16 refuses 172.13.0.1",
        ),
        (
            "2001:db8::/32",
            "2001:db8:ffff::5",
            "2001:db9::1",
            "plp E16 (§6): CIDR 2001:db8::/32 admits 2001:db8:ffff::5",
            "plp E16 (§6): CIDR 2001:db8::/32 refuses 2001:db9::1",
        ),
        (
            "192.168.10.0-192.168.255.255",
            "192.168.200.3",
            "192.168.9.255",
            "plp E16 (§6): range 192.168.10.0-192.168.255.255 admits 192.168.200.3",
            "plp E16 (§6): range 192.168.10.0-192.168.255.255 refuses 192.168.9.255",
        ),
        (
            "2001:db8:1:1:1:1:1:1-2001:db8:4:4:4:4:4:4",
            "2001:db8:2::1",
            "2001:db8:4:4:4:4:4:5",
            "plp E16 (§6): IPv6 range admits 2001:db8:2::1",
            "plp E16 (§6): IPv6 range refuses 2001:db8:4:4:4:4:4:5",
        ),
    ];
    for (entry, inside, outside, yes, no) in forms {
        let script = lines(&[
            "create project p owner ALIYUN$owner@aliyun.com;",
            "use p;",
            "add user ALIYUN$u@aliyun.com;",
            "grant CreateInstance on project p to user ALIYUN$u@aliyun.com;",
            &format!("setproject odps.security.ip.whitelist={entry};"),
        ]);
        run(
            "plp_e16f.mcauth",
            &script,
            &[
                allow(yes, job_from(inside)),
                deny(no, job_from(outside), Stage::IpWhitelist, None),
            ],
        );
    }
    // An IPv4 entry does not admit IPv6 traffic and vice versa.
    let script = lines(&[
        "create project p owner ALIYUN$owner@aliyun.com;",
        "use p;",
        "add user ALIYUN$u@aliyun.com;",
        "grant CreateInstance on project p to user ALIYUN$u@aliyun.com;",
        "setproject odps.security.ip.whitelist=0.0.0.0/0;",
    ]);
    run(
        "plp_e16g.mcauth",
        &script,
        &[
            allow(
                "plp E16 (§6): ip.whitelist=0.0.0.0/0 opens the internet to IPv4",
                job_from("8.8.8.8"),
            ),
            deny(
                "plp E16 (§6): 0.0.0.0/0 is IPv4 only: an IPv6 address is refused",
                job_from("2001:db8::1"),
                Stage::IpWhitelist,
                None,
            ),
            deny(
                "plp E16 (§6): ip.whitelist=0.0.0.0/0 alone still closes VPC",
                job_over_vpc("cn-hangzhou_vpc-abc", Some("192.168.0.7")),
                Stage::IpWhitelist,
                None,
            ),
        ],
    );
}

#[test]
fn plp_e16_vpc_whitelist_entries() {
    let script = lines(&[
        "create project p owner ALIYUN$owner@aliyun.com;",
        "use p;",
        "add user ALIYUN$u@aliyun.com;",
        "grant CreateInstance on project p to user ALIYUN$u@aliyun.com;",
        "setproject odps.security.vpc.whitelist=cn-beijing_vpc-xxx[192.168.0.10,192.168.0.20],vpc-yyy;",
    ]);
    run(
        "plp_e16h.mcauth",
        &script,
        &[
            allow(
                "plp E16 (§6): VPC entry cn-beijing_vpc-xxx[...] admits 192.168.0.10",
                job_over_vpc("cn-beijing_vpc-xxx", Some("192.168.0.10")),
            ),
            allow(
                "plp E16 (§6): VPC entry cn-beijing_vpc-xxx[...] admits 192.168.0.20",
                job_over_vpc("cn-beijing_vpc-xxx", Some("192.168.0.20")),
            ),
            deny(
                "plp E16 (§6): the bracket list is a list, not a range: 192.168.0.15 refused",
                job_over_vpc("cn-beijing_vpc-xxx", Some("192.168.0.15")),
                Stage::IpWhitelist,
                None,
            ),
            deny(
                "plp E16 (§6): another VPC is refused",
                job_over_vpc("cn-beijing_vpc-zzz", Some("192.168.0.10")),
                Stage::IpWhitelist,
                None,
            ),
            allow(
                "plp E16 (§6, recommended): a bare VPC ID admits every address of that VPC",
                job_over_vpc("cn-shanghai_vpc-yyy", Some("172.16.9.9")),
            ),
            deny(
                "plp E16 (§6): only the VPC whitelist is set: internet requests are refused",
                job_from("101.132.236.140"),
                Stage::IpWhitelist,
                None,
            ),
        ],
    );
    let script = lines(&[
        "create project p owner ALIYUN$owner@aliyun.com;",
        "use p;",
        "add user ALIYUN$u@aliyun.com;",
        "grant CreateInstance on project p to user ALIYUN$u@aliyun.com;",
        r"setproject odps.security.ip.whitelist=10.0.0.0/8 odps.security.vpc.whitelist=\N;",
    ]);
    run(
        "plp_e16i.mcauth",
        &script,
        &[
            allow(
                r"plp E16 (§6): ip.whitelist set, vpc.whitelist=\N: 10.1.2.3 allowed",
                job_from("10.1.2.3"),
            ),
            deny(
                r"plp E16 (§6): vpc.whitelist=\N denies every VPC request",
                job_over_vpc("cn-beijing_vpc-xxx", Some("192.168.0.10")),
                Stage::IpWhitelist,
                None,
            ),
        ],
    );
}

#[test]
fn plp_e16_backslash_n_on_the_ip_whitelist_closes_the_internet() {
    let script = lines(&[
        "create project p owner ALIYUN$owner@aliyun.com;",
        "use p;",
        "add user ALIYUN$u@aliyun.com;",
        "grant CreateInstance on project p to user ALIYUN$u@aliyun.com;",
        r"setproject odps.security.ip.whitelist=\N odps.security.vpc.whitelist=*;",
    ]);
    run(
        "plp_e16j.mcauth",
        &script,
        &[
            deny(
                r"plp E16 (§6): ip.whitelist=\N denies every internet request",
                job_from("100.116.3.7"),
                Stage::IpWhitelist,
                None,
            ),
            allow(
                "plp E16 (§6): vpc.whitelist=* admits VPC requests",
                job_over_vpc("cn-beijing_vpc-xxx", Some("192.168.0.10")),
            ),
        ],
    );
}

// ------------------------------------------------------------------------------------ E17

const PLP_E17: &str = "\
create project p owner ALIYUN$owner@aliyun.com;
create project q owner ALIYUN$owner@aliyun.com;
use p;
add user ALIYUN$u@aliyun.com;
create table t (id bigint);
grant CreateInstance on project p to user ALIYUN$u@aliyun.com;
grant Select, Update on table t to user ALIYUN$u@aliyun.com;
use q;
add user ALIYUN$u@aliyun.com;
grant CreateInstance on project q to user ALIYUN$u@aliyun.com;
";

#[test]
fn plp_e17_frozen_project_denies_everything_with_4093() {
    // §7 transitions: AVAILABLE -> FROZEN -> DELETING.
    for (file, change) in [
        ("plp_e17a.mcauth", "alter project p status frozen;\n"),
        (
            "plp_e17b.mcauth",
            "alter project p status frozen;\nalter project p status deleting;\n",
        ),
    ] {
        let script = format!("{PLP_E17}{change}");
        run(
            file,
            &script,
            &[
                deny(
                    "plp E17: select 1 in a frozen/deleting project",
                    on_project(U, "p", "CreateInstance"),
                    Stage::ProjectStatus,
                    Some("4093"),
                )
                .detail("Access Mode is AllDenied"),
                deny(
                    "plp E17: a read of t in a frozen/deleting project",
                    on_object(U, "p", "Select", "table", "t"),
                    Stage::ProjectStatus,
                    Some("4093"),
                )
                .detail("plp_e17"),
                deny(
                    "plp E17: the owner is refused too",
                    on_project("ALIYUN$owner@aliyun.com", "p", "List"),
                    Stage::ProjectStatus,
                    Some("4093"),
                ),
                deny(
                    "plp E17: reading frozen p's table from a job in q",
                    cross(U, "q", "Select", "p", "table", "t"),
                    Stage::ProjectStatus,
                    Some("4093"),
                ),
                allow(
                    "plp E17: another project is unaffected",
                    on_project(U, "q", "CreateInstance"),
                ),
            ],
        );
    }
}

#[test]
fn plp_e17_back_to_normal_after_top_up() {
    let script =
        format!("{PLP_E17}alter project p status frozen;\nalter project p status available;\n");
    run(
        "plp_e17c.mcauth",
        &script,
        &[allow(
            "plp E17: top-up: project back to Normal",
            on_object(U, "p", "Select", "table", "t"),
        )],
    );
}

#[test]
fn plp_e17_frozen_project_refuses_management_statements_and_deleting_is_final() {
    let stmt = "grant Select on table t to user ALIYUN$u@aliyun.com;";
    assert_rejected(
        "plp E17: a frozen project refuses any API access, grants included",
        "plp_e17d.mcauth",
        &format!("{PLP_E17}alter project p status frozen;\nuse p;\n{stmt}\n"),
        stmt,
        "AllDenied",
    );
    let stmt = "alter project p status available;";
    assert_rejected(
        "plp E17 (§7): DELETING is terminal",
        "plp_e17e.mcauth",
        &format!(
            "{PLP_E17}alter project p status frozen;\nalter project p status deleting;\n{stmt}\n"
        ),
        stmt,
        "DELETING",
    );
}

#[test]
fn plp_e17_deleting_is_reached_only_from_frozen() {
    let stmt = "alter project p status deleting;";
    assert_rejected(
        "plp §7: AVAILABLE -> DELETING is not a documented transition",
        "plp_e17g.mcauth",
        &format!("{PLP_E17}{stmt}\n"),
        stmt,
        "DELETING",
    );
}

#[test]
fn plp_e17_readonly_passes_reads_only() {
    let script = format!("{PLP_E17}alter project p status readonly;\n");
    run(
        "plp_e17f.mcauth",
        &script,
        &[
            allow(
                "plp §7 (recommended): READONLY: a read is allowed",
                on_object(U, "p", "Select", "table", "t"),
            ),
            deny(
                "plp §7 (recommended): READONLY: a write is refused",
                on_object(U, "p", "Update", "table", "t"),
                Stage::ProjectStatus,
                None,
            ),
        ],
    );
}

// ------------------------------------------------------------------------------------ E19

const PLP_E19: &str = "\
create project test_project_a owner ALIYUN$Bob@aliyun.com;
use test_project_a;
add accountprovider ram;
add user RAM$ram_test;
ADD USER RAM$Bob@aliyun.com:Allen;
GRANT super_administrator TO RAM$Bob@aliyun.com:Allen;
create table t (id bigint);
create role Worker;
grant CreateInstance on project test_project_a to role Worker;
grant Select on table t to role Worker;
add user `RAM$Bob@aliyun.com:role/ram_role`;
grant Worker to `RAM$Bob@aliyun.com:role/ram_role`;
";

#[test]
fn plp_e19_name_forms_and_builtin_admin_assignment() {
    let p = "test_project_a";
    run(
        "plp_e19a.mcauth",
        PLP_E19,
        &[
            deny_permission(
                "plp E19: add user RAM$ram_test is RAM$Bob@aliyun.com:ram_test (member)",
                on_project("RAM$Bob@aliyun.com:ram_test", p, "CreateInstance"),
                "4019",
            ),
            deny_permission(
                "plp E19: the short form in a request names the owner's RAM user",
                on_project("RAM$ram_test", p, "CreateInstance"),
                "4019",
            ),
            deny_permission(
                "plp E19: names are case-insensitive",
                on_project("ram$BOB@ALIYUN.COM:RAM_TEST", p, "CreateInstance"),
                "4019",
            ),
            deny(
                "plp E19: another account's ram_test is not the short form's user",
                on_project("RAM$alice@aliyun.com:ram_test", p, "CreateInstance"),
                Stage::Membership,
                Some("0420095"),
            ),
            allow(
                "plp E19: Allen, super_administrator, manages security",
                on_project("RAM$Bob@aliyun.com:Allen", p, "SetSecurityConfiguration"),
            ),
            allow(
                "plp E19: Allen, super_administrator, reads any table",
                on_object("RAM$Bob@aliyun.com:Allen", p, "Select", "table", "t"),
            ),
            allow(
                "plp E19: the backticked RAM role holds Worker",
                on_object(
                    "RAM$Bob@aliyun.com:role/ram_role",
                    p,
                    "Select",
                    "table",
                    "t",
                ),
            ),
            deny_permission(
                "plp E19: Worker does not grant Update to the RAM role",
                on_object(
                    "RAM$Bob@aliyun.com:role/ram_role",
                    p,
                    "Update",
                    "table",
                    "t",
                ),
                "4019",
            ),
        ],
    );
}

#[test]
fn plp_e19_short_and_long_forms_are_one_user() {
    let stmt = "add user RAM$Bob@aliyun.com:ram_test;";
    assert_rejected(
        "plp E19: the long form of an added short-form user is already a user",
        "plp_e19b.mcauth",
        &format!("{PLP_E19}{stmt}\n"),
        stmt,
        "already a user",
    );
    let script = format!("{PLP_E19}remove user RAM$Bob@aliyun.com:ram_test;\n");
    run(
        "plp_e19c.mcauth",
        &script,
        &[deny(
            "plp E19: remove user with the long form removes the short-form user",
            on_project("RAM$ram_test", "test_project_a", "CreateInstance"),
            Stage::Membership,
            Some("0420095"),
        )],
    );
}

#[test]
fn plp_e19_account_id_form() {
    // The current documented form: account IDs. A project owned by an account ID, its RAM role.
    let script = lines(&[
        "create project test_project_a owner ALIYUN$5527000000005788;",
        "use test_project_a;",
        "add accountprovider ram;",
        "add user `RAM$5527000000005788:role/ram_role`;",
        "create role Worker;",
        "grant CreateInstance on project test_project_a to role Worker;",
        "grant Worker to `RAM$5527000000005788:role/ram_role`;",
    ]);
    run(
        "plp_e19d.mcauth",
        &script,
        &[
            allow(
                "plp E19: grant Worker to `RAM$5527...:role/ram_role`",
                on_project(
                    "RAM$5527000000005788:role/ram_role",
                    "test_project_a",
                    "CreateInstance",
                ),
            )
            .detail("plp_e19d.mcauth:6:1"),
            allow(
                "plp E19: the ID-form owner",
                on_project(
                    "ALIYUN$5527000000005788",
                    "test_project_a",
                    "CreateInstance",
                ),
            ),
        ],
    );
}

#[test]
fn plp_e19_uid_and_email_forms_alias_one_account() {
    let script = lines(&[
        "create account ALIYUN$Bob@aliyun.com uid 5527000000005788;",
        "create ram user RAM$Bob@aliyun.com:Allen;",
        "create ram user RAM$Bob@aliyun.com:ram_test;",
        "create project test_project_a owner ALIYUN$Bob@aliyun.com;",
        "use test_project_a;",
        "add accountprovider ram;",
        "add user RAM$ram_test;",
        "ADD USER RAM$5527000000005788:Allen;",
        "GRANT super_administrator TO RAM$Bob@aliyun.com:Allen;",
    ]);
    let p = "test_project_a";
    run(
        "plp_e19e.mcauth",
        &script,
        &[
            allow(
                "plp E19 (§1.1 aliases): the owner by account ID",
                on_project("ALIYUN$5527000000005788", p, "SetSecurityConfiguration"),
            ),
            allow(
                "plp E19 (§1.1 aliases): Allen by e-mail form, added by ID form",
                on_project("RAM$Bob@aliyun.com:Allen", p, "SetSecurityConfiguration"),
            ),
            allow(
                "plp E19 (§1.1 aliases): Allen by ID form",
                on_project("RAM$5527000000005788:Allen", p, "SetSecurityConfiguration"),
            ),
            deny_permission(
                "plp E19 (§1.1 aliases): ram_test by ID form is a member",
                on_project("RAM$5527000000005788:ram_test", p, "CreateInstance"),
                "4019",
            ),
            deny(
                "plp E19 (design §3): a RAM user the declared account does not declare",
                on_project("RAM$5527000000005788:ghost", p, "CreateInstance"),
                Stage::Authentication,
                Some("invalid_account"),
            ),
        ],
    );
    let stmt = "add user RAM$Bob@aliyun.com:ghost;";
    assert_rejected(
        "plp E19 (design §2): adding an undeclared RAM user of a declared account",
        "plp_e19f.mcauth",
        &format!("{script}{stmt}\n"),
        stmt,
        "not declared",
    );
}

// ------------------------------------------------------------------------------------ E20

const PLP_E20: &str = "\
create project pb owner ALIYUN$B@example.com;
use pb;
add accountprovider ram;
add user ALIYUN$A@example.com;
grant super_administrator to ALIYUN$A@example.com;
";

#[test]
fn plp_e20_b_may_not_add_account_as_ram_user() {
    let stmt = "add user RAM$A@example.com:ram_user_1;";
    assert_rejected(
        "plp E20: as B: add user RAM$A:ram_user_1 is refused",
        "plp_e20a.mcauth",
        &format!("{PLP_E20}{stmt}\n"),
        stmt,
        "own Alibaba Cloud account",
    );
}

#[test]
fn plp_e20_a_adds_its_own_ram_user() {
    let script = format!("{PLP_E20}login ALIYUN$A@example.com;\nadd user ram$A@example.com:ram_user_1;\ngrant CreateInstance on project pb to user RAM$A@example.com:ram_user_1;\n");
    run(
        "plp_e20b.mcauth",
        &script,
        &[
            allow(
                "plp E20: as A: add user ram$A:ram_user_1 is allowed, and A may grant to it",
                on_project("RAM$A@example.com:ram_user_1", "pb", "CreateInstance"),
            )
            .detail("plp_e20b.mcauth:8:1"),
            deny(
                "plp E20: B's own RAM user of the same name is another principal",
                on_project("RAM$B@example.com:ram_user_1", "pb", "CreateInstance"),
                Stage::Membership,
                Some("0420095"),
            ),
        ],
    );
}

#[test]
fn plp_e20_b_may_not_grant_to_a_ram_user_of_account_a() {
    // acl-policy §1.1: an Alibaba Cloud account grants to its own RAM users and to other
    // accounts, not to another account's RAM users.
    let stmt = "grant CreateInstance on project pb to user RAM$A@example.com:ram_user_1;";
    let script = format!(
        "{PLP_E20}login ALIYUN$A@example.com;\nadd user ram$A@example.com:ram_user_1;\nlogin ALIYUN$B@example.com;\n{stmt}\n"
    );
    assert_rejected(
        "plp E20 (acl §1.1): B may not grant to A's RAM user",
        "plp_e20c.mcauth",
        &script,
        stmt,
        "may grant",
    );
}

// ---------------------------------------------------------------------- skipped statements

#[test]
fn plp_skipped_statements_fail_to_load_as_unsupported() {
    let base = "\
create project prj1 owner ALIYUN$owner@aliyun.com;
use prj1;
create table user_profile (id bigint, mobile string);
";
    for (name, stmt, fragment) in [
        (
            "plp §8: add tenant role to project",
            "add tenant role r1 to project prj1;",
            "tenant role",
        ),
        (
            "plp §1.3: purge privs from user",
            "purge privs from user RAM$owner@aliyun.com:bob;",
            "purge privs from user",
        ),
    ] {
        assert_unsupported(
            name,
            "plp_skip.mcauth",
            &format!("{base}{stmt}\n"),
            stmt,
            fragment,
        );
    }
    // Identity declarations load now; undeclared accounts are their errors.
    assert_rejected(
        "plp §8.1: create ram role needs its account",
        "plp_skip.mcauth",
        &format!("{base}create ram role `RAM$owner@aliyun.com:role/etl` trust 'etl-trust.json';\n"),
        "create ram role",
        "not declared",
    );
}

// ------------------------------------------------------------------------ the five stages

const STAGES: &str = "\
create project p owner ALIYUN$owner@example.com;
create project cold owner ALIYUN$owner@example.com;
use p;
add user ALIYUN$member@example.com;
create table t (id bigint);
setproject odps.security.ip.whitelist=10.0.0.0/8;
use cold;
add user ALIYUN$member@example.com;
grant CreateInstance on project cold to user ALIYUN$member@example.com;
setproject odps.security.ip.whitelist=10.0.0.0/8;
alter project cold status frozen;
";

const MEMBER: &str = "ALIYUN$member@example.com";
const GOOD_IP: &str = "10.1.2.3";
const BAD_IP: &str = "8.8.8.8";

fn at(principal: &str, project: &str, ip: &str) -> serde_json::Value {
    with(
        on_project(principal, project, "CreateInstance"),
        json!({"source_ip": ip}),
    )
}

#[test]
fn design_one_script_denies_at_each_of_the_five_stages() {
    run(
        "stages.mcauth",
        STAGES,
        &[
            deny(
                "design §1: authentication: a malformed principal name",
                at("bob", "p", GOOD_IP),
                Stage::Authentication,
                Some("invalid_account"),
            ),
            deny(
                "design §1: authentication: a RAM user without the RAM provider",
                at("RAM$owner@example.com:bob", "p", GOOD_IP),
                Stage::Authentication,
                Some("lack_of_account_provider"),
            ),
            deny(
                "design §1: membership: not a user of p",
                at("ALIYUN$stranger@example.com", "p", GOOD_IP),
                Stage::Membership,
                Some("0420095"),
            ),
            deny(
                "design §1: ip_whitelist: a member from outside the whitelist",
                at(MEMBER, "p", BAD_IP),
                Stage::IpWhitelist,
                None,
            ),
            deny(
                "design §1: project_status: a member of frozen cold from a good address",
                at(MEMBER, "cold", GOOD_IP),
                Stage::ProjectStatus,
                Some("4093"),
            ),
            deny_permission(
                "design §1: permission: a member without CreateInstance",
                at(MEMBER, "p", GOOD_IP),
                "4019",
            ),
            allow(
                "design §1: the owner passes all five",
                at("ALIYUN$owner@example.com", "p", GOOD_IP),
            ),
        ],
    );
}

#[test]
fn design_a_request_failing_several_stages_is_reported_at_the_first() {
    run(
        "stages.mcauth",
        STAGES,
        &[
            deny(
                "design §1: malformed name, non-member, bad IP, frozen: authentication",
                at("bob", "cold", BAD_IP),
                Stage::Authentication,
                None,
            ),
            deny(
                "design §1: RAM user without provider, bad IP, frozen: authentication",
                at("RAM$owner@example.com:bob", "cold", BAD_IP),
                Stage::Authentication,
                Some("lack_of_account_provider"),
            ),
            deny(
                "design §1: non-member from a bad IP to a frozen project: membership",
                at("ALIYUN$stranger@example.com", "cold", BAD_IP),
                Stage::Membership,
                Some("0420095"),
            ),
            deny(
                "design §1: member from a bad IP to a frozen project: ip_whitelist",
                at(MEMBER, "cold", BAD_IP),
                Stage::IpWhitelist,
                None,
            ),
            deny(
                "design §1: the owner from a bad IP to a frozen project: ip_whitelist",
                at("ALIYUN$owner@example.com", "cold", BAD_IP),
                Stage::IpWhitelist,
                None,
            ),
            deny(
                "design §1: the owner from a good IP to a frozen project: project_status",
                at("ALIYUN$owner@example.com", "cold", GOOD_IP),
                Stage::ProjectStatus,
                Some("4093"),
            ),
        ],
    );
}

#[test]
fn design_stages_after_the_deciding_one_are_not_reached() {
    let engine: Engine = engine("stages.mcauth", STAGES);
    let expect = [
        (at("bob", "cold", BAD_IP), 0usize),
        (at("ALIYUN$stranger@example.com", "cold", BAD_IP), 1),
        (at(MEMBER, "cold", BAD_IP), 2),
        (at(MEMBER, "cold", GOOD_IP), 3),
        (at(MEMBER, "p", GOOD_IP), 4),
    ];
    for (request, failing) in expect {
        let d = engine.check(&Request::from_json(&request.to_string()).unwrap());
        let outcomes: Vec<StageOutcome> = d.stages.iter().map(|s| s.result).collect();
        let mut want = vec![StageOutcome::Pass; failing];
        want.push(StageOutcome::Fail);
        want.resize(5, StageOutcome::NotReached);
        assert_eq!(
            outcomes, want,
            "design §4 stages for {request}: expected stage {failing} to fail, got {d}"
        );
        assert_eq!(d.stages.len(), 5);
    }
}
