//! The key inspector: keys of one database with type, TTL countdown and size, kept
//! current from change events (see `keyspace_playground::playground`); a glob filter; and
//! the selected key's value in a view made for its type.

use keyspace_engine::engine::DB_COUNT;
use keyspace_playground::inspect::{self, format_ttl, KeySummary};
use keyspace_playground::tr;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::clock_control::ClockControl;
use crate::hooks::{use_messages, use_playground};
use crate::services::playground::now_ms;

mod value;

/// Every key row has this height (see `.key-row` in style.css): the list only draws
/// the rows in view, with spacers standing for the others, so 10,000 keys cost what
/// 30 do.
const ROW_HEIGHT: i32 = 28;
/// Rows drawn beyond the visible ones, so fast scrolling shows no gap.
const OVERSCAN: usize = 8;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// Real time at the last tick (countdowns redraw with it).
    pub now: i64,
    /// Where the keyspace is kept (the clock is kept beside it); None: in memory.
    #[prop_or_default]
    pub instance: Option<AttrValue>,
    pub selected: Option<Vec<u8>>,
    pub filter: String,
    pub on_select: Callback<Option<Vec<u8>>>,
    pub on_filter: Callback<String>,
}

pub(crate) fn text(bytes: &[u8]) -> String {
    inspect::readable(bytes).into_owned()
}

/// `list`: "k" for a live row, "f" for a fading one (the same key may be both).
fn row(summary: &KeySummary, now: i64, class: Classes, on_select: &Callback<Option<Vec<u8>>>, list: &str) -> Html {
    let hex: String = summary.key.iter().map(|b| format!("{b:02x}")).collect();
    let dom_key = format!("{list}:{hex}");
    let ttl = summary
        .expire_at
        .map_or_else(|| "—".to_string(), |at| format_ttl(at - now));
    let kind = summary.kind.name();
    let key = summary.key.clone();
    let on_select = on_select.clone();
    let choose = {
        let on_select = on_select.clone();
        let key = key.clone();
        Callback::from(move |_: MouseEvent| on_select.emit(Some(key.clone())))
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            on_select.emit(Some(key.clone()));
        }
    });
    html! {
        <div key={dom_key} role="row" class={classes!("key-row", class)} onclick={choose} {onkeydown} tabindex="0">
            <span role="cell" class="key" title={text(&summary.key)}>{ text(&summary.key) }</span>
            <span role="cell" class={classes!("type", kind)}>{ kind }</span>
            <span role="cell" class={classes!("ttl", summary.expire_at.is_some().then_some("volatile"))}>{ ttl }</span>
            <span role="cell" class="size">{ summary.size }</span>
        </div>
    }
}

/// Sets an element's height through the CSSOM (the CSP forbids inline style attributes).
fn set_height(node: &NodeRef, px: i32) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el.style().set_property("height", &format!("{px}px"));
    }
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    // The list's scroll position and height decide which rows are drawn.
    let viewport = use_state(|| (0i32, 600i32));
    let table_ref = use_node_ref();
    let top_spacer = use_node_ref();
    let bottom_spacer = use_node_ref();
    let on_scroll = {
        let viewport = viewport.clone();
        let table_ref = table_ref.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = table_ref.cast::<Element>() {
                viewport.set((el.scroll_top(), el.client_height()));
            }
        })
    };
    let pg = use_playground();
    let t = use_messages();
    let p = pg.read();
    // Countdowns are computed from absolute expiry times at each render (no drift), at
    // the time the engine sees now (the learner may have paused or sped up the clock).
    let now = p.now(now_ms());
    let counts = p.engine.key_counts();

    let on_db = {
        let pg = pg.clone();
        let on_select = props.on_select.clone();
        Callback::from(move |e: Event| {
            let db: usize = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(0);
            pg.update(|p| p.inspect_db(db, now_ms()));
            on_select.emit(None);
        })
    };
    let on_filter = {
        let on_filter = props.on_filter.clone();
        Callback::from(move |e: InputEvent| on_filter.emit(e.target_unchecked_into::<HtmlInputElement>().value()))
    };

    let pattern = props.filter.trim().as_bytes().to_vec();
    let matches =
        |k: &[u8]| pattern.is_empty() || pattern == b"*" || keyspace_engine::glob::matches(&pattern, k, false);
    let visible: Vec<&KeySummary> = p
        .keys
        .values()
        .filter(|k| k.expire_at.is_none_or(|at| at > now))
        .filter(|k| matches(&k.key))
        .collect();
    let total = visible.len();
    let fading: Vec<&KeySummary> = p.removed.iter().map(|(k, _)| k).filter(|k| matches(&k.key)).collect();
    let (scroll_top, height) = *viewport;
    let first = ((scroll_top / ROW_HEIGHT).max(0) as usize)
        .saturating_sub(OVERSCAN)
        .min(total);
    let shown = (height / ROW_HEIGHT).max(1) as usize + 2 * OVERSCAN;
    let last = (first + shown).min(total);
    let (above, below) = (first as i32 * ROW_HEIGHT, (total - last) as i32 * ROW_HEIGHT);
    {
        let (top_spacer, bottom_spacer) = (top_spacer.clone(), bottom_spacer.clone());
        // Every render: the spacers' heights must follow whatever rows are drawn.
        use_effect(move || {
            set_height(&top_spacer, above);
            set_height(&bottom_spacer, below);
        });
    }
    let rows = visible[first..last].iter().map(|k| {
        let class = classes!(
            p.touched.contains(&k.key).then_some("touched"),
            (props.selected.as_deref() == Some(k.key.as_slice())).then_some("selected")
        );
        row(k, now, class, &props.on_select, "k")
    });
    let fading_rows = fading
        .iter()
        .map(|k| row(k, now, classes!("fading"), &props.on_select, "f"));
    // One keyed list: yew moves rows and spacers by key instead of morphing one element
    // into another (a spacer's inline height once ended up on a key's row).
    let mut items = vec![html! { <div key="s:top" class="spacer" ref={top_spacer} aria-hidden="true"></div> }];
    items.extend(rows);
    items.push(html! { <div key="s:bottom" class="spacer" ref={bottom_spacer} aria-hidden="true"></div> });
    items.extend(fading_rows);

    html! {
        <section class="pane keys-pane" aria-label={tr!(t, "keys-pane")} role="region">
            <ClockControl instance={props.instance.clone()} now={props.now} clock={p.clock} />
            <div class="inspector-head">
                <label class="db-label">{ tr!(t, "keys-database") }{ " " }
                    <select aria-label={tr!(t, "keys-database")} onchange={on_db}>
                        { for (0..DB_COUNT).map(|db| html! {
                            <option value={db.to_string()} selected={db == p.inspected_db}>
                                { format!("db{db} ({})", counts[db]) }
                            </option>
                        }) }
                    </select>
                </label>
                <input class="filter" type="search" aria-label={tr!(t, "keys-filter")} placeholder={tr!(t, "keys-filter-placeholder")}
                    value={props.filter.clone()} oninput={on_filter} />
            </div>
            <p class="muted key-count">{ tr!(t, "keys-count", n = total) }</p>
            <div class="key-table" role="table" aria-label={tr!(t, "keys-table", db = p.inspected_db)}
                aria-rowcount={(total + 1).to_string()} ref={table_ref} onscroll={on_scroll}>
                <div role="row" class="key-row head">
                    <span role="columnheader">{ tr!(t, "keys-col-key") }</span>
                    <span role="columnheader">{ tr!(t, "keys-col-type") }</span>
                    <span role="columnheader">{ tr!(t, "keys-col-ttl") }</span>
                    <span role="columnheader">{ tr!(t, "keys-col-size") }</span>
                </div>
                { for items }
                if total == 0 && fading.is_empty() {
                    <p class="muted empty">{ tr!(t, "keys-empty") }</p>
                }
            </div>
            if let Some(key) = &props.selected {
                <div class="value-view" aria-label={tr!(t, "keys-value")}>
                    <h3>{ text(key) }</h3>
                    { value::value_view(&p, key, now, &t) }
                </div>
            }
        </section>
    }
}
