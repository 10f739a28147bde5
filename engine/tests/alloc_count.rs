//! The counting allocator sees what is allocated and freed (this test binary installs it).

use keyspace_engine::alloc_count::{live_bytes, CountingAlloc};

#[global_allocator]
static ALLOC: CountingAlloc<std::alloc::System> = CountingAlloc(std::alloc::System);

#[test]
fn live_bytes_follow_allocations_and_frees_and_feed_used_memory() {
    let before = live_bytes();
    let big = vec![7u8; 4 << 20];
    assert!(live_bytes() >= before + (4 << 20));
    drop(big);
    assert!(live_bytes() < before + (1 << 20));

    let mut e = keyspace_engine::Engine::new(1, 0);
    e.set_memory_probe(live_bytes);
    let c = e.connect(0);
    let used = e.used_memory();
    let value = "v".repeat(1 << 20);
    e.call(c, vec![b"SET".to_vec(), b"k".to_vec(), value.into_bytes()], 0);
    assert!(e.used_memory() >= used + (1 << 20), "the stored value counts");
}
