//! The request context a configuration can tell apart: source address, VPC, time and task
//! type, each cut into the classes of values that no whitelist entry, condition or expiry tells
//! apart (`docs/semantics.md` AN3).
//!
//! Every dimension has the class "not given"; a dimension that something mentions adds one
//! class per stretch of values between the boundaries it mentions (for addresses and times,
//! whose comparisons are ranges), one class per set of VPC whitelist entries that admit a VPC
//! together (for VPCs, which entries match by full name or by bare VPC ID), or one class per
//! mentioned value plus one for every other value (for task types, compared as text).

use crate::condition::{Condition, ConditionKey};
use crate::model::Model;
use crate::network::{next_ip, previous_ip, IpEntry, VpcEntry};
use crate::request::Request;
use jiff::{SignedDuration, Timestamp};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeSet;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// One of the four context dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    /// `source_ip`.
    SourceIp,
    /// `vpc`.
    Vpc,
    /// `time`.
    Time,
    /// `task_type`.
    TaskType,
}

impl Dimension {
    /// The request field.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::SourceIp => "source_ip",
            Dimension::Vpc => "vpc",
            Dimension::Time => "time",
            Dimension::TaskType => "task_type",
        }
    }

    const ALL: [Dimension; 4] = [
        Dimension::SourceIp,
        Dimension::Vpc,
        Dimension::Time,
        Dimension::TaskType,
    ];
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One end of a stretch of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// The instant.
    pub at: Timestamp,
    /// Whether the instant itself is inside.
    pub inclusive: bool,
}

impl Bound {
    fn open(at: Timestamp) -> Option<Bound> {
        Some(Bound {
            at,
            inclusive: false,
        })
    }

    fn closed(at: Timestamp) -> Option<Bound> {
        Some(Bound {
            at,
            inclusive: true,
        })
    }
}

/// A class of values of one dimension, with the value that stands for it in requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    /// The request does not carry the field.
    Absent,
    /// Addresses `lo..=hi` of one family.
    Ips {
        /// First address.
        lo: IpAddr,
        /// Last address.
        hi: IpAddr,
    },
    /// A stretch of time (a single instant when both ends are the same inclusive bound).
    Times {
        /// The start (`None`: unbounded).
        from: Option<Bound>,
        /// The end (`None`: unbounded).
        to: Option<Bound>,
    },
    /// Exactly this text.
    Text(String),
    /// The other spellings of mentioned texts that differ only in case (case-sensitive
    /// operators tell them apart, case-insensitive ones do not).
    OtherCase {
        /// The mentioned spellings (equal without regard to case).
        spellings: Vec<String>,
        /// The text that stands for the class.
        sample: String,
    },
    /// The VPCs that exactly the VPC whitelist entries `admitted_by` admit by name (the
    /// entries' address lists are the `source_ip` dimension's business): one whitelisted VPC in
    /// full, a bare VPC ID in any region, or a VPC no entry names.
    Vpc {
        /// The entries (without address lists) that admit these VPCs.
        admitted_by: Vec<VpcEntry>,
        /// The other entries, which admit none of them.
        refused_by: Vec<VpcEntry>,
        /// The VPC that stands for the class.
        sample: String,
    },
    /// Any text other than `others`.
    OtherText {
        /// The texts this class excludes.
        others: Vec<String>,
        /// The text that stands for the class.
        sample: String,
    },
}

impl Class {
    /// Whether the value `req` carries for dimension `d` falls in this class.
    pub fn holds(&self, d: Dimension, req: &Request) -> bool {
        match d {
            Dimension::SourceIp => self.holds_ip(req.source_ip()),
            Dimension::Time => self.holds_time(req.time()),
            Dimension::Vpc => self.holds_vpc(req.vpc()),
            Dimension::TaskType => self.holds_text(req.task_type()),
        }
    }

    /// Membership by the whitelist's own rule ([`VpcEntry::admits`]): the entries of the class
    /// admit the VPC and no other entry does.
    fn holds_vpc(&self, v: Option<&str>) -> bool {
        match (self, v) {
            (Class::Absent, None) => true,
            (
                Class::Vpc {
                    admitted_by,
                    refused_by,
                    ..
                },
                Some(v),
            ) => {
                admitted_by.iter().all(|e| e.admits(v, None))
                    && !refused_by.iter().any(|e| e.admits(v, None))
            }
            _ => false,
        }
    }

    fn holds_ip(&self, v: Option<IpAddr>) -> bool {
        match (self, v) {
            (Class::Absent, None) => true,
            (Class::Ips { lo, hi }, Some(ip)) => {
                lo.is_ipv4() == ip.is_ipv4() && *lo <= ip && ip <= *hi
            }
            _ => false,
        }
    }

    fn holds_time(&self, v: Option<Timestamp>) -> bool {
        match (self, v) {
            (Class::Absent, None) => true,
            (Class::Times { from, to }, Some(v)) => {
                from.is_none_or(|b| if b.inclusive { v >= b.at } else { v > b.at })
                    && to.is_none_or(|b| if b.inclusive { v <= b.at } else { v < b.at })
            }
            _ => false,
        }
    }

    /// Task types compare as written (case-sensitive operators tell cases apart).
    fn holds_text(&self, v: Option<&str>) -> bool {
        match (self, v) {
            (Class::Absent, None) => true,
            (Class::Text(t), Some(v)) => t == v,
            (Class::OtherCase { spellings, .. }, Some(v)) => {
                !spellings.iter().any(|s| s == v)
                    && spellings.iter().any(|s| s.eq_ignore_ascii_case(v))
            }
            (Class::OtherText { others, .. }, Some(v)) => {
                !others.iter().any(|o| o.eq_ignore_ascii_case(v))
            }
            _ => false,
        }
    }

    /// The text that stands for a text class in requests.
    fn sample(&self) -> Option<&str> {
        match self {
            Class::Text(t) => Some(t),
            Class::OtherCase { sample, .. }
            | Class::OtherText { sample, .. }
            | Class::Vpc { sample, .. } => Some(sample),
            _ => None,
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Class::Absent => f.write_str("not given"),
            Class::Ips { lo, hi } if lo == hi => write!(f, "{lo}"),
            Class::Ips { lo, hi } => write!(f, "{lo}-{hi}"),
            Class::Times { from, to } => match (from, to) {
                (None, None) => f.write_str("any time"),
                (Some(a), Some(b)) if a == b => write!(f, "at {}", a.at),
                _ => {
                    let start = from.map(|b| {
                        format!("{} {}", if b.inclusive { "from" } else { "after" }, b.at)
                    });
                    let end = to.map(|b| {
                        format!("{} {}", if b.inclusive { "until" } else { "before" }, b.at)
                    });
                    let parts: Vec<String> = start.into_iter().chain(end).collect();
                    f.write_str(&parts.join(" and "))
                }
            },
            Class::Text(t) => write!(f, "{t}"),
            Class::OtherCase { spellings, .. } => {
                write!(f, "{} in another case", spellings.join(", "))
            }
            Class::OtherText { others, .. } => {
                write!(f, "other than {}", others.join(", "))
            }
            Class::Vpc {
                admitted_by,
                refused_by,
                ..
            } => {
                // A full name admits one VPC; a bare ID every region's VPC of that ID, except
                // those a full entry names (each its own class).
                if let Some(full) = admitted_by.iter().find(|e| vpc_of(e).contains('_')) {
                    return f.write_str(vpc_of(full));
                }
                match admitted_by.first() {
                    Some(bare) => {
                        let id = vpc_of(bare);
                        let regions: Vec<&str> = refused_by
                            .iter()
                            .filter_map(|e| vpc_of(e).rsplit_once('_'))
                            .filter(|(_, v)| v.eq_ignore_ascii_case(id))
                            .map(|(region, _)| region)
                            .collect();
                        match regions.as_slice() {
                            [] => write!(f, "{id} (bare or any region)"),
                            r => write!(f, "{id} (bare or any region but {})", r.join(", ")),
                        }
                    }
                    None if refused_by.is_empty() => f.write_str("any VPC"),
                    None => {
                        let named: Vec<String> = refused_by
                            .iter()
                            .map(|e| match vpc_of(e) {
                                v if v.contains('_') => v.to_string(),
                                v => format!("{v} (bare or any region)"),
                            })
                            .collect();
                        write!(f, "other than {}", named.join(", "))
                    }
                }
            }
        }
    }
}

/// The VPC name of a whitelist entry (`""` for `*` and `\N`, which the classes never hold).
fn vpc_of(e: &VpcEntry) -> &str {
    match e {
        VpcEntry::Vpc { vpc, .. } => vpc,
        VpcEntry::Any | VpcEntry::Nothing => "",
    }
}

/// The values a configuration mentions, per dimension.
#[derive(Debug, Default)]
struct Mentions {
    ips: Vec<IpEntry>,
    ip_mentioned: bool,
    /// Whether some project sets a whitelist: then whether a request comes over a VPC matters.
    whitelisted: bool,
    /// The VPC names of the VPC whitelist entries, lower case.
    vpcs: BTreeSet<String>,
    times: BTreeSet<Timestamp>,
    tasks: BTreeSet<String>,
}

impl Mentions {
    /// What the projects of `models` mention: whitelists, the conditions and expiries of ACL
    /// grants (installed packages' included), of policy statements ([`statements`]) and of
    /// label grants. RAM policies decide outside the space (AN1) and are not read.
    fn of(models: &[&Model]) -> Mentions {
        let mut m = Mentions::default();
        for p in models.iter().flat_map(|model| model.projects.values()) {
            m.whitelisted |= !p.ip_whitelist.value.is_empty();
            m.whitelisted |= !p.vpc_whitelist.value.is_empty();
            for e in &p.ip_whitelist.value {
                m.ip(e.clone());
            }
            for e in &p.vpc_whitelist.value {
                if let VpcEntry::Vpc { vpc, ips } = e {
                    m.vpcs.insert(vpc.to_ascii_lowercase());
                    for ip in ips.iter().flatten() {
                        m.ip(ip.clone());
                    }
                }
            }
            let grants = p
                .acl
                .iter()
                .chain(p.installed.values().flat_map(|i| i.acl.iter()));
            for g in grants {
                m.times.extend(g.expires);
                m.condition(g.conditions.as_deref());
            }
            for (s, _) in p.statements() {
                m.times.extend(s.expires);
                m.condition(s.condition.as_ref());
            }
            let label_grants = std::iter::once(&p.labels.grants)
                .chain(p.installed.values().map(|i| &i.labels))
                .flat_map(|by_table| by_table.values().flatten());
            m.times.extend(label_grants.map(|g| g.expires));
        }
        m
    }

    fn ip(&mut self, e: IpEntry) {
        self.ip_mentioned = true;
        self.ips.push(e);
    }

    /// The values a condition's clauses compare the context with. Address and date operators
    /// give their compiled values (`Clause::ips`, `Clause::times`: empty for the other
    /// operators); the other operators compare the text of the request's address or time, so a
    /// value that reads as one is a boundary.
    fn condition(&mut self, c: Option<&Condition>) {
        for cl in c.into_iter().flat_map(|c| &c.clauses) {
            match cl.key {
                ConditionKey::SourceIp => {
                    self.ip_mentioned = true;
                    self.ips.extend(cl.ips().iter().cloned());
                    if cl.ips().is_empty() {
                        let texts = cl.values.iter().filter_map(|v| v.parse::<IpAddr>().ok());
                        self.ips.extend(texts.map(IpEntry::Addr));
                    }
                }
                ConditionKey::CurrentTime => {
                    self.times.extend(cl.times());
                    if cl.times().is_empty() {
                        let texts = cl.values.iter().filter_map(|v| v.parse::<Timestamp>().ok());
                        self.times.extend(texts);
                    }
                }
                ConditionKey::TaskType => self.tasks.extend(cl.values.iter().cloned()),
                _ => {}
            }
        }
    }
}

/// The context classes of a configuration (or of two, for a diff): every combination of one
/// class per dimension.
#[derive(Debug, Clone)]
pub(crate) struct Contexts {
    dims: Vec<(Dimension, Vec<Class>)>,
}

/// One combination: a class index per dimension, in [`Contexts`] order.
pub(crate) type ContextIndex = usize;

impl Contexts {
    /// The classes the models tell apart.
    pub fn of(models: &[&Model]) -> Contexts {
        let m = Mentions::of(models);
        let dims = Dimension::ALL
            .into_iter()
            .map(|d| {
                let classes = match d {
                    Dimension::SourceIp => ip_classes(&m),
                    Dimension::Vpc => vpc_classes(&m),
                    Dimension::Time => time_classes(&m.times),
                    Dimension::TaskType => text_classes(&m.tasks, "mcauth-other-task"),
                };
                (d, classes)
            })
            .collect();
        Contexts { dims }
    }

    /// How many combinations there are.
    pub fn len(&self) -> usize {
        self.dims.iter().map(|(_, c)| c.len()).product()
    }

    /// The class of each dimension in combination `i`.
    fn classes(&self, mut i: ContextIndex) -> Vec<(Dimension, &Class)> {
        let mut out = Vec::with_capacity(self.dims.len());
        for (d, classes) in &self.dims {
            let n = classes.len().max(1);
            if let Some(c) = classes.get(i % n) {
                out.push((*d, c));
            }
            i /= n;
        }
        out
    }

    /// `req` with the context of combination `i`: each dimension set to its class's sample.
    pub fn apply(&self, req: &Request, i: ContextIndex) -> Request {
        let mut r = req.clone();
        for (d, class) in self.classes(i) {
            r = match (d, class) {
                (_, Class::Absent) => r,
                (Dimension::SourceIp, Class::Ips { lo, .. }) => r.with_source_ip(*lo),
                (Dimension::Time, Class::Times { from, to }) => {
                    r.with_time(time_sample(*from, *to))
                }
                (Dimension::Vpc | Dimension::TaskType, c) => match (d, c.sample()) {
                    (Dimension::Vpc, Some(t)) => r.with_vpc(t),
                    (_, Some(t)) => r.with_task_type(t),
                    (_, None) => r,
                },
                _ => r,
            };
        }
        r
    }

    /// Which dimensions `set` (one flag per combination) depends on, and the combinations of
    /// their classes where it holds.
    pub fn describe(&self, set: &[bool]) -> Dependence {
        if set.iter().all(|&b| b) {
            return Dependence::default();
        }
        let mut strides = Vec::with_capacity(self.dims.len());
        let mut stride = 1;
        for (_, classes) in &self.dims {
            strides.push(stride);
            stride *= classes.len();
        }
        // A dimension matters when changing only its class changes membership somewhere.
        let matters: Vec<usize> = (0..self.dims.len())
            .filter(|&k| {
                let n = self.dims.get(k).map_or(1, |(_, c)| c.len());
                let s = strides.get(k).copied().unwrap_or(1);
                (0..set.len()).any(|i| {
                    let own = (i / s) % n;
                    (0..n).any(|other| {
                        let j = i - own * s + other * s;
                        set.get(i) != set.get(j)
                    })
                })
            })
            .collect();
        let class_count = |k: usize| self.dims.get(k).map_or(1, |(_, c)| c.len());
        // The combinations where it holds, over the dimensions that matter: one set of class
        // indices per dimension, each a single class to start with.
        let mut combos: Vec<Vec<Vec<usize>>> = Vec::new();
        for (i, _) in set.iter().enumerate().filter(|(_, &b)| b) {
            let key: Vec<Vec<usize>> = matters
                .iter()
                .map(|&k| vec![(i / strides.get(k).copied().unwrap_or(1)) % class_count(k)])
                .collect();
            if !combos.contains(&key) {
                combos.push(key);
            }
        }
        // Join combinations that differ in one dimension only, one dimension at a time.
        for pos in 0..matters.len() {
            let mut joined: Vec<Vec<Vec<usize>>> = Vec::new();
            for c in combos {
                let same_elsewhere = |m: &Vec<Vec<usize>>| {
                    m.iter()
                        .zip(&c)
                        .enumerate()
                        .all(|(p, (x, y))| p == pos || x == y)
                };
                match joined.iter_mut().find(|m| same_elsewhere(m)) {
                    Some(m) => {
                        if let (Some(into), Some(from)) = (m.get_mut(pos), c.get(pos)) {
                            into.extend(from);
                            into.sort_unstable();
                            into.dedup();
                        }
                    }
                    None => joined.push(c),
                }
            }
            combos = joined;
        }
        let when = combos
            .into_iter()
            .map(|combo| {
                matters
                    .iter()
                    .zip(combo)
                    // A dimension whose every class is in the set does not restrict this
                    // combination.
                    .filter(|(&k, classes)| classes.len() < class_count(k))
                    .filter_map(|(&k, indices)| {
                        let (d, all) = self.dims.get(k)?;
                        let mut classes: Vec<Class> = Vec::new();
                        for c in indices.iter().filter_map(|&i| all.get(i)) {
                            match classes.last().and_then(|last| merged(last, c)) {
                                Some(m) => {
                                    if let Some(last) = classes.last_mut() {
                                        *last = m;
                                    }
                                }
                                None => classes.push(c.clone()),
                            }
                        }
                        Some((*d, classes))
                    })
                    .collect()
            })
            .collect();
        Dependence {
            on: matters
                .iter()
                .filter_map(|&k| self.dims.get(k).map(|(d, _)| *d))
                .collect(),
            when,
        }
    }
}

/// Which context something depends on: nothing (it holds in every context), or the dimensions
/// whose class matters and the combinations of their classes where it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dependence {
    /// The dimensions that matter; empty: every context.
    pub on: Vec<Dimension>,
    /// Where it holds: any of these combinations, each a set of classes for some of the
    /// dimensions of `on` (a dimension a combination leaves out may take any value).
    pub when: Vec<Vec<(Dimension, Vec<Class>)>>,
}

impl Dependence {
    /// Whether it holds in every context.
    pub fn is_any(&self) -> bool {
        self.on.is_empty()
    }

    /// Whether it holds for the context `req` carries.
    pub fn covers(&self, req: &Request) -> bool {
        self.is_any()
            || self.when.iter().any(|combo| {
                combo
                    .iter()
                    .all(|(d, classes)| classes.iter().any(|c| c.holds(*d, req)))
            })
    }
}

impl fmt::Display for Dependence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_any() {
            return f.write_str("in any context");
        }
        let combos: Vec<String> = self
            .when
            .iter()
            .map(|combo| {
                let parts: Vec<String> = combo
                    .iter()
                    .map(|(d, classes)| format!("{d} {}", names(classes).join(" or ")))
                    .collect();
                parts.join(", ")
            })
            .collect();
        write!(f, "when {}", combos.join("; or "))
    }
}

/// `"any"`, or `{"depends_on": [...], "when": [{"source_ip": "10.0.0.0-10.255.255.255"}]}`.
impl Serialize for Dependence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_any() {
            return s.serialize_str("any");
        }
        let mut map = s.serialize_map(Some(2))?;
        let on: Vec<&str> = self.on.iter().map(|d| d.as_str()).collect();
        map.serialize_entry("depends_on", &on)?;
        let when: Vec<std::collections::BTreeMap<&str, Vec<String>>> = self
            .when
            .iter()
            .map(|combo| {
                combo
                    .iter()
                    .map(|(d, classes)| (d.as_str(), names(classes)))
                    .collect()
            })
            .collect();
        map.serialize_entry("when", &when)?;
        map.end()
    }
}

/// The names of a set of classes; every address of both families reads `any address`.
fn names(classes: &[Class]) -> Vec<String> {
    // A stretch from the first to the last address of its family.
    let full = |c: &Class| match c {
        Class::Ips { lo, hi } => previous_ip(*lo).is_none() && next_ip(*hi).is_none(),
        _ => false,
    };
    let ips = classes
        .iter()
        .filter(|c| matches!(c, Class::Ips { .. }))
        .count();
    let mut out = Vec::new();
    if ips == 2 && classes.iter().filter(|c| full(c)).count() == 2 {
        out.push("any address".to_string());
        out.extend(
            classes
                .iter()
                .filter(|c| !matches!(c, Class::Ips { .. }))
                .map(Class::to_string),
        );
        return out;
    }
    classes.iter().map(Class::to_string).collect()
}

/// The address classes: "not given", and when anything mentions addresses or some project sets
/// a whitelist (which refuses a request without an address), the stretches between the
/// boundaries of every entry, in both families (an address of a family no entry names is
/// outside all of them).
fn ip_classes(m: &Mentions) -> Vec<Class> {
    let mut classes = vec![Class::Absent];
    if !m.ip_mentioned && !m.whitelisted {
        return classes;
    }
    // Where a stretch starts: the first address of each family, each entry's first address,
    // and the address after its last one. IPv4 addresses sort before IPv6 ones.
    let mut starts: BTreeSet<IpAddr> = BTreeSet::from([
        IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    ]);
    for (lo, hi) in m.ips.iter().filter_map(IpEntry::bounds) {
        starts.insert(lo);
        starts.extend(next_ip(hi));
    }
    let starts: Vec<IpAddr> = starts.into_iter().collect();
    for (i, &lo) in starts.iter().enumerate() {
        let hi = match starts.get(i + 1) {
            Some(next) if next.is_ipv4() == lo.is_ipv4() => previous_ip(*next),
            _ => None,
        };
        let last = match lo {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::BROADCAST),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(u128::MAX)),
        };
        classes.push(Class::Ips {
            lo,
            hi: hi.unwrap_or(last),
        });
    }
    classes
}

/// The time classes: "not given", and around each mentioned instant: before it, at it, and
/// between it and the next.
fn time_classes(times: &BTreeSet<Timestamp>) -> Vec<Class> {
    let mut classes = vec![Class::Absent];
    let mut previous: Option<Timestamp> = None;
    for &t in times {
        classes.push(Class::Times {
            from: previous.and_then(Bound::open),
            to: Bound::open(t),
        });
        classes.push(Class::Times {
            from: Bound::closed(t),
            to: Bound::closed(t),
        });
        previous = Some(t);
    }
    if let Some(last) = previous {
        classes.push(Class::Times {
            from: Bound::open(last),
            to: None,
        });
    }
    // Stretches between two instants a nanosecond apart hold no time.
    classes.retain(|c| match c {
        Class::Times {
            from: Some(a),
            to: Some(b),
        } if !a.inclusive && !b.inclusive => {
            a.at.checked_add(SignedDuration::from_nanos(1))
                .is_ok_and(|n| n < b.at)
        }
        _ => true,
    });
    classes
}

/// A time inside the stretch from `from` to `to`.
fn time_sample(from: Option<Bound>, to: Option<Bound>) -> Timestamp {
    let step = SignedDuration::from_nanos(1);
    match (from, to) {
        (Some(b), _) if b.inclusive => b.at,
        (Some(b), _) => b.at.checked_add(step).unwrap_or(b.at),
        (None, Some(b)) if b.inclusive => b.at,
        (None, Some(b)) => b.at.checked_sub(step).unwrap_or(b.at),
        (None, None) => Timestamp::UNIX_EPOCH,
    }
}

/// `a` and `b` as one class when they are adjacent stretches (`a` first).
fn merged(a: &Class, b: &Class) -> Option<Class> {
    match (a, b) {
        (Class::Ips { lo, hi }, Class::Ips { lo: next, hi: last }) => {
            (next_ip(*hi) == Some(*next)).then_some(Class::Ips { lo: *lo, hi: *last })
        }
        (
            Class::Times {
                from,
                to: Some(end),
            },
            Class::Times {
                from: Some(start),
                to,
            },
        ) => (end.at == start.at && end.inclusive != start.inclusive).then_some(Class::Times {
            from: *from,
            to: *to,
        }),
        _ => None,
    }
}

/// The VPC classes: "not given", and when some project sets a whitelist (a VPC request is
/// then judged apart from one outside a VPC), one class per set of entries that admit a VPC
/// together: each entry's own VPC, for a bare VPC ID also the ID itself and the ID in a region
/// no entry names, and a VPC no entry admits — each decided by [`VpcEntry::admits`].
fn vpc_classes(m: &Mentions) -> Vec<Class> {
    let mut classes = vec![Class::Absent];
    if !m.whitelisted {
        return classes;
    }
    let entries: Vec<VpcEntry> = m
        .vpcs
        .iter()
        .map(|v| VpcEntry::Vpc {
            vpc: v.clone(),
            ips: None,
        })
        .collect();
    let mut other = "vpc-mcauth-other".to_string();
    while entries.iter().any(|e| e.admits(&other, None)) {
        other.push('x');
    }
    let mut region = "mcauth-region".to_string();
    while m.vpcs.iter().any(|v| v.starts_with(&format!("{region}_"))) {
        region.push('x');
    }
    let mut samples: Vec<String> = Vec::new();
    for v in &m.vpcs {
        samples.push(v.clone());
        if !v.contains('_') {
            samples.push(format!("{region}_{v}"));
        }
    }
    samples.push(other);
    let mut seen: Vec<Vec<bool>> = Vec::new();
    for sample in samples {
        let admits: Vec<bool> = entries.iter().map(|e| e.admits(&sample, None)).collect();
        if seen.contains(&admits) {
            continue;
        }
        let (admitted_by, refused_by): (Vec<&VpcEntry>, Vec<&VpcEntry>) =
            entries.iter().partition(|e| e.admits(&sample, None));
        classes.push(Class::Vpc {
            admitted_by: admitted_by.into_iter().cloned().collect(),
            refused_by: refused_by.into_iter().cloned().collect(),
            sample,
        });
        seen.push(admits);
    }
    classes
}

/// Task type classes: "not given", each mentioned text, one class for the other spellings of
/// each mentioned text (case-sensitive operators tell them apart), and one class for every
/// other text.
fn text_classes(texts: &BTreeSet<String>, sample: &str) -> Vec<Class> {
    let mut classes = vec![Class::Absent];
    if texts.is_empty() {
        return classes;
    }
    classes.extend(texts.iter().cloned().map(Class::Text));
    let mut groups: Vec<Vec<String>> = Vec::new();
    for t in texts {
        match groups
            .iter_mut()
            .find(|g| g.first().is_some_and(|f| f.eq_ignore_ascii_case(t)))
        {
            Some(g) => g.push(t.clone()),
            None => groups.push(vec![t.clone()]),
        }
    }
    for spellings in groups {
        let Some(first) = spellings.first() else {
            continue;
        };
        let candidates = [
            first.to_ascii_lowercase(),
            first.to_ascii_uppercase(),
            flip_case(first),
        ];
        if let Some(sample) = candidates.into_iter().find(|c| !spellings.contains(c)) {
            classes.push(Class::OtherCase { spellings, sample });
        }
    }
    let mut sample = sample.to_string();
    while texts.iter().any(|x| x.eq_ignore_ascii_case(&sample)) {
        sample.push('x');
    }
    classes.push(Class::OtherText {
        others: texts.iter().cloned().collect(),
        sample,
    });
    classes
}

/// `t` with the case of every ASCII letter swapped.
fn flip_case(t: &str) -> String {
    t.chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::network::parse_vpc_whitelist;

    fn vpc_contexts(whitelist: &str) -> Vec<Class> {
        let text = format!(
            "create account ALIYUN$o@example.com; create project p owner ALIYUN$o@example.com;
             use p; setproject odps.security.vpc.whitelist={whitelist};"
        );
        let m = Model::from_script_str("a.mcauth", &text).unwrap();
        let contexts = Contexts::of(&[&m]);
        contexts
            .dims
            .into_iter()
            .find(|(d, _)| *d == Dimension::Vpc)
            .unwrap()
            .1
    }

    fn request(vpc: Option<&str>) -> Request {
        let r = Request::new("ALIYUN$o@example.com", "p", crate::Action::List, None).unwrap();
        match vpc {
            Some(v) => r.with_vpc(v),
            None => r,
        }
    }

    /// Every VPC falls in exactly one class, and the VPCs of one class are admitted by the same
    /// entries: bare IDs match in any region, as the whitelist stage matches them.
    #[test]
    fn vpc_classes_follow_the_whitelist_rule() {
        let list = "cn-hangzhou_vpc-a,vpc-a,vpc-b[10.0.0.1],cn-beijing_vpc-c";
        let classes = vpc_contexts(list);
        let entries = parse_vpc_whitelist(list).unwrap();
        let admitted = |v: &str| -> Vec<bool> {
            entries
                .iter()
                .map(|e| match e {
                    VpcEntry::Vpc { vpc, .. } => VpcEntry::Vpc {
                        vpc: vpc.clone(),
                        ips: None,
                    }
                    .admits(v, None),
                    _ => true,
                })
                .collect()
        };
        let values = [
            "cn-hangzhou_vpc-a",
            "CN-HANGZHOU_VPC-A",
            "cn-shanghai_vpc-a",
            "vpc-a",
            "vpc-b",
            "cn-hangzhou_vpc-b",
            "cn-beijing_vpc-c",
            "cn-hangzhou_vpc-c",
            "vpc-c",
            "vpc-z",
        ];
        let mut class_of = Vec::new();
        for v in values {
            let r = request(Some(v));
            let hits: Vec<usize> = (0..classes.len())
                .filter(|&i| classes[i].holds(Dimension::Vpc, &r))
                .collect();
            assert_eq!(hits.len(), 1, "{v} in {hits:?} of {classes:?}");
            class_of.push((hits[0], admitted(v)));
        }
        // Two VPCs share a class exactly when the same entries admit them.
        for (i, a) in class_of.iter().enumerate() {
            for (j, b) in class_of.iter().enumerate() {
                assert_eq!(a.0 == b.0, a.1 == b.1, "{} and {}", values[i], values[j]);
            }
        }
        // The region-less ID and the ID in an unnamed region share a class; the unnamed
        // VPCs share one; the full name has its own.
        let of = |v: &str| class_of[values.iter().position(|x| *x == v).unwrap()].0;
        assert_eq!(of("vpc-a"), of("cn-shanghai_vpc-a"));
        assert_ne!(of("vpc-a"), of("cn-hangzhou_vpc-a"));
        assert_eq!(of("vpc-z"), of("cn-hangzhou_vpc-c"));
        assert_eq!(of("vpc-z"), of("vpc-c"));
        assert!(classes[0].holds(Dimension::Vpc, &request(None)));
        assert_eq!(
            classes[of("vpc-a")].to_string(),
            "vpc-a (bare or any region but cn-hangzhou)"
        );
        assert_eq!(
            classes[of("CN-HANGZHOU_VPC-A")].to_string(),
            "cn-hangzhou_vpc-a"
        );
        assert_eq!(
            classes[of("vpc-z")].to_string(),
            "other than cn-beijing_vpc-c, cn-hangzhou_vpc-a, vpc-a (bare or any region), \
             vpc-b (bare or any region)"
        );
    }

    /// Any whitelist makes "over a VPC" differ from "outside a VPC", even one naming no VPC.
    #[test]
    fn any_whitelist_tells_vpc_requests_apart() {
        let classes = vpc_contexts("*");
        assert_eq!(classes.len(), 2, "{classes:?}");
        assert_eq!(classes[1].to_string(), "any VPC");
        assert!(classes[1].holds(Dimension::Vpc, &request(Some("cn-hangzhou_vpc-x"))));
    }
}
