//! The IndexedDB store, exercised in headless Chromium.
#![cfg(target_arch = "wasm32")]

use keyspace_web::services::idb::Store;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_value_written_is_read_back_after_reopening() {
    let name = "idb-test-roundtrip";
    let store = Store::open(name).await.expect("open");
    store
        .put("meta", "greeting", &JsValue::from_str("hello, keyspace"))
        .await
        .expect("put");
    store.close();

    let reopened = Store::open(name).await.expect("reopen");
    let value = reopened.get("meta", "greeting").await.expect("get");
    assert_eq!(value.and_then(|v| v.as_string()).as_deref(), Some("hello, keyspace"));

    reopened.delete("meta", "greeting").await.expect("delete");
    assert_eq!(reopened.get("meta", "greeting").await.expect("get after delete"), None);
}

#[wasm_bindgen_test]
async fn databases_of_different_instances_are_isolated() {
    let a = Store::open("idb-test-instance-a").await.expect("open a");
    let b = Store::open("idb-test-instance-b").await.expect("open b");
    a.put("log", "0", &JsValue::from_str("only in a")).await.expect("put");
    assert!(b.get("log", "0").await.expect("get").is_none());
    assert!(a.get("log", "0").await.expect("get").is_some());
}

#[wasm_bindgen_test]
async fn an_unknown_object_store_is_a_clear_error() {
    let store = Store::open("idb-test-errors").await.expect("open");
    let err = store.get("no-such-store", "k").await.expect_err("must fail");
    assert!(err.0.contains("NotFoundError"), "unexpected error text: {err}");
}
