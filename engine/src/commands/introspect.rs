//! What the server says about itself (Redis's object.c MEMORY, slowlog.c, latency.c, LOLWUT, ROLE).

use crate::table::CommandSpec;

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[];
