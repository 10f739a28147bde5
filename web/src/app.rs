//! The page's entry points: the full app (`index.html`, a lesson with `?lesson=`, or the
//! terminal alone in an iframe with `?embed=1`), and `mount_widget` for the
//! `<keyspace-playground>` element of `embed.js`. Each is a `Workspace`.

use std::rc::Rc;

#[cfg(feature = "app")]
use keyspace_playground::i18n::Messages;
#[cfg(feature = "app")]
use keyspace_playground::tr;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[cfg(feature = "app")]
use keyspace_playground::lesson::Lesson;

use crate::components::workspace::Workspace;
use crate::services::lessons;
#[cfg(feature = "app")]
use crate::services::playground::MAIN_DB;

#[cfg(feature = "app")]
/// The iframe form: `?embed=1&commands=<base64url of a JSON array of lines>&autorun=1`.
struct EmbedQuery {
    commands: Vec<String>,
    autorun: bool,
}

#[cfg(feature = "app")]
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

#[cfg(feature = "app")]
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

#[cfg(feature = "app")]
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The interface's strings in the page's language (fetched before the first render).
    pub messages: Messages,
}

#[cfg(feature = "app")]
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let messages = props.messages.clone();
    // Fonts and screen readers follow the page's language.
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", messages.lang().code());
    }
    if let Some(embed) = embed_query() {
        return html! {
            <Workspace instance={None::<AttrValue>} inspector={false} preload={Rc::new(embed.commands)} autorun={embed.autorun} {messages} />
        };
    }
    match lessons::from_url() {
        Some((id, step)) => html! { <LessonPage {id} {step} {messages} /> },
        None => html! { <Workspace instance={Some(AttrValue::from(MAIN_DB))} header={true} {messages} /> },
    }
}

#[cfg(feature = "app")]
#[derive(Properties, PartialEq)]
struct LessonPageProps {
    id: String,
    /// The step to open, from 1.
    step: Option<usize>,
    messages: Messages,
}

#[cfg(feature = "app")]
/// `?lesson=<id>&step=<n>`: the lesson's file fetched, then its workspace in a sandbox
/// of its own; a lesson that cannot be fetched (offline, no such lesson) is said so,
/// with a way back to free play.
#[cfg(feature = "app")]
#[function_component(LessonPage)]
fn lesson_page(props: &LessonPageProps) -> Html {
    let loaded = use_state(|| None::<Result<Rc<Lesson>, String>>);
    let t = &props.messages;
    {
        let (loaded, id, t) = (loaded.clone(), props.id.clone(), t.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move { loaded.set(Some(lessons::fetch("", &id, &t).await)) })
        });
    }
    match &*loaded {
        None => html! { <p class="lesson-loading" role="status">{ tr!(t, "lesson-loading") }</p> },
        Some(Ok(lesson)) => {
            let step = lessons::step_index(lesson, props.step);
            html! {
                <Workspace instance={Some(AttrValue::from(lessons::sandbox_name(lesson)))} lesson={Some((lesson.clone(), step))} header={true} messages={t.clone()} />
            }
        }
        Some(Err(e)) => html! {
            <p class="lesson-error" role="alert">{ e.clone() }{ " " }<a href="?">{ tr!(t, "lesson-back-to-free-play") }</a></p>
        },
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
    /// The directory of the module's files (ends in `/`): lessons are fetched from it.
    assets: Option<String>,
    /// The lesson's language (a BCP 47 tag); else the browser's languages decide.
    lang: Option<String>,
}

/// Renders one `<keyspace-playground>` widget into `root` (inside its shadow DOM).
/// `options`: `{ commands: string[], autorun, inspector, lesson, step, persist, assets, lang }`
/// (`lang`: the lesson's language, e.g. `zh-TW`);
/// without `persist` the keyspace lives in memory only, with it in IndexedDB under that
/// name. `assets`: the URL of the directory holding the module (lessons are fetched
/// from its `lessons/`). Resolves once the widget is mounted (with `lesson`, after its
/// file has been fetched; a lesson that cannot be fetched is said so above a plain
/// terminal).
#[wasm_bindgen]
pub async fn mount_widget(root: web_sys::Element, options: JsValue) {
    // An attribute the element does not have arrives as null; anything malformed is
    // taken as no option at all rather than no widget.
    let options: WidgetOptions = serde_wasm_bindgen::from_value(options).unwrap_or_default();
    let nonempty = |s: Option<String>| s.filter(|s| !s.is_empty());
    let step = nonempty(options.step).and_then(|s| s.parse::<usize>().ok());
    let mut target = root;
    let lang =
        keyspace_playground::i18n::Lang::negotiate(nonempty(options.lang).as_deref(), &lessons::browser_languages());
    // Fonts and screen readers follow the widget's language.
    let _ = target.set_attribute("lang", lang.code());
    let assets = options.assets.unwrap_or_default();
    let messages = crate::services::messages::fetch(&assets, lang).await;
    let fetched = match nonempty(options.lesson) {
        Some(id) => Some(lessons::fetch(&assets, &id, &messages).await),
        None => None,
    };
    // embed.js's "Loading Redis…" stays until the lesson's file (if any) is here.
    target.set_text_content(None);
    let lesson = match fetched {
        None => None,
        Some(Ok(lesson)) => {
            let step = lessons::step_index(&lesson, step);
            Some((lesson, step))
        }
        Some(Err(e)) => {
            web_sys::console::warn_1(&e.as_str().into());
            target = notice_above(&target, &e).unwrap_or(target);
            None
        }
    };
    let instance = nonempty(options.persist).map(|name| AttrValue::from(format!("keyspace-embed-{name}")));
    let props = crate::components::workspace::WorkspaceProps {
        instance,
        lesson,
        header: false,
        inspector: options.inspector,
        preload: Rc::new(options.commands),
        autorun: options.autorun,
        messages: messages.clone(),
    };
    // A widget's crash screen offers the widget's own stored log (if it keeps one).
    crate::services::crash::install(props.instance.as_deref().unwrap_or("keyspace-embed-memory"), &messages);
    yew::Renderer::<Workspace>::with_root_and_props(target, props).render();
}

/// A note at the top of `root` and an element below it for the widget; None if the
/// document refuses (then the widget takes `root` and the note is only in the console).
fn notice_above(root: &web_sys::Element, text: &str) -> Option<web_sys::Element> {
    let document = root.owner_document()?;
    let note = document.create_element("p").ok()?;
    note.set_class_name("lesson-error");
    note.set_attribute("role", "alert").ok()?;
    note.set_text_content(Some(text));
    let rest = document.create_element("div").ok()?;
    rest.set_class_name("widget-body");
    root.append_child(&note).ok()?;
    root.append_child(&rest).ok()?;
    Some(rest)
}
