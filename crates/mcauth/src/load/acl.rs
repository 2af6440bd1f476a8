//! ACL `grant` / `revoke` and `clear expired grants` (`spec/acl-policy.md` §2, §11.3):
//! existing objects and subjects only, `*` object names for roles only, column lists on tables
//! for Describe/Select, one grant per action and column, `All` not split by a revoke.

use super::Loader;
use crate::action::{Action, ObjectType};
use crate::condition::Condition;
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{intern, AclGrant, AclProbe, Grantee, GranteeKind, Table};
use crate::pipeline::permission::management::{self, Holders};
use crate::pipeline::Trace;
use crate::principal::{Principal, PrincipalKind};
use crate::script::{AclStatement, GranteeWord, Spanned};
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

/// The column of the character `offset` bytes into a value that starts at `start`.
pub(super) fn inside(start: &Source, text: &str, offset: usize) -> Source {
    let chars = text.get(..offset).map(|s| s.chars().count()).unwrap_or(0);
    Source::new(
        start.file.clone(),
        start.line,
        start.column + u32::try_from(chars).unwrap_or(0),
    )
}

/// An ACL statement checked against the model: who, what, which actions and columns.
struct Checked {
    grantee: Arc<Grantee>,
    object: Arc<str>,
    columns: Vec<Option<String>>,
    actions: Vec<Action>,
}

/// The columns of an ACL statement on `table` (`None` when the object is not a table): one
/// `None` for a table-level grant, else each named column, checked to exist; column lists go
/// with Describe and Select only.
pub(super) fn grant_columns(
    table: Option<&Table>,
    a: &AclStatement,
) -> Result<Vec<Option<String>>, LoadError> {
    if a.columns.is_empty() {
        return Ok(vec![None]);
    }
    let Some(table) = table else {
        return Err(LoadError::rejected(
            &a.object.source,
            "column lists apply to tables only",
        ));
    };
    if let Some(act) = a
        .actions
        .iter()
        .find(|x| !matches!(x.value, Action::Select | Action::Describe))
    {
        return Err(LoadError::rejected(
            &act.source,
            format!(
                "column-level grants support Describe and Select only, not `{}`",
                act.value
            ),
        ));
    }
    a.columns
        .iter()
        .map(|c| {
            if table.has_column(&c.value) {
                Ok(Some(c.value.to_ascii_lowercase()))
            } else {
                Err(no_column(&c.source, &c.value, table))
            }
        })
        .collect()
}

/// Administrator-type roles hold management permissions, granted by policy: no ACL grants.
pub(super) fn no_admin_role(
    project: &crate::model::Project,
    grantee: &GranteeWord,
) -> Result<(), LoadError> {
    if let GranteeWord::Role(r) = grantee {
        if project
            .roles
            .get(&r.value.to_ascii_lowercase())
            .is_some_and(|r| r.admin_type)
        {
            return Err(LoadError::rejected(
                &r.source,
                format!("role `{}` is an administrator role: it holds management permissions, granted by policy, not ACL grants", r.value),
            ));
        }
    }
    Ok(())
}

/// "column `c` does not exist in table t".
pub(super) fn no_column(at: &Source, column: &str, table: &Table) -> LoadError {
    LoadError::rejected(
        at,
        format!(
            "column `{column}` does not exist in {} `{}`",
            table.kind_word(),
            table.name
        ),
    )
}

impl Loader {
    /// Who may grant or revoke: the owner, `super_administrator`, `admin`, or the object's
    /// creator with `ObjectCreatorHasGrantPermission`; `Download` only the owner or
    /// `super_administrator` (`spec/acl-policy.md` §6–§7).
    fn authorize_acl(
        &self,
        key: &str,
        src: &Source,
        a: &AclStatement,
        grant: bool,
    ) -> Result<Arc<Principal>, LoadError> {
        let (action, verb) = if grant {
            (Action::GrantPrivs, "grant permissions")
        } else {
            (Action::RevokePrivs, "revoke permissions")
        };
        self.authorize_with(key, src, action, verb, |project, issuer| {
            let ty = a.object_type.value;
            let lower = a.object.value.to_ascii_lowercase();
            let actions: Vec<Action> = a.actions.iter().map(|x| x.value).collect();
            let target = management::Target::acl(project, ty, &lower, &actions);
            let outcome = management::authorize(
                project,
                issuer,
                action,
                &target,
                &self.env(),
                &mut Trace::off(),
            );
            if actions.contains(&Action::Download) {
                self.require_holders(
                    key,
                    src,
                    issuer,
                    Holders::OwnerSuperAdmin,
                    &format!("{verb} of Download"),
                )?;
            }
            match outcome {
                Ok(_) => Ok(()),
                Err(d) => {
                    // The object's creator may grant on it (ObjectCreatorHasGrantPermission),
                    // unless a policy explicitly denies it.
                    let creator = project
                        .creator_of(ty, &lower)
                        .is_some_and(|c| c.key == issuer.key);
                    if d.deny_kind.is_none()
                        && creator
                        && project.flags.object_creator_has_grant_permission.value
                    {
                        return Ok(());
                    }
                    Err(LoadError::rejected(
                        src,
                        format!("`{issuer}` may not {verb}: {}", d.message),
                    ))
                }
            }
        })
    }

    fn check_acl(
        &self,
        key: &str,
        src: &Source,
        a: &AclStatement,
        issuer: &Principal,
        grant: bool,
    ) -> Result<Checked, LoadError> {
        let project = self.project(key, src)?;
        let ty = a.object_type.value;
        let object = a.object.value.to_ascii_lowercase();
        let at = &a.object.source;
        for act in &a.actions {
            if ty == ObjectType::Project && matches!(act.value, Action::Read | Action::Write) {
                return Err(LoadError::rejected(
                    &act.source,
                    format!(
                        "project `{}` cannot be granted: it is the project owner's alone (MaxCompute permissions page, \"Authorization method: Not supported\")",
                        act.value
                    ),
                ));
            }
            if !ty.grantable_actions().contains(&act.value) {
                let list: Vec<&str> = ty.grantable_actions().iter().map(|x| x.as_str()).collect();
                return Err(LoadError::rejected(
                    &act.source,
                    format!(
                        "action `{}` does not apply to a {ty}: expected one of {}",
                        act.value,
                        list.join(", ")
                    ),
                ));
            }
        }
        if !matches!(ty, ObjectType::Resource | ObjectType::Package) && object.contains('.') {
            return Err(LoadError::rejected(
                at,
                format!("`{}` names another project's object: grant in that project (`use <project>;` first)", a.object.value),
            ));
        }
        let pattern = object.contains('*');
        if object.contains('?') {
            return Err(LoadError::rejected(
                at,
                format!(
                    "`?` is not supported in ACL object names (`{}`): use `*`",
                    a.object.value
                ),
            ));
        }
        if let (true, GranteeWord::User(u)) = (pattern, &a.grantee) {
            return Err(LoadError::rejected(
                at,
                format!(
                    "wildcard object names can be granted only to roles: `{}` to user `{}`",
                    a.object.value, u.value
                ),
            ));
        }
        let grantee = self.grantee_of(key, src, &a.grantee, issuer, grant)?;
        if grant {
            no_admin_role(project, &a.grantee)?;
        }
        // The table, found once; its grants share the name it is keyed by.
        let table = match ty {
            ObjectType::Table => project.tables.get_key_value(object.as_str()),
            _ => None,
        };
        let exists = table.is_some() || project.object_exists(ty, &object);
        if pattern {
            if ty == ObjectType::Instance && a.actions.iter().any(|x| x.value == Action::Download) {
                return Err(LoadError::rejected(
                    at,
                    format!(
                        "Download on instances names one instance ID: no wildcard (`{}`)",
                        a.object.value
                    ),
                ));
            }
            if ty == ObjectType::Project || !a.columns.is_empty() {
                return Err(LoadError::rejected(at, format!("`*` patterns name tables, functions, resources or instances, without columns (`{}`)", a.object.value)));
            }
        } else if ty == ObjectType::Project {
            if object != key {
                return Err(LoadError::rejected(at, format!("`{}` is not the current project `{}`: grant project actions in the project itself", a.object.value, project.name)));
            }
        } else if ty == ObjectType::Package && !exists {
            return Err(LoadError::rejected(
                at,
                format!(
                    "package `{}` is not installed in project `{}`: expected `install package {};` first",
                    a.object.value, project.name, a.object.value
                ),
            ));
        } else if !exists {
            return Err(LoadError::rejected(
                at,
                format!(
                    "{ty} `{}` does not exist in project `{}`",
                    a.object.value, project.name
                ),
            ));
        }
        let columns = grant_columns(table.map(|(_, t)| t), a)?;
        let object = match table {
            Some((name, _)) => name.clone(),
            None => intern::share(object.as_str()),
        };
        Ok(Checked {
            grantee,
            object,
            columns,
            actions: a.actions.iter().map(|x| x.value).collect(),
        })
    }

    /// The user or role a grant (or revoke) names: a role of the project, or a current user
    /// (for a revoke, also a removed one) whom the issuer may name (`spec/acl-policy.md` §11.3).
    pub(super) fn grantee_of(
        &self,
        key: &str,
        src: &Source,
        word: &GranteeWord,
        issuer: &Principal,
        grant: bool,
    ) -> Result<Arc<Grantee>, LoadError> {
        let project = self.project(key, src)?;
        Ok(match word {
            GranteeWord::Role(r) => {
                let (rk, role) = self.existing_role(key, src, r)?;
                intern::share_grantee(GranteeKind::Role, &rk, &role.name)
            }
            GranteeWord::User(u) => {
                let p = self.statement_principal(u, issuer)?;
                self.require_provider(key, src, &p, &u.source)?;
                if issuer.kind != PrincipalKind::Account && p.account != issuer.account {
                    return Err(LoadError::rejected(
                        &u.source,
                        format!("`{issuer}` is a RAM identity and may grant only to RAM users of its own account `{}`", issuer.account),
                    ));
                }
                if issuer.kind == PrincipalKind::Account
                    && p.kind != PrincipalKind::Account
                    && p.account != issuer.account
                {
                    return Err(LoadError::rejected(
                        &u.source,
                        format!("`{issuer}` may grant to its own RAM users and to Alibaba Cloud accounts, not to RAM users of account `{}`", p.account),
                    ));
                }
                if project.owner.key == p.key {
                    return Err(LoadError::rejected(
                        &u.source,
                        format!(
                            "`{}` owns project `{}` and holds every permission already",
                            u.value, project.name
                        ),
                    ));
                }
                let known = project.users.contains_key(&p.key)
                    || (!grant && project.removed_users.contains_key(&p.key));
                if !known {
                    return Err(LoadError::rejected(
                        &u.source,
                        format!(
                            "`{}` is not a user of project `{}`: expected `add user {};` first",
                            u.value, project.name, u.value
                        ),
                    ));
                }
                intern::share_grantee(GranteeKind::User, &p.key, &p.display)
            }
        })
    }

    pub(super) fn grant_acl(&mut self, src: &Source, a: &AclStatement) -> Result<(), LoadError> {
        if let Some(allow) = &a.policy {
            return self.grant_policy(src, a, allow.value);
        }
        if let Some(p) = &a.package {
            return self.ref_acl(src, a, p, true);
        }
        let key = self.current_key(src)?;
        let issuer = self.authorize_acl(&key, src, a, true)?;
        let checked = self.check_acl(&key, src, a, &issuer, true)?;
        let (expires, conditions) = self.grant_options(a)?;
        let conditions = conditions.map(Arc::new);
        let project = self.project_mut(&key, src)?;
        for action in &checked.actions {
            for column in &checked.columns {
                project.acl.insert(AclGrant {
                    grantee: checked.grantee.clone(),
                    object_type: a.object_type.value,
                    object: checked.object.clone(),
                    column: column.clone(),
                    action: *action,
                    expires,
                    conditions: conditions.clone(),
                    source: src.clone(),
                });
            }
        }
        Ok(())
    }

    /// A grant's `"expires"` (as a time, from the clock) and `"conditions"` (parsed, errors
    /// pointing inside the text), shared by ACL and policy grants.
    pub(super) fn grant_options(
        &self,
        a: &AclStatement,
    ) -> Result<(Option<Timestamp>, Option<Condition>), LoadError> {
        let expires = match &a.expires_days {
            None => None,
            Some(days) => Some(self.expiry(days, "`expires`")?),
        };
        let conditions = match &a.conditions {
            None => None,
            Some(c) => Some(Condition::parse(&c.value).map_err(|e| {
                LoadError::rejected(&inside(&c.source, &c.value, e.offset), e.message)
            })?),
        };
        Ok((expires, conditions))
    }

    /// `days` after the clock; `what` names the clause in errors.
    pub(super) fn expiry(&self, days: &Spanned<u64>, what: &str) -> Result<Timestamp, LoadError> {
        let Some(now) = self.model.clock else {
            return Err(LoadError::rejected(
                &days.source,
                format!("{what} counts days from the grant, and no clock is set: expected `at '<time>';` before this statement"),
            ));
        };
        let secs = days
            .value
            .checked_mul(86_400)
            .and_then(|s| i64::try_from(s).ok());
        secs.and_then(|s| now.checked_add(SignedDuration::from_secs(s)).ok())
            .ok_or_else(|| {
                LoadError::rejected(
                    &days.source,
                    format!("{what} of {} days is too far in the future", days.value),
                )
            })
    }

    pub(super) fn revoke_acl(&mut self, src: &Source, a: &AclStatement) -> Result<(), LoadError> {
        if let Some(at) = a
            .expires_days
            .as_ref()
            .map(|d| &d.source)
            .or(a.conditions.as_ref().map(|c| &c.source))
        {
            return Err(LoadError::rejected(
                at,
                "a revoke takes no `expires` or `conditions`",
            ));
        }
        if let Some(allow) = &a.policy {
            return self.revoke_policy(src, a, allow.value);
        }
        if let Some(p) = &a.package {
            return self.ref_acl(src, a, p, false);
        }
        let key = self.current_key(src)?;
        let issuer = self.authorize_acl(&key, src, a, false)?;
        let checked = self.check_acl(&key, src, a, &issuer, false)?;
        let project = self.project_mut(&key, src)?;
        for (action, act) in checked.actions.iter().zip(&a.actions) {
            for column in &checked.columns {
                let probe = |action| AclProbe {
                    kind: checked.grantee.kind,
                    grantee: &checked.grantee.key,
                    object_type: a.object_type.value,
                    object: &checked.object,
                    column: column.as_deref(),
                    action,
                };
                if project.acl.remove(&probe(*action)).is_some() || *action == Action::All {
                    continue;
                }
                if let Some(all) = project.acl.get(&probe(Action::All)) {
                    return Err(LoadError::rejected(
                        &act.source,
                        format!(
                            "`{action}` is held through `All` (granted at {}): revoke All, then grant the actions to keep",
                            all.source
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    pub(super) fn clear_expired(&mut self, src: &Source) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        self.authorize_management(
            &key,
            src,
            Action::ClearExpiredGrants,
            "clear expired grants",
        )?;
        let Some(now) = self.model.clock else {
            return Err(LoadError::rejected(
                src,
                "`clear expired grants` needs the clock: expected `at '<time>';` first",
            ));
        };
        let live = |e: Option<Timestamp>| e.is_none_or(|e| now < e);
        self.project_mut(&key, src)?
            .retain_grants(|g| live(g.expires), |g| live(Some(g.expires)));
        Ok(())
    }
}
