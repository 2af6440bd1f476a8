//! LabelSecurity statements (`spec/principals-labels-packages.md` §3.2): `set label` on tables,
//! columns, users and roles; `grant label` / `revoke label`, also on tables of an installed
//! package (`privilegeproperties("refobject"="true", ...)`).

use super::packages::{installation_mut, object_resource};
use super::Loader;
use crate::action::{Action, ObjectType};
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{Grantee, GranteeKind, LabelGrant, Level, Table};
use crate::pipeline::permission::management::Target;
use crate::script::{GranteeWord, LabelTarget, PackageRef, Spanned};
use jiff::{SignedDuration, Timestamp};

/// Days a label grant lasts without `with exp` (grant-label page).
const DEFAULT_EXP_DAYS: u64 = 180;

/// The management resource of a project table's labels (`spec/acl-policy.md` §9.2).
fn table_resource(table: &str) -> String {
    format!("authorization/schemas/default/tables/{table}")
}

/// The lower-case columns of a label statement, each checked to be a data column of `table`.
fn data_columns(table: &Table, target: &LabelTarget) -> Result<Vec<String>, LoadError> {
    target
        .columns
        .iter()
        .map(|c| {
            let lower = c.value.to_ascii_lowercase();
            if table
                .partition_columns
                .iter()
                .any(|p| p.name.eq_ignore_ascii_case(&lower))
            {
                return Err(LoadError::rejected(
                    &c.source,
                    format!(
                        "`{}` is a partition column of `{}`: partition key columns cannot carry labels",
                        c.value, table.name
                    ),
                ));
            }
            if !table.has_column(&lower) {
                return Err(super::acl::no_column(&c.source, &c.value, table));
            }
            Ok(lower)
        })
        .collect()
}

impl Loader {
    /// `set label <n> to table <t>[(<cols>)]`: `SetDataLabel`.
    pub(super) fn set_table_label(
        &mut self,
        src: &Source,
        level: &Spanned<u8>,
        target: &LabelTarget,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let table = target.table.value.to_ascii_lowercase();
        let what = format!("set labels on `{}`", target.table.value);
        let t = Target::at(self.project(&key, src)?, &[table_resource(&table)]);
        self.authorize_management_on(&key, src, Action::SetDataLabel, &t, &what)?;
        let columns = own_columns(self.project(&key, src)?, target)?;
        let value = Level {
            level: level.value,
            source: src.clone(),
        };
        let labels = self
            .project_mut(&key, src)?
            .labels
            .tables
            .entry(table)
            .or_default();
        if columns.is_empty() {
            labels.table = Some(value);
        } else {
            for c in columns {
                labels.columns.insert(c, value.clone());
            }
        }
        Ok(())
    }

    /// `set label <n> to user|role <x>`: `SetDataLabel` on the users' or the role's resource.
    pub(super) fn set_principal_label(
        &mut self,
        src: &Source,
        level: &Spanned<u8>,
        grantee: &GranteeWord,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let project = self.project(&key, src)?;
        let t = match grantee {
            GranteeWord::User(_) => Target::at(project, &["authorization/users".to_string()]),
            GranteeWord::Role(r) => Target::roles(project, [r.value.to_ascii_lowercase().as_str()]),
        };
        let issuer =
            self.authorize_management_on(&key, src, Action::SetDataLabel, &t, "set access levels")?;
        let who = self.grantee_of(&key, src, grantee, &issuer, true)?;
        let value = Level {
            level: level.value,
            source: src.clone(),
        };
        let labels = &mut self.project_mut(&key, src)?.labels;
        match who.kind {
            GranteeKind::User => labels.users.insert(who.key.clone(), value),
            GranteeKind::Role => labels.roles.insert(who.key.clone(), value),
        };
        Ok(())
    }

    /// `grant label <n> on table <t>[(<cols>)] to user|role <x> [with exp <days>]`.
    pub(super) fn grant_label(
        &mut self,
        src: &Source,
        level: &Spanned<u8>,
        target: &LabelTarget,
        grantee: &GranteeWord,
        expires_days: Option<&Spanned<u64>>,
        package: Option<&PackageRef>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let (issuer, columns) = self.label_target(&key, src, target, package, true)?;
        let who = self.grantee_of(&key, src, grantee, &issuer, true)?;
        let expires = match expires_days {
            Some(days) => self.expiry(days, "`with exp`")?,
            None => self.default_expiry(src)?,
        };
        let table = target.table.value.to_ascii_lowercase();
        let project = self.project_mut(&key, src)?;
        let grants = match package {
            None => &mut project.labels.grants,
            Some(p) => &mut installation_mut(project, p)?.labels,
        };
        let list = grants.entry(table).or_default();
        let cols: Vec<Option<String>> = if columns.is_empty() {
            vec![None]
        } else {
            columns.into_iter().map(Some).collect()
        };
        for column in cols {
            let grant = LabelGrant {
                grantee: Grantee::clone(&who),
                column,
                level: level.value,
                expires,
                source: src.clone(),
            };
            match list.iter_mut().find(|g| {
                g.grantee.key == who.key && g.grantee.kind == who.kind && g.column == grant.column
            }) {
                Some(old) => *old = grant,
                None => list.push(grant),
            }
        }
        Ok(())
    }

    /// `revoke label on table <t>[(<cols>)] from user|role <x>`: a table-level revoke also
    /// revokes the grantee's column grants on the table (old label doc).
    pub(super) fn revoke_label(
        &mut self,
        src: &Source,
        target: &LabelTarget,
        grantee: &GranteeWord,
        package: Option<&PackageRef>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let (issuer, columns) = self.label_target(&key, src, target, package, false)?;
        let who = self.grantee_of(&key, src, grantee, &issuer, false)?;
        let table = target.table.value.to_ascii_lowercase();
        let project = self.project_mut(&key, src)?;
        let grants = match package {
            None => &mut project.labels.grants,
            Some(p) => &mut installation_mut(project, p)?.labels,
        };
        if let Some(list) = grants.get_mut(&table) {
            list.retain(|g| {
                let same = g.grantee.kind == who.kind && g.grantee.key == who.key;
                let covered =
                    columns.is_empty() || g.column.as_ref().is_some_and(|c| columns.contains(c));
                !(same && covered)
            });
            if list.is_empty() {
                grants.shift_remove(&table);
            }
        }
        Ok(())
    }

    /// Authorize `GrantLabel` / `RevokeLabel` on a label statement's table (in this project or
    /// in an installed package) and check its columns: the issuer and the lower-case columns.
    fn label_target(
        &self,
        key: &str,
        src: &Source,
        target: &LabelTarget,
        package: Option<&PackageRef>,
        grant: bool,
    ) -> Result<(std::sync::Arc<crate::principal::Principal>, Vec<String>), LoadError> {
        let (action, verb) = if grant {
            (Action::GrantLabel, "grant labels")
        } else {
            (Action::RevokeLabel, "revoke labels")
        };
        let table = target.table.value.to_ascii_lowercase();
        let project = self.project(key, src)?;
        let resource = match package {
            None => table_resource(&table),
            Some(p) => object_resource(p, ObjectType::Table, &table),
        };
        let t = Target::at(project, &[resource]);
        let issuer = self.authorize_management_on(key, src, action, &t, verb)?;
        let columns = match package {
            None => own_columns(project, target)?,
            Some(p) => {
                let source = self.package_table(key, src, p, &target.table)?;
                data_columns(source, target)?
            }
        };
        Ok((issuer, columns))
    }

    /// The clock plus the default label-grant lifetime.
    fn default_expiry(&self, src: &Source) -> Result<Timestamp, LoadError> {
        let Some(now) = self.model.clock else {
            return Err(LoadError::rejected(
                src,
                "a label grant expires 180 days after it is made, and no clock is set: expected `at '<time>';` before this statement",
            ));
        };
        let secs = i64::try_from(DEFAULT_EXP_DAYS * 86_400).unwrap_or(i64::MAX);
        now.checked_add(SignedDuration::from_secs(secs))
            .map_err(|e| LoadError::rejected(src, format!("the default expiry overflows: {e}")))
    }

    /// A table of an installed package: the installation exists in project `key`, the
    /// package still holds the table, and the table exists in the source project.
    pub(super) fn package_table(
        &self,
        key: &str,
        src: &Source,
        pkg: &PackageRef,
        table: &Spanned<String>,
    ) -> Result<&Table, LoadError> {
        let (source, _) = self.package_object(key, src, pkg, ObjectType::Table, table)?;
        source
            .tables
            .get(table.value.to_ascii_lowercase().as_str())
            .ok_or_else(|| {
                LoadError::rejected(
                    &table.source,
                    format!(
                        "table `{}` of package `{}.{}` does not exist in project `{}`",
                        table.value, pkg.project.value, pkg.package.value, source.name
                    ),
                )
            })
    }
}

/// The checked columns of a label statement on a table of `project`.
fn own_columns(
    project: &crate::model::Project,
    target: &LabelTarget,
) -> Result<Vec<String>, LoadError> {
    match project
        .tables
        .get(target.table.value.to_ascii_lowercase().as_str())
    {
        Some(t) => data_columns(t, target),
        None => Err(LoadError::rejected(
            &target.table.source,
            format!(
                "table `{}` does not exist in project `{}`",
                target.table.value, project.name
            ),
        )),
    }
}
