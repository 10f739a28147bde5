//! Arbitrary command sequences against a fresh engine with a fake clock: lines in
//! redis-cli syntax; a line's first byte picks the client (four of them) and how far
//! the clock moves. Nothing may panic, hang or grow without bound; and what the engine
//! propagated (its AOF), replayed into a fresh engine, must rebuild the same keyspace:
//! a reload must never change a learner's data.
#![no_main]
use keyspace_engine::aof::{self, AofWriter};
use keyspace_engine::{Engine, Reply};
use libfuzzer_sys::fuzz_target;

fn call(engine: &mut Engine, client: u64, words: &[&[u8]], now: i64) -> Reply {
    let argv = words.iter().map(|w| w.to_vec()).collect();
    engine.call(client, argv, now).pop().unwrap_or(Reply::Null)
}

/// Every live key of every database with its type, value and absolute expiry, in a
/// canonical order (sets and hashes sorted), read by an internal client.
fn dump(engine: &mut Engine, now: i64) -> Vec<String> {
    let client = engine.connect_internal(now);
    let mut out = Vec::new();
    for db in 0..16 {
        call(engine, client, &[b"SELECT", db.to_string().as_bytes()], now);
        let Reply::Array(keys) = call(engine, client, &[b"KEYS", b"*"], now) else { continue };
        let mut keys: Vec<Vec<u8>> = keys
            .into_iter()
            .filter_map(|k| if let Reply::Bulk(k) = k { Some(k) } else { None })
            .collect();
        keys.sort();
        for key in keys {
            let kind = call(engine, client, &[b"TYPE", &key], now);
            let value = match &kind {
                Reply::Status(t) if t == "string" => match call(engine, client, &[b"GET", &key], now) {
                    // A HyperLogLog's header caches its count; the registers are the value.
                    Reply::Bulk(mut bytes) if bytes.starts_with(b"HYLL") && bytes.len() >= 16 => {
                        bytes[8..16].fill(0);
                        Reply::Bulk(bytes)
                    }
                    other => other,
                },
                Reply::Status(t) if t == "list" => call(engine, client, &[b"LRANGE", &key, b"0", b"-1"], now),
                Reply::Status(t) if t == "zset" => {
                    call(engine, client, &[b"ZRANGE", &key, b"0", b"-1", b"WITHSCORES"], now)
                }
                Reply::Status(t) if t == "set" => sorted(call(engine, client, &[b"SMEMBERS", &key], now), 1),
                Reply::Status(t) if t == "hash" => sorted(call(engine, client, &[b"HGETALL", &key], now), 2),
                // Entries and counters; not the node layout (CONFIG SET of the node
                // size is not propagated) nor the groups (Redis propagates a consumer
                // only with what it reads).
                Reply::Status(t) if t == "stream" => {
                    let entries = call(engine, client, &[b"XRANGE", &key, b"-", b"+"], now);
                    let info = match call(engine, client, &[b"XINFO", b"STREAM", &key], now) {
                        Reply::Map(fields) => fields
                            .into_iter()
                            .filter(|(k, _)| !matches!(k, Reply::Bulk(n) if n.starts_with(b"radix-tree") || n == b"groups"))
                            .flat_map(|(k, v)| [k, v])
                            .collect(),
                        other => vec![other],
                    };
                    Reply::Array(vec![entries, Reply::Array(info)])
                }
                other => other.clone(),
            };
            let expiry = call(engine, client, &[b"PEXPIRETIME", &key], now);
            out.push(format!("db{db} {key:?} {kind:?} {expiry:?} {value:?}"));
        }
    }
    engine.disconnect(client);
    out
}

/// Whether a reply (or an EXEC reply's item) is hyperloglog.c's `invalid_hll_err`.
fn invalid_hll(reply: &Reply) -> bool {
    match reply {
        Reply::Error(e) => e.starts_with("INVALIDOBJ"),
        Reply::Array(items) => items.iter().any(invalid_hll),
        _ => false,
    }
}

/// An array's items sorted in groups of `width`, or a map's pairs sorted (HGETALL).
/// The order is not the data: CONFIG SET is not propagated, so a hash that was a
/// hashtable here can come back as a listpack from the AOF, as in Redis.
fn sorted(reply: Reply, width: usize) -> Reply {
    let items = match reply {
        Reply::Array(items) => items,
        Reply::Map(pairs) => pairs.into_iter().flat_map(|(k, v)| [k, v]).collect(),
        other => return other,
    };
    let mut groups: Vec<Vec<Reply>> = items.chunks(width).map(<[Reply]>::to_vec).collect();
    groups.sort_by_key(|g| format!("{g:?}"));
    Reply::Array(groups.into_iter().flatten().collect())
}

fuzz_target!(|data: &[u8]| {
    let mut now = 1_000_000i64;
    let mut engine = Engine::new(3, now);
    engine.config_mut().set_raw("proto-max-bulk-len", "1048576");
    engine.config_mut().set_raw("maxmemory", "67108864");
    // As in the browser: long commands are estimated, and refused over the limit.
    engine.set_work_limit(Some(keyspace_engine::budget::BROWSER_WORK_LIMIT));
    engine.observe_keyspace(true);
    engine.record_propagation(true);
    let clients: Vec<u64> = (0..4).map(|_| engine.connect(now)).collect();
    let mut log = Vec::new();
    let mut writer = AofWriter::new();
    let mut half_applied = false;
    for line in data.split(|&b| b == b'\n').take(64) {
        let Some((&control, text)) = line.split_first() else { continue };
        now += i64::from(control >> 2) * 7;
        let client = clients[usize::from(control & 3)];
        if let Some(argv) = keyspace_engine::sds::split_args(text) {
            if !argv.is_empty() {
                engine.execute(client, argv, now);
            }
        }
        engine.tick(now);
        for id in engine.take_clients_with_output() {
            half_applied |= engine.take_replies(id).iter().any(invalid_hll);
        }
        let _ = engine.take_events();
        writer.feed(&engine.take_propagated(), &mut log);
    }
    // A script still running (a loop) has written what its AOF records do not hold yet:
    // Redis propagates a script's effects when it ends. Give it a few more slices; one
    // that goes on for ever is not compared.
    for _ in 0..50 {
        if !engine.script_running() {
            break;
        }
        engine.run_script_slice(now);
        for id in engine.take_clients_with_output() {
            let _ = engine.take_replies(id);
        }
        writer.feed(&engine.take_propagated(), &mut log);
    }
    if engine.script_running() {
        return;
    }
    // Redis's own divergence, kept: PFADD on a corrupted sparse HLL sets the registers it
    // reaches before the corruption, then replies INVALIDOBJ and propagates nothing
    // (hyperloglog.c, pfaddCommand's `case -1`), so memory and the AOF part ways there.
    if half_applied {
        return;
    }
    // A transaction left open by a client propagates nothing; its replay starts clean.
    let mut replayed = Engine::new(3, now);
    replayed.config_mut().set_raw("proto-max-bulk-len", "1048576");
    aof::load(&mut replayed, &log, now).expect("the engine's own AOF loads");
    assert_eq!(dump(&mut engine, now), dump(&mut replayed, now), "the AOF rebuilds the keyspace");
});
