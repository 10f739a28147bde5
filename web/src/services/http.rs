//! Fetching a text file served beside the app (a lesson, a message catalogue), with the
//! reason it failed in words.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Starts fetching `url`.
pub fn request(url: &str) -> Result<js_sys::Promise, String> {
    Ok(web_sys::window().ok_or("no window")?.fetch_with_str(url))
}

/// The text of a fetch's response, or why there is none.
pub async fn text_of(request: js_sys::Promise) -> Result<String, String> {
    let response = JsFuture::from(request)
        .await
        .map_err(|_| "offline, or the file is not served".to_string())?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| "not a Response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    JsFuture::from(response.text().map_err(|_| "no text".to_string())?)
        .await
        .map_err(|_| "the download failed".to_string())?
        .as_string()
        .ok_or_else(|| "not text".to_string())
}
