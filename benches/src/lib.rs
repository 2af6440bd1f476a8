//! The seeded ACL/role workload of `shared/perf-anchors.md`, as mcauth script text and requests.
//!
//! About `grants` ACL grants in one project; users = grants / 10; up to 100 roles; each user
//! holds 0–3 roles; 60 % of grants go to roles and 40 % to users; actions Select, Describe,
//! Update, Drop or All on one table each. Every user and role may run jobs (`CreateInstance`).
//! Requests: half derived from a grant, a quarter near misses, a quarter random.

// Generator code: every index is taken modulo a non-zero length, so indexing cannot fail.
#![allow(clippy::indexing_slicing)]

use mcauth::Request;
use std::fmt::Write;

/// A small deterministic generator (SplitMix64), so runs are repeatable without a crate.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// Next value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

const ACTIONS: [&str; 5] = ["Select", "Describe", "Update", "Drop", "All"];
const REQUEST_ACTIONS: [&str; 4] = ["Select", "Describe", "Update", "Drop"];

/// One generated workload.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The configuration script.
    pub script: String,
    /// Requests to decide.
    pub requests: Vec<Request>,
}

/// Generate a workload of about `grants` ACL grants.
pub fn workload(grants: usize, seed: u64) -> Workload {
    let mut rng = Rng::new(seed);
    let users = (grants / 10).max(1);
    let roles = (grants / 100).clamp(1, 100);
    let tables = (grants / 4).max(1);
    let mut s = String::with_capacity(grants * 80);
    s.push_str("create project bench owner ALIYUN$owner@example.com;\nuse bench;\n");
    s.push_str("add accountprovider ram;\n");
    for t in 0..tables {
        let _ = writeln!(s, "create table t{t} (a bigint, b string);");
    }
    for r in 0..roles {
        let _ = writeln!(s, "create role r{r};");
        let _ = writeln!(s, "grant CreateInstance on project bench to role r{r};");
    }
    let mut held: Vec<Vec<usize>> = Vec::with_capacity(users);
    for u in 0..users {
        let _ = writeln!(s, "add user RAM$owner@example.com:u{u};");
        let _ = writeln!(
            s,
            "grant CreateInstance on project bench to user RAM$owner@example.com:u{u};"
        );
        let n = rng.below(4);
        let mut mine: Vec<usize> = (0..n).map(|_| rng.below(roles)).collect();
        mine.sort_unstable();
        mine.dedup();
        for r in &mine {
            let _ = writeln!(s, "grant r{r} to RAM$owner@example.com:u{u};");
        }
        held.push(mine);
    }
    let mut made = Vec::with_capacity(grants);
    for _ in 0..grants {
        let t = rng.below(tables);
        let a = ACTIONS[rng.below(ACTIONS.len())];
        if rng.below(10) < 6 {
            let r = rng.below(roles);
            let _ = writeln!(s, "grant {a} on table t{t} to role r{r};");
            made.push((None, Some(r), t, a));
        } else {
            let u = rng.below(users);
            let _ = writeln!(
                s,
                "grant {a} on table t{t} to user RAM$owner@example.com:u{u};"
            );
            made.push((Some(u), None, t, a));
        }
    }
    let mut requests = Vec::new();
    let count = 10_000.min(grants * 4).max(100);
    for i in 0..count {
        let (user, table, action) = match i % 4 {
            0 | 1 => {
                let (u, r, t, a) = made[rng.below(made.len())];
                let u = u.unwrap_or_else(|| {
                    let holders: Vec<usize> = held
                        .iter()
                        .enumerate()
                        .filter(|(_, h)| r.is_some_and(|r| h.contains(&r)))
                        .map(|(i, _)| i)
                        .take(1)
                        .collect();
                    holders.first().copied().unwrap_or_else(|| rng.below(users))
                });
                let a = if a == "All" {
                    REQUEST_ACTIONS[rng.below(4)]
                } else {
                    a
                };
                (u, t, a)
            }
            2 => {
                let (u, _, t, _) = made[rng.below(made.len())];
                let u = u.unwrap_or_else(|| rng.below(users));
                (u, (t + 1) % tables, REQUEST_ACTIONS[rng.below(4)])
            }
            _ => (
                rng.below(users),
                rng.below(tables),
                REQUEST_ACTIONS[rng.below(4)],
            ),
        };
        let json = format!(
            r#"{{"principal":"RAM$owner@example.com:u{user}","project":"bench","action":"{action}","object":{{"type":"table","name":"t{table}"}}}}"#
        );
        if let Ok(r) = Request::from_json(&json) {
            requests.push(r);
        }
    }
    Workload {
        script: s,
        requests,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_workload_loads_and_decides_both_ways() {
        let w = workload(1_000, 7);
        let model = mcauth::Model::from_script_str("bench.mcauth", &w.script);
        assert!(model.is_ok(), "{:?}", model.err());
        let engine = model.ok().and_then(|m| mcauth::Engine::new(m).ok());
        assert!(engine.is_some());
        if let Some(engine) = engine {
            let allowed = w
                .requests
                .iter()
                .filter(|r| engine.check(r).is_allowed())
                .count();
            assert!(allowed > 0 && allowed < w.requests.len(), "{allowed}");
        }
    }
}
