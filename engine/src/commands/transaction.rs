//! Transactions (Redis's multi.c): MULTI, EXEC, DISCARD, WATCH, UNWATCH.

use crate::client::MultiState;
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{self, CommandSpec, KeyPos, KeySpec, NO_KEYS};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "multi", arity: 1, flags: NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY, acl: "@transaction", keys: NO_KEYS,
        group: "transactions", since: "1.2.0", handler: multi,
        summary: "Mark the start of a transaction block",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "exec", arity: 1, flags: NOSCRIPT | LOADING | STALE | SKIP_SLOWLOG, acl: "@transaction", keys: NO_KEYS,
        group: "transactions", since: "1.2.0", handler: exec,
        summary: "Execute all commands issued after MULTI",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "discard", arity: 1, flags: NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY, acl: "@transaction", keys: NO_KEYS,
        group: "transactions", since: "2.0.0", handler: discard,
        summary: "Discard all commands issued after MULTI",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "watch", arity: -2, flags: NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY, acl: "@transaction", keys: KeyPos::range(1, -1, 1),
        key_specs: &[KeySpec::range(1, -1, 1, 0, "RO")],
        group: "transactions", since: "2.2.0", handler: watch,
        summary: "Watch the given keys to determine execution of the MULTI/EXEC block",
        syntax: "key [key ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "unwatch", arity: 1, flags: NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY, acl: "@transaction", keys: NO_KEYS,
        group: "transactions", since: "2.2.0", handler: unwatch,
        summary: "Forget about all watched keys",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

fn multi(ctx: &mut Ctx) -> CmdResult {
    if ctx.client_ref().multi.is_some() {
        return Err(Reply::err("ERR MULTI calls can not be nested"));
    }
    ctx.client_mut().multi = Some(MultiState::default());
    Ok(Reply::ok())
}

fn exec(ctx: &mut Ctx) -> CmdResult {
    let id = ctx.client;
    let Some(state) = ctx.client_mut().multi.take() else {
        return Err(Reply::err("ERR EXEC without MULTI"));
    };
    let aborted = ctx.client_ref().dirty_cas || ctx.eng.watched_key_expired(id);
    ctx.eng.unwatch_all(id);
    if state.error {
        return Err(Reply::err(
            "EXECABORT Transaction discarded because of previous errors.",
        ));
    }
    if aborted {
        return Ok(Reply::NullArray);
    }
    let first_record = ctx.eng.propagated.as_ref().map_or(0, Vec::len);
    let mut replies = Vec::with_capacity(state.queue.len());
    ctx.eng.in_exec = true;
    for argv in state.queue {
        let reply = match table::lookup(&argv[0]) {
            Some(spec) => {
                let (parent, spec) = match spec.is_container() {
                    true => match argv.get(1).and_then(|s| spec.subcommand(s)) {
                        Some(sub) => (Some(spec), sub),
                        None => (None, spec),
                    },
                    false => (None, spec),
                };
                let name = table::full_name(parent, spec);
                // ACL rules are checked again: they may have changed since queuing.
                match ctx.eng.acl_exec_refusal(id, spec, &argv) {
                    Some(refusal) => refusal,
                    None => ctx
                        .eng
                        .call_command(id, &argv, spec, name, false, true)
                        .unwrap_or(Reply::Null),
                }
            }
            None => Reply::err("unknown command"),
        };
        replies.push(reply);
    }
    ctx.eng.in_exec = false;
    // Writes of a transaction reach the AOF wrapped in MULTI/EXEC.
    ctx.eng.wrap_propagated(first_record, 1);
    Ok(Reply::Array(replies))
}

fn discard(ctx: &mut Ctx) -> CmdResult {
    if ctx.client_mut().multi.take().is_none() {
        return Err(Reply::err("ERR DISCARD without MULTI"));
    }
    ctx.eng.unwatch_all(ctx.client);
    Ok(Reply::ok())
}

fn watch(ctx: &mut Ctx) -> CmdResult {
    if ctx.client_ref().multi.is_some() {
        return Err(Reply::err("ERR WATCH inside MULTI is not allowed"));
    }
    for i in 1..ctx.argc() {
        ctx.eng.watch_key(ctx.client, ctx.db, ctx.arg(i));
    }
    Ok(Reply::ok())
}

fn unwatch(ctx: &mut Ctx) -> CmdResult {
    ctx.eng.unwatch_all(ctx.client);
    Ok(Reply::ok())
}
