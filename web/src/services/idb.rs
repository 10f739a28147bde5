//! A small promise-shaped wrapper around IndexedDB.
//!
//! IndexedDB reports through event callbacks; each helper here turns one request or
//! transaction into a future and removes its callbacks once it has settled, so no
//! closure is leaked per operation (the store writes every second for ever).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Event, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

/// Object stores of a playground database, created on first open.
/// "rdb" (version 2) holds dump.rdb and when it was saved.
pub const STORES: &[&str] = &["meta", "log", "rdb"];
const SCHEMA_VERSION: u32 = 2;

/// Why a storage operation failed, in words a learner can read.
#[derive(Debug, Clone, PartialEq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<JsValue> for StoreError {
    fn from(value: JsValue) -> Self {
        if let Some(exception) = value.dyn_ref::<web_sys::DomException>() {
            return StoreError(format!("{}: {}", exception.name(), exception.message()));
        }
        StoreError(value.as_string().unwrap_or_else(|| format!("{value:?}")))
    }
}

type Settle = Rc<RefCell<Option<(Function, Function)>>>;

/// A promise whose resolve/reject functions are kept for the callbacks to call.
fn settle_pair() -> (Promise, Settle) {
    let slot: Settle = Rc::new(RefCell::new(None));
    let inner = slot.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        *inner.borrow_mut() = Some((resolve, reject));
    });
    (promise, slot)
}

fn settle_callback(slot: &Settle, ok: bool, value: impl Fn() -> JsValue + 'static) -> Closure<dyn FnMut(Event)> {
    let slot = slot.clone();
    Closure::new(move |_event: Event| {
        if let Some((resolve, reject)) = slot.borrow_mut().take() {
            let target = if ok { resolve } else { reject };
            let _ = target.call1(&JsValue::NULL, &value());
        }
    })
}

/// Waits for one request to succeed (its result) or fail (its error).
async fn request(req: &IdbRequest) -> Result<JsValue, StoreError> {
    let (promise, slot) = settle_pair();
    let ok_req = req.clone();
    let err_req = req.clone();
    let on_success = settle_callback(&slot, true, move || ok_req.result().unwrap_or(JsValue::UNDEFINED));
    let on_error = settle_callback(&slot, false, move || {
        err_req
            .error()
            .ok()
            .flatten()
            .map(JsValue::from)
            .unwrap_or_else(|| "request failed".into())
    });
    req.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    req.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let outcome = JsFuture::from(promise).await;
    req.set_onsuccess(None);
    req.set_onerror(None);
    Ok(outcome?)
}

/// Waits until a transaction has committed (or reports why it did not).
pub async fn committed(tx: &IdbTransaction) -> Result<(), StoreError> {
    let (promise, slot) = settle_pair();
    let err_tx = tx.clone();
    let on_complete = settle_callback(&slot, true, || JsValue::UNDEFINED);
    let on_error = settle_callback(&slot, false, move || {
        err_tx
            .error()
            .map(JsValue::from)
            .unwrap_or_else(|| "transaction aborted".into())
    });
    tx.set_oncomplete(Some(on_complete.as_ref().unchecked_ref()));
    tx.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    tx.set_onabort(Some(on_error.as_ref().unchecked_ref()));
    let outcome = JsFuture::from(promise).await;
    tx.set_oncomplete(None);
    tx.set_onerror(None);
    tx.set_onabort(None);
    outcome.map(|_| ()).map_err(StoreError::from)
}

/// One playground's IndexedDB database.
#[derive(Clone)]
pub struct Store {
    db: IdbDatabase,
}

impl Store {
    /// Opens (creating on first use) the database named after a playground instance.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        let window = web_sys::window().ok_or_else(|| StoreError("no window".into()))?;
        let factory = window
            .indexed_db()?
            .ok_or_else(|| StoreError("IndexedDB is not available in this browser".into()))?;
        let open: IdbOpenDbRequest = factory.open_with_u32(name, SCHEMA_VERSION)?;
        let upgrade_req = open.clone();
        let on_upgrade = Closure::<dyn FnMut(Event)>::new(move |_event: Event| {
            let Ok(result) = upgrade_req.result() else { return };
            let db: IdbDatabase = result.unchecked_into();
            let existing = db.object_store_names();
            for store in STORES {
                if !existing.contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        });
        open.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
        let result = request(&open).await;
        open.set_onupgradeneeded(None);
        Ok(Store {
            db: result?.unchecked_into(),
        })
    }

    /// Writes one value and waits until it is durably committed.
    pub async fn put(&self, store: &str, key: &str, value: &JsValue) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)?;
        tx.object_store(store)?.put_with_key(value, &JsValue::from_str(key))?;
        committed(&tx).await
    }

    /// Starts writing one value now, in the calling task (a page being left gets no
    /// later task); await `committed` on the transaction for the outcome. IndexedDB runs
    /// read-write transactions on one store in the order they were created.
    pub fn begin_put(&self, store: &str, key: &str, value: &JsValue) -> Result<IdbTransaction, StoreError> {
        let tx = self
            .db
            .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)?;
        tx.object_store(store)?.put_with_key(value, &JsValue::from_str(key))?;
        Ok(tx)
    }

    /// Reads one value; `None` when the key was never written.
    pub async fn get(&self, store: &str, key: &str) -> Result<Option<JsValue>, StoreError> {
        let tx = self.db.transaction_with_str(store)?;
        let value = request(&tx.object_store(store)?.get(&JsValue::from_str(key))?).await?;
        Ok(if value.is_undefined() { None } else { Some(value) })
    }

    /// Removes one value and waits for the commit.
    pub async fn delete(&self, store: &str, key: &str) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)?;
        tx.object_store(store)?.delete(&JsValue::from_str(key))?;
        committed(&tx).await
    }

    /// Every (key, value) of a store, in key order.
    pub async fn get_all(&self, store: &str) -> Result<Vec<(String, JsValue)>, StoreError> {
        let tx = self.db.transaction_with_str(store)?;
        let objects = tx.object_store(store)?;
        let keys = request(&objects.get_all_keys()?).await?;
        let values = request(&objects.get_all()?).await?;
        let keys: js_sys::Array = keys.unchecked_into();
        let values: js_sys::Array = values.unchecked_into();
        Ok(keys
            .iter()
            .zip(values.iter())
            .map(|(k, v)| (k.as_string().unwrap_or_default(), v))
            .collect())
    }

    /// Replaces a whole store with one entry, atomically (one transaction): a crash
    /// leaves either the old content or the new, never a mix.
    pub async fn replace_all(&self, store: &str, key: &str, value: &JsValue) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)?;
        let objects = tx.object_store(store)?;
        objects.clear()?;
        objects.put_with_key(value, &JsValue::from_str(key))?;
        committed(&tx).await
    }

    /// Replaces a whole store with these entries, atomically (one transaction).
    pub async fn replace_entries(&self, store: &str, entries: &[(&str, JsValue)]) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)?;
        let objects = tx.object_store(store)?;
        objects.clear()?;
        for (key, value) in entries {
            objects.put_with_key(value, &JsValue::from_str(key))?;
        }
        committed(&tx).await
    }

    pub fn close(&self) {
        self.db.close();
    }
}
