//! The AOF against real Redis, both ways: a playground AOF passes redis-check-aof and
//! boots a real redis-server to the same keyspace; an AOF written by real Redis loads
//! into the engine to the same keyspace.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use keyspace_engine::aof::{self, AofWriter};
use keyspace_engine::{sds, Engine, Reply};
use keyspace_playground::cli;
use keyspace_tests::now_ms;
use keyspace_tests::redis::{free_port, redis_server_command, Connection, TempDir};

const WORKLOAD: &[&str] = &[
    "SET greeting hello",
    "SET session token EX 3600",
    "INCR click",
    "INCRBY click 41",
    "INCRBYFLOAT price 0.1",
    "APPEND greeting \" world\"",
    "RPUSH queue a b c",
    "LPOP queue",
    "HSET user:1 name ada lang rust",
    "HINCRBY user:1 visits 3",
    "SADD tags redis cache 7",
    "SREM tags cache",
    "ZINCRBY vote 1 a",
    "ZINCRBY vote 2 b",
    "ZADD vote 1.5 c",
    "PFADD visitors alice bob",
    "PFCOUNT visitors",
    "PFADD visitors carol",
    "PFADD dense a b c",
    "PFDEBUG TODENSE dense",
    "PFADD dense d",
    "PFADD regs x",
    "PFDEBUG GETREG regs",
    "SETBIT bits 7 1",
    "BITFIELD fields SET i8 0 -100 INCRBY u4 #3 7 OVERFLOW FAIL INCRBY u2 0 9",
    "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
    "GEOADD Sicily XX CH 13.583333 37.316667 Palermo",
    "GEOSEARCHSTORE near Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST",
    "GEORADIUS Sicily 15 37 200 km STORE near2",
    "SELECT 3",
    "SET :1:my_key v1",
    "MULTI",
    "SET :2:my_key v2",
    "DEL :1:my_key",
    "EXEC",
    "SELECT 0",
    "EXPIRE greeting 7200",
    "PERSIST session",
    "SET gone soon PX 50",
    "RENAME click clicks",
];

/// Everything a learner could observe of databases 0..4, from any connection.
fn digest(mut call: impl FnMut(&[&str]) -> Reply) -> Vec<String> {
    let mut out = Vec::new();
    for db in 0..4 {
        call(&["SELECT", &db.to_string()]);
        let Reply::Array(keys) = call(&["KEYS", "*"]) else {
            panic!("KEYS")
        };
        let mut names: Vec<String> = keys
            .into_iter()
            .map(|k| match k {
                Reply::Bulk(b) => String::from_utf8_lossy(&b).into_owned(),
                other => panic!("{other:?}"),
            })
            .collect();
        names.sort();
        for key in names {
            let Reply::Status(kind) = call(&["TYPE", &key]) else {
                panic!("TYPE")
            };
            let value = match kind.as_ref() {
                "string" => call(&["GET", &key]),
                "list" => call(&["LRANGE", &key, "0", "-1"]),
                "hash" => call(&["HGETALL", &key]),
                "set" => call(&["SORT", &key, "ALPHA"]),
                "zset" => call(&["ZRANGE", &key, "0", "-1", "WITHSCORES"]),
                other => panic!("type {other}"),
            };
            let ttl = call(&["PEXPIRETIME", &key]);
            out.push(format!(
                "db{db} {key} {kind} {} {ttl:?}",
                cli::format_reply(&[], &value, 2).trim_end()
            ));
        }
    }
    out
}

fn argv(words: &[&str]) -> Vec<Vec<u8>> {
    words.iter().map(|w| w.as_bytes().to_vec()).collect()
}

fn engine_digest(engine: &mut Engine) -> Vec<String> {
    let c = engine.connect_internal(now_ms());
    digest(|words| engine.call(c, argv(words), now_ms()).remove(0))
}

fn redis_digest(port: u16) -> Vec<String> {
    let mut conn = Connection::open(port).expect("connect");
    digest(|words| conn.command(&argv(words)).expect("reply"))
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
                if String::from_utf8_lossy(&info).contains("loading:0") {
                    return (child, port);
                }
            }
        }
        assert!(start.elapsed() < Duration::from_secs(10), "redis-server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_playground_aof_boots_real_redis_to_the_same_keyspace() {
    let mut engine = Engine::new(7, now_ms());
    engine.record_propagation(true);
    let c = engine.connect(now_ms());
    for line in WORKLOAD {
        engine.call(c, sds::split_args(line.as_bytes()).unwrap(), now_ms());
    }
    std::thread::sleep(Duration::from_millis(80)); // "gone" expires
    let mut incr = Vec::new();
    AofWriter::new().feed(&engine.take_propagated(), &mut incr);

    let dir = TempDir::new("keyspace-aof").unwrap();
    let aof_dir = dir.0.join("appendonlydir");
    std::fs::create_dir_all(&aof_dir).unwrap();
    std::fs::write(aof_dir.join("appendonly.aof.1.base.aof"), b"").unwrap();
    std::fs::write(aof_dir.join("appendonly.aof.1.incr.aof"), &incr).unwrap();
    std::fs::write(
        aof_dir.join("appendonly.aof.manifest"),
        aof::manifest("appendonly.aof", 1),
    )
    .unwrap();

    let check = Command::new("redis-check-aof")
        .arg(aof_dir.join("appendonly.aof.1.incr.aof"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success() && said.contains("is valid"),
        "redis-check-aof: {said}"
    );

    let (mut redis, port) = start_redis(&dir.0, &["--appendonly", "yes", "--appenddirname", "appendonlydir"]);
    let theirs = redis_digest(port);
    let _ = redis.kill();
    let _ = redis.wait();
    let ours = engine_digest(&mut engine);
    assert!(ours.len() >= 10, "the workload left keys: {ours:?}");
    assert_eq!(ours, theirs);

    // A rewrite (base file) boots Redis to the same keyspace too.
    let base = aof::rewrite(&engine, now_ms());
    std::fs::write(aof_dir.join("appendonly.aof.1.base.aof"), &base).unwrap();
    std::fs::write(aof_dir.join("appendonly.aof.1.incr.aof"), b"").unwrap();
    let (mut redis, port) = start_redis(&dir.0, &["--appendonly", "yes", "--appenddirname", "appendonlydir"]);
    let theirs = redis_digest(port);
    let _ = redis.kill();
    let _ = redis.wait();
    assert_eq!(ours, theirs);
}

#[test]
fn an_aof_written_by_real_redis_loads_into_the_engine() {
    let dir = TempDir::new("keyspace-aof-redis").unwrap();
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
    for line in WORKLOAD {
        conn.command(&sds::split_args(line.as_bytes()).unwrap()).unwrap();
    }
    std::thread::sleep(Duration::from_millis(80));
    let theirs = redis_digest(port);
    let _ = redis.kill();
    let _ = redis.wait();
    let aof_dir = dir.0.join("appendonlydir");
    let manifest = std::fs::read_to_string(aof_dir.join("appendonly.aof.manifest")).unwrap();
    let mut bytes = Vec::new();
    for line in manifest.lines() {
        let file = line.split_whitespace().nth(1).unwrap();
        bytes.extend(std::fs::read(aof_dir.join(file)).unwrap());
    }
    let mut engine = Engine::new(3, now_ms());
    let report = aof::load(&mut engine, &bytes, now_ms()).expect("Redis's AOF loads");
    assert!(report.commands >= WORKLOAD.len() - 5);
    assert_eq!(engine_digest(&mut engine), theirs);
}
