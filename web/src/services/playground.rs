//! The playground of one workspace (the app, or a widget) as the browser side holds it:
//! `PlaygroundHandle`, the one way to change it. A change goes through `update`, which
//! then lets everything that depends on the playground follow (the store gets its due
//! commit, the other pages hear of it, lesson checks run, the components re-render):
//! nothing can change it and forget to say so. Also the browser's clock, and the
//! command history kept in IndexedDB.

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

use keyspace_playground::history::History;
use keyspace_playground::playground::Playground;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use crate::services::idb::Store;

/// Milliseconds since the Unix epoch, from the browser.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

thread_local! {
    static PERFORMANCE: Option<web_sys::Performance> = web_sys::window().and_then(|w| w.performance());
}

/// `performance.now()` in µs (the browser coarsens it, to 100 µs in Chromium without
/// cross-origin isolation): SLOWLOG, LATENCY and INFO commandstats time commands with it.
fn monotonic_us() -> u64 {
    PERFORMANCE.with(|p| p.as_ref().map_or(0, |p| (p.now() * 1000.0) as u64))
}

/// The IndexedDB database of the main playground.
pub const MAIN_DB: &str = "keyspace-playground";
const HISTORY_KEY: &str = "history";
const HISTORY_KEPT: usize = 500;

/// A playground shared by a workspace's components and services (no globals).
#[derive(Clone)]
pub struct PlaygroundHandle {
    playground: Rc<RefCell<Playground>>,
    /// What follows a change; the workspace sets it once its services exist.
    changed: Rc<RefCell<Callback<()>>>,
}

impl PartialEq for PlaygroundHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.playground, &other.playground)
    }
}

impl PlaygroundHandle {
    /// A fresh playground with the browser's limits: 64 MB of memory (past it, writes
    /// get Redis's OOM error under `noeviction`, instead of the tab dying) and the work
    /// limit the playground model sets.
    pub fn new() -> PlaygroundHandle {
        let seed = (js_sys::Math::random() * (u64::MAX as f64)) as u64 ^ now_ms() as u64;
        let mut playground = Playground::new(seed, now_ms());
        playground
            .engine
            .set_memory_probe(keyspace_engine::alloc_count::live_bytes);
        playground.engine.set_monotonic_clock(monotonic_us);
        playground.engine.config_mut().set_raw("maxmemory", "67108864");
        PlaygroundHandle {
            playground: Rc::new(RefCell::new(playground)),
            changed: Rc::new(RefCell::new(Callback::noop())),
        }
    }

    /// A playground made elsewhere (a dump.rdb's sandbox) with the browser's clocks and
    /// a memory cap `headroom` bytes above what the page uses now.
    pub fn with_playground(mut playground: Playground, headroom: u64) -> PlaygroundHandle {
        let used = keyspace_engine::alloc_count::live_bytes();
        playground
            .engine
            .set_memory_probe(keyspace_engine::alloc_count::live_bytes);
        playground.engine.set_monotonic_clock(monotonic_us);
        playground
            .engine
            .config_mut()
            .set_raw("maxmemory", &(used + headroom).to_string());
        PlaygroundHandle {
            playground: Rc::new(RefCell::new(playground)),
            changed: Rc::new(RefCell::new(Callback::noop())),
        }
    }

    /// What runs after every change (set once, by the workspace).
    pub fn on_changed(&self, changed: Callback<()>) {
        *self.changed.borrow_mut() = changed;
    }

    /// Changes the playground, then lets everything that depends on it follow.
    pub fn update<R>(&self, change: impl FnOnce(&mut Playground) -> R) -> R {
        let result = change(&mut self.playground.borrow_mut());
        self.refresh();
        result
    }

    /// Something the views show changed outside the playground (a store's status).
    pub fn refresh(&self) {
        let changed = self.changed.borrow().clone();
        changed.emit(());
    }

    /// Reads the playground.
    pub fn read(&self) -> Ref<'_, Playground> {
        self.playground.borrow()
    }

    /// For the workspace's own follow-up of a change (store, other pages, lesson), which
    /// must not start another follow-up.
    pub fn quietly(&self) -> RefMut<'_, Playground> {
        self.playground.borrow_mut()
    }
}

impl Default for PlaygroundHandle {
    fn default() -> Self {
        Self::new()
    }
}

/// Loads the command history of earlier visits into the playground.
pub fn load_history(playground: PlaygroundHandle) {
    spawn_local(async move {
        let loaded = async {
            let store = Store::open(MAIN_DB).await?;
            let value = store.get("meta", HISTORY_KEY).await?;
            store.close();
            Ok::<_, crate::services::idb::StoreError>(value.and_then(|v| v.as_string()))
        };
        if let Ok(Some(text)) = loaded.await {
            let mut entries: Vec<String> = text.split('\n').filter(|l| !l.is_empty()).map(String::from).collect();
            playground.update(|p| {
                // Lines typed before the load finished come after the stored ones.
                entries.extend(p.history.entries().iter().cloned());
                p.history = History::from_entries(entries);
            });
        }
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
