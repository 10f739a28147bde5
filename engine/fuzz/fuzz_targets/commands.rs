//! Arbitrary command sequences against a fresh engine with a fake clock: lines in
//! redis-cli syntax; a line's first byte picks the client (four of them) and how far
//! the clock moves. Nothing may panic, hang or grow without bound.
#![no_main]
use keyspace_engine::Engine;
use libfuzzer_sys::fuzz_target;

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
    for line in data.split(|&b| b == b'\n').take(64) {
        let Some((&control, text)) = line.split_first() else { continue };
        now += i64::from(control >> 2) * 7;
        let client = clients[usize::from(control & 3)];
        if let Some(argv) = keyspace_engine::cli::split_args(text) {
            if !argv.is_empty() {
                engine.execute(client, argv, now);
            }
        }
        engine.tick(now);
        for id in engine.take_clients_with_output() {
            let _ = engine.take_replies(id);
        }
        let _ = engine.take_events();
        let _ = engine.take_propagated();
    }
});
