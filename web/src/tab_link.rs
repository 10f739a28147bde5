//! Several tabs of one playground (the engine's `sharing` decides what they say): a Web
//! Lock picks the tab that leads and writes the AOF; a BroadcastChannel carries the
//! messages. When the leading tab closes, its lock passes to a waiting tab, which takes
//! over. Without Web Locks or BroadcastChannel the tab simply runs alone.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};
use yew::Callback;

use crate::persist::Persistence;
use crate::shared::{now_ms, Shared};

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

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined()).then(|| locks.unchecked_into())
}

/// Held as long as the page lives: the lock is released when the tab goes.
fn forever() -> JsValue {
    js_sys::Promise::new(&mut |_, _| {}).into()
}

#[derive(Clone, Default)]
pub struct TabLink {
    channel: Rc<RefCell<Option<BroadcastChannel>>>,
}

impl PartialEq for TabLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.channel, &other.channel)
    }
}

impl TabLink {
    /// Posts what the engine has for the other tabs.
    pub fn post(&self, playground: &Shared) {
        let messages = playground.0.borrow_mut().take_outbox();
        if let Some(channel) = &*self.channel.borrow() {
            for m in messages {
                let _ = channel.post_message(&js_sys::Uint8Array::from(m.as_slice()));
            }
        }
    }

    /// Leads (and starts the store) or follows the tab that does; `ready` once this tab
    /// has a keyspace to show.
    pub fn connect(
        &self,
        name: &str,
        playground: Shared,
        persistence: Persistence,
        on_change: Callback<()>,
        ready: Callback<()>,
    ) {
        let (Some(locks), Ok(channel)) = (lock_manager(), BroadcastChannel::new(&format!("{name}:tabs"))) else {
            persistence.start(playground, on_change, move || ready.emit(()));
            return;
        };
        let ready_sent = Rc::new(Cell::new(false));
        {
            let this = self.clone();
            let playground = playground.clone();
            let on_change = on_change.clone();
            let ready = ready.clone();
            let ready_sent = ready_sent.clone();
            let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
                playground.0.borrow_mut().receive(&bytes, now_ms());
                this.post(&playground);
                if playground.0.borrow().synced() && !ready_sent.replace(true) {
                    ready.emit(());
                }
                on_change.emit(());
            });
            channel.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
            onmessage.forget();
        }
        *self.channel.borrow_mut() = Some(channel);
        let lock_name = format!("{name}:leader");

        // Takes over when the leading tab goes (queued behind its lock).
        let take_over = {
            let this = self.clone();
            let playground = playground.clone();
            let persistence = persistence.clone();
            let on_change = on_change.clone();
            let ready = ready.clone();
            Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |_lock: JsValue| {
                playground.0.borrow_mut().lead(now_ms());
                this.post(&playground);
                persistence.take_over(playground.clone(), on_change.clone());
                if !ready_sent.replace(true) {
                    ready.emit(());
                }
                on_change.emit(());
                forever()
            })
        };
        let first = {
            let this = self.clone();
            let locks_name = lock_name.clone();
            Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |lock: JsValue| {
                if !lock.is_null() {
                    playground.0.borrow_mut().lead(now_ms());
                    let ready = ready.clone();
                    persistence.start(playground.clone(), on_change.clone(), move || ready.emit(()));
                    return forever();
                }
                let me = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
                playground.0.borrow_mut().follow(me);
                persistence.follow();
                this.post(&playground);
                this.leave_on_hide(&playground);
                if let Some(locks) = lock_manager() {
                    let _ = locks.request_with_options(
                        &locks_name,
                        &js_sys::Object::new(),
                        take_over.as_ref().unchecked_ref(),
                    );
                }
                on_change.emit(());
                JsValue::UNDEFINED
            })
        };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &true.into());
        let _ = locks.request_with_options(&lock_name, &options, first.as_ref().unchecked_ref());
        first.forget();
    }

    /// A follower leaving tells the leader, which drops the sessions it ran for it.
    fn leave_on_hide(&self, playground: &Shared) {
        let Some(window) = web_sys::window() else { return };
        let this = self.clone();
        let playground = playground.clone();
        let handler = Closure::<dyn FnMut()>::new(move || {
            playground.0.borrow_mut().leave();
            this.post(&playground);
        });
        let _ = window.add_event_listener_with_callback("pagehide", handler.as_ref().unchecked_ref());
        handler.forget();
    }
}
