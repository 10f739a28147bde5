//! The persistence panel: the fsync policy, the AOF's figures, and what a learner can
//! do with it (rewrite, download, load a file, reset), plus the choice offered when the
//! stored log is corrupt; and the RDB side: the keyspace as a dump.rdb to download, and
//! a dump.rdb to open and explore (the workspace shows it in a sandbox). A file dropped
//! on the panel is loaded as an AOF when its name ends in `.aof`, else explored. Actions go through the engine (CONFIG SET, BGREWRITEAOF) on an
//! internal client, so the terminal and INFO tell the same story.

use keyspace_engine::aof::Fsync;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DragEvent, File, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::hooks::{use_messages, use_playground};
use crate::services::persist::{Persistence, Status};
use crate::services::playground::now_ms;
use keyspace_playground::explore::date_text;
use keyspace_playground::i18n::Messages;
use keyspace_playground::snapshots::DBFILENAME;
use keyspace_playground::tr;

#[derive(Properties, PartialEq)]
pub struct PersistPanelProps {
    pub persistence: Persistence,
    /// Real time at the last tick ("last commit 1.2 s ago").
    pub now: i64,
    /// Opens a dump.rdb to explore.
    pub on_open_rdb: Callback<File>,
}

/// Offers `bytes` as a download named `name`.
fn download(bytes: &[u8], name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/octet-stream");
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(link) = document.create_element("a") {
        let link: web_sys::HtmlAnchorElement = link.unchecked_into();
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn size_text(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

fn ago_text(then: i64, now: i64, t: &Messages) -> String {
    let seconds = ((now - then).max(0) as f64) / 1000.0;
    if seconds < 60.0 {
        tr!(t, "ago-seconds", s = format!("{seconds:.1}"))
    } else {
        tr!(t, "ago-minutes", n = (seconds / 60.0) as i64)
    }
}

#[function_component(PersistPanel)]
pub fn persist_panel(props: &PersistPanelProps) -> Html {
    // What the last action did, said plainly (a load's result, an error).
    let message = use_state(|| None::<String>);
    let confirm_reset = use_state(|| false);
    let dragging = use_state(|| false);

    let pg = use_playground();
    let t = use_messages();
    let run = {
        let pg = pg.clone();
        move |argv: Vec<&str>| {
            let argv = argv.into_iter().map(|a| a.as_bytes().to_vec()).collect();
            pg.update(|p| p.call_internal(argv, now_ms()));
        }
    };

    let load_file = {
        let (pg, t) = (pg.clone(), t.clone());
        let message = message.clone();
        move |file: File| {
            let (pg, t) = (pg.clone(), t.clone());
            let message = message.clone();
            spawn_local(async move {
                let name = file.name();
                let bytes = match JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                    Err(_) => {
                        message.set(Some(tr!(t, "load-unreadable", name = &name)));
                        return;
                    }
                };
                let outcome = pg.update(|p| p.replace_with_aof(&bytes, now_ms()));
                message.set(Some(match outcome {
                    Ok(report) => tr!(t, "load-done", name = &name, n = report.commands),
                    Err(e) => tr!(t, "load-refused", name = &name, why = e.to_string()),
                }));
            });
        }
    };

    let on_policy = {
        let run = run.clone();
        Callback::from(move |e: Event| {
            let policy = e.target_unchecked_into::<HtmlSelectElement>().value();
            run(vec!["CONFIG", "SET", "appendfsync", &policy]);
        })
    };
    let on_rewrite = {
        let run = run.clone();
        Callback::from(move |_| run(vec!["BGREWRITEAOF"]))
    };
    let on_download = {
        let (pg, persistence) = (pg.clone(), props.persistence.clone());
        Callback::from(move |_| {
            let (pg, persistence) = (pg.handle.clone(), persistence.clone());
            spawn_local(async move { download(&persistence.aof_bytes(&pg).await, "appendonly.aof") });
        })
    };
    // The dump.rdb the last SAVE or BGSAVE stored, else the keyspace as SAVE would write it now.
    let on_snapshot = {
        let pg = pg.clone();
        Callback::from(move |_| {
            let (bytes, _) = pg.read().dump_rdb(now_ms());
            download(&bytes, DBFILENAME);
        })
    };
    let on_pick_rdb = {
        let on_open_rdb = props.on_open_rdb.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_open_rdb.emit(file);
            }
            input.set_value("");
        })
    };
    let on_pick = {
        let load_file = load_file.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                load_file(file);
            }
            input.set_value("");
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let dragging = dragging.clone();
        let on_open_rdb = props.on_open_rdb.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            // The workspace around takes drops too: this one is the panel's.
            e.stop_propagation();
            dragging.set(false);
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                if file.name().to_ascii_lowercase().ends_with(".aof") {
                    load_file(file);
                } else {
                    on_open_rdb.emit(file);
                }
            }
        })
    };
    let on_reset = {
        let confirm_reset = confirm_reset.clone();
        Callback::from(move |_| confirm_reset.set(true))
    };
    let on_reset_confirmed = {
        let pg = pg.clone();
        let confirm_reset = confirm_reset.clone();
        let message = message.clone();
        let done = tr!(t, "reset-done");
        Callback::from(move |_| {
            confirm_reset.set(false);
            message.set(Some(done.clone()));
            pg.update(|p| p.reset(now_ms()));
        })
    };
    let on_reset_cancel = {
        let confirm_reset = confirm_reset.clone();
        Callback::from(move |_| confirm_reset.set(false))
    };
    let recover = |keep_prefix: bool| {
        let (pg, persistence) = (pg.handle.clone(), props.persistence.clone());
        Callback::from(move |_| persistence.recover(&pg, keep_prefix))
    };

    let status = props.persistence.status.borrow().clone();
    let p = pg.read();
    let policy = Fsync::of(&p.engine);
    let stats = p.aof.stats.clone();
    let recording = p.aof.enabled();
    let pending = p.aof.pending_bytes();
    let rdb_file = p.snapshots.file.clone();
    let rdb_error = p.snapshots.last_error.clone();
    let lastsave = p.engine.lastsave();
    let snapshots = p.snapshots.enabled();
    drop(p);
    let rdb_text = match &rdb_file {
        Some(file) => tr!(
            t,
            "rdb-stored",
            size = size_text(file.bytes.len() as u64),
            saved = date_text(file.saved_at),
            lastsave = date_text(lastsave)
        ),
        None => tr!(t, "rdb-none", lastsave = date_text(lastsave)),
    };
    let (snapshot_label, snapshot_title) = match &rdb_file {
        Some(file) => (
            tr!(t, "rdb-download-saved", saved = date_text(file.saved_at)),
            tr!(t, "rdb-download-saved-title"),
        ),
        None => (tr!(t, "rdb-download-now"), tr!(t, "rdb-download-now-title")),
    };

    let status_text = match &status {
        Status::Loading => tr!(t, "persist-loading"),
        Status::Saving { replayed, truncated: 0 } => {
            tr!(t, "persist-saving", policy = policy.name(), n = *replayed)
        }
        Status::Saving { replayed, truncated } => {
            tr!(t, "persist-saving-truncated", n = *replayed, bytes = *truncated)
        }
        Status::Corrupt { error, .. } => tr!(t, "persist-corrupt", error = error.to_string()),
        Status::Unavailable(why) => tr!(t, "persist-unavailable", why = why),
        Status::Following => tr!(t, "persist-following"),
        Status::TookOver => tr!(t, "persist-took-over", policy = policy.name()),
    };
    let saving = matches!(status, Status::Saving { .. } | Status::TookOver);

    html! {
        <section
            class={classes!("persist-panel", (*dragging).then_some("dragging"))}
            aria-label={tr!(t, "persist-panel")}
            ondragover={on_drag_over}
            ondragleave={on_drag_leave}
            ondrop={on_drop}
        >
            <p class="persistence" role="status" aria-label={tr!(t, "persist")}>{ status_text }</p>
            if let Status::Corrupt { error, .. } = &status {
                <div class="corrupt" role="alert">
                    <p>{ tr!(t, "corrupt-explain", offset = error.offset, n = error.commands_before) }</p>
                    <button onclick={recover(true)}>{ tr!(t, "corrupt-keep", n = error.commands_before) }</button>
                    <button onclick={recover(false)}>{ tr!(t, "corrupt-empty") }</button>
                    <button onclick={on_download.clone()}>{ tr!(t, "corrupt-download") }</button>
                </div>
            }
            if saving {
                <div class="persist-controls">
                    <label>
                        { "appendfsync " }
                        <select aria-label="appendfsync" onchange={on_policy}>
                            { for [Fsync::Always, Fsync::EverySec, Fsync::No].into_iter().map(|f| html! {
                                <option value={f.name()} selected={f == policy}>{ f.name() }</option>
                            }) }
                        </select>
                    </label>
                    <span class="aof-figures" data-testid="aof-figures">{
                        if recording {
                            let mut text = tr!(t, "aof-figures", size = size_text(stats.size), n = stats.entries);
                            if stats.rewrites > 0 {
                                text += &tr!(t, "aof-rewrites", n = stats.rewrites);
                            }
                            if let Some(at) = stats.last_commit_ms {
                                text += &tr!(t, "aof-last-commit", ago = ago_text(at, props.now, &t));
                            }
                            if pending > 0 {
                                text += &tr!(t, "aof-waiting", size = size_text(pending as u64));
                            }
                            text
                        } else {
                            tr!(t, "aof-off")
                        }
                    }</span>
                    <button onclick={on_rewrite}>{ tr!(t, "aof-rewrite") }</button>
                    <button onclick={on_download}>{ tr!(t, "aof-download") }</button>
                    <label class="button">
                        { tr!(t, "aof-load") }
                        <input type="file" class="visually-hidden" aria-label={tr!(t, "aof-load")} onchange={on_pick} />
                    </label>
                    if *confirm_reset {
                        <span role="group" aria-label={tr!(t, "confirm-reset")}>
                            { tr!(t, "reset-question") }{ " " }
                            <button onclick={on_reset_confirmed}>{ tr!(t, "reset-confirm") }</button>
                            <button onclick={on_reset_cancel}>{ tr!(t, "cancel") }</button>
                        </span>
                    } else {
                        <button onclick={on_reset}>{ tr!(t, "reset") }</button>
                    }
                </div>
            }
            if snapshots || rdb_file.is_some() {
                <p class="rdb-figures" data-testid="rdb-figures">{ rdb_text }
                    if let Some(why) = rdb_error {
                        <span class="rdb-error">{ tr!(t, "rdb-save-failed", why = why) }</span>
                    }
                </p>
            }
            <div class="persist-controls rdb-controls">
                <button onclick={on_snapshot} title={snapshot_title}>{ snapshot_label }</button>
                <label class="button">
                    { tr!(t, "rdb-open") }
                    <input type="file" class="visually-hidden" aria-label={tr!(t, "rdb-open")} onchange={on_pick_rdb} />
                </label>
            </div>
            if let Some(text) = &*message {
                <p class="persist-message" role="status" aria-label={tr!(t, "persist-action")}>{ text }</p>
            }
        </section>
    }
}
