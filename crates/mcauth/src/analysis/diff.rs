//! `diff`: the access a change gains and loses (issue 8; `docs/semantics.md` AN1–AN5).
//!
//! Both configurations decide every point of the union of their spaces in every context class;
//! a point whose decisions differ is reported, with the context it depends on and each side's
//! decision and reasons. A column is reported apart from its table only when it changed
//! differently.

use super::context::{Contexts, Dependence};
use super::filter::Filter;
use super::point::{decide, each_point, Ask, Side};
use super::space::Space;
use crate::decision::Decision;
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

/// Flags over the context combinations, and the decisions of the first one set.
struct Flips {
    set: Vec<bool>,
    first: Option<(Decision, Decision)>,
}

impl Flips {
    fn new(n: usize) -> Flips {
        Flips {
            set: vec![false; n],
            first: None,
        }
    }

    fn mark(&mut self, i: usize, before: &Decision, after: &Decision) {
        if let Some(f) = self.set.get_mut(i) {
            *f = true;
        }
        if self.first.is_none() {
            self.first = Some((before.clone(), after.clone()));
        }
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
    let models = [before.model(), after.model()];
    let space = Space::of(&models, filter);
    let contexts = Contexts::of(&models);
    let n = contexts.len();
    let mut out = Diff::default();
    // The flips of the whole object, which its columns are compared with, and the indices of
    // its entries in `gained` and `lost`.
    let mut whole: (Vec<bool>, Vec<bool>) = (Vec::new(), Vec::new());
    let mut whole_at: [Option<usize>; 2] = [None, None];
    each_point(&space, filter, |s, t, action, column, req| {
        let mut gained = Flips::new(n);
        let mut lost = Flips::new(n);
        for i in 0..n {
            let b = decide(before, &contexts, &req, i);
            let a = decide(after, &contexts, &req, i);
            match (b.is_allowed(), a.is_allowed()) {
                (false, true) => gained.mark(i, &b, &a),
                (true, false) => lost.mark(i, &b, &a),
                _ => {}
            }
        }
        out.decided += 2 * n;
        let lists = [&mut out.gained, &mut out.lost];
        if let Some(c) = column {
            if whole.0 == gained.set && whole.1 == lost.set {
                for (list, at) in lists.into_iter().zip(whole_at) {
                    if let Some(e) = at.and_then(|i| list.get_mut(i)) {
                        e.columns.push(c.to_string());
                    }
                }
                return;
            }
        } else {
            whole = (gained.set.clone(), lost.set.clone());
            whole_at = [None, None];
        }
        for ((flips, list), at) in [gained, lost].into_iter().zip(lists).zip(&mut whole_at) {
            if let Some((b, a)) = flips.first {
                if column.is_none() {
                    *at = Some(list.len());
                }
                list.push(DiffEntry {
                    ask: Ask::of(s, t, action, column),
                    context: contexts.describe(&flips.set),
                    columns: Vec::new(),
                    before: Side::from(b),
                    after: Side::from(a),
                });
            }
        }
    });
    out
}
