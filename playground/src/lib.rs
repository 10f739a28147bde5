//! The Keyspace Playground model: everything a host needs to put the engine in front of
//! a learner, with no browser API in it, so it is tested natively. See ARCHITECTURE.md.

pub mod aof_log;
pub mod cli;
pub mod clock;
pub mod inspect;
pub mod lesson;
pub mod playground;
pub mod repl;
pub mod sharing;
