//! Consistency of a model read from a snapshot: what the loader guarantees by construction, a
//! hand-edited or foreign snapshot may break, and lookups by key would then silently miss.

use super::{Model, PackageObject, Project};

fn key_of(what: &str, key: &str, name: &str) -> Result<(), String> {
    if key == name.to_ascii_lowercase() {
        Ok(())
    } else {
        Err(format!(
            "{what} key `{key}` does not match its name `{name}` (keys are the lower-case names)"
        ))
    }
}

impl Model {
    /// Check that keys match names and references resolve; the error says what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        for (key, account) in &self.accounts {
            let name = account.name.split_once('$').map_or("", |(_, n)| n);
            key_of("account", key, name)?;
        }
        // `account_ids` is the index of the accounts' `uid`s: both must say the same, or
        // `canonical_account` and `account_uid` would answer differently.
        for (id, account) in &self.account_ids {
            let Some(declared) = self.accounts.get(account) else {
                return Err(format!(
                    "account ID `{id}` names an undeclared account `{account}`"
                ));
            };
            match &declared.uid {
                Some(uid) if uid.eq_ignore_ascii_case(id) => {}
                Some(uid) => {
                    return Err(format!(
                        "account ID `{id}` names account `{account}`, whose uid is `{uid}`"
                    ))
                }
                None => {
                    return Err(format!(
                        "account ID `{id}` names account `{account}`, which has no uid"
                    ))
                }
            }
        }
        for (key, account) in &self.accounts {
            if let Some(uid) = &account.uid {
                let id = uid.to_ascii_lowercase();
                if self.account_ids.get(&id) != Some(key) {
                    return Err(format!(
                        "account `{key}` has uid `{uid}`, but `account_ids` does not map `{id}` \
                         to it"
                    ));
                }
            }
        }
        for (key, user) in &self.ram_users {
            if *key != user.principal.key {
                return Err(format!(
                    "RAM user key `{key}` is not its principal's key `{}`",
                    user.principal.key
                ));
            }
        }
        for (key, env) in &self.dev_environments {
            key_of("development environment", key, &env.name)?;
        }
        for (key, p) in &self.projects {
            key_of("project", key, &p.name)?;
            let at = |e: String| format!("project `{}`: {e}", p.name);
            for (k, t) in &p.tables {
                key_of("table", k, &t.name).map_err(at)?;
            }
            for (k, f) in &p.functions {
                key_of("function", k, &f.name).map_err(at)?;
            }
            for (k, r) in &p.resources {
                key_of("resource", k, &r.name).map_err(at)?;
            }
            for (k, r) in &p.roles {
                key_of("role", k, &r.name).map_err(at)?;
            }
            self.validate_sharing(p).map_err(at)?;
            validate_labels(p).map_err(at)?;
            for (k, m) in &p.users {
                if *k != m.principal.key {
                    return Err(at(format!(
                        "user key `{k}` is not its principal's key `{}`",
                        m.principal.key
                    )));
                }
                if let Some(r) = m.roles.keys().find(|r| !p.roles.contains_key(*r)) {
                    return Err(at(format!(
                        "user `{k}` holds role `{r}`, which does not exist"
                    )));
                }
            }
        }
        if let Some(p) = &self.session.project {
            if !self.projects.contains_key(p) {
                return Err(format!("the session's project `{p}` does not exist"));
            }
        }
        Ok(())
    }
}

/// A level must lie in 0–9.
fn level_ok(what: &str, level: u8) -> Result<(), String> {
    if level > super::MAX_LEVEL {
        Err(format!("{what} has level {level}: levels run from 0 to 9"))
    } else {
        Ok(())
    }
}

/// Labels name existing tables and data columns, with levels 0–9.
fn validate_labels(p: &Project) -> Result<(), String> {
    for (k, l) in &p.labels.tables {
        let Some(table) = p.tables.get(k.as_str()) else {
            return Err(format!("labels name table `{k}`, which does not exist"));
        };
        if let Some(t) = &l.table {
            level_ok(&format!("table `{k}`"), t.level)?;
        }
        for (c, level) in &l.columns {
            let data = table
                .columns
                .iter()
                .any(|d| d.name.to_ascii_lowercase() == *c);
            if !data {
                return Err(format!(
                    "labels name column `{c}` of table `{k}`, which is not one of its data columns \
                     (keys are lower case; partition columns carry no label)"
                ));
            }
            level_ok(&format!("column `{k}.{c}`"), level.level)?;
        }
    }
    for (k, l) in p.labels.users.iter().chain(&p.labels.roles) {
        level_ok(&format!("the access level of `{k}`"), l.level)?;
    }
    let grants = std::iter::once((None, &p.labels.grants))
        .chain(p.installed.values().map(|i| (Some(i), &i.labels)));
    for (installation, grants) in grants {
        for (table, list) in grants {
            if installation.is_none() && !p.tables.contains_key(table.as_str()) {
                return Err(format!(
                    "label grants name table `{table}`, which does not exist"
                ));
            }
            for g in list {
                level_ok(&format!("a label grant on `{table}`"), g.level)?;
            }
        }
    }
    Ok(())
}

impl Model {
    /// Packages hold existing objects under their keys and allow declared projects;
    /// installations name existing packages; trusted projects are declared.
    fn validate_sharing(&self, p: &Project) -> Result<(), String> {
        for (k, pkg) in &p.packages {
            key_of("package", k, &pkg.name)?;
            for (ok, o) in &pkg.objects {
                if *ok != PackageObject::key(o.object_type, &o.name) {
                    return Err(format!(
                        "package `{k}` object key `{ok}` does not match its {} `{}`",
                        o.object_type, o.name
                    ));
                }
                if !p.object_exists(o.object_type, &o.name.to_ascii_lowercase()) {
                    return Err(format!(
                        "package `{k}` holds {} `{}`, which does not exist",
                        o.object_type, o.name
                    ));
                }
            }
            for (ak, a) in &pkg.allowed {
                key_of("allowed project", ak, &a.project)?;
                if !self.projects.contains_key(ak) {
                    return Err(format!(
                        "package `{k}` allows project `{ak}`, which does not exist"
                    ));
                }
                level_ok(&format!("package `{k}`'s allowance of `{ak}`"), a.label)?;
            }
        }
        for (k, i) in &p.installed {
            key_of("installed package", k, &i.name())?;
            let exists = self
                .projects
                .get(&i.project.to_ascii_lowercase())
                .is_some_and(|src| src.packages.contains_key(&i.package.to_ascii_lowercase()));
            if !exists {
                return Err(format!(
                    "installed package `{k}` does not exist in its source project"
                ));
            }
        }
        for (k, t) in &p.trusted_projects {
            key_of("trusted project", k, &t.name)?;
            if !self.projects.contains_key(k) {
                return Err(format!("trusted project `{k}` does not exist"));
            }
        }
        Ok(())
    }
}
