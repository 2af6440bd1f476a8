//! A small JSON reader that keeps the byte offset of every value and key, so errors and
//! decisions can name `file:line:column` inside a policy file. (serde_json discards positions;
//! policy files are small, so a straightforward recursive reader is enough.)

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
