//! Property tests for RAM policy evaluation: a matching Deny always wins, removing Denies never
//! takes an Allow away, `NotAction`/`NotResource` match exactly what `Action`/`Resource` do not,
//! and the outcome does not depend on the order of policies.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use mcauth::condition::Operator;
use mcauth::location::Source;
use mcauth::ram::{
    evaluate, Patterns, RamClause, RamContext, RamOutcome, RamPolicy, RamRequest, RamStatement,
};
use mcauth::Effect;
use proptest::prelude::*;

const ACTIONS: [&str; 6] = [
    "oss:GetObject",
    "oss:PutObject",
    "OSS:getobject",
    "ram:CreateUser",
    "odps:ListProjects",
    "sts:AssumeRole",
];

const ACTION_PATTERNS: [&str; 9] = [
    "*",
    "oss:*",
    "oss:Get*",
    "*:Get?bject",
    "ram:*",
    "odps:List*",
    "oss:PutObject",
    "OSS:GETOBJECT",
    "sts:AssumeRole",
];

const RESOURCES: [&str; 5] = [
    "acs:oss:*:1000000000000001:lake/data",
    "acs:oss:*:1000000000000001:Lake/data",
    "acs:ram::1000000000000001:role/etl",
    "acs:odps:cn-hangzhou:1000000000000001:projects/p",
    "*",
];

const RESOURCE_PATTERNS: [&str; 7] = [
    "*",
    "acs:oss:*:*:lake/*",
    "acs:oss:*:*:Lake/*",
    "acs:ram::*:role/*",
    "acs:odps:*:*:projects/?",
    "acs:*:*:1000000000000001:*",
    "acs:oss:*:*:lake",
];

/// The request's source IP: absent, inside 10.0.0.0/8, or outside it.
const IPS: [Option<&str>; 3] = [None, Some("10.1.2.3"), Some("192.168.0.1")];

fn source() -> Source {
    Source::new("p.json", 1, 1)
}

fn patterns(from: &'static [&'static str]) -> impl Strategy<Value = Patterns> {
    (
        any::<bool>(),
        prop::collection::vec(prop::sample::select(from), 1..3),
    )
        .prop_map(|(except, p)| {
            let p: Vec<String> = p.into_iter().map(str::to_string).collect();
            if except {
                Patterns::Except(p)
            } else {
                Patterns::Only(p)
            }
        })
}

fn effect() -> impl Strategy<Value = Effect> {
    prop_oneof![Just(Effect::Allow), Just(Effect::Deny)]
}

/// No condition, or `IpAddress` / `NotIpAddress` on 10.0.0.0/8.
fn condition() -> impl Strategy<Value = Vec<RamClause>> {
    prop_oneof![
        2 => Just(Vec::new()),
        1 => Just(vec![RamClause::new(Operator::IpAddress, "acs:SourceIp", vec!["10.0.0.0/8".into()]).unwrap()]),
        1 => Just(vec![RamClause::new(Operator::NotIpAddress, "acs:SourceIp", vec!["10.0.0.0/8".into()]).unwrap()]),
    ]
}

fn statement() -> impl Strategy<Value = RamStatement> {
    (
        effect(),
        patterns(&ACTION_PATTERNS),
        patterns(&RESOURCE_PATTERNS),
        condition(),
    )
        .prop_map(|(effect, actions, resources, condition)| RamStatement {
            effect,
            actions,
            resources: Some(resources),
            principals: None,
            condition,
            source: source(),
        })
}

fn policies() -> impl Strategy<Value = Vec<RamPolicy>> {
    prop::collection::vec(prop::collection::vec(statement(), 0..4), 0..4).prop_map(|ps| {
        ps.into_iter()
            .enumerate()
            .map(|(i, statements)| RamPolicy {
                name: format!("p{i}.json"),
                system: false,
                statements,
                text: String::new(),
            })
            .collect()
    })
}

#[derive(Debug, Clone)]
struct Ask {
    action: &'static str,
    resource: &'static str,
    ip: Option<&'static str>,
}

fn ask() -> impl Strategy<Value = Ask> {
    (
        prop::sample::select(&ACTIONS[..]),
        prop::sample::select(&RESOURCES[..]),
        prop::sample::select(&IPS[..]),
    )
        .prop_map(|(action, resource, ip)| Ask {
            action,
            resource,
            ip,
        })
}

fn context(ask: &Ask) -> RamContext {
    let mut ctx = RamContext::new();
    if let Some(ip) = ask.ip {
        ctx.set("acs:SourceIp", ip);
    }
    ctx
}

fn outcome(policies: &[RamPolicy], ask: &Ask) -> RamOutcome {
    let refs: Vec<&RamPolicy> = policies.iter().collect();
    let ctx = context(ask);
    evaluate(
        &refs,
        &RamRequest {
            action: ask.action,
            resource: Some(ask.resource),
            caller: None,
            resource_account: None,
            context: &ctx,
        },
    )
    .outcome
}

/// A Deny statement that matches `ask` by construction: its action, resource and condition
/// are chosen from the request itself (`pick` selects among the forms).
fn matching_deny(ask: &Ask, pick: (u8, u8, bool)) -> RamStatement {
    let actions = match pick.0 % 4 {
        0 => Patterns::Only(vec![ask.action.to_string()]),
        1 => Patterns::Only(vec!["*".into()]),
        2 => Patterns::Only(vec![ask.action.to_ascii_uppercase()]),
        _ => Patterns::Except(vec!["nosuchservice:*".into()]),
    };
    let resources = match pick.1 % 3 {
        0 => Patterns::Only(vec![ask.resource.to_string()]),
        1 => Patterns::Only(vec!["*".into()]),
        _ => Patterns::Except(vec!["acs:nosuchservice:*:*:*".into()]),
    };
    let condition = match (pick.2, ask.ip) {
        (true, Some(ip)) => {
            vec![RamClause::new(Operator::IpAddress, "acs:SourceIp", vec![ip.to_string()]).unwrap()]
        }
        _ => Vec::new(),
    };
    RamStatement {
        effect: Effect::Deny,
        actions,
        resources: Some(resources),
        principals: None,
        condition,
        source: Source::new("deny.json", 7, 3),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_matching_deny_always_wins(
        mut ps in policies(),
        ask in ask(),
        pick in (any::<u8>(), any::<u8>(), any::<bool>()),
        place in any::<prop::sample::Index>(),
    ) {
        let deny = matching_deny(&ask, pick);
        // Into an existing policy, or as a policy of its own.
        if ps.is_empty() || place.index(2) == 0 {
            ps.push(RamPolicy { name: "deny.json".into(), system: false, statements: vec![deny.clone()], text: String::new() });
        } else {
            let i = place.index(ps.len());
            let at = place.index(ps[i].statements.len() + 1);
            ps[i].statements.insert(at, deny.clone());
        }
        let refs: Vec<&RamPolicy> = ps.iter().collect();
        let ctx = context(&ask);
        let v = evaluate(&refs, &RamRequest {
            action: ask.action, resource: Some(ask.resource), caller: None,
            resource_account: None, context: &ctx,
        });
        prop_assert_eq!(v.outcome, RamOutcome::ExplicitDeny);
        prop_assert!(v.deciding.iter().any(|(_, s)| **s == deny));
        prop_assert!(v.deciding.iter().all(|(_, s)| s.effect == Effect::Deny));
    }

    #[test]
    fn removing_denies_never_turns_an_allow_into_a_deny(ps in policies(), ask in ask()) {
        let before = outcome(&ps, &ask);
        let mut stripped = ps.clone();
        for p in &mut stripped {
            p.statements.retain(|s| s.effect == Effect::Allow);
        }
        let after = outcome(&stripped, &ask);
        prop_assert_ne!(after, RamOutcome::ExplicitDeny);
        if before == RamOutcome::Allow {
            prop_assert_eq!(after, RamOutcome::Allow);
        }
    }

    #[test]
    fn the_order_of_policies_does_not_matter(ps in policies(), ask in ask()) {
        let mut reversed = ps.clone();
        reversed.reverse();
        for p in &mut reversed {
            p.statements.reverse();
        }
        prop_assert_eq!(outcome(&ps, &ask), outcome(&reversed, &ask));
    }

    #[test]
    fn except_matches_exactly_what_only_does_not(
        p in prop::collection::vec("[abAB:*?]{0,5}", 1..3),
        text in "[abAB:/]{0,6}",
    ) {
        let only = Patterns::Only(p.clone());
        let except = Patterns::Except(p);
        prop_assert_eq!(except.matches_action(&text), !only.matches_action(&text));
        prop_assert_eq!(except.matches_resource(&text), !only.matches_resource(&text));
    }

    #[test]
    fn not_action_and_not_resource_statements_complement_action_and_resource(
        actions in prop::collection::vec(prop::sample::select(&ACTION_PATTERNS[..]), 1..3),
        resources in prop::collection::vec(prop::sample::select(&RESOURCE_PATTERNS[..]), 1..3),
        ask in ask(),
    ) {
        let actions: Vec<String> = actions.into_iter().map(str::to_string).collect();
        let resources: Vec<String> = resources.into_iter().map(str::to_string).collect();
        let make = |a: Patterns, r: Patterns| RamStatement {
            effect: Effect::Allow, actions: a, resources: Some(r), principals: None,
            condition: Vec::new(), source: source(),
        };
        let only = make(Patterns::Only(actions.clone()), Patterns::Only(resources.clone()));
        let not_action = make(Patterns::Except(actions), Patterns::Only(resources.clone()));
        let not_resource = make(only.actions.clone(), Patterns::Except(resources));
        prop_assert_eq!(not_action.matches_action(ask.action), !only.matches_action(ask.action));
        prop_assert_eq!(
            not_resource.matches_resource(Some(ask.resource)),
            !only.matches_resource(Some(ask.resource))
        );
    }

    #[test]
    fn actions_ignore_case_resources_do_not(p in "[abAB:*?]{1,5}", text in "[abAB:]{0,6}") {
        let only = Patterns::Only(vec![p]);
        prop_assert_eq!(only.matches_action(&text), only.matches_action(&text.to_ascii_uppercase()));
        prop_assert_eq!(only.matches_action(&text), only.matches_action(&text.to_ascii_lowercase()));
        if only.matches_resource(&text) {
            prop_assert!(only.matches_action(&text));
        }
    }
}
