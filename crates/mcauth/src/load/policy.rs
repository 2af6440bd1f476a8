//! `put policy` and the policy GRANT form (`spec/acl-policy.md` §3.1–§3.2, §11.3): policy
//! grants go to roles only, may name objects that do not exist (and survive their drop), are
//! revoked only by a statement naming the same action, object and `allow`, and are deleted
//! with their role. `put policy` replaces the whole document.

use super::Loader;
use crate::action::{Action, ObjectType};
use crate::decision::Effect;
use crate::error::LoadError;
use crate::location::Source;
use crate::model::PolicyGrant;
use crate::pipeline::permission::management::{self, Holders};
use crate::policy::arn::object_path;
use crate::policy::{parse_document, PolicyKind, PolicyStatement};
use crate::principal::ShortForm;
use crate::script::{AclStatement, GranteeWord, Spanned};
use std::path::Path;

/// The path of `file`, named in a statement of `script`: relative to the script's folder.
pub(super) fn beside(script: &str, file: &str) -> String {
    let p = Path::new(file);
    if p.is_absolute() {
        return file.to_string();
    }
    match Path::new(script).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(p).display().to_string(),
        _ => file.to_string(),
    }
}

/// Read the policy file a statement at `src` names: its path (beside the script) and text.
pub(super) fn read_beside(
    src: &Source,
    file: &Spanned<String>,
) -> Result<(String, String), LoadError> {
    let path = beside(&src.file, &file.value);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((path, text)),
        Err(e) => Err(LoadError::rejected(
            &file.source,
            format!("cannot read policy file `{path}`: {e}"),
        )),
    }
}

impl Loader {
    /// Read and parse the policy file a statement names (relative to its script). Principals
    /// resolve as a statement's do, against the project owner's account, and a RAM identity of
    /// a declared account must be declared (`docs/semantics.md` Y13). The document's `file`
    /// is the path read (beside the script), which reasons and explanations print.
    fn read_policy(
        &self,
        key: &str,
        src: &Source,
        file: &Spanned<String>,
        kind: PolicyKind,
    ) -> Result<crate::policy::PolicyDocument, LoadError> {
        let (path, text) = read_beside(src, file)?;
        let owner = &self.project(key, src)?.owner;
        let model = &self.model;
        let resolve = |name: &str| -> Result<String, String> {
            Ok(model
                .principal(name, ShortForm::Account(&owner.account))?
                .key)
        };
        parse_document(&path, &text, kind, src, &resolve)
    }

    /// A role whose permissions may change: it exists and is not built in.
    fn changeable_role(
        &self,
        key: &str,
        src: &Source,
        name: &Spanned<String>,
    ) -> Result<(String, &crate::model::Role), LoadError> {
        let (rk, role) = self.existing_role(key, src, name)?;
        if role.builtin.is_some() {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` is a built-in role: its permissions cannot be changed",
                    role.name
                ),
            ));
        }
        Ok((rk, role))
    }

    pub(super) fn put_policy(
        &mut self,
        src: &Source,
        file: &Spanned<String>,
        role: Option<&Spanned<String>>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let target = match role {
            None => management::Target::of(self.project(&key, src)?, Action::PutPolicy),
            Some(r) => management::Target::roles(
                self.project(&key, src)?,
                [r.value.to_ascii_lowercase().as_str()],
            ),
        };
        let issuer =
            self.authorize_management_on(&key, src, Action::PutPolicy, &target, "put policies")?;
        let role_key = match role {
            None => None,
            Some(r) => {
                let (rk, role) = self.changeable_role(&key, src, r)?;
                let admin = role.admin_type;
                if admin {
                    self.require_holders(
                        &key,
                        src,
                        &issuer,
                        Holders::OwnerSuperAdmin,
                        "change an administrator role's policy",
                    )?;
                }
                Some((rk, admin))
            }
        };
        let kind = match role_key {
            None => PolicyKind::Project,
            Some((_, admin)) => PolicyKind::Role { admin },
        };
        let doc = self.read_policy(&key, src, file, kind)?;
        let project = self.project_mut(&key, src)?;
        match role_key {
            None => project.policy = Some(doc),
            Some((rk, _)) => {
                if let Some(role) = project.roles.get_mut(&rk) {
                    role.policy = Some(doc);
                }
            }
        }
        Ok(())
    }

    /// `set ProjectProtection=true with exception <file>`: protection on, with an exception
    /// policy of Allow statements naming principals (`spec/principals-labels-packages.md` §5).
    pub(super) fn set_protection_exception(
        &mut self,
        src: &Source,
        file: &Spanned<String>,
    ) -> Result<(), LoadError> {
        self.set_flag(src, crate::script::FlagWord::ProjectProtection, true)?;
        let key = self.current_key(src)?;
        let doc = self.read_policy(&key, src, file, PolicyKind::Exception)?;
        if let Some(s) = doc.statements.iter().find(|s| s.effect != Effect::Allow) {
            return Err(LoadError::syntax(
                &s.source,
                "an exception policy lists what may leave the project: its statements are Allow",
            ));
        }
        self.project_mut(&key, src)?.protection_exception = Some(doc);
        Ok(())
    }

    /// The role of a policy grant, checked: it exists, and the issuer may change it.
    fn policy_role(
        &self,
        key: &str,
        src: &Source,
        a: &AclStatement,
        what: &str,
    ) -> Result<String, LoadError> {
        let GranteeWord::Role(r) = &a.grantee else {
            let at = match &a.grantee {
                GranteeWord::User(u) => &u.source,
                GranteeWord::Role(r) => &r.source,
            };
            return Err(LoadError::rejected(at, "policy grants go to roles only (`to role <r>`): MaxCompute does not support user policies"));
        };
        let download = a.actions.iter().any(|x| x.value == Action::Download);
        let target = management::Target::roles(
            self.project(key, src)?,
            [r.value.to_ascii_lowercase().as_str()],
        );
        let issuer =
            self.authorize_management_on(key, src, Action::AddPolicyStatments, &target, what)?;
        let (rk, role) = self.changeable_role(key, src, r)?;
        if role.admin_type || download {
            let what = format!(
                "{what} {}",
                if download {
                    "of Download"
                } else {
                    "on an administrator role"
                }
            );
            self.require_holders(key, src, &issuer, Holders::OwnerSuperAdmin, &what)?;
        }
        if !a.columns.is_empty() {
            return Err(LoadError::rejected(&a.object.source, "the policy GRANT form takes no column list: put a policy document with column ARNs instead"));
        }
        for act in &a.actions {
            let ty = a.object_type.value;
            if ty == ObjectType::Project && matches!(act.value, Action::Read | Action::Write) {
                return Err(LoadError::rejected(&act.source, format!(
                    "project `{}` is the project owner's alone and cannot be granted, by ACL or policy (CONTRADICTION K6)",
                    act.value
                )));
            }
            if !ty.grantable_actions().contains(&act.value) {
                return Err(LoadError::rejected(
                    &act.source,
                    format!("action `{}` does not apply to a {ty}", act.value),
                ));
            }
        }
        if a.object_type.value != ObjectType::Resource && a.object.value.contains('.') {
            return Err(LoadError::rejected(
                &a.object.source,
                "a policy grant names objects of the current project",
            ));
        }
        Ok(rk)
    }

    pub(super) fn grant_policy(
        &mut self,
        src: &Source,
        a: &AclStatement,
        allow: bool,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let rk = self.policy_role(&key, src, a, "grant policies")?;
        let (expires, condition) = self.grant_options(a)?;
        let project = self.project_mut(&key, src)?;
        let object = a.object.value.to_ascii_lowercase();
        let resource = object_path(&project.name, a.object_type.value, &object);
        let Some(role) = project.roles.get_mut(&rk) else {
            return Ok(());
        };
        for act in &a.actions {
            let entry = PolicyGrant {
                action: act.value,
                object_type: a.object_type.value,
                object: object.clone(),
                statement: PolicyStatement {
                    effect: if allow { Effect::Allow } else { Effect::Deny },
                    principals: Vec::new(),
                    actions: vec![format!("odps:{}", act.value)],
                    resources: vec![resource.clone()],
                    condition: condition.clone(),
                    expires,
                    source: src.clone(),
                },
            };
            let same = |g: &PolicyGrant| {
                g.is(
                    entry.action,
                    entry.object_type,
                    &entry.object,
                    entry.statement.effect,
                )
            };
            match role.policy_grants.iter_mut().find(|g| same(g)) {
                Some(g) => *g = entry,
                None => role.policy_grants.push(entry),
            }
        }
        Ok(())
    }

    pub(super) fn revoke_policy(
        &mut self,
        src: &Source,
        a: &AclStatement,
        allow: bool,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let rk = self.policy_role(&key, src, a, "revoke policies")?;
        let object = a.object.value.to_ascii_lowercase();
        let effect = if allow { Effect::Allow } else { Effect::Deny };
        let project = self.project_mut(&key, src)?;
        let Some(role) = project.roles.get_mut(&rk) else {
            return Ok(());
        };
        for act in &a.actions {
            let before = role.policy_grants.len();
            role.policy_grants
                .retain(|g| !g.is(act.value, a.object_type.value, &object, effect));
            if role.policy_grants.len() == before {
                return Err(LoadError::rejected(&act.source, format!(
                    "role `{}` has no policy grant of `{}` on {} `{}` with \"allow\"=\"{allow}\": a policy revoke must name the same action, object and allow",
                    role.name, act.value, a.object_type.value, a.object.value
                )));
            }
        }
        Ok(())
    }
}
