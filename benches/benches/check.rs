//! Decision latency and load time on the seeded workload (`shared/perf-anchors.md`).
//! Run: `cargo bench -p mcauth-benches`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mcauth::{Engine, Model};
use mcauth_benches::workload;
use std::hint::black_box;

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for grants in [1_000usize, 100_000] {
        let w = workload(grants, 42);
        let Ok(model) = Model::from_script_str("bench.mcauth", &w.script) else {
            continue;
        };
        let Ok(engine) = Engine::new(model) else {
            continue;
        };
        group.throughput(Throughput::Elements(w.requests.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(grants),
            &w.requests,
            |b, reqs| {
                b.iter(|| {
                    for r in reqs {
                        black_box(engine.check(black_box(r)));
                    }
                })
            },
        );
    }
    group.finish();
}

fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for grants in [1_000usize, 100_000] {
        let w = workload(grants, 42);
        group.throughput(Throughput::Elements(grants as u64));
        group.bench_with_input(BenchmarkId::from_parameter(grants), &w.script, |b, s| {
            b.iter(|| black_box(Model::from_script_str("bench.mcauth", s).is_ok()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_check, bench_load);
criterion_main!(benches);
