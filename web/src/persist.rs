//! Keeping the keyspace in IndexedDB as Redis keeps it on disk: an append-only file.
//! Writes are appended as numbered chunks at least once a second (`appendfsync
//! everysec`) and when the page is hidden or left; at start the chunks are replayed;
//! a log of many chunks is compacted into one rewritten base, in one transaction.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

use crate::idb::Store;
use crate::shared::{now_ms, Shared, MAIN_DB};

const LOG: &str = "log";
/// More chunks than this at start: compact them into one base.
const COMPACT_AFTER_CHUNKS: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Loading,
    /// Saving; how many commands were replayed at start and bytes left out of a
    /// truncated tail.
    Saving {
        replayed: usize,
        truncated: usize,
    },
    /// Storage refused or failed: the playground keeps working in memory.
    Unavailable(String),
}

#[derive(Clone)]
pub struct Persistence {
    store: Rc<RefCell<Option<Store>>>,
    next_chunk: Rc<RefCell<u64>>,
    pub status: Rc<RefCell<Status>>,
}

impl Default for Persistence {
    fn default() -> Self {
        Persistence {
            store: Rc::new(RefCell::new(None)),
            next_chunk: Rc::new(RefCell::new(1)),
            status: Rc::new(RefCell::new(Status::Loading)),
        }
    }
}

fn chunk_key(n: u64) -> String {
    format!("{n:012}")
}

fn bytes_of(value: &JsValue) -> Vec<u8> {
    js_sys::Uint8Array::new(value).to_vec()
}

impl Persistence {
    /// Asks the browser not to evict this origin's storage under pressure (best effort:
    /// browsers may decide on their own, and nothing depends on the answer).
    fn request_persistent_storage() {
        let Some(window) = web_sys::window() else { return };
        if let Ok(promise) = window.navigator().storage().persist() {
            spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            });
        }
    }

    /// Opens the store, replays the log, then starts recording; `ready` runs after.
    pub fn start(&self, playground: Shared, ready: impl FnOnce() + 'static) {
        Self::request_persistent_storage();
        let this = self.clone();
        let shared = playground.clone();
        spawn_local(async move {
            let playground = shared;
            let outcome = async {
                let store = Store::open(MAIN_DB).await?;
                let chunks = store.get_all(LOG).await?;
                let mut log = Vec::new();
                for (_, value) in &chunks {
                    log.extend(bytes_of(value));
                }
                let last = chunks.last().and_then(|(k, _)| k.parse::<u64>().ok()).unwrap_or(0);
                Ok::<_, crate::idb::StoreError>((store, log, chunks.len(), last))
            }
            .await;
            match outcome {
                Ok((store, log, chunk_count, last)) => {
                    let mut p = playground.0.borrow_mut();
                    match p.restore(&log, now_ms()) {
                        Ok(report) => {
                            p.enable_aof();
                            p.engine.set_aof_status(keyspace_engine::engine::AofStatus {
                                enabled: true,
                                current_size: log.len() as u64,
                                ..Default::default()
                            });
                            *this.status.borrow_mut() = Status::Saving {
                                replayed: report.commands,
                                truncated: report.truncated_bytes,
                            };
                            *this.next_chunk.borrow_mut() = last + 1;
                            let compact = chunk_count > COMPACT_AFTER_CHUNKS;
                            let base = compact.then(|| p.rewrite_aof(now_ms()));
                            drop(p);
                            *this.store.borrow_mut() = Some(store.clone());
                            if let Some(base) = base {
                                this.write_base(base);
                            }
                        }
                        Err(e) => {
                            // The stored log is left untouched: nothing is written over it.
                            *this.status.borrow_mut() = Status::Unavailable(format!("the stored AOF is corrupt: {e}"));
                        }
                    }
                }
                Err(e) => *this.status.borrow_mut() = Status::Unavailable(e.to_string()),
            }
            ready();
        });
        self.flush_when_hidden(playground);
    }

    fn write_base(&self, base: Vec<u8>) {
        let store = self.store.borrow().clone();
        let key = {
            let mut next = self.next_chunk.borrow_mut();
            let k = chunk_key(*next);
            *next += 1;
            k
        };
        let status = self.status.clone();
        spawn_local(async move {
            let Some(store) = store else { return };
            let value = js_sys::Uint8Array::from(base.as_slice());
            if let Err(e) = store.replace_all(LOG, &key, &value).await {
                *status.borrow_mut() = Status::Unavailable(e.to_string());
            }
        });
    }

    /// Appends what was written since the last flush as one chunk.
    pub fn flush(&self, playground: &Shared) {
        if self.store.borrow().is_none() {
            return;
        }
        let bytes = playground.0.borrow_mut().take_aof();
        if bytes.is_empty() {
            return;
        }
        let key = {
            let mut next = self.next_chunk.borrow_mut();
            let k = chunk_key(*next);
            *next += 1;
            k
        };
        let store = self.store.borrow().clone();
        let status = self.status.clone();
        let playground = playground.clone();
        spawn_local(async move {
            let Some(store) = store else { return };
            let value = js_sys::Uint8Array::from(bytes.as_slice());
            let outcome = store.put(LOG, &key, &value).await;
            // The engine reports it as Redis does: INFO persistence, and MISCONF on writes
            // while the store fails (never a silent loss).
            let mut p = playground.0.borrow_mut();
            let mut aof = p.engine.aof_status().clone();
            aof.enabled = true;
            match outcome {
                Ok(()) => {
                    aof.current_size += bytes.len() as u64;
                    aof.last_write_error = None;
                }
                Err(e) => {
                    aof.last_write_error = Some(e.to_string());
                    *status.borrow_mut() = Status::Unavailable(format!("write failed: {e}"));
                }
            }
            p.engine.set_aof_status(aof);
        });
    }

    /// Leaving or hiding the page flushes at once (everysec's last second).
    fn flush_when_hidden(&self, playground: Shared) {
        let Some(window) = web_sys::window() else { return };
        let this = self.clone();
        let handler = Closure::<dyn FnMut()>::new(move || this.flush(&playground));
        let _ = window.add_event_listener_with_callback("pagehide", handler.as_ref().unchecked_ref());
        if let Some(document) = window.document() {
            let _ = document.add_event_listener_with_callback("visibilitychange", handler.as_ref().unchecked_ref());
        }
        // Lives as long as the page.
        handler.forget();
    }
}
