//! Authorizing a statement as its issuer: the issuer must be a user of the project, the
//! project's status must allow the change, and the permission stage must allow the action
//! (the built-in role table for management actions, the full object check for `create`,
//! `drop`, ...). The issuer must also be recognised by the project's account providers. The
//! same pipeline code answers requests, so a script and a request agree about who may do what.

use super::Loader;
use crate::action::{Action, ObjectType};
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{BuiltinRole, Project};
use crate::pipeline::permission::access::{self, Ask};
use crate::pipeline::permission::management::{self, Holders};
use crate::pipeline::permission::{prerequisite, Caller, Env};
use crate::pipeline::{authentication, membership, project_status, Denial, Trace};
use crate::principal::Principal;
use std::sync::Arc;

fn refused(src: &Source, issuer: &Principal, what: &str, d: Denial) -> LoadError {
    LoadError::rejected(src, format!("`{issuer}` may not {what}: {}", d.message))
}

impl Loader {
    /// The issuer, checked to be a user of project `key` whose status admits `action`.
    fn issuer_in(
        &self,
        key: &str,
        src: &Source,
        action: Action,
        what: &str,
    ) -> Result<Arc<Principal>, LoadError> {
        let project = self.project(key, src)?;
        let issuer = self.issuer(key, src)?;
        let mut off = Trace::off();
        authentication::recognised(project, &issuer, &mut off)
            .map_err(|d| refused(src, &issuer, what, d))?;
        membership::is_member(project, &issuer, &mut off)
            .map_err(|d| refused(src, &issuer, what, d))?;
        project_status::allows(project, action, &mut off)
            .map_err(|d| refused(src, &issuer, what, d))?;
        Ok(issuer)
    }

    /// Authorize `action` for the issuer in project `key`: [`Loader::issuer_in`]'s checks, then
    /// `rule`, except for the project's owner. The owner may do anything in its project (the
    /// first rule of `management::authorize`, of `access::allow` and of
    /// [`Loader::require_holders`]), and most statements of a large script are the owner's:
    /// they skip building the targets and reasons that `rule` would throw away.
    pub(super) fn authorize_with(
        &self,
        key: &str,
        src: &Source,
        action: Action,
        what: &str,
        rule: impl FnOnce(&Project, &Principal) -> Result<(), LoadError>,
    ) -> Result<Arc<Principal>, LoadError> {
        let issuer = self.issuer_in(key, src, action, what)?;
        let project = self.project(key, src)?;
        if project.owner.key != issuer.key {
            rule(project, &issuer)?;
        }
        Ok(issuer)
    }

    /// Authorize a management action (`AddUser`, `SetSecurityConfiguration`, ...) on its
    /// project-wide resource for the issuer.
    pub(super) fn authorize_management(
        &self,
        key: &str,
        src: &Source,
        action: Action,
        what: &str,
    ) -> Result<Arc<Principal>, LoadError> {
        self.authorize_with(key, src, action, what, |project, issuer| {
            let target = management::Target::of(project, action);
            self.management_rule(project, issuer, src, action, &target, what)
        })
    }

    /// Authorize a management action on a specific resource (a role, an object's ACL).
    pub(super) fn authorize_management_on(
        &self,
        key: &str,
        src: &Source,
        action: Action,
        target: &management::Target,
        what: &str,
    ) -> Result<Arc<Principal>, LoadError> {
        self.authorize_with(key, src, action, what, |project, issuer| {
            self.management_rule(project, issuer, src, action, target, what)
        })
    }

    /// `management::authorize`'s verdict on `action` on `target`.
    fn management_rule(
        &self,
        project: &Project,
        issuer: &Principal,
        src: &Source,
        action: Action,
        target: &management::Target,
        what: &str,
    ) -> Result<(), LoadError> {
        management::authorize(
            project,
            issuer,
            action,
            target,
            &self.env(),
            &mut Trace::off(),
        )
        .map(drop)
        .map_err(|d| refused(src, issuer, what, d))
    }

    /// The request facts of a statement: the clock, nothing else.
    pub(super) fn env(&self) -> Env<'static> {
        Env {
            time: self.model.clock,
            conditions: crate::condition::ConditionContext {
                time: self.model.clock,
                ..Default::default()
            },
            options: Default::default(),
            policies: None,
        }
    }

    /// Authorize an object action (`CreateTable` on the project, `Drop` on a table, ...) for
    /// the issuer, prerequisites included.
    pub(super) fn authorize_object(
        &self,
        key: &str,
        src: &Source,
        action: Action,
        target: (ObjectType, &str),
        what: &str,
    ) -> Result<Arc<Principal>, LoadError> {
        self.authorize_with(key, src, action, what, |project, issuer| {
            let env = self.env();
            let ask = Ask {
                action,
                object_type: target.0,
                name: target.1,
                columns: &[],
            };
            let mut off = Trace::off();
            let caller = Caller::of(project, issuer);
            access::allow(project, caller, ask, &env, &mut off)
                .and_then(|_| prerequisite::create_instance(project, caller, ask, &env, &mut off))
                .map(drop)
                .map_err(|d| refused(src, issuer, what, d))
        })
    }

    /// The owner-or-role rules of `spec/principals-labels-packages.md` §2.2 (administrator
    /// roles, `Download`, granting the built-in roles, `LabelSecurity`): the issuer must own
    /// project `key` or hold one of the built-in roles `who` names, else it may not do `what`.
    pub(super) fn require_holders(
        &self,
        key: &str,
        at: &Source,
        issuer: &Principal,
        who: Holders,
        what: &str,
    ) -> Result<(), LoadError> {
        let project = self.project(key, at)?;
        let (roles, holders): (&[BuiltinRole], &str) = match who {
            Holders::Owner => (&[], "the project owner"),
            Holders::OwnerSuperAdmin => (
                &[BuiltinRole::SuperAdministrator],
                "the project owner or `super_administrator`",
            ),
            Holders::OwnerSuperAdminAdmin => (
                &[BuiltinRole::SuperAdministrator, BuiltinRole::Admin],
                "the project owner, `super_administrator` or `admin`",
            ),
        };
        let caller = Caller::of(project, issuer);
        let holds = project.owner.key == issuer.key
            || roles
                .iter()
                .any(|r| management::holds(caller, *r).is_some());
        if holds {
            Ok(())
        } else {
            Err(LoadError::rejected(
                at,
                format!("`{issuer}` may not {what}: only {holders} may"),
            ))
        }
    }
}
