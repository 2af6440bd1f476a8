//! Reading requests: one inline JSON object (or a file holding one), or JSON Lines.
//!
//! An error in a request read from a file names `file:line:column`: for malformed JSON where
//! the JSON reader stopped; for a rule the request breaks, the value of the field the message
//! quotes (and that field's name), else the start of the request.

use crate::CliError;
use mcauth::request::AnyRequest as Request;
use mcauth::RequestError;
use std::path::Path;

/// `--request`: inline JSON, or the path of a file holding one JSON object.
pub fn one(arg: &str) -> Result<Request, CliError> {
    let trimmed = arg.trim_start();
    if trimmed.starts_with('{') {
        return (Request::from_json(arg)).map_err(|e| CliError::Input(format!("--request: {e}")));
    }
    let text = std::fs::read_to_string(arg).map_err(|e| {
        CliError::Input(format!(
            "--request `{arg}`: not JSON and not a readable file: {e}"
        ))
    })?;
    (Request::from_json(&text)).map_err(|e| {
        let at = locate(&text, &e);
        CliError::Input(at.message(arg, 1, 0))
    })
}

/// The error for a requests file without any request.
pub fn no_requests(path: &Path) -> CliError {
    CliError::Input(format!(
        "{}: no requests (the file has only blank and comment lines)",
        path.display()
    ))
}

/// A request read from a JSON Lines file, with its 1-based line number.
#[derive(Debug)]
pub struct Numbered {
    /// The line the request is on.
    pub line: usize,
    /// The request.
    pub request: Request,
}

/// The requests of a JSON Lines file, one at a time, in file order, each with its line number:
/// memory stays constant however long the file is. Blank lines and lines starting with `#` or
/// `//` are skipped; a line that is not a valid request is an error naming `file:line:column`,
/// and ends the stream.
pub fn stream(path: &Path) -> Result<impl Iterator<Item = Result<Numbered, CliError>>, CliError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path)
        .map_err(|e| CliError::Input(format!("cannot read `{name}`: {e}")))?;
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(file)).enumerate();
    let mut failed = false;
    Ok(std::iter::from_fn(move || {
        if failed {
            return None;
        }
        for (i, line) in lines.by_ref() {
            let read = line
                .map_err(|e| unreadable(&name, i + 1, &e))
                .and_then(|line| parse_line(&name, i + 1, &line));
            match read {
                Ok(None) => continue,
                Ok(Some(request)) => {
                    return Some(Ok(Numbered {
                        line: i + 1,
                        request,
                    }))
                }
                Err(e) => {
                    failed = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }))
}

/// The error for line `number` of the input `name` that could not be read (not UTF-8, an I/O
/// error).
pub(crate) fn unreadable(name: &str, number: usize, e: &std::io::Error) -> CliError {
    CliError::Input(format!("{name}:{number}: cannot read: {e}"))
}

/// Line `number` of the JSON Lines input `name`: `None` for a blank or comment line.
pub(crate) fn parse_line(
    name: &str,
    number: usize,
    line: &str,
) -> Result<Option<Request>, CliError> {
    let t = line.trim();
    if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
        return Ok(None);
    }
    Request::from_json(t).map(Some).map_err(|e| {
        // Columns count from the start of the line, leading whitespace included.
        let lead = line.len() - line.trim_start().len();
        let lead = line.get(..lead).map_or(0, |s| s.chars().count());
        CliError::Input(locate(t, &e).message(name, number, lead))
    })
}

/// Where in a request's text an error lies, and what to say.
#[derive(Debug, PartialEq, Eq)]
struct Located {
    /// 1-based line within the text.
    line: usize,
    /// 1-based column, in characters.
    column: usize,
    /// The message, without the JSON reader's own "at line L column C".
    message: String,
    /// The field the error is about, as a path (`object.type`), when known.
    field: Option<String>,
}

impl Located {
    /// `file:line:column: message[ (field `f`)]`, where the text starts on line `first_line` of
    /// the file, `indent` characters into it.
    fn message(&self, file: &str, first_line: usize, indent: usize) -> String {
        let line = first_line + self.line - 1;
        let column = if self.line == 1 {
            indent + self.column
        } else {
            self.column
        };
        match &self.field {
            Some(f) => format!("{file}:{line}:{column}: {} (field `{f}`)", self.message),
            None => format!("{file}:{line}:{column}: {}", self.message),
        }
    }
}

/// Locate `error` in `text`, the JSON it was read from.
fn locate(text: &str, error: &RequestError) -> Located {
    let message = error.to_string();
    if let Some((message, line, byte_column)) = reader_position(&message) {
        let column = text
            .lines()
            .nth(line.saturating_sub(1))
            .map_or(byte_column, |l| char_column(l, byte_column));
        return Located {
            line,
            column,
            message: message.to_string(),
            field: None,
        };
    }
    let scan = Scanner::scan(text);
    match quoted_field(&message, &scan.members) {
        Some(m) => Located {
            line: m.line,
            column: m.column,
            message,
            field: Some(m.path.clone()),
        },
        None => Located {
            line: scan.start.0,
            column: scan.start.1,
            message,
            field: None,
        },
    }
}

/// Split serde_json's " at line L column C" off a message: (message, L, C). C counts bytes.
fn reader_position(message: &str) -> Option<(&str, usize, usize)> {
    let (head, tail) = message.rsplit_once(" at line ")?;
    let (line, column) = tail.split_once(" column ")?;
    Some((head, line.parse().ok()?, column.parse().ok()?))
}

/// The 1-based character column of the 1-based byte column `byte_column` of `line`.
fn char_column(line: &str, byte_column: usize) -> usize {
    line.char_indices()
        .take_while(|(b, _)| *b + 1 < byte_column)
        .count()
        + 1
}

/// The member the message is about: the first backquoted word of the message that is the value
/// of exactly one member, or else the name of exactly one member (exact case first).
fn quoted_field<'a>(message: &str, members: &'a [Member]) -> Option<&'a Member> {
    let quoted = message.split('`').skip(1).step_by(2);
    for word in quoted {
        let exact = |m: &&Member| {
            m.scalar.as_deref() == Some(word) || m.key.as_deref() == Some(word) || m.path == word
        };
        let loose = |m: &&Member| {
            m.scalar
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case(word))
                || m.key
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(word))
        };
        for hits in [
            members.iter().filter(exact).collect::<Vec<_>>(),
            members.iter().filter(loose).collect::<Vec<_>>(),
        ] {
            if let [one] = hits.as_slice() {
                return Some(one);
            }
            if hits.len() > 1 {
                break;
            }
        }
    }
    None
}

/// A value inside the request: an object member or an array element.
#[derive(Debug, PartialEq, Eq)]
struct Member {
    /// `object.columns[1]`.
    path: String,
    /// The member's name; `None` for an array element.
    key: Option<String>,
    /// The text of a string (unescaped), number, boolean or null; `None` for objects and arrays.
    scalar: Option<String>,
    /// Where the value starts: 1-based line, 1-based column in characters.
    line: usize,
    column: usize,
}

/// What a scan of a JSON text found: where the top-level value starts, and every member.
#[derive(Debug, Default)]
struct Scan {
    start: (usize, usize),
    members: Vec<Member>,
}

/// A forgiving reader of JSON that records where each value starts. It only runs on text the
/// JSON reader accepted; on anything else it stops and keeps what it found.
struct Scanner {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
    members: Vec<Member>,
}

/// Deeper than serde_json's own limit: never reached on text it accepted.
const MAX_DEPTH: usize = 256;

impl Scanner {
    fn scan(text: &str) -> Scan {
        let mut s = Scanner {
            chars: text.chars().collect(),
            at: 0,
            line: 1,
            column: 1,
            members: Vec::new(),
        };
        s.skip_space();
        let start = (s.line, s.column);
        let _ = s.value("", 0);
        Scan {
            start,
            members: s.members,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_space(&mut self) {
        while self
            .peek()
            .is_some_and(|c| c.is_whitespace() || c == '\u{feff}')
        {
            self.bump();
        }
    }

    fn expect(&mut self, want: char) -> Option<()> {
        self.skip_space();
        (self.bump()? == want).then_some(())
    }

    /// Read one value; return its text if it is a scalar.
    fn value(&mut self, path: &str, depth: usize) -> Option<Option<String>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            '{' => {
                self.bump();
                self.skip_space();
                if self.peek()? == '}' {
                    self.bump();
                    return Some(None);
                }
                loop {
                    self.skip_space();
                    let key = self.string()?;
                    self.expect(':')?;
                    let child = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    self.member(child, Some(key), depth)?;
                    self.skip_space();
                    match self.bump()? {
                        ',' => continue,
                        '}' => return Some(None),
                        _ => return None,
                    }
                }
            }
            '[' => {
                self.bump();
                self.skip_space();
                if self.peek()? == ']' {
                    self.bump();
                    return Some(None);
                }
                for i in 0.. {
                    self.member(format!("{path}[{i}]"), None, depth)?;
                    self.skip_space();
                    match self.bump()? {
                        ',' => continue,
                        ']' => return Some(None),
                        _ => return None,
                    }
                }
                None
            }
            '"' => Some(Some(self.string()?)),
            _ => {
                let mut word = String::new();
                while let Some(c) = self.peek() {
                    if c.is_whitespace() || matches!(c, ',' | '}' | ']') {
                        break;
                    }
                    word.push(c);
                    self.bump();
                }
                Some(Some(word))
            }
        }
    }

    /// Read a member's value and record it.
    fn member(&mut self, path: String, key: Option<String>, depth: usize) -> Option<()> {
        self.skip_space();
        let (line, column) = (self.line, self.column);
        let scalar = self.value(&path, depth + 1)?;
        self.members.push(Member {
            path,
            key,
            scalar,
            line,
            column,
        });
        Some(())
    }

    /// Read a string, unescaped.
    fn string(&mut self) -> Option<String> {
        if self.bump()? != '"' {
            return None;
        }
        let mut s = String::new();
        loop {
            match self.bump()? {
                '"' => return Some(s),
                '\\' => match self.bump()? {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'u' => {
                        let mut code = 0u32;
                        for _ in 0..4 {
                            code = code * 16 + self.bump()?.to_digit(16)?;
                        }
                        s.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    }
                    other => s.push(other),
                },
                c => s.push(c),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn members_are_found_with_their_positions() {
        let text =
            "{\"a\": \"x\",\n  \"o\": {\"t\": \"ta\\\"ble\", \"c\": [\"id\", 3]}, \"n\": null}";
        let scan = Scanner::scan(text);
        let found: Vec<(&str, Option<&str>, usize, usize)> = scan
            .members
            .iter()
            .map(|m| (m.path.as_str(), m.scalar.as_deref(), m.line, m.column))
            .collect();
        assert_eq!(
            found,
            [
                ("a", Some("x"), 1, 7),
                ("o.t", Some("ta\"ble"), 2, 14),
                ("o.c[0]", Some("id"), 2, 31),
                ("o.c[1]", Some("3"), 2, 37),
                ("o.c", None, 2, 30),
                ("o", None, 2, 8),
                ("n", Some("null"), 2, 47),
            ]
        );
        assert_eq!(scan.start, (1, 1));
    }

    #[test]
    fn the_first_quoted_word_that_names_one_member_wins() {
        let scan = Scanner::scan(r#"{"action":"Lst","object":{"type":"table","name":"Lst2"}}"#);
        let field = |msg: &str| quoted_field(msg, &scan.members).map(|m| m.path.as_str());
        assert_eq!(field("unknown action `Lst`"), Some("action"));
        assert_eq!(field("`columns` apply to tables only"), None);
        assert_eq!(
            field("unknown object type `TABLE`: expected"),
            Some("object.type")
        );
        assert_eq!(field("invalid `name` `x`"), Some("object.name"));
        assert_eq!(field("missing field `project`"), None);
    }

    #[test]
    fn reader_positions_become_character_columns() {
        assert_eq!(
            reader_position("trailing comma at line 1 column 75"),
            Some(("trailing comma", 1, 75))
        );
        assert_eq!(reader_position("unknown action `Lst`"), None);
        // `é` is two bytes: byte column 6 is character column 5.
        assert_eq!(char_column("{\"é\":x", 6), 5);
        assert_eq!(char_column("abc", 1), 1);
    }
}
