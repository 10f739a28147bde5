//! The page's entry points: the full app (`index.html`, a lesson with `?lesson=`, or the
//! terminal alone in an iframe with `?embed=1`), and `mount_widget` for the
//! `<keyspace-playground>` element of `embed.js`. Each is a `Workspace`.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::components::workspace::Workspace;
use crate::services::lessons;
use crate::services::playground::MAIN_DB;

/// The iframe form: `?embed=1&commands=<base64url of a JSON array of lines>&autorun=1`.
struct EmbedQuery {
    commands: Vec<String>,
    autorun: bool,
}

fn embed_query() -> Option<EmbedQuery> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    if params.get("embed").as_deref() != Some("1") {
        return None;
    }
    let commands = params
        .get("commands")
        .and_then(|b64| decode_commands(&b64))
        .unwrap_or_default();
    Some(EmbedQuery {
        commands,
        autorun: params.get("autorun").as_deref() == Some("1"),
    })
}

/// base64url → UTF-8 → a JSON array of strings (anything else: no commands).
fn decode_commands(b64: &str) -> Option<Vec<String>> {
    let standard: String = b64
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let padded = format!("{standard}{}", "=".repeat((4 - standard.len() % 4) % 4));
    let binary = web_sys::window()?.atob(&padded).ok()?;
    let bytes: Vec<u8> = binary.chars().map(|c| c as u32 as u8).collect();
    let json = js_sys::JSON::parse(&String::from_utf8(bytes).ok()?).ok()?;
    serde_wasm_bindgen::from_value(json).ok()
}

#[function_component(App)]
pub fn app() -> Html {
    if let Some(embed) = embed_query() {
        return html! {
            <Workspace instance={None::<AttrValue>} inspector={false} preload={Rc::new(embed.commands)} autorun={embed.autorun} />
        };
    }
    match lessons::from_url() {
        Some((lesson, step)) => html! {
            <Workspace instance={Some(AttrValue::from(lessons::sandbox_name(&lesson)))} lesson={Some((lesson, step))} header={true} />
        },
        None => html! { <Workspace instance={Some(AttrValue::from(MAIN_DB))} header={true} /> },
    }
}

/// The options `embed.js` passes for one widget (its element's attributes).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct WidgetOptions {
    /// The element's text: commands to preload, one per line.
    commands: Vec<String>,
    autorun: bool,
    inspector: bool,
    lesson: Option<String>,
    /// A lesson's step to open, from 1.
    step: Option<String>,
    /// Keep the keyspace in IndexedDB under this name.
    persist: Option<String>,
}

/// Renders one `<keyspace-playground>` widget into `root` (inside its shadow DOM).
/// `options`: `{ commands: string[], autorun, inspector, lesson, step, persist }`; without
/// `persist` the keyspace lives in memory only, with it in IndexedDB under that name.
#[wasm_bindgen]
pub fn mount_widget(root: web_sys::Element, options: JsValue) {
    // An attribute the element does not have arrives as null; anything malformed is
    // taken as no option at all rather than no widget.
    let options: WidgetOptions = serde_wasm_bindgen::from_value(options).unwrap_or_default();
    let nonempty = |s: Option<String>| s.filter(|s| !s.is_empty());
    let step = nonempty(options.step)
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|&n| n >= 1);
    let lesson = nonempty(options.lesson)
        .and_then(|id| lessons::all().into_iter().find(|l| l.id == id))
        .map(|l| {
            let step = step.filter(|&n| n <= l.steps.len()).map(|n| n - 1);
            (l, step)
        });
    let instance = nonempty(options.persist).map(|name| AttrValue::from(format!("keyspace-embed-{name}")));
    let props = crate::components::workspace::WorkspaceProps {
        instance,
        lesson,
        header: false,
        inspector: options.inspector,
        preload: Rc::new(options.commands),
        autorun: options.autorun,
    };
    // A widget's crash screen offers the widget's own stored log (if it keeps one).
    crate::services::crash::install(props.instance.as_deref().unwrap_or("keyspace-embed-memory"));
    yew::Renderer::<Workspace>::with_root_and_props(root, props).render();
}
