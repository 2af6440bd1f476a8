//! A small JSON reader that keeps the byte offset of every value and key, so errors and
//! decisions can name `file:line:column` inside a policy file. (serde_json discards positions;
//! policy files are small, so a straightforward recursive reader is enough.)
//!
//! It also walks the parts that MaxCompute policies ([`crate::policy`]) and RAM policies
//! ([`crate::ram`]) share, so both apply the same rules with the same messages: the document
//! ([`statements`]), string lists ([`strings`]), `Condition` blocks ([`condition_entries`])
//! and unknown members ([`unknown_member`]). Each parser keeps only its own name tables.

/// A JSON value with the byte offset of its first character.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    /// Byte offset in the text.
    pub offset: usize,
    /// The value.
    pub value: Value,
}

/// A JSON value. Numbers keep their text; object members keep their order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object: (key, key offset, value).
    Object(Vec<(String, usize, Json)>),
}

impl Value {
    /// A short name of the kind, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset.
    pub offset: usize,
    /// What was expected.
    pub message: String,
}

/// A problem found while walking a parsed document: the byte offset and what was expected.
/// Each policy parser turns it into a [`crate::error::LoadError`] at `file:line:column`.
pub type WalkError = (usize, String);

/// The items of a value written either as one item or as an array of items.
pub fn one_or_many(v: &Json) -> Vec<&Json> {
    match &v.value {
        Value::Array(items) => items.iter().collect(),
        _ => vec![v],
    }
}

/// The members of an object; `what` names the object in the error, e.g. "a statement object".
pub fn members<'j>(v: &'j Json, what: &str) -> Result<&'j [(String, usize, Json)], WalkError> {
    match &v.value {
        Value::Object(members) => Ok(members),
        other => Err((v.offset, format!("expected {what}, found {}", other.kind()))),
    }
}

/// The members of an object, checked against `known` (an unknown member is an error; [`parse`]
/// already refuses repeated ones), with lookups; `what` names the object in errors ("a case",
/// "the workspace").
#[derive(Debug, Clone, Copy)]
pub struct Fields<'j> {
    /// The members, in order.
    pub members: &'j [(String, usize, Json)],
    /// Where the object starts.
    pub offset: usize,
    what: &'j str,
}

impl<'j> Fields<'j> {
    /// Read `v` as an object whose members are all in `known`; `noun` is what the format calls
    /// a member in the error for an unknown one ("member", "field").
    ///
    /// ```
    /// use mcauth::policy::json::{parse, Fields};
    /// let v = parse(r#"{"name": "x", "nmae": 1}"#).unwrap();
    /// let (_, message) = Fields::of(&v, "a case", "field", &["name"]).unwrap_err();
    /// assert_eq!(message, "unknown field `nmae`: expected name");
    /// let v = parse(r#"{"name": "x"}"#).unwrap();
    /// let f = Fields::of(&v, "a case", "member", &["name"]).unwrap();
    /// assert!(f.required("name").is_ok() && f.required("cases").is_err());
    /// ```
    pub fn of(
        v: &'j Json,
        what: &'j str,
        noun: &str,
        known: &[&str],
    ) -> Result<Fields<'j>, WalkError> {
        let list = members(v, what)?;
        if let Some((key, at, _)) = list.iter().find(|(k, _, _)| !known.contains(&k.as_str())) {
            return Err((*at, unknown_member(noun, key, known)));
        }
        Ok(Fields {
            members: list,
            offset: v.offset,
            what,
        })
    }

    /// The value of member `key`, if given.
    pub fn get(&self, key: &str) -> Option<&'j Json> {
        self.members
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, _, v)| v)
    }

    /// Where member `key`'s name starts, if given.
    pub fn key_at(&self, key: &str) -> Option<usize> {
        self.members
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, at, _)| *at)
    }

    /// The value of member `key`; its absence is an error at the object.
    pub fn required(&self, key: &str) -> Result<&'j Json, WalkError> {
        self.get(key)
            .ok_or_else(|| (self.offset, format!("{} has no `{key}`", self.what)))
    }
}

/// A non-empty string; `what` names it in the error.
pub fn text<'j>(v: &'j Json, what: &str) -> Result<&'j str, WalkError> {
    match &v.value {
        Value::String(s) if !s.is_empty() => Ok(s),
        Value::String(_) => Err((v.offset, format!("expected {what}, found \"\""))),
        other => Err((
            v.offset,
            format!("expected {what} as a string, found {}", other.kind()),
        )),
    }
}

/// An array; `what` names it in the error.
pub fn array<'j>(v: &'j Json, what: &str) -> Result<&'j [Json], WalkError> {
    match &v.value {
        Value::Array(items) => Ok(items),
        other => Err((
            v.offset,
            format!("expected {what} as an array, found {}", other.kind()),
        )),
    }
}

/// `true` or `false`; `what` names it in the error.
pub fn boolean(v: &Json, what: &str) -> Result<bool, WalkError> {
    match &v.value {
        Value::Bool(b) => Ok(*b),
        other => Err((
            v.offset,
            format!("expected {what} as true or false, found {}", other.kind()),
        )),
    }
}

/// The message for the unknown member `name` of a `what` ("member", "statement member", ...):
/// when only its case is wrong it names the right spelling, otherwise it lists `known`.
pub fn unknown_member(what: &str, name: &str, known: &[&str]) -> String {
    match known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
        Some(k) => format!("unknown {what} `{name}`: names are case-sensitive, expected `{k}`"),
        None => format!("unknown {what} `{name}`: expected {}", known.join(", ")),
    }
}

/// The statements of a policy document, `{ "Version": "1", "Statement": <statement> |
/// [<statement>, ...] }` (member names case-sensitive): `Version` must be `"1"`, `Statement`
/// one value or a non-empty array, and nothing else may appear. The statements themselves are
/// left to the caller.
pub fn statements(root: &Json) -> Result<Vec<&Json>, WalkError> {
    let members = members(root, "a policy object")?;
    let mut version = false;
    let mut statements = None;
    for (key, at, v) in members {
        match key.as_str() {
            "Version" => match &v.value {
                Value::String(s) if s == "1" => version = true,
                _ => return Err((v.offset, "expected `\"Version\": \"1\"`".to_string())),
            },
            "Statement" => {
                statements = Some(match &v.value {
                    Value::Array(items) if items.is_empty() => {
                        return Err((v.offset, "expected at least one statement".to_string()))
                    }
                    Value::Array(_) | Value::Object(_) => one_or_many(v),
                    other => {
                        return Err((
                            v.offset,
                            format!("expected an array of statements, found {}", other.kind()),
                        ))
                    }
                });
            }
            other => {
                return Err((
                    *at,
                    unknown_member("member", other, &["Version", "Statement"]),
                ))
            }
        }
    }
    if !version {
        return Err((
            root.offset,
            "the policy has no `Version`: expected `\"Version\": \"1\"`".to_string(),
        ));
    }
    statements.ok_or_else(|| (root.offset, "the policy has no `Statement`".to_string()))
}

/// A string or a non-empty array of strings, each with its offset; `what` names one item in
/// the errors, e.g. "action".
pub fn strings(v: &Json, what: &str) -> Result<Vec<(usize, String)>, WalkError> {
    if matches!(&v.value, Value::Array(items) if items.is_empty()) {
        return Err((v.offset, format!("expected at least one {what}")));
    }
    one_or_many(v)
        .into_iter()
        .map(|j| match &j.value {
            Value::String(s) => Ok((j.offset, s.clone())),
            other => Err((
                j.offset,
                format!("expected each {what} as a string, found {}", other.kind()),
            )),
        })
        .collect()
}

/// One `"<key>": <values>` of a `Condition` block, under its operator.
#[derive(Debug, Clone, PartialEq)]
pub struct CondEntry<O, K> {
    /// The operator, as the caller read it.
    pub operator: O,
    /// The key, as the caller read it.
    pub key: K,
    /// The key's offset.
    pub key_at: usize,
    /// The values (strings, numbers and booleans as text), each with its offset.
    pub values: Vec<(usize, String)>,
}

impl<O, K> CondEntry<O, K> {
    /// The offset to blame for the `i`-th value (the key when there is no such value), for the
    /// errors of a clause constructor that returns `(index, message)`.
    pub fn value_at(&self, i: usize) -> usize {
        self.values.get(i).map_or(self.key_at, |(o, _)| *o)
    }
}

/// The entries of a `Condition` block, `{ "<Operator>": { "<key>": <value> | [<values>] } }`:
/// at least one operator, each naming at least one key, each key at least one value. `operator`
/// and `key` read a name (with its offset) as the caller's policy language spells them.
pub fn condition_entries<O: Copy, K>(
    v: &Json,
    operator: impl Fn(&str, usize) -> Result<O, WalkError>,
    key: impl Fn(&str, usize) -> Result<K, WalkError>,
) -> Result<Vec<CondEntry<O, K>>, WalkError> {
    const SHAPE: &str = "`{ \"<Operator>\": { \"<key>\": <values> } }`";
    let ops = members(v, SHAPE)?;
    if ops.is_empty() {
        return Err((
            v.offset,
            format!("expected at least one condition operator: {SHAPE}"),
        ));
    }
    let mut entries = Vec::new();
    for (op_name, op_at, keys) in ops {
        let op = operator(op_name, *op_at)?;
        let Value::Object(keys) = &keys.value else {
            return Err((
                keys.offset,
                "expected `{ \"<key>\": <values> }`".to_string(),
            ));
        };
        if keys.is_empty() {
            return Err((*op_at, format!("`{op_name}` names no condition key")));
        }
        for (key_name, key_at, values) in keys {
            let key = key(key_name, *key_at)?;
            if matches!(&values.value, Value::Array(items) if items.is_empty()) {
                return Err((
                    values.offset,
                    "expected at least one condition value".to_string(),
                ));
            }
            let values = one_or_many(values)
                .into_iter()
                .map(|j| match &j.value {
                    Value::String(s) | Value::Number(s) => Ok((j.offset, s.clone())),
                    Value::Bool(b) => Ok((j.offset, b.to_string())),
                    other => Err((
                        j.offset,
                        format!(
                            "expected a condition value (string, number or boolean), found {}",
                            other.kind()
                        ),
                    )),
                })
                .collect::<Result<_, _>>()?;
            entries.push(CondEntry {
                operator: op,
                key,
                key_at: *key_at,
                values,
            });
        }
    }
    Ok(entries)
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 64;

/// Parse a whole JSON text (one value, surrounded by whitespace only).
pub fn parse(text: &str) -> Result<Json, JsonError> {
    let mut r = Reader {
        text,
        pos: 0,
        depth: 0,
    };
    if text.starts_with('\u{feff}') {
        r.pos = '\u{feff}'.len_utf8();
    }
    let v = r.value()?;
    r.skip_ws();
    if r.pos < text.len() {
        return Err(r.err("expected the end of the document"));
    }
    Ok(v)
}

impl Reader<'_> {
    fn err(&self, message: &str) -> JsonError {
        let found = match self.peek() {
            Some(c) => format!(", found `{c}`"),
            None => ", found the end of the file".to_string(),
        };
        JsonError {
            offset: self.pos,
            message: format!("{message}{found}"),
        }
    }

    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<Json, JsonError> {
        self.skip_ws();
        let offset = self.pos;
        let value = match self.peek() {
            Some('{') => self.nested(Self::object)?,
            Some('[') => self.nested(Self::array)?,
            Some('"') => Value::String(self.string()?),
            Some(c) if c == '-' || c.is_ascii_digit() => Value::Number(self.number()?),
            Some(_) if self.literal("true") => Value::Bool(true),
            Some(_) if self.literal("false") => Value::Bool(false),
            Some(_) if self.literal("null") => Value::Null,
            _ => return Err(self.err("expected a JSON value")),
        };
        Ok(Json { offset, value })
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Value, JsonError>) -> Result<Value, JsonError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("nesting is too deep"));
        }
        let v = f(self);
        self.depth -= 1;
        v
    }

    fn literal(&mut self, word: &str) -> bool {
        if self
            .text
            .get(self.pos..)
            .is_some_and(|s| s.starts_with(word))
        {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn object(&mut self) -> Result<Value, JsonError> {
        self.bump();
        let mut members = Vec::new();
        self.skip_ws();
        if self.eat('}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            let key_offset = self.pos;
            if self.peek() != Some('"') {
                return Err(self.err("expected a quoted member name"));
            }
            let key = self.string()?;
            if members.iter().any(|(k, _, _)| *k == key) {
                return Err(JsonError {
                    offset: key_offset,
                    message: format!("duplicate member `{key}`"),
                });
            }
            self.skip_ws();
            if !self.eat(':') {
                return Err(self.err("expected `:`"));
            }
            let v = self.value()?;
            members.push((key, key_offset, v));
            self.skip_ws();
            if self.eat(',') {
                continue;
            }
            if self.eat('}') {
                return Ok(Value::Object(members));
            }
            return Err(self.err("expected `,` or `}`"));
        }
    }

    fn array(&mut self) -> Result<Value, JsonError> {
        self.bump();
        let mut items = Vec::new();
        self.skip_ws();
        if self.eat(']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_ws();
            if self.eat(',') {
                continue;
            }
            if self.eat(']') {
                return Ok(Value::Array(items));
            }
            return Err(self.err("expected `,` or `]`"));
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        let start = self.pos;
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(JsonError {
                        offset: start,
                        message: "unterminated string".into(),
                    })
                }
                Some('"') => return Ok(out),
                Some('\\') => {
                    let c = match self.bump() {
                        Some('"') => '"',
                        Some('\\') => '\\',
                        Some('/') => '/',
                        Some('b') => '\u{8}',
                        Some('f') => '\u{c}',
                        Some('n') => '\n',
                        Some('r') => '\r',
                        Some('t') => '\t',
                        Some('u') => self.unicode()?,
                        _ => return Err(self.err("invalid escape in string")),
                    };
                    out.push(c);
                }
                Some(c) if (c as u32) < 0x20 => {
                    return Err(JsonError {
                        offset: self.pos - 1,
                        message: "control character in string".into(),
                    })
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or("");
        let v = u32::from_str_radix(digits, 16)
            .ok()
            .filter(|_| digits.len() == 4 && digits.chars().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| self.err("expected four hex digits after `\\u`"))?;
        self.pos += 4;
        Ok(v)
    }

    fn unicode(&mut self) -> Result<char, JsonError> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if !(self.eat('\\') && self.eat('u')) {
                return Err(self.err("expected a low surrogate `\\u`"));
            }
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(self.err("invalid low surrogate"));
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        char::from_u32(code).ok_or_else(|| self.err("invalid unicode escape"))
    }

    fn number(&mut self) -> Result<String, JsonError> {
        let start = self.pos;
        self.eat('-');
        let digits = |r: &mut Self| {
            let s = r.pos;
            while r.peek().is_some_and(|c| c.is_ascii_digit()) {
                r.pos += 1;
            }
            r.pos > s
        };
        if !digits(self) {
            return Err(self.err("expected a digit"));
        }
        if self.eat('.') && !digits(self) {
            return Err(self.err("expected a digit after `.`"));
        }
        if self.peek().is_some_and(|c| c == 'e' || c == 'E') {
            self.pos += 1;
            if !self.eat('+') {
                self.eat('-');
            }
            if !digits(self) {
                return Err(self.err("expected an exponent"));
            }
        }
        Ok(self.text.get(start..self.pos).unwrap_or("").to_string())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_offsets() {
        let j = parse(r#" {"a": [1, "x\u00e9", true, null], "b": {"c": -2.5e3}}"#).unwrap();
        let Value::Object(m) = &j.value else { panic!() };
        assert_eq!(j.offset, 1);
        assert_eq!(m[0].1, 2);
        let Value::Array(items) = &m[0].2.value else {
            panic!()
        };
        assert_eq!(items[1].value, Value::String("xé".into()));
        assert_eq!(items[1].offset, 11);
        assert_eq!(m[1].0, "b");
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(parse(r#"{"a" 1}"#).unwrap_err().offset, 5);
        assert_eq!(parse(r#"{"a": 1,}"#).unwrap_err().offset, 8);
        assert_eq!(parse(r#"{"a": 1, "a": 2}"#).unwrap_err().offset, 9);
        assert!(parse("[1] x")
            .unwrap_err()
            .message
            .contains("end of the document"));
        assert!(parse("\"abc").unwrap_err().message.contains("unterminated"));
        assert!(parse(&"[".repeat(100)).is_err());
        assert!(parse("").is_err());
    }
}
