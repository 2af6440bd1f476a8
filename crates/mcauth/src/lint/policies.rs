//! Policy statements that allow `odps:*` on `*`: every action on everything in the project.
//! `docs/semantics.md` LT7.

use super::statements::{Scope, Stmt};
use super::{Code, Finding};
use crate::action::Action;
use crate::decision::Effect;
use crate::model::Project;

/// `odps-all-to-everyone` and `odps-all-on-all`: an Allow statement whose actions name every
/// action (`odps:*`, `*`) on a resource that names everything in the project (`*`,
/// `acs:odps:*:projects/*`, `acs:odps:*:projects/<p>/*`). To everyone (`Principal` `*`) it is an
/// error; to named principals or a role's holders, a warning.
pub(super) fn lint(project: &Project, statements: &[Stmt<'_>], out: &mut Vec<Finding>) {
    let own = format!("projects/{}/*", project.name.to_ascii_lowercase());
    for st in statements.iter().filter(|st| st.s.effect == Effect::Allow) {
        if !Action::EVERY.iter().all(|a| st.s.matches_action(*a)) {
            continue;
        }
        let Some(resource) =
            st.s.resources
                .iter()
                .find(|r| *r == "*" || *r == "projects/*" || **r == own)
        else {
            continue;
        };
        let (code, whom) = if st.names_everyone() {
            (
                Code::OdpsAllToEveryone,
                format!("every user of project {}", project.name),
            )
        } else {
            let whom = match st.scope {
                Scope::RolePolicy(_, r) | Scope::RoleGrant(_, r) => {
                    format!("the holders of role {}", r.name)
                }
                Scope::Project(_) | Scope::Exception(_) => {
                    let names: Vec<&str> =
                        st.s.principals.iter().map(|p| p.name.as_str()).collect();
                    names.join(", ")
                }
            };
            (Code::OdpsAllOnAll, whom)
        };
        let what = match st.scope {
            Scope::Exception(_) => "lets data out of the protected project for every action on",
            _ => "allows every action on",
        };
        out.push(Finding::new(
            code,
            Some(&st.s.source),
            format!(
                "{} statement `{}` {what} `{resource}` to {whom}",
                st.scope, st.s
            ),
        ));
    }
}
