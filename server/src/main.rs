//! `keyspace-server [--port 6390] [--bind 127.0.0.1] [--appendonly yes --dir DIR [--appendfsync always|everysec|no]]`

/// Every heap byte is counted, as Redis's zmalloc does: INFO used_memory and maxmemory.
#[global_allocator]
static ALLOC: keyspace_engine::alloc_count::CountingAlloc<mimalloc::MiMalloc> =
    keyspace_engine::alloc_count::CountingAlloc(mimalloc::MiMalloc);

fn main() {
    keyspace_server::run(std::env::args().skip(1));
}
