//! The playground shared by the components, the browser's clock, and the command
//! history kept in IndexedDB.

use std::cell::RefCell;
use std::rc::Rc;

use keyspace_playground::history::History;
use keyspace_playground::playground::Playground;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

use crate::idb::Store;

/// Milliseconds since the Unix epoch, from the browser.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The IndexedDB database of the main playground.
pub const MAIN_DB: &str = "keyspace-playground";
const HISTORY_KEY: &str = "history";
const HISTORY_KEPT: usize = 500;

/// One playground for the page; components get it through props and ask the app
/// to re-render through the reducer (no global mutable state).
#[derive(Clone)]
pub struct Shared(pub Rc<RefCell<Playground>>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Shared {
    pub fn new() -> Shared {
        let seed = (js_sys::Math::random() * (u64::MAX as f64)) as u64 ^ now_ms() as u64;
        let mut playground = Playground::new(seed, now_ms());
        playground
            .engine
            .set_memory_probe(keyspace_engine::alloc_count::live_bytes);
        // A tab must not run out of memory: past 64 MB writes get Redis's OOM error
        // (noeviction), unless the learner chooses a policy or another limit.
        playground.engine.config_mut().set_raw("maxmemory", "67108864");
        Shared(Rc::new(RefCell::new(playground)))
    }
}

impl Default for Shared {
    fn default() -> Self {
        Self::new()
    }
}

/// Loads the command history of earlier visits; `done` runs once it is in place.
pub fn load_history(playground: Shared, done: impl FnOnce() + 'static) {
    spawn_local(async move {
        let loaded = async {
            let store = Store::open(MAIN_DB).await?;
            let value = store.get("meta", HISTORY_KEY).await?;
            store.close();
            Ok::<_, crate::idb::StoreError>(value.and_then(|v| v.as_string()))
        };
        if let Ok(Some(text)) = loaded.await {
            let mut entries: Vec<String> = text.split('\n').filter(|l| !l.is_empty()).map(String::from).collect();
            // Lines typed before the load finished come after the stored ones.
            let mut p = playground.0.borrow_mut();
            entries.extend(p.history.entries().iter().cloned());
            p.history = History::from_entries(entries);
        }
        done();
    });
}

/// Stores the newest history entries (best effort: a private window may refuse).
pub fn save_history(history: &History) {
    let entries = history.entries();
    let tail = entries[entries.len().saturating_sub(HISTORY_KEPT)..].join("\n");
    spawn_local(async move {
        if let Ok(store) = Store::open(MAIN_DB).await {
            let _ = store.put("meta", HISTORY_KEY, &JsValue::from_str(&tail)).await;
            store.close();
        }
    });
}
