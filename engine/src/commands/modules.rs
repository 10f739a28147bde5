//! MODULE (module.c) on a server that cannot load modules: the engine runs where no
//! shared object can be opened (a browser tab, keyspace-server, which links no module
//! API). LIST answers the empty list of a server started without modules and HELP its
//! help. LOAD, LOADEX and UNLOAD are protected commands: with `enable-module-command`
//! at its default (`no`), as Debian ships it, the dispatcher refuses them before they
//! run (`processCommand`); allowed, loading fails as Redis's does when `dlopen` cannot
//! open the file, and unloading finds no module of that name.

use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, NO_KEYS};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "module", arity: -2, flags: 0, acl: "",
        group: "server", since: "4.0.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for module commands",
        subcommands: MODULE,
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static MODULE: &[CommandSpec] = &[
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "5.0.0", handler: help,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "list", arity: 2, flags: ADMIN | NOSCRIPT, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output_order",
        group: "server", since: "4.0.0", handler: list,
        summary: "List all modules loaded by the server",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "load", arity: -3, flags: NO_ASYNC_LOADING | ADMIN | NOSCRIPT | PROTECTED, acl: "", keys: NO_KEYS,
        group: "server", since: "4.0.0", handler: load,
        summary: "Load a module",
        syntax: "path [arg [arg ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "loadex", arity: -3, flags: NO_ASYNC_LOADING | ADMIN | NOSCRIPT | PROTECTED, acl: "", keys: NO_KEYS,
        group: "server", since: "7.0.0", handler: load,
        summary: "Load a module with extended parameters",
        syntax: "path [CONFIG name value [CONFIG name value ...]] [ARGS arg [arg ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "unload", arity: 3, flags: NO_ASYNC_LOADING | ADMIN | NOSCRIPT | PROTECTED, acl: "", keys: NO_KEYS,
        group: "server", since: "4.0.0", handler: unload,
        summary: "Unload a module",
        syntax: "name",
        ..CommandSpec::DEFAULT
    },
];

fn help(ctx: &mut Ctx) -> CmdResult {
    Ok(super::help_reply(
        ctx.arg(0),
        &[
            "LIST",
            "    Return a list of loaded modules.",
            "LOAD <path> [<arg> ...]",
            "    Load a module library from <path>, passing to it any optional arguments.",
            "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
            "    Load a module library from <path>, while passing it module configurations and optional arguments.",
            "UNLOAD <name>",
            "    Unload a module.",
        ],
    ))
}

/// `addReplyLoadedModules` with no module loaded.
fn list(_ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Array(Vec::new()))
}

/// MODULE LOAD and LOADEX when `enable-module-command` allows them: `moduleLoad`
/// fails, as `dlopen` does for a file that cannot be opened here.
fn load(_ctx: &mut Ctx) -> CmdResult {
    Err(Reply::err(
        "ERR Error loading the extension. Please check the server logs.",
    ))
}

/// MODULE UNLOAD when allowed: `moduleUnload` finds no module of that name (ENOENT).
fn unload(_ctx: &mut Ctx) -> CmdResult {
    Err(Reply::err("ERR Error unloading module: no such module with that name"))
}
