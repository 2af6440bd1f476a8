//! End-to-end tests of batch checks, `check --requests F.jsonl [--jobs N]`
//! (docs/semantics.md, "Batch checks"): the output is the same, in input order, for every
//! number of jobs; a bad line in a file gives no decision; standard input is read once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;
use std::path::Path;

const SALES: &str = "fixtures/quickstart/sales.mcauth";

/// Every shipped fixture with requests: its configuration arguments and its requests file.
const FIXTURES: [(&[&str], &str); 5] = [
    (
        &["--script", "fixtures/quickstart/sales.mcauth"],
        "fixtures/quickstart/requests.jsonl",
    ),
    (
        &[
            "--script",
            "fixtures/data-sharing/source.mcauth",
            "--script",
            "fixtures/data-sharing/consumer.mcauth",
        ],
        "fixtures/data-sharing/requests.jsonl",
    ),
    (
        &[
            "--script",
            "fixtures/dataworks/standard.mcauth",
            "fixtures/dataworks/tables.mcauth",
        ],
        "fixtures/dataworks/requests.jsonl",
    ),
    (
        &["--script", "fixtures/external-data/lake.mcauth"],
        "fixtures/external-data/requests.jsonl",
    ),
    (
        &["--script", "fixtures/identities/corp.mcauth"],
        "fixtures/identities/requests.jsonl",
    ),
];

/// `mcauth check <config> --requests <requests> <extra...>` run at the workspace root.
fn batch(config: &[&str], requests: &str, extra: &[&str]) -> Run {
    let mut args = vec!["check"];
    args.extend_from_slice(config);
    args.extend_from_slice(&["--requests", requests]);
    args.extend_from_slice(extra);
    mcauth_in(&workspace_root(), &args)
}

/// [`batch`] with `--requests -`, `input` on standard input.
fn batch_stdin(config: &[&str], input: &str, extra: &[&str]) -> Run {
    let mut args = vec!["check"];
    args.extend_from_slice(config);
    args.extend_from_slice(&["--requests", "-"]);
    args.extend_from_slice(extra);
    mcauth_stdin_in(&workspace_root(), &args, input)
}

/// The request lines of a JSON Lines text (not blank, not a comment).
fn request_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("//"))
        .collect()
}

/// The same output and exit code for `--jobs 1`, `2` and `4`: the `--jobs 1` run.
#[track_caller]
fn same_for_every_jobs(config: &[&str], requests: &str, format: &str) -> Run {
    let one = batch(config, requests, &["--format", format, "--jobs", "1"]);
    for jobs in ["2", "4"] {
        let other = batch(config, requests, &["--format", format, "--jobs", jobs]);
        assert_eq!(
            (other.code, &other.stdout, &other.stderr),
            (one.code, &one.stdout, &one.stderr),
            "{requests} --format {format} --jobs {jobs}"
        );
    }
    one
}

#[test]
fn every_fixture_decides_the_same_with_any_jobs_as_one_request_at_a_time() {
    for (config, requests) in FIXTURES {
        let text = std::fs::read_to_string(workspace_root().join(requests)).unwrap();
        let lines = request_lines(&text);
        let text = same_for_every_jobs(config, requests, "text");
        let run = same_for_every_jobs(config, requests, "json");
        assert_eq!(text.code, run.code, "{requests}");
        assert_eq!(
            text.stdout.lines().filter(|l| !l.starts_with(' ')).count(),
            lines.len(),
            "{requests}: one text block per request"
        );
        // The batch is what deciding the requests one by one, in file order, gives.
        let mut want = String::new();
        let mut any_denied = false;
        for line in &lines {
            let one = check_in(&workspace_root(), config, line, &["--format", "json"]);
            assert!(one.code == 0 || one.code == 2, "{line}: {one:#?}");
            any_denied |= one.code == 2;
            want.push_str(&one.stdout);
        }
        assert_eq!(run.stdout, want, "{requests}");
        assert_eq!(run.code, if any_denied { 2 } else { 0 }, "{requests}");
    }
}

/// Request `i` of the generated file: by `i % 3`, Bob reads `orders` from outside the
/// whitelist (denied at `ip_whitelist`), from inside it (allowed: role analyst's Select on
/// orders), or updates `orders` from inside it (denied at `permission`: analyst has no
/// Update). The source IP spells `i`, so the output shows the order.
fn generated(i: usize) -> (String, &'static str, &'static str) {
    let (high, low) = (i / 256 % 256, i % 256);
    let bob = r#"{"principal":"RAM$owner@example.com:bob","project":"sales""#;
    match i % 3 {
        0 => (
            format!(
                r#"{bob},"action":"Select","object":{{"type":"table","name":"orders","columns":["id"]}},"source_ip":"8.{}.{high}.{low}"}}"#,
                i / 65536
            ),
            "deny",
            "ip_whitelist",
        ),
        1 => (
            format!(
                r#"{bob},"action":"Select","object":{{"type":"table","name":"orders","columns":["id","amount"]}},"source_ip":"10.{}.{high}.{low}"}}"#,
                i / 65536
            ),
            "allow",
            "permission",
        ),
        _ => (
            format!(
                r#"{bob},"action":"Update","object":{{"type":"table","name":"orders"}},"source_ip":"10.{}.{high}.{low}"}}"#,
                i / 65536
            ),
            "deny",
            "permission",
        ),
    }
}

/// The source IP of generated request `i`.
fn ip(i: usize) -> String {
    let first = if i % 3 == 0 { 8 } else { 10 };
    format!("{first}.{}.{}.{}", i / 65536, i / 256 % 256, i % 256)
}

/// The generated requests, `n` of them, with a comment line every 1,000 requests and a blank
/// line every 777: chunks then hold different numbers of requests.
fn generated_file(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        if i % 1000 == 0 {
            text.push_str(&format!("# requests {i}..\n"));
        }
        if i % 777 == 0 {
            text.push('\n');
        }
        text.push_str(&generated(i).0);
        text.push('\n');
    }
    text
}

const GENERATED: usize = 20_000;

#[test]
fn twenty_thousand_requests_come_out_in_input_order_with_any_jobs() {
    let dir = TempDir::new("batch-20k");
    let path = dir.write("many.jsonl", &generated_file(GENERATED));
    let config = ["--script", SALES];

    let json = same_for_every_jobs(&config, path_str(&path), "json");
    assert_eq!(json.code, 2, "some are denied: {}", json.stderr);
    let decisions = json_lines(&json.stdout);
    assert_eq!(decisions.len(), GENERATED);
    for (i, d) in decisions.iter().enumerate() {
        let (_, decision, stage) = generated(i);
        assert_eq!(
            (str_of(d, "decision"), str_of(d, "stage")),
            (decision, stage),
            "request {i}: {d}"
        );
        if i % 3 == 0 {
            // A whitelist deny names the address: the decision of request i, not another's.
            let want = format!("the request from {} is not in the whitelist", ip(i));
            assert!(str_of(d, "message").contains(&want), "request {i}: {d}");
        }
    }

    let text = same_for_every_jobs(&config, path_str(&path), "text");
    assert_eq!(text.code, 2);
    let headlines: Vec<&str> = text
        .stdout
        .lines()
        .filter(|l| !l.starts_with(' '))
        .collect();
    assert_eq!(headlines.len(), GENERATED);
    for (i, headline) in headlines.iter().enumerate() {
        let (_, decision, _) = generated(i);
        assert!(
            headline.starts_with(decision) && headline.ends_with(&format!(" from {}", ip(i))),
            "request {i}: {headline}"
        );
    }
}

#[test]
fn every_jobs_spelling_gives_the_same_output() {
    let (config, requests) = FIXTURES[0];
    let one = batch(config, requests, &["--format", "json"]);
    assert_eq!(one.code, 2);
    // 20000: more than 4 threads per core count as 4 per core (semantics B4); the process
    // once aborted starting them all.
    for jobs in ["0", "all", "3", "64", "20000"] {
        let run = batch(config, requests, &["--format", "json", "--jobs", jobs]);
        assert_eq!(
            (run.code, &run.stdout),
            (one.code, &one.stdout),
            "--jobs {jobs}"
        );
    }
}

/// The generated file with line `bad_line` (1-based) replaced by a request whose action is
/// unknown, indented by two spaces; and the column of the bad value.
fn with_a_bad_line(bad_line: usize) -> (String, usize) {
    let bad = r#"{"principal":"RAM$owner@example.com:bob","project":"sales","action":"Selec"}"#;
    let column = 2 + bad.find(r#""Selec""#).unwrap() + 1;
    let text: Vec<String> = generated_file(GENERATED)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == bad_line {
                format!("  {bad}")
            } else {
                l.to_string()
            }
        })
        .collect();
    (text.join("\n") + "\n", column)
}

#[test]
fn a_bad_line_late_in_a_file_stops_before_any_decision() {
    let dir = TempDir::new("batch-bad");
    // Near the end, in the last chunk of lines.
    let line = GENERATED + 15;
    let (text, column) = with_a_bad_line(line);
    let path = dir.write("bad.jsonl", &text);
    for (jobs, format) in [("1", "json"), ("2", "text"), ("4", "json")] {
        let run = batch(
            &["--script", SALES],
            path_str(&path),
            &["--jobs", jobs, "--format", format],
        );
        let at = format!("{}:{line}:{column}: ", path.display());
        assert_bad_input(&run, &[&at, "`Selec`", "(field `action`)"]);
    }
}

#[test]
fn a_request_error_comes_before_a_configuration_error() {
    // The file is read before the configuration is loaded, as for a single --request.
    let dir = TempDir::new("batch-order");
    let path = dir.write("bad.jsonl", "{\"action\":\"List\"}\n");
    let script = dir.write("bad.mcauth", "grant nonsense;\n");
    let run = mcauth([
        "check",
        "--script",
        path_str(&script),
        "--requests",
        path_str(&path),
    ]);
    assert_bad_input(&run, &[&format!("{}:1:", path.display())]);
    assert!(!run.stderr.contains("bad.mcauth"), "{run:#?}");
}

#[test]
fn standard_input_is_decided_as_it_comes_and_a_bad_line_ends_it() {
    let config = ["--script", SALES];
    let (_, requests) = FIXTURES[0];
    let text = std::fs::read_to_string(workspace_root().join(requests)).unwrap();
    let from_file = batch(&config, requests, &["--format", "json"]);
    for jobs in ["1", "3"] {
        let run = batch_stdin(&config, &text, &["--format", "json", "--jobs", jobs]);
        assert_eq!(
            (run.code, &run.stdout),
            (from_file.code, &from_file.stdout),
            "--jobs {jobs}"
        );
    }

    // A bad line: the decisions of the requests before it, then the error, exit 1.
    let line = GENERATED + 15;
    let (text, column) = with_a_bad_line(line);
    let before = request_lines(&text[..text.find("  {").unwrap()]).len();
    let mut outputs = Vec::new();
    for jobs in ["1", "4"] {
        let run = batch_stdin(&config, &text, &["--format", "json", "--jobs", jobs]);
        assert_eq!(run.code, 1, "--jobs {jobs}: {}", run.stderr);
        let at = format!("error: <stdin>:{line}:{column}: ");
        assert!(run.stderr.starts_with(&at), "--jobs {jobs}: {}", run.stderr);
        let decisions = json_lines(&run.stdout);
        assert_eq!(decisions.len(), before, "--jobs {jobs}");
        for (i, d) in decisions.iter().enumerate() {
            assert_eq!(str_of(d, "decision"), generated(i).1, "request {i}");
        }
        outputs.push(run.stdout);
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn no_requests_is_bad_input_from_a_file_or_standard_input() {
    let dir = TempDir::new("batch-empty");
    for (name, text) in [
        ("empty.jsonl", ""),
        ("comments.jsonl", "# only\n\n// this\n"),
    ] {
        let path = dir.write(name, text);
        for jobs in ["1", "2"] {
            let run = batch(&["--script", SALES], path_str(&path), &["--jobs", jobs]);
            // Worded for a file and for standard input alike.
            let why = "no requests: expected at least one JSON object, found only blank and \
                       comment lines\n";
            let want = format!("{}: {why}", path.display());
            assert_bad_input(&run, &[&want]);
            let run = batch_stdin(&["--script", SALES], text, &["--jobs", jobs]);
            assert_bad_input(&run, &[&format!("<stdin>: {why}")]);
        }
    }
}

/// An input that cannot be read as text says why: a directory by name, a line that is not
/// UTF-8 at its line and column (in characters), before the configuration is loaded.
#[test]
fn a_directory_or_a_line_that_is_not_utf8_is_named() {
    let dir = TempDir::new("batch-unreadable");
    let want = format!(
        "error: `{}` is a directory: expected a JSON Lines file of requests\n",
        dir.0.display()
    );
    let run = batch(&["--script", "no-such.mcauth"], path_str(&dir.0), &[]);
    assert_eq!((run.code, run.stderr.as_str()), (1, want.as_str()));
    let run = mcauth_in(
        &workspace_root(),
        &["lint", "--script", SALES, "--requests", path_str(&dir.0)],
    );
    assert_bad_input(&run, &[&want]);

    // Line 2: `{"é` then a byte that is not UTF-8, the 4th character.
    let owner = r#"{"principal":"ALIYUN$owner@example.com","project":"sales","action":"List"}"#;
    let mut bytes = format!("{owner}\n{{\"é").into_bytes();
    bytes.extend(b"\xff\"}\n");
    let path = dir.path("latin1.jsonl");
    std::fs::write(&path, &bytes).unwrap();
    for jobs in ["1", "2"] {
        let run = batch(&["--script", SALES], path_str(&path), &["--jobs", jobs]);
        let want = format!(
            "error: {}:2:4: not UTF-8: a requests file is UTF-8 text\n",
            path.display()
        );
        assert_eq!(
            (run.code, run.stderr.as_str(), run.stdout.as_str()),
            (1, want.as_str(), "")
        );
    }
}

#[test]
fn jobs_must_be_a_number_of_threads_and_go_with_requests() {
    let (config, requests) = FIXTURES[0];
    for bad in ["x", "-1", "1.5", ""] {
        let run = batch(config, requests, &[&format!("--jobs={bad}")]);
        assert_bad_input(&run, &["invalid value", "--jobs", "number of threads"]);
    }
    let one = r#"{"principal":"ALIYUN$owner@example.com","project":"sales","action":"List"}"#;
    let run = check_in(&workspace_root(), config, one, &["--jobs", "2"]);
    assert_bad_input(&run, &["--request", "cannot be used with", "--jobs"]);
}

#[test]
fn exit_codes_follow_the_decisions_with_any_jobs() {
    let dir = TempDir::new("batch-codes");
    // Requests 1, 4, 7, ... of the generated file are allowed; 0, 2, 3, ... denied.
    let allowed: String = (1..3000)
        .step_by(3)
        .map(|i| generated(i).0 + "\n")
        .collect();
    let mixed: String = (0..3000).map(|i| generated(i).0 + "\n").collect();
    let allowed = dir.write("allowed.jsonl", &allowed);
    let mixed = dir.write("mixed.jsonl", &mixed);
    for jobs in ["1", "2"] {
        let run = batch(&["--script", SALES], path_str(&allowed), &["--jobs", jobs]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let run = batch(&["--script", SALES], path_str(&mixed), &["--jobs", jobs]);
        assert_eq!(run.code, 2, "{}", run.stderr);
    }
    let missing = Path::new("no-such-file.jsonl");
    let run = batch(&["--script", SALES], path_str(missing), &["--jobs", "2"]);
    assert_bad_input(&run, &["cannot read `no-such-file.jsonl`"]);
}
