//! The side-by-side with Cedar (issue 9): the workload's ACL/role core in the fair Cedar
//! encoding (`cedar_encoding`), `cedar_policy::Authorizer::is_authorized` against mcauth's
//! `Engine::check` and `Engine::is_allowed` on the same requests (the perf-anchors mix), and
//! the load of each: Cedar building its `Entities` and `PolicySet` from the core, mcauth
//! parsing the script and compiling it. 1k and 100k grants, or `MCAUTH_BENCH_SIZES`.
//!
//! Run: `cargo bench -p mcauth-benches --bench cedar`.

mod cedar_encoding;

use cedar_encoding::Cedar;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mcauth::{Engine, Model};
use mcauth_benches::sizes::sizes_or_exit;
use mcauth_benches::{workload, SCRIPT_NAME};
use std::hint::black_box;

fn bench_cedar(c: &mut Criterion) {
    for grants in sizes_or_exit(&[1_000, 100_000]) {
        let w = workload(grants, 42);
        let engine = w.engine_or_exit();
        let cedar = w.or_exit("cedar", Cedar::build(&w.core));
        let cedar_requests: Vec<cedar_policy::Request> = w.or_exit(
            "cedar request",
            w.asks.iter().map(|a| cedar.request(a)).collect(),
        );
        let mismatches = w
            .requests
            .iter()
            .zip(&cedar_requests)
            .filter(|(m, c)| engine.is_allowed(m) != cedar.is_authorized(c))
            .count();
        if mismatches > 0 {
            w.fail(format_args!(
                "the engines disagree on {mismatches} requests"
            ));
        }

        let mut group = c.benchmark_group(format!("cedar-decide-{grants}"));
        group.throughput(Throughput::Elements(w.requests.len() as u64));
        group.bench_function("cedar/is_authorized", |b| {
            b.iter(|| {
                for r in &cedar_requests {
                    black_box(cedar.is_authorized(black_box(r)));
                }
            })
        });
        group.bench_function("mcauth/check", |b| {
            b.iter(|| {
                for r in &w.requests {
                    black_box(engine.check(black_box(r)));
                }
            })
        });
        group.bench_function("mcauth/is_allowed", |b| {
            b.iter(|| {
                for r in &w.requests {
                    black_box(engine.is_allowed(black_box(r)));
                }
            })
        });
        group.finish();

        drop((engine, cedar, cedar_requests));
        let mut group = c.benchmark_group("cedar-load");
        group.sample_size(10);
        group.throughput(Throughput::Elements(grants as u64));
        group.bench_with_input(
            BenchmarkId::new("cedar/build", grants),
            &w.core,
            |b, core| b.iter(|| black_box(Cedar::build(core).is_ok())),
        );
        group.bench_with_input(
            BenchmarkId::new("mcauth/parse+compile", grants),
            &w.script,
            |b, script| {
                b.iter(|| {
                    black_box(
                        Model::from_script_str(SCRIPT_NAME, script)
                            .and_then(Engine::new)
                            .is_ok(),
                    )
                })
            },
        );
        group.finish();
    }
}

criterion_group!(benches, bench_cedar);
criterion_main!(benches);
