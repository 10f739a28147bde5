//! Scripting commands (Redis's eval.c): EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT
//! LOAD / EXISTS / FLUSH / KILL / HELP. The running of scripts is `crate::scripting`.

use crate::exec::{CmdResult, Ctx};
use crate::num::parse_i64;
use crate::reply::{Reply, NOT_INTEGER};
use crate::table::flags::*;
use crate::table::{CommandSpec, KeySpec, NO_KEYS};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "eval", arity: -3, flags: NOSCRIPT | SKIP_MONITOR | MAY_REPLICATE | NO_MANDATORY_KEYS | STALE | MOVABLEKEYS, acl: "@scripting", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(2, 0, 1, 1, "RW ACCESS UPDATE").notes("We cannot tell how the keys will be used so we assume the worst, RW and UPDATE")],
        group: "scripting", since: "2.6.0", handler: eval,
        summary: "Execute a Lua script server side",
        syntax: "script numkeys [key [key ...]] [arg [arg ...]]",
        getkeys: Some(crate::commands::numkeys_second),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "evalsha", arity: -3, flags: NOSCRIPT | SKIP_MONITOR | MAY_REPLICATE | NO_MANDATORY_KEYS | STALE | MOVABLEKEYS, acl: "@scripting", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(2, 0, 1, 1, "RW ACCESS UPDATE")],
        group: "scripting", since: "2.6.0", handler: evalsha,
        summary: "Execute a Lua script server side",
        syntax: "sha1 numkeys [key [key ...]] [arg [arg ...]]",
        getkeys: Some(crate::commands::numkeys_second),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "eval_ro", arity: -3, flags: NOSCRIPT | SKIP_MONITOR | NO_MANDATORY_KEYS | STALE | READONLY | MOVABLEKEYS, acl: "@scripting", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(2, 0, 1, 1, "RO ACCESS").notes("We cannot tell how the keys will be used so we assume the worst, RO and ACCESS")],
        group: "scripting", since: "7.0.0", handler: eval_ro,
        summary: "Execute a read-only Lua script server side",
        syntax: "script numkeys [key [key ...]] [arg [arg ...]]",
        getkeys: Some(crate::commands::numkeys_second),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "evalsha_ro", arity: -3, flags: NOSCRIPT | SKIP_MONITOR | NO_MANDATORY_KEYS | STALE | READONLY | MOVABLEKEYS, acl: "@scripting", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(2, 0, 1, 1, "RO ACCESS")],
        group: "scripting", since: "7.0.0", handler: evalsha_ro,
        summary: "Execute a read-only Lua script server side",
        syntax: "sha1 numkeys [key [key ...]] [arg [arg ...]]",
        getkeys: Some(crate::commands::numkeys_second),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "fcall", arity: -3, flags: NOSCRIPT | SKIP_MONITOR | MAY_REPLICATE | NO_MANDATORY_KEYS | STALE | MOVABLEKEYS, acl: "@scripting", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(2, 0, 1, 1, "RW ACCESS UPDATE").notes("We cannot tell how the keys will be used so we assume the worst, RW and UPDATE")],
        group: "scripting", since: "7.0.0", handler: fcall,
        summary: "Invoke a function",
        syntax: "function numkeys [key [key ...]] [arg [arg ...]]",
        getkeys: Some(crate::commands::numkeys_second),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "fcall_ro", arity: -3, flags: NOSCRIPT | SKIP_MONITOR | NO_MANDATORY_KEYS | STALE | READONLY | MOVABLEKEYS, acl: "@scripting", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(2, 0, 1, 1, "RO ACCESS").notes("We cannot tell how the keys will be used so we assume the worst, RO and ACCESS")],
        group: "scripting", since: "7.0.0", handler: fcall_ro,
        summary: "Invoke a read-only function",
        syntax: "function numkeys [key [key ...]] [arg [arg ...]]",
        getkeys: Some(crate::commands::numkeys_second),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "function", arity: -2, flags: 0, acl: "",
        group: "scripting", since: "7.0.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for function commands",
        subcommands: FUNCTION,
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "script", arity: -2, flags: 0, acl: "",
        group: "scripting", since: "2.6.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for Lua scripts management commands",
        subcommands: SCRIPT,
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static SCRIPT: &[CommandSpec] = &[
    CommandSpec {
        name: "load", arity: 3, flags: NOSCRIPT | STALE, acl: "@scripting", keys: NO_KEYS,
        tips: "request_policy:all_nodes response_policy:all_succeeded",
        group: "scripting", since: "2.6.0", handler: script_load,
        summary: "Load the specified Lua script into the script cache.",
        syntax: "script",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "exists", arity: -3, flags: NOSCRIPT, acl: "@scripting", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:agg_logical_and",
        group: "scripting", since: "2.6.0", handler: script_exists,
        summary: "Check existence of scripts in the script cache.",
        syntax: "sha1 [sha1 ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "flush", arity: -2, flags: NOSCRIPT, acl: "@scripting", keys: NO_KEYS,
        tips: "request_policy:all_nodes response_policy:all_succeeded",
        group: "scripting", since: "2.6.0", handler: script_flush,
        summary: "Remove all the scripts from the script cache.",
        syntax: "[ASYNC|SYNC]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "kill", arity: 2, flags: NOSCRIPT | ALLOW_BUSY, acl: "@scripting", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:one_succeeded",
        group: "scripting", since: "2.6.0", handler: script_kill,
        summary: "Kill the script currently in execution.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "@scripting", keys: NO_KEYS,
        group: "scripting", since: "5.0.0", handler: script_help,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static FUNCTION: &[CommandSpec] = &[
    CommandSpec {
        name: "load", arity: -3, flags: NOSCRIPT | WRITE | DENYOOM, acl: "@scripting", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:all_succeeded",
        group: "scripting", since: "7.0.0", handler: function_load,
        summary: "Create a function with the given arguments (name, code, description)",
        syntax: "[REPLACE] function-code",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "list", arity: -2, flags: NOSCRIPT, acl: "@scripting", keys: NO_KEYS,
        tips: "nondeterministic_output_order",
        group: "scripting", since: "7.0.0", handler: function_list,
        summary: "List information about all the functions",
        syntax: "[LIBRARYNAME library-name-pattern] [WITHCODE]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "delete", arity: 3, flags: NOSCRIPT | WRITE, acl: "@scripting", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:all_succeeded",
        group: "scripting", since: "7.0.0", handler: function_delete,
        summary: "Delete a function by name",
        syntax: "library-name",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "flush", arity: -2, flags: NOSCRIPT | WRITE, acl: "@scripting", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:all_succeeded",
        group: "scripting", since: "7.0.0", handler: function_flush,
        summary: "Deleting all functions",
        syntax: "[ASYNC|SYNC]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "stats", arity: 2, flags: NOSCRIPT | ALLOW_BUSY, acl: "@scripting", keys: NO_KEYS,
        tips: "nondeterministic_output request_policy:all_shards response_policy:special",
        group: "scripting", since: "7.0.0", handler: function_stats,
        summary: "Return information about the function currently running (name, description, duration)",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "kill", arity: 2, flags: NOSCRIPT | ALLOW_BUSY, acl: "@scripting", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:one_succeeded",
        group: "scripting", since: "7.0.0", handler: function_kill,
        summary: "Kill the function currently in execution.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "dump", arity: 2, flags: NOSCRIPT, acl: "@scripting", keys: NO_KEYS,
        group: "scripting", since: "7.0.0", handler: function_dump,
        summary: "Dump all functions into a serialized binary payload",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "restore", arity: -3, flags: NOSCRIPT | WRITE | DENYOOM, acl: "@scripting", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:all_succeeded",
        group: "scripting", since: "7.0.0", handler: function_restore,
        summary: "Restore all the functions on the given payload",
        syntax: "serialized-value [FLUSH|APPEND|REPLACE]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "@scripting", keys: NO_KEYS,
        group: "scripting", since: "7.0.0", handler: function_help,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

/// The keys and arguments after `numkeys` (evalGenericCommand's checks).
fn keys_and_args<'a>(ctx: &Ctx<'a>) -> Result<(&'a [Vec<u8>], &'a [Vec<u8>]), Reply> {
    let numkeys = parse_i64(ctx.arg(2)).ok_or_else(|| Reply::err(NOT_INTEGER))?;
    if numkeys > (ctx.argc() - 3) as i64 {
        return Err(Reply::err("ERR Number of keys can't be greater than number of args"));
    }
    if numkeys < 0 {
        return Err(Reply::err("ERR Number of keys can't be negative"));
    }
    let rest = &ctx.argv[3..];
    Ok(rest.split_at(numkeys as usize))
}

fn run(ctx: &mut Ctx, by_sha: bool, read_only: bool) -> CmdResult {
    let (keys, args) = keys_and_args(ctx)?;
    let script = if by_sha { Err(ctx.arg(1)) } else { Ok(ctx.arg(1)) };
    // The script's writes are propagated as the commands it ran, not as EVAL.
    ctx.propagate_as = Some(Vec::new());
    match ctx.eng.eval(ctx.client, script, keys, args, read_only) {
        Some(reply @ Reply::Error(_)) => Err(reply),
        Some(reply) => Ok(reply),
        None => {
            // The script goes on in slices: its reply comes when it ends.
            ctx.replied = true;
            Ok(Reply::Null)
        }
    }
}

fn eval(ctx: &mut Ctx) -> CmdResult {
    run(ctx, false, false)
}

fn evalsha(ctx: &mut Ctx) -> CmdResult {
    run(ctx, true, false)
}

fn eval_ro(ctx: &mut Ctx) -> CmdResult {
    run(ctx, false, true)
}

fn evalsha_ro(ctx: &mut Ctx) -> CmdResult {
    run(ctx, true, true)
}

fn script_load(ctx: &mut Ctx) -> CmdResult {
    match ctx.eng.script_load(ctx.arg(2)) {
        reply @ Reply::Error(_) => Err(reply),
        reply => Ok(reply),
    }
}

fn script_exists(ctx: &mut Ctx) -> CmdResult {
    let found = (2..ctx.argc())
        .map(|i| Reply::Int(i64::from(ctx.eng.script_exists(ctx.arg(i)))))
        .collect();
    Ok(Reply::Array(found))
}

fn script_flush(ctx: &mut Ctx) -> CmdResult {
    match ctx.argc() {
        2 => {}
        3 if ctx.arg(2).eq_ignore_ascii_case(b"sync") || ctx.arg(2).eq_ignore_ascii_case(b"async") => {}
        _ => return Err(Reply::err("ERR SCRIPT FLUSH only support SYNC|ASYNC option")),
    }
    ctx.eng.script_flush();
    Ok(Reply::ok())
}

fn script_kill(ctx: &mut Ctx) -> CmdResult {
    match ctx.eng.script_kill(false) {
        reply @ Reply::Error(_) => Err(reply),
        reply => Ok(reply),
    }
}

fn script_help(_ctx: &mut Ctx) -> CmdResult {
    Ok(crate::commands::server::help_for("script", SCRIPT))
}

fn function_call(ctx: &mut Ctx, read_only: bool) -> CmdResult {
    let (keys, args) = keys_and_args(ctx)?;
    ctx.propagate_as = Some(Vec::new());
    match ctx.eng.fcall(ctx.client, ctx.arg(1), keys, args, read_only) {
        Some(reply @ Reply::Error(_)) => Err(reply),
        Some(reply) => Ok(reply),
        None => {
            ctx.replied = true;
            Ok(Reply::Null)
        }
    }
}

fn fcall(ctx: &mut Ctx) -> CmdResult {
    function_call(ctx, false)
}

fn fcall_ro(ctx: &mut Ctx) -> CmdResult {
    function_call(ctx, true)
}

fn function_load(ctx: &mut Ctx) -> CmdResult {
    let (replace, code) = match ctx.argc() {
        3 => (false, ctx.arg(2)),
        4 if ctx.arg(2).eq_ignore_ascii_case(b"replace") => (true, ctx.arg(3)),
        4 => {
            return Err(Reply::err(format!(
                "ERR Unknown option given: {}",
                String::from_utf8_lossy(ctx.arg(2))
            )))
        }
        _ => return Err(Reply::err("ERR wrong number of arguments for 'function|load' command")),
    };
    match ctx.eng.function_load(code, replace) {
        reply @ Reply::Error(_) => Err(reply),
        reply => {
            // Propagated as it was typed (functionLoadCommand's server.dirty++).
            ctx.eng.dirty += 1;
            Ok(reply)
        }
    }
}

fn function_list(ctx: &mut Ctx) -> CmdResult {
    let (mut pattern, mut with_code) = (None, false);
    let mut i = 2;
    while i < ctx.argc() {
        let a = ctx.arg(i);
        if a.eq_ignore_ascii_case(b"withcode") && !with_code {
            with_code = true;
        } else if a.eq_ignore_ascii_case(b"libraryname") && pattern.is_none() && i + 1 < ctx.argc() {
            i += 1;
            pattern = Some(ctx.arg(i));
        } else {
            return Err(Reply::err(format!(
                "ERR Unknown argument {}",
                String::from_utf8_lossy(a)
            )));
        }
        i += 1;
    }
    Ok(ctx.eng.function_list(pattern, with_code))
}

fn function_delete(ctx: &mut Ctx) -> CmdResult {
    match ctx.eng.function_delete(ctx.arg(2)) {
        reply @ Reply::Error(_) => Err(reply),
        reply => {
            ctx.eng.dirty += 1;
            Ok(reply)
        }
    }
}

fn function_flush(ctx: &mut Ctx) -> CmdResult {
    match ctx.argc() {
        2 => {}
        3 if ctx.arg(2).eq_ignore_ascii_case(b"sync") || ctx.arg(2).eq_ignore_ascii_case(b"async") => {}
        _ => return Err(Reply::err("ERR FUNCTION FLUSH only supports SYNC|ASYNC option")),
    }
    ctx.eng.function_flush();
    ctx.eng.dirty += 1;
    Ok(Reply::ok())
}

fn function_stats(ctx: &mut Ctx) -> CmdResult {
    Ok(ctx.eng.function_stats())
}

fn function_kill(ctx: &mut Ctx) -> CmdResult {
    match ctx.eng.script_kill(true) {
        reply @ Reply::Error(_) => Err(reply),
        reply => Ok(reply),
    }
}

fn function_help(_ctx: &mut Ctx) -> CmdResult {
    Ok(crate::commands::server::help_for("function", FUNCTION))
}

fn function_dump(ctx: &mut Ctx) -> CmdResult {
    let options = crate::rdb::SaveOptions::of(ctx.eng);
    Ok(Reply::Bulk(crate::rdb::dump_functions(
        &ctx.eng.function_codes(),
        &options,
    )))
}

/// FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE] (functionRestoreCommand).
fn function_restore(ctx: &mut Ctx) -> CmdResult {
    let policy = match ctx.argc() {
        3 => b"APPEND".to_vec(),
        4 => ctx.arg(3).to_ascii_uppercase(),
        _ => {
            return Err(Reply::err(
                "ERR wrong number of arguments for 'function|restore' command",
            ))
        }
    };
    if !matches!(policy.as_slice(), b"FLUSH" | b"APPEND" | b"REPLACE") {
        return Err(Reply::err(
            "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.",
        ));
    }
    let Some(codes) = crate::rdb::restore_functions(ctx.arg(2)) else {
        return Err(Reply::err("ERR DUMP payload version or checksum are wrong"));
    };
    match ctx.eng.function_restore(&codes, &policy) {
        Reply::Error(e) => Err(Reply::Error(e)),
        reply => {
            ctx.eng.dirty += 1;
            Ok(reply)
        }
    }
}
