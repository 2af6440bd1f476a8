//! Load time and peak memory of one generated workload, measured in a fresh process.
//!
//! Run: `cargo run --release -p mcauth-benches --bin footprint -- 1000000 script` (or
//! `snapshot`). The peak resident set is reset (`/proc/self/clear_refs`) after the workload's
//! text is generated, so it counts what loading and compiling take, not the generator.

use mcauth::{Engine, Model};
use mcauth_benches::workload;
use std::time::{Duration, Instant};

/// Loads a model from one input's text.
type Load = fn(&str) -> Result<Model, mcauth::LoadError>;

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Reset the peak resident set to the current one (Linux >= 4.0).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let grants: usize = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let from = args.next().unwrap_or_else(|| "script".to_string());
    let w = workload(grants, 42);
    let (text, load): (String, Load) = match from.as_str() {
        "script" => (w.script, |t| Model::from_script_str("bench.mcauth", t)),
        "snapshot" => (
            Model::from_script_str("bench.mcauth", &w.script)?.to_snapshot_json(),
            |t| Model::from_snapshot_str("bench.json", t),
        ),
        other => {
            return Err(format!("unknown source `{other}`: expected script or snapshot").into())
        }
    };
    reset_peak();
    let base = status_kib("VmRSS:");
    let t = Instant::now();
    let model = load(&text)?;
    let loaded = t.elapsed();
    let t = Instant::now();
    let engine = Engine::new(model)?;
    let compiled = t.elapsed();
    let peak = status_kib("VmHWM:").saturating_sub(base);
    let resident = status_kib("VmRSS:").saturating_sub(base);
    let allowed = w
        .requests
        .iter()
        .filter(|r| engine.check(r).is_allowed())
        .count();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{grants} grants from {from} ({} bytes): load {:.1} ms, compile {:.1} ms, total {:.1} ms",
        text.len(),
        ms(loaded),
        ms(compiled),
        ms(loaded + compiled)
    );
    println!(
        "peak {} KiB ({:.0} bytes/grant), resident after {} KiB ({:.0} bytes/grant); {allowed} of {} requests allowed",
        peak,
        peak as f64 * 1024.0 / grants as f64,
        resident,
        resident as f64 * 1024.0 / grants as f64,
        w.requests.len()
    );
    Ok(())
}
