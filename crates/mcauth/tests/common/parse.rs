//! Helpers of the script-parser tests (`parse.rs`, `parse_identity.rs`): positions in the one
//! test file, the single statement of a text, and its syntax or "unsupported" error.

use mcauth::error::LoadError;
use mcauth::location::Source;
use mcauth::script::parse;
use mcauth::script::statement::{Spanned, StatementKind};

pub const FILE: &str = "t.mcauth";

pub fn src(line: u32, column: u32) -> Source {
    Source::new(FILE, line, column)
}

pub fn sp(value: &str, line: u32, column: u32) -> Spanned<String> {
    Spanned::new(value.to_string(), src(line, column))
}

/// The single statement of `text`.
#[track_caller]
pub fn one(text: &str) -> StatementKind {
    let mut statements = parse(FILE, text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    assert_eq!(statements.len(), 1, "{text:?}");
    statements.remove(0).kind
}

/// The syntax error of `text` as `file:line:column: message`.
#[track_caller]
pub fn syntax(text: &str) -> String {
    match parse(FILE, text) {
        Err(e @ LoadError::Syntax { .. }) => e.to_string(),
        other => panic!("{text:?}: expected a syntax error, got {other:?}"),
    }
}

/// The "unsupported" error of `text` as `file:line:column: message`.
#[track_caller]
pub fn unsupported(text: &str) -> String {
    match parse(FILE, text) {
        Err(e @ LoadError::Unsupported { .. }) => e.to_string(),
        other => panic!("{text:?}: expected an unsupported error, got {other:?}"),
    }
}
