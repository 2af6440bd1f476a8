//! Invariants of authentication (issue 6): a key never authenticates before its delay has
//! passed, an expired token never authenticates, and RAM logon names follow seed 001's rule
//! (checked against an independent regular expression).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::{decide, Dir, TRUST_ROOT};
use jiff::{SignedDuration, Timestamp};
use mcauth::location::Source;
use mcauth::{Engine, Stage};
use proptest::prelude::*;

fn t0() -> Timestamp {
    "2026-03-01T00:00:00Z".parse().unwrap()
}

fn at(minutes: i64) -> Timestamp {
    t0().checked_add(SignedDuration::from_secs(minutes * 60))
        .unwrap()
}

/// A project `p` where bob (key K made at `created` minutes) and the role `etl` may List.
fn engine(dir: &Dir, created: i64) -> Engine {
    dir.write("trust.json", TRUST_ROOT);
    let script = format!(
        "at '{}';\n\
         create account ALIYUN$o@example.com uid 1000000000000001;\n\
         create ram user RAM$o@example.com:bob;\n\
         attach policy AliyunSTSAssumeRoleAccess to ram user RAM$o@example.com:bob;\n\
         create ram role `RAM$o@example.com:role/etl` trust 'trust.json' max session 43200;\n\
         create project p owner ALIYUN$o@example.com;\nuse p;\nadd accountprovider ram;\n\
         add user RAM$o@example.com:bob;\nadd user `RAM$o@example.com:role/etl`;\n\
         grant List on project p to user RAM$o@example.com:bob;\n\
         grant List on project p to user `RAM$o@example.com:role/etl`;\n\
         at '{}';\ncreate accesskey K for RAM$o@example.com:bob;\n",
        t0(),
        at(created)
    );
    dir.engine("props.mcauth", &script)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_key_never_authenticates_before_its_delay(created in 0i64..600, after in -30i64..60) {
        let dir = Dir::new("key-delay");
        let e = engine(&dir, created);
        let when = at(created + after);
        let d = decide(&e, &serde_json::json!({"access_key_id": "K", "project": "p",
            "action": "List", "time": when.to_string()}));
        if after < 15 {
            prop_assert_eq!(d.stage, Stage::Authentication, "{:?}", d);
            prop_assert!(!d.is_allowed());
        } else {
            prop_assert!(d.is_allowed(), "{:?}", d);
        }
    }

    #[test]
    fn an_expired_token_never_authenticates(
        issued in 0i64..600, secs in 900u64..43200, after_secs in -100i64..50000,
    ) {
        let dir = Dir::new("sts-expiry");
        let e = engine(&dir, 0);
        let issued_at = at(issued);
        let now = issued_at.checked_add(SignedDuration::from_secs(after_secs)).unwrap();
        let d = decide(&e, &serde_json::json!({"sts": {"role": "RAM$o@example.com:role/etl",
            "caller": "RAM$o@example.com:bob", "issued_at": issued_at.to_string(),
            "duration_seconds": secs}, "project": "p", "action": "List",
            "time": now.to_string()}));
        let valid = after_secs >= 0 && (after_secs as u64) < secs;
        prop_assert_eq!(d.is_allowed(), valid, "{:?}", d);
        if !valid {
            prop_assert_eq!(d.stage, Stage::Authentication);
        }
    }

    #[test]
    fn logon_names_follow_the_documented_rule(name in "[A-Za-z0-9._@+ -]{0,140}") {
        let reference = regex::Regex::new(r"^[A-Za-z0-9._-]{1,128}$").unwrap();
        let ours = mcauth::load::logon_name(&Source::new("t.mcauth", 1, 1), &name);
        prop_assert_eq!(ours.is_ok(), reference.is_match(&name), "{:?}: {:?}", name, ours);
    }
}
