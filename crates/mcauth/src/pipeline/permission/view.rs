//! Views run with their owner's rights (`spec/principals-labels-packages.md` §3.4, FAQ E18):
//! reading a view needs `Select` on the view for the caller (checked before this step) and
//! `Select` on every base table for the view's owner, its creator; otherwise "the view is
//! unavailable". Base tables that are views are checked the same way, for their own owners;
//! each table once per request. The owner's labels must clear what the view reads of each base
//! table (`spec/principals-labels-packages.md` §3.4, Recommended: the view's own label is the
//! caller's concern, the base tables' labels the owner's). A base table in a protected project
//! must let the data out to the caller's job ([`protection`](super::protection)).

use super::access::{self, Ask};
use super::package;
use super::{Caller, Env};
use crate::action::{Action, ObjectType};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{Model, Project};
use crate::pipeline::{membership, Denial, Trace};
use crate::principal::Principal;

/// How deep views of views may nest before the chain is refused.
const MAX_DEPTH: usize = 16;

/// What stays the same while walking one request's views.
struct Walk<'a> {
    model: &'a Model,
    job_project: &'a Project,
    /// The source project of a package the caller reads the view through: its data is shared
    /// with the job, so its protection does not apply (PLP §5).
    shared: Option<&'a Project>,
    caller: &'a Principal,
    env: &'a Env<'a>,
    /// The views walked so far: their project and name.
    seen: Vec<(*const Project, String)>,
    reasons: Vec<Reason>,
}

/// The reasons the owner of view `name` in `home` may read every base table, or why the view
/// is unavailable. A table that is not a view needs nothing. `shared` is the package source
/// the caller reached the view through, if it did.
#[allow(clippy::too_many_arguments)]
pub(crate) fn definer_rights(
    model: &Model,
    job_project: &Project,
    shared: Option<&Project>,
    caller: &Principal,
    home: &Project,
    name: &str,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    let mut w = Walk {
        model,
        job_project,
        shared,
        caller,
        env,
        seen: Vec::new(),
        reasons: Vec::new(),
    };
    walk(&mut w, home, name, trace, 0)?;
    Ok(w.reasons)
}

/// The columns of base table `name` in `project` that a view's query reads.
fn view_columns(query: &str, project: &Project, name: &str) -> Vec<String> {
    project
        .tables
        .get(name)
        .map(|t| super::label::view_columns(query, t))
        .unwrap_or_default()
}

fn walk(
    w: &mut Walk<'_>,
    home: &Project,
    name: &str,
    trace: &mut Trace,
    depth: usize,
) -> Result<(), Denial> {
    let Some(table) = home.tables.get(name) else {
        return Ok(());
    };
    let Some(view) = &table.view else {
        return Ok(());
    };
    // Each view once per request (a table that is not a view needs nothing anyway).
    let here: *const Project = home;
    if w.seen.iter().any(|(p, n)| *p == here && n == name) {
        return Ok(());
    }
    w.seen.push((here, name.to_string()));
    let owner = &table.creator;
    // The owner as a user of the view's project: for its base tables there, and as the job
    // project's user on the package path to another project's.
    let owner_home = Caller::of(home, owner);
    let unavailable = |why: String| {
        Denial::new(
            "4019",
            format!("view {}.{} is unavailable: {why}", home.name, table.name),
        )
        .because(Reason::new(
            ReasonKind::Object,
            Effect::Deny,
            Some(&table.source),
            format!("view {} is owned by {owner}", table.name),
        ))
    };
    if depth >= MAX_DEPTH {
        return Err(unavailable("views nest too deeply".into()));
    }
    trace.note(|| {
        (
            format!(
                "view {}: its owner {owner} must read every base table",
                table.name
            ),
            Some(&table.source),
        )
    });
    for base in &view.base_tables {
        let (project_name, base_name) = match base.split_once('.') {
            Some((p, t)) => (p, t),
            None => (home.name.as_str(), base.as_str()),
        };
        let Some(project) = w.model.project(project_name) else {
            return Err(unavailable(format!(
                "project `{project_name}` of base table `{base}` does not exist"
            )));
        };
        if !project.tables.contains_key(base_name) {
            return Err(unavailable(format!("base table `{base}` no longer exists")));
        }
        let ask = Ask {
            action: Action::Select,
            object_type: ObjectType::Table,
            name: base_name,
            columns: &[],
        };
        // What the view reads of the base table: for the package path and the owner's labels.
        let touched = view_columns(&view.query, project, base_name);
        let read = Ask {
            columns: &touched,
            ..ask
        };
        // A base table of another project: through a package installed in the view's project,
        // else as a user of that project.
        if !std::ptr::eq(project, home) {
            match package::reach(home, project, owner_home, read, w.env, trace) {
                package::Path::Allowed(granted) => {
                    w.reasons.extend(granted);
                    walk(w, project, base_name, trace, depth + 1)?;
                    continue;
                }
                package::Path::Denied(d) if !membership::listed(project, owner) => {
                    return Err(unavailable(format!("its owner {owner}: {}", d.message)));
                }
                _ => {}
            }
        }
        let owner_there = if std::ptr::eq(project, home) {
            owner_home
        } else {
            Caller {
                principal: owner,
                member: membership::is_member(project, owner, trace)
                    .map_err(|d| unavailable(format!("its owner {owner}: {}", d.message)))?,
            }
        };
        let granted = access::allow(project, owner_there, ask, w.env, trace).map_err(|d| {
            unavailable(format!(
                "its owner {owner} has no Select on base table `{base}`: {}",
                d.message
            ))
        })?;
        w.reasons.extend(granted);
        // The owner's labels in the base table's project: what the view reads of it.
        let cleared = super::label::check(
            project,
            owner_there,
            read,
            super::label::Clearance::Member,
            w.env,
            trace,
        )
        .map_err(|d| unavailable(format!("its owner {owner}: {}", d.message)))?;
        w.reasons.extend(cleared);
        if w.shared.is_some_and(|s| std::ptr::eq(s, project)) {
            trace.note(|| {
                (
                    format!(
                        "base table {base} is in {}, whose package the view was read through: \
                         protection does not apply",
                        project.name
                    ),
                    None,
                )
            });
        } else {
            let exempted =
                super::protection::outflow(project, w.job_project, w.caller, ask, w.env, trace)?;
            w.reasons.extend(exempted);
        }
        walk(w, project, base_name, trace, depth + 1)?;
    }
    Ok(())
}
