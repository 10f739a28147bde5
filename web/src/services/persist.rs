//! Keeping the keyspace in IndexedDB as Redis keeps it on disk: an append-only file.
//!
//! What to store and when (`appendfsync`, group commit, rewrites, held replies) is the
//! engine's `AofLog`; this module only moves its bytes: appends are numbered chunks of
//! the "log" object store, a rewrite replaces every chunk by one base in a single
//! transaction (the atomic switch). At start the chunks are replayed. A corrupt log is
//! never written over: the learner chooses what to do, and the raw log stays
//! downloadable.
//!
//! Snapshots (SAVE, BGSAVE, the save points) are store operations too: dump.rdb is the
//! "rdb" object store's `dump.rdb` record, with `saved-at` beside it, both replaced in
//! one transaction. At start both are read and the playground decides what to load
//! (`Playground::start_from_disk`, Redis's loadDataFromDisk); only a page that stores
//! enables snapshots.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::services::idb::Store;
use crate::services::playground::{now_ms, PlaygroundHandle};
use crate::services::spill;
use keyspace_engine::aof::LoadError;
use keyspace_playground::playground::{StartError, Started, StoreOp};
use keyspace_playground::snapshots::{RdbFile, DBFILENAME};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

const LOG: &str = "log";
const META: &str = "meta";
/// dump.rdb (`DBFILENAME`) and `SAVED_AT` (seconds since the epoch, the engine's clock).
const RDB: &str = "rdb";
const SAVED_AT: &str = "saved-at";
/// Where a corrupt log is kept once the learner chose to move on without it.
const CORRUPT_KEY: &str = "corrupt-aof";
/// More chunks than this at start: rewrite them into one base.
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
    /// The stored log does not load: it is left untouched until the learner chooses.
    Corrupt {
        error: LoadError,
        raw: Rc<Vec<u8>>,
    },
    /// Storage refused or failed: the playground keeps working in memory.
    Unavailable(String),
    /// Another tab of this playground leads and keeps the AOF; this one follows it.
    Following,
    /// This tab took over from a leading tab that closed, and keeps the AOF now.
    TookOver,
}

/// One playground's store: the IndexedDB database `name`.
#[derive(Clone)]
pub struct Persistence {
    name: Rc<str>,
    store: Rc<RefCell<Option<Store>>>,
    next_chunk: Rc<Cell<u64>>,
    /// A store operation is in flight (they run one at a time, in order).
    busy: Rc<Cell<bool>>,
    pub status: Rc<RefCell<Status>>,
    /// Store operations started and not confirmed yet: what a page being left spills.
    unconfirmed: Rc<RefCell<Vec<spill::Entry>>>,
    /// Entries spilled by the last page were applied: the spill goes once a store
    /// operation has succeeded.
    spill_to_clear: Rc<Cell<bool>>,
}

impl PartialEq for Persistence {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.status, &other.status)
    }
}

fn chunk_key(n: u64) -> String {
    format!("{n:012}")
}

fn bytes_of(value: &JsValue) -> Vec<u8> {
    js_sys::Uint8Array::new(value).to_vec()
}

fn js_bytes(bytes: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(bytes).into()
}

/// The dump.rdb stored, if any.
async fn stored_rdb(store: &Store) -> Result<Option<RdbFile>, crate::services::idb::StoreError> {
    let Some(bytes) = store.get(RDB, DBFILENAME).await? else {
        return Ok(None);
    };
    let saved_at = store.get(RDB, SAVED_AT).await?.and_then(|v| v.as_f64()).unwrap_or(0.0) as i64;
    Ok(Some(RdbFile {
        bytes: std::sync::Arc::new(bytes_of(&bytes)),
        saved_at,
    }))
}

impl Persistence {
    pub fn new(name: &str) -> Persistence {
        Persistence {
            name: name.into(),
            store: Rc::new(RefCell::new(None)),
            next_chunk: Rc::new(Cell::new(1)),
            busy: Rc::new(Cell::new(false)),
            status: Rc::new(RefCell::new(Status::Loading)),
            unconfirmed: Rc::new(RefCell::new(Vec::new())),
            spill_to_clear: Rc::new(Cell::new(false)),
        }
    }

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
    pub fn start(&self, playground: PlaygroundHandle, ready: impl FnOnce() + 'static) {
        Self::request_persistent_storage();
        let this = self.clone();
        let shared = playground.clone();
        spawn_local(async move {
            let loaded = async {
                let store = Store::open(&this.name).await?;
                let chunks = store.get_all(LOG).await?;
                let rdb = stored_rdb(&store).await?;
                Ok::<_, crate::services::idb::StoreError>((store, chunks, rdb))
            }
            .await;
            match loaded {
                Ok((store, chunks, rdb)) => {
                    let mut log = Vec::new();
                    for (_, value) in &chunks {
                        log.extend(bytes_of(value));
                    }
                    let last_key = chunks.last().map(|(k, _)| k.clone()).unwrap_or_default();
                    // What the last page could not confirm before it went.
                    let spilled = spill::load(&this.name);
                    let recovered = spill::apply(&mut log, &last_key, &spilled);
                    let last = spilled
                        .iter()
                        .map(|e| e.key.as_str())
                        .chain(std::iter::once(last_key.as_str()))
                        .filter_map(|k| k.parse::<u64>().ok())
                        .max()
                        .unwrap_or(0);
                    this.next_chunk.set(last + 1);
                    this.spill_to_clear.set(!spilled.is_empty());
                    *this.store.borrow_mut() = Some(store);
                    let mut p = shared.quietly();
                    match p.start_from_disk(&log, rdb.as_ref(), now_ms()) {
                        Ok(Started::Aof(report)) => {
                            let kept = log.len() - report.truncated_bytes;
                            p.enable_aof(kept as u64, report.commands as u64);
                            p.enable_snapshots(rdb);
                            // A truncated tail must not stay in front of new appends, and
                            // many small chunks load slowly: both get a fresh base.
                            if recovered || report.truncated_bytes > 0 || chunks.len() > COMPACT_AFTER_CHUNKS {
                                p.aof.request_rewrite();
                            }
                            *this.status.borrow_mut() = Status::Saving {
                                replayed: report.commands,
                                truncated: report.truncated_bytes,
                            };
                        }
                        // The configuration file says appendonly yes (`snapshots::CONFIG_FILE`):
                        // a start from dump.rdb alone is for hosts configured otherwise.
                        Ok(Started::Rdb(_) | Started::Empty) => {
                            p.enable_snapshots(rdb);
                            *this.status.borrow_mut() = Status::Saving {
                                replayed: 0,
                                truncated: 0,
                            };
                        }
                        Err(StartError::Aof(error)) => {
                            *this.status.borrow_mut() = Status::Corrupt {
                                error,
                                raw: Rc::new(log),
                            };
                        }
                        Err(StartError::Rdb(why)) => {
                            *this.status.borrow_mut() = Status::Unavailable(format!("dump.rdb does not load: {why}"));
                        }
                    }
                }
                Err(e) => *this.status.borrow_mut() = Status::Unavailable(e.to_string()),
            }
            ready();
            shared.refresh();
        });
        self.flush_when_hidden(playground);
    }

    fn saving(&self) -> bool {
        matches!(*self.status.borrow(), Status::Saving { .. } | Status::TookOver) && self.store.borrow().is_some()
    }

    /// Another tab leads: this one stores nothing.
    pub fn follow(&self) {
        *self.status.borrow_mut() = Status::Following;
    }

    /// The leading tab closed and this one leads now. Its keyspace is the one it
    /// followed, which holds every write the old leader made (even those it had not
    /// committed yet), so the stored log is rewritten from it. A tab that never received
    /// the keyspace loads the stored log instead.
    pub fn take_over(&self, playground: PlaygroundHandle) {
        if !playground.read().has_followed() {
            self.start(playground, || {});
            return;
        }
        self.flush_when_hidden(playground.clone());
        let this = self.clone();
        spawn_local(async move {
            match Store::open(&this.name).await {
                Ok(store) => {
                    let last = store
                        .get_all(LOG)
                        .await
                        .ok()
                        .and_then(|chunks| chunks.last().and_then(|(k, _)| k.parse::<u64>().ok()))
                        .unwrap_or(0);
                    this.next_chunk.set(last + 1);
                    let rdb = stored_rdb(&store).await.ok().flatten();
                    *this.store.borrow_mut() = Some(store);
                    *this.status.borrow_mut() = Status::TookOver;
                    playground.update(|p| {
                        p.enable_aof(0, 0);
                        p.aof.request_rewrite();
                        p.enable_snapshots(rdb);
                    });
                }
                Err(e) => {
                    *this.status.borrow_mut() = Status::Unavailable(e.to_string());
                    playground.refresh();
                }
            }
        });
    }

    /// Runs the store operation that is due, if any and none is in flight; chains the
    /// next one when it ends (writes made meanwhile form the next group commit).
    /// `force`: commit now whatever the policy (the page is being hidden or left).
    pub fn pump(&self, playground: &PlaygroundHandle, force: bool) {
        if self.busy.get() || !self.saving() {
            return;
        }
        let Some(op) = playground.quietly().next_store_op(now_ms(), force) else {
            return;
        };
        let Some(store) = self.store.borrow().clone() else {
            return;
        };
        self.busy.set(true);
        if let StoreOp::Snapshot(snapshot) = op {
            // dump.rdb and its time replace the old ones in one transaction.
            let this = self.clone();
            let playground = playground.clone();
            spawn_local(async move {
                let entries = [
                    (DBFILENAME, js_bytes(&snapshot.bytes)),
                    (SAVED_AT, JsValue::from_f64(snapshot.saved_at as f64)),
                ];
                let outcome = store.replace_entries(RDB, &entries).await;
                this.busy.set(false);
                playground.update(|p| p.store_done(outcome.map_err(|e| e.to_string()), now_ms()));
                this.pump(&playground, force);
            });
            return;
        }
        let key = chunk_key(self.next_chunk.get());
        self.next_chunk.set(self.next_chunk.get() + 1);
        let (rewrite, bytes) = match op {
            StoreOp::Append(commit) => (false, Rc::new(commit.bytes)),
            StoreOp::Rewrite(rewrite) => (true, Rc::new(rewrite.base)),
            StoreOp::Snapshot(_) => return,
        };
        self.unconfirmed.borrow_mut().push(spill::Entry {
            key: key.clone(),
            rewrite,
            bytes: bytes.clone(),
        });
        let this = self.clone();
        let playground = playground.clone();
        spawn_local(async move {
            let outcome = match rewrite {
                false => store.put(LOG, &key, &js_bytes(&bytes)).await,
                true => store.replace_all(LOG, &key, &js_bytes(&bytes)).await,
            };
            this.confirmed(&key, outcome.is_ok());
            this.busy.set(false);
            // Held replies may show; the next operation due starts (if the follow-up of
            // the update did not start it already).
            playground.update(|p| p.store_done(outcome.map_err(|e| e.to_string()), now_ms()));
            this.pump(&playground, force);
        });
    }

    /// Waits until everything written so far is stored (for a download).
    async fn settle(&self, playground: &PlaygroundHandle) {
        for _ in 0..200 {
            self.pump(playground, true);
            if !self.busy.get() && playground.read().aof.pending_bytes() == 0 {
                return;
            }
            gloo_timers::future::TimeoutFuture::new(10).await;
        }
    }

    /// The AOF to download: the stored log (everything written so far), the raw log when
    /// it is corrupt, or the keyspace rewritten when nothing is stored.
    pub async fn aof_bytes(&self, playground: &PlaygroundHandle) -> Vec<u8> {
        if let Status::Corrupt { raw, .. } = &*self.status.borrow() {
            return raw.to_vec();
        }
        let store = self.store.borrow().clone();
        if let (true, Some(store)) = (self.saving(), store) {
            self.settle(playground).await;
            if let Ok(chunks) = store.get_all(LOG).await {
                return chunks.iter().flat_map(|(_, v)| bytes_of(v)).collect();
            }
        }
        playground.read().snapshot_aof(now_ms())
    }

    /// After a corrupt log: keep the commands before the corruption, or nothing. Either
    /// way the raw log is first kept aside (still downloadable), then replaced by a base.
    pub fn recover(&self, playground: &PlaygroundHandle, keep_prefix: bool) {
        let Status::Corrupt { error, raw } = self.status.borrow().clone() else {
            return;
        };
        let Some(store) = self.store.borrow().clone() else {
            return;
        };
        let this = self.clone();
        let playground = playground.clone();
        spawn_local(async move {
            if let Err(e) = store.put(META, CORRUPT_KEY, &js_bytes(&raw)).await {
                *this.status.borrow_mut() = Status::Unavailable(format!("could not keep the corrupt log aside: {e}"));
                playground.refresh();
                return;
            }
            let prefix = if keep_prefix { &raw[..error.offset] } else { &[][..] };
            let rdb = stored_rdb(&store).await.ok().flatten();
            let replayed = {
                let mut p = playground.quietly();
                p.enable_aof(0, 0);
                p.enable_snapshots(rdb);
                match p.replace_with_aof(prefix, now_ms()) {
                    Ok(report) => report.commands,
                    Err(_) => 0,
                }
            };
            *this.status.borrow_mut() = Status::Saving { replayed, truncated: 0 };
            playground.refresh();
        });
    }

    /// The corrupt log a recovery kept aside, if any.
    pub async fn kept_corrupt_log(&self) -> Option<Vec<u8>> {
        let store = self.store.borrow().clone()?;
        store.get(META, CORRUPT_KEY).await.ok().flatten().map(|v| bytes_of(&v))
    }

    /// Starts storing everything pending now, in this very task, even while another
    /// operation is in flight: the page is being hidden or left (everysec's last second).
    pub fn commit_now(&self, playground: &PlaygroundHandle) {
        if !self.saving() {
            return;
        }
        let Some(store) = self.store.borrow().clone() else {
            return;
        };
        let Some(commit) = playground.quietly().urgent_commit(now_ms()) else {
            return;
        };
        let key = chunk_key(self.next_chunk.get());
        self.next_chunk.set(self.next_chunk.get() + 1);
        let started = store.begin_put(LOG, &key, &js_bytes(&commit.bytes));
        self.unconfirmed.borrow_mut().push(spill::Entry {
            key: key.clone(),
            rewrite: false,
            bytes: Rc::new(commit.bytes),
        });
        let playground = playground.clone();
        let this = self.clone();
        spawn_local(async move {
            let outcome = match started {
                Ok(tx) => crate::services::idb::committed(&tx).await,
                Err(e) => Err(e),
            };
            this.confirmed(&key, outcome.is_ok());
            playground.update(|p| p.urgent_done(outcome.map_err(|e| e.to_string()), now_ms()));
        });
    }

    /// A store operation ended: it leaves the unconfirmed list (a failed one's bytes are
    /// back in the AOF log's pending bytes).
    fn confirmed(&self, key: &str, ok: bool) {
        self.unconfirmed.borrow_mut().retain(|e| e.key != key);
        if ok && self.spill_to_clear.replace(false) {
            spill::clear(&self.name);
        }
    }

    /// Hiding the page commits at once (everysec's last second); leaving it also spills
    /// what is not confirmed to localStorage, in case the browser aborts the commit.
    fn flush_when_hidden(&self, playground: PlaygroundHandle) {
        let Some(window) = web_sys::window() else { return };
        let on_hide = {
            let (this, playground) = (self.clone(), playground.clone());
            Closure::<dyn FnMut()>::new(move || this.commit_now(&playground))
        };
        let on_leave = {
            let this = self.clone();
            Closure::<dyn FnMut()>::new(move || {
                this.commit_now(&playground);
                if this.saving() {
                    spill::save(&this.name, &this.unconfirmed.borrow());
                }
            })
        };
        // Back from the back/forward cache: the page lives on and confirms by itself.
        let on_show = {
            let this = self.clone();
            Closure::<dyn FnMut(web_sys::PageTransitionEvent)>::new(move |e: web_sys::PageTransitionEvent| {
                if e.persisted() {
                    spill::clear(&this.name);
                }
            })
        };
        let _ = window.add_event_listener_with_callback("pagehide", on_leave.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("pageshow", on_show.as_ref().unchecked_ref());
        if let Some(document) = window.document() {
            let _ = document.add_event_listener_with_callback("visibilitychange", on_hide.as_ref().unchecked_ref());
        }
        // They live as long as the page.
        on_hide.forget();
        on_leave.forget();
        on_show.forget();
    }
}
