//! Who may call AssumeRole (PLP §8.1; `docs/semantics.md` I8, I9): an STS `caller` written as a
//! RAM ARN (`acs:ram::<uid>:user/<n>`, `…:role/<n>`, `…:root`) is that principal, checked as its
//! name would be; only `…:saml-provider/…` and `…:oidc-provider/…` are identity providers.
//! Regressions of review S2 (the reproductions of `/tmp/s14/exp/fed.mcauth`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::{allow, check_cases, decide, deny, Dir, TRUST_ROOT};
use mcauth::request::AnyRequest;
use mcauth::{RequestError, Stage};
use serde_json::{json, Value};

/// Trusts every identity provider of account …01 (a glob the loader accepts).
const TRUST_FED_GLOB: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
  "Principal":{"Federated":["acs:ram::1000000000000001:*"]}}]}"#;

/// Account owner (…01) with bob (may call AssumeRole) and carol (may not), roles `etl`
/// (trusts the account, may call AssumeRole itself), `chain` (trusts the account) and
/// `fedrole` (trusts the account's identity providers), all members of `sales` with `List`.
const SCRIPT: &str = "\
at '2026-03-01T00:00:00Z';
create account ALIYUN$owner@example.com uid 1000000000000001;
create account ALIYUN$other@example.com uid 2000000000000002;
create ram user RAM$owner@example.com:bob;
create ram user RAM$owner@example.com:carol;
create ram role `RAM$owner@example.com:role/etl` trust 'trust-root.json';
create ram role `RAM$owner@example.com:role/chain` trust 'trust-root.json';
create ram role `RAM$owner@example.com:role/fedrole` trust 'trust-fed.json';
attach policy AliyunSTSAssumeRoleAccess to ram user RAM$owner@example.com:bob;
attach policy AliyunSTSAssumeRoleAccess to ram role `RAM$owner@example.com:role/etl`;
create project sales owner ALIYUN$owner@example.com;
use sales;
add accountprovider ram;
add user `RAM$owner@example.com:role/etl`;
add user `RAM$owner@example.com:role/chain`;
add user `RAM$owner@example.com:role/fedrole`;
grant List on project sales to user `RAM$owner@example.com:role/etl`;
grant List on project sales to user `RAM$owner@example.com:role/chain`;
grant List on project sales to user `RAM$owner@example.com:role/fedrole`;
";

const ETL: &str = "RAM$owner@example.com:role/etl";
const CHAIN: &str = "RAM$owner@example.com:role/chain";
const FEDROLE: &str = "RAM$owner@example.com:role/fedrole";

fn setting() -> (Dir, mcauth::Engine) {
    let dir = Dir::new("sts-callers");
    dir.write("trust-root.json", TRUST_ROOT);
    dir.write("trust-fed.json", TRUST_FED_GLOB);
    let engine = dir.engine("callers.mcauth", SCRIPT);
    (dir, engine)
}

/// A `List` on `sales` with a one-hour token of `role` obtained by `caller`.
fn sts(role: &str, caller: &str) -> Value {
    json!({"sts": {"role": role, "caller": caller, "issued_at": "2026-03-01T10:00:00Z"},
           "project": "sales", "action": "List", "time": "2026-03-01T10:05:00Z"})
}

fn arn(rest: &str) -> String {
    format!("acs:ram::1000000000000001:{rest}")
}

#[test]
fn a_caller_arn_of_a_user_role_or_account_is_that_principal() {
    let (_d, engine) = setting();
    let auth = Stage::Authentication;
    check_cases(
        &engine,
        &[
            deny(
                "S2: carol by ARN has no sts:AssumeRole permission, whatever fedrole's \
                  Federated glob says",
                sts(FEDROLE, &arn("user/carol")),
                auth,
                Some("NoPermission"),
            )
            .detail(
                "`RAM$owner@example.com:carol` may not call sts:AssumeRole on \
                 acs:ram::1000000000000001:role/fedrole: none of its RAM policies allows it",
            ),
            deny(
                "S2: the account by ARN may never call AssumeRole (PLP §8.1 condition 1)",
                sts(FEDROLE, &arn("root")),
                auth,
                Some("NoPermission"),
            )
            .detail(
                "`acs:ram::1000000000000001:root` is an Alibaba Cloud account: the AssumeRole \
                 API operation cannot be called by an Alibaba Cloud account",
            ),
            deny(
                "S2: the account by ARN, with an ordinary trust",
                sts(ETL, &arn("root")),
                auth,
                Some("NoPermission"),
            )
            .detail("cannot be called by an Alibaba Cloud account"),
            deny(
                "S2: carol by ARN on etl: her own permission fails first (PLP §8.1 condition 2)",
                sts(ETL, &arn("user/carol")),
                auth,
                Some("NoPermission"),
            )
            .detail("`RAM$owner@example.com:carol` may not call sts:AssumeRole"),
            allow(
                "bob by ARN is bob: he may assume etl, which trusts the account",
                sts(ETL, &arn("user/bob")),
            ),
            allow(
                "the ARN's principal part is case-insensitive, as names are",
                sts(ETL, &arn("USER/Bob")),
            ),
            deny(
                "bob by ARN on fedrole: a RAM user is not an identity provider, so the \
                  Federated glob does not name him",
                sts(FEDROLE, &arn("user/bob")),
                auth,
                Some("NoPermission"),
            )
            .detail(
                "The trust policy of RAM$owner@example.com:role/fedrole does not let RAM user \
                 bob of 1000000000000001 assume it",
            ),
            allow(
                "role chaining by ARN: etl may call AssumeRole, and chain trusts the account",
                sts(CHAIN, &arn("role/etl")),
            ),
            deny(
                "role chaining by ARN: chain has no sts:AssumeRole permission",
                sts(ETL, &arn("role/chain")),
                auth,
                Some("NoPermission"),
            )
            .detail("`RAM$owner@example.com:role/chain` may not call sts:AssumeRole"),
            deny(
                "an account ID no `create account` declares",
                sts(ETL, "acs:ram::3000000000000003:user/bob"),
                auth,
                Some("invalid_account"),
            )
            .detail(
                "Invalid account Name `acs:ram::3000000000000003:user/bob`: no declared account \
                 has the ID `3000000000000003` (expected `create account ALIYUN$<name> uid \
                 3000000000000003;`)",
            ),
            deny(
                "a user the account does not declare",
                sts(ETL, &arn("user/ghost")),
                auth,
                Some("EntityNotExist.User"),
            )
            .detail("RAM$owner@example.com:ghost"),
            deny(
                "another declared account's user that is not declared",
                sts(ETL, "acs:ram::2000000000000002:user/eve"),
                auth,
                Some("EntityNotExist.User"),
            )
            .detail("RAM$other@example.com:eve"),
            allow(
                "an identity provider is still Federated: fedrole trusts the account's providers",
                sts(FEDROLE, &arn("saml-provider/corp-idp")),
            ),
            allow(
                "an OIDC provider is Federated too",
                sts(FEDROLE, &arn("oidc-provider/github")),
            ),
            deny(
                "an identity provider is not the account: etl trusts RAM identities only",
                sts(ETL, &arn("saml-provider/corp-idp")),
                auth,
                Some("NoPermission"),
            )
            .detail(
                "does not let identity provider acs:ram::1000000000000001:saml-provider/corp-idp \
                 assume it",
            ),
        ],
    );
}

/// The refusals never call a RAM user, role or account an identity provider.
#[test]
fn no_principal_arn_is_called_an_identity_provider() {
    let (_d, engine) = setting();
    for caller in [
        arn("user/carol"),
        arn("user/bob"),
        arn("root"),
        arn("role/chain"),
    ] {
        for role in [ETL, FEDROLE] {
            let d = decide(&engine, &sts(role, &caller));
            let bob_on_etl = caller == arn("user/bob") && role == ETL;
            assert_eq!(d.is_allowed(), bob_on_etl, "{caller} on {role}: {d}");
            assert!(
                !d.message.contains("identity provider"),
                "{caller} on {role}: {}",
                d.message
            );
        }
    }
}

/// The trace says which principal the ARN names.
#[test]
fn the_trace_names_the_principal_of_a_caller_arn() {
    let (_d, engine) = setting();
    let request = AnyRequest::from_value(sts(ETL, &arn("user/bob"))).unwrap();
    let explained = engine.explain_any(&request);
    assert_eq!(
        explained.notes[0].text,
        "caller `acs:ram::1000000000000001:user/bob` is RAM$owner@example.com:bob",
        "{explained}"
    );
}

/// Any other `acs:ram:` caller is malformed input (a request error, exit 1), not a provider.
#[test]
fn other_ram_arns_are_invalid_requests() {
    let cases = [
        (
            arn("group/admins"),
            "names `group/admins`, which cannot call AssumeRole",
        ),
        (arn("user/"), "names `user/`, which cannot call AssumeRole"),
        (
            "acs:ram::1000:user/bob".to_string(),
            "names the account ID `1000`, which is not 16 digits",
        ),
        (
            "acs:ram:cn-hangzhou:1000000000000001:user/bob".to_string(),
            "names the region `cn-hangzhou`, but RAM ARNs have none",
        ),
    ];
    for (caller, fragment) in cases {
        let e = AnyRequest::from_value(sts(ETL, &caller)).unwrap_err();
        let RequestError::Invalid(m) = &e else {
            panic!("{caller}: expected an invalid request, got {e:?}");
        };
        assert!(
            m.starts_with(&format!(
                "`sts.caller` `{caller}` {fragment}: expected a RAM user"
            )),
            "{caller}: {m}"
        );
    }
}
