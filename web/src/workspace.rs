//! One playground on screen: terminal, key inspector, and optionally a lesson and the
//! page's header with the persistence panel; the UI state in one reducer and one clock
//! that drives the engine (active expiry, blocking time-outs, countdowns). The full app
//! and every embedded widget are each a `Workspace` with their own playground.

use std::rc::Rc;

use keyspace_playground::lesson::{Lesson, LessonRun};

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::inspector::Inspector;
use crate::lesson_panel::{command_block, LessonList, LessonPanel, LessonRunRef};
use crate::lessons;
use crate::persist::Persistence;
use crate::persist_panel::PersistPanel;
use crate::shared::{load_history, now_ms, save_history, Shared};
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
    /// A command a lesson put in the prompt, numbered.
    pub prefill: Option<(u64, String)>,
}

pub enum Action {
    Changed,
    Tick(i64, bool),
    SelectTab(usize),
    SelectKey(Option<Vec<u8>>),
    Filter(String),
    Ready,
    Prefill(String),
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
            Action::Prefill(line) => {
                let n = next.prefill.as_ref().map_or(0, |(n, _)| n + 1);
                next.prefill = Some((n, line));
            }
        }
        Rc::new(next)
    }
}

#[derive(Properties, PartialEq)]
pub struct WorkspaceProps {
    /// The IndexedDB database keeping this keyspace; None: in memory only.
    pub instance: Option<AttrValue>,
    /// A guided lesson beside the terminal, opened at a step.
    #[prop_or_default]
    pub lesson: Option<(Rc<Lesson>, Option<usize>)>,
    /// The page's header (title, lessons menu, persistence panel): the full app only.
    #[prop_or_default]
    pub header: bool,
    #[prop_or(true)]
    pub inspector: bool,
    /// Commands offered (or, with `autorun`, run) when the keyspace is ready.
    #[prop_or_default]
    pub preload: Rc<Vec<String>>,
    #[prop_or_default]
    pub autorun: bool,
}

#[function_component(Workspace)]
pub fn workspace(props: &WorkspaceProps) -> Html {
    let playground = use_memo((), |_| Shared::new());
    let state = use_reducer(|| UiState {
        revision: 0,
        now: now_ms(),
        tab: 0,
        selected: None,
        filter: String::new(),
        ready: false,
        prefill: None,
    });
    // A lesson (`?lesson=<id>&step=<n>`) runs in a sandbox of its own: its own keyspace,
    // AOF and tabs, never the free-play data.
    let route = use_memo((), {
        let lesson = props.lesson.clone();
        move |_| lesson
    });
    let lesson: Option<Rc<Lesson>> = route.as_ref().as_ref().map(|(l, _)| l.clone());
    let instance = use_memo((), {
        let instance = props.instance.clone();
        move |_| instance.map(|i| i.to_string())
    });
    // The lesson being played, once its sandbox is loaded.
    let run: LessonRunRef = (*use_memo((), |_| LessonRunRef::default())).clone();
    let persistence = use_memo((), {
        let instance = instance.clone();
        move |_| Persistence::new(instance.as_deref().unwrap_or("memory"))
    });
    let link = use_memo((), |_| TabLink::default());
    {
        let playground = (*playground).clone();
        let persistence = (*persistence).clone();
        let link = (*link).clone();
        let dispatch = state.dispatcher();
        let (route, instance, run) = (route.clone(), instance.clone(), run.clone());
        let (preload, autorun) = (props.preload.clone(), props.autorun);
        use_effect_with((), move |_| {
            // The time this keyspace's clock read, kept beside it.
            if let Some(clock) = instance.as_deref().and_then(crate::clock_control::load) {
                playground.0.borrow_mut().clock = clock;
            }
            let changed = {
                let (dispatch, link, playground) = (dispatch.clone(), link.clone(), playground.clone());
                // A store operation ended: held replies may go to other tabs too.
                Callback::from(move |_| {
                    link.post(&playground);
                    dispatch.dispatch(Action::Changed)
                })
            };
            let ready = {
                let (playground, changed) = (playground.clone(), changed.clone());
                Callback::from(move |_| {
                    if let Some((lesson, step)) = route.as_ref() {
                        start_lesson(&playground, &run, lesson.clone(), *step);
                    }
                    if autorun {
                        // As if typed: the terminal shows each command and its reply.
                        let mut p = playground.0.borrow_mut();
                        for line in preload.iter() {
                            p.submit(0, line, now_ms());
                        }
                        drop(p);
                        changed.emit(());
                    }
                    dispatch.dispatch(Action::Ready)
                })
            };
            match instance.as_deref() {
                Some(name) => link.connect(name, playground, persistence, changed, ready),
                None => ready.emit(()),
            }
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
        let run = run.clone();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || {
                let now = now_ms();
                let mut changed = playground.0.borrow_mut().tick(now);
                changed |= run_paste_slice(&playground);
                // Keys expire on their own: a step may complete without a command.
                changed |= check_lesson(&playground, &run);
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
            run.clone(),
        ),
        |_: (), (d, persistence, playground, link, run)| {
            run_paste_slice(playground);
            check_lesson(playground, run);
            persistence.pump(playground, false);
            link.post(playground);
            d.dispatch(Action::Changed)
        },
    );
    let on_tab = use_callback(dispatcher.clone(), |tab: usize, d| d.dispatch(Action::SelectTab(tab)));
    let on_select = use_callback(dispatcher.clone(), |key: Option<Vec<u8>>, d| {
        d.dispatch(Action::SelectKey(key))
    });
    let on_filter = use_callback(dispatcher.clone(), |pattern: String, d| {
        d.dispatch(Action::Filter(pattern))
    });
    let on_prefill = use_callback(dispatcher, |line: String, d| d.dispatch(Action::Prefill(line)));
    let offered = (!props.autorun && !props.preload.is_empty())
        .then(|| command_block(&props.preload, &[], &playground, state.tab, &on_change, &on_prefill));
    html! {
        <div class={if props.header { "app" } else { "kp-widget" }}>
            if props.header {
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
            }
            if let Some(offered) = offered {
                <div class="preload" aria-label="Commands to try">{ offered }</div>
            }
            <main class={classes!("panes", (lesson.is_some() || props.header).then_some("with-lesson"), (!props.inspector).then_some("terminal-only"))}>
                if let Some(lesson) = &lesson {
                    <LessonPanel
                        lesson={lesson.clone()}
                        run={run.clone()}
                        playground={(*playground).clone()}
                        revision={state.revision}
                        ready={state.ready}
                        tab={state.tab}
                        on_change={on_change.clone()}
                        on_prefill={on_prefill.clone()}
                        home={props.header}
                    />
                } else if props.header {
                    <LessonList />
                }
                <Terminal
                    playground={(*playground).clone()}
                    revision={state.revision}
                    tab={state.tab}
                    ready={state.ready}
                    on_change={on_change.clone()}
                    prefill={state.prefill.clone()}
                    {on_tab}
                />
                if props.inspector {
                    <Inspector
                        instance={props.instance.clone()}
                        playground={(*playground).clone()}
                        revision={state.revision}
                        now={state.now}
                        selected={state.selected.clone()}
                        filter={state.filter.clone()}
                        {on_select}
                        {on_filter}
                        on_change={on_change.clone()}
                    />
                }
            </main>
        </div>
    }
}

/// Starts the lesson in its sandbox (now loaded): the stored progress, the step a deep
/// link asks for, and that step's starting state.
fn start_lesson(playground: &Shared, run: &LessonRunRef, lesson: Rc<Lesson>, step: Option<usize>) {
    let mut progress = lessons::load_progress(&lesson);
    if let Some(step) = step {
        progress.step = step;
    }
    let mut p = playground.0.borrow_mut();
    let started = LessonRun::start(lesson, progress, &mut p, now_ms());
    lessons::save_progress(&started.lesson, &started.progress);
    *run.0.borrow_mut() = Some(started);
}

/// Feeds what happened to the lesson and checks the current step; true when it has just
/// completed (saved at once).
fn check_lesson(playground: &Shared, run: &LessonRunRef) -> bool {
    let mut p = playground.0.borrow_mut();
    let mut run = run.0.borrow_mut();
    let Some(run) = run.as_mut() else {
        return false;
    };
    run.observe(&mut p);
    let completed = run.check(&p, now_ms());
    if completed {
        lessons::save_progress(&run.lesson, &run.progress);
    }
    completed
}

/// Runs pasted lines for at most `PASTE_SLICE_MS`, so typing, scrolling and Ctrl+C stay
/// responsive during a long paste; true when any ran.
fn run_paste_slice(playground: &Shared) -> bool {
    const PASTE_SLICE_MS: i64 = 30;
    let started = now_ms();
    let mut ran = 0;
    let mut p = playground.0.borrow_mut();
    while p.has_queued() && now_ms() - started < PASTE_SLICE_MS {
        let n = p.run_queued(64, now_ms());
        if n == 0 {
            break;
        }
        ran += n;
    }
    if ran > 0 && !p.has_queued() {
        save_history(&p.history);
    }
    ran > 0
}
