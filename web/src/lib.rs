//! Keyspace Playground's browser app: a thin yew shell around `keyspace-playground` (the
//! model, tested natively) and `keyspace-engine`. `components/` render, `hooks/` give
//! them the workspace's playground, `services/` hold what needs the browser.

pub mod app;
pub mod components;
pub mod hooks;
pub mod services;

/// Every heap byte is counted, so INFO's used_memory and `maxmemory` see the real heap.
#[global_allocator]
static ALLOC: keyspace_engine::alloc_count::CountingAlloc<std::alloc::System> =
    keyspace_engine::alloc_count::CountingAlloc(std::alloc::System);
