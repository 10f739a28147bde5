//! Keyspace Playground's browser app: a thin yew shell around `keyspace-engine`.

pub mod app;
pub mod idb;
