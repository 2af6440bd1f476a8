//! Consistency of a model read from a snapshot: what the loader guarantees by construction, a
//! hand-edited or foreign snapshot may break, and lookups by key would then silently miss.

use super::Model;

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
        for (id, account) in &self.account_ids {
            if !self.accounts.contains_key(account) {
                return Err(format!(
                    "account ID `{id}` names an undeclared account `{account}`"
                ));
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
            for (k, pkg) in &p.packages {
                key_of("package", k, &pkg.name).map_err(at)?;
            }
            for (k, i) in &p.installed {
                key_of("installed package", k, &i.name()).map_err(at)?;
            }
            for (k, t) in &p.trusted_projects {
                key_of("trusted project", k, &t.name).map_err(at)?;
            }
            for (k, l) in &p.labels.tables {
                if !p.tables.contains_key(k) {
                    return Err(at(format!("labels name table `{k}`, which does not exist")));
                }
                if let Some(level) = l
                    .columns
                    .values()
                    .chain(&l.table)
                    .map(|l| l.level)
                    .find(|&v| v > super::MAX_LEVEL)
                {
                    return Err(at(format!(
                        "table `{k}` has label {level}: levels run from 0 to 9"
                    )));
                }
            }
            let levels = p
                .labels
                .users
                .values()
                .chain(p.labels.roles.values())
                .map(|l| l.level)
                .chain(p.labels.grants.values().flatten().map(|g| g.level));
            if let Some(level) = levels.into_iter().find(|&v| v > super::MAX_LEVEL) {
                return Err(at(format!("access level {level}: levels run from 0 to 9")));
            }
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
