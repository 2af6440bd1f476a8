//! Load time and peak memory of one generated workload, each measured in a process that does
//! nothing but load it.
//!
//! Run: `cargo run --release -p mcauth-benches --bin footprint -- 1000000 script` (or
//! `snapshot`). This process generates the workload, writes its input to a temporary folder
//! under the names the benches use (`bench.mcauth` with `deny-policy.json` beside it; for
//! `snapshot`, that script loaded and exported as `bench.json`), enters the folder and runs
//! itself again on the file: `footprint <grants> script|snapshot <file>`. That second process
//! reads the file, resets its peak resident set (`/proc/self/clear_refs`), then loads and
//! compiles, so the peak counts what loading and compiling take: not the generator, and not
//! heap a first load freed and the measured one reused (a snapshot loaded in the process that
//! had just loaded the script to export it showed 223 bytes per grant at 1M grants where a
//! fresh process takes 414). The three-argument form measures any script or snapshot file;
//! `<grants>` is what its figures are divided by.

use mcauth::{Engine, Model};
use mcauth_benches::exit::exit;
use mcauth_benches::{workload, SCRIPT_NAME, SNAPSHOT_NAME};
use std::error::Error;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The usage line, for a bad argument.
const USAGE: &str = "usage: footprint [<grants> [script|snapshot [<file>]]]";

/// What the input is.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Script,
    Snapshot,
}

impl Kind {
    fn parse(text: &str) -> Result<Kind, String> {
        match text {
            "script" => Ok(Kind::Script),
            "snapshot" => Ok(Kind::Snapshot),
            other => Err(format!(
                "unknown source `{other}`: expected script or snapshot\n{USAGE}"
            )),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Kind::Script => "script",
            Kind::Snapshot => "snapshot",
        }
    }
}

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

/// Write the `grants`-grant workload's input to `dir` and enter it: the script (with its
/// policy file beside it), or the snapshot of the model it loads to, named as the benches name
/// them in the package. The input's file name.
fn write_input(grants: usize, kind: Kind, dir: &Path) -> Result<&'static str, Box<dyn Error>> {
    workload(grants, 42).write_to(dir)?;
    std::env::set_current_dir(dir)?;
    Ok(match kind {
        Kind::Script => SCRIPT_NAME,
        Kind::Snapshot => {
            let model = Model::from_scripts(&[SCRIPT_NAME])?;
            std::fs::write(SNAPSHOT_NAME, model.to_snapshot_json())?;
            SNAPSHOT_NAME
        }
    })
}

/// Load and compile `path`, and print the figures.
fn measure(grants: usize, kind: Kind, path: &Path) -> Result<(), Box<dyn Error>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read `{name}`: {e}"))?;
    reset_peak();
    let base = status_kib("VmRSS:");
    let t = Instant::now();
    let model = match kind {
        Kind::Script => Model::from_script_str(&name, &text)?,
        Kind::Snapshot => Model::from_snapshot_str(&name, &text)?,
    };
    let loaded = t.elapsed();
    let t = Instant::now();
    let engine = Engine::new(model)?;
    let compiled = t.elapsed();
    let peak = status_kib("VmHWM:").saturating_sub(base);
    let resident = status_kib("VmRSS:").saturating_sub(base);
    drop(engine);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let per_grant = |kib: u64| kib as f64 * 1024.0 / grants.max(1) as f64;
    println!(
        "{grants} grants from {} ({} bytes): load {:.1} ms, compile {:.1} ms, total {:.1} ms",
        kind.as_str(),
        text.len(),
        ms(loaded),
        ms(compiled),
        ms(loaded + compiled)
    );
    println!(
        "peak {peak} KiB ({:.0} bytes/grant), resident after {resident} KiB ({:.0} bytes/grant)",
        per_grant(peak),
        per_grant(resident),
    );
    Ok(())
}

/// Write the input to a temporary folder and measure it in a fresh process.
fn generate_and_measure(grants: usize, kind: Kind) -> Result<(), Box<dyn Error>> {
    let dir = std::env::temp_dir().join(format!("mcauth-footprint-{}", std::process::id()));
    let status = write_input(grants, kind, &dir).and_then(|file| {
        Ok(Command::new(std::env::current_exe()?)
            .arg(grants.to_string())
            .arg(kind.as_str())
            .arg(file)
            .status()?)
    });
    let _ = std::fs::remove_dir_all(&dir);
    let status = status?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the measuring process failed ({status})").into())
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let grants = match args.first() {
        Some(g) => g
            .parse()
            .map_err(|_| format!("`{g}` is not a number of grants\n{USAGE}"))?,
        None => 1_000_000,
    };
    let kind = args.get(1).map_or(Ok(Kind::Script), |f| Kind::parse(f))?;
    match args.get(2..) {
        Some([file]) => measure(grants, kind, Path::new(file)),
        Some([]) | None => generate_and_measure(grants, kind),
        Some(_) => Err(USAGE.into()),
    }
}

fn main() {
    if let Err(e) = run() {
        exit(e);
    }
}
