//! Tokens of the script language.
//!
//! The lexer never fails on an unexpected character: anything that is not whitespace, a comment,
//! a word, a quoted string or punctuation becomes a one-character [`TokenKind::Other`] token, so
//! that free text such as a `setproject` value (`vpc-xxx[192.168.0.10,192.168.0.20]`) or a view
//! query (`a != b`) can pass through. The parser rejects `Other` tokens wherever it expects
//! something specific. The only lexical error is an unterminated quote or backtick.

/// What kind of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A run of word characters, e.g. `grant`, `ALIYUN$a@b.com`, `tb_*`, `decimal`, `-f`.
    Word,
    /// `'...'`; the token's `text` is the content between the quotes.
    SingleQuoted,
    /// `"..."`; the token's `text` is the content between the quotes.
    DoubleQuoted,
    /// `` `...` ``; the token's `text` is the content between the backticks.
    Backticked,
    /// One of `( ) , = ; < >`.
    Punct,
    /// Any other single character.
    Other,
}

/// One token with its byte range in the script text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// What kind of token.
    pub kind: TokenKind,
    /// The token's value: the content for quoted tokens, the token itself otherwise.
    pub text: &'a str,
    /// The token as written (with its quotes, if any).
    pub raw: &'a str,
    /// Byte offset of the first character (the opening quote for quoted tokens).
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

impl Token<'_> {
    /// Byte offset of the first character of `text` (inside the quotes for quoted tokens).
    pub fn content_start(&self) -> usize {
        match self.kind {
            TokenKind::SingleQuoted | TokenKind::DoubleQuoted | TokenKind::Backticked => {
                self.start + 1
            }
            TokenKind::Word | TokenKind::Punct | TokenKind::Other => self.start,
        }
    }

    /// Whether this is the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct && self.text.starts_with(c)
    }

    /// Whether this is the word `keyword`, compared case-insensitively.
    pub fn is_keyword(&self, keyword: &str) -> bool {
        self.kind == TokenKind::Word && self.text.eq_ignore_ascii_case(keyword)
    }

    /// Whether this is a quoted string (`'...'` or `"..."`).
    pub fn is_string(&self) -> bool {
        matches!(self.kind, TokenKind::SingleQuoted | TokenKind::DoubleQuoted)
    }

    /// Whether this token names something: a word or a backticked name.
    pub fn is_name(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Backticked)
    }
}

/// An unterminated quote or backtick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    /// Byte offset of the opening quote.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Splits script text into tokens, skipping whitespace and `--` comments.
#[derive(Debug, Clone)]
pub(crate) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

/// A byte-order mark, as some editors write at the start of a file.
const BOM: char = '\u{feff}';

/// Characters that may appear in a word: ASCII letters and digits, `_ $ @ . : / - * ? % + #`
/// and any non-ASCII character but whitespace and the byte-order mark.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '_' | '$' | '@' | '.' | ':' | '/' | '-' | '*' | '?' | '%' | '+' | '#'
        )
        || (!c.is_ascii() && !c.is_whitespace() && c != BOM)
}

/// The length in bytes of the word that starts `rest`: its word characters, up to a `--`
/// comment.
fn word_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut len = 0;
    while let Some(&b) = bytes.get(len) {
        if b.is_ascii() {
            // One byte, one character: no decoding for the common case.
            let at_comment = b == b'-' && bytes.get(len + 1) == Some(&b'-');
            if !is_word_char(char::from(b)) || at_comment {
                break;
            }
            len += 1;
        } else {
            match rest.get(len..).and_then(|r| r.chars().next()) {
                Some(c) if is_word_char(c) => len += c.len_utf8(),
                _ => break,
            }
        }
    }
    len
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Lexer { text, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    /// Skip whitespace (a byte-order mark counts as whitespace) and comments.
    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == BOM);
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("--") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else {
                return;
            }
        }
    }

    fn token(&mut self, kind: TokenKind, start: usize, end: usize, text: &'a str) -> Token<'a> {
        self.pos = end;
        Token {
            kind,
            text,
            raw: self.text.get(start..end).unwrap_or(""),
            start,
            end,
        }
    }

    /// The next token, `Ok(None)` at the end of the text.
    pub fn next_token(&mut self) -> Result<Option<Token<'a>>, LexError> {
        self.skip_trivia();
        let start = self.pos;
        let rest = self.rest();
        let Some(first) = rest.chars().next() else {
            return Ok(None);
        };
        let token = match first {
            '\'' | '"' | '`' => {
                let body = rest.get(1..).unwrap_or("");
                let Some(len) = body.find(first) else {
                    let message = if first == '`' {
                        "unterminated string: missing closing backtick".to_string()
                    } else {
                        format!("unterminated string: missing closing `{first}`")
                    };
                    return Err(LexError {
                        offset: start,
                        message,
                    });
                };
                let kind = match first {
                    '\'' => TokenKind::SingleQuoted,
                    '"' => TokenKind::DoubleQuoted,
                    _ => TokenKind::Backticked,
                };
                let text = body.get(..len).unwrap_or("");
                self.token(kind, start, start + len + 2, text)
            }
            '(' | ')' | ',' | '=' | ';' | '<' | '>' => {
                let end = start + 1;
                self.token(TokenKind::Punct, start, end, rest.get(..1).unwrap_or(""))
            }
            c if is_word_char(c) => {
                let len = word_len(rest);
                self.token(
                    TokenKind::Word,
                    start,
                    start + len,
                    rest.get(..len).unwrap_or(""),
                )
            }
            c => {
                let len = c.len_utf8();
                self.token(
                    TokenKind::Other,
                    start,
                    start + len,
                    rest.get(..len).unwrap_or(""),
                )
            }
        };
        Ok(Some(token))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn lex(text: &str) -> Vec<(TokenKind, String, usize)> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        while let Some(t) = lexer.next_token().unwrap() {
            out.push((t.kind, t.text.to_string(), t.start));
        }
        out
    }

    #[test]
    fn words_strings_and_punctuation() {
        use TokenKind::*;
        let tokens =
            lex("grant Select,x on table tb_* to user `RAM$a@b.com:role/etl` 'it''s' \"k\"=(1);");
        let kinds: Vec<_> = tokens.iter().map(|t| t.0).collect();
        assert_eq!(
            kinds,
            vec![
                Word,
                Word,
                Punct,
                Word,
                Word,
                Word,
                Word,
                Word,
                Word,
                Backticked,
                SingleQuoted,
                SingleQuoted,
                DoubleQuoted,
                Punct,
                Punct,
                Word,
                Punct,
                Punct
            ]
        );
        assert_eq!(tokens[6].1, "tb_*");
        assert_eq!(tokens[9].1, "RAM$a@b.com:role/etl");
        assert_eq!(tokens[10].1, "it");
        assert_eq!(tokens[11].1, "s");
        assert_eq!(tokens[12].1, "k");
    }

    #[test]
    fn comments_end_words_and_are_skipped() {
        let tokens = lex("use p-- comment ; here\n-- whole line\n;x--y");
        let texts: Vec<_> = tokens.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(texts, vec!["use", "p", ";", "x"]);
        assert_eq!(tokens[2].2, 37);
    }

    #[test]
    fn quotes_hide_comments_and_semicolons() {
        let tokens = lex("'a -- b; c' x");
        assert_eq!(tokens[0].1, "a -- b; c");
        assert_eq!(tokens[1].1, "x");
    }

    #[test]
    fn other_characters_become_single_tokens() {
        let tokens = lex("vpc-x[1,2] a!=b");
        let texts: Vec<_> = tokens.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(
            texts,
            vec!["vpc-x", "[", "1", ",", "2", "]", "a", "!", "=", "b"]
        );
        assert_eq!(tokens[1].0, TokenKind::Other);
    }

    #[test]
    fn non_ascii_is_a_word_char() {
        let tokens = lex("表名 x");
        assert_eq!(tokens[0].1, "表名");
        assert_eq!(tokens[1].2, "表名 ".len());
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let tokens = lex("\u{feff}use p;");
        assert_eq!(tokens[0].1, "use");
    }

    #[test]
    fn unterminated_quote_points_at_the_opening_quote() {
        let mut lexer = Lexer::new("at 'abc");
        assert!(lexer.next_token().unwrap().is_some());
        let err = lexer.next_token().unwrap_err();
        assert_eq!(err.offset, 3);
        assert!(err.message.starts_with("unterminated string"));
        let mut lexer = Lexer::new("`abc");
        assert_eq!(lexer.next_token().unwrap_err().offset, 0);
    }
}
