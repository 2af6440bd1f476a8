//! `Engine::is_allowed` (the compiled fast path where it applies, the pipeline elsewhere) says
//! what `Engine::check` says on every request set of the benchmark workload: plain ACL allows
//! and denials, cross-project packages, LabelSecurity, policy Denys and AccessKeys.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use mcauth_benches::workload;

#[test]
fn is_allowed_agrees_with_check_on_every_request_set() {
    for grants in [1_000, 20_000] {
        let w = workload(grants, 7);
        let engine = w.engine().unwrap();
        let sets = w.paths().into_iter().chain([
            ("access_key", w.access_key.as_slice()),
            ("mix", w.requests.as_slice()),
        ]);
        for (name, requests) in sets {
            assert!(!requests.is_empty(), "{grants} grants: set {name} is empty");
            for r in requests {
                assert_eq!(
                    engine.is_allowed(r),
                    engine.check(r).is_allowed(),
                    "{grants} grants, set {name}: {r}"
                );
            }
        }
    }
}
