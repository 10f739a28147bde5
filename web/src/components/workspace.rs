//! One playground on screen: terminal, key inspector, and optionally a lesson (or the
//! lesson list) and the page's header with the persistence panel. The full app and
//! every embedded widget are each a `Workspace` with their own playground, provided to
//! its components as a context (`use_playground`); the UI's own state is one reducer;
//! one clock drives the engine (active expiry, blocking time-outs, countdowns).

use std::rc::Rc;

use gloo_timers::callback::Interval;
use keyspace_playground::i18n::Messages;
use keyspace_playground::lesson::{Lesson, LessonRun};
use keyspace_playground::tr;
use yew::prelude::*;

use crate::components::inspector::Inspector;
use crate::components::lesson_panel::{command_block, LessonPanel, LessonRunRef};
use crate::components::terminal::Terminal;
use crate::hooks::PlaygroundContext;
#[cfg(feature = "app")]
use crate::services::explore::{self, Explored};
use crate::services::explore::{Progress, Sandbox};
use crate::services::page_link::PageLink;
use crate::services::persist::Persistence;
use crate::services::playground::{load_history, now_ms, save_history, PlaygroundHandle};
use crate::services::{clock_store, lessons};

/// How often the engine ticks, countdowns redraw and the AOF store is offered its due
/// commit (everysec's second is measured by the AOF log, not by this timer).
const TICK_MS: u32 = 50;

#[derive(Clone, PartialEq)]
pub struct UiState {
    /// Bumped whenever the playground changed, to re-render.
    pub revision: u64,
    /// Real time at the last tick.
    pub now: i64,
    /// The terminal session shown.
    pub session: usize,
    pub selected: Option<Vec<u8>>,
    pub filter: String,
    /// The stored keyspace has been replayed: the terminal takes commands.
    pub ready: bool,
    /// A command a lesson put in the prompt, numbered.
    pub prefill: Option<(u64, String)>,
    /// What opening a dump.rdb is doing, or why it failed.
    pub explore_progress: Option<Progress>,
}

pub enum Action {
    Changed,
    Tick(i64, bool),
    SelectSession(usize),
    SelectKey(Option<Vec<u8>>),
    Filter(String),
    Ready,
    Prefill(String),
    /// The terminal and inspector switched to a dump.rdb's sandbox, or back.
    Switched,
    ExploreProgress(Option<Progress>),
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
            Action::SelectSession(session) => next.session = session,
            Action::SelectKey(key) => next.selected = key,
            Action::Filter(pattern) => next.filter = pattern,
            Action::Ready => {
                next.ready = true;
                next.revision += 1;
            }
            Action::Switched => {
                next.session = 0;
                next.selected = None;
                next.filter = String::new();
                next.explore_progress = None;
                next.revision += 1;
            }
            Action::ExploreProgress(progress) => next.explore_progress = progress,
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
    /// The page's header (title, persistence panel) and the lesson list: the full app.
    #[prop_or_default]
    pub header: bool,
    #[prop_or(true)]
    pub inspector: bool,
    /// Commands offered (or, with `autorun`, run) when the keyspace is ready.
    #[prop_or_default]
    pub preload: Rc<Vec<String>>,
    #[prop_or_default]
    pub autorun: bool,
    /// The interface's strings, in the page's (or the widget's) language.
    #[prop_or_default]
    pub messages: Messages,
}

/// The services of one workspace, made once.
#[derive(Clone, PartialEq)]
struct Services {
    playground: PlaygroundHandle,
    persistence: Persistence,
    link: PageLink,
    run: LessonRunRef,
    /// A dump.rdb being explored: the terminal and inspector show it instead.
    sandbox: Sandbox,
}

impl Services {
    /// What follows every change of the playground: pasted lines due, the lesson's
    /// check, the store's due commit, the other pages' news; true when the lesson's
    /// step completed or lines ran.
    fn follow_up(&self) -> bool {
        let mut changed = run_paste_slice(&self.playground, true);
        changed |= check_lesson(&self.playground, &self.run);
        self.persistence.pump(&self.playground, false);
        self.link.post(&self.playground);
        changed
    }
}

#[function_component(Workspace)]
pub fn workspace(props: &WorkspaceProps) -> Html {
    let state = use_reducer(|| UiState {
        revision: 0,
        now: now_ms(),
        session: 0,
        selected: None,
        filter: String::new(),
        ready: false,
        prefill: None,
        explore_progress: None,
    });
    // A lesson (`?lesson=<id>&step=<n>`) runs in a sandbox of its own: its own keyspace,
    // AOF and sessions, never the free-play data.
    let route = use_memo((), {
        let lesson = props.lesson.clone();
        move |_| lesson
    });
    let lesson: Option<Rc<Lesson>> = route.as_ref().as_ref().map(|(l, _)| l.clone());
    let services = use_memo((), {
        let (instance, dispatch) = (props.instance.clone(), state.dispatcher());
        move |_| {
            let services = Services {
                playground: PlaygroundHandle::new(),
                persistence: Persistence::new(instance.as_deref().unwrap_or("memory")),
                link: PageLink::default(),
                run: LessonRunRef::default(),
                sandbox: Sandbox::default(),
            };
            // The time this keyspace's clock read, kept beside it.
            if let Some(clock) = instance.as_deref().and_then(clock_store::load) {
                services.playground.quietly().clock = clock;
            }
            let follow = services.clone();
            services.playground.on_changed(Callback::from(move |_| {
                follow.follow_up();
                dispatch.dispatch(Action::Changed)
            }));
            services
        }
    });
    {
        let services = (*services).clone();
        let dispatch = state.dispatcher();
        let instance = props.instance.clone();
        let (preload, autorun) = (props.preload.clone(), props.autorun);
        use_effect_with((), move |_| {
            let ready = {
                let services = services.clone();
                Callback::from(move |_| {
                    if let Some((lesson, step)) = route.as_ref() {
                        start_lesson(&services.playground, &services.run, lesson.clone(), *step);
                    }
                    if autorun {
                        // As if typed: the terminal shows each command and its reply.
                        services.playground.update(|p| {
                            for line in preload.iter() {
                                p.submit(0, line, now_ms());
                            }
                        });
                    }
                    dispatch.dispatch(Action::Ready)
                })
            };
            match instance.as_deref() {
                Some(name) => {
                    services
                        .link
                        .connect(name, services.playground.clone(), services.persistence.clone(), ready)
                }
                None => ready.emit(()),
            }
            load_history(services.playground.clone());
        });
    }
    {
        let services = (*services).clone();
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || {
                let now = now_ms();
                let mut changed = services.playground.quietly().tick(now);
                // Keys expire on their own: a step may complete without a command.
                changed |= services.follow_up();
                // A sandbox keeps its own time: expiry, blocking, its pasted lines.
                if let Some(explored) = services.sandbox.get() {
                    changed |= explored.playground.quietly().tick(now);
                    changed |= run_paste_slice(&explored.playground, false);
                }
                dispatch.dispatch(Action::Tick(now, changed));
            });
            move || drop(interval)
        });
    }

    // Stable callbacks (made once), so a clock tick re-renders only what shows time.
    let dispatcher = state.dispatcher();
    let on_session = use_callback(dispatcher.clone(), |session: usize, d| {
        d.dispatch(Action::SelectSession(session))
    });
    let on_select = use_callback(dispatcher.clone(), |key: Option<Vec<u8>>, d| {
        d.dispatch(Action::SelectKey(key))
    });
    let on_filter = use_callback(dispatcher.clone(), |pattern: String, d| {
        d.dispatch(Action::Filter(pattern))
    });
    let on_prefill = use_callback(dispatcher.clone(), |line: String, d| d.dispatch(Action::Prefill(line)));
    // Opening a dump.rdb: a sandbox replaces the terminal and inspector's playground
    // until the learner goes back; the learner's own is left running underneath.
    #[cfg(feature = "app")]
    let on_open_rdb = use_callback(
        (dispatcher.clone(), (*services).clone(), props.messages.clone()),
        |file: web_sys::File, (d, services, t)| {
            let history = services.playground.read().history.entries().to_vec();
            let progress = {
                let d = d.clone();
                Callback::from(move |p: Option<Progress>| d.dispatch(Action::ExploreProgress(p)))
            };
            let opened = {
                let (d, sandbox) = (d.clone(), services.sandbox.clone());
                Callback::from(move |explored: Explored| {
                    let d2 = d.clone();
                    explored
                        .playground
                        .on_changed(Callback::from(move |_| d2.dispatch(Action::Changed)));
                    *sandbox.0.borrow_mut() = Some(explored);
                    d.dispatch(Action::Switched);
                })
            };
            explore::open(file, history, t.clone(), progress, opened);
        },
    );
    #[cfg(feature = "app")]
    let on_back = use_callback((dispatcher.clone(), (*services).clone()), |_: (), (d, services)| {
        services.sandbox.0.borrow_mut().take();
        d.dispatch(Action::Switched);
    });
    #[cfg(feature = "app")]
    let on_dismiss = use_callback(dispatcher.clone(), |_: (), d| d.dispatch(Action::ExploreProgress(None)));
    let dragging = use_state(|| false);
    #[cfg(feature = "app")]
    let drop_handlers = props.header.then(|| {
        let on_drag_over = {
            let dragging = dragging.clone();
            Callback::from(move |e: DragEvent| {
                e.prevent_default();
                if !*dragging {
                    dragging.set(true);
                }
            })
        };
        let on_drag_leave = {
            let dragging = dragging.clone();
            Callback::from(move |e: DragEvent| {
                // Only leaving the workspace itself, not moving between its children.
                if e.related_target().is_none() {
                    dragging.set(false);
                }
            })
        };
        let on_drop = {
            let (dragging, on_open_rdb) = (dragging.clone(), on_open_rdb.clone());
            Callback::from(move |e: DragEvent| {
                e.prevent_default();
                dragging.set(false);
                if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                    on_open_rdb.emit(file);
                }
            })
        };
        (on_drag_over, on_drag_leave, on_drop)
    });
    #[cfg(not(feature = "app"))]
    let drop_handlers: Option<(Callback<DragEvent>, Callback<DragEvent>, Callback<DragEvent>)> = None;
    let (on_drag_over, on_drag_leave, on_drop) = match drop_handlers {
        Some((over, leave, drop)) => (Some(over), Some(leave), Some(drop)),
        None => (None, None, None),
    };

    let context = PlaygroundContext {
        handle: services.playground.clone(),
        revision: state.revision,
        sandbox: false,
    };
    let explored = services.sandbox.get();
    // The terminal, the inspector and the report show the sandbox while a file is open.
    let shown = PlaygroundContext {
        handle: explored
            .as_ref()
            .map_or_else(|| services.playground.clone(), |e| e.playground.clone()),
        revision: state.revision,
        sandbox: explored.is_some(),
    };
    let offered = (!props.autorun && !props.preload.is_empty()).then(|| {
        command_block(
            &props.preload,
            &[],
            &context,
            state.session,
            &on_prefill,
            &props.messages,
        )
    });
    // The full app's parts; a widget's module is built without them (`app` feature).
    #[cfg(feature = "app")]
    let (header, explore_progress, explore_banner, lesson_list, rdb_report) = {
        use crate::components::lang_chooser::LangChooser;
        use crate::components::lesson_panel::LessonList;
        use crate::components::persist_panel::PersistPanel;
        use crate::components::rdb_report::{ExploreBanner, ExploreProgress, RdbReportPanel};
        (
            props.header.then(|| html! {
                <header class="app-header">
                    <h1>{ tr!(props.messages, "app-title") }</h1>
                    <p class="engine-version" data-testid="engine-version">{ tr!(props.messages, "engine-version", version = keyspace_engine::ENGINE_VERSION, redis = keyspace_engine::REDIS_VERSION) }</p>
                    <LangChooser />
                    <PersistPanel persistence={services.persistence.clone()} now={state.now} on_open_rdb={on_open_rdb.clone()} />
                </header>
            }),
            state.explore_progress.as_ref().map(|progress| html! {
                <ExploreProgress progress={progress.clone()} on_dismiss={on_dismiss.clone()} />
            }),
            explored.as_ref().map(|explored| html! {
                <ExploreBanner report={explored.report.clone()} on_back={on_back.clone()} />
            }),
            (lesson.is_none() && props.header && explored.is_none()).then(|| html! { <LessonList /> }),
            match (&explored, &lesson) {
                (Some(explored), None) => Some(html! {
                    <RdbReportPanel report={explored.report.clone()} on_select={on_select.clone()} />
                }),
                _ => None,
            },
        )
    };
    #[cfg(not(feature = "app"))]
    let (header, explore_progress, explore_banner, lesson_list, rdb_report): (
        Option<Html>,
        Option<Html>,
        Option<Html>,
        Option<Html>,
        Option<Html>,
    ) = (None, None, None, None, None);
    html! {
        <ContextProvider<Messages> context={props.messages.clone()}>
        <ContextProvider<PlaygroundContext> {context}>
        <div class={classes!(if props.header { "app" } else { "kp-widget" }, (*dragging).then_some("dragging"), explored.is_some().then_some("exploring"))}
            ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
            { for header }
            { for explore_progress }
            { for explore_banner }
            if let Some(offered) = offered {
                <div class="preload" aria-label={tr!(props.messages, "commands-to-try")}>{ offered }</div>
            }
            <main class={classes!("panes", (lesson.is_some() || props.header).then_some("with-lesson"), (!props.inspector).then_some("terminal-only"))}>
                if let Some(lesson) = &lesson {
                    <LessonPanel
                        lesson={lesson.clone()}
                        run={services.run.clone()}
                        ready={state.ready}
                        session={state.session}
                        on_prefill={on_prefill.clone()}
                        home={props.header}
                    />
                }
                { for lesson_list }
                <ContextProvider<PlaygroundContext> context={shown}>
                { for rdb_report }
                <Terminal
                    session={state.session}
                    ready={state.ready}
                    prefill={state.prefill.clone()}
                    {on_session}
                />
                if props.inspector {
                    <Inspector
                        // A sandbox's clock is not kept.
                        instance={if explored.is_some() { None } else { props.instance.clone() }}
                        now={state.now}
                        selected={state.selected.clone()}
                        filter={state.filter.clone()}
                        {on_select}
                        {on_filter}
                    />
                }
                </ContextProvider<PlaygroundContext>>
            </main>
        </div>
        </ContextProvider<PlaygroundContext>>
        </ContextProvider<Messages>>
    }
}

/// Starts the lesson in its sandbox (now loaded): the stored progress, the step a deep
/// link asks for, and that step's starting state.
fn start_lesson(playground: &PlaygroundHandle, run: &LessonRunRef, lesson: Rc<Lesson>, step: Option<usize>) {
    let mut progress = lessons::load_progress(&lesson);
    if let Some(step) = step {
        progress.step = step;
    }
    let started = playground.update(|p| LessonRun::start(lesson, progress, p, now_ms()));
    lessons::save_progress(&started.lesson, &started.progress);
    *run.0.borrow_mut() = Some(started);
}

/// Feeds what happened to the lesson and checks the current step; true when it has just
/// completed (saved at once).
fn check_lesson(playground: &PlaygroundHandle, run: &LessonRunRef) -> bool {
    let mut run = run.0.borrow_mut();
    let Some(run) = run.as_mut() else {
        return false;
    };
    let mut p = playground.quietly();
    run.observe(&mut p);
    let completed = run.check(&p, now_ms());
    if completed {
        lessons::save_progress(&run.lesson, &run.progress);
    }
    completed
}

/// Runs pasted lines for at most `PASTE_SLICE_MS`, so typing, scrolling and Ctrl+C stay
/// responsive during a long paste; true when any ran.
fn run_paste_slice(playground: &PlaygroundHandle, keep_history: bool) -> bool {
    const PASTE_SLICE_MS: i64 = 30;
    let started = now_ms();
    let mut ran = 0;
    let mut p = playground.quietly();
    while p.has_queued() && now_ms() - started < PASTE_SLICE_MS {
        let n = p.run_queued(64, now_ms());
        if n == 0 {
            break;
        }
        ran += n;
    }
    if ran > 0 && !p.has_queued() && keep_history {
        save_history(&p.history);
    }
    ran > 0
}
