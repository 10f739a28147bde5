//! Redis 7.0.15's own command metadata (argument trees, complexity, history) for
//! COMMAND DOCS: trunk copies
//! `engine/data/redis-7.0.15-commands.resp` beside the app, and the full app fetches it
//! once after start-up (`main`) and installs it in the engine (`keyspace_engine::metadata`).
//! `<keyspace-playground>` widgets do not fetch it (a docs page should not pay 31 KB
//! gzipped for COMMAND DOCS): they answer from the command table alone, as every page
//! does until the file has arrived.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Trunk's `copy-file` puts it at the root of dist, next to index.html.
const URL: &str = "redis-7.0.15-commands.resp";

/// Fetches and installs the metadata in the background; a failure (offline, a host
/// that did not copy the file) only leaves the table's shorter answers, noted in the
/// console.
pub fn load() {
    wasm_bindgen_futures::spawn_local(async {
        if let Err(e) = fetch_and_install().await {
            web_sys::console::warn_1(&format!("Redis's command metadata not loaded: {e}").into());
        }
    });
}

async fn fetch_and_install() -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(URL))
        .await
        .map_err(|e| format!("{e:?}"))?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| "not a Response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{e:?}"))?;
    keyspace_engine::metadata::install(&js_sys::Uint8Array::new(&buffer).to_vec())
}
