//! Shared helpers for the spec worked-example tests (`spec_acl_policy.rs`,
//! `spec_principals.rs`): a table of request cases run against one script, and assertions on
//! load errors.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

pub mod e10;
pub mod parse;
pub mod props;

use mcauth::{Decision, Effect, Engine, LoadError, Model, Stage};
use serde_json::Value;

/// One request and the decision the spec expects for it.
#[derive(Debug, Clone)]
pub struct Case {
    /// Cites the worked example, e.g. "acl E2: no CreateInstance in A".
    pub name: &'static str,
    /// The request, as design §3 JSON.
    pub request_json: String,
    /// Allow or deny.
    pub expect_decision: Effect,
    /// The stage that decides (`Permission` for an allow).
    pub expect_stage: Stage,
    /// The decision's code, when the spec names one (`None`: not checked for a deny; an allow
    /// must have no code).
    pub expect_code: Option<&'static str>,
    /// A fragment that must appear in the message or in one of the reasons (text or source).
    pub expect_detail: Option<&'static str>,
}

impl Case {
    /// Also require `fragment` in the message or the reasons.
    pub fn detail(mut self, fragment: &'static str) -> Case {
        self.expect_detail = Some(fragment);
        self
    }
}

/// An expected allow.
pub fn allow(name: &'static str, request: Value) -> Case {
    Case {
        name,
        request_json: request.to_string(),
        expect_decision: Effect::Allow,
        expect_stage: Stage::Permission,
        expect_code: None,
        expect_detail: None,
    }
}

/// An expected allow of a console or external-data-source request (decided at `ram`).
pub fn allow_ram(name: &'static str, request: Value) -> Case {
    Case {
        expect_stage: Stage::Ram,
        ..allow(name, request)
    }
}

/// An expected deny at `stage` with `code`.
pub fn deny(name: &'static str, request: Value, stage: Stage, code: Option<&'static str>) -> Case {
    Case {
        name,
        request_json: request.to_string(),
        expect_decision: Effect::Deny,
        expect_stage: stage,
        expect_code: code,
        expect_detail: None,
    }
}

/// An expected deny at `permission` with `code`.
pub fn deny_permission(name: &'static str, request: Value, code: &'static str) -> Case {
    deny(name, request, Stage::Permission, Some(code))
}

/// A RAM trust policy that lets every identity of account 1000000000000001 assume the role.
pub const TRUST_ROOT: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
  "Principal":{"RAM":["acs:ram::1000000000000001:root"]}}]}"#;

/// A request on the project itself (`CreateInstance`, `List`, management actions).
pub fn on_project(principal: &str, project: &str, action: &str) -> Value {
    serde_json::json!({"principal": principal, "project": project, "action": action})
}

/// A request on an object of the request's own project.
pub fn on_object(principal: &str, project: &str, action: &str, ty: &str, name: &str) -> Value {
    serde_json::json!({
        "principal": principal, "project": project, "action": action,
        "object": {"type": ty, "name": name}
    })
}

/// A request, run in `project`, on an object of `object_project`.
pub fn cross(
    principal: &str,
    project: &str,
    action: &str,
    object_project: &str,
    ty: &str,
    name: &str,
) -> Value {
    serde_json::json!({
        "principal": principal, "project": project, "action": action,
        "object": {"type": ty, "name": name, "project": object_project}
    })
}

/// `request` with extra top-level fields (`source_ip`, `vpc`, ...).
pub fn with(mut request: Value, extra: Value) -> Value {
    let (Value::Object(r), Value::Object(e)) = (&mut request, extra) else {
        panic!("with(): both must be JSON objects");
    };
    r.extend(e);
    request
}

/// Join statements, one per line, so that line `n` of the script is `lines[n - 1]`.
pub fn lines(lines: &[&str]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// The 1-based line of the first line of `script` that contains `needle`.
pub fn line_of(script: &str, needle: &str) -> usize {
    script
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("`{needle}` is not in the script:\n{script}"))
}

/// Load `script` (named `file`) and compile it, or fail the test naming the load error.
pub fn engine(file: &str, script: &str) -> Engine {
    let model = Model::from_script_str(file, script)
        .unwrap_or_else(|e| panic!("{file} should load, but: {e}\n--- script ---\n{script}"));
    Engine::new(model).expect("engine")
}

fn describe(d: &Decision) -> String {
    let reasons: Vec<String> = d
        .reasons
        .iter()
        .map(|r| format!("{} ({})", r.text, r.source.as_deref().unwrap_or("-")))
        .collect();
    format!("{d} | reasons: [{}]", reasons.join("; "))
}

/// Why `d` does not meet `case`, if it does not.
fn mismatch(case: &Case, d: &Decision) -> Option<String> {
    let mut wrong = Vec::new();
    if d.decision != case.expect_decision {
        wrong.push(format!(
            "decision: expected {}, got {}",
            case.expect_decision, d.decision
        ));
    }
    if d.stage != case.expect_stage {
        wrong.push(format!(
            "stage: expected {}, got {}",
            case.expect_stage, d.stage
        ));
    }
    match (case.expect_decision, case.expect_code) {
        (Effect::Allow, _) if d.code.is_some() => {
            wrong.push(format!("code: expected none, got {:?}", d.code))
        }
        (_, Some(code)) if d.code.as_deref() != Some(code) => {
            wrong.push(format!("code: expected {code}, got {:?}", d.code))
        }
        _ => {}
    }
    if let Some(fragment) = case.expect_detail {
        let haystack = describe(d);
        if !haystack.contains(fragment) {
            wrong.push(format!(
                "detail: expected `{fragment}` in message or reasons"
            ));
        }
    }
    if wrong.is_empty() {
        None
    } else {
        Some(format!(
            "case \"{}\": {}\n    request: {}\n    got: {}",
            case.name,
            wrong.join("; "),
            case.request_json,
            describe(d)
        ))
    }
}

/// Decide the request `json` (any request form); a request that does not read fails the test,
/// naming the case.
#[track_caller]
pub fn decide_case(engine: &Engine, name: &str, json: &str) -> Decision {
    let request = mcauth::request::AnyRequest::from_json(json)
        .unwrap_or_else(|e| panic!("case \"{name}\": bad request: {e}"));
    engine.decide(&request)
}

/// Decide `request` (any request form); a request that does not read fails the test.
#[track_caller]
pub fn decide(engine: &Engine, request: &Value) -> Decision {
    let json = request.to_string();
    decide_case(engine, &json, &json)
}

/// Run every case against `engine`; fail listing every case that did not get its expected
/// decision.
pub fn check_cases(engine: &Engine, cases: &[Case]) {
    let mut failures = Vec::new();
    for case in cases {
        let d = decide_case(engine, case.name, &case.request_json);
        if let Some(m) = mismatch(case, &d) {
            failures.push(m);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Load `script` and run `cases` against it.
pub fn run(file: &str, script: &str, cases: &[Case]) {
    check_cases(&engine(file, script), cases);
}

/// The load error of `script`, or fail the test saying it loaded.
pub fn load_error(name: &str, file: &str, script: &str) -> LoadError {
    match Model::from_script_str(file, script) {
        Ok(_) => panic!("{name}: expected {file} to fail to load, but it loaded\n{script}"),
        Err(e) => e,
    }
}

/// `script` must fail to load with an error of the kind `ok` accepts (`what`, for the message)
/// at the line of `statement` that mentions `fragment`.
#[track_caller]
fn assert_load_error_kind(
    (name, file, script): (&str, &str, &str),
    statement: &str,
    fragment: &str,
    ok: fn(&LoadError) -> bool,
    what: &str,
) {
    let e = load_error(name, file, script);
    assert!(ok(&e), "{name}: expected {what}, got {e:?}");
    assert_error_text(name, file, script, &e, statement, fragment);
}

/// `script` must fail to load with a `Rejected` error at the line of `statement` that
/// mentions `fragment`.
#[track_caller]
pub fn assert_rejected(name: &str, file: &str, script: &str, statement: &str, fragment: &str) {
    assert_load_error_kind(
        (name, file, script),
        statement,
        fragment,
        |e| matches!(e, LoadError::Rejected { .. }),
        "a rejected statement",
    );
}

/// `script` must fail to load with an `Unsupported` error at the line of `statement`.
#[track_caller]
pub fn assert_unsupported(name: &str, file: &str, script: &str, statement: &str, fragment: &str) {
    assert_load_error_kind(
        (name, file, script),
        statement,
        fragment,
        |e| matches!(e, LoadError::Unsupported { .. }),
        "an unsupported statement",
    );
}

/// `script` must fail to load as a rejected statement or a syntax error (either names
/// `file:line:column`) at the line of `statement`, with `fragment` in the error.
#[track_caller]
pub fn assert_refused(name: &str, file: &str, script: &str, statement: &str, fragment: &str) {
    assert_load_error_kind(
        (name, file, script),
        statement,
        fragment,
        |e| matches!(e, LoadError::Rejected { .. } | LoadError::Syntax { .. }),
        "a rejected statement or a syntax error",
    );
}

/// `script` must fail to load with an error that starts with `file:line:column:` and contains
/// `fragment` (case-sensitive).
#[track_caller]
pub fn assert_load_error_at(
    name: &str,
    file: &str,
    script: &str,
    (line, column): (usize, usize),
    fragment: &str,
) {
    let text = load_error(name, file, script).to_string();
    let at = format!("{file}:{line}:{column}:");
    assert!(
        text.starts_with(&at),
        "{name}: expected the error at {at}..., got: {text}"
    );
    assert!(
        text.contains(fragment),
        "{name}: expected `{fragment}` in the error, got: {text}"
    );
}

/// The load error `e` of `script` names `file:<line of statement>:<column>:` first and
/// mentions `fragment` (in any case).
#[track_caller]
pub fn assert_error_text(
    name: &str,
    file: &str,
    script: &str,
    e: &LoadError,
    statement: &str,
    fragment: &str,
) {
    let text = e.to_string();
    let at = format!("{file}:{}:", line_of(script, statement));
    assert!(
        text.starts_with(&at),
        "{name}: expected the error at {at}..., got: {text}"
    );
    let column = text[at.len()..].split(':').next().unwrap_or("");
    assert!(
        column.parse::<usize>().is_ok(),
        "{name}: expected file:line:column, got: {text}"
    );
    assert!(
        text.to_lowercase().contains(&fragment.to_lowercase()),
        "{name}: expected `{fragment}` in the error, got: {text}"
    );
}

/// A scratch folder for scripts that name policy files; removed on drop.
pub struct Dir(pub std::path::PathBuf);

impl Dir {
    pub fn new(tag: &str) -> Dir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "mcauth-spec-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&p).unwrap();
        Dir(p)
    }

    pub fn write(&self, name: &str, text: &str) -> std::path::PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Load `script` (written as `name`) with its policy files beside it.
    pub fn model(&self, name: &str, script: &str) -> Model {
        let p = self.write(name, script);
        Model::from_scripts(&[&p]).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// [`Dir::model`], compiled.
    pub fn engine(&self, name: &str, script: &str) -> Engine {
        Engine::new(self.model(name, script)).unwrap()
    }

    pub fn load_error(&self, name: &str, script: &str) -> LoadError {
        let p = self.write(name, script);
        match Model::from_scripts(&[&p]) {
            Ok(_) => panic!("{name}: expected a load error"),
            Err(e) => e,
        }
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
