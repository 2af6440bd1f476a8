//! Principal names in MaxCompute's forms (`spec/principals-labels-packages.md` §1.1).
//!
//! `ALIYUN$<account>` (an Alibaba Cloud account, by e-mail or numeric ID),
//! `RAM$<account>:<user>` (a RAM user; the short form `RAM$<user>` means a RAM user of the
//! account in context) and `RAM$<account>:role/<role>` (a RAM role). Names compare
//! case-insensitively; an account's numeric ID and its e-mail name are the same account once
//! declared with `create account ... uid ...`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of identity a principal name denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    /// `ALIYUN$...`: an Alibaba Cloud account.
    Account,
    /// `RAM$...:<user>`: a RAM user.
    RamUser,
    /// `RAM$...:role/<role>`: a RAM role.
    RamRole,
}

/// A syntactically valid principal name, not yet resolved against declared accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalName {
    /// Which kind.
    pub kind: PrincipalKind,
    /// The account part as written; `None` for the short form `RAM$<user>`.
    pub account: Option<String>,
    /// The RAM user or role name (empty for an account).
    pub name: String,
    /// The text as written.
    pub text: String,
}

fn valid_account(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+@-".contains(c))
}

fn valid_sub_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._@-".contains(c))
}

const FORMS: &str = "expected `ALIYUN$<account>`, `RAM$<account>:<user>`, `RAM$<user>` or \
                     `RAM$<account>:role/<role>`";

impl PrincipalName {
    /// Parse a principal name. The error says which form was expected.
    ///
    /// ```
    /// use mcauth::principal::{PrincipalName, PrincipalKind};
    /// let p = PrincipalName::parse("RAM$owner@example.com:bob").unwrap();
    /// assert_eq!(p.kind, PrincipalKind::RamUser);
    /// assert!(PrincipalName::parse("bob").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<PrincipalName, String> {
        let bad = || format!("invalid account name `{text}`: {FORMS}");
        let (prefix, rest) = text.split_once('$').ok_or_else(bad)?;
        if prefix.eq_ignore_ascii_case("aliyun") {
            if !valid_account(rest) {
                return Err(bad());
            }
            return Ok(PrincipalName {
                kind: PrincipalKind::Account,
                account: Some(rest.to_string()),
                name: String::new(),
                text: text.to_string(),
            });
        }
        if !prefix.eq_ignore_ascii_case("ram") {
            return Err(bad());
        }
        match rest.rsplit_once(':') {
            None => {
                if !valid_sub_name(rest) {
                    return Err(bad());
                }
                Ok(PrincipalName {
                    kind: PrincipalKind::RamUser,
                    account: None,
                    name: rest.to_string(),
                    text: text.to_string(),
                })
            }
            Some((account, sub)) => {
                if !valid_account(account) {
                    return Err(bad());
                }
                let (kind, name) = match sub.split_once('/') {
                    Some((r, role)) if r.eq_ignore_ascii_case("role") => {
                        (PrincipalKind::RamRole, role)
                    }
                    Some(_) => return Err(bad()),
                    None => (PrincipalKind::RamUser, sub),
                };
                if !valid_sub_name(name) {
                    return Err(bad());
                }
                Ok(PrincipalName {
                    kind,
                    account: Some(account.to_string()),
                    name: name.to_string(),
                    text: text.to_string(),
                })
            }
        }
    }

    /// Whether this is a RAM identity (user or role), which needs the RAM account provider.
    pub fn is_ram(&self) -> bool {
        self.kind != PrincipalKind::Account
    }
}

/// What the short form `RAM$<user>` stands for where a principal name is read: a RAM user of
/// the issuer's account in a grant (`spec/principals-labels-packages.md` E19), of the project
/// owner's account elsewhere, or nothing where no account is in context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortForm<'a> {
    /// A RAM user of this account (a canonical account key or the account as written).
    Account(&'a str),
    /// Not allowed here; the text says why, and is the error when the short form is used.
    Refused(&'a str),
}

impl<'a> ShortForm<'a> {
    /// The account `name` resolves under: the one it names, or for the short form
    /// `RAM$<user>` this one; `Err` with the reason where the short form is refused.
    pub fn default_for<'n>(&self, name: &'n PrincipalName) -> Result<&'n str, &'a str>
    where
        'a: 'n,
    {
        match (&name.account, *self) {
            (Some(own), _) => Ok(own),
            (None, ShortForm::Account(a)) => Ok(a),
            (None, ShortForm::Refused(why)) => Err(why),
        }
    }
}

/// A resolved principal: its canonical key and the name to display.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Principal {
    /// Which kind.
    pub kind: PrincipalKind,
    /// Canonical account key (lower case; a declared account's name, never its numeric ID).
    pub account: String,
    /// Canonical key, e.g. `ram$owner@example.com:bob`; equal keys are the same identity.
    pub key: String,
    /// The name as first written.
    pub display: String,
}

impl Principal {
    /// Resolve `name`: fill in the short form's account with `default_account` and map account
    /// IDs to declared names with `canonical_account` (which receives a lower-cased account).
    pub fn resolve(
        name: &PrincipalName,
        default_account: &str,
        canonical_account: impl Fn(&str) -> String,
    ) -> Principal {
        let account = canonical_account(
            &name
                .account
                .as_deref()
                .unwrap_or(default_account)
                .to_ascii_lowercase(),
        );
        let sub = name.name.to_ascii_lowercase();
        let key = match name.kind {
            PrincipalKind::Account => format!("aliyun${account}"),
            PrincipalKind::RamUser => format!("ram${account}:{sub}"),
            PrincipalKind::RamRole => format!("ram${account}:role/{sub}"),
        };
        let display = match (&name.account, name.kind) {
            (None, _) => format!("RAM${default_account}:{}", name.name),
            _ => name.text.clone(),
        };
        Principal {
            kind: name.kind,
            account,
            key,
            display,
        }
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn same(a: &str) -> String {
        a.to_string()
    }

    #[test]
    fn forms_parse() {
        let a = PrincipalName::parse("ALIYUN$alice@example.com").unwrap();
        assert_eq!(a.kind, PrincipalKind::Account);
        let r = PrincipalName::parse("RAM$owner@example.com:role/etl").unwrap();
        assert_eq!((r.kind, r.name.as_str()), (PrincipalKind::RamRole, "etl"));
        let s = PrincipalName::parse("ram$ram_test").unwrap();
        assert_eq!((s.kind, s.account), (PrincipalKind::RamUser, None));
        let id = PrincipalName::parse("RAM$5527000000005788:2763000000001649").unwrap();
        assert_eq!(id.name, "2763000000001649");
    }

    #[test]
    fn bad_forms_are_rejected() {
        for bad in [
            "bob",
            "ALIYUN$",
            "RAM$a:",
            "RAM$a:x/y",
            "GITHUB$x",
            "RAM$a b:c",
            "ALIYUN$a:b",
        ] {
            assert!(PrincipalName::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn short_form_takes_the_default_account_and_keys_fold_case() {
        let short = PrincipalName::parse("RAM$Ram_Test").unwrap();
        let p = Principal::resolve(&short, "Bob@aliyun.com", same);
        assert_eq!(p.key, "ram$bob@aliyun.com:ram_test");
        let long = PrincipalName::parse("RAM$bob@ALIYUN.com:RAM_TEST").unwrap();
        assert_eq!(Principal::resolve(&long, "x", same).key, p.key);
    }
}
