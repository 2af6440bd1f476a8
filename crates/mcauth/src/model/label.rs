//! LabelSecurity data (`spec/principals-labels-packages.md` §3): the sensitivity of tables and
//! columns, the access levels of users and roles, and explicit label grants.

use super::acl::Grantee;
use super::Map;
use crate::location::Source;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The highest label level (levels run from 0 to 9).
pub const MAX_LEVEL: u8 = 9;

/// A label level and the statement that set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// 0–9.
    pub level: u8,
    /// The `set label` statement.
    pub source: Source,
}

/// The sensitivity of one table or view: its own label and its columns' labels, which
/// override the table's whatever the order they were set in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableLabels {
    /// `set label <n> to table <t>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Level>,
    /// `set label <n> to table <t>(<c>)`, by lower-case column name.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub columns: Map<String, Level>,
}

impl TableLabels {
    /// The sensitivity of a column (lower case) and the statement that set it; `None` when
    /// neither the column nor the table is labelled (level 0).
    pub fn of(&self, column: &str) -> Option<&Level> {
        self.columns.get(column).or(self.table.as_ref())
    }

    /// The highest sensitivity anywhere in the table.
    pub fn max(&self) -> u8 {
        self.columns
            .values()
            .chain(&self.table)
            .map(|l| l.level)
            .max()
            .unwrap_or(0)
    }
}

/// An explicit label grant (`grant label <n> on table <t>[(<c>)] to ...`): lifts the grantee's
/// level on the table, or on one column, until it expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelGrant {
    /// Who holds it.
    pub grantee: Grantee,
    /// The column (lower case) for a column grant; `None` for the whole table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The level granted.
    pub level: u8,
    /// When it stops counting (`with exp <days>`, default 180 days, from the grant's clock).
    pub expires: Timestamp,
    /// The `grant label` statement.
    pub source: Source,
}

/// Label grants by lower-case table name.
pub type LabelGrants = Map<String, Vec<LabelGrant>>;

/// A project's LabelSecurity data. The switch itself is `SecurityFlags::label_security`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    /// Table and column sensitivity, by lower-case table name.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub tables: Map<String, TableLabels>,
    /// Users' access levels, by principal key (kept when the user is removed).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub users: Map<String, Level>,
    /// Roles' access levels, by role key.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub roles: Map<String, Level>,
    /// Explicit grants, by lower-case table name.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub grants: LabelGrants,
}

impl Labels {
    /// Whether nothing is labelled or granted.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
            && self.users.is_empty()
            && self.roles.is_empty()
            && self.grants.is_empty()
    }
}
