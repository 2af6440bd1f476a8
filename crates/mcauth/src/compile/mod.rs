//! The compile stage: what [`Engine::new`](crate::Engine::new) works out once, so that a check
//! touches only what the request names.
//!
//! - [`PolicyProjects`]: the projects where the permission stage looks for policy statements.
//! - [`FastPath`]: per project, interned members, roles and tables; per table the actions each
//!   member or role is granted (role `*` patterns expanded against the declared tables) and
//!   the actions a policy statement names on it (policies indexed by action and object). It
//!   answers [`Engine::is_allowed`](crate::Engine::is_allowed) for the plain cases — a bare
//!   principal or an AccessKey, a table action in the request's own project, no request facts
//!   that a condition or whitelist could read — where the compile stage has proved that
//!   nothing but ACL grants and the `CreateInstance` prerequisite can decide; every other
//!   request goes through the [`pipeline`](crate::pipeline), which stays the one definition of
//!   the semantics, and property tests hold the two to the same answer. Projects compile
//!   independently, on scoped threads, one share per core.

mod fast;
mod names;
mod policies;
mod verdict;

pub(crate) use fast::FastPath;
pub(crate) use policies::PolicyProjects;
