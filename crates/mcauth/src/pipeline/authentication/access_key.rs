//! `access_key_id`: the key resolves to its owner, and fails when unknown, disabled, deleted or
//! not yet effective. Creating or enabling a key takes effect about 15 minutes later (seed
//! 000), measured from the statement's clock; disabling or deleting takes effect at once
//! (semantics I3: the safer reading of "about 15 minutes").

use super::super::{Denial, Trace};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::model::{AccessKey, KeyEvent, KeyState, Model, KEY_DELAY_SECONDS};
use crate::principal::Principal;
use jiff::{SignedDuration, Timestamp};

fn key_reason(e: &KeyEvent, text: String) -> Reason {
    Reason::new(ReasonKind::AccessKey, Effect::Deny, Some(&e.source), text)
}

/// The state of `key` at `now`: the last change made at or before `now`.
pub(crate) fn effective_at(key: &AccessKey, now: Timestamp) -> Result<&KeyEvent, Denial> {
    let Some(last) = key.history.iter().rev().find(|e| e.at <= now) else {
        let created = key.history.first();
        let mut d = Denial::new(
            "InvalidAccessKeyId.NotFound",
            format!(
                "Specified access key is not found: AccessKey `{}` does not exist yet at {now}",
                key.id
            ),
        );
        if let Some(c) = created {
            d = d.because(key_reason(
                c,
                format!("AccessKey {} is created at {}", key.id, c.at),
            ));
        }
        return Err(d);
    };
    match last.state {
        KeyState::Deleted => Err(Denial::new(
            "InvalidAccessKeyId.NotFound",
            format!(
                "Specified access key is not found: AccessKey `{}` was deleted at {}",
                key.id, last.at
            ),
        )
        .because(key_reason(last, format!("AccessKey {} is deleted", key.id)))),
        KeyState::Disabled => Err(Denial::new(
            "InvalidAccessKeyId.Inactive",
            format!(
                "Specified access key is disabled: AccessKey `{}` was disabled at {}",
                key.id, last.at
            ),
        )
        .because(key_reason(
            last,
            format!("AccessKey {} is disabled", key.id),
        ))),
        KeyState::Enabled => {
            let from = last
                .at
                .checked_add(SignedDuration::from_secs(KEY_DELAY_SECONDS))
                .unwrap_or(last.at);
            if now < from {
                let verb = if std::ptr::eq(last, key.history.first().unwrap_or(last)) {
                    "created"
                } else {
                    "enabled"
                };
                Err(Denial::new(
                    "InvalidAccessKeyId.NotYetEffective",
                    format!(
                        "AccessKey `{}` is too new: it was {verb} at {} and takes effect about \
                         15 minutes later, at {from} (request time {now})",
                        key.id, last.at
                    ),
                )
                .because(key_reason(
                    last,
                    format!("AccessKey {} is {verb} at {}", key.id, last.at),
                )))
            } else {
                Ok(last)
            }
        }
    }
}

/// Authenticate `id` at `now`: the key's owner.
pub(crate) fn check(
    model: &Model,
    id: &str,
    now: Option<Timestamp>,
    trace: &mut Trace,
) -> Result<Principal, Denial> {
    let Some(key) = model.access_keys.get(id) else {
        return Err(Denial::new(
            "InvalidAccessKeyId.NotFound",
            format!(
                "Specified access key is not found: no AccessKey `{id}` is declared (IDs are \
                 case-sensitive)"
            ),
        ));
    };
    let Some(now) = now.or(model.clock) else {
        return Err(Denial::new(
            "InvalidAccessKeyId.NotYetEffective",
            format!("AccessKey `{id}` cannot be checked without a time: give the request a `time`"),
        ));
    };
    let event = effective_at(key, now)?;
    trace.note(|| {
        (
            format!(
                "AccessKey {id} belongs to {} and is enabled since {} (in effect from 15 \
                 minutes later)",
                key.owner, event.at
            ),
            Some(&event.source),
        )
    });
    if let Some(later) = key.history.iter().find(|e| e.at > now) {
        trace.note(|| {
            (
                format!(
                    "AccessKey {id} changes later: {} at {}",
                    later.state.as_str(),
                    later.at
                ),
                Some(&later.source),
            )
        });
    }
    Ok(key.owner.clone())
}
