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

fuzz_target!(|data: &[u8]| {
    let _ = aof::parse(data);
    let mut engine = bounded(1_000_000);
    if aof::load(&mut engine, data, 1_000_000).is_ok() {
        let base = aof::rewrite(&engine, 1_000_000);
        let mut again = bounded(1_000_000);
        aof::load(&mut again, &base, 1_000_000).expect("a rewrite loads");
        assert_eq!(engine.key_counts(), again.key_counts(), "a rewrite recreates the keyspace");
    }
});
