//! End-to-end tests of `mcauth lint` on `fixtures/lint/`: for every lint code, the triggering
//! fixture `<code>.mcauth` reports exactly the faults it marks, at their `file:line`, and its
//! near-miss twin `<code>.clean.mcauth` (the same setup with the fault fixed) reports nothing;
//! exit codes, the JSON shape, the table layout and `--requests`.
//!
//! Where a finding is expected: a script line that ends with `-- lint: <code>` (read from the
//! fixture, so the fixture says what it tests), or, for findings in a policy file or a requests
//! file (no comments there), the line the table below names, with the reason.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;
use mcauth::lint::Code;
use serde_json::Value;
use std::collections::BTreeSet;

const DIR: &str = "fixtures/lint";

/// Findings outside the scripts: `(code, file:line)`. Policy files are written by `json.dumps`
/// with an indent of 2: line 1 `{`, line 2 `"Version"`, line 3 `"Statement": [`, and the first
/// statement opens on line 4; a statement's source is its opening brace.
const ELSEWHERE: &[(&str, &str)] = &[
    // The one statement: Allow odps:* on * for `*`.
    ("odps-all-to-everyone", "odps-all-to-everyone.json:4"),
    // The role policy's one statement.
    ("odps-all-on-all", "odps-all-on-all.json:4"),
    // The first statement is the Allow; the Deny after it covers it.
    ("shadowed-allow", "shadowed-allow.json:4"),
    // The one statement: the Deny on project `sale`.
    ("dead-deny", "dead-deny.json:4"),
    // Line 1 is a comment, line 2 bob's request, line 3 the account's.
    ("root-account-request", "root-account-request.jsonl:3"),
];

/// Extra arguments for a code's fixtures (`<code>` stands for the fixture's base name).
fn extra(code: &str, base: &str) -> Vec<String> {
    match code {
        "root-account-request" => vec!["--requests".to_string(), format!("{DIR}/{base}.jsonl")],
        _ => Vec::new(),
    }
}

/// `mcauth lint --script <DIR>/<base>.mcauth <extra> --format json`, run at the workspace
/// root: the exit code and the findings.
fn lint_json(code: &str, base: &str) -> (i32, Vec<Value>) {
    let mut args = vec![
        "lint".to_string(),
        "--script".to_string(),
        format!("{DIR}/{base}.mcauth"),
    ];
    args.extend(extra(code, base));
    args.extend(["--format".to_string(), "json".to_string()]);
    let run = mcauth_in(&workspace_root(), &args);
    assert!(run.stderr.is_empty(), "{run:#?}");
    let v: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:#?}"));
    (run.code, v.as_array().unwrap().clone())
}

/// `(code, file:line)` of each finding.
fn located(findings: &[Value]) -> BTreeSet<(String, String)> {
    findings
        .iter()
        .map(|f| {
            let src = str_of(f, "source");
            let (file_line, _column) = src.rsplit_once(':').unwrap();
            (str_of(f, "code").to_string(), file_line.to_string())
        })
        .collect()
}

/// `<file:line:column> <code>` of each finding of a JSON lint report, in report order.
fn in_order(stdout: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", str_of(f, "source"), str_of(f, "code")))
        .collect()
}

/// What the trigger fixture of `code` marks: `-- lint: <c>` script lines and [`ELSEWHERE`].
fn expected(code: &str) -> BTreeSet<(String, String)> {
    let file = format!("{DIR}/{code}.mcauth");
    let text = std::fs::read_to_string(workspace_root().join(&file)).unwrap();
    let mut want: BTreeSet<(String, String)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (_, marked) = line.split_once("-- lint: ")?;
            Some((marked.trim().to_string(), format!("{file}:{}", i + 1)))
        })
        .collect();
    for (c, at) in ELSEWHERE.iter().filter(|(c, _)| *c == code) {
        want.insert((c.to_string(), format!("{DIR}/{at}")));
    }
    want
}

#[test]
fn every_code_has_a_trigger_and_a_clean_fixture() {
    for code in Code::ALL {
        for base in [code.as_str().to_string(), format!("{code}.clean")] {
            let path = workspace_root().join(format!("{DIR}/{base}.mcauth"));
            assert!(path.is_file(), "missing fixture {}", path.display());
        }
        assert!(
            expected(code.as_str())
                .iter()
                .any(|(c, _)| c == code.as_str()),
            "{code}: the trigger fixture marks no finding of its code"
        );
    }
}

#[test]
fn each_trigger_reports_what_it_marks_and_each_clean_twin_nothing() {
    for code in Code::ALL {
        let code = code.as_str();
        let (exit, findings) = lint_json(code, code);
        assert_eq!(located(&findings), expected(code), "{code}");
        let error = Code::from_name(code).unwrap().severity() == mcauth::lint::Severity::Error;
        assert_eq!(exit, if error { 2 } else { 0 }, "{code}");

        let clean = format!("{code}.clean");
        let (exit, findings) = lint_json(code, &clean);
        assert!(findings.is_empty(), "{clean}: {findings:#?}");
        assert_eq!(exit, 0, "{clean}");
    }
}

#[test]
fn json_findings_have_the_documented_shape() {
    // public-environment-role: two errors, in line order.
    let (exit, findings) = lint_json("public-environment-role", "public-environment-role");
    assert_eq!(exit, 2);
    assert_eq!(findings.len(), 2);
    let file = format!("{DIR}/public-environment-role.mcauth");
    for (f, line) in findings.iter().zip([13, 14]) {
        let keys: BTreeSet<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from(["severity", "code", "message", "source", "hint"]),
            "{f}"
        );
        assert_eq!(str_of(f, "severity"), "error");
        assert_eq!(str_of(f, "code"), "public-environment-role");
        // The statement starts the line: column 1.
        assert_eq!(str_of(f, "source"), format!("{file}:{line}:1"));
        assert_eq!(
            str_of(f, "hint"),
            Code::PublicEnvironmentRole.hint(),
            "the hint is the code's"
        );
    }
    assert!(str_of(&findings[0], "message").contains("`team`"));
    assert!(str_of(&findings[1], "message").contains("DataWorks default role"));
    // An info finding, and a source inside a policy file (line 4, column 5: the statement's
    // brace, indented by four).
    let (exit, findings) = lint_json("dead-deny", "dead-deny");
    assert_eq!(exit, 0);
    assert_eq!(str_of(&findings[0], "severity"), "info");
    assert_eq!(
        str_of(&findings[0], "source"),
        format!("{DIR}/dead-deny.json:4:5")
    );
}

#[test]
fn the_table_aligns_columns_and_puts_each_hint_under_its_finding() {
    let run = mcauth_in(
        &workspace_root(),
        &[
            "lint",
            "--script",
            &format!("{DIR}/high-risk-policy.mcauth"),
        ],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    // Header, two findings of two lines each, the summary.
    assert_eq!(lines.len(), 6, "{}", run.stdout);
    let header = lines[0];
    assert!(header.starts_with("SEVERITY  CODE"), "{header}");
    let col = |name: &str| header.find(name).unwrap();
    for row in [lines[1], lines[3]] {
        assert!(row.starts_with("warning "), "{row}");
        assert_eq!(row.find("high-risk-policy"), Some(col("CODE")), "{row}");
        assert_eq!(row.find("fixtures/lint/"), Some(col("FILE:LINE")), "{row}");
        assert_eq!(row.find("RAM user"), Some(col("MESSAGE")), "{row}");
    }
    assert!(
        lines[1].contains("high-risk-policy.mcauth:13 ")
            && lines[1].contains("AdministratorAccess")
    );
    assert!(
        lines[3].contains("high-risk-policy.mcauth:14 ")
            && lines[3].contains("AliyunRAMFullAccess")
    );
    for hint in [lines[2], lines[4]] {
        assert_eq!(
            hint.trim_start(),
            format!("hint: {}", Code::HighRiskPolicy.hint())
        );
        assert_eq!(hint.find("hint:"), Some(col("CODE")), "{hint}");
    }
    assert_eq!(lines[5], "0 errors, 2 warnings, 0 info");

    // Nothing found: the summary alone.
    let run = mcauth_in(
        &workspace_root(),
        &[
            "lint",
            "--script",
            &format!("{DIR}/high-risk-policy.clean.mcauth"),
        ],
    );
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "0 errors, 0 warnings, 0 info\n")
    );

    // One of each kind, singular.
    let dir = TempDir::new("lint-summary");
    dir.write(
        "one.mcauth",
        "at '2026-03-01T00:00:00Z';\n\
         create account ALIYUN$o@example.com;\ncreate ram user RAM$o@example.com:bob;\n\
         create accesskey AK_OWNER for ALIYUN$o@example.com;\n\
         create dataworks environment team for RAM$o@example.com:bob public default role;\n\
         create project p owner ALIYUN$o@example.com;\nuse p;\ncreate table t (id bigint);\n\
         add accountprovider ram;\nadd user RAM$o@example.com:bob;\n\
         grant Select on table t to user RAM$o@example.com:bob privilegeproperties(\"expires\"=\"1\");\n\
         at '2026-03-05T00:00:00Z';\n",
    );
    let run = mcauth_in(&dir.0, &["lint", "--script", "one.mcauth"]);
    assert!(
        run.stdout.ends_with("\n1 error, 1 warning, 1 info\n"),
        "{run:#?}"
    );
    assert_eq!(run.code, 2, "{run:#?}");
}

#[test]
fn findings_are_ordered_by_file_line_and_code() {
    // z.mcauth loads first, but a.mcauth's findings come first: by file name, then line, then
    // code (line 3 of a.mcauth has two: an expired label grant to a removed user).
    let dir = TempDir::new("lint-order");
    dir.write(
        "z.mcauth",
        "at '2026-03-01T00:00:00Z';\ncreate account ALIYUN$o@example.com;\n\
         create ram user RAM$o@example.com:bob;\n\
         attach policy AdministratorAccess to ram user RAM$o@example.com:bob;\n\
         create project p owner ALIYUN$o@example.com;\nuse p;\nadd accountprovider ram;\n\
         create table t (id bigint, c string);\nadd user RAM$o@example.com:bob;\n\
         set ProjectProtection=true;\nset label 2 to table t(c);\n",
    );
    dir.write(
        "a.mcauth",
        "set LabelSecurity=true;\n\
         create accesskey AK_OWNER for ALIYUN$o@example.com;\n\
         grant label 2 on table t(c) to user RAM$o@example.com:bob with exp 1;\n\
         remove user RAM$o@example.com:bob;\nat '2026-03-05T00:00:00Z';\n",
    );
    let run = mcauth_in(
        &dir.0,
        &[
            "lint", "--format", "json", "--script", "z.mcauth", "a.mcauth",
        ],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        in_order(&run.stdout),
        [
            "a.mcauth:2:1 root-access-key",
            "a.mcauth:3:1 expired-grant",
            "a.mcauth:3:1 grant-to-removed-user",
            "z.mcauth:4:1 high-risk-policy",
        ]
    );
}

#[test]
fn requests_made_as_the_account_are_reported_at_their_line() {
    // By name: covered by the fixture table above. By AccessKey: the key's owner decides.
    let dir = TempDir::new("lint-requests");
    dir.write(
        "s.mcauth",
        "at '2026-03-01T00:00:00Z';\n\
         create account ALIYUN$o@example.com uid 1000000000000001;\n\
         create ram user RAM$o@example.com:bob;\n\
         create accesskey AK_OWNER for ALIYUN$o@example.com;\n\
         create accesskey AK_BOB for RAM$o@example.com:bob;\n\
         create project p owner ALIYUN$o@example.com;\n",
    );
    dir.write(
        "r.jsonl",
        "{\"access_key_id\": \"AK_BOB\", \"project\": \"p\", \"action\": \"List\"}\n\
         \n\
         {\"access_key_id\": \"AK_OWNER\", \"project\": \"p\", \"action\": \"List\"}\n\
         {\"principal\": \"ALIYUN$o@example.com\", \"action\": \"odps:CreateProject\",\n",
    );
    // The last line is cut short: bad input, exit 1, naming the line.
    let run = mcauth_in(
        &dir.0,
        &["lint", "--script", "s.mcauth", "--requests", "r.jsonl"],
    );
    assert_bad_input(&run, &["r.jsonl:4:"]);
    dir.write(
        "r.jsonl",
        "{\"access_key_id\": \"AK_BOB\", \"project\": \"p\", \"action\": \"List\"}\n\
         \n\
         {\"access_key_id\": \"AK_OWNER\", \"project\": \"p\", \"action\": \"List\"}\n\
         {\"principal\": \"ALIYUN$o@example.com\", \"action\": \"odps:CreateProject\", \
          \"resource\": \"acs:odps:*:1000000000000001:projects/q\"}\n\
         {\"project\": \"p\", \"assume_role\": \"acs:ram::1000000000000001:role/x\", \
          \"action\": \"oss:GetObject\", \"resource\": \"acs:oss:*:*:b/k\"}\n",
    );
    let run = mcauth_in(
        &dir.0,
        &[
            "lint",
            "--script",
            "s.mcauth",
            "--requests",
            "r.jsonl",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    // The script's own finding (the account's key, line 4) and the requests on lines 3 (its
    // AccessKey) and 4 (a console request by name); bob's key and the external request, which
    // MaxCompute makes itself, are not reported.
    assert_eq!(
        in_order(&run.stdout),
        [
            "r.jsonl:3:1 root-account-request",
            "r.jsonl:4:1 root-account-request",
            "s.mcauth:4:1 root-access-key",
        ]
    );
    assert!(str_of(&v[0], "message").contains("AccessKey `AK_OWNER`"));

    // A requests file without a request is most likely the wrong file.
    dir.write("empty.jsonl", "# nothing\n\n");
    let run = mcauth_in(
        &dir.0,
        &["lint", "--script", "s.mcauth", "--requests", "empty.jsonl"],
    );
    assert_bad_input(&run, &["empty.jsonl: no requests"]);
}

/// `lint --requests` reads what `check --requests` reads, with the same reader: standard input
/// as `-`, named `<stdin>`; a bad line or no request is bad input.
#[test]
fn requests_are_read_from_standard_input_as_check_reads_them() {
    let dir = TempDir::new("lint-stdin");
    let script = workspace_root().join(format!("{DIR}/root-account-request.mcauth"));
    let requests = workspace_root().join(format!("{DIR}/root-account-request.jsonl"));
    let text = std::fs::read_to_string(&requests).unwrap();
    let args = [
        "lint",
        "--script",
        path_str(&script),
        "--requests",
        "-",
        "--format",
        "json",
    ];
    let from_stdin = mcauth_stdin_in(&dir.0, &args, &text);
    let mut from_file = args;
    from_file[4] = path_str(&requests);
    let from_file = mcauth_in(&dir.0, &from_file);
    assert_eq!(from_file.code, 0, "{from_file:#?}");
    assert_eq!(from_stdin.code, from_file.code, "{from_stdin:#?}");
    let file_name = path_str(&requests);
    assert!(from_file.stdout.contains(&format!("{file_name}:3:1")));
    assert_eq!(
        from_stdin.stdout,
        from_file.stdout.replace(file_name, "<stdin>"),
        "{from_stdin:#?}"
    );

    let bad = format!("{text}{{\"principal\": 3}}\n");
    let bad_line = bad.lines().count();
    let run = mcauth_stdin_in(&dir.0, &args, &bad);
    assert_bad_input(&run, &[&format!("<stdin>:{bad_line}:")]);
    let run = mcauth_stdin_in(&dir.0, &args, "# nothing\n");
    assert_bad_input(&run, &["<stdin>: no requests"]);
}

#[test]
fn snapshots_lint_like_their_scripts_and_bad_input_exits_1() {
    let dir = TempDir::new("lint-snapshot");
    let script = workspace_root().join(format!("{DIR}/grant-to-removed-user.mcauth"));
    let script = script.to_str().unwrap();
    let export = mcauth(["export", "--script", script]);
    assert_eq!(export.code, 0, "{export:#?}");
    let snapshot = dir.write("model.json", &export.stdout);
    let from_script = mcauth(["lint", "--script", script, "--format", "json"]);
    let from_snapshot = mcauth([
        "lint",
        "--snapshot",
        path_str(&snapshot),
        "--format",
        "json",
    ]);
    assert_eq!(from_script.code, 0);
    assert_eq!(from_snapshot.stdout, from_script.stdout);
    assert!(from_script.stdout.contains("grant-to-removed-user"));

    assert_bad_input(
        &mcauth(["lint", "--script", "no-such-file.mcauth"]),
        &["no-such-file.mcauth"],
    );
    assert_bad_input(&mcauth(["lint"]), &["--script"]);
    assert_bad_input(
        &mcauth(["lint", "--script", script, "--format", "yaml"]),
        &["yaml"],
    );
    let bad = dir.write("bad.mcauth", "create project p owner;\n");
    assert_bad_input(
        &mcauth(["lint", "--script", path_str(&bad)]),
        &["bad.mcauth:1:"],
    );
}
