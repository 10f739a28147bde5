//! What needs the browser, apart from rendering: the playground's handle and clock,
//! IndexedDB (the AOF, history), the page link between tabs, localStorage (progress, the
//! clock, spills), the crash screen, Redis's command metadata, the benchmarks exported to the e2e scripts,
//! the widget split's way out to its loader.

#[cfg(feature = "app")]
pub mod bench;
pub mod clock_store;
#[cfg(feature = "app")]
pub mod command_docs;
pub mod crash;
pub mod explore;
pub mod http;
pub mod idb;
pub mod lessons;
pub mod messages;
pub mod page_link;
pub mod persist;
pub mod playground;
pub mod spill;
#[cfg(not(feature = "app"))]
pub mod split;
