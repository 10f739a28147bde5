//! The redis-cli terminal: one tab per session (client connection), the scrollback of
//! the session shown, and its prompt line. What a line prints is decided by
//! `keyspace_playground::repl`, what a key does by `keyspace_playground::prompt`; these
//! components render and forward.

mod prompt_line;
mod scrollback;
mod tab_bar;

use yew::prelude::*;

use crate::hooks::use_playground;
use prompt_line::PromptLine;
use scrollback::Scrollback;
use tab_bar::TabBar;

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    /// The session shown.
    pub session: usize,
    /// False while the stored keyspace is replayed: typing waits.
    pub ready: bool,
    pub on_session: Callback<usize>,
    /// A command put in the prompt from outside (a lesson's command block), numbered so
    /// the same text twice is two requests.
    #[prop_or_default]
    pub prefill: Option<(u64, String)>,
}

#[function_component(Terminal)]
pub fn terminal(props: &TerminalProps) -> Html {
    let pg = use_playground();
    let t = crate::hooks::use_messages();
    let input_ref = use_node_ref();
    // Clicking the terminal focuses the prompt unless text is being selected.
    let focus_input = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let selecting = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .is_some_and(|s| !s.is_collapsed());
            if !selecting {
                if let Some(el) = input_ref.cast::<web_sys::HtmlInputElement>() {
                    let _ = el.focus();
                }
            }
        })
    };
    // The session shown exists (the first one when the index is stale).
    let session = props.session.min(pg.read().sessions.len().saturating_sub(1));
    html! {
        <section class="pane terminal-pane" aria-label={keyspace_playground::tr!(t, "terminal")}>
            <TabBar {session} on_session={props.on_session.clone()} />
            <div class="terminal" onclick={focus_input}>
                <Scrollback {session} />
                <PromptLine {session} ready={props.ready} prefill={props.prefill.clone()} {input_ref} />
            </div>
        </section>
    }
}
