//! Deciding a plain request from the [`FastPath`] index: a few hash lookups and binary
//! searches, no allocation.

use super::fast::{bit, FastPath};
use super::names::Words;
use crate::action::{Action, ObjectType};
use crate::request::{Identity, Request};

impl FastPath {
    /// The verdict on `req` if the index can give it; `None`: ask the pipeline.
    pub(crate) fn verdict(&self, req: &Request) -> Option<bool> {
        let object = req.object();
        if object.object_type != ObjectType::Table || !req.is_plain() {
            return None;
        }
        let action = req.action();
        if action == Action::Download {
            return None;
        }
        let wanted = bit(action)?;
        let project = self.projects.get(req.project())?;
        let (member, roles) = match req.identity() {
            Identity::Principal(text) => project.members.get(text.as_str())?,
            Identity::AccessKey(id) => project.access_keys.get(id.as_str())?,
            Identity::Sts(_) => return None,
        };
        let number = member.grantee;
        let (table, grants) = project.tables.get(object.name.as_str())?;
        if table.slow || table.creator == Some(number) || table.policy_actions & wanted != 0 {
            return None;
        }
        if project.status_allows & wanted == 0 {
            return Some(false);
        }
        let mut accepted = wanted;
        if ObjectType::Table.all_covers(action) {
            accepted |= bit(Action::All)?;
        }
        let accepted = u32::from(accepted);
        let granted = |grantee: u32| mask_of(grants, grantee).is_some_and(|m| m & accepted != 0);
        let allowed =
            granted(number) || (0..roles.len()).any(|i| roles.get(i).is_some_and(granted));
        // A table job needs CreateInstance on the project as well (the prerequisite).
        Some(allowed && (!runs_job(action) || member.create_instance))
    }
}

/// The action mask granted to `grantee` in a table's `grantee, mask` pairs (sorted by
/// grantee): a binary search.
fn mask_of(grants: Words<'_>, grantee: u32) -> Option<u32> {
    let (mut lo, mut hi) = (0, grants.len() / 2);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match grants.get(2 * mid)?.cmp(&grantee) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return grants.get(2 * mid + 1),
        }
    }
    None
}

/// Whether a table action runs a job and so needs `CreateInstance`.
fn runs_job(action: Action) -> bool {
    crate::pipeline::permission::prerequisite::needs_create_instance(
        &crate::pipeline::permission::access::Ask {
            action,
            object_type: ObjectType::Table,
            name: "",
            columns: &[],
        },
    )
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;
    use crate::compile::PolicyProjects;
    use crate::engine::EngineOptions;
    use crate::{Engine, Model};

    const SCRIPT: &str = "
        create project p owner ALIYUN$owner@example.com;
        use p;
        add user ALIYUN$alice@example.com;
        add user ALIYUN$bob@example.com;
        create role r;
        grant r to ALIYUN$bob@example.com;
        create table t (a bigint);
        create table u (a bigint);
        grant CreateInstance on project p to user ALIYUN$alice@example.com;
        grant Select on table t to user ALIYUN$alice@example.com;
        grant Describe on table u to role r;
        grant Select on table u(a) to user ALIYUN$alice@example.com;
        grant Drop on table t to role r privilegeproperties(\"policy\"=\"true\", \"allow\"=\"false\");
        create project q owner ALIYUN$owner@example.com;
        use q;
        set LabelSecurity=true;
        add user ALIYUN$alice@example.com;
        create table t (a bigint);
        create table secret (a bigint);
        set label 2 to table secret(a);
        grant Describe on table t to user ALIYUN$alice@example.com;
        grant Describe on table secret to user ALIYUN$alice@example.com;
    ";

    fn verdict(engine: &Engine, json: &str) -> Option<bool> {
        let req = Request::from_json(json).unwrap_or_else(|e| panic!("{e}"));
        FastPath::of(
            engine.model(),
            EngineOptions::default(),
            &PolicyProjects::of(engine.model()),
        )
        .verdict(&req)
    }

    #[test]
    fn mask_of_finds_each_grantee_by_binary_search() {
        let pairs: Vec<u32> = [(1u32, 0b1u32), (4, 0b10), (9, 0b100), (12, 0b1000), (30, 0)]
            .iter()
            .flat_map(|&(g, m)| [g, m])
            .collect();
        let names = super::super::names::Names::build([("t", 0u8, pairs)])
            .unwrap_or_else(|| panic!("built"));
        let (_, grants) = names.get("t").unwrap_or_else(|| panic!("found"));
        for (grantee, want) in [
            (1, Some(0b1)),
            (4, Some(0b10)),
            (9, Some(0b100)),
            (12, Some(0b1000)),
            (30, Some(0)),
            (0, None),
            (5, None),
            (31, None),
        ] {
            assert_eq!(mask_of(grants, grantee), want, "grantee {grantee}");
        }
        let (_, none) = names
            .get("t")
            .map(|(v, _)| (v, Words::empty()))
            .unwrap_or_else(|| panic!("found"));
        assert_eq!(mask_of(none, 1), None);
    }

    #[test]
    fn plain_requests_are_decided_here_and_the_rest_is_not() {
        let model = Model::from_script_str("v.mcauth", SCRIPT).unwrap_or_else(|e| panic!("{e}"));
        let engine = Engine::new(model).unwrap_or_else(|e| panic!("{e}"));
        let ask = |who: &str, project: &str, action: &str, table: &str| {
            format!(
                r#"{{"principal":"{who}","project":"{project}","action":"{action}","object":{{"type":"table","name":"{table}"}}}}"#
            )
        };
        let alice = "ALIYUN$alice@example.com";
        let bob = "ALIYUN$bob@example.com";
        for (json, want) in [
            (ask(alice, "p", "Select", "t"), Some(true)),
            (ask(alice, "p", "Update", "t"), Some(false)),
            (ask(alice, "p", "Drop", "t"), None), // a policy names Drop
            (ask(bob, "p", "Describe", "u"), None), // u carries a column grant
            (ask(bob, "p", "Describe", "t"), Some(false)),
            (ask(alice, "q", "Describe", "t"), Some(true)), // LabelSecurity, no label
            (ask(alice, "q", "Describe", "secret"), None),  // a labelled column
            (ask("ALIYUN$owner@example.com", "p", "Select", "t"), None),
            (ask("ALIYUN$nobody@example.com", "p", "Select", "t"), None),
        ] {
            assert_eq!(verdict(&engine, &json), want, "{json}");
        }
    }
}
