//! SLOWLOG, LATENCY and INFO commandstats with durations: the host's monotonic clock
//! is scripted here (each reading advances it by a chosen step), which real Redis
//! cannot be, so the conformance corpus only sees the 0 µs cases.

use std::sync::atomic::{AtomicU64, Ordering};

use keyspace_engine::{Engine, Reply};

fn argv(line: &str) -> Vec<Vec<u8>> {
    keyspace_engine::sds::split_args(line.as_bytes()).expect("balanced test line")
}

fn run(e: &mut Engine, c: u64, line: &str, now: i64) -> Reply {
    e.call(c, argv(line), now).pop().expect("one reply")
}

fn text(reply: Reply) -> String {
    match reply {
        Reply::Bulk(b) | Reply::Verbatim(_, b) => String::from_utf8(b).expect("utf-8"),
        other => panic!("not a text: {other:?}"),
    }
}

/// A clock for each test (tests run in parallel): every reading moves it by `step` µs,
/// so a command (read before and after) takes exactly `step`.
macro_rules! scripted_clock {
    ($step:expr) => {{
        static NOW: AtomicU64 = AtomicU64::new(1_000_000);
        fn clock() -> u64 {
            NOW.fetch_add($step, Ordering::Relaxed)
        }
        clock as fn() -> u64
    }};
}

#[test]
fn commands_at_or_over_the_threshold_are_logged_with_their_duration() {
    let mut e = Engine::new(1, 1_700_000_000_000);
    e.set_monotonic_clock(scripted_clock!(15_000));
    let c = e.connect_from(1_700_000_000_000, "10.0.0.1:5000", "10.0.0.2:6379");
    let now = 1_700_000_000_000;
    run(&mut e, c, "CLIENT SETNAME app", now);
    run(&mut e, c, "SET k v", now + 1000);
    let Reply::Array(entries) = run(&mut e, c, "SLOWLOG GET", now + 2000) else {
        panic!("an array")
    };
    assert_eq!(entries.len(), 2, "CLIENT SETNAME and SET, each 15 ms (over 10 ms)");
    assert_eq!(
        entries[0],
        Reply::Array(vec![
            Reply::Int(1),
            Reply::Int(1_700_000_001),
            Reply::Int(15_000),
            Reply::bulks(["SET", "k", "v"]),
            Reply::bulk("10.0.0.1:5000"),
            Reply::bulk("app"),
        ])
    );
    // Just under the threshold: not logged; exactly at it: logged.
    run(&mut e, c, "CONFIG SET slowlog-log-slower-than 15001", now);
    run(&mut e, c, "GET k", now);
    run(&mut e, c, "CONFIG SET slowlog-log-slower-than 15000", now);
    run(&mut e, c, "GET k", now);
    let Reply::Array(entries) = run(&mut e, c, "SLOWLOG GET 2", now) else {
        panic!()
    };
    let names: Vec<Reply> = entries
        .iter()
        .map(|e| match e {
            Reply::Array(f) => f[3].clone(),
            _ => panic!(),
        })
        .collect();
    assert_eq!(
        names,
        vec![
            Reply::bulks(["GET", "k"]),
            Reply::bulks(["CONFIG", "SET", "slowlog-log-slower-than", "15000"])
        ]
    );
}

#[test]
fn a_blocked_command_is_logged_when_served_and_internal_clients_never() {
    let mut e = Engine::new(1, 0);
    e.set_monotonic_clock(scripted_clock!(20_000));
    let (a, b) = (e.connect(0), e.connect(0));
    run(&mut e, a, "SLOWLOG RESET", 0);
    e.execute(b, argv("BLPOP q 0"), 0);
    assert_eq!(
        run(&mut e, a, "SLOWLOG LEN", 0),
        Reply::Int(1),
        "only SLOWLOG RESET so far"
    );
    run(&mut e, a, "RPUSH q x", 0);
    let Reply::Array(entries) = run(&mut e, a, "SLOWLOG GET 2", 0) else {
        panic!()
    };
    let first = |i: usize| match &entries[i] {
        Reply::Array(f) => f[3].clone(),
        _ => panic!(),
    };
    assert_eq!(first(0), Reply::bulks(["BLPOP", "q", "0"]));
    assert_eq!(first(1), Reply::bulks(["RPUSH", "q", "x"]));
    let internal = e.connect_internal(0);
    e.call(internal, argv("SET hidden 1"), 0);
    let Reply::Array(entries) = run(&mut e, a, "SLOWLOG GET -1", 0) else {
        panic!()
    };
    let hidden = Reply::bulks(["SET", "hidden", "1"]);
    assert!(entries.iter().all(|e| !matches!(e, Reply::Array(f) if f[3] == hidden)));
}

#[test]
fn without_a_clock_commands_take_no_time() {
    let mut e = Engine::new(1, 0);
    let c = e.connect(0);
    run(&mut e, c, "SET k v", 0);
    assert_eq!(run(&mut e, c, "SLOWLOG LEN", 0), Reply::Int(0), "0 µs is under 10 ms");
    run(&mut e, c, "CONFIG SET slowlog-log-slower-than 0", 0);
    run(&mut e, c, "SET k v", 0);
    let Reply::Array(entries) = run(&mut e, c, "SLOWLOG GET 1", 0) else {
        panic!()
    };
    let Reply::Array(entry) = &entries[0] else { panic!() };
    assert_eq!(entry[2], Reply::Int(0));
    run(&mut e, c, "CONFIG SET latency-monitor-threshold 1", 0);
    run(&mut e, c, "SET k v", 0);
    assert_eq!(run(&mut e, c, "LATENCY LATEST", 0), Reply::Array(vec![]));
}

#[test]
fn latency_events_history_doctor_and_graph() {
    let start = 1_700_000_000_000;
    let mut e = Engine::new(1, start);
    e.set_monotonic_clock(scripted_clock!(25_000));
    let c = e.connect(start);
    run(&mut e, c, "CONFIG SET latency-monitor-threshold 20", start);
    run(&mut e, c, "SET a 1", start + 1_000);
    run(&mut e, c, "GET a", start + 2_000);
    run(&mut e, c, "KEYS *", start + 3_000);
    assert_eq!(
        run(&mut e, c, "LATENCY LATEST", start + 4_000),
        Reply::Array(vec![
            Reply::Array(vec![
                Reply::bulk("command"),
                Reply::Int(1_700_000_003),
                Reply::Int(25),
                Reply::Int(25)
            ]),
            Reply::Array(vec![
                Reply::bulk("fast-command"),
                Reply::Int(1_700_000_002),
                Reply::Int(25),
                Reply::Int(25)
            ]),
        ])
    );
    // One sample per second, the worst of it (LATENCY LATEST itself took 25 ms).
    assert_eq!(
        run(&mut e, c, "LATENCY HISTORY command", start + 4_000),
        Reply::Array(vec![
            Reply::Array(vec![Reply::Int(1_700_000_000), Reply::Int(25)]),
            Reply::Array(vec![Reply::Int(1_700_000_001), Reply::Int(25)]),
            Reply::Array(vec![Reply::Int(1_700_000_003), Reply::Int(25)]),
            Reply::Array(vec![Reply::Int(1_700_000_004), Reply::Int(25)]),
        ])
    );
    let doctor = text(run(&mut e, c, "LATENCY DOCTOR", start + 5_000));
    assert!(doctor.starts_with("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n1. command: 4 latency spikes (average 25ms, mean deviation 0ms, period 1.25 sec). Worst all time event 25ms.\n2. fast-command: 1 latency spikes (average 25ms, mean deviation 0ms, period 3.00 sec). Worst all time event 25ms.\n\nI have a few advices for you:\n\n"), "{doctor}");
    assert!(
        doctor.contains("- Check your Slow Log to understand what are the commands"),
        "{doctor}"
    );
    assert!(
        doctor.contains("- The system is slow to execute Redis code paths"),
        "{doctor}"
    );
    let graph = text(run(&mut e, c, "LATENCY GRAPH fast-command", start + 5_000));
    assert_eq!(
        graph,
        format!(
            "fast-command - high 25 ms, low 25 ms (all time high 25 ms)\n{}\n \n \n \n_\n \n3\ns\n",
            "-".repeat(80)
        )
    );
    assert_eq!(run(&mut e, c, "LATENCY RESET command nosuch", start), Reply::Int(1));
    // The first RESET took 25 ms itself: a new `command` event, beside `fast-command`.
    assert_eq!(run(&mut e, c, "LATENCY RESET", start), Reply::Int(2));
    // The active expiry cycle is timed too.
    run(&mut e, c, "SET t v PX 1", start);
    e.tick(start + 10_000);
    let Reply::Array(latest) = run(&mut e, c, "LATENCY LATEST", start + 10_000) else {
        panic!()
    };
    assert!(
        latest
            .iter()
            .any(|e| matches!(e, Reply::Array(f) if f[0] == Reply::bulk("expire-cycle"))),
        "{latest:?}"
    );
}

#[test]
fn commandstats_and_histograms_count_microseconds() {
    let mut e = Engine::new(1, 0);
    e.set_monotonic_clock(scripted_clock!(3_000));
    let c = e.connect(0);
    run(&mut e, c, "CONFIG RESETSTAT", 0);
    run(&mut e, c, "SET a 1", 0);
    run(&mut e, c, "SET a 2", 0);
    let info = text(run(&mut e, c, "INFO commandstats", 0));
    assert!(
        info.contains("cmdstat_set:calls=2,usec=6000,usec_per_call=3000.00,"),
        "{info}"
    );
    // 3 ms = 3,000,000 ns: the count reaches 2 at the level 4,194,304 ns, reported as
    // the top of its bucket (4,227,071 ns).
    assert_eq!(
        run(&mut e, c, "LATENCY HISTOGRAM set", 0),
        Reply::Map(vec![(
            Reply::bulk("set"),
            Reply::Map(vec![
                (Reply::bulk("calls"), Reply::Int(2)),
                (
                    Reply::bulk("histogram_usec"),
                    Reply::Map(vec![(Reply::Int(4227), Reply::Int(2))])
                ),
            ])
        )])
    );
}

/// Loading an AOF runs its commands outside `call()`, as Redis's loader does: they are
/// neither counted (INFO stats, commandstats) nor timed. Checked against redis-server
/// 7.0.15: after a restart from an AOF of SET and INCR, total_commands_processed is 0
/// and commandstats lists only the INFO that asked.
#[test]
fn commands_loaded_from_the_aof_are_not_counted() {
    let mut e = Engine::new(1, 1_000);
    e.set_monotonic_clock(scripted_clock!(1_000));
    let aof = b"*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$4\r\nINCR\r\n$1\r\na\r\n";
    keyspace_engine::aof::load(&mut e, aof, 1_000).expect("the AOF loads");
    let c = e.connect(1_000);
    assert_eq!(run(&mut e, c, "GET a", 1_000), Reply::bulk("2"));
    let stats = text(run(&mut e, c, "INFO stats", 1_000));
    assert!(
        stats.contains("total_commands_processed:1\r\n"),
        "only the GET: {stats}"
    );
    let commandstats = text(run(&mut e, c, "INFO commandstats", 1_000));
    assert!(
        !commandstats.contains("cmdstat_set") && !commandstats.contains("cmdstat_incr"),
        "{commandstats}"
    );
    assert!(commandstats.contains("cmdstat_get:calls=1"), "{commandstats}");
}
