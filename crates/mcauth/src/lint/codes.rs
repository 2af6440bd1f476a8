//! The table of lint codes: each code's stable name, severity and fix hint
//! (`docs/formats.md` "Lints", `docs/semantics.md` LT rows). Codes are what users filter on:
//! never rename one.

use super::Severity;
use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident => $text:literal, $severity:ident, $hint:literal; )*) => {
        /// A lint code (`mcauth lint`): a short kebab-case name with a fixed severity and hint.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $(#[$doc])* $name, )* }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The stable kebab-case name, e.g. `dead-deny`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $text,)* }
            }

            /// How serious a finding of this code is.
            pub fn severity(self) -> Severity {
                match self { $(Code::$name => Severity::$severity,)* }
            }

            /// How to fix a finding of this code.
            pub fn hint(self) -> &'static str {
                match self { $(Code::$name => $hint,)* }
            }
        }
    };
}

codes! {
    /// An Alibaba Cloud account added as a user of a project it does not own (seed 000).
    RootAccountMember => "root-account-member", Warning,
        "add a RAM user or RAM role of the account instead; keep the Alibaba Cloud account for \
         initial setup and account-level administration (seed 000)";
    /// ACL privileges or project roles granted to an Alibaba Cloud account (seed 000).
    RootAccountGrant => "root-account-grant", Warning,
        "grant to a RAM user or RAM role instead; the Alibaba Cloud account is not for routine \
         operations (seed 000)";
    /// A request made as an Alibaba Cloud account, by name or with its AccessKey (seed 000).
    RootAccountRequest => "root-account-request", Warning,
        "make routine requests as a RAM user (its AccessKey) or a RAM role (STS); seed 000: do \
         not use the Alibaba Cloud account for routine operations";
    /// An enabled AccessKey of an Alibaba Cloud account (seed 000).
    RootAccessKey => "root-access-key", Warning,
        "disable and delete the account's AccessKey and give RAM users their own: a leaked \
         account key exposes everything (seed 000)";
    /// AdministratorAccess or AliyunRAMFullAccess attached to a RAM user or role (seed 001).
    HighRiskPolicy => "high-risk-policy", Warning,
        "detach it and attach the narrowest policy that does the job (e.g. \
         AliyunMaxComputeFullAccess or a custom policy); seed 001: do not grant these unless \
         absolutely necessary";
    /// A RAM user with two enabled AccessKeys (seed 001: at most two).
    TwoAccessKeys => "two-access-keys", Warning,
        "finish the rotation: disable, then delete, the key no longer in use (seed 000: create \
         a new pair and disable the existing one)";
    /// A project-policy statement that allows `odps:*` on `*` to every user (`Principal` `*`).
    OdpsAllToEveryone => "odps-all-to-everyone", Error,
        "name the principals, and the actions and resources they need: this statement gives \
         every user of the project everything";
    /// A policy statement that allows `odps:*` on `*` to named principals or a role's holders.
    OdpsAllOnAll => "odps-all-on-all", Warning,
        "name the actions and resources the principal needs instead of `odps:*` on `*`";
    /// An Allow statement every request of which an unconditional Deny refuses.
    ShadowedAllow => "shadowed-allow", Warning,
        "remove the Allow, or narrow the Deny that covers it";
    /// A Deny statement that takes nothing away: nothing gives what it denies.
    DeadDeny => "dead-deny", Info,
        "remove the Deny, or check its Principal, Action and Resource for a typo";
    /// An ACL or label grant to a user who is no longer a user of the project.
    GrantToRemovedUser => "grant-to-removed-user", Warning,
        "revoke the grant (it comes back to life if the user is added again), or add the user \
         back";
    /// A grant on an object that does not exist.
    GrantOnMissingObject => "grant-on-missing-object", Warning,
        "revoke the grant, or create the object (check the name for a typo)";
    /// A grant whose `expires` is not after the configuration's clock.
    ExpiredGrant => "expired-grant", Info,
        "run `clear expired grants`, or grant again with a new expiry";
    /// LabelSecurity on in a project where no table or column is labelled above 0.
    LabelSecurityWithoutLabels => "label-security-without-labels", Warning,
        "label the sensitive tables and columns (`set label <n> to table <t>(<c>)`), or turn \
         LabelSecurity off";
    /// Download grants in a project whose download control is off.
    DownloadControlOff => "download-control-off", Warning,
        "`setproject odps.security.enabledownloadprivilege=true;` so that Download grants \
         count: while it is off, whoever may read a table may download it";
    /// ProjectProtection off in a project with labelled tables.
    UnprotectedLabelledProject => "unprotected-labelled-project", Warning,
        "`set ProjectProtection=true;` (with trusted projects or an exception policy where data \
         must flow out), so labelled data cannot be copied out of the project";
    /// A condition testing a key requests never carry, so it never holds.
    ConditionNeverCarried => "condition-never-carried", Warning,
        "remove the clause, or the grant or statement: no request carries the key, so it never \
         applies";
    /// A condition whose clauses on one key no request can satisfy together.
    ConditionContradictory => "condition-contradictory", Warning,
        "fix the clauses: no value of the key satisfies all of them, so the grant or statement \
         never applies";
    /// A public DataWorks development environment with a RAM role (seed 004).
    PublicEnvironmentRole => "public-environment-role", Error,
        "associate no role with a public environment (Do Not Associate Role) and use an \
         AccessKey pair in code (seed 004): everyone in the workspace can use its credential";
}

impl Code {
    /// The code named `name` (exact spelling).
    ///
    /// ```
    /// use mcauth::lint::{Code, Severity};
    /// let c = Code::from_name("dead-deny").unwrap();
    /// assert_eq!(c, Code::DeadDeny);
    /// assert_eq!(c.severity(), Severity::Info);
    /// assert!(Code::from_name("Dead-Deny").is_none());
    /// ```
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_hints_are_sentences() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let name = c.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{name}"
            );
            assert!(!name.starts_with('-') && !name.ends_with('-') && !name.contains("--"));
            assert_eq!(Code::from_name(name), Some(*c));
            assert!(!c.hint().is_empty() && !c.hint().ends_with('.'), "{name}");
        }
    }
}
