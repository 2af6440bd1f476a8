//! The bordered tables the MaxCompute client prints (`describe package`, `show label grants`):
//!
//! ```text
//! +-------------+--------------+
//! | ProjectName | UserLabel    |
//! +-------------+--------------+
//! | prj2        | 0            |
//! +-------------+--------------+
//! ```

/// A table being built: a header row and data rows, each cell left-aligned and padded to its
/// column's widest cell.
#[derive(Debug, Clone)]
pub(super) struct BoxTable {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Draw a rule under every row, as `describe package` does.
    ruled: bool,
}

impl BoxTable {
    /// A table with these column titles.
    pub(super) fn new(header: &[&str]) -> BoxTable {
        BoxTable {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            ruled: false,
        }
    }

    /// Draw a rule under every data row.
    pub(super) fn ruled(mut self) -> BoxTable {
        self.ruled = true;
        self
    }

    /// Add a row (missing cells print empty, extra cells are dropped).
    pub(super) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table's text, every line ending in `\n`.
    pub(super) fn render(&self) -> String {
        let widths: Vec<usize> = self
            .header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| c.chars().count())
                    .chain(std::iter::once(h.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let rule: String = widths
            .iter()
            .map(|w| format!("+{}", "-".repeat(w + 2)))
            .collect::<String>()
            + "+\n";
        let line = |cells: &[String]| -> String {
            widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let c = cells.get(i).map_or("", String::as_str);
                    let pad = w.saturating_sub(c.chars().count());
                    format!("| {c}{} ", " ".repeat(pad))
                })
                .collect::<String>()
                + "|\n"
        };
        let mut out = rule.clone();
        out.push_str(&line(&self.header));
        out.push_str(&rule);
        for r in &self.rows {
            out.push_str(&line(r));
            if self.ruled {
                out.push_str(&rule);
            }
        }
        if !self.ruled && !self.rows.is_empty() {
            out.push_str(&rule);
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_the_widest_cell() {
        let mut t = BoxTable::new(&["Column", "GrantedLabel"]);
        t.row(vec!["total_price".into(), "3".into()]);
        assert_eq!(
            t.render(),
            "+-------------+--------------+\n\
             | Column      | GrantedLabel |\n\
             +-------------+--------------+\n\
             | total_price | 3            |\n\
             +-------------+--------------+\n"
        );
    }

    #[test]
    fn ruled_and_empty() {
        let mut t = BoxTable::new(&["A"]).ruled();
        assert_eq!(t.render(), "+---+\n| A |\n+---+\n");
        t.row(vec!["x".into()]);
        t.row(vec!["y".into()]);
        assert_eq!(
            t.render(),
            "+---+\n| A |\n+---+\n| x |\n+---+\n| y |\n+---+\n"
        );
    }
}
