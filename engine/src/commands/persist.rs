//! RDB snapshots: SAVE, BGSAVE, LASTSAVE (Redis's rdb.c commands). The file is the
//! host's to store: see `crate::snapshot` for the protocol.

use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::snapshot::SnapshotKind;
use crate::table::flags::*;
use crate::table::{CommandSpec, NO_KEYS};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "save", arity: 1, flags: NO_ASYNC_LOADING | ADMIN | NOSCRIPT | NO_MULTI, acl: "@admin @slow @dangerous", keys: NO_KEYS,
        group: "server", since: "1.0.0", handler: save,
        summary: "Synchronously save the dataset to disk",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bgsave", arity: -1, flags: NO_ASYNC_LOADING | ADMIN | NOSCRIPT, acl: "@admin @slow @dangerous", keys: NO_KEYS,
        group: "server", since: "1.0.0", handler: bgsave,
        summary: "Asynchronously save the dataset to disk",
        syntax: "[SCHEDULE]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lastsave", arity: 1, flags: LOADING | STALE | FAST, acl: "@admin @dangerous", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "server", since: "1.0.0", handler: lastsave,
        summary: "Get the UNIX time stamp of the last successful save to disk",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

const IN_PROGRESS: &str = "ERR Background save already in progress";

/// SAVE: the snapshot is made now; the client has its answer when the host has stored
/// it (`Engine::snapshot_done`), at once when the host stores none.
fn save(ctx: &mut Ctx) -> CmdResult {
    if ctx.eng.rdb.bgsave_started.is_some() {
        return Err(Reply::err(IN_PROGRESS));
    }
    ctx.eng.rdb.saves += 1;
    let client = ctx.client;
    if ctx.eng.queue_snapshot(SnapshotKind::Save, Some(client)).is_none() {
        return Ok(Reply::ok());
    }
    ctx.client_mut().awaiting_snapshot = true;
    ctx.replied = true;
    Ok(Reply::Null)
}

/// BGSAVE [SCHEDULE].
fn bgsave(ctx: &mut Ctx) -> CmdResult {
    let schedule = match ctx.argc() {
        1 => false,
        2 if ctx.is(1, "schedule") => true,
        _ => return Err(Reply::syntax_error()),
    };
    if ctx.eng.rdb.bgsave_started.is_some() {
        return Err(Reply::err(IN_PROGRESS));
    }
    // Redis cannot fork inside EXEC, nor while its AOF child runs.
    let in_exec = ctx.eng.in_exec;
    if ctx.eng.has_active_child() || in_exec {
        if schedule || in_exec {
            ctx.eng.rdb.scheduled = true;
            return Ok(Reply::status("Background saving scheduled"));
        }
        return Err(Reply::err(
            "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
        ));
    }
    ctx.eng.start_bgsave(SnapshotKind::Background);
    Ok(Reply::status("Background saving started"))
}

fn lastsave(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(ctx.eng.rdb.lastsave))
}
