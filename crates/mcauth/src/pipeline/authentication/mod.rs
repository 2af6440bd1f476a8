//! Stage 1, `authentication`: who is the request? (design §1 and §3;
//! `spec/principals-labels-packages.md` §1.1–§1.2, §8.1)
//!
//! | identity | module |
//! |---|---|
//! | bare `principal` | this file: well formed, and declared when its account is |
//! | `access_key_id` | [`access_key`] |
//! | `sts` | [`sts`]; an environment's credential: `environment`; trust policies: `trust`; expiry: `validity` |
//!
//! RAM identities then need the `ram` account provider of the request's project.

pub(crate) mod access_key;
pub(crate) mod environment;
pub(crate) mod ram_identity;
pub(crate) mod sts;
pub(crate) mod trust;
pub(crate) mod validity;

use super::{Denial, Trace};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{Model, Project};
use crate::principal::{Principal, PrincipalKind, PrincipalName, ShortForm};
use crate::ram::RamContext;
use crate::request::{Identity, Request};
use jiff::Timestamp;

/// The request facts authentication needs besides the identity.
pub(crate) struct Facts<'a> {
    /// The request time (or `None`: the configuration's clock).
    pub time: Option<Timestamp>,
    /// RAM condition keys, for trust policies.
    pub context: &'a RamContext,
}

/// Resolve and authenticate the request's identity.
pub(crate) fn check(model: &Model, req: &Request, trace: &mut Trace) -> Result<Principal, Denial> {
    let project = model.project(req.project());
    let refused;
    let short_form = match project {
        Some(p) => ShortForm::Account(&p.owner.account),
        None => {
            refused = format!(
                "the short form RAM$<user> names a RAM user of the project owner's account, and \
                 project `{}` does not exist",
                req.project()
            );
            ShortForm::Refused(&refused)
        }
    };
    // Only an STS token's trust policies test condition keys: build them for it alone, so a
    // bare principal or an AccessKey costs nothing here.
    let context = match req.identity() {
        Identity::Sts(_) => crate::pipeline::ram::context_of(
            model,
            Some(req.identity()),
            req.source_ip(),
            req.time(),
            req.context(),
        ),
        _ => RamContext::new(),
    };
    let facts = Facts {
        time: req.time(),
        context: &context,
    };
    let principal = identify(model, req.identity(), &short_form, &facts, trace)?;
    if let Some(project) = project {
        recognised(project, &principal, trace)?;
    }
    Ok(principal)
}

/// The refusal of the principal name `text`: malformed, or a short form where none is allowed.
pub(crate) fn invalid_name(text: &str, why: impl std::fmt::Display) -> Denial {
    Denial::new(
        "invalid_account",
        format!("Invalid account Name {text}: {why}"),
    )
}

/// Authenticate any identity form; `short_form` says what `RAM$<user>` completes to.
pub(crate) fn identify(
    model: &Model,
    identity: &Identity,
    short_form: &ShortForm<'_>,
    facts: &Facts<'_>,
    trace: &mut Trace,
) -> Result<Principal, Denial> {
    match identity {
        Identity::Principal(text) => bare(model, text, short_form, trace),
        Identity::AccessKey(id) => access_key::check(model, id, facts.time, trace),
        Identity::Sts(token) => {
            sts::check(model, token, short_form, facts.time, facts.context, trace)
        }
    }
}

/// A bare principal: well formed, and declared under its account when the account is.
fn bare(
    model: &Model,
    text: &str,
    short_form: &ShortForm<'_>,
    trace: &mut Trace,
) -> Result<Principal, Denial> {
    // Parsed here, not by `Model::resolve_text`: the notes name the user or role as written.
    let name = PrincipalName::parse(text).map_err(|e| invalid_name(text, e))?;
    let principal = model
        .resolve_name(&name, *short_form)
        .map_err(|why| invalid_name(text, why))?;
    trace.note(|| {
        // The account by its declared name (as written), else by its canonical name.
        let account = model
            .accounts
            .get(&principal.account)
            .map_or(principal.account.as_str(), |a| {
                a.name.split_once('$').map_or(a.name.as_str(), |(_, n)| n)
            });
        let who = match principal.kind {
            PrincipalKind::Account => format!("the Alibaba Cloud account {account}"),
            PrincipalKind::RamUser => format!("RAM user {} of account {account}", name.name),
            PrincipalKind::RamRole => format!("RAM role {} of account {account}", name.name),
        };
        (format!("identity `{text}` names {who}"), None)
    });
    if principal.kind == PrincipalKind::Account {
        return Ok(principal);
    }
    let Some(account) = model.accounts.get(&principal.account) else {
        trace.note(|| {
            (
                format!(
                    "account `{}` is not declared: the name is only checked for its form",
                    principal.account
                ),
                None,
            )
        });
        return Ok(principal);
    };
    let word = if principal.kind == PrincipalKind::RamRole {
        "role"
    } else {
        "user"
    };
    let declared = model.declaration(&principal);
    match declared {
        Some((p, source)) => {
            trace.note(|| (format!("RAM {word} {p} is declared"), Some(source)));
            Ok(principal)
        }
        None => Err(Denial::new(
            "invalid_account",
            format!(
                "Invalid account Name {text}: account {} declares no RAM {word} `{}`",
                account.name, name.name
            ),
        )
        .because(Reason::new(
            ReasonKind::Account,
            Effect::Deny,
            Some(&account.source),
            format!("account {} is declared here", account.name),
        ))),
    }
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
                "lack of account provider, principalName {}: project `{}` has the {label} \
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
