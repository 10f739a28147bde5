//! dump.rdb as a host stores it, host-independent: the engine's snapshots (SAVE, BGSAVE,
//! the save points, FLUSHALL's and SHUTDOWN's saves; see `keyspace_engine::snapshot`)
//! become store operations beside the AOF's (`Playground::next_store_op`), the stored
//! file is kept for the panel and its download, and a start-up loads what Redis's
//! `loadDataFromDisk` would.
//!
//! The playground's configuration file. A page load is this playground's restart, and a
//! restart reads a configuration: here it is `CONFIG_FILE`, the seed tutorial's
//! `redis-server --appendonly yes` with no redis.conf. Every start begins from Redis
//! 7.0's defaults plus those lines, so `save` is `3600 1 300 100 60 10000` (the save
//! points fire in the browser as in Redis) and `appendonly` is `yes`. What CONFIG SET
//! changed is gone after a reload, as in Redis without CONFIG REWRITE: the playground
//! keeps no redis.conf to rewrite, so the start is always the same. Hence, with the
//! configuration as shipped, a start loads the AOF and never dump.rdb (Redis 7.0:
//! `loadDataFromDisk` loads the AOF when `aof_state == AOF_ON` and does not look at
//! dump.rdb, even when the AOF does not exist); a start with `appendonly no` (a host
//! whose `Playground::config_file` says so, and the tests) loads dump.rdb.
//!
//! One snapshot is stored at a time and each replaces the last (Redis renames
//! `temp-<pid>.rdb` over `dump.rdb`); SAVE answers its client once it is stored.
//! Only a page that stores (the leading page, with its store open) enables snapshots:
//! following pages forward SAVE to it, sandboxes never enable them, so one keyspace
//! writes one dump.rdb.

use std::sync::Arc;

use keyspace_engine::engine::Engine;
use keyspace_engine::snapshot::SnapshotKind;

/// The configuration every start reads (`redis-server --appendonly yes`, seed 000).
pub const CONFIG_FILE: &[(&str, &str)] = &[("appendonly", "yes")];

/// What Redis calls `dbfilename` (default `dump.rdb`).
pub const DBFILENAME: &str = "dump.rdb";

/// The stored dump.rdb.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RdbFile {
    pub bytes: Arc<Vec<u8>>,
    /// When it was written, seconds since the epoch on the engine's clock (the file's
    /// `ctime` field).
    pub saved_at: i64,
}

/// A snapshot for the host to store as dump.rdb, replacing the one stored, in one
/// atomic operation; then `Playground::store_done`.
#[derive(Clone, Debug)]
pub struct SnapshotWrite {
    pub bytes: Arc<Vec<u8>>,
    /// Seconds since the epoch on the engine's clock when it was taken.
    pub saved_at: i64,
    pub kind: SnapshotKind,
}

/// What a start-up loads (`loadDataFromDisk`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartFrom {
    /// `appendonly yes`: the AOF (dump.rdb is not read, even if the AOF is empty).
    Aof,
    /// `appendonly no` and a dump.rdb stored.
    Rdb,
    /// `appendonly no` and no dump.rdb: an empty keyspace.
    Empty,
}

impl StartFrom {
    pub fn of(appendonly: bool, has_rdb: bool) -> StartFrom {
        match (appendonly, has_rdb) {
            (true, _) => StartFrom::Aof,
            (false, true) => StartFrom::Rdb,
            (false, false) => StartFrom::Empty,
        }
    }
}

/// The snapshot side of the host's store.
#[derive(Debug, Default)]
pub struct Snapshots {
    enabled: bool,
    /// The snapshot being stored: its engine id and what it becomes once stored.
    in_flight: Option<(u64, RdbFile)>,
    /// The dump.rdb stored (at start-up or by the last successful save).
    pub file: Option<RdbFile>,
    /// Why the last store of a snapshot failed, until one succeeds.
    pub last_error: Option<String>,
}

impl Snapshots {
    /// The host stores snapshots from now on; `file` is the dump.rdb it holds.
    pub fn enable(&mut self, engine: &mut Engine, file: Option<RdbFile>) {
        self.enabled = true;
        self.file = file;
        engine.enable_snapshots(true);
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    pub fn in_flight(&self) -> bool {
        self.in_flight.is_some()
    }

    /// The next snapshot the engine made, if none is being stored.
    pub(crate) fn next(&mut self, engine: &mut Engine) -> Option<SnapshotWrite> {
        if !self.enabled || self.in_flight.is_some() {
            return None;
        }
        let snapshot = engine.take_snapshot()?;
        let saved_at = engine_seconds(engine);
        let bytes = Arc::new(snapshot.bytes);
        self.in_flight = Some((
            snapshot.id,
            RdbFile {
                bytes: bytes.clone(),
                saved_at,
            },
        ));
        Some(SnapshotWrite {
            bytes,
            saved_at,
            kind: snapshot.kind,
        })
    }

    /// The store of the snapshot in flight ended; false when none was in flight.
    pub(crate) fn done(&mut self, engine: &mut Engine, outcome: &Result<(), String>, now: i64) -> bool {
        let Some((id, file)) = self.in_flight.take() else {
            return false;
        };
        match outcome {
            Ok(()) => {
                self.file = Some(file);
                self.last_error = None;
            }
            Err(e) => self.last_error = Some(e.clone()),
        }
        engine.snapshot_done(id, outcome.is_ok(), now);
        true
    }
}

/// The engine's time in seconds (its last `now`), as the RDB's `ctime` has it.
fn engine_seconds(engine: &Engine) -> i64 {
    engine.now().div_euclid(1000)
}
