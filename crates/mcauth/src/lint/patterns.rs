//! Comparing two `*`/`?` patterns of [`crate::glob`] with each other, as the shadowing lints
//! need: whether some text matches both ([`overlap`]), and whether every text one matches the
//! other does too ([`covers`], sound but not complete). A pattern against a plain text is
//! [`crate::glob::glob`] itself.

use crate::glob::glob;

/// Whether `p` has a wildcard.
pub(super) fn is_pattern(p: &str) -> bool {
    p.contains(['*', '?'])
}

/// Whether some text matches both patterns (characters compared exactly; `*` any run, `?` one
/// character).
///
/// The two patterns are read as automata whose states are positions; the product reaches the
/// end of both exactly when a common text exists. A `*` may be left (it matched its run) or
/// take one more character; a `?` or a letter takes one character, and two letters must be
/// equal. Positions only move forwards, so the table is filled from the end.
pub(super) fn overlap(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    // reach[i][j]: a[i..] and b[j..] match a common text.
    let mut reach = vec![vec![false; m + 1]; n + 1];
    let at = |t: &Vec<Vec<bool>>, i: usize, j: usize| {
        t.get(i)
            .and_then(|row| row.get(j))
            .copied()
            .unwrap_or(false)
    };
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            let (ca, cb) = (a.get(i).copied(), b.get(j).copied());
            let v = match (ca, cb) {
                (None, None) => true,
                _ => {
                    let skip_a = ca == Some('*') && at(&reach, i + 1, j);
                    let skip_b = cb == Some('*') && at(&reach, i, j + 1);
                    let step = match (ca, cb) {
                        (Some(x), Some(y)) if !(x == '*' && y == '*') => {
                            let same = x == y || matches!(x, '*' | '?') || matches!(y, '*' | '?');
                            let ni = if x == '*' { i } else { i + 1 };
                            let nj = if y == '*' { j } else { j + 1 };
                            same && at(&reach, ni, nj)
                        }
                        _ => false,
                    };
                    skip_a || skip_b || step
                }
            };
            if let Some(cell) = reach.get_mut(i).and_then(|row| row.get_mut(j)) {
                *cell = v;
            }
        }
    }
    at(&reach, 0, 0)
}

/// Whether every text `inner` matches, `outer` matches too. Sound, not complete: `true` only
/// when `inner` is a plain text that `outer` matches, the same pattern, or `outer` is a plain
/// prefix and one final `*` (`projects/p/tables/*`) and `inner` starts with that prefix before
/// its first wildcard.
pub(super) fn covers(outer: &str, inner: &str) -> bool {
    if !is_pattern(inner) {
        return glob(outer, inner);
    }
    if outer == inner {
        return true;
    }
    match outer.strip_suffix('*') {
        Some(prefix) if !is_pattern(prefix) => {
            let literal = inner.split(['*', '?']).next().unwrap_or("");
            literal.starts_with(prefix)
        }
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn overlaps() {
        assert!(overlap("projects/p/tables/*", "projects/p/tables/t"));
        assert!(overlap("projects/p/tables/t_*", "projects/p/tables/*_x"));
        assert!(!overlap("projects/p/tables/t_*", "projects/q/tables/*"));
        assert!(overlap("*", ""));
        assert!(!overlap("a?", "a"));
        assert!(overlap("a*b", "*c*"));
        assert!(!overlap("a*b", "*c"));
        assert!(overlap("**", "x"));
        assert!(!overlap("abc", "abd"));
    }

    #[test]
    fn covering() {
        assert!(covers("*", "projects/p/tables/t_*"));
        assert!(covers("projects/p/tables/*", "projects/p/tables/t_*/c"));
        assert!(covers("projects/p/tables/*", "projects/p/tables/t"));
        assert!(!covers("projects/p/tables/t_*", "projects/p/tables/*"));
        assert!(!covers("projects/p/tables/t", "projects/p/tables/t/c"));
        assert!(covers("projects/p/*/x", "projects/p/*/x"));
        assert!(!covers("projects/p/*/x", "projects/p/*/y"));
    }

    /// Texts of a small alphabet, so that random patterns and texts meet often.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(prop_oneof![Just('a'), Just('b'), Just('/')], 0..6)
            .prop_map(|v| v.into_iter().collect())
    }

    fn pattern() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![Just('a'), Just('b'), Just('/'), Just('*'), Just('?')],
            0..6,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        /// A text both patterns match proves the overlap; `overlap` never says no then.
        #[test]
        fn a_common_text_means_overlap(a in pattern(), b in pattern(), t in text()) {
            if glob(&a, &t) && glob(&b, &t) {
                prop_assert!(overlap(&a, &b), "{a} / {b} both match {t}");
            }
        }

        /// `covers` is sound: a text the inner pattern matches, the outer one matches.
        #[test]
        fn covering_is_sound(a in pattern(), b in pattern(), t in text()) {
            if covers(&a, &b) && glob(&b, &t) {
                prop_assert!(glob(&a, &t), "{a} covers {b} but not {t}");
            }
        }

        /// `overlap` of a pattern and a plain text is `glob` itself.
        #[test]
        fn overlap_with_a_text_is_glob(a in pattern(), t in text()) {
            prop_assert_eq!(overlap(&a, &t), glob(&a, &t));
        }
    }
}
