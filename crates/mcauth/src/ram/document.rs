//! Reading a RAM policy document (Version "1") with errors at `file:line:column`.
//!
//! Grammar (RAM "Policy structure and syntax",
//! <https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax>, and "Policy
//! elements", <https://www.alibabacloud.com/help/en/ram/policy-elements>):
//!
//! ```text
//! policy    = { "Version": "1", "Statement": statement | [statement, ...] }
//! statement = { "Effect": "Allow" | "Deny",
//!               "Action" | "NotAction": string | [string, ...],
//!               "Resource" | "NotResource": string | [string, ...],   -- permission policies
//!               "Principal": { "RAM" | "Service" | "Federated": string | [string, ...] },
//!                                                                     -- trust policies
//!               "Condition"?: { operator: { key: value | [value, ...] } },
//!               "Sid"?: string }
//! ```
//!
//! Element names, operators and predefined values (`Allow`, `Deny`, `"1"`) are case-sensitive
//! ("Element names (like Effect), operators, and predefined values are case-sensitive", the
//! syntax page); action values are not. Unknown members are errors.

use super::{condition_block, principal};
use super::{Patterns, RamClause, RamPolicy, RamStatement, TrustPrincipals};
use crate::decision::Effect;
use crate::error::LoadError;
use crate::location::LineIndex;
use crate::policy::json::{self, Json, Value, WalkError};

/// Which kind of RAM policy a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RamPolicyKind {
    /// A permission policy: `Resource`/`NotResource`, no `Principal`.
    Permission,
    /// A role's trust policy: `Principal`, `sts:AssumeRole`, no `Resource`.
    Trust,
}

/// The file being read and its kind.
pub(super) struct Ctx<'a> {
    index: LineIndex<'a>,
    kind: RamPolicyKind,
}

impl Ctx<'_> {
    /// A syntax error at byte `offset` of the file.
    pub(super) fn err(&self, offset: usize, message: impl Into<String>) -> LoadError {
        LoadError::syntax(&self.index.source(offset), message)
    }

    /// A syntax error found by one of the shared walks of [`crate::policy::json`].
    pub(super) fn walk(&self, (offset, message): WalkError) -> LoadError {
        self.err(offset, message)
    }

    /// An unknown member: with a hint when only its case is wrong.
    fn unknown(&self, at: usize, what: &str, name: &str, known: &[&str]) -> LoadError {
        self.err(at, json::unknown_member(what, name, known))
    }
}

/// Parse the RAM policy file `file` (its `text`); the policy's name is the file's.
pub fn parse_ram_policy(
    file: &str,
    text: &str,
    kind: RamPolicyKind,
) -> Result<RamPolicy, LoadError> {
    parse_ram_policy_named(file, file, text, kind)
}

/// Parse the RAM policy called `name` (a system policy's name, or a policy file as the
/// statement that attaches it names it) from `text`, read from `file` (which errors name).
pub fn parse_ram_policy_named(
    name: &str,
    file: &str,
    text: &str,
    kind: RamPolicyKind,
) -> Result<RamPolicy, LoadError> {
    let ctx = Ctx {
        index: LineIndex::new(file, text),
        kind,
    };
    let root = json::parse(text).map_err(|e| ctx.err(e.offset, e.message))?;
    let statements = json::statements(&root)
        .map_err(|e| ctx.walk(e))?
        .into_iter()
        .map(|item| statement(&ctx, item))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RamPolicy {
        name: name.to_string(),
        system: false,
        statements,
        text: text.to_string(),
    })
}

/// A string or a non-empty array of strings, with the offset of each.
fn strings(ctx: &Ctx, v: &Json, what: &str) -> Result<Written, LoadError> {
    json::strings(v, what).map_err(|e| ctx.walk(e))
}

const STATEMENT_MEMBERS: [&str; 8] = [
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "Condition",
    "Sid",
];

/// Patterns with the offset of each, as written.
type Written = Vec<(usize, String)>;

/// Checks one principal entry.
type Check = fn(&str) -> Result<(), String>;

/// The parts of a statement as they are read.
#[derive(Default)]
struct Parts {
    effect: Option<Effect>,
    /// The key's offset, the patterns, and each pattern's offset.
    actions: Option<(usize, Patterns, Written)>,
    resources: Option<Patterns>,
    principals: Option<TrustPrincipals>,
    condition: Vec<RamClause>,
}

fn statement(ctx: &Ctx, item: &Json) -> Result<RamStatement, LoadError> {
    let members = json::members(item, "a statement object").map_err(|e| ctx.walk(e))?;
    let mut parts = Parts::default();
    for (key, at, v) in members {
        member(ctx, &mut parts, key, *at, v)?;
    }
    let effect = parts.effect.ok_or_else(|| {
        ctx.err(
            item.offset,
            "the statement has no `Effect`: expected `\"Effect\": \"Allow\"` or `\"Deny\"`",
        )
    })?;
    let (actions_at, actions, written) = parts
        .actions
        .ok_or_else(|| ctx.err(item.offset, "the statement has no `Action` or `NotAction`"))?;
    match ctx.kind {
        RamPolicyKind::Permission => {
            if parts.resources.is_none() {
                return Err(ctx.err(
                    item.offset,
                    "the statement has no `Resource` or `NotResource`",
                ));
            }
        }
        RamPolicyKind::Trust => {
            if parts.principals.is_none() {
                return Err(ctx.err(
                    item.offset,
                    "a trust policy statement must name a `Principal`: expected `{\"RAM\" | \"Service\" | \"Federated\": ...}`",
                ));
            }
            if actions.is_except() {
                return Err(ctx.err(
                    actions_at,
                    "a trust policy statement takes `\"Action\": \"sts:AssumeRole\"`, not `NotAction`",
                ));
            }
            if let Some((o, a)) = written
                .iter()
                .find(|(_, a)| !a.eq_ignore_ascii_case("sts:AssumeRole"))
            {
                return Err(ctx.err(
                    *o,
                    format!("invalid trust policy action `{a}`: expected `sts:AssumeRole`"),
                ));
            }
        }
    }
    Ok(RamStatement {
        effect,
        actions,
        resources: parts.resources,
        principals: parts.principals,
        condition: parts.condition,
        source: ctx.index.source(item.offset),
    })
}

fn member(ctx: &Ctx, parts: &mut Parts, key: &str, at: usize, v: &Json) -> Result<(), LoadError> {
    match key {
        "Effect" => {
            parts.effect = Some(match &v.value {
                Value::String(s) if s == "Allow" => Effect::Allow,
                Value::String(s) if s == "Deny" => Effect::Deny,
                Value::String(s)
                    if s.eq_ignore_ascii_case("allow") || s.eq_ignore_ascii_case("deny") =>
                {
                    return Err(ctx.err(
                        v.offset,
                        format!("invalid Effect `{s}`: values are case-sensitive, expected `\"Allow\"` or `\"Deny\"`"),
                    ))
                }
                _ => return Err(ctx.err(v.offset, "expected `\"Allow\"` or `\"Deny\"`")),
            })
        }
        "Action" | "NotAction" => {
            if parts.actions.is_some() {
                return Err(ctx.err(
                    at,
                    "a statement has `Action` or `NotAction`, not both",
                ));
            }
            let written = strings(ctx, v, "action")?;
            for (o, a) in &written {
                check_action(a).map_err(|m| ctx.err(*o, m))?;
            }
            let list = written.iter().map(|(_, a)| a.clone()).collect();
            let patterns = if key == "Action" {
                Patterns::Only(list)
            } else {
                Patterns::Except(list)
            };
            parts.actions = Some((at, patterns, written));
        }
        "Resource" | "NotResource" => {
            if ctx.kind == RamPolicyKind::Trust {
                return Err(ctx.err(
                    at,
                    format!("a trust policy statement has no `{key}`: the role is the resource"),
                ));
            }
            if parts.resources.is_some() {
                return Err(ctx.err(
                    at,
                    "a statement has `Resource` or `NotResource`, not both",
                ));
            }
            let written = strings(ctx, v, "resource")?;
            for (o, r) in &written {
                check_resource(r).map_err(|m| ctx.err(*o, m))?;
            }
            let list = written.into_iter().map(|(_, r)| r).collect();
            parts.resources = Some(if key == "Resource" {
                Patterns::Only(list)
            } else {
                Patterns::Except(list)
            });
        }
        "Principal" => {
            if ctx.kind == RamPolicyKind::Permission {
                return Err(ctx.err(
                    at,
                    "a permission policy statement must not name a `Principal` (trust policies do)",
                ));
            }
            parts.principals = Some(principals(ctx, v)?);
        }
        "Condition" => parts.condition = condition_block::condition(ctx, v)?,
        "Sid" => {
            if !matches!(v.value, Value::String(_)) {
                return Err(ctx.err(
                    v.offset,
                    format!("expected `Sid` as a string, found {}", v.value.kind()),
                ));
            }
        }
        other => return Err(ctx.unknown(at, "statement member", other, &STATEMENT_MEMBERS)),
    }
    Ok(())
}

/// `<ram-code>:<action>` (globs allowed) or `*`.
fn check_action(a: &str) -> Result<(), String> {
    if a == "*" {
        return Ok(());
    }
    let fine = a.split_once(':').is_some_and(|(code, name)| {
        !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '*' | '?'))
            && !name.is_empty()
            && !name.contains(':')
            && !name.chars().any(char::is_whitespace)
    });
    if fine {
        Ok(())
    } else {
        Err(format!(
            "invalid action `{a}`: expected `<ram-code>:<action>` (e.g. `oss:GetObject`, `ecs:Describe*`) or `*`"
        ))
    }
}

/// `acs:<service>:<region>:<account>:<relative-id>` (globs allowed) or `*`.
fn check_resource(r: &str) -> Result<(), String> {
    if r == "*" {
        return Ok(());
    }
    let p: Vec<&str> = r.splitn(5, ':').collect();
    let fine = matches!(p.as_slice(), [acs, service, _, _, relative]
        if acs.eq_ignore_ascii_case("acs") && !service.is_empty() && !relative.is_empty())
        && !r.chars().any(char::is_whitespace);
    if fine {
        Ok(())
    } else {
        Err(format!(
            "invalid resource `{r}`: expected `acs:<service>:<region>:<account>:<relative-id>` (e.g. `acs:oss:*:*:bucket/*`) or `*`"
        ))
    }
}

fn principals(ctx: &Ctx, v: &Json) -> Result<TrustPrincipals, LoadError> {
    let Value::Object(members) = &v.value else {
        return Err(ctx.err(
            v.offset,
            "expected `{\"RAM\" | \"Service\" | \"Federated\": <principals>}`",
        ));
    };
    if members.is_empty() {
        return Err(ctx.err(
            v.offset,
            "expected at least one of `RAM`, `Service`, `Federated`",
        ));
    }
    let mut p = TrustPrincipals::default();
    for (key, at, list) in members {
        let (slot, check): (&mut Vec<String>, Check) = match key.as_str() {
            "RAM" => (&mut p.ram, principal::check_ram),
            "Service" => (&mut p.service, principal::check_service),
            "Federated" => (&mut p.federated, principal::check_federated),
            other => {
                return Err(ctx.unknown(
                    *at,
                    "principal type",
                    other,
                    &["RAM", "Service", "Federated"],
                ))
            }
        };
        for (o, entry) in strings(ctx, list, "principal")? {
            check(&entry).map_err(|m| ctx.err(o, m))?;
            slot.push(entry);
        }
    }
    Ok(p)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn err(text: &str, kind: RamPolicyKind) -> String {
        parse_ram_policy("p.json", text, kind)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn checks_actions_and_resources() {
        assert!(check_action("oss:GetObject").is_ok());
        assert!(check_action("dlf-dss:Get*").is_ok());
        assert!(check_action("*").is_ok());
        assert!(check_action("GetObject").is_err());
        assert!(check_action("oss:").is_err());
        assert!(check_action("oss:a b").is_err());
        assert!(check_resource("acs:oss:*:*:bucket/*").is_ok());
        assert!(check_resource("acs:ram::1000000000000001:role/etl").is_ok());
        assert!(check_resource("acs:odps:*:projects/p").is_err());
        assert!(check_resource("bucket/*").is_err());
    }

    #[test]
    fn statement_shapes() {
        let p = r#"{"Version":"1","Statement":{"Effect":"Allow","NotAction":"ram:*","Resource":"*","Sid":"s1"}}"#;
        let d = parse_ram_policy("p.json", p, RamPolicyKind::Permission).unwrap();
        assert_eq!(
            d.statements[0].actions,
            Patterns::Except(vec!["ram:*".into()])
        );
        let both = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","NotAction":"c:d","Resource":"*"}]}"#;
        assert!(err(both, RamPolicyKind::Permission).contains("not both"));
        let sid = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*","Sid":1}]}"#;
        assert!(err(sid, RamPolicyKind::Permission).contains("`Sid` as a string"));
    }

    /// An empty `Condition` is refused, as in MaxCompute policies (the walk is shared,
    /// load.md #3); it used to load as no condition at all.
    #[test]
    fn an_empty_condition_is_refused() {
        let p = r#"{"Version":"1","Statement":{"Effect":"Allow","Action":"oss:*","Resource":"*","Condition":{}}}"#;
        assert_eq!(
            err(p, RamPolicyKind::Permission),
            "p.json:1:90: expected at least one condition operator: \
             `{ \"<Operator>\": { \"<key>\": <values> } }`"
        );
    }

    /// The name is the caller's; errors name the file (load.md #20).
    #[test]
    fn the_name_is_a_parameter() {
        let p = r#"{"Version":"1","Statement":{"Effect":"Allow","Action":"oss:*","Resource":"*"}}"#;
        let d = parse_ram_policy_named(
            "custom.json",
            "dir/custom.json",
            p,
            RamPolicyKind::Permission,
        )
        .unwrap();
        assert_eq!(d.name, "custom.json");
        assert_eq!(d.statements[0].source.to_string(), "dir/custom.json:1:28");
        assert_eq!(
            parse_ram_policy("p.json", p, RamPolicyKind::Permission)
                .unwrap()
                .name,
            "p.json"
        );
    }
}
