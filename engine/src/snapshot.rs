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
//!
//! This module is a leaf (the types, the state, the `save` parameter's syntax); the
//! `Engine` methods are in `commands/persist.rs`, beside SAVE and BGSAVE.

use crate::client::ClientId;

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
    pub(crate) id: u64,
    pub(crate) kind: SnapshotKind,
    /// `server.dirty` when the snapshot was taken (`dirty_before_bgsave`).
    pub(crate) dirty_at: u64,
    pub(crate) client: Option<ClientId>,
}

/// Redis's RDB bookkeeping (`server.lastsave`, `lastbgsave_status`...).
#[derive(Clone, Debug)]
pub(crate) struct RdbState {
    /// The host stores snapshots (`enable_snapshots`).
    pub(crate) enabled: bool,
    pub(crate) next_id: u64,
    pub(crate) outbox: std::collections::VecDeque<Snapshot>,
    pub(crate) pending: Vec<Pending>,
    /// A BGSAVE's snapshot is being stored: its start (s).
    pub(crate) bgsave_started: Option<i64>,
    /// BGSAVE SCHEDULE (or BGSAVE inside EXEC) waits to start.
    pub(crate) scheduled: bool,
    /// Seconds since the epoch of the last successful save.
    pub(crate) lastsave: i64,
    pub(crate) last_bgsave_ok: bool,
    /// When a background save was last tried (s).
    pub(crate) last_bgsave_try: i64,
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
