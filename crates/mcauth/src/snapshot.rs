//! Snapshots: the [`Model`] as JSON (`mcauth export`), read back with `--snapshot`.

use crate::error::LoadError;
use crate::model::{Model, SNAPSHOT_FORMAT};
use std::path::Path;

impl Model {
    /// Read a snapshot file written by [`Model::to_snapshot_json`].
    pub fn from_snapshot(path: &Path) -> Result<Model, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|e| LoadError::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
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
        let model: Model = serde_json::from_str(text).map_err(|e| LoadError::Snapshot {
            path: path.to_string(),
            message: e.to_string(),
        })?;
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
