//! Geospatial indexes (Redis's geo.c, geohash.c): members of a sorted set scored by their 52-bit geohash.

use crate::table::CommandSpec;

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[];
