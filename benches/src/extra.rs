//! What a part of the workload beyond the core adds: statements for each core project, and
//! its cases with the decision each should get.

use crate::case::Case;

/// Statements per core project and the cases they make.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// Per core project (by number): statements to append to its part of the script.
    pub statements: Vec<String>,
    /// Requests with whether each should be allowed.
    pub cases: Vec<(Case, bool)>,
}

impl Extra {
    /// No statements yet for `projects` projects.
    pub fn new(projects: usize) -> Extra {
        Extra {
            statements: vec![String::new(); projects],
            cases: Vec::new(),
        }
    }
}

/// How many extra tables of one kind a project of `grants` core grants gets: one per thousand
/// grants, at least two.
pub fn tables_for(grants: usize) -> u32 {
    (grants / 1_000).max(2) as u32
}
