//! `diff`, `who-can` and `what-can` against brute force (issue 8): random small configurations
//! (two projects, RAM users, roles, ACL grants with patterns, columns, expiries and conditions,
//! GRANT-form policy entries, IP and VPC whitelists (full and bare VPC IDs, with and without
//! address lists), LabelSecurity, cross-project grants) and random changes; every random request, inside the space the analysis enumerates or not, is decided
//! by both engines directly and must agree with the report.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use mcauth::analysis::{allowed, diff, Access, Ask, Dependence, DiffEntry, Filter, OTHER_INSTANCE};
use mcauth::{Engine, Model, Request};
use proptest::prelude::*;

const OWNER: &str = "ALIYUN$o@example.com";

fn user(i: usize) -> String {
    format!("RAM$o@example.com:u{i}")
}

/// The fixed start of every configuration.
fn base() -> String {
    let mut s = String::from("at '2026-03-01T00:00:00Z';\ncreate account ALIYUN$o@example.com;\n");
    for u in 0..4 {
        s.push_str(&format!("create ram user {};\n", user(u)));
    }
    s.push_str(&format!(
        "create project p owner {OWNER};\ncreate project q owner {OWNER};\n\
         use q;\nadd accountprovider ram;\ncreate table s (c0 bigint);\nadd user {};\n\
         use p;\nadd accountprovider ram;\n\
         create table t0 (c0 bigint, c1 string);\ncreate table t1 (c0 bigint);\n\
         create role r0;\ncreate role r1;\n",
        user(1)
    ));
    for u in 0..3 {
        s.push_str(&format!("add user {};\n", user(u)));
    }
    s
}

/// One random statement, in project `p` unless it says otherwise; some may not load (a
/// duplicate `add user`), and such configurations are skipped.
fn stmt() -> impl Strategy<Value = String> {
    let u = 0..4usize;
    let r = 0..2usize;
    let act = prop::sample::select(vec![
        "Select", "Describe", "Drop", "Update", "All", "Download",
    ]);
    let props = prop::sample::select(vec![
        "",
        " privilegeproperties(\"expires\"=\"10\")",
        " privilegeproperties(\"conditions\"=\"acs:SourceIp in ('10.0.0.0/8')\")",
        " privilegeproperties(\"conditions\"=\"acs:CurrentTime < '2026-03-05T00:00:00Z'\")",
        " privilegeproperties(\"conditions\"=\"'odps:TaskType'='SQL'\")",
    ]);
    prop_oneof![
        (act.clone(), 0..2usize, u.clone(), props.clone()).prop_map(|(a, t, u, p)| format!(
            "use p; grant {a} on table t{t} to user {}{p};",
            user(u)
        )),
        (act.clone(), prop::sample::select(vec!["t0", "t*", "*", "x*"]), r.clone(), props)
            .prop_map(|(a, t, r, p)| format!("use p; grant {a} on table {t} to role r{r}{p};")),
        (0..2usize, u.clone()).prop_map(|(c, u)| format!(
            "use p; grant Select on table t0 (c{c}) to user {};",
            user(u)
        )),
        (u.clone()).prop_map(|u| format!(
            "use p; grant CreateInstance on project p to user {};",
            user(u)
        )),
        (r.clone()).prop_map(|r| format!("use p; grant CreateInstance, List on project p to role r{r};")),
        (r.clone(), u.clone()).prop_map(|(r, u)| format!("use p; grant r{r} to {};", user(u))),
        Just(format!("use p; add user {};", user(3))),
        Just("use p; setproject odps.security.ip.whitelist=10.0.0.0/8,192.168.1.5;".to_string()),
        prop::sample::select(vec![
            "cn-hangzhou_vpc-a",
            "vpc-a",
            "cn-hangzhou_vpc-a[10.0.0.0/8]",
            "vpc-b[192.168.1.5],cn-beijing_vpc-a",
            "vpc-a[10.1.0.0/16],cn-hangzhou_vpc-b",
        ])
        .prop_map(|w| format!("use p; setproject odps.security.vpc.whitelist={w};")),
        Just("use q; setproject odps.security.vpc.whitelist=vpc-b;".to_string()),
        (act.clone(), r.clone()).prop_map(|(a, r)| format!(
            "use p; grant {a} on table t* to role r{r} privilegeproperties(\"policy\"=\"true\", \"allow\"=\"false\");"
        )),
        (r.clone()).prop_map(|r| format!(
            "use p; grant Select on table t1 to role r{r} privilegeproperties(\"policy\"=\"true\", \"allow\"=\"true\", \"conditions\"=\"acs:SourceIp in ('192.168.0.0/16')\");"
        )),
        Just("use p; set LabelSecurity=true;".to_string()),
        Just("use p; set label 2 to table t0(c1);".to_string()),
        (u.clone()).prop_map(|u| format!("use p; set label 2 to user {};", user(u))),
        (u.clone()).prop_map(|u| format!("use q; grant Select on table s to user {};", user(u))),
        (u.clone()).prop_map(|u| format!("use q; grant CreateInstance on project q to user {};", user(u))),
        Just(format!("use q; add user {};", user(2))),
    ]
}

fn engine(text: &str) -> Option<Engine> {
    Model::from_script_str("gen.mcauth", text)
        .ok()
        .and_then(|m| Engine::new(m).ok())
}

/// A random request: any principal (members, non-members, the owner), either project, objects
/// that exist or not, columns that exist or not, and context values inside and outside what
/// the configurations mention.
fn request() -> impl Strategy<Value = Option<Request>> {
    let principal = prop::sample::select(vec![
        OWNER.to_string(),
        user(0),
        user(1),
        user(2),
        user(3),
        "RAM$o@example.com:ghost".to_string(),
    ]);
    let object = prop::sample::select(vec![
        ("project", "", ""),
        ("table", "t0", "p"),
        ("table", "t1", "p"),
        ("table", "t9", "p"),
        ("table", "s", "q"),
        ("instance", "i1", "p"),
    ]);
    let column = prop::sample::select(vec![None, Some("c0"), Some("c1"), Some("c9")]);
    let action = prop::sample::select(vec![
        "Select",
        "Describe",
        "Drop",
        "Update",
        "Download",
        "CreateInstance",
        "List",
        "Read",
        "CreateTable",
    ]);
    let ip = prop_oneof![
        Just(None),
        prop::sample::select(vec![
            "10.1.2.3",
            "192.168.1.5",
            "192.168.7.7",
            "8.8.8.8",
            "::1"
        ])
        .prop_map(|s| Some(s.to_string())),
        any::<u32>().prop_map(|n| Some(std::net::Ipv4Addr::from(n).to_string())),
    ];
    let time = prop::sample::select(vec![
        None,
        Some("2026-03-04T00:00:00Z"),
        Some("2026-03-05T00:00:00Z"),
        Some("2026-03-11T00:00:00Z"),
        Some("2026-03-11T00:00:00.5Z"),
        Some("2027-01-01T00:00:00Z"),
    ]);
    let task = prop::sample::select(vec![None, Some("SQL"), Some("sql"), Some("DT")]);
    // Whitelisted VPCs named in full, through a bare entry (with another region, or bare
    // itself), in another case, and VPCs no entry admits.
    let vpc = prop::sample::select(vec![
        None,
        Some("cn-hangzhou_vpc-a"),
        Some("cn-shanghai_vpc-a"),
        Some("vpc-a"),
        Some("CN-Hangzhou_VPC-A"),
        Some("cn-beijing_vpc-b"),
        Some("vpc-b"),
        Some("cn-hangzhou_vpc-z"),
    ]);
    let project = prop::sample::select(vec!["p", "q"]);
    (principal, project, object, column, action, ip, time, task, vpc).prop_map(
        |(principal, project, (ty, name, home), column, action, ip, time, task, vpc)| {
            let mut j =
                serde_json::json!({"principal": principal, "project": project, "action": action});
            if ty != "project" {
                let mut o = serde_json::json!({"type": ty, "name": name, "project": home});
                if let Some(c) = column {
                    o["columns"] = serde_json::json!([c]);
                }
                j["object"] = o;
            }
            if let Some(ip) = ip {
                j["source_ip"] = serde_json::json!(ip);
            }
            if let Some(t) = time {
                j["time"] = serde_json::json!(t);
            }
            if let Some(t) = task {
                j["task_type"] = serde_json::json!(t);
            }
            if let Some(v) = vpc {
                j["vpc"] = serde_json::json!(v);
            }
            Request::from_value(j).ok()
        },
    )
}

/// The name the analysis asks about for `o`: generated configurations never name an instance,
/// so every instance name is stood in for by the one no grant or policy mentions.
fn stand_in(o: &mcauth::request::ObjectRef) -> &str {
    match o.object_type {
        mcauth::ObjectType::Instance => OTHER_INSTANCE,
        _ => &o.name,
    }
}

/// Whether `ask` is the shape of `r` (its principal, project, action, object and column).
fn same_shape(ask: &Ask, r: &Request, column: Option<&str>) -> bool {
    let o = r.object();
    let principal = match r.identity() {
        mcauth::request::Identity::Principal(p) => p.to_ascii_lowercase(),
        _ => return false,
    };
    ask.principal_key == principal
        && ask.project == r.project()
        && ask.action == r.action()
        && ask.object.object_type == o.object_type
        && ask.object.project == o.project
        && ask.object.name == stand_in(o)
        && ask.object.column.as_deref() == column
}

/// What `diff` and `allowed` report alike: a point, the columns folded into it, and the
/// contexts where it holds.
trait Reported {
    fn ask(&self) -> &Ask;
    fn columns(&self) -> &[String];
    fn context(&self) -> &Dependence;
}

impl Reported for DiffEntry {
    fn ask(&self) -> &Ask {
        &self.ask
    }
    fn columns(&self) -> &[String] {
        &self.columns
    }
    fn context(&self) -> &Dependence {
        &self.context
    }
}

impl Reported for Access {
    fn ask(&self) -> &Ask {
        &self.ask
    }
    fn columns(&self) -> &[String] {
        &self.columns
    }
    fn context(&self) -> &Dependence {
        &self.context
    }
}

/// Whether an entry of `entries` speaks for `r` in its context: an entry of its column, or of
/// the whole table listing the column; for a whole-object request, a whole-object entry.
fn covers<T: Reported>(entries: &[T], r: &Request) -> bool {
    let column = r.object().columns.first().map(String::as_str);
    entries.iter().any(|e| {
        let speaks = same_shape(e.ask(), r, column)
            || column.is_some_and(|c| {
                same_shape(e.ask(), r, None) && e.columns().iter().any(|x| x == c)
            });
        speaks && e.context().covers(r)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Every request whose decision a change flips is reported, gained or lost, in a context
    /// that covers the request; every request the report covers flips.
    #[test]
    fn diff_agrees_with_brute_force(
        before in prop::collection::vec(stmt(), 0..8),
        change in prop::collection::vec(stmt(), 1..4),
        requests in prop::collection::vec(request(), 64),
    ) {
        let before_text = format!("{}{}\n", base(), before.join("\n"));
        let after_text = format!("{before_text}{}\n", change.join("\n"));
        let (Some(b), Some(a)) = (engine(&before_text), engine(&after_text)) else {
            return Err(TestCaseError::reject("a generated statement does not load"));
        };
        let d = diff(&b, &a, &Filter::default());
        for r in requests.iter().flatten() {
            let (was, is) = (b.check(r).is_allowed(), a.check(r).is_allowed());
            prop_assert_eq!(covers(&d.gained, r), !was && is, "gained: {:?}\n{}", r, after_text);
            prop_assert_eq!(covers(&d.lost, r), was && !is, "lost: {:?}\n{}", r, after_text);
        }
        // Each reported entry's own decisions do differ as reported.
        for e in &d.gained {
            prop_assert!(!e.before.decision.eq(&mcauth::Effect::Allow));
            prop_assert!(e.after.decision.eq(&mcauth::Effect::Allow));
        }
    }

    /// A configuration compared with itself gains and loses nothing.
    #[test]
    fn identical_configurations_differ_in_nothing(stmts in prop::collection::vec(stmt(), 0..10)) {
        let text = format!("{}{}\n", base(), stmts.join("\n"));
        let Some(e) = engine(&text) else {
            return Err(TestCaseError::reject("a generated statement does not load"));
        };
        let d = diff(&e, &e.clone(), &Filter::default());
        prop_assert!(d.is_empty(), "{:?}", d);
    }

    /// `who-can` / `what-can` (`allowed`) list exactly the requests `check` allows.
    #[test]
    fn allowed_agrees_with_brute_force(
        stmts in prop::collection::vec(stmt(), 0..10),
        requests in prop::collection::vec(request(), 64),
    ) {
        let text = format!("{}{}\n", base(), stmts.join("\n"));
        let Some(e) = engine(&text) else {
            return Err(TestCaseError::reject("a generated statement does not load"));
        };
        let found = allowed(&e, &Filter::default());
        for r in requests.iter().flatten() {
            prop_assert_eq!(covers(&found, r), e.check(r).is_allowed(), "{:?}\n{}", r, text);
        }
    }
}
