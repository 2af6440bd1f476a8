//! The script language (design §2): text -> statements.
//!
//! [`parse`] reads one script file into [`Statement`]s. It checks only the shape of each
//! statement; whether a statement may be applied is decided when the statements are loaded.
//!
//! - Statements end with `;`; `--` starts a comment to the end of the line (outside quotes and
//!   backticks); keywords are case-insensitive.
//! - Strings are `'...'` or `"..."`, without escape sequences; a principal may be backticked
//!   (`` `RAM$owner@example.com:role/etl` ``).
//! - Every error names `file:line:column`. The few forms that a later version implements
//!   (`purge privs from user`, `add|remove tenant role ... to|from project`, `alter tenant
//!   user|role`, `add ... -f`) fail with [`LoadError::Unsupported`]; query statements (`show`,
//!   `list`, `get policy`, ...; [`parse_query`] reads those) and anything else that is not a
//!   statement fail with [`LoadError::Syntax`].
//! - The first error stops parsing; there is no partial result. (An unterminated quote is
//!   reported as soon as its statement is read, before the statement's other errors.)
//!
//! ```
//! use mcauth::script::parse;
//! use mcauth::script::statement::StatementKind;
//!
//! let statements = parse(
//!     "setup.mcauth",
//!     "use sales;  -- the current project\n\
//!      grant Select on table orders to user RAM$owner@example.com:bob;\n",
//! )
//! .unwrap();
//! assert_eq!(statements.len(), 2);
//! assert!(matches!(statements[1].kind, StatementKind::GrantAcl(_)));
//! assert_eq!(statements[1].source.to_string(), "setup.mcauth:2:1");
//!
//! let error = parse("setup.mcauth", "use sales;\nfrobnicate;").unwrap_err();
//! assert_eq!(error.to_string(), "setup.mcauth:2:1: unknown statement `frobnicate`");
//! ```

mod lexer;
mod parser;
mod query;
pub mod statement;

use crate::error::LoadError;
use crate::location::LineIndex;
use lexer::Lexer;
pub use query::{parse_query, LabelGrantsQuery, Query};
pub use statement::*;

/// Parse one script file's text. `file` is the name used in every `Source`.
///
/// # Errors
///
/// The first statement that is not well-formed: [`LoadError::Syntax`], or
/// [`LoadError::Unsupported`] for a statement that a later version implements.
pub fn parse(file: &str, text: &str) -> Result<Vec<Statement>, LoadError> {
    let mut statements = Vec::new();
    parse_each(file, text, |s| {
        statements.push(s);
        Ok(())
    })?;
    Ok(statements)
}

/// Parse one script file's text and hand each statement, in order, to `apply`, without
/// holding them all: loading a large script needs memory for one statement at a time.
///
/// The errors are those of [`parse`] and `apply` would give if it ran after the whole text had
/// parsed: once `apply` fails it is called no more, but the rest of the text is still parsed,
/// and a syntax error there wins over `apply`'s error.
///
/// ```
/// use mcauth::script::parse_each;
///
/// let mut lines = Vec::new();
/// parse_each("a.mcauth", "use p;\nuse q;", |s| {
///     lines.push(s.source.line);
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(lines, [1, 2]);
/// // A syntax error after the statement `apply` refused is still the error reported.
/// let refuse = |s: mcauth::script::Statement| {
///     Err(mcauth::LoadError::Rejected { at: s.source, message: "no".into() })
/// };
/// let e = parse_each("a.mcauth", "use p;\nfrobnicate;", refuse).unwrap_err();
/// assert_eq!(e.to_string(), "a.mcauth:2:1: unknown statement `frobnicate`");
/// ```
///
/// # Errors
///
/// The first syntax error of the text, else the first error of `apply`.
pub fn parse_each(
    file: &str,
    text: &str,
    mut apply: impl FnMut(Statement) -> Result<(), LoadError>,
) -> Result<(), LoadError> {
    let index = LineIndex::new(file, text);
    let mut lexer = Lexer::new(text);
    let mut tokens = Vec::new();
    let mut rejected = None;
    loop {
        let token = lexer
            .next_token()
            .map_err(|e| LoadError::syntax(&index.source(e.offset), e.message))?;
        match token {
            Some(t) if t.is_punct(';') => {
                if !tokens.is_empty() {
                    let statement = parser::statement(&index, text, &tokens, t.start)?;
                    if rejected.is_none() {
                        rejected = apply(statement).err();
                    }
                    tokens.clear();
                }
            }
            Some(t) => tokens.push(t),
            None => {
                if let Some(last) = tokens.last() {
                    return Err(LoadError::syntax(
                        &index.source(last.end),
                        "expected `;` at end of statement",
                    ));
                }
                return rejected.map_or(Ok(()), Err);
            }
        }
    }
}
