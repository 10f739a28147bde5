//! Hooks the components share.

mod use_messages;
mod use_playground;

pub use use_messages::use_messages;
pub use use_playground::{use_playground, PlaygroundContext};
