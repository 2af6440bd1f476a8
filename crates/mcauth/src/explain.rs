//! `explain`: a decision with every stage and every rule consulted, readable by a person.

use crate::decision::{Decision, StageOutcome};
use crate::pipeline::Note;
use serde::Serialize;
use std::fmt;

/// A decision with its trace.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The request, as one line.
    pub request: String,
    /// The decision, exactly as `check` returns it.
    pub decision: Decision,
    /// The rules consulted, in order.
    pub notes: Vec<Note>,
}

impl Explanation {
    pub(crate) fn new(request: String, decision: Decision, notes: Vec<Note>) -> Self {
        Explanation {
            request,
            decision,
            notes,
        }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.decision;
        writeln!(f, "request:  {}", self.request)?;
        writeln!(f, "decision: {}", d.decision.to_string().to_uppercase())?;
        writeln!(f, "          {d}")?;
        for (i, s) in d.stages.iter().enumerate() {
            let (stage, outcome) = (&s.stage, s.result);
            let word = match outcome {
                StageOutcome::Pass => "pass",
                StageOutcome::Fail => "FAIL",
                StageOutcome::NotReached => "not reached",
            };
            writeln!(f, "\n{}. {:<15} {word}", i + 1, stage.as_str())?;
            for n in self.notes.iter().filter(|n| n.stage == *stage) {
                match &n.source {
                    Some(s) => writeln!(f, "   - {}  [{s}]", n.text)?,
                    None => writeln!(f, "   - {}", n.text)?,
                }
            }
            if outcome == StageOutcome::Fail || (outcome == StageOutcome::Pass && *stage == d.stage)
            {
                for r in &d.reasons {
                    let src = r
                        .source
                        .as_deref()
                        .map(|s| format!("  [{s}]"))
                        .unwrap_or_default();
                    writeln!(f, "   => {} because {}{src}", r.effect, r.text)?;
                }
            }
        }
        Ok(())
    }
}
