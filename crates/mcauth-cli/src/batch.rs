//! Batch checks: `check --requests F.jsonl` over any number of requests, in constant memory.
//!
//! Requests are read a chunk of lines at a time and never all kept; with `--jobs N`, N threads
//! decide a chunk each and the results are written strictly in input order, so the output is
//! the same for every N. A regular file is read twice: a first pass parses every line and keeps
//! nothing, so that a bad line stops the command before any decision is written; the second
//! pass decides. Standard input (`-`) and other inputs that cannot be read twice (pipes) are
//! read once: a bad line ends the command after the decisions of the lines before it
//! (docs/semantics.md, "Batch checks", B1–B7). `lint --requests` reads the same input with
//! the same reader, on one thread ([`each`]).

use crate::output::Out;
use crate::requests;
use crate::CliError;
use mcauth::location::LineIndex;
use mcauth::request::AnyRequest as Request;
use mcauth::{Decision, Engine};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::num::NonZeroUsize;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::{mpsc, Mutex};

/// Lines per chunk: a thread's share of work at a time. At most `2 × jobs` chunks, as lines or
/// as rendered decisions, are held at a time, besides the one being read.
const CHUNK: usize = 2048;

/// `--jobs`: how many threads decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jobs(NonZeroUsize);

/// The most threads per core `--jobs` starts: deciding keeps a core busy, so more only cost
/// memory (each thread's stack and its chunks), and thousands of threads can exhaust it.
const THREADS_PER_CORE: usize = 4;

impl Jobs {
    /// One thread per core (`std::thread::available_parallelism`; 1 when it is unknown).
    pub fn all() -> Jobs {
        Jobs(Jobs::cores())
    }

    /// The most threads: [`THREADS_PER_CORE`] per core.
    pub fn most() -> Jobs {
        Jobs(Jobs::cores().saturating_mul(NonZeroUsize::MIN.saturating_add(THREADS_PER_CORE - 1)))
    }

    fn cores() -> NonZeroUsize {
        std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN)
    }

    /// Read `--jobs`: a number of threads (at most [`Jobs::most`]: a larger number counts as
    /// that), or `0` or `all` for one per core.
    pub fn parse(value: &str) -> Result<Jobs, String> {
        let value = value.trim();
        if value.eq_ignore_ascii_case("all") {
            return Ok(Jobs::all());
        }
        match value.parse::<usize>() {
            Ok(n) => {
                Ok(NonZeroUsize::new(n).map_or_else(Jobs::all, |n| Jobs(n.min(Jobs::most().0))))
            }
            Err(_) => Err(
                "expected a number of threads (1, 2, ...), or 0 or `all` for one per core"
                    .to_string(),
            ),
        }
    }

    /// The number of threads.
    pub fn get(self) -> usize {
        self.0.get()
    }
}

/// Decide every request of the JSON Lines input `path` (`-`: standard input) and write the
/// decisions, rendered by `render`, to `out` in input order. `engine` is loaded after a
/// regular file's first pass found every line valid, so request errors come first, as with a
/// single `--request`. Returns whether any request was denied.
pub fn run(
    path: &Path,
    jobs: Jobs,
    engine: impl FnOnce() -> Result<Engine, CliError>,
    render: impl Fn(&Request, &Decision) -> Result<String, CliError> + Sync,
    out: &mut Out,
) -> Result<bool, CliError> {
    let input = Input::new(path);
    if input.rereadable()? {
        let requests = validate(&input, jobs)?;
        if requests == 0 {
            return Err(no_requests(&input.name));
        }
    }
    let engine = engine()?;
    let decided = decide(&input, jobs, &engine, &render, out)?;
    out.flush()?;
    if decided.requests == 0 {
        return Err(no_requests(&input.name));
    }
    Ok(decided.denied)
}

/// Hand every request of the JSON Lines input `path` (`-`: standard input) to `each`, in input
/// order, on this thread, with the input's name in errors (`<stdin>` for standard input) and
/// the request's line. A bad line ends the reading with its error; an input without requests
/// is an error too.
pub fn each(path: &Path, mut each: impl FnMut(&str, usize, Request)) -> Result<(), CliError> {
    let input = Input::new(path);
    let mut chunks = input.open()?;
    let mut any = false;
    while let Some(mut chunk) = chunks.next_chunk() {
        for request in chunk.requests(&input.name) {
            if let Some((line, request)) = request? {
                any = true;
                each(&input.name, line, request);
            }
        }
    }
    if any {
        Ok(())
    } else {
        Err(no_requests(&input.name))
    }
}

/// The error for an input `name` (a file, `<stdin>`) without any request.
fn no_requests(name: &str) -> CliError {
    CliError::Input(format!(
        "{name}: no requests: expected at least one JSON object, found only blank and comment \
         lines"
    ))
}

/// The requests input: a file, or standard input.
struct Input<'a> {
    /// The file; `None` for standard input.
    path: Option<&'a Path>,
    /// How errors name the input: the path as given, or `<stdin>`.
    name: String,
}

impl<'a> Input<'a> {
    fn new(path: &'a Path) -> Input<'a> {
        if path.as_os_str() == "-" {
            Input {
                path: None,
                name: "<stdin>".to_string(),
            }
        } else {
            Input {
                path: Some(path),
                name: path.display().to_string(),
            }
        }
    }

    /// Whether the input can be read twice: a regular file (not a pipe, not standard input).
    fn rereadable(&self) -> Result<bool, CliError> {
        match self.path {
            None => Ok(false),
            Some(p) => {
                let metadata = std::fs::metadata(p).map_err(|e| self.unopened(e))?;
                if metadata.is_dir() {
                    return Err(self.directory());
                }
                Ok(metadata.is_file())
            }
        }
    }

    /// Read the input from the start.
    fn open(&self) -> Result<Chunks<'_>, CliError> {
        let reader: Box<dyn BufRead> = match self.path {
            None => Box::new(std::io::stdin().lock()),
            Some(p) => {
                if p.is_dir() {
                    return Err(self.directory());
                }
                Box::new(std::io::BufReader::with_capacity(
                    1 << 16,
                    std::fs::File::open(p).map_err(|e| self.unopened(e))?,
                ))
            }
        };
        Ok(Chunks::new(reader, &self.name))
    }

    fn directory(&self) -> CliError {
        CliError::Input(format!(
            "`{}` is a directory: expected a JSON Lines file of requests",
            self.name
        ))
    }

    fn unopened(&self, e: std::io::Error) -> CliError {
        CliError::Input(format!("cannot read `{}`: {e}", self.name))
    }
}

/// Up to [`CHUNK`] consecutive lines of the input, in one buffer: the reading thread allocates
/// once per chunk, not once per line, and the thread that decides frees it.
#[derive(Debug, Default)]
struct Chunk {
    /// The lines, one after another, line ends included.
    text: String,
    /// Each line's number and where it ends in `text`.
    ends: Vec<(usize, usize)>,
    /// The line after the last that could not be read (not UTF-8, an I/O error): the input
    /// ends there.
    error: Option<CliError>,
}

impl Chunk {
    /// The lines of the chunk, each with its number, without line ends.
    fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|&(_, end)| end));
        self.ends.iter().zip(starts).map(|(&(number, end), start)| {
            let line = self.text.get(start..end).unwrap_or_default();
            let line = line.strip_suffix('\n').unwrap_or(line);
            (number, line.strip_suffix('\r').unwrap_or(line))
        })
    }

    /// The requests of the chunk in order, parsed, each with its line number: `None` for a
    /// blank or comment line, an error for a bad line; a line that could not be read comes
    /// last, as an error.
    fn requests<'c>(
        &'c mut self,
        name: &'c str,
    ) -> impl Iterator<Item = Result<Option<(usize, Request)>, CliError>> + 'c {
        let unread = self.error.take();
        let chunk: &'c Chunk = self;
        chunk
            .lines()
            .map(move |(number, line)| {
                Ok(requests::parse_line(name, number, line)?.map(|r| (number, r)))
            })
            .chain(unread.map(Err))
    }
}

/// The input read a chunk at a time.
struct Chunks<'a> {
    reader: Box<dyn BufRead + 'a>,
    /// The input's name in errors.
    name: &'a str,
    /// Lines read so far.
    lines: usize,
    /// Whether the input has ended (or could not be read further).
    done: bool,
    /// The line being read, as bytes, until it is found to be UTF-8.
    line: Vec<u8>,
}

impl<'a> Chunks<'a> {
    fn new(reader: Box<dyn BufRead + 'a>, name: &'a str) -> Chunks<'a> {
        Chunks {
            reader,
            name,
            lines: 0,
            done: false,
            line: Vec::new(),
        }
    }

    /// The next chunk; `None` at the end of the input.
    fn next_chunk(&mut self) -> Option<Chunk> {
        let mut chunk = Chunk::default();
        while !self.done && chunk.ends.len() < CHUNK {
            self.line.clear();
            let number = self.lines + 1;
            let error = match self.reader.read_until(b'\n', &mut self.line) {
                Ok(0) => {
                    self.done = true;
                    None
                }
                Ok(_) => match std::str::from_utf8(&self.line) {
                    Ok(line) => {
                        chunk.text.push_str(line);
                        self.lines = number;
                        chunk.ends.push((number, chunk.text.len()));
                        None
                    }
                    Err(e) => Some(self.not_utf8(number, e.valid_up_to())),
                },
                Err(e) => Some(CliError::Input(format!(
                    "{}:{number}:1: cannot read: {e}",
                    self.name
                ))),
            };
            if error.is_some() {
                chunk.error = error;
                self.done = true;
            }
        }
        (!chunk.ends.is_empty() || chunk.error.is_some()).then_some(chunk)
    }

    /// The error for line `number`, whose first `valid` bytes are UTF-8 and the next not: at
    /// the column of that byte, counted in characters as every column is.
    fn not_utf8(&self, number: usize, valid: usize) -> CliError {
        let before = self
            .line
            .get(..valid)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default();
        let column = LineIndex::new(self.name, before)
            .source(before.len())
            .column;
        CliError::Input(format!(
            "{}:{number}:{column}: not UTF-8: a requests file is UTF-8 text",
            self.name
        ))
    }
}

/// The first pass: parse every line, keep nothing; the number of requests, or the first error
/// in input order.
fn validate(input: &Input, jobs: Jobs) -> Result<usize, CliError> {
    let mut chunks = input.open()?;
    let mut total = 0;
    in_order(
        || chunks.next_chunk(),
        jobs,
        |mut chunk: Chunk| {
            chunk
                .requests(&input.name)
                .try_fold(0, |n, request| Ok(n + usize::from(request?.is_some())))
        },
        |count: Result<usize, CliError>| {
            total += count?;
            Ok(())
        },
    )?;
    Ok(total)
}

/// What deciding a chunk gave.
#[derive(Debug, Default)]
struct Decided {
    /// The rendered decisions, in order.
    text: String,
    /// How many requests were decided.
    requests: usize,
    /// Whether any was denied.
    denied: bool,
    /// The bad line that stopped the chunk, after the decisions before it.
    error: Option<CliError>,
}

/// The second pass: decide every request and write the decisions in input order; stop at the
/// first bad line, after writing the decisions before it.
fn decide(
    input: &Input,
    jobs: Jobs,
    engine: &Engine,
    render: &(impl Fn(&Request, &Decision) -> Result<String, CliError> + Sync),
    out: &mut Out,
) -> Result<Decided, CliError> {
    let mut chunks = input.open()?;
    let mut all = Decided::default();
    let work = |mut chunk: Chunk| {
        let mut done = Decided::default();
        for request in chunk.requests(&input.name) {
            let decided = request.and_then(|request| match request {
                None => Ok(()),
                Some((_, request)) => {
                    let d = engine.decide(&request);
                    done.requests += 1;
                    done.denied |= !d.is_allowed();
                    done.text.push_str(&render(&request, &d)?);
                    Ok(())
                }
            });
            if let Err(e) = decided {
                done.error = Some(e);
                break;
            }
        }
        done
    };
    in_order(
        || chunks.next_chunk(),
        jobs,
        work,
        |done: Decided| {
            out.write(&done.text)?;
            all.requests += done.requests;
            all.denied |= done.denied;
            done.error.map_or(Ok(()), Err)
        },
    )?;
    Ok(all)
}

/// Run `work` on each chunk that `next` reads, on `jobs` threads, and hand the results to
/// `sink` in input order; stop at `sink`'s first error. One job works on the calling thread.
/// With more, the calling thread reads chunks and writes results while the threads work; a
/// thread starts with the chunk it is first sent, so a short input starts no more threads than
/// it has chunks. At most `2 × jobs` chunks are read and not yet written, so memory is bounded
/// by the chunk size times the jobs, and a slow chunk holds the others back by no more than
/// that.
fn in_order<C: Send, T: Send>(
    mut next: impl FnMut() -> Option<C>,
    jobs: Jobs,
    work: impl Fn(C) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let jobs = jobs.get();
    if jobs == 1 {
        while let Some(chunk) = next() {
            sink(work(chunk))?;
        }
        return Ok(());
    }
    let work = &work;
    let (to_threads, chunks) = mpsc::sync_channel::<(usize, C)>(jobs);
    let chunks = Mutex::new(chunks);
    let (to_caller, results) = mpsc::channel::<(usize, std::thread::Result<T>)>();
    std::thread::scope(|s| {
        // Dropped when this closure returns, however it does: the threads then stop.
        let to_threads = to_threads;
        // Kept to start threads until all have started or the input has ended; then only the
        // threads hold it, so that `results` ends if every thread stops.
        let mut to_caller = Some(to_caller);
        let mut started = 0;
        let start = |to_caller: &mpsc::Sender<_>| {
            let (chunks, to_caller) = (&chunks, to_caller.clone());
            let thread = move || loop {
                // The lock is released before the work starts.
                let Ok(Ok((i, chunk))) = chunks.lock().map(|c| c.recv()) else {
                    return;
                };
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| work(chunk)));
                if to_caller.send((i, result)).is_err() {
                    return;
                }
            };
            std::thread::Builder::new()
                .spawn_scoped(s, thread)
                .map(drop)
                .map_err(|e| CliError::Input(format!("--jobs {jobs}: cannot start a thread: {e}")))
        };
        // Chunks sent to the threads, and results handed to `sink`; results that came early.
        let (mut sent, mut written, mut early) = (0, 0, BTreeMap::new());
        let mut more = true;
        loop {
            while more && sent - written < 2 * jobs {
                match next() {
                    Some(chunk) => {
                        if let Some(caller) = &to_caller {
                            start(caller)?;
                            started += 1;
                        }
                        // The threads only stop once `to_threads` is dropped.
                        let _ = to_threads.send((sent, chunk));
                        sent += 1;
                    }
                    None => more = false,
                }
                if !more || started == jobs {
                    to_caller = None;
                }
            }
            if written == sent {
                return Ok(());
            }
            let (i, result) = results
                .recv()
                .map_err(|_| CliError::Input("every deciding thread stopped".to_string()))?;
            early.insert(i, result);
            while let Some(result) = early.remove(&written) {
                written += 1;
                sink(result.unwrap_or_else(|panic| std::panic::resume_unwind(panic)))?;
            }
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn jobs(n: usize) -> Jobs {
        Jobs(NonZeroUsize::new(n).unwrap())
    }

    /// `in_order` over 0..n in chunks of `chunk`, squaring each item: (results, chunks seen by
    /// `sink`).
    fn squares(n: usize, threads: usize, chunk: usize) -> (Vec<usize>, usize) {
        let items: Vec<usize> = (0..n).collect();
        let mut chunks = items.chunks(chunk).map(<[usize]>::to_vec);
        let mut out = Vec::new();
        let mut seen = 0;
        in_order(
            || chunks.next(),
            jobs(threads),
            |c: Vec<usize>| c.into_iter().map(|x| x * x).collect::<Vec<_>>(),
            |r: Vec<usize>| {
                seen += 1;
                out.extend(r);
                Ok(())
            },
        )
        .unwrap();
        (out, seen)
    }

    #[test]
    fn results_come_in_input_order_whatever_the_jobs_and_chunks() {
        for n in [0, 1, 2, 7, 100, 1001] {
            let want: Vec<usize> = (0..n).map(|x| x * x).collect();
            for threads in [1, 2, 3, 8] {
                for chunk in [1, 3, 64, 5000] {
                    let (got, seen) = squares(n, threads, chunk);
                    assert_eq!(got, want, "n {n}, jobs {threads}, chunk {chunk}");
                    assert_eq!(seen, n.div_ceil(chunk), "n {n}, chunk {chunk}");
                }
            }
        }
    }

    #[test]
    fn the_first_error_of_sink_stops_the_run() {
        for threads in [1, 2, 4] {
            let mut chunks = (0..10usize).map(|i| (i * 10..i * 10 + 10).collect::<Vec<_>>());
            let mut seen = Vec::new();
            let result = in_order(
                || chunks.next(),
                jobs(threads),
                |c: Vec<usize>| c,
                |c: Vec<usize>| {
                    if c.contains(&35) {
                        return Err(CliError::Input("thirty-five".to_string()));
                    }
                    seen.extend(c);
                    Ok(())
                },
            );
            assert!(matches!(result, Err(CliError::Input(m)) if m == "thirty-five"));
            assert_eq!(seen, (0..30).collect::<Vec<_>>(), "jobs {threads}");
        }
    }

    #[test]
    fn chunks_run_on_several_threads_when_asked() {
        let ids = std::sync::Mutex::new(std::collections::HashSet::new());
        let barrier = std::sync::Barrier::new(2);
        let mut chunks = [1, 2].into_iter();
        in_order(
            || chunks.next(),
            jobs(2),
            |_: i32| {
                // Both chunks of the round wait for each other: they run at the same time.
                barrier.wait();
                ids.lock().unwrap().insert(std::thread::current().id());
            },
            |()| Ok(()),
        )
        .unwrap();
        assert_eq!(ids.lock().unwrap().len(), 2);
    }

    #[test]
    fn a_slow_chunk_keeps_its_place_and_few_chunks_wait() {
        for threads in [2, 3] {
            let read = std::cell::Cell::new(0usize);
            let mut chunks = 0..40usize;
            let mut out = Vec::new();
            in_order(
                || {
                    let c = chunks.next()?;
                    read.set(read.get() + 1);
                    Some(c)
                },
                jobs(threads),
                |c: usize| {
                    if c % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                    c
                },
                |c: usize| {
                    // Chunks read and not yet written, this one included.
                    assert!(read.get() - out.len() <= 2 * threads, "jobs {threads}");
                    out.push(c);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(out, (0..40).collect::<Vec<_>>(), "jobs {threads}");
        }
    }

    #[test]
    fn a_short_input_starts_no_more_threads_than_it_has_chunks() {
        // Twenty thousand threads started at once exhaust memory (the process aborts): a
        // thread starts with its first chunk.
        let ids = std::sync::Mutex::new(std::collections::HashSet::new());
        let mut chunks = 0..3usize;
        let mut out = Vec::new();
        in_order(
            || chunks.next(),
            jobs(20_000),
            |c: usize| {
                ids.lock().unwrap().insert(std::thread::current().id());
                c
            },
            |c: usize| {
                out.push(c);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(out, [0, 1, 2]);
        assert!(ids.lock().unwrap().len() <= 3);
    }

    #[test]
    #[should_panic(expected = "chunk 3")]
    #[allow(clippy::panic)]
    fn a_panic_in_a_thread_reaches_the_caller() {
        let mut chunks = 0..10usize;
        let _ = in_order(
            || chunks.next(),
            jobs(2),
            |c: usize| {
                if c == 3 {
                    panic!("chunk 3");
                }
            },
            |()| Ok(()),
        );
    }

    /// Every chunk of `bytes` as (line number, line) pairs, and the errors.
    fn chunked(bytes: &[u8]) -> (Vec<Vec<(usize, String)>>, Vec<String>) {
        let mut chunks = Chunks::new(Box::new(bytes), "in.jsonl");
        let (mut all, mut errors) = (Vec::new(), Vec::new());
        while let Some(c) = chunks.next_chunk() {
            assert!(c.ends.len() <= CHUNK);
            all.push(c.lines().map(|(n, l)| (n, l.to_string())).collect());
            errors.extend(c.error.map(|e| e.to_string()));
        }
        (all, errors)
    }

    #[test]
    fn chunks_keep_line_numbers_and_drop_line_ends() {
        let (chunks, errors) = chunked(b"a\r\n\n  b\nc");
        let want = [(1, "a"), (2, ""), (3, "  b"), (4, "c")];
        let want: Vec<(usize, String)> = want.iter().map(|&(n, l)| (n, l.into())).collect();
        assert_eq!(chunks, [want]);
        assert!(errors.is_empty());

        let text = "x\n".repeat(CHUNK * 2 + 1);
        let (chunks, _) = chunked(text.as_bytes());
        let sizes: Vec<usize> = chunks.iter().map(Vec::len).collect();
        assert_eq!(sizes, [CHUNK, CHUNK, 1]);
        assert_eq!(chunks[2][0].0, CHUNK * 2 + 1);
    }

    #[test]
    fn a_line_that_is_not_utf8_ends_the_input_at_its_line_and_column() {
        let (chunks, errors) = chunked(b"a\nb\n\xff\nc\n");
        assert_eq!(chunks, [vec![(1, "a".into()), (2, "b".into())]]);
        assert_eq!(
            errors,
            ["in.jsonl:3:1: not UTF-8: a requests file is UTF-8 text"]
        );
        // Columns count characters: `é` is two bytes, one column; the bad byte (a lone
        // `\xc3`) follows `{"é"`, four characters.
        let bytes = [&b"{\""[..], "é".as_bytes(), b"\"\xc3("].concat();
        let (chunks, errors) = chunked(&bytes);
        // A chunk with no line, only the error.
        assert_eq!(chunks, [Vec::<(usize, String)>::new()]);
        assert_eq!(
            errors,
            ["in.jsonl:1:5: not UTF-8: a requests file is UTF-8 text"]
        );
    }

    #[test]
    fn jobs_are_a_positive_number_or_every_core() {
        assert_eq!(Jobs::parse("3"), Ok(jobs(3)));
        assert_eq!(Jobs::parse("0"), Ok(Jobs::all()));
        assert_eq!(Jobs::parse("ALL"), Ok(Jobs::all()));
        assert!(Jobs::all().get() >= 1);
        // More than THREADS_PER_CORE threads per core only cost memory: a larger number counts
        // as that many.
        assert_eq!(Jobs::most().get(), THREADS_PER_CORE * Jobs::all().get());
        assert_eq!(Jobs::parse("20000"), Ok(Jobs::most()));
        assert_eq!(
            Jobs::parse(&Jobs::most().get().to_string()),
            Ok(Jobs::most())
        );
        for bad in ["", "-1", "two", "1.5"] {
            let e = Jobs::parse(bad).unwrap_err();
            assert!(e.contains("number of threads"), "{bad}: {e}");
        }
    }
}
