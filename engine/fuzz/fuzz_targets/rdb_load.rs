//! The RDB reader on any bytes. The first byte picks the form: 0, the bytes as a whole
//! file; 1, the bytes between the magic and a valid CRC (so damage reaches the value
//! readers rather than the checksum); 2, a DUMP payload body given a valid footer, then
//! RESTOREd and worked on by commands of every type. A file that loads must save and
//! load again to the same keys; one that does not must leave the engine as it was; a
//! restored value must DUMP to a payload that restores.
#![no_main]
use keyspace_engine::{rdb, Engine, Reply};
use libfuzzer_sys::fuzz_target;

const NOW: i64 = 1_000_000;

fn words(line: &str) -> Vec<Vec<u8>> {
    line.split(' ').map(|w| w.as_bytes().to_vec()).collect()
}

fn live_keys(engine: &mut Engine) -> Vec<usize> {
    let client = engine.connect(NOW);
    let counts = (0..16)
        .map(|db| {
            engine.call(client, vec![b"SELECT".to_vec(), db.to_string().into_bytes()], NOW);
            match engine.call(client, words("KEYS *"), NOW).pop() {
                Some(Reply::Array(keys)) => keys.len(),
                other => panic!("KEYS * answered {other:?}"),
            }
        })
        .collect();
    engine.disconnect(client);
    counts
}

fn with_crc(mut bytes: Vec<u8>) -> Vec<u8> {
    let crc = rdb::crc64(&bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
    bytes
}

fn file(data: &[u8], framed: bool) {
    let bytes = if framed {
        with_crc([b"REDIS0010", data].concat())
    } else {
        data.to_vec()
    };
    let mut engine = Engine::new(7, NOW);
    let c = engine.connect(NOW);
    engine.call(c, words("SET sentinel here"), NOW);
    let before = live_keys(&mut engine);
    match rdb::load(&mut engine, &bytes, NOW) {
        Ok(_) => {
            let saved = rdb::save(&engine, NOW);
            let mut again = Engine::new(8, NOW);
            rdb::load(&mut again, &saved, NOW).expect("a saved file loads");
            assert_eq!(live_keys(&mut engine), live_keys(&mut again), "save and load keep the keys");
        }
        Err(_) => assert_eq!(live_keys(&mut engine), before, "a refused file changes nothing"),
    }
}

fn payload(data: &[u8]) {
    let payload = with_crc([data, &[10, 0]].concat());
    let mut engine = Engine::new(7, NOW);
    let c = engine.connect(NOW);
    let mut restore = words("RESTORE k 0");
    restore.push(payload);
    if engine.call(c, restore, NOW).pop() != Some(Reply::ok()) {
        return;
    }
    let Some(Reply::Bulk(dumped)) = engine.call(c, words("DUMP k"), NOW).pop() else {
        panic!("DUMP of a restored key")
    };
    let mut again = words("RESTORE k2 0");
    again.push(dumped);
    assert_eq!(engine.call(c, again, NOW).pop(), Some(Reply::ok()), "a DUMP restores");
    for line in [
        "OBJECT ENCODING k",
        "MEMORY USAGE k",
        "LRANGE k 0 -1",
        "LPOP k",
        "SMEMBERS k",
        "SPOP k",
        "SADD k 1 x",
        "ZRANGE k 0 -1 WITHSCORES",
        "ZADD k 1 m",
        "ZPOPMIN k",
        "HGETALL k",
        "HSET k f v",
        "XINFO STREAM k FULL",
        "XINFO GROUPS k",
        "XRANGE k - +",
        "XADD k * f v",
        "XTRIM k MAXLEN ~ 1",
        "XDEL k 0-1",
        "SCAN 0",
        "DEBUG RELOAD",
        "DUMP k",
        "DEL k",
    ] {
        engine.call(c, words(line), NOW);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    match mode % 3 {
        0 => file(rest, false),
        1 => file(rest, true),
        _ => payload(rest),
    }
});
