//! The workspace's playground, for the components inside it (a context, not props):
//! `let pg = use_playground();` then `pg.read()` to look and `pg.update(|p| ...)` to
//! change, which also re-renders whatever depends on it.

use yew::prelude::*;

use crate::services::playground::PlaygroundHandle;

#[derive(Clone, PartialEq)]
pub struct PlaygroundContext {
    pub handle: PlaygroundHandle,
    /// Bumped at every change, so the components reading the context re-render (a clock
    /// tick that changes nothing bumps nothing: the terminal is left alone).
    pub revision: u64,
    /// A dump.rdb's sandbox: nothing of it is kept (its history is not stored).
    pub sandbox: bool,
}

impl std::ops::Deref for PlaygroundContext {
    type Target = PlaygroundHandle;

    fn deref(&self) -> &PlaygroundHandle {
        &self.handle
    }
}

/// The playground of the enclosing `Workspace`.
#[hook]
pub fn use_playground() -> PlaygroundContext {
    use_context::<PlaygroundContext>().expect("a component of the playground is used inside a Workspace")
}
