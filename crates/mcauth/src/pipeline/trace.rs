//! What `explain` records while the pipeline runs; `check` records nothing.

use crate::condition::{Condition, ConditionContext, ConditionKey, Unmet};
use crate::decision::Stage;
use crate::location::Source;
use serde::Serialize;

/// One line of an explanation: a rule consulted, and whether it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The stage that consulted it.
    pub stage: Stage,
    /// What was consulted and how it turned out.
    pub text: String,
    /// The statement it comes from: `file:line:column`, or `null` (as in a reason).
    pub source: Option<String>,
}

/// Collects notes when enabled; when disabled the closures are never run.
#[derive(Debug)]
pub(crate) struct Trace {
    notes: Option<Vec<Note>>,
    stage: Stage,
    missing: Vec<String>,
}

impl Trace {
    pub(crate) fn off() -> Trace {
        Trace {
            notes: None,
            stage: Stage::Authentication,
            missing: Vec::new(),
        }
    }

    pub(crate) fn on() -> Trace {
        Trace {
            notes: Some(Vec::new()),
            stage: Stage::Authentication,
            missing: Vec::new(),
        }
    }

    pub(crate) fn enter(&mut self, stage: Stage) {
        self.stage = stage;
    }

    /// Record a note built by `f` (only when tracing).
    pub(crate) fn note<'s>(&mut self, f: impl FnOnce() -> (String, Option<&'s Source>)) {
        if let Some(notes) = &mut self.notes {
            let (text, source) = f();
            notes.push(Note {
                stage: self.stage,
                text,
                source: source.map(ToString::to_string),
            });
        }
    }

    /// Record a condition key the request does not carry (always, even when not tracing: the
    /// decision lists them under `missing_context`).
    pub(crate) fn missing(&mut self, key: ConditionKey) {
        self.missing_key(key.as_str());
    }

    /// Evaluate a grant's or statement's condition against the request, recording a key the
    /// request does not carry (every caller does: the decision lists them under
    /// `missing_context`).
    pub(crate) fn evaluate<'c>(
        &mut self,
        condition: &'c Condition,
        ctx: &ConditionContext<'_>,
    ) -> Result<(), Unmet<'c>> {
        let result = condition.evaluate(ctx);
        if let Err(Unmet::Missing(k)) = result {
            self.missing(k);
        }
        result
    }

    /// Record a condition key by name (RAM keys are open-ended).
    pub(crate) fn missing_key(&mut self, key: &str) {
        if !self.missing.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            self.missing.push(key.to_string());
        }
    }

    pub(crate) fn missing_context(&self) -> Vec<String> {
        self.missing.clone()
    }

    pub(crate) fn into_notes(self) -> Vec<Note> {
        self.notes.unwrap_or_default()
    }
}
