//! Who a request comes from (design §3): exactly one of a bare `principal`, an `access_key_id`
//! or an `sts` token.

use super::caller::{caller_of, StsCaller};
use crate::error::RequestError;
use jiff::Timestamp;
use serde::Deserialize;

/// The identity a request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// A principal name the caller has already authenticated (`"principal"`).
    Principal(String),
    /// An AccessKey ID (`"access_key_id"`): it resolves to its owner.
    AccessKey(String),
    /// An STS token for a RAM role (`"sts"`).
    Sts(StsToken),
}

/// An STS token: the role, who assumed it, and its validity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StsToken {
    /// The role (`RAM$<account>:role/<r>` or `acs:ram::<uid>:role/<r>`); for an environment,
    /// `None` means the environment's role.
    pub role: Option<String>,
    /// Who assumed it.
    pub caller: StsCaller,
    /// When it was issued.
    pub issued_at: Timestamp,
    /// The requested duration in seconds (`duration_seconds`); `None` with `expiration`, or
    /// for the default of 3600.
    pub duration_seconds: Option<u64>,
    /// The credential's `Expiration` (seed 004), instead of a duration.
    pub expiration: Option<Timestamp>,
}

/// The `sts` object of a request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StsJson {
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    caller: Option<String>,
    #[serde(default)]
    environment: Option<String>,
    issued_at: String,
    #[serde(default)]
    duration_seconds: Option<u64>,
    #[serde(default)]
    expiration: Option<String>,
}

fn invalid(msg: impl Into<String>) -> RequestError {
    RequestError::Invalid(msg.into())
}

fn time(field: &str, t: &str) -> Result<Timestamp, RequestError> {
    t.parse::<Timestamp>().map_err(|_| {
        invalid(format!(
            "invalid `{field}` `{t}`: expected RFC 3339, e.g. 2026-03-01T10:00:00Z"
        ))
    })
}

/// `sts.expiration` (`text`) of a token issued at `issued_at` (written `issued_text`): a
/// credential expires after it is issued, so an earlier or equal expiry is malformed input, a
/// request error, not a duration to judge (`docs/semantics.md` I7).
fn expiration(
    issued_at: Timestamp,
    issued_text: &str,
    text: &str,
) -> Result<Timestamp, RequestError> {
    let at = time("sts.expiration", text)?;
    if at > issued_at {
        return Ok(at);
    }
    Err(invalid(expiration_not_after(
        text,
        issued_text,
        issued_at,
        at,
    )))
}

/// Why an STS token whose expiration (`expiration`, written `expiration_text`) is not after its
/// issue time (`issued_at`, written `issued_text`) is refused: a request error when read from
/// JSON, the same words when a token built in Rust reaches authentication.
pub(crate) fn expiration_not_after(
    expiration_text: &str,
    issued_text: &str,
    issued_at: Timestamp,
    expiration: Timestamp,
) -> String {
    let span = issued_at.duration_since(expiration).as_secs();
    let when = match span {
        0 => "at the moment it is issued".to_string(),
        1 => "1 second before it is issued".to_string(),
        _ => format!("{span} seconds before it is issued"),
    };
    format!(
        "`sts.expiration` `{expiration_text}` is not after `sts.issued_at` `{issued_text}`: the \
         token would expire {when}, and an STS token expires after it is issued"
    )
}

impl StsJson {
    pub(super) fn into_token(self) -> Result<StsToken, RequestError> {
        let caller = match (self.caller, self.environment) {
            (Some(c), None) => caller_of(&c)?,
            (None, Some(e)) => StsCaller::Environment(e),
            (None, None) => {
                return Err(invalid(
                    "`sts` names no caller: expected `caller` (who called AssumeRole) or \
                     `environment` (a DataWorks individual development environment)",
                ))
            }
            (Some(_), Some(_)) => {
                return Err(invalid(
                    "`sts` names both `caller` and `environment`: expected one",
                ))
            }
        };
        if self.role.is_none() && !matches!(caller, StsCaller::Environment(_)) {
            return Err(invalid(
                "`sts` names no `role`: expected the assumed RAM role",
            ));
        }
        if self.duration_seconds.is_some() && self.expiration.is_some() {
            return Err(invalid(
                "`sts` gives both `duration_seconds` and `expiration`: expected one",
            ));
        }
        let issued_at = time("sts.issued_at", &self.issued_at)?;
        let expiration = match self.expiration {
            Some(e) => Some(expiration(issued_at, &self.issued_at, &e)?),
            None => None,
        };
        Ok(StsToken {
            role: self.role,
            caller,
            issued_at,
            duration_seconds: self.duration_seconds,
            expiration,
        })
    }
}

/// Exactly one identity out of the three fields.
pub(super) fn one_identity(
    principal: Option<String>,
    access_key_id: Option<String>,
    sts: Option<StsJson>,
) -> Result<Identity, RequestError> {
    match (principal, access_key_id, sts) {
        (Some(p), None, None) => Ok(Identity::Principal(p)),
        (None, Some(k), None) => Ok(Identity::AccessKey(k)),
        (None, None, Some(s)) => Ok(Identity::Sts(s.into_token()?)),
        (None, None, None) => Err(invalid(
            "no identity: expected one of `principal`, `access_key_id`, `sts`",
        )),
        _ => Err(invalid(
            "more than one identity: expected exactly one of `principal`, `access_key_id`, `sts`",
        )),
    }
}

impl std::fmt::Display for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Identity::Principal(p) => f.write_str(p),
            Identity::AccessKey(k) => write!(f, "AccessKey {k}"),
            Identity::Sts(t) => match (&t.caller, t.role.as_deref()) {
                (StsCaller::Environment(e), None) => write!(f, "STS token of environment {e}"),
                (StsCaller::Environment(e), Some(role)) => {
                    write!(f, "STS {role} (environment {e})")
                }
                (caller, Some(role)) => {
                    write!(f, "STS {role} (assumed by {})", caller.as_written())
                }
                (caller, None) => write!(f, "STS token assumed by {}", caller.as_written()),
            },
        }
    }
}
