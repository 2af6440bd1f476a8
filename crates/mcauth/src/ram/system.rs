//! System policies by name, and the service-linked roles of seed 002 with their fixed policies.
//!
//! The policy documents live in `ram/policies/<Name>.json`, as the RAM "System policy reference"
//! prints them (<https://www.alibabacloud.com/help/en/ram/developer-reference/system-policy-reference>;
//! each policy has a page `.../ram/developer-reference/<lower-case name>`). Where no copy of the
//! document could be found, the file holds the closest documented form; [`SYSTEM_POLICIES`]
//! says which, and what was found. System policies change over time (the pages show versions);
//! these are the versions found, not a live copy.

use super::document::{parse_ram_policy_named, RamPolicyKind};
use super::RamPolicy;
use crate::location::Source;

/// One built-in system policy: its name, document, and where the document comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemPolicySource {
    /// The policy's name.
    pub name: &'static str,
    /// The policy document.
    pub text: &'static str,
    /// Where the document (or what is known of it) was found.
    pub source: &'static str,
    /// Whether `text` is the published document (`false`: the closest documented form).
    pub verbatim: bool,
}

macro_rules! policy {
    ($name:literal, $source:literal, $verbatim:literal) => {
        SystemPolicySource {
            name: $name,
            text: include_str!(concat!("policies/", $name, ".json")),
            source: $source,
            verbatim: $verbatim,
        }
    };
}

/// Every system policy mcauth knows.
pub const SYSTEM_POLICIES: &[SystemPolicySource] = &[
    // Not found verbatim. The MaxCompute system-policy page only describes it ("Provides full
    // access to MaxCompute via Management Console",
    // https://www.alibabacloud.com/help/en/maxcompute/security-and-compliance/maxcompute); the
    // service-linked-role page says it lets a RAM user create and delete MaxCompute's
    // service-linked roles (ram:CreateServiceLinkedRole / ram:DeleteServiceLinkedRole,
    // https://www.alibabacloud.com/help/en/maxcompute/security-and-compliance/maxcompute-service-association-role),
    // and PLP §8 that it allows creating projects. Hence `odps:*` plus the two RAM actions for
    // `ram:ServiceName` `*.odps.aliyuncs.com` (the request must carry `ram:ServiceName`).
    policy!(
        "AliyunMaxComputeFullAccess",
        "https://www.alibabacloud.com/help/en/maxcompute/security-and-compliance/maxcompute",
        false
    ),
    policy!(
        "AliyunMaxComputeReadOnlyAccess",
        "https://alibabacloud.com/help/en/ram/developer-reference/aliyunmaxcomputereadonlyaccess (v3)",
        true
    ),
    // Not found verbatim. DataWorks describes it as "extensive DataWorks permissions ...
    // purchase-related operations are excluded"
    // (https://www.alibabacloud.com/help/en/dataworks/user-guide/manage-permissions-on-the-dataworks-services-and-the-entities-in-the-dataworks-console-by-using-ram-policies):
    // `dataworks:*`.
    policy!(
        "AliyunDataWorksFullAccess",
        "https://www.alibabacloud.com/help/en/dataworks/user-guide/manage-permissions-on-the-dataworks-services-and-the-entities-in-the-dataworks-console-by-using-ram-policies",
        false
    ),
    // Not found verbatim. Described as "view, pay for, and cancel orders in Billing Management
    // ... purchase resources and renew services" (same DataWorks page) and as "Order management
    // operations only" (https://help.aliyun.com/en/user-center/developer-reference/api-calling-authorization):
    // the Describe and order actions of `bss` / `bssapi`.
    policy!(
        "AliyunBSSOrderAccess",
        "https://help.aliyun.com/en/user-center/developer-reference/api-calling-authorization",
        false
    ),
    // Not found verbatim; every action on every resource, the form RAM's own example of
    // "manage all resources" starts from
    // (https://www.alibabacloud.com/help/en/ram/user-guide/manage-information-about-all-resources-within-an-alibaba-cloud-account-except-billing-information).
    policy!(
        "AdministratorAccess",
        "https://www.alibabacloud.com/help/en/ram/user-guide/manage-information-about-all-resources-within-an-alibaba-cloud-account-except-billing-information",
        false
    ),
    // Not found verbatim; the full-access form of the RAM service (`ram:*`), the counterpart of
    // AliyunRAMReadOnlyAccess's `ram:Get*`/`ram:List*`.
    policy!(
        "AliyunRAMFullAccess",
        "https://alibabacloud.com/help/en/ram/developer-reference/aliyunramreadonlyaccess (counterpart)",
        false
    ),
    policy!(
        "AliyunRAMReadOnlyAccess",
        "https://alibabacloud.com/help/en/ram/developer-reference/aliyunramreadonlyaccess (v3)",
        true
    ),
    policy!(
        "AliyunSTSAssumeRoleAccess",
        "https://alibabacloud.com/help/en/ram/developer-reference/aliyunstsassumeroleaccess (PLP §8.1)",
        true
    ),
    // Not found verbatim; the full-access form of OSS (`oss:*`), the counterpart of
    // AliyunOSSReadOnlyAccess's `oss:Get*`/`oss:List*`.
    policy!(
        "AliyunOSSFullAccess",
        "https://help.aliyun.com/zh/ram/developer-reference/aliyunossreadonlyaccess (counterpart)",
        false
    ),
    policy!(
        "AliyunOSSReadOnlyAccess",
        "https://help.aliyun.com/zh/ram/developer-reference/aliyunossreadonlyaccess (v1)",
        true
    ),
    policy!(
        "AliyunOTSFullAccess",
        "https://alibabacloud.com/help/en/ram/developer-reference/aliyunotsfullaccess (v1)",
        true
    ),
    policy!(
        "AliyunOTSReadOnlyAccess",
        "https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunotsreadonlyaccess (v2)",
        true
    ),
    policy!(
        "AliyunDLFFullAccess",
        "https://alibabacloud.com/help/en/ram/developer-reference/aliyundlffullaccess (v1)",
        true
    ),
    policy!(
        "AliyunServiceRolePolicyForMaxComputeIdentityMgmt",
        "https://help.aliyun.com/zh/ram/developer-reference/aliyunservicerolepolicyformaxcomputeidentitymgmt (v2)",
        true
    ),
    // The published document (v3) was found only up to `dlf:RenamePartition`
    // (https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunservicerolepolicyformaxcomputelakehouse).
    // The rest follows AliyunServiceRolePolicyForMaxComputeOpenLake (rename/update and
    // column-statistics actions) and every MaxCompute service-linked-role policy's closing
    // `ram:DeleteServiceLinkedRole` statement for the role's own service.
    policy!(
        "AliyunServiceRolePolicyForMaxComputeLakehouse",
        "https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunservicerolepolicyformaxcomputelakehouse (v3, partly)",
        false
    ),
];

fn build(name: &str, text: &str, kind: RamPolicyKind) -> Option<RamPolicy> {
    let file = format!("<system:{name}>");
    let mut policy = parse_ram_policy_named(name, &file, text, kind).ok()?;
    policy.system = true;
    for s in &mut policy.statements {
        s.source = Source::new(file.as_str(), 1, 1);
    }
    Some(policy)
}

/// The system policy called `name` (any case), if mcauth knows it. Its statements' sources are
/// the pseudo file `<system:NAME>`, line 1.
pub fn system_policy(name: &str) -> Option<RamPolicy> {
    let entry = SYSTEM_POLICIES
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))?;
    build(entry.name, entry.text, RamPolicyKind::Permission)
}

/// The names of the system policies mcauth knows.
pub fn system_policy_names() -> impl Iterator<Item = &'static str> {
    SYSTEM_POLICIES.iter().map(|p| p.name)
}

/// Whether attaching the system policy `name` (any case) is high-risk: "The system
/// automatically flags high-risk policies such as AdministratorAccess and AliyunRAMFullAccess"
/// (seed 001).
pub fn is_high_risk(name: &str) -> bool {
    ["AdministratorAccess", "AliyunRAMFullAccess"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// A service-linked role: trusted by one cloud service, with a fixed permission policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceLinkedRole {
    /// The role's name, e.g. `AliyunServiceRoleForMaxComputeIdentityMgmt`.
    pub name: String,
    /// The trusted service principal, e.g. `identity.odps.aliyuncs.com`.
    pub service: String,
    /// What the role is for.
    pub purpose: String,
    /// The trust policy: `sts:AssumeRole` for `service` (of the role's own account).
    pub trust: RamPolicy,
    /// The fixed permission policy.
    pub policy: RamPolicy,
}

struct LinkedRole {
    name: &'static str,
    service: &'static str,
    purpose: &'static str,
    policy: &'static str,
}

/// The MaxCompute service-linked roles of seed 002.
const LINKED_ROLES: [LinkedRole; 2] = [
    // Trusted service and policy: "Role name AliyunServiceRoleForMaxComputeIdentityMgmt,
    // Permission policy AliyunServiceRolePolicyForMaxComputeIdentityMgmt, Trusted service
    // identity.odps.aliyuncs.com"
    // (https://www.alibabacloud.com/help/en/maxcompute/security-and-compliance/maxcompute-service-association-role).
    LinkedRole {
        name: "AliyunServiceRoleForMaxComputeIdentityMgmt",
        service: "identity.odps.aliyuncs.com",
        purpose:
            "MaxCompute access to Hologres (and other big data services) as the task's executor",
        policy: "AliyunServiceRolePolicyForMaxComputeIdentityMgmt",
    },
    // Policy: AliyunServiceRolePolicyForMaxComputeLakehouse is "automatically attached when the
    // service-linked role AliyunServiceRoleForMaxComputeLakehouse is created"
    // (https://help.aliyun.com/zh/ram/developer-reference/aliyunservicerolepolicyformaxcomputelakehouse).
    // Trusted service: not found; `lakehouse.odps.aliyuncs.com` follows MaxCompute's other
    // service-linked roles (identity.odps, mms.odps, notebook.odps.aliyuncs.com).
    LinkedRole {
        name: "AliyunServiceRoleForMaxComputeLakehouse",
        service: "lakehouse.odps.aliyuncs.com",
        purpose: "MaxCompute access to Paimon_DLF (DLF catalogs) as the task's executor",
        policy: "AliyunServiceRolePolicyForMaxComputeLakehouse",
    },
];

/// The service-linked role called `name` (any case), if mcauth knows it: the two MaxCompute
/// roles of seed 002, for Hologres and for Paimon_DLF.
pub fn service_linked_role(name: &str) -> Option<ServiceLinkedRole> {
    let role = LINKED_ROLES
        .iter()
        .find(|r| r.name.eq_ignore_ascii_case(name))?;
    let trust_text = format!(
        "{{\n  \"Statement\": [\n    {{\n      \"Action\": \"sts:AssumeRole\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {{\n        \"Service\": [\n          \"{}\"\n        ]\n      }}\n    }}\n  ],\n  \"Version\": \"1\"\n}}\n",
        role.service
    );
    Some(ServiceLinkedRole {
        name: role.name.to_string(),
        service: role.service.to_string(),
        purpose: role.purpose.to_string(),
        trust: build(role.name, &trust_text, RamPolicyKind::Trust)?,
        policy: system_policy(role.policy)?,
    })
}

/// The names of the service-linked roles mcauth knows.
pub fn service_linked_role_names() -> impl Iterator<Item = &'static str> {
    LINKED_ROLES.iter().map(|r| r.name)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn every_system_policy_parses() {
        for p in SYSTEM_POLICIES {
            let policy = system_policy(p.name).unwrap_or_else(|| {
                let e = crate::ram::parse_ram_policy(p.name, p.text, RamPolicyKind::Permission);
                panic!("{}: {e:?}", p.name)
            });
            assert!(policy.system);
            assert_eq!(policy.name, p.name);
            assert!(!policy.statements.is_empty());
            let src = format!("<system:{}>:1:1", p.name);
            assert!(policy
                .statements
                .iter()
                .all(|s| s.source.to_string() == src));
        }
        assert!(system_policy("aliyunmaxcomputefullaccess").is_some());
        assert!(system_policy("NoSuchPolicy").is_none());
        for name in service_linked_role_names() {
            let r = service_linked_role(&name.to_ascii_lowercase()).unwrap();
            assert_eq!(r.trust.statements.len(), 1);
            assert!(r.policy.system && r.trust.system);
        }
    }
}
