//! The redis-cli terminal: client tabs, scrollback, prompt, hint, history (Up/Down,
//! Ctrl+R), Tab completion, Ctrl+L, Ctrl+C, multi-line paste. What a line prints is
//! decided by `keyspace_playground::repl`; this component only renders and forwards keys.

use keyspace_playground::repl::{self, LineKind};
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use crate::shared::{now_ms, save_history, Shared};

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub playground: Shared,
    pub revision: u64,
    pub tab: usize,
    /// False while the stored keyspace is replayed: typing waits.
    pub ready: bool,
    pub on_change: Callback<()>,
    pub on_tab: Callback<usize>,
    /// A command put in the prompt from outside (a lesson's command block), numbered so
    /// the same text twice is two requests.
    #[prop_or_default]
    pub prefill: Option<(u64, String)>,
}

/// Ctrl+R state: what is searched and which history entry matched.
#[derive(Clone, PartialEq, Default)]
struct Search {
    needle: String,
    found: Option<(usize, String)>,
}

#[function_component(Terminal)]
pub fn terminal(props: &TerminalProps) -> Html {
    let input = use_state(String::new);
    let search = use_state(|| None::<Search>);
    let completion = use_mut_ref(|| (String::new(), Vec::<String>::new(), 0usize));
    let log_ref = use_node_ref();
    let input_ref = use_node_ref();

    // Keep the newest output in view.
    {
        let log_ref = log_ref.clone();
        use_effect_with((props.revision, props.tab), move |_| {
            if let Some(log) = log_ref.cast::<Element>() {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }

    {
        let input = input.clone();
        let input_ref = input_ref.clone();
        use_effect_with(props.prefill.clone(), move |prefill| {
            if let Some((_, text)) = prefill {
                input.set(text.clone());
                if let Some(el) = input_ref.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                }
            }
        });
    }

    let submit_line = {
        let playground = props.playground.clone();
        let on_change = props.on_change.clone();
        let tab = props.tab;
        move |line: &str| {
            let mut p = playground.0.borrow_mut();
            p.submit(tab, line, now_ms());
            save_history(&p.history);
            drop(p);
            on_change.emit(());
        }
    };

    let oninput = {
        let input = input.clone();
        let search = search.clone();
        let playground = props.playground.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Some(_) = &*search {
                let found = playground
                    .0
                    .borrow()
                    .history
                    .search(&value, None)
                    .map(|(i, s)| (i, s.to_string()));
                search.set(Some(Search { needle: value, found }));
            } else {
                input.set(value);
            }
        })
    };

    let onkeydown = {
        let input = input.clone();
        let search = search.clone();
        let completion = completion.clone();
        let playground = props.playground.clone();
        let on_change = props.on_change.clone();
        let tab = props.tab;
        let submit_line = submit_line.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let ctrl = e.ctrl_key() || e.meta_key();
            if let Some(s) = &*search {
                match (ctrl, key.as_str()) {
                    (true, "r") => {
                        e.prevent_default();
                        let before = s.found.as_ref().map(|(i, _)| *i);
                        let found = playground
                            .0
                            .borrow()
                            .history
                            .search(&s.needle, before)
                            .map(|(i, t)| (i, t.to_string()));
                        if found.is_some() {
                            search.set(Some(Search {
                                needle: s.needle.clone(),
                                found,
                            }));
                        }
                    }
                    (false, "Enter") | (false, "Escape") | (false, "ArrowLeft") | (false, "ArrowRight") => {
                        e.prevent_default();
                        let accepted = s.found.as_ref().map(|(_, t)| t.clone()).unwrap_or_default();
                        search.set(None);
                        if key == "Escape" {
                            return;
                        }
                        if key == "Enter" && !accepted.is_empty() {
                            input.set(String::new());
                            submit_line(&accepted);
                        } else {
                            input.set(accepted);
                        }
                    }
                    (true, "c") | (true, "g") => {
                        e.prevent_default();
                        search.set(None);
                    }
                    _ => {}
                }
                return;
            }
            match (ctrl, key.as_str()) {
                (false, "Enter") => {
                    e.prevent_default();
                    let line = (*input).clone();
                    input.set(String::new());
                    submit_line(&line);
                }
                (false, "ArrowUp") => {
                    e.prevent_default();
                    if let Some(line) = playground.0.borrow_mut().history.up() {
                        input.set(line.to_string());
                    }
                }
                (false, "ArrowDown") => {
                    e.prevent_default();
                    if let Some(line) = playground.0.borrow_mut().history.down() {
                        input.set(line.to_string());
                    }
                }
                (false, "Tab") => {
                    e.prevent_default();
                    // Repeated Tab cycles through the candidates, as redis-cli does.
                    let mut state = completion.borrow_mut();
                    let current = (*input).clone();
                    let cycling = !state.1.is_empty() && state.1.get(state.2) == Some(&current);
                    if cycling {
                        state.2 = (state.2 + 1) % state.1.len();
                    } else {
                        let candidates = repl::complete(&current);
                        *state = (current.clone(), candidates, 0);
                    }
                    if let Some(choice) = state.1.get(state.2) {
                        input.set(choice.clone());
                    }
                }
                (true, "l") => {
                    e.prevent_default();
                    if let Some(t) = playground.0.borrow_mut().sessions.get_mut(tab) {
                        t.lines.clear();
                    }
                    on_change.emit(());
                }
                (true, "c") => {
                    e.prevent_default();
                    playground.0.borrow_mut().interrupt(tab, now_ms());
                    input.set(String::new());
                    on_change.emit(());
                }
                (true, "r") => {
                    e.prevent_default();
                    search.set(Some(Search::default()));
                }
                _ => {}
            }
        })
    };

    // Pasting several lines runs them in order, like typing them; a long paste runs in
    // slices (the workspace's clock drives it) and Ctrl+C stops it.
    let onpaste = {
        let playground = props.playground.clone();
        let on_change = props.on_change.clone();
        let tab = props.tab;
        let input = input.clone();
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
                return;
            };
            let Some(text) = e.clipboard_data().and_then(|d| d.get_data("text").ok()) else {
                return;
            };
            if !text.contains('\n') {
                return;
            }
            e.prevent_default();
            // Complete lines run; what follows the last newline stays at the prompt.
            let mut text = text;
            let last = text.rfind('\n').map(|i| text.split_off(i + 1)).unwrap_or_default();
            playground.0.borrow_mut().queue_text(tab, text);
            input.set(last);
            on_change.emit(());
        })
    };

    let focus_input = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            // Clicking the terminal focuses the prompt unless text is being selected.
            let selecting = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .is_some_and(|s| !s.is_collapsed());
            if !selecting {
                if let Some(el) = input_ref.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                }
            }
        })
    };

    let p = props.playground.0.borrow();
    let tab = p.sessions.get(props.tab).or_else(|| p.sessions.first());
    let prompt = p.prompt(props.tab);
    let hint = if search.is_some() { None } else { repl::hint(&input) };
    let (busy, subscribed) = tab.map_or((false, false), |t| (t.waiting(), t.subscribed(&p.engine)));

    let tabs = p.sessions.iter().enumerate().map(|(i, t)| {
        let on_tab = props.on_tab.clone();
        let state = if t.waiting() {
            " (blocked)"
        } else if t.subscribed(&p.engine) {
            " (subscribed)"
        } else {
            ""
        };
        html! {
            <button role="tab" aria-selected={(i == props.tab).to_string()} class={classes!("tab", (i == props.tab).then_some("active"))}
                onclick={Callback::from(move |_| on_tab.emit(i))}>
                { format!("{}{}", t.name, state) }
            </button>
        }
    });
    let new_tab = {
        let playground = props.playground.clone();
        let on_tab = props.on_tab.clone();
        Callback::from(move |_| {
            let index = playground.0.borrow_mut().open_session(now_ms());
            on_tab.emit(index);
        })
    };

    let lines = tab.map(|t| t.lines.as_slice()).unwrap_or_default().iter().map(|line| {
        let kind = match line.kind {
            LineKind::Input => "in",
            LineKind::Output => "out",
            LineKind::Error => "err",
            LineKind::Note => "note",
        };
        html! { <div class={classes!("line", kind)}>{ &line.text }</div> }
    });

    let (label, value) = match &*search {
        Some(s) => (
            format!("(reverse-i-search)`{}': ", s.needle),
            s.found.as_ref().map(|(_, t)| t.clone()).unwrap_or_default(),
        ),
        None => (prompt, (*input).clone()),
    };
    let typed = match &*search {
        Some(s) => s.needle.clone(),
        None => (*input).clone(),
    };

    html! {
        <section class="pane terminal-pane" aria-label="Terminal">
            <div class="tabs" role="tablist" aria-label="Clients">
                { for tabs }
                <button class="tab new" aria-label="New client" title="Open another client connection" onclick={new_tab}>{ "+" }</button>
            </div>
            <div class="terminal" onclick={focus_input}>
                <div class="output" role="log" aria-label="Terminal output" aria-live="polite" ref={log_ref}>
                    { for lines }
                </div>
                <div class={classes!("input-line", busy.then_some("busy"))}>
                    <span class="prompt">{ if busy { String::new() } else { label } }</span>
                    <span class="input-wrap">
                        <span class="mirror" aria-hidden="true">{ &typed }</span>
                        if let Some(h) = hint { <span class="hint" aria-hidden="true">{ h }</span> }
                        <input
                            ref={input_ref}
                            type="text"
                            aria-label="Command"
                            disabled={!props.ready}
                            spellcheck="false"
                            autocomplete="off"
                            autocapitalize="off"
                            value={if search.is_some() { typed.clone() } else { value }}
                            {oninput}
                            {onkeydown}
                            {onpaste}
                        />
                    </span>
                    if search.is_some() {
                        if let Some((_, found)) = search.as_ref().and_then(|s| s.found.clone()) {
                            <span class="search-match">{ found }</span>
                        }
                    }
                </div>
                if let Some((done, total)) = tab.and_then(|t| t.paste_progress()) {
                    <div class="status note" role="status" aria-label="Paste progress">
                        { format!("Running pasted lines: {done} of {total} (Ctrl+C to stop)") }
                    </div>
                } else if busy || subscribed {
                    <div class="status note">{ if busy { "Waiting for a reply... (Ctrl+C to cancel)" } else { "Subscribed: messages appear as they arrive (Ctrl+C to leave)" } }</div>
                }
            </div>
        </section>
    }
}

use wasm_bindgen::JsCast;
