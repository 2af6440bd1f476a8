//! `who-can` and `what-can`: every point a configuration allows, with the paths that allow it
//! (issue 8; `docs/semantics.md` AN6).

use super::context::Dependence;
use super::filter::Filter;
use super::point::{collect, Ask, Entry};
use crate::decision::{Effect, Reason, ReasonKind};
use crate::engine::Engine;
use serde::Serialize;

/// How an allowed request is allowed: one reason of the decision, with the path it takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Path {
    /// `acl` (a grant to the user), `role` (a grant to a role the user holds), `policy`,
    /// `owner`, `creator`, `admin` (a built-in role), `package`, `label`, ...
    pub via: &'static str,
    /// The grant, statement or setting.
    pub text: String,
    /// Where it is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Path {
    fn of(r: &Reason) -> Path {
        let via = match r.kind {
            // `AclGrant`'s text names the grantee as `to user ...` or `to role ...`.
            ReasonKind::Grant if r.text.contains(" to role ") => "role",
            ReasonKind::Grant => "acl",
            ReasonKind::Policy => "policy",
            ReasonKind::Owner => "owner",
            ReasonKind::Creator => "creator",
            ReasonKind::BuiltinRole => "admin",
            ReasonKind::Package => "package",
            ReasonKind::Label => "label",
            ReasonKind::Protection => "protection",
            ReasonKind::Flag => "setting",
            _ => "other",
        };
        Path {
            via,
            text: r.text.clone(),
            source: r.source.clone(),
        }
    }
}

/// One allowed request shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Access {
    /// Who asks for what.
    #[serde(flatten)]
    pub ask: Ask,
    /// The contexts in which it is allowed.
    pub context: Dependence,
    /// For a whole-table entry: the columns allowed in exactly the same contexts (a column not
    /// listed here and without an entry of its own is never allowed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// What allows it (in the first such context).
    pub paths: Vec<Path>,
}

/// Every point `filter` covers that `engine` allows in some context. `who-can` is this with a
/// project, action and object; `what-can` with a principal. The filter's names are taken as
/// given: [`Filter::check`] says whether they exist.
///
/// ```
/// use mcauth::{analysis::{allowed, Filter, ObjectFilter}, Action, Engine, Model};
/// let m = Model::from_script_str("a.mcauth", "create project sales owner ALIYUN$o@example.com;
///     use sales; add accountprovider ram; create account ALIYUN$o@example.com;
///     create ram user RAM$o@example.com:bob;
///     add user RAM$o@example.com:bob; create table orders (id bigint);
///     grant CreateInstance on project sales to user RAM$o@example.com:bob;
///     grant Select on table orders to user RAM$o@example.com:bob;").unwrap();
/// let filter = Filter { project: Some("sales".into()), action: Some(Action::Select),
///     object: Some(ObjectFilter::parse("table:sales.orders").unwrap()), ..Filter::default() };
/// let who: Vec<String> = allowed(&Engine::new(m).unwrap(), &filter)
///     .into_iter().map(|a| a.ask.principal).collect();
/// assert_eq!(who, ["ALIYUN$o@example.com", "RAM$o@example.com:bob"]);
/// ```
pub fn allowed(engine: &Engine, filter: &Filter) -> Vec<Access> {
    let [found] = collect(
        &[engine.model()],
        filter,
        |r| {
            let d = engine.check(r);
            [d.is_allowed().then_some(d)]
        },
        |ask, context, d| Access {
            ask,
            context,
            columns: Vec::new(),
            paths: d
                .reasons
                .iter()
                .filter(|r| r.effect == Effect::Allow)
                .map(Path::of)
                .collect(),
        },
    );
    found
}

impl Entry for Access {
    fn columns(&mut self) -> &mut Vec<String> {
        &mut self.columns
    }
}
