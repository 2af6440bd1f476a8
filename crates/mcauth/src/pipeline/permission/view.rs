//! Views run with their owner's rights (`spec/principals-labels-packages.md` §3.4, FAQ E18):
//! reading a view needs `Select` on the view for the caller (checked before this step) and
//! `Select` on every base table for the view's owner, its creator; otherwise "the view is
//! unavailable". Base tables that are views are checked the same way, for their own owners.

use super::access::{self, Ask};
use super::Env;
use crate::action::{Action, ObjectType};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{Model, Project};
use crate::pipeline::{membership, Denial, Trace};

/// How deep views of views may nest before the chain is refused.
const MAX_DEPTH: usize = 16;

/// The reasons the owner of view `name` in `home` may read every base table, or why the view
/// is unavailable. A table that is not a view needs nothing.
pub(crate) fn definer_rights(
    model: &Model,
    job_project: &Project,
    home: &Project,
    name: &str,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Result<Vec<Reason>, Denial> {
    let mut seen = Vec::new();
    let mut reasons = Vec::new();
    walk(
        model,
        job_project,
        home,
        name,
        env,
        trace,
        0,
        &mut seen,
        &mut reasons,
    )?;
    Ok(reasons)
}

/// Check one view, once: `seen` holds the (project, table) pairs already checked, so shared
/// base tables are checked once and the work stays linear in the number of distinct tables.
#[allow(clippy::too_many_arguments)]
fn walk(
    model: &Model,
    job_project: &Project,
    home: &Project,
    name: &str,
    env: &Env<'_>,
    trace: &mut Trace,
    depth: usize,
    seen: &mut Vec<(String, String)>,
    reasons: &mut Vec<Reason>,
) -> Result<(), Denial> {
    let key = (home.name.to_ascii_lowercase(), name.to_string());
    if seen.contains(&key) {
        return Ok(());
    }
    seen.push(key);
    let Some(table) = home.tables.get(name) else {
        return Ok(());
    };
    let Some(view) = &table.view else {
        return Ok(());
    };
    let owner = &table.creator;
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
        let Some(project) = model.project(project_name) else {
            return Err(unavailable(format!(
                "project `{project_name}` of base table `{base}` does not exist"
            )));
        };
        if !project.tables.contains_key(base_name) {
            return Err(unavailable(format!("base table `{base}` no longer exists")));
        }
        if !std::ptr::eq(project, home) {
            membership::is_member(project, owner, trace)
                .map_err(|d| unavailable(format!("its owner {owner}: {}", d.message)))?;
        }
        let ask = Ask {
            action: Action::Select,
            object_type: ObjectType::Table,
            name: base_name,
            columns: &[],
        };
        let granted = access::allow(project, owner, ask, env, trace).map_err(|d| {
            unavailable(format!(
                "its owner {owner} has no Select on base table `{base}`: {}",
                d.message
            ))
        })?;
        for r in granted {
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        }
        // The view's data comes from the base table: a protected base project must allow it.
        super::protection::outflow(project, job_project, ask, trace)?;
        walk(
            model,
            job_project,
            project,
            base_name,
            env,
            trace,
            depth + 1,
            seen,
            reasons,
        )?;
    }
    Ok(())
}
