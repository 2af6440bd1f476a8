//! Resource ARNs (`spec/acl-policy.md` §3.4). Patterns and request ARNs are compared in one
//! normal form: the lower-case path from `projects/` on, with the three-layer
//! `schemas/default/` segment removed (it is the two-layer default, §1.2) and the pyodps
//! spelling `functions/` read as `registration/functions/` (CONTRADICTION K9). The region and
//! account segments are not compared: every documented ARN uses `*` or leaves them empty.

use crate::action::ObjectType;

/// Normalize a policy `Resource` value; `Err` says what was expected.
pub fn normalize_pattern(resource: &str) -> Result<String, String> {
    let r = resource.trim();
    if r == "*" {
        return Ok("*".into());
    }
    let lower = r.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("acs:odps:") else {
        return Err(format!(
            "invalid Resource `{resource}`: expected `acs:odps:*:projects/<project>[/...]` or `*`"
        ));
    };
    let path = rest.rsplit(':').next().unwrap_or("");
    if !(path.starts_with("projects/") || path == "*" || path == "projects") {
        return Err(format!(
            "invalid Resource `{resource}`: expected the path to start with `projects/`"
        ));
    }
    Ok(normalize_path(path))
}

fn normalize_path(path: &str) -> String {
    let mut p = path.replace("/schemas/default/", "/");
    if !p.contains("/registration/functions") {
        p = p.replace("/functions/", "/registration/functions/");
        if let Some(stripped) = p.strip_suffix("/functions") {
            p = format!("{stripped}/registration/functions");
        }
    }
    p
}

/// The normal-form ARN path of an object (`projects/<p>[/<segment>/<name>]`).
pub fn object_path(project: &str, ty: ObjectType, name: &str) -> String {
    let p = project.to_ascii_lowercase();
    match ty {
        ObjectType::Project => format!("projects/{p}"),
        _ => format!(
            "projects/{p}/{}/{}",
            ty.arn_segment(),
            name.to_ascii_lowercase()
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn patterns_normalize() {
        let n = |s| normalize_pattern(s).unwrap();
        assert_eq!(
            n("acs:odps:*:projects/P/tables/T_*"),
            "projects/p/tables/t_*"
        );
        assert_eq!(
            n("acs:odps::projects/prj1/authorization/acl/tables/*"),
            "projects/prj1/authorization/acl/tables/*"
        );
        assert_eq!(n("acs:odps:cn-hangzhou:123:projects/p"), "projects/p");
        assert_eq!(
            n("acs:odps:*:projects/p/schemas/default/tables/t"),
            "projects/p/tables/t"
        );
        assert_eq!(
            n("acs:odps:*:projects/p/functions/*"),
            "projects/p/registration/functions/*"
        );
        assert_eq!(
            n("acs:odps:*:projects/p/registration/functions/f"),
            "projects/p/registration/functions/f"
        );
        assert_eq!(n("*"), "*");
        assert!(normalize_pattern("arn:aws:s3:::bucket").is_err());
        assert!(normalize_pattern("acs:odps:*:tables/t").is_err());
        assert_eq!(
            object_path("Sales", ObjectType::Function, "F"),
            "projects/sales/registration/functions/f"
        );
    }
}
