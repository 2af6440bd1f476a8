//! The `Principal` of trust policies: checking the entries as written, and matching a caller.
//!
//! Forms (seed 002; RAM trust-policy examples):
//! - `"RAM"`: `acs:ram::<uid>:root` (the account: any RAM user or role of it, and the account
//!   itself), `acs:ram::<uid>:user/<name>`, `acs:ram::<uid>:role/<name>`;
//! - `"Service"`: `<service>` (the service acting for the account that owns the role) or
//!   `<uid>@<service>` (the service acting for account `<uid>`);
//! - `"Federated"`: `acs:ram::<uid>:saml-provider/<name>` (or `oidc-provider/<name>`).
//!
//! Entries match without regard to case and may use `*` / `?`.

use super::evaluate::Caller;
use super::TrustPrincipals;
use crate::glob::glob_ignore_case;

/// Whether `p` names `caller`; `resource_account` is the numeric ID of the role's account.
pub(super) fn matches(
    p: &TrustPrincipals,
    caller: &Caller,
    resource_account: Option<&str>,
) -> bool {
    let ram = |candidates: &[String]| {
        p.ram
            .iter()
            .any(|e| candidates.iter().any(|c| glob_ignore_case(e.trim(), c)))
    };
    let root = |uid: &str| format!("acs:ram::{uid}:root");
    match caller {
        Caller::RamUser { account_uid, name } => ram(&[
            root(account_uid),
            format!("acs:ram::{account_uid}:user/{name}"),
        ]),
        Caller::RamRole { account_uid, name } => ram(&[
            root(account_uid),
            format!("acs:ram::{account_uid}:role/{name}"),
        ]),
        Caller::Account { account_uid } => ram(&[root(account_uid)]),
        Caller::Service {
            service,
            account_uid,
        } => p
            .service
            .iter()
            .any(|e| service_matches(e.trim(), service, account_uid, resource_account)),
        Caller::Federated { provider } => p
            .federated
            .iter()
            .any(|e| glob_ignore_case(e.trim(), provider)),
    }
}

fn service_matches(
    entry: &str,
    service: &str,
    account: &str,
    resource_account: Option<&str>,
) -> bool {
    match entry.split_once('@') {
        Some((uid, svc)) => glob_ignore_case(uid, account) && glob_ignore_case(svc, service),
        None => glob_ignore_case(entry, service) && resource_account == Some(account),
    }
}

fn has_glob(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// `acs:ram:<region>:<account>:<rest>` with a non-empty account: the `<rest>`.
fn ram_arn(entry: &str) -> Option<&str> {
    let mut parts = entry.splitn(5, ':');
    let acs = parts.next()?;
    let ram = parts.next()?;
    let _region = parts.next()?;
    let account = parts.next()?;
    let rest = parts.next()?;
    let ok =
        acs.eq_ignore_ascii_case("acs") && ram.eq_ignore_ascii_case("ram") && !account.is_empty();
    ok.then_some(rest)
}

/// Whether the (trimmed) `entry` is `*`, or a RAM ARN whose rest has a glob, is `root` (when
/// `root` is allowed), or is `<kind>/<name>` for one of `kinds` (`user/`, `role/`, ...).
fn arn_entry(entry: &str, kinds: &[&str], root: bool) -> bool {
    entry == "*"
        || ram_arn(entry).is_some_and(|rest| {
            let lower = rest.to_ascii_lowercase();
            has_glob(rest)
                || (root && lower == "root")
                || kinds
                    .iter()
                    .any(|k| lower.strip_prefix(k).is_some_and(|n| !n.is_empty()))
        })
}

/// Check a `"RAM"` entry.
pub(super) fn check_ram(entry: &str) -> Result<(), String> {
    if arn_entry(entry.trim(), &["user/", "role/"], true) {
        Ok(())
    } else {
        Err(format!(
            "invalid RAM principal `{entry}`: expected `acs:ram::<uid>:root`, `acs:ram::<uid>:user/<name>` or `acs:ram::<uid>:role/<name>`"
        ))
    }
}

/// Check a `"Service"` entry.
pub(super) fn check_service(entry: &str) -> Result<(), String> {
    let e = entry.trim();
    let name_ok =
        |s: &str| !s.is_empty() && !s.chars().any(char::is_whitespace) && !s.contains('@');
    let fine = match e.split_once('@') {
        Some((uid, svc)) => {
            !uid.is_empty()
                && uid
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '*' || c == '?')
                && name_ok(svc)
        }
        None => name_ok(e),
    };
    if fine {
        Ok(())
    } else {
        Err(format!(
            "invalid service principal `{entry}`: expected `<service>` such as `odps.aliyuncs.com`, or `<account-uid>@<service>`"
        ))
    }
}

/// Check a `"Federated"` entry.
pub(super) fn check_federated(entry: &str) -> Result<(), String> {
    if arn_entry(entry.trim(), &["saml-provider/", "oidc-provider/"], false) {
        Ok(())
    } else {
        Err(format!(
            "invalid federated principal `{entry}`: expected `acs:ram::<uid>:saml-provider/<name>` or `acs:ram::<uid>:oidc-provider/<name>`"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ram_and_federated_entries() {
        assert!(check_ram("acs:ram::1:root").is_ok());
        assert!(check_ram(" acs:ram::1:role/etl ").is_ok());
        assert!(check_ram("acs:ram::1:user/*").is_ok());
        assert!(check_ram("*").is_ok());
        assert!(check_ram("acs:ram::1:user/").is_err());
        assert!(check_ram("acs:ram:::root").is_err());
        assert!(check_ram("acs:ram::1:saml-provider/idp").is_err());
        assert!(check_federated("acs:ram::1:saml-provider/idp").is_ok());
        assert!(check_federated("acs:ram::1:OIDC-provider/idp").is_ok());
        assert!(check_federated("acs:ram::1:root").is_err());
        assert!(check_federated("acs:oss::1:saml-provider/idp").is_err());
    }
}
