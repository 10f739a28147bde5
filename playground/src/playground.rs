//! The playground's model, host-independent: an engine, terminal sessions (each its own
//! client with redis-cli's behaviour and bounded scrollback), command history, the
//! inspector's view of one database kept current from change events, and the clock the
//! engine reads. The web app renders this and feeds it keystrokes and clock ticks;
//! everything here is tested natively.
//!
//! Time: every method takes the host's real time (`now`, ms since the epoch). The engine
//! sees the playground's clock (`Clock`: paused, fast, moved ahead by the learner); the
//! AOF's commit schedule (`appendfsync everysec`) and fading keys follow real time.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::aof_log::{AofLog, Commit, Rewrite};
use crate::clock::Clock;
use crate::history::History;
use crate::inspect::{self, KeySummary};
use crate::repl::{Line, Ran};
use crate::session::Session;
use crate::sharing::Sharing;
use crate::snapshots::{RdbFile, SnapshotWrite, Snapshots, StartFrom, CONFIG_FILE};
use keyspace_engine::aof::{self, LoadError, LoadReport};
use keyspace_engine::engine::Engine;

/// What happened in the playground that a lesson may ask about: commands typed in the
/// terminals (with their replies) and keys that went away, by expiry or by a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Activity {
    /// `session` is the terminal's position (0: the first one).
    Ran {
        session: usize,
        ran: Ran,
    },
    Expired {
        db: usize,
        key: Vec<u8>,
    },
    Deleted {
        db: usize,
        key: Vec<u8>,
    },
}

pub struct Playground {
    pub engine: Engine,
    pub sessions: Vec<Session>,
    pub history: History,
    /// The database the inspector shows, and its keys by name.
    pub inspected_db: usize,
    pub keys: BTreeMap<Vec<u8>, KeySummary>,
    /// Keys named by the last command's events (highlighted).
    pub touched: Vec<Vec<u8>>,
    /// Keys just removed (deleted or expired) and when, so a view can fade them out.
    pub removed: Vec<(KeySummary, i64)>,
    /// The append-only log as the host stores it.
    pub aof: AofLog,
    /// dump.rdb as the host stores it (snapshots enabled only where the host stores them).
    pub snapshots: Snapshots,
    /// What every start reads (`snapshots::CONFIG_FILE`; tests may start otherwise).
    pub config_file: Vec<(String, String)>,
    /// What happened since the host last took it (`take_activity`), kept only while
    /// someone watches (`watch_activity`: a lesson).
    activity: Vec<Activity>,
    watching: bool,
    /// The time the engine sees.
    pub clock: Clock,
    /// The host's real time at the last call.
    real: i64,
    /// Other pages of the same playground: the one that leads runs every command.
    pub(crate) sharing: Sharing,
    /// Leading: the sessions it runs for terminals of other pages.
    pub(crate) remote_sessions: Vec<RemoteSession>,
    /// Following: the internal client that applies the leading page's writes.
    pub(crate) applier: Option<keyspace_engine::client::ClientId>,
    next_session: usize,
}

/// A terminal of another page, run here by the leading page.
pub(crate) struct RemoteSession {
    pub(crate) page: u64,
    pub(crate) session: Session,
}

impl Playground {
    pub fn new(seed: u64, now: i64) -> Playground {
        let mut engine = Engine::new(seed, now);
        engine.observe_keyspace(true);
        // Writes feed the AOF and the other tabs of this playground.
        engine.record_propagation(true);
        // The page has one thread: a command must not freeze it (KEYS * on a million keys).
        engine.set_work_limit(Some(keyspace_engine::budget::BROWSER_WORK_LIMIT));
        let mut p = Playground {
            engine,
            sessions: Vec::new(),
            history: History::default(),
            inspected_db: 0,
            keys: BTreeMap::new(),
            touched: Vec::new(),
            removed: Vec::new(),
            aof: AofLog::default(),
            snapshots: Snapshots::default(),
            config_file: CONFIG_FILE
                .iter()
                .map(|&(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            activity: Vec::new(),
            watching: false,
            clock: Clock::real_time(),
            real: now,
            sharing: Sharing::default(),
            remote_sessions: Vec::new(),
            applier: None,
            next_session: 1,
        };
        p.open_session(now);
        p
    }

    /// The time the engine sees at real time `real` (and `real` noted for the AOF's
    /// schedule): the first thing every method taking the host's time does.
    pub(crate) fn at(&mut self, real: i64) -> i64 {
        self.real = real;
        self.clock.now(real)
    }

    /// The time the engine sees now, at real time `real`.
    pub fn now(&self, real: i64) -> i64 {
        self.clock.now(real)
    }

    /// Changes the clock (pause, fast, jump): what was due by the new time happens at once.
    pub fn set_clock(&mut self, clock: Clock, real: i64) {
        self.clock = clock;
        self.sharing.clock_changed(&self.clock);
        self.tick(real);
    }

    /// Lessons watch what happens (`take_activity`); nothing is kept otherwise.
    pub fn watch_activity(&mut self, on: bool) {
        self.watching = on;
        self.activity.clear();
        for session in &mut self.sessions {
            session.repl.record_ran = on;
        }
    }

    /// What happened since the last call, oldest first.
    pub fn take_activity(&mut self) -> Vec<Activity> {
        std::mem::take(&mut self.activity)
    }

    /// Moves what the terminals ran into the activity.
    fn gather_ran(&mut self) {
        for i in 0..self.sessions.len() {
            for ran in self.sessions[i].repl.take_ran() {
                self.note_ran(i, ran);
            }
        }
    }

    /// A command ran in terminal `session` (here, or for this page on the leading one).
    pub(crate) fn note_ran(&mut self, session: usize, ran: Ran) {
        if self.watching {
            self.activity.push(Activity::Ran { session, ran });
        }
    }

    /// A new terminal session: a new client connection.
    pub fn open_session(&mut self, now: i64) -> usize {
        let now = self.at(now);
        let client = self.engine.connect(now);
        let mut session = Session::new(
            format!("Client {}", self.next_session),
            client,
            self.next_session as u64,
        );
        session.repl.record_ran = self.watching;
        self.sessions.push(session);
        self.next_session += 1;
        self.sessions.len() - 1
    }

    pub fn close_session(&mut self, index: usize) {
        if self.sessions.len() <= 1 || index >= self.sessions.len() {
            return;
        }
        let session = self.sessions.remove(index);
        self.engine.disconnect(session.repl.client);
        self.sharing.session_closed(session.id);
        let now = self.clock.now(self.real);
        self.poll_all(now);
    }

    pub fn prompt(&self, session: usize) -> String {
        self.sessions
            .get(session)
            .map(|s| s.prompt(&self.engine))
            .unwrap_or_default()
    }

    /// Runs a typed line in a session.
    pub fn submit(&mut self, session: usize, line: &str, now: i64) {
        if session >= self.sessions.len() {
            return;
        }
        let now = self.at(now);
        // Like redis-cli, passwords (AUTH, ACL SETUSER, requirepass...) stay out of history.
        if !crate::cli::is_sensitive(line) {
            self.history.push(line);
        }
        if self.sharing.line(self.sessions[session].id, line) {
            let view = self.sessions[session].remote.get_or_insert_with(Default::default);
            view.waiting = true;
            return;
        }
        let outcome = self.sessions[session].repl.submit(&mut self.engine, line, now);
        self.collect();
        if outcome.clear {
            self.sessions[session].lines.clear();
        } else {
            self.output(session, outcome.lines);
        }
        self.poll_all(now);
        self.gather_ran();
        self.apply_events(now);
        // redis-cli follows SELECT; so does the inspector, for the session typing.
        let db = self
            .engine
            .client(self.sessions[session].repl.client)
            .map_or(0, |c| c.db);
        if db != self.inspected_db {
            self.show_db(db, now);
        }
    }

    pub fn interrupt(&mut self, session: usize, now: i64) {
        let now = self.at(now);
        if let Some(sess) = self.sessions.get_mut(session) {
            if sess.queued.left > 0 {
                let left = sess.queued.left;
                sess.queued = Default::default();
                sess.note(&format!("(paste stopped: {left} lines not run)"));
                return;
            }
            if self.sharing.interrupt(sess.id) {
                return;
            }
            let lines = sess.repl.interrupt(&mut self.engine, now);
            self.collect();
            self.output(session, lines);
        }
        self.gather_ran();
        self.apply_events(now);
    }

    /// Queues pasted text (lines separated by `\n`, a `\r` before it dropped) to run in
    /// order; it is split only as its lines run, so a huge paste costs one move here.
    pub fn queue_text(&mut self, session: usize, text: String) {
        if let Some(sess) = self.sessions.get_mut(session) {
            sess.queued.push(text);
        }
    }

    /// Queues pasted lines to run in order (`run_queued` runs them a slice at a time).
    pub fn queue_lines(&mut self, session: usize, lines: impl IntoIterator<Item = String>) {
        if let Some(sess) = self.sessions.get_mut(session) {
            let mut text = String::new();
            for line in lines {
                text.push_str(&line);
                text.push('\n');
            }
            sess.queued.push(text);
        }
    }

    pub fn has_queued(&self) -> bool {
        self.sessions.iter().any(|s| s.queued.left > 0)
    }

    /// Runs up to `max` queued lines (of every session, in each session's order); returns how
    /// many ran. The host calls it again while time allows, then yields to the page.
    pub fn run_queued(&mut self, max: usize, now: i64) -> usize {
        let mut ran = 0;
        for session in 0..self.sessions.len() {
            while ran < max {
                // A blocked or subscribed session takes no more lines, as in redis-cli.
                if self.sessions[session].waiting() {
                    break;
                }
                let Some(line) = self.sessions[session].queued.pop() else {
                    break;
                };
                self.submit(session, &line, now);
                ran += 1;
            }
        }
        ran
    }

    /// How long a removed key stays visible (fading) in the inspector.
    pub const FADE_MS: i64 = 700;

    /// The clock moved: active expiry, blocking time-outs, messages to other tabs.
    /// Returns whether anything visible changed.
    pub fn tick(&mut self, now: i64) -> bool {
        let real = now;
        let now = self.at(real);
        let fading = self.removed.len();
        self.removed.retain(|(_, at)| real - at < Self::FADE_MS);
        self.engine.tick(now);
        self.collect();
        let printed = self.poll_all(now);
        self.gather_ran();
        let changed = self.apply_events(now);
        printed || changed || fading != self.removed.len()
    }

    pub(crate) fn poll_all(&mut self, now: i64) -> bool {
        let mut any = false;
        for session in 0..self.sessions.len() {
            let lines = self.sessions[session].repl.poll(&mut self.engine, now);
            self.collect();
            any |= !lines.is_empty();
            self.output(session, lines);
        }
        any | self.poll_remote_sessions(now)
    }

    /// Hands what the engine propagated to the AOF and to the tabs that follow this one.
    pub(crate) fn collect(&mut self) {
        let records = self.engine.take_propagated();
        self.aof.collect(&records, &mut self.engine, self.real);
        self.sharing.stream(&records);
    }

    fn output(&mut self, session: usize, lines: Vec<Line>) {
        self.sessions[session].show(&self.aof, &self.engine, lines);
    }

    /// Shows the output whose writes are committed now (or, when the store failed, with
    /// a note saying so rather than leaving the terminal waiting forever).
    pub(crate) fn release_held(&mut self) {
        let committed = self.aof.committed();
        let failed = self.aof.stats.last_error.clone();
        let remote = self.remote_sessions.iter_mut().map(|r| &mut r.session);
        for sess in self.sessions.iter_mut().chain(remote) {
            sess.release(committed, failed.as_deref());
        }
    }

    /// Updates the inspector from change events: only the keys they name.
    pub(crate) fn apply_events(&mut self, now: i64) -> bool {
        let events = self.engine.take_events();
        if events.is_empty() {
            return false;
        }
        if self.watching {
            for ev in &events {
                let (db, key) = (ev.db, ev.key.clone());
                match ev.event {
                    "expired" => self.activity.push(Activity::Expired { db, key }),
                    "del" => self.activity.push(Activity::Deleted { db, key }),
                    _ => {}
                }
            }
        }
        self.touched.clear();
        // Which keys `touched` holds already: a batch may carry thousands of events
        // (a paste slice, MSET, an expiry cycle), so no linear search per event.
        let mut seen: std::collections::HashSet<&[u8]> = std::collections::HashSet::new();
        let mut rebuild = false;
        for ev in events.iter().filter(|e| e.db == self.inspected_db) {
            if ev.event == "swapdb" {
                rebuild = true;
                continue;
            }
            match inspect::summarize(&self.engine, ev.db, &ev.key, now) {
                Some(summary) => {
                    self.keys.insert(ev.key.clone(), summary);
                }
                None => {
                    if let Some(gone) = self.keys.remove(&ev.key) {
                        self.removed.push((gone, self.real));
                    }
                }
            }
            if seen.insert(&ev.key) {
                self.touched.push(ev.key.clone());
            }
        }
        if rebuild {
            self.show_db(self.inspected_db, now);
        }
        true
    }

    /// Replays a stored AOF (before anything is typed), then records every write.
    pub fn restore(&mut self, log: &[u8], now: i64) -> Result<LoadReport, LoadError> {
        let now = self.at(now);
        let report = aof::load(&mut self.engine, log, now)?;
        self.show_db(self.inspected_db, now);
        Ok(report)
    }

    /// Starts recording writes on top of a stored log of `size` bytes, `entries` commands.
    pub fn enable_aof(&mut self, size: u64, entries: u64) {
        self.aof.enable(&mut self.engine, size, entries);
    }

    /// The host stores snapshots (dump.rdb) from now on; `file` is the one it holds.
    /// Only the page that stores calls it: a following page forwards SAVE to the
    /// leading one, and a sandbox never stores.
    pub fn enable_snapshots(&mut self, file: Option<RdbFile>) {
        self.snapshots.enable(&mut self.engine, file);
    }

    /// Whether the configuration file says `appendonly yes`.
    pub fn starts_with_aof(&self) -> bool {
        self.config_file
            .iter()
            .rev()
            .find(|(k, _)| k == "appendonly")
            .is_some_and(|(_, v)| v == "yes")
    }

    /// A start, as Redis's `loadDataFromDisk`: the configuration file is applied, then
    /// the AOF is replayed when it says `appendonly yes` (dump.rdb is not read), else
    /// dump.rdb is loaded when there is one. `rdb` stays the stored file either way (the
    /// panel shows it, Download offers it). The caller then enables what it stores.
    pub fn start_from_disk(&mut self, aof_log: &[u8], rdb: Option<&RdbFile>, now: i64) -> Result<Started, StartError> {
        let engine_now = self.at(now);
        for (name, value) in self.config_file.clone() {
            self.engine.config_mut().set_raw(&name, &value);
        }
        let from = StartFrom::of(self.starts_with_aof(), rdb.is_some());
        let started = match (from, rdb) {
            (StartFrom::Aof, _) => Started::Aof(self.restore(aof_log, now).map_err(StartError::Aof)?),
            (StartFrom::Rdb, Some(file)) => {
                let report = keyspace_engine::rdb::load(&mut self.engine, &file.bytes, engine_now)
                    .map_err(|e| StartError::Rdb(e.to_string()))?;
                self.show_db(self.inspected_db, engine_now);
                Started::Rdb(report)
            }
            _ => Started::Empty,
        };
        self.snapshots.file = rdb.cloned();
        Ok(started)
    }

    /// The next store operation due, if any: a snapshot first (SAVE's client waits for
    /// it), then a rewrite, else a commit. One at a time: none while one is in flight.
    pub fn next_store_op(&mut self, now: i64, force: bool) -> Option<StoreOp> {
        let real = now;
        let now = self.at(real);
        self.collect();
        if self.snapshots.in_flight() {
            return None;
        }
        if let Some(snapshot) = self.snapshots.next(&mut self.engine) {
            return Some(StoreOp::Snapshot(snapshot));
        }
        if let Some(rewrite) = self.aof.next_rewrite(&mut self.engine, now) {
            return Some(StoreOp::Rewrite(rewrite));
        }
        self.aof.next_commit(&mut self.engine, real, force).map(StoreOp::Append)
    }

    /// Everything pending, to be stored at once (the page is being hidden or left).
    pub fn urgent_commit(&mut self, now: i64) -> Option<Commit> {
        self.at(now);
        self.collect();
        self.aof.urgent_commit()
    }

    pub fn urgent_done(&mut self, outcome: Result<(), String>, now: i64) {
        self.at(now);
        self.aof.urgent_done(&mut self.engine, outcome, now);
        self.release_held();
        self.send_released();
    }

    /// The store finished the operation: held replies whose writes are stored appear,
    /// and a stored snapshot answers the SAVE that waited for it.
    pub fn store_done(&mut self, outcome: Result<(), String>, now: i64) {
        let real = now;
        let now = self.at(real);
        if self.snapshots.done(&mut self.engine, &outcome, now) {
            self.collect();
            self.poll_all(now);
            self.gather_ran();
            self.apply_events(now);
            self.send_released();
            return;
        }
        self.aof.done(&mut self.engine, outcome, real);
        self.release_held();
        self.send_released();
    }

    /// The dump.rdb a download offers: the stored one when there is one (`true`), else
    /// the keyspace as SAVE would write it now (`false`).
    pub fn dump_rdb(&self, now: i64) -> (Arc<Vec<u8>>, bool) {
        match &self.snapshots.file {
            Some(file) => (file.bytes.clone(), true),
            None => (
                Arc::new(keyspace_engine::rdb::save(&self.engine, self.clock.now(now))),
                false,
            ),
        }
    }

    /// Replaces the whole keyspace by an AOF's (a file the learner loads), as a restart
    /// from that file would; the stored log is then rewritten from it. A corrupt file
    /// changes nothing.
    pub fn replace_with_aof(&mut self, bytes: &[u8], now: i64) -> Result<LoadReport, LoadError> {
        let now = self.at(now);
        aof::parse(bytes)?;
        self.flush_everything(now);
        let report = aof::load(&mut self.engine, bytes, now)?;
        self.aof.request_rewrite();
        self.show_db(self.inspected_db, now);
        Ok(report)
    }

    /// Runs a command on a client of its own that no terminal shows (MONITOR does not
    /// list internal clients either): the panels' actions and the lessons' checks.
    pub fn call_internal(&mut self, argv: Vec<Vec<u8>>, now: i64) -> keyspace_engine::Reply {
        let now = self.at(now);
        let internal = self.engine.connect_internal(now);
        let reply = self
            .engine
            .call(internal, argv, now)
            .pop()
            .unwrap_or(keyspace_engine::Reply::Null);
        self.engine.disconnect(internal);
        self.collect();
        self.apply_events(now);
        reply
    }

    /// Runs many commands on one internal client (a batch: a lesson's starting state,
    /// a benchmark's writes), then hands their writes on as one.
    pub fn run_internal_many(&mut self, commands: impl IntoIterator<Item = Vec<Vec<u8>>>, now: i64) -> usize {
        let now = self.at(now);
        let internal = self.engine.connect_internal(now);
        let mut count = 0;
        for argv in commands {
            self.engine.execute(internal, argv, now);
            self.engine.take_replies(internal);
            count += 1;
        }
        self.engine.disconnect(internal);
        self.collect();
        self.apply_events(now);
        count
    }

    /// Empties every database; the stored log is rewritten to nothing.
    pub fn reset(&mut self, now: i64) {
        let now = self.at(now);
        self.flush_everything(now);
        self.aof.request_rewrite();
        self.show_db(self.inspected_db, now);
    }

    fn flush_everything(&mut self, now: i64) {
        let internal = self.engine.connect_internal(now);
        self.engine.call(internal, vec![b"FLUSHALL".to_vec()], now);
        self.engine.disconnect(internal);
        self.collect();
        self.engine.take_events();
    }

    /// The AOF that recreates the keyspace now (what "Download AOF" offers when there is
    /// no stored log to give).
    pub fn snapshot_aof(&self, now: i64) -> Vec<u8> {
        aof::rewrite(&self.engine, self.clock.now(now))
    }

    /// Shows another database in the inspector (a full read, once).
    pub fn inspect_db(&mut self, db: usize, now: i64) {
        let now = self.at(now);
        self.show_db(db, now);
    }

    /// `inspect_db` at the engine's time `now`.
    pub(crate) fn show_db(&mut self, db: usize, now: i64) {
        self.inspected_db = db;
        let (keys, _) = inspect::list_keys(&self.engine, db, b"*", now, usize::MAX);
        self.keys = keys.into_iter().map(|k| (k.key.clone(), k)).collect();
        self.touched.clear();
        self.removed.clear();
    }
}

/// What the host's store must do next.
#[derive(Debug)]
pub enum StoreOp {
    Append(Commit),
    Rewrite(Rewrite),
    /// Store dump.rdb, replacing the one stored, in one atomic operation.
    Snapshot(SnapshotWrite),
}

/// What a start loaded (`Playground::start_from_disk`).
#[derive(Debug)]
pub enum Started {
    Aof(LoadReport),
    Rdb(keyspace_engine::rdb::LoadReport),
    Empty,
}

/// Why a start failed: Redis would refuse to start.
#[derive(Debug)]
pub enum StartError {
    Aof(LoadError),
    Rdb(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inspector_follows_writes_expiry_and_select() {
        let mut p = Playground::new(1, 1_000);
        p.submit(0, "SET a 1", 1_000);
        p.submit(0, "SET t v PX 100", 1_000);
        assert_eq!(p.keys.len(), 2);
        assert_eq!(p.touched, vec![b"t".to_vec()]);
        assert!(p.tick(1_100), "the key expired by itself");
        assert_eq!(p.keys.keys().collect::<Vec<_>>(), vec![&b"a".to_vec()]);
        assert_eq!(p.removed.len(), 1, "it fades out");
        p.tick(1_100 + Playground::FADE_MS);
        assert!(p.removed.is_empty());
        p.submit(0, "SELECT 2", 1_100);
        assert_eq!(p.inspected_db, 2);
        assert!(p.keys.is_empty());
        p.submit(0, "SET in2 x", 1_100);
        p.submit(0, "SWAPDB 2 0", 1_100);
        assert_eq!(p.keys.keys().collect::<Vec<_>>(), vec![&b"a".to_vec()]);
    }

    #[test]
    fn pasted_text_runs_line_by_line_with_progress_and_stops_on_interrupt() {
        let mut p = Playground::new(1, 1_000);
        p.queue_text(0, "SET a 1\r\nINCR a\n\nINCR a".to_string());
        assert_eq!(p.sessions[0].paste_progress(), Some((0, 4)));
        assert_eq!(p.run_queued(2, 1_000), 2);
        assert_eq!(p.sessions[0].paste_progress(), Some((2, 4)));
        assert!(
            p.sessions[0].lines.iter().any(|l| l.text.ends_with("> SET a 1")),
            "the \\r is not echoed"
        );
        p.queue_text(0, "INCR a\nINCR a\n".to_string());
        assert_eq!(
            p.sessions[0].paste_progress(),
            Some((2, 6)),
            "a second paste joins the first"
        );
        assert_eq!(p.run_queued(3, 1_000), 3);
        p.interrupt(0, 1_000);
        assert_eq!(p.sessions[0].paste_progress(), None);
        assert_eq!(
            p.sessions[0].lines.last().unwrap().text,
            "(paste stopped: 1 lines not run)"
        );
        assert_eq!(
            p.call_internal(vec![b"GET".to_vec(), b"a".to_vec()], 1_000),
            keyspace_engine::Reply::bulk("4")
        );
        p.queue_text(0, "INCR a\n".to_string());
        assert_eq!(
            p.sessions[0].paste_progress(),
            Some((0, 1)),
            "a new paste counts afresh"
        );
    }

    #[test]
    fn tabs_are_separate_clients() {
        let mut p = Playground::new(1, 1_000);
        let second = p.open_session(1_000);
        p.submit(0, "SUBSCRIBE news", 1_000);
        p.submit(second, "PUBLISH news hello", 1_000);
        let last: Vec<&str> = p.sessions[0]
            .lines
            .iter()
            .rev()
            .take(3)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(last, vec!["3) \"hello\"", "2) \"news\"", "1) \"message\""]);
        assert_eq!(p.sessions[second].lines.last().unwrap().text, "(integer) 1");
    }

    #[test]
    fn huge_replies_are_cut_with_a_note() {
        let mut p = Playground::new(1, 1_000);
        let values: Vec<String> = (0..3_000).map(|i| i.to_string()).collect();
        p.submit(0, &format!("RPUSH big {}", values.join(" ")), 1_000);
        p.submit(0, "LRANGE big 0 -1", 1_000);
        let lines = &p.sessions[0].lines;
        assert!(lines
            .last()
            .unwrap()
            .text
            .starts_with("... 2000 more elements not shown"));
        assert!(lines.len() < 1_100);
    }

    #[test]
    fn a_million_element_reply_is_clipped_before_formatting() {
        let mut p = Playground::new(1, 1_000);
        // Whatever the work limit lets through, formatting must not be the bottleneck.
        p.engine.set_work_limit(None);
        let id = p.sessions[0].repl.client;
        let mut argv = vec![b"RPUSH".to_vec(), b"huge".to_vec()];
        argv.extend((0..1_000_000u32).map(|i| i.to_le_bytes().to_vec()));
        p.engine.execute(id, argv, 1_000);
        p.engine.take_replies(id);
        let started = std::time::Instant::now();
        p.submit(0, "LRANGE huge 0 -1", 1_000);
        let lines = &p.sessions[0].lines;
        assert_eq!(
            lines.last().unwrap().text,
            "... 999000 more elements not shown (the terminal shows the first 1000)"
        );
        assert!(lines.len() <= 1_002);
        // Generous bound for a debug build; the point is that nothing formats a million lines.
        assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
    }
}
