//! Invariants of authentication (issue 6): a key never authenticates before its delay has
//! passed, an expired token never authenticates (a DataWorks default-role credential within
//! RAM's default session of 3600 s), DataWorks environments survive a snapshot round trip, and
//! RAM logon names follow seed 001's rule (checked against an independent regular expression).
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
use mcauth::{Engine, Model, Stage};
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

const TRUST_DATAWORKS: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow",
  "Action":"sts:AssumeRole","Principal":{"Service":["dataworks.aliyuncs.com"]}}]}"#;

/// The role clause of a generated environment.
#[derive(Debug, Clone, Copy)]
enum EnvRole {
    None,
    Public,
    Default,
    Custom,
}

/// A project `p` with members bob and the role `dw` (which trusts DataWorks), carol who is no
/// member, and environments `e<i>` owned by bob (`true`) or carol with the given role clauses.
fn environments(envs: &[(bool, EnvRole)]) -> String {
    let mut script = format!(
        "at '{}';\n\
         create account ALIYUN$o@example.com uid 1000000000000001;\n\
         create ram user RAM$o@example.com:bob;\ncreate ram user RAM$o@example.com:carol;\n\
         create ram role `RAM$o@example.com:role/dw` trust 'dw.json';\n\
         create project p owner ALIYUN$o@example.com;\nuse p;\nadd accountprovider ram;\n\
         add user RAM$o@example.com:bob;\nadd user `RAM$o@example.com:role/dw`;\n\
         grant List on project p to user RAM$o@example.com:bob;\n\
         grant CreateInstance on project p to user `RAM$o@example.com:role/dw`;\n",
        t0()
    );
    for (i, (bob, role)) in envs.iter().enumerate() {
        let owner = if *bob { "bob" } else { "carol" };
        let clause = match role {
            EnvRole::None => "",
            EnvRole::Public => " public",
            EnvRole::Default => " default role",
            EnvRole::Custom => " role `RAM$o@example.com:role/dw`",
        };
        script.push_str(&format!(
            "create dataworks environment e{i} for RAM$o@example.com:{owner}{clause};\n"
        ));
    }
    script
}

fn env_role() -> impl Strategy<Value = EnvRole> {
    prop_oneof![
        Just(EnvRole::None),
        Just(EnvRole::Public),
        Just(EnvRole::Default),
        Just(EnvRole::Custom),
    ]
}

/// A request of environment `e<i>`'s credential.
fn env_request(
    i: usize,
    action: &str,
    issued: Timestamp,
    secs: i64,
    now: Timestamp,
) -> serde_json::Value {
    let expiration = issued.checked_add(SignedDuration::from_secs(secs)).unwrap();
    serde_json::json!({"sts": {"environment": format!("e{i}"), "issued_at": issued.to_string(),
        "expiration": expiration.to_string()}, "project": "p", "action": action,
        "time": now.to_string()})
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Semantics I16: the default role's credential follows I7 with RAM's default maximum
    /// session (900 to 3600 s), and then acts as its owner (bob may List).
    #[test]
    fn a_default_role_credential_lives_within_rams_default_session(
        issued in 0i64..600, secs in 0i64..8000, after_secs in -100i64..9000,
    ) {
        let dir = Dir::new("default-role-expiry");
        dir.write("dw.json", TRUST_DATAWORKS);
        let e = dir.engine("props.mcauth", &environments(&[(true, EnvRole::Default)]));
        let issued_at = at(issued);
        let now = issued_at.checked_add(SignedDuration::from_secs(after_secs)).unwrap();
        let d = decide(&e, &env_request(0, "List", issued_at, secs, now));
        let valid = (900..=3600).contains(&secs) && after_secs >= 0 && after_secs < secs;
        prop_assert_eq!(d.is_allowed(), valid, "{:?}", d);
        if !valid {
            prop_assert_eq!(d.stage, Stage::Authentication);
        }
    }

    /// export -> snapshot gives an equal model (and the same text again) and the same
    /// decisions for every environment's credential, whatever its role.
    #[test]
    fn environments_round_trip_through_snapshots(
        envs in prop::collection::vec((any::<bool>(), env_role()), 0..6),
    ) {
        let dir = Dir::new("env-snapshot");
        dir.write("dw.json", TRUST_DATAWORKS);
        let model = dir.model("props.mcauth", &environments(&envs));
        let json = model.to_snapshot_json();
        let back = Model::from_snapshot_str("snap.json", &json).unwrap();
        prop_assert_eq!(&back, &model);
        prop_assert_eq!(&back.to_snapshot_json(), &json);
        let (e1, e2) = (Engine::new(model).unwrap(), Engine::new(back).unwrap());
        let now = at(30);
        for i in 0..envs.len() {
            for action in ["List", "CreateInstance"] {
                let r = env_request(i, action, at(0), 3600, now);
                prop_assert_eq!(decide(&e1, &r), decide(&e2, &r));
            }
        }
    }

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

    /// Review S7: RAM CreateRole's `RoleName`, 1 to 64 letters, digits, `.` and `-`.
    #[test]
    fn role_names_follow_the_documented_rule(name in "[A-Za-z0-9._@+ -]{0,70}") {
        let reference = regex::Regex::new(r"^[A-Za-z0-9.-]{1,64}$").unwrap();
        let ours = mcauth::load::role_name(&Source::new("t.mcauth", 1, 1), &name);
        prop_assert_eq!(ours.is_ok(), reference.is_match(&name), "{:?}: {:?}", name, ours);
    }
}
