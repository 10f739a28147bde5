//! The interface's message catalogues (`web/i18n/<code>.ftl`, copied beside the app by
//! trunk): English is compiled into the playground crate; another language's file is
//! fetched once per page before the first render of a page or widget in it, so the
//! interface never flashes English first. A catalogue that cannot be fetched or parsed
//! leaves the interface in English and says why in the console.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::services::http;
use keyspace_playground::i18n::{Lang, Messages};

thread_local! {
    static LOADED: RefCell<HashMap<&'static str, Messages>> = RefCell::new(HashMap::new());
}

/// `lang`'s messages, fetched from `base` (a URL ending in `/`, or "" for the page's
/// directory) unless this page has them already.
pub async fn fetch(base: &str, lang: Lang) -> Messages {
    if lang == Lang::En {
        return Messages::english();
    }
    if let Some(messages) = LOADED.with(|l| l.borrow().get(lang.code()).cloned()) {
        return messages;
    }
    let url = format!("{base}i18n/{}.ftl", lang.code());
    let fetched = match http::request(&url) {
        Ok(request) => http::text_of(request).await,
        Err(e) => Err(e),
    };
    let messages = match fetched {
        Ok(text) => {
            let (messages, error) = Messages::load(lang, &text);
            if let Some(e) = error {
                web_sys::console::warn_1(&format!("{url}: {e}; the interface stays in English").into());
            }
            messages
        }
        Err(e) => {
            web_sys::console::warn_1(&format!("{url}: {e}; the interface stays in English").into());
            Messages::english()
        }
    };
    LOADED.with(|l| l.borrow_mut().insert(lang.code(), messages.clone()));
    messages
}
