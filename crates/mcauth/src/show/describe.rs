//! `describe <table>` (`spec/principals-labels-packages.md` §3.2, E7): the table's owner,
//! its LabelSecurity labels and its columns. Labels print whether LabelSecurity is on or not:
//! `TableLabel` is the table's own label, `MaxLabel` the highest label on the table or any
//! column, and each data column's `Label` its sensitivity (its own label, else the table's,
//! else 0). Partition columns carry no label.

use super::table::BoxTable;
use crate::model::{Project, Table};

/// The description of `t` (key `key`) in `p`.
pub(super) fn describe_table(p: &Project, key: &str, t: &Table) -> String {
    let labels = p.labels.tables.get(key);
    let own = labels.and_then(|l| l.table.as_ref()).map_or(0, |l| l.level);
    let max = labels.map_or(0, |l| l.max());
    let mut out = format!(
        "Owner: {}\nProject: {}\nTableName: {}\nType: {}\nTableLabel: {own}\nMaxLabel: L{max}\n",
        t.creator.display,
        p.name,
        t.name,
        t.kind_word()
    );
    let mut native = BoxTable::new(&["Field", "Type", "Label"]);
    for c in &t.columns {
        let sens = labels
            .and_then(|l| l.of(&c.name.to_ascii_lowercase()))
            .map_or(0, |l| l.level);
        native.row(vec![
            c.name.to_string(),
            c.data_type.to_string(),
            sens.to_string(),
        ]);
    }
    out.push_str("Native Columns:\n");
    out.push_str(&native.render());
    if !t.partition_columns.is_empty() {
        let mut parts = BoxTable::new(&["Field", "Type"]);
        for c in &t.partition_columns {
            parts.row(vec![c.name.to_string(), c.data_type.to_string()]);
        }
        out.push_str("Partition Columns:\n");
        out.push_str(&parts.render());
    }
    out
}
