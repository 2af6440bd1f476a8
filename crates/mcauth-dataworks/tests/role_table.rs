//! Seed 003's role table, row by row: the typed data of `roles.rs` against the seed's own
//! wording (`seed-003-dataworks.txt` is the seed's section, verbatim). Each row's cells must
//! appear in the seed, and the permissions must be what an independent reading of the cell
//! gives.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use mcauth::{Action, ObjectType};
use mcauth_dataworks::roles::{self, TABLE};
use mcauth_dataworks::{DataWorksRole, Permissions};
use std::collections::BTreeSet;

const SEED: &str = include_str!("seed-003-dataworks.txt");

/// What a cell of the table says, read from its words.
#[derive(Debug, PartialEq, Eq)]
enum Reading {
    None,
    All,
    Grants(BTreeSet<(String, String)>),
}

/// Read a cell: "no permissions by default" or "this role has no permissions" → none; the owner's, Super_Administrator's and
/// Admin's "all permissions" → all; otherwise the objects after "all permissions" get every
/// action, "read … packages" gives package Read, "Read/Describe … tables" gives table
/// Describe and Select (docs/semantics.md D2), and named actions are taken as written.
fn read(cell: &str) -> Reading {
    let lower = cell.to_ascii_lowercase();
    if lower.contains("no permissions by default") || lower.contains("this role has no permissions")
    {
        return Reading::None;
    }
    if lower == "has all permissions."
        || lower.contains("all permissions on the project")
        || lower.contains("all permissions on all resource types")
        || lower.contains("fixed set of permissions")
    {
        return Reading::All;
    }
    let mut grants = BTreeSet::new();
    let mut add = |object: &str, action: &str| {
        grants.insert((object.to_string(), action.to_string()));
    };
    if let Some(start) = lower.find("all permissions") {
        let rest = &lower[start..];
        let end = rest.find("in the current project").unwrap();
        let objects = &rest[..end];
        for (word, object) in [
            ("project", "project"),
            ("table", "table"),
            ("function", "function"),
            ("resource", "resource"),
            ("instance", "instance"),
        ] {
            if objects.contains(word) {
                add(object, "All");
            }
        }
    }
    if lower.contains("read permission on packages") || lower.contains("package's read permission")
    {
        add("package", "Read");
    }
    if lower.contains("read/describe permissions on tables") {
        add("table", "Describe");
        add("table", "Select");
    }
    for action in ["CreateInstance", "CreateTable"] {
        if cell.contains(action) {
            add("project", action);
        }
    }
    assert!(!grants.is_empty(), "a cell nobody can read: {cell}");
    Reading::Grants(grants)
}

fn typed(p: Permissions) -> Reading {
    match p {
        Permissions::NoneByDefault => Reading::None,
        Permissions::AllAsBuiltin => Reading::All,
        Permissions::Grants(gs) => Reading::Grants(
            gs.iter()
                .flat_map(|g| {
                    g.actions
                        .iter()
                        .map(|a| (g.object.as_str().to_string(), a.as_str().to_string()))
                })
                .collect(),
        ),
    }
}

#[test]
fn every_cell_is_the_seeds_wording() {
    assert_eq!(TABLE.len(), 13, "thirteen rows in seed 003's table");
    for row in TABLE {
        for cell in [row.maxcompute, row.seed_dev, row.seed_prod] {
            assert!(
                SEED.contains(cell),
                "{}: `{cell}` is not in the seed",
                row.maxcompute
            );
        }
        if row.dataworks != "N/A" {
            assert!(SEED.contains(row.dataworks), "{}", row.dataworks);
        }
    }
}

#[test]
fn every_rows_permissions_are_what_its_cells_say() {
    for row in TABLE {
        assert_eq!(
            typed(row.dev),
            read(row.seed_dev),
            "{} (development)",
            row.maxcompute
        );
        assert_eq!(
            typed(row.prod),
            read(row.seed_prod),
            "{} (production)",
            row.maxcompute
        );
    }
}

#[test]
fn the_seeds_examples_hold() {
    // Issue 7's examples: O&M all on project, function, resource, instance (jobs), Read on
    // packages, Read/Describe on tables; Data Analyst CreateInstance and CreateTable.
    let pe = typed(roles::O_AND_M.dev);
    let Reading::Grants(pe) = pe else { panic!() };
    assert!(pe.contains(&("table".into(), "Describe".into())));
    assert!(!pe.contains(&("table".into(), "All".into())));
    let analyst = typed(roles::DATA_ANALYST.dev);
    assert_eq!(
        analyst,
        Reading::Grants(
            [("project", "CreateInstance"), ("project", "CreateTable")]
                .map(|(o, a)| (o.to_string(), a.to_string()))
                .into()
        )
    );
    // Every DataWorks role: no permissions by default in production.
    for role in DataWorksRole::ALL {
        assert_eq!(role.row().prod, Permissions::NoneByDefault, "{role:?}");
    }
    // The scheduler: nothing in development, the engine's permissions in production.
    assert_eq!(roles::SCHEDULER.dev, Permissions::NoneByDefault);
    assert!(roles::SCHEDULER
        .prod
        .grants()
        .iter()
        .any(|g| g.object == ObjectType::Table && g.actions == [Action::All]));
}

#[test]
fn roles_are_found_by_dataworks_name_and_by_maxcompute_role() {
    for role in DataWorksRole::ALL {
        let row = role.row();
        assert_eq!(DataWorksRole::from_name(row.dataworks), Some(role));
        assert_eq!(DataWorksRole::from_name(&row.script_name()), Some(role));
        assert_eq!(
            DataWorksRole::from_name(&row.dataworks.to_uppercase()),
            Some(role)
        );
    }
    for not_a_workspace_role in ["Project Owner", "Admin", "Super_Administrator", "Owner", ""] {
        assert_eq!(DataWorksRole::from_name(not_a_workspace_role), None);
    }
}
