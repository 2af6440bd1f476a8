//! The `Engine`: an immutable, validated snapshot of a [`Model`] that answers requests.

use crate::compile::FastPath;
use crate::compile::PolicyProjects;
use crate::decision::Decision;
use crate::error::LoadError;
use crate::explain::Explanation;
use crate::model::{Model, SNAPSHOT_FORMAT};
use crate::pipeline::{self, Trace};
use crate::request::{AnyRequest, Request};

/// Answers requests against one configuration. Built once, then shared freely: it is
/// immutable, `Send` and `Sync`, and `check` never panics.
///
/// Lookups touch only the principal's member record, its roles and the object: ACL grants are
/// found by exact key (grantee, object, column, action), and `*` patterns by role and object
/// type, never by a scan over all grants.
///
/// ```
/// use mcauth::{Engine, Model, Request};
/// let model = Model::from_script_str("demo.mcauth", "
///     create project sales owner ALIYUN$owner@example.com;
///     use sales;
///     add user ALIYUN$alice@example.com;
///     create table orders (id bigint, amount double);
///     grant CreateInstance on project sales to user ALIYUN$alice@example.com;
///     grant Select on table orders to user ALIYUN$alice@example.com;
/// ").unwrap();
/// let engine = Engine::new(model).unwrap();
/// let req = Request::from_json(r#"{"principal":"ALIYUN$alice@example.com","project":"sales",
///     "action":"Select","object":{"type":"table","name":"orders"}}"#).unwrap();
/// let decision = engine.check(&req);
/// assert!(decision.is_allowed());
/// assert_eq!(decision.reasons[0].source.as_deref(), Some("demo.mcauth:7:5"));
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    model: Model,
    options: EngineOptions,
    /// Worked out once: the projects where a check looks for policy statements.
    policies: PolicyProjects,
    /// Worked out once: the index that decides plain requests for [`Engine::is_allowed`].
    fast: FastPath,
}

/// Switches for the places where the documentation contradicts itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EngineOptions {
    /// CONTRADICTION K1: "Project Owner and Super_Administrator are not subject to any
    /// restrictions" (authorization practices) versus "all users except the project owner must
    /// pass the policy verification" (ODPS-0130013). Default `false`: a policy Deny binds a
    /// Super_Administrator too (`spec/acl-policy.md` §11.2 step 5).
    pub super_admin_bypasses_project_policy: bool,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
};

impl Engine {
    /// Compile a model. Fails on a model of another format version, or one whose keys and
    /// references are inconsistent ([`Model::validate`]).
    pub fn new(model: Model) -> Result<Engine, LoadError> {
        Engine::with_options(model, EngineOptions::default())
    }

    /// Compile a model with options other than the defaults.
    pub fn with_options(model: Model, options: EngineOptions) -> Result<Engine, LoadError> {
        if model.format != SNAPSHOT_FORMAT {
            return Err(LoadError::Snapshot {
                path: "<model>".into(),
                message: format!(
                    "format version {} is not supported: expected {SNAPSHOT_FORMAT}",
                    model.format
                ),
            });
        }
        model.validate().map_err(|message| LoadError::Snapshot {
            path: "<model>".into(),
            message,
        })?;
        // The compile stage (`crate::compile`).
        let policies = PolicyProjects::of(&model);
        let fast = FastPath::of(&model, options, &policies);
        Ok(Engine {
            model,
            options,
            policies,
            fast,
        })
    }

    /// Decide a project-level request.
    pub fn check(&self, request: &Request) -> Decision {
        self.run(request, &mut Trace::off())
    }

    /// Whether a project-level request is allowed: the verdict of [`Engine::check`] without
    /// its reasons, stages or trace.
    ///
    /// ```
    /// use mcauth::{Engine, Model, Request};
    /// let model = Model::from_script_str("demo.mcauth", "
    ///     create project sales owner ALIYUN$owner@example.com;
    ///     use sales;
    ///     add user ALIYUN$alice@example.com;
    ///     create table orders (id bigint);
    ///     grant CreateInstance on project sales to user ALIYUN$alice@example.com;
    ///     grant Select on table orders to user ALIYUN$alice@example.com;
    /// ").unwrap();
    /// let engine = Engine::new(model).unwrap();
    /// let req = Request::from_json(r#"{"principal":"ALIYUN$alice@example.com","project":"sales",
    ///     "action":"Select","object":{"type":"table","name":"orders"}}"#).unwrap();
    /// assert!(engine.is_allowed(&req));
    /// ```
    ///
    /// A plain request (a bare principal or an AccessKey of a member, a table action in the
    /// request's own project, no columns, address, VPC, time, task type or context) is
    /// answered from the compiled index without allocating, unless something besides ACL
    /// grants could decide it: a whitelist, a policy statement naming the table and action, a
    /// label on the table, the owner, a built-in role, the creator, a view, a column, expiring
    /// or conditional grant (`docs/performance.md`). Every other request runs the pipeline.
    pub fn is_allowed(&self, request: &Request) -> bool {
        match self.fast.verdict(request) {
            Some(allowed) => allowed,
            None => self.check(request).is_allowed(),
        }
    }

    /// Decide a request of any form: project-level, console or external data source.
    ///
    /// ```
    /// use mcauth::{Engine, Model, request::AnyRequest};
    /// let model = Model::from_script_str("t.mcauth", "
    ///     at '2026-03-01T00:00:00Z';
    ///     create account ALIYUN$owner@example.com uid 1000000000000001;
    ///     create ram user RAM$owner@example.com:bob;
    /// ").unwrap();
    /// let engine = Engine::new(model).unwrap();
    /// let req = AnyRequest::from_json(r#"{"principal":"RAM$owner@example.com:bob",
    ///     "action":"odps:CreateProject",
    ///     "resource":"acs:odps:cn-hangzhou:1000000000000001:projects/newp"}"#).unwrap();
    /// assert!(!engine.decide(&req).is_allowed()); // no RAM policy allows it
    /// ```
    pub fn decide(&self, request: &AnyRequest) -> Decision {
        self.run_any(request, &mut Trace::off())
    }

    /// Decide a project-level request and record every rule consulted on the way.
    pub fn explain(&self, request: &Request) -> Explanation {
        let mut trace = Trace::on();
        let decision = self.run(request, &mut trace);
        Explanation::new(request.to_string(), decision, trace.into_notes())
    }

    /// Explain a request of any form.
    pub fn explain_any(&self, request: &AnyRequest) -> Explanation {
        let mut trace = Trace::on();
        let decision = self.run_any(request, &mut trace);
        Explanation::new(request.to_string(), decision, trace.into_notes())
    }

    fn run_any(&self, request: &AnyRequest, trace: &mut Trace) -> Decision {
        match request {
            AnyRequest::Project(r) => self.run(r, trace),
            AnyRequest::Console(r) => pipeline::console::run(&self.model, r, trace),
            AnyRequest::External(r) => pipeline::external::run(&self.model, r, trace),
        }
    }

    /// Every stage for a project-level request.
    fn run(&self, request: &Request, trace: &mut Trace) -> Decision {
        pipeline::run(&self.model, self.options, &self.policies, request, trace)
    }

    /// The model this engine was built from.
    pub fn model(&self) -> &Model {
        &self.model
    }
}
