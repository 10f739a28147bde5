//! A guided lesson beside the terminal: the steps, the current step's text, its command
//! blocks (click to type one, ▶ to run it) with the reply each gives, hints shown one
//! after the other, a challenge's "Show solution", and whether the step is complete.
//! Everything a step does is the model's (`keyspace_playground::lesson::LessonRun`): this
//! component renders it and forwards the learner's clicks. Also the lesson list of the
//! home page.

use std::cell::RefCell;
use std::rc::Rc;

use keyspace_playground::i18n::Messages;
use keyspace_playground::lesson::{self, Action, Block, ClockAction, Lesson, LessonRun, Pace};
use keyspace_playground::tr;
use yew::prelude::*;

use crate::hooks::{use_messages, use_playground, PlaygroundContext};
use crate::services::lessons::{self, save_progress};
use crate::services::playground::{now_ms, save_history, PlaygroundHandle};

/// The lesson being played (None until its sandbox is loaded), shared by the workspace
/// and the panel; equal when it is the same one.
#[derive(Clone, Default)]
pub struct LessonRunRef(pub Rc<RefCell<Option<LessonRun>>>);

impl PartialEq for LessonRunRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Inline Markdown: `code` and **bold**; everything else is text (never markup).
fn inline(text: &str) -> Html {
    let mut nodes = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            nodes.push(html! { <code>{ part }</code> });
            continue;
        }
        for (j, piece) in part.split("**").enumerate() {
            if j % 2 == 1 {
                nodes.push(html! { <strong>{ piece }</strong> });
            } else if !piece.is_empty() {
                nodes.push(html! { { piece } });
            }
        }
    }
    nodes.into_iter().collect::<Html>()
}

/// The end of the AOF, as the bytes read: `\r\n` shown, then a line break.
fn aof_tail(playground: &PlaygroundHandle, t: &Messages) -> Html {
    let p = playground.read();
    let text: String = p
        .aof
        .recent()
        .map(|bytes| String::from_utf8_lossy(bytes).replace("\r\n", "\\r\\n") + "\n")
        .collect();
    let text = if text.is_empty() {
        tr!(t, "lesson-aof-empty")
    } else {
        text
    };
    html! { <pre class="aof-tail" aria-label={tr!(t, "lesson-aof-tail")}>{ text }</pre> }
}

/// The reply a command line gave when the lesson was rehearsed, and whether the learner
/// has run it in this step (the reply is folded until then).
pub struct Reply {
    pub text: String,
    pub ran: bool,
}

/// Command lines to click (put in the prompt) or run (▶), for lessons and widgets. A
/// line of a solution may be `@2 CMD` (run in Client 2, opened if needed), `@wait MS`
/// (shown as a pause) or `@clock ...` (a button that works the clock).
pub fn command_block(
    lines: &[String],
    replies: &[Option<Reply>],
    playground: &PlaygroundContext,
    session: usize,
    on_prefill: &Callback<String>,
    t: &Messages,
) -> Html {
    let run = |target: Option<usize>, line: String| {
        let playground = playground.handle.clone();
        Callback::from(move |_: MouseEvent| {
            playground.update(|p| {
                let session = match target {
                    Some(t) => {
                        while p.sessions.len() <= t {
                            p.open_session(now_ms());
                        }
                        t
                    }
                    None => session,
                };
                p.submit(session, &line, now_ms());
                save_history(&p.history);
            })
        })
    };
    let clock = |action: ClockAction| {
        let playground = playground.handle.clone();
        Callback::from(move |_: MouseEvent| {
            let mut clock = playground.read().clock;
            action.apply(&mut clock, now_ms());
            playground.update(|p| p.set_clock(clock, now_ms()));
        })
    };
    let prefill = |line: String| {
        let on_prefill = on_prefill.clone();
        Callback::from(move |_: MouseEvent| on_prefill.emit(line.clone()))
    };
    let row = |i: usize, line: &String| -> Html {
        let reply = replies.get(i).and_then(Option::as_ref).map(|r| {
            html! {
                <details class="reply" open={r.ran}>
                    <summary>{ tr!(t, "command-reply") }</summary>
                    <pre aria-label={tr!(t, "command-reply-to", line = line)}>{ &r.text }</pre>
                </details>
            }
        });
        match lesson::action(line) {
            Ok(Action::Run(0, command)) => html! {
                <div class="command-line">
                    <button class="command-text" title={tr!(t, "command-type-title")} aria-label={tr!(t, "command-type", command = command)} onclick={prefill(command.to_string())}>{ command }</button>
                    <button class="command-run" title={tr!(t, "command-run-title")} aria-label={tr!(t, "command-run", command = command)} onclick={run(None, command.to_string())}>{ "▶" }</button>
                    { for reply }
                </div>
            },
            Ok(Action::Run(target, command)) => html! {
                <div class="command-line">
                    <span class="command-client">{ tr!(t, "client-name", n = target + 1) }</span>
                    <button class="command-text" title={tr!(t, "command-client-title", n = target + 1)} aria-label={tr!(t, "command-client", n = target + 1, command = command)} onclick={run(Some(target), command.to_string())}>{ command }</button>
                    { for reply }
                </div>
            },
            Ok(Action::Wait(ms)) => html! {
                <div class="command-line note">{ tr!(t, "command-wait", s = format!("{:.1}", ms as f64 / 1000.0)) }</div>
            },
            Ok(Action::Clock(action)) => {
                let label = match action {
                    ClockAction::Pause => tr!(t, "clock-pause-label"),
                    ClockAction::Resume => tr!(t, "clock-resume-label"),
                    ClockAction::Fast => tr!(t, "command-clock-fast"),
                    ClockAction::Normal => tr!(t, "command-clock-normal"),
                    ClockAction::Jump(ms) => tr!(t, "command-clock-jump", s = ms / 1000),
                };
                html! {
                    <div class="command-line">
                        <button class="command-text" onclick={clock(action)}>{ label }</button>
                    </div>
                }
            }
            Err(_) => html! {},
        }
    };
    html! {
        <div class="command-block">
            { for lines.iter().enumerate().map(|(i, line)| row(i, line)) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub lesson: Rc<Lesson>,
    pub run: LessonRunRef,
    /// The sandbox is loaded and the lesson started.
    pub ready: bool,
    /// The terminal session commands run in.
    pub session: usize,
    pub on_prefill: Callback<String>,
    /// In the full app (not a widget): a way back to the lesson list and on to the next.
    #[prop_or_default]
    pub home: bool,
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let pg = use_playground();
    let t = use_messages();
    let confirm_reset = use_state(|| false);
    let hints_shown = use_state(|| 0usize);
    let solution_shown = use_state(|| false);
    // The replies of the reference solution, played once in a sandbox of its own.
    let rehearsal = use_memo(props.lesson.id.clone(), {
        let lesson = props.lesson.clone();
        move |_| lesson::rehearse(&lesson, &Pace::instant()).unwrap_or_default()
    });
    // Opening another step resets what was revealed on this one.
    let opened = props.run.0.borrow().as_ref().map(|r| r.progress.step);
    {
        let (hints_shown, solution_shown, confirm_reset) =
            (hints_shown.clone(), solution_shown.clone(), confirm_reset.clone());
        use_effect_with(opened, move |_| {
            hints_shown.set(0);
            solution_shown.set(false);
            confirm_reset.set(false);
        });
    }
    let run_ref = props.run.0.borrow();
    let lesson = &props.lesson;
    let header = html! {
        <header class="lesson-head">
            if props.home {
                <a class="lesson-back" href="./">{ tr!(t, "lesson-all") }</a>
            }
            <h2>{ &lesson.title }</h2>
        </header>
    };
    let Some(run) = run_ref.as_ref() else {
        return html! {
            <section class="pane lesson-pane" aria-label={tr!(t, "lesson")}>
                { header }
                <p class="muted">{ tr!(t, "lesson-loading-keyspace") }</p>
            </section>
        };
    };
    let progress = &run.progress;
    let current = progress.step;
    let step = run.step();
    let done = progress.completed[current];
    let finished = progress.finished();
    let stale = run.stale(&pg.read(), now_ms());

    let act = |f: fn(&mut LessonRun, &mut keyspace_playground::playground::Playground, usize)| {
        let (run, playground) = (props.run.clone(), pg.handle.clone());
        move |arg: usize| {
            let (run, playground) = (run.clone(), playground.clone());
            Callback::from(move |_: MouseEvent| {
                // The run is released before the follow-up, which checks the lesson.
                let progress = {
                    let mut run = run.0.borrow_mut();
                    let Some(r) = run.as_mut() else { return };
                    f(r, &mut playground.quietly(), arg);
                    (r.lesson.clone(), r.progress.clone())
                };
                save_progress(&progress.0, &progress.1);
                playground.refresh();
            })
        }
    };
    let go = act(|r, p, to| r.go_to(to, p, now_ms()));
    let reset_step = act(|r, p, _| r.reset_step(p, now_ms()))(0);
    let reset_lesson = {
        let reset = act(|r, p, _| r.reset_lesson(p, now_ms()))(0);
        let confirm_reset = confirm_reset.clone();
        Callback::from(move |e: MouseEvent| {
            confirm_reset.set(false);
            reset.emit(e);
        })
    };

    let replies_for = |lines: &[String]| -> Vec<Option<Reply>> {
        let transcript = rehearsal.get(current);
        lines
            .iter()
            .map(|line| {
                let text = transcript?.iter().find(|(l, _)| l == line).map(|(_, r)| r.clone())?;
                let command = match lesson::action(line) {
                    Ok(Action::Run(_, c)) => c,
                    _ => line,
                };
                Some(Reply {
                    ran: run.reply_to(command).is_some(),
                    text,
                })
            })
            .collect()
    };
    let blocks = step.blocks.iter().map(|block| match block {
        Block::Paragraph(text) => html! { <p>{ inline(text) }</p> },
        Block::List(items) => html! { <ul>{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ul> },
        Block::Commands(lines) => command_block(lines, &replies_for(lines), &pg, props.session, &props.on_prefill, &t),
        Block::AofTail => aof_tail(&pg, &t),
    });
    let shown = (*hints_shown).min(step.hints.len());
    let more_hints = shown < step.hints.len();
    let next_lesson = if props.home && finished {
        lessons::next(&lesson.id)
    } else {
        None
    };

    html! {
        <section class="pane lesson-pane" aria-label={tr!(t, "lesson")}>
            { header }
            <ol class="lesson-steps" aria-label={tr!(t, "lesson-steps")}>
                { for lesson.steps.iter().enumerate().map(|(i, s)| html! {
                    <li>
                        <button
                            class={classes!("step-dot", progress.completed[i].then_some("done"), (i == current).then_some("current"))}
                            aria-label={if progress.completed[i] { tr!(t, "lesson-step-done", n = i + 1, title = &s.title) } else { tr!(t, "lesson-step", n = i + 1, title = &s.title) }}
                            aria-current={(i == current).then_some("step")}
                            onclick={go(i)}
                        >{ if progress.completed[i] { "✓".to_string() } else { (i + 1).to_string() } }</button>
                    </li>
                }) }
            </ol>
            <article class="lesson-step">
                <h3>
                    { format!("{}. {}", current + 1, step.title) }
                    if step.is_challenge() {
                        <span class="badge">{ tr!(t, "lesson-challenge") }</span>
                    }
                </h3>
                if !run.prepared.is_empty() {
                    <div class="prepared" role="note" aria-label={tr!(t, "lesson-prepared")}>
                        <p>{ tr!(t, "lesson-prepared-text") }</p>
                        <pre>{ run.prepared.join("\n") }</pre>
                    </div>
                }
                if !done && stale {
                    <p class="stale" role="alert">
                        { tr!(t, "lesson-stale") }{ " " }
                        <button onclick={go(current)}>{ tr!(t, "lesson-stale-again") }</button>
                    </p>
                }
                { for blocks }
                { for step.hints[..shown].iter().enumerate().map(|(i, h)| html! {
                    <p class="hint-text"><strong>{ tr!(t, "lesson-hint-n", n = i + 1) }{ " " }</strong>{ inline(h) }</p>
                }) }
                <div class="step-help">
                    if more_hints && !done {
                        <button onclick={{ let h = hints_shown.clone(); Callback::from(move |_| h.set(shown + 1)) }}>
                            { if shown == 0 { tr!(t, "lesson-hint") } else { tr!(t, "lesson-another-hint", n = shown + 1, total = step.hints.len()) } }
                        </button>
                    }
                    if step.is_challenge() && !*solution_shown {
                        <button onclick={{ let s = solution_shown.clone(); Callback::from(move |_| s.set(true)) }}>{ tr!(t, "lesson-show-solution") }</button>
                    }
                </div>
                if step.is_challenge() && *solution_shown {
                    <div class="solution" aria-label={tr!(t, "lesson-solution")}>
                        <p>{ tr!(t, "lesson-solution-text") }</p>
                        { command_block(&step.solution, &replies_for(&step.solution), &pg, props.session, &props.on_prefill, &t) }
                    </div>
                }
            </article>
            <p class={classes!("step-status", done.then_some("done"))} role="status" aria-label={tr!(t, "lesson-step-status")}>{
                if finished && done {
                    tr!(t, "lesson-complete")
                } else if done {
                    tr!(t, "lesson-step-complete")
                } else if step.is_challenge() {
                    tr!(t, "lesson-your-turn")
                } else {
                    tr!(t, "lesson-try")
                }
            }</p>
            if let Some(next) = next_lesson {
                <p class="next-lesson"><a href={format!("?lesson={}", next.id)}>{ tr!(t, "lesson-next-lesson", title = next.title_in(t.lang())) }</a></p>
            }
            <nav class="lesson-nav" aria-label={tr!(t, "lesson-nav")}>
                <button disabled={current == 0} onclick={go(current.saturating_sub(1))}>{ tr!(t, "lesson-previous") }</button>
                <button class={classes!(done.then_some("primary"))} disabled={current + 1 >= lesson.steps.len()} onclick={go(current + 1)}>{ tr!(t, "lesson-next") }</button>
                <button onclick={reset_step} title={tr!(t, "lesson-reset-step-title")}>{ tr!(t, "lesson-reset-step") }</button>
                if *confirm_reset {
                    <span role="group" aria-label={tr!(t, "confirm-reset")}>
                        <button onclick={reset_lesson}>{ tr!(t, "lesson-reset-confirm") }</button>
                        <button onclick={{ let c = confirm_reset.clone(); Callback::from(move |_| c.set(false)) }}>{ tr!(t, "cancel") }</button>
                    </span>
                } else {
                    <button onclick={{ let c = confirm_reset.clone(); Callback::from(move |_| c.set(true)) }}>{ tr!(t, "lesson-reset") }</button>
                }
            </nav>
        </section>
    }
}

/// The home page's lessons, beside the terminal: each with its progress, and where to
/// go on (each lesson opens in its own sandbox).
#[cfg(feature = "app")]
#[function_component(LessonList)]
pub fn lesson_list() -> Html {
    use crate::services::lessons::load_progress;
    use keyspace_playground::lesson::Suggestion;
    let t = use_messages();
    // Fetched when the list first shows (all at once; the browser caches them).
    let fetched = use_state(|| None::<(Vec<Rc<Lesson>>, Option<String>)>);
    {
        let (fetched, t) = (fetched.clone(), t.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move { fetched.set(Some(lessons::fetch_all(&t).await)) })
        });
    }
    let Some((lessons, error)) = &*fetched else {
        return html! {
            <section class="pane lessons-pane" aria-label={tr!(t, "lessons")}>
                <h2>{ tr!(t, "lessons-title") }</h2>
                <p class="muted" role="status">{ tr!(t, "lessons-loading") }</p>
            </section>
        };
    };
    let progress: Vec<_> = lessons.iter().map(|l| load_progress(l)).collect();
    let suggested = lesson::suggest(&progress);
    html! {
        <section class="pane lessons-pane" aria-label={tr!(t, "lessons")}>
            <h2>{ tr!(t, "lessons-title") }</h2>
            <p class="muted">{ tr!(t, "lessons-free-play") }</p>
            if let Some(error) = error {
                <p class="lesson-error" role="alert">{ error.clone() }</p>
            }
            <ol class="lesson-list" aria-label={tr!(t, "lessons-list")}>
                { for lessons.iter().zip(&progress).enumerate().map(|(i, (lesson, progress))| {
                    let badge = match suggested {
                        Some((s, Suggestion::StartHere)) if s == i => Some(tr!(t, "lessons-start-here")),
                        Some((s, Suggestion::Continue)) if s == i => Some(tr!(t, "lessons-continue")),
                        Some((s, Suggestion::Next)) if s == i => Some(tr!(t, "lesson-next")),
                        _ => None,
                    };
                    let status = if progress.finished() {
                        tr!(t, "lessons-done")
                    } else {
                        tr!(t, "lessons-progress", done = progress.done(), n = lesson.steps.len())
                    };
                    html! {
                        <li class={classes!(badge.is_some().then_some("suggested"))}>
                            <a href={format!("?lesson={}", lesson.id)}>{ &lesson.title }</a>
                            if let Some(badge) = badge {
                                <span class="badge">{ badge }</span>
                            }
                            <span class="lesson-progress">{ format!(" {status}") }</span>
                            <p>{ &lesson.summary }</p>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
