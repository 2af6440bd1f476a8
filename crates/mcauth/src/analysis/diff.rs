//! `diff`: the access a change gains and loses (issue 8; `docs/semantics.md` AN1–AN5).
//!
//! Both configurations decide every point of the union of their spaces in every context class;
//! a point whose decisions differ is reported, with the context it depends on and each side's
//! decision and reasons. A column is reported apart from its table only when it changed
//! differently.

use super::context::Dependence;
use super::filter::Filter;
use super::point::{collect, Ask, Entry, Side};
use crate::engine::Engine;
use serde::Serialize;

/// One request shape whose decision a change flips.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffEntry {
    /// Who asks for what.
    #[serde(flatten)]
    pub ask: Ask,
    /// The contexts in which it flips.
    pub context: Dependence,
    /// For a whole-table entry: the columns whose requests flip exactly as the whole table's
    /// (a column not listed here and without an entry of its own does not flip).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// The decision before the change (in the first such context).
    pub before: Side,
    /// The decision after the change.
    pub after: Side,
}

/// What a change gains and loses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Requests allowed after the change and denied before.
    pub gained: Vec<DiffEntry>,
    /// Requests allowed before the change and denied after.
    pub lost: Vec<DiffEntry>,
    /// How many requests each side decided.
    pub decided: usize,
}

impl Diff {
    /// Whether the change moves nothing.
    pub fn is_empty(&self) -> bool {
        self.gained.is_empty() && self.lost.is_empty()
    }
}

/// Compare `before` and `after` over every point `filter` covers (its names taken as given:
/// [`Filter::check`] says whether they exist).
///
/// ```
/// use mcauth::{analysis::{diff, Filter}, Engine, Model};
/// let base = "create project sales owner ALIYUN$o@example.com; use sales;
///     add accountprovider ram; create account ALIYUN$o@example.com;
///     create ram user RAM$o@example.com:bob;
///     add user RAM$o@example.com:bob; create table orders (id bigint);";
/// let before = Engine::new(Model::from_script_str("a.mcauth", base).unwrap()).unwrap();
/// let change = format!("{base} grant Describe on table orders to user RAM$o@example.com:bob;");
/// let after = Engine::new(Model::from_script_str("b.mcauth", &change).unwrap()).unwrap();
/// let d = diff(&before, &after, &Filter::default());
/// assert_eq!(d.gained.len(), 1);
/// assert_eq!(d.gained[0].ask.action, mcauth::Action::Describe);
/// assert!(d.lost.is_empty());
/// ```
pub fn diff(before: &Engine, after: &Engine, filter: &Filter) -> Diff {
    let mut decided = 0;
    let [gained, lost] = collect(
        &[before.model(), after.model()],
        filter,
        |r| {
            decided += 2;
            let (b, a) = (before.check(r), after.check(r));
            match (b.is_allowed(), a.is_allowed()) {
                (false, true) => [Some((b, a)), None],
                (true, false) => [None, Some((b, a))],
                _ => [None, None],
            }
        },
        |ask, context, (b, a)| DiffEntry {
            ask,
            context,
            columns: Vec::new(),
            before: Side::from(b),
            after: Side::from(a),
        },
    );
    Diff {
        gained,
        lost,
        decided,
    }
}

impl Entry for DiffEntry {
    fn columns(&mut self) -> &mut Vec<String> {
        &mut self.columns
    }
}
