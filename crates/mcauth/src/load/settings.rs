//! `set <flag>=...` and `setproject <key>=...` (`spec/acl-policy.md` §4;
//! `spec/principals-labels-packages.md` §6).

use super::acl::inside;
use super::Loader;
use crate::action::Action;
use crate::error::LoadError;
use crate::location::Source;
use crate::network::{parse_ip_whitelist, parse_vpc_whitelist};
use crate::pipeline::permission::management::Holders;
use crate::script::{FlagWord, ProjectKey, ProjectSetting};

/// A `setproject` key as written in statements.
fn key_name(key: ProjectKey) -> &'static str {
    match key {
        ProjectKey::IpWhitelist => "odps.security.ip.whitelist",
        ProjectKey::VpcWhitelist => "odps.security.vpc.whitelist",
        ProjectKey::EnableDownloadPrivilege => "odps.security.enabledownloadprivilege",
    }
}

impl Loader {
    /// The security flags: owner or `super_administrator` (CONTRADICTION K4, current page);
    /// `LabelSecurity` by the owner alone.
    pub(super) fn set_flag(
        &mut self,
        src: &Source,
        flag: FlagWord,
        value: bool,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        if flag == FlagWord::LabelSecurity {
            let issuer = self.issuer(&key, src)?;
            self.require_holders(&key, src, &issuer, Holders::Owner, "set `LabelSecurity`")?;
        }
        self.authorize_management(
            &key,
            src,
            Action::SetSecurityConfiguration,
            "change the security configuration",
        )?;
        let flags = &mut self.project_mut(&key, src)?.flags;
        let setting = match flag {
            FlagWord::CheckPermissionUsingAcl => &mut flags.check_permission_using_acl,
            FlagWord::CheckPermissionUsingPolicy => &mut flags.check_permission_using_policy,
            FlagWord::ObjectCreatorHasAccessPermission => {
                &mut flags.object_creator_has_access_permission
            }
            FlagWord::ObjectCreatorHasGrantPermission => {
                &mut flags.object_creator_has_grant_permission
            }
            FlagWord::LabelSecurity => &mut flags.label_security,
            FlagWord::ProjectProtection => &mut flags.project_protection,
        };
        setting.set(value, src);
        if flag == FlagWord::ProjectProtection {
            // A plain `set ProjectProtection=...` states the whole protection setting: no
            // exception policy unless it names one.
            self.project_mut(&key, src)?.protection_exception = None;
        }
        Ok(())
    }

    /// Whitelists and the download switch: `SetProperty` (owner, `super_administrator`, or an
    /// administrator role whose policy allows it).
    pub(super) fn set_project(
        &mut self,
        src: &Source,
        settings: &[ProjectSetting],
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        self.authorize_management(&key, src, Action::SetProperty, "set project properties")?;
        for (i, s) in settings.iter().enumerate() {
            if settings.iter().take(i).any(|t| t.key.value == s.key.value) {
                return Err(LoadError::rejected(
                    &s.key.source,
                    format!(
                        "`{}` is already set earlier in the same statement",
                        key_name(s.key.value)
                    ),
                ));
            }
            let v = &s.value;
            let project = self.project_mut(&key, src)?;
            match s.key.value {
                ProjectKey::IpWhitelist => {
                    let list = parse_ip_whitelist(&v.value).map_err(|e| {
                        LoadError::rejected(&inside(&v.source, &v.value, e.offset), e.message)
                    })?;
                    project.ip_whitelist.set(list, src);
                }
                ProjectKey::VpcWhitelist => {
                    let list = parse_vpc_whitelist(&v.value).map_err(|e| {
                        LoadError::rejected(&inside(&v.source, &v.value, e.offset), e.message)
                    })?;
                    project.vpc_whitelist.set(list, src);
                }
                ProjectKey::EnableDownloadPrivilege => {
                    let on = if v.value.eq_ignore_ascii_case("true") {
                        true
                    } else if v.value.eq_ignore_ascii_case("false") {
                        false
                    } else {
                        return Err(LoadError::rejected(
                            &v.source,
                            format!("expected `true` or `false`, found `{}`", v.value),
                        ));
                    };
                    project.flags.enable_download_privilege.set(on, src);
                }
            }
        }
        Ok(())
    }
}
