//! Cedar (in the fair encoding of `benches/cedar_encoding`) and mcauth give every request of
//! the workload's ACL/role core the same answer, and both agree with the brute-force
//! reference, so the side-by-side bench compares equal work.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../benches/cedar_encoding/mod.rs"]
mod cedar_encoding;

use cedar_encoding::Cedar;
use mcauth_benches::workload;

fn same_answers(grants: usize, seed: u64) {
    let w = workload(grants, seed);
    let engine = w.engine().expect("the script loads and compiles");
    let cedar = Cedar::build(&w.core).unwrap_or_else(|e| panic!("cedar: {e}"));
    let reference = w.core.reference();
    let (mut mismatches, mut allowed) = (0, 0);
    for (ask, request) in w.asks.iter().zip(&w.requests) {
        let by_cedar = cedar.is_authorized(&cedar.request(ask).unwrap());
        let by_mcauth = engine.is_allowed(request);
        assert_eq!(by_mcauth, reference.allows(ask), "{request}");
        mismatches += usize::from(by_cedar != by_mcauth);
        allowed += usize::from(by_mcauth);
    }
    assert_eq!(mismatches, 0, "of {} requests", w.asks.len());
    // Both ways are exercised, not one answer given everywhere.
    assert!(
        allowed > w.asks.len() / 5 && allowed < w.asks.len() * 4 / 5,
        "{allowed}"
    );
}

#[test]
fn cedar_and_mcauth_agree_on_every_request_at_1k() {
    same_answers(1_000, 42);
}

#[test]
fn cedar_and_mcauth_agree_on_every_request_at_10k() {
    same_answers(10_000, 9);
}
