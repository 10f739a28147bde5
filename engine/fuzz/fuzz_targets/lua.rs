//! The Lua interpreter on any source: parse, compile, run under a fuel budget in slices,
//! with the libraries a script has; nothing may panic, and a run ends (done, failed or
//! out of fuel) however the script loops or recurses.
#![no_main]
use keyspace_lua::vm::{Poll, Vm};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(chunk) = keyspace_lua::parse::parse(data, keyspace_lua::parse::REDIS_CHUNK_NAME) else {
        return;
    };
    let proto = keyspace_lua::compile::compile(&chunk);
    let mut vm = Vm::new();
    keyspace_lua::open_libs(&mut vm);
    let f = vm.closure(proto);
    vm.start(f, vec![]);
    // 100,000 operations in slices of 7,000: about a millisecond of work.
    for _ in 0..15 {
        let mut fuel = 7_000;
        match vm.run(&mut fuel) {
            Poll::Pending => continue,
            // A host call (none here: no `redis` table) or the end.
            _ => return,
        }
    }
});
