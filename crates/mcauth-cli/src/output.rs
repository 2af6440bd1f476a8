//! Standard output that stops quietly when the reader goes away.
//!
//! `mcauth check ... | head -1` closes the pipe after one line. Writing further is pointless,
//! but it is not bad input: the command keeps deciding, writes nothing more and exits with the
//! code of its decisions, printing no error (as Unix filters do).

use crate::CliError;
use std::io::{ErrorKind, StdoutLock, Write};

/// Locked standard output that ignores writes once the reader has closed the pipe.
pub struct Out {
    inner: StdoutLock<'static>,
    closed: bool,
}

impl Out {
    /// Lock standard output.
    pub fn stdout() -> Out {
        Out {
            inner: std::io::stdout().lock(),
            closed: false,
        }
    }

    /// Write `text`; once the reader has gone, do nothing.
    pub fn write(&mut self, text: &str) -> Result<(), CliError> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.write_all(text.as_bytes());
        self.settle(result)
    }

    /// Flush what is buffered; once the reader has gone, do nothing.
    pub fn flush(&mut self) -> Result<(), CliError> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.settle(result)
    }

    fn settle(&mut self, result: std::io::Result<()>) -> Result<(), CliError> {
        match result {
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => Ok(other?),
        }
    }
}

/// Output format of the commands that report: `check`, `explain`, `test`, `diff`, `who-can`,
/// `what-can` and `dataworks drift` (`lint` has its own, a table or JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text.
    Text,
    /// JSON, as docs/formats.md describes for each command.
    Json,
}
