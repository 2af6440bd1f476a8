//! Tenant-level users and roles (`spec/principals-labels-packages.md` §8): run inside any
//! project of the tenant, they act on the tenant of the project owner's account. Only the
//! Alibaba Cloud account, or a tenant user holding the built-in tenant role
//! `super_administrator` or `admin`, may manage them; only the account grants or revokes the
//! built-in roles themselves (docs/semantics.md I12).

use super::Loader;
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{Attachment, Tenant, TenantRole, TenantUser};
use crate::principal::{Principal, PrincipalKind};
use crate::ram::RamPolicyKind;
use crate::script::Spanned;
use std::sync::Arc;

/// The built-in tenant roles.
pub const BUILTIN_TENANT_ROLES: [&str; 2] = ["super_administrator", "admin"];

/// Who manages a tenant in a statement: the tenant's account key and the issuer.
struct TenantAdmin {
    /// The tenant's account key (the current project owner's account).
    account: String,
    /// The statement's issuer.
    issuer: Arc<Principal>,
}

impl TenantAdmin {
    /// Whether the issuer is the tenant's Alibaba Cloud account itself.
    fn is_account(&self) -> bool {
        self.issuer.kind == PrincipalKind::Account && self.issuer.account == self.account
    }
}

impl Loader {
    /// The tenant's account and the issuer, checked to be allowed to manage the tenant.
    fn tenant_admin(&self, src: &Source, what: &str) -> Result<TenantAdmin, LoadError> {
        let key = self.current_key(src)?;
        let account = self.project(&key, src)?.owner.account.clone();
        let issuer = self.issuer(&key, src)?;
        let admin = TenantAdmin { account, issuer };
        if admin.is_account() {
            return Ok(admin);
        }
        let holder = self.model.tenants.get(&admin.account).is_some_and(|t| {
            BUILTIN_TENANT_ROLES
                .iter()
                .filter_map(|r| t.roles.get(*r))
                .any(|r| r.members.contains_key(&admin.issuer.key))
        });
        if holder {
            Ok(admin)
        } else {
            let TenantAdmin { account, issuer } = admin;
            Err(LoadError::rejected(
                src,
                format!(
                    "`{issuer}` may not {what}: only the Alibaba Cloud account `{account}` or a \
                     tenant user holding the tenant role `super_administrator` or `admin` manages \
                     tenant users and roles"
                ),
            ))
        }
    }

    fn tenant_mut(&mut self, account: &str, src: &Source) -> &mut Tenant {
        self.model
            .tenants
            .entry(account.to_string())
            .or_insert_with(|| {
                let mut t = Tenant::default();
                for name in BUILTIN_TENANT_ROLES {
                    t.roles.insert(
                        name.to_string(),
                        TenantRole {
                            name: name.to_string(),
                            builtin: true,
                            members: Default::default(),
                            policies: Vec::new(),
                            source: src.clone(),
                        },
                    );
                }
                t
            })
    }

    fn tenant_principal(&self, name: &Spanned<String>) -> Result<Principal, LoadError> {
        self.principal(name, self.owner_short_form())
    }

    pub(super) fn add_tenant_user(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
        add: bool,
    ) -> Result<(), LoadError> {
        let account = self
            .tenant_admin(
                src,
                if add {
                    "add tenant users"
                } else {
                    "remove tenant users"
                },
            )?
            .account;
        let principal = self.tenant_principal(name)?;
        // Tenant users are RAM identities of the tenant's own account (PLP §1.1 "You can only
        // add RAM users that belong to your own Alibaba Cloud account"). An Alibaba Cloud
        // account is refused too: another account's console requests never reach this
        // tenant's resources, and the tenant's own account has every permission on them
        // before any tenant role is read (docs/semantics.md I11, I12).
        let why = if principal.kind == PrincipalKind::Account && principal.account == account {
            Some(format!(
                "`{}` is the tenant's own Alibaba Cloud account, which has every permission on \
                 its resources without tenant roles: a tenant adds the RAM users and roles of \
                 its account as tenant users",
                name.value
            ))
        } else if principal.kind == PrincipalKind::Account || principal.account != account {
            Some(format!(
                "`{}` belongs to account `{}`: a tenant adds the RAM users and roles of its own \
                 account `{account}` only",
                name.value, principal.account
            ))
        } else {
            None
        };
        if let Some(why) = why {
            return Err(LoadError::rejected(&name.source, why));
        }
        let tenant = self.tenant_mut(&account, src);
        match (add, tenant.users.get(&principal.key)) {
            (true, Some(u)) => Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` is already a tenant user (added at {})",
                    name.value, u.source
                ),
            )),
            (true, None) => {
                tenant.users.insert(
                    principal.key.clone(),
                    TenantUser {
                        principal,
                        source: src.clone(),
                    },
                );
                Ok(())
            }
            (false, None) => Err(LoadError::rejected(
                &name.source,
                format!("`{}` is not a tenant user", name.value),
            )),
            (false, Some(_)) => {
                if let Some(r) = tenant
                    .roles
                    .values()
                    .find(|r| r.members.contains_key(&principal.key))
                {
                    return Err(LoadError::rejected(
                        &name.source,
                        format!(
                            "`{}` still holds tenant role `{}`: revoke it first",
                            name.value, r.name
                        ),
                    ));
                }
                tenant.users.shift_remove(&principal.key);
                Ok(())
            }
        }
    }

    pub(super) fn create_tenant_role(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
        create: bool,
    ) -> Result<(), LoadError> {
        super::declarations::check_identifier("tenant role", name)?;
        let account = self
            .tenant_admin(
                src,
                if create {
                    "create tenant roles"
                } else {
                    "drop tenant roles"
                },
            )?
            .account;
        let key = name.value.to_ascii_lowercase();
        let tenant = self.tenant_mut(&account, src);
        match (create, tenant.roles.get(&key)) {
            (true, Some(r)) => Err(LoadError::rejected(
                &name.source,
                format!(
                    "tenant role `{}` already exists (created at {})",
                    name.value, r.source
                ),
            )),
            (true, None) => {
                tenant.roles.insert(
                    key,
                    TenantRole {
                        name: name.value.clone(),
                        builtin: false,
                        members: Default::default(),
                        policies: Vec::new(),
                        source: src.clone(),
                    },
                );
                Ok(())
            }
            (false, None) => Err(LoadError::rejected(
                &name.source,
                format!("tenant role `{}` does not exist", name.value),
            )),
            (false, Some(r)) if r.builtin => Err(LoadError::rejected(
                &name.source,
                format!(
                    "`{}` is a built-in tenant role and cannot be dropped",
                    r.name
                ),
            )),
            (false, Some(r)) if !r.members.is_empty() => Err(LoadError::rejected(
                &name.source,
                format!(
                    "tenant role `{}` still has {} user(s): revoke it from them first",
                    r.name,
                    r.members.len()
                ),
            )),
            (false, Some(_)) => {
                tenant.roles.shift_remove(&key);
                Ok(())
            }
        }
    }

    pub(super) fn grant_tenant_role(
        &mut self,
        src: &Source,
        role: &Spanned<String>,
        user: &Spanned<String>,
        grant: bool,
    ) -> Result<(), LoadError> {
        let verb = if grant { "grant" } else { "revoke" };
        let admin = self.tenant_admin(src, &format!("{verb} tenant roles"))?;
        let principal = self.tenant_principal(user)?;
        let by_account = admin.is_account();
        let TenantAdmin { account, issuer } = admin;
        let tenant = self.tenant_mut(&account, src);
        if !tenant.users.contains_key(&principal.key) {
            return Err(LoadError::rejected(
                &user.source,
                format!(
                    "`{}` is not a tenant user: expected `add tenant user {};` first",
                    user.value, user.value
                ),
            ));
        }
        let Some(r) = tenant.roles.get_mut(&role.value.to_ascii_lowercase()) else {
            return Err(LoadError::rejected(
                &role.source,
                format!("tenant role `{}` does not exist", role.value),
            ));
        };
        // A holder of a built-in role manages custom roles only (PLP §8); handing out the
        // built-in roles is the account's (PLP C4, newest: "Only the project owner can assign
        // built-in administrator roles"), so an `admin` cannot make itself, or strip, a
        // `super_administrator`.
        if r.builtin && !by_account {
            return Err(LoadError::rejected(
                &role.source,
                format!(
                    "`{issuer}` may not {verb} the built-in tenant role `{}`: only the Alibaba \
                     Cloud account `{account}` grants or revokes the built-in tenant roles",
                    r.name
                ),
            ));
        }
        match (grant, r.members.contains_key(&principal.key)) {
            (true, true) => Err(LoadError::rejected(
                &user.source,
                format!("`{}` already holds tenant role `{}`", user.value, r.name),
            )),
            (false, false) => Err(LoadError::rejected(
                &user.source,
                format!("`{}` does not hold tenant role `{}`", user.value, r.name),
            )),
            (true, false) => {
                r.members.insert(principal.key, src.clone());
                Ok(())
            }
            (false, true) => {
                r.members.shift_remove(&principal.key);
                Ok(())
            }
        }
    }

    pub(super) fn put_tenant_policy(
        &mut self,
        src: &Source,
        file: &Spanned<String>,
        role: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let account = self
            .tenant_admin(src, "put policies on tenant roles")?
            .account;
        let policy = self.read_ram_policy(src, file, RamPolicyKind::Permission)?;
        let tenant = self.tenant_mut(&account, src);
        let Some(r) = tenant.roles.get_mut(&role.value.to_ascii_lowercase()) else {
            return Err(LoadError::rejected(
                &role.source,
                format!("tenant role `{}` does not exist", role.value),
            ));
        };
        if r.builtin {
            return Err(LoadError::rejected(
                &role.source,
                format!(
                    "`{}` is a built-in tenant role: its permissions are fixed",
                    r.name
                ),
            ));
        }
        // `put policy` replaces the role's policy, as it does for project roles.
        r.policies = vec![Attachment {
            policy,
            source: src.clone(),
        }];
        Ok(())
    }
}
