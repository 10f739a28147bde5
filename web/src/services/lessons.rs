//! The lessons shipped with the app (the Markdown files of `web/lessons/`, parsed by the
//! playground's `lesson` module), the lesson a URL asks for, and progress kept in the
//! browser's localStorage (small, read by the lesson index for every lesson at once).
//!
//! Only the index (file, id, title) is compiled in (`build.rs`); trunk copies the files
//! to `lessons/` beside the app, and a lesson's Markdown is fetched when a page or a
//! widget opens it, once per page (kept here) and cached by the browser. A widget
//! fetches from its own asset URL (`embed.js` passes it), so a documentation page on
//! another path finds them. Offline, a lesson that cannot be fetched is said so on the
//! page; nothing panics.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use keyspace_playground::i18n::{Lang, Messages};
use keyspace_playground::lesson::{self, Lesson, Progress};
use keyspace_playground::tr;

use crate::services::http;

/// A lesson of `web/lessons/`, as the index knows it before its file is fetched.
pub struct Entry {
    /// Its file name in `lessons/` (which orders the lessons).
    pub file: &'static str,
    pub id: &'static str,
    pub title: &'static str,
    /// The translations' titles, by language code.
    pub titles: &'static [(&'static str, &'static str)],
}

impl Entry {
    /// The title in `lang` (English where the lesson has no translation).
    pub fn title_in(&self, lang: Lang) -> &'static str {
        self.titles
            .iter()
            .find(|(code, _)| *code == lang.code())
            .map_or(self.title, |(_, title)| title)
    }
}

/// `web/lessons/*.md` in file-name order (listed by `build.rs`).
pub const INDEX: &[Entry] = include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

thread_local! {
    /// The lessons fetched and parsed so far in this page, by language and id.
    static LOADED: RefCell<HashMap<(&'static str, &'static str), Rc<Lesson>>> = RefCell::new(HashMap::new());
}

/// Where the chosen language is remembered in this browser.
#[cfg(feature = "app")]
const LANG_KEY: &str = "keyspace-lang";

/// The page's language for lessons: `?lang=`, else the choice remembered, else the
/// browser's languages (`navigator.languages`), else English.
#[cfg(feature = "app")]
pub fn page_lang() -> Lang {
    let asked = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("lang"));
    let remembered = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    Lang::negotiate(
        asked.iter().chain(remembered.iter()).map(String::as_str),
        &browser_languages(),
    )
}

/// Remembers a language chosen in the page.
#[cfg(feature = "app")]
pub fn remember_lang(lang: Lang) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(LANG_KEY, lang.code());
    }
}

/// `navigator.languages`, most preferred first.
pub fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| w.navigator().languages().iter().filter_map(|l| l.as_string()).collect())
        .unwrap_or_default()
}

/// The lesson after `id` in the index, if any.
pub fn next(id: &str) -> Option<&'static Entry> {
    let at = INDEX.iter().position(|e| e.id == id)?;
    INDEX.get(at + 1)
}

/// The lesson `id` in `lang`, fetched from `base` (a URL ending in `/`, or "" for the
/// page's own directory) unless this page already has it; a translation that cannot be
/// fetched falls back to the English file.
pub async fn fetch(base: &str, id: &str, t: &Messages) -> Result<Rc<Lesson>, String> {
    let entry = INDEX
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| tr!(t, "lesson-missing", id = id))?;
    match fetch_in(base, entry, t).await {
        Err(_) if t.lang() != Lang::En => fetch_in(base, entry, &Messages::english()).await,
        other => other,
    }
}

/// One language's file of a lesson, unless this page already has it.
/// (`t` says the language and the words of an error.)
async fn fetch_in(base: &str, entry: &'static Entry, t: &Messages) -> Result<Rc<Lesson>, String> {
    let lang = t.lang();
    if let Some(lesson) = LOADED.with(|l| l.borrow().get(&(lang.code(), entry.id)).cloned()) {
        return Ok(lesson);
    }
    receive(entry, t, request(base, entry, lang)?).await
}

/// Every lesson in `lang`, fetched at once (in parallel) from the page's directory, in
/// order; the ones that could not be fetched are left out, and the first failure is
/// returned.
#[cfg(feature = "app")]
pub async fn fetch_all(t: &Messages) -> (Vec<Rc<Lesson>>, Option<String>) {
    let lang = t.lang();
    let requests: Vec<_> = INDEX
        .iter()
        .map(
            |e| match LOADED.with(|l| l.borrow().get(&(lang.code(), e.id)).cloned()) {
                Some(lesson) => Ok(Ok(lesson)),
                None => request("", e, lang).map(Err),
            },
        )
        .collect();
    let (mut lessons, mut error) = (Vec::new(), None);
    for (entry, request) in INDEX.iter().zip(requests) {
        let lesson = match request {
            Ok(Ok(lesson)) => Ok(lesson),
            Ok(Err(promise)) => match receive(entry, t, promise).await {
                Err(_) if lang != Lang::En => fetch_in("", entry, &Messages::english()).await,
                other => other,
            },
            Err(e) => Err(e),
        };
        match lesson {
            Ok(lesson) => lessons.push(lesson),
            Err(e) => {
                error.get_or_insert(e);
            }
        }
    }
    (lessons, error)
}

/// Starts fetching a lesson's file.
fn request(base: &str, entry: &Entry, lang: Lang) -> Result<js_sys::Promise, String> {
    http::request(&format!("{base}lessons/{}{}", lang.lesson_dir(), entry.file))
}

/// The fetched file, parsed and kept for the page.
async fn receive(entry: &'static Entry, t: &Messages, request: js_sys::Promise) -> Result<Rc<Lesson>, String> {
    let lang = t.lang();
    let text = http::text_of(request)
        .await
        .map_err(|e| tr!(t, "lesson-unavailable", title = entry.title_in(lang), why = e))?;
    let lesson = lesson::parse(&text).map_err(|e| format!("lessons/{}{}: {e}", lang.lesson_dir(), entry.file))?;
    let lesson = Rc::new(lesson);
    LOADED.with(|l| l.borrow_mut().insert((lang.code(), entry.id), lesson.clone()));
    Ok(lesson)
}

/// `?lesson=<id>&step=<n>` (n from 1): the lesson's id and the step to open.
#[cfg(feature = "app")]
pub fn from_url() -> Option<(String, Option<usize>)> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let id = params.get("lesson")?;
    let step = params
        .get("step")
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|&n| n >= 1);
    Some((id, step))
}

/// A step from 1, checked against the lesson: the index of the step to open.
pub fn step_index(lesson: &Lesson, step: Option<usize>) -> Option<usize> {
    step.filter(|&n| n >= 1 && n <= lesson.steps.len()).map(|n| n - 1)
}

/// The IndexedDB database of a lesson's sandbox: its own keyspace and AOF.
pub fn sandbox_name(lesson: &Lesson) -> String {
    format!("keyspace-lesson-{}", lesson.id)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn progress_key(lesson: &Lesson) -> String {
    format!("keyspace-lesson-progress:{}", lesson.id)
}

pub fn load_progress(lesson: &Lesson) -> Progress {
    storage()
        .and_then(|s| s.get_item(&progress_key(lesson)).ok().flatten())
        .map(|text| Progress::decode(&text, lesson.steps.len()))
        .unwrap_or_else(|| Progress::new(lesson.steps.len()))
}

pub fn save_progress(lesson: &Lesson, progress: &Progress) {
    if let Some(s) = storage() {
        let _ = s.set_item(&progress_key(lesson), &progress.encode());
    }
}
