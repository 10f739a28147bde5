//! Scripts across clients and time: a script runs in slices (the host is never held),
//! other clients wait for it, then get BUSY past busy-reply-threshold; SCRIPT KILL stops
//! a script that has not written (UNKILLABLE once it has); a script's writes are
//! propagated as the commands it ran, in MULTI/EXEC when there are several.

use keyspace_engine::{Engine, Reply};

fn argv(line: &str) -> Vec<Vec<u8>> {
    keyspace_engine::sds::split_args(line.as_bytes()).expect("a valid line")
}

fn err(reply: &Reply) -> &str {
    match reply {
        Reply::Error(e) => e,
        other => panic!("not an error: {other:?}"),
    }
}

#[test]
fn a_long_script_runs_in_slices_and_replies_when_it_ends() {
    let mut e = Engine::new(1, 0);
    let c = e.connect(0);
    e.execute(
        c,
        argv("EVAL \"local s = 0 for i = 1, 3000000 do s = s + i end return s\" 0"),
        0,
    );
    assert!(e.take_replies(c).is_empty(), "not done in one slice");
    assert!(e.script_running());
    let mut slices = 1;
    while e.script_running() {
        e.run_script_slice(1);
        slices += 1;
        assert!(slices < 1000, "the script ends");
    }
    assert!(slices > 10, "{slices} slices");
    assert_eq!(e.take_replies(c), [Reply::Int(4_500_001_500_000)]);
}

#[test]
fn other_clients_wait_then_get_busy_and_script_kill_stops_the_script() {
    let mut e = Engine::new(1, 0);
    let (looping, other) = (e.connect(0), e.connect(0));
    e.execute(looping, argv("EVAL \"while true do end\" 0"), 0);
    assert!(e.take_replies(looping).is_empty());
    // Before busy-reply-threshold (5 s): the other client's command waits.
    e.execute(other, argv("SET k v"), 1_000);
    e.tick(1_000);
    assert!(e.take_replies(other).is_empty(), "it waits for the script");
    // Past it: BUSY for most commands; SCRIPT KILL is allowed.
    e.tick(6_000);
    e.execute(other, argv("GET k"), 6_000);
    let replies = e.take_replies(other);
    assert!(
        replies
            .iter()
            .all(|r| err(r).starts_with("BUSY Redis is busy running a script")),
        "{replies:?}"
    );
    e.execute(other, argv("SCRIPT KILL"), 6_001);
    assert_eq!(e.take_replies(other), [Reply::Status("OK".into())]);
    let killed = e.take_replies(looping);
    assert!(
        err(&killed[0]).starts_with("ERR Script killed by user with SCRIPT KILL..."),
        "{killed:?}"
    );
    assert!(!e.script_running());
    // The engine is free again.
    e.execute(other, argv("SCRIPT KILL"), 6_002);
    assert_eq!(
        err(&e.take_replies(other)[0]),
        "NOTBUSY No scripts in execution right now."
    );
}

#[test]
fn a_script_that_wrote_cannot_be_killed() {
    let mut e = Engine::new(1, 0);
    let (looping, other) = (e.connect(0), e.connect(0));
    e.execute(
        looping,
        argv("EVAL \"redis.call('SET', 'w', 1) while true do end\" 0"),
        0,
    );
    e.tick(6_000);
    e.execute(other, argv("SCRIPT KILL"), 6_000);
    assert!(err(&e.take_replies(other)[0]).starts_with("UNKILLABLE Sorry the script already executed write commands"));
    assert!(e.script_running());
}

#[test]
fn commands_that_waited_run_after_the_script_in_order() {
    let mut e = Engine::new(1, 0);
    let (script, other) = (e.connect(0), e.connect(0));
    e.execute(
        script,
        argv("EVAL \"for i = 1, 2000000 do end redis.call('SET', 'k', 'script') return 1\" 0"),
        0,
    );
    e.execute(other, argv("GET k"), 10);
    e.execute(other, argv("SET k other"), 10);
    while e.script_running() {
        e.run_script_slice(20);
    }
    assert_eq!(e.take_replies(script), [Reply::Int(1)]);
    assert_eq!(
        e.take_replies(other),
        [Reply::Bulk(b"script".to_vec()), Reply::Status("OK".into())]
    );
}

#[test]
fn writes_are_propagated_as_the_commands_a_script_ran() {
    let mut e = Engine::new(1, 0);
    e.record_propagation(true);
    let c = e.connect(0);
    e.execute(
        c,
        argv("EVAL \"redis.call('SET', 'a', 1) redis.call('INCR', 'a') return redis.call('GET', 'a')\" 0"),
        0,
    );
    assert_eq!(e.take_replies(c), [Reply::Bulk(b"2".to_vec())]);
    let records: Vec<Vec<Vec<u8>>> = e.take_propagated().into_iter().map(|p| p.argv).collect();
    assert_eq!(records, [argv("MULTI"), argv("SET a 1"), argv("INCR a"), argv("EXEC")]);
    e.execute(c, argv("EVAL \"return redis.call('DEL', 'a')\" 0"), 0);
    let records: Vec<Vec<Vec<u8>>> = e.take_propagated().into_iter().map(|p| p.argv).collect();
    assert_eq!(records, [argv("DEL a")], "one command needs no MULTI");
    e.execute(c, argv("EVAL \"return 1\" 0"), 0);
    assert!(
        e.take_propagated().is_empty(),
        "a script that writes nothing propagates nothing"
    );
}

#[test]
fn a_running_scripts_writes_stay_until_it_ends_while_earlier_ones_leave() {
    let mut e = Engine::new(1, 0);
    e.record_propagation(true);
    let c = e.connect(0);
    e.execute(c, argv("SET before 1"), 0);
    e.execute(
        c,
        argv("EVAL \"redis.call('SET', 'a', 1) local s = 0 for i = 1, 3000000 do s = s + i end redis.call('SET', 'b', 2) return s\" 0"),
        0,
    );
    assert!(e.script_running(), "not done in one slice");
    let records: Vec<Vec<Vec<u8>>> = e.take_propagated().into_iter().map(|p| p.argv).collect();
    assert_eq!(records, [argv("SET before 1")], "the script's SET waits for its end");
    assert!(e.take_propagated().is_empty());
    while e.script_running() {
        e.run_script_slice(1);
    }
    let records: Vec<Vec<Vec<u8>>> = e.take_propagated().into_iter().map(|p| p.argv).collect();
    assert_eq!(records, [argv("MULTI"), argv("SET a 1"), argv("SET b 2"), argv("EXEC")]);
}

#[test]
fn an_aof_of_script_effects_replays_to_the_same_keys() {
    use keyspace_engine::aof::{self, AofWriter};
    let mut e = Engine::new(1, 0);
    e.record_propagation(true);
    let c = e.connect(0);
    let mut log = Vec::new();
    let mut writer = AofWriter::new();
    for line in [
        "EVAL \"for i = 1, 5 do redis.call('RPUSH', KEYS[1], i) end return redis.call('LLEN', KEYS[1])\" 1 list",
        "EVAL \"redis.call('SELECT', 2) redis.call('SET', 'in2', math.random(100)) return 1\" 0",
        "EVAL \"local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], 60) end return n\" 1 rate",
        "FUNCTION LOAD \"#!lua name=lib\\nredis.register_function('bump', function(k) return redis.call('INCRBY', k[1], 10) end)\"",
        "FCALL bump 1 rate",
        "SET after 1",
    ] {
        e.execute(c, argv(line), 0);
        let replies = e.take_replies(c);
        assert!(!matches!(replies.first(), Some(Reply::Error(_))), "{line}: {replies:?}");
        writer.feed(&e.take_propagated(), &mut log);
    }
    let mut replayed = Engine::new(2, 0);
    aof::load(&mut replayed, &log, 0).expect("the AOF loads");
    let r = replayed.connect(0);
    for (line, want) in [
        (
            "LRANGE list 0 -1",
            Reply::Array((1..=5).map(|i| Reply::Bulk(i.to_string().into_bytes())).collect()),
        ),
        ("GET rate", Reply::Bulk(b"11".to_vec())),
        ("GET after", Reply::Bulk(b"1".to_vec())),
    ] {
        assert_eq!(replayed.call(r, argv(line), 0), [want], "{line}");
    }
    // The random number a script wrote is the one it drew: the effect is replayed, not the script.
    replayed.call(r, argv("SELECT 2"), 0);
    let c2 = e.connect(0);
    e.call(c2, argv("SELECT 2"), 0);
    assert_eq!(replayed.call(r, argv("GET in2"), 0), e.call(c2, argv("GET in2"), 0));
    assert!(
        replayed.call(r, argv("TTL rate"), 0)[0] != Reply::Int(-1),
        "the EXPIRE the script ran is replayed"
    );
    // FUNCTION LOAD is propagated as typed: the function exists after the replay.
    replayed.call(r, argv("SELECT 0"), 0);
    assert_eq!(replayed.call(r, argv("FCALL bump 1 rate"), 0), [Reply::Int(21)]);
}

#[test]
fn function_libraries_live_in_rdb_files_and_aof_rewrites() {
    let mut e = Engine::new(1, 0);
    let c = e.connect(0);
    e.call(
        c,
        argv("FUNCTION LOAD \"#!lua name=lib\\nredis.register_function('hi', function() return 'hi' end)\""),
        0,
    );
    e.call(c, argv("SET k v"), 0);
    // RDB: saved before the data, loaded with it.
    let file = keyspace_engine::rdb::save(&e, 0);
    let mut loaded = Engine::new(2, 0);
    let report = keyspace_engine::rdb::load(&mut loaded, &file, 0).expect("it loads");
    assert_eq!(report.functions.len(), 1);
    let l = loaded.connect(0);
    assert_eq!(loaded.call(l, argv("FCALL hi 0"), 0), [Reply::Bulk(b"hi".to_vec())]);
    // An AOF rewrite without the RDB preamble starts with FUNCTION LOAD.
    let commands = keyspace_engine::aof::rewrite_commands(&e, 0);
    let mut replayed = Engine::new(3, 0);
    keyspace_engine::aof::load(&mut replayed, &commands, 0).expect("it loads");
    let r = replayed.connect(0);
    assert_eq!(replayed.call(r, argv("FCALL hi 0"), 0), [Reply::Bulk(b"hi".to_vec())]);
    assert_eq!(replayed.call(r, argv("GET k"), 0), [Reply::Bulk(b"v".to_vec())]);
}

#[test]
fn over_maxmemory_a_script_cannot_start_writing_unless_it_allows_oom() {
    let mut e = Engine::new(1, 0);
    let c = e.connect(0);
    e.call(c, argv("SET k v"), 0);
    // Far below what the engine uses: every write that grows memory is refused.
    e.call(c, argv("CONFIG SET maxmemory 1"), 0);
    let oom = "OOM command not allowed when used memory > 'maxmemory'.";
    // Without a shebang: refused at its first write (scriptVerifyOOM).
    let r = e.call(c, argv("EVAL \"return redis.call('SET', 'a', 1)\" 0"), 0);
    assert!(err(&r[0]).starts_with(oom), "{r:?}");
    // Reads go on.
    assert_eq!(
        e.call(c, argv("EVAL \"return redis.call('GET', 'k')\" 0"), 0),
        [Reply::Bulk(b"v".to_vec())]
    );
    // With a shebang that may write: refused before it runs.
    let r = e.call(c, argv("EVAL \"#!lua\\nreturn 1\" 0"), 0);
    assert_eq!(err(&r[0]), oom);
    // no-writes, or allow-oom, runs.
    assert_eq!(
        e.call(c, argv("EVAL \"#!lua flags=no-writes\\nreturn 1\" 0"), 0),
        [Reply::Int(1)]
    );
    assert_eq!(
        e.call(
            c,
            argv("EVAL \"#!lua flags=allow-oom\\nreturn redis.call('SET', 'a', 1)\" 0"),
            0
        ),
        [Reply::Status("OK".into())]
    );
    e.call(c, argv("CONFIG SET maxmemory 0"), 0);
    assert_eq!(
        e.call(c, argv("EVAL \"return redis.call('SET', 'b', 1)\" 0"), 0),
        [Reply::Status("OK".into())]
    );
}
