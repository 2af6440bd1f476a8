//! A cursor over the tokens of one statement, with the error helpers every statement (and
//! every query, [`crate::script::parse_query`]) uses.

use crate::error::LoadError;
use crate::location::{LineIndex, Source};
use crate::model::MAX_LEVEL;
use crate::script::lexer::{Token, TokenKind};
use crate::script::statement::Spanned;
use std::fmt;

/// The tokens of one statement (without its `;`) and a position in them.
pub(crate) struct Cursor<'t, 'a> {
    index: &'t LineIndex<'a>,
    text: &'a str,
    tokens: &'t [Token<'a>],
    pos: usize,
    /// Byte offset of the `;` that ends the statement.
    end: usize,
}

/// `a`, `a or b`, `a, b or c`: each item in backticks.
pub(crate) fn alternatives(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// How an error message names a token: in backticks, shortened when long.
pub(crate) fn describe(token: Option<&Token<'_>>) -> String {
    let Some(token) = token else {
        return "end of statement".to_string();
    };
    let shown = match token.kind {
        TokenKind::Backticked => token.text,
        _ => token.raw,
    };
    format!("`{}`", shorten(shown))
}

/// User text for an error message: at most 40 characters, `...` marking a cut.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() > MAX {
        let short: String = text.chars().take(MAX).collect();
        format!("{short}...")
    } else {
        text.to_string()
    }
}

impl<'t, 'a> Cursor<'t, 'a> {
    /// A cursor at the first of `tokens`, a statement ended by the `;` at byte offset `end`.
    pub fn new(
        index: &'t LineIndex<'a>,
        text: &'a str,
        tokens: &'t [Token<'a>],
        end: usize,
    ) -> Self {
        Cursor {
            index,
            text,
            tokens,
            pos: 0,
            end,
        }
    }

    /// The whole script text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The `Source` of a byte offset.
    pub fn source(&self, offset: usize) -> Source {
        self.index.source(offset)
    }

    /// A syntax error at byte offset `offset`.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> LoadError {
        LoadError::syntax(&self.source(offset), message)
    }

    /// An "unsupported" error at byte offset `offset`.
    pub fn unsupported_at(&self, offset: usize, message: impl Into<String>) -> LoadError {
        LoadError::unsupported(&self.source(offset), message)
    }

    /// Byte offset of the next token, or of the `;` when there is none.
    pub fn offset(&self) -> usize {
        self.peek().map_or(self.end, |t| t.start)
    }

    /// A syntax error at the next token: "expected `what`, found X".
    pub fn expected(&self, what: impl fmt::Display) -> LoadError {
        self.error_at(
            self.offset(),
            format!("expected {what}, found {}", describe(self.peek())),
        )
    }

    /// The next token, if any.
    pub fn peek(&self) -> Option<&'t Token<'a>> {
        self.tokens.get(self.pos)
    }

    /// The tokens not consumed yet.
    pub fn remaining(&self) -> &'t [Token<'a>] {
        self.tokens.get(self.pos..).unwrap_or(&[])
    }

    /// Consume and return the next token.
    pub fn bump(&mut self) -> Option<&'t Token<'a>> {
        let token = self.tokens.get(self.pos);
        if token.is_some() {
            self.pos += 1;
        }
        token
    }

    /// Consume everything (used once the rest of the statement has been read as text).
    pub fn bump_all(&mut self) {
        self.pos = self.tokens.len();
    }

    /// Whether the next token is the word `keyword` (case-insensitive).
    pub fn at_keyword(&self, keyword: &str) -> bool {
        self.peek().is_some_and(|t| t.is_keyword(keyword))
    }

    /// Whether the next token is the punctuation `c`.
    pub fn at_punct(&self, c: char) -> bool {
        self.peek().is_some_and(|t| t.is_punct(c))
    }

    /// Consume the word `keyword` if it is next.
    pub fn eat_keyword(&mut self, keyword: &str) -> bool {
        let found = self.at_keyword(keyword);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consume the punctuation `c` if it is next.
    pub fn eat_punct(&mut self, c: char) -> bool {
        let found = self.at_punct(c);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consume the word `keyword` or fail with "expected `keyword`, found X".
    pub fn expect_keyword(&mut self, keyword: &str) -> Result<&'t Token<'a>, LoadError> {
        match self.peek() {
            Some(t) if t.is_keyword(keyword) => {
                self.pos += 1;
                Ok(t)
            }
            _ => Err(self.expected(format_args!("`{keyword}`"))),
        }
    }

    /// Consume one of the words of `choices` and return the value paired with it, or fail with
    /// "expected `a`, `b` or `c`, found X" (the words in the order given).
    pub fn expect_one_of<T: Clone>(&mut self, choices: &[(&str, T)]) -> Result<T, LoadError> {
        let found = self.peek().and_then(|t| {
            choices
                .iter()
                .find(|(k, _)| t.is_keyword(k))
                .map(|(_, v)| v.clone())
        });
        match found {
            Some(v) => {
                self.pos += 1;
                Ok(v)
            }
            None => {
                let words: Vec<&str> = choices.iter().map(|(k, _)| *k).collect();
                Err(self.expected(alternatives(&words)))
            }
        }
    }

    /// Consume a label level, a whole number from 0 to [`MAX_LEVEL`].
    pub fn expect_label_level(&mut self) -> Result<Spanned<u8>, LoadError> {
        let level = self
            .peek()
            .filter(|t| t.kind == TokenKind::Word && t.text.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| Some((t, t.text.parse::<u8>().ok()?)))
            .filter(|(_, n)| *n <= MAX_LEVEL);
        match level {
            Some((token, n)) => {
                self.pos += 1;
                Ok(Spanned::new(n, self.source(token.start)))
            }
            None => Err(self.expected(format_args!("a label level from 0 to {MAX_LEVEL}"))),
        }
    }

    /// Consume the punctuation `c` or fail with "expected `c`, found X".
    pub fn expect_punct(&mut self, c: char) -> Result<(), LoadError> {
        if self.eat_punct(c) {
            Ok(())
        } else {
            Err(self.expected(format_args!("`{c}`")))
        }
    }

    /// Consume a single word (a role, object or project name); `what` names it in the error,
    /// e.g. "a table name" (written out only for an error).
    pub fn expect_word(&mut self, what: impl fmt::Display) -> Result<Spanned<String>, LoadError> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::Word => {
                self.pos += 1;
                Ok(self.spanned(t))
            }
            _ => Err(self.expected(what)),
        }
    }

    /// Consume a word or a backticked name (a principal, a column).
    pub fn expect_name(&mut self, what: impl fmt::Display) -> Result<Spanned<String>, LoadError> {
        match self.peek() {
            Some(t) if t.is_name() => {
                self.pos += 1;
                Ok(self.spanned(t))
            }
            _ => Err(self.expected(what)),
        }
    }

    /// Consume a quoted string (`'...'` or `"..."`) and return its token.
    pub fn expect_string(&mut self, what: &str) -> Result<&'t Token<'a>, LoadError> {
        match self.peek() {
            Some(t) if t.is_string() => {
                self.pos += 1;
                Ok(t)
            }
            _ => Err(self.expected(what)),
        }
    }

    /// The token's value with the position of its first character (the opening quote or
    /// backtick for quoted tokens).
    pub fn spanned(&self, token: &Token<'_>) -> Spanned<String> {
        Spanned::new(token.text.to_string(), self.source(token.start))
    }

    /// Succeed only if every token has been consumed: "expected `;`, found X" otherwise.
    pub fn expect_end(&self) -> Result<(), LoadError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.expected("`;`")),
        }
    }
}
