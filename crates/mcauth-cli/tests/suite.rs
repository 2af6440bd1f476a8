//! End-to-end tests of `mcauth test` (design §5; `docs/formats.md`, "Test suites";
//! `docs/semantics.md` T1–T9): every fixture's suite passes, a failing case shows what differed
//! and the explain trace, `--filter`, the JSON format, and bad suites named at
//! `suite:line:column`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;
use serde_json::Value;

/// The quickstart script, by absolute path, for suites written to scratch folders.
fn sales() -> String {
    workspace_root()
        .join("fixtures/quickstart/sales.mcauth")
        .canonicalize()
        .unwrap()
        .display()
        .to_string()
}

/// From inside the whitelist of `sales`.
const OWNER_LISTS_SALES: &str = r#"{"principal": "ALIYUN$owner@example.com", "project": "sales", "action": "List", "source_ip": "10.0.0.1"}"#;
const OWNER_LISTS_ARCHIVE: &str =
    r#"{"principal": "ALIYUN$owner@example.com", "project": "archive", "action": "List"}"#;

/// A suite named `t` over the quickstart script with `cases` (JSON text of the array's items).
fn suite_text(cases: &str) -> String {
    format!(
        "{{\"name\": \"t\", \"scripts\": [{}],\n \"cases\": [\n{cases}\n]}}\n",
        serde_json::to_string(&sales()).unwrap()
    )
}

/// Two cases: one that passes and one that fails (archive is frozen: a deny at
/// project_status, not an allow).
fn one_pass_one_fail() -> String {
    suite_text(&format!(
        r#"  {{"name": "owner lists sales", "request": {OWNER_LISTS_SALES},
    "expect": {{"decision": "allow", "stage": "permission", "reasons": [{{"kind": "owner"}}]}}}},
  {{"name": "frozen", "why": "a wrong expectation, on purpose", "request": {OWNER_LISTS_ARCHIVE},
    "expect": {{"decision": "allow", "stage": "permission", "code": "4093"}}}}"#
    ))
}

fn last_line(s: &str) -> &str {
    s.lines().last().unwrap_or_default()
}

// ---------------------------------------------------------------------------- the fixtures

#[test]
fn every_fixture_has_a_suite_and_every_suite_passes() {
    let suites = fixture_suites();
    let fixtures: Vec<String> = std::fs::read_dir(workspace_root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    for f in &fixtures {
        assert!(
            suites
                .iter()
                .any(|s| s.starts_with(&format!("fixtures/{f}/"))),
            "fixtures/{f} has no *.suite.json: {suites:?}"
        );
    }
    for suite in &suites {
        let n = suite_cases(suite).len();
        assert!(n > 0, "{suite}");
        let run = mcauth_in(&workspace_root(), &["test", suite]);
        assert_eq!(run.code, 0, "{suite}: {run:#?}");
        assert_eq!(run.stdout, format!("{n} passed, 0 failed\n"), "{suite}");
        assert!(run.stderr.is_empty(), "{run:#?}");
    }
}

#[test]
fn several_suites_print_a_line_each_and_the_total() {
    let suites = fixture_suites();
    let mut args = vec!["test"];
    args.extend(suites.iter().map(String::as_str));
    let run = mcauth_in(&workspace_root(), &args);
    assert_eq!(run.code, 0, "{run:#?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), suites.len() + 1, "{}", run.stdout);
    let mut total = 0;
    for (line, suite) in lines.iter().zip(&suites) {
        let n = suite_cases(suite).len();
        total += n;
        assert!(line.ends_with(&format!(": {n} passed, 0 failed")), "{line}");
    }
    assert_eq!(last_line(&run.stdout), format!("{total} passed, 0 failed"));
}

#[test]
fn script_paths_are_relative_to_the_suite_file_not_the_working_directory() {
    let elsewhere = TempDir::new("suite-cwd");
    let suite = workspace_root()
        .join("fixtures/quickstart/quickstart.suite.json")
        .canonicalize()
        .unwrap();
    let run = mcauth_in(&elsewhere.0, &["test", path_str(&suite)]);
    assert_eq!(run.code, 0, "{run:#?}");
}

/// semantics T9: a fixture's `requests.jsonl` (which the README runs with `check --requests`)
/// holds the requests of its suite, in the same order, so the two cannot drift apart.
#[test]
fn a_fixtures_requests_file_holds_the_requests_of_its_suite() {
    let mut compared = 0;
    for suite in fixture_suites() {
        let dir = workspace_root().join(&suite);
        let jsonl = dir.parent().unwrap().join("requests.jsonl");
        let Ok(text) = std::fs::read_to_string(&jsonl) else {
            continue;
        };
        let lines: Vec<Value> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("//"))
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let cases: Vec<Value> = suite_cases(&suite).into_iter().map(|c| c.request).collect();
        assert_eq!(lines, cases, "{suite} and {}", jsonl.display());
        compared += 1;
    }
    assert_eq!(compared, 5, "the five fixtures keep their requests files");
}

// ------------------------------------------------------------------------------ failures

#[test]
fn a_failing_case_exits_2_and_shows_what_differed_and_the_trace() {
    let dir = TempDir::new("suite-fail");
    dir.write("t.suite.json", &one_pass_one_fail());
    let run = mcauth_in(&dir.0, &["test", "t.suite.json"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.stderr.is_empty(), "{run:#?}");
    let out = &run.stdout;
    // The header names the suite, the case and where it is; the passing case prints nothing.
    assert!(
        out.starts_with(
            "FAILED  t / frozen  (t.suite.json:5:3)\n  why: a wrong expectation, on purpose\n"
        ),
        "{out}"
    );
    assert!(!out.contains("owner lists sales"), "{out}");
    for want in [
        "  decision: expected allow, got deny\n",
        "  stage: expected permission, got project_status\n",
        // The code is right: it is not listed.
        // The trace, as `mcauth explain` prints it.
        "request:  ALIYUN$owner@example.com List project archive\n",
        "decision: DENY\n",
        "4. project_status  FAIL\n",
        "   => deny because project archive is FROZEN",
        "5. permission      not reached\n",
    ] {
        assert!(out.contains(want), "{want:?} in:\n{out}");
    }
    assert!(!out.contains("  code:"), "{out}");
    assert_eq!(last_line(out), "1 passed, 1 failed");

    // The trace is exactly what `explain` prints for the same request.
    let explain = mcauth_in(
        &dir.0,
        &[
            "explain",
            "--script",
            &sales(),
            "--request",
            OWNER_LISTS_ARCHIVE,
        ],
    );
    assert!(
        out.contains(&explain.stdout),
        "{out}\n---\n{}",
        explain.stdout
    );
}

#[test]
fn each_kind_of_expectation_names_what_it_wanted_and_what_it_got() {
    let dir = TempDir::new("suite-mismatch");
    let cases = format!(
        r#"  {{"name": "wrong everything", "request": {OWNER_LISTS_ARCHIVE},
    "expect": {{"decision": "deny", "stage": "project_status", "deny_kind": "explicit",
      "code": "4019", "message": ["FROZEN", "AllDenied", "alldenied"],
      "reasons": ["archive is FROZEN", "nowhere.mcauth",
                  {{"kind": "status", "effect": "deny", "source": "sales.mcauth:56"}},
                  {{"kind": "status", "source": "sales.mcauth:57"}}]}}}}"#
    );
    dir.write("t.suite.json", &suite_text(&cases));
    let run = mcauth_in(&dir.0, &["test", "t.suite.json"]);
    assert_eq!(run.code, 2, "{run:#?}");
    let out = &run.stdout;
    for want in [
        "  deny_kind: expected explicit, got none\n",
        "  code: expected 4019, got 4093\n",
        "  message: expected a message containing \"FROZEN\", got \"Authorization Failed [4093]",
        // Fragments are case-sensitive (semantics T2).
        "  message: expected a message containing \"alldenied\", got ",
        "  reasons: expected a reason mentioning \"nowhere.mcauth\", got 1 reason, which does \
         not match\n",
        "  reasons: expected a reason with kind status, source sales.mcauth:57, got 1 reason, \
         which does not match\n",
    ] {
        assert!(out.contains(want), "{want:?} in:\n{out}");
    }
    // What held is not listed: the decision, the stage, "AllDenied", the reasons that match.
    for held in [
        "  decision:",
        "  stage:",
        "containing \"AllDenied\"",
        "mentioning \"archive is FROZEN\"",
        "source sales.mcauth:56",
    ] {
        assert!(!out.contains(held), "{held:?} in:\n{out}");
    }
    assert_eq!(last_line(out), "0 passed, 1 failed");
}

// -------------------------------------------------------------------------------- filter

#[test]
fn filter_runs_the_cases_whose_name_or_suite_and_name_contain_the_text() {
    let dir = TempDir::new("suite-filter");
    dir.write("t.suite.json", &one_pass_one_fail());
    let t = |filter: &str| mcauth_in(&dir.0, &["test", "t.suite.json", "--filter", filter]);
    let run = t("owner lists");
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stdout, "1 passed, 0 failed\n");
    let run = t("t/froz");
    assert_eq!(run.code, 2, "{run:#?}");
    assert_eq!(last_line(&run.stdout), "0 passed, 1 failed");
    // Case-sensitive (semantics T4).
    let run = t("Frozen");
    assert_bad_input(&run, &["--filter `Frozen` selects no case"]);

    // Across the fixtures: `<suite name>/` selects one suite's cases.
    let run = mcauth_in(
        &workspace_root(),
        &[
            "test",
            "fixtures/quickstart/quickstart.suite.json",
            "fixtures/identities/identities.suite.json",
            "--filter",
            "identities/sts",
        ],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let n = suite_cases("fixtures/identities/identities.suite.json")
        .iter()
        .filter(|c| c.name.starts_with("sts"))
        .count();
    assert!(n > 1);
    assert_eq!(
        run.stdout,
        format!("{n} passed, 0 failed\n"),
        "one suite ran"
    );
}

// ---------------------------------------------------------------------------------- json

#[test]
fn json_prints_every_case_and_a_summary() {
    let dir = TempDir::new("suite-json");
    dir.write("t.suite.json", &one_pass_one_fail());
    let run = mcauth_in(&dir.0, &["test", "t.suite.json", "--format", "json"]);
    assert_eq!(run.code, 2, "{run:#?}");
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let (pass, fail) = (&lines[0], &lines[1]);
    let mut want = [
        "suite",
        "name",
        "source",
        "why",
        "passed",
        "mismatches",
        "decision",
    ]
    .map(String::from)
    .to_vec();
    want.sort();
    let mut got = keys(pass);
    got.sort();
    assert_eq!(got, want);
    assert!(
        run.stdout
            .starts_with("{\"suite\":\"t\",\"name\":\"owner lists sales\","),
        "members in the documented order: {}",
        run.stdout
    );
    assert_eq!(pass["passed"], true);
    assert_eq!(pass["mismatches"], serde_json::json!([]));
    assert!(pass["why"].is_null());
    assert_eq!(pass["decision"]["decision"], "allow");
    assert_eq!(fail["name"], "frozen");
    assert_eq!(fail["source"], "t.suite.json:5:3");
    assert_eq!(fail["why"], "a wrong expectation, on purpose");
    assert_eq!(fail["passed"], false);
    assert_eq!(
        fail["mismatches"],
        serde_json::json!([
            {"field": "decision", "expected": "allow", "actual": "deny"},
            {"field": "stage", "expected": "permission", "actual": "project_status"}
        ])
    );
    assert_eq!(fail["decision"]["stage"], "project_status");
    assert_eq!(fail["decision"]["code"], "4093");
    assert_eq!(
        lines[2],
        serde_json::json!({"summary": {"passed": 1, "failed": 1}})
    );
}

// ----------------------------------------------------------------------------- snapshots

/// semantics T1: `snapshots` apply first, then `scripts`, as `--snapshot s --script c` does.
#[test]
fn snapshots_apply_before_scripts() {
    let dir = TempDir::new("suite-snapshot");
    let export = mcauth(["export", "--script", &sales()]);
    assert_eq!(export.code, 0, "{export:#?}");
    dir.write("sales.json", &export.stdout);
    dir.write("thaw.mcauth", "alter project archive status available;\n");
    let suite = format!(
        r#"{{"name": "s", "scripts": ["thaw.mcauth"], "snapshots": ["sales.json"],
  "cases": [{{"name": "archive thawed", "request": {OWNER_LISTS_ARCHIVE},
              "expect": {{"decision": "allow", "reasons": [{{"kind": "owner"}}]}}}}]}}"#
    );
    dir.write("s.suite.json", &suite);
    let run = mcauth_in(&dir.0, &["test", "s.suite.json"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stdout, "1 passed, 0 failed\n");
}

// ----------------------------------------------------------------------------- bad input

/// Write `text` as `t.suite.json` (with `bad.mcauth` beside it) and expect exit 1 with an
/// error at `t.suite.json:<line>:<column>` of `at` (the first occurrence of that text), saying
/// `want`.
#[track_caller]
fn bad_suite(text: &str, at: &str, want: &str) {
    let dir = TempDir::new("suite-bad");
    dir.write("t.suite.json", text);
    dir.write(
        "bad.mcauth",
        "create project p owner ALIYUN$o@example.com;\nfrobnicate;\n",
    );
    let offset = text
        .find(at)
        .unwrap_or_else(|| panic!("{at:?} not in {text}"));
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[..offset].rsplit('\n').next().unwrap().chars().count() + 1;
    let run = mcauth_in(&dir.0, &["test", "t.suite.json"]);
    assert_bad_input(
        &run,
        &[&format!("error: t.suite.json:{line}:{column}: {want}")],
    );
}

fn with_expect(expect: &str) -> String {
    suite_text(&format!(
        r#"  {{"name": "c", "request": {OWNER_LISTS_SALES}, "expect": {expect}}}"#
    ))
}

#[test]
fn bad_suites_are_named_at_their_position() {
    bad_suite(
        "{\"name\": \"t\",\n \"cases\": [}",
        "}",
        "expected a JSON value",
    );
    bad_suite(
        &suite_text("").replace("\"cases\"", "\"tests\""),
        "\"tests\"",
        "unknown member `tests`: expected name, scripts, snapshots, cases",
    );
    bad_suite(&suite_text(""), "[\n", "expected at least one case");
    bad_suite(
        r#"{"name": "t", "cases": []}"#,
        "{",
        "the suite names no configuration",
    );
    bad_suite(
        &with_expect(r#"{"decision": "allow"}"#).replace("\"name\": \"c\", ", ""),
        "{\"request\"",
        "a case object has no `name`",
    );
    bad_suite(
        &with_expect(r#"{"stage": "permission"}"#),
        "{\"stage\"",
        "an expect object has no `decision`",
    );
    bad_suite(
        &with_expect(r#"{"decision": "allowed"}"#),
        "\"allowed\"",
        "unknown decision `allowed`: expected `allow` or `deny`",
    );
    bad_suite(
        &with_expect(r#"{"decision": "deny", "stage": "whitelist"}"#),
        "\"whitelist\"",
        "unknown stage `whitelist`: expected one of `authentication`, `membership`, \
         `ip_whitelist`, `project_status`, `permission`, `ram`",
    );
    bad_suite(
        &with_expect(r#"{"decision": "deny", "Stage": "membership"}"#),
        "\"Stage\"",
        "unknown member `Stage`: names are case-sensitive, expected `stage`",
    );
    bad_suite(
        &with_expect(r#"{"decision": "deny", "reasons": [{"kind": "grants"}]}"#),
        "\"grants\"",
        "unknown reason kind `grants`: expected one of `grant`,",
    );
    bad_suite(
        &with_expect(r#"{"decision": "deny", "reasons": [{"source": "a.mcauth:0"}]}"#),
        "\"a.mcauth:0\"",
        "source `a.mcauth:0`: expected `file`, `file:line` or `file:line:column`",
    );
    bad_suite(
        &with_expect(r#"{"decision": "deny", "reasons": [{}]}"#),
        "{}",
        "expected at least one of `kind`, `effect`, `text`, `source`",
    );
    bad_suite(
        &with_expect(r#"{"decision": "deny", "reasons": [3]}"#),
        "3]",
        "expected a reason as a string or an object, found a number",
    );
}

#[test]
fn a_bad_request_is_named_at_the_member_at_fault() {
    let case = |request: &str| {
        suite_text(&format!(
            r#"  {{"name": "c", "request": {request}, "expect": {{"decision": "allow"}}}}"#
        ))
    };
    bad_suite(
        &case(r#"{"principal": "ALIYUN$owner@example.com", "project": "sales", "action": "Lst"}"#),
        "\"Lst\"",
        "case `c`: invalid request: unknown action `Lst`",
    );
    bad_suite(
        &case(
            r#"{"principal": "ALIYUN$owner@example.com", "project": "sales", "action": "List", "bogus": 1}"#,
        ),
        // The value of the field at fault, as `check --requests` names it.
        "1}, \"expect\"",
        "case `c`: invalid request: unknown field `bogus`",
    );
    bad_suite(
        &case(r#"{"principal": "ALIYUN$owner@example.com", "action": "List"}"#),
        "{\"principal\"",
        "case `c`: invalid request: missing field `project`",
    );
    bad_suite(
        &case("[]"),
        "[]",
        "case `c`: invalid request: expected the request as an object, found an array",
    );
}

/// One locator for every reader of requests: a bad request in a suite case and the same
/// request on a line of a requests file name the same field, with the same message, at the
/// same column of the request.
#[test]
fn a_bad_request_is_named_alike_in_a_suite_and_in_a_requests_file() {
    let dir = TempDir::new("suite-agree");
    let requests = [
        // A top-level `columns`, where `object.columns` exists too.
        r#"{"principal": "ALIYUN$owner@example.com", "project": "sales", "action": "Select", "object": {"type": "table", "name": "orders", "columns": ["id"]}, "columns": 1}"#,
        r#"{"principal": "ALIYUN$owner@example.com", "project": "sales", "action": "Select", "object": {"type": "tabel", "name": "orders"}}"#,
        r#"{"principal": "ALIYUN$owner@example.com", "project": "sales", "action": "List", "time": "yesterday"}"#,
        r#"{"principal": "ALIYUN$owner@example.com", "action": "List"}"#,
    ];
    for (request, field) in requests.iter().zip([
        Some(("columns", "1}")),
        Some(("object.type", "\"tabel\"")),
        Some(("time", "\"yesterday\"")),
        None,
    ]) {
        let suite = suite_text(&format!(
            r#"  {{"name": "c", "request": {request}, "expect": {{"decision": "allow"}}}}"#
        ));
        dir.write("t.suite.json", &suite);
        dir.write("r.jsonl", &format!("{request}\n"));
        let in_suite = mcauth_in(&dir.0, &["test", "t.suite.json"]);
        let in_file = mcauth_in(
            &dir.0,
            &["check", "--script", &sales(), "--requests", "r.jsonl"],
        );
        assert_eq!(
            (in_suite.code, in_file.code),
            (1, 1),
            "{in_suite:#?} {in_file:#?}"
        );
        // `error: <file>:<line>:<column>: <message>`
        let split = |stderr: &str| {
            let rest = stderr.strip_prefix("error: ").unwrap();
            let (file, rest) = rest.split_once(':').unwrap();
            let (line, rest) = rest.split_once(':').unwrap();
            let (column, message) = rest.split_once(": ").unwrap();
            let column: usize = column.parse().unwrap();
            (
                file.to_string(),
                line.to_string(),
                column,
                message.trim_end().to_string(),
            )
        };
        let (file, line, suite_column, suite_message) = split(&in_suite.stderr);
        assert_eq!((file.as_str(), line.as_str()), ("t.suite.json", "3"));
        let (file, line, file_column, file_message) = split(&in_file.stderr);
        assert_eq!((file.as_str(), line.as_str()), ("r.jsonl", "1"));
        assert_eq!(suite_message, format!("case `c`: {file_message}"));
        // The request starts on the suite's line 3, after `  {"name": "c", "request": `, and
        // at column 1 of the file's line.
        let start = suite.lines().nth(2).unwrap().find(request).unwrap();
        assert_eq!(start, r#"  {"name": "c", "request": "#.len());
        assert_eq!(suite_column - start, file_column, "{request}");
        match field {
            Some((path, value)) => {
                assert_eq!(file_column, request.find(value).unwrap() + 1, "{request}");
                assert!(
                    file_message.ends_with(&format!("(field `{path}`)")),
                    "{file_message}"
                );
            }
            None => {
                assert_eq!(file_column, 1);
                assert!(!file_message.contains("(field"), "{file_message}");
            }
        }
        assert!(!file_message.contains(" at line "), "{file_message}");
    }
}

/// semantics T4: names select cases and name failures, so two cases may not share one.
#[test]
fn a_case_name_used_twice_is_bad_input() {
    let case = format!(
        r#"  {{"name": "c", "request": {OWNER_LISTS_SALES}, "expect": {{"decision": "allow"}}}}"#
    );
    let text = suite_text(&format!("{case},\n{case}"));
    let second = text.rfind("{\"name\": \"c\"").unwrap();
    let line = text[..second].matches('\n').count() + 1;
    let dir = TempDir::new("suite-twice");
    dir.write("t.suite.json", &text);
    let run = mcauth_in(&dir.0, &["test", "t.suite.json"]);
    assert_bad_input(
        &run,
        &[&format!(
            "t.suite.json:{line}:3: case `c` is named twice (first at t.suite.json:{}:3)",
            line - 1
        )],
    );
}

/// semantics T6: a script that does not load keeps its own position and names the suite's
/// entry; a script that cannot be read is named at the entry.
#[test]
fn a_script_that_does_not_load_is_named_with_the_suites_entry() {
    let cases = format!(
        r#"  {{"name": "c", "request": {OWNER_LISTS_SALES}, "expect": {{"decision": "allow"}}}}"#
    );
    let text =
        format!("{{\"name\": \"t\",\n \"scripts\": [\"bad.mcauth\"], \"cases\": [{cases}]}}\n");
    let dir = TempDir::new("suite-load");
    dir.write("t.suite.json", &text);
    dir.write(
        "bad.mcauth",
        "create project p owner ALIYUN$o@example.com;\nfrobnicate;\n",
    );
    let run = mcauth_in(&dir.0, &["test", "t.suite.json"]);
    assert_bad_input(
        &run,
        &[
            "error: bad.mcauth:2:1: unknown statement `frobnicate` (loaded by the suite at \
           t.suite.json:2:14)",
        ],
    );
    bad_suite(
        &text.replace("bad.mcauth", "missing.mcauth"),
        "\"missing.mcauth\"",
        "cannot read `missing.mcauth`",
    );
}

#[test]
fn a_bad_suite_among_several_stops_before_any_case_runs() {
    let dir = TempDir::new("suite-several");
    dir.write("good.suite.json", &one_pass_one_fail());
    dir.write(
        "bad.suite.json",
        "{\"name\": \"b\", \"scripts\": [\"b.mcauth\"]}",
    );
    let run = mcauth_in(&dir.0, &["test", "good.suite.json", "bad.suite.json"]);
    assert_bad_input(&run, &["bad.suite.json:1:1: a suite object has no `cases`"]);
    let run = mcauth_in(&dir.0, &["test", "good.suite.json", "missing.suite.json"]);
    assert_bad_input(&run, &["cannot read `missing.suite.json`"]);
}

#[test]
fn usage_errors_exit_1_and_help_shows_an_example() {
    let run = mcauth(["test"]);
    assert_bad_input(&run, &["<SUITE.json>"]);
    let run = mcauth(["test", "x.json", "--format", "yaml"]);
    assert_bad_input(&run, &["--format"]);
    let help = mcauth(["test", "--help"]);
    assert_eq!(help.code, 0);
    for want in [
        "Example",
        "--filter",
        "docs/formats.md",
        "Exit codes: 0 every case passed",
    ] {
        assert!(help.stdout.contains(want), "{want}: {}", help.stdout);
    }
}

/// The README's `mcauth test` runs print what it shows: every fixture's suite, with the
/// per-suite lines and the total (`fixtures/*/*.suite.json` expands in path order).
#[test]
fn the_readme_suite_runs_print_what_it_shows() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let section = readme.split("## Test suites").nth(1).unwrap();
    let block = section
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap();
    let mut fixture_suites: Vec<String> = std::fs::read_dir(workspace_root().join("fixtures"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".suite.json"))
        .map(|p| {
            p.strip_prefix(workspace_root())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    fixture_suites.sort();
    let mut checked = 0;
    for run in block.split("$ mcauth test ").skip(1) {
        let (args, shown) = run.split_once('\n').unwrap();
        let files: Vec<String> = if args == "fixtures/*/*.suite.json" {
            fixture_suites.clone()
        } else {
            vec![args.to_string()]
        };
        let mut argv = vec!["test".to_string()];
        argv.extend(files);
        let out = mcauth_in(&workspace_root(), &argv);
        assert_eq!(out.code, 0, "{argv:?}: {out:#?}");
        assert_eq!(out.stdout, shown, "README.md, `mcauth test {args}`");
        checked += 1;
    }
    assert_eq!(checked, 2, "{block}");
    assert!(fixture_suites.len() >= 7, "{fixture_suites:?}");
}
