//! The package path of a cross-project request (`spec/principals-labels-packages.md` §4.2
//! step 3): the job's project has installed a package of the object's project that holds the
//! object with the needed privilege; the source project still allows the installation; the
//! caller has `Read` on the package in the job's project (its owner and administrators hold
//! it implicitly); refobject ACLs on the object, once any exist, narrow who else may use it
//! (the installing project's owner and administrators, who cannot be their grantees, are not
//! narrowed); the
//! source project's labels apply with the `using label` cap. ProjectProtection of the source
//! project does not block this path ("resource sharing takes precedence").

use super::access::{self, Ask};
use super::acl::{self, Grantees, Scope};
use super::label::{self, Clearance};
use super::{Caller, Env};
use crate::action::{Action, ObjectType};
use crate::decision::{DenyKind, Effect, Reason, ReasonKind};
use crate::model::{BuiltinRole, Installation, Package, PackageObject, Project};
use crate::pipeline::{Denial, Trace};

/// What the package path found.
#[derive(Debug)]
pub(crate) enum Path {
    /// No package installed in the job's project holds the object.
    None,
    /// A package holds it, and refuses (the first refusal).
    Denied(Denial),
    /// A package lets the request through, for these reasons.
    Allowed(Vec<Reason>),
}

/// The privilege a package object must carry for `action`: a Tunnel download moves what a
/// read returns.
fn needed(ty: ObjectType, action: Action) -> Action {
    if action == Action::Download {
        super::download_read(ty)
    } else {
        action
    }
}

/// Try every package of `home` installed in `job` that holds the object of `ask`, for `caller`
/// (as a user of `job`).
pub(crate) fn reach(
    job: &Project,
    home: &Project,
    caller: Caller<'_>,
    ask: Ask<'_>,
    env: &Env<'_>,
    trace: &mut Trace,
) -> Path {
    let mut refusal: Option<Denial> = None;
    let mut found = false;
    for (key, installation) in &job.installed {
        if !installation.project.eq_ignore_ascii_case(&home.name) {
            continue;
        }
        let package = installation
            .package_key(key)
            .and_then(|k| home.packages.get(k));
        let Some(package) = package else {
            trace.note(|| {
                (
                    format!(
                        "package {}: installed in {}, but no longer exists in {}",
                        installation.name(),
                        job.name,
                        home.name
                    ),
                    Some(&installation.source),
                )
            });
            continue;
        };
        let Some(object) = package.object(ask.object_type, ask.name) else {
            trace.note(|| {
                (
                    format!(
                        "package {}: holds no {} {}",
                        installation.name(),
                        ask.object_type,
                        ask.name
                    ),
                    Some(&package.source),
                )
            });
            continue;
        };
        found = true;
        let through = Through {
            job,
            home,
            key,
            installation,
            package,
            object,
        };
        match through.check(caller, ask, env, trace) {
            Ok(reasons) => return Path::Allowed(reasons),
            Err(d) => {
                trace.note(|| {
                    (
                        format!("package {}: {}", installation.name(), d.message),
                        None,
                    )
                });
                if refusal.is_none() {
                    refusal = Some(d);
                }
            }
        }
    }
    match refusal {
        Some(d) => Path::Denied(d),
        None if found => Path::None,
        None => {
            trace.note(|| {
                (
                    format!(
                        "no package of {} installed in {} holds {} {}",
                        home.name, job.name, ask.object_type, ask.name
                    ),
                    None,
                )
            });
            Path::None
        }
    }
}

/// One installed package that holds the object.
struct Through<'a> {
    job: &'a Project,
    home: &'a Project,
    /// The installation's key in `job` ([`Installation::key`]).
    key: &'a str,
    installation: &'a Installation,
    package: &'a Package,
    object: &'a PackageObject,
}

impl Through<'_> {
    fn refuse(&self, action: Action, why: String, reason: Reason) -> Denial {
        Denial::new(
            "4019",
            format!(
                "Authorization Failed [4019], You have NO privilege 'odps:{action}' on {{{}}} \
                 through package {}: {why}",
                super::arn(self.home, self.object.object_type, &self.object.name),
                self.installation.name()
            ),
        )
        .kind(DenyKind::Implicit)
        .because(reason)
    }

    fn check(
        &self,
        caller: Caller<'_>,
        ask: Ask<'_>,
        env: &Env<'_>,
        trace: &mut Trace,
    ) -> Result<Vec<Reason>, Denial> {
        let principal = caller.principal;
        let name = self.installation.name();
        // (b) the source project still allows the installing project.
        let Some(cap) = self.package.allowed.get(self.job.key().as_ref()) else {
            return Err(self.refuse(
                ask.action,
                format!(
                    "project {} no longer allows {} to install it",
                    self.home.name, self.job.name
                ),
                Reason::new(
                    ReasonKind::Package,
                    Effect::Deny,
                    Some(&self.installation.source),
                    format!(
                        "{name} is installed in {}, but {} disallowed it",
                        self.job.name, self.home.name
                    ),
                ),
            ));
        };
        // (a) the object's privileges in the package.
        let need = needed(ask.object_type, ask.action);
        let privileges: Vec<&str> = self.object.privileges.iter().map(|a| a.as_str()).collect();
        if !self
            .object
            .privileges
            .iter()
            .any(|&a| a == need || a == Action::All)
        {
            return Err(self.refuse(
                ask.action,
                format!(
                    "it gives {} on {} {}, not {need}",
                    privileges.join(", "),
                    ask.object_type,
                    self.object.name
                ),
                Reason::new(
                    ReasonKind::Package,
                    Effect::Deny,
                    Some(&self.object.source),
                    format!(
                        "{} {} is in package {name} with {}",
                        ask.object_type,
                        self.object.name,
                        privileges.join(", ")
                    ),
                ),
            ));
        }
        let mut reasons = vec![Reason::new(
            ReasonKind::Package,
            Effect::Allow,
            Some(&self.object.source),
            format!(
                "package {name} (installed in {} at {}) gives {} on {} {}",
                self.job.name,
                self.installation.source,
                privileges.join(", "),
                ask.object_type,
                self.object.name
            ),
        )];
        trace.note(|| {
            (
                reasons.first().map(|r| r.text.clone()).unwrap_or_default(),
                Some(&self.object.source),
            )
        });
        // (c) Read on the package in the installing project.
        let read = Ask {
            action: Action::Read,
            object_type: ObjectType::Package,
            name: self.key,
            columns: &[],
        };
        // Its refusal keeps its code and kind (a policy Deny stays an explicit 4011).
        let granted = access::allow(self.job, caller, read, env, trace).map_err(|mut d| {
            d.message = format!(
                "{}: {principal} has no Read on package {name} in project {}, which {} on {} \
                 through package {name} needs",
                d.message, self.job.name, ask.action, self.object.name
            );
            d.because(Reason::new(
                ReasonKind::Package,
                Effect::Deny,
                Some(&self.installation.source),
                format!(
                    "{principal} has no Read on package {name} in project {}",
                    self.job.name
                ),
            ))
        })?;
        reasons.extend(granted);
        // (d) refobject ACLs narrow access to the object once any exist for it.
        let narrowed = self.installation.acl.names(ask.object_type, ask.name);
        let administers = self.job.owner.key == principal.key
            || caller.role(BuiltinRole::SuperAdministrator.key()).is_some()
            || caller.role(BuiltinRole::Admin.key()).is_some();
        if narrowed && administers {
            trace.note(|| {
                (
                    format!(
                        "package {name}: {} has refobject ACL grants in {}, but {principal} \
                         administers {} and is not narrowed by them",
                        self.object.name, self.job.name, self.job.name
                    ),
                    None,
                )
            });
        } else if narrowed {
            // Only the job project's current users (and their roles) can hold them.
            let grantees = match caller.member {
                Some(_) => caller.grantees(),
                None => Grantees::none(),
            };
            let scope = Scope {
                acl: self.installation.acl.table(),
                table: self.home.tables.get(ask.name),
                grantees,
            };
            trace.note(|| {
                (
                    format!(
                        "package {name}: {} has refobject ACL grants in {}: they narrow who may use it",
                        self.object.name, self.job.name
                    ),
                    None,
                )
            });
            match acl::find_in(
                scope,
                Ask {
                    action: need,
                    ..ask
                },
                env,
                trace,
            ) {
                Some(r) => reasons.extend(r),
                None => {
                    let mut d = self.refuse(
                        ask.action,
                        format!(
                            "no refobject ACL grant in {} gives {principal} {need} on it",
                            self.job.name
                        ),
                        Reason::new(
                            ReasonKind::Package,
                            Effect::Deny,
                            Some(&self.installation.source),
                            format!(
                                "refobject ACL grants on {} {} in {} do not cover {principal}",
                                ask.object_type, self.object.name, self.job.name
                            ),
                        ),
                    );
                    for g in self.installation.acl.on(ask.object_type, ask.name) {
                        d = d.because(Reason::new(
                            ReasonKind::Grant,
                            Effect::Deny,
                            Some(&g.source),
                            format!("{g} (refobject: narrows the package to its grantees)"),
                        ));
                    }
                    return Err(d);
                }
            }
        }
        // (e) the source project's labels, capped by `using label`.
        let clearance = Clearance::Package {
            installation: self.installation,
            cap,
        };
        reasons.extend(label::check(self.home, caller, ask, clearance, env, trace)?);
        Ok(reasons)
    }
}
