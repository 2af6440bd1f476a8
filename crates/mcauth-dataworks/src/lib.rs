//! DataWorks on MaxCompute, as data `mcauth` can load, test against and diff.
//!
//! Most MaxCompute projects are run from DataWorks, whose workspace roles ("Development",
//! "O&M", ...) map onto MaxCompute roles (`Role_Project_Dev`, ...). This crate holds:
//! - [`roles`]: seed 003's role table as typed data — each DataWorks role, its MaxCompute role
//!   and its permissions in the development and production environments;
//! - [`workspace`]: a workspace (basic or standard mode, owner, members and their roles, the
//!   production scheduling identity, personal development environments) read from JSON;
//! - [`render()`]: the MaxCompute configuration a workspace implies, as an `mcauth` script;
//! - [`drift`]: where a MaxCompute configuration grants more or less than the DataWorks roles
//!   imply (seed 003: "the user's actual permissions in MaxCompute may differ from those
//!   displayed in DataWorks").
//!
//! ```
//! use mcauth_dataworks::{render, Workspace};
//! let ws = Workspace::parse("ws.json", r#"{"name": "sales", "mode": "basic",
//!     "owner": "ALIYUN$corp@example.com",
//!     "members": [{"user": "RAM$corp@example.com:ann", "roles": ["Data Analyst"]}]}"#)
//!     .unwrap();
//! let engine = mcauth::Engine::new(mcauth::Model::from_script_str("ws.mcauth", &render(&ws))
//!     .unwrap()).unwrap();
//! let ask = |action: &str| engine.check(&mcauth::Request::from_json(&format!(
//!     r#"{{"principal": "RAM$corp@example.com:ann", "project": "sales", "action": "{action}"}}"#
//! )).unwrap());
//! assert!(ask("CreateTable").is_allowed());
//! assert!(!ask("CreateFunction").is_allowed());
//! ```

pub mod drift;
pub mod error;
pub mod render;
pub mod roles;
pub mod workspace;

pub use drift::{Direction, Drift};
pub use error::WorkspaceError;
pub use render::render;
pub use roles::{DataWorksRole, Permissions, RoleGrant, RoleRow};
pub use workspace::{Environment, Mode, Workspace};
