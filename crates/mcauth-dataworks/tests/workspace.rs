//! Workspace files: DataWorks' rules (seed 003: the owner is an Alibaba Cloud account, members
//! are RAM users of that account; seed 004: one role per environment, none when public), each
//! refused at `file:line:column` with what was expected.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use mcauth_dataworks::workspace::EnvironmentRole;
use mcauth_dataworks::{Environment, Mode, Workspace, WorkspaceError};

const OK: &str = r#"{
  "name": "sales", "mode": "standard", "owner": "ALIYUN$corp@example.com",
  "owner_uid": "1000000000000001",
  "members": [{"user": "RAM$corp@example.com:dev", "roles": ["Development", "role_project_pe"]}],
  "scheduler": "RAM$corp@example.com:role/sched",
  "ram_roles": [{"role": "RAM$corp@example.com:role/sched", "trust": "t.json"}],
  "environments": [
    {"name": "e1", "member": "RAM$corp@example.com:dev", "role": "default"},
    {"name": "e2", "member": "RAM$corp@example.com:dev", "role": "RAM$corp@example.com:role/sched"},
    {"name": "e3", "member": "RAM$corp@example.com:dev", "public": true}
  ]
}"#;

#[test]
fn a_valid_workspace_reads_with_its_projects() {
    let ws = Workspace::parse("ws.json", OK).unwrap();
    assert_eq!(ws.mode.value, Mode::Standard);
    assert_eq!(
        ws.projects(),
        [
            ("sales_dev".to_string(), Environment::Development),
            ("sales".to_string(), Environment::Production)
        ]
    );
    assert_eq!(ws.members[0].roles.len(), 2);
    assert_eq!(
        format!("{}:", ws.members[0].roles[1].at),
        location_of(OK, "\"role_project_pe")
    );
    let roles: Vec<&EnvironmentRole> = ws.environments.iter().map(|e| &e.role.value).collect();
    assert_eq!(
        roles,
        [
            &EnvironmentRole::Default,
            &EnvironmentRole::Custom("RAM$corp@example.com:role/sched".into()),
            &EnvironmentRole::None
        ]
    );
    let basic = OK.replace("\"standard\"", "\"basic\"");
    let ws = Workspace::parse("ws.json", &basic).unwrap();
    assert_eq!(
        ws.projects(),
        [("sales".to_string(), Environment::Production)]
    );
}

/// (what breaks, replace this, with this, the text the error points at, a fragment of the
/// message)
const BROKEN: &[(&str, &str, &str, &str, &str)] = &[
    ("member of another account", "RAM$corp@example.com:dev\", \"roles\"", "RAM$other@example.com:dev\", \"roles\"", "\"RAM$other", "must belong to the owner's account `ALIYUN$corp@example.com`"),
    ("member that is an account", "RAM$corp@example.com:dev\", \"roles\"", "ALIYUN$x@example.com\", \"roles\"", "\"ALIYUN$x", "is not a RAM user of the owner's account"),
    ("member that is a RAM role", "RAM$corp@example.com:dev\", \"roles\"", "RAM$corp@example.com:role/r\", \"roles\"", "\"RAM$corp@example.com:role/r", "is not a RAM user"),
    ("unknown DataWorks role", "\"Development\"", "\"Developer\"", "\"Developer", "unknown DataWorks role `Developer`: expected one of Workspace Administrator, Development, O&M"),
    ("role listed twice", "\"role_project_pe\"", "\"development\"", "\"development", "listed twice"),
    ("no roles", "[\"Development\", \"role_project_pe\"]", "[]", "[]", "at least one DataWorks role"),
    ("owner is a RAM user", "\"owner\": \"ALIYUN$corp@example.com\"", "\"owner\": \"RAM$corp@example.com:x\"", "\"RAM$corp@example.com:x", "must be an Alibaba Cloud account"),
    ("bad mode", "\"standard\"", "\"advanced\"", "\"advanced", "expected `basic` or `standard`"),
    ("bad uid", "1000000000000001", "123", "\"123", "exactly 16 digits"),
    ("bad name", "\"sales\"", "\"sales-2\"", "\"sales-2", "expected a letter, then letters, digits and `_`"),
    ("field given twice", "\"mode\": \"standard\",", "\"mode\": \"standard\", \"mode\": \"basic\",", "\"mode\": \"basic", "duplicate member `mode`"),
    ("unknown field", "\"owner_uid\"", "\"owner_id\"", "\"owner_id", "unknown field `owner_id`: expected"),
    ("scheduler of another account", "\"scheduler\": \"RAM$corp@example.com:role/sched\"", "\"scheduler\": \"RAM$other@example.com:etl\"", "\"RAM$other@example.com:etl", "must belong to the owner's account"),
    ("scheduler role not declared", "\"scheduler\": \"RAM$corp@example.com:role/sched\"", "\"scheduler\": \"RAM$corp@example.com:role/nope\"", "\"RAM$corp@example.com:role/nope", "is not in `ram_roles`"),
    ("public environment with a role", "\"public\": true", "\"public\": true, \"role\": \"DEFAULT\"", "\"DEFAULT", "is public, so it must not have a RAM role"),
    ("environment role not declared", "\"role\": \"RAM$corp@example.com:role/sched\"}", "\"role\": \"RAM$corp@example.com:role/x\"}", "\"RAM$corp@example.com:role/x", "expected `default` (the DataWorks default role) or a role listed in `ram_roles`"),
    ("environment of a non-member", "{\"name\": \"e3\", \"member\": \"RAM$corp@example.com:dev\"", "{\"name\": \"e3\", \"member\": \"RAM$corp@example.com:eve\"", "\"RAM$corp@example.com:eve", "who is not a member of the workspace"),
    ("environment twice", "\"name\": \"e3\"", "\"name\": \"E1\"", "\"E1", "listed twice"),
    ("missing name", "\"name\": \"sales\", ", "", "{", "a workspace object has no `name`"),
    ("not JSON", "\"mode\": \"standard\",", "\"mode\": \"standard\"", "\"owner\": \"ALIYUN", "expected `,` or `}`"),
];

/// `ws.json:<line>:<column>` of the first occurrence of `needle` (after the last newline it
/// starts with, if any).
fn location_of(text: &str, needle: &str) -> String {
    let offset = text.find(needle).unwrap() + (needle.len() - needle.trim_start().len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("ws.json:{line}:{column}:")
}

#[test]
fn each_broken_rule_is_refused_where_it_is_written() {
    for (what, from, to, at, says) in BROKEN {
        assert!(OK.contains(from), "{what}: the fixture has `{from}`");
        let text = OK.replacen(from, to, 1);
        let err = Workspace::parse("ws.json", &text).expect_err(what);
        let message = err.to_string();
        let at = location_of(&text, at);
        assert!(
            message.starts_with(&at),
            "{what}: expected at {at}: {message}"
        );
        assert!(
            message.contains(says),
            "{what}: expected `{says}` in: {message}"
        );
    }
}

#[test]
fn a_missing_file_is_a_read_error() {
    let err = Workspace::from_file("/nonexistent/ws.json").unwrap_err();
    assert!(matches!(err, WorkspaceError::Read { .. }), "{err}");
    assert!(err
        .to_string()
        .starts_with("cannot read `/nonexistent/ws.json`"));
}
