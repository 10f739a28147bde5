//! The engine under a fake clock: expiry (lazy and active), blocking time-outs,
//! change events and propagation, all without sleeping.

use keyspace_engine::{Engine, Propagated, Reply};

fn argv(line: &str) -> Vec<Vec<u8>> {
    keyspace_engine::sds::split_args(line.as_bytes()).expect("balanced test line")
}

struct Fixture {
    engine: Engine,
    client: u64,
}

impl Fixture {
    fn new() -> Fixture {
        let mut engine = Engine::new(42, 1_000_000);
        let client = engine.connect(1_000_000);
        Fixture { engine, client }
    }

    fn run(&mut self, at: i64, line: &str) -> Reply {
        let mut replies = self.engine.call(self.client, argv(line), at);
        assert_eq!(replies.len(), 1, "{line} gave {replies:?}");
        replies.remove(0)
    }
}

const T0: i64 = 1_000_000;

#[test]
fn a_key_lives_until_its_exact_millisecond() {
    let mut f = Fixture::new();
    f.run(T0, "SET k v PX 100");
    assert_eq!(f.run(T0 + 99, "GET k"), Reply::bulk("v"));
    assert_eq!(f.run(T0 + 99, "PTTL k"), Reply::Int(1));
    assert_eq!(f.run(T0 + 100, "GET k"), Reply::Null);
    assert_eq!(f.run(T0 + 100, "TTL k"), Reply::Int(-2));
}

#[test]
fn ttl_rounds_to_the_nearest_second_like_redis() {
    let mut f = Fixture::new();
    f.run(T0, "SET k v PX 1499");
    assert_eq!(f.run(T0, "TTL k"), Reply::Int(1));
    f.run(T0, "SET k v PX 1500");
    assert_eq!(f.run(T0, "TTL k"), Reply::Int(2));
    f.run(T0, "SET k v");
    assert_eq!(f.run(T0, "TTL k"), Reply::Int(-1));
}

#[test]
fn active_expiry_removes_keys_nobody_touches_and_reports_them() {
    let mut f = Fixture::new();
    f.engine.observe_keyspace(true);
    for i in 0..500 {
        f.run(T0, &format!("SET volatile:{i} v PX 50"));
    }
    f.run(T0, "SET stays v");
    f.engine.take_events();
    f.engine.tick(T0 + 49);
    assert_eq!(f.engine.key_counts()[0], 501, "nothing is due yet");
    f.engine.tick(T0 + 50);
    // Redis's cycle repeats while a sample is mostly expired: one tick clears them all.
    assert_eq!(f.engine.key_counts()[0], 1);
    let expired = f
        .engine
        .take_events()
        .into_iter()
        .filter(|e| e.event == "expired")
        .count();
    assert_eq!(expired, 500);
    assert_eq!(f.run(T0 + 50, "DBSIZE"), Reply::Int(1));
}

#[test]
fn next_deadline_tells_the_host_when_to_wake() {
    let mut f = Fixture::new();
    assert_eq!(f.engine.next_deadline(), None);
    f.run(T0, "SET k v PX 250");
    assert_eq!(f.engine.next_deadline(), Some(T0 + 250));
}

#[test]
fn expiry_propagates_as_del_and_relative_times_as_absolute() {
    let mut f = Fixture::new();
    f.engine.record_propagation(true);
    f.run(T0, "SET k v EX 10");
    f.run(T0, "EXPIRE k 20");
    f.run(T0 + 20_000, "GET k");
    let records: Vec<Vec<String>> = f
        .engine
        .take_propagated()
        .into_iter()
        .map(|Propagated { argv, .. }| argv.iter().map(|a| String::from_utf8_lossy(a).into_owned()).collect())
        .collect();
    let at10 = (T0 + 10_000).to_string();
    let at20 = (T0 + 20_000).to_string();
    assert_eq!(
        records,
        vec![
            vec!["SET".to_string(), "k".into(), "v".into(), "PXAT".into(), at10],
            vec!["PEXPIREAT".to_string(), "k".into(), at20],
            vec!["DEL".to_string(), "k".into()],
        ]
    );
}

#[test]
fn a_blocked_pop_times_out_on_the_hosts_clock() {
    let mut f = Fixture::new();
    let id = f.client;
    assert!(f.engine.call(id, argv("BLPOP q 1.5"), T0).is_empty(), "blocks");
    f.engine.tick(T0 + 1499);
    assert!(f.engine.take_replies(id).is_empty());
    f.engine.tick(T0 + 1500);
    assert_eq!(f.engine.take_replies(id), vec![Reply::NullArray]);
}

#[test]
fn a_blocked_pop_is_served_by_another_clients_push_in_arrival_order() {
    let mut engine = Engine::new(1, T0);
    let (a, b, pusher) = (engine.connect(T0), engine.connect(T0), engine.connect(T0));
    assert!(engine.call(a, argv("BLPOP jobs 0"), T0).is_empty());
    assert!(engine.call(b, argv("BLPOP jobs 0"), T0).is_empty());
    assert_eq!(engine.call(pusher, argv("RPUSH jobs one two"), T0), vec![Reply::Int(2)]);
    let job = |s: &str| Reply::Array(vec![Reply::bulk("jobs"), Reply::bulk(s)]);
    assert_eq!(engine.take_replies(a), vec![job("one")]);
    assert_eq!(engine.take_replies(b), vec![job("two")]);
}

#[test]
fn a_watched_key_that_expires_fails_the_transaction() {
    let mut f = Fixture::new();
    f.run(T0, "SET k v PX 100");
    f.run(T0, "WATCH k");
    f.run(T0 + 200, "MULTI");
    f.run(T0 + 200, "PING");
    assert_eq!(f.run(T0 + 200, "EXEC"), Reply::NullArray);
}

#[test]
fn the_same_seed_makes_the_same_random_choices() {
    let pick = || {
        let mut f = Fixture::new();
        f.run(T0, "SADD s a b c d e f g h");
        f.run(T0, "SRANDMEMBER s 3")
    };
    assert_eq!(pick(), pick());
}

#[test]
fn a_failing_aof_store_refuses_writes_with_misconf_and_info_says_so() {
    let mut f = Fixture::new();
    f.engine.set_aof_status(keyspace_engine::engine::AofStatus {
        enabled: true,
        current_size: 1234,
        last_write_error: Some("QuotaExceededError".into()),
        ..Default::default()
    });
    assert_eq!(
        f.run(T0, "SET k v"),
        Reply::Error("MISCONF Errors writing to the AOF file: QuotaExceededError".into())
    );
    assert_eq!(f.run(T0, "GET k"), Reply::Null, "reads still work");
    let Reply::Verbatim(_, info) = f.run(T0, "INFO persistence") else {
        panic!()
    };
    let info = String::from_utf8(info).unwrap();
    assert!(info.contains("aof_last_write_status:err\r\n"));
    assert!(info.contains("aof_current_size:1234\r\n"));
    f.engine.set_aof_status(keyspace_engine::engine::AofStatus {
        enabled: true,
        ..Default::default()
    });
    assert_eq!(f.run(T0, "SET k v"), Reply::ok());
}
