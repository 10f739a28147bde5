//! Keyspace engine: a sans-I/O, deterministic Redis 7.0-compatible keyspace.
//!
//! Nothing in this crate reads a clock, a socket, a file or a browser API: hosts
//! pass the time in and take replies, pushes and change events out. See
//! `engine::Engine` for the host API.

pub mod alloc_count;
pub mod aof;
pub mod budget;
pub mod client;
pub(crate) mod commands;
pub mod config;
pub mod db;
pub mod dict;
pub mod engine;
pub(crate) mod exec;
pub mod glob;
pub mod info;
pub(crate) mod longdouble;
pub mod memory;
pub mod metadata;
pub(crate) mod notify;
pub mod num;
pub mod object;
pub(crate) mod pubsub;
pub mod rdb;
pub mod reply;
pub mod resp;
pub(crate) mod rng;
pub mod sds;
pub(crate) mod sha1;
pub(crate) mod sha256;
pub mod small_bytes;
pub mod snapshot;
pub mod table;
pub mod types;
pub mod value;

pub use client::ClientId;
pub use engine::{Engine, KeyEvent, Propagated};
pub use reply::Reply;

/// The Redis version whose semantics the engine reproduces (reported by INFO and HELLO).
pub const REDIS_VERSION: &str = "7.0.15";

/// A human-readable identification of the engine build.
pub fn version_string() -> String {
    format!("keyspace-engine {ENGINE_VERSION} (Redis {REDIS_VERSION} compatible)")
}

/// This crate's version.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
