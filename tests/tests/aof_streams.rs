//! Streams in the AOF against real Redis: what the engine propagates is what
//! redis-server 7.0 writes (XADD with its ID and exact trim, XREADGROUP as XCLAIMs and
//! XGROUP SETID in MULTI/EXEC, ...); Redis's AOF loads into the engine to the same
//! streams; the engine's rewrite is Redis's rewriteStreamObject, reloads to the same
//! streams in the engine and boots Redis to them.

use std::process::Stdio;
use std::time::{Duration, Instant};

use keyspace_engine::aof::{self, AofWriter};
use keyspace_engine::{sds, Engine, Reply};
use keyspace_tests::now_ms;
use keyspace_tests::redis::{free_port, redis_server_command, Connection, TempDir};

const WORKLOAD: &[&str] = &[
    "XADD s 1-1 f v",
    "XADD s 2-* f v",
    "XADD s 5-* f v g w",
    "XADD s MAXLEN ~ 1 6-1 f v",
    "XADD s MAXLEN ~ 1 LIMIT 5 7-1 f v",
    "XADD s MINID ~ 1 8-1 f v",
    "XTRIM s MINID ~ 2",
    "XTRIM s MAXLEN = 6",
    "XDEL s 2-0",
    "XGROUP CREATE s g 0",
    "XGROUP CREATE s g2 $ ENTRIESREAD 3",
    "XREADGROUP GROUP g alice COUNT 2 STREAMS s >",
    "XREADGROUP GROUP g bob NOACK STREAMS s >",
    "XREADGROUP GROUP g bob STREAMS s 0",
    "XADD s 9-1 f v",
    "XREADGROUP GROUP g2 carl STREAMS s >",
    "XREADGROUP GROUP g2 carl COUNT 1 STREAMS s >",
    "XCLAIM s g carl 0 5-0 TIME 1000",
    "XCLAIM s g carl 0 6-1 LASTID 100-0",
    "XCLAIM s g carl 0 1 LASTID 200-0 JUSTID",
    "XCLAIM s g carl 0 1-1 RETRYCOUNT 9 FORCE JUSTID",
    "XDEL s 5-0",
    "XAUTOCLAIM s g dan 0 0",
    "XACK s g 6-1",
    "XGROUP CREATECONSUMER s g ed",
    "XGROUP CREATECONSUMER s g fay",
    "XGROUP DELCONSUMER s g ed",
    "XSETID s 300-0",
    "XGROUP SETID s g2 0",
    "XGROUP CREATE s gone 0",
    "XGROUP DESTROY s gone",
    "XADD empty MAXLEN 0 1-1 a b",
    "XGROUP CREATE empty eg $",
    "XGROUP CREATECONSUMER empty eg solo",
    "MULTI",
    "XADD m 1-1 a b",
    "XGROUP CREATE m mg 0",
    "XREADGROUP GROUP mg x STREAMS m >",
    "EXEC",
];

const KEYS: &[&str] = &["s", "empty", "m"];

fn argv(words: &[&str]) -> Vec<Vec<u8>> {
    words.iter().map(|w| w.as_bytes().to_vec()).collect()
}

fn line(text: &str) -> Vec<Vec<u8>> {
    sds::split_args(text.as_bytes()).expect("balanced line")
}

/// Records as text, with delivery times (which follow the clock) masked.
fn normalize(records: &[Vec<Vec<u8>>]) -> Vec<String> {
    records
        .iter()
        .map(|argv| {
            let mut words: Vec<String> = argv.iter().map(|a| String::from_utf8_lossy(a).into_owned()).collect();
            for i in 1..words.len() {
                if words[i - 1].eq_ignore_ascii_case("TIME") {
                    words[i] = "<time>".into();
                }
            }
            words.join(" ")
        })
        .collect()
}

/// What a client sees of the streams, clock-driven figures (idle, seen and delivery
/// times) masked; the node layout (radix-tree figures) left out, as a reload rebuilds
/// it without the tombstones.
fn digest(mut call: impl FnMut(&[&str]) -> Reply) -> Vec<String> {
    let mut out = Vec::new();
    for key in KEYS {
        out.push(text(&call(&["XRANGE", key, "-", "+"])));
        if let Reply::Array(info) = call(&["XINFO", "STREAM", key]) {
            for pair in info.chunks(2) {
                if let [Reply::Bulk(name), value] = pair {
                    if !name.starts_with(b"radix-tree") {
                        out.push(format!("{} {}", String::from_utf8_lossy(name), text(value)));
                    }
                }
            }
        }
        let groups = call(&["XINFO", "GROUPS", key]);
        out.push(text(&groups));
        let Reply::Array(groups) = groups else { continue };
        for g in groups {
            let Reply::Array(fields) = g else { continue };
            let Some(Reply::Bulk(name)) = fields.get(1) else {
                continue;
            };
            let name = String::from_utf8_lossy(name).into_owned();
            if let Reply::Array(pending) = call(&["XPENDING", key, &name, "-", "+", "100"]) {
                for p in pending {
                    if let Reply::Array(mut p) = p {
                        p[2] = Reply::Int(0);
                        out.push(format!("{name} pending {}", text(&Reply::Array(p))));
                    }
                }
            }
            if let Reply::Array(consumers) = call(&["XINFO", "CONSUMERS", key, &name]) {
                for c in consumers {
                    if let Reply::Array(mut c) = c {
                        c.truncate(4);
                        out.push(format!("{name} consumer {}", text(&Reply::Array(c))));
                    }
                }
            }
        }
    }
    out
}

fn text(reply: &Reply) -> String {
    keyspace_playground::cli::format_reply(&[], reply, 3).replace('\n', " ")
}

fn engine_digest(engine: &mut Engine) -> Vec<String> {
    let c = engine.connect(now_ms());
    digest(|words| {
        let reply = engine.call(c, argv(words), now_ms()).pop().unwrap_or(Reply::Null);
        keyspace_tests::on_the_wire(&reply, 2)
    })
}

fn redis_digest(port: u16) -> Vec<String> {
    let mut conn = Connection::open(port).unwrap();
    digest(|words| conn.command(&argv(words)).unwrap())
}

fn start_redis(dir: &std::path::Path, extra: &[&str]) -> (std::process::Child, u16) {
    let port = free_port().unwrap();
    let child = redis_server_command(port, dir)
        .args(extra)
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server starts");
    let start = Instant::now();
    loop {
        if let Ok(mut c) = Connection::open(port) {
            if let Ok(Reply::Bulk(info) | Reply::Verbatim(_, info)) = c.command(&argv(&["INFO", "persistence"])) {
                let info = String::from_utf8_lossy(&info);
                if info.contains("loading:0") && info.contains("aof_rewrite_in_progress:0") {
                    return (child, port);
                }
            }
        }
        assert!(start.elapsed() < Duration::from_secs(10), "redis-server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What Redis shows after booting from `base` as its AOF.
fn boot_digest(base: &[u8]) -> Vec<String> {
    let dir = TempDir::new("keyspace-aof-streams-boot").unwrap();
    let aof_dir = dir.0.join("appendonlydir");
    std::fs::create_dir_all(&aof_dir).unwrap();
    std::fs::write(aof_dir.join("appendonly.aof.1.base.aof"), base).unwrap();
    std::fs::write(aof_dir.join("appendonly.aof.1.incr.aof"), b"").unwrap();
    std::fs::write(
        aof_dir.join("appendonly.aof.manifest"),
        aof::manifest("appendonly.aof", 1),
    )
    .unwrap();
    let (mut redis, port) = start_redis(&dir.0, &["--appendonly", "yes", "--appenddirname", "appendonlydir"]);
    let digest = redis_digest(port);
    let _ = redis.kill();
    let _ = redis.wait();
    digest
}

/// The commands of every AOF file Redis's manifest lists, in order.
fn read_aof(dir: &std::path::Path) -> Vec<u8> {
    let aof_dir = dir.join("appendonlydir");
    let manifest = std::fs::read_to_string(aof_dir.join("appendonly.aof.manifest")).unwrap();
    let mut bytes = Vec::new();
    for line in manifest.lines() {
        let file = line.split_whitespace().nth(1).unwrap();
        bytes.extend(std::fs::read(aof_dir.join(file)).unwrap());
    }
    bytes
}

/// Records whose key (the argument after the command, or after XGROUP's
/// subcommand) is `key`.
fn of_key(records: &[String], key: &str) -> Vec<String> {
    records
        .iter()
        .filter(|r| {
            let words: Vec<&str> = r.split(' ').collect();
            let at = if words[0].eq_ignore_ascii_case("XGROUP") { 2 } else { 1 };
            words.get(at) == Some(&key)
        })
        .cloned()
        .collect()
}

#[test]
fn streams_reach_the_aof_as_redis_writes_them_and_reload_the_same() {
    // Real Redis: its AOF and what a client sees.
    let dir = TempDir::new("keyspace-aof-streams").unwrap();
    let (mut redis, port) = start_redis(
        &dir.0,
        &[
            "--appendonly",
            "yes",
            "--aof-use-rdb-preamble",
            "no",
            "--appendfsync",
            "always",
        ],
    );
    let mut conn = Connection::open(port).unwrap();
    for text in WORKLOAD {
        conn.command(&line(text)).unwrap();
    }
    let theirs = redis_digest(port);
    let redis_aof = read_aof(&dir.0);
    // Redis's own rewrite of the same streams.
    conn.command(&argv(&["BGREWRITEAOF"])).unwrap();
    let start = Instant::now();
    let redis_base = loop {
        std::thread::sleep(Duration::from_millis(50));
        let aof_dir = dir.0.join("appendonlydir");
        let manifest = std::fs::read_to_string(aof_dir.join("appendonly.aof.manifest")).unwrap_or_default();
        if let Some(base) = manifest.lines().find(|l| l.contains("type b")) {
            let file = base.split_whitespace().nth(1).unwrap();
            let bytes = std::fs::read(aof_dir.join(file)).unwrap_or_default();
            if file != "appendonly.aof.1.base.aof" && !bytes.is_empty() {
                break bytes;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(10), "BGREWRITEAOF did not finish");
    };
    let _ = redis.kill();
    let _ = redis.wait();

    // The engine: the same workload, what it propagates and what a client sees.
    let mut engine = Engine::new(5, now_ms());
    engine.record_propagation(true);
    let c = engine.connect(now_ms());
    for text in WORKLOAD {
        engine.call(c, line(text), now_ms());
    }
    let mut ours_aof = Vec::new();
    AofWriter::new().feed(&engine.take_propagated(), &mut ours_aof);
    let (ours_records, _) = aof::parse(&ours_aof).expect("our records parse");
    let (their_records, _) = aof::parse(&redis_aof).expect("Redis's AOF parses");
    assert_eq!(normalize(&ours_records), normalize(&their_records), "propagation");
    let ours = engine_digest(&mut engine);
    assert!(ours.len() > 20, "{ours:?}");
    assert_eq!(ours, theirs, "the same streams");

    // Redis's AOF loads into the engine to the streams Redis itself loads from it
    // (not quite the live ones: a group created in MULTI before its first read comes
    // back without its read counter, in Redis too).
    let mut loaded = Engine::new(6, now_ms());
    aof::load(&mut loaded, &redis_aof, now_ms()).expect("Redis's AOF loads");
    assert_eq!(
        engine_digest(&mut loaded),
        boot_digest(&redis_aof),
        "Redis's AOF replayed"
    );

    // The engine's rewrite is what Redis's rewrite writes for each stream (delivery
    // times aside).
    let our_base = aof::rewrite_commands(&engine, now_ms());
    let ours_rewritten = normalize(&aof::parse(&our_base).expect("parses").0);
    let theirs_rewritten = normalize(&aof::parse(&redis_base).expect("parses").0);
    for key in KEYS {
        assert_eq!(
            of_key(&ours_rewritten, key),
            of_key(&theirs_rewritten, key),
            "rewrite of {key}"
        );
    }

    // The rewrite reloads into the engine, and boots Redis, to the same streams.
    let base = aof::rewrite(&engine, now_ms());
    let mut again = Engine::new(7, now_ms());
    aof::load(&mut again, &base, now_ms()).expect("the rewrite loads");
    assert_eq!(engine_digest(&mut again), theirs, "the rewrite replayed");

    assert_eq!(boot_digest(&base), theirs, "Redis booted from the engine's rewrite");
}
