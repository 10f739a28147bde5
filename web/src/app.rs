//! The page shell: header, terminal, key inspector and lessons panes.
//!
//! For now the panes are placeholders; the shell proves that engine code runs in the
//! page and that the IndexedDB store keeps data across reloads.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::idb::Store;

/// The database the main playground keeps its data in.
pub const MAIN_DB: &str = "keyspace-playground";
const NOTE_KEY: &str = "note";

#[derive(Clone, PartialEq)]
enum NoteState {
    Loading,
    Stored(Option<String>),
    Failed(String),
}

#[function_component(App)]
pub fn app() -> Html {
    let note = use_state(|| NoteState::Loading);
    let input = use_node_ref();

    {
        let note = note.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let loaded = async {
                    let store = Store::open(MAIN_DB).await?;
                    let value = store.get("meta", NOTE_KEY).await?;
                    store.close();
                    Ok::<_, crate::idb::StoreError>(value.and_then(|v| v.as_string()))
                };
                note.set(match loaded.await {
                    Ok(value) => NoteState::Stored(value),
                    Err(err) => NoteState::Failed(err.to_string()),
                });
            });
        });
    }

    let save = {
        let note = note.clone();
        let input = input.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let text = field.value();
            let note = note.clone();
            spawn_local(async move {
                let saved = async {
                    let store = Store::open(MAIN_DB).await?;
                    store.put("meta", NOTE_KEY, &JsValue::from_str(&text)).await?;
                    store.close();
                    Ok::<_, crate::idb::StoreError>(())
                };
                note.set(match saved.await {
                    Ok(()) => NoteState::Stored(Some(text)),
                    Err(err) => NoteState::Failed(err.to_string()),
                });
            });
        })
    };

    let note_text = match &*note {
        NoteState::Loading => "Stored note: (loading)".to_string(),
        NoteState::Stored(Some(text)) => format!("Stored note: {text}"),
        NoteState::Stored(None) => "Stored note: (none)".to_string(),
        NoteState::Failed(err) => format!("Storage unavailable: {err}"),
    };

    html! {
        <div class="app">
            <header class="app-header">
                <h1>{ "Keyspace Playground" }</h1>
                <p class="engine-version" data-testid="engine-version">{ keyspace_engine::version_string() }</p>
            </header>
            <main class="panes">
                <section class="pane terminal-pane" aria-label="Terminal">
                    <h2>{ "Terminal" }</h2>
                    <p>{ "The redis-cli terminal arrives here." }</p>
                </section>
                <section class="pane keys-pane" aria-label="Keys">
                    <h2>{ "Keys" }</h2>
                    <p>{ "The live key inspector arrives here." }</p>
                </section>
                <section class="pane lessons-pane" aria-label="Lessons">
                    <h2>{ "Lessons" }</h2>
                    <form class="note-form" onsubmit={save}>
                        <label for="note">{ "IndexedDB note" }</label>
                        <input id="note" ref={input} type="text" />
                        <button type="submit">{ "Save note" }</button>
                    </form>
                    <p data-testid="stored-note" role="status">{ note_text }</p>
                </section>
            </main>
        </div>
    }
}
