//! RDB snapshots: SAVE, BGSAVE, LASTSAVE and SHUTDOWN (Redis's rdb.c commands and
//! `shutdownCommand`), and the `Engine` methods of the snapshot protocol (see
//! `crate::snapshot`): the file is the host's to store.

use crate::client::ClientId;
use crate::engine::Engine;
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::snapshot::{save_params, Pending, Snapshot, SnapshotKind, BGSAVE_RETRY_DELAY};
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
    CommandSpec {
        name: "shutdown", arity: -1, flags: ADMIN | NOSCRIPT | LOADING | STALE | NO_MULTI | SENTINEL | ALLOW_BUSY, acl: "", keys: NO_KEYS,
        group: "server", since: "1.0.0", handler: shutdown,
        summary: "Synchronously save the dataset to disk and then shut down the server",
        syntax: "[NOSAVE|SAVE] [NOW] [FORCE] [ABORT]",
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

/// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: the host stops once it sees
/// `shutdown_requested`. With save points set (and no NOSAVE), or SAVE, the final
/// snapshot goes to the host first; if storing it fails, SHUTDOWN answers an error
/// and the server goes on, unless FORCE.
fn shutdown(ctx: &mut Ctx) -> CmdResult {
    let (mut nosave, mut save, mut force, mut abort, mut other) = (false, false, false, false, false);
    for i in 1..ctx.argc() {
        if ctx.is(i, "nosave") {
            nosave = true;
        } else if ctx.is(i, "save") {
            save = true;
        } else if ctx.is(i, "now") {
            other = true;
        } else if ctx.is(i, "force") {
            force = true;
        } else if ctx.is(i, "abort") {
            abort = true;
        } else {
            return Err(Reply::syntax_error());
        }
    }
    if (abort && (nosave || save || force || other)) || (nosave && save) {
        return Err(Reply::syntax_error());
    }
    if abort {
        return Err(Reply::err("ERR No shutdown in progress."));
    }
    let points = !save_params(ctx.eng.config.get("save").unwrap_or("")).is_empty();
    if (points && !nosave) || save {
        ctx.eng.abandon_bgsave();
        let client = ctx.client;
        let kind = SnapshotKind::Shutdown { force };
        if ctx.eng.queue_snapshot(kind, Some(client)).is_some() {
            ctx.client_mut().awaiting_snapshot = true;
            ctx.replied = true;
            return Ok(Reply::Null);
        }
    }
    ctx.eng.shutdown_requested = true;
    ctx.client_mut().closing = true;
    Ok(Reply::Null)
}

fn lastsave(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(ctx.eng.rdb.lastsave))
}

impl Engine {
    /// The host stores snapshots: SAVE and BGSAVE hand their bytes over
    /// (`take_snapshot`) and wait for `snapshot_done`; save points fire from `tick`.
    pub fn enable_snapshots(&mut self, on: bool) {
        self.rdb.enabled = on;
    }

    /// The next snapshot to store, oldest first.
    pub fn take_snapshot(&mut self) -> Option<Snapshot> {
        self.rdb.outbox.pop_front()
    }

    /// The host stored snapshot `id` (`ok`) or could not, at `now` (ms).
    pub fn snapshot_done(&mut self, id: u64, ok: bool, now: i64) {
        let Some(at) = self.rdb.pending.iter().position(|p| p.id == id) else {
            return;
        };
        let pending = self.rdb.pending.remove(at);
        let now_s = now.div_euclid(1000);
        if ok {
            self.dirty = self.dirty.saturating_sub(pending.dirty_at);
            self.rdb.lastsave = now_s;
            self.rdb.last_bgsave_ok = true;
        }
        match pending.kind {
            SnapshotKind::Background | SnapshotKind::SavePoint { .. } => {
                if !ok {
                    self.rdb.last_bgsave_ok = false;
                }
                if let Some(start) = self.rdb.bgsave_started.take() {
                    self.rdb.last_bgsave_time = now_s - start;
                }
            }
            SnapshotKind::Save => {
                if let Some(client) = pending.client {
                    self.answer_waiting(client, if ok { Reply::ok() } else { Reply::Error("ERR".into()) });
                }
            }
            SnapshotKind::Shutdown { force } => {
                if let Some(client) = pending.client {
                    if ok || force {
                        self.shutdown_requested = true;
                        if let Some(c) = self.clients.get_mut(&client) {
                            c.closing = true;
                            c.awaiting_snapshot = false;
                            self.with_output.push(client);
                        }
                    } else {
                        self.answer_waiting(client, Reply::err("ERR Errors trying to SHUTDOWN. Check logs."));
                    }
                }
            }
            SnapshotKind::Flushall => {}
        }
        self.after_command();
    }

    /// The save Redis makes before exiting on SIGTERM or SIGINT when save points are
    /// set (`prepareForShutdown`); None when there is nothing to save this way. The
    /// host stores it, then stops (Redis stays up if that save fails: the host's call).
    pub fn final_snapshot(&mut self, now: i64) -> Option<Snapshot> {
        if save_params(self.config.get("save").unwrap_or("")).is_empty() {
            return None;
        }
        self.now = now;
        self.queue_snapshot(SnapshotKind::Shutdown { force: false }, None)?;
        self.rdb.outbox.pop_back()
    }

    /// Whether a background save is being stored (`rdb_bgsave_in_progress`).
    pub fn bgsave_in_progress(&self) -> bool {
        self.rdb.bgsave_started.is_some()
    }

    /// LASTSAVE: seconds since the epoch of the last successful save.
    pub fn lastsave(&self) -> i64 {
        self.rdb.lastsave
    }

    /// The host loaded an RDB file (or an AOF's preamble) with this report
    /// (`rdb_last_load_keys_loaded`, `rdb_last_load_keys_expired`).
    pub(crate) fn note_rdb_load(&mut self, report: &crate::rdb::LoadReport) {
        self.rdb.last_load_keys_loaded = report.keys_loaded;
        self.rdb.last_load_keys_expired = report.keys_expired;
    }

    fn answer_waiting(&mut self, client: ClientId, reply: Reply) {
        if let Some(c) = self.clients.get_mut(&client) {
            c.awaiting_snapshot = false;
        }
        self.send(client, reply);
    }

    /// Makes a snapshot of the keyspace now and queues it for the host. None when the
    /// host stores no snapshots: the save then counts as done at once.
    pub(crate) fn queue_snapshot(&mut self, kind: SnapshotKind, client: Option<ClientId>) -> Option<u64> {
        if !self.rdb.enabled {
            self.dirty = 0;
            self.rdb.lastsave = self.now.div_euclid(1000);
            self.rdb.last_bgsave_ok = true;
            return None;
        }
        let id = self.rdb.next_id;
        self.rdb.next_id += 1;
        let bytes = crate::rdb::save(self, self.now);
        self.rdb.outbox.push_back(Snapshot {
            id,
            kind: kind.clone(),
            bytes,
        });
        self.rdb.pending.push(Pending {
            id,
            kind,
            dirty_at: self.dirty,
            client,
        });
        Some(id)
    }

    /// `rdbSaveBackground`: counts the save and the fork, notes the try, hands the
    /// snapshot over.
    pub(crate) fn start_bgsave(&mut self, kind: SnapshotKind) {
        let now_s = self.now.div_euclid(1000);
        self.rdb.saves += 1;
        self.rdb.forks += 1;
        self.rdb.last_bgsave_try = now_s;
        self.rdb.bgsave_started = Some(now_s);
        if self.queue_snapshot(kind, None).is_none() {
            // No host store: done at once.
            self.rdb.bgsave_started = None;
            self.rdb.last_bgsave_time = 0;
        }
    }

    /// `killRDBChild`: a background save being stored no longer counts (its outcome is
    /// ignored, as a child killed with SIGUSR1); one the host has not taken is dropped.
    pub(crate) fn abandon_bgsave(&mut self) {
        let Some(start) = self.rdb.bgsave_started.take() else {
            return;
        };
        self.rdb.last_bgsave_time = self.now.div_euclid(1000) - start;
        let background = |k: &SnapshotKind| matches!(k, SnapshotKind::Background | SnapshotKind::SavePoint { .. });
        self.rdb.pending.retain(|p| !background(&p.kind));
        self.rdb.outbox.retain(|s| !background(&s.kind));
    }

    /// Another "child" is busy: an AOF rewrite the host has not taken yet.
    pub(crate) fn has_active_child(&self) -> bool {
        self.rdb.bgsave_started.is_some() || self.aof_rewrite_requested
    }

    /// serverCron's part: a scheduled BGSAVE, or a save point reached.
    pub(crate) fn save_cron(&mut self) {
        if self.has_active_child() || !(self.rdb.enabled || self.rdb.scheduled) {
            return;
        }
        let now_s = self.now.div_euclid(1000);
        let may_retry = now_s - self.rdb.last_bgsave_try > BGSAVE_RETRY_DELAY || self.rdb.last_bgsave_ok;
        // Without a host store, the points never fire (a scheduled BGSAVE still runs).
        let params = if self.rdb.enabled {
            save_params(self.config.get("save").unwrap_or(""))
        } else {
            Vec::new()
        };
        let due = params
            .iter()
            .find(|&&(seconds, changes)| self.dirty as i64 >= changes && now_s - self.rdb.lastsave > seconds);
        if let Some(&(seconds, changes)) = due.filter(|_| may_retry) {
            self.start_bgsave(SnapshotKind::SavePoint { changes, seconds });
            return;
        }
        if self.rdb.scheduled && may_retry {
            self.rdb.scheduled = false;
            self.start_bgsave(SnapshotKind::Background);
        }
    }

    /// `writeCommandsDeniedByDiskError`'s RDB case: the last background save failed,
    /// save points are set and `stop-writes-on-bgsave-error` is yes.
    pub(crate) fn rdb_write_error(&self) -> bool {
        !self.rdb.last_bgsave_ok
            && self.config.bool("stop-writes-on-bgsave-error")
            && !save_params(self.config.get("save").unwrap_or("")).is_empty()
    }
}
