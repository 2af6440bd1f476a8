//! The resource of a console or external-data request: an ARN
//! `acs:<service>:<region>:<account>:<relative-id>` (RAM's ARN format; for MaxCompute
//! `acs:odps:{regionId}:{accountId}:projects/{ProjectName}`, `spec/principals-labels-packages.md`
//! §8). Anything else is malformed input, refused when the request is read, not a resource RAM
//! could decide on.

/// The parts of a console request's resource ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ResourceArn<'a> {
    /// The RAM code of the service, e.g. `odps`.
    pub service: &'a str,
    /// The account segment: a 16-digit account ID, or empty or `*` (no particular account).
    pub account: &'a str,
    /// The relative ID, e.g. `projects/sales`.
    pub relative: &'a str,
}

const FORM: &str = "expected an ARN `acs:<service>:<region>:<account>:<relative-id>`, e.g. \
                    `acs:odps:cn-hangzhou:1000000000000001:projects/sales`";

impl<'a> ResourceArn<'a> {
    /// Split `resource`; the error names the expected form.
    pub(crate) fn parse(resource: &'a str) -> Result<ResourceArn<'a>, String> {
        let bad = |why: &str| format!("invalid `resource` `{resource}`: {why}{FORM}");
        if resource.chars().any(char::is_whitespace) {
            return Err(bad("it contains whitespace; "));
        }
        let mut parts = resource.splitn(5, ':');
        let (Some(acs), Some(service), Some(_region), Some(account), Some(relative)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(bad(""));
        };
        if !acs.eq_ignore_ascii_case("acs") || service.is_empty() || relative.is_empty() {
            return Err(bad(""));
        }
        let id = account.len() == 16 && account.bytes().all(|b| b.is_ascii_digit());
        if !(id || account.is_empty() || account == "*") {
            return Err(bad(&format!(
                "its account segment `{account}` is not a 16-digit account ID, `*` or empty; "
            )));
        }
        Ok(ResourceArn {
            service,
            account,
            relative,
        })
    }

    /// Whether the ARN names no particular account (an empty or `*` account segment).
    pub(crate) fn any_account(&self) -> bool {
        self.account.is_empty() || self.account == "*"
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::ResourceArn;

    #[test]
    fn console_resources_are_full_arns() {
        let a = ResourceArn::parse("acs:odps:cn-hangzhou:1000000000000001:projects/sales").unwrap();
        assert_eq!(
            (a.service, a.account, a.relative),
            ("odps", "1000000000000001", "projects/sales")
        );
        assert!(ResourceArn::parse("acs:odps:*:*:quotas/q")
            .unwrap()
            .any_account());
        assert!(ResourceArn::parse("ACS:ram::1000000000000001:role/r").is_ok());
        for bad in [
            "*",
            "acs:odps:*:projects/sales",
            "acs:odps:cn-hangzhou:projects:sales",
            "acs::cn-hangzhou:1000000000000001:projects/sales",
            "acs:odps:cn-hangzhou:1000000000000001:",
            "arn:odps:cn-hangzhou:1000000000000001:projects/sales",
            "acs:odps:cn-hangzhou:1000000000000001:projects/a b",
        ] {
            let e = ResourceArn::parse(bad).unwrap_err();
            assert!(
                e.starts_with(&format!("invalid `resource` `{bad}`: "))
                    && e.ends_with("`acs:odps:cn-hangzhou:1000000000000001:projects/sales`"),
                "{e}"
            );
        }
    }
}
