//! keyspace-server's request parser, consuming a buffer as the event loop does.
#![no_main]
use keyspace_engine::resp::{parse_request, Request};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    while let Some(request) = parse_request(rest, 1 << 20) {
        match request {
            Request::Command(_, used) if used > 0 && used <= rest.len() => rest = &rest[used..],
            Request::Command(_, used) => panic!("used {used} of {} bytes", rest.len()),
            Request::ProtocolError(_) => break,
        }
    }
});
