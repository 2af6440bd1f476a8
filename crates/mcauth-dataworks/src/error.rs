//! Errors of this crate: each names `file:line:column` and what was expected.

use mcauth::location::Source;

/// A workspace file that cannot be read or is not a valid workspace.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum WorkspaceError {
    /// The file could not be read.
    #[error("cannot read `{path}`: {message}")]
    Read {
        /// The path as given.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The text is not valid JSON, or a member is missing, unknown or of the wrong kind.
    #[error("{at}: {message}")]
    Syntax {
        /// Where.
        at: Source,
        /// What was expected and what was found.
        message: String,
    },
    /// A well-formed workspace that breaks a DataWorks rule (a member who is not a RAM user of
    /// the owner's account, an environment with a role and `public`, ...).
    #[error("{at}: {message}")]
    Invalid {
        /// Where.
        at: Source,
        /// The rule and what broke it.
        message: String,
    },
}
