//! The generated workload decides the way each named set says, checked on every request's
//! `Decision` (not just counted), at 1k and 10k grants.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mcauth::{Decision, DenyKind, Effect, Engine, Model, ReasonKind, Request, Stage};
use mcauth_benches::policy::POLICY_FILE;
use mcauth_benches::{workload, Workload};

/// Whether a Deny of the project policy read from `file` (as the loader names it) is among
/// `d`'s reasons, its source in that file.
fn policy_denies(d: &Decision, file: &str) -> bool {
    d.reasons.iter().any(|r| {
        (r.kind, r.effect) == (ReasonKind::Policy, Effect::Deny)
            && r.source
                .as_deref()
                .and_then(|s| s.strip_prefix(file))
                .is_some_and(|at| at.starts_with(':'))
    })
}

fn has_reason(d: &Decision, kind: ReasonKind, effect: Effect) -> bool {
    d.reasons
        .iter()
        .any(|r| r.kind == kind && r.effect == effect)
}

/// Every set named for a path has requests, and every request was valid JSON to mcauth.
fn assert_filled(w: &Workload) {
    assert_eq!(w.invalid, 0, "requests mcauth refused");
    for (name, set) in w.paths() {
        assert!(!set.is_empty(), "set `{name}` is empty");
    }
    assert_eq!(w.requests.len(), w.asks.len());
    assert_eq!(w.label.len(), w.label_allowed.len());
    assert_eq!(w.access_key.len(), w.allow.len() + w.deny.len());
    assert!(w.label_allowed.iter().any(|&a| a) && w.label_allowed.iter().any(|&a| !a));
}

fn assert_plain_allow(d: &Decision, r: &Request) {
    assert!(d.is_allowed(), "{r}: {d}");
    assert_eq!(d.stage, Stage::Permission);
    assert!(
        has_reason(d, ReasonKind::Grant, Effect::Allow),
        "{r}: {d:?}"
    );
}

fn assert_plain_deny(d: &Decision, r: &Request) {
    assert!(!d.is_allowed(), "{r}: {d}");
    assert_eq!(
        (d.stage, d.deny_kind),
        (Stage::Permission, Some(DenyKind::Implicit)),
        "{r}: {d}"
    );
}

fn check_sets(grants: usize, seed: u64) {
    let w = workload(grants, seed);
    assert_filled(&w);
    let engine = w
        .engine()
        .unwrap_or_else(|e| panic!("the generated script loads and compiles: {e}"));

    let reference = w.core.reference();
    let mut allowed = 0;
    for (ask, r) in w.asks.iter().zip(&w.requests) {
        let d = engine.check(r);
        if reference.allows(ask) {
            allowed += 1;
            assert_plain_allow(&d, r);
        } else {
            assert_plain_deny(&d, r);
        }
        assert_eq!(engine.is_allowed(r), d.is_allowed(), "{r}");
    }
    // The perf-anchors mix takes both ways in earnest (a 10-grant project has one user).
    assert!(
        grants < 1_000 || allowed * 5 > w.asks.len() && allowed * 5 < w.asks.len() * 4,
        "{allowed}"
    );

    let (mut by_user, mut by_role) = (0, 0);
    for r in &w.allow {
        let d = engine.check(r);
        assert_plain_allow(&d, r);
        let grant = d
            .reasons
            .iter()
            .find(|x| x.kind == ReasonKind::Grant)
            .unwrap();
        by_user += usize::from(grant.text.contains(" to user "));
        by_role += usize::from(grant.text.contains(" to role "));
    }
    // Half from a user's grant, half from a role's (`Grant` reasons name the grant first).
    assert_eq!(by_user + by_role, w.allow.len());
    assert!(
        grants < 1_000 || by_user == w.allow.len() / 2,
        "{by_user} of {}",
        w.allow.len()
    );
    for r in &w.deny {
        assert_plain_deny(&engine.check(r), r);
    }
    for r in &w.package {
        let d = engine.check(r);
        assert!(d.is_allowed(), "{r}: {d}");
        assert!(
            has_reason(&d, ReasonKind::Package, Effect::Allow),
            "{r}: {d:?}"
        );
    }
    for (r, &expected) in w.label.iter().zip(&w.label_allowed) {
        let d = engine.check(r);
        if expected {
            assert!(d.is_allowed(), "{r}: {d}");
            assert!(
                has_reason(&d, ReasonKind::Label, Effect::Allow),
                "{r}: {d:?}"
            );
        } else {
            assert!(!d.is_allowed(), "{r}: {d}");
            assert_eq!(
                (d.stage, d.code.as_deref()),
                (Stage::Permission, Some("label")),
                "{r}: {d}"
            );
            assert!(
                has_reason(&d, ReasonKind::Label, Effect::Deny),
                "{r}: {d:?}"
            );
        }
    }
    for r in &w.policy {
        let d = engine.check(r);
        assert!(!d.is_allowed(), "{r}: {d}");
        assert_eq!(
            (d.stage, d.deny_kind),
            (Stage::Permission, Some(DenyKind::Explicit)),
            "{r}: {d}"
        );
        assert!(policy_denies(&d, "deny-policy.json"), "{r}: {d:?}");
    }
    // The AccessKey twins decide as the bare principals do, for the same reasons.
    let bare = w.allow.iter().chain(&w.deny);
    for (keyed, bare) in w.access_key.iter().zip(bare) {
        assert!(keyed.to_string().contains("AKU"), "{keyed}");
        let (k, b) = (engine.check(keyed), engine.check(bare));
        assert_eq!(
            (k.decision, k.stage, k.deny_kind),
            (b.decision, b.stage, b.deny_kind),
            "{keyed}"
        );
    }
}

#[test]
fn every_named_set_decides_as_named_at_10() {
    check_sets(10, 42);
}

#[test]
fn every_named_set_decides_as_named_at_1k() {
    check_sets(1_000, 42);
}

#[test]
fn every_named_set_decides_as_named_at_10k() {
    check_sets(10_000, 7);
}

#[test]
fn the_same_seed_gives_the_same_workload_and_another_seed_another() {
    let (a, b, c) = (workload(1_000, 3), workload(1_000, 3), workload(1_000, 4));
    assert_eq!(a.script, b.script);
    assert_eq!(a.asks, b.asks);
    assert_eq!(a.requests, b.requests);
    assert_ne!(a.script, c.script);
}

#[test]
fn the_core_spreads_over_projects_of_about_ten_thousand_grants() {
    use mcauth_benches::{Core, Rng};
    for (grants, projects) in [(10, 1), (1_000, 1), (100_000, 10)] {
        let core = Core::generate(grants, &mut Rng::new(1));
        assert_eq!(core.grants.len(), grants);
        assert_eq!(core.projects.len(), projects);
        assert_eq!(core.users() as usize, (grants / 10).max(1));
        for p in &core.projects {
            let n = p.grants.len();
            assert_eq!(p.roles as usize, (n / 100).clamp(1, 100));
            assert_eq!(p.tables as usize, (n / 4).max(1));
        }
        // 60 % of grants go to roles, 40 % to users (loosely, for the small ones).
        let to_roles = core
            .grants
            .iter()
            .filter(|g| matches!(g.grantee, mcauth_benches::acl::Grantee::Role(_)))
            .count();
        if grants >= 1_000 {
            assert!((to_roles * 100 / grants).abs_diff(60) <= 5, "{to_roles}");
        }
        assert!(core.user_roles.iter().all(|r| r.len() <= 3));
    }
}

#[test]
fn the_script_names_its_policy_beside_itself_and_loads_from_any_folder() {
    let w = workload(1_000, 5);
    // No path of the checkout in the script: it names the policy file as a user would.
    assert!(w.script.contains(&format!("put policy '{POLICY_FILE}';")));
    assert!(!w.script.contains(env!("CARGO_MANIFEST_DIR")));
    let dir = std::env::temp_dir().join(format!("mcauth-benches-{}", std::process::id()));
    let path = w.write_to(&dir).unwrap();
    let loaded = Model::from_scripts(&[&path]).and_then(Engine::new);
    std::fs::remove_dir_all(&dir).unwrap();
    let engine = loaded.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // Its policy was read beside the written script, and it still denies the policy set.
    let beside = dir.join(POLICY_FILE).display().to_string();
    assert!(!w.policy.is_empty());
    for r in &w.policy {
        let d = engine.check(r);
        assert!(!d.is_allowed() && policy_denies(&d, &beside), "{r}: {d:?}");
    }
}
