//! Looking up RAM identities for authentication and RAM evaluation: roles by name or ARN,
//! account IDs, role ARNs and a caller's attached policies.

use super::super::Denial;
use crate::model::{Attachment, Model, RamRole};
use crate::principal::{Principal, PrincipalKind, PrincipalName};

/// The numeric ID of the account with key `account`.
pub(crate) fn uid_of(model: &Model, account: &str) -> Result<String, Denial> {
    model.account_uid(account).ok_or_else(|| {
        Denial::new(
            "EntityNotExist.Account",
            format!(
                "account `{account}` has no numeric ID: expected `create account \
                 ALIYUN${account} uid <16 digits>;` (RAM names identities by account ID)"
            ),
        )
    })
}

/// The ARN of a role whose account has the numeric ID `uid`: `acs:ram::<uid>:role/<name>`.
pub(crate) fn role_arn(uid: &str, role: &RamRole) -> String {
    format!("acs:ram::{uid}:role/{}", role.name())
}

/// A declared role by principal name (`RAM$<account>:role/<r>`) or ARN
/// (`acs:ram::<uid>:role/<r>`). Both name the account: there is no short form to complete.
pub(crate) fn role_by_name<'m>(model: &'m Model, text: &str) -> Result<&'m RamRole, Denial> {
    let lower = text.to_ascii_lowercase();
    let principal_text = match lower.strip_prefix("acs:ram:") {
        Some(rest) => {
            // `:<uid>:role/<name>` (region empty or `*`).
            let rest = rest.trim_start_matches('*').trim_start_matches(':');
            match rest.split_once(":role/") {
                Some((uid, name)) => format!("RAM${uid}:role/{name}"),
                None => {
                    return Err(Denial::new(
                        "EntityNotExist.Role",
                        format!("`{text}` is not a role ARN: expected acs:ram::<uid>:role/<name>"),
                    ))
                }
            }
        }
        None => text.to_string(),
    };
    let name = PrincipalName::parse(&principal_text)
        .map_err(|e| Denial::new("EntityNotExist.Role", format!("invalid role `{text}`: {e}")))?;
    let (PrincipalKind::RamRole, Some(account)) = (name.kind, name.account.as_deref()) else {
        return Err(Denial::new(
            "EntityNotExist.Role",
            format!("`{text}` is not a RAM role: expected RAM$<account>:role/<name>"),
        ));
    };
    let p = model.resolve(&name, account);
    model.ram_roles.get(&p.key).ok_or_else(|| {
        Denial::new(
            "EntityNotExist.Role",
            format!("The role `{text}` does not exist: no `create ram role` declares it"),
        )
    })
}

/// The policies attached to a RAM user or role; `None` when it is not declared.
pub(crate) fn caller_policies<'m>(model: &'m Model, p: &Principal) -> Option<&'m [Attachment]> {
    match p.kind {
        PrincipalKind::RamUser => model.ram_users.get(&p.key).map(|u| u.policies.as_slice()),
        PrincipalKind::RamRole => model.ram_roles.get(&p.key).map(|r| r.policies.as_slice()),
        PrincipalKind::Account => None,
    }
}
