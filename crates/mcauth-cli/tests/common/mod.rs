//! Shared helpers for the end-to-end tests of the `mcauth` binary (`cli.rs`,
//! `show_packages.rs`, `data_sharing.rs`, `external_data.rs`, `suite.rs`, ...): running the
//! binary, scratch folders, assertions on its output, and the fixtures' test suites.
//!
//! Each test file allows `unwrap`, `expect`, `panic` and indexing for the whole test crate,
//! this module included; not every file uses every helper.
#![allow(dead_code)]

use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const BIN: &str = env!("CARGO_BIN_EXE_mcauth");

/// The stages of a decision, in order (design §3).
pub const STAGES: [&str; 5] = [
    "authentication",
    "membership",
    "ip_whitelist",
    "project_status",
    "permission",
];

/// A directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "mcauth-cli-test-{}-{tag}-{n}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn run(command: &mut Command) -> Run {
    let out = command.output().unwrap();
    Run {
        code: out.status.code().expect("terminated by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `mcauth <args>` run in the test's working directory.
pub fn mcauth<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run(Command::new(BIN).args(args))
}

/// `mcauth` run in `dir`, so that relative script names appear as written.
pub fn mcauth_in<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Run {
    run(Command::new(BIN).current_dir(dir).args(args))
}

/// `mcauth` run in `dir` with `input` on standard input, written from another thread (the
/// command may write while it reads).
pub fn mcauth_stdin_in<S: AsRef<OsStr>>(dir: &Path, args: &[S], input: &str) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run {
        code: out.status.code().expect("terminated by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The workspace root: tests run the binary there so that sources read `fixtures/...`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A path as `&str`, to sit in one argument list with other `&str`s.
pub fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `mcauth check <config...> --request <request> <extra...>` run in `dir`.
pub fn check_in(dir: &Path, config: &[&str], request: &str, extra: &[&str]) -> Run {
    let mut args = vec!["check"];
    args.extend_from_slice(config);
    args.extend_from_slice(&["--request", request]);
    args.extend_from_slice(extra);
    mcauth_in(dir, &args)
}

/// `mcauth show <query> --script <script> --project <project> [--as <who>]`: the statement
/// first, as documented (`--script` takes every following value as a file).
pub fn show(script: &Path, project: &str, who: Option<&str>, query: &str) -> Run {
    let mut args = vec![
        "show",
        query,
        "--script",
        path_str(script),
        "--project",
        project,
    ];
    if let Some(w) = who {
        args.extend_from_slice(&["--as", w]);
    }
    mcauth(args)
}

/// [`show`] that must succeed (exit 0); its stdout.
#[track_caller]
pub fn shown(script: &Path, project: &str, who: Option<&str>, query: &str) -> String {
    let run = show(script, project, who, query);
    assert_eq!(run.code, 0, "{run:#?}");
    run.stdout
}

/// [`show`] that the principal may not run: exit 2, nothing on stdout, `needle` on stderr.
#[track_caller]
pub fn show_denied(script: &Path, project: &str, who: Option<&str>, query: &str, needle: &str) {
    let run = show(script, project, who, query);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(
        run.stdout.is_empty() && run.stderr.contains(needle),
        "{run:#?}"
    );
}

/// Assert a bad-input failure: exit 1, nothing on stdout, `want` (each) on stderr.
#[track_caller]
pub fn assert_bad_input(run: &Run, want: &[&str]) {
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.stdout.is_empty(), "stdout must be empty: {run:#?}");
    for w in want {
        assert!(
            run.stderr.contains(w),
            "stderr should contain {w:?}: {run:#?}"
        );
    }
}

/// Each line of `stdout` as JSON.
pub fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

pub fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

/// The `stages` array of a decision as (stage, result) pairs.
pub fn stages(d: &Value) -> Vec<(String, String)> {
    d["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                str_of(s, "stage").to_string(),
                str_of(s, "result").to_string(),
            )
        })
        .collect()
}

/// Every stage is listed in order; those before the deciding stage pass, the deciding stage
/// passes (allow) or fails (deny), later ones are not reached.
pub fn assert_stages_consistent(d: &Value) {
    let st = stages(d);
    let names: Vec<&str> = st.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(names, STAGES, "{d}");
    let at = STAGES
        .iter()
        .position(|s| *s == str_of(d, "stage"))
        .unwrap();
    let allowed = str_of(d, "decision") == "allow";
    for (i, (_, result)) in st.iter().enumerate() {
        let want = match i.cmp(&at) {
            std::cmp::Ordering::Less => "pass",
            std::cmp::Ordering::Equal if allowed => "pass",
            std::cmp::Ordering::Equal => "fail",
            std::cmp::Ordering::Greater => "not_reached",
        };
        assert_eq!(result, want, "stage {} of {d}", STAGES[i]);
    }
}

/// One case of a test suite file, as plain JSON.
pub struct SuiteCase {
    pub name: String,
    pub request: Value,
    pub expect: Value,
}

impl SuiteCase {
    /// The expected `decision`.
    pub fn decision(&self) -> &str {
        str_of(&self.expect, "decision")
    }

    /// The expected `stage`, when the case gives one.
    pub fn stage(&self) -> Option<&str> {
        self.expect["stage"].as_str()
    }
}

/// The cases of the suite file `path` (relative to the workspace root), in order.
pub fn suite_cases(path: &str) -> Vec<SuiteCase> {
    let text = std::fs::read_to_string(workspace_root().join(path)).unwrap();
    let suite: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    suite["cases"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: no `cases`"))
        .iter()
        .map(|c| SuiteCase {
            name: str_of(c, "name").to_string(),
            request: c["request"].clone(),
            expect: c["expect"].clone(),
        })
        .collect()
}

/// Every `*.suite.json` under `fixtures/`, relative to the workspace root, sorted.
pub fn fixture_suites() -> Vec<String> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            let rel = format!("{rel}/{name}");
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &rel, out);
            } else if name.ends_with(".suite.json") {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(&workspace_root().join("fixtures"), "fixtures", &mut out);
    out.sort();
    out
}
