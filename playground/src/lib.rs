//! The Keyspace Playground model: everything a host needs to put the engine in front of
//! a learner, with no browser API in it, so it is tested natively. See ARCHITECTURE.md.
//!
//! Words: a *session* is a terminal's client connection ("Client 2"); a *page* is a
//! browser tab of the same playground (they share one keyspace, `sharing`).

pub mod aof_log;
pub mod cli;
pub mod clock;
pub mod explore;
pub mod history;
pub mod i18n;
pub mod inspect;
pub mod lesson;
mod message;
mod pages;
pub mod playground;
pub mod prompt;
pub mod repl;
pub mod session;
mod sharing;
pub mod snapshots;

pub use sharing::Role;
