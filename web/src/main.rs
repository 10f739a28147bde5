/// The full app renders into `#keyspace-app` (index.html). A page that only loads the
/// module for `<keyspace-playground>` widgets (embed.js) has no such element: nothing
/// is rendered until a widget mounts itself.
fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("keyspace-app"));
    if let Some(root) = root {
        use keyspace_web::services::{command_docs, crash, lessons, messages, playground::MAIN_DB};
        // Fetched meanwhile: the commands' docs, and the interface's language (before
        // the first render, so the page never shows English first).
        command_docs::load();
        wasm_bindgen_futures::spawn_local(async move {
            let messages = messages::fetch("", lessons::page_lang()).await;
            crash::install(MAIN_DB, &messages);
            let props = keyspace_web::app::AppProps { messages };
            yew::Renderer::<keyspace_web::app::App>::with_root_and_props(root, props).render();
        });
    }
}
