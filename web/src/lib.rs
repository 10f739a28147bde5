//! Keyspace Playground's browser app: a thin yew shell around `keyspace-engine`.
//! The playground model (terminal sessions, inspector state, history) lives in the
//! engine crate; this crate renders it and feeds it keystrokes and the clock.

pub mod app;
pub mod bench;
pub mod clock_control;
pub mod crash;
pub mod idb;
pub mod inspector;
pub mod lesson_panel;
pub mod lessons;
pub mod persist;
pub mod persist_panel;
pub mod shared;
pub mod spill;
pub mod tab_link;
pub mod terminal;
pub mod workspace;

/// Every heap byte is counted, so INFO's used_memory and `maxmemory` see the real heap.
#[global_allocator]
static ALLOC: keyspace_engine::alloc_count::CountingAlloc<std::alloc::System> =
    keyspace_engine::alloc_count::CountingAlloc(std::alloc::System);
