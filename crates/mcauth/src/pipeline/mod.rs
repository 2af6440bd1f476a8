//! The decision pipeline (design §1): five stages in a fixed order; the first that refuses
//! decides, later stages are reported as not reached.
//!
//! | stage | module |
//! |---|---|
//! | authentication | [`authentication`] |
//! | membership | [`membership`] |
//! | ip_whitelist | [`ip_whitelist`] |
//! | project_status | [`project_status`] |
//! | permission | [`permission`] |

pub mod authentication;
pub mod console;
pub mod external;
pub mod ip_whitelist;
pub mod membership;
pub mod permission;
pub mod project_status;
pub(crate) mod ram;
mod trace;

pub use trace::Note;
pub(crate) use trace::Trace;

use crate::decision::{
    Decision, DenyKind, Effect, Reason, ReasonKind, Stage, StageOutcome, StageResult,
};
use crate::location::Source;
use crate::model::{Model, Project};
use crate::request::Request;
use std::fmt::{self, Write};

/// A stage's refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Denial {
    pub code: String,
    pub message: String,
    pub deny_kind: Option<DenyKind>,
    pub reasons: Vec<Reason>,
}

impl Denial {
    pub(crate) fn new(code: &str, message: impl Into<String>) -> Denial {
        Denial {
            code: code.to_string(),
            message: message.into(),
            deny_kind: None,
            reasons: Vec::new(),
        }
    }

    pub(crate) fn kind(mut self, kind: DenyKind) -> Denial {
        self.deny_kind = Some(kind);
        self
    }

    pub(crate) fn because(mut self, reason: Reason) -> Denial {
        self.reasons.push(reason);
        self
    }
}

impl Reason {
    pub(crate) fn new(
        kind: ReasonKind,
        effect: Effect,
        source: Option<&Source>,
        text: impl Into<String>,
    ) -> Reason {
        Reason {
            kind,
            effect,
            // `file:line:column`: the two numbers take at most 10 digits each.
            source: source.map(|s| text_of(s, s.file.len() + 22)),
            text: text.into(),
        }
    }
}

/// `value` written into a string of `capacity` bytes: one allocation where `to_string` grows
/// the string a few times.
pub(crate) fn text_of(value: impl fmt::Display, capacity: usize) -> String {
    let mut s = String::with_capacity(capacity);
    let _ = write!(s, "{value}");
    s
}

/// The project holding the request's object, when it is not the request's project.
pub(crate) fn other_project<'m>(
    model: &'m Model,
    project: &Project,
    req: &Request,
) -> Option<&'m Project> {
    model
        .project(&req.object().project)
        .filter(|other| !std::ptr::eq(*other, project))
}

/// Run every stage for `req` against `model`.
pub(crate) fn run(
    model: &Model,
    options: crate::engine::EngineOptions,
    policies: &crate::compile::PolicyProjects,
    req: &Request,
    trace: &mut Trace,
) -> Decision {
    let mut reached = 0usize;
    let outcome = (|| {
        trace.enter(Stage::Authentication);
        let principal = authentication::check(model, req, trace)?;
        reached += 1;
        trace.enter(Stage::Membership);
        let (project, member) = membership::check(model, req, &principal, trace)?;
        reached += 1;
        trace.enter(Stage::IpWhitelist);
        ip_whitelist::check(model, project, req, trace)?;
        reached += 1;
        trace.enter(Stage::ProjectStatus);
        project_status::check(model, project, req, trace)?;
        reached += 1;
        trace.enter(Stage::Permission);
        let caller = permission::Caller {
            principal: &principal,
            member,
        };
        permission::check(model, options, Some(policies), project, caller, req, trace)
    })();
    finish(&Stage::ALL, reached, outcome, trace)
}

/// The decision of a path through `stages`, of which `reached` passed before `outcome`.
pub(crate) fn finish(
    path: &[Stage],
    reached: usize,
    outcome: Result<Vec<Reason>, Denial>,
    trace: &Trace,
) -> Decision {
    let last = path.last().copied().unwrap_or(Stage::Permission);
    let stages = path
        .iter()
        .enumerate()
        .map(|(i, &stage)| StageResult {
            stage,
            result: match i.cmp(&reached) {
                std::cmp::Ordering::Less => StageOutcome::Pass,
                std::cmp::Ordering::Equal if outcome.is_ok() => StageOutcome::Pass,
                std::cmp::Ordering::Equal => StageOutcome::Fail,
                std::cmp::Ordering::Greater => StageOutcome::NotReached,
            },
        })
        .collect();
    let stage = path.get(reached).copied().unwrap_or(last);
    match outcome {
        Ok(reasons) => Decision {
            decision: Effect::Allow,
            stage: last,
            deny_kind: None,
            code: None,
            message: allow_message(&reasons),
            reasons,
            stages,
            missing_context: trace.missing_context(),
        },
        Err(d) => Decision {
            decision: Effect::Deny,
            stage,
            deny_kind: if stage == last {
                Some(d.deny_kind.unwrap_or(DenyKind::Implicit))
            } else {
                None
            },
            code: Some(d.code),
            message: d.message,
            reasons: d.reasons,
            stages,
            missing_context: trace.missing_context(),
        },
    }
}

fn allow_message(reasons: &[Reason]) -> String {
    let Some(r) = reasons.first() else {
        return "allowed".to_string();
    };
    let mut m = String::with_capacity(r.text.len() + r.source.as_ref().map_or(0, String::len) + 16);
    m.push_str("allowed: ");
    m.push_str(&r.text);
    if let Some(s) = &r.source {
        m.push_str(" (");
        m.push_str(s);
        m.push(')');
    }
    m
}
