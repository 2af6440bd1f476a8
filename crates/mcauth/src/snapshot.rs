//! Snapshots: the [`Model`] as JSON (`mcauth export`), read back with `--snapshot`.

use crate::error::LoadError;
use crate::location::Source;
use crate::model::{intern, Model, SNAPSHOT_FORMAT};
use std::path::Path;

/// A JSON error of snapshot `path` (its `text`), at `path:line:column` when serde knows the
/// position (serde counts bytes; a [`Source`] counts characters).
fn json_error(path: &str, text: &str, e: &serde_json::Error) -> LoadError {
    let message = e.to_string();
    let (Ok(line), Some(index)) = (u32::try_from(e.line()), e.line().checked_sub(1)) else {
        return LoadError::Snapshot {
            path: path.to_string(),
            message,
        };
    };
    let bytes = e.column().saturating_sub(1);
    let chars = text
        .split('\n')
        .nth(index)
        .and_then(|l| l.get(..bytes))
        .map_or(bytes, |s| s.chars().count());
    let column = u32::try_from(chars + 1).unwrap_or(u32::MAX);
    // serde_json appends the position to its message; the error names it first instead.
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    LoadError::syntax(
        &Source::new(path, line, column),
        format!("invalid snapshot: {message}"),
    )
}

impl Model {
    /// Read a snapshot file written by [`Model::to_snapshot_json`].
    pub fn from_snapshot(path: &Path) -> Result<Model, LoadError> {
        let text = crate::load::read_text(path)?;
        Model::from_snapshot_str(&path.display().to_string(), &text)
    }

    /// Read a snapshot from text; `path` names it in errors.
    ///
    /// ```
    /// let m = mcauth::Model::from_script_str("a.mcauth",
    ///     "create project p owner ALIYUN$o@example.com;").unwrap();
    /// let back = mcauth::Model::from_snapshot_str("p.json", &m.to_snapshot_json()).unwrap();
    /// assert_eq!(m, back);
    /// ```
    pub fn from_snapshot_str(path: &str, text: &str) -> Result<Model, LoadError> {
        let model: Model =
            intern::scope(|| serde_json::from_str(text)).map_err(|e| json_error(path, text, &e))?;
        if model.format != SNAPSHOT_FORMAT {
            return Err(LoadError::Snapshot {
                path: path.to_string(),
                message: format!(
                    "format version {} is not supported: expected {SNAPSHOT_FORMAT}",
                    model.format
                ),
            });
        }
        model.validate().map_err(|message| LoadError::Snapshot {
            path: path.to_string(),
            message,
        })?;
        Ok(model)
    }

    /// The model as pretty-printed JSON.
    pub fn to_snapshot_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}
