//! Tables, views, resources and functions: `create`, `add`, `drop`. The issuer needs the
//! project-level `Create*` action (and `CreateInstance` for tables) and becomes the creator;
//! dropping an object removes its ACL grants (`spec/acl-policy.md` §2.1).

use super::declarations::check_identifier;
use super::Loader;
use crate::action::{Action, ObjectType};
use crate::error::LoadError;
use crate::location::Source;
use crate::model::{intern, Column, Function, Resource, ResourceKind, Table, ViewDef};
use crate::principal::Principal;
use crate::script::{ColumnDef, DropTarget, ResourceKindWord, Spanned};

/// A table's columns, checked, in a list of exactly their number (tables are many).
fn columns(defs: &[ColumnDef]) -> Result<Vec<Column>, LoadError> {
    let mut columns = Vec::with_capacity(defs.len());
    for d in defs {
        check_identifier("column", &d.name)?;
        columns.push(Column {
            name: intern::share(d.name.value.as_str()),
            data_type: intern::share(d.data_type.as_str()),
        });
    }
    Ok(columns)
}

impl Loader {
    /// The current project's key, the object's lower-case name, and whether such an object
    /// exists already (each caller decides what that means: `if not exists`, or an error).
    fn new_object(
        &self,
        src: &Source,
        ty: ObjectType,
        name: &Spanned<String>,
    ) -> Result<(String, String, bool), LoadError> {
        let key = self.current_key(src)?;
        let lower = name.value.to_ascii_lowercase();
        let exists = self.project(&key, src)?.object_exists(ty, &lower);
        Ok((key, lower, exists))
    }

    pub(super) fn create_table(
        &mut self,
        src: &Source,
        if_not_exists: bool,
        name: &Spanned<String>,
        data: &[ColumnDef],
        partitions: &[ColumnDef],
    ) -> Result<(), LoadError> {
        check_identifier("table", name)?;
        let (key, lower, exists) = self.new_object(src, ObjectType::Table, name)?;
        let issuer = self.authorize_object(
            &key,
            src,
            Action::CreateTable,
            (ObjectType::Project, &key),
            "create a table",
        )?;
        if exists {
            return self.already(src, &key, &lower, if_not_exists, name);
        }
        let table = Table {
            name: name.value.clone(),
            columns: columns(data)?,
            partition_columns: columns(partitions)?,
            view: None,
            creator: issuer.clone(),
            source: src.clone(),
        };
        self.project_mut(&key, src)?
            .tables
            .insert(lower.into(), table);
        Ok(())
    }

    fn already(
        &self,
        src: &Source,
        key: &str,
        lower: &str,
        if_not_exists: bool,
        name: &Spanned<String>,
    ) -> Result<(), LoadError> {
        if if_not_exists {
            return Ok(());
        }
        let at = self
            .project(key, src)?
            .tables
            .get(lower)
            .map(|t| format!(" (created at {})", t.source))
            .unwrap_or_default();
        Err(LoadError::rejected(
            &name.source,
            format!("table or view `{}` already exists{at}", name.value),
        ))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn create_view(
        &mut self,
        src: &Source,
        if_not_exists: bool,
        name: &Spanned<String>,
        explicit: &[Spanned<String>],
        query: &str,
        base_tables: &[Spanned<String>],
        select_columns: Option<&[String]>,
    ) -> Result<(), LoadError> {
        check_identifier("view", name)?;
        let (key, lower, exists) = self.new_object(src, ObjectType::Table, name)?;
        let issuer = self.authorize_object(
            &key,
            src,
            Action::CreateTable,
            (ObjectType::Project, &key),
            "create a view",
        )?;
        if exists {
            return self.already(src, &key, &lower, if_not_exists, name);
        }
        let mut bases = Vec::new();
        let mut star_columns = Vec::new();
        for b in base_tables {
            let full = b.value.to_ascii_lowercase();
            let (proj, table) = match full.split_once('.') {
                Some((p, t)) => (p.to_string(), t.to_string()),
                None => (key.clone(), full.clone()),
            };
            let found = self
                .model
                .projects
                .get(&proj)
                .and_then(|p| p.tables.get(table.as_str()));
            match found {
                Some(t) => star_columns.extend(t.columns.iter().cloned()),
                None => {
                    return Err(LoadError::rejected(
                        &b.source,
                        format!("the view reads `{}`, which does not exist", b.value),
                    ))
                }
            }
            bases.push(full);
        }
        let cols: Vec<Column> = if !explicit.is_empty() {
            explicit
                .iter()
                .map(|c| Column {
                    name: intern::share(c.value.as_str()),
                    data_type: intern::share(""),
                })
                .collect()
        } else if let Some(sel) = select_columns {
            sel.iter()
                .map(|c| Column {
                    name: intern::share(c.as_str()),
                    data_type: intern::share(""),
                })
                .collect()
        } else {
            star_columns
        };
        let view = Table {
            name: name.value.clone(),
            columns: cols,
            partition_columns: Vec::new(),
            view: Some(Box::new(ViewDef {
                query: query.to_string(),
                base_tables: bases,
            })),
            creator: issuer.clone(),
            source: src.clone(),
        };
        self.project_mut(&key, src)?
            .tables
            .insert(lower.into(), view);
        Ok(())
    }

    pub(super) fn add_resource(
        &mut self,
        src: &Source,
        kind: ResourceKindWord,
        name: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let valid = !name.value.is_empty()
            && name
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
        if !valid {
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "invalid resource name `{}`: expected letters, digits, `.`, `_` or `-`",
                    name.value
                ),
            ));
        }
        let (key, lower, exists) = self.new_object(src, ObjectType::Resource, name)?;
        if exists {
            return Err(LoadError::rejected(
                &name.source,
                format!("resource `{}` already exists", name.value),
            ));
        }
        let issuer = self.authorize_object(
            &key,
            src,
            Action::CreateResource,
            (ObjectType::Project, &key),
            "add a resource",
        )?;
        let kind = match kind {
            ResourceKindWord::Jar => ResourceKind::Jar,
            ResourceKindWord::File => ResourceKind::File,
            ResourceKindWord::Py => ResourceKind::Py,
            ResourceKindWord::Archive => ResourceKind::Archive,
        };
        let res = Resource {
            name: name.value.clone(),
            kind,
            creator: Principal::clone(&issuer),
            source: src.clone(),
        };
        self.project_mut(&key, src)?.resources.insert(lower, res);
        Ok(())
    }

    pub(super) fn create_function(
        &mut self,
        src: &Source,
        name: &Spanned<String>,
        class: &str,
        resources: &[Spanned<String>],
    ) -> Result<(), LoadError> {
        check_identifier("function", name)?;
        let (key, lower, exists) = self.new_object(src, ObjectType::Function, name)?;
        if exists {
            return Err(LoadError::rejected(
                &name.source,
                format!("function `{}` already exists", name.value),
            ));
        }
        let project = self.project(&key, src)?;
        let mut uses = Vec::new();
        for r in resources {
            let res = r.value.to_ascii_lowercase();
            if !project.resources.contains_key(&res) {
                return Err(LoadError::rejected(
                    &r.source,
                    format!(
                        "resource `{}` does not exist in project `{}`: expected `add jar|file|py|archive {};` first",
                        r.value, project.name, r.value
                    ),
                ));
            }
            uses.push(res);
        }
        let issuer = self.authorize_object(
            &key,
            src,
            Action::CreateFunction,
            (ObjectType::Project, &key),
            "create a function",
        )?;
        let f = Function {
            name: name.value.clone(),
            class: class.to_string(),
            resources: uses,
            creator: Principal::clone(&issuer),
            source: src.clone(),
        };
        self.project_mut(&key, src)?.functions.insert(lower, f);
        Ok(())
    }

    pub(super) fn drop_object(
        &mut self,
        src: &Source,
        target: DropTarget,
        if_exists: bool,
        name: &Spanned<String>,
    ) -> Result<(), LoadError> {
        let key = self.current_key(src)?;
        let lower = name.value.to_ascii_lowercase();
        let project = self.project(&key, src)?;
        let (ty, action, word) = match target {
            DropTarget::Table => (ObjectType::Table, Action::Drop, "table"),
            DropTarget::View => (ObjectType::Table, Action::Drop, "view"),
            DropTarget::Function => (ObjectType::Function, Action::Delete, "function"),
            DropTarget::Resource => (ObjectType::Resource, Action::Delete, "resource"),
        };
        if !project.object_exists(ty, &lower) {
            if if_exists {
                let what = format!("drop {word} `{}`", name.value);
                self.authorize_object(&key, src, action, (ty, &lower), &what)?;
                return Ok(());
            }
            return Err(LoadError::rejected(
                &name.source,
                format!(
                    "{word} `{}` does not exist in project `{}`",
                    name.value, project.name
                ),
            ));
        }
        if let Some(t) = project.tables.get(lower.as_str()) {
            let is_view = t.view.is_some();
            if ty == ObjectType::Table && is_view != (target == DropTarget::View) {
                return Err(LoadError::rejected(
                    &name.source,
                    format!(
                        "`{}` is a {}: expected `drop {} {};`",
                        name.value,
                        t.kind_word(),
                        t.kind_word(),
                        name.value
                    ),
                ));
            }
        }
        self.authorize_object(
            &key,
            src,
            action,
            (ty, &lower),
            &format!("drop {word} `{}`", name.value),
        )?;
        let project = self.project_mut(&key, src)?;
        match ty {
            ObjectType::Table => {
                project.tables.shift_remove(lower.as_str());
            }
            ObjectType::Function => {
                project.functions.shift_remove(&lower);
            }
            _ => {
                project.resources.shift_remove(&lower);
            }
        }
        project
            .acl
            .retain(|g| !(g.object_type == ty && *g.object == *lower));
        // Label data and grants go with the object (label doc), and so does its place in this
        // project's packages, with what installing projects granted on it there.
        if ty == ObjectType::Table {
            project.labels.tables.shift_remove(&lower);
            project.labels.grants.shift_remove(&lower);
        }
        let object_key = crate::model::PackageObject::key(ty, &lower);
        for p in project.packages.values_mut() {
            p.objects.shift_remove(&object_key);
        }
        self.forget_shared(&key, None, ty, &lower);
        Ok(())
    }
}
