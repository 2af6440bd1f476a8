//! The fair Cedar encoding of the workload's ACL/role core (`shared/perf-anchors.md`, "The
//! fair Cedar encoding"): entity types `User`, `Role`, `Table`; each `User` has its roles as
//! parents; each `Table` has one attribute per action (`Select`, `Describe`, `Update`,
//! `Drop`), the set of the `User` and `Role` entities granted it (an `All` grant puts the
//! grantee in all four); four static `permit` policies, one per action. `Entities` and the
//! `PolicySet` are built once.
//!
//! Shared by `benches/cedar.rs` and `tests/cedar.rs` (cedar-policy is a dev-dependency, so
//! this cannot live in the bench crate's library).

use cedar_policy::{
    Authorizer, Context, Entities, Entity, EntityId, EntityTypeName, EntityUid, PolicySet, Request,
    RestrictedExpression,
};
use mcauth_benches::acl::{Action, Ask, Core, Grantee};
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

/// The four static policies.
pub const POLICIES: &str = r#"
permit(principal, action == Action::"Select", resource is Table) when { principal in resource.Select };
permit(principal, action == Action::"Describe", resource is Table) when { principal in resource.Describe };
permit(principal, action == Action::"Update", resource is Table) when { principal in resource.Update };
permit(principal, action == Action::"Drop", resource is Table) when { principal in resource.Drop };
"#;

/// The entity type names, parsed once.
struct Types {
    user: EntityTypeName,
    role: EntityTypeName,
    table: EntityTypeName,
    action: EntityTypeName,
}

impl Types {
    fn new() -> Result<Types, String> {
        let parse = |name: &str| EntityTypeName::from_str(name).map_err(|e| e.to_string());
        Ok(Types {
            user: parse("User")?,
            role: parse("Role")?,
            table: parse("Table")?,
            action: parse("Action")?,
        })
    }

    fn user(&self, u: u32) -> EntityUid {
        EntityUid::from_type_name_and_id(self.user.clone(), EntityId::new(format!("u{u}")))
    }

    fn role(&self, p: u32, r: u32) -> EntityUid {
        EntityUid::from_type_name_and_id(self.role.clone(), EntityId::new(format!("p{p}/r{r}")))
    }

    fn table(&self, p: u32, t: u32) -> EntityUid {
        EntityUid::from_type_name_and_id(self.table.clone(), EntityId::new(format!("p{p}/t{t}")))
    }

    fn action(&self, a: Action) -> EntityUid {
        EntityUid::from_type_name_and_id(self.action.clone(), EntityId::new(a.as_str()))
    }
}

/// The core as Cedar entities and policies, with an authorizer.
pub struct Cedar {
    types: Types,
    /// The four policies.
    pub policies: PolicySet,
    /// Users, roles and tables.
    pub entities: Entities,
    authorizer: Authorizer,
}

impl Cedar {
    /// Build the entities and the policy set from `core` (what the load bench times).
    pub fn build(core: &Core) -> Result<Cedar, String> {
        let types = Types::new()?;
        let policies = PolicySet::from_str(POLICIES).map_err(|e| e.to_string())?;
        let mut entities = Vec::with_capacity(
            core.user_roles.len()
                + core
                    .projects
                    .iter()
                    .map(|p| (p.roles + p.tables) as usize)
                    .sum::<usize>(),
        );
        for (u, roles) in core.user_roles.iter().enumerate() {
            let p = core.user_project.get(u).copied().unwrap_or(0);
            let parents: HashSet<EntityUid> = roles.iter().map(|&r| types.role(p, r)).collect();
            entities.push(Entity::new_no_attrs(types.user(u as u32), parents));
        }
        for (p, project) in core.projects.iter().enumerate() {
            let p = p as u32;
            for r in 0..project.roles {
                entities.push(Entity::new_no_attrs(types.role(p, r), HashSet::new()));
            }
            // Per table, per action (in `Action::ALL` order): the grantees.
            let mut granted: Vec<[Vec<EntityUid>; 4]> =
                (0..project.tables).map(|_| Default::default()).collect();
            for g in core.grants_of(project) {
                let who = match g.grantee {
                    Grantee::User(u) => types.user(u),
                    Grantee::Role(r) => types.role(p, r),
                };
                let Some(sets) = granted.get_mut(g.table as usize) else {
                    continue;
                };
                for (a, set) in Action::ALL.iter().zip(sets.iter_mut()) {
                    if g.action.covers(*a) {
                        set.push(who.clone());
                    }
                }
            }
            for (t, sets) in granted.into_iter().enumerate() {
                let attrs: HashMap<String, RestrictedExpression> = Action::ALL
                    .iter()
                    .zip(sets)
                    .map(|(a, set)| {
                        let set = set.into_iter().map(RestrictedExpression::new_entity_uid);
                        (a.as_str().to_string(), RestrictedExpression::new_set(set))
                    })
                    .collect();
                let table = Entity::new(types.table(p, t as u32), attrs, HashSet::new())
                    .map_err(|e| e.to_string())?;
                entities.push(table);
            }
        }
        let entities = Entities::from_entities(entities, None).map_err(|e| e.to_string())?;
        Ok(Cedar {
            types,
            policies,
            entities,
            authorizer: Authorizer::new(),
        })
    }

    /// `ask` as a Cedar request (built once, before timing).
    pub fn request(&self, ask: &Ask) -> Result<Request, String> {
        Request::new(
            self.types.user(ask.user),
            self.types.action(ask.action),
            self.types.table(ask.project, ask.table),
            Context::empty(),
            None,
        )
        .map_err(|e| e.to_string())
    }

    /// Whether Cedar allows `request`.
    pub fn is_authorized(&self, request: &Request) -> bool {
        self.authorizer
            .is_authorized(request, &self.policies, &self.entities)
            .decision()
            == cedar_policy::Decision::Allow
    }
}
