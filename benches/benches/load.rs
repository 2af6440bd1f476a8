//! Load cost per workload size: parse (script to `Model`), compile (`Engine::new`), snapshot
//! export (`Model::to_snapshot_json`) and import (`Model::from_snapshot_str`). Throughput is
//! in grants.
//!
//! Run: `cargo bench -p mcauth-benches --bench load` (`MCAUTH_BENCH_SIZES` limits the sizes).

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use mcauth::{Engine, Model};
use mcauth_benches::sizes::{sizes_or_exit, SIZES};
use mcauth_benches::{workload, SCRIPT_NAME, SNAPSHOT_NAME};
use std::hint::black_box;

fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for grants in sizes_or_exit(&SIZES) {
        let w = workload(grants, 42);
        let model = w.or_exit("mcauth does not load it", w.model());
        let snapshot = model.to_snapshot_json();
        group.throughput(Throughput::Elements(grants as u64));
        group.bench_with_input(BenchmarkId::new("parse", grants), &w.script, |b, s| {
            b.iter(|| black_box(Model::from_script_str(SCRIPT_NAME, s).is_ok()))
        });
        group.bench_with_input(BenchmarkId::new("compile", grants), &model, |b, m| {
            b.iter_batched(
                || m.clone(),
                |m| black_box(Engine::new(m).is_ok()),
                BatchSize::LargeInput,
            )
        });
        group.bench_with_input(BenchmarkId::new("export", grants), &model, |b, m| {
            b.iter(|| black_box(m.to_snapshot_json().len()))
        });
        group.bench_with_input(BenchmarkId::new("import", grants), &snapshot, |b, s| {
            b.iter(|| black_box(Model::from_snapshot_str(SNAPSHOT_NAME, s).is_ok()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
