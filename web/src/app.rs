//! The page: header, terminal and key inspector, with the UI state in one reducer and
//! one clock that drives the engine (active expiry, blocking time-outs, countdowns).

use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::inspector::Inspector;
use crate::persist::Persistence;
use crate::persist_panel::PersistPanel;
use crate::shared::{load_history, now_ms, Shared, MAIN_DB};
use crate::tab_link::TabLink;
use crate::terminal::Terminal;

/// How often the engine ticks, countdowns redraw and the AOF store is offered its due
/// commit (everysec's second is measured by the engine's AOF log, not by this timer).
const TICK_MS: u32 = 50;

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
    let persistence = use_memo((), |_| Persistence::new(MAIN_DB));
    let link = use_memo((), |_| TabLink::default());
    {
        let playground = (*playground).clone();
        let persistence = (*persistence).clone();
        let link = (*link).clone();
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let changed = {
                let (dispatch, link, playground) = (dispatch.clone(), link.clone(), playground.clone());
                // A store operation ended: held replies may go to other tabs too.
                Callback::from(move |_| {
                    link.post(&playground);
                    dispatch.dispatch(Action::Changed)
                })
            };
            let ready = Callback::from(move |_| dispatch.dispatch(Action::Ready));
            link.connect(MAIN_DB, playground, persistence, changed, ready);
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
        let persistence = (*persistence).clone();
        let link = (*link).clone();
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || {
                let now = now_ms();
                let changed = playground.0.borrow_mut().tick(now);
                persistence.pump(&playground, false);
                link.post(&playground);
                dispatch.dispatch(Action::Tick(now, changed));
            });
            move || drop(interval)
        });
    }

    // Stable callbacks (made once), so a clock tick re-renders only what shows time:
    // the terminal is left alone unless the playground changed.
    let dispatcher = state.dispatcher();
    // After a command: the store gets its due commit at once (appendfsync always), and
    // the other tabs hear of it (a line typed here, or the writes it made).
    let on_change = use_callback(
        (
            dispatcher.clone(),
            (*persistence).clone(),
            (*playground).clone(),
            (*link).clone(),
        ),
        |_: (), (d, persistence, playground, link)| {
            persistence.pump(playground, false);
            link.post(playground);
            d.dispatch(Action::Changed)
        },
    );
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
                <PersistPanel
                    playground={(*playground).clone()}
                    persistence={(*persistence).clone()}
                    revision={state.revision}
                    now={state.now}
                    on_change={on_change.clone()}
                />
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
