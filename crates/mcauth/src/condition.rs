//! Conditions on grants: the `"conditions"` of an ACL grant (`spec/acl-policy.md` §2.4).
//!
//! The documentation shows one example, `acs:SourceIp in ('192.168.0.0/16','172.12.0.0/16')
//! and 'odps:InstanceId'='aaaaaa'`, and no grammar. mcauth reads the inferred mini-language of
//! the spec:
//!
//! ```text
//! cond  := term ("and" term)*
//! term  := key "in" "(" str ("," str)* ")" | key ("=" | "<" | "<=" | ">" | ">=") str
//! key   := acs:SourceIp | acs:CurrentTime | odps:TaskType | odps:InstanceId   (quoted or not)
//! ```
//!
//! and evaluates it as the spec recommends: like a policy condition. A key the request does not
//! carry makes its term false, so the grant does not apply (`docs/semantics.md`).

use crate::network::IpEntry;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::IpAddr;

/// A condition key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConditionKey {
    /// `acs:SourceIp`: the request's `source_ip`.
    SourceIp,
    /// `acs:CurrentTime`: the request's `time`.
    CurrentTime,
    /// `odps:TaskType`: the request's `task_type` (`SQL`, `DT`, `MapReduce`, ...).
    TaskType,
    /// `odps:InstanceId`: not carried by requests in this version, so never satisfied.
    InstanceId,
}

impl ConditionKey {
    fn from_name(name: &str) -> Option<ConditionKey> {
        [
            ("acs:SourceIp", ConditionKey::SourceIp),
            ("acs:CurrentTime", ConditionKey::CurrentTime),
            ("odps:TaskType", ConditionKey::TaskType),
            ("odps:InstanceId", ConditionKey::InstanceId),
        ]
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, k)| k)
    }

    /// The documented spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionKey::SourceIp => "acs:SourceIp",
            ConditionKey::CurrentTime => "acs:CurrentTime",
            ConditionKey::TaskType => "odps:TaskType",
            ConditionKey::InstanceId => "odps:InstanceId",
        }
    }
}

/// How a term compares the request's value with the listed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `in (...)` or `=`: equal to one of the values (IP keys: inside one of the blocks).
    OneOf,
    /// `<`
    Before,
    /// `<=`
    AtOrBefore,
    /// `>`
    After,
    /// `>=`
    AtOrAfter,
}

/// One term of a condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The key.
    pub key: ConditionKey,
    /// The comparison.
    pub comparison: Comparison,
    /// The values, as written.
    pub values: Vec<String>,
    ips: Vec<IpEntry>,
    times: Vec<Timestamp>,
}

/// The request facts a condition can test.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConditionContext<'a> {
    /// `source_ip`.
    pub source_ip: Option<IpAddr>,
    /// `time` (or the configuration's clock).
    pub time: Option<Timestamp>,
    /// `task_type`.
    pub task_type: Option<&'a str>,
}

/// A parsed condition: all terms must hold. Serialized as its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Condition {
    text: String,
    /// The terms, all of which must hold.
    pub terms: Vec<Term>,
}

/// A condition parse error at byte `offset` of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    /// Byte offset in the condition text.
    pub offset: usize,
    /// What was expected.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Op(&'static str),
}

fn lex(text: &str) -> Result<Vec<(usize, Tok)>, ConditionError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '\'' | '"' => {
                let mut s = String::new();
                let mut closed = false;
                for (_, d) in chars.by_ref() {
                    if d == c {
                        closed = true;
                        break;
                    }
                    s.push(d);
                }
                if !closed {
                    return Err(ConditionError {
                        offset: i,
                        message: "unterminated string in conditions".into(),
                    });
                }
                out.push((i, Tok::Str(s)));
            }
            '(' => out.push((i, Tok::Op("("))),
            ')' => out.push((i, Tok::Op(")"))),
            ',' => out.push((i, Tok::Op(","))),
            '=' => out.push((i, Tok::Op("="))),
            '<' | '>' => {
                let eq = chars.peek().is_some_and(|(_, d)| *d == '=');
                if eq {
                    chars.next();
                }
                out.push((
                    i,
                    Tok::Op(match (c, eq) {
                        ('<', false) => "<",
                        ('<', true) => "<=",
                        (_, false) => ">",
                        (_, true) => ">=",
                    }),
                ));
            }
            _ => {
                let mut s = String::from(c);
                while let Some(&(_, d)) = chars.peek() {
                    if d.is_whitespace() || "()',=<>\"".contains(d) {
                        break;
                    }
                    s.push(d);
                    chars.next();
                }
                out.push((i, Tok::Word(s)));
            }
        }
    }
    Ok(out)
}

impl Condition {
    /// Parse the text of an ACL `"conditions"` property.
    ///
    /// ```
    /// use mcauth::condition::{Condition, ConditionContext};
    /// let c = Condition::parse("acs:SourceIp in ('192.168.0.0/16')").unwrap();
    /// let ctx = ConditionContext { source_ip: "192.168.3.4".parse().ok(), ..Default::default() };
    /// assert!(c.evaluate(&ctx).is_ok());
    /// ```
    pub fn parse(text: &str) -> Result<Condition, ConditionError> {
        let toks = lex(text)?;
        let mut it = toks.into_iter().peekable();
        let mut terms = Vec::new();
        let end = text.len();
        let err = |offset: usize, message: String| ConditionError { offset, message };
        loop {
            let (ko, key_text) = match it.next() {
                Some((o, Tok::Word(w) | Tok::Str(w))) => (o, w),
                Some((o, Tok::Op(op))) => {
                    return Err(err(o, format!("expected a condition key, found `{op}`")))
                }
                None => return Err(err(end, "expected a condition key".into())),
            };
            let key = ConditionKey::from_name(&key_text).ok_or_else(|| {
                err(
                    ko,
                    format!(
                        "unknown condition key `{key_text}`: expected acs:SourceIp, \
                         acs:CurrentTime, odps:TaskType or odps:InstanceId"
                    ),
                )
            })?;
            let (oo, op) = match it.next() {
                Some((o, Tok::Op(op))) if op != "(" && op != ")" && op != "," => (o, op),
                Some((o, Tok::Word(w))) if w.eq_ignore_ascii_case("in") => (o, "in"),
                Some((o, t)) => {
                    return Err(err(
                        o,
                        format!("expected `in`, `=`, `<`, `<=`, `>` or `>=`, found {t:?}"),
                    ))
                }
                None => return Err(err(end, "expected `in` or `=` after the key".into())),
            };
            let mut values = Vec::new();
            if op == "in" {
                match it.next() {
                    Some((_, Tok::Op("("))) => {}
                    Some((o, _)) => return Err(err(o, "expected `(` after `in`".into())),
                    None => return Err(err(end, "expected `(` after `in`".into())),
                }
                loop {
                    match it.next() {
                        Some((o, Tok::Str(s))) => values.push((o, s)),
                        Some((o, _)) => return Err(err(o, "expected a quoted value".into())),
                        None => return Err(err(end, "expected a quoted value".into())),
                    }
                    match it.next() {
                        Some((_, Tok::Op(","))) => continue,
                        Some((_, Tok::Op(")"))) => break,
                        Some((o, _)) => return Err(err(o, "expected `,` or `)`".into())),
                        None => return Err(err(end, "expected `)`".into())),
                    }
                }
            } else {
                match it.next() {
                    Some((o, Tok::Str(s))) => values.push((o, s)),
                    Some((o, _)) => return Err(err(o, "expected a quoted value".into())),
                    None => return Err(err(end, "expected a quoted value".into())),
                }
            }
            let comparison = match op {
                "in" | "=" => Comparison::OneOf,
                "<" => Comparison::Before,
                "<=" => Comparison::AtOrBefore,
                ">" => Comparison::After,
                _ => Comparison::AtOrAfter,
            };
            if comparison != Comparison::OneOf && key != ConditionKey::CurrentTime {
                return Err(err(
                    oo,
                    format!("`{op}` compares times: only acs:CurrentTime takes it"),
                ));
            }
            let mut term = Term {
                key,
                comparison,
                values: Vec::new(),
                ips: Vec::new(),
                times: Vec::new(),
            };
            for (o, v) in values {
                match key {
                    ConditionKey::SourceIp => {
                        term.ips.push(IpEntry::parse(&v).map_err(|m| err(o, m))?)
                    }
                    ConditionKey::CurrentTime => term.times.push(v.parse().map_err(|_| {
                        err(
                            o,
                            format!(
                                "invalid time `{v}`: expected RFC 3339, e.g. 2026-03-01T00:00:00Z"
                            ),
                        )
                    })?),
                    ConditionKey::TaskType | ConditionKey::InstanceId => {}
                }
                term.values.push(v);
            }
            terms.push(term);
            match it.next() {
                None => break,
                Some((_, Tok::Word(w))) if w.eq_ignore_ascii_case("and") => continue,
                Some((o, _)) => {
                    return Err(err(o, "expected `and` or the end of the conditions".into()))
                }
            }
        }
        Ok(Condition {
            text: text.trim().to_string(),
            terms,
        })
    }

    /// `Ok` when every term holds; otherwise why the first failing term fails.
    pub fn evaluate(&self, ctx: &ConditionContext<'_>) -> Result<(), String> {
        for term in &self.terms {
            term.evaluate(ctx)?;
        }
        Ok(())
    }

    /// The condition as written.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl Term {
    fn evaluate(&self, ctx: &ConditionContext<'_>) -> Result<(), String> {
        let key = self.key.as_str();
        let missing = || format!("the request carries no {key}");
        let ok = match self.key {
            ConditionKey::SourceIp => {
                let ip = ctx.source_ip.ok_or_else(missing)?;
                self.ips.iter().any(|e| e.contains(ip))
            }
            ConditionKey::TaskType => {
                let t = ctx.task_type.ok_or_else(missing)?;
                self.values.iter().any(|v| v == t)
            }
            ConditionKey::InstanceId => return Err(missing()),
            ConditionKey::CurrentTime => {
                let now = ctx.time.ok_or_else(missing)?;
                self.times.iter().any(|t| match self.comparison {
                    Comparison::OneOf => now == *t,
                    Comparison::Before => now < *t,
                    Comparison::AtOrBefore => now <= *t,
                    Comparison::After => now > *t,
                    Comparison::AtOrAfter => now >= *t,
                })
            }
        };
        if ok {
            Ok(())
        } else {
            Err(format!("{key} does not satisfy `{}`", self))
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted: Vec<String> = self.values.iter().map(|v| format!("'{v}'")).collect();
        let key = self.key.as_str();
        match self.comparison {
            Comparison::OneOf => write!(f, "{key} in ({})", quoted.join(", ")),
            Comparison::Before => write!(f, "{key} < {}", quoted.join(", ")),
            Comparison::AtOrBefore => write!(f, "{key} <= {}", quoted.join(", ")),
            Comparison::After => write!(f, "{key} > {}", quoted.join(", ")),
            Comparison::AtOrAfter => write!(f, "{key} >= {}", quoted.join(", ")),
        }
    }
}

impl From<Condition> for String {
    fn from(c: Condition) -> String {
        c.text
    }
}

impl TryFrom<String> for Condition {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Condition::parse(&s).map_err(|e| e.message)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn documented_example_parses_and_instance_id_is_never_satisfied() {
        let c = Condition::parse(
            "acs:SourceIp in ('192.168.0.0/16','172.12.0.0/16') and 'odps:InstanceId'='aaaaaa'",
        )
        .unwrap();
        assert_eq!(c.terms.len(), 2);
        let ctx = ConditionContext {
            source_ip: "192.168.1.1".parse().ok(),
            ..Default::default()
        };
        assert!(c.evaluate(&ctx).unwrap_err().contains("odps:InstanceId"));
    }

    #[test]
    fn ip_time_and_task_type_terms() {
        let c = Condition::parse(
            "acs:SourceIp in ('10.0.0.0/8') and odps:TaskType = 'SQL' and \
             acs:CurrentTime < '2026-12-31T00:00:00Z'",
        )
        .unwrap();
        let mut ctx = ConditionContext {
            source_ip: "10.1.2.3".parse().ok(),
            time: "2026-03-01T00:00:00Z".parse().ok(),
            task_type: Some("SQL"),
        };
        assert!(c.evaluate(&ctx).is_ok());
        ctx.task_type = Some("DT");
        assert!(c.evaluate(&ctx).is_err());
        ctx.task_type = None;
        assert!(c
            .evaluate(&ctx)
            .unwrap_err()
            .contains("carries no odps:TaskType"));
        ctx.task_type = Some("SQL");
        ctx.source_ip = "11.0.0.1".parse().ok();
        assert!(c.evaluate(&ctx).is_err());
    }

    #[test]
    fn errors_point_into_the_text() {
        let e = Condition::parse("acs:SourceIp in ('10.0.0.0/8') or x").unwrap_err();
        assert_eq!(e.offset, 31);
        let e = Condition::parse("request.ip = '1.2.3.4'").unwrap_err();
        assert_eq!(e.offset, 0);
        assert!(Condition::parse("acs:SourceIp in ('nope')").is_err());
        assert!(Condition::parse("odps:TaskType < 'SQL'").is_err());
        assert!(Condition::parse("acs:SourceIp in ('1.1.1.1'").is_err());
    }
}
