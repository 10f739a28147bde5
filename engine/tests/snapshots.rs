//! RDB snapshots through the host API: `enable_snapshots`, `take_snapshot`,
//! `snapshot_done`; save points from `tick`, the dirty counter, MISCONF after a failed
//! background save, SAVE's and SHUTDOWN's deferred answers, FLUSHALL's save.

use keyspace_engine::snapshot::{SnapshotKind, MISCONF_RDB};
use keyspace_engine::{sds, Engine, Reply};

const T0: i64 = 1_700_000_000_000;

fn argv(line: &str) -> Vec<Vec<u8>> {
    sds::split_args(line.as_bytes()).unwrap()
}

fn run(e: &mut Engine, c: u64, line: &str, now: i64) -> Reply {
    let mut replies = e.call(c, argv(line), now);
    assert!(replies.len() <= 1, "{line}: {replies:?}");
    replies.pop().unwrap_or(Reply::Null)
}

fn info_field(e: &mut Engine, c: u64, field: &str, now: i64) -> String {
    let (Reply::Bulk(text) | Reply::Verbatim(_, text)) = run(e, c, "INFO persistence", now) else {
        panic!("INFO is a bulk string")
    };
    let text = String::from_utf8(text).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")).map(str::to_string))
        .unwrap_or_else(|| panic!("no {field} in {text}"))
}

fn engine() -> (Engine, u64) {
    let mut e = Engine::new(1, T0);
    e.enable_snapshots(true);
    let c = e.connect(T0);
    (e, c)
}

#[test]
fn a_save_point_fires_from_tick_and_counts_changes_made_meanwhile() {
    let (mut e, c) = engine();
    run(&mut e, c, "CONFIG SET save \"10 3\"", T0);
    for i in 0..3 {
        run(&mut e, c, &format!("SET k{i} v"), T0);
    }
    assert_eq!(info_field(&mut e, c, "rdb_changes_since_last_save", T0), "3");
    e.tick(T0 + 5_000);
    assert!(e.take_snapshot().is_none(), "10 seconds have not passed");
    e.tick(T0 + 11_000);
    let snap = e.take_snapshot().expect("the save point fired");
    assert_eq!(
        snap.kind,
        SnapshotKind::SavePoint {
            changes: 3,
            seconds: 10
        }
    );
    assert!(snap.bytes.starts_with(b"REDIS0010"));
    assert_eq!(info_field(&mut e, c, "rdb_bgsave_in_progress", T0 + 11_000), "1");
    assert_eq!(
        run(&mut e, c, "BGSAVE", T0 + 11_000),
        Reply::err("ERR Background save already in progress")
    );
    assert_eq!(
        run(&mut e, c, "BGSAVE SCHEDULE", T0 + 11_000),
        Reply::err("ERR Background save already in progress")
    );
    assert_eq!(
        run(&mut e, c, "SAVE", T0 + 11_000),
        Reply::err("ERR Background save already in progress")
    );
    // A write after the fork stays counted.
    run(&mut e, c, "SET late v", T0 + 11_500);
    e.tick(T0 + 12_000);
    assert!(e.take_snapshot().is_none(), "one background save at a time");
    e.snapshot_done(snap.id, true, T0 + 13_000);
    assert_eq!(info_field(&mut e, c, "rdb_changes_since_last_save", T0 + 13_000), "1");
    assert_eq!(info_field(&mut e, c, "rdb_bgsave_in_progress", T0 + 13_000), "0");
    assert_eq!(info_field(&mut e, c, "rdb_last_bgsave_time_sec", T0 + 13_000), "2");
    assert_eq!(info_field(&mut e, c, "rdb_saves", T0 + 13_000), "1");
    assert_eq!(
        run(&mut e, c, "LASTSAVE", T0 + 13_000),
        Reply::Int((T0 + 13_000) / 1000)
    );
    // The snapshot holds the keyspace as it was when it was taken.
    let mut loaded = Engine::new(2, T0);
    keyspace_engine::rdb::load(&mut loaded, &snap.bytes, T0).unwrap();
    assert_eq!(loaded.key_counts()[0], 3);
}

#[test]
fn a_failed_background_save_refuses_writes_until_one_succeeds() {
    let (mut e, c) = engine();
    run(&mut e, c, "SET a 1", T0);
    assert_eq!(run(&mut e, c, "BGSAVE", T0), Reply::status("Background saving started"));
    let snap = e.take_snapshot().unwrap();
    assert_eq!(snap.kind, SnapshotKind::Background);
    e.snapshot_done(snap.id, false, T0 + 1_000);
    assert_eq!(info_field(&mut e, c, "rdb_last_bgsave_status", T0 + 1_000), "err");
    assert_eq!(info_field(&mut e, c, "rdb_changes_since_last_save", T0 + 1_000), "1");
    assert_eq!(run(&mut e, c, "SET b 2", T0 + 1_000), Reply::err(MISCONF_RDB));
    assert_eq!(run(&mut e, c, "PING", T0 + 1_000), Reply::err(MISCONF_RDB));
    assert_eq!(run(&mut e, c, "GET a", T0 + 1_000), Reply::bulk("1"), "reads go on");
    // Internal clients (the AOF loader, lessons) are never refused.
    let internal = e.connect_internal(T0);
    assert_eq!(run(&mut e, internal, "SET c 3", T0 + 1_000), Reply::ok());
    // Without save points, or with stop-writes-on-bgsave-error no, writes go on.
    run(&mut e, c, "CONFIG SET stop-writes-on-bgsave-error no", T0 + 1_000);
    assert_eq!(run(&mut e, c, "SET b 2", T0 + 1_000), Reply::ok());
    run(&mut e, c, "CONFIG SET stop-writes-on-bgsave-error yes", T0 + 1_000);
    assert_eq!(run(&mut e, c, "SET b 2", T0 + 1_000), Reply::err(MISCONF_RDB));
    // The save points retry only after 5 seconds.
    run(&mut e, c, "CONFIG SET save \"1 1\"", T0 + 1_000);
    e.tick(T0 + 4_000);
    assert!(e.take_snapshot().is_none(), "within the retry delay");
    e.tick(T0 + 7_000);
    let retry = e.take_snapshot().expect("retried after the delay");
    e.snapshot_done(retry.id, true, T0 + 7_000);
    assert_eq!(run(&mut e, c, "SET b 2", T0 + 7_000), Reply::ok());
    assert_eq!(info_field(&mut e, c, "rdb_last_bgsave_status", T0 + 7_000), "ok");
}

#[test]
fn save_answers_when_the_host_has_stored_the_file_and_holds_what_follows() {
    let (mut e, c) = engine();
    run(&mut e, c, "SET a 1", T0);
    e.execute(c, argv("SAVE"), T0);
    e.execute(c, argv("SET b 2"), T0);
    assert!(e.take_replies(c).is_empty(), "SAVE answers once stored");
    let snap = e.take_snapshot().unwrap();
    assert_eq!(snap.kind, SnapshotKind::Save);
    assert!(snap.kind.is_foreground());
    let mut loaded = Engine::new(2, T0);
    keyspace_engine::rdb::load(&mut loaded, &snap.bytes, T0).unwrap();
    assert_eq!(loaded.key_counts()[0], 1, "the SET after SAVE is not in it");
    e.snapshot_done(snap.id, true, T0 + 2_000);
    assert_eq!(e.take_replies(c), vec![Reply::ok(), Reply::ok()], "in order");
    assert_eq!(info_field(&mut e, c, "rdb_changes_since_last_save", T0 + 2_000), "1");
    assert_eq!(run(&mut e, c, "LASTSAVE", T0 + 2_000), Reply::Int((T0 + 2_000) / 1000));
    // A failed SAVE answers Redis's bare "ERR" and does not touch the bgsave status.
    e.execute(c, argv("SAVE"), T0 + 3_000);
    let snap = e.take_snapshot().unwrap();
    e.snapshot_done(snap.id, false, T0 + 3_000);
    assert_eq!(e.take_replies(c), vec![Reply::Error("ERR".into())]);
    assert_eq!(info_field(&mut e, c, "rdb_last_bgsave_status", T0 + 3_000), "ok");
    assert_eq!(info_field(&mut e, c, "rdb_saves", T0 + 3_000), "2");
}

#[test]
fn flushall_with_save_points_saves_the_empty_keyspace() {
    let (mut e, c) = engine();
    run(&mut e, c, "SET a 1", T0);
    run(&mut e, c, "CONFIG SET save \"\"", T0);
    assert_eq!(run(&mut e, c, "FLUSHALL", T0), Reply::ok());
    assert!(e.take_snapshot().is_none(), "no save points, no save");
    assert_eq!(info_field(&mut e, c, "rdb_changes_since_last_save", T0), "2");
    run(&mut e, c, "CONFIG SET save \"3600 1\"", T0);
    run(&mut e, c, "SET a 1", T0);
    assert_eq!(run(&mut e, c, "FLUSHALL", T0), Reply::ok());
    let snap = e.take_snapshot().expect("FLUSHALL saved");
    assert_eq!(snap.kind, SnapshotKind::Flushall);
    e.snapshot_done(snap.id, true, T0);
    assert_eq!(info_field(&mut e, c, "rdb_changes_since_last_save", T0), "0");
    assert_eq!(
        info_field(&mut e, c, "rdb_saves", T0),
        "0",
        "rdbSave is no SAVE command"
    );
}

#[test]
fn shutdown_saves_first_and_stays_up_when_that_fails() {
    let (mut e, c) = engine();
    run(&mut e, c, "SET a 1", T0);
    assert_eq!(run(&mut e, c, "SHUTDOWN NOSAVE SAVE", T0), Reply::syntax_error());
    assert_eq!(run(&mut e, c, "SHUTDOWN ABORT NOW", T0), Reply::syntax_error());
    e.execute(c, argv("SHUTDOWN"), T0);
    let snap = e.take_snapshot().expect("save points are set by default");
    assert_eq!(snap.kind, SnapshotKind::Shutdown { force: false });
    e.snapshot_done(snap.id, false, T0);
    assert_eq!(
        e.take_replies(c),
        vec![Reply::err("ERR Errors trying to SHUTDOWN. Check logs.")]
    );
    assert!(!e.shutdown_requested);
    e.execute(c, argv("SHUTDOWN FORCE"), T0);
    let snap = e.take_snapshot().unwrap();
    e.snapshot_done(snap.id, false, T0);
    assert!(e.shutdown_requested, "FORCE exits anyway");
    assert!(e.should_close(c));
    let (mut e, c) = engine();
    e.execute(c, argv("SHUTDOWN NOSAVE"), T0);
    assert!(e.take_snapshot().is_none());
    assert!(e.shutdown_requested);
}

#[test]
fn without_a_host_store_saves_succeed_at_once_and_save_points_never_fire() {
    let mut e = Engine::new(1, T0);
    let c = e.connect(T0);
    run(&mut e, c, "CONFIG SET save \"1 1\"", T0);
    run(&mut e, c, "SET a 1", T0);
    e.tick(T0 + 5_000);
    assert!(e.take_snapshot().is_none());
    assert_eq!(run(&mut e, c, "SAVE", T0 + 5_000), Reply::ok());
    assert_eq!(
        run(&mut e, c, "BGSAVE", T0 + 5_000),
        Reply::status("Background saving started")
    );
    assert!(e.take_snapshot().is_none());
    assert_eq!(info_field(&mut e, c, "rdb_changes_since_last_save", T0 + 5_000), "0");
    assert_eq!(run(&mut e, c, "LASTSAVE", T0 + 5_000), Reply::Int((T0 + 5_000) / 1000));
}

#[test]
fn bgsave_is_scheduled_inside_exec_and_while_an_aof_rewrite_is_due() {
    let (mut e, c) = engine();
    run(&mut e, c, "MULTI", T0);
    run(&mut e, c, "BGSAVE", T0);
    assert_eq!(
        run(&mut e, c, "EXEC", T0),
        Reply::Array(vec![Reply::status("Background saving scheduled")])
    );
    assert!(e.take_snapshot().is_none());
    e.tick(T0 + 100);
    assert_eq!(e.take_snapshot().unwrap().kind, SnapshotKind::Background);
    let (mut e, c) = engine();
    assert_eq!(
        run(&mut e, c, "BGREWRITEAOF", T0),
        Reply::status("Background append only file rewriting started")
    );
    assert_eq!(
        run(&mut e, c, "BGSAVE", T0),
        Reply::err("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.")
    );
    assert_eq!(
        run(&mut e, c, "BGSAVE SCHEDULE", T0),
        Reply::status("Background saving scheduled")
    );
    assert_eq!(run(&mut e, c, "BGSAVE x", T0), Reply::syntax_error());
    assert!(e.take_aof_rewrite());
    e.tick(T0 + 100);
    assert!(e.take_snapshot().is_some(), "started once the rewrite is taken");
}

#[test]
fn an_rdb_preamble_aof_loads_with_the_commands_after_it() {
    let mut e = Engine::new(1, T0);
    let c = e.connect(T0);
    for line in ["SET a 1", "RPUSH l x y", "SELECT 3", "HSET h f v", "SET gone v PX 10"] {
        run(&mut e, c, line, T0);
    }
    let mut bytes = keyspace_engine::aof::rewrite(&e, T0);
    assert!(keyspace_engine::aof::has_preamble(&bytes));
    for line in ["SELECT 0", "INCR a", "DEL l"] {
        keyspace_engine::resp::encode_command(&argv(line), &mut bytes);
    }
    let mut loaded = Engine::new(2, T0 + 100);
    let report = keyspace_engine::aof::load(&mut loaded, &bytes, T0 + 100).unwrap();
    assert_eq!(report.commands, 3);
    assert_eq!(report.preamble.as_ref().map(|p| p.keys_loaded), Some(4));
    let l = loaded.connect(T0 + 100);
    assert_eq!(run(&mut loaded, l, "GET a", T0 + 100), Reply::bulk("2"));
    assert_eq!(run(&mut loaded, l, "EXISTS l", T0 + 100), Reply::Int(0));
    run(&mut loaded, l, "SELECT 3", T0 + 100);
    assert_eq!(run(&mut loaded, l, "HGET h f", T0 + 100), Reply::bulk("v"));
    assert_eq!(run(&mut loaded, l, "EXISTS gone", T0 + 100), Reply::Int(0));
    let (commands, _) = keyspace_engine::aof::parse(&bytes).unwrap();
    assert_eq!(commands.len(), 3);
    // A damaged preamble changes nothing and says where.
    let mut damaged = bytes.clone();
    damaged[20] ^= 0xff;
    let mut untouched = Engine::new(3, T0);
    let u = untouched.connect(T0);
    run(&mut untouched, u, "SET mine 1", T0);
    let err = keyspace_engine::aof::load(&mut untouched, &damaged, T0).unwrap_err();
    assert!(err.message.starts_with("Error reading the RDB preamble"), "{err}");
    assert!(keyspace_engine::aof::parse(&damaged).is_err());
    assert_eq!(untouched.key_counts()[0], 1);
    // With aof-use-rdb-preamble no, the base is commands.
    run(&mut e, c, "CONFIG SET aof-use-rdb-preamble no", T0);
    assert!(!keyspace_engine::aof::has_preamble(&keyspace_engine::aof::rewrite(
        &e, T0
    )));
    assert_eq!(
        keyspace_engine::aof::base_filename("appendonly.aof", 2, true),
        "appendonly.aof.2.base.rdb"
    );
}
