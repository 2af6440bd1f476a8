//! Which workload sizes the benches run: all of [`SIZES`] unless the environment variable
//! [`VAR`] lists others (`MCAUTH_BENCH_SIZES=10,1000` for a quick run; `1k`, `100k`, `1M`
//! are accepted as well).

/// The sizes of issue 9, in grants.
pub const SIZES: [usize; 4] = [10, 1_000, 100_000, 1_000_000];

/// The environment variable that limits the sizes.
pub const VAR: &str = "MCAUTH_BENCH_SIZES";

/// A comma-separated list of sizes: numbers of grants, `_` allowed between digits, with an
/// optional `k` (thousand) or `M` (million) suffix.
///
/// ```
/// use mcauth_benches::sizes::parse;
/// assert_eq!(parse("10, 1k,100_000,1M"), Ok(vec![10, 1_000, 100_000, 1_000_000]));
/// assert!(parse("10,lots").is_err());
/// ```
pub fn parse(text: &str) -> Result<Vec<usize>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            let (digits, unit) = match item.strip_suffix(['k', 'K']) {
                Some(d) => (d, 1_000),
                None => match item.strip_suffix('M') {
                    Some(d) => (d, 1_000_000),
                    None => (item, 1),
                },
            };
            digits
                .replace('_', "")
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_mul(unit))
                .filter(|&n| n > 0)
                .ok_or_else(|| {
                    format!(
                        "{VAR}: `{item}` is not a number of grants: expected a comma-separated \
                         list such as `10,1000` or `1k,100k,1M`"
                    )
                })
        })
        .collect()
}

/// The sizes to run: [`VAR`]'s list when it is set, else `default`.
pub fn sizes(default: &[usize]) -> Result<Vec<usize>, String> {
    match std::env::var(VAR) {
        Ok(text) => parse(&text),
        Err(std::env::VarError::NotPresent) => Ok(default.to_vec()),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{VAR} is not valid UTF-8")),
    }
}

/// [`sizes`], or the error printed and the process ended (for bench and binary `main`s).
pub fn sizes_or_exit(default: &[usize]) -> Vec<usize> {
    sizes(default).unwrap_or_else(|e| crate::exit::exit(e))
}
