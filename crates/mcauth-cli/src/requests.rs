//! Reading requests: one inline JSON object (or a file holding one), or JSON Lines.

use crate::CliError;
use mcauth::request::AnyRequest as Request;
use std::path::Path;

/// `--request`: inline JSON, or the path of a file holding one JSON object.
pub fn one(arg: &str) -> Result<Request, CliError> {
    let trimmed = arg.trim_start();
    if trimmed.starts_with('{') {
        return Request::from_json(arg).map_err(|e| CliError::Request(format!("--request: {e}")));
    }
    let text = std::fs::read_to_string(arg).map_err(|e| {
        CliError::Request(format!(
            "--request `{arg}`: not JSON and not a readable file: {e}"
        ))
    })?;
    Request::from_json(&text).map_err(|e| CliError::Request(format!("{arg}: {e}")))
}

/// `--requests`: JSON Lines (blank lines and lines starting with `#` or `//` are skipped).
/// Every line is read before any is decided, so a bad line produces no partial output.
pub fn lines(path: &Path) -> Result<Vec<Request>, CliError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Request(format!("cannot read `{name}`: {e}")))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        out.push(
            Request::from_json(t)
                .map_err(|e| CliError::Request(format!("{name}:{}: {e}", i + 1)))?,
        );
    }
    Ok(out)
}
