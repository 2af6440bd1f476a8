//! The finite space of requests a configuration can tell apart (`docs/semantics.md` AN1, AN2):
//! who asks (every owner and user of a project), where the request runs, the object (every
//! declared object of every project, every installed package, the instance and model names
//! that grants, policies and the question's filter mention plus one they do not), the column,
//! and the action.

use super::filter::Filter;
use crate::action::{Action, ObjectType};
use crate::model::{Model, Project};
use crate::request::Request;
use indexmap::{IndexMap, IndexSet};

/// A principal that may ask: the owner or a user of some project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Subject {
    /// Canonical key (`ram$corp@example.com:bob`); requests name the principal by it.
    pub key: String,
    /// The name as written in the configuration.
    pub display: String,
}

/// An object as named by a request that runs in `project`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The project the request runs in.
    pub project: String,
    /// The object type.
    pub object_type: ObjectType,
    /// The project that holds the object.
    pub object_project: String,
    /// The object name, lower case.
    pub name: String,
    /// The table's columns (partition columns included); empty for other objects.
    pub columns: Vec<String>,
}

impl Target {
    /// The actions a request may name on this object from its project: every action the
    /// object type takes, management actions only on the request's own project.
    pub fn actions(&self) -> impl Iterator<Item = Action> + '_ {
        Action::EVERY
            .iter()
            .copied()
            .filter(|a| self.object_type.accepts_request_action(*a))
    }

    /// The request by `subject` to do `action` on this object (one `column`, or the whole
    /// object), without context; `None` when no valid request has that shape.
    pub fn request(
        &self,
        subject: &Subject,
        action: Action,
        column: Option<&str>,
    ) -> Option<Request> {
        let object = match self.object_type {
            ObjectType::Project => None,
            t => Some((t, self.name.as_str())),
        };
        let r = Request::new(&subject.key, &self.project, action, object).ok()?;
        let r = r.with_object_project(&self.object_project);
        Some(match column {
            Some(c) => r.with_columns(&[c]),
            None => r,
        })
    }
}

/// Every subject and target of one or two configurations.
#[derive(Debug, Clone, Default)]
pub(crate) struct Space {
    /// Every subject, in the order first met.
    pub subjects: Vec<Subject>,
    /// Per project the request runs in: the subjects that belong to it on some side (the
    /// others are refused at `membership` on every side), and the targets.
    pub projects: Vec<ProjectSpace>,
}

/// The requests that run in one project.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProjectSpace {
    /// The project, lower case.
    pub name: String,
    /// Indices into [`Space::subjects`].
    pub subjects: Vec<usize>,
    /// The objects a request here may name.
    pub targets: Vec<Target>,
}

/// The instance name that stands for every instance name grants and policies do not mention.
pub const OTHER_INSTANCE: &str = "mcauth-other-instance";
/// The model name that stands for every model name grants and policies do not mention.
pub const OTHER_MODEL: &str = "mcauth-other-model";

impl Space {
    /// The space of `models` (their union), with the instance or model name `filter` asks
    /// about among the runtime names.
    pub fn of(models: &[&Model], filter: &Filter) -> Space {
        let mut subjects: IndexMap<String, String> = IndexMap::new();
        let mut members: IndexMap<String, IndexSet<String>> = IndexMap::new();
        // Per object project: type -> name -> columns.
        let mut objects: IndexMap<String, IndexMap<(ObjectType, String), IndexSet<String>>> =
            IndexMap::new();
        let mut installed: IndexMap<String, IndexSet<String>> = IndexMap::new();
        let mut runtime = Runtime::default();
        if let Some(o) = &filter.object {
            runtime.name(o.object_type, &o.name);
        }
        for model in models {
            for (key, p) in &model.projects {
                let who = members.entry(key.clone()).or_default();
                let owner = std::iter::once((&p.owner.key, &p.owner.display));
                let users = p
                    .users
                    .values()
                    .map(|m| (&m.principal.key, &m.principal.display));
                for (k, display) in owner.chain(users) {
                    subjects.entry(k.clone()).or_insert_with(|| display.clone());
                    who.insert(k.clone());
                }
                let held = objects.entry(key.clone()).or_default();
                for (name, t) in &p.tables {
                    let cols = held
                        .entry((ObjectType::Table, name.to_string()))
                        .or_default();
                    for c in t.columns.iter().chain(&t.partition_columns) {
                        cols.insert(c.name.to_ascii_lowercase());
                    }
                }
                for name in p.functions.keys() {
                    held.entry((ObjectType::Function, name.clone()))
                        .or_default();
                }
                for name in p.resources.keys() {
                    held.entry((ObjectType::Resource, name.clone()))
                        .or_default();
                }
                installed
                    .entry(key.clone())
                    .or_default()
                    .extend(p.installed.keys().cloned());
                runtime.mentioned_in(p);
            }
        }
        let subject_list: Vec<Subject> = subjects
            .iter()
            .map(|(key, display)| Subject {
                key: key.clone(),
                display: display.clone(),
            })
            .collect();
        let projects = members
            .iter()
            .map(|(name, who)| {
                let mut targets = vec![Target {
                    project: name.clone(),
                    object_type: ObjectType::Project,
                    object_project: name.clone(),
                    name: name.clone(),
                    columns: Vec::new(),
                }];
                for (home, held) in &objects {
                    for ((t, n), cols) in held {
                        targets.push(Target {
                            project: name.clone(),
                            object_type: *t,
                            object_project: home.clone(),
                            name: n.clone(),
                            columns: cols.iter().cloned().collect(),
                        });
                    }
                    for (t, names) in [
                        (ObjectType::Instance, &runtime.instances),
                        (ObjectType::Model, &runtime.models),
                    ] {
                        targets.extend(names.iter().map(|n| Target {
                            project: name.clone(),
                            object_type: t,
                            object_project: home.clone(),
                            name: n.clone(),
                            columns: Vec::new(),
                        }));
                    }
                }
                for pkg in installed.get(name).into_iter().flatten() {
                    targets.push(Target {
                        project: name.clone(),
                        object_type: ObjectType::Package,
                        object_project: name.clone(),
                        name: pkg.clone(),
                        columns: Vec::new(),
                    });
                }
                ProjectSpace {
                    name: name.clone(),
                    subjects: who
                        .iter()
                        .filter_map(|k| subjects.get_index_of(k))
                        .collect(),
                    targets,
                }
            })
            .collect();
        Space {
            subjects: subject_list,
            projects,
        }
    }
}

/// Instance and model names (runtime objects scripts do not declare) that grants and policies
/// mention, as names or patterns, plus one name none of them mentions.
#[derive(Debug)]
struct Runtime {
    instances: IndexSet<String>,
    models: IndexSet<String>,
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime {
            instances: IndexSet::from([OTHER_INSTANCE.to_string()]),
            models: IndexSet::from([OTHER_MODEL.to_string()]),
        }
    }
}

impl Runtime {
    fn mentioned_in(&mut self, p: &Project) {
        let grants = p
            .acl
            .iter()
            .chain(p.installed.values().flat_map(|i| i.acl.iter()));
        for g in grants {
            self.name(g.object_type, &g.object);
        }
        for pkg in p.packages.values() {
            for o in pkg.objects.values() {
                self.name(o.object_type, &o.name);
            }
        }
        for (s, _) in p.statements() {
            for r in &s.resources {
                for (ty, segment) in [
                    (ObjectType::Instance, "/instances/"),
                    (ObjectType::Model, "/models/"),
                ] {
                    if let Some((_, name)) = r.split_once(segment) {
                        self.name(ty, name);
                    }
                }
            }
        }
    }

    fn name(&mut self, ty: ObjectType, name: &str) {
        let set = match ty {
            ObjectType::Instance => &mut self.instances,
            ObjectType::Model => &mut self.models,
            _ => return,
        };
        set.insert(name.to_ascii_lowercase());
    }
}
