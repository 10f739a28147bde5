//! RDB snapshots (SAVE, BGSAVE, the `save` points, FLUSHALL's and SHUTDOWN's saves) as
//! a sans-I/O engine can have them: the engine makes the file's bytes at the instant
//! Redis's fork would copy the keyspace, the host writes them, then says how it went.
//!
//! The host's side, in the style of the AOF's (`take_aof_rewrite`, `AofStatus`):
//! 1. `enable_snapshots(true)` once: the host can store snapshots. Without it, SAVE and
//!    BGSAVE succeed at once with nothing written (a host with no disk) and the save
//!    points never fire.
//! 2. After each `execute` and `tick`, `take_snapshot()`: `Some(snapshot)` is an RDB file
//!    to store (`snapshot.bytes`), whole, as the host's `dbfilename` (keyspace-server
//!    writes `temp-<pid>.rdb` and renames it, as `rdbSave`). A foreground snapshot
//!    (SAVE, FLUSHALL with save points, SHUTDOWN) should be stored before any reply
//!    that follows it goes out; a background one (BGSAVE, a save point) whenever the
//!    host likes, in order.
//! 3. `snapshot_done(id, ok, now)` when it is stored (or failed): this sets LASTSAVE,
//!    `rdb_changes_since_last_save` (the changes made since the snapshot was taken
//!    stay counted, as Redis's `dirty_before_bgsave`), `rdb_last_bgsave_status` and,
//!    while it says err with `stop-writes-on-bgsave-error yes`, MISCONF on writes. SAVE
//!    and SHUTDOWN answer their client only then.
//!
//! A host that stops for a signal asks `final_snapshot(now)` for the save Redis makes
//! before exiting (`prepareForShutdown`) when save points are set.

use crate::client::ClientId;
use crate::engine::Engine;
use crate::reply::Reply;

/// `CONFIG_BGSAVE_RETRY_DELAY`: after a failed background save, the save points wait
/// this long (seconds) before trying again.
pub const BGSAVE_RETRY_DELAY: i64 = 5;

/// Why a snapshot was made: what the host logs, and how its outcome is handled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotKind {
    /// SAVE: its client waits for `snapshot_done`.
    Save,
    /// BGSAVE or BGSAVE SCHEDULE's deferred start.
    Background,
    /// A save point fired: "N changes in S seconds. Saving...".
    SavePoint { changes: i64, seconds: i64 },
    /// FLUSHALL with save points set (7.0's `flushAllDataAndResetRDB`): the empty
    /// keyspace is saved at once.
    Flushall,
    /// SHUTDOWN (or a signal) with save points set, or SHUTDOWN SAVE; `force`: the
    /// server stops even if the save fails.
    Shutdown { force: bool },
}

impl SnapshotKind {
    /// Whether Redis saves this one in its own process (`rdbSave`) rather than in a
    /// forked child (`rdbSaveBackground`): the host should store it before replying on.
    pub fn is_foreground(&self) -> bool {
        matches!(
            self,
            SnapshotKind::Save | SnapshotKind::Flushall | SnapshotKind::Shutdown { .. }
        )
    }

    /// The line Redis logs when the save starts.
    pub fn log_line(&self) -> String {
        match self {
            SnapshotKind::SavePoint { changes, seconds } => {
                format!("{changes} changes in {seconds} seconds. Saving...")
            }
            SnapshotKind::Shutdown { .. } => "Saving the final RDB snapshot before exiting.".into(),
            SnapshotKind::Background => "Background saving started".into(),
            SnapshotKind::Save | SnapshotKind::Flushall => "DB saved on disk".into(),
        }
    }
}

/// An RDB file for the host to store.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// What `snapshot_done` names.
    pub id: u64,
    pub kind: SnapshotKind,
    /// The whole file (`rdb::save` at the moment the command ran).
    pub bytes: Vec<u8>,
}

/// Who waits for a snapshot's outcome.
#[derive(Clone, Debug)]
pub(crate) struct Pending {
    id: u64,
    kind: SnapshotKind,
    /// `server.dirty` when the snapshot was taken (`dirty_before_bgsave`).
    dirty_at: u64,
    client: Option<ClientId>,
}

/// Redis's RDB bookkeeping (`server.lastsave`, `lastbgsave_status`...).
#[derive(Clone, Debug)]
pub(crate) struct RdbState {
    /// The host stores snapshots (`enable_snapshots`).
    pub(crate) enabled: bool,
    next_id: u64,
    outbox: std::collections::VecDeque<Snapshot>,
    pending: Vec<Pending>,
    /// A BGSAVE's snapshot is being stored: its start (s).
    pub(crate) bgsave_started: Option<i64>,
    /// BGSAVE SCHEDULE (or BGSAVE inside EXEC) waits to start.
    pub(crate) scheduled: bool,
    /// Seconds since the epoch of the last successful save.
    pub(crate) lastsave: i64,
    pub(crate) last_bgsave_ok: bool,
    /// When a background save was last tried (s).
    last_bgsave_try: i64,
    /// How long the last background save took (s), -1 before any.
    pub(crate) last_bgsave_time: i64,
    pub(crate) saves: u64,
    pub(crate) forks: u64,
    pub(crate) last_load_keys_loaded: u64,
    pub(crate) last_load_keys_expired: u64,
}

impl RdbState {
    pub(crate) fn new(now: i64) -> RdbState {
        RdbState {
            enabled: false,
            next_id: 1,
            outbox: Default::default(),
            pending: Vec::new(),
            bgsave_started: None,
            scheduled: false,
            // "At startup we consider the DB saved."
            lastsave: now.div_euclid(1000),
            last_bgsave_ok: true,
            last_bgsave_try: 0,
            last_bgsave_time: -1,
            saves: 0,
            forks: 0,
            last_load_keys_loaded: 0,
            last_load_keys_expired: 0,
        }
    }
}

/// The `save` parameter as (seconds, changes) pairs; CONFIG SET keeps it normalized.
pub(crate) fn save_params(text: &str) -> Vec<(i64, i64)> {
    let numbers: Vec<i64> = text.split(' ').filter_map(|w| w.parse().ok()).collect();
    numbers.chunks_exact(2).map(|p| (p[0], p[1])).collect()
}

/// C's `strtoll(text, &end, 10)` with the check `*end == '\0'`: None when characters
/// are left over. Saturates as strtoll does.
fn strtoll_whole(text: &str) -> Option<i64> {
    let t = text.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        // No digits at all: strtoll leaves `end` at the start (fine only when empty).
        return text.is_empty().then_some(0);
    }
    let mut v: i64 = 0;
    for d in digits.bytes() {
        let d = i64::from(d - b'0');
        v = if negative {
            v.saturating_mul(10).saturating_sub(d)
        } else {
            v.saturating_mul(10).saturating_add(d)
        };
    }
    Some(v)
}

/// `setConfigSaveOption` for CONFIG SET (the value split at each space, as
/// `sdssplitlen`), and `getConfigSaveOption`'s text for the result ("%jd %d").
pub fn normalize_save(value: &str) -> Result<String, String> {
    let parts: Vec<&str> = if value.is_empty() {
        Vec::new()
    } else {
        value.split(' ').collect()
    };
    let invalid = || "Invalid save parameters".to_string();
    if parts.len() % 2 != 0 {
        return Err(invalid());
    }
    let mut out = Vec::new();
    for pair in parts.chunks(2) {
        let seconds = strtoll_whole(pair[0]).filter(|&s| s >= 1).ok_or_else(invalid)?;
        let changes = strtoll_whole(pair[1]).filter(|&c| c >= 0).ok_or_else(invalid)?;
        // `int changes = strtoll(...)`: the low 32 bits.
        out.push(format!("{seconds} {}", changes as i32));
    }
    Ok(out.join(" "))
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

/// `shared.bgsaveerr`.
pub const MISCONF_RDB: &str = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_parameters_as_redis_reads_them() {
        assert_eq!(normalize_save("3600 1 300 100").as_deref(), Ok("3600 1 300 100"));
        assert_eq!(normalize_save("").as_deref(), Ok(""));
        assert_eq!(normalize_save("+5 01").as_deref(), Ok("5 1"));
        assert_eq!(normalize_save("5 99999999999").as_deref(), Ok("5 1215752191"));
        for bad in ["0 1", "1 -1", "1 2 3", "5 1 ", "  ", "+5 01  3", "5x 1", "5 +", "a b"] {
            assert!(normalize_save(bad).is_err(), "{bad:?}");
        }
        assert_eq!(save_params("3600 1 300 100"), vec![(3600, 1), (300, 100)]);
        assert!(save_params("").is_empty());
    }
}
