//! Stage 3, `ip_whitelist`: `odps.security.ip.whitelist` and `odps.security.vpc.whitelist`
//! (design §1; `spec/principals-labels-packages.md` §6).
//!
//! Both empty: off. A request with `vpc` is checked against the VPC whitelist, one without
//! against the IP whitelist; when only one list is set, the other network is refused. A
//! request without `source_ip` is refused when a whitelist applies. The owner is not exempt.

use super::{Denial, Trace};
use crate::action::Action;
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{Model, Project};
use crate::request::Request;

/// Check the request's project's whitelists; for a Tunnel download of another project's
/// object, that project's whitelists too (the download goes to its endpoint).
pub(crate) fn check(
    model: &Model,
    project: &Project,
    req: &Request,
    trace: &mut Trace,
) -> Result<(), Denial> {
    admits(project, req, trace)?;
    if req.action() == Action::Download {
        if let Some(other) = super::other_project(model, project, req) {
            admits(other, req, trace)?;
        }
    }
    Ok(())
}

fn admits(project: &Project, req: &Request, trace: &mut Trace) -> Result<(), Denial> {
    let ip_list = &project.ip_whitelist;
    let vpc_list = &project.vpc_whitelist;
    if ip_list.value.is_empty() && vpc_list.value.is_empty() {
        trace.note(|| {
            (
                format!("project {} sets no whitelist: off", project.name),
                None,
            )
        });
        return Ok(());
    }
    // Where the request comes from, in words: written only into a refusal or a note.
    let from = || match (req.vpc(), req.source_ip()) {
        (Some(v), Some(ip)) => format!("{ip} in VPC {v}"),
        (Some(v), None) => format!("VPC {v}"),
        (None, Some(ip)) => ip.to_string(),
        (None, None) => "an unknown address".to_string(),
    };
    let refuse = |why: String, source| {
        Denial::new(
            "ip_not_in_whitelist",
            format!(
                "Access Denied - the request from {} is not in the whitelist of project {}: \
                 {why}",
                from(),
                project.name
            ),
        )
        .because(Reason::new(
            ReasonKind::Whitelist,
            Effect::Deny,
            source,
            why.clone(),
        ))
    };
    let Some(ip) = req.source_ip() else {
        return Err(refuse(
            "the request carries no source_ip and a whitelist applies".into(),
            ip_list.source.as_ref().or(vpc_list.source.as_ref()),
        ));
    };
    match req.vpc() {
        Some(vpc) => {
            if vpc_list.value.is_empty() {
                return Err(refuse(
                    "only odps.security.ip.whitelist is set, so VPC requests are refused".into(),
                    ip_list.source.as_ref(),
                ));
            }
            match vpc_list.value.iter().find(|e| e.admits(vpc, Some(ip))) {
                Some(e) => trace.note(|| {
                    (
                        format!("VPC whitelist entry `{e}` admits {}", from()),
                        vpc_list.source.as_ref(),
                    )
                }),
                None => {
                    return Err(refuse(
                        "no odps.security.vpc.whitelist entry admits it".into(),
                        vpc_list.source.as_ref(),
                    ))
                }
            }
        }
        None => {
            if ip_list.value.is_empty() {
                return Err(refuse(
                    "only odps.security.vpc.whitelist is set, so requests outside a VPC are \
                     refused"
                        .into(),
                    vpc_list.source.as_ref(),
                ));
            }
            match ip_list.value.iter().find(|e| e.contains(ip)) {
                Some(e) => trace.note(|| {
                    (
                        format!("IP whitelist entry `{e}` admits {ip}"),
                        ip_list.source.as_ref(),
                    )
                }),
                None => {
                    return Err(refuse(
                        "no odps.security.ip.whitelist entry admits it".into(),
                        ip_list.source.as_ref(),
                    ))
                }
            }
        }
    }
    Ok(())
}
