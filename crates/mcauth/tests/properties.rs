//! Property tests over small random configurations (one project, RAM users u0..u4, a few roles,
//! tables t0..t3 with columns c0..c2, random ACL grants and role memberships) and random
//! requests over them.
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
use mcauth::{Decision, Engine, Model, Request, Stage, StageOutcome};
use proptest::prelude::*;
use std::fmt::Write as _;

const OWNER: &str = "ALIYUN$owner@example.com";
const USERS: usize = 5;
const TABLES: usize = 4;
const COLUMNS: usize = 3;
const MAX_ROLES: usize = 3;
const FILE: &str = "gen.mcauth";
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/quickstart/sales.mcauth"
);

fn user(i: usize) -> String {
    format!("RAM$owner@example.com:u{i}")
}

// ------------------------------------------------------------------------- configurations

/// One generated statement. Rendering normalises combinations MaxCompute refuses (a pattern to
/// a user, columns with a pattern or with actions other than Select/Describe), so every
/// generated configuration loads.
#[derive(Debug, Clone)]
enum Stmt {
    /// `grant <actions> on table <t>[(<cols>)] to user|role <who> [privilegeproperties]`.
    Acl {
        actions: Vec<&'static str>,
        table: usize,
        pattern: Option<&'static str>,
        columns: Vec<usize>,
        who: Who,
        expires: Option<u32>,
    },
    /// `grant CreateInstance on project p to user|role <who>`.
    CreateInstance(Who),
    /// `grant <role> to <user>`.
    RoleTo { role: usize, user: usize },
}

#[derive(Debug, Clone)]
struct Config {
    roles: usize,
    declare: bool,
    stmts: Vec<Stmt>,
}

impl Stmt {
    fn render(&self, roles: usize, out: &mut String) {
        let who = |w: Who| match w {
            Who::User(u) => format!("user {}", user(u)),
            Who::Role(r) => format!("role r{}", r % roles),
        };
        match self {
            Stmt::Acl {
                actions,
                table,
                pattern,
                columns,
                who: w,
                expires,
            } => {
                let object = match (pattern, w) {
                    (Some(p), Who::Role(_)) => (*p).to_string(),
                    _ => format!("t{table}"),
                };
                let mut cols: Vec<usize> = columns.clone();
                cols.sort_unstable();
                cols.dedup();
                let mut acts: Vec<&str> = actions.clone();
                acts.sort_unstable();
                acts.dedup();
                let column_grant = !cols.is_empty() && !object.contains('*');
                if column_grant {
                    acts.retain(|a| matches!(*a, "Select" | "Describe"));
                    if acts.is_empty() {
                        acts.push("Select");
                    }
                }
                let _ = write!(out, "grant {} on table {object}", acts.join(", "));
                if column_grant {
                    let names: Vec<String> = cols.iter().map(|c| format!("c{c}")).collect();
                    let _ = write!(out, " ({})", names.join(", "));
                }
                let _ = write!(out, " to {}", who(*w));
                if let Some(days) = expires {
                    let _ = write!(out, " privilegeproperties(\"expires\"=\"{days}\")");
                }
                out.push_str(";\n");
            }
            Stmt::CreateInstance(w) => {
                let _ = writeln!(out, "grant CreateInstance on project p to {};", who(*w));
            }
            Stmt::RoleTo { role, user: u } => {
                let _ = writeln!(out, "grant r{} to {};", role % roles, user(*u));
            }
        }
    }
}

impl Config {
    fn script(&self) -> String {
        let mut s = String::from("at '2026-03-01T00:00:00Z';\n");
        if self.declare {
            let _ = writeln!(s, "create account {OWNER} uid 1000000000000001;");
            for u in 0..USERS {
                let _ = writeln!(s, "create ram user {};", user(u));
            }
        }
        let _ = writeln!(s, "create project p owner {OWNER};");
        s.push_str("use p;\nadd accountprovider ram;\n");
        for t in 0..TABLES {
            let _ = writeln!(s, "create table t{t} (c0 bigint, c1 string, c2 double);");
        }
        for u in 0..USERS {
            let _ = writeln!(s, "add user {};", user(u));
        }
        for r in 0..self.roles {
            let _ = writeln!(s, "create role r{r};");
        }
        for st in &self.stmts {
            st.render(self.roles, &mut s);
        }
        s
    }

    /// The distinct roles `u` holds at the end of the script.
    fn roles_of(&self, u: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .stmts
            .iter()
            .filter_map(|s| match s {
                Stmt::RoleTo { role, user } if *user == u => Some(role % self.roles),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn who() -> impl Strategy<Value = Who> {
    grantee(USERS, MAX_ROLES)
}

fn table_action() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["Select", "Describe", "Update", "Drop", "All"])
}

fn stmt(expiry: bool) -> impl Strategy<Value = Stmt> {
    let expires = if expiry {
        prop::option::weighted(0.3, 1u32..60).boxed()
    } else {
        Just(None).boxed()
    };
    let acl = (
        prop::collection::vec(table_action(), 1..3),
        0..TABLES,
        prop::option::weighted(
            0.3,
            prop::sample::select(vec!["t*", "t1*", "*2", "*", "x*", "t*3"]),
        ),
        prop_oneof![
            3 => Just(Vec::new()),
            1 => prop::collection::vec(0..COLUMNS, 1..3),
        ],
        who(),
        expires,
    )
        .prop_map(
            |(actions, table, pattern, columns, who, expires)| Stmt::Acl {
                actions,
                table,
                pattern,
                columns,
                who,
                expires,
            },
        );
    prop_oneof![
        5 => acl,
        2 => who().prop_map(Stmt::CreateInstance),
        3 => (0..MAX_ROLES, 0..USERS).prop_map(|(role, user)| Stmt::RoleTo { role, user }),
    ]
}

fn config(expiry: bool) -> impl Strategy<Value = Config> {
    (
        1..=MAX_ROLES,
        any::<bool>(),
        prop::collection::vec(stmt(expiry), 0..14),
    )
        .prop_map(|(roles, declare, stmts)| Config {
            roles,
            declare,
            stmts,
        })
}

// ------------------------------------------------------------------------------ requests

/// A request. `who`: 0..USERS the added users, USERS a user never added, USERS+1 the owner.
/// `table`: TABLES is a table that does not exist. `columns`: COLUMNS is a missing column.
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
        match self.who {
            w if w <= USERS => user(w),
            _ => OWNER.to_string(),
        }
    }

    fn json(&self) -> String {
        let object = (self.action != "CreateInstance").then_some(TableObject {
            table: self.table,
            project: None,
            columns: &self.columns,
        });
        request_json(
            &self.principal(),
            "p",
            self.action,
            object,
            self.time.map(|t| ("time", t)),
        )
    }

    fn request(&self) -> Request {
        parse_request(&self.json())
    }
}

fn req(max_who: usize) -> impl Strategy<Value = Req> {
    (
        0..=max_who,
        prop::sample::select(vec![
            "Select",
            "Describe",
            "Update",
            "Drop",
            "Alter",
            "Download",
            "CreateInstance",
        ]),
        prop_oneof![9 => 0..TABLES, 1 => Just(TABLES)],
        prop_oneof![
            2 => Just(Vec::new()),
            2 => prop::collection::vec(0..COLUMNS, 1..3),
            1 => prop::collection::vec(0..=COLUMNS, 1..3),
        ],
        prop::option::weighted(
            0.5,
            prop::sample::select(vec![
                "2026-03-01T12:00:00Z",
                "2026-03-20T00:00:00Z",
                "2026-05-01T00:00:00Z",
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

fn reqs(max_who: usize) -> impl Strategy<Value = Vec<Req>> {
    prop::collection::vec(req(max_who), 1..24)
}

fn engine(script: &str) -> Engine {
    generated_engine(FILE, script)
}

// ------------------------------------------------------------------------------ an oracle

/// What the documented ACL rules say about `r` in `c` (no expiries; ACL on; the owner created
/// every table): the owner may do anything; a non-member is refused; a member needs a grant of
/// the action (or `All`, which does not cover `Download`) on the table to itself or one of its
/// roles (roles may hold `*` patterns), or for Select/Describe column grants on every
/// requested column (every column when none is named); Select/Update/Drop/Alter on a table
/// also need CreateInstance; Download needs what Select needs, without CreateInstance.
fn oracle(c: &Config, r: &Req) -> bool {
    if r.who == USERS + 1 {
        return r.action == "CreateInstance"
            || (r.table < TABLES && r.columns.iter().all(|&x| x < COLUMNS));
    }
    if r.who == USERS {
        return false;
    }
    let u = r.who;
    let roles = c.roles_of(u);
    let holds = |w: &Who| match *w {
        Who::User(x) => x == u,
        Who::Role(x) => roles.contains(&(x % c.roles)),
    };
    let create_instance = c
        .stmts
        .iter()
        .any(|s| matches!(s, Stmt::CreateInstance(w) if holds(w)));
    if r.action == "CreateInstance" {
        return create_instance;
    }
    if r.table >= TABLES || r.columns.iter().any(|&x| x >= COLUMNS) {
        return false;
    }
    let name = format!("t{}", r.table);
    let acl_action = if r.action == "Download" {
        "Select"
    } else {
        r.action
    };
    // (table-level grant?, columns granted) from a grant statement, as rendered.
    let mut table_level = false;
    let mut granted_columns = [false; COLUMNS];
    for s in &c.stmts {
        let Stmt::Acl {
            actions,
            table,
            pattern,
            columns,
            who: w,
            ..
        } = s
        else {
            continue;
        };
        if !holds(w) {
            continue;
        }
        let (object_matches, is_pattern) = match (pattern, w) {
            (Some(p), Who::Role(_)) => (glob(p, &name), true),
            _ => (*table == r.table, false),
        };
        if !object_matches {
            continue;
        }
        let column_grant = !columns.is_empty() && !is_pattern;
        let mut acts: Vec<&str> = actions.clone();
        if column_grant {
            acts.retain(|a| matches!(*a, "Select" | "Describe"));
            if acts.is_empty() {
                acts.push("Select");
            }
        }
        let covers = acts.iter().any(|a| *a == acl_action || *a == "All");
        if !covers {
            continue;
        }
        if column_grant {
            for &col in columns {
                granted_columns[col] = true;
            }
        } else {
            table_level = true;
        }
    }
    let wanted: Vec<usize> = if r.columns.is_empty() {
        (0..COLUMNS).collect()
    } else {
        r.columns.clone()
    };
    let column_ok = matches!(acl_action, "Select" | "Describe")
        && wanted.iter().all(|&col| granted_columns[col]);
    let object_ok = table_level || column_ok;
    let needs_ci = matches!(r.action, "Select" | "Update" | "Drop" | "Alter");
    object_ok && (!needs_ci || create_instance)
}

fn glob(pattern: &str, name: &str) -> bool {
    fn go(p: &[u8], n: &[u8]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some((b'*', rest)) => (0..=n.len()).any(|i| go(rest, &n[i..])),
            Some((c, rest)) => n.first() == Some(c) && go(rest, &n[1..]),
        }
    }
    go(pattern.as_bytes(), name.as_bytes())
}

// ---------------------------------------------------------------------------- properties

fn check_all(e: &Engine, rs: &[Req]) -> Vec<Decision> {
    rs.iter().map(|r| e.check(&r.request())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The engine agrees with the documented ACL rules on every generated request.
    #[test]
    fn acl_decisions_match_the_documented_rules(c in config(false), rs in reqs(USERS + 1)) {
        let script = c.script();
        let e = engine(&script);
        for r in &rs {
            let d = e.check(&r.request());
            // The compiled fast path of `is_allowed` answers most of these.
            prop_assert_eq!(e.is_allowed(&r.request()), d.is_allowed(), "{}", r.json());
            prop_assert_eq!(
                d.is_allowed(),
                oracle(&c, r),
                "request {}\ndecision {:?}\nscript:\n{}",
                r.json(),
                d,
                script
            );
            if !d.is_allowed() && r.who < USERS {
                prop_assert_eq!(d.stage, Stage::Permission, "{}", r.json());
            }
        }
    }

    /// ACL only: one more grant at the end never turns an allow into a deny.
    #[test]
    fn one_more_grant_never_takes_access_away(
        c in config(false),
        extra in stmt(false),
        rs in reqs(USERS + 1),
    ) {
        let before = engine(&c.script());
        let mut more = c.clone();
        more.stmts.push(extra);
        let script = more.script();
        let after = engine(&script);
        for r in &rs {
            let req = r.request();
            let (b, a) = (before.check(&req), after.check(&req));
            prop_assert!(
                !b.is_allowed() || a.is_allowed(),
                "request {}\nbefore {:?}\nafter {:?}\nscript:\n{}",
                r.json(),
                b,
                a,
                script
            );
        }
    }

    /// Removing a user (after revoking its roles) makes every one of its requests deny at
    /// `membership`, and leaves the other users' decisions alone.
    #[test]
    fn removed_users_are_refused_at_membership(
        c in config(true),
        victim in 0..USERS,
        rs in reqs(USERS + 1),
    ) {
        let before = engine(&c.script());
        let mut script = c.script();
        for role in c.roles_of(victim) {
            let _ = writeln!(script, "revoke r{role} from {};", user(victim));
        }
        let _ = writeln!(script, "remove user {};", user(victim));
        let after = engine(&script);
        for r in &rs {
            let req = r.request();
            let d = after.check(&req);
            if r.who == victim {
                prop_assert!(!d.is_allowed(), "{}", r.json());
                prop_assert_eq!(d.stage, Stage::Membership, "{}: {:?}", r.json(), d);
                prop_assert_eq!(d.code.as_deref(), Some("0420095"));
                // The reason names the `remove user` statement.
                let last_line = script.lines().count();
                let want = format!("{FILE}:{last_line}:1");
                prop_assert!(
                    d.reasons.iter().any(|x| x.source.as_deref() == Some(want.as_str())),
                    "{:?} should name {}", d.reasons, want
                );
            } else {
                prop_assert_eq!(&d, &before.check(&req), "{}", r.json());
            }
        }
    }

    /// export -> snapshot -> Engine gives the same decisions, and the snapshot round-trips to
    /// an equal model (and re-exports to the same text).
    #[test]
    fn snapshots_round_trip(c in config(true), rs in reqs(USERS + 1)) {
        let model = Model::from_script_str(FILE, &c.script()).unwrap();
        let json = model.to_snapshot_json();
        let back = Model::from_snapshot_str("snap.json", &json).unwrap();
        prop_assert_eq!(&back, &model);
        prop_assert_eq!(back.to_snapshot_json(), json);
        let (e1, e2) = (Engine::new(model).unwrap(), Engine::new(back).unwrap());
        prop_assert_eq!(check_all(&e1, &rs), check_all(&e2, &rs));
    }
}

// ------------------------------------------------------------- arbitrary requests, no panics

fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,12}",
        "[a-zA-Z0-9$@.:_/*-]{0,20}",
        Just(String::new()),
        Just("\u{0}".to_string()),
        Just("é€😀".to_string()),
    ]
}

fn one_of(plausible: &'static [&'static str]) -> BoxedStrategy<serde_json::Value> {
    let plausible: Vec<&'static str> = plausible.to_vec();
    prop_oneof![
        40 => prop::sample::select(plausible).prop_map(serde_json::Value::from),
        2 => any_string().prop_map(serde_json::Value::from),
        1 => any::<i64>().prop_map(serde_json::Value::from),
        1 => Just(serde_json::Value::Null),
    ]
    .boxed()
}

const PRINCIPALS: &[&str] = &[
    "ALIYUN$owner@example.com",
    "RAM$owner@example.com:u0",
    "RAM$owner@example.com:u3",
    "RAM$owner@example.com:u9",
    "RAM$owner@example.com:bob",
    "RAM$owner@example.com:erin",
    "RAM$u1",
    "RAM$bob",
    "ALIYUN$1000000000000001",
    "RAM$1000000000000001:bob",
    "ALIYUN$",
    "RAM$owner@example.com:",
    "RAM$:x",
    "ALIYUN$owner@example.com:x",
    "`RAM$owner@example.com:role/etl`",
    "RAM$owner@example.com:role/etl",
    "bob",
    "$",
];
const PROJECTS: &[&str] = &["p", "P", "sales", "archive", "nope", ""];
const ACTIONS: &[&str] = &[
    "Select",
    "select",
    "Describe",
    "Update",
    "Drop",
    "Alter",
    "Download",
    "ShowHistory",
    "All",
    "CreateInstance",
    "CreateTable",
    "List",
    "Read",
    "Write",
    "Execute",
    "Delete",
    "GrantPrivs",
    "SetSecurityConfiguration",
    "SetSecurityConfig",
    "AddUser",
    "ClearExpiredGrants",
];
const TYPES: &[&str] = &[
    "project", "table", "TABLE", "model", "function", "resource", "instance", "package",
];
const NAMES: &[&str] = &[
    "t0",
    "t3",
    "t9",
    "orders",
    "v_orders",
    "customers",
    "carol_scratch",
    "mask_phone",
    "udf.jar",
    "p",
    "sales",
    "*",
    "",
];
const IPS: &[&str] = &[
    "10.1.2.3",
    "8.8.8.8",
    "192.168.1.15",
    "::1",
    "fe80::1",
    "0.0.0.0",
    "255.255.255.255",
    "300.1.1.1",
];
const VPCS: &[&str] = &["cn-hangzhou_vpc-sales", "cn-hangzhou_vpc-x", ""];
const TIMES: &[&str] = &[
    "2026-03-01T10:05:00Z",
    "2026-03-15T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "-009999-01-02T01:59:59Z",
    "2026-03-01T10:05:00+08:00",
    "yesterday",
];

fn columns() -> BoxedStrategy<serde_json::Value> {
    prop_oneof![
        8 => prop::collection::vec(one_of(&["c0", "c1", "c2", "id", "phone", "city", "ds"]), 0..4)
            .prop_map(serde_json::Value::from),
        1 => Just(serde_json::Value::Null),
        1 => any_string().prop_map(serde_json::Value::from),
    ]
    .boxed()
}

fn object() -> BoxedStrategy<serde_json::Value> {
    (
        prop_oneof![3 => Just(serde_json::Value::from("table")), 2 => one_of(TYPES)],
        one_of(NAMES),
        prop::option::weighted(0.2, one_of(PROJECTS)),
        prop::option::weighted(0.4, columns()),
    )
        .prop_map(|(t, n, p, c)| {
            let mut m = serde_json::Map::new();
            m.insert("type".into(), t);
            m.insert("name".into(), n);
            if let Some(p) = p {
                m.insert("project".into(), p);
            }
            if let Some(c) = c {
                m.insert("columns".into(), c);
            }
            serde_json::Value::Object(m)
        })
        .boxed()
}

/// A request that mostly reaches the later stages: a known principal in a known project, an
/// action that fits its object. `fixture`: names of the quickstart fixture, else of the
/// generated configurations.
fn coherent_request(fixture: bool) -> impl Strategy<Value = serde_json::Value> {
    let (principals, projects, tables, columns) = if fixture {
        (
            vec![
                "ALIYUN$owner@example.com",
                "RAM$owner@example.com:bob",
                "RAM$owner@example.com:carol",
                "RAM$owner@example.com:dave",
                "RAM$owner@example.com:erin",
            ],
            vec!["sales", "sales", "sales", "archive"],
            vec!["orders", "customers", "v_orders", "carol_scratch", "t0"],
            vec!["id", "amount", "phone", "city", "ds", "name", "k"],
        )
    } else {
        (
            vec![
                "ALIYUN$owner@example.com",
                "RAM$owner@example.com:u0",
                "RAM$owner@example.com:u1",
                "RAM$owner@example.com:u2",
                "RAM$owner@example.com:u4",
                "RAM$owner@example.com:u9",
            ],
            vec!["p", "p", "p", "archive"],
            vec!["t0", "t1", "t2", "t3", "t9"],
            vec!["c0", "c1", "c2", "c9"],
        )
    };
    let principal = prop::sample::select(principals);
    let project = prop::sample::select(projects.clone());
    let table_action = prop::sample::select(vec![
        "Select",
        "Describe",
        "Update",
        "Drop",
        "Alter",
        "Download",
        "ShowHistory",
    ]);
    let project_action = prop::sample::select(vec![
        "CreateInstance",
        "CreateTable",
        "List",
        "Read",
        "GrantPrivs",
        "SetSecurityConfiguration",
    ]);
    let table = prop::sample::select(tables);
    let cols = prop::collection::vec(prop::sample::select(columns), 0..3);
    let object = prop_oneof![
        3 => (table_action, table, cols, prop::option::weighted(0.1, prop::sample::select(projects)))
            .prop_map(|(a, t, c, op)| {
                let mut o = serde_json::json!({"type": "table", "name": t, "columns": c});
                if let Some(op) = op {
                    o["project"] = serde_json::Value::from(op);
                }
                (a, Some(o))
            }),
        1 => project_action.prop_map(|a| (a, None)),
        1 => Just(("Execute", Some(serde_json::json!({"type": "function", "name": "mask_phone"})))),
    ];
    (
        principal,
        project,
        object,
        prop::option::weighted(0.8, prop::sample::select(IPS[..4].to_vec())),
        prop::option::weighted(0.2, prop::sample::select(VPCS.to_vec())),
        prop::option::weighted(0.4, prop::sample::select(TIMES[..5].to_vec())),
    )
        .prop_map(|(pr, pj, (action, object), ip, vpc, time)| {
            let mut v = serde_json::json!({"principal": pr, "project": pj, "action": action});
            if let Some(o) = object {
                v["object"] = o;
            }
            if let Some(ip) = ip {
                v["source_ip"] = serde_json::Value::from(ip);
            }
            if let Some(vpc) = vpc {
                v["vpc"] = serde_json::Value::from(vpc);
            }
            if let Some(t) = time {
                v["time"] = serde_json::Value::from(t);
            }
            v
        })
}

fn random_request(fixture: bool) -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![3 => coherent_request(fixture).boxed(), 1 => chaotic_request().boxed()]
}

/// Plausible and random values in every field, present or not.
fn chaotic_request() -> impl Strategy<Value = serde_json::Value> {
    let fields = (
        prop::option::weighted(0.95, one_of(PRINCIPALS)),
        prop::option::weighted(0.05, one_of(&["AK_BOB_1"])),
        prop::option::weighted(0.95, one_of(PROJECTS)),
        prop::option::weighted(0.95, one_of(ACTIONS)),
        prop::option::weighted(0.7, object()),
        prop::option::weighted(0.6, one_of(IPS)),
        prop::option::weighted(0.3, one_of(VPCS)),
        prop::option::weighted(0.4, one_of(TIMES)),
        prop::option::weighted(0.2, one_of(&["SQL", "DT", "MapReduce"])),
    );
    fields.prop_map(|(pr, ak, pj, ac, ob, ip, vpc, time, task)| {
        let mut m = serde_json::Map::new();
        let mut put = |k: &str, v: Option<serde_json::Value>| {
            if let Some(v) = v {
                m.insert(k.to_string(), v);
            }
        };
        put("principal", pr);
        put("access_key_id", ak);
        put("project", pj);
        put("action", ac);
        put("object", ob);
        put("source_ip", ip);
        put("vpc", vpc);
        put("time", time);
        put("task_type", task);
        serde_json::Value::Object(m)
    })
}

/// The generated configuration, plus whitelists, a frozen second project, download control and
/// a policy Deny, so that every stage has something to refuse.
fn rich_script(c: &Config, extras: &[bool]) -> String {
    let mut s = c.script();
    let on = |i: usize| extras.get(i).copied().unwrap_or(false);
    if on(0) {
        s.push_str("setproject odps.security.ip.whitelist=10.0.0.0/8,::1;\n");
    }
    if on(1) {
        s.push_str("setproject odps.security.vpc.whitelist=cn-hangzhou_vpc-sales;\n");
    }
    if on(2) {
        s.push_str("setproject odps.security.enabledownloadprivilege=true;\n");
        s.push_str("grant Download on table t0 to user RAM$owner@example.com:u0;\n");
    }
    if on(3) {
        s.push_str("set CheckPermissionUsingACL=false;\n");
    }
    if on(4) {
        s.push_str("set ObjectCreatorHasAccessPermission=false;\n");
    }
    if on(6) {
        for r in 0..c.roles {
            let _ = writeln!(
                s,
                "grant Select, Drop on table t0 to role r{r} \
                 privilegeproperties(\"policy\"=\"true\", \"allow\"=\"false\");"
            );
        }
    }
    if on(7) {
        // Later: grants expiring within two months have expired.
        s.push_str("at '2026-05-01T00:00:00Z';\n");
    }
    // Last: a read-only project takes no more statements.
    if on(5) {
        s.push_str("alter project p status readonly;\n");
    }
    let _ = writeln!(s, "create project archive owner {OWNER};");
    s.push_str("use archive;\nalter project archive status frozen;\n");
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `Engine::is_allowed` (the compiled fast path, where it applies) says what
    /// `Engine::check` says, with expiring grants, policies and every stage's refusals about.
    #[test]
    fn is_allowed_agrees_with_check(
        c in config(true),
        extras in prop::collection::vec(prop::bool::weighted(0.3), 8),
        rs in reqs(USERS + 1),
    ) {
        // Column grants and expiring grants send a table to the pipeline: keep a third.
        let mut c = c;
        for (i, st) in c.stmts.iter_mut().enumerate() {
            if let Stmt::Acl { columns, expires, .. } = st {
                if i % 3 != 0 {
                    columns.clear();
                    *expires = None;
                }
            }
        }
        let script = rich_script(&c, &extras);
        let e = engine(&script);
        for (i, r) in rs.iter().enumerate() {
            // Mostly plain requests (no time, no columns): those the fast path answers.
            let plain = Req { time: None, columns: Vec::new(), ..r.clone() };
            let r = if i % 4 == 0 { r } else { &plain };
            let req = r.request();
            prop_assert_eq!(
                e.is_allowed(&req),
                e.check(&req).is_allowed(),
                "request {}\nscript:\n{}",
                r.json(),
                script
            );
        }
    }

    /// `Engine::check` and `Engine::explain` never panic, and every decision is well formed.
    #[test]
    fn check_never_panics(
        c in config(true),
        extras in prop::collection::vec(prop::bool::weighted(0.25), 8),
        generated in prop::collection::vec(random_request(false), 1..16),
        quickstart in prop::collection::vec(random_request(true), 1..16),
    ) {
        let script = rich_script(&c, &extras);
        let model = Model::from_script_str(FILE, &script).unwrap_or_else(|e| panic!("{e}\n{script}"));
        let fixture = Model::from_scripts(&[FIXTURE]).unwrap();
        for (e, values) in [
            (Engine::new(model).unwrap(), &generated),
            (Engine::new(fixture).unwrap(), &quickstart),
        ] {
            for v in values {
                let Ok(req) = Request::from_json(&v.to_string()) else { continue };
                let d = e.check(&req);
                prop_assert_eq!(e.is_allowed(&req), d.is_allowed(), "{:?}", d);
                let outcomes: Vec<StageOutcome> = d.stages.iter().map(|s| s.result).collect();
                let at = Stage::ALL.iter().position(|s| *s == d.stage).unwrap();
                for (i, st) in d.stages.iter().enumerate() {
                    prop_assert_eq!(st.stage, Stage::ALL[i]);
                    let want = match i.cmp(&at) {
                        std::cmp::Ordering::Less => StageOutcome::Pass,
                        std::cmp::Ordering::Equal if d.is_allowed() => StageOutcome::Pass,
                        std::cmp::Ordering::Equal => StageOutcome::Fail,
                        std::cmp::Ordering::Greater => StageOutcome::NotReached,
                    };
                    prop_assert_eq!(st.result, want, "{:?}", outcomes);
                }
                prop_assert_eq!(d.stages.len(), 5);
                prop_assert_eq!(d.is_allowed(), d.code.is_none(), "{:?}", d);
                prop_assert_eq!(d.deny_kind.is_some(), !d.is_allowed() && d.stage == Stage::Permission, "{:?}", d);
                let ex = e.explain(&req);
                prop_assert_eq!(&ex.decision, &d);
                let _ = ex.to_string();
                let _ = serde_json::to_string(&d).unwrap();
            }
        }
    }
}

// ----------------------------------------------------------------- mutated scripts, no panics

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
    Replace(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    let ch = prop_oneof![
        3 => prop::sample::select(vec![
            ';', '\'', '"', '`', '-', '(', ')', ',', '*', '$', '@', ':', '=', '/', '.', ' ',
            '\n', '\r', '\t', 'é', '€', '😀', '\u{0}', '0', '9', 'a', 'Z', '_', '?',
        ]),
        1 => any::<char>(),
    ];
    prop_oneof![
        (any::<usize>(), ch.clone()).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), ch).prop_map(|(i, c)| Edit::Replace(i, c)),
    ]
}

fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let n = chars.len();
        match *e {
            Edit::Insert(i, c) => chars.insert(i % (n + 1), c),
            Edit::Delete(i) if n > 0 => {
                chars.remove(i % n);
            }
            Edit::Replace(i, c) if n > 0 => chars[i % n] = c,
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn check_parse(text: &str) -> Result<(), TestCaseError> {
    let parsed = mcauth::script::parse(FILE, text);
    let loaded = Model::from_script_str(FILE, text);
    for err in [parsed.err(), loaded.as_ref().err().cloned()]
        .into_iter()
        .flatten()
    {
        let msg = err.to_string();
        prop_assert!(msg.starts_with(&format!("{FILE}:")), "{msg}");
        if let Some(at) = err.source_position() {
            let lines = text.split('\n').count() as u32;
            prop_assert!(at.line >= 1 && at.line <= lines, "{msg} ({lines} lines)");
            let line = text.split('\n').nth(at.line as usize - 1).unwrap_or("");
            let width = line.chars().count() as u32;
            prop_assert!(
                at.column >= 1 && at.column <= width + 1,
                "{msg}: column past the end of line {:?}",
                line
            );
        }
    }
    if let Ok(m) = loaded {
        let _ = Engine::new(m).unwrap();
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Parsing and loading never panic on a mutated fixture, and errors point inside the text.
    #[test]
    fn mutated_fixture_never_panics(edits in prop::collection::vec(edit(), 1..4)) {
        let text = std::fs::read_to_string(FIXTURE).unwrap();
        check_parse(&mutate(&text, &edits))?;
    }

    /// The same for mutated generated scripts.
    #[test]
    fn mutated_generated_scripts_never_panic(
        c in config(true),
        extras in prop::collection::vec(prop::bool::weighted(0.25), 8),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        check_parse(&mutate(&rich_script(&c, &extras), &edits))?;
    }
}
