//! Reading requests: one inline JSON object (or a file holding one), or JSON Lines.
//!
//! An error in a request names `file:line:column` (`--request:1:column` for inline JSON), at the
//! place [`mcauth::request::locate`] finds: where malformed JSON stops, the value of the field
//! the message names (and that field's name), else the start of the request.

use crate::CliError;
use mcauth::location::LineIndex;
use mcauth::request::{locate, AnyRequest as Request};

/// A byte-order mark, which editors may write at the start of a file: not part of the JSON.
const BOM: char = '\u{feff}';

/// `--request`: inline JSON, or the path of a file holding one JSON object.
pub fn one(arg: &str) -> Result<Request, CliError> {
    if arg.trim_start().starts_with('{') {
        return parse(arg, "--request", 1, arg);
    }
    let text = std::fs::read_to_string(arg).map_err(|e| {
        CliError::Input(format!(
            "--request `{arg}`: not JSON and not a readable file: {e}"
        ))
    })?;
    parse(&text, arg, 1, text.strip_prefix(BOM).unwrap_or(&text))
}

/// Read the request `json`, which ends `text` (what follows a byte-order mark or leading
/// blanks), the text of `name` from line `first_line` on; an error names `name:line:column`.
fn parse(text: &str, name: &str, first_line: usize, json: &str) -> Result<Request, CliError> {
    Request::from_json(json).map_err(|e| {
        let at = locate(json, &e);
        let source = LineIndex::new(name, text).source(text.len() - json.len() + at.offset);
        let line = first_line + source.line as usize - 1;
        CliError::Input(format!("{name}:{line}:{}: {}", source.column, at.message))
    })
}

/// Line `number` of the JSON Lines input `name`: `None` for a blank or comment line. A
/// byte-order mark at the start of the first line is skipped.
pub(crate) fn parse_line(
    name: &str,
    number: usize,
    line: &str,
) -> Result<Option<Request>, CliError> {
    let body = match number {
        1 => line.strip_prefix(BOM).unwrap_or(line),
        _ => line,
    };
    let t = body.trim();
    if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
        return Ok(None);
    }
    // Columns count from the start of the line, leading blanks included.
    let end = line.len() - body.trim_start().len() + t.len();
    parse(line.get(..end).unwrap_or(line), name, number, t).map(Some)
}
