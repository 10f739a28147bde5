//! The yew components: a `Workspace` (the app, or one widget) holds a terminal, the key
//! inspector, and a lesson or the lesson list; each reads and changes the workspace's
//! playground through `hooks::use_playground`.

pub mod clock_control;
pub mod inspector;
#[cfg(feature = "app")]
pub mod lang_chooser;
pub mod lesson_panel;
#[cfg(feature = "app")]
pub mod persist_panel;
#[cfg(feature = "app")]
pub mod rdb_report;
pub mod terminal;
pub mod workspace;
