//! A dump.rdb being explored: the banner over the workspace (what this is, the way
//! back) and the file's report (`keyspace_playground::explore::RdbReport`) as small
//! tables with bars (`<meter>`: no chart library, no inline styles for the CSP).

use std::rc::Rc;

use keyspace_engine::value::Kind;
use keyspace_playground::explore::{date_text, printable, size_text, ExpiryBucket, RdbReport};
use keyspace_playground::i18n::Messages;
use keyspace_playground::tr;
use yew::prelude::*;

use crate::hooks::{use_messages, use_playground};
use crate::services::explore::Progress;
use crate::services::playground::now_ms;

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    pub report: Rc<RdbReport>,
    pub on_back: Callback<()>,
}

#[function_component(ExploreBanner)]
pub fn explore_banner(props: &BannerProps) -> Html {
    let t = use_messages();
    let on_back = props.on_back.reform(|_: MouseEvent| ());
    html! {
        <div class="explore-banner" role="region" aria-label={tr!(t, "explore-banner")}>
            <p>
                <strong>{ tr!(t, "explore-title", name = &props.report.file_name) }</strong>
                { tr!(t, "explore-private") }
            </p>
            <button class="primary" onclick={on_back}>{ tr!(t, "explore-back") }</button>
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
    let t = use_messages();
    match &props.progress {
        Progress::Working(text) => html! {
            <p class="explore-progress" role="status" aria-label={tr!(t, "explore-opening")}>{ text }</p>
        },
        Progress::Failed(text) => html! {
            <div class="explore-progress failed" role="alert">
                <p>{ text }</p>
                <button onclick={props.on_dismiss.reform(|_: MouseEvent| ())}>{ tr!(t, "dismiss") }</button>
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

/// A row of the TTL table, in the interface's words.
fn bucket_label(bucket: ExpiryBucket, t: &Messages) -> String {
    match bucket {
        ExpiryBucket::NoTtl => tr!(t, "ttl-none"),
        ExpiryBucket::AlreadyPast => tr!(t, "ttl-past"),
        ExpiryBucket::UnderMinute => tr!(t, "ttl-minute"),
        ExpiryBucket::UnderHour => tr!(t, "ttl-hour"),
        ExpiryBucket::UnderDay => tr!(t, "ttl-day"),
        ExpiryBucket::UnderWeek => tr!(t, "ttl-week"),
        ExpiryBucket::Later => tr!(t, "ttl-later"),
    }
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
    let t = use_messages();
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
    let facts: Vec<(String, String)> = [
        Some((
            tr!(t, "report-file"),
            format!("{} · {}", r.file_name, size_text(r.file_size as u64)),
        )),
        Some((tr!(t, "report-version"), r.version.to_string())),
        r.redis_ver
            .as_ref()
            .map(|v| (tr!(t, "report-written-by"), format!("Redis {v}"))),
        r.ctime.map(|at| (tr!(t, "report-written-at"), date_text(at))),
        r.used_mem.map(|m| (tr!(t, "report-memory"), size_text(m))),
        r.aof_base.map(|b| {
            (
                tr!(t, "report-aof-base"),
                if b {
                    tr!(t, "report-aof-base-yes")
                } else {
                    tr!(t, "report-no")
                },
            )
        }),
        Some((
            tr!(t, "report-checksum"),
            if r.checksum_verified {
                tr!(t, "report-checksum-verified")
            } else {
                tr!(t, "report-checksum-none")
            },
        )),
        Some((tr!(t, "report-keys"), count_text(r.keys_loaded))),
    ]
    .into_iter()
    .flatten()
    .collect();
    let max_db = r.databases.iter().map(|d| d.keys).max().unwrap_or(0);
    let max_type = r.types.iter().map(|t| t.keys).max().unwrap_or(0);
    let max_ttl = r.expiry.iter().map(|(_, n)| *n).max().unwrap_or(0);
    html! {
        <section class="pane report-pane" aria-label={tr!(t, "report")}>
            <h2>{ tr!(t, "report-title", name = &r.file_name) }</h2>
            <dl class="facts">
                { for facts.into_iter().map(|(name, value)| html! {
                    <div><dt>{ name }</dt><dd>{ value }</dd></div>
                }) }
            </dl>
            if !r.functions.is_empty() {
                <p class="muted">{ tr!(t, "report-functions", names = r.functions.join(", ")) }</p>
            }
            if !r.functions_skipped.is_empty() {
                <p class="muted">{ tr!(t, "report-functions-skipped", names = r.functions_skipped.join(", ")) }</p>
            }
            if r.empty_keys_skipped > 0 {
                <p class="muted">{ tr!(t, "report-empty-skipped", n = r.empty_keys_skipped) }</p>
            }
            if r.keys_loaded == 0 {
                <p class="muted">{ tr!(t, "report-no-keys") }</p>
            } else {
            <table class="report" aria-label={tr!(t, "report-per-db")}>
                <thead><tr><th>{ tr!(t, "keys-database") }</th><th>{ tr!(t, "report-keys") }</th><th>{ tr!(t, "report-with-ttl") }</th><th aria-hidden="true"></th></tr></thead>
                <tbody>
                    { for r.databases.iter().map(|d| html! {
                        <tr><td>{ format!("db{}", d.db) }</td><td class="num">{ count_text(d.keys) }</td>
                            <td class="num">{ count_text(d.with_ttl) }</td>{ bar(d.keys, max_db) }</tr>
                    }) }
                </tbody>
            </table>
            <table class="report" aria-label={tr!(t, "report-per-type")}>
                <thead><tr><th>{ tr!(t, "keys-col-type") }</th><th>{ tr!(t, "report-keys") }</th><th>{ tr!(t, "report-encodings") }</th><th aria-hidden="true"></th></tr></thead>
                <tbody>
                    { for r.types.iter().map(|ty| html! {
                        <tr>
                            <td class={classes!("type", ty.kind.name())}>{ ty.kind.name() }</td>
                            <td class="num">{ count_text(ty.keys) }</td>
                            <td class="encodings">{ ty.encodings.iter().map(|(e, n)| format!("{e} {}", count_text(*n))).collect::<Vec<_>>().join(" · ") }</td>
                            { bar(ty.keys, max_type) }
                        </tr>
                    }) }
                </tbody>
            </table>
            <table class="report" aria-label={tr!(t, "report-ttl")}>
                <thead><tr><th>{ tr!(t, "report-ttl") }</th><th>{ tr!(t, "report-keys") }</th><th aria-hidden="true"></th></tr></thead>
                <tbody>
                    { for r.expiry.iter().map(|(bucket, n)| html! {
                        <tr><td>{ bucket_label(*bucket, &t) }</td><td class="num">{ count_text(*n) }</td>{ bar(*n, max_ttl) }</tr>
                    }) }
                </tbody>
            </table>
            <table class="report biggest" aria-label={tr!(t, "report-biggest")}>
                <caption>{ tr!(t, "report-biggest-caption") }</caption>
                <thead><tr><th>{ tr!(t, "keys-col-key") }</th><th>{ tr!(t, "keys-col-type") }</th><th>{ tr!(t, "report-elements") }</th><th>{ tr!(t, "keys-col-size") }</th></tr></thead>
                <tbody>
                    { for r.biggest.iter().map(|b| {
                        let name = printable(&b.key);
                        let label = tr!(t, "report-show-key", key = &name, db = b.db);
                        html! {
                            <tr>
                                <td class="key"><button class="link" aria-label={label} title={name.clone()}
                                    onclick={show_key(b.db, b.key.clone())}>{ name }</button>
                                    if b.db != 0 { <span class="badge">{ format!(" db{}", b.db) }</span> }
                                </td>
                                <td class={classes!("type", b.kind.name())} title={b.encoding}>{ b.kind.name() }</td>
                                <td class="num">{ if b.kind == Kind::String { tr!(t, "report-bytes", n = b.elements, count = count_text(b.elements as u64)) } else { count_text(b.elements as u64) } }</td>
                                <td class="num">{ size_text(b.bytes as u64) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            }
            if !r.aux.is_empty() {
                <details class="aux">
                    <summary>{ tr!(t, "report-aux", n = r.aux.len()) }</summary>
                    <dl class="facts">
                        { for r.aux.iter().map(|(k, v)| html! { <div><dt>{ k }</dt><dd>{ v }</dd></div> }) }
                    </dl>
                </details>
            }
        </section>
    }
}
