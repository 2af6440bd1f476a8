//! Where a piece of configuration came from: `file:line:column`.

use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::fmt;
use std::sync::Arc;

/// A position in a script file, 1-based, printed as `file:line:column`.
///
/// Every grant, statement and declaration in the [`Model`](crate::Model) carries the `Source`
/// of the statement that made it, so a decision can name the line that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Source {
    /// The file name as given on the command line (or a label such as `<inline>`); one copy
    /// shared by the sources of a file.
    #[serde(deserialize_with = "crate::model::intern::deserialize_file")]
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

impl Source {
    /// A source position.
    pub fn new(file: impl Into<Arc<str>>, line: u32, column: u32) -> Self {
        Source {
            file: file.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Maps byte offsets of one file's text to sources (`file:line:column`, the column counted in
/// characters). It borrows the text and keeps no table of lines, only the position last asked
/// for: readers ask in about the order of the text (the script parser, the JSON readers of
/// policies and suites), so the next offset is found by scanning forward from it, and an
/// offset before it by scanning back to its line's start.
///
/// ```
/// use mcauth::location::LineIndex;
/// let index = LineIndex::new("a.mcauth", "use p;\n  grant x;\n");
/// assert_eq!(index.source(9).to_string(), "a.mcauth:2:3");
/// assert_eq!(index.source(4).to_string(), "a.mcauth:1:5");
/// ```
#[derive(Debug)]
pub struct LineIndex<'a> {
    file: Arc<str>,
    text: &'a str,
    last: Cell<Position>,
}

/// A byte offset with its 0-based line, the byte where that line starts, and its 0-based
/// column.
#[derive(Debug, Clone, Copy, Default)]
struct Position {
    offset: usize,
    line: usize,
    line_start: usize,
    column: usize,
}

impl<'a> LineIndex<'a> {
    /// Positions in `text`, which was read from `file`.
    pub fn new(file: impl Into<Arc<str>>, text: &'a str) -> Self {
        LineIndex {
            file: file.into(),
            text,
            last: Cell::new(Position::default()),
        }
    }

    /// The file name.
    pub fn file(&self) -> &Arc<str> {
        &self.file
    }

    /// The `Source` of byte offset `offset` (clamped to the text). An offset inside a
    /// character is at column 1 of its line; a byte-order mark at the start is not a column.
    pub fn source(&self, offset: usize) -> Source {
        let offset = offset.min(self.text.len());
        let last = self.last.get();
        let bytes = self.text.as_bytes();
        let newlines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
        let (line, line_start) = if offset >= last.offset {
            let skipped = bytes.get(last.offset..offset).unwrap_or(&[]);
            match skipped.iter().rposition(|&c| c == b'\n') {
                Some(i) => (last.line + newlines(skipped), last.offset + i + 1),
                None => (last.line, last.line_start),
            }
        } else {
            // Back to an earlier line: its start is after the newline before `offset`.
            match newlines(bytes.get(offset..last.offset).unwrap_or(&[])) {
                0 => (last.line, last.line_start),
                back => {
                    let before = bytes.get(..offset).unwrap_or(&[]);
                    let start = before
                        .iter()
                        .rposition(|&c| c == b'\n')
                        .map_or(0, |i| i + 1);
                    (last.line - back, start)
                }
            }
        };
        // Forward on the line of the last position, count only the characters since it (the
        // start of the text is left to `column_of`, which skips a byte-order mark).
        let column = match self.text.get(last.offset..offset) {
            Some(s) if line == last.line && last.offset > 0 => last.column + s.chars().count(),
            _ => column_of(self.text, line, line_start, offset),
        };
        if self.text.is_char_boundary(offset) {
            self.last.set(Position {
                offset,
                line,
                line_start,
                column,
            });
        }
        source_at(&self.file, line, column)
    }
}

/// The 0-based column, in characters, of byte `offset` on the 0-based line `line` that starts
/// at byte `start`; 0 when `offset` is not on a character boundary.
fn column_of(text: &str, line: usize, start: usize, offset: usize) -> usize {
    let mut start = start;
    if line == 0 && text.starts_with('\u{feff}') {
        // A byte-order mark is not a column.
        start = '\u{feff}'.len_utf8().min(offset);
    }
    text.get(start..offset).map_or(0, |s| s.chars().count())
}

/// The `Source` of a 0-based line and column.
fn source_at(file: &Arc<str>, line: usize, column: usize) -> Source {
    Source::new(
        file.clone(),
        u32::try_from(line + 1).unwrap_or(u32::MAX),
        u32::try_from(column + 1).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_columns() {
        let idx = LineIndex::new("a.mcauth", "use p;\n  grant x;\n");
        assert_eq!(idx.source(0).to_string(), "a.mcauth:1:1");
        assert_eq!(idx.source(4).to_string(), "a.mcauth:1:5");
        assert_eq!(idx.source(9).to_string(), "a.mcauth:2:3");
        assert_eq!(idx.source(999).to_string(), "a.mcauth:3:1");
        let bom = LineIndex::new("b.mcauth", "\u{feff}use p;");
        assert_eq!(bom.source(3).to_string(), "b.mcauth:1:1");
        assert_eq!(bom.source(7).to_string(), "b.mcauth:1:5");
    }

    /// The line and column of `offset`, worked out from the start of the text.
    fn counted(text: &str, offset: usize) -> (u32, u32) {
        let before = text.as_bytes().get(..offset.min(text.len())).unwrap_or(&[]);
        let line = before.iter().filter(|&&b| b == b'\n').count();
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = match text.get(start..before.len()) {
            Some(s) if start == 0 => s.strip_prefix('\u{feff}').unwrap_or(s).chars().count(),
            Some(s) => s.chars().count(),
            None => 0,
        };
        (line as u32 + 1, column as u32 + 1)
    }

    /// The index agrees with counting from the start at every offset, asked in any order.
    #[test]
    fn positions_agree_with_counting_in_any_order() {
        let texts = [
            "use p;\n  grant x;\n",
            "\u{feff}use p;\n表名 x;\r\n\n-- c\nlast",
            "\u{feff}",
            "",
            "a\n\n\nb",
            "one long line without a newline",
        ];
        for text in texts {
            let n = text.len() + 2;
            let forward: Vec<usize> = (0..n).collect();
            let backward: Vec<usize> = (0..n).rev().collect();
            // A fixed shuffle: jumps forward and back.
            let shuffled: Vec<usize> = (0..n).map(|i| (i * 7 + 3) % n).collect();
            for order in [forward, backward, shuffled] {
                let index = LineIndex::new("f", text);
                for &offset in &order {
                    let s = index.source(offset);
                    assert_eq!(
                        (s.line, s.column),
                        counted(text, offset),
                        "{text:?} at {offset}"
                    );
                }
            }
        }
    }
}
