//! What the engine propagates (its AOF records) must be what Redis 7.0 writes, so that
//! a replay rebuilds the same bytes. Cases found by the `commands` fuzz target, which
//! replays every sequence's AOF and compares the keyspaces.

use keyspace_engine::{Engine, Reply};

fn words(line: &str) -> Vec<Vec<u8>> {
    line.split(' ').map(|w| w.as_bytes().to_vec()).collect()
}

/// PFCOUNT caches the count in the HyperLogLog's header, a write Redis propagates (once,
/// when the cache was stale; checked against redis-server's AOF). Without it a replay
/// held other bytes, visible to GET, GETRANGE or BITOP.
#[test]
fn a_pfcount_that_updates_the_cache_is_propagated_once() {
    let mut e = Engine::new(1, 0);
    e.record_propagation(true);
    let c = e.connect(0);
    e.call(c, words("PFADD h a b c"), 0);
    assert_eq!(e.call(c, words("PFCOUNT h"), 0), vec![Reply::Int(3)]);
    assert_eq!(e.call(c, words("PFCOUNT h"), 0), vec![Reply::Int(3)]);
    let names: Vec<String> = e
        .take_propagated()
        .iter()
        .map(|p| String::from_utf8_lossy(&p.argv[0]).to_uppercase())
        .collect();
    assert_eq!(names, ["PFADD", "PFCOUNT"]);

    // Replayed from what was propagated, the value has the same bytes.
    let mut replayed = Engine::new(1, 0);
    let mut original_log = Vec::new();
    for line in ["PFADD h a b c", "PFCOUNT h"] {
        keyspace_engine::resp::encode_command(&words(line), &mut original_log);
    }
    keyspace_engine::aof::load(&mut replayed, &original_log, 0).expect("loads");
    let r = replayed.connect(0);
    assert_eq!(
        replayed.call(r, words("GET h"), 0),
        e.call(c, words("GET h"), 0),
        "same bytes, cached header included"
    );
}
