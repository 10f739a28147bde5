//! maxmemory: OOM under noeviction, and each eviction policy freeing memory the way
//! its name says (sampled, as in Redis).

use keyspace_engine::{Engine, Reply};

fn argv(line: &str) -> Vec<Vec<u8>> {
    keyspace_engine::sds::split_args(line.as_bytes()).expect("balanced test line")
}

fn run(e: &mut Engine, c: u64, line: &str, now: i64) -> Reply {
    e.call(c, argv(line), now).pop().expect("one reply")
}

fn info_field(e: &mut Engine, c: u64, field: &str) -> i64 {
    let (Reply::Bulk(info) | Reply::Verbatim(_, info)) = run(e, c, "INFO stats", 0) else {
        panic!()
    };
    let info = String::from_utf8(info).unwrap();
    info.split(&format!("{field}:"))
        .nth(1)
        .unwrap()
        .split('\r')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// 400 keys of 1 KB (the even ones with a TTL), then a limit that holds about 250 of them.
fn filled(policy: &str) -> (Engine, u64) {
    let mut e = Engine::new(3, 0);
    let c = e.connect(0);
    let value = "x".repeat(1000);
    for i in 0..400 {
        run(&mut e, c, &format!("SET key:{i} {value}"), i);
        if i % 2 == 0 {
            run(&mut e, c, &format!("PEXPIRE key:{i} {}", 1_000_000 + i * 1000), i);
        }
    }
    let limit = e.used_memory() - 150 * 1100;
    run(&mut e, c, &format!("CONFIG SET maxmemory {limit}"), 400);
    run(&mut e, c, &format!("CONFIG SET maxmemory-policy {policy}"), 400);
    (e, c)
}

#[test]
fn noeviction_refuses_writes_with_oom_and_keeps_reads() {
    let (mut e, c) = filled("noeviction");
    assert_eq!(
        run(&mut e, c, "SET another v", 500),
        Reply::Error("OOM command not allowed when used memory > 'maxmemory'.".into())
    );
    assert_eq!(run(&mut e, c, "DBSIZE", 500), Reply::Int(400), "nothing evicted");
    assert!(
        matches!(run(&mut e, c, "GET key:1", 500), Reply::Bulk(_)),
        "reads still work"
    );
    assert_eq!(
        run(&mut e, c, "DEL key:1", 500),
        Reply::Int(1),
        "DEL is not denied on OOM"
    );
}

#[test]
fn allkeys_lru_evicts_the_idle_keys_first() {
    let (mut e, c) = filled("allkeys-lru");
    // Keys 300..400 were just read: recently used. (The limit waits for the reads: the
    // LRU clock counts whole seconds, as Redis's, and every key was written in the
    // same second, so evictions before the reads would pick among equals.)
    let limit = e.config().get("maxmemory").unwrap_or("0").to_string();
    e.config_mut().set_raw("maxmemory", "0");
    for i in 300..400 {
        run(&mut e, c, &format!("GET key:{i}"), 10_000 + i);
    }
    e.config_mut().set_raw("maxmemory", &limit);
    assert_eq!(run(&mut e, c, "SET another v", 20_000), Reply::ok());
    let evicted = info_field(&mut e, c, "evicted_keys");
    assert!(evicted >= 100, "evicted {evicted}");
    let kept_recent = (300..400)
        .filter(|i| run(&mut e, c, &format!("EXISTS key:{i}"), 20_001) == Reply::Int(1))
        .count();
    let kept_old = (0..100)
        .filter(|i| run(&mut e, c, &format!("EXISTS key:{i}"), 20_001) == Reply::Int(1))
        .count();
    assert!(
        kept_recent > kept_old + 30,
        "recent kept {kept_recent}, old kept {kept_old}"
    );
}

#[test]
fn volatile_policies_only_touch_keys_with_a_ttl() {
    for policy in ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"] {
        let (mut e, c) = filled(policy);
        assert_eq!(run(&mut e, c, "SET another v", 500), Reply::ok(), "{policy}");
        let persistent_left = (0..400)
            .filter(|i| i % 2 == 1)
            .filter(|i| run(&mut e, c, &format!("EXISTS key:{i}"), 501) == Reply::Int(1))
            .count();
        assert_eq!(persistent_left, 200, "{policy} evicted a key without a TTL");
    }
    // volatile-ttl takes the nearest expiry first.
    let (mut e, c) = filled("volatile-ttl");
    run(&mut e, c, "SET another v", 500);
    let near = (0..100)
        .filter(|i| i % 2 == 0)
        .filter(|i| run(&mut e, c, &format!("EXISTS key:{i}"), 501) == Reply::Int(1))
        .count();
    let far = (300..400)
        .filter(|i| i % 2 == 0)
        .filter(|i| run(&mut e, c, &format!("EXISTS key:{i}"), 501) == Reply::Int(1))
        .count();
    assert!(far > near, "far {far} near {near}");
}

#[test]
fn allkeys_random_and_lfu_free_enough_and_evictions_are_propagated() {
    for policy in ["allkeys-random", "allkeys-lfu"] {
        let (mut e, c) = filled(policy);
        e.record_propagation(true);
        assert_eq!(run(&mut e, c, "SET another v", 500), Reply::ok(), "{policy}");
        let dels = e.take_propagated().iter().filter(|p| p.argv[0] == b"DEL").count();
        assert!(dels >= 100, "{policy}: {dels} evictions reach the AOF as DEL");
    }
}

/// Loading an AOF is never refused or trimmed by maxmemory (Redis loads whatever the
/// limit says): found when the browser's 64 MB default made a reload of a big
/// playground come back empty. A client's writes are still refused afterwards.
#[test]
fn an_aof_loads_whole_whatever_maxmemory_says() {
    for policy in ["noeviction", "allkeys-lru"] {
        let (source, _) = filled("noeviction");
        let log = keyspace_engine::aof::rewrite(&source, 400);
        let mut e = Engine::new(5, 400);
        let c = e.connect(400);
        run(&mut e, c, "CONFIG SET maxmemory 1", 400);
        run(&mut e, c, &format!("CONFIG SET maxmemory-policy {policy}"), 400);
        keyspace_engine::aof::load(&mut e, &log, 400).expect("loads");
        assert_eq!(e.key_counts()[0], 400, "{policy}: every key loaded, none evicted");
        if policy == "noeviction" {
            assert!(matches!(run(&mut e, c, "SET more x", 400), Reply::Error(m) if m.starts_with("OOM")));
        }
    }
}
