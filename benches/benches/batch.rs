//! A batch of 1M `Engine::is_allowed` decisions split over all cores, one shared `&Engine`;
//! throughput is in decisions, so criterion prints decisions per second for the machine.
//!
//! Run: `cargo bench -p mcauth-benches --bench batch` (`MCAUTH_BENCH_SIZES` limits the sizes).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mcauth::{Engine, Request};
use mcauth_benches::sizes::{sizes_or_exit, SIZES};
use mcauth_benches::workload;
use std::hint::black_box;

/// Decisions per batch.
const BATCH: usize = 1_000_000;

/// `BATCH` decisions over `requests` (cycled), split into one contiguous range per thread.
fn batch(engine: &Engine, requests: &[Request], threads: usize) -> usize {
    let per = BATCH.div_ceil(threads);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    (t * per..((t + 1) * per).min(BATCH))
                        .filter(|i| {
                            requests
                                .get(i % requests.len())
                                .is_some_and(|r| engine.is_allowed(black_box(r)))
                        })
                        .count()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or(0)).sum()
    })
}

fn bench_batch(c: &mut Criterion) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group(format!("batch-{threads}-threads"));
    group.sample_size(10);
    group.throughput(Throughput::Elements(BATCH as u64));
    for grants in sizes_or_exit(&SIZES) {
        let w = workload(grants, 42);
        let engine = w.engine_or_exit();
        group.bench_with_input(
            BenchmarkId::from_parameter(grants),
            &w.requests,
            |b, reqs| b.iter(|| black_box(batch(&engine, reqs, threads))),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_batch);
criterion_main!(benches);
