//! The redis-cli line tokenizer, the terminal's hint and completion, and the lesson
//! format (a check, a solution line, a whole lesson file) on any input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = keyspace_engine::sds::split_args(data);
    let line = String::from_utf8_lossy(data);
    let _ = keyspace_playground::repl::hint(&line);
    let _ = keyspace_playground::repl::complete(&line);
    let _ = keyspace_playground::lesson::action(&line);
    let _ = keyspace_playground::lesson::Check::parse(&line);
    let _ = keyspace_playground::lesson::parse(&line);
});
