//! The module `embed.js` loads for `<keyspace-playground>` widgets: the library built
//! without the `app` feature (no home page, lesson list, persistence panel, dump.rdb
//! explorer or benchmarks), so a documentation page downloads less. Nothing runs at
//! start: each widget calls `mount_widget`.

// Links the library, whose exports (`mount_widget`) are the module's API.
extern crate keyspace_web;

fn main() {}
