//! A session's scrollback, kept scrolled to the newest line. Replies stay as the engine
//! gave them, in Redis's English; the work limit's refusal (an error of the playground's
//! own) is explained below it in the interface's language.

use keyspace_engine::budget::REFUSAL_PREFIX;
use keyspace_playground::i18n::Lang;
use keyspace_playground::repl::LineKind;
use keyspace_playground::tr;
use web_sys::Element;
use yew::prelude::*;

use crate::hooks::use_playground;

#[derive(Properties, PartialEq)]
pub struct ScrollbackProps {
    pub session: usize,
}

#[function_component(Scrollback)]
pub fn scrollback(props: &ScrollbackProps) -> Html {
    let pg = use_playground();
    let t = crate::hooks::use_messages();
    let log_ref = use_node_ref();
    {
        let log_ref = log_ref.clone();
        use_effect_with((pg.revision, props.session), move |_| {
            if let Some(log) = log_ref.cast::<Element>() {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }
    let p = pg.read();
    let lines = p
        .sessions
        .get(props.session)
        .map(|s| s.lines.as_slice())
        .unwrap_or_default();
    html! {
        <div class="output" role="log" aria-label={tr!(t, "terminal-output")} aria-live="polite" ref={log_ref}>
            { for lines.iter().map(|line| {
                let kind = match line.kind {
                    LineKind::Input => "in",
                    LineKind::Output => "out",
                    LineKind::Error => "err",
                    LineKind::Note => "note",
                };
                let explained = (line.kind == LineKind::Error && t.lang() != Lang::En && line.text.contains(REFUSAL_PREFIX))
                    .then(|| html! { <div class="line note">{ tr!(t, "work-limit-note") }</div> });
                html! { <><div class={classes!("line", kind)}>{ &line.text }</div>{ for explained }</> }
            }) }
        </div>
    }
}
