//! Errors of loading a configuration and of reading a request.

use crate::location::Source;

/// Why a configuration (scripts or snapshot) could not be loaded. A failed load yields no model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("cannot read `{path}`: {message}")]
    Read {
        /// The path as given.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The text is not a statement of the script language, or a snapshot is not valid JSON of
    /// an exported model (at the position serde reports).
    #[error("{at}: {message}")]
    Syntax {
        /// Where.
        at: Source,
        /// What was expected and what was found.
        message: String,
    },
    /// A statement that a later version implements.
    #[error("{at}: {message}")]
    Unsupported {
        /// Where.
        at: Source,
        /// Which statement.
        message: String,
    },
    /// A well-formed statement that may not be applied (missing object, issuer not allowed, ...).
    #[error("{at}: {message}")]
    Rejected {
        /// Where.
        at: Source,
        /// Which rule it breaks.
        message: String,
    },
    /// A snapshot (or a [`Model`](crate::Model) given to the engine) of another format
    /// version, with inconsistent keys or references, or disagreeing with an earlier input;
    /// such errors have no position in the file.
    #[error("snapshot `{path}`: {message}")]
    Snapshot {
        /// The path as given.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl LoadError {
    /// The position the error names, if it names one.
    pub fn source_position(&self) -> Option<&Source> {
        match self {
            LoadError::Syntax { at, .. }
            | LoadError::Unsupported { at, .. }
            | LoadError::Rejected { at, .. } => Some(at),
            LoadError::Read { .. } | LoadError::Snapshot { .. } => None,
        }
    }

    pub(crate) fn syntax(at: &Source, message: impl Into<String>) -> Self {
        LoadError::Syntax {
            at: at.clone(),
            message: message.into(),
        }
    }

    pub(crate) fn rejected(at: &Source, message: impl Into<String>) -> Self {
        LoadError::Rejected {
            at: at.clone(),
            message: message.into(),
        }
    }

    pub(crate) fn unsupported(at: &Source, message: impl Into<String>) -> Self {
        LoadError::Unsupported {
            at: at.clone(),
            message: message.into(),
        }
    }
}

/// Why a request (JSON) is not a valid request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// Not JSON, a missing or unknown field, a wrong type.
    #[error("invalid request: {0}")]
    Json(String),
    /// Well-formed JSON that breaks a rule of design §3.
    #[error("invalid request: {0}")]
    Invalid(String),
    /// An identity kind that this version cannot authenticate yet.
    #[error("unsupported request: {0}")]
    Unsupported(String),
}
