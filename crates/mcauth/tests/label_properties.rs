//! Property tests for LabelSecurity and packages (`spec/principals-labels-packages.md` §3, §4)
//! over small random configurations:
//! (a) raising a user's access level (`set label <n> to user`) never turns an allow into a deny;
//! (b) with LabelSecurity off, label statements (`set label`, `grant label`, `revoke label`)
//!     never change a decision;
//! (c) an uninstalled or disallowed package grants nothing: a cross-project request whose
//!     caller is not a user of the source project is denied after `uninstall package` or after
//!     `disallow project`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::props::{
    generated_engine, parse_request, request_json, who as grantee, TableObject, Who,
};
use mcauth::{Decision, Engine, Request};
use proptest::prelude::*;
use std::fmt::Write as _;

const OWNER: &str = "ALIYUN$owner@example.com";
const USERS: usize = 4;
const ROLES: usize = 2;
const TABLES: usize = 2;
const COLUMNS: usize = 3;
const FILE: &str = "labels.mcauth";

fn user(i: usize) -> String {
    format!("ALIYUN$u{i}@example.com")
}

impl Who {
    fn render(self) -> String {
        match self {
            Who::User(u) => format!("user {}", user(u)),
            Who::Role(r) => format!("role r{r}"),
        }
    }
}

fn who() -> impl Strategy<Value = Who> {
    grantee(USERS, ROLES)
}

fn columns() -> impl Strategy<Value = Vec<usize>> {
    prop_oneof![
        2 => Just(Vec::new()),
        3 => prop::collection::vec(0..COLUMNS, 1..3),
    ]
}

fn column_list(cols: &[usize]) -> String {
    let mut cols = cols.to_vec();
    cols.sort_unstable();
    cols.dedup();
    if cols.is_empty() {
        return String::new();
    }
    let names: Vec<String> = cols.iter().map(|c| format!("c{c}")).collect();
    format!("({})", names.join(", "))
}

/// One generated statement of the single-project configurations.
#[derive(Debug, Clone)]
enum Stmt {
    /// `grant <action> on table t<n> to <who>`.
    Acl {
        action: &'static str,
        table: usize,
        who: Who,
    },
    /// `grant CreateInstance on project p to <who>`.
    CreateInstance(Who),
    /// `grant r<role> to <user>`.
    RoleTo { role: usize, user: usize },
    /// `set label <n> to table t<n>[(cols)]`.
    TableLabel {
        level: u8,
        table: usize,
        cols: Vec<usize>,
    },
    /// `set label <n> to user|role <who>`.
    PrincipalLabel { level: u8, who: Who },
    /// `grant label <n> on table t<n>[(cols)] to <who> [with exp <d>]`.
    GrantLabel {
        level: u8,
        table: usize,
        cols: Vec<usize>,
        who: Who,
        exp: Option<u32>,
    },
    /// `revoke label on table t<n>[(cols)] from <who>`.
    RevokeLabel {
        table: usize,
        cols: Vec<usize>,
        who: Who,
    },
}

impl Stmt {
    fn is_label(&self) -> bool {
        matches!(
            self,
            Stmt::TableLabel { .. }
                | Stmt::PrincipalLabel { .. }
                | Stmt::GrantLabel { .. }
                | Stmt::RevokeLabel { .. }
        )
    }

    fn render(&self, out: &mut String) {
        match self {
            Stmt::Acl { action, table, who } => {
                let _ = writeln!(out, "grant {action} on table t{table} to {};", who.render());
            }
            Stmt::CreateInstance(w) => {
                let _ = writeln!(out, "grant CreateInstance on project p to {};", w.render());
            }
            Stmt::RoleTo { role, user: u } => {
                let _ = writeln!(out, "grant r{role} to {};", user(*u));
            }
            Stmt::TableLabel { level, table, cols } => {
                let _ = writeln!(
                    out,
                    "set label {level} to table t{table}{};",
                    column_list(cols)
                );
            }
            Stmt::PrincipalLabel { level, who } => {
                let _ = writeln!(out, "set label {level} to {};", who.render());
            }
            Stmt::GrantLabel {
                level,
                table,
                cols,
                who,
                exp,
            } => {
                let _ = write!(
                    out,
                    "grant label {level} on table t{table}{} to {}",
                    column_list(cols),
                    who.render()
                );
                if let Some(d) = exp {
                    let _ = write!(out, " with exp {d}");
                }
                out.push_str(";\n");
            }
            Stmt::RevokeLabel { table, cols, who } => {
                let _ = writeln!(
                    out,
                    "revoke label on table t{table}{} from {};",
                    column_list(cols),
                    who.render()
                );
            }
        }
    }
}

fn acl_stmt() -> impl Strategy<Value = Stmt> {
    prop_oneof![
        4 => (
            prop::sample::select(vec!["Select", "Update", "Describe", "All"]),
            0..TABLES,
            who()
        )
            .prop_map(|(action, table, who)| Stmt::Acl { action, table, who }),
        2 => who().prop_map(Stmt::CreateInstance),
        2 => (0..ROLES, 0..USERS).prop_map(|(role, user)| Stmt::RoleTo { role, user }),
    ]
}

fn label_stmt() -> impl Strategy<Value = Stmt> {
    prop_oneof![
        3 => (0..=9u8, 0..TABLES, columns())
            .prop_map(|(level, table, cols)| Stmt::TableLabel { level, table, cols }),
        2 => (0..=9u8, who()).prop_map(|(level, who)| Stmt::PrincipalLabel { level, who }),
        3 => (
            0..=9u8,
            0..TABLES,
            columns(),
            who(),
            prop::option::weighted(0.6, 1u32..40)
        )
            .prop_map(|(level, table, cols, who, exp)| Stmt::GrantLabel {
                level,
                table,
                cols,
                who,
                exp
            }),
        1 => (0..TABLES, columns(), who())
            .prop_map(|(table, cols, who)| Stmt::RevokeLabel { table, cols, who }),
    ]
}

fn stmts() -> impl Strategy<Value = Vec<Stmt>> {
    prop::collection::vec(prop_oneof![acl_stmt(), label_stmt()], 0..24)
}

/// The single-project script: the clock, the project, users, roles, tables (t1 partitioned),
/// `prefix`, then the statements (label statements only when `labels`), then `suffix`.
fn script(stmts: &[Stmt], labels: bool, prefix: &str, suffix: &str) -> String {
    let mut s = String::from("at '2026-03-01T00:00:00Z';\n");
    let _ = writeln!(s, "create project p owner {OWNER};\nuse p;");
    for u in 0..USERS {
        let _ = writeln!(s, "add user {};", user(u));
    }
    for r in 0..ROLES {
        let _ = writeln!(s, "create role r{r};");
    }
    s.push_str("create table t0 (c0 bigint, c1 string, c2 double);\n");
    s.push_str("create table t1 (c0 bigint, c1 string, c2 double) partitioned by (ds string);\n");
    s.push_str(prefix);
    for st in stmts {
        if labels || !st.is_label() {
            st.render(&mut s);
        }
    }
    s.push_str(suffix);
    s
}

fn engine(script: &str) -> Engine {
    generated_engine(FILE, script)
}

/// A request in project p: `who` 0..USERS the users, USERS the owner.
#[derive(Debug, Clone)]
struct Req {
    who: usize,
    action: &'static str,
    table: usize,
    columns: Vec<usize>,
    time: Option<&'static str>,
}

impl Req {
    fn principal(&self) -> String {
        if self.who < USERS {
            user(self.who)
        } else {
            OWNER.to_string()
        }
    }

    fn request(&self) -> Request {
        let object = TableObject {
            table: self.table,
            project: None,
            columns: &self.columns,
        };
        parse_request(&request_json(
            &self.principal(),
            "p",
            self.action,
            Some(object),
            self.time.map(|t| ("time", t)),
        ))
    }
}

fn req() -> impl Strategy<Value = Req> {
    (
        0..=USERS,
        prop::sample::select(vec!["Select", "Download", "Update", "Describe"]),
        0..TABLES,
        columns(),
        prop::option::weighted(
            0.6,
            prop::sample::select(vec![
                "2026-03-02T00:00:00Z",
                "2026-03-20T00:00:00Z",
                "2026-12-01T00:00:00Z",
            ]),
        ),
    )
        .prop_map(|(who, action, table, columns, time)| Req {
            who,
            action,
            table,
            columns,
            time,
        })
}

fn reqs() -> impl Strategy<Value = Vec<Req>> {
    prop::collection::vec(req(), 1..16)
}

fn summary(d: &Decision) -> (String, String, Option<String>, String) {
    (
        d.decision.to_string(),
        d.stage.to_string(),
        d.code.clone(),
        format!("{:?}", d.deny_kind),
    )
}

/// Every user may read, write and run jobs: ACL leaves the decision to the labels.
const OPEN: &str = "\
grant Select, Update, Describe on table t0 to role r0;
grant Select, Update, Describe on table t1 to role r0;
grant CreateInstance on project p to role r0;
grant r0 to ALIYUN$u0@example.com;
grant r0 to ALIYUN$u1@example.com;
grant r0 to ALIYUN$u2@example.com;
grant r0 to ALIYUN$u3@example.com;
";

/// The access level `set label ... to user u<u>` last gave `u`, 0 when none did.
fn user_level(stmts: &[Stmt], u: usize) -> u8 {
    stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::PrincipalLabel {
                level,
                who: Who::User(x),
            } if *x == u => Some(*level),
            _ => None,
        })
        .next_back()
        .unwrap_or(0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// (a) `set label <higher> to user u` never turns an allow into a deny (for any caller).
    #[test]
    fn raising_a_users_label_never_turns_an_allow_into_a_deny(
        stmts in stmts(),
        u in 0..USERS,
        raise in 0..=9u8,
        open in any::<bool>(),
        requests in reqs(),
    ) {
        let current = user_level(&stmts, u);
        let level = current.max(raise);
        // Half the time every user may read and write every table, so that labels decide.
        let mut prefix = String::from("set LabelSecurity=true;\n");
        if open {
            prefix.push_str(OPEN);
        }
        let prefix = prefix.as_str();
        let before = engine(&script(&stmts, true, prefix, ""));
        let raised_script = script(
            &stmts,
            true,
            prefix,
            &format!("set label {level} to user {};\n", user(u)),
        );
        let after = engine(&raised_script);
        for r in &requests {
            let b = before.check(&r.request());
            let a = after.check(&r.request());
            prop_assert!(
                !b.is_allowed() || a.is_allowed(),
                "raising u{u} from {current} to {level} turned an allow into a deny\n\
                 request: {:?}\nbefore: {b}\nafter: {a}\n--- script ---\n{raised_script}",
                r
            );
        }
    }

    /// (b) With LabelSecurity off (never turned on, or turned on and off again), label
    /// statements change no decision.
    #[test]
    fn label_statements_do_nothing_while_label_security_is_off(
        stmts in stmts(),
        toggled in any::<bool>(),
        requests in reqs(),
    ) {
        let (prefix, suffix) = if toggled {
            ("set LabelSecurity=true;\n", "set LabelSecurity=false;\n")
        } else {
            ("", "")
        };
        let plain = engine(&script(&stmts, false, "", ""));
        let labelled_script = script(&stmts, true, prefix, suffix);
        let labelled = engine(&labelled_script);
        for r in &requests {
            let p = plain.check(&r.request());
            let l = labelled.check(&r.request());
            prop_assert_eq!(
                summary(&p),
                summary(&l),
                "label statements changed a decision with LabelSecurity off\nrequest: {:?}\n\
                 without labels: {}\nwith labels: {}\n--- script ---\n{}",
                r,
                p,
                l,
                labelled_script
            );
        }
    }
}

// ------------------------------------------------------------------------------- packages

/// A cross-project configuration: source project `src` (tables t0..t2, package `pk`), job
/// project `dst` that installs `src.pk`; users of `dst` are not users of `src`.
#[derive(Debug, Clone)]
struct Share {
    /// Tables added to the package, each with its privileges (None: the defaults).
    objects: Vec<(usize, Option<Vec<&'static str>>)>,
    /// `using label`.
    cap: Option<u8>,
    /// Source labels: LabelSecurity on, and column labels (table, column, level).
    labels: Option<Vec<(usize, usize, u8)>>,
    /// Read on the package in dst, to users or roles.
    reads: Vec<Who>,
    /// CreateInstance in dst, to users or roles.
    create_instance: Vec<Who>,
    /// Role memberships in dst.
    roles: Vec<(usize, usize)>,
    /// Refobject Select grants in dst (table, who).
    refobject: Vec<(usize, Who)>,
    /// Uninstall (true) or disallow (false).
    uninstall: bool,
    /// Every user of dst may run jobs and holds Read on the package.
    open: bool,
}

const SHARED_TABLES: usize = 3;

impl Share {
    fn script(&self, end: bool) -> String {
        let mut s = String::from("at '2026-03-01T00:00:00Z';\n");
        s.push_str("create project src owner ALIYUN$srcowner@example.com;\n");
        let _ = writeln!(s, "create project dst owner {OWNER};");
        s.push_str("use src;\nadd user ALIYUN$member@example.com;\n");
        for t in 0..SHARED_TABLES {
            let _ = writeln!(s, "create table t{t} (c0 bigint, c1 string, c2 double);");
        }
        s.push_str("create package pk;\n");
        let mut added: Vec<usize> = Vec::new();
        let mut selectable: Vec<usize> = Vec::new();
        for (t, privileges) in &self.objects {
            if added.contains(t) {
                continue;
            }
            added.push(*t);
            if privileges.as_ref().is_none_or(|p| p.contains(&"Select")) {
                selectable.push(*t);
            }
            let _ = write!(s, "add table t{t} to package pk");
            if let Some(p) = privileges {
                let _ = write!(s, " with privileges {}", p.join(","));
            }
            s.push_str(";\n");
        }
        if let Some(labels) = &self.labels {
            s.push_str("set LabelSecurity=true;\n");
            for (t, c, l) in labels {
                let _ = writeln!(s, "set label {l} to table t{t}(c{c});");
            }
        }
        let _ = write!(s, "allow project dst to install package pk");
        if let Some(l) = self.cap {
            let _ = write!(s, " using label {l}");
        }
        s.push_str(";\nuse dst;\n");
        for u in 0..USERS {
            let _ = writeln!(s, "add user {};", user(u));
        }
        for r in 0..ROLES {
            let _ = writeln!(s, "create role r{r};");
        }
        for (r, u) in &self.roles {
            let _ = writeln!(s, "grant r{r} to {};", user(*u));
        }
        for w in &self.create_instance {
            let _ = writeln!(s, "grant CreateInstance on project dst to {};", w.render());
        }
        s.push_str("install package src.pk;\n");
        if self.open {
            for u in 0..USERS {
                let _ = writeln!(
                    s,
                    "grant CreateInstance on project dst to user {};",
                    user(u)
                );
                let _ = writeln!(s, "grant Read on package src.pk to user {};", user(u));
            }
        }
        for w in &self.reads {
            let _ = writeln!(s, "grant Read on package src.pk to {};", w.render());
        }
        for (t, w) in &self.refobject {
            if selectable.contains(t) {
                let _ = writeln!(
                    s,
                    "grant Select on table t{t} to {} privilegeproperties(\"refobject\"=\"true\", \
                     \"refproject\"=\"src\", \"package\"=\"pk\");",
                    w.render()
                );
            }
        }
        if end {
            if self.uninstall {
                s.push_str("uninstall package src.pk;\n");
            } else {
                s.push_str("use src;\ndisallow project dst to install package pk;\n");
            }
        }
        s
    }
}

fn share() -> impl Strategy<Value = Share> {
    let privileges = prop::option::weighted(
        0.5,
        prop::collection::vec(prop::sample::select(vec!["Describe", "Select"]), 1..3),
    );
    (
        prop::collection::vec((0..SHARED_TABLES, privileges), 1..4),
        prop::option::of(0..=9u8),
        prop::option::weighted(
            0.5,
            prop::collection::vec((0..SHARED_TABLES, 0..COLUMNS, 0..=9u8), 0..4),
        ),
        prop::collection::vec(who(), 0..4),
        prop::collection::vec(who(), 0..4),
        prop::collection::vec((0..ROLES, 0..USERS), 0..3),
        prop::collection::vec((0..SHARED_TABLES, who()), 0..2),
        (any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                objects,
                cap,
                labels,
                reads,
                create_instance,
                roles,
                refobject,
                (uninstall, open),
            )| Share {
                objects,
                cap,
                labels,
                reads,
                create_instance,
                roles,
                refobject,
                uninstall,
                open,
            },
        )
}

/// A request run in dst on a table of src: `who` 0..USERS the users of dst, USERS its owner.
fn share_request(
    who: usize,
    action: &str,
    table: usize,
    columns: &[usize],
    task: Option<&str>,
) -> Request {
    let principal = if who < USERS {
        user(who)
    } else {
        OWNER.to_string()
    };
    let object = TableObject {
        table,
        project: Some("src"),
        columns,
    };
    parse_request(&request_json(
        &principal,
        "dst",
        action,
        Some(object),
        task.map(|t| ("task_type", t)),
    ))
}

#[allow(clippy::type_complexity)]
fn share_reqs(
) -> impl Strategy<Value = Vec<(usize, &'static str, usize, Vec<usize>, Option<&'static str>)>> {
    prop::collection::vec(
        (
            0..=USERS,
            prop::sample::select(vec!["Select", "Download", "Describe", "Update", "Drop"]),
            0..SHARED_TABLES,
            columns(),
            prop::option::of(prop::sample::select(vec!["SQL", "DT"])),
        ),
        1..16,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// (c) After `uninstall package src.pk` (in dst) or `disallow project dst ...` (in src),
    /// nobody who is not a user of src reaches src's tables from dst.
    #[test]
    fn an_uninstalled_or_disallowed_package_grants_nothing(
        share in share(),
        requests in share_reqs(),
    ) {
        let text = share.script(true);
        let e = engine(&text);
        for (who, action, table, columns, task) in &requests {
            let d = e.check(&share_request(*who, action, *table, columns, *task));
            prop_assert!(
                !d.is_allowed(),
                "after {} the package still gave access: {action} t{table} {:?} by {who}\n{d}\n\
                 --- script ---\n{text}",
                if share.uninstall { "uninstall" } else { "disallow" },
                columns
            );
        }
    }
}

/// (c) is not vacuous: before the uninstall or disallow, the same kind of configuration lets
/// the owner of dst and a user with Read on the package through.
#[test]
fn the_package_property_is_not_vacuous() {
    let share = Share {
        objects: vec![(0, None)],
        cap: None,
        labels: None,
        reads: vec![Who::User(1)],
        create_instance: vec![Who::User(1)],
        roles: vec![],
        refobject: vec![],
        uninstall: true,
        open: false,
    };
    for end in [false, true] {
        for uninstall in [true, false] {
            let s = Share {
                uninstall,
                ..share.clone()
            };
            let e = engine(&s.script(end));
            for who in [1, USERS] {
                let d = e.check(&share_request(who, "Select", 0, &[], None));
                assert_eq!(
                    d.is_allowed(),
                    !end,
                    "end={end} uninstall={uninstall} who={who}: {d}\n{}",
                    s.script(end)
                );
            }
        }
    }
}
