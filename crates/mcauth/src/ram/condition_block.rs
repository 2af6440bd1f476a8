//! A statement's `Condition` block: `{ "<Operator>": { "<key>": <value> | [<values>] } }`.
//! Operators are RAM's (case-sensitive, no set operators); keys are any; values must fit their
//! operator ([`RamClause::new`]).

use super::document::Ctx;
use super::RamClause;
use crate::condition::Operator;
use crate::error::LoadError;
use crate::policy::json::{self, Json, WalkError};

/// RAM's operator called `name` (case-sensitive; the set operators are MaxCompute's).
fn operator(name: &str, at: usize) -> Result<Operator, WalkError> {
    let ram_ops = || {
        Operator::all()
            .iter()
            .filter(|o| !o.is_set())
            .map(|o| o.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match Operator::from_name(name) {
        Some(op) if op.is_set() => Err((
            at,
            format!(
                "`{name}` is a MaxCompute management-policy operator, not a RAM one: expected one of {}",
                ram_ops()
            ),
        )),
        Some(op) if op.as_str() == name => Ok(op),
        Some(op) => Err((
            at,
            format!("unknown condition operator `{name}`: operators are case-sensitive, expected `{op}`"),
        )),
        None => Err((
            at,
            format!(
                "unknown condition operator `{name}`: expected one of {}",
                ram_ops()
            ),
        )),
    }
}

/// A condition key: any name without whitespace.
fn key(name: &str, at: usize) -> Result<String, WalkError> {
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        return Err((
            at,
            format!("invalid condition key `{name}`: expected e.g. `acs:SourceIp`"),
        ));
    }
    Ok(name.to_string())
}

/// The `Condition` block: operator -> key -> value(s), each clause checked.
pub(super) fn condition(ctx: &Ctx, v: &Json) -> Result<Vec<RamClause>, LoadError> {
    let entries = json::condition_entries(v, operator, key).map_err(|e| ctx.walk(e))?;
    let mut clauses = Vec::new();
    for e in entries {
        let values = e.values.iter().map(|(_, v)| v.clone()).collect();
        let clause = RamClause::new(e.operator, e.key.clone(), values)
            .map_err(|(i, m)| ctx.err(e.value_at(i), m))?;
        clauses.push(clause);
    }
    Ok(clauses)
}
