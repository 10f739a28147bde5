//! dump.rdb as the browser stores it: SAVE and BGSAVE become store operations beside the
//! AOF's, SAVE answers once its file is stored, a failed store is said as Redis says it,
//! a start loads what Redis's loadDataFromDisk loads under the playground's configuration
//! file, and only the page that stores writes dump.rdb (never a following page, never a
//! sandbox).

use keyspace_engine::snapshot::SnapshotKind;
use keyspace_engine::Reply;
use keyspace_playground::explore::Exploration;
use keyspace_playground::playground::{Playground, Started, StoreOp};
use keyspace_playground::snapshots::{RdbFile, StartFrom};

const T0: i64 = 1_800_000_000_000;

/// A host whose store is two Vecs: the AOF and dump.rdb.
#[derive(Default)]
struct Store {
    log: Vec<u8>,
    rdb: Option<RdbFile>,
    snapshots: Vec<SnapshotKind>,
    /// Fail the next snapshot write with this error.
    fail_next_snapshot: Option<String>,
}

impl Store {
    fn pump(&mut self, p: &mut Playground, now: i64) {
        while let Some(op) = p.next_store_op(now, true) {
            let mut outcome = Ok(());
            match op {
                StoreOp::Append(commit) => self.log.extend(commit.bytes),
                StoreOp::Rewrite(rewrite) => self.log = rewrite.base,
                StoreOp::Snapshot(s) => {
                    self.snapshots.push(s.kind);
                    match self.fail_next_snapshot.take() {
                        Some(e) => outcome = Err(e),
                        None => {
                            self.rdb = Some(RdbFile {
                                bytes: s.bytes,
                                saved_at: s.saved_at,
                            })
                        }
                    }
                }
            }
            p.store_done(outcome, now);
        }
    }

    /// The page is loaded again: a new playground started from what is stored.
    fn reload(&self, now: i64) -> (Playground, Started) {
        let mut p = Playground::new(5, now);
        let started = p.start_from_disk(&self.log, self.rdb.as_ref(), now).expect("starts");
        p.enable_aof(self.log.len() as u64, 0);
        p.enable_snapshots(self.rdb.clone());
        (p, started)
    }
}

/// A playground as the leading page has it: AOF and snapshots stored.
fn stored(now: i64) -> (Playground, Store) {
    let store = Store::default();
    let (p, _) = store.reload(now);
    (p, store)
}

fn last_line(p: &Playground, tab: usize) -> String {
    p.sessions[tab].lines.last().map(|l| l.text.clone()).unwrap_or_default()
}

fn call(p: &mut Playground, args: &[&str], now: i64) -> Reply {
    p.call_internal(args.iter().map(|a| a.as_bytes().to_vec()).collect(), now)
}

fn info_field(p: &mut Playground, field: &str, now: i64) -> String {
    let text = keyspace_engine::info::render(&p.engine, now, &["persistence".to_string()]);
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")).map(str::to_string))
        .unwrap_or_else(|| panic!("no {field}"))
}

#[test]
fn save_answers_once_its_dump_rdb_is_stored_and_lastsave_moves() {
    let (mut p, mut store) = stored(T0);
    p.submit(0, "SET greeting hello", T0);
    p.submit(0, "RPUSH jobs a b", T0);
    // RPUSH of two elements counts two changes, as Redis's `server.dirty += pushed`.
    assert_eq!(info_field(&mut p, "rdb_changes_since_last_save", T0), "3");
    let later = T0 + 5_000;
    p.submit(0, "SAVE", later);
    assert!(p.sessions[0].waiting(), "SAVE waits for its file");
    assert_eq!(last_line(&p, 0), "127.0.0.1:6379> SAVE");
    let Some(StoreOp::Snapshot(snapshot)) = p.next_store_op(later, false) else {
        panic!("the snapshot is the first store operation")
    };
    assert_eq!(snapshot.kind, SnapshotKind::Save);
    assert_eq!(snapshot.saved_at, later / 1000);
    assert!(p.next_store_op(later, true).is_none(), "one operation at a time");
    assert!(p.sessions[0].waiting());
    store.snapshots.push(snapshot.kind.clone());
    store.rdb = Some(RdbFile {
        bytes: snapshot.bytes.clone(),
        saved_at: snapshot.saved_at,
    });
    p.store_done(Ok(()), later + 40);
    assert_eq!(last_line(&p, 0), "OK");
    assert!(!p.sessions[0].waiting());
    assert_eq!(p.snapshots.file.as_ref().map(|f| f.saved_at), Some(later / 1000));
    assert_eq!(call(&mut p, &["LASTSAVE"], later + 40), Reply::Int((later + 40) / 1000));
    assert_eq!(info_field(&mut p, "rdb_changes_since_last_save", later), "0");
    p.submit(0, "SET after the-save", later + 50);
    assert_eq!(info_field(&mut p, "rdb_changes_since_last_save", later), "1");
    // The stored file is the keyspace at SAVE: a redis-server started from it has it.
    let mut fresh = Playground::new(3, later);
    keyspace_engine::rdb::load(&mut fresh.engine, &snapshot.bytes, later).unwrap();
    assert_eq!(fresh.engine.key_counts()[0], 2);
    store.pump(&mut p, later + 2_000);
    // Download offers the stored file, not the keyspace now (which has `after`).
    let (bytes, saved) = p.dump_rdb(later + 2_000);
    assert!(saved);
    assert_eq!(bytes, snapshot.bytes);
}

#[test]
fn bgsave_answers_at_once_and_a_failed_store_is_said_as_redis_says_it() {
    let (mut p, mut store) = stored(T0);
    p.submit(0, "SET k v", T0);
    p.submit(0, "BGSAVE", T0);
    assert_eq!(last_line(&p, 0), "Background saving started");
    assert_eq!(info_field(&mut p, "rdb_bgsave_in_progress", T0), "1");
    store.pump(&mut p, T0 + 10);
    assert_eq!(store.snapshots, vec![SnapshotKind::Background]);
    assert_eq!(info_field(&mut p, "rdb_bgsave_in_progress", T0), "0");
    assert_eq!(info_field(&mut p, "rdb_last_bgsave_status", T0), "ok");
    let kept = store.rdb.clone();

    // The store refuses (a full disk): SAVE answers Redis's bare ERR, the old file stays.
    store.fail_next_snapshot = Some("QuotaExceededError".into());
    p.submit(0, "SAVE", T0 + 1_000);
    store.pump(&mut p, T0 + 1_000);
    assert_eq!(last_line(&p, 0), "(error) ERR");
    assert_eq!(store.rdb, kept);
    assert_eq!(p.snapshots.file, kept, "the panel still shows the file stored");
    assert_eq!(p.snapshots.last_error.as_deref(), Some("QuotaExceededError"));

    // A failed BGSAVE: rdb_last_bgsave_status:err and MISCONF on writes, until one succeeds.
    store.fail_next_snapshot = Some("QuotaExceededError".into());
    p.submit(0, "BGSAVE", T0 + 2_000);
    store.pump(&mut p, T0 + 2_000);
    assert_eq!(info_field(&mut p, "rdb_last_bgsave_status", T0 + 2_000), "err");
    p.submit(0, "SET k w", T0 + 2_000);
    assert!(last_line(&p, 0).starts_with("(error) MISCONF Redis is configured to save RDB snapshots"));
    p.submit(0, "BGSAVE", T0 + 3_000);
    store.pump(&mut p, T0 + 3_000);
    p.submit(0, "SET k w", T0 + 3_000);
    assert_eq!(last_line(&p, 0), "OK");
    assert!(p.snapshots.last_error.is_none());
}

#[test]
fn a_save_point_fires_in_the_browser_as_in_redis() {
    let (mut p, mut store) = stored(T0);
    assert_eq!(p.engine.config().get("save"), Some("3600 1 300 100 60 10000"));
    for i in 0..100 {
        p.submit(0, &format!("SET k{i} v"), T0);
    }
    p.tick(T0 + 300_000);
    store.pump(&mut p, T0 + 300_000);
    assert!(store.snapshots.is_empty(), "300 seconds have not passed yet");
    p.tick(T0 + 301_500);
    store.pump(&mut p, T0 + 301_500);
    assert_eq!(
        store.snapshots,
        vec![SnapshotKind::SavePoint {
            changes: 100,
            seconds: 300
        }]
    );
    assert_eq!(info_field(&mut p, "rdb_changes_since_last_save", T0 + 301_500), "0");
}

#[test]
fn without_a_store_save_succeeds_at_once_and_nothing_is_stored() {
    // A widget kept in memory, or a page whose storage is refused.
    let mut p = Playground::new(1, T0);
    p.submit(0, "SET k v", T0);
    p.submit(0, "SAVE", T0);
    assert_eq!(last_line(&p, 0), "OK");
    assert!(p.next_store_op(T0, true).is_none());
    let (_, saved) = p.dump_rdb(T0);
    assert!(!saved, "Download offers the keyspace now");
}

#[test]
fn a_sandbox_never_snapshots() {
    let mut engine = keyspace_engine::engine::Engine::new(1, T0);
    let c = engine.connect(T0);
    engine.call(c, vec![b"SET".to_vec(), b"a".to_vec(), b"1".to_vec()], T0);
    let bytes = keyspace_engine::rdb::save(&engine, T0);
    let mut e = Exploration::open("dump.rdb", &bytes, 1, T0).unwrap();
    let p = &mut e.playground;
    p.submit(0, "SAVE", T0);
    p.submit(0, "BGSAVE", T0);
    assert_eq!(last_line(p, 0), "Background saving started");
    for i in 0..200 {
        p.submit(0, &format!("SET k{i} v"), T0);
    }
    p.tick(T0 + 4_000_000);
    assert!(p.next_store_op(T0 + 4_000_000, true).is_none(), "no save point either");
    assert!(!p.snapshots.enabled());
}

#[test]
fn the_start_loads_the_aof_under_appendonly_yes_and_dump_rdb_otherwise() {
    assert_eq!(StartFrom::of(true, true), StartFrom::Aof);
    assert_eq!(StartFrom::of(true, false), StartFrom::Aof);
    assert_eq!(StartFrom::of(false, true), StartFrom::Rdb);
    assert_eq!(StartFrom::of(false, false), StartFrom::Empty);

    let (mut p, mut store) = stored(T0);
    p.submit(0, "SET in-both 1", T0);
    p.submit(0, "SAVE", T0);
    store.pump(&mut p, T0);
    p.submit(0, "SET only-in-the-aof 1", T0 + 1_000);
    // What CONFIG SET changes does not survive the restart (no CONFIG REWRITE).
    p.submit(0, "CONFIG SET appendonly no", T0 + 1_000);
    p.submit(0, "CONFIG SET save \"\"", T0 + 1_000);
    store.pump(&mut p, T0 + 1_000);
    assert!(store.log.windows(11).any(|w| w == b"only-in-the"));

    let restart = T0 + 60_000;
    let (mut again, started) = store.reload(restart);
    assert!(matches!(started, Started::Aof(_)), "appendonly yes: the AOF");
    assert_eq!(call(&mut again, &["EXISTS", "only-in-the-aof"], restart), Reply::Int(1));
    assert_eq!(again.engine.config().get("appendonly"), Some("yes"));
    assert_eq!(again.engine.config().get("save"), Some("3600 1 300 100 60 10000"));
    // The stored dump.rdb is still there for the panel, not loaded.
    assert_eq!(again.snapshots.file, store.rdb);
    // LASTSAVE after a restart is the start (initServer: "At startup we consider the DB
    // saved"), not the file's time.
    assert_eq!(call(&mut again, &["LASTSAVE"], restart), Reply::Int(restart / 1000));

    // A playground whose configuration file says appendonly no loads dump.rdb.
    let mut rdb_start = Playground::new(6, restart);
    rdb_start.config_file = vec![("appendonly".into(), "no".into())];
    let started = rdb_start
        .start_from_disk(&store.log, store.rdb.as_ref(), restart)
        .unwrap();
    let Started::Rdb(report) = started else {
        panic!("appendonly no: dump.rdb")
    };
    assert_eq!(report.keys_loaded, 1);
    assert_eq!(call(&mut rdb_start, &["EXISTS", "in-both"], restart), Reply::Int(1));
    assert_eq!(
        call(&mut rdb_start, &["EXISTS", "only-in-the-aof"], restart),
        Reply::Int(0)
    );
    assert_eq!(call(&mut rdb_start, &["LASTSAVE"], restart), Reply::Int(restart / 1000));
    assert!(
        rdb_start.keys.contains_key(b"in-both".as_slice()),
        "the inspector shows it"
    );

    let mut empty = Playground::new(6, restart);
    empty.config_file = vec![("appendonly".into(), "no".into())];
    assert!(matches!(
        empty.start_from_disk(&store.log, None, restart).unwrap(),
        Started::Empty
    ));
    assert_eq!(empty.engine.key_counts()[0], 0);
}

#[test]
fn one_keyspace_shared_by_pages_writes_one_dump_rdb() {
    let mut store = Store::default();
    let (mut leader, _) = store.reload(T0);
    leader.lead(T0);
    let mut follower = Playground::new(2, T0);
    follower.follow(22);
    deliver(&mut [&mut leader, &mut follower], T0);
    follower.submit(0, "SET from-follower 1", T0);
    follower.submit(0, "SAVE", T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    assert!(
        follower.next_store_op(T0, true).is_none(),
        "the follower stores nothing"
    );
    assert!(follower.sessions[0].waiting(), "its SAVE waits for the leader's store");
    store.pump(&mut leader, T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    assert_eq!(store.snapshots, vec![SnapshotKind::Save], "one file, written once");
    assert_eq!(last_line(&follower, 0), "OK");
    // The follower's save points never fire either: its keyspace changes are the leader's.
    follower.tick(T0 + 4_000_000);
    assert!(follower.next_store_op(T0 + 4_000_000, true).is_none());
}

fn deliver(tabs: &mut [&mut Playground], now: i64) {
    loop {
        let mut posted = Vec::new();
        for (i, tab) in tabs.iter_mut().enumerate() {
            for m in tab.take_outbox() {
                posted.push((i, m));
            }
        }
        if posted.is_empty() {
            return;
        }
        for (from, m) in posted {
            for (i, tab) in tabs.iter_mut().enumerate() {
                if i != from {
                    tab.receive(&m, now);
                }
            }
        }
    }
}
