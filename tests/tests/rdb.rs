//! The RDB format against real Redis 7.0.15, both ways: a dump.rdb that redis-server
//! SAVEs loads into the engine to the same keyspace (values, TTLs, encodings, DUMP
//! payloads), a dump.rdb the engine writes boots a fresh redis-server to the same
//! keyspace, and DUMP payloads RESTORE across. Then damage: every truncation and
//! flipped byte of a file is refused and leaves the engine as it was.

use std::time::Duration;

use keyspace_engine::{rdb, Engine, Reply};
use keyspace_tests::digest::{argv, describe, engine_digest, first_difference, redis_digest, workload};
use keyspace_tests::now_ms;
use keyspace_tests::redis::{spawn_redis, Connection, Proc, TempDir};

fn start_redis(dir: &std::path::Path, extra: &[&str]) -> Proc {
    spawn_redis(dir, extra)
}

#[test]
fn a_dump_rdb_redis_saved_loads_into_the_engine() {
    let dir = TempDir::new("keyspace-rdb-a").unwrap();
    let redis = start_redis(&dir.0, &[]);
    let mut conn = Connection::open(redis.port).unwrap();
    for line in workload() {
        let reply = conn.command(&argv(&line)).unwrap();
        assert!(!matches!(reply, Reply::Error(_)), "{line}: {reply:?}");
    }
    assert_eq!(conn.command(&argv("SAVE")).unwrap(), Reply::ok());
    drop(redis);
    let bytes = std::fs::read(dir.0.join("dump.rdb")).unwrap();
    // What Redis itself has after loading the file (its encodings after a load).
    let redis = start_redis(&dir.0, &[]);
    let theirs = redis_digest(redis.port);
    drop(redis);
    let now = now_ms();
    let mut engine = Engine::new(5, now);
    let report = rdb::load(&mut engine, &bytes, now).expect("Redis's dump.rdb loads");
    assert!(report.checksum_verified);
    assert_eq!(report.version, 10);
    assert_eq!(report.bytes_read, bytes.len());
    assert!(report.aux.iter().any(|(k, v)| k == b"redis-ver" && v == b"7.0.15"));
    let ours = engine_digest(&mut engine, now);
    assert!(ours.len() > 30, "{} keys", ours.len());
    assert!(ours == theirs, "{}", first_difference(&ours, &theirs));
}

#[test]
fn a_dump_rdb_the_engine_saved_boots_redis() {
    let now = now_ms();
    let mut engine = Engine::new(9, now);
    let c = engine.connect(now);
    for line in workload() {
        let reply = engine.call(c, argv(&line), now).remove(0);
        assert!(!matches!(reply, Reply::Error(_)), "{line}: {reply:?}");
    }
    let bytes = rdb::save(&engine, now);
    let dir = TempDir::new("keyspace-rdb-b").unwrap();
    std::fs::write(dir.0.join("engine.rdb"), &bytes).unwrap();
    let check = std::process::Command::new("redis-check-rdb")
        .arg(dir.0.join("engine.rdb"))
        .output()
        .expect("redis-check-rdb runs");
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success() && said.contains("RDB looks OK"), "{said}");
    let redis = start_redis(&dir.0, &["--dbfilename", "engine.rdb"]);
    let theirs = redis_digest(redis.port);
    drop(redis);
    // The engine reads its own file back to what Redis has after reading it.
    let mut again = Engine::new(10, now);
    rdb::load(&mut again, &bytes, now).unwrap();
    let ours = engine_digest(&mut again, now);
    assert!(ours == theirs, "{}", first_difference(&ours, &theirs));
    assert_eq!(rdb::save(&again, now).len(), bytes.len());
}

#[test]
fn dump_payloads_restore_across() {
    let dir = TempDir::new("keyspace-rdb-c").unwrap();
    let redis = start_redis(&dir.0, &[]);
    let mut conn = Connection::open(redis.port).unwrap();
    let now = now_ms();
    let mut engine = Engine::new(11, now);
    let c = engine.connect(now);
    for line in workload() {
        conn.command(&argv(&line)).unwrap();
        engine.call(c, argv(&line), now);
    }
    let mut ours = |words: &[&[u8]]| {
        engine
            .call(c, words.iter().map(|w| w.to_vec()).collect(), now)
            .remove(0)
    };
    let mut theirs = |words: &[&[u8]]| {
        conn.command(&words.iter().map(|w| w.to_vec()).collect::<Vec<_>>())
            .expect("reply")
    };
    let mut restored = 0;
    for db in [&b"0"[..], b"3", b"15"] {
        ours(&[b"SELECT", db]);
        theirs(&[b"SELECT", db]);
        let Reply::Array(keys) = theirs(&[b"KEYS", b"*"]) else {
            panic!()
        };
        for key in keys {
            let Reply::Bulk(key) = key else { panic!() };
            let Reply::Bulk(from_redis) = theirs(&[b"DUMP", &key]) else {
                panic!()
            };
            let Reply::Bulk(from_engine) = ours(&[b"DUMP", &key]) else {
                panic!()
            };
            let [a, b, c2, d] = ["a:", "b:", "c:", "d:"].map(|p| [p.as_bytes(), &key].concat());
            // Each payload restored on both sides: the same payload must give the same key.
            for (side, name, payload) in [
                (0, &a, &from_redis),
                (1, &b, &from_redis),
                (0, &c2, &from_engine),
                (1, &d, &from_engine),
            ] {
                let restore: [&[u8]; 4] = [b"RESTORE", name, b"0", payload];
                let reply = if side == 0 { ours(&restore) } else { theirs(&restore) };
                assert_eq!(reply, Reply::ok(), "{key:?}");
            }
            assert_eq!(
                describe(&mut ours, &a),
                describe(&mut theirs, &b),
                "Redis's DUMP of {key:?}"
            );
            assert_eq!(
                describe(&mut ours, &c2),
                describe(&mut theirs, &d),
                "the engine's DUMP of {key:?}"
            );
            restored += 1;
        }
    }
    assert!(restored > 30);
}

/// A small file whose every prefix and every flipped byte must be refused (or, for a
/// flip inside a value that still reads, give a different but valid keyspace) without
/// touching what the engine held.
#[test]
fn damaged_and_truncated_files_change_nothing() {
    let now = now_ms();
    let mut source = Engine::new(1, now);
    let c = source.connect(now);
    for line in [
        "SET s hello",
        "SET n 42",
        "RPUSH l a b 3",
        "HSET h f v",
        "SADD st 1 2",
        "ZADD z 1 a",
        "SET long \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
        "XADD x 1-1 f v",
        "XGROUP CREATE x g 0",
        "SET t v PX 100000",
    ] {
        source.call(c, argv(line), now);
    }
    let bytes = rdb::save(&source, now);
    let mut engine = Engine::new(2, now);
    let e = engine.connect(now);
    engine.call(e, argv("SET keep me"), now);
    let before = engine_digest(&mut engine, now);
    let mut refused = 0;
    for cut in 0..bytes.len() {
        let err = rdb::load(&mut engine, &bytes[..cut], now).expect_err("a truncated file is refused");
        assert!(
            [
                "Unexpected EOF reading RDB file",
                "Wrong signature trying to load DB from file"
            ]
            .contains(&err.message.as_str())
                || err.message.contains("integrity check failed")
                || err.message.starts_with("Can't handle RDB format version"),
            "cut at {cut}: {err}"
        );
        refused += 1;
    }
    assert_eq!(engine_digest(&mut engine, now), before, "nothing changed");
    let mut scratch = Engine::new(4, now);
    for at in 0..bytes.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut bad = bytes.clone();
            bad[at] ^= flip;
            // A version digit turned into a smaller version: no checksum then, and a
            // file that reads (Redis reads it too).
            let target = if (5..9).contains(&at) {
                &mut scratch
            } else {
                &mut engine
            };
            match rdb::load(target, &bad, now) {
                Err(_) => refused += 1,
                Ok(_) if (5..9).contains(&at) => {}
                Ok(_) => panic!("byte {at} ^ {flip:#x} was not noticed (the CRC covers it)"),
            }
        }
    }
    assert_eq!(engine_digest(&mut engine, now), before, "nothing changed");
    // With the checksum off, damage inside a value shows as Redis's own complaints.
    let mut unchecked = Engine::new(3, now);
    unchecked.config_mut().set_raw("rdbchecksum", "no");
    let mut reasons = std::collections::BTreeSet::new();
    for at in 9..bytes.len() - 9 {
        let mut bad = bytes.clone();
        bad[at] ^= 0x55;
        if let Err(err) = rdb::load(&mut unchecked, &bad, now) {
            reasons.insert(err.message);
        }
    }
    assert!(reasons.len() >= 3, "{reasons:?}");
    assert!(refused > bytes.len() * 3);
    // The intact file loads; CRC damage is "RDB CRC error".
    let mut crc = bytes.clone();
    let last = crc.len() - 1;
    crc[last] ^= 1;
    assert_eq!(rdb::load(&mut engine, &crc, now).unwrap_err().message, "RDB CRC error");
    rdb::load(&mut engine, &bytes, now).unwrap();
    assert_eq!(engine_digest(&mut engine, now), engine_digest(&mut source, now));
}

#[test]
fn keys_already_expired_are_dropped_unless_the_file_is_a_preamble() {
    let now = now_ms();
    let mut source = Engine::new(1, now);
    let c = source.connect(now);
    source.call(c, argv("SET soon v PX 50"), now);
    source.call(c, argv("SET stays v"), now);
    let bytes = rdb::save(&source, now);
    let later = now + 1000;
    let mut engine = Engine::new(2, later);
    let report = rdb::load(&mut engine, &bytes, later).unwrap();
    assert_eq!((report.keys_loaded, report.keys_expired), (1, 1));
    let options = rdb::LoadOptions { aof_preamble: true };
    let report = rdb::load_with(&mut engine, &bytes, later, &options).unwrap();
    assert_eq!((report.keys_loaded, report.keys_expired), (2, 0));
}

/// A ziplist (Redis before 7.0) of these elements: integers as int16, strings as such.
fn ziplist(items: &[&str]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut prev = 0usize;
    let mut tail = 10;
    for item in items {
        tail = 10 + body.len();
        let mut entry = vec![prev as u8];
        match item.parse::<i16>() {
            Ok(v) if v.to_string() == *item => {
                entry.push(0xC0);
                entry.extend_from_slice(&v.to_le_bytes());
            }
            _ => {
                entry.push(item.len() as u8);
                entry.extend_from_slice(item.as_bytes());
            }
        }
        prev = entry.len();
        body.extend(entry);
    }
    let total = 10 + body.len() + 1;
    let mut zl = Vec::new();
    zl.extend_from_slice(&(total as u32).to_le_bytes());
    zl.extend_from_slice(&(tail as u32).to_le_bytes());
    zl.extend_from_slice(&(items.len() as u16).to_le_bytes());
    zl.extend(body);
    zl.push(0xFF);
    zl
}

fn string(out: &mut Vec<u8>, s: &[u8]) {
    assert!(s.len() < 64 * 256);
    if s.len() < 64 {
        out.push(s.len() as u8);
    } else {
        out.extend_from_slice(&[0x40 | (s.len() >> 8) as u8, s.len() as u8]);
    }
    out.extend_from_slice(s);
}

/// What older Redis versions wrote (RDB 9: ziplists, zipmaps, quicklists of ziplists,
/// text scores, plain lists and sets, version 1 streams, expiry in seconds) loads into
/// the engine as it loads into Redis 7.0.15.
#[test]
fn older_encodings_load_as_redis_loads_them() {
    let now = now_ms();
    let mut f = b"REDIS0009".to_vec();
    f.extend_from_slice(&[0xFE, 0]);
    let key = |f: &mut Vec<u8>, t: u8, name: &str| {
        f.push(t);
        string(f, name.as_bytes());
    };
    key(&mut f, 10, "zl-list");
    string(&mut f, &ziplist(&["a", "1", "-300", "hello"]));
    key(&mut f, 13, "zl-hash");
    string(&mut f, &ziplist(&["f", "v", "n", "7"]));
    key(&mut f, 12, "zl-zset");
    string(&mut f, &ziplist(&["a", "1", "b", "2.5"]));
    key(&mut f, 14, "ql-list");
    f.push(2);
    string(&mut f, &ziplist(&["x", "y"]));
    string(&mut f, &ziplist(&["z", "42"]));
    key(&mut f, 9, "zipmap");
    let zm = [
        2, 1, b'a', 1, 0, b'1', 3, b'k', b'e', b'y', 3, 1, b'v', b'a', b'l', 0, 0xFF,
    ];
    string(&mut f, &zm);
    key(&mut f, 3, "text-zset");
    f.push(2);
    string(&mut f, b"m1");
    f.extend_from_slice(&[3, b'1', b'.', b'5']);
    string(&mut f, b"m2");
    f.push(254);
    key(&mut f, 1, "plain-list");
    f.push(2);
    string(&mut f, b"p");
    string(&mut f, b"q");
    key(&mut f, 2, "plain-set");
    f.push(3);
    for m in ["3", "1", "2"] {
        string(&mut f, m.as_bytes());
    }
    f.push(253); // EXPIRETIME in seconds
    f.extend_from_slice(&(((now / 1000) + 100_000) as i32).to_le_bytes());
    key(&mut f, 0, "expires");
    string(&mut f, b"soon");
    // A version 1 stream: the engine's version 2 DUMP without the fields version 1 lacks.
    let mut engine = Engine::new(3, now);
    let c = engine.connect(now);
    for line in ["XADD x 1-1 a 1", "XADD x 2-2 a 2 b 3", "XADD x 3-3 c 4", "XDEL x 2-2"] {
        engine.call(c, argv(line), now);
    }
    let Reply::Bulk(dump) = engine.call(c, argv("DUMP x"), now).remove(0) else {
        panic!()
    };
    let body = &dump[1..dump.len() - 10];
    let (head, tail) = body.split_at(body.len() - 6);
    key(&mut f, 15, "stream-v1");
    f.extend_from_slice(head);
    f.push(tail[5]);
    f.push(0xFF);
    let crc = rdb::crc64(&f);
    f.extend_from_slice(&crc.to_le_bytes());

    let mut ours = Engine::new(4, now);
    let report = rdb::load(&mut ours, &f, now).expect("an RDB 9 file loads");
    assert_eq!(report.keys_loaded, 10);
    let dir = TempDir::new("keyspace-rdb-old").unwrap();
    std::fs::write(dir.0.join("old.rdb"), &f).unwrap();
    let redis = start_redis(&dir.0, &["--dbfilename", "old.rdb"]);
    // Redis keeps a quicklist's nodes as the file has them; the engine's lists have no
    // nodes and DUMP as RPUSH would have filled them: that payload alone may differ.
    let nodes_aside = |digest: Vec<String>| -> Vec<String> {
        digest
            .into_iter()
            .map(|d| {
                if d.starts_with("db0 ql-list ") {
                    d.lines()
                        .filter(|l| !l.starts_with("\"\\x12"))
                        .collect::<Vec<_>>()
                        .join("\n")
                } else {
                    d
                }
            })
            .collect()
    };
    let theirs = nodes_aside(redis_digest(redis.port));
    drop(redis);
    let ours = nodes_aside(engine_digest(&mut ours, now));
    assert!(ours == theirs, "{}", first_difference(&ours, &theirs));
}

/// RESTORE goes to the AOF as Redis writes it: a relative TTL as an absolute one with
/// ABSTTL added; a TTL already past with REPLACE as the DEL it amounts to.
#[test]
fn restore_propagates_as_redis_writes_it() {
    let now = 1_000_000;
    let mut engine = Engine::new(1, now);
    engine.record_propagation(true);
    let c = engine.connect(now);
    engine.call(c, argv("SET s hello"), now);
    let Reply::Bulk(payload) = engine.call(c, argv("DUMP s"), now).remove(0) else {
        panic!()
    };
    engine.take_propagated();
    let restore = |rest: &[&str]| {
        let mut v = argv("RESTORE");
        v.push(rest[0].as_bytes().to_vec());
        v.push(rest[1].as_bytes().to_vec());
        v.push(payload.clone());
        v.extend(rest[2..].iter().map(|w| w.as_bytes().to_vec()));
        v
    };
    for (args, expected) in [
        (
            vec!["a", "5000"],
            Some(vec!["RESTORE", "a", "1005000", "<payload>", "ABSTTL"]),
        ),
        (vec!["b", "0"], Some(vec!["RESTORE", "b", "0", "<payload>"])),
        (
            vec!["c", "2000000", "ABSTTL"],
            Some(vec!["RESTORE", "c", "2000000", "<payload>", "ABSTTL"]),
        ),
        (vec!["d", "1", "ABSTTL"], None),
        (vec!["a", "1", "ABSTTL", "REPLACE"], Some(vec!["DEL", "a"])),
    ] {
        assert_eq!(engine.call(c, restore(&args), now).remove(0), Reply::ok());
        let got: Vec<Vec<String>> = engine
            .take_propagated()
            .into_iter()
            .map(|p| {
                p.argv
                    .iter()
                    .map(|a| {
                        if *a == payload {
                            "<payload>".into()
                        } else {
                            String::from_utf8_lossy(a).into_owned()
                        }
                    })
                    .collect()
            })
            .collect();
        let want: Vec<Vec<String>> = expected
            .into_iter()
            .map(|e| e.into_iter().map(String::from).collect())
            .collect();
        assert_eq!(got, want, "RESTORE {args:?}");
    }
}

/// The playground's report of a dump.rdb real Redis wrote (every type, several
/// databases, TTLs of every range, a function library) says what Redis itself says of
/// the same keyspace: keys per database, TYPE and OBJECT ENCODING per key, DUMP's
/// length for the biggest keys; and the sandbox runs commands on it.
#[test]
fn a_dump_rdb_redis_saved_is_explored() {
    use keyspace_playground::explore::{ExpiryBucket, Exploration};
    let dir = TempDir::new("keyspace-rdb-explore").unwrap();
    let redis = start_redis(&dir.0, &[]);
    let mut conn = Connection::open(redis.port).unwrap();
    let mut lines = workload();
    lines.extend(
        [
            "FUNCTION LOAD \"#!lua name=mylib\\nredis.register_function('one', function() return 1 end)\"",
            "SET brief v PX 300",
            "SET minute v EX 50",
            "SET days v EX 300000",
        ]
        .map(String::from),
    );
    for line in &lines {
        let reply = conn.command(&argv(line)).unwrap();
        assert!(!matches!(reply, Reply::Error(_)), "{line}: {reply:?}");
    }
    assert_eq!(conn.command(&argv("SAVE")).unwrap(), Reply::ok());
    let saved_at = now_ms();
    drop(conn);
    drop(redis);
    // What Redis says of each key after loading the file (its encodings after a load).
    let redis = start_redis(&dir.0, &[]);
    let mut conn = Connection::open(redis.port).unwrap();
    let mut theirs = |words: &[&[u8]]| {
        conn.command(&words.iter().map(|w| w.to_vec()).collect::<Vec<_>>())
            .expect("reply")
    };
    let mut per_db = Vec::new();
    let mut types: std::collections::BTreeMap<(String, String), u64> = Default::default();
    let mut dump_len: std::collections::BTreeMap<(usize, Vec<u8>), usize> = Default::default();
    for db in 0..16usize {
        theirs(&[b"SELECT", db.to_string().as_bytes()]);
        let Reply::Array(keys) = theirs(&[b"KEYS", b"*"]) else {
            panic!("KEYS")
        };
        let keys: Vec<Vec<u8>> = keys
            .into_iter()
            .filter_map(|k| if let Reply::Bulk(k) = k { Some(k) } else { None })
            .filter(|k| k != b"brief")
            .collect();
        if !keys.is_empty() {
            per_db.push((db, keys.len() as u64));
        }
        for key in keys {
            let (Reply::Status(kind), Reply::Bulk(enc), Reply::Bulk(dump)) = (
                theirs(&[b"TYPE", &key]),
                theirs(&[b"OBJECT", b"ENCODING", &key]),
                theirs(&[b"DUMP", &key]),
            ) else {
                panic!("{key:?}")
            };
            *types
                .entry((kind.to_string(), String::from_utf8(enc).unwrap()))
                .or_default() += 1;
            dump_len.insert((db, key), dump.len());
        }
    }
    drop(conn);
    drop(redis);
    let bytes = std::fs::read(dir.0.join("dump.rdb")).unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let now = now_ms();
    let mut explored = Exploration::open("dump.rdb", &bytes, 7, now).expect("Redis's dump.rdb opens");
    let r = &explored.report;
    assert_eq!((r.file_size, r.version), (bytes.len(), 10));
    assert_eq!(r.redis_ver.as_deref(), Some("7.0.15"));
    let ctime = r.ctime.expect("ctime");
    assert!((ctime * 1000 - saved_at).abs() < 5_000, "ctime {ctime}");
    assert!(r.used_mem.is_some_and(|m| m > 500_000), "{:?}", r.used_mem);
    assert_eq!(r.aof_base, Some(false));
    assert!(r.checksum_verified);
    assert_eq!(
        r.functions,
        vec!["mylib".to_string()],
        "the library Redis saved is loaded"
    );
    assert!(r.functions_skipped.is_empty());
    let ours_per_db: Vec<(usize, u64)> = r.databases.iter().map(|d| (d.db, d.keys)).collect();
    assert_eq!(ours_per_db, per_db);
    let mut ours_types: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for t in &r.types {
        for (enc, n) in &t.encodings {
            ours_types.insert((t.kind.name().to_string(), enc.to_string()), *n);
        }
    }
    assert_eq!(ours_types, types, "TYPE and OBJECT ENCODING per key");
    assert_eq!(r.biggest.len(), 10);
    let mut sizes: Vec<usize> = dump_len.values().copied().collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(
        r.biggest.iter().map(|b| b.bytes).collect::<Vec<_>>(),
        sizes[..10],
        "the ten biggest DUMP payloads"
    );
    for b in &r.biggest {
        assert_eq!(dump_len[&(b.db, b.key.clone())], b.bytes, "DUMP {:?}", b.key);
    }
    assert_eq!(r.biggest[0].key, b"biglist");
    let bucket = |b: ExpiryBucket| r.expiry.iter().find(|(x, _)| *x == b).unwrap().1;
    assert_eq!(bucket(ExpiryBucket::AlreadyPast), 1, "brief");
    assert_eq!(bucket(ExpiryBucket::UnderMinute), 1, "minute");
    assert_eq!(bucket(ExpiryBucket::UnderHour), 1, "ttl");
    assert_eq!(bucket(ExpiryBucket::UnderWeek), 2, "list, days");
    assert_eq!(bucket(ExpiryBucket::Later), 1, "h3");
    let total: u64 = r.expiry.iter().map(|(_, n)| n).sum();
    assert_eq!(total, r.keys_loaded + 1);
    // The sandbox answers as Redis would after loading the file.
    let p = &mut explored.playground;
    p.submit(0, "LLEN biglist", now);
    assert_eq!(p.sessions[0].lines.last().unwrap().text, "(integer) 1500");
    // The library the file holds is loaded: its function runs.
    p.submit(0, "FCALL one 0", now);
    assert_eq!(p.sessions[0].lines.last().unwrap().text, "(integer) 1");
    assert!(p.keys.contains_key(&b"biglist"[..]));
}
