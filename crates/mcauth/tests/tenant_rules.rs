//! Who manages the tenant (`spec/principals-labels-packages.md` §8; docs/semantics.md I12):
//! holders of the built-in tenant roles manage custom tenant roles, only the Alibaba Cloud
//! account hands out or takes back the built-in roles, and tenant users are RAM identities of
//! the tenant's own account.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use mcauth::Model;

/// Account owner (…01) with project `sales`; tina holds `super_administrator`, adam `admin`,
/// both granted by the account; ruth is a tenant user without a role.
const BASE: &str = "\
create account ALIYUN$owner@example.com uid 1000000000000001;
create account ALIYUN$other@example.com uid 2000000000000002;
create ram user RAM$owner@example.com:tina;
create ram user RAM$owner@example.com:adam;
create ram user RAM$owner@example.com:ruth;
create project sales owner ALIYUN$owner@example.com;
use sales;
add tenant user RAM$owner@example.com:tina;
add tenant user RAM$owner@example.com:adam;
add tenant user RAM$owner@example.com:ruth;
grant tenant role super_administrator to user RAM$owner@example.com:tina;
grant tenant role admin to user RAM$owner@example.com:adam;
";

fn load(extra: &str) -> Result<Model, String> {
    Model::from_script_str("t.mcauth", &format!("{BASE}{extra}")).map_err(|e| e.to_string())
}

#[track_caller]
fn refused(extra: &str, fragment: &str) {
    match load(extra) {
        Ok(_) => panic!("loaded: {extra}"),
        Err(e) => assert!(e.contains(fragment), "expected `{fragment}` in: {e}"),
    }
}

/// Review S8: the escalation of the reproduction (`esc.mcauth`) is refused at each step, and
/// a `super_administrator` holder may not hand out the built-in roles either.
#[test]
fn only_the_account_grants_or_revokes_the_built_in_tenant_roles() {
    let adam = "login RAM$owner@example.com:adam;\n";
    refused(
        &format!(
            "{adam}grant tenant role super_administrator to user RAM$owner@example.com:adam;\n"
        ),
        "t.mcauth:14:19: `RAM$owner@example.com:adam` may not grant the built-in tenant role \
         `super_administrator`: only the Alibaba Cloud account `owner@example.com` grants or \
         revokes the built-in tenant roles",
    );
    refused(
        &format!(
            "{adam}revoke tenant role super_administrator from user RAM$owner@example.com:tina;\n"
        ),
        "may not revoke the built-in tenant role `super_administrator`",
    );
    refused(
        &format!("{adam}grant tenant role admin to user RAM$owner@example.com:ruth;\n"),
        "may not grant the built-in tenant role `admin`",
    );
    refused(
        "login RAM$owner@example.com:tina;\n\
         grant tenant role admin to user RAM$owner@example.com:ruth;\n",
        "`RAM$owner@example.com:tina` may not grant the built-in tenant role `admin`",
    );
    // Holders of a built-in role still manage custom tenant roles (PLP §8).
    let m = load(&format!(
        "{adam}create tenant role quota_admin;\n\
         grant tenant role quota_admin to user RAM$owner@example.com:ruth;\n\
         revoke tenant role quota_admin from user RAM$owner@example.com:ruth;\n"
    ))
    .unwrap();
    assert!(m.tenants["owner@example.com"]
        .roles
        .contains_key("quota_admin"));
    // The account grants and revokes the built-in roles.
    let m = load(
        "grant tenant role admin to user RAM$owner@example.com:ruth;\n\
         revoke tenant role super_administrator from user RAM$owner@example.com:tina;\n",
    )
    .unwrap();
    let roles = &m.tenants["owner@example.com"].roles;
    assert!(roles["admin"]
        .members
        .contains_key("ram$owner@example.com:ruth"));
    assert!(roles["super_administrator"].members.is_empty());
}

/// Review S9: an Alibaba Cloud account is never a tenant user. Another account's tenant roles
/// could never take effect (its console requests on this tenant's resources are refused before
/// tenant roles are read), and the tenant's own account needs none.
#[test]
fn tenant_users_are_ram_identities_of_the_tenants_own_account() {
    refused(
        "add tenant user ALIYUN$other@example.com;\n",
        "t.mcauth:13:17: `ALIYUN$other@example.com` belongs to account `other@example.com`: a \
         tenant adds the RAM users and roles of its own account `owner@example.com` only",
    );
    refused(
        "add tenant user ALIYUN$owner@example.com;\n",
        "`ALIYUN$owner@example.com` is the tenant's own Alibaba Cloud account",
    );
    refused(
        "create ram user RAM$other@example.com:olga;\nadd tenant user RAM$other@example.com:olga;\n",
        "`RAM$other@example.com:olga` belongs to account `other@example.com`",
    );
    // A RAM user of the tenant's account still is one.
    assert!(load(
        "create ram user RAM$owner@example.com:uma;\nadd tenant user RAM$owner@example.com:uma;\n"
    )
    .is_ok());
}
