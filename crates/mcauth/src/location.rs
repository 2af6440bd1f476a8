//! Where a piece of configuration came from: `file:line:column`.

use serde::{Deserialize, Serialize};
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
    #[serde(deserialize_with = "crate::model::intern::deserialize_str")]
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

/// Maps byte offsets of one file's text to 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    file: Arc<str>,
    line_starts: Vec<usize>,
    text: Arc<str>,
}

impl LineIndex {
    /// Index `text`, which was read from `file`.
    pub fn new(file: impl Into<Arc<str>>, text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            file: file.into(),
            line_starts,
            text: Arc::from(text),
        }
    }

    /// The file name.
    pub fn file(&self) -> &Arc<str> {
        &self.file
    }

    /// The `Source` of byte offset `offset` (clamped to the text).
    pub fn source(&self, offset: usize) -> Source {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let mut start = self.line_starts.get(line).copied().unwrap_or(0);
        if line == 0 && self.text.starts_with('\u{feff}') {
            // A byte-order mark is not a column.
            start = '\u{feff}'.len_utf8().min(offset);
        }
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        Source::new(
            self.file.clone(),
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(column + 1).unwrap_or(u32::MAX),
        )
    }
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
}
