//! Several pages (browser tabs) of one playground (the playground crate's sharing module decides
//! what they say): a Web Lock picks the page that leads and writes the AOF; a
//! BroadcastChannel carries the messages. When the leading page closes, its lock passes
//! to a waiting page, which takes over. Without Web Locks or BroadcastChannel the page
//! simply runs alone.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};
use yew::Callback;

use crate::services::persist::Persistence;
use crate::services::playground::{now_ms, PlaygroundHandle};

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks` (web-sys has it only behind an unstable cfg).
    type LockManager;
    #[wasm_bindgen(method, js_name = request)]
    fn request_with_options(
        this: &LockManager,
        name: &str,
        options: &JsValue,
        callback: &js_sys::Function,
    ) -> js_sys::Promise;
}

#[wasm_bindgen]
extern "C" {
    /// The navigator as far as Web Locks go.
    type LockingNavigator;
    /// `navigator.locks`: undefined where Web Locks are missing (an old browser, an
    /// insecure context).
    #[wasm_bindgen(method, getter)]
    fn locks(this: &LockingNavigator) -> JsValue;
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = navigator.unchecked_ref::<LockingNavigator>().locks();
    (!locks.is_undefined()).then(|| locks.unchecked_into())
}

/// The options of a lock request (`LockOptions`), as JavaScript reads them.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct LockOptions {
    /// Only if no other page holds it (then the callback gets null).
    if_available: bool,
}

fn lock_options(if_available: bool) -> JsValue {
    serde_wasm_bindgen::to_value(&LockOptions { if_available }).unwrap_or(JsValue::UNDEFINED)
}

/// Held as long as the page lives: the lock is released when the tab goes.
fn forever() -> JsValue {
    js_sys::Promise::new(&mut |_, _| {}).into()
}

#[derive(Clone, Default)]
pub struct PageLink {
    channel: Rc<RefCell<Option<BroadcastChannel>>>,
}

impl PartialEq for PageLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.channel, &other.channel)
    }
}

impl PageLink {
    /// Posts what the playground has for the other pages.
    pub fn post(&self, playground: &PlaygroundHandle) {
        let messages = playground.quietly().take_outbox();
        if let Some(channel) = &*self.channel.borrow() {
            for m in messages {
                let _ = channel.post_message(&js_sys::Uint8Array::from(m.as_slice()));
            }
        }
    }

    /// Leads (and starts the store) or follows the page that does; `ready` once this
    /// page has a keyspace to show.
    pub fn connect(&self, name: &str, playground: PlaygroundHandle, persistence: Persistence, ready: Callback<()>) {
        let (Some(locks), Ok(channel)) = (lock_manager(), BroadcastChannel::new(&format!("{name}:tabs"))) else {
            persistence.start(playground, move || ready.emit(()));
            return;
        };
        let ready_sent = Rc::new(Cell::new(false));
        {
            let playground = playground.clone();
            let ready = ready.clone();
            let ready_sent = ready_sent.clone();
            let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
                // The follow-up posts what this page has to say in answer.
                playground.update(|p| p.receive(&bytes, now_ms()));
                if playground.read().synced() && !ready_sent.replace(true) {
                    ready.emit(());
                }
            });
            channel.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
            onmessage.forget();
        }
        *self.channel.borrow_mut() = Some(channel);
        let lock_name = format!("{name}:leader");

        // Takes over when the leading page goes (queued behind its lock).
        let take_over = {
            let playground = playground.clone();
            let persistence = persistence.clone();
            let ready = ready.clone();
            Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |_lock: JsValue| {
                playground.update(|p| p.lead(now_ms()));
                persistence.take_over(playground.clone());
                if !ready_sent.replace(true) {
                    ready.emit(());
                }
                forever()
            })
        };
        let first = {
            let this = self.clone();
            let locks_name = lock_name.clone();
            Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |lock: JsValue| {
                if !lock.is_null() {
                    playground.quietly().lead(now_ms());
                    let ready = ready.clone();
                    persistence.start(playground.clone(), move || ready.emit(()));
                    return forever();
                }
                let me = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
                persistence.follow();
                playground.update(|p| p.follow(me));
                this.leave_on_hide(&playground);
                if let Some(locks) = lock_manager() {
                    let _ = locks.request_with_options(
                        &locks_name,
                        &lock_options(false),
                        take_over.as_ref().unchecked_ref(),
                    );
                }
                JsValue::UNDEFINED
            })
        };
        let _ = locks.request_with_options(&lock_name, &lock_options(true), first.as_ref().unchecked_ref());
        first.forget();
    }

    /// A following page leaving tells the leading one, which drops the sessions it ran
    /// for it (posted at once: the page may get no later turn).
    fn leave_on_hide(&self, playground: &PlaygroundHandle) {
        let Some(window) = web_sys::window() else { return };
        let this = self.clone();
        let playground = playground.clone();
        let handler = Closure::<dyn FnMut()>::new(move || {
            playground.quietly().leave();
            this.post(&playground);
        });
        let _ = window.add_event_listener_with_callback("pagehide", handler.as_ref().unchecked_ref());
        handler.forget();
    }
}
