//! The redis-cli line tokenizer, and the terminal's hint and completion on any line.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = keyspace_engine::cli::split_args(data);
    let line = String::from_utf8_lossy(data);
    let _ = keyspace_engine::repl::hint(&line);
    let _ = keyspace_engine::repl::complete(&line);
    let _ = keyspace_engine::lesson::command_name(&line);
    let _ = keyspace_engine::lesson::Check::parse(&line);
});
