//! keyspace-server built from its library for the cross-crate tests in `tests/tests/`
//! (conformance over TCP, the AOF on disk): the same `keyspace_server::run` the real
//! binary calls, with the same counting allocator.

#[global_allocator]
static ALLOC: keyspace_engine::alloc_count::CountingAlloc<std::alloc::System> =
    keyspace_engine::alloc_count::CountingAlloc(std::alloc::System);

fn main() {
    keyspace_server::run(std::env::args().skip(1));
}
