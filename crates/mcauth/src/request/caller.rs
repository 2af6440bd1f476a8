//! Who obtained an STS token (`sts.caller`, `docs/semantics.md` I9): a principal by name or by
//! RAM ARN, a cloud service, an identity provider, or DataWorks for an environment.

use crate::error::RequestError;

/// Who obtained an STS token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StsCaller {
    /// A principal (`RAM$...`, `ALIYUN$...`) called AssumeRole.
    Principal(String),
    /// A principal named by its RAM ARN (`acs:ram::<uid>:user/<n>`, `…:role/<n>`, `…:root`)
    /// called AssumeRole: the same principal as its name, checked the same way.
    Arn(RamArn),
    /// A cloud service assumed the role (`odps.aliyuncs.com`, `<uid>@odps.aliyuncs.com`).
    Service(String),
    /// An identity provider (`acs:ram::<uid>:saml-provider/<name>`, `…:oidc-provider/<name>`).
    Federated(String),
    /// DataWorks, for an individual development environment (seed 004).
    Environment(String),
}

impl StsCaller {
    /// The caller as the request writes it; for an environment, the environment's name.
    pub fn as_written(&self) -> &str {
        match self {
            StsCaller::Principal(t)
            | StsCaller::Service(t)
            | StsCaller::Federated(t)
            | StsCaller::Environment(t) => t,
            StsCaller::Arn(arn) => &arn.text,
        }
    }
}

/// A RAM user, RAM role or Alibaba Cloud account written as its ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RamArn {
    /// The ARN as written.
    pub text: String,
    /// The account ID (16 digits).
    pub uid: String,
    /// Which principal of the account.
    pub principal: ArnPrincipal,
}

/// The principal part of a [`RamArn`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArnPrincipal {
    /// `root`: the Alibaba Cloud account itself.
    Root,
    /// `user/<name>`: a RAM user.
    User(String),
    /// `role/<name>`: a RAM role (a session of it, for role chaining).
    Role(String),
}

fn invalid(msg: impl Into<String>) -> RequestError {
    RequestError::Invalid(msg.into())
}

/// The forms an `acs:ram:` caller may take.
const ARN_FORMS: &str = "expected a RAM user, RAM role or account (acs:ram::<uid>:user/<name>, \
                         acs:ram::<uid>:role/<name>, acs:ram::<uid>:root) or an identity \
                         provider (acs:ram::<uid>:saml-provider/<name>, \
                         acs:ram::<uid>:oidc-provider/<name>)";

/// The caller form of `text`: a principal by name or ARN, a service or an identity provider.
/// Only `saml-provider/` and `oidc-provider/` ARNs are identity providers; any other
/// `acs:ram:` text must be a user, role or root ARN with a 16-digit account ID.
pub(super) fn caller_of(text: &str) -> Result<StsCaller, RequestError> {
    let lower = text.to_ascii_lowercase();
    if !lower.starts_with("acs:ram:") {
        return Ok(if text.contains('$') {
            StsCaller::Principal(text.to_string())
        } else {
            StsCaller::Service(text.to_string())
        });
    }
    let bad = |why: &str| invalid(format!("`sts.caller` `{text}` {why}: {ARN_FORMS}"));
    // `acs:ram:<region>:<uid>:<resource>`; RAM's region is empty (`*` is accepted).
    let mut parts = text.splitn(5, ':').skip(2);
    let (Some(region), Some(uid), Some(resource)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("is not a RAM ARN"));
    };
    if !region.is_empty() && region != "*" {
        return Err(bad(&format!(
            "names the region `{region}`, but RAM ARNs have none"
        )));
    }
    if uid.len() != 16 || !uid.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(&format!(
            "names the account ID `{uid}`, which is not 16 digits"
        )));
    }
    let arn = |principal| {
        Ok(StsCaller::Arn(RamArn {
            text: text.to_string(),
            uid: uid.to_string(),
            principal,
        }))
    };
    let named = |prefix: &str| {
        let head = resource.get(..prefix.len())?;
        let name = resource.get(prefix.len()..)?;
        (head.eq_ignore_ascii_case(prefix) && !name.is_empty()).then(|| name.to_string())
    };
    if resource.eq_ignore_ascii_case("root") {
        arn(ArnPrincipal::Root)
    } else if let Some(name) = named("user/") {
        arn(ArnPrincipal::User(name))
    } else if let Some(name) = named("role/") {
        arn(ArnPrincipal::Role(name))
    } else if named("saml-provider/").is_some() || named("oidc-provider/").is_some() {
        Ok(StsCaller::Federated(text.to_string()))
    } else {
        Err(bad(&format!(
            "names `{resource}`, which cannot call AssumeRole"
        )))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    const UID: &str = "1000000000000001";

    #[test]
    fn ram_arns_are_principals_and_only_providers_are_federated() {
        let arn = |rest: &str, principal| {
            StsCaller::Arn(RamArn {
                text: format!("acs:ram::{UID}:{rest}"),
                uid: UID.to_string(),
                principal,
            })
        };
        let of = |rest: &str| caller_of(&format!("acs:ram::{UID}:{rest}")).unwrap();
        assert_eq!(
            of("user/carol"),
            arn("user/carol", ArnPrincipal::User("carol".into()))
        );
        assert_eq!(
            of("role/etl"),
            arn("role/etl", ArnPrincipal::Role("etl".into()))
        );
        assert_eq!(of("ROOT"), arn("ROOT", ArnPrincipal::Root));
        assert_eq!(
            of("saml-provider/IdP"),
            StsCaller::Federated(format!("acs:ram::{UID}:saml-provider/IdP"))
        );
        assert_eq!(
            of("oidc-provider/gh"),
            StsCaller::Federated(format!("acs:ram::{UID}:oidc-provider/gh"))
        );
        assert_eq!(
            caller_of(&format!("ACS:RAM:*:{UID}:User/Carol")).unwrap(),
            StsCaller::Arn(RamArn {
                text: format!("ACS:RAM:*:{UID}:User/Carol"),
                uid: UID.to_string(),
                principal: ArnPrincipal::User("Carol".into()),
            })
        );
        assert_eq!(
            caller_of("RAM$o@example.com:bob").unwrap(),
            StsCaller::Principal("RAM$o@example.com:bob".into())
        );
        assert_eq!(
            caller_of("odps.aliyuncs.com").unwrap(),
            StsCaller::Service("odps.aliyuncs.com".into())
        );
    }

    #[test]
    fn other_ram_arns_are_invalid_and_say_why() {
        let cases = [
            (
                format!("acs:ram::{UID}:group/admins"),
                "names `group/admins`, which cannot call AssumeRole",
            ),
            (format!("acs:ram::{UID}:user/"), "names `user/`"),
            (
                format!("acs:ram:cn-hangzhou:{UID}:user/bob"),
                "names the region `cn-hangzhou`",
            ),
            (
                "acs:ram::12345:user/bob".to_string(),
                "names the account ID `12345`, which is not 16 digits",
            ),
            ("acs:ram:".to_string(), "is not a RAM ARN"),
        ];
        for (text, fragment) in cases {
            let Err(RequestError::Invalid(m)) = caller_of(&text) else {
                panic!("{text}: expected an invalid request");
            };
            assert!(
                m.starts_with(&format!("`sts.caller` `{text}` {fragment}")),
                "{text}: {m}"
            );
            assert!(m.ends_with(ARN_FORMS), "{m}");
        }
    }
}
