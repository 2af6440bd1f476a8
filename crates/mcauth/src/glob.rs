//! `*` / `?` wildcard matching, as RAM policies use it (`spec/acl-policy.md` §3.3): `*` matches
//! any run of characters (across `/` too), `?` exactly one. Callers lower-case both sides for
//! case-insensitive names.

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
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || t.get(ti).is_some_and(|&x| same(c, x)) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == '*'))
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
    }
}
