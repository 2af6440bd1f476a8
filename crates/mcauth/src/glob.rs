//! `*` / `?` wildcard matching, as RAM policies use it (`spec/acl-policy.md` §3.3): `*` matches
//! any run of characters (across `/` too), `?` exactly one. [`glob`] compares characters
//! exactly; [`glob_ignore_case`] without regard to ASCII case, which is the same as lower-casing
//! both sides first (no allocation needed).

/// Whether `text` matches `pattern` in full.
///
/// ```
/// use mcauth::glob::glob;
/// assert!(glob("projects/p/tables/t_app_*", "projects/p/tables/t_app_orders"));
/// assert!(glob("odps:create*", "odps:createtable"));
/// assert!(glob("t?", "t1") && !glob("t?", "t12"));
/// ```
pub fn glob(pattern: &str, text: &str) -> bool {
    glob_by(pattern, text, |a, b| a == b)
}

/// [`glob`], comparing letters without regard to ASCII case.
pub fn glob_ignore_case(pattern: &str, text: &str) -> bool {
    glob_by(pattern, text, |a, b| a.eq_ignore_ascii_case(&b))
}

fn glob_by(pattern: &str, text: &str, same: impl Fn(char, char) -> bool) -> bool {
    // Backtracking over byte offsets (always at char boundaries): `star` is the offset of the
    // last `*` in the pattern and of the text it is currently taken to end at.
    let at = |s: &str, i: usize| s.get(i..).and_then(|rest| rest.chars().next());
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while let Some(t) = at(text, ti) {
        match at(pattern, pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if c == '?' || same(c, t) => {
                pi += c.len_utf8();
                ti += t.len_utf8();
            }
            _ => match star {
                Some((sp, st)) => {
                    // Let the `*` take one more character of the text.
                    let next = st + at(text, st).map_or(1, char::len_utf8);
                    pi = sp + 1;
                    ti = next;
                    star = Some((sp, next));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(pi..)
        .is_some_and(|rest| rest.chars().all(|c| c == '*'))
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn cases() {
        assert!(glob("tb_*", "tb_x"));
        assert!(glob("tb_*", "tb_"));
        assert!(!glob("tb_*", "xtb_"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(!glob("a*b*c", "axxbyy"));
        assert!(!glob("ab*ba", "aba"));
        assert!(glob("exact", "exact"));
        assert!(!glob("exact", "exactly"));
        assert!(glob("projects/*", "projects/p/tables/t"));
        assert!(glob("a?c", "abc") && !glob("a?c", "ac"));
        assert!(glob("**a", "a"));
        assert!(super::glob_ignore_case("odps:Create*", "ODPS:createtable"));
        assert!(!glob("A", "a"));
        // Multi-byte characters: `?` takes one character, `*` backtracks by characters.
        assert!(glob("?b", "éb") && glob("*é", "aéé") && !glob("?", "éé"));
        assert!(glob("a*é*c", "aXéYéc") && !glob("a*é*c", "aXYc"));
        assert!(super::glob_ignore_case("É*", "Éx") && !super::glob_ignore_case("é", "É"));
    }
}
