//! # mcauth
//!
//! The MaxCompute (formerly ODPS) authorization flow as a library: configuration written as
//! odpscmd security statements is loaded into a [`Model`] (plain data), compiled into an
//! immutable [`Engine`], and every [`Request`] gets a [`Decision`]: allow or deny, the stage of
//! the pipeline that decided, and the grants and settings (with their `file:line:column`) that
//! decided it.
//!
//! ```
//! use mcauth::{Engine, Model, Request, Stage};
//! let model = Model::from_script_str("sales.mcauth", "
//!     create project sales owner ALIYUN$owner@example.com;
//!     use sales;
//!     add accountprovider ram;
//!     add user RAM$owner@example.com:bob;
//! ").unwrap();
//! let engine = Engine::new(model).unwrap();
//! let req = Request::from_json(r#"{"principal":"RAM$owner@example.com:alice",
//!     "project":"sales","action":"CreateInstance"}"#).unwrap();
//! let d = engine.check(&req);
//! assert!(!d.is_allowed());
//! assert_eq!(d.stage, Stage::Membership);
//! ```
//!
//! The pipeline (design §1) lives in [`pipeline`], one module per stage; the script language
//! in [`script`]; how statements change the model in [`load`].

pub mod action;
pub mod analysis;
mod compile;
pub mod condition;
pub mod decision;
pub mod engine;
pub mod error;
pub mod explain;
pub mod glob;
pub mod hash;
pub mod lint;
pub mod load;
pub mod location;
pub mod model;
pub mod network;
pub mod pipeline;
pub mod policy;
pub mod principal;
pub mod ram;
pub mod request;
pub mod script;
pub mod show;
mod snapshot;
pub mod suite;

pub use action::{Action, ObjectType};
pub use decision::{
    Decision, DenyKind, Effect, Reason, ReasonKind, Stage, StageOutcome, StageResult,
};
pub use engine::{Engine, EngineOptions};
pub use error::{LoadError, RequestError};
pub use explain::Explanation;
pub use load::Input;
pub use model::Model;
pub use request::Request;
