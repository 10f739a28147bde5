//! The page's language: a chooser in the app's header. A choice is remembered in the
//! browser and the page opens again in it (`?lang=`): the interface's catalogue and the
//! lessons' files in that language. Redis's replies stay as Redis prints them.

use keyspace_playground::i18n::Lang;
use keyspace_playground::tr;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::hooks::use_messages;
use crate::services::lessons;

#[function_component(LangChooser)]
pub fn lang_chooser() -> Html {
    let t = use_messages();
    let current = t.lang();
    let onchange = Callback::from(|e: Event| {
        let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
            return;
        };
        let Some(lang) = Lang::from_tag(&select.value()) else {
            return;
        };
        lessons::remember_lang(lang);
        let Some(window) = web_sys::window() else { return };
        let search = window.location().search().unwrap_or_default();
        if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) {
            params.set("lang", lang.code());
            let _ = window.location().set_search(&String::from(params.to_string()));
        }
    });
    html! {
        <label class="lang-chooser">
            { tr!(t, "language") }{ " " }
            <select {onchange}>
                { for Lang::ALL.iter().map(|lang| html! {
                    <option value={lang.code()} lang={lang.code()} selected={*lang == current}>{ lang.name() }</option>
                }) }
            </select>
        </label>
    }
}
