/// The full app renders into `#keyspace-app` (index.html). A page that only loads the
/// module for `<keyspace-playground>` widgets (embed.js) has no such element: nothing
/// is rendered until a widget mounts itself.
fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("keyspace-app"));
    if let Some(root) = root {
        keyspace_web::services::crash::install(keyspace_web::services::playground::MAIN_DB);
        keyspace_web::services::command_docs::load();
        yew::Renderer::<keyspace_web::app::App>::with_root(root).render();
    }
}
