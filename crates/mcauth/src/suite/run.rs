//! Running a suite: loading its configuration, deciding each case, and comparing the decision
//! with what the case expects.

use super::read::{name_of, source_pattern};
use super::{Case, Expect, ReasonExpect, SourcePattern, Suite, SuiteError};
use crate::decision::{Decision, Reason};
use crate::engine::Engine;
use crate::error::LoadError;
use crate::explain::Explanation;
use crate::load::Input;
use crate::location::Source;
use crate::model::Model;
use serde::Serialize;

/// One way a decision differs from what its case expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// The expectation that failed: `decision`, `stage`, `deny_kind`, `code`, `message` or
    /// `reasons`.
    pub field: String,
    /// What the case expects.
    pub expected: String,
    /// What the decision has.
    pub actual: String,
}

/// The outcome of one case: passed when there are no mismatches.
#[derive(Debug, Clone)]
pub struct CaseOutcome {
    /// The case's name.
    pub name: String,
    /// Where the case is in its suite file.
    pub at: Source,
    /// The case's `why`.
    pub why: Option<String>,
    /// How the decision differs from the expectation; empty when the case passed.
    pub mismatches: Vec<Mismatch>,
    /// The decision, with every rule consulted ([`Engine::explain_any`]).
    pub explanation: Explanation,
}

impl CaseOutcome {
    /// Whether the decision is what the case expects.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}

impl Suite {
    /// Load the suite's configuration and compile it. A load error keeps its own
    /// `file:line:column` and names the suite's entry for the input that failed.
    pub fn load(&self) -> Result<Engine, SuiteError> {
        let inputs: Vec<Input> = self.inputs.iter().map(|i| i.input.clone()).collect();
        let model = Model::load(&inputs).map_err(|error| SuiteError::Load {
            at: self.entry_of(&error),
            error,
        })?;
        Engine::new(model).map_err(|error| SuiteError::Load {
            at: self.inputs_at.clone(),
            error,
        })
    }

    /// The suite's entry for the input a load error is about (the list of inputs when the
    /// error is about another file, such as a policy file a script names).
    fn entry_of(&self, error: &LoadError) -> Source {
        let file = match error {
            LoadError::Read { path, .. } | LoadError::Snapshot { path, .. } => Some(path.as_str()),
            other => other.source_position().map(|s| &*s.file),
        };
        self.inputs
            .iter()
            .find(|i| {
                let (Input::Script(p) | Input::Snapshot(p)) = &i.input;
                Some(p.display().to_string().as_str()) == file
            })
            .map_or_else(|| self.inputs_at.clone(), |i| i.at.clone())
    }

    /// Decide the cases `filter` selects ([`Suite::selects`]; all of them without a filter),
    /// in order, against `engine` (from [`Suite::load`]).
    pub fn run(&self, engine: &Engine, filter: Option<&str>) -> Vec<CaseOutcome> {
        self.cases
            .iter()
            .filter(|c| filter.is_none_or(|f| self.selects(c, f)))
            .map(|c| c.run(engine))
            .collect()
    }
}

impl Case {
    /// Decide the case's request and compare the decision with the expectation.
    pub fn run(&self, engine: &Engine) -> CaseOutcome {
        let explanation = engine.explain_any(&self.request);
        CaseOutcome {
            name: self.name.clone(),
            at: self.at.clone(),
            why: self.why.clone(),
            mismatches: self.expect.compare(&explanation.decision),
            explanation,
        }
    }
}

fn or_none(v: Option<String>) -> String {
    v.unwrap_or_else(|| "none".to_string())
}

impl Expect {
    /// Every way `d` differs from this expectation, in the order of the fields.
    pub fn compare(&self, d: &Decision) -> Vec<Mismatch> {
        let mut out = Vec::new();
        let mut differ = |field: &str, expected: String, actual: String| {
            out.push(Mismatch {
                field: field.to_string(),
                expected,
                actual,
            });
        };
        if self.decision != d.decision {
            differ(
                "decision",
                self.decision.to_string(),
                d.decision.to_string(),
            );
        }
        if let Some(stage) = self.stage.filter(|s| *s != d.stage) {
            differ("stage", stage.to_string(), d.stage.to_string());
        }
        if let Some(kind) = self.deny_kind.filter(|k| Some(*k) != d.deny_kind) {
            differ(
                "deny_kind",
                name_of(&kind),
                or_none(d.deny_kind.map(|k| name_of(&k))),
            );
        }
        if let Some(code) = self.code.as_ref().filter(|c| d.code.as_ref() != Some(*c)) {
            differ("code", code.clone(), or_none(d.code.clone()));
        }
        for fragment in self
            .message
            .iter()
            .filter(|f| !d.message.contains(f.as_str()))
        {
            differ(
                "message",
                format!("a message containing {fragment:?}"),
                format!("{:?}", d.message),
            );
        }
        for r in self
            .reasons
            .iter()
            .filter(|r| !d.reasons.iter().any(|a| r.matches(a)))
        {
            let actual = match d.reasons.len() {
                0 => "no reasons".to_string(),
                1 => "1 reason, which does not match".to_string(),
                n => format!("{n} reasons, none matching"),
            };
            differ("reasons", r.to_string(), actual);
        }
        out
    }
}

impl ReasonExpect {
    /// Whether the decision's reason `r` satisfies this expectation.
    pub fn matches(&self, r: &Reason) -> bool {
        match self {
            ReasonExpect::Mentions(s) => {
                r.text.contains(s.as_str()) || r.source.as_deref().is_some_and(|x| x.contains(s))
            }
            ReasonExpect::Matches(p) => {
                p.kind.is_none_or(|k| k == r.kind)
                    && p.effect.is_none_or(|e| e == r.effect)
                    && p.text.as_ref().is_none_or(|t| r.text.contains(t.as_str()))
                    && p.source
                        .as_ref()
                        .is_none_or(|s| r.source.as_deref().is_some_and(|x| s.matches(x)))
            }
        }
    }
}

impl SourcePattern {
    /// Whether a reason's `source` (`file:line:column`) matches: the same file or one whose
    /// path ends with `/<file>`, and the line and column when the pattern gives them.
    pub fn matches(&self, source: &str) -> bool {
        let Some(actual) = source_pattern(source) else {
            return false;
        };
        let file = actual.file == self.file
            || actual.file.ends_with(&format!("/{}", self.file))
            || actual.file.ends_with(&format!("\\{}", self.file));
        file && self.line.is_none_or(|l| actual.line == Some(l))
            && self.column.is_none_or(|c| actual.column == Some(c))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::decision::{Effect, ReasonKind};
    use crate::suite::ReasonPattern;

    fn reason(text: &str, source: Option<&str>) -> Reason {
        Reason {
            kind: ReasonKind::Grant,
            effect: Effect::Allow,
            source: source.map(str::to_string),
            text: text.to_string(),
        }
    }

    #[test]
    fn sources_match_by_path_suffix_at_a_separator() {
        let p = |s: &str| source_pattern(s).unwrap();
        let actual = "fixtures/quickstart/sales.mcauth:35:1";
        assert!(p("sales.mcauth").matches(actual));
        assert!(p("quickstart/sales.mcauth:35").matches(actual));
        assert!(p("fixtures/quickstart/sales.mcauth:35:1").matches(actual));
        assert!(!p("ales.mcauth").matches(actual), "not inside a name");
        assert!(!p("sales.mcauth:34").matches(actual));
        assert!(!p("sales.mcauth:35:2").matches(actual));
        assert!(!p("sales.mcauth").matches("no position"));
    }

    #[test]
    fn a_reason_pattern_needs_every_field_it_gives() {
        let r = reason("grant Select on table orders", Some("s.mcauth:3:1"));
        let pattern = |kind, text: &str| {
            ReasonExpect::Matches(ReasonPattern {
                kind: Some(kind),
                text: Some(text.to_string()),
                ..ReasonPattern::default()
            })
        };
        assert!(pattern(ReasonKind::Grant, "Select").matches(&r));
        assert!(!pattern(ReasonKind::Policy, "Select").matches(&r));
        assert!(!pattern(ReasonKind::Grant, "Update").matches(&r));
        assert!(ReasonExpect::Mentions("s.mcauth:3".into()).matches(&r));
        assert!(!ReasonExpect::Mentions("s.mcauth:4".into()).matches(&reason("x", None)));
    }
}
