//! Lints (`mcauth lint`): configurations that load but are risky, useless or not what their
//! author meant — the Alibaba Cloud account used for routine work, high-risk RAM policies, a
//! Deny that takes nothing away, a grant no request can use, a public DataWorks environment
//! with a role. Each finding has a [`Code`] (stable, with its [`Severity`] and fix hint in one
//! table, [`Code::ALL`]), a message and the `file:line:column` of the statement at fault.
//!
//! One file per group of related lints: `identities.rs` (accounts, AccessKeys, RAM policies,
//! and requests: [`lint_request`]), `policies.rs` (`odps:*` on `*`), `shadowing.rs` (shadowed
//! Allows, dead Denies), `grants.rs` (removed users, missing objects, expiry), `labels.rs`
//! (LabelSecurity, download control, ProjectProtection), `conditions.rs` (conditions that never
//! hold), `environments.rs` (DataWorks). The interpretations are the LT rows of
//! `docs/semantics.md`.
//!
//! ```
//! use mcauth::lint::{lint, Code, Severity};
//! let model = mcauth::Model::from_script_str("a.mcauth", "
//!     create account ALIYUN$o@example.com;
//!     create ram user RAM$o@example.com:bob;
//!     attach policy AdministratorAccess to ram user RAM$o@example.com:bob;
//! ").unwrap();
//! let findings = lint(&model);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].code, Code::HighRiskPolicy);
//! assert_eq!(findings[0].severity, Severity::Warning);
//! assert_eq!(findings[0].source.as_ref().unwrap().to_string(), "a.mcauth:4:5");
//! ```

mod codes;
mod conditions;
mod environments;
mod grants;
mod identities;
mod labels;
mod patterns;
mod policies;
mod shadowing;
mod statements;

pub use codes::Code;
pub use identities::lint_request;

use crate::location::Source;
use crate::model::{AclGrant, Model};
use indexmap::IndexMap;
use serde::{Serialize, Serializer};
use std::fmt;

/// How serious a finding is. `mcauth lint` exits 2 when any finding is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A configuration that exposes access it should not (exit code 2).
    Error,
    /// Risky, or not what its author meant.
    Warning,
    /// Harmless but useless: worth cleaning up.
    Info,
}

impl Severity {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The code's severity.
    pub severity: Severity,
    /// The lint code.
    pub code: Code,
    /// What is wrong, naming the statement's subject.
    pub message: String,
    /// `file:line:column` of the statement at fault (in JSON, a string or `null`).
    #[serde(serialize_with = "source_text")]
    pub source: Option<Source>,
    /// How to fix it (the code's hint).
    pub hint: String,
}

fn source_text<S: Serializer>(source: &Option<Source>, s: S) -> Result<S::Ok, S::Error> {
    match source {
        Some(src) => s.collect_str(src),
        None => s.serialize_none(),
    }
}

impl Finding {
    /// A finding of `code` at `source`, with the code's severity and hint.
    pub fn new(code: Code, source: Option<&Source>, message: impl Into<String>) -> Finding {
        Finding {
            severity: code.severity(),
            code,
            message: message.into(),
            source: source.cloned(),
            hint: code.hint().to_string(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.severity, self.code)?;
        if let Some(src) = &self.source {
            write!(f, " {src}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every finding of the model, in a stable order ([`sort`]).
///
/// ```
/// let model = mcauth::Model::from_script_str("a.mcauth", "
///     create account ALIYUN$o@example.com;
///     create ram user RAM$o@example.com:bob;
///     create dataworks environment team for RAM$o@example.com:bob public default role;
/// ").unwrap();
/// let f = &mcauth::lint::lint(&model)[0];
/// assert_eq!(f.to_string(), "error public-environment-role a.mcauth:4:5: development \
///     environment `team` is public and associated with the DataWorks default role, which acts \
///     as its owner RAM$o@example.com:bob: everyone who uses it gets that credential");
/// ```
pub fn lint(model: &Model) -> Vec<Finding> {
    let mut out = Vec::new();
    identities::lint(model, &mut out);
    environments::lint(model, &mut out);
    for project in model.projects.values() {
        let statements = statements::of(project);
        policies::lint(project, &statements, &mut out);
        shadowing::lint(project, &statements, &mut out);
        grants::lint(model, project, &statements, &mut out);
        labels::lint(project, &mut out);
        conditions::lint(project, &statements, &mut out);
    }
    sort(&mut out);
    out
}

/// Order findings by file name, line and code name (then column and message); findings without
/// a source come last. Equal findings (one statement reached twice) are kept once.
pub fn sort(findings: &mut Vec<Finding>) {
    findings.sort_by_cached_key(|f| {
        (
            f.source.is_none(),
            f.source.as_ref().map(|s| (s.file.clone(), s.line)),
            f.code.as_str(),
            f.source.as_ref().map(|s| s.column),
            f.message.clone(),
        )
    });
    findings.dedup();
}

/// The ACL grants of `grants` by the statement that made them (a `grant A, B on t(c, d)` makes
/// one grant per action and column), in order.
pub(crate) fn by_statement<'a>(
    grants: impl Iterator<Item = &'a AclGrant>,
) -> IndexMap<&'a Source, Vec<&'a AclGrant>> {
    let mut out: IndexMap<&'a Source, Vec<&'a AclGrant>> = IndexMap::new();
    for g in grants {
        out.entry(&g.source).or_default().push(g);
    }
    out
}

/// One `grant` statement as written back from its grants: `grant Select, Describe on table
/// orders(id) to user RAM$o:bob`.
pub(crate) fn describe(grants: &[&AclGrant]) -> String {
    let Some(first) = grants.first() else {
        return String::new();
    };
    let mut actions: Vec<String> = Vec::new();
    let mut columns: Vec<&str> = Vec::new();
    for g in grants {
        let a = g.action.to_string();
        if !actions.contains(&a) {
            actions.push(a);
        }
        if let Some(c) = g.column.as_deref() {
            if !columns.contains(&c) {
                columns.push(c);
            }
        }
    }
    let cols = if columns.is_empty() {
        String::new()
    } else {
        format!("({})", columns.join(", "))
    };
    format!(
        "grant {} on {} {}{cols} to {}",
        actions.join(", "),
        first.object_type,
        first.object,
        first.grantee
    )
}
