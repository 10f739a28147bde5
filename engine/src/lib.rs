//! Keyspace engine: a sans-I/O, deterministic Redis 7.0-compatible keyspace.
//!
//! Nothing in this crate reads a clock, a socket, a file or a browser API: hosts
//! pass the time in and take replies, pushes and change events out.

pub mod cli;
pub mod dict;
pub mod glob;
pub mod num;
pub mod reply;
pub mod rng;

pub use reply::Reply;

/// The Redis version whose semantics the engine reproduces (reported by INFO and HELLO).
pub const REDIS_VERSION: &str = "7.0.15";

/// A human-readable identification of the engine build.
pub fn version_string() -> String {
    format!("keyspace-engine {} (Redis {} compatible)", env!("CARGO_PKG_VERSION"), REDIS_VERSION)
}
