//! The core's requests: the perf-anchors mix, and the plain ACL allow and deny sets.

// Generator code: every index is a user, role, table or grant number made below its count.
#![allow(clippy::indexing_slicing)]

use crate::acl::{Action, Ask, Core, Grant, Granted, Grantee, Reference};
use crate::rng::Rng;

/// How many draws a set may take per request it wants before it settles for fewer.
const TRIES: usize = 20;

/// A random action.
fn any_action(rng: &mut Rng) -> Action {
    Action::ALL[rng.below(Action::ALL.len())]
}

/// The request a grant suggests: its user, or a holder of its role (a random user of the
/// project when nobody holds it), asking for the granted action (a random one for `All`).
fn derived(core: &Core, holders: &[Vec<Vec<u32>>], g: &Grant, rng: &mut Rng) -> Ask {
    let user = match g.grantee {
        Grantee::User(u) => u,
        Grantee::Role(r) => match rng.pick(&holders[g.project as usize][r as usize]) {
            Some(holder) => holder,
            None => core.projects[g.project as usize].random_user(rng),
        },
    };
    let action = match g.action {
        Granted::One(a) => a,
        Granted::All => any_action(rng),
    };
    Ask {
        user,
        project: g.project,
        table: g.table,
        action,
    }
}

/// A random request: a random user asks for a random action on a random table of its project.
fn random(core: &Core, rng: &mut Rng) -> Ask {
    let user = rng.below32(core.users());
    let project = core.user_project[user as usize];
    Ask {
        user,
        project,
        table: rng.below32(core.projects[project as usize].tables),
        action: any_action(rng),
    }
}

/// The perf-anchors mix of `count` requests: half derived from a grant, a quarter near misses
/// (a grant's user, or a user of its project, asking for a random action on the next table),
/// a quarter random.
pub fn mix(core: &Core, holders: &[Vec<Vec<u32>>], count: usize, rng: &mut Rng) -> Vec<Ask> {
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let g = core.grants[rng.below(core.grants.len())];
        out.push(match i % 4 {
            0 | 1 => derived(core, holders, &g, rng),
            2 => {
                let user = match g.grantee {
                    Grantee::User(u) => u,
                    Grantee::Role(_) => core.projects[g.project as usize].random_user(rng),
                };
                let tables = core.projects[g.project as usize].tables;
                Ask {
                    user,
                    project: g.project,
                    table: (g.table + 1) % tables,
                    action: any_action(rng),
                }
            }
            _ => random(core, rng),
        });
    }
    out
}

/// Up to `count` allowed requests, half from grants to users and half from grants to roles
/// (asked by a holder of the role), interleaved; when one kind runs short (a tiny workload),
/// the other makes up the count.
pub fn allow(
    core: &Core,
    holders: &[Vec<Vec<u32>>],
    reference: &Reference<'_>,
    count: usize,
    rng: &mut Rng,
) -> Vec<Ask> {
    let mut draw = |to_role: bool, count: usize| {
        let mut out = Vec::with_capacity(count);
        for _ in 0..count * TRIES {
            if out.len() == count {
                break;
            }
            let g = core.grants[rng.below(core.grants.len())];
            let fits = match g.grantee {
                Grantee::User(_) => !to_role,
                Grantee::Role(r) => to_role && !holders[g.project as usize][r as usize].is_empty(),
            };
            if fits {
                let ask = derived(core, holders, &g, rng);
                if reference.allows(&ask) {
                    out.push(ask);
                }
            }
        }
        out
    };
    let mut to_users = draw(false, count / 2);
    let to_roles = draw(true, count - to_users.len());
    if to_users.len() + to_roles.len() < count {
        to_users.extend(draw(false, count - to_users.len() - to_roles.len()));
    }
    let mut out = Vec::with_capacity(count);
    let (mut u, mut r) = (to_users.into_iter(), to_roles.into_iter());
    loop {
        match (u.next(), r.next()) {
            (None, None) => break,
            (a, b) => out.extend(a.into_iter().chain(b)),
        }
    }
    out
}

/// Up to `count` requests that no grant allows: random ones the reference refuses.
pub fn deny(core: &Core, reference: &Reference<'_>, count: usize, rng: &mut Rng) -> Vec<Ask> {
    let mut out = Vec::with_capacity(count);
    for _ in 0..count * TRIES {
        if out.len() == count {
            break;
        }
        let ask = random(core, rng);
        if !reference.allows(&ask) {
            out.push(ask);
        }
    }
    out
}
