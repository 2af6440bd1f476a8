//! Loader, model, `show` and snapshot rules that were once inconsistent: principals in policy
//! files checked like a statement's, RAM-side names checked for their kind, `show` naming
//! only users of the project, snapshot errors at `file:line:column`, and one message per rule.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use mcauth::principal::{PrincipalKind, ShortForm};
use mcauth::script::parse_query;
use mcauth::show::{show, ShowError};
use mcauth::{LoadError, Model};
use std::path::PathBuf;

const BASE: &str = "create account ALIYUN$o@example.com uid 1000000000000001;\n\
    create ram user RAM$o@example.com:bob;\n\
    create project p owner ALIYUN$o@example.com;\n\
    use p;\nadd accountprovider ram;\ncreate table t (a bigint);\n";

/// A fresh folder for script and policy files.
fn folder(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mcauth-load-rules-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Load `script` (saved as `s.mcauth` beside `files`) from a fresh folder.
fn load_with(tag: &str, script: &str, files: &[(&str, &str)]) -> Result<Model, LoadError> {
    let dir = folder(tag);
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let path = dir.join("s.mcauth");
    std::fs::write(&path, script).unwrap();
    Model::from_scripts(&[path])
}

#[track_caller]
fn error_of(name: &str, script: &str) -> String {
    match Model::from_script_str("s.mcauth", script) {
        Ok(_) => panic!("{name}: the script loaded"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_policy_file_principal_must_be_declared_like_a_statement_principal() {
    let typo = "RAM$o@example.com:typo";
    let policy = format!(
        r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Principal":"{typo}","Action":"odps:Select","Resource":"acs:odps:*:projects/p/tables/t"}}]}}"#
    );
    let e = load_with(
        "policy-typo",
        &format!("{BASE}put policy p.json;\n"),
        &[("p.json", &policy)],
    )
    .unwrap_err()
    .to_string();
    let why = "`RAM$o@example.com:typo` is not declared: account `ALIYUN$o@example.com` \
               (declared at ";
    assert!(
        e.contains("p.json:1:"),
        "the error points into the policy file: {e}"
    );
    assert!(e.contains(why), "{e}");
    // The same name in a statement gives the same reason.
    let e = error_of("statement typo", &format!("{BASE}add user {typo};\n"));
    assert!(e.starts_with("s.mcauth:7:10: "), "{e}");
    assert!(e.contains(why), "{e}");
    // A declared user, its short form and an undeclared account's user still load.
    for who in [
        "RAM$o@example.com:bob",
        "RAM$bob",
        "RAM$other@example.com:anyone",
    ] {
        let policy = policy.replace(typo, who);
        let m = load_with(
            "policy-ok",
            &format!("{BASE}put policy p.json;\n"),
            &[("p.json", &policy)],
        );
        assert!(m.is_ok(), "{who}: {m:?}");
    }
}

#[test]
fn model_principal_resolution_and_declarations() {
    let m = Model::from_script_str("s.mcauth", BASE).unwrap();
    let owner = ShortForm::Account("o@example.com");
    let bob = m.principal("RAM$1000000000000001:BOB", owner).unwrap();
    assert_eq!(bob.key, "ram$o@example.com:bob");
    let (declared, at) = m.declaration(&bob).unwrap();
    assert_eq!(
        (declared.display.as_str(), at.line),
        ("RAM$o@example.com:bob", 2)
    );
    assert!(m.declares(&bob));
    let account = m.principal("ALIYUN$o@example.com", owner).unwrap();
    assert!(m.declaration(&account).is_none() && m.declares(&account));
    let refused = ShortForm::Refused("no account in context");
    assert_eq!(
        m.principal("RAM$bob", refused).unwrap_err(),
        "no account in context"
    );
    let typo = m.resolve_text("RAM$typo", owner).unwrap();
    assert_eq!(typo.kind, PrincipalKind::RamUser);
    assert!(m.declaration(&typo).is_none());
    assert_eq!(
        m.principal("RAM$typo", owner).unwrap_err(),
        format!(
            "`RAM$typo` is not declared: account `ALIYUN$o@example.com` (declared at s.mcauth:1:1) \
             declares no such RAM user"
        )
    );
}

#[test]
fn an_environment_role_must_be_a_ram_role() {
    let e = error_of(
        "user as role",
        &format!(
            "{BASE}create dataworks environment e for RAM$o@example.com:bob role RAM$o@example.com:bob;\n"
        ),
    );
    assert!(
        e.contains(
            "`RAM$o@example.com:bob` is not a RAM role: expected `RAM$<account>:role/<role>`"
        ),
        "{e}"
    );
    let e = error_of(
        "undeclared role",
        &format!(
            "{BASE}create dataworks environment e for RAM$o@example.com:bob role `RAM$o@example.com:role/r`;\n"
        ),
    );
    assert!(
        e.contains(
            "RAM role `RAM$o@example.com:role/r` is not declared: expected \
             `create ram role RAM$o@example.com:role/r trust '<file>';` first"
        ),
        "{e}"
    );
    let e = error_of(
        "account as owner",
        &format!("{BASE}create dataworks environment e for ALIYUN$o@example.com;\n"),
    );
    assert!(
        e.contains("`ALIYUN$o@example.com` is not a RAM user: expected `RAM$<account>:<user>`"),
        "{e}"
    );
}

#[test]
fn show_names_only_users_of_the_project() {
    let m = Model::from_script_str(
        "s.mcauth",
        &format!("{BASE}add user RAM$o@example.com:bob;\ncreate role r;\n"),
    )
    .unwrap();
    let grants = parse_query("show grants;").unwrap();
    assert!(show(&m, None, Some("RAM$bob"), &grants).is_ok());
    assert!(show(&m, None, Some("ALIYUN$o@example.com"), &grants).is_ok());
    let ghost = show(&m, None, Some("RAM$o@example.com:ghost"), &grants).unwrap_err();
    assert!(matches!(ghost, ShowError::BadPrincipal(_)), "{ghost:?}");
    assert!(
        ghost
            .to_string()
            .starts_with("`RAM$o@example.com:ghost` is not declared"),
        "{ghost}"
    );
    let outsider = show(&m, None, Some("ALIYUN$x@example.com"), &grants).unwrap_err();
    assert_eq!(
        outsider,
        ShowError::NotAUser("ALIYUN$x@example.com".into(), "p".into())
    );
    assert_eq!(
        outsider.to_string(),
        "`ALIYUN$x@example.com` is not a user of project `p`"
    );
    let for_ghost = parse_query("show grants for RAM$o@example.com:ghost;").unwrap();
    assert!(matches!(
        show(&m, None, None, &for_ghost),
        Err(ShowError::BadPrincipal(_))
    ));
    let for_outsider = parse_query("show grants for ALIYUN$x@example.com;").unwrap();
    assert!(matches!(
        show(&m, None, None, &for_outsider),
        Err(ShowError::NotAUser(..))
    ));
}

#[test]
fn snapshot_json_errors_name_file_line_and_column() {
    let e = Model::from_snapshot_str("s.json", "{\n  \"mcauth_snapshot\": \"x\"\n}").unwrap_err();
    let at = e.source_position().map(ToString::to_string);
    assert_eq!(at.as_deref(), Some("s.json:2:24"), "{e}");
    let text = e.to_string();
    assert!(
        text.starts_with("s.json:2:24: invalid snapshot: invalid type: string"),
        "{text}"
    );
    assert!(!text.contains("at line"), "{text}");
    // Columns count characters, as script positions do; serde counts bytes (55 here): the
    // closing quote of "x" is the 53rd character, the last but one.
    let text = "{\"session\": {\"project\": \"éé\"}, \"mcauth_snapshot\": \"x\"}";
    let e = Model::from_snapshot_str("s.json", text).unwrap_err();
    assert_eq!(text.chars().count(), 54);
    assert_eq!(e.source_position().map(|s| s.column), Some(53), "{e}");
}

#[test]
fn a_snapshot_whose_account_ids_disagree_with_the_accounts_is_refused() {
    let m = Model::from_script_str("s.mcauth", BASE).unwrap();
    let mut wrong = m.clone();
    wrong
        .account_ids
        .insert("2000000000000002".into(), "o@example.com".into());
    let e = Model::from_snapshot_str("w.json", &wrong.to_snapshot_json()).unwrap_err();
    assert!(
        e.to_string().contains(
            "account ID `2000000000000002` names account `o@example.com`, whose uid is `1000000000000001`"
        ),
        "{e}"
    );
    let mut missing = m.clone();
    missing.account_ids.clear();
    let e = Model::from_snapshot_str("m.json", &missing.to_snapshot_json()).unwrap_err();
    assert!(
        e.to_string().contains(
            "account `o@example.com` has uid `1000000000000001`, but `account_ids` does not map"
        ),
        "{e}"
    );
    assert!(Model::from_snapshot_str("ok.json", &m.to_snapshot_json()).is_ok());
}

#[test]
fn one_message_per_rule() {
    // The account-provider rule of authentication, with the statement's hint.
    let e = error_of(
        "provider",
        &format!("{BASE}remove accountprovider ram;\nadd user RAM$o@example.com:bob;\n"),
    );
    assert!(
        e.starts_with("s.mcauth:8:10: lack of account provider"),
        "{e}"
    );
    assert!(
        e.ends_with(": expected `add accountprovider ram;` first"),
        "{e}"
    );
    // The owner-or-role rules.
    let admin = format!(
        "{BASE}add user RAM$o@example.com:bob;\ngrant admin to RAM$o@example.com:bob;\n\
         login RAM$o@example.com:bob;\n"
    );
    let e = error_of(
        "admin role",
        &format!("{admin}create role boss privilegeproperties(\"type\"=\"admin\");\n"),
    );
    assert!(
        e.contains(
            "`RAM$o@example.com:bob` may not create an administrator role: only the project \
             owner or `super_administrator` may"
        ),
        "{e}"
    );
    let e = error_of(
        "grant admin",
        &format!("{admin}grant admin to RAM$o@example.com:bob;\n"),
    );
    assert!(
        e.contains("may not grant `admin`: only the project owner may"),
        "{e}"
    );
    // A repeated `setproject` key is named.
    let e = error_of(
        "setproject twice",
        &format!(
            "{BASE}setproject odps.security.ip.whitelist=10.0.0.1 odps.security.ip.whitelist=10.0.0.2;\n"
        ),
    );
    assert!(
        e.contains("`odps.security.ip.whitelist` is already set earlier in the same statement"),
        "{e}"
    );
    // Roles are roles.
    let e = error_of(
        "purge",
        &format!("{BASE}create role r;\npurge privs from role r;\n"),
    );
    assert!(e.contains("role `r` still exists in project `p`"), "{e}");
    let e = error_of(
        "no role",
        &format!("{BASE}grant Select on table t to role nope;\n"),
    );
    assert!(
        e.contains("role `nope` does not exist in project `p`"),
        "{e}"
    );
}

#[test]
fn system_names_come_from_the_known_lists() {
    let e = error_of(
        "unknown linked role",
        "create account ALIYUN$o@example.com uid 1000000000000001;\n\
         create service linked role AliyunServiceRoleForNothing for ALIYUN$o@example.com;\n",
    );
    assert!(
        e.contains(
            "expected one of `AliyunServiceRoleForMaxComputeIdentityMgmt` or \
             `AliyunServiceRoleForMaxComputeLakehouse`"
        ),
        "{e}"
    );
    let e = error_of(
        "unknown system policy",
        &format!("{BASE}attach policy AliyunNoSuchPolicy to ram user RAM$o@example.com:bob;\n"),
    );
    for name in mcauth::ram::system::system_policy_names() {
        assert!(e.contains(&format!("`{name}`")), "{name}: {e}");
    }
    // The service-linked role is the account's, under the account's name as written.
    let m = Model::from_script_str(
        "s.mcauth",
        "create account ALIYUN$O@Example.com uid 1000000000000001;\n\
         create service linked role AliyunServiceRoleForMaxComputeLakehouse for ALIYUN$1000000000000001;\n",
    )
    .unwrap();
    let role = &m.ram_roles["ram$o@example.com:role/aliyunservicerole\
                             formaxcomputelakehouse"];
    assert_eq!(
        role.principal.display,
        "RAM$1000000000000001:role/aliyunserviceroleformaxcomputelakehouse"
    );
    assert_eq!(role.principal.account, "o@example.com");
}

#[test]
fn refobject_grants_name_what_the_package_holds() {
    let script = "create account ALIYUN$o@example.com;\n\
        create project a owner ALIYUN$o@example.com;\ncreate project b owner ALIYUN$o@example.com;\n\
        use a;\ncreate table t (x bigint);\ncreate table u (x bigint);\ncreate package k;\n\
        add table t to package k;\nallow project b to install package k;\n\
        use b;\ninstall package a.k;\nadd user ALIYUN$v@example.com;\n";
    let e = error_of(
        "not in the package",
        &format!(
            "{script}grant Select on table u to user ALIYUN$v@example.com \
             privilegeproperties(\"refobject\"=\"true\", \"refproject\"=\"a\", \"package\"=\"k\");\n"
        ),
    );
    assert!(e.contains("package `a.k` holds no table `u`"), "{e}");
    assert!(Model::from_script_str(
        "s.mcauth",
        &format!(
            "{script}grant Select on table t to user ALIYUN$v@example.com \
             privilegeproperties(\"refobject\"=\"true\", \"refproject\"=\"a\", \"package\"=\"k\");\n"
        ),
    )
    .is_ok());
}

/// semantics G4: revoking an ACL or label grant that was never made is a no-op (acl §2.5
/// Recommended); revoking a role the user does not hold names the missing record.
#[test]
fn revoking_what_was_never_granted() {
    let grants = "add user RAM$o@example.com:bob;\ncreate role r;\n";
    let before = Model::from_script_str("g.mcauth", &format!("{BASE}{grants}")).unwrap();
    let after = Model::from_script_str(
        "g.mcauth",
        &format!(
            "{BASE}{grants}revoke Select on table t from user RAM$o@example.com:bob;\n\
             revoke label on table t from user RAM$o@example.com:bob;\n"
        ),
    )
    .unwrap();
    assert_eq!(before.projects["p"].acl, after.projects["p"].acl);
    assert_eq!(before.projects["p"].labels, after.projects["p"].labels);
    let e = error_of(
        "g.mcauth",
        &format!("{BASE}{grants}revoke r from RAM$o@example.com:bob;\n"),
    );
    assert!(e.starts_with("s.mcauth:9:8:"), "{e}");
    assert!(e.contains("does not hold role `r`"), "{e}");
}

/// Review S4: RAM's limits page (Dec 2025) allows 10 custom policies per RAM role, as per RAM
/// user; an eleventh is refused with the limit.
#[test]
fn a_ram_role_takes_ten_custom_policies() {
    let allow = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}"#;
    let trust = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1000000000000001:root"}}]}"#;
    let names: Vec<String> = (1..=11).map(|i| format!("c{i}.json")).collect();
    let mut files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), allow)).collect();
    files.push(("trust.json", trust));
    let role = "`RAM$o@example.com:role/etl`";
    let attach = |n: usize| -> String {
        names
            .iter()
            .take(n)
            .map(|f| format!("attach policy '{f}' to ram role {role};\n"))
            .collect()
    };
    let head = format!("{BASE}create ram role {role} trust 'trust.json';\n");
    let ten = load_with("ten-policies", &format!("{head}{}", attach(10)), &files).unwrap();
    let etl = ten
        .ram_roles
        .values()
        .find(|r| r.principal.display.ends_with("role/etl"));
    assert_eq!(etl.map(|r| r.policies.len()), Some(10));
    let e = load_with("eleven-policies", &format!("{head}{}", attach(11)), &files)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`RAM$o@example.com:role/etl` already has 10 custom policies attached: RAM allows at most 10"),
        "{e}"
    );
}

/// Review S7: a RAM role name of 64 letters, digits, `.` and `-` loads; service-linked roles,
/// whose names are fixed by the service, load as before.
#[test]
fn role_names_up_to_64_characters_and_service_linked_roles_load() {
    let trust = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1000000000000001:root"}}]}"#;
    let long = format!("etl.v2-{}", "r".repeat(57));
    assert_eq!(long.len(), 64);
    let script = format!(
        "{BASE}create ram role `RAM$o@example.com:role/{long}` trust 'trust.json';\n\
         create service linked role AliyunServiceRoleForMaxComputeLakehouse for ALIYUN$o@example.com;\n\
         create service linked role AliyunServiceRoleForMaxComputeIdentityMgmt for ALIYUN$o@example.com;\n"
    );
    let model = load_with("role-names", &script, &[("trust.json", trust)]).unwrap();
    assert_eq!(model.ram_roles.len(), 3);
}
