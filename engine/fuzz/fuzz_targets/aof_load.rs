//! The AOF loader on any bytes: parse, then replay into a fresh engine; a rewrite of what
//! loaded must load again to the same keys.
#![no_main]
use keyspace_engine::{aof, Engine};
use libfuzzer_sys::fuzz_target;

fn bounded(now: i64) -> Engine {
    let mut engine = Engine::new(7, now);
    engine.config_mut().set_raw("proto-max-bulk-len", "1048576");
    engine
}

/// The keys each database holds that have not expired. Not `key_counts`: loading keeps
/// keys whose time has passed (`SET k v EXAT 1`) until they are touched, and a rewrite
/// leaves them out (a campaign found this, see engine/tests/aof_rewrite.rs). An internal
/// client: the AOF may have set a password or changed the default user (the smoke run
/// found `CONFIG SET requirepass` in the corpus, after which a new connection gets NOAUTH).
fn live_keys(engine: &mut Engine) -> Vec<usize> {
    let client = engine.connect_internal(1_000_000);
    let counts = (0..16)
        .map(|db| {
            engine.call(client, vec![b"SELECT".to_vec(), db.to_string().into_bytes()], 1_000_000);
            match engine.call(client, vec![b"KEYS".to_vec(), b"*".to_vec()], 1_000_000).pop() {
                Some(keyspace_engine::Reply::Array(keys)) => keys.len(),
                other => panic!("KEYS * answered {other:?}"),
            }
        })
        .collect();
    engine.disconnect(client);
    counts
}

fuzz_target!(|data: &[u8]| {
    let _ = aof::parse(data);
    let mut engine = bounded(1_000_000);
    if aof::load(&mut engine, data, 1_000_000).is_ok() {
        let base = aof::rewrite(&engine, 1_000_000);
        let mut again = bounded(1_000_000);
        aof::load(&mut again, &base, 1_000_000).expect("a rewrite loads");
        assert_eq!(live_keys(&mut engine), live_keys(&mut again), "a rewrite recreates the keyspace");
    }
});
