//! Heap allocations of one decision, counted by a counting global allocator in this test
//! binary. `Engine::is_allowed` on a plain ACL request allocates nothing, allowed or denied;
//! `Engine::check` builds reasons, and its bounds are upper bounds: the hot path may get
//! cheaper, never silently dearer.
//!
//! The counter is global, so this binary holds a single test: nothing else allocates while it
//! measures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use mcauth::{Action, Engine, Model, ObjectType, Request};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const SCRIPT: &str = "
create project sales owner ALIYUN$owner@example.com;
use sales;
add user ALIYUN$alice@example.com;
add user ALIYUN$bob@example.com;
create role worker;
grant worker to ALIYUN$bob@example.com;
create table orders (id bigint, amount double);
grant CreateInstance on project sales to user ALIYUN$alice@example.com;
grant Select on table orders to user ALIYUN$alice@example.com;
grant CreateInstance on project sales to role worker;
grant Select on table o* to role worker;
";

/// Allocations (reallocations included) of one `check` of `req`, after a warm-up run.
fn allocations(engine: &Engine, req: &Request) -> (usize, bool) {
    let _ = engine.check(req);
    let region = Region::new(GLOBAL);
    let d = engine.check(req);
    let stats = region.change();
    let allowed = d.is_allowed();
    drop(d);
    println!(
        "  ({} allocations, {} reallocations)",
        stats.allocations, stats.reallocations
    );
    (stats.allocations + stats.reallocations, allowed)
}

fn select(who: &str) -> Request {
    Request::new(
        who,
        "sales",
        Action::Select,
        Some((ObjectType::Table, "orders")),
    )
    .unwrap()
}

/// Allocations (reallocations included) of one `is_allowed` of `req`, after a warm-up run.
fn verdict_allocations(engine: &Engine, req: &Request) -> (usize, bool) {
    let _ = engine.is_allowed(req);
    let region = Region::new(GLOBAL);
    let allowed = engine.is_allowed(req);
    let stats = region.change();
    (stats.allocations + stats.reallocations, allowed)
}

fn plain_verdicts_allocate_nothing(engine: &Engine) {
    let cases = [
        ("user grant", select("ALIYUN$alice@example.com"), true),
        ("role pattern grant", select("ALIYUN$bob@example.com"), true),
        (
            "no grant",
            Request::new(
                "ALIYUN$alice@example.com",
                "sales",
                Action::Drop,
                Some((ObjectType::Table, "orders")),
            )
            .unwrap(),
            false,
        ),
        (
            "role without the action",
            Request::new(
                "ALIYUN$bob@example.com",
                "sales",
                Action::Update,
                Some((ObjectType::Table, "orders")),
            )
            .unwrap(),
            false,
        ),
    ];
    for (what, req, want) in cases {
        let (n, allowed) = verdict_allocations(engine, &req);
        println!("is_allowed, {what}: {n} allocations");
        assert_eq!(allowed, want, "{what}");
        assert_eq!(n, 0, "{what}: is_allowed allocated {n} times");
    }
}

#[test]
fn decisions_allocate_at_most_their_budget() {
    let engine = Engine::new(Model::from_script_str("alloc.mcauth", SCRIPT).unwrap()).unwrap();
    plain_verdicts_allocate_nothing(&engine);
    // (what, request, upper bound). Before the hot-path clean-up these took 37, 40 and 27.
    // Of the 16 left for a grant: 6 resolve the principal, 2 per reason (its text and
    // source), 1 per reason list, the allow message and the stage list.
    let cases = [
        ("user grant", select("ALIYUN$alice@example.com"), 16),
        ("role pattern grant", select("ALIYUN$bob@example.com"), 16),
        ("owner", select("ALIYUN$owner@example.com"), 16),
    ];
    for (what, req, bound) in cases {
        let (n, allowed) = allocations(&engine, &req);
        println!("{what}: {n} allocations");
        assert!(allowed, "{what}: expected an allow");
        assert!(
            n <= bound,
            "{what}: {n} heap allocations for one allowed Select, budget {bound}"
        );
    }
}
