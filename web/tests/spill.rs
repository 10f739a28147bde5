//! The localStorage spill's format and how it joins the stored log (pure logic, run
//! in the browser with the rest of the web crate's tests).

use std::rc::Rc;

use keyspace_web::services::spill::{apply, decode, encode, Entry};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn entry(key: &str, rewrite: bool, bytes: &[u8]) -> Entry {
    Entry {
        key: key.into(),
        rewrite,
        bytes: Rc::new(bytes.to_vec()),
    }
}

#[wasm_bindgen_test]
fn entries_round_trip_with_any_bytes() {
    let all: Vec<u8> = (0..=255).collect();
    let entries = vec![
        entry("000000000007", false, &all),
        entry("000000000008", true, b"*1\r\n$4\r\nPING\r\n"),
    ];
    assert_eq!(decode(&encode(&entries)), Some(entries));
    assert_eq!(decode("X000:1:a"), None, "garbage is refused, not misread");
}

#[wasm_bindgen_test]
fn only_entries_newer_than_the_stored_log_are_applied() {
    let mut log = b"stored".to_vec();
    let entries = vec![
        entry("000000000003", false, b"-old"),
        entry("000000000005", false, b"+five"),
        entry("000000000006", false, b"+six"),
    ];
    assert!(apply(&mut log, "000000000004", &entries));
    assert_eq!(log, b"stored+five+six");
    let mut log = b"stored".to_vec();
    assert!(apply(
        &mut log,
        "000000000004",
        &[
            entry("000000000005", true, b"base"),
            entry("000000000006", false, b"+x")
        ]
    ));
    assert_eq!(log, b"base+x", "a spilled rewrite replaces what came before");
    let mut log = b"stored".to_vec();
    assert!(!apply(&mut log, "000000000009", &entries), "all stored already");
    assert_eq!(log, b"stored");
}
