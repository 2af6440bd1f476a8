//! Conditions on grants and policy statements (`spec/acl-policy.md` §2.4, §3.5).
//!
//! One model serves both: a condition is a list of clauses, all of which must hold; a clause
//! is an operator (RAM's string, numeric, date, boolean, IP and MaxCompute's set operators), a
//! key and values, and holds when the request's value for the key satisfies the operator
//! against any of the values. ACL `"conditions"` text ([`Condition::parse`]) and policy
//! `Condition` blocks (`crate::policy`) both compile into it.
//!
//! The comparison itself ([`Matcher`]: an operator with its checked, compiled values) is shared
//! with RAM policies (`crate::ram`), whose keys are an open set: MaxCompute's [`Clause`] binds a
//! matcher to one of the fixed [`ConditionKey`]s, RAM's clause to any key of the request context.
//!
//! A key the request does not carry makes its clause fail, so neither an Allow nor a Deny
//! applies (the spec's Recommended, as in RAM); the evaluation reports such keys so a decision
//! can list them under `missing_context`.

mod acl_text;

use crate::network::IpEntry;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

pub use acl_text::ConditionError;

/// A condition key (`spec/acl-policy.md` §3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConditionKey {
    /// `acs:SourceIp`: the request's `source_ip`.
    #[serde(rename = "acs:SourceIp")]
    SourceIp,
    /// `acs:CurrentTime`: the request's `time`.
    #[serde(rename = "acs:CurrentTime")]
    CurrentTime,
    /// `acs:UserAgent`: not carried by requests.
    #[serde(rename = "acs:UserAgent")]
    UserAgent,
    /// `acs:SecureTransport`: not carried by requests.
    #[serde(rename = "acs:SecureTransport")]
    SecureTransport,
    /// `acs:MFAPresent`: not carried by requests.
    #[serde(rename = "acs:MFAPresent")]
    MfaPresent,
    /// `odps:TaskType`: the request's `task_type` (`SQL`, `DT`, `MapReduce`, ...).
    #[serde(rename = "odps:TaskType")]
    TaskType,
    /// `odps:InstanceId`: not carried by requests.
    #[serde(rename = "odps:InstanceId")]
    InstanceId,
    /// `acs:Privileges`: the actions a `GrantPrivs`/`RevokePrivs` hands out.
    #[serde(rename = "acs:Privileges")]
    Privileges,
    /// `odps:SelectColumns`: the requested columns.
    #[serde(rename = "odps:SelectColumns")]
    SelectColumns,
}

impl ConditionKey {
    const ALL: [ConditionKey; 9] = [
        ConditionKey::SourceIp,
        ConditionKey::CurrentTime,
        ConditionKey::UserAgent,
        ConditionKey::SecureTransport,
        ConditionKey::MfaPresent,
        ConditionKey::TaskType,
        ConditionKey::InstanceId,
        ConditionKey::Privileges,
        ConditionKey::SelectColumns,
    ];

    /// Parse a key, case-insensitively.
    pub fn from_name(name: &str) -> Option<ConditionKey> {
        ConditionKey::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(name))
    }

    /// The documented spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionKey::SourceIp => "acs:SourceIp",
            ConditionKey::CurrentTime => "acs:CurrentTime",
            ConditionKey::UserAgent => "acs:UserAgent",
            ConditionKey::SecureTransport => "acs:SecureTransport",
            ConditionKey::MfaPresent => "acs:MFAPresent",
            ConditionKey::TaskType => "odps:TaskType",
            ConditionKey::InstanceId => "odps:InstanceId",
            ConditionKey::Privileges => "acs:Privileges",
            ConditionKey::SelectColumns => "odps:SelectColumns",
        }
    }

    /// All key names, for error messages.
    pub fn names() -> String {
        let v: Vec<&str> = ConditionKey::ALL.iter().map(|k| k.as_str()).collect();
        v.join(", ")
    }

    fn is_set(self) -> bool {
        matches!(self, ConditionKey::Privileges | ConditionKey::SelectColumns)
    }
}

impl fmt::Display for ConditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! operators {
    ($( $(#[$doc:meta])* $name:ident => $family:ident $(| $alias:literal)* ; )*) => {
        /// A condition operator (`spec/acl-policy.md` §3.5).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Operator { $( $(#[$doc])* $name, )* }

        impl Operator {
            const ALL: &'static [Operator] = &[$(Operator::$name,)*];

            /// The documented spelling.
            pub fn as_str(self) -> &'static str {
                match self { $(Operator::$name => stringify!($name),)* }
            }

            /// Parse an operator name, case-insensitively, with the documented alias
            /// `IntersectionSetNotNull` (CONTRADICTION K10).
            pub fn from_name(name: &str) -> Option<Operator> {
                $(
                    if name.eq_ignore_ascii_case(stringify!($name)) $(|| name.eq_ignore_ascii_case($alias))* {
                        return Some(Operator::$name);
                    }
                )*
                None
            }

            fn family(self) -> Family {
                match self { $(Operator::$name => Family::$family,)* }
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Str,
    Num,
    Date,
    Bool,
    Ip,
    Set,
}

operators! {
    /// Equal to one of the values (case-sensitive).
    StringEquals => Str;
    /// Equal to none of the values.
    StringNotEquals => Str;
    /// Equal to one of the values, ignoring case.
    StringEqualsIgnoreCase => Str;
    /// Equal to none of the values, ignoring case.
    StringNotEqualsIgnoreCase => Str;
    /// Matches one of the `*`/`?` patterns (case-sensitive).
    StringLike => Str;
    /// Matches none of the patterns (case-sensitive).
    StringNotLike => Str;
    /// Numerically equal to one of the values.
    NumericEquals => Num;
    /// Numerically equal to none.
    NumericNotEquals => Num;
    /// Less than one of the values.
    NumericLessThan => Num;
    /// At most one of the values.
    NumericLessThanEquals => Num;
    /// Greater than one of the values.
    NumericGreaterThan => Num;
    /// At least one of the values.
    NumericGreaterThanEquals => Num;
    /// At one of the times.
    DateEquals => Date;
    /// At none of the times.
    DateNotEquals => Date;
    /// Before one of the times.
    DateLessThan => Date;
    /// At or before one of the times.
    DateLessThanEquals => Date;
    /// After one of the times.
    DateGreaterThan => Date;
    /// At or after one of the times.
    DateGreaterThanEquals => Date;
    /// Equal to the boolean value.
    Bool => Bool;
    /// Inside one of the addresses or blocks.
    IpAddress => Ip;
    /// Inside none of them.
    NotIpAddress => Ip;
    /// The request's set shares nothing with the values.
    StringIntersectSetEmpty => Set;
    /// The request's set shares something with the values.
    StringIntersectSetNotEmpty => Set | "IntersectionSetNotNull";
    /// The request's set is a subset of the values.
    StringSubSet => Set;
    /// The request's set is not a subset of the values.
    StringNotSubSet => Set;
    /// As `StringIntersectSetEmpty`, ignoring case.
    StringIntersectSetEmptyIgnoreCase => Set;
    /// As `StringIntersectSetNotEmpty`, ignoring case.
    StringIntersectSetNotEmptyIgnoreCase => Set;
    /// As `StringSubSet`, ignoring case.
    StringSubSetIgnoreCase => Set;
    /// As `StringNotSubSet`, ignoring case.
    StringNotSubSetIgnoreCase => Set;
}

impl Operator {
    /// Every operator, in the order of the documentation's table.
    pub fn all() -> &'static [Operator] {
        Operator::ALL
    }

    /// Whether it is one of MaxCompute's set operators (`StringIntersectSetEmpty`, ...).
    pub fn is_set(self) -> bool {
        self.family() == Family::Set
    }

    /// Whether it is a negated operator (`StringNotEquals`, `StringNotEqualsIgnoreCase`,
    /// `StringNotLike`, `NumericNotEquals`, `DateNotEquals`, `NotIpAddress`): it holds when the
    /// request's value satisfies none of the values.
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            Operator::StringNotEquals
                | Operator::StringNotEqualsIgnoreCase
                | Operator::StringNotLike
                | Operator::NumericNotEquals
                | Operator::DateNotEquals
                | Operator::NotIpAddress
        )
    }

    /// All operator names, for error messages.
    pub fn names() -> String {
        let v: Vec<&str> = Operator::ALL.iter().map(|o| o.as_str()).collect();
        v.join(", ")
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An operator with its values, checked against the operator and compiled (addresses, times,
/// numbers): the comparison a condition clause makes, apart from where the request's value comes
/// from. MaxCompute clauses ([`Clause`], fixed keys) and RAM clauses (`crate::ram::RamClause`,
/// open keys) both wrap one, so the two policy languages compare values identically.
#[derive(Debug, Clone, PartialEq)]
pub struct Matcher {
    operator: Operator,
    values: Vec<String>,
    ips: Vec<IpEntry>,
    times: Vec<Timestamp>,
    numbers: Vec<f64>,
}

impl Matcher {
    /// A matcher, with every value checked against the operator (an IP entry for `IpAddress`,
    /// an RFC 3339 time for `Date*`, a number for `Numeric*`, `true`/`false` for `Bool`); the
    /// error names the index of the bad value.
    pub fn new(operator: Operator, values: Vec<String>) -> Result<Matcher, (usize, String)> {
        if values.is_empty() {
            return Err((0, format!("`{operator}` needs at least one value")));
        }
        let mut m = Matcher {
            operator,
            values: Vec::new(),
            ips: Vec::new(),
            times: Vec::new(),
            numbers: Vec::new(),
        };
        for (i, v) in values.into_iter().enumerate() {
            match operator.family() {
                Family::Ip => m.ips.push(IpEntry::parse(&v).map_err(|e| (i, e))?),
                Family::Date => m.times.push(v.parse().map_err(|_| {
                    (
                        i,
                        format!("invalid time `{v}`: expected RFC 3339, e.g. 2026-03-01T00:00:00Z"),
                    )
                })?),
                Family::Num => m.numbers.push(
                    v.parse()
                        .map_err(|_| (i, format!("invalid number `{v}`")))?,
                ),
                Family::Bool => {
                    if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") {
                        return Err((i, format!("expected `true` or `false`, found `{v}`")));
                    }
                }
                Family::Str | Family::Set => {}
            }
            m.values.push(v);
        }
        Ok(m)
    }

    /// The operator.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The values, as written.
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// The address entries `IpAddress` / `NotIpAddress` compare with (empty for the other
    /// operators, whose values are not addresses to them).
    pub fn ips(&self) -> &[IpEntry] {
        &self.ips
    }

    /// The times the `Date*` operators compare with (empty for the other operators).
    pub fn times(&self) -> &[Timestamp] {
        &self.times
    }

    /// `IpAddress` / `NotIpAddress`: whether `ip` is inside (outside) one (all) of the entries
    /// (`false` for the other operators).
    pub fn matches_ip(&self, ip: IpAddr) -> bool {
        if self.operator.family() != Family::Ip {
            return false;
        }
        let inside = self.ips.iter().any(|e| e.contains(ip));
        inside == (self.operator == Operator::IpAddress)
    }

    /// `Date*`: how `now` compares with the times (`false` for the other operators).
    pub fn matches_time(&self, now: Timestamp) -> bool {
        use Operator::*;
        if self.operator.family() != Family::Date {
            return false;
        }
        let any = |f: fn(&Timestamp, &Timestamp) -> bool| self.times.iter().any(|t| f(&now, t));
        match self.operator {
            DateEquals => any(|a, b| a == b),
            DateNotEquals => !any(|a, b| a == b),
            DateLessThan => any(|a, b| a < b),
            DateLessThanEquals => any(|a, b| a <= b),
            DateGreaterThan => any(|a, b| a > b),
            _ => any(|a, b| a >= b),
        }
    }

    /// The set operators: how the request's set `have` relates to the values (`false` for the
    /// other operators).
    pub fn matches_set(&self, have: &[String]) -> bool {
        use Operator::*;
        if self.operator.family() != Family::Set {
            return false;
        }
        let ic = matches!(
            self.operator,
            StringIntersectSetEmptyIgnoreCase
                | StringIntersectSetNotEmptyIgnoreCase
                | StringSubSetIgnoreCase
                | StringNotSubSetIgnoreCase
        );
        let listed = |x: &str| {
            self.values.iter().any(|v| {
                if ic {
                    v.eq_ignore_ascii_case(x)
                } else {
                    v == x
                }
            })
        };
        let meets = have.iter().any(|x| listed(x));
        let subset = have.iter().all(|x| listed(x));
        match self.operator {
            StringIntersectSetEmpty | StringIntersectSetEmptyIgnoreCase => !meets,
            StringIntersectSetNotEmpty | StringIntersectSetNotEmptyIgnoreCase => meets,
            StringSubSet | StringSubSetIgnoreCase => subset,
            _ => !subset,
        }
    }

    /// The string, numeric and boolean operators on the request's value `v` (`false` for the
    /// other operators). `StringLike` / `StringNotLike` glob case-sensitively, as RAM documents
    /// ("case-sensitive, supports asterisks [*] and question marks [?]"); `Bool` compares
    /// without regard to case; a `v` that is not a number satisfies no numeric operator.
    pub fn matches_scalar(&self, v: &str) -> bool {
        use Operator::*;
        let eq = |ic: bool| {
            self.values.iter().any(|x| {
                if ic {
                    x.eq_ignore_ascii_case(v)
                } else {
                    x == v
                }
            })
        };
        let like = || self.values.iter().any(|p| crate::glob::glob(p, v));
        // Only the numeric operators read `v` as a number.
        let num = || v.parse::<f64>().ok();
        let cmp =
            |f: fn(f64, f64) -> bool| num().is_some_and(|n| self.numbers.iter().any(|x| f(n, *x)));
        match self.operator {
            StringEquals => eq(false),
            StringNotEquals => !eq(false),
            StringEqualsIgnoreCase => eq(true),
            StringNotEqualsIgnoreCase => !eq(true),
            StringLike => like(),
            StringNotLike => !like(),
            NumericEquals => cmp(|a, b| a == b),
            NumericNotEquals => num().is_some() && !cmp(|a, b| a == b),
            NumericLessThan => cmp(|a, b| a < b),
            NumericLessThanEquals => cmp(|a, b| a <= b),
            NumericGreaterThan => cmp(|a, b| a > b),
            NumericGreaterThanEquals => cmp(|a, b| a >= b),
            Bool => eq(true),
            _ => false,
        }
    }

    /// Any non-set operator on a request value given as text: an address for `IpAddress`, an
    /// RFC 3339 time for `Date*` (text that does not parse satisfies neither the operator nor
    /// its negation), otherwise as [`Matcher::matches_scalar`]. Set operators: `false`.
    pub fn matches_text(&self, v: &str) -> bool {
        match self.operator.family() {
            Family::Ip => v.trim().parse().is_ok_and(|ip| self.matches_ip(ip)),
            Family::Date => v.trim().parse().is_ok_and(|t| self.matches_time(t)),
            Family::Str | Family::Num | Family::Bool => self.matches_scalar(v),
            Family::Set => false,
        }
    }
}

/// One clause: `operator: { key: values }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ClauseRepr", into = "ClauseRepr")]
pub struct Clause {
    /// The operator.
    pub operator: Operator,
    /// The key.
    pub key: ConditionKey,
    /// The values, as written.
    pub values: Vec<String>,
    matcher: Matcher,
}

#[derive(Serialize, Deserialize)]
struct ClauseRepr {
    operator: Operator,
    key: ConditionKey,
    values: Vec<String>,
}

impl From<Clause> for ClauseRepr {
    fn from(c: Clause) -> Self {
        ClauseRepr {
            operator: c.operator,
            key: c.key,
            values: c.values,
        }
    }
}

impl TryFrom<ClauseRepr> for Clause {
    type Error = String;
    fn try_from(r: ClauseRepr) -> Result<Self, String> {
        Clause::new(r.operator, r.key, r.values).map_err(|(_, m)| m)
    }
}

impl Clause {
    /// A clause, with its values checked against the operator; the error names the index of
    /// the bad value (or `0` for an operator/key mismatch).
    pub fn new(
        operator: Operator,
        key: ConditionKey,
        values: Vec<String>,
    ) -> Result<Clause, (usize, String)> {
        let fits = match operator.family() {
            Family::Ip => key == ConditionKey::SourceIp,
            Family::Date => key == ConditionKey::CurrentTime,
            Family::Set => key.is_set(),
            Family::Str | Family::Num | Family::Bool => !key.is_set(),
        };
        if !fits {
            return Err((
                0,
                format!("operator `{operator}` does not apply to key `{key}`"),
            ));
        }
        if values.is_empty() {
            return Err((
                0,
                format!("`{operator}` on `{key}` needs at least one value"),
            ));
        }
        let matcher = Matcher::new(operator, values)?;
        Ok(Clause {
            operator,
            key,
            values: matcher.values().to_vec(),
            matcher,
        })
    }

    /// The address entries of an `IpAddress` / `NotIpAddress` clause ([`Matcher::ips`]).
    ///
    /// ```
    /// use mcauth::condition::{Clause, ConditionKey, Operator};
    /// let c = Clause::new(Operator::IpAddress, ConditionKey::SourceIp, vec!["10.0.0.0/8".into()])
    ///     .unwrap();
    /// assert_eq!(c.ips()[0].to_string(), "10.0.0.0/8");
    /// let t = Clause::new(Operator::DateLessThan, ConditionKey::CurrentTime,
    ///     vec!["2026-03-01T00:00:00Z".into()]).unwrap();
    /// assert!(t.ips().is_empty());
    /// assert_eq!(t.times()[0].to_string(), "2026-03-01T00:00:00Z");
    /// ```
    pub fn ips(&self) -> &[IpEntry] {
        self.matcher.ips()
    }

    /// The times of a `Date*` clause ([`Matcher::times`]).
    pub fn times(&self) -> &[Timestamp] {
        self.matcher.times()
    }

    fn evaluate(&self, ctx: &ConditionContext<'_>) -> Result<(), Unmet<'_>> {
        let missing = || Unmet::Missing(self.key);
        let m = &self.matcher;
        let holds = match self.operator.family() {
            Family::Ip => m.matches_ip(ctx.source_ip.ok_or_else(missing)?),
            Family::Date => m.matches_time(ctx.time.ok_or_else(missing)?),
            Family::Set => m.matches_set(ctx.set(self.key).ok_or_else(missing)?),
            Family::Str | Family::Num | Family::Bool => {
                m.matches_scalar(&ctx.scalar(self.key).ok_or_else(missing)?)
            }
        };
        if holds {
            Ok(())
        } else {
            Err(Unmet::Fails(self))
        }
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} [", self.operator, self.key)?;
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "'{v}'")?;
        }
        f.write_str("]")
    }
}

/// The request facts a condition can test.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConditionContext<'a> {
    /// `source_ip`.
    pub source_ip: Option<IpAddr>,
    /// `time` (or the configuration's clock).
    pub time: Option<Timestamp>,
    /// `task_type`.
    pub task_type: Option<&'a str>,
    /// The requested columns (`odps:SelectColumns`), for a table read.
    pub columns: Option<&'a [String]>,
    /// The actions handed out (`acs:Privileges`), for `GrantPrivs` / `RevokePrivs`.
    pub privileges: Option<&'a [String]>,
}

impl<'a> ConditionContext<'a> {
    /// The request's value for a scalar key: borrowed where the request holds it as text.
    fn scalar(&self, key: ConditionKey) -> Option<Cow<'a, str>> {
        match key {
            ConditionKey::SourceIp => self.source_ip.map(|ip| Cow::Owned(ip.to_string())),
            ConditionKey::CurrentTime => self.time.map(|t| Cow::Owned(t.to_string())),
            ConditionKey::TaskType => self.task_type.map(Cow::Borrowed),
            _ => None,
        }
    }

    fn set(&self, key: ConditionKey) -> Option<&[String]> {
        match key {
            ConditionKey::Privileges => self.privileges,
            ConditionKey::SelectColumns => self.columns,
            _ => None,
        }
    }
}

/// Why a condition does not hold. Cheap to return: the text is written only when displayed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unmet<'c> {
    /// The request carries no value for this key.
    Missing(ConditionKey),
    /// The request's value does not satisfy this clause.
    Fails(&'c Clause),
}

impl fmt::Display for Unmet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unmet::Missing(k) => write!(f, "the request carries no {k}"),
            Unmet::Fails(c) => write!(f, "{} does not satisfy {c}", c.key),
        }
    }
}

/// A condition: all clauses must hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// The condition as written (ACL text, or the policy's JSON block).
    pub text: String,
    /// The clauses, all of which must hold.
    pub clauses: Vec<Clause>,
}

impl Condition {
    /// `Ok` when every clause holds; otherwise the first reason it does not.
    pub fn evaluate(&self, ctx: &ConditionContext<'_>) -> Result<(), Unmet<'_>> {
        for c in &self.clauses {
            c.evaluate(ctx)?;
        }
        Ok(())
    }

    /// The condition as written.
    pub fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn clause(op: &str, key: &str, values: &[&str]) -> Clause {
        Clause::new(
            Operator::from_name(op).unwrap(),
            ConditionKey::from_name(key).unwrap(),
            values.iter().map(|s| s.to_string()).collect(),
        )
        .unwrap()
    }

    #[test]
    fn operator_families() {
        let privs = ["Download".to_string(), "Describe".to_string()];
        let ctx = ConditionContext {
            source_ip: "10.0.0.5".parse().ok(),
            time: "2026-03-01T00:00:00Z".parse().ok(),
            task_type: Some("SQL"),
            columns: None,
            privileges: Some(&privs),
        };
        let ok = |c: Clause| c.evaluate(&ctx).is_ok();
        assert!(ok(clause("StringEquals", "odps:TaskType", &["DT", "SQL"])));
        assert!(!ok(clause("StringEquals", "odps:TaskType", &["sql"])));
        assert!(ok(clause(
            "StringEqualsIgnoreCase",
            "odps:TaskType",
            &["sql"]
        )));
        assert!(ok(clause("StringNotEquals", "odps:TaskType", &["DT"])));
        assert!(ok(clause("StringLike", "odps:TaskType", &["S?L"])));
        assert!(!ok(clause("StringNotLike", "odps:TaskType", &["S*"])));
        assert!(ok(clause("IpAddress", "acs:SourceIp", &["10.0.0.0/8"])));
        assert!(ok(clause(
            "NotIpAddress",
            "acs:SourceIp",
            &["192.168.0.0/16"]
        )));
        assert!(ok(clause(
            "DateLessThan",
            "acs:CurrentTime",
            &["2026-12-31T00:00:00Z"]
        )));
        assert!(!ok(clause(
            "DateGreaterThan",
            "acs:CurrentTime",
            &["2026-12-31T00:00:00Z"]
        )));
        assert!(ok(clause(
            "IntersectionSetNotNull",
            "acs:Privileges",
            &["Download", "Select"]
        )));
        assert!(!ok(clause(
            "StringIntersectSetEmpty",
            "acs:Privileges",
            &["Download"]
        )));
        assert!(!ok(clause("StringSubSet", "acs:Privileges", &["Download"])));
        assert!(ok(clause(
            "StringSubSetIgnoreCase",
            "acs:Privileges",
            &["download", "describe"]
        )));
    }

    #[test]
    fn matchers_compare_text_values_by_family() {
        let m = |op: Operator, v: &[&str]| {
            Matcher::new(op, v.iter().map(|s| s.to_string()).collect()).unwrap()
        };
        let ip = m(Operator::IpAddress, &["10.0.0.0/8"]);
        assert!(ip.matches_text("10.2.3.4") && !ip.matches_text("11.0.0.1"));
        assert!(!ip.matches_text("nonsense"));
        assert!(!m(Operator::NotIpAddress, &["10.0.0.0/8"]).matches_text("nonsense"));
        let t = m(Operator::DateLessThan, &["2019-08-12T17:00:00+08:00"]);
        assert!(t.matches_text("2019-08-12T08:59:59Z") && !t.matches_text("2019-08-12T09:00:00Z"));
        assert!(m(Operator::NumericGreaterThan, &["2"]).matches_text("2.5"));
        assert!(m(Operator::Bool, &["true"]).matches_text("TRUE"));
        assert!(m(Operator::StringNotEquals, &["a"]).matches_text("b"));
        assert!(!m(Operator::StringEquals, &["a"]).matches_ip("10.0.0.1".parse().unwrap()));
        assert!(!m(Operator::StringEquals, &["a"]).matches_set(&[]));
        assert!(!m(Operator::StringSubSet, &["a"]).matches_text("a"));
        assert!(Matcher::new(Operator::StringEquals, vec![]).is_err());
        assert!(Operator::NotIpAddress.is_negated() && !Operator::IpAddress.is_negated());
        assert!(Operator::StringSubSet.is_set() && !Operator::StringEquals.is_set());
        assert_eq!(Operator::all().len(), 29);
    }

    #[test]
    fn like_is_case_sensitive_and_unmet_clauses_say_why() {
        // RAM "Conditional operators": StringLike / StringNotLike are case-sensitive (this test
        // pinned the opposite before review S1).
        let ctx = ConditionContext {
            task_type: Some("SqL"),
            ..ConditionContext::default()
        };
        let ok = |c: Clause| c.evaluate(&ctx).is_ok();
        assert!(!ok(clause("StringLike", "odps:TaskType", &["s?l"])));
        assert!(ok(clause("StringLike", "odps:TaskType", &["S?L"])));
        assert!(!ok(clause("StringLike", "odps:TaskType", &["X*", "*QL"])));
        assert!(ok(clause("StringLike", "odps:TaskType", &["X*", "*qL"])));
        assert!(ok(clause("StringNotLike", "odps:TaskType", &["*Q*"])));
        assert!(!ok(clause("StringNotLike", "odps:TaskType", &["*q*"])));
        assert!(!ok(clause("NumericEquals", "odps:TaskType", &["1"])));
        assert!(!ok(clause("NumericNotEquals", "odps:TaskType", &["1"])));
        let c = clause("StringEquals", "odps:TaskType", &["DT", "MR"]);
        let unmet = c.evaluate(&ctx).unwrap_err();
        assert_eq!(unmet, Unmet::Fails(&c));
        assert_eq!(
            unmet.to_string(),
            "odps:TaskType does not satisfy StringEquals odps:TaskType ['DT', 'MR']"
        );
    }

    #[test]
    fn missing_keys_are_reported_as_missing() {
        let ctx = ConditionContext::default();
        let c = clause("StringNotEquals", "odps:TaskType", &["DT"]);
        assert_eq!(
            c.evaluate(&ctx),
            Err(Unmet::Missing(ConditionKey::TaskType))
        );
        let c = clause("Bool", "acs:SecureTransport", &["true"]);
        assert_eq!(
            c.evaluate(&ctx),
            Err(Unmet::Missing(ConditionKey::SecureTransport))
        );
    }

    #[test]
    fn operators_must_fit_their_keys_and_values() {
        let bad = |op: Operator, key: ConditionKey, v: &str| {
            Clause::new(op, key, vec![v.to_string()]).is_err()
        };
        assert!(bad(Operator::IpAddress, ConditionKey::TaskType, "SQL"));
        assert!(bad(Operator::IpAddress, ConditionKey::SourceIp, "nope"));
        assert!(bad(
            Operator::DateLessThan,
            ConditionKey::CurrentTime,
            "tomorrow"
        ));
        assert!(bad(
            Operator::StringEquals,
            ConditionKey::Privileges,
            "Select"
        ));
        assert!(bad(Operator::Bool, ConditionKey::SecureTransport, "yes"));
        assert!(Clause::new(Operator::StringEquals, ConditionKey::TaskType, vec![]).is_err());
    }
}
