//! Where in its JSON text a request is wrong: the one locator behind every reader of requests
//! (`--request`, `--requests` lines, the `request` of a test-suite case), so they all name the
//! same place with the same message.
//!
//! The place is, in order: where the JSON reader ([`crate::policy::json`]) stopped, for JSON
//! that is not well formed; else the value of the member the message names (the message then
//! ends with ``(field `object.type`)``); else the start of the request. Offsets are bytes into
//! the text; [`crate::location::LineIndex`] turns them into `line:column` in characters.

use super::AnyRequest;
use crate::error::RequestError;
use crate::policy::json::{self, Json, Value};

/// A request error placed in the request's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Byte offset in the text of what is at fault.
    pub offset: usize,
    /// What is wrong, without any position: the request error, then ``(field `path`)`` when
    /// the offset is a member's value.
    pub message: String,
}

/// Place `error`, which reading `text` as a request gave ([`AnyRequest::from_json`]). Call it
/// only on failure: reading succeeds without it.
///
/// ```
/// use mcauth::request::{locate, AnyRequest};
/// let text = r#"{"principal": "ALIYUN$a@example.com", "project": "p", "action": "Lst"}"#;
/// let error = AnyRequest::from_json(text).unwrap_err();
/// let at = locate(text, &error);
/// assert_eq!(at.offset, text.find("\"Lst\"").unwrap());
/// assert_eq!(at.message, "invalid request: unknown action `Lst` (field `action`)");
///
/// let error = AnyRequest::from_json("{\"action\": }").unwrap_err();
/// assert_eq!(locate("{\"action\": }", &error).offset, 11);
/// ```
pub fn locate(text: &str, error: &RequestError) -> Located {
    if text.starts_with('\u{feff}') {
        // The JSON reader skips a byte-order mark starting a file; a request may not start
        // with one (readers of files strip it first).
        return Located {
            offset: 0,
            message: RequestError::Json(
                "expected a JSON value, found a byte-order mark (U+FEFF)".to_string(),
            )
            .to_string(),
        };
    }
    match json::parse(text) {
        Err(e) => Located {
            offset: e.offset,
            message: RequestError::Json(e.message).to_string(),
        },
        Ok(v) => match from_parsed(&v) {
            Err(located) => located,
            // The two readers disagree (they should not): the error as it is, at the request.
            Ok(_) => Located {
                offset: v.offset,
                message: error.to_string(),
            },
        },
    }
}

/// Read a request from an already parsed JSON value (a test-suite case's `request`), placing
/// any error in the text the value was parsed from.
///
/// ```
/// use mcauth::policy::json::parse;
/// use mcauth::request::from_parsed;
/// let text = r#"{"principal": "ALIYUN$a@example.com", "project": "p", "action": "List", "x": 1}"#;
/// let e = from_parsed(&parse(text).unwrap()).unwrap_err();
/// assert_eq!(e.offset, text.find("1}").unwrap());
/// assert!(e.message.starts_with("invalid request: unknown field `x`"));
/// assert!(e.message.ends_with("(field `x`)"));
/// ```
pub fn from_parsed(v: &Json) -> Result<AnyRequest, Located> {
    json::members(v, "the request as an object").map_err(|(offset, m)| Located {
        offset,
        message: RequestError::Json(m).to_string(),
    })?;
    AnyRequest::from_value(to_serde(v)).map_err(|e| blame(v, &e.to_string()))
}

/// The value as serde_json reads it (the request readers take a `serde_json::Value`).
fn to_serde(v: &Json) -> serde_json::Value {
    use serde_json::Value as S;
    match &v.value {
        Value::Null => S::Null,
        Value::Bool(b) => S::Bool(*b),
        Value::Number(n) => n
            .parse::<serde_json::Number>()
            .map_or_else(|_| S::String(n.clone()), S::Number),
        Value::String(s) => S::String(s.clone()),
        Value::Array(items) => S::Array(items.iter().map(to_serde).collect()),
        Value::Object(members) => S::Object(
            members
                .iter()
                .map(|(k, _, v)| (k.clone(), to_serde(v)))
                .collect(),
        ),
    }
}

/// A member or array element of a request.
struct Member<'j> {
    /// `object.columns[1]`.
    path: String,
    /// The member's name; `None` for an array element.
    key: Option<&'j str>,
    /// The text of a string, number, boolean or null; `None` for objects and arrays.
    scalar: Option<String>,
    /// Where the value starts.
    offset: usize,
}

/// Place `message`, an error about `request`: at the member named by the first backquoted word
/// of the message that names any — by its path (`sts.expiration`), else by its name or its
/// value, else by either ignoring ASCII case (messages write names as MaxCompute does) — when
/// exactly one member has it; else at the request. A field the message says is missing is not
/// in the request, so its name blames nothing.
fn blame(request: &Json, message: &str) -> Located {
    let mut members = Vec::new();
    collect(request, "", &mut members);
    let at_start = || Located {
        offset: request.offset,
        message: message.to_string(),
    };
    let mut pieces = message.split('`');
    let mut before = pieces.next().unwrap_or_default();
    while let (Some(word), after) = (pieces.next(), pieces.next()) {
        let missing = before.ends_with("missing field ");
        before = after.unwrap_or_default();
        if missing {
            continue;
        }
        let by_path = |m: &&Member| m.path == word;
        let exact = |m: &&Member| m.key == Some(word) || m.scalar.as_deref() == Some(word);
        let loose = |m: &&Member| {
            m.key.is_some_and(|k| k.eq_ignore_ascii_case(word))
                || m.scalar
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case(word))
        };
        let tiers: [&dyn Fn(&&Member) -> bool; 3] = [&by_path, &exact, &loose];
        for tier in tiers {
            let hits: Vec<&Member> = members.iter().filter(tier).collect();
            match hits.as_slice() {
                [] => continue,
                [one] => {
                    return Located {
                        offset: one.offset,
                        message: format!("{message} (field `{}`)", one.path),
                    }
                }
                // Several members: the message does not say which.
                _ => return at_start(),
            }
        }
    }
    at_start()
}

/// Every member and array element under `v`, whose path is `path`.
fn collect<'j>(v: &'j Json, path: &str, out: &mut Vec<Member<'j>>) {
    let scalar = |j: &Json| match &j.value {
        Value::String(s) | Value::Number(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some("null".to_string()),
        Value::Array(_) | Value::Object(_) => None,
    };
    match &v.value {
        Value::Object(members) => {
            for (k, _, child) in members {
                let path = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                collect(child, &path, out);
                out.push(Member {
                    path,
                    key: Some(k),
                    scalar: scalar(child),
                    offset: child.offset,
                });
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let path = format!("{path}[{i}]");
                collect(child, &path, out);
                out.push(Member {
                    path,
                    key: None,
                    scalar: scalar(child),
                    offset: child.offset,
                });
            }
        }
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Where `message` is blamed in `text`: the text from there, and the field named.
    fn blamed<'t>(text: &'t str, message: &str) -> (&'t str, Option<String>) {
        let v = json::parse(text).unwrap();
        let at = blame(&v, message);
        let field = at
            .message
            .strip_prefix(message)
            .and_then(|rest| rest.strip_prefix(" (field `"))
            .and_then(|rest| rest.strip_suffix("`)"))
            .map(str::to_string);
        (text.get(at.offset..).unwrap(), field)
    }

    #[test]
    fn the_first_quoted_word_that_names_a_member_blames_its_value() {
        let text = r#"{"action":"Lst","object":{"type":"table","name":"Lst2","columns":["id"]}}"#;
        let field = |m: &str| blamed(text, m).1;
        assert_eq!(field("unknown action `Lst`").as_deref(), Some("action"));
        assert_eq!(
            field("unknown object type `TABLE`: expected").as_deref(),
            Some("object.type")
        );
        assert_eq!(field("invalid `name` `x`").as_deref(), Some("object.name"));
        assert_eq!(
            field("`columns` apply to tables only").as_deref(),
            Some("object.columns")
        );
        assert_eq!(
            blamed(text, "invalid `name` `x`").0,
            r#""Lst2","columns":["id"]}}"#
        );
        assert_eq!(field("`id` twice").as_deref(), Some("object.columns[0]"));
        assert_eq!(field("empty project or object name"), None);
    }

    #[test]
    fn a_path_is_more_precise_than_a_name() {
        // `columns` is the name of two members; only one has the path `columns`.
        let text = r#"{"object":{"columns":["a"]},"columns":1}"#;
        let (rest, field) = blamed(text, "unknown field `columns`, expected one of `object`");
        assert_eq!((rest, field.as_deref()), ("1}", Some("columns")));
    }

    #[test]
    fn an_ambiguous_or_missing_member_blames_the_request() {
        let text = r#" {"a":{"name":"x"},"b":{"name":"y"},"object":{"project":"p"}}"#;
        // Two members are named `name`: the later words are not about the error.
        assert_eq!(
            blamed(text, "unknown field `name`, expected one of `object`"),
            (text.trim_start(), None)
        );
        // The missing `project` is not `object.project`.
        assert_eq!(
            blamed(text, "missing field `project`: where the request runs"),
            (text.trim_start(), None)
        );
    }

    #[test]
    fn malformed_json_is_placed_where_the_reader_stopped() {
        let text = "{\"principal\":\"ALIYUN$a@example.com\",\n \"action\":\"List\",}";
        let e = AnyRequest::from_json(text).unwrap_err();
        let at = locate(text, &e);
        assert_eq!(at.offset, text.len() - 1);
        assert!(at.message.starts_with("invalid request: "), "{at:?}");
        assert!(!at.message.contains("at line"), "{at:?}");

        let text = "\u{feff}{\"principal\":\"a\",\"project\":\"p\",\"action\":\"List\"}";
        let e = AnyRequest::from_json(text).unwrap_err();
        let at = locate(text, &e);
        assert_eq!(at.offset, 0);
        assert!(
            at.message.ends_with("found a byte-order mark (U+FEFF)"),
            "{at:?}"
        );
    }

    #[test]
    fn text_and_parsed_value_agree() {
        for text in [
            r#"{"principal":"a","project":"p","action":"List","columns":1}"#,
            r#"{"principal":"a","project":"p","action":"Select","object":{"type":"tabel","name":"t"}}"#,
            r#"{"project":"p","action":"List"}"#,
            r#"{"principal":"a","project":"p","action":"List","source_ip":"x"}"#,
            r#"{"principal":"a","project":"p","action":3}"#,
            "[1]",
        ] {
            let e = AnyRequest::from_json(text).unwrap_err();
            let from_text = locate(text, &e);
            let from_value = from_parsed(&json::parse(text).unwrap()).unwrap_err();
            assert_eq!(from_text, from_value, "{text}");
            assert!(!from_text.message.contains(" at line "), "{from_text:?}");
        }
    }
}
