//! The ACL `"conditions"` text (`spec/acl-policy.md` §2.4). The documentation shows one example,
//! `acs:SourceIp in ('192.168.0.0/16','172.12.0.0/16') and 'odps:InstanceId'='aaaaaa'`, and no
//! grammar; mcauth reads the spec's inferred mini-language:
//!
//! ```text
//! cond  := term ("and" term)*
//! term  := key "in" "(" str ("," str)* ")" | key ("=" | "<" | "<=" | ">" | ">=") str
//! ```
//!
//! `in` and `=` become `IpAddress` for `acs:SourceIp`, `DateEquals` for `acs:CurrentTime` and
//! `StringEquals` otherwise; the comparisons apply to `acs:CurrentTime` only.

use super::{Clause, Condition, ConditionKey, Operator};

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
        let mut clauses = Vec::new();
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
            let key = ConditionKey::from_name(&key_text)
                .filter(|k| !k.is_set())
                .ok_or_else(|| {
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
                Some((o, _)) => {
                    return Err(err(o, "expected `in`, `=`, `<`, `<=`, `>` or `>=`".into()))
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
            let operator = match (op, key) {
                ("in" | "=", ConditionKey::SourceIp) => Operator::IpAddress,
                ("in" | "=", ConditionKey::CurrentTime) => Operator::DateEquals,
                ("in" | "=", _) => Operator::StringEquals,
                (_, ConditionKey::CurrentTime) => match op {
                    "<" => Operator::DateLessThan,
                    "<=" => Operator::DateLessThanEquals,
                    ">" => Operator::DateGreaterThan,
                    _ => Operator::DateGreaterThanEquals,
                },
                _ => {
                    return Err(err(
                        oo,
                        format!("`{op}` compares times: only acs:CurrentTime takes it"),
                    ))
                }
            };
            let offsets: Vec<usize> = values.iter().map(|(o, _)| *o).collect();
            let clause = Clause::new(operator, key, values.into_iter().map(|(_, v)| v).collect())
                .map_err(|(i, m)| err(offsets.get(i).copied().unwrap_or(ko), m))?;
            clauses.push(clause);
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
            clauses,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::{ConditionContext, Unmet};
    use super::*;

    #[test]
    fn documented_example_parses_and_instance_id_is_missing() {
        let c = Condition::parse(
            "acs:SourceIp in ('192.168.0.0/16','172.12.0.0/16') and 'odps:InstanceId'='aaaaaa'",
        )
        .unwrap();
        assert_eq!(c.clauses.len(), 2);
        let ctx = ConditionContext {
            source_ip: "192.168.1.1".parse().ok(),
            ..Default::default()
        };
        assert_eq!(
            c.evaluate(&ctx),
            Err(Unmet::Missing(ConditionKey::InstanceId))
        );
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
            ..Default::default()
        };
        assert!(c.evaluate(&ctx).is_ok());
        ctx.task_type = Some("DT");
        assert!(c.evaluate(&ctx).is_err());
        ctx.task_type = None;
        assert_eq!(
            c.evaluate(&ctx),
            Err(Unmet::Missing(ConditionKey::TaskType))
        );
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
        let e = Condition::parse("acs:SourceIp in ('10.0.0.1', 'nope')").unwrap_err();
        assert_eq!(e.offset, 29);
        assert!(Condition::parse("odps:TaskType < 'SQL'").is_err());
        assert!(Condition::parse("acs:SourceIp in ('1.1.1.1'").is_err());
    }
}
