//! Invariants over random workspaces: what `render` writes loads, and has no drift from the
//! workspace it came from; one command-line grant to a member is exactly one "more".
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use mcauth_dataworks::drift::{drift, Direction};
use mcauth_dataworks::{render, DataWorksRole, Workspace};
use proptest::prelude::*;

/// A workspace document: mode, members with non-empty role sets, maybe a scheduler.
fn workspace_json() -> impl Strategy<Value = String> {
    let member_roles = prop::collection::btree_set(0..DataWorksRole::ALL.len(), 1..4);
    (
        any::<bool>(),
        prop::collection::vec(member_roles, 1..5),
        prop::option::of(0..3usize),
    )
        .prop_map(|(standard, members, scheduler)| {
            let members: Vec<String> = members
                .iter()
                .enumerate()
                .map(|(i, roles)| {
                    let roles: Vec<String> = roles
                        .iter()
                        .map(|r| format!("\"{}\"", DataWorksRole::ALL[*r].row().dataworks))
                        .collect();
                    format!(
                        r#"{{"user": "RAM$corp@example.com:u{i}", "roles": [{}]}}"#,
                        roles.join(", ")
                    )
                })
                .collect();
            let scheduler = scheduler
                .map(|s| format!(r#", "scheduler": "RAM$corp@example.com:u{s}""#))
                .unwrap_or_default();
            format!(
                r#"{{"name": "w", "mode": "{}", "owner": "ALIYUN$corp@example.com",
                    "members": [{}]{scheduler}}}"#,
                if standard { "standard" } else { "basic" },
                members.join(", ")
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_rendered_workspace_loads_and_has_no_drift(text in workspace_json()) {
        let ws = Workspace::parse("ws.json", &text).unwrap();
        let model = mcauth::Model::from_script_str("ws.mcauth", &render(&ws)).unwrap();
        let found = drift(&ws, &model);
        prop_assert!(found.is_empty(), "{:#?}", found);
    }

    #[test]
    fn one_direct_grant_is_exactly_one_more(text in workspace_json(), who in 0..5usize) {
        let ws = Workspace::parse("ws.json", &text).unwrap();
        let who = who % ws.members.len();
        let (project, _) = ws.projects()[0].clone();
        let script = format!(
            "{}login ALIYUN$corp@example.com;\nuse {project};\ncreate table t (x bigint);\n\
             grant Select on table t to user RAM$corp@example.com:u{who};\n",
            render(&ws)
        );
        let model = mcauth::Model::from_script_str("ws.mcauth", &script).unwrap();
        let found = drift(&ws, &model);
        prop_assert_eq!(found.len(), 1, "{:#?}", found);
        prop_assert_eq!(found[0].direction, Direction::More);
        prop_assert_eq!(
            &found[0].what,
            &format!("grant Select on table t to user RAM$corp@example.com:u{who}")
        );
    }
}
