//! A guided lesson beside the terminal: the steps, the current step's text, its command
//! blocks (click to type one, ▶ to run it), hints, and whether its check holds. The
//! checks themselves are the engine's (`keyspace_engine::lesson`), run by the app after
//! every command and clock tick; they read the keyspace directly, so they never appear
//! in a terminal or in MONITOR.

use std::cell::RefCell;
use std::rc::Rc;

use keyspace_engine::lesson::{Block, Lesson, Progress};
use yew::prelude::*;

use crate::lessons::{all, load_progress, save_progress};
use crate::shared::{now_ms, save_history, Shared};

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
fn aof_tail(playground: &Shared) -> Html {
    let p = playground.0.borrow();
    let text: String = p
        .aof
        .recent()
        .map(|bytes| String::from_utf8_lossy(bytes).replace("\r\n", "\\r\\n") + "\n")
        .collect();
    let text = if text.is_empty() {
        "(nothing recorded yet: write something)".to_string()
    } else {
        text
    };
    html! { <pre class="aof-tail" aria-label="AOF tail">{ text }</pre> }
}

/// Command lines to click (put in the prompt) or run (▶), for lessons and widgets.
pub fn command_block(
    lines: &[String],
    playground: &Shared,
    tab: usize,
    on_change: &Callback<()>,
    on_prefill: &Callback<String>,
) -> Html {
    let run = |line: String| {
        let playground = playground.clone();
        let on_change = on_change.clone();
        Callback::from(move |_: MouseEvent| {
            let mut p = playground.0.borrow_mut();
            p.submit(tab, &line, now_ms());
            save_history(&p.history);
            drop(p);
            on_change.emit(());
        })
    };
    let prefill = |line: String| {
        let on_prefill = on_prefill.clone();
        Callback::from(move |_: MouseEvent| on_prefill.emit(line.clone()))
    };
    html! {
        <div class="command-block">
            { for lines.iter().map(|line| html! {
                <div class="command-line">
                    <button class="command-text" title="Put it in the prompt" aria-label={format!("Type: {line}")} onclick={prefill(line.clone())}>{ line }</button>
                    <button class="command-run" title="Run it now" aria-label={format!("Run: {line}")} onclick={run(line.clone())}>{ "▶" }</button>
                </div>
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub lesson: Rc<Lesson>,
    pub progress: Rc<RefCell<Progress>>,
    pub playground: Shared,
    pub revision: u64,
    pub tab: usize,
    pub on_change: Callback<()>,
    pub on_prefill: Callback<String>,
    pub on_reset: Callback<()>,
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let confirm_reset = use_state(|| false);
    let lesson = props.lesson.clone();
    let progress = props.progress.borrow().clone();
    let current = progress.step.min(lesson.steps.len() - 1);
    let step = &lesson.steps[current];
    let done = progress.completed[current];
    let finished = progress.completed.iter().all(|&c| c);

    let go = |to: usize| {
        let progress = props.progress.clone();
        let lesson = lesson.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |_: MouseEvent| {
            progress.borrow_mut().go_to(to);
            save_progress(&lesson, &progress.borrow());
            on_change.emit(());
        })
    };

    let blocks = step.blocks.iter().map(|block| match block {
        Block::Paragraph(text) => html! { <p>{ inline(text) }</p> },
        Block::List(items) => html! { <ul>{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ul> },
        Block::Commands(lines) => {
            command_block(lines, &props.playground, props.tab, &props.on_change, &props.on_prefill)
        }
        Block::AofTail => aof_tail(&props.playground),
    });

    html! {
        <section class="pane lesson-pane" aria-label="Lesson">
            <header class="lesson-head">
                <a class="lesson-back" href="./">{ "← Free play" }</a>
                <h2>{ &lesson.title }</h2>
            </header>
            <ol class="lesson-steps" aria-label="Steps">
                { for lesson.steps.iter().enumerate().map(|(i, s)| html! {
                    <li>
                        <button
                            class={classes!("step-dot", progress.completed[i].then_some("done"), (i == current).then_some("current"))}
                            aria-label={format!("Step {}: {}{}", i + 1, s.title, if progress.completed[i] { " (done)" } else { "" })}
                            aria-current={(i == current).then_some("step")}
                            onclick={go(i)}
                        >{ if progress.completed[i] { "✓".to_string() } else { (i + 1).to_string() } }</button>
                    </li>
                }) }
            </ol>
            <article class="lesson-step">
                <h3>{ format!("{}. {}", current + 1, step.title) }</h3>
                { for blocks }
                { for step.hints.iter().map(|h| html! {
                    <details class="hint"><summary>{ "Hint" }</summary><p>{ inline(h) }</p></details>
                }) }
            </article>
            <p class={classes!("step-status", done.then_some("done"))} role="status" aria-label="Step status">{
                if finished && done {
                    "✓ Lesson complete: every step done."
                } else if done {
                    "✓ Step complete."
                } else {
                    "Try the commands: the step completes when your keyspace shows it."
                }
            }</p>
            <nav class="lesson-nav">
                <button disabled={current == 0} onclick={go(current.saturating_sub(1))}>{ "Previous" }</button>
                <button class={classes!(done.then_some("primary"))} disabled={current + 1 >= lesson.steps.len()} onclick={go(current + 1)}>{ "Next" }</button>
                if *confirm_reset {
                    <span role="group" aria-label="Confirm reset">
                        <button onclick={{
                            let (confirm_reset, on_reset) = (confirm_reset.clone(), props.on_reset.clone());
                            Callback::from(move |_| { confirm_reset.set(false); on_reset.emit(()); })
                        }}>{ "Reset this lesson's keys and progress" }</button>
                        <button onclick={{ let c = confirm_reset.clone(); Callback::from(move |_| c.set(false)) }}>{ "Cancel" }</button>
                    </span>
                } else {
                    <button onclick={{ let c = confirm_reset.clone(); Callback::from(move |_| c.set(true)) }}>{ "Reset lesson" }</button>
                }
            </nav>
        </section>
    }
}

/// Every lesson with its progress, as links (each lesson opens in its own sandbox).
#[function_component(LessonIndex)]
pub fn lesson_index() -> Html {
    html! {
        <details class="lesson-index">
            <summary>{ "Lessons" }</summary>
            <ol aria-label="Lessons">
                { for all().iter().map(|lesson| {
                    let progress = load_progress(lesson);
                    let done = progress.completed.iter().filter(|&&c| c).count();
                    html! {
                        <li>
                            <a href={format!("?lesson={}", lesson.id)}>{ &lesson.title }</a>
                            <span class="lesson-progress">{ format!(" {done}/{} steps", lesson.steps.len()) }</span>
                            <p>{ &lesson.summary }</p>
                        </li>
                    }
                }) }
            </ol>
        </details>
    }
}
