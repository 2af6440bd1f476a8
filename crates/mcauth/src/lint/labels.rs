//! Data-protection settings that do not fit the data: LabelSecurity on with nothing labelled,
//! Download grants while download control is off, labelled tables in a project without
//! ProjectProtection. `docs/semantics.md` LT13–LT15.

use super::{by_statement, describe, Code, Finding};
use crate::action::Action;
use crate::decision::Effect;
use crate::location::Source;
use crate::model::{Project, Setting};

/// The settings lints of one project.
pub(super) fn lint(project: &Project, out: &mut Vec<Finding>) {
    label_security(project, out);
    download_control(project, out);
    protection(project, out);
}

/// Where a setting was set, else the project's declaration (it holds the documented default).
fn where_set<'p, T>(project: &'p Project, setting: &'p Setting<T>) -> &'p Source {
    setting.source.as_ref().unwrap_or(&project.source)
}

/// The labelled table (or view) with the highest sensitivity, and the statement that set it;
/// `None` when no table or column is labelled above 0 (level 0 is what unlabelled data has).
fn most_sensitive(project: &Project) -> Option<(&str, u8, &Source)> {
    project
        .labels
        .tables
        .iter()
        .filter_map(|(name, t)| {
            let top = t
                .columns
                .values()
                .chain(&t.table)
                .filter(|l| l.level > 0)
                .max_by_key(|l| l.level)?;
            let name = project
                .tables
                .get(name.as_str())
                .map_or(name.as_str(), |t| &t.name);
            Some((name, top.level, &top.source))
        })
        .max_by_key(|(_, level, _)| *level)
}

/// `label-security-without-labels`: LabelSecurity on, and no table or column labelled above 0,
/// so the switch protects nothing (every sensitivity is 0, and every level is at least 0).
fn label_security(project: &Project, out: &mut Vec<Finding>) {
    let flag = &project.flags.label_security;
    if flag.value && most_sensitive(project).is_none() {
        out.push(Finding::new(
            Code::LabelSecurityWithoutLabels,
            Some(where_set(project, flag)),
            format!(
                "LabelSecurity is on in project {}, but no table or column has a label above 0: \
                 it protects nothing",
                project.name
            ),
        ));
    }
}

/// `download-control-off`: Download grants (ACL grants, Allow GRANT-form entries) while
/// `odps.security.enabledownloadprivilege` is off: a Download then needs only what a read
/// needs (design §3), so the grants decide nothing and whoever may read may download.
fn download_control(project: &Project, out: &mut Vec<Finding>) {
    let flag = &project.flags.enable_download_privilege;
    if flag.value {
        return;
    }
    let state = match &flag.source {
        Some(src) => format!("turned off at {src}"),
        None => "off by default".to_string(),
    };
    let message = |what: String| {
        format!(
            "{what}: download control (odps.security.enabledownloadprivilege) is {state} in \
             project {}, so this grant decides nothing and a read permission alone allows \
             Download",
            project.name
        )
    };
    let acl = project.acl.iter().filter(|g| g.action == Action::Download);
    for (src, grants) in by_statement(acl) {
        out.push(Finding::new(
            Code::DownloadControlOff,
            Some(src),
            message(describe(&grants)),
        ));
    }
    for role in project.roles.values() {
        for g in role
            .policy_grants
            .iter()
            .filter(|g| g.action == Action::Download && g.statement.effect == Effect::Allow)
        {
            out.push(Finding::new(
                Code::DownloadControlOff,
                Some(&g.statement.source),
                message(format!("{g} to role {}", role.name)),
            ));
        }
    }
}

/// `unprotected-labelled-project`: ProjectProtection off in a project with a table or column
/// labelled above 0. Reported at the label of the highest sensitivity (the data at stake).
fn protection(project: &Project, out: &mut Vec<Finding>) {
    if project.flags.project_protection.value {
        return;
    }
    let Some((table, level, src)) = most_sensitive(project) else {
        return;
    };
    let state = match &project.flags.project_protection.source {
        Some(at) => format!("turned off at {at}"),
        None => "off by default".to_string(),
    };
    out.push(Finding::new(
        Code::UnprotectedLabelledProject,
        Some(src),
        format!(
            "project {} labels its data (table {table} has sensitivity {level}), but \
             ProjectProtection is {state}: a user who may read it may copy it to another project",
            project.name
        ),
    ));
}
