//! How a RAM statement reads in decision reasons: `Allow oss:GetObject, oss:ListObjects on
//! acs:oss:*:*:bucket/*`, `Allow all actions except ram:* on *`, `Allow sts:AssumeRole for
//! Service odps.aliyuncs.com when ...`.

use super::{Patterns, RamStatement, TrustPrincipals};
use crate::policy::effect_name;
use std::fmt;

impl fmt::Display for RamStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            effect_name(self.effect),
            list(&self.actions, "all actions")
        )?;
        if let Some(r) = &self.resources {
            write!(f, " on {}", list(r, "all resources"))?;
        }
        if let Some(p) = &self.principals {
            write!(f, " for {}", principals(p))?;
        }
        if !self.condition.is_empty() {
            let c: Vec<String> = self.condition.iter().map(ToString::to_string).collect();
            write!(f, " when {}", c.join(" and "))?;
        }
        Ok(())
    }
}

fn list(p: &Patterns, all: &str) -> String {
    let joined = p.patterns().join(", ");
    match p {
        Patterns::Only(_) => joined,
        Patterns::Except(_) => format!("{all} except {joined}"),
    }
}

fn principals(p: &TrustPrincipals) -> String {
    let mut parts = Vec::new();
    for (kind, entries) in [
        ("RAM", &p.ram),
        ("Service", &p.service),
        ("Federated", &p.federated),
    ] {
        if !entries.is_empty() {
            parts.push(format!("{kind} {}", entries.join(", ")));
        }
    }
    parts.join("; ")
}
