//! When an STS token is valid (`docs/semantics.md` I7, I8, I16): its duration lies between 900
//! seconds and its holder's maximum session, and the request falls between the issue time and
//! the expiry.

use super::super::{Denial, Trace};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::location::Source;
use crate::model::{DevEnvironment, RamRole};
use crate::request::{expiration_not_after, StsToken};
use jiff::{SignedDuration, Timestamp};
use std::fmt;

/// "Minimum value: 900 ... Default value: 3600" (STS AssumeRole, `DurationSeconds`).
pub const MIN_DURATION: u64 = 900;
/// The default duration of a token, and the default maximum session of a RAM role.
pub const DEFAULT_DURATION: u64 = 3600;

/// Whose session a token opens: a declared RAM role's, or the DataWorks default role of an
/// environment (not declared in the script, so its maximum session is RAM's default, I16).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Holder<'m> {
    /// A declared RAM role.
    Role(&'m RamRole),
    /// The DataWorks default role of this environment.
    DefaultRole(&'m DevEnvironment),
}

impl<'m> Holder<'m> {
    /// The longest session, in seconds.
    fn max_session(self) -> u64 {
        match self {
            Holder::Role(r) => r.max_session,
            Holder::DefaultRole(_) => DEFAULT_DURATION,
        }
    }

    /// The statement that sets the maximum session.
    fn source(self) -> &'m Source {
        match self {
            Holder::Role(r) => &r.source,
            Holder::DefaultRole(e) => &e.source,
        }
    }

    /// Why the maximum session is what it is.
    fn limit(self) -> String {
        match self {
            Holder::Role(r) => format!(
                "{} has a maximum session of {} seconds",
                r.principal, r.max_session
            ),
            Holder::DefaultRole(e) => format!(
                "the DataWorks default role of environment {} is not declared in the script, so \
                 its maximum session is RAM's default of {DEFAULT_DURATION} seconds \
                 (docs/semantics.md I16)",
                e.name
            ),
        }
    }
}

impl fmt::Display for Holder<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Holder::Role(r) => write!(f, "{}", r.principal),
            Holder::DefaultRole(e) => {
                write!(f, "the DataWorks default role of environment {}", e.name)
            }
        }
    }
}

/// Whether `token` for `holder` is valid at `now` (the request time, else the configuration's
/// clock).
pub(crate) fn check(
    token: &StsToken,
    holder: Holder<'_>,
    now: Option<Timestamp>,
    trace: &mut Trace,
) -> Result<(), Denial> {
    let max_session = holder.max_session();
    let duration = match (token.duration_seconds, token.expiration) {
        (Some(d), _) => d,
        (None, Some(exp)) => {
            let secs = exp.duration_since(token.issued_at).as_secs();
            // Reading a request refuses such a token (I7); one built in Rust gets the same words
            // here rather than a duration of 0 seconds.
            let Some(secs) = u64::try_from(secs).ok().filter(|s| *s > 0) else {
                return Err(Denial::new(
                    "InvalidParameter.Expiration",
                    expiration_not_after(
                        &exp.to_string(),
                        &token.issued_at.to_string(),
                        token.issued_at,
                        exp,
                    ),
                ));
            };
            secs
        }
        (None, None) => DEFAULT_DURATION,
    };
    if duration < MIN_DURATION || duration > max_session {
        return Err(Denial::new(
            "InvalidParameter.DurationSeconds",
            format!(
                "the token's duration of {duration} seconds is outside 900 to {max_session} \
                 seconds (the maximum session duration of {holder})"
            ),
        )
        .because(Reason::new(
            ReasonKind::Sts,
            Effect::Deny,
            Some(holder.source()),
            holder.limit(),
        )));
    }
    let secs = i64::try_from(duration).unwrap_or(i64::MAX);
    let expires = token
        .issued_at
        .checked_add(SignedDuration::from_secs(secs))
        .unwrap_or(token.issued_at);
    let Some(now) = now else {
        return Err(Denial::new(
            "InvalidSecurityToken.Expired",
            "the token's validity cannot be checked without a time: give the request a `time`",
        ));
    };
    if now < token.issued_at {
        return Err(Denial::new(
            "InvalidSecurityToken.NotYetValid",
            format!(
                "the STS token is issued at {}, after the request time {now}",
                token.issued_at
            ),
        ));
    }
    if now >= expires {
        return Err(Denial::new(
            "InvalidSecurityToken.Expired",
            format!(
                "Specified SecurityToken is expired: the token for {holder} was issued at {} for \
                 {duration} seconds and expired at {expires} (request time {now})",
                token.issued_at
            ),
        ));
    }
    trace.note(|| {
        (
            format!(
                "the token for {holder} is valid from {} to {expires} ({duration} s, at most \
                 {max_session} s)",
                token.issued_at
            ),
            Some(holder.source()),
        )
    });
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::principal::{Principal, PrincipalName};
    use crate::request::StsCaller;

    /// Reading a request refuses such a token; one built in Rust gets the same words, never "a
    /// duration of 0 seconds" (`docs/semantics.md` I7).
    #[test]
    fn a_token_that_expires_before_it_is_issued_is_refused_in_its_own_words() {
        let name = PrincipalName::parse("RAM$o@example.com:bob").unwrap();
        let env = DevEnvironment {
            name: "e".into(),
            owner: Principal::resolve(&name, "o@example.com", str::to_string),
            public: false,
            role: None,
            source: Source::new("t.mcauth", 1, 1),
        };
        let issued: Timestamp = "2026-03-01T10:00:00Z".parse().unwrap();
        for (expiration, when) in [
            ("2026-03-01T09:00:00Z", "3600 seconds before it is issued"),
            ("2026-03-01T10:00:00Z", "at the moment it is issued"),
        ] {
            let token = StsToken {
                role: None,
                caller: StsCaller::Environment("e".into()),
                issued_at: issued,
                duration_seconds: None,
                expiration: Some(expiration.parse().unwrap()),
            };
            let d = check(
                &token,
                Holder::DefaultRole(&env),
                Some(issued),
                &mut Trace::off(),
            )
            .unwrap_err();
            assert_eq!(d.code, "InvalidParameter.Expiration");
            assert_eq!(
                d.message,
                format!(
                    "`sts.expiration` `{expiration}` is not after `sts.issued_at` \
                     `2026-03-01T10:00:00Z`: the token would expire {when}, and an STS token \
                     expires after it is issued"
                )
            );
        }
    }
}
