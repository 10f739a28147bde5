//! Users and permissions (Redis's acl.c): ACL SETUSER's rule grammar, AUTH against users, the permission checks dispatch makes.

use crate::table::CommandSpec;

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[];
