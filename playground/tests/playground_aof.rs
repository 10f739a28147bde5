//! The playground's AOF as a host stores it: what is committed when (`appendfsync`),
//! replies held until their write is stored under `always`, group commit, failures that
//! lose nothing, rewrites, and replacing the keyspace from a file.

use keyspace_engine::Reply;
use keyspace_playground::playground::{Playground, StoreOp};

const T0: i64 = 1_000_000;

/// A host whose store is a Vec: appends and atomic replacements.
#[derive(Default)]
struct Store {
    log: Vec<u8>,
    ops: usize,
}

impl Store {
    /// Runs every operation due at `now`, as the browser's store does one at a time.
    fn pump(&mut self, p: &mut Playground, now: i64, force: bool) {
        while let Some(op) = p.next_store_op(now, force) {
            self.ops += 1;
            match op {
                StoreOp::Append(commit) => self.log.extend(commit.bytes),
                StoreOp::Rewrite(rewrite) => self.log = rewrite.base,
                StoreOp::Snapshot(_) => {}
            }
            p.store_done(Ok(()), now);
        }
    }
}

fn last_line(p: &Playground, tab: usize) -> String {
    p.sessions[tab].lines.last().map(|l| l.text.clone()).unwrap_or_default()
}

fn get(p: &mut Playground, key: &str, now: i64) -> Reply {
    let c = p.sessions[0].repl.client;
    p.engine
        .call(c, vec![b"GET".to_vec(), key.as_bytes().to_vec()], now)
        .remove(0)
}

fn restored(log: &[u8], now: i64) -> Playground {
    let mut p = Playground::new(9, now);
    p.restore(log, now).expect("the stored log loads");
    p
}

#[test]
fn everysec_commits_once_a_second_and_a_reload_finds_everything() {
    let mut p = Playground::new(1, T0);
    p.enable_aof(0, 0);
    let mut store = Store::default();
    p.submit(0, "SET k v EX 100", T0);
    p.submit(0, "SELECT 2", T0);
    p.submit(0, "RPUSH q a b", T0 + 10);
    assert_eq!(last_line(&p, 0), "(integer) 2", "everysec never holds a reply");
    store.pump(&mut p, T0 + 500, false);
    assert_eq!(store.ops, 0, "not a second yet");
    store.pump(&mut p, T0 + 1_000, false);
    assert_eq!(store.ops, 1, "one commit for all three writes");
    assert_eq!(
        p.aof.stats.entries, 4,
        "SET as PXAT, SELECT 2, RPUSH... and SELECT 0 first"
    );
    assert_eq!(p.aof.stats.size, store.log.len() as u64);
    p.submit(0, "LPOP q", T0 + 2_000);
    store.pump(&mut p, T0 + 2_001, true);
    let mut again = restored(&store.log, T0 + 3_000);
    let c = again.sessions[0].repl.client;
    assert_eq!(again.engine.key_counts()[2], 1);
    assert_eq!(
        again.engine.call(c, vec![b"PTTL".to_vec(), b"k".to_vec()], T0 + 3_000),
        vec![Reply::Int(97_000)],
        "the absolute expiry survives"
    );
}

#[test]
fn always_shows_a_reply_only_after_its_write_is_stored() {
    let mut p = Playground::new(1, T0);
    p.enable_aof(0, 0);
    let mut store = Store::default();
    p.submit(0, "CONFIG SET appendfsync always", T0);
    assert_eq!(last_line(&p, 0), "OK", "no write, nothing to wait for");
    p.submit(0, "SET a 1", T0);
    p.submit(0, "GET a", T0);
    assert!(p.sessions[0].waiting(), "both replies wait for the commit");
    assert_eq!(last_line(&p, 0), "OK");
    let op = p.next_store_op(T0, false).expect("always commits at once");
    let StoreOp::Append(commit) = op else {
        panic!("an append")
    };
    // Written while the commit is in flight: goes into the next one (group commit).
    p.submit(0, "INCR n", T0);
    p.submit(0, "INCR n", T0);
    assert!(p.next_store_op(T0, false).is_none(), "one operation at a time");
    store.log.extend(commit.bytes);
    p.store_done(Ok(()), T0 + 3);
    let texts: Vec<&str> = p.sessions[0]
        .lines
        .iter()
        .rev()
        .take(4)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(texts[0], "\"1\"", "GET's reply now shows, in order");
    assert!(p.sessions[0].waiting(), "the INCRs still wait");
    store.pump(&mut p, T0 + 4, false);
    assert!(!p.sessions[0].waiting());
    assert_eq!(last_line(&p, 0), "(integer) 2");
    assert_eq!(store.ops, 1, "both INCRs in one commit");
}

#[test]
fn a_failed_commit_loses_nothing_and_writes_get_misconf() {
    let mut p = Playground::new(1, T0);
    p.enable_aof(0, 0);
    p.submit(0, "SET a 1", T0);
    let Some(StoreOp::Append(_)) = p.next_store_op(T0 + 1_000, false) else {
        panic!()
    };
    p.store_done(Err("QuotaExceededError".into()), T0 + 1_000);
    p.submit(0, "SET b 2", T0 + 1_001);
    assert!(last_line(&p, 0).starts_with("(error) MISCONF"), "{}", last_line(&p, 0));
    p.submit(0, "INFO persistence", T0 + 1_001);
    let info: String = p.sessions[0].lines.iter().map(|l| l.text.clone()).collect();
    assert!(info.contains("aof_last_write_status:err"), "{info}");
    let mut store = Store::default();
    store.pump(&mut p, T0 + 2_001, false);
    assert_eq!(
        get(&mut restored(&store.log, T0 + 3_000), "a", T0 + 3_000),
        Reply::bulk("1")
    );
    p.submit(0, "SET b 2", T0 + 2_001);
    assert_eq!(last_line(&p, 0), "OK", "writes are accepted again once a commit works");
}

#[test]
fn bgrewriteaof_replaces_the_log_by_a_base_and_auto_rewrite_follows_config() {
    let mut p = Playground::new(1, T0);
    p.enable_aof(0, 0);
    let mut store = Store::default();
    for _ in 0..100 {
        p.submit(0, "INCR clicks", T0);
    }
    store.pump(&mut p, T0, true);
    let before = store.log.len();
    p.submit(0, "BGREWRITEAOF", T0);
    assert_eq!(last_line(&p, 0), "Background append only file rewriting started");
    p.submit(0, "SET after x", T0);
    store.pump(&mut p, T0, true);
    assert!(store.log.len() * 10 < before, "{before} -> {}", store.log.len());
    assert_eq!(p.aof.stats.rewrites, 1);
    let again = &mut restored(&store.log, T0);
    assert_eq!(get(again, "clicks", T0), Reply::bulk("100"));
    assert_eq!(get(again, "after", T0), Reply::bulk("x"));
    // Automatic: past 100% growth over the base and the minimum size.
    p.submit(0, "CONFIG SET auto-aof-rewrite-min-size 1", T0);
    let rewrites = p.aof.stats.rewrites;
    for _ in 0..20 {
        p.submit(0, "INCR clicks", T0);
    }
    store.pump(&mut p, T0, true);
    assert_eq!(p.aof.stats.rewrites, rewrites + 1, "the log doubled: rewritten");
    assert_eq!(get(&mut restored(&store.log, T0), "clicks", T0), Reply::bulk("120"));
}

#[test]
fn appendonly_no_stops_recording_and_yes_restarts_from_a_rewrite() {
    let mut p = Playground::new(1, T0);
    p.enable_aof(0, 0);
    let mut store = Store::default();
    p.submit(0, "SET before 1", T0);
    p.submit(0, "CONFIG SET appendonly no", T0);
    p.submit(0, "SET while-off 1", T0);
    store.pump(&mut p, T0, true);
    let reloaded = &mut restored(&store.log, T0);
    assert_eq!(get(reloaded, "before", T0), Reply::bulk("1"));
    assert_eq!(get(reloaded, "while-off", T0), Reply::Null, "not recorded while off");
    p.submit(0, "CONFIG SET appendonly yes", T0);
    store.pump(&mut p, T0, true);
    assert_eq!(get(&mut restored(&store.log, T0), "while-off", T0), Reply::bulk("1"));
}

#[test]
fn loading_a_file_replaces_the_keyspace_and_a_corrupt_one_changes_nothing() {
    let mut p = Playground::new(1, T0);
    p.enable_aof(0, 0);
    let mut store = Store::default();
    p.submit(0, "SET mine 1", T0);
    let corrupt = b"*1\r\n$4\r\nPING\r\ngarbage".to_vec();
    let err = p.replace_with_aof(&corrupt, T0).unwrap_err();
    assert_eq!(err.offset, 14);
    assert_eq!(get(&mut p, "mine", T0), Reply::bulk("1"));
    let file = b"*3\r\n$3\r\nSET\r\n$6\r\nloaded\r\n$3\r\nyes\r\n".to_vec();
    assert_eq!(p.replace_with_aof(&file, T0).unwrap().commands, 1);
    assert_eq!(get(&mut p, "mine", T0), Reply::Null);
    assert_eq!(p.keys.len(), 1, "the inspector shows the loaded keyspace");
    store.pump(&mut p, T0, false);
    let reloaded = &mut restored(&store.log, T0);
    assert_eq!(get(reloaded, "loaded", T0), Reply::bulk("yes"));
    assert_eq!(get(reloaded, "mine", T0), Reply::Null);
    p.reset(T0);
    store.pump(&mut p, T0, false);
    assert!(restored(&store.log, T0).engine.key_counts().iter().all(|&n| n == 0));
}

#[test]
fn the_last_commands_appended_are_kept_for_display() {
    let mut p = Playground::new(1, T0);
    p.enable_aof(0, 0);
    p.submit(0, "SET a 1", T0);
    p.submit(0, "GET a", T0);
    p.submit(0, "INCR n", T0);
    let recent: Vec<String> = p
        .aof
        .recent()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert_eq!(
        recent,
        [
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n",
            "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n",
            "*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n"
        ]
    );
    for i in 0..20 {
        p.submit(0, &format!("SET k{i} v"), T0);
    }
    assert_eq!(p.aof.recent().count(), 8, "bounded");
}

#[test]
fn an_urgent_commit_takes_everything_while_another_is_in_flight() {
    let mut p = Playground::new(1, T0);
    p.enable_aof(0, 0);
    let mut log = Vec::new();
    p.submit(0, "SET a 1", T0);
    let Some(StoreOp::Append(first)) = p.next_store_op(T0 + 1_000, false) else {
        panic!()
    };
    p.submit(0, "SET b 2", T0 + 1_001);
    assert!(
        p.next_store_op(T0 + 1_001, true).is_none(),
        "the regular path waits its turn"
    );
    let urgent = p
        .urgent_commit(T0 + 1_001)
        .expect("the page is leaving: everything now");
    // The store runs them in the order they were started.
    log.extend(first.bytes);
    p.store_done(Ok(()), T0 + 1_002);
    log.extend(urgent.bytes);
    p.urgent_done(Ok(()), T0 + 1_003);
    assert_eq!(p.aof.pending_bytes(), 0);
    assert_eq!(p.aof.committed(), p.aof.produced());
    assert_eq!(p.aof.stats.size, log.len() as u64);
    let mut again = restored(&log, T0 + 2_000);
    assert_eq!(get(&mut again, "b", T0 + 2_000), Reply::bulk("2"));
}

#[test]
fn a_long_paste_runs_in_slices_and_ctrl_c_stops_it() {
    let mut p = Playground::new(1, T0);
    p.queue_lines(0, (0..1_000).map(|i| format!("SET k:{i} {i}")));
    assert_eq!(p.sessions[0].paste_progress(), Some((0, 1_000)));
    assert_eq!(p.run_queued(300, T0), 300);
    assert_eq!(p.sessions[0].paste_progress(), Some((300, 1_000)));
    assert_eq!(p.engine.key_counts()[0], 300);
    p.interrupt(0, T0);
    assert_eq!(p.sessions[0].paste_progress(), None);
    assert_eq!(
        p.sessions[0].lines.last().unwrap().text,
        "(paste stopped: 700 lines not run)"
    );
    assert_eq!(p.run_queued(300, T0), 0);
    assert_eq!(p.engine.key_counts()[0], 300, "nothing more ran");
}

/// With `aof-use-rdb-preamble yes` (the default) a rewrite's base is an RDB file: the
/// host stores it as its base chunk unchanged, appends commands after it, and the
/// concatenation replays (the preamble, then the commands), as Redis reads an AOF
/// whose base is RDB. `no` gives a base of commands again.
#[test]
fn a_rewrite_base_is_an_rdb_preamble_and_the_stored_concatenation_replays() {
    let mut p = Playground::new(1, T0);
    p.enable_aof(0, 0);
    let mut store = Store::default();
    p.submit(0, "SET s hello EX 100", T0);
    p.submit(0, "RPUSH l a b c", T0);
    p.submit(0, "SELECT 5", T0);
    p.submit(0, "HSET h f v", T0);
    p.submit(0, "BGREWRITEAOF", T0);
    store.pump(&mut p, T0, true);
    assert!(store.log.starts_with(b"REDIS0010"), "an RDB base");
    assert_eq!(p.aof.stats.entries, 3, "a base's entries are its keys");
    p.submit(0, "HSET h g w", T0 + 10);
    p.submit(0, "SELECT 0", T0 + 10);
    p.submit(0, "LPOP l", T0 + 10);
    store.pump(&mut p, T0 + 2_000, true);
    let tail = String::from_utf8_lossy(&store.log);
    assert!(
        tail.ends_with("*2\r\n$4\r\nLPOP\r\n$1\r\nl\r\n"),
        "commands after the base"
    );
    let mut again = restored(&store.log, T0 + 3_000);
    assert_eq!(get(&mut again, "s", T0 + 3_000), Reply::bulk("hello"));
    let c = again.sessions[0].repl.client;
    assert_eq!(
        again.engine.call(
            c,
            vec![b"LRANGE".to_vec(), b"l".to_vec(), b"0".to_vec(), b"-1".to_vec()],
            T0 + 3_000
        ),
        vec![Reply::Array(vec![Reply::bulk("b"), Reply::bulk("c")])]
    );
    assert_eq!(
        again.engine.call(c, vec![b"PTTL".to_vec(), b"s".to_vec()], T0 + 3_000),
        vec![Reply::Int(97_000)]
    );
    assert_eq!(again.engine.key_counts()[5], 1);
    // The stored log loads as a file too (the learner's "load an AOF").
    let mut other = Playground::new(2, T0);
    let report = other.replace_with_aof(&store.log, T0 + 3_000).unwrap();
    assert_eq!(report.preamble.map(|r| r.keys_loaded), Some(3));
    assert_eq!(other.engine.key_counts(), again.engine.key_counts());
    // A damaged base changes nothing.
    let mut damaged = store.log.clone();
    damaged[30] ^= 0x5a;
    assert!(other.replace_with_aof(&damaged, T0 + 3_000).is_err());
    assert_eq!(other.engine.key_counts(), again.engine.key_counts());
    // aof-use-rdb-preamble no: the next base is commands.
    p.submit(0, "CONFIG SET aof-use-rdb-preamble no", T0 + 4_000);
    p.submit(0, "BGREWRITEAOF", T0 + 4_000);
    store.pump(&mut p, T0 + 4_000, true);
    assert!(store.log.starts_with(b"*2\r\n$6\r\nSELECT"), "a base of commands");
    assert_eq!(
        restored(&store.log, T0 + 5_000).engine.key_counts(),
        again.engine.key_counts()
    );
}
