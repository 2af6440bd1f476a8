//! Questions over every request a configuration can decide (issue 8): what a change gains and
//! loses ([`diff`]), who may do something and what a principal may do ([`allowed`]).
//!
//! The answers are exact because the space is finite: requests
//! differ only in who asks, where, on what, which action, and the context, and a
//! configuration tells apart only the principals it names as users, the objects it declares
//! (plus the runtime names it mentions and one it does not) and the context values its
//! whitelists, conditions and expiries mention (plus one value outside all of them). Every
//! point of that space is decided by the [`Engine`](crate::Engine) itself, so the answers
//! follow the engine exactly (`docs/semantics.md` AN1–AN6).

mod access;
mod context;
mod diff;
mod filter;
mod point;
mod space;

pub use access::{allowed, Access, Path};
pub use context::{Class, Dependence, Dimension};
pub use diff::{diff, Diff, DiffEntry};
pub use filter::{Filter, FilterError, ObjectFilter};
pub use point::{Ask, ObjectName, Side};
pub use space::{OTHER_INSTANCE, OTHER_MODEL};
