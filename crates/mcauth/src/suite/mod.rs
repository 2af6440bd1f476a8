//! Test suites (`mcauth test`, design §5): a configuration, requests, and the decision each
//! request must get.
//!
//! A suite is a JSON file (`docs/formats.md`, "Test suites"):
//!
//! ```json
//! { "name": "sales access", "scripts": ["../sales.mcauth"],
//!   "cases": [ { "name": "bob reads orders", "request": { "...": "..." },
//!                "expect": { "decision": "allow" } } ] }
//! ```
//!
//! [`Suite::parse`] reads one, naming `file:line:column` on every error; [`Suite::load`] loads
//! its configuration; [`Suite::run`] decides each case and compares the decision with what the
//! case expects ([`CaseOutcome`]).
//!
//! ```
//! use mcauth::suite::Suite;
//! let dir = std::env::temp_dir().join(format!("mcauth-suite-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("p.mcauth"), "create project p owner ALIYUN$o@example.com;").unwrap();
//! let file = dir.join("p.suite.json");
//! std::fs::write(&file, r#"{ "name": "p", "scripts": ["p.mcauth"], "cases": [
//!     { "name": "the owner lists p",
//!       "request": {"principal": "ALIYUN$o@example.com", "project": "p", "action": "List"},
//!       "expect": {"decision": "allow", "reasons": [{"kind": "owner"}]} },
//!     { "name": "a stranger",
//!       "request": {"principal": "ALIYUN$x@example.com", "project": "p", "action": "List"},
//!       "expect": {"decision": "allow"} } ] }"#).unwrap();
//! let suite = Suite::from_file(&file).unwrap();
//! let engine = suite.load().unwrap();
//! let outcomes = suite.run(&engine, None);
//! assert!(outcomes[0].passed());
//! let m = &outcomes[1].mismatches[0];
//! assert_eq!((m.field.as_str(), m.expected.as_str(), m.actual.as_str()),
//!            ("decision", "allow", "deny"));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

mod read;
mod run;

pub use run::{CaseOutcome, Mismatch};

use crate::decision::{DenyKind, Effect, ReasonKind, Stage};
use crate::error::LoadError;
use crate::load::Input;
use crate::location::Source;
use crate::request::AnyRequest;
use std::fmt;
use std::path::Path;

/// A test suite: a configuration and the cases to decide against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suite {
    /// The suite file, as given.
    pub file: String,
    /// The suite's `name`.
    pub name: String,
    /// The configuration: `snapshots`, then `scripts`, each in the order written, with the
    /// paths resolved against the suite file's folder.
    pub inputs: Vec<SuiteInput>,
    /// Where the suite's configuration is named (the `scripts` member, else `snapshots`).
    pub inputs_at: Source,
    /// The cases, in the order written.
    pub cases: Vec<Case>,
}

/// One input of a suite's configuration, with where the suite names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuiteInput {
    /// The script or snapshot, its path resolved against the suite file's folder.
    pub input: Input,
    /// The entry in the suite file.
    pub at: Source,
}

/// One case: a request and the decision it must get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The case's `name`, unique in its suite.
    pub name: String,
    /// Where the case starts in the suite file.
    pub at: Source,
    /// The case's `why`: where the expectation comes from (free text, printed with a
    /// failure, never checked).
    pub why: Option<String>,
    /// The request, in any form the engine takes.
    pub request: AnyRequest,
    /// What the decision must be.
    pub expect: Expect,
}

/// What a case's decision must be. Only `decision` is required; every other field that is
/// given must hold too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// `allow` or `deny`.
    pub decision: Effect,
    /// The stage that decided.
    pub stage: Option<Stage>,
    /// `explicit` or `implicit` (permission denies).
    pub deny_kind: Option<DenyKind>,
    /// The decision's `code`.
    pub code: Option<String>,
    /// Fragments the decision's `message` must contain, each.
    pub message: Vec<String>,
    /// Reasons the decision must give, each matched by one of its reasons.
    pub reasons: Vec<ReasonExpect>,
}

/// A reason a decision must give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonExpect {
    /// A string: some reason's `text` or `source` contains it.
    Mentions(String),
    /// An object: one reason satisfies every field given.
    Matches(ReasonPattern),
}

/// The fields of one reason; `None` matches anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReasonPattern {
    /// The reason's `kind`.
    pub kind: Option<ReasonKind>,
    /// The reason's `effect`.
    pub effect: Option<Effect>,
    /// A fragment of the reason's `text`.
    pub text: Option<String>,
    /// Where the reason comes from.
    pub source: Option<SourcePattern>,
}

/// `file`, `file:line` or `file:line:column`: a reason's source matches when its file is
/// `file` or ends with `/file`, and its line and column (when given) are equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePattern {
    /// The file name, or a trailing part of its path.
    pub file: String,
    /// The line, when given.
    pub line: Option<u32>,
    /// The column, when given (only with a line).
    pub column: Option<u32>,
}

/// Why a suite cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SuiteError {
    /// The suite file could not be read.
    #[error("cannot read `{path}`: {message}")]
    Read {
        /// The path as given.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The suite file is not a valid suite: bad JSON, a missing, unknown or ill-typed member,
    /// an invalid request.
    #[error("{at}: {message}")]
    Invalid {
        /// Where in the suite file.
        at: Source,
        /// What was expected.
        message: String,
    },
    /// The suite's configuration did not load.
    #[error("{}", load_message(.at, .error))]
    Load {
        /// The suite's entry for the input that failed (or its list of inputs).
        at: Source,
        /// The load error, with its own position when it has one.
        error: LoadError,
    },
}

/// A load error that names its own `file:line:column` leads with it and then names the suite's
/// entry; one without a position (a missing file, a bad snapshot) leads with the entry.
fn load_message(at: &Source, error: &LoadError) -> String {
    match error.source_position() {
        Some(_) => format!("{error} (loaded by the suite at {at})"),
        None => format!("{at}: {error}"),
    }
}

impl Suite {
    /// Read and parse a suite file.
    pub fn from_file(path: &Path) -> Result<Suite, SuiteError> {
        let text = std::fs::read_to_string(path).map_err(|e| SuiteError::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Suite::parse(path, &text)
    }

    /// Parse a suite; `path` names it in errors and locates its scripts and snapshots.
    ///
    /// ```
    /// use mcauth::suite::Suite;
    /// let err = Suite::parse("s.json".as_ref(), r#"{"name": "s", "scripts": ["p.mcauth"],
    ///     "cases": [{"name": "c", "expect": {"decision": "allow", "stage": "whitelist"},
    ///                "request": {"principal": "ALIYUN$o@example.com", "project": "p",
    ///                            "action": "List"}}]}"#)
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("s.json:2:70: unknown stage `whitelist`: expected \
    ///     one of `authentication`, `membership`, `ip_whitelist`"), "{err}");
    /// ```
    pub fn parse(path: &Path, text: &str) -> Result<Suite, SuiteError> {
        read::suite(path, text)
    }

    /// Whether `filter` selects `case`: the case's name, or `<suite name>/<case name>`,
    /// contains it (case-sensitive).
    pub fn selects(&self, case: &Case, filter: &str) -> bool {
        case.name.contains(filter) || format!("{}/{}", self.name, case.name).contains(filter)
    }
}

impl fmt::Display for SourcePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
        }
        Ok(())
    }
}

impl fmt::Display for ReasonExpect {
    /// How the expectation reads in a mismatch: `a reason mentioning "x"`, `a reason with
    /// kind grant, effect allow, text "y", source f:3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReasonExpect::Mentions(s) => write!(f, "a reason mentioning {s:?}"),
            ReasonExpect::Matches(p) => {
                let mut parts = Vec::new();
                if let Some(k) = p.kind {
                    parts.push(format!("kind {}", read::name_of(&k)));
                }
                if let Some(e) = p.effect {
                    parts.push(format!("effect {e}"));
                }
                if let Some(t) = &p.text {
                    parts.push(format!("text {t:?}"));
                }
                if let Some(s) = &p.source {
                    parts.push(format!("source {s}"));
                }
                if parts.is_empty() {
                    f.write_str("a reason")
                } else {
                    write!(f, "a reason with {}", parts.join(", "))
                }
            }
        }
    }
}
