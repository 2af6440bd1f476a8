//! Ending a bench's or a binary's `main` on an error: they have no caller to return it to, so
//! they print it and exit with code 1, as the `mcauth` binary does on bad input.

use crate::Workload;
use mcauth::Engine;
use std::fmt::Display;

/// Print `error: <message>` on stderr and end the process with exit code 1.
pub fn exit(message: impl Display) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1)
}

impl Workload {
    /// End the process with `error: the <n>-grant workload: <what>`.
    pub fn fail(&self, what: impl Display) -> ! {
        exit(format_args!(
            "the {}-grant workload: {what}",
            self.core.grants.len()
        ))
    }

    /// `result`'s value, or the process ended with `error: the <n>-grant workload: <what>:
    /// <error>`.
    pub fn or_exit<T, E: Display>(&self, what: &str, result: Result<T, E>) -> T {
        result.unwrap_or_else(|e| self.fail(format_args!("{what}: {e}")))
    }

    /// [`Workload::engine`], or the process ended with the load error.
    pub fn engine_or_exit(&self) -> Engine {
        self.or_exit("mcauth does not load it", self.engine())
    }
}
