//! Tables, views, functions and resources of a project.

use super::intern;
use crate::location::Source;
use crate::principal::Principal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// A column. Its name and type are shared with the columns of other tables that read the
/// same (a load shares them, see `model::intern`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Name as written.
    #[serde(deserialize_with = "intern::deserialize_str")]
    pub name: Arc<str>,
    /// Type as written.
    #[serde(rename = "type", deserialize_with = "intern::deserialize_str")]
    pub data_type: Arc<str>,
}

/// A view's definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewDef {
    /// The query text.
    pub query: String,
    /// Tables (and views) the query reads, lower case, possibly `project.table`.
    pub base_tables: Vec<String>,
}

/// A table or view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Name as written.
    pub name: String,
    /// Data columns (for a view: its output columns, when known).
    #[serde(deserialize_with = "intern::deserialize_exact")]
    pub columns: Vec<Column>,
    /// Partition columns.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "intern::deserialize_exact"
    )]
    pub partition_columns: Vec<Column>,
    /// Set for a view (boxed: most tables are not views).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<Box<ViewDef>>,
    /// Who created it: the issuer of the `create` statement, the object's owner (one copy
    /// shared by the objects of an issuer).
    #[serde(deserialize_with = "intern::deserialize")]
    pub creator: Arc<Principal>,
    /// The `create` statement.
    pub source: Source,
}

impl Table {
    /// Whether a column (any case) exists, data or partition.
    pub fn has_column(&self, name: &str) -> bool {
        self.all_columns()
            .any(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// Data columns then partition columns.
    pub fn all_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().chain(&self.partition_columns)
    }

    /// The columns a request on this table touches: those it names (`requested`, lower case),
    /// else every column, data then partition columns, in lower case.
    ///
    /// ```
    /// let m = mcauth::Model::from_script_str("t.mcauth",
    ///     "create project p owner ALIYUN$o@example.com; use p; \
    ///      create table t (Id bigint, name string) partitioned by (ds string);").unwrap();
    /// let t = &m.projects["p"].tables["t"];
    /// assert_eq!(*t.touched(&[]), ["id", "name", "ds"]);
    /// assert_eq!(*t.touched_data(&[]), ["id", "name"]);
    /// assert_eq!(*t.touched(&["name".to_string()]), ["name"]);
    /// ```
    pub fn touched<'c>(&self, requested: &'c [String]) -> Cow<'c, [String]> {
        or_every(requested, self.all_columns())
    }

    /// The columns a request on this table touches as `select *` counts them: those it names
    /// (`requested`, lower case), else every data column in lower case (partition columns
    /// only when named).
    pub fn touched_data<'c>(&self, requested: &'c [String]) -> Cow<'c, [String]> {
        or_every(requested, self.columns.iter())
    }

    /// "table" or "view".
    pub fn kind_word(&self) -> &'static str {
        if self.view.is_some() {
            "view"
        } else {
            "table"
        }
    }
}

/// `requested` when it names any column, else the lower-case names of `every`.
fn or_every<'c, 't>(
    requested: &'c [String],
    every: impl Iterator<Item = &'t Column>,
) -> Cow<'c, [String]> {
    if requested.is_empty() {
        Cow::Owned(every.map(|c| c.name.to_ascii_lowercase()).collect())
    } else {
        Cow::Borrowed(requested)
    }
}

/// The kind of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    /// `add jar`
    Jar,
    /// `add file`
    File,
    /// `add py`
    Py,
    /// `add archive`
    Archive,
}

/// A resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    /// Name as written.
    pub name: String,
    /// Kind.
    pub kind: ResourceKind,
    /// Who added it.
    pub creator: Principal,
    /// The `add` statement.
    pub source: Source,
}

/// A user-defined function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    /// Name as written.
    pub name: String,
    /// Implementing class.
    pub class: String,
    /// Resources it uses (lower case).
    pub resources: Vec<String>,
    /// Who created it: the issuer of the `create` statement, the object's owner.
    pub creator: Principal,
    /// The `create function` statement.
    pub source: Source,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    /// A table read from a snapshot holds its column lists with no spare room, partition
    /// columns included (a list read from JSON grows by doubling).
    #[test]
    fn column_lists_read_back_without_spare_room() {
        let m = crate::Model::from_script_str(
            "t.mcauth",
            "create project p owner ALIYUN$o@example.com; use p; \
             create table t (a bigint) partitioned by (ds string);",
        )
        .unwrap();
        let back = crate::Model::from_snapshot_str("t.json", &m.to_snapshot_json()).unwrap();
        let t = &back.projects["p"].tables["t"];
        assert_eq!(t.columns.capacity(), 1);
        assert_eq!(t.partition_columns.capacity(), 1);
        assert_eq!(*t.partition_columns[0].name, *"ds");
    }
}
