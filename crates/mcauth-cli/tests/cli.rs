//! End-to-end tests of the `mcauth` binary (design §5): exit codes, output formats, error
//! positions on stderr, `explain`, `export` / `--snapshot`, and several scripts applied in order.
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
use std::path::Path;

const SALES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/quickstart/sales.mcauth"
);
const REQUESTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/quickstart/requests.jsonl"
);
/// The expected decisions of the quickstart's requests (relative to the workspace root).
const QUICKSTART_SUITE: &str = "fixtures/quickstart/quickstart.suite.json";

/// Bob reads orders from inside the whitelist: allowed by the analyst role.
const BOB_READS: &str = r#"{"principal":"RAM$owner@example.com:bob","project":"sales","action":"Select","object":{"type":"table","name":"orders","columns":["id","amount"]},"source_ip":"10.1.2.3"}"#;
/// The same from outside the whitelist: denied at ip_whitelist.
const BOB_READS_OUTSIDE: &str = r#"{"principal":"RAM$owner@example.com:bob","project":"sales","action":"Select","object":{"type":"table","name":"orders"},"source_ip":"8.8.8.8"}"#;
/// The owner lists project `p` (any generated script below).
const OWNER_LISTS_P: &str =
    r#"{"principal":"ALIYUN$owner@example.com","project":"p","action":"List"}"#;

// ------------------------------------------------------------------------------- helpers

fn non_empty_lines(path: &str) -> usize {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}

/// A small valid configuration; `bad_script` appends one statement to it.
const BASE: &str = "\
create project p owner ALIYUN$owner@example.com;
use p;
add accountprovider ram;
create table tb_a (c0 bigint, c1 string);
create role r;
";

/// Run `check` on BASE plus `statement` (which is on line 6) and expect a load error at
/// `bad.mcauth:6:<column>` naming `want`.
fn bad_statement(statement: &str, column: u32, want: &str) {
    let dir = TempDir::new("bad");
    dir.write("bad.mcauth", &format!("{BASE}{statement}\n"));
    let run = check_in(&dir.0, &["--script", "bad.mcauth"], OWNER_LISTS_P, &[]);
    assert_bad_input(&run, &[&format!("bad.mcauth:6:{column}: "), want]);
}

// ------------------------------------------------------------------------ check, fixture

#[test]
fn check_fixture_requests_as_json() {
    let run = mcauth([
        "check",
        "--script",
        SALES,
        "--requests",
        REQUESTS,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2, "some requests are denied: {run:#?}");
    assert!(run.stderr.is_empty(), "{run:#?}");
    let ds = json_lines(&run.stdout);
    assert_eq!(
        ds.len(),
        non_empty_lines(REQUESTS),
        "one decision per request"
    );
    for d in &ds {
        let obj = d.as_object().unwrap();
        for key in [
            "decision",
            "stage",
            "deny_kind",
            "code",
            "message",
            "reasons",
            "stages",
        ] {
            assert!(obj.contains_key(key), "missing `{key}` in {d}");
        }
        assert!(d["reasons"].is_array());
        for r in d["reasons"].as_array().unwrap() {
            for key in ["kind", "effect", "source", "text"] {
                assert!(r.get(key).is_some(), "reason without `{key}`: {r}");
            }
        }
        assert_stages_consistent(d);
        match str_of(d, "decision") {
            "allow" => {
                assert_eq!(str_of(d, "stage"), "permission");
                assert!(d["code"].is_null() && d["deny_kind"].is_null(), "{d}");
                assert!(!d["reasons"].as_array().unwrap().is_empty(), "{d}");
            }
            "deny" => {
                assert!(d["code"].is_string(), "{d}");
                let on_permission = str_of(d, "stage") == "permission";
                assert_eq!(!d["deny_kind"].is_null(), on_permission, "{d}");
            }
            other => panic!("decision `{other}`"),
        }
    }

    // The expected decision of each request is in fixtures/quickstart/quickstart.suite.json
    // (run by tests/suite.rs).
}

#[test]
fn check_fixture_requests_as_text() {
    let run = mcauth(["check", "--script", SALES, "--requests", REQUESTS]);
    assert_eq!(run.code, 2, "{run:#?}");
    let heads: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .collect();
    assert_eq!(heads.len(), non_empty_lines(REQUESTS), "{}", run.stdout);
    // `<decision>  <stage>  <request>`, as the quickstart suite expects them.
    let cases = suite_cases(QUICKSTART_SUITE);
    assert_eq!(heads.len(), cases.len());
    for (head, c) in heads.iter().zip(&cases) {
        let want = format!("{:<5}  {:<14}  ", c.decision(), c.stage().unwrap());
        assert!(head.starts_with(&want), "{head} ({})", c.name);
    }
    assert!(heads[0].contains("RAM$owner@example.com:bob Select table sales.orders"));
    assert!(run.stdout.contains("sales.mcauth:35:1"));
    assert!(run.stdout.contains("[4093]"));
}

#[test]
fn requests_that_are_all_allowed_exit_0() {
    let dir = TempDir::new("allowed");
    let allowed: Vec<String> = suite_cases(QUICKSTART_SUITE)
        .into_iter()
        .filter(|c| c.decision() == "allow")
        .map(|c| c.request.to_string())
        .collect();
    assert!(allowed.len() > 1);
    let path = dir.write("ok.jsonl", &(allowed.join("\n") + "\n"));
    let run = mcauth([
        "check",
        "--script",
        SALES,
        "--requests",
        path_str(&path),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(json_lines(&run.stdout).len(), allowed.len());
}

#[test]
fn jsonl_skips_blank_and_comment_lines() {
    let dir = TempDir::new("comments");
    let path = dir.write(
        "r.jsonl",
        &format!("# a comment\n\n// another\n{BOB_READS}\r\n   \n{BOB_READS_OUTSIDE}\n"),
    );
    let run = mcauth([
        "check",
        "--script",
        SALES,
        "--requests",
        path_str(&path),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2, "{run:#?}");
    let ds = json_lines(&run.stdout);
    assert_eq!(ds.len(), 2);
    assert_eq!(str_of(&ds[0], "decision"), "allow");
    assert_eq!(str_of(&ds[1], "stage"), "ip_whitelist");
}

// ------------------------------------------------------------------------ check, single

#[test]
fn single_allowed_request_exits_0() {
    let run = mcauth(["check", "--script", SALES, "--request", BOB_READS]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stdout.starts_with("allow"), "{}", run.stdout);
    assert!(run.stderr.is_empty());

    let run = mcauth([
        "check",
        "--script",
        SALES,
        "--request",
        BOB_READS,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{run:#?}");
    let ds = json_lines(&run.stdout);
    assert_eq!(ds.len(), 1);
    assert_eq!(str_of(&ds[0], "decision"), "allow");
}

#[test]
fn single_denied_request_exits_2() {
    let run = mcauth([
        "check",
        "--script",
        SALES,
        "--request",
        BOB_READS_OUTSIDE,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2, "{run:#?}");
    let ds = json_lines(&run.stdout);
    assert_eq!(ds.len(), 1);
    assert_eq!(str_of(&ds[0], "decision"), "deny");
    assert_eq!(str_of(&ds[0], "stage"), "ip_whitelist");
    assert!(run.stderr.is_empty());
}

#[test]
fn request_may_be_a_file() {
    let dir = TempDir::new("reqfile");
    let path = dir.write("req.json", &format!("{BOB_READS}\n"));
    let run = mcauth(["check", "--script", SALES, "--request", path_str(&path)]);
    assert_eq!(run.code, 0, "{run:#?}");
}

// ------------------------------------------------------------------------------ bad input

#[test]
fn unknown_statement_is_bad_input() {
    bad_statement("frobnicate;", 1, "unknown statement `frobnicate`");
}

#[test]
fn wildcard_grant_to_a_user_is_bad_input() {
    // `tb_*` starts at column 23 of `grant Select on table tb_* to user X;`.
    bad_statement(
        "grant Select on table tb_* to user RAM$owner@example.com:x;",
        23,
        "only to roles",
    );
}

#[test]
fn grant_to_a_user_not_added_is_bad_input() {
    // The user name starts at column 36.
    bad_statement(
        "grant Select on table tb_a to user RAM$owner@example.com:nobody;",
        36,
        "add user",
    );
}

#[test]
fn bad_whitelist_ip_points_at_the_entry() {
    // `300.1.1.1` starts at column 48.
    let statement = "setproject odps.security.ip.whitelist=10.0.0.1,300.1.1.1;";
    assert_eq!(statement.find("300.1.1.1"), Some(47));
    bad_statement(statement, 48, "300.1.1.1");
}

#[test]
fn statement_of_a_later_version_is_not_supported_yet() {
    bad_statement("put policy p.json;", 12, "cannot read policy file");
    bad_statement(
        "purge privs from user RAM$owner@example.com:bob;",
        1,
        "not supported yet",
    );
    bad_statement(
        "create ram role `RAM$owner@example.com:role/etl` trust 't.json';",
        17,
        "account `owner@example.com` is not declared",
    );
}

#[test]
fn error_positions_count_lines_of_crlf_scripts() {
    let dir = TempDir::new("crlf");
    dir.write(
        "crlf.mcauth",
        "create project p owner ALIYUN$owner@example.com;\r\nuse p;\r\n  frob;\r\n",
    );
    let run = check_in(&dir.0, &["--script", "crlf.mcauth"], OWNER_LISTS_P, &[]);
    assert_bad_input(&run, &["crlf.mcauth:3:3: ", "unknown statement"]);
}

#[test]
fn error_in_a_later_script_names_that_file() {
    let dir = TempDir::new("second");
    dir.write(
        "a.mcauth",
        "create project p owner ALIYUN$owner@example.com;\n",
    );
    dir.write("b.mcauth", "use p;\n\n  create tabel x (a bigint);\n");
    let run = check_in(
        &dir.0,
        &["--script", "a.mcauth", "b.mcauth"],
        OWNER_LISTS_P,
        &[],
    );
    assert_bad_input(&run, &["b.mcauth:3:"]);
}

#[test]
fn bad_line_in_requests_file_names_file_and_line() {
    let dir = TempDir::new("badline");
    let path = dir.write(
        "r.jsonl",
        &format!(
            "{BOB_READS}\n\n# comment\n{}\n{BOB_READS}\n",
            r#"{"principal":"RAM$owner@example.com:bob","project":"sales","action":"Fly"}"#
        ),
    );
    let run = mcauth(["check", "--script", SALES, "--requests", path_str(&path)]);
    let want = format!("{}:4:", path.display());
    assert_bad_input(&run, &[&want, "Fly"]);
}

#[test]
fn unknown_request_field_is_bad_input() {
    let req = r#"{"principal":"RAM$owner@example.com:bob","project":"sales","action":"List","colour":"red"}"#;
    let run = mcauth(["check", "--script", SALES, "--request", req]);
    assert_bad_input(&run, &["unknown field", "colour"]);

    let dir = TempDir::new("unknown-field");
    let path = dir.write("r.jsonl", &format!("{BOB_READS}\n{req}\n"));
    let run = mcauth(["check", "--script", SALES, "--requests", path_str(&path)]);
    assert_bad_input(&run, &[&format!("{}:2:", path.display()), "colour"]);

    let run = mcauth(["explain", "--script", SALES, "--request", req]);
    assert_bad_input(&run, &["colour"]);
}

#[test]
fn jsonl_errors_name_the_column_in_the_file_line() {
    let dir = TempDir::new("jsonl-column");
    // The JSON reader stops at the `}` after the trailing comma, where it expects a member:
    // column 75 of the request, 78 of the file line with its three spaces of indentation.
    let line = r#"{"principal":"ALIYUN$owner@example.com","project":"sales","action":"List",}"#;
    assert_eq!(line.find(",}"), Some(73));
    let path = dir.write("bad.jsonl", &format!("# c\n\n   {line}\n"));
    let run = mcauth(["check", "--script", SALES, "--requests", path_str(&path)]);
    let want = format!(
        "{}:3:78: invalid request: expected a quoted member name, found `}}`\n",
        path.display()
    );
    assert_bad_input(&run, &[&want]);
    assert!(
        !run.stderr.contains("at line"),
        "one coordinate system: {run:#?}"
    );
}

/// Inline `--request` JSON is placed as a file's would be, at `--request:1:column`, and never
/// with the JSON reader's own "at line L column C".
#[test]
fn inline_request_errors_name_the_column_in_the_argument() {
    for (req, column, want) in [
        (r#"{"pr"#, 2, "invalid request: unterminated string"),
        (
            r#"{"principal":"ALIYUN$owner@example.com","project":"sales","action":"List","columns":1}"#,
            85,
            "invalid request: unknown field `columns`, expected one of",
        ),
        (
            r#"{"principal":"ALIYUN$owner@example.com","project":"sales","action":"Lst"}"#,
            68,
            "invalid request: unknown action `Lst` (field `action`)",
        ),
    ] {
        let run = mcauth(["check", "--script", SALES, "--request", req]);
        assert_bad_input(&run, &[&format!("--request:1:{column}: {want}")]);
        assert!(!run.stderr.contains(" at line "), "{run:#?}");
    }
}

/// A byte-order mark at the start of a request file or a requests file is not part of the
/// JSON, and columns do not count it (docs/semantics.md B6).
#[test]
fn a_byte_order_mark_starts_a_request_file_and_counts_no_column() {
    let dir = TempDir::new("bom");
    let one = dir.write("one.json", &format!("\u{feff}{BOB_READS}\n"));
    let run = mcauth(["check", "--script", SALES, "--request", path_str(&one)]);
    assert_eq!(run.code, 0, "{run:#?}");
    let many = dir.write(
        "r.jsonl",
        "\u{feff}{\"principal\":\"ALIYUN$owner@example.com\",\"project\":\"sales\",\"action\":\"Lst\"}\n",
    );
    let run = mcauth(["check", "--script", SALES, "--requests", path_str(&many)]);
    assert_bad_input(
        &run,
        &[&format!(
            "{}:1:68: invalid request: unknown action `Lst`",
            many.display()
        )],
    );
    // Only at the start of the input: on a later line it is not JSON.
    let later = dir.write(
        "later.jsonl",
        &format!("{BOB_READS}\n\u{feff}{BOB_READS}\n"),
    );
    let run = mcauth(["check", "--script", SALES, "--requests", path_str(&later)]);
    assert_bad_input(
        &run,
        &[&format!(
            "{}:2:1: invalid request: expected a JSON value, found a byte-order mark (U+FEFF)\n",
            later.display()
        )],
    );
}

#[test]
fn request_errors_found_after_parsing_name_the_field_and_its_position() {
    let dir = TempDir::new("field");
    // A file holding one request: the action is on line 2, column 30.
    let path = dir.write(
        "one_bad.json",
        "{\"principal\":\"ALIYUN$owner@example.com\",\n  \"project\":\"sales\",\"action\":\"Lst\"}\n",
    );
    let run = mcauth(["check", "--script", SALES, "--request", path_str(&path)]);
    let at = format!("{}:2:30: ", path.display());
    assert_bad_input(&run, &[&at, "`Lst`", "(field `action`)"]);
    // A JSON Lines file: the object type of the second request, indented by two.
    let bad = r#"{"principal":"ALIYUN$owner@example.com","project":"sales","action":"Select","object":{"type":"tabel","name":"orders"}}"#;
    let column = 2 + bad.find(r#""tabel""#).unwrap() + 1;
    let path = dir.write("r.jsonl", &format!("{BOB_READS}\n  {bad}\n"));
    let run = mcauth(["check", "--script", SALES, "--requests", path_str(&path)]);
    let at = format!("{}:2:{column}: ", path.display());
    assert_bad_input(&run, &[&at, "`tabel`", "(field `object.type`)"]);
    // No field to point at: the position of the request itself.
    let path = dir.write("none.jsonl", r#"{"project":"sales","action":"List"}"#);
    let run = mcauth(["check", "--script", SALES, "--requests", path_str(&path)]);
    let at = format!("{}:1:1: invalid request: no identity", path.display());
    assert_bad_input(&run, &[&at]);
}

#[test]
fn a_closed_pipe_ends_output_quietly_with_the_decision_code() {
    use std::process::{Command, Stdio};
    let dir = TempDir::new("pipe");
    // Far more output than a pipe holds, so writing must meet the closed end.
    for (name, request, code) in [
        ("denied.jsonl", BOB_READS_OUTSIDE, 2),
        ("allowed.jsonl", BOB_READS, 0),
    ] {
        let path = dir.write(name, &format!("{request}\n").repeat(2000));
        let mut child = Command::new(BIN)
            .args(["check", "--script", SALES, "--requests", path_str(&path)])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(code), "{name}: {stderr}");
        assert!(stderr.is_empty(), "{name}: {stderr}");
    }
}

#[test]
fn missing_files_are_bad_input() {
    let dir = TempDir::new("missing");
    let nope = dir.path("nope.mcauth");
    let nope = nope.to_str().unwrap();
    for cmd in ["check", "explain"] {
        let run = mcauth([cmd, "--script", nope, "--request", BOB_READS]);
        assert_bad_input(&run, &["nope.mcauth"]);
    }
    let run = mcauth(["export", "--script", nope]);
    assert_bad_input(&run, &["nope.mcauth"]);

    let jsonl = dir.path("nope.jsonl");
    let run = mcauth([
        "check",
        "--script",
        SALES,
        "--requests",
        jsonl.to_str().unwrap(),
    ]);
    assert_bad_input(&run, &["nope.jsonl"]);

    let snap = dir.path("nope.json");
    let run = mcauth([
        "check",
        "--snapshot",
        snap.to_str().unwrap(),
        "--request",
        BOB_READS,
    ]);
    assert_bad_input(&run, &["nope.json"]);

    let req = dir.path("nope-request.json");
    let run = mcauth([
        "check",
        "--script",
        SALES,
        "--request",
        req.to_str().unwrap(),
    ]);
    assert_bad_input(&run, &["nope-request.json"]);
}

#[test]
fn malformed_snapshot_is_bad_input() {
    let dir = TempDir::new("badsnap");
    let path = dir.write("s.json", "{\"mcauth_snapshot\": 1}\n");
    let run = mcauth([
        "check",
        "--snapshot",
        path_str(&path),
        "--request",
        BOB_READS,
    ]);
    assert_bad_input(&run, &["s.json"]);

    let path = dir.write("v.json", "{\"mcauth_snapshot\": 99, \"accounts\": {}, \"account_ids\": {}, \"ram_users\": {}, \"projects\": {}}");
    let run = mcauth(["export", "--snapshot", path_str(&path)]);
    assert_bad_input(&run, &["v.json", "99"]);
}

#[test]
fn bad_script_fails_explain_and_export_too() {
    let dir = TempDir::new("bad-all");
    dir.write("bad.mcauth", &format!("{BASE}frobnicate;\n"));
    let run = mcauth_in(
        &dir.0,
        &[
            "explain",
            "--script",
            "bad.mcauth",
            "--request",
            OWNER_LISTS_P,
        ],
    );
    assert_bad_input(&run, &["bad.mcauth:6:1: "]);
    let run = mcauth_in(&dir.0, &["export", "--script", "bad.mcauth"]);
    assert_bad_input(&run, &["bad.mcauth:6:1: "]);
}

// -------------------------------------------------------------------------------- explain

#[test]
fn explain_a_deny_shows_every_stage_and_what_was_not_reached() {
    let run = mcauth(["explain", "--script", SALES, "--request", BOB_READS_OUTSIDE]);
    assert_eq!(run.code, 2, "{run:#?}");
    let out = &run.stdout;
    for s in STAGES {
        assert!(out.contains(s), "missing stage {s}:\n{out}");
    }
    let stage_line = |name: &str| {
        out.lines()
            .find(|l| {
                l.split_whitespace().nth(1) == Some(name)
                    && l.trim_start().starts_with(|c: char| c.is_ascii_digit())
            })
            .unwrap_or_else(|| panic!("no line for stage {name}:\n{out}"))
    };
    assert!(stage_line("authentication").ends_with("pass"));
    assert!(stage_line("membership").ends_with("pass"));
    assert!(stage_line("ip_whitelist").contains("FAIL"));
    assert!(stage_line("project_status").contains("not reached"));
    assert!(stage_line("permission").contains("not reached"));
    assert!(out.contains("DENY"), "{out}");
    // The deciding rule, with its source: the whitelist setting on line 18.
    assert!(
        out.lines()
            .any(|l| l.contains("=> deny") && l.contains("sales.mcauth:18:1")),
        "{out}"
    );
}

#[test]
fn explain_an_allow_names_the_deciding_grant() {
    let run = mcauth(["explain", "--script", SALES, "--request", BOB_READS]);
    assert_eq!(run.code, 0, "{run:#?}");
    let out = &run.stdout;
    for s in STAGES {
        assert!(out.contains(s), "missing stage {s}:\n{out}");
    }
    assert!(!out.contains("not reached"), "{out}");
    assert!(out.contains("ALLOW"), "{out}");
    assert!(
        out.lines().any(|l| l.contains("=> allow")
            && l.contains("grant Select on table orders to role analyst")
            && l.contains("sales.mcauth:35:1")),
        "{out}"
    );
}

#[test]
fn explain_json_carries_the_check_decision() {
    let run = mcauth([
        "explain",
        "--script",
        SALES,
        "--request",
        BOB_READS_OUTSIDE,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2, "{run:#?}");
    let ex: Value = serde_json::from_str(&run.stdout).unwrap();
    let check = mcauth([
        "check",
        "--script",
        SALES,
        "--request",
        BOB_READS_OUTSIDE,
        "--format",
        "json",
    ]);
    let d: Value = serde_json::from_str(check.stdout.trim()).unwrap();
    assert_eq!(ex["decision"], d);
}

// ---------------------------------------------------------------------- export, snapshots

#[test]
fn exported_snapshot_decides_byte_for_byte_like_the_script() {
    let dir = TempDir::new("export");
    let run = mcauth(["export", "--script", SALES]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stderr.is_empty());
    let snap = dir.write("exported.json", &run.stdout);
    let snap_s = path_str(&snap);

    let from_script = mcauth([
        "check",
        "--script",
        SALES,
        "--requests",
        REQUESTS,
        "--format",
        "json",
    ]);
    let from_snapshot = mcauth([
        "check",
        "--snapshot",
        snap_s,
        "--requests",
        REQUESTS,
        "--format",
        "json",
    ]);
    assert_eq!(from_script.code, 2);
    assert_eq!(from_snapshot.code, from_script.code);
    assert_eq!(from_snapshot.stdout, from_script.stdout);
    assert!(from_snapshot.stderr.is_empty(), "{from_snapshot:#?}");

    // Text output and explain agree too, and exporting the snapshot reproduces it.
    let t1 = mcauth(["check", "--script", SALES, "--requests", REQUESTS]);
    let t2 = mcauth(["check", "--snapshot", snap_s, "--requests", REQUESTS]);
    assert_eq!(t1.stdout, t2.stdout);
    let e1 = mcauth(["explain", "--script", SALES, "--request", BOB_READS]);
    let e2 = mcauth(["explain", "--snapshot", snap_s, "--request", BOB_READS]);
    assert_eq!((e1.code, e1.stdout), (e2.code, e2.stdout));
    let again = mcauth(["export", "--snapshot", snap_s]);
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout, run.stdout);
    let parsed: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(parsed["mcauth_snapshot"], 1);
}

#[test]
fn scripts_apply_on_top_of_a_snapshot() {
    let dir = TempDir::new("snap-script");
    let run = mcauth(["export", "--script", SALES]);
    let snap = dir.write("base.json", &run.stdout);
    let change = dir.write(
        "change.mcauth",
        // sales.mcauth ends in project archive, logged in as carol: say who and where.
        "use sales;\nlogin ALIYUN$owner@example.com;\ngrant Update on table orders to role analyst;\n",
    );
    let req = r#"{"principal":"RAM$owner@example.com:bob","project":"sales","action":"Update","object":{"type":"table","name":"orders"},"source_ip":"10.1.2.3"}"#;
    let (snap, change) = (path_str(&snap), path_str(&change));
    let before = check_in(&dir.0, &["--snapshot", snap], req, &[]);
    assert_eq!(before.code, 2, "{before:#?}");
    let after = check_in(&dir.0, &["--snapshot", snap, "--script", change], req, &[]);
    assert_eq!(after.code, 0, "{after:#?}");
    let both = check_in(&dir.0, &["--script", SALES, change], req, &[]);
    assert_eq!(both.code, 0, "{both:#?}");
    assert_eq!(both.stdout, after.stdout);
}

#[test]
fn snapshot_then_script_continues_like_script_then_script() {
    let dir = TempDir::new("snap-carry");
    two_scripts(&dir);
    let exported = mcauth_in(&dir.0, &["export", "--script", "a.mcauth"]);
    assert_eq!(exported.code, 0, "{exported:#?}");
    dir.write("a.json", &exported.stdout);
    let scripts = check_in(
        &dir.0,
        &["--script", "a.mcauth", "b.mcauth"],
        U_READS_T,
        &[],
    );
    assert_eq!(scripts.code, 0, "{scripts:#?}");
    let snapshot = check_in(
        &dir.0,
        &["--snapshot", "a.json", "--script", "b.mcauth"],
        U_READS_T,
        &[],
    );
    assert_eq!(snapshot.code, 0, "{snapshot:#?}");
    assert_eq!(snapshot.stdout, scripts.stdout);
}

// ------------------------------------------------------------------------ several scripts

/// `a.mcauth` sets the clock and the current project; `b.mcauth` relies on both.
fn two_scripts(dir: &TempDir) {
    dir.write(
        "a.mcauth",
        "at '2026-03-01T00:00:00Z';\n\
         create project p owner ALIYUN$owner@example.com;\n\
         use p;\n\
         add accountprovider ram;\n\
         create table t (c0 bigint);\n\
         add user RAM$owner@example.com:u;\n",
    );
    dir.write(
        "b.mcauth",
        "-- no `use` here: the current project carries over from a.mcauth\n\
         grant CreateInstance on project p to user RAM$owner@example.com:u;\n\
         grant Select on table t to user RAM$owner@example.com:u privilegeproperties(\"expires\"=\"10\");\n",
    );
}

const U_READS_T: &str = r#"{"principal":"RAM$owner@example.com:u","project":"p","action":"Select","object":{"type":"table","name":"t"},"time":"2026-03-05T00:00:00Z"}"#;

#[test]
fn scripts_apply_in_order_with_repeated_flags() {
    let dir = TempDir::new("order1");
    two_scripts(&dir);
    let run = check_in(
        &dir.0,
        &["--script", "a.mcauth", "--script", "b.mcauth"],
        U_READS_T,
        &["--format", "json"],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let d = &json_lines(&run.stdout)[0];
    let sources: Vec<&str> = d["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| str_of(r, "source"))
        .collect();
    assert_eq!(sources, ["b.mcauth:3:1", "b.mcauth:2:1"], "{d}");
}

#[test]
fn scripts_apply_in_order_with_one_flag() {
    let dir = TempDir::new("order2");
    two_scripts(&dir);
    let one_flag = check_in(
        &dir.0,
        &["--script", "a.mcauth", "b.mcauth"],
        U_READS_T,
        &[],
    );
    assert_eq!(one_flag.code, 0, "{one_flag:#?}");
    let two_flags = check_in(
        &dir.0,
        &["--script", "a.mcauth", "--script", "b.mcauth"],
        U_READS_T,
        &[],
    );
    assert_eq!(one_flag.stdout, two_flags.stdout);

    // The clock carried over too: the grant expires ten days after a.mcauth's `at`.
    let late = U_READS_T.replace("2026-03-05", "2026-03-12");
    let run = check_in(&dir.0, &["--script", "a.mcauth", "b.mcauth"], &late, &[]);
    assert_eq!(run.code, 2, "{run:#?}");
}

#[test]
fn scripts_in_the_other_order_fail() {
    let dir = TempDir::new("order3");
    two_scripts(&dir);
    let run = check_in(
        &dir.0,
        &["--script", "b.mcauth", "a.mcauth"],
        U_READS_T,
        &[],
    );
    assert_bad_input(&run, &["b.mcauth:2:1: ", "use"]);
    let alone = mcauth_in(&dir.0, &["export", "--script", "b.mcauth"]);
    assert_bad_input(&alone, &["b.mcauth:2:1: "]);
}

// ----------------------------------------------------------------------------------- help

#[test]
fn help_of_each_subcommand_has_an_example() {
    for cmd in ["check", "explain", "export"] {
        let run = mcauth([cmd, "--help"]);
        assert_eq!(run.code, 0, "{cmd}: {run:#?}");
        assert!(run.stdout.contains("Example"), "{cmd}: {}", run.stdout);
        assert!(run.stdout.contains("--script"), "{cmd}: {}", run.stdout);
    }
    let run = mcauth(["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Example"));
}

#[test]
fn help_of_each_subcommand_states_its_exit_codes_and_cites_shipped_docs() {
    for cmd in ["check", "explain", "export", "show", "test"] {
        let run = mcauth([cmd, "--help"]);
        assert_eq!(run.code, 0, "{cmd}: {run:#?}");
        // A paragraph of its own, after a blank line.
        assert!(
            run.stdout.contains("\n\nExit codes: 0 "),
            "{cmd}: {}",
            run.stdout
        );
        // Only documents that ship with the repository.
        for stale in ["design §", "K1"] {
            assert!(
                !run.stdout.contains(stale),
                "{cmd}: {stale}: {}",
                run.stdout
            );
        }
    }
    let export = mcauth(["export", "--help"]);
    assert!(
        export.stdout.contains(
            "The snapshot is written to stdout.\n\nExit codes: 0 written, 1 bad input or usage."
        ),
        "{}",
        export.stdout
    );
    let check = mcauth(["check", "--help"]);
    assert!(check.stdout.contains("docs/formats.md"), "{}", check.stdout);
    assert!(
        check.stdout.contains("docs/semantics.md Y2"),
        "{}",
        check.stdout
    );
    let show = mcauth(["show", "--help"]);
    for line in [
        "The project to run the query in (default: the scripts' last `use`)",
        "The principal that runs the query (default: the project owner)",
        "Usage: mcauth show <STATEMENT> <--script <FILE>...|--snapshot <FILE.json>...> [OPTIONS]",
        "Put the statement before --script or --snapshot, which take every following value as \
         a file, or after `--`.",
    ] {
        assert!(show.stdout.contains(line), "{line}: {}", show.stdout);
    }
}

// -------------------------------------------------------------------------- usage errors

#[test]
fn a_missing_input_names_both_alternatives() {
    let run = mcauth(["check", "--script", SALES]);
    assert_bad_input(&run, &["<--request <JSON>|--requests <FILE.jsonl>>"]);
    // Exactly one of the two.
    let run = mcauth([
        "check",
        "--script",
        SALES,
        "--request",
        BOB_READS,
        "--requests",
        "r.jsonl",
    ]);
    assert_bad_input(
        &run,
        &["'--request <JSON>' cannot be used with '--requests <FILE.jsonl>'"],
    );
    let run = mcauth(["check", "--request", BOB_READS]);
    assert_bad_input(&run, &["<--script <FILE>...|--snapshot <FILE.json>...>"]);
    for cmd in ["explain", "export", "show"] {
        let run = mcauth([cmd, "--help"]);
        assert!(
            run.stdout
                .contains("<--script <FILE>...|--snapshot <FILE.json>...>"),
            "{cmd}: {}",
            run.stdout
        );
    }
}

#[test]
fn the_super_admin_option_belongs_to_the_deciding_commands() {
    let flag = "--super-admin-bypasses-project-policy";
    // Accepted where requests are decided ...
    let run = mcauth(["check", "--script", SALES, "--request", BOB_READS, flag]);
    assert_eq!(run.code, 0, "{run:#?}");
    let run = mcauth(["explain", "--script", SALES, "--request", BOB_READS, flag]);
    assert_eq!(run.code, 0, "{run:#?}");
    // ... refused where it would be ignored.
    let run = mcauth(["export", "--script", SALES, flag]);
    assert_bad_input(&run, &["unexpected argument", flag]);
    let run = mcauth(["show", "whoami", "--script", SALES, flag]);
    assert_bad_input(&run, &["unexpected argument", flag]);
}

#[test]
fn show_takes_the_statement_before_the_script_list_or_after_a_double_dash() {
    let whoami = "Name: ALIYUN$owner@example.com\nProject: sales\n";
    for args in [
        &["show", "whoami", "--script", SALES][..],
        &["show", "--script", SALES, "--", "whoami"],
        &["show", "--script", SALES, "--project", "sales", "whoami"],
    ] {
        let run = mcauth(args);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (0, whoami),
            "{args:?}: {run:#?}"
        );
    }
    let bob = "RAM$owner@example.com:bob";
    let run = mcauth(["show", "list users", "--script", SALES, "--as", bob]);
    assert_eq!(run.code, 2, "{run:#?}");
    // Right after the script list, the statement is taken for a file: say so, and the way out.
    for (args, value) in [
        (&["show", "--script", SALES, "whoami"][..], "whoami"),
        (
            &["show", "--script", SALES, "list users", "--as", bob],
            "list users",
        ),
    ] {
        let run = mcauth(args);
        assert_bad_input(
            &run,
            &[
                &format!("missing <STATEMENT>, and `{value}` is not a file"),
                "--script takes every following value as a file; put the statement before \
                 --script, or after `--`",
            ],
        );
    }
    let run = mcauth(["show", "--snapshot", SALES, "whoami"]);
    assert_bad_input(&run, &["put the statement before --snapshot"]);
    // When the last value is a file, the statement is simply missing: clap's own message.
    let run = mcauth(["show", "--script", SALES]);
    assert_bad_input(
        &run,
        &["required arguments were not provided", "<STATEMENT>"],
    );
}

// ---------------------------------------------------------------- usage, snapshots, encodings

#[test]
fn usage_errors_exit_1() {
    let cases: [&[&str]; 5] = [
        &["check"],
        &["check", "--script", SALES],
        &[
            "check",
            "--script",
            SALES,
            "--request",
            BOB_READS,
            "--format",
            "yaml",
        ],
        &[
            "check",
            "--script",
            SALES,
            "--request",
            BOB_READS,
            "--requests",
            REQUESTS,
        ],
        &["frobnicate"],
    ];
    for args in cases {
        let run = mcauth(args);
        assert_eq!(run.code, 1, "{args:?}: {run:#?}");
        assert!(run.stdout.is_empty(), "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn snapshot_flag_may_be_repeated() {
    let dir = TempDir::new("two-snaps");
    let run = mcauth(["export", "--script", SALES]);
    let snap = dir.write("s.json", &run.stdout);
    let snap = path_str(&snap);
    let run = check_in(
        &dir.0,
        &["--snapshot", snap, "--snapshot", snap],
        BOB_READS,
        &[],
    );
    assert!(
        !run.stderr.contains("cannot be used multiple times"),
        "{run:#?}"
    );
    assert_eq!(run.code, 0, "{run:#?}");
}

#[test]
fn byte_order_mark_is_not_a_column() {
    let dir = TempDir::new("bom");
    dir.write(
        "bom.mcauth",
        "\u{feff}create project p owner ALIYUN$owner@example.com;\n",
    );
    let run = check_in(
        &dir.0,
        &["--script", "bom.mcauth"],
        OWNER_LISTS_P,
        &["--format", "json"],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let d = &json_lines(&run.stdout)[0];
    assert_eq!(str_of(&d["reasons"][0], "source"), "bom.mcauth:1:1", "{d}");
}

// ------------------------------------------------------------------------------------ show

#[test]
fn show_prints_the_maxcompute_layout_and_enforces_who_may_ask() {
    let sales = Path::new(SALES);
    let out = shown(sales, "sales", None, "describe role analyst;");
    assert!(
        out.starts_with(
            "[users]\nRAM$owner@example.com:bob\n\nAuthorization Type: ACL\n[role/analyst]\n\
             A\tprojects/sales: CreateInstance | List\n"
        ),
        "{out}"
    );
    let bob = Some("RAM$owner@example.com:bob");
    show_denied(sales, "sales", bob, "list users", "ListUsers");
    let run = show(sales, "sales", None, "show tables;");
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr.contains("<query>:1:1: expected one of"),
        "{run:#?}"
    );
    let help = mcauth(["show", "--help"]);
    assert!(
        help.code == 0 && help.stdout.contains("Example"),
        "{help:#?}"
    );
}

#[test]
fn scripts_and_snapshots_apply_in_command_line_order() {
    let dir = TempDir::new("order-snap");
    dir.write(
        "base.mcauth",
        "create project p owner ALIYUN$owner@example.com;\nuse p;\n",
    );
    dir.write("g.mcauth", "use p;\ncreate table t2 (a bigint);\n");
    let exported = mcauth_in(&dir.0, &["export", "--script", "base.mcauth"]);
    assert_eq!(exported.code, 0, "{exported:#?}");
    dir.write("base.json", &exported.stdout);
    let request = OWNER_LISTS_P;
    let good = check_in(
        &dir.0,
        &["--snapshot", "base.json", "--script", "g.mcauth"],
        request,
        &[],
    );
    assert_eq!(good.code, 0, "{good:#?}");
    let bad = check_in(
        &dir.0,
        &["--script", "g.mcauth", "--snapshot", "base.json"],
        request,
        &[],
    );
    assert_eq!(
        bad.code, 1,
        "g.mcauth first: project p does not exist yet: {bad:#?}"
    );
    assert!(bad.stderr.contains("g.mcauth:1:"), "{bad:#?}");
}
