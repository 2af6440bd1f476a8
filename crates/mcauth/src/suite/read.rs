//! Reading a suite file with [`crate::policy::json`], so every error names
//! `file:line:column`.

use super::SuiteInput;
use super::{Case, Expect, ReasonExpect, ReasonPattern, SourcePattern, Suite, SuiteError};
use crate::decision::{Effect, Stage};
use crate::load::Input;
use crate::location::{LineIndex, Source};
use crate::policy::json::{self, Fields, Json, Value};
use crate::request;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::{Path, PathBuf};

const SUITE_MEMBERS: &[&str] = &["name", "scripts", "snapshots", "cases"];
const CASE_MEMBERS: &[&str] = &["name", "why", "request", "expect"];
const EXPECT_MEMBERS: &[&str] = &[
    "decision",
    "stage",
    "deny_kind",
    "code",
    "message",
    "reasons",
];
const REASON_MEMBERS: &[&str] = &["kind", "effect", "text", "source"];

/// Parse the suite `text`, read from `path`.
pub(super) fn suite(path: &Path, text: &str) -> Result<Suite, SuiteError> {
    let file = path.display().to_string();
    let index = LineIndex::new(file.as_str(), text);
    let root = json::parse(text).map_err(|e| SuiteError::Invalid {
        at: index.source(e.offset),
        message: e.message,
    })?;
    let r = Reader {
        index,
        dir: path.parent().unwrap_or(Path::new("")).to_path_buf(),
    };
    let f = r.object(&root, "a suite object", SUITE_MEMBERS)?;
    let name = r.string(r.required(&f, "name")?, "the suite's name")?;
    let mut inputs = Vec::new();
    for (key, make) in [
        ("snapshots", Input::Snapshot as fn(PathBuf) -> Input),
        ("scripts", Input::Script as fn(PathBuf) -> Input),
    ] {
        if let Some(v) = f.get(key) {
            for item in r.array(v, &format!("`{key}`"))? {
                let p = r.string(item, "a file name")?;
                inputs.push(SuiteInput {
                    input: make(r.dir.join(p)),
                    at: r.at(item.offset),
                });
            }
        }
    }
    if inputs.is_empty() {
        return Err(r.err(
            f.key_at("scripts")
                .or(f.key_at("snapshots"))
                .unwrap_or(root.offset),
            "the suite names no configuration: expected `\"scripts\": [\"<file>\", ...]` \
             (or `snapshots`)",
        ));
    }
    let inputs_at = r.at(f
        .key_at("scripts")
        .or(f.key_at("snapshots"))
        .unwrap_or(root.offset));
    let cases_v = r.required(&f, "cases")?;
    let items = r.array(cases_v, "`cases`")?;
    if items.is_empty() {
        return Err(r.err(cases_v.offset, "expected at least one case"));
    }
    let mut cases: Vec<Case> = Vec::new();
    for item in items {
        let case = r.case(item)?;
        if let Some(first) = cases.iter().find(|c| c.name == case.name) {
            return Err(SuiteError::Invalid {
                at: case.at,
                message: format!(
                    "case `{}` is named twice (first at {}): names select cases and name failures",
                    case.name, first.at
                ),
            });
        }
        cases.push(case);
    }
    Ok(Suite {
        file,
        name,
        inputs,
        inputs_at,
        cases,
    })
}

/// The JSON name of a serialized enum value (`ip_whitelist`, `builtin_role`, ...).
pub(super) fn name_of<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

struct Reader<'a> {
    index: LineIndex<'a>,
    dir: PathBuf,
}

impl Reader<'_> {
    fn at(&self, offset: usize) -> Source {
        self.index.source(offset)
    }

    fn err(&self, offset: usize, message: impl Into<String>) -> SuiteError {
        SuiteError::Invalid {
            at: self.at(offset),
            message: message.into(),
        }
    }

    /// An object whose members are all in `known`.
    fn object<'j>(
        &self,
        v: &'j Json,
        what: &'j str,
        known: &[&str],
    ) -> Result<Fields<'j>, SuiteError> {
        Fields::of(v, what, "member", known).map_err(|(o, m)| self.err(o, m))
    }

    fn required<'j>(&self, f: &Fields<'j>, key: &str) -> Result<&'j Json, SuiteError> {
        f.required(key).map_err(|(o, m)| self.err(o, m))
    }

    fn string(&self, v: &Json, what: &str) -> Result<String, SuiteError> {
        json::text(v, what)
            .map(str::to_string)
            .map_err(|(o, m)| self.err(o, m))
    }

    fn array<'j>(&self, v: &'j Json, what: &str) -> Result<&'j [Json], SuiteError> {
        json::array(v, what).map_err(|(o, m)| self.err(o, m))
    }

    /// A string naming a value of one of the decision's enums, read by its serde name.
    fn named<T: DeserializeOwned>(&self, v: &Json, what: &str) -> Result<T, SuiteError> {
        let s = self.string(v, what)?;
        serde_json::from_value(serde_json::Value::String(s.clone())).map_err(|e| {
            let e = e.to_string();
            let expected = e.split_once("expected ").map_or(e.as_str(), |(_, x)| x);
            self.err(
                v.offset,
                format!("unknown {what} `{s}`: expected {expected}"),
            )
        })
    }

    fn case(&self, v: &Json) -> Result<Case, SuiteError> {
        let f = self.object(v, "a case object", CASE_MEMBERS)?;
        let name = self.string(self.required(&f, "name")?, "the case's name")?;
        let why = f.get("why").map(|w| self.string(w, "`why`")).transpose()?;
        let request = request::from_parsed(self.required(&f, "request")?)
            .map_err(|e| self.err(e.offset, format!("case `{name}`: {}", e.message)))?;
        let expect = self.expect(self.required(&f, "expect")?)?;
        Ok(Case {
            name,
            at: self.at(v.offset),
            why,
            request,
            expect,
        })
    }

    fn expect(&self, v: &Json) -> Result<Expect, SuiteError> {
        let f = self.object(v, "an expect object", EXPECT_MEMBERS)?;
        let decision: Effect = self.named(self.required(&f, "decision")?, "decision")?;
        let stage: Option<Stage> = f.get("stage").map(|s| self.named(s, "stage")).transpose()?;
        let deny_kind = f
            .get("deny_kind")
            .map(|s| self.named(s, "deny_kind"))
            .transpose()?;
        let code = f
            .get("code")
            .map(|s| self.string(s, "a code"))
            .transpose()?;
        let message = match f.get("message") {
            None => Vec::new(),
            Some(m) => json::strings(m, "message fragment").map_err(|(o, m)| self.err(o, m))?,
        }
        .into_iter()
        .map(|(_, s)| s)
        .collect();
        let mut reasons = Vec::new();
        if let Some(rs) = f.get("reasons") {
            for r in self.array(rs, "`reasons`")? {
                reasons.push(self.reason(r)?);
            }
        }
        Ok(Expect {
            decision,
            stage,
            deny_kind,
            code,
            message,
            reasons,
        })
    }

    fn reason(&self, v: &Json) -> Result<ReasonExpect, SuiteError> {
        if let Value::String(_) = &v.value {
            return Ok(ReasonExpect::Mentions(self.string(v, "a reason fragment")?));
        }
        if !matches!(v.value, Value::Object(_)) {
            return Err(self.err(
                v.offset,
                format!(
                    "expected a reason as a string or an object, found {}",
                    v.value.kind()
                ),
            ));
        }
        let f = self.object(v, "a reason object", REASON_MEMBERS)?;
        if f.members.is_empty() {
            return Err(self.err(
                v.offset,
                "expected at least one of `kind`, `effect`, `text`, `source`",
            ));
        }
        let source = match f.get("source") {
            None => None,
            Some(s) => {
                let text = self.string(s, "a source `file[:line[:column]]`")?;
                Some(source_pattern(&text).ok_or_else(|| {
                    self.err(
                        s.offset,
                        format!(
                            "source `{text}`: expected `file`, `file:line` or `file:line:column`"
                        ),
                    )
                })?)
            }
        };
        Ok(ReasonExpect::Matches(ReasonPattern {
            kind: f
                .get("kind")
                .map(|k| self.named(k, "reason kind"))
                .transpose()?,
            effect: f
                .get("effect")
                .map(|e| self.named(e, "effect"))
                .transpose()?,
            text: f
                .get("text")
                .map(|t| self.string(t, "a text fragment"))
                .transpose()?,
            source,
        }))
    }
}

/// `file`, `file:line` or `file:line:column`; `None` when the file part is empty or a number
/// part is 0.
pub(super) fn source_pattern(text: &str) -> Option<SourcePattern> {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (file, numbers) = match text.rsplit_once(':') {
        Some((head, last)) if digits(last) => match head.rsplit_once(':') {
            Some((file, mid)) if digits(mid) => (file, vec![mid, last]),
            _ => (head, vec![last]),
        },
        _ => (text, Vec::new()),
    };
    let mut numbers = numbers
        .into_iter()
        .map(|n| n.parse::<u32>().ok().filter(|n| *n > 0));
    let line = numbers.next();
    let column = numbers.next();
    if file.is_empty() || file.ends_with(':') || line == Some(None) || column == Some(None) {
        return None;
    }
    Some(SourcePattern {
        file: file.to_string(),
        line: line.flatten(),
        column: column.flatten(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn source_patterns_take_an_optional_line_and_column() {
        let p = |s: &str| source_pattern(s).map(|p| (p.file, p.line, p.column));
        assert_eq!(p("a.mcauth"), Some(("a.mcauth".into(), None, None)));
        assert_eq!(p("a.mcauth:4"), Some(("a.mcauth".into(), Some(4), None)));
        assert_eq!(
            p("d/a.json:4:5"),
            Some(("d/a.json".into(), Some(4), Some(5)))
        );
        assert_eq!(p("c:\\x:4"), Some(("c:\\x".into(), Some(4), None)));
        assert_eq!(p(":4"), None);
        assert_eq!(p("a:0"), None);
        assert_eq!(p("a::4"), None);
    }
}
