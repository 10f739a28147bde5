//! Benchmarks of the browser AOF store, run in headless Chromium by
//! `tests/e2e/bench-persistence.mjs` through trunk's `window.wasmBindings`. Each uses a
//! playground and an IndexedDB database of its own (deleted after), never the learner's.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::Callback;

use crate::services::persist::Persistence;
use crate::services::playground::{now_ms, PlaygroundHandle};

/// Resolves the next `wait()` when the store reports an operation done.
#[derive(Clone, Default)]
struct Signal(Rc<RefCell<Option<js_sys::Function>>>);

impl Signal {
    fn callback(&self) -> Callback<()> {
        let slot = self.0.clone();
        Callback::from(move |_| {
            if let Some(resolve) = slot.borrow_mut().take() {
                let _ = resolve.call0(&JsValue::NULL);
            }
        })
    }

    async fn wait(&self) {
        let slot = self.0.clone();
        let promise = js_sys::Promise::new(&mut |resolve, _| *slot.borrow_mut() = Some(resolve));
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

fn set_command(i: u64) -> Vec<Vec<u8>> {
    vec![
        b"SET".to_vec(),
        format!("key:{i}").into_bytes(),
        format!("value:{i}").into_bytes(),
    ]
}

async fn delete_database(name: &str) {
    if let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) {
        if let Ok(request) = factory.delete_database(name) {
            let promise = js_sys::Promise::new(&mut |resolve, _| {
                request.set_onsuccess(Some(&resolve));
                request.set_onerror(Some(&resolve));
                // Still open somewhere: it goes when the last connection closes.
                request.set_onblocked(Some(&resolve));
            });
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        }
    }
}

/// A playground whose store is open, on a fresh database `name`.
async fn started(name: &str, signal: &Signal) -> (PlaygroundHandle, Persistence, f64) {
    let playground = PlaygroundHandle::new();
    playground.on_changed(signal.callback());
    let persistence = Persistence::new(name);
    let ready = Rc::new(RefCell::new(None::<js_sys::Function>));
    let promise = {
        let ready = ready.clone();
        js_sys::Promise::new(&mut |resolve, _| *ready.borrow_mut() = Some(resolve))
    };
    let started = js_sys::Date::now();
    persistence.start(playground.clone(), move || {
        if let Some(resolve) = ready.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    (playground, persistence, js_sys::Date::now() - started)
}

/// A benchmark's figures, as the e2e scripts read them (serde-wasm-bindgen: an object
/// with these fields, numbers as JavaScript numbers).
fn figures(figures: &impl serde::Serialize) -> JsValue {
    serde_wasm_bindgen::to_value(figures).unwrap_or(JsValue::NULL)
}

#[derive(serde::Serialize)]
struct WriteFigures {
    writes: u64,
    executed_seconds: f64,
    durable_seconds: f64,
    acknowledged_rounds: u32,
    aof_bytes: u64,
    longest_block_ms: f64,
}

#[derive(serde::Serialize)]
struct ReplayFigures {
    commands: usize,
    bytes: u64,
    ready_ms: f64,
    /// The same keyspace's next start, from the RDB base the first start wrote.
    base_keys: usize,
    base_bytes: u64,
    base_ready_ms: f64,
}

#[derive(serde::Serialize)]
struct LongCommand {
    command: &'static str,
    count: u64,
    unit: &'static str,
    ms: f64,
}

/// Writes `total` SETs as `clients` clients would (each waits for its previous write to
/// be acknowledged), under `policy`; resolves to {writes, seconds, commits, longest_block_ms}.
/// Work runs in slices of about 4 ms between yields, so the page stays responsive.
#[wasm_bindgen]
pub async fn bench_aof_writes(total: u32, clients: u32, policy: String) -> JsValue {
    let name = format!("keyspace-bench-{}", now_ms());
    let signal = Signal::default();
    let (playground, persistence, _) = started(&name, &signal).await;
    let policy_argv = vec![
        b"CONFIG".to_vec(),
        b"SET".to_vec(),
        b"appendfsync".to_vec(),
        policy.clone().into_bytes(),
    ];
    playground.quietly().call_internal(policy_argv, now_ms());
    let always = policy == "always";
    let start = js_sys::Date::now();
    let mut written = 0u64;
    let mut longest_block = 0f64;
    let mut commits = 0u32;
    while written < total as u64 {
        let slice_start = js_sys::Date::now();
        // always: one write per client, then every client waits for the commit (group
        // commit); otherwise: as many writes as fit in the slice.
        loop {
            let batch = if always { clients as u64 } else { 256 };
            let end = (written + batch).min(total as u64);
            playground
                .quietly()
                .run_internal_many((written..end).map(set_command), now_ms());
            written = end;
            if always || written >= total as u64 || js_sys::Date::now() - slice_start > 4.0 {
                break;
            }
        }
        longest_block = longest_block.max(js_sys::Date::now() - slice_start);
        persistence.pump(&playground, false);
        if always {
            let target = playground.read().aof.produced();
            while playground.read().aof.committed() < target {
                signal.wait().await;
                commits += 1;
            }
        } else {
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    }
    let executed = js_sys::Date::now() - start;
    // Everything stored: the last second of everysec too.
    let target = playground.read().aof.produced();
    while playground.read().aof.committed() < target {
        persistence.pump(&playground, true);
        signal.wait().await;
    }
    let durable = js_sys::Date::now() - start;
    let stats = playground.read().aof.stats.clone();
    delete_database(&name).await;
    figures(&WriteFigures {
        writes: written,
        executed_seconds: executed / 1000.0,
        durable_seconds: durable / 1000.0,
        acknowledged_rounds: commits,
        aof_bytes: stats.size,
        longest_block_ms: longest_block,
    })
}

/// Stores an AOF of `commands` SETs (in chunks of 10,000 commands, as everysec would
/// leave them), then times a fresh playground from opening the store to a ready
/// keyspace, and again once that start has rewritten the chunks into an RDB base;
/// resolves to {commands, bytes, ready_ms, base_keys, base_bytes, base_ready_ms}.
#[wasm_bindgen]
pub async fn bench_aof_replay(commands: u32) -> JsValue {
    let name = format!("keyspace-bench-{}", now_ms());
    let signal = Signal::default();
    {
        let (playground, persistence, _) = started(&name, &signal).await;
        let mut i = 0u64;
        while i < commands as u64 {
            let end = (i + 10_000).min(commands as u64);
            playground
                .quietly()
                .run_internal_many((i..end).map(set_command), now_ms());
            i = end;
            persistence.pump(&playground, true);
            signal.wait().await;
        }
    }
    let rewritten = Signal::default();
    let (playground, persistence, ready_ms) = started(&name, &rewritten).await;
    let bytes = playground.read().aof.stats.size;
    let keys = playground.read().engine.key_counts()[0];
    // A start that finds many chunks rewrites them into one base, an RDB file
    // (`aof-use-rdb-preamble yes`), as a BGREWRITEAOF would: wait for it, then time the
    // start a later visit makes from that base.
    while playground.read().aof.stats.rewrites == 0 {
        persistence.pump(&playground, true);
        rewritten.wait().await;
    }
    drop((playground, persistence));
    let (playground, _, base_ready_ms) = started(&name, &Signal::default()).await;
    let base_bytes = playground.read().aof.stats.size;
    let base_keys = playground.read().engine.key_counts()[0];
    delete_database(&name).await;
    figures(&ReplayFigures {
        commands: keys,
        bytes,
        ready_ms,
        base_keys,
        base_bytes,
        base_ready_ms,
    })
}

/// The long command kinds timed in this page at the size the work limit still lets
/// through (`keyspace_engine::budget::measure_at_limit`); resolves to
/// [{command, count, unit, ms}].
#[wasm_bindgen]
pub fn bench_long_commands() -> JsValue {
    let performance = web_sys::window().and_then(|w| w.performance());
    let mut clock = move || performance.as_ref().map_or_else(js_sys::Date::now, |p| p.now());
    let limit = keyspace_engine::budget::BROWSER_WORK_LIMIT;
    let rows: Vec<LongCommand> = keyspace_engine::budget::measure_at_limit(limit, &mut clock)
        .into_iter()
        .map(|m| LongCommand {
            command: m.command,
            count: m.count,
            unit: m.unit,
            ms: m.millis,
        })
        .collect();
    figures(&rows)
}
