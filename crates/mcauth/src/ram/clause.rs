//! One clause of a RAM `Condition`: an operator, any key, and values, compared by the same
//! [`Matcher`] MaxCompute's clauses use.

use super::evaluate::RamContext;
use crate::condition::{Matcher, Operator};
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::IpAddr;

/// One clause of a RAM `Condition`: operator, key (any key; RAM's are open-ended) and values.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "RamClauseRepr", into = "RamClauseRepr")]
pub struct RamClause {
    /// The operator (the same set MaxCompute policies use, minus the set operators).
    pub operator: Operator,
    /// The key as written, e.g. `acs:SourceIp`, `saml:recipient`.
    pub key: String,
    /// The values as written.
    pub values: Vec<String>,
    matcher: Matcher,
}

#[derive(Serialize, Deserialize)]
struct RamClauseRepr {
    operator: Operator,
    key: String,
    values: Vec<String>,
}

impl From<RamClause> for RamClauseRepr {
    fn from(c: RamClause) -> Self {
        RamClauseRepr {
            operator: c.operator,
            key: c.key,
            values: c.values,
        }
    }
}

impl TryFrom<RamClauseRepr> for RamClause {
    type Error = String;
    fn try_from(r: RamClauseRepr) -> Result<Self, String> {
        RamClause::new(r.operator, r.key, r.values).map_err(|(_, m)| m)
    }
}

/// Clauses are equal when they are written alike (the compiled values follow from them).
impl PartialEq for RamClause {
    fn eq(&self, other: &Self) -> bool {
        self.operator == other.operator && self.key == other.key && self.values == other.values
    }
}

impl Eq for RamClause {}

impl RamClause {
    /// A clause, with its values checked against the operator: an address or CIDR block for
    /// `IpAddress`/`NotIpAddress`, an RFC 3339 time for `Date*`, a number for `Numeric*`,
    /// `true`/`false` for `Bool`. MaxCompute's set operators are refused (RAM has none). The
    /// error names the index of the bad value (`0` for the operator or key).
    pub fn new(
        operator: Operator,
        key: impl Into<String>,
        values: Vec<String>,
    ) -> Result<RamClause, (usize, String)> {
        let key = key.into();
        if operator.is_set() {
            return Err((
                0,
                format!(
                    "`{operator}` is a MaxCompute management-policy operator, not a RAM one: expected a string, numeric, date, Bool or IP operator"
                ),
            ));
        }
        if key.trim().is_empty() || key.chars().any(char::is_whitespace) {
            return Err((
                0,
                format!("invalid condition key `{key}`: expected e.g. `acs:SourceIp`"),
            ));
        }
        if values.is_empty() {
            return Err((
                0,
                format!("`{operator}` on `{key}` needs at least one value"),
            ));
        }
        if matches!(operator, Operator::IpAddress | Operator::NotIpAddress) {
            // Addresses and CIDR blocks only, not the whitelist forms (`*`, `\N`, `a-b`
            // ranges) that the shared entry parser also reads.
            for (i, v) in values.iter().enumerate() {
                let t = v.trim();
                if t.parse::<IpAddr>().is_err() && t.parse::<IpNet>().is_err() {
                    return Err((
                        i,
                        format!("invalid IP value `{v}`: expected an address or a CIDR block, e.g. 192.168.0.0/16"),
                    ));
                }
            }
        }
        let matcher = Matcher::new(operator, values)?;
        Ok(RamClause {
            operator,
            key,
            values: matcher.values().to_vec(),
            matcher,
        })
    }

    /// Whether the clause holds for `ctx`: `None` when the request carries no value for the key
    /// (the clause then does not hold; the evaluation reports the key as missing). A key with several request values: a positive
    /// operator holds when some value satisfies it, a negated one (`StringNotEquals`,
    /// `NotIpAddress`, ...) when every value does.
    pub fn holds(&self, ctx: &RamContext) -> Option<bool> {
        let have = ctx.get(&self.key).filter(|v| !v.is_empty())?;
        let one = |v: &String| self.matcher.matches_text(v);
        Some(if self.operator.is_negated() {
            have.iter().all(one)
        } else {
            have.iter().any(one)
        })
    }
}

impl fmt::Display for RamClause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted: Vec<String> = self.values.iter().map(|v| format!("'{v}'")).collect();
        write!(f, "{} {} [{}]", self.operator, self.key, quoted.join(", "))
    }
}
