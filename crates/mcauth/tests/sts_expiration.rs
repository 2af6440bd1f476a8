//! An STS token whose `expiration` is not after its `issued_at` is malformed input: a request
//! error (exit 1) with its own message, not a duration to judge (`docs/semantics.md` I7, I8).
//! Regression of review S10 item 1 ("the token's duration of 0 seconds is outside 900 to
//! 7200" for an expiry an hour before the issue time).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::{check_cases, deny, Dir, TRUST_ROOT};
use mcauth::request::AnyRequest;
use mcauth::{RequestError, Stage};
use serde_json::{json, Value};

const SCRIPT: &str = "\
at '2026-03-01T00:00:00Z';
create account ALIYUN$owner@example.com uid 1000000000000001;
create ram user RAM$owner@example.com:bob;
attach policy AliyunSTSAssumeRoleAccess to ram user RAM$owner@example.com:bob;
create ram role `RAM$owner@example.com:role/etl` trust 'trust-root.json' max session 7200;
create dataworks environment nb_bob for RAM$owner@example.com:bob default role;
create project sales owner ALIYUN$owner@example.com;
use sales;
add accountprovider ram;
add user `RAM$owner@example.com:role/etl`;
add user RAM$owner@example.com:bob;
grant List on project sales to user `RAM$owner@example.com:role/etl`;
grant List on project sales to user RAM$owner@example.com:bob;
";

/// A token of `etl` obtained by bob, issued at 10:00 and expiring at `expiration`.
fn role_token(expiration: &str) -> Value {
    json!({"sts": {"role": "RAM$owner@example.com:role/etl", "caller": "RAM$owner@example.com:bob",
                   "issued_at": "2026-03-01T10:00:00Z", "expiration": expiration},
           "project": "sales", "action": "List", "time": "2026-03-01T10:05:00Z"})
}

/// The credential of environment `nb_bob`, issued at 10:00 and expiring at `expiration`.
fn environment_token(expiration: &str) -> Value {
    json!({"sts": {"environment": "nb_bob", "issued_at": "2026-03-01T10:00:00+00:00",
                   "expiration": expiration},
           "project": "sales", "action": "List", "time": "2026-03-01T10:05:00Z"})
}

fn invalid(request: Value) -> String {
    match AnyRequest::from_value(request.clone()) {
        Err(RequestError::Invalid(m)) => m,
        other => panic!("expected an invalid request: {request}\n got {other:?}"),
    }
}

#[test]
fn an_expiration_not_after_the_issue_time_is_an_invalid_request() {
    assert_eq!(
        invalid(role_token("2026-03-01T09:00:00Z")),
        "`sts.expiration` `2026-03-01T09:00:00Z` is not after `sts.issued_at` \
         `2026-03-01T10:00:00Z`: the token would expire 3600 seconds before it is issued, and an \
         STS token expires after it is issued"
    );
    assert_eq!(
        invalid(role_token("2026-03-01T10:00:00Z")),
        "`sts.expiration` `2026-03-01T10:00:00Z` is not after `sts.issued_at` \
         `2026-03-01T10:00:00Z`: the token would expire at the moment it is issued, and an STS \
         token expires after it is issued"
    );
    // The environment form, with both times as written (an offset, and another zone).
    assert_eq!(
        invalid(environment_token("2026-03-01T17:59:59+08:00")),
        "`sts.expiration` `2026-03-01T17:59:59+08:00` is not after `sts.issued_at` \
         `2026-03-01T10:00:00+00:00`: the token would expire 1 second before it is issued, and an \
         STS token expires after it is issued"
    );
    for request in [
        role_token("2026-03-01T09:00:00Z"),
        environment_token("2026-03-01T09:00:00Z"),
    ] {
        assert!(!invalid(request).contains("duration of 0 seconds"));
    }
}

/// A positive span stays a duration that authentication judges against the holder's limits.
#[test]
fn a_short_positive_span_is_still_judged_as_a_duration() {
    let dir = Dir::new("sts-expiration");
    dir.write("trust-root.json", TRUST_ROOT);
    let engine = dir.engine("expiration.mcauth", SCRIPT);
    let auth = Stage::Authentication;
    check_cases(
        &engine,
        &[
            deny(
                "one second: under STS's minimum of 900",
                role_token("2026-03-01T10:00:01Z"),
                auth,
                Some("InvalidParameter.DurationSeconds"),
            )
            .detail("the token's duration of 1 seconds is outside 900 to 7200 seconds"),
            deny(
                "the default role: one second",
                environment_token("2026-03-01T10:00:01Z"),
                auth,
                Some("InvalidParameter.DurationSeconds"),
            )
            .detail("the token's duration of 1 seconds is outside 900 to 3600 seconds"),
        ],
    );
}
