//! Stage 1, `authentication`: is the identity a well-formed, declared principal that the
//! project's account providers recognise? (design §1 and §3; `spec/principals-labels-packages.md`
//! §1.1–§1.2)

use super::{Denial, Trace};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{Model, Project};
use crate::principal::{Principal, PrincipalKind, PrincipalName};
use crate::request::{Identity, Request};

/// Resolve and authenticate the request's identity.
pub(crate) fn check(model: &Model, req: &Request, trace: &mut Trace) -> Result<Principal, Denial> {
    let Identity::Principal(text) = req.identity();
    let name = PrincipalName::parse(text).map_err(|e| {
        Denial::new(
            "invalid_account",
            format!("Invalid account Name {text}: {e}"),
        )
    })?;
    let project = model.project(req.project());
    let default_account = match (project, &name.account) {
        (_, Some(_)) => String::new(),
        (Some(p), None) => p.owner.account.clone(),
        (None, None) => {
            return Err(Denial::new(
                "invalid_account",
                format!(
                    "Invalid account Name {text}: the short form RAM$<user> names a RAM user of \
                     the project owner's account, and project `{}` does not exist",
                    req.project()
                ),
            ))
        }
    };
    let principal = model.resolve(&name, &default_account);
    trace.note(|| {
        (
            format!("identity `{text}` is the principal {}", principal.key),
            None,
        )
    });

    if principal.kind != PrincipalKind::Account {
        match model.accounts.get(&principal.account) {
            Some(account) => {
                // RAM roles cannot be declared yet (`create ram role` comes with identities).
                let declared = match principal.kind {
                    PrincipalKind::RamUser => model.ram_users.get(&principal.key),
                    _ => None,
                };
                let word = if principal.kind == PrincipalKind::RamRole {
                    "role"
                } else {
                    "user"
                };
                match declared {
                    Some(u) => trace.note(|| {
                        (
                            format!("RAM {word} {} is declared", u.principal),
                            Some(&u.source),
                        )
                    }),
                    None => {
                        return Err(Denial::new(
                            "invalid_account",
                            format!(
                                "Invalid account Name {text}: account {} declares no RAM {word} \
                                 `{}`",
                                account.name, name.name
                            ),
                        )
                        .because(Reason::new(
                            ReasonKind::Account,
                            Effect::Deny,
                            Some(&account.source),
                            format!("account {} is declared here", account.name),
                        )))
                    }
                }
            }
            None => trace.note(|| {
                (
                    format!(
                        "account `{}` is not declared: the name is only checked for its form",
                        principal.account
                    ),
                    None,
                )
            }),
        }
    }

    if let Some(project) = project {
        recognised(project, &principal, trace)?;
    }
    Ok(principal)
}

/// Whether `project` recognises the account system of `principal` (`add accountprovider`,
/// `spec/principals-labels-packages.md` §1.2). Statements check their issuer with it too.
pub(crate) fn recognised(
    project: &Project,
    principal: &Principal,
    trace: &mut Trace,
) -> Result<(), Denial> {
    let (enabled, label) = if principal.kind == PrincipalKind::Account {
        (&project.account_providers.aliyun, "ALIYUN")
    } else {
        (&project.account_providers.ram, "RAM")
    };
    if !enabled.value {
        let how = match &enabled.source {
            Some(_) => "removed",
            None => "not added (projects recognise only ALIYUN by default)",
        };
        return Err(Denial::new(
            "lack_of_account_provider",
            format!(
                "lack of account provider, principalName {}: project {} has the {label} \
                 account provider {how}",
                principal.display, project.name
            ),
        )
        .because(Reason::new(
            ReasonKind::AccountProvider,
            Effect::Deny,
            enabled.source.as_ref().or(Some(&project.source)),
            format!(
                "{label} account provider of project {} is off",
                project.name
            ),
        )));
    }
    trace.note(|| {
        (
            format!(
                "project {} recognises the {label} account system",
                project.name
            ),
            enabled.source.as_ref(),
        )
    });
    Ok(())
}
