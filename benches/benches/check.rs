//! Decision cost per path of the pipeline and per workload size: `Engine::check` and
//! `Engine::is_allowed` on the named request sets of the generated workload, and the bare
//! principal against the AccessKey identity on the allow and deny paths. Throughput is in
//! decisions.
//!
//! Run: `cargo bench -p mcauth-benches --bench check` (all of 10, 1k, 100k, 1M grants), or
//! `MCAUTH_BENCH_SIZES=10,1000 cargo bench -p mcauth-benches --bench check -- --quick`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mcauth::{Engine, Request};
use mcauth_benches::sizes::{sizes_or_exit, SIZES};
use mcauth_benches::workload;
use std::hint::black_box;

/// One benchmark per entry point: every request of `set`, decided once.
fn both(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    engine: &Engine,
    path: &str,
    set: &[Request],
) {
    if set.is_empty() {
        return;
    }
    group.throughput(Throughput::Elements(set.len() as u64));
    group.bench_with_input(BenchmarkId::new("check", path), set, |b, set| {
        b.iter(|| {
            for r in set {
                black_box(engine.check(black_box(r)));
            }
        })
    });
    group.bench_with_input(BenchmarkId::new("is_allowed", path), set, |b, set| {
        b.iter(|| {
            for r in set {
                black_box(engine.is_allowed(black_box(r)));
            }
        })
    });
}

fn bench_check(c: &mut Criterion) {
    for grants in sizes_or_exit(&SIZES) {
        let w = workload(grants, 42);
        let engine = w.engine_or_exit();
        let mut group = c.benchmark_group(format!("check-{grants}"));
        both(&mut group, &engine, "mix", &w.requests);
        for (path, set) in w.paths() {
            both(&mut group, &engine, path, set);
        }
        both(
            &mut group,
            &engine,
            "allow-access_key",
            w.access_key_allow(),
        );
        both(&mut group, &engine, "deny-access_key", w.access_key_deny());
        group.finish();
    }
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
