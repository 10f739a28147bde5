//! The selected key's value, in a view made for its type: a string says what it reads
//! as, a hash and a list are tables, a sorted set a leaderboard, or the map-free
//! positions of a geo set (longitude, latitude and distances as GEOPOS and GEODIST
//! print them).

use keyspace_playground::i18n::Messages;
use keyspace_playground::inspect::{self, StringNature, ValueView};
use keyspace_playground::playground::Playground;
use keyspace_playground::tr;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::text;
use crate::hooks::{use_messages, use_playground};
use crate::services::playground::now_ms;

/// Elements shown of a selected collection.
const MAX_ELEMENTS: usize = 200;

pub(super) fn value_view(p: &Playground, key: &[u8], now: i64, t: &Messages) -> Html {
    let Some(view) = inspect::view(&p.engine, p.inspected_db, key, now, MAX_ELEMENTS) else {
        return html! { <p class="muted">{ tr!(t, "value-gone") }</p> };
    };
    let more = |shown: usize, total: usize| {
        (total > shown).then(|| html! { <p class="muted">{ tr!(t, "value-more", n = total - shown) }</p> })
    };
    match view {
        ValueView::String { bytes, nature } => {
            let label = match nature {
                StringNature::Integer => tr!(t, "value-integer"),
                StringNature::Float => tr!(t, "value-float"),
                StringNature::Text => tr!(t, "value-text"),
                StringNature::Binary => tr!(t, "value-binary"),
            };
            html! {
                <div class="value string">
                    <span class="badge">{ label }</span>
                    <pre>{ text(&bytes) }</pre>
                </div>
            }
        }
        ValueView::Hash { fields, total } => html! {
            <div class="value">
                <table><thead><tr><th>{ tr!(t, "value-col-field") }</th><th>{ tr!(t, "value-col-value") }</th></tr></thead>
                <tbody>{ for fields.iter().map(|(f, v)| html! { <tr><td>{ text(f) }</td><td>{ text(v) }</td></tr> }) }</tbody></table>
                { for more(fields.len(), total) }
            </div>
        },
        ValueView::List { items, total } => html! {
            <div class="value">
                <table><thead><tr><th>{ tr!(t, "value-col-index") }</th><th>{ tr!(t, "value-col-element") }</th></tr></thead>
                <tbody>{ for items.iter().enumerate().map(|(i, v)| html! { <tr><td class="num">{ i }</td><td>{ text(v) }</td></tr> }) }</tbody></table>
                { for more(items.len(), total) }
            </div>
        },
        ValueView::Set { members, total } => html! {
            <div class="value">
                <ul class="members">{ for members.iter().map(|m| html! { <li>{ text(m) }</li> }) }</ul>
                { for more(members.len(), total) }
            </div>
        },
        ValueView::Stream {
            entries,
            total,
            last_id,
            groups,
        } => html! {
            <div class="value stream">
                <p class="muted">{ tr!(t, "stream-last-id", id = last_id) }</p>
                { for groups.iter().map(|g| html! {
                    <p class="group">
                        <span class="badge">{ tr!(t, "stream-group") }</span>{ " " }<b>{ text(&g.name) }</b>
                        { tr!(t, "stream-group-state", id = &g.last_delivered_id, n = g.pending) }
                        if !g.consumers.is_empty() {
                            { " — " }
                            { for g.consumers.iter().enumerate().map(|(i, (name, pending))| html! {
                                <>{ if i > 0 { ", " } else { "" } }{ format!("{} ({pending})", text(name)) }</>
                            }) }
                        }
                    </p>
                }) }
                { for (total > entries.len()).then(|| html! {
                    <p class="muted">{ tr!(t, "stream-earlier", n = total - entries.len()) }</p>
                }) }
                <table><thead><tr><th>{ tr!(t, "stream-col-id") }</th><th>{ tr!(t, "stream-col-fields") }</th></tr></thead>
                <tbody>{ for entries.iter().map(|e| html! {
                    <tr>
                        <td class="id" title={id_time(&e.id, t)}>{ &e.id }</td>
                        <td>{ for e.fields.iter().map(|(f, v)| html! {
                            <span class="field"><span class="name">{ text(f) }</span>{ " " }{ text(v) }</span>
                        }) }</td>
                    </tr>
                }) }</tbody></table>
            </div>
        },
        ValueView::ZSet { ranked, total } => html! {
            <SortedSet key={text(key)} name={key.to_vec()} {ranked} {total} />
        },
    }
}

/// An entry ID's first part is the time it was added, in ms since 1970 (when XADD
/// chose it with `*`): shown as a date on hover.
fn id_time(id: &str, t: &Messages) -> String {
    // Dates end at 8.64e15 ms; toISOString throws beyond (an ID may be up to 2^64-1).
    match id.split('-').next().and_then(|ms| ms.parse::<f64>().ok()) {
        Some(ms) if ms <= 8.64e15 => {
            let date = js_sys::Date::new(&ms.into());
            tr!(t, "stream-id-time", date = String::from(date.to_iso_string()))
        }
        _ => String::new(),
    }
}

/// A coordinate as GEOPOS prints it (17 decimals), shortened to six.
fn short(coordinate: &str) -> String {
    coordinate
        .parse::<f64>()
        .map_or_else(|_| coordinate.to_string(), |c| format!("{c:.6}"))
}

#[derive(Properties, PartialEq)]
struct SortedSetProps {
    name: Vec<u8>,
    /// Highest score first: (member, score, the score as Redis prints it).
    ranked: Vec<(Vec<u8>, f64, String)>,
    total: usize,
}

/// A sorted set as a leaderboard, or as the positions GEOADD stored in it. A geo set
/// opens as positions (`GeoView::reads_as_places`); either view can be chosen, since
/// Redis has no type for geo sets: any sorted set's scores decode to positions.
#[function_component(SortedSet)]
fn sorted_set(props: &SortedSetProps) -> Html {
    let pg = use_playground();
    let t = use_messages();
    // None: as the set reads; Some(choice) once the learner picks a view.
    let as_places = use_state(|| None::<bool>);
    let from = use_state(|| None::<Vec<u8>>);
    let p = pg.read();
    let now = p.now(now_ms());
    let geo = inspect::geo_view(
        &p.engine,
        p.inspected_db,
        &props.name,
        now,
        from.as_deref(),
        MAX_ELEMENTS,
    );
    let places = (*as_places).unwrap_or_else(|| geo.as_ref().is_some_and(|g| g.reads_as_places));
    let choose = |value: bool| {
        let as_places = as_places.clone();
        Callback::from(move |_: MouseEvent| as_places.set(Some(value)))
    };
    let switch = html! {
        <div class="view-switch" role="group" aria-label={tr!(t, "zset-show-as")}>
            <button type="button" aria-pressed={(!places).to_string()} onclick={choose(false)}>{ tr!(t, "zset-scores") }</button>
            <button type="button" aria-pressed={places.to_string()} onclick={choose(true)}>{ tr!(t, "zset-positions") }</button>
        </div>
    };
    let more = (props.total > props.ranked.len())
        .then(|| html! { <p class="muted">{ tr!(t, "value-more", n = props.total - props.ranked.len()) }</p> });
    if places {
        let Some(geo) = geo else {
            return html! { <p class="muted">{ tr!(t, "value-gone") }</p> };
        };
        // The select's values are indexes into `names`: a member may be any bytes.
        let names: Vec<Vec<u8>> = props.ranked.iter().map(|r| r.0.clone()).collect();
        let on_from = {
            let names = names.clone();
            let from = from.clone();
            Callback::from(move |e: Event| {
                let value = e.target_unchecked_into::<HtmlSelectElement>().value();
                from.set(value.parse::<usize>().ok().and_then(|i| names.get(i).cloned()));
            })
        };
        let note = (!geo.all_geo).then(|| {
            html! { <p class="muted">{ tr!(t, "geo-not-all") }</p> }
        });
        return html! {
            <div class="value">
                { switch }
                <label class="from">{ tr!(t, "geo-distances-from") }{ " " }
                    <select aria-label={tr!(t, "geo-distances-from")} onchange={on_from}>
                        <option value="" selected={from.is_none()}>{ "—" }</option>
                        { for names.iter().enumerate().map(|(i, m)| html! {
                            <option value={i.to_string()} selected={from.as_deref() == Some(m.as_slice())}>{ text(m) }</option>
                        }) }
                    </select>
                </label>
                { for note }
                <table class="places"><thead><tr><th>{ tr!(t, "value-col-member") }</th><th>{ tr!(t, "geo-col-position") }</th>
                    if from.is_some() { <th>{ tr!(t, "geo-col-distance") }</th> }
                </tr></thead>
                <tbody>{ for geo.points.iter().map(|point| html! {
                    <tr>
                        <td>{ text(&point.member) }</td>
                        // Six decimals (about 10 cm) fit the pane; the title holds GEOPOS's text.
                        <td class="coord" title={format!("{} {}", point.longitude, point.latitude)}>
                            { format!("{}, {}", short(&point.longitude), short(&point.latitude)) }
                        </td>
                        if let Some(d) = &point.distance_m { <td class="coord">{ d }</td> }
                    </tr>
                }) }</tbody></table>
                { for (geo.total > geo.points.len()).then(|| html! { <p class="muted">{ tr!(t, "value-more", n = geo.total - geo.points.len()) }</p> }) }
            </div>
        };
    }
    let top = props
        .ranked
        .iter()
        .map(|r| r.1)
        .fold(f64::MIN, f64::max)
        .max(f64::MIN_POSITIVE);
    html! {
        <div class="value">
            { switch }
            <table class="leaderboard"><thead><tr><th>{ "#" }</th><th>{ tr!(t, "value-col-member") }</th><th>{ tr!(t, "value-col-score") }</th><th></th></tr></thead>
            <tbody>{ for props.ranked.iter().enumerate().map(|(i, (m, s, shown))| {
                // A <meter> draws the bar: no inline style, which the CSP forbids.
                let value = if s.is_finite() { s.max(0.0) } else { top };
                let max = if top.is_finite() && top > 0.0 { top } else { 1.0 };
                html! {
                    <tr>
                        <td class="num">{ i + 1 }</td>
                        <td>{ text(m) }</td>
                        <td class="score">{ shown }</td>
                        <td class="bar-cell"><meter min="0" max={max.to_string()} value={value.to_string()}></meter></td>
                    </tr>
                }
            }) }</tbody></table>
            { more }
        </div>
    }
}
