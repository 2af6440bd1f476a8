//! Questions over every request a configuration can decide (issue 8): what a change gains and
//! loses ([`diff`]), who may do something and what a principal may do ([`allowed`]).
//!
//! The space is finite: requests differ only in who asks, where, on what, which action, and
//! the context, and a configuration tells apart only the principals it names as users, the
//! objects it declares (plus the runtime names it or the question mentions and one it does
//! not) and the context values its whitelists, conditions and expiries mention (classes of
//! values between them). Every point of that space is decided by the
//! [`Engine`](crate::Engine) itself, so the answers follow the engine (`docs/semantics.md`
//! AN1–AN8) — exactly, except where those rows draw a limit: requests naming several columns
//! are not enumerated (AN2; one is allowed when each of its columns is, except under
//! `odps:SelectColumns` set conditions), a `StringLike` pattern on `odps:TaskType` stands for
//! its own text only (AN3; other task types it matches are not asked about), and
//! authentication, console, tenant-level and external-data requests are outside the space
//! (AN1).

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
