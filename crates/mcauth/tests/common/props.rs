//! Shared pieces of the property tests over generated configurations (`properties.rs`,
//! `label_properties.rs`): who a generated grant goes to, loading a generated script, and
//! generated table requests.

use mcauth::{Engine, Model, Request};
use proptest::prelude::*;
use std::fmt::Write as _;

/// The grantee of a generated statement: user `u<n>` or role `r<n>` (each test file names
/// them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    User(usize),
    Role(usize),
}

/// A user among `0..users` or a role among `0..roles`.
pub fn who(users: usize, roles: usize) -> impl Strategy<Value = Who> {
    prop_oneof![
        (0..users).prop_map(Who::User),
        (0..roles).prop_map(Who::Role)
    ]
}

/// Load the generated `script` (named `file`) and compile it, or fail showing the script.
pub fn generated_engine(file: &str, script: &str) -> Engine {
    let model = Model::from_script_str(file, script)
        .unwrap_or_else(|e| panic!("generated script does not load: {e}\n{script}"));
    Engine::new(model).unwrap()
}

/// The object of a generated table request: table `t<table>` (of `project`, when given) and
/// its columns `c<i>`.
#[derive(Debug, Clone, Copy)]
pub struct TableObject<'a> {
    pub table: usize,
    pub project: Option<&'a str>,
    pub columns: &'a [usize],
}

/// A request as design §3 JSON: `principal` runs `action` in `project`, on `object` when
/// given, with one more top-level string field `extra` (`time`, `task_type`) when given.
pub fn request_json(
    principal: &str,
    project: &str,
    action: &str,
    object: Option<TableObject<'_>>,
    extra: Option<(&str, &str)>,
) -> String {
    let mut s = format!(r#"{{"principal":"{principal}","project":"{project}","action":"{action}""#);
    if let Some(o) = object {
        let _ = write!(s, r#","object":{{"type":"table","name":"t{}""#, o.table);
        if let Some(p) = o.project {
            let _ = write!(s, r#","project":"{p}""#);
        }
        let cols: Vec<String> = o.columns.iter().map(|c| format!("\"c{c}\"")).collect();
        let _ = write!(s, r#","columns":[{}]}}"#, cols.join(","));
    }
    if let Some((key, value)) = extra {
        let _ = write!(s, r#","{key}":"{value}""#);
    }
    s.push('}');
    s
}

/// `json` parsed as a request, or fail showing it.
pub fn parse_request(json: &str) -> Request {
    Request::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}
