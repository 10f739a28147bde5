//! Streams (Redis's t_stream.c): entries by ID in a radix tree of listpacks there; consumer groups, pending entries, blocking reads.

use crate::table::CommandSpec;

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[];
