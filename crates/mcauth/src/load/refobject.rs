//! ACL grants on one object of an installed package (`grant ... privilegeproperties(
//! "refobject"="true", "refproject"=<p>, "package"=<pkg>)`, `spec/principals-labels-packages.md`
//! §4.1): made in the installing project by its owner or administrators; they narrow the
//! package's access to that object (§4.2 (d)).

use super::acl::{grant_columns, no_admin_role};
use super::packages::{installation_mut, object_resource};
use super::Loader;
use crate::action::{Action, ObjectType};
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{intern, AclGrant, AclProbe};
use crate::pipeline::permission::management::Target;
use crate::script::{AclStatement, PackageRef};
use std::sync::Arc;

impl Loader {
    /// Grant (`grant`) or revoke a refobject ACL.
    pub(super) fn ref_acl(
        &mut self,
        src: &Source,
        a: &AclStatement,
        pkg: &PackageRef,
        grant: bool,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let (action, verb) = if grant {
            (Action::GrantPrivs, "grant permissions on package objects")
        } else {
            (Action::RevokePrivs, "revoke permissions on package objects")
        };
        let ty = a.object_type.value;
        let object = a.object.value.to_ascii_lowercase();
        let actions: Vec<Action> = a.actions.iter().map(|x| x.value).collect();
        let mut target = Target::at(
            self.project(&key, src)?,
            &[object_resource(pkg, ty, &object)],
        );
        target.privileges = Some(actions.iter().map(|x| x.as_str().to_string()).collect());
        let issuer = self.authorize_management_on(&key, src, action, &target, verb)?;
        let (source, held) = self.package_object(&key, src, pkg, ty, &a.object)?;
        for act in &a.actions {
            if grant && !held.privileges.contains(&act.value) {
                let list: Vec<&str> = held.privileges.iter().map(|x| x.as_str()).collect();
                return Err(LoadError::rejected(
                    &act.source,
                    format!(
                        "package `{}.{}` gives only {} on {ty} `{}`, not `{}`",
                        pkg.project.value,
                        pkg.package.value,
                        list.join(", "),
                        held.name,
                        act.value
                    ),
                ));
            }
        }
        let table = source
            .tables
            .get(object.as_str())
            .filter(|_| ty == ObjectType::Table);
        let columns = grant_columns(table, a)?;
        let grantee = self.grantee_of(&key, src, &a.grantee, &issuer, grant)?;
        if grant {
            no_admin_role(self.project(&key, src)?, &a.grantee)?;
        }
        let (expires, conditions) = if grant {
            self.grant_options(a)?
        } else {
            (None, None)
        };
        let object = intern::share(object.as_str());
        let conditions = conditions.map(Arc::new);
        let installation = installation_mut(self.project_mut(&key, src)?, pkg)?;
        for &action in &actions {
            for column in &columns {
                if grant {
                    installation.acl.insert(AclGrant {
                        grantee: grantee.clone(),
                        object_type: ty,
                        object: object.clone(),
                        column: column.clone(),
                        action,
                        expires,
                        conditions: conditions.clone(),
                        source: src.clone(),
                    });
                } else {
                    installation.acl.remove(&AclProbe {
                        kind: grantee.kind,
                        grantee: &grantee.key,
                        object_type: ty,
                        object: &object,
                        column: column.as_deref(),
                        action,
                    });
                }
            }
        }
        Ok(())
    }
}
