//! Hooks the components share.

mod use_playground;

pub use use_playground::{use_playground, PlaygroundContext};
