//! The latency of single decisions: each `Engine::check` or `Engine::is_allowed` call timed on
//! its own (`Instant` around the call, after a warm-up pass over the set), per workload size
//! and per path, as median, p99 and p99.9. Criterion reports per-batch means; this gives the
//! tail that issue 9 asks for. The first row is the timer's own cost, measured the same way
//! around an empty call: subtract it from the others to compare with other engines.
//!
//! Run: `cargo run --release -p mcauth-benches --bin latency` (`MCAUTH_BENCH_SIZES` limits
//! the sizes, e.g. `MCAUTH_BENCH_SIZES=1k,100k`).

use mcauth::Request;
use mcauth_benches::exit::exit;
use mcauth_benches::sizes::{sizes_or_exit, SIZES};
use mcauth_benches::workload;
use std::hint::black_box;
use std::time::Instant;

/// Timed calls per size, path and entry point, at least: enough for a p99.9 of 100 samples.
const SAMPLES: usize = 100_000;

/// Median, p99 and p99.9 of `ns`, in nanoseconds.
fn percentiles(ns: &mut [u64]) -> [u64; 3] {
    ns.sort_unstable();
    [0.5, 0.99, 0.999].map(|q| {
        let rank = ((q * ns.len() as f64).ceil() as usize).saturating_sub(1);
        ns.get(rank).copied().unwrap_or(0)
    })
}

/// Time each call of `f` on `set`, over as many rounds as make [`SAMPLES`], after one untimed
/// round.
fn time_each<T>(set: &[T], f: impl Fn(&T) -> bool) -> Vec<u64> {
    for r in set {
        black_box(f(black_box(r)));
    }
    let rounds = SAMPLES.div_ceil(set.len().max(1));
    let mut ns = Vec::with_capacity(rounds * set.len());
    for _ in 0..rounds {
        for r in set {
            let t = Instant::now();
            black_box(f(black_box(r)));
            ns.push(t.elapsed().as_nanos() as u64);
        }
    }
    ns
}

fn row(grants: &str, path: &str, entry: &str, ns: &mut [u64]) {
    let n = ns.len();
    let [median, p99, p999] = percentiles(ns);
    println!("| {grants} | {path} | {entry} | {n} | {median} | {p99} | {p999} |");
}

fn main() {
    // The script reads its policy file from the working directory (`SCRIPT_NAME`), the package
    // root under `cargo bench` and `cargo test`; `cargo run` keeps the caller's.
    let root = env!("CARGO_MANIFEST_DIR");
    if let Err(e) = std::env::set_current_dir(root) {
        exit(format_args!("cannot enter the bench package `{root}`: {e}"));
    }
    let sizes = sizes_or_exit(&SIZES);
    println!("| grants | path | entry | calls | median ns | p99 ns | p99.9 ns |");
    println!("|---:|---|---|---:|---:|---:|---:|");
    row("-", "timer", "empty call", &mut time_each(&[()], |_| true));
    for grants in sizes {
        let w = workload(grants, 42);
        let engine = w.engine_or_exit();
        let mut sets: Vec<(&str, &[Request])> = vec![("mix", &w.requests)];
        sets.extend(w.paths());
        sets.push(("allow-access_key", w.access_key_allow()));
        sets.push(("deny-access_key", w.access_key_deny()));
        for (path, set) in sets {
            if set.is_empty() {
                continue;
            }
            let size = grants.to_string();
            row(
                &size,
                path,
                "check",
                &mut time_each(set, |r| engine.check(r).is_allowed()),
            );
            row(
                &size,
                path,
                "is_allowed",
                &mut time_each(set, |r| engine.is_allowed(r)),
            );
        }
    }
}
