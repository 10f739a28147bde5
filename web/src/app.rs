//! The page: header, terminal and key inspector, with the UI state in one reducer and
//! one clock that drives the engine (active expiry, blocking time-outs, countdowns).

use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::inspector::Inspector;
use crate::persist::{Persistence, Status};
use crate::shared::{load_history, now_ms, Shared};
use crate::terminal::Terminal;

/// How often the engine ticks and countdowns redraw.
const TICK_MS: u32 = 50;
/// appendfsync everysec.
const FLUSH_MS: u32 = 1000;

#[derive(Clone, PartialEq)]
pub struct UiState {
    /// Bumped whenever the playground changed, to re-render.
    pub revision: u64,
    pub now: i64,
    pub tab: usize,
    pub selected: Option<Vec<u8>>,
    pub filter: String,
    /// The stored keyspace has been replayed: the terminal takes commands.
    pub ready: bool,
}

pub enum Action {
    Changed,
    Tick(i64, bool),
    SelectTab(usize),
    SelectKey(Option<Vec<u8>>),
    Filter(String),
    Ready,
}

impl Reducible for UiState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Changed => next.revision += 1,
            Action::Tick(now, changed) => {
                next.now = now;
                if changed {
                    next.revision += 1;
                }
            }
            Action::SelectTab(tab) => next.tab = tab,
            Action::SelectKey(key) => next.selected = key,
            Action::Filter(pattern) => next.filter = pattern,
            Action::Ready => {
                next.ready = true;
                next.revision += 1;
            }
        }
        Rc::new(next)
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let playground = use_memo((), |_| Shared::new());
    let state = use_reducer(|| UiState {
        revision: 0,
        now: now_ms(),
        tab: 0,
        selected: None,
        filter: String::new(),
        ready: false,
    });
    let persistence = use_memo((), |_| Persistence::default());
    {
        let playground = (*playground).clone();
        let persistence = (*persistence).clone();
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            persistence.start(playground.clone(), move || dispatch.dispatch(Action::Ready));
            let everysec = Interval::new(FLUSH_MS, move || persistence.flush(&playground));
            move || drop(everysec)
        });
    }

    {
        let playground = (*playground).clone();
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            load_history(playground, move || dispatch.dispatch(Action::Changed))
        });
    }
    {
        let playground = playground.clone();
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || {
                let now = now_ms();
                let changed = playground.0.borrow_mut().tick(now);
                dispatch.dispatch(Action::Tick(now, changed));
            });
            move || drop(interval)
        });
    }

    // Stable callbacks (made once), so a clock tick re-renders only what shows time:
    // the terminal is left alone unless the playground changed.
    let dispatcher = state.dispatcher();
    let on_change = use_callback(dispatcher.clone(), |_: (), d| d.dispatch(Action::Changed));
    let on_tab = use_callback(dispatcher.clone(), |tab: usize, d| d.dispatch(Action::SelectTab(tab)));
    let on_select = use_callback(dispatcher.clone(), |key: Option<Vec<u8>>, d| {
        d.dispatch(Action::SelectKey(key))
    });
    let on_filter = use_callback(dispatcher, |pattern: String, d| d.dispatch(Action::Filter(pattern)));

    html! {
        <div class="app">
            <header class="app-header">
                <h1>{ "Keyspace Playground" }</h1>
                <p class="engine-version" data-testid="engine-version">{ keyspace_engine::version_string() }</p>
                <p class="persistence" role="status" aria-label="Persistence">{
                    match &*persistence.status.borrow() {
                        Status::Loading => "Loading your keyspace…".to_string(),
                        Status::Saving { replayed, truncated: 0 } => format!("Saved in this browser (AOF, appendfsync everysec) · {replayed} commands replayed"),
                        Status::Saving { replayed, truncated } => format!("Saved in this browser · {replayed} commands replayed, a truncated last command ({truncated} bytes) left out"),
                        Status::Unavailable(why) => format!("Not saved — keys live in this tab only: {why}"),
                    }
                }</p>
            </header>
            <main class="panes">
                <Terminal
                    playground={(*playground).clone()}
                    revision={state.revision}
                    tab={state.tab}
                    ready={state.ready}
                    on_change={on_change.clone()}
                    {on_tab}
                />
                <Inspector
                    playground={(*playground).clone()}
                    revision={state.revision}
                    now={state.now}
                    selected={state.selected.clone()}
                    filter={state.filter.clone()}
                    {on_select}
                    {on_filter}
                    {on_change}
                />
            </main>
        </div>
    }
}
