//! When the wasm module fails (a panic aborts it), the page must not die silently: the
//! panic hook draws a crash screen with the error, a "Download AOF" button and a
//! "Reload" button. Those buttons are served by `web/crash.js`, plain JavaScript that
//! reads the stored log from IndexedDB itself, because the module can run no more code
//! after the abort. The stored log is untouched: it is only ever appended to or
//! replaced in one transaction, so a reload replays it.

use std::sync::Once;

use keyspace_playground::i18n::Messages;
use keyspace_playground::tr;
use wasm_bindgen::prelude::*;

static INSTALL: Once = Once::new();

/// The crash screen's words, formatted when the hook is installed: after a panic, as
/// little as possible runs.
struct Words {
    title: String,
    explain: String,
    download: String,
    reload: String,
}

/// Installs the panic hook (once per page), its screen in `t`'s language.
pub fn install(store_name: &str, t: &Messages) {
    let store_name = store_name.to_string();
    let words = Words {
        title: tr!(t, "crash-title"),
        explain: tr!(t, "crash-explain"),
        download: tr!(t, "aof-download"),
        reload: tr!(t, "crash-reload"),
    };
    INSTALL.call_once(move || {
        // Through yew, which would otherwise replace any hook with its own at render.
        yew::set_custom_panic_hook(Box::new(move |info| {
            let message = info.to_string();
            web_sys::console::error_1(&message.as_str().into());
            show(&message, &store_name, &words);
        }));
    });
}

fn show(message: &str, store_name: &str, words: &Words) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let element = |tag: &str, text: &str| {
        let el = document.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        Some(el)
    };
    let Some(screen) = document.create_element("div").ok() else {
        return;
    };
    screen.set_class_name("crash-screen");
    let _ = screen.set_attribute("role", "alertdialog");
    let _ = screen.set_attribute("aria-label", &words.title);
    let parts = [
        element("h2", &words.title),
        element("p", &words.explain),
        element("pre", message),
    ];
    for part in parts.into_iter().flatten() {
        let _ = screen.append_child(&part);
    }
    for (label, action) in [(&words.download, "download"), (&words.reload, "reload")] {
        if let Some(button) = element("button", label) {
            let _ = button.set_attribute("data-crash-action", action);
            let _ = button.set_attribute("data-store", store_name);
            let _ = screen.append_child(&button);
        }
    }
    let _ = body.append_child(&screen);
}

/// Fails on purpose, for the crash screen's end-to-end test (trunk exposes the module's
/// exports as `window.wasmBindings`).
#[wasm_bindgen]
pub fn debug_panic() {
    panic!("debug_panic: a panic forced by a test");
}
