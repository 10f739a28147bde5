//! The lessons shipped with the app (the Markdown files of `web/lessons/`, parsed by the
//! engine's `lesson` module), the lesson a URL asks for, and progress kept in the
//! browser's localStorage (small, read by the lesson index for every lesson at once).

use std::rc::Rc;

use keyspace_playground::lesson::{self, Lesson, Progress};

/// `web/lessons/*.md` in file-name order (listed by `build.rs`).
const FILES: &[&str] = include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// Every lesson, in order. The lesson test guarantees each file parses.
pub fn all() -> Vec<Rc<Lesson>> {
    FILES
        .iter()
        .filter_map(|text| lesson::parse(text).ok())
        .map(Rc::new)
        .collect()
}

/// `?lesson=<id>&step=<n>` (n from 1): the lesson and the step to open.
pub fn from_url() -> Option<(Rc<Lesson>, Option<usize>)> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let id = params.get("lesson")?;
    let lesson = all().into_iter().find(|l| l.id == id)?;
    let step = params
        .get("step")
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|&n| n >= 1 && n <= lesson.steps.len())
        .map(|n| n - 1);
    Some((lesson, step))
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
