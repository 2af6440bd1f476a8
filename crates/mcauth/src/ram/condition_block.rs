//! A statement's `Condition` block: `{ "<Operator>": { "<key>": <value> | [<values>] } }`.
//! Operators are RAM's (case-sensitive, no set operators); keys are any; values must fit their
//! operator ([`RamClause::new`]).

use super::document::Ctx;
use super::RamClause;
use crate::condition::Operator;
use crate::error::LoadError;
use crate::policy::json::{Json, Value};

fn operator(ctx: &Ctx, name: &str, at: usize) -> Result<Operator, LoadError> {
    let ram_ops = || {
        Operator::all()
            .iter()
            .filter(|o| !o.is_set())
            .map(|o| o.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match Operator::from_name(name) {
        Some(op) if op.is_set() => Err(ctx.err(
            at,
            format!(
                "`{name}` is a MaxCompute management-policy operator, not a RAM one: expected one of {}",
                ram_ops()
            ),
        )),
        Some(op) if op.as_str() == name => Ok(op),
        Some(op) => Err(ctx.err(
            at,
            format!("unknown condition operator `{name}`: operators are case-sensitive, expected `{op}`"),
        )),
        None => Err(ctx.err(
            at,
            format!(
                "unknown condition operator `{name}`: expected one of {}",
                ram_ops()
            ),
        )),
    }
}

/// The `Condition` block: operator -> key -> value(s), each clause checked.
pub(super) fn condition(ctx: &Ctx, v: &Json) -> Result<Vec<RamClause>, LoadError> {
    let Value::Object(ops) = &v.value else {
        return Err(ctx.err(
            v.offset,
            "expected `{ \"<Operator>\": { \"<key>\": <values> } }`",
        ));
    };
    let mut clauses = Vec::new();
    for (op_name, op_at, keys) in ops {
        let op = operator(ctx, op_name, *op_at)?;
        let Value::Object(keys) = &keys.value else {
            return Err(ctx.err(keys.offset, "expected `{ \"<key>\": <values> }`"));
        };
        if keys.is_empty() {
            return Err(ctx.err(*op_at, format!("`{op}` names no condition key")));
        }
        for (key, key_at, values) in keys {
            if key.is_empty() || key.chars().any(char::is_whitespace) {
                return Err(ctx.err(
                    *key_at,
                    format!("invalid condition key `{key}`: expected e.g. `acs:SourceIp`"),
                ));
            }
            let items: Vec<&Json> = match &values.value {
                Value::Array(items) if items.is_empty() => {
                    return Err(ctx.err(values.offset, "expected at least one condition value"))
                }
                Value::Array(items) => items.iter().collect(),
                _ => vec![values],
            };
            let mut vals = Vec::new();
            for j in &items {
                vals.push(match &j.value {
                    Value::String(s) | Value::Number(s) => s.clone(),
                    Value::Bool(b) => b.to_string(),
                    other => {
                        return Err(ctx.err(
                            j.offset,
                            format!(
                                "expected a condition value (string, number or boolean), found {}",
                                other.kind()
                            ),
                        ))
                    }
                });
            }
            let clause = RamClause::new(op, key.clone(), vals)
                .map_err(|(i, m)| ctx.err(items.get(i).map_or(*key_at, |j| j.offset), m))?;
            clauses.push(clause);
        }
    }
    Ok(clauses)
}
