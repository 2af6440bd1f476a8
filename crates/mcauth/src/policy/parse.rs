//! Reading a policy document (`spec/acl-policy.md` §3.3) into statements, with errors that
//! name `file:line:column` inside the policy file.

use super::json::{self, Json, Value};
use super::{arn, PolicyDocument, PolicyPrincipal, PolicyStatement};
use crate::action::Action;
use crate::condition::{Clause, Condition, ConditionKey, Operator};
use crate::decision::Effect;
use crate::error::LoadError;
use crate::location::{LineIndex, Source};

/// Which kind of policy a document is; it decides the `Principal` and action rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// The project policy: every statement names a `Principal`.
    Project,
    /// A role policy: no `Principal`; management actions only in administrator roles.
    Role {
        /// Whether the role is an administrator role.
        admin: bool,
    },
    /// The ProjectProtection exception policy: every statement names a `Principal`.
    Exception,
}

struct Ctx<'a> {
    index: LineIndex,
    kind: PolicyKind,
    resolve: &'a dyn Fn(&str) -> Result<String, String>,
}

impl Ctx<'_> {
    fn err(&self, offset: usize, message: impl Into<String>) -> LoadError {
        LoadError::syntax(&self.index.source(offset), message)
    }
}

/// Parse the policy file `file` (its text) put by the statement at `put_at`. `resolve` turns a
/// `Principal` name into a canonical key.
pub fn parse_document(
    file: &str,
    text: &str,
    kind: PolicyKind,
    put_at: &Source,
    resolve: &dyn Fn(&str) -> Result<String, String>,
) -> Result<PolicyDocument, LoadError> {
    let ctx = Ctx {
        index: LineIndex::new(file, text),
        kind,
        resolve,
    };
    let root = json::parse(text).map_err(|e| ctx.err(e.offset, e.message))?;
    let Value::Object(members) = &root.value else {
        return Err(ctx.err(
            root.offset,
            format!("expected a policy object, found {}", root.value.kind()),
        ));
    };
    let mut statements = None;
    for (key, at, v) in members {
        match key.as_str() {
            "Version" => match &v.value {
                Value::String(s) if s == "1" => {}
                _ => return Err(ctx.err(v.offset, "expected `\"Version\": \"1\"`")),
            },
            "Statement" => {
                let items: Vec<&Json> = match &v.value {
                    Value::Array(items) => items.iter().collect(),
                    Value::Object(_) => vec![v],
                    other => {
                        return Err(ctx.err(
                            v.offset,
                            format!("expected an array of statements, found {}", other.kind()),
                        ))
                    }
                };
                let mut out = Vec::new();
                for item in items {
                    out.push(statement(&ctx, item)?);
                }
                statements = Some(out);
            }
            other => {
                return Err(ctx.err(
                    *at,
                    format!("unknown member `{other}`: expected `Version` or `Statement`"),
                ))
            }
        }
    }
    let statements =
        statements.ok_or_else(|| ctx.err(root.offset, "the policy has no `Statement`"))?;
    Ok(PolicyDocument {
        file: file.to_string(),
        put_at: put_at.clone(),
        statements,
        text: text.to_string(),
    })
}

fn strings(ctx: &Ctx<'_>, v: &Json, what: &str) -> Result<Vec<(usize, String)>, LoadError> {
    let one = |j: &Json| match &j.value {
        Value::String(s) => Ok((j.offset, s.clone())),
        other => Err(ctx.err(
            j.offset,
            format!("expected {what} as a string, found {}", other.kind()),
        )),
    };
    match &v.value {
        Value::Array(items) if items.is_empty() => {
            Err(ctx.err(v.offset, format!("expected at least one {what}")))
        }
        Value::Array(items) => items.iter().map(one).collect(),
        _ => Ok(vec![one(v)?]),
    }
}

fn statement(ctx: &Ctx<'_>, item: &Json) -> Result<PolicyStatement, LoadError> {
    let Value::Object(members) = &item.value else {
        return Err(ctx.err(
            item.offset,
            format!("expected a statement object, found {}", item.value.kind()),
        ));
    };
    let mut effect = None;
    let mut principals = Vec::new();
    let mut principal_at = None;
    let mut actions = Vec::new();
    let mut resources = Vec::new();
    let mut condition = None;
    let mut management_at = None;
    for (key, at, v) in members {
        match key.as_str() {
            "Effect" => {
                effect = Some(match &v.value {
                    Value::String(s) if s.eq_ignore_ascii_case("allow") => Effect::Allow,
                    Value::String(s) if s.eq_ignore_ascii_case("deny") => Effect::Deny,
                    _ => return Err(ctx.err(v.offset, "expected `\"Allow\"` or `\"Deny\"`")),
                })
            }
            "Action" => {
                for (o, a) in strings(ctx, v, "an action")? {
                    let lower = a.to_ascii_lowercase();
                    if lower != "*" {
                        let Some(name) = lower.strip_prefix("odps:") else {
                            return Err(ctx.err(o, format!("invalid Action value - {a}: expected `odps:<Action>` or `*`")));
                        };
                        if !name.contains(['*', '?']) {
                            let act = Action::from_name(name).ok_or_else(|| {
                                ctx.err(o, format!("invalid Action value - {a}: unknown action"))
                            })?;
                            if act.is_management() && management_at.is_none() {
                                management_at = Some((o, a.clone()));
                            }
                        }
                    }
                    actions.push(a);
                }
            }
            "Resource" => {
                for (o, r) in strings(ctx, v, "a resource")? {
                    resources.push(arn::normalize_pattern(&r).map_err(|m| ctx.err(o, m))?);
                }
            }
            "Principal" => {
                principal_at = Some(*at);
                for (o, p) in strings(ctx, v, "a principal")? {
                    let key = if p.trim() == "*" {
                        "*".to_string()
                    } else {
                        (ctx.resolve)(p.trim()).map_err(|m| ctx.err(o, m))?
                    };
                    principals.push(PolicyPrincipal { name: p, key });
                }
            }
            "Condition" => condition = Some(parse_condition(ctx, v)?),
            "NotAction" | "NotResource" | "NotPrincipal" => {
                return Err(ctx.err(*at, format!("`{key}` is not supported in MaxCompute policies: list what the statement covers")))
            }
            other => {
                return Err(ctx.err(*at, format!(
                    "unknown statement member `{other}`: expected Effect, Action, Resource, Principal or Condition"
                )))
            }
        }
    }
    let effect = effect.ok_or_else(|| ctx.err(item.offset, "the statement has no `Effect`"))?;
    if actions.is_empty() {
        return Err(ctx.err(item.offset, "the statement has no `Action`"));
    }
    if resources.is_empty() {
        return Err(ctx.err(item.offset, "the statement has no `Resource`"));
    }
    match ctx.kind {
        PolicyKind::Project | PolicyKind::Exception if principals.is_empty() => {
            return Err(ctx.err(
                item.offset,
                "a project policy statement must name a `Principal`",
            ))
        }
        PolicyKind::Role { .. } if principal_at.is_some() => {
            return Err(ctx.err(
                principal_at.unwrap_or(item.offset),
                "a role policy statement must not name a `Principal`",
            ))
        }
        PolicyKind::Project if effect == Effect::Allow && management_at.is_some() => {
            if let Some((o, a)) = management_at {
                return Err(ctx.err(o, format!(
                    "management action {a} in a project policy Allow: management permissions are granted through administrator roles (a project policy may Deny them)"
                )));
            }
        }
        PolicyKind::Role { admin: false } => {
            if let Some((o, a)) = management_at {
                return Err(ctx.err(o, format!(
                    "failed to check policy format: invalid Action value - {a}: management actions belong in administrator roles (`create role <r> privilegeproperties(\"type\"=\"admin\")`)"
                )));
            }
        }
        _ => {}
    }
    Ok(PolicyStatement {
        effect,
        principals,
        actions,
        resources,
        condition,
        expires: None,
        source: ctx.index.source(item.offset),
    })
}

fn parse_condition(ctx: &Ctx<'_>, v: &Json) -> Result<Condition, LoadError> {
    let Value::Object(ops) = &v.value else {
        return Err(ctx.err(
            v.offset,
            "expected `{ \"<Operator>\": { \"<key>\": <values> } }`",
        ));
    };
    let mut clauses = Vec::new();
    for (op_name, op_at, keys) in ops {
        let op = Operator::from_name(op_name).ok_or_else(|| {
            ctx.err(
                *op_at,
                format!(
                    "unknown condition operator `{op_name}`: expected one of {}",
                    Operator::names()
                ),
            )
        })?;
        let Value::Object(keys) = &keys.value else {
            return Err(ctx.err(keys.offset, "expected `{ \"<key>\": <values> }`"));
        };
        for (key_name, key_at, values) in keys {
            let key = ConditionKey::from_name(key_name).ok_or_else(|| {
                ctx.err(
                    *key_at,
                    format!(
                        "unknown condition key `{key_name}`: expected one of {}",
                        ConditionKey::names()
                    ),
                )
            })?;
            let items: Vec<&Json> = match &values.value {
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
                            format!("expected a condition value, found {}", other.kind()),
                        ))
                    }
                });
            }
            let clause = Clause::new(op, key, vals)
                .map_err(|(i, m)| ctx.err(items.get(i).map(|j| j.offset).unwrap_or(*key_at), m))?;
            clauses.push(clause);
        }
    }
    let text = clauses
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" and ");
    Ok(Condition { text, clauses })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn doc(text: &str, kind: PolicyKind) -> Result<PolicyDocument, LoadError> {
        let resolve = |p: &str| Ok(p.to_ascii_lowercase());
        parse_document(
            "p.json",
            text,
            kind,
            &Source::new("s.mcauth", 3, 1),
            &resolve,
        )
    }

    #[test]
    fn e5_role_policy_parses_with_positions() {
        let text = r#"{"Statement":[
 {"Action":["odps:List","odps:CreateTable"],"Effect":"Allow","Resource":["acs:odps:*:projects/p"]},
 {"Action":["odps:*"],"Effect":"Allow","Resource":["acs:odps:*:projects/p/tables/t_app_*"]}],
 "Version":"1"}"#;
        let d = doc(text, PolicyKind::Role { admin: false }).unwrap();
        assert_eq!(d.statements.len(), 2);
        assert_eq!(d.statements[1].source.to_string(), "p.json:3:2");
        assert!(d.statements[1].matches_action(Action::Drop));
        assert!(d.statements[1].matches_resource("projects/p/tables/t_app_x"));
        assert!(!d.statements[0].matches_action(Action::Select));
    }

    #[test]
    fn kind_rules_and_errors_point_into_the_file() {
        let mgmt = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"odps:CreatePackage","Resource":"acs:odps:*:projects/p/authorization/packages"}]}"#;
        let e = doc(mgmt, PolicyKind::Role { admin: false })
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("invalid Action value - odps:CreatePackage"),
            "{e}"
        );
        assert!(e.starts_with("p.json:1:"), "{e}");
        assert!(doc(mgmt, PolicyKind::Role { admin: true }).is_ok());
        assert!(doc(mgmt, PolicyKind::Project)
            .unwrap_err()
            .to_string()
            .contains("must name a `Principal`"));
        let with_p = r#"{"Version":"1","Statement":[{"Effect":"Deny","Principal":"*","Action":"odps:*","Resource":"acs:odps:*:projects/*"}]}"#;
        assert!(doc(with_p, PolicyKind::Project).is_ok());
        assert!(doc(with_p, PolicyKind::Role { admin: false }).is_err());
        let bad = "{\"Version\":\"1\",\n \"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"odps:Fly\",\"Resource\":\"*\"}]}";
        assert!(doc(bad, PolicyKind::Role { admin: false })
            .unwrap_err()
            .to_string()
            .starts_with("p.json:2:42:"));
        let cond = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"odps:Select","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","bad"]}}}]}"#;
        assert!(doc(cond, PolicyKind::Role { admin: false })
            .unwrap_err()
            .to_string()
            .contains("`bad`"));
        let not = r#"{"Version":"1","Statement":[{"Effect":"Allow","NotAction":"odps:Select","Resource":"*"}]}"#;
        assert!(doc(not, PolicyKind::Role { admin: false }).is_err());
    }
}
