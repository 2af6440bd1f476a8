//! The seeded workload of issue 9 and `shared/perf-anchors.md`, as an mcauth script and named
//! sets of requests, shared by the benches and the tests.
//!
//! The core ([`acl`]) is the perf-anchors ACL/role workload, spread over projects of about
//! 10k grants. Around it: LabelSecurity with column labels and user clearances ([`label`]), a
//! project policy denying some tables ([`policy`]), cross-project packages ([`package`]), and
//! AccessKeys for the users of the allow and deny sets. One RAM account owns everything.
//!
//! ```
//! let w = mcauth_benches::workload(1_000, 7);
//! let engine = w.engine().unwrap();
//! assert!(w.allow.iter().all(|r| engine.check(r).is_allowed()));
//! assert!(w.deny.iter().all(|r| !engine.is_allowed(r)));
//! ```

pub mod acl;
pub mod case;
pub mod exit;
pub mod extra;
pub mod label;
pub mod package;
pub mod policy;
pub mod rng;
pub mod script;
pub mod sets;
pub mod sizes;

pub use acl::{Ask, Core};
pub use case::{Case, Identity};
pub use rng::Rng;

use mcauth::{Engine, LoadError, Model, Request};
use std::path::{Path, PathBuf};

/// The file name the script is loaded under (it appears in decisions' sources). A relative
/// name: the policy file the script puts ([`policy::POLICY_FILE`]) is read from the working
/// directory, which cargo sets to the package root for tests and benches (the binaries move
/// there first).
pub const SCRIPT_NAME: &str = "bench.mcauth";

/// The file name a snapshot of the workload is loaded under.
pub const SNAPSHOT_NAME: &str = "bench.json";

/// How many requests each named set holds at most.
pub const SET: usize = 1_000;

/// One generated workload.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The configuration script.
    pub script: String,
    /// The ACL/role core as plain data, for other encodings of the same grants.
    pub core: Core,
    /// The perf-anchors mix, as plain data: half derived from a grant, a quarter near
    /// misses, a quarter random.
    pub asks: Vec<Ask>,
    /// `asks` as requests, in the same order (bare principals).
    pub requests: Vec<Request>,
    /// Plain ACL allows: a user's grant or a role's grant (asked by a holder).
    pub allow: Vec<Request>,
    /// Plain ACL denies: no grant of the user or its roles gives the action.
    pub deny: Vec<Request>,
    /// Reads of a package's tables from a consumer project, by a user holding Read on the
    /// package (directly or through a role): all allowed.
    pub package: Vec<Request>,
    /// Column reads in LabelSecurity projects, allowed or denied by the label check.
    pub label: Vec<Request>,
    /// Whether each of `label` should be allowed (same order).
    pub label_allowed: Vec<bool>,
    /// Requests an ACL grant allows and the project policy denies: all denied explicitly.
    pub policy: Vec<Request>,
    /// The AccessKey twins of `allow`, then those of `deny`: the same requests with the
    /// user's `access_key_id` instead of its name.
    pub access_key: Vec<Request>,
    /// Cases whose JSON mcauth refused (always 0 unless the generator is broken).
    pub invalid: usize,
}

impl Workload {
    /// The model the script loads into, as [`SCRIPT_NAME`]: its policy file is read from the
    /// working directory.
    pub fn model(&self) -> Result<Model, LoadError> {
        Model::from_script_str(SCRIPT_NAME, &self.script)
    }

    /// The engine the model compiles to.
    pub fn engine(&self) -> Result<Engine, LoadError> {
        self.model().and_then(Engine::new)
    }

    /// Write the script to `dir` as [`SCRIPT_NAME`], with the policy file it puts beside it,
    /// and return the script's path: the pair loads from any folder
    /// (`Model::from_scripts(&[path])`).
    pub fn write_to(&self, dir: &Path) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(policy::POLICY_FILE), policy::POLICY)?;
        let path = dir.join(SCRIPT_NAME);
        std::fs::write(&path, &self.script)?;
        Ok(path)
    }

    /// The named sets that take a path each through the pipeline, by name: `allow`, `deny`,
    /// `package`, `label`, `policy`.
    pub fn paths(&self) -> [(&'static str, &[Request]); 5] {
        [
            ("allow", &self.allow),
            ("deny", &self.deny),
            ("package", &self.package),
            ("label", &self.label),
            ("policy", &self.policy),
        ]
    }

    /// The AccessKey twins of `allow`.
    pub fn access_key_allow(&self) -> &[Request] {
        self.access_key.get(..self.allow.len()).unwrap_or(&[])
    }

    /// The AccessKey twins of `deny`.
    pub fn access_key_deny(&self) -> &[Request] {
        self.access_key.get(self.allow.len()..).unwrap_or(&[])
    }
}

/// Up to `count` of `pool`, drawn without replacement in a seeded order.
fn sample<T>(mut pool: Vec<T>, count: usize, rng: &mut Rng) -> Vec<T> {
    for i in 0..pool.len().min(count) {
        let j = i + rng.below(pool.len() - i);
        pool.swap(i, j);
    }
    pool.truncate(count);
    pool
}

/// `cases` as requests naming the caller by `identity`, each with what it carries; a case
/// whose JSON mcauth refuses is left out, with what it carries, and counted in `invalid`.
fn requests<T>(
    cases: impl IntoIterator<Item = (Case, T)>,
    identity: Identity,
    invalid: &mut usize,
) -> (Vec<Request>, Vec<T>) {
    cases
        .into_iter()
        .filter_map(|(case, with)| {
            let request = case.request(identity);
            *invalid += usize::from(request.is_none());
            Some((request?, with))
        })
        .unzip()
}

/// Generate the workload of about `grants` core ACL grants; the same `grants` and `seed`
/// always give the same workload.
pub fn workload(grants: usize, seed: u64) -> Workload {
    let core = Core::generate(grants, &mut Rng::stream(seed, 0));
    let holders = core.holders();
    let reference = core.reference();
    let count = 10_000.min(grants * 4).max(100);
    let asks = sets::mix(&core, &holders, count, &mut Rng::stream(seed, 1));
    let allow = sets::allow(&core, &holders, &reference, SET, &mut Rng::stream(seed, 2));
    let deny = sets::deny(&core, &reference, SET, &mut Rng::stream(seed, 3));
    let labels = label::generate(&core, &holders, &mut Rng::stream(seed, 4));
    let policies = policy::generate(&core, &holders, &mut Rng::stream(seed, 5));
    let packages = package::generate(&core, &holders, &mut Rng::stream(seed, 6));
    let mut keys: Vec<u32> = allow.iter().chain(&deny).map(|a| a.user).collect();
    keys.sort_unstable();
    keys.dedup();
    let script = script::write(
        &core,
        &[&labels, &policies, &packages.extra],
        &packages,
        &keys,
    );
    let mut invalid = 0;
    let mut plain = |asks: &[Ask], identity| {
        let cases = asks.iter().map(|a| (Case::of(a), ()));
        requests(cases, identity, &mut invalid).0
    };
    let mix = plain(&asks, Identity::Principal);
    let allow_requests = plain(&allow, Identity::Principal);
    let deny_requests = plain(&deny, Identity::Principal);
    let mut access_key = plain(&allow, Identity::AccessKey);
    access_key.extend(plain(&deny, Identity::AccessKey));
    let mut rng = Rng::stream(seed, 7);
    let mut sampled = |cases: Vec<(Case, bool)>| {
        let cases = sample(cases, SET, &mut rng);
        requests(cases, Identity::Principal, &mut invalid)
    };
    let (package, _) = sampled(packages.extra.cases);
    let (label, label_allowed) = sampled(labels.cases);
    let (policy, _) = sampled(policies.cases);
    Workload {
        script,
        core,
        asks,
        requests: mix,
        allow: allow_requests,
        deny: deny_requests,
        package,
        label,
        label_allowed,
        policy,
        access_key,
        invalid,
    }
}
