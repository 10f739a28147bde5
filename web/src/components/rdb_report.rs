//! A dump.rdb being explored: the banner over the workspace (what this is, the way
//! back) and the file's report (`keyspace_playground::explore::RdbReport`) as small
//! tables with bars (`<meter>`: no chart library, no inline styles for the CSP).

use std::rc::Rc;

use keyspace_engine::value::Kind;
use keyspace_playground::explore::{date_text, printable, size_text, RdbReport};
use yew::prelude::*;

use crate::hooks::use_playground;
use crate::services::explore::Progress;
use crate::services::playground::now_ms;

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    pub report: Rc<RdbReport>,
    pub on_back: Callback<()>,
}

#[function_component(ExploreBanner)]
pub fn explore_banner(props: &BannerProps) -> Html {
    let on_back = props.on_back.reform(|_: MouseEvent| ());
    html! {
        <div class="explore-banner" role="region" aria-label="Exploring a dump file">
            <p>
                <strong>{ format!("Exploring {}", props.report.file_name) }</strong>
                { " — a private copy in this tab; nothing is uploaded or saved. The terminal and the keys below are the file's." }
            </p>
            <button class="primary" onclick={on_back}>{ "Back to my keyspace" }</button>
        </div>
    }
}

/// What opening a file is doing, or why it was refused.
#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub progress: Progress,
    pub on_dismiss: Callback<()>,
}

#[function_component(ExploreProgress)]
pub fn explore_progress(props: &ProgressProps) -> Html {
    match &props.progress {
        Progress::Working(text) => html! {
            <p class="explore-progress" role="status" aria-label="Opening a dump file">{ text }</p>
        },
        Progress::Failed(text) => html! {
            <div class="explore-progress failed" role="alert">
                <p>{ text }</p>
                <button onclick={props.on_dismiss.reform(|_: MouseEvent| ())}>{ "Dismiss" }</button>
            </div>
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub report: Rc<RdbReport>,
    /// Shows a key in the inspector.
    pub on_select: Callback<Option<Vec<u8>>>,
}

fn count_text(n: u64) -> String {
    // 1234567 → 1,234,567
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn bar(value: u64, max: u64) -> Html {
    html! {
        <td class="bar-cell" aria-hidden="true">
            <meter min="0" max={max.max(1).to_string()} value={value.to_string()}></meter>
        </td>
    }
}

#[function_component(RdbReportPanel)]
pub fn rdb_report_panel(props: &ReportProps) -> Html {
    let pg = use_playground();
    let r = &props.report;
    let show_key = |db: usize, key: Vec<u8>| {
        let (pg, on_select) = (pg.clone(), props.on_select.clone());
        Callback::from(move |_: MouseEvent| {
            if pg.read().inspected_db != db {
                pg.update(|p| p.inspect_db(db, now_ms()));
            }
            on_select.emit(Some(key.clone()));
        })
    };
    let facts: Vec<(&str, String)> = [
        Some(("File", format!("{} · {}", r.file_name, size_text(r.file_size as u64)))),
        Some(("RDB version", r.version.to_string())),
        r.redis_ver.as_ref().map(|v| ("Written by", format!("Redis {v}"))),
        r.ctime.map(|t| ("Written at", date_text(t))),
        r.used_mem.map(|m| ("Memory then", size_text(m))),
        r.aof_base.map(|b| {
            (
                "AOF base",
                if b { "yes (an AOF's RDB preamble)" } else { "no" }.to_string(),
            )
        }),
        Some((
            "Checksum",
            if r.checksum_verified {
                "CRC-64 verified".to_string()
            } else {
                "not checked (written without one)".to_string()
            },
        )),
        Some(("Keys", count_text(r.keys_loaded))),
    ]
    .into_iter()
    .flatten()
    .collect();
    let max_db = r.databases.iter().map(|d| d.keys).max().unwrap_or(0);
    let max_type = r.types.iter().map(|t| t.keys).max().unwrap_or(0);
    let max_ttl = r.expiry.iter().map(|(_, n)| *n).max().unwrap_or(0);
    html! {
        <section class="pane report-pane" aria-label="Dump file report">
            <h2>{ format!("What {} holds", r.file_name) }</h2>
            <dl class="facts">
                { for facts.into_iter().map(|(name, value)| html! {
                    <div><dt>{ name }</dt><dd>{ value }</dd></div>
                }) }
            </dl>
            if !r.functions_skipped.is_empty() {
                <p class="muted">{ format!(
                    "Function libraries skipped (the playground has no functions): {}",
                    r.functions_skipped.join(", ")
                ) }</p>
            }
            if r.empty_keys_skipped > 0 {
                <p class="muted">{ format!("{} empty keys left out, as Redis leaves them out.", r.empty_keys_skipped) }</p>
            }
            if r.keys_loaded == 0 {
                <p class="muted">{ "No keys in this file." }</p>
            } else {
            <table class="report" aria-label="Keys per database">
                <thead><tr><th>{ "Database" }</th><th>{ "Keys" }</th><th>{ "With TTL" }</th><th aria-hidden="true"></th></tr></thead>
                <tbody>
                    { for r.databases.iter().map(|d| html! {
                        <tr><td>{ format!("db{}", d.db) }</td><td class="num">{ count_text(d.keys) }</td>
                            <td class="num">{ count_text(d.with_ttl) }</td>{ bar(d.keys, max_db) }</tr>
                    }) }
                </tbody>
            </table>
            <table class="report" aria-label="Keys per type">
                <thead><tr><th>{ "Type" }</th><th>{ "Keys" }</th><th>{ "Encodings" }</th><th aria-hidden="true"></th></tr></thead>
                <tbody>
                    { for r.types.iter().map(|t| html! {
                        <tr>
                            <td class={classes!("type", t.kind.name())}>{ t.kind.name() }</td>
                            <td class="num">{ count_text(t.keys) }</td>
                            <td class="encodings">{ t.encodings.iter().map(|(e, n)| format!("{e} {}", count_text(*n))).collect::<Vec<_>>().join(" · ") }</td>
                            { bar(t.keys, max_type) }
                        </tr>
                    }) }
                </tbody>
            </table>
            <table class="report" aria-label="Time to live">
                <thead><tr><th>{ "Time to live" }</th><th>{ "Keys" }</th><th aria-hidden="true"></th></tr></thead>
                <tbody>
                    { for r.expiry.iter().map(|(bucket, n)| html! {
                        <tr><td>{ bucket.label() }</td><td class="num">{ count_text(*n) }</td>{ bar(*n, max_ttl) }</tr>
                    }) }
                </tbody>
            </table>
            <table class="report biggest" aria-label="Biggest keys">
                <caption>{ "Biggest keys (serialized size, as DUMP gives it)" }</caption>
                <thead><tr><th>{ "Key" }</th><th>{ "Type" }</th><th>{ "Elements" }</th><th>{ "Size" }</th></tr></thead>
                <tbody>
                    { for r.biggest.iter().map(|b| {
                        let name = printable(&b.key);
                        let label = format!("Show {name} (db{}) in the inspector", b.db);
                        html! {
                            <tr>
                                <td class="key"><button class="link" aria-label={label} title={name.clone()}
                                    onclick={show_key(b.db, b.key.clone())}>{ name }</button>
                                    if b.db != 0 { <span class="badge">{ format!(" db{}", b.db) }</span> }
                                </td>
                                <td class={classes!("type", b.kind.name())} title={b.encoding}>{ b.kind.name() }</td>
                                <td class="num">{ if b.kind == Kind::String { format!("{} bytes", count_text(b.elements as u64)) } else { count_text(b.elements as u64) } }</td>
                                <td class="num">{ size_text(b.bytes as u64) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            }
            if !r.aux.is_empty() {
                <details class="aux">
                    <summary>{ format!("AUX fields ({})", r.aux.len()) }</summary>
                    <dl class="facts">
                        { for r.aux.iter().map(|(k, v)| html! { <div><dt>{ k }</dt><dd>{ v }</dd></div> }) }
                    </dl>
                </details>
            }
        </section>
    }
}
