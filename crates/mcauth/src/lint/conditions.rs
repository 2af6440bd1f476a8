//! Conditions that can never hold, on ACL grants and policy statements: a clause on a key no
//! request carries (`condition-never-carried`), or clauses on one key that no value satisfies
//! together (`condition-contradictory`). `docs/semantics.md` LT16, LT17.
//!
//! Both are judged by the engine's own evaluation ([`Condition::evaluate`]), never by a second
//! reading of the operators: a key is "never carried" when a request context that carries
//! everything a request can carry still reports it missing; a key's clauses contradict each
//! other when none of a finite set of values that stands for every value satisfies them. That
//! set is exact for the cases it is built for — addresses: every boundary of the clauses' blocks
//! and ranges, one address on each side of it, and the ends of both families; times: every
//! time named, one nanosecond on each side, and the ends of time; task types: the values of a
//! `StringEquals` clause, one of which any satisfying value must be — and other combinations
//! are not judged.

use super::statements::Stmt;
use super::{by_statement, describe, Code, Finding};
use crate::condition::{Clause, Condition, ConditionContext, ConditionKey, Operator, Unmet};
use crate::location::Source;
use crate::model::Project;
use crate::network::{next_ip, previous_ip, IpEntry};
use jiff::{SignedDuration, Timestamp};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The condition lints of one project: its ACL grants (once per statement) and its policy
/// statements, exception policy included.
pub(super) fn lint(project: &Project, statements: &[Stmt<'_>], out: &mut Vec<Finding>) {
    let conditional = project.acl.iter().filter(|g| g.conditions.is_some());
    for (src, grants) in by_statement(conditional) {
        if let Some(c) = grants.first().and_then(|g| g.conditions.as_ref()) {
            report(c, src, || describe(&grants), out);
        }
    }
    for st in statements {
        if let Some(c) = &st.s.condition {
            report(
                c,
                &st.s.source,
                || format!("{} statement `{}`", st.scope, st.s),
                out,
            );
        }
    }
}

fn report(c: &Condition, src: &Source, what: impl Fn() -> String, out: &mut Vec<Finding>) {
    if let Some((code, why)) = never_holds(c) {
        out.push(Finding::new(code, Some(src), format!("{}: {why}", what())));
    }
}

/// Why `c` can never hold, with the code to report, or `None` when it may hold (or the analysis
/// cannot tell).
pub(super) fn never_holds(c: &Condition) -> Option<(Code, String)> {
    let absent: Vec<String> = c
        .clauses
        .iter()
        .filter(|cl| !carried(cl))
        .map(|cl| cl.key.to_string())
        .fold(Vec::new(), |mut v, k| {
            if !v.contains(&k) {
                v.push(k);
            }
            v
        });
    if !absent.is_empty() {
        return Some((
            Code::ConditionNeverCarried,
            format!(
                "its condition tests {}, which no request carries (docs/semantics.md Y7), so it \
                 never holds",
                absent.join(", ")
            ),
        ));
    }
    let mut keys: Vec<ConditionKey> = Vec::new();
    for cl in &c.clauses {
        if !keys.contains(&cl.key) {
            keys.push(cl.key);
        }
    }
    keys.into_iter().find_map(|key| {
        let group: Vec<Clause> = c
            .clauses
            .iter()
            .filter(|cl| cl.key == key)
            .cloned()
            .collect();
        let values = witnesses(key, &group)?;
        let only = Condition {
            text: String::new(),
            clauses: group,
        };
        if values.iter().any(|v| only.evaluate(&v.context()).is_ok()) {
            return None;
        }
        let clauses: Vec<String> = only.clauses.iter().map(ToString::to_string).collect();
        Some((
            Code::ConditionContradictory,
            format!(
                "no {key} satisfies {} together, so its condition never holds",
                clauses.join(" and ")
            ),
        ))
    })
}

/// Whether requests can carry the key of `clause`: evaluated alone against a context that
/// carries every key a request may carry, it is not reported missing.
fn carried(clause: &Clause) -> bool {
    let everything = ConditionContext {
        source_ip: Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        time: Some(Timestamp::UNIX_EPOCH),
        task_type: Some(""),
        columns: Some(&[]),
        privileges: Some(&[]),
    };
    let alone = Condition {
        text: String::new(),
        clauses: vec![clause.clone()],
    };
    !matches!(alone.evaluate(&everything), Err(Unmet::Missing(_)))
}

/// One value of a key, to try.
#[derive(Debug, Clone)]
enum Value {
    Ip(IpAddr),
    Time(Timestamp),
    Text(String),
}

impl Value {
    /// A request context carrying this value only.
    fn context(&self) -> ConditionContext<'_> {
        match self {
            Value::Ip(ip) => ConditionContext {
                source_ip: Some(*ip),
                ..ConditionContext::default()
            },
            Value::Time(t) => ConditionContext {
                time: Some(*t),
                ..ConditionContext::default()
            },
            Value::Text(s) => ConditionContext {
                task_type: Some(s),
                ..ConditionContext::default()
            },
        }
    }
}

/// Values of `key` that stand for all of them against `clauses` (all on `key`): some value
/// satisfies the clauses exactly when one of these does. `None` when no such finite set is
/// known for these operators.
fn witnesses(key: ConditionKey, clauses: &[Clause]) -> Option<Vec<Value>> {
    use Operator::*;
    let all = |ok: fn(Operator) -> bool| clauses.iter().all(|c| ok(c.operator));
    match key {
        ConditionKey::SourceIp => {
            if !all(|o| matches!(o, IpAddress | NotIpAddress | StringEquals | StringNotEquals)) {
                return None;
            }
            let mut points = vec![
                IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                IpAddr::V4(Ipv4Addr::BROADCAST),
                IpAddr::V6(Ipv6Addr::UNSPECIFIED),
                IpAddr::V6(Ipv6Addr::from(u128::MAX)),
            ];
            for c in clauses {
                // The address operators' entries; the string operators compare the address's
                // text, so a value that reads as an address is a boundary.
                if matches!(c.operator, IpAddress | NotIpAddress) {
                    let ends = c.ips().iter().filter_map(IpEntry::bounds);
                    points.extend(ends.flat_map(|(lo, hi)| [lo, hi]));
                } else {
                    points.extend(
                        c.values
                            .iter()
                            .filter_map(|v| v.trim().parse::<IpAddr>().ok()),
                    );
                }
            }
            let around = points
                .iter()
                .flat_map(|p| [Some(*p), previous_ip(*p), next_ip(*p)])
                .flatten();
            Some(around.map(Value::Ip).collect())
        }
        ConditionKey::CurrentTime => {
            let dates = |o| {
                matches!(
                    o,
                    DateEquals
                        | DateNotEquals
                        | DateLessThan
                        | DateLessThanEquals
                        | DateGreaterThan
                        | DateGreaterThanEquals
                        | StringEquals
                        | StringNotEquals
                )
            };
            if !all(dates) {
                return None;
            }
            let one = SignedDuration::from_nanos(1);
            let mut points = vec![Timestamp::MIN, Timestamp::MAX];
            for c in clauses {
                // The date operators' times; the string operators compare the time's text.
                if matches!(c.operator, StringEquals | StringNotEquals) {
                    let texts = c
                        .values
                        .iter()
                        .filter_map(|v| v.trim().parse::<Timestamp>().ok());
                    points.extend(texts);
                } else {
                    points.extend(c.times());
                }
            }
            let around = points
                .iter()
                .flat_map(|t| [Some(*t), t.checked_sub(one).ok(), t.checked_add(one).ok()])
                .flatten();
            Some(around.map(Value::Time).collect())
        }
        ConditionKey::TaskType => {
            // Any value that satisfies every clause equals one of this clause's values.
            let eq = clauses.iter().find(|c| c.operator == StringEquals)?;
            Some(eq.values.iter().cloned().map(Value::Text).collect())
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn clause(op: Operator, key: ConditionKey, values: &[&str]) -> Clause {
        Clause::new(op, key, values.iter().map(|s| s.to_string()).collect()).unwrap()
    }

    fn cond(clauses: Vec<Clause>) -> Condition {
        Condition {
            text: String::new(),
            clauses,
        }
    }

    fn code(c: &Condition) -> Option<Code> {
        never_holds(c).map(|(code, _)| code)
    }

    const T1: &str = "2026-03-01T00:00:00Z";
    const T2: &str = "2026-04-01T00:00:00Z";

    #[test]
    fn keys_requests_never_carry() {
        use ConditionKey::*;
        for key in [UserAgent, SecureTransport, MfaPresent, InstanceId] {
            let c = cond(vec![clause(Operator::StringEquals, key, &["x"])]);
            assert_eq!(code(&c), Some(Code::ConditionNeverCarried), "{key}");
        }
        let c = cond(vec![
            clause(Operator::IpAddress, SourceIp, &["10.0.0.0/8"]),
            clause(Operator::Bool, SecureTransport, &["true"]),
        ]);
        let (_, why) = never_holds(&c).unwrap();
        assert!(
            why.contains("acs:SecureTransport") && !why.contains("SourceIp"),
            "{why}"
        );
        // Keys requests do carry, some of them only for some actions.
        for (op, key, v) in [
            (Operator::IpAddress, SourceIp, "10.0.0.0/8"),
            (Operator::StringEquals, TaskType, "SQL"),
            (Operator::StringSubSet, SelectColumns, "id"),
            (Operator::StringIntersectSetNotEmpty, Privileges, "Select"),
        ] {
            assert_eq!(code(&cond(vec![clause(op, key, &[v])])), None, "{key}");
        }
    }

    #[test]
    fn contradictory_time_windows() {
        use ConditionKey::CurrentTime as K;
        // Before T1 and after T2, with T1 <= T2: no time.
        let window = |lt: &str, gt: &str| {
            cond(vec![
                clause(Operator::DateLessThan, K, &[lt]),
                clause(Operator::DateGreaterThan, K, &[gt]),
            ])
        };
        assert_eq!(code(&window(T1, T2)), Some(Code::ConditionContradictory));
        assert_eq!(code(&window(T1, T1)), Some(Code::ConditionContradictory));
        assert_eq!(code(&window(T2, T1)), None);
        // At or before T1 and at or after T1: exactly T1.
        let c = cond(vec![
            clause(Operator::DateLessThanEquals, K, &[T1]),
            clause(Operator::DateGreaterThanEquals, K, &[T1]),
        ]);
        assert_eq!(code(&c), None);
        // Strictly between two times one nanosecond apart: nothing.
        let c = cond(vec![
            clause(Operator::DateGreaterThan, K, &["2026-03-01T00:00:00Z"]),
            clause(
                Operator::DateLessThan,
                K,
                &["2026-03-01T00:00:00.000000001Z"],
            ),
        ]);
        assert_eq!(code(&c), Some(Code::ConditionContradictory));
    }

    #[test]
    fn contradictory_strings_and_addresses() {
        use ConditionKey::*;
        let c = cond(vec![
            clause(Operator::StringEquals, TaskType, &["SQL"]),
            clause(Operator::StringEquals, TaskType, &["DT"]),
        ]);
        assert_eq!(code(&c), Some(Code::ConditionContradictory));
        let c = cond(vec![
            clause(Operator::StringEquals, TaskType, &["SQL", "DT"]),
            clause(Operator::StringEquals, TaskType, &["DT"]),
        ]);
        assert_eq!(code(&c), None);
        let c = cond(vec![
            clause(Operator::StringEquals, TaskType, &["SQL"]),
            clause(Operator::StringNotEquals, TaskType, &["SQL"]),
        ]);
        assert_eq!(code(&c), Some(Code::ConditionContradictory));
        // Without a StringEquals the task type is not judged.
        let c = cond(vec![
            clause(Operator::StringLike, TaskType, &["S*"]),
            clause(Operator::StringNotLike, TaskType, &["*"]),
        ]);
        assert_eq!(code(&c), None);
        let nothing = cond(vec![clause(Operator::IpAddress, SourceIp, &["\\N"])]);
        assert_eq!(code(&nothing), Some(Code::ConditionContradictory));
        let disjoint = cond(vec![
            clause(Operator::IpAddress, SourceIp, &["10.0.0.0/8"]),
            clause(Operator::IpAddress, SourceIp, &["192.168.0.0/16"]),
        ]);
        assert_eq!(code(&disjoint), Some(Code::ConditionContradictory));
        let hole = cond(vec![
            clause(Operator::IpAddress, SourceIp, &["10.0.0.0-10.0.0.2"]),
            clause(Operator::NotIpAddress, SourceIp, &["10.0.0.0", "10.0.0.2"]),
        ]);
        assert_eq!(code(&hole), None, "10.0.0.1 is left");
        let everything = cond(vec![clause(
            Operator::NotIpAddress,
            SourceIp,
            &["0.0.0.0/0", "::/0"],
        )]);
        assert_eq!(code(&everything), Some(Code::ConditionContradictory));
        let v4_only = cond(vec![clause(
            Operator::NotIpAddress,
            SourceIp,
            &["0.0.0.0/0"],
        )]);
        assert_eq!(code(&v4_only), None, "an IPv6 address is outside");
    }

    const IPS: [&str; 8] = [
        "10.0.0.1",
        "10.0.0.5",
        "10.0.0.6",
        "9.255.255.255",
        "192.168.1.1",
        "::1",
        "8.8.8.8",
        "0.0.0.0",
    ];
    const IP_VALUES: [&str; 8] = [
        "10.0.0.0/8",
        "10.0.0.1",
        "10.0.0.0-10.0.0.5",
        "\\N",
        "*",
        "192.168.0.0/16",
        "::1",
        "0.0.0.0/0",
    ];
    const TIMES: [&str; 4] = [
        "2026-03-01T00:00:00Z",
        "2026-03-01T00:00:00.000000001Z",
        "2026-04-01T00:00:00Z",
        "2025-12-31T23:59:59Z",
    ];
    const TASKS: [&str; 4] = ["SQL", "DT", "sql", "MR"];

    fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
        proptest::sample::subsequence(pool.to_vec(), 1..=2)
            .prop_map(|v| v.into_iter().map(str::to_string).collect())
    }

    fn a_clause() -> impl Strategy<Value = Clause> {
        use ConditionKey::*;
        use Operator::*;
        let ip = (
            proptest::sample::select(vec![IpAddress, NotIpAddress]),
            pick(&IP_VALUES),
        )
            .prop_map(|(op, v)| Clause::new(op, SourceIp, v).unwrap());
        let ip_text = (
            proptest::sample::select(vec![StringEquals, StringNotEquals]),
            pick(&IPS),
        )
            .prop_map(|(op, v)| Clause::new(op, SourceIp, v).unwrap());
        let time = (
            proptest::sample::select(vec![
                DateEquals,
                DateNotEquals,
                DateLessThan,
                DateLessThanEquals,
                DateGreaterThan,
                DateGreaterThanEquals,
            ]),
            pick(&TIMES),
        )
            .prop_map(|(op, v)| Clause::new(op, CurrentTime, v).unwrap());
        let task = (
            proptest::sample::select(vec![
                StringEquals,
                StringNotEquals,
                StringEqualsIgnoreCase,
                StringLike,
            ]),
            pick(&["SQL", "DT", "sql", "S*"]),
        )
            .prop_map(|(op, v)| Clause::new(op, TaskType, v).unwrap());
        prop_oneof![ip, ip_text, time, task]
    }

    fn a_context() -> impl Strategy<Value = (String, String, String)> {
        (
            proptest::sample::select(IPS.to_vec()),
            proptest::sample::select(TIMES.to_vec()),
            proptest::sample::select(TASKS.to_vec()),
        )
            .prop_map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// A condition reported as never holding is false for every request context.
        #[test]
        fn reported_conditions_hold_for_no_request(
            clauses in proptest::collection::vec(a_clause(), 1..4),
            (ip, time, task) in a_context(),
        ) {
            let c = cond(clauses);
            if never_holds(&c).is_some() {
                let ctx = ConditionContext {
                    source_ip: ip.parse().ok(),
                    time: time.parse().ok(),
                    task_type: Some(&task),
                    columns: None,
                    privileges: None,
                };
                prop_assert!(c.evaluate(&ctx).is_err(), "{c:?} holds for {ip} {time} {task}");
            }
        }
    }
}
