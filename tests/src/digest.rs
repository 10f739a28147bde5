//! What the RDB and persistence tests compare: a workload of every type and encoding,
//! and a digest of a keyspace read through commands (type, encoding, value, absolute
//! expiry, DUMP where the encoding is deterministic), for the engine, real Redis and
//! keyspace-server alike.

use keyspace_engine::{sds, Engine, Reply};
use keyspace_playground::cli;

use crate::redis::Connection;

/// Every type and encoding, small and large, integers of every width, strings that
/// compress and that do not, expiries, several databases, streams with groups.
pub fn workload() -> Vec<String> {
    let mut w: Vec<String> = [
        "SET i8 -100",
        "SET i16 300",
        "SET i32 -70000",
        "SET i64 9223372036854775807",
        "SET lead0 007",
        "SET s hello",
        "SET empty \"\"",
        "SET bin \"\\x00\\xff\\r\\n\"",
        "APPEND raw abc",
        "INCRBYFLOAT fl 2.5",
        "SET ttl v PX 600000",
        "RPUSH list a b c 1 -2 300 70000 9223372036854775807",
        "SADD is16 5 1 -3",
        "SADD is64 1 10000000000",
        "SADD set a b c 1",
        "ZADD zs 1 a 2.5 b -inf c inf d 0 e",
        "ZADD zlong 1 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "HSET h f v n 12 neg -5",
        "HSET hlong f vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
        "PFADD hll a b c",
        "XADD st 1-1 a 1 b 2",
        "XADD st 1-2 a 3 b 4",
        "XADD st 2-0 other 5",
        "XADD st 3-0 a 6 b 7",
        "XDEL st 1-2",
        "XGROUP CREATE st g1 0",
        "XGROUP CREATE st g2 $",
        "XREADGROUP GROUP g1 alice COUNT 2 STREAMS st >",
        "XREADGROUP GROUP g1 bob COUNT 1 STREAMS st >",
        "XGROUP CREATECONSUMER st g2 carol",
        "XACK st g1 1-1",
        "XADD empty-stream MAXLEN 0 5-5 f v",
        "XGROUP CREATE empty-stream g 0",
        "EXPIRE list 100000",
        "SELECT 3",
        "SET other v",
        "HSET h3 a 1",
        "PEXPIREAT h3 99999999999999",
        "SELECT 15",
        "SADD last x",
        "SELECT 0",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let words = |n: usize, f: &dyn Fn(usize) -> String| (0..n).map(f).collect::<Vec<_>>().join(" ");
    w.push(format!("SET long \"{}\"", "compressible text ".repeat(30)));
    w.push(format!(
        "SET noise {}",
        words(40, &|i| format!(
            "{:x}",
            (i as u64).wrapping_mul(0x9E3779B97F4A7C15) >> 40
        ))
        .replace(' ', "")
    ));
    w.push(format!("RPUSH biglist {}", words(1500, &|i| format!("element-{i}"))));
    w.push(format!("SADD bigintset {}", words(700, &|i| (i * 7).to_string())));
    w.push(format!("SADD bigset {}", words(300, &|i| format!("m{i}"))));
    w.push(format!(
        "ZADD bigz {}",
        words(300, &|i| format!("{} m{i}", i as f64 / 3.0))
    ));
    w.push(format!("HSET bighash {}", words(300, &|i| format!("f{i} {i}"))));
    for i in 0..300 {
        w.push(format!("XADD bigst {}-0 field {i} name n{i}", i + 1));
    }
    w.push("XTRIM bigst MAXLEN ~ 150".into());
    w.push("XGROUP CREATE bigst grp 100-0 ENTRIESREAD 40".into());
    w
}

pub fn argv(line: &str) -> Vec<Vec<u8>> {
    sds::split_args(line.as_bytes()).expect("a redis-cli line")
}

/// Everything observable of one key: type, encoding, value, absolute expiry and, where
/// the encoding is deterministic (not a hash table), the DUMP payload.
pub fn describe(call: &mut dyn FnMut(&[&[u8]]) -> Reply, k: &[u8]) -> String {
    let kind = call(&[b"TYPE", k]);
    let encoding = call(&[b"OBJECT", b"ENCODING", k]);
    let mut value = match &kind {
        Reply::Status(t) if t == "string" => vec![call(&[b"GET", k])],
        Reply::Status(t) if t == "list" => vec![call(&[b"LRANGE", k, b"0", b"-1"])],
        Reply::Status(t) if t == "set" => vec![call(&[b"SORT", k, b"ALPHA"])],
        Reply::Status(t) if t == "zset" => vec![call(&[b"ZRANGE", k, b"0", b"-1", b"WITHSCORES"])],
        Reply::Status(t) if t == "hash" => {
            let flat = match call(&[b"HGETALL", k]) {
                Reply::Array(flat) => flat,
                Reply::Map(pairs) => pairs.into_iter().flat_map(|(f, v)| [f, v]).collect(),
                other => panic!("HGETALL {other:?}"),
            };
            let mut pairs: Vec<Vec<Reply>> = flat.chunks(2).map(|c| c.to_vec()).collect();
            pairs.sort_by_key(|p| format!("{p:?}"));
            vec![Reply::Array(pairs.into_iter().flatten().collect())]
        }
        Reply::Status(t) if t == "stream" => vec![
            call(&[b"XRANGE", k, b"-", b"+"]),
            call(&[b"XINFO", b"STREAM", k, b"FULL"]),
        ],
        other => panic!("type {other:?}"),
    };
    if encoding != Reply::Bulk(b"hashtable".to_vec()) {
        value.push(call(&[b"DUMP", k]));
    }
    value.push(call(&[b"PEXPIRETIME", k]));
    let shown: Vec<String> = value
        .iter()
        .map(|r| cli::format_reply(&[], r, 2).trim_end().to_string())
        .collect();
    format!("{kind:?} {encoding:?}\n{}", shown.join("\n"))
}

/// Every key of every database, described.
pub fn digest(mut call: impl FnMut(&[&[u8]]) -> Reply) -> Vec<String> {
    let mut out = Vec::new();
    for db in 0..16 {
        call(&[b"SELECT", db.to_string().as_bytes()]);
        let Reply::Array(keys) = call(&[b"KEYS", b"*"]) else {
            panic!("KEYS")
        };
        let mut names: Vec<Vec<u8>> = keys
            .into_iter()
            .map(|k| match k {
                Reply::Bulk(b) => b,
                other => panic!("{other:?}"),
            })
            .collect();
        names.sort();
        for key in names {
            let described = describe(&mut call, &key);
            out.push(format!("db{db} {} {described}", String::from_utf8_lossy(&key)));
        }
    }
    out
}

pub fn engine_digest(engine: &mut Engine, now: i64) -> Vec<String> {
    let c = engine.connect_internal(now);
    let d = digest(|words| {
        engine
            .call(c, words.iter().map(|w| w.to_vec()).collect(), now)
            .remove(0)
    });
    engine.disconnect(c);
    d
}

pub fn redis_digest(port: u16) -> Vec<String> {
    let mut conn = Connection::open(port).expect("connect");
    digest(|words| {
        conn.command(&words.iter().map(|w| w.to_vec()).collect::<Vec<_>>())
            .expect("reply")
    })
}

pub fn first_difference(ours: &[String], theirs: &[String]) -> String {
    for (a, b) in ours.iter().zip(theirs) {
        if a != b {
            return format!("ours:\n{a}\ntheirs:\n{b}");
        }
    }
    format!("{} keys against {}", ours.len(), theirs.len())
}
