//! A tab per session ("Client 1", "Client 2 (blocked)"...) and + for a new one.

use keyspace_playground::tr;
use yew::prelude::*;

use crate::hooks::{use_messages, use_playground};
use crate::services::playground::now_ms;

#[derive(Properties, PartialEq)]
pub struct TabBarProps {
    pub session: usize,
    pub on_session: Callback<usize>,
}

#[function_component(TabBar)]
pub fn tab_bar(props: &TabBarProps) -> Html {
    let pg = use_playground();
    let t = use_messages();
    let new_session = {
        let (pg, on_session) = (pg.clone(), props.on_session.clone());
        Callback::from(move |_| on_session.emit(pg.update(|p| p.open_session(now_ms()))))
    };
    let p = pg.read();
    let tabs = p.sessions.iter().enumerate().map(|(i, s)| {
        let on_session = props.on_session.clone();
        let name = tr!(t, "client-name", n = s.id);
        let name = if s.waiting() {
            tr!(t, "client-blocked", name = name)
        } else if s.subscribed(&p.engine) {
            tr!(t, "client-subscribed", name = name)
        } else {
            name
        };
        html! {
            <button role="tab" aria-selected={(i == props.session).to_string()} class={classes!("tab", (i == props.session).then_some("active"))}
                onclick={Callback::from(move |_| on_session.emit(i))}>
                { name }
            </button>
        }
    });
    html! {
        // The "+" button is no tab: it sits beside the tab list, not in it (a tablist
        // holds tabs only).
        <div class="tabs">
            <div class="tab-list" role="tablist" aria-label={tr!(t, "clients")}>{ for tabs }</div>
            <button class="tab new" aria-label={tr!(t, "client-new")} title={tr!(t, "client-new-title")} onclick={new_session}>{ "+" }</button>
        </div>
    }
}
