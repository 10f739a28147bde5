//! The append-only log as a host stores it, host-independent: what is waiting to be
//! committed, what is committed, when to commit (`appendfsync`), rewrites, and the
//! figures INFO and the persistence panel show. The host (IndexedDB in the browser)
//! only moves bytes: `begin_commit`/`commit_done`, `begin_rewrite`/`rewrite_done`.
//!
//! One store operation is in flight at a time, so chunks land in order; whatever is
//! written meanwhile goes into the next one (group commit). A failed operation gives its
//! bytes back, so nothing is lost while the store misbehaves.

use keyspace_engine::aof::{self, AofWriter, Fsync};
use keyspace_engine::engine::{AofStatus, Engine, Propagated};

/// Figures of the stored log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AofStats {
    /// Bytes committed (base and increments).
    pub size: u64,
    pub base_size: u64,
    /// Commands committed.
    pub entries: u64,
    pub rewrites: u64,
    pub last_commit_ms: Option<i64>,
    pub last_error: Option<String>,
}

/// Bytes for the store to append; `commit_done` when they are committed.
#[derive(Debug)]
pub struct Commit {
    pub bytes: Vec<u8>,
}

/// A new base that replaces everything stored, in one atomic store operation.
#[derive(Debug)]
pub struct Rewrite {
    pub base: Vec<u8>,
}

#[derive(Debug)]
enum InFlight {
    Commit {
        bytes: Vec<u8>,
        entries: u64,
        upto: u64,
    },
    Rewrite {
        len: u64,
        entries: u64,
        upto: u64,
        set_aside: Vec<u8>,
        set_aside_entries: u64,
    },
}

#[derive(Debug, Default)]
pub struct AofLog {
    enabled: bool,
    writer: AofWriter,
    pending: Vec<u8>,
    pending_entries: u64,
    /// Bytes ever produced and ever committed (monotonic): a reply produced after byte
    /// N is shown once `committed >= N` under `appendfsync always`.
    produced: u64,
    committed: u64,
    /// When pending bytes started waiting.
    waiting_since: Option<i64>,
    in_flight: Option<InFlight>,
    /// Commits made while another operation was in flight because the page is being
    /// hidden or left (the store keeps them in creation order), oldest first.
    urgent: std::collections::VecDeque<InFlight>,
    rewrite_wanted: bool,
    pub stats: AofStats,
    /// The last commands appended, as RESP bytes (the persistence lesson shows them).
    recent: std::collections::VecDeque<Vec<u8>>,
}

/// How many commands `recent` keeps.
const RECENT: usize = 8;

impl AofLog {
    /// Starts recording on top of a stored log of `size` bytes and `entries` commands.
    pub fn enable(&mut self, engine: &mut Engine, size: u64, entries: u64) {
        self.enabled = true;
        self.stats.size = size;
        self.stats.entries = entries;
        engine.config_mut().set_raw("appendonly", "yes");
        self.report(engine);
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    pub fn produced(&self) -> u64 {
        self.produced
    }

    pub fn committed(&self) -> u64 {
        self.committed
    }

    pub fn pending_bytes(&self) -> usize {
        self.pending.len()
    }

    /// Adds what the engine propagated to the pending bytes, and follows `CONFIG SET
    /// appendonly` (off: stop recording, what was written still gets committed; on: the
    /// log restarts from a rewrite, as in Redis).
    pub fn collect(&mut self, records: &[Propagated], engine: &mut Engine, now: i64) {
        if self.enabled && !records.is_empty() {
            let before = self.pending.len();
            let writer_before = self.writer.clone();
            self.pending_entries += self.writer.feed(records, &mut self.pending) as u64;
            self.keep_recent(records, writer_before);
            self.produced += (self.pending.len() - before) as u64;
            self.waiting_since.get_or_insert(now);
            self.report(engine);
        }
        let wanted = engine.config().get("appendonly") == Some("yes");
        if wanted != self.enabled {
            self.enabled = wanted;
            self.rewrite_wanted |= wanted;
            self.report(engine);
        }
    }

    /// Keeps the tail of what `records` appended: only their last few are encoded again
    /// (with the SELECTs the writer, as it was before them, put in), so a big batch costs
    /// nothing more here.
    fn keep_recent(&mut self, records: &[Propagated], mut writer: AofWriter) {
        let start = records.len().saturating_sub(RECENT);
        if let Some(before_tail) = start.checked_sub(1) {
            writer.select_for(records[before_tail].db);
        }
        for record in &records[start..] {
            if let Some(select) = writer.select_for(record.db) {
                let mut bytes = Vec::new();
                keyspace_engine::resp::encode_command(&select, &mut bytes);
                self.recent.push_back(bytes);
            }
            let mut bytes = Vec::new();
            keyspace_engine::resp::encode_command(&record.argv, &mut bytes);
            self.recent.push_back(bytes);
        }
        while self.recent.len() > RECENT {
            self.recent.pop_front();
        }
    }

    /// The last commands appended, oldest first, as the bytes the file holds.
    pub fn recent(&self) -> impl Iterator<Item = &[u8]> {
        self.recent.iter().map(Vec::as_slice)
    }

    /// BGREWRITEAOF from the host (the keyspace was replaced or reset).
    pub fn request_rewrite(&mut self) {
        self.rewrite_wanted = true;
    }

    /// Whether replies must wait for the commit of what is pending (`always`).
    pub fn holds_replies(&self, engine: &Engine) -> bool {
        self.enabled && Fsync::of(engine) == Fsync::Always && self.produced > self.committed
    }

    /// The next store operation, if one is due and none is in flight: a rewrite
    /// (BGREWRITEAOF, the automatic rule, or AOF just turned on) or a commit of what is
    /// pending when `appendfsync` says so (`force`: the page is being hidden or left).
    pub fn next_commit(&mut self, engine: &mut Engine, now: i64, force: bool) -> Option<Commit> {
        if self.in_flight.is_some() || self.pending.is_empty() {
            return None;
        }
        let waited = now - self.waiting_since.unwrap_or(now);
        if !force && waited < Fsync::of(engine).max_delay_ms() {
            return None;
        }
        let bytes = std::mem::take(&mut self.pending);
        self.in_flight = Some(InFlight::Commit {
            bytes: bytes.clone(),
            entries: std::mem::take(&mut self.pending_entries),
            upto: self.produced,
        });
        self.waiting_since = None;
        Some(Commit { bytes })
    }

    /// Everything pending, for a commit started at once even while another operation is
    /// in flight: the page is being hidden or left and may get no later turn. The store
    /// must run it after the one in flight (IndexedDB orders read-write transactions by
    /// creation); `urgent_done` reports it.
    pub fn urgent_commit(&mut self) -> Option<Commit> {
        if self.pending.is_empty() {
            return None;
        }
        let bytes = std::mem::take(&mut self.pending);
        self.urgent.push_back(InFlight::Commit {
            bytes: bytes.clone(),
            entries: std::mem::take(&mut self.pending_entries),
            upto: self.produced,
        });
        self.waiting_since = None;
        Some(Commit { bytes })
    }

    /// The oldest urgent commit ended.
    pub fn urgent_done(&mut self, engine: &mut Engine, outcome: Result<(), String>, now: i64) {
        let Some(op) = self.urgent.pop_front() else { return };
        let regular = self.in_flight.replace(op);
        self.done(engine, outcome, now);
        self.in_flight = regular;
    }

    pub fn next_rewrite(&mut self, engine: &mut Engine, now: i64) -> Option<Rewrite> {
        if self.in_flight.is_some() || !self.enabled {
            return None;
        }
        if !std::mem::take(&mut self.rewrite_wanted) && !engine.take_aof_rewrite() {
            return None;
        }
        // The caller collected what the engine propagated: the base covers it all.
        let base = aof::rewrite(engine, now);
        // An RDB base (aof-use-rdb-preamble yes) holds keys rather than commands.
        let entries = if aof::has_preamble(&base) {
            engine.key_counts().iter().sum::<usize>()
        } else {
            aof::parse(&base).map_or(0, |(commands, _)| commands.len())
        } as u64;
        self.writer.reset();
        self.in_flight = Some(InFlight::Rewrite {
            len: base.len() as u64,
            entries,
            upto: self.produced,
            set_aside: std::mem::take(&mut self.pending),
            set_aside_entries: std::mem::take(&mut self.pending_entries),
        });
        self.waiting_since = None;
        Some(Rewrite { base })
    }

    /// The store finished the operation in flight.
    pub fn done(&mut self, engine: &mut Engine, outcome: Result<(), String>, now: i64) {
        let Some(op) = self.in_flight.take() else { return };
        match (op, outcome) {
            (InFlight::Commit { bytes, entries, upto }, Ok(())) => {
                self.committed = upto;
                self.stats.size += bytes.len() as u64;
                self.stats.entries += entries;
                self.stats.last_commit_ms = Some(now);
                self.stats.last_error = None;
            }
            (InFlight::Commit { mut bytes, entries, .. }, Err(e)) => {
                // Back in front of what came since: retried with the next commit.
                bytes.extend_from_slice(&self.pending);
                self.pending = bytes;
                self.pending_entries += entries;
                self.waiting_since = Some(now);
                self.stats.last_error = Some(e);
            }
            (InFlight::Rewrite { len, entries, upto, .. }, Ok(())) => {
                self.committed = upto;
                self.stats.size = len;
                self.stats.base_size = len;
                self.stats.entries = entries;
                self.stats.rewrites += 1;
                self.stats.last_commit_ms = Some(now);
                self.stats.last_error = None;
            }
            (
                InFlight::Rewrite {
                    set_aside,
                    set_aside_entries,
                    ..
                },
                Err(e),
            ) => {
                // The old log is still whole; what it lacks goes to it as usual. The
                // writer starts over, so the next bytes select their database again.
                let mut bytes = set_aside;
                bytes.extend_from_slice(&self.pending);
                self.pending = bytes;
                self.pending_entries += set_aside_entries;
                self.waiting_since = Some(now);
                self.stats.last_error = Some(e);
            }
        }
        self.report(engine);
    }

    /// The engine reports it as Redis does: INFO persistence, and MISCONF on writes while
    /// the store fails (never a silent loss).
    fn report(&self, engine: &mut Engine) {
        engine.set_aof_status(AofStatus {
            enabled: self.enabled,
            current_size: self.stats.size + self.pending.len() as u64,
            base_size: self.stats.base_size,
            rewrites: self.stats.rewrites,
            last_write_error: self.stats.last_error.clone(),
        });
    }
}
