//! A dump.rdb the learner opens, explored in a sandbox: a second playground loaded from
//! the file (`keyspace_playground::explore`), in this tab's memory only. It has no store
//! and no page link, so nothing it does is saved or reaches another tab, and the
//! learner's own playground is left exactly as it was.
//!
//! Opening reads the file (asynchronously), refuses one over the size limit before
//! reading it, and yields to the browser before a large load so the page can say what
//! it is doing; the load itself is one synchronous call.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use keyspace_playground::explore::{size_text, Exploration, OpenError, RdbReport, MAX_FILE_BYTES};
use keyspace_playground::i18n::Messages;
use keyspace_playground::playground::Playground;
use keyspace_playground::tr;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::File;
use yew::Callback;

use crate::services::playground::{now_ms, PlaygroundHandle};

/// An opened file: its sandbox and its report.
#[derive(Clone)]
pub struct Explored {
    pub playground: PlaygroundHandle,
    pub report: Rc<RdbReport>,
}

impl PartialEq for Explored {
    fn eq(&self, other: &Self) -> bool {
        self.playground == other.playground
    }
}

/// What the opening of a file is doing, for the page to say.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    Working(String),
    Failed(String),
}

/// The sandbox of a workspace, if a file is open (shared by its services and the clock).
#[derive(Clone, Default)]
pub struct Sandbox(pub Rc<RefCell<Option<Explored>>>);

impl PartialEq for Sandbox {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Sandbox {
    pub fn get(&self) -> Option<Explored> {
        self.0.borrow().clone()
    }
}

/// Reads `file` and opens it in a sandbox whose history starts as a copy of `history`'s
/// (so the arrow keys find the learner's commands); `progress` hears each stage,
/// `opened` the result. Nothing is changed when the file is refused.
/// Keys read between two looks at the clock while a file loads.
const KEYS_PER_STEP: usize = 256;
/// How long a slice of loading may hold the page's thread (ms).
const SLICE_MS: i64 = 12;

pub fn open(
    file: File,
    history: Vec<String>,
    t: Messages,
    progress: Callback<Option<Progress>>,
    opened: Callback<Explored>,
) {
    spawn_local(async move {
        let name = file.name();
        let size = file.size() as usize;
        let refused = |why: String| {
            if name.ends_with(".aof") {
                Progress::Failed(tr!(t, "open-refused-aof", name = &name, why = why))
            } else {
                Progress::Failed(tr!(t, "open-refused", name = &name, why = why))
            }
        };
        if size > MAX_FILE_BYTES {
            let why = tr!(
                t,
                "open-too-large",
                size = size_text(size as u64),
                max = size_text(MAX_FILE_BYTES as u64)
            );
            progress.emit(Some(refused(why)));
            return;
        }
        progress.emit(Some(Progress::Working(tr!(
            t,
            "open-reading",
            name = &name,
            size = size_text(size as u64)
        ))));
        let bytes = match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => {
                progress.emit(Some(refused(tr!(t, "open-unreadable"))));
                return;
            }
        };
        progress.emit(Some(Progress::Working(tr!(t, "open-loading", name = &name))));
        // Let the page paint what it is doing, then load in slices of about SLICE_MS,
        // yielding between them (the page stays responsive) and saying how far it is.
        TimeoutFuture::new(0).await;
        let seed = (js_sys::Math::random() * (u64::MAX as f64)) as u64 ^ now_ms() as u64;
        let mut opening = match Exploration::opening(&name, &bytes, seed, now_ms()) {
            Ok(opening) => opening,
            // Refused by the loader: Redis's own words, as redis-server logs them.
            Err(OpenError::TooLarge { size }) => {
                let why = tr!(
                    t,
                    "open-too-large",
                    size = size_text(size as u64),
                    max = size_text(MAX_FILE_BYTES as u64)
                );
                progress.emit(Some(refused(why)));
                return;
            }
            Err(e) => {
                progress.emit(Some(refused(e.to_string())));
                return;
            }
        };
        loop {
            let started = now_ms();
            let done = loop {
                match opening.step(KEYS_PER_STEP) {
                    Ok(false) if now_ms() - started < SLICE_MS => continue,
                    Ok(done) => break done,
                    Err(e) => {
                        progress.emit(Some(refused(e.to_string())));
                        return;
                    }
                }
            };
            if done {
                break;
            }
            let (read, total) = opening.progress();
            progress.emit(Some(Progress::Working(tr!(
                t,
                "open-loading-percent",
                name = &name,
                percent = read * 100 / total.max(1),
                size = size_text(total as u64)
            ))));
            TimeoutFuture::new(0).await;
        }
        let loaded = match opening.loaded() {
            Ok(loaded) => loaded,
            Err(e) => {
                progress.emit(Some(refused(e.to_string())));
                return;
            }
        };
        drop(bytes);
        if loaded.keys() >= 100_000 {
            progress.emit(Some(Progress::Working(tr!(
                t,
                "open-reporting",
                name = &name,
                n = loaded.keys()
            ))));
            TimeoutFuture::new(60).await;
        }
        let Exploration { mut playground, report } = loaded.finish();
        playground.history = keyspace_playground::history::History::from_entries(history);
        progress.emit(None);
        opened.emit(Explored {
            playground: sandbox_handle(playground),
            report: Rc::new(report),
        });
    });
}

/// A sandbox's memory cap is this far above what the page uses once the file is
/// loaded: past it, writes get Redis's OOM error rather than the tab dying.
const SANDBOX_HEADROOM: u64 = 64 * 1024 * 1024;

fn sandbox_handle(playground: Playground) -> PlaygroundHandle {
    PlaygroundHandle::with_playground(playground, SANDBOX_HEADROOM)
}
