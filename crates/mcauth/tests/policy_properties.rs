//! Property tests for policies: a matching Deny always wins, and glob/ARN matching agrees with a
//! naive reference matcher.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::Dir;
use mcauth::glob::glob;
use mcauth::{DenyKind, Request, Stage};
use proptest::prelude::*;

/// The reference: try every split, recursively. Exponential, fine for short strings.
fn reference(p: &[char], t: &[char]) -> bool {
    match p.split_first() {
        None => t.is_empty(),
        Some(('*', rest)) => (0..=t.len()).any(|i| reference(rest, &t[i..])),
        Some(('?', rest)) => !t.is_empty() && reference(rest, &t[1..]),
        Some((c, rest)) => t.first() == Some(c) && reference(rest, &t[1..]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn glob_agrees_with_the_reference(p in "[ab/*?]{0,8}", t in "[ab/]{0,10}") {
        let pc: Vec<char> = p.chars().collect();
        let tc: Vec<char> = t.chars().collect();
        prop_assert_eq!(glob(&p, &t), reference(&pc, &tc), "pattern {:?} text {:?}", p, t);
    }

    #[test]
    fn resource_patterns_match_like_globs_on_the_normal_form(
        table in "[a-c_]{1,6}", pat in "[a-c_*?]{1,6}", project in "[a-c]{1,4}"
    ) {
        let n = mcauth::policy::arn::normalize_pattern(&format!("acs:odps:*:projects/{project}/tables/{pat}")).unwrap();
        let path = mcauth::policy::arn::object_path(&project, mcauth::ObjectType::Table, &table);
        let pc: Vec<char> = n.chars().collect();
        let tc: Vec<char> = path.chars().collect();
        prop_assert_eq!(glob(&n, &path), reference(&pc, &tc));
    }
}

#[derive(Debug, Clone)]
struct Setup {
    acl: Vec<(usize, usize, bool)>, // (table, action, to role?)
    allow_role_policy: bool,
    super_admin: bool,
    deny_table: usize,
    deny_action: usize,
    deny_in_project_policy: bool,
    request_table: usize,
    request_action: usize,
}

const ACTIONS: [&str; 4] = ["Select", "Describe", "Update", "Drop"];

fn setups() -> impl Strategy<Value = Setup> {
    (
        proptest::collection::vec((0..3usize, 0..5usize, any::<bool>()), 0..8),
        any::<bool>(),
        any::<bool>(),
        0..3usize,
        0..4usize,
        any::<bool>(),
        0..3usize,
        0..4usize,
    )
        .prop_map(
            |(
                acl,
                allow_role_policy,
                super_admin,
                deny_table,
                deny_action,
                deny_in_project_policy,
                request_table,
                request_action,
            )| Setup {
                acl,
                allow_role_policy,
                super_admin,
                deny_table,
                deny_action,
                deny_in_project_policy,
                request_table,
                request_action,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_matching_deny_always_wins(s in setups()) {
        let dir = Dir::new("denyprop");
        let u = "ALIYUN$u@example.com";
        let mut script = format!(
            "create project p owner ALIYUN$o@example.com;\nuse p;\nadd user {u};\n\
             create table t0 (a bigint);\ncreate table t1 (a bigint);\ncreate table t2 (a bigint);\n\
             create role r;\ngrant r to {u};\ngrant CreateInstance on project p to user {u};\n"
        );
        for (t, a, role) in &s.acl {
            let action = if *a == 4 { "All" } else { ACTIONS[*a] };
            let who = if *role { "role r".to_string() } else { format!("user {u}") };
            script.push_str(&format!("grant {action} on table t{t} to {who};\n"));
        }
        if s.super_admin {
            script.push_str(&format!("grant super_administrator to {u};\n"));
        }
        let deny = format!(
            r#"{{"Effect":"Deny","Action":"odps:{}","Resource":"acs:odps:*:projects/p/tables/t{}"{}}}"#,
            ACTIONS[s.deny_action],
            s.deny_table,
            if s.deny_in_project_policy { format!(r#","Principal":"{u}""#) } else { String::new() }
        );
        let allow = r#"{"Effect":"Allow","Action":"odps:*","Resource":"acs:odps:*:projects/p/tables/*"}"#;
        let role_statements = match (s.allow_role_policy, s.deny_in_project_policy) {
            (true, true) => allow.to_string(),
            (true, false) => format!("{allow},{deny}"),
            (false, true) => String::new(),
            (false, false) => deny.clone(),
        };
        if !role_statements.is_empty() {
            dir.write("role.json", &format!(r#"{{"Version":"1","Statement":[{role_statements}]}}"#));
            script.push_str("put policy role.json on role r;\n");
        }
        if s.deny_in_project_policy {
            dir.write("project.json", &format!(r#"{{"Version":"1","Statement":[{deny}]}}"#));
            script.push_str("put policy project.json;\n");
        }
        let engine = dir.engine("p.mcauth", &script);
        let req = Request::from_json(&format!(
            r#"{{"principal":"{u}","project":"p","action":"{}","object":{{"type":"table","name":"t{}"}}}}"#,
            ACTIONS[s.request_action], s.request_table
        )).unwrap();
        let d = engine.check(&req);
        if s.request_table == s.deny_table && s.request_action == s.deny_action {
            prop_assert!(!d.is_allowed(), "{:?}", d);
            prop_assert_eq!(d.stage, Stage::Permission);
            prop_assert_eq!(d.deny_kind, Some(DenyKind::Explicit));
            prop_assert_eq!(d.code.as_deref(), Some("4011"));
            prop_assert!(d.reasons.iter().any(|r| r.source.as_deref().is_some_and(|s| s.contains(".json:1:"))), "{:?}", d);
        } else {
            prop_assert_ne!(d.deny_kind, Some(DenyKind::Explicit), "{:?}", d);
        }
    }
}
