//! One point of the space, evaluated in every context, and the entries it makes: the shared
//! step of `diff`, `who-can` and `what-can`.

use super::context::{Contexts, Dependence};
use super::filter::Filter;
use super::space::{Space, Subject, Target};
use crate::action::{Action, ObjectType};
use crate::decision::{Decision, Effect, Reason, Stage};
use crate::model::Model;
use crate::request::Request;
use serde::Serialize;

/// The object of a reported point, as the JSON report writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectName {
    /// The object type.
    #[serde(rename = "type")]
    pub object_type: ObjectType,
    /// The project holding it.
    pub project: String,
    /// Its name.
    pub name: String,
    /// The column, for a column-level point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

impl ObjectName {
    pub(crate) fn of(t: &Target, column: Option<&str>) -> ObjectName {
        ObjectName {
            object_type: t.object_type,
            project: t.object_project.clone(),
            name: t.name.clone(),
            column: column.map(str::to_string),
        }
    }
}

/// Who asked for what, where: the fields every reported point shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ask {
    /// The principal as written in the configuration.
    pub principal: String,
    /// Its canonical key.
    #[serde(skip)]
    pub principal_key: String,
    /// The project the request runs in.
    pub project: String,
    /// The action.
    pub action: Action,
    /// The object.
    pub object: ObjectName,
}

impl Ask {
    pub(crate) fn of(s: &Subject, t: &Target, action: Action, column: Option<&str>) -> Ask {
        Ask {
            principal: s.display.clone(),
            principal_key: s.key.clone(),
            project: t.project.clone(),
            action,
            object: ObjectName::of(t, column),
        }
    }

    /// [`Ask::headline`], followed by the columns that share the entry:
    /// `... table sales.orders, and columns id, amount`.
    pub fn headline_with(&self, columns: &[String]) -> String {
        match columns {
            [] => self.headline(),
            [one] => format!("{}, and column {one}", self.headline()),
            many => format!("{}, and columns {}", self.headline(), many.join(", ")),
        }
    }

    /// `RAM$corp@example.com:bob  Select  table sales.orders (from project finance)`.
    pub fn headline(&self) -> String {
        let o = &self.object;
        let mut what = match o.object_type {
            ObjectType::Project => format!("project {}", o.name),
            t => format!("{t} {}.{}", o.project, o.name),
        };
        if let Some(c) = &o.column {
            what = format!("{what}.{c}");
        }
        if o.project != self.project {
            what = format!("{what} (from project {})", self.project);
        }
        format!("{}  {}  {what}", self.principal, self.action)
    }
}

/// A decision as a report shows it: the outcome, the stage, and the reasons that decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// Allow or deny.
    pub decision: Effect,
    /// The stage that decided.
    pub stage: Stage,
    /// The error code of a denial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The message of a denial.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// The grants, policy statements and settings that decided.
    pub reasons: Vec<Reason>,
}

impl From<Decision> for Side {
    fn from(d: Decision) -> Side {
        Side {
            decision: d.decision,
            stage: d.stage,
            code: d.code,
            message: d.message,
            reasons: d.reasons,
        }
    }
}

impl Side {
    /// `allow at permission: grant Select on ... (file:line:column)`. A reason the denial
    /// message already tells gives only its place, after the message.
    pub fn summary(&self) -> String {
        let mut s = format!("{} at {}", self.decision, self.stage);
        if let Some(code) = &self.code {
            s.push_str(&format!(" [{code}] {}", self.message));
        }
        // The message is written for a denial only.
        let told = |r: &Reason| self.code.is_some() && self.message.contains(&r.text);
        for r in self.reasons.iter().filter(|r| told(r)) {
            if let Some(src) = &r.source {
                s.push_str(&format!(" ({src})"));
            }
        }
        let why: Vec<String> = self
            .reasons
            .iter()
            .filter(|r| !told(r))
            .map(|r| match &r.source {
                Some(src) => format!("{} ({src})", r.text),
                None => r.text.clone(),
            })
            .collect();
        if !why.is_empty() {
            s.push_str(": ");
            s.push_str(&why.join("; "));
        }
        s
    }
}

/// A reported entry, which lists the columns that fold into it (AN5).
pub(crate) trait Entry {
    /// The columns listed with the entry.
    fn columns(&mut self) -> &mut Vec<String>;
}

/// The lists of `K` entries over every point of the space of `models` that `filter` covers,
/// each decided in every context class. `judge(request)`, for the point's request in one
/// context, says per list whether the point belongs to it there (with what to report of the
/// first such context). A point that belongs to a list in some context becomes an entry
/// `entry(ask, contexts, first)`; a column that belongs to every list in exactly the contexts
/// its whole object does is listed in the object's entries' columns instead.
pub(crate) fn collect<T, E: Entry, const K: usize>(
    models: &[&Model],
    filter: &Filter,
    mut judge: impl FnMut(&Request) -> [Option<T>; K],
    mut entry: impl FnMut(Ask, Dependence, T) -> E,
) -> [Vec<E>; K] {
    let space = Space::of(models, filter);
    let contexts = Contexts::of(models);
    let n = contexts.len();
    let mut out: [Vec<E>; K] = std::array::from_fn(|_| Vec::new());
    // The contexts of the whole object per list, which its columns are compared with, and the
    // indices of its entries.
    let mut whole: [Vec<bool>; K] = std::array::from_fn(|_| Vec::new());
    let mut whole_at: [Option<usize>; K] = [None; K];
    each_point(&space, filter, |s, t, action, column, req| {
        let mut sets: [Vec<bool>; K] = std::array::from_fn(|_| vec![false; n]);
        let mut first: [Option<T>; K] = std::array::from_fn(|_| None);
        for i in 0..n {
            let marks = judge(&contexts.apply(&req, i));
            for ((mark, set), first) in marks.into_iter().zip(&mut sets).zip(&mut first) {
                if let Some(m) = mark {
                    if let Some(flag) = set.get_mut(i) {
                        *flag = true;
                    }
                    first.get_or_insert(m);
                }
            }
        }
        match column {
            Some(c) if sets == whole => {
                for (list, at) in out.iter_mut().zip(whole_at) {
                    if let Some(e) = at.and_then(|i| list.get_mut(i)) {
                        e.columns().push(c.to_string());
                    }
                }
                return;
            }
            Some(_) => {}
            None => {
                whole = sets.clone();
                whole_at = [None; K];
            }
        }
        let lists = out.iter_mut().zip(&mut whole_at);
        for ((set, first), (list, at)) in sets.iter().zip(first).zip(lists) {
            if let Some(m) = first {
                if column.is_none() {
                    *at = Some(list.len());
                }
                list.push(entry(
                    Ask::of(s, t, action, column),
                    contexts.describe(set),
                    m,
                ));
            }
        }
    });
    out
}

/// Every point of `space` that `filter` covers, in order (by project, subject, object,
/// action; the whole object before each of its columns), with its request without context:
/// `f(subject, target, action, column, request)`.
fn each_point<'s>(
    space: &'s Space,
    filter: &Filter,
    mut f: impl FnMut(&'s Subject, &'s Target, Action, Option<&'s str>, Request),
) {
    for p in space.projects.iter().filter(|p| filter.project(&p.name)) {
        let subjects = p.subjects.iter().filter_map(|&i| space.subjects.get(i));
        for s in subjects.filter(|s| filter.subject(s)) {
            for t in p.targets.iter().filter(|t| filter.target(t)) {
                for action in t.actions().filter(|a| filter.action(*a)) {
                    let columns =
                        std::iter::once(None).chain(t.columns.iter().map(|c| Some(c.as_str())));
                    for column in columns {
                        if let Some(req) = t.request(s, action, column) {
                            f(s, t, action, column, req);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::ReasonKind;

    fn reason(text: &str, source: Option<&str>) -> Reason {
        Reason {
            kind: ReasonKind::Whitelist,
            effect: Effect::Deny,
            source: source.map(str::to_string),
            text: text.to_string(),
        }
    }

    #[test]
    fn a_reason_the_message_tells_is_not_repeated() {
        let why = "no odps.security.ip.whitelist entry admits it";
        let side = Side {
            decision: Effect::Deny,
            stage: Stage::IpWhitelist,
            code: Some("ip_not_in_whitelist".to_string()),
            message: format!("Access Denied - not in the whitelist of project p: {why}"),
            reasons: vec![reason(why, Some("a.mcauth:3:1")), reason("also this", None)],
        };
        let s = side.summary();
        assert_eq!(s.matches(why).count(), 1, "{s}");
        // An allow writes no message, so its reasons tell it all.
        let allow = Side {
            decision: Effect::Allow,
            stage: Stage::Permission,
            code: None,
            message: "o owns project p".to_string(),
            reasons: vec![reason("o owns project p", Some("a.mcauth:2:1"))],
        };
        assert_eq!(
            allow.summary(),
            "allow at permission: o owns project p (a.mcauth:2:1)"
        );
        assert_eq!(
            s,
            format!(
                "deny at ip_whitelist [ip_not_in_whitelist] Access Denied - not in the whitelist \
                 of project p: {why} (a.mcauth:3:1): also this"
            )
        );
    }
}
