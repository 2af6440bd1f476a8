//! The worked examples of `spec/principals-labels-packages.md` §10 about LabelSecurity (§3),
//! packages (§4) and ProjectProtection with trusted projects (§5): the label and package lines
//! of E5 (admin limits), E6 (column labels), E7 (column labels override the table label), E8
//! (user access levels, label grants, revoke), E9 (expiry: `with exp`, the 180-day default,
//! `clear expired grants`), E10 (package end to end), E11 (the `using label` cap), E12 (package
//! privileges are bound to the object), E13 (trusted projects), E14 (the exception policy and
//! trusted projects together), E15 (package sharing beats protection); and the loader's
//! errors for label, package and trusted-project statements.
//!
//! Not expressed: the `show label grants`, `describe package`, `list trustedprojects` and
//! `show SecurityConfiguration` outputs (query statements of later issues), and E9's SHOW
//! layout. Decisions taken where the spec says "Recommended" or "UNDOCUMENTED" are named in
//! the case names (`§3.3 Recommended`, `§4.2 (d)`, ...).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;
use mcauth::{Effect, Engine, Model, ReasonKind, Request, Stage};
use serde_json::{json, Value};

/// A request at `time`.
fn at(request: Value, time: &str) -> Value {
    with(request, json!({ "time": time }))
}

/// A table request naming `columns`, run in `project`, on a table of `object_project`.
fn read_cols(
    principal: &str,
    project: &str,
    action: &str,
    object_project: &str,
    table: &str,
    columns: &[&str],
) -> Value {
    json!({
        "principal": principal, "project": project, "action": action,
        "object": {"type": "table", "name": table, "project": object_project, "columns": columns}
    })
}

/// `Select` of `columns` of `project.table`, run in `project`.
fn select(principal: &str, project: &str, table: &str, columns: &[&str]) -> Value {
    read_cols(principal, project, "Select", project, table, columns)
}

/// The label denial message the engine gives (§3.3 No-ReadUp): it names the column and both
/// levels.
fn label_deny(name: &'static str, request: Value, detail: &'static str) -> Case {
    deny_permission(name, request, "label").detail(detail)
}

/// Check one request and require every fragment in its message or reasons, and every reason
/// kind in `kinds` among its reasons.
fn assert_details(
    name: &str,
    engine: &Engine,
    request: &Value,
    decision: Effect,
    fragments: &[&str],
    kinds: &[ReasonKind],
) {
    let d = engine.check(&Request::from_json(&request.to_string()).unwrap());
    let text = format!(
        "{} | {}",
        d.message,
        d.reasons
            .iter()
            .map(|r| format!("{} ({})", r.text, r.source.as_deref().unwrap_or("-")))
            .collect::<Vec<_>>()
            .join("; ")
    );
    assert_eq!(d.decision, decision, "{name}: {text}");
    for f in fragments {
        assert!(text.contains(f), "{name}: expected `{f}` in: {text}");
    }
    for k in kinds {
        assert!(
            d.reasons.iter().any(|r| r.kind == *k),
            "{name}: expected a reason of kind {k:?} in: {text}"
        );
    }
}

// ------------------------------------------------------------------------------------- E5

const E5: &str = "\
at '2026-03-01T00:00:00Z';
create project P owner ALIYUN$bob@aliyun.com;
create project other owner ALIYUN$olga@aliyun.com;
use other;
create table shared (id bigint);
create package pkg;
add table shared to package pkg;
allow project P to install package pkg;
use P;
add accountprovider ram;
add user RAM$bob@aliyun.com:allen;
add user RAM$bob@aliyun.com:carol;
grant admin to RAM$bob@aliyun.com:allen;
grant CreateInstance on project P to user RAM$bob@aliyun.com:carol;
create table t (id bigint, phone string);
grant Select on table t to user RAM$bob@aliyun.com:carol;
set LabelSecurity=true;
set label 2 to table t(phone);
login RAM$bob@aliyun.com:allen;
";

const E5_ALLEN: &str = "RAM$bob@aliyun.com:allen";
const E5_CAROL: &str = "RAM$bob@aliyun.com:carol";

#[test]
fn plp_e5_admin_may_install_a_package_and_grant_labels() {
    let script = format!(
        "{E5}install package other.pkg;\n\
         grant label 2 on table t to user RAM$bob@aliyun.com:carol;\n\
         grant Read on package other.pkg to user RAM$bob@aliyun.com:carol;\n"
    );
    run(
        "plp_e5_label.mcauth",
        &script,
        &[
            allow(
                "plp E5: as allen: install package other.pkg (InstallPackage: Admin Y): carol reads through it",
                cross(E5_CAROL, "P", "Select", "other", "table", "shared"),
            )
            .detail("plp_e5_label.mcauth:20:1"),
            allow(
                "plp E5: as allen: grant label 2 on table t to user carol: carol reads phone (2)",
                select(E5_CAROL, "P", "t", &["phone"]),
            )
            .detail("plp_e5_label.mcauth:21:1"),
        ],
    );
    run(
        "plp_e5_requests.mcauth",
        E5,
        &[
            allow(
                "plp E5 (§2.2): admin allen holds InstallPackage",
                on_project(E5_ALLEN, "P", "InstallPackage"),
            ),
            allow(
                "plp E5 (§2.2): admin allen holds GrantLabel",
                on_project(E5_ALLEN, "P", "GrantLabel"),
            ),
            deny_permission(
                "plp E5 (§2.2): admin allen does not hold CreatePackage",
                on_project(E5_ALLEN, "P", "CreatePackage"),
                "4019",
            ),
            deny_permission(
                "plp E5 (§2.2): admin allen does not hold AddTrustedProject",
                on_project(E5_ALLEN, "P", "AddTrustedProject"),
                "4019",
            ),
        ],
    );
    // Without allen's label grant carol is refused, so the grant above is what let her in.
    run(
        "plp_e5_nolabel.mcauth",
        E5,
        &[label_deny(
            "plp E5: before allen's grant label, carol may not read phone (2 > 0)",
            select(E5_CAROL, "P", "t", &["phone"]),
            "The sensitive label of column 'phone' is 2, but your effective label is 0",
        )],
    );
}

#[test]
fn plp_e5_admin_may_also_set_data_labels_and_clear_expired_grants() {
    let script = format!("{E5}set label 3 to table t(id);\nclear expired grants;\n");
    run(
        "plp_e5_setlabel.mcauth",
        &script,
        &[label_deny(
            "plp E5 (§2.2 SetDataLabel: Admin Y): admin allen labels id 3",
            select(E5_CAROL, "P", "t", &["id"]),
            "The sensitive label of column 'id' is 3, but your effective label is 0",
        )],
    );
}

#[test]
fn plp_e5_admin_may_not_create_packages_or_set_protection() {
    for (name, stmt) in [
        (
            "plp E5: as allen: create package p1 is denied (CreatePackage: Admin N)",
            "create package p1;",
        ),
        (
            "plp E5: as allen: set ProjectProtection=true is denied (SetSecurityConfiguration: Admin N)",
            "set ProjectProtection=true;",
        ),
        (
            "plp E5 (§3.1): as allen: set LabelSecurity is owner-only",
            "set LabelSecurity=false;",
        ),
        (
            "plp E5 (§2.2 AllowInstallPackage: Admin N): as allen: allow project",
            "allow project other to install package p0;",
        ),
    ] {
        let setup = E5.replace(
            "login RAM$bob@aliyun.com:allen;\n",
            "create package p0;\nlogin RAM$bob@aliyun.com:allen;\n",
        );
        assert_rejected(
            name,
            "plp_e5_no.mcauth",
            &format!("{setup}{stmt}\n"),
            stmt,
            "may not",
        );
    }
}

// ------------------------------------------------------------------------------------- E6

const E6: &str = "\
at '2026-03-01T00:00:00Z';
create project P owner ALIYUN$po@aliyun.com;
use P;
add user ALIYUN$alice@aliyun.com;
add user ALIYUN$carl@aliyun.com;
add user ALIYUN$sa@aliyun.com;
add user ALIYUN$adm@aliyun.com;
grant super_administrator to ALIYUN$sa@aliyun.com;
grant admin to ALIYUN$adm@aliyun.com;
add user ALIYUN$dan@aliyun.com;
grant CreateInstance on project P to user ALIYUN$dan@aliyun.com;
create table user_profile (id bigint, name string, mobile string, user_addr string, birthday string, id_card string, credit_card string);
create role everyone;
grant Select on table user_profile to role everyone;
grant CreateInstance on project P to role everyone;
grant everyone to ALIYUN$alice@aliyun.com;
grant everyone to ALIYUN$carl@aliyun.com;
set LabelSecurity=true;
set label 2 to table user_profile(mobile, user_addr, birthday);
set label 3 to table user_profile(id_card, credit_card);
set label 9 to user ALIYUN$dan@aliyun.com;
";

const ALICE: &str = "ALIYUN$alice@aliyun.com";
const CARL: &str = "ALIYUN$carl@aliyun.com";
const DAN: &str = "ALIYUN$dan@aliyun.com";

fn e6_select(who: &str, columns: &[&str]) -> Value {
    select(who, "P", "user_profile", columns)
}

#[test]
fn plp_e6_column_labels_before_the_grant() {
    run(
        "plp_e6a.mcauth",
        E6,
        &[
            label_deny(
                "plp E6: as alice: select mobile is denied (2 > 0)",
                e6_select(ALICE, &["mobile"]),
                "The sensitive label of column 'mobile' is 2, but your effective label is 0",
            ),
            label_deny(
                "plp E6: as alice: select id_card is denied (3 > 0)",
                e6_select(ALICE, &["id_card"]),
                "The sensitive label of column 'id_card' is 3, but your effective label is 0",
            ),
            allow(
                "plp E6: unlabelled columns (level 0) are readable by anyone with Select",
                e6_select(ALICE, &["id", "name"]),
            ),
            deny_permission(
                "plp E6: select * touches the labelled columns too",
                e6_select(ALICE, &[]),
                "label",
            )
            .detail("(table P.user_profile, No-ReadUp)"),
            label_deny(
                "plp E6: a Tunnel download is a read as well",
                read_cols(ALICE, "P", "Download", "P", "user_profile", &["birthday"]),
                "The sensitive label of column 'birthday' is 2, but your effective label is 0",
            ),
            allow(
                "plp E6 (§3.3 Recommended): the owner is not bound by No-ReadUp",
                e6_select("ALIYUN$po@aliyun.com", &["id_card"]),
            ),
            allow(
                "plp E6 (§3.3 Recommended): super_administrator is not bound by No-ReadUp",
                e6_select("ALIYUN$sa@aliyun.com", &[]),
            ),
            allow(
                "plp E6 (§3.3 Recommended): admin is not bound by No-ReadUp",
                e6_select("ALIYUN$adm@aliyun.com", &["credit_card"]),
            ),
            deny_permission(
                "plp E6 (§0): a label is not a grant: dan at level 9 without Select is refused",
                e6_select(DAN, &["id"]),
                "4019",
            ),
        ],
    );
}

#[test]
fn plp_e6_writing_needs_the_level_too() {
    let script = format!(
        "{E6}grant Update on table user_profile to role everyone;\n\
         GRANT LABEL 2 ON TABLE user_profile TO USER ALIYUN$carl@aliyun.com;\n"
    );
    run(
        "plp_e6w.mcauth",
        &script,
        &[
            label_deny(
                "plp E6 (§3.1 C1, current docs: Trusted-User): alice may not write mobile at level 0",
                read_cols(ALICE, "P", "Update", "P", "user_profile", &["mobile"]),
                "The sensitive label of column 'mobile' is 2, but your effective label is 0",
            ),
            allow(
                "plp E6 (§3.1 C1): writing an unlabelled column is fine",
                read_cols(ALICE, "P", "Update", "P", "user_profile", &["name"]),
            ),
            allow(
                "plp E6 (§3.1 C1): carl at level 2 writes mobile",
                read_cols(CARL, "P", "Update", "P", "user_profile", &["mobile"]),
            ),
        ],
    );
}

#[test]
fn plp_e6_label_denials_carry_two_label_reasons() {
    let e = engine("plp_e6r.mcauth", E6);
    assert_details(
        "plp E6: the denial names the column's label and the user's level",
        &e,
        &e6_select(ALICE, &["mobile"]),
        Effect::Deny,
        &[
            "column 'mobile'",
            "is 2",
            "effective label is 0",
            "plp_e6r.mcauth:19:1",
        ],
        &[ReasonKind::Label],
    );
    let d = e.check(&Request::from_json(&e6_select(ALICE, &["mobile"]).to_string()).unwrap());
    assert_eq!(
        d.reasons
            .iter()
            .filter(|r| r.kind == ReasonKind::Label)
            .count(),
        2,
        "plp E6: a label denial has one reason for the column and one for the user: {d}"
    );
    assert_eq!(d.deny_kind, Some(mcauth::DenyKind::Implicit), "{d}");
}

#[test]
fn plp_e6_one_grant_covers_the_whole_level() {
    let script = format!(
        "{E6}GRANT LABEL 2 ON TABLE user_profile TO USER ALIYUN$alice@aliyun.com WITH EXP 7;\n"
    );
    run(
        "plp_e6b.mcauth",
        &script,
        &[
            allow(
                "plp E6: after grant label 2 (exp 7): alice reads mobile, user_addr, birthday (the documented excessive grant)",
                e6_select(ALICE, &["mobile", "user_addr", "birthday"]),
            )
            .detail("plp_e6b.mcauth:22:1"),
            label_deny(
                "plp E6: id_card is still denied (3 > 2)",
                e6_select(ALICE, &["id_card"]),
                "The sensitive label of column 'id_card' is 3, but your effective label is 2",
            ),
            label_deny(
                "plp E6: credit_card is still denied (3 > 2)",
                e6_select(ALICE, &["mobile", "credit_card"]),
                "The sensitive label of column 'credit_card' is 3, but your effective label is 2",
            ),
            allow(
                "plp E6: the other (unlabelled) columns stay readable",
                e6_select(ALICE, &["id", "name"]),
            ),
            allow(
                "plp E6: with exp 7: still valid after 6 days",
                at(e6_select(ALICE, &["mobile"]), "2026-03-07T00:00:00Z"),
            ),
            label_deny(
                "plp E6 (§3.3): with exp 7: expired after 8 days",
                at(e6_select(ALICE, &["mobile"]), "2026-03-09T00:00:00Z"),
                "The sensitive label of column 'mobile' is 2, but your effective label is 0",
            ),
            label_deny(
                "plp E6: the grant is alice's: carl is still at level 0",
                e6_select(CARL, &["mobile"]),
                "The sensitive label of column 'mobile' is 2, but your effective label is 0",
            ),
        ],
    );
}

#[test]
fn plp_e6_label_security_off_labels_do_not_apply() {
    let script = format!("{E6}set LabelSecurity=false;\n");
    run(
        "plp_e6c.mcauth",
        &script,
        &[allow(
            "plp E6 (§3.1): with LabelSecurity off, labels do not apply",
            e6_select(ALICE, &[]),
        )],
    );
    // Labels set while the switch is off take effect when it is turned on.
    let script = E6.replace("set LabelSecurity=true;\n", "") + "set LabelSecurity=true;\n";
    run(
        "plp_e6d.mcauth",
        &script,
        &[
            label_deny(
                "plp E6 (§3.1): labels set before the switch apply once it is on",
                e6_select(ALICE, &["credit_card"]),
                "The sensitive label of column 'credit_card' is 3, but your effective label is 0",
            ),
            allow(
                "plp E6: unlabelled columns stay readable once the switch is on",
                e6_select(ALICE, &["id"]),
            ),
        ],
    );
}

#[test]
fn plp_e6_only_the_owner_switches_label_security() {
    let stmt = "set LabelSecurity=false;";
    assert_rejected(
        "plp E6 (§3.1): super_administrator may not switch LabelSecurity (PO only)",
        "plp_e6e.mcauth",
        &format!("{E6}login ALIYUN$sa@aliyun.com;\n{stmt}\n"),
        stmt,
        "may not",
    );
}

// ------------------------------------------------------------------------------------- E7

const E7: &str = "\
at '2026-03-01T00:00:00Z';
create project P owner ALIYUN$po@aliyun.com;
use P;
add user ALIYUN$two@aliyun.com;
add user ALIYUN$three@aliyun.com;
create table t1 (id bigint, name string, mobile string, addr string) partitioned by (ds string);
grant Select on table t1 to user ALIYUN$two@aliyun.com;
grant Select on table t1 to user ALIYUN$three@aliyun.com;
grant CreateInstance on project P to user ALIYUN$two@aliyun.com;
grant CreateInstance on project P to user ALIYUN$three@aliyun.com;
set LabelSecurity=true;
set label 2 to user ALIYUN$two@aliyun.com;
set label 3 to user ALIYUN$three@aliyun.com;
SET LABEL 1 TO TABLE t1;
SET LABEL 2 TO TABLE t1(mobile, addr);
SET LABEL 3 TO TABLE t1;
";

const TWO: &str = "ALIYUN$two@aliyun.com";
const THREE: &str = "ALIYUN$three@aliyun.com";

#[test]
fn plp_e7_column_labels_override_the_table_label_regardless_of_order() {
    run(
        "plp_e7.mcauth",
        E7,
        &[
            allow(
                "plp E7: a user at level 2 reads mobile and addr (2)",
                select(TWO, "P", "t1", &["mobile", "addr"]),
            ),
            label_deny(
                "plp E7: a user at level 2 cannot read id (TableLabel 3)",
                select(TWO, "P", "t1", &["id"]),
                "The sensitive label of column 'id' is 3, but your effective label is 2",
            ),
            label_deny(
                "plp E7: a user at level 2 cannot read name (TableLabel 3)",
                select(TWO, "P", "t1", &["mobile", "name"]),
                "The sensitive label of column 'name' is 3, but your effective label is 2",
            ),
            deny_permission(
                "plp E7: select * at level 2 is denied",
                select(TWO, "P", "t1", &[]),
                "label",
            )
            .detail("plp_e7.mcauth:16:1"),
            allow(
                "plp E7: a user at level 3 reads every column",
                select(THREE, "P", "t1", &[]),
            ),
        ],
    );
}

#[test]
fn plp_e7_the_later_column_label_wins_over_the_earlier_one() {
    let script = format!("{E7}SET LABEL 1 TO TABLE t1(mobile);\n");
    run(
        "plp_e7b.mcauth",
        &script,
        &[
            allow(
                "plp E7 (§3.2): re-labelling a column replaces its label (2 -> 1)",
                select(TWO, "P", "t1", &["mobile"]),
            )
            .detail("plp_e7b.mcauth:17:1"),
            allow(
                "plp E7: re-labelling mobile does not touch addr (2)",
                select(TWO, "P", "t1", &["addr"]),
            ),
        ],
    );
}

// ------------------------------------------------------------------------------------- E8

/// E8's statements up to the access levels (lines 1-19), issued first by the owner, then by
/// yunma as super_administrator (the owner may not grant to RAM users of another account,
/// acl §1.1; spec E20's workaround).
const E8: &str = "\
at '2026-03-01T00:00:00Z';
create project P owner ALIYUN$po@aliyun.com;
use P;
add accountprovider ram;
ADD USER aliyun$yunma@aliyun.com;
grant super_administrator to aliyun$yunma@aliyun.com;
create table t1 (col1 string, col2 string, col3 string, col4 string, col5 string);
grant Select on table t1 to user aliyun$yunma@aliyun.com;
grant CreateInstance on project P to user aliyun$yunma@aliyun.com;
set LabelSecurity=true;
set label 3 to table t1(col1, col2, col3);
set label 2 to table t1(col4);
set label 1 to table t1(col5);
SET LABEL 3 TO USER aliyun$yunma@aliyun.com;
login aliyun$yunma@aliyun.com;
ADD USER ram$yunma@aliyun.com:Allen;
grant Select on table t1 to user ram$yunma@aliyun.com:Allen;
grant CreateInstance on project P to user ram$yunma@aliyun.com:Allen;
SET LABEL 1 TO USER ram$yunma@aliyun.com:Allen;
";

/// E8 with `extra` statements (from line 20, issued by yunma), after which the owner takes
/// super_administrator back from yunma so that yunma's own level counts.
fn e8_script(extra: &str) -> String {
    format!(
        "{E8}{extra}login ALIYUN$po@aliyun.com;\nrevoke super_administrator from aliyun$yunma@aliyun.com;\n"
    )
}

const YUNMA: &str = "ALIYUN$yunma@aliyun.com";
const YUNMA_ALLEN: &str = "RAM$yunma@aliyun.com:Allen";

fn e8(who: &str, columns: &[&str]) -> Value {
    select(who, "P", "t1", columns)
}

#[test]
fn plp_e8_user_access_levels() {
    run(
        "plp_e8a.mcauth",
        &e8_script(""),
        &[
            allow(
                "plp E8: yunma at level 3 reads columns with sensitivity <= 3",
                e8(YUNMA, &[]),
            )
            .detail("plp_e8a.mcauth:14:1"),
            allow(
                "plp E8: Allen at level 1 reads col5 (1)",
                e8(YUNMA_ALLEN, &["col5"]),
            ),
            label_deny(
                "plp E8: Allen at level 1 cannot read col4 (2)",
                e8(YUNMA_ALLEN, &["col4"]),
                "The sensitive label of column 'col4' is 2, but your effective label is 1",
            ),
            label_deny(
                "plp E8: names are case-insensitive: ...:allen is Allen at level 1",
                e8("RAM$yunma@aliyun.com:allen", &["col3"]),
                "The sensitive label of column 'col3' is 3, but your effective label is 1",
            ),
        ],
    );
}

#[test]
fn plp_e8_label_grants_table_then_columns() {
    let script = e8_script(
        "GRANT LABEL 2 ON TABLE t1 TO USER ram$yunma@aliyun.com:Allen WITH EXP 1;\n\
         GRANT LABEL 3 ON TABLE t1(col1, col2) TO USER ram$yunma@aliyun.com:Allen WITH EXP 1;\n",
    );
    run(
        "plp_e8b.mcauth",
        &script,
        &[
            allow(
                "plp E8: the table grant lifts Allen to 2 on t1: col4",
                e8(YUNMA_ALLEN, &["col4", "col5"]),
            )
            .detail("plp_e8b.mcauth:20:1"),
            allow(
                "plp E8: the column grant lifts Allen to 3 on col1, col2",
                e8(YUNMA_ALLEN, &["col1", "col2"]),
            )
            .detail("plp_e8b.mcauth:21:1"),
            label_deny(
                "plp E8: col3 is covered by the table grant (2) only",
                e8(YUNMA_ALLEN, &["col3"]),
                "The sensitive label of column 'col3' is 3, but your effective label is 2",
            ),
            allow(
                "plp E8: WITH EXP 1: still valid 23 hours later",
                at(e8(YUNMA_ALLEN, &["col1", "col4"]), "2026-03-01T23:00:00Z"),
            ),
            label_deny(
                "plp E8: WITH EXP 1: the column grant has expired after 2 days",
                at(e8(YUNMA_ALLEN, &["col1"]), "2026-03-03T00:00:00Z"),
                "The sensitive label of column 'col1' is 3, but your effective label is 1",
            ),
            label_deny(
                "plp E8: WITH EXP 1: the table grant has expired after 2 days",
                at(e8(YUNMA_ALLEN, &["col4"]), "2026-03-03T00:00:00Z"),
                "The sensitive label of column 'col4' is 2, but your effective label is 1",
            ),
        ],
    );
}

#[test]
fn plp_e8_revoke_label_on_the_table_also_revokes_the_column_grants() {
    let script = e8_script(
        "GRANT LABEL 2 ON TABLE t1 TO USER ram$yunma@aliyun.com:Allen WITH EXP 1;\n\
         GRANT LABEL 3 ON TABLE t1(col1, col2) TO USER ram$yunma@aliyun.com:Allen WITH EXP 1;\n\
         REVOKE LABEL ON TABLE t1 FROM USER ram$yunma@aliyun.com:Allen;\n",
    );
    run(
        "plp_e8c.mcauth",
        &script,
        &[
            label_deny(
                "plp E8: after REVOKE LABEL ON TABLE t1: col1 (column grant) is gone",
                e8(YUNMA_ALLEN, &["col1"]),
                "The sensitive label of column 'col1' is 3, but your effective label is 1",
            ),
            label_deny(
                "plp E8: after REVOKE LABEL ON TABLE t1: col4 (table grant) is gone",
                e8(YUNMA_ALLEN, &["col4"]),
                "The sensitive label of column 'col4' is 2, but your effective label is 1",
            ),
            allow(
                "plp E8: Allen's own level (1) is untouched by the revoke",
                e8(YUNMA_ALLEN, &["col5"]),
            ),
        ],
    );
}

#[test]
fn plp_e8_revoke_label_on_columns_keeps_the_table_grant() {
    let script = e8_script(
        "GRANT LABEL 2 ON TABLE t1 TO USER ram$yunma@aliyun.com:Allen WITH EXP 1;\n\
         GRANT LABEL 3 ON TABLE t1(col1, col2) TO USER ram$yunma@aliyun.com:Allen WITH EXP 1;\n\
         REVOKE LABEL ON TABLE t1(col1) FROM USER ram$yunma@aliyun.com:Allen;\n",
    );
    run(
        "plp_e8d.mcauth",
        &script,
        &[
            label_deny(
                "plp E8 (§3.2): revoking the col1 grant leaves col1 at the table grant (2)",
                e8(YUNMA_ALLEN, &["col1"]),
                "The sensitive label of column 'col1' is 3, but your effective label is 2",
            ),
            allow(
                "plp E8 (§3.2): the col2 grant stays",
                e8(YUNMA_ALLEN, &["col2", "col4"]),
            ),
        ],
    );
}

#[test]
fn plp_e8_a_column_grant_overrides_the_table_grant_even_when_lower() {
    // §3.3: "A column-level label grant overrides any table-level label grant for the same
    // user"; grant(U,T,c) takes the column grant, else the table grant.
    let script = e8_script(
        "GRANT LABEL 3 ON TABLE t1 TO USER ram$yunma@aliyun.com:Allen;\n\
         GRANT LABEL 1 ON TABLE t1(col4) TO USER ram$yunma@aliyun.com:Allen;\n",
    );
    run(
        "plp_e8e.mcauth",
        &script,
        &[
            label_deny(
                "plp E8 (§3.3): the column grant 1 on col4 overrides the table grant 3",
                e8(YUNMA_ALLEN, &["col4"]),
                "The sensitive label of column 'col4' is 2, but your effective label is 1",
            ),
            allow(
                "plp E8 (§3.3): other columns keep the table grant 3",
                e8(YUNMA_ALLEN, &["col1", "col2", "col3", "col5"]),
            ),
        ],
    );
}

#[test]
fn plp_e8_role_labels_and_role_grants_count() {
    let script = e8_script(
        "create role worker;\ngrant worker to ram$yunma@aliyun.com:Allen;\n\
         set label 2 to role worker;\n",
    );
    run(
        "plp_e8f.mcauth",
        &script,
        &[
            allow(
                "plp E8 (§12.1 Recommended: max): the role's level 2 lifts Allen",
                e8(YUNMA_ALLEN, &["col4"]),
            )
            .detail("plp_e8f.mcauth:22:1"),
            label_deny(
                "plp E8 (§12.1): max(1, 2) is still below col1 (3)",
                e8(YUNMA_ALLEN, &["col1"]),
                "The sensitive label of column 'col1' is 3, but your effective label is 2",
            ),
        ],
    );
    let script = e8_script(
        "create role worker;\ngrant worker to ram$yunma@aliyun.com:Allen;\n\
         grant label 3 on table t1 to role worker with exp 10;\n",
    );
    run(
        "plp_e8g.mcauth",
        &script,
        &[allow(
            "plp E9 (roles can be label grantees): Allen reads col1 through worker's grant",
            e8(YUNMA_ALLEN, &["col1"]),
        )
        .detail("plp_e8g.mcauth:22:1")],
    );
}

// ------------------------------------------------------------------ §3.1 object and user life

#[test]
fn plp_s3_dropping_a_table_revokes_its_labels_and_label_grants() {
    let script = format!(
        "{E6}GRANT LABEL 3 ON TABLE user_profile TO USER ALIYUN$alice@aliyun.com;\n\
         drop table user_profile;\n\
         create table user_profile (id bigint, name string, mobile string, user_addr string, birthday string, id_card string, credit_card string);\n\
         grant Select on table user_profile to role everyone;\n"
    );
    run(
        "plp_s3a.mcauth",
        &script,
        &[allow(
            "plp §3.1: a re-created table starts at level 0 (the old labels went with the drop)",
            e6_select(CARL, &[]),
        )],
    );
    let script = format!("{script}set label 2 to table user_profile(mobile);\n");
    run(
        "plp_s3b.mcauth",
        &script,
        &[label_deny(
            "plp §3.1: label grants on a dropped table are revoked automatically",
            e6_select(ALICE, &["mobile"]),
            "The sensitive label of column 'mobile' is 2, but your effective label is 0",
        )],
    );
}

#[test]
fn plp_s3_a_removed_user_gets_its_label_grants_back() {
    let script = format!(
        "{E6}GRANT LABEL 3 ON TABLE user_profile TO USER ALIYUN$dan@aliyun.com;\n\
         grant Select on table user_profile to user ALIYUN$dan@aliyun.com;\n\
         set label 0 to user ALIYUN$dan@aliyun.com;\n\
         remove user ALIYUN$dan@aliyun.com;\nadd user ALIYUN$dan@aliyun.com;\n"
    );
    run(
        "plp_s3c.mcauth",
        &script,
        &[allow(
            "plp §3.1: label grants are kept for a removed user and come back when re-added",
            e6_select(DAN, &[]),
        )
        .detail("plp_s3c.mcauth:22:1")],
    );
}

#[test]
fn plp_s3_a_view_label_is_independent_of_its_base_table() {
    let script = format!(
        "{E6}create view v_profile as select id, mobile from user_profile;\n\
         grant Select on table v_profile to role everyone;\n"
    );
    run(
        "plp_s34a.mcauth",
        &script,
        &[
            allow(
                "plp §3.4 Recommended: the view (level 0) is readable; the base table's labels are the owner's business",
                select(ALICE, "P", "v_profile", &["mobile"]),
            ),
            label_deny(
                "plp §3.4: the base table still refuses alice directly",
                e6_select(ALICE, &["mobile"]),
                "The sensitive label of column 'mobile' is 2, but your effective label is 0",
            ),
        ],
    );
    let script = format!("{script}set label 1 to table v_profile(mobile);\n");
    run(
        "plp_s34b.mcauth",
        &script,
        &[label_deny(
            "plp §3.1: views carry their own labels",
            select(ALICE, "P", "v_profile", &["mobile"]),
            "The sensitive label of column 'mobile' is 1, but your effective label is 0",
        )],
    );
}

// ------------------------------------------------------------------------------------- E9

const E9: &str = "\
at '2026-03-01T00:00:00Z';
create project test_project_a owner ALIYUN$Bob@aliyun.com;
use test_project_a;
add accountprovider ram;
add user RAM$Bob@aliyun.com:Allen;
create table sale_detail (shop_name string, customer_id string, total_price double);
grant Select on table sale_detail to user RAM$Bob@aliyun.com:Allen;
grant CreateInstance on project test_project_a to user RAM$Bob@aliyun.com:Allen;
set LabelSecurity=true;
set label 3 to table sale_detail;
set label 1 to user RAM$Bob@aliyun.com:Allen;
grant Label 3 on table sale_detail to USER RAM$Bob@aliyun.com:Allen with exp 4;
";

const E9_ALLEN: &str = "RAM$Bob@aliyun.com:Allen";

fn e9(columns: &[&str], time: &str) -> Value {
    at(
        select(E9_ALLEN, "test_project_a", "sale_detail", columns),
        time,
    )
}

#[test]
fn plp_e9_with_exp_4_counts_at_3_days_not_at_5() {
    run(
        "plp_e9a.mcauth",
        E9,
        &[
            allow(
                "plp E9: grant with exp 4 counts at +3 days",
                e9(&["total_price"], "2026-03-04T00:00:00Z"),
            )
            .detail("plp_e9a.mcauth:12:1"),
            label_deny(
                "plp E9: grant with exp 4 no longer counts at +5 days",
                e9(&["total_price"], "2026-03-06T00:00:00Z"),
                "The sensitive label of column 'total_price' is 3, but your effective label is 1",
            ),
            allow(
                "plp E9: without a request time the configuration clock (+0) is used",
                select(E9_ALLEN, "test_project_a", "sale_detail", &[]),
            ),
        ],
    );
}

#[test]
fn plp_e9_default_expiry_is_180_days() {
    let script = format!(
        "{E9}grant Label 3 on table sale_detail(shop_name, customer_id) to USER RAM$Bob@aliyun.com:Allen;\n"
    );
    run(
        "plp_e9b.mcauth",
        &script,
        &[
            allow(
                "plp E9: no with exp: the column grant holds at +179 days",
                e9(&["shop_name", "customer_id"], "2026-08-27T00:00:00Z"),
            )
            .detail("plp_e9b.mcauth:13:1"),
            allow(
                "plp E9: no with exp: still held just before +180 days",
                e9(&["customer_id"], "2026-08-27T23:59:59Z"),
            ),
            label_deny(
                "plp E9: no with exp: expired at +180 days (now+180 days)",
                e9(&["customer_id"], "2026-08-28T00:00:00Z"),
                "The sensitive label of column 'customer_id' is 3, but your effective label is 1",
            ),
            label_deny(
                "plp E9: the with-exp-4 table grant is long gone at +179 days: total_price",
                e9(&["total_price"], "2026-08-27T00:00:00Z"),
                "The sensitive label of column 'total_price' is 3, but your effective label is 1",
            ),
        ],
    );
}

#[test]
fn plp_e9_the_default_expiry_runs_from_the_clock_of_the_grant() {
    let script = format!(
        "{E9}at '2026-04-01T00:00:00Z';\n\
         grant Label 3 on table sale_detail(shop_name) to USER RAM$Bob@aliyun.com:Allen;\n"
    );
    run(
        "plp_e9c.mcauth",
        &script,
        &[
            allow(
                "plp E9: granted at 04-01 without exp: holds at 09-27 (+179 days)",
                e9(&["shop_name"], "2026-09-27T00:00:00Z"),
            ),
            label_deny(
                "plp E9: granted at 04-01 without exp: gone at 09-28 (+180 days)",
                e9(&["shop_name"], "2026-09-28T00:00:00Z"),
                "The sensitive label of column 'shop_name' is 3, but your effective label is 1",
            ),
        ],
    );
}

#[test]
fn plp_e9_clear_expired_grants_removes_expired_records_only() {
    // Requests may carry a time before the clearing: a cleared record no longer counts even
    // then, and a live one survives.
    let script = format!(
        "{E9}grant Label 3 on table sale_detail(shop_name) to USER RAM$Bob@aliyun.com:Allen;\n\
         at '2026-03-10T00:00:00Z';\nclear expired grants;\n"
    );
    run(
        "plp_e9d.mcauth",
        &script,
        &[
            label_deny(
                "plp E9: clear expired grants removed the with-exp-4 grant (checked at +3 days)",
                e9(&["total_price"], "2026-03-04T00:00:00Z"),
                "The sensitive label of column 'total_price' is 3, but your effective label is 1",
            ),
            allow(
                "plp E9: clear expired grants keeps the unexpired 180-day grant",
                e9(&["shop_name"], "2026-03-20T00:00:00Z"),
            ),
        ],
    );
    run(
        "plp_e9e.mcauth",
        &format!("{E9}at '2026-03-03T00:00:00Z';\nclear expired grants;\n"),
        &[allow(
            "plp E9: clearing before the expiry keeps the grant",
            e9(&["total_price"], "2026-03-04T00:00:00Z"),
        )],
    );
}

#[test]
fn plp_e9_clear_expired_grants_is_for_owner_and_admin() {
    let stmt = "clear expired grants;";
    assert_rejected(
        "plp E9 (§3.2): a plain user may not clear expired grants",
        "plp_e9f.mcauth",
        &format!("{E9}login RAM$Bob@aliyun.com:Allen;\n{stmt}\n"),
        stmt,
        "may not",
    );
    let script = format!(
        "{E9}add user RAM$Bob@aliyun.com:Adm;\ngrant admin to RAM$Bob@aliyun.com:Adm;\n\
         at '2026-03-10T00:00:00Z';\nlogin RAM$Bob@aliyun.com:Adm;\n{stmt}\n"
    );
    run(
        "plp_e9g.mcauth",
        &script,
        &[label_deny(
            "plp E9 (§3.2): admin clears expired grants",
            e9(&["total_price"], "2026-03-04T00:00:00Z"),
            "The sensitive label of column 'total_price' is 3, but your effective label is 1",
        )],
    );
}

#[test]
fn plp_e9_label_grants_need_a_clock() {
    let stmt = "grant Label 3 on table sale_detail to USER RAM$Bob@aliyun.com:Allen;";
    let script = E9
        .replace("at '2026-03-01T00:00:00Z';\n", "")
        .replace(" with exp 4;", " with exp 4;\n")
        .replace(
            "grant Label 3 on table sale_detail to USER RAM$Bob@aliyun.com:Allen with exp 4;\n",
            "",
        );
    let script = format!("{script}{stmt}\n");
    assert_rejected(
        "plp E9: a label grant without `at` has no clock for its 180 days",
        "plp_e9h.mcauth",
        &script,
        stmt,
        "at '<time>'",
    );
}

#[test]
fn plp_e9_a_regrant_replaces_the_earlier_grant() {
    let script = format!(
        "{E9}grant Label 2 on table sale_detail to USER RAM$Bob@aliyun.com:Allen with exp 30;\n"
    );
    run(
        "plp_e9i.mcauth",
        &script,
        &[label_deny(
            "plp E9 (UNDOCUMENTED, engine: a re-grant replaces): level 2 now, for 30 days",
            e9(&["total_price"], "2026-03-02T00:00:00Z"),
            "The sensitive label of column 'total_price' is 3, but your effective label is 2",
        )],
    );
}

// ------------------------------------------------------------------------------------ E10

const E10: &str = "\
at '2026-03-01T00:00:00Z';
create project prj1 owner ALIYUN$jack@aliyun.com;
create project prj2 owner ALIYUN$john@aliyun.com;
create project prj3 owner ALIYUN$john@aliyun.com;
use prj1;
create table sampletable (id bigint, score double, secret string);
add jar datamining.jar;
create package datamining;
add table sampletable to package datamining;
allow project prj2 to install package datamining;
use prj2;
add user aliyun$bob@aliyun.com;
grant CreateInstance on project prj2 to user aliyun$bob@aliyun.com;
install package prj1.datamining;
use prj3;
add user aliyun$bob@aliyun.com;
grant CreateInstance on project prj3 to user aliyun$bob@aliyun.com;
";

const BOB: &str = "ALIYUN$bob@aliyun.com";
const JOHN: &str = "ALIYUN$john@aliyun.com";

fn e10_read(who: &str, job: &str, columns: &[&str]) -> Value {
    read_cols(who, job, "Select", "prj1", "sampletable", columns)
}

#[test]
fn plp_e10_add_resource_datamining_jar_to_package() {
    // The E10 line `add resource datamining.jar to package datamining;` verbatim: resource
    // names carry dots (`udtf.jar` in §4.3's `describe package` output).
    let script = E10.replace(
        "add table sampletable to package datamining;\n",
        "add table sampletable to package datamining;\nadd resource datamining.jar to package datamining;\n",
    ) + "use prj2;\ngrant Read on package prj1.datamining to user aliyun$bob@aliyun.com;\n";
    run(
        "plp_e10r.mcauth",
        &script,
        &[allow(
            "plp E10: the resource datamining.jar (default privilege Read) through the package",
            cross(BOB, "prj2", "Read", "prj1", "resource", "datamining.jar"),
        )],
    );
}

#[test]
fn plp_e10_no_read_on_the_package_no_access() {
    run(
        "plp_e10a.mcauth",
        E10,
        &[
            deny_permission("plp E10: Bob (member of prj2, not prj1): select * from prj1.sampletable denied before the grant", e10_read(BOB, "prj2", &[]), "4019")
            .detail("through package prj1.datamining"),
            allow(
                "plp E10 (§4.2 (c)): the owner of prj2 holds Read on the package implicitly",
                e10_read(JOHN, "prj2", &[]),
            ),
        ],
    );
}

#[test]
fn plp_e10_read_on_the_package_gives_access_in_prj2_only() {
    let script = format!(
        "{E10}use prj2;\ngrant Read on package prj1.datamining to user aliyun$bob@aliyun.com;\n"
    );
    let e = engine("plp_e10b.mcauth", &script);
    check_cases(
        &e,
        &[
            allow(
                "plp E10: after grant Read on package: select * from prj1.sampletable is allowed in prj2",
                e10_read(BOB, "prj2", &[]),
            )
            .detail("plp_e10b.mcauth:19:1"),
            allow(
                "plp E10: the package reason names where the table was added",
                e10_read(BOB, "prj2", &["id"]),
            )
            .detail("plp_e10b.mcauth:9:1"),
            allow(
                "plp E10: a Tunnel download through the package (Select privilege)",
                read_cols(BOB, "prj2", "Download", "prj1", "sampletable", &[]),
            ),
            deny_permission("plp E10: in prj2 only: the same select run in prj3 is refused (not a member of prj1)", e10_read(BOB, "prj3", &[]), "0420095")
            .detail("You don't exist in project prj1"),
            deny_permission("plp E10 (§4.1): the default privileges are Read/Describe/Select: no Update", read_cols(BOB, "prj2", "Update", "prj1", "sampletable", &[]), "4019")
            .detail("through package"),
            deny_permission("plp E10 (§4.1): no Drop through the package", cross(BOB, "prj2", "Drop", "prj1", "table", "sampletable"), "4019"),
        ],
    );
    assert_details(
        "plp E10: the allow names the package",
        &e,
        &e10_read(BOB, "prj2", &[]),
        Effect::Allow,
        &["datamining"],
        &[ReasonKind::Package],
    );
}

#[test]
fn plp_e10_package_names_are_case_insensitive() {
    let script = E10.replace(
        "install package prj1.datamining;",
        "install package PRJ1.DataMining;",
    )
        + "use prj2;\ngrant Read on package Prj1.DATAMINING to user ALIYUN$Bob@aliyun.com;\n";
    run(
        "plp_e10i.mcauth",
        &script,
        &[allow(
            "plp E10 (commands are case-insensitive): install and grant with other cases",
            e10_read(BOB, "prj2", &[]),
        )],
    );
}

#[test]
fn plp_e10_the_job_still_needs_create_instance_in_prj2() {
    let script = format!(
        "{E10}use prj2;\ngrant Read on package prj1.datamining to user aliyun$bob@aliyun.com;\n\
         revoke CreateInstance on project prj2 from user aliyun$bob@aliyun.com;\n"
    );
    run(
        "plp_e10c.mcauth",
        &script,
        &[deny_permission(
            "plp E10 (§4.2 step 4, acl E2): without CreateInstance in prj2 the query cannot run",
            e10_read(BOB, "prj2", &[]),
            "4019",
        )
        .detail("CreateInstance")],
    );
}

#[test]
fn plp_e10_not_a_snapshot_labels_of_prj1_apply_at_label_0() {
    // Labels set after the package was installed still apply: the package gives live access.
    let script = format!(
        "{E10}use prj2;\ngrant Read on package prj1.datamining to user aliyun$bob@aliyun.com;\n\
         use prj1;\nset LabelSecurity=true;\nset label 1 to table sampletable(secret);\n"
    );
    run(
        "plp_e10d.mcauth",
        &script,
        &[
            label_deny(
                "plp E10: secret labelled 1 in prj1: Bob cannot read it (allowed using label 0)",
                e10_read(BOB, "prj2", &["secret"]),
                "The sensitive label of column 'secret' is 1, but your effective label is 0",
            ),
            allow(
                "plp E10: unlabelled columns stay readable through the package",
                e10_read(BOB, "prj2", &["id", "score"]),
            ),
            label_deny(
                "plp E10 (§4.2 (e)): the cap binds every user of prj2, its owner too",
                e10_read(JOHN, "prj2", &["secret"]),
                "The sensitive label of column 'secret' is 1, but your effective label is 0",
            ),
            allow(
                "plp E10 (§3.3): in prj1 the owner (Jack) is not bound by the label",
                select("ALIYUN$jack@aliyun.com", "prj1", "sampletable", &["secret"]),
            ),
        ],
    );
}

#[test]
fn plp_e10_read_through_a_role_and_after_uninstall() {
    let script = format!(
        "{E10}use prj2;\ncreate role readers;\ngrant readers to aliyun$bob@aliyun.com;\n\
         grant Read on package prj1.datamining to role readers;\n"
    );
    run(
        "plp_e10e.mcauth",
        &script,
        &[allow(
            "plp E10 (§4.1): Read on the package through a role of prj2",
            e10_read(BOB, "prj2", &[]),
        )],
    );
    let script = format!(
        "{E10}use prj2;\ngrant Read on package prj1.datamining to user aliyun$bob@aliyun.com;\n\
         uninstall package prj1.datamining;\n"
    );
    run(
        "plp_e10f.mcauth",
        &script,
        &[deny_permission(
            "plp E10 (§4.1): after uninstall package, the package gives nothing",
            e10_read(BOB, "prj2", &[]),
            "0420095",
        )],
    );
}

#[test]
fn plp_e10_drop_package_ends_access() {
    let script = format!(
        "{E10}use prj2;\ngrant Read on package prj1.datamining to user aliyun$bob@aliyun.com;\n\
         use prj1;\ndelete package datamining;\n"
    );
    run(
        "plp_e10g.mcauth",
        &script,
        &[deny_permission(
            "plp E10 (§4.1): after delete package in prj1, prj2's installation gives nothing",
            e10_read(BOB, "prj2", &[]),
            "0420095",
        )],
    );
}

// ------------------------------------------------------------------------------------ E11

const E11: &str = "\
at '2026-03-01T00:00:00Z';
create project prj1 owner ALIYUN$a@aliyun.com;
create project prj2 owner ALIYUN$b@aliyun.com;
use prj1;
create table sale_detail (shop_name string, customer_id string, total_price double);
create package datashare;
add table sale_detail to package datashare;
set LabelSecurity=true;
set label 2 to table sale_detail(customer_id);
set label 1 to table sale_detail(shop_name);
allow project prj2 to install package datashare using label 1;
use prj2;
add user ALIYUN$u1@aliyun.com;
add user ALIYUN$u2@aliyun.com;
create role analysts;
grant analysts to ALIYUN$u1@aliyun.com;
grant analysts to ALIYUN$u2@aliyun.com;
grant CreateInstance on project prj2 to role analysts;
install package prj1.datashare;
grant Read on package prj1.datashare to role analysts;
";

const U1: &str = "ALIYUN$u1@aliyun.com";
const U2: &str = "ALIYUN$u2@aliyun.com";

fn e11(who: &str, columns: &[&str]) -> Value {
    read_cols(who, "prj2", "Select", "prj1", "sale_detail", columns)
}

#[test]
fn plp_e11_the_package_label_cap() {
    let e = engine("plp_e11a.mcauth", E11);
    check_cases(
        &e,
        &[
            label_deny(
                "plp E11: customer_id (2) denied through the package",
                e11(U1, &["customer_id"]),
                "The sensitive label of column 'customer_id' is 2, but your effective label is 1",
            )
            .detail("plp_e11a.mcauth:9:1"),
            label_deny(
                "plp E11: customer_id (2) denied for every user of prj2",
                e11(U2, &["shop_name", "customer_id"]),
                "The sensitive label of column 'customer_id' is 2, but your effective label is 1",
            ),
            allow(
                "plp E11: other columns (<= 1) allowed",
                e11(U1, &["shop_name", "total_price"]),
            ),
            label_deny(
                "plp E11: select * touches customer_id",
                e11(U2, &[]),
                "The sensitive label of column 'customer_id' is 2",
            ),
            label_deny(
                "plp E11 (§4.2 (e)): the cap binds the owner of prj2 too",
                e11("ALIYUN$b@aliyun.com", &["customer_id"]),
                "The sensitive label of column 'customer_id' is 2, but your effective label is 1",
            ),
        ],
    );
    assert_details(
        "plp E11: the denial names the using-label cap",
        &e,
        &e11(U1, &["customer_id"]),
        Effect::Deny,
        &["using label 1", "plp_e11a.mcauth:11:1"],
        &[ReasonKind::Label],
    );
}

#[test]
fn plp_e11_disallow_project_removes_the_installation_right() {
    let script = format!("{E11}use prj1;\ndisallow project prj2 to install package datashare;\n");
    run(
        "plp_e11b.mcauth",
        &script,
        &[
            deny_permission(
                "plp E11: after disallow, prj2 loses the access through datashare",
                e11(U1, &["total_price"]),
                "4019",
            )
            .detail("no longer allows prj2"),
            deny_permission(
                "plp E11: after disallow, the owner of prj2 loses it too",
                e11("ALIYUN$b@aliyun.com", &["total_price"]),
                "4019",
            ),
        ],
    );
}

#[test]
fn plp_e11_user_levels_in_prj1_do_not_lift_the_cap() {
    // §4.2 (e) / C10: the cap, or label grants on the package table made in prj2; a label set
    // to the user in the source project does not count through the package.
    let script = E11.replace(
        "allow project prj2",
        "add user ALIYUN$u1@aliyun.com;\nset label 9 to user ALIYUN$u1@aliyun.com;\nallow project prj2",
    );
    run(
        "plp_e11c.mcauth",
        &script,
        &[deny(
            "plp E11 (§4.2 (e)): u1's level 9 in prj1 does not count through the package",
            e11(U1, &["customer_id"]),
            Stage::Permission,
            None,
        )
        .detail("The sensitive label of column 'customer_id' is 2, but your effective label is 1")],
    );
}

#[test]
fn plp_e11_refobject_label_grants_lift_one_user_c10() {
    let script = format!(
        "{E11}grant label 2 on table sale_detail(customer_id) to user ALIYUN$u1@aliyun.com with exp 5 \
         privilegeproperties(\"refobject\"=\"true\", \"refproject\"=\"prj1\", \"package\"=\"datashare\");\n"
    );
    run(
        "plp_e11d.mcauth",
        &script,
        &[
            allow(
                "plp E11 (C10: max of cap and refobject label grants): u1 reads customer_id",
                e11(U1, &["customer_id"]),
            )
            .detail("plp_e11d.mcauth:21:1"),
            label_deny(
                "plp E11 (C10): the grant is u1's: u2 is still capped at 1",
                e11(U2, &["customer_id"]),
                "The sensitive label of column 'customer_id' is 2, but your effective label is 1",
            ),
            label_deny(
                "plp E11 (C10): the refobject label grant expires (exp 5) like any label grant",
                at(e11(U1, &["customer_id"]), "2026-03-07T00:00:00Z"),
                "The sensitive label of column 'customer_id' is 2, but your effective label is 1",
            ),
        ],
    );
}

#[test]
fn plp_e11_using_label_raises_the_cap_when_allowed_again() {
    let script =
        format!("{E11}use prj1;\nallow project prj2 to install package datashare using label 2;\n");
    run(
        "plp_e11e.mcauth",
        &script,
        &[allow(
            "plp E11 (§4.1): allowing again using label 2 lifts the whole of prj2 to 2",
            e11(U2, &[]),
        )],
    );
}

// ------------------------------------------------------------------------------------ E12

const E12: &str = "\
at '2026-03-01T00:00:00Z';
create project prj1 owner ALIYUN$a@aliyun.com;
create project prj2 owner ALIYUN$b@aliyun.com;
use prj1;
create table sale_detail (shop_name string, customer_id string, total_price double);
create package datashare;
add table sale_detail to package datashare with privileges Describe;
allow project prj2 to install package datashare;
use prj2;
add user ALIYUN$u1@aliyun.com;
grant CreateInstance on project prj2 to user ALIYUN$u1@aliyun.com;
install package prj1.datashare;
grant Read on package prj1.datashare to user ALIYUN$u1@aliyun.com;
";

#[test]
fn plp_e12_describe_only_no_select() {
    run(
        "plp_e12a.mcauth",
        E12,
        &[
            deny_permission(
                "plp E12: with privileges Describe: users of prj2 cannot SELECT sale_detail",
                e11(U1, &[]),
                "4019",
            )
            .detail("it gives Describe on table sale_detail, not Select"),
            allow(
                "plp E12: with privileges Describe: Describe is allowed",
                cross(U1, "prj2", "Describe", "prj1", "table", "sale_detail"),
            )
            .detail("plp_e12a.mcauth:7:1"),
            deny_permission(
                "plp E12: a Tunnel download needs Select in the package too",
                read_cols(U1, "prj2", "Download", "prj1", "sale_detail", &[]),
                "4019",
            ),
        ],
    );
}

#[test]
fn plp_e12_privileges_cannot_be_updated_in_place() {
    let stmt = "add table sale_detail to package datashare with privileges Describe,Select;";
    let script = format!("{E12}use prj1;\n{stmt}\n");
    assert_rejected(
        "plp E12 (UNDOCUMENTED, engine: error): re-adding sale_detail with Describe,Select",
        "plp_e12b.mcauth",
        &script,
        stmt,
        "remove it from the package",
    );
}

#[test]
fn plp_e12_remove_then_add_again_with_select() {
    let script = format!(
        "{E12}use prj1;\nremove table sale_detail from package datashare;\n\
         add table sale_detail to package datashare with privileges Describe,Select;\n"
    );
    run(
        "plp_e12c.mcauth",
        &script,
        &[
            allow(
                "plp E12: after remove and add with Describe,Select: Select allowed",
                e11(U1, &[]),
            )
            .detail("plp_e12c.mcauth:16:1"),
            allow(
                "plp E12: Describe still allowed",
                cross(U1, "prj2", "Describe", "prj1", "table", "sale_detail"),
            ),
        ],
    );
    let script = format!("{E12}use prj1;\nremove table sale_detail from package datashare;\n");
    run(
        "plp_e12d.mcauth",
        &script,
        &[deny_permission(
            "plp E12: removed from the package: nothing through it",
            cross(U1, "prj2", "Describe", "prj1", "table", "sale_detail"),
            "0420095",
        )],
    );
}

#[test]
fn plp_e12_refobject_acls_narrow_the_package() {
    // §4.2 (d) Recommended: once any refobject ACL exists for the object, it narrows access.
    let script = format!(
        "{E12}add user ALIYUN$u2@aliyun.com;\n\
         grant CreateInstance on project prj2 to user ALIYUN$u2@aliyun.com;\n\
         grant Read on package prj1.datashare to user ALIYUN$u2@aliyun.com;\n\
         use prj1;\nremove table sale_detail from package datashare;\n\
         add table sale_detail to package datashare;\nuse prj2;\n\
         grant Select on table sale_detail(shop_name) to user ALIYUN$u1@aliyun.com \
         privilegeproperties(\"refobject\"=\"true\", \"refproject\"=\"prj1\", \"package\"=\"datashare\");\n"
    );
    run(
        "plp_e12e.mcauth",
        &script,
        &[
            allow(
                "plp E12 (§4.2 (d)): u1 reads the granted column",
                e11(U1, &["shop_name"]),
            ),
            deny_permission("plp E12 (§4.2 (d)): u1 may not read an ungranted column", e11(U1, &["customer_id"]), "4019")
            .detail("refobject"),
            deny_permission("plp E12 (§4.2 (d) Recommended): u2, with Read on the package but no refobject grant, is narrowed out", e11(U2, &["shop_name"]), "4019"),
        ],
    );
}

// ------------------------------------------------------------------------------------ E13

const E13: &str = "\
create project project1 owner ALIYUN$owner1@aliyun.com;
create project project2 owner ALIYUN$owner2@aliyun.com;
create project project3 owner ALIYUN$owner3@aliyun.com;
use project1;
add user ALIYUN$alice@aliyun.com;
add user ALIYUN$sa@aliyun.com;
add user ALIYUN$adm@aliyun.com;
grant super_administrator to ALIYUN$sa@aliyun.com;
grant admin to ALIYUN$adm@aliyun.com;
create table table1 (id bigint);
grant Select on table table1 to user ALIYUN$alice@aliyun.com;
grant CreateInstance on project project1 to user ALIYUN$alice@aliyun.com;
use project2;
add user ALIYUN$alice@aliyun.com;
grant CreateTable, CreateInstance on project project2 to user ALIYUN$alice@aliyun.com;
use project3;
add user ALIYUN$alice@aliyun.com;
grant CreateTable, CreateInstance on project project3 to user ALIYUN$alice@aliyun.com;
use project1;
set ProjectProtection=true;
";

fn ctas_read(job: &str) -> Value {
    cross(ALICE, job, "Select", "project1", "table", "table1")
}

#[test]
fn plp_e13_trusted_project_lets_the_data_flow() {
    let script = format!("{E13}add trustedproject project2;\n");
    let e = engine("plp_e13t.mcauth", &script);
    check_cases(
        &e,
        &[
            allow(
                "plp E13: after add trustedproject project2: CTAS into project2 is OK",
                ctas_read("project2"),
            )
            .detail("plp_e13t.mcauth:21:1"),
            deny_permission("plp E13 (§5 direction P -> trusted): project3 is not trusted: still 4021", ctas_read("project3"), "4021")
            .detail("project 'project1' is protected"),
            deny_permission("plp E13 (engine: trusted projects are for jobs): a Tunnel download still leaves for a client", on_object(ALICE, "project1", "Download", "table", "table1"), "4021"),
            allow(
                "plp E13: reading in project1 itself is still allowed",
                on_object(ALICE, "project1", "Select", "table", "table1"),
            ),
        ],
    );
    assert_details(
        "plp E13: a 4021 names the source project and the exemptions tried",
        &e,
        &ctas_read("project3"),
        Effect::Deny,
        &[
            "project 'project1' is protected",
            "project project3 is not a trusted project of project1 (trusted: project2)",
            "project project1 has no exception policy",
            "not through a package",
            "plp_e13t.mcauth:20:1",
        ],
        &[ReasonKind::Protection],
    );
    let d = e.check(&Request::from_json(&ctas_read("project3").to_string()).unwrap());
    assert_eq!(d.deny_kind, Some(mcauth::DenyKind::Explicit), "{d}");
}

#[test]
fn plp_e13_trust_is_not_transitive_nor_symmetric() {
    let script = format!(
        "{E13}add trustedproject project2;\nuse project2;\nset ProjectProtection=true;\n\
         add trustedproject project3;\ncreate table table2 (id bigint);\n\
         grant Select on table table2 to user ALIYUN$alice@aliyun.com;\n\
         use project1;\nadd user ALIYUN$bob@aliyun.com;\nuse project2;\nadd user ALIYUN$bob@aliyun.com;\n"
    );
    run(
        "plp_e13n.mcauth",
        &script,
        &[
            deny_permission("plp E13 (§5 UNDOCUMENTED: not transitive): project1 -> project2 -> project3 does not let project1's data reach project3", ctas_read("project3"), "4021"),
            allow(
                "plp E13: project2 trusts project3: project2's data flows there",
                cross(ALICE, "project3", "Select", "project2", "table", "table2"),
            ),
            deny_permission("plp E13 (§5 direction): project1 trusting project2 does not let project2's data flow to project1", cross(ALICE, "project1", "Select", "project2", "table", "table2"), "4021")
            .detail("project 'project2' is protected"),
        ],
    );
}

#[test]
fn plp_e13_remove_trustedproject_stops_the_flow() {
    let script = format!("{E13}add trustedproject project2;\nremove trustedproject project2;\n");
    run(
        "plp_e13r.mcauth",
        &script,
        &[deny_permission(
            "plp E13: after remove trustedproject project2: 4021 again",
            ctas_read("project2"),
            "4021",
        )
        .detail("(trusted: none)")],
    );
}

#[test]
fn plp_e13_trusted_project_does_not_grant_anything() {
    let script = format!(
        "{E13}add trustedproject project2;\nadd user ALIYUN$bob@aliyun.com;\n\
         use project2;\nadd user ALIYUN$bob@aliyun.com;\n\
         grant CreateInstance on project project2 to user ALIYUN$bob@aliyun.com;\n"
    );
    run(
        "plp_e13g.mcauth",
        &script,
        &[deny_permission("plp E13 (§5: flow control, not access control): bob without Select is refused even into a trusted project", cross(
                "ALIYUN$bob@aliyun.com",
                "project2",
                "Select",
                "project1",
                "table",
                "table1",
            ), "4019")],
    );
}

#[test]
fn plp_e13_super_administrator_may_add_a_trusted_project() {
    let script = format!("{E13}login ALIYUN$sa@aliyun.com;\nadd trustedproject project2;\n");
    run(
        "plp_e13s.mcauth",
        &script,
        &[allow(
            "plp E13 (§5): super_administrator adds the trusted project",
            ctas_read("project2"),
        )],
    );
}

#[test]
fn plp_e13_admin_may_not_add_or_remove_trusted_projects() {
    let stmt = "add trustedproject project2;";
    assert_rejected(
        "plp E13 (§2.2 AddTrustedProject: Admin N)",
        "plp_e13a.mcauth",
        &format!("{E13}login ALIYUN$adm@aliyun.com;\n{stmt}\n"),
        stmt,
        "may not",
    );
    let stmt = "remove trustedproject project2;";
    assert_rejected(
        "plp E13 (§2.2 RemoveTrustedProject: Admin N)",
        "plp_e13b.mcauth",
        &format!("{E13}add trustedproject project2;\nlogin ALIYUN$adm@aliyun.com;\n{stmt}\n"),
        stmt,
        "may not",
    );
}

#[test]
fn plp_e13_trusted_project_errors() {
    let stmt = "add trustedproject nowhere;";
    assert_rejected(
        "plp E13: trustedproject of an undeclared project",
        "plp_e13u.mcauth",
        &format!("{E13}{stmt}\n"),
        stmt,
        "project `nowhere` does not exist",
    );
    let stmt = "remove trustedproject project3;";
    assert_rejected(
        "plp E13: remove a project that is not trusted",
        "plp_e13v.mcauth",
        &format!("{E13}add trustedproject project2;\n{stmt}\n"),
        stmt,
        "does not trust",
    );
}

// ------------------------------------------------------------------------------------ E14

const E14_POLICY: &str = r#"{
  "Version": "1",
  "Statement": [{
    "Effect": "Allow",
    "Principal": "ALIYUN$alice@aliyun.com",
    "Action": ["odps:Select"],
    "Resource": "acs:odps:*:projects/project1/tables/table1",
    "Condition": { "StringEquals": { "odps:TaskType": ["DT", "SQL"] } }
  }]
}
"#;

#[test]
fn plp_e14_exception_policy_and_trusted_projects_together() {
    let dir = Dir::new("plp-e14");
    dir.write("policy.txt", E14_POLICY);
    let script = E13.replace(
        "set ProjectProtection=true;\n",
        "set ProjectProtection=true with exception policy.txt;\nadd trustedproject project2;\n\
         add user ALIYUN$bob@aliyun.com;\ngrant Select on table table1 to user ALIYUN$bob@aliyun.com;\n\
         use project3;\nadd user ALIYUN$bob@aliyun.com;\n\
         grant CreateInstance on project project3 to user ALIYUN$bob@aliyun.com;\n\
         use project2;\nadd user ALIYUN$bob@aliyun.com;\n\
         grant CreateInstance on project project2 to user ALIYUN$bob@aliyun.com;\n",
    );
    let e = dir.engine("plp_e14.mcauth", &script);
    let task = |r: Value, t: &str| with(r, json!({ "task_type": t }));
    let bob_read = |job: &str| {
        cross(
            "ALIYUN$bob@aliyun.com",
            job,
            "Select",
            "project1",
            "table",
            "table1",
        )
    };
    check_cases(
        &e,
        &[
            allow(
                "plp E14: Alice's SQL CTAS into project3 (not trusted) passes by the exception",
                task(ctas_read("project3"), "SQL"),
            )
            .detail("exception policy"),
            deny_permission(
                "plp E14: Alice's MapReduce job into project3: neither trusted nor excepted",
                task(ctas_read("project3"), "MapReduce"),
                "4021",
            ),
            allow(
                "plp E14 + E13: Alice's MapReduce job into project2 passes: project2 is trusted",
                task(ctas_read("project2"), "MapReduce"),
            ),
            deny_permission(
                "plp E14: Bob (not named) into project3 is refused",
                task(bob_read("project3"), "SQL"),
                "4021",
            ),
            allow(
                "plp E14 + E13: Bob into trusted project2 needs no exception",
                task(bob_read("project2"), "SQL"),
            )
            .detail("trusts project project2"),
        ],
    );
    assert_details(
        "plp E14: the 4021 names the exception policy that was tried",
        &e,
        &task(bob_read("project3"), "SQL"),
        Effect::Deny,
        &[
            "project 'project1' is protected",
            "no statement of the exception policy",
            "(trusted: project2)",
            "not through a package",
        ],
        &[ReasonKind::Protection],
    );
}

// ------------------------------------------------------------------------------------ E15

const E15: &str = "\
create project A owner ALIYUN$a@aliyun.com;
create project B owner ALIYUN$b@aliyun.com;
create project C owner ALIYUN$c@aliyun.com;
use A;
add user ALIYUN$u@aliyun.com;
create table t (id bigint, v string);
create table t2 (id bigint);
grant Select on table t to user ALIYUN$u@aliyun.com;
grant Select on table t2 to user ALIYUN$u@aliyun.com;
create package pkg;
add table t to package pkg;
allow project B to install package pkg;
set ProjectProtection=true;
use B;
add user ALIYUN$u@aliyun.com;
add user ALIYUN$w@aliyun.com;
grant CreateInstance on project B to user ALIYUN$u@aliyun.com;
grant CreateInstance on project B to user ALIYUN$w@aliyun.com;
install package A.pkg;
grant Read on package A.pkg to user ALIYUN$u@aliyun.com;
use C;
add user ALIYUN$u@aliyun.com;
grant CreateInstance on project C to user ALIYUN$u@aliyun.com;
";

const E15_U: &str = "ALIYUN$u@aliyun.com";

#[test]
fn plp_e15_package_sharing_beats_protection() {
    let e = engine("plp_e15.mcauth", E15);
    check_cases(
        &e,
        &[
            allow(
                "plp E15: U in B: select * from A.t through the package despite A being protected",
                cross(E15_U, "B", "Select", "A", "table", "t"),
            )
            .detail("plp_e15.mcauth:11:1"),
            allow(
                "plp E15: a Tunnel download of A.t through the package is not blocked either",
                cross(E15_U, "B", "Download", "A", "table", "t"),
            ),
            deny_permission("plp E15: U in C (no package), a direct member of A with Select on t: [4021] protected", cross(E15_U, "C", "Select", "A", "table", "t"), "4021")
            .detail("project 'A' is protected"),
            deny_permission("plp E15: U in B on A.t2 (not in the package), directly: [4021]", cross(E15_U, "B", "Select", "A", "table", "t2"), "4021"),
            deny_permission("plp E15 (§4.2 (c)): W in B without Read on the package and not a member of A: refused through the package", cross("ALIYUN$w@aliyun.com", "B", "Select", "A", "table", "t"), "4019")
            .detail("has no Read on package A.pkg"),
        ],
    );
    assert_details(
        "plp E15: the 4021 of the direct path says it was not through a package",
        &e,
        &cross(E15_U, "C", "Select", "A", "table", "t"),
        Effect::Deny,
        &[
            "project 'A' is protected",
            "(trusted: none)",
            "not through a package",
        ],
        &[ReasonKind::Protection],
    );
}

#[test]
fn plp_e15_package_refused_then_direct_path_protected() {
    // U is a member of A with Select on t; in B the package path refuses (no Read on the
    // package); the direct path then meets A's protection.
    let script = E15.replace(
        "grant Read on package A.pkg to user ALIYUN$u@aliyun.com;\n",
        "",
    );
    let e = engine("plp_e15b.mcauth", &script);
    check_cases(
        &e,
        &[deny_permission(
            "plp E15: without Read on the package, U falls back to the direct path: [4021]",
            cross(E15_U, "B", "Select", "A", "table", "t"),
            "4021",
        )
        .detail("the package path refused too")],
    );
}

// ------------------------------------------------------------------------- loader errors

const LOADER: &str = "\
at '2026-03-01T00:00:00Z';
create project p owner ALIYUN$o@aliyun.com;
create project q owner ALIYUN$q@aliyun.com;
use p;
add user ALIYUN$u@aliyun.com;
create table t (id bigint, phone string) partitioned by (ds string);
create package pk;
add table t to package pk;
";

#[test]
fn loader_label_on_a_partition_column() {
    for stmt in [
        "set label 2 to table t(ds);",
        "grant label 2 on table t(ds) to user ALIYUN$u@aliyun.com;",
    ] {
        assert_rejected(
            "plp §3.1: labels cannot be assigned to partition key columns",
            "lbl_part.mcauth",
            &format!("{LOADER}{stmt}\n"),
            stmt,
            "partition key columns cannot carry labels",
        );
    }
}

#[test]
fn loader_label_on_a_missing_column_or_table() {
    for stmt in [
        "set label 2 to table t(nope);",
        "grant label 2 on table t(phone, nope) to user ALIYUN$u@aliyun.com;",
        "revoke label on table t(nope) from user ALIYUN$u@aliyun.com;",
    ] {
        assert_rejected(
            "plp §3.2: a label on a column that does not exist",
            "lbl_col.mcauth",
            &format!("{LOADER}{stmt}\n"),
            stmt,
            "column `nope` does not exist",
        );
    }
    let stmt = "set label 2 to table nowhere;";
    assert_rejected(
        "plp §3.2: a label on a table that does not exist",
        "lbl_tab.mcauth",
        &format!("{LOADER}{stmt}\n"),
        stmt,
        "table `nowhere` does not exist",
    );
}

#[test]
fn loader_error_columns_point_at_the_column() {
    let stmt = "set label 2 to table t(phone, nope);";
    let e = load_error("column", "lbl_pos.mcauth", &format!("{LOADER}{stmt}\n"));
    let col = stmt.find("nope").unwrap() + 1;
    assert!(
        e.to_string()
            .starts_with(&format!("lbl_pos.mcauth:9:{col}:")),
        "the error points at the missing column: {e}"
    );
}

#[test]
fn loader_re_adding_an_object_to_a_package() {
    let stmt = "add table t to package pk with privileges Describe;";
    assert_rejected(
        "plp §4.1: privileges cannot be updated later: re-adding is an error",
        "pkg_readd.mcauth",
        &format!("{LOADER}{stmt}\n"),
        stmt,
        "is already in package `pk`",
    );
}

#[test]
fn loader_install_without_allow_and_of_a_missing_package() {
    let stmt = "install package p.pk;";
    assert_rejected(
        "plp §4.1: install without allow",
        "pkg_noallow.mcauth",
        &format!("{LOADER}use q;\n{stmt}\n"),
        stmt,
        "is not allowed to install package",
    );
    let stmt = "install package p.nope;";
    assert_rejected(
        "plp §4.1: install of a missing package",
        "pkg_missing.mcauth",
        &format!("{LOADER}use q;\n{stmt}\n"),
        stmt,
        "package `nope` does not exist in project `p`",
    );
    let stmt = "install package p.pk;";
    assert_rejected(
        "plp §4.1: install after disallow",
        "pkg_disallowed.mcauth",
        &format!(
            "{LOADER}allow project q to install package pk;\ndisallow project q to install package pk;\nuse q;\n{stmt}\n"
        ),
        stmt,
        "is not allowed to install package",
    );
    let stmt = "allow project nowhere to install package pk;";
    assert_rejected(
        "plp §4.1: allow an undeclared project",
        "pkg_allow_nowhere.mcauth",
        &format!("{LOADER}{stmt}\n"),
        stmt,
        "project `nowhere` does not exist",
    );
    let stmt = "grant Read on package p.pk to user ALIYUN$q2@aliyun.com;";
    assert_refused(
        "plp §4.1: Read on a package that is not installed",
        "pkg_read_missing.mcauth",
        &format!("{LOADER}use q;\nadd user ALIYUN$q2@aliyun.com;\n{stmt}\n"),
        stmt,
        "install",
    );
}

#[test]
fn loader_package_name_rules() {
    let long = format!("p{}", "x".repeat(128));
    assert_eq!(long.len(), 129);
    let ok_long = format!("p{}", "x".repeat(127));
    let stmt_long = format!("create package {long};");
    for (name, stmt, fragment) in [
        (
            "plp §4.1: a package name must not start with a digit",
            "create package 1pkg;".to_string(),
            "1pkg",
        ),
        (
            "plp §4.1: a package name holds letters, digits and `_` only",
            "create package pk-x;".to_string(),
            "-",
        ),
        (
            "plp §4.1: a package name is at most 128 characters",
            stmt_long.clone(),
            "129 characters",
        ),
    ] {
        assert_refused(
            name,
            "pkg_name.mcauth",
            &format!("{LOADER}{stmt}\n"),
            &stmt,
            fragment,
        );
    }
    // The digit rule and the length limit are the loader's (a package name error, not a
    // syntax error).
    assert_rejected(
        "plp §4.1: digit start, named as a package-name error",
        "pkg_name_digit.mcauth",
        &format!("{LOADER}create package _ok;\ncreate package 9lives;\n"),
        "create package 9lives;",
        "starts with a digit",
    );
    assert_rejected(
        "plp §4.1: 129 characters, named as a package-name error",
        "pkg_name_long.mcauth",
        &format!("{LOADER}{stmt_long}\n"),
        &stmt_long,
        "expected 1 to 128",
    );
    // 128 characters and a leading underscore are fine.
    Model::from_script_str(
        "pkg_name_ok.mcauth",
        &format!("{LOADER}create package {ok_long};\ncreate package _a1;\n"),
    )
    .unwrap();
    let stmt = "create package PK;";
    assert_rejected(
        "plp §4.1: a package name is unique in the project (case-insensitive)",
        "pkg_name_dup.mcauth",
        &format!("{LOADER}{stmt}\n"),
        stmt,
        "already exists",
    );
}

fn many_tables(n: usize) -> String {
    let mut s = String::from(
        "create project big owner ALIYUN$o@aliyun.com;\nuse big;\ncreate package pk;\n",
    );
    for i in 0..n {
        s.push_str(&format!("create table t{i} (id bigint);\n"));
    }
    s
}

#[test]
fn loader_more_than_1000_objects_in_a_package() {
    let stmt = "add table * to package pk;";
    assert_rejected(
        "plp §4.1: at most 1,000 objects per package (`*` over 1,001 tables)",
        "pkg_1001a.mcauth",
        &format!("{}{stmt}\n", many_tables(1001)),
        stmt,
        "at most 1000",
    );
    let mut script = many_tables(1001);
    for i in 0..1000 {
        script.push_str(&format!("add table t{i} to package pk;\n"));
    }
    let stmt = "add table t1000 to package pk;";
    script.push_str(stmt);
    script.push('\n');
    assert_rejected(
        "plp §4.1: the 1,001st object, added one by one",
        "pkg_1001b.mcauth",
        &script,
        stmt,
        "would hold 1001 objects",
    );
    // Exactly 1,000 is fine.
    Model::from_script_str(
        "pkg_1000.mcauth",
        &format!("{}add table * to package pk;\n", many_tables(1000)),
    )
    .unwrap();
}

#[test]
fn loader_package_statements_by_non_owners() {
    let stmt = "create package p2;";
    assert_rejected(
        "plp §4.1 / C6: a plain user may not create packages",
        "pkg_user.mcauth",
        &format!("{LOADER}login ALIYUN$u@aliyun.com;\n{stmt}\n"),
        stmt,
        "may not",
    );
    let stmt = "install package p.pk;";
    assert_rejected(
        "plp §4.1 / C6: a plain user of q may not install packages",
        "pkg_install_user.mcauth",
        &format!(
            "{LOADER}allow project q to install package pk;\nuse q;\nadd user ALIYUN$v@aliyun.com;\nlogin ALIYUN$v@aliyun.com;\n{stmt}\n"
        ),
        stmt,
        "may not",
    );
}

#[test]
fn loader_set_label_levels_are_0_to_9() {
    let stmt = "set label 10 to table t(phone);";
    assert_refused(
        "plp §3.1: levels run from 0 to 9",
        "lbl_level.mcauth",
        &format!("{LOADER}{stmt}\n"),
        stmt,
        "0 to 9",
    );
}
