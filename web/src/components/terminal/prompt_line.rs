//! The prompt line: redis-cli's prompt, the field, the grey hint, Ctrl+R's match, and
//! what the session is doing (a paste running, a blocking command, a subscription).
//! Keys go to `keyspace_playground::prompt::Prompt`; this carries out what it says.

use keyspace_playground::prompt::{Key, KeyAction, Prompt};
use keyspace_playground::tr;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::hooks::use_playground;
use crate::services::playground::{now_ms, save_history};

#[derive(Properties, PartialEq)]
pub struct PromptLineProps {
    pub session: usize,
    pub ready: bool,
    pub prefill: Option<(u64, String)>,
    pub input_ref: NodeRef,
}

#[function_component(PromptLine)]
pub fn prompt_line(props: &PromptLineProps) -> Html {
    let pg = use_playground();
    let t = crate::hooks::use_messages();
    let prompt = use_state(Prompt::default);
    {
        let (prompt, input_ref) = (prompt.clone(), props.input_ref.clone());
        use_effect_with(props.prefill.clone(), move |prefill| {
            if let Some((_, text)) = prefill {
                let mut next = (*prompt).clone();
                next.input = text.clone();
                next.search = None;
                prompt.set(next);
                if let Some(el) = input_ref.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    let oninput = {
        let (pg, prompt) = (pg.clone(), prompt.clone());
        Callback::from(move |e: InputEvent| {
            let mut next = (*prompt).clone();
            next.typed(
                e.target_unchecked_into::<HtmlInputElement>().value(),
                &pg.read().history,
            );
            prompt.set(next);
        })
    };
    let onkeydown = {
        let (pg, prompt, session) = (pg.clone(), prompt.clone(), props.session);
        Callback::from(move |e: KeyboardEvent| {
            let name = e.key();
            let key = Key {
                name: &name,
                ctrl: e.ctrl_key() || e.meta_key(),
            };
            let mut next = (*prompt).clone();
            let action = next.key(key, &mut pg.quietly().history);
            if action != KeyAction::Ignored {
                e.prevent_default();
            }
            prompt.set(next);
            match action {
                KeyAction::Ignored | KeyAction::Handled => {}
                KeyAction::Submit(line) => pg.update(|p| {
                    p.submit(session, &line, now_ms());
                    if !pg.sandbox {
                        save_history(&p.history);
                    }
                }),
                KeyAction::Interrupt => pg.update(|p| p.interrupt(session, now_ms())),
                KeyAction::ClearScreen => pg.update(|p| {
                    if let Some(s) = p.sessions.get_mut(session) {
                        s.lines.clear();
                    }
                }),
            }
        })
    };
    // Pasting several lines runs them in order, like typing them; a long paste runs in
    // slices (the workspace's clock drives it) and Ctrl+C stops it.
    let onpaste = {
        let (pg, prompt, session) = (pg.clone(), prompt.clone(), props.session);
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
                return;
            };
            let Some(mut text) = e.clipboard_data().and_then(|d| d.get_data("text").ok()) else {
                return;
            };
            if !text.contains('\n') {
                return;
            }
            e.prevent_default();
            // Complete lines run; what follows the last newline stays at the prompt.
            let last = text.rfind('\n').map(|i| text.split_off(i + 1)).unwrap_or_default();
            let mut next = (*prompt).clone();
            next.input = last;
            prompt.set(next);
            pg.update(|p| p.queue_text(session, text));
        })
    };

    let p = pg.read();
    let shown = p.sessions.get(props.session);
    let (busy, subscribed) = shown.map_or((false, false), |s| (s.waiting(), s.subscribed(&p.engine)));
    let label = prompt.label(&p.prompt(props.session));
    let field = prompt.field().to_string();
    let found = prompt.search.as_ref().and_then(|s| s.found.clone()).map(|(_, t)| t);
    html! {
        <>
            <div class={classes!("input-line", busy.then_some("busy"))}>
                <span class="prompt">{ if busy { String::new() } else { label } }</span>
                <span class="input-wrap">
                    <span class="mirror" aria-hidden="true">{ &field }</span>
                    if let Some(h) = prompt.hint() { <span class="hint" aria-hidden="true">{ h }</span> }
                    <input
                        ref={props.input_ref.clone()}
                        type="text"
                        aria-label={tr!(t, "terminal-command")}
                        disabled={!props.ready}
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        value={field.clone()}
                        {oninput}
                        {onkeydown}
                        {onpaste}
                    />
                </span>
                if let Some(found) = found {
                    <span class="search-match">{ found }</span>
                }
            </div>
            if let Some((done, total)) = shown.and_then(|s| s.paste_progress()) {
                <div class="status note" role="status" aria-label={tr!(t, "paste-progress")}>
                    { tr!(t, "paste-running", done = done, total = total) }
                </div>
            } else if busy || subscribed {
                <div class="status note">{ if busy { tr!(t, "terminal-waiting") } else { tr!(t, "terminal-subscribed") } }</div>
            }
        </>
    }
}
