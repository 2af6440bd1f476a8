//! Reading a policy document (`spec/acl-policy.md` §3.3) into statements, with errors that
//! name `file:line:column` inside the policy file.

use super::json::{self, Json, Value, WalkError};
use super::{arn, odps_action, PolicyDocument, PolicyPrincipal, PolicyStatement};
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
    index: LineIndex<'a>,
    kind: PolicyKind,
    resolve: &'a dyn Fn(&str) -> Result<String, String>,
}

impl Ctx<'_> {
    fn err(&self, offset: usize, message: impl Into<String>) -> LoadError {
        LoadError::syntax(&self.index.source(offset), message)
    }

    fn walk(&self, (offset, message): WalkError) -> LoadError {
        self.err(offset, message)
    }
}

/// The members a statement may have (`NotAction`, `NotResource` and `NotPrincipal` are refused
/// with their own message).
const STATEMENT_MEMBERS: [&str; 5] = ["Effect", "Action", "Resource", "Principal", "Condition"];

/// Parse the policy file `file` (its text) put by the statement at `put_at`. `resolve` turns a
/// `Principal` name into a canonical key.
///
/// The document is `{"Version": "1", "Statement": ...}` with at least one statement, as in
/// every MaxCompute example (`spec/acl-policy.md` §3.3); its shape is checked by
/// [`json::statements`], the same walk RAM policies use.
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
    let statements = json::statements(&root)
        .map_err(|e| ctx.walk(e))?
        .into_iter()
        .map(|item| statement(&ctx, item))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PolicyDocument {
        file: file.to_string(),
        put_at: put_at.clone(),
        statements,
        text: text.to_string(),
    })
}

/// Check one written `Action` value; a management action's offset and text go to
/// `management_at` (the first one only).
fn action(
    ctx: &Ctx<'_>,
    o: usize,
    a: &str,
    management_at: &mut Option<(usize, String)>,
) -> Result<(), LoadError> {
    if a == "*" {
        return Ok(());
    }
    let Some(name) = odps_action(a) else {
        let hint = match Action::from_name(a).or_else(|| Action::suggest(a)) {
            Some(act) => format!(" (did you mean `odps:{act}`?)"),
            None => String::new(),
        };
        return Err(ctx.err(
            o,
            format!("invalid action `{a}`: expected `odps:<Action>` or `*`{hint}"),
        ));
    };
    if name.contains(['*', '?']) {
        return Ok(());
    }
    let Some(act) = Action::from_name(name) else {
        let hint = match Action::suggest(name) {
            Some(act) => format!("(did you mean `odps:{act}`?)"),
            None => format!(
                "with <Action> one of {}",
                Action::names().collect::<Vec<_>>().join(", ")
            ),
        };
        return Err(ctx.err(
            o,
            format!("unknown action `{a}`: expected `odps:<Action>` {hint}"),
        ));
    };
    if act.is_management() && management_at.is_none() {
        *management_at = Some((o, a.to_string()));
    }
    Ok(())
}

fn statement(ctx: &Ctx<'_>, item: &Json) -> Result<PolicyStatement, LoadError> {
    let members = json::members(item, "a statement object").map_err(|e| ctx.walk(e))?;
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
                for (o, a) in json::strings(v, "action").map_err(|e| ctx.walk(e))? {
                    action(ctx, o, &a, &mut management_at)?;
                    actions.push(a);
                }
            }
            "Resource" => {
                for (o, r) in json::strings(v, "resource").map_err(|e| ctx.walk(e))? {
                    resources.push(arn::normalize_pattern(&r).map_err(|m| ctx.err(o, m))?);
                }
            }
            "Principal" => {
                principal_at = Some(*at);
                for (o, p) in json::strings(v, "principal").map_err(|e| ctx.walk(e))? {
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
                return Err(ctx.err(
                    *at,
                    json::unknown_member("statement member", other, &STATEMENT_MEMBERS),
                ))
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
    let operator = |name: &str, at: usize| {
        Operator::from_name(name).ok_or_else(|| {
            (
                at,
                format!(
                    "unknown condition operator `{name}`: expected one of {}",
                    Operator::names()
                ),
            )
        })
    };
    let key = |name: &str, at: usize| {
        ConditionKey::from_name(name).ok_or_else(|| {
            (
                at,
                format!(
                    "unknown condition key `{name}`: expected one of {}",
                    ConditionKey::names()
                ),
            )
        })
    };
    let entries = json::condition_entries(v, operator, key).map_err(|e| ctx.walk(e))?;
    let mut clauses = Vec::new();
    for e in entries {
        let values = e.values.iter().map(|(_, v)| v.clone()).collect();
        let clause =
            Clause::new(e.operator, e.key, values).map_err(|(i, m)| ctx.err(e.value_at(i), m))?;
        clauses.push(clause);
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

    fn role_err(text: &str) -> String {
        doc(text, PolicyKind::Role { admin: false })
            .unwrap_err()
            .to_string()
    }

    fn with_condition(c: &str) -> String {
        format!(
            r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"odps:Select","Resource":"*","Condition":{c}}}]}}"#
        )
    }

    /// The document rules shared with RAM policies (load.md #3): these loaded before.
    #[test]
    fn document_shape_is_checked_as_for_ram_policies() {
        assert_eq!(
            role_err(r#"{"Version":"1","Statement":[]}"#),
            "p.json:1:28: expected at least one statement"
        );
        assert_eq!(
            role_err(r#"{"Statement":[{"Effect":"Allow","Action":"odps:Select","Resource":"*"}]}"#),
            "p.json:1:1: the policy has no `Version`: expected `\"Version\": \"1\"`"
        );
        assert_eq!(
            role_err(&with_condition("{}")),
            "p.json:1:97: expected at least one condition operator: \
             `{ \"<Operator>\": { \"<key>\": <values> } }`"
        );
        assert_eq!(
            role_err(&with_condition(r#"{"StringEquals":{}}"#)),
            "p.json:1:98: `StringEquals` names no condition key"
        );
        assert_eq!(
            role_err(&with_condition(r#"{"StringEquals":{"odps:TaskType":[]}}"#)),
            "p.json:1:130: expected at least one condition value"
        );
        assert_eq!(
            role_err(r#"{"Version":"1","statement":[]}"#),
            "p.json:1:16: unknown member `statement`: names are case-sensitive, expected \
             `Statement`"
        );
        assert_eq!(
            role_err(r#"{"Version":"1","Statement":[{"effect":"Allow"}]}"#),
            "p.json:1:30: unknown statement member `effect`: names are case-sensitive, \
             expected `Effect`"
        );
        assert_eq!(
            role_err(
                r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["odps:Select",3]}]}"#
            ),
            "p.json:1:71: expected each action as a string, found a number"
        );
    }

    /// Unknown actions say what was expected (user.md U4).
    #[test]
    fn unknown_actions_name_the_closest_action() {
        let text = |a: &str| {
            format!(
                r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"{a}","Resource":"*"}}]}}"#
            )
        };
        assert_eq!(
            role_err(&text("odps:Selec")),
            "p.json:1:56: unknown action `odps:Selec`: expected `odps:<Action>` (did you mean \
             `odps:Select`?)"
        );
        let e = role_err(&text("odps:Fly"));
        assert!(
            e.starts_with(
                "p.json:1:56: unknown action `odps:Fly`: expected `odps:<Action>` with <Action> \
                 one of Read, Write, List, "
            ),
            "{e}"
        );
        assert!(e.ends_with(", ClearExpiredGrants"), "{e}");
        assert_eq!(
            role_err(&text("Select")),
            "p.json:1:56: invalid action `Select`: expected `odps:<Action>` or `*` (did you \
             mean `odps:Select`?)"
        );
        assert_eq!(
            role_err(&text("acs:Frobnicate")),
            "p.json:1:56: invalid action `acs:Frobnicate`: expected `odps:<Action>` or `*`"
        );
    }
}
