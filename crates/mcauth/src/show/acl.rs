//! `show acl for <object> [on type <type>]` (`spec/acl-policy.md` §5, E10).

use super::grants::grant_path;
use crate::action::ObjectType;
use crate::glob::glob;
use crate::model::{BuiltinRole, GranteeKind, Project};
use indexmap::IndexMap;

/// The Implicit and ACL sections for one object.
pub(super) fn show_acl(p: &Project, ty: ObjectType, name: &str) -> String {
    let mut out = String::from("Authorization Type: Implicit\n");
    out.push_str(&format!("AG\tproject_owner/{}: All\n", p.owner.display));
    out.push_str(&format!("AG\tadmin/{}: All\n", p.owner.display));
    for m in p
        .users
        .values()
        .filter(|m| m.roles.contains_key(BuiltinRole::Admin.key()))
    {
        out.push_str(&format!("AG\tadmin/{}: All\n", m.principal.display));
    }
    if let Some(c) = p.creator_of(ty, name) {
        let flags = super::creator_flags(p);
        if !flags.is_empty() {
            out.push_str(&format!("{flags}\tobject_creator/{}: All\n", c.display));
        }
    }
    let mut lines: IndexMap<(String, String), Vec<String>> = IndexMap::new();
    let hits = p.acl.iter().filter(|g| {
        g.object_type == ty && (*g.object == *name || (g.is_pattern() && glob(&g.object, name)))
    });
    for g in hits {
        let who = match g.grantee.kind {
            GranteeKind::User => format!("user/{}", g.grantee.name),
            GranteeKind::Role => format!("role/{}", g.grantee.name),
        };
        let path = grant_path(p, g);
        let resource = if ty == ObjectType::Project {
            path
        } else {
            format!("acs:odps:*:{path}")
        };
        let flags = if g.conditions.is_some() { "AC" } else { "A" };
        let actions = lines
            .entry((flags.to_string(), format!("{who}({resource})")))
            .or_default();
        let a = g.action.to_string();
        if !actions.contains(&a) {
            actions.push(a);
        }
    }
    if !lines.is_empty() {
        out.push_str("Authorization Type: ACL\n");
        for ((flags, head), actions) in lines {
            out.push_str(&format!("{flags}\t{head}: {}\n", actions.join(" | ")));
        }
    }
    out
}
